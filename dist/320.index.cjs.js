"use strict"

exports.modules = {
320: (function (exports, __require) {
var node_fs = require("node:fs")
var _config = __require(973)
var _errors = __require(674)
var _form_encode = __require(88)
var _keyless_inputs = __require(879)
var _proxy_variable = __require(643)
var _redact = __require(670)
var _response = __require(124)
var _retry = __require(809)
var _transport = __require(646)
function advise(text, advice, config) {
	if (config.keyless || config.issuer) advice = advice.replace("body-format, ", "")
	if (/[.!?]$/.test(text)) return `${text} ${advice.charAt(0).toUpperCase()}${advice.slice(1)}`
	return `${text}; ${advice}`
}
function describeHttpFailure(response, config, secrets = [], field = "token_endpoint") {
	const {status} = response
	if (status >= 300 && status < 400 && status !== 304) return describeRedirect(response, config, secrets, field)
	const answer = _response.O1(response, secrets)
	const {proxyCredentials, proxySignIn, headers} = response
	const html = /html/i.test(headers["content-type"] ?? "") && /\S/.test(response.body)
	const own = status === 401 && proxyCredentials && /^tinyproxy\//i.test(`${headers.server}`)
	let advice = proxySignIn ? `the proxy ${proxySignIn}` : adviceFor(own ? 407 : status, answer, config, html, proxyCredentials, field)
	const wait = field === "revocation_endpoint" ? "" : waitAsked(response)
	if (wait) advice = advice ? `${wait}${/^try again/.test(advice) ? ":" : ";"} ${advice}` : wait
	return advice ? advise(answer, advice, config) : answer
}
function waitAsked(answer) {
	const wait = _retry.U3.has(answer.status) && _retry.P9(answer, Date.now())
	if (!wait) return ""
	const long = wait > _retry.yL ? `, longer than the ${_retry.yL / 1e3} s this action waits` : ""
	return `it asks to retry after ${wait > 864e5 ? "more than a day" : `${Math.ceil(wait / 1e3)} s`}${long}`
}
function describeRedirect(response, config, secrets, field) {
	const location = response.headers.location
	const to = location ? ` to ${_redact.Tn(location, secrets, 200)}` : ""
	const fix = config.issuer ? `the issuer's metadata must list the final URL as ${field}` : `set ${pathInputs(field)} to the final URL`
	return `HTTP ${response.status} redirect${to}; redirects are not followed because the body holds credentials: ${fix}`
}
function pathInputs(field) {
	return `host and ${field === "token_endpoint" ? "token" : "revoke"}-path`
}
function adviceFor(status, answer, config, html = false, proxyCredentials, field = "token_endpoint") {
	const error = /^HTTP \d+ ([a-z_]+)\b/.exec(answer)?.[1] ?? ""
	const revoking = field !== "token_endpoint"
	const path = endpointSource(config, pathInputs(field), field)
	if (revoking && status < 300 || status === 404 || status === 405 || /"error":9[,}]/.test(answer)) return `check ${path}`
	if (revoking) {
		if (error === "unsupported_token_type") return "the server cannot revoke this token type: set revoke: false if it revokes no other"
		if (error === "invalid_client" || status === 403 && !html) return clientAdvice(config)
		if ([400, 422].includes(status)) return /grant_type/.test(answer) ? `this is a token endpoint's answer: check ${path}` : /^invalid_(token|grant)$/.test(error) ? "the server says it is already invalid" : CHECK_REQUEST.replace("body-format, ", "")
		if (status === 415) return `${FORM_REFUSED}${path}`
		if (_retry.U3.has(status)) return `check the server${status === 429 ? "'s rate limit" : ""}`
		if (status < 500 && ![401, 403, 407, 413, 414, 431].includes(status)) return ""
	}
	if (!revoking && config.bodyFormat === "json" && (status === 400 || status === 415 || status > 499) && /x-www-form-urlencoded|(missing|contain)[^.]{0,30}(parameter\W+|: )grant_type|2\.0 parameter: grant_type|\bE0000021\b|grant type: None/i.test(answer)) return "try body-format: form"
	const bare = config.bodyFormat === "json" && answer.toLowerCase().replace(/ /g, "_").endsWith(error)
	switch (revoking ? "" : error.replace(/^\w+_client_\w+$/, "invalid_client").replace(/^bad_\w+|^(mfa|interaction)_required$|^(too_many_attempts|invalid_token)$/, "invalid_grant")) {
	 case "invalid_client":
		if (/Org Authorization Server/.test(answer)) return "use client-auth: private-key-jwt, or a custom authorization server: host https://<org>.okta.com/oauth2/default, token-path /v1/token"
		return clientAdvice(config) + (config.clientAuth === "body" && bare ? ", or try body-format: form" : "")

	 case "invalid_credentials":
	 case "invalid_grant":
		return /scope/i.test(answer) ? "check scope" : grantAdvice(config, answer)

	 case "unauthorized_client":
		if (/AADSTS700016\b/.test(answer)) return `check client-id, and the tenant in ${endpointSource(config, HOST)}: the app must be registered there`
		if (/\bnot (enabled|allowed)\b/i.test(answer)) return allowGrant(config)
		if (/credentials/i.test(answer)) return clientAdvice(config)
		if (status === 401) return `${clientAdvice(config)}${config.grantType === "refresh_token" ? ", and that refresh-token was issued to that client-id" : ""}`
		return `check client-id, and that the client may use grant-type ${config.grantType}`

	 case "authorization_type_invalid":
		return allowGrant(config)

	 case "unsupported_token_type":
		return "check subject-token-type and requested-token-type"

	 case "unsupported_grant_type":
		return `the server does not support grant-type ${config.grantType}${bare ? ", or reads only form bodies: try body-format: form" : ": check grant-type"}`

	 case "invalid_scope":
	 case "unauthorized_scope":
	 case "scope_invalid":
	 case "invalid_resource":
		return `check scope${config.audience ? " and audience" : ""}`

	 case "invalid_target":
		{
			const targets = [config.audience && "audience", config.extraParams.some(([key]) => key === "resource") && "resource in extra-params"].filter(Boolean)
			return targets.length ? `check ${targets.join(", and ")}` : "set audience, or resource in extra-params"
		}

	 case "invalid_request":
		if (config.grantType === "refresh_token") {
			if (/refresh|\btoken\b/i.test(answer)) return REVOKED_REFRESH
			if (answer.endsWith(error)) return REFRESH_THEN_REQUEST
		}
		if (config.grantType === "password" && /password/i.test(answer)) return grantAdvice(config)
		if (/AADSTS90002\b/.test(answer)) return `check the tenant in ${endpointSource(config, HOST)}`
		if (/grant_type did not equal/.test(answer)) return answer.includes(`"${config.grantType}"`) ? "set code and redirect_uri in extra-params" : `${mayNotTake(config)}${clientAdvice(config)}`
		if (/AADSTS70021\b|client_(id|secret)/.test(answer)) return clientAdvice(config)
		if (/parameter: 'scope'/.test(answer)) return "set scope"
		if (/parameter: 'resource'/.test(answer)) return "set resource in extra-params"
		if (/grant type is not allowed/i.test(answer)) return allowGrant(config)
		return exchangeAdvice(config, answer) ?? CHECK_REQUEST

	 case "access_denied":
		if (status === 401) return clientAdvice(config)
		if (/AADB2C90225\b/.test(answer)) return grantAdvice(config)
		if (config.grantType === "refresh_token" && /refresh token/i.test(answer)) return REVOKED_REFRESH
		if (!config.audience && /\bno (default )?audience\b|audience parameter/i.test(answer)) return "set audience: the API's identifier"
		return `check ${config.audience ? "audience, and " : ""}the client's ${config.grantType === "password" ? "and the user's " : ""}permissions on the server`

	 case "temporarily_unavailable":
	 case "server_error":
		return "try again later, or check the server"
	}
	const otherCode = error && status < 500
	if (status > 199 && status < 300) return CHECK_REQUEST
	if (status === 401) {
		if (!html) return clientAdvice(config)
		const where = config.clientAuth === "basic" ? "headers with client-auth: body" : "headers"
		return `a proxy in front of the server may ask for its own login: give it in ${where}; else ${clientAdvice(config)}`
	}
	if (status === 407) {
		const variable = _proxy_variable.rw(config.tokenUrl)
		if (proxyCredentials === undefined) return `a proxy on the way to the server asks for credentials: set ${variable} to http://<user>:<password>@host:port`
		return proxyCredentials ? `the proxy rejected the credentials in ${variable}: check the user and password there` : `the proxy asks for credentials: put them in ${variable} (http://<user>:<password>@host:port)`
	}
	if (status === 415) {
		if (config.keyless || config.issuer) return `${FORM_REFUSED}the server`
		return config.bodyFormat === "json" ? "try body-format: form" : "try body-format: json"
	}
	if (status === 400 && /HTTP request (was sent )?to (an? )?HTTPS|plain HTTP to an SSL/i.test(answer)) return `the server's port expects TLS: use https:// in ${endpointSource(config, HOST)}`
	if (status === 431) return `the request's headers are too large for the server: check headers${config.clientAuth === "basic" ? ", and client-id and client-secret, which client-auth basic sends in one" : ""}`
	if (status === 413) {
		const {subjectToken, assertion} = config.keyless ?? {}
		const parts = `extra-params${subjectToken ? ", subject-token" : ""}${assertion ? ", assertion" : ""}`
		return `the request is too large for the server or a proxy in front of it: ${revoking ? "raise its limit to fit the token" : `check ${parts}, or raise its limit`}`
	}
	if (status === 414) return `the URL is too long for the server: check ${path}`
	if ([400, 422].includes(status)) {
		if (error) return CHECK_REQUEST
		if (config.grantType === "refresh_token") return REFRESH_THEN_REQUEST
		const client = config.bodyFormat === "form" ? `${clientAdvice(config)}; else ` : ""
		return `${unknownGrant(config)}${client}${CHECK_REQUEST}`
	}
	if (status === 403) return html ? `a firewall or proxy in front of the server may block the request; else check ${path}` : `check that the client may use grant-type ${config.grantType}${config.scope ? " and scope" : ", or set scope"}; else ${config.grantType === "password" ? grantAdvice(config) : clientAdvice(config)}`
	if (_retry.U3.has(status)) return "try again later, or check the server"
	if (status >= 500) return `check the server, and ${path}`
	if (otherCode) return CHECK_REQUEST
	return `check ${path}`
}
function unknownGrant(config) {
	const known = [..._config.KA, "authorization_code", _keyless_inputs.Kj, _keyless_inputs.eh]
	return known.includes(config.grantType) ? "" : mayNotTake(config)
}
const mayNotTake = ({grantType}) => `check grant-type ${grantType}, which the server may not take; else `
const HOST = "input 'host' (or OAUTH_HOST)"
const CHECK_REQUEST = "check the request: body-format, client-auth and extra-params"
const FORM_REFUSED = "the server refuses the form body OAuth defines: check "
const REVOKED_REFRESH = "check refresh-token: it may have expired or been revoked"
const REFRESH_THEN_REQUEST = `${REVOKED_REFRESH}; else ${CHECK_REQUEST}`
function grantAdvice(config, answer = "") {
	const {grantType, keyless} = config
	if (grantType === "refresh_token") return "check refresh-token: it may have expired, been used or revoked, or be for another client-id"
	if (grantType === "password") return /AADSTS5007[69]\b|^HTTP \d+ \w+_required/.test(answer) ? "a password grant cannot pass multi-factor authentication: exempt the user, or use client_credentials" : "check username and password, and the user's account on the server"
	if ((keyless?.subjectToken || keyless?.assertion) === "github-oidc") return `check ${ID_TOKEN_TRUST}`
	if (grantType.endsWith(":token-exchange")) return "check subject-token and subject-token-type"
	if (grantType.endsWith(":jwt-bearer")) return "check assertion"
	if (grantType === "authorization_code") return "give a new code in extra-params: a code is used once and expires soon; else check redirect_uri and code_verifier"
	return grantType === "client_credentials" ? clientAdvice(config) : `${grantType.includes(":") ? "" : unknownGrant(config)}check the parameters of grant-type ${grantType} in extra-params`
}
function exchangeAdvice(config, answer) {
	const named = config.grantType.endsWith(":token-exchange") && /\b(requested_token_type|subject_token(_type)?|audience)\b/.exec(answer)
	return named ? `check ${named[0].replaceAll("_", "-")}` : undefined
}
const allowGrant = config => `allow grant-type ${config.grantType} in the client's settings on the server`
function describeBadResponse(error, status, config) {
	if (error.kind === "not-a-token") return `${error.message}; this is not a token endpoint's answer: check ${endpointSource(config, "host and token-path")}`
	if (error.kind === "error") return advise(error.message, adviceFor(status, error.message, config), config)
	return error.kind === "truncated" && _config.CM(config.grantType) ? `${error.message}; ${spentAdvice(config)}` : `${error.message}; the server's answer is malformed: check the server`
}
function spentAdvice(config) {
	const [used, input] = config.grantType === "refresh_token" ? ["refresh token", "refresh-token"] : ["authorization code", "code in extra-params"]
	return `not retried, since the server has likely used up the ${used}: check the server and any proxy on the way, and give a new ${input}`
}
function endpointSource(config, inputs, field = "token_endpoint") {
	return config.issuer ? `the ${field} in the metadata of input 'issuer'` : inputs
}
const ID_TOKEN_TRUST = "oidc-audience, and that the server trusts this job's ID token (its issuer, https://token.actions.githubusercontent.com on github.com; its subject and audience)"
function clientAdvice(config) {
	if (config.clientAuth === "github-oidc") return `check client-id and ${ID_TOKEN_TRUST}`
	if (config.extraParams.some(([key]) => key === "client_assertion")) return "check client-id and the client_assertion in extra-params"
	if (config.clientAuth === "private-key-jwt") return "check client-id, private-key and key-id, and that the server has the public key and takes this URL as aud"
	const encoded = _form_encode.p(config.clientId + config.clientSecret) !== config.clientId + config.clientSecret
	return config.clientAuth === "basic" && encoded ? "check client-id and client-secret; client-auth basic form-encodes them (RFC 6749 section 2.3.1), which some servers do not decode: try client-auth: body" : "check client-id, client-secret and client-auth"
}
function trustAdvice(config, who, code) {
	if (config.caCertificates.length && code === "UNABLE_TO_GET_ISSUER_CERT") return `input 'ca-certificate' holds a certificate authority of the ${who}'s chain, but not the root it chains up to: add the root's certificate`
	const extra = process.env.NODE_EXTRA_CA_CERTS
	const advice = config.caCertificates.length ? `input 'ca-certificate' does not hold the certificate authority that issued the ${who}'s certificate: give that one` : extra && !node_fs.existsSync(extra) ? `NODE_EXTRA_CA_CERTS names no file (${extra}): check its path, or give the certificate in input 'ca-certificate'` : `if the ${who} ${_errors.kA}`
	return code === "UNABLE_TO_VERIFY_LEAF_SIGNATURE" ? `${advice}; or the ${who} sends no intermediate certificate: add it to input 'ca-certificate'` : advice
}
function describeTransportError(error, config, secrets, field = "token_endpoint") {
	const source = inputs => endpointSource(config, inputs, field)
	const {code} = error
	const message = _redact.Tn(error.message.replace(_errors.Bz, "").replace(/:\s*$/, ""), secrets, 300)
	const cut = error.status && code !== "HPE_HEADER_OVERFLOW" ? `HTTP ${error.status} answer cut off before its end: ` : ""
	const detail = cut + ([_transport.vj, _transport._s, _transport.AM].includes(code) || message.includes(code) ? message : `${code}: ${message}`)
	const host = config.tokenUrl.hostname
	if (code === _transport.Q9 && error.message.startsWith("timed out")) {
		const who = error.proxy ? `proxy ${error.proxy} and the server answer` : "the server answers"
		return `${cut}${error.message}; raise input 'timeout' or check that ${who}`
	}
	if (code === _transport._s || code === _transport.qz) return `${code === _transport._s ? detail : message}; this is not a ${field.replace("_", " ")}'s answer: check ${source(pathInputs(field))}`
	if (code === _transport.$O) return `${message}; ${spentAdvice(config)}`
	if (error.proxy !== undefined) {
		const told = message.replace(HOST, source(HOST))
		if (_retry.wp.has(code)) return `${told}; ${trustAdvice(config, "proxy", code)}`
		const wait = error.answer && field !== "revocation_endpoint" ? waitAsked(error.answer) : ""
		if (!wait) return told
		return told.includes("; try again later") ? told.replace("; try again later", `; ${wait}: try again later`) : `${told}; ${wait}`
	}
	if (code === "ENOTFOUND" || code === "EAI_AGAIN") return `${code}: could not resolve ${host}; check ${source(HOST)}`
	if (code === "ECONNREFUSED") return `${detail}; check ${source(HOST)} and that the server is up`
	if (code === "ECONNRESET" || code === "EPIPE") {
		const scheme = config.tokenUrl.protocol === "http:" && !error.status ? ", that its port speaks http, not https" : ""
		return `${detail}; the connection was cut: check the server${scheme}, and any proxy or firewall on the way`
	}
	const connecting = code === _transport.Q9 && error.message.startsWith("connect ")
	if (code === "EHOSTUNREACH" || code === "ENETUNREACH" || connecting) return `${detail}; the runner has no way to ${host}: check ${source(HOST)} and any firewall (GitHub-hosted runners cannot reach a private network)`
	if (code === _transport.Q9) return `${detail}; the connection timed out: check the server, and any proxy or firewall on the way`
	const front = "check the server, or a proxy or load balancer in front of it"
	if (code === "HPE_HEADER_OVERFLOW") return `${detail}; the answer's headers are larger than Node accepts (16 KiB): ${front}`
	if (code === "HPE_INVALID_CONSTANT") return `${detail}; ${message === _transport.GP ? "the port speaks only HTTP/2: use https://, or a port that speaks HTTP/1.1," : "the answer is not valid HTTP: check the scheme and port"} in ${source(HOST)}`
	if (code.startsWith("HPE_")) return `${detail}; the answer breaks HTTP's framing: ${front}`
	if (_retry.wp.has(code)) return `${detail}; ${trustAdvice(config, "server", code)}`
	const address = host.replace(/^\[|\]$/g, "")
	if (code === "ERR_TLS_CERT_ALTNAME_INVALID" && /^\[|^[\d.]+$/.test(host) && [`DNS:${address}`, `CN=${address}`].some(name => error.message.split("altnames: ")[1]?.split(", ").includes(name))) return `${detail}; the certificate holds no IP subjectAltName ${host}, which an address in ${source(HOST)} needs: use a name it was issued for there, or reissue it with IP:${address}`
	if (code === "ERR_TLS_CERT_ALTNAME_INVALID") return `${detail}; the certificate is not for ${host}: use the name it was issued for in ${source(HOST)}`
	if (code === "CERT_HAS_EXPIRED" || code === "CERT_NOT_YET_VALID") return `${detail}; the server's certificate is outside its validity period: renew it on the server`
	if (/unsupported protocol|protocol version|no protocols available/i.test(error.message)) return `${code}: the server at ${config.tokenUrl.host} offers only a TLS version older than Node accepts (TLS 1.2 or later); the server must enable TLS 1.2 or 1.3`
	const refused = /alert (handshake failure|bad certificate)/.test(error.message)
	if (refused || code.endsWith("_CERTIFICATE_REQUIRED")) return `${code}: the server ${refused ? "may want" : "asks for"} a client certificate (mutual TLS), which this action cannot send`
	if (/wrong version number|packet length too long/i.test(error.message)) return `${code}: the server at ${config.tokenUrl.host} does not speak TLS; check the scheme (https:// or http://) and port in ${source(HOST)}${error.via ? `, or the proxy ${_proxy_variable.rw(config.tokenUrl)}` : ""}`
	if (_retry.ne(code)) return `${detail}; TLS failed: check the server's certificate, or input 'ca-certificate'`
	return detail
}
exports.describeBadResponse = describeBadResponse
exports.describeHttpFailure = describeHttpFailure
exports.describeTransportError = describeTransportError
exports.waitAsked = waitAsked
})
}
