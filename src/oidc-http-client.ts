/* What @actions/core gets when it imports '@actions/http-client' (and its lib/auth): tsconfig.json's
 * "paths" send those specifiers here, for ncc and tsc alike (jest.config.js maps them too). Core
 * uses the client in getIDToken alone (OIDC), as
 *   new HttpClient(userAgent, [new BearerCredentialHandler(requestToken)], options).getJson(url)
 * and this is that call over the action's own transport (transport.ts), so the ID token request
 * gets what the token request gets: HTTPS_PROXY, HTTP_PROXY and NO_PROXY as http-client's own
 * getProxyUrl and checkBypass read them (CONNECT through the proxy), a bounded time and size, no
 * redirect. The real client, 40 KB with `tunnel`, is then not in dist/ at all, and nothing of it
 * loads at start-up. See stubs/README.md; __tests__/stubs.test.ts runs core.getIDToken through it. */
import type {
  RequestHandler,
  RequestOptions,
  TypedResponse
} from '../node_modules/@actions/http-client/lib/interfaces.js'
import { type Outcome, describeAttempt, isRetryable, isTlsCode } from './retry.js'
import { type HttpRequest, type HttpResponse, TransportError, send } from './transport.js'
import { isObject } from './errors.js'

/** A JSON answer with one token in it. */
const MAX_BODY_BYTES = 64 * 1024
/** Waits before the second and third attempt, after what the token request retries (retry.ts). */
const RETRY_DELAYS_MS = [1000, 3000]

/**
 * How the client waits and sends; tests replace both so they never wait or dial out. The time per
 * attempt is the action's `timeout` input once getIDToken (runner-protocol.ts) sets it; GitHub
 * answers in well under a second.
 */
export const oidcTransport = {
  send,
  sleep: (ms: number): Promise<void> => new Promise(resolve => setTimeout(resolve, ms)),
  timeoutMs: 30_000,
  /** The certificates to trust, as the token request's (trust.ts); undefined: Node's default. */
  ca: undefined as readonly string[] | undefined,
  /** The step's log, where a retry is told as the token request's are (retry.ts). */
  log: ((): void => undefined) as (line: string) => void
}

/** The error http-client throws for a status of 400 or more, which core reads `statusCode` of. */
export class HttpClientError extends Error {
  override name = 'HttpClientError'
  constructor(
    message: string,
    readonly statusCode: number
  ) {
    super(message)
  }
}

/**
 * The part of http-client's request handler that HttpClient below calls: prepareRequest. (Its
 * canHandleAuthentication and handleAuthentication, which http-client's own client calls on a
 * 401 to try other credentials, are called by nothing here.)
 */
type Handler = Pick<RequestHandler, 'prepareRequest'>

/**
 * What core imports from '@actions/http-client/lib/auth', which "paths" send here too: the one
 * handler getIDToken uses, as http-client writes it (its Basic and PAT handlers are not needed).
 */
export class BearerCredentialHandler implements Handler {
  constructor(private readonly token: string) {}

  prepareRequest(options: RequestOptions): void {
    if (!options.headers) throw Error('The request has no headers')
    Reflect.set(options.headers, 'Authorization', `Bearer ${this.token}`)
  }
}

/** The part of http-client's HttpClient that @actions/core 3 uses: getJson. */
export class HttpClient {
  constructor(
    private readonly userAgent?: string,
    private readonly handlers: Handler[] = [],
    private readonly requestOptions: RequestOptions = {}
  ) {}

  async getJson<T>(
    requestUrl: string,
    additionalHeaders: Record<string, string> = {}
  ): Promise<TypedResponse<T>> {
    const options = { headers: { Accept: 'application/json', ...additionalHeaders } }
    for (const handler of this.handlers) handler.prepareRequest(options)
    const headers: Record<string, string> = { ...(options.headers as Record<string, string>) }
    if (this.userAgent) headers['User-Agent'] = this.userAgent
    const request = { method: 'GET' as const, url: new URL(requestUrl), headers, body: '' }

    const retries = this.requestOptions.allowRetries === false ? 0 : RETRY_DELAYS_MS.length
    for (let attempt = 0; ; attempt++) {
      const outcome = await attemptOnce(request)
      /* As the token request's, whole or cut off: a TLS failure, a 501, a proxy's 407 would be the same. */
      const told: Outcome =
        outcome instanceof TransportError
          ? { kind: 'error', error: outcome }
          : { kind: 'response', response: outcome }
      if (!isRetryable(told) || attempt >= retries) {
        if (told.kind === 'response') return typedResponse<T>(told.response)
        if (attempt) told.error.message += `; ${attempt + 1} attempts`
        /* Core keeps only the message, where Node names no code for a certificate ("unable to
         * verify the first certificate", "certificate has expired"): the code says which, and for
         * one it could not trust, that ca-certificate helps (and for an alert, of which
         * transport.ts keeps OpenSSL's words alone, which). */
        const { code, message } = told.error
        if (isTlsCode(code) && !message.includes(code)) told.error.message = `${code}: ${message}`
        /* Core words its error by statusCode: an answer that began is told by its status. */
        throw Object.assign(told.error, { statusCode: told.error.status })
      }
      const delayMs = RETRY_DELAYS_MS[attempt] ?? 0
      const report = { attempt: attempt + 1, attempts: retries + 1, outcome: told, delayMs }
      oidcTransport.log(`GitHub's ID token request: ${describeAttempt(report)}`)
      await oidcTransport.sleep(delayMs)
    }
  }
}

/** One GET: the answer, or the transport's error; any other error is a bug and is thrown. */
async function attemptOnce(request: HttpRequest): Promise<HttpResponse | TransportError> {
  try {
    return await oidcTransport.send(request, {
      timeoutMs: oidcTransport.timeoutMs,
      ca: oidcTransport.ca,
      maxBodyBytes: MAX_BODY_BYTES
    })
  } catch (error) {
    if (error instanceof TransportError) return error
    throw error
  }
}

/** As http-client's _processResponse: 404 is an empty result; 400 and above throw. */
function typedResponse<T>(response: HttpResponse): TypedResponse<T> {
  const { status: statusCode, headers } = response
  if (statusCode === 404) return { statusCode, result: null, headers }
  let result: unknown = null
  try {
    result = response.body ? JSON.parse(response.body) : null
  } catch {
    /* Not JSON: what http-client does too, keeping no result. */
  }
  if (statusCode > 299) {
    /* A proxy's 407 that no Basic sign-in meets says what to do instead (proxy.ts, keyless.ts). */
    const message = response.proxySignIn
      ? `the proxy ${response.proxySignIn}`
      : isObject(result) && typeof Reflect.get(result, 'message') === 'string'
        ? (Reflect.get(result, 'message') as string)
        : `Failed request: (${statusCode})`
    throw new HttpClientError(message, statusCode)
  }
  return { statusCode, result: result as T | null, headers }
}
