// Keyless authentication, run as the GitHub runner runs the BUILT action (dist/index.js): GitHub's
// ID token from a loopback endpoint set through ACTIONS_ID_TOKEN_REQUEST_URL/_TOKEN, as the runner
// sets them, sent to a loopback authorization server that trusts its signing key and verifies
// every JWT (signature, aud, exp). Every run is scanned for every secret.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes } from 'node:crypto'
import * as http from 'node:http'
import * as https from 'node:https'
import type * as net from 'node:net'
import type { AddressInfo } from 'node:net'
import {
  type ActionRun,
  actionDefaults,
  findLeaks,
  maskedValues,
  secretLines,
  runAction
} from '../scripts/runner.mjs'
import {
  ACCESS_TOKEN_TYPE,
  CLIENT_ASSERTION_TYPE,
  type FederatingServer,
  type GithubOidc,
  JWT_BEARER,
  SUBJECT,
  TOKEN_EXCHANGE,
  publicKeyOf,
  startFederatingServer,
  startGithubOidc,
  verifyJwt
} from './support/federation.js'
import { privateKeyPem, sshKeygen, sshKeygenMissing } from './support/keys.js'
import { describeUnless } from './support/skip.js'
import { TestPki } from './support/pki.js'

let github: GithubOidc
let server: FederatingServer

beforeAll(async () => {
  github = await startGithubOidc()
  server = await startFederatingServer({ githubKey: github.publicKey })
})

afterAll(async () => {
  await server.close()
  await github.close()
})

const RSA_PEM = privateKeyPem('rsa', 'pkcs8')
const EC_PEM = privateKeyPem('ec', 'sec1')

/** action.yml's defaults, then these inputs; step debug on so debug lines are scanned too. */
async function runKeyless(
  inputs: Record<string, string>,
  env: Record<string, string> = github.env()
): Promise<ActionRun> {
  return runAction(
    { ...actionDefaults(), 'body-format': 'form', 'client-id': 'ci-client', ...inputs },
    { RUNNER_DEBUG: '1', ...env }
  )
}

/** Each secret is masked, and shows up nowhere else: not in a log line, output file or stderr. */
function expectNoLeaks(run: ActionRun, secrets: readonly string[]): void {
  expect(findLeaks(run, secrets)).toEqual([])
  const masked = maskedValues(run.stdout)
  for (const secret of secrets) {
    expect(masked).toContain(secret)
    // The first line that holds it is its ::add-mask:: (a multi-line one is masked line by line).
    if (secret.includes('\n')) continue
    const first = run.stdout.split('\n').find(line => line.includes(secret))
    expect(first?.startsWith('::add-mask::')).toBe(true)
  }
}

function lastForm(): URLSearchParams {
  const last = server.requests.at(-1)
  expect(last?.method).toBe('POST')
  return new URLSearchParams(last?.body ?? '')
}

