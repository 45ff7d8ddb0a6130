// What is left of @actions/http-client and @actions/core once package.json's `overrides` replace
// undici and @actions/exec with the throwing stand-ins in stubs/ (see stubs/README.md): plain
// requests, requests through a CONNECT proxy in HTTPS_PROXY or HTTP_PROXY (the `tunnel` path),
// and core.getIDToken all still work, on real loopback servers. Should a future http-client need
// undici for its requests, or core need @actions/exec, the stand-in throws and a test here fails.
// core itself gets src/oidc-http-client.ts for '@actions/http-client' (tsconfig paths): its
// getIDToken is tested here through that client too, directly and through a real proxy.
import { afterAll, beforeAll, beforeEach, describe, expect, it, jest } from '@jest/globals'
import * as core from '@actions/core'
// The real client, by path: its package name leads to src/oidc-http-client.ts (tsconfig paths).
import { HttpClient } from '../node_modules/@actions/http-client/lib/index.js'
import {
  HttpClient as OidcHttpClient,
  HttpClientError,
  oidcTransport
} from '../src/oidc-http-client.js'
import type { RequestOptions } from '../node_modules/@actions/http-client/lib/interfaces.js'
import { getIDToken as getIDTokenWithin } from '../src/runner-protocol.js'
import type { HttpRequest, HttpResponse, SendOptions } from '../src/transport.js'
import { TransportError } from '../src/transport.js'
import dns from 'node:dns'
import { existsSync, readdirSync, realpathSync } from 'node:fs'
import * as http from 'node:http'
import * as https from 'node:https'
import type { AddressInfo, Socket } from 'node:net'
import { join, resolve } from 'node:path'
import { createRequire } from 'node:module'
import { createProxy } from 'proxy'
import { type Certificate, TestPki } from './support/pki.js'

const ROOT = resolve(import.meta.dirname, '..')
const HOST = 'stubs.test'
const PROXY_VARIABLES = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy']
const OIDC_VARIABLES = ['ACTIONS_ID_TOKEN_REQUEST_URL', 'ACTIONS_ID_TOKEN_REQUEST_TOKEN']
const OIDC_REQUEST_TOKEN = 'oidc-request-token-7f3a'

interface Seen {
  readonly method: string
  readonly url: string
  readonly authorization: string | undefined
}

interface Server {
  readonly port: number
  readonly seen: Seen[]
  close(): Promise<void>
}

/** Where `specifier` resolves from inside an installed package, symlinks followed. */
function resolvedFrom(fromPackage: string, specifier: string): string {
  const packageJson = join(ROOT, 'node_modules', fromPackage, 'package.json')
  return realpathSync(createRequire(packageJson).resolve(specifier))
}

/** An http or https server on 127.0.0.1 that answers every request with `{ value, url }`. */
async function startServer(value: string, tls?: { key: string; cert: string }): Promise<Server> {
  const seen: Seen[] = []
  const handler: http.RequestListener = (req, res) => {
    seen.push({
      method: req.method ?? '',
      url: req.url ?? '',
      authorization: req.headers.authorization
    })
    res.writeHead(200, { 'Content-Type': 'application/json', Connection: 'close' })
    res.end(JSON.stringify({ value, url: req.url }))
  }
  const server = tls ? https.createServer(tls, handler) : http.createServer(handler)
  return listen(server, seen)
}

