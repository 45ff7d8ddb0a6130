import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fakeCore, type FakeCore } from '../__fixtures__/core.js'
import type { Runtime } from '../src/main.js'
import { post } from '../src/post.js'
import { type HttpRequest, type HttpResponse, TransportError } from '../src/transport.js'
import { privateKeyPem } from './support/keys.js'
import { withProcessEnv } from './support/process-env.js'

const NOW = Date.parse('2026-11-28T12:00:00Z')
const SECRET = 'client-secret-VALUE'
const ACCESS = 'access-token-VALUE'
const REFRESH = 'refresh-token-VALUE'
const URL_ = 'https://auth.example.com/oauth/revoke'
const INPUTS = { host: 'https://auth.example.com', 'client-id': 'c1', 'client-secret': SECRET }
/** The same client, its endpoints found by discovery (saved by the main step). */
const ISSUER_INPUTS = {
  issuer: 'https://auth.example.com',
  'client-id': 'c1',
  'client-secret': SECRET
}
/** A token file's name as the main step makes it (token-file.ts). */
const TOKEN_FILE = 'oauth2-token-0123456789abcdef01234567'
const REVOKE = JSON.stringify({
  url: URL_,
  tokens: [
    { token: ACCESS, hint: 'access_token', expiresAt: '2026-11-28T13:00:00Z' },
    { token: REFRESH, hint: 'refresh_token', expiresAt: '' }
  ]
})

let dir = ''
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'post-test-'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

async function runPost(
  state: Record<string, string>,
  answers: (number | HttpResponse | TransportError)[] = [],
  inputs: Record<string, string> = INPUTS,
  env: Record<string, string> = {}
): Promise<{ core: FakeCore; sent: HttpRequest[] }> {
  const core = fakeCore(inputs, { ...state })
  const sent: HttpRequest[] = []
  const runtime: Runtime = {
    core,
    env,
    send: async (request): Promise<HttpResponse> => {
      sent.push(request)
      const answer = answers.shift() ?? 200
      if (answer instanceof TransportError) throw answer
      return typeof answer === 'number' ? { status: answer, headers: {}, body: '' } : answer
    },
    clock: { now: () => NOW, sleep: async () => undefined, random: () => 0.5 }
  }
  await post(runtime)
  return { core, sent }
}

/**
 * The post step with REVOKE's tokens saved at `endpoints` (url, tokenEndpoint) sends nothing and
 * writes `warning`, its one warning.
 */
async function expectRefused(
  endpoints: { url?: string; tokenEndpoint?: string | undefined },
  inputs: Record<string, string>,
  warning: string
): Promise<void> {
  const saved = JSON.stringify({ ...JSON.parse(REVOKE), ...endpoints })
  const { core, sent } = await runPost({ revoke: saved }, [], inputs)
  expect(sent).toEqual([])
  // Nothing was revoked: the warning says until when each token stays valid.
  expect(core.calls.filter(call => call.fn === 'warning')).toEqual([
    { fn: 'warning', args: [`${warning}${STILL_VALID}`] }
  ])
}

/** What the warning adds when REVOKE's tokens could not be revoked. */
const STILL_VALID =
  '; the access token stays valid until 2026-11-28T13:00:00Z; the refresh token stays valid until it expires'

/**
 * The post step for client-auth github-oidc, with `revoke` saved and GitHub answering each ID
 * token request (whose audiences it records) with `idToken`, or what `idToken` gives for the
 * nth request; the revocations answer with `statuses` in turn, then 200.
 */
async function runOidcPost(
  revoke: string,
  idToken: string | ((nth: number) => Promise<string>),
  statuses: number[] = [],
  env: Record<string, string> = {
    ACTIONS_ID_TOKEN_REQUEST_URL: 'https://token.actions.example/id',
    ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'runner-request-TOKEN'
  }
): Promise<{ core: FakeCore; sent: HttpRequest[]; audiences: (string | undefined)[] }> {
  const audiences: (string | undefined)[] = []
  const inputs = {
    host: 'https://auth.example.com',
    'client-id': 'c1',
    'client-auth': 'github-oidc'
  }
  const core = fakeCore(inputs, { revoke }, async audience => {
    audiences.push(audience)
    return typeof idToken === 'string' ? idToken : idToken(audiences.length)
  })
  const sent: HttpRequest[] = []
  await post({
    core,
    env,
    send: async (request): Promise<HttpResponse> => {
      sent.push(request)
      return { status: statuses.shift() ?? 200, headers: {}, body: '' }
    },
    clock: { now: () => NOW, sleep: async () => undefined, random: () => 0.5 }
  })
  return { core, sent, audiences }
}

