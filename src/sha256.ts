// SHA-256 (FIPS 180-4) for the token's fingerprint, so that a password grant over plain http never
// loads node:crypto (docs/performance.md). __tests__/sha256.test.ts holds it to node:crypto.

const hexWords = (text: string): Int32Array =>
  Int32Array.from(text.split(' '), word => parseInt(word, 16))

// The first 32 bits of the fractional parts of the cube roots of the first 64 primes, in two
// halves: dist/ has no line over 400 characters.
const K_FIRST =
  '428a2f98 71374491 b5c0fbcf e9b5dba5 3956c25b 59f111f1 923f82a4 ab1c5ed5 ' +
  'd807aa98 12835b01 243185be 550c7dc3 72be5d74 80deb1fe 9bdc06a7 c19bf174 ' +
  'e49b69c1 efbe4786 0fc19dc6 240ca1cc 2de92c6f 4a7484aa 5cb0a9dc 76f988da ' +
  '983e5152 a831c66d b00327c8 bf597fc7 c6e00bf3 d5a79147 06ca6351 14292967'
const K_LAST =
  '27b70a85 2e1b2138 4d2c6dfc 53380d13 650a7354 766a0abb 81c2c92e 92722c85 ' +
  'a2bfe8a1 a81a664b c24b8b70 c76c51a3 d192e819 d6990624 f40e3585 106aa070 ' +
  '19a4c116 1e376c08 2748774c 34b0bcb5 391c0cb3 4ed8aa4a 5b9cca4f 682e6ff3 ' +
  '748f82ee 78a5636f 84c87814 8cc70208 90befffa a4506ceb bef9a3f7 c67178f2'
const K = hexWords(`${K_FIRST} ${K_LAST}`)

// The first 32 bits of the fractional parts of the square roots of the first 8 primes.
const H = hexWords('6a09e667 bb67ae85 3c6ef372 a54ff53a 510e527f 9b05688c 1f83d9ab 5be0cd19')

/** The SHA-256 of `text`'s UTF-8 bytes, in hex. `(x >>> n) | (x << (32 - n))` is x rotated right. */
export function sha256(text: string): string {
  const bytes = Buffer.from(text, 'utf8')
  // The message, a 1 bit, zeros, and its length in bits, as 512-bit blocks of big-endian words.
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
    let a = hash[0]
    let b = hash[1]
    let c = hash[2]
    let d = hash[3]
    let e = hash[4]
    let f = hash[5]
    let g = hash[6]
    let h = hash[7]
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
