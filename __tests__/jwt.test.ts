import { describe, expect, it } from '@jest/globals'
import { jwtClaims, jwtExpiry } from '../src/jwt.js'

const part = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url')
const jwt = (claims: unknown): string =>
  `${part({ alg: 'RS256', typ: 'JWT' })}.${part(claims)}.c2ln`

describe('jwtExpiry', () => {
  it.each<[string, string, number | undefined]>([
    ['exp in seconds, as ms', jwt({ sub: 'a', exp: 1_767_225_600 }), 1_767_225_600_000],
    ['a fractional exp', jwt({ exp: 1_700_000_000.5 }), 1_700_000_000_500],
    ['an unsigned JWT', `${part({ alg: 'none' })}.${part({ exp: 1000 })}.`, 1_000_000],
    ['a payload with characters outside base64', jwt({ exp: 2000, name: 'ö?>~' }), 2_000_000],
    ['no exp', jwt({ sub: 'a', iat: 1_700_000_000 }), undefined],
    ['exp as a string', jwt({ exp: '1700000000' }), undefined],
    ['exp zero', jwt({ exp: 0 }), undefined],
    ['a negative exp', jwt({ exp: -5 }), undefined],
    ['an exp too large for ms', jwt({ exp: 1e308 }), undefined],
    ['a null exp', jwt({ exp: null }), undefined],
    ['a payload that is an array', jwt([1, 2]), undefined],
    ['a payload that is a number', jwt(5), undefined],
    ['a payload that is null', jwt(null), undefined],
    [
      'a payload that is not JSON',
      `${part({})}.${Buffer.from('not json').toString('base64url')}.x`,
      undefined
    ],
    ['a payload that is not base64', 'a.!!!.c', undefined],
    ['an empty payload', 'a..c', undefined],
    ['an opaque token', 'def50200f3a9b1', undefined],
    ['two parts', `${part({})}.${part({ exp: 5 })}`, undefined],
    ['five parts (JWE)', `${part({})}.${part({ exp: 5 })}.a.b.c`, undefined],
    ['an empty string', '', undefined]
  ])('reads %s', (_name, token, expected) => {
    expect(jwtExpiry(token)).toBe(expected)
  })
})

describe('jwtClaims', () => {
  it('decodes the payload of a JWT, unverified', () => {
    expect(jwtClaims(jwt({ sub: 'a', aud: ['x'] }))).toEqual({ sub: 'a', aud: ['x'] })
  })

  it('reads the payload as UTF-8', () => {
    expect(jwtClaims(jwt({ sub: 'Jürgen', name: '日本' }))).toEqual({ sub: 'Jürgen', name: '日本' })
  })

  it.each([
    ['an opaque token', 'opaque'],
    ['two parts', 'a.b'],
    ['an empty payload', 'a..c'],
    ['a payload that is not JSON', 'a.bm90.c'],
    ['an array payload', jwt([1])],
    ['a null payload', jwt(null)]
  ])('is undefined for %s', (_, token) => {
    expect(jwtClaims(token)).toBeUndefined()
  })
})
