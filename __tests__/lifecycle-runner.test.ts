// Runner-level tests of the token lifecycle: the bundled dist/index.js run as the GitHub runner
// runs it, main step and then post step (with the STATE_* variables the main step saved), against
// an RFC 7009 server on loopback. Every run's log, stderr and job summary are scanned for every
// secret; only `::add-mask::` lines may hold one.
import { afterEach, describe, expect, it } from '@jest/globals'
import { createHash, randomBytes } from 'node:crypto'
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync
} from 'node:fs'
import { tmpdir } from 'node:os'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import {
  type ActionRun,
  actionDefaults,
  findLeaks,
  maskedLog,
  maskedValues,
  parseFileCommand,
  runAction,
  runPost
} from '../scripts/runner.mjs'
import { passwordGrantInputs, startSeedServer } from '../scripts/seed-server.mjs'
import { sealHandoff } from '../src/handoff.js'
import {
  closedPort,
  newToken,
  startFaultServer,
  switchProtocols,
  token
} from './support/fault-server.js'
import {
  type RevocationServer,
  type RevocationServerOptions,
  startRevocationServer
} from './support/revocation-server.js'

const MASK = '::add-mask::'
const HANDOFF_KEY = 'k7Qw2mZr9XbT4vLp8sNc1HdY6fJg3RaE5uKo0WiV+QA='
const RUN = { GITHUB_REPOSITORY: 'octo/app', GITHUB_RUN_ID: '7777001' }

const cleanups: (() => unknown)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

async function server(options?: RevocationServerOptions): Promise<RevocationServer> {
  const started = await startRevocationServer(options)
  cleanups.push(() => started.close())
  return started
}

/** A RUNNER_TEMP that outlives one run, as the runner's does across a job's steps. */
function runnerTemp(): string {
  const dir = mkdtempSync(join(tmpdir(), 'runner-temp-'))
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }))
  return dir
}

/** A step's inputs as the runner hands them over: action.yml's defaults, then `with:`. */
function step(inputs: Record<string, string>): Record<string, string> {
  return { ...actionDefaults(), ...inputs }
}

function clientInputs(rs: RevocationServer): Record<string, string> {
  return { host: rs.url, 'client-id': rs.client.id, 'client-secret': rs.client.secret }
}

function lines(run: ActionRun): string[] {
  return run.stdout.split(/\r?\n/).filter(Boolean)
}

/** Lines the runner would show (masked, no debug), minus the mask commands. */
function shown(run: ActionRun): string[] {
  return maskedLog(run.stdout).split('\n').filter(Boolean)
}

/**
 * No secret anywhere but in mask commands (stdout, stderr, the job summary), and every secret
 * this run shows at all is masked before the first line that is not a mask command.
 */
function expectSafe(run: ActionRun, secrets: readonly string[]): void {
  const all = secrets.filter(Boolean)
  expect(findLeaks(run, all)).toEqual([])
  for (const secret of all) expect(run.summary).not.toContain(secret)
  expect(run.stderr).toBe('')
  const firstOther = lines(run).findIndex(line => !line.startsWith(MASK))
  const leading = maskedValues(
    lines(run)
      .slice(0, firstOther < 0 ? undefined : firstOther)
      .join('\n')
  )
  const masked = maskedValues(run.stdout)
  for (const secret of all.filter(secret => masked.includes(secret))) {
    const index = lines(run).findIndex(line => line.startsWith(MASK) && line.endsWith(secret))
    // Masked in the leading block, or at least before any line mentions it.
    if (!leading.includes(secret)) {
      const firstUse = lines(run).findIndex(line => !line.startsWith(MASK) && line.includes(secret))
      expect(firstUse === -1 || firstUse > index).toBe(true)
    }
  }
  expect(run.stdout).not.toMatch(/^::(set-output|set-env|save-state)/m)
}

function fail(run: ActionRun): string {
  expect(run.code).toBe(1)
  const errors = lines(run).filter(line => line.startsWith('::error'))
  expect(errors).toHaveLength(1)
  return (errors[0] ?? '').replace(/^::error::/, '')
}

async function me(rs: RevocationServer, token: string): Promise<number> {
  const answer = await fetch(`${rs.url}/api/me`, { headers: { Authorization: `Bearer ${token}` } })
  return answer.status
}

// ---------------------------------------------------------------------------------------------