describe('client-auth github-oidc', () => {
  it('sends the job ID token as the client assertion and gets a token', async () => {
    const idTokens = github.issued.length
    const run = await runKeyless({
      host: server.url,
      'token-path': '/oauth2/token',
      'client-auth': 'github-oidc'
    })
    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)
    const token = server.issued.at(-1) ?? ''
    expect(run.outputs['access-token']).toBe(token)
    expect(github.issued).toHaveLength(idTokens + 1)
    const idToken = github.issued.at(-1) ?? ''

    const form = lastForm()
    expect(form.get('client_assertion_type')).toBe(CLIENT_ASSERTION_TYPE)
    expect(form.get('client_assertion')).toBe(idToken)
    expect(form.get('client_id')).toBe('ci-client')
    expect(form.has('client_secret')).toBe(false)
    // The ID token's audience defaults to the token endpoint's origin.
    expect(verifyJwt(idToken, github.publicKey, server.url).claims.sub).toBe(SUBJECT)
    const idRequest = github.requests.at(-1)
    expect(new URL(idRequest?.url ?? '', 'http://x').searchParams.get('audience')).toBe(server.url)
    expectNoLeaks(run, [token, idToken, github.requestToken])
    expect(run.outputFile + run.envFile).not.toContain(idToken)
  })

  it('asks for the oidc-audience given', async () => {
    const audienceServer = await startFederatingServer({
      githubKey: github.publicKey,
      githubAudience: 'api://AzureADTokenExchange'
    })
    try {
      const run = await runKeyless({
        host: audienceServer.url,
        'token-path': '/oauth2/token',
        'client-auth': 'github-oidc',
        'oidc-audience': 'api://AzureADTokenExchange'
      })
      expect(run.code).toBe(0)
      const idToken = github.issued.at(-1) ?? ''
      expect(verifyJwt(idToken, github.publicKey, 'api://AzureADTokenExchange')).toBeTruthy()
      expectNoLeaks(run, [run.outputs['access-token'] ?? '', idToken, github.requestToken])
    } finally {
      await audienceServer.close()
    }
  })

  // A pull request from a fork gets none even with id-token: write: the line says so too.
  it('fails in one line that says to grant id-token: write when there is no ID token, or why a fork has none', async () => {
    const before = server.requests.length
    const run = await runKeyless(
      { host: server.url, 'token-path': '/oauth2/token', 'client-auth': 'github-oidc' },
      {}
    )
    expect(run.code).toBe(1)
    expect(run.stdout.split('\n').filter(line => line.startsWith('::error::'))).toEqual([
      "::error::Could not get the job's OIDC ID token from GitHub (ACTIONS_ID_TOKEN_REQUEST_URL is not set): add 'permissions: id-token: write' to the workflow or job; the token exists only in GitHub Actions runs, and not for a pull request from a fork"
    ])
    expect(server.requests).toHaveLength(before)
  })

  it('fails before discovery sends anything when the runner gives the ID token URL but no request token', async () => {
    const before = server.requests.length
    const idTokens = github.issued.length
    const run = await runKeyless(
      { issuer: server.url, 'client-auth': 'github-oidc' },
      { ACTIONS_ID_TOKEN_REQUEST_URL: github.requestUrl }
    )
    expect(run.code).toBe(1)
    expect(run.stdout).toContain(
      "::error::Could not get the job's OIDC ID token from GitHub (ACTIONS_ID_TOKEN_REQUEST_TOKEN is not set): add 'permissions: id-token: write' to the workflow or job; the token exists only in GitHub Actions runs, and not for a pull request from a fork"
    )
    expect(server.requests).toHaveLength(before)
    expect(github.issued).toHaveLength(idTokens)
  })

  // A run off GitHub may set the variable by hand: a value no request can use is named, not
  // retried as an endpoint that could not be reached.
  it.each(['not a url', 'ftp://127.0.0.1/token', '/_apis/token', 'https://exa mple.com/token'])(
    'fails before anything is sent when ACTIONS_ID_TOKEN_REQUEST_URL is %j',
    async requestUrl => {
      const before = server.requests.length
      const idTokens = github.issued.length
      const run = await runKeyless(
        { issuer: server.url, 'client-auth': 'github-oidc' },
        { ...github.env(), ACTIONS_ID_TOKEN_REQUEST_URL: requestUrl }
      )
      expect(run.code).toBe(1)
      expect(run.stdout.split('\n').filter(line => line.startsWith('::error::'))).toEqual([
        "::error::Could not get the job's OIDC ID token from GitHub (ACTIONS_ID_TOKEN_REQUEST_URL is not an http(s) URL): unset it, or set the ID token endpoint's URL there"
      ])
      expect(server.requests).toHaveLength(before)
      expect(github.issued).toHaveLength(idTokens)
    }
  )

  it('fails the same way when GitHub refuses the request token, without leaking it', async () => {
    const wrong = `ghrt-wrong-${'x'.repeat(20)}`
    const run = await runKeyless(
      { host: server.url, 'token-path': '/oauth2/token', 'client-auth': 'github-oidc' },
      { ACTIONS_ID_TOKEN_REQUEST_URL: github.requestUrl, ACTIONS_ID_TOKEN_REQUEST_TOKEN: wrong }
    )
    expect(run.code).toBe(1)
    const error = run.stdout.split('\n').filter(line => line.startsWith('::error::'))
    expect(error).toHaveLength(1)
    expect(error[0]).toMatch(
      /^::error::Could not get the job's OIDC ID token from GitHub \(.*401.*\): add 'permissions: id-token: write' to the workflow or job; the token exists only in GitHub Actions runs, and not for a pull request from a fork$/
    )
    expectNoLeaks(run, [wrong])
  })
  // An https ID token endpoint off loopback (which no proxy bypasses), and a proxy variable whose
  // password holds a '/' not percent-encoded: the variable's own fix, not a re-run; nothing sent.
  it('gives the fix of a proxy variable it cannot use, not a re-run of the job', async () => {
    const password = 'pa/ssPW-7e4c'
    const before = server.requests.length
    const run = await runKeyless(
      { host: server.url, 'token-path': '/oauth2/token', 'client-auth': 'github-oidc' },
      {
        ACTIONS_ID_TOKEN_REQUEST_URL: 'https://id-token.example.test/token?api-version=2.0',
        ACTIONS_ID_TOKEN_REQUEST_TOKEN: github.requestToken,
        HTTPS_PROXY: `http://user:${password}@127.0.0.1:9`
      }
    )
    expect(run.code).toBe(1)
    expect(run.stdout.split('\n').filter(line => line.startsWith('::error::'))).toEqual([
      // The runner's protocol escapes '%' as %25.
      "::error::Could not get the job's OIDC ID token from GitHub (HTTPS_PROXY is not a usable proxy URL): give http://[user:password@]host:port, with special characters in the user and password percent-encoded (%25 as %2525)"
    ])
    expect(server.requests).toHaveLength(before)
    expectNoLeaks(run, [github.requestToken])
    expect(run.stdout + run.stderr).not.toContain(password)
  })

  it('blames the network, not permissions, when the ID token endpoint cannot be reached', async () => {
    // A port nothing listens on: core's client tries three times (1 s and 3 s apart).
    const closed = http.createServer()
    await new Promise<void>(resolve => closed.listen(0, '127.0.0.1', resolve))
    const { port } = closed.address() as AddressInfo
    await new Promise(resolve => closed.close(resolve))
    const before = server.requests.length
    const run = await runKeyless(
      { host: server.url, 'token-path': '/oauth2/token', 'client-auth': 'github-oidc' },
      {
        ACTIONS_ID_TOKEN_REQUEST_URL: `http://127.0.0.1:${port}/token?api-version=2.0`,
        ACTIONS_ID_TOKEN_REQUEST_TOKEN: github.requestToken
      }
    )
    expect(run.code).toBe(1)
    // A refused connection is no timeout: no input 'timeout' to raise.
    const error = run.stdout.split('\n').filter(line => line.startsWith('::error::'))
    expect(error).toEqual([
      `::error::Could not get the job's OIDC ID token from GitHub (connect ECONNREFUSED 127.0.0.1:${port}; 3 attempts): the runner's ID token endpoint could not be reached: check HTTP_PROXY and NO_PROXY, or re-run the job`
    ])
    // Each retry is told as it happens, as the token request's are.
    expect(run.stdout.split('\n').filter(line => line.startsWith("GitHub's ID token"))).toEqual([
      "GitHub's ID token request: Attempt 1 of 3: ECONNREFUSED; retrying in 1.0 s",
      "GitHub's ID token request: Attempt 2 of 3: ECONNREFUSED; retrying in 3.0 s"
    ])
    expect(server.requests).toHaveLength(before)
    expectNoLeaks(run, [github.requestToken])
  }, 20_000)

  // What answers in GitHub's place: a proxy on the way (CONNECT for https://, the request itself
  // for http://), or a server that switches protocols or garbles a 2xx. Nothing leaves loopback:
  // the ID token URL names a host that only the proxy is asked for.
  it.each([
    [
      "a proxy's 407 to CONNECT, without credentials",
      'proxy',
      'HTTPS_PROXY',
      '',
      'proxy <proxy> refused the tunnel to id.github.test:443 with HTTP 407; it wants credentials: set HTTPS_PROXY to http://<user>:<password>@host:port): the proxy wants a valid user and password in HTTPS_PROXY'
    ],
    [
      "a proxy's 407 to CONNECT, with credentials",
      'proxy',
      'HTTPS_PROXY',
      'ci-user:ci-pass@',
      'proxy <proxy> refused the tunnel to id.github.test:443 with HTTP 407; it rejected the credentials in HTTPS_PROXY: check the user and password there): the proxy wants a valid user and password in HTTPS_PROXY'
    ],
    // A proxy that takes only NTLM: no user and password in HTTPS_PROXY will do (proxy.ts).
    [
      "a proxy's 407 to CONNECT that takes only NTLM, with credentials",
      'ntlm',
      'HTTPS_PROXY',
      'ci-user:ci-pass@',
      'proxy <proxy> refused the tunnel to id.github.test:443 with HTTP 407): it takes only NTLM sign-in, not Basic: use a local proxy that signs in for you (such as cntlm or px) in HTTPS_PROXY, or NO_PROXY if the server is reachable directly'
    ],
    [
      "a proxy's 407 to a plain-http request",
      'proxy',
      'HTTP_PROXY',
      '',
      'HTTP 407): the proxy wants a valid user and password in HTTP_PROXY'
    ],
    [
      "a proxy's 407 to a plain-http request that takes only NTLM, with credentials",
      'ntlm',
      'HTTP_PROXY',
      'ci-user:ci-pass@',
      'HTTP 407): the proxy takes only NTLM sign-in, not Basic: use a local proxy that signs in for you (such as cntlm or px) in HTTP_PROXY, or NO_PROXY if the server is reachable directly'
    ],
    [
      'an HTTP 101',
      'switch',
      '',
      '',
      "HTTP 101: the server switched to another protocol rather than answer): GitHub's ID token service failed: re-run the job"
    ],
    [
      'a 200 whose gzip body does not decode',
      'gzip',
      '',
      '',
      "the answer's gzip body could not be decoded (incorrect header check); check the server, and any proxy on the way): GitHub's ID token service failed: re-run the job"
    ],
    // The ID token request sends no input 'headers': no Accept-Encoding of the user's to remove.
    [
      'a 200 compressed with zstd, unasked',
      'zstd',
      '',
      '',
      "the answer is compressed with zstd, which this action cannot undo; check the server): GitHub's ID token service failed: re-run the job"
    ],
    // A proxy's refusal of CONNECT other than a 407: nothing timed out, and input 'host' names
    // the token endpoint, not GitHub's.
    [
      "a proxy's 403 to CONNECT",
      '403 Forbidden',
      'HTTPS_PROXY',
      '',
      'proxy <proxy> refused the tunnel to id.github.test:443 with HTTP 403): the proxy forbids that host or port: check HTTPS_PROXY and NO_PROXY'
    ],
    [
      "a proxy's 401 to CONNECT (tinyproxy's to wrong credentials)",
      '401 Unauthorized',
      'HTTPS_PROXY',
      'ci-user:wrong@',
      'proxy <proxy> refused the tunnel to id.github.test:443 with HTTP 401): it rejected the credentials in HTTPS_PROXY: check the user and password there'
    ],
    [
      "a proxy's 511 to CONNECT",
      '511 Network Authentication Required',
      'HTTPS_PROXY',
      '',
      'proxy <proxy> refused the tunnel to id.github.test:443 with HTTP 511 (Network Authentication Required)): the network wants a sign-in first; use a proxy that needs none in HTTPS_PROXY, or NO_PROXY if the server is reachable directly'
    ],
    // Retried as the token request's is, 1 s and 3 s apart, within jest's 30 s.
    [
      "a proxy's 502 to CONNECT, each attempt",
      '502 Bad Gateway',
      'HTTPS_PROXY',
      '',
      'proxy <proxy> refused the tunnel to id.github.test:443 with HTTP 502; 3 attempts): it could not reach id.github.test:443; check NO_PROXY if the server is only reachable directly'
    ]
  ])('fails in one line that fits %s', async (_name, answer, proxyVariable, userinfo, expected) => {
    const before = server.requests.length
    const encoded = answer === 'gzip' || answer === 'zstd'
    const scheme = answer === 'ntlm' ? 'NTLM' : 'Basic'
    const stand = http.createServer((req, res) => {
      if (answer === 'switch') {
        req.socket.write(
          'HTTP/1.1 101 Switching Protocols\r\nUpgrade: h2c\r\nConnection: Upgrade\r\n\r\n'
        )
        return
      }
      const head = encoded ? { 'Content-Encoding': answer } : {}
      res.writeHead(encoded ? 200 : 407, {
        'Content-Type': 'application/json',
        'Proxy-Authenticate': scheme,
        ...head
      })
      res.end(encoded ? 'not gzip' : '')
    })
    // The proxy's answer to CONNECT: a 407 unless the case gives another status line.
    const connect = /^\d{3} /.test(answer) ? answer : '407 Proxy Authentication Required'
    stand.on('connect', (_req, socket: net.Socket) =>
      socket.end(
        `HTTP/1.1 ${connect}\r\nProxy-Authenticate: ${scheme}\r\nContent-Length: 0\r\n\r\n`
      )
    )
    await new Promise<void>(resolve => stand.listen(0, '127.0.0.1', resolve))
    const address = `127.0.0.1:${(stand.address() as AddressInfo).port}`
    try {
      const run = await runKeyless(
        { host: server.url, 'token-path': '/oauth2/token', 'client-auth': 'github-oidc' },
        {
          ACTIONS_ID_TOKEN_REQUEST_URL: proxyVariable
            ? `${proxyVariable === 'HTTPS_PROXY' ? 'https' : 'http'}://id.github.test/token?api-version=2.0`
            : `http://${address}/token?api-version=2.0`,
          ACTIONS_ID_TOKEN_REQUEST_TOKEN: github.requestToken,
          ...(proxyVariable && { [proxyVariable]: `http://${userinfo}${address}` })
        }
      )
      expect(run.code).toBe(1)
      expect(run.stdout.split('\n').filter(line => line.startsWith('::error::'))).toEqual([
        `::error::Could not get the job's OIDC ID token from GitHub (${expected.replace('<proxy>', address)}`
      ])
      expect(server.requests).toHaveLength(before)
      expectNoLeaks(run, [github.requestToken])
    } finally {
      stand.closeAllConnections()
      await new Promise(resolve => stand.close(resolve))
    }
  })
})

