// Starts doorkeeper-server.rb: Doorkeeper, the OAuth 2 provider for Rails (Debian's
// ruby-doorkeeper 5.5 on Rails 6.1), run by Debian's /usr/bin/ruby on 127.0.0.1 with its SQLite
// database in a temporary directory. Applications with scopes, one user, introspection and a
// protected resource to check a token; with openidConnect, Debian's
// ruby-doorkeeper-openid-connect 1.8 too, its signing key made in that directory. Then runs the
// BUILT action against it (runDoorkeeper) and checks a token it got there (expectDoorkeeperToken).
import { expect } from '@jest/globals'
import { spawn, spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { createInterface } from 'node:readline'
import { type ActionRun, runAction } from '../../scripts/runner.mjs'
import { type Introspection, introspect } from './introspection.js'
import { privateKeyPem } from './keys.js'

/** Debian's Ruby, which sees the ruby-* packages (an rbenv ruby first on PATH may not). */
export const RUBY = '/usr/bin/ruby'
const SERVER = resolve(import.meta.dirname, 'doorkeeper-server.rb')

/** Doorkeeper's routes (use_doorkeeper), which are action.yml's defaults. */
export const TOKEN_PATH = '/oauth/token'
export const REVOKE_PATH = '/oauth/revoke'
/** access_token_expires_in. */
export const ACCESS_TOKEN_LIFETIME = 3600
/** default_scopes, given when a request names none. */
export const DEFAULT_SCOPE = 'read'
/** doorkeeper-openid-connect's routes: its discovery document, its keys (JWKS), userinfo. */
export const OPENID_CONFIGURATION_PATH = '/.well-known/openid-configuration'
export const KEYS_PATH = '/oauth/discovery/keys'
export const USERINFO_PATH = '/oauth/userinfo'
/** How the server's doorkeeper-openid-connect has its issuer (doorkeeper-server.rb). */
export type IssuerMode = 'origin' | 'block' | 'none'

export interface DkClient {
  readonly id: string
  readonly secret: string
}

/** One request the server answered: never a value, only its shape. */
export interface DkRequest {
  readonly method: string
  readonly path: string
  readonly status: number
  readonly contentType: string
  /** The Authorization scheme (Basic, Bearer), or empty. */
  readonly authorization: string
  /** The names of the body parameters Rails parsed, sorted. */
  readonly params: string[]
  /** The WWW-Authenticate scheme the server answered with, or empty. */
  readonly wwwAuthenticate: string
}

export interface TestDoorkeeper {
  /** http://127.0.0.1:PORT */
  readonly url: string
  readonly user: { readonly username: string; readonly password: string }
  /**
   * Scopes read and write (not admin, which the server has among its optional scopes), and
   * openid on a server with OpenID Connect.
   */
  readonly app: DkClient
  /** Scope read, and a secret that form-encoding changes (+ / = % : space & é). */
  readonly special: DkClient
  /** The requests answered (the tests' own introspection and resource calls not). */
  readonly requests: DkRequest[]
  /** Every line the server printed on stdout and stderr, its own calls' lines too. */
  readonly log: () => string
  /** Resolves once every request answered so far is in `requests`. */
  settled(): Promise<void>
  /** RFC 7662 introspection at /oauth/introspect, by a client of its own. */
  introspect(token: string): Promise<Introspection>
  /** The status of GET /api/me with this Authorization header. */
  resource(authorization: string): Promise<number>
  /**
   * With OpenID Connect: sets the issuer as doorkeeper-server.rb's mode says (the server starts
   * with `origin`, its URL); GET of a path the tests read themselves (the keys, userinfo).
   */
  setIssuer(mode: IssuerMode): Promise<void>
  getJson(path: string, authorization?: string): Promise<unknown>
  close(): Promise<void>
}

/** Why the server cannot run here, or undefined when it can. */
export function doorkeeperUnavailable(openidConnect = false): string | undefined {
  const libraries = `rails active_record sqlite3 webrick doorkeeper${openidConnect ? ' doorkeeper/openid_connect' : ''}`
  const probe = spawnSync(
    RUBY,
    [
      '-e',
      `begin; %w[${libraries}].each { |l| require l }; rescue LoadError => e; warn e.message; exit 1; end`
    ],
    { encoding: 'utf8', timeout: 20_000 }
  )
  if (probe.error) return `${RUBY} cannot run (${probe.error.message})`
  if (probe.status !== 0) {
    const why = probe.stderr.trim().split('\n').at(-1) ?? `exit ${String(probe.status)}`
    const what = openidConnect ? 'doorkeeper-openid-connect' : 'Doorkeeper'
    return `${RUBY} cannot load ${what} (${why}): apt-get install ruby-doorkeeper${openidConnect ? ' ruby-doorkeeper-openid-connect' : ''} ruby-sqlite3 ruby-activerecord ruby-webrick`
  }
  return undefined
}

const secret = (prefix: string): string => `${prefix}-${randomBytes(24).toString('base64url')}`

/** Paths of the tests' own calls, which are not the action's requests. */
const OWN = new Set([
  '/oauth/introspect',
  '/api/me',
  '/settled',
  '/test/issuer',
  KEYS_PATH,
  USERINFO_PATH
])

/** With openidConnect, doorkeeper-openid-connect too (doorkeeperUnavailable(true) says if it can). */
export async function startDoorkeeper(
  options: { openidConnect?: boolean } = {}
): Promise<TestDoorkeeper> {
  const dir = mkdtempSync(join(tmpdir(), 'doorkeeper-'))
  const user = {
    username: 'octocat@example.com',
    // Form-encoding's special characters, a space, # \ " and non-ASCII letters up to an emoji.
    password: `p@ss w0rd&=+%é:/#\\"中😀${randomBytes(9).toString('base64url')}`
  }
  const app = { id: 'dk-app', secret: secret('dk-app') }
  // Every character RFC 6749 §2.3.1's form-encoding changes, before base64, in Basic.
  const special = { id: 'dk-special', secret: `a+b/c=d%e:f g&hé-#\\"中😀${secret('sp')}` }
  const introspector = { id: 'dk-introspector', secret: secret('dk-in') }
  // The ID tokens' signing key: RSA, as doorkeeper-openid-connect signs RS256 by default.
  const signingKey = join(dir, 'signing-key.pem')
  if (options.openidConnect) {
    writeFileSync(signingKey, privateKeyPem('rsa', 'pkcs1'), { mode: 0o600 })
  }
  const config = {
    dir,
    accessTokenLifetime: ACCESS_TOKEN_LIFETIME,
    user,
    applications: [
      { ...app, scopes: options.openidConnect ? 'read write openid' : 'read write' },
      { ...special, scopes: 'read' },
      { ...introspector, scopes: '' }
    ],
    ...(options.openidConnect ? { openidConnect: { signingKey } } : {})
  }
  // In a file of the temporary directory, not in argv, which any process may read.
  const configFile = join(dir, 'config.json')
  writeFileSync(configFile, JSON.stringify(config), { mode: 0o600 })

  const child = spawn(RUBY, [SERVER, configFile], {
    stdio: ['pipe', 'pipe', 'pipe'],
    env: { PATH: process.env.PATH ?? '', LANG: 'C.UTF-8' }
  })
  let stderr = ''
  let log = ''
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-4000)
    log += chunk
  })
  const exited = new Promise<void>(done => child.once('exit', () => done()))
  const requests: DkRequest[] = []
  const waiting: (() => void)[] = []
  let early: (code: number | null) => void = () => undefined
  const port = await new Promise<number>((done, fail) => {
    const timer = setTimeout(() => fail(new Error(`Doorkeeper did not start: ${stderr}`)), 30_000)
    early = code => fail(new Error(`Doorkeeper exited with ${String(code)}: ${stderr.trim()}`))
    child.once('error', fail)
    child.once('exit', early)
    createInterface({ input: child.stdout }).on('line', line => {
      log += `${line}\n`
      const message = JSON.parse(line) as { kind: string; port?: number } & Partial<DkRequest>
      if (message.kind === 'ready') {
        clearTimeout(timer)
        done(message.port ?? 0)
      } else if (message.kind !== 'request') return
      else if (message.path === '/settled') waiting.shift()?.()
      else if (!OWN.has(String(message.path))) requests.push(message as DkRequest)
    })
  }).catch((error: unknown) => {
    child.kill('SIGKILL')
    rmSync(dir, { recursive: true, force: true })
    throw error
  })
  child.off('exit', early)
  const url = `http://127.0.0.1:${port}`

  return {
    url,
    user,
    app,
    special,
    requests,
    log: () => log,
    // Each request's line is written before its answer is sent (doorkeeper-server.rb): once
    // /settled's line is read, so is that of every request answered before it.
    settled: async () => {
      const seen = new Promise<void>(done => waiting.push(done))
      await (await fetch(`${url}/settled`)).arrayBuffer()
      await seen
    },
    introspect: token => introspect(`${url}/oauth/introspect`, introspector, token),
    resource: async authorization => {
      const answer = await fetch(`${url}/api/me`, { headers: { Authorization: authorization } })
      await answer.arrayBuffer()
      return answer.status
    },
    setIssuer: async mode => {
      const answer = await fetch(`${url}/test/issuer`, {
        method: 'POST',
        body: new URLSearchParams({ mode })
      })
      await answer.arrayBuffer()
      if (answer.status !== 204) throw new Error(`POST /test/issuer: HTTP ${answer.status}`)
    },
    getJson: async (path, authorization) => {
      const headers: Record<string, string> = authorization ? { Authorization: authorization } : {}
      const answer = await fetch(`${url}${path}`, { headers })
      if (answer.status !== 200) throw new Error(`GET ${path}: HTTP ${answer.status}`)
      return (await answer.json()) as unknown
    },
    close: async () => {
      // The server stops when its stdin closes; a kill if it has not within 5 s.
      child.stdin.end()
      const killer = setTimeout(() => child.kill('SIGKILL'), 5000)
      await exited
      clearTimeout(killer)
      rmSync(dir, { recursive: true, force: true })
    }
  }
}

