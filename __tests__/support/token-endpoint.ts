// A minimal token endpoint on 127.0.0.1 (port 0), over plain http or over https with a given
// certificate: POST /oauth/token answers 200 with a fresh Bearer token. It records every request
// and counts TCP connections, so a test can tell how many attempts reached it.
import { randomBytes } from 'node:crypto'
import * as http from 'node:http'
import * as https from 'node:https'
import type { AddressInfo } from 'node:net'

export const TOKEN_PATH = '/oauth/token'

export interface SeenRequest {
  readonly method: string
  readonly url: string
  readonly headers: http.IncomingHttpHeaders
  readonly body: string
}

export interface TokenEndpoint {
  readonly port: number
  /** The endpoint's base URL under this host name (it resolves to 127.0.0.1 in the test). */
  base(host?: string): string
  readonly requests: SeenRequest[]
  /** Access tokens handed out, in order. */
  readonly tokens: string[]
  /** TCP connections accepted, whether or not a request came of them. */
  connections(): number
  close(): Promise<void>
}

export async function startTokenEndpoint(
  certificate?: {
    readonly key: string
    readonly cert: string
  },
  /** Where it listens: '::1' for an endpoint named by an IPv6 literal. */
  address = '127.0.0.1'
): Promise<TokenEndpoint> {
  const requests: SeenRequest[] = []
  const tokens: string[] = []
  let connections = 0
  const handler: http.RequestListener = (req, res) => {
    let body = ''
    req.setEncoding('utf8')
    req.on('data', chunk => (body += chunk))
    req.on('end', () => {
      requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body })
      res.setHeader('Content-Type', 'application/json')
      if (req.method !== 'POST' || !(req.url ?? '').endsWith(TOKEN_PATH)) {
        res.writeHead(404).end(JSON.stringify({ error: 'not_found' }))
        return
      }
      const token = `at-${randomBytes(16).toString('hex')}`
      tokens.push(token)
      res
        .writeHead(200, { 'Cache-Control': 'no-store' })
        .end(JSON.stringify({ access_token: token, token_type: 'Bearer', expires_in: 3600 }))
    })
  }
  const server: http.Server = certificate
    ? https.createServer({ key: certificate.key, cert: certificate.cert }, handler)
    : http.createServer(handler)
  server.on('connection', () => connections++)
  // A failed handshake is what some tests want; it needs no log.
  server.on('tlsClientError', () => undefined)
  await new Promise<void>(resolve => server.listen(0, address, resolve))
  const { port } = server.address() as AddressInfo
  const scheme = certificate ? 'https' : 'http'
  return {
    port,
    base: (host = '127.0.0.1') => `${scheme}://${host}:${port}`,
    requests,
    tokens,
    connections: () => connections,
    close: () =>
      new Promise<void>(resolve => {
        server.closeAllConnections()
        server.close(() => resolve())
      })
  }
}
