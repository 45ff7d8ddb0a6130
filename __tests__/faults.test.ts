// The fault suite: runs the bundled action as the runner does against loopback servers that
// misbehave in one way each, and records, per fault, whether the action recovered or failed
// clearly, how many attempts it made, how long it took and whether any secret reached the log.
// The table it prints, and writes to reliability.md in a directory of its own under $TMPDIR
// (`ls -td "${TMPDIR:-/tmp}"/reliability-*/ | head -1`: a fixed /tmp/reliability.md may be another
// user's, or another run's), is docs/reliability.md's, between its reliability markers.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type ActionRun, findLeaks, runAction } from '../scripts/runner.mjs'
import {
  type Behaviour,
  type FaultServer,
  type TokenResponse,
  PROXY_ERROR_PAGE,
  answer,
  closedPort,
  hang,
  hugeBody,
  newToken,
  redirect,
  resetMidResponse,
  startFaultServer,
  switchProtocols,
  token,
  trickle,
  truncatedJson
} from './support/fault-server.js'
import { TestPki } from './support/pki.js'

/** Rows run this many at a time: the waits are real, the CPU is two cores. */
const PARALLEL = 8
const MiB = 1024 * 1024

/** What a row's scenario set up: where the action points, and what to check afterwards. */
interface Scenario {
  readonly host: string
  /** The token served once the fault has passed; its values are secrets too. */
  readonly token?: TokenResponse
  readonly inputs?: Readonly<Record<string, string>>
  readonly env?: Readonly<Record<string, string>>
  /** Attempts as the server counted them; undefined when no server can see them. */
  readonly seen?: () => number
  /** Anything else wrong with the run, in words. */
  readonly problems?: () => string[]
  readonly close: () => Promise<void>
}

interface Row {
  readonly fault: string
  readonly expected:
    | { readonly outcome: 'recovered'; readonly attempts?: number }
    | { readonly outcome: 'failed'; readonly message: RegExp; readonly attempts?: number }
  readonly start: (label: string) => Promise<Scenario>
}

interface Result {
  readonly run: ActionRun
  readonly attempts: number
  /** 'server' when the server counted them, 'log' when read from the action's attempt lines. */
  readonly counter: 'server' | 'log'
  readonly errors: string[]
  readonly leaks: string[]
  readonly problems: string[]
  readonly recovered: boolean
}

let pki: TestPki | undefined
let cert = { key: '', cert: '' }
let dnsPreload = ''

/** A server that fails the first `failures` requests with `fault`, then answers a token. */
function failing(failures: number, fault: (value: TokenResponse) => Behaviour) {
  return async (label: string): Promise<Scenario> => {
    const value = newToken(label)
    const server = await startFaultServer(n => (n <= failures ? fault(value) : token(value)))
    return { host: server.url, token: value, seen: () => server.hits.length, close: server.close }
  }
}

/** Gaps between consecutive requests, in ms. */
function gaps(server: FaultServer): number[] {
  return server.hits.slice(1).map((hit, i) => hit.at - (server.hits[i]?.at ?? 0))
}

