import { describe, expect, it } from '@jest/globals'
import { rootCertificates } from 'node:tls'
import { type Config, readConfig } from '../src/config.js'
import { ActionError } from '../src/errors.js'
import { clientAuthentication } from '../src/request.js'
import { MAX_RETRY_AFTER_MS } from '../src/retry.js'
import {
  type RevocableToken,
  buildRevocationRequest,
  revocationEndpoint,
  revokeToken
} from '../src/revocation.js'
import {
  type HttpRequest,
  type HttpResponse,
  type SendOptions,
  TransportError
} from '../src/transport.js'
import { privateKeyPem } from './support/keys.js'

const HOST = 'https://auth.example.com/tenant'
const SECRET = 'client-secret-VALUE'
/** Any valid PEM certificate will do as a ca-certificate here. */
const TEST_CA = rootCertificates[0] ?? ''
const ACCESS: RevocableToken = {
  token: 'access-token-VALUE',
  hint: 'access_token',
  expiresAt: '2026-11-28T13:00:00Z'
}

/** A config as the inputs make it. */
function config(inputs: Record<string, string> = {}): Config {
  const all: Record<string, string> = {
    host: HOST,
    'client-id': 'client 1',
    'client-secret': SECRET,
    ...inputs
  }
  return readConfig({ getInput: name => all[name] ?? '', env: {} })
}

function form(request: HttpRequest): Record<string, string> {
  return Object.fromEntries(new URLSearchParams(request.body))
}

describe('revocationEndpoint', () => {
  it('joins revoke-path to host as token-path is, keeping the base path', () => {
    expect(revocationEndpoint(HOST, '/oauth/revoke', config()).href).toBe(
      'https://auth.example.com/tenant/oauth/revoke'
    )
    expect(revocationEndpoint(`${HOST}/`, 'revoke', config()).href).toBe(
      'https://auth.example.com/tenant/revoke'
    )
  })

  it.each([
    [
      'a URL',
      'https://evil.example/revoke',
      "input 'revoke-path' must be a path such as /oauth/revoke, not a URL: the host comes from input 'host' alone"
    ],
    [
      'a protocol-relative URL',
      '//evil.example/revoke',
      "input 'revoke-path' must be a path such as /oauth/revoke, not a URL: the host comes from input 'host' alone"
    ],
    [
      'a query',
      '/revoke?x=1',
      "input 'revoke-path' must be a plain path such as /oauth/revoke, without spaces, control characters, backslashes, '?' or '#'"
    ],
    [
      'a control character',
      '/oauth/re\u007fvoke',
      "input 'revoke-path' must be a plain path such as /oauth/revoke, without spaces, control characters, backslashes, '?' or '#'"
    ]
  ])('refuses %s as revoke-path, naming revoke-path', (_name, path, message) => {
    expect(() => revocationEndpoint(HOST, path, config())).toThrow(message)
  })

  it('prefers the endpoint discovery found', () => {
    const discovered = new URL('https://auth.example.com/connect/revocation')
    expect(
      revocationEndpoint(HOST, '/oauth/revoke', config(), { revocationEndpoint: discovered })
    ).toBe(discovered)
  })

  it("refuses a discovered endpoint off the token endpoint's origin: credentials go nowhere else", () => {
    const issuer = 'https://sso.example.com'
    const elsewhere = new URL('https://revoke.example.net/revoke')
    const configured = { ...config(), issuer, tokenUrl: new URL(`${issuer}/token`) }
    expect(() =>
      revocationEndpoint('', '/oauth/revoke', configured, { revocationEndpoint: elsewhere })
    ).toThrow(
      `input 'revoke' is true, but the metadata of issuer ${issuer} names a revocation_endpoint on https://revoke.example.net, not on the token endpoint's origin https://sso.example.com: the action sends client credentials to that origin only; set revoke: false`
    )
  })

  it('says what is wrong with a revocation_endpoint the metadata names but the action cannot use', () => {
    const issuer = 'https://sso.example.com'
    expect(() =>
      revocationEndpoint(
        '',
        '/oauth/revoke',
        { ...config(), issuer },
        {
          revocationProblem:
            'a revocation_endpoint that uses plain http:// (sso.example.com), which would send credentials unencrypted'
        }
      )
    ).toThrow(
      `input 'revoke' is true, but the metadata of issuer ${issuer} names a revocation_endpoint that uses plain http:// (sso.example.com), which would send credentials unencrypted: set revoke: false, or use host, token-path and revoke-path instead of issuer`
    )
  })

  it("with issuer, takes only the metadata's revocation_endpoint, and says so when there is none", () => {
    const issuer = 'https://sso.example.com/realms/ci'
    const discovered = new URL(`${issuer}/protocol/openid-connect/revoke`)
    const configured = { ...config(), issuer, tokenUrl: new URL(`${issuer}/protocol/token`) }
    expect(
      revocationEndpoint('', '/oauth/revoke', configured, { revocationEndpoint: discovered })
    ).toBe(discovered)
    expect(() => revocationEndpoint('', '/oauth/revoke', { ...config(), issuer })).toThrow(
      `input 'revoke' is true, but the metadata of issuer ${issuer} names no revocation_endpoint: set revoke: false, or use host, token-path and revoke-path instead of issuer`
    )
  })

  it('refuses plain http off loopback unless allowed, as for the token endpoint', () => {
    expect(() =>
      revocationEndpoint('http://auth.example.com', '/oauth/revoke', {
        ...config(),
        allowInsecureHttp: false
      })
    ).toThrow(ActionError)
    expect(
      revocationEndpoint('http://auth.example.com', '/oauth/revoke', {
        ...config(),
        allowInsecureHttp: true
      }).href
    ).toBe('http://auth.example.com/oauth/revoke')
  })
})

