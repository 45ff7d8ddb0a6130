// Interoperability with a real authorization server from Debian's packages: Doorkeeper 5.5, the
// OAuth 2 provider for Rails that GitLab and Mastodon use (ruby-doorkeeper, Rails 6.1), started
// once on loopback with the BUILT action (dist/index.js and dist/post.js) run as the GitHub
// runner runs it: the password grant with a JSON body (Rails parses it) and a form body,
// client_credentials, refresh_token with rotation, client-auth basic and body, default and
// optional scopes, revocation at job end (RFC 7009) checked by introspection (RFC 7662) and at a
// protected resource, and Doorkeeper's refusals, each told in one line that names what to fix.
// Every run is scanned for secrets. Skipped, saying why on stderr, when /usr/bin/ruby cannot
// load Doorkeeper.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { type ActionRun, actionDefaults, runPost } from '../scripts/runner.mjs'
import {
  ACCESS_TOKEN_LIFETIME,
  DEFAULT_SCOPE,
  type DkRun,
  REVOKE_PATH,
  TOKEN_PATH,
  type TestDoorkeeper,
  clientInputs as client,
  doorkeeperUnavailable,
  expectDoorkeeperToken,
  runDoorkeeper,
  startDoorkeeper,
  userInputs
} from './support/doorkeeper.js'
import { expectSecretsSafe } from './support/secrets-safe.js'
import { describeUnless } from './support/skip.js'

const describeDk = describeUnless(doorkeeperUnavailable(), 'doorkeeper-interop.test.ts')
const title = 'Doorkeeper 5.5 (Debian)'

let dk: TestDoorkeeper
/** Every token the tests saw issued: none may show in the server's own log. */
const issued: string[] = []

/**
 * The action with these inputs over action.yml's defaults (whose token-path and revoke-path are
 * Doorkeeper's routes, and whose body-format is json), step debug on (its lines scanned).
 */
const run = (inputs: Record<string, string>): Promise<DkRun> => runDoorkeeper(dk, inputs)

const user = (): Record<string, string> => userInputs(dk)

function errorLines(action: ActionRun): string[] {
  return action.stdout.split(/\r?\n/).filter(line => /^::(error|warning)::/.test(line))
}

/** A successful run: outputs and env against what Doorkeeper says of the token it issued. */
async function expectToken(
  result: DkRun,
  expected: { scope: string; refreshToken: boolean; client: string }
): Promise<string> {
  const token = await expectDoorkeeperToken(dk, result, expected)
  issued.push(token, result.run.outputs['refresh-token'] ?? '')
  return token
}

