// Interop against LemonLDAP::NG 2.16 (Debian's liblemonldap-ng-portal-perl), the web SSO whose
// portal is an OpenID Connect provider, run by plackup on loopback with the BUILT action
// (dist/index.js, dist/post.js) run as the GitHub runner runs it: the password grant with a form
// body (and what a JSON body, the action's default, gets), client_credentials, refresh_token,
// client-auth basic and body, scope with openid (the ID token checked against the issuer's JWKS),
// host with token-path and issuer discovery, outputs against what introspection says, LLNG's
// refusals each told in one line that names what to fix, and revoke: true where LLNG has no
// revocation endpoint. Every run, and the server's log, scanned for secrets.
// Skipped, saying why on stderr, where the package (or a module its issuer needs) is missing.
//
// Where LLNG 2.16 departs from the RFCs (the action is not bent to it):
// - Basic client credentials are not form-decoded (RFC 6749 section 2.3.1): a secret that
//   form-encoding changes works only in the body (client-auth: body).
// - An unknown, expired or revoked refresh token gets a bare invalid_request, not invalid_grant
//   (RFC 6749 section 5.2); the action's line names refresh-token first, then the request, as
//   for Glewlwyd's empty 400. LLNG logs the refresh token it was given ("Unable to find OIDC
//   session <token>") at level error.
// - No revocation endpoint (RFC 7009), none in the metadata; the portal answers any other path
//   with a 401 of its own JSON API to a client that accepts JSON (a login page otherwise).
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { createHash, createPublicKey, verify } from 'node:crypto'
import { readFileSync, readdirSync } from 'node:fs'
import {
  type ActionRun,
  actionDefaults,
  maskedLog,
  runAction,
  runPost
} from '../scripts/runner.mjs'
import {
  ACCESS_TOKEN_LIFETIME,
  type Lemonldap,
  type LlngClient,
  TOKEN_PATH,
  lemonldapMissing,
  startLemonldap
} from './support/lemonldap-ng.js'
import { expectSecretsSafe } from './support/secrets-safe.js'
import { describeUnless } from './support/skip.js'

const missing = lemonldapMissing()
const describeLlng = describeUnless(missing, 'lemonldap-ng-interop.test.ts')

let server: Lemonldap
/** Every token and secret the tests saw: none may show in the server's own log. */
const seen: string[] = []

beforeAll(async () => {
  if (missing) return
  server = await startLemonldap()
}, 30_000)

afterAll(async () => {
  if (missing) return
  await server?.close()
})

interface Result {
  readonly run: ActionRun
  /** The action's requests, as the server answered them: method, path, status. */
  readonly requests: string[]
  readonly startedAt: number
  readonly endedAt: number
}

/** The inputs of a step against LLNG's token endpoint by host, form-encoded. */
const byHost = (more: Record<string, string>): Record<string, string> => ({
  ...actionDefaults(),
  host: server.url,
  'token-path': TOKEN_PATH,
  'body-format': 'form',
  retries: '0',
  ...more
})

/** The action with these inputs over action.yml's defaults, step debug on (its lines scanned). */
async function run(inputs: Record<string, string>, script = runAction): Promise<Result> {
  const before = server.requests().length
  const startedAt = Date.now()
  const action = await script(inputs, { RUNNER_DEBUG: '1' })
  const endedAt = Date.now()
  await server.settled()
  return { run: action, requests: server.requests().slice(before), startedAt, endedAt }
}

const client = (rp: LlngClient): Record<string, string> => ({
  'client-id': rp.id,
  'client-secret': rp.secret
})

const user = (): Record<string, string> => ({ ...server.user })

function errorLines(action: ActionRun): string[] {
  return action.stdout.split(/\r?\n/).filter(line => /^::(error|warning)::/.test(line))
}

const tokenUrl = (): string => `${server.url}${TOKEN_PATH}`

