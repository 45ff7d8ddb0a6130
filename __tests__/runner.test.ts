// Runner-level tests: the built dist/index.js, run as the GitHub runner runs it (INPUT_* variables,
// GITHUB_OUTPUT and GITHUB_ENV files, workflow commands on stdout), against token servers on
// loopback. Every run is checked for leaks: each secret shows up only in `::add-mask::` lines,
// and its first appearance is one.
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { type IncomingHttpHeaders, type ServerResponse, createServer } from 'node:http'
import { type AddressInfo, createServer as createNetServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { randomBytes } from 'node:crypto'
import {
  brotliCompressSync,
  constants,
  crc32,
  deflateRawSync,
  deflateSync,
  gzipSync
} from 'node:zlib'
import { parse } from 'yaml'
import {
  type ActionRun,
  actionDefaults,
  findLeaks,
  shownLine,
  maskedLog,
  maskedValues,
  parseFileCommand,
  runAction
} from '../scripts/runner.mjs'
import { type SeedServer, passwordGrantInputs, startSeedServer } from '../scripts/seed-server.mjs'
import { closedPort } from './support/fault-server.js'
import { startTokenEndpoint } from './support/token-endpoint.js'

const MASK = '::add-mask::'
const ONE_YEAR_S = 31536000

// ---------------------------------------------------------------------------------------------
// Inputs as the runner passes them

const ACTION_DEFAULTS = actionDefaults()

describe('the runner emulation', () => {
  it("passes every input action.yml declares, '' for one without a default, as the runner does", () => {
    const declared = Object.keys(
      (
        parse(readFileSync(join(import.meta.dirname, '../action.yml'), 'utf8')) as {
          inputs: object
        }
      ).inputs
    )
    expect(Object.keys(ACTION_DEFAULTS)).toEqual(declared)
    expect(ACTION_DEFAULTS).toMatchObject({
      handoff: '',
      'handoff-key': '',
      host: '',
      'token-path': '/oauth/token',
      'subject-token-type': 'urn:ietf:params:oauth:token-type:jwt'
    })
  })

  it('reads a file command as the runner does on Linux: a \\r stays in the value', () => {
    expect(parseFileCommand('a<<D\nx\r\nD\nb<<E\ny\nE\n')).toEqual({ a: 'x\r', b: 'y' })
  })
})

/** A step's inputs as the runner hands them over: action.yml's defaults, then the `with:` block. */
function step(inputs: Record<string, string>): Record<string, string> {
  return { ...ACTION_DEFAULTS, ...inputs }
}

// ---------------------------------------------------------------------------------------------
// Servers, closed after each test

const cleanups: (() => Promise<unknown>)[] = []

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

async function seedServer(options?: Parameters<typeof startSeedServer>[0]): Promise<SeedServer> {
  const seed = await startSeedServer(options)
  cleanups.push(() => seed.close())
  return seed
}

interface Received {
  readonly method: string
  readonly url: string
  readonly headers: IncomingHttpHeaders
  readonly body: string
  readonly at: number
}

interface TestServer {
  readonly url: string
  readonly requests: Received[]
}

/** A token server with a fault shape the seed server lacks: `answer` gets each request. */
async function startServer(
  answer: (request: Received, response: ServerResponse, index: number) => void
): Promise<TestServer> {
  const requests: Received[] = []
  const server = createServer((req, res) => {
    let body = ''
    req.setEncoding('utf8')
    req.on('data', chunk => (body += chunk))
    req.on('end', () => {
      const request = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body,
        at: Date.now()
      }
      requests.push(request)
      answer(request, res, requests.length - 1)
    })
  })
  await new Promise<void>(done => server.listen(0, '127.0.0.1', done))
  const { port } = server.address() as AddressInfo
  cleanups.push(
    () =>
      new Promise<void>(done => {
        server.closeAllConnections()
        server.close(() => done())
      })
  )
  return { url: `http://127.0.0.1:${port}`, requests }
}

function sendJson(
  response: ServerResponse,
  status: number,
  value: unknown,
  headers: Record<string, string> = {}
): void {
  response.writeHead(status, { 'Content-Type': 'application/json', ...headers })
  response.end(JSON.stringify(value))
}

/** A JWT-shaped token with these claims (the signature is random bytes: nobody checks it). */
function jwt(claims: Record<string, unknown>): string {
  const part = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url')
  return `${part({ typ: 'JWT', alg: 'RS256' })}.${part(claims)}.c2lnbmF0dXJlLWJ5dGVz`
}

// ---------------------------------------------------------------------------------------------
// A network spy: a --require preload that records every socket connect and DNS lookup the action
// makes, so "nothing is sent" is checked for any host, not only for servers the test owns.

const SPY_SOURCE = `
const fs = require('node:fs')
const net = require('node:net')
const dns = require('node:dns')
const note = line => fs.appendFileSync(process.env.NETWORK_SPY_LOG, line + '\\n')
const connect = net.Socket.prototype.connect
net.Socket.prototype.connect = function (...args) {
  const first = Array.isArray(args[0]) ? args[0][0] : args[0]
  const where = first && typeof first === 'object'
    ? (first.path ?? (first.host ?? 'localhost') + ':' + first.port)
    : (args[1] ?? 'localhost') + ':' + first
  note('connect ' + where)
  return connect.apply(this, args)
}
const lookup = dns.lookup
dns.lookup = function (host, ...rest) {
  note('lookup ' + host)
  return lookup.call(this, host, ...rest)
}
const promisesLookup = dns.promises.lookup
dns.promises.lookup = function (host, ...rest) {
  note('lookup ' + host)
  return promisesLookup.call(this, host, ...rest)
}
`

let spyDir = ''
let spyRuns = 0

beforeAll(() => {
  spyDir = mkdtempSync(join(tmpdir(), 'runner-test-spy-'))
  writeFileSync(join(spyDir, 'spy.cjs'), SPY_SOURCE)
})

afterAll(() => rmSync(spyDir, { recursive: true, force: true }))

/** Runs the action with the network spy; `traffic` lists every connect and lookup it made. */
async function runWatched(
  inputs: Record<string, string>,
  env: Record<string, string> = {}
): Promise<{ run: ActionRun; traffic: string[] }> {
  const log = join(spyDir, `traffic-${++spyRuns}.log`)
  writeFileSync(log, '')
  const run = await runAction(inputs, {
    ...env,
    NODE_OPTIONS: `--require ${join(spyDir, 'spy.cjs')}`,
    NETWORK_SPY_LOG: log
  })
  return { run, traffic: readFileSync(log, 'utf8').split('\n').filter(Boolean) }
}

// ---------------------------------------------------------------------------------------------
// Checks made on every run

/** A new FIFO (named pipe) that nothing reads, removed after the test. */
function fifo(): string {
  const dir = mkdtempSync(join(tmpdir(), 'runner-file-fifo-'))
  cleanups.push(async () => rmSync(dir, { recursive: true, force: true }))
  const path = join(dir, 'pipe')
  execFileSync('mkfifo', [path])
  return path
}

function stdoutLines(run: ActionRun): string[] {
  return run.stdout.split(/\r?\n/)
}

/**
 * The log is safe: the secret inputs (client-secret, password, refresh-token, in that order,
 * wherever they came from) are the first lines, as `::add-mask::`; every token the run issued
 * (outputs and env file) is masked before any other line mentions it and before any warning;
 * no secret appears outside a mask command, on stdout or stderr.
 */
function expectSafeLog(
  run: ActionRun,
  secretInputs: readonly string[],
  otherSecrets: readonly string[] = []
): void {
  const lines = stdoutLines(run)
  const inputs = [...new Set(secretInputs.filter(Boolean))]
  const firstLines = lines.slice(0, inputs.length)
  expect(firstLines.every(line => line.startsWith(MASK))).toBe(true)
  expect(maskedValues(firstLines.join('\n'))).toEqual(inputs)

  const issued = [
    run.outputs['access-token'],
    run.outputs.authorization,
    run.outputs['refresh-token'],
    run.outputs['id-token'],
    ...Object.values(run.env)
  ].filter((value): value is string => Boolean(value))
  const masked = maskedValues(run.stdout)
  for (const secret of issued) expect(masked).toContain(secret)

  // Each secret that shows up at all shows up first in a mask command.
  const firstShownUnmasked = [...inputs, ...issued, ...otherSecrets].filter(secret => {
    const first = lines.find(line => line.includes(secret))
    return first !== undefined && !first.startsWith(MASK)
  })
  expect(firstShownUnmasked).toEqual([])

  // Once the token has arrived, its masks come before anything else is written. (A failed run
  // issued nothing: the range is empty, and so are these checks.)
  const tokenMasks = [...new Set(issued)].map(secret =>
    lines.findIndex(line => line.startsWith(MASK) && maskedValues(line)[0] === secret)
  )
  expect(tokenMasks).not.toContain(-1)
  const firstMask = Math.min(lines.length, ...tokenMasks)
  const lastMask = Math.max(0, ...tokenMasks)
  expect(lines.slice(firstMask, lastMask + 1).filter(line => !line.startsWith(MASK))).toEqual([])
  expect(lines.slice(0, lastMask).filter(line => /^::(warning|error|notice)/.test(line))).toEqual(
    []
  )

  expect(findLeaks(run, [...inputs, ...issued, ...otherSecrets])).toEqual([])
  // Outputs and the env go to the files, never to stdout as (deprecated) commands.
  expect(run.stdout).not.toMatch(/^::(set-output|set-env|save-state)/m)
  expect(run.stderr).toBe('')
}

/** The value of a workflow command's line, as the runner decodes it. */
function commandData(line: string, command: string): string {
  return line
    .slice(`::${command}::`.length)
    .replace(/%0D/g, '\r')
    .replace(/%0A/g, '\n')
    .replace(/%25/g, '%')
}

/** A failed step: exit 1, exactly one `::error::` line, no outputs, no env; returns its message. */
function expectFailure(run: ActionRun): string {
  expect(run.code).toBe(1)
  const errors = stdoutLines(run).filter(line => line.startsWith('::error'))
  expect(errors).toHaveLength(1)
  const [line = ''] = errors
  expect(line.startsWith('::error::')).toBe(true)
  expect(run.outputs).toEqual({})
  expect(run.env).toEqual({})
  expect(run.envFile).toBe('')
  return commandData(line, 'error')
}

function jsonBody(request: { body: string }): unknown {
  return JSON.parse(request.body)
}

/** The seed server got one request, a client_credentials grant: the client's id and secret only. */
function expectClientCredentialsOnly(seed: SeedServer): void {
  expect(seed.requests.map(request => jsonBody(request))).toEqual([
    {
      grant_type: 'client_credentials',
      client_id: seed.client.id,
      client_secret: seed.client.secret
    }
  ])
}

/** The run's `::warning::` lines, each checked to come before the token request was made. */
function warningsBeforeRequest(run: ActionRun): string[] {
  const lines = stdoutLines(run)
  const requesting = lines.findIndex(line => line.startsWith('Requesting a token from'))
  expect(requesting).toBeGreaterThan(-1)
  const warnings = lines.filter(line => line.startsWith('::warning'))
  for (const warning of warnings) expect(lines.indexOf(warning)).toBeLessThan(requesting)
  return warnings
}

// ---------------------------------------------------------------------------------------------

describe('the leak check reads lines as the runner shows them', () => {
  it("finds a secret in an annotation's escaped message (%25, %0D, %0A)", () => {
    const secret = 'pa%ss\r\nword-9f8e'
    const stdout = '::error::bad pa%25ss%0D%0Aword-9f8e\n'
    expect(findLeaks({ stdout, stderr: '' }, [secret])).toEqual([
      'stdout line 1 holds a secret: ::error::bad <SECRET>'
    ])
    expect(shownLine('::warning file=a.ts,line=1::50%25 of %0A')).toBe(
      '::warning file=a.ts,line=1::50% of \n'
    )
    expect(shownLine('plain 50%25')).toBe('plain 50%25')
  })
})

