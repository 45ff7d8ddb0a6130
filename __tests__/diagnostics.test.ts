import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals'
import fc from 'fast-check'
import { createHash } from 'node:crypto'
import {
  checkValidity,
  claimFacts,
  describeFacts,
  fingerprint,
  MAX_HASHED_HERE,
  tokenFacts
} from '../src/diagnostics.js'
import { isNodeCryptoLoaded } from '../src/node-crypto.js'
import type { Token } from '../src/response.js'

const part = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url')
const jwt = (claims: unknown): string => `${part({ alg: 'RS256' })}.${part(claims)}.c2ln`

const TOKEN: Token = {
  accessToken: 'opaque-access-token',
  tokenType: 'Bearer',
  authorization: 'Bearer opaque-access-token',
  expiresIn: '3600',
  expiresAt: '2026-11-28T13:00:00Z',
  refreshToken: 'refresh',
  idToken: '',
  scope: 'read write',
  warnings: []
}
const ORIGIN = {
  endpoint: 'https://auth.example.com/oauth/token',
  grantType: 'client_credentials',
  clientAuth: 'basic'
}
const NOW = Date.parse('2026-11-28T12:00:00Z')

describe('fingerprint', () => {
  it('is the first 12 hex digits of the SHA-256 of the token', () => {
    // printf %s abc | sha256sum
    expect(fingerprint('abc')).toBe('ba7816bf8f01')
    expect(fingerprint(TOKEN.accessToken)).toBe(
      createHash('sha256').update(TOKEN.accessToken).digest('hex').slice(0, 12)
    )
  })

  it('hashes any string as UTF-8, as sha256sum would its bytes, lone surrogates included', () => {
    // printf %s 'é€😀' | sha256sum
    expect(fingerprint('\u00e9\u20ac\u{1f600}')).toBe('df9226927fd5')
    // A lone surrogate is written as U+FFFD (EF BF BD), as Buffer.from writes it.
    expect(fingerprint('a\ud800')).toBe(fingerprint('a\ufffd'))
    const codeUnit = fc.integer({ min: 0, max: 0xffff }).map(code => String.fromCharCode(code))
    const unit = fc.oneof(codeUnit, fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }))
    fc.assert(
      fc.property(fc.string({ unit, maxLength: 80 }), token => {
        const utf8 = Buffer.from(token, 'utf8')
        expect(fingerprint(token)).toBe(
          createHash('sha256').update(utf8).digest('hex').slice(0, 12)
        )
      })
    )
  })
})

