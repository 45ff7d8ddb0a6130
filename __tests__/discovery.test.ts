import { describe, expect, it } from '@jest/globals'
import { type Config, readConfig } from '../src/config.js'
import {
  type AuthorizationServerEndpoints,
  MAX_DOCUMENT_BYTES,
  checkEndpoint,
  discoverEndpoints,
  wellKnownUrls
} from '../src/discovery.js'
import { ActionError } from '../src/errors.js'
import type { HttpRequest, HttpResponse, SendOptions } from '../src/transport.js'
import { TransportError } from '../src/transport.js'
import { trustedCertificates } from '../src/trust.js'
import { TestPki } from './support/pki.js'

const ISSUER = 'https://login.example.com/tenant-1/v2.0'
const RFC8414 = `${ISSUER}/.well-known/oauth-authorization-server`
const OIDC = `${ISSUER}/.well-known/openid-configuration`
/** RFC 8414 §3.1's form for an issuer with a path. */
const INSERTED = 'https://login.example.com/.well-known/oauth-authorization-server/tenant-1/v2.0'

function config(inputs: Record<string, string> = {}): Config {
  const values: Record<string, string> = {
    issuer: ISSUER,
    'client-id': 'ci',
    'client-auth': 'github-oidc',
    timeout: '7',
    ...inputs
  }
  return readConfig({ getInput: name => values[name] ?? '', env: {} })
}

type Answer = HttpResponse | TransportError

function json(value: unknown, status = 200): HttpResponse {
  return { status, headers: { 'content-type': 'application/json' }, body: JSON.stringify(value) }
}

const DOCUMENT = {
  issuer: ISSUER,
  token_endpoint: 'https://login.example.com/tenant-1/oauth2/v2.0/token',
  revocation_endpoint: 'https://login.example.com/tenant-1/oauth2/v2.0/revoke'
}

interface Harness {
  readonly sent: { request: HttpRequest; options: SendOptions }[]
  readonly log: string[]
  readonly sleeps: number[]
  result: Promise<AuthorizationServerEndpoints>
}

/** Discovery against answers by URL, taken in order for each URL. */
function discover(answers: Record<string, Answer[]>, cfg: Config = config()): Harness {
  const sent: Harness['sent'] = []
  const log: string[] = []
  const sleeps: number[] = []
  const result = discoverEndpoints(cfg, {
    send: async (request, options) => {
      sent.push({ request, options })
      const answer = answers[request.url.href]?.shift()
      if (!answer) throw new Error(`no answer for ${request.url.href}`)
      if (answer instanceof TransportError) throw answer
      return answer
    },
    clock: { now: () => 0, sleep: async ms => void sleeps.push(ms), random: () => 0.5 },
    log: line => log.push(line),
    debug: line => log.push(`debug: ${line}`)
  })
  return { sent, log, sleeps, result }
}

async function failure(harness: Harness): Promise<string> {
  const error = await harness.result.then(
    () => undefined,
    (e: unknown) => e
  )
  expect(error).toBeInstanceOf(ActionError)
  const { message } = error as ActionError
  expect(message).not.toMatch(/[\r\n]/)
  return message
}