describe('buildRevocationRequest', () => {
  const url = new URL('https://auth.example.com/tenant/oauth/revoke')

  it('posts token and token_type_hint, form-encoded, with the client in the body', () => {
    const request = buildRevocationRequest(config(), url, ACCESS)
    expect(request.url).toBe(url)
    expect(request.headers).toEqual({
      Accept: 'application/json',
      'User-Agent': 'oauth2-token-action',
      'Content-Type': 'application/x-www-form-urlencoded'
    })
    expect(request.body).toBe(
      'token=access-token-VALUE&token_type_hint=access_token&client_id=client+1&client_secret=client-secret-VALUE'
    )
  })

  it('authenticates with HTTP Basic exactly as the token request does', () => {
    const basic = config({ 'client-auth': 'basic', 'body-format': 'json' })
    const request = buildRevocationRequest(basic, url, { ...ACCESS, hint: 'refresh_token' })
    expect(request.headers.Authorization).toBe(clientAuthentication(basic).headers.Authorization)
    expect(request.headers.Authorization).toBe(
      `Basic ${Buffer.from(`client+1:${SECRET}`).toString('base64')}`
    )
    expect(form(request)).toEqual({ token: 'access-token-VALUE', token_type_hint: 'refresh_token' })
  })

  it('sends headers to the token endpoint origin only', () => {
    const withHeaders = config({ headers: 'X-Api-Key: gateway-key\nauthorization: Bearer x' })
    expect(buildRevocationRequest(withHeaders, url, ACCESS).headers).toEqual({
      Accept: 'application/json',
      'User-Agent': 'oauth2-token-action',
      'X-Api-Key': 'gateway-key',
      authorization: 'Bearer x',
      'Content-Type': 'application/x-www-form-urlencoded'
    })
    const elsewhere = new URL('https://revoke.example.net/revoke')
    expect(buildRevocationRequest(withHeaders, elsewhere, ACCESS).headers).toEqual({
      Accept: 'application/json',
      'User-Agent': 'oauth2-token-action',
      'Content-Type': 'application/x-www-form-urlencoded'
    })
  })

  it('passes on a client assertion from extra-params, and no other extra param', () => {
    const assertion = config({
      'grant-type': 'client_credentials',
      'client-secret': '',
      'extra-params':
        'client_assertion_type=urn:ietf:params:oauth:client-assertion-type:jwt-bearer\nclient_assertion=eyJ.a.b\nresource=urn:api'
    })
    expect(form(buildRevocationRequest(assertion, url, ACCESS))).toEqual({
      token: 'access-token-VALUE',
      token_type_hint: 'access_token',
      client_id: 'client 1',
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: 'eyJ.a.b'
    })
  })
})

