"use strict";

exports.id = 690;

exports.ids = [ 690 ];

exports.modules = {
690: (function (__unused_webpack_module, __webpack_exports__, __webpack_require__) {
  __webpack_require__.r(__webpack_exports__);
  __webpack_require__.d(__webpack_exports__, {
    decodeBody: () => decodeBody
  });
  var _errors_js$0 = __webpack_require__(674);
  var _transport_js$1 = __webpack_require__(526);
  function decodeBody(body, contentEncoding, maxBytes) {
    const z = process.getBuiltinModule("node:zlib");
    // Codings are listed in the order they were applied (RFC 9110 section 8.4.1): undone last first.
          const codings = contentEncoding.split(",").map(coding => coding.trim().toLowerCase()).filter(coding => coding && coding !== "identity").reverse();
    let decoded = body;
    for (const coding of codings) {
      const named = (0, _errors_js$0.$Q)((0, _errors_js$0.TN)(coding), 40);
      try {
        decoded = undo(z, coding, decoded, {
          maxOutputLength: maxBytes
        });
      } catch (error) {
        if (error instanceof _transport_js$1.wX) throw error;
        if (error.code === "ERR_BUFFER_TOO_LARGE") {
          throw new _transport_js$1.wX(`response body is larger than ${maxBytes / (1024 * 1024)} MiB once decoded (${named}); stopped reading`, _transport_js$1._s);
        }
        throw new _transport_js$1.wX(`the answer's ${named} body could not be decoded (${(0, 
        _errors_js$0.gJ)(error)}); check the server, and any proxy on the way`, _transport_js$1.AM);
      }
    }
    return decoded;
  }
  function undo(z, coding, body, options) {
    switch (coding) {
     case "gzip":
     case "x-gzip":
      return z.gunzipSync(body, options);

     case "deflate":
      // zlib's format (RFC 9110 section 8.4.1.2), or raw deflate, which some servers send.
      return (body[0] ?? 0) % 16 === 8 ? z.inflateSync(body, options) : z.inflateRawSync(body, options);

     case "br":
      return z.brotliDecompressSync(body, options);

     default:
      throw new _transport_js$1.wX(`the answer is encoded as ${(0, _errors_js$0.$Q)((0, 
      _errors_js$0.TN)(coding), 40)} (Content-Encoding), which the action cannot decode; remove Accept-Encoding from input 'headers', or have the server send gzip or none`, _transport_js$1.AM);
    }
  }
})
};


