// Integration against a real OAuth 2.0 server from npm (@node-oauth/oauth2-server), started on
// loopback, with the BUILT action (dist/index.js) run exactly as the GitHub runner runs it.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import {
  type ActionRun,
  actionDefaults,
  findLeaks,
  maskedValues,
  runAction
} from '../scripts/runner.mjs'
import {
  ACCESS_TOKEN_LIFETIME,
  type ReceivedRequest,
  RESOURCE_PATH,
  type StoredToken,
  TOKEN_PATH,
  type TestOAuth2Server,
  randomSecret,
  startOAuth2Server
} from './support/oauth2-server.js'

type ClientAuth = 'body' | 'basic'

interface Result {
  readonly run: ActionRun
  /** The requests the server received during this run. */
  readonly requests: ReceivedRequest[]
  readonly startedAt: number
  readonly endedAt: number
}

let server: TestOAuth2Server

beforeAll(async () => {
  server = await startOAuth2Server()
})

afterAll(async () => {
  await server.close()
})

/**
 * Runs the action with action.yml's defaults, these inputs, and body-format form; with step
 * debug logging on (as `ACTIONS_STEP_DEBUG: true` does), so debug lines are scanned for leaks too.
 */
async function runAgainstServer(
  inputs: Record<string, string>,
  target: TestOAuth2Server = server
): Promise<Result> {
  const before = target.requests.length
  const startedAt = Date.now()
  const run = await runAction(
    {
      ...actionDefaults(),
      host: target.url,
      'token-path': TOKEN_PATH,
      'client-id': target.client.id,
      'body-format': 'form',
      ...inputs
    },
    { RUNNER_DEBUG: '1' }
  )
  const endedAt = Date.now()
  // Debug lines were written (one per answer), so the leak checks scan them too.
  expect(run.stdout).toMatch(/^::debug::Answer: HTTP \d+ /m)
  return { run, requests: target.requests.slice(before), startedAt, endedAt }
}

function passwordInputs(clientAuth: ClientAuth, extra: Record<string, string> = {}) {
  return {
    'grant-type': 'password',
    'client-auth': clientAuth,
    'client-secret': server.client.secret,
    username: server.user.username,
    password: server.user.password,
    ...extra
  }
}

function basicHeader(id: string, secret: string): string {
  return `Basic ${Buffer.from(`${id}:${secret}`, 'utf8').toString('base64')}`
}

/** The one token request of a run, checked for what both client-auth methods promise. */
function tokenRequest(result: Result, clientAuth: ClientAuth, secret: string): ReceivedRequest {
  // Exactly one request: nothing retried, nothing redirected.
  expect(result.requests.map(r => `${r.method} ${r.path}`)).toEqual([`POST ${TOKEN_PATH}`])
  const [request] = result.requests
  if (!request) throw new Error('no request')
  expect(request.headers['content-type']).toBe('application/x-www-form-urlencoded')
  expect(request.headers.accept).toBe('application/json')
  // The server parsed the body itself: it is a real form body.
  expect(new URLSearchParams(request.rawBody).get('grant_type')).toBe(request.body.grant_type)

  if (clientAuth === 'basic') {
    // RFC 6749 §2.3.1: the client authenticates in the header alone.
    expect(request.headers.authorization).toBe(basicHeader(server.client.id, secret))
    expect(request.body).not.toHaveProperty('client_secret')
    expect(request.body).not.toHaveProperty('client_id')
    expect(request.rawBody).not.toContain(secret)
  } else {
    expect(request.headers.authorization).toBeUndefined()
    expect(request.body.client_id).toBe(server.client.id)
    expect(request.body.client_secret).toBe(secret)
  }
  // The server authenticated the client with exactly the credentials it was given, wherever
  // they came from.
  expect(server.clientLookups.at(-1)).toEqual({ clientId: server.client.id, clientSecret: secret })
  return request
}

/** What the server stored for the token it issued in this request. */
function storedToken(request: ReceivedRequest): StoredToken {
  expect(request.status).toBe(200)
  const accessToken = request.response.access_token
  expect(typeof accessToken).toBe('string')
  const stored = server.issued.find(t => t.accessToken === accessToken)
  if (!stored) throw new Error(`the server stored no token ${String(accessToken)}`)
  return stored
}