describe('revokeToken', () => {
  const request = buildRevocationRequest(
    config(),
    new URL('https://auth.example.com/oauth/revoke'),
    ACCESS
  )

  function fake(answers: (HttpResponse | TransportError)[]) {
    const sent: SendOptions[] = []
    const requests: HttpRequest[] = []
    const sleeps: number[] = []
    const deps = {
      send: async (request: HttpRequest, options: SendOptions): Promise<HttpResponse> => {
        sent.push(options)
        requests.push(request)
        const answer = answers.shift()
        if (!answer) throw new Error('no more answers')
        if (answer instanceof TransportError) throw answer
        return answer
      },
      clock: {
        now: () => 0,
        sleep: async (ms: number) => {
          sleeps.push(ms)
        },
        random: () => 0.5
      }
    }
    return { deps, sent, requests, sleeps }
  }

  const answer = (status: number, body: unknown = ''): HttpResponse => ({
    status,
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body)
  })

  it('is done at 200, with the timeout of the token request, in one attempt', async () => {
    const { deps, sent, sleeps } = fake([answer(200)])
    expect(await revokeToken(request, config({ timeout: '7' }), [], deps)).toEqual({
      revoked: true
    })
    expect(sent).toEqual([{ timeoutMs: 7000, ca: undefined }])
    expect(sleeps).toEqual([])
  })

  it('trusts what the token request trusts: ca-certificate on top of the default store', async () => {
    const { deps, sent } = fake([answer(200)])
    const withCa = config({ 'ca-certificate': TEST_CA })
    expect(await revokeToken(request, withCa, [], deps)).toEqual({ revoked: true })
    const ca = sent[0]?.ca ?? []
    expect(ca.slice(0, rootCertificates.length)).toEqual(rootCertificates)
    expect(ca.at(-1)?.replace(/\s/g, '')).toBe(TEST_CA.replace(/\s/g, ''))
  })

  it('tries a 503 once more after a second', async () => {
    const { deps, sent, sleeps } = fake([answer(503), answer(200)])
    expect(await revokeToken(request, config(), [], deps)).toEqual({ revoked: true })
    expect(sent).toHaveLength(2)
    expect(sleeps).toEqual([1000])
  })

  const limited = (retryAfter?: string): HttpResponse => ({
    status: 429,
    headers: {
      'content-type': 'application/json',
      ...(retryAfter === undefined ? {} : { 'retry-after': retryAfter })
    },
    body: JSON.stringify({ error: 'rate_limited' })
  })

  it("tries a 429 once more after a second, then names the server's rate limit, not a later try", async () => {
    const { deps, sent, sleeps } = fake([limited(), limited()])
    expect(await revokeToken(request, config(), [], deps)).toEqual({
      revoked: false,
      after: ' after 2 attempts',
      reason: "HTTP 429 rate_limited; check the server's rate limit"
    })
    expect(sent).toHaveLength(2)
    expect(sleeps).toEqual([1000])
  })

  /* The token request's cap (retry.ts): a post step waits no longer, once per token. */
  it.each<[string, HttpResponse, number]>([
    ['a 429', limited('7'), 7000],
    ['a 503', { ...answer(503), headers: { 'retry-after': '3' } }, 3000],
    ['a 429, as an HTTP date', limited('Thu, 01 Jan 1970 00:00:05 GMT'), 5000],
    ['a 429, at the cap', limited(String(MAX_RETRY_AFTER_MS / 1000)), MAX_RETRY_AFTER_MS],
    ['a 429 (under a second)', limited('0'), 1000]
  ])('waits out the Retry-After of %s, then tries once more', async (_what, first, wait) => {
    const { deps, sent, sleeps } = fake([first, answer(200)])
    expect(await revokeToken(request, config(), [], deps)).toEqual({ revoked: true })
    expect(sent).toHaveLength(2)
    expect(sleeps).toEqual([wait])
  })

  it("waits out a Retry-After given as an HTTP date from the clock's now, not from 1970", async () => {
    const { deps, sent, sleeps } = fake([limited('Sat, 28 Nov 2026 12:00:05 GMT'), answer(200)])
    const clock = { ...deps.clock, now: () => Date.parse('2026-11-28T12:00:00Z') }
    expect(await revokeToken(request, config(), [], { ...deps, clock })).toEqual({
      revoked: true
    })
    expect(sent).toHaveLength(2)
    expect(sleeps).toEqual([5000])
  })

  it.each<[string, HttpResponse]>([
    ['a 429', limited(String(MAX_RETRY_AFTER_MS / 1000 + 1))],
    ['a 503', { ...answer(503), headers: { 'retry-after': '3600' } }]
  ])("does not wait out %s's Retry-After over the token request's cap", async (_what, first) => {
    const { deps, sent, sleeps } = fake([first, answer(200)])
    const result = await revokeToken(request, config(), [], deps)
    expect(result.revoked).toBe(false)
    expect(sent).toHaveLength(1)
    expect(sleeps).toEqual([])
  })

  /* RFC 7009 section 2.2: the body of a 200 is ignored; but a whole HTML page is not the
   * endpoint's answer. An empty text/html body is Django's HttpResponse() (Django OAuth
   * Toolkit's). */
  it.each<[string, string, string, string | undefined]>([
    [
      'a sign-in page',
      'text/html; charset=utf-8',
      '<!DOCTYPE html><title>Sign in</title>',
      'HTTP 200 (text/html): Sign in; check host and revoke-path'
    ],
    [
      'a page without a doctype',
      'text/html',
      '<HTML><body>Log in</body></HTML>',
      'HTTP 200 (text/html): Log in; check host and revoke-path'
    ],
    ['an empty text/html body', 'text/html; charset=utf-8', '', undefined],
    ['an HTML fragment', 'text/html', '<p>ok</p>', undefined],
    ['JSON', 'application/json', '{}', undefined],
    ['plain text', 'text/plain', 'OK', undefined]
  ])('a 200 with %s (%s, %j): %s', async (_what, type, body, reason) => {
    const { deps, sent } = fake([{ status: 200, headers: { 'content-type': type }, body }])
    expect(await revokeToken(request, config(), [], deps)).toEqual(
      reason === undefined ? { revoked: true } : { revoked: false, reason }
    )
    expect(sent).toHaveLength(1)
  })

  it("with issuer, a failure names the metadata's revocation_endpoint, not its token_endpoint", async () => {
    const refused = new TransportError('connect ECONNREFUSED 10.0.0.1:443', 'ECONNREFUSED')
    const { deps } = fake([refused, refused])
    const withIssuer = { ...config(), issuer: 'https://sso.example.com' }
    expect(await revokeToken(request, withIssuer, [], deps)).toEqual({
      revoked: false,
      after: ' after 2 attempts',
      reason:
        "connect ECONNREFUSED 10.0.0.1:443; check the revocation_endpoint in the metadata of input 'issuer' and that the server is up",
      unreachable: true
    })
  })

  // A client assertion's jti may be used once: the retry carries a fresh one.
  it('sends the retry with the new credentials renew makes', async () => {
    const { deps, requests } = fake([answer(503), answer(200)])
    const renewed: HttpRequest = { ...request, body: `${request.body}&client_assertion=fresh` }
    const renew = async (): Promise<HttpRequest> => renewed
    expect(await revokeToken(request, config(), [], deps, renew)).toEqual({ revoked: true })
    expect(requests).toEqual([request, renewed])
  })

  it('resends the first request when new credentials for the retry cannot be had', async () => {
    const { deps, requests } = fake([answer(503), answer(200)])
    const renew = async (): Promise<HttpRequest> => {
      throw new Error('GitHub gave no ID token')
    }
    expect(await revokeToken(request, config(), [], deps, renew)).toEqual({ revoked: true })
    expect(requests).toEqual([request, request])
  })

  /* A proxy's 429 or 503 to CONNECT (proxy.ts, tunnelRefused): its Retry-After, as a server's. */
  const proxyRefused = (status: number, retryAfter: string): TransportError =>
    new TransportError(
      `proxy 127.0.0.1:3128 refused the tunnel to auth.example.com:443 with HTTP ${status}: it is busy or limits requests; try again later, or check HTTPS_PROXY and NO_PROXY`,
      'EPROXYUPSTREAM',
      '127.0.0.1:3128',
      undefined,
      { status, headers: { 'retry-after': retryAfter } }
    )

  it.each([429, 503])("waits out a proxy's Retry-After to CONNECT (HTTP %i)", async status => {
    const { deps, sent, sleeps } = fake([proxyRefused(status, '7'), answer(200)])
    expect(await revokeToken(request, config(), [], deps)).toEqual({ revoked: true })
    expect(sent).toHaveLength(2)
    expect(sleeps).toEqual([7000])
  })

  it("does not wait out a proxy's Retry-After over the cap, and does not say to try again later", async () => {
    const { deps, sent, sleeps } = fake([proxyRefused(429, '3600'), answer(200)])
    expect(await revokeToken(request, config(), [], deps)).toEqual({
      revoked: false,
      reason:
        'proxy 127.0.0.1:3128 refused the tunnel to auth.example.com:443 with HTTP 429: it is busy or limits requests; check HTTPS_PROXY and NO_PROXY',
      unreachable: true
    })
    expect(sent).toHaveLength(1)
    expect(sleeps).toEqual([])
  })

  it('tries a network error once more', async () => {
    const reset = new TransportError('socket hang up', 'ECONNRESET')
    const { deps, sent } = fake([reset, answer(200)])
    expect(await revokeToken(request, config(), [], deps)).toEqual({ revoked: true })
    expect(sent).toHaveLength(2)
  })

  it.each([
    [
      'a certificate it cannot trust',
      new TransportError(
        'unable to verify the first certificate',
        'UNABLE_TO_VERIFY_LEAF_SIGNATURE'
      )
    ],
    [
      "a proxy's refusal of the tunnel",
      new TransportError(
        'proxy 127.0.0.1:3128 refused the tunnel to auth.example.com:443 with HTTP 403; the proxy forbids that host or port: check HTTPS_PROXY and NO_PROXY',
        'EPROXYREFUSED',
        '127.0.0.1:3128'
      )
    ]
  ])('does not try %s again, as the token request would not', async (_what, error) => {
    const { deps, sent, sleeps } = fake([error, answer(200)])
    expect(await revokeToken(request, config(), [], deps)).toMatchObject({ revoked: false })
    expect(sent).toHaveLength(1)
    expect(sleeps).toEqual([])
  })

  it('gives up after the second 503, with what the server said', async () => {
    const { deps, sent } = fake([answer(503), answer(503, { error: 'temporarily_unavailable' })])
    expect(await revokeToken(request, config(), [], deps)).toEqual({
      revoked: false,
      after: ' after 2 attempts',
      reason: 'HTTP 503 temporarily_unavailable; check the server'
    })
    expect(sent).toHaveLength(2)
  })

  it.each<[number, unknown, string]>([
    [
      400,
      { error: 'unsupported_token_type' },
      'HTTP 400 unsupported_token_type; the server cannot revoke this token type: set revoke: false if it revokes no other'
    ],
    [
      403,
      { error: 'unsupported_token_type', error_description: 'Access tokens cannot be revoked.' },
      'HTTP 403 unsupported_token_type: Access tokens cannot be revoked. The server cannot revoke this token type: set revoke: false if it revokes no other'
    ],
    [
      401,
      { error: 'invalid_client' },
      'HTTP 401 invalid_client; check client-id, client-secret and client-auth'
    ],
    [
      400,
      { error: 'invalid_client', error_description: 'Client authentication failed' },
      'HTTP 400 invalid_client: Client authentication failed; check client-id, client-secret and client-auth'
    ],
    [
      401,
      '',
      'HTTP 401 (application/json) with an empty body; check client-id, client-secret and client-auth'
    ],
    /* As the token request names host and token-path: a host with a base path adds to the URL. */
    [404, '', 'HTTP 404 (application/json) with an empty body; check host and revoke-path'],
    [
      405,
      { error: 'method_not_allowed' },
      'HTTP 405 method_not_allowed; check host and revoke-path'
    ],
    /* A post step cannot try again later: the job is over. */
    [500, { error: 'server_error' }, 'HTTP 500 server_error; check the server'],
    /* As the token request's, but for what the revocation does not send: the body is always a
     * form, and there is no grant to allow (a 403: Doorkeeper's to a token of another client). */
    [
      400,
      { error: 'invalid_request' },
      'HTTP 400 invalid_request; check the request: client-auth and extra-params'
    ],
    /* RFC 7009 section 2.2 answers 200 for a token the server no longer knows; older servers
     * answered 400 invalid_token or invalid_grant: the request is not what to check. */
    [
      400,
      { error: 'invalid_token' },
      'HTTP 400 invalid_token; the server says it is already invalid'
    ],
    [
      400,
      { error: 'invalid_grant', error_description: 'Token was revoked.' },
      'HTTP 400 invalid_grant: Token was revoked. The server says it is already invalid'
    ],
    /* A token endpoint's answer to a request without grant_type, LemonLDAP::NG 2.16's and
     * Doorkeeper 5.5's (checked on loopback): revoke-path names the token endpoint. */
    [
      400,
      { error: 'unsupported_grant_type' },
      "HTTP 400 unsupported_grant_type; this is a token endpoint's answer: check host and revoke-path"
    ],
    [
      400,
      { error: 'invalid_request', error_description: 'Missing required parameter: grant_type.' },
      "HTTP 400 invalid_request: Missing required parameter: grant_type. This is a token endpoint's answer: check host and revoke-path"
    ],
    [
      400,
      '',
      'HTTP 400 (application/json) with an empty body; check the request: client-auth and extra-params'
    ],
    [
      403,
      { error: 'unauthorized_client' },
      'HTTP 403 unauthorized_client; check client-id, client-secret and client-auth'
    ],
    [
      403,
      '',
      'HTTP 403 (application/json) with an empty body; check client-id, client-secret and client-auth'
    ],
    [
      501,
      '',
      'HTTP 501 (application/json) with an empty body; check the server, and host and revoke-path'
    ],
    [502, '', 'HTTP 502 (application/json) with an empty body; check the server'],
    [408, '', 'HTTP 408 (application/json) with an empty body; check the server'],
    /* Over a limit: the body is mostly the token (no extra-params but an assertion); the URL is
     * host and revoke-path; the headers are those of the token request. */
    [
      413,
      '',
      'HTTP 413 (application/json) with an empty body; the request is too large for the server or a proxy in front of it: raise its limit to fit the token'
    ],
    [
      414,
      '',
      'HTTP 414 (application/json) with an empty body; the URL is too long for the server: check host and revoke-path'
    ],
    [
      431,
      '',
      "HTTP 431 (application/json) with an empty body; the request's headers are too large for the server: check headers"
    ],
    /* RFC 7009's form body refused: not a revocation endpoint (never body-format, which it
     * does not read). */
    [
      415,
      '',
      'HTTP 415 (application/json) with an empty body; the server refuses the form body OAuth defines: check host and revoke-path'
    ],
    /* Any other status below 500 names nothing the user can change: the answer alone. */
    [409, '', 'HTTP 409 (application/json) with an empty body'],
    [410, { error: 'invalid_foo' }, 'HTTP 410 invalid_foo'],
    /* Laravel's 422 to a request that fails its validation, as its 400. */
    [
      422,
      { message: 'The token field is required.' },
      'HTTP 422: The token field is required. Check the request: client-auth and extra-params'
    ]
  ])('does not retry HTTP %i, and says why it failed', async (status, body, reason) => {
    const { deps, sent } = fake([answer(status, body)])
    expect(await revokeToken(request, config(), [], deps)).toEqual({ revoked: false, reason })
    expect(sent).toHaveLength(1)
  })

  it.each<[string, Record<string, string>, string]>([
    [
      'basic with a secret that form-encoding changes',
      { 'client-auth': 'basic', 'client-secret': 'a+b/c=' },
      'check client-id and client-secret; client-auth basic form-encodes them (RFC 6749 section 2.3.1), which some servers do not decode: try client-auth: body'
    ],
    [
      'private-key-jwt',
      {
        'client-auth': 'private-key-jwt',
        'client-secret': '',
        'private-key': privateKeyPem('ec', 'pkcs8')
      },
      'check client-id, private-key and key-id, and that the server has the public key and takes this URL as aud'
    ]
  ])(
    'advises on a 401 as the token request does, by client-auth (%s)',
    async (_name, inputs, advice) => {
      const { deps } = fake([answer(401, { error: 'invalid_client' })])
      expect(await revokeToken(request, config(inputs), [], deps)).toEqual({
        revoked: false,
        reason: `HTTP 401 invalid_client; ${advice}`
      })
    }
  )

  it("advises on an HTML 403 as the token request does: something in front of the server's", async () => {
    const { deps } = fake([
      { status: 403, headers: { 'content-type': 'text/html' }, body: '<h1>Access denied</h1>' }
    ])
    expect(await revokeToken(request, config(), [], deps)).toEqual({
      revoked: false,
      reason:
        'HTTP 403 (text/html): <h1>Access denied</h1>; a firewall or proxy in front of the server may block the request; else check host and revoke-path'
    })
  })

  // A plain-http request goes to the proxy (HTTP_PROXY), which may answer it itself.
  it.each<[string, boolean | undefined, string]>([
    [
      'without credentials',
      false,
      'the proxy asks for credentials: put them in HTTP_PROXY (http://<user>:<password>@host:port)'
    ],
    [
      'with credentials',
      true,
      'the proxy rejected the credentials in HTTP_PROXY: check the user and password there'
    ],
    [
      'from a proxy further on',
      undefined,
      'a proxy on the way to the server asks for credentials: set HTTP_PROXY to http://<user>:<password>@host:port'
    ]
  ])(
    "advises on a proxy's 407 %s as the token request does",
    async (_name, credentials, advice) => {
      const refused: HttpResponse = {
        status: 407,
        headers: { 'content-type': 'text/plain' },
        body: 'credentials needed',
        ...(credentials === undefined ? {} : { proxyCredentials: credentials })
      }
      const { deps, sent } = fake([refused])
      const plain = config({ host: 'http://auth.example.com', 'allow-insecure-http': 'true' })
      expect(await revokeToken(request, plain, [], deps)).toEqual({
        revoked: false,
        reason: `HTTP 407 (text/plain): credentials needed; ${advice}`
      })
      expect(sent).toHaveLength(1)
    }
  )

  it("never advises body-format on a 415, whatever it says: the revocation's body is always a form", async () => {
    const { deps } = fake([
      {
        status: 415,
        headers: { 'content-type': 'text/plain' },
        body: "Content type 'application/x-www-form-urlencoded;charset=UTF-8' not supported"
      }
    ])
    expect(await revokeToken(request, config({ 'body-format': 'json' }), [], deps)).toEqual({
      revoked: false,
      reason:
        "HTTP 415 (text/plain): Content type 'application/x-www-form-urlencoded;charset=UTF-8' not supported; the server refuses the form body OAuth defines: check host and revoke-path"
    })
  })

  it('names client-id and client-secret on a 431 with client-auth basic, which sends them in a header', async () => {
    const { deps } = fake([answer(431)])
    expect(await revokeToken(request, config({ 'client-auth': 'basic' }), [], deps)).toEqual({
      revoked: false,
      reason:
        "HTTP 431 (application/json) with an empty body; the request's headers are too large for the server: check headers, and client-id and client-secret, which client-auth basic sends in one"
    })
  })

  it("with issuer, points a 404 at the metadata's revocation_endpoint: revoke-path cannot be set", async () => {
    const { deps } = fake([answer(404, { error: 'nf' })])
    const configured = { ...config(), issuer: 'https://sso.example.com' }
    expect(await revokeToken(request, configured, [], deps)).toEqual({
      revoked: false,
      reason: "HTTP 404 nf; check the revocation_endpoint in the metadata of input 'issuer'"
    })
  })

  it("with issuer, points a token endpoint's 400 at the metadata's revocation_endpoint", async () => {
    const { deps } = fake([answer(400, { error: 'unsupported_grant_type' })])
    const configured = { ...config(), issuer: 'https://sso.example.com' }
    expect(await revokeToken(request, configured, [], deps)).toEqual({
      revoked: false,
      reason:
        "HTTP 400 unsupported_grant_type; this is a token endpoint's answer: check the revocation_endpoint in the metadata of input 'issuer'"
    })
  })

  it('counts a 2xx cut off before the end of its body as revoked, without retry', async () => {
    const cut = new TransportError(
      'connection closed before the response was complete',
      'ECONNRESET',
      undefined,
      200
    )
    const { deps, sent } = fake([cut])
    expect(await revokeToken(request, config(), [], deps)).toEqual({ revoked: true })
    expect(sent).toHaveLength(1)
  })

  it.each([
    [302, 'a redirect'],
    [401, 'a refusal'],
    [500, 'a 5xx other than 503']
  ])(
    'does not retry HTTP %i cut off before its end (%s), as it would not a whole one, nor call the endpoint unreachable',
    async status => {
      const cut = new TransportError(
        'connection closed before the response was complete',
        'ECONNRESET',
        undefined,
        status
      )
      const { deps, sent, sleeps } = fake([cut, answer(200)])
      expect(await revokeToken(request, config(), [], deps)).toEqual({
        revoked: false,
        reason: `HTTP ${status} answer cut off before its end: ECONNRESET: connection closed before the response was complete; the connection was cut: check the server, and any proxy or firewall on the way`,
        unreachable: false
      })
      expect(sent).toHaveLength(1)
      expect(sleeps).toEqual([])
    }
  )

  it('tries a 503 cut off before its end once more, as a whole one', async () => {
    const cut = new TransportError('aborted', 'ECONNRESET', undefined, 503)
    const { deps, sent } = fake([cut, answer(200)])
    expect(await revokeToken(request, config(), [], deps)).toEqual({ revoked: true })
    expect(sent).toHaveLength(2)
  })

  it.each([
    ['too large to read', 'EBODYTOOLARGE'],
    ['that does not decode', 'EENCODING']
  ])('counts a 2xx with a body %s as revoked, without retry', async (_what, code) => {
    const unreadable = new TransportError('cannot read the body', code, undefined, undefined, {
      status: 200,
      headers: {}
    })
    const { deps, sent } = fake([unreadable])
    expect(await revokeToken(request, config(), [], deps)).toEqual({ revoked: true })
    expect(sent).toHaveLength(1)
  })

  it('masks a secret the server echoes', async () => {
    const { deps } = fake([
      answer(400, { error: 'invalid_request', error_description: `bad token ${ACCESS.token}` })
    ])
    expect(await revokeToken(request, config(), [ACCESS.token], deps)).toEqual({
      revoked: false,
      reason:
        'HTTP 400 invalid_request: bad token ***; check the request: client-auth and extra-params'
    })
  })

  it("masks a secret in a failure below HTTP, such as a certificate's names the server chose", async () => {
    const altnames = new TransportError(
      `Hostname/IP does not match certificate's altnames: Host: auth.example.com. is not in the cert's altnames: DNS:${ACCESS.token}`,
      'ERR_TLS_CERT_ALTNAME_INVALID'
    )
    const { deps, sent } = fake([altnames])
    const result = await revokeToken(request, config(), [ACCESS.token], deps)
    expect(JSON.stringify(result)).not.toContain(ACCESS.token)
    expect(result).toEqual({
      revoked: false,
      reason:
        "ERR_TLS_CERT_ALTNAME_INVALID: Hostname/IP does not match certificate's altnames: Host: auth.example.com. is not in the cert's altnames: DNS:***; the certificate is not for auth.example.com: use the name it was issued for in input 'host' (or OAUTH_HOST)",
      unreachable: true
    })
    expect(sent).toHaveLength(1)
  })

  it('names a network failure after the second attempt', async () => {
    const refused = new TransportError('connect ECONNREFUSED 127.0.0.1:9', 'ECONNREFUSED')
    const { deps } = fake([refused, refused])
    expect(await revokeToken(request, config(), [], deps)).toEqual({
      revoked: false,
      after: ' after 2 attempts',
      reason:
        "connect ECONNREFUSED 127.0.0.1:9; check input 'host' (or OAUTH_HOST) and that the server is up",
      unreachable: true
    })
  })

  it.each([204, 202])('takes HTTP %i for revoked, as any 2xx', async status => {
    const { deps, sent } = fake([{ status, headers: {}, body: '' }])
    expect(await revokeToken(request, config(), [], deps)).toEqual({ revoked: true })
    expect(sent).toHaveLength(1)
  })

  it('names where a redirect goes, and does not follow it', async () => {
    const { deps, sent } = fake([
      { status: 302, headers: { location: 'https://auth.example.com/oauth2/revoke' }, body: '' }
    ])
    expect(await revokeToken(request, config(), [], deps)).toEqual({
      revoked: false,
      reason:
        'HTTP 302 redirect to https://auth.example.com/oauth2/revoke; redirects are not followed because the body holds credentials: set host and revoke-path to the final URL'
    })
    expect(sent).toHaveLength(1)
  })

  it('takes HTTP 300 for a redirect, not for revoked', async () => {
    const { deps } = fake([{ status: 300, headers: {}, body: '' }])
    expect(await revokeToken(request, config(), [], deps)).toEqual({
      revoked: false,
      reason:
        'HTTP 300 redirect; redirects are not followed because the body holds credentials: set host and revoke-path to the final URL'
    })
  })

  it('masks a secret in where a redirect goes', async () => {
    const location = `https://auth.example.com/revoked?token=${ACCESS.token}`
    const { deps } = fake([{ status: 302, headers: { location }, body: '' }])
    const result = await revokeToken(request, config(), [ACCESS.token], deps)
    expect(result).toEqual({ revoked: false, reason: expect.stringContaining('?token=***;') })
    expect(JSON.stringify(result)).not.toContain(ACCESS.token)
  })
})
