/**
 * Error pages in a single-byte charset (transport.ts reads one in the charset it names), and
 * the secrets such a page shows: a server that echoes the bytes it got, which are UTF-8, shows
 * them as its own charset's characters (Tomcat's ISO-8859-1 pages).
 */

export interface LegacyText {
  readonly text: string
  readonly charset: string
}

/**
 * `bytes` in this charset, where it writes each character in one byte; undefined for any other
 * (Shift_JIS, UTF-16: a byte of one character may pair with the next, a secret's first among
 * them), or one Node does not know.
 */
export function legacyText(bytes: Buffer, charset: string): string | undefined {
  try {
    const decoder = new TextDecoder(charset)
    if (!SINGLE_BYTE.test(decoder.encoding)) return undefined
    /* Node 20 reads Windows-1252 (and the Latin-1 labels that name it) as Latin-1, whose
     * 0x80 to 0x9F are control characters, not the euro sign, dashes and quotes. */
    return decoder.encoding === 'windows-1252'
      ? bytes.toString('latin1').replace(/[\x80-\x9f]/g, c => CP1252[c.charCodeAt(0) - 0x80] ?? c)
      : decoder.decode(bytes)
  } catch {
    return undefined
  }
}

/** The WHATWG Encoding Standard's single-byte encodings, by the names TextDecoder gives them. */
const SINGLE_BYTE = /^(windows-(874|125\d)|iso-8859-\d+|koi8-[ru]|ibm866|macintosh|x-mac-cyrillic)$/

/** Windows-1252's characters for 0x80 to 0x9F; the five it leaves undefined as Latin-1's. */
const CP1252 = '€\x81‚ƒ„…†‡ˆ‰Š‹Œ\x8dŽ\x8f\x90‘’“”•–—˜™š›œ\x9džŸ'

/** Each secret past ASCII as a page in `charset` shows the UTF-8 bytes of it that it got. */
export function misreadIn(secrets: readonly string[], charset: string | undefined): string[] {
  if (!charset) return []
  return secrets
    .filter(secret => /[^\0-\x7f]/.test(secret))
    .map(secret => legacyText(Buffer.from(secret, 'utf8'), charset) ?? secret)
}
