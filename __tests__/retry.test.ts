import { describe, expect, it } from '@jest/globals'
import {
  type AttemptReport,
  type Clock,
  type Outcome,
  MAX_RETRY_AFTER_MS,
  RETRYABLE_STATUSES,
  TRUST_CODES,
  afterAttempts,
  backoffDelay,
  isRetryable,
  isTlsCode,
  parseRetryAfter,
  retried,
  retryAfter,
  withRetries
} from '../src/retry.js'
import { PROXY_UPSTREAM, TransportError } from '../src/transport.js'

const NOW = Date.UTC(2026, 9, 21, 7, 28, 0)

const status = (code: number, headers: Record<string, string | string[]> = {}): Outcome => ({
  kind: 'response',
  response: { status: code, headers, body: '' }
})
const failure = (code: string): Outcome => ({
  kind: 'error',
  error: new TransportError(`failed with ${code}`, code)
})

/** A clock that never waits: it records each sleep, and its jitter is fixed. */
function fakeClock(random = 0.5): Clock & { delays: number[] } {
  const delays: number[] = []
  return {
    delays,
    now: () => NOW,
    sleep: async ms => {
      delays.push(ms)
    },
    random: () => random
  }
}

/** An attempt that gives these outcomes in turn, and counts its calls. */
function script(...outcomes: Outcome[]): { attempt: () => Promise<Outcome>; calls: () => number } {
  let calls = 0
  return {
    attempt: async () => {
      const outcome = outcomes[calls++]
      if (!outcome) throw new Error(`attempt ${calls} was not expected`)
      return outcome
    },
    calls: () => calls
  }
}

async function run(
  retries: number,
  outcomes: Outcome[],
  random = 0.5
): Promise<{
  result: { outcome: Outcome; attempts: number }
  calls: number
  delays: number[]
  reports: AttemptReport[]
}> {
  const clock = fakeClock(random)
  const { attempt, calls } = script(...outcomes)
  const reports: AttemptReport[] = []
  const result = await withRetries(attempt, { retries }, clock, report => reports.push(report))
  return { result, calls: calls(), delays: clock.delays, reports }
}