/** One run of the built action against the server, with the requests it made there. */
export interface DkRun {
  readonly run: ActionRun
  /** The action's requests, as the server answered them: method, path, status. */
  readonly requests: string[]
  readonly seen: DkRequest[]
  readonly startedAt: number
  readonly endedAt: number
}

/**
 * The action with these inputs over action.yml's defaults (whose token-path and revoke-path are
 * Doorkeeper's routes, and whose body-format is json), `host` the server unless `issuer` is given,
 * no retries, step debug on (its lines scanned).
 */
export async function runDoorkeeper(
  dk: TestDoorkeeper,
  inputs: Record<string, string>
): Promise<DkRun> {
  const before = dk.requests.length
  const startedAt = Date.now()
  const action = await runAction(
    { ...(inputs.issuer ? {} : { host: dk.url }), retries: '0', ...inputs },
    { RUNNER_DEBUG: '1' }
  )
  const endedAt = Date.now()
  await dk.settled()
  const seen = dk.requests.slice(before)
  return {
    run: action,
    requests: seen.map(r => `${r.method} ${r.path} ${r.status}`),
    seen,
    startedAt,
    endedAt
  }
}

/** An application's credentials as the action's inputs. */
export const clientInputs = (app: DkClient): Record<string, string> => ({
  'client-id': app.id,
  'client-secret': app.secret
})