describe("GitHub's ID token endpoint answering amiss", () => {
  // What the endpoint says, with the runner's request token echoed where a server might echo it.
  // None is sent on to the token endpoint, none leaks the request token; each is one line.
  const token = (): string => github.requestToken
  it.each([
    [
      'a 403 that quotes the request token',
      403,
      () => JSON.stringify({ message: `Forbidden: Bearer ${token()}` }),
      "HTTP 403: Forbidden: Bearer ***): add 'permissions: id-token: write' to the workflow or job; the token exists only in GitHub Actions runs, and not for a pull request from a fork"
    ],
    [
      'a 404',
      404,
      () => JSON.stringify({ message: 'Not Found' }),
      "Response json body do not have ID Token field): GitHub's ID token service failed: re-run the job"
    ],
    [
      'an HTML 500 that quotes the request token, each attempt',
      500,
      () => `<html><body>Bearer ${token()}</body></html>`,
      "HTTP 500): GitHub's ID token service failed: re-run the job"
    ],
    [
      'a 200 JSON without value',
      200,
      () => JSON.stringify({ count: 1 }),
      "Response json body do not have ID Token field): GitHub's ID token service failed: re-run the job"
    ],
    [
      'a 200 whose value is not a JWT',
      200,
      () => JSON.stringify({ count: 1, value: 'not-a-jwt-but-a-secret' }),
      "its answer's value is a string, not a JWT): GitHub's ID token service failed: re-run the job"
    ],
    [
      'a 302 to a URL that carries the request token, not followed',
      302,
      () => '',
      "HTTP 302): GitHub's ID token service failed: re-run the job"
    ]
  ])(
    'fails in one line, sending nothing, for %s',
    async (_name, status, body, expected) => {
      const before = server.requests.length
      const asked: string[] = []
      const stand = http.createServer((req, res) => {
        asked.push(req.url ?? '')
        res.writeHead(status, {
          'Content-Type': body().startsWith('<') ? 'text/html' : 'application/json',
          Location: `http://127.0.0.1:1/steal?token=${token()}`
        })
        res.end(body())
      })
      await new Promise<void>(resolve => stand.listen(0, '127.0.0.1', resolve))
      try {
        const run = await runKeyless(
          { host: server.url, 'token-path': '/oauth2/token', 'client-auth': 'github-oidc' },
          {
            ACTIONS_ID_TOKEN_REQUEST_URL: `http://127.0.0.1:${(stand.address() as AddressInfo).port}/id?api-version=2.0`,
            ACTIONS_ID_TOKEN_REQUEST_TOKEN: token()
          }
        )
        expect(run.code).toBe(1)
        expect(run.stdout.split('\n').filter(line => line.startsWith('::error::'))).toEqual([
          `::error::Could not get the job's OIDC ID token from GitHub (${expected}`
        ])
        expect(asked).toHaveLength(status === 500 ? 3 : 1)
        expect(server.requests).toHaveLength(before)
        expectNoLeaks(run, [token()])
        expect(findLeaks(run, ['not-a-jwt-but-a-secret'])).toEqual([])
      } finally {
        await new Promise(resolve => stand.close(resolve))
      }
    },
    20_000
  )

  it('fails in one line, saying to raise timeout, when the endpoint answers too late', async () => {
    const before = server.requests.length
    const stand = http.createServer(() => undefined)
    await new Promise<void>(resolve => stand.listen(0, '127.0.0.1', resolve))
    try {
      const run = await runKeyless(
        {
          host: server.url,
          'token-path': '/oauth2/token',
          'client-auth': 'github-oidc',
          timeout: '1'
        },
        {
          ACTIONS_ID_TOKEN_REQUEST_URL: `http://127.0.0.1:${(stand.address() as AddressInfo).port}/id?api-version=2.0`,
          ACTIONS_ID_TOKEN_REQUEST_TOKEN: token()
        }
      )
      expect(run.stdout.split('\n').filter(line => line.startsWith('::error::'))).toEqual([
        "::error::Could not get the job's OIDC ID token from GitHub (timed out after 1 s; 3 attempts): the runner's ID token endpoint could not be reached: check HTTP_PROXY and NO_PROXY, raise input 'timeout', or re-run the job"
      ])
      expect(server.requests).toHaveLength(before)
      expectNoLeaks(run, [token()])
    } finally {
      stand.closeAllConnections()
      await new Promise(resolve => stand.close(resolve))
    }
    // Three attempts of 1 s each and the waits between them, fixed by design, and the action's
    // start: 7.2 to 7.4 s beside four CPU hogs, the least margin of any test under load.
  }, 40_000)

  describe('over https, with a certificate of a private authority', () => {
    // GitHub Enterprise Server, or a TLS-inspecting proxy's certificate: what ca-certificate fixes,
    // which the line must name (core keeps only the message, where Node names no code).
    const pki = new TestPki()
    const authority = pki.authority('enterprise-ca')
    const leaf = pki.leaf('id-token-endpoint', { altNames: ['IP:127.0.0.1'], issuer: authority })
    afterAll(() => pki.cleanup())

    /** An https endpoint that relays to the loopback GitHub's, as the runner's URL names it. */
    async function withHttpsEndpoint(check: (url: string) => Promise<void>): Promise<void> {
      const relay = https.createServer({ key: leaf.key, cert: leaf.cert }, (req, res) => {
        const upstream = new URL(req.url ?? '/', github.requestUrl)
        http.get(upstream, { headers: req.headers }, answer => {
          res.writeHead(answer.statusCode ?? 502, answer.headers)
          answer.pipe(res)
        })
      })
      await new Promise<void>(resolve => relay.listen(0, '127.0.0.1', resolve))
      try {
        const { port } = relay.address() as AddressInfo
        await check(`https://127.0.0.1:${port}/id-token?api-version=2.0`)
      } finally {
        relay.closeAllConnections()
        await new Promise(resolve => relay.close(resolve))
      }
    }

    it.each([
      ['no proxy', {}, "the endpoint's certificate was not trusted: if it uses"],
      [
        'a proxy set for it, bypassed',
        { HTTPS_PROXY: 'http://127.0.0.1:9', NO_PROXY: '127.0.0.1' },
        "the endpoint's certificate was not trusted: if it uses"
      ]
    ])(
      'names ca-certificate with %s, sending nothing on',
      async (_name, proxy, advice) => {
        await withHttpsEndpoint(async url => {
          const before = server.requests.length
          const run = await runKeyless(
            { host: server.url, 'token-path': '/oauth2/token', 'client-auth': 'github-oidc' },
            {
              ...proxy,
              ACTIONS_ID_TOKEN_REQUEST_URL: url,
              ACTIONS_ID_TOKEN_REQUEST_TOKEN: github.requestToken
            }
          )
          expect(run.code).toBe(1)
          expect(run.stdout.split('\n').filter(line => line.startsWith('::error::'))).toEqual([
            `::error::Could not get the job's OIDC ID token from GitHub (UNABLE_TO_VERIFY_LEAF_SIGNATURE: unable to verify the first certificate): ${advice} a private certificate authority, pass its certificate in input 'ca-certificate' (or NODE_EXTRA_CA_CERTS, or NODE_USE_SYSTEM_CA=1)`
          ])
          expect(server.requests).toHaveLength(before)
          expectNoLeaks(run, [github.requestToken])
        })
      },
      20_000
    )

    it('gets the ID token, and the access token, once ca-certificate names the authority', async () => {
      await withHttpsEndpoint(async url => {
        const run = await runKeyless(
          {
            host: server.url,
            'token-path': '/oauth2/token',
            'client-auth': 'github-oidc',
            'ca-certificate': authority.cert
          },
          { ACTIONS_ID_TOKEN_REQUEST_URL: url, ACTIONS_ID_TOKEN_REQUEST_TOKEN: github.requestToken }
        )
        expect(run.code).toBe(0)
        expect(run.outputs['access-token']).toBeTruthy()
        expectNoLeaks(run, [run.outputs['access-token'] ?? '', github.requestToken])
      })
    }, 20_000)
  })

  it("appends oidc-audience to the runner's query, encoded", async () => {
    const audience = 'api://aud?x=1&y=a+b#frag/é'
    const run = await runKeyless({
      host: server.url,
      'token-path': '/oauth2/token',
      'client-auth': 'github-oidc',
      'oidc-audience': audience
    })
    // The federating server expects its own origin as audience: refused, after one ID token.
    expect(run.code).toBe(1)
    const asked = new URL(github.requests.at(-1)?.url ?? '', 'http://x')
    expect(asked.pathname).toBe('/id-token')
    expect([...asked.searchParams]).toEqual([
      ['api-version', '2.0'],
      ['audience', audience]
    ])
    expect(verifyJwt(github.issued.at(-1) ?? '', github.publicKey, audience)).toBeTruthy()
  })
})

