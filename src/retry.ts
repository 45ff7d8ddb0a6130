import type { HttpResponse } from './transport.js'
import {
  BODY_TOO_LARGE,
  PROXY_REFUSED,
  REFRESH_CUT,
  SWITCHED_PROTOCOLS,
  TransportError,
  UNREADABLE_ENCODING
} from './transport.js'

/** Statuses worth another attempt: the server or a proxy may answer differently soon. */
export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([408, 429, 500, 502, 503, 504])

/** A Retry-After longer than this fails the step instead of holding the runner. */
export const MAX_RETRY_AFTER_MS = 60_000

const BASE_DELAY_MS = 1000
const MAX_DELAY_MS = 16_000
/** How many backoff steps the jitter after a Retry-After spans. */
const RETRY_AFTER_SPREAD = 3

export interface RetryPolicy {
  /** Extra attempts after the first. */
  readonly retries: number
}

export interface Clock {
  now(): number
  sleep(ms: number): Promise<void>
  /** A number in [0, 1), for jitter. */
  random(): number
}

/** What an attempt came to: an answer to act on, or a reason to try again. */
export type Outcome =
  | { readonly kind: 'response'; readonly response: HttpResponse }
  | { readonly kind: 'error'; readonly error: TransportError }

export interface AttemptReport {
  readonly attempt: number
  readonly attempts: number
  readonly outcome: Outcome
  /** How long we wait before the next attempt; undefined when there is none. */
  readonly delayMs?: number
}

/** The log line of an attempt that will be retried. */
export function describeAttempt({
  attempt,
  attempts,
  outcome,
  delayMs = 0
}: AttemptReport): string {
  /* A proxy's answer to CONNECT is told by its status, as a server's is, and by whose it is. */
  const what =
    outcome.kind === 'response'
      ? `HTTP ${outcome.response.status}`
      : outcome.error.proxy && outcome.error.answer
        ? `HTTP ${outcome.error.answer.status} from proxy ${outcome.error.proxy}`
        : outcome.error.code
  return `Attempt ${attempt} of ${attempts}: ${what}; retrying in ${(delayMs / 1000).toFixed(1)} s`
}

/** Non-retryable transport failures: retrying gives the same answer. */
const PERMANENT_CODES = new Set([
  BODY_TOO_LARGE,
  PROXY_REFUSED,
  /* Node refused to send the request as configured: a header or URL it cannot encode. */
  'ERR_INVALID_CHAR',
  'ERR_INVALID_HTTP_TOKEN',
  'ERR_HTTP_INVALID_HEADER_VALUE',
  'ERR_UNESCAPED_CHARACTERS',
  'ERR_INVALID_ARG_VALUE',
  /* Headers over Node's limit (16 KiB), whatever the status: they would be as large again. */
  'HPE_HEADER_OVERFLOW',
  REFRESH_CUT,
  /* An HTTP 101: the server speaks another protocol there, and would again. */
  SWITCHED_PROTOCOLS,
  /* A token answer whose body does not undo its Content-Encoding: the same bytes would come again. */
  UNREADABLE_ENCODING
])

/**
 * A failure line's ` after N attempts`: for the attempts retried, and for the one attempt of
 * `retries: 0` at a failure a retry would have met (a timeout, a 503), so the line says so; not
 * for one whose Retry-After is too long to wait, which no number of retries meets.
 */
export function afterAttempts(attempts: number, last?: Outcome, now = Date.now()): string {
  const answer = last?.kind === 'response' ? last.response : last?.error.answer
  const wait = (answer && retryAfter(answer, now)) ?? 0
  return attempts > 1 || (last && isRetryable(last) && wait <= MAX_RETRY_AFTER_MS)
    ? ` after ${attempts} attempt${attempts > 1 ? 's' : ''}`
    : ''
}

export function isRetryable(outcome: Outcome): boolean {
  /* Auth0's 429 too_many_attempts is an account blocked until someone lifts it (failures.ts). */
  if (outcome.kind === 'response')
    return (
      RETRYABLE_STATUSES.has(outcome.response.status) &&
      !/too_many_attempts/.test(outcome.response.body)
    )
  const { code, status = 0 } = outcome.error
  /* A 3xx or 4xx cut off mid-body is still that answer: another attempt would get it again. So
   * is an answer whose framing Node's parser refuses (HPE_*: not HTTP at all, a bare LF, two
   * Content-Lengths), but for a status that asks for a retry. A cut, even mid-headers, is
   * Node's ECONNRESET. */
  if (
    PERMANENT_CODES.has(code) ||
    (status > 299 && !RETRYABLE_STATUSES.has(status)) ||
    (/^HPE_/.test(code) && !RETRYABLE_STATUSES.has(status))
  )
    return false
  /* Certificate and TLS failures are a matter of configuration, not of luck. */
  return !isTlsCode(code)
}

/** Node's codes for a certificate it could not trust: what ca-certificate can fix. */
export const TRUST_CODES = new Set([
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_UNTRUSTED',
  'CERT_SIGNATURE_FAILURE'
])

