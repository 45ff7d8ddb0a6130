// Interoperability with a real authorization server from Debian's packages: Django OAuth Toolkit
// 1.7 (python3-django-oauth-toolkit, Django 3.2, oauthlib), started once on loopback, with the
// BUILT action (dist/index.js and dist/post.js) run as the GitHub runner runs it. Every run is
// checked at the server (introspection, a resource call) and scanned for secrets. Skipped only
// when /usr/bin/python3 cannot import the server.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { readFileSync, statSync, existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type ActionRun, actionDefaults, runAction, runPost } from '../scripts/runner.mjs'
import {
  ACCESS_TOKEN_LIFETIME,
  type DotClient,
  type DotRequest,
  REDIRECT_URI,
  REVOKE_PATH,
  TOKEN_PATH,
  type TestDot,
  dotUnavailable,
  startDot
} from './support/django-oauth-toolkit.js'
import { expectSecretsSafe } from './support/secrets-safe.js'
import { describeUnless } from './support/skip.js'

const describeDot = describeUnless(dotUnavailable(), 'django-oauth-toolkit-interop.test.ts')
const title = 'Django OAuth Toolkit'

let dot: TestDot

interface Result {
  readonly run: ActionRun
  /** The action's requests, as the server answered them: method, path, status. */
  readonly requests: string[]
  readonly seen: DotRequest[]
  readonly startedAt: number
  readonly endedAt: number
}

/** The action with these inputs over action.yml's defaults, step debug on (its lines scanned). */
async function run(inputs: Record<string, string>, env: Record<string, string> = {}) {
  const before = dot.requests.length
  const startedAt = Date.now()
  const action = await runAction({ ...actionDefaults(), ...inputs }, { RUNNER_DEBUG: '1', ...env })
  const endedAt = Date.now()
  await dot.settled()
  const seen = dot.requests.slice(before)
  return {
    run: action,
    requests: seen.map(r => `${r.method} ${r.path} ${r.status}`),
    seen,
    startedAt,
    endedAt
  } satisfies Result
}

/** A form-body request to DOT's token endpoint, as the README's form-only recipe sends it. */
/** An application's credentials as the action's inputs. */
function client(app: DotClient): Record<string, string> {
  return { 'client-id': app.id, 'client-secret': app.secret }
}

function form(inputs: Record<string, string>): Record<string, string> {
  return { host: dot.url, 'token-path': TOKEN_PATH, 'body-format': 'form', ...inputs }
}

function errorLines(action: ActionRun): string[] {
  return action.stdout.split(/\r?\n/).filter(line => line.startsWith('::error::'))
}

/** A successful run: outputs and env against what the server says of the token it issued. */
async function expectToken(
  result: Result,
  expected: { scope: string; refreshToken: boolean; username?: string; client: string }
): Promise<string> {
  const { run: action } = result
  expect(action.stderr).toBe('')
  expect(errorLines(action)).toEqual([])
  expect(action.stdout).not.toMatch(/^::warning::/m)
  expect(action.code).toBe(0)
  const token = action.outputs['access-token'] ?? ''
  const info = await dot.introspect(token)
  expect(info).toMatchObject({ active: true, scope: expected.scope, client_id: expected.client })
  if (expected.username) expect(info.username).toBe(expected.username)
  expect(await dot.resource(action.outputs.authorization ?? '')).toBe(200)

  expect(action.outputs['token-type']).toBe('Bearer')
  expect(action.outputs.authorization).toBe(`Bearer ${token}`)
  expect(action.outputs['expires-in']).toBe(String(ACCESS_TOKEN_LIFETIME))
  expect(action.outputs.scope).toBe(expected.scope)
  // expires-at: the request's time plus expires_in, within seconds of the server's own expiry.
  const at = Date.parse(action.outputs['expires-at'] ?? '')
  expect(action.outputs['expires-at']).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/)
  expect(Math.abs(at - (info.exp ?? 0) * 1000)).toBeLessThanOrEqual(3000)
  expect(at).toBeGreaterThanOrEqual(
    Math.floor(result.startedAt / 1000) * 1000 + ACCESS_TOKEN_LIFETIME * 1000
  )
  expect(at).toBeLessThanOrEqual(result.endedAt + ACCESS_TOKEN_LIFETIME * 1000)
  if (expected.refreshToken) expect(action.outputs['refresh-token']).toMatch(/^\w{20,}$/)
  else expect(action.outputs['refresh-token']).toBe('')
  expect(action.env.ACCESS_TOKEN).toBe(token)
  // The summary holds the facts, and no secret (expectSecretsSafe).
  expect(action.summary).toContain(`| scope | \` ${expected.scope} \` |`)
  return token
}

