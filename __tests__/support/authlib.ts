// Starts authlib-server.py, an authorization server made of Authlib's own classes (Debian's
// python3-authlib and python3-flask), with /usr/bin/python3 on 127.0.0.1: clients for
// client_secret_basic, client_secret_post and private_key_jwt (RS256 and ES256), a client for
// the JWT bearer grant, a client restricted to client_credentials, and one user.
import { spawn, spawnSync } from 'node:child_process'
import { createHash, createPublicKey, randomBytes } from 'node:crypto'
import { resolve } from 'node:path'
import { createInterface } from 'node:readline'
import { type Introspection, introspect } from './introspection.js'

/** Debian's Python, which sees the python3-* packages (a pyenv python3 on PATH may not). */
export const PYTHON = '/usr/bin/python3'
const SERVER = resolve(import.meta.dirname, 'authlib-server.py')
export const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer'
/** The basic client's redirect URI: only read from the authorization response, never visited. */
export const REDIRECT_URI = 'http://127.0.0.1/callback'
/** Authlib's default lifetimes (BearerTokenGenerator.GRANT_TYPES_EXPIRES_IN, DEFAULT_EXPIRES_IN). */
export const LIFETIME = {
  password: 864000,
  client_credentials: 864000,
  authorizationCode: 864000,
  jwtBearer: 3600
}

/** Why the server cannot run here, or undefined when /usr/bin/python3 imports Authlib and Flask. */
export function authlibUnavailable(): string | undefined {
  const probe = spawnSync(
    PYTHON,
    ['-c', 'import authlib, flask, werkzeug, cryptography; print(authlib.__version__)'],
    { encoding: 'utf8', timeout: 20_000 }
  )
  if (probe.error) return `${PYTHON} cannot run (${probe.error.message})`
  if (probe.status !== 0) {
    const why = probe.stderr.trim().split('\n').at(-1) ?? `exit ${probe.status}`
    return `${PYTHON} cannot import Authlib and Flask (${why}): apt-get install python3-authlib python3-flask`
  }
  return undefined
}

export interface SecretClient {
  readonly id: string
  readonly secret: string
}

/** What the server received (no parameter values) and what it answered. */
export interface SeenRequest {
  readonly method: string
  readonly path: string
  readonly contentType: string
  /** The Authorization header's scheme (Basic, ...), or empty. */
  readonly authorization: string
  /** The names of the form parameters the server read, sorted. */
  readonly params: string[]
  readonly grantType: string
  readonly tokenTypeHint: string
  /** The parts of a client_assertion (3 for a JWS), 0 without one. */
  readonly assertionSegments: number
  readonly status: number
  /** The JSON the server answered ({} for anything else). */
  readonly response: Record<string, unknown>
}

export interface AuthlibServer {
  /** http://127.0.0.1:PORT: the issuer, whose metadata is at RFC 8414's well-known URL. */
  readonly issuer: string
  /** http://127.0.0.1:PORT/tenant: an issuer with a path, its metadata at RFC 8414 §3.1's URL. */
  readonly tenant: string
  /** client_secret_basic only; all three grants and authorization_code; scopes read and write. */
  readonly basic: SecretClient
  /** client_secret_post only; all three grants; scopes read and write. */
  readonly post: SecretClient
  /** client_credentials only, with either method. */
  readonly ccOnly: SecretClient
  /** private_key_jwt clients by algorithm, their keys' kid `<alg>-key`. */
  readonly rs256: string
  readonly es256: string
  /** The JWT bearer grant's client: the issuer of assertions signed with the ES256 key. */
  readonly bearer: string
  readonly user: { readonly username: string; readonly password: string }
  /** A client of its own with this secret, both secret methods, client_credentials (scope read). */
  readonly special: SecretClient
  /** Every request so far (the test's own /test/ calls aside). */
  requests(): Promise<SeenRequest[]>
  /**
   * An authorization code for the basic client, the user consenting at once (RFC 6749 §4.1), with
   * an S256 PKCE challenge of `verifier` (RFC 7636).
   */
  authorize(verifier: string, scope: string): Promise<string>
  introspect(token: string): Promise<Introspection>
  /** The status of GET /api/me (RFC 6750) with this access token. */
  resourceStatus(accessToken: string): Promise<number>
  close(): Promise<void>
}

export interface ServerKeys {
  /** PEM private keys; their public halves are registered with the server. */
  readonly rsa: string
  readonly ec: string
}

const secret = (prefix: string): string => `${prefix}-${randomBytes(24).toString('base64url')}`

