// Interop with a real forward proxy from Debian's packages, tinyproxy 1.11, started on loopback
// with `BasicAuth`, and the BUILT action (dist/index.js) run as the GitHub runner runs it behind
// it: HTTPS_PROXY (CONNECT) and HTTP_PROXY (absolute-form) with the proxy's credentials, without
// them and with wrong ones to CONNECT (tinyproxy answers those with 401, not 407), and to an
// absolute-form request (its own 401 or 407, after which it may reset the connection), NO_PROXY,
// and a server it cannot reach. tinyproxy resolves through the system, so the token endpoint is named by a name
// /etc/hosts maps to 127.0.0.1 (http-client never proxies localhost or 127.*). Skipped, saying
// why, without the tinyproxy package or such a name.
import { afterAll, beforeAll, expect, it } from '@jest/globals'
import {
  type ActionRun,
  errorLines,
  findLeaks,
  maskedValues,
  runAction
} from '../scripts/runner.mjs'
import { freePort } from './support/daemon.js'
import {
  type ForwardProxy,
  expectProxiedToken,
  loopbackName,
  startTinyproxy,
  tinyproxyMissing
} from './support/forward-proxy.js'
import { type Certificate, TestPki } from './support/pki.js'
import { describeUnless } from './support/skip.js'
import { TOKEN_PATH, type TokenEndpoint, startTokenEndpoint } from './support/token-endpoint.js'

const missing = tinyproxyMissing()
const describeTinyproxy = describeUnless(missing, 'tinyproxy-interop.test.ts')

const HOST = loopbackName() ?? 'unused'
const CLIENT_ID = 'tinyproxy-client'
const CLIENT_SECRET = 'tinyproxy-client-secret-77a0c1'
const USERNAME = 'tinyproxy-user'
const PASSWORD = 'tinyproxy-user-password-2b9e'
// tinyproxy's config takes only [-a-z0-9._] in BasicAuth.
const PROXY_USER = 'proxy-user'
const PROXY_PASSWORD = 'proxy-password-6c2f90'
const USERINFO = `${PROXY_USER}:${PROXY_PASSWORD}`
const WRONG = 'wrong-proxy-password-3d18'
const SECRETS = [
  CLIENT_SECRET,
  PASSWORD,
  PROXY_PASSWORD,
  Buffer.from(USERINFO).toString('base64'),
  WRONG,
  Buffer.from(`${PROXY_USER}:${WRONG}`).toString('base64')
]

let pki: TestPki
let ca: Certificate
let https: TokenEndpoint
let http: TokenEndpoint
let closed: number
let tinyproxy: ForwardProxy

beforeAll(async () => {
  if (missing) return
  pki = new TestPki()
  ca = pki.authority('tinyproxy-test-ca')
  const leaf = pki.leaf(HOST, { altNames: [`DNS:${HOST}`], issuer: ca })
  ;[https, http, closed, tinyproxy] = await Promise.all([
    startTokenEndpoint({ key: leaf.key, cert: leaf.cert }),
    startTokenEndpoint(),
    freePort(),
    startTinyproxy({ user: PROXY_USER, password: PROXY_PASSWORD })
  ])
}, 30_000)

afterAll(async () => {
  if (missing) return
  await Promise.all([tinyproxy?.close(), https?.close(), http?.close()])
  pki?.cleanup()
})

const inputs = (endpoint: TokenEndpoint, more: Record<string, string> = {}) => ({
  host: endpoint.base(HOST),
  'client-id': CLIENT_ID,
  'client-secret': CLIENT_SECRET,
  username: USERNAME,
  password: PASSWORD,
  'ca-certificate': endpoint === http ? '' : ca.certPath,
  'allow-insecure-http': endpoint === http ? 'true' : 'false',
  'body-format': 'form',
  retries: '0',
  ...more
})

/** What tinyproxy logged while `body` ran: `METHOD target` lines. */
async function logged<T>(body: () => Promise<T>): Promise<[T, string[]]> {
  const before = tinyproxy.log().length
  const result = await body()
  return [result, tinyproxy.log().slice(before)]
}

function expectToken(step: ActionRun, endpoint: TokenEndpoint): void {
  expectProxiedToken(step, endpoint, { username: USERNAME, password: PASSWORD }, SECRETS)
}

