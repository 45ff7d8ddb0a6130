// What the action masks and redacts beyond the secret inputs: credentials in headers and
// extra-params, proxy credentials, multi-line secrets, and server text that echoes any of them.
import { describe, expect, it, jest } from '@jest/globals'
import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { type FakeCore, fakeCore } from '../__fixtures__/core.js'
import { readConfig } from '../src/config.js'
import { secretLog } from '../src/log.js'
import { run, type Runtime } from '../src/main.js'
import { proxySecrets, runnerProxy } from '../src/proxy.js'
import type { HttpRequest, HttpResponse } from '../src/transport.js'
import { TransportError, asTransportError } from '../src/transport.js'
import { withProcessEnv } from './support/process-env.js'

const HOST = 'https://api.example.com'
const SECRET = 'client-secret-4f9a'
const INPUTS = { host: HOST, 'client-id': 'client-1', 'client-secret': SECRET }
const TOKEN = { access_token: 'access-7d1e', token_type: 'Bearer', expires_in: 60 }

function json(status: number, body: unknown, headers: Record<string, string> = {}): HttpResponse {
  return {
    status,
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body)
  }
}

async function runWith(
  inputs: Record<string, string>,
  answers: (HttpResponse | Error)[],
  env: Record<string, string> = {}
) {
  const core = fakeCore(inputs)
  const sent: HttpRequest[] = []
  const runtime: Runtime = {
    core,
    env: { GITHUB_OUTPUT: '/dev/null', GITHUB_ENV: '/dev/null', ...env },
    send: async request => {
      sent.push(request)
      const answer = answers[Math.min(sent.length, answers.length) - 1]
      if (!answer) throw new Error('no answer scripted')
      if (answer instanceof Error) throw answer
      return answer
    },
    clock: { now: () => 0, sleep: async () => undefined, random: () => 0 }
  }
  await run(runtime)
  const masked = core.calls.filter(call => call.fn === 'setSecret').map(call => call.args[0])
  const written = core.calls
    .filter(
      call => call.fn !== 'setSecret' && call.fn !== 'setOutput' && call.fn !== 'exportVariable'
    )
    .map(call => call.args.join(' '))
    .join('\n')
  return { core, sent, masked, written }
}

describe('credentials in headers and extra-params', () => {
  it('are masked before anything is written, and redacted when the server echoes them', async () => {
    const key = 'gw-apikey-7f3a9c1e2b'
    const assertion = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJjaSJ9.c2ln'
    // A client_assertion authenticates the client in place of a secret (RFC 7521 section 4.2).
    const { core, masked, written } = await runWith(
      {
        host: HOST,
        'client-id': 'client-1',
        headers: `X-Api-Key: ${key}`,
        'extra-params': `client_assertion=${assertion}\nresource=urn:api`
      },
      [json(400, { error: 'invalid_request', error_description: `rejected ${key} ${assertion}` })]
    )
    expect(masked).toEqual([assertion, key])
    expect(core.calls.findIndex(call => call.fn !== 'setSecret')).toBe(2)
    expect(core.failed()).toBe(
      'Token request to https://api.example.com/oauth/token failed: HTTP 400 invalid_request: rejected *** ***; check the request: body-format, client-auth and extra-params'
    )
    expect(written).not.toContain(key)
    expect(written).not.toContain(assertion)
  })

  it("and a key in token-path's query, in every line that names the endpoint", async () => {
    const code = 'fK3yQ9mZ2xW7vR4tP8nL6bH1'
    const { core, masked, written } = await runWith(
      { ...INPUTS, 'token-path': `/api/token?code=${code}&api-version=2024-01-01` },
      [json(200, TOKEN)]
    )
    expect(masked.slice(0, 2)).toEqual([SECRET, code])
    expect(core.calls.findIndex(call => call.fn !== 'setSecret')).toBe(2)
    expect(written).toContain(
      'Requesting a token from https://api.example.com/api/token?code=***&api-version=2024-01-01'
    )
    expect(written).not.toContain(code)
  })

  it('and such a key as written, when an escape in it is no UTF-8 and decodes to U+FFFD', async () => {
    const code = '%DcQ5-key-7Hq2Kx9'
    const { core, written } = await runWith(
      { ...INPUTS, 'token-path': `/api/token?code=${code}&api-version=2024-01-01` },
      [json(401, { error: 'invalid_client', error_description: `bad code ${code}` })]
    )
    expect(core.calls.findIndex(call => call.fn !== 'setSecret')).toBeGreaterThan(1)
    expect(written).toContain(
      'Requesting a token from https://api.example.com/api/token?code=***&api-version=2024-01-01'
    )
    expect(core.failed()).toContain('bad code ***')
    expect(written).not.toContain('Q5-key-7Hq2Kx9')
    expect(core.failed()).not.toContain('Q5-key-7Hq2Kx9')
  })
})

describe('credentials named as a passphrase, passwd or totp', () => {
  it('are masked, in headers and in extra-params', async () => {
    const { masked } = await runWith(
      {
        ...INPUTS,
        headers: 'CB-ACCESS-PASSPHRASE: pp-Vb6Nm8Qw2Er4\nX-TOTP: 493817',
        'extra-params': 'passwd=pwd-Ty7Ui9Op1As3\ntotp=620184\npassphrase=pp-Zx1Cv2Bn3'
      },
      [json(200, TOKEN)]
    )
    for (const value of ['pp-Vb6Nm8Qw2Er4', '493817', 'pwd-Ty7Ui9Op1As3', '620184', 'pp-Zx1Cv2Bn3'])
      expect(masked).toContain(value)
  })
})

describe('credentials under short or protocol names', () => {
  // An audit's echo server showed these in clear beside a masked client_secret.
  it('are masked before anything is written, and redacted when the server echoes them', async () => {
    const values = [
      'authz-SplxlOBeZQQY',
      'pw-CredVal9xQ7mZ2',
      'saml-PHNhbWxwOlJl',
      'sid-7f3a9c2e41d8'
    ]
    const [code, pw, saml, sid] = values
    const { core, masked, written } = await runWith(
      {
        ...INPUTS,
        headers: `X-Pw: ${pw}\nX-Sid: ${sid}`,
        'extra-params': `authorization_code=${code}\nSAMLResponse=${saml}\nsessionid=${sid}`
      },
      [json(400, { error: 'invalid_request', error_description: `got ${values.join(' ')}` })]
    )
    for (const value of values) expect(masked).toContain(value)
    expect(core.calls.findIndex(call => call.fn !== 'setSecret')).toBe(masked.length)
    expect(core.failed()).toMatch(/: got \*\*\* \*\*\* \*\*\* \*\*\*; /)
    for (const value of values) expect(written + core.failed()).not.toContain(value)
  })
})

