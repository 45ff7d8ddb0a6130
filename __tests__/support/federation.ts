// Loopback stand-ins for keyless authentication: GitHub's OIDC ID token endpoint (as the runner
// reaches it through ACTIONS_ID_TOKEN_REQUEST_URL and ACTIONS_ID_TOKEN_REQUEST_TOKEN), and an
// authorization server that trusts that endpoint's signing key, as a federating server (Entra ID,
// Keycloak, Okta) trusts GitHub's. The server verifies every JWT it gets: signature, aud, exp.
import {
  type KeyObject,
  createPublicKey,
  generateKeyPairSync,
  randomBytes,
  randomUUID,
  sign,
  verify
} from 'node:crypto'
import { type IncomingHttpHeaders, type RequestListener, createServer } from 'node:http'
import type { AddressInfo } from 'node:net'

export const GITHUB_ISSUER = 'https://token.actions.githubusercontent.com'
export const SUBJECT = 'repo:octo-org/octo-repo:ref:refs/heads/main'
export const CLIENT_ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer'
export const TOKEN_EXCHANGE = 'urn:ietf:params:oauth:grant-type:token-exchange'
export const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer'
export const ACCESS_TOKEN_TYPE = 'urn:ietf:params:oauth:token-type:access_token'

export interface Received {
  readonly method: string
  readonly url: string
  readonly headers: IncomingHttpHeaders
  readonly body: string
}

interface Listening {
  readonly url: string
  close(): Promise<void>
}

async function listen(handler: RequestListener): Promise<Listening> {
  const server = createServer(handler)
  await new Promise<void>(done => server.listen(0, '127.0.0.1', done))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>(done => {
        server.closeAllConnections()
        server.close(() => done())
      })
  }
}

function readBody(req: Parameters<RequestListener>[0]): Promise<string> {
  return new Promise(resolve => {
    let body = ''
    req.setEncoding('utf8')
    req.on('data', chunk => (body += chunk))
    req.on('end', () => resolve(body))
  })
}

function json(res: Parameters<RequestListener>[1], status: number, value: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' })
  res.end(JSON.stringify(value))
}

const part = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url')

/** An RS256 JWT signed with `key`. */
export function signJwt(claims: Record<string, unknown>, key: KeyObject, kid = 'github-1'): string {
  const input = `${part({ alg: 'RS256', typ: 'JWT', kid })}.${part(claims)}`
  return `${input}.${sign('sha256', Buffer.from(input), key).toString('base64url')}`
}

export interface VerifiedJwt {
  readonly header: Record<string, unknown>
  readonly claims: Record<string, unknown>
}

/**
 * Verifies a compact JWT's RS256 or ES256 signature with `key`, then its aud and exp; throws
 * a one-line reason otherwise.
 */
export function verifyJwt(
  token: string,
  key: KeyObject,
  audience: string,
  now = Date.now()
): VerifiedJwt {
  const [h, c, s] = token.split('.')
  if (!h || !c || !s || token.split('.').length !== 3) throw new Error('not a compact JWT')
  const header = JSON.parse(Buffer.from(h, 'base64url').toString('utf8')) as Record<string, unknown>
  const claims = JSON.parse(Buffer.from(c, 'base64url').toString('utf8')) as Record<string, unknown>
  const data = Buffer.from(`${h}.${c}`)
  const signature = Buffer.from(s, 'base64url')
  const ok =
    header.alg === 'RS256'
      ? key.asymmetricKeyType === 'rsa' && verify('sha256', data, key, signature)
      : header.alg === 'ES256'
        ? key.asymmetricKeyType === 'ec' &&
          verify('sha256', data, { key, dsaEncoding: 'ieee-p1363' }, signature)
        : false
  if (!ok) throw new Error(`bad signature (alg ${String(header.alg)})`)
  if (claims.aud !== audience) throw new Error(`aud ${String(claims.aud)} is not ${audience}`)
  if (typeof claims.exp !== 'number' || claims.exp * 1000 <= now) throw new Error('expired')
  return { header, claims }
}

