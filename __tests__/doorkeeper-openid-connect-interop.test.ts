// Interoperability with OpenID Connect from Debian's packages: doorkeeper-openid-connect 1.8 on
// Doorkeeper 5.5 (ruby-doorkeeper-openid-connect, Rails 6.1), in doorkeeper-server.rb's Rails app,
// started once on loopback with an RSA signing key made in its temporary directory, and the BUILT
// action (dist/index.js and dist/post.js) run as the GitHub runner runs it. The password grant
// with scope openid: output id-token holds the ID token Doorkeeper signed (checked with its JWKS
// and userinfo), masked, in no log line, summary or file but the outputs. Issuer discovery, which
// finds the token endpoint in /.well-known/openid-configuration after RFC 8414's well-known URL,
// which Doorkeeper has not: one token request, and a one-line failure for an issuer that is not
// the one the metadata names, or metadata without a usable issuer. The refresh_token grant, which
// gets a new ID token; revocation at job end at the metadata's revocation_endpoint. Skipped,
// saying why on stderr, when /usr/bin/ruby cannot load doorkeeper-openid-connect.
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals'
import { type JsonWebKey, createPublicKey, verify } from 'node:crypto'
import { type ActionRun, errorLines, maskedValues, runPost } from '../scripts/runner.mjs'
import {
  KEYS_PATH,
  OPENID_CONFIGURATION_PATH,
  REVOKE_PATH,
  TOKEN_PATH,
  USERINFO_PATH,
  type DkRun,
  type TestDoorkeeper,
  clientInputs,
  doorkeeperUnavailable,
  expectDoorkeeperToken,
  runDoorkeeper,
  startDoorkeeper,
  userInputs
} from './support/doorkeeper.js'
import { expectSecretsSafe } from './support/secrets-safe.js'
import { describeUnless } from './support/skip.js'

const describeOidc = describeUnless(
  doorkeeperUnavailable(true),
  'doorkeeper-openid-connect-interop.test.ts'
)
const title = 'doorkeeper-openid-connect 1.8 on Doorkeeper 5.5 (Debian)'

/** RFC 8414's well-known URL, which doorkeeper-openid-connect does not serve (Rails' 404). */
const RFC8414_PATH = '/.well-known/oauth-authorization-server'
/** doorkeeper-openid-connect's default `expiration` of an ID token, in seconds. */
const ID_TOKEN_LIFETIME = 120

let dk: TestDoorkeeper
/** Every secret the tests saw: none may show in the server's own log. */
const issued: string[] = []

const run = (inputs: Record<string, string>): Promise<DkRun> => runDoorkeeper(dk, inputs)
const password = (): Record<string, string> => ({
  ...clientInputs(dk.app),
  ...userInputs(dk)
})

interface IdTokenClaims {
  readonly iss?: string
  readonly sub: string
  readonly aud: string
  readonly exp: number
  readonly iat: number
}

/** A JWT's header or claims, decoded (the tests check the signature where it matters). */
function decodePart(part: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>
}

/**
 * The ID token as Doorkeeper issued it: signed RS256 by the key its JWKS publishes, for this
 * client, by the issuer its discovery document names, for the subject userinfo gives for the
 * access token (OpenID Connect Core §5.3.2), issued during the run. Its claims.
 */
async function expectIdToken(result: DkRun, accessToken: string): Promise<IdTokenClaims> {
  const [header = '', payload = '', signature = ''] = (result.run.outputs['id-token'] ?? '').split(
    '.'
  )
  const { keys } = (await dk.getJson(KEYS_PATH)) as { keys: (JsonWebKey & { kid: string })[] }
  expect(keys).toHaveLength(1)
  const key = keys[0] ?? { kid: '' }
  expect(decodePart(header)).toEqual({ typ: 'JWT', alg: 'RS256', kid: key.kid })
  const publicKey = createPublicKey({ key, format: 'jwk' })
  const signed = Buffer.from(`${header}.${payload}`)
  expect(verify('sha256', signed, publicKey, Buffer.from(signature, 'base64url'))).toBe(true)

  const claims = decodePart(payload) as unknown as IdTokenClaims
  const document = (await dk.getJson(OPENID_CONFIGURATION_PATH)) as { issuer: string }
  expect(document.issuer).toBe(dk.url)
  const userinfo = (await dk.getJson(USERINFO_PATH, `Bearer ${accessToken}`)) as { sub: string }
  expect(claims).toEqual({
    iss: document.issuer,
    sub: userinfo.sub,
    aud: dk.app.id,
    exp: claims.iat + ID_TOKEN_LIFETIME,
    iat: expect.any(Number)
  })
  expect(claims.iat * 1000).toBeGreaterThanOrEqual(Math.floor(result.startedAt / 1000) * 1000)
  expect(claims.iat * 1000).toBeLessThanOrEqual(result.endedAt)
  return claims
}