describe('runner: revocation at job end (RFC 7009)', () => {
  it('revokes the access and refresh tokens in the post step; the API refuses them afterwards', async () => {
    const rs = await server({ refreshTokens: true })
    const inputs = step({ ...clientInputs(rs), 'body-format': 'form', revoke: 'true' })
    // With step debug logging on, so its lines are scanned too.
    const debug = { RUNNER_DEBUG: '1', ACTIONS_STEP_DEBUG: 'true' }
    const main = await runAction(inputs, debug)
    expect(main.code).toBe(0)
    const access = main.outputs['access-token'] ?? ''
    const refresh = main.outputs['refresh-token'] ?? ''
    expect(access).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/)
    expect(refresh).toMatch(/^rt-/)
    expectSafe(main, [rs.client.secret, access, refresh, `Bearer ${access}`])
    expect(await me(rs, access)).toBe(200)

    // The state the post step needs, in the state file: never on stdout.
    expect(Object.keys(main.state).sort()).toEqual(['revoke', 'token-file'])
    expect(main.state['token-file']).toBe('')
    expect(JSON.parse(main.state.revoke ?? '')).toEqual({
      url: `${rs.url}/oauth/revoke`,
      tokens: [
        { token: access, hint: 'access_token', expiresAt: main.outputs['expires-at'] },
        { token: refresh, hint: 'refresh_token', expiresAt: '' }
      ],
      clientId: rs.client.id,
      grantType: 'client_credentials'
    })
    expect(shown(main)).toContain(`Revocation: at the end of the job, at ${rs.url}/oauth/revoke.`)

    const post = await runPost(inputs, main.state, debug)
    expect(post.code).toBe(0)
    expectSafe(post, [rs.client.secret, access, refresh])
    // Every secret it read is masked before it writes anything else.
    const firstOther = lines(post).findIndex(line => !line.startsWith(MASK))
    expect(maskedValues(lines(post).slice(0, firstOther).join('\n'))).toEqual([
      access,
      refresh,
      rs.client.secret
    ])
    expect(shown(post)).toEqual([
      `Revoked the access token at ${rs.url}/oauth/revoke.`,
      `Revoked the refresh token at ${rs.url}/oauth/revoke.`
    ])
    const revocations = rs.requests.filter(request => request.url === '/oauth/revoke')
    expect(
      revocations.map(request => Object.fromEntries(new URLSearchParams(request.body)))
    ).toEqual([
      {
        token: access,
        token_type_hint: 'access_token',
        client_id: rs.client.id,
        client_secret: rs.client.secret
      },
      {
        token: refresh,
        token_type_hint: 'refresh_token',
        client_id: rs.client.id,
        client_secret: rs.client.secret
      }
    ])
    expect(revocations[0]?.headers['content-type']).toBe('application/x-www-form-urlencoded')
    expect(rs.isLive(access)).toBe(false)
    expect(rs.isLive(refresh)).toBe(false)
    expect(await me(rs, access)).toBe(401)
    expect(post.outputs).toEqual({})
    expect(post.env).toEqual({})
  })

  it('authenticates the revocation like the token request: HTTP Basic, with revoke-path', async () => {
    const rs = await server()
    const inputs = step({
      ...clientInputs(rs),
      'client-auth': 'basic',
      revoke: 'true',
      'revoke-path': 'oauth/revoke'
    })
    const main = await runAction(inputs)
    expect(main.code).toBe(0)
    const access = main.outputs['access-token'] ?? ''
    const post = await runPost(inputs, main.state)
    expect(post.code).toBe(0)
    const basic = `Basic ${Buffer.from(`${rs.client.id}:${rs.client.secret}`).toString('base64')}`
    expectSafe(post, [rs.client.secret, access, basic])
    const [revocation] = rs.requests.filter(request => request.url === '/oauth/revoke')
    expect(revocation?.headers.authorization).toBe(basic)
    expect(new URLSearchParams(revocation?.body).get('client_secret')).toBeNull()
    expect(await me(rs, access)).toBe(401)
  })

  it('names the client credentials to check when the revocation endpoint refuses them (a later step changed OAUTH_CLIENT_SECRET)', async () => {
    const rs = await server()
    const inputs = step({ ...clientInputs(rs), revoke: 'true' })
    const main = await runAction(inputs)
    expect(main.code).toBe(0)
    const access = main.outputs['access-token'] ?? ''
    const changed = 'a-secret-set-later-1'
    const post = await runPost({ ...inputs, 'client-secret': changed }, main.state)
    expect(post.code).toBe(0)
    expectSafe(post, [rs.client.secret, changed, access])
    expect(shown(post)).toEqual([
      `Warning: Could not revoke the access token at ${rs.url}/oauth/revoke: HTTP 401 invalid_client; check client-id, client-secret and client-auth; it stays valid until ${main.outputs['expires-at']}`
    ])
    expect(await me(rs, access)).toBe(200)
  })

  it('says when the server cannot revoke a token type, and goes on to the refresh token', async () => {
    const rs = await server({ refreshTokens: true, unrevocable: 'access_token' })
    const inputs = step({ ...clientInputs(rs), revoke: 'true' })
    const main = await runAction(inputs)
    expect(main.code).toBe(0)
    const access = main.outputs['access-token'] ?? ''
    const refresh = main.outputs['refresh-token'] ?? ''
    const post = await runPost(inputs, main.state)
    expect(post.code).toBe(0)
    expectSafe(post, [rs.client.secret, access, refresh])
    expect(shown(post)).toEqual([
      `Warning: Could not revoke the access token at ${rs.url}/oauth/revoke: HTTP 400 unsupported_token_type; the server cannot revoke this token type: set revoke: false if it revokes no other; it stays valid until ${main.outputs['expires-at']}`,
      `Revoked the refresh token at ${rs.url}/oauth/revoke.`
    ])
    expect(rs.isLive(refresh)).toBe(false)
  })

  // RFC 7009 §2.2 answers 200 for a token the server no longer knows; older servers answered 400
  // invalid_token or invalid_grant. Neither the request nor a token still valid is the news.
  it.each(['invalid_token', 'invalid_grant'])(
    'says the server finds a token revoked elsewhere already invalid (400 %s), and goes on to the refresh token',
    async error => {
      const rs = await server({ refreshTokens: true, unknownTokenError: error })
      const inputs = step({ ...clientInputs(rs), revoke: 'true' })
      const main = await runAction(inputs)
      expect(main.code).toBe(0)
      const access = main.outputs['access-token'] ?? ''
      const refresh = main.outputs['refresh-token'] ?? ''
      // A later step of the job revoked the access token itself.
      const form = { token: access, client_id: rs.client.id, client_secret: rs.client.secret }
      const elsewhere = await fetch(`${rs.url}/oauth/revoke`, {
        method: 'POST',
        body: new URLSearchParams(form)
      })
      expect(elsewhere.status).toBe(200)
      const post = await runPost(inputs, main.state)
      expect(post.code).toBe(0)
      expectSafe(post, [rs.client.secret, access, refresh])
      expect(shown(post)).toEqual([
        `Warning: Could not revoke the access token at ${rs.url}/oauth/revoke: HTTP 400 ${error}; the server says it is already invalid`,
        `Revoked the refresh token at ${rs.url}/oauth/revoke.`
      ])
      expect(rs.isLive(refresh)).toBe(false)
    }
  )

  it('retries a 503 once, then revokes', async () => {
    const rs = await server({ revokeAnswers: [503] })
    const inputs = step({ ...clientInputs(rs), revoke: 'true' })
    const main = await runAction(inputs)
    const access = main.outputs['access-token'] ?? ''
    const post = await runPost(inputs, main.state)
    expect(post.code).toBe(0)
    expect(shown(post)).toEqual([`Revoked the access token at ${rs.url}/oauth/revoke.`])
    expect(rs.requests.filter(request => request.url === '/oauth/revoke')).toHaveLength(2)
    expect(rs.isLive(access)).toBe(false)
  })

  it('warns, and never fails the job, when the server refuses the revocation', async () => {
    const rs = await server({ revokeAnswers: [503, 503] })
    const inputs = step({ ...clientInputs(rs), revoke: 'true' })
    const main = await runAction(inputs)
    const access = main.outputs['access-token'] ?? ''
    const post = await runPost(inputs, main.state)
    expect(post.code).toBe(0)
    expectSafe(post, [rs.client.secret, access])
    expect(shown(post)).toEqual([
      `Warning: Could not revoke the access token at ${rs.url}/oauth/revoke after 2 attempts: HTTP 503 temporarily_unavailable; check the server; it stays valid until ${main.outputs['expires-at']}`
    ])
    expect(rs.isLive(access)).toBe(true)
  })

  // A post step cannot "try again later": the job is over. A short Retry-After (within the token
  // request's 60 s cap) is waited out once; a longer one is not, and the warning names what to
  // check, and until when the token stays valid.
  it("waits out a 429's short Retry-After once, then revokes", async () => {
    const rs = await server({ revokeAnswers: [{ status: 429, headers: { 'Retry-After': '2' } }] })
    const inputs = step({ ...clientInputs(rs), revoke: 'true' })
    const main = await runAction(inputs)
    const access = main.outputs['access-token'] ?? ''
    const post = await runPost(inputs, main.state)
    expect(post.code).toBe(0)
    expectSafe(post, [rs.client.secret, access])
    expect(shown(post)).toEqual([`Revoked the access token at ${rs.url}/oauth/revoke.`])
    const [first, second, ...more] = rs.requests.filter(request => request.url === '/oauth/revoke')
    expect(more).toEqual([])
    expect((second?.at ?? 0) - (first?.at ?? 0)).toBeGreaterThanOrEqual(1900)
    expect(rs.isLive(access)).toBe(false)
  })

  // The runner cancels a step with SIGINT, then SIGTERM: a post step cancelled while it waits out
  // a Retry-After names the tokens it leaves valid, and ends by the signal, as it would have.
  it.each(['SIGINT', 'SIGTERM'] as const)(
    'names the tokens it leaves valid when %s cancels it, and ends by that signal',
    async signal => {
      const rs = await server({
        refreshTokens: true,
        revokeAnswers: [{ status: 429, headers: { 'Retry-After': '30' } }]
      })
      const inputs = step({ ...clientInputs(rs), revoke: 'true' })
      const main = await runAction(inputs)
      const access = main.outputs['access-token'] ?? ''
      const refresh = main.outputs['refresh-token'] ?? ''
      let poll: NodeJS.Timeout | undefined
      const revoking = new Promise<void>(resolve => {
        poll = setInterval(() => {
          if (rs.requests.some(request => request.url === '/oauth/revoke')) resolve()
        }, 5)
      })
      const post = await runPost(inputs, main.state, {}, { cancel: { signal, when: revoking } })
      clearInterval(poll)
      expect(post.signal).toBe(signal)
      expect(post.ms).toBeLessThan(20_000)
      expectSafe(post, [rs.client.secret, access, refresh])
      expect(shown(post).at(-1)).toBe(
        `Warning: Post step cancelled; the access token stays valid until ${main.outputs['expires-at']}; the refresh token stays valid until it expires`
      )
      expect(rs.isLive(access)).toBe(true)
    }
  )

  it("does not wait out a 429's Retry-After over 60 s; names the rate limit, and goes on to the refresh token", async () => {
    const rs = await server({
      refreshTokens: true,
      revokeAnswers: [{ status: 429, headers: { 'Retry-After': '120' } }]
    })
    const inputs = step({ ...clientInputs(rs), revoke: 'true' })
    const main = await runAction(inputs)
    const access = main.outputs['access-token'] ?? ''
    const refresh = main.outputs['refresh-token'] ?? ''
    const started = Date.now()
    const post = await runPost(inputs, main.state)
    expect(Date.now() - started).toBeLessThan(10_000)
    expect(post.code).toBe(0)
    expectSafe(post, [rs.client.secret, access, refresh])
    expect(shown(post)).toEqual([
      `Warning: Could not revoke the access token at ${rs.url}/oauth/revoke: HTTP 429 (application/json) with an empty body; check the server's rate limit; it stays valid until ${main.outputs['expires-at']}`,
      `Revoked the refresh token at ${rs.url}/oauth/revoke.`
    ])
    expect(rs.requests.filter(request => request.url === '/oauth/revoke')).toHaveLength(2)
    expect(rs.isLive(access)).toBe(true)
  })

  // RFC 7009 section 2.2: a 200 means revoked, its body ignored. But a whole HTML page is what
  // something in front of the endpoint answers (an SSO gateway's sign-in), not the endpoint.
  it('warns of a 2xx HTML page (a sign-in in front of the endpoint): the token was not revoked', async () => {
    const page =
      '<!DOCTYPE html><html><head><title>Sign in - Corp SSO</title></head><body><form method="post"><input name="username"><input name="password" type="password"><button>Sign in</button></form></body></html>'
    const rs = await server({
      revokeAnswers: [
        { status: 200, headers: { 'Content-Type': 'text/html; charset=utf-8' }, body: page }
      ]
    })
    const inputs = step({ ...clientInputs(rs), revoke: 'true' })
    const main = await runAction(inputs)
    const access = main.outputs['access-token'] ?? ''
    const post = await runPost(inputs, main.state)
    expect(post.code).toBe(0)
    expectSafe(post, [rs.client.secret, access])
    expect(shown(post)).toEqual([
      `Warning: Could not revoke the access token at ${rs.url}/oauth/revoke: HTTP 200 (text/html): Sign in - Corp SSO Sign in; check host and revoke-path; it stays valid until ${main.outputs['expires-at']}`
    ])
    expect(rs.requests.filter(request => request.url === '/oauth/revoke')).toHaveLength(1)
    expect(rs.isLive(access)).toBe(true)
  })

  /* Django's HttpResponse() (Django OAuth Toolkit's) is text/html with an empty body. */
  it.each([
    ['text/html; charset=utf-8', ''],
    ['application/json', '{}'],
    ['text/plain', 'OK']
  ])('counts a 200 (%s) %j as revoked', async (type, body) => {
    const rs = await server({
      revokeAnswers: [{ status: 200, headers: { 'Content-Type': type }, body }]
    })
    const inputs = step({ ...clientInputs(rs), revoke: 'true' })
    const main = await runAction(inputs)
    const post = await runPost(inputs, main.state)
    expect(post.code).toBe(0)
    expect(shown(post)).toEqual([`Revoked the access token at ${rs.url}/oauth/revoke.`])
  })

  /* What a revocation sends: a form body, mostly the token; host and revoke-path; the headers.
   * A 408, which a revocation does not retry, names the server: the job is over. */
  it.each([
    [408, 'check the server'],
    [
      413,
      'the request is too large for the server or a proxy in front of it: raise its limit to fit the token'
    ],
    [414, 'the URL is too long for the server: check host and revoke-path'],
    [415, 'the server refuses the form body OAuth defines: check host and revoke-path'],
    [422, 'check the request: client-auth and extra-params'],
    [431, "the request's headers are too large for the server: check headers"]
  ])('warns of a revocation answered HTTP %i with what to fix', async (status, advice) => {
    const rs = await server({ revokeAnswers: [status] })
    const inputs = step({ ...clientInputs(rs), revoke: 'true' })
    const main = await runAction(inputs)
    const access = main.outputs['access-token'] ?? ''
    const post = await runPost(inputs, main.state)
    expect(post.code).toBe(0)
    expectSafe(post, [rs.client.secret, access])
    expect(shown(post)).toEqual([
      `Warning: Could not revoke the access token at ${rs.url}/oauth/revoke: HTTP ${status} (application/json) with an empty body; ${advice}; it stays valid until ${main.outputs['expires-at']}`
    ])
  })

  it('sends nothing when a later step set NODE_DEBUG=stream, which would print the answer in hex', async () => {
    const rs = await server()
    const inputs = step({ ...clientInputs(rs), revoke: 'true' })
    const main = await runAction(inputs)
    const access = main.outputs['access-token'] ?? ''
    const post = await runPost(inputs, main.state, { NODE_DEBUG: 'stream' })
    expect(post.code).toBe(0)
    expectSafe(post, [rs.client.secret, access])
    expect(shown(post)).toEqual([
      `Warning: Could not revoke the tokens: NODE_DEBUG enables Node's stream section, which prints the start of each answer in hex, tokens among them, where no mask can hide them: unset NODE_DEBUG for this step; the access token stays valid until ${main.outputs['expires-at']}`
    ])
    expect(rs.requests.filter(request => request.url === '/oauth/revoke')).toEqual([])
    expect(rs.isLive(access)).toBe(true)
  })

  it('warns, and never fails the job, when the revocation endpoint is unreachable', async () => {
    const rs = await server()
    const inputs = step({ ...clientInputs(rs), revoke: 'true' })
    const main = await runAction(inputs)
    const access = main.outputs['access-token'] ?? ''
    const port = await closedPort()
    // The server is gone: the inputs and the saved endpoints all name a closed port.
    const gone = `http://127.0.0.1:${port}`
    const state = { ...main.state, revoke: (main.state.revoke ?? '').replaceAll(rs.url, gone) }
    const post = await runPost({ ...inputs, host: gone }, state)
    expect(post.code).toBe(0)
    expectSafe(post, [rs.client.secret, access])
    expect(shown(post)).toEqual([
      `Warning: Could not revoke the access token at http://127.0.0.1:${port}/oauth/revoke after 2 attempts: connect ECONNREFUSED 127.0.0.1:${port}; check input 'host' (or OAUTH_HOST) and that the server is up; it stays valid until ${main.outputs['expires-at']}`
    ])
  })

  // The URL is host and revoke-path together, as the token endpoint's is host and token-path.
  it('names host and revoke-path when no revocation endpoint answers there (HTTP 404)', async () => {
    const rs = await server()
    const inputs = step({ ...clientInputs(rs), revoke: 'true', 'revoke-path': '/oauth/revocation' })
    const main = await runAction(inputs)
    expect(main.code).toBe(0)
    const access = main.outputs['access-token'] ?? ''
    const post = await runPost(inputs, main.state)
    expect(post.code).toBe(0)
    expectSafe(post, [rs.client.secret, access])
    expect(shown(post)).toEqual([
      `Warning: Could not revoke the access token at ${rs.url}/oauth/revocation: HTTP 404 not_found; check host and revoke-path; it stays valid until ${main.outputs['expires-at']}`
    ])
    expect(rs.isLive(access)).toBe(true)
  })

  it('names revoke-path when the revocation endpoint switches protocols (HTTP 101)', async () => {
    const rs = await server()
    const inputs = step({ ...clientInputs(rs), revoke: 'true' })
    const main = await runAction(inputs)
    const access = main.outputs['access-token'] ?? ''
    // host and the saved endpoint both name a server that answers 101, as a WebSocket one does.
    const switching = await startFaultServer(() => switchProtocols())
    cleanups.push(() => switching.close())
    const state = {
      ...main.state,
      revoke: (main.state.revoke ?? '').replaceAll(rs.url, switching.url)
    }
    const post = await runPost({ ...inputs, host: switching.url }, state)
    expect(post.code).toBe(0)
    expect(switching.hits).toHaveLength(1)
    expectSafe(post, [rs.client.secret, access])
    expect(shown(post)).toEqual([
      `Warning: Could not revoke the access token at ${switching.url}/oauth/revoke: HTTP 101: the server switched to another protocol rather than answer; this is not a revocation endpoint's answer: check host and revoke-path; it stays valid until ${main.outputs['expires-at']}`
    ])
  })

  // An answer that is not HTTP (another service on the port) is no answer from a revocation
  // endpoint: not tried again, and the refresh token, which would meet the same, is not tried.
  it('after an answer that is not HTTP, warns once, naming both tokens, and tries nothing more', async () => {
    const rs = await server({ refreshTokens: true })
    const inputs = step({ ...clientInputs(rs), revoke: 'true' })
    const main = await runAction(inputs)
    const access = main.outputs['access-token'] ?? ''
    const refresh = main.outputs['refresh-token'] ?? ''
    expect(refresh).not.toBe('')
    const other = await startFaultServer(() => req => {
      req.socket.end('SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n')
    })
    cleanups.push(() => other.close())
    const state = { ...main.state, revoke: (main.state.revoke ?? '').replaceAll(rs.url, other.url) }
    const post = await runPost({ ...inputs, host: other.url }, state)
    expect(post.code).toBe(0)
    expect(other.hits).toHaveLength(1)
    expectSafe(post, [rs.client.secret, access, refresh])
    expect(shown(post)).toEqual([
      `Warning: Could not revoke the access token at ${other.url}/oauth/revoke: HPE_INVALID_CONSTANT: Parse Error: Expected HTTP/, RTSP/ or ICE/; the answer is not valid HTTP: check the scheme and port in input 'host' (or OAUTH_HOST); it stays valid until ${main.outputs['expires-at']}; the refresh token was not tried and stays valid until it expires`
    ])
    expect(rs.isLive(access)).toBe(true)
    expect(rs.isLive(refresh)).toBe(true)
  })

  it('sends nothing to another host when the saved state names one', async () => {
    const rs = await server()
    const other = await server()
    const inputs = step({ ...clientInputs(rs), revoke: 'true' })
    const main = await runAction(inputs)
    const access = main.outputs['access-token'] ?? ''
    const state = { ...main.state, revoke: (main.state.revoke ?? '').replaceAll(rs.url, other.url) }
    const post = await runPost(inputs, state)
    expect(post.code).toBe(0)
    expect(other.requests).toHaveLength(0)
    expectSafe(post, [rs.client.secret, access])
    expect(shown(post)).toEqual([
      `Warning: Not revoking at ${other.url}/oauth/revoke: client credentials go only to the token endpoint's origin, ${rs.url} (did a later step set OAUTH_HOST?); the access token stays valid until ${main.outputs['expires-at']}`
    ])
  })

  // The post step reads the inputs again, after any later step's GITHUB_ENV (docs/revocation.md).
  it('says to check OAUTH_HOST when a later step set it to another API, and sends nothing there', async () => {
    const rs = await server()
    const other = await server()
    const inputs = step({ ...clientInputs(rs), host: '', revoke: 'true' })
    const main = await runAction(inputs, { OAUTH_HOST: rs.url })
    expect(main.code).toBe(0)
    const access = main.outputs['access-token'] ?? ''
    const post = await runPost(inputs, main.state, { OAUTH_HOST: other.url })
    expect(post.code).toBe(0)
    expect(other.requests).toHaveLength(0)
    expectSafe(post, [rs.client.secret, access])
    expect(shown(post)).toEqual([
      `Warning: Not revoking at ${rs.url}/oauth/revoke: client credentials go only to the token endpoint's origin, ${other.url} (did a later step set OAUTH_HOST?); the access token stays valid until ${main.outputs['expires-at']}`
    ])
    expect(rs.isLive(access)).toBe(true)
  })

  it('skips an access token that has already expired, and still revokes the refresh token', async () => {
    const rs = await server({ refreshTokens: true })
    const inputs = step({ ...clientInputs(rs), revoke: 'true' })
    const main = await runAction(inputs)
    const refresh = main.outputs['refresh-token'] ?? ''
    // The post step runs after the access token's expiry.
    const state = {
      ...main.state,
      revoke: (main.state.revoke ?? '').replace(
        main.outputs['expires-at'] ?? '',
        '2020-01-01T00:00:00Z'
      )
    }
    const post = await runPost(inputs, state)
    expect(post.code).toBe(0)
    expect(shown(post)).toEqual([
      'Not revoking the access token: it expired at 2020-01-01T00:00:00Z.',
      `Revoked the refresh token at ${rs.url}/oauth/revoke.`
    ])
    const revoked = rs.requests.filter(request => request.url === '/oauth/revoke')
    expect(revoked.map(request => new URLSearchParams(request.body).get('token'))).toEqual([
      refresh
    ])
  })

  it('revokes a token the server gave expires_in 0, which to a few servers means it never expires', async () => {
    const rs = await server({ expiresIn: 0 })
    const inputs = step({ ...clientInputs(rs), revoke: 'true' })
    const main = await runAction(inputs)
    expect(main.code).toBe(0)
    const access = main.outputs['access-token'] ?? ''
    expect(main.outputs['expires-in']).toBe('0')
    const post = await runPost(inputs, main.state)
    expect(post.code).toBe(0)
    expectSafe(post, [rs.client.secret, access])
    expect(shown(post)).toEqual([`Revoked the access token at ${rs.url}/oauth/revoke.`])
    expect(rs.isLive(access)).toBe(false)
  })

  it("skips a JWT refresh token whose exp has passed (Keycloak's), and still revokes the access token", async () => {
    const rs = await server({ refreshTokens: true, refreshTokenExpiresIn: 1 })
    const inputs = step({ ...clientInputs(rs), revoke: 'true' })
    const main = await runAction(inputs)
    const access = main.outputs['access-token'] ?? ''
    const refresh = main.outputs['refresh-token'] ?? ''
    const exp = JSON.parse(Buffer.from(refresh.split('.')[1] ?? '', 'base64url').toString()).exp
    const expiredAt = new Date(exp * 1000).toISOString().replace('.000', '')
    // The post step runs after the refresh token's expiry.
    await new Promise(resolve => setTimeout(resolve, Math.max(exp * 1000 - Date.now() + 50, 0)))
    const post = await runPost(inputs, main.state)
    expect(post.code).toBe(0)
    expectSafe(post, [rs.client.secret, access, refresh])
    expect(shown(post)).toEqual([
      `Not revoking the refresh token: it expired at ${expiredAt}.`,
      `Revoked the access token at ${rs.url}/oauth/revoke.`
    ])
    const revoked = rs.requests.filter(request => request.url === '/oauth/revoke')
    expect(revoked.map(request => new URLSearchParams(request.body).get('token'))).toEqual([access])
  })

  it('does nothing after a step that did not ask for revocation or a token file', async () => {
    const rs = await server()
    const inputs = step(clientInputs(rs))
    const main = await runAction(inputs)
    expect(main.code).toBe(0)
    expect(main.state).toEqual({ revoke: '', 'token-file': '' })
    const post = await runPost(inputs, main.state)
    expect(post.code).toBe(0)
    expect(shown(post)).toEqual([])
    expect(rs.requests).toHaveLength(1)
  })

  // A main step that fails before it has a token saves only empty state: dist/post.js then
  // loads nothing, and above all never runs the main step a second time.
  it('saves only empty state when the main step fails, so the post step never mints', async () => {
    const rs = await server()
    const inputs = step({
      ...clientInputs(rs),
      'client-secret': 'wrong-secret-value',
      revoke: 'true'
    })
    const main = await runAction(inputs)
    expect(fail(main)).toMatch(/^Token request to .* failed: HTTP 401 invalid_client/)
    expect(main.state).toEqual({ revoke: '', 'token-file': '' })
    const post = await runPost(inputs, main.state)
    expect(post.code).toBe(0)
    expect(shown(post)).toEqual([])
    expect(rs.requests.map(request => request.url)).toEqual(['/oauth/token'])
  })

  // The revocation body is always a form, whatever body-format: a secret's `~` (Entra ID's) or a
  // token's `+ / =` are %-escaped there, so a dump of it in hex holds no byte of their own hex.
  it('masks the client secret and the token in a revocation body the server echoes in hex', async () => {
    const secret = 'Xq8Q~abcDEF.ghij-KLmn_opq12345678rs'
    const access = 'Zk9x+qW3/rT7vY1+bQ2c/Lp8=='
    const echo = createServer((req, res) => {
      let body = ''
      req.on('data', (chunk: Buffer) => (body += chunk.toString()))
      req.on('end', () => {
        const refused = {
          error: 'invalid_request',
          error_description: `Cannot read body ${Buffer.from(body).toString('hex')}`
        }
        const issued = { access_token: access, token_type: 'Bearer', expires_in: 3600 }
        res.writeHead(req.url === '/oauth/token' ? 200 : 400, {
          'Content-Type': 'application/json'
        })
        res.end(JSON.stringify(req.url === '/oauth/token' ? issued : refused))
      })
    })
    await new Promise<void>(done => echo.listen(0, '127.0.0.1', done))
    cleanups.push(() => new Promise(done => echo.close(done)))
    const { port } = echo.address() as AddressInfo
    const inputs = step({
      host: `http://127.0.0.1:${port}`,
      'client-id': 'ci',
      'client-secret': secret,
      revoke: 'true'
    })
    const main = await runAction(inputs)
    expect(main.code).toBe(0)
    const post = await runPost(inputs, main.state)
    expect(post.code).toBe(0)
    expectSafe(post, [secret, access])
    const warning = shown(post).join('\n')
    const hex = (text: string): string => Buffer.from(text).toString('hex')
    expect(warning).toContain(`Cannot read body ${hex('token=')}***${hex('&token_type_hint')}`)
    expect(warning).toContain(`${hex('client_secret=')}***; check the request`)
    for (const value of [secret, access]) {
      expect(warning).not.toContain(hex(new URLSearchParams({ value }).toString().slice(6)))
    }
  })
})