describe('discoverEndpoints', () => {
  it('reads RFC 8414 metadata with a GET, with the token request’s timeout and trust', async () => {
    const harness = discover({ [RFC8414]: [json(DOCUMENT)] })
    await expect(harness.result).resolves.toEqual({
      tokenEndpoint: new URL(DOCUMENT.token_endpoint),
      revocationEndpoint: new URL(DOCUMENT.revocation_endpoint)
    })
    expect(harness.sent).toHaveLength(1)
    const [{ request, options }] = harness.sent as [Harness['sent'][number]]
    expect(request.method).toBe('GET')
    expect(request.body).toBe('')
    expect(request.headers).toEqual({
      Accept: 'application/json',
      'User-Agent': 'oauth2-token-action'
    })
    expect(options.timeoutMs).toBe(7000)
    expect(options.maxBodyBytes).toBe(MAX_DOCUMENT_BYTES)
  })

  it('reads a document that starts with a byte order mark, as a token answer is read', async () => {
    const answer = json(DOCUMENT)
    const harness = discover({ [RFC8414]: [{ ...answer, body: `\uFEFF${answer.body}\n` }] })
    await expect(harness.result).resolves.toEqual({
      tokenEndpoint: new URL(DOCUMENT.token_endpoint),
      revocationEndpoint: new URL(DOCUMENT.revocation_endpoint)
    })
    expect(harness.sent).toHaveLength(1)
  })

  // Any 4xx (but 408 and 429), 400 the first of them, 499 (nginx's client closed request) the last.
  // A proxy's 407 (to a plain-http issuer's request, which goes to the proxy itself) is no missing
  // document: every URL would get it. It fails at once, worded as the token request's would be.
  it.each([
    [
      'that rejected the credentials',
      { proxyCredentials: true },
      'the proxy rejected the credentials in HTTP_PROXY: check the user and password there'
    ],
    [
      'that takes only NTLM',
      {
        proxyCredentials: true,
        proxySignIn:
          'takes only NTLM sign-in, not Basic: use a local proxy that signs in for you (such as cntlm or px) in HTTP_PROXY, or NO_PROXY if the server is reachable directly'
      },
      'the proxy takes only NTLM sign-in, not Basic: use a local proxy that signs in for you (such as cntlm or px) in HTTP_PROXY, or NO_PROXY if the server is reachable directly'
    ]
  ])('fails at once on a proxy’s 407 %s, trying no other URL', async (_what, more, advice) => {
    const issuer = 'http://sso.internal.example/realms/ci'
    const url = `${issuer}/.well-known/oauth-authorization-server`
    const harness = discover(
      {
        [url]: [
          {
            status: 407,
            headers: { 'content-type': 'text/plain', 'proxy-authenticate': 'NTLM' },
            body: 'Proxy Authentication Required',
            ...more
          }
        ]
      },
      config({ issuer, 'allow-insecure-http': 'true' })
    )
    expect(await failure(harness)).toBe(
      `Discovery request to ${url} failed: HTTP 407 (text/plain): Proxy Authentication Required; ${advice}`
    )
    expect(harness.sent).toHaveLength(1)
  })

  it.each([400, 404, 499])('falls back to openid-configuration after a %i', async status => {
    const harness = discover({
      [RFC8414]: [json({ error: 'not found' }, status)],
      [OIDC]: [json({ ...DOCUMENT, revocation_endpoint: undefined })]
    })
    await expect(harness.result).resolves.toEqual({
      tokenEndpoint: new URL(DOCUMENT.token_endpoint),
      revocationEndpoint: undefined,
      revocationProblem: undefined
    })
    expect(harness.sent.map(s => s.request.url.href)).toEqual([RFC8414, OIDC])
  })

  it.each([404, 300, 302, 399, 501])(
    'falls back to openid-configuration after a %i cut off before its end, as after a whole one',
    async status => {
      const cut = new TransportError('aborted', 'ECONNRESET', undefined, status)
      const harness = discover({ [RFC8414]: [cut], [OIDC]: [json(DOCUMENT)] })
      await expect(harness.result).resolves.toHaveProperty('tokenEndpoint')
      expect(harness.sent.map(s => s.request.url.href)).toEqual([RFC8414, OIDC])
    }
  )

  // A 429 left after the retries asks to wait, cut off or whole: the other URLs would too.
  it.each([
    ['whole', json({ error: 'slow_down' }, 429)],
    ['cut off before its end', new TransportError('aborted', 'ECONNRESET', undefined, 429)]
  ])('fails on a 429 left after the retries, %s, without the other URLs', async (_, answer) => {
    const harness = discover(
      { [RFC8414]: [answer], [OIDC]: [json(DOCUMENT)] },
      config({ retries: '0' })
    )
    expect(await failure(harness)).toMatch(
      new RegExp(`^Discovery request to ${RFC8414} failed after 1 attempt: `)
    )
    expect(harness.sent.map(s => s.request.url.href)).toEqual([RFC8414])
  })

  it('names input issuer, not host and token-path, for an HTTP 101', async () => {
    const switched = new TransportError(
      'HTTP 101: the server switched to another protocol rather than answer',
      'ESWITCHEDPROTOCOLS',
      undefined,
      101
    )
    expect(await failure(discover({ [RFC8414]: [switched] }))).toBe(
      `Discovery request to ${RFC8414} failed: HTTP 101: the server switched to another protocol rather than answer; this is not a token endpoint's answer: check input 'issuer'`
    )
  })

  it('says why a revocation_endpoint it names cannot be used, instead of dropping it silently', async () => {
    const harness = discover({
      [RFC8414]: [json({ ...DOCUMENT, revocation_endpoint: 'http://login.example.com/revoke' })]
    })
    await expect(harness.result).resolves.toEqual({
      tokenEndpoint: new URL(DOCUMENT.token_endpoint),
      revocationEndpoint: undefined,
      revocationProblem:
        'a revocation_endpoint that uses plain http:// (login.example.com), which would send credentials unencrypted'
    })
  })

  it('falls back when the first answer is an HTML page, not JSON', async () => {
    const html: HttpResponse = {
      status: 200,
      headers: { 'content-type': 'text/html' },
      body: '<html><body>Sign in</body></html>'
    }
    const harness = discover({ [RFC8414]: [html], [OIDC]: [json(DOCUMENT)] })
    await expect(harness.result).resolves.toHaveProperty('tokenEndpoint')
  })

  it('falls back when the first answer is JSON without issuer, such as an error in a 200', async () => {
    const harness = discover({
      [RFC8414]: [json({ error: 'not_found' })],
      [OIDC]: [json(DOCUMENT)]
    })
    await expect(harness.result).resolves.toHaveProperty('tokenEndpoint')
    expect(harness.sent.map(s => s.request.url.href)).toEqual([RFC8414, OIDC])
    const none = discover({
      [RFC8414]: [json([DOCUMENT])],
      [OIDC]: [json(null)],
      [INSERTED]: [json({ error: 'not_found' })]
    })
    expect(await failure(none)).toBe(
      `Discovery for issuer ${ISSUER} failed: ${RFC8414}: HTTP 200 is JSON without issuer; ${OIDC}: HTTP 200 is JSON without issuer; ${INSERTED}: HTTP 200 is JSON without issuer; check input 'issuer'; if the server publishes no metadata there, or only behind a redirect, give host and token-path instead`
    )
  })

  it('fails when neither document is there, naming both', async () => {
    const html: HttpResponse = {
      status: 200,
      headers: { 'content-type': 'text/html' },
      body: '<p>hi</p>'
    }
    const harness = discover({
      [RFC8414]: [json({}, 404)],
      [OIDC]: [html],
      [INSERTED]: [json({}, 404)]
    })
    expect(await failure(harness)).toBe(
      `Discovery for issuer ${ISSUER} failed: ${RFC8414}: HTTP 404; ${OIDC}: HTTP 200 (text/html) is not JSON; ${INSERTED}: HTTP 404; check input 'issuer'; if the server publishes no metadata there, or only behind a redirect, give host and token-path instead`
    )
  })

  it('refuses a document for another issuer (RFC 8414 §3.3), without falling back', async () => {
    const harness = discover({
      [RFC8414]: [json({ ...DOCUMENT, issuer: 'https://evil.example.com' })],
      [OIDC]: [json(DOCUMENT)]
    })
    expect(await failure(harness)).toBe(
      `The metadata at ${RFC8414} names issuer 'https://evil.example.com', not '${ISSUER}'; they must match (RFC 8414 §3.3): check input 'issuer'`
    )
    expect(harness.sent).toHaveLength(1)
  })

  // Auth0 names its issuer with a trailing slash; `new URL(issuer).href` adds one to an origin.
  it.each([
    ['names one the input lacks', ISSUER, `${ISSUER}/`],
    ['lacks one the input has', `${ISSUER}/`, ISSUER]
  ])('takes a document whose issuer %s, a trailing slash', async (_, input, named) => {
    const harness = discover(
      { [RFC8414]: [json({ ...DOCUMENT, issuer: named })] },
      config({ issuer: input })
    )
    await expect(harness.result).resolves.toHaveProperty(
      'tokenEndpoint',
      new URL(DOCUMENT.token_endpoint)
    )
    expect(harness.sent.map(({ request }) => request.url.href)).toEqual([RFC8414])
  })

  it('refuses an issuer that differs by more than a trailing slash', async () => {
    const harness = discover({ [RFC8414]: [json({ ...DOCUMENT, issuer: `${ISSUER}//` })] })
    expect(await failure(harness)).toContain(`names issuer '${ISSUER}//', not '${ISSUER}'`)
  })

  it.each([
    ["an object (doorkeeper-openid-connect 1.8.0's, for an issuer set by a block)", {}],
    ["empty (doorkeeper-openid-connect 1.10.0's, for a block that returns nil)", ''],
    ['null', null]
  ])(
    'says to give host and token-path, not to check issuer, for an issuer that is %s',
    async (_, value) => {
      const harness = discover({ [RFC8414]: [json({ ...DOCUMENT, issuer: value })] })
      expect(await failure(harness)).toBe(
        `The metadata at ${RFC8414} names no issuer, which RFC 8414 §2 requires: give host and token-path instead of issuer`
      )
      expect(harness.sent).toHaveLength(1)
    }
  )

  it('takes JSON with token_endpoint but no issuer for metadata that lacks it, not an error page', async () => {
    const document = { token_endpoint: DOCUMENT.token_endpoint }
    const harness = discover({
      [RFC8414]: [json({}, 404)],
      [OIDC]: [json(document)],
      [INSERTED]: [json({}, 404)]
    })
    expect(await failure(harness)).toBe(
      `The metadata at ${OIDC} names no issuer, which RFC 8414 §2 requires: give host and token-path instead of issuer`
    )
    expect(harness.sent.map(s => s.request.url.href)).toEqual([RFC8414, OIDC])
  })

  // An empty or non-string value (a template's blank, a number) is none either.
  it.each([
    ['without token_endpoint', undefined],
    ['with an empty token_endpoint', ''],
    ['with a token_endpoint that is no string', 42]
  ])('refuses a document %s', async (_name, tokenEndpoint) => {
    const harness = discover({
      [RFC8414]: [json({ issuer: ISSUER, token_endpoint: tokenEndpoint })]
    })
    expect(await failure(harness)).toBe(
      `The metadata at ${RFC8414} has no token_endpoint: give host and token-path instead of issuer`
    )
  })

  it.each([
    ['empty', ''],
    ['no string', 42]
  ])(
    'takes a revocation_endpoint that is %s as none, with no problem to tell',
    async (_name, revocation) => {
      const harness = discover({
        [RFC8414]: [json({ ...DOCUMENT, revocation_endpoint: revocation })]
      })
      await expect(harness.result).resolves.toEqual({
        tokenEndpoint: new URL(DOCUMENT.token_endpoint),
        revocationEndpoint: undefined,
        revocationProblem: undefined
      })
    }
  )

  it('refuses a plain-http token_endpoint off loopback', async () => {
    const harness = discover({
      [RFC8414]: [json({ ...DOCUMENT, token_endpoint: 'http://login.example.com/token' })]
    })
    expect(await failure(harness)).toBe(
      `The metadata at ${RFC8414} has a token_endpoint that uses plain http:// (login.example.com), which would send credentials unencrypted; the server must use https://, or set allow-insecure-http: true`
    )
  })

  it('refuses a plain-http loopback token_endpoint from an https issuer', async () => {
    const harness = discover({
      [RFC8414]: [json({ ...DOCUMENT, token_endpoint: 'http://127.0.0.1:8080/token' })]
    })
    expect(await failure(harness)).toBe(
      `The metadata at ${RFC8414} has a token_endpoint that uses plain http:// (127.0.0.1:8080), which would send credentials unencrypted; the server must use https://, or set allow-insecure-http: true`
    )
  })

  it('refuses a token_endpoint with credentials in it', async () => {
    const harness = discover({
      [RFC8414]: [json({ ...DOCUMENT, token_endpoint: 'https://u:p@login.example.com/token' })]
    })
    expect(await failure(harness)).toBe(
      `The metadata at ${RFC8414} has a token_endpoint that holds credentials (user:password@): give host and token-path instead of issuer`
    )
  })

  it('refuses a token_endpoint on port 0, which Node would send to the default port', async () => {
    const harness = discover({
      [RFC8414]: [json({ ...DOCUMENT, token_endpoint: 'https://login.example.com:0/token' })]
    })
    expect(await failure(harness)).toBe(
      `The metadata at ${RFC8414} has a token_endpoint that has port 0, where no server listens: give host and token-path instead of issuer`
    )
  })

  it.each([
    ['/oauth/token', "is not a URL ('/oauth/token')"],
    ['ftp://login.example.com/token', 'is not an https:// URL (ftp://...)'],
    ['web+https://login.example.com/token', 'is not an https:// URL (web+https://...)'],
    ['https://login.example.com/token#x', 'has a fragment'],
    // The URL parser drops tabs and line breaks: /tok\ten\n would be posted to as /token.
    ...[
      'https://login.example.com/tok\ten\n',
      ' https://login.example.com/token',
      'https://login.example.com/to\u0000ken'
    ].map((endpoint): [string, string] => [
      endpoint,
      'has spaces, tabs, line breaks or control characters'
    ])
  ])('refuses token_endpoint %j, and says to give host instead', async (endpoint, problem) => {
    const harness = discover({ [RFC8414]: [json({ ...DOCUMENT, token_endpoint: endpoint })] })
    expect(await failure(harness)).toBe(
      `The metadata at ${RFC8414} has a token_endpoint that ${problem}: give host and token-path instead of issuer`
    )
  })

  it('names no Retry-After of a status no retry meets', async () => {
    const harness = discover({
      [RFC8414]: [{ ...json({}, 505), headers: { 'retry-after': '5' } }]
    })
    expect(await failure(harness)).toBe(
      `Discovery request to ${RFC8414} failed: HTTP 505 (no content type): {}; try again later, or check the server`
    )
  })

  it('counts the attempts made when a later answer asks to wait over 60 s', async () => {
    const harness = discover({
      [RFC8414]: [
        { ...json({}, 503), headers: { 'retry-after': '1' } },
        { ...json({}, 429), headers: { 'retry-after': '120' } }
      ]
    })
    expect(await failure(harness)).toBe(
      `Discovery request to ${RFC8414} failed after 2 attempts: HTTP 429 (no content type): {}; it asks to retry after 120 s, longer than the 60 s this action waits: try again later, or check the server`
    )
  })

  it('retries a 503 as the token request would', async () => {
    const harness = discover({
      [RFC8414]: [json({}, 503), json(DOCUMENT)]
    })
    await expect(harness.result).resolves.toHaveProperty('tokenEndpoint')
    expect(harness.sleeps).toEqual([750])
    expect(harness.log).toContain('Attempt 1 of 4: HTTP 503; retrying in 0.8 s')
  })

  it('fails on a 500 after its retries, without trying the other document', async () => {
    const harness = discover(
      { [RFC8414]: [json({}, 500), json({}, 500)] },
      config({ retries: '1' })
    )
    expect(await failure(harness)).toBe(
      `Discovery request to ${RFC8414} failed after 2 attempts: HTTP 500 (application/json): {}; try again later, or check the server`
    )
    // A line for the attempt that is retried, none for the last.
    expect(harness.log.filter(line => line.startsWith('Attempt'))).toEqual([
      'Attempt 1 of 2: HTTP 500; retrying in 0.8 s'
    ])
  })

  // 501: this server does not serve a GET of that URL, which no wait mends; the next URL may.
  it('moves on to the next document after a 501, without retrying it', async () => {
    const harness = discover({
      [RFC8414]: [json({ error: 'not_implemented' }, 501), json(DOCUMENT)],
      [OIDC]: [json(DOCUMENT)]
    })
    await expect(harness.result).resolves.toHaveProperty(
      'tokenEndpoint',
      new URL(DOCUMENT.token_endpoint)
    )
    expect(harness.sent.map(({ request }) => request.url.href)).toEqual([RFC8414, OIDC])
    expect(harness.sleeps).toEqual([])
  })

  it('names a 501 among the URLs tried when no document is found', async () => {
    const harness = discover({
      [RFC8414]: [json({}, 501)],
      [OIDC]: [json({}, 404)],
      [INSERTED]: [json({}, 501)]
    })
    expect(await failure(harness)).toBe(
      `Discovery for issuer ${ISSUER} failed: ${RFC8414}: HTTP 501; ${OIDC}: HTTP 404; ${INSERTED}: HTTP 501; check input 'issuer'; if the server publishes no metadata there, or only behind a redirect, give host and token-path instead`
    )
  })

  it('names input issuer when the server cannot be reached', async () => {
    const refused = new TransportError('connect ECONNREFUSED 10.0.0.1:443', 'ECONNREFUSED')
    const harness = discover({ [RFC8414]: [refused] }, config({ retries: '0' }))
    expect(await failure(harness)).toBe(
      `Discovery request to ${RFC8414} failed after 1 attempt: connect ECONNREFUSED 10.0.0.1:443; check input 'issuer' and that the server is up`
    )
  })

  it('refuses an oversized document', async () => {
    const big = new TransportError(
      'response body is larger than 256 KiB; stopped reading',
      'EBODYTOOLARGE'
    )
    const harness = discover({ [RFC8414]: [big] })
    expect(await failure(harness)).toBe(
      `Discovery request to ${RFC8414} failed: the answer is larger than 256 KiB, too large for a metadata document; check input 'issuer'`
    )
  })

  it('does not follow a redirect, and tries the next well-known URL instead', async () => {
    const redirect = (to: string): HttpResponse => ({
      status: 302,
      headers: { location: to },
      body: ''
    })
    const found = discover({
      [RFC8414]: [redirect('https://elsewhere.example.com/x')],
      [OIDC]: [json(DOCUMENT)]
    })
    await expect(found.result).resolves.toHaveProperty('tokenEndpoint')
    expect(found.sent.map(s => s.request.url.href)).toEqual([RFC8414, OIDC])

    const none = discover({
      [RFC8414]: [redirect('https://elsewhere.example.com/x')],
      [OIDC]: [redirect('https://elsewhere.example.com/y')],
      [INSERTED]: [json({}, 404)]
    })
    expect(await failure(none)).toBe(
      `Discovery for issuer ${ISSUER} failed: ${RFC8414}: HTTP 302 redirect to https://elsewhere.example.com/x, not followed; ${OIDC}: HTTP 302 redirect to https://elsewhere.example.com/y, not followed; ${INSERTED}: HTTP 404; check input 'issuer'; if the server publishes no metadata there, or only behind a redirect, give host and token-path instead`
    )
    expect(none.sent.map(s => s.request.url.href)).toEqual([RFC8414, OIDC, INSERTED])
  })

  it.each([300, 399])('does not follow an HTTP %i either, and tries the next URL', async status => {
    const found = discover({
      [RFC8414]: [{ status, headers: { location: 'https://elsewhere.example.com/x' }, body: '' }],
      [OIDC]: [json(DOCUMENT)]
    })
    await expect(found.result).resolves.toHaveProperty('tokenEndpoint')
    expect(found.sent.map(s => s.request.url.href)).toEqual([RFC8414, OIDC])
  })

  it('says to give host and token-path when the metadata is only behind a redirect', async () => {
    // Django OAuth Toolkit before 2.4 serves it only at .../openid-configuration/, and Django
    // answers the URL without the slash with a 301 there (APPEND_SLASH): issuer is right.
    const issuer = 'https://auth.example.com/o'
    const harness = discover(
      {
        [`${issuer}/.well-known/oauth-authorization-server`]: [json({}, 404)],
        [`${issuer}/.well-known/openid-configuration`]: [
          { status: 301, headers: { location: '/o/.well-known/openid-configuration/' }, body: '' }
        ],
        'https://auth.example.com/.well-known/oauth-authorization-server/o': [json({}, 404)]
      },
      config({ issuer })
    )
    expect(await failure(harness)).toBe(
      `Discovery for issuer ${issuer} failed: ${issuer}/.well-known/oauth-authorization-server: HTTP 404; ${issuer}/.well-known/openid-configuration: HTTP 301 redirect to /o/.well-known/openid-configuration/, not followed; https://auth.example.com/.well-known/oauth-authorization-server/o: HTTP 404; check input 'issuer'; if the server publishes no metadata there, or only behind a redirect, give host and token-path instead`
    )
  })
})

