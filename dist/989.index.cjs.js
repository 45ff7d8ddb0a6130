"use strict"

exports.modules = {
370: (function (exports, __require) {
var _config = __require(973)
var _errors = __require(674)
var _response = __require(124)
var _redact = __require(670)
var _retry = __require(809)
var _transport = __require(646)
var _trust = __require(689)
var _request = __require(390)
const MAX_DOCUMENT_BYTES = 256 * 1024
function wellKnownUrls(issuer) {
	const base = issuer.replace(/(?<!\/)\/+$/, "")
	const rfc8414 = "/.well-known/oauth-authorization-server"
	const urls = [new URL(`${base}${rfc8414}`), new URL(`${base}/.well-known/openid-configuration`)]
	const {origin, pathname} = new URL(base)
	if (pathname !== "/" && pathname !== "") urls.push(new URL(`${origin}${rfc8414}${pathname}`))
	return urls
}
async function discoverEndpoints(config, deps) {
	const issuer = config.issuer
	if (!issuer) throw new Error("discoverEndpoints needs config.issuer")
	const tried = []
	for (const url of wellKnownUrls(issuer)) {
		deps.log(`Reading the authorization server's metadata from ${url.href}`)
		const document = await fetchDocument(url, config, deps)
		if (typeof document === "string") {
			tried.push(`${url.href}: ${document}`)
			continue
		}
		return readEndpoints(document, url, issuer, config, deps.secrets)
	}
	throw new _errors.lZ(`Discovery for issuer ${issuer} failed: ${tried.join("; ")}; check input 'issuer'; if the server publishes no metadata there, or only behind a redirect, give host and token-path instead`)
}
const elsewhere = status => status > 399 && status < 500 && status !== 407 && !_retry.U3.has(status) || status === 501
async function fetchDocument(url, config, deps) {
	const failure = (detail, attempts = 1, last) => {
		const after = _retry.ln(attempts, last)
		const text = detail.replace(/input 'host'( \(or \w+\))?|host and token-path/g, "input 'issuer'")
		return new _errors.lZ(`Discovery request to ${url.href} failed${after}: ${text}`)
	}
	const request = {
		method: "GET",
		url,
		headers: { Accept: "application/json", "User-Agent": _request._O },
		body: ""
	}
	const options = {
		timeoutMs: config.timeoutMs,
		ca: _trust.g3(config.caCertificates),
		maxBodyBytes: MAX_DOCUMENT_BYTES
	}
	const attempt = async () => {
		const started = deps.clock.now()
		let outcome
		try {
			outcome = { kind: "response", response: await deps.send(request, options) }
		} catch (error) {
			outcome = { kind: "error", error: _transport.WM(error) }
		}
		const what = outcome.kind === "error" ? outcome.error.code : `HTTP ${outcome.response.status}`
		deps.debug(`Discovery answer: ${what} in ${deps.clock.now() - started} ms`)
		return outcome
	}
	const where = { ...config, tokenUrl: url, issuer: undefined }
	const {outcome, attempts} = await _retry.sT(attempt, config, deps.clock, deps.log)
	const secrets = deps.secrets ?? []
	const cut = outcome.kind === "error" ? outcome.error.status ?? 0 : 0
	if (cut > 299 && cut < 400 || elsewhere(cut)) return `HTTP ${cut}`
	if (outcome.kind === "error") {
		if (outcome.error.code === _transport._s) throw failure(`the answer is larger than ${_transport.mz(MAX_DOCUMENT_BYTES)}, too large for a metadata document; check input 'issuer'`)
		const {describeTransportError} = await __require.i(320)
		throw failure(describeTransportError(outcome.error, where, secrets), attempts, outcome)
	}
	const {response} = outcome
	const {status} = response
	if (elsewhere(status)) return `HTTP ${status}`
	if (status >= 300 && status < 400) {
		const location = response.headers.location
		const to = location ? ` to ${_redact.Tn(location, secrets, 200)}` : ""
		return `HTTP ${status} redirect${to}, not followed`
	}
	if (status === 407) {
		const {describeHttpFailure} = await __require.i(320)
		throw failure(describeHttpFailure(response, where, secrets), attempts, outcome)
	}
	if (status < 200 || status >= 300) {
		const {waitAsked} = await __require.i(320)
		const wait = waitAsked(response)
		throw failure(`${_response.O1(response, secrets)}; ${wait && `${wait}: `}try again later, or check the server`, attempts, outcome)
	}
	let value
	try {
		value = JSON.parse(response.body.trim())
	} catch {
		const type = _redact.Tn(response.headers["content-type"] ?? "no content type", secrets, 60)
		return `HTTP ${status} (${type}) is not JSON`
	}
	if (!_errors.Gv(value) || !("issuer" in value || "token_endpoint" in value)) return `HTTP ${status} is JSON without issuer`
	return value
}
function readEndpoints(document, url, issuer, config, secrets = []) {
	const fail = problem => {
		throw new _errors.lZ(`The metadata at ${url.href} ${problem}`)
	}
	const instead = ": give host and token-path instead of issuer"
	const named = document.issuer
	if (typeof named !== "string" || !named) {
		fail(`names no issuer, which RFC 8414 \xa72 requires${instead}`)
	} else if (named.replace(/\/$/, "") !== issuer.replace(/\/$/, "")) {
		fail(`names issuer ${_errors.hD(_redact.Tn(named, secrets, 200), 200)}, not ${_errors.hD(issuer, 200)}; they must match (RFC 8414 \xa73.3): check input 'issuer'`)
	}
	const token = document.token_endpoint
	if (typeof token !== "string" || !token) fail(`has no token_endpoint${instead}`)
	const tokenEndpoint = checkEndpoint(token, config, secrets)
	if (typeof tokenEndpoint === "string") fail(`has a token_endpoint that ${tokenEndpoint}${tokenEndpoint.startsWith("uses") ? "" : instead}`)
	const revocation = document.revocation_endpoint
	const revocationEndpoint = typeof revocation === "string" && revocation ? checkEndpoint(revocation, config, secrets) : undefined
	return {
		tokenEndpoint,
		revocationEndpoint: revocationEndpoint instanceof URL ? revocationEndpoint : undefined,
		revocationProblem: typeof revocationEndpoint === "string" ? `a revocation_endpoint that ${revocationEndpoint.replace(/; the server must use https:\/\/, or set allow-insecure-http: true$/, "")}` : undefined
	}
}
function checkEndpoint(text, config, secrets = []) {
	if (_errors.JS.test(text)) return "has spaces, tabs, line breaks or control characters"
	let url
	try {
		url = new URL(text)
	} catch {
		return `is not a URL (${_errors.hD(_redact.Tn(text, secrets, 100), 100)})`
	}
	if (!/^https?:$/.test(url.protocol)) return `is not an https:// URL (${url.protocol}//...)`
	if (url.username || url.password) return "holds credentials (user:password@)"
	if (url.port === "0") return "has port 0, where no server listens"
	if (url.hash || text.includes("#")) return "has a fragment"
	const downgrade = /^https:/i.test(config.issuer ?? "") || !_config.U9(url.hostname)
	if (url.protocol === "http:" && !config.allowInsecureHttp && downgrade) return `uses plain http:// (${url.host}), which would send credentials unencrypted; the server must use https://, or set allow-insecure-http: true`
	return url
}
exports.checkEndpoint = checkEndpoint
exports.discoverEndpoints = discoverEndpoints
})
}
