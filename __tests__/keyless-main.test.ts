// run() with keyless inputs and a fake @actions/core: what is asked of GitHub, what is masked
// and when, and the one-line failure when there is no ID token.
import { afterAll, afterEach, beforeAll, describe, expect, it, jest } from '@jest/globals'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { rootCertificates } from 'node:tls'
import nock from 'nock'
import { type FakeCore, fakeCore } from '../__fixtures__/core.js'
import { readConfig } from '../src/config.js'
import { type KeylessDeps, keylessCredentials } from '../src/keyless.js'
import { type Runtime, run } from '../src/main.js'
import { send } from '../src/transport.js'
import { privateKeyPem } from './support/keys.js'
import { withProcessEnv } from './support/process-env.js'

const HOST = 'https://sso.example.com'
const NOW = Date.UTC(2026, 10, 28, 12, 0, 0)
const ID_TOKEN = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJyZXBvOm8vcjpyZWY6cmVmcy9oZWFkcy9tYWluIn0.c2ln-id'
const REQUEST_TOKEN = 'ghs-runner-request-token-VALUE'
const ACCESS = 'access-token-from-federation-VALUE'
/** A subject token or assertion given as it is, not github-oidc. */
const LITERAL = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJsaXRlcmFsIn0.c2ln-literal'
/** Any valid PEM certificate will do as a ca-certificate here. */
const TEST_CA = rootCertificates[0] ?? ''
const GITHUB_ENV = {
  GITHUB_OUTPUT: '/dev/null',
  GITHUB_ENV: '/dev/null',
  ACTIONS_ID_TOKEN_REQUEST_URL:
    'https://pipelines.actions.githubusercontent.com/x/idtoken?api-version=2.0',
  ACTIONS_ID_TOKEN_REQUEST_TOKEN: REQUEST_TOKEN
}
const INPUTS = {
  host: HOST,
  'token-path': '/token',
  'client-id': 'ci',
  'client-auth': 'github-oidc',
  'body-format': 'form'
}

async function runWith(
  inputs: Record<string, string>,
  env: Record<string, string> = GITHUB_ENV,
  idToken: (audience?: string) => Promise<string> = async () => ID_TOKEN
): Promise<FakeCore> {
  const core = fakeCore(inputs, {}, idToken)
  const runtime: Runtime = {
    core,
    env,
    send,
    clock: { now: () => NOW, sleep: async () => undefined, random: () => 0.5 }
  }
  await run(runtime)
  return core
}

beforeAll(() => nock.disableNetConnect())
afterAll(() => {
  nock.enableNetConnect()
  nock.restore()
})
afterEach(() => nock.cleanAll())