export const userInputs = (dk: TestDoorkeeper): Record<string, string> => ({
  username: dk.user.username,
  password: dk.user.password
})

/**
 * A successful run: outputs and env against what Doorkeeper says of the token it issued (at
 * introspection and the protected resource). `id-token` is empty unless `idToken`; its value is
 * the caller's to check. The access token.
 */
export async function expectDoorkeeperToken(
  dk: TestDoorkeeper,
  result: DkRun,
  expected: { scope: string; refreshToken: boolean; client: string; idToken?: boolean }
): Promise<string> {
  const { run: action } = result
  expect(action.stderr).toBe('')
  expect(action.stdout.split(/\r?\n/).filter(line => /^::(error|warning)::/.test(line))).toEqual([])
  expect(action.code).toBe(0)
  const token = action.outputs['access-token'] ?? ''
  const info = await dk.introspect(token)
  expect(info).toMatchObject({ active: true, scope: expected.scope, client_id: expected.client })
  // /api/me's doorkeeper_authorize! asks for the default scope: 403 to a token without it.
  const allowed = expected.scope.split(' ').includes(DEFAULT_SCOPE)
  expect(await dk.resource(action.outputs.authorization ?? '')).toBe(allowed ? 200 : 403)

  expect(action.outputs).toMatchObject({
    'token-type': 'Bearer',
    authorization: `Bearer ${token}`,
    'expires-in': String(ACCESS_TOKEN_LIFETIME),
    scope: expected.scope,
    'id-token': expected.idToken ? expect.stringMatching(/^[\w-]+\.[\w-]+\.[\w-]+$/) : ''
  })
  // expires-at: the request's time plus expires_in, within seconds of Doorkeeper's own expiry.
  expect(action.outputs['expires-at']).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/)
  const at = Date.parse(action.outputs['expires-at'] ?? '')
  expect(Math.abs(at - (info.exp ?? 0) * 1000)).toBeLessThanOrEqual(3000)
  expect(at).toBeGreaterThanOrEqual(
    Math.floor(result.startedAt / 1000) * 1000 + ACCESS_TOKEN_LIFETIME * 1000
  )
  expect(at).toBeLessThanOrEqual(result.endedAt + ACCESS_TOKEN_LIFETIME * 1000)
  if (expected.refreshToken) expect(action.outputs['refresh-token']).toMatch(/^[\w-]{40,}$/)
  else expect(action.outputs['refresh-token']).toBe('')
  expect(action.env).toEqual({ ACCESS_TOKEN: token })
  expect(action.summary).toContain(`| scope | \` ${expected.scope} \` |`)
  return token
}