describe('credentials the inputs imply are masked before the first line', () => {
  const key = 'gw-apikey-7f3a9c1e2b'
  const otp = 'otp-419273'
  const basic = `Basic ${Buffer.from('client-1:client-secret-4f9a').toString('base64')}`
  const inputs = {
    ...INPUTS,
    'client-auth': 'basic',
    headers: `X-Api-Key: ${key}`,
    'extra-params': `otp=${otp}`
  }

  /** Every setSecret call comes before any other call, and these values are among them. */
  function expectMaskedFirst(core: FakeCore, values: readonly string[]): void {
    const firstWrite = core.calls.findIndex(call => call.fn !== 'setSecret')
    expect(firstWrite).toBeGreaterThan(0)
    const early = core.calls.slice(0, firstWrite).map(call => call.args[0])
    for (const value of values) expect(early).toContain(value)
  }

  it('with a warning about the inputs, which is written before the request', async () => {
    const { core } = await runWith({ ...inputs, 'grant-type': 'Client_Credentials' }, [
      json(200, TOKEN)
    ])
    expect(core.calls.find(call => call.fn === 'warning')?.args[0]).toMatch(/case-sensitive/)
    expectMaskedFirst(core, [basic, basic.slice('Basic '.length), key, otp])
  })

  it("with issuer, whose discovery is logged before the token request's", async () => {
    const issuer = 'https://login.example.com'
    const metadata = { issuer, token_endpoint: `${issuer}/token` }
    const { core, sent } = await runWith({ ...inputs, host: '', issuer }, [
      json(200, metadata),
      json(200, TOKEN)
    ])
    expect(sent.map(request => request.url.href)).toEqual([
      `${issuer}/.well-known/oauth-authorization-server`,
      `${issuer}/token`
    ])
    expectMaskedFirst(core, [basic, key, otp])
  })

  it("with a proxy's password", async () => {
    // http-client's getProxyUrl reads process.env itself: set for the test, then put back.
    const proxy = 'http://user:proxy-pass-0d9e@proxy.example.com:3128'
    const before = process.env.HTTPS_PROXY
    process.env.HTTPS_PROXY = proxy
    try {
      const { core } = await runWith({ ...INPUTS, 'grant-type': 'Client_Credentials' }, [], {
        HTTPS_PROXY: proxy
      })
      expect(core.calls.find(call => call.fn === 'warning')?.args[0]).toMatch(/case-sensitive/)
      expectMaskedFirst(core, ['proxy-pass-0d9e'])
    } finally {
      if (before === undefined) delete process.env.HTTPS_PROXY
      else process.env.HTTPS_PROXY = before
    }
  })
})

describe('a secret echoed with every character escaped', () => {
  it.each([
    ['as HTML decimal references', (c: string) => `&#${c.codePointAt(0)};`],
    [
      'as JSON escapes',
      (c: string) => `\\u${(c.codePointAt(0) ?? 0).toString(16).padStart(4, '0')}`
    ]
  ])('is masked, %s, among secrets that include an empty one', async (_name, escape) => {
    const password = 'Crème-brûlée-2024'
    const echo = [...password].map(escape).join('')
    const { core, written } = await runWith({ ...INPUTS, username: 'u', password }, [
      json(400, { error: 'invalid_grant', error_description: `password ${echo} is wrong` })
    ])
    expect(core.failed()).toBe(
      "Token request to https://api.example.com/oauth/token failed: HTTP 400 invalid_grant: password *** is wrong; check username and password, and the user's account on the server"
    )
    expect(written).not.toContain(echo)
  })
})

describe('a secret a metadata server echoes', () => {
  it('is masked in base64 too, before it is quoted', async () => {
    // Base64 is looked for in a server's text only: the failure line's last redaction, as any log
    // line's, would not find it.
    const encoded = Buffer.from(`client_secret=${SECRET}`).toString('base64')
    const issuer = 'https://login.example.com'
    const { core } = await runWith({ ...INPUTS, host: '', issuer, retries: '0' }, [
      { status: 500, headers: { 'content-type': 'text/plain' }, body: `bad ${encoded}` }
    ])
    expect(core.failed()).toBe(
      `Discovery request to ${issuer}/.well-known/oauth-authorization-server failed after 1 attempt: HTTP 500 (text/plain): bad ***; try again later, or check the server`
    )
  })
})

describe('the credentials of a token endpoint that discovery found', () => {
  const issuer = 'https://login.example.com'

  it("mask a key in its query before the line that names it, as token-path's would be", async () => {
    const code = 'dQ8wE4rT6yU2iO0pA3sD5fG7'
    const tokenEndpoint = `${issuer}/api/token?code=${code}`
    const { core, masked, written } = await runWith({ ...INPUTS, host: '', issuer }, [
      json(200, { issuer, token_endpoint: tokenEndpoint }),
      json(200, TOKEN)
    ])
    expect(core.failed()).toBeUndefined()
    expect(masked).toContain(code)
    const order = core.calls.map(call => `${call.fn} ${call.args[0] ?? ''}`)
    const request = order.indexOf(
      `info Requesting a token from ${issuer}/api/token?code=*** (grant_type client_credentials)`
    )
    expect(request).toBeGreaterThan(0)
    expect(order.indexOf(`setSecret ${code}`)).toBeLessThan(request)
    expect(written).not.toContain(code)
  })

  it("mask the password of its proxy when NO_PROXY lets the issuer's request go direct", async () => {
    const password = 'tokens-proxy-pass-5e7f'
    const vars = {
      HTTPS_PROXY: `http://user:${password}@proxy.example.com:3128`,
      NO_PROXY: 'login.example.com'
    }
    const tokenEndpoint = 'https://tokens.example.net/token'
    const { core, masked } = await withProcessEnv(vars, () =>
      runWith(
        { ...INPUTS, host: '', issuer },
        [json(200, { issuer, token_endpoint: tokenEndpoint }), json(200, TOKEN)],
        vars
      )
    )
    expect(core.failed()).toBeUndefined()
    expect(masked).toContain(password)
    const order = core.calls.map(call => `${call.fn} ${call.args[0] ?? ''}`)
    const request = order.indexOf(
      `info Requesting a token from ${tokenEndpoint} (grant_type client_credentials)`
    )
    expect(request).toBeGreaterThan(0)
    expect(order.indexOf(`setSecret ${password}`)).toBeLessThan(request)
  })
})

