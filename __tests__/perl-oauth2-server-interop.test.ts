// Interop against Net::OAuth2::AuthorizationServer 0.28 (Debian's
// libnet-oauth2-authorizationserver-perl), the Perl module behind Mojolicious::Plugin::OAuth2::Server,
// its password and client_credentials grants served by a Mojolicious::Lite app
// (support/perl-oauth2-server.pl) on loopback, with the BUILT action (dist/index.js) run as the
// GitHub runner runs it: both grants with a form body, client-auth body and basic (a secret and a
// password that form-encoding changes), scope, a refresh with the refresh token it issued (which
// it rotates), each token checked against the app's protected resource, what a JSON body (the
// action's default) gets, and the module's refusals each told in one line that names what to
// fix. Every run, and the server's log, scanned for secrets.
// Skipped, saying why on stderr, where the Perl modules are missing.
//
// Where the module departs from RFC 6749 section 5.2 (the action is not bent to it):
// - A wrong client secret is invalid_grant, not invalid_client; to the password grant it is told
//   as a wrong password is (the module checks both at once), so the line names username and
//   password, not client-secret. Not tested here: the line is right for the code it gets.
// - An unknown client is unauthorized_client, not invalid_client (the line names client-id).
// - A scope the client has declared off is dropped without an error; one it lacks is invalid_scope.
// - Its protected resource answers a token it does not know with invalid_grant, not invalid_token.
// Mojolicious reads parameters from form bodies only, and in development mode its 404 page shows
// the request's parameters and headers: a wrong token-path gets the password and the Basic
// credentials echoed back, which the action's line must not show.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { type ActionRun, actionDefaults, errorLines, runAction } from '../scripts/runner.mjs'
import {
  ACCESS_TOKEN_LIFETIME,
  type PerlOauth2Server,
  TOKEN_PATH,
  perlOauth2ServerMissing,
  startPerlOauth2Server
} from './support/perl-oauth2-server.js'
import { expectSecretsSafe } from './support/secrets-safe.js'
import { describeUnless } from './support/skip.js'

const missing = perlOauth2ServerMissing()
const describePerl = describeUnless(missing, 'perl-oauth2-server-interop.test.ts')

let server: PerlOauth2Server
/** Every token and secret the tests saw: none may show in the server's own log. */
const seen: string[] = []

beforeAll(async () => {
  if (missing) return
  server = await startPerlOauth2Server()
}, 30_000)

afterAll(async () => {
  if (missing) return
  await server?.close()
})

/** The inputs of a step against the app's token endpoint, form-encoded, by host. */
const inputs = (more: Record<string, string> = {}): Record<string, string> => ({
  ...actionDefaults(),
  host: server.url,
  'token-path': TOKEN_PATH,
  'body-format': 'form',
  'client-id': server.client.id,
  'client-secret': server.client.secret,
  retries: '0',
  ...more
})

const password = (): Record<string, string> => ({ ...server.user })

/** The action with these inputs over action.yml's defaults, step debug on (its lines scanned). */
async function run(given: Record<string, string>): Promise<[ActionRun, number, number]> {
  const startedAt = Date.now()
  const action = await runAction(given, { RUNNER_DEBUG: '1' })
  return [action, startedAt, Date.now()]
}

/**
 * A successful run: outputs and env as the module issued them, the token accepted by the app's
 * protected resource as `user`'s, and no secret outside ::add-mask::.
 */