describe('isRetryable', () => {
  it('retries exactly 408, 429, 500, 502, 503 and 504', () => {
    expect([...RETRYABLE_STATUSES].sort()).toEqual([408, 429, 500, 502, 503, 504])
  })

  it.each([408, 429, 500, 502, 503, 504])('retries HTTP %d', code => {
    expect(isRetryable(status(code))).toBe(true)
  })

  it("does not retry Auth0's 429 too_many_attempts: a blocked account, which waiting does not unblock", () => {
    const blocked: Outcome = {
      kind: 'response',
      response: {
        status: 429,
        headers: { 'content-type': 'application/json' },
        body: '{"error":"too_many_attempts","error_description":"Your account has been blocked after multiple consecutive login attempts."}'
      }
    }
    expect(isRetryable(blocked)).toBe(false)
  })

  it.each([200, 201, 204, 301, 302, 307, 400, 401, 403, 404, 405, 409, 415, 422, 425, 501, 505])(
    'does not retry HTTP %d',
    code => {
      expect(isRetryable(status(code))).toBe(false)
    }
  )

  it.each([
    'ECONNRESET',
    'ECONNREFUSED',
    'ECONNABORTED',
    'ETIMEDOUT',
    'ENOTFOUND',
    'EAI_AGAIN',
    'EPIPE',
    'EHOSTUNREACH',
    'ENETUNREACH',
    'ETRUNCATED',
    'ERROR'
  ])('retries the network failure %s', code => {
    expect(isRetryable(failure(code))).toBe(true)
  })

  it.each([
    'EBODYTOOLARGE',
    'EPROXYREFUSED',
    'CERT_HAS_EXPIRED',
    'CERT_NOT_YET_VALID',
    'CERT_SIGNATURE_FAILURE',
    'CERT_UNTRUSTED',
    'DEPTH_ZERO_SELF_SIGNED_CERT',
    'SELF_SIGNED_CERT_IN_CHAIN',
    'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
    'UNABLE_TO_GET_ISSUER_CERT',
    'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
    'ERR_TLS_CERT_ALTNAME_INVALID',
    'ERR_SSL_WRONG_VERSION_NUMBER',
    'ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE',
    'EPROTO',
    'HPE_INVALID_CONSTANT',
    'HPE_HEADER_OVERFLOW',
    'ERR_INVALID_CHAR',
    'ERR_INVALID_HTTP_TOKEN',
    'ERR_HTTP_INVALID_HEADER_VALUE',
    'ERR_UNESCAPED_CHARACTERS',
    'ERR_INVALID_ARG_VALUE',
    'CRL_SIGNATURE_FAILURE',
    // A refresh grant's answer cut off: the token may be spent (token.ts); no status rides on it.
    'EREFRESHCUT',
    // An HTTP 101, whose status is under 300: the server speaks another protocol there.
    'ESWITCHEDPROTOCOLS'
  ])('does not retry %s', code => {
    expect(isRetryable(failure(code))).toBe(false)
  })

  const cut = (code: string, status: number): Outcome => ({
    kind: 'error',
    error: new TransportError(`HTTP ${status} cut off (${code})`, code, undefined, status)
  })

  it.each([300, 301, 302, 307, 400, 401, 403, 404, 501])(
    'does not retry an HTTP %d cut off mid-body, by a reset, broken framing or a timeout',
    code => {
      for (const error of ['ECONNRESET', 'HPE_INVALID_CHUNK_SIZE', 'ETIMEDOUT']) {
        expect(isRetryable(cut(error, code))).toBe(false)
      }
    }
  )

  it.each([200, 408, 429, 500, 502, 503, 504])('retries an HTTP %d cut off mid-body', code => {
    expect(isRetryable(cut('ECONNRESET', code))).toBe(true)
  })

  // The same server breaks the same framing again: a bare LF, two Content-Lengths (audit 87a).
  it.each(['HPE_CR_EXPECTED', 'HPE_UNEXPECTED_CONTENT_LENGTH', 'HPE_INVALID_CHUNK_SIZE'])(
    'does not retry a 2xx, or an answer with no status, whose framing Node refuses: %s',
    code => {
      expect(isRetryable(cut(code, 200))).toBe(false)
      expect(isRetryable(cut(code, 0))).toBe(false)
      // A status that asks for a retry is heeded, however its body is framed.
      expect(isRetryable(cut(code, 503))).toBe(true)
    }
  )

  // A cut, even mid-headers, is Node's ECONNRESET (transport.test.ts), which is retried.
  it('does not retry headers over 16 KiB, whatever the status: they would be as large again', () => {
    expect(isRetryable(cut('HPE_HEADER_OVERFLOW', 503))).toBe(false)
    expect(isRetryable(cut('HPE_HEADER_OVERFLOW', 0))).toBe(false)
  })
})

describe('isTlsCode', () => {
  it.each([
    ['CERT_HAS_EXPIRED', true],
    ['DEPTH_ZERO_SELF_SIGNED_CERT', true],
    ['UNABLE_TO_VERIFY_LEAF_SIGNATURE', true],
    ['UNABLE_TO_GET_ISSUER_CERT_LOCALLY', true],
    ['ERR_TLS_CERT_ALTNAME_INVALID', true],
    ['ERR_SSL_WRONG_VERSION_NUMBER', true],
    // Node's TLS codes that name no certificate: a matter of configuration all the same.
    ['ERR_TLS_DH_PARAM_SIZE', true],
    ['ERR_TLS_INVALID_PROTOCOL_VERSION', true],
    ['CERT_SIGNATURE_FAILURE', true],
    ['CRL_SIGNATURE_FAILURE', true],
    // A certificate not for a TLS server (extendedKeyUsage), or an issuer not for issuing.
    ['INVALID_PURPOSE', true],
    // OpenSSL's other verification failures, as Node names them: an issuer that is no CA, a chain
    // longer than a CA allows, a revocation list missing, expired or not yet valid.
    ['INVALID_CA', true],
    ['PATH_LENGTH_EXCEEDED', true],
    ['UNABLE_TO_GET_CRL', true],
    ['CRL_HAS_EXPIRED', true],
    ['CRL_NOT_YET_VALID', true],
    // An issuer's key OpenSSL cannot read, and what Node has no name for: a certificate signed
    // with SHA-1 or MD5, or with a key too small (retried before stop 96), and a key too small
    // in the handshake.
    ['UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY', true],
    ['UNSPECIFIED', true],
    ['ERR_SSL_EE_KEY_TOO_SMALL', true],
    ['EPROTO', true],
    ['ECONNRESET', false],
    ['ETIMEDOUT', false],
    ['ENOTFOUND', false],
    ['EBODYTOOLARGE', false]
  ])('%s is %s', (code, expected) => {
    expect(isTlsCode(code)).toBe(expected)
  })
})