describe('a secret a token answer echoes', () => {
  // The runner masks an output's debug echo with the exact secrets alone: a recased one is masked
  // before the output takes it (readToken, with the step's secrets).
  it('is masked in scope and token_type, recased, before the outputs take them', async () => {
    const { core } = await runWith(INPUTS, [
      json(200, {
        ...TOKEN,
        token_type: SECRET.toUpperCase(),
        scope: `read ${SECRET.toUpperCase()}`
      })
    ])
    expect(core.outputs.scope).toBe('read ***')
    expect(core.outputs['token-type']).toBe('***')
  })
})

describe('tokens in an answer that is refused', () => {
  it.each([
    [200, { access_token: '', refresh_token: 'ref-lonely-123456', error: 'mfa_required' }],
    [400, { id_token: 'eyJpZC10b2tlbi1xyz', error: 'invalid_grant' }],
    [403, { access_token: 'acc-refused-98765', error: 'access_denied' }]
  ])('are never quoted: HTTP %s', async (status, fields) => {
    const token = Object.values(fields).find(value => value.length > 12) ?? ''
    const { core, written } = await runWith(INPUTS, [
      json(status, { ...fields, error_description: `continue with ${token}, or <${token}>` })
    ])
    expect(core.failed()).toMatch(/continue with \*\*\*, or <\*\*\*>/)
    expect(written).not.toContain(token)
  })
})

describe('parts of a credential header', () => {
  it("mask a Basic header's decoded user:password and password, and a Cookie's session value", async () => {
    const basic = Buffer.from('alice:hunter2-secret').toString('base64')
    const { masked, core } = await runWith(
      {
        ...INPUTS,
        headers: `Authorization: Basic ${basic}\nCookie: theme=dark; session=cookie-sess-secret`
      },
      [
        json(401, {
          error: 'invalid_client',
          error_description: 'bad alice:hunter2-secret; session cookie-sess-secret expired'
        })
      ]
    )
    expect(masked).toEqual(
      expect.arrayContaining([
        basic,
        'alice:hunter2-secret',
        'hunter2-secret',
        'cookie-sess-secret'
      ])
    )
    // A short value under a name that says nothing stays readable.
    expect(masked).not.toContain('dark')
    expect(core.failed()).toBe(
      'Token request to https://api.example.com/oauth/token failed: HTTP 401 invalid_client: bad ***; session *** expired; check client-id, client-secret and client-auth'
    )
  })
})

describe('credentials inside a header value that a server echoes alone', () => {
  it('are masked: a framework session cookie, a parameter of a scheme, a form-encoded Basic password', async () => {
    const cookie = 'CfDJ8Nq4Zt2Wm9Xr4VbN8p3Hs'
    const basic = Buffer.from('svc:p%40ss%20w0rd!').toString('base64')
    const { masked, core } = await runWith(
      {
        ...INPUTS,
        headers: [
          `Cookie: .AspNetCore.Identity.Application=${cookie}; theme=dark`,
          'X-Api-Token: Token token="abcdef1234567890", user="bob"',
          `Authorization: Basic ${basic}`
        ].join('\n')
      },
      [
        json(401, {
          error: 'invalid_client',
          error_description: `session ${cookie}, token abcdef1234567890, password p@ss w0rd! refused`
        })
      ]
    )
    expect(masked).toEqual(expect.arrayContaining([cookie, 'abcdef1234567890', 'p@ss w0rd!']))
    expect(core.failed()).toBe(
      'Token request to https://api.example.com/oauth/token failed: HTTP 401 invalid_client: session ***, token ***, password *** refused; check client-id, client-secret and client-auth'
    )
  })
})

describe('Cookie and Basic values in headers', () => {
  it('mask session and token cookies, not short, numeric or word values under any name', async () => {
    const cookies = [
      'cookie_notice_accepted=true',
      'session_timeout=1800',
      'monkey=bananas-and-more',
      'theme=dark-high-contrast-mode',
      'PHPSESSID=9f0a1b2c3d4e5f60',
      'XSRF-TOKEN=eyJpdiI6Ijk4NzY1',
      'sid=abc'
    ].join('; ')
    const { masked } = await runWith({ ...INPUTS, headers: `Cookie: ${cookies}` }, [
      json(200, TOKEN)
    ])
    expect(masked).toEqual([
      SECRET,
      cookies,
      '9f0a1b2c3d4e5f60',
      'eyJpdiI6Ijk4NzY1',
      TOKEN.access_token,
      `Bearer ${TOKEN.access_token}`
    ])
  })

  it('mask a cookie value from 8 characters on, under a Cookie header named in any case', async () => {
    const { masked } = await runWith({ ...INPUTS, headers: 'cookie: connect.sid=s%3Aab12' }, [
      json(200, TOKEN)
    ])
    expect(masked).toEqual([
      SECRET,
      'connect.sid=s%3Aab12',
      's%3Aab12',
      TOKEN.access_token,
      `Bearer ${TOKEN.access_token}`
    ])
  })

  it("mask a scheme's credential alone from 4 characters on", async () => {
    const { masked } = await runWith({ ...INPUTS, headers: 'Authorization: Bearer wxyz' }, [
      json(200, TOKEN)
    ])
    expect(masked).toEqual([
      SECRET,
      'Bearer wxyz',
      'wxyz',
      TOKEN.access_token,
      `Bearer ${TOKEN.access_token}`
    ])
  })

  it.each<[string, Buffer, string[]]>([
    [
      "its decoded user:password, and a password from 4 characters on, as a scheme's credential",
      Buffer.from('ci:wxyz'),
      ['ci:wxyz', 'wxyz']
    ],
    [
      'one whose base64 is not UTF-8 text as it is, not its decoded bytes',
      Buffer.from([0xff, 0x3a, 0xfe, 0xfd, 0xfc, 0xfb]),
      []
    ]
  ])('mask a Basic value: %s', async (_what, credentials, decoded) => {
    const basic = credentials.toString('base64')
    const { masked } = await runWith({ ...INPUTS, headers: `Authorization: Basic ${basic}` }, [
      json(200, TOKEN)
    ])
    expect(masked).toEqual([
      SECRET,
      `Basic ${basic}`,
      basic,
      ...decoded,
      TOKEN.access_token,
      `Bearer ${TOKEN.access_token}`
    ])
  })
})

