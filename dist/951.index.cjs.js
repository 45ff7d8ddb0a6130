"use strict";
exports.id = 951;
exports.ids = [951];
exports.modules = {

/***/ 951:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   buildRevocationRequest: () => (/* binding */ buildRevocationRequest),
/* harmony export */   revocationEndpoint: () => (/* binding */ revocationEndpoint),
/* harmony export */   revokeToken: () => (/* binding */ revokeToken)
/* harmony export */ });
/* harmony import */ var _config_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(973);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(674);
/* harmony import */ var _failures_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(320);
/* harmony import */ var _request_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(390);
/* harmony import */ var _response_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(124);
/* harmony import */ var _transport_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(526);
/* harmony import */ var _trust_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(689);







/** Extra-params that authenticate the client (RFC 7523 §2.2), so revocation sends them too. */
const CLIENT_ASSERTION_PARAMS = new Set(['client_assertion', 'client_assertion_type']);
/** Wait before the one retry of a 503 or a network error. */
const RETRY_DELAY_MS = 1000;
/**
 * Where tokens are revoked: with `issuer`, the metadata's `revocation_endpoint` (RFC 8414);
 * else `host` joined with `revoke-path` as `token-path` is.
 */
function revocationEndpoint(host, revokePath, config, discovered) {
    if (discovered)
        return discovered;
    if (config.issuer) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .ActionError */ .lZ(`input 'revoke' is true, but the metadata of issuer ${config.issuer} names no revocation_endpoint: set revoke: false, or use host, token-path and revoke-path instead of issuer`);
    }
    return (0,_config_js__WEBPACK_IMPORTED_MODULE_0__/* .resolveTokenUrl */ .fL)(host, revokePath, config);
}
/**
 * The RFC 7009 request: `token` and `token_type_hint`, form-encoded, with the same client
 * authentication as the token request. `headers` go along only to the token endpoint's origin.
 */
function buildRevocationRequest(config, url, token, clientAssertion) {
    const client = (0,_request_js__WEBPACK_IMPORTED_MODULE_3__/* .clientAuthentication */ .WX)(config, clientAssertion);
    const headers = {
        Accept: 'application/json',
        'User-Agent': _request_js__WEBPACK_IMPORTED_MODULE_3__/* .USER_AGENT */ ._O,
        ...client.headers
    };
    if (url.origin === config.tokenUrl.origin) {
        for (const [name, value] of config.headers) {
            const same = Object.keys(headers).find(key => key.toLowerCase() === name.toLowerCase());
            if (same)
                Reflect.deleteProperty(headers, same);
            headers[name] = value;
        }
    }
    headers['Content-Type'] = 'application/x-www-form-urlencoded';
    const form = new URLSearchParams([
        ['token', token.token],
        ['token_type_hint', token.hint]
    ]);
    for (const [key, value] of client.params)
        form.append(key, value);
    for (const [key, value] of config.extraParams) {
        if (CLIENT_ASSERTION_PARAMS.has(key))
            form.append(key, value);
    }
    return { url, headers, body: form.toString() };
}
/**
 * Sends one revocation request; a 503 or a network error is tried once more. 200 means revoked
 * (RFC 7009 §2.2: also for a token the server no longer knows). Never throws.
 */
async function revokeToken(request, config, secrets, deps) {
    const options = {
        timeoutMs: config.timeoutMs,
        ca: (0,_trust_js__WEBPACK_IMPORTED_MODULE_6__/* .trustedCertificates */ .g3)(config.caCertificates)
    };
    const attempt = async () => {
        try {
            return await deps.send(request, options);
        }
        catch (error) {
            return error instanceof _transport_js__WEBPACK_IMPORTED_MODULE_5__/* .TransportError */ .wX
                ? error
                : new _transport_js__WEBPACK_IMPORTED_MODULE_5__/* .TransportError */ .wX((0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .errorMessage */ .gJ)(error), 'ERROR');
        }
    };
    let outcome = await attempt();
    if (outcome instanceof _transport_js__WEBPACK_IMPORTED_MODULE_5__/* .TransportError */ .wX || outcome.status === 503) {
        await deps.clock.sleep(RETRY_DELAY_MS);
        outcome = await attempt();
    }
    if (outcome instanceof _transport_js__WEBPACK_IMPORTED_MODULE_5__/* .TransportError */ .wX) {
        return { revoked: false, reason: (0,_failures_js__WEBPACK_IMPORTED_MODULE_2__/* .describeTransportError */ .v)(outcome, config) };
    }
    if (outcome.status === 200)
        return { revoked: true };
    const advice = outcome.status === 404 || outcome.status === 405
        ? "; check input 'revoke-path'"
        : outcome.status === 401
            ? '; the server refused the client authentication'
            : '';
    return { revoked: false, reason: `${(0,_response_js__WEBPACK_IMPORTED_MODULE_4__/* .describeAnswer */ .O1)(outcome, secrets)}${advice}` };
}


/***/ })

};
;