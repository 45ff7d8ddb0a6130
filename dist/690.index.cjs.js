"use strict"

exports.modules = {
690: (function (exports, __require) {
var _errors = __require(674)
var _transport = __require(646)
const CODINGS = new Set(["gzip", "x-gzip", "deflate", "br"])
function decodeBody(body, contentEncoding, maxBytes) {
	const applied = codings(contentEncoding)
	const unknown = applied.find(coding => /^(?:zstd|(?:x-)?compress)$/.test(coding))
	if (unknown) throw new _transport.wX(`the answer is compressed with ${unknown}, which this action cannot undo; remove Accept-Encoding from input 'headers', or check the server`, _transport.AM)
	if (!applied.every(coding => CODINGS.has(coding))) return body
	const z = process.getBuiltinModule("node:zlib")
	const options = { maxOutputLength: maxBytes }
	let decoded = body
	for (const coding of applied) {
		try {
			decoded = undo(z, coding, decoded, options)
		} catch (error) {
			if (error.code === "ERR_BUFFER_TOO_LARGE") throw new _transport.wX(`response body is larger than ${_transport.mz(maxBytes)} once decoded (${coding}); stopped reading`, _transport._s)
			throw new _transport.wX(`the answer's ${coding} body could not be decoded (${_errors.gJ(error)}); check the server, and any proxy on the way`, _transport.AM)
		}
	}
	return decoded
}
function codings(contentEncoding) {
	return contentEncoding.split(",").map(coding => coding.trim().toLowerCase()).filter(coding => coding && coding !== "identity").reverse()
}
async function decodePage(body, contentEncoding, maxBytes) {
	let page = [body, false, false]
	try {
		for (const coding of codings(contentEncoding)) {
			if (!CODINGS.has(coding)) return [body, false, false]
			const [part, cutOff, broken] = await undoPart(stream(coding, page[0][0]), page[0], maxBytes)
			page = [part, page[1] || cutOff, page[2] || broken]
		}
	} catch {
		return [body, false, false]
	}
	return page
}
function stream(coding, first = 0) {
	const z = process.getBuiltinModule("node:zlib")
	if (coding === "br") return z.createBrotliDecompress()
	if (coding !== "deflate") return z.createGunzip()
	return first % 16 === 8 ? z.createInflate() : z.createInflateRaw()
}
function undoPart(decoder, body, maxBytes) {
	return new Promise((resolve, reject) => {
		const parts = []
		let size = 0
		const done = (cutOff, broken = false) => {
			decoder.destroy()
			resolve([Buffer.concat(parts).subarray(0, maxBytes), cutOff || broken, broken])
		}
		decoder.on("data", part => {
			parts.push(part)
			size += part.length
			if (size > maxBytes) done(true)
		})
		decoder.on("end", () => done(false))
		decoder.on("error", error => size ? done(true, true) : reject(error))
		decoder.end(body)
	})
}
function undo(z, coding, body, options) {
	if (coding === "br") return z.brotliDecompressSync(body, options)
	if (coding !== "deflate") return z.gunzipSync(body, options)
	return (body[0] ?? 0) % 16 === 8 ? z.inflateSync(body, options) : z.inflateRawSync(body, options)
}
exports.decodeBody = decodeBody
exports.decodePage = decodePage
})
}