// $GITHUB_ENV lets any step add variables to the rest of the job's environment, STATE_* ones
// too; the runner then overrides only the keys the action's main step saved. Untrusted text that
// reaches $GITHUB_ENV must not make the post step send credentials elsewhere or delete files.
describe('runner: STATE_* variables a step put in the job environment', () => {
  it('cannot make the post step revoke at another host, with the client secret', async () => {
    const rs = await server()
    const evil = await server()
    const inputs = step(clientInputs(rs))
    const injected = {
      STATE_revoke: JSON.stringify({
        url: `${evil.url}/steal`,
        tokens: [{ token: 'x', hint: 'refresh_token', expiresAt: '' }],
        tokenEndpoint: `${evil.url}/oauth/token`
      }),
      STATE_isPost: 'true'
    }
    // Set before the main step (an earlier step) and still there for the post step.
    const main = await runAction(inputs, injected)
    expect(main.code).toBe(0)
    expect(main.outputs['access-token']).toBeTruthy()
    const post = await runPost(inputs, main.state, injected)
    expect(post.code).toBe(0)
    expect(shown(post)).toEqual([])
    expect(evil.requests).toEqual([])
    expect(rs.requests.map(request => request.url)).toEqual(['/oauth/token'])
  })

  it('cannot make the post step delete a file outside RUNNER_TEMP', async () => {
    const rs = await server()
    const elsewhere = runnerTemp()
    const victim = join(elsewhere, `oauth2-token-${'ab'.repeat(12)}`)
    writeFileSync(victim, "not the action's")
    const inputs = step(clientInputs(rs))
    const injected = { 'STATE_token-file': victim }
    const main = await runAction(inputs, { ...injected, RUNNER_TEMP: runnerTemp() })
    expect(main.code).toBe(0)
    const post = await runPost(inputs, main.state, injected)
    expect(post.code).toBe(0)
    expect(existsSync(victim)).toBe(true)
  })
})

