// A real OAuth 2.0 authorization server for integration tests: @node-oauth/oauth2-server behind
// a plain node:http server on 127.0.0.1 (port 0), with an in-memory model for the password,
// client_credentials and refresh_token grants. It records every request it receives and every
// client the model was asked to authenticate, so tests can check what went over the wire.
import { randomBytes } from 'node:crypto'
import { type IncomingHttpHeaders, createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import OAuth2Server from '@node-oauth/oauth2-server'

export const TOKEN_PATH = '/oauth/token'
export const RESOURCE_PATH = '/api/me'
/** The server's access token lifetime, in seconds. */
export const ACCESS_TOKEN_LIFETIME = 3600

export interface TestClient {
  readonly id: string
  readonly secret: string
  readonly grants: string[]
  /** The scopes this client may be granted. */
  readonly scopes: readonly string[]
}

export interface TestUser {
  readonly id: string
  readonly username: string
  readonly password: string
}

/** A token as the model stored it (what `saveToken` returned to the server). */
export interface StoredToken {
  readonly accessToken: string
  readonly accessTokenExpiresAt?: Date
  readonly refreshToken?: string
  readonly refreshTokenExpiresAt?: Date
  readonly scope?: string[]
  readonly client: TestClient
  readonly user: TestUser | { readonly id: string; readonly clientOnly: true }
}

/** One HTTP request the server received, and what it answered. */
export interface ReceivedRequest {
  readonly method: string
  readonly path: string
  readonly headers: IncomingHttpHeaders
  readonly rawBody: string
  /** The form body as the server parsed it into `req.body`. */
  readonly body: Record<string, string>
  readonly status: number
  readonly responseHeaders: Record<string, string>
  readonly response: Record<string, unknown>
}

export interface TestOAuth2Server {
  /** http://127.0.0.1:PORT */
  readonly url: string
  readonly client: TestClient
  readonly user: TestUser
  /** Every request received, in order. */
  readonly requests: ReceivedRequest[]
  /** Every (client id, client secret) pair the server asked the model to authenticate. */
  readonly clientLookups: { clientId: string; clientSecret: string | undefined }[]
  /** Every token saved, in order, including ones since revoked. */
  readonly issued: StoredToken[]
  /** Live tokens by access token and by refresh token (a used refresh token is revoked). */
  readonly accessTokens: Map<string, StoredToken>
  readonly refreshTokens: Map<string, StoredToken>
  close(): Promise<void>
}

export interface ServerOptions {
  readonly clientSecret?: string
  readonly password?: string
}

/** A secret that looks nothing like anything else in the log: random, URL- and Basic-safe. */
export function randomSecret(prefix: string): string {
  return `${prefix}-${randomBytes(18).toString('base64url')}`
}

export async function startOAuth2Server(options: ServerOptions = {}): Promise<TestOAuth2Server> {
  const client: TestClient = {
    id: 'ci-client',
    secret: options.clientSecret ?? randomSecret('cs'),
    grants: ['password', 'client_credentials', 'refresh_token'],
    scopes: ['read', 'write']
  }
  const user: TestUser = {
    id: 'user-1',
    username: 'octocat@example.com',
    // Spaces and form-encoding's special characters, to prove the body is encoded right.
    password: options.password ?? `p@ss w0rd&=+%${randomBytes(9).toString('base64url')}`
  }
  const requests: ReceivedRequest[] = []
  const clientLookups: TestOAuth2Server['clientLookups'] = []
  const issued: StoredToken[] = []
  const accessTokens = new Map<string, StoredToken>()
  const refreshTokens = new Map<string, StoredToken>()

  const model = {
    async getClient(clientId: string, clientSecret: string | undefined) {
      clientLookups.push({ clientId, clientSecret })
      if (clientId !== client.id) return false
      // The token endpoint always authenticates this confidential client.
      if (clientSecret !== client.secret) return false
      return client
    },
    async getUser(username: string, password: string) {
      return username === user.username && password === user.password ? user : false
    },
    async getUserFromClient(c: TestClient) {
      return { id: `client:${c.id}`, clientOnly: true as const }
    },
    async validateScope(_user: unknown, c: TestClient, scope?: string[]) {
      if (!scope || scope.length === 0) return []
      return scope.every(s => c.scopes.includes(s)) ? scope : false
    },
    async saveToken(
      token: Omit<StoredToken, 'client' | 'user'>,
      c: TestClient,
      u: StoredToken['user']
    ) {
      const stored: StoredToken = {
        ...token,
        // No scope granted: the answer has no scope field rather than an empty one.
        scope: token.scope && token.scope.length > 0 ? token.scope : undefined,
        client: c,
        user: u
      }
      issued.push(stored)
      accessTokens.set(stored.accessToken, stored)
      if (stored.refreshToken) refreshTokens.set(stored.refreshToken, stored)
      return stored
    },
    async getAccessToken(accessToken: string) {
      return accessTokens.get(accessToken) ?? false
    },
    async getRefreshToken(refreshToken: string) {
      return refreshTokens.get(refreshToken) ?? false
    },
    async revokeToken(token: StoredToken) {
      return token.refreshToken ? refreshTokens.delete(token.refreshToken) : false
    }
  }

  const oauth = new OAuth2Server({
    model: model as unknown as OAuth2Server.ServerOptions['model'],
    accessTokenLifetime: ACCESS_TOKEN_LIFETIME,
    refreshTokenLifetime: 14 * 24 * 3600
  })

  const handle = async (
    method: string,
    url: URL,
    headers: IncomingHttpHeaders,
    rawBody: string
  ): Promise<Omit<ReceivedRequest, 'method' | 'path' | 'headers' | 'rawBody' | 'body'>> => {
    const request = new OAuth2Server.Request({
      method,
      headers: headers as Record<string, string>,
      query: Object.fromEntries(url.searchParams),
      body: parseForm(headers, rawBody)
    })
    const response = new OAuth2Server.Response({ headers: {} })
    try {
      if (url.pathname === TOKEN_PATH) await oauth.token(request, response)
      else if (url.pathname === RESOURCE_PATH) {
        const token = await oauth.authenticate(request, response)
        response.body = { user: (token.user as { id: string }).id }
      } else {
        return answer(404, {}, { error: 'not_found', error_description: url.pathname })
      }
    } catch (error) {
      // The handler fills the response for most errors, not for those it throws before
      // (method, content type); answer all of them the same way, as RFC 6749 §5.2 says.
      const oauthError = error instanceof OAuth2Server.OAuthError ? error : undefined
      const status = oauthError?.code ?? 500
      const body = { error: oauthError?.name ?? 'server_error', error_description: message(error) }
      return answer(status, response.headers ?? {}, body)
    }
    return answer(response.status ?? 200, response.headers ?? {}, response.body ?? {})
  }

  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      const rawBody = Buffer.concat(chunks).toString('utf8')
      const url = new URL(req.url ?? '/', 'http://127.0.0.1')
      const method = req.method ?? ''
      void handle(method, url, req.headers, rawBody).then(result => {
        requests.push({
          method,
          path: url.pathname,
          headers: req.headers,
          rawBody,
          body: parseForm(req.headers, rawBody),
          ...result
        })
        res.writeHead(result.status, result.responseHeaders)
        res.end(JSON.stringify(result.response))
      })
    })
  })
  await new Promise<void>(done => server.listen(0, '127.0.0.1', done))
  const { port } = server.address() as AddressInfo

  return {
    url: `http://127.0.0.1:${port}`,
    client,
    user,
    requests,
    clientLookups,
    issued,
    accessTokens,
    refreshTokens,
    close: () =>
      new Promise<void>((done, fail) => {
        server.closeAllConnections()
        server.close(error => (error ? fail(error) : done()))
      })
  }
}

function answer(
  status: number,
  headers: Record<string, string>,
  response: Record<string, unknown>
): Pick<ReceivedRequest, 'status' | 'responseHeaders' | 'response'> {
  return {
    status,
    responseHeaders: { ...headers, 'content-type': 'application/json; charset=utf-8' },
    response
  }
}

/** `req.body` as a body parser would fill it: the form fields, or nothing for another type. */
function parseForm(headers: IncomingHttpHeaders, rawBody: string): Record<string, string> {
  const type = (headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase()
  return type === 'application/x-www-form-urlencoded'
    ? Object.fromEntries(new URLSearchParams(rawBody))
    : {}
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