describe('runner: a token is issued', () => {
  it('password grant against the seed API: every output, ACCESS_TOKEN, one JSON request', async () => {
    const seed = await seedServer()
    const before = Date.now()
    const run = await runAction(step(passwordGrantInputs(seed)))
    const after = Date.now()

    expect(run.code).toBe(0)
    expectSafeLog(run, [seed.client.secret, seed.user.password])

    // Exactly one request: POST {host}/oauth/token, JSON, Accept: application/json.
    expect(seed.requests).toHaveLength(1)
    const [request] = seed.requests
    expect(request?.method).toBe('POST')
    expect(request?.url).toBe('/oauth/token')
    expect(request?.headers.accept).toBe('application/json')
    expect(request?.headers['content-type']).toBe('application/json')
    expect(request?.headers.authorization).toBeUndefined()
    expect(jsonBody(request ?? { body: '' })).toEqual({
      grant_type: 'password',
      client_id: seed.client.id,
      client_secret: seed.client.secret,
      username: seed.user.username,
      password: seed.user.password
    })

    // Every output, in the runner's name<<delimiter format.
    const token = run.outputs['access-token'] ?? ''
    expect(token).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/)
    expect(Object.keys(run.outputs).sort()).toEqual(
      [
        'access-token',
        'authorization',
        'expires-at',
        'expires-in',
        'id-token',
        'refresh-token',
        'scope',
        'token-type'
      ].sort()
    )
    expect(run.outputs['token-type']).toBe('Bearer')
    expect(run.outputs.authorization).toBe(`Bearer ${token}`)
    expect(run.outputs['expires-in']).toBe(String(ONE_YEAR_S))
    expect(run.outputs['expires-at']).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/)
    const expiresAt = Date.parse(run.outputs['expires-at'] ?? '')
    expect(expiresAt).toBeGreaterThanOrEqual(before - 1000 + ONE_YEAR_S * 1000)
    expect(expiresAt).toBeLessThanOrEqual(after + ONE_YEAR_S * 1000)
    expect(run.outputs['refresh-token']).toMatch(/^def50200[0-9a-f]{96}$/)
    expect(run.outputs['id-token']).toBe('')
    expect(run.outputs.scope).toBe('')
    expect(run.outputFile).toMatch(/^access-token<<ghadelimiter_[\w-]+\n/)

    // The raw token in $ACCESS_TOKEN, and nothing else in the env file.
    expect(run.env).toEqual({ ACCESS_TOKEN: token })
    expect(run.envFile).toMatch(/^ACCESS_TOKEN<<ghadelimiter_[\w-]+\n/)

    // The log as the runner shows it says what happened, without the token.
    const log = maskedLog(run.stdout)
    expect(log).toContain(`Requesting a token from ${seed.url}/oauth/token (grant_type password)`)
    expect(log).toContain('in $ACCESS_TOKEN')
    expect(log).not.toContain(token)

    // The authorization output works against the API.
    const me = await fetch(`${seed.url}/api/me`, {
      headers: { Authorization: run.outputs.authorization ?? '' }
    })
    expect(me.status).toBe(200)
  })

  it('leaks nothing with step debug logging on', async () => {
    const seed = await seedServer()
    const run = await runAction(step(passwordGrantInputs(seed)), {
      RUNNER_DEBUG: '1',
      ACTIONS_STEP_DEBUG: 'true'
    })
    expect(run.code).toBe(0)
    // The debug lines are there (the settings, then the answer), and are scanned with the rest.
    const debug = stdoutLines(run).filter(line => line.startsWith('::debug::'))
    expect(debug).toEqual([
      expect.stringMatching(/^::debug::body-format json; client-auth body; timeout 30 s; /),
      expect.stringMatching(
        /^::debug::Answer: HTTP 200 \(application\/json, \d+ bytes\) in \d+ ms$/
      )
    ])
    expectSafeLog(run, [seed.client.secret, seed.user.password])
  })

  it('refuses NODE_DEBUG=net, whose stderr lines the runner may log before their masks', async () => {
    const seed = await seedServer()
    const key = 'k3y-for-the-node-debug-test'
    const before = seed.requests.length
    const run = await runAction(
      step({ ...passwordGrantInputs(seed), headers: `X-Api-Key: ${key}` }),
      { NODE_DEBUG: 'net' }
    )
    expect(run.code).toBe(1)
    expect(seed.requests.length).toBe(before)
    expect(run.stdout).toContain(
      "::error::NODE_DEBUG enables Node's net section, which prints each request's headers, credentials among them, on stderr, where the runner may log them before it has their masks: unset NODE_DEBUG for this step"
    )
    // Nothing was sent, so Node printed no request: the secrets are nowhere, stderr included.
    expect(run.stderr).not.toContain(key)
    expect(findLeaks(run, [seed.client.secret, seed.user.password, key])).toEqual([])
  })

  // A test user's password, user or test, is a word of many scopes: the outputs keep it, as
  // returned, and the log has it masked by the runner (audit 87a, D2).
  it('gives scope and token-type as returned when a short password is a word of them', async () => {
    const server = await startServer((_request, res) => {
      sendJson(res, 200, {
        access_token: 'at-short-password-0123',
        token_type: 'Bearer',
        scope: 'read:user api:test:read'
      })
    })
    const run = await runAction(
      step({
        host: server.url,
        'client-id': 'test-client',
        'client-secret': 'test-client-secret',
        username: 'user',
        password: 'user'
      })
    )
    expect(run.code).toBe(0)
    expect(run.outputs.scope).toBe('read:user api:test:read')
    expect(run.outputs['token-type']).toBe('Bearer')
    expect(maskedValues(run.stdout)).toContain('user')
  })

  it('reads every input from OAUTH_* variables when no input is set', async () => {
    const seed = await seedServer({ clientSecret: 'env-client-secret', password: 'env-password' })
    const run = await runAction(
      {},
      {
        OAUTH_HOST: seed.url,
        OAUTH_CLIENT_ID: seed.client.id,
        OAUTH_CLIENT_SECRET: seed.client.secret,
        OAUTH_USERNAME: seed.user.username,
        OAUTH_PASSWORD: seed.user.password
      }
    )
    expect(run.code).toBe(0)
    expectSafeLog(run, ['env-client-secret', 'env-password'])
    expect(seed.requests).toHaveLength(1)
    expect(jsonBody(seed.requests[0] ?? { body: '' })).toEqual({
      grant_type: 'password',
      client_id: seed.client.id,
      client_secret: 'env-client-secret',
      username: seed.user.username,
      password: 'env-password'
    })
    expect(run.env).toEqual({ ACCESS_TOKEN: run.outputs['access-token'] })
  })

  it('prefers each input over its OAUTH_* variable', async () => {
    const seed = await seedServer()
    const decoy = await startServer((_, res) => sendJson(res, 500, { message: 'decoy' }))
    const run = await runAction(step(passwordGrantInputs(seed)), {
      OAUTH_HOST: decoy.url,
      OAUTH_CLIENT_ID: 'env-client-id',
      OAUTH_CLIENT_SECRET: 'env-client-secret',
      OAUTH_USERNAME: 'env-user@example.com',
      OAUTH_PASSWORD: 'env-password'
    })
    expect(run.code).toBe(0)
    // The masks are for the values used: the inputs'.
    expectSafeLog(run, [seed.client.secret, seed.user.password])
    expect(decoy.requests).toHaveLength(0)
    expect(seed.requests).toHaveLength(1)
    expect(jsonBody(seed.requests[0] ?? { body: '' })).toEqual({
      grant_type: 'password',
      client_id: seed.client.id,
      client_secret: seed.client.secret,
      username: seed.user.username,
      password: seed.user.password
    })
  })

  // The job's OAUTH_* secrets still fill a step's empty inputs (the documented fallback), but a
  // step whose host is not the job's OAUTH_HOST is told, before the request, how to stop it.
  it("warns before the request when the job's OAUTH_* secrets go to a host not OAUTH_HOST", async () => {
    const seed = await seedServer()
    const run = await runAction(
      step({ host: seed.url, 'client-id': seed.client.id, username: seed.user.username }),
      {
        OAUTH_HOST: 'https://sso.other.example',
        OAUTH_CLIENT_SECRET: seed.client.secret,
        OAUTH_PASSWORD: seed.user.password
      }
    )
    expect(run.code).toBe(0)
    expect(findLeaks(run, [seed.client.secret, seed.user.password])).toEqual([])
    const log = maskedLog(run.stdout).split('\n')
    const warning = `Warning: input 'host' is ${seed.url}, not the job's OAUTH_HOST https://sso.other.example, yet this step's empty inputs are filled from OAUTH_CLIENT_SECRET and OAUTH_PASSWORD, which will go to it: if not meant for it, clear each in the step's env (OAUTH_CLIENT_SECRET: '')`
    expect(log).toContain(warning)
    expect(log.indexOf(warning)).toBeLessThan(
      log.findIndex(line => line.startsWith('Requesting a token from'))
    )
    expect(seed.requests).toHaveLength(1)
  })

  it('exports the token under a custom export-env name only', async () => {
    const seed = await seedServer()
    const run = await runAction(step({ ...passwordGrantInputs(seed), 'export-env': 'API_TOKEN' }))
    expect(run.code).toBe(0)
    expectSafeLog(run, [seed.client.secret, seed.user.password])
    expect(run.env).toEqual({ API_TOKEN: run.outputs['access-token'] })
    expect(maskedLog(run.stdout)).toContain('in $API_TOKEN')
  })

  // Linux will not start a process whose environment holds NAME=value of 128 KiB or more.
  const onLinux = process.platform === 'linux' ? it : it.skip

  onLinux(
    'fails, with nothing published, when the token is too long for $ACCESS_TOKEN',
    async () => {
      const long = `tok_${'a'.repeat(200 * 1024)}`
      const server = await startServer((_request, response) =>
        sendJson(response, 200, { access_token: long, token_type: 'Bearer', expires_in: 3600 })
      )
      const inputs = { host: server.url, 'client-id': 'cid', 'client-secret': 'csecret-xyz' }
      const run = await runAction(step(inputs))
      expect(expectFailure(run)).toBe(
        `The access token is too long for an environment variable: ACCESS_TOKEN would be ${long.length + 'ACCESS_TOKEN='.length} bytes; Linux holds under 128 KiB in one variable, so no later step could start; set export-env: '' and pass the token from output access-token or token-file`
      )
      expectSafeLog(run, ['csecret-xyz'], [long])
      const kept = await runAction(step({ ...inputs, 'export-env': '' }))
      expect(kept.code).toBe(0)
      expect(kept.outputs['access-token']).toBe(long)
    }
  )

  onLinux('fails before saving the tokens when they are too long for STATE_revoke', async () => {
    const [access, refresh] = [`at_${'a'.repeat(70 * 1024)}`, `rt_${'r'.repeat(70 * 1024)}`]
    const server = await startServer((_request, response) =>
      sendJson(response, 200, {
        access_token: access,
        refresh_token: refresh,
        token_type: 'Bearer'
      })
    )
    const inputs = { host: server.url, 'client-id': 'cid', 'client-secret': 'csecret-xyz' }
    const run = await runAction(step({ ...inputs, revoke: 'true' }))
    expect(expectFailure(run)).toMatch(
      /^The tokens are too long to hand to the post step: STATE_revoke would be \d+ bytes; Linux holds under 128 KiB in one variable, so the post step could not start; set revoke: false$/
    )
    expect(run.state).toEqual({ revoke: '', 'token-file': '' })
    expectSafeLog(run, ['csecret-xyz'], [access, refresh])
  })

  it("exports no variable with export-env: '', and still sets the outputs", async () => {
    const seed = await seedServer()
    const run = await runAction(step({ ...passwordGrantInputs(seed), 'export-env': '' }))
    expect(run.code).toBe(0)
    expectSafeLog(run, [seed.client.secret, seed.user.password])
    expect(run.envFile).toBe('')
    expect(run.outputs['access-token']).toMatch(/\S/)
    expect(run.outputs.authorization).toBe(`Bearer ${run.outputs['access-token']}`)
    expect(maskedLog(run.stdout)).not.toContain('$ACCESS_TOKEN')
  })

  it('warns, before the request, when a password comes without a username (client_credentials)', async () => {
    const seed = await seedServer()
    const inputs = { ...passwordGrantInputs(seed), username: '' }
    const run = await runAction(step(inputs))
    expect(run.code).toBe(0)
    expect(findLeaks(run, [seed.client.secret, seed.user.password])).toEqual([])
    expect(run.stderr).toBe('')

    // The default rule still holds: no username, so client_credentials, with no password sent.
    expectClientCredentialsOnly(seed)
    expect(stdoutLines(run).slice(0, 2)).toEqual([
      `${MASK}${seed.client.secret}`,
      `${MASK}${seed.user.password}`
    ])
    expect(warningsBeforeRequest(run)).toEqual([
      "::warning::input 'password' (or OAUTH_PASSWORD) is set but input 'username' (or OAUTH_USERNAME) is empty, so grant-type is client_credentials, which does not send the password: set username for a password grant, or grant-type: client_credentials if that is meant"
    ])
    expect(run.outputs['access-token']).toMatch(/\S/)
  })

  it('warns, before the request, when a refresh-token comes without grant-type', async () => {
    const seed = await seedServer()
    const refreshToken = 'stored-refresh-token-5e1d'
    const run = await runAction(
      step({
        host: seed.url,
        'client-id': seed.client.id,
        'client-secret': seed.client.secret,
        'refresh-token': refreshToken
      })
    )
    expect(run.code).toBe(0)
    expect(findLeaks(run, [seed.client.secret, refreshToken])).toEqual([])
    expectClientCredentialsOnly(seed)
    expect(warningsBeforeRequest(run)).toEqual([
      "::warning::input 'refresh-token' (or OAUTH_REFRESH_TOKEN) is set but grant-type is client_credentials (the default), which does not send it: set grant-type: refresh_token to use it, or grant-type: client_credentials if that is meant"
    ])
  })

  it('does not warn about the password with grant-type: client_credentials given', async () => {
    const seed = await seedServer()
    const inputs = { ...passwordGrantInputs(seed), username: '' }
    const run = await runAction(step({ ...inputs, 'grant-type': 'client_credentials' }))
    expect(run.code).toBe(0)
    expectSafeLog(run, [seed.client.secret, seed.user.password])
    expect(run.stdout).not.toMatch(/^::warning/m)
    expectClientCredentialsOnly(seed)
  })

  // The step's username says password grant; the job's grant type is not the step's choice.
  it("warns, before the request, when a job's OAUTH_GRANT_TYPE: client_credentials drops the step's username", async () => {
    const seed = await seedServer()
    const run = await runAction(step(passwordGrantInputs(seed)), {
      OAUTH_GRANT_TYPE: 'client_credentials'
    })
    expect(run.code).toBe(0)
    expect(findLeaks(run, [seed.client.secret, seed.user.password])).toEqual([])
    expect(run.stderr).toBe('')
    expect(stdoutLines(run).slice(0, 2)).toEqual([
      `${MASK}${seed.client.secret}`,
      `${MASK}${seed.user.password}`
    ])
    expectClientCredentialsOnly(seed)
    expect(warningsBeforeRequest(run)).toEqual([
      "::warning::input 'username' is set but grant-type is client_credentials, which does not send it (OAUTH_GRANT_TYPE is set in the environment: set OAUTH_GRANT_TYPE: '' in this step's env)"
    ])
  })

  it.each([
    ['/api', {}, '/api/oauth/token'],
    ['/api/', { 'token-path': 'auth/token' }, '/api/auth/token'],
    ['/tenant/api', { 'token-path': '/oauth2/v2.0/token' }, '/tenant/api/oauth2/v2.0/token']
  ])('keeps the base path of host %s', async (basePath, extra, expectedPath) => {
    const server = await startServer((request, res) => {
      if (request.url === expectedPath) {
        sendJson(res, 200, { access_token: 'base-path-token-1234', token_type: 'Bearer' })
      } else sendJson(res, 404, { message: 'Not Found' })
    })
    const run = await runAction(
      step({
        host: `${server.url}${basePath}`,
        'client-id': 'base-path-client',
        'client-secret': 'base-path-secret',
        ...extra
      })
    )
    expect(run.code).toBe(0)
    expectSafeLog(run, ['base-path-secret'])
    expect(server.requests.map(request => request.url)).toEqual([expectedPath])
    expect(run.outputs['access-token']).toBe('base-path-token-1234')
  })

  // host and token-path as workflows write them: what goes on the wire is the request line and
  // Host header a user would write by hand, nothing mended or dropped.
  it.each([
    ['HTTP://127.0.0.1:{port}', {}, '/oauth/token'],
    ['http://127.0.0.1:{port}/', { 'token-path': 'oauth/token' }, '/oauth/token'],
    [
      'http://127.0.0.1:{port}/auth',
      { 'token-path': '/realms/x/protocol/openid-connect/token' },
      '/auth/realms/x/protocol/openid-connect/token'
    ],
    ['http://127.0.0.1:{port}', { 'token-path': '/oauth//token' }, '/oauth//token'],
    ['http://127.0.0.1:{port}', { 'token-path': '/tenant%2Fa/token' }, '/tenant%2Fa/token'],
    ['http://127.0.0.1:{port}', { 'token-path': '/tökén' }, '/t%C3%B6k%C3%A9n'],
    ['http://127.0.0.1:{port}#', {}, '/oauth/token'],
    ['  http://127.0.0.1:{port}/api/ \n', { 'token-path': ' token\n' }, '/api/token'],
    ['http://localhost:{port}', {}, '/oauth/token']
  ])('host %j with %j: POST %s', async (host, extra, expectedPath) => {
    const server = await startServer((_, res) =>
      sendJson(res, 200, { access_token: 'host-form-token-1234', token_type: 'Bearer' })
    )
    const port = new URL(server.url).port
    const run = await runAction(
      step({
        host: host.replace('{port}', port),
        'client-id': 'host-form-client',
        'client-secret': 'host-form-secret',
        ...extra
      })
    )
    expect(run.code).toBe(0)
    expectSafeLog(run, ['host-form-secret'])
    const name = host.includes('localhost') ? 'localhost' : '127.0.0.1'
    expect(server.requests.map(({ method, url, headers }) => [method, url, headers.host])).toEqual([
      ['POST', expectedPath, `${name}:${port}`]
    ])
  })

  it("masks a key in token-path's query as written, when an escape in it decodes to U+FFFD", async () => {
    const code = '%DcQ5-key-7Hq2Kx9'
    const server = await startServer((_, res) =>
      sendJson(res, 401, { error: 'invalid_client', error_description: `bad code ${code}` })
    )
    const run = await runAction(
      step({
        host: server.url,
        'token-path': `/api/token?code=${code}`,
        'client-id': 'query-key-client',
        'client-secret': 'query-key-secret',
        retries: '0'
      })
    )
    expect(server.requests.map(request => request.url)).toEqual([`/api/token?code=${code}`])
    expect(expectFailure(run)).toContain('bad code ***')
    const log = maskedLog(run.stdout)
    expect(log).toContain(`Requesting a token from ${server.url}/api/token?code=***`)
    expect(log).not.toContain('Q5-key-7Hq2Kx9')
    expectSafeLog(run, ['query-key-secret'], [code])
  })

  it.each(['', '/'])('reaches an IPv6 literal host, http://[::1]:port%s', async slash => {
    const endpoint = await startTokenEndpoint(undefined, '::1')
    cleanups.push(() => endpoint.close())
    const run = await runAction(
      step({
        host: `${endpoint.base('[::1]')}${slash}`,
        'client-id': 'v6-client',
        'client-secret': 'v6-client-secret'
      })
    )
    expect(run.code).toBe(0)
    expectSafeLog(run, ['v6-client-secret'])
    expect(
      endpoint.requests.map(({ method, url, headers }) => [method, url, headers.host])
    ).toEqual([['POST', '/oauth/token', `[::1]:${endpoint.port}`]])
    expect(run.outputs['access-token']).toBe(endpoint.tokens[0])
  })

  it('warns and outputs Bearer when the response has no token_type', async () => {
    const server = await startServer((_, res) =>
      sendJson(res, 200, { access_token: 'typeless-token-5678', expires_in: 3600 })
    )
    const run = await runAction(
      step({ host: server.url, 'client-id': 'typeless', 'client-secret': 'typeless-secret' })
    )
    expect(run.code).toBe(0)
    expectSafeLog(run, ['typeless-secret'])
    const warnings = stdoutLines(run).filter(line => line.startsWith('::warning'))
    expect(warnings).toEqual(['::warning::The response has no token_type; assuming Bearer.'])
    expect(run.outputs['token-type']).toBe('Bearer')
    expect(run.outputs.authorization).toBe('Bearer typeless-token-5678')
    expect(run.outputs['expires-in']).toBe('3600')
  })

  // RFC 8693 section 3: issued_token_type is a URI. One with a line break would put the server's
  // text into a later step's expression through the output: it is left out, with a warning.
  it('leaves out an issued_token_type with a line break, with a warning, and succeeds', async () => {
    const server = await startServer((_, res) =>
      sendJson(res, 200, {
        access_token: 'exchanged-token-4b2e',
        token_type: 'Bearer',
        issued_token_type: 'urn:ietf:params:oauth:token-type:access_token\n::error::injected'
      })
    )
    const run = await runAction(
      step({
        host: server.url,
        'client-id': 'ci-bot',
        'client-secret': '',
        'grant-type': 'urn:ietf:params:oauth:grant-type:token-exchange',
        'subject-token': 'subject-token-6a1f3c9e'
      })
    )
    expect(run.code).toBe(0)
    expect(stdoutLines(run).filter(line => /^::(warning|error)/.test(line))).toEqual([
      '::warning::Ignoring issued_token_type: it holds spaces or control characters, not a URI.'
    ])
    expect(run.outputs).not.toHaveProperty('issued-token-type')
    expect(run.outputs['access-token']).toBe('exchanged-token-4b2e')
    expectSafeLog(run, ['subject-token-6a1f3c9e'])
  })

  // Scope tokens are delimited by spaces alone (RFC 6749 section 3.3): a scope with a line break
  // would carry the server's text into a later step's script through the output.
  it('leaves out a scope with a line break, with a warning, and succeeds', async () => {
    const server = await startServer((_, res) =>
      sendJson(res, 200, {
        access_token: 'scoped-token-3c8e',
        token_type: 'Bearer',
        scope: 'read\n::error::injected write'
      })
    )
    const run = await runAction(
      step({ host: server.url, 'client-id': 'ci-bot', 'client-secret': 'ci-bot-secret-5d2a' })
    )
    expect(run.code).toBe(0)
    expect(stdoutLines(run).filter(line => /^::(warning|error)/.test(line))).toEqual([
      '::warning::Ignoring scope: it holds line breaks, tabs or control characters.'
    ])
    expect(run.outputs.scope).toBe('')
    expect(run.outputs['access-token']).toBe('scoped-token-3c8e')
    expectSafeLog(run, ['ci-bot-secret-5d2a'])
  })

  it('normalizes bearer in authorization, and takes expires-at from the JWT exp claim', async () => {
    const accessToken = jwt({ sub: 'ci', exp: 2000000000 })
    const idToken = jwt({ sub: 'ci', aud: 'oidc-client', exp: 2000000000 })
    const server = await startServer((_, res) =>
      sendJson(res, 200, {
        access_token: accessToken,
        token_type: 'bearer',
        id_token: idToken,
        refresh_token: 'oidc-refresh-token-0001',
        scope: 'openid profile'
      })
    )
    const run = await runAction(
      step({
        host: server.url,
        'client-id': 'oidc-client',
        'client-secret': 'oidc-secret',
        scope: 'openid profile'
      })
    )
    expect(run.code).toBe(0)
    expectSafeLog(run, ['oidc-secret'])
    expect(run.outputs).toEqual({
      'access-token': accessToken,
      'token-type': 'bearer',
      authorization: `Bearer ${accessToken}`,
      'expires-in': '',
      'expires-at': '2033-05-18T03:33:20Z',
      'refresh-token': 'oidc-refresh-token-0001',
      'id-token': idToken,
      scope: 'openid profile'
    })
    expect(jsonBody(server.requests[0] ?? { body: '' })).toMatchObject({ scope: 'openid profile' })
  })

  // A JWT whose exp has passed (the server's clock behind, or an old token handed out again): the
  // warning, the log line and min-validity's failure say it has expired, not "in 0 s".
  it('says plainly that a JWT access token whose exp has passed has already expired', async () => {
    const accessToken = jwt({ sub: 'ci', exp: 1000000000 })
    const server = await startServer((_, res) =>
      sendJson(res, 200, { access_token: accessToken, token_type: 'Bearer' })
    )
    const inputs = step({ host: server.url, 'client-id': 'old', 'client-secret': 'old-secret' })
    const started = Math.floor(Date.now() / 1000) - 1000000000
    const run = await runAction(inputs)
    const ended = Math.ceil(Date.now() / 1000) - 1000000000
    expect(run.code).toBe(0)
    expectSafeLog(run, ['old-secret'])
    expect(run.outputs['expires-at']).toBe('2001-09-09T01:46:40Z')
    const lines = stdoutLines(run)
    const warning = lines.filter(line => line.startsWith('::warning'))
    expect(warning).toHaveLength(1)
    const seconds = Number(
      /^::warning::The token already expired at 2001-09-09T01:46:40Z, (\d+) s ago: check the server's clock and this runner's$/.exec(
        warning[0] ?? ''
      )?.[1]
    )
    expect(seconds).toBeGreaterThanOrEqual(started)
    expect(seconds).toBeLessThanOrEqual(ended)
    expect(lines).toContain(
      "Got a Bearer token, already expired at 2001-09-09T01:46:40Z: in the step's outputs and in $ACCESS_TOKEN."
    )

    const strict = await runAction({ ...inputs, 'min-validity': '60' })
    expect(strict.code).toBe(1)
    expect(strict.outputs).toEqual({})
    expect(stdoutLines(strict).filter(line => line.startsWith('::error'))).toEqual([
      expect.stringMatching(
        /^::error::The token already expired at 2001-09-09T01:46:40Z, \d+ s ago: check the server's clock and this runner's$/
      )
    ])
  })

  // A form body that a server labelled JSON is read as one too (audit 87a, R4).
  it.each(['application/x-www-form-urlencoded', 'application/json'])(
    'parses a form-urlencoded token response sent as %s',
    async type => {
      const server = await startServer((_, res) => {
        res.writeHead(200, { 'Content-Type': type })
        res.end('access_token=form-token-9012&token_type=bearer&expires_in=60&scope=read+write')
      })
      const run = await runAction(
        step({ host: server.url, 'client-id': 'form-client', 'client-secret': 'form-secret' })
      )
      expect(run.code).toBe(0)
      expectSafeLog(run, ['form-secret'])
      expect(run.outputs['access-token']).toBe('form-token-9012')
      expect(run.outputs.authorization).toBe('Bearer form-token-9012')
      expect(run.outputs['expires-in']).toBe('60')
      expect(run.outputs.scope).toBe('read write')
      expect(maskedValues(run.stdout)).toContain('form-token-9012')
    }
  )

  it('sends a form body with HTTP Basic client authentication, and masks the header', async () => {
    const seed = await seedServer({ clientSecret: 'basic:secret/with+chars' })
    const run = await runAction(
      step({ ...passwordGrantInputs(seed), 'body-format': 'form', 'client-auth': 'basic' })
    )
    expect(run.code).toBe(0)
    const credentials = Buffer.from(
      `${seed.client.id}:${new URLSearchParams([['', 'basic:secret/with+chars']]).toString().slice(1)}`
    ).toString('base64')
    expectSafeLog(run, [seed.client.secret, seed.user.password], [credentials])
    expect(maskedValues(run.stdout)).toEqual(
      expect.arrayContaining([`Basic ${credentials}`, credentials])
    )
    expect(seed.requests).toHaveLength(1)
    const [request] = seed.requests
    expect(request?.headers['content-type']).toBe('application/x-www-form-urlencoded')
    expect(request?.headers.accept).toBe('application/json')
    expect(request?.headers.authorization).toBe(`Basic ${credentials}`)
    expect(Object.fromEntries(new URLSearchParams(request?.body))).toEqual({
      grant_type: 'password',
      username: seed.user.username,
      password: seed.user.password
    })
  })

  it('uses a refresh token, masking the refresh-token input first', async () => {
    const seed = await seedServer()
    const first = await runAction(step(passwordGrantInputs(seed)))
    expect(first.code).toBe(0)
    expectSafeLog(first, [seed.client.secret, seed.user.password])
    const refreshToken = first.outputs['refresh-token'] ?? ''

    const run = await runAction(
      step({
        host: seed.url,
        'grant-type': 'refresh_token',
        'client-id': seed.client.id,
        'client-secret': seed.client.secret,
        'refresh-token': refreshToken
      })
    )
    expect(run.code).toBe(0)
    expectSafeLog(run, [seed.client.secret, refreshToken])
    expect(jsonBody(seed.requests[1] ?? { body: '' })).toEqual({
      grant_type: 'refresh_token',
      client_id: seed.client.id,
      client_secret: seed.client.secret,
      refresh_token: refreshToken
    })
    expect(run.outputs['access-token']).not.toBe(first.outputs['access-token'])
    expect(run.outputs['refresh-token']).not.toBe(refreshToken)
  })

  it("lets no input or server text start a command in the runner's older form, ##[name], which it reads anywhere in a line", async () => {
    const server = await startServer((_, res) =>
      sendJson(res, 200, {
        access_token: 'old-form-token-4f2a9c',
        token_type: 'Bearer',
        scope: 'read ##[warning]forged'
      })
    )
    const run = await runAction(
      step({
        host: server.url,
        'grant-type': '##[stop-commands]zz',
        'client-id': 'old-form-client',
        'client-secret': 'old-form-secret'
      })
    )
    expect(run.code).toBe(0)
    const plain = stdoutLines(run).filter(line => !line.startsWith('::'))
    expect(plain.filter(line => line.includes('##['))).toEqual([])
    expect(plain).toContain(
      `Requesting a token from ${server.url}/oauth/token (grant_type ## [stop-commands]zz)`
    )
    expectSafeLog(run, ['old-form-secret'])
  })

  it.each<[string, (res: ServerResponse) => void, string]>([
    [
      'a reset cut off',
      res => {
        res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': '200' })
        res.write('{"access_token":"cut-off-token')
        setTimeout(() => res.socket?.resetAndDestroy(), 50)
      },
      'HTTP 200 answer cut off before its end (connection closed before the response was complete)'
    ],
    [
      "breaks HTTP's framing",
      res => {
        res.socket?.end(
          'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n10\r\n{"access_token":\r\nzz\r\n'
        )
      },
      'HTTP 200 answer cut off before its end (Parse Error: Invalid character in chunk size)'
    ],
    [
      // Whole, but its JSON stops short: the server may well have rotated the refresh token.
      'holds cut-off JSON',
      res => {
        res.writeHead(200, { 'Content-Type': 'application/json' })
        res.end('{"access_token":"half-a-token')
      },
      'HTTP 200 (application/json, 29 bytes); expected a JSON token response, got truncated or invalid JSON'
    ]
  ])(
    'does not resend a refresh token whose 2xx answer %s, and says why',
    async (_how, answer, detail) => {
      const server = await startServer((_, res, index) => {
        if (index > 0) return sendJson(res, 400, { error: 'invalid_grant' })
        answer(res)
      })
      const run = await runAction(
        step({
          host: server.url,
          'grant-type': 'refresh_token',
          'client-id': 'refresh-client',
          'client-secret': 'refresh-secret',
          'refresh-token': 'refresh-once-8d1f'
        })
      )
      expect(server.requests).toHaveLength(1)
      expect(expectFailure(run)).toBe(
        `Token request to ${server.url}/oauth/token failed: ${detail}; not retried, since the server has likely used up the refresh token: check the server and any proxy on the way, and give a new refresh-token`
      )
      expectSafeLog(run, ['refresh-secret', 'refresh-once-8d1f'])
    }
  )

  // Each resend of a password may count toward the server's lockout, and each 2xx mints a token.
  const noticeBody = `{"access_token":"php-notice-token-5d2e","token_type":"Bearer"}\n<br />\n<b>Deprecated</b>:  Creation of dynamic property in /app/Token.php on line 12<br />`
  it.each([
    [
      'whose 401 answer was cut off mid-body',
      (res: ServerResponse) =>
        res.socket?.end(
          'HTTP/1.1 401 Unauthorized\r\nContent-Type: application/json\r\nContent-Length: 64\r\n\r\n{"error":"invalid_grant"'
        ),
      // Told by its status, as a whole 401 is; of its body only that it was cut.
      'HTTP 401 (application/json) with its body cut off; check client-id, client-secret and client-auth'
    ],
    [
      // PHP's display_errors: a notice printed after the token. It came as sent; each attempt
      // would get it again.
      'for a 2xx whose whole JSON has text after it',
      (res: ServerResponse) =>
        res.writeHead(200, { 'Content-Type': 'application/json' }).end(noticeBody),
      `HTTP 200 (application/json, ${noticeBody.length} bytes); expected a JSON token response, got JSON with text after it; the server's answer is malformed: check the server`
    ]
  ])('does not resend a password %s', async (_name, answer, failure) => {
    const server = await startServer((_, res) => answer(res))
    const run = await runAction(
      step({
        host: server.url,
        'client-id': 'lockout-client',
        'client-secret': 'lockout-secret',
        username: 'lockout-user',
        password: 'lockout-password-5c1a'
      })
    )
    expect(server.requests).toHaveLength(1)
    expect(expectFailure(run)).toBe(`Token request to ${server.url}/oauth/token failed: ${failure}`)
    expectSafeLog(run, ['lockout-secret', 'lockout-password-5c1a'], ['php-notice-token-5d2e'])
    expect(run.stdout).not.toContain('php-notice-token-5d2e')
  })

  // The part of a body that came before a reset can end inside a secret, or inside an escape or
  // base64 of one (a form body echoed, cut at %2B), where no search can tell it from other text.
  it.each([
    [
      'form-encoded, cut inside an escape',
      'application/x-www-form-urlencoded',
      (secret: string) =>
        `error=invalid_client&error_description=bad+secret+${new URLSearchParams({ s: secret }).toString().slice(2, -2)}`
    ],
    [
      'JSON, cut 6 characters into the secret',
      'application/json',
      (secret: string) =>
        `{"error":"invalid_client","error_description":"bad secret ${secret.slice(0, 6)}`
    ],
    [
      'base64 of the request body, cut',
      'text/plain',
      (secret: string) =>
        `body: ${Buffer.from(`{"client_secret":"${secret}"`).toString('base64').slice(0, -4)}`
    ]
  ])('shows nothing of a 401 body cut off before its end: %s', async (_name, type, body) => {
    const secret = 's3cr3t-P4ss/w0rd+Q=x'
    const server = await startServer((_, res) => {
      res.socket?.end(
        `HTTP/1.1 401 Unauthorized\r\nContent-Type: ${type}\r\nContent-Length: 400\r\n\r\n${body(secret)}`
      )
    })
    const run = await runAction(
      step({ host: server.url, 'client-id': 'cut-client', 'client-secret': secret, retries: '0' })
    )
    expect(expectFailure(run)).toBe(
      `Token request to ${server.url}/oauth/token failed: HTTP 401 (${type}) with its body cut off; check client-id, client-secret and client-auth`
    )
    expectSafeLog(run, [secret])
    const shown = stdoutLines(run).filter(line => !line.startsWith('::add-mask::'))
    expect(shown.join('\n')).not.toContain(secret.slice(0, 6))
  })

  it('points at the Location of a 302 whose body was cut off', async () => {
    const server = await startServer((_, res) => {
      res.socket?.end(
        'HTTP/1.1 302 Found\r\nLocation: https://auth.example.com/oauth/token\r\nContent-Length: 80\r\n\r\n<html>'
      )
    })
    const run = await runAction(
      step({ host: server.url, 'client-id': 'moved-client', 'client-secret': 'moved-secret' })
    )
    expect(server.requests).toHaveLength(1)
    expect(expectFailure(run)).toBe(
      `Token request to ${server.url}/oauth/token failed: HTTP 302 redirect to https://auth.example.com/oauth/token; redirects are not followed because the body holds credentials: set host and token-path to the final URL`
    )
  })

  it("masks the credentials a redirect's Location and a gateway's page name, though none is the step's", async () => {
    const location = 'https://admin:LOC-pass-123@app.example/cb#access_token=AT-loc-1&state=s1'
    const page =
      '<html><body>upstream answered {"access_token":"AT-page-1","refresh_token":"RT-page-1"}</body></html>'
    const server = await startServer((req, res) => {
      if (req.url === '/oauth/token') res.writeHead(302, { Location: location }).end()
      else res.writeHead(502, { 'Content-Type': 'text/html' }).end(page)
    })
    const inputs = { 'client-id': 'named-client', 'client-secret': 'named-secret', retries: '0' }
    const redirected = await runAction(step({ host: server.url, ...inputs }))
    expect(expectFailure(redirected)).toBe(
      `Token request to ${server.url}/oauth/token failed: HTTP 302 redirect to https://***@app.example/cb#access_token=***&state=s1; redirects are not followed because the body holds credentials: set host and token-path to the final URL`
    )
    const gateway = await runAction(step({ host: server.url, 'token-path': '/gw', ...inputs }))
    expect(expectFailure(gateway)).toBe(
      `Token request to ${server.url}/gw failed after 1 attempt: HTTP 502 (text/html): upstream answered {"access_token":"***","refresh_token":"***"}; try again later, or check the server`
    )
    const named = ['LOC-pass-123', 'AT-loc-1', 'AT-page-1', 'RT-page-1']
    for (const run of [redirected, gateway]) {
      expectSafeLog(run, ['named-secret'], named)
      for (const value of named) expect(run.stdout + run.stderr).not.toContain(value)
    }
  })

  it('tells a 401 whose body does not end within the timeout by its status, and exits', async () => {
    const server = await startServer((_, res) => {
      res.writeHead(401, { 'Content-Type': 'application/json', 'Content-Length': '100' })
      res.write('{"error":"invalid_client"')
    })
    const run = await runAction(
      step({
        host: server.url,
        'client-id': 'slow-client',
        'client-secret': 'slow-secret',
        timeout: '1'
      })
    )
    expect(server.requests).toHaveLength(1)
    expect(expectFailure(run)).toBe(
      `Token request to ${server.url}/oauth/token failed: HTTP 401 (application/json) with its body cut off; check client-id, client-secret and client-auth`
    )
    expect(run.ms).toBeLessThan(5000)
  })

  // Node's timers count whole milliseconds: a timeout under one is one, and its line says so,
  // in digits as the input is written, not as 1e-7 s.
  it('tells a timeout under a millisecond as 0.001 s', async () => {
    const server = await startServer(() => {})
    const run = await runAction(
      step({
        host: server.url,
        'client-id': 'quick-client',
        'client-secret': 'quick-secret',
        timeout: '0.0000001',
        retries: '0'
      })
    )
    expect(expectFailure(run)).toBe(
      `Token request to ${server.url}/oauth/token failed after 1 attempt: timed out after 0.001 s; raise input 'timeout' or check that the server answers`
    )
    expectSafeLog(run, ['quick-secret'])
  })

  it.each(['GITHUB_OUTPUT', 'GITHUB_ENV'])(
    "names %s and the fix when the runner's disk is full, and publishes nothing",
    async variable => {
      const seed = await seedServer()
      const run = await runAction(step(passwordGrantInputs(seed)), { [variable]: '/dev/full' })
      expect(run.code).toBe(1)
      const errors = stdoutLines(run).filter(line => line.startsWith('::error'))
      expect(errors).toEqual([
        `::error::Could not write ${variable} (/dev/full): ENOSPC: no space left on device, write; free space on the runner's disk`
      ])
      // The outputs written before GITHUB_ENV failed are taken back: a later step under
      // `if: failure()` reads none of them.
      expect([run.outputFile, run.envFile]).toEqual(['', ''])
      expectSafeLog(run, [seed.client.secret, seed.user.password])
    }
  )

  // The wait asked for, plus up to 3 s of jitter (plain backoff would be 0.5 to 1 s); a 503 whose
  // body the connection cut is told by its status and headers as a whole one is.
  it.each([
    [
      'a 503',
      1,
      (res: ServerResponse) => sendJson(res, 503, { message: 'busy' }, { 'Retry-After': '1' })
    ],
    [
      'a 503 whose body was cut off',
      2,
      (res: ServerResponse) =>
        res.socket?.end(
          'HTTP/1.1 503 Service Unavailable\r\nRetry-After: 2\r\nContent-Length: 47\r\n\r\n{"error":"t'
        )
    ]
  ])('honours the Retry-After of %s, then succeeds', async (_name, wait, busy) => {
    const server = await startServer((_, res, index) => {
      if (index === 0) busy(res)
      else sendJson(res, 200, { access_token: 'after-retry-token-42', token_type: 'Bearer' })
    })
    const run = await runAction(
      step({
        host: server.url,
        'client-id': 'retry-client',
        'client-secret': 'retry-secret',
        retries: '1',
        timeout: '5'
      })
    )
    expect(run.code).toBe(0)
    expectSafeLog(run, ['retry-secret'])
    expect(server.requests).toHaveLength(2)
    const [a, b] = server.requests
    expect((b?.at ?? 0) - (a?.at ?? 0)).toBeGreaterThanOrEqual(wait * 1000)
    const [, seconds = ''] =
      stdoutLines(run)
        .map(line => /^Attempt 1 of 2: HTTP 503; retrying in (\d+\.\d) s$/.exec(line))
        .find(Boolean) ?? []
    expect(Number(seconds)).toBeGreaterThanOrEqual(wait)
    expect(Number(seconds)).toBeLessThanOrEqual(wait + 3)
  })

  it("waits for a 429's rate-limit reset (Auth0's X-RateLimit-Reset) when there is no Retry-After", async () => {
    const server = await startServer((_, res, index) => {
      // Unix seconds, as Auth0 and Okta give it; Node's server adds the Date it is read against.
      const reset = String(Math.floor(Date.now() / 1000) + 3)
      if (index === 0)
        sendJson(res, 429, { error: 'too_many_requests' }, { 'X-RateLimit-Reset': reset })
      else sendJson(res, 200, { access_token: 'after-reset-token-42', token_type: 'Bearer' })
    })
    const run = await runAction(
      step({
        host: server.url,
        'client-id': 'reset-client',
        'client-secret': 'reset-secret',
        retries: '1'
      })
    )
    expect(run.code).toBe(0)
    expect(server.requests).toHaveLength(2)
    const [a, b] = server.requests
    // At least the 2 to 3 s to the reset (plain backoff would be 0.5 to 1 s).
    expect((b?.at ?? 0) - (a?.at ?? 0)).toBeGreaterThanOrEqual(2000)
    expect(stdoutLines(run)).toContainEqual(
      expect.stringMatching(/^Attempt 1 of 2: HTTP 429; retrying in [2-6]\.\d s$/)
    )
  })
})