/** The outputs and env export of a successful run, against what the server issued. */
function expectTokenPublished(
  result: Result,
  request: ReceivedRequest,
  expected: { refreshToken: boolean; scope: string }
): StoredToken {
  const { run } = result
  expect(run.stderr).toBe('')
  expect(run.code).toBe(0)
  expect(run.stdout).not.toMatch(/^::(error|warning)::/m)
  const stored = storedToken(request)

  const { outputs } = run
  expect(outputs['access-token']).toBe(stored.accessToken)
  expect(outputs['token-type']).toBe('Bearer')
  expect(outputs.authorization).toBe(`Bearer ${stored.accessToken}`)

  // expires-in as the server sent it (node-oauth2-server rounds the lifetime left down).
  const expiresIn = request.response.expires_in
  expect(typeof expiresIn).toBe('number')
  expect(outputs['expires-in']).toBe(String(expiresIn))
  expect(Number(outputs['expires-in'])).toBeGreaterThan(ACCESS_TOKEN_LIFETIME - 10)
  expect(Number(outputs['expires-in'])).toBeLessThanOrEqual(ACCESS_TOKEN_LIFETIME)

  // expires-at: an ISO 8601 UTC instant, when the request was sent plus expires_in.
  const expiresAt = outputs['expires-at'] ?? ''
  expect(expiresAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/)
  const at = Date.parse(expiresAt)
  const lifetimeMs = Number(expiresIn) * 1000
  expect(at).toBeGreaterThanOrEqual(Math.floor((result.startedAt + lifetimeMs) / 1000) * 1000)
  expect(at).toBeLessThanOrEqual(result.endedAt + lifetimeMs)
  // ... and within seconds of when the server says the token expires (it rounds expires_in
  // down, the action rounds expires-at down to the second, and the run takes some time).
  const serverExpiry = stored.accessTokenExpiresAt?.getTime() ?? NaN
  expect(Math.abs(at - serverExpiry)).toBeLessThanOrEqual(5000)

  if (expected.refreshToken) {
    expect(stored.refreshToken).toEqual(expect.any(String))
    expect(outputs['refresh-token']).toBe(stored.refreshToken)
  } else {
    expect(request.response).not.toHaveProperty('refresh_token')
    expect(outputs['refresh-token']).toBe('')
  }
  expect(outputs['id-token']).toBe('')
  expect(outputs.scope).toBe(expected.scope)
  expect(request.response.scope).toBe(expected.scope || undefined)

  // Later steps get the raw token in $ACCESS_TOKEN, and nothing else.
  expect(run.env).toEqual({ ACCESS_TOKEN: stored.accessToken })
  return stored
}

/**
 * No secret leaks: none outside `::add-mask::` (findLeaks); each one that shows up at all shows
 * up first in an `::add-mask::` command and is registered as a mask itself; and each one named
 * in `masked` is registered whether or not it shows up.
 */
function expectSecretsSafe(
  run: ActionRun,
  secrets: Record<string, string | undefined>,
  options: { masked?: readonly string[] } = {}
): void {
  const values = Object.values(secrets).filter((v): v is string => Boolean(v))
  expect(findLeaks(run, values)).toEqual([])

  const masks = maskedValues(run.stdout)
  const lines = run.stdout.split(/\r?\n/)
  // Each secret that shows up at all (those that never do have nothing to check).
  const shown = Object.entries(secrets).flatMap(([name, secret]) => {
    // A mask command escapes %, CR and LF; look for the secret as the runner decodes it too.
    const first = secret
      ? lines.find(
          line => line.includes(secret) || maskedValues(line).some(value => value.includes(secret))
        )
      : undefined
    if (first === undefined || !secret) return []
    return [
      {
        secret: name,
        firstAppearsInMaskCommand: first.startsWith('::add-mask::'),
        registered: masks.includes(secret)
      }
    ]
  })
  expect(shown).toEqual(
    shown.map(({ secret }) => ({ secret, firstAppearsInMaskCommand: true, registered: true }))
  )
  for (const name of options.masked ?? []) {
    // A name whose value is undefined has nothing to mask in this run (no basic header in body mode).
    if (!(name in secrets)) throw new Error(`no secret named ${name}`)
    const secret = secrets[name]
    if (secret === undefined) continue
    expect({ secret: name, masked: masks.includes(secret) }).toEqual({
      secret: name,
      masked: true
    })
  }
}