describe('runner: the token file', () => {
  it('writes the token to a 0600 file under RUNNER_TEMP, exports its path, and the post step deletes it', async () => {
    const rs = await server()
    const temp = runnerTemp()
    const inputs = step({ ...clientInputs(rs), 'token-file': 'true' })
    const main = await runAction(inputs, { RUNNER_TEMP: temp })
    expect(main.code).toBe(0)
    const access = main.outputs['access-token'] ?? ''
    expectSafe(main, [rs.client.secret, access])
    const path = main.outputs['token-file'] ?? ''
    expect(path).toMatch(new RegExp(`^${temp}/oauth2-token-[0-9a-f]{24}$`))
    expect(statSync(path).mode & 0o777).toBe(0o600)
    expect(readFileSync(path, 'utf8')).toBe(access)
    expect(main.env).toEqual({ ACCESS_TOKEN: access, ACCESS_TOKEN_FILE: path })
    expect(main.state).toEqual({ revoke: '', 'token-file': path })
    expect(shown(main)).toContain(`Token file: ${path} (mode 0600), deleted when the job ends.`)

    const post = await runPost(inputs, main.state, { RUNNER_TEMP: temp })
    expect(post.code).toBe(0)
    expectSafe(post, [rs.client.secret, access])
    expect(existsSync(path)).toBe(false)
    expect(shown(post)).toEqual([`Deleted the token file ${path}.`])
  })

  it('deletes the token file even when the revocation fails', async () => {
    const rs = await server({ revokeAnswers: [500] })
    const temp = runnerTemp()
    const inputs = step({
      ...clientInputs(rs),
      'token-file': 'true',
      revoke: 'true',
      'export-env': ''
    })
    const main = await runAction(inputs, { RUNNER_TEMP: temp })
    expect(main.code).toBe(0)
    expect(main.env).toEqual({})
    const path = main.outputs['token-file'] ?? ''
    expect(existsSync(path)).toBe(true)
    const post = await runPost(inputs, main.state, { RUNNER_TEMP: temp })
    expect(post.code).toBe(0)
    expect(existsSync(path)).toBe(false)
    expect(shown(post)).toEqual([
      `Deleted the token file ${path}.`,
      `Warning: Could not revoke the access token at ${rs.url}/oauth/revoke: HTTP 500 server_error; check the server; it stays valid until ${main.outputs['expires-at']}`
    ])
  })

  // Root may write in any directory, so as root the step runs as another user (nobody), as on a
  // runner whose RUNNER_TEMP is another user's or read-only; its runner files are its own.
  it('refuses a RUNNER_TEMP the step may not write in, before any request', async () => {
    const rs = await server()
    const dir = runnerTemp()
    chmodSync(dir, 0o755)
    const files = Object.fromEntries(
      ['GITHUB_OUTPUT', 'GITHUB_ENV', 'GITHUB_STATE', 'GITHUB_STEP_SUMMARY'].map(name => {
        const file = join(dir, name)
        writeFileSync(file, '')
        chmodSync(file, 0o666)
        return [name, file]
      })
    )
    const temp = join(dir, 'temp')
    mkdirSync(temp, { mode: 0o555 })
    const inputs = step({ ...clientInputs(rs), 'token-file': 'true', revoke: 'true' })
    const asRoot = process.getuid?.() === 0
    const run = await runAction(
      inputs,
      { ...files, RUNNER_TEMP: temp },
      asRoot ? { uid: 65534 } : {}
    )
    expect(fail(run)).toBe(
      `RUNNER_TEMP names no directory this step may write in (${temp}): token-file needs the runner's temporary directory; run on a GitHub Actions runner or set token-file: false`
    )
    expect(rs.requests).toHaveLength(0)
    expectSafe(run, [rs.client.secret])
    expect(readFileSync(files.GITHUB_OUTPUT ?? '', 'utf8')).toBe('')
    // Nothing for the post step to revoke or delete.
    expect(parseFileCommand(readFileSync(files.GITHUB_STATE ?? '', 'utf8'))).toEqual({
      revoke: '',
      'token-file': ''
    })
  })

  // Any case: on Windows the runner merges names that differ in case alone.
  it.each(['ACCESS_TOKEN_FILE', 'access_token_file', 'Access_Token_File'])(
    'refuses export-env %s with token-file, before any request',
    async name => {
      const rs = await server()
      const run = await runAction(
        step({ ...clientInputs(rs), 'token-file': 'true', 'export-env': name })
      )
      expect(fail(run)).toBe(
        "input 'export-env' must not be ACCESS_TOKEN_FILE with token-file: true, which puts the file's path there"
      )
      expect(rs.requests).toHaveLength(0)
    }
  )
})

