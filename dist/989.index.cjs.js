"use strict";
exports.id = 989;
exports.ids = [989];
exports.modules = {

/***/ 370:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   discoverEndpoints: () => (/* binding */ discoverEndpoints)
/* harmony export */ });
/* unused harmony exports MAX_DOCUMENT_BYTES, wellKnownUrls, checkEndpoint */
/* harmony import */ var _config_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(973);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(674);
/* harmony import */ var _failures_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(320);
/* harmony import */ var _response_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(124);
/* harmony import */ var _redact_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(670);
/* harmony import */ var _retry_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(809);
/* harmony import */ var _transport_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(526);
/* harmony import */ var _trust_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(689);
/* harmony import */ var _request_js__WEBPACK_IMPORTED_MODULE_8__ = __webpack_require__(390);









/** A metadata document is a few KiB; a larger answer is not one. */
const MAX_DOCUMENT_BYTES = 256 * 1024;
/**
 * The well-known documents tried in turn: RFC 8414's and OpenID Connect Discovery's, appended to
 * the issuer as Keycloak, Okta and Entra ID serve them; for an issuer with a path, last, RFC 8414
 * §3.1's own form with the well-known segment before the path.
 */
function wellKnownUrls(issuer) {
    const base = issuer.replace(/\/+$/, '');
    const urls = [
        new URL(`${base}/.well-known/oauth-authorization-server`),
        new URL(`${base}/.well-known/openid-configuration`)
    ];
    const { origin, pathname } = new URL(base);
    if (pathname !== '/' && pathname !== '') {
        urls.push(new URL(`${origin}/.well-known/oauth-authorization-server${pathname}`));
    }
    return urls;
}
/**
 * Reads the issuer's metadata (RFC 8414 §3) with the token request's timeout, retries, trust and
 * proxy, checks that it names this issuer exactly (§3.3), and returns its endpoints. A document
 * that is missing (4xx) or not JSON sends us on to the next well-known URL.
 */
