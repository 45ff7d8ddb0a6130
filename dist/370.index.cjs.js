"use strict"

exports.modules = {
989: (function (exports, __require) {
var _config = __require(973)
var _errors = __require(674)
var _node_crypto = __require(357)
const HANDOFF_VERSION = 1
const CONTEXT = "oauth2-token-action/handoff/v1"
const SALT_BYTES = 16
const IV_BYTES = 12
const TAG_BYTES = 16
const HEADER_BYTES = 1 + 8 + SALT_BYTES + IV_BYTES
const NOT_A_HANDOFF = "is not a hand-off made by this action: pass ${{ needs.<job>.outputs.handoff }} unchanged"
function handoffBinding(env) {
	const repository = env.GITHUB_REPOSITORY ?? ""
	const runId = env.GITHUB_RUN_ID ?? ""
	if (!repository || !/^\d{1,19}$/.test(runId)) throw new _errors.lZ("GITHUB_REPOSITORY and GITHUB_RUN_ID must be set (as the runner sets them): a hand-off is bound to its repository and workflow run")
	return { repository, runId: BigInt(runId) }
}
function deriveKey(handoffKey, salt) {
	return Buffer.from(_node_crypto.S().hkdfSync("sha256", Buffer.from(handoffKey, "utf8"), salt, CONTEXT, 32))
}
function associatedData(header, binding) {
	return Buffer.concat([header, Buffer.from(`\n${CONTEXT}\n${binding.repository}`, "utf8")])
}
function sealHandoff(contents, handoffKey, binding, random = size => _node_crypto.S().randomBytes(size)) {
	const header = Buffer.alloc(HEADER_BYTES)
	header.writeUInt8(HANDOFF_VERSION, 0)
	header.writeBigUInt64BE(binding.runId, 1)
	const salt = random(SALT_BYTES)
	const iv = random(IV_BYTES)
	salt.copy(header, 9)
	iv.copy(header, 9 + SALT_BYTES)
	const cipher = _node_crypto.S().createCipheriv("aes-256-gcm", deriveKey(handoffKey, salt), iv)
	cipher.setAAD(associatedData(header, binding))
	const sealed = {
		token: handedToken(contents.token),
		origin: { ...contents.origin, endpoint: contents.origin.endpoint.split("?")[0] },
		shown: contents.shown,
		exportEnv: contents.exportEnv
	}
	const plaintext = Buffer.from(JSON.stringify(sealed), "utf8")
	const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()])
	return Buffer.concat([header, ciphertext, cipher.getAuthTag()]).toString("base64url")
}
function openHandoff(handoff, handoffKey, binding, now) {
	const bytes = Buffer.from(handoff, "base64url")
	if (bytes.toString("base64url") !== handoff || bytes.length < HEADER_BYTES + TAG_BYTES + 2) _config.fJ("handoff", NOT_A_HANDOFF)
	const version = bytes.readUInt8(0)
	if (version < 1 || version > 15) _config.fJ("handoff", NOT_A_HANDOFF)
	if (version !== HANDOFF_VERSION) _config.fJ("handoff", `is format version ${version}, and this version of the action reads version ${HANDOFF_VERSION}: use the same version of the action in both jobs (if both do, the hand-off was altered on the way)`)
	const header = bytes.subarray(0, HEADER_BYTES)
	const salt = bytes.subarray(9, 9 + SALT_BYTES)
	const iv = bytes.subarray(9 + SALT_BYTES, HEADER_BYTES)
	const ciphertext = bytes.subarray(HEADER_BYTES, bytes.length - TAG_BYTES)
	const tag = bytes.subarray(bytes.length - TAG_BYTES)
	let plaintext
	try {
		const decipher = _node_crypto.S().createDecipheriv("aes-256-gcm", deriveKey(handoffKey, salt), iv)
		decipher.setAAD(associatedData(header, binding))
		decipher.setAuthTag(tag)
		plaintext = Buffer.concat([decipher.update(ciphertext), decipher.final()])
	} catch {
		_config.fJ("handoff", "could not be decrypted: either 'handoff-key' is not the key the minting job used, or the hand-off was made in another repository or altered on the way")
	}
	const runId = bytes.readBigUInt64BE(1)
	if (runId !== binding.runId) _config.fJ("handoff", `was made in workflow run ${runId}, not in this run (${binding.runId}): a hand-off works only within the run that made it: pass the handoff output of a job in this run`)
	const contents = parseContents(plaintext)
	const expiresAt = contents.token.expiresAt ? Date.parse(contents.token.expiresAt) : NaN
	if (expiresAt <= now) _config.fJ("handoff", `holds a token that expired at ${contents.token.expiresAt}: re-run the job that mints it, or ask for a longer-lived token`)
	return contents
}
const TOKEN_FIELDS = ["accessToken", "tokenType", "authorization", "expiresIn", "expiresAt", "refreshToken", "idToken", "scope"]
const OPTIONAL_TOKEN_FIELDS = ["issuedTokenType"]
const ORIGIN_FIELDS = ["endpoint", "grantType", "clientAuth"]
function parseContents(plaintext) {
	const unreadable = new _errors.lZ("input 'handoff' decrypted to contents this version of the action cannot read: use the same version of the action in both jobs")
	let value
	try {
		value = JSON.parse(plaintext.toString("utf8"))
	} catch {
		throw unreadable
	}
	const token = pick(field(value, "token"), TOKEN_FIELDS)
	const origin = pick(field(value, "origin"), ORIGIN_FIELDS)
	if (!token || !origin || !token.accessToken) throw unreadable
	const optional = {}
	for (const name of OPTIONAL_TOKEN_FIELDS) {
		const item = field(field(value, "token"), name)
		if (typeof item === "string" && item) optional[name] = item
	}
	const shown = field(value, "shown")
	const facts = shownFacts(field(shown, "facts"))
	const claims = shownFacts(field(shown, "claims"))
	if (shown !== undefined && (!facts || !claims)) throw unreadable
	const exportEnv = field(value, "exportEnv")
	return {
		token: { ...token, ...optional, warnings: [] },
		origin,
		shown: facts && claims ? { facts, claims } : undefined,
		exportEnv: typeof exportEnv === "string" ? exportEnv : undefined
	}
}
function handedExportEnv(source, minted, check) {
	const own = _config.gs(source)
	if (minted === undefined || own !== "ACCESS_TOKEN") return check(own), own
	try {
		const name = _config.gs({ getInput: () => minted, env: { "INPUT_EXPORT-ENV": minted } })
		return check(name), name
	} catch (error) {
		const message = _errors.gJ(error)
		if (!message.startsWith("input 'export-env'")) throw error
		throw new _errors.lZ(`${message} (the minting step's, which the hand-off carries): set export-env in this step, to another name than ACCESS_TOKEN or to '' for none`)
	}
}
function shownFacts(value) {
	const pair = item => Array.isArray(item) && item.length === 2 && item.every(part => typeof part === "string")
	return Array.isArray(value) && value.length <= 20 && value.every(pair) ? value : undefined
}
function field(value, name) {
	return _errors.Gv(value) ? Reflect.get(value, name) : undefined
}
function pick(value, names) {
	const result = {}
	for (const name of names) {
		const item = field(value, name)
		if (typeof item !== "string") return
		result[name] = item
	}
	return result
}
function handedToken(token) {
	const result = {}
	for (const name of TOKEN_FIELDS) result[name] = token[name]
	for (const name of OPTIONAL_TOKEN_FIELDS) if (token[name]) result[name] = token[name]
	return result
}
exports.HANDOFF_VERSION = HANDOFF_VERSION
exports.handedExportEnv = handedExportEnv
exports.handoffBinding = handoffBinding
exports.openHandoff = openHandoff
exports.sealHandoff = sealHandoff
})
}