describe('TRUST_CODES', () => {
  it("holds exactly Node's codes for a certificate it could not trust, which ca-certificate can fix", () => {
    expect([...TRUST_CODES].sort()).toEqual([
      'CERT_SIGNATURE_FAILURE',
      'CERT_UNTRUSTED',
      'DEPTH_ZERO_SELF_SIGNED_CERT',
      'SELF_SIGNED_CERT_IN_CHAIN',
      'UNABLE_TO_GET_ISSUER_CERT',
      'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
      'UNABLE_TO_VERIFY_LEAF_SIGNATURE'
    ])
  })

  it.each([...TRUST_CODES])('%s is a TLS code, never retried', code => {
    expect(isTlsCode(code)).toBe(true)
    expect(isRetryable(failure(code))).toBe(false)
  })
})

describe('withRetries', () => {
  it('returns a success at once, without sleeping', async () => {
    const ok = status(200)
    const { result, calls, delays, reports } = await run(3, [ok])
    expect(result).toEqual({ outcome: ok, attempts: 1 })
    expect(calls).toBe(1)
    expect(delays).toEqual([])
    expect(reports).toEqual([{ attempt: 1, attempts: 4, outcome: ok }])
  })

  it('retries a 503 until it succeeds, with growing delays', async () => {
    const busy = status(503)
    const ok = status(200)
    const { result, calls, delays, reports } = await run(3, [busy, busy, ok])
    expect(result).toEqual({ outcome: ok, attempts: 3 })
    expect(calls).toBe(3)
    // random 0.5: 1000 * (1/2 + 0.5/2), then 2000 * (1/2 + 0.5/2)
    expect(delays).toEqual([750, 1500])
    expect(reports).toEqual([
      { attempt: 1, attempts: 4, outcome: busy, delayMs: 750 },
      { attempt: 2, attempts: 4, outcome: busy, delayMs: 1500 },
      { attempt: 3, attempts: 4, outcome: ok }
    ])
  })

  it.each([0, 1, 3, 10])(
    'makes exactly %d retries, then returns the last outcome',
    async retries => {
      const outcomes = Array.from({ length: retries + 1 }, (_, i) =>
        i % 2 ? status(502) : failure('ECONNRESET')
      )
      const { result, calls, delays, reports } = await run(retries, outcomes)
      expect(calls).toBe(retries + 1)
      expect(result).toEqual({ outcome: outcomes[retries], attempts: retries + 1 })
      expect(delays).toHaveLength(retries)
      expect(reports).toHaveLength(retries + 1)
      expect(reports.at(-1)).toEqual({
        attempt: retries + 1,
        attempts: retries + 1,
        outcome: outcomes[retries]
      })
    }
  )

  it('makes the next attempt only once the wait is over', async () => {
    let wake = (): void => undefined
    const clock: Clock = {
      now: () => NOW,
      sleep: () => new Promise<void>(resolve => (wake = resolve)),
      random: () => 0.5
    }
    const ok = status(200)
    const { attempt, calls } = script(status(503), ok)
    const result = withRetries(attempt, { retries: 3 }, clock, () => undefined)
    await new Promise(resolve => setImmediate(resolve))
    expect(calls()).toBe(1)
    wake()
    await expect(result).resolves.toEqual({ outcome: ok, attempts: 2 })
    expect(calls()).toBe(2)
  })

  it('waits 750, 1500, 3000 ms between four attempts at random 0.5', async () => {
    const busy = status(504)
    const { delays } = await run(3, [busy, busy, busy, busy])
    expect(delays).toEqual([750, 1500, 3000])
  })

  it.each([400, 401, 403, 404, 409, 422])('never retries HTTP %d', async code => {
    const answer = status(code, { 'retry-after': '1' })
    const { result, calls, delays, reports } = await run(3, [answer])
    expect(result).toEqual({ outcome: answer, attempts: 1 })
    expect(calls).toBe(1)
    expect(delays).toEqual([])
    expect(reports).toEqual([{ attempt: 1, attempts: 4, outcome: answer }])
  })

  it.each(['ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', 'ECONNREFUSED'])(
    'retries the network failure %s',
    async code => {
      const ok = status(200)
      const { result, calls, delays } = await run(3, [failure(code), ok])
      expect(result).toEqual({ outcome: ok, attempts: 2 })
      expect(calls).toBe(2)
      expect(delays).toEqual([750])
    }
  )

  it.each([
    'CERT_HAS_EXPIRED',
    'DEPTH_ZERO_SELF_SIGNED_CERT',
    'ERR_TLS_CERT_ALTNAME_INVALID',
    'EPROTO',
    'EBODYTOOLARGE'
  ])('does not retry %s', async code => {
    const outcome = failure(code)
    const { result, calls, delays } = await run(3, [outcome])
    expect(result).toEqual({ outcome, attempts: 1 })
    expect(calls).toBe(1)
    expect(delays).toEqual([])
  })

  it.each<[string, string | string[], number, number]>([
    ['seconds', '5', 0, 5000],
    ['seconds, plus jitter over three steps', '5', 0.5, 6500],
    ['zero seconds', '0', 0, 0],
    ['the first of several values', ['7', '1'], 0, 7000],
    ['an HTTP date', new Date(NOW + 30_000).toUTCString(), 0, 30_000],
    ['an HTTP date, plus jitter', new Date(NOW + 30_000).toUTCString(), 0.999, 32_997],
    ['an HTTP date in the past', new Date(NOW - 30_000).toUTCString(), 0, 0],
    ['the longest wait allowed', '60', 0, 60_000],
    ['something unreadable, as plain backoff', 'soon', 0, 500]
  ])('honours Retry-After as %s', async (_name, retryAfter, random, expected) => {
    const limited = status(429, { 'retry-after': retryAfter })
    const ok = status(200)
    const { result, calls, delays, reports } = await run(3, [limited, ok], random)
    expect(result).toEqual({ outcome: ok, attempts: 2 })
    expect(calls).toBe(2)
    expect(delays).toEqual([expected])
    expect(reports[0]).toEqual({ attempt: 1, attempts: 4, outcome: limited, delayMs: expected })
  })

  // A proxy's answer to CONNECT comes as a TransportError that carries it.
  it("honours the Retry-After of a proxy's 429 to CONNECT, and stops at once at one too long", async () => {
    const proxy = (retryAfter: string): Outcome => ({
      kind: 'error',
      error: new TransportError('refused', PROXY_UPSTREAM, '127.0.0.1:3128', undefined, {
        status: 429,
        headers: { 'retry-after': retryAfter }
      })
    })
    const limited = proxy('5')
    const ok = status(200)
    const { result, delays } = await run(3, [limited, ok])
    expect(result).toEqual({ outcome: ok, attempts: 2 })
    // 5 s, plus random 0.5 of three steps of 1 s.
    expect(delays).toEqual([6500])
    const asking = proxy('120')
    const stopped = await run(3, [asking, ok])
    expect(stopped.result).toEqual({ outcome: asking, attempts: 1 })
    expect(stopped.delays).toEqual([])
  })

  it('waits at least the Retry-After on every attempt', async () => {
    const limited = status(503, { 'retry-after': '2' })
    for (const random of [0, 0.25, 0.5, 0.999]) {
      const { delays } = await run(3, [limited, limited, limited, limited], random)
      expect(delays).toHaveLength(3)
      for (const delay of delays) expect(delay).toBeGreaterThanOrEqual(2000)
    }
  })

  it.each<[string, string, number]>([
    ['61 seconds', '61', 61_000],
    ['an HTTP date two minutes ahead', new Date(NOW + 120_000).toUTCString(), 120_000]
  ])(
    'returns at once the answer whose Retry-After is too long to wait (%s), without sleeping',
    async (_name, value, ms) => {
      const clock = fakeClock()
      const asking = status(503, { 'retry-after': value })
      const { attempt, calls } = script(asking, status(200))
      const reports: AttemptReport[] = []
      const result = await withRetries(attempt, { retries: 3 }, clock, report =>
        reports.push(report)
      )
      expect(result).toEqual({ outcome: asking, attempts: 1 })
      expect(calls()).toBe(1)
      expect(clock.delays).toEqual([])
      expect(reports).toEqual([{ attempt: 1, attempts: 4, outcome: asking }])
      expect(retryAfter({ status: 503, headers: { 'retry-after': value } }, NOW)).toBe(ms)
    }
  )

  it('returns a last attempt with a long Retry-After instead of throwing', async () => {
    const limited = status(429, { 'retry-after': '3600' })
    const { result, calls, delays } = await run(0, [limited])
    expect(result).toEqual({ outcome: limited, attempts: 1 })
    expect(calls).toBe(1)
    expect(delays).toEqual([])
  })

  it('waits a Retry-After of exactly 60 s', async () => {
    const clock = fakeClock()
    const asking = status(429, { 'retry-after': '60' })
    const { attempt, calls } = script(asking, status(200))
    const result = await withRetries(attempt, { retries: 3 }, clock, () => undefined)
    expect(result).toEqual({ outcome: status(200), attempts: 2 })
    expect(calls()).toBe(2)
    expect(clock.delays[0]).toBeGreaterThanOrEqual(MAX_RETRY_AFTER_MS)
    expect(MAX_RETRY_AFTER_MS).toBe(60_000)
  })
})

