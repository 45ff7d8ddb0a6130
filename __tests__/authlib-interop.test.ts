// Interoperability with a real authorization server from Debian's packages: Authlib 1.2 on Flask
// (python3-authlib, python3-flask), built from Authlib's own grant and endpoint classes
// (support/authlib-server.py), started once on loopback, with the BUILT action (dist/index.js)
// run as the GitHub runner runs it. Authlib is strict where other servers are lenient: form bodies
// only, Basic credentials taken without form-decoding, a client assertion's aud compared exactly
// with its token endpoint's URL, a jti used once. Skipped, saying why, only when /usr/bin/python3
// cannot import Authlib and Flask.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { createHash, createPrivateKey, randomBytes, randomUUID, sign } from 'node:crypto'
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  type ActionRun,
  actionDefaults,
  findLeaks,
  maskedValues,
  runAction,
  runPost,
  secretLines
} from '../scripts/runner.mjs'
import {
  type AuthlibServer,
  JWT_BEARER,
  LIFETIME,
  REDIRECT_URI,
  type SeenRequest,
  authlibUnavailable,
  startAuthlib
} from './support/authlib.js'
import { privateKeyPem } from './support/keys.js'
import { describeUnless } from './support/skip.js'

const KEYS = {
  rsa: privateKeyPem('rsa', 'pkcs1'),
  ec: privateKeyPem('ec', 'pkcs8')
}
/**
 * A client secret with characters that form-encoding changes: + / = % : space & é # \ " 中 and
 * an emoji.
 */
const SPECIAL_SECRET = 'al+sp/ec=ial%20:se cret&é-#\\"中😀0123456789'
const FORM = 'application/x-www-form-urlencoded'

const describeAuthlib = describeUnless(authlibUnavailable(), 'authlib-interop.test.ts')

let server: AuthlibServer

interface Result {
  readonly run: ActionRun
  /** What the server received during this run. */
  readonly requests: SeenRequest[]
  readonly startedAt: number
  readonly endedAt: number
}

/** The action with action.yml's defaults, body-format form and these inputs; step debug on. */
async function runAgainstAuthlib(
  inputs: Record<string, string>,
  env: Record<string, string> = {}
): Promise<Result> {
  const before = (await server.requests()).length
  const startedAt = Date.now()
  const run = await runAction(
    { ...actionDefaults(), 'body-format': 'form', ...inputs },
    { RUNNER_DEBUG: '1', ...env }
  )
  const endedAt = Date.now()
  return { run, requests: (await server.requests()).slice(before), startedAt, endedAt }
}

const basicHeader = (id: string, secret: string): string =>
  `Basic ${Buffer.from(`${id}:${secret}`, 'utf8').toString('base64')}`

const shape = (requests: readonly SeenRequest[]): string[] =>
  requests.map(r => `${r.method} ${r.path} ${r.status} ${r.authorization}`.trimEnd())

/** The error and warning annotations of a run. */
const annotations = (run: ActionRun): string[] =>
  run.stdout.split('\n').filter(line => /^::(error|warning)::/.test(line))

/**
 * No secret leaks: none in a log line outside ::add-mask:: (findLeaks), each one registered as a
 * mask before any line shows it, none in the job summary; the input secrets in no file either.
 */
function expectMasked(
  run: ActionRun,
  secrets: Record<string, string>,
  inputSecrets: readonly string[] = []
): void {
  expect(run.stderr).toBe('')
  expect(findLeaks(run, [...Object.values(secrets), ...inputSecrets])).toEqual([])
  const masks = maskedValues(run.stdout)
  const lines = run.stdout.split(/\r\n|\r|\n/)
  const report = Object.entries(secrets).map(([name, value]) => {
    const first = lines.find(
      line => line.includes(value) || maskedValues(line).some(mask => mask.includes(value))
    )
    return {
      name,
      maskedBeforeShown: first === undefined || first.startsWith('::add-mask::'),
      registered: masks.includes(value)
    }
  })
  expect(report).toEqual(
    report.map(({ name }) => ({ name, maskedBeforeShown: true, registered: true }))
  )
  for (const value of [...Object.values(secrets), ...inputSecrets]) {
    expect(run.summary).not.toContain(value)
  }
  const files = [run.outputFile, run.envFile, JSON.stringify(run.state)].join('\n')
  for (const value of inputSecrets) expect(files).not.toContain(value)
}

