// Private certificate authorities: certificates made by openssl in a temporary directory, served
// by https servers on 127.0.0.1. The `ca-certificate` input and NODE_EXTRA_CA_CERTS add to the
// default trust store, TLS failures name their code and the input that fixes them, are not
// retried, and nothing turns verification off. In-process through requestToken and send(), and
// through the bundled action as the runner runs it.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import * as net from 'node:net'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import * as tls from 'node:tls'
import { ACTION_NODE, type ActionRun, findLeaks, runAction } from '../scripts/runner.mjs'
import { type Config, readConfig } from '../src/config.js'
import { buildTokenRequest } from '../src/request.js'
import type { Clock } from '../src/retry.js'
import { requestToken } from '../src/token.js'
import { type SendOptions, TransportError, send } from '../src/transport.js'
import {
  type TrustSources,
  defaultCertificates,
  pemCertificates,
  trustedCertificates
} from '../src/trust.js'
import { type Certificate, TestPki } from './support/pki.js'
import { type TokenEndpoint, TOKEN_PATH, startTokenEndpoint } from './support/token-endpoint.js'
import { expectCpuUnder } from './support/cpu-time.js'

const ROOT = resolve(import.meta.dirname, '..')
const CLIENT_ID = 'tls-client'
const CLIENT_SECRET = 'tls-client-secret-7d1f0c9a'

const instantClock: Clock = {
  now: () => Date.now(),
  sleep: async () => undefined,
  random: () => 0.5
}

let pki: TestPki
let ca: Certificate
let otherCa: Certificate
/** Issued by `ca` for localhost and 127.0.0.1; the server sends the leaf alone. */
let leafOnly: TokenEndpoint
/** The same certificate, the server sending its chain up to the root. */
let chained: TokenEndpoint
/** Issued by `ca` for other.test only. */
let wrongName: TokenEndpoint
/** Certificates that spell 127.0.0.1 as their CN alone, and as a DNS name. */
let addressAsCn: TokenEndpoint
let addressAsDns: TokenEndpoint
let selfSigned: TokenEndpoint
let selfSignedCert: Certificate
let expired: TokenEndpoint
/** Issued by `otherCa` for 127.0.0.1. */
let otherCaServer: TokenEndpoint

beforeAll(async () => {
  pki = new TestPki()
  ca = pki.authority('test-root-ca')
  otherCa = pki.authority('other-root-ca')
  const localNames = ['DNS:localhost', 'IP:127.0.0.1']
  const leaf = pki.leaf('localhost', { altNames: localNames, issuer: ca })
  selfSignedCert = pki.leaf('self-signed', { altNames: localNames })
  const expiredCert = pki.leaf('expired', { altNames: localNames, issuer: ca, days: -1 })
  const otherNameCert = pki.leaf('other', { altNames: ['DNS:other.test'], issuer: ca })
  const otherCaCert = pki.leaf('other-ca-leaf', { altNames: localNames, issuer: otherCa })
  const cnCert = pki.leaf('127.0.0.1', { altNames: [], issuer: ca })
  const dnsCert = pki.leaf('address-as-dns', { altNames: ['DNS:127.0.0.1'], issuer: ca })
  ;[addressAsCn, addressAsDns] = await Promise.all([
    startTokenEndpoint({ key: cnCert.key, cert: cnCert.cert }),
    startTokenEndpoint({ key: dnsCert.key, cert: dnsCert.cert })
  ])
  ;[leafOnly, chained, wrongName, selfSigned, expired, otherCaServer] = await Promise.all([
    startTokenEndpoint({ key: leaf.key, cert: leaf.cert }),
    startTokenEndpoint({ key: leaf.key, cert: leaf.chain }),
    startTokenEndpoint({ key: otherNameCert.key, cert: otherNameCert.cert }),
    startTokenEndpoint({ key: selfSignedCert.key, cert: selfSignedCert.cert }),
    startTokenEndpoint({ key: expiredCert.key, cert: expiredCert.cert }),
    startTokenEndpoint({ key: otherCaCert.key, cert: otherCaCert.cert })
  ])
})

afterAll(async () => {
  await Promise.all(
    [
      leafOnly,
      chained,
      wrongName,
      addressAsCn,
      addressAsDns,
      selfSigned,
      expired,
      otherCaServer
    ].map(s => s?.close())
  )
  pki?.cleanup()
})

function inputsFor(server: TokenEndpoint, more: Record<string, string> = {}) {
  return {
    host: server.base(),
    'client-id': CLIENT_ID,
    'client-secret': CLIENT_SECRET,
    ...more
  }
}

function configFor(inputs: Record<string, string>): Config {
  return readConfig({ getInput: name => (inputs[name] ?? '').trim(), env: {} })
}

/** The action's request path, in this process: inputs → config → requestToken → send(). */
async function requestWith(inputs: Record<string, string>, retries = '3') {
  const config = configFor({ retries, ...inputs })
  return requestToken(buildTokenRequest(config), config, {
    send,
    clock: instantClock,
    log: () => undefined,
    debug: () => undefined
  })
}

/** Whether the node that runs the action (ACTION_NODE) is at least this version. */
function actionNodeAtLeast(major: number, minor: number): boolean {
  const version = execFileSync(ACTION_NODE, ['-p', 'process.versions.node'], { encoding: 'utf8' })
  const [have = 0, haveMinor = 0] = version.trim().split('.').map(Number)
  return have > major || (have === major && haveMinor >= minor)
}

/** A TLS server on 127.0.0.1 while `run` runs (given its https:// origin); its connection count. */
async function withTlsServer(
  options: tls.TlsOptions,
  run: (host: string) => Promise<void>
): Promise<number> {
  const server = tls.createServer(options)
  let connections = 0
  server.on('connection', () => connections++)
  server.on('tlsClientError', () => undefined)
  await new Promise<void>(done => server.listen(0, '127.0.0.1', done))
  try {
    await run(`https://127.0.0.1:${(server.address() as AddressInfo).port}`)
    return connections
  } finally {
    await new Promise(done => server.close(done))
  }
}

