import { type Config, isSingleUse } from './config.js'
import { ActionError } from './errors.js'
import type { TokenRequest } from './request.js'
import {
  type Token,
  BadResponse,
  byteCount,
  isTruncatedJson,
  mediaType,
  readToken
} from './response.js'
import { afterAttempts, type Clock, type Outcome, retried } from './retry.js'
import {
  type HttpRequest,
  type HttpResponse,
  type SendOptions,
  asTransportError,
  REFRESH_CUT,
  TRUNCATED,
  TransportError
} from './transport.js'
import { tokenSecrets } from './publish.js'
import { trustedCertificates } from './trust.js'

export interface TokenDeps {
  readonly send: (request: HttpRequest, options: SendOptions) => Promise<HttpResponse>
  readonly clock: Clock
  /** One line of progress for the log; never holds a secret. */
  readonly log: (line: string) => void
  /** One line for the debug log (ACTIONS_STEP_DEBUG): metadata only, never a value sent or received. */
  readonly debug: (line: string) => void
  /** Masks the token's secrets, before the answer's debug line and anything else is written. */
  readonly mask?: (values: readonly string[]) => void
  /** Every value masked so far, proxy credentials among them: kept out of the server's text. */
  readonly secrets?: readonly string[]
  /**
   * The request again, for a retry, with credentials made anew (a client assertion's jti); when it
   * fails, the retry sends the last request.
   */
  readonly renew?: () => Promise<TokenRequest>
}

/**
 * Sends the token request, retrying what is worth retrying, and returns the token; any failure
 * is an ActionError whose message starts with the endpoint and says what to fix.
 */
export async function requestToken(
  first: TokenRequest,
  config: Config,
  deps: TokenDeps
): Promise<Token> {
  let request = first
  const failure = (detail: string, attempts = 1, last?: Outcome): ActionError =>
    new ActionError(
      `Token request to ${request.url.href} failed${afterAttempts(attempts, last)}: ${detail}`
    )
  /* What the server says is quoted in messages; any of our secrets it echoes is masked first. */
  const secrets = [
    config.clientSecret,
    config.password,
    config.refreshToken,
    ...request.secrets,
    ...(deps.secrets ?? [])
  ]
  const options: SendOptions = {
    timeoutMs: config.timeoutMs,
    /* `ca` replaces Node's trust store: the user's certificates are added to the default ones. */
    ca: trustedCertificates(config.caCertificates)
  }

  let sentAt = 0
  let sent = 0
  /* The debug line of a 2xx, which is never retried, waits until its token is masked. */
  let answered = ''
  const attempt = async (): Promise<Outcome> => {
    if (sent++ && deps.renew) {
      /* When new credentials cannot be had (GitHub gives no ID token), the last request again:
         the token endpoint's answer then decides. */
      const renewed = await deps.renew().catch(() => undefined)
      if (renewed) {
        request = renewed
        secrets.push(...renewed.secrets)
      }
    }
    sentAt = deps.clock.now()
    const outcome = await attemptOnce()
    const line = `${describeOutcome(outcome)} in ${deps.clock.now() - sentAt} ms`
    const status = outcome.kind === 'response' ? outcome.response.status : 0
    if (status >= 200 && status < 300) answered = line
    else deps.debug(line)
    return outcome
  }
  const usedOnce = isSingleUse(config.grantType)
  const attemptOnce = async (): Promise<Outcome> => {
    try {
      const response = await deps.send(request, options)
      /* A 2xx cut off mid-JSON is a dropped connection more often than a broken server. */
      if (isTruncatedJson(response) && !usedOnce)
        return {
          kind: 'error',
          error: new TransportError(describeTruncated(response), TRUNCATED)
        }
      return { kind: 'response', response }
    } catch (error) {
      const transportError = asTransportError(error)
      const { status = 0 } = transportError
      if (usedOnce && status >= 200 && status < 300) {
        /* Headers over Node's limit: the body never began, but the server may have used it up. */
        const cut =
          transportError.code === 'HPE_HEADER_OVERFLOW'
            ? `HTTP ${status} answer with headers larger than Node accepts (16 KiB)`
            : `HTTP ${status} answer cut off before its end (${transportError.message})`
        return { kind: 'error', error: new TransportError(cut, REFRESH_CUT) }
      }
      return { kind: 'error', error: transportError }
    }
  }

  const { outcome, attempts } = await retried(attempt, config, deps.clock, deps.log)
  if (outcome.kind === 'error') {
    const { describeTransportError } = await import('./failures.js')
    throw failure(describeTransportError(outcome.error, config, secrets), attempts, outcome)
  }
  const { response } = outcome
  if (response.status < 200 || response.status >= 300) {
    const { describeHttpFailure } = await import('./failures.js')
    throw failure(describeHttpFailure(response, config, secrets), attempts, outcome)
  }
  try {
    const token = readToken(response, sentAt, secrets)
    deps.mask?.(tokenSecrets(token))
    return token
  } catch (error) {
    if (!(error instanceof BadResponse)) throw error
    const { describeBadResponse } = await import('./failures.js')
    throw failure(describeBadResponse(error, response.status, config), attempts)
  } finally {
    deps.debug(answered)
  }
}

function describeTruncated(response: HttpResponse): string {
  return `HTTP ${response.status} (${mediaType(response)}) with truncated or invalid JSON (${byteCount(response.body)}); the connection may have dropped, or the server sends broken JSON: check the server, and any proxy on the way`
}

/** What an attempt came to, without quoting the body: status, type and size, or the error code. */
function describeOutcome(outcome: Outcome): string {
  if (outcome.kind === 'error') return `Attempt failed: ${outcome.error.code}`
  const { response } = outcome
  return `Answer: HTTP ${response.status} (${mediaType(response)}, ${byteCount(response.body)})`
}