/** The step succeeded with the token in the server's one 200 answer, in every output. */
function expectToken(
  result: Result,
  scope: string,
  lifetime: number,
  exportEnv = 'ACCESS_TOKEN'
): string {
  const { run } = result
  expect(annotations(run)).toEqual([])
  expect(run.code).toBe(0)
  const token = result.requests.filter(r => r.path.endsWith('/oauth/token'))
  expect(token.map(r => [r.status, r.contentType])).toEqual([[200, FORM]])
  const answer = token[0]?.response ?? {}
  const accessToken = String(answer.access_token)
  expect(run.outputs).toMatchObject({
    'access-token': accessToken,
    'token-type': 'Bearer',
    authorization: `Bearer ${accessToken}`,
    'expires-in': String(lifetime),
    'refresh-token': typeof answer.refresh_token === 'string' ? answer.refresh_token : '',
    'id-token': '',
    scope
  })
  expect(answer.expires_in).toBe(lifetime)
  // expires-at: when the request was sent plus expires_in, to the second.
  const expiresAt = Date.parse(run.outputs['expires-at'] ?? '')
  expect(expiresAt).toBeGreaterThanOrEqual(
    Math.floor(result.startedAt / 1000) * 1000 + lifetime * 1000
  )
  expect(expiresAt).toBeLessThanOrEqual(result.endedAt + lifetime * 1000)
  expect(run.env[exportEnv]).toBe(accessToken)
  const fingerprint = createHash('sha256').update(accessToken).digest('hex').slice(0, 12)
  expect(run.summary).toContain(`sha256:${fingerprint}`)
  return accessToken
}

/** A JWT bearer assertion (RFC 7523 §2.1) signed ES256 with the key the server has for al-bearer. */
function bearerAssertion(claims: Record<string, unknown>): string {
  const encode = (value: unknown): string =>
    Buffer.from(JSON.stringify(value)).toString('base64url')
  const input = `${encode({ alg: 'ES256', typ: 'JWT', kid: 'ES256-key' })}.${encode(claims)}`
  const signature = sign('sha256', Buffer.from(input), {
    key: createPrivateKey(KEYS.ec),
    dsaEncoding: 'ieee-p1363'
  })
  return `${input}.${signature.toString('base64url')}`
}