describe('proxy credentials', () => {
  // http-client's getProxyUrl reads process.env itself: set for the test, then put back.
  function withHttpsProxy(value: string, test: () => void): void {
    const saved = process.env.HTTPS_PROXY
    process.env.HTTPS_PROXY = value
    try {
      test()
    } finally {
      if (saved === undefined) delete process.env.HTTPS_PROXY
      else process.env.HTTPS_PROXY = saved
    }
  }
  const env = { HTTPS_PROXY: 'http://bob:p%40ss-w0rd@proxy.example.com:3128' }

  it('mask the password, as given and decoded, and the Proxy-Authorization value', () => {
    const basic = Buffer.from('bob:p@ss-w0rd').toString('base64')
    withHttpsProxy(env.HTTPS_PROXY, () => {
      expect(proxySecrets(new URL(`${HOST}/oauth/token`), env)).toEqual([
        'p@ss-w0rd',
        'p%40ss-w0rd',
        `Basic ${basic}`,
        basic
      ])
      expect(proxySecrets(new URL('https://127.0.0.1/oauth/token'), env)).toEqual([])
    })
  })

  it.each([
    ['a user name given without a password (a token as user name)', 'glpat-USER%2BTOKEN-7788'],
    [
      'a user name of 12 characters without a password, the shortest taken for a token',
      'tok%2B0123456a'
    ]
  ])('mask %s, and its header', (_what, user) => {
    const env = { HTTPS_PROXY: `http://${user}@proxy.example.com:3128` }
    const decoded = decodeURIComponent(user)
    const basic = Buffer.from(`${decoded}:`).toString('base64')
    withHttpsProxy(env.HTTPS_PROXY, () => {
      expect(proxySecrets(new URL(`${HOST}/oauth/token`), env)).toEqual([
        decoded,
        user,
        `Basic ${basic}`,
        basic
      ])
    })
  })

  it('leave a short user name without a password unmasked, which would hide words of the log', () => {
    const short = { HTTPS_PROXY: 'http://user@proxy.example.com:3128' }
    const basic = Buffer.from('user:').toString('base64')
    withHttpsProxy(short.HTTPS_PROXY, () => {
      expect(proxySecrets(new URL(`${HOST}/oauth/token`), short)).toEqual([`Basic ${basic}`, basic])
    })
  })

  it.each([
    ['user-1234567', true],
    ['user-123456', false]
  ])('count a user name alone as a token from 12 characters on (%s: masked %s)', (user, masked) => {
    const value = `http://${user}@proxy.example.com:3128`
    withHttpsProxy(value, () => {
      const secrets = proxySecrets(new URL(`${HOST}/oauth/token`), { HTTPS_PROXY: value })
      expect(secrets.includes(user)).toBe(masked)
    })
  })

  it('mask the password of https_proxy, the one the toolkit uses, when HTTPS_PROXY is set too', () => {
    const both = {
      https_proxy: 'http://bob:low%2Fer-pass@proxy.example.com:3128',
      HTTPS_PROXY: 'http://other.example.com:3128'
    }
    const basic = Buffer.from('bob:low/er-pass').toString('base64')
    const saved = process.env.https_proxy
    process.env.https_proxy = both.https_proxy
    try {
      withHttpsProxy(both.HTTPS_PROXY, () => {
        expect(proxySecrets(new URL(`${HOST}/oauth/token`), both)).toEqual([
          'low/er-pass',
          'low%2Fer-pass',
          `Basic ${basic}`,
          basic
        ])
      })
    } finally {
      if (saved === undefined) delete process.env.https_proxy
      else process.env.https_proxy = saved
    }
  })

  it('in a value that cannot be decoded are refused, never echoed, never skipped', () => {
    const bad = { HTTPS_PROXY: 'http://bob:50%off@proxy.example.com:3128' }
    withHttpsProxy(bad.HTTPS_PROXY, () => {
      expect(() => runnerProxy(new URL(`${HOST}/oauth/token`), bad)).toThrow(
        'HTTPS_PROXY is not a usable proxy URL: give http://[user:password@]host:port, with special characters in the user and password percent-encoded (% as %25)'
      )
      expect(proxySecrets(new URL(`${HOST}/oauth/token`), bad)).toEqual([])
    })
  })
})

