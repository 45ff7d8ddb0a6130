// Interop with a real reverse proxy from Debian's packages, nginx 1.22 (nginx-light), in front of
// loopback token servers, with the BUILT action (dist/index.js) run as the GitHub runner runs it:
// TLS terminated at nginx with a private certificate authority, an HTTP/2 listener, gzip, chunked
// answers, and nginx's own answers (its HTML 502, 504, 503 or 429 of limit_req, 413, 301, 404 and
// 401 of auth_basic), each retried or told in one line that names what to fix. No secret reaches
// the log, nor nginx's access or error log. One nginx serves the file; it is skipped, with the
// reason on stderr, where nginx is not installed.
import { afterAll, beforeAll, expect, it } from '@jest/globals'
import { connect } from 'node:http2'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  type ActionRun,
  actionDefaults,
  errorLines,
  findLeaks,
  maskedLog,
  maskedValues,
  runAction
} from '../scripts/runner.mjs'
import { type SeedServer, passwordGrantInputs, startSeedServer } from '../scripts/seed-server.mjs'
import {
  type FaultServer,
  type TokenResponse,
  closedPort,
  hang,
  newToken,
  startFaultServer,
  token
} from './support/fault-server.js'
import { freePort } from './support/daemon.js'
import { type Nginx, nginxMissing, nginxVersion, startNginx } from './support/nginx.js'
import { type Certificate, TestPki } from './support/pki.js'
import { describeUnless } from './support/skip.js'
import { waitUntil } from './support/wait.js'

const missing = nginxMissing()
const describeNginx = describeUnless(missing, 'nginx-interop.test.ts')

let nginx: Nginx
let seed: SeedServer
let pki: TestPki
let authority: Certificate
let temp: string
/** Upstreams that misbehave: answers in chunks, and one that hangs its first request. */
let chunked: FaultServer
let slow: FaultServer
let slowToken: TokenResponse
let chunkedToken: TokenResponse
/** nginx's ports: plain http, TLS, TLS with http2, plain http2 (h2c), http that redirects. */
const port = { http: 0, tls: 0, h2: 0, h2c: 0, redirect: 0 }
const GATE = { user: 'gate-user', password: `gate-pw-${Date.now().toString(36)}` }

beforeAll(async () => {
  if (missing) return
  temp = mkdtempSync(join(tmpdir(), 'nginx-runner-'))
  seed = await startSeedServer({
    clientSecret: 'nginx-client-secret-4f1e',
    password: 'nginx-pw-9c2d'
  })
  chunkedToken = newToken('chunked')
  chunked = await startFaultServer(() => (_req, res) => {
    res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' })
    const text = JSON.stringify(chunkedToken)
    res.write(text.slice(0, 20))
    setTimeout(() => res.end(text.slice(20)), 20)
  })
  slowToken = newToken('slow')
  slow = await startFaultServer(n => (n === 1 ? hang() : token(slowToken)))
  pki = new TestPki()
  authority = pki.authority('nginx-test-ca')
  const leaf = pki.leaf('nginx-leaf', {
    altNames: ['DNS:localhost', 'IP:127.0.0.1'],
    issuer: authority
  })
  for (const name of Object.keys(port) as (keyof typeof port)[]) port[name] = await freePort()
  const down = await closedPort()
  const upstream = (to: string): string => `proxy_pass ${to}/;`
  const toSeed = upstream(seed.url)
  nginx = await startNginx(
    `
  log_format diag '$server_port $request_method $request_uri $server_protocol $status ce=$sent_http_content_encoding';
  access_log {dir}/diag.log diag;
  limit_req_zone $binary_remote_addr zone=busy:1m rate=30r/m;
  limit_req_zone $binary_remote_addr zone=busy429:1m rate=30r/m;
  ssl_certificate {dir}/leaf.pem;
  ssl_certificate_key {dir}/leaf.key;
  server {
    listen 127.0.0.1:${port.http};
    root {dir}/html;
    location = /oauth/token { proxy_pass ${seed.url}; }
    location /gzip/ { gzip on; gzip_types application/json; gzip_min_length 0; ${toSeed} }
    location /chunked/ { proxy_buffering off; ${upstream(chunked.url)} }
    location /down/ { proxy_pass http://127.0.0.1:${down}/; }
    location /slow/ { proxy_read_timeout 1s; ${upstream(slow.url)} }
    location /busy/ { limit_req zone=busy; ${toSeed} }
    location /busy429/ { limit_req zone=busy429; limit_req_status 429; ${toSeed} }
    location /small/ { client_max_body_size 10; ${toSeed} }
    location /gated/ { auth_basic "Token API"; auth_basic_user_file {dir}/htpasswd; ${toSeed} }
  }
  server {
    listen 127.0.0.1:${port.redirect};
    return 301 https://$host:${port.tls}$request_uri;
  }
  server { listen 127.0.0.1:${port.tls} ssl; location / { ${toSeed} } }
  server { listen 127.0.0.1:${port.h2} ssl http2; location / { ${toSeed} } }
  server { listen 127.0.0.1:${port.h2c} http2; location / { ${toSeed} } }
`,
    Object.values(port),
    {
      'leaf.pem': leaf.cert,
      'leaf.key': leaf.key,
      htpasswd: `${GATE.user}:{PLAIN}${GATE.password}\n`
    }
  )
}, 30_000)

