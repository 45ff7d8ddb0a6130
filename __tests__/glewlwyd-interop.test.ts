// Interop against a real authorization server from Debian's packages, Glewlwyd 2.7 (C), started
// on loopback with the BUILT action (dist/index.js, dist/post.js) run as the GitHub runner runs
// it: client_credentials, password and refresh_token; client_secret_basic, client_secret_post
// and private_key_jwt; discovery through an issuer with a path; revocation checked by
// introspection; outputs, token file, min-validity, summary; and Glewlwyd's refusals, which
// mostly come without a body, each told in one line that names what to fix.
// Skipped, with the reason in its name, where the glewlwyd package is not installed.
import { afterAll, beforeAll, expect, it } from '@jest/globals'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  type ActionRun,
  actionDefaults,
  errorLines,
  findLeaks,
  maskedLog,
  maskedValues,
  runAction,
  runPost,
  secretLines
} from '../scripts/runner.mjs'
import { type Glewlwyd, glewlwydMissing, startGlewlwyd } from './support/glewlwyd.js'
import { describeUnless } from './support/skip.js'

const missing = glewlwydMissing()
const describeGlewlwyd = describeUnless(missing, 'glewlwyd-interop.test.ts')

let server: Glewlwyd
let temp: string

beforeAll(async () => {
  if (missing) return
  temp = mkdtempSync(join(tmpdir(), 'glewlwyd-runner-'))
  server = await startGlewlwyd()
}, 30_000)

afterAll(async () => {
  if (missing) return
  await server?.close()
  rmSync(temp, { recursive: true, force: true })
})

/** The inputs of a step against Glewlwyd's token endpoint by host, form-encoded. */
const byHost = (more: Record<string, string>): Record<string, string> => ({
  ...actionDefaults(),
  host: server.issuer,
  'token-path': '/token',
  'revoke-path': '/revoke',
  'body-format': 'form',
  scope: server.scope,
  retries: '0',
  ...more
})

const run = (inputs: Record<string, string>): Promise<ActionRun> =>
  runAction(inputs, { RUNNER_DEBUG: '1', RUNNER_TEMP: temp })

const errors = (step: ActionRun): string[] =>
  step.stdout.split('\n').filter(line => /^::(error|warning)::/.test(line))

/** A token Glewlwyd issued and says is active; no secret outside ::add-mask::, nor in the summary. */
async function expectToken(step: ActionRun, secrets: readonly string[]): Promise<string> {
  expect(step.stderr).toBe('')
  expect(errors(step)).toEqual([])
  expect(step.code).toBe(0)
  const token = step.outputs['access-token'] ?? ''
  expect(await server.introspect(token)).toMatchObject({ active: true })
  const all = [
    token,
    step.outputs.authorization ?? '',
    step.outputs['refresh-token'] ?? '',
    step.outputs['id-token'] ?? '',
    ...secrets
  ].filter(Boolean)
  expect(findLeaks(step, all)).toEqual([])
  for (const secret of all) {
    expect(maskedValues(step.stdout)).toContain(secret)
    expect(step.summary).not.toContain(secret)
  }
  // The tokens are outputs; the client's and user's credentials go to no file command.
  const files = [step.outputFile, step.envFile, JSON.stringify(step.state)].join('\n')
  for (const secret of secrets) expect(files).not.toContain(secret)
  return token
}

