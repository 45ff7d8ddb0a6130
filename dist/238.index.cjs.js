"use strict"

exports.modules = {
238: (function (exports, __require) {
// ./node_modules/@actions/http-client/lib/proxy.js
function getProxyUrl(reqUrl) {
	const usingSsl = reqUrl.protocol === "https:"
	if (checkBypass(reqUrl)) {
		return undefined
	}
	const proxyVar = (() => {
		if (usingSsl) {
			return process.env["https_proxy"] || process.env["HTTPS_PROXY"]
		} else {
			return process.env["http_proxy"] || process.env["HTTP_PROXY"]
		}
	})()
	if (proxyVar) {
		try {
			return new DecodedURL(proxyVar)
		} catch (_a) {
			if (!proxyVar.startsWith("http://") && !proxyVar.startsWith("https://")) return new DecodedURL(`http://${proxyVar}`)
		}
	} else {
		return undefined
	}
}
function checkBypass(reqUrl) {
	if (!reqUrl.hostname) {
		return false
	}
	const reqHost = reqUrl.hostname
	if (isLoopbackAddress(reqHost)) {
		return true
	}
	const noProxy = process.env["no_proxy"] || process.env["NO_PROXY"] || ""
	if (!noProxy) {
		return false
	}
	let reqPort
	if (reqUrl.port) {
		reqPort = Number(reqUrl.port)
	} else if (reqUrl.protocol === "http:") {
		reqPort = 80
	} else if (reqUrl.protocol === "https:") {
		reqPort = 443
	}
	const upperReqHosts = [reqUrl.hostname.toUpperCase()]
	if (typeof reqPort === "number") {
		upperReqHosts.push(`${upperReqHosts[0]}:${reqPort}`)
	}
	for (const upperNoProxyItem of noProxy.split(",").map(x => x.trim().toUpperCase()).filter(x => x)) {
		if (upperNoProxyItem === "*" || upperReqHosts.some(x => x === upperNoProxyItem || x.endsWith(`.${upperNoProxyItem}`) || upperNoProxyItem.startsWith(".") && x.endsWith(`${upperNoProxyItem}`))) {
			return true
		}
	}
	return false
}
function isLoopbackAddress(host) {
	const hostLower = host.toLowerCase()
	return hostLower === "localhost" || hostLower.startsWith("127.") || hostLower.startsWith("[::1]") || hostLower.startsWith("[0:0:0:0:0:0:0:1]")
}
class DecodedURL extends URL {
	constructor(url, base) {
		super(url, base)
		this._decodedUsername = decodeURIComponent(super.username)
		this._decodedPassword = decodeURIComponent(super.password)
	}
	get username() {
		return this._decodedUsername
	}
	get password() {
		return this._decodedPassword
	}
}
var node_http = require("node:http")
var node_net = require("node:net")
var proxy_variable = __require(643)
var retry = __require(809)
var transport = __require(646)
// ./src/proxy.ts
class ProxyConfigError extends Error {
	name="ProxyConfigError"
}
function runnerProxy(url, env = process.env) {
	if (!proxy_variable.eU(url, env) || checkBypass(url) || bypassedAlso(url, env)) return
	let proxy
	try {
		proxy = getProxyUrl(url)
	} catch {
		proxy = undefined
	}
	if (!proxy || !/^https?:$/.test(proxy.protocol) || !proxy.hostname || !proxy.href.endsWith(`${proxy.host}/`)) {
		throw new ProxyConfigError(`${proxy_variable.rw(url, env)} is not a usable proxy URL: give http://[user:password@]host:port, with special characters in the user and password percent-encoded (% as %25)`)
	}
	return proxy
}
function bypassedAlso(url, env) {
	const noProxy = env.no_proxy || env.NO_PROXY || ""
	const host = transport.ez(url).toLowerCase()
	const family = node_net.isIP(host)
	const [type, maxBits] = family === 6 ? ["ipv6", 128] : ["ipv4", 32]
	for (const entry of noProxy.split(",")) {
		const item = entry.trim().toLowerCase()
		if (item.startsWith("*.") && host.endsWith(item.slice(1))) return true
		const range = /^(?:\[([^\]]+)\]|([^[\]/]+))(?:\/(\d{1,3}))?$/.exec(item)
		const address = range?.[1] ?? range?.[2] ?? ""
		if (!family || node_net.isIP(address) !== family) continue
		const bits = range?.[3] === undefined ? maxBits : Number(range[3])
		if (bits > maxBits) continue
		const list = new node_net.BlockList
		list.addSubnet(address, bits, type)
		if (list.check(host, type)) return true
	}
	return false
}
function proxyAuthorization(proxy) {
	if (!proxy.username && !proxy.password) return {}
	const credentials = Buffer.from(`${proxy.username}:${proxy.password}`).toString("base64")
	return { "Proxy-Authorization": `Basic ${credentials}` }
}
function proxySecrets(url, env = process.env) {
	let proxy
	try {
		proxy = runnerProxy(url, env)
	} catch {
		return []
	}
	if (!proxy?.password && !proxy?.username) return []
	const header = proxyAuthorization(proxy)["Proxy-Authorization"] ?? ""
	const given = URL.canParse(proxy_variable.eU(url, env)) ? new URL(proxy_variable.eU(url, env)) : undefined
	const credentials = proxy.password ? [proxy.password, given?.password] : proxy.username.length >= 12 ? [proxy.username, given?.username] : []
	return [...credentials, header, header.slice("Basic ".length)].filter(secret => Boolean(secret))
}
function requestProxy(proxy, ca, options, onResponse) {
	const tls = proxy.protocol === "https:"
	const to = {
		...options,
		host: transport.ez(proxy),
		port: proxy.port || (tls ? 443 : 80),
		agent: false,
		headers: { ...options.headers, ...proxyAuthorization(proxy) }
	}
	if (!tls) return node_http.request(to, onResponse)
	const servername = transport.tP(proxy.hostname) ? "" : proxy.hostname
	return transport.ST().request({ ...to, ca, rejectUnauthorized: true, servername }, onResponse)
}
function proxyError(proxy, variable, error) {
	const cause = transport.WM(error)
	const notTls = proxy.protocol === "https:" && /wrong version number|packet length too long/.test(cause.message)
	const said = notTls ? "" : `: ${cause.message}`
	const advice = notTls ? `: it does not speak TLS; give it as http:// in ${variable}` : `; check ${variable} and ${proxy_variable.rw(proxy, undefined, "NO_PROXY")}`
	return new transport.wX(`could not use proxy ${proxy.host} (${cause.code}${said})${advice}`, cause.code, proxy.host)
}
function tunnelRefused(proxy, authority, variable, answer) {
	const {status} = answer
	const refused = `proxy ${proxy.host} refused the tunnel to ${authority} with HTTP ${status}`
	const noProxy = proxy_variable.rw(proxy, undefined, "NO_PROXY")
	const hasCredentials = Boolean(proxy.username || proxy.password)
	const refusal = (why, upstream = false) => new transport.wX(`${refused}${why}`, upstream ? transport.r$ : transport.WA, proxy.host, undefined, upstream ? answer : undefined)
	if (status === 407 || status === 401) {
		const header = answer.headers["proxy-authenticate"]
		const signIn = signInAdvice(header, variable, noProxy)
		const advice = signIn ? `it ${signIn}` : hasCredentials ? `it rejected the credentials in ${variable}: check the user and password there` : `it wants credentials: set ${variable} to http://<user>:<password>@host:port`
		return refusal(`; ${advice}`)
	}
	if (status === 408 || status === 429) return refusal(`: it is busy or limits requests; try again later, or check ${variable} and ${noProxy}`, true)
	if (retry.U3.has(status)) return refusal(`: it could not reach ${authority}; check input 'host' (or OAUTH_HOST), or ${noProxy} if the server is only reachable directly`, true)
	if (status === 511) return refusal(` (Network Authentication Required): the network wants a sign-in first; use a proxy that needs none in ${variable}, or ${noProxy} if the server is reachable directly`)
	return refusal(`; the proxy forbids that host or port: check ${variable} and ${noProxy}`)
}
function forwarded(proxy, url, {statusCode, headers}) {
	const header = statusCode === 407 ? headers["proxy-authenticate"] : undefined
	return {
		proxyCredentials: Boolean(proxy.username || proxy.password),
		proxySignIn: signInAdvice(header, proxy_variable.rw(url), proxy_variable.rw(url, undefined, "NO_PROXY"))
	}
}
function signInAdvice(header, variable, noProxy) {
	const challenges = (header ?? "").slice(0, 1e3).replace(/"(?:[^"\\]|\\.)*"/g, '""')
	const schemes = new Map
	for (const part of challenges.split(",")) {
		const scheme = /^\s*([\w!#$%&'*+.^`|~-]+)(?!\S)/.exec(part)?.[1]
		if (scheme) schemes.set(scheme.toLowerCase(), scheme)
	}
	if (!schemes.size || schemes.has("basic")) return ""
	const named = [...schemes.values()].filter(scheme => /^(negotiate|ntlm|digest|kerberos)$/i.test(scheme))
	const list = named.join(", ").replace(/, (?!.*, )/, " or ")
	return `takes ${list ? `only ${list} sign-in, not Basic` : "no Basic sign-in"}: use a local proxy that signs in for you (such as cntlm or px) in ${variable}, or ${noProxy} if the server is reachable directly`
}
exports.forwarded = forwarded
exports.proxyError = proxyError
exports.proxySecrets = proxySecrets
exports.requestProxy = requestProxy
exports.runnerProxy = runnerProxy
exports.signInAdvice = signInAdvice
exports.tunnelRefused = tunnelRefused
})
}
