import * as http from 'node:http'
import type * as https from 'node:https'
import type * as tls from 'node:tls'
import { type LegacyText, legacyText, multiByteText } from './charset.js'
import { errorMessage, isObject, oneLine } from './errors.js'
import { proxyValue, proxyVariable } from './proxy-variable.js'

/* node:https and node:tls load only for a request that speaks TLS, with
   getBuiltinModule: a require(), never a static ESM import. */
export const httpsModule = (): typeof https => process.getBuiltinModule('node:https')
const tlsModule = (): typeof tls => process.getBuiltinModule('node:tls')

/** A token response is a few hundred bytes; more than this is not one. */
export const MAX_BODY_BYTES = 1024 * 1024

/** A size limit as a message says it: 1 MiB, 64 KiB. */
export function byteSize(bytes: number): string {
  return bytes % (1024 * 1024) ? `${bytes / 1024} KiB` : `${bytes / (1024 * 1024)} MiB`
}

export interface HttpRequest {
  /** POST unless set: GET reads a discovery document. */
  readonly method?: 'GET' | 'POST'
  readonly url: URL
  readonly headers: Readonly<Record<string, string>>
  readonly body: string
}

export interface HttpResponse {
  readonly status: number
  readonly headers: http.IncomingHttpHeaders
  readonly body: string
  /**
   * Sent to a proxy as a plain-http request, which the proxy itself may answer: whether the
   * request carried the proxy's credentials (failures.ts words a 407 by it). Undefined for a
   * direct request, and through a tunnel, where the answer is the server's.
   */
  readonly proxyCredentials?: boolean
  /** Such a request's 407, from a proxy that takes no Basic sign-in: what to do (proxy.ts). */
  readonly proxySignIn?: string
  /**
   * The charset an error page was read in where it is not UTF-8 and single-byte, or the
   * multi-byte charset it names (legacyReading); else undefined.
   */
  readonly charset?: string
  /** An error page in a multi-byte charset, read in it: searched for secrets, not shown. */
  readonly searched?: string | undefined
  /** A failure's page cut short (its body ends in an ellipsis): its last field is cut too. */
  readonly cut?: boolean
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
    readonly code: string,
    /** The proxy (host:port) that failed, when the failure is the proxy's; its message says so. */
    readonly proxy?: string,
    /** The status of an answer cut off before its end. */
    readonly status?: number,
    /**
     * An answer that came but could not be used: a proxy's to CONNECT worth another attempt (its
     * Retry-After, retry.ts), or a 2xx whose body could not be read (a revocation needs none).
     */
    readonly answer?: Pick<HttpResponse, 'status' | 'headers'>
  ) {
    super(message)
  }
  /** Whether the attempt went through a proxy, which may be what answered (failures.ts); a flag,
   * not the proxy, whose URL may hold its password. */
  declare readonly via?: boolean
}

export const TIMEOUT = 'ETIMEDOUT'
export const BODY_TOO_LARGE = 'EBODYTOOLARGE'
/** A 2xx answer whose body does not undo its Content-Encoding (content-encoding.ts). */
export const UNREADABLE_ENCODING = 'EENCODING'
/** A 2xx whose JSON is cut off or invalid, after its retries (token.ts). */
export const TRUNCATED = 'ETRUNCATED'
/** A refresh_token grant's 2xx cut off mid-body: the refresh token is likely spent. */
export const REFRESH_CUT = 'EREFRESHCUT'
/** An HTTP 101: the server switched to another protocol rather than answer; no token endpoint. */
export const SWITCHED_PROTOCOLS = 'ESWITCHEDPROTOCOLS'
/** The answer to an HTTP/1.1 request, with the code of any that is not HTTP (failures.ts). */
export const H2_ONLY = 'the answer is an HTTP/2 frame'
/** The proxy refused the tunnel (HTTP 4xx to CONNECT) or is not a proxy URL: retrying won't help. */
export const PROXY_REFUSED = 'EPROXYREFUSED'
/** The proxy could not reach the server, or was busy (408, 429, 5xx to CONNECT): retried. */
export const PROXY_UPSTREAM = 'EPROXYUPSTREAM'