// Jest has loaded node:crypto, so fingerprint uses it here unless process.moduleLoadList says not.
// That a plain-http run never loads node:crypto is __tests__/startup.test.ts's to prove.
describe('fingerprint, with and without node:crypto loaded', () => {
  const list = Object.getOwnPropertyDescriptor(process, 'moduleLoadList')
  let getBuiltinModule: ReturnType<typeof jest.spyOn>
  beforeEach(() => {
    getBuiltinModule = jest.spyOn(process, 'getBuiltinModule')
  })
  afterEach(() => {
    getBuiltinModule.mockRestore()
    if (list) Object.defineProperty(process, 'moduleLoadList', list)
  })
  const expected = (token: string): string =>
    createHash('sha256').update(token).digest('hex').slice(0, 12)

  it('uses node:crypto once something has loaded it', () => {
    expect(isNodeCryptoLoaded()).toBe(true)
    expect(fingerprint(TOKEN.accessToken)).toBe(expected(TOKEN.accessToken))
    expect(getBuiltinModule).toHaveBeenCalledWith('node:crypto')
  })

  it.each([
    ['Node’s list without node:crypto', ['NativeModule fs', 'NativeModule http']],
    ['no list at all', undefined]
  ])('hashes in src/sha256.ts, not loading node:crypto, with %s', (_name, loaded) => {
    Object.defineProperty(process, 'moduleLoadList', { value: loaded, configurable: true })
    expect(isNodeCryptoLoaded()).toBe(false)
    expect(fingerprint('abc')).toBe('ba7816bf8f01')
    expect(fingerprint('\u00e9\u20ac\u{1f600}')).toBe('df9226927fd5')
    const token = 'x'.repeat(MAX_HASHED_HERE)
    expect(fingerprint(token)).toBe(expected(token))
    expect(getBuiltinModule).not.toHaveBeenCalled()
  })

  // node:crypto's own entry, not one of a module that loads it (node:tls, which https loads).
  it('uses node:crypto when Node’s list has it, whatever else it has', () => {
    Object.defineProperty(process, 'moduleLoadList', {
      value: ['NativeModule fs', 'NativeModule crypto'],
      configurable: true
    })
    expect(isNodeCryptoLoaded()).toBe(true)
    expect(fingerprint('abc')).toBe('ba7816bf8f01')
    expect(getBuiltinModule).toHaveBeenCalledWith('node:crypto')
  })

  it('puts the bound at 4 KB: 4,096 characters are hashed here, 4,097 by node:crypto', () => {
    Object.defineProperty(process, 'moduleLoadList', { value: [], configurable: true })
    expect(MAX_HASHED_HERE).toBe(4096)
    const token = 'y'.repeat(4096)
    expect(fingerprint(token)).toBe(expected(token))
    expect(getBuiltinModule).not.toHaveBeenCalled()
    expect(fingerprint(`${token}y`)).toBe(expected(`${token}y`))
    expect(getBuiltinModule).toHaveBeenCalledWith('node:crypto')
  })

  it('leaves a token of over 4 KB to node:crypto, which is then faster even to load', () => {
    Object.defineProperty(process, 'moduleLoadList', { value: [], configurable: true })
    const token = 'x'.repeat(MAX_HASHED_HERE + 1)
    expect(fingerprint(token)).toBe(expected(token))
    expect(getBuiltinModule).toHaveBeenCalledWith('node:crypto')
  })
})

