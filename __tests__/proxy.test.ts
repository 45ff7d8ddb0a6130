// Proxies, as the runner configures them on self-hosted runners: HTTPS_PROXY, HTTP_PROXY and
// NO_PROXY (upper and lower case), through a real CONNECT proxy (the `proxy` npm package) on
// 127.0.0.1. getProxyUrl never proxies loopback names, so the token endpoint is called
// token.test, which this process (where the proxy runs) resolves to 127.0.0.1, like a hosts-file
// entry; its certificate is issued for that name by a CA made by the test. Tested through send(),
// through requestToken (for retries), and through the bundled action as the runner runs it.
import {
  afterAll,
  afterEach,
  beforeAll,
  beforeEach,
  describe,
  expect,
  it,
  jest
} from '@jest/globals'
import dns from 'node:dns'
import { readFileSync } from 'node:fs'
import * as http from 'node:http'
import * as https from 'node:https'
import * as net from 'node:net'
import type { AddressInfo, Socket } from 'node:net'
import { createProxy } from 'proxy'
import { type ActionRun, findLeaks, maskedLog, runAction, runPost } from '../scripts/runner.mjs'
import { readConfig } from '../src/config.js'
import { proxyError, requestProxy, runnerProxy, signInAdvice } from '../src/proxy.js'
import { proxyVariable } from '../src/proxy-variable.js'
import { buildTokenRequest } from '../src/request.js'
import type { Clock } from '../src/retry.js'
import { requestToken } from '../src/token.js'
import { type HttpRequest, type SendOptions, TransportError, send } from '../src/transport.js'
import { expectCpuUnder } from './support/cpu-time.js'
import { readByPeer } from './support/peer-read.js'
import { answer, newToken, startFaultServer, token } from './support/fault-server.js'
import { startGithubOidc } from './support/federation.js'
import { hostsShimScript } from './support/hosts-shim.js'
import { type Certificate, TestPki } from './support/pki.js'
import { type TokenEndpoint, TOKEN_PATH, startTokenEndpoint } from './support/token-endpoint.js'

const HOST = 'token.test'
const CLIENT_ID = 'proxy-client'
const CLIENT_SECRET = 'proxy-client-secret-5b2e91'
const PROXY_USER = 'proxy-user'
const PROXY_PASSWORD = 'proxy-p@ss:w0rd-8c4d'
const PROXY_VARIABLES = [
  'HTTPS_PROXY',
  'https_proxy',
  'HTTP_PROXY',
  'http_proxy',
  'NO_PROXY',
  'no_proxy'
]

/** How the proxy sees the request's credentials: Basic base64(user:password), decoded. */
const PROXY_AUTHORIZATION = `Basic ${Buffer.from(`${PROXY_USER}:${PROXY_PASSWORD}`).toString('base64')}`
/** How they go into HTTPS_PROXY: percent-encoded. */
const PROXY_USERINFO = `${PROXY_USER}:${encodeURIComponent(PROXY_PASSWORD)}`

interface Seen {
  readonly method: string
  /** `host:port` for a CONNECT, the absolute URL for a forwarded request. */
  readonly target: string
  readonly proxyAuthorization: string | undefined
}

interface TestProxy {
  /** http://[userinfo@]127.0.0.1:port, or [::1]:port */
  url(userinfo?: string): string
  /** Every CONNECT and every forwarded request, in order. */
  readonly seen: Seen[]
  close(): Promise<void>
}

/**
 * A CONNECT and forwarding proxy on 127.0.0.1; with `authenticate`, it answers 407 to whoever
 * it rejects; with `refuse`, it answers every CONNECT with that status instead.
 */
