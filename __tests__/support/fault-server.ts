// A loopback token endpoint that misbehaves on purpose: each request is answered by the
// behaviour the plan picks for its number (1-based), so a server can fail the first N attempts
// and then hand out a valid token. Used by the fault suite.
import { randomBytes } from 'node:crypto'
import * as http from 'node:http'
import * as https from 'node:https'
import type { AddressInfo, Socket } from 'node:net'

/** One request as the server saw it. */
export interface Hit {
  readonly n: number
  /** Date.now() when the request's headers arrived. */
  readonly at: number
  readonly method: string
  readonly url: string
}

/** How to answer one request. */
export type Behaviour = (req: http.IncomingMessage, res: http.ServerResponse) => void

export interface FaultServer {
  readonly url: string
  readonly port: number
  /** Requests that reached HTTP (a failed TLS handshake never does). */
  readonly hits: readonly Hit[]
  /** TCP connections accepted, whether or not they became a request. */
  readonly connections: () => number
  close(): Promise<void>
}

export interface TokenResponse {
  readonly access_token: string
  readonly token_type: string
  readonly expires_in: number
  readonly refresh_token: string
}

/** A token response with fresh, recognisable values. */
export function newToken(label: string): TokenResponse {
  return {
    access_token: `at-${label}-${randomBytes(12).toString('hex')}`,
    token_type: 'Bearer',
    expires_in: 3600,
    refresh_token: `rt-${label}-${randomBytes(12).toString('hex')}`
  }
}

const JSON_TYPE = { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' }

/** A complete answer with this status, body and headers. */
export function answer(
  status: number,
  body: unknown,
  headers: Readonly<Record<string, string>> = {}
): Behaviour {
  const text = typeof body === 'string' ? body : JSON.stringify(body)
  return (_req, res) => {
    res.writeHead(status, { ...JSON_TYPE, ...headers })
    res.end(text)
  }
}

/** The valid answer. */
export function token(value: TokenResponse): Behaviour {
  return answer(200, value)
}

/** Reads the request and never answers. */
export function hang(): Behaviour {
  return () => undefined
}

/** Sends the headers, then the body one byte every `everyMs` (until done or disconnected). */
export function trickle(value: TokenResponse, everyMs: number): Behaviour {
  const body = Buffer.from(JSON.stringify(value))
  return (_req, res) => {
    res.writeHead(200, { ...JSON_TYPE, 'Content-Length': String(body.length) })
    res.flushHeaders()
    let sent = 0
    const timer = setInterval(() => {
      if (sent >= body.length || res.destroyed) {
        clearInterval(timer)
        if (!res.destroyed) res.end()
        return
      }
      res.write(body.subarray(sent, sent + 1))
      sent++
    }, everyMs)
    res.on('close', () => clearInterval(timer))
  }
}

/** Starts a valid 200 answer, sends part of the body, then resets the connection. */
export function resetMidResponse(value: TokenResponse): Behaviour {
  const body = Buffer.from(JSON.stringify(value))
  return (_req, res) => {
    res.writeHead(200, { ...JSON_TYPE, 'Content-Length': String(body.length) })
    res.write(body.subarray(0, Math.floor(body.length / 3)))
    setTimeout(() => {
      const socket = res.socket as (Socket & { resetAndDestroy?: () => void }) | null
      if (socket?.resetAndDestroy) socket.resetAndDestroy()
      else socket?.destroy()
    }, 50)
  }
}

/** A complete 200 answer whose JSON is cut off halfway. */
export function truncatedJson(value: TokenResponse): Behaviour {
  const text = JSON.stringify(value)
  return answer(200, text.slice(0, Math.floor(text.length * 0.6)))
}

/** A 200 JSON body of `bytes` bytes: a token response padded far past any sane size. */
export function hugeBody(value: TokenResponse, bytes: number): Behaviour {
  return (_req, res) => {
    res.writeHead(200, JSON_TYPE)
    const head = `{"access_token":"${value.access_token}","token_type":"Bearer","padding":"`
    const chunk = 'x'.repeat(64 * 1024)
    let written = head.length
    res.write(head)
    // Bounded: at most bytes / 64 KiB chunks, and it stops once the client hangs up.
    const pump = (): void => {
      while (written < bytes && !res.destroyed) {
        written += chunk.length
        if (!res.write(chunk)) {
          res.once('drain', pump)
          return
        }
      }
      if (!res.destroyed) res.end('"}')
    }
    pump()
  }
}

/** Answers 101 Switching Protocols, as a WebSocket or HTTP/2 cleartext endpoint would. */
export function switchProtocols(): Behaviour {
  return req => {
    req.socket.write(
      'HTTP/1.1 101 Switching Protocols\r\nUpgrade: h2c\r\nConnection: Upgrade\r\n\r\n'
    )
  }
}

export function redirect(location: string): Behaviour {
  return answer(302, '', { Location: location, 'Content-Type': 'text/plain' })
}

export const PROXY_ERROR_PAGE =
  '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx/1.25.3</center>\r\n</body>\r\n</html>\r\n'

export interface FaultServerOptions {
  /** Serve https with this key and certificate. */
  readonly tls?: { readonly key: string; readonly cert: string }
  /** Listen on this port instead of a free one. */
  readonly port?: number
}

/** Starts a server on 127.0.0.1 that answers request n with `plan(n)`. */
export async function startFaultServer(
  plan: (n: number) => Behaviour,
  options: FaultServerOptions = {}
): Promise<FaultServer> {
  const hits: Hit[] = []
  let connections = 0
  const handler = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    const hit: Hit = {
      n: hits.length + 1,
      at: Date.now(),
      method: req.method ?? '',
      url: req.url ?? ''
    }
    hits.push(hit)
    req.socket.on('error', () => undefined)
    res.on('error', () => undefined)
    req.resume()
    req.on('end', () => plan(hit.n)(req, res))
  }
  const server = options.tls
    ? https.createServer({ key: options.tls.key, cert: options.tls.cert }, handler)
    : http.createServer(handler)
  server.on('connection', (socket: Socket) => {
    connections++
    socket.on('error', () => undefined)
  })
  // Failed handshakes are expected here. Garbage (a TLS hello sent to plain http) gets Node's
  // default answer, `400 Bad Request`, as from any real http server.
  server.on('tlsClientError', () => undefined)
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve())
  })
  const { port } = server.address() as AddressInfo
  return {
    url: `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    port,
    hits,
    connections: () => connections,
    close: () =>
      new Promise<void>(resolve => {
        server.close(() => resolve())
        server.closeAllConnections()
      })
  }
}

/**
 * A port that nothing listens on (it was free a moment ago). It is picked below the ephemeral
 * range (32768 and up on Linux, 49152 and up on macOS and Windows) that every `listen(0)` draws
 * from: a port freed there can be handed straight to the next server the suite starts, rows run
 * in parallel, and a "nothing listens" row would then reach another row's server.
 */
export async function closedPort(): Promise<number> {
  for (let tries = 1; ; tries++) {
    const port = 20_000 + Math.floor(Math.random() * 12_000)
    const server = http.createServer()
    const free = await new Promise<boolean>(resolve => {
      server.once('error', () => resolve(false))
      server.listen(port, '127.0.0.1', () => resolve(true))
    })
    if (free) {
      await new Promise<void>(resolve => server.close(() => resolve()))
      return port
    }
    if (tries === 50) throw new Error('found no free port between 20000 and 32000')
  }
}