describe('what the action writes', () => {
  it('masks each line of a multi-line secret as well as the whole', async () => {
    const multi = 'first-line-AAAA\nsecond-line-BBBB\nx'
    const { masked } = await runWith({ ...INPUTS, 'client-secret': multi }, [json(200, TOKEN)])
    expect(masked.slice(0, 3)).toEqual([multi, 'first-line-AAAA', 'second-line-BBBB'])
  })

  it.each([
    ['a lone CR', 'rt-part-one\rrt-part-two', ['rt-part-one', 'rt-part-two']],
    ['LF then CR', 'rt-part-one\n\rrt-part-two', ['rt-part-one', 'rt-part-two']],
    ['CRLF', 'rt-part-one\r\nrt-part-two', ['rt-part-one', 'rt-part-two']]
  ])(
    "masks each line of a refresh token split by %s, as the runner's log reader splits it",
    async (_name, refresh, lines) => {
      const { masked, core } = await runWith(INPUTS, [
        json(200, { ...TOKEN, refresh_token: refresh })
      ])
      expect(core.failed()).toBeUndefined()
      expect(masked).toEqual(expect.arrayContaining([refresh, ...lines]))
    }
  )

  it("masks a PEM key's lines but not its armour, which the action's own lines name", () => {
    const core = { setSecret: jest.fn(), info: jest.fn(), debug: jest.fn(), warning: jest.fn() }
    const pem = '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0B\n-----END PRIVATE KEY-----\n'
    const log = secretLog(core)
    log.mask([pem])
    expect(core.setSecret.mock.calls.map(([value]) => value)).toEqual([
      pem,
      'MIIEvQIBADANBgkqhkiG9w0B',
      '-----BEGIN PRIVATE KEY-----\\nMIIEvQIBADANBgkqhkiG9w0B\\n-----END PRIVATE KEY-----\\n'
    ])
    log.say.warning("it has no '-----BEGIN PRIVATE KEY-----' block")
    expect(core.warning).toHaveBeenCalledWith("it has no '-----BEGIN PRIVATE KEY-----' block")
  })

  it('masks a line of a multi-line secret of four characters or more, no shorter one, no blank value', () => {
    const core = { setSecret: jest.fn(), info: jest.fn(), debug: jest.fn(), warning: jest.fn() }
    const log = secretLog(core)
    log.mask(['', ' ', '\t', '\u00a0 \r\n ', 'abc\nabcd'])
    // The runner warns of a blank mask, and a blank value's JSON form (\t) is no secret either; a
    // three-letter one would hide words of every later line.
    // The whole, as JSON escapes it, is one line: in saved state (Save intra-action state).
    expect(core.setSecret.mock.calls.map(([value]) => value)).toEqual([
      'abc\nabcd',
      'abcd',
      'abc\\nabcd'
    ])
    // Nor is a blank value redacted from a line.
    log.say.info('a b\tc')
    expect(core.info).toHaveBeenCalledWith('a b\tc')
  })

  it('does not mask the armour of a PEM block whose label holds a digit (PKCS7, X509 CRL)', () => {
    const core = { setSecret: jest.fn(), info: jest.fn(), debug: jest.fn(), warning: jest.fn() }
    const pem = '-----BEGIN PKCS7-----\nMIIGbwYJKoZIhvcNAQcC\n-----END PKCS7-----'
    secretLog(core).mask([pem])
    expect(core.setSecret.mock.calls.map(([value]) => value)).toEqual([
      pem,
      'MIIGbwYJKoZIhvcNAQcC',
      '-----BEGIN PKCS7-----\\nMIIGbwYJKoZIhvcNAQcC\\n-----END PKCS7-----'
    ])
  })

  it('does not mask the armour of an indented PEM block, as a YAML block scalar may keep it', () => {
    const core = { setSecret: jest.fn(), info: jest.fn(), debug: jest.fn(), warning: jest.fn() }
    const pem =
      '  -----BEGIN PRIVATE KEY-----\n  MIIEvQIBADANBgkqhkiG9w0B\n  -----END PRIVATE KEY-----  '
    secretLog(core).mask([pem])
    expect(core.setSecret.mock.calls.map(([value]) => value)).toEqual([
      pem,
      '  MIIEvQIBADANBgkqhkiG9w0B',
      '  -----BEGIN PRIVATE KEY-----\\n  MIIEvQIBADANBgkqhkiG9w0B\\n  -----END PRIVATE KEY-----  '
    ])
  })

  it("breaks the runner's older command form, ##[name], wherever a line holds it, after redacting", () => {
    const core = { setSecret: jest.fn(), info: jest.fn(), debug: jest.fn(), warning: jest.fn() }
    const log = secretLog(core)
    log.mask(['sec##[ret-value'])
    log.say.info('grant_type ##[stop-commands]zz, and sec##[ret-value')
    log.say.debug('aud ##[add-mask]x')
    log.say.warning('scope ##[warning]y')
    expect(core.info).toHaveBeenCalledWith('grant_type ## [stop-commands]zz, and ***')
    expect(core.debug).toHaveBeenCalledWith('aud ## [add-mask]x')
    expect(core.warning).toHaveBeenCalledWith('scope ## [warning]y')
  })

  it('keeps an info line on one line, so no text in it can start a workflow command', () => {
    const core = { setSecret: jest.fn(), info: jest.fn(), debug: jest.fn(), warning: jest.fn() }
    const log = secretLog(core)
    log.mask(['sec\nret-value'])
    log.say.info('valid until 2030-01-01\n::add-mask::x\r::stop-commands::y\r\nz, sec\nret-value')
    expect(core.info).toHaveBeenCalledWith(
      'valid until 2030-01-01 ::add-mask::x ::stop-commands::y z, ***'
    )
  })

  it('masks the one long line of a multi-line secret whose other lines are short', async () => {
    const multi = 'ab\ncd\nf2-3c9a71e4b0d2'
    const { masked } = await runWith({ ...INPUTS, 'client-secret': multi }, [json(200, TOKEN)])
    expect(masked.slice(0, 2)).toEqual([multi, 'f2-3c9a71e4b0d2'])
  })

  it('masks the start of a long secret that an input error cuts short', async () => {
    const long = `s3cr3t-${'0123456789'.repeat(8)}`
    const { written, core } = await runWith({ ...INPUTS, 'client-secret': long, summary: long }, [])
    // Cut between words (quote's clipWords): nothing of it shows, masked or not.
    expect(core.failed()).toBe("input 'summary' must be true or false; got '…'")
    expect(written).not.toContain(long.slice(0, 8))
  })

  it('redacts every log line, even one that quotes a server field equal to a secret', async () => {
    const { written, core } = await runWith(INPUTS, [json(200, { ...TOKEN, token_type: SECRET })])
    expect(core.failed()).toBeUndefined()
    expect(written).toContain('Got a *** token')
    expect(written).not.toContain(SECRET)
  })

  it('redacts a token_type that echoes a secret in another case, as other server text', async () => {
    const { written, core } = await runWith(INPUTS, [
      json(200, { ...TOKEN, token_type: SECRET.toUpperCase() })
    ])
    expect(core.failed()).toBeUndefined()
    expect(written).toContain('Got a *** token')
    expect(written).toContain('token type ***;')
    expect(written.toLowerCase()).not.toContain(SECRET)
  })

  it('redacts a secret in a long Content-Type before cutting it short', async () => {
    const type = `text/plain; ${'x'.repeat(30)}=${SECRET}`
    const { written } = await runWith({ ...INPUTS, retries: '0' }, [
      { status: 500, headers: { 'content-type': type }, body: 'oops' }
    ])
    expect(written).not.toContain(SECRET.slice(0, 8))
  })

  it.each(['stream', 'http,STREAM', 'st*', '*', 'fs,*'])(
    'refuses NODE_DEBUG=%s, which would print the answer in hex, before any request',
    async nodeDebug => {
      const { core, sent } = await runWith(INPUTS, [json(200, TOKEN)], { NODE_DEBUG: nodeDebug })
      expect(sent).toHaveLength(0)
      expect(core.failed()).toBe(
        "NODE_DEBUG enables Node's stream section, which prints the start of each answer in hex, tokens among them, where no mask can hide them: unset NODE_DEBUG for this step"
      )
    }
  )

  it.each(['fs', 'module,timer', 'streams', 'xstream', 'st.eam', 'fs,', 'tream'])(
    'takes NODE_DEBUG=%s, which names no network or stream section, without a word',
    async nodeDebug => {
      const { core } = await runWith(INPUTS, [json(200, TOKEN)], { NODE_DEBUG: nodeDebug })
      expect(core.failed()).toBeUndefined()
      expect(core.warning).not.toHaveBeenCalledWith(expect.stringContaining('NODE_DEBUG'))
    }
  )

  it.each([
    ['http,tls', 'http'],
    ['NET', 'net'],
    ['ht*', 'http'],
    ['fs,http2', 'http2'],
    ['HTTPS', 'https'],
    ['tls', 'tls']
  ])(
    'refuses NODE_DEBUG=%s, which prints request headers on stderr, before any request',
    async (nodeDebug, section) => {
      const { core, sent } = await runWith(INPUTS, [json(200, TOKEN)], { NODE_DEBUG: nodeDebug })
      expect(sent).toHaveLength(0)
      expect(core.failed()).toBe(
        `NODE_DEBUG enables Node's ${section} section, which prints each request's headers, credentials among them, on stderr, where the runner may log them before it has their masks: unset NODE_DEBUG for this step`
      )
    }
  )
})

