// Interop with a real forward proxy from Debian's packages, Squid 5.7, started on loopback with
// Debian's default access rules, and the BUILT action (dist/index.js) run as the GitHub runner
// runs it behind it: HTTPS_PROXY (CONNECT) and HTTP_PROXY (absolute-form), proxy credentials
// checked by basic_ncsa_auth (right, missing, wrong, percent-encoded), Squid's refusals (an ACL
// on the token host, CONNECT to a port outside SSL_ports, a server it cannot reach), NO_PROXY,
// and client-auth github-oidc's ID token request; Squid's access log says what went where.
// The token endpoint is named token.test, which Squid's own hosts file maps to 127.0.0.1
// (http-client never proxies localhost or 127.*). Skipped, saying why, without the squid package.
import { afterAll, beforeAll, expect, it } from '@jest/globals'
import {
  type ActionRun,
  errorLines,
  findLeaks,
  maskedValues,
  runAction
} from '../scripts/runner.mjs'
import { freePort } from './support/daemon.js'
import { startGithubOidc } from './support/federation.js'
import {
  type ForwardProxy,
  expectProxiedToken,
  squidMissing,
  startSquid
} from './support/forward-proxy.js'
import { type Certificate, TestPki } from './support/pki.js'
import { hostsShimScript } from './support/hosts-shim.js'
import { describeUnless } from './support/skip.js'
import { TOKEN_PATH, type TokenEndpoint, startTokenEndpoint } from './support/token-endpoint.js'
import { waitUntil } from './support/wait.js'

const missing = squidMissing()
const describeSquid = describeUnless(missing, 'squid-interop.test.ts')

const HOST = 'token.test'
const DENIED = `denied.${HOST}`
const ID_HOST = `id.${HOST}`
const CLIENT_ID = 'squid-client'
const CLIENT_SECRET = 'squid-client-secret-3f9a27'
const USERNAME = 'squid-user'
const PASSWORD = 'squid-user-password-81c0'
const PROXY_USER = 'proxy-user'
const PROXY_PASSWORD = 'proxy-password-d41e77'
/** `p%40ss:w%3Ard` in the URL: a user with @ and a password with :, percent-encoded. */
const SPECIAL_USER = 'p@ss'
const SPECIAL_PASSWORD = 'w:rd-5e3b'

let pki: TestPki
let ca: Certificate
let hostsShim: string
let https: TokenEndpoint
let http: TokenEndpoint
/** An https endpoint on a port Squid's SSL_ports leaves out, as Debian's default does. */
let offPort: TokenEndpoint
/** A port in SSL_ports where nothing listens. */
let closed: number
let squid: ForwardProxy

beforeAll(async () => {
  if (missing) return
  pki = new TestPki()
  ca = pki.authority('squid-test-ca')
  const leaf = pki.leaf(HOST, { altNames: [`DNS:${HOST}`, `DNS:${DENIED}`], issuer: ca })
  hostsShim = pki.write('hosts-shim.cjs', hostsShimScript(HOST))
  ;[https, http, offPort, closed] = await Promise.all([
    startTokenEndpoint({ key: leaf.key, cert: leaf.cert }),
    startTokenEndpoint(),
    startTokenEndpoint({ key: leaf.key, cert: leaf.cert }),
    freePort()
  ])
  squid = await startSquid({
    names: [HOST, DENIED, ID_HOST],
    sslPorts: [https.port, closed],
    deniedNames: [DENIED],
    user: PROXY_USER,
    password: PROXY_PASSWORD
  })
}, 30_000)

afterAll(async () => {
  if (missing) return
  await Promise.all([squid?.close(), https?.close(), http?.close(), offPort?.close()])
  pki?.cleanup()
})

/** The inputs of a password-grant step against `endpoint` by the name `host`. */
const inputs = (endpoint: TokenEndpoint, more: Record<string, string> = {}) => ({
  host: endpoint.base(HOST),
  'client-id': CLIENT_ID,
  'client-secret': CLIENT_SECRET,
  username: USERNAME,
  password: PASSWORD,
  'ca-certificate': ca.certPath,
  'body-format': 'form',
  retries: '0',
  ...more
})