describe('wellKnownUrls and checkEndpoint', () => {
  it('try RFC 8414 §3.1’s path-inserted form last, for an issuer with a path', async () => {
    const harness = discover({
      [RFC8414]: [json({}, 404)],
      [OIDC]: [json({}, 404)],
      [INSERTED]: [json(DOCUMENT)]
    })
    await expect(harness.result).resolves.toHaveProperty('tokenEndpoint')
    expect(harness.sent.map(s => s.request.url.href)).toEqual([RFC8414, OIDC, INSERTED])
  })

  it('append the well-known paths to the issuer, without doubling a slash', () => {
    expect(wellKnownUrls('https://a.example.com/').map(u => u.href)).toEqual([
      'https://a.example.com/.well-known/oauth-authorization-server',
      'https://a.example.com/.well-known/openid-configuration'
    ])
  })

  it('append them after every trailing slash of the issuer', () => {
    expect(wellKnownUrls('https://a.example.com/tenant//').map(u => u.href)).toEqual([
      'https://a.example.com/tenant/.well-known/oauth-authorization-server',
      'https://a.example.com/tenant/.well-known/openid-configuration',
      'https://a.example.com/.well-known/oauth-authorization-server/tenant'
    ])
  })

  it.each([
    ['https://a.example.com/token?x=1', true, false],
    ['http://127.0.0.1:8080/token', true, false],
    ['http://a.example.com/token', false, false],
    ['http://a.example.com/token', true, true],
    ['https://a.example.com/token#f', false, false],
    ['https://a.example.com/token#', false, false],
    ['https://:p@a.example.com/token', false, false],
    ['https://u@a.example.com/token', false, false],
    ['ftp://a.example.com/token', false, false],
    ['/token', false, false]
  ])('%s is usable: %s (allow-insecure-http %s)', (text, usable, allowInsecureHttp) => {
    expect(checkEndpoint(text, { allowInsecureHttp }) instanceof URL).toBe(usable)
  })

  it.each([
    ['http://127.0.0.1:8080', 'http://127.0.0.1:8080/token', false, true],
    ['https://a.example.com', 'http://127.0.0.1:8080/token', false, false],
    ['https://a.example.com', 'http://[::1]:8080/token', false, false],
    ['HTTPS://a.example.com', 'http://127.0.0.1:8080/token', false, false],
    ['https://a.example.com', 'http://127.0.0.1:8080/token', true, true]
  ])(
    'for issuer %s, %s with allow-insecure-http %s is usable: %s',
    (issuer, text, allowInsecureHttp, usable) => {
      expect(checkEndpoint(text, { allowInsecureHttp, issuer }) instanceof URL).toBe(usable)
    }
  )
})