describe('client-auth github-oidc in run()', () => {
  it('masks the request token before asking GitHub, and the ID token before sending it', async () => {
    const scope = nock(HOST)
      .post('/token', body => body.client_assertion === ID_TOKEN)
      .reply(200, { access_token: ACCESS, token_type: 'Bearer', expires_in: 60 })
    const core = await runWith(INPUTS)
    expect(core.failed()).toBeUndefined()
    expect(scope.isDone()).toBe(true)
    const order = core.calls.map(call => `${call.fn} ${call.args[0] ?? ''}`)
    const at = (line: string): number => order.indexOf(line)
    expect(at(`setSecret ${REQUEST_TOKEN}`)).toBeGreaterThanOrEqual(0)
    expect(at(`setSecret ${REQUEST_TOKEN}`)).toBeLessThan(at(`getIDToken ${HOST}`))
    expect(at(`getIDToken ${HOST}`)).toBeLessThan(at(`setSecret ${ID_TOKEN}`))
    expect(at(`setSecret ${ID_TOKEN}`)).toBeLessThan(
      order.findIndex(line => line.startsWith('info Requesting a token'))
    )
    const log = core.calls
      .filter(
        call => call.fn !== 'setSecret' && call.fn !== 'setOutput' && call.fn !== 'exportVariable'
      )
      .map(call => call.args.join(' '))
      .join('\n')
    for (const secret of [ID_TOKEN, REQUEST_TOKEN, ACCESS]) expect(log).not.toContain(secret)
  })

  it("masks the credentials of the ID token endpoint's proxy before asking GitHub, whatever the token endpoint's scheme", async () => {
    const password = 'oidc-proxy-pa55word-VALUE'
    const saved = process.env.HTTPS_PROXY
    // http-client's getProxyUrl reads process.env itself.
    process.env.HTTPS_PROXY = `http://ci-user:${password}@proxy.example:3128`
    // A loopback server, not nock: under jest's ES modules on Node 24, nock 14 does not see a
    // plain-http request made through node:http's namespace import (transport.ts).
    const server = createServer((_req, res) => {
      res.setHeader('Content-Type', 'application/json')
      res.end(JSON.stringify({ access_token: ACCESS, token_type: 'Bearer' }))
    })
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
    nock.enableNetConnect('127.0.0.1')
    try {
      const plain = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
      const core = await runWith(
        { ...INPUTS, host: plain },
        { ...GITHUB_ENV, HTTPS_PROXY: process.env.HTTPS_PROXY }
      )
      expect(core.failed()).toBeUndefined()
      const order = core.calls.map(call => `${call.fn} ${call.args[0] ?? ''}`)
      expect(order.indexOf(`setSecret ${password}`)).toBeGreaterThanOrEqual(0)
      expect(order.indexOf(`setSecret ${password}`)).toBeLessThan(
        order.indexOf(`getIDToken ${plain}`)
      )
    } finally {
      nock.disableNetConnect()
      await new Promise(resolve => server.close(resolve))
      if (saved === undefined) delete process.env.HTTPS_PROXY
      else process.env.HTTPS_PROXY = saved
    }
  })

  it("masks the request token and the ID token endpoint's proxy password before its first line about it", async () => {
    const password = 'oidc-proxy-first-line-VALUE'
    // The token endpoint bypasses the proxy: only the ID token request goes through it.
    const vars = {
      HTTPS_PROXY: `http://ci-user:${password}@proxy.example:3128`,
      NO_PROXY: 'sso.example.com'
    }
    nock(HOST).post('/token').reply(200, { access_token: ACCESS, token_type: 'Bearer' })
    const core = await withProcessEnv(vars, () => runWith(INPUTS, { ...GITHUB_ENV, ...vars }))
    expect(core.failed()).toBeUndefined()
    const order = core.calls.map(call => `${call.fn} ${call.args[0] ?? ''}`)
    const line = order.indexOf(
      `info Requesting the job's OIDC ID token from GitHub (audience ${HOST})`
    )
    expect(line).toBeGreaterThan(0)
    const masked = order.slice(0, line)
    expect(masked).toContain(`setSecret ${REQUEST_TOKEN}`)
    expect(masked).toContain(`setSecret ${password}`)
  })

  it('asks for oidc-audience when given', async () => {
    nock(HOST).post('/token').reply(200, { access_token: ACCESS, token_type: 'Bearer' })
    const core = await runWith({ ...INPUTS, 'oidc-audience': 'api://AzureADTokenExchange' })
    expect(core.failed()).toBeUndefined()
    // Each attempt of the ID token request is bounded by input timeout (30 s by default).
    expect(core.getIDToken).toHaveBeenCalledWith('api://AzureADTokenExchange', 30_000, undefined)
  })

  it('says, before asking GitHub, for which audience it asks', async () => {
    nock(HOST).post('/token').reply(200, { access_token: ACCESS, token_type: 'Bearer' })
    const core = await runWith({ ...INPUTS, 'oidc-audience': 'api://AzureADTokenExchange' })
    expect(core.failed()).toBeUndefined()
    const order = core.calls.map(call => `${call.fn} ${call.args[0] ?? ''}`)
    expect(order.slice(0, order.indexOf('getIDToken api://AzureADTokenExchange') + 1).at(-2)).toBe(
      "info Requesting the job's OIDC ID token from GitHub (audience api://AzureADTokenExchange)"
    )
  })

  // An https:// proxy on the way to GitHub may be of the authority ca-certificate gives.
  it('has the ID token request trust what the token request trusts', async () => {
    nock(HOST).post('/token').reply(200, { access_token: ACCESS, token_type: 'Bearer' })
    const core = await runWith({ ...INPUTS, 'ca-certificate': TEST_CA })
    expect(core.failed()).toBeUndefined()
    const ca = jest.mocked(core.getIDToken).mock.calls[0]?.[2] as readonly string[]
    // Node's default store, then the given authority.
    expect(ca.slice(0, rootCertificates.length)).toEqual(rootCertificates)
    expect(ca.at(-1)?.replace(/\s/g, '')).toBe(TEST_CA.replace(/\s/g, ''))
  })

  it.each([
    [
      'an answer without an ID token (a 404, say)',
      'Error message: Response json body do not have ID Token field',
      "Could not get the job's OIDC ID token from GitHub (Response json body do not have ID Token field): GitHub's ID token service failed: re-run the job"
    ],
    [
      'no request token from the runner',
      'Error message: Unable to get ACTIONS_ID_TOKEN_REQUEST_TOKEN env variable',
      "Could not get the job's OIDC ID token from GitHub (Unable to get ACTIONS_ID_TOKEN_REQUEST_TOKEN env variable): add 'permissions: id-token: write' to the workflow or job; the token exists only in GitHub Actions runs, and not for a pull request from a fork"
    ],
    [
      "GitHub's 401 (the request token not taken)",
      'Failed to get ID Token. \n        Error Code : 401\n        Error Message: Unauthorized',
      "Could not get the job's OIDC ID token from GitHub (HTTP 401: Unauthorized): add 'permissions: id-token: write' to the workflow or job; the token exists only in GitHub Actions runs, and not for a pull request from a fork"
    ],
    [
      "a proxy's 407 to the request itself",
      'Failed to get ID Token. \n        Error Code : 407\n        Error Message: Proxy Authentication Required',
      "Could not get the job's OIDC ID token from GitHub (HTTP 407: Proxy Authentication Required): the proxy wants a valid user and password in HTTPS_PROXY"
    ],
    [
      "GitHub's own 404, which is no proxy's",
      'Failed to get ID Token. \n        Error Code : 404\n        Error Message: Not Found',
      "Could not get the job's OIDC ID token from GitHub (HTTP 404: Not Found): GitHub's ID token service failed: re-run the job"
    ]
  ])('says what fits when core fails with %s', async (_name, thrown, expected) => {
    const core = await runWith(INPUTS, GITHUB_ENV, async () => {
      throw new Error(thrown)
    })
    expect(core.failed()).toBe(expected)
  })

  it.each([
    [12345678901234, 'a number'],
    [{ token: ID_TOKEN }, 'an object'],
    // Text that is no JWT, which the token endpoint would only refuse with advice on its trust.
    ['Bearer', 'a string'],
    [`${ID_TOKEN}\n`, 'a string'],
    [ID_TOKEN.split('.').slice(0, 2).join('.'), 'a string'],
    [`${ID_TOKEN}.more`, 'a string'],
    ['e30.e30.c2ln', undefined]
  ])('fails in one line when the ID token service answers %j as the token', async (value, what) => {
    const scope = nock(HOST).post('/token').reply(200, { access_token: ACCESS })
    const core = await runWith(INPUTS, GITHUB_ENV, async () => value as unknown as string)
    expect(core.failed()).toBe(
      what &&
        `Could not get the job's OIDC ID token from GitHub (its answer's value is ${what}, not a JWT): GitHub's ID token service failed: re-run the job`
    )
    expect(scope.isDone()).toBe(!what)
  })

  it('fails in one line when the ID token service answers an empty token', async () => {
    const core = await runWith(INPUTS, GITHUB_ENV, async () => '')
    expect(core.failed()).toBe(
      "Could not get the job's OIDC ID token from GitHub (GitHub answered with no token): add 'permissions: id-token: write' to the workflow or job; the token exists only in GitHub Actions runs, and not for a pull request from a fork"
    )
  })

  // Core's words for a transport failure; Node 24 appends advice for its own command line.
  it.each([
    'SELF_SIGNED_CERT_IN_CHAIN: self-signed certificate in certificate chain',
    'DEPTH_ZERO_SELF_SIGNED_CERT: self-signed certificate',
    'UNABLE_TO_GET_ISSUER_CERT_LOCALLY: unable to get local issuer certificate; if the root CA is installed locally, try running Node.js with --use-system-ca',
    'CERT_UNTRUSTED: certificate not trusted'
  ])('gives the certificate advice for %s', async why => {
    const core = await runWith(INPUTS, GITHUB_ENV, async () => {
      throw new Error(`Failed to get ID Token. \n Error Code : undefined\n Error Message: ${why}`)
    })
    expect(core.failed()).toBe(
      `Could not get the job's OIDC ID token from GitHub (${why.replace(/; if the root CA.*/, '')}): the endpoint's certificate was not trusted: if it uses a private certificate authority, pass its certificate in input 'ca-certificate' (or NODE_EXTRA_CA_CERTS, or NODE_USE_SYSTEM_CA=1)`
    )
  })

  // http-client's getProxyUrl and checkBypass read process.env itself: set there as well.
  it.each([
    [
      'names the proxy, too, when one is set for the endpoint',
      {},
      'a certificate on the way was not trusted: if the proxy in https_proxy (or the endpoint) uses'
    ],
    [
      'names the endpoint alone when no_proxy bypasses the proxy',
      { no_proxy: 'pipelines.actions.githubusercontent.com' },
      "the endpoint's certificate was not trusted: if it uses"
    ]
  ])('%s', async (_, noProxy: Record<string, string>, advice) => {
    const vars = { https_proxy: 'http://127.0.0.1:9', ...noProxy }
    const core = await withProcessEnv(vars, () =>
      runWith(INPUTS, { ...GITHUB_ENV, ...vars }, async () => {
        throw new Error(
          'Failed to get ID Token. \n Error Code : undefined\n Error Message: SELF_SIGNED_CERT_IN_CHAIN: self-signed certificate in certificate chain'
        )
      })
    )
    expect(core.failed()).toBe(
      `Could not get the job's OIDC ID token from GitHub (SELF_SIGNED_CERT_IN_CHAIN: self-signed certificate in certificate chain): ${advice} a private certificate authority, pass its certificate in input 'ca-certificate' (or NODE_EXTRA_CA_CERTS, or NODE_USE_SYSTEM_CA=1)`
    )
  })

  // A proxy variable that proxy.ts cannot use is taken for a proxy on the way.
  it('names the proxy, too, when its variable is no usable proxy URL', async () => {
    const vars = { https_proxy: 'socks5://127.0.0.1:9' }
    const core = await withProcessEnv(vars, () =>
      runWith(INPUTS, { ...GITHUB_ENV, ...vars }, async () => {
        throw new Error(
          'Failed to get ID Token. \n Error Code : undefined\n Error Message: SELF_SIGNED_CERT_IN_CHAIN: self-signed certificate in certificate chain'
        )
      })
    )
    expect(core.failed()).toBe(
      "Could not get the job's OIDC ID token from GitHub (SELF_SIGNED_CERT_IN_CHAIN: self-signed certificate in certificate chain): a certificate on the way was not trusted: if the proxy in https_proxy (or the endpoint) uses a private certificate authority, pass its certificate in input 'ca-certificate' (or NODE_EXTRA_CA_CERTS, or NODE_USE_SYSTEM_CA=1)"
    )
  })

  // Core's words for a network failure: only a timeout is worth a longer one.
  it.each([
    ['connect ECONNREFUSED 127.0.0.1:9; 3 attempts', 'or re-run the job'],
    ['getaddrinfo ENOTFOUND id.github.test', 'or re-run the job'],
    ['timed out after 30 s; 3 attempts', "raise input 'timeout', or re-run the job"],
    ['timed out after 2.5 s; 3 attempts', "raise input 'timeout', or re-run the job"],
    // Each attempt waits at most 60 s, whatever timeout says: no raise would help.
    ['timed out after 60 s; 3 attempts', 'or re-run the job']
  ])('says what fits when the ID token endpoint could not be reached: %s', async (why, fix) => {
    const core = await runWith(INPUTS, GITHUB_ENV, async () => {
      throw new Error(`Failed to get ID Token. \n Error Code : undefined\n Error Message: ${why}`)
    })
    expect(core.failed()).toBe(
      `Could not get the job's OIDC ID token from GitHub (${why}): the runner's ID token endpoint could not be reached: check HTTPS_PROXY and NO_PROXY, ${fix}`
    )
  })

  // proxy.ts's refusal of a proxy variable it cannot use: its own advice, not a re-run.
  it.each(['', '; 3 attempts'])(
    'gives the advice of a proxy variable that is no URL, not a re-run (attempts: %j)',
    async tries => {
      const fix =
        'give http://[user:password@]host:port, with special characters in the user and password percent-encoded (% as %25)'
      const core = await runWith(INPUTS, GITHUB_ENV, async () => {
        throw new Error(
          `Failed to get ID Token. \n Error Code : undefined\n Error Message: HTTPS_PROXY is not a usable proxy URL: ${fix}${tries}`
        )
      })
      expect(core.failed()).toBe(
        `Could not get the job's OIDC ID token from GitHub (HTTPS_PROXY is not a usable proxy URL${tries}): ${fix}`
      )
    }
  )

  // The transport's advice on input 'headers' is the token request's: GitHub's request has none.
  it("drops the transport's advice on input 'headers' from an answer it cannot decode", async () => {
    const core = await runWith(INPUTS, GITHUB_ENV, async () => {
      throw new Error(
        "Failed to get ID Token. \n Error Code : undefined\n Error Message: the answer is compressed with br, which this action cannot undo; remove Accept-Encoding from input 'headers', or check the server"
      )
    })
    expect(core.failed()).toBe(
      "Could not get the job's OIDC ID token from GitHub (the answer is compressed with br, which this action cannot undo; check the server): GitHub's ID token service failed: re-run the job"
    )
  })

  // http-client's words for an answer with no message of its own: the status is all there is.
  it('says the status alone when GitHub answers an error with no message', async () => {
    const core = await runWith(INPUTS, GITHUB_ENV, async () => {
      throw new Error(
        'Failed to get ID Token. \n        Error Code : 500\n        Error Message: Failed request: (500)'
      )
    })
    expect(core.failed()).toBe(
      "Could not get the job's OIDC ID token from GitHub (HTTP 500): GitHub's ID token service failed: re-run the job"
    )
  })

  // A proxy's 407 to CONNECT is told as the token request's: the proxy's credentials, whole.
  it("gives the proxy's credentials advice when it refuses the tunnel with a 407", async () => {
    const refused =
      'proxy 127.0.0.1:9 refused the tunnel to pipelines.actions.githubusercontent.com:443 with HTTP 407; it wants credentials: set HTTPS_PROXY to http://<user>:<password>@host:port'
    const core = await runWith(INPUTS, GITHUB_ENV, async () => {
      throw new Error(
        `Failed to get ID Token. \n Error Code : undefined\n Error Message: ${refused}`
      )
    })
    expect(core.failed()).toBe(
      `Could not get the job's OIDC ID token from GitHub (${refused}): the proxy wants a valid user and password in HTTPS_PROXY`
    )
  })

  // A 407 to CONNECT from a proxy that takes no Basic sign-in: its own advice, not the
  // credentials', which no user and password could meet.
  it('gives the advice of a proxy that takes only NTLM when it refuses the tunnel', async () => {
    const refused =
      'proxy 127.0.0.1:9 refused the tunnel to pipelines.actions.githubusercontent.com:443 with HTTP 407'
    const advice =
      'it takes only NTLM sign-in, not Basic: use a local proxy that signs in for you (such as cntlm or px) in HTTPS_PROXY, or NO_PROXY if the server is reachable directly'
    const core = await runWith(INPUTS, GITHUB_ENV, async () => {
      throw new Error(
        `Failed to get ID Token. \n Error Code : undefined\n Error Message: ${refused}; ${advice}`
      )
    })
    expect(core.failed()).toBe(
      `Could not get the job's OIDC ID token from GitHub (${refused}): ${advice}`
    )
  })

  // The proxy's own certificate, when it could not be used: not the endpoint's, never reached.
  it('names the proxy alone when its own certificate was not trusted', async () => {
    const vars = { https_proxy: 'https://127.0.0.1:9' }
    const why =
      'could not use proxy 127.0.0.1:9 (SELF_SIGNED_CERT_IN_CHAIN: self-signed certificate in certificate chain); check https_proxy and no_proxy'
    const core = await withProcessEnv(vars, () =>
      runWith(INPUTS, { ...GITHUB_ENV, ...vars }, async () => {
        throw new Error(`Failed to get ID Token. \n Error Code : undefined\n Error Message: ${why}`)
      })
    )
    expect(core.failed()).toBe(
      `Could not get the job's OIDC ID token from GitHub (${why}): a certificate on the way was not trusted: if the proxy in https_proxy uses a private certificate authority, pass its certificate in input 'ca-certificate' (or NODE_EXTRA_CA_CERTS, or NODE_USE_SYSTEM_CA=1)`
    )
  })

  // Only core's own words start so: a 500 that says them in its message is GitHub's failure.
  it("blames GitHub's service, not permissions, for a 500 whose message says 'Unable to get'", async () => {
    const core = await runWith(INPUTS, GITHUB_ENV, async () => {
      throw new Error(
        'Failed to get ID Token. \n        Error Code : 500\n        Error Message: Unable to get signing key'
      )
    })
    expect(core.failed()).toBe(
      "Could not get the job's OIDC ID token from GitHub (HTTP 500: Unable to get signing key): GitHub's ID token service failed: re-run the job"
    )
  })

  it('names https_proxy and no_proxy when those are the variables set', async () => {
    const env = { ...GITHUB_ENV, https_proxy: 'http://127.0.0.1:9', no_proxy: 'internal.example' }
    const core = await runWith(INPUTS, env, async () => {
      throw new Error(
        'Failed to get ID Token. \n Error Code : undefined\n Error Message: connect ECONNREFUSED 127.0.0.1:9; 3 attempts'
      )
    })
    expect(core.failed()).toBe(
      "Could not get the job's OIDC ID token from GitHub (connect ECONNREFUSED 127.0.0.1:9; 3 attempts): the runner's ID token endpoint could not be reached: check https_proxy and no_proxy, or re-run the job"
    )
  })

  it('fails in one line, sending nothing, when GitHub gives no ID token', async () => {
    const core = await runWith(INPUTS, GITHUB_ENV, async () => {
      throw new Error(
        `Error message: Failed to get ID Token. \n \n        Error Code : 403\n \n        Error Message: Forbidden ${REQUEST_TOKEN}`
      )
    })
    expect(core.failed()).toBe(
      "Could not get the job's OIDC ID token from GitHub (HTTP 403: Forbidden ***): add 'permissions: id-token: write' to the workflow or job; the token exists only in GitHub Actions runs, and not for a pull request from a fork"
    )
  })

  // Core's words for a network failure, with no status: an answer too large is not one.
  it("blames GitHub's service, not the network, for an answer too large for an ID token", async () => {
    const core = await runWith(INPUTS, GITHUB_ENV, async () => {
      throw new Error(
        'Failed to get ID Token. \n        Error Code : undefined\n        Error Message: response body is larger than 64 KiB; stopped reading'
      )
    })
    expect(core.failed()).toBe(
      "Could not get the job's OIDC ID token from GitHub (response body is larger than 64 KiB; stopped reading): GitHub's ID token service failed: re-run the job"
    )
  })

  it("masks the request token in GitHub's message before cutting it, in any spelling", async () => {
    const entities = [...REQUEST_TOKEN].map(char => `&#${char.charCodeAt(0)};`).join('')
    const core = await runWith(INPUTS, GITHUB_ENV, async () => {
      throw new Error(
        `Failed to get ID Token. \n        Error Code : 500\n        Error Message: ${'x'.repeat(150)} Bearer ${entities}`
      )
    })
    const failed = core.failed() ?? ''
    expect(failed).toMatch(
      /^Could not get the job's OIDC ID token from GitHub \(HTTP 500: x+ Bearer \*\*\*/
    )
    expect(failed).not.toContain('&#103;&#104;&#115;')
  })

  it('cuts a long message from GitHub to one short line', async () => {
    const core = await runWith(INPUTS, GITHUB_ENV, async () => {
      throw new Error(
        `Failed to get ID Token. \n        Error Code : 500\n        Error Message: ${'word '.repeat(100)}`
      )
    })
    expect(core.failed()).toMatch(
      /^Could not get the job's OIDC ID token from GitHub \(HTTP 500: (word ){30,40}word…\): GitHub's ID token service failed: re-run the job$/
    )
  })

  it('fails before asking when the runner gives no ID token URL', async () => {
    const core = await runWith(INPUTS, { GITHUB_OUTPUT: '/dev/null', GITHUB_ENV: '/dev/null' })
    expect(core.getIDToken).not.toHaveBeenCalled()
    expect(core.failed()).toBe(
      "Could not get the job's OIDC ID token from GitHub (ACTIONS_ID_TOKEN_REQUEST_URL is not set): add 'permissions: id-token: write' to the workflow or job; the token exists only in GitHub Actions runs, and not for a pull request from a fork"
    )
  })

  it('fails before discovery sends anything, with issuer, when the runner gives no ID token URL', async () => {
    // nock refuses every connection: a discovery GET would fail the test with another message.
    const rest = Object.fromEntries(
      Object.entries(INPUTS).filter(([name]) => name !== 'host' && name !== 'token-path')
    )
    const core = await runWith(
      { ...rest, issuer: 'https://idp.example.com' },
      { GITHUB_OUTPUT: '/dev/null', GITHUB_ENV: '/dev/null' }
    )
    expect(core.getIDToken).not.toHaveBeenCalled()
    expect(core.failed()).toBe(
      "Could not get the job's OIDC ID token from GitHub (ACTIONS_ID_TOKEN_REQUEST_URL is not set): add 'permissions: id-token: write' to the workflow or job; the token exists only in GitHub Actions runs, and not for a pull request from a fork"
    )
    expect(core.calls.filter(call => call.fn === 'info')).toEqual([])
  })

  it.each([
    ['a bad input', { timeout: 'soon' }, "input 'timeout'"],
    ['a scope with a line break', { scope: 'read\nwrite' }, "input 'scope'"]
  ])('refuses %s before asking GitHub for the ID token', async (_name, inputs, named) => {
    const core = await runWith({ ...INPUTS, ...inputs })
    expect(core.getIDToken).not.toHaveBeenCalled()
    expect(core.failed()).toContain(named)
  })

  it('refuses, with issuer and revoke, metadata without a revocation_endpoint before asking GitHub', async () => {
    const rest = Object.fromEntries(
      Object.entries(INPUTS).filter(([name]) => name !== 'host' && name !== 'token-path')
    )
    const issuer = 'https://idp.example.com'
    const scope = nock(issuer)
      .get('/.well-known/oauth-authorization-server')
      .reply(200, { issuer, token_endpoint: `${issuer}/token` })
    const core = await runWith(
      { ...rest, issuer, revoke: 'true' },
      { ...GITHUB_ENV, GITHUB_STATE: '/dev/null' }
    )
    expect(scope.isDone()).toBe(true)
    expect(core.getIDToken).not.toHaveBeenCalled()
    expect(core.failed()).toContain('no revocation_endpoint')
  })

  it('asks GitHub once when the ID token is both client assertion and subject token', async () => {
    const scope = nock(HOST)
      .post('/token', body => body.client_assertion === ID_TOKEN && body.subject_token === ID_TOKEN)
      .reply(200, {
        access_token: ACCESS,
        token_type: 'N_A',
        issued_token_type: 'urn:ietf:params:oauth:token-type:access_token'
      })
    const core = await runWith({
      ...INPUTS,
      'grant-type': 'urn:ietf:params:oauth:grant-type:token-exchange',
      'subject-token': 'github-oidc'
    })
    expect(core.failed()).toBeUndefined()
    expect(scope.isDone()).toBe(true)
    expect(core.getIDToken).toHaveBeenCalledTimes(1)
    expect(core.outputs['issued-token-type']).toBe('urn:ietf:params:oauth:token-type:access_token')
  })

  it('fails before asking when the runner gives the URL but no request token', async () => {
    const { ACTIONS_ID_TOKEN_REQUEST_URL } = GITHUB_ENV
    const core = await runWith(INPUTS, {
      GITHUB_OUTPUT: '/dev/null',
      GITHUB_ENV: '/dev/null',
      ACTIONS_ID_TOKEN_REQUEST_URL
    })
    expect(core.getIDToken).not.toHaveBeenCalled()
    expect(core.failed()).toBe(
      "Could not get the job's OIDC ID token from GitHub (ACTIONS_ID_TOKEN_REQUEST_TOKEN is not set): add 'permissions: id-token: write' to the workflow or job; the token exists only in GitHub Actions runs, and not for a pull request from a fork"
    )
  })
})