const SECRETS = [
  CLIENT_SECRET,
  PASSWORD,
  PROXY_PASSWORD,
  Buffer.from(`${PROXY_USER}:${PROXY_PASSWORD}`).toString('base64'),
  SPECIAL_PASSWORD,
  encodeURIComponent(SPECIAL_PASSWORD),
  Buffer.from(`${SPECIAL_USER}:${SPECIAL_PASSWORD}`).toString('base64')
]

/**
 * `proxy`'s log lines after the first `from`, once there are `count` of them (or 10 s have
 * passed); with `count` 0, after 1 s in which a line that should not come could have. Squid
 * writes a CONNECT's line when the tunnel closes, just after the action's exit, and a loaded
 * machine can put that off: the first line alone may be there when the run ends.
 */
async function linesAfter(proxy: ForwardProxy, from: number, count: number): Promise<string[]> {
  await waitUntil(() => proxy.log().length - from >= Math.max(count, 1), count > 0 ? 10_000 : 1000)
  return proxy.log().slice(from)
}

/** What Squid logged while `body` ran (`count` lines): `METHOD URL user status squid-code`. */
async function logged<T>(body: () => Promise<T>, count = 1): Promise<[T, string[]]> {
  const before = squid.log().length
  const result = await body()
  return [result, await linesAfter(squid, before, count)]
}

function expectToken(step: ActionRun, endpoint: TokenEndpoint): void {
  expectProxiedToken(step, endpoint, { username: USERNAME, password: PASSWORD }, SECRETS)
}