/** The secret inputs are masked before the action writes anything else. */
function expectInputsMaskedFirst(run: ActionRun, inputs: readonly string[]): void {
  const lines = run.stdout.split(/\r?\n/)
  const firstOther = lines.findIndex(line => !line.startsWith('::add-mask::'))
  const leading = maskedValues(
    lines.slice(0, firstOther < 0 ? lines.length : firstOther).join('\n')
  )
  for (const input of inputs) expect(leading).toContain(input)
}

/** The issued token works at the server's protected resource. */
async function expectTokenAccepted(authorization: string | undefined): Promise<void> {
  const response = await fetch(`${server.url}${RESOURCE_PATH}`, {
    headers: { Authorization: authorization ?? '' }
  })
  expect(response.status).toBe(200)
}

function errorLines(run: ActionRun): string[] {
  return run.stdout.split(/\r?\n/).filter(line => line.startsWith('::error::'))
}

describe.each<ClientAuth>(['body', 'basic'])('node-oauth2-server, client-auth %s', clientAuth => {
  it('gets a token with the password grant', async () => {
    const result = await runAgainstServer(passwordInputs(clientAuth, { scope: 'read write' }))
    const request = tokenRequest(result, clientAuth, server.client.secret)
    expect(request.body).toMatchObject({
      grant_type: 'password',
      username: server.user.username,
      password: server.user.password,
      scope: 'read write'
    })
    const stored = expectTokenPublished(result, request, {
      refreshToken: true,
      scope: 'read write'
    })
    expect(stored.user).toBe(server.user)
    await expectTokenAccepted(result.run.outputs.authorization)

    const secrets = {
      'client secret': server.client.secret,
      password: server.user.password,
      'access token': stored.accessToken,
      'refresh token': stored.refreshToken,
      authorization: `Bearer ${stored.accessToken}`,
      'basic header': clientAuth === 'basic' ? request.headers.authorization : undefined
    }
    expectSecretsSafe(result.run, secrets, { masked: Object.keys(secrets) })
    expectInputsMaskedFirst(result.run, [server.client.secret, server.user.password])
  })

  it('gets a token with the client_credentials grant', async () => {
    const result = await runAgainstServer({
      'grant-type': 'client_credentials',
      'client-auth': clientAuth,
      'client-secret': server.client.secret,
      scope: 'read'
    })
    const request = tokenRequest(result, clientAuth, server.client.secret)
    expect(request.body.grant_type).toBe('client_credentials')
    expect(request.body).not.toHaveProperty('username')
    expect(request.body).not.toHaveProperty('password')
    // RFC 6749 §4.4.3: no refresh token for client_credentials.
    const stored = expectTokenPublished(result, request, { refreshToken: false, scope: 'read' })
    expect(stored.user).toEqual({ id: `client:${server.client.id}`, clientOnly: true })
    await expectTokenAccepted(result.run.outputs.authorization)

    const secrets = {
      'client secret': server.client.secret,
      'access token': stored.accessToken,
      authorization: `Bearer ${stored.accessToken}`,
      'basic header': clientAuth === 'basic' ? request.headers.authorization : undefined
    }
    expectSecretsSafe(result.run, secrets, { masked: Object.keys(secrets) })
    expectInputsMaskedFirst(result.run, [server.client.secret])
  })

  it('refreshes a token with the refresh-token output of a password-grant run', async () => {
    const first = await runAgainstServer(passwordInputs(clientAuth, { scope: 'read' }))
    const firstToken = expectTokenPublished(
      first,
      tokenRequest(first, clientAuth, server.client.secret),
      {
        refreshToken: true,
        scope: 'read'
      }
    )
    const refreshToken = first.run.outputs['refresh-token'] ?? ''
    expect(refreshToken).toBe(firstToken.refreshToken)

    // A later step (or job) feeds the refresh token back in.
    const refreshInputs = {
      'grant-type': 'refresh_token',
      'client-auth': clientAuth,
      'client-secret': server.client.secret,
      'refresh-token': refreshToken
    }
    const second = await runAgainstServer(refreshInputs)
    const request = tokenRequest(second, clientAuth, server.client.secret)
    expect(request.body.grant_type).toBe('refresh_token')
    expect(request.body.refresh_token).toBe(refreshToken)
    expect(request.body).not.toHaveProperty('username')
    expect(request.body).not.toHaveProperty('password')
    // No scope asked for: the server grants the original one again, and the action says so.
    expect(request.body).not.toHaveProperty('scope')
    const stored = expectTokenPublished(second, request, { refreshToken: true, scope: 'read' })
    expect(stored.accessToken).not.toBe(firstToken.accessToken)
    expect(stored.refreshToken).not.toBe(refreshToken)
    expect(stored.user).toBe(server.user)
    // The server rotated the refresh token: the old one is gone.
    expect(server.refreshTokens.has(refreshToken)).toBe(false)
    await expectTokenAccepted(second.run.outputs.authorization)

    const secrets = {
      'client secret': server.client.secret,
      password: server.user.password,
      'first access token': firstToken.accessToken,
      'refresh token (input)': refreshToken,
      'access token': stored.accessToken,
      'new refresh token': stored.refreshToken,
      authorization: `Bearer ${stored.accessToken}`,
      'basic header': clientAuth === 'basic' ? request.headers.authorization : undefined
    }
    expectSecretsSafe(first.run, secrets)
    expectSecretsSafe(second.run, secrets, {
      masked: [
        'client secret',
        'refresh token (input)',
        'access token',
        'new refresh token',
        'authorization'
      ]
    })
    expectInputsMaskedFirst(second.run, [server.client.secret, refreshToken])

    // The used refresh token is refused now; the step fails and says what to check.
    const again = await runAgainstServer(refreshInputs)
    expect(again.run.code).toBe(1)
    expect(again.requests.map(r => r.status)).toEqual([400])
    expect(errorLines(again.run)).toEqual([
      expect.stringMatching(
        /^::error::Token request to http:\/\/127\.0\.0\.1:\d+\/oauth\/token failed: HTTP 400 invalid_grant: .*; check refresh-token\b/
      )
    ])
    expect(again.run.outputs).toEqual({})
    expect(again.run.env).toEqual({})
    expectSecretsSafe(again.run, secrets, { masked: ['client secret', 'refresh token (input)'] })
  })

  it('fails the step on a wrong password, naming invalid_grant and what to check', async () => {
    const wrongPassword = randomSecret('wrong-password')
    const result = await runAgainstServer(passwordInputs(clientAuth, { password: wrongPassword }))
    const request = tokenRequest(result, clientAuth, server.client.secret)
    expect(request.body.password).toBe(wrongPassword)
    expect(request.status).toBe(400)
    expect(request.response).toEqual({
      error: 'invalid_grant',
      error_description: 'Invalid grant: user credentials are invalid'
    })

    const { run } = result
    expect(run.code).toBe(1)
    const errors = errorLines(run)
    expect(errors).toHaveLength(1)
    expect(errors[0]).toBe(
      `::error::Token request to ${server.url}${TOKEN_PATH} failed: HTTP 400 invalid_grant: Invalid grant: user credentials are invalid; check username and password, and the user's account on the server`
    )
    expect(run.outputs).toEqual({})
    expect(run.env).toEqual({})

    const secrets = {
      'client secret': server.client.secret,
      'wrong password': wrongPassword,
      'real password': server.user.password,
      'basic header': clientAuth === 'basic' ? request.headers.authorization : undefined
    }
    expectSecretsSafe(run, secrets, {
      masked: ['client secret', 'wrong password'].concat(
        clientAuth === 'basic' ? ['basic header'] : []
      )
    })
    expectInputsMaskedFirst(run, [server.client.secret, wrongPassword])
  })

  it('fails the step on a wrong client secret, naming invalid_client and what to check', async () => {
    const wrongSecret = randomSecret('wrong-secret')
    const result = await runAgainstServer(
      passwordInputs(clientAuth, { 'client-secret': wrongSecret })
    )
    const request = tokenRequest(result, clientAuth, wrongSecret)
    // With Basic, RFC 6749 §5.2 says 401 and a WWW-Authenticate challenge; in the body, 400.
    const status = clientAuth === 'basic' ? 401 : 400
    expect(request.status).toBe(status)
    expect(request.responseHeaders['www-authenticate']).toBe(
      clientAuth === 'basic' ? 'Basic realm="Service"' : undefined
    )
    expect(request.response).toMatchObject({ error: 'invalid_client' })

    const { run } = result
    expect(run.code).toBe(1)
    expect(errorLines(run)).toEqual([
      `::error::Token request to ${server.url}${TOKEN_PATH} failed: HTTP ${status} invalid_client: Invalid client: client is invalid; check client-id, client-secret and client-auth`
    ])
    expect(run.outputs).toEqual({})
    expect(run.env).toEqual({})

    const secrets = {
      'wrong client secret': wrongSecret,
      'real client secret': server.client.secret,
      password: server.user.password,
      'basic header': clientAuth === 'basic' ? request.headers.authorization : undefined
    }
    expectSecretsSafe(run, secrets, {
      masked: ['wrong client secret', 'password'].concat(
        clientAuth === 'basic' ? ['basic header'] : []
      )
    })
    expectInputsMaskedFirst(run, [wrongSecret, server.user.password])
  })
})