const ROWS: readonly Row[] = [
  {
    fault: 'connection refused (nothing listens)',
    expected: { outcome: 'failed', message: /ECONNREFUSED.*check input 'host'/, attempts: 4 },
    start: async () => {
      const port = await closedPort()
      return { host: `http://127.0.0.1:${port}`, close: async () => undefined }
    }
  },
  {
    fault: 'connection refused, server up after 1.5 s',
    expected: { outcome: 'recovered' },
    start: async label => {
      const port = await closedPort()
      const value = newToken(label)
      let server: FaultServer | undefined
      let failure = ''
      // The port was free a moment ago; should anything take it meanwhile, the row says so.
      const starting = new Promise<void>(resolve =>
        setTimeout(() => {
          startFaultServer(() => token(value), { port }).then(
            started => {
              server = started
              resolve()
            },
            (error: unknown) => {
              failure = `could not listen on port ${port} again: ${String(error)}`
              resolve()
            }
          )
        }, 1500)
      )
      return {
        host: `http://127.0.0.1:${port}`,
        token: value,
        problems: () => (failure ? [failure] : []),
        close: async () => {
          await starting
          await server?.close()
        }
      }
    }
  },
  {
    fault: 'connection reset mid-response ×2',
    expected: { outcome: 'recovered', attempts: 3 },
    start: failing(2, resetMidResponse)
  },
  {
    fault: 'DNS failure (`does-not-exist.invalid`)',
    expected: {
      outcome: 'failed',
      message: /ENOTFOUND: could not resolve does-not-exist\.invalid; check input 'host'/,
      // A network error: retried (DNS may recover), so the default 3 retries are spent.
      attempts: 4
    },
    start: async () => ({
      host: 'http://does-not-exist.invalid',
      inputs: { 'allow-insecure-http': 'true' },
      // Resolution fails inside the process: nothing is asked of any DNS server.
      env: { NODE_OPTIONS: `--require "${dnsPreload}"` },
      close: async () => undefined
    })
  },
  {
    fault: 'TLS: self-signed certificate',
    expected: {
      outcome: 'failed',
      message: /DEPTH_ZERO_SELF_SIGNED_CERT.*ca-certificate/,
      attempts: 1
    },
    start: async label => {
      const value = newToken(label)
      const server = await startFaultServer(() => token(value), { tls: cert })
      return { host: server.url, token: value, seen: server.connections, close: server.close }
    }
  },
  {
    fault: 'TLS: `https://` to a plain-http server',
    expected: {
      outcome: 'failed',
      message: /EPROTO|ERR_SSL_WRONG_VERSION_NUMBER|wrong version number/i,
      attempts: 1
    },
    start: async label => {
      const value = newToken(label)
      const server = await startFaultServer(() => token(value))
      return {
        host: server.url.replace(/^http:/, 'https:'),
        token: value,
        seen: server.connections,
        close: server.close
      }
    }
  },
  {
    fault: 'hang (never answers) ×2, timeout 1',
    expected: { outcome: 'recovered', attempts: 3 },
    start: async label => ({ ...(await failing(2, hang)(label)), inputs: { timeout: '1' } })
  },
  {
    fault: 'trickle (1 byte / 300 ms) ×2, timeout 1',
    expected: { outcome: 'recovered', attempts: 3 },
    start: async label => ({
      ...(await failing(2, value => trickle(value, 300))(label)),
      inputs: { timeout: '1' }
    })
  },
  {
    fault: 'trickle on every attempt, timeout 1, retries 1',
    expected: {
      outcome: 'failed',
      message: /timed out after 1 s; raise input 'timeout'/,
      attempts: 2
    },
    start: async label => ({
      ...(await failing(99, value => trickle(value, 300))(label)),
      inputs: { timeout: '1', retries: '1' }
    })
  },
  {
    fault: 'HTTP 408 ×2',
    expected: { outcome: 'recovered', attempts: 3 },
    start: failing(2, () => answer(408, { error: 'request_timeout' }))
  },
  {
    fault: 'HTTP 429 with `Retry-After: 1` ×2',
    expected: { outcome: 'recovered', attempts: 3 },
    start: async label => {
      const value = newToken(label)
      const server = await startFaultServer(n =>
        n <= 2 ? answer(429, { error: 'slow_down' }, { 'Retry-After': '1' }) : token(value)
      )
      return {
        host: server.url,
        token: value,
        seen: () => server.hits.length,
        problems: () =>
          gaps(server)
            .filter(gap => gap < 990)
            .map(gap => `a retry came ${gap} ms after a 429 with Retry-After: 1`),
        close: server.close
      }
    }
  },
  {
    fault: 'HTTP 429 with `X-RateLimit-Reset` 2 s ahead',
    expected: { outcome: 'recovered', attempts: 2 },
    start: async label => {
      const value = newToken(label)
      // Unix seconds, as Auth0 and Okta give it, read against the answer's Date.
      const reset = (): string => String(Math.floor(Date.now() / 1000) + 2)
      const server = await startFaultServer(n =>
        n <= 1
          ? answer(429, { error: 'too_many_requests' }, { 'X-RateLimit-Reset': reset() })
          : token(value)
      )
      return {
        host: server.url,
        token: value,
        seen: () => server.hits.length,
        problems: () =>
          gaps(server)
            .filter(gap => gap < 1000)
            .map(gap => `a retry came ${gap} ms after a 429 whose limit resets 1 to 2 s later`),
        close: server.close
      }
    }
  },
  {
    fault: 'HTTP 429 without Retry-After ×2',
    expected: { outcome: 'recovered', attempts: 3 },
    start: async label => {
      const value = newToken(label)
      const server = await startFaultServer(n =>
        n <= 2 ? answer(429, { error: 'too_many_requests' }) : token(value)
      )
      return {
        host: server.url,
        token: value,
        seen: () => server.hits.length,
        // Equal jitter: at least half the step (1 s, then 2 s) before each retry.
        problems: () =>
          gaps(server)
            .filter((gap, i) => gap < 500 * 2 ** i - 10)
            .map(gap => `a retry came only ${gap} ms after a 429`),
        close: server.close
      }
    }
  },
  {
    fault: 'HTTP 429 with `Retry-After: 120`',
    expected: {
      outcome: 'failed',
      message:
        /HTTP 429 slow_down; it asks to retry after 120 s, longer than the 60 s this action waits/,
      attempts: 1
    },
    start: failing(99, () => answer(429, { error: 'slow_down' }, { 'Retry-After': '120' }))
  },
  ...[500, 502, 503, 504].map((status): Row => ({
    fault: `HTTP ${status} ×2`,
    expected: { outcome: 'recovered', attempts: 3 },
    start: failing(2, () => answer(status, { error: 'server_error' }))
  })),
  {
    fault: 'HTML error page from a proxy (502 `text/html`) ×2',
    expected: { outcome: 'recovered', attempts: 3 },
    start: failing(2, () => answer(502, PROXY_ERROR_PAGE, { 'Content-Type': 'text/html' }))
  },
  {
    fault: 'HTML error page from a proxy, every attempt',
    expected: {
      outcome: 'failed',
      message: /HTTP 502 \(text\/html\): 502 Bad Gateway/,
      attempts: 4
    },
    start: failing(99, () => answer(502, PROXY_ERROR_PAGE, { 'Content-Type': 'text/html' }))
  },
  {
    fault: 'huge body (2 MiB, HTTP 200)',
    expected: { outcome: 'failed', message: /larger than 1 MiB/, attempts: 1 },
    start: failing(99, value => hugeBody(value, 2 * MiB))
  },
  {
    fault: 'HTTP 101 Switching Protocols',
    expected: {
      outcome: 'failed',
      message:
        /HTTP 101: the server switched to another protocol rather than answer; this is not a token endpoint's answer/,
      attempts: 1
    },
    start: failing(99, switchProtocols)
  },
  {
    fault: 'truncated JSON (HTTP 200, body cut off) ×2',
    expected: { outcome: 'recovered', attempts: 3 },
    start: failing(2, truncatedJson)
  },
  {
    fault: 'redirect (302 to another loopback server)',
    expected: {
      outcome: 'failed',
      message:
        /HTTP 302 redirect to http:\/\/127\.0\.0\.1:\d+\/oauth\/token; redirects are not followed/,
      attempts: 1
    },
    start: async label => {
      const value = newToken(label)
      const target = await startFaultServer(() => token(value))
      const server = await startFaultServer(() => redirect(`${target.url}/oauth/token`))
      return {
        host: server.url,
        token: value,
        seen: () => server.hits.length,
        problems: () =>
          target.connections() > 0
            ? [`the redirect target got ${target.connections()} connection(s)`]
            : [],
        close: async () => {
          await server.close()
          await target.close()
        }
      }
    }
  }
]

