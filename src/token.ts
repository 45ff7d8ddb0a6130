import type { Config } from './config.js'
import { ActionError, errorMessage } from './errors.js'
import type { TokenRequest } from './request.js'
import { type Token, BadResponse, describeAnswer, isTruncatedJson, readToken } from './response.js'
import {
  type AttemptReport,
  type Clock,
  type Outcome,
  RetryAfterTooLong,
  isTlsCode,
  withRetries
} from './retry.js'
import {
  type HttpRequest,
  type HttpResponse,
  type SendOptions,
  BODY_TOO_LARGE,
  TIMEOUT,
  TransportError
} from './transport.js'
import { trustedCertificates } from './trust.js'

export interface TokenDeps {
  readonly send: (request: HttpRequest, options: SendOptions) => Promise<HttpResponse>
  readonly clock: Clock
  /** One line of progress for the log; never holds a secret. */
  readonly log: (line: string) => void
}

/**
 * Sends the token request, retrying what is worth retrying, and returns the token; any failure
 * is an ActionError whose message starts with the endpoint and says what to fix.
 */
export async function requestToken(
  request: TokenRequest,
  config: Config,
  deps: TokenDeps
): Promise<Token> {
  const failure = (detail: string): ActionError =>
    new ActionError(`Token request to ${request.url.href} failed: ${detail}`)
  const options: SendOptions = {
    timeoutMs: config.timeoutMs,
    // `ca` replaces Node's trust store: the user's certificates are added to the default ones.
    ca: trustedCertificates(config.caCertificates)
  }

  let sentAt = 0
  const attempt = async (): Promise<Outcome> => {
    sentAt = deps.clock.now()
    try {
      const response = await deps.send(request, options)
      // A 2xx cut off mid-JSON is a dropped connection more often than a broken server.
      if (isTruncatedJson(response)) {
        return {
          kind: 'error',
          error: new TransportError(describeTruncated(response), 'ETRUNCATED')
        }
      }
      return { kind: 'response', response }
    } catch (error) {
      const transportError =
        error instanceof TransportError ? error : new TransportError(errorMessage(error), 'ERROR')
      return { kind: 'error', error: transportError }
    }
  }

  let result: { outcome: Outcome; attempts: number }
  try {
    result = await withRetries(attempt, config, deps.clock, report => {
      // The final failure is the error message; only attempts that will be retried are logged.
      if (report.delayMs !== undefined) deps.log(describeAttempt(report))
    })
  } catch (error) {
    if (error instanceof RetryAfterTooLong) throw failure(error.message)
    throw error
  }

  const { outcome, attempts } = result
  const tries = attempts > 1 ? ` (${attempts} attempts)` : ''
  if (outcome.kind === 'error') throw failure(describeTransportError(outcome.error, config) + tries)
  const { response } = outcome
  if (response.status < 200 || response.status >= 300) {
    throw failure(describeHttpFailure(response, config) + tries)
  }
  try {
    return readToken(response, sentAt)
  } catch (error) {
    if (error instanceof BadResponse) throw failure(error.message)
    throw error
  }
}

function describeTruncated(response: HttpResponse): string {
  return `HTTP ${response.status} with truncated or invalid JSON (${response.body.length} bytes)`
}

function describeAttempt({ attempt, attempts, outcome, delayMs = 0 }: AttemptReport): string {
  const what = outcome.kind === 'response' ? `HTTP ${outcome.response.status}` : outcome.error.code
  return `Attempt ${attempt} of ${attempts}: ${what}; retrying in ${(delayMs / 1000).toFixed(1)} s`
}

/** A non-2xx answer, with what the user can change to fix it. */
export function describeHttpFailure(response: HttpResponse, config: Config): string {
  const { status } = response
  if (status >= 300 && status < 400) {
    const location = response.headers.location
    const to = location ? ` to ${location}` : ''
    return `HTTP ${status} redirect${to}; redirects are not followed because the body holds credentials: set host and token-path to the final URL`
  }
  const answer = describeAnswer(response)
  const advice = adviceFor(status, answer, config)
  return advice ? `${answer}; ${advice}` : answer
}

function adviceFor(status: number, answer: string, config: Config): string {
  const error = /^HTTP \d+ ([a-z_]+)\b/.exec(answer)?.[1] ?? ''
  switch (error) {
    case 'invalid_client':
      return 'check client-id, client-secret and client-auth'
    case 'invalid_grant':
      return config.grantType === 'refresh_token'
        ? 'check refresh-token: it may have expired or been used already'
        : config.grantType === 'password'
          ? 'check username and password'
          : `check the credentials of grant-type ${config.grantType}`
    case 'unauthorized_client':
      return `the client may not use grant-type ${config.grantType}`
    case 'unsupported_grant_type':
      return `the server does not support grant-type ${config.grantType}`
    case 'invalid_scope':
      return 'check scope'
    case 'invalid_request':
      return 'check the request: body-format, client-auth and extra-params'
  }
  if (status === 401) return 'check client-id, client-secret and client-auth'
  if (status === 404 || status === 405) return 'check host and token-path'
  if (status === 415 && config.bodyFormat === 'json') return 'try body-format: form'
  return ''
}

const TRUST_CODES = new Set([
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_UNTRUSTED',
  'CERT_SIGNATURE_FAILURE'
])

/** A failure below HTTP, by its code, with the input that fixes it. */
export function describeTransportError(error: TransportError, config: Config): string {
  const { code } = error
  const detail = error.message.includes(code) ? error.message : `${code}: ${error.message}`
  const host = config.tokenUrl.hostname
  if (code === TIMEOUT && error.message.startsWith('timed out')) {
    return `${error.message}; raise input 'timeout' or check that the server answers`
  }
  if (code === BODY_TOO_LARGE)
    return `${detail}; this is not a token endpoint's answer, check host and token-path`
  if (error.proxy !== undefined) {
    // The proxy failed, not the server: the message names the proxy, the cause (Node's code or
    // the proxy's HTTP status) and what to check.
    if (TRUST_CODES.has(code)) {
      return `${error.message}; if the proxy uses a private certificate authority, pass its certificate in input 'ca-certificate' (or NODE_EXTRA_CA_CERTS)`
    }
    return error.message
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN')
    return `${code}: could not resolve ${host}; check input 'host'`
  if (code === 'ECONNREFUSED') return `${detail}; check input 'host' and that the server is up`
  if (TRUST_CODES.has(code)) {
    return `${detail}; if the server uses a private certificate authority, pass its certificate in input 'ca-certificate' (or NODE_EXTRA_CA_CERTS)`
  }
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
    return `${detail}; the certificate is not for ${host}: use the name it was issued for in input 'host'`
  }
  if (code === 'CERT_HAS_EXPIRED' || code === 'CERT_NOT_YET_VALID') {
    return `${detail}; the server's certificate is outside its validity period: renew it on the server`
  }
  if (isTlsCode(code))
    return `${detail}; TLS failed: check the server's certificate, or input 'ca-certificate'`
  return detail
}