describe('post', () => {
  it('sends a new client assertion when it retries a revocation (a jti may be used once)', async () => {
    const { sent } = await runOidcPost(REVOKE, async nth => `id.token.${nth}`, [503])
    const assertions = sent.map(request =>
      new URLSearchParams(request.body).get('client_assertion')
    )
    // The 503 is retried with a fresh ID token, never the one already sent.
    expect(assertions).toEqual(['id.token.1', 'id.token.2', 'id.token.3'])
  })

  it('names as still valid only the tokens it has not revoked when a later one fails', async () => {
    const { core, sent } = await runOidcPost(REVOKE, async nth => {
      if (nth > 1) throw new Error('Failed to get ID Token. Error Code : 503 Error Message: down')
      return 'id.token.value'
    })
    expect(sent).toHaveLength(1)
    const warnings = core.calls.filter(call => call.fn === 'warning').map(call => call.args[0])
    expect(warnings).toHaveLength(1)
    expect(warnings[0]).toMatch(
      /^Could not revoke the tokens: .*; the refresh token stays valid until it expires$/
    )
    expect(warnings[0]).not.toContain('access token stays valid')
  })

  it('masks every secret first, then revokes both tokens with the client credentials', async () => {
    const { core, sent } = await runPost({ revoke: REVOKE })
    expect(core.calls).toEqual([
      { fn: 'setSecret', args: [ACCESS] },
      { fn: 'setSecret', args: [REFRESH] },
      { fn: 'setSecret', args: [SECRET] },
      { fn: 'info', args: [`Revoked the access token at ${URL_}.`] },
      { fn: 'info', args: [`Revoked the refresh token at ${URL_}.`] }
    ])
    expect(sent.map(request => [request.url.href, request.body])).toEqual([
      [URL_, `token=${ACCESS}&token_type_hint=access_token&client_id=c1&client_secret=${SECRET}`],
      [URL_, `token=${REFRESH}&token_type_hint=refresh_token&client_id=c1&client_secret=${SECRET}`]
    ])
  })

  it('masks handoff-key too, which the post step reads with the other inputs', async () => {
    const handoffKey = 'W4vQ9sLx2Tb7Nc1Rm8Pz3Hk6Jd0Fy5Ga+EoUiYt/BwA='
    const { core } = await runPost({ revoke: REVOKE }, [], { ...INPUTS, 'handoff-key': handoffKey })
    const firstWrite = core.calls.findIndex(call => call.fn !== 'setSecret')
    expect(core.calls.slice(0, firstWrite).map(call => call.args[0])).toContain(handoffKey)
  })

  it("masks the proxy's credentials before the token file line", async () => {
    const path = join(dir, TOKEN_FILE)
    writeFileSync(path, ACCESS, { mode: 0o600 })
    const password = 'proxy-pa55word-VALUE'
    const proxy = { HTTPS_PROXY: `http://ci-user:${password}@proxy.example:3128` }
    const { core } = await withProcessEnv(proxy, () =>
      runPost({ 'token-file': path }, [], INPUTS, proxy)
    )
    const firstWrite = core.calls.findIndex(call => call.fn !== 'setSecret')
    expect(core.calls[firstWrite]?.args[0]).toBe(`Deleted the token file ${path}.`)
    expect(core.calls.slice(0, firstWrite).map(call => call.args[0])).toContain(password)
  })

  // Its cancellation warning (SIGINT, SIGTERM) holds only while it works: once done, a signal ends
  // the process as Node's default would, and runs of post() add no listener to the process.
  it('listens for SIGINT and SIGTERM while it revokes, and stops listening when done', async () => {
    const before = [process.listenerCount('SIGINT'), process.listenerCount('SIGTERM')]
    let during: number[] = []
    const core = fakeCore(INPUTS, { revoke: REVOKE })
    await post({
      core,
      env: {},
      send: async (): Promise<HttpResponse> => {
        during = [process.listenerCount('SIGINT'), process.listenerCount('SIGTERM')]
        return { status: 200, headers: {}, body: '' }
      },
      clock: { now: () => NOW, sleep: async () => undefined, random: () => 0.5 }
    })
    expect(during).toEqual(before.map(count => count + 1))
    expect([process.listenerCount('SIGINT'), process.listenerCount('SIGTERM')]).toEqual(before)
  })

  it('does nothing, and writes nothing, when the main step left nothing', async () => {
    const { core, sent } = await runPost({})
    expect(core.calls).toEqual([])
    expect(sent).toEqual([])
  })

  it('skips a token that has expired', async () => {
    const expired = REVOKE.replace('2026-11-28T13:00:00Z', '2026-11-28T12:00:00Z')
    const { core, sent } = await runPost({ revoke: expired })
    expect(core.calls.filter(call => call.fn === 'info')).toEqual([
      { fn: 'info', args: ['Not revoking the access token: it expired at 2026-11-28T12:00:00Z.'] },
      { fn: 'info', args: [`Revoked the refresh token at ${URL_}.`] }
    ])
    expect(sent).toHaveLength(1)
  })

  it('warns, never fails, when the server refuses, and goes on to the next token', async () => {
    const { core } = await runPost({ revoke: REVOKE }, [400, 200])
    expect(core.calls.slice(3)).toEqual([
      {
        fn: 'warning',
        args: [
          `Could not revoke the access token at ${URL_}: HTTP 400 (no content type) with an empty body; check the request: client-auth and extra-params; it stays valid until 2026-11-28T13:00:00Z`
        ]
      },
      { fn: 'info', args: [`Revoked the refresh token at ${URL_}.`] }
    ])
    expect(core.setFailed).not.toHaveBeenCalled()
  })

  // RFC 7009's older servers answer 400 invalid_token for a token they no longer know.
  it('does not say a token stays valid when the server says it is already invalid', async () => {
    const core = fakeCore(INPUTS, { revoke: REVOKE })
    const answers = [
      { status: 400, body: '{"error":"invalid_token"}' },
      { status: 200, body: '' }
    ]
    await post({
      core,
      env: {},
      send: async (): Promise<HttpResponse> => {
        const { status, body } = answers.shift() ?? { status: 200, body: '' }
        return { status, headers: { 'content-type': 'application/json' }, body }
      },
      clock: { now: () => NOW, sleep: async () => undefined, random: () => 0.5 }
    })
    expect(core.calls.filter(call => call.fn === 'warning').map(call => call.args[0])).toEqual([
      `Could not revoke the access token at ${URL_}: HTTP 400 invalid_token; the server says it is already invalid`
    ])
    expect(core.setFailed).not.toHaveBeenCalled()
  })

  it('names the client credentials to check when the server refuses them with a 401', async () => {
    const { core } = await runPost({ revoke: REVOKE }, [401, 401])
    expect(core.calls.filter(call => call.fn === 'warning')).toEqual(
      ['access token', 'refresh token'].map(name => ({
        fn: 'warning',
        args: [
          `Could not revoke the ${name} at ${URL_}: HTTP 401 (no content type) with an empty body; check client-id, client-secret and client-auth; it stays valid ${name === 'access token' ? 'until 2026-11-28T13:00:00Z' : 'until it expires'}`
        ]
      }))
    )
    expect(core.setFailed).not.toHaveBeenCalled()
  })

  it('after an endpoint that did not answer, warns once and tries nothing more', async () => {
    const timeout = new TransportError('timed out after 30 s', 'ETIMEDOUT')
    const { core, sent } = await runPost({ revoke: REVOKE }, [timeout, timeout, 200])
    expect(sent.map(request => request.body.split('&')[1])).toEqual([
      'token_type_hint=access_token',
      'token_type_hint=access_token'
    ])
    expect(core.calls.slice(3)).toEqual([
      {
        fn: 'warning',
        args: [
          `Could not revoke the access token at ${URL_} after 2 attempts: timed out after 30 s; raise input 'timeout' or check that the server answers; it stays valid until 2026-11-28T13:00:00Z; the refresh token was not tried and stays valid until it expires`
        ]
      }
    ])
    expect(core.setFailed).not.toHaveBeenCalled()
  })

  it('after an answer cut off before its end, tries the refresh token: the endpoint answered', async () => {
    // A 401 whose body was cut is still the endpoint's answer: not retried, not "unreachable".
    const cut = new TransportError('aborted', 'ECONNRESET', undefined, 401)
    const { core, sent } = await runPost({ revoke: REVOKE }, [cut, 200])
    expect(sent.map(request => request.body.split('&')[1])).toEqual([
      'token_type_hint=access_token',
      'token_type_hint=refresh_token'
    ])
    expect(core.calls.slice(3)).toEqual([
      {
        fn: 'warning',
        args: [
          `Could not revoke the access token at ${URL_}: HTTP 401 answer cut off before its end: ECONNRESET: aborted; the connection was cut: check the server, and any proxy or firewall on the way; it stays valid until 2026-11-28T13:00:00Z`
        ]
      },
      { fn: 'info', args: [`Revoked the refresh token at ${URL_}.`] }
    ])
  })

  // Masked before it writes anything: with a mask it could not make, it writes only the warning.
  it('warns, and deletes and sends nothing, when a secret cannot be masked', async () => {
    const path = join(dir, TOKEN_FILE)
    writeFileSync(path, ACCESS, { mode: 0o600 })
    const core = fakeCore(INPUTS, { revoke: REVOKE, 'token-file': path })
    const sent: HttpRequest[] = []
    await post({
      core: {
        ...core,
        setSecret: (value: string): void => {
          if (value === SECRET) throw new Error('the runner took no mask')
          core.setSecret(value)
        }
      },
      env: {},
      send: async (request): Promise<HttpResponse> => {
        sent.push(request)
        return { status: 200, headers: {}, body: '' }
      },
      clock: { now: () => NOW, sleep: async () => undefined, random: () => 0.5 }
    })
    expect(core.calls.filter(call => call.fn !== 'setSecret')).toEqual([
      { fn: 'warning', args: ['Post step: the runner took no mask'] }
    ])
    expect(sent).toEqual([])
    expect(existsSync(path)).toBe(true)
    expect(core.setFailed).not.toHaveBeenCalled()
  })

  it('warns, never fails, when the inputs no longer make a config', async () => {
    const { core, sent } = await runPost({ revoke: REVOKE }, [], { 'client-secret': SECRET })
    expect(core.calls).toEqual([
      { fn: 'setSecret', args: [ACCESS] },
      { fn: 'setSecret', args: [REFRESH] },
      { fn: 'setSecret', args: [SECRET] },
      {
        fn: 'warning',
        args: [
          "Could not revoke the tokens: input 'host' (or OAUTH_HOST) is required: the base URL of the API, e.g. https://api.example.com (or input 'issuer', to discover the token endpoint); the access token stays valid until 2026-11-28T13:00:00Z; the refresh token stays valid until it expires"
        ]
      }
    ])
    expect(sent).toEqual([])
  })

  it('revokes with the grant type that got the tokens, whatever a later step set OAUTH_GRANT_TYPE to', async () => {
    const saved = JSON.stringify({
      ...JSON.parse(REVOKE),
      clientId: 'c1',
      grantType: 'client_credentials'
    })
    const { core, sent } = await runPost({ revoke: saved }, [], INPUTS, {
      OAUTH_GRANT_TYPE: 'refresh_token'
    })
    expect(core.calls.filter(call => call.fn === 'warning')).toEqual([])
    expect(sent).toHaveLength(2)
  })

  it('sends nothing when client-id is not the one the tokens were issued to, and says why', async () => {
    const saved = JSON.stringify({
      ...JSON.parse(REVOKE),
      clientId: 'c1',
      grantType: 'client_credentials'
    })
    const { core, sent } = await runPost({ revoke: saved }, [], { ...INPUTS, 'client-id': 'c2' })
    expect(sent).toEqual([])
    expect(core.calls.filter(call => call.fn === 'warning')).toEqual([
      {
        fn: 'warning',
        args: [
          `Not revoking: client-id is 'c2' now, not the 'c1' the tokens were issued to (did a later step set OAUTH_CLIENT_ID?)${STILL_VALID}`
        ]
      }
    ])
  })

  it('says client-id changed, rather than that it is required, when a later step emptied it', async () => {
    const saved = JSON.stringify({
      ...JSON.parse(REVOKE),
      clientId: 'c1',
      grantType: 'client_credentials'
    })
    const { core, sent } = await runPost({ revoke: saved }, [], { ...INPUTS, 'client-id': '' })
    expect(sent).toEqual([])
    expect(core.calls.filter(call => call.fn === 'warning').map(call => call.args[0])).toEqual([
      `Not revoking: client-id is '' now, not the 'c1' the tokens were issued to (did a later step set OAUTH_CLIENT_ID?)${STILL_VALID}`
    ])
  })

  it.each(['stream', 'net,STREAM', '*'])(
    'sends nothing when a later step set NODE_DEBUG=%s, which would print the answer in hex',
    async nodeDebug => {
      const { core, sent } = await runPost({ revoke: REVOKE }, [], INPUTS, {
        NODE_DEBUG: nodeDebug
      })
      expect(sent).toEqual([])
      expect(core.calls.filter(call => call.fn === 'warning').map(call => call.args[0])).toEqual([
        `Could not revoke the tokens: NODE_DEBUG enables Node's stream section, which prints the start of each answer in hex, tokens among them, where no mask can hide them: unset NODE_DEBUG for this step${STILL_VALID}`
      ])
    }
  )

  it('sends nothing when a later step set NODE_DEBUG=http, which would print the request headers', async () => {
    const { core, sent } = await runPost({ revoke: REVOKE }, [], INPUTS, { NODE_DEBUG: 'http' })
    expect(sent).toEqual([])
    expect(core.calls.filter(call => call.fn === 'warning').map(call => call.args[0])).toEqual([
      `Could not revoke the tokens: NODE_DEBUG enables Node's http section, which prints each request's headers, credentials among them, on stderr, where the runner may log them before it has their masks: unset NODE_DEBUG for this step${STILL_VALID}`
    ])
  })

  it('names only the tokens that have not expired as still valid', async () => {
    const expired = JSON.stringify({
      url: URL_,
      tokens: [
        { token: ACCESS, hint: 'access_token', expiresAt: '2026-11-28T11:00:00Z' },
        { token: REFRESH, hint: 'refresh_token', expiresAt: '' }
      ]
    })
    const { core } = await runPost({ revoke: expired }, [], { 'client-secret': SECRET })
    expect(core.calls.filter(call => call.fn === 'warning')).toEqual([
      {
        fn: 'warning',
        args: [
          "Could not revoke the tokens: input 'host' (or OAUTH_HOST) is required: the base URL of the API, e.g. https://api.example.com (or input 'issuer', to discover the token endpoint); the refresh token stays valid until it expires"
        ]
      }
    ])
  })

  it('deletes the token file first, and still revokes', async () => {
    const path = join(dir, TOKEN_FILE)
    writeFileSync(path, ACCESS, { mode: 0o600 })
    const { core, sent } = await runPost({ revoke: REVOKE, 'token-file': path })
    expect(existsSync(path)).toBe(false)
    expect(core.calls.filter(call => call.fn === 'info').map(call => call.args[0])).toEqual([
      `Deleted the token file ${path}.`,
      `Revoked the access token at ${URL_}.`,
      `Revoked the refresh token at ${URL_}.`
    ])
    expect(sent).toHaveLength(2)
  })

  it('masks the Basic authorization and credential headers before the token file line', async () => {
    const path = join(dir, TOKEN_FILE)
    writeFileSync(path, ACCESS, { mode: 0o600 })
    const basic = `Basic ${Buffer.from(`c1:${SECRET}`).toString('base64')}`
    const { core } = await runPost({ revoke: REVOKE, 'token-file': path }, [], {
      ...INPUTS,
      'client-auth': 'basic',
      headers: 'X-Api-Key: gw-apikey-7f3a9c1e2b'
    })
    const firstWrite = core.calls.findIndex(call => call.fn !== 'setSecret')
    expect(core.calls[firstWrite]?.args[0]).toBe(`Deleted the token file ${path}.`)
    expect(core.calls.slice(0, firstWrite).map(call => call.args[0])).toEqual(
      expect.arrayContaining([basic, basic.slice('Basic '.length), 'gw-apikey-7f3a9c1e2b'])
    )
  })

  it('deletes a token file named with Windows separators, as path.resolve writes it there', async () => {
    // On Linux a backslash is part of a name: this file is named as on Windows after the last '/'.
    const path = join(dir, `D:\\a\\_temp\\${TOKEN_FILE}`)
    writeFileSync(path, ACCESS, { mode: 0o600 })
    const { core } = await runPost({ 'token-file': path })
    expect(existsSync(path)).toBe(false)
    expect(core.calls.slice(1)).toEqual([{ fn: 'info', args: [`Deleted the token file ${path}.`] }])
  })

  it('says so, without blaming anyone, when there is no token file to delete', async () => {
    const path = join(dir, TOKEN_FILE)
    const { core } = await runPost({ 'token-file': path })
    expect(core.calls).toEqual([
      { fn: 'setSecret', args: [SECRET] },
      {
        fn: 'info',
        args: [
          `No token file to delete at ${path}: the main step did not write it (it failed first), or it was already deleted.`
        ]
      }
    ])
  })

  it.each([
    ['a file the action never writes', (base: string) => join(base, 'notes.txt')],
    ['a near miss of its name', (base: string) => join(base, 'oauth2-token-x')],
    [
      'a line break, which would start a workflow command',
      (base: string) => join(base, `x\n::error::y/${TOKEN_FILE}`)
    ],
    [
      'a carriage return, which ends a log line as a line feed does',
      (base: string) => join(base, `x\r::error::y/${TOKEN_FILE}`)
    ],
    ['a name one hex digit short', (base: string) => join(base, TOKEN_FILE.slice(0, -1))],
    ['a name one hex digit long', (base: string) => join(base, `${TOKEN_FILE}0`)],
    ['a name that only ends as one does', (base: string) => join(base, `x${TOKEN_FILE}`)],
    [
      'a path that goes on past the name, back out of it',
      (base: string) => {
        mkdirSync(join(base, TOKEN_FILE))
        return `${join(base, TOKEN_FILE)}/../notes.txt`
      }
    ]
  ])('deletes nothing the saved state names that is not a token file: %s', async (_name, named) => {
    const path = named(dir)
    const victim = join(dir, 'notes.txt')
    writeFileSync(victim, 'keep')
    const { core } = await runPost({ 'token-file': path })
    expect(existsSync(victim)).toBe(true)
    const warnings = core.calls.filter(call => call.fn === 'warning').map(call => call.args[0])
    expect(warnings).toHaveLength(1)
    expect(warnings[0]).toMatch(/^Not deleting '[^\n]+': not a token file this action writes$/)
    expect(core.calls.filter(call => call.fn === 'info')).toEqual([])
  })

  it('warns when the token file cannot be deleted', async () => {
    const path = join(dir, TOKEN_FILE)
    mkdirSync(path)
    const { core } = await runPost({ 'token-file': path })
    expect(core.calls.slice(1)).toEqual([
      {
        fn: 'warning',
        args: [expect.stringMatching(new RegExp(`^Could not delete the token file ${path}: `))]
      }
    ])
    expect(core.setFailed).not.toHaveBeenCalled()
  })

  it("with issuer, sends no credentials to a revocation URL off the token endpoint's origin; warns instead", async () => {
    await expectRefused(
      {
        url: 'https://revoke.example.net/revoke',
        tokenEndpoint: 'https://auth.example.com/oauth/token'
      },
      ISSUER_INPUTS,
      "Not revoking at https://revoke.example.net/revoke: client credentials go only to the token endpoint's origin, https://auth.example.com"
    )
  })

  // Without issuer the token endpoint is the inputs' own: an altered state cannot move it.
  it.each([
    ['both endpoints', 'http://127.0.0.2:9/token'],
    ['the revocation endpoint alone', undefined],
    [
      'the revocation endpoint, to a token endpoint there too',
      'https://auth.example.com:8443/token'
    ]
  ])(
    "without issuer, sends nothing off the inputs' origin when the saved state moves %s",
    async (_name, tokenEndpoint) => {
      const url = tokenEndpoint
        ? new URL('/revoke', tokenEndpoint).href
        : 'http://127.0.0.2:9/revoke'
      await expectRefused(
        { url, tokenEndpoint },
        INPUTS,
        `Not revoking at ${url}: client credentials go only to the token endpoint's origin, https://auth.example.com (did a later step set OAUTH_HOST?)`
      )
    }
  )

  it("without issuer, takes the inputs' token endpoint whatever the saved state names", async () => {
    const saved = JSON.stringify({
      ...JSON.parse(REVOKE),
      tokenEndpoint: 'https://elsewhere.example.net/oauth/token'
    })
    const { core, sent } = await runPost({ revoke: saved })
    expect(core.calls.filter(call => call.fn === 'warning')).toEqual([])
    expect(sent.map(request => request.url.href)).toEqual([URL_, URL_])
  })

  it.each([
    ['revocation endpoint', 'http://revoke.example.com/revoke', 'https://auth.example.com/token'],
    ['token endpoint', 'https://auth.example.com/revoke', 'http://auth.example.com/token']
  ])(
    'with issuer, sends nothing to a saved %s over plain http',
    async (name, url, tokenEndpoint) => {
      const host = new URL(name === 'token endpoint' ? tokenEndpoint : url).host
      await expectRefused(
        { url, tokenEndpoint },
        ISSUER_INPUTS,
        `Not revoking: the saved ${name} uses plain http:// (${host}), which would send credentials unencrypted; the server must use https://, or set allow-insecure-http: true`
      )
    }
  )

  it('with issuer, sends nothing when the saved state has no token endpoint', async () => {
    await expectRefused({}, ISSUER_INPUTS, 'Not revoking: the saved state names no token endpoint')
  })

  it('ignores a revocation state it cannot read', async () => {
    const { core, sent } = await runPost({ revoke: '{not json' })
    expect(core.calls).toEqual([])
    expect(sent).toEqual([])
  })

  it("without issuer, asks GitHub for an ID token for the inputs' origin, whatever the state names", async () => {
    const saved = JSON.stringify({
      ...JSON.parse(REVOKE),
      tokenEndpoint: 'https://elsewhere.example.net/oauth/token'
    })
    const { sent, audiences } = await runOidcPost(
      saved,
      'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJyZXBvIn0.sig'
    )
    expect(audiences).toEqual(['https://auth.example.com', 'https://auth.example.com'])
    expect(sent.map(request => request.url.href)).toEqual([URL_, URL_])
  })

  it('without issuer, revokes at another path of the same origin', async () => {
    const moved = JSON.stringify({
      ...JSON.parse(REVOKE),
      url: 'https://auth.example.com/oauth/tokens/revoke'
    })
    const { core, sent } = await runPost({ revoke: moved })
    expect(core.calls.filter(call => call.fn === 'warning')).toEqual([])
    expect(sent.map(request => request.url.href)).toEqual([
      'https://auth.example.com/oauth/tokens/revoke',
      'https://auth.example.com/oauth/tokens/revoke'
    ])
  })

  it('with an https issuer, sends nothing to a saved plain-http loopback endpoint', async () => {
    await expectRefused(
      { url: 'http://127.0.0.1:9/revoke', tokenEndpoint: 'http://127.0.0.1:9/token' },
      ISSUER_INPUTS,
      'Not revoking: the saved revocation endpoint uses plain http:// (127.0.0.1:9), which would send credentials unencrypted; the server must use https://, or set allow-insecure-http: true'
    )
  })

  it("with issuer, revokes on the origin of the token endpoint discovery found, masking its proxy's credentials first", async () => {
    const password = 'proxy-pa55word-VALUE'
    const saved = JSON.stringify({
      ...JSON.parse(REVOKE),
      url: 'https://login.example.net/oauth/revoke',
      tokenEndpoint: 'https://login.example.net/oauth/token'
    })
    // The issuer goes around the proxy, the token endpoint through it.
    const proxy = {
      HTTPS_PROXY: `http://ci-user:${password}@proxy.example:3128`,
      NO_PROXY: 'auth.example.com'
    }
    const { core, sent } = await withProcessEnv(proxy, () =>
      runPost({ revoke: saved }, [], ISSUER_INPUTS, proxy)
    )
    expect(core.calls.filter(call => call.fn === 'warning')).toEqual([])
    expect(sent.map(request => request.url.href)).toEqual([
      'https://login.example.net/oauth/revoke',
      'https://login.example.net/oauth/revoke'
    ])
    const firstWrite = core.calls.findIndex(call => call.fn !== 'setSecret')
    expect(core.calls.slice(0, firstWrite).map(call => call.args[0])).toContain(password)
  })

  it('authenticates with a fresh signed assertion for client-auth private-key-jwt, masked first, asking GitHub for nothing', async () => {
    const key = privateKeyPem('ec', 'sec1')
    // A token exchange of the job's ID token: the post step needs the client's assertion only.
    const saved = JSON.stringify({
      ...JSON.parse(REVOKE),
      clientId: 'c1',
      grantType: 'urn:ietf:params:oauth:grant-type:token-exchange'
    })
    const { core, sent } = await runPost({ revoke: saved }, [], {
      host: 'https://auth.example.com',
      'client-id': 'c1',
      'client-auth': 'private-key-jwt',
      'private-key': key,
      'subject-token': 'github-oidc'
    })
    expect(core.calls.filter(call => call.fn === 'warning')).toEqual([])
    expect(core.getIDToken).not.toHaveBeenCalled()
    const assertions = sent.map(
      request => new URLSearchParams(request.body).get('client_assertion') ?? ''
    )
    expect(assertions).toHaveLength(2)
    expect(new Set(assertions).size).toBe(2)
    const order = core.calls.map(call => `${call.fn} ${call.args[0] ?? ''}`)
    const at = (line: string): number => order.indexOf(line)
    for (const [nth, name] of ['access', 'refresh'].entries()) {
      const assertion = assertions[nth] ?? ''
      const claims = JSON.parse(Buffer.from(assertion.split('.')[1] ?? '', 'base64url').toString())
      expect(claims).toMatchObject({ iss: 'c1', aud: 'https://auth.example.com/oauth/token' })
      expect(at(`setSecret ${assertion}`)).toBeGreaterThanOrEqual(0)
      expect(at(`setSecret ${assertion}`)).toBeLessThan(
        at(`info Revoked the ${name} token at ${URL_}.`)
      )
    }
  })

  describe('a private-key-jwt assertion refused at the revocation endpoint (Okta and Glewlwyd take only the URL called as aud)', () => {
    const KEYLESS = {
      host: 'https://auth.example.com',
      'client-id': 'c1',
      'client-auth': 'private-key-jwt',
      'private-key': privateKeyPem('ec', 'sec1')
    }
    const SAVED = JSON.stringify({ ...JSON.parse(REVOKE), clientId: 'c1' })
    const audiences = (sent: HttpRequest[]): unknown[] =>
      sent.map(request => {
        const assertion = new URLSearchParams(request.body).get('client_assertion') ?? ''
        return JSON.parse(Buffer.from(assertion.split('.')[1] ?? '', 'base64url').toString()).aud
      })
    const TOKEN_URL = 'https://auth.example.com/oauth/token'

    const refusal = (status: number, error: string): HttpResponse => ({
      status,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ error })
    })

    it.each<[string, number | HttpResponse]>([
      ['a 401', 401],
      ['a 400 invalid_client (Authlib)', refusal(400, 'invalid_client')]
    ])(
      '%s: sent once more, addressed to the revocation endpoint, and so the next token at once',
      async (_what, answer) => {
        const { core, sent } = await runPost({ revoke: SAVED }, [answer], KEYLESS)
        expect(core.calls.filter(call => call.fn === 'warning')).toEqual([])
        expect(audiences(sent)).toEqual([TOKEN_URL, URL_, URL_])
        expect(sent.map(request => request.url.href)).toEqual([URL_, URL_, URL_])
        const assertions = sent.map(request =>
          new URLSearchParams(request.body).get('client_assertion')
        )
        expect(new Set(assertions).size).toBe(3)
        expect(core.calls.filter(call => call.fn === 'info').map(call => call.args[0])).toEqual(
          expect.arrayContaining([
            `Revoked the access token at ${URL_}.`,
            `Revoked the refresh token at ${URL_}.`
          ])
        )
      }
    )

    it('refused both ways: each token tried both ways, one warning each, the attempts counted', async () => {
      const { core, sent } = await runPost({ revoke: SAVED }, [401, 401, 401, 401], KEYLESS)
      expect(audiences(sent)).toEqual([TOKEN_URL, URL_, TOKEN_URL, URL_])
      const warnings = core.calls.filter(call => call.fn === 'warning').map(call => call.args[0])
      expect(warnings).toEqual([
        expect.stringMatching(
          new RegExp(
            `^Could not revoke the access token at ${URL_} after 2 attempts: HTTP 401 .*takes this URL as aud; it stays valid until 2026-11-28T13:00:00Z$`
          )
        ),
        expect.stringMatching(
          new RegExp(
            `^Could not revoke the refresh token at ${URL_} after 2 attempts: HTTP 401 .*takes this URL as aud; it stays valid until it expires$`
          )
        )
      ])
    })

    it('a 429, a 401 to the retry, then a 401 again: three attempts, and the next token as before', async () => {
      const { core, sent } = await runPost({ revoke: SAVED }, [429, 401, 401, 200], KEYLESS)
      expect(audiences(sent)).toEqual([TOKEN_URL, TOKEN_URL, URL_, TOKEN_URL])
      expect(core.calls.filter(call => call.fn === 'warning').map(call => call.args[0])).toEqual([
        expect.stringMatching(
          new RegExp(`^Could not revoke the access token at ${URL_} after 3 attempts: HTTP 401 `)
        )
      ])
    })

    it.each<[string, number | HttpResponse]>([
      ['a 403', 403],
      ['a 500', 500],
      ['a bare 400', 400],
      ['a 400 unsupported_token_type', refusal(400, 'unsupported_token_type')]
    ])('%s: not sent again, the aud was not what was refused', async (_what, answer) => {
      const { sent } = await runPost({ revoke: SAVED }, [answer, 200], KEYLESS)
      expect(audiences(sent)).toEqual([TOKEN_URL, TOKEN_URL])
    })

    // A server that takes only the token endpoint's aud (Keycloak) and cannot revoke a JWT access
    // token: its 400 says why, where a readdressed assertion's 401 would blame the credentials.
    it('a 400 unsupported_token_type is the warning, in one attempt (review E)', async () => {
      const { core, sent } = await runPost(
        { revoke: SAVED },
        [refusal(400, 'unsupported_token_type'), 200],
        KEYLESS
      )
      expect(audiences(sent)).toEqual([TOKEN_URL, TOKEN_URL])
      expect(core.calls.filter(call => call.fn === 'warning').map(call => call.args[0])).toEqual([
        expect.stringMatching(
          new RegExp(
            `^Could not revoke the access token at ${URL_}: HTTP 400 unsupported_token_type; `
          )
        )
      ])
    })

    it('a client secret refused with a 401 is not sent again', async () => {
      const { sent } = await runPost({ revoke: REVOKE }, [401, 200])
      expect(sent).toHaveLength(2)
      expect(sent.map(request => new URLSearchParams(request.body).get('token'))).toEqual([
        ACCESS,
        REFRESH
      ])
    })
  })

  it('asks GitHub for nothing, and sends nothing, when the runner gives no ID token URL', async () => {
    const { core, sent, audiences } = await runOidcPost(REVOKE, 'never.asked.for', [], {})
    expect(audiences).toEqual([])
    expect(sent).toEqual([])
    expect(core.calls.filter(call => call.fn === 'warning').map(call => call.args[0])).toEqual([
      `Could not revoke the tokens: Could not get the job's OIDC ID token from GitHub (ACTIONS_ID_TOKEN_REQUEST_URL is not set): add 'permissions: id-token: write' to the workflow or job; the token exists only in GitHub Actions runs, and not for a pull request from a fork${STILL_VALID}`
    ])
  })

  it('authenticates with a fresh GitHub ID token for client-auth github-oidc, masked first', async () => {
    const idToken = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJyZXBvIn0.github-id-token-SIGNATURE'
    const { core, sent, audiences } = await runOidcPost(REVOKE, idToken)
    expect(core.calls.filter(call => call.fn === 'warning')).toEqual([])
    expect(audiences).toEqual(['https://auth.example.com', 'https://auth.example.com'])
    const forms = sent.map(request => Object.fromEntries(new URLSearchParams(request.body)))
    expect(
      forms.map(form => [form.client_id, form.client_assertion_type, form.client_assertion])
    ).toEqual([
      ['c1', 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer', idToken],
      ['c1', 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer', idToken]
    ])
    const masked = core.calls.filter(call => call.fn === 'setSecret').map(call => call.args[0])
    expect(masked).toEqual(
      expect.arrayContaining([ACCESS, REFRESH, 'runner-request-TOKEN', idToken])
    )
    const firstMaskOfId = core.calls.findIndex(
      call => call.fn === 'setSecret' && call.args[0] === idToken
    )
    const firstRevoked = core.calls.findIndex(
      call => call.fn === 'info' && call.args[0]?.startsWith('Revoked')
    )
    expect(firstMaskOfId).toBeLessThan(firstRevoked)
  })
})