describe('grants that carry GitHub’s ID token', () => {
  it('exchanges it for a token (RFC 8693) and outputs issued-token-type', async () => {
    const run = await runKeyless({
      host: server.url,
      'token-path': '/oauth2/token',
      'grant-type': TOKEN_EXCHANGE,
      'subject-token': 'github-oidc',
      'requested-token-type': ACCESS_TOKEN_TYPE
    })
    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)
    const idToken = github.issued.at(-1) ?? ''
    const form = lastForm()
    expect(form.get('grant_type')).toBe(TOKEN_EXCHANGE)
    expect(form.get('subject_token')).toBe(idToken)
    expect(form.get('subject_token_type')).toBe('urn:ietf:params:oauth:token-type:jwt')
    expect(form.get('requested_token_type')).toBe(ACCESS_TOKEN_TYPE)
    expect(run.outputs['issued-token-type']).toBe(ACCESS_TOKEN_TYPE)
    expect(run.outputs['access-token']).toBe(server.issued.at(-1))
    expectNoLeaks(run, [run.outputs['access-token'] ?? '', idToken, github.requestToken])
  })

  it('exchanges a literal subject token, masked, without the job’s user credentials', async () => {
    const literal = github.issued.at(-1) ?? ''
    // A job-level env block that a password-grant step in the same job reads.
    const job = {
      OAUTH_USERNAME: 'job-user',
      OAUTH_PASSWORD: 'job-password-123',
      OAUTH_REFRESH_TOKEN: 'job-refresh-token-123'
    }
    const run = await runKeyless(
      {
        host: server.url,
        'token-path': '/oauth2/token',
        'grant-type': TOKEN_EXCHANGE,
        'subject-token': literal
      },
      job
    )
    expect(run.code).toBe(0)
    const form = lastForm()
    expect(form.get('subject_token')).toBe(literal)
    expect([...form.keys()].filter(key => /user|password|refresh/.test(key))).toEqual([])
    expectNoLeaks(run, [run.outputs['access-token'] ?? '', literal])
    expect(findLeaks(run, [job.OAUTH_PASSWORD, job.OAUTH_REFRESH_TOKEN])).toEqual([])
  })

  it('sends it as a jwt-bearer assertion (RFC 7523 §2.1)', async () => {
    const run = await runKeyless({
      host: server.url,
      'token-path': '/oauth2/token',
      'grant-type': JWT_BEARER,
      assertion: 'github-oidc'
    })
    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)
    const idToken = github.issued.at(-1) ?? ''
    const form = lastForm()
    expect(form.get('grant_type')).toBe(JWT_BEARER)
    expect(form.get('assertion')).toBe(idToken)
    expect(run.outputs['issued-token-type']).toBeUndefined()
    expectNoLeaks(run, [run.outputs['access-token'] ?? '', idToken, github.requestToken])
  })

  // As Google's STS refuses an ID token for another audience: HTTP 400 invalid_grant "The
  // audience in ID Token [...] does not match the expected audience." The input to fix is
  // oidc-audience (or the server's trust), not subject-token or assertion, which say github-oidc.
  it.each([
    [TOKEN_EXCHANGE, 'subject-token'],
    [JWT_BEARER, 'assertion']
  ])(
    'says to check oidc-audience when the server refuses the ID token as the grant (%s)',
    async (grantType, input) => {
      const sts = await startFederatingServer({
        githubKey: github.publicKey,
        githubAudience:
          '//iam.googleapis.com/projects/1/locations/global/workloadIdentityPools/p/providers/gh'
      })
      try {
        const run = await runKeyless({
          host: sts.url,
          'token-path': '/oauth2/token',
          'grant-type': grantType,
          [input]: 'github-oidc'
        })
        expect(run.code).toBe(1)
        expect(sts.refusals).toHaveLength(1)
        expect(run.stdout.split('\n').filter(line => line.startsWith('::error::'))).toEqual([
          `::error::Token request to ${sts.tokenEndpoint} failed: HTTP 400 invalid_grant: ${sts.refusals[0] ?? ''}; check oidc-audience, and that the server trusts this job's ID token (its issuer, https://token.actions.githubusercontent.com on github.com; its subject and audience)`
        ])
        expectNoLeaks(run, [github.issued.at(-1) ?? '', github.requestToken])
      } finally {
        await sts.close()
      }
    }
  )
})