/**
 * POSTs (or GETs) once, follows no redirect, and reads at most `maxBodyBytes` of the answer, all
 * within `timeoutMs`. Every socket it opened is closed: at once when the attempt fails, and by
 * Node as a complete answer ends, since each request has a connection of its own (`agent: false`,
 * or the proxy tunnel's), for which Node sends `Connection: close`.
 */
export function send(request: HttpRequest, options: SendOptions): Promise<HttpResponse> {
  const { url } = request
  if (!options.proxyFor && !proxyValue(url, process.env)) return attempt(request, options)
  return import('./proxy.js').then(proxying => {
    let proxy: URL | undefined
    try {
      /* runnerProxy refuses a proxy value it cannot use; an injected proxyFor is trusted. */
      proxy = (options.proxyFor ?? proxying.runnerProxy)(url)
    } catch (error) {
      throw new TransportError(errorMessage(error), PROXY_REFUSED, proxyVariable(url))
    }
    return attempt(request, options, proxy && { proxy, proxying })
  })
}

/** The proxy a request goes through, with the code that reaches it. */
interface Via {
  readonly proxy: URL
  readonly proxying: typeof import('./proxy.js')
}

/** send, once the proxy is known: `via` undefined for a direct connection. */
function attempt(request: HttpRequest, options: SendOptions, via?: Via): Promise<HttpResponse> {
  const { url } = request
  const maxBodyBytes = options.maxBodyBytes ?? MAX_BODY_BYTES
  const ca = options.ca ? [...options.ca] : undefined
  /* A plain-http request goes to the proxy itself, which may answer it; an https one tunnels. */
  const forwarder = url.protocol === 'http:' ? via?.proxy : undefined
  const method = request.method ?? 'POST'
  /* Bytes, not a string: Node writes headers with a string body in its encoding, UTF-8, and so
   * would send a Latin-1 header value (which headers may hold) as other bytes. */
  const body = Buffer.from(request.body, 'utf8')
  const headers =
    method === 'GET'
      ? { ...request.headers }
      : { ...request.headers, 'Content-Length': String(body.length) }

  return new Promise<HttpResponse>((resolve, reject) => {
    const openHandles: { destroy(): unknown }[] = []
    let settled = false
    const settle = (error: unknown, response?: HttpResponse): void => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      if (response) {
        /* Node closes a complete answer's connection itself; destroying it here would build
           process.stderr's stream (node:net), at a cost. */
        resolve(response)
      } else {
        for (const handle of openHandles) handle.destroy()
        reject(Object.assign(asTransportError(error), { via: !!via }))
      }
    }
    /* The status of the answer being read, should the attempt end before it does. */
    let answered: number | undefined
    /* The answer's first bytes: read only if it ends before its headers do (statusLine). */
    let head: Buffer | undefined
    const began = (): number | undefined => answered ?? statusLine(head)
    /* Ends the answer being read: a reset makes the request's error come before the answer's. */
    let cutAnswer: ((error: unknown) => void) | undefined
    const timer = setTimeout(() => {
      const text = `timed out after ${options.timeoutMs / 1000} s`
      const status = began()
      /* An error answer whose body does not end in time is cut there, and told by its status
         and headers (cut); then its connection is closed, which would keep the process alive.
         One whose end is in but not yet read is not cut (cut): it times out, as before. */
      if (cutAnswer && status && (status < 200 || status > 299)) cutAnswer(undefined)
      if (settled) for (const handle of openHandles) handle.destroy()
      else settle(new TransportError(text, TIMEOUT, via?.proxy.host, status))
    }, options.timeoutMs)

    const onResponse = (response: http.IncomingMessage): void => {
      openHandles.push(response)
      const status = response.statusCode ?? 0
      answered = status
      const success = status >= 200 && status < 300
      const chunks: Buffer[] = []
      /* A 2xx whose body cannot be read: the status still says the server did what was asked. */
      const unreadable = (text: string, code: string): TransportError =>
        new TransportError(text, code, undefined, undefined, { status, headers: response.headers })
      let size = 0
      /* A failure is told by its status (a 5xx retried) however large its page: 1 MiB will do. */
      let truncated = false
      /* Its body cut off by a reset: shown ending in an ellipsis. */
      let ellipsis = false
      const finish = (): void => {
        const answer = (body: Buffer, cutOff = false): void => {
          const legacy = success ? undefined : legacyReading(body, response)
          settle(undefined, {
            status,
            headers: response.headers,
            body: (legacy?.text ?? body.toString('utf8')) + (cutOff ? '…' : ''),
            ...(cutOff && { cut: true }),
            /* Cut, as the body is: a secret's start before the ellipsis is one too (redact). */
            ...(legacy && {
              charset: legacy.charset,
              searched: legacy.searched && legacy.searched + (cutOff ? '…' : '')
            }),
            ...(forwarder && via?.proxying.forwarded(forwarder, url, response))
          })
        }
        /* Most answers are one chunk: not copied. */
        const body = (chunks.length === 1 && chunks[0]) || Buffer.concat(chunks)
        const encoding = response.headers['content-encoding']
        /* A page cut at 1 MiB (as sent, or once decoded) is told by its start, which a message
           reads only so far (8 KiB: response.ts), only if its cut end lies far past (64 KiB): a
           crafted compressed one may decode to a few words, ending inside a secret it echoes.
           Then, and for one broken on the way, as for one a reset cuts (cut, below): by its
           status. Its end is marked, and a form's cut last field left out (parseFields). */
        const told = (page: Buffer): Buffer =>
          page.length < maxBodyBytes / 16 ? Buffer.alloc(0) : page
        if (!encoding || !body.length) {
          answer(truncated && !ellipsis ? told(body) : body, ellipsis || truncated)
          return
        }
        /* Only a token must be read whole. */
        import('./content-encoding.js')
          .then(async ({ decodeBody, decodePage }) => {
            if (success) return answer(decodeBody(body, encoding, maxBodyBytes))
            const [page, cutOff, broken] = await decodePage(body, encoding, maxBodyBytes)
            /* A proxy's own page a reset cuts after its end (tinyproxy's) is shown, as above. */
            const shown = (truncated && !ellipsis) || cutOff ? told(page) : page
            answer(broken && !truncated ? Buffer.alloc(0) : shown, cutOff || truncated)
          })
          .catch((error: unknown) => {
            const { message, code } = asTransportError(error)
            settle(unreadable(message, code))
          })
      }
      response.on('data', (chunk: Buffer) => {
        size += chunk.length
        if (size <= maxBodyBytes) chunks.push(chunk)
        else if (success) {
          settle(
            unreadable(
              `response body is larger than ${byteSize(maxBodyBytes)}; stopped reading`,
              BODY_TOO_LARGE
            )
          )
        } else if (!truncated) {
          truncated = true
          response.destroy()
        }
      })
      /* A reset (Node says "aborted") or broken framing (HPE_*): the status tells whether the
       * server acted on the request. */
      const cut = (error: unknown): void => {
        /* A complete answer is read to its end (finish), whatever the connection does after it:
         * bytes past its end, or a reset while a compressed body is decoded. */
        if (response.complete) return
        /* A failure is told by its status and headers (Retry-After, Location), however it ends.
         * Of a body the reset cut, only that it was cut is shown (an ellipsis): the part that came
         * may end inside a secret it echoes, or inside an escape or base64 of one, where redact
         * cannot tell a secret's start from other text. But a proxy's own page (no Via) is kept,
         * its end marked: tinyproxy resets the connection after its 401 or 407 page, the
         * request's body unread, and the page says why. */
        if (!success) {
          if (!truncated) {
            if (!forwarder || response.headers.via) chunks.length = 0
            ellipsis = true
          }
          truncated = true
          finish()
        } else {
          const { code, message } = asTransportError(error ?? { code: 'ECONNRESET' })
          const text =
            code === 'ECONNRESET' ? 'connection closed before the response was complete' : message
          settle(new TransportError(text, code, undefined, status))
        }
      }
      cutAnswer = cut
      response.on('error', cut)
      response.on('close', () => {
        if (!response.complete) cut(undefined)
      })
      response.on('end', finish)
    }

    /* Without a listener, Node drops a 101's connection silently: the attempt would time out. */
    const switched = (answer: http.IncomingMessage, socket: { destroy(): unknown }): void => {
      socket.destroy()
      const text = 'HTTP 101: the server switched to another protocol rather than answer'
      settle(new TransportError(text, SWITCHED_PROTOCOLS, undefined, answer.statusCode))
    }

    /* Sends the request; `failed` words a failure before any answer (the proxy's, say). */
    const sent = (req: http.ClientRequest, failed?: (error: unknown) => TransportError): void => {
      openHandles.push(req)
      req.on('upgrade', switched)
      /* An answer whose headers never end (a reset, a bad Content-Length) is told by its status
       * line (statusLine). */
      req.on('socket', socket =>
        socket.prependOnceListener('data', (data: Buffer) => {
          head = data
        })
      )
      req.on('error', error => {
        if (cutAnswer) return cutAnswer(error)
        /* A 9-byte HTTP/2 frame header, of the SETTINGS a server sends first (RFC 9113 section
         * 3.4) or a GOAWAY, on stream 0: a plain-http port that speaks only HTTP/2 (h2c). */
        if (/^0{4}..0[47]0{10}/.test(`${head?.toString('hex', 0, 9)}`))
          error = new TransportError(H2_ONLY, 'HPE_INVALID_CONSTANT')
        const status = began()
        settle(
          status ? Object.assign(asTransportError(error), { status }) : (failed?.(error) ?? error)
        )
      })
      req.end(body)
    }

    const post = (options: https.RequestOptions): void => {
      try {
        const client = url.protocol === 'https:' ? httpsModule() : http
        sent(client.request(url, { method, headers, ...options }, onResponse))
      } catch (error) {
        settle(error)
      }
    }

    /* Node throws at once for a header value it cannot send: that fails the attempt, cleanly. */
    try {
      /* Verification is always on, whatever NODE_TLS_REJECT_UNAUTHORIZED says: the body holds
       * credentials. `ca`, when given, is the complete trust list (see trust.ts). */
      if (!via) {
        post({ agent: false, ca, rejectUnauthorized: true })
        return
      }
      const { proxy, proxying } = via
      const { proxyError, requestProxy, tunnelRefused } = proxying
      const variable = proxyVariable(url)
      if (url.protocol === 'http:') {
        /* A plain-http request goes to the proxy with the absolute URL as its target. */
        sent(
          requestProxy(
            proxy,
            ca,
            { method, path: url.href, headers: { ...headers, Host: url.host } },
            onResponse
          ),
          error => proxyError(proxy, variable, error)
        )
      } else {
        const authority = `${url.hostname}:${url.port || 443}`
        const tunnel = requestProxy(proxy, ca, {
          method: 'CONNECT',
          path: authority,
          headers: { Host: authority }
        })
        openHandles.push(tunnel)
        tunnel.on('error', error => settle(proxyError(proxy, variable, error)))
        tunnel.on('connect', (answer: http.IncomingMessage, socket) => {
          openHandles.push(socket)
          const status = answer.statusCode ?? 0
          if (status < 200 || status > 299) {
            /* RFC 9110 9.3.6: any 2xx opens the tunnel */
            const refused = { status, headers: answer.headers }
            settle(tunnelRefused(proxy, authority, variable, refused))
            return
          }
          const servername = isIpLiteral(url.hostname) ? undefined : url.hostname
          const secure = tlsModule().connect({
            socket,
            host: socketHost(url),
            servername,
            ca,
            rejectUnauthorized: true
          })
          openHandles.push(secure)
          post({ createConnection: () => secure, defaultPort: 443 }) /* else Host: name:80 */
        })
        tunnel.end()
      }
    } catch (error) {
      settle(error)
    }
  })
}