afterAll(async () => {
  if (missing) return
  await nginx?.close()
  await Promise.all([seed?.close(), chunked?.close(), slow?.close()])
  pki?.cleanup()
  rmSync(temp, { recursive: true, force: true })
})

const run = (inputs: Record<string, string>): Promise<ActionRun> =>
  runAction(inputs, { RUNNER_DEBUG: '1', RUNNER_TEMP: temp })

/** A password grant against the seed server behind nginx at `host`. */
const grant = (host: string, more: Record<string, string> = {}): Record<string, string> => ({
  ...actionDefaults(),
  ...passwordGrantInputs(seed),
  host,
  ...more
})

/** Every token the action got, for the check of nginx's logs. */
const issued: string[] = []

const secrets = (): string[] => [seed.client.secret, seed.user.password, GATE.password]

const errors = (step: ActionRun): string[] =>
  step.stdout.split('\n').filter(line => /^::(error|warning)::/.test(line))

/** The attempt lines of retried attempts. */
const retried = (step: ActionRun): string[] =>
  maskedLog(step.stdout)
    .split('\n')
    .filter(line => /^Attempt \d+ of \d+: .*retrying in/.test(line))

/** diag.log's lines for `path` on `server` port. */
const logged = (server: number, path: string): string[] =>
  nginx
    .log('diag.log')
    .split('\n')
    .filter(line => line.startsWith(`${server} `) && line.includes(` ${path} `))

/**
 * diag.log's lines for `path` on `server` port, once there are `count` of them (or 10 s have
 * passed). nginx writes a request's line after it has sent the answer, and the action may read
 * that answer and exit first: on a loaded machine the line was not there yet when the run ended.
 */
async function seen(server: number, path: string, count: number): Promise<string[]> {
  await waitUntil(() => logged(server, path).length >= count, 10_000)
  return logged(server, path)
}

/** A token came through; no secret outside ::add-mask::. */
function expectToken(step: ActionRun, value?: string): void {
  expect(step.stderr).toBe('')
  expect(errors(step)).toEqual([])
  expect(step.code).toBe(0)
  const got = step.outputs['access-token'] ?? ''
  if (value) expect(got).toBe(value)
  else expect(got).toMatch(/^eyJ/)
  const tokens = [got, step.outputs['refresh-token'] ?? ''].filter(Boolean)
  issued.push(...tokens)
  const all = [...tokens, ...secrets()]
  expect(findLeaks(step, all)).toEqual([])
  expect(maskedValues(step.stdout)).toContain(got)
}

function expectFailure(step: ActionRun): string {
  expect(step.code).toBe(1)
  expect(step.outputs).toEqual({})
  expect(findLeaks(step, secrets())).toEqual([])
  const line = errorLines(step.stdout)
  expect(line.split('\n')).toHaveLength(1)
  // nginx's page is read as text: no markup reaches the line.
  expect(line).not.toMatch(/<\/?[a-z]+>/i)
  return line
}

const version = missing ? '' : nginxVersion()