describe('tokenFacts and describeFacts', () => {
  it('lists where the token came from and what it is, and no secret', () => {
    const facts = tokenFacts(TOKEN, ORIGIN, [])
    expect(facts).toEqual([
      ['endpoint', 'https://auth.example.com/oauth/token'],
      ['grant type', 'client_credentials'],
      ['client auth', 'basic'],
      ['token type', 'Bearer'],
      ['scope', 'read write'],
      ['expires at', '2026-11-28T13:00:00Z'],
      ['fingerprint', `sha256:${fingerprint(TOKEN.accessToken)}`]
    ])
    expect(describeFacts(facts, [])).toEqual([
      `Token: endpoint https://auth.example.com/oauth/token; grant type client_credentials; client auth basic; token type Bearer; scope read write; expires at 2026-11-28T13:00:00Z; fingerprint sha256:${fingerprint(TOKEN.accessToken)}`
    ])
    expect(JSON.stringify(facts)).not.toContain(TOKEN.accessToken)
  })

  it("shows the endpoint's query values as ***, and masks a known secret in it", () => {
    const origin = { ...ORIGIN, endpoint: 'https://h.example/tenant-s3cret/token?code=k1&x&a=b=c' }
    expect(tokenFacts(TOKEN, origin, ['tenant-s3cret'])[0]).toEqual([
      'endpoint',
      'https://h.example/***/token?code=***&***&a=***'
    ])
    // A query item without a name may be a key itself; a name may hold a known secret.
    expect(
      tokenFacts(TOKEN, { ...ORIGIN, endpoint: 'https://h.example/t?Zk3key9' }, [])[0]
    ).toEqual(['endpoint', 'https://h.example/t?***'])
    expect(
      tokenFacts(TOKEN, { ...ORIGIN, endpoint: 'https://h.example/t?s3cret-name=1' }, [
        's3cret-name'
      ])[0]
    ).toEqual(['endpoint', 'https://h.example/t?***=***'])
    expect(
      tokenFacts(TOKEN, { ...ORIGIN, endpoint: 'https://h.example/s3cret/token' }, ['s3cret'])[0]
    ).toEqual(['endpoint', 'https://h.example/***/token'])
  })

  it('keeps the scope on one line', () => {
    const facts = tokenFacts({ ...TOKEN, scope: 'read\n::add-mask::x\r\nwrite' }, ORIGIN, [])
    expect(facts[4]).toEqual(['scope', 'read ::add-mask::x write'])
  })

  it('cuts a long scope short, to 200 characters', () => {
    const scope = Array.from({ length: 100 }, (_, i) => `scope:${i}`).join(' ')
    const [, shown = ''] = tokenFacts({ ...TOKEN, scope }, ORIGIN, [])[4] ?? []
    expect(shown.length).toBeLessThanOrEqual(200)
    expect(shown.length).toBeGreaterThan(150)
    expect(scope.startsWith(shown.replace(/\W+$/, ''))).toBe(true)
  })

  // token_type is the server's text: a known secret in it is masked before it is cut to 40.
  it('masks known secrets in the token type the server returned, and cuts it to 40 characters', () => {
    const secret = 'client-secret-ABCDEFGHIJKLMNOP'
    const masked = tokenFacts({ ...TOKEN, tokenType: `${'T'.repeat(30)}${secret}` }, ORIGIN, [
      secret
    ])
    expect(masked[3]).toEqual(['token type', `${'T'.repeat(30)}***`])
    const tokenType = Array.from({ length: 20 }, (_, i) => `type${i}`).join(':')
    expect(tokenFacts({ ...TOKEN, tokenType }, ORIGIN, [])[3]).toEqual([
      'token type',
      'type0:type1:type2:type3:type4:type5:…'
    ])
  })

  it('withholds the fingerprint of a token short enough to be guessed from it', () => {
    expect(tokenFacts({ ...TOKEN, accessToken: '123456789012345' }, ORIGIN, [])[6]).toEqual([
      'fingerprint',
      'withheld (a token of under 16 characters could be guessed from it)'
    ])
    expect(tokenFacts({ ...TOKEN, accessToken: '1234567890123456' }, ORIGIN, [])[6]).toEqual([
      'fingerprint',
      `sha256:${fingerprint('1234567890123456')}`
    ])
  })

  it('says when scope and expiry are unknown', () => {
    const facts = tokenFacts({ ...TOKEN, scope: '', expiresAt: '' }, ORIGIN, [])
    expect(facts[4]).toEqual(['scope', '(none returned)'])
    expect(facts[5]).toEqual(['expires at', 'unknown'])
  })

  it('adds a line of JWT claims when there are some', () => {
    expect(describeFacts([['a', 'b']], [['iss', 'x']])).toEqual([
      'Token: a b',
      'JWT claims (decoded, not verified): iss x'
    ])
  })
})

