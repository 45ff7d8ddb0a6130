// Integration against the certified OpenID provider from npm, oidc-provider, started on loopback,
// with the BUILT action (dist/index.js) run as the GitHub runner runs it: client_credentials with
// client_secret_basic, client_secret_post and private_key_jwt, and discovery through `issuer`.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  type ActionRun,
  actionDefaults,
  findLeaks,
  maskedValues,
  secretLines,
  runAction,
  runPost
} from '../scripts/runner.mjs'
import { type TestProvider, startProvider } from './support/oidc-provider.js'
import { privateKeyPem } from './support/keys.js'

const KEYS = {
  rsa: privateKeyPem('rsa', 'pkcs1'),
  ec: privateKeyPem('ec', 'pkcs8')
}

let provider: TestProvider

beforeAll(async () => {
  provider = await startProvider(KEYS)
})

afterAll(async () => {
  await provider.close()
})

async function runAgainstProvider(inputs: Record<string, string>): Promise<{
  run: ActionRun
  requests: TestProvider['requests']
}> {
  const before = provider.requests.length
  const run = await runAction(
    { ...actionDefaults(), 'body-format': 'form', ...inputs },
    { RUNNER_DEBUG: '1' }
  )
  await provider.settled()
  return { run, requests: provider.requests.slice(before) }
}

/** Succeeded with a token the provider issued, and no secret showed up outside ::add-mask::. */
async function expectToken(run: ActionRun, secrets: readonly string[]): Promise<string> {
  expect(run.stderr).toBe('')
  expect(run.stdout.split('\n').filter(line => line.startsWith('::error::'))).toEqual([])
  expect(run.code).toBe(0)
  const token = run.outputs['access-token'] ?? ''
  expect(await provider.isActive(token)).toBe(true)
  expect(run.outputs['token-type']).toBe('Bearer')
  expect(run.outputs['expires-in']).toBe('600')
  const all = [token, ...secrets]
  expect(findLeaks(run, all)).toEqual([])
  for (const secret of all) expect(maskedValues(run.stdout)).toContain(secret)
  return token
}