describe('runner: hand-off to another job', () => {
  /** The minting job's step, then a later job's step with a fresh environment. */
  async function mint(rs: RevocationServer, env: Record<string, string> = RUN): Promise<ActionRun> {
    const run = await runAction(step({ ...clientInputs(rs), 'handoff-key': HANDOFF_KEY }), env)
    expect(run.code).toBe(0)
    return run
  }

  function receive(
    handoff: string,
    inputs: Record<string, string> = {},
    env: Record<string, string> = RUN
  ): Promise<ActionRun> {
    return runAction(step({ handoff, 'handoff-key': HANDOFF_KEY, ...inputs }), env)
  }

  it('round trip: the later job gets the same outputs and env, sends no request, masks first', async () => {
    const rs = await server({ refreshTokens: true })
    const first = await mint(rs)
    const access = first.outputs['access-token'] ?? ''
    const refresh = first.outputs['refresh-token'] ?? ''
    const handoff = first.outputs.handoff ?? ''
    expect(handoff).toMatch(/^[\w-]{100,}$/)
    // Not masked, so GitHub passes it on as a job output; and it holds no token in the clear.
    expect(maskedValues(first.stdout)).not.toContain(handoff)
    expect(Buffer.from(handoff, 'base64url').toString('latin1')).not.toContain(access.slice(0, 20))
    expectSafe(first, [HANDOFF_KEY, rs.client.secret, access, refresh])
    expect(shown(first)).toContain('Hand-off: sealed in output handoff for later jobs of this run.')

    const requestsBefore = rs.requests.length
    const second = await receive(handoff)
    expect(second.code).toBe(0)
    expect(rs.requests).toHaveLength(requestsBefore)
    expectSafe(second, [HANDOFF_KEY, access, refresh, `Bearer ${access}`])
    expect(maskedValues(lines(second).slice(0, 1).join('\n'))).toEqual([HANDOFF_KEY])
    const mintedOutputs = Object.entries(first.outputs).filter(([name]) => name !== 'handoff')
    expect(second.outputs).toEqual(Object.fromEntries(mintedOutputs))
    expect(second.env).toEqual({ ACCESS_TOKEN: access })
    expect(shown(second)[0]).toBe(
      `Received a Bearer token, valid until ${first.outputs['expires-at']}: in the step's outputs and in $ACCESS_TOKEN.`
    )
    // The same fingerprint in both jobs, and the token works.
    const fingerprint = createHash('sha256').update(access).digest('hex').slice(0, 12)
    expect(shown(first).find(line => line.startsWith('Token:'))).toContain(
      `fingerprint sha256:${fingerprint}`
    )
    expect(shown(second).find(line => line.startsWith('Token:'))).toContain(
      `fingerprint sha256:${fingerprint}`
    )
    expect(await me(rs, access)).toBe(200)
  })

  // Issue 5: the receiving step sets "the same outputs and environment variable as the minting
  // step": the minting step's export-env, unless the receiving step names its own.
  it.each([
    ['API_TOKEN', {}, 'API_TOKEN'],
    ['API_TOKEN', { 'export-env': 'DEPLOY_TOKEN' }, 'DEPLOY_TOKEN'],
    ['API_TOKEN', { 'export-env': '' }, ''],
    ['', {}, '']
  ])(
    'minted with export-env %j, received with %j: the token in %j',
    async (minted, inputs: Record<string, string>, name) => {
      const rs = await server()
      const first = await runAction(
        step({ ...clientInputs(rs), 'handoff-key': HANDOFF_KEY, 'export-env': minted }),
        RUN
      )
      expect(first.code).toBe(0)
      const access = first.outputs['access-token'] ?? ''
      expect(first.env).toEqual(minted ? { [minted]: access } : {})
      const second = await receive(first.outputs.handoff ?? '', inputs)
      expect(second.code).toBe(0)
      expect(second.env).toEqual(name ? { [name]: access } : {})
      expect(second.outputs['access-token']).toBe(access)
    }
  )

  // A name this step may not take (ACCESS_TOKEN_FILE, with token-file) came from the hand-off:
  // the line says so, and that this step can name its own.
  it("refuses the minting step's export-env where this step cannot take it, saying whose it is", async () => {
    const rs = await server()
    const first = await runAction(
      step({ ...clientInputs(rs), 'handoff-key': HANDOFF_KEY, 'export-env': 'ACCESS_TOKEN_FILE' }),
      RUN
    )
    expect(first.code).toBe(0)
    const second = await receive(first.outputs.handoff ?? '', { 'token-file': 'true' })
    expect(fail(second)).toBe(
      "input 'export-env' must not be ACCESS_TOKEN_FILE with token-file: true, which puts the file's path there (the minting step's, which the hand-off carries): set export-env in this step, to another name than ACCESS_TOKEN or to '' for none"
    )
    const own = await receive(first.outputs.handoff ?? '', {
      'token-file': 'true',
      'export-env': 'API_TOKEN'
    })
    expect(own.code).toBe(0)
  })

  // The key is a secret only the minting job's runner knows (from secrets.*): the receiving
  // job's runner cannot mask it, and the summary is masked by the runner alone.
  it("shows no value of token-path's query in the later job, nor in either job's summary", async () => {
    const rs = await server()
    const key = 'runner-only-function-key-4f1e'
    const first = await runAction(
      step({
        ...clientInputs(rs),
        'token-path': `/oauth/token?api-version=2&auth=${key}`,
        'handoff-key': HANDOFF_KEY
      }),
      RUN
    )
    expect(first.code).toBe(0)
    expect(first.summary).toContain('/oauth/token?api-version=***&auth=*** ')
    expect(first.summary).not.toContain(key)
    const second = await receive(first.outputs.handoff ?? '')
    expect(second.code).toBe(0)
    expect(second.stdout).not.toContain(key)
    expect(second.summary).not.toContain(key)
    expect(shown(second).find(line => line.startsWith('Token:'))).toContain(
      '/oauth/token?api-version=***&auth=***;'
    )
  })

  // The README's hand-off passes client-id from secrets.*, which only the minting job's runner
  // masks: the facts it seals show client-id and username as that job's log does, as ***.
  it("shows client-id and username in the later job's facts as ***, as only the minting job's runner masks them", async () => {
    const clientId = 'svc-client-7f3a9c2e1b'
    const username = 'deploy-bot-4471'
    const part = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url')
    const claims = { iss: 'https://idp.example.com', sub: username, aud: `${clientId}@clients` }
    const jwt = `${part({ alg: 'none' })}.${part(claims)}.c2ln`
    const api = createServer((req, res) => {
      req.resume().on('end', () => {
        res.writeHead(200, { 'Content-Type': 'application/json' })
        res.end(JSON.stringify({ access_token: jwt, token_type: 'Bearer', expires_in: 3600 }))
      })
    })
    await new Promise<void>(resolve => api.listen(0, '127.0.0.1', resolve))
    cleanups.push(() => new Promise(resolve => api.close(resolve)))
    const host = `http://127.0.0.1:${(api.address() as AddressInfo).port}`
    const first = await runAction(
      step({
        host,
        'client-id': clientId,
        'client-secret': 'mint-secret-93kq',
        username,
        password: 'mint-password-55x',
        'handoff-key': HANDOFF_KEY
      }),
      RUN
    )
    expect(first.code).toBe(0)
    // The minting job's own lines name them: its runner masks them when they are secrets.
    expect(shown(first)).toContain(
      `JWT claims (decoded, not verified): iss https://idp.example.com; sub ${username}; aud ${clientId}@clients`
    )
    const second = await receive(first.outputs.handoff ?? '')
    expect(second.code).toBe(0)
    expect(shown(second)).toContain(
      'JWT claims (decoded, not verified): iss https://idp.example.com; sub ***; aud ***@clients'
    )
    expect(second.summary).toContain('| JWT aud | ` ***@clients ` |')
    for (const text of [second.stdout, second.stderr, second.summary]) {
      expect(text).not.toContain(clientId)
      expect(text).not.toContain(username)
    }
    expect(second.outputs['access-token']).toBe(jwt)
  })

  it('round trip with a token file in the later job, deleted by its post step', async () => {
    const rs = await server()
    const first = await mint(rs)
    const temp = runnerTemp()
    const inputs = step({
      handoff: first.outputs.handoff ?? '',
      'handoff-key': HANDOFF_KEY,
      'token-file': 'true'
    })
    const second = await runAction(inputs, { ...RUN, RUNNER_TEMP: temp })
    expect(second.code).toBe(0)
    const path = second.outputs['token-file'] ?? ''
    expect(readFileSync(path, 'utf8')).toBe(first.outputs['access-token'])
    const post = await runPost(inputs, second.state, { ...RUN, RUNNER_TEMP: temp })
    expect(post.code).toBe(0)
    expect(existsSync(path)).toBe(false)
    expectSafe(post, [HANDOFF_KEY, first.outputs['access-token'] ?? ''])
  })

  /**
   * The masks of `value` that make the runner drop a job output holding it ("Skip output '...'
   * since it may contain secret"): the runner's SecretMasker holds each registered value and its
   * encoded forms (actions/runner ValueEncoders: base64 from byte 0, 1 and 2, JSON, URI).
   */
  function runnerMasks(value: string): string[] {
    const base64 = (shift: number): string => {
      const bytes = Buffer.from(value)
      return (bytes.length > shift ? bytes.subarray(shift) : bytes).toString('base64')
    }
    const json = JSON.stringify(value).slice(1, -1)
    return [value, base64(0), base64(1), base64(2), json, encodeURIComponent(value)]
  }

  // A Passport client id (42) and a username (ci), from secrets.* as the README passes them: the
  // runner masks both, and a two-character value is in about one random hand-off in four. Without
  // sealing again, 12 runs all miss both about once in 4,000; with it, one keeps one about once
  // in 10^8.
  it('sets output handoff with no value the runner masks in it, so GitHub passes it on', async () => {
    const seed = await startSeedServer({ clientId: '42', username: 'ci', log: () => undefined })
    cleanups.push(() => seed.close())
    for (let i = 0; i < 12; i++) {
      const run = await runAction(
        step({ ...passwordGrantInputs(seed), 'handoff-key': HANDOFF_KEY }),
        RUN
      )
      expect(run.code).toBe(0)
      const handoff = run.outputs.handoff ?? ''
      const masks = [...maskedValues(run.stdout), seed.client.id, seed.user.username]
      expect(masks.flatMap(runnerMasks).filter(mask => handoff.includes(mask))).toEqual([])
    }
  })

  // A value the action masked itself is surely a runner mask: one still in the hand-off after the
  // 32 tries (in practice one character) is warned of in the minting step, without the value; a
  // client id or username is not, as it may come from vars.* and not be masked at all. A 6,000-
  // character token makes a hand-off in which a given character is missing about once in 10^28.
  it.each([
    ['a one-character client-secret is warned of', 'ci-app-4f1e', '7', true],
    ['a one-character client id is not', '7', 'cs-secret-4f1e', false]
  ])('%s when still in output handoff', async (_, clientId, clientSecret, warned) => {
    const fs = await startFaultServer(() =>
      token({ ...newToken('handoff'), access_token: `at-${randomBytes(3000).toString('hex')}` })
    )
    cleanups.push(() => fs.close())
    const inputs = { host: fs.url, 'client-id': clientId, 'client-secret': clientSecret }
    const run = await runAction(step({ ...inputs, 'handoff-key': HANDOFF_KEY }), RUN)
    expect(run.code).toBe(0)
    expect(run.outputs.handoff).toContain('7')
    expect(lines(run).filter(line => line.startsWith('::warning'))).toEqual(
      warned
        ? ['::warning::GitHub drops output handoff: a short secret is in it; lengthen the secret']
        : []
    )
    expectSafe(run, [clientSecret, run.outputs['access-token'] ?? ''])
  })

  // "Re-run failed jobs" runs the receiving job again in the same run, with GITHUB_RUN_ATTEMPT
  // raised; a `handoff: |` block adds a line break, which the input's trimming removes.
  it('opens in a re-run of the receiving job, and with the line break a YAML block adds', async () => {
    const rs = await server()
    const first = await mint(rs, { ...RUN, GITHUB_RUN_ATTEMPT: '1' })
    const handoff = first.outputs.handoff ?? ''
    for (const [value, attempt] of [
      [handoff, '2'],
      [`${handoff}\n`, '1']
    ] as const) {
      const run = await receive(value, {}, { ...RUN, GITHUB_RUN_ATTEMPT: attempt })
      expect(run.code).toBe(0)
      expect(run.env).toEqual({ ACCESS_TOKEN: first.outputs['access-token'] })
    }
  })

  it('fails in one line with a wrong key', async () => {
    const rs = await server()
    const first = await mint(rs)
    const wrongKey = 'Zz9Yy8Xx7Ww6Vv5Uu4Tt3Ss2Rr1Qq0PpOoNnMmLlKkJ='
    const run = await runAction(
      step({ handoff: first.outputs.handoff ?? '', 'handoff-key': wrongKey }),
      RUN
    )
    expect(fail(run)).toBe(
      "input 'handoff' could not be decrypted: either 'handoff-key' is not the key the minting job used, or the hand-off was made in another repository or altered on the way"
    )
    expect(run.outputs).toEqual({})
    expect(run.env).toEqual({})
    expectSafe(run, [wrongKey, first.outputs['access-token'] ?? ''])
  })

  it('fails in one line in another workflow run', async () => {
    const rs = await server()
    const first = await mint(rs)
    const run = await receive(first.outputs.handoff ?? '', {}, { ...RUN, GITHUB_RUN_ID: '7777002' })
    expect(fail(run)).toBe(
      "input 'handoff' was made in workflow run 7777001, not in this run (7777002): a hand-off works only within the run that made it: pass the handoff output of a job in this run"
    )
    expect(run.outputs).toEqual({})
  })

  it('fails in one line in another repository', async () => {
    const rs = await server()
    const first = await mint(rs)
    const run = await receive(
      first.outputs.handoff ?? '',
      {},
      { ...RUN, GITHUB_REPOSITORY: 'octo/fork' }
    )
    expect(fail(run)).toBe(
      "input 'handoff' could not be decrypted: either 'handoff-key' is not the key the minting job used, or the hand-off was made in another repository or altered on the way"
    )
  })

  it('fails in one line when a byte was flipped', async () => {
    const rs = await server()
    const first = await mint(rs)
    const bytes = Buffer.from(first.outputs.handoff ?? '', 'base64url')
    const ciphertextByte = 37 + 5
    bytes.writeUInt8(bytes.readUInt8(ciphertextByte) ^ 0x01, ciphertextByte)
    const run = await receive(bytes.toString('base64url'))
    expect(fail(run)).toBe(
      "input 'handoff' could not be decrypted: either 'handoff-key' is not the key the minting job used, or the hand-off was made in another repository or altered on the way"
    )
    expect(run.outputs).toEqual({})
    expectSafe(run, [HANDOFF_KEY, first.outputs['access-token'] ?? ''])
  })

  it('keeps a line break sealed in by a holder of the key on one line, where it cannot start a workflow command', async () => {
    const injected = '::add-mask::valid'
    const handoff = sealHandoff(
      {
        token: {
          accessToken: 'access-token-VALUE-1',
          tokenType: 'Bearer',
          authorization: 'Bearer access-token-VALUE-1',
          expiresIn: '',
          expiresAt: `2099-01-01T00:00:00Z\n${injected}`,
          refreshToken: '',
          idToken: '',
          scope: '',
          warnings: []
        },
        origin: {
          endpoint: 'https://auth.example.com/oauth/token',
          grantType: 'password',
          clientAuth: 'body'
        },
        shown: { facts: [['token type', 'Bearer\r::stop-commands::x']], claims: [] }
      },
      HANDOFF_KEY,
      { repository: RUN.GITHUB_REPOSITORY, runId: BigInt(RUN.GITHUB_RUN_ID) }
    )
    const run = await receive(handoff)
    expect(run.code).toBe(0)
    expect(lines(run).filter(line => line.startsWith('::'))).toEqual([
      `${MASK}${HANDOFF_KEY}`,
      `${MASK}access-token-VALUE-1`,
      `${MASK}Bearer access-token-VALUE-1`
    ])
    expect(shown(run)).toContain(
      `Received a Bearer ::stop-commands::x token, valid until 2099-01-01T00:00:00Z ${injected}: in the step's outputs and in $ACCESS_TOKEN.`
    )
  })

  it('fails in one line when the token has expired', async () => {
    const rs = await server({ expiresIn: 0 })
    const first = await mint(rs)
    const run = await receive(first.outputs.handoff ?? '')
    expect(fail(run)).toBe(
      `input 'handoff' holds a token that expired at ${first.outputs['expires-at']}: re-run the job that mints it, or ask for a longer-lived token`
    )
    expect(run.outputs).toEqual({})
    expectSafe(run, [HANDOFF_KEY, first.outputs['access-token'] ?? ''])
  })

  it('refuses token-request inputs next to handoff, and a short key, before anything else', async () => {
    const rs = await server()
    const mixed = await receive('AAAA', { host: rs.url, 'client-id': 'x' })
    expect(fail(mixed)).toBe(
      "input 'handoff' takes the token from another job and sends no request, so 'host' and 'client-id' must not be set: remove them from this step"
    )
    const short = await runAction(
      step({ ...clientInputs(rs), 'handoff-key': 'too-short-key' }),
      RUN
    )
    expect(fail(short)).toBe(
      "input 'handoff-key' must be at least 32 bytes long (it has 13): make one with 'openssl rand -base64 32' and store it as a secret"
    )
    expect(lines(short)[1]).toBe(`${MASK}too-short-key`)
    expectSafe(short, [rs.client.secret, 'too-short-key'])
    expect(rs.requests).toHaveLength(0)
  })

  it("refuses revoke in a receiving step without sending it to the minting job's revoke, which handoff-key refuses", async () => {
    const rs = await server()
    const received = await receive('AAAA', { revoke: 'true' })
    const advice = fail(received)
    // The minting job has handoff-key, or there is no hand-off: revoke is refused there too.
    const minting = await runAction(
      step({ ...clientInputs(rs), 'handoff-key': HANDOFF_KEY, revoke: 'true' }),
      RUN
    )
    expect(fail(minting)).toBe(
      "inputs 'revoke' and 'handoff-key' cannot both be set: revoking at the end of this job would cut off the job the token is handed to"
    )
    expect(advice).toBe(
      "input 'revoke' must be false with 'handoff': no job revokes a handed-off token (the minting job refuses revoke with handoff-key): remove revoke"
    )
    expect(rs.requests).toHaveLength(0)
  })

  it('says what to check when the hand-off arrives empty', async () => {
    const run = await runAction(step({ handoff: '', 'handoff-key': HANDOFF_KEY }), RUN)
    expect(fail(run)).toBe(
      "input 'handoff' is empty: pass handoff: ${{ needs.<job>.outputs.handoff }}, and check that the minting job declares that output and that its log has no \"Skip output 'handoff'\" warning (GitHub drops an output that holds a masked value)"
    )
  })
})