describe('runner: refused before anything is sent', () => {
  it('the network spy sees a real request (control)', async () => {
    const seed = await seedServer()
    const { run, traffic } = await runWatched(step(passwordGrantInputs(seed)))
    expect(run.code).toBe(0)
    expectSafeLog(run, [seed.client.secret, seed.user.password])
    expect(traffic).toContain(`connect 127.0.0.1:${new URL(seed.url).port}`)
  })

  it.each([
    [
      'host',
      'OAUTH_HOST',
      "input 'host' (or OAUTH_HOST) is required: the base URL of the API, e.g. https://api.example.com (or input 'issuer', to discover the token endpoint)"
    ],
    ['client-id', 'OAUTH_CLIENT_ID', "input 'client-id' (or OAUTH_CLIENT_ID) is required"],
    [
      'password',
      'OAUTH_PASSWORD',
      "input 'password' (or OAUTH_PASSWORD) is required by grant-type password"
    ]
  ])('fails without %s, naming it and %s', async (input, variable, message) => {
    const seed = await seedServer()
    const inputs = step(passwordGrantInputs(seed))
    Reflect.deleteProperty(inputs, input)
    const { run, traffic } = await runWatched(inputs)
    const error = expectFailure(run)
    expect(error).toBe(message)
    expect(error).toContain(`'${input}'`)
    expect(error).toContain(variable)
    expectSafeLog(
      run,
      input === 'password' ? [seed.client.secret] : [seed.client.secret, seed.user.password]
    )
    expect(seed.requests).toHaveLength(0)
    expect(traffic).toEqual([])
  })

  it('fails when an OAUTH_* variable is set but empty', async () => {
    const seed = await seedServer()
    const inputs = step(passwordGrantInputs(seed))
    Reflect.deleteProperty(inputs, 'client-id')
    const { run, traffic } = await runWatched(inputs, { OAUTH_CLIENT_ID: '  ' })
    expect(expectFailure(run)).toBe("input 'client-id' (or OAUTH_CLIENT_ID) is required")
    expectSafeLog(run, [seed.client.secret, seed.user.password])
    expect(traffic).toEqual([])
  })

  // A job-level OAUTH_GRANT_TYPE reaches a step that sets no grant-type: the step's own inputs
  // are not what is missing, so the line says how to clear it, as for OAUTH_HOST.
  it.each([
    ['password', 'username'],
    ['refresh_token', 'refresh-token']
  ])(
    'names OAUTH_GRANT_TYPE=%s, and how to clear it, when a step without grant-type lacks %s',
    async (grant, input) => {
      const seed = await seedServer()
      const { run, traffic } = await runWatched(
        step({ host: seed.url, 'client-id': seed.client.id, 'client-secret': seed.client.secret }),
        { OAUTH_GRANT_TYPE: grant }
      )
      expect(expectFailure(run)).toMatch(
        new RegExp(
          `^input '${input}' \\(or OAUTH_\\w+\\) is required by grant-type ${grant} \\(OAUTH_GRANT_TYPE is set in the environment: set OAUTH_GRANT_TYPE: '' in this step's env\\)$`
        )
      )
      expectSafeLog(run, [seed.client.secret])
      expect(seed.requests).toHaveLength(0)
      expect(traffic).toEqual([])
    }
  )

  // A job-level OAUTH_USERNAME makes a step without grant-type a password grant.
  it('names OAUTH_USERNAME, and how to clear it, when it chose a password grant that lacks password', async () => {
    const seed = await seedServer()
    const { run, traffic } = await runWatched(
      step({ host: seed.url, 'client-id': seed.client.id, 'client-secret': seed.client.secret }),
      { OAUTH_USERNAME: 'svc-user' }
    )
    expect(expectFailure(run)).toBe(
      "input 'password' (or OAUTH_PASSWORD) is required by grant-type password (OAUTH_USERNAME is set in the environment: set OAUTH_USERNAME: '' in this step's env)"
    )
    expect(seed.requests).toHaveLength(0)
    expect(traffic).toEqual([])
  })

  // ASP.NET Core reads a form's or JSON body's names in any case: GRANT_TYPE replaces grant_type.
  it.each([
    ['GRANT_TYPE=client_credentials', 'GRANT_TYPE', 'grant-type'],
    ['Client_Secret[]=other', 'Client_Secret[]', 'client-secret']
  ])('refuses extra-params %j, a reserved name in another case', async (line, key, input) => {
    const seed = await seedServer()
    const { run, traffic } = await runWatched(
      step({ ...passwordGrantInputs(seed), 'extra-params': line })
    )
    expect(expectFailure(run)).toBe(
      `input 'extra-params' line 1 sets ${key}, which the action sends itself: use input '${input}'`
    )
    expectSafeLog(run, [seed.client.secret, seed.user.password])
    expect(seed.requests).toHaveLength(0)
    expect(traffic).toEqual([])
  })

  // YAML's `export-env: false` reaches the action as the word false: meant as no export, it is
  // refused, not taken as the name of a variable that every later step gets the token in.
  it.each(['false', 'none'])(
    'refuses export-env: %s, naming what turns the export off',
    async value => {
      const seed = await seedServer()
      const { run, traffic } = await runWatched(
        step({ ...passwordGrantInputs(seed), 'export-env': value })
      )
      expect(expectFailure(run)).toBe(
        "input 'export-env' must be an environment variable name such as ACCESS_TOKEN, or empty"
      )
      expectSafeLog(run, [seed.client.secret, seed.user.password])
      expect(seed.requests).toHaveLength(0)
      expect(traffic).toEqual([])
    }
  )

  // bash reads GLOBIGNORE at each glob, tools their *_HOME and npm_config_* at start: a token there
  // would change every later step, so such a name is refused before anything is sent.
  it.each(['GLOBIGNORE', 'JAVA_HOME', 'npm_config_registry'])(
    'refuses export-env: %s, which later steps rely on, before anything is sent',
    async value => {
      const seed = await seedServer()
      const { run, traffic } = await runWatched(
        step({ ...passwordGrantInputs(seed), 'export-env': value })
      )
      expect(expectFailure(run)).toBe(
        `input 'export-env' must not be ${value}, which the runner or later steps rely on`
      )
      expectSafeLog(run, [seed.client.secret, seed.user.password])
      expect(seed.requests).toHaveLength(0)
      expect(traffic).toEqual([])
    }
  )

  // An audit's values that were sent: each is now refused before anything is sent.
  it.each<[string, (seed: SeedServer) => Record<string, string>, string]>([
    [
      'a host with a zero-width space, which the URL parser would drop',
      seed => ({ host: seed.url.replace('127.0.0.1', '127.0.0.1\u200b') }),
      "input 'host' (or OAUTH_HOST) must be one URL, without spaces, tabs or line breaks"
    ],
    [
      'a grant-type with a zero-width space',
      () => ({ 'grant-type': 'password\u200b' }),
      "input 'grant-type' (or OAUTH_GRANT_TYPE) must be one word, without spaces or control characters, e.g. password or client_credentials"
    ],
    [
      'a client-id with a line separator',
      () => ({ 'client-id': 'demo\u2028client' }),
      "input 'client-id' (or OAUTH_CLIENT_ID) must not contain line breaks, tabs or other control or invisible characters"
    ],
    [
      'a refresh-token with "Bearer " in front',
      () => ({ 'grant-type': 'refresh_token', 'refresh-token': 'Bearer def50200a1b2c3d4' }),
      'input \'refresh-token\' (or OAUTH_REFRESH_TOKEN) must be the token alone, without spaces, line breaks or "Bearer " in front'
    ],
    [
      'a subject_token in the query of token-path',
      () => ({
        'grant-type': 'urn:ietf:params:oauth:grant-type:token-exchange',
        'subject-token': 'subject-token-6a1f3c9e',
        'token-path': '/oauth/token?subject_token=other-token-9d2e'
      }),
      "input 'token-path' has \"subject_token\" in its query, which the action sends in the body: use input 'subject-token'"
    ]
  ])('refuses %s before anything is sent', async (_what, inputs, expected) => {
    const seed = await seedServer()
    const { run, traffic } = await runWatched(
      step({ ...passwordGrantInputs(seed), ...inputs(seed) })
    )
    expect(expectFailure(run)).toBe(expected)
    expectSafeLog(run, [seed.client.secret, seed.user.password])
    expect(seed.requests).toHaveLength(0)
    expect(traffic).toEqual([])
  })

  it('refuses a plain http:// host that is not loopback, without any network traffic', async () => {
    const { run, traffic } = await runWatched(
      step({
        host: 'http://example.invalid',
        'client-id': 'remote-client',
        'client-secret': 'remote-secret',
        username: 'someone@example.com',
        password: 'remote-password'
      })
    )
    expect(expectFailure(run)).toBe(
      "input 'host' (or OAUTH_HOST) uses plain http://, which would send credentials unencrypted; use https://, or set allow-insecure-http: true"
    )
    expectSafeLog(run, ['remote-secret', 'remote-password'])
    expect(traffic).toEqual([])
  })

  it('refuses a port over 65535 by name, without any network traffic', async () => {
    const { run, traffic } = await runWatched(
      step({
        host: 'http://127.0.0.1:80800',
        'client-id': 'port-client',
        'client-secret': 'port-secret'
      })
    )
    expect(expectFailure(run)).toBe(
      "input 'host' (or OAUTH_HOST) has a port over 65535: give the server's port, or none for the scheme's default"
    )
    expectSafeLog(run, ['port-secret'])
    expect(traffic).toEqual([])
  })

  it('refuses credentials in the host URL', async () => {
    const seed = await seedServer()
    const host = seed.url.replace('http://', 'http://host-user:host-url-password@')
    const { run, traffic } = await runWatched(step({ ...passwordGrantInputs(seed), host }))
    expect(expectFailure(run)).toBe(
      "input 'host' (or OAUTH_HOST) must not contain credentials (user:password@); pass them as client-id and client-secret"
    )
    expectSafeLog(run, [seed.client.secret, seed.user.password], ['host-url-password'])
    expect(seed.requests).toHaveLength(0)
    expect(traffic).toEqual([])
  })

  it.each([
    [
      'a query',
      (url: string) => `${url}?x=1`,
      "input 'host' (or OAUTH_HOST) must not have a query or fragment; put the endpoint's path in token-path"
    ],
    [
      'a fragment',
      (url: string) => `${url}#realm`,
      "input 'host' (or OAUTH_HOST) must not have a query or fragment; put the endpoint's path in token-path"
    ]
  ])('refuses a host with %s', async (_name, mangle, message) => {
    const seed = await seedServer()
    const { run, traffic } = await runWatched(
      step({ ...passwordGrantInputs(seed), host: mangle(seed.url) })
    )
    expect(expectFailure(run)).toBe(message)
    expectSafeLog(run, [seed.client.secret, seed.user.password])
    expect(seed.requests).toHaveLength(0)
    expect(traffic).toEqual([])
  })

  it('refuses a token-path that starts with //, which would name another host', async () => {
    const seed = await seedServer()
    const { run, traffic } = await runWatched(
      step({ ...passwordGrantInputs(seed), 'token-path': '//127.0.0.2/oauth/token' })
    )
    expect(expectFailure(run)).toBe(
      "input 'token-path' must be a path such as /oauth/token, not a URL: the host comes from input 'host' alone"
    )
    expectSafeLog(run, [seed.client.secret, seed.user.password])
    expect(traffic).toEqual([])
  })

  // The token endpoint's whole URL is a common paste for host: with token-path appended, it would
  // go to /oauth/token/oauth/token, with the credentials, and fail only on the server's 404.
  it.each([
    ['input', false],
    ['OAUTH_HOST', true]
  ])(
    "refuses a host (from %s) that already ends in token-path's default",
    async (_from, fromEnv) => {
      const seed = await seedServer()
      const host = `${seed.url}/oauth/token`
      const inputs = step({ ...passwordGrantInputs(seed), host: fromEnv ? '' : host })
      const { run, traffic } = await runWatched(inputs, fromEnv ? { OAUTH_HOST: host } : {})
      expect(expectFailure(run)).toBe(
        "input 'host' (or OAUTH_HOST) ends in token-path /oauth/token: remove it from host"
      )
      expectSafeLog(run, [seed.client.secret, seed.user.password])
      expect(seed.requests).toHaveLength(0)
      expect(traffic).toEqual([])
    }
  )

  // A vendor's token URL pasted as host, with the default token-path, would be sent the
  // credentials at …/token/oauth/token. The line names the path to move into token-path.
  it.each([
    ['input', 'Keycloak', '/realms/ci', '/protocol/openid-connect/token', false],
    ['OAUTH_HOST', 'Entra ID', '/tenant-id', '/oauth2/v2.0/token', true],
    ['input', 'Okta', '/oauth2/default', '/v1/token', false]
  ])(
    "refuses a host (from %s) that is %s's token URL, with token-path's default",
    async (_from, _vendor, base, path, fromEnv) => {
      const seed = await seedServer()
      const host = `${seed.url}${base}${path}`
      const inputs = step({ ...passwordGrantInputs(seed), host: fromEnv ? '' : host })
      const { run, traffic } = await runWatched(inputs, fromEnv ? { OAUTH_HOST: host } : {})
      expect(expectFailure(run)).toBe(
        `input 'host' (or OAUTH_HOST) ends in ${path}: move it to token-path`
      )
      expectSafeLog(run, [seed.client.secret, seed.user.password])
      expect(seed.requests).toHaveLength(0)
      expect(traffic).toEqual([])
    }
  )

  // Its token URL as issuer would be sent three discovery GETs, then fail on "check input
  // 'issuer'": refused before anything is sent, naming both ways out.
  it('refuses a token URL as issuer, and sends nothing', async () => {
    const seed = await seedServer()
    const issuer = `${seed.url}/realms/ci/protocol/openid-connect/token`
    const { run, traffic } = await runWatched(
      step({ ...passwordGrantInputs(seed), host: '', issuer })
    )
    expect(expectFailure(run)).toBe(
      "input 'issuer' is a token endpoint's URL: give the issuer, or this URL as host"
    )
    expectSafeLog(run, [seed.client.secret, seed.user.password])
    expect(seed.requests).toHaveLength(0)
    expect(traffic).toEqual([])
  })

  // The URL parser would drop the line break or tab and mend the scheme, and send the request.
  it.each([
    [
      'a line break',
      (url: string) => `${url}\n/api`,
      'must be one URL, without spaces, tabs or line breaks'
    ],
    [
      'a tab',
      (url: string) => `${url}\t/x`,
      'must be one URL, without spaces, tabs or line breaks'
    ],
    [
      'a scheme without slashes',
      (url: string) => url.replace('http://', 'http:'),
      'must start with https:// (or http:// for a server on this machine), e.g. https://api.example.com'
    ]
  ])('refuses a host with %s that the URL parser would mend', async (_name, mangle, problem) => {
    const seed = await seedServer()
    const { run, traffic } = await runWatched(
      step({ ...passwordGrantInputs(seed), host: mangle(seed.url) })
    )
    expect(expectFailure(run)).toBe(`input 'host' (or OAUTH_HOST) ${problem}`)
    expectSafeLog(run, [seed.client.secret, seed.user.password])
    expect(seed.requests).toHaveLength(0)
    expect(traffic).toEqual([])
  })

  // A client ID or user name copied from a web page can bring a zero-width space or a soft
  // hyphen along: it looks right in the log, and the server would refuse it as unknown.
  it.each([
    ['client-id', 'OAUTH_CLIENT_ID', false, 'demo-client\u200b'],
    ['username', 'OAUTH_USERNAME', true, 'demo\u00ad@example.com']
  ])(
    'refuses an invisible character in %s (or %s; from it: %s), and sends nothing',
    async (name, variable, fromEnv, value) => {
      const seed = await seedServer()
      const inputs = step({ ...passwordGrantInputs(seed), [name]: fromEnv ? '' : value })
      const { run, traffic } = await runWatched(inputs, fromEnv ? { [variable]: value } : {})
      expect(expectFailure(run)).toBe(
        `input '${name}' (or ${variable}) must not contain line breaks, tabs or other control or invisible characters`
      )
      expectSafeLog(run, [seed.client.secret, seed.user.password])
      expect(seed.requests).toHaveLength(0)
      expect(traffic).toEqual([])
    }
  )

  // A workflow builds host from variables, such as http://localhost:${{ env.PORT }} or
  // https://${{ vars.TENANT }}.auth0.com. One left empty would send the credentials to the
  // scheme's default port, or a name with an empty label to DNS: refused, asking about it.
  it.each([
    ['an empty port', 'input', (url: string) => url.replace(/:\d+$/, ':')],
    ['an empty port before a path', 'OAUTH_HOST', (url: string) => url.replace(/:\d+$/, ':/api')],
    ['an empty label', 'input', (url: string) => url.replace('//', '//.')],
    ['an empty label', 'OAUTH_HOST', (url: string) => url.replace('127.0.0.1', 'tenant..localhost')]
  ])(
    'refuses a host with %s (from %s), as a variable left empty leaves it',
    async (_name, from, mangle) => {
      const seed = await seedServer()
      const host = mangle(seed.url)
      const inputs = step({ ...passwordGrantInputs(seed), host: from === 'input' ? host : '' })
      const { run, traffic } = await runWatched(
        inputs,
        from === 'input' ? {} : { OAUTH_HOST: host }
      )
      expect(expectFailure(run)).toBe(
        "input 'host' (or OAUTH_HOST) has an empty host name, label or port after http://: fill it in, e.g. https://api.example.com (is a variable in it empty?)"
      )
      expectSafeLog(run, [seed.client.secret, seed.user.password])
      expect(seed.requests).toHaveLength(0)
      expect(traffic).toEqual([])
    }
  )

  // A value that looks like what the input asks for, in a form it does not take: the line says
  // the form to write, not only what is wrong.
  it.each([
    [
      'headers',
      '{"X-Tenant": "acme"}',
      "input 'headers' line 1 has an invalid header name (letters, digits and !#$%&'*+-.^_`|~ only); one 'Name: value' per line"
    ],
    [
      'timeout',
      '.5',
      "input 'timeout' must be a number of seconds in digits, like 0.5, more than 0 and up to 3600; got '.5'"
    ],
    [
      'timeout',
      '1e3',
      "input 'timeout' must be a number of seconds in digits, like 0.5, more than 0 and up to 3600; got '1e3'"
    ]
  ])('refuses %s: %s, saying what form to write', async (input, value, message) => {
    const seed = await seedServer()
    const { run, traffic } = await runWatched(
      step({ ...passwordGrantInputs(seed), [input]: value })
    )
    expect(expectFailure(run)).toBe(message)
    expectSafeLog(run, [seed.client.secret, seed.user.password])
    expect(seed.requests).toHaveLength(0)
    expect(traffic).toEqual([])
  })
})

