import * as http from 'node:http'
import * as https from 'node:https'
import { isIP } from 'node:net'
import * as tls from 'node:tls'
import { getProxyUrl } from '@actions/http-client/lib/proxy'

/** A token response is a few hundred bytes; more than this is not one. */
export const MAX_BODY_BYTES = 1024 * 1024

export interface HttpRequest {
  readonly url: URL
  readonly headers: Readonly<Record<string, string>>
  readonly body: string
}

export interface HttpResponse {
  readonly status: number
  readonly headers: http.IncomingHttpHeaders
  readonly body: string
}

export interface SendOptions {
  /** Bounds the whole attempt: proxy tunnel, connection, TLS, waiting and reading the body. */
  readonly timeoutMs: number
  /** The complete list of trusted CA certificates; undefined for Node's default store. */
  readonly ca?: readonly string[] | undefined
  readonly maxBodyBytes?: number
  /** The proxy for a URL; by default the runner's HTTPS_PROXY, HTTP_PROXY and NO_PROXY. */
  readonly proxyFor?: (url: URL) => URL | undefined
}

/** No usable HTTP answer: `code` is Node's (ECONNREFUSED, CERT_HAS_EXPIRED, ...) or one of ours. */
export class TransportError extends Error {
  override name = 'TransportError'
  constructor(
    message: string,
    readonly code: string
  ) {
    super(message)
  }
}

export const TIMEOUT = 'ETIMEDOUT'
export const BODY_TOO_LARGE = 'EBODYTOOLARGE'
export const PROXY_REFUSED = 'EPROXYREFUSED'

/**
 * POSTs once, follows no redirect, and reads at most `maxBodyBytes` of the answer, all within
 * `timeoutMs`. Every socket it opened is closed when it settles.
 */
export function send(request: HttpRequest, options: SendOptions): Promise<HttpResponse> {
  const { url } = request
  const maxBodyBytes = options.maxBodyBytes ?? MAX_BODY_BYTES
  const ca = options.ca ? [...options.ca] : undefined
  const proxy = (options.proxyFor ?? getProxyUrl)(url)
  const headers = {
    ...request.headers,
    'Content-Length': String(Buffer.byteLength(request.body, 'utf8'))
  }

  return new Promise<HttpResponse>((resolve, reject) => {
    const openHandles: { destroy(): unknown }[] = []
    let settled = false
    const settle = (error: unknown, response?: HttpResponse): void => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      for (const handle of openHandles) handle.destroy()
      if (response) resolve(response)
      else reject(asTransportError(error))
    }
    const timer = setTimeout(() => {
      const seconds = options.timeoutMs / 1000
      settle(new TransportError(`timed out after ${seconds} s`, TIMEOUT))
    }, options.timeoutMs)

    const onResponse = (response: http.IncomingMessage): void => {
      openHandles.push(response)
      const chunks: Buffer[] = []
      let size = 0
      response.on('data', (chunk: Buffer) => {
        size += chunk.length
        if (size > maxBodyBytes) {
          const limit = `${maxBodyBytes / (1024 * 1024)} MiB`
          settle(
            new TransportError(
              `response body is larger than ${limit}; stopped reading`,
              BODY_TOO_LARGE
            )
          )
        } else chunks.push(chunk)
      })
      response.on('error', error => settle(error))
      response.on('close', () => {
        if (!response.complete) {
          settle(
            new TransportError('connection closed before the response was complete', 'ECONNRESET')
          )
        }
      })
      response.on('end', () =>
        settle(undefined, {
          status: response.statusCode ?? 0,
          headers: response.headers,
          body: Buffer.concat(chunks).toString('utf8')
        })
      )
    }

    const post = (options: https.RequestOptions): void => {
      const client = url.protocol === 'https:' ? https : http
      const req = client.request(url, { method: 'POST', headers, ...options }, onResponse)
      openHandles.push(req)
      req.on('error', error => settle(error))
      req.end(request.body)
    }

    if (!proxy) {
      post({ agent: false, ca })
    } else if (url.protocol === 'http:') {
      // A plain-http request goes to the proxy with the absolute URL as its target.
      const req = http.request(
        {
          host: proxy.hostname,
          port: proxy.port || 80,
          method: 'POST',
          path: url.href,
          agent: false,
          headers: { ...headers, Host: url.host, ...proxyAuthorization(proxy) }
        },
        onResponse
      )
      openHandles.push(req)
      req.on('error', error => settle(proxyError(proxy, error)))
      req.end(request.body)
    } else {
      const authority = `${url.hostname}:${url.port || 443}`
      const tunnel = (proxy.protocol === 'https:' ? https : http).request({
        host: proxy.hostname,
        port: proxy.port || (proxy.protocol === 'https:' ? 443 : 80),
        method: 'CONNECT',
        path: authority,
        agent: false,
        headers: { Host: authority, ...proxyAuthorization(proxy) }
      })
      openHandles.push(tunnel)
      tunnel.on('error', error => settle(proxyError(proxy, error)))
      tunnel.on('connect', (answer: http.IncomingMessage, socket) => {
        openHandles.push(socket)
        if (answer.statusCode !== 200) {
          settle(
            new TransportError(
              `proxy ${proxy.host} refused the tunnel to ${authority} with HTTP ${answer.statusCode}; check HTTPS_PROXY and NO_PROXY`,
              PROXY_REFUSED
            )
          )
          return
        }
        const servername = isIP(url.hostname.replace(/^\[|\]$/g, '')) ? undefined : url.hostname
        const secure = tls.connect({ socket, host: url.hostname, servername, ca })
        openHandles.push(secure)
        post({ createConnection: () => secure })
      })
      tunnel.end()
    }
  })
}

function proxyAuthorization(proxy: URL): Record<string, string> {
  if (!proxy.username && !proxy.password) return {}
  // getProxyUrl's URL has decoded credentials.
  const credentials = Buffer.from(`${proxy.username}:${proxy.password}`).toString('base64')
  return { 'Proxy-Authorization': `Basic ${credentials}` }
}

function proxyError(proxy: URL, error: unknown): TransportError {
  const cause = asTransportError(error)
  return new TransportError(
    `could not use proxy ${proxy.host} (${cause.code}: ${cause.message}); check HTTPS_PROXY, HTTP_PROXY and NO_PROXY`,
    cause.code
  )
}

function asTransportError(error: unknown): TransportError {
  if (error instanceof TransportError) return error
  if (error instanceof Error) {
    const code = 'code' in error && typeof error.code === 'string' ? error.code : 'ERROR'
    return new TransportError(error.message, code)
  }
  return new TransportError(String(error), 'ERROR')
}