async function discoverEndpoints(config, deps) {
    const issuer = config.issuer;
    if (!issuer)
        throw new Error('discoverEndpoints needs config.issuer');
    const tried = [];
    for (const url of wellKnownUrls(issuer)) {
        deps.log(`Reading the authorization server's metadata from ${url.href}`);
        const document = await fetchDocument(url, config, deps);
        if (typeof document === 'string') {
            tried.push(`${url.href}: ${document}`);
            continue;
        }
        return readEndpoints(document, url, issuer, config);
    }
    throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .ActionError */ .lZ(`Discovery for issuer ${issuer} failed: ${tried.join('; ')}; check input 'issuer'`);
}
/** The document as a JSON object, or why it is not one (to try the next URL). */
async function fetchDocument(url, config, deps) {
    const failure = (detail, attempts = 1) => {
        const after = attempts > 1 ? ` after ${attempts} attempts` : '';
        // failures.ts names input 'host'; here the URL came from input 'issuer'.
        const text = detail.replaceAll("input 'host'", "input 'issuer'");
        return new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .ActionError */ .lZ(`Discovery request to ${url.href} failed${after}: ${text}`);
    };
    const request = {
        method: 'GET',
        url,
        headers: { Accept: 'application/json', 'User-Agent': _request_js__WEBPACK_IMPORTED_MODULE_8__/* .USER_AGENT */ ._O },
        body: ''
    };
    const options = {
        timeoutMs: config.timeoutMs,
        ca: (0,_trust_js__WEBPACK_IMPORTED_MODULE_7__/* .trustedCertificates */ .g3)(config.caCertificates),
        maxBodyBytes: MAX_DOCUMENT_BYTES
    };
    const attempt = async () => {
        const started = deps.clock.now();
        let outcome;
        try {
            outcome = { kind: 'response', response: await deps.send(request, options) };
        }
        catch (error) {
            const transportError = error instanceof _transport_js__WEBPACK_IMPORTED_MODULE_6__/* .TransportError */ .wX ? error : new _transport_js__WEBPACK_IMPORTED_MODULE_6__/* .TransportError */ .wX((0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .errorMessage */ .gJ)(error), 'ERROR');
            outcome = { kind: 'error', error: transportError };
        }
        const what = outcome.kind === 'error' ? outcome.error.code : `HTTP ${outcome.response.status}`;
        deps.debug(`Discovery answer: ${what} in ${deps.clock.now() - started} ms`);
        return outcome;
    };
    const where = { ...config, tokenUrl: url };
    let result;
    try {
        result = await (0,_retry_js__WEBPACK_IMPORTED_MODULE_5__/* .withRetries */ .LH)(attempt, config, deps.clock, report => {
            if (report.delayMs === undefined)
                return;
            const { outcome } = report;
            const what = outcome.kind === 'response' ? `HTTP ${outcome.response.status}` : outcome.error.code;
            deps.log(`Attempt ${report.attempt} of ${report.attempts}: ${what}; retrying in ${(report.delayMs / 1000).toFixed(1)} s`);
        });
    }
    catch (error) {
        if (error instanceof _retry_js__WEBPACK_IMPORTED_MODULE_5__/* .RetryAfterTooLong */ .Zt)
            throw failure(error.message);
        throw error;
    }
    const { outcome, attempts } = result;
    if (outcome.kind === 'error') {
        if (outcome.error.code === _transport_js__WEBPACK_IMPORTED_MODULE_6__/* .BODY_TOO_LARGE */ ._s) {
            throw failure(`the answer is larger than ${MAX_DOCUMENT_BYTES / 1024} KiB, too large for a metadata document; check input 'issuer'`);
        }
        throw failure((0,_failures_js__WEBPACK_IMPORTED_MODULE_2__/* .describeTransportError */ .v)(outcome.error, where), attempts);
    }
    const { response } = outcome;
    const { status } = response;
    if (status >= 400 && status < 500)
        return `HTTP ${status}`;
    if (status >= 300 && status < 400) {
        const location = response.headers.location;
        const to = location ? ` to ${(0,_redact_js__WEBPACK_IMPORTED_MODULE_4__/* .serverText */ .Tn)(location, [], 200)}` : '';
        throw failure(`HTTP ${status} redirect${to}; redirects are not followed: check input 'issuer'`);
    }
    if (status < 200 || status >= 300)
        throw failure((0,_response_js__WEBPACK_IMPORTED_MODULE_3__/* .describeAnswer */ .O1)(response), attempts);
    let value;
    try {
        value = JSON.parse(response.body);
    }
    catch {
        const type = (0,_redact_js__WEBPACK_IMPORTED_MODULE_4__/* .serverText */ .Tn)(response.headers['content-type'] ?? 'no content type', [], 60);
        return `HTTP ${status} (${type}) is not JSON`;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        return `HTTP ${status} is JSON but not an object`;
    }
    return value;
}
function readEndpoints(document, url, issuer, config) {
    const fail = (problem) => {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .ActionError */ .lZ(`The metadata at ${url.href} ${problem}`);
    };
    const named = document.issuer;
    if (named !== issuer) {
        const shown = typeof named === 'string' ? (0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .quote */ .hD)((0,_redact_js__WEBPACK_IMPORTED_MODULE_4__/* .serverText */ .Tn)(named, [], 200), 200) : 'none';
        fail(`names issuer ${shown}, not ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .quote */ .hD)(issuer, 200)}; they must match exactly (RFC 8414 §3.3): check input 'issuer'`);
    }
    const token = document.token_endpoint;
    if (typeof token !== 'string' || !token) {
        fail(`has no token_endpoint; the server may not issue tokens this way`);
    }
    const tokenEndpoint = checkEndpoint(token, config);
    if (typeof tokenEndpoint === 'string')
        fail(`has a token_endpoint that ${tokenEndpoint}`);
    const revocation = document.revocation_endpoint;
    const revocationEndpoint = typeof revocation === 'string' && revocation ? checkEndpoint(revocation, config) : undefined;
    return {
        tokenEndpoint: tokenEndpoint,
        revocationEndpoint: revocationEndpoint instanceof URL ? revocationEndpoint : undefined
    };
}
/**
 * An endpoint from the document, held to the rules of a configured host: http(s), https unless
 * loopback or allow-insecure-http, no credentials, no fragment (RFC 6749 §3.2). The problem, if any.
 */
function checkEndpoint(text, config) {
    let url;
    try {
        url = new URL(text);
    }
    catch {
        return `is not a URL (${(0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .quote */ .hD)((0,_redact_js__WEBPACK_IMPORTED_MODULE_4__/* .serverText */ .Tn)(text, [], 100), 100)})`;
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
        return `is not an https:// URL (${url.protocol}//...)`;
    }
    if (url.username || url.password)
        return 'holds credentials (user:password@)';
    if (url.hash || text.includes('#'))
        return 'has a fragment';
    if (url.protocol === 'http:' && !config.allowInsecureHttp && !(0,_config_js__WEBPACK_IMPORTED_MODULE_0__/* .isLoopback */ .U9)(url.hostname)) {
        return `uses plain http:// (${url.host}), which would send credentials unencrypted; the server must use https://, or set allow-insecure-http: true`;
    }
    return url;
}


/***/ })

};
;