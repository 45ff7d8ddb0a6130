// src/sha256.ts, the token's fingerprint without node:crypto: every digest must be node:crypto's,
// whatever the string, and most of all at the lengths where the padding needs another block.
import { describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import { createHash } from 'node:crypto'
import { sha256 } from '../src/sha256.js'

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