describe('grants that carry the ID token, with a client secret', () => {
  const TOKEN_EXCHANGE = 'urn:ietf:params:oauth:grant-type:token-exchange'
  const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer'

  it.each([
    ['subject-token', 'github-oidc', 'subject_token', TOKEN_EXCHANGE],
    ['assertion', 'github-oidc', 'assertion', JWT_BEARER],
    ['subject-token', LITERAL, 'subject_token', TOKEN_EXCHANGE],
    ['assertion', LITERAL, 'assertion', JWT_BEARER]
  ])(
    'sends %s: %s as %s, masked, asking GitHub for the ID token only for github-oidc',
    async (input, value, param, grantType) => {
      const sent = value === 'github-oidc' ? ID_TOKEN : value
      const scope = nock(HOST)
        .post('/token', body => body[param] === sent && body.client_secret === 'shh')
        .reply(200, { access_token: ACCESS, token_type: 'Bearer' })
      const core = await runWith({
        host: HOST,
        'token-path': '/token',
        'client-id': 'ci',
        'client-secret': 'shh',
        'grant-type': grantType,
        [input]: value
      })
      expect(core.failed()).toBeUndefined()
      expect(scope.isDone()).toBe(true)
      expect(jest.mocked(core.getIDToken).mock.calls).toEqual(
        value === 'github-oidc' ? [[HOST, 30_000, undefined]] : []
      )
      expect(core.calls).toContainEqual(expect.objectContaining({ fn: 'setSecret', args: [sent] }))
    }
  )

  it('fails before asking when the runner gives no ID token URL', async () => {
    const core = await runWith(
      {
        host: HOST,
        'client-id': 'ci',
        'client-secret': 'shh',
        'grant-type': 'urn:ietf:params:oauth:grant-type:jwt-bearer',
        assertion: 'github-oidc'
      },
      { GITHUB_OUTPUT: '/dev/null', GITHUB_ENV: '/dev/null' }
    )
    expect(core.getIDToken).not.toHaveBeenCalled()
    expect(core.failed()).toMatch(/\(ACTIONS_ID_TOKEN_REQUEST_URL is not set\)/)
  })
})