describe('discovery over the real transport', () => {
  it('GETs the document from a loopback server, with no body', async () => {
    const { createServer } = await import('node:http')
    const seen: { method?: string; length?: string; body: string }[] = []
    const server = createServer((req, res) => {
      let body = ''
      req.on('data', chunk => (body += String(chunk)))
      req.on('end', () => {
        seen.push({ method: req.method, length: req.headers['content-length'], body })
        const issuer = `http://127.0.0.1:${(server.address() as { port: number }).port}`
        res.writeHead(200, { 'Content-Type': 'application/json' })
        res.end(JSON.stringify({ issuer, token_endpoint: `${issuer}/token` }))
      })
    })
    await new Promise<void>(done => server.listen(0, '127.0.0.1', done))
    try {
      const issuer = `http://127.0.0.1:${(server.address() as { port: number }).port}`
      const { send } = await import('../src/transport.js')
      const endpoints = await discoverEndpoints(config({ issuer }), {
        send,
        clock: { now: () => 0, sleep: async () => undefined, random: () => 0 },
        log: () => undefined,
        debug: () => undefined
      })
      expect(endpoints.tokenEndpoint.href).toBe(`${issuer}/token`)
      expect(seen).toEqual([{ method: 'GET', length: undefined, body: '' }])
    } finally {
      server.closeAllConnections()
      await new Promise(done => server.close(done))
    }
  })

  it('GETs through a forwarding proxy as the token request would go', async () => {
    const { createServer } = await import('node:http')
    const { createProxy } = await import('proxy')
    const methods: string[] = []
    const target = createServer((req, res) => {
      methods.push(req.method ?? '')
      res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"ok":true}')
    })
    const proxy = createProxy(createServer())
    const forwarded: string[] = []
    proxy.on('request', (req: { method?: string; url?: string }) =>
      forwarded.push(`${req.method} ${req.url}`)
    )
    await new Promise<void>(done => target.listen(0, '127.0.0.1', done))
    await new Promise<void>(done => proxy.listen(0, '127.0.0.1', done))
    const port = (server: { address(): unknown }): number =>
      (server.address() as { port: number }).port
    try {
      const { send } = await import('../src/transport.js')
      const url = new URL(`http://127.0.0.1:${port(target)}/.well-known/openid-configuration`)
      const answer = await send(
        { method: 'GET', url, headers: { Accept: 'application/json' }, body: '' },
        { timeoutMs: 5000, proxyFor: () => new URL(`http://127.0.0.1:${port(proxy)}`) }
      )
      expect(answer.status).toBe(200)
      expect(methods).toEqual(['GET'])
      expect(forwarded).toEqual([`GET ${url.href}`])
    } finally {
      target.closeAllConnections()
      proxy.closeAllConnections()
      await new Promise(done => target.close(done))
      await new Promise(done => proxy.close(done))
    }
  })
})