describe('backoffDelay', () => {
  it.each([
    [1, 500, 1000],
    [2, 1000, 1999],
    [3, 2000, 3998],
    [4, 4000, 7996],
    [5, 8000, 15_992],
    [6, 8000, 15_992],
    [30, 8000, 15_992],
    [2000, 8000, 15_992]
  ])('after attempt %d waits %d ms at random 0 and %d at 0.999', (n, low, high) => {
    expect(backoffDelay(n, undefined, () => 0)).toBe(low)
    expect(backoffDelay(n, undefined, () => 0.999)).toBe(high)
  })

  it('stays between half a step and a step', () => {
    for (let n = 1; n <= 8; n++) {
      const step = Math.min(16_000, 1000 * 2 ** (n - 1))
      for (let r = 0; r < 1; r += 0.0625) {
        const delay = backoffDelay(n, undefined, () => r)
        expect(delay).toBeGreaterThanOrEqual(step / 2)
        expect(delay).toBeLessThanOrEqual(step)
      }
    }
  })

  it.each([
    [1, 5000, 0, 5000],
    [1, 5000, 0.999, 7997],
    [3, 5000, 0.999, 16_988],
    [1, 0, 0.5, 1500],
    [9, 60_000, 0.999, 75_984]
  ])(
    'after attempt %d with Retry-After %d ms and random %d waits %d',
    (n, retryAfter, random, expected) => {
      expect(backoffDelay(n, retryAfter, () => random)).toBe(expected)
    }
  )
})