describe('node-oauth2-server, other answers', () => {
  it('fails the step on a scope the client may not have, saying to check scope', async () => {
    const result = await runAgainstServer(passwordInputs('body', { scope: 'read admin' }))
    const request = tokenRequest(result, 'body', server.client.secret)
    expect(request.status).toBe(400)
    expect(result.run.code).toBe(1)
    expect(errorLines(result.run)).toEqual([
      `::error::Token request to ${server.url}${TOKEN_PATH} failed: HTTP 400 invalid_scope: Invalid scope: Requested scope is invalid; check scope`
    ])
    expectSecretsSafe(result.run, {
      'client secret': server.client.secret,
      password: server.user.password
    })
  })

  it.each<[string, Record<string, string>, string]>([
    [
      'an unknown client-id',
      { 'client-id': 'no-such-client' },
      'HTTP 400 invalid_client: Invalid client: client is invalid; check client-id, client-secret and client-auth'
    ],
    [
      'an unknown username',
      { username: 'nobody@example.com' },
      "HTTP 400 invalid_grant: Invalid grant: user credentials are invalid; check username and password, and the user's account on the server"
    ],
    [
      'a grant the client may not use',
      {
        'grant-type': 'authorization_code',
        'extra-params': 'code=abc123\nredirect_uri=http://127.0.0.1/callback'
      },
      'HTTP 400 unauthorized_client: Unauthorized client: `grant_type` is invalid; check client-id, and that the client may use grant-type authorization_code'
    ],
    [
      'a JSON body',
      { 'body-format': 'json' },
      'HTTP 400 invalid_request: Invalid request: content must be application/x-www-form-urlencoded; try body-format: form'
    ],
    [
      'a refresh token it does not know',
      {
        'grant-type': 'refresh_token',
        'refresh-token': 'rt-unknown-0123456789',
        username: '',
        password: ''
      },
      'HTTP 400 invalid_grant: Invalid grant: refresh token is invalid; check refresh-token: it may have expired, been used or revoked, or be for another client-id'
    ]
  ])('fails the step on %s, in one line that names what to fix', async (_what, extra, line) => {
    const result = await runAgainstServer(passwordInputs('body', extra))
    expect(result.requests.map(r => r.status)).toEqual([400])
    expect(errorLines(result.run)).toEqual([
      `::error::Token request to ${server.url}${TOKEN_PATH} failed: ${line}`
    ])
    expectSecretsSafe(result.run, {
      'client secret': server.client.secret,
      password: server.user.password,
      'refresh token': extra['refresh-token']
    })
  })

  it('fails the step on a token-path the server does not serve, naming host and token-path', async () => {
    const result = await runAgainstServer(passwordInputs('body', { 'token-path': '/oauth/tokn' }))
    expect(result.requests.map(r => `${r.path} ${r.status}`)).toEqual(['/oauth/tokn 404'])
    expect(errorLines(result.run)).toEqual([
      `::error::Token request to ${server.url}/oauth/tokn failed: HTTP 404 not_found: /oauth/tokn; check host and token-path`
    ])
    expectSecretsSafe(result.run, {
      'client secret': server.client.secret,
      password: server.user.password
    })
  })

  // Its invalid_request names the client parameter at fault: one Basic leaves empty (a secret
  // the repository does not define), or one not of printable ASCII (VSCHAR, RFC 6749 Appendix
  // A). The line says to check client-id and client-secret, not body-format or extra-params.
  it.each([
    [
      'no client-secret in Basic',
      'basic',
      { 'client-secret': '' },
      'Missing parameter: `client_secret`'
    ],
    [
      'a client-secret not of printable ASCII',
      'body',
      { 'client-secret': 'sécret-0123456789' },
      'Invalid parameter: `client_secret`'
    ],
    [
      'a client-id not of printable ASCII',
      'body',
      { 'client-id': 'ci-clienté' },
      'Invalid parameter: `client_id`'
    ]
  ] as const)(
    'says to check client-id and client-secret for %s',
    async (_what, clientAuth, extra, said) => {
      const result = await runAgainstServer(passwordInputs(clientAuth, extra))
      expect(result.requests.map(r => r.status)).toEqual([400])
      expect(errorLines(result.run)).toEqual([
        `::error::Token request to ${server.url}${TOKEN_PATH} failed: HTTP 400 invalid_request: ${said}; check client-id, client-secret and client-auth`
      ])
      expectSecretsSafe(result.run, {
        'client secret': server.client.secret,
        password: server.user.password
      })
    }
  )
})

