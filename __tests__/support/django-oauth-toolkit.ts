// Starts django-oauth-toolkit-server.py: Django OAuth Toolkit from Debian's packages
// (python3-django-oauth-toolkit), run by Debian's /usr/bin/python3 on 127.0.0.1, with its sqlite
// database in a temporary directory. One confidential application per grant type (DOT allows one
// each), a user, authorization codes already issued, and introspection to check a token.
import { spawn, spawnSync } from 'node:child_process'
import { generateKeyPairSync, randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { createInterface } from 'node:readline'
import { type Introspection, introspect } from './introspection.js'

/** Debian's Python, which sees the Debian packages (a pyenv python3 first on PATH does not). */
export const PYTHON = '/usr/bin/python3'
const SERVER = resolve(import.meta.dirname, 'django-oauth-toolkit-server.py')

export const TOKEN_PATH = '/o/token/'
export const REVOKE_PATH = '/o/revoke_token/'
export const RESOURCE_PATH = '/api/me'
/** The redirect URI the authorization code application registered. */
export const REDIRECT_URI = 'http://127.0.0.1/callback'
/** ACCESS_TOKEN_EXPIRE_SECONDS. */
export const ACCESS_TOKEN_LIFETIME = 3600

export interface DotClient {
  readonly id: string
  readonly secret: string
}

export interface DotCode {
  readonly code: string
  readonly scope: string
}

/** One request the server answered: never a value, only its shape. */
export interface DotRequest {
  readonly method: string
  readonly path: string
  readonly status: number
  readonly contentType: string
  /** The Authorization scheme (Basic, Bearer), or empty. */
  readonly authorization: string
}

export interface TestDot {
  /** http://127.0.0.1:PORT, routed as DOT 1.7 routes (discovery only with a trailing slash). */
  readonly url: string
  /** The same server on another port, with DOT 2.4's discovery route (without the slash too). */
  readonly modernUrl: string
  readonly user: { readonly username: string; readonly password: string }
  /** Applications, by grant type; `special` has a secret that form-encoding changes. */
  readonly password: DotClient
  readonly credentials: DotClient
  readonly special: DotClient
  readonly code: DotClient
  /** Authorization codes issued to `code`, each usable once. */
  readonly codes: readonly DotCode[]
  /** The requests answered on either port (the tests' own introspection and resource calls not). */
  readonly requests: DotRequest[]
  /** Resolves once every request answered so far is in `requests`. */
  settled(): Promise<void>
  /** RFC 7662 introspection at /o/introspect/, authenticated as `credentials`. */
  introspect(token: string): Promise<Introspection>
  /** The status of GET /api/me with this Authorization header. */
  resource(authorization: string): Promise<number>
  close(): Promise<void>
}

/** Why the server cannot run here, or undefined when it can. */
export function dotUnavailable(): string | undefined {
  const probe = spawnSync(
    PYTHON,
    ['-c', 'import django, oauth2_provider, jwcrypto; print(oauth2_provider.__version__)'],
    { encoding: 'utf8', timeout: 20_000 }
  )
  if (probe.error) return `${PYTHON} cannot run (${probe.error.message})`
  if (probe.status !== 0) {
    const why = probe.stderr.trim().split('\n').at(-1) ?? `exit ${String(probe.status)}`
    return `${PYTHON} cannot import Django OAuth Toolkit (${why}): apt-get install python3-django-oauth-toolkit`
  }
  return undefined
}

const secret = (prefix: string): string => `${prefix}-${randomBytes(18).toString('base64url')}`

/** Paths of the tests' own calls, which are not the action's requests. */
const OWN = new Set(['/o/introspect/', RESOURCE_PATH, '/settled'])

export async function startDot(): Promise<TestDot> {
  const dir = mkdtempSync(join(tmpdir(), 'dot-'))
  const user = {
    username: 'octocat@example.com',
    // Form-encoding's special characters, a space, # \ " and non-ASCII letters up to an emoji.
    password: `p@ss w0rd&=+%é:/#\\"中😀${randomBytes(9).toString('base64url')}`
  }
  const password = { id: 'dot-password', secret: secret('dot-pw') }
  const credentials = { id: 'dot-credentials', secret: secret('dot-cc') }
  // Every character RFC 6749 §2.3.1's form-encoding changes, before base64, in Basic.
  const special = { id: 'dot-special', secret: `a+b/c=d%e:f g&hé-#\\"中😀${secret('sp')}` }
  const code = { id: 'dot-code', secret: secret('dot-ac') }
  const codes = [
    { code: secret('code-read'), scope: 'read' },
    { code: secret('code-openid'), scope: 'openid read' }
  ]
  const application = (client: DotClient, grant: string, more: object = {}) => ({
    client_id: client.id,
    client_secret: client.secret,
    grant,
    ...more
  })
  const config = {
    dir,
    accessTokenLifetime: ACCESS_TOKEN_LIFETIME,
    oidcKey: generateKeyPairSync('rsa', { modulusLength: 2048 })
      .privateKey.export({ format: 'pem', type: 'pkcs8' })
      .toString(),
    user,
    applications: [
      application(password, 'password'),
      application(credentials, 'client-credentials'),
      application(special, 'client-credentials'),
      application(code, 'authorization-code', { redirect_uri: REDIRECT_URI, codes })
    ]
  }
  // In a file of the temporary directory, not in argv, which any process may read.
  const configFile = join(dir, 'config.json')
  writeFileSync(configFile, JSON.stringify(config), { mode: 0o600 })

  const child = spawn(PYTHON, [SERVER, configFile], {
    stdio: ['pipe', 'pipe', 'pipe']
  })
  let stderr = ''
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
  const requests: DotRequest[] = []
  const waiting: (() => void)[] = []
  const ports = await new Promise<{ port: number; modernPort: number }>((done, fail) => {
    child.on('error', fail)
    child.on('exit', status =>
      fail(new Error(`Django OAuth Toolkit exited with ${String(status)}: ${stderr.trim()}`))
    )
    createInterface({ input: child.stdout }).on('line', line => {
      const message = JSON.parse(line) as { kind: string } & Record<string, unknown>
      if (message.kind === 'ready') done(message as unknown as { port: number; modernPort: number })
      else if (message.kind !== 'request') return
      else if (message.path === '/settled') waiting.shift()?.()
      else if (!OWN.has(String(message.path))) requests.push(message as unknown as DotRequest)
    })
  })
  const url = `http://127.0.0.1:${ports.port}`
  const modernUrl = `http://127.0.0.1:${ports.modernPort}`

  return {
    url,
    modernUrl,
    user,
    password,
    credentials,
    special,
    code,
    codes,
    requests,
    // Each port is served by one thread, in order: once a request to each has been reported,
    // so has every request answered before it.
    settled: async () => {
      for (const base of [url, modernUrl]) {
        const seen = new Promise<void>(done => waiting.push(done))
        await fetch(`${base}/settled`)
        await seen
      }
    },
    introspect: token => introspect(`${url}/o/introspect/`, credentials, token),
    resource: async authorization => {
      const answer = await fetch(`${url}${RESOURCE_PATH}`, {
        headers: { Authorization: authorization }
      })
      await answer.arrayBuffer()
      return answer.status
    },
    close: () =>
      new Promise<void>(done => {
        child.removeAllListeners('exit')
        child.on('exit', () => {
          rmSync(dir, { recursive: true, force: true })
          done()
        })
        // Closing stdin stops it (django-oauth-toolkit-server.py).
        child.stdin.end()
      })
  }
}
