import { afterAll, afterEach, describe, expect, it, jest } from '@jest/globals'
import { randomBytes } from 'node:crypto'
import dns from 'node:dns'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { createServer as createHttpsServer } from 'node:https'
import {
  type AddressInfo,
  type Server as NetServer,
  type Socket,
  createServer as createNetServer
} from 'node:net'
import { brotliCompressSync, constants, deflateRawSync, deflateSync, gzipSync } from 'node:zlib'
import { decodePage } from '../src/content-encoding.js'
import { isRetryable } from '../src/retry.js'
import {
  H2_ONLY,
  MAX_BODY_BYTES,
  asTransportError,
  isIpLiteral,
  SWITCHED_PROTOCOLS,
  send,
  TransportError
} from '../src/transport.js'
import { cpuMs } from './support/cpu-time.js'
import { TestPki } from './support/pki.js'
import { withProcessEnv } from './support/process-env.js'
import { waitUntil } from './support/wait.js'

type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => void

const servers: NetServer[] = []
const sockets = new Set<Socket>()

async function serve(handler: Handler): Promise<URL> {
  const server = createServer((req, res) => {
    let body = ''
    req.setEncoding('utf8')
    req.on('data', chunk => (body += chunk))
    req.on('end', () => handler(req, res, body))
  })
  server.on('connection', socket => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  servers.push(server)
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return new URL(`http://127.0.0.1:${port}/oauth/token`)
}

/**
 * A TCP server on loopback that writes its answer by hand: once the request's body has come, it
 * calls `reply` with the socket. Returns the token endpoint's URL on it.
 */
async function rawServer(reply: (socket: Socket) => void): Promise<URL> {
  const server = createNetServer(socket => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
    socket.on('error', () => undefined)
    let request = ''
    socket.on('data', chunk => {
      request += String(chunk)
      if (request.includes('{"a":"b"}')) reply(socket)
    })
  })
  servers.push(server)
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return new URL(`http://127.0.0.1:${port}/oauth/token`)
}

afterEach(async () => {
  for (const socket of sockets) socket.destroy()
  await Promise.all(servers.splice(0).map(s => new Promise(resolve => s.close(resolve))))
})

const post = (url: URL, timeoutMs = 2000, maxBodyBytes?: number) =>
  send(
    { url, headers: { 'Content-Type': 'application/json' }, body: '{"a":"b"}' },
    { timeoutMs, maxBodyBytes, proxyFor: () => undefined }
  )

async function failure(promise: Promise<unknown>): Promise<TransportError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e
  )
  if (!(error instanceof TransportError))
    throw new Error(`expected a TransportError, got ${String(error)}`)
  return error
}

