"use strict";
exports.id = 661;
exports.ids = [661];
exports.modules = {

/***/ 661:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   post: () => (/* binding */ post)
/* harmony export */ });
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _config_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(973);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(674);
/* harmony import */ var _lifecycle_config_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(578);
/* harmony import */ var _log_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(625);
/* harmony import */ var _post_state_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(653);
/* harmony import */ var _proxy_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(903);
/* harmony import */ var _request_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(390);








const NAMES = {
    access_token: 'access token',
    refresh_token: 'refresh token'
};
/**
 * The post step: deletes the token file and revokes the tokens the main step saved. Every
 * secret it reads is masked before it writes anything; a failure is a warning, never a failed job.
 */
async function post(runtime) {
    const { core, env } = runtime;
    const log = (0,_log_js__WEBPACK_IMPORTED_MODULE_4__/* .secretLog */ .D)(core);
    const revocation = (0,_post_state_js__WEBPACK_IMPORTED_MODULE_7__.parseRevocation)(core.getState(_post_state_js__WEBPACK_IMPORTED_MODULE_7__.REVOKE_STATE));
    const tokenFile = core.getState(_post_state_js__WEBPACK_IMPORTED_MODULE_7__.TOKEN_FILE_STATE);
    // Most steps leave nothing to do: then the post step writes nothing at all.
    if (!revocation && !tokenFile)
        return;
    const source = { getInput: name => core.getInput(name), env };
    try {
        log.mask(revocation?.tokens.map(({ token }) => token) ?? []);
        log.mask((0,_config_js__WEBPACK_IMPORTED_MODULE_1__/* .readSecretInputs */ .It)(source));
        log.mask((0,_lifecycle_config_js__WEBPACK_IMPORTED_MODULE_3__/* .readLifecycleSecrets */ .ui)(source));
    }
    catch (error) {
        log.say.warning(`Post step: ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .errorMessage */ .gJ)(error)}`);
        return;
    }
    try {
        if (tokenFile)
            await deleteTokenFile(tokenFile, log);
    }
    finally {
        try {
            if (revocation)
                await revokeAll(revocation, source, runtime, log);
        }
        catch (error) {
            log.say.warning(`Could not revoke the tokens: ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .errorMessage */ .gJ)(error)}`);
        }
    }
}
async function deleteTokenFile(path, log) {
    try {
        const { removeTokenFile } = await __webpack_require__.e(/* import() */ 361).then(__webpack_require__.bind(__webpack_require__, 361));
        const removed = removeTokenFile(path);
        log.say.info(removed ? `Deleted the token file ${path}.` : `The token file ${path} was already gone.`);
    }
    catch (error) {
        log.say.warning(`Could not delete the token file ${path}: ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .errorMessage */ .gJ)(error)}`);
    }
}
async function revokeAll(revocation, source, runtime, log) {
    // The client credentials are the inputs again: the runner passes the post step the same ones.
    let config = (0,_config_js__WEBPACK_IMPORTED_MODULE_1__/* .readConfig */ .Xg)(source);
    if (revocation.tokenEndpoint) {
        config = Object.freeze({ ...config, tokenUrl: new URL(revocation.tokenEndpoint) });
    }
    log.mask((0,_request_js__WEBPACK_IMPORTED_MODULE_6__/* .buildTokenRequest */ .Xl)(config).secrets);
    const url = new URL(revocation.url);
    log.mask((0,_proxy_js__WEBPACK_IMPORTED_MODULE_5__/* .proxySecrets */ .Wm)(url, runtime.env));
    const { buildRevocationRequest, revokeToken } = await __webpack_require__.e(/* import() */ 951).then(__webpack_require__.bind(__webpack_require__, 951));
    for (const token of revocation.tokens) {
        const name = NAMES[token.hint];
        if (token.expiresAt && Date.parse(token.expiresAt) <= runtime.clock.now()) {
            log.say.info(`Not revoking the ${name}: it expired at ${token.expiresAt}.`);
            continue;
        }
        const assertion = await clientAssertion(config, runtime, log);
        const request = buildRevocationRequest(config, url, token, assertion);
        const result = await revokeToken(request, config, log.secrets, runtime);
        if (result.revoked) {
            log.say.info(`Revoked the ${name} at ${url.href}.`);
        }
        else {
            const until = token.expiresAt ? `until ${token.expiresAt}` : 'until it expires';
            log.say.warning(`Could not revoke the ${name} at ${url.href}: ${result.reason}; it stays valid ${until}`);
        }
    }
}
/**
 * For client-auth github-oidc and private-key-jwt, a fresh client assertion for each revocation
 * request (a signed one carries its own jti), masked as it is made; none for the other methods.
 */
async function clientAssertion(config, runtime, log) {
    if (!config.keyless?.clientAuth)
        return undefined;
    const { keylessCredentials } = await __webpack_require__.e(/* import() */ 877).then(__webpack_require__.bind(__webpack_require__, 877));
    const credentials = await keylessCredentials({ ...config.keyless, subjectToken: '', assertion: '' }, config, {
        getIDToken: audience => runtime.core.getIDToken(audience),
        env: runtime.env,
        mask: log.mask,
        log: log.say.info,
        now: () => runtime.clock.now(),
        jwtId: () => (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.randomUUID)()
    });
    return credentials.clientAssertion;
}


/***/ })

};
;