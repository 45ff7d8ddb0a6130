// An authorization server on 127.0.0.1 that implements token revocation (RFC 7009): POST
// /oauth/token issues a JWT-shaped access token and a refresh token (client_credentials, form or
// JSON, client authentication in the body or HTTP Basic); POST /oauth/revoke revokes either, for
// the client that got it; GET /api/me accepts only a live access token. `revokeAnswers` replaces
// the first answers of /oauth/revoke, and `unrevocable` refuses a token type, to test failures.
import { randomBytes } from 'node:crypto'
import {
  type IncomingHttpHeaders,
  type OutgoingHttpHeaders,
  type ServerResponse,
  createServer
} from 'node:http'
import type { AddressInfo } from 'node:net'

export interface RevocationServer {
  readonly url: string
  readonly client: { readonly id: string; readonly secret: string }
  /** Each request, with when it arrived (`at`, Date.now()). */
  readonly requests: {
    method: string
    url: string
    headers: IncomingHttpHeaders
    body: string
    at: number
  }[]
  /** Whether this token is still accepted. */
  isLive(token: string): boolean
  close(): Promise<void>
}

export interface RevocationServerOptions {
  /** Lifetime of access tokens, in seconds. */
  readonly expiresIn?: number
  readonly refreshTokens?: boolean
  /** Answers to the first revocation requests instead of revoking: a status (a 4xx empty), or a
   * whole answer (its headers, say a Retry-After, over Content-Type application/json). */
  readonly revokeAnswers?: readonly (number | RevokeAnswer)[]
  /** A token type refused with 400 unsupported_token_type (RFC 7009 §2.2.1), as oidc-provider
   * refuses its JWT access tokens. */
  readonly unrevocable?: 'access_token' | 'refresh_token'
  /** The error of a 400 for a token it does not know (revoked or expired), as servers answered
   * before RFC 7009 §2.2's 200. */
  readonly unknownTokenError?: string
  /** Refresh tokens are JWTs whose `exp` is this many seconds after issue, as Keycloak's are. */
  readonly refreshTokenExpiresIn?: number
}

export interface RevokeAnswer {
  readonly status: number
  readonly headers?: OutgoingHttpHeaders
  readonly body?: string
}

export async function startRevocationServer(
  options: RevocationServerOptions = {}
): Promise<RevocationServer> {
  const client = { id: 'revoking-client', secret: `rs-secret-${randomBytes(12).toString('hex')}` }
  const live = new Map<string, 'access_token' | 'refresh_token'>()
  const requests: RevocationServer['requests'] = []
  const revokeAnswers = [...(options.revokeAnswers ?? [])]
  const expiresIn = options.expiresIn ?? 3600

  const send = (res: ServerResponse, status: number, value?: unknown): void => {
    res.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' })
    res.end(value === undefined ? '' : JSON.stringify(value))
  }
  const part = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url')
  const newAccessToken = (): string => {
    const now = Math.floor(Date.now() / 1000)
    const claims = {
      iss: 'https://issuer.test',
      sub: 'ci-bot',
      aud: ['api', 'billing'],
      scope: 'read write',
      iat: now,
      exp: now + expiresIn,
      jti: randomBytes(8).toString('hex')
    }
    const token = `${part({ alg: 'RS256', typ: 'at+jwt' })}.${part(claims)}.${randomBytes(32).toString('base64url')}`
    live.set(token, 'access_token')
    return token
  }

  const server = createServer((req, res) => {
    let body = ''
    req.setEncoding('utf8')
    req.on('data', chunk => (body += chunk))
    req.on('end', () => {
      requests.push({
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body,
        at: Date.now()
      })
      const path = new URL(req.url ?? '/', 'http://localhost').pathname
      if (path === '/api/me' && req.method === 'GET') {
        const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? ''
        if (live.get(token) === 'access_token') send(res, 200, { sub: 'ci-bot' })
        else send(res, 401, { error: 'invalid_token' })
        return
      }
      if (req.method !== 'POST' || (path !== '/oauth/token' && path !== '/oauth/revoke')) {
        send(res, 404, { error: 'not_found' })
        return
      }
      const fields: Record<string, string> = (req.headers['content-type'] ?? '').includes('json')
        ? JSON.parse(body || '{}')
        : Object.fromEntries(new URLSearchParams(body))
      const basic = /^Basic (.+)$/.exec(req.headers.authorization ?? '')?.[1]
      if (basic) {
        const [id = '', secret = ''] = Buffer.from(basic, 'base64')
          .toString('utf8')
          .split(':')
          .map(value => decodeURIComponent(value.replace(/\+/g, ' ')))
        fields.client_id = id
        fields.client_secret = secret
      }
      if (fields.client_id !== client.id || fields.client_secret !== client.secret) {
        send(res, 401, { error: 'invalid_client' })
        return
      }
      if (path === '/oauth/token') {
        if (fields.grant_type !== 'client_credentials') {
          send(res, 400, { error: 'unsupported_grant_type' })
          return
        }
        const answer: Record<string, unknown> = {
          token_type: 'Bearer',
          expires_in: expiresIn,
          access_token: newAccessToken(),
          scope: 'read write'
        }
        if (options.refreshTokens) {
          const lifetime = options.refreshTokenExpiresIn
          const refresh =
            lifetime === undefined
              ? `rt-${randomBytes(24).toString('hex')}`
              : `${part({ alg: 'HS256', typ: 'JWT' })}.${part({ typ: 'Refresh', exp: Math.floor(Date.now() / 1000) + lifetime, jti: randomBytes(8).toString('hex') })}.${randomBytes(32).toString('base64url')}`
          live.set(refresh, 'refresh_token')
          answer.refresh_token = refresh
        }
        send(res, 200, answer)
        return
      }
      // RFC 7009 §2.1: form-encoded `token` (and an optional hint).
      if (!(req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) {
        send(res, 400, { error: 'invalid_request' })
        return
      }
      const replaced = revokeAnswers.shift()
      if (typeof replaced === 'object') {
        const headers = { 'Content-Type': 'application/json', ...replaced.headers }
        res.writeHead(replaced.status, headers)
        res.end(replaced.body ?? '')
        return
      }
      const status = replaced
      if (status !== undefined) {
        /* A 4xx with an empty body, as a proxy's limit or a framework answers it. */
        const error = status === 503 ? 'temporarily_unavailable' : 'server_error'
        send(res, status, status < 500 ? undefined : { error })
        return
      }
      if (!fields.token) {
        send(res, 400, { error: 'invalid_request' })
        return
      }
      if (options.unrevocable && live.get(fields.token) === options.unrevocable) {
        send(res, 400, { error: 'unsupported_token_type' })
        return
      }
      if (options.unknownTokenError && !live.has(fields.token)) {
        send(res, 400, { error: options.unknownTokenError })
        return
      }
      // §2.2: 200 also for a token that is unknown or already revoked.
      live.delete(fields.token)
      send(res, 200)
    })
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    client,
    requests,
    isLive: token => live.has(token),
    close: () =>
      new Promise<void>(resolve => {
        server.closeAllConnections()
        server.close(() => resolve())
      })
  }
}