describe("the proxy's credentials in a server's text", () => {
  it('are masked before the text is cut, in any spelling', async () => {
    const password = 'Xk7pQ2zW-long-proxy-pass'
    const proxy = `http://puser:${password}@proxy.example.com:3128`
    const entities = [...password].map(char => `&#${char.charCodeAt(0)};`).join('')
    const saved = process.env.HTTPS_PROXY
    process.env.HTTPS_PROXY = proxy
    try {
      const { core, masked } = await runWith(
        { ...INPUTS, retries: '0' },
        [
          json(400, {
            error: 'invalid_request',
            error_description: `${'x'.repeat(240)} ${entities}`
          })
        ],
        { HTTPS_PROXY: proxy }
      )
      expect(masked).toContain(password)
      expect(core.failed()).toMatch(/invalid_request: x+ \*\*\*; check the request/)
    } finally {
      if (saved === undefined) delete process.env.HTTPS_PROXY
      else process.env.HTTPS_PROXY = saved
    }
  })
})

describe('a secret given to the wrong input', () => {
  // The runner masks a secrets.* value only whole: shown cut short, its start would be in the log.
  it.each(['timeout', 'client-auth', 'body-format', 'retries', 'summary'])(
    'is never shown cut short in the message of %s',
    async name => {
      const jwt = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJyZXBvOm8vcjpyZWY6cmVmcy9oZWFkcy9tYWluIn0.c2ln'
      const { core, sent } = await runWith({ ...INPUTS, [name]: jwt }, [json(200, TOKEN)])
      expect(sent).toHaveLength(0)
      expect(core.failed()).toContain(`input '${name}' must be`)
      expect(core.failed()).not.toContain(jwt.slice(0, 8))
    }
  )

  it.each(['Xk9:mP2vL8qR4tY7', 'hunter2&Zq', 'k=v;Wx(3)', 'a,b|c<d>'])(
    'is never shown cut short when it holds punctuation a password generator puts in: %s',
    async start => {
      const secret = `${start}${'mP2vL8qR4tY7wZ1nB5cD3fG6hJ0kS9aE'.repeat(2)}`
      const { core } = await runWith({ ...INPUTS, summary: secret }, [])
      expect(core.failed()).toBe("input 'summary' must be true or false; got '…'")
    }
  )

  it('still shows a short value whole, and a long one up to the word cut', async () => {
    const { core } = await runWith({ ...INPUTS, timeout: 'thirty' }, [])
    expect(core.failed()).toContain("got 'thirty'")
    const long = await runWith({ ...INPUTS, 'body-format': `json please ${'x'.repeat(80)}` }, [])
    expect(long.core.failed()).toContain("got 'json please…'")
  })
})

describe('the debug line of an answer', () => {
  it("names its media type alone, after the token's masks, which come first (issue 2)", async () => {
    const access = 'access-in-a-parameter-8e2f'
    const { core } = await runWith(INPUTS, [
      json(
        200,
        { ...TOKEN, access_token: access, refresh_token: 'refresh-8e2f-long-enough' },
        { 'content-type': `application/json; t=${access}` }
      )
    ])
    const calls = core.calls.map(call => `${call.fn} ${call.args.join(' ')}`)
    const requested = calls.findIndex(call => call.startsWith('info Requesting a token'))
    const answer = calls.findIndex(call => call.includes('Answer: HTTP 200 (application/json, '))
    // After the request: the token's masks, then anything else.
    expect(calls.slice(requested + 2, requested + 5)).toEqual([
      `setSecret ${access}`,
      `setSecret Bearer ${access}`,
      'setSecret refresh-8e2f-long-enough'
    ])
    expect(answer).toBe(requested + 5)
    expect(calls[answer]).not.toContain(access)
  })

  it.each([
    ['a media type made of the token', (token: string) => `application/x-${token}`],
    ['the token as the type', (token: string) => `${token}/json`]
  ])('does not name an uncommon media type: %s', async (_what, contentType) => {
    const access = 'access-in-the-type-8e2f'
    const { core, written } = await runWith(INPUTS, [
      json(200, { ...TOKEN, access_token: access }, { 'content-type': contentType(access) })
    ])
    expect(core.failed()).toBeUndefined()
    expect(written).toContain('Answer: HTTP 200 (another media type, ')
    expect(written).not.toContain(access)
  })

  it('names no uncommon media type for a cut-off answer either', async () => {
    const access = 'access-in-the-type-8e2f'
    const { core, written } = await runWith({ ...INPUTS, retries: '0' }, [
      {
        status: 200,
        headers: { 'content-type': `application/x-${access}` },
        body: `{"access_token":"${access}","token_type":"Bea`
      }
    ])
    expect(core.failed()).toMatch(/HTTP 200 \(another media type\) with truncated or invalid JSON/)
    expect(written).not.toContain(access.slice(0, 12))
  })
})