describe('a retry with client-auth github-oidc', () => {
  it('sends a new ID token on each attempt', async () => {
    const assertions: string[] = []
    const scope = nock(HOST)
      .post('/token', body => assertions.push(String(body.client_assertion)) > 0)
      .reply(503, { error: 'temporarily_unavailable' })
      .post('/token', body => assertions.push(String(body.client_assertion)) > 0)
      .reply(200, { access_token: ACCESS, token_type: 'Bearer', expires_in: 60 })
    let issued = 0
    const core = await runWith(
      { ...INPUTS, retries: '1' },
      GITHUB_ENV,
      async () => `${ID_TOKEN}-${++issued}`
    )
    expect(core.failed()).toBeUndefined()
    expect(scope.isDone()).toBe(true)
    expect(assertions).toEqual([`${ID_TOKEN}-1`, `${ID_TOKEN}-2`])
    const masked = core.calls.filter(call => call.fn === 'setSecret').map(call => call.args[0])
    expect(masked).toEqual(expect.arrayContaining(assertions))
  })

  it("redacts the retry's new ID token, in any form, from the server's refusal", async () => {
    const second = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJzZWNvbmQtYXR0ZW1wdCJ9.c2Vjb25k-id'
    const echoed = Buffer.from(`client_assertion=${second}`).toString('base64')
    const scope = nock(HOST)
      .post('/token')
      .reply(503, { error: 'temporarily_unavailable' })
      .post('/token', body => body.client_assertion === second)
      .reply(400, { error: 'invalid_client', error_description: `got ${echoed} here` })
    let issued = 0
    const core = await runWith({ ...INPUTS, retries: '1' }, GITHUB_ENV, async () =>
      issued++ ? second : ID_TOKEN
    )
    expect(scope.isDone()).toBe(true)
    const failed = core.failed() ?? ''
    expect(failed).toMatch(
      /^Token request to .* failed after 2 attempts: HTTP 400 invalid_client: got /
    )
    expect(failed).not.toContain(echoed.slice(0, 16))
  })

  it("resends the last one when GitHub gives none for the retry, so the server's answer decides", async () => {
    const scope = nock(HOST)
      .post('/token', body => body.client_assertion === ID_TOKEN)
      .reply(503, { error: 'temporarily_unavailable' })
      .post('/token', body => body.client_assertion === ID_TOKEN)
      .reply(503, { error: 'temporarily_unavailable', error_description: 'still down' })
    let calls = 0
    const core = await runWith({ ...INPUTS, retries: '1' }, GITHUB_ENV, async () => {
      if (calls++) throw new Error('HTTP 500 from the ID token endpoint')
      return ID_TOKEN
    })
    expect(scope.isDone()).toBe(true)
    expect(core.failed()).toBe(
      `Token request to ${HOST}/token failed after 2 attempts: HTTP 503 temporarily_unavailable: still down; try again later, or check the server`
    )
  })
})

