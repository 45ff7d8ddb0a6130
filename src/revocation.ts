import { type Config, resolveTokenUrl } from './config.js'
import type { AuthorizationServerEndpoints } from './discovery.js'
import { ActionError } from './errors.js'
import { USER_AGENT, clientAuthentication, setUserHeaders } from './request.js'
import { isHtml } from './response.js'
import { type Clock, MAX_RETRY_AFTER_MS, isRetryable, retryAfter } from './retry.js'
import {
  type HttpRequest,
  type HttpResponse,
  type SendOptions,
  asTransportError,
  TransportError
} from './transport.js'
import { trustedCertificates } from './trust.js'

export type TokenTypeHint = 'access_token' | 'refresh_token'

/** A token to revoke, as the main step hands it to the post step. */
export interface RevocableToken {
  readonly token: string
  readonly hint: TokenTypeHint
  /** ISO 8601; empty when unknown. */
  readonly expiresAt: string
}

/** Extra-params that authenticate the client (RFC 7523 §2.2), so revocation sends them too. */
const CLIENT_ASSERTION_PARAMS = new Set(['client_assertion', 'client_assertion_type'])

/** Least wait before the one retry of a 429, a 503 or a network error. */
const RETRY_DELAY_MS = 1000

/**
 * Where tokens are revoked: with `issuer`, the metadata's `revocation_endpoint` (RFC 8414);
 * else `host` joined with `revoke-path` as `token-path` is.
 */
export function revocationEndpoint(
  host: string,
  revokePath: string,
  config: Pick<Config, 'allowInsecureHttp' | 'issuer' | 'tokenUrl'>,
  discovered?: Pick<AuthorizationServerEndpoints, 'revocationEndpoint' | 'revocationProblem'>
): URL {
  const found = discovered?.revocationEndpoint
  const metadata = `input 'revoke' is true, but the metadata of issuer ${config.issuer ?? ''} names`
  /* The client's credentials (a secret, or an assertion for the token endpoint's audience)
   * go to the token endpoint's origin only. */
  if (found && found.origin !== config.tokenUrl.origin)
    throw new ActionError(
      `${metadata} a revocation_endpoint on ${found.origin}, not on the token endpoint's origin ${config.tokenUrl.origin}: the action sends client credentials to that origin only; set revoke: false`
    )
  if (found) return found
  if (config.issuer) {
    const what = discovered?.revocationProblem ?? 'no revocation_endpoint'
    throw new ActionError(
      `${metadata} ${what}: set revoke: false, or use host, token-path and revoke-path instead of issuer`
    )
  }
  return resolveTokenUrl(host, revokePath, config, 'revoke-path')
}

/**
 * The RFC 7009 request: `token` and `token_type_hint`, form-encoded, with the same client
 * authentication as the token request. `headers` go along only to the token endpoint's origin.
 */
export function buildRevocationRequest(
  config: Config,
  url: URL,
  token: RevocableToken,
  clientAssertion?: string
): HttpRequest {
  const client = clientAuthentication(config, clientAssertion)
  const headers: Record<string, string> = {
    Accept: 'application/json',
    'User-Agent': USER_AGENT,
    ...client.headers
  }
  if (url.origin === config.tokenUrl.origin) setUserHeaders(headers, config.headers)
  headers['Content-Type'] = 'application/x-www-form-urlencoded'
  const form = new URLSearchParams([
    ['token', token.token],
    ['token_type_hint', token.hint]
  ])
  for (const [key, value] of client.params) form.append(key, value)
  for (const [key, value] of config.extraParams) {
    if (CLIENT_ASSERTION_PARAMS.has(key)) form.append(key, value)
  }
  return { url, headers, body: form.toString() }
}

export interface RevocationDeps {
  readonly send: (request: HttpRequest, options: SendOptions) => Promise<HttpResponse>
  readonly clock: Clock
}

export type RevocationResult =
  | { readonly revoked: true }
  | {
      readonly revoked: false
      readonly reason: string
      /** ` after 2 attempts` when it was tried again, as a token request's failure says. */
      readonly after?: string
      /** Not reached (after the retry), no HTTP answer: the next token would fare no better. */
      readonly unreachable?: boolean
    }