describeGlewlwyd(`Glewlwyd 2.7 (Debian)${missing ? `: skipped, ${missing}` : ''}`, () => {
  it('client_credentials with client_secret_basic: the outputs are what Glewlwyd issued', async () => {
    const started = Date.now()
    const step = await run(
      byHost({
        'client-auth': 'basic',
        'client-id': server.basic.id,
        'client-secret': server.basic.secret
      })
    )
    const token = await expectToken(step, [server.basic.secret])
    // Glewlwyd's token_type is lower-case; the Authorization header's scheme is not.
    expect(step.outputs).toMatchObject({
      'token-type': 'bearer',
      authorization: `Bearer ${token}`,
      'expires-in': '3600',
      scope: server.scope,
      'refresh-token': '',
      'id-token': ''
    })
    const expiresAt = Date.parse(step.outputs['expires-at'] ?? '')
    expect(expiresAt).toBeGreaterThanOrEqual(Math.floor(started / 1000) * 1000 + 3_600_000)
    expect(expiresAt).toBeLessThanOrEqual(Date.now() + 3_600_000)
    expect(step.env).toEqual({ ACCESS_TOKEN: token })
    const claims = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString())
    expect(claims).toMatchObject({ iss: server.issuer, sub: server.basic.id, scope: server.scope })
    expect(step.summary).toContain(`| grant type | \` client_credentials \` |`)
  })

  it('client_secret_post with a secret that needs form-encoding (+ / = % : space & é)', async () => {
    const step = await run(
      byHost({ 'client-id': server.post.id, 'client-secret': server.post.secret })
    )
    await expectToken(step, [server.post.secret])
  })

  it('client_secret_basic with such a secret: Glewlwyd does not form-decode Basic credentials, and the line says client-auth: body', async () => {
    const step = await run(
      byHost({
        'client-auth': 'basic',
        'client-id': server.basicEncoded.id,
        'client-secret': server.basicEncoded.secret
      })
    )
    expect(step.code).toBe(1)
    expect(errorLines(step.stdout)).toBe(
      `Error: Token request to ${server.issuer}/token failed: HTTP 403 (no content type) with an empty body; check that the client may use grant-type client_credentials and scope; else check client-id and client-secret; client-auth basic form-encodes them (RFC 6749 section 2.3.1), which some servers do not decode: try client-auth: body`
    )
    expect(findLeaks(step, [server.basicEncoded.secret])).toEqual([])
  })

  it('password grant through discovery of an issuer with a path, then refresh_token with what it returned', async () => {
    const inputs = {
      ...actionDefaults(),
      issuer: server.issuer,
      'client-auth': 'basic',
      'client-id': server.basic.id,
      'client-secret': server.basic.secret,
      username: server.user.username,
      password: server.user.password,
      scope: `openid ${server.scope}`
    }
    const step = await run(inputs)
    await expectToken(step, [server.basic.secret, server.user.password])
    // RFC 8414's well-known URL is a 404 there; OpenID Connect Discovery's answers.
    expect(maskedLog(step.stdout)).toContain(
      `Reading the authorization server's metadata from ${server.issuer}/.well-known/openid-configuration`
    )
    expect(step.stdout).toContain('body-format form')
    const refreshToken = step.outputs['refresh-token'] ?? ''
    expect(refreshToken).not.toBe('')
    expect(step.outputs['id-token']).toMatch(/^eyJ/)
    expect(step.outputs.scope?.split(' ').sort()).toEqual(['api-read', 'openid'])

    const refreshed = await run({
      ...inputs,
      username: '',
      password: '',
      scope: '',
      'grant-type': 'refresh_token',
      'refresh-token': refreshToken
    })
    const token = await expectToken(refreshed, [server.basic.secret, refreshToken])
    expect(token).not.toBe(step.outputs['access-token'])
  })

  it('revokes the access and refresh tokens at job end; Glewlwyd then calls both inactive', async () => {
    const inputs = byHost({
      'client-id': server.post.id,
      'client-secret': server.post.secret,
      username: server.user.username,
      password: server.user.password,
      revoke: 'true',
      'token-file': 'true'
    })
    const main = await run(inputs)
    const token = await expectToken(main, [server.post.secret, server.user.password])
    const refreshToken = main.outputs['refresh-token'] ?? ''
    const file = main.outputs['token-file'] ?? ''
    expect(readFileSync(file, 'utf8')).toBe(token)
    expect(main.env).toEqual({ ACCESS_TOKEN: token, ACCESS_TOKEN_FILE: file })
    expect(main.summary).toContain('| revoked at job end | ` yes ` |')

    const post = await runPost(inputs, main.state, { RUNNER_DEBUG: '1', RUNNER_TEMP: temp })
    expect(post.code).toBe(0)
    expect(errors(post)).toEqual([])
    expect(maskedLog(post.stdout)).toContain(
      `Revoked the access token at ${server.issuer}/revoke.\nRevoked the refresh token at ${server.issuer}/revoke.`
    )
    expect(findLeaks(post, [token, refreshToken, server.post.secret])).toEqual([])
    expect(await server.introspect(token)).toEqual({ active: false })
    expect(await server.introspect(refreshToken)).toEqual({ active: false })
    expect(() => readFileSync(file)).toThrow()

    // Glewlwyd answers the revoked refresh token with an empty 400: the line names it first.
    const refused = await run(
      byHost({
        'client-id': server.post.id,
        'client-secret': server.post.secret,
        'grant-type': 'refresh_token',
        'refresh-token': refreshToken,
        scope: ''
      })
    )
    expect(refused.code).toBe(1)
    expect(errorLines(refused.stdout)).toBe(
      `Error: Token request to ${server.issuer}/token failed: HTTP 400 (no content type) with an empty body; check refresh-token: it may have expired or been revoked; else check the request: body-format, client-auth and extra-params`
    )
    expect(findLeaks(refused, [refreshToken, server.post.secret])).toEqual([])
  })

  it('a revocation Glewlwyd refuses the client of (another secret at job end) is a warning that names the client’s inputs', async () => {
    const inputs = byHost({
      'client-id': server.post.id,
      'client-secret': server.post.secret,
      revoke: 'true'
    })
    const main = await run(inputs)
    const token = await expectToken(main, [server.post.secret])
    const wrong = 'gw-wrong-secret-0123'
    const post = await runPost({ ...inputs, 'client-secret': wrong }, main.state, {
      RUNNER_DEBUG: '1',
      RUNNER_TEMP: temp
    })
    expect(post.code).toBe(0)
    expect(errors(post)).toEqual([
      `::warning::Could not revoke the access token at ${server.issuer}/revoke: HTTP 401 (no content type) with an empty body; check client-id, client-secret and client-auth; it stays valid until ${main.outputs['expires-at']}`
    ])
    expect(findLeaks(post, [token, wrong, server.post.secret])).toEqual([])
    expect(await server.introspect(token)).toMatchObject({ active: true })
  })

  it('private_key_jwt through discovery; revocation, refused with the assertion addressed to the token endpoint, revokes once it is addressed to the revocation endpoint, as Glewlwyd wants', async () => {
    const inputs = {
      ...actionDefaults(),
      issuer: server.issuer,
      'client-auth': 'private-key-jwt',
      'client-id': server.jwt.id,
      'private-key': server.jwt.key,
      'key-id': server.jwt.kid,
      scope: server.scope,
      revoke: 'true'
    }
    const main = await run(inputs)
    const token = await expectToken(main, secretLines(server.jwt.key))
    expect(await server.introspect(token)).toMatchObject({ active: true })
    const post = await runPost(inputs, main.state, { RUNNER_DEBUG: '1', RUNNER_TEMP: temp })
    expect(post.code).toBe(0)
    expect(errors(post)).toEqual([])
    expect(post.stdout).toContain(`Revoked the access token at ${server.issuer}/revoke.`)
    expect(findLeaks(post, [token, ...secretLines(server.jwt.key)])).toEqual([])
    expect(await server.introspect(token)).toMatchObject({ active: false })
  })

  it('min-validity: the token’s hour meets 3600 s and fails 7200 s, in one line', async () => {
    const inputs = {
      'client-auth': 'basic',
      'client-id': server.basic.id,
      'client-secret': server.basic.secret
    }
    await expectToken(await run(byHost({ ...inputs, 'min-validity': '3600' })), [])
    const short = await run(byHost({ ...inputs, 'min-validity': '7200' }))
    expect(short.code).toBe(1)
    expect(errorLines(short.stdout)).toMatch(
      /^Error: The token expires at \S+Z, in 3600 s, sooner than min-validity \(7200 s\): ask the server for a longer lifetime, or lower min-validity$/
    )
    expect(short.outputs).toEqual({})
  })

  it.each<[string, () => Record<string, string>, string]>([
    [
      'a wrong client secret',
      () => ({ 'client-id': server.post.id, 'client-secret': 'gw-wrong-secret-0123' }),
      'HTTP 403 (no content type) with an empty body; check that the client may use grant-type client_credentials and scope; else check client-id, client-secret and client-auth'
    ],
    [
      'an unknown client',
      () => ({ 'client-id': 'gw-nobody', 'client-secret': 'gw-wrong-secret-0123' }),
      'HTTP 403 (no content type) with an empty body; check that the client may use grant-type client_credentials and scope; else check client-id, client-secret and client-auth'
    ],
    [
      'client_credentials without a scope',
      () => ({
        'client-auth': 'basic',
        'client-id': server.basic.id,
        'client-secret': server.basic.secret,
        scope: ''
      }),
      'HTTP 403 (no content type) with an empty body; check that the client may use grant-type client_credentials, or set scope; else check client-id, client-secret and client-auth'
    ],
    [
      'a wrong user password',
      () => ({
        'client-auth': 'basic',
        'client-id': server.basic.id,
        'client-secret': server.basic.secret,
        username: server.user.username,
        password: 'gw-wrong-password-0123'
      }),
      "HTTP 403 (no content type) with an empty body; check that the client may use grant-type password and scope; else check username and password, and the user's account on the server"
    ],
    [
      'a scope Glewlwyd does not know (its scope_invalid)',
      () => ({
        'client-auth': 'basic',
        'client-id': server.basic.id,
        'client-secret': server.basic.secret,
        scope: 'gw-no-such-scope'
      }),
      'HTTP 400 scope_invalid; check scope'
    ],
    [
      'a grant the client may not use (its authorization_type_invalid)',
      () => ({
        'client-auth': 'basic',
        'client-id': server.passwordOnly.id,
        'client-secret': server.passwordOnly.secret
      }),
      "HTTP 400 authorization_type_invalid; allow grant-type client_credentials in the client's settings on the server"
    ],
    [
      'an unknown username',
      () => ({
        'client-auth': 'basic',
        'client-id': server.basic.id,
        'client-secret': server.basic.secret,
        username: 'gw-nobody',
        password: 'gw-wrong-password-0123'
      }),
      "HTTP 403 (no content type) with an empty body; check that the client may use grant-type password and scope; else check username and password, and the user's account on the server"
    ],
    [
      'a user an administrator disabled, with the right password',
      () => ({
        'client-auth': 'basic',
        'client-id': server.basic.id,
        'client-secret': server.basic.secret,
        ...server.disabledUser
      }),
      "HTTP 403 (no content type) with an empty body; check that the client may use grant-type password and scope; else check username and password, and the user's account on the server"
    ],
    [
      // An empty 400, not the 403 of client_credentials: the client, then the request.
      'a wrong client secret with the password grant',
      () => ({
        'client-auth': 'basic',
        'client-id': server.basic.id,
        'client-secret': 'gw-wrong-secret-0123',
        ...server.user
      }),
      'HTTP 400 (no content type) with an empty body; check client-id, client-secret and client-auth; else check the request: body-format, client-auth and extra-params'
    ],
    [
      'an unknown client with the password grant, in the body',
      () => ({ 'client-id': 'gw-nobody', 'client-secret': 'gw-wrong-secret-0123', ...server.user }),
      'HTTP 400 (no content type) with an empty body; check client-id, client-secret and client-auth; else check the request: body-format, client-auth and extra-params'
    ],
    [
      'client-auth body for a client_secret_basic client',
      () => ({ 'client-id': server.basic.id, 'client-secret': server.basic.secret }),
      'HTTP 403 (no content type) with an empty body; check that the client may use grant-type client_credentials and scope; else check client-id, client-secret and client-auth'
    ],
    [
      'a token-path Glewlwyd does not serve',
      () => ({
        'client-auth': 'basic',
        'client-id': server.basic.id,
        'client-secret': server.basic.secret,
        'token-path': '/oauth/token'
      }),
      'HTTP 404 resource not found: no resource available at this address; check host and token-path'
    ],
    [
      'a JSON body, the action’s default',
      () => ({
        'body-format': 'json',
        'client-auth': 'basic',
        'client-id': server.basic.id,
        'client-secret': server.basic.secret
      }),
      'HTTP 400 (no content type) with an empty body; check the request: body-format, client-auth and extra-params'
    ]
  ])('refuses %s in one line that names what to fix', async (_name, more, advice) => {
    const inputs = byHost(more())
    const step = await run(inputs)
    expect(step.code).toBe(1)
    expect(errorLines(step.stdout)).toBe(
      `Error: Token request to ${server.issuer}${inputs['token-path']} failed: ${advice}`
    )
    expect(step.outputs).toEqual({})
    const secrets = [inputs['client-secret'], inputs.password].filter(Boolean) as string[]
    expect(findLeaks(step, secrets)).toEqual([])
  })
})