describe('a third attempt with client-auth github-oidc', () => {
  it('resends the last ID token, not the first, when GitHub gives none for it', async () => {
    const assertions: string[] = []
    const seen = (body: Record<string, unknown>): boolean =>
      assertions.push(String(body.client_assertion)) > 0
    const scope = nock(HOST)
      .post('/token', seen)
      .reply(503, { error: 'temporarily_unavailable' })
      .post('/token', seen)
      .reply(503, { error: 'temporarily_unavailable' })
      .post('/token', seen)
      .reply(200, { access_token: ACCESS, token_type: 'Bearer', expires_in: 60 })
    let issued = 0
    const core = await runWith({ ...INPUTS, retries: '2' }, GITHUB_ENV, async () => {
      if (++issued === 3) throw new Error('HTTP 500 from the ID token endpoint')
      return `${ID_TOKEN}-${issued}`
    })
    expect(scope.isDone()).toBe(true)
    expect(core.failed()).toBeUndefined()
    expect(assertions).toEqual([`${ID_TOKEN}-1`, `${ID_TOKEN}-2`, `${ID_TOKEN}-2`])
  })
})

describe('client-auth private-key-jwt in run()', () => {
  const KEY = privateKeyPem('ec', 'sec1')

  it("masks the assertion it signs, for the token endpoint at the step's clock, before sending it", async () => {
    let sent = ''
    let maskedBefore: string[] = []
    const core = fakeCore({
      ...INPUTS,
      'client-auth': 'private-key-jwt',
      'private-key': KEY
    })
    const scope = nock(HOST)
      .post('/token', body => {
        sent = String(body.client_assertion)
        maskedBefore = core.calls
          .filter(call => call.fn === 'setSecret')
          .map(call => call.args[0] ?? '')
        return true
      })
      .reply(200, { access_token: ACCESS, token_type: 'Bearer' })
    await run({
      core,
      env: GITHUB_ENV,
      send,
      clock: { now: () => NOW, sleep: async () => undefined, random: () => 0.5 }
    })
    expect(core.failed()).toBeUndefined()
    expect(scope.isDone()).toBe(true)
    expect(maskedBefore).toContain(sent)
    const claims = JSON.parse(Buffer.from(sent.split('.')[1] ?? '', 'base64url').toString())
    expect(claims).toMatchObject({
      iss: 'ci',
      sub: 'ci',
      aud: `${HOST}/token`,
      iat: NOW / 1000,
      exp: NOW / 1000 + 300
    })
  })

  // A server may refuse a jti it has seen: each attempt's assertion has one of its own.
  it('signs each attempt with a jti of its own', async () => {
    const sent: string[] = []
    const scope = nock(HOST)
      .post('/token', body => sent.push(String(body.client_assertion)) > 0)
      .reply(503, { error: 'temporarily_unavailable' })
      .post('/token', body => sent.push(String(body.client_assertion)) > 0)
      .reply(200, { access_token: ACCESS, token_type: 'Bearer' })
    const core = await runWith({
      ...INPUTS,
      'client-auth': 'private-key-jwt',
      'private-key': KEY,
      retries: '1'
    })
    expect(core.failed()).toBeUndefined()
    expect(scope.isDone()).toBe(true)
    const jtis = sent.map(
      jwt => JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString()).jti
    )
    expect(jtis).toHaveLength(2)
    expect(jtis[0]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    expect(jtis[1]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    expect(jtis[1]).not.toBe(jtis[0])
  })

  // It needs no ID token: a runner without id-token: write runs it.
  it('runs without the runner giving an ID token URL or request token', async () => {
    const scope = nock(HOST)
      .post('/token')
      .reply(200, { access_token: ACCESS, token_type: 'Bearer' })
    const core = await runWith(
      { ...INPUTS, 'client-auth': 'private-key-jwt', 'private-key': KEY },
      { GITHUB_OUTPUT: '/dev/null', GITHUB_ENV: '/dev/null' }
    )
    expect(core.failed()).toBeUndefined()
    expect(scope.isDone()).toBe(true)
    expect(core.getIDToken).not.toHaveBeenCalled()
  })
})

describe('advice when the server refuses the client', () => {
  it('points at the federated credential for github-oidc', async () => {
    nock(HOST).post('/token').reply(401, {
      error: 'invalid_client',
      error_description: 'AADSTS70021: No matching federated identity record found'
    })
    const core = await runWith({ ...INPUTS, retries: '0' })
    expect(core.failed()).toBe(
      `Token request to ${HOST}/token failed: HTTP 401 invalid_client: AADSTS70021: No matching federated identity record found; check client-id and oidc-audience, and that the server trusts this job's ID token (its issuer, https://token.actions.githubusercontent.com on github.com; its subject and audience)`
    )
  })
})

describe('keylessCredentials', () => {
  /** Its deps, recording what is masked, each call a list, and the lines written. */
  const deps = (
    env: Record<string, string>
  ): KeylessDeps & { masked: string[][]; lines: string[] } => {
    const masked: string[][] = []
    const lines: string[] = []
    return {
      masked,
      lines,
      getIDToken: () => Promise.resolve(ID_TOKEN),
      env,
      mask: values => masked.push([...values]),
      log: line => lines.push(line),
      now: () => NOW,
      jwtId: () => 'jti-1'
    }
  }
  const config = (inputs: Record<string, string>) =>
    readConfig({
      getInput: name =>
        ({ host: HOST, 'token-path': '/token', 'client-id': 'ci', ...inputs })[name] ?? '',
      env: {}
    })

  it('has masked each credential it returns by the time it returns it', async () => {
    const choices: Record<string, string>[] = [
      { 'client-auth': 'github-oidc' },
      { 'client-auth': 'private-key-jwt', 'private-key': privateKeyPem('ec', 'pkcs8') }
    ]
    for (const inputs of choices) {
      const step = deps({
        ACTIONS_ID_TOKEN_REQUEST_URL: 'https://token.actions.example/id',
        ACTIONS_ID_TOKEN_REQUEST_TOKEN: REQUEST_TOKEN
      })
      const read = config(inputs)
      if (!read.keyless) throw new Error('no keyless config')
      const { clientAssertion } = await keylessCredentials(read.keyless, read, step)
      expect(clientAssertion).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/)
      expect(step.masked.flat()).toContain(clientAssertion)
    }
  })

  it('masks the ID token as it arrives, and the request token before it finds the URL unset', async () => {
    const read = config({ 'client-auth': 'github-oidc' })
    if (!read.keyless) throw new Error('no keyless config')
    const arrived = deps({
      ACTIONS_ID_TOKEN_REQUEST_URL: 'https://token.actions.example/id',
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: REQUEST_TOKEN
    })
    await keylessCredentials(read.keyless, read, arrived)
    expect(arrived.masked.at(-1)).toEqual([ID_TOKEN])
    const unset = deps({ ACTIONS_ID_TOKEN_REQUEST_TOKEN: REQUEST_TOKEN })
    await expect(keylessCredentials(read.keyless, read, unset)).rejects.toThrow(
      /\(ACTIONS_ID_TOKEN_REQUEST_URL is not set\)/
    )
    expect(unset.masked.flat()).toContain(REQUEST_TOKEN)
    expect(unset.lines).toEqual([])
  })
})