describe('claimFacts', () => {
  it('shows iss, sub, aud, scope, scp, exp and iat, in that order, and nothing else', () => {
    const token = jwt({
      jti: 'secret-ish-id',
      iat: 1_764_331_200,
      exp: 1_764_334_800,
      scp: ['read', 'write'],
      aud: ['api', 'billing'],
      sub: 'ci-bot',
      iss: 'https://issuer.example',
      email: 'bot@example.com'
    })
    expect(claimFacts(token, [])).toEqual([
      ['iss', 'https://issuer.example'],
      ['sub', 'ci-bot'],
      ['aud', 'api, billing'],
      ['scp', 'read write'],
      ['exp', '1764334800 (2025-11-28T13:00:00Z)'],
      ['iat', '1764331200 (2025-11-28T12:00:00Z)']
    ])
  })

  it('leaves out a claim that is null', () => {
    expect(claimFacts(jwt({ iss: null, sub: 'ci-bot', aud: null }), [])).toEqual([
      ['sub', 'ci-bot']
    ])
  })

  // league/oauth2-server (Laravel Passport) gives a client's token an empty sub.
  it('leaves out a claim that is empty', () => {
    expect(claimFacts(jwt({ iss: '', sub: '', aud: [], scope: 'read' }), [])).toEqual([
      ['scope', 'read']
    ])
  })

  it('keeps each claim on one short line', () => {
    const facts = claimFacts(
      jwt({ sub: `a\n::set-env name=X::y\r\n${'z'.repeat(300)}`, aud: { x: 1 } }),
      []
    )
    // A word cut short is left out (clipWords): here, the 300 z's.
    expect(facts[0]?.[1]).toBe('a ::set-env name=X::y…')
    expect(facts[1]).toEqual(['aud', '{"x":1}'])
  })

  it('masks known secrets in a claim before cutting it, so no cut leaves part of one', () => {
    const secret = 'client-secret-ABCDEFGHIJKLMNOP'
    const facts = claimFacts(jwt({ sub: `${'u'.repeat(100)}${secret}`, scope: secret }), [secret])
    expect(facts).toEqual([
      ['sub', `${'u'.repeat(100)}***`],
      ['scope', '***']
    ])
  })

  it('masks known secrets in the scope the server returned before cutting it', () => {
    const secret = 'refresh-token-ABCDEFGHIJKLMNOP'
    const scope = `${'s '.repeat(95)}${secret}`
    const facts = tokenFacts({ ...TOKEN, scope }, ORIGIN, [secret])
    expect(facts[4]).toEqual(['scope', `${'s '.repeat(95)}***`])
  })

  it('shows an unparsable exp as it is', () => {
    expect(claimFacts(jwt({ exp: 'soon', iat: 1e20 }), [])).toEqual([
      ['exp', 'soon'],
      ['iat', '100000000000000000000']
    ])
  })

  // Only a number is read as a date: any other exp or iat is the server's text, as any claim.
  it('shows an exp or iat that is not a number as any other claim: masked, on one line, or as JSON', () => {
    const secret = 'client-secret-Q7ZmB2xK'
    expect(
      claimFacts(jwt({ exp: `until\n${secret}`, iat: { at: 1_764_331_200 } }), [secret])
    ).toEqual([
      ['exp', 'until ***'],
      ['iat', '{"at":1764331200}']
    ])
  })

  it.each([
    ['an opaque token', 'opaque'],
    ['a JWT whose payload is not JSON', 'a.bm90IGpzb24.c']
  ])('is empty for %s', (_, token) => {
    expect(claimFacts(token, [])).toEqual([])
  })
})