describeNginx(
  `nginx ${version} (Debian) as a reverse proxy${missing ? `: skipped, ${missing}` : ''}`,
  () => {
    it('TLS terminated at nginx, its certificate from a private CA given as ca-certificate', async () => {
      const step = await run(
        grant(`https://127.0.0.1:${port.tls}`, { 'ca-certificate': authority.cert })
      )
      expectToken(step)
      expect(await seen(port.tls, '/oauth/token', 1)).toEqual([
        `${port.tls} POST /oauth/token HTTP/1.1 200 ce=-`
      ])
    })

    it('without ca-certificate: one line that says to give it', async () => {
      const step = await run(grant(`https://127.0.0.1:${port.tls}`, { retries: '0' }))
      expect(expectFailure(step)).toBe(
        `Error: Token request to https://127.0.0.1:${port.tls}/oauth/token failed: UNABLE_TO_VERIFY_LEAF_SIGNATURE: unable to verify the first certificate; if the server uses a private certificate authority, pass its certificate in input 'ca-certificate' (or NODE_EXTRA_CA_CERTS, or NODE_USE_SYSTEM_CA=1); or the server sends no intermediate certificate: add it to input 'ca-certificate'`
      )
    })

    it('an `ssl http2` listener: ALPN falls back to HTTP/1.1, which the action speaks', async () => {
      // nginx does offer h2 there, to a client that asks.
      const session = connect(`https://127.0.0.1:${port.h2}`, { ca: authority.cert })
      const alpn = await new Promise((done, fail) => {
        session.once('connect', () => done(session.alpnProtocol))
        session.once('error', fail)
      })
      session.close()
      expect(alpn).toBe('h2')
      const step = await run(
        grant(`https://127.0.0.1:${port.h2}`, { 'ca-certificate': authority.cert })
      )
      expectToken(step)
      expect(await seen(port.h2, '/oauth/token', 1)).toEqual([
        `${port.h2} POST /oauth/token HTTP/1.1 200 ce=-`
      ])
    })

    it('a plain-http `http2` listener, h2c only in nginx 1.22: the line says the port speaks only HTTP/2', async () => {
      const step = await run(grant(`http://127.0.0.1:${port.h2c}`))
      // Its answer is an HTTP/2 frame, not retried: it would be the same.
      expect(retried(step)).toEqual([])
      expect(expectFailure(step)).toBe(
        `Error: Token request to http://127.0.0.1:${port.h2c}/oauth/token failed: HPE_INVALID_CONSTANT: the answer is an HTTP/2 frame; the port speaks only HTTP/2: use https://, or a port that speaks HTTP/1.1, in input 'host' (or OAUTH_HOST)`
      )
    })

    it('gzip on: an answer the action did not ask to compress is not; one it asked for is decoded', async () => {
      const base = `http://127.0.0.1:${port.http}/gzip`
      expectToken(await run(grant(base)))
      expectToken(await run(grant(base, { headers: 'Accept-Encoding: gzip' })))
      expect(
        (await seen(port.http, '/gzip/oauth/token', 2)).map(line => line.split(' ').slice(4))
      ).toEqual([
        ['200', 'ce=-'],
        ['200', 'ce=gzip']
      ])
    })

    it('a chunked answer, streamed in two pieces (proxy_buffering off)', async () => {
      const url = `http://127.0.0.1:${port.http}/chunked/oauth/token`
      // What nginx sends: chunked, as the upstream wrote no length.
      const framing = await fetch(url, { method: 'POST' }).then(async answer => {
        await answer.text()
        return answer.headers.get('transfer-encoding')
      })
      expect(framing).toBe('chunked')
      const step = await run(grant(`http://127.0.0.1:${port.http}/chunked`))
      expectToken(step, chunkedToken.access_token)
    })

    it("upstream down: nginx's HTML 502 is retried, then one line without the page's markup", async () => {
      const step = await run(grant(`http://127.0.0.1:${port.http}/down`, { retries: '1' }))
      expect(retried(step)).toEqual([
        expect.stringMatching(/^Attempt 1 of 2: HTTP 502; retrying in /)
      ])
      expect(expectFailure(step)).toBe(
        `Error: Token request to http://127.0.0.1:${port.http}/down/oauth/token failed after 2 attempts: HTTP 502 (text/html): 502 Bad Gateway nginx/${version}; try again later, or check the server`
      )
    })

    it('proxy_read_timeout 1s, upstream slow: the 504 is retried and the token comes', async () => {
      const step = await run(grant(`http://127.0.0.1:${port.http}/slow`, { retries: '1' }))
      expect(retried(step)).toEqual([
        expect.stringMatching(/^Attempt 1 of 2: HTTP 504; retrying in /)
      ])
      expectToken(step, slowToken.access_token)
    })

    it('limit_req answers 503 (its default) or 429 (limit_req_status): retried, and the token comes within the retries', async () => {
      // One request per 2 s: a request just before takes the slot the action's first attempt
      // wants, with room for a slow start; the backoff (about 1, 2, 4 s) outlasts it.
      const limited = async (path: string, status: number): Promise<void> => {
        const base = `http://127.0.0.1:${port.http}/${path}`
        await fetch(`${base}/oauth/token`, { method: 'POST' }).then(answer => answer.text())
        const step = await run(grant(base))
        expectToken(step)
        expect(retried(step).length).toBeGreaterThan(0)
        for (const line of retried(step)) expect(line).toContain(`: HTTP ${status}; retrying in`)
      }
      await Promise.all([limited('busy', 503), limited('busy429', 429)])
    })

    it('client_max_body_size 10: the 413 page, not retried, in one line', async () => {
      const step = await run(grant(`http://127.0.0.1:${port.http}/small`))
      expect(retried(step)).toEqual([])
      expect(expectFailure(step)).toBe(
        `Error: Token request to http://127.0.0.1:${port.http}/small/oauth/token failed: HTTP 413 (text/html): 413 Request Entity Too Large nginx/${version}; the request is too large for the server or a proxy in front of it: check extra-params, or raise its limit`
      )
    })

    it('client_max_body_size 10 to a token exchange: the line names subject-token too', async () => {
      const subjectToken = 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJjaS1zdWJqZWN0In0.'
      const step = await run({
        ...grant(`http://127.0.0.1:${port.http}/small`),
        username: '',
        password: '',
        'grant-type': 'urn:ietf:params:oauth:grant-type:token-exchange',
        'subject-token': subjectToken
      })
      expect(retried(step)).toEqual([])
      expect(expectFailure(step)).toBe(
        `Error: Token request to http://127.0.0.1:${port.http}/small/oauth/token failed: HTTP 413 (text/html): 413 Request Entity Too Large nginx/${version}; the request is too large for the server or a proxy in front of it: check extra-params, subject-token, or raise its limit`
      )
      expect(findLeaks(step, [subjectToken])).toEqual([])
    })

    it('return 301 https://… from http://: not followed, and the line says where to point', async () => {
      const before = logged(port.tls, '/oauth/token').length
      const step = await run(grant(`http://127.0.0.1:${port.redirect}`))
      expect(expectFailure(step)).toBe(
        `Error: Token request to http://127.0.0.1:${port.redirect}/oauth/token failed: HTTP 301 redirect to https://127.0.0.1:${port.tls}/oauth/token; redirects are not followed because the body holds credentials: set host and token-path to the final URL`
      )
      expect(await seen(port.redirect, '/oauth/token', 1)).toHaveLength(1)
      expect(logged(port.tls, '/oauth/token')).toHaveLength(before)
    })

    it("a wrong token-path: nginx's 404 page, and the line says check host and token-path", async () => {
      const step = await run(grant(`http://127.0.0.1:${port.http}`, { 'token-path': '/token' }))
      expect(expectFailure(step)).toBe(
        `Error: Token request to http://127.0.0.1:${port.http}/token failed: HTTP 404 (text/html): 404 Not Found nginx/${version}; check host and token-path`
      )
    })

    it("auth_basic in front of the endpoint: nginx's HTML 401 names the proxy's login first; given in headers, it passes", async () => {
      const base = `http://127.0.0.1:${port.http}/gated`
      const step = await run(grant(base))
      expect(expectFailure(step)).toBe(
        `Error: Token request to ${base}/oauth/token failed: HTTP 401 (text/html): 401 Authorization Required nginx/${version}; a proxy in front of the server may ask for its own login: give it in headers; else check client-id, client-secret and client-auth`
      )
      const login = Buffer.from(`${GATE.user}:${GATE.password}`).toString('base64')
      const passed = await run(grant(base, { headers: `Authorization: Basic ${login}` }))
      expectToken(passed)
      expect(findLeaks(passed, [login])).toEqual([])
      // With client-auth basic the client's credentials take Authorization: body frees it.
      const basic = await run(grant(base, { 'client-auth': 'basic' }))
      expect(expectFailure(basic)).toBe(
        `Error: Token request to ${base}/oauth/token failed: HTTP 401 (text/html): 401 Authorization Required nginx/${version}; a proxy in front of the server may ask for its own login: give it in headers with client-auth: body; else check client-id, client-secret and client-auth`
      )
    })

    it('no secret in nginx’s access or error log', () => {
      // The default (combined) format logs the request line: the credentials are in the body.
      const access = nginx.log('access.log')
      expect(access).toMatch(
        /^127\.0\.0\.1 - - \[.+\] "POST \/oauth\/token HTTP\/1\.1" 200 \d+ "-" "oauth2-token-action"$/m
      )
      // The one user name there is the proxy's login's (in $remote_user), never a password.
      expect(access).toContain(` - ${GATE.user} [`)
      const logs = access + nginx.log('error.log')
      const login = Buffer.from(`${GATE.user}:${GATE.password}`).toString('base64')
      for (const secret of [...secrets(), login, ...issued]) expect(logs).not.toContain(secret)
    })
  }
)
