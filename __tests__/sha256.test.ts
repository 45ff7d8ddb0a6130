// src/sha256.ts, the token's fingerprint without node:crypto: every digest must be node:crypto's,
// whatever the string, and most of all at the lengths where the padding needs another block.
import { describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import { createHash } from 'node:crypto'
import { H, K, sha256 } from '../src/sha256.js'

const theirs = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex')

describe('sha256', () => {
  it('gives FIPS 180-4’s digests for its examples', () => {
    expect(sha256('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855')
    expect(sha256('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad')
    expect(sha256('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq')).toBe(
      '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1'
    )
    expect(sha256('a'.repeat(1_000_000))).toBe(
      'cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0'
    )
  })

  it('agrees with node:crypto at every length of up to four blocks', () => {
    for (let length = 0; length <= 4 * 64 + 1; length++) {
      const text = 'x'.repeat(length)
      expect([length, sha256(text)]).toEqual([length, theirs(text)])
    }
  })

  // Any code point, lone surrogates included, and strings long enough to fill several blocks.
  it('agrees with node:crypto for any string, read as UTF-8 (lone surrogates as U+FFFD)', () => {
    const unit = fc.integer({ min: 0, max: 0x10ffff }).map(code => String.fromCodePoint(code))
    fc.assert(
      fc.property(fc.string({ unit, size: 'max', maxLength: 300 }), text => {
        expect(sha256(text)).toBe(theirs(text))
      }),
      { numRuns: 500 }
    )
    expect(sha256('a\ud800b')).toBe(theirs('a\ufffdb'))
  })
})

describe('the constants, worked out from the primes', () => {
  const words = (text: string): number[] => text.split(/\s+/).map(word => parseInt(word, 16) | 0)

  it("are FIPS 180-4's K (section 4.2.2)", () => {
    expect(Array.from(K)).toEqual(
      words(`428a2f98 71374491 b5c0fbcf e9b5dba5 3956c25b 59f111f1 923f82a4 ab1c5ed5
        d807aa98 12835b01 243185be 550c7dc3 72be5d74 80deb1fe 9bdc06a7 c19bf174
        e49b69c1 efbe4786 0fc19dc6 240ca1cc 2de92c6f 4a7484aa 5cb0a9dc 76f988da
        983e5152 a831c66d b00327c8 bf597fc7 c6e00bf3 d5a79147 06ca6351 14292967
        27b70a85 2e1b2138 4d2c6dfc 53380d13 650a7354 766a0abb 81c2c92e 92722c85
        a2bfe8a1 a81a664b c24b8b70 c76c51a3 d192e819 d6990624 f40e3585 106aa070
        19a4c116 1e376c08 2748774c 34b0bcb5 391c0cb3 4ed8aa4a 5b9cca4f 682e6ff3
        748f82ee 78a5636f 84c87814 8cc70208 90befffa a4506ceb bef9a3f7 c67178f2`)
    )
  })

  it("are FIPS 180-4's H(0) (section 5.3.3)", () => {
    expect(Array.from(H)).toEqual(
      words('6a09e667 bb67ae85 3c6ef372 a54ff53a 510e527f 9b05688c 1f83d9ab 5be0cd19')
    )
  })
})