describe('runner: diagnostics, min-validity and the job summary', () => {
  it('logs the facts and JWT claims, and writes them to the summary, without a secret', async () => {
    const rs = await server({ refreshTokens: true })
    const main = await runAction(step({ ...clientInputs(rs), 'body-format': 'form' }))
    expect(main.code).toBe(0)
    const access = main.outputs['access-token'] ?? ''
    const fingerprint = createHash('sha256').update(access).digest('hex').slice(0, 12)
    const expiresAt = main.outputs['expires-at'] ?? ''
    const claims = JSON.parse(Buffer.from(access.split('.')[1] ?? '', 'base64url').toString()) as {
      iat: number
      exp: number
    }
    const iso = (seconds: number): string =>
      new Date(seconds * 1000).toISOString().replace('.000Z', 'Z')
    expect(shown(main).slice(1)).toEqual([
      `Got a Bearer token, valid until ${expiresAt}: in the step's outputs and in $ACCESS_TOKEN.`,
      `Token: endpoint ${rs.url}/oauth/token; grant type client_credentials; client auth body; token type Bearer; scope read write; expires at ${expiresAt}; fingerprint sha256:${fingerprint}`,
      `JWT claims (decoded, not verified): iss https://issuer.test; sub ci-bot; aud api, billing; scope read write; exp ${claims.exp} (${iso(claims.exp)}); iat ${claims.iat} (${iso(claims.iat)})`
    ])
    expect(main.summary).toBe(
      [
        '### OAuth 2.0 token',
        '',
        '| | |',
        '| --- | --- |',
        // Each value a code span, as written, so no server text makes a link and the runner's
        // masks still match.
        `| endpoint | \` ${rs.url}/oauth/token \` |`,
        '| grant type | ` client_credentials ` |',
        '| client auth | ` body ` |',
        '| token type | ` Bearer ` |',
        '| scope | ` read write ` |',
        `| expires at | \` ${expiresAt} \` |`,
        `| fingerprint | \` sha256:${fingerprint} \` |`,
        '| JWT iss | ` https://issuer.test ` |',
        '| JWT sub | ` ci-bot ` |',
        '| JWT aud | ` api, billing ` |',
        '| JWT scope | ` read write ` |',
        `| JWT exp | \` ${claims.exp} (${iso(claims.exp)}) \` |`,
        `| JWT iat | \` ${claims.iat} (${iso(claims.iat)}) \` |`,
        '| token file | ` no ` |',
        '| hand-off | ` no ` |',
        '| revoked at job end | ` no ` |',
        '',
        ''
      ].join('\n')
    )
    expectSafe(main, [rs.client.secret, access, main.outputs['refresh-token'] ?? ''])
  })

  it('writes no summary with summary: false', async () => {
    const rs = await server()
    const main = await runAction(step({ ...clientInputs(rs), summary: 'false' }))
    expect(main.code).toBe(0)
    expect(main.summary).toBe('')
  })

  it('fails a token that expires sooner than min-validity, and says how to fix it', async () => {
    const rs = await server({ expiresIn: 300 })
    const run = await runAction(step({ ...clientInputs(rs), 'min-validity': '900' }))
    expect(fail(run)).toMatch(
      /^The token expires at \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ, in (298|299|300) s, sooner than min-validity \(900 s\): ask the server for a longer lifetime, or lower min-validity$/
    )
    // Issue 5: a token that expires within 10 minutes "always gets a warning", before the failure.
    expect(lines(run).filter(line => /^::(warning|error)::/.test(line))).toEqual([
      expect.stringMatching(
        /^::warning::The token expires at \S+Z, in (298|299|300) s: steps that run longer will be refused$/
      ),
      expect.stringMatching(/^::error::The token expires at /)
    ])
    expect(run.outputs).toEqual({})
    expect(run.env).toEqual({})
  })

  it('passes a token whose lifetime is min-validity exactly, and fails one a second shorter', async () => {
    const rs = await server({ expiresIn: 3600 })
    const run = await runAction(step({ ...clientInputs(rs), 'min-validity': '3600' }))
    expect(run.code).toBe(0)
    expect(run.outputs['expires-in']).toBe('3600')
    expect(lines(run).filter(line => line.startsWith('::warning'))).toEqual([])
    const short = await runAction(step({ ...clientInputs(rs), 'min-validity': '3601' }))
    expect(fail(short)).toMatch(/, in 3600 s, sooner than min-validity \(3601 s\)/)
  })

  it('refuses a min-validity with a unit before any request, saying it counts seconds', async () => {
    const rs = await server()
    const run = await runAction(step({ ...clientInputs(rs), 'min-validity': '15m' }))
    expect(fail(run)).toBe(
      "input 'min-validity' must be a whole number of seconds, 0 to 31536000; got '15m'"
    )
    expect(rs.requests).toEqual([])
  })

  it('warns about a token that expires within 10 minutes', async () => {
    const rs = await server({ expiresIn: 300 })
    const run = await runAction(step(clientInputs(rs)))
    expect(run.code).toBe(0)
    const warnings = lines(run).filter(line => line.startsWith('::warning'))
    expect(warnings).toEqual([
      expect.stringMatching(
        /^::warning::The token expires at \S+Z, in (298|299|300) s: steps that run longer will be refused; set min-validity to fail early instead$/
      )
    ])
    expectSafe(run, [rs.client.secret, run.outputs['access-token'] ?? ''])
  })

  it('warns about a token that expires within 10 minutes even when it meets min-validity', async () => {
    const rs = await server({ expiresIn: 300 })
    const run = await runAction(step({ ...clientInputs(rs), 'min-validity': '60' }))
    expect(run.code).toBe(0)
    expect(run.outputs['access-token']).toBeTruthy()
    expect(lines(run).filter(line => line.startsWith('::warning'))).toEqual([
      expect.stringMatching(
        /^::warning::The token expires at \S+Z, in (298|299|300) s: steps that run longer will be refused$/
      )
    ])
  })
})