/** The ID token's claims, once its RS256 signature checks out against the issuer's JWKS. */
async function verifiedClaims(idToken: string): Promise<Record<string, unknown>> {
  const [header = '', payload = '', signature = ''] = idToken.split('.')
  const { kid, alg } = JSON.parse(Buffer.from(header, 'base64url').toString())
  expect(alg).toBe('RS256')
  const jwk = (await server.jwks()).keys.find(key => key.kid === kid)
  expect(jwk).toMatchObject({ kty: 'RSA', kid: 'llng-test-key' })
  const key = createPublicKey({ key: jwk ?? {}, format: 'jwk' })
  const signed = Buffer.from(`${header}.${payload}`)
  expect(verify('RSA-SHA256', signed, key, Buffer.from(signature, 'base64url'))).toBe(true)
  return JSON.parse(Buffer.from(payload, 'base64url').toString())
}

/**
 * A successful run: outputs and env against what LLNG says of the token it issued (by
 * introspection, and the ID token's claims), and no secret outside ::add-mask::.
 */
async function expectToken(
  result: Result,
  expected: {
    /** What introspection says the token's scope is. */
    scope: string
    /** The scope output: LLNG returns scope only when it differs from the one asked. */
    scopeOutput?: string
    client: LlngClient
    sub: string
    refreshToken: boolean
    idToken: boolean
    /** The client's and user's credentials, which go to no file command. */
    inputs: string[]
  }
): Promise<string> {
  const { run: action } = result
  expect(action.stderr).toBe('')
  expect(errorLines(action)).toEqual([])
  expect(action.code).toBe(0)
  const token = action.outputs['access-token'] ?? ''
  const refreshToken = action.outputs['refresh-token'] ?? ''
  const idToken = action.outputs['id-token'] ?? ''
  seen.push(token, refreshToken, idToken, ...expected.inputs)
  const info = await server.introspect(token)
  expect(info).toMatchObject({
    active: true,
    client_id: expected.client.id,
    sub: expected.sub,
    scope: expected.scope,
    iss: server.url
  })
  expect(action.outputs).toMatchObject({
    'token-type': 'Bearer',
    authorization: `Bearer ${token}`,
    'expires-in': String(ACCESS_TOKEN_LIFETIME),
    scope: expected.scopeOutput ?? ''
  })
  // expires-at: the request's time plus expires_in, within seconds of LLNG's own expiry.
  const at = Date.parse(action.outputs['expires-at'] ?? '')
  expect(Math.abs(at - (info.exp ?? 0) * 1000)).toBeLessThanOrEqual(3000)
  expect(at).toBeGreaterThanOrEqual(
    Math.floor(result.startedAt / 1000) * 1000 + ACCESS_TOKEN_LIFETIME * 1000
  )
  expect(at).toBeLessThanOrEqual(result.endedAt + ACCESS_TOKEN_LIFETIME * 1000)
  expect(action.env).toEqual({ ACCESS_TOKEN: token })
  if (expected.refreshToken) expect(refreshToken).toMatch(/^[0-9a-f]{64}$/)
  else expect(refreshToken).toBe('')
  if (expected.idToken) {
    const claims = await verifiedClaims(idToken)
    // at_hash: the left half of the access token's SHA-256 (OpenID Connect Core 3.1.3.6).
    const atHash = createHash('sha256').update(token).digest().subarray(0, 16)
    expect(claims).toMatchObject({
      iss: server.url,
      sub: expected.sub,
      aud: [expected.client.id],
      azp: expected.client.id,
      at_hash: atHash.toString('base64url')
    })
  } else expect(idToken).toBe('')
  const secrets = [token, refreshToken, idToken, ...expected.inputs].filter(Boolean)
  expectSecretsSafe(action, secrets, secrets, expected.inputs)
  return token
}