describeDk(title, () => {
  beforeAll(async () => {
    dk = await startDoorkeeper()
  }, 30_000)

  afterAll(async () => {
    await dk?.close()
  })

  describe('the password grant (resource_owner_from_credentials)', () => {
    it.each([
      ['json', 'application/json'],
      ['form', 'application/x-www-form-urlencoded']
    ])(
      'gets a token and a refresh token with body-format %s, the default scope, client-auth body',
      async (bodyFormat, contentType) => {
        const result = await run({
          ...client(dk.app),
          ...user(),
          ...(bodyFormat === 'form' ? { 'body-format': 'form' } : {})
        })
        expect(result.requests).toEqual([`POST ${TOKEN_PATH} 200`])
        // Rails parsed the body, whichever the format, into the parameters Doorkeeper reads.
        expect(result.seen[0]).toMatchObject({
          contentType,
          authorization: '',
          params: ['client_id', 'client_secret', 'grant_type', 'password', 'username']
        })
        const token = await expectToken(result, {
          scope: DEFAULT_SCOPE,
          refreshToken: true,
          client: dk.app.id
        })
        const secrets = [
          dk.app.secret,
          dk.user.password,
          token,
          result.run.outputs['refresh-token'] ?? ''
        ]
        expectSecretsSafe(result.run, secrets, secrets, [dk.app.secret, dk.user.password])
      }
    )

    it('refuses a wrong password with 400 invalid_grant, saying to check username and password', async () => {
      const wrong = 'wrong pass&word+1234'
      const result = await run({ ...client(dk.app), ...user(), password: wrong })
      expect(result.requests).toEqual([`POST ${TOKEN_PATH} 400`])
      expect(result.run.code).toBe(1)
      expect(errorLines(result.run)).toEqual([
        `::error::Token request to ${dk.url}${TOKEN_PATH} failed: HTTP 400 invalid_grant: The provided authorization grant is invalid, expired, revoked, does not match the redirection URI used in the authorization request, or was issued to another client. Check username and password, and the user's account on the server`
      ])
      expect(result.run.outputs).toEqual({})
      expectSecretsSafe(result.run, [dk.app.secret, wrong, dk.user.password], [wrong], [wrong])
    })

    it.each<[string, Record<string, string>, string]>([
      [
        'an unknown username',
        { username: 'dk-nobody', password: 'dk-nobody-password-0123' },
        "Check username and password, and the user's account on the server"
      ],
      [
        'a refresh token it does not know',
        {
          'grant-type': 'refresh_token',
          'refresh-token': 'dk-rt-unknown-0123456789',
          username: '',
          password: ''
        },
        'Check refresh-token: it may have expired, been used or revoked, or be for another client-id'
      ]
    ])('refuses %s with 400 invalid_grant, in one line that names it', async (_, more, advice) => {
      const result = await run({ ...client(dk.app), ...user(), ...more })
      expect(result.requests).toEqual([`POST ${TOKEN_PATH} 400`])
      expect(result.run.code).toBe(1)
      expect(errorLines(result.run)).toEqual([
        `::error::Token request to ${dk.url}${TOKEN_PATH} failed: HTTP 400 invalid_grant: The provided authorization grant is invalid, expired, revoked, does not match the redirection URI used in the authorization request, or was issued to another client. ${advice}`
      ])
      expect(result.run.outputs).toEqual({})
      const given = [more.password, more['refresh-token']].filter(Boolean) as string[]
      expectSecretsSafe(result.run, [dk.app.secret, dk.user.password, ...given], given, given)
    })
  })

  describe('client_credentials, client authentication and scopes', () => {
    it.each([
      ['basic', 'Basic', ['grant_type', 'scope']],
      ['body', '', ['client_id', 'client_secret', 'grant_type', 'scope']]
    ])(
      'gets a token with client-auth %s and an optional scope',
      async (clientAuth, scheme, params) => {
        const result = await run({
          'client-auth': clientAuth,
          ...client(dk.app),
          scope: 'read write'
        })
        expect(result.requests).toEqual([`POST ${TOKEN_PATH} 200`])
        expect(result.seen[0]).toMatchObject({ authorization: scheme, params })
        const token = await expectToken(result, {
          scope: 'read write',
          refreshToken: false,
          client: dk.app.id
        })
        expect(result.run.summary).toContain('| grant type | ` client_credentials ` |')
        expectSecretsSafe(
          result.run,
          [dk.app.secret, token],
          [dk.app.secret, token],
          [dk.app.secret]
        )
      }
    )

    it('takes a secret with + / = % : space & é in client-auth body', async () => {
      const result = await run(client(dk.special))
      const token = await expectToken(result, {
        scope: DEFAULT_SCOPE,
        refreshToken: false,
        client: dk.special.id
      })
      expectSecretsSafe(
        result.run,
        [dk.special.secret, token],
        [dk.special.secret, token],
        [dk.special.secret]
      )
    })

    it('says to try client-auth: body when Doorkeeper does not form-decode such a secret in Basic', async () => {
      // Doorkeeper 5.5 base64-decodes Basic credentials and compares them as they are
      // (Doorkeeper::OAuth::Client::Credentials.from_basic); RFC 6749 §2.3.1 form-encodes first.
      const result = await run({ 'client-auth': 'basic', ...client(dk.special) })
      expect(result.requests).toEqual([`POST ${TOKEN_PATH} 401`])
      expect(errorLines(result.run)).toEqual([
        `::error::Token request to ${dk.url}${TOKEN_PATH} failed: HTTP 401 invalid_client: Client authentication failed due to unknown client, no client authentication included, or unsupported authentication method. Check client-id and client-secret; client-auth basic form-encodes them (RFC 6749 section 2.3.1), which some servers do not decode: try client-auth: body`
      ])
      expectSecretsSafe(result.run, [dk.special.secret], [dk.special.secret], [dk.special.secret])
    })

    it.each([
      ['a wrong client secret', 'basic', 'dk-app'],
      ['a wrong client secret', 'body', 'dk-app'],
      ['an unknown client', 'body', 'no-such-client']
    ])(
      'refuses %s (client-auth %s): 401 invalid_client with WWW-Authenticate, in one line',
      async (_, clientAuth, id) => {
        const bad = 'wrong-secret-0123456789'
        const result = await run({
          'client-auth': clientAuth,
          'client-id': id,
          'client-secret': bad
        })
        expect(result.seen.map(r => [r.status, r.wwwAuthenticate])).toEqual([[401, 'Bearer']])
        expect(result.run.code).toBe(1)
        expect(errorLines(result.run)).toEqual([
          `::error::Token request to ${dk.url}${TOKEN_PATH} failed: HTTP 401 invalid_client: Client authentication failed due to unknown client, no client authentication included, or unsupported authentication method. Check client-id, client-secret and client-auth`
        ])
        expect(result.run.outputs).toEqual({})
        expectSecretsSafe(result.run, [bad, dk.app.secret], [bad], [bad])
      }
    )

    it.each([
      ['that the server has but the application lacks', 'read admin'],
      ['that the server does not know', 'read deploy']
    ])('refuses a scope %s with invalid_scope, saying to check scope', async (_, scope) => {
      const result = await run({ ...client(dk.app), scope })
      expect(result.requests).toEqual([`POST ${TOKEN_PATH} 400`])
      expect(errorLines(result.run)).toEqual([
        `::error::Token request to ${dk.url}${TOKEN_PATH} failed: HTTP 400 invalid_scope: The requested scope is invalid, unknown, or malformed. Check scope`
      ])
      expectSecretsSafe(result.run, [dk.app.secret])
    })

    it('says the server does not support a grant Doorkeeper has not enabled', async () => {
      const result = await run({
        ...client(dk.app),
        'grant-type': 'authorization_code',
        'extra-params': 'code=abc123\nredirect_uri=http://127.0.0.1/callback'
      })
      expect(result.requests).toEqual([`POST ${TOKEN_PATH} 400`])
      expect(errorLines(result.run)).toEqual([
        `::error::Token request to ${dk.url}${TOKEN_PATH} failed: HTTP 400 unsupported_grant_type: The authorization grant type is not supported by the authorization server. The server does not support grant-type authorization_code: check grant-type`
      ])
    })

    it('names host and token-path for a route Rails does not have', async () => {
      const result = await run({ ...client(dk.app), 'token-path': '/oauth/tokens' })
      expect(result.requests).toEqual(['POST /oauth/tokens 404'])
      expect(errorLines(result.run)).toEqual([
        `::error::Token request to ${dk.url}/oauth/tokens failed: HTTP 404 Not Found; check host and token-path`
      ])
      expectSecretsSafe(result.run, [dk.app.secret])
    })
  })

  describe('refresh_token with rotation, and revocation at job end', () => {
    it('refreshes, rotates the refresh token, then revokes both tokens in the post step', async () => {
      const first = await run({ 'client-auth': 'basic', ...client(dk.app), ...user() })
      const firstToken = await expectToken(first, {
        scope: DEFAULT_SCOPE,
        refreshToken: true,
        client: dk.app.id
      })
      const stored = first.run.outputs['refresh-token'] ?? ''

      const inputs = {
        ...actionDefaults(),
        host: dk.url,
        retries: '0',
        'client-auth': 'basic',
        'grant-type': 'refresh_token',
        ...client(dk.app),
        'refresh-token': stored,
        revoke: 'true'
      }
      const second = await run(inputs)
      expect(second.seen[0]).toMatchObject({
        contentType: 'application/json',
        authorization: 'Basic',
        params: ['grant_type', 'refresh_token']
      })
      const token = await expectToken(second, {
        scope: DEFAULT_SCOPE,
        refreshToken: true,
        client: dk.app.id
      })
      const refreshToken = second.run.outputs['refresh-token'] ?? ''
      expect(refreshToken).not.toBe(stored)
      expect(token).not.toBe(firstToken)
      expect(second.run.summary).toContain('| revoked at job end | ` yes ` |')
      expectSecretsSafe(
        second.run,
        [dk.app.secret, stored, token, refreshToken],
        [dk.app.secret, stored, token, refreshToken],
        [dk.app.secret, stored]
      )
      // Doorkeeper (with previous_refresh_token) revokes the rotated refresh token once the new
      // access token is used, which expectToken did at /api/me.
      const reused = await run({ ...inputs, revoke: 'false' })
      expect(reused.requests).toEqual([`POST ${TOKEN_PATH} 400`])
      expect(errorLines(reused.run)).toEqual([
        `::error::Token request to ${dk.url}${TOKEN_PATH} failed: HTTP 400 invalid_grant: The provided authorization grant is invalid, expired, revoked, does not match the redirection URI used in the authorization request, or was issued to another client. Check refresh-token: it may have expired, been used or revoked, or be for another client-id`
      ])
      expectSecretsSafe(reused.run, [dk.app.secret, stored], [dk.app.secret, stored])

      const before = dk.requests.length
      const post = await runPost(inputs, second.run.state, { RUNNER_DEBUG: '1' })
      await dk.settled()
      expect(post.code).toBe(0)
      expect(post.stderr).toBe('')
      expect(post.stdout.split('\n').filter(line => /^(Revoked|::warning::)/.test(line))).toEqual([
        `Revoked the access token at ${dk.url}${REVOKE_PATH}.`,
        `Revoked the refresh token at ${dk.url}${REVOKE_PATH}.`
      ])
      expect(dk.requests.slice(before)).toEqual([
        expect.objectContaining({ path: REVOKE_PATH, status: 200, authorization: 'Basic' }),
        expect.objectContaining({ path: REVOKE_PATH, status: 200, authorization: 'Basic' })
      ])
      expectSecretsSafe(post, [dk.app.secret, token, refreshToken])
      // At the server: the access token is inactive and refused, and the refresh token refused.
      expect(await dk.introspect(token)).toEqual({ active: false })
      expect(await dk.resource(`Bearer ${token}`)).toBe(401)
      const again = await run({ ...inputs, 'refresh-token': refreshToken, revoke: 'false' })
      expect(again.requests).toEqual([`POST ${TOKEN_PATH} 400`])
      // The same line as for a used one: its advice covers a revoked refresh token too.
      expect(errorLines(again.run)).toEqual(errorLines(reused.run))
    })

    it("says client-id may be wrong too when the refresh token is another client's", async () => {
      const first = await run({ ...client(dk.app), ...user() })
      const stored = first.run.outputs['refresh-token'] ?? ''
      expect(stored).not.toBe('')
      issued.push(stored, first.run.outputs['access-token'] ?? '')
      const result = await run({
        ...client(dk.special),
        'grant-type': 'refresh_token',
        'refresh-token': stored
      })
      expect(result.requests).toEqual([`POST ${TOKEN_PATH} 400`])
      expect(errorLines(result.run)).toEqual([
        `::error::Token request to ${dk.url}${TOKEN_PATH} failed: HTTP 400 invalid_grant: The provided authorization grant is invalid, expired, revoked, does not match the redirection URI used in the authorization request, or was issued to another client. Check refresh-token: it may have expired, been used or revoked, or be for another client-id`
      ])
      expectSecretsSafe(
        result.run,
        [dk.special.secret, stored],
        [dk.special.secret, stored],
        [dk.special.secret, stored]
      )
    })

    it('warns, not fails, naming revoke-path, when the revocation route is wrong', async () => {
      const inputs = {
        ...actionDefaults(),
        host: dk.url,
        retries: '0',
        ...client(dk.app),
        revoke: 'true',
        'revoke-path': '/oauth/revocation'
      }
      const main = await run(inputs)
      const token = await expectToken(main, {
        scope: DEFAULT_SCOPE,
        refreshToken: false,
        client: dk.app.id
      })
      const post = await runPost(inputs, main.run.state, { RUNNER_DEBUG: '1' })
      await dk.settled()
      expect(post.code).toBe(0)
      expect(errorLines(post).map(line => line.replace(/\S+Z$/, '<expires-at>'))).toEqual([
        `::warning::Could not revoke the access token at ${dk.url}/oauth/revocation: HTTP 404 Not Found; check host and revoke-path; it stays valid until <expires-at>`
      ])
      expect((await dk.introspect(token)).active).toBe(true)
      expectSecretsSafe(post, [dk.app.secret, token])
    })

    it('warns, naming the client’s inputs, when Doorkeeper refuses the client at job end (another secret then)', async () => {
      const inputs = {
        ...actionDefaults(),
        host: dk.url,
        retries: '0',
        ...client(dk.app),
        revoke: 'true'
      }
      const main = await run(inputs)
      const token = await expectToken(main, {
        scope: DEFAULT_SCOPE,
        refreshToken: false,
        client: dk.app.id
      })
      const wrong = 'dk-wrong-secret-0123456789'
      const post = await runPost({ ...inputs, 'client-secret': wrong }, main.run.state, {
        RUNNER_DEBUG: '1'
      })
      await dk.settled()
      expect(post.code).toBe(0)
      expect(errorLines(post)).toEqual([
        `::warning::Could not revoke the access token at ${dk.url}${REVOKE_PATH}: HTTP 403 unauthorized_client: You are not authorized to revoke this token; check client-id, client-secret and client-auth; it stays valid until ${main.run.outputs['expires-at']}`
      ])
      expect((await dk.introspect(token)).active).toBe(true)
      expectSecretsSafe(post, [dk.app.secret, wrong, token], [wrong], [wrong])
    })
  })

  describe('revocation with client-auth body', () => {
    it('revokes a client_credentials token at job end, the client in the form body', async () => {
      const inputs = { ...actionDefaults(), host: dk.url, ...client(dk.app), revoke: 'true' }
      const main = await run(inputs)
      const token = await expectToken(main, {
        scope: DEFAULT_SCOPE,
        refreshToken: false,
        client: dk.app.id
      })
      const before = dk.requests.length
      const post = await runPost(inputs, main.run.state, { RUNNER_DEBUG: '1' })
      await dk.settled()
      expect(post.code).toBe(0)
      expect(errorLines(post)).toEqual([])
      expect(post.stdout).toContain(`Revoked the access token at ${dk.url}${REVOKE_PATH}.`)
      // RFC 7009 section 2.1's form body, whatever body-format says.
      expect(dk.requests.slice(before)).toEqual([
        expect.objectContaining({
          path: REVOKE_PATH,
          status: 200,
          authorization: '',
          contentType: 'application/x-www-form-urlencoded',
          params: ['client_id', 'client_secret', 'token', 'token_type_hint']
        })
      ])
      expect(await dk.introspect(token)).toEqual({ active: false })
      expect(await dk.resource(`Bearer ${token}`)).toBe(401)
      expectSecretsSafe(post, [dk.app.secret, token])
    })
  })

  describe('min-validity', () => {
    it('fails above the lifetime Doorkeeper gives, before any output', async () => {
      const result = await run({
        ...client(dk.app),
        'min-validity': String(ACCESS_TOKEN_LIFETIME + 1)
      })
      expect(result.run.code).toBe(1)
      expect(errorLines(result.run)).toEqual([
        expect.stringMatching(
          /^::error::The token expires at \S+Z, in 3600 s, sooner than min-validity \(3601 s\): ask the server for a longer lifetime, or lower min-validity$/
        )
      ])
      expect(result.run.outputs).toEqual({})
      expectSecretsSafe(result.run, [dk.app.secret])
    })
  })

  it("leaves no secret in the server's own log, which holds only the requests' shapes", () => {
    const log = dk.log()
    expect(log).toContain('"path":"/oauth/token"')
    const secrets = [dk.app.secret, dk.special.secret, dk.user.password, ...issued.filter(Boolean)]
    expect(secrets.length).toBeGreaterThan(10)
    for (const value of secrets) expect(log.includes(value)).toBe(false)
  })
})
