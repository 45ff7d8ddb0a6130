// A crowd: 30 runs of the bundled action start at once against one loopback token endpoint
// that admits 5 requests a second and answers the rest `429 Retry-After: 1`. All must end with
// a token, and their retries must spread out rather than arrive in lock-step.
import { describe, expect, it } from '@jest/globals'
import { randomBytes } from 'node:crypto'
import { type IncomingMessage, type ServerResponse, createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { type ActionRun, findLeaks, runAction } from '../scripts/runner.mjs'

const PROCESSES = 30
const ADMITTED_PER_SECOND = 5
/**
 * Extra attempts each run may make: more than the default (3), so that a crowd slowed by a busy
 * shared machine cannot fail the test. With the action's backoff (Retry-After plus a random share
 * of up to three backoff steps: 0-3, 0-6, 0-12 s), a simulation of this limiter has under 1% of
 * crowds need a 5th attempt (docs/reliability.md's figure), and 23 crowds run on a 2-core machine
 * with the default all got their tokens in at most 4 attempts (2026-11-30). With the wider jitter's
 * forerunner (0-1, 0-2, 0-4 s), one crowd in five to one in two needed a 5th.
 */
const RETRIES = 5

interface Arrival {
  readonly client: string
  /** 1 for a client's first request, 2 for its first retry, ... */
  readonly attempt: number
  /** ms since the crowd started. */
  readonly at: number
  status?: number
  /** ms since the crowd started, when the answer was sent. */
  answeredAt?: number
}

/** The most arrivals within any window of `ms` (sliding, starting at an arrival). */
function busiestWindow(times: readonly number[], ms: number): number {
  const sorted = [...times].sort((a, b) => a - b)
  let best = 0
  let start = 0
  for (let end = 0; end < sorted.length; end++) {
    while ((sorted[end] ?? 0) - (sorted[start] ?? 0) >= ms) start++
    best = Math.max(best, end - start + 1)
  }
  return best
}

function standardDeviation(values: readonly number[]): number {
  const mean = values.reduce((sum, v) => sum + v, 0) / values.length
  return Math.sqrt(values.reduce((sum, v) => sum + (v - mean) ** 2, 0) / values.length)
}

async function startRateLimitedServer(started: number) {
  const arrivals: Arrival[] = []
  const admitted: number[] = []
  const issued = new Map<string, { access_token: string; refresh_token: string }>()
  const attemptsOf = new Map<string, number>()

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const at = Date.now() - started
    let body = ''
    req.setEncoding('utf8')
    req.on('data', chunk => (body += chunk))
    req.on('end', () => {
      let client = 'unknown'
      try {
        client = String((JSON.parse(body) as { client_id?: unknown }).client_id)
      } catch {
        // counted as unknown
      }
      const attempt = (attemptsOf.get(client) ?? 0) + 1
      attemptsOf.set(client, attempt)
      const arrival: Arrival = { client, attempt, at }
      arrivals.push(arrival)
      // Sliding window: at most 5 admitted requests in any second.
      const now = Date.now() - started
      const recent = admitted.filter(t => t > now - 1000).length
      if (recent < ADMITTED_PER_SECOND) {
        admitted.push(now)
        const token = {
          access_token: `at-${client}-${randomBytes(12).toString('hex')}`,
          refresh_token: `rt-${client}-${randomBytes(12).toString('hex')}`
        }
        issued.set(client, token)
        arrival.status = 200
        res.writeHead(200, { 'Content-Type': 'application/json' })
        res.end(JSON.stringify({ ...token, token_type: 'Bearer', expires_in: 3600 }))
      } else {
        arrival.status = 429
        res.writeHead(429, { 'Content-Type': 'application/json', 'Retry-After': '1' })
        res.end(JSON.stringify({ error: 'too_many_requests', error_description: 'Slow down.' }))
      }
      arrival.answeredAt = Date.now() - started
    })
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', () => resolve()))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    arrivals,
    admitted,
    issued,
    close: () =>
      new Promise<void>(resolve => {
        server.close(() => resolve())
        server.closeAllConnections()
      })
  }
}