describe('parseRetryAfter', () => {
  it.each<[string, string | string[] | undefined, number | undefined]>([
    ['absent', undefined, undefined],
    ['empty', '', undefined],
    ['blank', '  ', undefined],
    ['zero', '0', 0],
    ['seconds', '120', 120_000],
    ['seconds with spaces', ' 7 ', 7000],
    ['the first of an array', ['3', '9'], 3000],
    ['a fraction', '1.5', undefined],
    ['a negative number', '-1', undefined],
    ['a word', 'later', undefined],
    ['an HTTP date ahead', new Date(NOW + 45_000).toUTCString(), 45_000],
    ['an HTTP date behind', new Date(NOW - 45_000).toUTCString(), 0],
    ['an RFC 850 date', 'Wednesday, 21-Oct-26 07:28:10 GMT', 10_000],
    // Too many seconds for a double is still a wait, one too long to make (RetryAfterTooLong).
    ['seconds past what a double holds', '9'.repeat(400), Number.MAX_SAFE_INTEGER]
  ])('reads %s', (_name, value, expected) => {
    expect(parseRetryAfter(value, NOW)).toBe(expected)
  })
})

describe('retryAfter: Retry-After, or a rate limit reset', () => {
  const answer = (code: number, headers: Record<string, string>) => ({
    status: code,
    headers,
    body: ''
  })
  const inSeconds = (seconds: number): string => String(NOW / 1000 + seconds)
  it.each<[string, number, Record<string, string>, number | undefined]>([
    [
      "Auth0's X-RateLimit-Reset, Unix seconds",
      429,
      { 'x-ratelimit-reset': inSeconds(12) },
      12_000
    ],
    ["Okta's X-Rate-Limit-Reset", 429, { 'x-rate-limit-reset': inSeconds(40) }, 40_000],
    [
      "Auth0's before Okta's, when a 429 has both",
      429,
      { 'x-ratelimit-reset': inSeconds(5), 'x-rate-limit-reset': inSeconds(9) },
      5000
    ],
    [
      "timed by the answer's Date, not the runner's clock",
      429,
      { 'x-ratelimit-reset': inSeconds(12), date: new Date(NOW - 5000).toUTCString() },
      17_000
    ],
    ['a reset already past', 429, { 'x-ratelimit-reset': inSeconds(-3) }, 0],
    ['seconds to wait, as some servers give', 429, { 'x-ratelimit-reset': '7' }, 7000],
    ['a reset too far to wait for', 429, { 'x-ratelimit-reset': inSeconds(3600) }, 3_600_000],
    ['Retry-After first', 429, { 'retry-after': '2', 'x-ratelimit-reset': inSeconds(12) }, 2000],
    ['a reset on another status', 503, { 'x-ratelimit-reset': inSeconds(12) }, undefined],
    [
      'a reset in milliseconds: not seconds',
      429,
      { 'x-ratelimit-reset': String(NOW + 12_000) },
      undefined
    ],
    ['a reset that is no number', 429, { 'x-ratelimit-reset': 'soon' }, undefined],
    ['a reset of 0', 429, { 'x-ratelimit-reset': '0' }, undefined],
    ['a reset of 1: a second to wait', 429, { 'x-ratelimit-reset': '1' }, 1000],
    // Not under 1e9: Unix seconds, in 2001, long past.
    ['a reset of exactly 1e9: Unix seconds', 429, { 'x-ratelimit-reset': '1000000000' }, 0],
    [
      'a reset of 1e11 or more: neither seconds to wait nor Unix seconds',
      429,
      { 'x-ratelimit-reset': '100000000000' },
      undefined
    ],
    [
      'a reset under 1e9: seconds to wait, however many',
      429,
      { 'x-ratelimit-reset': '999999999' },
      999_999_999_000
    ],
    [
      "a Retry-After date timed by the answer's Date, on a server whose clock is 2 min ahead",
      503,
      {
        'retry-after': new Date(NOW + 123_000).toUTCString(),
        date: new Date(NOW + 120_000).toUTCString()
      },
      3000
    ],
    [
      'a Retry-After date without a Date: by the runner clock',
      503,
      { 'retry-after': new Date(NOW + 45_000).toUTCString() },
      45_000
    ],
    [
      'a Retry-After date, with a Date that is no date (Date.parse reads "1" as 2001)',
      503,
      { 'retry-after': new Date(NOW + 5000).toUTCString(), date: '1' },
      5000
    ],
    [
      'Retry-After seconds: whatever the Date',
      503,
      { 'retry-after': '4', date: 'Thu, 01 Jan 2026 00:00:00 GMT' },
      4000
    ],
    ['nothing', 429, {}, undefined]
  ])('reads %s', (_name, code, headers, expected) => {
    expect(retryAfter(answer(code, headers), NOW)).toBe(expected)
  })

  it('waits for the reset, then retries, and fails at once when it is too far', async () => {
    const limited = status(429, { 'x-ratelimit-reset': inSeconds(12) })
    const { attempt, calls } = script(limited, status(200))
    const clock = fakeClock()
    const result = await withRetries(attempt, { retries: 3 }, clock, () => undefined)
    expect(calls()).toBe(2)
    expect(result.outcome).toEqual(status(200))
    expect(clock.delays).toHaveLength(1)
    expect(clock.delays[0]).toBeGreaterThanOrEqual(12_000)
    const far = status(429, { 'x-ratelimit-reset': inSeconds(600) })
    const { attempt: farAttempt, calls: farCalls } = script(far, status(200))
    await expect(withRetries(farAttempt, { retries: 3 }, clock, () => undefined)).resolves.toEqual({
      outcome: far,
      attempts: 1
    })
    expect(farCalls()).toBe(1)
    expect(clock.delays).toHaveLength(1)
  })
})