describe('runner: a runner file the step cannot write is refused before the request', () => {
  it.each(['GITHUB_OUTPUT', 'GITHUB_ENV'])('%s naming a directory', async name => {
    const seed = await seedServer()
    const dir = mkdtempSync(join(tmpdir(), 'runner-file-dir-'))
    cleanups.push(async () => rmSync(dir, { recursive: true, force: true }))
    const run = await runAction(step(passwordGrantInputs(seed)), { [name]: dir })
    expect(expectFailure(run)).toBe(
      `${name} names a directory, not a file (${dir}): the runner makes it for each step, so run this action as a step of a workflow`
    )
    expectSafeLog(run, [seed.client.secret, seed.user.password])
    expect(seed.requests).toHaveLength(0)
  })

  // Without the files, @actions/core would fall back on workflow commands on stdout, the token in
  // them: refused before the request.
  it.each([
    [
      'GITHUB_OUTPUT',
      'GITHUB_OUTPUT is not set: run this action on GitHub Actions runner 2.297 or later'
    ],
    [
      'GITHUB_ENV',
      "GITHUB_ENV is not set: run this action on a current GitHub Actions runner, or set export-env: ''"
    ]
  ])('%s not set', async (name, message) => {
    const seed = await seedServer()
    const run = await runAction(step(passwordGrantInputs(seed)), { [name]: '' })
    expect(expectFailure(run)).toBe(message)
    expectSafeLog(run, [seed.client.secret, seed.user.password])
    expect(seed.requests).toHaveLength(0)
  })

  it('GITHUB_STATE naming a directory, with revoke', async () => {
    const seed = await seedServer()
    const dir = mkdtempSync(join(tmpdir(), 'runner-file-dir-'))
    cleanups.push(async () => rmSync(dir, { recursive: true, force: true }))
    const run = await runAction(step({ ...passwordGrantInputs(seed), revoke: 'true' }), {
      GITHUB_STATE: dir
    })
    expect(expectFailure(run)).toBe(
      `GITHUB_STATE names a directory, not a file (${dir}): the runner makes it for each step, so run this action as a step of a workflow, or set revoke: false and token-file: false`
    )
    expect(seed.requests).toHaveLength(0)
  })

  // Nothing reads the pipe: each write would block, and the step hang, for good.
  it.each([
    ['GITHUB_OUTPUT', {}, ''],
    ['GITHUB_ENV', {}, ''],
    ['GITHUB_STATE', { revoke: 'true' }, ', or set revoke: false and token-file: false']
  ])('%s naming a pipe', async (name, inputs, orElse) => {
    const seed = await seedServer()
    const pipe = fifo()
    const run = await runAction(
      step({ ...passwordGrantInputs(seed), ...inputs }),
      { [name]: pipe },
      { timeoutMs: 10_000 }
    )
    expect(expectFailure(run)).toBe(
      `${name} names a pipe (${pipe}): the runner makes it for each step, so run this action as a step of a workflow${orElse}`
    )
    expectSafeLog(run, [seed.client.secret, seed.user.password])
    expect(seed.requests).toHaveLength(0)
  })

  it('GITHUB_STATE or GITHUB_STEP_SUMMARY naming a pipe, when the step needs no state', async () => {
    const seed = await seedServer()
    for (const name of ['GITHUB_STATE', 'GITHUB_STEP_SUMMARY']) {
      const pipe = fifo()
      const run = await runAction(
        step(passwordGrantInputs(seed)),
        { [name]: pipe },
        { timeoutMs: 10_000 }
      )
      expect(run.code).toBe(0)
      expect(run.outputs['access-token']).toBeTruthy()
      expect(stdoutLines(run).filter(line => /^::(warning|error)/.test(line))).toEqual(
        name === 'GITHUB_STATE'
          ? []
          : [
              `::warning::Could not write the job summary: GITHUB_STEP_SUMMARY names a pipe (${pipe}): set summary: false`
            ]
      )
      expectSafeLog(run, [seed.client.secret, seed.user.password])
    }
  })

  // Root may write any file, so as root the step runs as another user (nobody), as on a runner.
  it('GITHUB_OUTPUT naming a file the step may not write', async () => {
    const seed = await seedServer()
    const dir = mkdtempSync(join(tmpdir(), 'runner-file-ro-'))
    cleanups.push(async () => rmSync(dir, { recursive: true, force: true }))
    const output = join(dir, 'output')
    writeFileSync(output, '')
    chmodSync(output, 0o444)
    chmodSync(dir, 0o755)
    const asRoot = process.getuid?.() === 0
    const run = await runAction(
      step(passwordGrantInputs(seed)),
      { GITHUB_OUTPUT: output },
      asRoot ? { uid: 65534 } : {}
    )
    expect(expectFailure(run)).toBe(
      `GITHUB_OUTPUT names a file this step may not write (${output}): the runner makes it for each step, so run this action as a step of a workflow`
    )
    expectSafeLog(run, [seed.client.secret, seed.user.password])
    expect(seed.requests).toHaveLength(0)
  })
})