async function startProxy(
  options: {
    authenticate?: (req: http.IncomingMessage) => boolean
    refuse?: number
    /** Header lines sent with `refuse`'s answer, each ending in CRLF. */
    refuseHeaders?: string
    /** Speak TLS with this certificate: an https:// proxy. */
    tls?: Certificate
    /** Listen on ::1 rather than 127.0.0.1: a proxy named by an IPv6 literal. */
    ipv6?: boolean
  } = {}
): Promise<TestProxy> {
  const seen: Seen[] = []
  const sockets = new Set<Socket>()
  const server = options.tls
    ? https.createServer({ key: options.tls.key, cert: options.tls.cert })
    : http.createServer()
  const record = (req: http.IncomingMessage): void => {
    seen.push({
      method: req.method ?? '',
      target: req.url ?? '',
      proxyAuthorization: req.headers['proxy-authorization']
    })
  }
  server.on(options.tls ? 'secureConnection' : 'connection', (socket: Socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  if (options.refuse) {
    const status = options.refuse
    server.on('connect', (req: http.IncomingMessage, socket: Socket) => {
      record(req)
      socket.end(
        `HTTP/1.1 ${status} ${http.STATUS_CODES[status]}\r\n${options.refuseHeaders ?? ''}Content-Length: 0\r\n\r\n`
      )
    })
  } else {
    createProxy(server).authenticate = options.authenticate
    server.prependListener('connect', record)
    server.prependListener('request', record)
  }
  await new Promise<void>(resolve => server.listen(0, options.ipv6 ? '::1' : '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  const host = options.ipv6 ? '[::1]' : '127.0.0.1'
  return {
    url: userinfo =>
      `${options.tls ? 'https' : 'http'}://${userinfo ? `${userinfo}@` : ''}${host}:${port}`,
    seen,
    close: () =>
      new Promise<void>(resolve => {
        for (const socket of sockets) socket.destroy()
        server.close(() => resolve())
      })
  }
}

/**
 * A CONNECT proxy that tunnels every request to 127.0.0.1:`port`, whatever port it is asked for:
 * as a real proxy reaches a server on 443 for an https URL that names no port.
 */
async function startPortMappingProxy(port: number): Promise<TestProxy> {
  const seen: Seen[] = []
  const sockets = new Set<Socket>()
  const server = http.createServer()
  server.on('connection', (socket: Socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  server.on('connect', (req: http.IncomingMessage, client: Socket, head: Buffer) => {
    seen.push({ method: req.method ?? '', target: req.url ?? '', proxyAuthorization: undefined })
    const upstream = net.connect(port, '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection established\r\n\r\n')
      upstream.write(head)
      upstream.pipe(client).pipe(upstream)
    })
    sockets.add(upstream)
    upstream.on('error', () => client.destroy())
    client.on('error', () => upstream.destroy())
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const { port: own } = server.address() as AddressInfo
  return {
    url: () => `http://127.0.0.1:${own}`,
    seen,
    close: () =>
      new Promise<void>(resolve => {
        for (const socket of sockets) socket.destroy()
        server.close(() => resolve())
      })
  }
}

/** A port on 127.0.0.1 where nothing listens. */
async function closedPort(): Promise<number> {
  const server = http.createServer()
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  await new Promise(resolve => server.close(resolve))
  return port
}

/** `token.test` and its subdomains resolve to 127.0.0.1 in this process: the proxy's hosts file. */
const realLookup = dns.lookup
function lookupTestNames(...args: unknown[]): unknown {
  const [hostname, second, third] = args as [string, unknown, unknown]
  if (hostname !== HOST && !hostname.endsWith(`.${HOST}`)) {
    return Reflect.apply(realLookup, dns, args)
  }
  const callback = (typeof second === 'function' ? second : third) as (...result: unknown[]) => void
  const all = typeof second === 'object' && second !== null && 'all' in second && second.all
  process.nextTick(() =>
    all ? callback(null, [{ address: '127.0.0.1', family: 4 }]) : callback(null, '127.0.0.1', 4)
  )
  return undefined
}

let pki: TestPki
let ca: Certificate
let hostsShim: string
let httpsEndpoint: TokenEndpoint
let httpEndpoint: TokenEndpoint
let proxy: TestProxy
const savedEnv: Record<string, string | undefined> = {}

beforeAll(async () => {
  for (const name of PROXY_VARIABLES) {
    savedEnv[name] = process.env[name]
    Reflect.deleteProperty(process.env, name)
  }
  dns.lookup = lookupTestNames as typeof dns.lookup
  pki = new TestPki()
  ca = pki.authority('proxy-test-ca')
  const leaf = pki.leaf(HOST, { altNames: [`DNS:${HOST}`], issuer: ca })
  hostsShim = pki.write('hosts-shim.cjs', hostsShimScript(HOST))
  ;[httpsEndpoint, httpEndpoint, proxy] = await Promise.all([
    startTokenEndpoint({ key: leaf.key, cert: leaf.cert }),
    startTokenEndpoint(),
    startProxy()
  ])
})

afterAll(async () => {
  await Promise.all([httpsEndpoint?.close(), httpEndpoint?.close(), proxy?.close()])
  pki?.cleanup()
  dns.lookup = realLookup
  for (const name of PROXY_VARIABLES) {
    if (savedEnv[name] === undefined) Reflect.deleteProperty(process.env, name)
    else process.env[name] = savedEnv[name]
  }
})

beforeEach(() => {
  for (const name of PROXY_VARIABLES) Reflect.deleteProperty(process.env, name)
})

/** Runs `body` with a plain-http proxy on 127.0.0.1 whose every answer `handler` writes. */
async function withPlainProxy<T>(
  handler: http.RequestListener,
  body: (port: number) => Promise<T>
): Promise<T> {
  const server = http.createServer(handler)
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  try {
    return await body((server.address() as AddressInfo).port)
  } finally {
    await new Promise(resolve => server.close(resolve))
  }
}

/** Runs `body` with exactly these proxy variables set in this process. */
async function withProxyEnv<T>(vars: Record<string, string>, body: () => Promise<T>): Promise<T> {
  Object.assign(process.env, vars)
  try {
    return await body()
  } finally {
    for (const name of PROXY_VARIABLES) Reflect.deleteProperty(process.env, name)
  }
}

describe('NO_PROXY entries that curl and Go read and http-client does not', () => {
  const PROXY = 'http://proxy.example.com:3128'
  const proxyFor = (host: string, noProxy: string) =>
    withProxyEnv({ HTTPS_PROXY: PROXY }, async () =>
      runnerProxy(new URL(`https://${host}/oauth/token`), { HTTPS_PROXY: PROXY, NO_PROXY: noProxy })
    )

  it.each([
    ['10.1.2.3', '10.0.0.0/8'],
    ['192.168.7.9', 'example.com, 192.168.0.0/16'],
    ['10.1.2.3', '10.1.2.3/32'],
    ['[fd00::1]', 'fd00::1'],
    ['[fd00::1:5]', 'fd00::/8'],
    ['[fd00::1:5]', '[fd00::]/16'],
    ['api.corp.example', '*.corp.example'],
    ['api.corp.example', '*.Corp.Example'],
    ['[fd00::1:5]', 'fd00::1:0/112']
  ])('%s goes direct with NO_PROXY=%s', async (host, noProxy) => {
    expect(await proxyFor(host, noProxy)).toBeUndefined()
  })

  it('gives no proxy when env names none, whatever this process holds', () => {
    expect(runnerProxy(new URL('https://10.1.2.3/oauth/token'), {})).toBeUndefined()
    expect(
      runnerProxy(new URL('https://10.1.2.3/oauth/token'), { HTTPS_PROXY: '' })
    ).toBeUndefined()
  })

  it('reads no_proxy, in lower case, before NO_PROXY', async () => {
    const url = new URL('https://10.1.2.3/oauth/token')
    const env = { HTTPS_PROXY: PROXY, no_proxy: '10.0.0.0/8', NO_PROXY: 'example.com' }
    const chosen = await withProxyEnv({ HTTPS_PROXY: PROXY }, async () => runnerProxy(url, env))
    expect(chosen).toBeUndefined()
  })

  it.each([
    ['10.1.2.3', '11.0.0.0/8'],
    ['10.1.2.3', '10.0.0.0/33'],
    ['10.1.2.3', '10.0.0.0/8/8'],
    ['10.1.2.3', '10.0.0.0/x'],
    ['[fd00::1]', 'fd00::2'],
    ['ten.example', '10.0.0.0/8'],
    ['corp.example.org', '*.corp.example'],
    // As Go reads it: *.x is .x, which covers the names under x, not x itself.
    ['corp.example', '*.corp.example'],
    // And .x, as Go and http-client read it (curl takes x itself too), as docs/networks.md says.
    ['vm', '.vm'],
    // [v6]:port names one port of one address, never the address fd00::1:443.
    ['[fd00::1:443]', '[fd00::1]:443'],
    ['[::ffff:a01:203]', '10.1.2.3']
  ])('%s still goes through the proxy with NO_PROXY=%s', async (host, noProxy) => {
    expect((await proxyFor(host, noProxy))?.href).toBe(`${PROXY}/`)
  })
})

describe('the requests to the proxy itself', () => {
  it.each([
    ['https://proxy.example.com', 'proxy.example.com', 443, 'proxy.example.com'],
    ['https://127.0.0.1:3128', '127.0.0.1', '3128', ''],
    ['https://[::1]:3128', '::1', '3128', '']
  ])(
    'reach %s at host %s, port %s, its certificate verified (SNI %p)',
    (proxy, host, port, servername) => {
      const request = jest
        .spyOn(process.getBuiltinModule('node:https'), 'request')
        .mockReturnValue({} as http.ClientRequest)
      try {
        const options = { method: 'CONNECT', path: `${HOST}:443`, headers: {} }
        requestProxy(new URL(proxy), undefined, options)
        expect(request.mock.calls[0]?.[0]).toMatchObject({
          host,
          port,
          rejectUnauthorized: true,
          servername
        })
      } finally {
        request.mockRestore()
      }
    }
  )

  it.each([
    'error:0A00010B:SSL routines:ssl3_get_record:wrong version number',
    'error:0A0000C6:SSL routines:tls_get_more_records:packet length too long'
  ])('say that an https:// proxy does not speak TLS, as either OpenSSL words it: %s', text => {
    const error = Object.assign(new Error(text), { code: 'EPROTO' })
    const url = new URL('https://proxy.example.com:3128')
    const failure = proxyError(url, 'HTTPS_PROXY', error)
    expect([failure.message, failure.code, failure.proxy]).toEqual([
      'could not use proxy proxy.example.com:3128 (EPROTO): it does not speak TLS; give it as http:// in HTTPS_PROXY',
      'EPROTO',
      'proxy.example.com:3128'
    ])
  })

  it('names no_proxy as it is set in what to check after a failure to reach the proxy', async () => {
    const error = Object.assign(new Error('connect ECONNREFUSED 10.9.9.9:3128'), {
      code: 'ECONNREFUSED'
    })
    const url = new URL('http://proxy.example.com:3128')
    const failure = await withProxyEnv({ no_proxy: 'other.example' }, async () =>
      proxyError(url, 'https_proxy', error)
    )
    expect(failure.message).toBe(
      'could not use proxy proxy.example.com:3128 (ECONNREFUSED: connect ECONNREFUSED 10.9.9.9:3128); check https_proxy and no_proxy'
    )
  })

  it('never tells an http:// proxy to be given as http://', () => {
    const error = Object.assign(new Error('wrong version number'), { code: 'EPROTO' })
    const failure = proxyError(new URL('http://proxy.example.com:3128'), 'HTTPS_PROXY', error)
    expect(failure.message).not.toMatch(/does not speak TLS/)
  })
})

function tokenRequest(endpoint: TokenEndpoint): HttpRequest {
  return {
    url: new URL(TOKEN_PATH, endpoint.base(HOST)),
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify({
      grant_type: 'client_credentials',
      client_id: CLIENT_ID,
      client_secret: CLIENT_SECRET
    })
  }
}

const sendOptions: SendOptions = { timeoutMs: 5000, ca: [] }
const viaCa = (): SendOptions => ({ ...sendOptions, ca: [ca.cert] })

function newSeen(before: number): Seen[] {
  return proxy.seen.slice(before)
}

describe('send() through a CONNECT proxy', () => {
  it.each(['HTTPS_PROXY', 'https_proxy'])(
    '%s: an https request is tunnelled and succeeds',
    async variable => {
      const seenBefore = proxy.seen.length
      const requestsBefore = httpsEndpoint.requests.length
      const response = await withProxyEnv({ [variable]: proxy.url() }, () =>
        send(tokenRequest(httpsEndpoint), viaCa())
      )
      expect(response.status).toBe(200)
      expect(JSON.parse(response.body).access_token).toBe(httpsEndpoint.tokens.at(-1))
      expect(newSeen(seenBefore)).toEqual([
        {
          method: 'CONNECT',
          target: `${HOST}:${httpsEndpoint.port}`,
          proxyAuthorization: undefined
        }
      ])
      const [request] = httpsEndpoint.requests.slice(requestsBefore)
      expect(request?.headers.host).toBe(`${HOST}:${httpsEndpoint.port}`)
      expect(JSON.parse(request?.body ?? '{}').client_secret).toBe(CLIENT_SECRET)
    }
  )

  it.each([
    ['an https request, tunnelled', 'HTTPS_PROXY', () => httpsEndpoint, 'CONNECT'],
    ['a plain-http request, sent', 'HTTP_PROXY', () => httpEndpoint, 'POST']
  ])(
    'an https:// proxy, its own certificate verified: %s over TLS to it',
    async (_what, variable, endpoint, method) => {
      const proxyCert = pki.leaf('tls-proxy', { altNames: ['IP:127.0.0.1'], issuer: ca })
      const tlsProxy = await startProxy({ tls: proxyCert })
      try {
        const response = await withProxyEnv({ [variable]: tlsProxy.url() }, () =>
          send(tokenRequest(endpoint()), viaCa())
        )
        expect(response.status).toBe(200)
        expect(tlsProxy.seen.map(seen => seen.method)).toEqual([method])
        // Without the CA that issued the proxy's certificate, nothing reaches the proxy's HTTP.
        const refused = await withProxyEnv({ [variable]: tlsProxy.url() }, () =>
          send(tokenRequest(endpoint()), sendOptions)
        ).catch((error: unknown) => error)
        expect(refused).toBeInstanceOf(TransportError)
        expect((refused as TransportError).proxy).toBe(new URL(tlsProxy.url()).host)
        expect(tlsProxy.seen).toHaveLength(1)
      } finally {
        await tlsProxy.close()
      }
    }
  )

  // The URL parser keeps an IPv6 literal's brackets in hostname; a socket needs the bare address.
  it.each([
    ['an https request, tunnelled', 'HTTPS_PROXY', () => httpsEndpoint, 'CONNECT'],
    ['a plain-http request, sent', 'HTTP_PROXY', () => httpEndpoint, 'POST']
  ])('a proxy named by an IPv6 literal ([::1]): %s', async (_what, variable, endpoint, method) => {
    const v6Proxy = await startProxy({ ipv6: true })
    try {
      expect(v6Proxy.url()).toMatch(/^http:\/\/\[::1\]:\d+$/)
      const response = await withProxyEnv({ [variable]: v6Proxy.url() }, () =>
        send(tokenRequest(endpoint()), viaCa())
      )
      expect(response.status).toBe(200)
      expect(v6Proxy.seen.map(seen => seen.method)).toEqual([method])
    } finally {
      await v6Proxy.close()
    }
  })

  it.each([
    ['IP:fd00::1', /^HTTP 200$/],
    ['IP:fd00::2', /does not match certificate's altnames/]
  ])(
    'tunnels to a token endpoint named by an IPv6 literal; a certificate for %s: %s',
    async (altName, expected) => {
      // Loopback never goes through a proxy: fd00::1 stands for the endpoint, and this proxy
      // tunnels every CONNECT to ::1 at the port asked for.
      const leaf = pki.leaf('v6-endpoint', { altNames: [altName], issuer: ca })
      const v6Endpoint = await startTokenEndpoint({ key: leaf.key, cert: leaf.cert }, '::1')
      const targets: string[] = []
      const sockets: Socket[] = []
      const tunnel = http.createServer()
      tunnel.on('connect', (req: http.IncomingMessage, socket: Socket, head: Buffer) => {
        targets.push(req.url ?? '')
        const upstream = net.connect(Number((req.url ?? '').split(':').pop()), '::1', () => {
          socket.write('HTTP/1.1 200 Connection Established\r\n\r\n')
          upstream.write(head)
          upstream.pipe(socket).pipe(upstream)
        })
        upstream.on('error', () => socket.destroy())
        socket.on('error', () => upstream.destroy())
        sockets.push(socket, upstream)
      })
      await new Promise<void>(resolve => tunnel.listen(0, '127.0.0.1', resolve))
      try {
        const { port } = tunnel.address() as AddressInfo
        const request = {
          ...tokenRequest(v6Endpoint),
          url: new URL(TOKEN_PATH, v6Endpoint.base('[fd00::1]'))
        }
        const outcome = await withProxyEnv({ HTTPS_PROXY: `http://127.0.0.1:${port}` }, () =>
          send(request, viaCa())
        ).catch((error: unknown) => error)
        const result =
          outcome instanceof Error
            ? outcome.message
            : `HTTP ${(outcome as { status: number }).status}`
        expect(result).toMatch(expected)
        expect(targets).toEqual([`[fd00::1]:${v6Endpoint.port}`])
      } finally {
        for (const socket of sockets) socket.destroy()
        await new Promise(resolve => tunnel.close(resolve))
        await v6Endpoint.close()
      }
    }
  )

  it("an https:// proxy given by name is verified against that name, not the endpoint's", async () => {
    const name = `proxy.${HOST}`
    const proxyCert = pki.leaf(name, { altNames: [`DNS:${name}`], issuer: ca })
    const tlsProxy = await startProxy({ tls: proxyCert })
    try {
      const byName = tlsProxy.url().replace('127.0.0.1', name)
      const response = await withProxyEnv({ HTTPS_PROXY: byName }, () =>
        send(tokenRequest(httpsEndpoint), viaCa())
      )
      expect(response.status).toBe(200)
      expect(tlsProxy.seen.map(seen => seen.method)).toEqual(['CONNECT'])
    } finally {
      await tlsProxy.close()
    }
  })

  it('asks the proxy for port 443 when the https URL names no port', async () => {
    const refusing = await startProxy({ refuse: 403 })
    try {
      const request = {
        ...tokenRequest(httpsEndpoint),
        url: new URL(`https://${HOST}/oauth/token`)
      }
      const error = await withProxyEnv({ HTTPS_PROXY: refusing.url() }, () =>
        send(request, viaCa())
      ).catch((e: unknown) => e)
      expect(error).toBeInstanceOf(TransportError)
      expect(refusing.seen.map(seen => seen.target)).toEqual([`${HOST}:443`])
    } finally {
      await refusing.close()
    }
  })

  it('sends Host without a port through the tunnel when the https URL names none (not :80)', async () => {
    const mapping = await startPortMappingProxy(httpsEndpoint.port)
    try {
      const before = httpsEndpoint.requests.length
      const request = {
        ...tokenRequest(httpsEndpoint),
        url: new URL(`https://${HOST}/oauth/token`)
      }
      const response = await withProxyEnv({ HTTPS_PROXY: mapping.url() }, () =>
        send(request, viaCa())
      )
      expect(response.status).toBe(200)
      expect(mapping.seen.map(seen => seen.target)).toEqual([`${HOST}:443`])
      expect(httpsEndpoint.requests.slice(before).map(seen => seen.headers.host)).toEqual([HOST])
    } finally {
      await mapping.close()
    }
  })

  it('the server certificate is still verified inside the tunnel', async () => {
    const error = await withProxyEnv({ HTTPS_PROXY: proxy.url() }, () =>
      send(tokenRequest(httpsEndpoint), sendOptions)
    ).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(TransportError)
    expect((error as TransportError).code).toBe('UNABLE_TO_VERIFY_LEAF_SIGNATURE')
    // A certificate problem of the server, not the proxy's.
    expect((error as TransportError).proxy).toBeUndefined()
  })

  it.each(['HTTP_PROXY', 'http_proxy'])(
    '%s: a plain-http request goes to the proxy with the absolute URL',
    async variable => {
      const seenBefore = proxy.seen.length
      const requestsBefore = httpEndpoint.requests.length
      const response = await withProxyEnv({ [variable]: proxy.url() }, () =>
        send(tokenRequest(httpEndpoint), sendOptions)
      )
      expect(response.status).toBe(200)
      expect(newSeen(seenBefore)).toEqual([
        {
          method: 'POST',
          target: `http://${HOST}:${httpEndpoint.port}${TOKEN_PATH}`,
          proxyAuthorization: undefined
        }
      ])
      const [request] = httpEndpoint.requests.slice(requestsBefore)
      expect(request?.url).toBe(TOKEN_PATH)
      expect(request?.headers.host).toBe(`${HOST}:${httpEndpoint.port}`)
      expect(JSON.parse(request?.body ?? '{}').client_secret).toBe(CLIENT_SECRET)
    }
  )

  it('HTTPS_PROXY is not used for an http request, nor HTTP_PROXY for https', async () => {
    const seenBefore = proxy.seen.length
    const closed = `http://127.0.0.1:${await closedPort()}`
    await withProxyEnv({ HTTPS_PROXY: proxy.url(), HTTP_PROXY: closed }, async () => {
      expect((await send(tokenRequest(httpsEndpoint), viaCa())).status).toBe(200)
    })
    await withProxyEnv({ HTTP_PROXY: proxy.url(), HTTPS_PROXY: closed }, async () => {
      expect((await send(tokenRequest(httpEndpoint), sendOptions)).status).toBe(200)
    })
    expect(newSeen(seenBefore).map(seen => seen.method)).toEqual(['CONNECT', 'POST'])
  })

  it.each([
    ['NO_PROXY', HOST],
    ['no_proxy', HOST],
    ['NO_PROXY', `example.com, .test`],
    ['NO_PROXY', '*'],
    ['NO_PROXY', 'other.example, *.test']
  ])('%s=%s: the proxy sees nothing and the request goes direct', async (variable, value) => {
    const seenBefore = proxy.seen.length
    const requestsBefore = httpsEndpoint.requests.length
    const response = await withProxyEnv({ HTTPS_PROXY: proxy.url(), [variable]: value }, () =>
      send(tokenRequest(httpsEndpoint), viaCa())
    )
    expect(response.status).toBe(200)
    expect(newSeen(seenBefore)).toEqual([])
    expect(httpsEndpoint.requests.length).toBe(requestsBefore + 1)
  })

  it('a proxy that refuses the connection: one clear line naming it, no credential', async () => {
    const port = await closedPort()
    const error = await withProxyEnv(
      { HTTPS_PROXY: `http://${PROXY_USERINFO}@127.0.0.1:${port}` },
      () => send(tokenRequest(httpsEndpoint), viaCa())
    ).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(TransportError)
    const { message, code, proxy: failedProxy } = error as TransportError
    expect(code).toBe('ECONNREFUSED')
    expect(failedProxy).toBe(`127.0.0.1:${port}`)
    expect(message).toBe(
      `could not use proxy 127.0.0.1:${port} (ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:${port}); check HTTPS_PROXY and NO_PROXY`
    )
    expect(message).not.toContain(PROXY_USER)
    expect(message).not.toContain(PROXY_PASSWORD)
  })

  it('credentials in HTTPS_PROXY go to the proxy as Proxy-Authorization, never further', async () => {
    const guarded = await startProxy({
      authenticate: req => req.headers['proxy-authorization'] === PROXY_AUTHORIZATION
    })
    try {
      const requestsBefore = httpsEndpoint.requests.length
      const response = await withProxyEnv({ HTTPS_PROXY: guarded.url(PROXY_USERINFO) }, () =>
        send(tokenRequest(httpsEndpoint), viaCa())
      )
      expect(response.status).toBe(200)
      expect(guarded.seen).toEqual([
        {
          method: 'CONNECT',
          target: `${HOST}:${httpsEndpoint.port}`,
          proxyAuthorization: PROXY_AUTHORIZATION
        }
      ])
      const [request] = httpsEndpoint.requests.slice(requestsBefore)
      expect(request?.headers['proxy-authorization']).toBeUndefined()
      expect(JSON.stringify(request)).not.toContain(PROXY_PASSWORD)
    } finally {
      await guarded.close()
    }
  })

  it('a password alone in HTTPS_PROXY goes to the proxy as Proxy-Authorization too', async () => {
    const password = 'proxy-token-1f9a'
    const expected = `Basic ${Buffer.from(`:${password}`).toString('base64')}`
    const guarded = await startProxy({
      authenticate: req => req.headers['proxy-authorization'] === expected
    })
    try {
      const response = await withProxyEnv({ HTTPS_PROXY: guarded.url(`:${password}`) }, () =>
        send(tokenRequest(httpsEndpoint), viaCa())
      )
      expect(response.status).toBe(200)
      expect(guarded.seen.map(seen => seen.proxyAuthorization)).toEqual([expected])
    } finally {
      await guarded.close()
    }
  })

  it.each([
    [407, undefined, 'it wants credentials: set HTTPS_PROXY to http://<user>:<password>@host:port'],
    [
      407,
      `${PROXY_USER}:wrong`,
      'it rejected the credentials in HTTPS_PROXY: check the user and password there'
    ],
    [
      407,
      ':wrong-proxy-token',
      'it rejected the credentials in HTTPS_PROXY: check the user and password there'
    ],
    // tinyproxy's answer to wrong credentials (see tinyproxy-interop.test.ts).
    [
      401,
      `${PROXY_USER}:wrong`,
      'with HTTP 401; it rejected the credentials in HTTPS_PROXY: check the user and password there'
    ],
    [
      401,
      undefined,
      'with HTTP 401; it wants credentials: set HTTPS_PROXY to http://<user>:<password>@host:port'
    ],
    [403, undefined, 'the proxy forbids that host or port: check HTTPS_PROXY and NO_PROXY'],
    [511, undefined, '(Network Authentication Required): the network wants a sign-in first']
  ])('a proxy answering %i to CONNECT (credentials %s): %s', async (status, userinfo, advice) => {
    const refusing = await startProxy(
      status === 407 ? { authenticate: () => false } : { refuse: status }
    )
    try {
      const error = await withProxyEnv({ HTTPS_PROXY: refusing.url(userinfo) }, () =>
        send(tokenRequest(httpsEndpoint), viaCa())
      ).catch((e: unknown) => e)
      expect(error).toBeInstanceOf(TransportError)
      const { message, code } = error as TransportError
      expect(code).toBe('EPROXYREFUSED')
      expect(message).toContain(
        `proxy ${new URL(refusing.url()).host} refused the tunnel to ${HOST}:${httpsEndpoint.port} with HTTP ${status}`
      )
      expect(message).toContain(advice)
      expect(message).not.toContain('wrong')
      expect(refusing.seen).toHaveLength(1)
    } finally {
      await refusing.close()
    }
  })

  // A proxy that asks for NTLM or Negotiate alone (a corporate one, say) can never take the
  // Basic credentials the action sends: the line says so rather than "check the user and password".
  it.each([
    [
      'Negotiate and NTLM, no credentials',
      407,
      'Negotiate',
      'NTLM',
      undefined,
      'Negotiate or NTLM'
    ],
    ['NTLM, with credentials', 407, 'NTLM', 'NTLM', `${PROXY_USER}:wrong`, 'NTLM'],
    // tinyproxy answers a CONNECT's wrong credentials with a 401: read alike.
    ['Digest, a 401', 401, 'Digest realm="corp"', 'Digest', `${PROXY_USER}:wrong`, 'Digest']
  ])(
    'a proxy answering CONNECT that takes %s: says no Basic sign-in will do',
    async (_what, status, first, second, userinfo, named) => {
      const refusing = await startProxy({
        refuse: status,
        refuseHeaders: `Proxy-Authenticate: ${first}\r\nProxy-Authenticate: ${second}\r\n`
      })
      try {
        const error = await withProxyEnv({ HTTPS_PROXY: refusing.url(userinfo) }, () =>
          send(tokenRequest(httpsEndpoint), viaCa())
        ).catch((e: unknown) => e)
        expect(error).toBeInstanceOf(TransportError)
        expect((error as TransportError).message).toBe(
          `proxy ${new URL(refusing.url()).host} refused the tunnel to ${HOST}:${httpsEndpoint.port} with HTTP ${status}; it takes only ${named} sign-in, not Basic: use a local proxy that signs in for you (such as cntlm or px) in HTTPS_PROXY, or NO_PROXY if the server is reachable directly`
        )
        expect(refusing.seen).toHaveLength(1)
      } finally {
        await refusing.close()
      }
    }
  )

  it('names the variable as it was set where the environment ignores case (Windows)', () => {
    // Windows: any case reads the one variable, and its name keeps the case it was set in.
    const windows = (set: string) =>
      new Proxy({ [set]: 'http://proxy.example:3128' } as Record<string, string>, {
        get: (target, name) =>
          Object.entries(target).find(
            ([key]) => key.toLowerCase() === String(name).toLowerCase()
          )?.[1]
      })
    const url = new URL('https://sso.example.com/token')
    expect(proxyVariable(url, windows('HTTPS_PROXY'))).toBe('HTTPS_PROXY')
    expect(proxyVariable(url, windows('https_proxy'))).toBe('https_proxy')
  })

  it('names HTTP_PROXY, or http_proxy when that is set, for a plain-http URL', () => {
    const url = new URL('http://127.0.0.1:8080/token')
    expect(proxyVariable(url, {})).toBe('HTTP_PROXY')
    expect(proxyVariable(url, { http_proxy: 'http://proxy.example:3128' })).toBe('http_proxy')
  })

  it('names HTTPS_PROXY when https_proxy is set but empty, since the toolkit then reads HTTPS_PROXY', () => {
    const url = new URL('https://sso.example.com/token')
    const env = { https_proxy: '', HTTPS_PROXY: 'http://proxy.example:3128' }
    expect(proxyVariable(url, env)).toBe('HTTPS_PROXY')
    expect(proxyVariable(url, { ...env, https_proxy: 'http://proxy.example:3129' })).toBe(
      'https_proxy'
    )
  })

  it('names https_proxy, which the toolkit reads first, when that is the variable in use', async () => {
    const refusing = await startProxy({ authenticate: () => false })
    try {
      const error = await withProxyEnv(
        { https_proxy: refusing.url(), HTTPS_PROXY: 'http://127.0.0.1:1' },
        () => send(tokenRequest(httpsEndpoint), viaCa())
      ).catch((e: unknown) => e)
      expect((error as TransportError).message).toMatch(
        /with HTTP 407; it wants credentials: set https_proxy to http:\/\/<user>:<password>@host:port$/
      )
      const unusable = await withProxyEnv({ https_proxy: 'socks5://127.0.0.1:1' }, () =>
        send(tokenRequest(httpsEndpoint), viaCa())
      ).catch((e: unknown) => e)
      expect((unusable as Error).message).toMatch(/^https_proxy is not a usable proxy URL: /)
    } finally {
      await refusing.close()
    }
  })

  // http-client reads a value without a scheme as http://<value>, and throws when that is no URL
  // either (a space in the host) or its password does not decode (a bare %): refused the same way
  // as one of another scheme, with a final slash too (as http:// proxies are often written).
  it.each([
    ['http-client throws on', 'proxy host:3128'],
    ['http-client throws on', `1bob:50%off@127.0.0.1:1`],
    ['is not an http(s) URL', `socks5://${PROXY_USERINFO}@127.0.0.1:1`],
    ['is not an http(s) URL', 'socks5://127.0.0.1:1/'],
    // An unencoded / in the password ends the host: URL reads host "user", port 12, path "/ab@…".
    ['has more than a host', 'http://user:12/ab@127.0.0.1:1']
  ])('a HTTPS_PROXY that %s (%s) is refused without echoing it', async (_why, value) => {
    const error = await withProxyEnv({ HTTPS_PROXY: value }, () =>
      send(tokenRequest(httpsEndpoint), viaCa())
    ).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(TransportError)
    expect((error as TransportError).message).toBe(
      'HTTPS_PROXY is not a usable proxy URL: give http://[user:password@]host:port, with special characters in the user and password percent-encoded (% as %25)'
    )
    expect((error as TransportError).code).toBe('EPROXYREFUSED')
    // The variable to fix, which failures.ts names instead of a host.
    expect((error as TransportError).proxy).toBe('HTTPS_PROXY')
  })

  it('a HTTPS_PROXY whose password cannot be decoded is refused, not skipped for a direct connection', async () => {
    let direct = 0
    const error = await withProxyEnv({ HTTPS_PROXY: 'http://bob:50%off@127.0.0.1:1' }, () =>
      send(tokenRequest(httpsEndpoint), {
        ...viaCa(),
        proxyFor: undefined
      }).then(
        () => {
          direct++
          return undefined
        },
        (e: unknown) => e
      )
    )
    expect(direct).toBe(0)
    expect(error).toBeInstanceOf(TransportError)
    expect((error as TransportError).message).toMatch(/^HTTPS_PROXY is not a usable proxy URL/)
    expect((error as TransportError).message).not.toContain('50%off')
    expect((error as TransportError).proxy).toBe('HTTPS_PROXY')
  })

  it("says whether a plain-http request sent to the proxy carried the proxy's credentials, and nothing for a direct or tunnelled one", async () => {
    const through = (variable: string, value: string, endpoint: TokenEndpoint) =>
      withProxyEnv({ [variable]: value }, () => send(tokenRequest(endpoint), viaCa()))
    const withCredentials = proxy.url().replace('http://', `http://${PROXY_USERINFO}@`)
    expect((await through('HTTP_PROXY', proxy.url(), httpEndpoint)).proxyCredentials).toBe(false)
    expect((await through('HTTP_PROXY', withCredentials, httpEndpoint)).proxyCredentials).toBe(true)
    // A password alone (a token, say) is credentials too.
    const passwordOnly = proxy.url().replace('http://', 'http://:proxy-token-1f9a@')
    expect((await through('HTTP_PROXY', passwordOnly, httpEndpoint)).proxyCredentials).toBe(true)
    const tunnelled = await through('HTTPS_PROXY', withCredentials, httpsEndpoint)
    expect(tunnelled.status).toBe(200)
    expect(tunnelled).not.toHaveProperty('proxyCredentials')
    const direct = await withProxyEnv({}, () => send(tokenRequest(httpEndpoint), viaCa()))
    expect(direct.status).toBe(200)
    expect(direct).not.toHaveProperty('proxyCredentials')
  })
})

describe('requestToken through a proxy: what is retried', () => {
  let slept: number[] = []
  let logged: string[] = []
  const instantClock: Clock = {
    now: () => Date.now(),
    sleep: async ms => {
      slept.push(ms)
    },
    random: () => 0
  }
  afterEach(() => {
    slept = []
    logged = []
  })
  const inputs: Record<string, string> = {
    'client-id': CLIENT_ID,
    'client-secret': CLIENT_SECRET,
    retries: '3'
  }
  async function requestWith(more: Record<string, string>) {
    const all: Record<string, string> = {
      ...inputs,
      host: httpsEndpoint.base(HOST),
      'ca-certificate': ca.cert,
      ...more
    }
    const config = readConfig({ getInput: name => all[name] ?? '', env: {} })
    return requestToken(buildTokenRequest(config), config, {
      send,
      clock: instantClock,
      log: line => logged.push(line),
      debug: () => undefined
    })
  }

  it.each([
    [408, 'it is busy or limits requests'],
    [429, 'it is busy or limits requests'],
    [503, `it could not reach ${HOST}:`]
  ])(
    'HTTP %i to CONNECT is retried after the Retry-After it gives, as a server answer would be (%s)',
    async (status, advice) => {
      const refusing = await startProxy({ refuse: status, refuseHeaders: 'Retry-After: 3\r\n' })
      try {
        const failure = withProxyEnv({ HTTPS_PROXY: refusing.url() }, () => requestWith({}))
        await expect(failure).rejects.toThrow(
          new RegExp(
            `^Token request to https://${HOST}:\\d+/oauth/token failed after 4 attempts: proxy 127\\.0\\.0\\.1:\\d+ refused the tunnel to ${HOST}:\\d+ with HTTP ${status}: ${advice}`
          )
        )
        expect(refusing.seen).toHaveLength(4)
        expect(slept).toEqual([3000, 3000, 3000])
        // Told by the proxy's status, as a server's answer is, not by the action's own code.
        const proxy = new URL(refusing.url()).host
        expect(logged).toEqual(
          [1, 2, 3].map(
            n => `Attempt ${n} of 4: HTTP ${status} from proxy ${proxy}; retrying in 3.0 s`
          )
        )
      } finally {
        await refusing.close()
      }
    }
  )

  it('HTTP 429 to CONNECT with a Retry-After over 60 s fails at once', async () => {
    const refusing = await startProxy({ refuse: 429, refuseHeaders: 'Retry-After: 3600\r\n' })
    try {
      const failure = withProxyEnv({ HTTPS_PROXY: refusing.url() }, () => requestWith({}))
      await expect(failure).rejects.toThrow(
        /failed: proxy 127\.0\.0\.1:\d+ refused the tunnel to [^ ]+ with HTTP 429: it is busy or limits requests; it asks to retry after 3600 s, longer than the 60 s this action waits: try again later, or check HTTPS_PROXY and NO_PROXY$/
      )
      expect(refusing.seen).toHaveLength(1)
      expect(slept).toEqual([])
    } finally {
      await refusing.close()
    }
  })

  it.each([407, 302, 403, 501, 505, 511])(
    'HTTP %i to CONNECT fails at once: not retried',
    async status => {
      const refusing = await startProxy(
        status === 407 ? { authenticate: () => false } : { refuse: status }
      )
      try {
        const failure = withProxyEnv({ HTTPS_PROXY: refusing.url() }, () => requestWith({}))
        await expect(failure).rejects.toThrow(
          new RegExp(
            `^Token request to https://${HOST}:\\d+/oauth/token failed: proxy 127\\.0\\.0\\.1:\\d+ refused the tunnel to ${HOST}:\\d+ with HTTP ${status}`
          )
        )
        expect(refusing.seen).toHaveLength(1)
      } finally {
        await refusing.close()
      }
    }
  )

  it('a refused connection to the proxy is retried, and the message is about the proxy', async () => {
    const port = await closedPort()
    const failure = withProxyEnv({ HTTPS_PROXY: `http://127.0.0.1:${port}` }, () => requestWith({}))
    // Not the advice for a server that is down ("check input 'host'"): the server was never tried.
    await expect(failure).rejects.toThrow(
      new Error(
        `Token request to ${httpsEndpoint.base(HOST)}${TOKEN_PATH} failed after 4 attempts: could not use proxy 127.0.0.1:${port} (ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:${port}); check HTTPS_PROXY and NO_PROXY`
      )
    )
  })

  it('a proxy that cannot reach the server (HTTP 5xx to CONNECT) is retried', async () => {
    const seenBefore = proxy.seen.length
    const port = await closedPort()
    const failure = withProxyEnv({ HTTPS_PROXY: proxy.url() }, () =>
      requestWith({ host: `https://${HOST}:${port}` })
    )
    await expect(failure).rejects.toThrow(
      new Error(
        `Token request to https://${HOST}:${port}${TOKEN_PATH} failed after 4 attempts: proxy ${new URL(proxy.url()).host} refused the tunnel to ${HOST}:${port} with HTTP 500: it could not reach ${HOST}:${port}; check input 'host' (or OAUTH_HOST), or NO_PROXY if the server is only reachable directly`
      )
    )
    expect(newSeen(seenBefore)).toHaveLength(4)
  })

  // The cut's last run goes: a start of 7 characters is too short for redact to take for the
  // secret's (it masks 8 or more), and one of 20 would be masked anyway.
  it.each([20, 7, 2])(
    "a server's answer that echoes the client secret, cut after %i of its characters by a proxy that adds no Via, shows none of it",
    async length => {
      // Apache's forward proxy (ProxyVia Off by default) relays the answer as it came: the reset
      // ends the body inside the secret, whose start alone no mask of the whole would find.
      const echoing = net.createServer(socket => {
        socket.on('error', () => undefined)
        socket.once('data', () =>
          socket.write(
            `HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain\r\nContent-Length: 200\r\n\r\nbad request: client_secret=${CLIENT_SECRET.slice(0, length)}`,
            () => setTimeout(() => socket.resetAndDestroy(), 20)
          )
        )
      })
      await new Promise<void>(resolve => echoing.listen(0, '127.0.0.1', resolve))
      try {
        const { port } = echoing.address() as AddressInfo
        const failure = await withProxyEnv({ HTTP_PROXY: `http://127.0.0.1:${port}` }, () =>
          requestWith({ host: `http://${HOST}`, 'allow-insecure-http': 'true', retries: '0' })
        ).catch((error: unknown) => error)
        expect(failure).toEqual(
          new Error(
            `Token request to http://${HOST}${TOKEN_PATH} failed: HTTP 400 (text/plain): bad request: client_secret=…; check the request: body-format, client-auth and extra-params`
          )
        )
      } finally {
        await new Promise(resolve => echoing.close(resolve))
      }
    }
  )

  it('the default trust store is kept alongside ca-certificate through the tunnel', async () => {
    const token = await withProxyEnv({ HTTPS_PROXY: proxy.url() }, () => requestWith({}))
    expect(token.accessToken).toBe(httpsEndpoint.tokens.at(-1))
  })
})

describe('the bundled action behind a proxy, as the runner runs it', () => {
  const inputs = (endpoint: TokenEndpoint, more: Record<string, string> = {}) => ({
    host: endpoint.base(HOST),
    'client-id': CLIENT_ID,
    'client-secret': CLIENT_SECRET,
    'ca-certificate': ca.certPath,
    ...more
  })
  const secrets = (endpoint: TokenEndpoint) => [
    CLIENT_SECRET,
    PROXY_PASSWORD,
    encodeURIComponent(PROXY_PASSWORD),
    PROXY_AUTHORIZATION.slice('Basic '.length),
    ...endpoint.tokens
  ]
  const errorLine = (run: ActionRun): string => {
    const lines = run.stdout.split(/\r?\n/).filter(line => line.startsWith('::error::'))
    expect(lines).toHaveLength(1)
    return lines[0] ?? ''
  }

  it('HTTPS_PROXY: a token, through one CONNECT', async () => {
    const seenBefore = proxy.seen.length
    const run = await runAction(inputs(httpsEndpoint), { HTTPS_PROXY: proxy.url() })
    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)
    expect(run.outputs['access-token']).toBe(httpsEndpoint.tokens.at(-1))
    expect(newSeen(seenBefore)).toEqual([
      { method: 'CONNECT', target: `${HOST}:${httpsEndpoint.port}`, proxyAuthorization: undefined }
    ])
    expect(findLeaks(run, secrets(httpsEndpoint))).toEqual([])
  })

  it('HTTPS_PROXY to a host on the default port: the server gets Host without a port', async () => {
    const mapping = await startPortMappingProxy(httpsEndpoint.port)
    try {
      const before = httpsEndpoint.requests.length
      const run = await runAction(inputs(httpsEndpoint, { host: `https://${HOST}` }), {
        HTTPS_PROXY: mapping.url()
      })
      expect(run.code).toBe(0)
      expect(mapping.seen.map(seen => seen.target)).toEqual([`${HOST}:443`])
      expect(httpsEndpoint.requests.slice(before).map(seen => seen.headers.host)).toEqual([HOST])
      expect(findLeaks(run, secrets(httpsEndpoint))).toEqual([])
    } finally {
      await mapping.close()
    }
  })

  // GitHub's ID token endpoint is reached through the runner's proxy as the token endpoint is:
  // an https:// proxy of a private authority needs ca-certificate for that request too.
  it('client-auth github-oidc through an https:// proxy trusted by ca-certificate: both requests go through it', async () => {
    const proxyCert = pki.leaf('tls-proxy', { altNames: ['IP:127.0.0.1'], issuer: ca })
    const [tlsProxy, github] = await Promise.all([
      startProxy({ tls: proxyCert }),
      startGithubOidc()
    ])
    try {
      const idTokenUrl = github.requestUrl.replace('127.0.0.1', `id.${HOST}`)
      const run = await runAction(
        inputs(httpsEndpoint, { 'client-auth': 'github-oidc', 'client-secret': '' }),
        {
          ...github.env(),
          ACTIONS_ID_TOKEN_REQUEST_URL: idTokenUrl,
          HTTPS_PROXY: tlsProxy.url(),
          HTTP_PROXY: tlsProxy.url()
        }
      )
      expect(run.stdout).not.toContain('::error::')
      expect(run.code).toBe(0)
      expect(tlsProxy.seen.map(seen => `${seen.method} ${seen.target.split('?')[0]}`)).toEqual([
        `GET http://id.${HOST}:${new URL(github.requestUrl).port}/id-token`,
        `CONNECT ${HOST}:${httpsEndpoint.port}`
      ])
      expect(github.issued).toHaveLength(1)
      expect(
        findLeaks(run, [github.requestToken, ...github.issued, ...httpsEndpoint.tokens])
      ).toEqual([])
    } finally {
      await Promise.all([tlsProxy.close(), github.close()])
    }
  })

  it('github-oidc through an https:// proxy no certificate given trusts: says to give it, on every Node', async () => {
    const proxyCert = pki.leaf('tls-proxy', { altNames: ['IP:127.0.0.1'], issuer: ca })
    const [tlsProxy, github] = await Promise.all([
      startProxy({ tls: proxyCert }),
      startGithubOidc()
    ])
    try {
      const run = await runAction(
        {
          ...inputs(httpsEndpoint, { 'client-auth': 'github-oidc', 'client-secret': '' }),
          'ca-certificate': ''
        },
        {
          ...github.env(),
          ACTIONS_ID_TOKEN_REQUEST_URL: github.requestUrl.replace('127.0.0.1', `id.${HOST}`),
          HTTP_PROXY: tlsProxy.url()
        }
      )
      expect(run.code).toBe(1)
      // Node 24's own advice (--use-system-ca) is not in it: the runner's user cannot give that.
      expect(errorLine(run)).toBe(
        `::error::Could not get the job's OIDC ID token from GitHub (could not use proxy ${new URL(tlsProxy.url()).host} (UNABLE_TO_VERIFY_LEAF_SIGNATURE: unable to verify the first certificate); check HTTP_PROXY and NO_PROXY): a certificate on the way was not trusted: if the proxy in HTTP_PROXY uses a private certificate authority, pass its certificate in input 'ca-certificate' (or NODE_EXTRA_CA_CERTS, or NODE_USE_SYSTEM_CA=1)`
      )
      expect(github.issued).toHaveLength(0)
      expect(findLeaks(run, [github.requestToken])).toEqual([])
    } finally {
      await Promise.all([tlsProxy.close(), github.close()])
    }
  }, 20_000)

  it('https_proxy with credentials: Proxy-Authorization sent, the password never printed', async () => {
    const guarded = await startProxy({
      authenticate: req => req.headers['proxy-authorization'] === PROXY_AUTHORIZATION
    })
    try {
      const run = await runAction(inputs(httpsEndpoint), {
        https_proxy: guarded.url(PROXY_USERINFO),
        ACTIONS_STEP_DEBUG: 'true',
        RUNNER_DEBUG: '1'
      })
      expect(run.code).toBe(0)
      expect(run.outputs['access-token']).toBe(httpsEndpoint.tokens.at(-1))
      expect(guarded.seen.map(seen => seen.proxyAuthorization)).toEqual([PROXY_AUTHORIZATION])
      expect(findLeaks(run, secrets(httpsEndpoint))).toEqual([])
    } finally {
      await guarded.close()
    }
  })

  it('masks the proxy password of the token endpoint discovery names before requesting it', async () => {
    // An http:// issuer on loopback (HTTP_PROXY, not set) whose metadata names an https:// token
    // endpoint, reached through https_proxy: its password is masked once the endpoint is known.
    const guarded = await startProxy({
      authenticate: req => req.headers['proxy-authorization'] === PROXY_AUTHORIZATION
    })
    const metadata = http.createServer((_req, res) => {
      res.setHeader('Content-Type', 'application/json')
      res.end(
        JSON.stringify({ issuer, token_endpoint: `${httpsEndpoint.base(HOST)}${TOKEN_PATH}` })
      )
    })
    await new Promise<void>(listening => metadata.listen(0, '127.0.0.1', listening))
    const issuer = `http://127.0.0.1:${(metadata.address() as AddressInfo).port}`
    try {
      const withIssuer = { ...inputs(httpsEndpoint), host: '', issuer }
      const run = await runAction(withIssuer, { https_proxy: guarded.url(PROXY_USERINFO) })
      expect(run.code).toBe(0)
      expect(guarded.seen.map(seen => seen.method)).toEqual(['CONNECT'])
      const lines = run.stdout.split('\n')
      const masked = lines.indexOf(`::add-mask::${PROXY_PASSWORD}`)
      expect(masked).toBeGreaterThanOrEqual(0)
      expect(masked).toBeLessThan(lines.findIndex(line => line.startsWith('Requesting a token')))
      expect(findLeaks(run, secrets(httpsEndpoint))).toEqual([])
    } finally {
      metadata.close()
      await guarded.close()
    }
  })

  it('inside the tunnel the certificate is verified, even with NODE_TLS_REJECT_UNAUTHORIZED=0', async () => {
    const requestsBefore = httpsEndpoint.requests.length
    const run = await runAction(inputs(httpsEndpoint, { 'ca-certificate': '' }), {
      HTTPS_PROXY: proxy.url(),
      NODE_TLS_REJECT_UNAUTHORIZED: '0'
    })
    expect(run.code).toBe(1)
    expect(errorLine(run)).toContain(
      "UNABLE_TO_VERIFY_LEAF_SIGNATURE: unable to verify the first certificate; if the server uses a private certificate authority, pass its certificate in input 'ca-certificate'"
    )
    expect(httpsEndpoint.requests).toHaveLength(requestsBefore)
    expect(findLeaks(run, secrets(httpsEndpoint))).toEqual([])
  })

  it('HTTP_PROXY with allow-insecure-http: the proxy gets the absolute URL', async () => {
    const seenBefore = proxy.seen.length
    const run = await runAction(
      inputs(httpEndpoint, { 'allow-insecure-http': 'true', 'ca-certificate': '' }),
      { HTTP_PROXY: proxy.url() }
    )
    expect(run.code).toBe(0)
    expect(run.outputs['access-token']).toBe(httpEndpoint.tokens.at(-1))
    expect(newSeen(seenBefore)).toEqual([
      {
        method: 'POST',
        target: `http://${HOST}:${httpEndpoint.port}${TOKEN_PATH}`,
        proxyAuthorization: undefined
      }
    ])
    expect(findLeaks(run, secrets(httpEndpoint))).toEqual([])
  })

  it('NO_PROXY: the proxy sees nothing and the action goes direct', async () => {
    const seenBefore = proxy.seen.length
    const requestsBefore = httpsEndpoint.requests.length
    const run = await runAction(inputs(httpsEndpoint), {
      HTTPS_PROXY: proxy.url(),
      NO_PROXY: `localhost,${HOST}`,
      // The runner machine's hosts file, for the action's own process.
      NODE_OPTIONS: `--require ${hostsShim}`
    })
    expect(run.code).toBe(0)
    expect(run.outputs['access-token']).toBe(httpsEndpoint.tokens.at(-1))
    expect(newSeen(seenBefore)).toEqual([])
    expect(httpsEndpoint.requests.length).toBe(requestsBefore + 1)
    expect(findLeaks(run, secrets(httpsEndpoint))).toEqual([])
  })

  it('a proxy that refuses the connection: one clear error line, nothing leaked', async () => {
    const port = await closedPort()
    const run = await runAction(inputs(httpsEndpoint, { retries: '1' }), {
      HTTPS_PROXY: `http://${PROXY_USERINFO}@127.0.0.1:${port}`
    })
    expect(run.code).toBe(1)
    expect(errorLine(run)).toBe(
      `::error::Token request to ${httpsEndpoint.base(HOST)}${TOKEN_PATH} failed after 2 attempts: could not use proxy 127.0.0.1:${port} (ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:${port}); check HTTPS_PROXY and NO_PROXY`
    )
    expect(run.stdout).not.toContain(PROXY_USER)
    expect(findLeaks(run, secrets(httpsEndpoint))).toEqual([])
  })

  // The toolkit reads https_proxy and no_proxy before HTTPS_PROXY and NO_PROXY: the line names
  // the variables the user set, in the case they were set in, each on its own.
  it('names https_proxy and no_proxy when those are the variables set', async () => {
    const port = await closedPort()
    const run = await runAction(inputs(httpsEndpoint, { retries: '0' }), {
      https_proxy: `http://127.0.0.1:${port}`,
      no_proxy: 'internal.example'
    })
    expect(run.code).toBe(1)
    expect(errorLine(run)).toBe(
      `::error::Token request to ${httpsEndpoint.base(HOST)}${TOKEN_PATH} failed after 1 attempt: could not use proxy 127.0.0.1:${port} (ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:${port}); check https_proxy and no_proxy`
    )
    expect(findLeaks(run, secrets(httpsEndpoint))).toEqual([])
  })

  it('names no_proxy beside HTTPS_PROXY when a proxy forbids the tunnel', async () => {
    const refusing = await startProxy({ refuse: 403 })
    try {
      const run = await runAction(inputs(httpsEndpoint), {
        HTTPS_PROXY: refusing.url(),
        no_proxy: 'internal.example'
      })
      expect(run.code).toBe(1)
      expect(errorLine(run)).toBe(
        `::error::Token request to ${httpsEndpoint.base(HOST)}${TOKEN_PATH} failed: proxy ${new URL(refusing.url()).host} refused the tunnel to ${HOST}:${httpsEndpoint.port} with HTTP 403; the proxy forbids that host or port: check HTTPS_PROXY and no_proxy`
      )
      expect(findLeaks(run, secrets(httpsEndpoint))).toEqual([])
    } finally {
      await refusing.close()
    }
  })

  // http-client reads a value it cannot parse or decode as http://<value>: these became a proxy
  // named by their scheme ('http', 'socks5'), on port 80. Each name resolves to 127.0.0.1 in the
  // action here (a closed port 80), so the test never looks it up.
  it.each([
    ['HTTP', 'http', (port: string) => `HTTP://bob:50%off@127.0.0.1:${port}`],
    ['socks5', 'socks5', () => 'socks5://127.0.0.1:65536']
  ])(
    'a %s:// proxy value http-client cannot read is refused, not used as a proxy named by its scheme',
    async (_scheme, name, value) => {
      const seenBefore = proxy.seen.length
      const requestsBefore = httpsEndpoint.requests.length
      const shim = pki.write(`${name}-shim.cjs`, hostsShimScript(name))
      const run = await runAction(inputs(httpsEndpoint), {
        HTTPS_PROXY: value(new URL(proxy.url()).port),
        NODE_OPTIONS: `--require ${shim}`
      })
      expect(run.stderr).toBe('')
      expect(run.code).toBe(1)
      expect(errorLine(run)).toBe(
        `::error::Token request to ${httpsEndpoint.base(HOST)}${TOKEN_PATH} failed: HTTPS_PROXY is not a usable proxy URL: give http://[user:password@]host:port, with special characters in the user and password percent-encoded (%25 as %2525)`
      )
      expect(run.stdout).not.toContain('50%off')
      expect(newSeen(seenBefore)).toEqual([])
      expect(httpsEndpoint.requests.length).toBe(requestsBefore)
    }
  )

  it('a token as the proxy user name, with no password: masked, even when the proxy echoes it', async () => {
    const tokenUser = 'glpat-PROXY-TOKEN-AS-USER-7788'
    const header = Buffer.from(`${tokenUser}:`).toString('base64')
    // A forwarding proxy that refuses everyone and quotes back what it was sent.
    const echoing: http.RequestListener = (req, res) => {
      res.writeHead(407, { 'Content-Type': 'text/html' })
      res.end(`<p>denied ${req.headers['proxy-authorization'] ?? ''} for ${tokenUser}</p>`)
    }
    await withPlainProxy(echoing, async port => {
      const run = await runAction(
        inputs(httpEndpoint, { 'allow-insecure-http': 'true', 'ca-certificate': '', retries: '0' }),
        { HTTP_PROXY: `http://${tokenUser}@127.0.0.1:${port}` }
      )
      expect(run.code).toBe(1)
      expect(errorLine(run)).toMatch(
        /HTTP 407 \(text\/html\): <p>denied \*\*\* for \*\*\*<\/p>; the proxy rejected the credentials in HTTP_PROXY: check the user and password there$/
      )
      expect(findLeaks(run, [tokenUser, header, ...secrets(httpEndpoint)])).toEqual([])
    })
  })

  it('a plain-http proxy answering 407 to a request without credentials: says to add them', async () => {
    const asking: http.RequestListener = (req, res) => {
      res.writeHead(407, { 'Content-Type': 'text/plain', 'Proxy-Authenticate': 'Basic' })
      res.end(req.headers['proxy-authorization'] ? 'unexpected credentials' : 'credentials needed')
    }
    await withPlainProxy(asking, async port => {
      const run = await runAction(
        inputs(httpEndpoint, { 'allow-insecure-http': 'true', 'ca-certificate': '', retries: '0' }),
        { HTTP_PROXY: `http://127.0.0.1:${port}` }
      )
      expect(run.code).toBe(1)
      expect(errorLine(run)).toMatch(
        /HTTP 407 \(text\/plain\): credentials needed; the proxy asks for credentials: put them in HTTP_PROXY \(http:\/\/<user>:<password>@host:port\)$/
      )
    })
  })

  it.each([
    [
      'NTLM and Negotiate: no Basic sign-in will do',
      ['NTLM', 'Negotiate'],
      'the proxy takes only NTLM or Negotiate sign-in, not Basic: use a local proxy that signs in for you (such as cntlm or px) in HTTP_PROXY, or NO_PROXY if the server is reachable directly'
    ],
    [
      'Basic among others: the credentials were wrong',
      ['Negotiate', 'Basic realm="corp, NTLM"'],
      'the proxy rejected the credentials in HTTP_PROXY: check the user and password there'
    ],
    // Only a 407 is the proxy's own sign-in: a 403 with the header is a refusal, told as one.
    [
      'NTLM with a 403: the header is not read',
      ['NTLM'],
      'else check client-id, client-secret and client-auth',
      403
    ]
  ])(
    'a plain-http proxy answering with credentials, offering %s',
    async (_what, challenges, advice, status = 407) => {
      const asking: http.RequestListener = (_req, res) => {
        res.writeHead(status, { 'Content-Type': 'text/plain', 'Proxy-Authenticate': challenges })
        res.end('sign in')
      }
      await withPlainProxy(asking, async port => {
        const run = await runAction(
          inputs(httpEndpoint, {
            'allow-insecure-http': 'true',
            'ca-certificate': '',
            retries: '0'
          }),
          { HTTP_PROXY: `http://${PROXY_USERINFO}@127.0.0.1:${port}` }
        )
        expect(run.code).toBe(1)
        expect(errorLine(run)).toMatch(new RegExp(`HTTP ${status} \\(text/plain\\): sign in; `))
        expect(errorLine(run).slice(-advice.length - 2)).toBe(`; ${advice}`)
        expect(findLeaks(run, [PROXY_PASSWORD, ...secrets(httpEndpoint)])).toEqual([])
      })
    }
  )

  // What a 407's Proxy-Authenticate offers: the schemes, each challenge's parameters and quoted
  // strings aside; only the names a proxy is known to ask for are named.
  it.each([
    ['NTLM', 'only NTLM sign-in, not Basic'],
    ['Negotiate, NTLM', 'only Negotiate or NTLM sign-in, not Basic'],
    [
      'Negotiate oYIBBjCCAQKgAwIBAqEE==, NTLM, Digest realm="a", qop="auth"',
      'only Negotiate, NTLM or Digest sign-in, not Basic'
    ],
    // Case as the proxy spells it (its last repeat); one scheme said once.
    ['ntlm, NTLM', 'only NTLM sign-in, not Basic'],
    ['Negotiate', 'only Negotiate sign-in, not Basic'],
    // A comma inside a quoted realm, and a Basic there, split nothing.
    ['Digest realm="corp, Basic x", nonce="a\\"b"', 'only Digest sign-in, not Basic'],
    // A word no proxy asks for is not repeated: a hostile one could echo the credentials there.
    ['cHJveHktdXNlcjp3cm9uZw', 'no Basic sign-in'],
    ['Mutual, NTLM', 'only NTLM sign-in, not Basic'],
    // Bearer is no sign-in a local proxy such as cntlm or px makes: not named.
    ['Bearer realm="proxy"', 'no Basic sign-in'],
    ['Kerberos', 'only Kerberos sign-in, not Basic']
  ])('Proxy-Authenticate %j: takes %s', (header, says) => {
    expect(signInAdvice(header, 'HTTPS_PROXY', 'NO_PROXY')).toBe(
      `takes ${says}: use a local proxy that signs in for you (such as cntlm or px) in HTTPS_PROXY, or NO_PROXY if the server is reachable directly`
    )
  })

  it.each([
    undefined,
    '',
    'Basic',
    'basic realm="proxy"',
    'NTLM, Basic realm="x"',
    'Negotiate,Basic',
    // Parameters alone name no scheme.
    'realm="x", charset=UTF-8'
  ])('Proxy-Authenticate %j: no advice of its own', header => {
    expect(signInAdvice(header, 'HTTPS_PROXY', 'NO_PROXY')).toBe('')
  })

  it('reads a hostile Proxy-Authenticate in linear time, and only its start', () => {
    // An unclosed quoted string of escaped quotes, far longer than any proxy sends: no more than
    // 1,000 characters are read, so the Basic past them is not seen.
    const hostile = `NTLM, "${'\\"'.repeat(20_000)}, Basic`
    expectCpuUnder(100, () => {
      expect(signInAdvice(hostile, 'HTTPS_PROXY', 'NO_PROXY')).toMatch(/^takes only NTLM sign-in/)
    })
  })

  // The post step's revocation gets the token request's advice: the proxy's credentials.
  it.each([
    [
      '',
      'the proxy asks for credentials: put them in HTTP_PROXY (http://<user>:<password>@host:port)'
    ],
    [
      `${PROXY_USERINFO}@`,
      'the proxy rejected the credentials in HTTP_PROXY: check the user and password there'
    ]
  ])(
    "a plain-http proxy answering 407 to the post step's revocation (userinfo %j): the proxy's advice",
    async (userinfo, advice) => {
      const asking: http.RequestListener = (req, res) => {
        req.resume()
        res.writeHead(407, { 'Content-Type': 'text/plain', 'Proxy-Authenticate': 'Basic' })
        res.end('credentials needed')
      }
      await withPlainProxy(asking, async port => {
        const given = inputs(httpEndpoint, {
          'allow-insecure-http': 'true',
          'ca-certificate': '',
          revoke: 'true'
        })
        const access = 'access-token-to-revoke-3f9a7c'
        const url = `${given.host}/oauth/revoke`
        const revoke = JSON.stringify({
          url,
          tokens: [{ token: access, hint: 'access_token', expiresAt: '' }],
          clientId: CLIENT_ID
        })
        const run = await runPost(
          given,
          { revoke },
          { HTTP_PROXY: `http://${userinfo}127.0.0.1:${port}` }
        )
        expect(run.code).toBe(0)
        const warnings = run.stdout.split('\n').filter(line => line.startsWith('::warning::'))
        expect(warnings).toEqual([
          `::warning::Could not revoke the access token at ${url}: HTTP 407 (text/plain): credentials needed; ${advice}; it stays valid until it expires`
        ])
        expect(findLeaks(run, [access, ...secrets(httpEndpoint)])).toEqual([])
      })
    }
  )

  // The post step cannot try again later; it waits out a proxy's Retry-After as a server's.
  it.each([
    [429, 'Retry-After: 3', 2, 'it is busy or limits requests; check HTTPS_PROXY and NO_PROXY'],
    [
      503,
      'Retry-After: 3',
      2,
      "it could not reach AUTHORITY; check input 'host' (or OAUTH_HOST), or NO_PROXY if the server is only reachable directly"
    ],
    [429, 'Retry-After: 3600', 1, 'it is busy or limits requests; check HTTPS_PROXY and NO_PROXY']
  ])(
    "a proxy's %i to the post step's CONNECT (%s): tried again after it, at most once, with advice a post step can act on",
    async (status, retryAfter, connects, advice) => {
      const refusing = await startProxy({ refuse: status, refuseHeaders: `${retryAfter}\r\n` })
      try {
        const given = inputs(httpsEndpoint, { revoke: 'true' })
        const access = 'access-token-to-revoke-61c0d2'
        const url = `${given.host}/oauth/revoke`
        const revoke = JSON.stringify({
          url,
          tokens: [{ token: access, hint: 'access_token', expiresAt: '' }],
          clientId: CLIENT_ID
        })
        const started = Date.now()
        const run = await runPost(given, { revoke }, { HTTPS_PROXY: refusing.url() })
        const elapsed = Date.now() - started
        expect(run.code).toBe(0)
        const warnings = run.stdout.split('\n').filter(line => line.startsWith('::warning::'))
        expect(warnings).toEqual([
          `::warning::Could not revoke the access token at ${url}${connects > 1 ? ' after 2 attempts' : ''}: proxy ${new URL(refusing.url()).host} refused the tunnel to ${HOST}:${httpsEndpoint.port} with HTTP ${status}: ${advice.replace('AUTHORITY', `${HOST}:${httpsEndpoint.port}`)}; it stays valid until it expires`
        ])
        expect(refusing.seen).toHaveLength(connects)
        // Before a second CONNECT: the 3 s of Retry-After, not the 1 s after a network error.
        expect(elapsed).toBeGreaterThanOrEqual((connects - 1) * 3000)
        expect(findLeaks(run, [access, ...secrets(httpsEndpoint)])).toEqual([])
      } finally {
        await refusing.close()
      }
    }
  )

  it('a proxy that tunnels to a port speaking plain http: the line names the proxy as well as host', async () => {
    const mapping = await startPortMappingProxy(httpEndpoint.port)
    try {
      const host = `https://${HOST}:${httpEndpoint.port}`
      const run = await runAction(inputs(httpEndpoint, { host, retries: '0' }), {
        HTTPS_PROXY: mapping.url()
      })
      expect(run.code).toBe(1)
      expect(errorLine(run)).toBe(
        `::error::Token request to ${host}${TOKEN_PATH} failed: EPROTO: the server at ${HOST}:${httpEndpoint.port} does not speak TLS; check the scheme (https:// or http://) and port in input 'host' (or OAUTH_HOST), or the proxy HTTPS_PROXY`
      )
      expect(mapping.seen).toHaveLength(1)
      expect(findLeaks(run, secrets(httpEndpoint))).toEqual([])
    } finally {
      await mapping.close()
    }
  })
  it.each([
    [
      '407, to no credentials',
      'HTTP/1.0 407 Proxy Authentication Required',
      '',
      'the proxy asks for credentials: put them in HTTP_PROXY (http://<user>:<password>@host:port)'
    ],
    [
      '401, to wrong credentials',
      'HTTP/1.0 401 Unauthorized',
      `${PROXY_USERINFO}@`,
      'the proxy rejected the credentials in HTTP_PROXY: check the user and password there'
    ]
  ])(
    "a plain-http proxy's own %s, the connection reset after it (tinyproxy): the proxy's advice",
    async (_name, statusLine, userinfo, advice) => {
      // tinyproxy 1.11: HTTP/1.0, no length, Connection: close; the request's body is left
      // unread, so the kernel resets the connection; here it is reset on purpose, every time,
      // once the action has read the page (readByPeer: else it could see the page end instead).
      const resetting = net.createServer(socket => {
        socket.on('error', () => undefined)
        socket.once('data', () =>
          socket.write(
            `${statusLine}\r\nServer: tinyproxy/1.11.1\r\nContent-Type: text/html\r\nConnection: close\r\n\r\n<title>denied</title>`,
            () => void readByPeer(socket).then(() => socket.resetAndDestroy())
          )
        )
      })
      await new Promise<void>(resolve => resetting.listen(0, '127.0.0.1', resolve))
      try {
        const { port } = resetting.address() as AddressInfo
        const run = await runAction(
          inputs(httpEndpoint, {
            'allow-insecure-http': 'true',
            'ca-certificate': '',
            retries: '0'
          }),
          { HTTP_PROXY: `http://${userinfo}127.0.0.1:${port}` }
        )
        expect(run.code).toBe(1)
        expect(errorLine(run)).toBe(
          `::error::Token request to ${httpEndpoint.base(HOST)}${TOKEN_PATH} failed: HTTP ${statusLine.split(' ')[1]} (text/html): denied …; ${advice}`
        )
        expect(findLeaks(run, secrets(httpEndpoint))).toEqual([])
      } finally {
        await new Promise(resolve => resetting.close(resolve))
      }
    }
  )

  /**
   * The action, with `secret` as its client secret, through a plain-http proxy that answers the
   * request itself with `page(request so far)` (undefined: read on) and then resets the connection.
   */
  async function runThroughResettingProxy(
    secret: string,
    page: (request: string) => string | undefined
  ): Promise<ActionRun> {
    const resetting = net.createServer(socket => {
      socket.on('error', () => undefined)
      let request = ''
      socket.on('data', (data: Buffer) => {
        request += data.toString()
        const answer = page(request)
        if (answer === undefined) return
        socket.write(answer, () => setTimeout(() => socket.resetAndDestroy(), 20))
      })
    })
    await new Promise<void>(resolve => resetting.listen(0, '127.0.0.1', resolve))
    try {
      const { port } = resetting.address() as AddressInfo
      const run = await runAction(
        inputs(httpEndpoint, {
          'client-secret': secret,
          'allow-insecure-http': 'true',
          'ca-certificate': '',
          retries: '0'
        }),
        { HTTP_PROXY: `http://127.0.0.1:${port}` }
      )
      expect(run.code).toBe(1)
      expect(findLeaks(run, [...secrets(httpEndpoint), secret])).toEqual([])
      return run
    } finally {
      await new Promise(resolve => resetting.close(resolve))
    }
  }

  // A proxy's own page is kept when a reset cuts it (tinyproxy's, above); one that echoes the
  // request it refused, cut inside the secret, must not show the secret's start, however short,
  // nor stop at a space, quote or = inside it.
  it.each([
    [CLIENT_SECRET, 3],
    [CLIENT_SECRET, 7],
    [CLIENT_SECRET, 12],
    ['Sup3r s3cret!Xy9', 9],
    ['Abcdef=ghijklmnop', 9],
    ['Abcd"efghijklmnop', 9]
  ])(
    "a plain-http proxy's own page echoing the request's body, reset inside the secret %s after %i characters: none of it shown",
    async (secret, length) => {
      const echoed = JSON.stringify(secret).slice(1, -1)
      const run = await runThroughResettingProxy(secret, request => {
        const at = request.indexOf(echoed)
        if (at < 0 || !request.includes('\r\n\r\n')) return undefined
        const echo = request.slice(request.indexOf('\r\n\r\n') + 4, at + length)
        return `HTTP/1.1 502 Bad Gateway\r\nContent-Type: text/plain\r\nContent-Length: 900\r\n\r\nRefused: ${echo}`
      })
      expect(errorLine(run)).toContain(
        `failed after 1 attempt: HTTP 502 (text/plain): Refused: {"grant_type":"client_credentials","client_id":"${CLIENT_ID}","client_secret":"…;`
      )
      // CLIENT_SECRET starts with the client id: what follows client_secret is what counts.
      expect(maskedLog(run.stdout)).not.toContain(`"client_secret":"${echoed.slice(0, 2)}`)
    }
  )

  // Forms of the secret whose cut-off start no mask knows: the cut's last run goes with it.
  it.each([
    ['upper-cased', (text: string) => text.toUpperCase(), 9],
    ['in base64', (text: string) => Buffer.from(text).toString('base64'), 15]
  ])(
    "a plain-http proxy's own page echoing the secret %s, reset inside it: none of it shown",
    async (_name, echo, length) => {
      const secret = 'hunter2 g0es&sk="fAb9Qz'
      const run = await runThroughResettingProxy(
        secret,
        () =>
          `HTTP/1.1 403 Forbidden\r\nServer: tinyproxy/1.11.1\r\nContent-Type: text/plain\r\nContent-Length: 900\r\n\r\nRefused request: client_secret=${echo(secret.slice(0, length))}`
      )
      expect(errorLine(run)).toMatch(
        /failed: HTTP 403 \(text\/plain\): Refused request: client_secret=(\*\*\*)?…; /
      )
    }
  )

  it("https:// for a plain-http proxy: says so in one line, not OpenSSL's text", async () => {
    const seenBefore = proxy.seen.length
    const run = await runAction(inputs(httpsEndpoint, { retries: '0' }), {
      HTTPS_PROXY: proxy.url().replace('http://', 'https://')
    })
    expect(run.code).toBe(1)
    expect(errorLine(run)).toBe(
      `::error::Token request to ${httpsEndpoint.base(HOST)}${TOKEN_PATH} failed: could not use proxy ${new URL(proxy.url()).host} (EPROTO): it does not speak TLS; give it as http:// in HTTPS_PROXY`
    )
    expect(newSeen(seenBefore)).toEqual([])
    expect(findLeaks(run, secrets(httpsEndpoint))).toEqual([])
  })

  // WHATWG URL ends the authority at the first '/', '?' or '#': a password with one of them not
  // percent-encoded, after digits, reads as host = the user name, port = the password's start.
  it.each([
    ['/', 'proxyuser:2024/s3cret-pw-6e1f'],
    ['?', 'proxyuser:2024?s3cret-pw-6e1f'],
    ['#', 'proxyuser:2024#s3cret-pw-6e1f'],
    ['/ in the user', 'proxy/user:s3cret-pw-6e1f']
  ])(
    "a '%s' not percent-encoded in HTTPS_PROXY's userinfo is refused: nothing sent, no lookup of the user as a host, no part of the password shown",
    async (_char, userinfo) => {
      const seenBefore = proxy.seen.length
      const lookups = pki.write(`lookups-${seenBefore}-${userinfo.length}.log`, '')
      // Records each lookup and connection, and answers none: no name leaves this machine.
      const preload = pki.write(
        'record-network.cjs',
        `const fs = require('node:fs'), dns = require('node:dns'), net = require('node:net')
const note = what => fs.appendFileSync(process.env.LOOKUP_LOG, what + '\\n')
dns.lookup = (host, options, callback) => {
  note('lookup ' + host)
  const done = typeof options === 'function' ? options : callback
  process.nextTick(() => done(Object.assign(new Error('no lookups here'), { code: 'ENOTFOUND' })))
}
const connect = net.Socket.prototype.connect
net.Socket.prototype.connect = function (...args) {
  note('connect ' + JSON.stringify(args[0]))
  return connect.apply(this, args)
}
`
      )
      const run = await runAction(inputs(httpsEndpoint, { retries: '0' }), {
        HTTPS_PROXY: `http://${userinfo}@127.0.0.1:${new URL(proxy.url()).port}`,
        NODE_OPTIONS: `--require ${preload}`,
        LOOKUP_LOG: lookups,
        RUNNER_DEBUG: '1'
      })
      expect(run.code).toBe(1)
      expect(errorLine(run)).toBe(
        '::error::Token request to ' +
          `${httpsEndpoint.base(HOST)}${TOKEN_PATH} failed: HTTPS_PROXY is not a usable proxy URL: give http://[user:password@]host:port, with special characters in the user and password percent-encoded (%25 as %2525)`
      )
      expect(readFileSync(lookups, 'utf8')).toBe('')
      expect(newSeen(seenBefore)).toEqual([])
      expect(findLeaks(run, ['2024', 's3cret-pw-6e1f', 'proxyuser', 'proxy/user'])).toEqual([])
    }
  )

  it('a proxy that never answers CONNECT: the timeout names the proxy', async () => {
    // Takes the connection and the CONNECT, and says nothing.
    const silent = http.createServer()
    const held: Socket[] = []
    silent.on('connect', (_req: http.IncomingMessage, socket: Socket) => {
      held.push(socket)
    })
    await new Promise<void>(resolve => silent.listen(0, '127.0.0.1', resolve))
    try {
      const { port } = silent.address() as AddressInfo
      const run = await runAction(inputs(httpsEndpoint, { timeout: '1', retries: '0' }), {
        HTTPS_PROXY: `http://${PROXY_USERINFO}@127.0.0.1:${port}`
      })
      expect(run.code).toBe(1)
      expect(errorLine(run)).toBe(
        `::error::Token request to ${httpsEndpoint.base(HOST)}${TOKEN_PATH} failed after 1 attempt: timed out after 1 s; raise input 'timeout' or check that proxy 127.0.0.1:${port} and the server answer`
      )
      expect(findLeaks(run, secrets(httpsEndpoint))).toEqual([])
    } finally {
      for (const socket of held) socket.destroy()
      await new Promise(resolve => silent.close(resolve))
    }
  })

  // Faults combined, as a corporate network gives them: through a proxy, to a server of a private
  // authority, a 503 with Retry-After, then a CONNECT the proxy takes and never answers, then a
  // token. Each attempt is bounded by the timeout, and the whole run by the waits it logs.
  it('proxy, private CA, and another fault on each attempt: recovered on the third, in bounded time', async () => {
    const leaf = pki.leaf(HOST, { altNames: [`DNS:${HOST}`], issuer: ca })
    const value = newToken('combined')
    const server = await startFaultServer(
      n => (n === 1 ? answer(503, 'busy', { 'Retry-After': '1' }) : token(value)),
      { tls: leaf }
    )
    const connects: string[] = []
    /* When the proxy saw the first CONNECT: the action's start-up is behind it. */
    let firstConnectAt = 0
    const held: Socket[] = []
    const stalling = http.createServer()
    stalling.on('connect', (req: http.IncomingMessage, socket: Socket) => {
      connects.push(req.url ?? '')
      firstConnectAt ||= Date.now()
      held.push(socket)
      if (connects.length === 2) return
      const upstream = net.connect(server.port, '127.0.0.1', () => {
        socket.write('HTTP/1.1 200 Connection established\r\n\r\n')
        upstream.pipe(socket)
        socket.pipe(upstream)
      })
      upstream.on('error', () => socket.destroy())
      socket.on('error', () => upstream.destroy())
    })
    await new Promise<void>(resolve => stalling.listen(0, '127.0.0.1', resolve))
    try {
      const { port } = stalling.address() as AddressInfo
      const run = await runAction(
        { ...inputs(httpsEndpoint, { timeout: '1' }), host: `https://${HOST}:${server.port}` },
        { HTTPS_PROXY: `http://${PROXY_USERINFO}@127.0.0.1:${port}` }
      )
      expect(run.stderr).toBe('')
      expect(run.code).toBe(0)
      expect(run.outputs['access-token']).toBe(value.access_token)
      expect(connects).toEqual(Array(3).fill(`${HOST}:${server.port}`))
      expect(server.hits).toHaveLength(2)
      const waits = [
        ...run.stdout.matchAll(/^Attempt (\d) of 4: (\S+ ?\S*); retrying in ([\d.]+) s$/gm)
      ]
      expect(waits.map(([, n, what]) => `${n} ${what}`)).toEqual(['1 HTTP 503', '2 ETIMEDOUT'])
      // Retry-After 1 s plus a spread of up to 3 s; then 1 to 2 s of backoff.
      const [first = 0, second = 0] = waits.map(([, , , seconds]) => Number(seconds))
      expect(first).toBeGreaterThanOrEqual(1)
      expect(first).toBeLessThanOrEqual(4)
      expect(second).toBeGreaterThanOrEqual(1)
      expect(second).toBeLessThanOrEqual(2)
      // From the first CONNECT to the token request: the waits, the stalled attempt's 1 s, and
      // three tunnels and two requests. Each wait is logged to a tenth of a second, so may read up
      // to 0.05 s longer than it was. The action's start-up and exit are left out of the 3 s: with
      // them, a run with the load at 11 on 2 cores took 1.4 s over the waits (0.4 s with less).
      const attempts = (server.hits.at(-1)?.at ?? 0) - firstConnectAt
      expect(attempts).toBeGreaterThanOrEqual((first + 1 + second - 0.1) * 1000)
      expect(attempts).toBeLessThan((first + 1 + second) * 1000 + 3000)
      // And the whole run, start-up and exit too, is not held up past them.
      expect(run.ms).toBeLessThan((first + 1 + second) * 1000 + 10_000)
      expect(findLeaks(run, [...secrets(httpsEndpoint), value.access_token])).toEqual([])
    } finally {
      for (const socket of held) socket.destroy()
      await new Promise(resolve => stalling.close(resolve))
      await server.close()
    }
  })

  it('a proxy answering 407: fails at once, with what to set', async () => {
    const refusing = await startProxy({ authenticate: () => false })
    try {
      const run = await runAction(inputs(httpsEndpoint), {
        HTTPS_PROXY: refusing.url(`${PROXY_USER}:${encodeURIComponent(PROXY_PASSWORD)}`)
      })
      expect(run.code).toBe(1)
      expect(errorLine(run)).toBe(
        `::error::Token request to ${httpsEndpoint.base(HOST)}${TOKEN_PATH} failed: proxy ${new URL(refusing.url()).host} refused the tunnel to ${HOST}:${httpsEndpoint.port} with HTTP 407; it rejected the credentials in HTTPS_PROXY: check the user and password there`
      )
      expect(refusing.seen).toHaveLength(1)
      expect(findLeaks(run, secrets(httpsEndpoint))).toEqual([])
    } finally {
      await refusing.close()
    }
  })
})