/**
 * The final status an answer's first bytes give: the one after any 1xx (100 Continue, 103 Early
 * Hints), which is no answer. Line by line, each read one way: no backtracking that a hostile
 * answer makes long.
 */
function statusLine(head: Buffer | undefined): number | undefined {
  const final = /^\s*(?:HTTP\/1\.\d 1[^\n]*\n(?:[^\r\n][^\n]*\n)*\r?\n)*HTTP\/1\.\d ([2-5]\d\d)/
  return Number(final.exec(`${head ?? ''}`)?.[1]) || undefined
}

/**
 * An error page that is not UTF-8, read in the single-byte charset its Content-Type names
 * (Windows-1252, ISO-8859-2, KOI8-R), so that a secret it echoes reads as sent; undefined where
 * UTF-8 reads it, or for another charset (legacyText). Not the charset first: Tomcat names
 * ISO-8859-1 for pages it writes in UTF-8, and a page cut off may end inside a character.
 */
function legacyReading(body: Buffer, { headers }: http.IncomingMessage): LegacyText | undefined {
  const charset = /;\s*charset="?([\w.:-]+)/i.exec(`${headers['content-type']}`)?.[1]
  if (!charset) return
  const searched = multiByteText(body, charset)
  if (searched !== undefined) return { charset, searched }
  if (!body.some(byte => byte > 0x7f)) return
  try {
    /* Throws where the bytes are not UTF-8; a character cut at the end is kept for more. */
    new TextDecoder('utf-8', { fatal: true }).decode(body, { stream: true })
    return
  } catch {
    const text = legacyText(body, charset)
    return text === undefined ? undefined : { text, charset }
  }
}

