/**
 * Error pages in a single-byte charset (transport.ts reads one in the charset it names), and
 * the secrets such a page shows: a server that echoes the bytes it got, which are UTF-8, shows
 * them as its own charset's characters (Tomcat's ISO-8859-1 pages).
 */

/** An error page read in its charset: shown (`text`), or only searched for secrets. */
export interface LegacyText {
  readonly charset: string
  readonly text?: string
  readonly searched?: string
}

/**
 * `bytes` in this charset, where it writes each character in one byte; undefined for any other
 * (Shift_JIS, UTF-16: a byte of one character may pair with the next, a secret's first among
 * them), or one Node does not know.
 */
export function legacyText(bytes: Buffer, charset: string): string | undefined {
  try {
    const decoder = new TextDecoder(charset)
    if (!SINGLE_BYTE.test(decoder.encoding)) return
    /* Node 20 reads Windows-1252 (and the Latin-1 labels that name it) as Latin-1, whose
     * 0x80 to 0x9F are control characters, not the euro sign, dashes and quotes. */
    return decoder.encoding === 'windows-1252'
      ? bytes.toString('latin1').replace(/[\x80-\x9f]/g, c => CP1252[c.charCodeAt(0) - 0x80] ?? c)
      : decoder.decode(bytes)
  } catch {
    /* A charset Node does not know: undefined. */
  }
}

/**
 * `bytes` in a charset of more than one byte a character that Node knows (Shift_JIS, GBK,
 * ISO-2022-JP, UTF-16); undefined for any other. Not shown (read as UTF-8, a byte next to a secret
 * cannot pair with its first), but searched for a secret (response.ts).
 */
export function multiByteText(bytes: Buffer, charset: string): string | undefined {
  try {
    const { encoding } = new TextDecoder(charset)
    if (SINGLE_BYTE.test(encoding) || encoding === 'utf-8') return
    return new TextDecoder(encoding).decode(bytes)
  } catch {
    /* A charset Node does not know: undefined. */
  }
}

/** The WHATWG Encoding Standard's single-byte encodings, by the names TextDecoder gives them. */
const SINGLE_BYTE =
  /^(windows-(874|125\d)|iso-8859-\d+(-i)?|koi8-[ru]|ibm866|macintosh|x-mac-cyrillic)$/

/** Windows-1252's characters for 0x80 to 0x9F; the five it leaves undefined as Latin-1's. */
const CP1252 = '€\x81‚ƒ„…†‡ˆ‰Š‹Œ\x8dŽ\x8f\x90‘’“”•–—˜™š›œ\x9džŸ'

/**
 * Each secret past ASCII as a page in a single-byte `charset` shows it: the UTF-8 bytes of it
 * that the server got, read in the charset; and the secret with ? for each character the charset
 * lacks, as its encoders write one, where 6 ASCII characters tell it apart from other text.
 */
export function misreadIn(secrets: readonly string[], charset: string | undefined): string[] {
  const table =
    charset && legacyText(Buffer.from(Array.from({ length: 256 }, (_, i) => i)), charset)
  if (!charset || !table) return []
  return secrets
    .filter(secret => /[^\0-\x7f]/.test(secret))
    .flatMap(secret => [
      legacyText(Buffer.from(secret, 'utf8'), charset) ?? secret,
      ...(secret.replace(/[^\0-\x7f]/gu, '').length > 5
        ? [secret.replace(/[^\0-\x7f]/gu, char => (table.includes(char) ? char : '?'))]
        : [])
    ])
}