/**
 * Sends one revocation request; a 429, a 503 or a network error the token request would retry
 * (not a TLS failure, a proxy's refusal or an answer that is not HTTP) is tried once more, after any
 * Retry-After the token request would wait out (60 s at most). 200 means revoked (RFC 7009 §2.2:
 * also for a token the server no longer knows), and so does any other 2xx, such as a 204 with no
 * body, but not an HTML page: something in front of the endpoint answered (an SSO gateway's
 * sign-in). Never throws. `renew`, for client assertions, makes the request again with new
 * credentials for the retry (a jti may be used once); when it fails, the retry resends. A 401, or
 * an invalid_client, is sent once more as `readdress` makes it, if given (post.ts); when it fails,
 * resent. Another 400 (unsupported_token_type) would come again, and says why.
 */
export async function revokeToken(
  request: HttpRequest,
  config: Config,
  secrets: readonly string[],
  deps: RevocationDeps,
  renew?: () => Promise<HttpRequest>,
  readdress?: () => Promise<HttpRequest>
): Promise<RevocationResult> {
  const options: SendOptions = {
    timeoutMs: config.timeoutMs,
    ca: trustedCertificates(config.caCertificates)
  }
  const attempt = async (sent: HttpRequest): Promise<HttpResponse | TransportError> => {
    try {
      return await deps.send(sent, options)
    } catch (error) {
      return asTransportError(error)
    }
  }
  const revoked = (outcome: HttpResponse | TransportError): boolean => {
    /* RFC 7009 section 2.2: a 200 means revoked, whatever its body (too large, not decodable, or
     * cut off before its end), but a whole HTML page: something in front of the endpoint (an SSO
     * gateway's sign-in, say) answered, not the endpoint. */
    const status =
      outcome instanceof TransportError
        ? (outcome.answer?.status ?? outcome.status)
        : isHtml(outcome.body)
          ? 0
          : outcome.status
    return status !== undefined && status >= 200 && status < 300
  }
  let outcome = await attempt(request)
  let attempts = 1
  /* A 429 or a 503 whose Retry-After (the server's, or a proxy's to CONNECT) is no longer than
   * the token request waits, or no answer at all that the token request would retry (not a TLS
   * failure, nor a proxy's refusal): any other status, whole or cut off, would come again. */
  const reply = 'headers' in outcome ? outcome : outcome.answer
  const wait = (reply && retryAfter(reply, deps.clock.now())) || 0
  if (
    !revoked(outcome) &&
    [429, 503].includes(outcome.status ?? 503) &&
    (!(outcome instanceof TransportError) || isRetryable({ kind: 'error', error: outcome })) &&
    wait <= MAX_RETRY_AFTER_MS
  ) {
    await deps.clock.sleep(Math.max(wait, RETRY_DELAY_MS))
    const renewed = renew ? await renew().catch(() => undefined) : undefined
    outcome = await attempt(renewed ?? request)
    attempts++
  }
  if (
    readdress &&
    'headers' in outcome &&
    (outcome.status === 401 || (outcome.status === 400 && outcome.body.includes('invalid_client')))
  ) {
    outcome = await attempt(await readdress().catch(() => request))
    attempts++
  }
  if (revoked(outcome)) return { revoked: true }
  const retried = attempts > 1 ? { after: ` after ${attempts} attempts` } : {}
  const failures = await import('./failures.js')
  if (outcome instanceof TransportError) {
    return {
      revoked: false,
      ...retried,
      /* A post step cannot try again later, which a proxy's 408 or 429 says (proxy.ts). */
      reason: failures
        .describeTransportError(outcome, config, secrets, 'revocation_endpoint')
        .replace('try again later, or ', ''),
      /* An answer cut off before its end came from the endpoint: the refresh token is tried. */
      unreachable: !outcome.status
    }
  }
  return {
    revoked: false,
    ...retried,
    reason: failures.describeHttpFailure(outcome, config, secrets, 'revocation_endpoint')
  }
}