describe('checkValidity', () => {
  it.each<[string, string, number, { failure?: string; warning?: string; expired?: boolean }]>([
    ['a long-lived token', '2026-11-28T13:00:00Z', 0, {}],
    ['a token that lives long enough', '2026-11-28T13:00:00Z', 3600, {}],
    [
      'a token shorter than min-validity',
      '2026-11-28T12:30:00Z',
      3600,
      {
        failure:
          'The token expires at 2026-11-28T12:30:00Z, in 1800 s, sooner than min-validity (3600 s): ask the server for a longer lifetime, or lower min-validity'
      }
    ],
    [
      'a token expiring within 10 minutes, sooner than min-validity: the warning, then the failure',
      '2026-11-28T12:05:00Z',
      900,
      {
        warning:
          'The token expires at 2026-11-28T12:05:00Z, in 300 s: steps that run longer will be refused',
        failure:
          'The token expires at 2026-11-28T12:05:00Z, in 300 s, sooner than min-validity (900 s): ask the server for a longer lifetime, or lower min-validity'
      }
    ],
    [
      'a token expiring within 10 minutes',
      '2026-11-28T12:09:59Z',
      0,
      {
        warning:
          'The token expires at 2026-11-28T12:09:59Z, in 599 s: steps that run longer will be refused; set min-validity to fail early instead'
      }
    ],
    [
      'a token expiring within 10 minutes that meets min-validity: still the warning, without the advice',
      '2026-11-28T12:08:20Z',
      100,
      {
        warning:
          'The token expires at 2026-11-28T12:08:20Z, in 500 s: steps that run longer will be refused'
      }
    ],
    [
      'a token expiring in exactly 10 minutes: within them',
      '2026-11-28T12:10:00Z',
      0,
      {
        warning:
          'The token expires at 2026-11-28T12:10:00Z, in 600 s: steps that run longer will be refused; set min-validity to fail early instead'
      }
    ],
    ['a token expiring in 10 minutes and a second', '2026-11-28T12:10:01Z', 0, {}],
    [
      'an expired token with min-validity 0 (asks for nothing): said to have expired',
      '2026-11-28T11:59:00Z',
      0,
      {
        warning:
          "The token already expired at 2026-11-28T11:59:00Z, 60 s ago: check the server's clock and this runner's",
        expired: true
      }
    ],
    [
      'a token expiring this very second: not yet expired',
      '2026-11-28T12:00:00Z',
      0,
      {
        warning:
          'The token expires at 2026-11-28T12:00:00Z, in 0 s: steps that run longer will be refused; set min-validity to fail early instead'
      }
    ],
    [
      'an unknown expiry with min-validity',
      '',
      60,
      {
        warning:
          "min-validity is 60 s, but the token's lifetime is unknown (no usable expires_in in the answer, no exp in a JWT access token), so it was not checked"
      }
    ],
    ['an unknown expiry without min-validity', '', 0, {}],
    [
      'an expired token with min-validity: said to have expired, not to expire in 0 s',
      '2026-11-28T11:59:00Z',
      60,
      {
        failure:
          "The token already expired at 2026-11-28T11:59:00Z, 60 s ago: check the server's clock and this runner's"
      }
    ]
  ])('%s', (_, expiresAt, minValidity, expected) => {
    expect(checkValidity(expiresAt, NOW, minValidity)).toEqual(expected)
  })

  it('counts whole seconds left, rounding down: 599.6 s is short of a min-validity of 600', () => {
    const expiresAt = '2026-11-28T12:10:00Z'
    const now = Date.parse(expiresAt) - 599_600
    expect(checkValidity(expiresAt, now, 600).failure).toBe(
      `The token expires at ${expiresAt}, in 599 s, sooner than min-validity (600 s): ask the server for a longer lifetime, or lower min-validity`
    )
  })

  // A token just minted: expiresAt is cut to the second and counts from when the request was sent.
  const minted = '2026-11-28T12:59:59Z'
  it.each<[string, number, number, { failure?: string; warning?: string }]>([
    ['a lifetime equal to min-validity', 3600, 3600, {}],
    [
      'a lifetime a second short of min-validity',
      3599,
      3600,
      {
        failure: `The token expires at ${minted}, in 3599 s, sooner than min-validity (3600 s): ask the server for a longer lifetime, or lower min-validity`
      }
    ],
    [
      'a lifetime of exactly 10 minutes',
      600,
      0,
      {
        warning: `The token expires at ${minted}, in 600 s: steps that run longer will be refused; set min-validity to fail early instead`
      }
    ],
    ['a lifetime of 601 s', 601, 0, {}],
    [
      'a lifetime of 0 (expires_in 0), which is no absent lifetime',
      0,
      0,
      {
        warning: `The token expires at ${minted}, in 0 s: steps that run longer will be refused; set min-validity to fail early instead`
      }
    ],
    [
      'a lifetime under 10 minutes',
      599,
      0,
      {
        warning: `The token expires at ${minted}, in 599 s: steps that run longer will be refused; set min-validity to fail early instead`
      }
    ]
  ])('judges %s by the lifetime the server gave', (_, lifetime, minValidity, expected) => {
    expect(checkValidity(minted, NOW, minValidity, lifetime)).toEqual(expected)
  })
})

describe('claimFacts, deeply nested claims', () => {
  it('a claim nested 10 000 levels deep is named, and does not throw', () => {
    const nested = `${'['.repeat(10_000)}${']'.repeat(10_000)}`
    const claims = Buffer.from(`{"sub":"svc","aud":${nested}}`).toString('base64url')
    const facts = claimFacts(`${part({ alg: 'RS256' })}.${claims}.c2ln`, [])
    expect(facts).toContainEqual(['aud', '(nested too deeply to show)'])
    expect(facts).toContainEqual(['sub', 'svc'])
  })
})
