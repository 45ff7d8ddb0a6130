import { type Config, isLoopback } from './config.js'
import { ActionError, SPACE_OR_CONTROL, isObject, quote } from './errors.js'
import { describeAnswer } from './response.js'
import { serverText } from './redact.js'
import { afterAttempts, type Clock, type Outcome, RETRYABLE_STATUSES, retried } from './retry.js'
import {
  BODY_TOO_LARGE,
  type HttpRequest,
  type HttpResponse,
  type SendOptions,
  asTransportError,
  byteSize
} from './transport.js'
import { trustedCertificates } from './trust.js'
import { USER_AGENT } from './request.js'

/** A metadata document is a few KiB; a larger answer is not one. */
export const MAX_DOCUMENT_BYTES = 256 * 1024

/** What discovery gives the rest of the action (the token request, and revocation). */
export interface AuthorizationServerEndpoints {
  /** `token_endpoint`, checked like a configured host: https unless loopback or allowed. */
  readonly tokenEndpoint: URL
  /** `revocation_endpoint` (RFC 7009), checked the same way; undefined when absent or unusable. */
  readonly revocationEndpoint?: URL | undefined
  /** Why the document's `revocation_endpoint` cannot be used, when it names one. */
  readonly revocationProblem?: string | undefined
}

export interface DiscoveryDeps {
  readonly send: (request: HttpRequest, options: SendOptions) => Promise<HttpResponse>
  readonly clock: Clock
  /** One line of progress for the log; never holds a secret. */
  readonly log: (line: string) => void
  readonly debug: (line: string) => void
  /** Every value masked so far, proxy credentials among them: kept out of the server's text. */
  readonly secrets?: readonly string[]
}

/**
 * The well-known documents tried in turn: RFC 8414's and OpenID Connect Discovery's, appended to
 * the issuer as Keycloak, Okta and Entra ID serve them; for an issuer with a path, last, RFC 8414
 * §3.1's own form with the well-known segment before the path.
 */
export function wellKnownUrls(issuer: string): URL[] {
  const base = issuer.replace(/(?<!\/)\/+$/, '')
  const rfc8414 = '/.well-known/oauth-authorization-server'
  const urls = [new URL(`${base}${rfc8414}`), new URL(`${base}/.well-known/openid-configuration`)]
  const { origin, pathname } = new URL(base)
  if (pathname !== '/' && pathname !== '') urls.push(new URL(`${origin}${rfc8414}${pathname}`))
  return urls
}

/**
 * Reads the issuer's metadata (RFC 8414 §3) with the token request's timeout, retries, trust and
 * proxy, checks that it names this issuer (§3.3; but for a trailing slash), and returns its
 * endpoints. A document that is missing (4xx, 501), not JSON or without issuer sends us on to the
 * next well-known URL.
 */
export async function discoverEndpoints(
  config: Config,
  deps: DiscoveryDeps
): Promise<AuthorizationServerEndpoints> {
  const issuer = config.issuer
  if (!issuer) throw new Error('discoverEndpoints needs config.issuer')
  const tried: string[] = []
  for (const url of wellKnownUrls(issuer)) {
    deps.log(`Reading the authorization server's metadata from ${url.href}`)
    const document = await fetchDocument(url, config, deps)
    if (typeof document === 'string') {
      tried.push(`${url.href}: ${document}`)
      continue
    }
    return readEndpoints(document, url, issuer, config, deps.secrets)
  }
  /* Many servers publish no metadata (node-oauth2-server, oauth2orize, ts-oauth2-server); Django
     OAuth Toolkit before 2.4 has it only behind Django's 301 (a trailing slash). */
  throw new ActionError(
    `Discovery for issuer ${issuer} failed: ${tried.join('; ')}; check input 'issuer'; if the server publishes no metadata there, or only behind a redirect, give host and token-path instead`
  )
}

/**
 * A status that says the document is not at this URL, so the next may have it: a 4xx, or a 501
 * (this server does not serve the URL). Not a 408 or 429 left after the retries, which asks to
 * wait, nor a proxy's 407, which asks for its sign-in: the other URLs, on the same server, would
 * get the same.
 */