describe('client-auth private-key-jwt', () => {
  it.each([
    ['RS256', RSA_PEM, 'rsa-key-1'],
    ['ES256', EC_PEM, '']
  ])('signs a %s client assertion that the server verifies', async (alg, pem, keyId) => {
    const clientId = `pkjwt-${alg}`
    server.clientKeys.set(clientId, publicKeyOf(pem))
    const run = await runKeyless(
      {
        host: server.url,
        'token-path': '/oauth2/token',
        'client-id': clientId,
        'client-auth': 'private-key-jwt',
        'private-key': pem,
        'key-id': keyId
      },
      {}
    )
    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)
    const assertion = lastForm().get('client_assertion') ?? ''
    const { header, claims } = verifyJwt(assertion, publicKeyOf(pem), `${server.url}/oauth2/token`)
    expect(header).toEqual({ alg, typ: 'JWT', ...(keyId ? { kid: keyId } : {}) })
    expect(claims.iss).toBe(clientId)
    expect(claims.sub).toBe(clientId)
    expect(Number(claims.exp) - Number(claims.iat)).toBe(300)
    const lines = secretLines(pem)
    expectNoLeaks(run, [run.outputs['access-token'] ?? '', assertion, pem.trim(), ...lines])
    // The armour is no secret: masked, it would hide the action's own advice about keys.
    const armour = /^-----(BEGIN|END) [A-Z ]+-----$/
    expect(maskedValues(run.stdout).filter(value => armour.test(value))).toEqual([])
  })
})