async function listen(server: http.Server, seen: Seen[]): Promise<Server> {
  const sockets = new Set<Socket>()
  server.on('connection', (socket: Socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  await new Promise<void>(done => server.listen(0, '127.0.0.1', done))
  return {
    port: (server.address() as AddressInfo).port,
    seen,
    close: () =>
      new Promise<void>(done => {
        for (const socket of sockets) socket.destroy()
        server.close(() => done())
      })
  }
}

/** A real CONNECT proxy (the `proxy` package) on 127.0.0.1 that records what it is asked. */
async function startProxy(): Promise<Server> {
  const seen: Seen[] = []
  const server = http.createServer()
  createProxy(server)
  const record = (req: http.IncomingMessage): void => {
    seen.push({
      method: req.method ?? '',
      url: req.url ?? '',
      authorization: req.headers['proxy-authorization']
    })
  }
  server.prependListener('connect', record)
  server.prependListener('request', record)
  return listen(server, seen)
}

// http-client never proxies loopback names, so the servers are reached as stubs.test, which
// this process (where the proxy runs and resolves it) maps to 127.0.0.1, like a hosts file.
const realLookup = dns.lookup
function lookupTestName(...args: unknown[]): unknown {
  const [hostname, second, third] = args as [string, unknown, unknown]
  if (hostname !== HOST) return Reflect.apply(realLookup, dns, args)
  const callback = (typeof second === 'function' ? second : third) as (...result: unknown[]) => void
  const all = typeof second === 'object' && second !== null && 'all' in second && second.all
  process.nextTick(() =>
    all ? callback(null, [{ address: '127.0.0.1', family: 4 }]) : callback(null, '127.0.0.1', 4)
  )
  return undefined
}

let pki: TestPki
let ca: Certificate
let plain: Server
let secure: Server
let proxy: Server
const savedEnv: Record<string, string | undefined> = {}

beforeAll(async () => {
  for (const name of [...PROXY_VARIABLES, ...OIDC_VARIABLES, 'NO_PROXY', 'no_proxy']) {
    savedEnv[name] = process.env[name]
    Reflect.deleteProperty(process.env, name)
  }
  dns.lookup = lookupTestName as typeof dns.lookup
  pki = new TestPki()
  ca = pki.authority('stubs-test-ca')
  const leaf = pki.leaf(HOST, { altNames: [`DNS:${HOST}`], issuer: ca })
  ;[plain, secure, proxy] = await Promise.all([
    startServer('plain-answer'),
    startServer('secure-answer', { key: leaf.key, cert: leaf.cert }),
    startProxy()
  ])
})

afterAll(async () => {
  await Promise.all([plain?.close(), secure?.close(), proxy?.close()])
  pki?.cleanup()
  dns.lookup = realLookup
  for (const [name, value] of Object.entries(savedEnv)) {
    if (value === undefined) Reflect.deleteProperty(process.env, name)
    else process.env[name] = value
  }
})

beforeEach(() => {
  for (const name of [...PROXY_VARIABLES, ...OIDC_VARIABLES])
    Reflect.deleteProperty(process.env, name)
})

describe('the stand-ins are installed', () => {
  it('@actions/http-client imports stubs/undici instead of undici', () => {
    expect(resolvedFrom('@actions/http-client', 'undici')).toBe(join(ROOT, 'stubs/undici/index.js'))
  })

  it('@actions/core imports stubs/actions-exec instead of @actions/exec', () => {
    expect(resolvedFrom('@actions/core', '@actions/exec')).toBe(
      join(ROOT, 'stubs/actions-exec/index.js')
    )
  })

  // package.json's `overrides` keys name the exact version the action uses: other copies of
  // http-client in the tree (the dev tool @github/local-action's) keep the undici they run.
  it('the undici stand-in reaches no other copy of @actions/http-client', () => {
    const copies: string[] = []
    const look = (modules: string): void => {
      for (const entry of readdirSync(modules)) {
        const names = entry.startsWith('@')
          ? readdirSync(join(modules, entry)).map(name => `${entry}/${name}`)
          : [entry]
        for (const name of names) {
          if (name === '@actions/http-client') copies.push(join(modules, name))
          const nested = join(modules, name, 'node_modules')
          if (existsSync(nested)) look(nested)
        }
      }
    }
    look(join(ROOT, 'node_modules'))
    const others = copies.filter(copy => copy !== join(ROOT, 'node_modules/@actions/http-client'))
    expect(others.length).toBeGreaterThan(0)
    for (const copy of others) {
      const undici = realpathSync(createRequire(join(copy, 'package.json')).resolve('undici'))
      expect([copy, undici]).toEqual([copy, expect.stringMatching(/\/node_modules\/undici\//)])
    }
  })

  it('the undici stand-in throws a message that names itself, as soon as http-client uses it', () => {
    process.env.HTTPS_PROXY = `http://127.0.0.1:${proxy.port}`
    // getAgentDispatcher is http-client's one use of undici: for fetch-based callers.
    expect(() => new HttpClient('stubs-test').getAgentDispatcher(`https://${HOST}/`)).toThrow(
      'undici is left out of this action (stubs/undici, see stubs/README.md): @actions/http-client used ProxyAgent, which only fetch-based callers need'
    )
  })

  it('the @actions/exec stand-in throws a message that names itself, as soon as core uses it', async () => {
    // core.platform.getDetails() is @actions/core's one use of @actions/exec.
    await expect(core.platform.getDetails()).rejects.toThrow(
      '@actions/exec is left out of this action (stubs/actions-exec, see stubs/README.md): '
    )
  })
})

describe("the client @actions/core gets for OIDC, over the action's transport", () => {
  const handler = {
    prepareRequest: (options: RequestOptions) => {
      options.headers = { ...(options.headers as object), Authorization: 'Bearer from-a-handler' }
    },
    canHandleAuthentication: () => false,
    handleAuthentication: () => Promise.reject(new Error('not called'))
  }

  /** Answers from a script (a status, a status and body, or an error), recording each request
   * and wait; nothing is sent. */
  function scripted(answers: (number | [number, string] | TransportError)[]) {
    const sent: HttpRequest[] = []
    const waits: number[] = []
    const send = jest.fn(async (request: HttpRequest, options: SendOptions) => {
      expect(options).toEqual({ timeoutMs: 30_000, maxBodyBytes: 64 * 1024 })
      sent.push(request)
      const next = answers.shift() ?? 200
      if (next instanceof TransportError) throw next
      const [status, body] = Array.isArray(next)
        ? next
        : [next, next === 200 ? '{"value":"id-token"}' : '{"message":"go away"}']
      return { status, headers: {}, body } satisfies HttpResponse
    })
    const logged: string[] = []
    const real = { ...oidcTransport }
    oidcTransport.send = send
    oidcTransport.sleep = async ms => {
      waits.push(ms)
    }
    oidcTransport.log = line => logged.push(line)
    return { sent, waits, logged, restore: () => Object.assign(oidcTransport, real) }
  }

  it('is what the package name leads to', async () => {
    const imported = await import('@actions/http-client')
    expect(imported.HttpClient).toBe(OidcHttpClient)
  })

  it("GETs JSON from a loopback server with the handlers' headers and its user agent", async () => {
    const before = plain.seen.length
    const response = await new OidcHttpClient('stubs-test', [handler]).getJson<{
      value: string
    }>(`http://127.0.0.1:${plain.port}/direct`)
    expect(response.statusCode).toBe(200)
    expect(response.result?.value).toBe('plain-answer')
    expect(plain.seen.slice(before)).toEqual([
      { method: 'GET', url: '/direct', authorization: 'Bearer from-a-handler' }
    ])
  })

  it.each([
    [
      'a network error and a 5xx',
      [new TransportError('reset', 'ECONNRESET'), 503],
      ['ECONNRESET', 'HTTP 503']
    ],
    ['a 429 and a 500', [429, 500], ['HTTP 429', 'HTTP 500']]
  ])(
    'tries twice more after %s, waiting 1 s and 3 s, and logs each retry',
    async (_, failures, told) => {
      const script = scripted(failures)
      try {
        const response = await new OidcHttpClient('ua').getJson<{ value: string }>(
          'https://token.example/id'
        )
        expect(response.result?.value).toBe('id-token')
        expect(script.sent).toHaveLength(3)
        expect(script.waits).toEqual([1000, 3000])
        expect(script.logged).toEqual([
          `GitHub's ID token request: Attempt 1 of 3: ${told[0]}; retrying in 1.0 s`,
          `GitHub's ID token request: Attempt 2 of 3: ${told[1]}; retrying in 3.0 s`
        ])
        expect(script.sent[0]?.headers).toEqual({ Accept: 'application/json', 'User-Agent': 'ua' })
      } finally {
        script.restore()
      }
    }
  )

  it('gives up after three attempts with the last failure', async () => {
    const script = scripted([502, 502, 502])
    try {
      const failure = new OidcHttpClient('ua').getJson('https://token.example/id')
      await expect(failure).rejects.toEqual(new HttpClientError('go away', 502))
      expect(script.sent).toHaveLength(3)
    } finally {
      script.restore()
    }
  })

  it('gives up after three network failures, the last one saying how many attempts', async () => {
    const script = scripted([1, 2, 3].map(n => new TransportError(`reset ${n}`, 'ECONNRESET')))
    try {
      const failure = new OidcHttpClient('ua').getJson('https://token.example/id')
      await expect(failure).rejects.toThrow(/^reset 3; 3 attempts$/)
      expect(script.waits).toEqual([1000, 3000])
      expect(script.logged).toHaveLength(2)
    } finally {
      script.restore()
    }
  })

  // As the token request: a certificate that is not trusted, an answer too large for an ID
  // token, or a proxy that refuses the tunnel (407, 403) would be the same on a second try. Core
  // keeps only the message: a certificate's code goes in front, for the line to name the fix.
  it.each([
    [
      'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
      'a certificate it cannot trust',
      /^UNABLE_TO_VERIFY_LEAF_SIGNATURE: failed$/
    ],
    [
      'ERR_TLS_CERT_ALTNAME_INVALID',
      'a certificate for another name',
      /^ERR_TLS_CERT_ALTNAME_INVALID: failed$/
    ],
    ['CERT_HAS_EXPIRED', 'an expired certificate', /^CERT_HAS_EXPIRED: failed$/],
    [
      'ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED',
      'a server that asks for a client certificate',
      /^ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED: failed$/
    ],
    ['EBODYTOOLARGE', 'an answer too large', /^failed$/],
    ['EPROXYREFUSED', 'a proxy that refuses the tunnel', /^failed$/]
  ])('does not retry %s (%s)', async (code, _name, message) => {
    const script = scripted([new TransportError('failed', code)])
    try {
      const failure = new OidcHttpClient('ua').getJson('https://token.example/id')
      await expect(failure).rejects.toThrow(message)
      expect(script.sent).toHaveLength(1)
      expect(script.waits).toEqual([])
      expect(script.logged).toEqual([])
    } finally {
      script.restore()
    }
  })

  it.each<[string, (number | TransportError)[], number]>([
    ['a 501, whole', [501, 200], 1],
    [
      'a 501 cut off before its end',
      [new TransportError('aborted', 'ECONNRESET', undefined, 501), 200],
      1
    ],
    ['a 408, whole', [408, 200], 2],
    [
      'a 408 cut off before its end',
      [new TransportError('aborted', 'ECONNRESET', undefined, 408), 200],
      2
    ]
  ])(
    'retries what the token request retries, whole or cut off: %s',
    async (_, answers, attempts) => {
      const script = scripted(answers)
      try {
        await new OidcHttpClient('ua').getJson('https://token.example/id').catch(() => undefined)
        expect(script.sent).toHaveLength(attempts)
      } finally {
        script.restore()
      }
    }
  )

  it('gives an answer cut off before its end the status code core reports', async () => {
    // Core words its error "Error Code : <statusCode>": a 401's is the clue to the permissions.
    const script = scripted([new TransportError('aborted', 'ECONNRESET', undefined, 401)])
    try {
      const failure = new OidcHttpClient('ua').getJson('https://token.example/id')
      await expect(failure).rejects.toMatchObject({ message: 'aborted', statusCode: 401 })
      expect(script.sent).toHaveLength(1)
    } finally {
      script.restore()
    }
  })

  it('does not retry a 403, which core reports with its status code', async () => {
    const script = scripted([403])
    try {
      await expect(new OidcHttpClient('ua').getJson('https://token.example/id')).rejects.toEqual(
        new HttpClientError('go away', 403)
      )
      expect(script.sent).toHaveLength(1)
      expect(script.waits).toEqual([])
    } finally {
      script.restore()
    }
  })

  it.each([
    ['an HTML page', '<html><body><h1>403 Forbidden</h1></body></html>'],
    ['no body', ''],
    ['JSON null', 'null'],
    ['a JSON string', '"go away"'],
    ['a message that is not a string', '{"message":7}']
  ])('throws for a 403 with %s by its status code alone', async (_, body) => {
    const script = scripted([[403, body]])
    try {
      const failure = new OidcHttpClient('ua').getJson('https://token.example/id')
      await expect(failure).rejects.toBeInstanceOf(HttpClientError)
      await expect(failure).rejects.toMatchObject({
        message: 'Failed request: (403)',
        statusCode: 403
      })
    } finally {
      script.restore()
    }
  })

  it('throws for a 3xx, which it does not follow, with its status code', async () => {
    const script = scripted([302])
    try {
      await expect(new OidcHttpClient('ua').getJson('https://token.example/id')).rejects.toEqual(
        new HttpClientError('go away', 302)
      )
      expect(script.sent).toHaveLength(1)
    } finally {
      script.restore()
    }
  })

  it('throws for a 300, the first status http-client throws for, with its status code', async () => {
    const script = scripted([300])
    try {
      const failure = new OidcHttpClient('ua').getJson('https://token.example/id')
      await expect(failure).rejects.toEqual(new HttpClientError('go away', 300))
      await expect(failure).rejects.toMatchObject({ statusCode: 300 })
      expect(script.sent).toHaveLength(1)
    } finally {
      script.restore()
    }
  })

  it("sends the caller's additional headers along with the handlers'", async () => {
    const script = scripted([200])
    try {
      await new OidcHttpClient('ua', [handler]).getJson('https://token.example/id', {
        'X-Extra': 'one'
      })
      expect(script.sent.map(request => request.headers)).toEqual([
        {
          Accept: 'application/json',
          'X-Extra': 'one',
          Authorization: 'Bearer from-a-handler',
          'User-Agent': 'ua'
        }
      ])
    } finally {
      script.restore()
    }
  })

  // As http-client's getJson: the caller's Accept, when it gives one, over application/json.
  it("sends the caller's Accept instead of application/json", async () => {
    const script = scripted([200])
    try {
      await new OidcHttpClient('ua').getJson('https://token.example/id', {
        Accept: 'application/jwt'
      })
      expect(script.sent.map(request => request.headers)).toEqual([
        { Accept: 'application/jwt', 'User-Agent': 'ua' }
      ])
    } finally {
      script.restore()
    }
  })

  it("does not put a certificate's code in front of a message that already names it", async () => {
    const told = 'UNABLE_TO_VERIFY_LEAF_SIGNATURE: unable to verify the first certificate'
    const script = scripted([new TransportError(told, 'UNABLE_TO_VERIFY_LEAF_SIGNATURE')])
    try {
      const failure = new OidcHttpClient('ua').getJson('https://token.example/id')
      await expect(failure).rejects.toThrow(new RegExp(`^${told}$`))
      expect(script.sent).toHaveLength(1)
    } finally {
      script.restore()
    }
  })

  it('answers 404 with no result, as http-client does', async () => {
    const script = scripted([404])
    try {
      const response = await new OidcHttpClient('ua').getJson('https://token.example/id')
      expect(response).toEqual({ statusCode: 404, result: null, headers: {} })
    } finally {
      script.restore()
    }
  })

  it('does not retry when the caller says so', async () => {
    const script = scripted([new TransportError('refused', 'ECONNREFUSED')])
    try {
      const client = new OidcHttpClient('ua', [], { allowRetries: false })
      await expect(client.getJson('https://token.example/id')).rejects.toThrow('refused')
      expect(script.sent).toHaveLength(1)
    } finally {
      script.restore()
    }
  })
})

describe('http-client without undici', () => {
  it('sends a request to a loopback server', async () => {
    const before = plain.seen.length
    const response = await new HttpClient('stubs-test').getJson<{ value: string }>(
      `http://127.0.0.1:${plain.port}/direct`
    )
    expect(response.statusCode).toBe(200)
    expect(response.result?.value).toBe('plain-answer')
    expect(plain.seen.slice(before)).toEqual([
      { method: 'GET', url: '/direct', authorization: undefined }
    ])
  })

  it('POSTs a body to a loopback server', async () => {
    const before = plain.seen.length
    const response = await new HttpClient('stubs-test').post(
      `http://127.0.0.1:${plain.port}/posted`,
      'grant_type=client_credentials',
      { 'Content-Type': 'application/x-www-form-urlencoded' }
    )
    expect(response.message.statusCode).toBe(200)
    expect(JSON.parse(await response.readBody())).toMatchObject({ value: 'plain-answer' })
    expect(plain.seen.slice(before)).toEqual([
      { method: 'POST', url: '/posted', authorization: undefined }
    ])
  })

  it('sends an https request directly, verifying the server', async () => {
    const url = `https://${HOST}:${secure.port}/direct`
    const client = new HttpClient('stubs-test', [], { keepAlive: true })
    const agent = client.getAgent(url) as unknown as { options: Record<string, unknown> }
    agent.options.ca = [ca.cert]
    const before = secure.seen.length
    const response = await client.getJson<{ value: string }>(url)
    expect(response.statusCode).toBe(200)
    expect(response.result?.value).toBe('secure-answer')
    expect(secure.seen.slice(before)).toEqual([
      { method: 'GET', url: '/direct', authorization: undefined }
    ])
  })

  it('tunnels an https request through the CONNECT proxy in HTTPS_PROXY, verifying the server', async () => {
    process.env.HTTPS_PROXY = `http://127.0.0.1:${proxy.port}`
    const url = `https://${HOST}:${secure.port}/tunnelled`
    const client = new HttpClient('stubs-test', [], { keepAlive: true })
    // http-client has no CA option; its tunnel agent (kept with keepAlive) takes one.
    const agent = client.getAgent(url) as unknown as { options: Record<string, unknown> }
    agent.options.ca = [ca.cert]
    const proxyBefore = proxy.seen.length
    const serverBefore = secure.seen.length

    const response = await client.getJson<{ value: string }>(url)

    expect(response.statusCode).toBe(200)
    expect(response.result?.value).toBe('secure-answer')
    expect(proxy.seen.slice(proxyBefore)).toEqual([
      { method: 'CONNECT', url: `${HOST}:${secure.port}`, authorization: undefined }
    ])
    expect(secure.seen.slice(serverBefore)).toEqual([
      { method: 'GET', url: '/tunnelled', authorization: undefined }
    ])
  })

  it('refuses a server it cannot verify through the tunnel', async () => {
    process.env.HTTPS_PROXY = `http://127.0.0.1:${proxy.port}`
    const before = secure.seen.length
    await expect(
      new HttpClient('stubs-test').get(`https://${HOST}:${secure.port}/unverified`)
    ).rejects.toThrow('unable to verify the first certificate')
    expect(secure.seen.length).toBe(before)
  })
})

describe('core.getIDToken without undici', () => {
  function oidcEnv(base: string): void {
    process.env.ACTIONS_ID_TOKEN_REQUEST_URL = `${base}/token?api-version=2.0`
    process.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN = OIDC_REQUEST_TOKEN
  }

  async function getIDToken(audience: string): Promise<{ token: string; stdout: string }> {
    let stdout = ''
    const write = jest.spyOn(process.stdout, 'write').mockImplementation(chunk => {
      stdout += String(chunk)
      return true
    })
    try {
      return { token: await core.getIDToken(audience), stdout }
    } finally {
      write.mockRestore()
    }
  }

  it('gets the ID token from a loopback endpoint and masks it', async () => {
    oidcEnv(`http://127.0.0.1:${plain.port}`)
    const before = plain.seen.length

    const { token, stdout } = await getIDToken('api://stubs test')

    expect(token).toBe('plain-answer')
    expect(stdout).toContain('::add-mask::plain-answer')
    expect(plain.seen.slice(before)).toEqual([
      {
        method: 'GET',
        url: '/token?api-version=2.0&audience=api%3A%2F%2Fstubs%20test',
        authorization: `Bearer ${OIDC_REQUEST_TOKEN}`
      }
    ])
  })

  it("bounds each attempt by the action's timeout when runner-protocol's getIDToken is given one", async () => {
    oidcEnv(`http://127.0.0.1:${plain.port}`)
    const real = { ...oidcTransport }
    const timeouts: number[] = []
    oidcTransport.send = async (request, options) => {
      timeouts.push(options.timeoutMs)
      return real.send(request, options)
    }
    const write = jest.spyOn(process.stdout, 'write').mockImplementation(() => true)
    try {
      expect(await getIDTokenWithin('stubs', 2000)).toBe('plain-answer')
      // GitHub answers in well under a second: a long timeout is capped at 60 s per attempt.
      expect(await getIDTokenWithin('stubs', 3_600_000)).toBe('plain-answer')
      expect(timeouts).toEqual([2000, 60_000])
    } finally {
      write.mockRestore()
      Object.assign(oidcTransport, real)
    }
  })

  it("trusts the certificates runner-protocol's getIDToken is given (ca-certificate's)", async () => {
    oidcEnv(`http://127.0.0.1:${plain.port}`)
    const real = { ...oidcTransport }
    const trusted: (readonly string[] | undefined)[] = []
    oidcTransport.send = async (request, options) => {
      trusted.push(options.ca)
      return real.send(request, options)
    }
    const write = jest.spyOn(process.stdout, 'write').mockImplementation(() => true)
    try {
      expect(await getIDTokenWithin('stubs', 2000, [ca.cert])).toBe('plain-answer')
      expect(await getIDTokenWithin('stubs', 2000)).toBe('plain-answer')
      expect(trusted).toEqual([[ca.cert], undefined])
    } finally {
      write.mockRestore()
      Object.assign(oidcTransport, real)
    }
  })

  it('gets the ID token over https through the CONNECT proxy in HTTPS_PROXY, verifying the server', async () => {
    oidcEnv(`https://${HOST}:${secure.port}`)
    process.env.HTTPS_PROXY = `http://127.0.0.1:${proxy.port}`
    const real = { ...oidcTransport }
    // The runner's trust store holds GitHub's authority; the test's stands in for it.
    oidcTransport.send = (request, options) => real.send(request, { ...options, ca: [ca.cert] })
    const proxyBefore = proxy.seen.length
    const serverBefore = secure.seen.length
    try {
      const { token } = await getIDToken('stubs')

      expect(token).toBe('secure-answer')
      expect(proxy.seen.slice(proxyBefore)).toEqual([
        { method: 'CONNECT', url: `${HOST}:${secure.port}`, authorization: undefined }
      ])
      expect(secure.seen.slice(serverBefore)).toEqual([
        {
          method: 'GET',
          url: '/token?api-version=2.0&audience=stubs',
          authorization: `Bearer ${OIDC_REQUEST_TOKEN}`
        }
      ])

      // Without that authority the server is not trusted, and gets nothing.
      oidcTransport.send = real.send
      oidcTransport.sleep = async () => undefined
      const before = secure.seen.length
      await expect(getIDToken('stubs')).rejects.toThrow('unable to verify the first certificate')
      expect(secure.seen.length).toBe(before)
    } finally {
      Object.assign(oidcTransport, real)
    }
  })

  it("gets the ID token through the proxy in HTTP_PROXY, with the action's transport", async () => {
    oidcEnv(`http://${HOST}:${plain.port}`)
    process.env.HTTP_PROXY = `http://127.0.0.1:${proxy.port}`
    const proxyBefore = proxy.seen.length
    const serverBefore = plain.seen.length

    const { token } = await getIDToken('stubs')

    expect(token).toBe('plain-answer')
    // Plain http goes to the proxy in absolute form (https would be a CONNECT tunnel).
    expect(proxy.seen.slice(proxyBefore)).toEqual([
      {
        method: 'GET',
        url: `http://${HOST}:${plain.port}/token?api-version=2.0&audience=stubs`,
        authorization: undefined
      }
    ])
    expect(plain.seen.slice(serverBefore)).toEqual([
      {
        method: 'GET',
        url: '/token?api-version=2.0&audience=stubs',
        authorization: `Bearer ${OIDC_REQUEST_TOKEN}`
      }
    ])
  })
})
