"use strict"

exports.modules = {
951: (function (exports, __require) {
var _config = __require(973)
var _errors = __require(674)
var _request = __require(390)
var _response = __require(124)
var _retry = __require(809)
var _transport = __require(646)
var _trust = __require(689)
const CLIENT_ASSERTION_PARAMS = new Set(["client_assertion", "client_assertion_type"])
const RETRY_DELAY_MS = 1e3
function revocationEndpoint(host, revokePath, config, discovered) {
	const found = discovered?.revocationEndpoint
	const metadata = `input 'revoke' is true, but the metadata of issuer ${config.issuer ?? ""} names`
	if (found && found.origin !== config.tokenUrl.origin) throw new _errors.lZ(`${metadata} a revocation_endpoint on ${found.origin}, not on the token endpoint's origin ${config.tokenUrl.origin}: the action sends client credentials to that origin only; set revoke: false`)
	if (found) return found
	if (config.issuer) {
		const what = discovered?.revocationProblem ?? "no revocation_endpoint"
		throw new _errors.lZ(`${metadata} ${what}: set revoke: false, or use host, token-path and revoke-path instead of issuer`)
	}
	return _config.fL(host, revokePath, config, "revoke-path")
}
function buildRevocationRequest(config, url, token, clientAssertion) {
	const client = _request.WX(config, clientAssertion)
	const headers = { Accept: "application/json", "User-Agent": _request._O, ...client.headers }
	if (url.origin === config.tokenUrl.origin) _request.Qk(headers, config.headers)
	headers["Content-Type"] = "application/x-www-form-urlencoded"
	const form = new URLSearchParams([["token", token.token], ["token_type_hint", token.hint]])
	for (const [key, value] of client.params) form.append(key, value)
	for (const [key, value] of config.extraParams) {
		if (CLIENT_ASSERTION_PARAMS.has(key)) form.append(key, value)
	}
	return { url, headers, body: form.toString() }
}
async function revokeToken(request, config, secrets, deps, renew, readdress) {
	const options = { timeoutMs: config.timeoutMs, ca: _trust.g3(config.caCertificates) }
	const attempt = async sent => {
		try {
			return await deps.send(sent, options)
		} catch (error) {
			return _transport.WM(error)
		}
	}
	const revoked = outcome => {
		const status = outcome instanceof _transport.wX ? outcome.answer?.status ?? outcome.status : _response._6(outcome.body) ? 0 : outcome.status
		return status !== undefined && status >= 200 && status < 300
	}
	let outcome = await attempt(request)
	let attempts = 1
	const reply = "headers" in outcome ? outcome : outcome.answer
	const wait = reply && _retry.P9(reply, deps.clock.now()) || 0
	if (!revoked(outcome) && [429, 503].includes(outcome.status ?? 503) && (!(outcome instanceof _transport.wX) || _retry.r3({
		kind: "error",
		error: outcome
	})) && wait <= _retry.yL) {
		await deps.clock.sleep(Math.max(wait, RETRY_DELAY_MS))
		const renewed = renew ? await renew().catch(() => undefined) : undefined
		outcome = await attempt(renewed ?? request)
		attempts++
	}
	if (readdress && "headers" in outcome && (outcome.status === 401 || outcome.status === 400 && outcome.body.includes("invalid_client"))) {
		outcome = await attempt(await readdress().catch(() => request))
		attempts++
	}
	if (revoked(outcome)) return { revoked: true }
	const retried = attempts > 1 ? { after: ` after ${attempts} attempts` } : {}
	const failures = await __require.i(320)
	if (outcome instanceof _transport.wX) {
		return {
			revoked: false,
			...retried,
			reason: failures.describeTransportError(outcome, config, secrets, "revocation_endpoint").replace("try again later, or ", ""),
			unreachable: !outcome.status
		}
	}
	return {
		revoked: false,
		...retried,
		reason: failures.describeHttpFailure(outcome, config, secrets, "revocation_endpoint")
	}
}
exports.buildRevocationRequest = buildRevocationRequest
exports.revocationEndpoint = revocationEndpoint
exports.revokeToken = revokeToken
})
}
