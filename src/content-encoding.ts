// A compressed answer, decoded. The action asks for no compression, but a server may compress
// unasked (RFC 9110 section 12.5.3), and `headers` may ask for it. Loaded only for an answer
// with a Content-Encoding and a body (transport.ts), so no other run reads it or loads node:zlib.
import type * as zlib from 'node:zlib'
import { errorMessage } from './errors.js'
import { BODY_TOO_LARGE, TransportError, UNREADABLE_ENCODING, byteSize } from './transport.js'

const CODINGS = new Set(['gzip', 'x-gzip', 'deflate', 'br'])

/**
 * `body` with the codings of `contentEncoding` undone, at most `maxBytes` of it. A coding it does
 * not know (a server's "UTF-8" or "none" there is a mistake more often than a compression) leaves
 * the body as sent; one it knows it cannot undo (zstd, compress) fails, saying so.
 */
export function decodeBody(body: Buffer, contentEncoding: string, maxBytes: number): Buffer {
  // Codings are listed in the order they were applied (RFC 9110 section 8.4.1): undone last first.
  const codings = contentEncoding
    .split(',')
    .map(coding => coding.trim().toLowerCase())
    .filter(coding => coding && coding !== 'identity')
    .reverse()
  const unknown = codings.find(coding => /^(?:zstd|(?:x-)?compress)$/.test(coding))
  if (unknown) {
    throw new TransportError(
      `the answer is compressed with ${unknown}, which this action cannot undo; remove Accept-Encoding from input 'headers', or check the server`,
      UNREADABLE_ENCODING
    )
  }
  if (!codings.every(coding => CODINGS.has(coding))) return body
  const z: typeof zlib = process.getBuiltinModule('node:zlib')
  const options = { maxOutputLength: maxBytes }
  let decoded = body
  for (const coding of codings) {
    try {
      decoded = undo(z, coding, decoded, options)
    } catch (error) {
      if ((error as { code?: unknown }).code === 'ERR_BUFFER_TOO_LARGE') {
        throw new TransportError(
          `response body is larger than ${byteSize(maxBytes)} once decoded (${coding}); stopped reading`,
          BODY_TOO_LARGE
        )
      }
      throw new TransportError(
        `the answer's ${coding} body could not be decoded (${errorMessage(error)}); check the server, and any proxy on the way`,
        UNREADABLE_ENCODING
      )
    }
  }
  return decoded
}

function undo(
  z: typeof zlib,
  coding: string,
  body: Buffer,
  options: { maxOutputLength: number }
): Buffer {
  if (coding === 'br') return z.brotliDecompressSync(body, options)
  if (coding !== 'deflate') return z.gunzipSync(body, options)
  // zlib's format (RFC 9110 section 8.4.1.2), or raw deflate, which some servers send.
  return (body[0] ?? 0) % 16 === 8 ? z.inflateSync(body, options) : z.inflateRawSync(body, options)
}