describeAuthlib('Authlib on 127.0.0.1', () => {
  beforeAll(async () => {
    server = await startAuthlib(KEYS, SPECIAL_SECRET)
  }, 30_000)

  afterAll(async () => {
    await server?.close()
  })

  const password = (): Record<string, string> => ({
    username: server.user.username,
    password: server.user.password
  })

  describe('password, client_credentials and refresh_token grants', () => {
    it('password grant with client_secret_basic: the token Authlib issued, in every output, masked', async () => {
      const result = await runAgainstAuthlib({
        host: server.issuer,
        'client-auth': 'basic',
        'client-id': server.basic.id,
        'client-secret': server.basic.secret,
        ...password(),
        scope: 'read write',
        // Judged by the lifetime Authlib gives (expires_in), which meets it exactly.
        'min-validity': String(LIFETIME.password)
      })
      expect(shape(result.requests)).toEqual(['POST /oauth/token 200 Basic'])
      expect(result.requests[0]?.params).toEqual(['grant_type', 'password', 'scope', 'username'])
      const accessToken = expectToken(result, 'read write', LIFETIME.password)
      const refreshToken = result.run.outputs['refresh-token'] ?? ''
      expect(refreshToken).not.toBe('')

      const introspection = await server.introspect(accessToken)
      expect(introspection).toMatchObject({
        active: true,
        client_id: server.basic.id,
        username: server.user.username,
        scope: 'read write'
      })
      // expires-at is within two seconds of the expiry Authlib keeps.
      const expiresAt = Date.parse(result.run.outputs['expires-at'] ?? '')
      expect(Math.abs(expiresAt - (introspection.exp ?? 0) * 1000)).toBeLessThanOrEqual(2000)
      expect(await server.resourceStatus(accessToken)).toBe(200)

      const header = basicHeader(server.basic.id, server.basic.secret)
      expectMasked(
        result.run,
        {
          'client secret': server.basic.secret,
          password: server.user.password,
          'access token': accessToken,
          'refresh token': refreshToken,
          authorization: `Bearer ${accessToken}`,
          'basic header': header,
          'basic credentials': header.slice('Basic '.length)
        },
        [server.basic.secret, server.user.password]
      )
    })

    it('password grant with client_secret_post (client-auth body)', async () => {
      const result = await runAgainstAuthlib({
        host: server.issuer,
        'client-id': server.post.id,
        'client-secret': server.post.secret,
        ...password()
      })
      expect(shape(result.requests)).toEqual(['POST /oauth/token 200'])
      expect(result.requests[0]?.params).toEqual([
        'client_id',
        'client_secret',
        'grant_type',
        'password',
        'username'
      ])
      // No scope asked for: Authlib returns none, and the output is empty.
      const accessToken = expectToken(result, '', LIFETIME.password)
      expect(await server.resourceStatus(accessToken)).toBe(200)
      expectMasked(
        result.run,
        {
          'client secret': server.post.secret,
          password: server.user.password,
          'access token': accessToken
        },
        [server.post.secret, server.user.password]
      )
    })

    it('client_credentials through issuer, form-encoded with body-format at its default json', async () => {
      const result = await runAgainstAuthlib({
        issuer: server.issuer,
        'body-format': 'json',
        'client-auth': 'basic',
        'client-id': server.basic.id,
        'client-secret': server.basic.secret,
        scope: 'read'
      })
      expect(shape(result.requests)).toEqual([
        'GET /.well-known/oauth-authorization-server 200',
        'POST /oauth/token 200 Basic'
      ])
      const accessToken = expectToken(result, 'read', LIFETIME.client_credentials)
      // RFC 6749 §4.4.3: no refresh token.
      expect(result.run.outputs['refresh-token']).toBe('')
      expect(result.run.stdout).toContain('body-format form')
      expectMasked(result.run, { 'access token': accessToken }, [server.basic.secret])
    })

    it('an issuer with a path: its metadata at RFC 8414 §3.1’s URL, after the two appended ones', async () => {
      const result = await runAgainstAuthlib({
        issuer: server.tenant,
        'client-auth': 'basic',
        'client-id': server.basic.id,
        'client-secret': server.basic.secret
      })
      expect(shape(result.requests)).toEqual([
        'GET /tenant/.well-known/oauth-authorization-server 404',
        'GET /tenant/.well-known/openid-configuration 404',
        'GET /.well-known/oauth-authorization-server/tenant 200',
        'POST /tenant/oauth/token 200 Basic'
      ])
      expectToken(result, '', LIFETIME.client_credentials)
    })

    it('refresh_token grant: the refresh-token output works once, as Authlib rotates it', async () => {
      const inputs = {
        host: server.issuer,
        'client-auth': 'basic',
        'client-id': server.basic.id,
        'client-secret': server.basic.secret
      }
      const first = await runAgainstAuthlib({ ...inputs, ...password(), scope: 'read' })
      const firstToken = expectToken(first, 'read', LIFETIME.password)
      const refreshToken = first.run.outputs['refresh-token'] ?? ''

      const refresh = { ...inputs, 'grant-type': 'refresh_token', 'refresh-token': refreshToken }
      const second = await runAgainstAuthlib(refresh)
      expect(second.requests[0]?.params).toEqual(['grant_type', 'refresh_token'])
      // The scope first granted, though none was asked for; a new refresh token.
      const accessToken = expectToken(second, 'read', LIFETIME.password)
      expect(second.run.outputs['refresh-token']).not.toBe(refreshToken)
      expect((await server.introspect(firstToken)).active).toBe(false)
      expect(await server.resourceStatus(accessToken)).toBe(200)
      expectMasked(
        second.run,
        {
          'refresh token (input)': refreshToken,
          'access token': accessToken,
          'new refresh token': second.run.outputs['refresh-token'] ?? ''
        },
        [server.basic.secret]
      )

      const again = await runAgainstAuthlib(refresh)
      expect(again.run.code).toBe(1)
      expect(annotations(again.run)).toEqual([
        `::error::Token request to ${server.issuer}/oauth/token failed: HTTP 400 invalid_grant; check refresh-token: it may have expired, been used or revoked, or be for another client-id`
      ])
      expect(again.run.outputs).toEqual({})
      expectMasked(again.run, { 'refresh token (input)': refreshToken }, [server.basic.secret])
    })
  })

  describe('the authorization_code grant, its code and PKCE verifier in extra-params', () => {
    it('gets the token for the code Authlib issued; a code used once is refused', async () => {
      const verifier = randomBytes(32).toString('base64url')
      const code = await server.authorize(verifier, 'read')
      const inputs = {
        host: server.issuer,
        'grant-type': 'authorization_code',
        'client-auth': 'basic',
        'client-id': server.basic.id,
        'client-secret': server.basic.secret,
        'extra-params': `code=${code}\nredirect_uri=${REDIRECT_URI}\ncode_verifier=${verifier}`
      }
      const result = await runAgainstAuthlib(inputs)
      expect(shape(result.requests)).toEqual(['POST /oauth/token 200 Basic'])
      expect(result.requests[0]?.params).toEqual([
        'code',
        'code_verifier',
        'grant_type',
        'redirect_uri'
      ])
      const accessToken = expectToken(result, 'read', LIFETIME.authorizationCode)
      expect(await server.introspect(accessToken)).toMatchObject({
        active: true,
        username: server.user.username
      })
      const secrets = {
        code,
        'code verifier': verifier,
        'access token': accessToken,
        'refresh token': result.run.outputs['refresh-token'] ?? ''
      }
      expectMasked(result.run, secrets, [server.basic.secret])

      const again = await runAgainstAuthlib(inputs)
      expect(again.run.code).toBe(1)
      expect(annotations(again.run)).toEqual([
        `::error::Token request to ${server.issuer}/oauth/token failed: HTTP 400 invalid_grant: Invalid "code" in request. Give a new code in extra-params: a code is used once and expires soon; else check redirect_uri and code_verifier`
      ])
      expectMasked(again.run, { code, 'code verifier': verifier }, [server.basic.secret])
    })
  })

  describe('a client secret that form-encoding changes (+ / = % : space & é)', () => {
    it('works in the body (client_secret_post): Flask form-decodes it', async () => {
      const result = await runAgainstAuthlib({
        host: server.issuer,
        'client-id': server.special.id,
        'client-secret': SPECIAL_SECRET,
        scope: 'read'
      })
      const accessToken = expectToken(result, 'read', LIFETIME.client_credentials)
      expectMasked(result.run, { 'client secret': SPECIAL_SECRET, 'access token': accessToken }, [
        SPECIAL_SECRET
      ])
    })

    it('is refused in Basic, which Authlib does not form-decode; the message says client-auth: body', async () => {
      const result = await runAgainstAuthlib({
        host: server.issuer,
        'client-auth': 'basic',
        'client-id': server.special.id,
        'client-secret': SPECIAL_SECRET
      })
      expect(shape(result.requests)).toEqual(['POST /oauth/token 401 Basic'])
      expect(result.run.code).toBe(1)
      expect(annotations(result.run)).toEqual([
        `::error::Token request to ${server.issuer}/oauth/token failed: HTTP 401 invalid_client; check client-id and client-secret; client-auth basic form-encodes them (RFC 6749 section 2.3.1), which some servers do not decode: try client-auth: body`
      ])
      const encoded = new URLSearchParams([['', SPECIAL_SECRET]]).toString().slice(1)
      const header = basicHeader(server.special.id, encoded)
      expectMasked(
        result.run,
        {
          'client secret': SPECIAL_SECRET,
          'basic header': header,
          'basic credentials': header.slice('Basic '.length)
        },
        // Never shown: the action's text of a server's answer drops a secret's encoded forms too.
        [SPECIAL_SECRET, encoded]
      )
    })
  })

  describe('RFC 7523: private_key_jwt and the JWT bearer grant', () => {
    it.each([
      ['RS256', 'rs256', KEYS.rsa, 'host', ''],
      ['ES256', 'es256', KEYS.ec, 'host', ''],
      ['RS256', 'rs256', KEYS.rsa, 'issuer', 'RS256-key'],
      ['ES256', 'es256', KEYS.ec, 'issuer', 'ES256-key']
    ] as const)(
      'private_key_jwt %s through %s (key-id %p): Authlib checks aud, jti and exp',
      async (_alg, client, pem, where, keyId) => {
        const result = await runAgainstAuthlib({
          [where]: server.issuer,
          'client-auth': 'private-key-jwt',
          'client-id': server[client],
          'private-key': pem,
          'key-id': keyId,
          scope: 'read'
        })
        const token = result.requests.filter(r => r.method === 'POST')
        expect(token.map(r => [r.status, r.assertionSegments, r.params])).toEqual([
          [
            200,
            3,
            ['client_assertion', 'client_assertion_type', 'client_id', 'grant_type', 'scope']
          ]
        ])
        const accessToken = expectToken(result, 'read', LIFETIME.client_credentials)
        expectMasked(
          result.run,
          Object.fromEntries(
            [accessToken, ...secretLines(pem)].map((value, index) => [`secret ${index}`, value])
          ),
          secretLines(pem)
        )
      }
    )

    it('JWT bearer grant with the assertion input', async () => {
      const now = Math.floor(Date.now() / 1000)
      const assertion = bearerAssertion({
        iss: server.bearer,
        sub: server.user.username,
        aud: `${server.issuer}/oauth/token`,
        iat: now,
        exp: now + 300,
        jti: randomUUID()
      })
      const result = await runAgainstAuthlib({
        host: server.issuer,
        'grant-type': JWT_BEARER,
        'client-id': server.bearer,
        assertion,
        scope: 'read'
      })
      expect(result.requests[0]?.params).toEqual(['assertion', 'client_id', 'grant_type', 'scope'])
      const accessToken = expectToken(result, 'read', LIFETIME.jwtBearer)
      expect(await server.introspect(accessToken)).toMatchObject({
        active: true,
        username: server.user.username
      })
      expectMasked(result.run, { assertion, 'access token': accessToken }, [assertion])
    })

    it('an expired JWT bearer assertion: invalid_grant, and check assertion', async () => {
      const now = Math.floor(Date.now() / 1000)
      const assertion = bearerAssertion({
        iss: server.bearer,
        sub: server.user.username,
        aud: `${server.issuer}/oauth/token`,
        exp: now - 60
      })
      const result = await runAgainstAuthlib({
        host: server.issuer,
        'grant-type': JWT_BEARER,
        'client-id': server.bearer,
        assertion
      })
      expect(result.run.code).toBe(1)
      expect(annotations(result.run)).toEqual([
        `::error::Token request to ${server.issuer}/oauth/token failed: HTTP 400 invalid_grant: The token is expired; check assertion`
      ])
      expectMasked(result.run, { assertion }, [assertion])
    })
  })

  describe('revocation at job end (RFC 7009), checked at the server', () => {
    it('client_secret_basic, with a token file: both tokens revoked, the file deleted', async () => {
      const temp = mkdtempSync(join(tmpdir(), 'authlib-revoke-'))
      try {
        const inputs = {
          ...actionDefaults(),
          'body-format': 'form',
          host: server.issuer,
          'client-auth': 'basic',
          'client-id': server.basic.id,
          'client-secret': server.basic.secret,
          ...password(),
          revoke: 'true',
          'token-file': 'true',
          'export-env': 'AUTHLIB_TOKEN'
        }
        const main = await runAgainstAuthlib(inputs, { RUNNER_TEMP: temp })
        const accessToken = expectToken(main, '', LIFETIME.password, 'AUTHLIB_TOKEN')
        const refreshToken = main.run.outputs['refresh-token'] ?? ''
        const file = main.run.outputs['token-file'] ?? ''
        expect(main.run.env).toEqual({ AUTHLIB_TOKEN: accessToken, ACCESS_TOKEN_FILE: file })
        expect(readFileSync(file, 'utf8')).toBe(accessToken)
        expect(statSync(file).mode & 0o777).toBe(0o600)
        expect(main.run.stdout).toContain(
          `Revocation: at the end of the job, at ${server.issuer}/oauth/revoke.`
        )
        // The state handed to the post step holds the tokens, never the client's credentials.
        expectMasked(main.run, { 'access token': accessToken, 'refresh token': refreshToken }, [
          server.basic.secret,
          server.user.password
        ])

        const before = (await server.requests()).length
        const post = await runPost(inputs, main.run.state, { RUNNER_TEMP: temp, RUNNER_DEBUG: '1' })
        expect(post.code).toBe(0)
        expect(annotations(post)).toEqual([])
        expect(post.stdout).toContain(`Revoked the access token at ${server.issuer}/oauth/revoke.`)
        expect(post.stdout).toContain(`Revoked the refresh token at ${server.issuer}/oauth/revoke.`)
        const revocations = (await server.requests()).slice(before)
        expect(revocations.map(r => [shape([r])[0], r.tokenTypeHint, r.params])).toEqual([
          ['POST /oauth/revoke 200 Basic', 'access_token', ['token', 'token_type_hint']],
          ['POST /oauth/revoke 200 Basic', 'refresh_token', ['token', 'token_type_hint']]
        ])
        expect((await server.introspect(accessToken)).active).toBe(false)
        expect((await server.introspect(refreshToken)).active).toBe(false)
        expect(await server.resourceStatus(accessToken)).toBe(401)
        expect(existsSync(file)).toBe(false)
        expectMasked(post, { 'access token': accessToken, 'refresh token': refreshToken }, [
          server.basic.secret,
          server.user.password
        ])
      } finally {
        rmSync(temp, { recursive: true, force: true })
      }
    })

    it('warns, naming the client’s inputs, when Authlib refuses the client at job end (another secret then)', async () => {
      const inputs = {
        ...actionDefaults(),
        'body-format': 'form',
        host: server.issuer,
        'client-id': server.post.id,
        'client-secret': server.post.secret,
        ...password(),
        revoke: 'true'
      }
      const main = await runAgainstAuthlib(inputs)
      const accessToken = expectToken(main, '', LIFETIME.password)
      const refreshToken = main.run.outputs['refresh-token'] ?? ''
      const wrong = 'al-wrong-secret-0123456789'
      const post = await runPost({ ...inputs, 'client-secret': wrong }, main.run.state, {
        RUNNER_DEBUG: '1'
      })
      expect(post.code).toBe(0)
      const refused = 'HTTP 401 invalid_client; check client-id, client-secret and client-auth'
      expect(annotations(post)).toEqual([
        `::warning::Could not revoke the access token at ${server.issuer}/oauth/revoke: ${refused}; it stays valid until ${main.run.outputs['expires-at']}`,
        `::warning::Could not revoke the refresh token at ${server.issuer}/oauth/revoke: ${refused}; it stays valid until it expires`
      ])
      expect((await server.introspect(accessToken)).active).toBe(true)
      expectMasked(post, { 'access token': accessToken, 'refresh token': refreshToken }, [
        wrong,
        server.user.password
      ])
    })

    it('private_key_jwt through issuer: a fresh assertion, aud the token endpoint, for each revocation', async () => {
      const temp = mkdtempSync(join(tmpdir(), 'authlib-revoke-'))
      try {
        const inputs = {
          ...actionDefaults(),
          'body-format': 'form',
          issuer: server.issuer,
          'grant-type': 'password',
          'client-auth': 'private-key-jwt',
          'client-id': server.es256,
          'private-key': KEYS.ec,
          ...password(),
          revoke: 'true'
        }
        const main = await runAgainstAuthlib(inputs, { RUNNER_TEMP: temp })
        const accessToken = expectToken(main, '', LIFETIME.password)
        const refreshToken = main.run.outputs['refresh-token'] ?? ''

        const before = (await server.requests()).length
        const post = await runPost(inputs, main.run.state, { RUNNER_TEMP: temp, RUNNER_DEBUG: '1' })
        expect(post.code).toBe(0)
        expect(annotations(post)).toEqual([])
        const revocations = (await server.requests()).slice(before)
        expect(revocations.map(r => [shape([r])[0], r.tokenTypeHint, r.assertionSegments])).toEqual(
          [
            ['POST /oauth/revoke 200', 'access_token', 3],
            ['POST /oauth/revoke 200', 'refresh_token', 3]
          ]
        )
        expect((await server.introspect(accessToken)).active).toBe(false)
        expect((await server.introspect(refreshToken)).active).toBe(false)
        expectMasked(post, { 'access token': accessToken, 'refresh token': refreshToken }, [
          ...secretLines(KEYS.ec),
          server.user.password
        ])
      } finally {
        rmSync(temp, { recursive: true, force: true })
      }
    })
  })

  describe('failures: one line that says what to fix', () => {
    it.each<[string, () => Record<string, string>, string]>([
      [
        'a JSON body (body-format at its default): Authlib reads no grant_type from it',
        () => ({
          'body-format': 'json',
          'client-id': server.post.id,
          'client-secret': server.post.secret,
          ...password()
        }),
        'HTTP 400 unsupported_grant_type; the server does not support grant-type password, or reads only form bodies: try body-format: form'
      ],
      [
        'a wrong password: Authlib’s invalid_request',
        () => ({
          'client-auth': 'basic',
          'client-id': server.basic.id,
          'client-secret': server.basic.secret,
          username: server.user.username,
          password: 'al-wrong-password-0123456789'
        }),
        'HTTP 400 invalid_request: Invalid "username" or "password" in request. Check username and password, and the user\'s account on the server'
      ],
      [
        'an unknown username: the same invalid_request',
        () => ({
          'client-auth': 'basic',
          'client-id': server.basic.id,
          'client-secret': server.basic.secret,
          username: 'al-nobody',
          password: 'al-nobody-password-0123456789'
        }),
        'HTTP 400 invalid_request: Invalid "username" or "password" in request. Check username and password, and the user\'s account on the server'
      ],
      [
        'a client_secret_post client that sends its secret in Basic',
        () => ({
          'client-auth': 'basic',
          'client-id': server.post.id,
          'client-secret': server.post.secret,
          ...password()
        }),
        'HTTP 401 invalid_client; check client-id, client-secret and client-auth'
      ],
      [
        'a refresh token it does not know',
        () => ({
          'client-auth': 'basic',
          'client-id': server.basic.id,
          'client-secret': server.basic.secret,
          'grant-type': 'refresh_token',
          'refresh-token': 'al-rt-unknown-0123456789'
        }),
        'HTTP 400 invalid_grant; check refresh-token: it may have expired, been used or revoked, or be for another client-id'
      ],
      [
        'a token-path Flask does not route',
        () => ({
          'client-auth': 'basic',
          'client-id': server.basic.id,
          'client-secret': server.basic.secret,
          'token-path': '/token'
        }),
        'HTTP 404 (text/html; charset=utf-8): 404 Not Found Not Found The requested URL was not found on the server. If you entered the URL manually please check…; check host and token-path'
      ],
      [
        'a wrong client secret in Basic: 401',
        () => ({
          'client-auth': 'basic',
          'client-id': server.basic.id,
          'client-secret': 'al-wrong-secret-0123456789',
          ...password()
        }),
        'HTTP 401 invalid_client; check client-id, client-secret and client-auth'
      ],
      [
        'a client_secret_basic client that sends its secret in the body',
        () => ({ 'client-id': server.basic.id, 'client-secret': server.basic.secret }),
        'HTTP 401 invalid_client; check client-id, client-secret and client-auth'
      ],
      [
        'an unknown client, in the body',
        () => ({ 'client-id': 'al-nobody', 'client-secret': 'al-wrong-secret-0123456789' }),
        'HTTP 400 invalid_client; check client-id, client-secret and client-auth'
      ],
      [
        'a grant the client may not use',
        () => ({
          'client-auth': 'basic',
          'client-id': server.ccOnly.id,
          'client-secret': server.ccOnly.secret,
          ...password()
        }),
        'HTTP 400 unauthorized_client; check client-id, and that the client may use grant-type password'
      ],
      [
        'a scope the server does not support',
        () => ({
          'client-auth': 'basic',
          'client-id': server.basic.id,
          'client-secret': server.basic.secret,
          scope: 'admin'
        }),
        'HTTP 400 invalid_scope: The requested scope is invalid, unknown, or malformed. Check scope'
      ],
      [
        'token exchange, which Authlib 1.2 does not implement',
        () => ({
          'client-auth': 'basic',
          'client-id': server.basic.id,
          'client-secret': server.basic.secret,
          'grant-type': 'urn:ietf:params:oauth:grant-type:token-exchange',
          'subject-token': 'al-subject-token-0123456789'
        }),
        'HTTP 400 unsupported_grant_type; the server does not support grant-type urn:ietf:params:oauth:grant-type:token-exchange: check grant-type'
      ],
      [
        'a client assertion whose aud is another URL of the same server than the one Authlib knows',
        () => ({
          host: server.tenant,
          'client-auth': 'private-key-jwt',
          'client-id': server.es256,
          'private-key': KEYS.ec
        }),
        'HTTP 400 invalid_client; check client-id, private-key and key-id, and that the server has the public key and takes this URL as aud'
      ]
    ])('%s', async (_name, inputs, expected) => {
      const given: Record<string, string> = { host: server.issuer, retries: '0', ...inputs() }
      const result = await runAgainstAuthlib(given)
      expect(result.run.code).toBe(1)
      expect(result.requests.map(r => r.method)).toEqual(['POST'])
      expect(annotations(result.run)).toEqual([
        `::error::Token request to ${given.host}${given['token-path'] ?? '/oauth/token'} failed: ${expected}`
      ])
      expect(result.run.outputs).toEqual({})
      expect(result.run.env).toEqual({})
      const secrets = ['client-secret', 'password', 'subject-token', 'refresh-token'].flatMap(
        name => (given[name] ? [given[name]] : [])
      )
      expectMasked(
        result.run,
        Object.fromEntries(secrets.map(value => [value.slice(0, 6), value])),
        [...secrets, ...(given['private-key'] ? secretLines(given['private-key']) : [])]
      )
    })

    it('a token that expires sooner than min-validity fails the step, before any output', async () => {
      const result = await runAgainstAuthlib({
        host: server.issuer,
        'client-auth': 'basic',
        'client-id': server.basic.id,
        'client-secret': server.basic.secret,
        'min-validity': String(LIFETIME.client_credentials + 1)
      })
      expect(result.run.code).toBe(1)
      expect(annotations(result.run)).toEqual([
        expect.stringMatching(
          new RegExp(
            `^::error::The token expires at \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ, in ${LIFETIME.client_credentials} s, sooner than min-validity \\(${LIFETIME.client_credentials + 1} s\\): ask the server for a longer lifetime, or lower min-validity$`
          )
        )
      ])
      expect(result.run.outputs).toEqual({})
      expect(result.run.env).toEqual({})
    })
  })
})
