import type { TokenOrigin } from './handoff.js'
import type { Token } from './response.js'
import { jwtClaims } from './jwt.js'
import { isNodeCryptoLoaded, nodeCrypto } from './node-crypto.js'
import { redact, serverText } from './redact.js'
import { sha256 } from './sha256.js'

/** A token expiring within this many seconds gets a warning, unless min-validity is set (and met). */
export const SHORT_LIFETIME_S = 600

/** Longer tokens are hashed by node:crypto even when nothing has loaded it yet (fingerprint). */
export const MAX_HASHED_HERE = 4096

/** Shorter tokens could be found again from 48 bits of their hash by trying them all. */
export const MIN_FINGERPRINTED_LENGTH = 16

/**
 * The first 12 hex digits of the SHA-256 of the access token (UTF-8): names it without revealing
 * it.
 */
export function fingerprint(accessToken: string): string {
  /* node:crypto once TLS has loaded it, or for a token over 4 KB. */
  const digest =
    isNodeCryptoLoaded() || accessToken.length > MAX_HASHED_HERE
      ? nodeCrypto().hash('sha256', accessToken, 'hex')
      : sha256(accessToken)
  return digest.slice(0, 12)
}

function describeFingerprint(accessToken: string): string {
  return accessToken.length < MIN_FINGERPRINTED_LENGTH
    ? `withheld (a token of under ${MIN_FINGERPRINTED_LENGTH} characters could be guessed from it)`
    : `sha256:${fingerprint(accessToken)}`
}

/** One fact about the token, for the log and the job summary; never a secret. */
export type Fact = readonly [label: string, value: string]

/**
 * What the step got, and from where. The server's text (scope) has the known `secrets` masked
 * before it is cut, so no cut leaves part of a secret unmatched.
 */
export function tokenFacts(token: Token, origin: TokenOrigin, secrets: readonly string[]): Fact[] {
  return [
    ['endpoint', shownEndpoint(origin.endpoint, secrets)],
    ['grant type', origin.grantType],
    ['client auth', origin.clientAuth],
    ['token type', serverText(token.tokenType, secrets, 40)],
    /* The server's text: one line, so it cannot start a workflow command of its own. */
    ['scope', token.scope ? serverText(token.scope, secrets, 200) : '(none returned)'],
    ['expires at', token.expiresAt || 'unknown'],
    ['fingerprint', describeFingerprint(token.accessToken)]
  ]
}

/**
 * The endpoint with each query value shown as ***: a key there (an Azure Functions `code`, say) may
 * be a secret only the runner knows, and these facts go to the job summary and, sealed in a
 * hand-off, to another job's log, whose runner knows none of this job's secrets.
 */
function shownEndpoint(endpoint: string, secrets: readonly string[]): string {
  const [path = '', query] = endpoint.split(/\?(.*)/s)
  const names = query
    ?.split('&')
    .map(pair => (pair.includes('=') ? `${pair.split('=')[0]}=***` : '***'))
  return redact(names ? `${path}?${names.join('&')}` : path, secrets)
}

const CLAIMS = ['iss', 'sub', 'aud', 'scope', 'scp', 'exp', 'iat'] as const

/**
 * The non-secret claims of a JWT access token, decoded and never verified; none otherwise. A
 * claim is the server's text: known `secrets` are masked in it before it is cut.
 */
export function claimFacts(accessToken: string, secrets: readonly string[]): Fact[] {
  const claims = jwtClaims(accessToken)
  if (!claims) return []
  const facts: Fact[] = []
  for (const name of CLAIMS) {
    const value = claims[name]
    if (value == null) continue
    /* An empty claim (league/oauth2-server's sub of a client's token) says nothing: left out. */
    const described = describeClaim(name, value, secrets)
    if (described) facts.push([name, described])
  }
  return facts
}

function describeClaim(name: string, value: unknown, secrets: readonly string[]): string {
  if ((name === 'exp' || name === 'iat') && typeof value === 'number') {
    const date = new Date(value * 1000)
    const iso = isNaN(date.getTime()) ? '' : ` (${date.toISOString().slice(0, -5)}Z)`
    return `${value}${iso}`
  }
  const text =
    typeof value === 'string'
      ? value
      : Array.isArray(value) && value.every(item => typeof item === 'string')
        ? value.join(name === 'aud' ? ', ' : ' ')
        : shownJson(value)
  /* A claim is the server's text: secrets masked, then one line, then short, whatever it holds. */
  return serverText(text, secrets, 120)
}

/**
 * A claim that is neither a string nor a list of strings, as JSON. JSON.stringify recurses, so a
 * claim nested thousands of levels deep (the server's to choose) would throw RangeError and fail
 * a step that already has its token: such a claim is named, not shown.
 */
function shownJson(value: unknown): string {
  try {
    return JSON.stringify(value)
  } catch {
    return '(nested too deeply to show)'
  }
}

/** The facts as log lines. */
export function describeFacts(facts: readonly Fact[], claims: readonly Fact[]): string[] {
  const join = (items: readonly Fact[]): string =>
    items.map(([label, value]) => `${label} ${value}`).join('; ')
  const lines = [`Token: ${join(facts)}`]
  if (claims.length) lines.push(`JWT claims (decoded, not verified): ${join(claims)}`)
  return lines
}

export interface Validity {
  /** Fails the step: the token expires before `min-validity` is over. */
  readonly failure?: string
  readonly warning?: string
  /** The token's expiry is already past (a JWT's exp, by this runner's clock). */
  readonly expired?: boolean
}

/**
 * Checks the token's remaining lifetime against `min-validity` (0, the default, asks for nothing)
 * and the warning a token that expires within 10 minutes always gets. A token just minted is
 * judged by the lifetime the server gave it (`lifetime`, its expires_in): counted from `expiresAt`,
 * which is cut to the second and counts from when the request was sent, a one-hour token would
 * fail a min-validity of 3600. One already past (a JWT's exp) is said to have expired: the server's
 * clock or the runner's is wrong, or the server handed out an old token.
 */
export function checkValidity(
  expiresAt: string,
  now: number,
  minValiditySeconds: number,
  lifetime?: number
): Validity {
  if (!expiresAt)
    return minValiditySeconds > 0
      ? {
          warning: `min-validity is ${minValiditySeconds} s, but the token's lifetime is unknown (no usable expires_in in the answer, no exp in a JWT access token), so it was not checked`
        }
      : {}
  const left = lifetime ?? Math.floor((Date.parse(expiresAt) - now) / 1000)
  if (left < 0) {
    const expired = `The token already expired at ${expiresAt}, ${-left} s ago: check the server's clock and this runner's`
    return minValiditySeconds ? { failure: expired } : { warning: expired, expired: true }
  }
  const advice = minValiditySeconds ? '' : '; set min-validity to fail early instead'
  /* Always, issue 5 says: also before min-validity fails the step. */
  const short =
    left <= SHORT_LIFETIME_S
      ? {
          warning: `The token expires at ${expiresAt}, in ${left} s: steps that run longer will be refused${advice}`
        }
      : {}
  if (minValiditySeconds > 0 && left < minValiditySeconds)
    return {
      ...short,
      failure: `The token expires at ${expiresAt}, in ${left} s, sooner than min-validity (${minValiditySeconds} s): ask the server for a longer lifetime, or lower min-validity`
    }
  return short
}