describe('runner: the server says no', () => {
  it('fails on HTTP 401 invalid_client with the spec message, without retrying', async () => {
    const seed = await seedServer()
    const run = await runAction(
      step({ ...passwordGrantInputs(seed), 'client-secret': 'wrong-secret' })
    )
    const error = expectFailure(run)
    const spec = `Token request to ${seed.url}/oauth/token failed: HTTP 401 invalid_client: Client authentication failed`
    // The spec's line, followed by advice after '; '.
    expect(error).toBe(`${spec}; check client-id, client-secret and client-auth`)
    expectSafeLog(run, ['wrong-secret', seed.user.password])
    // retries defaults to 3, but a 401 is never retried.
    expect(seed.requests).toHaveLength(1)
  })

  it('fails on HTTP 400 invalid_grant (wrong password), without retrying', async () => {
    const seed = await seedServer()
    const run = await runAction(step({ ...passwordGrantInputs(seed), password: 'wrong-password' }))
    const error = expectFailure(run)
    expect(error).toBe(
      `Token request to ${seed.url}/oauth/token failed: HTTP 400 invalid_grant: The user credentials were incorrect. Check username and password, and the user's account on the server`
    )
    expectSafeLog(run, [seed.client.secret, 'wrong-password'])
    expect(seed.requests).toHaveLength(1)
  })

  it("shows Passport's hint for a revoked refresh token, masking the refresh-token input first", async () => {
    const seed = await seedServer()
    const refreshToken = 'def50200revokedrevokedrevoked0123456789'
    const run = await runAction(
      step({
        host: seed.url,
        'grant-type': 'refresh_token',
        'client-id': seed.client.id,
        'client-secret': seed.client.secret,
        'refresh-token': refreshToken
      })
    )
    const error = expectFailure(run)
    expect(error).toBe(
      `Token request to ${seed.url}/oauth/token failed: HTTP 400 invalid_request: The refresh token is invalid. (hint: Token has been revoked); check refresh-token: it may have expired or been revoked`
    )
    expectSafeLog(run, [seed.client.secret, refreshToken])
    // A refused refresh token is not retried.
    expect(seed.requests).toHaveLength(1)
  })

  it("names the refresh token for GitHub's 200 bad_refresh_token, in the form-encoded body GitHub sends when JSON is not asked for", async () => {
    // github.com/login/oauth/access_token answers errors with a 200; its body is form-encoded
    // unless the request asks for JSON (docs.github.com, "Troubleshooting OAuth app access token
    // request errors").
    const server = await startServer((_, res) => {
      res.writeHead(200, { 'Content-Type': 'application/x-www-form-urlencoded; charset=utf-8' })
      res.end(
        'error=bad_refresh_token&error_description=The+refresh+token+passed+is+incorrect+or+expired.&error_uri=https%3A%2F%2Fdocs.github.com'
      )
    })
    const refreshToken = `ghr_${'r'.repeat(72)}`
    const run = await runAction(
      step({
        host: server.url,
        'token-path': '/login/oauth/access_token',
        'grant-type': 'refresh_token',
        'client-id': 'Iv1.0123456789abcdef',
        'client-secret': 'github-app-client-secret',
        'refresh-token': refreshToken
      })
    )
    const error = expectFailure(run)
    expect(error).toBe(
      `Token request to ${server.url}/login/oauth/access_token failed: HTTP 200 bad_refresh_token: The refresh token passed is incorrect or expired. Check refresh-token: it may have expired, been used or revoked, or be for another client-id`
    )
    expectSafeLog(run, ['github-app-client-secret', refreshToken])
    expect(server.requests).toHaveLength(1)
  })

  it("names the user's account for Auth0's 429 too_many_attempts, without retrying it", async () => {
    // Auth0's brute-force protection answers a password grant for a blocked account with a 429
    // (auth0/docs, errors/_oauth-ro.md); the block holds until the user or an admin lifts it.
    const server = await startServer((_, res) => {
      res.writeHead(429, { 'Content-Type': 'application/json' })
      res.end(
        JSON.stringify({
          error: 'too_many_attempts',
          error_description:
            "Your account has been blocked after multiple consecutive login attempts. We've sent you an email with instructions on how to unblock it."
        })
      )
    })
    const run = await runAction(
      step({
        host: server.url,
        'client-id': 'auth0-client-id',
        'client-secret': 'auth0-client-secret',
        username: 'ci@example.com',
        password: 'auth0-user-password',
        audience: 'https://api.example.com'
      })
    )
    const error = expectFailure(run)
    expect(error).toBe(
      `Token request to ${server.url}/oauth/token failed: HTTP 429 too_many_attempts: Your account has been blocked after multiple consecutive login attempts. We've sent you an email with instructions on how to unblock it. Check username and password, and the user's account on the server`
    )
    expectSafeLog(run, ['auth0-client-secret', 'auth0-user-password'])
    // The default 3 retries would send the user's password thrice more, to the same answer.
    expect(server.requests).toHaveLength(1)
  })

  // Entra ID answers a password grant for a user whom Conditional Access holds to multi-factor
  // authentication (AADSTS50076; 50079 to enrol in it) with invalid_grant and its own text: the
  // password is right, and no password grant can pass the second factor.
  it.each([
    ['invalid_grant', 50076, 'use'],
    ['interaction_required', 50079, 'enroll in']
  ])(
    "says a password grant cannot pass multi-factor authentication for Entra ID's %s AADSTS%s",
    async (code, number, verb) => {
      const description = `AADSTS${number}: Due to a configuration change made by your administrator, or because you moved to a new location, you must ${verb} multi-factor authentication to access '00000003-0000-0000-c000-000000000000'.`
      const server = await startServer((_, res) =>
        sendJson(res, 400, {
          error: code,
          error_description: `${description} Trace ID: 0b1c2d3e-0000-4000-8000-000000000000 Correlation ID: 1c2d3e4f-0000-4000-8000-000000000000 Timestamp: 2025-01-01 00:00:00Z`,
          error_codes: [number],
          timestamp: '2025-01-01 00:00:00Z',
          trace_id: '0b1c2d3e-0000-4000-8000-000000000000',
          correlation_id: '1c2d3e4f-0000-4000-8000-000000000000',
          error_uri: `https://login.microsoftonline.com/error?code=${number}`,
          suberror: 'basic_action'
        })
      )
      const run = await runAction(
        step({
          host: server.url,
          'token-path': '/tenant-1/oauth2/v2.0/token',
          'body-format': 'form',
          'client-id': 'entra-client-id',
          'client-secret': 'entra-client-secret',
          username: 'ci@contoso.example',
          password: 'entra-user-password',
          scope: 'https://graph.microsoft.com/.default'
        })
      )
      const error = expectFailure(run)
      expect(error).toMatch(
        new RegExp(
          `^Token request to ${server.url}/tenant-1/oauth2/v2.0/token failed: HTTP 400 ${code}: AADSTS${number}: `
        )
      )
      expect(error).toMatch(
        /; a password grant cannot pass multi-factor authentication: exempt the user, or use client_credentials$/
      )
      expect(error).not.toMatch(/check username and password/i)
      expectSafeLog(run, ['entra-client-secret', 'entra-user-password'])
      expect(server.requests).toHaveLength(1)
    }
  )

  // A 501 is the server saying it does not do what was asked, a GET of that URL: the next
  // well-known URL may be served. Waiting mends nothing, so it is not retried.
  it("moves on from a discovery URL answered HTTP 501, not retried, and names input 'issuer'", async () => {
    const server = await startServer((_, res) =>
      sendJson(res, 501, { error: 'not_implemented', message: 'GET not supported here' })
    )
    const run = await runAction(
      step({
        issuer: server.url,
        'client-id': 'issuer-client-id',
        'client-secret': 'issuer-client-secret'
      })
    )
    expect(expectFailure(run)).toBe(
      `Discovery for issuer ${server.url} failed: ${server.url}/.well-known/oauth-authorization-server: HTTP 501; ${server.url}/.well-known/openid-configuration: HTTP 501; check input 'issuer'; if the server publishes no metadata there, or only behind a redirect, give host and token-path instead`
    )
    expectSafeLog(run, ['issuer-client-secret'])
    expect(server.requests.map(({ method, url }) => `${method} ${url}`)).toEqual([
      'GET /.well-known/oauth-authorization-server',
      'GET /.well-known/openid-configuration'
    ])
  })

  // A 429 (or 408) still there after the retries is the server asking to wait, not a missing
  // document: the other well-known URLs, on the same server, would wait as long for nothing, and
  // "check input 'issuer'" would send the user to fix what is right.
  it.each([429, 408])(
    'fails on a discovery answered HTTP %i after its retries, without the other URLs',
    async status => {
      const server = await startServer((_, res) => sendJson(res, status, { error: 'slow_down' }))
      const run = await runAction(
        step({
          issuer: server.url,
          'client-id': 'issuer-client-id',
          'client-secret': 'issuer-client-secret',
          retries: '0'
        })
      )
      expect(expectFailure(run)).toBe(
        `Discovery request to ${server.url}/.well-known/oauth-authorization-server failed after 1 attempt: HTTP ${status} slow_down; try again later, or check the server`
      )
      expectSafeLog(run, ['issuer-client-secret'])
      expect(server.requests).toHaveLength(1)
    }
  )

  // A discovered token endpoint that redirects: the fix is the metadata's, which no input holds.
  it("with issuer, fails on a redirect of the discovered token endpoint, and names the metadata's token_endpoint", async () => {
    const server = await startServer((request, res) => {
      if (request.url.includes('/.well-known/'))
        return sendJson(res, 200, { issuer: server.url, token_endpoint: `${server.url}/token` })
      res.writeHead(308, { Location: `${server.url}/token/` })
      res.end()
    })
    const run = await runAction(
      step({
        issuer: server.url,
        'client-id': 'moved-client',
        'client-secret': 'moved-secret-4f1a'
      })
    )
    expect(expectFailure(run)).toBe(
      `Token request to ${server.url}/token failed: HTTP 308 redirect to ${server.url}/token/; redirects are not followed because the body holds credentials: the issuer's metadata must list the final URL as token_endpoint`
    )
    expectSafeLog(run, ['moved-secret-4f1a'])
    expect(server.requests.map(({ method, url }) => `${method} ${url}`)).toEqual([
      'GET /.well-known/oauth-authorization-server',
      'POST /token'
    ])
  })

  // Their request is a form body whatever body-format says: the advice does not name it.
  const ASSERTION = 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJmb3JtIn0.form-assertion-0c3e'
  it.each<[string, (url: string) => Record<string, string>, string]>([
    [
      'with issuer',
      url => ({ issuer: url, 'client-id': 'form-client', 'client-secret': 'form-secret-0c3e' }),
      'form-secret-0c3e'
    ],
    [
      'for a jwt-bearer grant',
      url => ({
        host: url,
        'client-id': 'form-client',
        'grant-type': 'urn:ietf:params:oauth:grant-type:jwt-bearer',
        assertion: ASSERTION
      }),
      ASSERTION
    ]
  ])('does not advise body-format for a 400 invalid_request %s', async (_, inputs, secret) => {
    const server = await startServer((request, res) =>
      request.url.includes('/.well-known/')
        ? sendJson(res, 200, { issuer: server.url, token_endpoint: `${server.url}/oauth/token` })
        : sendJson(res, 400, { error: 'invalid_request', error_description: 'Missing parameter' })
    )
    const run = await runAction(step({ ...inputs(server.url), retries: '0' }))
    expect(expectFailure(run)).toBe(
      `Token request to ${server.url}/oauth/token failed: HTTP 400 invalid_request: Missing parameter; check the request: client-auth and extra-params`
    )
    expectSafeLog(run, [secret])
  })

  it('describes a non-JSON HTML 502 after retries: status, content type, clipped snippet', async () => {
    const page =
      '<!DOCTYPE html><!--[if lt IE 9]><p>Old browser</p><![endif]--><html><head>' +
      '<title>502 Bad Gateway</title><style>body{color:red}</style>' +
      '<script>var x = "<b>markup</b>"</script></head><body><center><h1>502 Bad Gateway</h1>' +
      '</center><!-- <p>Back at 10:00</p> --><hr><center>nginx/1.25.3</center>' +
      '<p>The upstream server did not answer in time. </p>'.repeat(10) +
      '</body></html>'
    const server = await startServer((_, res) => {
      res.writeHead(502, { 'Content-Type': 'text/html; charset=utf-8' })
      res.end(page)
    })
    const run = await runAction(
      step({
        host: server.url,
        'client-id': 'html-client',
        'client-secret': 'html-secret',
        retries: '1',
        timeout: '2'
      })
    )
    const error = expectFailure(run)
    expectSafeLog(run, ['html-secret'])
    expect(server.requests).toHaveLength(2)
    const match = new RegExp(
      `^Token request to ${server.url}/oauth/token failed after 2 attempts: HTTP 502 \\(text/html; charset=utf-8\\): (.*); try again later, or check the server$`
    ).exec(error)
    expect(match).not.toBeNull()
    const snippet = match?.[1] ?? ''
    expect(snippet.startsWith('502 Bad Gateway')).toBe(true)
    expect(snippet).toContain('nginx/1.25.3')
    expect(snippet).not.toMatch(/[<>]|color:red|markup|Old browser|Back at/)
    expect(snippet.length).toBeLessThanOrEqual(120)
    expect(snippet.endsWith('…')).toBe(true)
  })

  // A Retry-After too long to wait ends the attempts at once (retry.ts), and the answer that asked
  // is the failure, as on the last attempt or with retries: 0: the line keeps the server's text,
  // and says how long the server asks to wait.
  it.each([
    ['with retries: 0', '0', [], 'failed'],
    ['on the first of four attempts', '3', [], 'failed'],
    ['on the second of four attempts', '3', [503], 'failed after 2 attempts'],
    ['on the last attempt', '1', [503], 'failed after 2 attempts']
  ])(
    "names a 429's Retry-After too long to wait %s, with the server's text",
    async (_, retries, before, failed) => {
      const server = await startServer((_request, res, index) => {
        const status = before[index]
        if (status)
          return sendJson(res, status, { error: 'temporarily_unavailable' }, { 'Retry-After': '1' })
        sendJson(
          res,
          429,
          { error: 'rate_limited', error_description: 'Slow down' },
          { 'Retry-After': '120' }
        )
      })
      const run = await runAction(
        step({ host: server.url, 'client-id': 'busy', 'client-secret': 'busy-secret', retries })
      )
      expect(expectFailure(run)).toBe(
        `Token request to ${server.url}/oauth/token ${failed}: HTTP 429 rate_limited: Slow down; it asks to retry after 120 s, longer than the 60 s this action waits: try again later, or check the server`
      )
      expectSafeLog(run, ['busy-secret'])
      expect(server.requests).toHaveLength(before.length + 1)
    }
  )

  // A page in its own charset: read as UTF-8, each character of the password past ASCII is one
  // or more U+FFFD there, or an ASCII byte (Shift_JIS's second bytes), which no form of it
  // predicts; read as the charset the page names, it is the password, and masked. A page that
  // names ISO-8859-1 for UTF-8 (Tomcat's) is read as UTF-8, which it is.
  // ASCII as itself, and the other characters as the table spells them in the page's charset
  // (? for a character it lacks).
  const spell =
    (table: Record<string, number>) =>
    (text: string): number[] =>
      [...text].flatMap(char => (char < '\x80' ? [char.charCodeAt(0)] : [table[char] ?? 0x3f]))
  const cp1252 = spell({ é: 0xe9, '–': 0x96, ü: 0xfc, ß: 0xdf })
  const latin1 = spell({ é: 0xe9, ü: 0xfc, ß: 0xdf })
  const latin2 = spell({ ż: 0xbf, ü: 0xfc })
  const koi8r = spell({ П: 0xf0, а: 0xc1, р: 0xd2, о: 0xcf, л: 0xcc, ь: 0xd8 })
  const sjis = (text: string): number[] =>
    [...text].flatMap(
      char => ({ 日: [0x93, 0xfa], 本: [0x96, 0x7b], 密: [0x96, 0xa7] })[char] ?? latin1(char)
    )
  // 7-bit: ESC $ B before JIS X 0208's characters, ESC ( B back to ASCII.
  const iso2022jp = (text: string): number[] =>
    [...text.replace('日本', '\x1b$BF|K\\\x1b(B')].map(char =>
      char < '\x80' ? char.charCodeAt(0) : 0x3f
    )
  const utf8 = (text: string): number[] => [...Buffer.from(text)]
  const masked = /: password \*\*\* is wrong/

  it('spells the KOI8-R of the pages below as KOI8-R does', () => {
    expect(new TextDecoder('koi8-r').decode(Buffer.from(koi8r('Пароль-2024')))).toBe('Пароль-2024')
  })

  it.each([
    ['windows-1252', 'Olé–Olé2024!x', cp1252, cp1252, masked],
    ['KOI8-R', 'Пароль-2024-x', koi8r, koi8r, masked],
    // Tomcat names ISO-8859-1 for UTF-8 pages: read as UTF-8, which they are.
    ['ISO-8859-1', 'Olé–Olé2024!x', utf8, utf8, masked],
    // A page in its charset that echoes the bytes it got, UTF-8 (Tomcat's form parameters).
    ['ISO-8859-1', 'Straße–Geheim2024!', latin1, utf8, masked],
    ['KOI8-R', 'Пароль-2024-x', koi8r, utf8, masked],
    ['Shift_JIS', 'pass日本word123', sjis, utf8, masked],
    // ? for a character the charset lacks, the others as they are.
    ['ISO-8859-1', 'Olé–Olé2024!x', latin1, latin1, masked],
    ['ISO-8859-2', 'żñ-Secret-2024', latin2, latin2, masked],
    // Not read as UTF-16, which would pair an ASCII secret's bytes into other characters.
    ['UTF-16', 'Hunter2-Pass-2024', latin1, latin1, masked],
    // Read as UTF-8, a multi-byte charset's echo would show: not quoted. An ASCII secret shows
    // as itself in the UTF-8 reading, masked, with the rest of the page.
    ['Shift_JIS', 'Hunter2-Pass-2024', sjis, sjis, masked],
    [
      'Shift_JIS',
      '密码Secret2024',
      sjis,
      sjis,
      /with a body that echoes a secret in its charset, not quoted; check the request/
    ],
    [
      'ISO-2022-JP',
      'pass日本word123',
      iso2022jp,
      iso2022jp,
      /with a body that echoes a secret in its charset, not quoted; check the request/
    ],
    [
      'Shift_JIS',
      'pass日本word123',
      sjis,
      sjis,
      /\(text\/plain; charset=Shift_JIS\) with a body that echoes a secret in its charset, not quoted; check the request/
    ]
  ])(
    'masks a password echoed in a page whose charset is %s',
    async (charset, password, page, echo, shown) => {
      const bytes = Buffer.from([
        ...page('Ungültig Пароль: password '),
        ...echo(password),
        ...page(' is wrong')
      ])
      const server = await startServer((_request, res) => {
        res.writeHead(400, { 'Content-Type': `text/plain; charset=${charset}` })
        res.end(bytes)
      })
      const secret = 'cs-ABCDEF123456'
      const run = await runAction(
        step({
          host: server.url,
          'client-id': 'cid-1',
          'client-secret': secret,
          username: 'alice',
          password,
          retries: '0'
        })
      )
      expect(expectFailure(run)).toMatch(shown)
      expectSafeLog(run, [secret, password])
      // Nor any ASCII part of it, which the runner's mask of the whole does not hide.
      const shownLines = stdoutLines(run).filter(line => !line.startsWith('::add-mask::'))
      expect(shownLines.join('\n')).not.toMatch(
        /word123|Secret-2024|Secret2024|Geheim2024|Olé2024|2024-x|Pass-2024/
      )
    }
  )

  // One a retry could wait out: retries: 0 made the one attempt, and the line counts it.
  it('counts the one attempt of retries: 0 at a 429 whose Retry-After a retry would wait', async () => {
    const server = await startServer((_request, res) =>
      sendJson(res, 429, { error: 'rate_limited' }, { 'Retry-After': '30' })
    )
    const run = await runAction(
      step({ host: server.url, 'client-id': 'busy', 'client-secret': 'busy-secret', retries: '0' })
    )
    expect(expectFailure(run)).toBe(
      `Token request to ${server.url}/oauth/token failed after 1 attempt: HTTP 429 rate_limited; it asks to retry after 30 s: try again later, or check the server`
    )
    expect(server.requests).toHaveLength(1)
  })

  it('fails on a 200 without access_token', async () => {
    const server = await startServer((_, res) =>
      sendJson(res, 200, { token_type: 'Bearer', expires_in: 3600 })
    )
    const run = await runAction(
      step({ host: server.url, 'client-id': 'empty-client', 'client-secret': 'empty-secret' })
    )
    expect(expectFailure(run)).toBe(
      `Token request to ${server.url}/oauth/token failed: HTTP 200 has no access_token (fields: token_type, expires_in); the server's answer is malformed: check the server`
    )
    expectSafeLog(run, ['empty-secret'])
    expect(server.requests).toHaveLength(1)
  })

  it("masks a JWT that a 200 without access_token quotes in its message, and in an error's description", async () => {
    const jwt = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJjaS1ib3QifQ.c2lnbmF0dXJlLWJ5dGVz'
    const server = await startServer((req, res) => {
      if (req.url === '/oauth/token') sendJson(res, 200, { message: `Use token ${jwt} instead.` })
      else sendJson(res, 400, { error: 'invalid_grant', error_description: `${jwt} has expired` })
    })
    const inputs = { 'client-id': 'jwt-client', 'client-secret': 'jwt-secret', retries: '0' }
    const message = await runAction(step({ host: server.url, ...inputs }))
    expect(expectFailure(message)).toBe(
      `Token request to ${server.url}/oauth/token failed: HTTP 200: Use token *** instead. (no access_token); this is not a token endpoint's answer: check host and token-path`
    )
    const error = await runAction(step({ host: server.url, 'token-path': '/other', ...inputs }))
    expect(expectFailure(error)).toMatch(/failed: HTTP 400 invalid_grant: \*\*\* has expired; /)
    for (const run of [message, error]) {
      expectSafeLog(run, ['jwt-secret'], [jwt])
      for (const part of jwt.split('.')) expect(run.stdout + run.stderr).not.toContain(part)
    }
  })

  it.each([301, 302, 307, 308])(
    'fails on a %i redirect with its Location, and never follows it',
    async status => {
      const target = await startServer((_, res) =>
        sendJson(res, 200, { access_token: 'redirected-token-0000', token_type: 'Bearer' })
      )
      const location = `${target.url}/oauth/token`
      const server = await startServer((_, res) => {
        res.writeHead(status, { Location: location })
        res.end()
      })
      const seedLike = {
        host: server.url,
        'client-id': 'redirect-client',
        'client-secret': 'redirect-secret',
        username: 'someone@example.com',
        password: 'redirect-password'
      }
      const run = await runAction(step(seedLike))
      const error = expectFailure(run)
      expect(error).toMatch(
        new RegExp(
          `^Token request to ${server.url}/oauth/token failed: HTTP ${status} redirect to ${location}[;:]`
        )
      )
      expectSafeLog(run, ['redirect-secret', 'redirect-password'])
      expect(server.requests).toHaveLength(1)
      expect(target.requests).toHaveLength(0)
    }
  )

  // ETRUNCATED, EBODYTOOLARGE and EENCODING are the action's own codes: no search finds them.
  it.each<[string, (res: ServerResponse) => void, string]>([
    [
      'cut off mid-JSON on every attempt',
      res => res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"a'),
      'failed after 2 attempts: HTTP 200 (application/json) with truncated or invalid JSON (3 bytes); the connection may have dropped, or the server sends broken JSON: check the server, and any proxy on the way'
    ],
    [
      'over 1 MiB',
      res => res.writeHead(200, { 'Content-Type': 'text/plain' }).end('x'.repeat(2 ** 21)),
      "failed: response body is larger than 1 MiB; stopped reading; this is not a token endpoint's answer: check host and token-path"
    ],
    [
      'labelled gzip but not',
      res =>
        res
          .writeHead(200, { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' })
          .end('{}'),
      "failed: the answer's gzip body could not be decoded (incorrect header check); check the server, and any proxy on the way"
    ],
    // A word too short to be masked is quoted; one byte is "1 byte", not "1 bytes" (the next).
    [
      'body of "1", one byte',
      res => res.writeHead(200, { 'Content-Type': 'application/json' }).end('1'),
      "failed: HTTP 200 (application/json): 1; this is not a token endpoint's answer: check host and token-path"
    ],
    [
      'body of "{", one byte',
      res => res.writeHead(200, { 'Content-Type': 'application/json' }).end('{'),
      'failed after 2 attempts: HTTP 200 (application/json) with truncated or invalid JSON (1 byte); the connection may have dropped, or the server sends broken JSON: check the server, and any proxy on the way'
    ]
  ])('describes a 2xx %s without a code of its own', async (_, answer, expected) => {
    const server = await startServer((_, res) => answer(res))
    const run = await runAction(
      step({
        host: server.url,
        'client-id': 'own-code',
        'client-secret': 'own-secret-5e1f',
        retries: '1'
      })
    )
    expect(expectFailure(run)).toBe(`Token request to ${server.url}/oauth/token ${expected}`)
    expectSafeLog(run, ['own-secret-5e1f'])
  })

  // Headers over Node's 16 KiB (a load balancer's cookie): not retried, as they would be as large
  // again; a refresh grant's server may have used up the refresh token, so that is said too.
  it.each<[string, string, string]>([
    [
      'client_credentials',
      '',
      "HPE_HEADER_OVERFLOW: Parse Error: Header overflow; the answer's headers are larger than Node accepts (16 KiB): check the server, or a proxy or load balancer in front of it"
    ],
    [
      'refresh_token',
      'refresh-overflow-3d9a',
      'HTTP 200 answer with headers larger than Node accepts (16 KiB); not retried, since the server has likely used up the refresh token: check the server and any proxy on the way, and give a new refresh-token'
    ]
  ])("tells a 2xx with headers over Node's limit, for %s", async (grant, refresh, expected) => {
    const server = await startServer((_, res) =>
      res
        .writeHead(200, {
          'Content-Type': 'application/json',
          'Set-Cookie': `lb=${'x'.repeat(20_000)}`
        })
        .end('{"access_token":"tok-overflow-5b1c","token_type":"Bearer"}')
    )
    const secrets = ['overflow-secret-7e2a', refresh].filter(Boolean)
    const run = await runAction(
      step({
        host: server.url,
        'grant-type': grant,
        'client-id': 'overflow-client',
        'client-secret': 'overflow-secret-7e2a',
        ...(refresh && { 'refresh-token': refresh })
      })
    )
    expect(expectFailure(run)).toBe(
      `Token request to ${server.url}/oauth/token failed: ${expected}`
    )
    expect(server.requests).toHaveLength(1)
    expectSafeLog(run, secrets)
  })

  // docs/inputs-and-outputs.md's rule for a whole 2xx: retried only when its JSON runs into the
  // body's end before it is whole, which looks like a connection cut at the answer's end; any other
  // answer came as sent. JSON that does not parse is described, never quoted: its token, unmasked,
  // is not shown. Text or a page that is not JSON is quoted short, each run that could be a token
  // masked.
  const tokenJson = '{"access_token": "tok-7f3a9c2e5b1d", "token_type": "Bearer"}'
  it.each<[string, string, Buffer, number, string]>([
    [
      'JSON that stops short, whole as sent',
      'application/json',
      Buffer.from(tokenJson.slice(0, -1)),
      2,
      'failed after 2 attempts: HTTP 200 (application/json) with truncated or invalid JSON (59 bytes); the connection may have dropped, or the server sends broken JSON: check the server, and any proxy on the way'
    ],
    [
      'JSON with an unquoted value',
      'application/json',
      Buffer.from(tokenJson.replace('"Bearer"', 'Bearer')),
      1,
      "failed: HTTP 200 (application/json, 58 bytes); expected a JSON token response, got invalid JSON; the server's answer is malformed: check the server"
    ],
    [
      'JSON in UTF-16LE without a byte-order mark',
      'application/json',
      Buffer.from(tokenJson, 'utf16le'),
      1,
      "failed: HTTP 200 (application/json, 120 bytes); expected a JSON token response, got invalid JSON; the server's answer is malformed: check the server"
    ],
    // Counted as read, in UTF-8: each byte of the mark, which is no UTF-8, reads as U+FFFD (3 bytes).
    [
      'JSON in UTF-16LE with a byte-order mark',
      'application/json',
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(tokenJson, 'utf16le')]),
      1,
      "failed: HTTP 200 (application/json, 126 bytes); expected a JSON token response, got invalid JSON; the server's answer is malformed: check the server"
    ],
    [
      'JSON in UTF-16BE without a byte-order mark',
      'application/json',
      Buffer.from(tokenJson, 'utf16le').swap16(),
      1,
      "failed: HTTP 200 (application/json, 120 bytes); expected a JSON token response, got invalid JSON; the server's answer is malformed: check the server"
    ],
    [
      'JSON in UTF-16BE with a byte-order mark',
      'application/json',
      Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(tokenJson, 'utf16le').swap16()]),
      1,
      "failed: HTTP 200 (application/json, 126 bytes); expected a JSON token response, got invalid JSON; the server's answer is malformed: check the server"
    ],
    [
      'an HTML sign-in page',
      'text/html',
      Buffer.from('<html><head><title>Sign in</title></head><body>Sign in</body></html>'),
      1,
      "failed: HTTP 200 (text/html): Sign in; this is not a token endpoint's answer: check host and token-path"
    ],
    [
      'a text page that quotes the token',
      'text/plain',
      Buffer.from('Your token is tok-7f3a9c2e5b1d, valid for an hour'),
      1,
      "failed: HTTP 200 (text/plain): Your token is ***, valid for an hour; this is not a token endpoint's answer: check host and token-path"
    ],
    [
      'an HTML page that quotes the token in YAML',
      'text/html',
      Buffer.from('<html><title>Token</title><body>access_token: tok-7f3a9c2e5b1d</body></html>'),
      1,
      "failed: HTTP 200 (text/html): Token access_token: ***; this is not a token endpoint's answer: check host and token-path"
    ],
    [
      'JSON without access_token',
      'application/json',
      Buffer.from('{"token_type": "Bearer", "expires_in": 3600}'),
      1,
      "failed: HTTP 200 has no access_token (fields: token_type, expires_in); the server's answer is malformed: check the server"
    ]
  ])(
    'retries a whole 2xx of %s only if it is JSON that stops short',
    async (_, type, body, sent, expected) => {
      const server = await startServer((_, res) =>
        res.writeHead(200, { 'Content-Type': type }).end(body)
      )
      const run = await runAction(
        step({
          host: server.url,
          'client-id': 'whole-2xx',
          'client-secret': 'whole-2xx-secret-8c4d',
          retries: '1'
        })
      )
      expect(expectFailure(run)).toBe(`Token request to ${server.url}/oauth/token ${expected}`)
      expect(server.requests).toHaveLength(sent)
      expectSafeLog(run, ['whole-2xx-secret-8c4d'], ['tok-7f3a9c2e5b1d'])
      expect(run.outputFile + run.summary).not.toContain('tok-7f3a9c2e5b1d')
    }
  )

  // A maintenance page that an nginx in front compresses: over 1 MiB once decoded, or cut at 1 MiB
  // as sent, it is told by its start, as the same page uncompressed is.
  it.each([
    ['over 1 MiB once decoded', 'gzip', 'x'.repeat(1_600_000)],
    ['over 1 MiB as sent', 'br', randomBytes(2_000_000).toString('base64')]
  ])('quotes a compressed error page %s by its start', async (_name, coding, filler) => {
    const page = `<html><head><title>Service Unavailable - maintenance</title></head><body>${filler}</body></html>`
    // Brotli at quality 5, not its default 11, which gains nothing on random text (2,003,259 bytes
    // against 2,000,197) and took 4.1 s of CPU, 34 s on the wall beside CPU hogs, against 59 ms.
    const body =
      coding === 'br'
        ? brotliCompressSync(page, { params: { [constants.BROTLI_PARAM_QUALITY]: 5 } })
        : gzipSync(page)
    const server = await startServer((_, res) => {
      res.writeHead(503, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Encoding': coding })
      res.end(body)
    })
    const run = await runAction(
      step({
        host: server.url,
        'client-id': 'paged-client',
        'client-secret': 'paged-secret-7d2e',
        retries: '0'
      })
    )
    expect(expectFailure(run)).toBe(
      `Token request to ${server.url}/oauth/token failed after 1 attempt: HTTP 503 (text/html; charset=utf-8): Service Unavailable - maintenance …; try again later, or check the server`
    )
    expectSafeLog(run, ['paged-secret-7d2e'])
  })

  // Content-Encoding: deflate is zlib's format (RFC 9110 section 8.4.1.2), but some servers send
  // raw deflate under that name: a refusal in either is read, and what it echoes masked.
  it.each([
    ['zlib', deflateSync],
    ['raw', deflateRawSync]
  ])('reads a refusal in %s deflate, and masks the secret it echoes', async (_name, encode) => {
    const secret = 'deflated-secret-5b9e'
    const server = await startServer((_, res) => {
      res.writeHead(401, { 'Content-Type': 'application/json', 'Content-Encoding': 'deflate' })
      res.end(
        encode(
          JSON.stringify({
            error: 'invalid_client',
            error_description: `Client secret '${secret}' does not match`
          })
        )
      )
    })
    const run = await runAction(
      step({ host: server.url, 'client-id': 'ci-bot', 'client-secret': secret, retries: '0' })
    )
    expect(expectFailure(run)).toBe(
      `Token request to ${server.url}/oauth/token failed: HTTP 401 invalid_client: Client secret '***' does not match; check client-id, client-secret and client-auth`
    )
    expectSafeLog(run, [secret])
  })

  // RFC 7523 section 2.2: a client that sends its own assertion in extra-params has no secret to
  // check; the advice names the assertion, which stays masked.
  it('advises on the client_assertion in extra-params when the server refuses the client', async () => {
    const assertion = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJjaS1ib3QifQ.c2lnbmF0dXJlLTRmOWE'
    const server = await startServer((_, res) =>
      sendJson(res, 401, {
        error: 'invalid_client',
        error_description: `assertion ${assertion} has expired`
      })
    )
    const run = await runAction(
      step({
        host: server.url,
        'client-id': 'ci-bot',
        'client-secret': '',
        'body-format': 'form',
        'extra-params': `client_assertion_type=urn:ietf:params:oauth:client-assertion-type:jwt-bearer\nclient_assertion=${assertion}`
      })
    )
    expect(expectFailure(run)).toBe(
      `Token request to ${server.url}/oauth/token failed: HTTP 401 invalid_client: assertion *** has expired; check client-id and the client_assertion in extra-params`
    )
    expect(server.requests).toHaveLength(1)
    expect(new URLSearchParams(server.requests[0]?.body).get('client_assertion')).toBe(assertion)
    expectSafeLog(run, [assertion])
  })

  // RFC 8693 section 2.2.2: a token exchange refused for its target names audience and resource,
  // which say the target, not scope; a subject token the server will not take names that input.
  it.each([
    [
      'invalid_target',
      {
        error: 'invalid_target',
        error_description: 'The target service indicated by the "audience" parameters is invalid.'
      },
      'HTTP 400 invalid_target: The target service indicated by the "audience" parameters is invalid. Set audience, or resource in extra-params'
    ],
    [
      'invalid_token',
      { error: 'invalid_token', error_description: 'invalid token' },
      'HTTP 400 invalid_token: invalid token; check subject-token and subject-token-type'
    ]
  ])(
    'names the inputs to fix when a token exchange is refused with %s',
    async (_code, answer, line) => {
      const subject = 'subject-token-3c8d1f5a9b7e'
      const server = await startServer((_, res) => sendJson(res, 400, answer))
      const run = await runAction(
        step({
          host: server.url,
          'client-id': 'ci-bot',
          'client-secret': '',
          'grant-type': 'urn:ietf:params:oauth:grant-type:token-exchange',
          'subject-token': subject
        })
      )
      expect(expectFailure(run)).toBe(`Token request to ${server.url}/oauth/token failed: ${line}`)
      expect(server.requests).toHaveLength(1)
      expectSafeLog(run, [subject])
    }
  )

  // A form page over 1 MiB whose last field echoes the secret where the page is cut: that field
  // is cut too, maybe inside the secret or one of its encodings, where no mask finds it; it goes.
  it.each([
    ['as sent', 'identity'],
    ['once decoded', 'gzip']
  ])('drops the cut last field of a form page cut at 1 MiB %s', async (_name, coding) => {
    const secret = 'kR7vX2pQ9mT4wL8nB3cY6hJ1='
    const echoed = Buffer.from(secret).toString('base64')
    const head = 'pad='
    const tail = `&error=invalid_client&error_description=client_secret+${echoed}+is+wrong`
    // The cut falls 12 characters into the echo.
    const pad = 'a'.repeat(1024 * 1024 - head.length - tail.indexOf(echoed) - 12)
    const page = Buffer.from(`${head}${pad}${tail}`)
    const server = await startServer((_, res) => {
      res.writeHead(401, {
        'Content-Type': 'application/x-www-form-urlencoded',
        ...(coding === 'gzip' && { 'Content-Encoding': 'gzip' })
      })
      if (coding === 'gzip') return res.end(gzipSync(page))
      // In pieces that end exactly at 1 MiB, as the transport keeps whole pieces up to it.
      for (let at = 0; at < page.length; at += 4096) res.write(page.subarray(at, at + 4096))
      res.end()
    })
    const run = await runAction(
      step({ host: server.url, 'client-id': 'ci-bot', 'client-secret': secret, retries: '0' })
    )
    expect(expectFailure(run)).toBe(
      `Token request to ${server.url}/oauth/token failed: HTTP 401 invalid_client; check client-id, client-secret and client-auth, or try body-format: form`
    )
    const text = run.stdout + run.stderr + run.summary
    expect(text).not.toContain(echoed.slice(0, 8))
    expectSafeLog(run, [secret])
  })

  // A crafted gzip stream: its start, sync-flushed, then 1.2 MB of empty stored blocks, which
  // decode to nothing, then its end. Cut at 1 MiB as sent, it decodes to a few words that end
  // inside the echoed secret, where a message would read them: told as a cut page, by its status.
  it.each(['text/plain', 'application/json', 'application/x-www-form-urlencoded'])(
    'shows nothing of a %s page cut at 1 MiB as sent that decodes to a few words',
    async type => {
      const secret = 'kR7vX2pQ9mT4wL8nB3cY6hJ1='
      const echoed = Buffer.from(secret).toString('base64')
      const head = `error=invalid_client;error_description=client_secret ${echoed.slice(0, 12)}`
      const all = Buffer.from(`${head}${echoed.slice(12)} is wrong`)
      const empty = Buffer.alloc(1_200_000)
      for (let at = 0; at + 5 <= empty.length; at += 5) empty.set([0, 0, 0, 0xff, 0xff], at)
      const trailer = Buffer.alloc(8)
      trailer.writeUInt32LE(crc32(all), 0)
      trailer.writeUInt32LE(all.length, 4)
      const body = Buffer.concat([
        Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff]),
        deflateRawSync(head, { finishFlush: constants.Z_SYNC_FLUSH }),
        empty.subarray(0, empty.length - (empty.length % 5)),
        deflateRawSync(all.subarray(head.length)),
        trailer
      ])
      const server = await startServer((_, res) => {
        res.writeHead(401, { 'Content-Type': type, 'Content-Encoding': 'gzip' })
        res.end(body)
      })
      const run = await runAction(
        step({ host: server.url, 'client-id': 'ci-bot', 'client-secret': secret, retries: '0' })
      )
      expect(expectFailure(run)).toMatch(
        new RegExp(
          `^Token request to ${server.url}/oauth/token failed: HTTP 401 \\(${type.replace('/', '\\/')}\\) with its body cut off; `
        )
      )
      expect(run.stdout + run.stderr + run.summary).not.toContain(echoed.slice(0, 8))
      expectSafeLog(run, [secret])
    }
  )

  // Two codings, the outer stream broken after a page the inner one holds whole: the page is
  // still broken, however cleanly the inner stream ends.
  it('shows nothing of a page in two codings whose outer stream breaks', async () => {
    const secret = 'kR7vX2pQ9mT4wL8nB3cY6hJ1='
    const echoed = Buffer.from(secret).toString('base64')
    const inner = gzipSync(`error: invalid_client; client_secret ${echoed.slice(0, 12)}`)
    const body = Buffer.concat([
      Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff]),
      deflateRawSync(inner, { finishFlush: constants.Z_SYNC_FLUSH })
    ])
    const server = await startServer((_, res) => {
      res.writeHead(401, { 'Content-Type': 'text/plain', 'Content-Encoding': 'gzip, gzip' })
      res.end(body)
    })
    const run = await runAction(
      step({ host: server.url, 'client-id': 'ci-bot', 'client-secret': secret, retries: '0' })
    )
    expect(expectFailure(run)).toBe(
      `Token request to ${server.url}/oauth/token failed: HTTP 401 (text/plain) with its body cut off; check client-id, client-secret and client-auth`
    )
    expect(run.stdout + run.stderr + run.summary).not.toContain(echoed.slice(0, 8))
  })

  // A form's decoding would change a secret the page echoes as it is ('+' to a space, %41 to A,
  // a split at &): masked in the body first.
  it.each(['Kq7Zr2Wx+9Lm4Tb8V/z=', 'Kq7Zr2Wx9L&m4Tb8Vz', 'Kq7Zr2Wx%419Lm4Tb8V'])(
    'masks a secret %s that a form page echoes as it is',
    async secret => {
      const server = await startServer((_, res) => {
        res.writeHead(401, { 'Content-Type': 'application/x-www-form-urlencoded' })
        res.end(`error=invalid_client&error_description=client secret ${secret} is not valid`)
      })
      const run = await runAction(
        step({ host: server.url, 'client-id': 'ci-bot', 'client-secret': secret, retries: '0' })
      )
      expect(expectFailure(run)).toBe(
        `Token request to ${server.url}/oauth/token failed: HTTP 401 invalid_client: client secret *** is not valid; check client-id, client-secret and client-auth`
      )
      for (let at = 0; at + 8 <= secret.length; at++) {
        expect(run.stdout.replace(/^::add-mask::.*$/gm, '')).not.toContain(secret.slice(at, at + 8))
      }
    }
  )

  // Shift_JIS: the secret's first characters are two bytes each there. The UTF-8 reading's
  // window reaches further into the page than as many characters of Shift_JIS would (C2 A1 is
  // one character in UTF-8, two in Shift_JIS); and a proxy's own page cut by a reset is cut in
  // both readings.
  const sjisSecret = 'パスワードKq7Zr2Wx9Lm4Tb8V'
  const sjisBytes = Buffer.concat([
    Buffer.from([0x83, 0x70, 0x83, 0x58, 0x83, 0x8f, 0x81, 0x5b, 0x83, 0x68]),
    Buffer.from('Kq7Zr2Wx9Lm4Tb8V')
  ])
  it('withholds a Shift_JIS page that echoes a secret past as many characters as UTF-8 reads', async () => {
    const page = Buffer.concat([
      Buffer.from('<html><head><script>'),
      Buffer.alloc(12_000, Buffer.from([0xc2, 0xa1])),
      Buffer.from('</script></head><body>refused: client_secret='),
      sjisBytes,
      Buffer.from('</body></html>')
    ])
    const server = await startServer((_, res) => {
      res.writeHead(400, { 'Content-Type': 'text/html; charset=shift_jis' })
      res.end(page)
    })
    const run = await runAction(
      step({ host: server.url, 'client-id': 'ci-bot', 'client-secret': sjisSecret, retries: '0' })
    )
    expect(expectFailure(run)).toMatch(
      /HTTP 400 \(text\/html; charset=shift_jis\) with a body that echoes a secret in its charset, not quoted/
    )
    expect(run.stdout.replace(/^::add-mask::.*$/gm, '')).not.toContain('Kq7Zr2Wx')
  })

  it("withholds a proxy's own Shift_JIS page, cut by a reset inside the secret it echoes", async () => {
    const proxy = createNetServer(socket => {
      socket.on('error', () => undefined)
      socket.once('data', () => {
        const page = Buffer.concat([
          Buffer.from('<html><title>denied</title><body>Request refused: client_secret='),
          sjisBytes.subarray(0, -3)
        ])
        const head = `HTTP/1.1 403 Forbidden\r\nServer: tinyproxy/1.11.1\r\nContent-Type: text/html; charset=shift_jis\r\nContent-Length: 5000\r\n\r\n`
        socket.write(Buffer.concat([Buffer.from(head), page]), () =>
          setTimeout(() => socket.resetAndDestroy(), 30)
        )
      })
    })
    await new Promise<void>(resolve => proxy.listen(0, '127.0.0.1', resolve))
    try {
      const { port } = proxy.address() as AddressInfo
      const run = await runAction(
        step({
          host: 'http://tokens.example',
          'client-id': 'ci-bot',
          'client-secret': sjisSecret,
          'allow-insecure-http': 'true',
          retries: '0'
        }),
        { HTTP_PROXY: `http://127.0.0.1:${port}` }
      )
      expect(expectFailure(run)).toMatch(
        /with a body that echoes a secret in its charset, not quoted/
      )
      expect(run.stdout.replace(/^::add-mask::.*$/gm, '')).not.toContain('Kq7Zr2Wx')
    } finally {
      proxy.close()
    }
  })

  // A form page that ends in an ellipsis of its own, not cut: every field is read.
  it('reads the last field of a form page that itself ends in an ellipsis', async () => {
    const server = await startServer((_, res) => {
      res.writeHead(400, { 'Content-Type': 'application/x-www-form-urlencoded' })
      res.end('error=invalid_scope&error_description=Scope+must+be+one+of+read,+write,+admin…')
    })
    const run = await runAction(
      step({ host: server.url, 'client-id': 'ci-bot', 'client-secret': 'form-secret-4e1a' })
    )
    expect(expectFailure(run)).toMatch(
      /HTTP 400 invalid_scope: Scope must be one of read, write, admin…; /
    )
  })

  // 304 Not Modified answers a conditional GET: it leads nowhere, so no final URL is named.
  it('fails on a 304 without calling it a redirect', async () => {
    const server = await startServer((_, res) => {
      res.writeHead(304, { ETag: '"token-v1"' })
      res.end()
    })
    const run = await runAction(
      step({ host: server.url, 'client-id': 'etag-client', 'client-secret': 'etag-secret-3c9a' })
    )
    expect(expectFailure(run)).toBe(
      `Token request to ${server.url}/oauth/token failed: HTTP 304 (no content type) with an empty body; check host and token-path`
    )
    expectSafeLog(run, ['etag-secret-3c9a'])
    expect(server.requests).toHaveLength(1)
  })

  it('shows *** where the server echoes the submitted password and client secret', async () => {
    const password = 's3cret-P@ss"w\\rd/ä+%&='
    const clientSecret = 'echo-client-secret-7f3a'
    const server = await startServer((request, res) => {
      const fields = JSON.parse(request.body) as Record<string, string>
      sendJson(res, 400, {
        error: 'invalid_grant',
        error_description: `The password '${fields.password}' is wrong for client secret '${fields.client_secret}'`
      })
    })
    const run = await runAction(
      step({
        host: server.url,
        'client-id': 'echo-client',
        'client-secret': clientSecret,
        username: 'someone@example.com',
        password
      })
    )
    const error = expectFailure(run)
    expect(error).toMatch(
      new RegExp(
        `^Token request to ${server.url}/oauth/token failed: HTTP 400 invalid_grant: The password '\\*\\*\\*' is wrong for client secret '\\*\\*\\*'`
      )
    )
    expect(error).not.toContain(password)
    expect(error).not.toContain(clientSecret)
    expectSafeLog(run, [clientSecret, password])
    expect(maskedLog(run.stdout)).not.toContain(password)
  })

  it('shows *** where a Passport-style message echoes the form-encoded password', async () => {
    const password = 'form pass&word=1+1'
    const server = await startServer((request, res) => {
      sendJson(res, 401, { message: `Unauthenticated: body was ${request.body}` })
    })
    const run = await runAction(
      step({
        host: server.url,
        'client-id': 'form-echo',
        'client-secret': 'form-echo-secret',
        username: 'someone@example.com',
        password,
        'body-format': 'form'
      })
    )
    const error = expectFailure(run)
    expect(error).toContain('password=***')
    expect(error).toContain('client_secret=***')
    expectSafeLog(
      run,
      ['form-echo-secret', password],
      [new URLSearchParams({ password }).toString()]
    )
  })

  // An audit's echo showed these in clear beside a masked client_secret: credentials under short
  // or protocol names, in extra-params and headers.
  it('shows *** where a server echoes credentials of extra-params and headers', async () => {
    const values = ['authz-SplxlOBeZQQY', 'pw-CredVal9xQ7mZ2', 'sid-7f3a9c2e41d8']
    const [code, pw, sid] = values
    const server = await startServer((request, res) => {
      sendJson(res, 400, {
        error: 'invalid_request',
        error_description: `got ${request.body} ${request.headers['x-pw']} ${request.headers['x-sid']}`
      })
    })
    const run = await runAction(
      step({
        host: server.url,
        'client-id': 'param-echo',
        'client-secret': 'param-echo-secret',
        'body-format': 'form',
        retries: '0',
        'extra-params': `authorization_code=${code}`,
        headers: `X-Pw: ${pw}\nX-Sid: ${sid}`
      })
    )
    const error = expectFailure(run)
    expect(error).toContain('client_secret=***')
    expect(error).toContain('authorization_code=***')
    expectSafeLog(run, ['param-echo-secret', ...values])
  })

  // Stripe and others take an API key as Basic's user, with no password or a stand-in: the runner
  // knows only the base64 a secret holds, and a server that echoes the user showed the key.
  it.each(['', 'x'])(
    "masks an API key given as a Basic header's user, with the password %j",
    async password => {
      const key = 'sk_live_4eC39HqLyjWDarjtT1zdp7dc'
      const basic = Buffer.from(`${key}:${password}`).toString('base64')
      const server = await startServer((request, res) => {
        const user = Buffer.from(String(request.headers.authorization).slice(6), 'base64')
        sendJson(res, 401, {
          error: 'invalid_client',
          error_description: `Invalid API Key provided: ${user.toString().split(':')[0]}`
        })
      })
      const run = await runAction(
        step({
          host: server.url,
          'client-id': 'api-key-client',
          'client-secret': 'api-key-client-secret',
          retries: '0',
          headers: `Authorization: Basic ${basic}`
        })
      )
      expect(expectFailure(run)).toContain('Invalid API Key provided: ***;')
      expect(maskedValues(run.stdout)).toContain(key)
      expectSafeLog(run, ['api-key-client-secret'], [key, basic])
    }
  )

  // With retries: 0 too: the line says no retry was made, and that retries could have helped.
  it.each([
    ['1', 'failed after 2 attempts'],
    ['0', 'failed after 1 attempt']
  ])('times out, with the attempt count (retries: %s)', async (retries, failed) => {
    const server = await startServer(() => {
      // Never answers.
    })
    const run = await runAction(
      step({
        host: server.url,
        'client-id': 'slow-client',
        'client-secret': 'slow-secret',
        timeout: '0.3',
        retries
      })
    )
    const error = expectFailure(run)
    expect(error).toBe(
      `Token request to ${server.url}/oauth/token ${failed}: timed out after 0.3 s; raise input 'timeout' or check that the server answers`
    )
    expectSafeLog(run, ['slow-secret'])
    expect(server.requests).toHaveLength(Number(retries) + 1)
  })

  it('fails on a refused connection, by its code', async () => {
    // Outside the range listen(0) draws from, so no server started meanwhile can take it.
    const url = `http://127.0.0.1:${await closedPort()}`
    const run = await runAction(
      step({ host: url, 'client-id': 'gone-client', 'client-secret': 'gone-secret', retries: '0' })
    )
    const error = expectFailure(run)
    expect(error).toMatch(
      new RegExp(`^Token request to ${url}/oauth/token failed after 1 attempt: .*ECONNREFUSED`)
    )
    expectSafeLog(run, ['gone-secret'])
  })

  it("names OAUTH_HOST beside input 'host' in a network failure's advice, as a refused input does", async () => {
    // A job-level env: gives the host, and the step has no host input to look at.
    const url = `http://127.0.0.1:${await closedPort()}`
    const run = await runAction(
      step({ 'client-id': 'gone-client', 'client-secret': 'gone-secret', retries: '0' }),
      { OAUTH_HOST: url }
    )
    expect(expectFailure(run)).toMatch(
      /ECONNREFUSED.*; check input 'host' \(or OAUTH_HOST\) and that the server is up$/
    )
    expectSafeLog(run, ['gone-secret'])
  })
})