describe('private-key in the other shapes a PEM key comes in', () => {
  // Until now read so only by readSigningKey's own tests: here through the runner, as given.
  const rsaPkcs1 = privateKeyPem('rsa', 'pkcs1')
  const ecPkcs8 = privateKeyPem('ec', 'pkcs8')
  it.each([
    ['RS256', 'PKCS#1, CRLF line ends (a key saved on Windows)', rsaPkcs1.replace(/\n/g, '\r\n')],
    ['ES256', 'PKCS#8, indented', ecPkcs8.replace(/^/gm, '    ')],
    ['RS256', 'PKCS#1, blank lines and spaces around it', `\n \n${rsaPkcs1}  \n\n`],
    // As ca-certificate takes it: it was refused with advice to rewrite it with ssh-keygen.
    [
      'ES256',
      "PKCS#8 folded onto one line (YAML's >, an unquoted echo)",
      ecPkcs8.trim().replace(/\n/g, ' ')
    ],
    ['RS256', 'PKCS#1 folded onto one line', rsaPkcs1.trim().replace(/\n/g, ' ')],
    // A JSON string's escapes (a service account file, jq without -r), which
    // actions/create-github-app-token takes: it was refused with advice to rewrite it with ssh-keygen.
    ['ES256', 'PKCS#8 with \\n escapes for line breaks', ecPkcs8.replace(/\n/g, '\\n')],
    ['RS256', 'PKCS#1 with \\r\\n escapes for line breaks', rsaPkcs1.replace(/\n/g, '\\r\\n')],
    // Its line breaks dropped (tr -d '\n', a one-line field): it too was refused so.
    ['ES256', 'PKCS#8 with no line breaks', ecPkcs8.replace(/\n/g, '')],
    ['RS256', 'PKCS#1 with no line breaks', rsaPkcs1.replace(/\n/g, '')]
  ])('%s from %s: the server verifies it, and no line of the key leaks', async (alg, _, pem) => {
    const clientId = `pkjwt-shape-${alg}`
    const key = publicKeyOf(alg === 'ES256' ? ecPkcs8 : rsaPkcs1)
    server.clientKeys.set(clientId, key)
    const run = await runKeyless(
      {
        host: server.url,
        'token-path': '/oauth2/token',
        'client-id': clientId,
        'client-auth': 'private-key-jwt',
        'private-key': pem
      },
      {}
    )
    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)
    const assertion = lastForm().get('client_assertion') ?? ''
    expect(verifyJwt(assertion, key, `${server.url}/oauth2/token`).header.alg).toBe(alg)
    expectNoLeaks(run, [run.outputs['access-token'] ?? '', assertion, ...secretLines(pem)])
  })
})

describe('a retry after the server has used the client assertion', () => {
  it.each([
    ['private-key-jwt', { 'client-id': 'pkjwt-retry', 'private-key': RSA_PEM }],
    ['github-oidc', {}]
  ])('sends a new one with %s: a server refuses a jti it has seen', async (auth, more) => {
    server.clientKeys.set('pkjwt-retry', publicKeyOf(RSA_PEM))
    const before = server.requests.length
    server.unavailable = 1
    const run = await runKeyless({
      host: server.url,
      'token-path': '/oauth2/token',
      'client-auth': auth,
      retries: '1',
      ...more
    })
    expect(run.stdout).not.toContain('::error::')
    expect(run.code).toBe(0)
    const assertions = server.requests
      .slice(before)
      .map(request => new URLSearchParams(request.body).get('client_assertion') ?? '')
    expect(assertions).toHaveLength(2)
    expect(assertions[1]).not.toBe(assertions[0])
    expectNoLeaks(run, [...assertions, run.outputs['access-token'] ?? ''])
  })
})

describe('refused before anything is sent', () => {
  it('a private key that cannot be read: one line, and no line of the key in the log', async () => {
    const before = server.requests.length
    const broken = RSA_PEM.replace(/^(.{40}).*$/m, '$1!!')
    const lines = broken.split('\n').filter(line => line.trim().length >= 4)
    const run = await runKeyless(
      {
        host: server.url,
        'client-auth': 'private-key-jwt',
        'private-key': broken
      },
      {}
    )
    expect(run.code).toBe(1)
    expect(run.stdout.split('\n').filter(line => line.startsWith('::error::'))).toEqual([
      "::error::input 'private-key' must be an unencrypted PEM private key, RSA (2048 bits or more) or EC P-256: it could not be read: give it whole and unencrypted, as ssh-keygen -p -N '' -m PKCS8 -f copy-of-key rewrites it"
    ])
    expect(findLeaks(run, lines)).toEqual([])
    expect(server.requests).toHaveLength(before)
  })

  // ssh-keygen's default output, and an encrypted PEM key, are what a key file often holds: the
  // line says how to turn either into one the action reads, with a tool Linux, macOS and Windows have.
  const opensshKey = (): string => {
    const body = Buffer.concat([Buffer.from('openssh-key-v1\0'), randomBytes(1200)])
    const lines = body.toString('base64').match(/.{1,70}/g) ?? []
    return `-----BEGIN OPENSSH PRIVATE KEY-----\n${lines.join('\n')}\n-----END OPENSSH PRIVATE KEY-----\n`
  }
  const encrypted = (kind: 'rsa' | 'ec', type: 'pkcs1' | 'pkcs8' | 'sec1'): string =>
    createPrivateKey(privateKeyPem(kind, type))
      .export({ format: 'pem', type, cipher: 'aes-256-cbc', passphrase: 'pass phrase' })
      .toString()
  it.each([
    ['an encrypted PKCS#8 key', () => encrypted('rsa', 'pkcs8')],
    ['an encrypted PKCS#1 key (Proc-Type: 4,ENCRYPTED)', () => encrypted('rsa', 'pkcs1')],
    ['an encrypted SEC1 EC key', () => encrypted('ec', 'sec1')],
    ["a key in OpenSSH's own format", opensshKey]
  ])('%s: says how to convert it, in one line', async (_, key) => {
    const before = server.requests.length
    const pem = key()
    const run = await runKeyless(
      { host: server.url, 'client-auth': 'private-key-jwt', 'private-key': pem },
      {}
    )
    expect(run.code).toBe(1)
    expect(run.stdout.split('\n').filter(line => line.startsWith('::error::'))).toEqual([
      "::error::input 'private-key' must be an unencrypted PEM private key, RSA (2048 bits or more) or EC P-256: it could not be read: give it whole and unencrypted, as ssh-keygen -p -N '' -m PKCS8 -f copy-of-key rewrites it"
    ])
    expect(findLeaks(run, secretLines(pem))).toEqual([])
    expect(server.requests).toHaveLength(before)
  })
})

