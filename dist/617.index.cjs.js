"use strict";

exports.ids = [ 617 ];

exports.modules = {
617: (function (_unused, __exports, __require) {
var external_os_ = __require(857);
// CONCATENATED MODULE: ./node_modules/@actions/core/lib/utils.js
function utils_toCommandValue(input) {
	if (input === null || input === undefined) {
		return "";
	} else if (typeof input === "string" || input instanceof String) {
		return input;
	}
	return JSON.stringify(input);
}
function utils_toCommandProperties(annotationProperties) {
	if (!Object.keys(annotationProperties).length) {
		return {};
	}
	return {
		title: annotationProperties.title,
		file: annotationProperties.file,
		line: annotationProperties.startLine,
		endLine: annotationProperties.endLine,
		col: annotationProperties.startColumn,
		endColumn: annotationProperties.endColumn
	};
}
// CONCATENATED MODULE: ./node_modules/@actions/core/lib/command.js
function command_issueCommand(command, properties, message) {
	const cmd = new Command(command, properties, message);
	process.stdout.write(cmd.toString() + external_os_.EOL);
}
function command_issue(name, message = "") {
	command_issueCommand(name, {}, message);
}
const CMD_STRING = "::";
class Command {
	constructor(command, properties, message) {
		if (!command) {
			command = "missing.command";
		}
		this.command = command;
		this.properties = properties;
		this.message = message;
	}
	toString() {
		let cmdStr = CMD_STRING + this.command;
		if (this.properties && Object.keys(this.properties).length > 0) {
			cmdStr += " ";
			let first = true;
			for (const key in this.properties) {
				if (this.properties.hasOwnProperty(key)) {
					const val = this.properties[key];
					if (val) {
						if (first) {
							first = false;
						} else {
							cmdStr += ",";
						}
						cmdStr += `${key}=${escapeProperty(val)}`;
					}
				}
			}
		}
		cmdStr += `${CMD_STRING}${escapeData(this.message)}`;
		return cmdStr;
	}
}
function escapeData(s) {
	return utils_toCommandValue(s).replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}
function escapeProperty(s) {
	return utils_toCommandValue(s).replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A").replace(/:/g, "%3A").replace(/,/g, "%2C");
}
var external_crypto_ = __require(982);
var external_fs_ = __require(896);
// CONCATENATED MODULE: ./node_modules/@actions/core/lib/file-command.js
function file_command_issueFileCommand(command, message) {
	const filePath = process.env[`GITHUB_${command}`];
	if (!filePath) {
		throw new Error(`Unable to find environment variable for file command ${command}`);
	}
	if (!fs.existsSync(filePath)) {
		throw new Error(`Missing file at path: ${filePath}`);
	}
	fs.appendFileSync(filePath, `${toCommandValue(message)}${os.EOL}`, {
		encoding: "utf8"
	});
}
function file_command_prepareKeyValueMessage(key, value) {
	const delimiter = `ghadelimiter_${crypto.randomUUID()}`;
	const convertedValue = toCommandValue(value);
	if (key.includes(delimiter)) {
		throw new Error(`Unexpected input: name should not contain the delimiter "${delimiter}"`);
	}
	if (convertedValue.includes(delimiter)) {
		throw new Error(`Unexpected input: value should not contain the delimiter "${delimiter}"`);
	}
	return `${key}<<${delimiter}${os.EOL}${convertedValue}${os.EOL}${delimiter}`;
}
var external_path_ = __require(928);
var transport = __require(646);
// CONCATENATED MODULE: ./src/oidc-http-client.ts
const MAX_BODY_BYTES = 64 * 1024;
const RETRY_DELAYS_MS = [ 1e3, 3e3 ];
const oidcTransport = {
	send: transport.tN,
	sleep: ms => new Promise(resolve => setTimeout(resolve, ms)),
	timeoutMs: 3e4
};
class HttpClientError extends Error {
	statusCode;
	name="HttpClientError";
	constructor(message, statusCode) {
		super(message);
		this.statusCode = statusCode;
	}
}
class BearerCredentialHandler {
	token;
	constructor(token) {
		this.token = token;
	}
	prepareRequest(options) {
		if (!options.headers) throw Error("The request has no headers");
		Reflect.set(options.headers, "Authorization", `Bearer ${this.token}`);
	}
	canHandleAuthentication() {
		return false;
	}
	handleAuthentication() {
		return Promise.reject(new Error("not implemented"));
	}
}
class HttpClient {
	userAgent;
	handlers;
	requestOptions;
	constructor(userAgent, handlers = [], requestOptions = {}) {
		this.userAgent = userAgent;
		this.handlers = handlers;
		this.requestOptions = requestOptions;
	}
	async getJson(requestUrl, additionalHeaders = {}) {
		const options = {
			headers: {
				Accept: "application/json",
				...additionalHeaders
			}
		};
		for (const handler of this.handlers) handler.prepareRequest(options);
		const headers = {
			...options.headers
		};
		if (this.userAgent) headers["User-Agent"] = this.userAgent;
		const request = {
			method: "GET",
			url: new URL(requestUrl),
			headers,
			body: ""
		};
		const retries = this.requestOptions.allowRetries === false ? 0 : RETRY_DELAYS_MS.length;
		for (let attempt = 0; ;attempt++) {
			const outcome = await attemptOnce(request);
			const retryable = outcome instanceof transport.wX || outcome.status === 429 || outcome.status >= 500;
			if (!retryable || attempt >= retries) {
				if (outcome instanceof transport.wX) throw outcome;
				return typedResponse(outcome);
			}
			await oidcTransport.sleep(RETRY_DELAYS_MS[attempt] ?? 0);
		}
	}
}
async function attemptOnce(request) {
	try {
		return await oidcTransport.send(request, {
			timeoutMs: oidcTransport.timeoutMs,
			maxBodyBytes: MAX_BODY_BYTES
		});
	} catch (error) {
		if (error instanceof transport.wX) return error;
		throw error;
	}
}
function typedResponse(response) {
	const {status: statusCode, headers} = response;
	if (statusCode === 404) return {
		statusCode,
		result: null,
		headers
	};
	let result = null;
	try {
		result = response.body ? JSON.parse(response.body) : null;
	} catch {
		// Not JSON: what http-client does too, keeping no result.
	}
	if (statusCode > 299) {
		const message = typeof result === "object" && result !== null && typeof Reflect.get(result, "message") === "string" ? Reflect.get(result, "message") : `Failed request: (${statusCode})`;
		throw new HttpClientError(message, statusCode);
	}
	return {
		statusCode,
		result,
		headers
	};
}
// CONCATENATED MODULE: ./node_modules/@actions/core/lib/oidc-utils.js
var __awaiter = undefined && undefined.__awaiter || function(thisArg, _arguments, P, generator) {
	function adopt(value) {
		return value instanceof P ? value : new P(function(resolve) {
			resolve(value);
		});
	}
	return new (P || (P = Promise))(function(resolve, reject) {
		function fulfilled(value) {
			try {
				step(generator.next(value));
			} catch (e) {
				reject(e);
			}
		}
		function rejected(value) {
			try {
				step(generator["throw"](value));
			} catch (e) {
				reject(e);
			}
		}
		function step(result) {
			result.done ? resolve(result.value) : adopt(result.value).then(fulfilled, rejected);
		}
		step((generator = generator.apply(thisArg, _arguments || [])).next());
	});
};
class OidcClient {
	static createHttpClient(allowRetry = true, maxRetry = 10) {
		const requestOptions = {
			allowRetries: allowRetry,
			maxRetries: maxRetry
		};
		return new HttpClient("actions/oidc-client", [ new BearerCredentialHandler(OidcClient.getRequestToken()) ], requestOptions);
	}
	static getRequestToken() {
		const token = process.env["ACTIONS_ID_TOKEN_REQUEST_TOKEN"];
		if (!token) {
			throw new Error("Unable to get ACTIONS_ID_TOKEN_REQUEST_TOKEN env variable");
		}
		return token;
	}
	static getIDTokenUrl() {
		const runtimeUrl = process.env["ACTIONS_ID_TOKEN_REQUEST_URL"];
		if (!runtimeUrl) {
			throw new Error("Unable to get ACTIONS_ID_TOKEN_REQUEST_URL env variable");
		}
		return runtimeUrl;
	}
	static getCall(id_token_url) {
		return __awaiter(this, void 0, void 0, function*() {
			var _a;
			const httpclient = OidcClient.createHttpClient();
			const res = yield httpclient.getJson(id_token_url).catch(error => {
				throw new Error(`Failed to get ID Token. \n \n        Error Code : ${error.statusCode}\n \n        Error Message: ${error.message}`);
			});
			const id_token = (_a = res.result) === null || _a === void 0 ? void 0 : _a.value;
			if (!id_token) {
				throw new Error("Response json body do not have ID Token field");
			}
			return id_token;
		});
	}
	static getIDToken(audience) {
		return __awaiter(this, void 0, void 0, function*() {
			try {
				let id_token_url = OidcClient.getIDTokenUrl();
				if (audience) {
					const encodedAudience = encodeURIComponent(audience);
					id_token_url = `${id_token_url}&audience=${encodedAudience}`;
				}
				debug(`ID token url is ${id_token_url}`);
				const id_token = yield OidcClient.getCall(id_token_url);
				setSecret(id_token);
				return id_token;
			} catch (error) {
				throw new Error(`Error message: ${error.message}`);
			}
		});
	}
}
// CONCATENATED MODULE: ./node_modules/@actions/core/lib/summary.js
var summary_awaiter = undefined && undefined.__awaiter || function(thisArg, _arguments, P, generator) {
	function adopt(value) {
		return value instanceof P ? value : new P(function(resolve) {
			resolve(value);
		});
	}
	return new (P || (P = Promise))(function(resolve, reject) {
		function fulfilled(value) {
			try {
				step(generator.next(value));
			} catch (e) {
				reject(e);
			}
		}
		function rejected(value) {
			try {
				step(generator["throw"](value));
			} catch (e) {
				reject(e);
			}
		}
		function step(result) {
			result.done ? resolve(result.value) : adopt(result.value).then(fulfilled, rejected);
		}
		step((generator = generator.apply(thisArg, _arguments || [])).next());
	});
};
const {access, appendFile, writeFile} = external_fs_.promises;
const SUMMARY_ENV_VAR = "GITHUB_STEP_SUMMARY";
const SUMMARY_DOCS_URL = "https://docs.github.com/actions/using-workflows/workflow-commands-for-github-actions#adding-a-job-summary";
class Summary {
	constructor() {
		this._buffer = "";
	}
	filePath() {
		return summary_awaiter(this, void 0, void 0, function*() {
			if (this._filePath) {
				return this._filePath;
			}
			const pathFromEnv = process.env[SUMMARY_ENV_VAR];
			if (!pathFromEnv) {
				throw new Error(`Unable to find environment variable for $${SUMMARY_ENV_VAR}. Check if your runtime environment supports job summaries.`);
			}
			try {
				yield access(pathFromEnv, external_fs_.constants.R_OK | external_fs_.constants.W_OK);
			} catch (_a) {
				throw new Error(`Unable to access summary file: '${pathFromEnv}'. Check if the file has correct read/write permissions.`);
			}
			this._filePath = pathFromEnv;
			return this._filePath;
		});
	}
	wrap(tag, content, attrs = {}) {
		const htmlAttrs = Object.entries(attrs).map(([key, value]) => ` ${key}="${value}"`).join("");
		if (!content) {
			return `<${tag}${htmlAttrs}>`;
		}
		return `<${tag}${htmlAttrs}>${content}</${tag}>`;
	}
	write(options) {
		return summary_awaiter(this, void 0, void 0, function*() {
			const overwrite = !!(options === null || options === void 0 ? void 0 : options.overwrite);
			const filePath = yield this.filePath();
			const writeFunc = overwrite ? writeFile : appendFile;
			yield writeFunc(filePath, this._buffer, {
				encoding: "utf8"
			});
			return this.emptyBuffer();
		});
	}
	clear() {
		return summary_awaiter(this, void 0, void 0, function*() {
			return this.emptyBuffer().write({
				overwrite: true
			});
		});
	}
	stringify() {
		return this._buffer;
	}
	isEmptyBuffer() {
		return this._buffer.length === 0;
	}
	emptyBuffer() {
		this._buffer = "";
		return this;
	}
	addRaw(text, addEOL = false) {
		this._buffer += text;
		return addEOL ? this.addEOL() : this;
	}
	addEOL() {
		return this.addRaw(external_os_.EOL);
	}
	addCodeBlock(code, lang) {
		const attrs = Object.assign({}, lang && {
			lang
		});
		const element = this.wrap("pre", this.wrap("code", code), attrs);
		return this.addRaw(element).addEOL();
	}
	addList(items, ordered = false) {
		const tag = ordered ? "ol" : "ul";
		const listItems = items.map(item => this.wrap("li", item)).join("");
		const element = this.wrap(tag, listItems);
		return this.addRaw(element).addEOL();
	}
	addTable(rows) {
		const tableBody = rows.map(row => {
			const cells = row.map(cell => {
				if (typeof cell === "string") {
					return this.wrap("td", cell);
				}
				const {header, data, colspan, rowspan} = cell;
				const tag = header ? "th" : "td";
				const attrs = Object.assign(Object.assign({}, colspan && {
					colspan
				}), rowspan && {
					rowspan
				});
				return this.wrap(tag, data, attrs);
			}).join("");
			return this.wrap("tr", cells);
		}).join("");
		const element = this.wrap("table", tableBody);
		return this.addRaw(element).addEOL();
	}
	addDetails(label, content) {
		const element = this.wrap("details", this.wrap("summary", label) + content);
		return this.addRaw(element).addEOL();
	}
	addImage(src, alt, options) {
		const {width, height} = options || {};
		const attrs = Object.assign(Object.assign({}, width && {
			width
		}), height && {
			height
		});
		const element = this.wrap("img", null, Object.assign({
			src,
			alt
		}, attrs));
		return this.addRaw(element).addEOL();
	}
	addHeading(text, level) {
		const tag = `h${level}`;
		const allowedTag = [ "h1", "h2", "h3", "h4", "h5", "h6" ].includes(tag) ? tag : "h1";
		const element = this.wrap(allowedTag, text);
		return this.addRaw(element).addEOL();
	}
	addSeparator() {
		const element = this.wrap("hr", null);
		return this.addRaw(element).addEOL();
	}
	addBreak() {
		const element = this.wrap("br", null);
		return this.addRaw(element).addEOL();
	}
	addQuote(text, cite) {
		const attrs = Object.assign({}, cite && {
			cite
		});
		const element = this.wrap("blockquote", text, attrs);
		return this.addRaw(element).addEOL();
	}
	addLink(text, href) {
		const element = this.wrap("a", text, {
			href
		});
		return this.addRaw(element).addEOL();
	}
}
const _summary = new Summary;
const markdownSummary = null && _summary;
const summary = null && _summary;
// CONCATENATED MODULE: ./node_modules/@actions/core/lib/path-utils.js
function toPosixPath(pth) {
	return pth.replace(/[\\]/g, "/");
}
function toWin32Path(pth) {
	return pth.replace(/[/]/g, "\\");
}
function toPlatformPath(pth) {
	return pth.replace(/[/\\]/g, path.sep);
}
// CONCATENATED MODULE: ./node_modules/@actions/core/lib/platform.js
var platform_awaiter = undefined && undefined.__awaiter || function(thisArg, _arguments, P, generator) {
	function adopt(value) {
		return value instanceof P ? value : new P(function(resolve) {
			resolve(value);
		});
	}
	return new (P || (P = Promise))(function(resolve, reject) {
		function fulfilled(value) {
			try {
				step(generator.next(value));
			} catch (e) {
				reject(e);
			}
		}
		function rejected(value) {
			try {
				step(generator["throw"](value));
			} catch (e) {
				reject(e);
			}
		}
		function step(result) {
			result.done ? resolve(result.value) : adopt(result.value).then(fulfilled, rejected);
		}
		step((generator = generator.apply(thisArg, _arguments || [])).next());
	});
};
const getWindowsInfo = () => platform_awaiter(void 0, void 0, void 0, function*() {
	const {stdout: version} = yield exec.getExecOutput('powershell -command "(Get-CimInstance -ClassName Win32_OperatingSystem).Version"', undefined, {
		silent: true
	});
	const {stdout: name} = yield exec.getExecOutput('powershell -command "(Get-CimInstance -ClassName Win32_OperatingSystem).Caption"', undefined, {
		silent: true
	});
	return {
		name: name.trim(),
		version: version.trim()
	};
});
const getMacOsInfo = () => platform_awaiter(void 0, void 0, void 0, function*() {
	var _a, _b, _c, _d;
	const {stdout} = yield exec.getExecOutput("sw_vers", undefined, {
		silent: true
	});
	const version = (_b = (_a = stdout.match(/ProductVersion:\s*(.+)/)) === null || _a === void 0 ? void 0 : _a[1]) !== null && _b !== void 0 ? _b : "";
	const name = (_d = (_c = stdout.match(/ProductName:\s*(.+)/)) === null || _c === void 0 ? void 0 : _c[1]) !== null && _d !== void 0 ? _d : "";
	return {
		name,
		version
	};
});
const getLinuxInfo = () => platform_awaiter(void 0, void 0, void 0, function*() {
	const {stdout} = yield exec.getExecOutput("lsb_release", [ "-i", "-r", "-s" ], {
		silent: true
	});
	const [name, version] = stdout.trim().split("\n");
	return {
		name,
		version
	};
});
const platform = external_os_.platform();
const arch = external_os_.arch();
const isWindows = platform === "win32";
const isMacOS = platform === "darwin";
const isLinux = platform === "linux";
function getDetails() {
	return platform_awaiter(this, void 0, void 0, function*() {
		return Object.assign(Object.assign({}, yield isWindows ? getWindowsInfo() : isMacOS ? getMacOsInfo() : getLinuxInfo()), {
			platform,
			arch,
			isWindows,
			isMacOS,
			isLinux
		});
	});
}
// CONCATENATED MODULE: ./node_modules/@actions/core/lib/core.js
var core_awaiter = undefined && undefined.__awaiter || function(thisArg, _arguments, P, generator) {
	function adopt(value) {
		return value instanceof P ? value : new P(function(resolve) {
			resolve(value);
		});
	}
	return new (P || (P = Promise))(function(resolve, reject) {
		function fulfilled(value) {
			try {
				step(generator.next(value));
			} catch (e) {
				reject(e);
			}
		}
		function rejected(value) {
			try {
				step(generator["throw"](value));
			} catch (e) {
				reject(e);
			}
		}
		function step(result) {
			result.done ? resolve(result.value) : adopt(result.value).then(fulfilled, rejected);
		}
		step((generator = generator.apply(thisArg, _arguments || [])).next());
	});
};
var ExitCode;
(function(ExitCode) {
	ExitCode[ExitCode["Success"] = 0] = "Success";
	ExitCode[ExitCode["Failure"] = 1] = "Failure";
})(ExitCode || (ExitCode = {}));
function exportVariable(name, val) {
	const convertedVal = toCommandValue(val);
	process.env[name] = convertedVal;
	const filePath = process.env["GITHUB_ENV"] || "";
	if (filePath) {
		return issueFileCommand("ENV", prepareKeyValueMessage(name, val));
	}
	issueCommand("set-env", {
		name
	}, convertedVal);
}
function setSecret(secret) {
	command_issueCommand("add-mask", {}, secret);
}
function addPath(inputPath) {
	const filePath = process.env["GITHUB_PATH"] || "";
	if (filePath) {
		issueFileCommand("PATH", inputPath);
	} else {
		issueCommand("add-path", {}, inputPath);
	}
	process.env["PATH"] = `${inputPath}${path.delimiter}${process.env["PATH"]}`;
}
function getInput(name, options) {
	const val = process.env[`INPUT_${name.replace(/ /g, "_").toUpperCase()}`] || "";
	if (options && options.required && !val) {
		throw new Error(`Input required and not supplied: ${name}`);
	}
	if (options && options.trimWhitespace === false) {
		return val;
	}
	return val.trim();
}
function getMultilineInput(name, options) {
	const inputs = getInput(name, options).split("\n").filter(x => x !== "");
	if (options && options.trimWhitespace === false) {
		return inputs;
	}
	return inputs.map(input => input.trim());
}
function getBooleanInput(name, options) {
	const trueValue = [ "true", "True", "TRUE" ];
	const falseValue = [ "false", "False", "FALSE" ];
	const val = getInput(name, options);
	if (trueValue.includes(val)) return true;
	if (falseValue.includes(val)) return false;
	throw new TypeError(`Input does not meet YAML 1.2 "Core Schema" specification: ${name}\n` + `Support boolean input list: \`true | True | TRUE | false | False | FALSE\``);
}
function setOutput(name, value) {
	const filePath = process.env["GITHUB_OUTPUT"] || "";
	if (filePath) {
		return issueFileCommand("OUTPUT", prepareKeyValueMessage(name, value));
	}
	process.stdout.write(os.EOL);
	issueCommand("set-output", {
		name
	}, toCommandValue(value));
}
function setCommandEcho(enabled) {
	issue("echo", enabled ? "on" : "off");
}
function setFailed(message) {
	process.exitCode = ExitCode.Failure;
	error(message);
}
function isDebug() {
	return process.env["RUNNER_DEBUG"] === "1";
}
function debug(message) {
	command_issueCommand("debug", {}, message);
}
function error(message, properties = {}) {
	issueCommand("error", toCommandProperties(properties), message instanceof Error ? message.toString() : message);
}
function warning(message, properties = {}) {
	issueCommand("warning", toCommandProperties(properties), message instanceof Error ? message.toString() : message);
}
function notice(message, properties = {}) {
	issueCommand("notice", toCommandProperties(properties), message instanceof Error ? message.toString() : message);
}
function info(message) {
	process.stdout.write(message + os.EOL);
}
function startGroup(name) {
	issue("group", name);
}
function endGroup() {
	issue("endgroup");
}
function group(name, fn) {
	return core_awaiter(this, void 0, void 0, function*() {
		startGroup(name);
		let result;
		try {
			result = yield fn();
		} finally {
			endGroup();
		}
		return result;
	});
}
function saveState(name, value) {
	const filePath = process.env["GITHUB_STATE"] || "";
	if (filePath) {
		return issueFileCommand("STATE", prepareKeyValueMessage(name, value));
	}
	issueCommand("save-state", {
		name
	}, toCommandValue(value));
}
function getState(name) {
	return process.env[`STATE_${name}`] || "";
}
function getIDToken(aud) {
	return core_awaiter(this, void 0, void 0, function*() {
		return yield OidcClient.getIDToken(aud);
	});
}
// CONCATENATED MODULE: ./src/oidc.ts
// runner-protocol.ts's getIDToken, in one chunk: core's, and its client (tsconfig.json "paths").
__exports.getIDToken = getIDToken;
__exports.oidcTransport = oidcTransport;
})
};


