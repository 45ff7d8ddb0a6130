// Node's own output: what a workflow's NODE_OPTIONS or NODE_DEBUG_NATIVE makes Node print on
// stderr (warnings and their stacks, uncaught errors and rejections, the TLS handshake, native
// debug lines), which the runner may log before the masks written on stdout reach it. The built
// action and its post step, run as the runner runs them against an https token endpoint; no
// secret or token may show up outside `::add-mask::`, on stdout or stderr.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { findLeaks, runAction, runPost } from '../scripts/runner.mjs'
import { TestPki } from './support/pki.js'
import { type TokenEndpoint, startTokenEndpoint } from './support/token-endpoint.js'

const SECRETS = ['diag-client-secret-5f2c81', 'diag-password-0b9e7d41']

let pki: TestPki
let server: TokenEndpoint
let caCertificate: string

beforeAll(async () => {
  pki = new TestPki()
  const ca = pki.authority('diag-root-ca')
  const leaf = pki.leaf('localhost', { altNames: ['DNS:localhost', 'IP:127.0.0.1'], issuer: ca })
  caCertificate = ca.cert
  server = await startTokenEndpoint({ key: leaf.key, cert: leaf.cert })
})

afterAll(async () => {
  await server?.close()
  pki?.cleanup()
})

/** Settings a workflow may give every step in its job's env. */
const DIAGNOSTICS: Record<string, Record<string, string>> = {
  'warnings, deprecations and uncaught errors traced': {
    NODE_OPTIONS:
      '--trace-warnings --trace-deprecation --pending-deprecation --trace-uncaught --unhandled-rejections=warn --trace-exit --stack-trace-limit=200'
  },
  'the TLS handshake traced (--trace-tls)': { NODE_OPTIONS: '--trace-tls' },
  "Node's native debug lines for TLS, TCP and the HTTP parser": {
    NODE_DEBUG_NATIVE: 'TLSWRAP,TCPWRAP,HTTPPARSER,WRITEWRAP,SHUTDOWNWRAP,JSSTREAM'
  },
  'TLS verification turned off by variable (ignored, with a warning)': {
    NODE_TLS_REJECT_UNAUTHORIZED: '0',
    NODE_OPTIONS: '--trace-warnings'
  }
}

describe.each(Object.entries(DIAGNOSTICS))("with %s, Node's output holds no secret", (_, env) => {
  const inputs = (tokenPath = '/oauth/token'): Record<string, string> => ({
    host: server.base(),
    'token-path': tokenPath,
    'client-id': 'diag-client',
    'client-secret': SECRETS[0] ?? '',
    username: 'diag-user',
    password: SECRETS[1] ?? '',
    'ca-certificate': caCertificate,
    retries: '0'
  })

  it('in a step that gets a token, and in its post step that fails to revoke it', async () => {
    const main = await runAction({ ...inputs(), revoke: 'true' }, env)
    expect(main.code).toBe(0)
    const tokens = server.tokens.slice(-1)
    expect(findLeaks(main, [...SECRETS, ...tokens])).toEqual([])
    // The endpoint answers the revocation with a 404: a warning, with the token in the request.
    const post = await runPost({ ...inputs(), revoke: 'true' }, main.state, env)
    expect(post.code).toBe(0)
    expect(post.stdout).toContain('::warning::Could not revoke the access token')
    expect(findLeaks(post, [...SECRETS, ...tokens])).toEqual([])
  })

  it('in a step whose request fails', async () => {
    const run = await runAction(inputs('/no/such/path'), env)
    expect(run.code).toBe(1)
    expect(findLeaks(run, SECRETS)).toEqual([])
  })
})