/** withTlsServer, TLS 1.3, asking every client for a certificate issued by `ca`: a client without
 * one gets the certificate_required alert. */
function withMutualTls(name: string, run: (host: string) => Promise<void>): Promise<number> {
  const leaf = pki.leaf(name, { altNames: ['IP:127.0.0.1'], issuer: ca })
  const options = { key: leaf.key, cert: leaf.cert, requestCert: true, rejectUnauthorized: true }
  return withTlsServer({ ...options, ca: ca.cert, minVersion: 'TLSv1.3' }, run)
}

const ID_REQUEST_TOKEN = 'tls-request-token-7a21'

/**
 * The bundled action with client-auth github-oidc (a token endpoint it never reaches), the runner's
 * ID token endpoint at `host`: it fails, the request token shows nowhere, and this is its error line.
 */
async function idTokenFailure(host: string): Promise<string> {
  const run = await runAction(
    {
      ...inputsFor(leafOnly, { 'ca-certificate': ca.cert, 'client-auth': 'github-oidc' }),
      'client-secret': ''
    },
    {
      ACTIONS_ID_TOKEN_REQUEST_URL: `${host}/idtoken?api-version=2.0`,
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: ID_REQUEST_TOKEN
    }
  )
  expect(run.code).toBe(1)
  expect(findLeaks(run, [ID_REQUEST_TOKEN])).toEqual([])
  return errorLine(run)
}

function errorLine(run: ActionRun): string {
  const lines = run.stdout.split(/\r?\n/).filter(line => line.startsWith('::error::'))
  expect(lines).toHaveLength(1)
  return lines[0] ?? ''
}

function expectNoLeaks(run: ActionRun, server: TokenEndpoint): void {
  expect(findLeaks(run, [CLIENT_SECRET, ...server.tokens])).toEqual([])
}

