"use strict";

exports.ids = [361];

exports.modules = {
361: (function (_unused, __exports, __require) {
var node_fs$0 = __require(24);
var node_path$1 = __require(760);
var _errors$2 = __require(674);
var _node_crypto$3 = __require(357);
function tokenFilePath(dir, random = size => _node_crypto$3.S().randomBytes(size)) {
	return node_path$1.resolve(dir, `oauth2-token-${random(12).toString("hex")}`);
}
function writeTokenFile(path, accessToken) {
	try {
		const fd = node_fs$0.openSync(path, "wx", 384);
		try {
			node_fs$0.fchmodSync(fd, 384);
			node_fs$0.writeFileSync(fd, accessToken);
		} finally {
			node_fs$0.closeSync(fd);
		}
	} catch (error) {
		const code = typeof error === "object" && error && "code" in error ? String(error.code) : "";
		throw new _errors$2.lZ(`Could not write the token file in RUNNER_TEMP${code ? ` (${code})` : ""}: check that the runner's temporary directory is writable`);
	}
}
function removeTokenFile(path) {
	try {
		node_fs$0.rmSync(path);
		return true;
	} catch (error) {
		if (typeof error === "object" && error && "code" in error && error.code === "ENOENT") {
			return false;
		}
		throw error;
	}
}
__exports.removeTokenFile = removeTokenFile;
__exports.tokenFilePath = tokenFilePath;
__exports.writeTokenFile = writeTokenFile;
})
};