describe('a private-key it cannot sign with, on the built action', () => {
  // Keys and their kin that a key file may hold: each refused before anything is sent, in one
  // line that says what is wrong with it, with no line of it in the log.
  const pki = new TestPki()
  afterAll(() => pki.cleanup())
  const problem =
    "input 'private-key' must be an unencrypted PEM private key, RSA (2048 bits or more) or EC P-256"
  it.each([
    [
      'an RSA key of 1024 bits',
      () =>
        generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({
          format: 'pem',
          type: 'pkcs8'
        }),
      'this RSA key has 1024 bits'
    ],
    [
      'an EC P-384 key',
      () =>
        generateKeyPairSync('ec', { namedCurve: 'P-384' }).privateKey.export({
          format: 'pem',
          type: 'sec1'
        }),
      'this EC key is on curve secp384r1'
    ],
    [
      'the public key',
      () => createPublicKey(RSA_PEM).export({ format: 'pem', type: 'spki' }),
      'it holds a public key or certificate; give the private key'
    ],
    [
      'a certificate',
      () => pki.authority('client').cert,
      'it holds a public key or certificate; give the private key'
    ]
  ])('%s', async (_, key, why) => {
    const before = server.requests.length
    const pem = key().toString()
    const run = await runKeyless(
      { host: server.url, 'client-auth': 'private-key-jwt', 'private-key': pem },
      {}
    )
    expect(run.code).toBe(1)
    expect(run.stdout.split('\n').filter(line => line.startsWith('::error::'))).toEqual([
      `::error::${problem}: ${why}`
    ])
    expect(findLeaks(run, secretLines(pem))).toEqual([])
    expect(server.requests).toHaveLength(before)
  })
})

describeUnless(sshKeygenMissing(), 'keyless.test.ts (ssh-keygen keys)')(
  'private-key as ssh-keygen writes it, on the built action',
  () => {
    // `ssh-keygen -t ed25519` writes a key in OpenSSH's own format that no rewrite makes one the
    // action signs with: it was told to rewrite it as PKCS#8, and got the same line again.
    const problem =
      "input 'private-key' must be an unencrypted PEM private key, RSA (2048 bits or more) or EC P-256"
    const make = "ssh-keygen -t ecdsa -m PKCS8 -N '' -f key makes one"
    const errors = (run: ActionRun): string[] =>
      run.stdout.split('\n').filter(line => line.startsWith('::error::'))
    const expectSigns = async (pem: string, clientId: string): Promise<void> => {
      server.clientKeys.set(clientId, publicKeyOf(pem))
      const run = await runKeyless(
        {
          host: server.url,
          'token-path': '/oauth2/token',
          'client-id': clientId,
          'client-auth': 'private-key-jwt',
          'private-key': pem
        },
        {}
      )
      expect(run.stderr).toBe('')
      expect(run.code).toBe(0)
      const assertion = lastForm().get('client_assertion') ?? ''
      verifyJwt(assertion, publicKeyOf(pem), `${server.url}/oauth2/token`)
      expectNoLeaks(run, [run.outputs['access-token'] ?? '', assertion, ...secretLines(pem)])
    }

    it.each([
      ['an Ed25519 key', ['-t', 'ed25519', '-N', ''], 'ssh-ed25519', (pem: string) => pem],
      [
        'an Ed25519 key with a passphrase',
        ['-t', 'ed25519', '-N', 'pass phrase'],
        'ssh-ed25519',
        (pem: string) => pem
      ],
      [
        'an Ed25519 key folded onto one line',
        ['-t', 'ed25519', '-N', ''],
        'ssh-ed25519',
        (pem: string) => pem.trim().replace(/\n/g, ' ')
      ],
      [
        'an ECDSA P-384 key',
        ['-t', 'ecdsa', '-b', '384', '-N', ''],
        'ecdsa-sha2-nistp384',
        (pem: string) => pem
      ]
    ])(
      '%s: names its type and how to make a key it can sign with',
      async (_, args, type, shape) => {
        const before = server.requests.length
        const pem = shape(sshKeygen(args))
        expect(pem).toContain('-----BEGIN OPENSSH PRIVATE KEY-----')
        const run = await runKeyless(
          { host: server.url, 'client-auth': 'private-key-jwt', 'private-key': pem },
          {}
        )
        expect(run.code).toBe(1)
        expect(errors(run)).toEqual([`::error::${problem}, not ${type}: ${make}`])
        expect(findLeaks(run, secretLines(pem))).toEqual([])
        expect(server.requests).toHaveLength(before)
      }
    )

    it('the key that line makes is one it signs with, and the server verifies', async () => {
      const pem = sshKeygen(['-t', 'ecdsa', '-m', 'PKCS8', '-N', ''])
      await expectSigns(pem, 'pkjwt-ssh-keygen-new')
    })

    it.each([
      ['an RSA key', ['-t', 'rsa', '-b', '2048', '-N', '']],
      ['an ECDSA P-256 key', ['-t', 'ecdsa', '-b', '256', '-N', '']]
    ])('%s: told to rewrite it, and the rewrite signs', async (name, args) => {
      const before = server.requests.length
      const pem = sshKeygen(args)
      expect(pem).toContain('-----BEGIN OPENSSH PRIVATE KEY-----')
      const run = await runKeyless(
        { host: server.url, 'client-auth': 'private-key-jwt', 'private-key': pem },
        {}
      )
      expect(run.code).toBe(1)
      expect(errors(run)).toEqual([
        `::error::${problem}: it could not be read: give it whole and unencrypted, as ssh-keygen -p -N '' -m PKCS8 -f copy-of-key rewrites it`
      ])
      expect(findLeaks(run, secretLines(pem))).toEqual([])
      expect(server.requests).toHaveLength(before)
      await expectSigns(
        sshKeygen(args, ['-p', '-N', '', '-m', 'PKCS8']),
        `pkjwt-ssh-${name.length}`
      )
    })
  }
)