describe('oidc-provider: client_credentials', () => {
  it('with client_secret_basic (client-auth basic)', async () => {
    const { run, requests } = await runAgainstProvider({
      host: provider.issuer,
      'token-path': '/token',
      'client-auth': 'basic',
      'client-id': provider.basic.id,
      'client-secret': provider.basic.secret
    })
    await expectToken(run, [provider.basic.secret])
    expect(requests.map(r => `${r.method} ${r.path} ${r.status} ${r.authorization}`)).toEqual([
      'POST /token 200 Basic'
    ])
  })

  it('with client_secret_post (client-auth body, body-format form)', async () => {
    const { run, requests } = await runAgainstProvider({
      host: provider.issuer,
      'token-path': '/token',
      'client-id': provider.post.id,
      'client-secret': provider.post.secret
    })
    await expectToken(run, [provider.post.secret])
    // The body carried the credentials, not a Basic header. (oidc-provider 9 takes either from a
    // client registered with one of client_secret_basic and client_secret_post.)
    expect(requests.map(r => `${r.method} ${r.path} ${r.status} ${r.authorization}`)).toEqual([
      'POST /token 200 '
    ])
  })

  it.each([
    ['client_secret_basic', 'basic', 'basic'],
    ['client_secret_post', 'body', 'post']
  ] as const)(
    'with %s through issuer, form-encoded with body-format at its default json',
    async (_method, clientAuth, client) => {
      // The runner passes body-format's default, json; a server found by discovery is an
      // RFC 6749 one, which takes form bodies only.
      const { run, requests } = await runAgainstProvider({
        issuer: provider.issuer,
        'body-format': 'json',
        'client-auth': clientAuth,
        'client-id': provider[client].id,
        'client-secret': provider[client].secret
      })
      await expectToken(run, [provider[client].secret])
      expect(requests.map(r => `${r.method} ${r.path} ${r.status}`)).toEqual([
        'GET /.well-known/oauth-authorization-server 200',
        'POST /token 200'
      ])
    }
  )

  it('refuses a wrong secret with the provider’s invalid_client, in one line', async () => {
    const wrong = 'op-wrong-secret-value-0123456789'
    const { run } = await runAgainstProvider({
      host: provider.issuer,
      'token-path': '/token',
      'client-auth': 'basic',
      'client-id': provider.basic.id,
      'client-secret': wrong,
      retries: '0'
    })
    expect(run.code).toBe(1)
    expect(run.stdout).toContain(
      `::error::Token request to ${provider.issuer}/token failed: HTTP 401 invalid_client: client authentication failed; check client-id, client-secret and client-auth`
    )
    expect(findLeaks(run, [wrong])).toEqual([])
  })

  it.each<[string, () => Record<string, string>, string, string]>([
    [
      'an unknown client-id',
      () => ({ 'client-id': 'op-nobody', 'client-secret': 'op-wrong-secret-value-0123456789' }),
      '/token',
      'HTTP 401 invalid_client: client authentication failed; check client-id, client-secret and client-auth'
    ],
    [
      'a grant it does not support (password)',
      () => ({ username: 'op-user', password: 'op-password-0123456789' }),
      '/token',
      'HTTP 400 unsupported_grant_type: unsupported grant_type requested; the server does not support grant-type password: check grant-type'
    ],
    [
      'a grant the client may not use (refresh_token)',
      () => ({ 'grant-type': 'refresh_token', 'refresh-token': 'op-rt-unknown-0123456789' }),
      '/token',
      "HTTP 400 invalid_request: requested grant type is not allowed for this client; allow grant-type refresh_token in the client's settings on the server"
    ],
    [
      'a JSON body',
      () => ({ 'body-format': 'json' }),
      '/token',
      'HTTP 400 invalid_request: only application/x-www-form-urlencoded content-type bodies are supported on POST /token; try body-format: form'
    ],
    [
      'a token-path it does not serve',
      () => ({ 'token-path': '/oauth/token' }),
      '/oauth/token',
      'HTTP 404 (text/plain; charset=utf-8): Not Found; check host and token-path'
    ]
  ])('refuses %s in one line that names what to fix', async (_what, more, path, line) => {
    const inputs: Record<string, string> = {
      host: provider.issuer,
      'token-path': '/token',
      'client-id': provider.post.id,
      'client-secret': provider.post.secret,
      retries: '0',
      ...more()
    }
    const { run, requests } = await runAgainstProvider(inputs)
    expect(run.code).toBe(1)
    expect(requests.map(r => `${r.method} ${r.path}`)).toEqual([`POST ${path}`])
    expect(run.stdout.split('\n').filter(l => /^::(error|warning)::/.test(l))).toEqual([
      `::error::Token request to ${provider.issuer}${path} failed: ${line}`
    ])
    const secrets = ['client-secret', 'password', 'refresh-token'].map(name => inputs[name] ?? '')
    expect(findLeaks(run, secrets)).toEqual([])
  })

  it.each([
    ['RS256', 'rs256', KEYS.rsa],
    ['ES256', 'es256', KEYS.ec]
  ] as const)(
    'with private_key_jwt signed %s, the token endpoint discovered from issuer',
    async (_alg, client, pem) => {
      const { run, requests } = await runAgainstProvider({
        issuer: provider.issuer,
        'client-auth': 'private-key-jwt',
        'client-id': provider[client],
        'private-key': pem
      })
      const lines = secretLines(pem)
      await expectToken(run, lines)
      // RFC 8414's document first; oidc-provider serves it, so one discovery request.
      expect(requests.map(r => `${r.method} ${r.path} ${r.status}`)).toEqual([
        'GET /.well-known/oauth-authorization-server 200',
        'POST /token 200'
      ])
    }
  )

  it("sends a client assertion form-encoded, as RFC 7523 defines it, with body-format at its default 'json'", async () => {
    const { run, requests } = await runAgainstProvider({
      issuer: provider.issuer,
      'body-format': 'json',
      'client-auth': 'private-key-jwt',
      'client-id': provider.es256,
      'private-key': KEYS.ec
    })
    await expectToken(run, [])
    expect(requests.map(r => `${r.method} ${r.path} ${r.status}`)).toEqual([
      'GET /.well-known/oauth-authorization-server 200',
      'POST /token 200'
    ])
    expect(run.stdout).toContain('body-format form')
  })

  it('signs a fresh assertion each run: the provider, which refuses a replayed jti, takes both', async () => {
    const inputs = {
      issuer: provider.issuer,
      'client-auth': 'private-key-jwt',
      'client-id': provider.es256,
      'private-key': KEYS.ec
    }
    const first = await runAgainstProvider(inputs)
    const second = await runAgainstProvider(inputs)
    await expectToken(first.run, [])
    await expectToken(second.run, [])
    expect(second.run.outputs['access-token']).not.toBe(first.run.outputs['access-token'])
  })
})