describe('send', () => {
  it('closes its connection once the answer is complete, even to a server that would keep it', async () => {
    // A server that answers keep-alive and never closes: the client must end the connection.
    const ended: string[] = []
    const open = new Set<Socket>()
    const server = createNetServer(socket => {
      open.add(socket)
      let request = ''
      socket.on('data', chunk => {
        request += String(chunk)
        if (!request.includes('{"a":"b"}')) return
        socket.write(
          'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: keep-alive\r\n\r\n{}'
        )
      })
      socket.on(
        'end',
        () => ended.push(request.match(/^connection: (.*)$/im)?.[1] ?? '') && socket.end()
      )
    })
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
    try {
      const { port } = server.address() as AddressInfo
      const response = await post(new URL(`http://127.0.0.1:${port}/oauth/token`))
      expect(response.body).toBe('{}')
      await waitUntil(() => ended.length > 0, 2000, 10)
      expect(ended).toEqual(['close'])
    } finally {
      for (const socket of open) socket.destroy()
      await new Promise(resolve => server.close(resolve))
    }
  })

  it('returns a complete answer that the server follows with stray bytes, rather than fail it', async () => {
    // For a refresh_token grant, failing it would lose the new tokens of a refresh token spent.
    const answer = '{"access_token":"complete-answer-7c1e"}'
    const url = await rawServer(socket =>
      socket.end(
        `HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: ${answer.length}\r\n\r\n${answer}garbage`
      )
    )
    const response = await post(url)
    expect([response.status, response.body]).toEqual([200, answer])
  })

  it('fails at once, not at its timeout, on an HTTP 101 (a switch to another protocol)', async () => {
    const server = createNetServer(socket => {
      socket.once('data', () =>
        socket.write(
          'HTTP/1.1 101 Switching Protocols\r\nUpgrade: h2c\r\nConnection: Upgrade\r\n\r\n'
        )
      )
    })
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
    try {
      const { port } = server.address() as AddressInfo
      const started = performance.now()
      const error = await failure(post(new URL(`http://127.0.0.1:${port}/oauth/token`), 5000))
      expect(performance.now() - started).toBeLessThan(2000)
      expect([error.code, error.message, error.status]).toEqual([
        SWITCHED_PROTOCOLS,
        'HTTP 101: the server switched to another protocol rather than answer',
        101
      ])
    } finally {
      server.close()
    }
  })

  it('POSTs the body with its length and returns status, headers and body', async () => {
    const url = await serve((req, res, body) => {
      res.setHeader('Content-Type', 'application/json')
      res.end(JSON.stringify({ method: req.method, length: req.headers['content-length'], body }))
    })
    const response = await post(url)
    expect(response.status).toBe(200)
    expect(response.headers['content-type']).toBe('application/json')
    expect(JSON.parse(response.body)).toEqual({ method: 'POST', length: '9', body: '{"a":"b"}' })
  })

  it('sends a Latin-1 header value as Latin-1 bytes and the body as UTF-8, its length in bytes', async () => {
    const url = await serve((req, res, body) => {
      // Node reads header bytes as Latin-1: UTF-8 bytes would read as two characters each.
      res.end(
        JSON.stringify({ name: req.headers['x-name'], length: req.headers['content-length'], body })
      )
    })
    const response = await send(
      {
        url,
        headers: { 'X-Name': 'café', 'Content-Type': 'application/json' },
        body: '{"a":"ä€"}'
      },
      { timeoutMs: 2000, proxyFor: () => undefined }
    )
    expect(JSON.parse(response.body)).toEqual({ name: 'café', length: '13', body: '{"a":"ä€"}' })
  })

  it.each([
    ['to another origin', 307, (target: URL) => target.href],
    ['to another origin', 302, (target: URL) => target.href],
    ['on the same origin', 308, () => '/v2/oauth/token']
  ])('does not follow a redirect %s (%i)', async (_where, status, location) => {
    let targetHits = 0
    const target = await serve((_req, res) => {
      targetHits++
      res.end('{}')
    })
    let hits = 0
    const url = await serve((req, res) => {
      hits++
      if (req.url === '/v2/oauth/token') res.end('{"access_token":"followed"}')
      else res.writeHead(status, { Location: location(target) }).end()
    })
    const response = await post(url)
    expect(response.status).toBe(status)
    expect(response.headers.location).toBe(location(target))
    expect(response.body).toBe('')
    expect(hits).toBe(1)
    expect(targetHits).toBe(0)
  })

  /**
   * Answers only after `ms` (so an attempt the timeout fails to end succeeds, and the test fails
   * at once instead of hanging); `trickle` sends the headers first and the body in 50 ms pieces.
   */
  const lateToken =
    (ms: number, trickle: boolean) => (_req: IncomingMessage, res: ServerResponse) => {
      const body = '{"access_token":"late","token_type":"Bearer"}'
      const timers: NodeJS.Timeout[] = []
      if (trickle) {
        res.writeHead(200, { 'Content-Type': 'application/json' })
        res.flushHeaders()
        timers.push(setInterval(() => res.write(' '), 50))
      }
      timers.push(
        setTimeout(() => {
          if (!trickle) res.writeHead(200, { 'Content-Type': 'application/json' })
          res.end(body)
        }, ms)
      )
      res.on('close', () => timers.forEach(clearTimeout))
    }

  it('times out a server that never answers in time', async () => {
    const url = await serve(lateToken(3000, false))
    const started = Date.now()
    const error = await failure(post(url, 200))
    expect(error.code).toBe('ETIMEDOUT')
    expect(error.message).toBe('timed out after 0.2 s')
    // Well before the answer: a generous margin for a loaded machine.
    expect(Date.now() - started).toBeLessThan(2000)
  })

  it('gives up at the timeout, not later: an answer at twice the timeout is not waited for', async () => {
    // The server's timer starts after ours, so ours fires first however busy the machine is.
    const url = await serve(lateToken(400, false))
    const error = await failure(post(url, 200))
    expect(error.code).toBe('ETIMEDOUT')
  })

  it('gives up at the timeout itself: an answer 50 ms after it is not waited for', async () => {
    // Ours is set first and is the shorter, so it fires first however busy the machine is.
    const url = await serve(lateToken(250, false))
    const error = await failure(post(url, 200))
    expect(error.code).toBe('ETIMEDOUT')
    expect(error.message).toBe('timed out after 0.2 s')
  })

  it('leaves no timer behind once the answer is in, however long the timeout', async () => {
    const url = await serve((_req, res) => res.end('{}'))
    // The timers set through the global setTimeout, as each attempt's timeout is, that have
    // neither fired nor been cleared. Every timer of the process (getActiveResourcesInfo) counts
    // other work's too, which comes and goes: a full run under load counted 3 after against 2
    // before, where the attempt clears its timer before its answer resolves.
    const pending = new Set<unknown>()
    let set = 0
    const { setTimeout: realSet, clearTimeout: realClear } = globalThis
    const setSpy = jest.spyOn(globalThis, 'setTimeout').mockImplementation(((
      callback: (...args: unknown[]) => void,
      ms?: number,
      ...args: unknown[]
    ) => {
      set++
      const timer = realSet(() => {
        pending.delete(timer)
        callback(...args)
      }, ms)
      pending.add(timer)
      return timer
    }) as typeof setTimeout)
    const clearSpy = jest.spyOn(globalThis, 'clearTimeout').mockImplementation(timer => {
      pending.delete(timer)
      realClear(timer)
    })
    try {
      // A timeout left running would be one timer per request, each for a minute.
      for (let i = 0; i < 3; i++) expect((await post(url, 60_000)).body).toBe('{}')
    } finally {
      setSpy.mockRestore()
      clearSpy.mockRestore()
    }
    // Each attempt set its timeout where it was counted.
    expect(set).toBeGreaterThanOrEqual(3)
    expect(pending.size).toBe(0)
  })

  it('closes its connection when the attempt times out, rather than leave it to the server', async () => {
    let closed = false
    const url = await serve(req => req.socket.on('close', () => (closed = true)))
    expect((await failure(post(url, 200))).code).toBe('ETIMEDOUT')
    await waitUntil(() => closed, 2000, 10)
    expect(closed).toBe(true)
  })

  it('bounds the whole attempt, so a trickling body cannot stall it', async () => {
    // Headers at once, then a byte every 50 ms: never idle for the 300 ms timeout, yet the
    // body only completes after 3 s.
    const url = await serve(lateToken(3000, true))
    const started = Date.now()
    const error = await failure(post(url, 300))
    expect(error.code).toBe('ETIMEDOUT')
    expect(error.message).toBe('timed out after 0.3 s')
    expect(Date.now() - started).toBeLessThan(2000)
  })

  it('stops reading a body over the limit', async () => {
    const url = await serve((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' })
      const chunk = 'x'.repeat(64 * 1024)
      const write = (): void => {
        while (res.write(chunk)) {
          if (res.destroyed) return
        }
        res.once('drain', write)
      }
      write()
      res.on('close', () => res.removeAllListeners('drain'))
    })
    const error = await failure(post(url, 5000))
    expect(error.code).toBe('EBODYTOOLARGE')
    expect(error.message).toBe('response body is larger than 1 MiB; stopped reading')
    // The status still says what the server did: a revocation needs no body.
    expect(error.answer?.status).toBe(200)
    expect(MAX_BODY_BYTES).toBe(1024 * 1024)
    // A limit under a MiB, GitHub's ID token's, in KiB.
    const small = await failure(post(url, 5000, 64 * 1024))
    expect(small.message).toBe('response body is larger than 64 KiB; stopped reading')
  })

  it('reads a body of exactly the limit, refuses one byte more, and tells a 300 by its status', async () => {
    const url = await serve((req, res) => {
      res.writeHead(req.url === '/300' ? 300 : 200, { 'Content-Type': 'application/json' })
      res.end('x'.repeat(1000))
    })
    expect((await post(url, 2000, 1000)).body).toHaveLength(1000)
    expect((await failure(post(url, 2000, 999))).code).toBe('EBODYTOOLARGE')
    // Only a 2xx must be read whole: a 300 (Multiple Choices) is a failure told by its status.
    const multiple = await post(new URL('/300', url), 2000, 999)
    expect([multiple.status, multiple.body]).toEqual([300, '…'])
  })

  // Deflate twice: zlib's format (RFC 9110 section 8.4.1.2), and the raw form some servers send.
  const ENCODED: [string, (body: string) => Buffer][] = [
    ['gzip', body => gzipSync(body)],
    ['x-gzip', body => gzipSync(body)],
    ['GZIP', body => gzipSync(body)],
    ['deflate', body => deflateSync(body)],
    ['deflate', body => deflateRawSync(body)],
    ['br', body => brotliCompressSync(body)],
    ['gzip, br', body => brotliCompressSync(gzipSync(body))]
  ]

  it.each(ENCODED)('decodes an answer with Content-Encoding %s', async (coding, encode) => {
    const token = '{"access_token":"t-1","token_type":"Bearer"}'
    const url = await serve((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Encoding': coding })
      res.end(encode(token))
    })
    expect((await post(url)).body).toBe(token)
  })

  // A failure page is decoded as a stream, apart from a token (decodePage).
  it.each(ENCODED)('decodes a failure page with Content-Encoding %s', async (coding, encode) => {
    const page = '{"error":"invalid_client","error_description":"Client authentication failed"}'
    const url = await serve((_req, res) => {
      res.writeHead(401, { 'Content-Type': 'application/json', 'Content-Encoding': coding })
      res.end(encode(page))
    })
    const answer = await post(url)
    expect([answer.status, answer.body]).toEqual([401, page])
  })

  it.each([
    ['a coding it does not know, as sent', 'x-custom', 'x'],
    ["a server's mistake, as sent", 'UTF-8', '{"access_token":"t"}'],
    ['a prototype name, as sent', 'constructor', 'x'],
    ['a coding whose name ends in one it cannot undo, as sent', 'x-zstd', 'x'],
    ['a coding whose name begins with one it cannot undo, as sent', 'compress-x', 'x'],
    ['a coding it knows beside one it does not, as sent', 'gzip, x-custom', 'x'],
    ['identity with gzip, decoded', 'identity, gzip', gzipSync('{"a":1}')],
    ['gzip among empty entries, decoded', ', gzip,', gzipSync('{"a":1}')],
    ['nothing to decode, as sent', 'gzip', '']
  ])('reads %s', async (_name, coding, body) => {
    const url = await serve((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Encoding': coding })
      res.end(body)
    })
    const expected = typeof body === 'string' ? body : '{"a":1}'
    expect((await post(url)).body).toBe(expected)
  })

  it.each(['zstd', 'compress', 'x-compress', 'gzip, zstd', 'zstd, utf-8'])(
    'fails on a 2xx compressed with %s, which it cannot undo, saying how to avoid it',
    async coding => {
      const url = await serve((_req, res) => {
        res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Encoding': coding })
        res.end('x')
      })
      const error = await failure(post(url))
      expect(error.code).toBe('EENCODING')
      expect(error.message).toBe(
        `the answer is compressed with ${/zstd|(?:x-)?compress/.exec(coding)?.[0]}, which this action cannot undo; remove Accept-Encoding from input 'headers', or check the server`
      )
    }
  )

  it('fails, without retry, on a 2xx body that does not decode', async () => {
    const url = await serve((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' })
      res.end('not gzip')
    })
    const error = await failure(post(url))
    expect(error.code).toBe('EENCODING')
    expect(error.message).toBe(
      "the answer's gzip body could not be decoded (incorrect header check); check the server, and any proxy on the way"
    )
    expect(error.answer?.status).toBe(200)
    expect(isRetryable({ kind: 'error', error })).toBe(false)
  })

  it.each([
    [503, ''],
    [401, 'not gzip']
  ])(
    'keeps the status of a %s whose body does not decode, with the body as sent',
    async (status, body) => {
      const url = await serve((_req, res) => {
        res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' })
        res.end(body)
      })
      const answer = await post(url)
      expect([answer.status, answer.body]).toEqual([status, body])
    }
  )

  it('stops decoding a body that grows over the limit', async () => {
    const url = await serve((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' })
      res.end(gzipSync(Buffer.alloc(2 * 1024 * 1024, 'x')))
    })
    const error = await failure(post(url))
    expect(error.code).toBe('EBODYTOOLARGE')
    expect(error.message).toBe(
      'response body is larger than 1 MiB once decoded (gzip); stopped reading'
    )
  })

  it.each([
    ['gzip', (body: Buffer) => gzipSync(body)],
    ['deflate', (body: Buffer) => deflateSync(body)],
    ['br', (body: Buffer) => brotliCompressSync(body)]
  ])('decodes a %s body of just the limit, and refuses one a byte over', async (coding, encode) => {
    const url = await serve((req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Encoding': coding })
      res.end(encode(Buffer.alloc(req.url === '/over' ? 1025 : 1024, 'x')))
    })
    expect((await post(url, 2000, 1024)).body).toBe('x'.repeat(1024))
    const error = await failure(post(new URL('/over', url), 2000, 1024))
    expect([error.code, error.message]).toEqual([
      'EBODYTOOLARGE',
      `response body is larger than 1 KiB once decoded (${coding}); stopped reading`
    ])
  })

  it.each([
    ['deflate', 'deflate', (body: Buffer) => deflateSync(body)],
    ['raw deflate', 'deflate', (body: Buffer) => deflateRawSync(body)],
    ['br', 'br', (body: Buffer) => brotliCompressSync(body)]
  ])(
    'stops decoding a %s body that grows over the limit, as for gzip',
    async (_, coding, encode) => {
      const url = await serve((_req, res) => {
        res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Encoding': coding })
        res.end(encode(Buffer.alloc(2 * 1024 * 1024, 'x')))
      })
      const error = await failure(post(url))
      expect(error.code).toBe('EBODYTOOLARGE')
      expect(error.message).toBe(
        `response body is larger than 1 MiB once decoded (${coding}); stopped reading`
      )
    }
  )

  it('keeps memory flat against an endless body: it reads no more than the limit', async () => {
    let written = 0
    const url = await serve((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' })
      const chunk = Buffer.alloc(64 * 1024, 'x')
      const write = (): void => {
        while (!res.destroyed && written < 256 * 1024 * 1024 && res.write(chunk)) {
          written += chunk.length
        }
        if (!res.destroyed) res.once('drain', write)
      }
      write()
    })
    global.gc?.()
    const before = process.memoryUsage().arrayBuffers
    const error = await failure(post(url, 10_000))
    const after = process.memoryUsage().arrayBuffers
    expect(error.code).toBe('EBODYTOOLARGE')
    // The server stops when the client goes: well under the 256 MiB it would send.
    expect(written).toBeLessThan(32 * 1024 * 1024)
    // What was buffered is about the 1 MiB limit, not the stream.
    expect(after - before).toBeLessThan(8 * 1024 * 1024)
  })

  it.each([
    ['closed', (socket: Socket) => socket.destroy()],
    // A reset makes the request's error come before the answer's.
    ['reset', (socket: Socket) => socket.resetAndDestroy()]
  ])(
    'reports a connection %s mid-response, with the status the server had sent',
    async (_how, cut) => {
      const url = await serve((_req, res) => {
        res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': '100' })
        res.write('{"access_token":')
        setTimeout(() => res.socket && cut(res.socket), 20)
      })
      const error = await failure(post(url))
      expect(error.code).toBe('ECONNRESET')
      // Not Node's "aborted".
      expect(error.message).toBe('connection closed before the response was complete')
      expect(error.status).toBe(200)
    }
  )

  it('keeps the status of an answer a proxy relays and then resets, and does not blame the proxy', async () => {
    // A plain-http request goes to the proxy, which relays the answer: here it cuts it off.
    const proxy = await rawServer(socket =>
      socket.write(
        'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"access_token":',
        () => setTimeout(() => socket.resetAndDestroy(), 20)
      )
    )
    const error = await failure(
      send(
        { url: new URL('http://api.test/oauth/token'), headers: {}, body: '{"a":"b"}' },
        { timeoutMs: 2000, proxyFor: () => new URL(proxy.origin) }
      )
    )
    expect([error.code, error.message, error.status, error.proxy]).toEqual([
      'ECONNRESET',
      'connection closed before the response was complete',
      200,
      undefined
    ])
  })

  it("asks a proxy for a tunnel with Host alone, never the request's headers (its credentials)", async () => {
    let head = ''
    const server = createNetServer(socket => {
      sockets.add(socket)
      socket.on('close', () => sockets.delete(socket))
      socket.on('data', chunk => {
        head += String(chunk)
        if (head.includes('\r\n\r\n'))
          socket.end('HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n')
      })
    })
    servers.push(server)
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
    const { port } = server.address() as AddressInfo
    const error = await failure(
      send(
        {
          url: new URL('https://api.test/oauth/token'),
          headers: { Authorization: 'Basic Y2xpZW50OnMzY3JldA==', 'X-Api-Key': 'key-0123456789' },
          body: '{"a":"b"}'
        },
        { timeoutMs: 2000, proxyFor: () => new URL(`http://127.0.0.1:${port}`) }
      )
    )
    expect(error.code).toBe('EPROXYREFUSED')
    expect(head).toBe(
      'CONNECT api.test:443 HTTP/1.1\r\nHost: api.test:443\r\nConnection: close\r\n\r\n'
    )
  })

  /**
   * What `send` asks of tls.connect for `url` through a proxy on loopback that answers CONNECT with
   * `established`, and then the request with `{}`. TLS itself is left out (the tunnel's socket is
   * used as is): what matters is how it is asked.
   */
  async function tunnelledTls(url: string, established: string, ca?: string[]): Promise<unknown[]> {
    const tls = process.getBuiltinModule('node:tls')
    const connect = jest
      .spyOn(tls, 'connect')
      .mockImplementation(((options: { socket: Socket }) => options.socket) as never)
    try {
      const proxy = createNetServer(socket => {
        sockets.add(socket)
        socket.on('close', () => sockets.delete(socket))
        let seen = ''
        socket.on('data', chunk => {
          seen += String(chunk)
          if (seen.startsWith('CONNECT ') && seen.endsWith('\r\n\r\n')) {
            seen = ''
            socket.write(`HTTP/1.1 ${established}\r\n\r\n`)
          } else if (seen.includes('{"a":"b"}')) {
            socket.end('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}')
          }
        })
      })
      servers.push(proxy)
      await new Promise<void>(resolve => proxy.listen(0, '127.0.0.1', resolve))
      const { port } = proxy.address() as AddressInfo
      const answer = await send(
        { url: new URL(url), headers: {}, body: '{"a":"b"}' },
        { timeoutMs: 2000, ca, proxyFor: () => new URL(`http://127.0.0.1:${port}`) }
      )
      expect(answer.body).toBe('{}')
      return connect.mock.calls.map(([options]) => ({
        ...(options as unknown as object),
        socket: undefined
      }))
    } finally {
      connect.mockRestore()
    }
  }

  // RFC 9110, 9.3.6: any 2xx to CONNECT means the tunnel is open, not 200 alone.
  it.each(['200 Connection Established', '204 No Content'])(
    'opens TLS in a tunnel to the name asked for, the proxy answering %s: its SNI, the CAs given, verification on',
    async established => {
      expect(
        await tunnelledTls('https://api.test:8443/oauth/token', established, ['CA-PEM'])
      ).toEqual([
        {
          socket: undefined,
          host: 'api.test',
          servername: 'api.test',
          ca: ['CA-PEM'],
          rejectUnauthorized: true
        }
      ])
    }
  )

  // RFC 6066 section 3 allows names alone in SNI; Node warns at an IP address there.
  it('opens TLS in a tunnel to an IP address without SNI, checking the address', async () => {
    expect(
      await tunnelledTls('https://192.0.2.7:8443/oauth/token', '200 Connection Established')
    ).toEqual([expect.objectContaining({ host: '192.0.2.7', servername: undefined })])
  })

  // Node hands any answer to CONNECT to 'connect', a 1xx too: that opens no tunnel.
  it('takes a 1xx to CONNECT for a refusal, not an open tunnel', async () => {
    const proxy = createNetServer(socket => {
      sockets.add(socket)
      socket.on('close', () => sockets.delete(socket))
      socket.on('error', () => undefined)
      let head = ''
      socket.on('data', chunk => {
        head += String(chunk)
        if (head.startsWith('CONNECT ') && head.endsWith('\r\n\r\n'))
          socket.write('HTTP/1.1 100 Continue\r\n\r\n')
      })
    })
    servers.push(proxy)
    await new Promise<void>(resolve => proxy.listen(0, '127.0.0.1', resolve))
    const { port } = proxy.address() as AddressInfo
    const error = await failure(
      send(
        { url: new URL('https://api.test/oauth/token'), headers: {}, body: '{"a":"b"}' },
        { timeoutMs: 2000, proxyFor: () => new URL(`http://127.0.0.1:${port}`) }
      )
    )
    expect(error.code).toBe('EPROXYREFUSED')
    expect(error.message).toMatch(
      /^proxy 127\.0\.0\.1:\d+ refused the tunnel to api\.test:443 with HTTP 100; /
    )
  })

  it('names the proxy it could not reach for a tunnel, and the variables to check', async () => {
    const closed = createNetServer()
    await new Promise<void>(resolve => closed.listen(0, '127.0.0.1', resolve))
    const { port } = closed.address() as AddressInfo
    await new Promise(resolve => closed.close(resolve))
    const error = await failure(
      send(
        { url: new URL('https://api.test/oauth/token'), headers: {}, body: '{"a":"b"}' },
        { timeoutMs: 2000, proxyFor: () => new URL(`http://127.0.0.1:${port}`) }
      )
    )
    expect(error.code).toBe('ECONNREFUSED')
    expect(error.message).toMatch(
      new RegExp(
        `^could not use proxy 127\\.0\\.0\\.1:${port} \\(ECONNREFUSED: .*\\); check HTTPS_PROXY and NO_PROXY$`
      )
    )
  })

  it('refuses, without retry and without connecting, a proxy variable it cannot use', async () => {
    // https_proxy is read first; each is set, so that no value in this process's env counts.
    const unusable = {
      https_proxy: 'socks5://proxy.test:1080',
      HTTPS_PROXY: '',
      no_proxy: '',
      NO_PROXY: ''
    }
    const error = await withProcessEnv(unusable, () =>
      failure(
        send(
          { url: new URL('https://api.test/oauth/token'), headers: {}, body: '{"a":"b"}' },
          { timeoutMs: 2000 }
        )
      )
    )
    expect(error.code).toBe('EPROXYREFUSED')
    expect(error.message).toMatch(/^https_proxy is not a usable proxy URL: /)
    expect(error.message).not.toContain('proxy.test')
    expect(isRetryable({ kind: 'error', error })).toBe(false)
  })

  it('marks a failure through a proxy (via), which failures.ts may blame, and a direct one not', async () => {
    const server = await rawServer(socket => socket.resetAndDestroy())
    const proxied = await failure(
      send(
        { url: new URL('http://api.test/oauth/token'), headers: {}, body: '{"a":"b"}' },
        { timeoutMs: 2000, proxyFor: () => new URL(server.origin) }
      )
    )
    const direct = await failure(post(server))
    expect([proxied.code, proxied.via, direct.code, direct.via]).toEqual([
      'ECONNRESET',
      true,
      'ECONNRESET',
      false
    ])
  })

  it.each([
    ['407', 'HTTP/1.0 407 Proxy Authentication Required', 'http://127.0.0.1', false],
    ['401', 'HTTP/1.0 401 Unauthorized', 'http://proxy-user:wrong@127.0.0.1', true]
  ])(
    "returns a proxy's own %s that it resets the connection after (tinyproxy's), not a cut answer",
    async (_status, statusLine, proxyUrl, proxyCredentials) => {
      // tinyproxy 1.11: HTTP/1.0, no length, then a reset, as the request's body is unread.
      const page = '<html><title>denied</title></html>'
      const proxy = await rawServer(socket =>
        socket.write(`${statusLine}\r\nContent-Type: text/html\r\n\r\n${page}`, () =>
          setTimeout(() => socket.resetAndDestroy(), 20)
        )
      )
      const answer = await send(
        { url: new URL('http://api.test/oauth/token'), headers: {}, body: '{"a":"b"}' },
        { timeoutMs: 2000, proxyFor: () => new URL(proxyUrl.replace('127.0.0.1', proxy.host)) }
      )
      // Its end is marked as a cut (redact masks a secret's start there): the reset may have cut it.
      expect([answer.status, answer.body, answer.proxyCredentials]).toEqual([
        Number(statusLine.split(' ')[1]),
        `${page}…`,
        proxyCredentials
      ])
    }
  )

  // The same page compressed, whole before the reset: shown as the uncompressed one is.
  it("returns a proxy's own compressed 407, whole before its reset", async () => {
    const page = '<html><title>denied</title></html>'
    const proxy = await rawServer(socket => {
      socket.write('HTTP/1.0 407 Proxy Authentication Required\r\nContent-Type: text/html\r\n')
      socket.write(
        Buffer.concat([Buffer.from('Content-Encoding: gzip\r\n\r\n'), gzipSync(page)]),
        () => setTimeout(() => socket.resetAndDestroy(), 20)
      )
    })
    const answer = await send(
      { url: new URL('http://api.test/oauth/token'), headers: {}, body: '{"a":"b"}' },
      { timeoutMs: 2000, proxyFor: () => new URL(`http://${proxy.host}`) }
    )
    expect([answer.status, answer.body]).toEqual([407, `${page}…`])
  })

  it('tells a 401 a proxy relays (its Via) and then resets by its status, its end a cut', async () => {
    const proxy = await rawServer(socket =>
      socket.write(
        'HTTP/1.1 401 Unauthorized\r\nVia: 1.1 proxy\r\nContent-Length: 100\r\n\r\n{',
        () => setTimeout(() => socket.resetAndDestroy(), 20)
      )
    )
    const answer = await send(
      { url: new URL('http://api.test/oauth/token'), headers: {}, body: '{"a":"b"}' },
      { timeoutMs: 2000, proxyFor: () => new URL(proxy.origin) }
    )
    expect([answer.status, answer.body, answer.headers.via]).toEqual([401, '…', '1.1 proxy'])
  })

  // An answer's status and headers say what to do (wait out Retry-After, go to Location, fix the
  // credentials), however its body ends; only a 2xx's body holds what was asked for.
  it.each([
    [
      'a 503 and its Retry-After',
      'HTTP/1.1 503 Service Unavailable\r\nRetry-After: 3\r\nContent-Length: 47\r\n\r\n{"error":"t',
      { status: 503, header: ['retry-after', '3'], body: '…' }
    ],
    [
      'a 302 and its Location',
      'HTTP/1.1 302 Found\r\nLocation: https://auth.test/oauth/token\r\nContent-Length: 80\r\n\r\n<html>',
      { status: 302, header: ['location', 'https://auth.test/oauth/token'], body: '…' }
    ],
    [
      'a compressed 401',
      'HTTP/1.1 401 Unauthorized\r\nContent-Encoding: gzip\r\nContent-Length: 90\r\n\r\n\x1f\x8b\x08',
      { status: 401, header: ['content-encoding', 'gzip'], body: '…' }
    ]
  ])('tells %s whose body a reset cuts by its status', async (_name, written, expected) => {
    const server = await rawServer(socket =>
      socket.write(Buffer.from(written, 'latin1'), () =>
        setTimeout(() => socket.resetAndDestroy(), 20)
      )
    )
    const answer = await send({ url: server, headers: {}, body: '{"a":"b"}' }, { timeoutMs: 2000 })
    const [name, value] = expected.header
    expect([answer.status, answer.headers[name], answer.body]).toEqual([
      expected.status,
      value,
      expected.body
    ])
  })

  it.each([
    ['a reset mid-headers', 'HTTP/1.1 200 OK\r\nContent-Ty', 200, 'ECONNRESET', 'read ECONNRESET'],
    [
      'a duplicate Content-Length',
      'HTTP/1.1 401 Unauthorized\r\nContent-Length: 2\r\nContent-Length: 5\r\n\r\n{}',
      401,
      'HPE_UNEXPECTED_CONTENT_LENGTH',
      expect.stringMatching(/^Parse Error: /)
    ]
  ])(
    'keeps the status line of an answer a proxy relays whose headers never end (%s), and does not blame the proxy',
    async (_how, answer, status, code, message) => {
      // As sent directly: a refresh_token grant's 2xx must not be resent, nor a 4xx retried.
      const proxy = await rawServer(socket =>
        socket.write(answer, () => setTimeout(() => socket.resetAndDestroy(), 20))
      )
      const error = await failure(
        send(
          { url: new URL('http://api.test/oauth/token'), headers: {}, body: '{"a":"b"}' },
          { timeoutMs: 2000, proxyFor: () => new URL(proxy.origin) }
        )
      )
      expect([error.code, error.message, error.status, error.proxy]).toEqual([
        code,
        message,
        status,
        undefined
      ])
    }
  )

  it('names the proxy in a timeout through it, as the proxy may be what is slow', async () => {
    const proxy = await rawServer(() => undefined)
    const error = await failure(
      send(
        { url: new URL('http://api.test/oauth/token'), headers: {}, body: '{"a":"b"}' },
        { timeoutMs: 200, proxyFor: () => new URL(proxy.origin) }
      )
    )
    expect([error.code, error.message, error.proxy]).toEqual([
      'ETIMEDOUT',
      'timed out after 0.2 s',
      proxy.host
    ])
  })

  it('keeps the status of an answer its timeout ends', async () => {
    const url = await serve((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': '100' })
      res.write('{"access_token":')
    })
    const error = await failure(post(url, 300))
    expect([error.code, error.message, error.status]).toEqual([
      'ETIMEDOUT',
      'timed out after 0.3 s',
      200
    ])
    const silent = await serve(() => undefined)
    expect((await failure(post(silent, 300))).status).toBeUndefined()
  })

  it.each([
    [300, {}],
    [401, {}],
    [503, { 'Retry-After': '3' }]
  ])(
    'tells a %i whose body does not end in time by its status and headers, and lets go of it',
    async (status, headers) => {
      const url = await serve((_req, res) => {
        res.writeHead(status, {
          'Content-Type': 'application/json',
          'Content-Length': '100',
          ...headers
        })
        res.write('{"error":"invalid_cl')
      })
      const started = Date.now()
      const answer = await post(url, 300)
      expect([answer.status, answer.body]).toEqual([status, '…'])
      expect(answer.headers['retry-after']).toBe(status === 503 ? '3' : undefined)
      expect(Date.now() - started).toBeLessThan(2000)
      // The connection is closed, not held open (it would keep the process alive).
      await new Promise(resolve => setTimeout(resolve, 100))
      expect(sockets.size).toBe(0)
    }
  )

  /* An h2c-only port's answer to HTTP/1.1: its SETTINGS frame first, as nginx 1.22's `listen
   * http2` and Node's http2.createServer send it (checked on loopback), or a GOAWAY alone. */
  it.each([
    [
      'nginx: SETTINGS, WINDOW_UPDATE, GOAWAY',
      '000012040000000000000300000080000400010000000500ffffff0000040800000000007fff00000000080700000000000000000000000001'
    ],
    ["Node's http2: an empty SETTINGS", '000000040000000000'],
    ['a GOAWAY alone', '0000080700000000000000000000000001']
  ])('says the answer is an HTTP/2 frame: %s', async (_how, hex) => {
    const url = await rawServer(socket => socket.end(Buffer.from(hex, 'hex')))
    const error = await failure(post(url))
    expect([error.code, error.message, error.status]).toEqual([
      'HPE_INVALID_CONSTANT',
      H2_ONLY,
      undefined
    ])
    expect(isRetryable({ kind: 'error', error })).toBe(false)
  })

  /* Not a frame header on stream 0 of type SETTINGS or GOAWAY: Node's words stay. */
  it.each([
    ['a DATA frame header', '000000000000000000'],
    ['a SETTINGS frame on stream 1', '000000040000000001'],
    ['a binary banner', '4a0000000a382e302e3336']
  ])("keeps Node's message for other bytes that are not HTTP: %s", async (_how, hex) => {
    const url = await rawServer(socket => socket.end(Buffer.from(hex, 'hex')))
    const error = await failure(post(url))
    expect([error.code, error.message]).toEqual([
      'HPE_INVALID_CONSTANT',
      'Parse Error: Expected HTTP/, RTSP/ or ICE/'
    ])
  })

  it("keeps the status of an answer whose body breaks HTTP's framing", async () => {
    // A refresh_token grant must know the server answered 2xx: it then retries nothing.
    const url = await rawServer(socket =>
      socket.end(
        'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{"\r\nzz\r\n'
      )
    )
    const error = await failure(post(url))
    expect([error.code, error.status]).toEqual(['HPE_INVALID_CHUNK_SIZE', 200])
  })

  it.each([
    [
      'a duplicate Content-Length',
      'HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 5\r\n\r\n{}',
      200,
      'HPE_UNEXPECTED_CONTENT_LENGTH'
    ],
    [
      'an invalid Content-Length',
      'HTTP/1.1 401 Unauthorized\r\nContent-Length: 2x\r\n\r\n{}',
      401,
      'HPE_INVALID_CONTENT_LENGTH'
    ],
    ['a reset mid-headers', 'HTTP/1.1 200 OK\r\nContent-Ty', 200, 'ECONNRESET'],
    ['a close mid-headers', 'HTTP/1.1 403 Forbidden\r\nContent-Ty', 403, 'ECONNRESET']
  ])(
    'keeps the status line of an answer whose headers never end: %s',
    async (how, answer, status, code) => {
      // The server answered: a refresh_token grant must not resend, nor any grant after a 4xx,
      // nor after framing that the server would break again.
      const url = await rawServer(socket =>
        socket.write(answer, () =>
          setTimeout(() => (how.includes('reset') ? socket.resetAndDestroy() : socket.end()), 20)
        )
      )
      const error = await failure(post(url))
      expect([error.code, error.status]).toEqual([code, status])
      expect(isRetryable({ kind: 'error', error })).toBe(status < 300 && code === 'ECONNRESET')
    }
  )

  it.each([
    ['a 100 Continue alone', 'HTTP/1.1 100 Continue\r\n\r\n', undefined],
    ['a 103 Early Hints alone', 'HTTP/1.1 103 Early Hints\r\nLink: </app.css>\r\n\r\n', undefined],
    [
      'a 100 Continue, then a 401 whose headers never end',
      'HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 401 Unauthorized\r\nContent-Ty',
      401
    ],
    [
      'a 103 Early Hints, then a 200 whose headers never end',
      'HTTP/1.1 103 Early Hints\r\nLink: </app.css>\r\n\r\nHTTP/1.1 200 OK\r\nContent-Ty',
      200
    ],
    // Not HTTP: no status line further on is this answer's (the scheme advice stays).
    [
      'a banner of another protocol, then a line like a status line',
      'SSH-2.0-OpenSSH_9.6\r\nHTTP/1.1 200 OK\r\nContent-Ty',
      undefined,
      'HPE_INVALID_CONSTANT'
    ]
  ])(
    'does not take an informational 1xx for the answer, then reset: %s',
    async (_how, answer, status, code = 'ECONNRESET') => {
      // A 1xx is no answer: a reset after one alone is no answer at all (revocation retries it,
      // and does not say "HTTP 100 answer cut off"); the final status behind it is the answer.
      const url = await rawServer(socket =>
        socket.write(answer, () => setTimeout(() => socket.resetAndDestroy(), 20))
      )
      const error = await failure(post(url))
      expect([error.code, error.status]).toEqual([code, status])
    }
  )

  // Over the limit as sent, a failure page is told by its start only where that is a 16th of the
  // limit or more: a shorter one may end inside a secret it echoes (the rest comes in one chunk).
  it.each([
    [150, `${'x'.repeat(150)}…`],
    [90, '…']
  ])(
    'tells a failure page over the limit by a start of %i bytes only from a 16th of the limit on',
    async (start, body) => {
      const url = await rawServer(socket => {
        socket.write(
          `HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain\r\nContent-Length: 5000\r\n\r\n${'x'.repeat(start)}`,
          () => setTimeout(() => socket.write('y'.repeat(2000)), 50)
        )
      })
      const answer = await post(url, 2000, 1600)
      expect([answer.status, answer.body]).toEqual([503, body])
    }
  )

  // Its multi-byte reading, searched for secrets, is cut as the page is: its end marked too.
  it('marks the end of a multi-byte page cut at the limit in the text searched for secrets', async () => {
    const url = await rawServer(socket => {
      socket.write(
        Buffer.concat([
          Buffer.from(
            'HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain; charset=Shift_JIS\r\nContent-Length: 5000\r\n\r\n'
          ),
          Buffer.from('93fa967b'.repeat(38), 'hex')
        ]),
        () => setTimeout(() => socket.write('y'.repeat(2000)), 50)
      )
    })
    const answer = await post(url, 2000, 1600)
    expect([answer.status, answer.body, answer.charset, answer.searched]).toEqual([
      400,
      `${'\ufffd\ufffd\ufffd{'.repeat(38)}…`,
      'Shift_JIS',
      `${'日本'.repeat(38)}…`
    ])
  })

  // Crafted: a few words, then bytes gzip discards, in an outer gzip that decodes past the limit.
  // Cut there, the inner layer decodes whole to a few words that may end inside a secret it echoes.
  it('tells a failure page whose outer coding decodes past the limit to a few words by its status', async () => {
    const inner = Buffer.concat([
      gzipSync('Invalid password: Hunter2-Pa'),
      Buffer.alloc(2 * 1024 * 1024)
    ])
    const url = await serve((_req, res) => {
      res.writeHead(503, { 'Content-Type': 'text/plain', 'Content-Encoding': 'gzip, gzip' })
      res.end(gzipSync(inner))
    })
    const answer = await post(url, 10_000)
    expect([answer.status, answer.body]).toEqual([503, '…'])
  })

  // A failure page is told by its start: of one cut at the limit, or over it once decoded, the
  // first MiB that decodes, its end marked (the message reads only its start).
  it.each([
    ['cut at the limit as sent', 3 * 1024 * 1024, 'gzip'],
    ['over the limit once decoded', 1620087, 'gzip'],
    ['over the limit once decoded, in brotli', 1620087, 'br']
  ])('reads a compressed failure page %s up to the limit', async (_name, size, coding) => {
    // Random text compresses to about three quarters: 3 MiB of it is over the limit as sent.
    const page = `<html><head><title>Down for maintenance</title></head><body>${randomBytes(size).toString('base64')}`
    // Brotli at quality 5, not its default 11, which gains nothing on random text (1,622,442 bytes
    // against 1,622,707) and took 2.9 s of CPU, 17 s on the wall beside CPU hogs, against 40 ms.
    const compressed =
      coding === 'br'
        ? brotliCompressSync(page, { params: { [constants.BROTLI_PARAM_QUALITY]: 5 } })
        : gzipSync(page)
    const url = await serve((_req, res) => {
      res.writeHead(503, { 'Content-Type': 'text/html', 'Content-Encoding': coding })
      res.end(compressed)
    })
    const answer = await post(url, 10_000)
    expect(answer.status).toBe(503)
    expect(answer.body).toBe(`${page.slice(0, 1024 * 1024)}…`)
  })

  // decodePage: a layer that decodes nothing leaves the whole page as sent, not half undone.
  it('reads a failure page as sent when a later layer of its codings does not undo', async () => {
    const page = '{"error":"invalid_client","error_description":"Client authentication failed"}'
    const read = async (coding: string): Promise<string> => {
      const url = await serve((_req, res) => {
        res.writeHead(401, { 'Content-Type': 'application/json', 'Content-Encoding': coding })
        res.end(gzipSync(page))
      })
      return (await post(url)).body
    }
    const asSent = await read('x-custom')
    expect(asSent).not.toBe(page)
    // Said twice, applied once: the second gunzip finds no gzip in the page.
    expect(await read('gzip, gzip')).toBe(asSent)
  })

  it('reads a compressed failure page of just the limit whole, its end not marked', async () => {
    const page = 'x'.repeat(1024 * 1024)
    const url = await serve((_req, res) => {
      res.writeHead(503, { 'Content-Type': 'text/plain', 'Content-Encoding': 'gzip' })
      res.end(gzipSync(page))
    })
    const answer = await post(url, 10_000)
    expect([answer.status, answer.body.length, answer.body.endsWith('…')]).toEqual([
      503,
      page.length,
      false
    ])
  })

  // A page that decodes to far more than it weighs (a zip bomb: 64 KB of gzip, 64 MiB of text) is
  // decoded no further than the limit: the checksum at its end, made wrong here, is never read.
  it('stops decoding a failure page at the limit, never reaching what follows', async () => {
    const page = `<html><head><title>Down for maintenance</title></head><body>${'x'.repeat(64 * 1024 * 1024)}`
    const compressed = gzipSync(page)
    compressed.writeUInt32LE(
      ~compressed.readUInt32LE(compressed.length - 8) >>> 0,
      compressed.length - 8
    )
    expect(compressed.length).toBeLessThan(128 * 1024)
    const url = await serve((_req, res) => {
      res.writeHead(503, { 'Content-Type': 'text/html', 'Content-Encoding': 'gzip' })
      res.end(compressed)
    })
    const answer = await post(url, 10_000)
    expect(answer.status).toBe(503)
    expect(answer.body).toBe(`${page.slice(0, 1024 * 1024)}…`)
  })

  // And its decoder is stopped there: left to run once the page is answered, it would decode the
  // rest (64 MiB), copying what it holds at each piece, on CPU time the step goes on paying for.
  it('stops decoding a failure page at the limit once it is answered', async () => {
    const bomb = gzipSync(Buffer.alloc(64 * 1024 * 1024, 'x'))
    const started = cpuMs()
    const [page, cutOff, broken] = await decodePage(bomb, 'gzip', 1024 * 1024)
    expect([page.length, cutOff, broken]).toEqual([1024 * 1024, true, false])
    await new Promise(resolve => setTimeout(resolve, 300))
    expect(cpuMs() - started).toBeLessThan(150)
  })

  // Stored, not compressed: cut at the limit as sent, it decodes to less than the limit and ends
  // early, which the cut explains; what came is told by its start, as a page over the limit.
  it('reads a compressed failure page cut at the limit as sent, which ends early there', async () => {
    const page = `<html><head><title>Down for maintenance</title></head><body>${'x'.repeat(1_600_000)}`
    const url = await serve((_req, res) => {
      res.writeHead(503, { 'Content-Type': 'text/html', 'Content-Encoding': 'gzip' })
      res.end(gzipSync(page, { level: 0 }))
    })
    const answer = await post(url, 10_000)
    expect(answer.status).toBe(503)
    expect(answer.body.length).toBeLessThan(1024 * 1024)
    // Less by what the cut wire chunk and the decoder's last piece held.
    expect(answer.body.length).toBeGreaterThan(900 * 1024)
    expect(answer.body).toBe(`${page.slice(0, answer.body.length - 1)}…`)
  })

  // Crafted: a few words, then bytes gzip discards (what follows a member and is none) past the
  // limit as sent. Cut there, it decodes whole, to less than a message reads, which may end inside
  // a secret it echoes: told by its status alone, its end marked.
  it('tells a compressed failure page cut at the limit as sent that decodes to a few words by its status', async () => {
    const compressed = Buffer.concat([
      gzipSync('Invalid password: Hunter2-Pa'),
      Buffer.alloc(2 * 1024 * 1024)
    ])
    const url = await serve((_req, res) => {
      res.writeHead(503, { 'Content-Type': 'text/plain', 'Content-Encoding': 'gzip' })
      res.end(compressed)
    })
    const answer = await post(url, 10_000)
    expect(answer.status).toBe(503)
    expect(answer.body).toBe('…')
  })

  // As one a reset cuts: the part that came may end inside a secret it echoes, however long it is.
  it.each([
    [60_000, 40_000],
    [300_000, 200_000]
  ])(
    'tells a compressed failure page broken on the way by its status, and that it was cut (%i random bytes, broken after %i)',
    async (size, at) => {
      const page = `<html><head><title>Down for maintenance</title></head><body>${randomBytes(size).toString('base64')}`
      const compressed = gzipSync(page)
      const url = await serve((_req, res) => {
        res.writeHead(502, { 'Content-Type': 'text/html', 'Content-Encoding': 'gzip' })
        res.end(Buffer.concat([compressed.subarray(0, at), Buffer.alloc(40, 0xff)]))
      })
      const answer = await post(url)
      expect(answer.status).toBe(502)
      expect(answer.body).toBe('…')
    }
  )

  // decodePage: the outer coding (listed last, undone first) breaks after giving every byte of the
  // inner one, which then ends cleanly: the page is still broken, so told by its status alone.
  it.each([
    ['gzip, br', 'its brotli stream cut by a byte'],
    ['gzip, gzip', 'its outer gzip trailer missing']
  ])(
    'tells a failure page whose outer coding breaks after an inner one ends by its status (%s: %s)',
    async coding => {
      const page = `<html><head><title>Bad Gateway</title></head><body>${randomBytes(100_000).toString('base64')}`
      const inner = gzipSync(page)
      const sent = coding.endsWith('br')
        ? brotliCompressSync(inner).subarray(0, -1)
        : gzipSync(inner).subarray(0, -8)
      const url = await serve((_req, res) => {
        res.writeHead(502, { 'Content-Type': 'text/html', 'Content-Encoding': coding })
        res.end(sent)
      })
      const answer = await post(url)
      expect([answer.status, answer.body, answer.cut]).toEqual([502, '…', true])
    }
  )

  it('has no status for a connection closed before any answer', async () => {
    const url = await serve(req => req.socket.destroy())
    const error = await failure(post(url))
    expect(error.code).toBe('ECONNRESET')
    expect(error.status).toBeUndefined()
  })

  it.each([
    ['a page over the limit', 3 * 1024 * 1024],
    ['an endless page', Infinity]
  ])(
    'keeps the status of a failure with %s, read up to the limit, at once',
    async (_name, total) => {
      let written = 0
      const url = await serve((_req, res) => {
        res.writeHead(503, { 'Content-Type': 'text/html', 'Retry-After': '1' })
        const chunk = Buffer.alloc(64 * 1024, 'x')
        const write = (): void => {
          while (!res.destroyed && written < total && res.write(chunk)) written += chunk.length
          if (res.destroyed) return
          if (written >= total) res.end()
          else res.once('drain', write)
        }
        write()
      })
      const started = Date.now()
      const answer = await post(url, 10_000)
      expect(answer.status).toBe(503)
      expect(answer.headers['retry-after']).toBe('1')
      // Cut at the limit, its end marked (parseFields drops a form's cut last field).
      expect(answer.body).toMatch(/^x+…$/)
      expect(answer.body.length).toBeLessThanOrEqual(MAX_BODY_BYTES + 1)
      expect(answer.body.length).toBeGreaterThan(MAX_BODY_BYTES - 64 * 1024)
      // It stops reading: well before the timeout, and well before an endless page would end.
      expect(Date.now() - started).toBeLessThan(5000)
      expect(isRetryable({ kind: 'response', response: answer })).toBe(true)
    }
  )

  it.each([
    ['windows-1252', [0x4f, 0x6c, 0xe9, 0x96, 0x4f, 0x80], 'Olé–O€', 'windows-1252', undefined],
    // Its one byte over 0x7f is the lowest, 0x80: the euro sign.
    ['windows-1252', [0x70, 0x77, 0x2d, 0x80], 'pw-€', 'windows-1252', undefined],
    ['"KOI8-R"', [0xf0, 0xc1, 0xd2, 0xcf, 0xcc, 0xd8], 'Пароль', 'KOI8-R', undefined],
    // Not single-byte: a byte of one character may pair with the next, so read as UTF-8, and in
    // its charset only to be searched for secrets (response.ts).
    ['Shift_JIS', [0x93, 0xfa, 0x96, 0x7b], '\ufffd\ufffd\ufffd{', 'Shift_JIS', '日本']
  ])(
    'reads an error page that is not UTF-8 in the single-byte charset it names (%s)',
    async (charset, bytes, text, read, searched) => {
      const url = await serve((_req, res) => {
        res.writeHead(400, { 'Content-Type': `text/plain; charset=${charset}` })
        res.end(Buffer.from(bytes))
      })
      const answer = await post(url)
      expect(answer.body).toBe(text)
      expect(answer.charset).toBe(read)
      expect(answer.searched).toBe(searched)
    }
  )

  // Tomcat names ISO-8859-1 for pages it writes in UTF-8; one cut at the size limit may end
  // inside a character, which is no reason to read the rest as Windows-1252.
  it('reads as UTF-8 an error page that is UTF-8 but for a character cut at its end', async () => {
    const page = Buffer.from('Olé–Olé €')
    const url = await serve((_req, res) => {
      res.writeHead(400, { 'Content-Type': 'text/html; charset=ISO-8859-1' })
      res.write(page.subarray(0, -2))
      setTimeout(() => res.end(Buffer.alloc(4096, 'x')), 50)
    })
    expect((await post(url, 2000, page.length - 2)).body).toBe('Olé–Olé \ufffd…')
  })

  it("tells each address's failure for a name Node tried at two addresses", async () => {
    // Node tries each address of a name (autoSelectFamily), and when all fail throws an
    // AggregateError whose own message is empty.
    const url = await serve(() => undefined)
    await Promise.all(servers.splice(0).map(s => new Promise(resolve => s.close(resolve))))
    const realLookup = dns.lookup
    dns.lookup = ((hostname: string, options: unknown, callback: unknown) => {
      const done = (typeof options === 'function' ? options : callback) as (
        ...result: unknown[]
      ) => void
      if (hostname !== 'dual-stack.test')
        return Reflect.apply(realLookup, dns, [hostname, options, callback])
      const all = typeof options === 'object' && options !== null && 'all' in options && options.all
      const addresses = [
        { address: '::1', family: 6 },
        { address: '127.0.0.1', family: 4 }
      ]
      process.nextTick(() => (all ? done(null, addresses) : done(null, '::1', 6)))
      return undefined
    }) as typeof dns.lookup
    try {
      const error = await failure(post(new URL(`http://dual-stack.test:${url.port}/oauth/token`)))
      expect(error.message).toMatch(/ \S*::1\S*, .*127\.0\.0\.1/)
      expect(error.message).toContain(`127.0.0.1:${url.port}`)
    } finally {
      dns.lookup = realLookup
    }
  })

  it('makes one message of an AggregateError: its own, else each error it holds, once', () => {
    const refused = (address: string) =>
      Object.assign(new Error(`connect ECONNREFUSED ${address}`), { code: 'ECONNREFUSED' })
    const both = [refused('::1:9'), refused('127.0.0.1:9'), refused('127.0.0.1:9')]
    const empty = Object.assign(new AggregateError(both, ''), { code: 'ECONNREFUSED' })
    expect(asTransportError(empty)).toMatchObject({
      code: 'ECONNREFUSED',
      message: 'connect ECONNREFUSED ::1:9, connect ECONNREFUSED 127.0.0.1:9'
    })
    const named = Object.assign(new AggregateError(both, 'all failed'), { code: 'ECONNREFUSED' })
    expect(asTransportError(named).message).toBe('all failed')
    expect(
      asTransportError(Object.assign(new AggregateError([], ''), { code: 'EX' })).message
    ).toBe('EX')
  })

  it('puts what was thrown on one line, keeping its code', () => {
    expect(asTransportError(new Error('first line\nsecond line'))).toMatchObject({
      code: 'ERROR',
      message: 'first line second line'
    })
    expect(asTransportError(Object.assign(new Error('a\r\nb'), { code: 'EPROTO' }))).toMatchObject({
      code: 'EPROTO',
      message: 'a b'
    })
    expect(asTransportError('x\ry').message).toBe('x y')
  })

  it('says ERROR for something thrown that reads as nothing, never an empty message', () => {
    expect([asTransportError(' \n').message, asTransportError(' \n').code]).toEqual([
      'ERROR',
      'ERROR'
    ])
  })

  it('names a refused connection by its code', async () => {
    const url = await serve(() => undefined)
    await Promise.all(servers.splice(0).map(s => new Promise(resolve => s.close(resolve))))
    const error = await failure(post(url))
    expect(error.code).toBe('ECONNREFUSED')
    expect(error.message).toContain('ECONNREFUSED 127.0.0.1')
  })
})