const results = new Map<Row, Result>()

/** Runs one row: its servers, the action, and what the run shows. */
async function runRow(row: Row, index: number): Promise<Result> {
  const label = `f${index}`
  const secrets = {
    clientSecret: `cs-${label}-${randomBytes(12).toString('hex')}`,
    password: `pw-${label}-${randomBytes(12).toString('hex')}`
  }
  const scenario = await row.start(label)
  try {
    const run = await runAction(
      {
        host: scenario.host,
        'client-id': `client-${label}`,
        'client-secret': secrets.clientSecret,
        username: 'user@example.com',
        password: secrets.password,
        timeout: '5',
        ...scenario.inputs
      },
      scenario.env ?? {},
      { timeoutMs: 45_000 }
    )
    const lines = run.stdout.split(/\r?\n/)
    const errors = lines.filter(line => line.startsWith('::error::'))
    const recovered = run.code === 0 && run.outputs['access-token'] === scenario.token?.access_token
    // The action logs each attempt it retries ("Attempt n of m: ...; retrying in x s"); the last
    // attempt is the success or the error message, which says "n attempts" after a retry.
    const retried = lines.filter(line => /^Attempt \d+ of \d+: .*retrying in/.test(line)).length
    const logged = retried + 1
    const reported = Number(/\b(\d+) attempts\b/.exec(errors[0] ?? '')?.[1] ?? 1)
    const seen = scenario.seen?.()
    const attempts = seen ?? logged
    const secretValues = [
      secrets.clientSecret,
      secrets.password,
      scenario.token?.access_token ?? '',
      scenario.token?.refresh_token ?? ''
    ]
    return {
      run,
      attempts,
      counter: seen === undefined ? 'log' : 'server',
      errors,
      leaks: findLeaks(run, secretValues),
      problems: [
        ...(scenario.problems?.() ?? []),
        ...(errors.length && reported !== attempts
          ? [`the error message says ${reported} attempts, ${attempts} were made`]
          : [])
      ],
      recovered
    }
  } finally {
    await scenario.close()
  }
}

/** Runs `task` over `items`, at most `limit` at once. */
async function pool<T>(
  items: readonly T[],
  limit: number,
  task: (item: T, index: number) => Promise<void>
) {
  let next = 0
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++
      await task(items[index] as T, index)
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker))
}

function errorText(result: Result): string {
  const line = result.errors[0] ?? ''
  return line
    .slice('::error::'.length)
    .replace(/%0D/g, '\r')
    .replace(/%0A/g, '\n')
    .replace(/%25/g, '%')
}