describe('oidc-provider: revocation at job end', () => {
  it('warns, naming the client’s inputs, when the provider refuses the client at job end (another secret then)', async () => {
    const inputs = {
      ...actionDefaults(),
      'body-format': 'form',
      host: provider.issuer,
      'token-path': '/token',
      'revoke-path': '/token/revocation',
      'client-auth': 'basic',
      'client-id': provider.basic.id,
      'client-secret': provider.basic.secret,
      revoke: 'true'
    }
    const main = await runAction(inputs)
    const token = await expectToken(main, [provider.basic.secret])
    const wrong = 'op-wrong-secret-value-0123456789'
    const post = await runPost({ ...inputs, 'client-secret': wrong }, main.state)
    expect(post.code).toBe(0)
    expect(post.stdout.split('\n').filter(line => /^::(warning|error)::/.test(line))).toEqual([
      `::warning::Could not revoke the access token at ${provider.issuer}/token/revocation: HTTP 401 invalid_client: client authentication failed; check client-id, client-secret and client-auth; it stays valid until ${main.outputs['expires-at']}`
    ])
    expect(findLeaks(post, [token, wrong, provider.basic.secret])).toEqual([])
    expect(await provider.isActive(token)).toBe(true)
  })

  it('revokes in the post step at the revocation_endpoint that discovery found, with a fresh private_key_jwt', async () => {
    const temp = mkdtempSync(join(tmpdir(), 'op-revoke-'))
    try {
      const inputs = {
        ...actionDefaults(),
        'body-format': 'form',
        issuer: provider.issuer,
        'client-auth': 'private-key-jwt',
        'client-id': provider.rs256,
        'private-key': KEYS.rsa,
        revoke: 'true'
      }
      const before = provider.requests.length
      const main = await runAction(inputs, { RUNNER_TEMP: temp })
      const token = await expectToken(main, [])
      expect(main.stdout).toContain(
        `Revocation: at the end of the job, at ${provider.issuer}/token/revocation.`
      )

      const post = await runPost(inputs, main.state, { RUNNER_TEMP: temp })
      await provider.settled()
      expect(post.code).toBe(0)
      expect(post.stdout.split('\n').filter(line => /^::(warning|error)::/.test(line))).toEqual([])
      expect(post.stdout).toContain(
        `Revoked the access token at ${provider.issuer}/token/revocation.`
      )
      expect(findLeaks(post, [token, ...secretLines(KEYS.rsa)])).toEqual([])
      expect(await provider.isActive(token)).toBe(false)
      // One discovery, one token request; the post step reuses the endpoints the main step found.
      expect(provider.requests.slice(before).map(r => `${r.method} ${r.path} ${r.status}`)).toEqual(
        [
          'GET /.well-known/oauth-authorization-server 200',
          'POST /token 200',
          'POST /token/revocation 200'
        ]
      )
    } finally {
      rmSync(temp, { recursive: true, force: true })
    }
  })
})
