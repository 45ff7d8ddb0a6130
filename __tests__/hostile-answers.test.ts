// Timing tests for hostile answers (see findings.md): each took tens of seconds or more before its
// fix, and takes well under a second after it. Bounds are generous (shared CI machines).
import { describe, expect, it } from '@jest/globals'
import { MASK, redact } from '../src/redact.js'
import { BadResponse, describeAnswer, readToken } from '../src/response.js'

const rep = (unit: string, length: number): string =>
  unit.repeat(Math.ceil(length / unit.length)).slice(0, length)
const answer = (status: number, value: unknown) => ({
  status,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(value)
})
const timed = (run: () => unknown): number => {
  const started = performance.now()
  run()
  return performance.now() - started
}
const SECRETS = ['s3cr3t-Cl1ent!Secret', 'hunter2 pass']

describe('redact, on a server token of one repeated character (cutSecrets)', () => {
  it('a start of it before an ellipsis: 300 KB in under 2 s (68 s before)', () => {
    const token = rep('a', 150_000)
    const value = answer(400, {
      error: 'invalid_grant',
      error_description: `${rep('a', 149_996)}b...`,
      access_token: token
    })
    expect(timed(() => describeAnswer(value, SECRETS))).toBeLessThan(2000)
  })

  it('ends of it after many ellipses: 100 KB in under 2 s (16 s before)', () => {
    const value = answer(400, {
      error: 'invalid_grant',
      error_description: rep('...aaaaaab', 50_000),
      access_token: rep('a', 50_000)
    })
    expect(timed(() => describeAnswer(value, SECRETS))).toBeLessThan(2000)
  })

  it('still masks a start and an end cut by ellipses', () => {
    const secret = 'cs_9fK2mQx7Lp4Zw8Nc3Vb6Hd1Jy5Ts0Ge2Ra7Uq4Wk9Mn'
    const text = `a=${secret.slice(0, 23)}... b=...${secret.slice(-23)} c=${secret.slice(0, 10)}…${secret.slice(-9)}`
    expect(redact(text, [secret], true)).toBe(`a=${MASK}... b=...${MASK} c=${MASK}…${MASK}`)
  })
})

describe('redact, on a server token spelled as a pattern (findSpelled)', () => {
  it('a token of 3,000 characters "a-a-" against 1 MiB of "a-": under 4 s (20 s before)', () => {
    const value = answer(400, {
      error: 'invalid_grant',
      error_description: `%${rep('a-', 1_030_000)}`,
      access_token: `${rep('a-', 3000)}!`
    })
    expect(timed(() => describeAnswer(value, SECRETS))).toBeLessThan(4000)
  })
})

describe('readToken, on a 2xx message among many strings (noAccessToken)', () => {
  it('1 MiB with 40,000 strings: under 2 s', () => {
    const others = Array.from({ length: 40_000 }, (_, i) => `%41${i.toString(36).padStart(6, '0')}`)
    const value = answer(200, { message: `% ${rep('lorem ipsum ', 500_000)}`, others })
    let message = ''
    const took = timed(() => {
      try {
        readToken(value, 0, SECRETS)
      } catch (error) {
        message = error instanceof BadResponse ? error.message : String(error)
      }
    })
    expect(took).toBeLessThan(2000)
    expect(message).toMatch(/^HTTP 200 /)
  })
})
