// Glewlwyd 2.7 (Debian's glewlwyd package, a C OAuth 2.0 / OpenID Connect server) for interop
// tests: started on 127.0.0.1 on a free port, its sqlite database initialised in a temp dir by
// Debian's /usr/bin/python3 from the package's own script, then set up through the admin REST
// API as an administrator would: the OpenID Connect plugin (issuer with a path), a scope, a
// user and one confidential client per token_endpoint_auth_method.
import { spawnSync } from 'node:child_process'
import { generateKeyPairSync, randomBytes } from 'node:crypto'
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { freePort, startDaemon } from './daemon.js'

const GLEWLWYD = '/usr/bin/glewlwyd'
const PYTHON = '/usr/bin/python3'
/** The package's sqlite3 schema and its admin user (admin / password). */
const INIT_SQL = [
  '/usr/share/dbconfig-common/data/glewlwyd/install/sqlite3',
  '/usr/share/doc/glewlwyd/database/init.sqlite3.sql.gz'
]
const MODULES = '/usr/lib/glewlwyd'

/** Why Glewlwyd cannot run here, or undefined when it can. */
export function glewlwydMissing(): string | undefined {
  if (!existsSync(GLEWLWYD)) return `${GLEWLWYD} is not installed (Debian package glewlwyd)`
  const version = spawnSync(GLEWLWYD, ['--version'], { encoding: 'utf8', timeout: 10_000 })
  if (version.status !== 0)
    return `${GLEWLWYD} --version failed: ${version.error ?? version.stderr}`
  if (!existsSync(`${MODULES}/plugin/libprotocol_oidc.so`)) return 'the OIDC plugin is missing'
  if (!INIT_SQL.some(file => existsSync(file))) return 'the sqlite3 init script is missing'
  const python = spawnSync(PYTHON, ['-c', 'import sqlite3, gzip'], { timeout: 10_000 })
  if (python.status !== 0) return `${PYTHON} cannot import sqlite3`
  return undefined
}

export interface GlewlwydClient {
  readonly id: string
  /** Empty for the private_key_jwt client. */
  readonly secret: string
}

export interface Glewlwyd {
  /** http://127.0.0.1:PORT/api/oidc: the issuer, with a path, and base of the endpoints. */
  readonly issuer: string
  /** client_secret_basic, with a secret that form-encoding leaves as it is. */
  readonly basic: GlewlwydClient
  /**
   * client_secret_basic, with a secret that form-encoding changes (+ / = % : space & é # \ " 中
   * 😀).
   */
  readonly basicEncoded: GlewlwydClient
  /** client_secret_post, with the same kind of secret. */
  readonly post: GlewlwydClient
  /** private_key_jwt, RS256 with `key` (PKCS #8 PEM) and `kid`. */
  readonly jwt: GlewlwydClient & { readonly key: string; readonly kid: string }
  /** Allowed the password grant only. */
  readonly passwordOnly: GlewlwydClient
  readonly user: { readonly username: string; readonly password: string }
  /** A user an administrator disabled (enabled: false), with its right password. */
  readonly disabledUser: { readonly username: string; readonly password: string }
  /** The scope every client and the user may have. */
  readonly scope: string
  /** RFC 7662 introspection by a client with the plugin's introspection scope. */
  introspect(token: string): Promise<{ active: boolean } & Record<string, unknown>>
  close(): Promise<void>
}

/** The config file: loopback only, console log into the temp dir, sqlite. */
function config(port: number, dir: string): string {
  return `port=${port}
bind_address="127.0.0.1"
external_url="http://127.0.0.1:${port}"
login_url="login.html"
api_prefix="api"
log_mode="console"
log_level="INFO"
cookie_secure=0
session_key="GLEWLWYD2_SESSION_ID"
admin_session_authentication="cookie"
admin_scope="g_admin"
profile_scope="g_profile"
user_module_path="${MODULES}/user"
client_module_path="${MODULES}/client"
user_auth_scheme_module_path="${MODULES}/scheme"
plugin_module_path="${MODULES}/plugin"
hash_algorithm="SHA512"
database = { type = "sqlite3"; path = "${join(dir, 'glewlwyd.db')}"; };
`
}