describe('without the CA, a private certificate fails clearly and at once', () => {
  const authority =
    "pass its certificate in input 'ca-certificate' (or NODE_EXTRA_CA_CERTS, or NODE_USE_SYSTEM_CA=1)"
  // Node's "unable to verify the first certificate" may also be a missing intermediate.
  const intermediate =
    "; or the server sends no intermediate certificate: add it to input 'ca-certificate'"
  it.each([
    ['the leaf alone', () => leafOnly, 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', intermediate],
    ['its chain', () => chained, 'SELF_SIGNED_CERT_IN_CHAIN', ''],
    ['a self-signed certificate', () => selfSigned, 'DEPTH_ZERO_SELF_SIGNED_CERT', '']
  ])('a server sending %s: %s, not retried', async (_what, server, code, more) => {
    const before = server().connections()
    const failure = requestWith(inputsFor(server()), '3')
    await expect(failure).rejects.toThrow(code)
    const message = await failure.then(
      () => '',
      (error: unknown) => String(error)
    )
    expect(message.endsWith(`${authority}${more}`)).toBe(true)
    await expect(failure).rejects.not.toThrow(/attempts/)
    expect(server().connections() - before).toBe(1)
    expect(server().requests).toHaveLength(0)
  })

  it('send() itself rejects with the code, before any byte of the request', async () => {
    const connections = leafOnly.connections()
    const requests = leafOnly.requests.length
    const error = await send(
      {
        url: new URL(TOKEN_PATH, leafOnly.base()),
        headers: { 'Content-Type': 'application/json' },
        body: `{"client_secret":"${CLIENT_SECRET}"}`
      },
      { timeoutMs: 5000 }
    ).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(TransportError)
    expect((error as TransportError).code).toBe('UNABLE_TO_VERIFY_LEAF_SIGNATURE')
    expect((error as TransportError).message).not.toContain(CLIENT_SECRET)
    // The handshake failed on the one connection: no HTTP request reached the server.
    expect(leafOnly.connections() - connections).toBe(1)
    expect(leafOnly.requests).toHaveLength(requests)
  })
})

describe('input ca-certificate', () => {
  it('as PEM text: trusted', async () => {
    const token = await requestWith(inputsFor(leafOnly, { 'ca-certificate': ca.cert }))
    expect(token.accessToken).toBe(leafOnly.tokens.at(-1))
    expect(token.authorization).toBe(`Bearer ${token.accessToken}`)
  })

  it('as the path of a PEM file: trusted, also when the server sends its chain', async () => {
    const token = await requestWith(inputsFor(chained, { 'ca-certificate': ca.certPath }))
    expect(token.accessToken).toBe(chained.tokens.at(-1))
  })

  it('holding several certificates, one of them the right one', async () => {
    const both = `${otherCa.cert}\n${ca.cert}`
    const token = await requestWith(inputsFor(leafOnly, { 'ca-certificate': both }))
    expect(token.accessToken).toBe(leafOnly.tokens.at(-1))
  })

  it("pins a self-signed server's own certificate", async () => {
    const token = await requestWith(
      inputsFor(selfSigned, { 'ca-certificate': selfSignedCert.cert })
    )
    expect(token.accessToken).toBe(selfSigned.tokens.at(-1))
  })

  it('a CA that did not issue the certificate does not help', async () => {
    const failure = requestWith(inputsFor(leafOnly, { 'ca-certificate': otherCa.cert }))
    await expect(failure).rejects.toThrow('UNABLE_TO_VERIFY_LEAF_SIGNATURE')
  })

  it('adds to the default trust store instead of replacing it', async () => {
    const seen: SendOptions[] = []
    const fakeSend = async (_request: unknown, options: SendOptions) => {
      seen.push(options)
      return {
        status: 200,
        headers: { 'content-type': 'application/json' },
        body: '{"access_token":"x-token","token_type":"Bearer"}'
      }
    }
    const extras: Record<string, string>[] = [{ 'ca-certificate': ca.cert }, {}]
    for (const extra of extras) {
      const config = configFor(inputsFor(leafOnly, extra))
      await requestToken(buildTokenRequest(config), config, {
        send: fakeSend,
        clock: instantClock,
        log: () => undefined,
        debug: () => undefined
      })
    }
    const [withInput, withoutInput] = seen
    const trusted = withInput?.ca ?? []
    // Every default root (Node's bundled ones, and NODE_EXTRA_CA_CERTS's when set) is kept ...
    expect(trusted.length).toBeGreaterThan(tls.rootCertificates.length)
    expect(trusted).toEqual(expect.arrayContaining([...tls.rootCertificates]))
    expect(trusted).toEqual(expect.arrayContaining(defaultCertificates()))
    // ... and the user's certificate comes last.
    expect(trusted.at(-1)?.trim()).toBe(ca.cert.trim())
    // Without the input, Node's own default store is used untouched.
    expect(withoutInput?.ca).toBeUndefined()
  })
})

describe('the default trust store (trust.ts)', () => {
  const root = '-----BEGIN CERTIFICATE-----\nROOT\n-----END CERTIFICATE-----'
  const extra = '-----BEGIN CERTIFICATE-----\nEXTRA\n-----END CERTIFICATE-----'
  const mine = '-----BEGIN CERTIFICATE-----\nMINE\n-----END CERTIFICATE-----'
  const node20 = (env: Record<string, string>, files: Record<string, string> = {}) =>
    ({
      getCACertificates: undefined,
      rootCertificates: [root],
      env,
      readFile: path => {
        const text = files[path]
        if (text === undefined) throw new Error(`ENOENT: ${path}`)
        return text
      }
    }) satisfies TrustSources

  it("uses Node's own default store where tls.getCACertificates exists (Node 22.15+, 24)", () => {
    const asked: (string | undefined)[] = []
    const sources: TrustSources = {
      ...node20({ NODE_EXTRA_CA_CERTS: '/never/read' }),
      getCACertificates: type => {
        asked.push(type)
        return [root, extra]
      }
    }
    expect(trustedCertificates([mine], sources)).toEqual([root, extra, mine])
    expect(asked).toEqual(['default'])
  })

  it('on Node 20: the bundled roots plus the NODE_EXTRA_CA_CERTS file, then the input', () => {
    const sources = node20(
      { NODE_EXTRA_CA_CERTS: '/etc/extra.pem' },
      { '/etc/extra.pem': `subject=whatever\n${extra}\n\n${extra.replace('EXTRA', 'MORE')}\n` }
    )
    expect(trustedCertificates([mine], sources)).toEqual([
      root,
      extra,
      extra.replace('EXTRA', 'MORE'),
      mine
    ])
  })

  it('on Node 20: an unset or unreadable NODE_EXTRA_CA_CERTS is skipped, as Node skips it', () => {
    expect(trustedCertificates([mine], node20({}))).toEqual([root, mine])
    expect(trustedCertificates([mine], node20({ NODE_EXTRA_CA_CERTS: '/missing' }))).toEqual([
      root,
      mine
    ])
  })

  it('no input: no trust list at all, so Node uses its default store', () => {
    expect(trustedCertificates([], node20({ NODE_EXTRA_CA_CERTS: '/etc/extra.pem' }))).toBe(
      undefined
    )
  })

  it('in this process: tls.getCACertificates where Node has one, bound to node:tls', () => {
    const builtin = process.getBuiltinModule('node:tls')
    const had = Object.getOwnPropertyDescriptor(builtin, 'getCACertificates')
    const asked: unknown[] = []
    Object.defineProperty(builtin, 'getCACertificates', {
      configurable: true,
      writable: true,
      value: function (this: unknown, type: string) {
        asked.push(this === builtin, type)
        return ['SYSTEM']
      }
    })
    try {
      expect(defaultCertificates()).toEqual(['SYSTEM'])
      expect(asked).toEqual([true, 'default'])
    } finally {
      if (had) Object.defineProperty(builtin, 'getCACertificates', had)
      else Reflect.deleteProperty(builtin, 'getCACertificates')
    }
  })

  // Node 20 has no tls.getCACertificates: there, Node's bundled roots and the file's blocks.
  it('in this process without tls.getCACertificates (Node 20): the bundled roots and the NODE_EXTRA_CA_CERTS file', () => {
    const builtin = process.getBuiltinModule('node:tls')
    const had = Object.getOwnPropertyDescriptor(builtin, 'getCACertificates')
    const saved = process.env.NODE_EXTRA_CA_CERTS
    const dir = mkdtempSync(join(tmpdir(), 'trust-'))
    writeFileSync(join(dir, 'extra.pem'), `subject=whatever\n${extra}\n`)
    Object.defineProperty(builtin, 'getCACertificates', {
      configurable: true,
      writable: true,
      value: undefined
    })
    process.env.NODE_EXTRA_CA_CERTS = join(dir, 'extra.pem')
    try {
      expect(defaultCertificates()).toEqual([...tls.rootCertificates, extra])
    } finally {
      if (had) Object.defineProperty(builtin, 'getCACertificates', had)
      else Reflect.deleteProperty(builtin, 'getCACertificates')
      if (saved === undefined) delete process.env.NODE_EXTRA_CA_CERTS
      else process.env.NODE_EXTRA_CA_CERTS = saved
      rmSync(dir, { recursive: true })
    }
  })

  it('reads no block from a text with an END line and no BEGIN line', () => {
    expect(pemCertificates(`junk\n${extra.slice(extra.indexOf('EXTRA'))}\n`)).toEqual([])
  })

  it('reads the PEM blocks of a file with many BEGIN lines after its last END in time', () => {
    const text = `${root}\n${'-----BEGIN CERTIFICATE-----\n'.repeat(40_000)}`
    expectCpuUnder(1000, () => {
      expect(pemCertificates(text)).toEqual([root])
    })
  })

  it("in this process: Node's real default store", () => {
    const getCACertificates: unknown = Reflect.get(tls, 'getCACertificates')
    const expected =
      typeof getCACertificates === 'function'
        ? (getCACertificates as (type: string) => string[])('default')
        : tls.rootCertificates
    expect(defaultCertificates()).toEqual(expect.arrayContaining([...expected]))
  })
})

describe('other certificate failures name their code and the fix', () => {
  it('a certificate for another name: ERR_TLS_CERT_ALTNAME_INVALID, advice about host', async () => {
    const before = wrongName.connections()
    const host = wrongName.base('localhost')
    const failure = requestWith({ ...inputsFor(wrongName), host, 'ca-certificate': ca.cert })
    // Node's message names the certificate's names: what to put in host instead.
    await expect(failure).rejects.toThrow(/ERR_TLS_CERT_ALTNAME_INVALID: .*DNS:other\.test/)
    await expect(failure).rejects.toThrow(
      "the certificate is not for localhost: use the name it was issued for in input 'host' (or OAUTH_HOST)"
    )
    expect(wrongName.connections() - before).toBe(1)
    expect(wrongName.requests).toHaveLength(0)
  })

  it.each([
    ['as its CN alone', () => addressAsCn, 'altnames: CN=127.0.0.1; '],
    ['as a DNS name', () => addressAsDns, 'altnames: DNS:127.0.0.1; ']
  ])(
    'a certificate that spells the address in host %s: it needs an IP subjectAltName',
    async (_how, server, names) => {
      const failure = requestWith(inputsFor(server(), { 'ca-certificate': ca.cert }))
      await expect(failure).rejects.toThrow(names)
      await expect(failure).rejects.toThrow(
        "the certificate holds no IP subjectAltName 127.0.0.1, which an address in input 'host' (or OAUTH_HOST) needs: use a name it was issued for there, or reissue it with IP:127.0.0.1"
      )
      expect(server().requests).toHaveLength(0)
    }
  )

  it('an expired certificate: CERT_HAS_EXPIRED, renew it on the server', async () => {
    const before = expired.connections()
    const failure = requestWith(inputsFor(expired, { 'ca-certificate': ca.cert }))
    await expect(failure).rejects.toThrow('CERT_HAS_EXPIRED')
    await expect(failure).rejects.toThrow('renew it on the server')
    expect(expired.connections() - before).toBe(1)
  })
})

describe('a server that offers only TLS 1.1 or older', () => {
  it('fails at once, saying the server must enable TLS 1.2 or 1.3', async () => {
    const server = tls.createServer({
      key: selfSignedCert.key,
      cert: selfSignedCert.cert,
      minVersion: 'TLSv1',
      maxVersion: 'TLSv1.1',
      ciphers: 'DEFAULT@SECLEVEL=0'
    })
    let connections = 0
    server.on('secureConnection', socket => socket.destroy())
    server.on('connection', () => connections++)
    server.on('tlsClientError', () => undefined)
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
    try {
      const { port } = server.address() as AddressInfo
      const failure = requestWith({
        host: `https://127.0.0.1:${port}`,
        'client-id': CLIENT_ID,
        'client-secret': CLIENT_SECRET,
        'ca-certificate': selfSignedCert.cert
      })
      await expect(failure).rejects.toThrow(
        `offers only a TLS version older than Node accepts (TLS 1.2 or later); the server must enable TLS 1.2 or 1.3`
      )
      await expect(failure).rejects.not.toThrow(/attempts/)
      expect(connections).toBe(1)
    } finally {
      await new Promise(resolve => server.close(resolve))
    }
  })
})

describe('nothing turns verification off', () => {
  const sources = readdirSync(join(ROOT, 'src'))
    .filter(name => name.endsWith('.ts'))
    .map(name => [name, readFileSync(join(ROOT, 'src', name), 'utf8')] as const)

  it('src never sets rejectUnauthorized other than true, nor touches the env switch', () => {
    expect(sources.length).toBeGreaterThan(5)
    for (const [name, text] of sources) {
      const settings = [...text.matchAll(/rejectUnauthorized\s*:\s*([^\s,}]+)/g)]
      for (const [, value] of settings) expect(`${name}: ${value}`).toBe(`${name}: true`)
      expect(text).not.toMatch(/env\s*(\.|\[['"])NODE_TLS_REJECT_UNAUTHORIZED/)
      expect(text).not.toMatch(/checkServerIdentity/)
      expect(text).not.toMatch(/ignoreSslError|insecureSkipVerify/i)
    }
    // Every TLS connection the transport opens sets it explicitly, so an inherited
    // NODE_TLS_REJECT_UNAUTHORIZED=0 cannot weaken it: to the server, directly and through a
    // tunnel (transport.ts), and to an https:// proxy (proxy.ts).
    const settings = (file: string): number =>
      sources.find(([name]) => name === file)?.[1].match(/rejectUnauthorized: true/g)?.length ?? 0
    expect(settings('transport.ts')).toBeGreaterThanOrEqual(2)
    expect(settings('proxy.ts')).toBeGreaterThanOrEqual(1)
  })

  it('no input of the action disables it', () => {
    const actionYml = readFileSync(join(ROOT, 'action.yml'), 'utf8')
    const inputsBlock = actionYml.split(/^outputs:/m)[0]?.split(/^inputs:/m)[1] ?? ''
    const names = [...inputsBlock.matchAll(/^ {2}([a-z-]+):/gm)].map(match => match[1])
    expect(names).toContain('ca-certificate')
    const tlsSwitches = names.filter(name =>
      /verif|reject|skip|ignore|tls|ssl|cert(?!ificate$)|insecure(?!-http$)/.test(name ?? '')
    )
    expect(tlsSwitches).toEqual([])
  })
})

describe('through the bundled action, as the runner runs it', () => {
  it('an ID token endpoint that wants a client certificate: the line names the code', async () => {
    await withMutualTls('mtls-id', async host => {
      expect(await idTokenFailure(host)).toMatch(
        /^::error::Could not get the job's OIDC ID token from GitHub \(ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED: tlsv13 alert certificate required\): TLS to the runner's ID token endpoint failed: check HTTPS_PROXY, NO_PROXY and TLS inspection on the runner's network$/
      )
    })
  })

  // A fatal alert (80, internal_error) to the ClientHello: Node's EPROTO, with OpenSSL's text.
  it("a server that answers the handshake with an alert: its code and words, not OpenSSL's text", async () => {
    const server = net.createServer(socket =>
      socket.once('data', () => socket.end(Buffer.from([0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 80])))
    )
    await new Promise<void>(listening => server.listen(0, '127.0.0.1', listening))
    const host = `https://127.0.0.1:${(server.address() as AddressInfo).port}`
    try {
      const run = await runAction({
        host,
        'client-id': CLIENT_ID,
        'client-secret': CLIENT_SECRET,
        retries: '0'
      })
      expect(errorLine(run)).toBe(
        `::error::Token request to ${host}/oauth/token failed: EPROTO: tlsv1 alert internal error; TLS failed: check the server's certificate, or input 'ca-certificate'`
      )
      expect(await idTokenFailure(host)).toBe(
        "::error::Could not get the job's OIDC ID token from GitHub (EPROTO: tlsv1 alert internal error): TLS to the runner's ID token endpoint failed: check HTTPS_PROXY, NO_PROXY and TLS inspection on the runner's network"
      )
    } finally {
      await new Promise(closed => server.close(closed))
    }
  })

  it("a server that wants a client certificate: says so, once, without OpenSSL's text", async () => {
    const connections = await withMutualTls('mtls', async host => {
      const run = await runAction({
        host,
        'client-id': CLIENT_ID,
        'client-secret': CLIENT_SECRET,
        'ca-certificate': ca.cert
      })
      expect(run.code).toBe(1)
      expect(errorLine(run)).toBe(
        `::error::Token request to ${host}/oauth/token failed: ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED: the server asks for a client certificate (mutual TLS), which this action cannot send`
      )
      expect(findLeaks(run, [CLIENT_SECRET])).toEqual([])
    })
    expect(connections).toBe(1)
  })

  it('without ca-certificate: fails with the code and the input that fixes it, one connection', async () => {
    const before = leafOnly.connections()
    const run = await runAction(inputsFor(leafOnly))
    expect(run.code).toBe(1)
    expect(errorLine(run)).toBe(
      `::error::Token request to ${leafOnly.base()}${TOKEN_PATH} failed: UNABLE_TO_VERIFY_LEAF_SIGNATURE: unable to verify the first certificate; if the server uses a private certificate authority, pass its certificate in input 'ca-certificate' (or NODE_EXTRA_CA_CERTS, or NODE_USE_SYSTEM_CA=1); or the server sends no intermediate certificate: add it to input 'ca-certificate'`
    )
    expect(leafOnly.connections() - before).toBe(1)
    expect(run.stdout).not.toContain('retrying')
    expectNoLeaks(run, leafOnly)
  })

  it('with a NODE_EXTRA_CA_CERTS that names no file: says so, as Node ignored it at start-up', async () => {
    const missing = join(tmpdir(), 'no-such-dir', 'private-ca.pem')
    const run = await runAction(inputsFor(leafOnly), { NODE_EXTRA_CA_CERTS: missing })
    expect(run.code).toBe(1)
    expect(errorLine(run)).toBe(
      `::error::Token request to ${leafOnly.base()}${TOKEN_PATH} failed: UNABLE_TO_VERIFY_LEAF_SIGNATURE: unable to verify the first certificate; NODE_EXTRA_CA_CERTS names no file (${missing}): check its path, or give the certificate in input 'ca-certificate'; or the server sends no intermediate certificate: add it to input 'ca-certificate'`
    )
    // Node's own warning, on stderr, names the file too.
    expect(run.stderr).toContain(missing)
    expectNoLeaks(run, leafOnly)
  })

  it('with a ca-certificate that did not issue it: says the input holds the wrong authority', async () => {
    const run = await runAction(inputsFor(leafOnly, { 'ca-certificate': otherCa.cert }))
    expect(run.code).toBe(1)
    expect(errorLine(run)).toBe(
      `::error::Token request to ${leafOnly.base()}${TOKEN_PATH} failed: UNABLE_TO_VERIFY_LEAF_SIGNATURE: unable to verify the first certificate; input 'ca-certificate' does not hold the certificate authority that issued the server's certificate: give that one; or the server sends no intermediate certificate: add it to input 'ca-certificate'`
    )
    expectNoLeaks(run, leafOnly)
  })

  it('a ca-certificate pasted without its END line: refused in one line, before anything is sent', async () => {
    const before = chained.connections()
    const cut = ca.cert.trim().split('\n').slice(0, -1).join('\n')
    const run = await runAction(inputsFor(chained, { 'ca-certificate': cut }))
    expect(run.code).toBe(1)
    expect(errorLine(run)).toBe(
      "::error::input 'ca-certificate' has a '-----BEGIN CERTIFICATE-----' line without its END line: give the whole certificate"
    )
    expect(chained.connections()).toBe(before)
    expectNoLeaks(run, chained)
  })

  // YAML's folded style (`ca-certificate: >`), or an unquoted shell `echo $CA`, turns the PEM's
  // line breaks into spaces: still the same certificates.
  it('a ca-certificate whose line breaks were folded into spaces: a token', async () => {
    const folded = `${otherCa.cert}${ca.cert}`.replace(/\s*\n/g, ' ')
    const run = await runAction(inputsFor(chained, { 'ca-certificate': folded }))
    expect(run.stdout).not.toContain('::error::')
    expect(run.code).toBe(0)
    expect(run.outputs['access-token']).toBe(chained.tokens.at(-1))
    expectNoLeaks(run, chained)
  })

  it('NODE_TLS_REJECT_UNAUTHORIZED=0 in the environment does not turn verification off', async () => {
    const before = chained.requests.length
    const run = await runAction(inputsFor(chained), { NODE_TLS_REJECT_UNAUTHORIZED: '0' })
    expect(run.code).toBe(1)
    expect(errorLine(run)).toContain('SELF_SIGNED_CERT_IN_CHAIN')
    expect(chained.requests).toHaveLength(before)
    expectNoLeaks(run, chained)
  })

  it.each([
    ['PEM text', () => ca.cert],
    ['a file path', () => ca.certPath]
  ])('ca-certificate as %s: a token', async (_what, value) => {
    const run = await runAction(inputsFor(chained, { 'ca-certificate': value() }))
    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)
    expect(run.outputs['access-token']).toBe(chained.tokens.at(-1))
    expectNoLeaks(run, chained)
  })

  it('NODE_EXTRA_CA_CERTS alone: a token without the input', async () => {
    const run = await runAction(inputsFor(leafOnly), { NODE_EXTRA_CA_CERTS: ca.certPath })
    expect(run.code).toBe(0)
    expect(run.outputs['access-token']).toBe(leafOnly.tokens.at(-1))
    expectNoLeaks(run, leafOnly)
  })

  it('NODE_EXTRA_CA_CERTS and ca-certificate together: both are trusted', async () => {
    const env = { NODE_EXTRA_CA_CERTS: ca.certPath }
    const input = { 'ca-certificate': otherCa.cert }
    // Issued by the CA in NODE_EXTRA_CA_CERTS: the input did not push it out.
    const viaExtra = await runAction(inputsFor(leafOnly, input), env)
    expect(viaExtra.code).toBe(0)
    expect(viaExtra.outputs['access-token']).toBe(leafOnly.tokens.at(-1))
    // Issued by the CA in the input.
    const viaInput = await runAction(inputsFor(otherCaServer, input), env)
    expect(viaInput.code).toBe(0)
    expect(viaInput.outputs['access-token']).toBe(otherCaServer.tokens.at(-1))
    expectNoLeaks(viaExtra, leafOnly)
    expectNoLeaks(viaInput, otherCaServer)
  })

  // Node 24.6+ reads the system's store with NODE_USE_SYSTEM_CA=1; on Linux that is OpenSSL's
  // default file, which SSL_CERT_FILE names. Node 20 ignores the variable, so this runs in
  // .ci/run's leg with the action on Node 24, the runner's node.
  const withSystemCa = actionNodeAtLeast(24, 6) ? it : it.skip
  withSystemCa(
    'NODE_USE_SYSTEM_CA=1 and ca-certificate together: both are trusted (Node 24.6+)',
    async () => {
      const env = { NODE_USE_SYSTEM_CA: '1', SSL_CERT_FILE: ca.certPath }
      const input = { 'ca-certificate': otherCa.cert }
      // Issued by the CA in the system's store: the input did not push it out.
      const viaSystem = await runAction(inputsFor(leafOnly, input), env)
      expect(viaSystem.stdout).not.toContain('::error::')
      expect(viaSystem.code).toBe(0)
      expect(viaSystem.outputs['access-token']).toBe(leafOnly.tokens.at(-1))
      // Issued by the CA in the input.
      const viaInput = await runAction(inputsFor(otherCaServer, input), env)
      expect(viaInput.code).toBe(0)
      expect(viaInput.outputs['access-token']).toBe(otherCaServer.tokens.at(-1))
      // Without NODE_USE_SYSTEM_CA, the same file is not trusted: the variable did the work.
      const without = await runAction(inputsFor(leafOnly, input), { SSL_CERT_FILE: ca.certPath })
      expect(without.code).toBe(1)
      expect(errorLine(without)).toContain('UNABLE_TO_VERIFY_LEAF_SIGNATURE')
      for (const [run, server] of [
        [viaSystem, leafOnly],
        [viaInput, otherCaServer],
        [without, leafOnly]
      ] as const)
        expectNoLeaks(run, server)
    }
  )

  // As docs/networks.md says: OpenSSL's store cannot be listed, so there the input replaces it.
  it('--use-openssl-ca: the store alone gives a token; with ca-certificate, the input replaces it', async () => {
    const env = { NODE_OPTIONS: '--use-openssl-ca', SSL_CERT_FILE: ca.certPath }
    const alone = await runAction(inputsFor(leafOnly), env)
    expect(alone.code).toBe(0)
    expect(alone.outputs['access-token']).toBe(leafOnly.tokens.at(-1))
    const replaced = await runAction(inputsFor(leafOnly, { 'ca-certificate': otherCa.cert }), env)
    expect(replaced.code).toBe(1)
    expect(errorLine(replaced)).toContain(
      "UNABLE_TO_VERIFY_LEAF_SIGNATURE: unable to verify the first certificate; input 'ca-certificate' does not hold the certificate authority that issued the server's certificate"
    )
    expectNoLeaks(alone, leafOnly)
    expectNoLeaks(replaced, leafOnly)
  })

  // GitHub's ID token request goes through @actions/core, which keeps only the error's message:
  // the code goes in front of Node's text for any certificate failure, not only one of trust.
  it.each([
    [
      'for another name',
      () => wrongName,
      'ERR_TLS_CERT_ALTNAME_INVALID: Hostname/IP does not match'
    ],
    ['expired', () => expired, 'CERT_HAS_EXPIRED: certificate has expired']
  ])(
    "an ID token endpoint whose certificate is %s: the line names Node's code",
    async (_name, server, named) => {
      const before = server().connections()
      const tokenRequests = leafOnly.requests.length
      const line = await idTokenFailure(server().base())
      expect(line).toContain(`Could not get the job's OIDC ID token from GitHub (${named}`)
      expect(line).toMatch(
        /\): TLS to the runner's ID token endpoint failed: check HTTPS_PROXY, NO_PROXY and TLS inspection on the runner's network$/
      )
      expect(server().connections() - before).toBe(1)
      expect(server().requests).toHaveLength(0)
      expect(leafOnly.requests).toHaveLength(tokenRequests)
    }
  )

  it('a certificate for another name: ERR_TLS_CERT_ALTNAME_INVALID and advice about host', async () => {
    const before = wrongName.connections()
    const run = await runAction(inputsFor(wrongName, { 'ca-certificate': ca.certPath }))
    expect(run.code).toBe(1)
    const line = errorLine(run)
    expect(line).toContain('ERR_TLS_CERT_ALTNAME_INVALID')
    expect(line).toContain("use the name it was issued for in input 'host' (or OAUTH_HOST)")
    expect(wrongName.connections() - before).toBe(1)
    expectNoLeaks(run, wrongName)
  })
})

// A certificate for other names: the line lists the names it is for, whichever the host is (Node's
// own text lists no DNS name to an IP address, and only the CN to a name when it has no DNS name).
describe("a certificate for other names: the line says the certificate's names", () => {
  const advice = "use the name it was issued for in input 'host' (or OAUTH_HOST)"
  // [certificate's CN, its subjectAltName entries, host, the names the line gives]
  it.each([
    ['localhost-only', ['DNS:localhost'], '127.0.0.1', 'DNS:localhost'],
    ['localhost-only', ['DNS:localhost'], '[::1]', 'DNS:localhost'],
    ['api-internal', ['DNS:api.internal'], '127.0.0.1', 'DNS:api.internal'],
    ['api-internal', ['DNS:api.internal'], '[::1]', 'DNS:api.internal'],
    ['ip-only', ['IP:127.0.0.1'], 'localhost', 'IP Address:127.0.0.1'],
    // No subjectAltName: the CN is its name (Node takes it for a host name then).
    ['api.internal', [], '127.0.0.1', 'CN=api.internal']
  ])('CN %s, altnames %j, reached as %s', async (name, altNames, host, names) => {
    const leaf = pki.leaf(name, { altNames, issuer: ca })
    const address = host === '[::1]' ? '::1' : '127.0.0.1'
    const server = await startTokenEndpoint({ key: leaf.key, cert: leaf.cert }, address)
    try {
      const base = server.base(host)
      const run = await runAction(inputsFor(server, { host: base, 'ca-certificate': ca.cert }))
      expect(run.code).toBe(1)
      expect(errorLine(run)).toBe(
        `::error::Token request to ${base}${TOKEN_PATH} failed: ERR_TLS_CERT_ALTNAME_INVALID: Hostname/IP does not match certificate's altnames: ${names}; the certificate is not for ${host}: ${advice}`
      )
      expect(server.requests).toHaveLength(0)
      expectNoLeaks(run, server)
    } finally {
      await server.close()
    }
  })

  // The names are the server's text: a server that knows the secret (it issued it) can name it
  // in a certificate, in forms the runner does not mask (upper case, hex), as it can in a body.
  it('a certificate that names the client secret in upper case or in hex: masked in the line', async () => {
    const hex = Buffer.from(CLIENT_SECRET).toString('hex')
    const forms = [CLIENT_SECRET.toUpperCase(), hex, hex.toUpperCase()]
    const altNames = forms.map(form => `DNS:${form}.test`)
    const leaf = pki.leaf('echo-names', { altNames, issuer: ca })
    const server = await startTokenEndpoint({ key: leaf.key, cert: leaf.cert })
    try {
      const run = await runAction(inputsFor(server, { 'ca-certificate': ca.cert }))
      expect(run.code).toBe(1)
      expect(errorLine(run)).toBe(
        `::error::Token request to ${server.base()}${TOKEN_PATH} failed: ERR_TLS_CERT_ALTNAME_INVALID: Hostname/IP does not match certificate's altnames: DNS:***.test, DNS:***.test, DNS:***.test; the certificate is not for 127.0.0.1: ${advice}`
      )
      expect(findLeaks(run, [CLIENT_SECRET, ...forms])).toEqual([])
      expect(server.requests).toHaveLength(0)
    } finally {
      await server.close()
    }
  })

  it('hundreds of names: clipped, on one line that still ends with the advice', async () => {
    const altNames = Array.from({ length: 400 }, (_, i) => `DNS:service-${i}.api.internal`)
    const leaf = pki.leaf('many-names', { altNames, issuer: ca })
    const server = await startTokenEndpoint({ key: leaf.key, cert: leaf.cert })
    try {
      const run = await runAction(inputsFor(server, { 'ca-certificate': ca.cert }))
      expect(run.code).toBe(1)
      const line = errorLine(run)
      expect(line).toContain('altnames: DNS:service-0.api.internal, DNS:service-1.api.internal, ')
      expect(line).not.toContain('service-399')
      expect(line.endsWith(`the certificate is not for 127.0.0.1: ${advice}`)).toBe(true)
      // Node's text is clipped at 300 characters (failures.ts), after its code; then the advice.
      const code = 'ERR_TLS_CERT_ALTNAME_INVALID: '
      const around = line.length - line.indexOf(code) - code.length
      expect(around).toBeLessThanOrEqual(
        300 + `; the certificate is not for 127.0.0.1: ${advice}`.length
      )
      expectNoLeaks(run, server)
    } finally {
      await server.close()
    }
  })
})

describe('a server that speaks TLS but refuses the handshake, or a certificate of the wrong kind', () => {
  /** A TLS server on 127.0.0.1 that counts connections; `run` gets its https:// URL. */
  // OpenSSL's server refuses a client without a certificate with alert 40 (handshake failure)
  // below TLS 1.3, Go's with alert 42 (bad certificate): the server speaks TLS.
  it('TLS 1.2, wanting a client certificate: may want one, not "does not speak TLS"', async () => {
    const leaf = pki.leaf('mtls12', { altNames: ['IP:127.0.0.1'], issuer: ca })
    const options = { key: leaf.key, cert: leaf.cert, requestCert: true, ca: ca.cert }
    const connections = await withTlsServer(
      { ...options, rejectUnauthorized: true, maxVersion: 'TLSv1.2' },
      async host => {
        const run = await runAction(inputsFor(leafOnly, { host, 'ca-certificate': ca.cert }))
        expect(run.code).toBe(1)
        expect(errorLine(run)).toBe(
          `::error::Token request to ${host}/oauth/token failed: EPROTO: the server may want a client certificate (mutual TLS), which this action cannot send`
        )
        expect(findLeaks(run, [CLIENT_SECRET])).toEqual([])
      }
    )
    expect(connections).toBe(1)
  })

  // A server that answers the client's hello with a fatal TLS alert, as Go's does (alert 42)
  // to a TLS 1.2 client without a certificate, or (alert 80) one failing inside.
  it.each([
    [
      42,
      'EPROTO: the server may want a client certificate (mutual TLS), which this action cannot send'
    ],
    [80, "; TLS failed: check the server's certificate, or input 'ca-certificate'"]
  ])('alert %d: the server speaks TLS, and the line says what follows', async (alert, end) => {
    const server = net.createServer(socket => {
      socket.on('error', () => undefined)
      socket.once('data', () => socket.end(Buffer.from([0x15, 3, 3, 0, 2, 2, alert])))
    })
    await new Promise<void>(done => server.listen(0, '127.0.0.1', done))
    try {
      const host = `https://127.0.0.1:${(server.address() as AddressInfo).port}`
      const run = await runAction(inputsFor(leafOnly, { host, retries: '0' }))
      const line = errorLine(run)
      expect(line).not.toContain('does not speak TLS')
      expect(line.endsWith(end)).toBe(true)
    } finally {
      await new Promise(done => server.close(done))
    }
  })

  const names = ['IP:127.0.0.1']
  it.each([
    [
      'extendedKeyUsage for clients only',
      () =>
        pki.leaf('client-only', {
          altNames: names,
          issuer: ca,
          extensions: ['keyUsage=critical,digitalSignature', 'extendedKeyUsage=clientAuth']
        })
    ],
    // OpenSSL 3 checks the issuer's purpose first: INVALID_PURPOSE, not INVALID_CA.
    [
      'issued by an intermediate that is no authority (CA:FALSE)',
      () => {
        const extensions = ['basicConstraints=critical,CA:FALSE', 'keyUsage=keyCertSign']
        const issuer = pki.leaf('not-a-ca', { altNames: [], issuer: ca, extensions })
        return pki.leaf('under-not-a-ca', { altNames: names, issuer })
      }
    ]
  ])('%s: INVALID_PURPOSE, not retried, says to check the certificate', async (_what, make) => {
    const leaf = make()
    const connections = await withTlsServer({ key: leaf.key, cert: leaf.chain }, async host => {
      const run = await runAction(inputsFor(leafOnly, { host, 'ca-certificate': ca.cert }))
      expect(run.code).toBe(1)
      expect(errorLine(run)).toMatch(
        new RegExp(
          `failed: INVALID_PURPOSE: .*; TLS failed: check the server's certificate, or input 'ca-certificate'$`
        )
      )
      expect(run.stdout).not.toContain('retrying')
    })
    expect(connections).toBe(1)
  })

  // OpenSSL refuses a certificate signed with SHA-1 (or MD5, or with a key too small), which
  // Node names UNSPECIFIED: retried as a network error, with no advice, before stop 96.
  it('a certificate its authority signed with SHA-1: UNSPECIFIED, not retried, says to check it', async () => {
    const leaf = pki.leaf('signed-sha1', { altNames: names, issuer: ca, digest: 'sha1' })
    const options = { key: leaf.key, cert: leaf.chain, ciphers: 'DEFAULT@SECLEVEL=0' }
    const connections = await withTlsServer(options, async host => {
      const run = await runAction(inputsFor(leafOnly, { host, 'ca-certificate': ca.cert }))
      expect(run.code).toBe(1)
      expect(errorLine(run)).toMatch(
        /failed: UNSPECIFIED: [^;]*too weak; TLS failed: check the server's certificate, or input 'ca-certificate'$/
      )
      expect(run.stdout).not.toContain('retrying')
      expect(findLeaks(run, [CLIENT_SECRET])).toEqual([])
    })
    expect(connections).toBe(1)
  })

  it('an ID token endpoint whose certificate is for clients only: INVALID_PURPOSE, and TLS advice', async () => {
    const leaf = pki.leaf('client-only-id', {
      altNames: names,
      issuer: ca,
      extensions: ['keyUsage=critical,digitalSignature', 'extendedKeyUsage=clientAuth']
    })
    const connections = await withTlsServer({ key: leaf.key, cert: leaf.cert }, async host => {
      expect(await idTokenFailure(host)).toMatch(
        /^::error::Could not get the job's OIDC ID token from GitHub \(INVALID_PURPOSE: [^)]*\): TLS to the runner's ID token endpoint failed: check HTTPS_PROXY, NO_PROXY and TLS inspection on the runner's network$/
      )
    })
    expect(connections).toBe(1)
  })
})