describe('discovery', () => {
  it('finds the token endpoint from issuer, in two requests', async () => {
    const before = server.requests.length
    const run = await runKeyless({ issuer: server.url, 'client-auth': 'github-oidc' })
    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)
    expect(server.requests.slice(before).map(r => `${r.method} ${r.url}`)).toEqual([
      'GET /.well-known/oauth-authorization-server',
      'POST /oauth2/token'
    ])
    expectNoLeaks(run, [run.outputs['access-token'] ?? '', github.issued.at(-1) ?? ''])
  })

  /** A run through metadata alone on one origin, naming another's token endpoint (RFC 8414 allows it). */
  async function runWithTokenEndpointElsewhere(
    inputs: Record<string, string>
  ): Promise<{ run: ActionRun; assertion: string }> {
    let issuerUrl = ''
    const metadata = http.createServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' })
      res.end(JSON.stringify({ issuer: issuerUrl, token_endpoint: server.tokenEndpoint }))
    })
    await new Promise<void>(done => metadata.listen(0, '127.0.0.1', done))
    issuerUrl = `http://127.0.0.1:${(metadata.address() as AddressInfo).port}`
    try {
      const run = await runKeyless({ issuer: issuerUrl, ...inputs })
      expect(run.stdout).not.toContain('::error::')
      expect(run.code).toBe(0)
      const assertion = lastForm().get('client_assertion') ?? ''
      expectNoLeaks(run, [run.outputs['access-token'] ?? '', assertion])
      return { run, assertion }
    } finally {
      metadata.closeAllConnections()
      await new Promise(done => metadata.close(done))
    }
  }

  it("asks GitHub for an ID token for a token_endpoint's origin, not the issuer's, keeping the runner's query", async () => {
    const { assertion } = await runWithTokenEndpointElsewhere({ 'client-auth': 'github-oidc' })
    const asked = new URL(github.requests.at(-1)?.url ?? '', 'http://x').searchParams
    expect([asked.get('api-version'), asked.get('audience')]).toEqual(['2.0', server.url])
    expect(verifyJwt(assertion, github.publicKey, server.url).claims.sub).toBe(SUBJECT)
  })

  it('addresses a private-key-jwt assertion to a token_endpoint on another origin than the issuer', async () => {
    server.clientKeys.set('pkjwt-elsewhere', publicKeyOf(RSA_PEM))
    const idRequests = github.requests.length
    const { assertion } = await runWithTokenEndpointElsewhere({
      'client-auth': 'private-key-jwt',
      'client-id': 'pkjwt-elsewhere',
      'private-key': RSA_PEM
    })
    expect(github.requests).toHaveLength(idRequests)
    expect(verifyJwt(assertion, publicKeyOf(RSA_PEM), server.tokenEndpoint).claims.iss).toBe(
      'pkjwt-elsewhere'
    )
  })

  // Metadata a server may serve amiss, on the built action: one line each, no ID token asked
  // for, nothing posted anywhere. <I> is the issuer.
  it.each([
    [
      'without token_endpoint',
      200,
      (issuer: string) => JSON.stringify({ issuer }),
      '::error::The metadata at <I>/.well-known/oauth-authorization-server has no token_endpoint: give host and token-path instead of issuer'
    ],
    [
      'whose issuer has a path more',
      200,
      (issuer: string) =>
        JSON.stringify({ issuer: `${issuer}/tenant`, token_endpoint: `${issuer}/t` }),
      "::error::The metadata at <I>/.well-known/oauth-authorization-server names issuer '<I>/tenant', not '<I>'; they must match (RFC 8414 §3.3): check input 'issuer'"
    ],
    [
      'over 256 KiB',
      200,
      (issuer: string) =>
        JSON.stringify({ issuer, token_endpoint: `${issuer}/t`, x: 'x'.repeat(300_000) }),
      "::error::Discovery request to <I>/.well-known/oauth-authorization-server failed: the answer is larger than 256 KiB, too large for a metadata document; check input 'issuer'"
    ],
    [
      'only behind a redirect',
      302,
      () => '',
      "::error::Discovery for issuer <I> failed: <I>/.well-known/oauth-authorization-server: HTTP 302 redirect to <I>/moved, not followed; <I>/.well-known/openid-configuration: HTTP 302 redirect to <I>/moved, not followed; check input 'issuer'; if the server publishes no metadata there, or only behind a redirect, give host and token-path instead"
    ]
  ])('refuses metadata %s', async (_, status, body, expected) => {
    let issuer = ''
    const asked: string[] = []
    const metadata = http.createServer((req, res) => {
      asked.push(`${req.method} ${req.url}`)
      res.writeHead(status, { 'Content-Type': 'application/json', Location: `${issuer}/moved` })
      res.end(body(issuer))
    })
    await new Promise<void>(resolve => metadata.listen(0, '127.0.0.1', resolve))
    issuer = `http://127.0.0.1:${(metadata.address() as AddressInfo).port}`
    const idTokens = github.requests.length
    try {
      const run = await runKeyless({ issuer, 'client-auth': 'github-oidc' })
      expect(run.code).toBe(1)
      expect(run.stdout.split('\n').filter(line => line.startsWith('::error::'))).toEqual([
        expected.replaceAll('<I>', issuer)
      ])
      expect(asked.every(line => line.startsWith('GET /.well-known/'))).toBe(true)
      expect(github.requests).toHaveLength(idTokens)
      expect(findLeaks(run, [github.requestToken])).toEqual([])
    } finally {
      metadata.closeAllConnections()
      await new Promise(done => metadata.close(done))
    }
  })

  it('refuses metadata for another issuer, and sends no credentials', async () => {
    const impostor = await startFederatingServer({ githubKey: github.publicKey })
    try {
      // The impostor's document names its own URL as issuer; asked for as 'localhost', it differs.
      const issuer = impostor.url.replace('127.0.0.1', 'localhost')
      const run = await runKeyless({ issuer, 'client-auth': 'github-oidc' })
      expect(run.code).toBe(1)
      expect(run.stdout).toContain(
        `::error::The metadata at ${issuer}/.well-known/oauth-authorization-server names issuer '${impostor.url}', not '${issuer}'; they must match (RFC 8414 §3.3): check input 'issuer'`
      )
      expect(impostor.requests.map(r => r.method)).toEqual(['GET'])
    } finally {
      await impostor.close()
    }
  })

  it('refuses the metadata URL given as issuer, before anything is sent', async () => {
    const before = server.requests.length
    const run = await runKeyless({
      issuer: `${server.url}/.well-known/oauth-authorization-server`,
      'client-auth': 'github-oidc'
    })
    expect(run.code).toBe(1)
    expect(run.stdout.split('\n').filter(line => line.startsWith('::error::'))).toEqual([
      "::error::input 'issuer' must be the issuer, not its metadata's URL: remove /.well-known/ and what follows"
    ])
    expect(server.requests).toHaveLength(before)
  })

  it('refuses issuer with host', async () => {
    const run = await runKeyless({ issuer: server.url, host: server.url })
    expect(run.code).toBe(1)
    expect(run.stdout).toContain(
      "::error::input 'issuer' and input 'host' (or OAUTH_HOST) are both set: give one; with issuer, the token endpoint comes from discovery"
    )
  })
})