export async function startAuthlib(
  keys: ServerKeys,
  specialSecret: string
): Promise<AuthlibServer> {
  const jwks = (pem: string, kid: string): unknown[] => [
    { ...createPublicKey(pem).export({ format: 'jwk' }), kid }
  ]
  const basic = { id: 'al-basic', secret: secret('al-basic') }
  const post = { id: 'al-post', secret: secret('al-post') }
  const ccOnly = { id: 'al-cc-only', secret: secret('al-cc') }
  const special = { id: 'al-special', secret: specialSecret }
  const introspector = { id: 'al-introspector', secret: secret('al-introspector') }
  const user = { username: 'al-alice', password: secret('al-password') }
  const grants = ['password', 'client_credentials', 'refresh_token']
  const scope = ['read', 'write']
  const clients = [
    {
      ...spec(basic),
      auth_methods: ['client_secret_basic'],
      grant_types: [...grants, 'authorization_code'],
      scope,
      redirect_uris: [REDIRECT_URI]
    },
    { ...spec(post), auth_methods: ['client_secret_post'], grant_types: grants, scope },
    { ...spec(ccOnly), auth_methods: SECRET_METHODS, grant_types: ['client_credentials'] },
    {
      ...spec(special),
      auth_methods: SECRET_METHODS,
      grant_types: ['client_credentials'],
      scope: ['read']
    },
    { ...spec(introspector), auth_methods: ['client_secret_basic'], grant_types: [] },
    {
      client_id: 'al-rs256',
      auth_methods: ['private_key_jwt'],
      grant_types: grants,
      scope,
      jwks: jwks(keys.rsa, 'RS256-key')
    },
    {
      client_id: 'al-es256',
      auth_methods: ['private_key_jwt'],
      grant_types: grants,
      scope,
      jwks: jwks(keys.ec, 'ES256-key')
    },
    {
      client_id: 'al-bearer',
      auth_methods: [],
      grant_types: [JWT_BEARER],
      scope,
      jwks: jwks(keys.ec, 'ES256-key')
    }
  ]

  const child = spawn(PYTHON, [SERVER], {
    stdio: ['pipe', 'pipe', 'pipe'],
    env: { PATH: process.env.PATH ?? '', PYTHONDONTWRITEBYTECODE: '1', LANG: 'C.UTF-8' }
  })
  // Werkzeug logs each request on stderr: the last of it says why a start failed.
  let log = ''
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (log = (log + chunk).slice(-4000)))
  child.stdin.write(`${JSON.stringify({ clients, users: [user] })}\n`)
  const exited = new Promise<void>(done => child.once('exit', () => done()))
  let early: (code: number | null) => void = () => undefined
  const ready = await new Promise<{ issuer: string; tenant: string }>((done, fail) => {
    const timer = setTimeout(
      () => fail(new Error(`authlib-server.py did not start: ${log}`)),
      20_000
    )
    early = code => fail(new Error(`authlib-server.py exited with ${code}: ${log}`))
    child.once('error', fail)
    child.once('exit', early)
    createInterface({ input: child.stdout }).once('line', line => {
      clearTimeout(timer)
      done(JSON.parse(line) as { issuer: string; tenant: string })
    })
  }).catch((error: unknown) => {
    child.kill('SIGKILL')
    throw error
  })
  child.off('exit', early)
  const { issuer } = ready
  return {
    ...ready,
    basic,
    post,
    ccOnly,
    special,
    rs256: 'al-rs256',
    es256: 'al-es256',
    bearer: 'al-bearer',
    user,
    requests: async () => (await (await fetch(`${issuer}/test/requests`)).json()) as SeenRequest[],
    authorize: async (verifier, scope) => {
      const query = new URLSearchParams({
        response_type: 'code',
        client_id: basic.id,
        redirect_uri: REDIRECT_URI,
        scope,
        code_challenge: createHash('sha256').update(verifier).digest('base64url'),
        code_challenge_method: 'S256',
        user: user.username
      })
      const answer = await fetch(`${issuer}/test/authorize?${query.toString()}`, {
        redirect: 'manual'
      })
      const location = new URL(answer.headers.get('location') ?? '', issuer)
      const code = location.searchParams.get('code')
      if (answer.status !== 302 || !code) {
        throw new Error(`no authorization code: HTTP ${answer.status} ${location.href}`)
      }
      return code
    },
    introspect: token => introspect(`${issuer}/test/introspect`, introspector, token),
    resourceStatus: async accessToken =>
      (await fetch(`${issuer}/api/me`, { headers: { Authorization: `Bearer ${accessToken}` } }))
        .status,
    close: async () => {
      // The server stops when its stdin closes; a kill if it has not within 5 s.
      child.stdin.end()
      const killer = setTimeout(() => child.kill('SIGKILL'), 5000)
      await exited
      clearTimeout(killer)
    }
  }
}

const SECRET_METHODS = ['client_secret_basic', 'client_secret_post']

function spec(client: SecretClient): { client_id: string; client_secret: string } {
  return { client_id: client.id, client_secret: client.secret }
}