const INIT_DB = `
import gzip, sqlite3, sys
path = sys.argv[2]
script = (gzip.open(path, 'rt') if path.endswith('.gz') else open(path)).read()
db = sqlite3.connect(sys.argv[1])
db.executescript(script)
db.commit()
`

export async function startGlewlwyd(): Promise<Glewlwyd> {
  const dir = mkdtempSync(join(tmpdir(), 'glewlwyd-'))
  const sql = INIT_SQL.find(file => existsSync(file)) ?? ''
  const init = spawnSync(PYTHON, ['-c', INIT_DB, join(dir, 'glewlwyd.db'), sql], {
    encoding: 'utf8'
  })
  if (init.status !== 0) {
    rmSync(dir, { recursive: true, force: true })
    throw new Error(`sqlite init failed: ${init.stderr}`)
  }
  const port = await freePort()
  writeFileSync(join(dir, 'glewlwyd.conf'), config(port, dir))
  const daemon = await startDaemon(GLEWLWYD, ['-c', join(dir, 'glewlwyd.conf')], dir, [port])
  try {
    return await setUp(port, daemon.close, () => (daemon.exited() ? daemon.logs() : ''))
  } catch (error) {
    await daemon.close()
    throw error
  }
}

async function setUp(
  port: number,
  close: () => Promise<void>,
  exitLog: () => string
): Promise<Glewlwyd> {
  const api = `http://127.0.0.1:${port}/api`
  let cookie = ''
  const call = async (method: string, path: string, body?: unknown): Promise<Response> => {
    const answer = await fetch(`${api}${path}`, {
      method,
      headers: { 'content-type': 'application/json', cookie },
      body: body === undefined ? undefined : JSON.stringify(body)
    })
    if (answer.status !== 200) {
      throw new Error(`Glewlwyd ${method} ${path}: HTTP ${answer.status} ${await answer.text()}`)
    }
    return answer
  }
  // Up when it answers: the admin logs in with the init script's password.
  for (let attempt = 0; ; attempt++) {
    try {
      const login = await call('POST', '/auth/', { username: 'admin', password: 'password' })
      cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? ''
      break
    } catch (error) {
      const log = exitLog()
      if (log || attempt > 100)
        throw new Error(`Glewlwyd did not start: ${log || String(error)}`, { cause: error })
      await new Promise(done => setTimeout(done, 100))
    }
  }

  const issuer = `${api}/oidc`
  const scope = 'api-read'
  const signing = generateKeyPairSync('rsa', { modulusLength: 2048 })
  await call('POST', '/scope/', { name: scope, display_name: scope, password_required: false })
  await call('POST', '/scope/', {
    name: 'introspect',
    display_name: 'introspect',
    password_required: false
  })
  await call('POST', '/mod/plugin/', {
    module: 'oidc',
    name: 'oidc',
    display_name: 'OpenID Connect',
    enabled: true,
    parameters: {
      iss: issuer,
      'jwt-type': 'rsa',
      'jwt-key-size': '256',
      key: signing.privateKey.export({ type: 'pkcs8', format: 'pem' }),
      cert: signing.publicKey.export({ type: 'spki', format: 'pem' }),
      'access-token-duration': 3600,
      'refresh-token-duration': 1209600,
      'code-duration': 600,
      'refresh-token-rolling': true,
      'allow-non-oidc': true,
      'auth-type-code-enabled': true,
      'auth-type-password-enabled': true,
      'auth-type-client-enabled': true,
      'auth-type-refresh-enabled': true,
      'allowed-scope': ['openid', scope],
      // private_key_jwt: the client's jwks property, and JWTs allowed in requests at all.
      'client-jwks-parameter': 'jwks',
      'request-parameter-allow': true,
      'request-maximum-exp': 3600,
      'introspection-revocation-allowed': true,
      'introspection-revocation-auth-scope': ['introspect'],
      'introspection-revocation-allow-target-client': true
    }
  })
  const user = {
    username: 'ci-user',
    password: `pw +/=%:&é #\\"中😀${randomBytes(9).toString('base64url')}`
  }
  await call('POST', '/user/', {
    ...user,
    name: 'CI user',
    enabled: true,
    scope: ['openid', scope]
  })
  const disabledUser = {
    username: 'ci-disabled',
    password: `pw-${randomBytes(9).toString('base64url')}`
  }
  await call('POST', '/user/', {
    ...disabledUser,
    name: 'CI disabled user',
    enabled: false,
    scope: ['openid', scope]
  })

  const grants = ['client_credentials', 'password', 'refresh_token']
  const plain = (prefix: string): string => `${prefix}${randomBytes(18).toString('hex')}`
  const encoded = (): string => `gw+/=%:&é #\\"中😀${randomBytes(12).toString('base64url')}`
  const addClient = async (
    id: string,
    method: string,
    secret: string,
    more: Record<string, unknown> = {}
  ): Promise<GlewlwydClient> => {
    await call('POST', '/client/', {
      client_id: id,
      name: id,
      enabled: true,
      confidential: true,
      ...(secret && { client_secret: secret }),
      authorization_type: grants,
      token_endpoint_auth_method: [method],
      scope: [scope],
      redirect_uri: [],
      ...more
    })
    return { id, secret }
  }
  const basic = await addClient('gw-basic', 'client_secret_basic', plain('gwBasic'))
  const basicEncoded = await addClient('gw-basic-encoded', 'client_secret_basic', encoded())
  const post = await addClient('gw-post', 'client_secret_post', encoded())
  const passwordOnly = await addClient('gw-password-only', 'client_secret_basic', plain('gwPw'), {
    authorization_type: ['password']
  })
  const clientKey = generateKeyPairSync('rsa', { modulusLength: 2048 })
  const kid = 'gw-key-1'
  const jwk = {
    ...clientKey.publicKey.export({ format: 'jwk' }),
    kid,
    alg: 'RS256',
    use: 'sig'
  }
  const jwt = {
    ...(await addClient('gw-jwt', 'private_key_jwt', '', { jwks: { keys: [jwk] } })),
    key: String(clientKey.privateKey.export({ type: 'pkcs8', format: 'pem' })),
    kid
  }
  const inspector = await addClient('gw-introspector', 'client_secret_basic', plain('gwI'), {
    authorization_type: ['client_credentials'],
    scope: ['introspect']
  })

  const introspect = async (
    token: string
  ): Promise<{ active: boolean } & Record<string, unknown>> => {
    const form = { 'content-type': 'application/x-www-form-urlencoded' }
    const basicAuth = `Basic ${Buffer.from(`${inspector.id}:${inspector.secret}`).toString('base64')}`
    const minted = await fetch(`${issuer}/token`, {
      method: 'POST',
      headers: { ...form, authorization: basicAuth },
      body: new URLSearchParams({ grant_type: 'client_credentials', scope: 'introspect' })
    })
    const { access_token: bearer } = (await minted.json()) as { access_token: string }
    const answer = await fetch(`${issuer}/introspect`, {
      method: 'POST',
      headers: { ...form, authorization: `Bearer ${bearer}` },
      body: new URLSearchParams({ token })
    })
    if (answer.status !== 200) throw new Error(`introspection: HTTP ${answer.status}`)
    return (await answer.json()) as { active: boolean }
  }

  return {
    issuer,
    basic,
    basicEncoded,
    post,
    jwt,
    passwordOnly,
    user,
    disabledUser,
    scope,
    introspect,
    close
  }
}