/** What was thrown, as a TransportError with Node's code ('ERROR' without one), on one line. */
export function asTransportError(error: unknown): TransportError {
  if (error instanceof TransportError) return error
  /* Not `instanceof Error`: Node's errors may come from another realm (a test's VM context). */
  if (isObject(error)) {
    const code = 'code' in error && typeof error.code === 'string' ? error.code : 'ERROR'
    /* Node tries each address of a name (autoSelectFamily): if all fail, an AggregateError with
     * an empty message, each address's failure in `errors`. */
    const inner = 'errors' in error && Array.isArray(error.errors) ? error.errors : []
    const each = [...new Set(inner.map(messageOf).filter(Boolean))].join(', ')
    /* Only ERR_TLS_CERT_ALTNAME_INVALID carries the certificate. Node names no DNS name of it to
     * an IP host, and only its CN to a name when it has no DNS name: all its names instead. They
     * are the server's text: failures.ts redacts and clips them as a body's (hundreds, maybe). */
    const { cert } = error as { cert?: { subjectaltname?: string; subject?: { CN?: string } } }
    return new TransportError(
      oneLine(
        cert
          ? `${messageOf(error).split(':')[0]}: ${cert.subjectaltname ?? (cert.subject?.CN ? `CN=${cert.subject.CN}` : '')}`
          : messageOf(error).replace(OPENSSL, '$1') || each
      ) || code,
      code
    )
  }
  return new TransportError(oneLine(String(error)) || 'ERROR', 'ERROR')
}

/**
 * OpenSSL's text for a TLS failure, `write EPROTO 80FC…:error:0A000438:SSL routines:
 * ssl3_read_bytes:tlsv1 alert internal error:../deps/…`: its words alone, which each line puts
 * after Node's code (`EPROTO: tlsv1 alert internal error`).
 */
const OPENSSL = /^(?:(?:read|write) \w+ )?\w+:error:(?:[^:]*:){3}([^:]*).*/s

function messageOf(error: unknown): string {
  const message = isObject(error) && 'message' in error && error.message
  return typeof message === 'string' ? message : ''
}

/**
 * Whether a URL's hostname is an IP address, which TLS must not send as SNI. The WHATWG parser
 * gives IPv6 in brackets and IPv4 in dotted-decimal form; node:net's isIP is slow to start.
 */
export function isIpLiteral(hostname: string): boolean {
  return hostname.startsWith('[') || /^\d{1,3}(?:\.\d{1,3}){3}$/.test(hostname)
}

/** A URL's host name as a socket takes it: an IPv6 literal without the URL's brackets. */
export function socketHost(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, '$1')
}