describe('retried', () => {
  it('logs each attempt that will be retried, not the last, and returns the outcome', async () => {
    const lines: string[] = []
    const { attempt } = script(status(503), failure('ECONNRESET'), status(502))
    const result = await retried(attempt, { retries: 2 }, fakeClock(), l => lines.push(l))
    expect(result).toEqual({ outcome: status(502), attempts: 3 })
    const wait = (n: number) => (backoffDelay(n, undefined, () => 0.5) / 1000).toFixed(1)
    expect(lines).toEqual([
      `Attempt 1 of 3: HTTP 503; retrying in ${wait(1)} s`,
      `Attempt 2 of 3: ECONNRESET; retrying in ${wait(2)} s`
    ])
  })

  it('returns the answer whose Retry-After is too long to wait, with the attempts made', async () => {
    const lines: string[] = []
    const asking = status(429, { 'retry-after': '600' })
    const { attempt, calls } = script(status(503), asking, status(200))
    await expect(
      retried(attempt, { retries: 3 }, fakeClock(), l => lines.push(l))
    ).resolves.toEqual({ outcome: asking, attempts: 2 })
    expect(calls()).toBe(2)
    expect(lines).toHaveLength(1)
  })

  it('lets any other error through as it is', async () => {
    const broken = new TypeError('broken')
    const attempt = () => Promise.reject(broken)
    await expect(retried(attempt, { retries: 3 }, fakeClock(), () => {})).rejects.toBe(broken)
  })
})