describe('a refresh token is spent at most once', () => {
  // JSON cut off is likely a connection cut after the server rotated the token; whole JSON with
  // a PHP notice after it came as sent: broken, and no grant retries it.
  it.each([
    [
      'JSON cut off: the refresh token is likely spent',
      '{"access_token":"ab',
      'HTTP 200 (application/json, 19 bytes); expected a JSON token response, got truncated or invalid JSON; not retried, since the server has likely used up the refresh token: check the server and any proxy on the way, and give a new refresh-token'
    ],
    [
      'text after whole JSON: malformed, not cut',
      '{"access_token":"ab"}<br />',
      "HTTP 200 (application/json, 27 bytes); expected a JSON token response, got JSON with text after it; the server's answer is malformed: check the server"
    ]
  ])('does not retry a broken 2xx for the refresh_token grant, %s', async (_, body, detail) => {
    const { sent, core } = await runWith(
      { ...INPUTS, 'grant-type': 'refresh_token', 'refresh-token': 'refresh-9c2b' },
      [{ status: 200, headers: { 'content-type': 'application/json' }, body }]
    )
    expect(sent).toHaveLength(1)
    expect(core.failed()).toBe(
      `Token request to https://api.example.com/oauth/token failed: ${detail}`
    )
  })

  it('does not retry a 2xx whose connection closed mid-body for the refresh_token grant', async () => {
    const cut = (): TransportError =>
      new TransportError(
        'connection closed before the response was complete',
        'ECONNRESET',
        undefined,
        200
      )
    const refresh = { ...INPUTS, 'grant-type': 'refresh_token', 'refresh-token': 'refresh-9c2b' }
    const { sent, core } = await runWith(refresh, [cut(), json(200, TOKEN)])
    expect(sent).toHaveLength(1)
    expect(core.failed()).toBe(
      'Token request to https://api.example.com/oauth/token failed: HTTP 200 answer cut off before its end (connection closed before the response was complete); not retried, since the server has likely used up the refresh token: check the server and any proxy on the way, and give a new refresh-token'
    )
    // So is one the action's own timeout ends while the 2xx is read.
    const stalled = new TransportError('timed out after 30 s', 'ETIMEDOUT', undefined, 200)
    const timedOut = await runWith(refresh, [stalled, json(200, TOKEN)])
    expect(timedOut.sent).toHaveLength(1)
    expect(timedOut.core.failed()).toMatch(
      /failed: HTTP 200 answer cut off before its end \(timed out after 30 s\); not retried/
    )
    // Other grants, and a refresh grant whose failure came with no answer, are retried.
    expect((await runWith(INPUTS, [cut(), json(200, TOKEN)])).sent).toHaveLength(2)
    const noAnswer = new TransportError('socket hang up', 'ECONNRESET')
    expect((await runWith(refresh, [noAnswer, json(200, TOKEN)])).sent).toHaveLength(2)
    // A 3xx cut short spent nothing (the server did not act on the request), but it is a 3xx:
    // not retried, as a whole one is not, and not told as a spent refresh token.
    const redirectCut = new TransportError('aborted', 'ECONNRESET', undefined, 300)
    const redirected = await runWith(refresh, [redirectCut, json(200, TOKEN)])
    expect(redirected.sent).toHaveLength(1)
    expect(redirected.core.failed()).toBe(
      'Token request to https://api.example.com/oauth/token failed: HTTP 300 answer cut off before its end: ECONNRESET: aborted; the connection was cut: check the server, and any proxy or firewall on the way'
    )
  })

  it('does not retry a cut-off 2xx for the authorization_code grant: a code is used once', async () => {
    const code = { ...INPUTS, 'grant-type': 'authorization_code', 'extra-params': 'code=c0de-1' }
    const cut = new TransportError(
      'connection closed before the response was complete',
      'ECONNRESET',
      undefined,
      200
    )
    const closed = await runWith(code, [cut, json(200, TOKEN)])
    expect(closed.sent).toHaveLength(1)
    expect(closed.core.failed()).toBe(
      'Token request to https://api.example.com/oauth/token failed: HTTP 200 answer cut off before its end (connection closed before the response was complete); not retried, since the server has likely used up the authorization code: check the server and any proxy on the way, and give a new code in extra-params'
    )
    const truncated = await runWith(code, [
      { status: 200, headers: { 'content-type': 'application/json' }, body: '{"access_token":"ab' },
      json(200, TOKEN)
    ])
    expect(truncated.sent).toHaveLength(1)
    expect(truncated.core.failed()).toMatch(
      /; not retried, since the server has likely used up the authorization code: check the server and any proxy on the way, and give a new code in extra-params$/
    )
  })

  it('does retry one for other grants', async () => {
    const { sent, core } = await runWith(INPUTS, [
      { status: 200, headers: { 'content-type': 'application/json' }, body: '{"access_token":"ab' },
      json(200, TOKEN)
    ])
    expect(sent).toHaveLength(2)
    expect(core.failed()).toBeUndefined()
  })

  it('does not retry a 2xx whose JSON is broken midway: it came as sent', async () => {
    const { sent, core } = await runWith(INPUTS, [
      {
        status: 200,
        headers: { 'content-type': 'application/json' },
        body: '{"access_token":"ab","token_type":Bearer}'
      },
      json(200, TOKEN)
    ])
    expect(sent).toHaveLength(1)
    expect(core.failed()).toBe(
      "Token request to https://api.example.com/oauth/token failed: HTTP 200 (application/json, 41 bytes); expected a JSON token response, got invalid JSON; the server's answer is malformed: check the server"
    )
  })

  it('says what a 2xx cut mid-JSON on every attempt was', async () => {
    const cut = { status: 200, headers: { 'content-type': 'application/json' }, body: '{"a' }
    const { sent, core } = await runWith({ ...INPUTS, retries: '1' }, [cut])
    expect(sent).toHaveLength(2)
    expect(core.failed()).toBe(
      'Token request to https://api.example.com/oauth/token failed after 2 attempts: HTTP 200 (application/json) with truncated or invalid JSON (3 bytes); the connection may have dropped, or the server sends broken JSON: check the server, and any proxy on the way'
    )
  })

  it('counts the attempts when a 2xx that is not a token ends the retries', async () => {
    const { sent, core } = await runWith(INPUTS, [
      json(503, { error: 'temporarily_unavailable' }),
      json(200, { token_type: 'Bearer' })
    ])
    expect(sent).toHaveLength(2)
    expect(core.failed()).toMatch(/^Token request to \S+ failed after 2 attempts: HTTP 200 /)
  })
})

