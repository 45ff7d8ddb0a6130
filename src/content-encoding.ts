/* A compressed answer, decoded. The action asks for no compression, but a server may compress
 * unasked (RFC 9110 section 12.5.3), and `headers` may ask for it. Loaded only for an answer
 * with a Content-Encoding and a body (transport.ts), so no other run reads it or loads node:zlib. */
import type { Transform } from 'node:stream'
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
  const applied = codings(contentEncoding)
  const unknown = applied.find(coding => /^(?:zstd|(?:x-)?compress)$/.test(coding))
  if (unknown)
    throw new TransportError(
      `the answer is compressed with ${unknown}, which this action cannot undo; remove Accept-Encoding from input 'headers', or check the server`,
      UNREADABLE_ENCODING
    )
  if (!applied.every(coding => CODINGS.has(coding))) return body
  const z: typeof zlib = process.getBuiltinModule('node:zlib')
  const options = { maxOutputLength: maxBytes }
  let decoded = body
  for (const coding of applied) {
    try {
      decoded = undo(z, coding, decoded, options)
    } catch (error) {
      if ((error as { code?: unknown }).code === 'ERR_BUFFER_TOO_LARGE')
        throw new TransportError(
          `response body is larger than ${byteSize(maxBytes)} once decoded (${coding}); stopped reading`,
          BODY_TOO_LARGE
        )
      throw new TransportError(
        `the answer's ${coding} body could not be decoded (${errorMessage(error)}); check the server, and any proxy on the way`,
        UNREADABLE_ENCODING
      )
    }
  }
  return decoded
}

/** Codings are listed in the order they were applied (RFC 9110 section 8.4.1): undone last first. */
function codings(contentEncoding: string): string[] {
  return contentEncoding
    .split(',')
    .map(coding => coding.trim().toLowerCase())
    .filter(coding => coding && coding !== 'identity')
    .reverse()
}

/**
 * An error page's codings undone as far as they go, for its message: at most `maxBytes`, and
 * whether it was cut off there, or ended early (broken on the way, or cut at 1 MiB as sent by
 * transport.ts). A coding it cannot undo leaves the page as sent.
 */
export async function decodePage(
  body: Buffer,
  contentEncoding: string,
  maxBytes: number
): Promise<[page: Buffer, cutOff: boolean, broken: boolean]> {
  let page: [Buffer, boolean, boolean] = [body, false, false]
  try {
    for (const coding of codings(contentEncoding)) {
      if (!CODINGS.has(coding)) return [body, false, false]
      /* A layer cut or broken leaves the page cut, however cleanly the layers inside it end. */
      const [part, cutOff, broken] = await undoPart(stream(coding, page[0][0]), page[0], maxBytes)
      page = [part, page[1] || cutOff, page[2] || broken]
    }
  } catch {
    return [body, false, false]
  }
  return page
}

/** A decoder of `coding` that says when a page ends early (an error, after what it decoded). */
function stream(coding: string, first = 0): Transform {
  const z: typeof zlib = process.getBuiltinModule('node:zlib')
  if (coding === 'br') return z.createBrotliDecompress()
  if (coding !== 'deflate') return z.createGunzip()
  return first % 16 === 8 ? z.createInflate() : z.createInflateRaw()
}

/** What `decoder` makes of `body` until it ends, passes `maxBytes` (cut off) or fails (broken). */
function undoPart(
  decoder: Transform,
  body: Buffer,
  maxBytes: number
): Promise<[Buffer, boolean, boolean]> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = []
    let size = 0
    const done = (cutOff: boolean, broken = false): void => {
      decoder.destroy()
      resolve([Buffer.concat(parts).subarray(0, maxBytes), cutOff || broken, broken])
    }
    decoder.on('data', (part: Buffer) => {
      parts.push(part)
      size += part.length
      if (size > maxBytes) done(true)
    })
    decoder.on('end', () => done(false))
    /* Nothing decoded: not of this coding at all, so the page goes as sent (decodePage). */
    decoder.on('error', error => (size ? done(true, true) : reject(error)))
    decoder.end(body)
  })
}

function undo(
  z: typeof zlib,
  coding: string,
  body: Buffer,
  options: { maxOutputLength: number }
): Buffer {
  if (coding === 'br') return z.brotliDecompressSync(body, options)
  if (coding !== 'deflate') return z.gunzipSync(body, options)
  /* zlib's format (RFC 9110 section 8.4.1.2), or raw deflate, which some servers send. */
  return (body[0] ?? 0) % 16 === 8 ? z.inflateSync(body, options) : z.inflateRawSync(body, options)
}