async function expectToken(
  [action, startedAt, endedAt]: [ActionRun, number, number],
  expected: { scope: string; user: string | null; refreshToken: boolean; inputs: string[] }
): Promise<string> {
  expect(action.stderr).toBe('')
  expect(errorLines(action.stdout)).toBe('')
  expect(action.code).toBe(0)
  const token = action.outputs['access-token'] ?? ''
  const refreshToken = action.outputs['refresh-token'] ?? ''
  seen.push(token, refreshToken, ...expected.inputs)
  expect(action.outputs).toMatchObject({
    'token-type': 'Bearer',
    authorization: `Bearer ${token}`,
    'expires-in': String(ACCESS_TOKEN_LIFETIME),
    scope: expected.scope
  })
  const at = Date.parse(action.outputs['expires-at'] ?? '')
  expect(at).toBeGreaterThanOrEqual(
    Math.floor(startedAt / 1000) * 1000 + ACCESS_TOKEN_LIFETIME * 1000
  )
  expect(at).toBeLessThanOrEqual(endedAt + ACCESS_TOKEN_LIFETIME * 1000)
  expect(action.env).toEqual({ ACCESS_TOKEN: token })
  // The module's tokens: base64 of the time, a random number and 30 random characters.
  expect(token).toMatch(/^[A-Za-z0-9+/]{60,}={0,2}$/)
  if (expected.refreshToken) expect(refreshToken).toMatch(/^[A-Za-z0-9+/]{60,}={0,2}$/)
  else expect(refreshToken).toBe('')
  // The token works: the app's resource knows it, as the client's (and the user's).
  expect(await server.me(token)).toEqual([
    200,
    {
      client_id: server.client.id,
      user: expected.user,
      scope: expected.scope.split(/ +/).filter(Boolean)
    }
  ])
  const secrets = [token, refreshToken, ...expected.inputs].filter(Boolean)
  expectSecretsSafe(action, secrets, secrets, expected.inputs)
  return token
}

/** A failed run: one error line, `line` after the URL; no output; no secret outside ::add-mask::. */
function expectFailure(
  action: ActionRun,
  given: Record<string, string>,
  line: string | RegExp
): void {
  expect(action.code).toBe(1)
  expect(action.stderr).toBe('')
  const error = errorLines(action.stdout)
  const prefix = `Error: Token request to ${server.url}${given['token-path']} failed: `
  expect(error.startsWith(prefix)).toBe(true)
  if (typeof line === 'string') expect(error.slice(prefix.length)).toBe(line)
  else expect(error.slice(prefix.length)).toMatch(line)
  expect(action.outputs).toEqual({})
  const secrets = [given['client-secret'], given.password, given['refresh-token']].filter(
    Boolean
  ) as string[]
  seen.push(...secrets)
  expectSecretsSafe(action, secrets, secrets, secrets)
}

