// Starts doorkeeper-server.rb: Doorkeeper, the OAuth 2 provider for Rails (Debian's
// ruby-doorkeeper 5.5 on Rails 6.1), run by Debian's /usr/bin/ruby on 127.0.0.1 with its SQLite
// database in a temporary directory. Applications with scopes, one user, introspection and a
// protected resource to check a token.
import { spawn, spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { createInterface } from 'node:readline'
import { type Introspection, introspect } from './introspection.js'

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
  /** Scopes read and write (not admin, which the server has among its optional scopes). */
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
  close(): Promise<void>
}

/** Why the server cannot run here, or undefined when it can. */
export function doorkeeperUnavailable(): string | undefined {
  const probe = spawnSync(
    RUBY,
    [
      '-e',
      'begin; %w[rails active_record sqlite3 webrick doorkeeper].each { |l| require l }; rescue LoadError => e; warn e.message; exit 1; end'
    ],
    { encoding: 'utf8', timeout: 20_000 }
  )
  if (probe.error) return `${RUBY} cannot run (${probe.error.message})`
  if (probe.status !== 0) {
    const why = probe.stderr.trim().split('\n').at(-1) ?? `exit ${String(probe.status)}`
    return `${RUBY} cannot load Doorkeeper (${why}): apt-get install ruby-doorkeeper ruby-sqlite3 ruby-activerecord ruby-webrick`
  }
  return undefined
}

const secret = (prefix: string): string => `${prefix}-${randomBytes(24).toString('base64url')}`

/** Paths of the tests' own calls, which are not the action's requests. */
const OWN = new Set(['/oauth/introspect', '/api/me', '/settled'])

export async function startDoorkeeper(): Promise<TestDoorkeeper> {
  const dir = mkdtempSync(join(tmpdir(), 'doorkeeper-'))
  const user = {
    username: 'octocat@example.com',
    // Form-encoding's special characters, a space and a non-ASCII letter.
    password: `p@ss w0rd&=+%é:/${randomBytes(9).toString('base64url')}`
  }
  const app = { id: 'dk-app', secret: secret('dk-app') }
  // Every character RFC 6749 §2.3.1's form-encoding changes, before base64, in Basic.
  const special = { id: 'dk-special', secret: `a+b/c=d%e:f g&hé-${secret('sp')}` }
  const introspector = { id: 'dk-introspector', secret: secret('dk-in') }
  const config = {
    dir,
    accessTokenLifetime: ACCESS_TOKEN_LIFETIME,
    user,
    applications: [
      { ...app, scopes: 'read write' },
      { ...special, scopes: 'read' },
      { ...introspector, scopes: '' }
    ]
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