const elsewhere = (status: number): boolean =>
  (status > 399 && status < 500 && status !== 407 && !RETRYABLE_STATUSES.has(status)) ||
  status === 501

/** The document as a JSON object, or why it is not one (to try the next URL). */
async function fetchDocument(
  url: URL,
  config: Config,
  deps: DiscoveryDeps
): Promise<Record<string, unknown> | string> {
  const failure = (detail: string, attempts = 1, last?: Outcome): ActionError => {
    const after = afterAttempts(attempts, last)
    /* failures.ts names input 'host'; here the URL came from input 'issuer'. */
    const text = detail.replace(/input 'host'( \(or \w+\))?|host and token-path/g, "input 'issuer'")
    return new ActionError(`Discovery request to ${url.href} failed${after}: ${text}`)
  }
  const request: HttpRequest = {
    method: 'GET',
    url,
    headers: { Accept: 'application/json', 'User-Agent': USER_AGENT },
    body: ''
  }
  const options: SendOptions = {
    timeoutMs: config.timeoutMs,
    ca: trustedCertificates(config.caCertificates),
    maxBodyBytes: MAX_DOCUMENT_BYTES
  }
  const attempt = async (): Promise<Outcome> => {
    const started = deps.clock.now()
    let outcome: Outcome
    try {
      outcome = { kind: 'response', response: await deps.send(request, options) }
    } catch (error) {
      outcome = { kind: 'error', error: asTransportError(error) }
    }
    const what = outcome.kind === 'error' ? outcome.error.code : `HTTP ${outcome.response.status}`
    deps.debug(`Discovery answer: ${what} in ${deps.clock.now() - started} ms`)
    return outcome
  }
  /* As for host (no issuer): failures.ts then names input 'host', which failure() turns to 'issuer'. */
  const where = { ...config, tokenUrl: url, issuer: undefined }
  const { outcome, attempts } = await retried(attempt, config, deps.clock, deps.log)
  const secrets = deps.secrets ?? []
  /* A 3xx, 4xx or 501 cut off before its end is still that answer: as for a whole one. */
  const cut = outcome.kind === 'error' ? (outcome.error.status ?? 0) : 0
  if ((cut > 299 && cut < 400) || elsewhere(cut)) return `HTTP ${cut}`
  if (outcome.kind === 'error') {
    if (outcome.error.code === BODY_TOO_LARGE)
      throw failure(
        `the answer is larger than ${byteSize(MAX_DOCUMENT_BYTES)}, too large for a metadata document; check input 'issuer'`
      )
    const { describeTransportError } = await import('./failures.js')
    throw failure(describeTransportError(outcome.error, where, secrets), attempts, outcome)
  }
  const { response } = outcome
  const { status } = response
  if (elsewhere(status)) return `HTTP ${status}`
  if (status >= 300 && status < 400) {
    /* Not followed (a redirect could lead anywhere), but not fatal either: try the next URL. */
    const location = response.headers.location
    const to = location ? ` to ${serverText(location, secrets, 200)}` : ''
    return `HTTP ${status} redirect${to}, not followed`
  }
  /* Worded as the token request's would be: the proxy's credentials or sign-in. */
  if (status === 407) {
    const { describeHttpFailure } = await import('./failures.js')
    throw failure(describeHttpFailure(response, where, secrets), attempts, outcome)
  }
  if (status < 200 || status >= 300) {
    const { waitAsked } = await import('./failures.js')
    const wait = waitAsked(response)
    throw failure(
      `${describeAnswer(response, secrets)}; ${wait && `${wait}: `}try again later, or check the server`,
      attempts,
      outcome
    )
  }
  let value: unknown
  /* trim(): a byte order mark too, which RFC 8259 §8.1 lets a parser ignore (a file saved so). */
  try {
    value = JSON.parse(response.body.trim())
  } catch {
    const type = serverText(response.headers['content-type'] ?? 'no content type', secrets, 60)
    return `HTTP ${status} (${type}) is not JSON`
  }
  /* Without issuer or token_endpoint it is no metadata (a JSON error page): the next URL may
     have it. */
  if (!isObject(value) || !('issuer' in value || 'token_endpoint' in value))
    return `HTTP ${status} is JSON without issuer`
  return value as Record<string, unknown>
}

