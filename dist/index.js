(() => {
	"use strict"
	var __modules = {
519: (function (exports, __require) {
function legacyText(bytes, charset) {
	try {
		const decoder = new TextDecoder(charset)
		if (!SINGLE_BYTE.test(decoder.encoding)) return
		return decoder.encoding === "windows-1252" ? bytes.toString("latin1").replace(/[\x80-\x9f]/g, c => CP1252[c.charCodeAt(0) - 128] ?? c) : decoder.decode(bytes)
	} catch {}
}
function multiByteText(bytes, charset) {
	try {
		const {encoding} = new TextDecoder(charset)
		if (SINGLE_BYTE.test(encoding) || encoding === "utf-8") return
		return new TextDecoder(encoding).decode(bytes)
	} catch {}
}
const SINGLE_BYTE = /^(windows-(874|125\d)|iso-8859-\d+(-i)?|koi8-[ru]|ibm866|macintosh|x-mac-cyrillic)$/
const CP1252 = "\u20ac\x81\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\x8d\u017d\x8f\x90\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\x9d\u017e\u0178"
function misreadIn(secrets, charset) {
	const table = charset && legacyText(Buffer.from(Array.from({
		length: 256
	}, (_, i) => i)), charset)
	if (!charset || !table) return []
	return secrets.filter(secret => /[^\0-\x7f]/.test(secret)).flatMap(secret => [legacyText(Buffer.from(secret, "utf8"), charset) ?? secret, ...secret.replace(/[^\0-\x7f]/gu, "").length > 5 ? [secret.replace(/[^\0-\x7f]/gu, char => table.includes(char) ? char : "?")] : []])
}
exports.$S = multiByteText
exports.J1 = misreadIn
exports.jf = legacyText
}),
973: (function (exports, __require) {
var node_fs = require("node:fs")
var _errors = __require(674)
var _keyless_inputs = __require(879)
var _node_crypto = __require(357)
var _trust = __require(689)
const ENV_FALLBACK = {
	host: "OAUTH_HOST",
	"grant-type": "OAUTH_GRANT_TYPE",
	"client-id": "OAUTH_CLIENT_ID",
	"client-secret": "OAUTH_CLIENT_SECRET",
	username: "OAUTH_USERNAME",
	password: "OAUTH_PASSWORD",
	"refresh-token": "OAUTH_REFRESH_TOKEN",
	scope: "OAUTH_SCOPE",
	audience: "OAUTH_AUDIENCE"
}
const SECRET_INPUTS = ["client-secret", "password", "refresh-token"]
const MAX_RETRIES = 100
const MAX_TIMEOUT_SECONDS = 3600
const DEFAULT_TOKEN_PATH = "/oauth/token"
const RESERVED_PARAMS = new Map(Object.keys(ENV_FALLBACK).slice(1).map((function (input) { return [input.replace("-", "_"), input]; })))
const RESERVED_HEADERS = new Set(["host", "content-length", "content-type", "content-encoding", "transfer-encoding", "connection", "upgrade", "te", "trailer", "keep-alive", "proxy-authorization", "proxy-connection"])
const DEFAULT_EXPORT_ENV = "ACCESS_TOKEN"
const RESERVED_ENV = /^(?!NODE_AUTH_TOKEN$)(_|TZ|CLASSPATH|PATH|HOME|SHELL|IFS|ENV|BASH_ENV|(SHELL|BASH)OPTS|CDPATH|PS[0-4]|PROMPT_COMMAND|TMPDIR|GLIBC_TUNABLES|GCONV_PATH|LOCPATH|(NODE|LD|DYLD|GITHUB|RUNNER|ACTIONS|INPUT|STATE|LC)_\w*|(HTTPS?|ALL|NO|FTP|SOCKS5?)_PROXY|SSLKEYLOGFILE|HOSTALIASES|LOCALDOMAIN|RES_OPTIONS|(_|JDK_)?JAVA(_TOOL)?_OPTIONS|PYTHON[A-Z]+|PERL5(OPT|LIB)|RUBY(OPT|LIB))$/
const RESERVED_TOOL_ENV = /^(GIT_(SSH\w*|ASKPASS|ALLOW_PROTOCOL|PROTOCOL_FROM_USER|EXEC_PATH|DIR|WORK_TREE|CONFIG\w*|SSL_\w*|HTTP_\w*|PROXY_COMMAND|EXTERNAL_DIFF|TRACE\w*|INDEX_FILE|\w*DIRECTOR(Y|IES)|TERMINAL_PROMPT)|\w*ASKPASS|\w*PAGER|\w*EDITOR|VISUAL|BROWSER|LESS(OPEN|CLOSE)|CC|CXX|CPP|\w*_WRAPPER|\w*_OPTS|\w*FLAGS)$/
const RESERVED_SETTINGS_ENV = /^(?!ACCESS_TOKEN_FILE$)(GLOBIGNORE|ZDOTDIR|WGETRC|GNUPGHOME|GO(PATH|ROOT|PROXY)|\w*_(HOME|PATH|CONFIG|FILE)|(XDG|NPM_CONFIG|PIP)_\w*|LANG(UAGE)?|KUBECONFIG|SSL_CERT_(FILE|DIR)|(CURL|REQUESTS|AWS)_CA_BUNDLE|DOCKER_HOST|SSH_AUTH_SOCK)$/
const RESERVED_WINDOWS_ENV = /^(TEMP|TMP|SYSTEMROOT|SYSTEMDRIVE|WINDIR|COMSPEC|PATHEXT|PSMODULEPATH|USERPROFILE|HOMEDRIVE|HOMEPATH|(LOCAL)?APPDATA|PROGRAMDATA|(COMMON)?PROGRAMFILES|PROGRAMW6432|PROCESSOR_ARCHITECTURE|(DOTNET|COMPLUS|CORECLR)_\w*)$/
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/
const PARAM_NAME = /^[\x21-\x7e]+$/
const ONE_CLIENT_AUTH = "when extra-params passes client_assertion: a client authenticates one way per request (RFC 6749 section 2.3)"
const CHECKED_GRANTS = ["password", "client_credentials", "refresh_token"]
const isSingleUse = (function (grantType) { return grantType === "refresh_token" || grantType === "authorization_code"; })
function describeInput(name) {
	const variable = ENV_FALLBACK[name]
	return variable ? `input '${name}' (or ${variable})` : `input '${name}'`
}
var envHint = (function (source, name) {
	const variable = ENV_FALLBACK[name]
	return variable && !source.getInput(name) && inputOrEnv(source, name) ? ` (${variable} is set in the environment: set ${variable}: '' in this step's env)` : ""
})
var inputOrEnv = (function (source, name) {
	const value = source.getInput(name)
	if (value) return value
	const variable = ENV_FALLBACK[name]
	return variable ? (source.env[variable] ?? "").trim() : ""
})
var readSecretInputs = (function (source) {
	const keyless = _keyless_inputs.W3.map((function (name) { return source.getInput(name); })).filter((function (value) { return !_keyless_inputs.Xq(value); }))
	return [...SECRET_INPUTS.map((function (name) { return inputOrEnv(source, name); })), ...keyless].filter(Boolean)
})
function fail(name, problem) {
	refuse(describeInput(name), problem)
}
function refuse(where, problem) {
	throw new _errors.lZ(`${where} ${problem}`)
}
var readConfig = (function (source) {
	const get = (function (name) { return inputOrEnv(source, name); })
	const host = get("host")
	const issuerInput = source.getInput("issuer")
	if (!host && !issuerInput) fail("host", "is required: the base URL of the API, e.g. https://api.example.com (or input 'issuer', to discover the token endpoint)")
	const allowInsecureHttp = readBoolean(source, "allow-insecure-http", false)
	const issuer = issuerInput ? _keyless_inputs.Eo(issuerInput, host, source.getInput("token-path"), DEFAULT_TOKEN_PATH, allowInsecureHttp, envHint(source, "host")) : undefined
	const tokenUrl = issuer ? new URL(issuer) : resolveTokenUrl(host, source.getInput("token-path") || DEFAULT_TOKEN_PATH, {
		allowInsecureHttp
	})
	const clientId = get("client-id")
	if (!clientId) fail("client-id", "is required")
	const clientSecret = get("client-secret")
	const username = get("username")
	const password = get("password")
	const refreshToken = get("refresh-token")
	const scope = get("scope")
	const audience = get("audience")
	for (const [name, value] of Object.entries({
		"client-id": clientId,
		username,
		scope,
		audience
	})) {
		if (_errors.kH.test(value)) fail(name, `must not contain line breaks, tabs or other control or invisible characters${name === "scope" ? ": separate scopes with spaces" : ""}`)
	}
	if (_errors.JS.test(refreshToken)) fail("refresh-token", _keyless_inputs.yf)
	const grantType = get("grant-type") || (username ? "password" : "client_credentials")
	if (_errors.JS.test(grantType)) fail("grant-type", "must be one word, without spaces or control characters, e.g. password or client_credentials")
	const extraParams = ifSet(source.getInput("extra-params"), parseExtraParams)
	const hasParam = name => extraParams.some(([key]) => key === name)
	const clashes = (function (name) { return extraParams.some(([key]) => paramName(key) === name); })
	if (clientSecret && clashes("client_assertion")) fail("client-secret", `must be empty ${ONE_CLIENT_AUTH}${envHint(source, "client-secret")}`)
	const format = readChoice(source, "body-format", ["json", "form"], "json")
	const clientAuth = readChoice(source, "client-auth", ["body", "basic", "github-oidc", "private-key-jwt"], "body")
	const hint = envHint(source, get("grant-type") ? "grant-type" : "username")
	const required = name => fail(name, `is required by grant-type ${grantType}${hint}`)
	if (grantType === "password") {
		if (!username) required("username")
		if (!password) required("password")
	} else if (grantType === "client_credentials") {
		const keylessAuth = clientAuth === "github-oidc" || clientAuth === "private-key-jwt"
		if (!clientSecret && !hasParam("client_assertion") && !keylessAuth) {
			if (!get("grant-type") && (password || refreshToken)) {
				throw new _errors.lZ(password ? `${describeInput("username")} is empty, so grant-type is client_credentials, which needs client-secret: set username for a password grant, or set client-secret` : "grant-type is client_credentials without username, which needs client-secret and does not send refresh-token: set grant-type: refresh_token, or set client-secret")
			}
			fail("client-secret", `is required by grant-type client_credentials, unless client-auth is github-oidc or private-key-jwt (keyless) or extra-params passes client_assertion${hint}`)
		}
	} else if (grantType === "refresh_token") {
		if (!refreshToken) required("refresh-token")
	}
	const keyless = _keyless_inputs.fG({
		getInput: (function (name) { return source.getInput(name); }),
		grantType,
		clientAuth,
		clientSecret,
		clientSecretHint: () => envHint(source, "client-secret"),
		grantTypeHint: () => envHint(source, "grant-type"),
		hasParam,
		clashes
	})
	const bodyFormat = keyless || issuer ? "form" : format
	if (bodyFormat === "json" && extraParams.filter(([key]) => key === "resource").length > 1) fail("extra-params", "repeats resource, which a JSON body cannot: set body-format: form")
	const headers = ifSet(source.getInput("headers"), parseHeaders)
	if (clientAuth === "basic" && headers.some(([name]) => name.toLowerCase() === "authorization")) fail("headers", "must not set Authorization when client-auth is 'basic'")
	if (clientAuth === "basic" && clashes("client_assertion")) fail("client-auth", `must not be basic ${ONE_CLIENT_AUTH}; use client-auth: body, or remove client_assertion`)
	const exportEnv = readExportEnv(source)
	return Object.freeze({
		tokenUrl,
		grantType,
		clientId,
		clientSecret,
		username,
		password,
		refreshToken,
		scope,
		audience,
		extraParams,
		headers,
		bodyFormat,
		clientAuth,
		exportEnv,
		timeoutMs: Math.max(1, readSeconds(source, "timeout", 30, MAX_TIMEOUT_SECONDS) * 1e3),
		retries: readCount(source, "retries", 3, MAX_RETRIES),
		allowInsecureHttp,
		caCertificates: ifSet(source.getInput("ca-certificate"), readCaCertificates),
		issuer,
		keyless
	})
})
var configWarnings = (function (source, config) {
	return [...grantWarnings(source, config), ...otherHostSecrets(source, config)]
})
var grantWarnings = (function (source, config) {
	if (inputOrEnv(source, "grant-type")) {
		const given = config.grantType.toLowerCase()
		const meant = CHECKED_GRANTS.find(grant => grant === given.replaceAll("-", "_"))
		const hint = envHint(source, "grant-type")
		const rule = meant === given ? "case-sensitive" : "spelt with underscores"
		return meant && meant !== config.grantType ? [`${describeInput("grant-type")} is ${config.grantType}, sent as given: grant types are ${rule}, so write ${meant} if that is meant`] : meant && meant !== "password" && hint && source.getInput("username") ? [`input 'username' is set but grant-type is ${meant}, which does not send it${hint}`] : []
	}
	const warnings = []
	if (config.password && !config.username) warnings.push(`${describeInput("password")} is set but ${describeInput("username")} is empty, so grant-type is client_credentials, which does not send the password: set username for a password grant, or grant-type: client_credentials if that is meant`)
	if (config.refreshToken) warnings.push(`${describeInput("refresh-token")} is set but grant-type is ${config.grantType} (the default), which does not send it: set grant-type: refresh_token to use it, or grant-type: ${config.grantType} if that is meant`)
	return warnings
})
var otherHostSecrets = (function (source, config) {
	const jobHost = source.env.OAUTH_HOST?.trim() ?? ""
	if (!source.getInput("host") || !URL.canParse(jobHost)) return []
	const {origin} = new URL(jobHost)
	const filled = SECRET_INPUTS.filter(name => !source.getInput(name) && inputOrEnv(source, name)).map(name => ENV_FALLBACK[name])
	return origin === config.tokenUrl.origin || !filled.length ? [] : [`input 'host' is ${config.tokenUrl.origin}, not the job's OAUTH_HOST ${origin}, yet this step's empty inputs are filled from ${filled.join(" and ")}, which will go to it: if not meant for it, clear each in the step's env (${filled[0]}: '')`]
})
var readExportEnv = (function (source) {
	const value = source.getInput("export-env")
	if (!value) return "INPUT_EXPORT-ENV" in source.env ? "" : DEFAULT_EXPORT_ENV
	if (value === DEFAULT_EXPORT_ENV) return value
	const upper = value.toUpperCase()
	if (!ENV_NAME.test(value) || /^(TRUE|FALSE|YES|NO(NE)?|O(N|FF)|NULL)$/.test(upper)) fail("export-env", "must be an environment variable name such as ACCESS_TOKEN, or empty")
	const fallback = Object.values(ENV_FALLBACK).includes(upper)
	const reserved = [RESERVED_ENV, RESERVED_TOOL_ENV, RESERVED_SETTINGS_ENV, RESERVED_WINDOWS_ENV]
	if (fallback || reserved.some(names => names.test(upper))) {
		const why = fallback ? "a later step of this action would read" : "the runner or later steps rely on"
		fail("export-env", `must not be ${value}, which ${why}`)
	}
	return value
})
var resolveTokenUrl = (function (host, tokenPath, options, pathInput = "token-path") {
	const base = readBaseUrl("host", host, options.allowInsecureHttp)
	const revoke = pathInput === "revoke-path"
	const example = revoke ? "/oauth/revoke" : "/oauth/token"
	if (isUrlNotPath(tokenPath)) fail(pathInput, `must be a path such as ${example}, not a URL: the host comes from input 'host' alone`)
	if (_errors.JS.test(tokenPath) || (revoke ? /[\\#?]/ : /[\\#]/).test(tokenPath)) fail(pathInput, `must be a plain path such as ${example}, without spaces, control characters, backslashes${revoke ? ", '?'" : ""} or '#'`)
	const basePath = base.pathname.replace(/(?<!\/)\/+$/, "")
	const path = tokenPath.startsWith("/") ? tokenPath : `/${tokenPath}`
	if (basePath.endsWith(path)) fail("host", `ends in ${pathInput} ${path}: remove it from host`)
	const tail = path === DEFAULT_TOKEN_PATH && /(\/protocol\/openid-connect|\/oauth2?|\/connect)?(\/v[\d.]+)?\/token\/?$/.exec(base.pathname)
	if (tail) fail("host", `ends in ${tail[0]}: move it to token-path`)
	const url = new URL(`${base.origin}${basePath}${path}`)
	if (url.origin !== base.origin) fail(pathInput, `must stay on ${base.origin}`)
	for (const key of url.search ? url.searchParams.keys() : []) {
		const name = paramName(key)
		const owner = name === "client_assertion" ? "extra-params" : /^(subject_token|assertion)$/.test(name) ? name.replace("_", "-") : reservedOwner(key)
		if (owner && !["scope", "audience"].includes(owner)) fail(pathInput, `has ${JSON.stringify(key)} in its query, which the action sends in the body: use input '${owner}'`)
	}
	if (url.href.length > 8190) throw new _errors.lZ(`input 'host' and input '${pathInput}' make a URL over 8,190 characters: shorten them`)
	return url
})
var readBaseUrl = (function (name, text, allowInsecureHttp) {
	const example = name === "host" ? "https://api.example.com" : "https://login.example.com/tenant"
	if (_errors.JS.test(text)) fail(name, "must be one URL, without spaces, tabs or line breaks")
	if (!/^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(text)) fail(name, `must start with https:// (or http:// for a server on this machine), e.g. ${example}`)
	if (emptyHostPart(text)) fail(name, `has an empty host name, label or port after ${text.slice(0, text.indexOf("//") + 2)}: fill it in, e.g. ${example} (is a variable in it empty?)`)
	let url
	try {
		url = new URL(text)
	} catch {
		if (!text.includes("@") && Number(/^[^/]*\/\/[^/?#]*:(\d+)(?:[/?#]|$)/.exec(text)?.[1]) > 65535) fail(name, `has a port over 65535: ${PORT_FIX}`)
		return fail(name, `must be a URL such as ${example}; ${text.includes("@") ? "it could not be parsed" : `got ${_errors.hD(text)}`}`)
	}
	if (url.protocol !== "https:" && url.protocol !== "http:") fail(name, `must start with https:// (got ${url.protocol}//...)`)
	if (url.username || url.password) fail(name, "must not contain credentials (user:password@); pass them as client-id and client-secret")
	if (hostNameTooLong(url)) fail(name, "has a host name over 253 characters, which DNS does not allow")
	if (url.port === "0") fail(name, `has port 0, where no server listens: ${PORT_FIX}`)
	if (text.includes("\\")) fail(name, "must not contain a backslash")
	if (url.search || url.hash || name === "issuer" && /[?#]/.test(text)) fail(name, name === "host" ? "must not have a query or fragment; put the endpoint's path in token-path" : "must not have a query or fragment (RFC 8414 \xa72)")
	if (url.protocol === "http:" && !allowInsecureHttp && !isLoopback(url.hostname)) fail(name, "uses plain http://, which would send credentials unencrypted; use https://, or set allow-insecure-http: true")
	return url
})
const PORT_FIX = "give the server's port, or none for the scheme's default"
var hostNameTooLong = (function (url) {
	return url.hostname.replace(/\.$/, "").length > 253
})
var isLoopback = (function (hostname) {
	const lower = hostname.toLowerCase()
	const name = lower.startsWith("[") && lower.endsWith("]") ? lower.slice(1, -1) : lower
	return name === "localhost" || isIpv4Loopback(name) || LOOPBACK_6.has(name)
})
var isIpv4Loopback = (function (name) {
	const octets = name.split(".")
	return octets.length === 4 && octets[0] === "127" && octets.every(isDecimalOctet)
})
var isDecimalOctet = (function (text) {
	const value = Number(text)
	return text.length <= 3 && String(value) === text && value >= 0 && value <= 255
})
const LOOPBACK_6 = new Set(["::1", "0:0:0:0:0:0:0:1"])
var emptyHostPart = (function (url) {
	return /^[^/]*\/\/([/?#.]|$|[^/?#]*(\.\.|:([/?#]|$)))/.test(url)
})
var isUrlNotPath = (function (path) {
	return /^([A-Za-z][A-Za-z0-9+.-]*:|\/\/)/.test(path)
})
function parseExtraParams(text) {
	const params = []
	for (const [index, raw] of lines(text)) {
		const line = raw.trim()
		if (!line) continue
		const equals = line.indexOf("=")
		const where = `input 'extra-params' line ${index}`
		if (equals <= 0) refuse(where, "must be key=value")
		const key = line.slice(0, equals).trim()
		const value = line.slice(equals + 1).trim()
		if (!PARAM_NAME.test(key)) refuse(where, `has a key with spaces, control characters or non-ASCII characters: use a plain ASCII name`)
		refuseControls(where, value)
		const owner = reservedOwner(key)
		if (owner) refuse(where, `sets ${key}, which the action sends itself: use input '${owner}'`)
		if (key !== "resource" && params.some(([k]) => k === key)) refuse(where, `repeats ${key}; each parameter may appear once (RFC 6749 \xa73.1)`)
		params.push([key, value])
	}
	return params
}
function reservedOwner(key) {
	return RESERVED_PARAMS.get(paramName(key))
}
function paramName(key) {
	const php = key.replace(/^ +|\0.*/gs, "").toLowerCase().replace(/[. ]/g, "_")
	return php.replace(/^([^[]*)\[.*\].*|\[/g, (_, name) => name ?? "_")
}
function refuseControls(where, value) {
	if (_errors.vs.test(value)) refuse(where, "has a control character in its value: remove it")
}
function parseHeaders(text) {
	const headers = []
	for (const [index, raw] of lines(text)) {
		if (!raw.trim()) continue
		const where = `input 'headers' line ${index}`
		const colon = raw.indexOf(":")
		if (colon <= 0) refuse(where, `must be 'Name: value'`)
		const name = raw.slice(0, colon).trim()
		const value = raw.slice(colon + 1).trim()
		if (!HEADER_NAME.test(name)) refuse(where, `has an invalid header name (letters, digits and !#$%&'*+-.^_\`|~ only); one 'Name: value' per line`)
		refuseControls(where, value)
		if (/[\u0100-\u{10ffff}]/u.test(value)) refuse(where, "has a character HTTP headers cannot carry (only Latin-1)")
		if (RESERVED_HEADERS.has(name.toLowerCase())) refuse(where, `sets ${name}, which the action sets itself: remove that line`)
		if (headers.some(([n]) => n.toLowerCase() === name.toLowerCase())) refuse(where, `repeats ${name}; give each header once`)
		if (raw.length > 8190) refuse(where, "is over 8,190 characters: shorten it")
		headers.push([name, value])
	}
	if (headers.join().length > 16e3) fail("headers", "holds over 16,000 characters in all: send fewer")
	return headers
}
var ifSet = (function (value, read) {
	return value ? read(value) : []
})
function lines(text) {
	return text.split(/\r\n|\n/).map((line, i) => [i + 1, line.replace(/\r$/, "")])
}
var readChoice = (function (source, name, choices, fallback) {
	const value = source.getInput(name)
	if (!value) return fallback
	const choice = choices.find((function (c) { return c === value.toLowerCase(); }))
	if (!choice) {
		const list = `${choices.slice(0, -1).join(", ")} or ${choices.at(-1)}`
		fail(name, `must be ${list}; got ${_errors.hD(value)}`)
	}
	return choice
})
var readSeconds = (function (source, name, fallback, max) {
	const text = source.getInput(name)
	if (!text) return fallback
	const value = /^\d+(\.\d+)?$/.test(text) ? Number(text) : NaN
	if (!(value > 0 && value <= max)) fail(name, `must be a number of seconds in digits, like 0.5, more than 0 and up to ${max}; got ${_errors.hD(text)}`)
	return value
})
var readCount = (function (source, name, fallback, max, unit = "") {
	const text = source.getInput(name)
	if (!text) return fallback
	const value = /^\d+$/.test(text) ? Number(text) : NaN
	if (!(value >= 0 && value <= max)) fail(name, `must be a whole number${unit}, 0 to ${max}; got ${_errors.hD(text)}`)
	return value
})
var readBoolean = (function (source, name, fallback) {
	const value = source.getInput(name)
	if (!value) return fallback
	if (["true", "True", "TRUE"].includes(value)) return true
	if (["false", "False", "FALSE"].includes(value)) return false
	fail(name, `must be true or false; got ${_errors.hD(value)}`)
})
function readCaCertificates(value) {
	let pem = value
	if (!value.includes("-----BEGIN")) {
		let code
		try {
			const file = node_fs.statSync(value)
			code = !file.isFile() ? "not a regular file" : file.size > 1024 * 1024 ? "over 1 MiB" : ""
			if (!code) pem = node_fs.readFileSync(value, "utf8").replaceAll("\0", "")
		} catch (error) {
			code = _errors.Gv(error) && "code" in error ? String(error.code) : "unreadable"
		}
		if (code) {
			const pathLike = /^[\w./\\~: -]{1,200}$/.test(value) && (/\.(pem|crt|cer)$/i.test(value) || /^(\/|\.\.?[/\\]|~\/|[A-Za-z]:[/\\])/.test(value))
			const path = pathLike ? ` ${_errors.hD(value)}` : ""
			fail("ca-certificate", `is neither PEM text nor a readable file${path} (${code}): give the PEM text, or the path of a PEM file`)
		}
	}
	const blocks = _trust.xC(_keyless_inputs.Vj(pem))
	if (!blocks.length) {
		if (pem.includes("-----BEGIN CERTIFICATE-----")) fail("ca-certificate", `has a '-----BEGIN CERTIFICATE-----' line without its END line: give the whole certificate`)
		fail("ca-certificate", pem === value ? `holds no '-----BEGIN CERTIFICATE-----' block; give PEM text or a PEM file's path` : `names a file with no '-----BEGIN CERTIFICATE-----' block; give a PEM file (openssl x509 -inform der converts a DER one)`)
	}
	const {X509Certificate} = _node_crypto.S()
	for (const [index, block] of blocks.entries()) {
		try {
			new X509Certificate(block)
		} catch {
			fail("ca-certificate", `certificate ${index + 1} is not a valid PEM certificate: give it whole and unchanged`)
		}
	}
	return blocks
}
exports.$P = readBaseUrl
exports.CM = isSingleUse
exports.It = readSecretInputs
exports.KA = CHECKED_GRANTS
exports.Le = ENV_FALLBACK
exports.MM = DEFAULT_TOKEN_PATH
exports.O$ = configWarnings
exports.U9 = isLoopback
exports.Vf = readBoolean
exports.Xg = readConfig
exports._0 = readCount
exports.fJ = fail
exports.fL = resolveTokenUrl
exports.gs = readExportEnv
exports.hG = inputOrEnv
}),
674: (function (exports, __require) {
const node_util = require("node:util")
// ./src/errors.ts
class ActionError extends Error {
	name="ActionError"
}
function errorMessage(error) {
	let text
	if (error instanceof Error || node_util.types.isNativeError(error)) text = error.message || error.name; else if (typeof error === "string") text = error; else {
		try {
			text = JSON.stringify(error) ?? String(error)
		} catch {
			text = String(error)
		}
	}
	return oneLine(text)
}
var isObject = (function (value) {
	return typeof value === "object" && value !== null
})
const SPACE_OR_CONTROL = /[\s\x00-\x1f\x7f-\x9f\xad\u200b\u200e\u200f\u202a-\u202e\u2060-\u206f]/u
const SPACES_OR_CONTROLS = /[\s\x00-\x1f\x7f-\x9f]+/gu
const CONTROL_OTHER_THAN_TAB = /[\x00-\x08\x0a-\x1f\x7f-\x9f]/
const INVISIBLE = /[\x00-\x1f\x7f-\x9f\xad\u200b\u200e\u200f\u2028-\u202e\u2060-\u206f\ufeff]/
const NODE_CA_ADVICE = /; if the root CA is installed locally, try running Node\.js with --use-system-ca/
const PRIVATE_CA_ADVICE = "uses a private certificate authority, pass its certificate in input 'ca-certificate' (or NODE_EXTRA_CA_CERTS, or NODE_USE_SYSTEM_CA=1)"
var oneLine = (function (text) {
	return text.replace(SPACES_OR_CONTROLS, " ").trim()
})
function quote(value, max = 60) {
	return `'${clipWords(oneLine(value), max, /\S+$/)}'`
}
var clipWords = (function (text, max, word = /[^\s"'&=,;:()[\]{}<>|\u2026]+$/) {
	if (text.length <= max) return text
	const cut = text.slice(0, max - 1)
	const split = word.exec(cut)
	if (!split || !word.test(text.charAt(max - 1))) return `${cut}\u2026`
	return `${cut.slice(0, split.index).trimEnd()}\u2026`
})
exports.lZ = ActionError
exports.vs = CONTROL_OTHER_THAN_TAB
exports.kH = INVISIBLE
exports.Bz = NODE_CA_ADVICE
exports.kA = PRIVATE_CA_ADVICE
exports.L$ = SPACES_OR_CONTROLS
exports.JS = SPACE_OR_CONTROL
exports.CS = clipWords
exports.gJ = errorMessage
exports.Gv = isObject
exports.TN = oneLine
exports.hD = quote
}),
88: (function (exports, __require) {
var formEncode = (function (value) {
	return encodeURIComponent(value.toWellFormed()).replaceAll("%20", "+").replaceAll("!", "%21").replaceAll("'", "%27").replaceAll("(", "%28").replaceAll(")", "%29").replaceAll("~", "%7E")
})
exports.p = formEncode
}),
962: (function (exports, __require) {
var _errors = __require(674)
function jwtExpiry(token) {
	const exp = jwtClaims(token)?.exp
	return typeof exp === "number" && exp > 0 && isFinite(exp * 1e3) ? exp * 1e3 : undefined
}
var jwtClaims = (function (token) {
	const parts = token.split(".")
	if (parts.length !== 3 || !parts[1]) return
	try {
		const claims = JSON.parse(Buffer.from(parts[1], "base64url").toString("utf8"))
		if (!_errors.Gv(claims) || Array.isArray(claims)) return
		return claims
	} catch {}
})
exports.l = jwtExpiry
exports.v = jwtClaims
}),
879: (function (exports, __require) {
var _errors = __require(674)
var _config = __require(973)
var _node_crypto = __require(357)
const GITHUB_OIDC = "github-oidc"
const TOKEN_EXCHANGE = "urn:ietf:params:oauth:grant-type:token-exchange"
const JWT_BEARER = "urn:ietf:params:oauth:grant-type:jwt-bearer"
const JWT_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:jwt"
const GITHUB_OIDC_USES = "used with github-oidc (client-auth, subject-token or assertion)"
const NO_SPACES = "must not contain spaces or control characters"
const PEM_LINE_PADDING = /^[ \t]+|(?<![ \t\r])[ \t\r]+$/gm
function plainPem(text) {
	return text.replace(/(\\r)?\\n/g, "\n").replace(/(?<=-----(?:BEGIN|END) [A-Z0-9 ]+-----)(?=\S)|(?<=[^\s-])(?=-----(?:BEGIN|END) )/g, "\n").replace(PEM_LINE_PADDING, "").replace(/(?<! ) +(?=-)|(?<=-) +/g, "\n")
}
const KEYLESS_SECRET_INPUTS = ["subject-token", "assertion", "private-key"]
const TOKEN_ALONE = 'must be the token alone, without spaces, line breaks or "Bearer " in front'
function checkGithubOidcAvailable(keyless, env) {
	if (!usesGithubOidc(keyless)) return
	const unset = ["ACTIONS_ID_TOKEN_REQUEST_URL", "ACTIONS_ID_TOKEN_REQUEST_TOKEN"].find(name => !env[name])
	if (unset) throw noIdToken(`${unset} is not set`)
	const url = env.ACTIONS_ID_TOKEN_REQUEST_URL ?? ""
	if (!URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol)) throw noIdToken("ACTIONS_ID_TOKEN_REQUEST_URL is not an http(s) URL", "unset it, or set the ID token endpoint's URL there")
}
function noIdToken(reason, advice = "add 'permissions: id-token: write' to the workflow or job; the token exists only in GitHub Actions runs, and not for a pull request from a fork") {
	return new _errors.lZ(`Could not get the job's OIDC ID token from GitHub (${reason}): ${advice}`)
}
function usesGithubOidc(keyless) {
	return keyless.clientAuth === "github-oidc" || keyless.subjectToken === GITHUB_OIDC || keyless.assertion === GITHUB_OIDC
}
function keylessParams(keyless) {
	const params = []
	if (keyless.clientAuth) params.push("client_assertion", "client_assertion_type")
	if (keyless.subjectToken) params.push("subject_token", "subject_token_type")
	if (keyless.requestedTokenType) params.push("requested_token_type")
	if (keyless.assertion) params.push("assertion")
	return params
}
const ID_TOKEN_TIMEOUT_MS = 6e4
const KEYLESS_INPUTS = ["oidc-audience", "subject-token", "subject-token-type", "requested-token-type", "assertion", "private-key", "key-id"]
var readKeylessConfig = (function (context) {
	const clientAuth = context.clientAuth === "github-oidc" || context.clientAuth === "private-key-jwt" ? context.clientAuth : undefined
	if (!clientAuth && context.grantType !== TOKEN_EXCHANGE && context.grantType !== JWT_BEARER) {
		const stray = KEYLESS_INPUTS.find((function (name) { return given(context, name); }))
		if (stray) fail(stray, `is not used here: ${usedBy(stray)}`)
		return
	}
	return readKeylessInputs({ ...context, getInput: name => given(context, name) }, clientAuth)
})
var given = (function (context, name) {
	const value = context.getInput(name)
	return name === "subject-token-type" && value === JWT_TOKEN_TYPE ? "" : value
})
function fail(name, problem) {
	throw new _errors.lZ(`input '${name}' ${problem}`)
}
function readKeylessInputs(context, clientAuth) {
	const {getInput, grantType, hasParam, clashes} = context
	const oidcAudience = getInput("oidc-audience")
	const subjectToken = keyword(getInput("subject-token"))
	const subjectTokenType = getInput("subject-token-type")
	const requestedTokenType = getInput("requested-token-type")
	const assertion = keyword(getInput("assertion"))
	const privateKey = getInput("private-key")
	const keyId = getInput("key-id")
	const exchange = grantType === TOKEN_EXCHANGE
	const jwtBearer = grantType === JWT_BEARER
	if (clientAuth && context.clientSecret) _config.fJ("client-secret", `must be empty with client-auth ${clientAuth}, which authenticates the client without it${context.clientSecretHint?.() ?? ""}`)
	if (exchange) {
		if (!subjectToken && !hasParam("subject_token")) fail("subject-token", `is required by grant-type ${TOKEN_EXCHANGE}: github-oidc or a token${context.grantTypeHint?.() ?? ""}`)
		if (!subjectToken && subjectTokenType) fail("subject-token-type", `is only used with input 'subject-token'`)
	} else {
		for (const name of ["subject-token", "subject-token-type", "requested-token-type"]) {
			if (getInput(name)) fail(name, `is only used with grant-type ${TOKEN_EXCHANGE}`)
		}
	}
	if (jwtBearer) {
		if (!assertion && !hasParam("assertion")) fail("assertion", `is required by grant-type ${JWT_BEARER}: github-oidc or a JWT${context.grantTypeHint?.() ?? ""}`)
	} else if (assertion) {
		fail("assertion", `is only used with grant-type ${JWT_BEARER}`)
	}
	for (const [name, value] of [["subject-token-type", subjectTokenType], ["requested-token-type", requestedTokenType]]) {
		if (value && !/^[A-Za-z][A-Za-z0-9+.-]*:[\x21-\x7e]+$/.test(value)) fail(name, `must be a token type URI such as ${JWT_TOKEN_TYPE}; got ${_errors.hD(value)}`)
	}
	for (const [name, value] of [["subject-token", subjectToken], ["assertion", assertion]]) {
		if (_errors.JS.test(value)) fail(name, TOKEN_ALONE)
	}
	let signingKey
	if (clientAuth === "private-key-jwt") {
		if (!privateKey) fail("private-key", "is required by client-auth private-key-jwt: a PEM RSA or EC P-256 key")
		signingKey = readSigningKey(privateKey, keyId)
	} else if (privateKey || keyId) {
		fail(privateKey ? "private-key" : "key-id", "is only used with client-auth private-key-jwt")
	}
	const keyless = {
		clientAuth,
		oidcAudience,
		subjectToken,
		subjectTokenType: subjectToken ? subjectTokenType || JWT_TOKEN_TYPE : "",
		requestedTokenType,
		assertion,
		signingKey
	}
	if (oidcAudience && !usesGithubOidc(keyless)) fail("oidc-audience", `is only ${GITHUB_OIDC_USES}`)
	if (_errors.JS.test(oidcAudience)) fail("oidc-audience", NO_SPACES)
	for (const param of keylessParams(keyless)) {
		if (clashes(param)) fail("extra-params", `sets ${param}, which the action sends itself here: ${param === "subject_token_type" && !subjectTokenType ? "use input 'subject-token-type'" : "remove it"}`)
	}
	if (!clientAuth && !subjectToken && !requestedTokenType && !assertion) return
	return keyless
}
var isGithubOidc = (function (value) {
	return value.toLowerCase().replace("_", "-") === GITHUB_OIDC
})
function keyword(value) {
	return isGithubOidc(value) ? GITHUB_OIDC : value
}
function usedBy(name) {
	if (name === "private-key" || name === "key-id") return "set client-auth: private-key-jwt"
	if (name === "assertion") return `it belongs to grant-type ${JWT_BEARER}`
	if (name === "oidc-audience") return `it is the audience of the GitHub ID token, ${GITHUB_OIDC_USES}`
	return `it belongs to grant-type ${TOKEN_EXCHANGE}`
}
function readSigningKey(pem, keyId) {
	const refused = why => new _errors.lZ(`input 'private-key' must be an unencrypted PEM private key, RSA (2048 bits or more) or EC P-256${why}`)
	const otherType = type => refused(`, not ${type}: ssh-keygen -t ecdsa -m PKCS8 -N '' -f key makes one`)
	if (_errors.JS.test(keyId)) fail("key-id", NO_SPACES)
	if (!pem.includes("-----BEGIN") || !/PRIVATE KEY-----/.test(pem)) {
		if (/^(?:~?\.{0,2}[/\\]|[A-Za-z]:[/\\])\S*$|^\S+\.(?:pem|key)$/i.test(pem)) fail("private-key", `takes the key's PEM text (e.g. \${{ secrets.CLIENT_PRIVATE_KEY }}), not the path of a file`)
		if (/-----BEGIN (RSA |EC )?(PUBLIC KEY|CERTIFICATE)-----/.test(pem)) throw refused(`: it holds a public key or certificate; give the private key`)
		throw refused(`: it has no '-----BEGIN PRIVATE KEY-----' block (or RSA or EC PRIVATE KEY)`)
	}
	if (pem.split("PRIVATE KEY-----").length > 3) throw refused(": it holds more than one key; give one")
	pem = plainPem(pem)
	let key
	try {
		key = _node_crypto.S().createPrivateKey({ key: pem, format: "pem" })
	} catch {
		const type = /^openssh-key-v1.*?\b((?:ssh|ecdsa|sk)-[\w@.-]+)/s.exec(`${Buffer.from(pem.split("KEY-----")[1], "base64")}`)?.[1]
		if (type && !/^(ssh-rsa|ecdsa-sha2-nistp256)$/.test(type)) throw otherType(type)
		throw refused(`: it could not be read: give it whole and unencrypted, as ssh-keygen -p -N '' -m PKCS8 -f copy-of-key rewrites it`)
	}
	const details = key.asymmetricKeyDetails ?? {}
	const rsa = key.asymmetricKeyType === "rsa"
	if (rsa && (details.modulusLength ?? 0) < 2048) throw refused(`: this RSA key has ${details.modulusLength} bits`)
	if (!rsa && key.asymmetricKeyType !== "ec") throw otherType(key.asymmetricKeyType)
	if (!rsa && details.namedCurve !== "prime256v1") throw refused(`: this EC key is on curve ${details.namedCurve}`)
	return { pem, algorithm: rsa ? "RS256" : "ES256", keyId }
}
function readIssuer(issuer, host, tokenPath, defaultTokenPath, allowInsecureHttp, hostHint = "") {
	const both = (input, fix) => fail("issuer", `and input ${input} are both set: ${fix}; with issuer, the token endpoint comes from discovery`)
	if (host) both("'host' (or OAUTH_HOST)", `give one${hostHint}`)
	if (tokenPath && tokenPath !== defaultTokenPath) both("'token-path'", "remove token-path")
	_config.$P("issuer", issuer, allowInsecureHttp)
	if (issuer.length > 8150) fail("issuer", "is over 8,150 characters: shorten it")
	if (issuer.includes("/.well-known/")) fail("issuer", `must be the issuer, not its metadata's URL: remove /.well-known/ and what follows`)
	if (/[^/]\/token\/?$/.test(issuer)) fail("issuer", `is a token endpoint's URL: give the issuer, or this URL as host`)
	return issuer
}
exports.B2 = JWT_TOKEN_TYPE
exports.Eo = readIssuer
exports.GX = GITHUB_OIDC
exports.Kj = TOKEN_EXCHANGE
exports.SQ = checkGithubOidcAvailable
exports.Vj = plainPem
exports.W3 = KEYLESS_SECRET_INPUTS
exports.Xq = isGithubOidc
exports.Xy = usesGithubOidc
exports.eh = JWT_BEARER
exports.fG = readKeylessConfig
exports.jG = KEYLESS_INPUTS
exports.o5 = noIdToken
exports.vW = ID_TOKEN_TIMEOUT_MS
exports.yf = TOKEN_ALONE
}),
578: (function (exports, __require) {
var _config = __require(973)
var _errors = __require(674)
var _keyless_inputs = __require(879)
const DEFAULT_REVOKE_PATH = "/oauth/revoke"
const MIN_HANDOFF_KEY_BYTES = 32
const MAX_MIN_VALIDITY_SECONDS = 31536e3
const TOKEN_REQUEST_DEFAULTS = {
	"token-path": _config.MM,
	"client-auth": "body",
	"body-format": "json",
	timeout: "30",
	retries: "3",
	"allow-insecure-http": "false",
	"revoke-path": DEFAULT_REVOKE_PATH,
	"subject-token-type": _keyless_inputs.B2
}
const TOKEN_REQUEST_INPUTS = [...Object.keys(_config.Le), "extra-params", "headers", "issuer", "ca-certificate", ..._keyless_inputs.jG].filter((function (name) { return !(name in TOKEN_REQUEST_DEFAULTS); }))
function readAsDefault(name, given, value) {
	if (!given || given === value) return true
	if (name === "allow-insecure-http") return given === "False" || given === "FALSE"
	return (name === "body-format" || name === "client-auth") && given.toLowerCase() === value
}
var readLifecycleSecrets = (function (source) {
	return [source.getInput("handoff-key")].filter(Boolean)
})
var readLifecycleOptions = (function (source) {
	const handoffKey = source.getInput("handoff-key")
	if (handoffKey) checkHandoffKey(handoffKey)
	const handoff = source.getInput("handoff")
	const revoke = _config.Vf(source, "revoke", false)
	if (handoff) {
		if (!handoffKey) _config.fJ("handoff", "needs input 'handoff-key': the same secret the minting job used")
		const requestInputs = [...TOKEN_REQUEST_INPUTS.filter(name => source.getInput(name)), ...Object.entries(TOKEN_REQUEST_DEFAULTS).filter(([name, value]) => !readAsDefault(name, source.getInput(name), value)).map(([name]) => name)]
		if (requestInputs.length) {
			const names = new Intl.ListFormat("en").format(requestInputs.map(name => `'${name}'`))
			_config.fJ("handoff", `takes the token from another job and sends no request, so ${names} must not be set: remove ${requestInputs.length > 1 ? "them" : "it"} from this step`)
		}
		if (revoke) _config.fJ("revoke", "must be false with 'handoff': no job revokes a handed-off token (the minting job refuses revoke with handoff-key): remove revoke")
	} else {
		if (handoffKey && !_config.hG(source, "host") && !source.getInput("issuer")) {
			const minting = TOKEN_REQUEST_INPUTS.filter(name => source.getInput(name))
			if (minting.length) _config.fJ("host", `is required to mint a hand-off ('${minting[0]}' is set): the base URL of the API (or input 'issuer'); a step that receives one passes handoff instead`)
			const variable = Object.values(_config.Le).find(name => source.env[name]?.trim())
			_config.fJ("handoff", "is empty: pass handoff: ${{ needs.<job>.outputs.handoff }}, and check that the minting job declares that output and that its log has no \"Skip output 'handoff'\" warning (GitHub drops an output that holds a masked value)" + (variable ? `; or, if this step mints one (${variable} is set), set input 'host' (or OAUTH_HOST)` : ""))
		}
		if (revoke && handoffKey) throw new _errors.lZ("inputs 'revoke' and 'handoff-key' cannot both be set: revoking at the end of this job would cut off the job the token is handed to")
	}
	return Object.freeze({
		revoke,
		revokePath: source.getInput("revoke-path") || DEFAULT_REVOKE_PATH,
		tokenFile: _config.Vf(source, "token-file", false),
		handoffKey,
		handoff,
		minValiditySeconds: _config._0(source, "min-validity", 0, MAX_MIN_VALIDITY_SECONDS, " of seconds"),
		summary: _config.Vf(source, "summary", true)
	})
})
function checkHandoffKey(key) {
	const advice = "make one with 'openssl rand -base64 32' and store it as a secret"
	const bytes = Buffer.byteLength(key, "utf8")
	if (bytes < MIN_HANDOFF_KEY_BYTES) _config.fJ("handoff-key", `must be at least ${MIN_HANDOFF_KEY_BYTES} bytes long (it has ${bytes}): ${advice}`)
	if (new Set(key).size < 8 || /(.{8}).*\1/s.test(key.slice(0, 99))) _config.fJ("handoff-key", `repeats characters, so it is not random: ${advice}`)
	const bits = /^[\da-f]+$/i.test(key) ? 4 : /^[\w+/-]+=*$/.test(key) ? 6 : 0
	const digits = key.replace(/=+$/, "").length
	if (bits && digits * bits < 256) _config.fJ("handoff-key", `has ${digits} ${bits === 4 ? "hex" : "base64"} digits, ${bits} bits each: 32 bytes of entropy take ${bits === 4 ? 64 : 43}; ${advice}`)
}
var checkRevokeWithIssuer = (function (lifecycle, issuer) {
	if (issuer && lifecycle.revokePath !== DEFAULT_REVOKE_PATH) _config.fJ("revoke-path", "cannot be used with 'issuer': the revocation endpoint comes from the issuer's metadata; remove revoke-path")
})
exports.OT = checkRevokeWithIssuer
exports.fA = readLifecycleOptions
exports.ui = readLifecycleSecrets
}),
625: (function (exports, __require) {
var _errors = __require(674)
var _redact = __require(670)
const LINE_BREAKS = /\r\n|\r|\n/g
const PEM_ARMOUR = /^\s*-----(BEGIN|END) [A-Z0-9 ]+-----\s*$/
var loggable = (function (text, secrets) {
	return _redact.E$(text, secrets).replaceAll("##[", "## [")
})
var secretLog = (function (core) {
	const secrets = []
	const mask = (function (values) {
		for (const value of values) {
			const lines = value.includes("\n") || value.includes("\r") ? value.split(LINE_BREAKS).filter(line => line.trim().length >= 4 && !PEM_ARMOUR.test(line)) : []
			for (const part of [value, ...lines, JSON.stringify(value).slice(1, -1)]) {
				if (!value.trim() || secrets.includes(part)) continue
				secrets.push(part)
				core.setSecret(part)
			}
		}
	})
	const line = (function (text) { return loggable(text, secrets); })
	const say = {
		info: (function (text) { return core.info(line(text).replace(LINE_BREAKS, " ")); }),
		debug: (function (text) { return core.debug(line(text)); }),
		warning: text => core.warning(line(text))
	}
	return { secrets, mask, say }
})
function checkNodeDebug(value) {
	const alternatives = value.replace(/[|\\{}()[\]^$+?.]/g, "\\$&").replaceAll("*", ".*").replaceAll(",", "|")
	const sections = RegExp(`^(${alternatives})$`, "i")
	const enables = section => sections.test(section)
	if (enables("stream")) throw new _errors.lZ("NODE_DEBUG enables Node's stream section, which prints the start of each answer in hex, tokens among them, where no mask can hide them: unset NODE_DEBUG for this step")
	const network = ["http", "https", "http2", "net", "tls"].find(enables)
	if (network) throw new _errors.lZ(`NODE_DEBUG enables Node's ${network} section, which prints each request's headers, credentials among them, on stderr, where the runner may log them before it has their masks: unset NODE_DEBUG for this step`)
}
exports.D$ = secretLog
exports.kS = checkNodeDebug
exports.oM = loggable
}),
374: (function (exports, __require) {
var src_config = __require(973)
var node_fs = require("node:fs")
var jwt = __require(962)
var node_crypto = __require(357)
var redact = __require(670)
// ./src/sha256.ts
const PRIMES = Int32Array.from("2 3 5 7 11 13 17 19 23 29 31 37 41 43 47 53 59 61 67 71 73 79 83 89 97 101 103 107 109 113 127 131 137 139 149 151 157 163 167 173 179 181 191 193 197 199 211 223 227 229 233 239 241 251 257 263 269 271 277 281 283 293 307 311".split(" "), Number)
const fraction = (function (x) { return (x - Math.floor(x)) * 2 ** 32 | 0; })
const K = Int32Array.from(PRIMES, (function (p) { return fraction(Math.cbrt(p)); }))
const H = Int32Array.from(PRIMES.slice(0, 8), (function (p) { return fraction(Math.sqrt(p)); }))
var sha256 = (function (text) {
	const bytes = Buffer.from(text, "utf8")
	const words = new Int32Array((bytes.length + 8 >> 6) * 16 + 16)
	for (let i = 0; i < bytes.length; i++) words[i >> 2] |= bytes[i] << 24 - 8 * (i & 3)
	words[bytes.length >> 2] |= 128 << 24 - 8 * (bytes.length & 3)
	words[words.length - 2] = bytes.length / 2 ** 29
	words[words.length - 1] = bytes.length << 3
	const hash = H.slice()
	const w = new Int32Array(64)
	for (let block = 0; block < words.length; block += 16) {
		for (let t = 0; t < 16; t++) w[t] = words[block + t]
		for (let t = 16; t < 64; t++) {
			const x = w[t - 15]
			const y = w[t - 2]
			w[t] = ((x >>> 7 | x << 25) ^ (x >>> 18 | x << 14) ^ x >>> 3) + ((y >>> 17 | y << 15) ^ (y >>> 19 | y << 13) ^ y >>> 10) + w[t - 7] + w[t - 16]
		}
		let [a, b, c, d, e, f, g, h] = hash
		for (let t = 0; t < 64; t++) {
			const t1 = h + ((e >>> 6 | e << 26) ^ (e >>> 11 | e << 21) ^ (e >>> 25 | e << 7)) + (e & f ^ ~e & g) + K[t] + w[t]
			const t2 = ((a >>> 2 | a << 30) ^ (a >>> 13 | a << 19) ^ (a >>> 22 | a << 10)) + (a & b ^ a & c ^ b & c)
			h = g
			g = f
			f = e
			e = d + t1 | 0
			d = c
			c = b
			b = a
			a = t1 + t2 | 0
		}
		hash[0] += a
		hash[1] += b
		hash[2] += c
		hash[3] += d
		hash[4] += e
		hash[5] += f
		hash[6] += g
		hash[7] += h
	}
	return Array.from(hash, (function (word) { return (word >>> 0).toString(16).padStart(8, "0"); })).join("")
})
// ./src/diagnostics.ts
const SHORT_LIFETIME_S = 600
const MAX_HASHED_HERE = 4096
const MIN_FINGERPRINTED_LENGTH = 16
var fingerprint = (function (accessToken) {
	const digest = node_crypto.R() || accessToken.length > MAX_HASHED_HERE ? node_crypto.S().hash("sha256", accessToken, "hex") : sha256(accessToken)
	return digest.slice(0, 12)
})
var describeFingerprint = (function (accessToken) {
	return accessToken.length < MIN_FINGERPRINTED_LENGTH ? `withheld (a token of under ${MIN_FINGERPRINTED_LENGTH} characters could be guessed from it)` : `sha256:${fingerprint(accessToken)}`
})
var tokenFacts = (function (token, origin, secrets) {
	return [["endpoint", shownEndpoint(origin.endpoint, secrets)], ["grant type", origin.grantType], ["client auth", origin.clientAuth], ["token type", redact.Tn(token.tokenType, secrets, 40)], ["scope", token.scope ? redact.Tn(token.scope, secrets, 200) : "(none returned)"], ["expires at", token.expiresAt || "unknown"], ["fingerprint", describeFingerprint(token.accessToken)]]
})
var shownEndpoint = (function (endpoint, secrets) {
	const [path = "", query] = endpoint.split(/\?(.*)/s)
	const names = query?.split("&").map(pair => pair.includes("=") ? `${pair.split("=")[0]}=***` : "***")
	return redact.E$(names ? `${path}?${names.join("&")}` : path, secrets)
})
const CLAIMS = ["iss", "sub", "aud", "scope", "scp", "exp", "iat"]
var claimFacts = (function (accessToken, secrets) {
	const claims = jwt.v(accessToken)
	if (!claims) return []
	const facts = []
	for (const name of CLAIMS) {
		const value = claims[name]
		if (value == null) continue
		const described = describeClaim(name, value, secrets)
		if (described) facts.push([name, described])
	}
	return facts
})
var describeClaim = (function (name, value, secrets) {
	if ((name === "exp" || name === "iat") && typeof value === "number") {
		const date = new Date(value * 1e3)
		const iso = isNaN(date.getTime()) ? "" : ` (${date.toISOString().slice(0, -5)}Z)`
		return `${value}${iso}`
	}
	const text = typeof value === "string" ? value : Array.isArray(value) && value.every(item => typeof item === "string") ? value.join(name === "aud" ? ", " : " ") : shownJson(value)
	return redact.Tn(text, secrets, 120)
})
function shownJson(value) {
	try {
		return JSON.stringify(value)
	} catch {
		return "(nested too deeply to show)"
	}
}
var describeFacts = (function (facts, claims) {
	const join = (function (items) { return items.map((function ([label, value]) { return `${label} ${value}`; })).join("; "); })
	const lines = [`Token: ${join(facts)}`]
	if (claims.length) lines.push(`JWT claims (decoded, not verified): ${join(claims)}`)
	return lines
})
var checkValidity = (function (expiresAt, now, minValiditySeconds, lifetime) {
	if (!expiresAt) return minValiditySeconds > 0 ? {
		warning: `min-validity is ${minValiditySeconds} s, but the token's lifetime is unknown (no usable expires_in in the answer, no exp in a JWT access token), so it was not checked`
	} : {}
	const left = lifetime ?? Math.floor((Date.parse(expiresAt) - now) / 1e3)
	if (left < 0) {
		const expired = `The token already expired at ${expiresAt}, ${-left} s ago: check the server's clock and this runner's`
		return minValiditySeconds ? { failure: expired } : { warning: expired, expired: true }
	}
	const advice = minValiditySeconds ? "" : "; set min-validity to fail early instead"
	const short = left <= SHORT_LIFETIME_S ? {
		warning: `The token expires at ${expiresAt}, in ${left} s: steps that run longer will be refused${advice}`
	} : {}
	if (minValiditySeconds > 0 && left < minValiditySeconds) return {
		...short,
		failure: `The token expires at ${expiresAt}, in ${left} s, sooner than min-validity (${minValiditySeconds} s): ask the server for a longer lifetime, or lower min-validity`
	}
	return short
})
var errors = __require(674)
var post_state = __require(653)
// ./src/publish.ts
var tokenSecrets = (function (token) {
	return [token.accessToken, token.authorization, token.refreshToken, token.idToken].filter(Boolean)
})
var publishToken = (function (token, exportEnv, core) {
	const outputs = {
		"access-token": token.accessToken,
		"token-type": token.tokenType,
		authorization: token.authorization,
		"expires-in": token.expiresIn,
		"expires-at": token.expiresAt,
		"refresh-token": token.refreshToken,
		"id-token": token.idToken,
		scope: token.scope
	}
	for (const [name, value] of Object.entries(outputs)) core.setOutput(name, value)
	if (token.issuedTokenType) core.setOutput("issued-token-type", token.issuedTokenType)
	if (exportEnv) core.exportVariable(exportEnv, token.accessToken)
})
var src_response = __require(124)
// ./src/summary.ts
var summaryMarkdown = (function (facts, step = "") {
	const rows = facts.map((function ([label, value]) { return `| ${label} | ${cell(value)} |`; }))
	const heading = /^(?!__)./.test(step) ? ` (step ${cell(step)})` : ""
	return [`### OAuth 2.0 token${heading}`, "", "| | |", "| --- | --- |", ...rows, ""].join("\n")
})
var cell = (function (text) {
	const value = text.replace(errors.L$, " ").trim().replaceAll("|", "\\|")
	if (!value) return ""
	let fence = "`"
	while (value.includes(fence)) fence += "`"
	return `${fence} ${value} ${fence}`
})
var keyless_inputs = __require(879)
// ./src/runner-protocol.ts
const EOL = process.platform === "win32" ? "\r\n" : "\n"
var issueCommand = (function (name, message) {
	const data = message.replaceAll("%", "%25").replaceAll("\r", "%0D").replaceAll("\n", "%0A")
	process.stdout.write(`::${name}::${data}${EOL}`)
})
var randomUuid = (function () {
	const hex = (function (digits) { return Math.floor(Math.random() * 16 ** digits).toString(16).padStart(digits, "0"); })
	const variant = (8 + Math.floor(Math.random() * 4)).toString(16)
	return `${hex(8)}-${hex(4)}-4${hex(3)}-${variant}${hex(3)}-${hex(12)}`
})
var issueFileCommand = (function (kind, name, value) {
	const path = process.env[`GITHUB_${kind}`]
	if (!path) throw new Error(`Unable to find environment variable for file command ${kind}`)
	if (!node_fs.existsSync(path)) throw new Error(`Missing file at path: ${path}`)
	const delimiter = `ghadelimiter_${randomUuid()}`
	for (const [what, text] of [["name", name], ["value", value]]) {
		if (text.includes(delimiter)) throw new Error(`Unexpected input: ${what} should not contain the delimiter "${delimiter}"`)
	}
	try {
		node_fs.appendFileSync(path, `${name}<<${delimiter}${EOL}${value}${EOL}${delimiter}${EOL}`, "utf8")
	} catch (error) {
		const {code, message} = error
		const advice = code === "ENOSPC" ? "; free space on the runner's disk" : ""
		throw new Error(`Could not write GITHUB_${kind} (${path}): ${message}${advice}`, {
			cause: error
		})
	}
})
const DIRECTORY = "a directory, not a file"
var runnerFileProblem = (function (path) {
	try {
		node_fs.accessSync(path, node_fs.constants.W_OK)
		const file = node_fs.statSync(path)
		return file.isDirectory() ? DIRECTORY : file.isFIFO() ? "a pipe" : undefined
	} catch (error) {
		return /^ENO(?:ENT|TDIR)$/.test(`${error.code}`) ? "a file that does not exist" : "a file this step may not write"
	}
})
var checkRunnerFile = (function (env, name, orElse = "") {
	const problem = runnerFileProblem(env[name] ?? "")
	if (problem) throw new errors.lZ(`${name} names ${problem} (${env[name]}): the runner makes it for each step, so run this action as a step of a workflow${orElse}`)
})
var getInput = (function (name) {
	return (process.env[`INPUT_${name.replaceAll(" ", "_").toUpperCase()}`] || "").trim()
})
var setSecret = (function (secret) {
	issueCommand("add-mask", secret)
})
var setOutput = (function (name, value) {
	issueFileCommand("OUTPUT", name, value)
})
var exportVariable = (function (name, value) {
	process.env[name] = value
	issueFileCommand("ENV", name, value)
})
var info = (function (message) {
	process.stdout.write(message + EOL)
})
var debug = (function (message) {
	issueCommand("debug", message)
})
function warning(message) {
	issueCommand("warning", message)
}
function setFailed(message) {
	process.exitCode = 1
	issueCommand("error", message)
}
var saveState = (function (name, value) {
	issueFileCommand("STATE", name, value)
})
function getState(name) {
	return process.env[`STATE_${name}`] || ""
}
var appendSummary = (async function (markdown) {
	const path = process.env.GITHUB_STEP_SUMMARY
	if (!path) throw new Error("Unable to find environment variable for $GITHUB_STEP_SUMMARY. Check if your runtime environment supports job summaries.")
	const problem = runnerFileProblem(path)
	if (problem) throw new Error(`GITHUB_STEP_SUMMARY names ${problem} (${path}): set summary: false`)
	node_fs.appendFileSync(path, markdown + EOL, "utf8")
})
async function getIDToken(audience, timeoutMs, ca) {
	const oidc = await __require.i(617)
	oidc.oidcTransport.ca = ca
	oidc.oidcTransport.log = info
	if (timeoutMs) oidc.oidcTransport.timeoutMs = Math.min(timeoutMs, keyless_inputs.vW)
	return oidc.getIDToken(audience)
}
const runnerProtocol = {
	getInput,
	setSecret,
	setOutput,
	exportVariable,
	info,
	debug,
	warning,
	setFailed,
	saveState,
	getState,
	appendSummary,
	getIDToken
}
// ./src/deliver.ts
const TOKEN_FILE_ENV = "ACCESS_TOKEN_FILE"
var checkLifecycleEnvironment = (function (lifecycle, exportEnv, env) {
	if (lifecycle.revoke || lifecycle.tokenFile) {
		if (!env.GITHUB_STATE) throw new errors.lZ("GITHUB_STATE is not set: revoke and token-file need a current GitHub Actions runner to hand state to the post step; else set revoke: false and token-file: false")
		checkRunnerFile(env, "GITHUB_STATE", ", or set revoke: false and token-file: false")
	}
	if (!lifecycle.tokenFile) return
	const needsTemp = "token-file needs the runner's temporary directory; run on a GitHub Actions runner or set token-file: false"
	if (!env.RUNNER_TEMP) throw new errors.lZ(`RUNNER_TEMP is not set: ${needsTemp}`)
	if (runnerFileProblem(env.RUNNER_TEMP) !== DIRECTORY) throw new errors.lZ(`RUNNER_TEMP names no directory this step may write in (${env.RUNNER_TEMP}): ${needsTemp}`)
	if (exportEnv.toUpperCase() === TOKEN_FILE_ENV) src_config.fJ("export-env", `must not be ${TOKEN_FILE_ENV} with token-file: true, which puts the file's path there`)
})
var deliverToken = (async function (token, origin, delivery) {
	const {core, log, lifecycle, exportEnv} = delivery
	const {say, secrets} = log
	const revokeState = lifecycle.revoke && delivery.revocationUrl ? post_state.B2({
		url: delivery.revocationUrl.href,
		tokens: revocableTokens(token, delivery.inputRefreshToken ?? ""),
		tokenEndpoint: delivery.tokenEndpoint,
		clientId: delivery.clientId,
		grantType: origin.grantType
	}) : ""
	checkEnvironmentSize(`STATE_${post_state.Z0}`, revokeState, "The tokens are too long to hand to the post step", "the post step could not start; set revoke: false")
	if (revokeState) core.saveState(post_state.Z0, revokeState)
	let tokenFile = ""
	if (lifecycle.tokenFile) {
		const {tokenFilePath} = await __require.i(361)
		tokenFile = tokenFilePath(delivery.env.RUNNER_TEMP ?? "")
		core.saveState(post_state.h1, tokenFile)
	}
	const validity = checkValidity(token.expiresAt, delivery.now, lifecycle.minValiditySeconds, lifecycle.handoff || !token.expiresIn ? undefined : Math.floor(Number(token.expiresIn)))
	if (validity.warning) say.warning(validity.warning)
	if (validity.failure) throw new errors.lZ(validity.failure)
	checkEnvironmentSize(exportEnv, exportEnv ? token.accessToken : "", "The access token is too long for an environment variable", "no later step could start; set export-env: '' and pass the token from output access-token or token-file")
	const shown = delivery.shown ?? {
		facts: tokenFacts(token, origin, secrets),
		claims: claimFacts(token.accessToken, secrets)
	}
	const {facts, claims} = shown
	const sealFor = lifecycle.handoff ? undefined : delivery.binding
	let handoff = ""
	if (sealFor) {
		const {sealHandoff} = await __require.i(370, 989)
		const held = value => value && handoff.includes(value)
		const masked = [...secrets, delivery.clientId ?? "", delivery.username ?? ""]
		const sealed = {
			facts: tokenFacts(token, origin, masked),
			claims: claimFacts(token.accessToken, masked)
		}
		let tries = 48
		const contents = { token, origin, shown: sealed, exportEnv }
		do {
			handoff = sealHandoff(contents, lifecycle.handoffKey, sealFor)
		} while ((tries > 16 ? masked : secrets).some(held) && --tries)
		if (secrets.some(held)) say.warning("GitHub drops output handoff: a short secret is in it; lengthen the secret")
		checkEnvironmentSize("INPUT_HANDOFF", handoff, "The token set is too long to hand off", "the receiving step could not start; request the token in that job instead", "linux")
	}
	if (tokenFile) {
		const {writeTokenFile} = await __require.i(361)
		writeTokenFile(tokenFile, token.accessToken)
	}
	const sizes = [delivery.env.GITHUB_OUTPUT, exportEnv && delivery.env.GITHUB_ENV].flatMap((function (path) { return path ? [[path, node_fs.statSync(path).size]] : []; }))
	try {
		publishToken(token, exportEnv, core)
		if (tokenFile) {
			core.setOutput("token-file", tokenFile)
			if (exportEnv) core.exportVariable(TOKEN_FILE_ENV, tokenFile)
		}
		if (handoff) core.setOutput("handoff", handoff)
	} catch (error) {
		for (const [path, size] of sizes) {
			try {
				node_fs.truncateSync(path, size)
			} catch {}
		}
		throw error
	}
	const expiry = token.expiresAt ? `, ${validity.expired ? "already expired at" : "valid until"} ${token.expiresAt}` : ""
	const exported = exportEnv ? ` and in $${exportEnv}` : ""
	const verb = lifecycle.handoff ? "Received" : "Got"
	const type = facts.find((function ([label]) { return label === "token type"; }))?.[1] ?? ""
	say.info(`${verb} a ${type} token${expiry}: in the step's outputs${exported}.`)
	for (const line of describeFacts(facts, claims)) say.info(line)
	if (tokenFile) {
		const access = process.platform === "win32" ? "" : " (mode 0600)"
		say.info(`Token file: ${tokenFile}${access}, deleted when the job ends.`)
	}
	if (sealFor) say.info("Hand-off: sealed in output handoff for later jobs of this run.")
	if (lifecycle.revoke) {
		say.info(`Revocation: at the end of the job, at ${delivery.revocationUrl?.href ?? ""}.`)
		if (token.refreshToken && token.refreshToken === delivery.inputRefreshToken) say.info("The refresh token is the one input 'refresh-token' gave, which later runs need: it is not revoked (though RFC 7009 section 2.1 lets a server end it with the access token).")
	}
	if (lifecycle.summary && delivery.env.GITHUB_STEP_SUMMARY) {
		const rows = [...facts, ...claims.map((function ([name, value]) { return [`JWT ${name}`, value]; })), ["token file", tokenFile ? "yes, deleted when the job ends" : "no"], ["hand-off", lifecycle.handoff ? `received (run ${delivery.binding?.runId ?? ""})` : sealFor ? "sealed for later jobs" : "no"], ["revoked at job end", lifecycle.revoke ? "yes" : "no"]]
		await writeSummary(rows, delivery)
	}
})
var writeSummary = (async function (rows, {core, log, env}) {
	try {
		const markdown = summaryMarkdown(rows.map((function ([label, value]) { return [label, redact.E$(value, log.secrets)]; })), env.GITHUB_ACTION)
		await core.appendSummary(markdown)
	} catch (error) {
		log.say.warning(`Could not write the job summary: ${errors.gJ(error)}`)
	}
})
var checkEnvironmentSize = (function (name, value, what, consequence, platform = process.platform) {
	if (!value) return
	const bytes = Buffer.byteLength(`${name}=${value}`) + 1
	const over = platform === "linux" && bytes > 131072 ? `${bytes - 1} bytes; Linux holds under 128 KiB` : platform === "win32" && value.length > 32766 ? `${value.length} characters; Node on Windows reads 32,766` : ""
	if (over) throw new errors.lZ(`${what}: ${name} would be ${over} in one variable, so ${consequence}`)
})
function revocableTokens(token, inputRefreshToken) {
	const noLifetime = token.expiresIn !== "" && !Number(token.expiresIn)
	const tokens = [{
		token: token.accessToken,
		hint: "access_token",
		expiresAt: noLifetime ? "" : token.expiresAt
	}]
	if (token.refreshToken && token.refreshToken !== inputRefreshToken) {
		const expiresAt = src_response.nE(jwt.l(token.refreshToken) ?? NaN)
		tokens.push({ token: token.refreshToken, hint: "refresh_token", expiresAt })
	}
	return tokens
}
var lifecycle_config = __require(578)
var src_log = __require(625)
var proxy_variable = __require(643)
var src_request = __require(390)
var retry = __require(809)
var transport = __require(646)
var trust = __require(689)
// ./src/token.ts
var requestToken = (async function (first, config, deps) {
	let request = first
	const failure = (detail, attempts = 1, last) => new errors.lZ(`Token request to ${request.url.href} failed${retry.ln(attempts, last)}: ${detail}`)
	const secrets = [config.clientSecret, config.password, config.refreshToken, ...request.secrets, ...deps.secrets ?? []]
	const options = { timeoutMs: config.timeoutMs, ca: trust.g3(config.caCertificates) }
	let sentAt = 0
	let sent = 0
	let answered = ""
	const attempt = (async function () {
		if (sent++ && deps.renew) {
			const renewed = await deps.renew().catch(() => undefined)
			if (renewed) {
				request = renewed
				secrets.push(...renewed.secrets)
			}
		}
		sentAt = deps.clock.now()
		const outcome = await attemptOnce()
		const line = `${describeOutcome(outcome)} in ${deps.clock.now() - sentAt} ms`
		const status = outcome.kind === "response" ? outcome.response.status : 0
		if (status >= 200 && status < 300) answered = line; else deps.debug(line)
		return outcome
	})
	const usedOnce = src_config.CM(config.grantType)
	const attemptOnce = (async function () {
		try {
			const response = await deps.send(request, options)
			if (src_response.bU(response) && !usedOnce) return {
				kind: "error",
				error: new transport.wX(describeTruncated(response), transport.vj)
			}
			return { kind: "response", response }
		} catch (error) {
			const transportError = transport.WM(error)
			const {status = 0} = transportError
			if (usedOnce && status >= 200 && status < 300) {
				const cut = transportError.code === "HPE_HEADER_OVERFLOW" ? `HTTP ${status} answer with headers larger than Node accepts (16 KiB)` : `HTTP ${status} answer cut off before its end (${transportError.message})`
				return { kind: "error", error: new transport.wX(cut, transport.$O) }
			}
			return { kind: "error", error: transportError }
		}
	})
	const {outcome, attempts} = await retry.sT(attempt, config, deps.clock, deps.log)
	if (outcome.kind === "error") {
		const {describeTransportError} = await __require.i(320)
		throw failure(describeTransportError(outcome.error, config, secrets), attempts, outcome)
	}
	const {response} = outcome
	if (response.status < 200 || response.status >= 300) {
		const {describeHttpFailure} = await __require.i(320)
		throw failure(describeHttpFailure(response, config, secrets), attempts, outcome)
	}
	try {
		const token = src_response.AI(response, sentAt, secrets)
		deps.mask?.(tokenSecrets(token))
		return token
	} catch (error) {
		if (!(error instanceof src_response.T0)) throw error
		const {describeBadResponse} = await __require.i(320)
		throw failure(describeBadResponse(error, response.status, config), attempts)
	} finally {
		deps.debug(answered)
	}
})
function describeTruncated(response) {
	return `HTTP ${response.status} (${src_response.JL(response)}) with truncated or invalid JSON (${src_response.GJ(response.body)}); the connection may have dropped, or the server sends broken JSON: check the server, and any proxy on the way`
}
var describeOutcome = (function (outcome) {
	if (outcome.kind === "error") return `Attempt failed: ${outcome.error.code}`
	const {response} = outcome
	return `Answer: HTTP ${response.status} (${src_response.JL(response)}, ${src_response.GJ(response.body)})`
})
// ./src/main.ts
var defaultRuntime = (function () {
	return {
		core: runnerProtocol,
		env: process.env,
		send: transport.tN,
		clock: {
			now: (function () { return Date.now(); }),
			sleep: ms => new Promise(resolve => setTimeout(resolve, ms)),
			random: () => Math.random()
		}
	}
})
var run = (async function (runtime = defaultRuntime()) {
	const {core, env} = runtime
	const log = src_log.D$(core)
	const {secrets, mask, say} = log
	try {
		const source = {
			getInput: (function (name) { return core.getInput(name); }),
			env
		}
		mask(src_config.It(source))
		mask(lifecycle_config.ui(source))
		const state = env.GITHUB_STATE
		if (state && !runnerFileProblem(state)) for (const name of post_state.Yc) core.saveState(name, "")
		const lifecycle = lifecycle_config.fA(source)
		if (lifecycle.handoff) {
			await receiveHandoff(lifecycle, source, runtime, log)
			return
		}
		let config = src_config.Xg(source)
		mask(src_request.gU(config))
		mask(await proxy_variable.tt(config.tokenUrl, env))
		checkRunnerFiles(config.exportEnv, env)
		if (env.NODE_DEBUG) src_log.kS(env.NODE_DEBUG)
		checkLifecycleEnvironment(lifecycle, config.exportEnv, env)
		lifecycle_config.OT(lifecycle, config.issuer)
		if (config.keyless) keyless_inputs.SQ(config.keyless, env)
		for (const warning of src_config.O$(source, config)) say.warning(warning)
		const binding = lifecycle.handoffKey ? (await __require.i(370, 989)).handoffBinding(env) : undefined
		const sending = {
			send: runtime.send,
			clock: runtime.clock,
			log: say.info,
			debug: say.debug,
			secrets
		}
		let endpoints
		if (config.issuer) {
			const {discoverEndpoints} = await __require.i(989, 370)
			endpoints = await discoverEndpoints(config, sending)
			config = Object.freeze({ ...config, tokenUrl: endpoints.tokenEndpoint })
		}
		const revocationUrl = lifecycle.revoke ? (await __require.i(951)).revocationEndpoint(src_config.hG(source, "host"), lifecycle.revokePath, config, endpoints) : undefined
		const tokenRequest = (async function () {
			const next = src_request.Xl(config, await runTimeCredentials(config, runtime, say, mask))
			mask(next.secrets)
			return next
		})
		const request = await tokenRequest()
		if (endpoints) mask(await proxy_variable.tt(request.url, env))
		say.info(`Requesting a token from ${request.url.href} (grant_type ${config.grantType})`)
		say.debug(describeSettings(config, request))
		const token = await requestToken(request, config, {
			...sending,
			// The token's secrets, masked as soon as the answer is read, before anything else.
			mask,
			renew: config.keyless ? tokenRequest : undefined
		})
		for (const warning of token.warnings) say.warning(warning)
		const origin = {
			endpoint: request.url.href,
			grantType: config.grantType,
			clientAuth: config.clientAuth
		}
		await deliverToken(token, origin, {
			core,
			log,
			env,
			now: runtime.clock.now(),
			lifecycle,
			exportEnv: config.exportEnv,
			revocationUrl,
			tokenEndpoint: endpoints?.tokenEndpoint.href,
			clientId: config.clientId,
			username: config.username,
			inputRefreshToken: config.refreshToken,
			binding
		})
	} catch (error) {
		core.setFailed(src_log.oM(errors.gJ(error), secrets))
	}
})
async function receiveHandoff(lifecycle, source, runtime, log) {
	const {core, env} = runtime
	const {handedExportEnv, handoffBinding, openHandoff} = await __require.i(370, 989)
	const binding = handoffBinding(env)
	const now = runtime.clock.now()
	const {token, origin, shown, exportEnv: minted} = openHandoff(lifecycle.handoff, lifecycle.handoffKey, binding, now)
	log.mask(tokenSecrets(token))
	const exportEnv = handedExportEnv(source, minted, name => checkLifecycleEnvironment(lifecycle, name, env))
	checkRunnerFiles(exportEnv, env)
	await deliverToken(token, origin, { core, log, env, now, lifecycle, exportEnv, binding, shown })
}
async function runPost(runtime = defaultRuntime()) {
	const {post} = await __require.i(661)
	await post(runtime)
}
var runTimeCredentials = (async function (config, runtime, say, mask) {
	if (!config.keyless) return {}
	const {keylessCredentials, stepKeylessDeps} = await __require.i(405)
	return keylessCredentials(config.keyless, config, stepKeylessDeps(config, runtime, mask, say.info))
})
var checkRunnerFiles = (function (exportEnv, env) {
	if (!env.GITHUB_OUTPUT) throw new errors.lZ("GITHUB_OUTPUT is not set: run this action on GitHub Actions runner 2.297 or later")
	if (exportEnv && !env.GITHUB_ENV) throw new errors.lZ("GITHUB_ENV is not set: run this action on a current GitHub Actions runner, or set export-env: ''")
	checkRunnerFile(env, "GITHUB_OUTPUT")
	if (exportEnv) checkRunnerFile(env, "GITHUB_ENV")
})
var describeSettings = (function (config, request) {
	const names = (function (pairs) { return pairs.map(([name]) => name).join(", ") || "none"; })
	return [`body-format ${config.bodyFormat}`, `client-auth ${config.clientAuth}`, `timeout ${config.timeoutMs / 1e3} s`, `retries ${config.retries}`, `extra params: ${names(config.extraParams)}`, `headers: ${Object.keys(request.headers).join(", ")}`, `ca-certificate: ${config.caCertificates.length} certificate(s)`].join("; ")
})
exports.defaultRuntime = defaultRuntime
exports.run = run
exports.runPost = runPost
}),
357: (function (exports, __require) {
function nodeCrypto() {
	return process.getBuiltinModule("node:crypto")
}
var isNodeCryptoLoaded = (function () {
	const loaded = process.moduleLoadList
	return loaded?.includes("NativeModule crypto") ?? false
})
exports.R = isNodeCryptoLoaded
exports.S = nodeCrypto
}),
653: (function (exports, __require) {
const TOKEN_FILE_STATE = "token-file"
const REVOKE_STATE = "revoke"
const POST_STATES = [REVOKE_STATE, TOKEN_FILE_STATE]
function serializeRevocation(state) {
	return JSON.stringify(state)
}
exports.B2 = serializeRevocation
exports.Yc = POST_STATES
exports.Z0 = REVOKE_STATE
exports.h1 = TOKEN_FILE_STATE
}),
643: (function (exports, __require) {
function proxyVariable(url, env = process.env, variable = schemeVariable(url)) {
	const lower = variable.toLowerCase()
	return env[lower] && Object.keys(env).includes(lower) ? lower : variable
}
var proxyValue = (function (url, env) {
	const variable = schemeVariable(url)
	return env[variable.toLowerCase()] || env[variable] || ""
})
var schemeVariable = (function (url) {
	return url.protocol === "https:" ? "HTTPS_PROXY" : "HTTP_PROXY"
})
var proxySecretsFor = (async function (url, env) {
	if (!proxyValue(url, env)) return []
	const {proxySecrets} = await __require.i(238)
	return proxySecrets(url, env)
})
exports.eU = proxyValue
exports.rw = proxyVariable
exports.tt = proxySecretsFor
}),
670: (function (exports, __require) {
var _errors = __require(674)
var _form_encode = __require(88)
var _charset = __require(519)
const MASK = "***"
var redact = (function (text, secrets, fromServer = false) {
	const known = knownForms(secrets)
	const forms = fromServer ? serverForms(known) : known.forms
	const spans = findAll(text, known, forms)
	if (fromServer) spans.push(...base64Spans(text, forms))
	const ways = fromServer ? [BREAKS, .../\s/.test(secrets.join("").replaceAll("Bearer ", "")) || /%/.test(text) && /%(25)?0[ad]\+/i.test(text) ? [RegExp(`${BREAKS.source}|[\\s+]+|%20`, "gi")] : []] : []
	if (fromServer && /\\\\[rn]/i.test(text)) ways.push(once ??= RegExp(BREAKS.source.replace("\\\\?[rn]", "[rn]"), "gi"))
	if (fromServer && /</.test(text) && /<[!/a-z][^<>]*[\n\r\x85\\]/i.test(text)) ways.push(spanning ??= RegExp(BREAKS.source.replace("&%]", "&%\\n\\r\\x85\\\\]"), "gi"))
	const texts = ways.length ? [text, fold(text)] : []
	for (const breaks of ways) {
		let unbroken
		for (const each of texts) {
			const whole = withoutBreaks(each, breaks)
			if (whole.decoded === text) continue
			unbroken ??= unbrokenForms(forms, breaks)
			mapBack(spans, whole, findAll(whole.decoded, known, unbroken))
		}
	}
	for (const json of [true, false]) {
		for (let layer = peel(text, json), depth = 1; layer; depth++) {
			const found = findAll(layer.decoded, known, forms)
			if (fromServer && !json) found.push(...base64Spans(layer.decoded, forms))
			mapBack(spans, layer, found)
			layer = depth < 2 ? peel(layer.decoded, json, layer) : undefined
		}
	}
	return spans.length ? mask(text, spans) : text
})
const BREAKS = /(?:[\r\n\x85\u00ad\u200b-\u200d\u2060\ufeff]|\\\\?[rn]|\\x0[ad]|%(?:25)?0[ad]|\\u(?:000[ad]|00ad|200[b-d]|2060|feff)|&(?:shy|zerowidthspace|#0*(?:1[03]|173|8203)|#x0*(?:ad|[ad]|200b));|<[!/a-z](?:[^<>&%]|&(?!#)|%(?!0))*>)(?:\s|\\t|&#x?0*9;|&nbsp;|%(?:25)?(?:09|20))*|[ :-] ?(?<=\b(?:[\da-f]{2})+. ?)(?=(?:[\da-f]{2})+\b)/gi
let once
let spanning
var withoutBreaks = (function (text, breaks = BREAKS) {
	const layer = { decoded: "", from: [], to: [] }
	const keep = (function (from, to) {
		layer.decoded += text.slice(from, to)
		for (let at = from; at < to; at++) {
			layer.from.push(at)
			layer.to.push(at + 1)
		}
	})
	let at = 0
	for (const found of text.matchAll(breaks)) {
		keep(at, found.index)
		at = found.index + found[0].length
	}
	keep(at, text.length)
	return layer
})
var unbrokenForms = (function (forms, breaks = BREAKS) {
	return [...new Set(forms.flatMap((function (form) { return [form, form.replace(breaks, "")]; })).filter(Boolean))]
})
var fold = (function (text) {
	return text.replaceAll("\u0130", "i").toLowerCase()
})
var base64Spans = (function (text, forms) {
	const spans = []
	if (text.length < 16) return spans
	for (const run of text.matchAll(/(?:[\w+-]|\\?\/){16,}={0,2}/g)) {
		const starts = text[run.index - 1] === "\\" ? [0, 1, 2, 3] : [0]
		if (holdsSecret(run[0], starts, forms)) spans.push(runSpan(text, run.index, run[0]))
	}
	if (text.includes("\n") || text.includes("\\n")) spans.push(...wrappedBase64(text, forms))
	return spans
})
function wrappedBase64(text, forms) {
	const spans = []
	const runs = /(?<![\w+/-]|\\(?=\/))(?:[\w+-]|\\?\/){4,}(?:(?:\r?\n|\\r\\n|\\n)[\t ]*(?:[\w+-]|\\?\/){4,}={0,2})+/g
	for (const run of text.matchAll(runs)) {
		const joined = run[0].replace(/\s|\\[rn]/g, "")
		if (holdsSecret(joined, [0, 1, 2, 3], forms)) spans.push(runSpan(text, run.index, run[0]))
	}
	return spans
}
function runSpan(text, index, run) {
	return [text[index - 1] === "\\" ? index - 1 : index, index + run.length]
}
function holdsSecret(run, starts, forms) {
	const base64 = run.replaceAll("\\", "")
	return starts.some(start => findForms(Buffer.from(base64.slice(start), "base64").toString(), forms).length)
}
var findAll = (function (text, known, forms) {
	const spans = findForms(text, forms)
	if (text.includes("\u2026") || text.includes("...")) spans.push(...cutSecrets(text, forms))
	const plusForSpace = text.includes("+") && known.secrets.some(secret => secret.includes(" "))
	if (escapes(text) || plusForSpace) {
		const passes = [[false, false]]
		if (/\\\\[xuU]/.test(text)) passes.push([true, false])
		if (/\\x[c-fC-F][0-9a-fA-F]\\x[89abAB]/.test(text)) passes.push([false, true])
		const escapedForms = [...forms, ...decodedOf(known).forms]
		for (const [pairs, latin1] of passes) {
			const layer = undoEscapes(text, pairs, latin1)
			const {decoded} = layer
			const found = findForms(decoded, escapedForms)
			if (decoded.includes("\u2026") || decoded.includes("...")) found.push(...cutSecrets(decoded, escapedForms))
			try {
				found.push(...findSpelled(decoded, known))
			} catch {
				spans.push([0, text.length])
			}
			mapBack(spans, layer, found, text.length)
		}
	}
	return spans
})
var escapes = (function (text) {
	return text.includes("%") || text.includes("&") || text.includes("\\")
})
var mapBack = (function (spans, layer, found, end = Infinity) {
	for (const [start, stop] of found) spans.push([layer.from[start] ?? 0, layer.to[stop - 1] ?? end])
})
var peel = (function (text, json, outer) {
	if (!(json ? text.includes("\\") : escapes(text))) return
	const layer = json ? unquoted(text) : undoEscapes(text)
	if (layer.decoded === text) return
	if (!outer) return layer
	return {
		decoded: layer.decoded,
		from: layer.from.map(at => outer.from[at] ?? 0),
		to: layer.to.map(end => outer.to[end - 1] ?? Infinity)
	}
})
function unquoted(text) {
	const layer = { decoded: "", from: [], to: [] }
	for (let at = 0; at < text.length; ) {
		const pair = text[at] === "\\" && at + 1 < text.length && "\\\"'/".includes(text.charAt(at + 1))
		const end = at + (pair ? 2 : 1)
		layer.decoded += text.charAt(end - 1)
		layer.from.push(at)
		layer.to.push(end)
		at = end
	}
	return layer
}
var findForms = (function (text, forms) {
	const spans = []
	for (const form of forms) {
		for (let at = text.indexOf(form); at >= 0; at = text.indexOf(form, at + form.length)) {
			spans.push([at, at + form.length])
		}
	}
	return spans
})
function findSpelled(text, known) {
	const spans = []
	for (const [spelled, length] of spellingsOf(known)) {
		if (length > text.length) continue
		spelled.lastIndex = 0
		for (let found = spelled.exec(text); found; found = spelled.exec(text)) {
			if (!found[0]) break
			spans.push([found.index, spelled.lastIndex])
		}
	}
	return spans
}
function mask(text, spans) {
	spans.sort((a, b) => a[0] - b[0])
	let result = ""
	let shown = 0
	for (const [from, to] of spans) {
		if (to <= shown) continue
		result += from >= shown ? `${text.slice(shown, from)}${MASK}` : ""
		shown = to
	}
	return `${result}${text.slice(shown)}`
}
function cutSecrets(text, forms) {
	const spans = []
	const ellipsis = /([\xc2-\xf4][\x80-\xbf]{0,2}|\ufffd)?([%&\\]#?\w*)?(?:\u2026|\.\.\.)(?=(\.{1,2}|#?[ux]?[\dA-Fa-f]{0,7};?[\x80-\xbf]*))/g
	const cuts = []
	for (let found = ellipsis.exec(text); found; found = ellipsis.exec(text)) {
		const escape = found.index + (found[1]?.length ?? 0)
		cuts.push([escape + (found[2]?.length ?? 0), ellipsis.lastIndex, escape, found.index, ellipsis.lastIndex + (found[3]?.length ?? 0)])
	}
	const least = forms.map(form => Math.min(8, Math.max(4, Math.ceil(form.length / 2))))
	const heads = []
	const tails = []
	for (const [index, [end, after, escape, bytes, rest]] of cuts.entries()) {
		const since = cuts[index - 1]?.[1] ?? 0
		const until = cuts[index + 1]?.[0] ?? text.length
		let start = end
		let stop = after
		for (const [at, form] of forms.entries()) {
			const min = least[at] ?? 8
			for (const last of new Set([end, escape, bytes])) {
				const from = Math.max(since, last - form.length + 1)
				if (last - from >= min) {
					const table = heads[at] ??= borders(form, false)
					const head = matchedPrefix(text, from, last, 1, form, false, table)
					if (head >= min) start = Math.min(start, last - head)
				}
			}
			for (const first of new Set([after, rest])) {
				const to = Math.min(until, first + form.length - 1)
				if (to - first >= min) {
					const table = tails[at] ??= borders(form, true)
					const tail = matchedPrefix(text, to - 1, first - 1, -1, form, true, table)
					if (tail >= min) stop = Math.max(stop, first + tail)
				}
			}
		}
		if (start < end) spans.push([start, end])
		if (stop > after) spans.push([after, stop])
	}
	return spans
}
function charOf(form, index, reversed) {
	return form.charAt(reversed ? form.length - 1 - index : index)
}
function borders(form, reversed) {
	const table = new Int32Array(form.length + 1)
	for (let length = 2, border = 0; length <= form.length; length++) {
		const char = charOf(form, length - 1, reversed)
		while (border > 0 && charOf(form, border, reversed) !== char) border = table[border] ?? 0
		if (charOf(form, border, reversed) === char) border++
		table[length] = border
	}
	return table
}
function matchedPrefix(text, first, last, step, form, reversed, table) {
	let length = 0
	for (let at = first; at !== last; at += step) {
		const char = text.charAt(at)
		while (length > 0 && charOf(form, length, reversed) !== char) length = table[length] ?? 0
		if (charOf(form, length, reversed) === char) length++
	}
	return length
}
var serverForms = (function (known) {
	if (!known.server) {
		const forms = new Set(known.forms)
		for (const secret of known.secrets) {
			const signature = secret.split(".")[2] ?? ""
			if (signature.length >= 32) forms.add(signature)
		}
		for (const secret of known.secrets.filter((function (secret) { return secret.length <= 1024; }))) {
			const latin1 = Buffer.from(secret, "latin1")
			if (latin1.toString("latin1") === secret) forms.add(latin1.toString("utf8"))
			const utf8 = Buffer.from(secret, "utf8")
			if (utf8.length !== secret.length) {
				forms.add(utf8.toString("latin1")).add(_charset.jf(utf8, "windows-1252") ?? "")
				if (secret.replace(/[^\0-\x7f]/gu, "").length > 5) for (const mark of [() => "?", () => "\ufffd", char => char > "\xff" ? "?" : "\ufffd", char => char > "\xff" ? "?" : char, char => "\ufffd".repeat(Buffer.byteLength(char)), char => "?".repeat(Buffer.byteLength(char)), char => "?".repeat(char.length)]) forms.add(secret.replace(/[^\0-\x7f]/gu, mark))
			}
			const upper = secret.toUpperCase()
			if (fold(upper) !== fold(secret)) forms.add(upper)
			forms.add(utf8.toString("hex")).add(Buffer.from(_form_encode.p(secret)).toString("hex"))
			forms.add(Buffer.from(secret, "utf16le").toString("hex"))
			if (utf8.length < 12) forms.add(utf8.toString("base64").replace(/=+$/, "")).add(utf8.toString("base64url"))
		}
		for (const form of forms) forms.add(fold(form))
		known.server = longestFirst(forms)
	}
	return known.server
})
var longestFirst = (function (forms) {
	return [...forms].filter(Boolean).sort((function (a, b) { return b.length - a.length; }))
})
const formsCache = new WeakMap
var knownForms = (function (secrets) {
	const cached = formsCache.get(secrets)
	if (cached && sameItems(cached.secrets, secrets)) return cached
	const forms = new Set
	const add = (function (secret) {
		forms.add(secret)
		forms.add(encodeURIComponent(secret.toWellFormed()))
		forms.add(encodeURI(secret.toWellFormed()))
		forms.add(_form_encode.p(secret))
		forms.add(JSON.stringify(secret).slice(1, -1))
		forms.add(escapeHtml(secret))
		forms.add(secret.replace(_errors.L$, " ").trim())
		forms.add(secret.replaceAll("'", "''").replaceAll('"', '""'))
	})
	for (const secret of secrets) {
		if (secret) normalForms(secret).forEach(add)
	}
	const known = { secrets: [...secrets], forms: longestFirst(forms) }
	formsCache.set(secrets, known)
	return known
})
function decodedOf(known) {
	if (!known.decoded) {
		const escaping = form => /[%&\\]/.test(form)
		const secrets = known.secrets.filter(secret => secret && escaping(secret))
		const decodedSecrets = secrets.map(secret => undoEscapes(secret).decoded)
		const decoded = known.forms.filter(escaping).map(form => undoEscapes(form).decoded)
		known.decoded = {
			forms: [...new Set([...decoded, ...decodedSecrets])].filter(form => form && !known.forms.includes(form)),
			secrets: decodedSecrets.filter(secret => !known.secrets.includes(secret))
		}
	}
	return known.decoded
}
function spellingsOf(known) {
	known.spellings ??= [...known.secrets, ...decodedOf(known).secrets].filter(secret => /[^A-Za-z0-9]/.test(secret) && !secret.includes("\n") && secret.length <= 1024 && (secret.match(/[\\&]/g)?.length ?? 0) <= 16).flatMap(normalForms).map(secret => {
		const chars = [...secret.toWellFormed()].map((char, i, all) => {
			if (/^[A-Za-z0-9]$/.test(char)) return char
			const named = NAMED_SPELLINGS[char]
			const escapable = char !== "\\" && all[i - 1] !== "\\"
			const itself = `${escapable ? "\\\\?" : ""}${char.replace(/[\\^$.*+?()[\]{}|/-]/g, "\\$&")}`
			return `(?:${named ? `${named}|` : ""}&[A-Za-z][A-Za-z0-9]{1,31};|${itself}${misread(char)})`
		})
		return [RegExp(chars.join(""), "g"), chars.length]
	})
	return known.spellings
}
function misread(char) {
	const code = char.codePointAt(0) ?? 0
	if (code < 128) return ""
	return `${code <= 255 ? "|\ufffd" : ""}|${Buffer.from(char, "utf8").toString("latin1")}`
}
function undoEscapes(text, pairs = false, latin1 = false) {
	const byteEscape = /%(?:25)?([0-9A-Fa-f]{2})|\\x([0-9A-Fa-f]{2})|\\([0-3][0-7]{2})/y
	const numbered = /&#(?:[xX]([0-9A-Fa-f]{1,6})|([0-9]{1,7}));|[\\%](?:U([0-9A-Fa-f]{8})|[uU]([0-9A-Fa-f]{4})|[ux]\{([0-9A-Fa-f]{1,6})\})|&(quot|amp|lt|gt|apos|hellip);/y
	let decoded = ""
	const from = []
	const to = []
	const emit = (chars, start, end) => {
		decoded += chars
		for (let unit = 0; unit < chars.length; unit++) {
			from.push(start)
			to.push(end)
		}
	}
	for (let at = 0; at < text.length; ) {
		const run = []
		byteEscape.lastIndex = at
		for (let found; found = byteEscape.exec(text); byteEscape.lastIndex = at) {
			const end = byteEscape.lastIndex
			const octal = found[3]
			run.push([at, end, parseInt(octal ?? text.slice(end - 2, end), octal ? 8 : 16)])
			at = end
		}
		for (let next = 0; next < run.length; ) {
			const [start, end, lead] = run[next] ?? [0, 0, 0]
			const size = latin1 && text[start] === "\\" ? 0 : utf8Length(lead)
			const bytes = run.slice(next, next + size)
			const raw = Buffer.from(bytes.map(([, , byte]) => byte))
			const char = raw.toString("utf8")
			const utf8 = size > 0 && bytes.length === size && Buffer.from(char, "utf8").equals(raw)
			emit(utf8 ? char : String.fromCharCode(lead), start, utf8 ? bytes.at(-1)?.[1] ?? end : end)
			next += utf8 ? size : 1
		}
		if (run.length) continue
		if (pairs && text.startsWith("\\\\", at)) {
			emit("\\", at, at + 1)
			emit("\\", at + 1, at + 2)
			at += 2
			continue
		}
		numbered.lastIndex = at
		const found = numbered.exec(text)
		const named = found?.[6]
		const digits = found?.slice(1, 6).find(group => group !== undefined) ?? ""
		const code = parseInt(digits, found?.[2] ? 10 : 16)
		if (named) {
			emit(HTML_NAMED[named] ?? "", at, numbered.lastIndex)
			at = numbered.lastIndex
		} else if (found && code <= 1114111) {
			emit(found[4] ? String.fromCharCode(code) : String.fromCodePoint(code), at, numbered.lastIndex)
			at = numbered.lastIndex
		} else {
			emit(text.charAt(at), at, at + 1)
			at += 1
		}
	}
	return { decoded, from, to }
}
function utf8Length(lead) {
	if (lead < 128) return 1
	if (lead < 192) return 0
	return lead < 224 ? 2 : lead < 240 ? 3 : 4
}
var normalForms = (function (secret) {
	if (!normalizes(secret)) return [secret]
	return [...new Set([secret, secret.normalize("NFC"), secret.normalize("NFD")])]
})
var normalizes = (function (secret) {
	return encodeURI(secret.toWellFormed()) !== secret
})
const HTML_NAMED = { quot: '"', amp: "&", lt: "<", gt: ">", apos: "'", hellip: "\u2026" }
const NAMED_SPELLINGS = {
	" ": "\\+",
	"\\": "\\\\\\\\",
	"\n": "\\\\n",
	"\r": "\\\\r",
	"\t": "\\\\t"
}
var sameItems = (function (a, b) {
	return a.length === b.length && a.every((function (item, index) { return item === b[index]; }))
})
function tokenLike(run) {
	return Boolean(run[15] || run[7] && /\d/.test(run))
}
var serverText = (function (text, secrets, max) {
	return _errors.CS(_errors.TN(redactServer(serverWindow(text, SERVER_WINDOW, secrets), secrets)), max)
})
var redactServer = (function (text, secrets) {
	const named = [...text.matchAll(/\/\/([^\s/?#@[<]{4,})@|[Tt][Oo][Kk][Ee][Nn][Ss]?(?:=|>|\\?"\s*:\s*)\\?"?([^\s"',;<>&#\\]{4,})|(eyJ[\w-]{13,}(?:\.[\w-]+){0,4})/g)].map(match => match[1] ?? match[2] ?? match[3])
	return redact(text, named[0] ? [...secrets, ...named] : secrets, true)
})
const SERVER_WINDOW = 4096
var serverWindow = (function (text, length = SERVER_WINDOW, secrets = []) {
	if (text.length <= length) return text
	let end = length
	if (!isSeparator(text.charAt(end))) while (end > 0 && !isSeparator(text.charAt(end - 1))) end--
	return `${trimCut(text.slice(0, end), secrets)}\u2026`
})
function trimCut(text, secrets, atStart = false) {
	const known = knownForms(secrets)
	const forms = serverForms(known)
	known.unbroken ??= unbrokenForms(forms)
	const reach = 4 * (forms[0]?.length ?? 0)
	const edge = atStart ? text.slice(0, reach) : text.slice(-reach || text.length)
	let kept = text
	for (const layer of [withoutBreaks(edge, /(?!)/g), withoutBreaks(fold(edge)), unquoted(edge), undoEscapes(edge)]) {
		const read = layer.decoded
		const trimmed = atStart ? read.trimStart() : read.trimEnd()
		let cut = 0
		for (const whole of known.unbroken) {
			const to = Math.min(trimmed.length, whole.length - 1)
			const form = atStart ? whole.slice(whole.length - to) : whole.slice(0, to)
			const table = borders(form, atStart)
			const part = atStart ? matchedPrefix(trimmed, to - 1, -1, -1, form, true, table) : matchedPrefix(trimmed, trimmed.length - to, trimmed.length, 1, form, false, table)
			if (part) cut = Math.max(cut, read.length - trimmed.length + part)
		}
		const rest = atStart ? text.slice(layer.from[cut] ?? edge.length) : text.slice(0, text.length - edge.length + (layer.to[read.length - cut - 1] ?? 0))
		if (cut && rest.length < kept.length) kept = rest
	}
	if (kept === text) return text
	return atStart ? kept.replace(/^[^\s"',{}[\]<>&=]*/, "") : kept.replace(LAST_RUN, "")
}
const LAST_RUN = /(?<![^\s"',{}[\]<>&=])[^\s"',{}[\]<>&=]*$/
function isSeparator(char) {
	return " \t\"',{}[]<>".includes(char)
}
var escapeHtml = (function (text) {
	return text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;").replaceAll('"', "&quot;").replaceAll("'", "&#39;")
})
exports.$8 = trimCut
exports.D1 = tokenLike
exports.E$ = redact
exports.PY = SERVER_WINDOW
exports.QG = serverWindow
exports.Tn = serverText
exports.dH = redactServer
exports.db = LAST_RUN
}),
390: (function (exports, __require) {
var _keyless_inputs = __require(879)
var _form_encode = __require(88)
var _redact = __require(670)
const USER_AGENT = "oauth2-token-action"
const CREDENTIAL_HEADER = /auth|key|token|secret|pass(w|phrase)|cookie|signature|credential|assertion|jwt|session|dpop|bearer|(^|-)(pwd?|pass|passcode|pin|t?otp|sig|sign|hmac|mfa|sid|creds?|access-code)(-|$)/i
const CREDENTIAL_PARAM = /^(code_verifier|t?otp|pwd?|pin|pass(code)?|jwt|s(ession_?)?id|auth(orization|_req_id)?|saml(2|_?response)?|((device|t?otp|oob|user|mfa|auth(orization)?|binding|pre-authorized|tx|recovery|verification|backup|sms|email|access|pin|security|one_time|(two|2)fa)_)?code|ticket|rpt|pat|cred(s|entials?)?)$|(^|[_-])(sig(nature)?|hmac)$|secret|token|pass(w|phrase)|key|assertion/i
const WORD = /^(true|false|yes|no|none|null|auto)$/i
function credentialParts(value) {
	const parts = [...value.matchAll(/(?<![\w-])[\w-]+ *= *"?([^\s",;]{8,})/g)].flatMap(([, part = ""]) => _redact.D1(part) ? [part] : [])
	const scheme = /^([\w-]+) +(\S{4,})$/.exec(value)
	const credential = scheme?.[2]
	if (!credential) return parts
	if (scheme[1]?.toLowerCase() !== "basic") return [credential, ...parts]
	const decoded = Buffer.from(credential, "base64").toString("utf8")
	const colon = decoded.indexOf(":")
	const password = decoded.slice(colon + 1)
	const plain = new URLSearchParams(`=${password.replaceAll("&", "%26")}`).get("") ?? ""
	const user = decoded.slice(0, colon)
	const key = password[3] || /^[a-z]{0,7}$/.test(user) ? "" : user
	return colon > -1 && !decoded.includes("\ufffd") ? [...new Set([credential, decoded, password, plain, key])].filter(part => part.length >= 4) : [credential]
}
const CREDENTIAL_COOKIE = /sess|sid|token|jwt|auth|secret|[xc]srf|remember/i
function cookieValues(value) {
	const values = []
	for (const pair of value.split(";")) {
		const equals = pair.indexOf("=")
		const cookie = pair.slice(equals + 1).trim()
		if (equals > 0 && cookie.length >= 8 && (CREDENTIAL_COOKIE.test(pair.slice(0, equals)) || cookie[15] && /\d/.test(cookie)) && !/^\d+$/.test(cookie) && !WORD.test(cookie)) values.push(cookie)
	}
	return values
}
var configuredSecrets = (function (config) {
	return [...clientAuthentication(config).secrets, ...inputCredentials(config)]
})
var inputCredentials = (function (config) {
	const secrets = []
	const query = config.tokenUrl.search ? [...config.tokenUrl.searchParams] : []
	for (const [, name = "", value = ""] of config.tokenUrl.search.matchAll(/[?&]([^=&]*)=([^&]*)/g)) query.push([name, value])
	for (const [name, value] of [...config.extraParams, ...query]) {
		if (CREDENTIAL_PARAM.test(name) && !/_type$/i.test(name) && value.length >= 4 && !WORD.test(value) && !secrets.includes(value)) secrets.push(value)
	}
	for (const [name, value] of config.headers) {
		if (CREDENTIAL_HEADER.test(name) && value.length >= 4 && !WORD.test(value)) secrets.push(value, ...name.toLowerCase() === "cookie" ? cookieValues(value) : credentialParts(value))
	}
	return secrets
})
const CLIENT_ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
var clientAuthentication = (function (config, clientAssertion) {
	if (config.clientAuth === "basic") {
		const credentials = `${_form_encode.p(config.clientId)}:${_form_encode.p(config.clientSecret)}`
		const authorization = `Basic ${Buffer.from(credentials, "utf8").toString("base64")}`
		return {
			headers: { Authorization: authorization },
			params: [],
			secrets: [authorization, authorization.slice("Basic ".length)]
		}
	}
	const params = [["client_id", config.clientId]]
	if (config.clientSecret) params.push(["client_secret", config.clientSecret])
	if (clientAssertion) params.push(["client_assertion_type", CLIENT_ASSERTION_TYPE], ["client_assertion", clientAssertion])
	return { headers: {}, params, secrets: clientAssertion ? [clientAssertion] : [] }
})
var setUserHeaders = (function (headers, userHeaders) {
	for (const [name, value] of userHeaders) {
		const same = Object.keys(headers).find(key => key.toLowerCase() === name.toLowerCase())
		if (same) Reflect.deleteProperty(headers, same)
		Object.defineProperty(headers, name, {
			value,
			enumerable: true,
			writable: true,
			configurable: true
		})
	}
})
const OWN_FIELDS_ONLY = new Set(["client_credentials", _keyless_inputs.Kj, _keyless_inputs.eh])
var buildTokenRequest = (function (config, keyless = {}) {
	const client = clientAuthentication(config, keyless.clientAssertion)
	const params = [["grant_type", config.grantType], ...client.params]
	const secrets = [...client.secrets]
	const headers = { Accept: "application/json", "User-Agent": USER_AGENT, ...client.headers }
	if (config.grantType === "password") {
		params.push(["username", config.username], ["password", config.password])
	} else if (config.grantType === "refresh_token") {
		params.push(["refresh_token", config.refreshToken])
	} else if (!OWN_FIELDS_ONLY.has(config.grantType)) {
		if (config.username) params.push(["username", config.username])
		if (config.password) params.push(["password", config.password])
		if (config.refreshToken) params.push(["refresh_token", config.refreshToken])
	}
	if (config.grantType === _keyless_inputs.Kj) {
		if (keyless.subjectToken) {
			params.push(["subject_token", keyless.subjectToken], ["subject_token_type", config.keyless?.subjectTokenType ?? ""])
			secrets.push(keyless.subjectToken)
		}
		if (config.keyless?.requestedTokenType) params.push(["requested_token_type", config.keyless.requestedTokenType])
	}
	if (config.grantType === _keyless_inputs.eh && keyless.assertion) {
		params.push(["assertion", keyless.assertion])
		secrets.push(keyless.assertion)
	}
	if (config.scope) params.push(["scope", config.scope])
	if (config.audience) params.push(["audience", config.audience])
	params.push(...config.extraParams)
	secrets.push(...inputCredentials(config))
	setUserHeaders(headers, config.headers)
	let body
	if (config.bodyFormat === "json") {
		headers["Content-Type"] = "application/json"
		body = JSON.stringify(Object.fromEntries(params))
	} else {
		headers["Content-Type"] = "application/x-www-form-urlencoded"
		const form = new URLSearchParams
		for (const [key, value] of params) form.append(key, value)
		body = form.toString()
	}
	return { url: config.tokenUrl, headers, body, secrets }
})
exports.Qk = setUserHeaders
exports.WX = clientAuthentication
exports.Xl = buildTokenRequest
exports._O = USER_AGENT
exports.gU = configuredSecrets
}),
124: (function (exports, __require) {
var _charset = __require(519)
var _errors = __require(674)
var _jwt = __require(962)
var _redact = __require(670)
class BadResponse extends Error {
	kind
	name="BadResponse"
	constructor(message, kind = "malformed") {
		super(message)
		this.kind = kind
	}
}
const SNIPPET_LENGTH = 120
const SNIPPET_SOURCE_LENGTH = 8192
const MAX_QUOTED_MESSAGE = 8192
const MAX_MASKED_STRINGS = 64
var contentType = (function (response) {
	return (response.headers["content-type"] ?? "").replace(/;.*/s, "").trim().toLowerCase()
})
var parseFields = (function (response) {
	const type = contentType(response)
	let body = response.body.trim()
	const json = body.startsWith("{")
	if (response.cut && !json) body = body.slice(0, body.lastIndexOf("&") + 1)
	const form = type === "application/x-www-form-urlencoded"
	if (!json && (form || /^[\w.~%+-]+=\S*$/.test(body)) && /=[^=&]|^$/.test(body)) return Object.fromEntries(new URLSearchParams(body))
	if (type.includes("json") || form || json) {
		try {
			const value = JSON.parse(body)
			if (_errors.Gv(value) && !Array.isArray(value)) return value
		} catch {}
	}
})
var isTruncatedJson = (function (response) {
	if (response.status < 200 || response.status >= 300) return false
	const body = response.body.trim()
	return body.startsWith("{") && jsonFault(body) === CUT_JSON
})
const CUT_JSON = "truncated or invalid JSON"
var jsonFault = (function (body) {
	try {
		JSON.parse(body)
		return ""
	} catch (error) {
		const [said = ""] = String(error).split('"', 1)
		if (said.includes("after JSON")) return "JSON with text after it"
		const at = Number(/position (\d+)/.exec(said)?.[1])
		return said.includes("end of JSON") || at >= body.length ? CUT_JSON : "invalid JSON"
	}
})
function describeAnswer(response, secrets = []) {
	const status = `HTTP ${response.status}`
	const parsed = parseFields(response)
	const hidden = [...secrets, ...answerTokens(parsed), ..._charset.J1(secrets, response.charset)]
	if (response.cut) {
		const body = response.body.slice(0, -1).replace(_redact.db, "")
		response = { ...response, body: `${_redact.$8(body, hidden)}\u2026` }
	}
	const fields = parsed && !response.body.trimStart().startsWith("{") ? maskedFormFields(response, hidden, secrets) : parsed
	if (response.searched && echoesInCharset(response.searched, hidden)) {
		const type = _redact.Tn(response.headers["content-type"] ?? "", hidden, 60)
		return `${status} (${type}) with a body that echoes a secret in its charset, not quoted`
	}
	const text = key => {
		const value = fields?.[key]
		return typeof value === "string" ? _redact.Tn(value, hidden, 300) : ""
	}
	const error = text("error") || text("errorCode") || text("title")
	const description = text("error_description") || text("message") || text("errorSummary") || text("detail")
	const hint = text("hint")
	if (error || description) {
		let line = error ? `${status} ${error}` : status
		if (description) line += `: ${description}`
		if (hint && hint !== description) line += ` (hint: ${hint})`
		return line
	}
	const ok = response.status < 300
	const type = ok ? mediaType(response) : _redact.Tn(response.headers["content-type"] ?? "no content type", hidden, 60)
	if (response.body.includes("\0")) return `${status} (${type}) with a body that is not UTF-8 text`
	let snippet = bodySnippet(_redact.dH(_redact.QG(response.body, SNIPPET_SOURCE_LENGTH, hidden), hidden))
	if (ok) snippet = snippet.replace(/(?:[\w.~+%/=\xad\u200b-\u200d\u2060-]|&#?\w+;)+/g, run => _redact.D1(run) ? "***" : run)
	const cutOff = response.cut && !/\w|[^\s!-~\u2026]/.test(snippet)
	return snippet && !cutOff ? `${status} (${type}): ${snippet}` : `${status} (${type}) with ${cutOff ? "its body cut off" : response.body.trim() ? "no text to quote" : "an empty body"}`
}
const SHOWN_FIELDS = ["error", "errorCode", "error_description", "message", "errorSummary", "hint"]
function maskedFormFields(response, hidden, secrets) {
	const body = response.body.trim()
	const reach = Math.max(_redact.PY, ...secrets.map(secret => 2 * secret.length))
	const masked = (from, to) => {
		let text = body.slice(from, to)
		if (to < body.length) text = `${_redact.$8(text, hidden)}\u2026`
		if (from) text = `\u2026${_redact.$8(text, hidden, true)}`
		return parseFields({
			...response,
			body: _redact.E$(text, hidden, true),
			cut: response.cut || to < body.length
		})
	}
	if (body.length <= SNIPPET_SOURCE_LENGTH) return masked(0, body.length)
	const fields = {}
	for (const key of SHOWN_FIELDS) {
		const at = body.search(`(^\\??|&)${key}=`)
		if (at >= 0) fields[key] = masked(Math.max(0, at - reach), at + reach)?.[key]
	}
	return fields
}
var byteCount = (function (body) {
	const bytes = Buffer.byteLength(body)
	return `${bytes} byte${bytes === 1 ? "" : "s"}`
})
const COMMON_MEDIA_TYPES = new Set(["application/json", "application/x-www-form-urlencoded", "application/problem+json", "application/jwt", "application/xml", "application/octet-stream", "text/html", "text/plain", "text/json", "text/xml"])
var mediaType = (function (response) {
	const type = contentType(response)
	if (!type) return "no content type"
	return COMMON_MEDIA_TYPES.has(type) ? type : "another media type"
})
var answerTokens = (function (fields) {
	return bodyStrings(fields, /tokens?$/i)
})
function isHtml(body) {
	return /<(html|body|head|title|!doctype)/i.test(body)
}
function bodySnippet(body) {
	let text = body.slice(0, SNIPPET_SOURCE_LENGTH)
	if (isHtml(text)) {
		const title = _errors.TN(/<title[^<>]*>([^<]*)<\/title>/i.exec(text)?.[1] ?? "")
		text = text.replace(/<!--[^]*?(-->|$)|<(script|style|head)\b[^]*?<\/\2>/gi, " ").replace(/<[^<>]*>/g, " ")
		if (title && !text.includes(title)) text = `${title} ${text}`
	}
	return _errors.CS(_errors.TN(text), SNIPPET_LENGTH)
}
var readToken = (function (response, sentAt, given = []) {
	const fields = parseFields(response)
	if (!fields) throw unparsedAnswer(response, given)
	const secrets = [...given, ...answerTokens(fields)]
	const warnings = []
	const accessToken = fields.access_token
	if (accessToken == null || accessToken === "") throw noAccessToken(response, fields, secrets)
	if (typeof accessToken !== "string") throw new BadResponse(`access_token in the response is ${typeOf(accessToken)}, not a string`)
	if (_errors.JS.test(accessToken)) throw new BadResponse("access_token in the response contains spaces or control characters")
	const long = secrets.filter((function (secret, at) { return secret[7] || at >= given.length; }))
	const text = (function (value) { return _redact.E$(value, long, true); })
	const tokenType = readTokenType(fields.token_type, warnings)
	const notAccess = tokenType.toUpperCase() === "N_A"
	if (notAccess) warnings.push("token_type N_A: not an access token (RFC 8693), so output authorization is empty.")
	const normalizedType = tokenType.toLowerCase() === "bearer" ? "Bearer" : tokenType
	let expiresIn = readExpiresIn(fields.expires_in, warnings)
	let expiresAt = isoSeconds(sentAt + Number(expiresIn) * 1e3)
	if (expiresIn !== undefined && !expiresAt) {
		warnings.push("Ignoring expires_in: it is too large (the expiry would be past the year 9999).")
		expiresIn = undefined
	}
	if (expiresIn === undefined) expiresAt = isoSeconds(_jwt.l(accessToken) ?? NaN)
	return {
		accessToken,
		tokenType: text(tokenType),
		authorization: notAccess ? "" : `${normalizedType} ${accessToken}`,
		expiresIn: expiresIn ?? "",
		expiresAt,
		refreshToken: optionalString(fields, "refresh_token", warnings),
		idToken: optionalString(fields, "id_token", warnings),
		scope: text(readScope(fields, warnings)),
		...issuedTokenType(text(optionalString(fields, "issued_token_type", warnings)), warnings),
		warnings
	}
})
function unparsedAnswer(response, secrets) {
	const body = response.body.trim()
	const html = isHtml(body)
	const json = !html && /^(\uFFFD\uFFFD)?\0?\{/.test(body)
	if (html || !json && /^[^[{"](\S{0,6}$|[^]*\s)/.test(body)) return new BadResponse(describeAnswer(response, secrets), "not-a-token")
	const fault = json ? jsonFault(body) : ""
	return new BadResponse(`HTTP ${response.status} (${mediaType(response)}, ${byteCount(response.body)}); expected a JSON token response, got ${fault || "no token"}`, json ? fault === CUT_JSON ? "truncated" : "malformed" : "not-a-token")
}
function noAccessToken(response, fields, secrets) {
	const said = key => {
		const value = fields[key]
		return typeof value === "string" && value.trim() ? value : ""
	}
	if (said("error")) return new BadResponse(describeAnswer(response, secrets), "error")
	if (fields.access_token !== undefined) return new BadResponse(`access_token in the response is ${fields.access_token === null ? "null" : "empty"}`)
	const key = said("message") ? "message" : "error_description"
	const message = said(key)
	const others = bodyStrings({ ...fields, [key]: "" })
	const quotable = others.length <= MAX_MASKED_STRINGS && message.length <= MAX_QUOTED_MESSAGE
	if (message && quotable && !(/^\S+$/.test(message) && others.some(other => other.includes(message)))) {
		const hidden = [...secrets, ...others.filter(other => other !== message)]
		return new BadResponse(`HTTP ${response.status}: ${_redact.Tn(message, hidden, 300)} (no access_token)`, "not-a-token")
	}
	const names = Object.keys(fields).slice(0, 10).map(name => _redact.Tn(name, secrets, 40)).join(", ") || "none"
	return new BadResponse(`HTTP ${response.status} has no access_token (fields: ${names})`, "token_type" in fields || "expires_in" in fields ? "malformed" : "not-a-token")
}
var readTokenType = (function (value, warnings) {
	if (value == null || value === "") {
		warnings.push("The response has no token_type; assuming Bearer.")
		return "Bearer"
	}
	if (typeof value !== "string") throw new BadResponse(`token_type in the response is ${typeOf(value)}, not a token type`)
	const type = value.trim()
	if (!type) return readTokenType(undefined, warnings)
	if (!/^[\x21-\x7e]{1,100}$/.test(type)) throw new BadResponse("token_type in the response is not a token type: it holds spaces or control characters, or is over 100 characters")
	return type
})
var readExpiresIn = (function (value, warnings) {
	if (value == null || value === "") return
	const seconds = typeof value === "number" ? value : typeof value === "string" && /^\d+(\.\d+)?$/.test(value.trim()) ? Number(value.trim()) : undefined
	if (seconds === undefined) {
		const what = typeof value === "string" ? "a string that" : `${typeOf(value)}, which`
		warnings.push(`Ignoring expires_in: it is ${what} is not a number of seconds.`)
	} else if (seconds < 0) {
		warnings.push("Ignoring expires_in: it is negative, not a number of seconds.")
	} else {
		return String(value).trim()
	}
})
var readScope = (function (fields, warnings) {
	const value = fields.scope
	const scope = Array.isArray(value) && value.every(v => typeof v === "string") ? value.join(" ") : optionalString(fields, "scope", warnings)
	if (!_errors.JS.test(scope.replaceAll(" ", ""))) return scope
	warnings.push("Ignoring scope: it holds line breaks, tabs or control characters.")
	return ""
})
var issuedTokenType = (function (value, warnings) {
	if (!_errors.JS.test(value)) return value ? { issuedTokenType: value } : {}
	warnings.push("Ignoring issued_token_type: it holds spaces or control characters, not a URI.")
	return {}
})
var optionalString = (function (fields, key, warnings) {
	const value = fields[key]
	if (value == null) return ""
	if (typeof value === "string") return value
	warnings.push(`Ignoring ${key}: it is ${typeOf(value)}, not a string.`)
	return ""
})
var bodyStrings = (function (value, under) {
	const strings = []
	const pending = [[value, !under]]
	let next
	while (next = pending.pop()) {
		const [item, taken] = next
		if (typeof item === "string") {
			if (taken && item.length >= 4) strings.push(item)
		} else if (_errors.Gv(item)) {
			for (const [key, child] of Object.entries(item)) {
				pending.push([child, taken || under?.test(key)])
			}
		}
	}
	return strings
})
function typeOf(value) {
	if (value === null) return "null"
	if (Array.isArray(value)) return "an array"
	const type = typeof value
	return type === "object" ? "an object" : `a ${type}`
}
var isoSeconds = (function (ms) {
	const date = new Date(ms)
	if (isNaN(date.getTime()) || date.getUTCFullYear() > 9999) return ""
	return `${date.toISOString().slice(0, -5)}Z`
})
function echoesInCharset(searched, hidden) {
	const past = hidden.filter(secret => /[^\0-\x7f]/.test(secret))
	if (!past.length) return false
	const fields = parseFields({ status: 0, headers: {}, body: searched })
	const texts = [_redact.QG(searched, 4 * SNIPPET_SOURCE_LENGTH), ...SHOWN_FIELDS.map(key => fields?.[key]).filter(v => typeof v === "string").map(v => _redact.QG(v))]
	return texts.some(text => [text, text.replace(/[^\0-\x7f]/gu, "?")].some(each => _redact.E$(each, past, true) !== each))
}
exports.AI = readToken
exports.GJ = byteCount
exports.JL = mediaType
exports.O1 = describeAnswer
exports.QP = typeOf
exports.T0 = BadResponse
exports._6 = isHtml
exports.bU = isTruncatedJson
exports.nE = isoSeconds
}),
809: (function (exports, __require) {
var _transport = __require(646)
const RETRYABLE_STATUSES = new Set([408, 429, 500, 502, 503, 504])
const MAX_RETRY_AFTER_MS = 6e4
const BASE_DELAY_MS = 1e3
const MAX_DELAY_MS = 16e3
const RETRY_AFTER_SPREAD = 3
function describeAttempt({attempt, attempts, outcome, delayMs = 0}) {
	const what = outcome.kind === "response" ? `HTTP ${outcome.response.status}` : outcome.error.proxy && outcome.error.answer ? `HTTP ${outcome.error.answer.status} from proxy ${outcome.error.proxy}` : outcome.error.code
	return `Attempt ${attempt} of ${attempts}: ${what}; retrying in ${(delayMs / 1e3).toFixed(1)} s`
}
const PERMANENT_CODES = new Set([_transport._s, _transport.WA, "ERR_INVALID_CHAR", "ERR_INVALID_HTTP_TOKEN", "ERR_HTTP_INVALID_HEADER_VALUE", "ERR_UNESCAPED_CHARACTERS", "ERR_INVALID_ARG_VALUE", "HPE_HEADER_OVERFLOW", _transport.$O, _transport.qz, _transport.AM])
function afterAttempts(attempts, last, now = Date.now()) {
	const answer = last?.kind === "response" ? last.response : last?.error.answer
	const wait = (answer && retryAfter(answer, now)) ?? 0
	return attempts > 1 || last && isRetryable(last) && wait <= MAX_RETRY_AFTER_MS ? ` after ${attempts} attempt${attempts > 1 ? "s" : ""}` : ""
}
var isRetryable = (function (outcome) {
	if (outcome.kind === "response") return RETRYABLE_STATUSES.has(outcome.response.status) && !/too_many_attempts/.test(outcome.response.body)
	const {code, status = 0} = outcome.error
	if (PERMANENT_CODES.has(code) || status > 299 && !RETRYABLE_STATUSES.has(status) || /^HPE_/.test(code) && !RETRYABLE_STATUSES.has(status)) return false
	return !isTlsCode(code)
})
const TRUST_CODES = new Set(["SELF_SIGNED_CERT_IN_CHAIN", "DEPTH_ZERO_SELF_SIGNED_CERT", "UNABLE_TO_VERIFY_LEAF_SIGNATURE", "UNABLE_TO_GET_ISSUER_CERT", "UNABLE_TO_GET_ISSUER_CERT_LOCALLY", "CERT_UNTRUSTED", "CERT_SIGNATURE_FAILURE"])
function isTlsCode(code) {
	return code === "EPROTO" || code.startsWith("ERR_TLS_") || code.startsWith("ERR_SSL_") || /CERT|_SIGNATURE|PURPOSE|INVALID_CA|PATH_LENGTH|CRL|_KEY|UNSPECIFIED/.test(code)
}
var withRetries = (async function (attempt, policy, clock, report) {
	const attempts = policy.retries + 1
	for (let n = 1; ;n++) {
		const outcome = await attempt()
		const last = n >= attempts || !isRetryable(outcome)
		const answer = outcome.kind === "response" ? outcome.response : outcome.error.answer
		const retryAfterMs = answer && !last ? retryAfter(answer, clock.now()) : undefined
		const stop = last || (retryAfterMs ?? 0) > MAX_RETRY_AFTER_MS
		const delayMs = stop ? undefined : backoffDelay(n, retryAfterMs, clock.random)
		report({ attempt: n, attempts, outcome, delayMs })
		if (delayMs === undefined) return { outcome, attempts: n }
		await clock.sleep(delayMs)
	}
})
var retried = (function (attempt, policy, clock, log) {
	return withRetries(attempt, policy, clock, (function (report) {
		if (report.delayMs !== undefined) log(describeAttempt(report))
	}))
})
function retryAfter({status, headers}, now) {
	const serverNow = /[a-z]/i.test(`${headers.date}`) && Date.parse(`${headers.date}`) || now
	const reset = Number(headers["x-ratelimit-reset"] ?? headers["x-rate-limit-reset"])
	if (status !== 429 || !(reset > 0 && reset < 1e11) || headers["retry-after"]) return parseRetryAfter(headers["retry-after"], serverNow)
	return Math.max(0, reset * 1e3 - (reset < 1e9 ? 0 : serverNow))
}
function backoffDelay(n, retryAfterMs, random) {
	const step = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** (n - 1))
	if (retryAfterMs !== undefined) return Math.round(retryAfterMs + random() * Math.min(MAX_DELAY_MS, RETRY_AFTER_SPREAD * step))
	return Math.round(step / 2 + random() * step / 2)
}
function parseRetryAfter(value, now) {
	const text = (Array.isArray(value) ? value[0] : value)?.trim()
	if (!text) return
	if (/^\d+$/.test(text)) {
		const ms = Number(text) * 1e3
		return isFinite(ms) ? ms : Number.MAX_SAFE_INTEGER
	}
	const date = Date.parse(text)
	if (isNaN(date) || !/[a-z]/i.test(text)) return
	return Math.max(0, date - now)
}
exports.Be = describeAttempt
exports.P9 = retryAfter
exports.U3 = RETRYABLE_STATUSES
exports.ln = afterAttempts
exports.ne = isTlsCode
exports.r3 = isRetryable
exports.sT = retried
exports.wp = TRUST_CODES
exports.yL = MAX_RETRY_AFTER_MS
}),
646: (function (exports, __require) {
var node_http = require("node:http")
var _charset = __require(519)
var _errors = __require(674)
var _proxy_variable = __require(643)
const httpsModule = () => process.getBuiltinModule("node:https")
const tlsModule = () => process.getBuiltinModule("node:tls")
const MAX_BODY_BYTES = 1024 * 1024
function byteSize(bytes) {
	return bytes % (1024 * 1024) ? `${bytes / 1024} KiB` : `${bytes / (1024 * 1024)} MiB`
}
class TransportError extends Error {
	code
	proxy
	status
	answer
	name="TransportError"
	constructor(message, code, proxy, status, answer) {
		super(message)
		this.code = code
		this.proxy = proxy
		this.status = status
		this.answer = answer
	}
}
const TIMEOUT = "ETIMEDOUT"
const BODY_TOO_LARGE = "EBODYTOOLARGE"
const UNREADABLE_ENCODING = "EENCODING"
const TRUNCATED = "ETRUNCATED"
const REFRESH_CUT = "EREFRESHCUT"
const SWITCHED_PROTOCOLS = "ESWITCHEDPROTOCOLS"
const H2_ONLY = "the answer is an HTTP/2 frame"
const PROXY_REFUSED = "EPROXYREFUSED"
const PROXY_UPSTREAM = "EPROXYUPSTREAM"
var send = (function (request, options) {
	const {url} = request
	if (!options.proxyFor && !_proxy_variable.eU(url, process.env)) return attempt(request, options)
	return __require.i(238).then(proxying => {
		let proxy
		try {
			proxy = (options.proxyFor ?? proxying.runnerProxy)(url)
		} catch (error) {
			throw new TransportError(_errors.gJ(error), PROXY_REFUSED, _proxy_variable.rw(url))
		}
		return attempt(request, options, proxy && { proxy, proxying })
	})
})
var attempt = (function (request, options, via) {
	const {url} = request
	const maxBodyBytes = options.maxBodyBytes ?? MAX_BODY_BYTES
	const ca = options.ca ? [...options.ca] : undefined
	const forwarder = url.protocol === "http:" ? via?.proxy : undefined
	const method = request.method ?? "POST"
	const body = Buffer.from(request.body, "utf8")
	const headers = method === "GET" ? { ...request.headers } : {
		...request.headers,
		"Content-Length": String(body.length)
	}
	return new Promise((function (resolve, reject) {
		const openHandles = []
		let settled = false
		const settle = (function (error, response) {
			if (settled) return
			settled = true
			clearTimeout(timer)
			if (response) {
				resolve(response)
			} else {
				for (const handle of openHandles) handle.destroy()
				reject(Object.assign(asTransportError(error), { via: !!via }))
			}
		})
		let answered
		let head
		const began = () => answered ?? statusLine(head)
		let cutAnswer
		const timer = setTimeout(() => {
			const text = `timed out after ${options.timeoutMs / 1e3} s`
			const status = began()
			if (cutAnswer && status && (status < 200 || status > 299)) cutAnswer(undefined)
			if (settled) for (const handle of openHandles) handle.destroy(); else settle(new TransportError(text, TIMEOUT, via?.proxy.host, status))
		}, options.timeoutMs)
		const onResponse = (function (response) {
			openHandles.push(response)
			const status = response.statusCode ?? 0
			answered = status
			const success = status >= 200 && status < 300
			const chunks = []
			const unreadable = (text, code) => new TransportError(text, code, undefined, undefined, {
				status,
				headers: response.headers
			})
			let size = 0
			let truncated = false
			let ellipsis = false
			const finish = (function () {
				const answer = (function (body, cutOff = false) {
					const legacy = success ? undefined : legacyReading(body, response)
					settle(undefined, {
						status,
						headers: response.headers,
						body: (legacy?.text ?? body.toString("utf8")) + (cutOff ? "\u2026" : ""),
						...cutOff && { cut: true },
						...legacy && {
							charset: legacy.charset,
							searched: legacy.searched && legacy.searched + (cutOff ? "\u2026" : "")
						},
						...forwarder && via?.proxying.forwarded(forwarder, url, response)
					})
				})
				const body = chunks.length === 1 && chunks[0] || Buffer.concat(chunks)
				const encoding = response.headers["content-encoding"]
				const told = page => page.length < maxBodyBytes / 16 ? Buffer.alloc(0) : page
				if (!encoding || !body.length) {
					answer(truncated && !ellipsis ? told(body) : body, ellipsis || truncated)
					return
				}
				__require.i(690).then(async ({decodeBody, decodePage}) => {
					if (success) return answer(decodeBody(body, encoding, maxBodyBytes))
					const [page, cutOff, broken] = await decodePage(body, encoding, maxBodyBytes)
					const shown = truncated && !ellipsis || cutOff ? told(page) : page
					answer(broken && !truncated ? Buffer.alloc(0) : shown, cutOff || truncated)
				}).catch(error => {
					const {message, code} = asTransportError(error)
					settle(unreadable(message, code))
				})
			})
			response.on("data", (function (chunk) {
				size += chunk.length
				if (size <= maxBodyBytes) chunks.push(chunk); else if (success) {
					settle(unreadable(`response body is larger than ${byteSize(maxBodyBytes)}; stopped reading`, BODY_TOO_LARGE))
				} else if (!truncated) {
					truncated = true
					response.destroy()
				}
			}))
			const cut = error => {
				if (response.complete) return
				if (!success) {
					if (!truncated) {
						if (!forwarder || response.headers.via) chunks.length = 0
						ellipsis = true
					}
					truncated = true
					finish()
				} else {
					const {code, message} = asTransportError(error ?? { code: "ECONNRESET" })
					const text = code === "ECONNRESET" ? "connection closed before the response was complete" : message
					settle(new TransportError(text, code, undefined, status))
				}
			}
			cutAnswer = cut
			response.on("error", cut)
			response.on("close", (function () {
				if (!response.complete) cut(undefined)
			}))
			response.on("end", finish)
		})
		const switched = (answer, socket) => {
			socket.destroy()
			const text = "HTTP 101: the server switched to another protocol rather than answer"
			settle(new TransportError(text, SWITCHED_PROTOCOLS, undefined, answer.statusCode))
		}
		const sent = (function (req, failed) {
			openHandles.push(req)
			req.on("upgrade", switched)
			req.on("socket", (function (socket) { return socket.prependOnceListener("data", (function (data) {
				head = data
			})); }))
			req.on("error", error => {
				if (cutAnswer) return cutAnswer(error)
				if (/^0{4}..0[47]0{10}/.test(`${head?.toString("hex", 0, 9)}`)) error = new TransportError(H2_ONLY, "HPE_INVALID_CONSTANT")
				const status = began()
				settle(status ? Object.assign(asTransportError(error), {
					status
				}) : failed?.(error) ?? error)
			})
			req.end(body)
		})
		const post = (function (options) {
			try {
				const client = url.protocol === "https:" ? httpsModule() : node_http
				sent(client.request(url, { method, headers, ...options }, onResponse))
			} catch (error) {
				settle(error)
			}
		})
		try {
			if (!via) {
				post({ agent: false, ca, rejectUnauthorized: true })
				return
			}
			const {proxy, proxying} = via
			const {proxyError, requestProxy, tunnelRefused} = proxying
			const variable = _proxy_variable.rw(url)
			if (url.protocol === "http:") {
				sent(requestProxy(proxy, ca, {
					method,
					path: url.href,
					headers: { ...headers, Host: url.host }
				}, onResponse), error => proxyError(proxy, variable, error))
			} else {
				const authority = `${url.hostname}:${url.port || 443}`
				const tunnel = requestProxy(proxy, ca, {
					method: "CONNECT",
					path: authority,
					headers: { Host: authority }
				})
				openHandles.push(tunnel)
				tunnel.on("error", error => settle(proxyError(proxy, variable, error)))
				tunnel.on("connect", (answer, socket) => {
					openHandles.push(socket)
					const status = answer.statusCode ?? 0
					if (status < 200 || status > 299) {
						const refused = { status, headers: answer.headers }
						settle(tunnelRefused(proxy, authority, variable, refused))
						return
					}
					const servername = isIpLiteral(url.hostname) ? undefined : url.hostname
					const secure = tlsModule().connect({
						socket,
						host: socketHost(url),
						servername,
						ca,
						rejectUnauthorized: true
					})
					openHandles.push(secure)
					post({ createConnection: () => secure, defaultPort: 443 })
				})
				tunnel.end()
			}
		} catch (error) {
			settle(error)
		}
	}))
})
function statusLine(head) {
	const final = /^\s*(?:HTTP\/1\.\d 1[^\n]*\n(?:[^\r\n][^\n]*\n)*\r?\n)*HTTP\/1\.\d ([2-5]\d\d)/
	return Number(final.exec(`${head ?? ""}`)?.[1]) || undefined
}
function legacyReading(body, {headers}) {
	const charset = /;\s*charset="?([\w.:-]+)/i.exec(`${headers["content-type"]}`)?.[1]
	if (!charset) return
	const searched = _charset.$S(body, charset)
	if (searched !== undefined) return { charset, searched }
	if (!body.some(byte => byte > 127)) return
	try {
		new TextDecoder("utf-8", { fatal: true }).decode(body, { stream: true })
		return
	} catch {
		const text = _charset.jf(body, charset)
		return text === undefined ? undefined : { text, charset }
	}
}
function asTransportError(error) {
	if (error instanceof TransportError) return error
	if (_errors.Gv(error)) {
		const code = "code" in error && typeof error.code === "string" ? error.code : "ERROR"
		const inner = "errors" in error && Array.isArray(error.errors) ? error.errors : []
		const each = [...new Set(inner.map(messageOf).filter(Boolean))].join(", ")
		const {cert} = error
		return new TransportError(_errors.TN(cert ? `${messageOf(error).split(":")[0]}: ${cert.subjectaltname ?? (cert.subject?.CN ? `CN=${cert.subject.CN}` : "")}` : messageOf(error).replace(OPENSSL, "$1") || each) || code, code)
	}
	return new TransportError(_errors.TN(String(error)) || "ERROR", "ERROR")
}
const OPENSSL = /^(?:(?:read|write) \w+ )?\w+:error:(?:[^:]*:){3}([^:]*).*/s
function messageOf(error) {
	const message = _errors.Gv(error) && "message" in error && error.message
	return typeof message === "string" ? message : ""
}
function isIpLiteral(hostname) {
	return hostname.startsWith("[") || /^\d{1,3}(?:\.\d{1,3}){3}$/.test(hostname)
}
function socketHost(url) {
	return url.hostname.replace(/^\[(.*)\]$/, "$1")
}
exports.$O = REFRESH_CUT
exports.AM = UNREADABLE_ENCODING
exports.GP = H2_ONLY
exports.Q9 = TIMEOUT
exports.ST = httpsModule
exports.WA = PROXY_REFUSED
exports.WM = asTransportError
exports._s = BODY_TOO_LARGE
exports.ez = socketHost
exports.mz = byteSize
exports.qz = SWITCHED_PROTOCOLS
exports.r$ = PROXY_UPSTREAM
exports.tN = send
exports.tP = isIpLiteral
exports.vj = TRUNCATED
exports.wX = TransportError
}),
689: (function (exports, __require) {
var node_fs = require("node:fs")
function nodeTrustSources() {
	const tls = process.getBuiltinModule("node:tls")
	const getCACertificates = Reflect.get(tls, "getCACertificates")
	return {
		getCACertificates: typeof getCACertificates === "function" ? getCACertificates.bind(tls) : undefined,
		rootCertificates: tls.rootCertificates,
		env: process.env,
		readFile: path => node_fs.readFileSync(path, "utf8")
	}
}
const PEM_BLOCK = /-----BEGIN CERTIFICATE-----[^]+?-----END CERTIFICATE-----/g
const PEM_END = "-----END CERTIFICATE-----"
function pemCertificates(text) {
	const end = text.lastIndexOf(PEM_END)
	return end < 0 ? [] : text.slice(0, end + PEM_END.length).match(PEM_BLOCK) ?? []
}
function defaultCertificates(sources = nodeTrustSources()) {
	if (sources.getCACertificates) return [...sources.getCACertificates("default")]
	return [...sources.rootCertificates, ...extraCertificates(sources)]
}
function extraCertificates(sources) {
	const path = sources.env.NODE_EXTRA_CA_CERTS
	if (!path) return []
	try {
		return pemCertificates(sources.readFile(path))
	} catch {
		return []
	}
}
var trustedCertificates = (function (userCertificates, sources) {
	if (!userCertificates.length) return
	return [...defaultCertificates(sources), ...userCertificates]
})
exports.g3 = trustedCertificates
exports.xC = pemCertificates
})
	}
	var __cache = {}
	function __require(moduleId) {
		if (!(moduleId in __cache)) __modules[moduleId](__cache[moduleId] = {}, __require)
		return __cache[moduleId]
	}
	// Each `await import()` adds its chunk's modules to the table and requires the module.
	__require.i = (chunkId, moduleId = chunkId) => {
		Object.assign(__modules, require(`./${chunkId}.index.cjs.js`).modules)
		return Promise.resolve().then(() => __require(moduleId))
	}
	// The entry point of the main step, and of the post step when dist/post.js loads it: told apart
	// by the script Node started, which no variable of the job's environment can change.
	const {run, runPost} = __require(374)
	// Exits once stdout has taken every line: every file is written synchronously.
	const exitWhenFlushed = () => process.stdout.write("", () => process.exit())
	if (/(^|[\\/])post\.js$/.test(process.argv[1] ?? "")) runPost().then(exitWhenFlushed); else run().then(exitWhenFlushed)
})()
// Built from src/ by `npm run bundle` — edit src/, not this file.
