import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { type IncomingMessage, type ServerResponse, createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import nock from 'nock'
import { fakeCore, type FakeCore } from '../__fixtures__/core.js'
import { run, type Runtime } from '../src/main.js'
import { TIMEOUT, TransportError, send } from '../src/transport.js'

const HOST = 'https://api.example.com'
const NOW = Date.UTC(2026, 10, 28, 12, 0, 0)
const SECRET = 'client-secret-VALUE-9f8e'
const PASSWORD = 'p@ss word&=%-VALUE'
const ACCESS = 'eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJleHAiOjE4MjcwMDAwMDB9.c2lnbmF0dXJl'
const REFRESH = 'def50200-refresh-VALUE'

const SEED_INPUTS = {
  host: HOST,
  'client-id': 'client-1',
  'client-secret': SECRET,
  username: 'user@example.com',
  password: PASSWORD
}
const SEED_RESPONSE = {
  token_type: 'Bearer',
  expires_in: 31536000,
  access_token: ACCESS,
  refresh_token: REFRESH
}
const RUNNER_ENV = { GITHUB_OUTPUT: '/dev/null', GITHUB_ENV: '/dev/null' }

interface Harness {
  core: FakeCore
  sleeps: number[]
}

async function runWith(
  inputs: Record<string, string>,
  env: Record<string, string> = {},
  random = 0.5,
  transport: Runtime['send'] = send
): Promise<Harness> {
  const core = fakeCore(inputs)
  const sleeps: number[] = []
  const runtime: Runtime = {
    core,
    env: { ...RUNNER_ENV, ...env },
    send: transport,
    clock: {
      now: () => NOW + sleeps.reduce((a, b) => a + b, 0),
      sleep: async ms => {
        sleeps.push(ms)
      },
      random: () => random
    }
  }
  await run(runtime)
  return { core, sleeps }
}

const token = (): nock.Interceptor => nock(HOST).post('/oauth/token')

/** Everything the run wrote to the log: info, debug, warning and failure lines. */
function logged(core: FakeCore): string {
  return core.calls
    .filter(call => ['info', 'debug', 'warning', 'setFailed'].includes(call.fn))
    .map(call => call.args.join(' '))
    .join('\n')
}

// A real socket fault (a reset, a stalled body) on loopback: nock's replyWithError and delay
// leave its mock sockets' HTTP parsers behind (--detectOpenHandles reports them).
const closers: (() => Promise<void>)[] = []

/** A plain-http token endpoint on 127.0.0.1 that answers request n (0-based) with `answer`. */
async function loopback(
  answer: (res: ServerResponse, n: number, req: IncomingMessage) => void
): Promise<{ host: string; hits: () => number }> {
  let hits = 0
  const server = createServer((req, res) => {
    req.resume()
    req.on('end', () => answer(res, hits++, req))
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  closers.push(
    () =>
      new Promise<void>(resolve => {
        server.closeAllConnections()
        server.close(() => resolve())
      })
  )
  return { host: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, hits: () => hits }
}

/**
 * Sends the headers at once, then the token in 30 pieces 50 ms apart: never idle for long, but
 * 1.5 s for the whole body.
 */
function trickle(res: ServerResponse): void {
  const body = JSON.stringify(SEED_RESPONSE)
  const size = Math.ceil(body.length / 30)
  res.writeHead(200, { 'Content-Type': 'application/json' })
  res.flushHeaders()
  let sent = 0
  const timer = setInterval(() => {
    res.write(body.slice(sent, sent + size))
    sent += size
    if (sent >= body.length) {
      clearInterval(timer)
      res.end()
    }
  }, 50)
  res.on('close', () => clearInterval(timer))
}

beforeAll(() => {
  nock.disableNetConnect()
  nock.enableNetConnect('127.0.0.1')
})
// nock patches Node's http module, which every test file in this worker shares.
afterAll(() => {
  nock.enableNetConnect()
  nock.restore()
})
afterEach(async () => {
  nock.cleanAll()
  for (const close of closers.splice(0)) await close()
})

describe('the seed API, password grant', () => {
  it('posts the documented JSON body and publishes every output', async () => {
    const scope = token()
      .matchHeader('accept', 'application/json')
      .matchHeader('content-type', 'application/json')
      .reply(200, (_uri, body) => {
        expect(body).toEqual({
          grant_type: 'password',
          client_id: 'client-1',
          client_secret: SECRET,
          username: 'user@example.com',
          password: PASSWORD
        })
        return SEED_RESPONSE
      })
    const { core } = await runWith(SEED_INPUTS)
    expect(core.failed()).toBeUndefined()
    expect(scope.isDone()).toBe(true)
    expect(core.outputs).toEqual({
      'access-token': ACCESS,
      'token-type': 'Bearer',
      authorization: `Bearer ${ACCESS}`,
      'expires-in': '31536000',
      'expires-at': '2027-11-28T12:00:00Z',
      'refresh-token': REFRESH,
      'id-token': '',
      scope: ''
    })
    expect(core.exported).toEqual({ ACCESS_TOKEN: ACCESS })
  })

  it('masks the input secrets first, then every token value before it is written anywhere', async () => {
    token().reply(200, SEED_RESPONSE)
    const { core } = await runWith(SEED_INPUTS)
    const secrets = core.calls.filter(call => call.fn === 'setSecret').map(call => call.args[0])
    expect(secrets).toEqual([SECRET, PASSWORD, ACCESS, `Bearer ${ACCESS}`, REFRESH])
    expect(core.calls.slice(0, 2).map(call => call.fn)).toEqual(['setSecret', 'setSecret'])
    const firstTokenUse = core.calls.findIndex(
      call => call.fn !== 'setSecret' && call.args.some(arg => arg.includes(ACCESS))
    )
    const lastMask = core.calls.map(call => call.fn).lastIndexOf('setSecret')
    expect(firstTokenUse).toBeGreaterThan(lastMask)
  })

  it('masks an ID token (OpenID Connect) with the other token values, before it is an output', async () => {
    const idToken = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1c2VyLTEifQ.aWQtc2lnbmF0dXJl'
    token().reply(200, { ...SEED_RESPONSE, id_token: idToken })
    const { core } = await runWith(SEED_INPUTS)
    expect(core.failed()).toBeUndefined()
    const secrets = core.calls.filter(call => call.fn === 'setSecret').map(call => call.args[0])
    expect(secrets).toEqual([SECRET, PASSWORD, ACCESS, `Bearer ${ACCESS}`, REFRESH, idToken])
    expect(core.outputs['id-token']).toBe(idToken)
    const firstUse = core.calls.findIndex(
      call => call.fn !== 'setSecret' && call.args.some(arg => arg.includes(idToken))
    )
    expect(firstUse).toBeGreaterThan(core.calls.map(call => call.fn).lastIndexOf('setSecret'))
  })

  it('never writes a secret outside setSecret and the outputs meant to carry it', async () => {
    token().reply(200, SEED_RESPONSE)
    const { core } = await runWith(SEED_INPUTS)
    expect(core.failed()).toBeUndefined()
    const log = logged(core)
    for (const secret of [SECRET, PASSWORD, ACCESS, REFRESH]) expect(log).not.toContain(secret)
  })

  it('writes debug lines of settings and answers, with names and sizes only', async () => {
    token().reply(200, SEED_RESPONSE)
    const { core } = await runWith({ ...SEED_INPUTS, 'extra-params': 'resource=urn:api' })
    const debug = core.calls.filter(call => call.fn === 'debug').map(call => call.args[0])
    expect(debug).toEqual([
      'body-format json; client-auth body; timeout 30 s; retries 3; extra params: resource; headers: Accept, User-Agent, Content-Type; ca-certificate: 0 certificate(s)',
      `Answer: HTTP 200 (application/json, ${JSON.stringify(SEED_RESPONSE).length} bytes) in 0 ms`
    ])
  })

  it("lists each extra parameter's name, never its value, in the settings' debug line", async () => {
    token().reply(200, SEED_RESPONSE)
    const { core } = await runWith({
      ...SEED_INPUTS,
      'extra-params': 'resource=urn:api\ntenant=acme-tenant-VALUE'
    })
    const debug = core.calls.filter(call => call.fn === 'debug').map(call => call.args[0])
    expect(debug[0]).toContain('; extra params: resource, tenant; ')
    expect(debug.join('\n')).not.toMatch(/urn:api|acme-tenant-VALUE/)
  })

  it("says 'none' in the settings' debug line when extra-params is empty", async () => {
    token().reply(200, SEED_RESPONSE)
    const { core } = await runWith(SEED_INPUTS)
    const debug = core.calls.filter(call => call.fn === 'debug').map(call => call.args[0])
    expect(debug[0]).toBe(
      'body-format json; client-auth body; timeout 30 s; retries 3; extra params: none; headers: Accept, User-Agent, Content-Type; ca-certificate: 0 certificate(s)'
    )
  })

  it('writes the debug line of each attempt: a failed one at once, by its code or status', async () => {
    const flaky = await loopback((res, n) => {
      if (n === 0) res.socket?.destroy()
      else if (n === 1) res.writeHead(503, { 'Content-Type': 'text/plain' }).end('busy')
      else
        res
          .writeHead(200, { 'Content-Type': 'application/json' })
          .end(JSON.stringify(SEED_RESPONSE))
    })
    const { core } = await runWith({ ...SEED_INPUTS, host: flaky.host })
    expect(core.failed()).toBeUndefined()
    const debug = core.calls.filter(call => call.fn === 'debug').map(call => call.args[0])
    expect(debug.slice(1)).toEqual([
      'Attempt failed: ECONNRESET in 0 ms',
      'Answer: HTTP 503 (text/plain, 4 bytes) in 0 ms',
      `Answer: HTTP 200 (application/json, ${JSON.stringify(SEED_RESPONSE).length} bytes) in 0 ms`
    ])
  })

  it('fails on an HTTP 300, though its body holds a token, and writes its debug line', async () => {
    token().reply(300, SEED_RESPONSE)
    const { core } = await runWith(SEED_INPUTS)
    expect(core.failed()).toBe(
      'Token request to https://api.example.com/oauth/token failed: HTTP 300 redirect; redirects are not followed because the body holds credentials: set host and token-path to the final URL'
    )
    expect(core.outputs['access-token']).toBeUndefined()
    const debug = core.calls.filter(call => call.fn === 'debug').map(call => call.args[0])
    expect(debug.slice(1)).toEqual([
      `Answer: HTTP 300 (application/json, ${JSON.stringify(SEED_RESPONSE).length} bytes) in 0 ms`
    ])
  })

  it('reads OAUTH_* variables when inputs are empty, and masks secrets from there too', async () => {
    token().reply(200, (_uri, body) => {
      expect(body).toMatchObject({ client_id: 'env-client', username: 'env-user' })
      return SEED_RESPONSE
    })
    const { core } = await runWith(
      {},
      {
        OAUTH_HOST: HOST,
        OAUTH_CLIENT_ID: 'env-client',
        OAUTH_CLIENT_SECRET: SECRET,
        OAUTH_USERNAME: 'env-user',
        OAUTH_PASSWORD: PASSWORD
      }
    )
    expect(core.failed()).toBeUndefined()
    expect(core.setSecret).toHaveBeenNthCalledWith(1, SECRET)
    expect(core.setSecret).toHaveBeenNthCalledWith(2, PASSWORD)
  })
})

describe('other grants and request shapes', () => {
  it('sends a refresh_token grant as a form, with HTTP Basic client authentication', async () => {
    const basic = Buffer.from(`client-1:${encodeURIComponent(SECRET)}`).toString('base64')
    token()
      .matchHeader('authorization', `Basic ${basic}`)
      .matchHeader('content-type', 'application/x-www-form-urlencoded')
      .reply(200, (_uri, body) => {
        expect(body).toBe(`grant_type=refresh_token&refresh_token=${REFRESH}`)
        return { access_token: 'fresh', token_type: 'bearer' }
      })
    const { core } = await runWith({
      host: HOST,
      'client-id': 'client-1',
      'client-secret': SECRET,
      'grant-type': 'refresh_token',
      'refresh-token': REFRESH,
      'body-format': 'form',
      'client-auth': 'basic'
    })
    expect(core.failed()).toBeUndefined()
    expect(core.setSecret).toHaveBeenCalledWith(REFRESH)
    expect(core.setSecret).toHaveBeenCalledWith(`Basic ${basic}`)
    expect(core.outputs.authorization).toBe('Bearer fresh')
    expect(core.outputs['token-type']).toBe('bearer')
  })

  it('defaults to client_credentials, with scope, audience, extra-params and headers', async () => {
    nock('https://auth.example.com')
      .post('/tenant/oauth2/token')
      .matchHeader('x-request-source', 'ci')
      .reply(200, (_uri, body) => {
        expect(body).toEqual({
          grant_type: 'client_credentials',
          client_id: 'client-1',
          client_secret: SECRET,
          scope: 'read write',
          audience: 'https://api.example.com',
          resource: 'urn:api'
        })
        return { access_token: 'cc-token', token_type: 'Bearer', expires_in: '3600', scope: 'read' }
      })
    const { core } = await runWith({
      host: 'https://auth.example.com/tenant/',
      'token-path': 'oauth2/token',
      'client-id': 'client-1',
      'client-secret': SECRET,
      scope: 'read write',
      audience: 'https://api.example.com',
      'extra-params': 'resource=urn:api\n',
      headers: 'X-Request-Source: ci'
    })
    expect(core.failed()).toBeUndefined()
    expect(core.outputs['expires-in']).toBe('3600')
    expect(core.outputs['expires-at']).toBe('2026-11-28T13:00:00Z')
    expect(core.outputs.scope).toBe('read')
  })

  it('counts expires-at from when the request was sent, not from when a slow answer came', async () => {
    token().reply(200, SEED_RESPONSE)
    const core = fakeCore(SEED_INPUTS)
    let now = NOW
    await run({
      core,
      env: RUNNER_ENV,
      // A server that takes ten minutes to answer: the clock moves while the request is out.
      send: async (request, options) => {
        const response = await send(request, options)
        now += 10 * 60 * 1000
        return response
      },
      clock: { now: () => now, sleep: async () => {}, random: () => 0.5 }
    })
    expect(core.failed()).toBeUndefined()
    // Sent at NOW (2026-11-28T12:00:00Z), plus expires_in of a year: not 12:10.
    expect(core.outputs['expires-at']).toBe('2027-11-28T12:00:00Z')
  })

  it('exports to the named variable, or to none', async () => {
    token().reply(200, SEED_RESPONSE)
    const named = await runWith({ ...SEED_INPUTS, 'export-env': 'API_TOKEN' })
    expect(named.core.exported).toEqual({ API_TOKEN: ACCESS })
    token().reply(200, SEED_RESPONSE)
    const none = await runWith(SEED_INPUTS, { 'INPUT_EXPORT-ENV': '' })
    expect(none.core.exported).toEqual({})
  })

  it('warns and assumes Bearer when token_type is missing, after masking', async () => {
    token().reply(200, { access_token: ACCESS })
    const { core } = await runWith(SEED_INPUTS)
    expect(core.outputs['token-type']).toBe('Bearer')
    // From the JWT's exp claim, as the response has no expires_in.
    expect(core.outputs['expires-at']).toBe('2027-11-23T20:00:00Z')
    const warning = core.calls.findIndex(call => call.fn === 'warning')
    expect(core.calls[warning]?.args[0]).toBe('The response has no token_type; assuming Bearer.')
    expect(warning).toBeGreaterThan(core.calls.map(call => call.fn).lastIndexOf('setSecret'))
  })
})

describe('bad input is refused before anything is sent', () => {
  it.each([
    [{ ...SEED_INPUTS, host: '' }, "input 'host' (or OAUTH_HOST) is required"],
    [{ ...SEED_INPUTS, 'client-id': '' }, "input 'client-id' (or OAUTH_CLIENT_ID) is required"],
    [
      { ...SEED_INPUTS, password: '' },
      "input 'password' (or OAUTH_PASSWORD) is required by grant-type password"
    ],
    [{ ...SEED_INPUTS, host: 'http://api.example.com' }, 'uses plain http://'],
    [{ ...SEED_INPUTS, host: 'https://u:p@api.example.com' }, 'must not contain credentials'],
    [
      { ...SEED_INPUTS, 'body-format': 'xml' },
      "input 'body-format' must be json or form; got 'xml'"
    ],
    [{ ...SEED_INPUTS, timeout: 'soon' }, "input 'timeout' must be a number of seconds"],
    [
      { ...SEED_INPUTS, headers: 'Bad Name: x' },
      "input 'headers' line 1 has an invalid header name"
    ]
  ])('%#: %p', async (inputs, message) => {
    const scope = token().reply(200, SEED_RESPONSE)
    const { core } = await runWith(inputs)
    // The secret inputs are masked even when the inputs are refused, before the failure.
    const masks = [inputs['client-secret'], inputs.password].filter(Boolean)
    expect(core.calls).toEqual([
      ...masks.map(value => ({ fn: 'setSecret', args: [value] })),
      { fn: 'setFailed', args: [expect.stringContaining(message)] }
    ])
    expect(scope.isDone()).toBe(false)
    expect(core.setOutput).not.toHaveBeenCalled()
  })

  it('refuses to run without GITHUB_OUTPUT, which would print the token', async () => {
    const scope = token().reply(200, SEED_RESPONSE)
    const { core } = await runWith(SEED_INPUTS, { GITHUB_OUTPUT: '' })
    expect(core.calls).toEqual([
      { fn: 'setSecret', args: [SECRET] },
      { fn: 'setSecret', args: [PASSWORD] },
      {
        fn: 'setFailed',
        args: ['GITHUB_OUTPUT is not set: run this action on GitHub Actions runner 2.297 or later']
      }
    ])
    expect(scope.isDone()).toBe(false)
  })

  // core.exportVariable would fall back on a workflow command on stdout, with the token in it.
  it('refuses to run without GITHUB_ENV while export-env names a variable, before the request', async () => {
    const scope = token().reply(200, SEED_RESPONSE)
    const { core } = await runWith(SEED_INPUTS, { GITHUB_ENV: '' })
    expect(core.failed()).toBe(
      "GITHUB_ENV is not set: run this action on a current GitHub Actions runner, or set export-env: ''"
    )
    expect(scope.isDone()).toBe(false)
    expect(core.setOutput).not.toHaveBeenCalled()
    expect(core.exportVariable).not.toHaveBeenCalled()
  })

  it.each([
    ['GITHUB_OUTPUT', { GITHUB_OUTPUT: '/nonexistent/runner/output' }],
    ['GITHUB_ENV', { GITHUB_ENV: '/nonexistent/runner/env' }]
  ])('refuses a %s that names no file, before the request', async (name, env) => {
    const scope = token().reply(200, SEED_RESPONSE)
    const { core } = await runWith(SEED_INPUTS, env)
    expect(core.failed()).toBe(
      `${name} names a file that does not exist (${Object.values(env)[0]}): the runner makes it for each step, so run this action as a step of a workflow`
    )
    expect(scope.isDone()).toBe(false)
    expect(core.setOutput).not.toHaveBeenCalled()
  })

  it("takes a GITHUB_ENV that names no file, or none, when export-env: ''", async () => {
    token().reply(200, SEED_RESPONSE)
    const { core } = await runWith(
      { ...SEED_INPUTS, 'export-env': '' },
      // As the runner gives an input set to '': the variable is there, empty.
      { GITHUB_ENV: '/nonexistent/runner/env', 'INPUT_EXPORT-ENV': '' }
    )
    expect(core.failed()).toBeUndefined()
    // Or none at all.
    token().reply(200, SEED_RESPONSE)
    const unset = await runWith(
      { ...SEED_INPUTS, 'export-env': '' },
      { GITHUB_ENV: '', 'INPUT_EXPORT-ENV': '' }
    )
    expect(unset.core.failed()).toBeUndefined()
  })
})

describe('errors say what to fix, in one line', () => {
  it('reports RFC 6749 errors with the endpoint', async () => {
    token().reply(401, {
      error: 'invalid_client',
      error_description: 'Client authentication failed',
      message: 'Client authentication failed'
    })
    const { core } = await runWith(SEED_INPUTS)
    expect(core.failed()).toBe(
      'Token request to https://api.example.com/oauth/token failed: HTTP 401 invalid_client: Client authentication failed; check client-id, client-secret and client-auth'
    )
  })

  it("reports Passport's message and hint", async () => {
    token().reply(400, {
      error: 'invalid_request',
      message: 'The refresh token is invalid.',
      hint: 'Token has been revoked'
    })
    const { core } = await runWith(SEED_INPUTS)
    expect(core.failed()).toContain(
      'HTTP 400 invalid_request: The refresh token is invalid. (hint: Token has been revoked)'
    )
  })

  it('shows status, content type and a clipped snippet of an HTML answer', async () => {
    token().reply(
      404,
      `<html><head><title>Not Found</title></head><body>${'x'.repeat(500)}</body></html>`,
      {
        'Content-Type': 'text/html'
      }
    )
    const { core } = await runWith(SEED_INPUTS)
    const message = core.failed() ?? ''
    expect(message).toMatch(
      /failed: HTTP 404 \(text\/html\): Not Found…; check host and token-path$/
    )
    expect(message.length).toBeLessThan(300)
  })

  it('fails a 200 without access_token, naming the fields it got', async () => {
    token().reply(200, { token_type: 'Bearer', expires_in: 10 })
    const { core } = await runWith(SEED_INPUTS)
    expect(core.failed()).toBe(
      "Token request to https://api.example.com/oauth/token failed: HTTP 200 has no access_token (fields: token_type, expires_in); the server's answer is malformed: check the server"
    )
  })

  it('fails a 200 with no token field at all as the answer of something else', async () => {
    token().reply(200, { status: 'ok', data: [] })
    const { core } = await runWith(SEED_INPUTS)
    expect(core.failed()).toBe(
      "Token request to https://api.example.com/oauth/token failed: HTTP 200 has no access_token (fields: status, data); this is not a token endpoint's answer: check host and token-path"
    )
  })

  it('masks a secret that the server echoes back', async () => {
    token().reply(400, { error: 'invalid_grant', error_description: `bad password ${PASSWORD}` })
    const { core } = await runWith(SEED_INPUTS)
    expect(core.failed()).toBe(
      "Token request to https://api.example.com/oauth/token failed: HTTP 400 invalid_grant: bad password ***; check username and password, and the user's account on the server"
    )
    expect(logged(core)).not.toContain(PASSWORD)
    expect(logged(core)).not.toContain(encodeURIComponent(PASSWORD))
  })

  it('does not follow a redirect, and names its Location', async () => {
    token().reply(302, '', { Location: 'https://elsewhere.example.com/oauth/token' })
    const elsewhere = nock('https://elsewhere.example.com')
      .post('/oauth/token')
      .reply(200, SEED_RESPONSE)
    const { core } = await runWith(SEED_INPUTS)
    expect(core.failed()).toContain(
      'HTTP 302 redirect to https://elsewhere.example.com/oauth/token; redirects are not followed'
    )
    expect(elsewhere.isDone()).toBe(false)
  })
})

describe('retries', () => {
  it.each([408, 429, 500, 502, 503, 504])('retries HTTP %i, then succeeds', async status => {
    const scope = token().reply(status, 'busy').post('/oauth/token').reply(200, SEED_RESPONSE)
    const { core, sleeps } = await runWith(SEED_INPUTS)
    expect(core.failed()).toBeUndefined()
    expect(scope.isDone()).toBe(true)
    expect(sleeps).toEqual([750])
    expect(core.info).toHaveBeenCalledWith(`Attempt 1 of 4: HTTP ${status}; retrying in 0.8 s`)
  })

  it.each([400, 401, 403, 404, 409, 422])('never retries HTTP %i', async status => {
    token().reply(status, { error: 'nope' })
    const { core, sleeps } = await runWith(SEED_INPUTS)
    expect(core.failed()).toContain(`HTTP ${status} nope`)
    expect(sleeps).toEqual([])
  })

  it('backs off exponentially with jitter and gives up after the retries', async () => {
    token().times(4).reply(503, 'down')
    const { core, sleeps } = await runWith(SEED_INPUTS, {}, 0)
    expect(sleeps).toEqual([500, 1000, 2000])
    expect(core.failed()).toMatch(
      /failed after 4 attempts: HTTP 503 \(no content type\): down; try again later, or check the server$/
    )
  })

  it('spreads the delay with randomness', async () => {
    token().times(2).reply(503).post('/oauth/token').reply(200, SEED_RESPONSE)
    const { sleeps } = await runWith(SEED_INPUTS, {}, 0.999)
    expect(sleeps).toEqual([1000, 1999])
  })

  it('honours Retry-After in seconds and as an HTTP date', async () => {
    const date = new Date(NOW + 5000).toUTCString()
    token()
      .reply(429, '', { 'Retry-After': '2' })
      .post('/oauth/token')
      .reply(503, '', { 'Retry-After': date })
      .post('/oauth/token')
      .reply(200, SEED_RESPONSE)
    const { core, sleeps } = await runWith(SEED_INPUTS, {}, 0)
    expect(core.failed()).toBeUndefined()
    expect(sleeps).toEqual([2000, 3000])
  })

  it('fails at once when Retry-After is longer than 60 s', async () => {
    token().reply(429, '', { 'Retry-After': '120' })
    const { core, sleeps } = await runWith(SEED_INPUTS)
    expect(sleeps).toEqual([])
    expect(core.failed()).toBe(
      'Token request to https://api.example.com/oauth/token failed: HTTP 429 (no content type) with an empty body; it asks to retry after 120 s, longer than the 60 s this action waits: try again later, or check the server'
    )
  })

  it('counts the attempts made when a later answer asks to wait over 60 s', async () => {
    token()
      .reply(503, '', { 'Retry-After': '1' })
      .post('/oauth/token')
      .reply(429, '', { 'Retry-After': '120' })
    const { core } = await runWith(SEED_INPUTS)
    expect(core.failed()).toBe(
      'Token request to https://api.example.com/oauth/token failed after 2 attempts: HTTP 429 (no content type) with an empty body; it asks to retry after 120 s, longer than the 60 s this action waits: try again later, or check the server'
    )
  })

  it('retries a network error, and honours retries: 0', async () => {
    // The server drops the connection without an answer: Node's "socket hang up".
    const flaky = await loopback((res, n) => {
      if (n === 0) res.socket?.destroy()
      else
        res
          .writeHead(200, { 'Content-Type': 'application/json' })
          .end(JSON.stringify(SEED_RESPONSE))
    })
    const retried = await runWith({ ...SEED_INPUTS, host: flaky.host })
    expect(retried.core.failed()).toBeUndefined()
    expect(retried.core.outputs['access-token']).toBe(ACCESS)
    expect(retried.sleeps).toEqual([750])
    expect(retried.core.info).toHaveBeenCalledWith('Attempt 1 of 4: ECONNRESET; retrying in 0.8 s')
    expect(flaky.hits()).toBe(2)

    const down = await loopback(res => res.socket?.destroy())
    const once = await runWith({ ...SEED_INPUTS, host: down.host, retries: '0' })
    expect(once.sleeps).toEqual([])
    expect(once.core.failed()).toBe(
      `Token request to ${down.host}/oauth/token failed after 1 attempt: ECONNRESET: socket hang up; the connection was cut: check the server, that its port speaks http, not https, and any proxy or firewall on the way`
    )
    expect(down.hits()).toBe(1)
  })

  it.each<[string, (res: ServerResponse) => void, string]>([
    ['never answers', () => undefined, ''],
    // Each piece of the body comes well within the timeout, the whole body well after it.
    [
      'sends its headers, then trickles the body',
      trickle,
      'HTTP 200 answer cut off before its end: '
    ]
  ])(
    'times out an attempt to a server that %s, and says how many attempts it made',
    async (_what, answer, cut) => {
      const slow = await loopback(answer)
      const { core, sleeps } = await runWith({
        ...SEED_INPUTS,
        host: slow.host,
        timeout: '0.2',
        retries: '1'
      })
      expect(core.failed()).toBe(
        `Token request to ${slow.host}/oauth/token failed after 2 attempts: ${cut}timed out after 0.2 s; raise input 'timeout' or check that the server answers`
      )
      expect(sleeps).toEqual([750])
      expect(slow.hits()).toBe(2)
      expect(core.setOutput).not.toHaveBeenCalled()
    }
  )
})

describe('an error never quotes the request', () => {
  // Values that are sent in the body but are no secret, so no mask would hide them in the log.
  const inputs = {
    ...SEED_INPUTS,
    username: 'body-marker-user@example.com',
    'extra-params': 'resource=urn:body-marker-resource',
    retries: '1'
  }
  const endpoint = 'Token request to https://api.example.com/oauth/token failed'

  it.each<[string, () => void, string]>([
    [
      'an RFC 6749 error',
      () => token().reply(400, { error: 'invalid_grant', error_description: 'Wrong.' }),
      `${endpoint}: HTTP 400 invalid_grant: Wrong. Check username and password, and the user's account on the server`
    ],
    [
      'retries spent on a 503',
      () => token().times(2).reply(503, 'busy', { 'Content-Type': 'text/plain' }),
      `${endpoint} after 2 attempts: HTTP 503 (text/plain): busy; try again later, or check the server`
    ],
    [
      'a redirect',
      () => token().reply(307, '', { Location: 'https://api.example.com/v2/token' }),
      `${endpoint}: HTTP 307 redirect to https://api.example.com/v2/token; redirects are not followed because the body holds credentials: set host and token-path to the final URL`
    ],
    [
      'a 200 without a token',
      () => token().reply(200, { token_type: 'Bearer' }),
      `${endpoint}: HTTP 200 has no access_token (fields: token_type); the server's answer is malformed: check the server`
    ],
    [
      'a 200 that is not JSON',
      () => token().reply(200, 'no token here', { 'Content-Type': 'text/plain' }),
      `${endpoint}: HTTP 200 (text/plain): no token here; this is not a token endpoint's answer: check host and token-path`
    ]
  ])('%s: the message and the log hold no part of the body', async (_what, serve, message) => {
    serve()
    const { core } = await runWith(inputs)
    expect(core.failed()).toBe(message)
    const log = logged(core)
    // The info line names the grant type ("grant_type password"), never the body's fields.
    for (const sent of [
      'body-marker',
      '"grant_type"',
      'grant_type=',
      'client_id',
      SECRET,
      PASSWORD
    ]) {
      expect(log).not.toContain(sent)
    }
  })
})

describe("the README's failure examples (When it fails)", () => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8')
  const examples = (/^## When it fails\n[\s\S]*?```text\n([\s\S]*?)```/m.exec(readme)?.[1] ?? '')
    .trim()
    .split('\n')
  const client = { host: HOST, 'client-id': 'client-1', 'client-secret': SECRET }
  const nginx502 =
    '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx/1.25.3</center>\r\n</body>\r\n</html>\r\n'
  /* As transport.ts words a timeout: from the attempt's timeoutMs (the input's default, 30 s). */
  const stalls: Runtime['send'] = async (_request, options) => {
    throw new TransportError(`timed out after ${options.timeoutMs / 1000} s`, TIMEOUT)
  }

  // The last example, a TLS failure, needs a real handshake: tls.test.ts words it. Each row
  // names its transport: a test function with more parameters than its row takes a done callback.
  it.each<[number, Record<string, string>, () => void, Runtime['send']]>([
    [0, { host: HOST }, () => undefined, send],
    [1, { ...client, host: 'http://api.example.com' }, () => undefined, send],
    [
      2,
      client,
      () =>
        token().reply(401, {
          error: 'invalid_client',
          error_description: 'Client authentication failed'
        }),
      send
    ],
    [
      3,
      SEED_INPUTS,
      () =>
        token().reply(400, {
          error: 'invalid_grant',
          error_description: 'The user credentials were incorrect.'
        }),
      send
    ],
    [4, client, () => token().times(4).reply(502, nginx502, { 'Content-Type': 'text/html' }), send],
    [5, client, () => undefined, stalls]
  ])('line %i is what run() fails with, word for word', async (line, inputs, serve, transport) => {
    expect(examples).toHaveLength(7)
    serve()
    const { core } = await runWith(inputs, {}, 0.5, transport)
    expect(core.failed()).toBe(examples[line])
  })
})
