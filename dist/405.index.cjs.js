"use strict"

exports.modules = {
405: (function (exports, __require) {
var node_crypto = __require(357)
// ./src/assertion.ts
const ASSERTION_LIFETIME_S = 300
function signClientAssertion(key, claims) {
	const iat = Math.floor(claims.now / 1e3)
	const header = { alg: key.algorithm, typ: "JWT", ...key.keyId ? { kid: key.keyId } : {} }
	const payload = {
		iss: claims.clientId,
		sub: claims.clientId,
		aud: claims.audience,
		jti: claims.jwtId,
		iat,
		exp: iat + ASSERTION_LIFETIME_S
	}
	const signingInput = `${base64url(header)}.${base64url(payload)}`
	const {createPrivateKey, sign} = node_crypto.S()
	const privateKey = createPrivateKey({ key: key.pem, format: "pem" })
	const signature = sign("sha256", Buffer.from(signingInput), {
		key: privateKey,
		...key.algorithm === "ES256" ? { dsaEncoding: "ieee-p1363" } : {}
	})
	return `${signingInput}.${signature.toString("base64url")}`
}
function base64url(value) {
	return Buffer.from(JSON.stringify(value), "utf8").toString("base64url")
}
var errors = __require(674)
var keyless_inputs = __require(879)
var proxy_variable = __require(643)
var redact = __require(670)
var response = __require(124)
var retry = __require(809)
var trust = __require(689)
// ./src/keyless.ts
function stepKeylessDeps(config, runtime, mask, log) {
	return {
		getIDToken: audience => runtime.core.getIDToken(audience, config.timeoutMs, trust.g3(config.caCertificates)),
		env: runtime.env,
		mask,
		log,
		now: () => runtime.clock.now(),
		jwtId: () => node_crypto.S().randomUUID()
	}
}
async function keylessCredentials(keyless, config, deps) {
	const idToken = keyless_inputs.Xy(keyless) ? await githubIdToken(keyless.oidcAudience || config.tokenUrl.origin, deps) : ""
	let clientAssertion
	if (keyless.clientAuth === "github-oidc") clientAssertion = idToken
	if (keyless.clientAuth === "private-key-jwt" && keyless.signingKey) {
		clientAssertion = signClientAssertion(keyless.signingKey, {
			clientId: config.clientId,
			audience: config.tokenUrl.href,
			now: deps.now(),
			jwtId: deps.jwtId()
		})
		deps.mask([clientAssertion])
	}
	const literalOr = value => value === keyless_inputs.GX ? idToken : value || undefined
	return {
		clientAssertion,
		subjectToken: literalOr(keyless.subjectToken),
		assertion: literalOr(keyless.assertion)
	}
}
function idTokenFailure(message, secrets, variable, noProxy = "NO_PROXY", proxied = false) {
	const text = redact.E$(redact.QG(message, undefined, secrets), secrets, true).replace(/^Error message: /, "").replace(errors.Bz, "").replace(/(remove Accept-Encoding from )?input 'h\w+'( \(or OAUTH_HOST\))?, or /, "").replace(/Failed request: \(\d+\)/, "")
	const status = /Error Code : (\d+)/.exec(text)?.[1]
	const [, refused, fix, tries = "", said = text] = /Error Message: (?:HTTP \d+: )?(?:(proxy \S+ refused the tunnel to \S+ with HTTP (?!407; it [wr])\d+[^:;]*|\w+ is not a usable proxy URL)[:;] (.*?)(; \d+ attempts)?$|(.*))/.exec(text) ?? []
	const signIn = status === "407" && /^the proxy takes /.test(said) ? said : ""
	const detail = errors.CS(refused ? refused + tries : signIn ? "" : said, 200)
	const why = status ? `HTTP ${status}${detail && `: ${detail}`}` : detail
	if (/^Unable to get /.test(text) || status === "401" || status === "403") return keyless_inputs.o5(why)
	const credentialsAsked = !refused && /(Code :|HTTP) 407\b/.test(text)
	const onTheWay = [...retry.wp].some(code => text.includes(code)) ? proxied ? `a certificate on the way was not trusted: if the proxy in ${variable}${/could not use proxy /.test(text) ? "" : " (or the endpoint)"} ${errors.kA}` : `the endpoint's certificate was not trusted: if it ${errors.kA}` : signIn || credentialsAsked && `the proxy wants a valid user and password in ${variable}`
	const timedOut = /timed out after ([\d.]+) s/.exec(text)
	const unreached = /Message: [A-Z_\d]+: /.test(text) ? `TLS to the runner's ID token endpoint failed: check ${variable}, ${noProxy} and TLS inspection on the runner's network` : `the runner's ID token endpoint could not be reached: check ${variable} and ${noProxy}, ${timedOut && Number(timedOut[1]) * 1e3 < keyless_inputs.vW ? "raise input 'timeout', " : ""}or re-run the job`
	const advice = onTheWay || (status || !/Error Code : /.test(text) || / larger than | the answer/.test(text) ? "GitHub's ID token service failed: re-run the job" : fix || unreached)
	return keyless_inputs.o5(why, advice)
}
async function usesProxy(url, env) {
	const {runnerProxy} = await __require.i(238)
	try {
		return runnerProxy(url, env) !== undefined
	} catch {
		return true
	}
}
async function githubIdToken(audience, deps) {
	const secrets = [deps.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN ?? ""].filter(Boolean)
	deps.mask(secrets)
	const endpoint = deps.env.ACTIONS_ID_TOKEN_REQUEST_URL
	if (!endpoint) throw keyless_inputs.o5("ACTIONS_ID_TOKEN_REQUEST_URL is not set")
	const url = URL.canParse(endpoint) ? new URL(endpoint) : undefined
	if (url) secrets.push(...await proxy_variable.tt(url, deps.env))
	deps.mask(secrets)
	deps.log(`Requesting the job's OIDC ID token from GitHub (audience ${audience})`)
	let idToken
	try {
		idToken = await deps.getIDToken(audience)
	} catch (error) {
		const variable = url ? proxy_variable.rw(url, deps.env) : "HTTPS_PROXY"
		const noProxy = url ? proxy_variable.rw(url, deps.env, "NO_PROXY") : "NO_PROXY"
		const proxied = !!url && !!proxy_variable.eU(url, deps.env) && await usesProxy(url, deps.env)
		throw idTokenFailure(errors.gJ(error), secrets, variable, noProxy, proxied)
	}
	if (!idToken) throw keyless_inputs.o5("GitHub answered with no token")
	if (!/^[\w-]+\.[\w-]+\.[\w-]+$/.test(idToken)) throw idTokenFailure(`its answer's value is ${response.QP(idToken)}, not a JWT`, [], "")
	deps.mask([idToken])
	return idToken
}
exports.keylessCredentials = keylessCredentials
exports.stepKeylessDeps = stepKeylessDeps
})
}