export function isTlsCode(code: string): boolean {
  return (
    /* OpenSSL's protocol failures, e.g. "wrong version number" when https:// meets plain http. */
    code === 'EPROTO' ||
    code.startsWith('ERR_TLS_') ||
    code.startsWith('ERR_SSL_') ||
    /* Node's names for OpenSSL's verification failures (SELF_SIGNED_CERT_IN_CHAIN,
     * UNABLE_TO_VERIFY_LEAF_SIGNATURE, UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY, ...), and UNSPECIFIED
     * for those it has no name for: a certificate signed with SHA-1 or MD5, a key too small. */
    /CERT|_SIGNATURE|PURPOSE|INVALID_CA|PATH_LENGTH|CRL|_KEY|UNSPECIFIED/.test(code)
  )
}

/**
 * Runs `attempt` until it gives an answer that is not worth retrying, or the retries are spent,
 * and returns the last outcome. Waits with jittered exponential backoff, and at least as long as
 * a Retry-After header asks.
 */
export async function withRetries(
  attempt: () => Promise<Outcome>,
  policy: RetryPolicy,
  clock: Clock,
  report: (report: AttemptReport) => void
): Promise<{ outcome: Outcome; attempts: number }> {
  const attempts = policy.retries + 1
  for (let n = 1; ; n++) {
    const outcome = await attempt()
    const last = n >= attempts || !isRetryable(outcome)
    /* A server's answer, or a proxy's to CONNECT. */
    const answer = outcome.kind === 'response' ? outcome.response : outcome.error.answer
    const retryAfterMs = answer && !last ? retryAfter(answer, clock.now()) : undefined
    /* A Retry-After too long to wait ends the attempts at once: the caller's failure line says
     * how long it asks (failures.ts), as it does after the last attempt. */
    const stop = last || (retryAfterMs ?? 0) > MAX_RETRY_AFTER_MS
    const delayMs = stop ? undefined : backoffDelay(n, retryAfterMs, clock.random)
    report({ attempt: n, attempts, outcome, delayMs })
    if (delayMs === undefined) return { outcome, attempts: n }
    await clock.sleep(delayMs)
  }
}

/**
 * withRetries for a request's callers: logs each attempt that will be retried (the last one's
 * failure is the error message).
 */
export function retried(
  attempt: () => Promise<Outcome>,
  policy: RetryPolicy,
  clock: Clock,
  log: (line: string) => void
): Promise<{ outcome: Outcome; attempts: number }> {
  return withRetries(attempt, policy, clock, report => {
    if (report.delayMs !== undefined) log(describeAttempt(report))
  })
}

/**
 * Retry-After; without it, a 429's rate-limit reset (Auth0's X-RateLimit-Reset, Okta's
 * X-Rate-Limit-Reset): Unix seconds, timed by the answer's Date, or under 1e9 seconds to wait.
 */
export function retryAfter(
  { status, headers }: Pick<HttpResponse, 'status' | 'headers'>,
  now: number
): number | undefined {
  /* A time of day is the server's: timed by the answer's Date, where it has one. */
  const serverNow = (/[a-z]/i.test(`${headers.date}`) && Date.parse(`${headers.date}`)) || now
  const reset = Number(headers['x-ratelimit-reset'] ?? headers['x-rate-limit-reset'])
  if (status !== 429 || !(reset > 0 && reset < 1e11) || headers['retry-after'])
    return parseRetryAfter(headers['retry-after'], serverNow)
  return Math.max(0, reset * 1000 - (reset < 1e9 ? 0 : serverNow))
}

/**
 * The wait after failed attempt `n` (1-based): "equal jitter" on an exponential step, so
 * clients that failed together spread out. With a Retry-After, that long plus up to three
 * steps: a crowd told the same Retry-After must not come back in lock-step, and a wider spread
 * lets a rate limit admit far more of it per round (see __tests__/crowd.test.ts).
 */
export function backoffDelay(
  n: number,
  retryAfterMs: number | undefined,
  random: () => number
): number {
  const step = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** (n - 1))
  if (retryAfterMs !== undefined)
    return Math.round(retryAfterMs + random() * Math.min(MAX_DELAY_MS, RETRY_AFTER_SPREAD * step))
  return Math.round(step / 2 + (random() * step) / 2)
}

/** Retry-After as delta-seconds or an HTTP date (RFC 9110 §10.2.3), in ms from `now`. */
export function parseRetryAfter(
  value: string | string[] | undefined,
  now: number
): number | undefined {
  const text = (Array.isArray(value) ? value[0] : value)?.trim()
  if (!text) return
  if (/^\d+$/.test(text)) {
    const ms = Number(text) * 1000
    /* Past what a double holds: still a wait, and far too long. */
    return isFinite(ms) ? ms : Number.MAX_SAFE_INTEGER
  }
  const date = Date.parse(text)
  if (isNaN(date) || !/[a-z]/i.test(text)) return
  return Math.max(0, date - now)
}
