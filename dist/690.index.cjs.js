"use strict";

exports.modules = {
690: (function (_unused, __exports, __require) {
var _errors = __require(674);
var _transport = __require(646);
const CODINGS = new Set(["gzip", "x-gzip", "deflate", "br"]);
function decodeBody(body, contentEncoding, maxBytes) {
	// Codings are listed in the order they were applied (RFC 9110 section 8.4.1): undone last first.
	const codings = contentEncoding.split(",").map(coding => coding.trim().toLowerCase()).filter(coding => coding && coding !== "identity").reverse();
	const unknown = codings.find(coding => /^(?:zstd|(?:x-)?compress)$/.test(coding));
	if (unknown) {
		throw new _transport.wX(`the answer is compressed with ${unknown}, which this action cannot undo; remove Accept-Encoding from input 'headers', or check the server`, _transport.AM);
	}
	if (!codings.every(coding => CODINGS.has(coding))) return body;
	const z = process.getBuiltinModule("node:zlib");
	const options = {
		maxOutputLength: maxBytes
	};
	let decoded = body;
	for (const coding of codings) {
		try {
			decoded = undo(z, coding, decoded, options);
		} catch (error) {
			if (error.code === "ERR_BUFFER_TOO_LARGE") {
				throw new _transport.wX(`response body is larger than ${_transport.mz(maxBytes)} once decoded (${coding}); stopped reading`, _transport._s);
			}
			throw new _transport.wX(`the answer's ${coding} body could not be decoded (${_errors.gJ(error)}); check the server, and any proxy on the way`, _transport.AM);
		}
	}
	return decoded;
}
function undo(z, coding, body, options) {
	if (coding === "br") return z.brotliDecompressSync(body, options);
	if (coding !== "deflate") return z.gunzipSync(body, options);
	// zlib's format (RFC 9110 section 8.4.1.2), or raw deflate, which some servers send.
	return (body[0] ?? 0) % 16 === 8 ? z.inflateSync(body, options) : z.inflateRawSync(body, options);
}
__exports.decodeBody = decodeBody;
})
};