function readEndpoints(
  document: Record<string, unknown>,
  url: URL,
  issuer: string,
  config: Config,
  secrets: readonly string[] = []
): AuthorizationServerEndpoints {
  const fail = (problem: string): never => {
    throw new ActionError(`The metadata at ${url.href} ${problem}`)
  }
  const instead = ': give host and token-path instead of issuer'
  const named = document.issuer
  /* None, {} or '': no input 'issuer' can match it, so host is the way (doorkeeper-openid-connect
     1.8.0 serves {} for an issuer set by a block). */
  if (typeof named !== 'string' || !named) {
    fail(`names no issuer, which RFC 8414 §2 requires${instead}`)
  } else if (named.replace(/\/$/, '') !== issuer.replace(/\/$/, '')) {
    /* Exact but for one trailing slash (Auth0's issuer has one, a URL's href adds one): no other
       server could answer for the same issuer so. */
    fail(
      `names issuer ${quote(serverText(named, secrets, 200), 200)}, not ${quote(issuer, 200)}; they must match (RFC 8414 §3.3): check input 'issuer'`
    )
  }
  const token = document.token_endpoint
  if (typeof token !== 'string' || !token) fail(`has no token_endpoint${instead}`)
  const tokenEndpoint = checkEndpoint(token as string, config, secrets)
  /* Its server's to fix; the user's way round is host, or allow-insecure-http for plain http. */
  if (typeof tokenEndpoint === 'string')
    fail(
      `has a token_endpoint that ${tokenEndpoint}${tokenEndpoint.startsWith('uses') ? '' : instead}`
    )
  const revocation = document.revocation_endpoint
  const revocationEndpoint =
    typeof revocation === 'string' && revocation
      ? checkEndpoint(revocation, config, secrets)
      : undefined
  return {
    tokenEndpoint: tokenEndpoint as URL,
    revocationEndpoint: revocationEndpoint instanceof URL ? revocationEndpoint : undefined,
    /* No allow-insecure-http for it: an http endpoint is never on the token endpoint's origin,
       the only one revocation sends credentials to (revocation.ts). */
    revocationProblem:
      typeof revocationEndpoint === 'string'
        ? `a revocation_endpoint that ${revocationEndpoint.replace(/; the server must use https:\/\/, or set allow-insecure-http: true$/, '')}`
        : undefined
  }
}

/**
 * An endpoint from the document, held to the rules of a configured host: http(s), https unless
 * loopback (for an http issuer only) or allow-insecure-http, no credentials, no fragment (RFC 6749
 * §3.2). The problem, if any.
 */
export function checkEndpoint(
  text: string,
  config: Pick<Config, 'allowInsecureHttp' | 'issuer'>,
  secrets: readonly string[] = []
): URL | string {
  /* The URL parser drops a tab or line break inside a URL, and trims spaces at its ends: refused,
     as in a host input, rather than mended into a URL the document did not name. */
  if (SPACE_OR_CONTROL.test(text)) return 'has spaces, tabs, line breaks or control characters'
  let url: URL
  try {
    url = new URL(text)
  } catch {
    return `is not a URL (${quote(serverText(text, secrets, 100), 100)})`
  }
  if (!/^https?:$/.test(url.protocol)) return `is not an https:// URL (${url.protocol}//...)`
  if (url.username || url.password) return 'holds credentials (user:password@)'
  if (url.port === '0') return 'has port 0, where no server listens'
  if (url.hash || text.includes('#')) return 'has a fragment'
  /* A loopback endpoint may be plain http for an issuer that is too, not for an https one. */
  const downgrade = /^https:/i.test(config.issuer ?? '') || !isLoopback(url.hostname)
  if (url.protocol === 'http:' && !config.allowInsecureHttp && downgrade)
    return `uses plain http:// (${url.host}), which would send credentials unencrypted; the server must use https://, or set allow-insecure-http: true`
  return url
}
