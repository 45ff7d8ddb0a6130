/*
 * SHA-256 (FIPS 180-4) for the token's fingerprint, so that a password grant over plain http never
 * loads node:crypto; the tests hold it to node:crypto.
 */

/**
 * K and H(0) (FIPS 180-4 sections 4.2.2 and 5.3.3), from the cube and square roots of the first 64
 * and 8 primes, listed (docs/performance.md); the tests hold both to the standard's tables.
 */
const PRIMES = Int32Array.from(
  '2 3 5 7 11 13 17 19 23 29 31 37 41 43 47 53 59 61 67 71 73 79 83 89 97 101 103 107 109 113 127 131 137 139 149 151 157 163 167 173 179 181 191 193 197 199 211 223 227 229 233 239 241 251 257 263 269 271 277 281 283 293 307 311'.split(
    ' '
  ),
  Number
)
const fraction = (x: number): number => ((x - Math.floor(x)) * 2 ** 32) | 0
export const K = Int32Array.from(PRIMES, p => fraction(Math.cbrt(p)))
export const H = Int32Array.from(PRIMES.slice(0, 8), p => fraction(Math.sqrt(p)))

/** The SHA-256 of `text`'s UTF-8 bytes, in hex. `(x >>> n) | (x << (32 - n))` is x rotated right. */
export function sha256(text: string): string {
  const bytes = Buffer.from(text, 'utf8')
  /* The message, a 1 bit, zeros, and its length in bits, as 512-bit blocks of big-endian words. */
  const words = new Int32Array(((bytes.length + 8) >> 6) * 16 + 16)
  for (let i = 0; i < bytes.length; i++) words[i >> 2] |= bytes[i] << (24 - 8 * (i & 3))
  words[bytes.length >> 2] |= 0x80 << (24 - 8 * (bytes.length & 3))
  words[words.length - 2] = bytes.length / 2 ** 29
  words[words.length - 1] = bytes.length << 3
  const hash = H.slice()
  const w = new Int32Array(64)
  for (let block = 0; block < words.length; block += 16) {
    for (let t = 0; t < 16; t++) w[t] = words[block + t]
    for (let t = 16; t < 64; t++) {
      const x = w[t - 15]
      const y = w[t - 2]
      w[t] =
        (((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3)) +
        (((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10)) +
        w[t - 7] +
        w[t - 16]
    }
    let [a, b, c, d, e, f, g, h] = hash
    for (let t = 0; t < 64; t++) {
      const t1 =
        h +
        (((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7))) +
        ((e & f) ^ (~e & g)) +
        K[t] +
        w[t]
      const t2 =
        (((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10))) +
        ((a & b) ^ (a & c) ^ (b & c))
      h = g
      g = f
      f = e
      e = (d + t1) | 0
      d = c
      c = b
      b = a
      a = (t1 + t2) | 0
    }
    hash[0] += a
    hash[1] += b
    hash[2] += c
    hash[3] += d
    hash[4] += e
    hash[5] += f
    hash[6] += g
    hash[7] += h
  }
  return Array.from(hash, word => (word >>> 0).toString(16).padStart(8, '0')).join('')
}