describeTinyproxy(`tinyproxy 1.11 (Debian)${missing ? `: skipped, ${missing}` : ''}`, () => {
  it('HTTPS_PROXY with credentials: the password grant through one CONNECT', async () => {
    const [step, log] = await logged(() =>
      runAction(inputs(https), { HTTPS_PROXY: tinyproxy.url(USERINFO), RUNNER_DEBUG: '1' })
    )
    expectToken(step, https)
    expect(https.requests.at(-1)?.headers['proxy-authorization']).toBeUndefined()
    expect(maskedValues(step.stdout)).toContain(PROXY_PASSWORD)
    expect(log).toEqual([`CONNECT ${HOST}:${https.port}`])
  })

  it('HTTP_PROXY with credentials: the password grant as an absolute-form request', async () => {
    const [step, log] = await logged(() =>
      runAction(inputs(http), { HTTP_PROXY: tinyproxy.url(USERINFO), RUNNER_DEBUG: '1' })
    )
    expectToken(step, http)
    expect(log).toEqual([`POST http://${HOST}:${http.port}${TOKEN_PATH}`])
    // tinyproxy drops Proxy-Authorization before it forwards the request.
    expect(http.requests.at(-1)?.headers['proxy-authorization']).toBeUndefined()
  })

  it('no credentials: 407, and the line says to put them in HTTPS_PROXY', async () => {
    const step = await runAction(inputs(https), { HTTPS_PROXY: tinyproxy.url() })
    expect(step.code).toBe(1)
    expect(errorLines(step.stdout)).toBe(
      `Error: Token request to ${https.base(HOST)}${TOKEN_PATH} failed: proxy ${new URL(tinyproxy.url()).host} refused the tunnel to ${HOST}:${https.port} with HTTP 407; it wants credentials: set HTTPS_PROXY to http://<user>:<password>@host:port`
    )
    expect(findLeaks(step, SECRETS)).toEqual([])
  })

  it('wrong credentials in HTTPS_PROXY: tinyproxy answers CONNECT with 401; the line says it rejected them', async () => {
    const step = await runAction(inputs(https), {
      HTTPS_PROXY: tinyproxy.url(`${PROXY_USER}:${WRONG}`)
    })
    expect(step.code).toBe(1)
    expect(errorLines(step.stdout)).toBe(
      `Error: Token request to ${https.base(HOST)}${TOKEN_PATH} failed: proxy ${new URL(tinyproxy.url()).host} refused the tunnel to ${HOST}:${https.port} with HTTP 401; it rejected the credentials in HTTPS_PROXY: check the user and password there`
    )
    expect(findLeaks(step, SECRETS)).toEqual([])
  })

  it.each([
    [
      'no credentials in HTTP_PROXY: its 407',
      '',
      '407 (text/html): 407 Proxy Authentication Required Proxy Authentication Required This proxy requires authentication. Generated by…; the proxy asks for credentials: put them in HTTP_PROXY (http://<user>:<password>@host:port)'
    ],
    [
      'wrong credentials in HTTP_PROXY: its 401, not a 407; the line says it rejected them',
      `${PROXY_USER}:${WRONG}@`,
      '401 (text/html): 401 Unauthorized Unauthorized The administrator of this proxy has not configured it to service requests from you.…; the proxy rejected the credentials in HTTP_PROXY: check the user and password there'
    ]
  ])('%s, however the connection ends (6 runs)', async (_name, userinfo, line) => {
    // Its own answers are HTTP/1.0 without a length; it leaves the request's body unread, so
    // about one run in six the connection is reset after the answer.
    const proxy = tinyproxy.url().replace('//', `//${userinfo}`)
    for (let run = 0; run < 6; run++) {
      const step = await runAction(inputs(http), { HTTP_PROXY: proxy })
      expect(step.code).toBe(1)
      expect(errorLines(step.stdout)).toBe(
        `Error: Token request to ${http.base(HOST)}${TOKEN_PATH} failed: HTTP ${line}`
      )
      expect(findLeaks(step, SECRETS)).toEqual([])
    }
  })

  it('NO_PROXY: the action goes direct and tinyproxy logs nothing', async () => {
    const requests = https.requests.length
    const [step, log] = await logged(() =>
      runAction(inputs(https), { HTTPS_PROXY: tinyproxy.url(USERINFO), NO_PROXY: HOST })
    )
    expectToken(step, https)
    expect(https.requests).toHaveLength(requests + 1)
    expect(log).toEqual([])
  })

  it('a server tinyproxy cannot reach: its 500 to CONNECT is retried, then one line', async () => {
    const [step, log] = await logged(() =>
      runAction(inputs(https, { host: `https://${HOST}:${closed}`, retries: '1' }), {
        HTTPS_PROXY: tinyproxy.url(USERINFO)
      })
    )
    expect(step.code).toBe(1)
    expect(errorLines(step.stdout)).toBe(
      `Error: Token request to https://${HOST}:${closed}${TOKEN_PATH} failed after 2 attempts: proxy ${new URL(tinyproxy.url()).host} refused the tunnel to ${HOST}:${closed} with HTTP 500: it could not reach ${HOST}:${closed}; check input 'host' (or OAUTH_HOST), or NO_PROXY if the server is only reachable directly`
    )
    expect(log).toEqual([`CONNECT ${HOST}:${closed}`, `CONNECT ${HOST}:${closed}`])
    expect(findLeaks(step, SECRETS)).toEqual([])
  })
})
