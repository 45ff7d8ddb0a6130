"use strict"

exports.modules = {
361: (function (exports, __require) {
var node_fs = require("node:fs")
var node_path = require("node:path")
var _errors = __require(674)
var _node_crypto = __require(357)
function tokenFilePath(dir, random = size => _node_crypto.S().randomBytes(size)) {
	return node_path.resolve(dir, `oauth2-token-${random(12).toString("hex")}`)
}
function writeTokenFile(path, accessToken) {
	try {
		const fd = node_fs.openSync(path, "wx", 384)
		try {
			node_fs.fchmodSync(fd, 384)
			node_fs.writeFileSync(fd, accessToken)
		} finally {
			node_fs.closeSync(fd)
		}
	} catch (error) {
		const code = _errors.Gv(error) && "code" in error ? String(error.code) : ""
		throw new _errors.lZ(`Could not write the token file in RUNNER_TEMP${code ? ` (${code})` : ""}: check that the runner's temporary directory is writable`)
	}
}
function removeTokenFile(path) {
	try {
		node_fs.rmSync(path)
		return true
	} catch (error) {
		if (_errors.Gv(error) && "code" in error && error.code === "ENOENT") return false
		throw error
	}
}
exports.removeTokenFile = removeTokenFile
exports.tokenFilePath = tokenFilePath
exports.writeTokenFile = writeTokenFile
})
}