describe('node-oauth2-server, a client secret that form-encoding changes', () => {
  // RFC 6749 §2.3.1 (and the action's spec): with client-auth basic, the id and secret are
  // form-urlencoded before base64. node-oauth2-server (via the basic-auth package) does not
  // decode them, so such a secret only works with client-auth body against this server.
  const secret = 'a+b/c=d~e%f g:h'
  let special: TestOAuth2Server

  beforeAll(async () => {
    special = await startOAuth2Server({ clientSecret: secret })
  })

  afterAll(async () => {
    await special.close()
  })

  const inputs = (clientAuth: ClientAuth) => ({
    'grant-type': 'client_credentials',
    'client-auth': clientAuth,
    'client-secret': secret
  })

  it('works with client-auth body', async () => {
    const result = await runAgainstServer(inputs('body'), special)
    expect(result.run.code).toBe(0)
    expect(result.requests[0]?.body.client_secret).toBe(secret)
    expect(special.clientLookups.at(-1)).toEqual({
      clientId: special.client.id,
      clientSecret: secret
    })
    expect(result.run.outputs['access-token']).toBe(result.requests[0]?.response.access_token)
    expectSecretsSafe(
      result.run,
      { 'client secret': secret, 'access token': result.run.outputs['access-token'] },
      { masked: ['client secret', 'access token'] }
    )
  })

  it('is sent form-encoded with client-auth basic, which this server does not decode', async () => {
    const result = await runAgainstServer(inputs('basic'), special)
    const encoded = new URLSearchParams([['', secret]]).toString().slice(1)
    expect(encoded).toBe('a%2Bb%2Fc%3Dd%7Ee%25f+g%3Ah')
    const header = basicHeader(special.client.id, encoded)
    expect(result.requests.map(r => [r.headers.authorization, r.status])).toEqual([[header, 401]])
    expect(special.clientLookups.at(-1)).toEqual({
      clientId: special.client.id,
      clientSecret: encoded
    })
    expect(result.run.code).toBe(1)
    // The message says why, and names client-auth: body, the input that fixes it.
    expect(errorLines(result.run)).toEqual([
      `::error::Token request to ${special.url}${TOKEN_PATH} failed: HTTP 401 invalid_client: Invalid client: client is invalid; check client-id and client-secret; client-auth basic form-encodes them (RFC 6749 section 2.3.1), which some servers do not decode: try client-auth: body`
    ])
    expectSecretsSafe(
      result.run,
      { 'client secret': secret, 'basic header': header, credentials: header.slice(6) },
      { masked: ['client secret', 'basic header', 'credentials'] }
    )
  })
})