// ---------------------------------------------------------------------------------------------

export interface GithubOidc {
  /** As the runner sets ACTIONS_ID_TOKEN_REQUEST_URL: already with a query. */
  readonly requestUrl: string
  /** ACTIONS_ID_TOKEN_REQUEST_TOKEN. */
  readonly requestToken: string
  readonly publicKey: KeyObject
  /** The ID tokens handed out, in order. */
  readonly issued: string[]
  readonly requests: Received[]
  /** The env a runner gives a job with `id-token: write`. */
  env(): Record<string, string>
  close(): Promise<void>
}

/**
 * GitHub's ID token endpoint: GET with `Authorization: Bearer <request token>` and `audience`
 * in the query answers `{"value": "<jwt>"}`; anything else 401.
 */
export async function startGithubOidc(): Promise<GithubOidc> {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
  const requestToken = `ghrt-${randomBytes(24).toString('base64url')}`
  const issued: string[] = []
  const requests: Received[] = []
  const server = await listen(async (req, res) => {
    const body = await readBody(req)
    requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body })
    const url = new URL(req.url ?? '/', 'http://localhost')
    if (req.method !== 'GET' || url.pathname !== '/id-token') return json(res, 404, {})
    if (req.headers.authorization !== `Bearer ${requestToken}`) {
      return json(res, 401, { message: 'Bad credentials' })
    }
    const now = Math.floor(Date.now() / 1000)
    const token = signJwt(
      {
        jti: randomUUID(),
        sub: SUBJECT,
        aud: url.searchParams.get('audience') ?? 'https://github.com/octo-org',
        iss: GITHUB_ISSUER,
        iat: now,
        nbf: now - 5,
        exp: now + 300,
        repository: 'octo-org/octo-repo'
      },
      privateKey
    )
    issued.push(token)
    json(res, 200, { count: 1, value: token })
  })
  const requestUrl = `${server.url}/id-token?api-version=2.0`
  return {
    requestUrl,
    requestToken,
    publicKey,
    issued,
    requests,
    env: () => ({
      ACTIONS_ID_TOKEN_REQUEST_URL: requestUrl,
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: requestToken
    }),
    close: server.close
  }
}

// ---------------------------------------------------------------------------------------------

export interface FederatingServer {
  /** http://127.0.0.1:PORT, also its issuer. */
  readonly url: string
  readonly tokenEndpoint: string
  readonly requests: Received[]
  /** Access tokens handed out, in order. */
  readonly issued: string[]
  /** Why each refused request was refused. */
  readonly refusals: string[]
  /** Clients of private_key_jwt: their public keys. */
  readonly clientKeys: Map<string, KeyObject>
  /**
   * How many of the next token requests to answer with a 503 once their client assertion is
   * verified, as a server that fails after authenticating the client: the assertion is used.
   */
  unavailable: number
  close(): Promise<void>
}

export interface FederationOptions {
  /** The key GitHub signs ID tokens with. */
  readonly githubKey: KeyObject
  /** The aud the server expects of GitHub's ID tokens (a federated credential's audience). */
  readonly githubAudience?: string
}

/**
 * A token endpoint at /oauth2/token that authenticates clients by a client_assertion (GitHub's ID
 * token, or the client's own signed JWT) and grants client_credentials, token exchange (RFC 8693)
 * and jwt-bearer (RFC 7523 §2.1). It serves RFC 8414 metadata too.
 */