describe('afterAttempts: the count in a failure line', () => {
  it.each<[string, number, Outcome | undefined, string]>([
    ['attempts retried', 3, status(400), ' after 3 attempts'],
    ['two attempts, the second a 400', 2, status(400), ' after 2 attempts'],
    ['one attempt at a 503 (retries: 0)', 1, status(503), ' after 1 attempt'],
    ['one attempt at a network error (retries: 0)', 1, failure('ETIMEDOUT'), ' after 1 attempt'],
    [
      'a 503 whose Retry-After is 60 s, what a retry waits',
      1,
      status(503, { 'retry-after': '60' }),
      ' after 1 attempt'
    ],
    [
      'a 429 whose Retry-After is over 60 s, which no retry meets',
      1,
      status(429, { 'retry-after': '61' }),
      ''
    ],
    [
      "a proxy's 429 to CONNECT whose Retry-After is over 60 s",
      1,
      {
        kind: 'error',
        error: new TransportError('refused', PROXY_UPSTREAM, '127.0.0.1:3128', undefined, {
          status: 429,
          headers: { 'retry-after': '120' }
        })
      },
      ''
    ],
    ['one attempt at a 400, which no retry meets', 1, status(400), ''],
    ['one attempt at a TLS failure', 1, failure('CERT_HAS_EXPIRED'), ''],
    ['one attempt, its outcome not given', 1, undefined, '']
  ])('%s', (_, attempts, last, expected) => {
    expect(afterAttempts(attempts, last, NOW)).toBe(expected)
  })
})
