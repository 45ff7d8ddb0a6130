"use strict"

exports.modules = {
661: (function (exports, __require) {
var _config = __require(973)
var _errors = __require(674)
var _lifecycle_config = __require(578)
var _log = __require(625)
var _post_state = __require(653)
var _proxy_variable = __require(643)
var _request = __require(390)
const NAMES = { access_token: "access token", refresh_token: "refresh token" }
async function post(runtime) {
	const {core, env} = runtime
	const log = _log.D$(core)
	const revocation = parseRevocation(core.getState(_post_state.Z0))
	const tokenFile = core.getState(_post_state.h1)
	if (!revocation && !tokenFile) return
	const grantType = revocation?.grantType
	const source = {
		getInput: name => name === "grant-type" && grantType || core.getInput(name),
		env
	}
	try {
		log.mask(revocation?.tokens.map(({token}) => token) ?? [])
		log.mask(_config.It(source))
		log.mask(_lifecycle_config.ui(source))
		log.mask(await configuredSecretsOf(source, env))
	} catch (error) {
		log.say.warning(`Post step: ${_errors.gJ(error)}`)
		return
	}
	const revoked = new Set
	const valid = () => stillValid(revocation?.tokens.filter(token => !revoked.has(token)) ?? [], runtime.clock.now())
	const cancel = signal => {
		log.say.warning(`Post step cancelled${valid()}`)
		process.stdout.write("", () => process.kill(process.pid, signal))
	}
	process.once("SIGINT", cancel).once("SIGTERM", cancel)
	try {
		if (tokenFile) await deleteTokenFile(tokenFile, log)
	} finally {
		try {
			if (revocation) await revokeAll(revocation, source, runtime, log, revoked)
		} catch (error) {
			log.say.warning(`Could not revoke the tokens: ${_errors.gJ(error)}${valid()}`)
		}
		process.off("SIGINT", cancel).off("SIGTERM", cancel)
	}
}
async function configuredSecretsOf(source, env) {
	let config
	try {
		config = _config.Xg(source)
	} catch {
		return []
	}
	return [..._request.gU(config), ...await _proxy_variable.tt(config.tokenUrl, env)]
}
function parseRevocation(text) {
	if (!text) return
	try {
		const value = JSON.parse(text)
		if (!_errors.Gv(value)) return
		const url = Reflect.get(value, "url")
		const tokens = Reflect.get(value, "tokens")
		if (typeof url !== "string" || !Array.isArray(tokens)) return
		const valid = tokens.filter(item => typeof item?.token === "string" && (item.hint === "access_token" || item.hint === "refresh_token") && typeof item.expiresAt === "string")
		const field = name => {
			const found = Reflect.get(value, name)
			return typeof found === "string" ? { [name]: found } : {}
		}
		return {
			url,
			tokens: valid,
			...field("tokenEndpoint"),
			...field("clientId"),
			...field("grantType")
		}
	} catch {}
}
async function deleteTokenFile(path, log) {
	if (!/^[^\r\n]*[\\/]oauth2-token-[0-9a-f]{24}$/.test(path)) {
		log.say.warning(`Not deleting ${_errors.hD(path, 200)}: not a token file this action writes`)
		return
	}
	try {
		const {removeTokenFile} = await __require.i(361)
		const removed = removeTokenFile(path)
		log.say.info(removed ? `Deleted the token file ${path}.` : `No token file to delete at ${path}: the main step did not write it (it failed first), or it was already deleted.`)
	} catch (error) {
		log.say.warning(`Could not delete the token file ${path}: ${_errors.gJ(error)}`)
	}
}
async function revokeAll(revocation, source, runtime, log, revoked) {
	if (runtime.env.NODE_DEBUG) _log.kS(runtime.env.NODE_DEBUG)
	const notRevoking = why => log.say.warning(`Not revoking${why}${stillValid(revocation.tokens, runtime.clock.now())}`)
	const issuedTo = revocation.clientId
	const clientId = _config.hG(source, "client-id")
	if (issuedTo !== undefined && clientId !== issuedTo) {
		notRevoking(`: client-id is ${_errors.hD(clientId, 100)} now, not the ${_errors.hD(issuedTo, 100)} the tokens were issued to (did a later step set OAUTH_CLIENT_ID?)`)
		return
	}
	let config = _config.Xg(source)
	if (config.issuer) {
		const problem = await discoveredEndpointProblem(revocation, config, log.secrets)
		if (problem) {
			notRevoking(`: ${problem}`)
			return
		}
		config = Object.freeze({ ...config, tokenUrl: new URL(revocation.tokenEndpoint ?? "") })
	}
	const url = new URL(revocation.url)
	if (url.origin !== config.tokenUrl.origin) {
		notRevoking(` at ${url.href}: client credentials go only to the token endpoint's origin, ${config.tokenUrl.origin}${config.issuer ? "" : " (did a later step set OAUTH_HOST?)"}`)
		return
	}
	log.mask(await _proxy_variable.tt(url, runtime.env))
	const {buildRevocationRequest, revokeToken} = await __require.i(951)
	const live = revocation.tokens.filter(token => {
		if (isLive(token, runtime.clock.now())) return true
		log.say.info(`Not revoking the ${NAMES[token.hint]}: it expired at ${token.expiresAt}.`)
		return false
	})
	let audience = config
	for (const [index, token] of live.entries()) {
		const name = NAMES[token.hint]
		const build = async () => buildRevocationRequest(config, url, token, await clientAssertion(audience, runtime, log))
		const renew = config.keyless?.clientAuth ? build : undefined
		const readdress = config.keyless?.clientAuth === "private-key-jwt" && audience === config ? () => {
			audience = { ...config, tokenUrl: url }
			return build()
		} : undefined
		const result = await revokeToken(await build(), config, log.secrets, runtime, renew, readdress)
		if (result.revoked) {
			revoked.add(token)
			log.say.info(`Revoked the ${name} at ${url.href}.`)
			continue
		}
		audience = config
		const skipped = result.unreachable ? live.slice(index + 1) : []
		const untried = skipped.map(left => `; the ${NAMES[left.hint]} was not tried and stays valid ${until(left)}`).join("")
		log.say.warning(`Could not revoke the ${name} at ${url.href}${result.after ?? ""}: ${result.reason}${/ already invalid$/.test(result.reason) ? "" : `; it stays valid ${until(token)}`}${untried}`)
		if (skipped.length) return
	}
}
async function discoveredEndpointProblem(revocation, config, secrets) {
	if (!revocation.tokenEndpoint) return "the saved state names no token endpoint"
	const {checkEndpoint} = await __require.i(989, 370)
	for (const [name, text] of [["revocation endpoint", revocation.url], ["token endpoint", revocation.tokenEndpoint]]) {
		const checked = checkEndpoint(text ?? "", config, secrets)
		if (typeof checked === "string") return `the saved ${name} ${checked}`
	}
}
function stillValid(tokens, now) {
	return tokens.filter(token => isLive(token, now)).map(token => `; the ${NAMES[token.hint]} stays valid ${until(token)}`).join("")
}
function isLive(token, now) {
	return !token.expiresAt || Date.parse(token.expiresAt) > now
}
function until(token) {
	return token.expiresAt ? `until ${token.expiresAt}` : "until it expires"
}
async function clientAssertion(config, runtime, log) {
	if (!config.keyless?.clientAuth) return
	const {keylessCredentials, stepKeylessDeps} = await __require.i(405)
	const credentials = await keylessCredentials({
		...config.keyless,
		subjectToken: "",
		assertion: ""
	}, config, stepKeylessDeps(config, runtime, log.mask, log.say.info))
	return credentials.clientAssertion
}
exports.post = post
})
}
