"use strict";
exports.id = 361;
exports.ids = [361];
exports.modules = {

/***/ 361:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   removeTokenFile: () => (/* binding */ removeTokenFile),
/* harmony export */   tokenFilePath: () => (/* binding */ tokenFilePath),
/* harmony export */   writeTokenFile: () => (/* binding */ writeTokenFile)
/* harmony export */ });
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(24);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(674);




/** A new, unguessable path for the token file in `dir`, the runner's temporary directory. */
function tokenFilePath(dir, random = node_crypto__WEBPACK_IMPORTED_MODULE_0__.randomBytes) {
    return (0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(dir, `oauth2-token-${random(12).toString('hex')}`);
}
/**
 * Writes the token, and nothing else, to a file only its owner can read. `wx` refuses a path
 * that exists, so the file is ours from the start and never had wider permissions.
 */
function writeTokenFile(path, accessToken) {
    try {
        (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.writeFileSync)(path, accessToken, { mode: 0o600, flag: 'wx' });
        // The umask may only take bits away; this makes the mode exact whatever it is.
        (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.chmodSync)(path, 0o600);
    }
    catch (error) {
        const code = typeof error === 'object' && error && 'code' in error ? String(error.code) : '';
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .ActionError */ .lZ(`Could not write the token file in RUNNER_TEMP${code ? ` (${code})` : ''}: check that the runner's temporary directory is writable`);
    }
}
/** Deletes the token file; true when it was there. */
function removeTokenFile(path) {
    try {
        (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.rmSync)(path);
        return true;
    }
    catch (error) {
        if (typeof error === 'object' && error && 'code' in error && error.code === 'ENOENT') {
            return false;
        }
        throw error;
    }
}


/***/ })

};
;