import { describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import type { Config } from '../src/config.js'
import { USER_AGENT, buildTokenRequest } from '../src/request.js'
import { formEncode } from '../src/form-encode.js'
import { expectCpuUnder } from './support/cpu-time.js'

const URL_ = new URL('https://api.example.com/oauth/token')

function config(overrides: Partial<Config> = {}): Config {
  return {
    tokenUrl: URL_,
    grantType: 'password',
    clientId: 'client-1',
    clientSecret: 'shh',
    username: 'alice',
    password: 'pw',
    refreshToken: '',
    scope: '',
    audience: '',
    extraParams: [],
    headers: [],
    bodyFormat: 'json',
    clientAuth: 'body',
    exportEnv: 'ACCESS_TOKEN',
    timeoutMs: 30_000,
    retries: 3,
    allowInsecureHttp: false,
    caCertificates: [],
    ...overrides
  }
}

const JSON_HEADERS = {
  Accept: 'application/json',
  'User-Agent': 'oauth2-token-action',
  'Content-Type': 'application/json'
}
const FORM_HEADERS = { ...JSON_HEADERS, 'Content-Type': 'application/x-www-form-urlencoded' }

describe('buildTokenRequest body', () => {
  it('sends the seed API request: JSON, password grant, client in the body', () => {
    const request = buildTokenRequest(config())
    expect(request.url).toBe(URL_)
    expect(request.headers).toEqual(JSON_HEADERS)
    expect(request.body).toBe(
      '{"grant_type":"password","client_id":"client-1","client_secret":"shh","username":"alice","password":"pw"}'
    )
    expect(request.secrets).toEqual([])
  })

  it('sends the same as a form (RFC 6749 §4)', () => {
    const request = buildTokenRequest(config({ bodyFormat: 'form' }))
    expect(request.headers).toEqual(FORM_HEADERS)
    expect(request.body).toBe(
      'grant_type=password&client_id=client-1&client_secret=shh&username=alice&password=pw'
    )
  })

  it('sends each resource of extra-params in a form body (RFC 8707)', () => {
    const extraParams: [string, string][] = [
      ['resource', 'https://a.example'],
      ['resource', 'https://b.example']
    ]
    const request = buildTokenRequest(config({ bodyFormat: 'form', extraParams }))
    expect(request.body).toBe(
      'grant_type=password&client_id=client-1&client_secret=shh&username=alice&password=pw&resource=https%3A%2F%2Fa.example&resource=https%3A%2F%2Fb.example'
    )
  })

  it('encodes special characters in each format', () => {
    const special = { username: 'a b+c@d.e', password: 'p&=ä"\\/%' }
    const json = buildTokenRequest(config(special))
    expect(JSON.parse(json.body)).toMatchObject(special)
    const form = buildTokenRequest(config({ ...special, bodyFormat: 'form' }))
    expect(form.body).toBe(
      'grant_type=password&client_id=client-1&client_secret=shh&username=a+b%2Bc%40d.e&password=p%26%3D%C3%A4%22%5C%2F%25'
    )
    expect(Object.fromEntries(new URLSearchParams(form.body))).toMatchObject(special)
  })

  it.each<[string, Partial<Config>, Record<string, string>]>([
    [
      'password, without the refresh token even when set',
      { refreshToken: 'rt' },
      {
        grant_type: 'password',
        client_id: 'client-1',
        client_secret: 'shh',
        username: 'alice',
        password: 'pw'
      }
    ],
    [
      'client_credentials, without the user even when set',
      { grantType: 'client_credentials', refreshToken: 'rt' },
      { grant_type: 'client_credentials', client_id: 'client-1', client_secret: 'shh' }
    ],
    [
      'refresh_token, without the user even when set',
      { grantType: 'refresh_token', refreshToken: 'rt' },
      {
        grant_type: 'refresh_token',
        client_id: 'client-1',
        client_secret: 'shh',
        refresh_token: 'rt'
      }
    ],
    [
      'a token exchange, without the user or refresh token even when set',
      {
        grantType: 'urn:ietf:params:oauth:grant-type:token-exchange',
        refreshToken: 'rt',
        extraParams: [
          ['subject_token', 'st'],
          ['subject_token_type', 'urn:ietf:params:oauth:token-type:access_token']
        ]
      },
      {
        grant_type: 'urn:ietf:params:oauth:grant-type:token-exchange',
        client_id: 'client-1',
        client_secret: 'shh',
        subject_token: 'st',
        subject_token_type: 'urn:ietf:params:oauth:token-type:access_token'
      }
    ],
    [
      'a JWT bearer grant, without the user or refresh token even when set',
      {
        grantType: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
        refreshToken: 'rt',
        extraParams: [['assertion', 'a.b.c']]
      },
      {
        grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
        client_id: 'client-1',
        client_secret: 'shh',
        assertion: 'a.b.c'
      }
    ],
    [
      'another grant with whichever fields are set',
      {
        grantType: 'urn:ietf:params:oauth:grant-type:device_code',
        username: '',
        password: '',
        extraParams: [['device_code', 'dc']]
      },
      {
        grant_type: 'urn:ietf:params:oauth:grant-type:device_code',
        client_id: 'client-1',
        client_secret: 'shh',
        device_code: 'dc'
      }
    ],
    [
      'another grant with user and refresh token set',
      { grantType: 'custom', refreshToken: 'rt' },
      {
        grant_type: 'custom',
        client_id: 'client-1',
        client_secret: 'shh',
        username: 'alice',
        password: 'pw',
        refresh_token: 'rt'
      }
    ],
    [
      'a public client: no client_secret',
      { clientSecret: '' },
      { grant_type: 'password', client_id: 'client-1', username: 'alice', password: 'pw' }
    ],
    [
      'scope and audience when set',
      { scope: 'read write', audience: 'https://api.example.com' },
      {
        grant_type: 'password',
        client_id: 'client-1',
        client_secret: 'shh',
        username: 'alice',
        password: 'pw',
        scope: 'read write',
        audience: 'https://api.example.com'
      }
    ],
    [
      'extra-params last, in order',
      {
        scope: 's',
        extraParams: [
          ['resource', 'https://r.example.com'],
          ['tenant', 'acme']
        ]
      },
      {
        grant_type: 'password',
        client_id: 'client-1',
        client_secret: 'shh',
        username: 'alice',
        password: 'pw',
        scope: 's',
        resource: 'https://r.example.com',
        tenant: 'acme'
      }
    ]
  ])('%s', (_name, overrides, expected) => {
    const json = buildTokenRequest(config(overrides))
    // Compared as entries, so the order of the fields counts too.
    expect(Object.entries(JSON.parse(json.body) as Record<string, string>)).toEqual(
      Object.entries(expected)
    )
    const form = buildTokenRequest(config({ ...overrides, bodyFormat: 'form' }))
    expect([...new URLSearchParams(form.body)]).toEqual(Object.entries(expected))
  })

  it('is the same request every time it is built', () => {
    const c = config({ clientAuth: 'basic', bodyFormat: 'form', scope: 's' })
    expect(buildTokenRequest(c)).toEqual(buildTokenRequest(c))
  })
})

describe('client-auth basic (RFC 6749 §2.3.1)', () => {
  it('puts the client only in the Authorization header', () => {
    const request = buildTokenRequest(
      config({ clientAuth: 'basic', clientId: 'id', clientSecret: 'secret' })
    )
    // base64("id:secret")
    expect(request.headers).toEqual({ ...JSON_HEADERS, Authorization: 'Basic aWQ6c2VjcmV0' })
    expect(request.body).toBe('{"grant_type":"password","username":"alice","password":"pw"}')
    expect(request.secrets).toEqual(['Basic aWQ6c2VjcmV0', 'aWQ6c2VjcmV0'])
  })

  it('form-urlencodes id and secret before base64', () => {
    const request = buildTokenRequest(
      config({
        clientAuth: 'basic',
        bodyFormat: 'form',
        clientId: 'my id:1',
        clientSecret: 'p@ss/wörd+&=%'
      })
    )
    const encoded = 'my+id%3A1:p%40ss%2Fw%C3%B6rd%2B%26%3D%25'
    const base64 = Buffer.from(encoded, 'utf8').toString('base64')
    expect(request.headers.Authorization).toBe(`Basic ${base64}`)
    expect(request.secrets).toEqual([`Basic ${base64}`, base64])
    expect(request.body).toBe('grant_type=password&username=alice&password=pw')
    expect(request.body).not.toContain('client')
    expect(request.body).not.toContain(base64)
  })

  it('sends an empty secret for a public client', () => {
    const request = buildTokenRequest(
      config({ clientAuth: 'basic', clientId: 'id', clientSecret: '' })
    )
    // base64("id:")
    expect(request.headers.Authorization).toBe('Basic aWQ6')
    expect(request.body).not.toContain('client_id')
  })

  it('keeps the Authorization header with the request in both formats', () => {
    for (const bodyFormat of ['json', 'form'] as const) {
      const request = buildTokenRequest(config({ clientAuth: 'basic', bodyFormat }))
      expect(Object.keys(request.headers)).toEqual([
        'Accept',
        'User-Agent',
        'Authorization',
        'Content-Type'
      ])
    }
  })
})

describe('headers', () => {
  it('always asks for JSON', () => {
    for (const bodyFormat of ['json', 'form'] as const) {
      expect(buildTokenRequest(config({ bodyFormat })).headers.Accept).toBe('application/json')
    }
    expect(USER_AGENT).toBe('oauth2-token-action')
  })

  it('adds custom headers', () => {
    const request = buildTokenRequest(
      config({
        headers: [
          ['X-Tenant', 'acme'],
          ['X-Request-Id', '42']
        ]
      })
    )
    expect(request.headers).toEqual({ ...JSON_HEADERS, 'X-Tenant': 'acme', 'X-Request-Id': '42' })
  })

  it("sends a header named like an object's own members, rather than dropping it", () => {
    const request = buildTokenRequest(
      config({
        headers: [
          ['__proto__', 'x'],
          ['constructor', 'y']
        ]
      })
    )
    // Compared as entries: an object literal's '__proto__' would set its prototype.
    expect(Object.entries(request.headers).sort()).toEqual(
      [...Object.entries(JSON_HEADERS), ['__proto__', 'x'], ['constructor', 'y']].sort()
    )
  })

  it("sends extra-params named like an object's own members in a JSON body too", () => {
    const request = buildTokenRequest(
      config({
        extraParams: [
          ['__proto__', 'x'],
          ['constructor', 'y']
        ]
      })
    )
    expect(JSON.parse(request.body)).toMatchObject({ constructor: 'y' })
    expect(Object.keys(JSON.parse(request.body) as object)).toContain('__proto__')
  })

  it('lets a custom header replace a default of any case', () => {
    const request = buildTokenRequest(
      config({
        headers: [
          ['accept', 'application/jwt'],
          ['USER-AGENT', 'mine/1.0']
        ]
      })
    )
    expect(request.headers).toEqual({
      accept: 'application/jwt',
      'USER-AGENT': 'mine/1.0',
      'Content-Type': 'application/json'
    })
  })

  it('sends a custom Authorization with client-auth body', () => {
    const request = buildTokenRequest(config({ headers: [['Authorization', 'Bearer abc']] }))
    expect(request.headers).toEqual({ ...JSON_HEADERS, Authorization: 'Bearer abc' })
    expect(JSON.parse(request.body)).toMatchObject({ client_id: 'client-1', client_secret: 'shh' })
    // Its value is a credential: masked whole (the bare 'abc' is too short to mask on its own).
    expect(request.secrets).toEqual(['Bearer abc'])
  })

  it('masks a Cookie header and its session cookie, not a numeric one of 8 digits or more', () => {
    const cookie = 'session_expires=1767225600; sessionid=sess-7f3a9c2e41d8b6'
    expect(buildTokenRequest(config({ headers: [['Cookie', cookie]] })).secrets).toEqual([
      cookie,
      'sess-7f3a9c2e41d8b6'
    ])
  })

  // Each start of a match inside a run of word characters would read the run to its end.
  it("reads a credential header's parameters in time that grows with the value's length", () => {
    const headers: [string, string][] = Array.from({ length: 20 }, (_, i) => [
      `X-Api-Key-${i}`,
      'a-'.repeat(4095)
    ])
    // Under 10 ms on a quiet machine; a pass that grows with the square takes well over 1 s.
    expectCpuUnder(400, () => {
      expect(buildTokenRequest(config({ headers })).secrets).toHaveLength(20)
    })
  })

  it("masks a remember-me cookie (Laravel's remember_web_…) of 8 characters or more, letters alone", () => {
    const cookie = 'remember_web_59ba=abcdefghijk; theme=dark'
    expect(buildTokenRequest(config({ headers: [['Cookie', cookie]] })).secrets).toEqual([
      cookie,
      'abcdefghijk'
    ])
  })

  // A server may echo the credential alone, not the whole value the runner would mask.
  it.each([
    ['Authorization', 'Token token="abcdef1234567890", user="bob"', ['abcdef1234567890']],
    [
      'Authorization',
      'Token token=abcdef1234567890',
      ['token=abcdef1234567890', 'abcdef1234567890']
    ],
    [
      'X-Api-Key',
      'key=k3yVal-123456;secret=s3cretVal-987654',
      ['k3yVal-123456', 's3cretVal-987654']
    ],
    ['X-Hub-Sig', 'sha256=9f2c41ab', ['9f2c41ab']],
    ['X-Api-Key', 'mode = "automatic";key=short7;flag=true', []],
    ['X-Api-Key', 'id=Zt2WmXrVbNpHsQaLk;mode=none', ['Zt2WmXrVbNpHsQaLk']],
    ['X-Api-Key', 'id=ZtWmXrVbNpHsQaLk;mode=none', ['ZtWmXrVbNpHsQaLk']],
    ['X-Api-Key', 'id=tWmXrVbNpHsQaLk;mode=none', []],
    ['X-Hub-Sig', 'sha256=9f2c41a', []],
    ['X-Api-Key', 'key = k3yVal-123456', ['k3yVal-123456']]
  ])(
    'masks each value of 16 characters or more, or 8 with a digit, in header %s: %s',
    (name, value, parts) => {
      expect(buildTokenRequest(config({ headers: [[name, value]] })).secrets).toEqual([
        value,
        ...parts
      ])
    }
  )

  it('masks a Basic header decoded, and its password form-decoded too (RFC 6749 §2.3.1)', () => {
    const credential = Buffer.from('svc:p%40ss%20w0rd!').toString('base64')
    const value = `Basic ${credential}`
    expect(buildTokenRequest(config({ headers: [['Authorization', value]] })).secrets).toEqual([
      value,
      credential,
      'svc:p%40ss%20w0rd!',
      'p%40ss%20w0rd!',
      'p@ss w0rd!'
    ])
    // A password that is not form-encoded (a lone %) is masked once, as it is.
    const plain = Buffer.from('svc:100%pure').toString('base64')
    expect(
      buildTokenRequest(config({ headers: [['Authorization', `Basic ${plain}`]] })).secrets
    ).toEqual([`Basic ${plain}`, plain, 'svc:100%pure', '100%pure'])
    // An & in it is the password's, not a parameter's end.
    const amp = Buffer.from('svc:pass%20word&more').toString('base64')
    expect(
      buildTokenRequest(config({ headers: [['Authorization', `Basic ${amp}`]] })).secrets
    ).toEqual([`Basic ${amp}`, amp, 'svc:pass%20word&more', 'pass%20word&more', 'pass word&more'])
  })

  it("masks a Basic header's user where the password is under 4 characters, but for a short word", () => {
    const secrets = (credential: string): readonly string[] =>
      buildTokenRequest(
        config({
          headers: [['Authorization', `Basic ${Buffer.from(credential).toString('base64')}`]]
        })
      ).secrets.slice(2)
    expect(secrets('sk_live_4eC39HqLy:')).toEqual(['sk_live_4eC39HqLy:', 'sk_live_4eC39HqLy'])
    expect(secrets('sk_live_4eC39HqLy:x')).toEqual(['sk_live_4eC39HqLy:x', 'sk_live_4eC39HqLy'])
    // A key with no digit, or short, is a key too (review 87b).
    expect(secrets('QwErTyUiOpAs:')).toEqual(['QwErTyUiOpAs:', 'QwErTyUiOpAs'])
    expect(secrets('Rk2pQ8:x')).toEqual(['Rk2pQ8:x', 'Rk2pQ8'])
    expect(secrets('svc-account:pw1')).toEqual(['svc-account:pw1', 'svc-account'])
    // A password of 4 characters is one of its own: the user is a name again.
    expect(secrets('svc-account:pw12')).toEqual(['svc-account:pw12', 'pw12'])
    // A user with a password of its own is a name, which every later line would lose; so is a
    // lower-case word of up to 7 letters, with a password or not.
    expect(secrets('admin:s3cret-pass')).toEqual(['admin:s3cret-pass', 's3cret-pass'])
    expect(secrets('admin:pw12')).toEqual(['admin:pw12', 'pw12'])
    expect(secrets('build:ci')).toEqual(['build:ci'])
    expect(secrets('deploy:')).toEqual(['deploy:'])
    // Eight letters are no longer such a word.
    expect(secrets('deployer:')).toEqual(['deployer:', 'deployer'])
  })

  it('masks a cookie of 16 characters or more with a digit whatever its name, not a number, words or a short one', () => {
    const cookie =
      '.AspNetCore.Identity.Application=CfDJ8AbCdEf0123456789; theme=dark-high-contrast-mode; ' +
      'KEYCLOAK_IDENTITY=eyJhbGciOiJIUzI1NiJ9.e30.c2ln; lang=en-US-x-privat3; visits=12345678901234567'
    expect(buildTokenRequest(config({ headers: [['Cookie', cookie]] })).secrets).toEqual([
      cookie,
      'CfDJ8AbCdEf0123456789',
      'eyJhbGciOiJIUzI1NiJ9.e30.c2ln'
    ])
  })

  it('masks a cookie with a digit whatever its name from 16 characters, not at 15', () => {
    const cookie = 'ga_client=Ab3dEfGhIjKlMnOp; pref=Ab3dEfGhIjKlMnO'
    expect(buildTokenRequest(config({ headers: [['Cookie', cookie]] })).secrets).toEqual([
      cookie,
      'Ab3dEfGhIjKlMnOp'
    ])
  })

  it('lists credential-looking headers and parameters as secrets, but not short or type values', () => {
    const request = buildTokenRequest(
      config({
        headers: [
          ['X-Api-Key', 'key-0123456789'],
          ['Authorization', 'Bearer tok-0123456789'],
          ['X-Request-Source', 'ci-pipeline'],
          ['X-Auth-Short', 'abc']
        ],
        extraParams: [
          ['client_assertion', 'eyJhbGciOiJSUzI1NiJ9.e30.sig'],
          ['client_assertion_type', 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer'],
          ['resource', 'https://api.example.com']
        ]
      })
    )
    expect(request.secrets).toEqual([
      'eyJhbGciOiJSUzI1NiJ9.e30.sig',
      'key-0123456789',
      'Bearer tok-0123456789',
      'tok-0123456789'
    ])
  })
})

describe('credential names beyond the obvious', () => {
  it.each([
    ['X-JWT-Assertion', 'eyJhbGciOiJIUzI1NiJ9.e30.c2ln'],
    ['X-Session-Id', 'sess-7f3a9c2e41d8b6'],
    ['X-OTP', '493817'],
    ['X-User-Pwd', 'Hunter2Hunter2'],
    ['X-Pin', '7391'],
    ['DPoP', 'eyJ0eXAiOiJkcG9wK2p3dCJ9.e30.c2ln'],
    ['X-Sign', 'Sg7Zt2Wm9Xr4VbN8'],
    ['X-Hmac', '9f2c41ab7d3e'],
    ['X-Mfa', '493817'],
    ['X-Access-Code', 'ac-7Zt2Wm9X'],
    ['X-Api-Pass', 'Hunter2Hunter2'],
    ['X-Pass', 'Hunter2Hunter2'],
    ['X-Bearer', 'tok-0123456789'],
    ['X-Pw', 'CredVal9xQ7mZ2kL4'],
    ['Api-Pw', 'CredVal9xQ7mZ2kL4'],
    ['X-Sid', 'sess-7f3a9c2e41d8b6'],
    ['X-Cred', 'CredVal9xQ7mZ2kL4'],
    ['X-Creds', 'CredVal9xQ7mZ2kL4']
  ])('masks the value of header %s', (name, value) => {
    expect(buildTokenRequest(config({ headers: [[name, value]] })).secrets).toEqual([value])
  })

  // Masked, a word would be hidden in every later log line of the job.
  it.each([
    ['header', 'X-Pass-Through', 'true'],
    ['header', 'X-Bearer-Only', 'TRUE'],
    ['header', 'X-Auth-Mode', 'none'],
    ['extra-param', 'pass', 'none'],
    ['extra-param', 'x_sig', 'auto'],
    ['extra-param', 'access_code', 'false']
  ])('leaves %s %s unmasked when its value is a setting (%s)', (kind, name, value) => {
    const pair: [string, string][] = [[name, value]]
    const given = kind === 'header' ? { headers: pair } : { extraParams: pair }
    expect(buildTokenRequest(config(given)).secrets).toEqual([])
  })

  it.each([
    'X-Footprint',
    'X-Spinner',
    'X-Passenger',
    'X-Bypass-Cache',
    'X-Sidebar',
    'X-Credit',
    'X-Signal',
    'X-Design'
  ])(
    'leaves header %s unmasked: otp, pin, pass, sid, sign or cred inside a word is not a credential',
    name => {
      expect(buildTokenRequest(config({ headers: [[name, 'small-1']] })).secrets).toEqual([])
    }
  )

  it.each([
    ['otp', '493817'],
    ['pwd', 'Hunter2Hunter2'],
    ['oob_code', 'Fe26.2abcDEF123'],
    ['user_code', 'WDJB-MJHT'],
    ['session_id', 'sess-7f3a9c2e41d8b6'],
    ['pin', '7391'],
    ['otp_code', '493817'],
    // RFC 7636's example verifier.
    ['code_verifier', 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk'],
    ['auth_code', 'SplxlOBeZQQYbYS6WxSbIA'],
    ['pre-authorized_code', 'PAc0de-Kq7Zt2Wm9Xr4Vb8N'],
    ['tx_code', '493817'],
    ['auth_req_id', 'ciba-1c266114-a1be-4252'],
    ['ticket', '016f84e8-f9b9-11e0-bd6f'],
    ['rpt', 'rpt-Sg7Zt2Wm9Xr4'],
    ['sig', 'Sg7Zt2Wm9Xr4VbN8p3Hs'],
    ['signature', 'c2lnbmF0dXJl'],
    ['credential', 'eyJhbGciOiJFUzI1NiJ9.e30.c2ln'],
    ['assertion', 'eyJhbGciOiJSUzI1NiJ9.e30.c2ln'],
    ['actor_token', 'act-Sg7Zt2Wm9Xr4'],
    ['device_code', 'GmRhmhcxhwAzkoEqiMEg_DnyEysNkuNhszIySk9eS'],
    ['mfa_code', '493817'],
    ['binding_code', '493817'],
    // Auth0's MFA grant (http://auth0.com/oauth/grant-type/mfa-recovery-code) and the like.
    ['recovery_code', 'Rc7+Kq/9Lz=Wm3#Tx2V'],
    ['verification_code', '493817'],
    ['backup_code', '4938-1726'],
    ['sms_code', '493817'],
    ['email_code', '493817'],
    ['totp_code', '493817'],
    ['access_code', 'ac-7Zt2Wm9X'],
    ['pin_code', '98765432'],
    ['security_code', '4938-1726'],
    ['one_time_code', '493817'],
    ['2fa_code', '493817'],
    ['twofa_code', '493817'],
    ['pass', 'Hunter2Hunter2'],
    ['hmac', '9f2c41ab7d3e'],
    ['client_hmac', '9f2c41ab7d3e'],
    ['oauth_signature', 'c2lnbmF0dXJl'],
    ['X-Amz-Signature', '9f2c41ab7d3e5b6a'],
    // An authorization code, a SAML response, a session id and short names of credentials.
    ['authorization_code', 'SplxlOBeZQQYbYS6WxSbIA'],
    ['authorization', 'CredVal9xQ7mZ2kL4'],
    ['auth', 'CredVal9xQ7mZ2kL4'],
    ['pw', 'Hunter2Hunter2'],
    ['SAMLResponse', 'PHNhbWxwOlJlc3BvbnNlPg=='],
    ['saml_response', 'PHNhbWxwOlJlc3BvbnNlPg=='],
    ['sessionid', 'sess-7f3a9c2e41d8b6'],
    ['sid', 'sess-7f3a9c2e41d8b6'],
    ['cred', 'CredVal9xQ7mZ2kL4'],
    ['creds', 'CredVal9xQ7mZ2kL4'],
    ['credentials', 'CredVal9xQ7mZ2kL4'],
    // A secret by any name: app_secret, shared_secret.
    ['app_secret', 'CredVal9xQ7mZ2kL4'],
    ['shared_secret', 'CredVal9xQ7mZ2kL4'],
    // A personal access token, a SAML assertion.
    ['pat', 'pat-7Zt2Wm9Xr4Vb8N'],
    ['saml', 'PHNhbWw6QXNzZXJ0aW9uPg=='],
    ['saml2', 'PHNhbWw6QXNzZXJ0aW9uPg==']
  ])('masks the value of extra-param %s', (name, value) => {
    expect(buildTokenRequest(config({ extraParams: [[name, value]] })).secrets).toEqual([value])
  })

  it("masks a key in token-path's query, named like a credential, and nothing else there", () => {
    const tokenUrl = new URL(
      'https://fn.example.net/api/token?code=fK3yQ9mZ2xW7vR4tP8nL6bH1%3D%3D&api-version=2024-01-01&sig=Sg7Zt2Wm9Xr4'
    )
    // Decoded, and as the URL writes it (which an escape that is no UTF-8 needs), once each.
    expect(buildTokenRequest(config({ tokenUrl })).secrets).toEqual([
      'fK3yQ9mZ2xW7vR4tP8nL6bH1==',
      'Sg7Zt2Wm9Xr4',
      'fK3yQ9mZ2xW7vR4tP8nL6bH1%3D%3D'
    ])
  })

  it.each([
    ['resource', 'https://api.example.com'],
    ['audience', 'https://api.example.com'],
    ['prompt', 'consent'],
    ['signature_method', 'HMAC-SHA256'],
    ['session_state', 'active-1234'],
    ['locale_code', 'en-US'],
    ['country_code', 'DE-BY'],
    ['response_code', 'ok-200'],
    ['passage', 'long-one'],
    ['bypass', 'never'],
    ['credential_type', 'client'],
    ['ticket_type', 'permission'],
    ['design', 'minimal-1'],
    ['authority', 'https://login.example.com'],
    ['sidecar', 'enabled-1'],
    ['credit', 'standard-1'],
    ['pwa', 'installed-1'],
    ['request_uri', 'urn:example:bwc4JK-ESC0w8acc191e-Y1LTC2'],
    ['path', '/v1/users'],
    ['patch', 'level-2']
  ])('leaves extra-param %s unmasked', (name, value) => {
    expect(buildTokenRequest(config({ extraParams: [[name, value]] })).secrets).toEqual([])
  })
})

describe('formEncode', () => {
  it.each([
    ['plain', 'plain'],
    ['a b', 'a+b'],
    ['a+b', 'a%2Bb'],
    [':', '%3A'],
    ['@/?#&=%', '%40%2F%3F%23%26%3D%25'],
    ['*-._', '*-._'],
    ['ö', '%C3%B6'],
    ["!'()~", '%21%27%28%29%7E'],
    // Every one, not the first alone.
    ["a  b!!''(())~~", 'a++b%21%21%27%27%28%28%29%29%7E%7E'],
    ['a\ud800b', 'a%EF%BF%BDb'],
    ['', '']
  ])('encodes %j as %j', (value, expected) => {
    expect(formEncode(value)).toBe(expected)
  })

  it('writes what URLSearchParams writes, for any text, lone surrogates included', () => {
    const codeUnit = fc.integer({ min: 0, max: 0xffff }).map(code => String.fromCharCode(code))
    const serialize = (value: string): string =>
      new URLSearchParams([['', value]]).toString().slice(1)
    fc.assert(
      fc.property(fc.string({ unit: codeUnit }), value => {
        expect(formEncode(value)).toBe(serialize(value))
      }),
      { numRuns: 2000 }
    )
    for (let code = 0; code < 0x800; code++) {
      const value = String.fromCharCode(code)
      expect(formEncode(value)).toBe(serialize(value))
    }
  })
})

describe('keyless credentials in the body', () => {
  const EXCHANGE = 'urn:ietf:params:oauth:grant-type:token-exchange'
  const keylessConfig = {
    clientAuth: undefined,
    oidcAudience: '',
    subjectToken: 'github-oidc',
    subjectTokenType: 'urn:ietf:params:oauth:token-type:jwt',
    requestedTokenType: 'urn:ietf:params:oauth:token-type:access_token',
    assertion: '',
    signingKey: undefined
  } as const

  it('sends the client assertion and the RFC 8693 fields, and lists them as secrets', () => {
    const request = buildTokenRequest(
      config({
        grantType: EXCHANGE,
        clientSecret: '',
        clientAuth: 'github-oidc',
        bodyFormat: 'form',
        keyless: { ...keylessConfig, clientAuth: 'github-oidc' }
      }),
      { clientAssertion: 'id.token.jwt', subjectToken: 'id.token.jwt' }
    )
    expect([...new URLSearchParams(request.body)]).toEqual([
      ['grant_type', EXCHANGE],
      ['client_id', 'client-1'],
      ['client_assertion_type', 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer'],
      ['client_assertion', 'id.token.jwt'],
      ['subject_token', 'id.token.jwt'],
      ['subject_token_type', 'urn:ietf:params:oauth:token-type:jwt'],
      ['requested_token_type', 'urn:ietf:params:oauth:token-type:access_token']
    ])
    expect(request.secrets).toEqual(['id.token.jwt', 'id.token.jwt'])
    expect(request.headers.Authorization).toBeUndefined()
  })

  it('sends a jwt-bearer assertion', () => {
    const grantType = 'urn:ietf:params:oauth:grant-type:jwt-bearer'
    const request = buildTokenRequest(
      config({ grantType, username: '', password: '', clientSecret: '', bodyFormat: 'form' }),
      { assertion: 'a.b.c' }
    )
    expect([...new URLSearchParams(request.body)]).toEqual([
      ['grant_type', grantType],
      ['client_id', 'client-1'],
      ['assertion', 'a.b.c']
    ])
    expect(request.secrets).toEqual(['a.b.c'])
  })
})