// Leaks found while writing these tests, now fixed: secrets echoed in ways the plain value
// check would miss, and credentials in a host that does not parse.
describe('runner: echoed secrets are never shown', () => {
  /** Runs against a server that echoes the password; `shownAs` are forms of it to find nowhere. */
  async function echoRun(
    password: string,
    answer: (password: string, res: ServerResponse) => void,
    shownAs: readonly string[]
  ): Promise<string> {
    const server = await startServer((request, res) => {
      const fields = JSON.parse(request.body) as Record<string, string>
      answer(fields.password ?? '', res)
    })
    const run = await runAction(
      step({
        host: server.url,
        'client-id': 'leak-client',
        'client-secret': 'leak-secret',
        username: 'someone@example.com',
        password,
        retries: '0'
      })
    )
    // The whole of stdout and stderr, not only the error line.
    expectSafeLog(run, ['leak-secret', password], shownAs)
    return expectFailure(run)
  }

  it('a password with runs of whitespace, echoed, is not shown collapsed', async () => {
    const password = 'correct  horse\tbattery staple'
    const collapsed = 'correct horse battery staple'
    const error = await echoRun(
      password,
      (echo, res) =>
        sendJson(res, 400, { error: 'invalid_grant', error_description: `Bad password '${echo}'` }),
      [collapsed]
    )
    expect(error).toMatch(
      /: HTTP 400 invalid_grant: Bad password '\*\*\*'; check username and password, and the user's account on the server$/
    )
    expect(error).not.toContain(collapsed)
  })

  // One line shows a line break and the indentation after it as one space. The passwords' cases
  // fail on the dist/ before stop 93; the passphrases', whose one line the runner's mask matches
  // whole, hold that no piece of one shows (redact.test.ts and response.test.ts pin the change).
  it.each([
    ['a passphrase, wrapped at one of its spaces', 'correct horse battery staple', 13, ''],
    ['a passphrase, wrapped and indented', 'correct horse battery staple', 13, '\n    '],
    ['a password, wrapped and indented', 'Kq7Zt2Wm9Xr4Vb8Np3Hs6Jd5', 12, '\r\n\t'],
    ['a password, wrapped at a lone CR and indented', 'Kq7Zt2Wm9Xr4Vb8Np3Hs6Jd5', 12, '\r  ']
  ])('%s in a plain-text page, is not shown', async (_name, password, at, wrap) => {
    const wrapped = (echo: string) =>
      `${echo.slice(0, at)}${wrap || '\n'}${echo.slice(at + (wrap ? 0 : 1))}`
    const error = await echoRun(
      password,
      (echo, res) => {
        res.writeHead(401, { 'content-type': 'text/plain' })
        res.end(`Wrong password:\n  ${wrapped(echo)}\n`)
      },
      [password.slice(0, 10), password.slice(-10)]
    )
    expect(error).toMatch(/: HTTP 401 \(text\/plain\): Wrong password: \*\*\*; /)
  })

  // The same wraps escaped: an upstream's JSON, which the action does not parse, quoted by a
  // gateway's text or HTML page. Each fails on the dist/ before stop 94.
  const quoted = {
    text: (json: string) => `upstream said: ${json}`,
    html: (json: string) =>
      `<html><body><h1>502 Bad Gateway</h1><pre>${json.replaceAll('"', '&#34;')}</pre></body></html>`
  }
  const words = 'correct horse battery staple'
  it.each([
    ['a password, wrapped and indented,', 'text', 'Kq7Zt2Wm9Xr4Vb8Np3Hs6Jd5', 12, 0, '\\n    '],
    ['a passphrase, wrapped at one of its spaces,', 'text', words, 13, 1, '\\n'],
    ['a passphrase, wrapped at one of its spaces,', 'html', words, 13, 1, '\\n']
  ] as const)(
    "%s in JSON a gateway's %s page quotes, is not shown",
    async (_name, type, password, at, replaced, wrap) => {
      const error = await echoRun(
        password,
        (echo, res) => {
          const wrapped = `${echo.slice(0, at)}${wrap}${echo.slice(at + replaced)}`
          res.writeHead(502, { 'content-type': `text/${type === 'text' ? 'plain' : type}` })
          res.end(
            quoted[type](`{"error":"invalid_grant","error_description":"Bad password ${wrapped}"}`)
          )
        },
        [password.slice(0, 10), password.slice(-10)]
      )
      expect(error).toMatch(/: HTTP 502 \(text\/(plain|html)\): /)
      expect(error).toMatch(/Bad password \*\*\*(&#34;|")\}; /)
    }
  )

  // A break in an XML attribute, where a line feed must be written &#10; (which the dist/ of stops
  // 92 to 94 took out with the whole tag), and indentation escaped as its break is: an XML fault
  // whose serializer writes a line feed and a tab as &#10;&#9; (.NET's as &#xA;&#x9;), an HTML
  // page that indents with &nbsp;, a URL's %0A%20. Each fails on the dist/ before stop 95 (the
  // highlighter's on ab87f27's only, the pretty-printer's on 628c458's and 57c7e47's).
  it.each([
    ['an XML fault', 'application/xml', '&#10;', (text: string) => `<fault reason="${text}"/>`],
    ['an XML fault', 'application/xml', '&#10;&#9;', (text: string) => `<fault reason="${text}"/>`],
    ['an XML fault', 'application/xml', '&#xA;&#x9;&#x9;', (text: string) => `<f r="${text}"/>`],
    ['an HTML page', 'text/html', '<br>&nbsp;&nbsp;', (text: string) => `<p>${text}</p>`],
    // A raw line break inside a quoted value, a pretty-printer's tag across lines beside it: both
    // readings are searched (fails on stop 95's dist/).
    [
      'an HTML attribute across lines',
      'text/html',
      '\n      ',
      (text: string) => `<pre><span\n  class="tok">x</span><p title="${text}">x</p></pre>`
    ],
    // A highlighter's spans, each with its colour, and a pretty-printer's, a tag across lines:
    // each tag stays a break.
    [
      'a highlighted page',
      'text/html',
      '</span><span style="color:#a31515">',
      (text: string) => `<pre><span style="color:#a31515">${text}</span></pre>`
    ],
    [
      'a pretty-printed page',
      'text/html',
      '</span><span\n    class="tok">',
      (text: string) => `<pre><span class="tok">${text}</span></pre>`
    ],
    [
      'a redirect page',
      'text/plain',
      '%0A%20%20',
      (text: string) => `See /e?error=${text.replaceAll(' ', '%20')}`
    ]
  ] as const)(
    'a password, wrapped as %s (%s) writes it (%s), is not shown',
    async (_name, type, wrap, page) => {
      const password = 'Kq7Zt2Wm9Xr4Vb8Np3Hs6Jd5'
      const error = await echoRun(
        password,
        (echo, res) => {
          res.writeHead(400, { 'content-type': type })
          res.end(page(`Bad password ${echo.slice(0, 12)}${wrap}${echo.slice(12)}`))
        },
        [password.slice(0, 10), password.slice(-10)]
      )
      expect(error).toMatch(
        /: HTTP 400 \((application\/xml|text\/html|text\/plain)\): .*Bad(%20| )password(%20| )\*\*\*/
      )
    }
  )

  // A passphrase form-encoded (its spaces +), wrapped at one of its spaces: the break in place of
  // the +, or before it. The first fails on the dist/ before stop 95, the second on 628c458's.
  it.each([
    ['in place of one of its +', '%0A'],
    ['before one of its +', '%0A+']
  ])('a form-encoded passphrase, wrapped %s, is not shown', async (_name, wrap) => {
    const password = 'correct horse battery staple'
    const error = await echoRun(
      password,
      (echo, res) => {
        const form = encodeURIComponent(echo).replaceAll('%20', '+')
        res.writeHead(400, { 'content-type': 'text/plain' })
        res.end(`See /e?password=${form.slice(0, 13)}${wrap}${form.slice(14)}`)
      },
      ['correct+horse', 'battery+staple']
    )
    expect(error).toMatch(/: HTTP 400 \(text\/plain\): See \/e\?password=\*\*\*; /)
  })

  // A password that holds +, wrapped right before it in a URL that encodeURI wrote (which keeps +
  // as it is): the + after %0A is the password's own, not a form's indentation. Fails on the dist/
  // of stop 95.
  it("a password's own + right after a URL's %0A is not shown", async () => {
    const password = 'Kq7Zt2Wm9Xr4+Vb8Np3+Hs6Jd5'
    const error = await echoRun(
      password,
      (echo, res) => {
        res.writeHead(400, { 'content-type': 'text/plain' })
        res.end(`See /e?error=${encodeURI(`Bad ${echo.slice(0, 12)}\n${echo.slice(12)}`)}`)
      },
      [password.slice(0, 10), password.slice(-10)]
    )
    expect(error).toMatch(/: HTTP 400 \(text\/plain\): See \/e\?error=Bad%20\*\*\*; /)
  })

  it('a password echoed where the message is clipped shows no part of it', async () => {
    const password = 'Kq7-secret-password-value-9Xz'
    const error = await echoRun(
      password,
      (echo, res) =>
        sendJson(res, 400, { error: 'invalid_grant', error_description: 'x'.repeat(285) + echo }),
      [password.slice(0, 10)]
    )
    // Masked before the description is clipped to 300 characters, so no head of it survives.
    expect(error).toMatch(
      /: HTTP 400 invalid_grant: x{285}\*\*\*; check username and password, and the user's account on the server$/
    )
    expect(error).not.toContain(password.slice(0, 10))
  })

  it('a request body echoed in base64 by a gateway shows no secret', async () => {
    // An API gateway in front of a function: {"body": <the request body, base64>, ...}. In a form
    // body the password is form-encoded (%21), so base64 of the password alone is not in it.
    const password = 'S3cr3t-Pa55word!2026'
    const server = await startServer((request, res) =>
      sendJson(res, 500, {
        body: Buffer.from(request.body).toString('base64'),
        isBase64Encoded: true
      })
    )
    const run = await runAction(
      step({
        host: server.url,
        'client-id': 'leak-client',
        'client-secret': 'leak-secret',
        username: 'someone@example.com',
        password,
        'body-format': 'form',
        'client-auth': 'basic',
        retries: '0'
      })
    )
    const body = `grant_type=password&username=someone%40example.com&password=${encodeURIComponent(password)}`
    const echoed = Buffer.from(body).toString('base64')
    expectSafeLog(run, ['leak-secret', password], [echoed.slice(0, 40), echoed.slice(-40)])
    expect(expectFailure(run)).toMatch(
      /: HTTP 500 \(application\/json\): \{"body":"\*\*\*","isBase64Encoded":true\}/
    )
  })

  // Shorter than the runs of 16 characters base64Spans reads; the runner masks only the padded
  // base64 of a value, so these showed the password as anyone could decode it.
  it.each([
    ['base64 without its padding', 'hunter2!', 'base64', 'aHVudGVyMiE'],
    ['base64url', 'p4ss>?w~', 'base64url', 'cDRzcz4_d34'],
    ['base64url (7 characters)', 'Kq7>?ab', 'base64url', 'S3E3Pj9hYg']
  ] as const)(
    'a short password echoed in %s is not shown',
    async (_how, password, encoding, echoed) => {
      expect(Buffer.from(password).toString(encoding).replace(/=+$/, '')).toBe(echoed)
      const error = await echoRun(
        password,
        (echo, res) => {
          const encoded = Buffer.from(echo).toString(encoding).replace(/=+$/, '')
          res.writeHead(400, { 'Content-Type': 'text/plain' })
          res.end(`No such user: https://idp.example/users?id=${encoded}`)
        },
        [echoed]
      )
      expect(error).toMatch(
        /: HTTP 400 \(text\/plain\): No such user: https:\/\/idp\.example\/users\?id=\*\*\*; check the request/
      )
    }
  )

  it('a request body echoed in base64 wrapped at 76 columns shows no secret', async () => {
    // As Python's base64.encodebytes or Java's MIME encoder write it: the client secret runs
    // across a line break, so no one line of the echo holds it.
    const secret = 'Zq9vK2mX7pL4nR8tW3yB6cF1'
    const server = await startServer((request, res) => {
      const echoed = Buffer.from(request.body).toString('base64').replace(/.{76}/g, '$&\n')
      res.writeHead(400, { 'Content-Type': 'text/plain' })
      res.end(`could not parse body:\n${echoed}`)
    })
    const run = await runAction(
      step({
        host: server.url,
        'client-id': 'c',
        'client-secret': secret,
        'grant-type': 'client_credentials',
        'body-format': 'form',
        retries: '0'
      })
    )
    const body = Buffer.from(`grant_type=client_credentials&client_id=c&client_secret=${secret}`)
    const lines = body.toString('base64').match(/.{1,76}/g) ?? []
    expect(lines.some(line => Buffer.from(line, 'base64').toString().includes(secret))).toBe(false)
    expectSafeLog(run, [secret], lines)
    expect(expectFailure(run)).toMatch(/: HTTP 400 \(text\/plain\): could not parse body: \*\*\*/)
  })

  // The body wrapped at 64 columns, then escaped whole: the line break inside the secret is an
  // escape too (%0A in a URL's query, \\n in JSON inside JSON, &#10; in XML), which hid it from
  // the masks. An output keeps a server's text unclipped, and step debug echoes it.
  it.each([
    [
      'percent-encoded in a URL',
      (text: string) => `https://idp.example/e?d=${encodeURIComponent(text)}`
    ],
    ['percent-encoded twice', (text: string) => encodeURIComponent(encodeURIComponent(text))],
    ['in JSON inside JSON', (text: string) => JSON.stringify(JSON.stringify(text))],
    ['as \\u escapes', (text: string) => text.replaceAll('\n', '\\u000a')],
    ["as Python's \\x escapes", (text: string) => text.replaceAll('\n', '\\x0a')],
    ['as XML character references', (text: string) => text.replaceAll('\n', '&#10;')]
  ])('a request body echoed wrapped, %s, shows no secret', async (_how, escape) => {
    const secret = 'Zq9vK2mX7pL4nR8tW3yB6cF1'
    const server = await startServer((request, res) =>
      sendJson(res, 200, {
        access_token: 'at-0123456789abcdef',
        token_type: 'Bearer',
        issued_token_type: `urn:x:${escape(request.body.replace(/.{64}/g, '$&\n'))}`
      })
    )
    const run = await runAction(
      step({
        host: server.url,
        'client-id': 'c',
        'client-secret': secret,
        'grant-type': 'client_credentials',
        'body-format': 'form'
      }),
      { RUNNER_DEBUG: '1' }
    )
    expect(run.code).toBe(0)
    // The break falls after the secret's first 8 characters.
    const body = `grant_type=client_credentials&client_id=c&client_secret=${secret}`
    expect(body.replace(/.{64}/g, '$&\n')).toContain(`${secret.slice(0, 8)}\n${secret.slice(8)}`)
    expectSafeLog(run, [secret])
    const issued = run.outputs['issued-token-type'] ?? ''
    expect(issued).toMatch(/^urn:x:.*\*\*\*/)
    expect(issued).not.toContain(secret.slice(0, 8))
    expect(issued).not.toContain(secret.slice(8))
  })

  it('a password echoed HTML-escaped in an error page is not shown', async () => {
    const password = 'a<b&c>d-secret'
    const escaped = 'a&lt;b&amp;c&gt;d-secret'
    const error = await echoRun(
      password,
      (echo, res) => {
        const html = echo.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
        res.writeHead(500, { 'Content-Type': 'text/html' })
        res.end(`<html><body><p>Bad password ${html}</p></body></html>`)
      },
      [escaped]
    )
    expect(error).toMatch(
      /: HTTP 500 \(text\/html\): Bad password \*\*\*; try again later, or check the server$/
    )
    expect(error).not.toContain(escaped)
  })

  it("a password echoed in an escaping of the server's own is not shown", async () => {
    const password = "O'Brien/2024+x=Ü"
    // PHP's rawurlencode in lower-case hex, and htmlspecialchars: no fixed list of encoders has them.
    const rawurlencoded = [...Buffer.from(password)]
      .map(byte =>
        /[A-Za-z0-9]/.test(String.fromCharCode(byte))
          ? String.fromCharCode(byte)
          : `%${byte.toString(16).padStart(2, '0')}`
      )
      .join('')
    const htmlEscaped = password.replaceAll("'", '&#039;')
    const error = await echoRun(
      password,
      (_echo, res) =>
        sendJson(res, 400, {
          error: 'invalid_grant',
          error_description: `Bad password ${rawurlencoded} (${htmlEscaped})`
        }),
      [rawurlencoded, htmlEscaped]
    )
    expect(error).toMatch(
      /: HTTP 400 invalid_grant: Bad password \*\*\* \(\*\*\*\); check username and password, and the user's account on the server$/
    )
  })

  it('a JSON body echoed in a JSON string (escaped twice) is not shown', async () => {
    const password = 'pw"with\\quote-9'
    const twice = JSON.stringify(JSON.stringify(password)).slice(2, -2)
    const error = await echoRun(
      password,
      (echo, res) => sendJson(res, 400, { request: JSON.stringify({ password: echo }) }),
      [twice, 'with']
    )
    expect(error).toContain(String.raw`\"password\":\"***\"`)
  })

  it('a password escaped for JSON, then for HTML, or read as Latin-1, is not shown', async () => {
    const password = 'pä"ss\\wort-42'
    const escaped = JSON.stringify(password).slice(1, -1)
    const html = escaped.replaceAll('"', '&quot;')
    const latin1 = Buffer.from(escaped, 'latin1').toString('utf8')
    const error = await echoRun(
      password,
      (_echo, res) => {
        res.writeHead(400, { 'Content-Type': 'text/html; charset=utf-8' })
        // PHP's htmlspecialchars(json_encode(...)), then the same JSON in Latin-1 bytes.
        res.write(`<p>Rejected ${html}</p>`)
        res.end(Buffer.from(`<p>Raw ${escaped}</p>`, 'latin1'))
      },
      [html, latin1, 'wort']
    )
    expect(error).toContain('Rejected ***')
    expect(error).toContain('Raw ***')
  })

  it('a JWT refresh token echoed decoded, its signature apart, cannot be put together again', async () => {
    // Keycloak's refresh tokens are JWTs; a verifier may show the one it refused, decoded.
    const part = (json: object) => Buffer.from(JSON.stringify(json)).toString('base64url')
    const signature =
      'XmCb_GE7QimRzonNJ5vhPq6vpj7boL8eKiKp6N1COc7C0yUwVqjTQDpPK-BnkmPfEfw4cagfBBBtzv7hogGwPQ'
    const refreshToken = `${part({ alg: 'ES256', typ: 'JWT' })}.${part({ sub: 'ci', typ: 'Refresh' })}.${signature}`
    const server = await startServer((request, res) => {
      const [header = '', payload = '', sig = ''] = String(
        (JSON.parse(request.body) as Record<string, unknown>).refresh_token
      ).split('.')
      const decoded = (text: string) => Buffer.from(text, 'base64url').toString()
      sendJson(res, 400, {
        error: 'invalid_grant',
        error_description: `header ${decoded(header)} payload ${decoded(payload)} sig ${sig}`
      })
    })
    const run = await runAction(
      step({
        host: server.url,
        'client-id': 'jwt-client',
        'client-secret': 'jwt-client-secret',
        'grant-type': 'refresh_token',
        'refresh-token': refreshToken,
        retries: '0'
      })
    )
    expectSafeLog(run, ['jwt-client-secret', refreshToken], [signature])
    expect(expectFailure(run)).toContain(`payload {"sub":"ci","typ":"Refresh"} sig ***`)
  })

  it('a password past Latin-1, echoed in a charset that lacks a character of it, is not shown', async () => {
    const password = 'Sommer2024!€uro'
    const error = await echoRun(
      password,
      (_echo, res) => {
        res.writeHead(401, { 'Content-Type': 'text/plain' })
        // Java's ISO-8859-1 encoder writes ? for the euro sign; Windows-1252 writes it as 0x80,
        // which is no UTF-8.
        res.write('Login failed for password Sommer2024!?uro, ')
        res.end(Buffer.from([...Buffer.from('or Sommer2024!'), 0x80, ...Buffer.from('uro')]))
      },
      ['Sommer2024!', '!?uro', '!\ufffduro']
    )
    expect(error).toContain('Login failed for password ***, or ***')
  })

  // A server that logs the curl command it would run, or escapes for a regexp (re.escape).
  it('a password echoed shell-escaped, a backslash before each punctuation, is not shown', async () => {
    const password = "Tr0ub4dor&3 $ecret!'x"
    const shell = password.replace(/[^A-Za-z0-9]/g, '\\$&')
    const error = await echoRun(
      password,
      (echo, res) =>
        sendJson(res, 400, {
          error: 'invalid_grant',
          error_description: `password ${echo.replace(/[^A-Za-z0-9]/g, '\\$&')} rejected`
        }),
      [shell, '4dor']
    )
    expect(error).toContain('password *** rejected')
  })

  it('a password echoed as Ruby shell-escapes it, a backslash before each letter past ASCII too, is not shown', async () => {
    const password = 'Grüße-aus-Köln-2026'
    // Shellwords.escape: a backslash before each character but A-Z a-z 0-9 _ - . , : + / @.
    const ruby = (text: string) => text.replace(/[^\w\-.,:+/@]/g, '\\$&')
    expect(ruby(password)).toBe('Gr\\ü\\ße-aus-K\\öln-2026')
    const error = await echoRun(
      password,
      (echo, res) =>
        sendJson(res, 400, {
          error: 'invalid_grant',
          error_description: `ran login --password ${ruby(echo)}: exit 1`
        }),
      [ruby(password)]
    )
    expect(error).toContain('ran login --password ***: exit 1')
  })

  // Recased text is searched with line breaks taken out, escaped ones (\n, %0A) included: a
  // secret that holds one as text lost it there too, and matched nothing.
  it.each([['Kq7\\nzt2-secret'], ['abc%0adef-123456'], ['pass&#10;word-9x']])(
    'a password that holds %s, echoed in upper case, is not shown',
    async password => {
      const error = await echoRun(
        password,
        (echo, res) =>
          sendJson(res, 400, { error: 'invalid_grant', error_description: echo.toUpperCase() }),
        [password.toUpperCase()]
      )
      expect(error).toContain('HTTP 400 invalid_grant: ***;')
    }
  )

  // A server that wraps its text and then escapes only the line breaks (a log-injection guard)
  // puts \\n or \\r\\n where a backslash of the secret meets an escaped break; read as a break
  // escaped twice, that took the secret's backslash out with it, and nothing matched.
  it.each([
    ['\\n', (text: string) => text],
    ['\\r\\n', (text: string) => text],
    ['\\r\\n, in upper case', (text: string) => text.toUpperCase()]
  ])(
    'a password with a backslash, echoed wrapped just after it with %s, is not shown',
    async (escaped, recase) => {
      const password = 'Kq7\\zt2-wrapped-secret'
      const error = await echoRun(
        password,
        (echo, res) =>
          sendJson(res, 400, {
            error: 'invalid_grant',
            error_description: recase(`${echo.slice(0, 4)}${escaped.split(',')[0]}${echo.slice(4)}`)
          }),
        [recase('zt2-wrapped-secret')]
      )
      expect(error).toContain('HTTP 400 invalid_grant: ***;')
    }
  )

  // A server that starts a sentence with it, or recases it; Turkish İ before it is two
  // characters in lower case, which must not shift the mask.
  it('a password echoed capitalised or in mixed case is not shown', async () => {
    const password = 'correct-Horse-7f3a'
    const capitalised = 'Correct-Horse-7f3a'
    const mixed = 'cOrReCt-hOrSe-7F3A'
    const error = await echoRun(
      password,
      (_echo, res) =>
        sendJson(res, 400, {
          error: 'invalid_grant',
          error_description: `${capitalised} is wrong (GİRİŞ: ${mixed})`
        }),
      [capitalised, mixed, 'orse-7f3a', '7F3A']
    )
    expect(error).toMatch(
      /: HTTP 400 invalid_grant: \*\*\* is wrong \(GİRİŞ: \*\*\*\); check username and password/
    )
  })

  it('a password echoed in hex with gaps between bytes, as a dump shows it, is not shown', async () => {
    const password = 'Zq9vK2mX7pL4-hex'
    const hex = Buffer.from(password).toString('hex')
    const dump = hex.replace(/..(?!$)/g, '$& ')
    const colons = hex.replace(/..(?!$)/g, '$&:').toUpperCase()
    const dashes = hex.replace(/..(?!$)/g, '$&-').toUpperCase()
    const error = await echoRun(
      password,
      (_echo, res) => {
        res.writeHead(400, { 'Content-Type': 'text/plain' })
        res.end(`bad password bytes: ${dump} / ${colons} / ${dashes}`)
      },
      [dump, colons, dashes, dump.slice(6, 30), colons.slice(-24), dashes.slice(12, 36)]
    )
    expect(error).toMatch(
      /: HTTP 400 \(text\/plain\): bad password bytes: \*\*\* \/ \*\*\* \/ \*\*\*;/
    )
  })

  it('a host URL with credentials that does not parse is not echoed', async () => {
    const { run, traffic } = await runWatched(
      step({
        host: 'https://deploy:pa#ss-in-url@api.example.com',
        'client-id': 'x',
        'client-secret': 'y-secret'
      })
    )
    expect(traffic).toEqual([])
    expect(expectFailure(run)).toBe(
      "input 'host' (or OAUTH_HOST) must be a URL such as https://api.example.com; it could not be parsed"
    )
    // Nowhere in stdout or stderr, not only the error line.
    expectSafeLog(run, ['y-secret'], ['pa#ss-in-url'])
  })
})