export async function startFederatingServer(options: FederationOptions): Promise<FederatingServer> {
  const requests: Received[] = []
  const issued: string[] = []
  const refusals: string[] = []
  const clientKeys = new Map<string, KeyObject>()
  // The jti of every client assertion accepted: one seen again is refused, as Keycloak does.
  const usedJti = new Set<string>()
  let base = ''
  const githubAudience = (): string => options.githubAudience ?? base

  const checkGithubToken = (token: string | null, what: string): void => {
    if (!token) throw new Error(`no ${what}`)
    const { claims } = verifyJwt(token, options.githubKey, githubAudience())
    if (claims.iss !== GITHUB_ISSUER || claims.sub !== SUBJECT) {
      throw new Error(`${what}: untrusted iss or sub`)
    }
  }

  const server = await listen(async (req, res) => {
    const body = await readBody(req)
    requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body })
    if (req.method === 'GET' && req.url === '/.well-known/oauth-authorization-server') {
      return json(res, 200, {
        issuer: base,
        token_endpoint: `${base}/oauth2/token`,
        revocation_endpoint: `${base}/oauth2/revoke`,
        grant_types_supported: ['client_credentials', TOKEN_EXCHANGE, JWT_BEARER],
        token_endpoint_auth_methods_supported: ['private_key_jwt']
      })
    }
    if (req.method !== 'POST' || req.url !== '/oauth2/token') return json(res, 404, {})
    const form = new URLSearchParams(body)
    const refuse = (error: string, reason: string): void => {
      refusals.push(reason)
      json(res, error === 'invalid_client' ? 401 : 400, {
        error,
        error_description: reason
      })
    }
    // Client authentication: an assertion, never a secret.
    const assertion = form.get('client_assertion')
    let clientId = form.get('client_id') ?? ''
    if (assertion) {
      if (form.get('client_assertion_type') !== CLIENT_ASSERTION_TYPE) {
        return refuse('invalid_client', 'wrong client_assertion_type')
      }
      try {
        const own = clientKeys.get(clientId)
        if (own) {
          const { claims } = verifyJwt(assertion, own, `${base}/oauth2/token`)
          if (claims.iss !== clientId || claims.sub !== clientId || !claims.jti || !claims.iat) {
            throw new Error('iss, sub, jti or iat wrong')
          }
        } else {
          checkGithubToken(assertion, 'client_assertion')
          clientId = SUBJECT
        }
        const { claims } = verifyJwt(
          assertion,
          own ?? options.githubKey,
          own ? `${base}/oauth2/token` : githubAudience()
        )
        if (usedJti.has(String(claims.jti))) throw new Error('Token reuse detected')
        usedJti.add(String(claims.jti))
      } catch (error) {
        return refuse('invalid_client', `client_assertion: ${(error as Error).message}`)
      }
      if (state.unavailable > 0) {
        state.unavailable--
        return json(res, 503, { error: 'temporarily_unavailable' })
      }
    } else if (form.get('client_secret')) {
      return refuse('invalid_client', 'client secrets are not accepted here')
    }

    const grant = form.get('grant_type')
    const answer: Record<string, unknown> = {}
    try {
      if (grant === 'client_credentials') {
        if (!assertion) throw new Error('client_credentials needs client authentication')
      } else if (grant === TOKEN_EXCHANGE) {
        if (form.get('subject_token_type') !== 'urn:ietf:params:oauth:token-type:jwt') {
          throw new Error(`subject_token_type ${form.get('subject_token_type')}`)
        }
        checkGithubToken(form.get('subject_token'), 'subject_token')
        answer.issued_token_type = form.get('requested_token_type') ?? ACCESS_TOKEN_TYPE
      } else if (grant === JWT_BEARER) {
        checkGithubToken(form.get('assertion'), 'assertion')
      } else {
        return refuse('unsupported_grant_type', `grant_type ${grant}`)
      }
    } catch (error) {
      return refuse('invalid_grant', (error as Error).message)
    }
    const token = `fed-${randomBytes(20).toString('base64url')}`
    issued.push(token)
    json(res, 200, {
      access_token: token,
      token_type: 'Bearer',
      expires_in: 3600,
      scope: form.get('scope') ?? undefined,
      ...answer,
      client: clientId
    })
  })
  base = server.url
  const state: FederatingServer = {
    url: base,
    tokenEndpoint: `${base}/oauth2/token`,
    requests,
    issued,
    refusals,
    clientKeys,
    unavailable: 0,
    close: server.close
  }
  return state
}

/** A public key from a PEM private key, for registering a private_key_jwt client. */
export function publicKeyOf(privatePem: string): KeyObject {
  return createPublicKey(privatePem)
}
