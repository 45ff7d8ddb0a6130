"use strict"

exports.modules = {
617: (function (exports, __require) {
var os = require("os")
// ./node_modules/@actions/core/lib/utils.js
function utils_toCommandValue(input) {
	if (input === null || input === undefined) {
		return ""
	} else if (typeof input === "string" || input instanceof String) {
		return input
	}
	return JSON.stringify(input)
}
// ./node_modules/@actions/core/lib/command.js
function command_issueCommand(command, properties, message) {
	const cmd = new Command(command, properties, message)
	process.stdout.write(cmd.toString() + os.EOL)
}
const CMD_STRING = "::"
class Command {
	constructor(command, properties, message) {
		if (!command) {
			command = "missing.command"
		}
		this.command = command
		this.properties = properties
		this.message = message
	}
	toString() {
		let cmdStr = CMD_STRING + this.command
		if (this.properties && Object.keys(this.properties).length > 0) {
			cmdStr += " "
			let first = true
			for (const key in this.properties) {
				if (this.properties.hasOwnProperty(key)) {
					const val = this.properties[key]
					if (val) {
						if (first) {
							first = false
						} else {
							cmdStr += ","
						}
						cmdStr += `${key}=${escapeProperty(val)}`
					}
				}
			}
		}
		cmdStr += `${CMD_STRING}${escapeData(this.message)}`
		return cmdStr
	}
}
function escapeData(s) {
	return utils_toCommandValue(s).replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A")
}
function escapeProperty(s) {
	return utils_toCommandValue(s).replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A").replace(/:/g, "%3A").replace(/,/g, "%2C")
}
var retry = __require(809)
var transport = __require(646)
var errors = __require(674)
// ./src/oidc-http-client.ts
const MAX_BODY_BYTES = 64 * 1024
const RETRY_DELAYS_MS = [1e3, 3e3]
const oidcTransport = {
	send: transport.tN,
	sleep: ms => new Promise(resolve => setTimeout(resolve, ms)),
	timeoutMs: 3e4,
	ca: undefined,
	log: () => undefined
}
class HttpClientError extends Error {
	statusCode
	name="HttpClientError"
	constructor(message, statusCode) {
		super(message)
		this.statusCode = statusCode
	}
}
class BearerCredentialHandler {
	token
	constructor(token) {
		this.token = token
	}
	prepareRequest(options) {
		if (!options.headers) throw Error("The request has no headers")
		Reflect.set(options.headers, "Authorization", `Bearer ${this.token}`)
	}
}
class HttpClient {
	userAgent
	handlers
	requestOptions
	constructor(userAgent, handlers = [], requestOptions = {}) {
		this.userAgent = userAgent
		this.handlers = handlers
		this.requestOptions = requestOptions
	}
	async getJson(requestUrl, additionalHeaders = {}) {
		const options = { headers: { Accept: "application/json", ...additionalHeaders } }
		for (const handler of this.handlers) handler.prepareRequest(options)
		const headers = { ...options.headers }
		if (this.userAgent) headers["User-Agent"] = this.userAgent
		const request = { method: "GET", url: new URL(requestUrl), headers, body: "" }
		const retries = this.requestOptions.allowRetries === false ? 0 : RETRY_DELAYS_MS.length
		for (let attempt = 0; ;attempt++) {
			const outcome = await attemptOnce(request)
			const told = outcome instanceof transport.wX ? { kind: "error", error: outcome } : {
				kind: "response",
				response: outcome
			}
			if (!retry.r3(told) || attempt >= retries) {
				if (told.kind === "response") return typedResponse(told.response)
				if (attempt) told.error.message += `; ${attempt + 1} attempts`
				const {code, message} = told.error
				if (retry.ne(code) && !message.includes(code)) told.error.message = `${code}: ${message}`
				throw Object.assign(told.error, { statusCode: told.error.status })
			}
			const delayMs = RETRY_DELAYS_MS[attempt] ?? 0
			const report = { attempt: attempt + 1, attempts: retries + 1, outcome: told, delayMs }
			oidcTransport.log(`GitHub's ID token request: ${retry.Be(report)}`)
			await oidcTransport.sleep(delayMs)
		}
	}
}
async function attemptOnce(request) {
	try {
		return await oidcTransport.send(request, {
			timeoutMs: oidcTransport.timeoutMs,
			ca: oidcTransport.ca,
			maxBodyBytes: MAX_BODY_BYTES
		})
	} catch (error) {
		if (error instanceof transport.wX) return error
		throw error
	}
}
function typedResponse(response) {
	const {status: statusCode, headers} = response
	if (statusCode === 404) return { statusCode, result: null, headers }
	let result = null
	try {
		result = response.body ? JSON.parse(response.body) : null
	} catch {}
	if (statusCode > 299) {
		const message = response.proxySignIn ? `the proxy ${response.proxySignIn}` : errors.Gv(result) && typeof Reflect.get(result, "message") === "string" ? Reflect.get(result, "message") : `Failed request: (${statusCode})`
		throw new HttpClientError(message, statusCode)
	}
	return { statusCode, result, headers }
}
// ./node_modules/@actions/core/lib/oidc-utils.js
var __awaiter = undefined && undefined.__awaiter || function(thisArg, _arguments, P, generator) {
	function adopt(value) {
		return value instanceof P ? value : new P(function(resolve) {
			resolve(value)
		})
	}
	return new (P || (P = Promise))(function(resolve, reject) {
		function fulfilled(value) {
			try {
				step(generator.next(value))
			} catch (e) {
				reject(e)
			}
		}
		function rejected(value) {
			try {
				step(generator["throw"](value))
			} catch (e) {
				reject(e)
			}
		}
		function step(result) {
			result.done ? resolve(result.value) : adopt(result.value).then(fulfilled, rejected)
		}
		step((generator = generator.apply(thisArg, _arguments || [])).next())
	})
}
class OidcClient {
	static createHttpClient(allowRetry = true, maxRetry = 10) {
		const requestOptions = { allowRetries: allowRetry, maxRetries: maxRetry }
		return new HttpClient("actions/oidc-client", [new BearerCredentialHandler(OidcClient.getRequestToken())], requestOptions)
	}
	static getRequestToken() {
		const token = process.env["ACTIONS_ID_TOKEN_REQUEST_TOKEN"]
		if (!token) {
			throw new Error("Unable to get ACTIONS_ID_TOKEN_REQUEST_TOKEN env variable")
		}
		return token
	}
	static getIDTokenUrl() {
		const runtimeUrl = process.env["ACTIONS_ID_TOKEN_REQUEST_URL"]
		if (!runtimeUrl) {
			throw new Error("Unable to get ACTIONS_ID_TOKEN_REQUEST_URL env variable")
		}
		return runtimeUrl
	}
	static getCall(id_token_url) {
		return __awaiter(this, void 0, void 0, function*() {
			var _a
			const httpclient = OidcClient.createHttpClient()
			const res = yield httpclient.getJson(id_token_url).catch(error => {
				throw new Error(`Failed to get ID Token. \n \n        Error Code : ${error.statusCode}\n \n        Error Message: ${error.message}`)
			})
			const id_token = (_a = res.result) === null || _a === void 0 ? void 0 : _a.value
			if (!id_token) {
				throw new Error("Response json body do not have ID Token field")
			}
			return id_token
		})
	}
	static getIDToken(audience) {
		return __awaiter(this, void 0, void 0, function*() {
			try {
				let id_token_url = OidcClient.getIDTokenUrl()
				if (audience) {
					const encodedAudience = encodeURIComponent(audience)
					id_token_url = `${id_token_url}&audience=${encodedAudience}`
				}
				debug(`ID token url is ${id_token_url}`)
				const id_token = yield OidcClient.getCall(id_token_url)
				setSecret(id_token)
				return id_token
			} catch (error) {
				throw new Error(`Error message: ${error.message}`)
			}
		})
	}
}
// ./node_modules/@actions/core/lib/core.js
var core_awaiter = __awaiter
function setSecret(secret) {
	command_issueCommand("add-mask", {}, secret)
}
function debug(message) {
	command_issueCommand("debug", {}, message)
}
function getIDToken(aud) {
	return core_awaiter(this, void 0, void 0, function*() {
		return yield OidcClient.getIDToken(aud)
	})
}
// ./src/oidc.ts
exports.getIDToken = getIDToken
exports.oidcTransport = oidcTransport
})
}
