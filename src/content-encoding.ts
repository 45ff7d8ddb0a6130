// A compressed answer, decoded. The action asks for no compression, but a server may compress
// unasked (RFC 9110 section 12.5.3), and `headers` may ask for it. Loaded only for an answer
// with a Content-Encoding (transport.ts), so no other run reads it or loads node:zlib.
import type * as zlib from 'node:zlib'
import { clip, errorMessage, oneLine } from './errors.js'
import { BODY_TOO_LARGE, TransportError, UNREADABLE_ENCODING } from './transport.js'

/** `body` with the codings of `contentEncoding` undone, at most `maxBytes` of it. */
export function decodeBody(body: Buffer, contentEncoding: string, maxBytes: number): Buffer {
  const z: typeof zlib = process.getBuiltinModule('node:zlib')
  // Codings are listed in the order they were applied (RFC 9110 section 8.4.1): undone last first.
  const codings = contentEncoding
    .split(',')
    .map(coding => coding.trim().toLowerCase())
    .filter(coding => coding && coding !== 'identity')
    .reverse()
  let decoded = body
  for (const coding of codings) {
    const named = clip(oneLine(coding), 40)
    try {
      decoded = undo(z, coding, decoded, { maxOutputLength: maxBytes })
    } catch (error) {
      if (error instanceof TransportError) throw error
      if ((error as { code?: unknown }).code === 'ERR_BUFFER_TOO_LARGE') {
        throw new TransportError(
          `response body is larger than ${maxBytes / (1024 * 1024)} MiB once decoded (${named}); stopped reading`,
          BODY_TOO_LARGE
        )
      }
      throw new TransportError(
        `the answer's ${named} body could not be decoded (${errorMessage(error)}); check the server, and any proxy on the way`,
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
  switch (coding) {
    case 'gzip':
    case 'x-gzip':
      return z.gunzipSync(body, options)
    case 'deflate':
      // zlib's format (RFC 9110 section 8.4.1.2), or raw deflate, which some servers send.
      return (body[0] ?? 0) % 16 === 8
        ? z.inflateSync(body, options)
        : z.inflateRawSync(body, options)
    case 'br':
      return z.brotliDecompressSync(body, options)
    default:
      throw new TransportError(
        `the answer is encoded as ${clip(oneLine(coding), 40)} (Content-Encoding), which the action cannot decode; remove Accept-Encoding from input 'headers', or have the server send gzip or none`,
        UNREADABLE_ENCODING
      )
  }
}