describePerl(
  `Net::OAuth2::AuthorizationServer 0.28 on Mojolicious (Debian)${missing ? `: skipped, ${missing}` : ''}`,
  () => {
    describe('the password grant', () => {
      it.each(['body', 'basic'])(
        'gets a working token and a refresh token with a form body, client-auth %s',
        async clientAuth => {
          const given = inputs({ ...password(), 'client-auth': clientAuth })
          const result = await run(given)
          await expectToken(result, {
            scope: '',
            user: server.user.username,
            refreshToken: true,
            inputs: [server.client.secret, server.user.password]
          })
          expect(result[0].summary).toContain('| grant type | ` password ` |')
        }
      )

      it('returns the scope it granted', async () => {
        const result = await run(inputs({ ...password(), scope: 'read write' }))
        await expectToken(result, {
          scope: 'read write',
          user: server.user.username,
          refreshToken: true,
          inputs: [server.client.secret, server.user.password]
        })
      })
    })

    describe('the client_credentials grant', () => {
      it.each(['body', 'basic'])(
        'gets a working token, without a refresh token, client-auth %s',
        async clientAuth => {
          const result = await run(inputs({ 'client-auth': clientAuth, scope: 'read' }))
          await expectToken(result, {
            scope: 'read',
            user: null,
            refreshToken: false,
            inputs: [server.client.secret]
          })
          expect(result[0].summary).toContain('| grant type | ` client_credentials ` |')
        }
      )
    })

    it('refreshes with the refresh token it issued, which it then refuses (rotation)', async () => {
      const [first] = await run(inputs({ ...password(), 'client-auth': 'basic' }))
      expect(first.code).toBe(0)
      const used = first.outputs['refresh-token'] ?? ''
      const oldToken = first.outputs['access-token'] ?? ''
      seen.push(used, oldToken)
      const refresh = (refreshToken: string): Record<string, string> =>
        inputs({
          'grant-type': 'refresh_token',
          'refresh-token': refreshToken,
          'client-auth': 'basic'
        })
      const refreshed = await run(refresh(used))
      await expectToken(refreshed, {
        scope: '',
        user: server.user.username,
        refreshToken: true,
        inputs: [server.client.secret, used]
      })
      expect(refreshed[0].outputs['access-token']).not.toBe(oldToken)
      expect(refreshed[0].outputs['refresh-token']).not.toBe(used)
      // The module revoked the old access token along with the refresh token.
      expect(await server.me(oldToken)).toEqual([401, { error: 'invalid_grant' }])
      const again = refresh(used)
      const [action] = await run(again)
      expectFailure(
        action,
        again,
        'HTTP 400 invalid_grant; check refresh-token: it may have expired, been used or revoked, or be for another client-id'
      )
    })

    it('a token it did not issue is refused by its resource (the checks above mean something)', async () => {
      expect(await server.me('bm90LWEtdG9rZW4=')).toEqual([401, { error: 'invalid_grant' }])
    })

    it.each<[string, () => Record<string, string>, string | RegExp]>([
      [
        'check client-id, client-secret and client-auth for a wrong client secret (its invalid_grant)',
        () => ({ 'client-auth': 'basic', 'client-secret': 'wrong-secret-0123456789' }),
        'HTTP 400 invalid_grant; check client-id, client-secret and client-auth'
      ],
      [
        'check username and password for a wrong password',
        () => ({ ...password(), password: 'wrong pass&word+1234' }),
        "HTTP 400 invalid_grant; check username and password, and the user's account on the server"
      ],
      [
        'check client-id for a client it does not know (its unauthorized_client)',
        () => ({ 'client-id': 'perl-nonesuch', 'client-auth': 'basic' }),
        'HTTP 400 unauthorized_client; check client-id, and that the client may use grant-type client_credentials'
      ],
      [
        'check scope for a scope the client lacks',
        () => ({ scope: 'delete' }),
        'HTTP 400 invalid_scope; check scope'
      ],
      [
        'name the grant it lacks: authorization_code',
        () => ({
          'grant-type': 'authorization_code',
          'extra-params': 'code=not-a-code\nredirect_uri=http://127.0.0.1/callback'
        }),
        'HTTP 400 unsupported_grant_type: grant_type authorization_code is not supported; the server does not support grant-type authorization_code: check grant-type'
      ],
      [
        'try body-format: form for a JSON body (the default), which Mojolicious does not read',
        () => ({ ...password(), 'body-format': 'json' }),
        'HTTP 400 invalid_request: the request was missing one of: grant_type, client_id, client_secret, code, redirect_uri;or grant_type did not equal "authorization_code" or "refresh_token"; try body-format: form'
      ],
      [
        'check host and token-path for the default /oauth/token, whose 404 page echoes the request',
        () => ({ ...password(), 'client-auth': 'basic', 'token-path': '/oauth/token' }),
        /^HTTP 404 \(text\/html;charset=UTF-8\): Page Not Found\b.*; check host and token-path$/
      ]
    ])('says to %s', async (_, more, line) => {
      const given = inputs(more())
      const [action] = await run(given)
      expectFailure(action, given, line)
    })

    it("Mojolicious's development 404 page does echo the password (the check above means something)", async () => {
      const answer = await fetch(`${server.url}/oauth/token`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'password', password: 'echoed-9876' }).toString()
      })
      expect(answer.status).toBe(404)
      expect(await answer.text()).toContain('echoed-9876')
    })

    it("leaves no secret in the server's own log", () => {
      const log = server.log()
      expect(log).toContain(`POST "${TOKEN_PATH}"`)
      const secrets = [...new Set([server.client.secret, server.user.password, ...seen])].filter(
        Boolean
      )
      expect(secrets.length).toBeGreaterThan(10)
      for (const value of secrets) expect(log.includes(value)).toBe(false)
    })
  }
)