describeLlng(`LemonLDAP::NG 2.16 (Debian)${missing ? `: skipped, ${missing}` : ''}`, () => {
  describe('the password grant (oidcRPMetaDataOptionsAllowPasswordGrant)', () => {
    it('gets a token, a refresh token and a verified ID token with a form body, scope openid, client-auth body', async () => {
      const result = await run(byHost({ ...client(server.app), ...user(), scope: 'openid read' }))
      expect(result.requests).toEqual([`POST ${TOKEN_PATH} 200`])
      await expectToken(result, {
        scope: 'openid read',
        client: server.app,
        sub: server.user.username,
        refreshToken: true,
        idToken: true,
        inputs: [server.app.secret, server.user.password]
      })
      expect(result.run.summary).toContain('| grant type | ` password ` |')
      expect(maskedLog(result.run.stdout)).toContain('scope (none returned)')
    })

    it.each([
      [
        'body',
        'finds no client_id in it: invalid_client',
        'HTTP 400 invalid_client; check client-id, client-secret and client-auth, or try body-format: form'
      ],
      [
        'basic',
        'finds no grant_type in it: unsupported_grant_type',
        'HTTP 400 unsupported_grant_type; the server does not support grant-type password, or reads only form bodies: try body-format: form'
      ]
    ])(
      'says to try body-format: form to a JSON body (the default), client-auth %s: LLNG %s',
      async (clientAuth, _, line) => {
        const result = await run(
          byHost({
            'body-format': 'json',
            'client-auth': clientAuth,
            ...client(server.app),
            ...user()
          })
        )
        expect(result.requests).toEqual([`POST ${TOKEN_PATH} 400`])
        expect(result.run.code).toBe(1)
        expect(errorLines(result.run)).toEqual([
          `::error::Token request to ${tokenUrl()} failed: ${line}`
        ])
        expect(result.run.outputs).toEqual({})
        const secrets = [server.app.secret, server.user.password]
        expectSecretsSafe(result.run, secrets, secrets, secrets)
      }
    )

    it('refuses a wrong password with invalid_grant, saying to check username and password', async () => {
      const wrong = 'wrong pass&word+1234'
      const result = await run(byHost({ ...client(server.app), ...user(), password: wrong }))
      seen.push(wrong)
      expect(result.requests).toEqual([`POST ${TOKEN_PATH} 400`])
      expect(result.run.code).toBe(1)
      expect(errorLines(result.run)).toEqual([
        `::error::Token request to ${tokenUrl()} failed: HTTP 400 invalid_grant; check username and password, and the user's account on the server`
      ])
      expect(result.run.outputs).toEqual({})
      expectSecretsSafe(result.run, [server.app.secret, wrong], [wrong], [wrong])
    })

    it.each<[string, () => Record<string, string>, string, string]>([
      [
        'an unknown username',
        () => ({ username: 'llng-nobody', password: 'llng-nobody-pw-0123' }),
        `POST ${TOKEN_PATH} 400`,
        "HTTP 400 invalid_grant; check username and password, and the user's account on the server"
      ],
      [
        // The portal's own JSON API answers a path it does not route with its login's 401 and
        // a number (PE_FIRSTACCESS), not an OAuth error: the path, not the client.
        'a token-path LLNG does not route',
        () => ({ 'token-path': '/oauth/token' }),
        'POST /oauth/token 401',
        'HTTP 401 (application/json; charset=utf-8): {"error":9,"result":0}; check host and token-path'
      ]
    ])('refuses %s in one line that names what to fix', async (_, more, request, line) => {
      const inputs = byHost({ ...client(server.app), ...user(), ...more() })
      seen.push(inputs.password ?? '')
      const result = await run(inputs)
      expect(result.requests).toEqual([request])
      expect(result.run.code).toBe(1)
      expect(
        errorLines(result.run).map(text =>
          text.replace(/"result":0,"error":9/, '"error":9,"result":0')
        )
      ).toEqual([`::error::Token request to ${server.url}${inputs['token-path']} failed: ${line}`])
      expect(result.run.outputs).toEqual({})
      const secrets = [server.app.secret, inputs.password ?? '']
      expectSecretsSafe(result.run, secrets, secrets)
    })
  })

  describe('client_credentials, client authentication and scopes', () => {
    it.each(['basic', 'body'])(
      'gets a token with client-auth %s and the scopes asked for',
      async clientAuth => {
        const result = await run(
          byHost({ 'client-auth': clientAuth, ...client(server.app), scope: 'read write' })
        )
        expect(result.requests).toEqual([`POST ${TOKEN_PATH} 200`])
        await expectToken(result, {
          scope: 'read write',
          client: server.app,
          sub: server.app.id,
          refreshToken: false,
          idToken: false,
          inputs: [server.app.secret]
        })
        expect(result.run.summary).toContain('| grant type | ` client_credentials ` |')
      }
    )

    it('outputs the narrower scope LLNG grants: an undeclared one dropped', async () => {
      const result = await run(byHost({ ...client(server.app), scope: 'read deploy' }))
      await expectToken(result, {
        scope: 'read',
        scopeOutput: 'read',
        client: server.app,
        sub: server.app.id,
        refreshToken: false,
        idToken: false,
        inputs: [server.app.secret]
      })
      expect(result.run.summary).toContain('| scope | ` read ` |')
    })

    it('takes a secret with + / = % : space & é in client-auth body', async () => {
      const result = await run(byHost({ ...client(server.special), scope: 'read' }))
      await expectToken(result, {
        scope: 'read',
        client: server.special,
        sub: server.special.id,
        refreshToken: false,
        idToken: false,
        inputs: [server.special.secret]
      })
    })

    it('says to try client-auth: body when LLNG does not form-decode such a secret in Basic', async () => {
      const result = await run(
        byHost({ 'client-auth': 'basic', ...client(server.special), scope: 'read' })
      )
      expect(result.requests).toEqual([`POST ${TOKEN_PATH} 401`])
      expect(errorLines(result.run)).toEqual([
        `::error::Token request to ${tokenUrl()} failed: HTTP 401 invalid_client; check client-id and client-secret; client-auth basic form-encodes them (RFC 6749 section 2.3.1), which some servers do not decode: try client-auth: body`
      ])
      const secrets = [server.special.secret]
      expectSecretsSafe(result.run, secrets, secrets, secrets)
    })

    it.each([
      // With Basic, 401 and WWW-Authenticate; in the body, a 400 (RFC 6749 section 5.2).
      ['a wrong client secret', 'basic', 'llng-app', 401],
      ['a wrong client secret', 'body', 'llng-app', 400],
      ['an unknown client', 'body', 'no-such-client', 400]
    ])(
      'refuses %s (client-auth %s) with invalid_client, in one line',
      async (_, clientAuth, id, status) => {
        const bad = 'wrong-secret-0123456789'
        const result = await run(
          byHost({
            'client-auth': clientAuth,
            'client-id': id,
            'client-secret': bad,
            scope: 'read'
          })
        )
        seen.push(bad)
        expect(result.requests).toEqual([`POST ${TOKEN_PATH} ${status}`])
        expect(result.run.code).toBe(1)
        expect(errorLines(result.run)).toEqual([
          `::error::Token request to ${tokenUrl()} failed: HTTP ${status} invalid_client; check client-id, client-secret and client-auth`
        ])
        expect(result.run.outputs).toEqual({})
        expectSecretsSafe(result.run, [bad, server.app.secret], [bad], [bad])
      }
    )

    it.each([
      ['client_credentials', {}],
      ['password', { username: 'dwho', password: 'dwho' }]
    ])(
      'refuses grant %s to a client not allowed it: unauthorized_client, naming client-id and the grant',
      async (grant, more) => {
        const result = await run(byHost({ ...client(server.codeOnly), scope: 'read', ...more }))
        expect(result.requests).toEqual([`POST ${TOKEN_PATH} 400`])
        expect(errorLines(result.run)).toEqual([
          `::error::Token request to ${tokenUrl()} failed: HTTP 400 unauthorized_client; check client-id, and that the client may use grant-type ${grant}`
        ])
        const secrets = [server.codeOnly.secret, server.user.password]
        expectSecretsSafe(result.run, secrets, [server.codeOnly.secret])
      }
    )

    it.each([
      // RFC 6749 section 3.3: with no scope and no default, the server fails the request.
      ['no scope, where LLNG has no default for client_credentials', ''],
      ['only a scope neither standard nor declared for the client', 'deploy']
    ])('refuses %s with invalid_scope, saying to check scope', async (_, scope) => {
      const result = await run(byHost({ ...client(server.app), scope }))
      expect(result.requests).toEqual([`POST ${TOKEN_PATH} 400`])
      expect(errorLines(result.run)).toEqual([
        `::error::Token request to ${tokenUrl()} failed: HTTP 400 invalid_scope; check scope`
      ])
      expectSecretsSafe(result.run, [server.app.secret])
    })
  })

  describe('refresh_token (oidcRPMetaDataOptionsRefreshToken)', () => {
    it('refreshes with client-auth basic: a new access token and ID token, the refresh token kept', async () => {
      const first = await run(
        byHost({ 'client-auth': 'basic', ...client(server.app), ...user(), scope: 'openid' })
      )
      const firstToken = await expectToken(first, {
        scope: 'openid',
        client: server.app,
        sub: server.user.username,
        refreshToken: true,
        idToken: true,
        inputs: [server.app.secret, server.user.password]
      })
      const stored = first.run.outputs['refresh-token'] ?? ''

      const inputs = byHost({
        'client-auth': 'basic',
        'grant-type': 'refresh_token',
        ...client(server.app),
        'refresh-token': stored
      })
      const second = await run(inputs)
      expect(second.requests).toEqual([`POST ${TOKEN_PATH} 200`])
      // LLNG does not rotate refresh tokens: the answer has none, and the stored one stays.
      const token = await expectToken(second, {
        scope: 'openid',
        client: server.app,
        sub: server.user.username,
        refreshToken: false,
        idToken: true,
        inputs: [server.app.secret, stored]
      })
      expect(token).not.toBe(firstToken)
      expect(second.run.summary).toContain('| grant type | ` refresh_token ` |')
      const third = await run(inputs)
      await expectToken(third, {
        scope: 'openid',
        client: server.app,
        sub: server.user.username,
        refreshToken: false,
        idToken: true,
        inputs: [server.app.secret, stored]
      })
    })

    it("says client-id may be wrong too when the refresh token is another client's", async () => {
      const first = await run(byHost({ ...client(server.app), ...user(), scope: 'read' }))
      const stored = first.run.outputs['refresh-token'] ?? ''
      expect(stored).not.toBe('')
      seen.push(stored, first.run.outputs['access-token'] ?? '')
      const result = await run(
        byHost({
          ...client(server.special),
          'grant-type': 'refresh_token',
          'refresh-token': stored
        })
      )
      expect(result.requests).toEqual([`POST ${TOKEN_PATH} 400`])
      expect(errorLines(result.run)).toEqual([
        `::error::Token request to ${tokenUrl()} failed: HTTP 400 invalid_grant; check refresh-token: it may have expired, been used or revoked, or be for another client-id`
      ])
      const secrets = [server.special.secret, stored]
      expectSecretsSafe(result.run, secrets, secrets, secrets)
    })

    it('names refresh-token first for the bare invalid_request LLNG says to an unknown refresh token', async () => {
      // LLNG's bare invalid_request (RFC 6749 section 5.2 has invalid_grant for it) would say the
      // request is malformed; the line names refresh-token first. LLNG logs the token it was given.
      const unknown = `rt-${'0'.repeat(40)}`
      const result = await run(
        byHost({ ...client(server.app), 'grant-type': 'refresh_token', 'refresh-token': unknown })
      )
      expect(result.requests).toEqual([`POST ${TOKEN_PATH} 400`])
      expect(errorLines(result.run)).toEqual([
        `::error::Token request to ${tokenUrl()} failed: HTTP 400 invalid_request; check refresh-token: it may have expired or been revoked; else check the request: body-format, client-auth and extra-params`
      ])
      const secrets = [server.app.secret, unknown]
      expectSecretsSafe(result.run, secrets, secrets, secrets)
      expect(server.log()).toContain(`Unable to find OIDC session ${unknown}`)
    })
  })

  describe('issuer: discovery at /.well-known/openid-configuration', () => {
    const byIssuer = (more: Record<string, string>): Record<string, string> => ({
      ...actionDefaults(),
      issuer: server.url,
      retries: '0',
      ...more
    })

    it('gets a password grant token (form, whatever body-format says), then refreshes it', async () => {
      const inputs = byIssuer({
        'client-auth': 'basic',
        ...client(server.app),
        ...user(),
        scope: 'openid read write'
      })
      const first = await run(inputs)
      // RFC 8414's well-known URL is the portal's 401; OpenID Connect Discovery's answers.
      expect(first.requests).toEqual([
        'GET /.well-known/oauth-authorization-server 401',
        'GET /.well-known/openid-configuration 200',
        `POST ${TOKEN_PATH} 200`
      ])
      expect(first.run.stdout).toContain('body-format form')
      await expectToken(first, {
        scope: 'openid read write',
        client: server.app,
        sub: server.user.username,
        refreshToken: true,
        idToken: true,
        inputs: [server.app.secret, server.user.password]
      })
      const refreshToken = first.run.outputs['refresh-token'] ?? ''
      const second = await run(
        byIssuer({
          ...client(server.app),
          'grant-type': 'refresh_token',
          'refresh-token': refreshToken
        })
      )
      await expectToken(second, {
        scope: 'openid read write',
        client: server.app,
        sub: server.user.username,
        refreshToken: false,
        idToken: true,
        inputs: [server.app.secret, refreshToken]
      })
    })

    it('refuses revoke: true before any token request: the metadata names no revocation_endpoint', async () => {
      const result = await run(byIssuer({ ...client(server.app), scope: 'read', revoke: 'true' }))
      expect(result.requests).toEqual([
        'GET /.well-known/oauth-authorization-server 401',
        'GET /.well-known/openid-configuration 200'
      ])
      expect(result.run.code).toBe(1)
      expect(errorLines(result.run)).toEqual([
        `::error::input 'revoke' is true, but the metadata of issuer ${server.url} names no revocation_endpoint: set revoke: false, or use host, token-path and revoke-path instead of issuer`
      ])
      expect(result.run.outputs).toEqual({})
      expectSecretsSafe(result.run, [server.app.secret])
    })
  })

  describe('revoke: true with host, where LLNG 2.16 has no revocation endpoint', () => {
    it('warns at job end, not fails, and the tokens stay valid', async () => {
      const inputs = byHost({
        ...client(server.app),
        ...user(),
        scope: 'read',
        revoke: 'true',
        'revoke-path': '/oauth2/revoke'
      })
      const main = await run(inputs)
      const token = await expectToken(main, {
        scope: 'read',
        client: server.app,
        sub: server.user.username,
        refreshToken: true,
        idToken: false,
        inputs: [server.app.secret, server.user.password]
      })
      const refreshToken = main.run.outputs['refresh-token'] ?? ''
      expect(main.run.summary).toContain('| revoked at job end | ` yes ` |')

      const post = await run(inputs, (given, env) => runPost(given, main.run.state, env))
      expect(post.run.code).toBe(0)
      expect(post.run.stderr).toBe('')
      expect(post.requests).toEqual(['POST /oauth2/revoke 401', 'POST /oauth2/revoke 401'])
      // The portal's own JSON API answers a path it does not route with its login's 401, whose
      // error is a number (PE_FIRSTACCESS), not an OAuth code: the path, not the client.
      const refused = `HTTP 401 (application/json; charset=utf-8): {"error":9,"result":0}; check host and revoke-path`
      expect(
        errorLines(post.run).map(line =>
          line.replace(/"result":0,"error":9/, '"error":9,"result":0')
        )
      ).toEqual([
        `::warning::Could not revoke the access token at ${server.url}/oauth2/revoke: ${refused}; it stays valid until ${main.run.outputs['expires-at']}`,
        `::warning::Could not revoke the refresh token at ${server.url}/oauth2/revoke: ${refused}; it stays valid until it expires`
      ])
      expect((await server.introspect(token)).active).toBe(true)
      expectSecretsSafe(post.run, [server.app.secret, server.user.password, token, refreshToken])
    })

    it("names host and revoke-path when revoke-path is the token endpoint's: LLNG's unsupported_grant_type", async () => {
      const inputs = byHost({
        ...client(server.app),
        scope: 'read',
        revoke: 'true',
        'revoke-path': TOKEN_PATH
      })
      const main = await run(inputs)
      const token = await expectToken(main, {
        scope: 'read',
        client: server.app,
        sub: server.app.id,
        refreshToken: false,
        idToken: false,
        inputs: [server.app.secret]
      })
      const post = await run(inputs, (given, env) => runPost(given, main.run.state, env))
      expect(post.run.code).toBe(0)
      expect(post.requests).toEqual([`POST ${TOKEN_PATH} 400`])
      // A token endpoint finds no grant_type in the revocation's form: the URL, not the request.
      expect(errorLines(post.run)).toEqual([
        `::warning::Could not revoke the access token at ${tokenUrl()}: HTTP 400 unsupported_grant_type; this is a token endpoint's answer: check host and revoke-path; it stays valid until ${main.run.outputs['expires-at']}`
      ])
      expect((await server.introspect(token)).active).toBe(true)
      expectSecretsSafe(post.run, [server.app.secret, token])
    })
  })

  it('stops plackup when the portal it started cannot be read', async () => {
    /* This process's children running plackup (Linux's /proc), which the test may stop. */
    const plackups = (): number[] =>
      readdirSync('/proc')
        .filter(pid => /^\d+$/.test(pid))
        .map(Number)
        .filter(pid => {
          try {
            const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
            const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1])
            const command = readFileSync(`/proc/${pid}/cmdline`, 'utf8')
            return ppid === process.pid && command.includes('plackup')
          } catch {
            return false
          }
        })
    const before = plackups()
    expect(before).toHaveLength(1)
    const real = globalThis.fetch
    globalThis.fetch = async (input, init) => {
      if (String(input).endsWith('/.well-known/openid-configuration')) {
        throw new TypeError('fetch failed')
      }
      return real(input, init)
    }
    try {
      await expect(startLemonldap()).rejects.toThrow('fetch failed')
    } finally {
      globalThis.fetch = real
      const left = plackups().filter(pid => !before.includes(pid))
      for (const pid of left) process.kill(pid)
      expect(left).toEqual([])
    }
  })

  it("leaves no secret in the server's own log", () => {
    const log = server.log()
    expect(log).toContain(`"POST ${TOKEN_PATH} HTTP/1.1" 200`)
    // The Demo user's password is its name, which LLNG logs at each login ("dwho connected").
    const secrets = [
      ...new Set([server.app.secret, server.special.secret, server.codeOnly.secret, ...seen])
    ].filter(value => value && value !== server.user.password)
    expect(secrets.length).toBeGreaterThan(20)
    for (const value of secrets) expect(log.includes(value)).toBe(false)
  })
})