describe('secrets in a metadata server’s text', () => {
  it('are masked before the text is cut: those the run masked so far, a proxy’s among them', async () => {
    const password = 'Xk7pQ2zW-long-proxy-pass'
    const entities = [...password].map(char => `&#${char.charCodeAt(0)};`).join('')
    const page: HttpResponse = {
      status: 500,
      headers: { 'content-type': 'text/plain' },
      body: `${'x'.repeat(100)} ${entities}`
    }
    const cfg = config({ retries: '0' })
    const harness = discover({ [RFC8414]: [page] }, cfg)
    const unmasked = await failure(harness)
    // Without the run's secrets, the cut spelling would stay; with them, it is masked first.
    expect(unmasked).toContain('&#88;&#107;')
    const masked = await failure({
      ...harness,
      result: discoverEndpoints(cfg, {
        send: async () => page,
        clock: { now: () => 0, sleep: async () => undefined, random: () => 0.5 },
        log: () => undefined,
        debug: () => undefined,
        secrets: [password]
      })
    })
    expect(masked).toMatch(
      /HTTP 500 \(text\/plain\): x+ \*\*\*; try again later, or check the server$/
    )
    expect(masked).not.toContain('&#88;&#107;')
  })

  it('are masked in the text of a failure below HTTP', async () => {
    const password = 'Xk7pQ2zW-long-proxy-pass'
    const error = new TransportError(
      `Hostname/IP does not match certificate's altnames: DNS:${password.toUpperCase()}.example.com`,
      'ERR_TLS_CERT_ALTNAME_INVALID'
    )
    const message = await failure({
      sent: [],
      log: [],
      sleeps: [],
      result: discoverEndpoints(config({ retries: '0' }), {
        send: async () => {
          throw error
        },
        clock: { now: () => 0, sleep: async () => undefined, random: () => 0.5 },
        log: () => undefined,
        debug: () => undefined,
        secrets: [password]
      })
    })
    expect(message).toContain('DNS:***.example.com')
    expect(message.toLowerCase()).not.toContain(password.toLowerCase())
  })

  it('are masked in a metadata document’s issuer and endpoints before they are quoted', async () => {
    const password = 'Xk7pQ2zW-long-proxy-pass'
    const entities = [...password].map(char => `&#${char.charCodeAt(0)};`).join('')
    const quoted = async (document: Record<string, unknown>): Promise<string> =>
      failure({
        sent: [],
        log: [],
        sleeps: [],
        result: discoverEndpoints(config(), {
          send: async () => json(document),
          clock: { now: () => 0, sleep: async () => undefined, random: () => 0.5 },
          log: () => undefined,
          debug: () => undefined,
          secrets: [password]
        })
      })
    const issuer = await quoted({ ...DOCUMENT, issuer: `${'x'.repeat(150)} ${entities}` })
    expect(issuer).toMatch(/names issuer 'x+ \*\*\*'/)
    // No space in it: an endpoint with one is refused before it is quoted (checkEndpoint).
    const endpoint = await quoted({ ...DOCUMENT, token_endpoint: `${'x'.repeat(60)}/${entities}` })
    expect(endpoint).toMatch(/is not a URL \('x+\/\*\*\*'\)/)
  })

  it('are masked in a Location and a content type before they are quoted', async () => {
    const password = 'Xk7pQ2zW-long-proxy-pass'
    const entities = [...password].map(char => `&#${char.charCodeAt(0)};`).join('')
    const answers: Record<string, HttpResponse> = {
      [RFC8414]: {
        status: 302,
        headers: { location: `https://x.example/?p=${entities}` },
        body: ''
      },
      [OIDC]: { status: 200, headers: { 'content-type': `text/plain; p=${entities}` }, body: 'x' },
      [INSERTED]: json({}, 404)
    }
    const message = await failure({
      sent: [],
      log: [],
      sleeps: [],
      result: discoverEndpoints(config(), {
        send: async request => answers[request.url.href] ?? json({}, 404),
        clock: { now: () => 0, sleep: async () => undefined, random: () => 0.5 },
        log: () => undefined,
        debug: () => undefined,
        secrets: [password]
      })
    })
    expect(message).toBe(
      `Discovery for issuer ${ISSUER} failed: ${RFC8414}: HTTP 302 redirect to https://x.example/?p=***, not followed; ${OIDC}: HTTP 200 (text/plain; p=***) is not JSON; ${INSERTED}: HTTP 404; check input 'issuer'; if the server publishes no metadata there, or only behind a redirect, give host and token-path instead`
    )
  })
})

describe('discovery and ca-certificate', () => {
  // Issue 4 (discovery) with the note's "same timeout, retries, CA and proxy as the token
  // request": an issuer behind a private CA is read with the authority ca-certificate names.
  it('trusts the ca-certificate the token request trusts', async () => {
    const pki = new TestPki()
    try {
      const ca = pki.authority('discovery-ca').cert
      const cfg = config({ 'ca-certificate': ca })
      const harness = discover({ [RFC8414]: [json(DOCUMENT)] }, cfg)
      await harness.result
      const [{ options }] = harness.sent as [Harness['sent'][number]]
      expect(options.ca).toEqual(trustedCertificates(cfg.caCertificates))
      expect(options.ca).toContain(ca.trim())
    } finally {
      pki.cleanup()
    }
  })
})