describe('a crowd of 30 runs against a rate-limited endpoint', () => {
  it('all get a token, and their retries spread out', async () => {
    const started = Date.now()
    const server = await startRateLimitedServer(started)
    try {
      const clients = Array.from({ length: PROCESSES }, (_, i) => ({
        id: `crowd-${String(i + 1).padStart(2, '0')}`,
        secret: `cs-${randomBytes(12).toString('hex')}`,
        password: `pw-${randomBytes(12).toString('hex')}`
      }))
      const runs = await Promise.all(
        clients.map(client =>
          runAction(
            {
              host: server.url,
              'client-id': client.id,
              'client-secret': client.secret,
              username: 'user@example.com',
              password: client.password,
              retries: String(RETRIES),
              timeout: '10'
            },
            {},
            { timeoutMs: 50_000 }
          )
        )
      )
      const lastToken = Date.now() - started
      const { arrivals } = server

      // Retries: each 429'd request's follow-up from the same client, and the wait between.
      const followUps = arrivals
        .filter(a => a.attempt > 1)
        .map(retry => {
          const previous = arrivals.find(
            a => a.client === retry.client && a.attempt === retry.attempt - 1
          )
          return { retry, waited: retry.at - (previous?.answeredAt ?? 0) }
        })
      const firstRetryWaits = followUps.filter(f => f.retry.attempt === 2).map(f => f.waited)
      const retryTimes = followUps.map(f => f.retry.at)
      const firstWave = arrivals.filter(a => a.attempt === 1).map(a => a.at)
      const attemptsPerClient = clients.map(c => arrivals.filter(a => a.client === c.id).length)
      const summary = {
        processes: PROCESSES,
        retries: RETRIES,
        requests: arrivals.length,
        '429s': arrivals.filter(a => a.status === 429).length,
        tokens: runs.filter(run => run.code === 0).length,
        'time to last token (s)': +(lastToken / 1000).toFixed(1),
        'most attempts by one run': Math.max(...attemptsPerClient),
        'first arrivals spread over (ms)': Math.max(...firstWave) - Math.min(...firstWave),
        'max arrivals in any 100 ms': busiestWindow(
          arrivals.map(a => a.at),
          100
        ),
        'max retry arrivals in any 100 ms': busiestWindow(retryTimes, 100),
        'max retry arrivals in any 200 ms': busiestWindow(retryTimes, 200),
        'first-retry wait after a 429 (ms)': {
          n: firstRetryWaits.length,
          min: Math.min(...firstRetryWaits),
          max: Math.max(...firstRetryWaits),
          sd: Math.round(standardDeviation(firstRetryWaits))
        }
      }
      console.log(`crowd summary\n${JSON.stringify(summary, null, 2)}`)

      // Every run ends with its own token, and no secret reaches a log.
      expect(runs).toHaveLength(clients.length)
      for (const [i, client] of clients.entries()) {
        const run = runs[i] as ActionRun
        const issued = server.issued.get(client.id)
        expect({
          client: client.id,
          code: run.code,
          error: run.stdout.match(/^::error::.*$/m),
          token: run.outputs['access-token']
        }).toEqual({
          client: client.id,
          code: 0,
          error: null,
          token: issued?.access_token ?? 'the server issued this client no token'
        })
        expect(
          findLeaks(run, [
            client.secret,
            client.password,
            issued?.access_token ?? '',
            issued?.refresh_token ?? ''
          ])
        ).toEqual([])
      }
      expect(Math.max(...attemptsPerClient)).toBeLessThanOrEqual(RETRIES + 1)
      // The endpoint kept its limit, so the crowd really was throttled.
      expect(busiestWindow(server.admitted, 1000)).toBeLessThanOrEqual(ADMITTED_PER_SECOND)
      expect(summary['429s']).toBeGreaterThan(0)

      // Retry-After is honoured: no retry comes sooner than 1 s after its 429.
      expect(Math.min(...followUps.map(f => f.waited))).toBeGreaterThanOrEqual(990)
      // Not lock-step: without jitter every first retry would wait the same 1 s (plus a few ms
      // of latency). After a Retry-After the action adds 0-3 s at random (three backoff steps):
      // a standard deviation near 870 ms and a range near 3 s. With 10 or more first retries
      // (usually 20-25), a standard deviation under 120 ms or a range under 350 ms would take
      // ten waits within 350 ms of each other, which uniform jitter gives well under once in a
      // million crowds; latency alone stays far below both.
      const waits = summary['first-retry wait after a 429 (ms)']
      expect(waits.n).toBeGreaterThanOrEqual(10)
      expect(waits.sd).toBeGreaterThanOrEqual(120)
      expect(waits.max - waits.min).toBeGreaterThanOrEqual(350)
      // And no burst: no 200 ms window holds half of all retries.
      expect(summary['max retry arrivals in any 200 ms']).toBeLessThan(retryTimes.length / 2)
    } finally {
      await server.close()
    }
  }, 60_000)
})