describe('send over TLS', () => {
  const pki = new TestPki()
  afterAll(() => pki.cleanup())

  // Verification is on whatever NODE_TLS_REJECT_UNAUTHORIZED says: the body holds credentials.
  it('refuses a server whose certificate it does not trust, before the body is sent', async () => {
    const authority = pki.authority('transport-ca')
    const leaf = pki.leaf('transport-leaf', { altNames: ['IP:127.0.0.1'], issuer: authority })
    const bodies: string[] = []
    const server = createHttpsServer({ key: leaf.key, cert: leaf.cert }, (req, res) => {
      let body = ''
      req.on('data', chunk => (body += String(chunk)))
      req.on('end', () => {
        bodies.push(body)
        res.end('{}')
      })
    })
    server.on('connection', (socket: Socket) => {
      sockets.add(socket)
      socket.on('close', () => sockets.delete(socket))
    })
    server.on('tlsClientError', () => undefined)
    servers.push(server)
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
    const { port } = server.address() as AddressInfo
    const request = {
      url: new URL(`https://127.0.0.1:${port}/oauth/token`),
      headers: { 'Content-Type': 'application/json' },
      body: '{"a":"b"}'
    }
    const error = await failure(send(request, { timeoutMs: 2000, proxyFor: () => undefined }))
    expect(error.code).toBe('UNABLE_TO_VERIFY_LEAF_SIGNATURE')
    expect(bodies).toEqual([])
    // The same server, its authority given: the refusal was the certificate's.
    const answer = await send(request, {
      timeoutMs: 2000,
      ca: [authority.cert],
      proxyFor: () => undefined
    })
    expect(answer.body).toBe('{}')
    expect(bodies).toEqual(['{"a":"b"}'])
  })
})

describe('isIpLiteral', () => {
  it.each([
    ['https://127.0.0.1/', true],
    ['https://10.1.2.3:8443/', true],
    ['https://[::1]/', true],
    ['https://[2001:db8::1]/', true],
    ['https://auth.example.com/', false],
    ['https://1.2.3.4.example.com/', false],
    ['https://localhost/', false]
  ])('%s: %s (an IP address is never sent as SNI)', (url, expected) => {
    expect(isIpLiteral(new URL(url).hostname)).toBe(expected)
  })
})