/** The failure message as the table shows it: without the endpoint prefix and port numbers. */
function shortMessage(result: Result): string {
  const text = errorText(result)
    .replace(/^Token request to \S+ failed(?: after \d+ attempts)?: /, '')
    .replace(/127\.0\.0\.1:\d+/g, '127.0.0.1:PORT')
    .replace(/\b[0-9A-F]{12,}\b/g, '…')
  return text.length > 240 ? `${text.slice(0, 239)}…` : text
}

function tableRow(row: Row, result: Result | undefined): string {
  const cell = (text: string): string => text.replace(/\|/g, '\\|')
  if (!result) return `| ${cell(row.fault)} | not run | | | |`
  const outcome = result.recovered
    ? 'recovered'
    : result.run.code === 1 && result.errors.length === 1
      ? `failed clearly: \`${shortMessage(result)}\``
      : `**unclear** (exit ${result.run.code}, ${result.errors.length} error lines)`
  const attempts = `${result.attempts}${result.counter === 'log' ? ' (from log)' : ''}`
  const time = `${(result.run.ms / 1000).toFixed(1)} s`
  const leaked = result.leaks.length ? `**${result.leaks.length} LEAKED**` : 'none'
  return `| ${cell(row.fault)} | ${cell(outcome)} | ${attempts} | ${time} | ${leaked} |`
}

function table(): string {
  return [
    '| fault | outcome | attempts | time | secrets leaked |',
    '| --- | --- | --- | --- | --- |',
    ...ROWS.map(row => tableRow(row, results.get(row)))
  ].join('\n')
}

describe('fault suite: the bundled action against broken token endpoints', () => {
  let suiteMs = 0

  beforeAll(async () => {
    pki = new TestPki()
    // A self-signed certificate for 127.0.0.1, trusted by nobody.
    const leaf = pki.leaf('127.0.0.1', { altNames: ['IP:127.0.0.1'] })
    cert = { key: leaf.key, cert: leaf.cert }
    // Loaded into the action's process for the DNS row: `.invalid` names fail to resolve
    // exactly as getaddrinfo reports it, without a query leaving the machine.
    dnsPreload = pki.write(
      'dns-fail.cjs',
      `const dns = require('node:dns')
const lookup = dns.lookup
dns.lookup = function (hostname, options, callback) {
  if (typeof options === 'function') callback = options
  if (/\\.invalid\\.?$/i.test(String(hostname))) {
    const error = new Error('getaddrinfo ENOTFOUND ' + hostname)
    Object.assign(error, { code: 'ENOTFOUND', errno: -3008, syscall: 'getaddrinfo', hostname })
    process.nextTick(callback, error)
    return {}
  }
  return lookup.apply(this, arguments)
}
`
    )
    const started = Date.now()
    await pool(ROWS, PARALLEL, async (row, index) => {
      results.set(row, await runRow(row, index))
    })
    suiteMs = Date.now() - started
  }, 90_000)

  afterAll(() => {
    const text = `${table()}\n\nAll ${ROWS.length} faults ran in ${(suiteMs / 1000).toFixed(1)} s, ${PARALLEL} at a time; default retries (3) and timeout 5 s unless the row says otherwise.\n`
    const file = join(mkdtempSync(join(tmpdir(), 'reliability-')), 'reliability.md')
    writeFileSync(file, text)
    console.log(`${text}\n(Written to ${file}.)`)
    pki?.cleanup()
  })

  it.each(ROWS.map(row => [row.fault, row] as const))('%s', (_fault, row) => {
    const result = results.get(row)
    if (!result) throw new Error(`${row.fault}: did not run`)
    const { expected } = row
    const observed = {
      leaks: result.leaks,
      problems: result.problems,
      exitCode: result.run.code,
      recovered: result.recovered,
      errorLines: result.errors.length,
      published: Object.keys(result.run.outputs).length > 0,
      message: errorText(result),
      attempts: result.attempts
    }
    const anyNumber = expect.any(Number)
    const failurePrefix = expect.stringMatching(/^Token request to \S+ failed\b/)
    const attempts = expected.attempts ?? anyNumber
    expect(observed).toEqual(
      expected.outcome === 'recovered'
        ? {
            leaks: [],
            problems: [],
            exitCode: 0,
            recovered: true,
            errorLines: 0,
            published: true,
            message: '',
            attempts
          }
        : {
            leaks: [],
            problems: [],
            exitCode: 1,
            recovered: false,
            errorLines: 1,
            published: false,
            message: failurePrefix,
            attempts
          }
    )
    // The failure names the problem.
    expect(expected.outcome === 'failed' ? observed.message : '').toMatch(
      expected.outcome === 'failed' ? expected.message : /^$/
    )
  })
})