/**
 * No secret of the run in the log, stderr, summary, env file or state (expectSecretsSafe); the ID
 * token registered as a mask once, before the first line that follows the answer.
 */
function expectIdTokenMasked(action: ActionRun, secrets: readonly string[]): void {
  const idToken = action.outputs['id-token'] ?? ''
  expectSecretsSafe(action, [...secrets, idToken])
  expect(action.envFile.includes(idToken)).toBe(false)
  expect(JSON.stringify(action.state).includes(idToken)).toBe(false)
  expect(maskedValues(action.stdout).filter(value => value === idToken)).toHaveLength(1)
  const lines = action.stdout.split(/\r?\n/)
  const got = lines.findIndex(line => line.startsWith('Got a Bearer token'))
  expect(lines.indexOf(`::add-mask::${idToken}`)).toBeGreaterThan(0)
  expect(lines.indexOf(`::add-mask::${idToken}`)).toBeLessThan(got)
}

describeOidc(title, () => {
  beforeAll(async () => {
    dk = await startDoorkeeper({ openidConnect: true })
  }, 30_000)

  afterAll(async () => {
    await dk?.close()
  })

  describe('the password grant with scope openid', () => {
    it.each([['openid'], ['openid read write'], ['read openid']])(
      'outputs the ID token Doorkeeper signed, masked, for scope %s',
      async scope => {
        const result = await run({ ...password(), scope })
        expect(result.requests).toEqual([`POST ${TOKEN_PATH} 200`])
        const token = await expectDoorkeeperToken(dk, result, {
          scope,
          refreshToken: true,
          client: dk.app.id,
          idToken: true
        })
        await expectIdToken(result, token)
        const refreshToken = result.run.outputs['refresh-token'] ?? ''
        issued.push(token, refreshToken, result.run.outputs['id-token'] ?? '')
        expectIdTokenMasked(result.run, [dk.app.secret, dk.user.password, token, refreshToken])
      }
    )

    it('outputs no ID token for a scope without openid', async () => {
      const result = await run({ ...password(), scope: 'read write' })
      const token = await expectDoorkeeperToken(dk, result, {
        scope: 'read write',
        refreshToken: true,
        client: dk.app.id
      })
      issued.push(token, result.run.outputs['refresh-token'] ?? '')
    })
  })

  describe('client_credentials with scope openid', () => {
    // doorkeeper-openid-connect signs an ID token for any token response whose scope has openid
    // (its TokenResponse#body), though no user is there to be its subject: with the generator's
    // subject block (resource_owner.id) Doorkeeper fails with a 500, where it might refuse the
    // scope (invalid_scope) or answer without id_token. The action can only say what a 500 means.
    it('says to check the server when Doorkeeper fails with 500', async () => {
      const result = await run({ ...clientInputs(dk.app), scope: 'openid' })
      expect(result.requests).toEqual([`POST ${TOKEN_PATH} 500`])
      expect(errorLines(result.run.stdout)).toBe(
        `Error: Token request to ${dk.url}${TOKEN_PATH} failed after 1 attempt: HTTP 500 Internal Server Error; try again later, or check the server`
      )
      expect(result.run.outputs).toEqual({})
      expectSecretsSafe(result.run, [dk.app.secret])
    })
  })

  describe('issuer discovery', () => {
    afterEach(async () => {
      await dk.setIssuer('origin')
    })

    it('reads the token endpoint from /.well-known/openid-configuration after RFC 8414’s 404: one token request', async () => {
      const result = await run({ issuer: dk.url, ...password(), scope: 'openid' })
      expect(result.requests).toEqual([
        `GET ${RFC8414_PATH} 404`,
        `GET ${OPENID_CONFIGURATION_PATH} 200`,
        `POST ${TOKEN_PATH} 200`
      ])
      // A discovered server gets a form body, whatever body-format says (json, its default).
      expect(result.seen[2]).toMatchObject({
        contentType: 'application/x-www-form-urlencoded',
        params: ['client_id', 'client_secret', 'grant_type', 'password', 'scope', 'username']
      })
      for (const path of [RFC8414_PATH, OPENID_CONFIGURATION_PATH]) {
        expect(result.run.stdout).toContain(
          `Reading the authorization server's metadata from ${dk.url}${path}\n`
        )
      }
      const token = await expectDoorkeeperToken(dk, result, {
        scope: 'openid',
        refreshToken: true,
        client: dk.app.id,
        idToken: true
      })
      await expectIdToken(result, token)
      const refreshToken = result.run.outputs['refresh-token'] ?? ''
      issued.push(token, refreshToken, result.run.outputs['id-token'] ?? '')
      expectIdTokenMasked(result.run, [dk.app.secret, dk.user.password, token, refreshToken])
    })

    // Doorkeeper names its issuer without the slash an issuer input written as a URL's href has:
    // the same issuer (RFC 8414 §3.3 but for a trailing slash), so the token is requested.
    it('takes the metadata when input issuer ends in a slash it lacks: one token request', async () => {
      const result = await run({ issuer: `${dk.url}/`, ...password(), scope: 'read write' })
      // The slash is dropped to build the well-known URLs (RFC 8414 §3.1).
      expect(result.requests).toEqual([
        `GET ${RFC8414_PATH} 404`,
        `GET ${OPENID_CONFIGURATION_PATH} 200`,
        `POST ${TOKEN_PATH} 200`
      ])
      expect(result.run.code).toBe(0)
      const token = await expectDoorkeeperToken(dk, result, {
        scope: 'read write',
        refreshToken: true,
        client: dk.app.id
      })
      const refreshToken = result.run.outputs['refresh-token'] ?? ''
      issued.push(token, refreshToken)
      expectSecretsSafe(result.run, [dk.app.secret, dk.user.password])
    })

    it('lists the three URLs it tried for an issuer with a path the server has no metadata under', async () => {
      const result = await run({ issuer: `${dk.url}/oauth`, ...password() })
      expect(result.requests).toEqual([
        `GET /oauth${RFC8414_PATH} 404`,
        `GET /oauth${OPENID_CONFIGURATION_PATH} 404`,
        `GET ${RFC8414_PATH}/oauth 404`
      ])
      expect(errorLines(result.run.stdout)).toBe(
        `Error: Discovery for issuer ${dk.url}/oauth failed: ${dk.url}/oauth${RFC8414_PATH}: HTTP 404; ${dk.url}/oauth${OPENID_CONFIGURATION_PATH}: HTTP 404; ${dk.url}${RFC8414_PATH}/oauth: HTTP 404; check input 'issuer'; if the server publishes no metadata there, or only behind a redirect, give host and token-path instead`
      )
      expect(result.run.outputs).toEqual({})
      expectSecretsSafe(result.run, [dk.app.secret, dk.user.password])
    })

    // Two of doorkeeper-openid-connect's own configurations that break discovery, which no input
    // 'issuer' can match: the action says to use host, and host works. An issuer set by a block, as
    // its generator's initializer writes it, is served as {} in 1.8.0 (fixed in 1.8.1, its issue
    // #160); without issuer, the document has none, and the ID tokens no iss claim, which
    // OpenID Connect Core §2 requires.
    it.each([
      ['by a block (its generator’s form): issuer {} in the document', 'block' as const, true],
      ['not at all: no issuer in the document', 'none' as const, false]
    ])(
      'says to give host and token-path when the server has its issuer set %s',
      async (_, mode, iss) => {
        await dk.setIssuer(mode)
        const result = await run({ issuer: dk.url, ...password() })
        expect(result.requests).toEqual([
          `GET ${RFC8414_PATH} 404`,
          `GET ${OPENID_CONFIGURATION_PATH} 200`
        ])
        expect(errorLines(result.run.stdout)).toBe(
          `Error: The metadata at ${dk.url}${OPENID_CONFIGURATION_PATH} names no issuer, which RFC 8414 §2 requires: give host and token-path instead of issuer`
        )
        expect(result.run.outputs).toEqual({})
        expectSecretsSafe(result.run, [dk.app.secret, dk.user.password])

        const withHost = await run({ ...password(), scope: 'openid' })
        expect(withHost.requests).toEqual([`POST ${TOKEN_PATH} 200`])
        expect(withHost.run.code).toBe(0)
        const idToken = withHost.run.outputs['id-token'] ?? ''
        expect(decodePart(idToken.split('.')[1] ?? '').iss).toBe(iss ? dk.url : undefined)
        issued.push(
          withHost.run.outputs['access-token'] ?? '',
          withHost.run.outputs['refresh-token'] ?? '',
          idToken
        )
      }
    )
  })

  describe('refresh_token with openid, and revocation at job end', () => {
    it('gets a new ID token with the refreshed tokens, then revokes both at the metadata’s revocation_endpoint', async () => {
      const first = await run({ ...password(), scope: 'openid read' })
      const firstToken = await expectDoorkeeperToken(dk, first, {
        scope: 'openid read',
        refreshToken: true,
        client: dk.app.id,
        idToken: true
      })
      const firstClaims = await expectIdToken(first, firstToken)
      const stored = first.run.outputs['refresh-token'] ?? ''
      issued.push(firstToken, stored, first.run.outputs['id-token'] ?? '')

      // Through discovery, so the post step revokes where the metadata says.
      const inputs = {
        issuer: dk.url,
        ...clientInputs(dk.app),
        'grant-type': 'refresh_token',
        'refresh-token': stored,
        revoke: 'true'
      }
      const second = await run(inputs)
      expect(second.requests).toEqual([
        `GET ${RFC8414_PATH} 404`,
        `GET ${OPENID_CONFIGURATION_PATH} 200`,
        `POST ${TOKEN_PATH} 200`
      ])
      expect(second.seen[2]?.params).toEqual([
        'client_id',
        'client_secret',
        'grant_type',
        'refresh_token'
      ])
      // doorkeeper-openid-connect signs a new ID token for any token response whose scope has
      // openid (its TokenResponse#body), a refresh's too: same subject and audience, issued now.
      const token = await expectDoorkeeperToken(dk, second, {
        scope: 'openid read',
        refreshToken: true,
        client: dk.app.id,
        idToken: true
      })
      const claims = await expectIdToken(second, token)
      expect(claims.sub).toBe(firstClaims.sub)
      expect(claims.iat).toBeGreaterThanOrEqual(firstClaims.iat)
      const refreshToken = second.run.outputs['refresh-token'] ?? ''
      expect(refreshToken).not.toBe(stored)
      issued.push(token, refreshToken, second.run.outputs['id-token'] ?? '')
      expect(second.run.stdout).toContain(
        `Revocation: at the end of the job, at ${dk.url}${REVOKE_PATH}.\n`
      )
      expectIdTokenMasked(second.run, [dk.app.secret, stored, token, refreshToken])

      const before = dk.requests.length
      const post = await runPost({ retries: '0', ...inputs }, second.run.state, {
        RUNNER_DEBUG: '1'
      })
      await dk.settled()
      expect(post.code).toBe(0)
      expect(post.stderr).toBe('')
      expect(post.stdout.split('\n').filter(line => /^(Revoked|::warning::)/.test(line))).toEqual([
        `Revoked the access token at ${dk.url}${REVOKE_PATH}.`,
        `Revoked the refresh token at ${dk.url}${REVOKE_PATH}.`
      ])
      // No discovery in the post step: the main step saved the endpoint. RFC 7009's form body.
      const revocation = expect.objectContaining({
        path: REVOKE_PATH,
        status: 200,
        contentType: 'application/x-www-form-urlencoded',
        params: ['client_id', 'client_secret', 'token', 'token_type_hint']
      })
      expect(dk.requests.slice(before)).toEqual([revocation, revocation])
      expectSecretsSafe(post, [dk.app.secret, token, refreshToken, stored])
      expect(await dk.introspect(token)).toEqual({ active: false })
      expect(await dk.resource(`Bearer ${token}`)).toBe(401)
      const again = await run({ ...inputs, 'refresh-token': refreshToken, revoke: 'false' })
      expect(again.requests.filter(r => r.startsWith('POST'))).toEqual([`POST ${TOKEN_PATH} 400`])
      expect(again.run.code).toBe(1)
    })
  })

  it("leaves no secret in the server's own log", () => {
    const log = dk.log()
    expect(log).toContain(`"path":"${TOKEN_PATH}"`)
    const secrets = [dk.app.secret, dk.user.password, ...issued.filter(Boolean)]
    expect(secrets.length).toBeGreaterThan(20)
    for (const value of secrets) expect(log.includes(value)).toBe(false)
  })
})