describe('failures below HTTP say what to fix', () => {
  it.each([
    [
      'ECONNRESET',
      'socket hang up',
      'the connection was cut: check the server, and any proxy or firewall on the way'
    ],
    [
      'EHOSTUNREACH',
      'connect EHOSTUNREACH 10.1.2.3:443',
      "connect EHOSTUNREACH 10.1.2.3:443; the runner has no way to api.example.com: check input 'host' (or OAUTH_HOST) and any firewall (GitHub-hosted runners cannot reach a private network)"
    ],
    [
      'ENETUNREACH',
      'connect ENETUNREACH 2001:db8::1:443',
      "connect ENETUNREACH 2001:db8::1:443; the runner has no way to api.example.com: check input 'host' (or OAUTH_HOST) and any firewall (GitHub-hosted runners cannot reach a private network)"
    ],
    [
      'ETIMEDOUT',
      'connect ETIMEDOUT 10.1.2.3:443',
      "connect ETIMEDOUT 10.1.2.3:443; the runner has no way to api.example.com: check input 'host' (or OAUTH_HOST) and any firewall (GitHub-hosted runners cannot reach a private network)"
    ],
    [
      'ETIMEDOUT',
      'read ETIMEDOUT',
      'failed after 1 attempt: read ETIMEDOUT; the connection timed out: check the server, and any proxy or firewall on the way'
    ],
    [
      'HPE_HEADER_OVERFLOW',
      'Parse Error: Header overflow',
      "HPE_HEADER_OVERFLOW: Parse Error: Header overflow; the answer's headers are larger than Node accepts (16 KiB): check the server, or a proxy or load balancer in front of it"
    ],
    // What Node says when the answer does not start as HTTP does: TLS, SSH or HTML on that port.
    [
      'HPE_INVALID_CONSTANT',
      'Parse Error: Expected HTTP/',
      "the answer is not valid HTTP: check the scheme and port in input 'host' (or OAUTH_HOST)"
    ],
    // HTTP, broken: the port is right, the server (or what is in front of it) is not.
    [
      'HPE_INVALID_STATUS',
      'Parse Error: Invalid status code',
      "the answer breaks HTTP's framing: check the server, or a proxy or load balancer in front of it"
    ],
    [
      'HPE_INVALID_CHUNK_SIZE',
      'Parse Error: Invalid character in chunk size',
      "the answer breaks HTTP's framing: check the server, or a proxy or load balancer in front of it"
    ],
    // A DNS failure that may pass, a write to a closed connection, a certificate not yet valid:
    // each with its own fix, not a bare code or the advice for another failure.
    [
      'EAI_AGAIN',
      'getaddrinfo EAI_AGAIN api.example.com',
      "EAI_AGAIN: could not resolve api.example.com; check input 'host' (or OAUTH_HOST)"
    ],
    [
      'EPIPE',
      'write EPIPE',
      'the connection was cut: check the server, and any proxy or firewall on the way'
    ],
    [
      'CERT_NOT_YET_VALID',
      'certificate is not yet valid',
      "the server's certificate is outside its validity period: renew it on the server"
    ],
    [
      'CERT_UNTRUSTED',
      'certificate not trusted',
      "if the server uses a private certificate authority, pass its certificate in input 'ca-certificate' (or NODE_EXTRA_CA_CERTS, or NODE_USE_SYSTEM_CA=1)"
    ],
    [
      'EPROTO',
      'wrong version number',
      "EPROTO: the server at api.example.com does not speak TLS; check the scheme (https:// or http://) and port in input 'host' (or OAUTH_HOST)"
    ]
  ])('%s', async (code, message, advice) => {
    const { core } = await runWith({ ...INPUTS, retries: '0' }, [new TransportError(message, code)])
    expect(core.failed()).toMatch(new RegExp(`${advice.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`))
  })
  it("does not retry headers over Node's limit, which would be as large again", async () => {
    const overflow = new TransportError('Parse Error: Header overflow', 'HPE_HEADER_OVERFLOW')
    const { sent } = await runWith(INPUTS, [overflow, json(200, TOKEN)])
    expect(sent).toHaveLength(1)
  })

  it("says a 2xx had headers over Node's limit, not that it was cut off before its end", async () => {
    const overflow = Object.assign(
      new TransportError('Parse Error: Header overflow', 'HPE_HEADER_OVERFLOW'),
      { status: 200 }
    )
    const { core } = await runWith(INPUTS, [overflow])
    expect(core.failed()).toBe(
      "Token request to https://api.example.com/oauth/token failed: HPE_HEADER_OVERFLOW: Parse Error: Header overflow; the answer's headers are larger than Node accepts (16 KiB): check the server, or a proxy or load balancer in front of it"
    )
  })

  it("says a refresh grant's 2xx had headers over Node's limit, not that it was cut off", async () => {
    const overflow = Object.assign(
      new TransportError('Parse Error: Header overflow', 'HPE_HEADER_OVERFLOW'),
      { status: 200 }
    )
    const { sent, core } = await runWith(
      { ...INPUTS, 'grant-type': 'refresh_token', 'refresh-token': 'refresh-9c2b' },
      [overflow, json(200, TOKEN)]
    )
    expect(sent).toHaveLength(1)
    expect(core.failed()).toBe(
      'Token request to https://api.example.com/oauth/token failed: HTTP 200 answer with headers larger than Node accepts (16 KiB); not retried, since the server has likely used up the refresh token: check the server and any proxy on the way, and give a new refresh-token'
    )
  })

  it('masks a secret that an error from below HTTP quotes, in the one failure line', async () => {
    const quoting = new TransportError(`request to x failed, reason: ${SECRET}`, 'EWHATEVER')
    const { core } = await runWith({ ...INPUTS, retries: '0' }, [quoting])
    expect(core.failed()).toBe(
      'Token request to https://api.example.com/oauth/token failed after 1 attempt: EWHATEVER: request to x failed, reason: ***'
    )
  })

  it("tells each address's failure when Node tried several (an AggregateError)", async () => {
    const refused = (address: string) =>
      Object.assign(new Error(`connect ECONNREFUSED ${address}:443`), { code: 'ECONNREFUSED' })
    const all = Object.assign(new AggregateError([refused('::1'), refused('127.0.0.1')], ''), {
      code: 'ECONNREFUSED'
    })
    // What send() rejects with: the transport's own error, made from Node's.
    const { core } = await runWith({ ...INPUTS, retries: '0' }, [asTransportError(all)])
    expect(core.failed()).toBe(
      "Token request to https://api.example.com/oauth/token failed after 1 attempt: connect ECONNREFUSED ::1:443, connect ECONNREFUSED 127.0.0.1:443; check input 'host' (or OAUTH_HOST) and that the server is up"
    )
  })
})

describe('inputs that PHP or URL parsers would read differently', () => {
  const read = (inputs: Record<string, string>) => () =>
    readConfig({ getInput: name => inputs[name] ?? '', env: {} })

  it.each(['grant_type[x]=y', 'client_secret[]=y', 'client.id=y', 'client[secret=y'])(
    'refuses the extra-param %s',
    line => {
      expect(read({ ...INPUTS, 'extra-params': line })).toThrow(/sends itself: use input '/)
    }
  )

  it('refuses a backslash in host', () => {
    expect(read({ ...INPUTS, host: 'https://api.example.com\\@evil.example' })).toThrow(
      "input 'host' (or OAUTH_HOST) must not contain a backslash"
    )
  })
})

// Every line goes through say.* (src/log.ts), which redacts the step's secrets: a line written
// with core's own info, warning, debug, error or notice would skip that, and no test of today's
// lines could notice, since none of them holds a secret yet (mutation pass 89a: four such mutants in
// main.ts survived every other test).
describe("the log's one door", () => {
  const src = join(import.meta.dirname, '..', 'src')
  const sources = readdirSync(src)
    .filter(name => /\.[cm]?[jt]s$/.test(name))
    .map(name => ({ name, text: readFileSync(join(src, name), 'utf8') }))

  it("no module but log.ts writes a log line with core's own functions", () => {
    expect(sources.map(source => source.name)).toEqual(
      expect.arrayContaining(['log.ts', 'main.ts', 'post.ts'])
    )
    const direct = sources.flatMap(({ name, text }) =>
      name === 'log.ts'
        ? []
        : [
            ...text.matchAll(/\bcore\s*\??\.\s*(info|warning|debug|error|notice|startGroup)\b/g)
          ].map(match => `${name}: core.${match[1]}`)
    )
    expect(direct).toEqual([])
  })

  it('and the one failure line is redacted (loggable) before core takes it', () => {
    const failed = sources.flatMap(({ name, text }) =>
      [...text.matchAll(/\.setFailed\((.*)$/gm)].map(match => `${name}: ${match[1]}`)
    )
    expect(failed).toEqual(['main.ts: loggable(errorMessage(error), secrets))'])
  })
})