describeSquid(`Squid 5 (Debian)${missing ? `: skipped, ${missing}` : ''}`, () => {
  it('HTTPS_PROXY: the password grant through one CONNECT', async () => {
    const [step, log] = await logged(() => runAction(inputs(https), { HTTPS_PROXY: squid.url() }))
    expectToken(step, https)
    expect(log).toEqual([`CONNECT ${HOST}:${https.port} - 200 TCP_TUNNEL`])
  })

  it('HTTP_PROXY: the password grant to an http:// endpoint as an absolute-form request', async () => {
    const [step, log] = await logged(() =>
      runAction(inputs(http, { 'allow-insecure-http': 'true', 'ca-certificate': '' }), {
        HTTP_PROXY: squid.url()
      })
    )
    expectToken(step, http)
    expect(log).toEqual([`POST http://${HOST}:${http.port}${TOKEN_PATH} - 200 TCP_MISS`])
  })

  it('credentials in HTTPS_PROXY and HTTP_PROXY: Squid takes them, the log never shows them', async () => {
    const userinfo = `${PROXY_USER}:${encodeURIComponent(PROXY_PASSWORD)}`
    const [tunnelled, tunnelLog] = await logged(() =>
      runAction(inputs(https), {
        HTTPS_PROXY: squid.url(userinfo, 'auth'),
        RUNNER_DEBUG: '1'
      })
    )
    expectToken(tunnelled, https)
    expect(tunnelLog).toEqual([`CONNECT ${HOST}:${https.port} ${PROXY_USER} 200 TCP_TUNNEL`])
    expect(maskedValues(tunnelled.stdout)).toContain(PROXY_PASSWORD)

    const [forwarded, forwardLog] = await logged(() =>
      runAction(inputs(http, { 'allow-insecure-http': 'true', 'ca-certificate': '' }), {
        HTTP_PROXY: squid.url(userinfo, 'auth'),
        RUNNER_DEBUG: '1'
      })
    )
    expectToken(forwarded, http)
    expect(forwardLog).toEqual([
      `POST http://${HOST}:${http.port}${TOKEN_PATH} ${PROXY_USER} 200 TCP_MISS`
    ])
  })

  it('credentials with percent-encoded special characters (p%40ss:w%3Ard...) are decoded for Squid', async () => {
    const special = await startSquid({
      names: [HOST],
      sslPorts: [https.port],
      deniedNames: [],
      user: SPECIAL_USER,
      password: SPECIAL_PASSWORD
    })
    try {
      const userinfo = `${encodeURIComponent(SPECIAL_USER)}:${encodeURIComponent(SPECIAL_PASSWORD)}`
      expect(userinfo).toBe('p%40ss:w%3Ard-5e3b')
      const step = await runAction(inputs(https), {
        HTTPS_PROXY: special.url(userinfo, 'auth'),
        RUNNER_DEBUG: '1'
      })
      expectToken(step, https)
      expect(await linesAfter(special, 0, 1)).toEqual([
        `CONNECT ${HOST}:${https.port} ${SPECIAL_USER} 200 TCP_TUNNEL`
      ])
      expect(maskedValues(step.stdout)).toEqual(
        expect.arrayContaining([SPECIAL_PASSWORD, encodeURIComponent(SPECIAL_PASSWORD)])
      )
    } finally {
      await special.close()
    }
  })

  it('no credentials where Squid wants them: the line says to put them in HTTPS_PROXY', async () => {
    const requests = https.requests.length
    const [step, log] = await logged(() =>
      runAction(inputs(https), { HTTPS_PROXY: squid.url(undefined, 'auth') })
    )
    expect(step.code).toBe(1)
    expect(errorLines(step.stdout)).toBe(
      `Error: Token request to ${https.base(HOST)}${TOKEN_PATH} failed: proxy ${new URL(squid.url(undefined, 'auth')).host} refused the tunnel to ${HOST}:${https.port} with HTTP 407; it wants credentials: set HTTPS_PROXY to http://<user>:<password>@host:port`
    )
    expect(log).toEqual([`CONNECT ${HOST}:${https.port} - 407 TCP_DENIED`])
    expect(https.requests).toHaveLength(requests)
    expect(findLeaks(step, SECRETS)).toEqual([])
  })

  it('wrong credentials: the line says Squid rejected those in HTTPS_PROXY, and never shows them', async () => {
    const wrong = 'wrong-proxy-password-0b7d'
    const [step, log] = await logged(() =>
      runAction(inputs(https), { HTTPS_PROXY: squid.url(`${PROXY_USER}:${wrong}`, 'auth') })
    )
    expect(step.code).toBe(1)
    expect(errorLines(step.stdout)).toBe(
      `Error: Token request to ${https.base(HOST)}${TOKEN_PATH} failed: proxy ${new URL(squid.url(undefined, 'auth')).host} refused the tunnel to ${HOST}:${https.port} with HTTP 407; it rejected the credentials in HTTPS_PROXY: check the user and password there`
    )
    expect(log).toEqual([`CONNECT ${HOST}:${https.port} ${PROXY_USER} 407 TCP_DENIED`])
    expect(findLeaks(step, [...SECRETS, wrong])).toEqual([])
  })

  it('wrong credentials in HTTP_PROXY: Squid answers the request itself with 407 and its page', async () => {
    const wrong = 'wrong-proxy-password-0b7d'
    const [step, log] = await logged(() =>
      runAction(inputs(http, { 'allow-insecure-http': 'true', 'ca-certificate': '' }), {
        HTTP_PROXY: squid.url(`${PROXY_USER}:${wrong}`, 'auth')
      })
    )
    expect(step.code).toBe(1)
    expect(errorLines(step.stdout)).toMatch(
      /^Error: Token request to \S+ failed: HTTP 407 \(text\/html;charset=utf-8\): ERROR: Cache Access Denied .*; the proxy rejected the credentials in HTTP_PROXY: check the user and password there$/
    )
    expect(log).toEqual([
      `POST http://${HOST}:${http.port}${TOKEN_PATH} ${PROXY_USER} 407 TCP_DENIED`
    ])
    expect(findLeaks(step, [...SECRETS, wrong])).toEqual([])
  })

  // A corporate proxy that asks for NTLM alone: no user and password in the proxy variable can
  // sign in with Basic, which is all the action (and @actions/http-client) sends, so the line
  // does not say to check them. ntlm_fake_auth would take any NTLM sign-in.
  it('a proxy that takes only NTLM: the line says so, and what to do instead, with or without credentials', async () => {
    const ntlm = await startSquid({
      names: [HOST],
      sslPorts: [https.port],
      deniedNames: [],
      user: PROXY_USER,
      password: PROXY_PASSWORD,
      scheme: 'ntlm'
    })
    const requests = https.requests.length + http.requests.length
    try {
      const proxy = new URL(ntlm.url(undefined, 'auth')).host
      const advice = (variable: string) =>
        `takes only NTLM sign-in, not Basic: use a local proxy that signs in for you (such as cntlm or px) in ${variable}, or NO_PROXY if the server is reachable directly`
      for (const userinfo of [undefined, `${PROXY_USER}:${PROXY_PASSWORD}`]) {
        const tunnelled = await runAction(inputs(https), {
          HTTPS_PROXY: ntlm.url(userinfo, 'auth')
        })
        expect(tunnelled.code).toBe(1)
        expect(errorLines(tunnelled.stdout)).toBe(
          `Error: Token request to ${https.base(HOST)}${TOKEN_PATH} failed: proxy ${proxy} refused the tunnel to ${HOST}:${https.port} with HTTP 407; it ${advice('HTTPS_PROXY')}`
        )
        expect(findLeaks(tunnelled, SECRETS)).toEqual([])

        const forwarded = await runAction(
          inputs(http, { 'allow-insecure-http': 'true', 'ca-certificate': '' }),
          { HTTP_PROXY: ntlm.url(userinfo, 'auth') }
        )
        expect(forwarded.code).toBe(1)
        expect(errorLines(forwarded.stdout)).toMatch(
          /^Error: Token request to \S+ failed: HTTP 407 \(text\/html;charset=utf-8\): ERROR: Cache Access Denied .*; the proxy takes /
        )
        expect(errorLines(forwarded.stdout).endsWith(`; the proxy ${advice('HTTP_PROXY')}`)).toBe(
          true
        )
        expect(findLeaks(forwarded, SECRETS)).toEqual([])
      }
      // Squid asked each for NTLM, and let none through.
      expect(await linesAfter(ntlm, 0, 4)).toEqual([
        `CONNECT ${HOST}:${https.port} - 407 TCP_DENIED`,
        `POST http://${HOST}:${http.port}${TOKEN_PATH} - 407 TCP_DENIED`,
        `CONNECT ${HOST}:${https.port} - 407 TCP_DENIED`,
        `POST http://${HOST}:${http.port}${TOKEN_PATH} - 407 TCP_DENIED`
      ])
      expect(https.requests.length + http.requests.length).toBe(requests)
    } finally {
      await ntlm.close()
    }
  })

  it('an ACL that denies the token host: 403 to CONNECT, a line naming the proxy and what to check', async () => {
    const [step, log] = await logged(() =>
      runAction(inputs(https, { host: https.base(DENIED) }), { HTTPS_PROXY: squid.url() })
    )
    expect(step.code).toBe(1)
    expect(errorLines(step.stdout)).toBe(
      `Error: Token request to ${https.base(DENIED)}${TOKEN_PATH} failed: proxy ${new URL(squid.url()).host} refused the tunnel to ${DENIED}:${https.port} with HTTP 403; the proxy forbids that host or port: check HTTPS_PROXY and NO_PROXY`
    )
    expect(log).toEqual([`CONNECT ${DENIED}:${https.port} - 403 TCP_DENIED`])
  })

  // Debian's squid.conf, like Squid's own, allows CONNECT only to SSL_ports (443): an https token
  // endpoint on any other port is refused with the same 403 as an ACL on the host.
  it('CONNECT to a port outside SSL_ports: 403, and the line names the proxy and the port', async () => {
    const requests = offPort.requests.length
    const [step, log] = await logged(() => runAction(inputs(offPort), { HTTPS_PROXY: squid.url() }))
    expect(step.code).toBe(1)
    expect(errorLines(step.stdout)).toBe(
      `Error: Token request to ${offPort.base(HOST)}${TOKEN_PATH} failed: proxy ${new URL(squid.url()).host} refused the tunnel to ${HOST}:${offPort.port} with HTTP 403; the proxy forbids that host or port: check HTTPS_PROXY and NO_PROXY`
    )
    expect(log).toEqual([`CONNECT ${HOST}:${offPort.port} - 403 TCP_DENIED`])
    expect(offPort.requests).toHaveLength(requests)
  })

  it('NO_PROXY: the action goes direct and Squid logs nothing', async () => {
    const requests = https.requests.length
    const [step, log] = await logged(
      () =>
        runAction(inputs(https), {
          HTTPS_PROXY: squid.url(),
          NO_PROXY: `localhost,${HOST}`,
          // The runner machine's hosts file, for the action's own process.
          NODE_OPTIONS: `--require ${hostsShim}`
        }),
      0
    )
    expectToken(step, https)
    expect(https.requests).toHaveLength(requests + 1)
    expect(log).toEqual([])
  })

  it('a server Squid cannot reach: 503 to CONNECT, retried, then one line', async () => {
    const [step, log] = await logged(
      () =>
        runAction(inputs(https, { host: `https://${HOST}:${closed}`, retries: '1' }), {
          HTTPS_PROXY: squid.url()
        }),
      2
    )
    expect(step.code).toBe(1)
    expect(errorLines(step.stdout)).toBe(
      `Error: Token request to https://${HOST}:${closed}${TOKEN_PATH} failed after 2 attempts: proxy ${new URL(squid.url()).host} refused the tunnel to ${HOST}:${closed} with HTTP 503: it could not reach ${HOST}:${closed}; check input 'host' (or OAUTH_HOST), or NO_PROXY if the server is only reachable directly`
    )
    expect(log).toEqual([
      `CONNECT ${HOST}:${closed} - 503 NONE_NONE`,
      `CONNECT ${HOST}:${closed} - 503 NONE_NONE`
    ])
  })

  it('client-auth github-oidc: the ID token request and the token request both through Squid, each credential to its own host', async () => {
    const github = await startGithubOidc()
    try {
      const userinfo = `${PROXY_USER}:${encodeURIComponent(PROXY_PASSWORD)}`
      const idTokenUrl = github.requestUrl.replace('127.0.0.1', ID_HOST)
      const [step, log] = await logged(
        () =>
          runAction(inputs(https, { 'client-auth': 'github-oidc', 'client-secret': '' }), {
            ...github.env(),
            ACTIONS_ID_TOKEN_REQUEST_URL: idTokenUrl,
            HTTPS_PROXY: squid.url(userinfo, 'auth'),
            HTTP_PROXY: squid.url(userinfo, 'auth')
          }),
        2
      )
      expect(step.stdout).not.toContain('::error::')
      expect(step.code).toBe(0)
      expect(log.map(line => line.replace(/\?\S*/, ''))).toEqual([
        `GET http://${ID_HOST}:${new URL(github.requestUrl).port}/id-token ${PROXY_USER} 200 TCP_MISS`,
        `CONNECT ${HOST}:${https.port} ${PROXY_USER} 200 TCP_TUNNEL`
      ])
      // The request token went to GitHub's endpoint only, the ID token to the token endpoint only.
      expect(github.issued).toHaveLength(1)
      expect(github.requests.at(-1)?.headers.authorization).toBe(`Bearer ${github.requestToken}`)
      expect(github.requests.at(-1)?.headers['proxy-authorization']).toBeUndefined()
      const request = https.requests.at(-1)
      expect(request?.body).toContain(github.issued[0])
      expect(JSON.stringify(request)).not.toContain(github.requestToken)
      expect(request?.headers['proxy-authorization']).toBeUndefined()
      expect(
        findLeaks(step, [...SECRETS, github.requestToken, ...github.issued, ...https.tokens])
      ).toEqual([])
    } finally {
      await github.close()
    }
  })
})