describeDot(title, () => {
  beforeAll(async () => {
    dot = await startDot()
  })

  afterAll(async () => {
    await dot?.close()
  })

  describe('the password grant', () => {
    it('gets a token with client-auth body, a form body and a token file', async () => {
      const result = await run(
        form({
          ...client(dot.password),
          username: dot.user.username,
          password: dot.user.password,
          'token-file': 'true'
        })
      )
      expect(result.requests).toEqual([`POST ${TOKEN_PATH} 200`])
      expect(result.seen[0]).toMatchObject({
        contentType: 'application/x-www-form-urlencoded',
        authorization: ''
      })
      const token = await expectToken(result, {
        scope: 'read write',
        refreshToken: true,
        username: dot.user.username,
        client: dot.password.id
      })
      const file = result.run.outputs['token-file'] ?? ''
      expect(result.run.env.ACCESS_TOKEN_FILE).toBe(file)
      const secrets = [
        dot.password.secret,
        dot.user.password,
        token,
        result.run.outputs['refresh-token'] ?? ''
      ]
      expectSecretsSafe(result.run, secrets, secrets, [dot.password.secret, dot.user.password])
    })

    it('refuses a wrong password with invalid_grant, saying to check username and password', async () => {
      const wrong = 'wrong pass&word+1234'
      const result = await run(
        form({
          ...client(dot.password),
          username: dot.user.username,
          password: wrong
        })
      )
      expect(result.requests).toEqual([`POST ${TOKEN_PATH} 400`])
      expect(result.run.code).toBe(1)
      expect(errorLines(result.run)).toEqual([
        `::error::Token request to ${dot.url}${TOKEN_PATH} failed: HTTP 400 invalid_grant: Invalid credentials given. Check username and password, and the user's account on the server`
      ])
      expect(result.run.outputs).toEqual({})
      expectSecretsSafe(result.run, [dot.password.secret, wrong, dot.user.password], [wrong])
    })
  })

  describe('a wrong user, a wrong route: one line that names what to fix', () => {
    it.each<[string, () => Record<string, string>, string, string]>([
      [
        'an unknown username',
        () => ({ ...client(dot.password), username: 'dot-nobody', password: dot.user.password }),
        `POST ${TOKEN_PATH} 400`,
        `${TOKEN_PATH} failed: HTTP 400 invalid_grant: Invalid credentials given. Check username and password, and the user's account on the server`
      ],
      [
        'a token-path Django does not route',
        () => ({ ...client(dot.credentials), 'token-path': '/oauth/token' }),
        'POST /oauth/token 404',
        '/oauth/token failed: HTTP 404 (text/html): Not Found The requested resource was not found on this server. Check host and token-path'
      ]
    ])('refuses %s', async (_, more, request, line) => {
      const inputs = form(more())
      const result = await run(inputs)
      expect(result.requests).toEqual([request])
      expect(result.run.code).toBe(1)
      expect(errorLines(result.run)).toEqual([`::error::Token request to ${dot.url}${line}`])
      expect(result.run.outputs).toEqual({})
      const secrets = [inputs['client-secret'] ?? '', dot.user.password]
      expectSecretsSafe(result.run, secrets, [inputs['client-secret'] ?? ''])
    })
  })

  describe('client_credentials and client authentication', () => {
    it.each(['body', 'basic'])(
      'takes a secret with + / = %% : space & é in client-auth %s (DOT decodes Basic)',
      async clientAuth => {
        const result = await run(
          form({
            'client-auth': clientAuth,
            ...client(dot.special),
            scope: 'read'
          })
        )
        expect(result.requests).toEqual([`POST ${TOKEN_PATH} 200`])
        expect(result.seen[0]?.authorization).toBe(clientAuth === 'basic' ? 'Basic' : '')
        const token = await expectToken(result, {
          scope: 'read',
          refreshToken: false,
          client: dot.special.id
        })
        const secrets = [dot.special.secret, token]
        expectSecretsSafe(result.run, secrets, secrets, [dot.special.secret])
      }
    )

    it.each([
      ['a wrong client secret', 'basic', 'dot-credentials', 'wrong-secret-0123456789'],
      ['a wrong client secret', 'body', 'dot-credentials', 'wrong-secret-0123456789'],
      ['an unknown client', 'body', 'no-such-client', 'wrong-secret-0123456789']
    ])('refuses %s (client-auth %s) with invalid_client, in one line', async (_, auth, id, bad) => {
      const result = await run(form({ 'client-auth': auth, 'client-id': id, 'client-secret': bad }))
      expect(result.requests).toEqual([`POST ${TOKEN_PATH} 401`])
      expect(errorLines(result.run)).toEqual([
        `::error::Token request to ${dot.url}${TOKEN_PATH} failed: HTTP 401 invalid_client; check client-id, client-secret and client-auth`
      ])
      expectSecretsSafe(result.run, [bad, dot.credentials.secret], [bad])
    })

    it('refuses a grant the application does not have with unauthorized_client', async () => {
      const result = await run(form(client(dot.password)))
      expect(errorLines(result.run)).toEqual([
        `::error::Token request to ${dot.url}${TOKEN_PATH} failed: HTTP 400 unauthorized_client; check client-id, and that the client may use grant-type client_credentials`
      ])
    })

    it('refuses a scope the server does not know with invalid_scope', async () => {
      const result = await run(
        form({
          ...client(dot.credentials),
          scope: 'read admin'
        })
      )
      expect(errorLines(result.run)).toEqual([
        `::error::Token request to ${dot.url}${TOKEN_PATH} failed: HTTP 400 invalid_scope; check scope`
      ])
    })

    it('fails min-validity above the lifetime DOT gives, before any output', async () => {
      const result = await run(
        form({
          ...client(dot.credentials),
          'min-validity': String(ACCESS_TOKEN_LIFETIME + 1)
        })
      )
      expect(result.run.code).toBe(1)
      expect(errorLines(result.run)).toEqual([
        expect.stringMatching(
          /^::error::The token expires at \S+Z, in 3600 s, sooner than min-validity \(3601 s\): ask the server for a longer lifetime, or lower min-validity$/
        )
      ])
      expect(result.run.outputs).toEqual({})
    })
  })

  describe('what DOT does not take', () => {
    it('says to try body-format: form when the default JSON body leaves DOT without grant_type', async () => {
      // oauthlib reads form bodies only: in JSON it finds no grant_type, and answers a bare
      // unsupported_grant_type whatever the grant.
      const result = await run({
        host: dot.url,
        'token-path': TOKEN_PATH,
        ...client(dot.credentials)
      })
      expect(result.seen.map(r => [r.status, r.contentType])).toEqual([[400, 'application/json']])
      expect(result.run.code).toBe(1)
      expect(errorLines(result.run)).toEqual([
        `::error::Token request to ${dot.url}${TOKEN_PATH} failed: HTTP 400 unsupported_grant_type; the server does not support grant-type client_credentials, or reads only form bodies: try body-format: form`
      ])
      expectSecretsSafe(result.run, [dot.credentials.secret])
    })

    it("names Django's 301 for a token-path without its trailing slash, and does not follow it", async () => {
      const result = await run(
        form({
          'token-path': '/o/token',
          ...client(dot.credentials)
        })
      )
      expect(result.requests).toEqual(['POST /o/token 301'])
      expect(errorLines(result.run)).toEqual([
        `::error::Token request to ${dot.url}/o/token failed: HTTP 301 redirect to /o/token/; redirects are not followed because the body holds credentials: set host and token-path to the final URL`
      ])
      expectSecretsSafe(result.run, [dot.credentials.secret])
    })
  })

  describe('refresh_token and revocation at job end', () => {
    it('refreshes, then revokes both tokens in the post step (DOT rotates refresh tokens)', async () => {
      const first = await run(
        form({
          'client-auth': 'basic',
          ...client(dot.password),
          username: dot.user.username,
          password: dot.user.password,
          scope: 'read'
        })
      )
      const firstToken = await expectToken(first, {
        scope: 'read',
        refreshToken: true,
        username: dot.user.username,
        client: dot.password.id
      })
      const stored = first.run.outputs['refresh-token'] ?? ''

      const inputs = form({
        'client-auth': 'basic',
        'grant-type': 'refresh_token',
        ...client(dot.password),
        'refresh-token': stored,
        revoke: 'true',
        'revoke-path': REVOKE_PATH
      })
      const second = await run(inputs)
      const token = await expectToken(second, {
        scope: 'read',
        refreshToken: true,
        username: dot.user.username,
        client: dot.password.id
      })
      const refreshToken = second.run.outputs['refresh-token'] ?? ''
      expect(refreshToken).not.toBe(stored)
      // DOT revoked the first pair when it rotated the refresh token.
      expect((await dot.introspect(firstToken)).active).toBe(false)
      expect(second.run.summary).toContain('| revoked at job end | ` yes ` |')
      expectSecretsSafe(
        second.run,
        [dot.password.secret, stored, token, refreshToken],
        [dot.password.secret, stored, token, refreshToken],
        [dot.password.secret, stored]
      )

      const post = await runPost(inputs, second.run.state, { RUNNER_DEBUG: '1' })
      await dot.settled()
      expect(post.code).toBe(0)
      expect(post.stdout.split('\n').filter(line => /^(Revoked|::warning::)/.test(line))).toEqual([
        `Revoked the access token at ${dot.url}${REVOKE_PATH}.`,
        `Revoked the refresh token at ${dot.url}${REVOKE_PATH}.`
      ])
      expect(
        dot.requests.slice(-2).map(r => `${r.method} ${r.path} ${r.status} ${r.authorization}`)
      ).toEqual([`POST ${REVOKE_PATH} 200 Basic`, `POST ${REVOKE_PATH} 200 Basic`])
      // At the server: the access token is inactive, and the refresh token is refused.
      expect((await dot.introspect(token)).active).toBe(false)
      expect(await dot.resource(`Bearer ${token}`)).toBe(403)
      const again = await run({ ...inputs, 'refresh-token': refreshToken, revoke: 'false' })
      expect(errorLines(again.run)).toEqual([
        `::error::Token request to ${dot.url}${TOKEN_PATH} failed: HTTP 400 invalid_grant; check refresh-token: it may have expired, been used or revoked, or be for another client-id`
      ])
      expectSecretsSafe(post, [dot.password.secret, token, refreshToken])
    })

    it('warns, naming the client’s inputs, when DOT refuses the client at job end (another secret then)', async () => {
      const inputs = form({
        ...client(dot.credentials),
        scope: 'read',
        revoke: 'true',
        'revoke-path': REVOKE_PATH
      })
      const main = await run(inputs)
      const token = await expectToken(main, {
        scope: 'read',
        refreshToken: false,
        client: dot.credentials.id
      })
      const wrong = 'dot-wrong-secret-0123456789'
      const post = await runPost(
        { ...actionDefaults(), ...inputs, 'client-secret': wrong },
        main.run.state,
        {
          RUNNER_DEBUG: '1'
        }
      )
      expect(post.code).toBe(0)
      expect(post.stdout.split('\n').filter(line => line.startsWith('::warning::'))).toEqual([
        `::warning::Could not revoke the access token at ${dot.url}${REVOKE_PATH}: HTTP 401 invalid_client; check client-id, client-secret and client-auth; it stays valid until ${main.run.outputs['expires-at']}`
      ])
      expect((await dot.introspect(token)).active).toBe(true)
      expectSecretsSafe(post, [token, wrong, dot.credentials.secret], [wrong])
    })

    it('deletes the token file and warns, not fails, when revoke-path lacks its slash', async () => {
      const temp = mkdtempSync(join(tmpdir(), 'dot-runner-'))
      try {
        const inputs = form({
          ...client(dot.credentials),
          'token-file': 'true',
          revoke: 'true',
          'revoke-path': '/o/revoke_token'
        })
        const main = await run(inputs, { RUNNER_TEMP: temp })
        const token = main.run.outputs['access-token'] ?? ''
        const file = main.run.outputs['token-file'] ?? ''
        expect(file.startsWith(temp)).toBe(true)
        expect(readFileSync(file, 'utf8')).toBe(token)
        expect(statSync(file).mode & 0o777).toBe(0o600)

        const post = await runPost(inputs, main.run.state, { RUNNER_DEBUG: '1', RUNNER_TEMP: temp })
        expect(post.code).toBe(0)
        expect(existsSync(file)).toBe(false)
        expect(post.stdout.split('\n').filter(line => line.startsWith('::warning::'))).toEqual([
          expect.stringContaining(
            `::warning::Could not revoke the access token at ${dot.url}/o/revoke_token: HTTP 301 redirect to /o/revoke_token/; redirects are not followed because the body holds credentials: set host and revoke-path to the final URL; it stays valid until `
          )
        ])
        expect((await dot.introspect(token)).active).toBe(true)
        expectSecretsSafe(post, [dot.credentials.secret, token])
      } finally {
        rmSync(temp, { recursive: true, force: true })
      }
    })
  })

  describe('authorization_code, sent as given with extra-params', () => {
    it('exchanges a code for a token and an OpenID Connect ID token, all masked', async () => {
      const code = dot.codes.find(c => c.scope === 'openid read')?.code ?? ''
      const result = await run(
        form({
          'client-auth': 'basic',
          'grant-type': 'authorization_code',
          ...client(dot.code),
          'extra-params': `code=${code}\nredirect_uri=${REDIRECT_URI}`
        })
      )
      const token = await expectToken(result, {
        scope: 'openid read',
        refreshToken: true,
        username: dot.user.username,
        client: dot.code.id
      })
      const idToken = result.run.outputs['id-token'] ?? ''
      expect(idToken.split('.')).toHaveLength(3)
      const claims = JSON.parse(Buffer.from(idToken.split('.')[1] ?? '', 'base64url').toString())
      expect(claims).toMatchObject({ aud: dot.code.id, iss: `${dot.url}/o` })
      const secrets = [
        dot.code.secret,
        code,
        token,
        idToken,
        result.run.outputs['refresh-token'] ?? ''
      ]
      expectSecretsSafe(result.run, secrets, secrets, [dot.code.secret, code])
    })
  })

  describe('issuer discovery (issuer with a path: /o)', () => {
    it('finds the token endpoint where the discovery document has no trailing slash (DOT 2.4)', async () => {
      const result = await run({
        issuer: `${dot.modernUrl}/o`,
        ...client(dot.credentials)
      })
      expect(result.requests).toEqual([
        'GET /o/.well-known/oauth-authorization-server 404',
        'GET /o/.well-known/openid-configuration 200',
        `POST ${TOKEN_PATH} 200`
      ])
      // body-format stays at its default, json: a discovered server gets a form body.
      expect(result.seen[2]?.contentType).toBe('application/x-www-form-urlencoded')
      const token = await expectToken(result, {
        scope: 'read write',
        refreshToken: false,
        client: dot.credentials.id
      })
      expectSecretsSafe(result.run, [dot.credentials.secret, token])
    })

    it('refuses revoke before the token request: DOT’s metadata names no revocation_endpoint', async () => {
      const result = await run({
        issuer: `${dot.modernUrl}/o`,
        revoke: 'true',
        ...client(dot.credentials)
      })
      expect(result.requests.filter(r => r.startsWith('POST'))).toEqual([])
      expect(errorLines(result.run)).toEqual([
        `::error::input 'revoke' is true, but the metadata of issuer ${dot.modernUrl}/o names no revocation_endpoint: set revoke: false, or use host, token-path and revoke-path instead of issuer`
      ])
    })

    it('says to give host and token-path when DOT 1.7 has the document only behind a 301', async () => {
      const result = await run({
        issuer: `${dot.url}/o`,
        ...client(dot.credentials)
      })
      expect(result.requests).toEqual([
        'GET /o/.well-known/oauth-authorization-server 404',
        'GET /o/.well-known/openid-configuration 301',
        'GET /.well-known/oauth-authorization-server/o 404'
      ])
      expect(errorLines(result.run)).toEqual([
        `::error::Discovery for issuer ${dot.url}/o failed: ${dot.url}/o/.well-known/oauth-authorization-server: HTTP 404; ${dot.url}/o/.well-known/openid-configuration: HTTP 301 redirect to /o/.well-known/openid-configuration/, not followed; ${dot.url}/.well-known/oauth-authorization-server/o: HTTP 404; check input 'issuer'; if the server publishes no metadata there, or only behind a redirect, give host and token-path instead`
      ])
      expectSecretsSafe(result.run, [dot.credentials.secret])
    })
  })
})
