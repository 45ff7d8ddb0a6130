// describeTransportError reads the same on Node 20 and on Node 24, the runtime GitHub uses.
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from '@jest/globals'
import { actionDefaults } from '../scripts/runner.mjs'
import { readConfig } from '../src/config.js'
import {
  describeBadResponse,
  describeHttpFailure,
  describeTransportError
} from '../src/failures.js'
import { BadResponse, readToken } from '../src/response.js'
import {
  type HttpResponse,
  H2_ONLY,
  PROXY_UPSTREAM,
  SWITCHED_PROTOCOLS,
  TransportError
} from '../src/transport.js'
import { privateKeyPem } from './support/keys.js'

const inputs: Record<string, string> = {
  ...actionDefaults(),
  host: 'https://auth.example.com',
  'client-id': 'failures-client',
  'client-secret': 'failures-secret'
}
const config = readConfig({ getInput: name => inputs[name] ?? '', env: {} })

/** A private-key-jwt signing key, for the advice to a client assertion refused. */
const EC_KEY = privateKeyPem('ec', 'pkcs8')

const NODE20 = 'unable to verify the first certificate'
const NODE24 = `${NODE20}; if the root CA is installed locally, try running Node.js with --use-system-ca`

describe("Node 24's advice for its own command line", () => {
  it.each([
    [
      'the server',
      undefined,
      "UNABLE_TO_VERIFY_LEAF_SIGNATURE: unable to verify the first certificate; if the server uses a private certificate authority, pass its certificate in input 'ca-certificate' (or NODE_EXTRA_CA_CERTS, or NODE_USE_SYSTEM_CA=1); or the server sends no intermediate certificate: add it to input 'ca-certificate'"
    ],
    [
      'the proxy',
      'proxy.example.com:3128',
      "unable to verify the first certificate; if the proxy uses a private certificate authority, pass its certificate in input 'ca-certificate' (or NODE_EXTRA_CA_CERTS, or NODE_USE_SYSTEM_CA=1); or the proxy sends no intermediate certificate: add it to input 'ca-certificate'"
    ]
  ])('is replaced by the action’s advice for %s', (_, proxy, expected) => {
    const code = 'UNABLE_TO_VERIFY_LEAF_SIGNATURE'
    const on20 = describeTransportError(new TransportError(NODE20, code, proxy), config, [])
    const on24 = describeTransportError(new TransportError(NODE24, code, proxy), config, [])
    expect(on20).toBe(expected)
    expect(on24).toBe(expected)
  })
})

describe('an answer cut off before its end', () => {
  const cut = (message: string, code: string, status?: number): string =>
    describeTransportError(new TransportError(message, code, undefined, status), config, [])

  it.each([
    [
      401,
      'ECONNRESET',
      'connection closed before the response was complete',
      'HTTP 401 answer cut off before its end: ECONNRESET: connection closed before the response was complete; the connection was cut: check the server, and any proxy or firewall on the way'
    ],
    [
      503,
      'HPE_INVALID_CHUNK_SIZE',
      'Parse Error: Invalid character in chunk size',
      "HTTP 503 answer cut off before its end: HPE_INVALID_CHUNK_SIZE: Parse Error: Invalid character in chunk size; the answer breaks HTTP's framing: check the server, or a proxy or load balancer in front of it"
    ],
    [
      400,
      'ETIMEDOUT',
      'timed out after 30 s',
      "HTTP 400 answer cut off before its end: timed out after 30 s; raise input 'timeout' or check that the server answers"
    ]
  ])('names the status of the HTTP %s that began', (status, code, message, expected) => {
    expect(cut(message, code, status)).toBe(expected)
  })

  it('says nothing of a status when no answer began', () => {
    expect(cut('connection closed before the response was complete', 'ECONNRESET')).toBe(
      'ECONNRESET: connection closed before the response was complete; the connection was cut: check the server, and any proxy or firewall on the way'
    )
    expect(cut('timed out after 30 s', 'ETIMEDOUT')).toBe(
      "timed out after 30 s; raise input 'timeout' or check that the server answers"
    )
  })

  it('leaves an HTTP 101, which carries its status, as it reads', () => {
    expect(cut('the server switched protocols (HTTP 101)', SWITCHED_PROTOCOLS, 101)).not.toMatch(
      /cut off/
    )
  })
})

describe('a certificate that no authority given vouches for', () => {
  it.each([
    ['server', undefined],
    ['proxy', 'proxy.example.com:3128']
  ])("says that input 'ca-certificate' does not hold the %s's authority", (who, proxy) => {
    const withCa = { ...config, caCertificates: ['-----BEGIN CERTIFICATE-----...'] }
    const error = new TransportError(NODE20, 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', proxy)
    expect(describeTransportError(error, withCa, [])).toMatch(
      new RegExp(
        `; input 'ca-certificate' does not hold the certificate authority that issued the ${who}'s certificate: give that one; or the ${who} sends no intermediate certificate: add it to input 'ca-certificate'$`
      )
    )
  })
})

describe('NODE_EXTRA_CA_CERTS naming no file', () => {
  it.each([
    ['server', undefined],
    ['proxy', 'proxy.example.com:3128']
  ])('says so for the %s, not to set it, as Node ignored it at start-up', (who, proxy) => {
    const saved = process.env.NODE_EXTRA_CA_CERTS
    process.env.NODE_EXTRA_CA_CERTS = '/no/such/ca-bundle.pem'
    try {
      const error = new TransportError(NODE20, 'SELF_SIGNED_CERT_IN_CHAIN', proxy)
      expect(describeTransportError(error, config, [])).toMatch(
        /; NODE_EXTRA_CA_CERTS names no file \(\/no\/such\/ca-bundle\.pem\): check its path, or give the certificate in input 'ca-certificate'$/
      )
      // A file that exists keeps the advice that names it among the ways to trust an authority.
      process.env.NODE_EXTRA_CA_CERTS = fileURLToPath(import.meta.url)
      expect(describeTransportError(error, config, [])).toMatch(
        new RegExp(`; if the ${who} uses a private certificate authority, pass its certificate`)
      )
    } finally {
      if (saved === undefined) delete process.env.NODE_EXTRA_CA_CERTS
      else process.env.NODE_EXTRA_CA_CERTS = saved
    }
  })
})

describe('a certificate whose chain stops short', () => {
  it('names a missing intermediate only for "unable to verify the first certificate"', () => {
    const withCa = { ...config, caCertificates: ['-----BEGIN CERTIFICATE-----...'] }
    const chain = new TransportError(
      'unable to get local issuer certificate',
      'UNABLE_TO_GET_ISSUER_CERT_LOCALLY'
    )
    expect(describeTransportError(chain, withCa, [])).toBe(
      "UNABLE_TO_GET_ISSUER_CERT_LOCALLY: unable to get local issuer certificate; input 'ca-certificate' does not hold the certificate authority that issued the server's certificate: give that one"
    )
  })
})

describe('an intermediate authority given without its root', () => {
  it('asks for the root as well, since OpenSSL trusts a chain only up to one', () => {
    const withCa = { ...config, caCertificates: ['-----BEGIN CERTIFICATE-----...'] }
    const error = new TransportError(
      'unable to get issuer certificate',
      'UNABLE_TO_GET_ISSUER_CERT'
    )
    expect(describeTransportError(error, withCa, [])).toBe(
      "UNABLE_TO_GET_ISSUER_CERT: unable to get issuer certificate; input 'ca-certificate' holds a certificate authority of the server's chain, but not the root it chains up to: add the root's certificate"
    )
  })

  it('is not what is missing when no ca-certificate was given: the private authority is', () => {
    const error = new TransportError(
      'unable to get issuer certificate',
      'UNABLE_TO_GET_ISSUER_CERT'
    )
    expect(describeTransportError(error, config, [])).toBe(
      "UNABLE_TO_GET_ISSUER_CERT: unable to get issuer certificate; if the server uses a private certificate authority, pass its certificate in input 'ca-certificate' (or NODE_EXTRA_CA_CERTS, or NODE_USE_SYSTEM_CA=1)"
    )
  })
})

describe('the failure line', () => {
  // The date is cut to the second, and a slow run takes more: any wait near an hour will do.
  it('names a Retry-After given as an HTTP date by the wait it asks from now', () => {
    const answer: HttpResponse = {
      status: 503,
      headers: { 'retry-after': new Date(Date.now() + 3_600_000).toUTCString() },
      body: ''
    }
    expect(describeHttpFailure(answer, config)).toMatch(
      /; it asks to retry after (35\d\d|3600) s, longer than the 60 s this action waits: try again later, or check the server$/
    )
  })

  it('reads an HTML 401 as a possible proxy login whatever the case of its media type', () => {
    const page: HttpResponse = {
      status: 401,
      headers: { 'content-type': 'Text/HTML; charset=UTF-8' },
      body: '<title>401 Unauthorized</title>'
    }
    expect(describeHttpFailure(page, config)).toContain(
      '; a proxy in front of the server may ask for its own login: give it in headers; else check client-id, client-secret and client-auth'
    )
  })

  it('writes an answer it could not decode as its own message, without the code', () => {
    const message =
      "the answer's gzip body could not be decoded (incorrect header check); check the server, and any proxy on the way"
    expect(describeTransportError(new TransportError(message, 'EENCODING'), config, [])).toBe(
      message
    )
  })

  it.each([
    ['a full stop', 'Unknown client.'],
    ['an exclamation mark', 'Unknown client!'],
    ['a question mark', 'Who are you?']
  ])(
    "starts the advice as a sentence after a server's text that ends one with %s",
    (_name, description) => {
      const answer: HttpResponse = {
        status: 401,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ error: 'invalid_client', error_description: description })
      }
      expect(describeHttpFailure(answer, config)).toBe(
        `HTTP 401 invalid_client: ${description} Check client-id, client-secret and client-auth`
      )
    }
  )

  it("drops the colon Node ends an empty list of a certificate's names with", () => {
    const message =
      "Hostname/IP does not match certificate's altnames: IP: 203.0.113.9 is not in the cert's list: "
    const line = describeTransportError(
      new TransportError(message, 'ERR_TLS_CERT_ALTNAME_INVALID'),
      config,
      []
    )
    expect(line).toBe(
      "ERR_TLS_CERT_ALTNAME_INVALID: Hostname/IP does not match certificate's altnames: IP: 203.0.113.9 is not in the cert's list; the certificate is not for auth.example.com: use the name it was issued for in input 'host' (or OAUTH_HOST)"
    )
  })

  it.each([
    ['203.0.113.9', 'DNS:203.0.113.9', 'IP:203.0.113.9'],
    ['203.0.113.9', 'CN=203.0.113.9', 'IP:203.0.113.9'],
    ['[2001:db8::9]', 'DNS:2001:db8::9', 'IP:2001:db8::9']
  ])(
    'tells an address in host (%s) that a certificate naming it %s needs an IP subjectAltName',
    (address, names, reissue) => {
      const ip = readConfig({
        getInput: name => ({ ...inputs, host: `https://${address}` })[name] ?? '',
        env: {}
      })
      const line = describeTransportError(
        new TransportError(
          `Hostname/IP does not match certificate's altnames: ${names}`,
          'ERR_TLS_CERT_ALTNAME_INVALID'
        ),
        ip,
        []
      )
      expect(line).toBe(
        `ERR_TLS_CERT_ALTNAME_INVALID: Hostname/IP does not match certificate's altnames: ${names}; the certificate holds no IP subjectAltName ${address}, which an address in input 'host' (or OAUTH_HOST) needs: use a name it was issued for there, or reissue it with ${reissue}`
      )
    }
  )

  // The answer that ended the attempts asked for a wait no retry made: named whatever the advice.
  it.each([
    [
      429,
      { error: 'invalid_request', error_description: 'Rate limit exceeded' },
      'HTTP 429 invalid_request: Rate limit exceeded; it asks to retry after 120 s, longer than the 60 s this action waits; check the request: body-format, client-auth and extra-params'
    ],
    [
      503,
      { error: 'temporarily_unavailable' },
      'HTTP 503 temporarily_unavailable; it asks to retry after 120 s, longer than the 60 s this action waits: try again later, or check the server'
    ],
    // Not a status a retry meets: its Retry-After is no matter.
    [
      400,
      { error: 'invalid_request' },
      'HTTP 400 invalid_request; check the request: body-format, client-auth and extra-params'
    ]
  ])('names the Retry-After of a last HTTP %i', (status, body, line) => {
    const response: HttpResponse = {
      status,
      headers: { 'content-type': 'application/json', 'retry-after': '120' },
      body: JSON.stringify(body)
    }
    expect(describeHttpFailure(response, config, [])).toBe(line)
    // Not to a post step, which waits no more.
    expect(describeHttpFailure(response, config, [], 'revocation_endpoint')).not.toMatch(
      /retry after/
    )
  })

  // 60 s is the longest wait the action makes: a last answer that asks for it is told the wait,
  // and only one that asks for more is "longer than" it.
  it.each([
    ['60', 'it asks to retry after 60 s: try again later'],
    ['61', 'it asks to retry after 61 s, longer than the 60 s this action waits: try again later'],
    [
      '86400',
      'it asks to retry after 86400 s, longer than the 60 s this action waits: try again later'
    ],
    // Not 1e+23 s (audit 87a, R2).
    [
      '99999999999999999999999',
      'it asks to retry after more than a day, longer than the 60 s this action waits: try again later'
    ]
  ])('names a last Retry-After of %s s, and whether the action waits that long', (after, told) => {
    const response: HttpResponse = {
      status: 503,
      headers: { 'content-type': 'application/json', 'retry-after': after },
      body: JSON.stringify({ error: 'temporarily_unavailable' })
    }
    expect(describeHttpFailure(response, config, [])).toBe(
      `HTTP 503 temporarily_unavailable; ${told}, or check the server`
    )
  })

  // A reset in seconds to wait may have a fraction: the wait named is never shorter than asked.
  it('rounds a last wait that is no whole number of seconds up', () => {
    const response: HttpResponse = {
      status: 429,
      headers: { 'content-type': 'application/json', 'x-ratelimit-reset': '61.2' },
      body: JSON.stringify({ error: 'rate_limited' })
    }
    expect(describeHttpFailure(response, config, [])).toBe(
      'HTTP 429 rate_limited; it asks to retry after 62 s, longer than the 60 s this action waits: try again later, or check the server'
    )
  })

  // Its answer to CONNECT ended the attempts (the last, or one asking for longer than 60 s).
  it.each([
    [
      429,
      ': it is busy or limits requests; try again later, or check HTTPS_PROXY and NO_PROXY',
      ': it is busy or limits requests; it asks to retry after 3600 s, longer than the 60 s this action waits: try again later, or check HTTPS_PROXY and NO_PROXY'
    ],
    [
      503,
      ": it could not reach auth.example.com:443; check input 'host' (or OAUTH_HOST), or NO_PROXY if the server is only reachable directly",
      ": it could not reach auth.example.com:443; check input 'host' (or OAUTH_HOST), or NO_PROXY if the server is only reachable directly; it asks to retry after 3600 s, longer than the 60 s this action waits"
    ]
  ])("says how long a proxy's %i to CONNECT asks to wait", (status, told, line) => {
    const refused = `proxy 127.0.0.1:3128 refused the tunnel to auth.example.com:443 with HTTP ${status}`
    const error = new TransportError(
      `${refused}${told}`,
      PROXY_UPSTREAM,
      '127.0.0.1:3128',
      undefined,
      {
        status,
        headers: { 'retry-after': '3600' }
      }
    )
    expect(describeTransportError(error, config, [])).toBe(`${refused}${line}`)
    // Not to a post step, which waits no more.
    expect(describeTransportError(error, config, [], 'revocation_endpoint')).toBe(
      `${refused}${told}`
    )
  })

  // proxy.ts names input 'host'; with issuer, the endpoint came from the metadata.
  it.each([
    ['token_endpoint', undefined],
    ['revocation_endpoint', 'revocation_endpoint']
  ] as const)(
    "names the metadata's %s, not input 'host', when a proxy could not reach it with issuer",
    (field, given) => {
      const refused =
        'proxy 127.0.0.1:3128 refused the tunnel to api.example.com:443 with HTTP 502: it could not reach api.example.com:443'
      const error = new TransportError(
        `${refused}; check input 'host' (or OAUTH_HOST), or NO_PROXY if the server is only reachable directly`,
        PROXY_UPSTREAM,
        '127.0.0.1:3128'
      )
      const issuer = { ...config, issuer: 'https://auth.example.com' }
      expect(describeTransportError(error, issuer, [], given)).toBe(
        `${refused}; check the ${field} in the metadata of input 'issuer', or NO_PROXY if the server is only reachable directly`
      )
    }
  )

  it('tells a certificate for another address, whose name starts as the host does, that it is not for it', () => {
    const ip = readConfig({
      getInput: name => ({ ...inputs, host: 'https://127.0.0.1' })[name] ?? '',
      env: {}
    })
    const names = "Hostname/IP does not match certificate's altnames: DNS:127.0.0.10, CN=127.0.0.1x"
    expect(
      describeTransportError(new TransportError(names, 'ERR_TLS_CERT_ALTNAME_INVALID'), ip, [])
    ).toBe(
      `ERR_TLS_CERT_ALTNAME_INVALID: ${names}; the certificate is not for 127.0.0.1: use the name it was issued for in input 'host' (or OAUTH_HOST)`
    )
  })

  // OpenSSL's alert 116 under TLS 1.3; alert 40 below it, where the refusal names no certificate.
  it.each([
    [
      'ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED',
      'error:0A00045C:SSL routines::tlsv13 alert certificate required',
      'asks for'
    ],
    ['EPROTO', 'error:0A000410:SSL routines::sslv3 alert handshake failure', 'may want'],
    [
      'ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE',
      'error:0A000412:SSL routines::sslv3 alert bad certificate',
      'may want'
    ]
  ])(
    'names a client certificate, which the action cannot send, when a server refuses with %s',
    (code, message, wants) => {
      expect(describeTransportError(new TransportError(message, code), config, [])).toBe(
        `${code}: the server ${wants} a client certificate (mutual TLS), which this action cannot send`
      )
    }
  )

  // OpenSSL words a server that speaks only SSL 3 or TLS 1.0/1.1 three ways, by which side finds
  // no version in common first.
  it.each([
    ['ERR_SSL_UNSUPPORTED_PROTOCOL', 'error:0A000102:SSL routines::unsupported protocol'],
    [
      'ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION',
      'error:0A00042E:SSL routines::tlsv1 alert protocol version'
    ],
    ['ERR_SSL_NO_PROTOCOLS_AVAILABLE', 'error:0A0000BF:SSL routines::no protocols available']
  ])('names a TLS version older than Node accepts when OpenSSL says %s', (code, message) => {
    expect(describeTransportError(new TransportError(message, code), config, [])).toBe(
      `${code}: the server at auth.example.com offers only a TLS version older than Node accepts (TLS 1.2 or later); the server must enable TLS 1.2 or 1.3`
    )
  })

  // Any other failure of the handshake: the certificate, or the one authority given.
  it.each([
    ['EPROTO', 'error:0A000438:SSL routines::tlsv1 alert internal error'],
    ['ERR_TLS_DH_PARAM_SIZE', 'DH parameter size 1024 is less than 2048']
  ])('calls %s a TLS failure and names the certificate to check', (code, message) => {
    expect(describeTransportError(new TransportError(message, code), config, [])).toBe(
      `${code}: ${message}; TLS failed: check the server's certificate, or input 'ca-certificate'`
    )
  })

  it('names the proxy variable as a cause of plain http where TLS was asked only via a proxy', () => {
    const text = 'error:0A00010B:SSL routines::ssl3_get_record:wrong version number'
    const direct = new TransportError(text, 'EPROTO')
    const via = Object.assign(new TransportError(text, 'EPROTO'), { via: true })
    const line =
      "EPROTO: the server at auth.example.com does not speak TLS; check the scheme (https:// or http://) and port in input 'host' (or OAUTH_HOST)"
    expect(describeTransportError(direct, config, [])).toBe(line)
    expect(describeTransportError(via, config, [])).toBe(`${line}, or the proxy HTTPS_PROXY`)
  })

  it('names the proxy that timed out, with the server', () => {
    const error = new TransportError('timed out after 30 s', 'ETIMEDOUT', 'proxy.example.com:3128')
    expect(describeTransportError(error, config, [])).toBe(
      "timed out after 30 s; raise input 'timeout' or check that proxy proxy.example.com:3128 and the server answer"
    )
  })

  // A certificate's names are the server's text: a secret they echo is masked.
  it("masks a secret a certificate's names echo", () => {
    const message =
      "Hostname/IP does not match certificate's altnames: Host: auth.example.com. is not in the cert's altnames: DNS:failures-secret.example.net"
    const line = describeTransportError(
      new TransportError(message, 'ERR_TLS_CERT_ALTNAME_INVALID'),
      config,
      ['failures-secret']
    )
    expect(line).toBe(
      "ERR_TLS_CERT_ALTNAME_INVALID: Hostname/IP does not match certificate's altnames: Host: auth.example.com. is not in the cert's altnames: DNS:***.example.net; the certificate is not for auth.example.com: use the name it was issued for in input 'host' (or OAUTH_HOST)"
    )
  })

  it("cuts Node's text of many short words at 300 characters", () => {
    const line = describeTransportError(
      new TransportError(`getaddrinfo EINVAL ${'abcd '.repeat(200)}`, 'EINVAL'),
      config,
      []
    )
    expect(line).toBe(`getaddrinfo EINVAL ${'abcd '.repeat(56)}…`)
  })

  it("cuts Node's text short, however long a host name it quotes", () => {
    const host = 'x'.repeat(5000)
    const line = describeTransportError(
      new TransportError(`getaddrinfo EINVAL ${host} ${host}`, 'EINVAL'),
      config,
      []
    )
    expect(line.length).toBeLessThanOrEqual(320)
    // Cut between words, as other server text is (clipWords): no part of a word is shown.
    expect(line).toBe('getaddrinfo EINVAL …')
  })

  it('says an HTTP 101 is no token endpoint, in its own words', () => {
    const text = 'HTTP 101: the server switched to another protocol rather than answer'
    expect(describeTransportError(new TransportError(text, SWITCHED_PROTOCOLS), config, [])).toBe(
      `${text}; this is not a token endpoint's answer: check host and token-path`
    )
  })

  it.each([
    [config, "input 'host' (or OAUTH_HOST)"],
    [
      { ...config, issuer: 'https://auth.example.com' },
      "the token_endpoint in the metadata of input 'issuer'"
    ]
  ])('says a port that answers with an HTTP/2 frame speaks only HTTP/2: %#', (given, source) => {
    const error = new TransportError(H2_ONLY, 'HPE_INVALID_CONSTANT')
    expect(describeTransportError(error, given, [])).toBe(
      `HPE_INVALID_CONSTANT: the answer is an HTTP/2 frame; the port speaks only HTTP/2: use https://, or a port that speaks HTTP/1.1, in ${source}`
    )
  })

  it.each([
    [config, 'host and revoke-path'],
    [
      { ...config, issuer: 'https://auth.example.com' },
      "the revocation_endpoint in the metadata of input 'issuer'"
    ]
  ])('says an HTTP 101 to a revocation is no revocation endpoint: %#', (given, source) => {
    const text = 'HTTP 101: the server switched to another protocol rather than answer'
    const error = new TransportError(text, SWITCHED_PROTOCOLS, undefined, 101)
    expect(describeTransportError(error, given, [], 'revocation_endpoint')).toBe(
      `${text}; this is not a revocation endpoint's answer: check ${source}`
    )
  })
})

describe('advice for an answer that is not a token', () => {
  const answer = (status: number, body: unknown): HttpResponse => ({
    status,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body)
  })
  const configWith = (more: Record<string, string>) =>
    readConfig({ getInput: name => ({ ...inputs, ...more })[name] ?? '', env: {} })

  it.each<[string, number, unknown, Record<string, string>, string]>([
    [
      'a JSON body refused for form encoding, whatever the grant',
      400,
      {
        error: 'invalid_request',
        error_description: 'content must be application/x-www-form-urlencoded'
      },
      { 'grant-type': 'refresh_token', 'refresh-token': 'rt-value-1234' },
      'HTTP 400 invalid_request: content must be application/x-www-form-urlencoded; try body-format: form'
    ],
    [
      'an OAuth error code the action does not know, in a 4xx',
      422,
      { error: 'invalid_foo' },
      {},
      'HTTP 422 invalid_foo; check the request: body-format, client-auth and extra-params'
    ],
    // Not the refresh token's advice, nor the endpoint's: the code says the server read the request.
    [
      'an OAuth error code the action does not know, in a 400 to a refresh',
      400,
      { error: 'invalid_foo' },
      { 'grant-type': 'refresh_token', 'refresh-token': 'rt-value-1234' },
      'HTTP 400 invalid_foo; check the request: body-format, client-auth and extra-params'
    ],
    [
      'an OAuth error code the action does not know, in a 409',
      409,
      { error: 'invalid_foo' },
      {},
      'HTTP 409 invalid_foo; check the request: body-format, client-auth and extra-params'
    ],
    [
      'a 403 without a scope asked for',
      403,
      {},
      {},
      'HTTP 403 (application/json): {}; check that the client may use grant-type client_credentials, or set scope; else check client-id, client-secret and client-auth'
    ],
    [
      'a 403 with a scope asked for',
      403,
      {},
      { scope: 'read' },
      'HTTP 403 (application/json): {}; check that the client may use grant-type client_credentials and scope; else check client-id, client-secret and client-auth'
    ],
    [
      'a 401 with client-auth basic and a secret form-encoding changes',
      401,
      { error: 'invalid_client' },
      { 'client-auth': 'basic', 'client-secret': 'a+b/c=' },
      'HTTP 401 invalid_client; check client-id and client-secret; client-auth basic form-encodes them (RFC 6749 section 2.3.1), which some servers do not decode: try client-auth: body'
    ],
    [
      'a 401 with client-auth body and a secret form-encoding would change: nothing is encoded',
      401,
      { error: 'invalid_client' },
      { 'client-auth': 'body', 'body-format': 'form', 'client-secret': 'a+b/c=' },
      'HTTP 401 invalid_client; check client-id, client-secret and client-auth'
    ],
    [
      'a 404 with an error code: the endpoint, not the request',
      404,
      { error: 'not_found' },
      {},
      'HTTP 404 not_found; check host and token-path'
    ],
    [
      'a 429 with an error code: later',
      429,
      { error: 'rate_limit_exceeded' },
      {},
      'HTTP 429 rate_limit_exceeded; try again later, or check the server'
    ],
    [
      'a 415 to a JSON body',
      415,
      { error: 'unsupported_media_type' },
      {},
      'HTTP 415 unsupported_media_type; try body-format: form'
    ],
    [
      'a 401 invalid_client that mentions form encoding: still the credentials',
      401,
      {
        error: 'invalid_client',
        error_description: 'send them as application/x-www-form-urlencoded'
      },
      {},
      'HTTP 401 invalid_client: send them as application/x-www-form-urlencoded; check client-id, client-secret and client-auth'
    ],
    [
      'a 401 with client-auth basic and a plain secret',
      401,
      { error: 'invalid_client' },
      { 'client-auth': 'basic' },
      'HTTP 401 invalid_client; check client-id, client-secret and client-auth'
    ],
    [
      'a 404 with an OAuth error code: the endpoint, not the request',
      404,
      { error: 'invalid_request' },
      {},
      'HTTP 404 invalid_request; check host and token-path'
    ],
    [
      // Its portal's login, at a path it does not route: the error a number (PE_FIRSTACCESS).
      "LemonLDAP::NG's 401 to a path it does not route: the path, not the client",
      401,
      { result: 0, error: 9 },
      {},
      'HTTP 401 (application/json): {"result":0,"error":9}; check host and token-path'
    ],
    [
      'a refresh grant refused for another reason than its refresh token',
      400,
      { error: 'invalid_request', error_description: 'Missing parameter: audience' },
      { 'grant-type': 'refresh_token', 'refresh-token': 'rt-value-1234' },
      'HTTP 400 invalid_request: Missing parameter: audience; check the request: body-format, client-auth and extra-params'
    ],
    // "token" as a word (ts-oauth2-server's "Token has been revoked"), not in another name.
    [
      'a refresh grant refused over another token parameter (access_token): the request',
      400,
      { error: 'invalid_request', error_description: 'Invalid parameter: access_token' },
      { 'grant-type': 'refresh_token', 'refresh-token': 'rt-value-1234' },
      'HTTP 400 invalid_request: Invalid parameter: access_token; check the request: body-format, client-auth and extra-params'
    ],
    [
      'a refresh grant refused for a client certificate (RFC 8705 bound tokens): the request',
      400,
      {
        error: 'invalid_request',
        error_description: 'Client certificate required for certificate-bound tokens'
      },
      { 'grant-type': 'refresh_token', 'refresh-token': 'rt-value-1234' },
      'HTTP 400 invalid_request: Client certificate required for certificate-bound tokens; check the request: body-format, client-auth and extra-params'
    ],
    [
      "LemonLDAP::NG's bare answer to a refresh token it does not know: the refresh token first",
      400,
      { error: 'invalid_request' },
      { 'grant-type': 'refresh_token', 'refresh-token': 'rt-value-1234' },
      'HTTP 400 invalid_request; check refresh-token: it may have expired or been revoked; else check the request: body-format, client-auth and extra-params'
    ],
    [
      'a bare invalid_request to another grant: the request',
      400,
      { error: 'invalid_request' },
      {},
      'HTTP 400 invalid_request; check the request: body-format, client-auth and extra-params'
    ],
    [
      "Passport's answer to a revoked refresh token",
      400,
      {
        error: 'invalid_request',
        error_description: 'The refresh token is invalid.',
        hint: 'Token has been revoked'
      },
      { 'grant-type': 'refresh_token', 'refresh-token': 'rt-value-1234' },
      'HTTP 400 invalid_request: The refresh token is invalid. (hint: Token has been revoked); check refresh-token: it may have expired or been revoked'
    ],
    [
      'a 415 to a form body',
      415,
      { error: 'unsupported_media_type' },
      { 'body-format': 'form' },
      'HTTP 415 unsupported_media_type; try body-format: json'
    ],
    [
      'a 415 to a keyless request, which is form whatever body-format says: not body-format',
      415,
      { error: 'unsupported_media_type' },
      { 'grant-type': 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion: 'eyJ0.e30.c2ln' },
      'HTTP 415 unsupported_media_type; the server refuses the form body OAuth defines: check the server'
    ],
    [
      'a 415 to a request through issuer, which is form whatever body-format says',
      415,
      { error: 'unsupported_media_type' },
      { host: '', issuer: 'https://login.example.com', 'body-format': 'json' },
      'HTTP 415 unsupported_media_type; the server refuses the form body OAuth defines: check the server'
    ],
    [
      "Laravel's 422 for a request that fails validation",
      422,
      { message: 'The username field is required.', errors: { username: ['required'] } },
      {},
      'HTTP 422: The username field is required. Check the request: body-format, client-auth and extra-params'
    ],
    [
      "Auth0's 401 access_denied to a wrong client secret: the client's credentials",
      401,
      { error: 'access_denied', error_description: 'Unauthorized' },
      {},
      'HTTP 401 access_denied: Unauthorized; check client-id, client-secret and client-auth'
    ],
    [
      "Auth0's 403 access_denied to an audience that names no API: audience first",
      403,
      {
        error: 'access_denied',
        error_description: 'Service not enabled within domain: https://api.example'
      },
      { audience: 'https://api.example' },
      "HTTP 403 access_denied: Service not enabled within domain: https://api.example; check audience, and the client's permissions on the server"
    ],
    [
      'a 403 access_denied without an audience asked for',
      403,
      { error: 'access_denied' },
      {},
      "HTTP 403 access_denied; check the client's permissions on the server"
    ],
    [
      'a 403 access_denied to a password grant: the user too',
      403,
      { error: 'access_denied' },
      { username: 'u', password: 'p-secret-1' },
      "HTTP 403 access_denied; check the client's and the user's permissions on the server"
    ],
    [
      "Auth0's 403 access_denied when no audience was given and the tenant has no default",
      403,
      {
        error: 'access_denied',
        error_description:
          'No audience parameter was provided, and no default audience has been configured'
      },
      {},
      "HTTP 403 access_denied: No audience parameter was provided, and no default audience has been configured; set audience: the API's identifier"
    ],
    [
      'a 403 access_denied that says only that the tenant has no default audience: set audience',
      403,
      { error: 'access_denied', error_description: 'The tenant has no default audience' },
      {},
      "HTTP 403 access_denied: The tenant has no default audience; set audience: the API's identifier"
    ],
    [
      'a 403 access_denied that says only that an audience parameter is required: set audience',
      403,
      { error: 'access_denied', error_description: 'An audience parameter is required' },
      {},
      "HTTP 403 access_denied: An audience parameter is required; set audience: the API's identifier"
    ],
    [
      // audience was given: not missing, whatever the text says; the grant's permissions then.
      "Auth0's 403 access_denied that names no default audience, when audience was given",
      403,
      {
        error: 'access_denied',
        error_description:
          'No audience parameter was provided, and no default audience has been configured'
      },
      { audience: 'https://api.example.com' },
      "HTTP 403 access_denied: No audience parameter was provided, and no default audience has been configured; check audience, and the client's permissions on the server"
    ],
    [
      "Keycloak's 403 access_denied in a token exchange: not a missing audience",
      403,
      { error: 'access_denied', error_description: 'Client is not within the token audience' },
      {},
      "HTTP 403 access_denied: Client is not within the token audience; check the client's permissions on the server"
    ],
    [
      "Keycloak's 401 unauthorized_client to a client whose service account is off: a setting",
      401,
      {
        error: 'unauthorized_client',
        error_description: 'Client not enabled to retrieve service account'
      },
      {},
      "HTTP 401 unauthorized_client: Client not enabled to retrieve service account; allow grant-type client_credentials in the client's settings on the server"
    ],
    [
      "Keycloak's 401 unauthorized_client to a public client",
      401,
      {
        error: 'unauthorized_client',
        error_description: 'Public client not allowed to retrieve service account'
      },
      {},
      "HTTP 401 unauthorized_client: Public client not allowed to retrieve service account; allow grant-type client_credentials in the client's settings on the server"
    ],
    [
      "Entra ID's AADSTS500011: no such App ID URI in scope",
      400,
      {
        error: 'invalid_resource',
        error_description:
          'AADSTS500011: The resource principal named api://my-apii was not found in the tenant named Contoso.'
      },
      { scope: 'api://my-apii/.default' },
      'HTTP 400 invalid_resource: AADSTS500011: The resource principal named api://my-apii was not found in the tenant named Contoso. Check scope'
    ],
    [
      "RFC 8707's invalid_target, with an audience asked for",
      400,
      { error: 'invalid_target' },
      { audience: 'https://api.example' },
      'HTTP 400 invalid_target; check audience'
    ],
    [
      "RFC 8693's invalid_target to a token exchange that names no target: not scope",
      400,
      {
        error: 'invalid_target',
        error_description: 'The target service indicated by the "audience" parameters is invalid.'
      },
      {
        'grant-type': 'urn:ietf:params:oauth:grant-type:token-exchange',
        'subject-token': 'subject-token-1',
        'client-secret': ''
      },
      'HTTP 400 invalid_target: The target service indicated by the "audience" parameters is invalid. Set audience, or resource in extra-params'
    ],
    [
      "Keycloak's invalid_token to a subject token it will not exchange",
      400,
      { error: 'invalid_token', error_description: 'invalid token' },
      {
        'grant-type': 'urn:ietf:params:oauth:grant-type:token-exchange',
        'subject-token': 'subject-token-1',
        'client-secret': ''
      },
      'HTTP 400 invalid_token: invalid token; check subject-token and subject-token-type'
    ],
    [
      "invalid_token to the job's ID token as the subject token: the trust",
      400,
      { error: 'invalid_token' },
      {
        'grant-type': 'urn:ietf:params:oauth:grant-type:token-exchange',
        'subject-token': 'github-oidc',
        'client-secret': ''
      },
      "HTTP 400 invalid_token; check oidc-audience, and that the server trusts this job's ID token (its issuer, https://token.actions.githubusercontent.com on github.com; its subject and audience)"
    ],
    [
      'invalid_token to a JWT bearer grant: the assertion',
      400,
      { error: 'invalid_token', error_description: 'signature does not verify' },
      {
        'grant-type': 'urn:ietf:params:oauth:grant-type:jwt-bearer',
        assertion: 'eyJhbGciOiJSUzI1NiJ9.e30.c2ln'
      },
      'HTTP 400 invalid_token: signature does not verify; check assertion'
    ],
    [
      "Keycloak's invalid_request to a requested_token_type it cannot issue",
      400,
      { error: 'invalid_request', error_description: 'requested_token_type unsupported' },
      {
        'grant-type': 'urn:ietf:params:oauth:grant-type:token-exchange',
        'subject-token': 'subject-token-1',
        'client-secret': ''
      },
      'HTTP 400 invalid_request: requested_token_type unsupported; check requested-token-type'
    ],
    [
      'invalid_request to a token exchange that names its audience',
      400,
      { error: 'invalid_request', error_description: 'Invalid value for "audience".' },
      {
        'grant-type': 'urn:ietf:params:oauth:grant-type:token-exchange',
        'subject-token': 'subject-token-1',
        'client-secret': ''
      },
      'HTTP 400 invalid_request: Invalid value for "audience". Check audience'
    ],
    [
      'invalid_request to a token exchange that names the subject token type first',
      400,
      {
        error: 'invalid_request',
        error_description: 'subject_token_type not supported for subject_token'
      },
      {
        'grant-type': 'urn:ietf:params:oauth:grant-type:token-exchange',
        'subject-token': 'subject-token-1',
        'client-secret': ''
      },
      'HTTP 400 invalid_request: subject_token_type not supported for subject_token; check subject-token-type'
    ],
    [
      'invalid_request to a token exchange that names none of its inputs: the request',
      400,
      { error: 'invalid_request', error_description: 'malformed request' },
      {
        'grant-type': 'urn:ietf:params:oauth:grant-type:token-exchange',
        'subject-token': 'subject-token-1',
        'client-secret': ''
      },
      'HTTP 400 invalid_request: malformed request; check the request: client-auth and extra-params'
    ],
    [
      'invalid_request naming audience to another grant: the request, as before',
      400,
      { error: 'invalid_request', error_description: 'Invalid value for "audience".' },
      {},
      'HTTP 400 invalid_request: Invalid value for "audience". Check the request: body-format, client-auth and extra-params'
    ],
    [
      'unsupported_token_type to a token exchange: the token types',
      400,
      { error: 'unsupported_token_type', error_description: 'subject_token_type not supported' },
      {
        'grant-type': 'urn:ietf:params:oauth:grant-type:token-exchange',
        'subject-token': 'subject-token-1',
        'client-secret': ''
      },
      'HTTP 400 unsupported_token_type: subject_token_type not supported; check subject-token-type and requested-token-type'
    ],
    [
      'invalid_target with both targets given: both, and no scope',
      400,
      { error: 'invalid_target' },
      {
        scope: 'read',
        audience: 'https://api.example',
        'extra-params': 'resource=https://r.example',
        'body-format': 'form'
      },
      'HTTP 400 invalid_target; check audience, and resource in extra-params'
    ],
    [
      "Entra ID's AADSTS90002: no such tenant",
      400,
      {
        error: 'invalid_request',
        error_description: "AADSTS90002: Tenant 'contoso.example' not found."
      },
      {},
      "HTTP 400 invalid_request: AADSTS90002: Tenant 'contoso.example' not found. Check the tenant in input 'host' (or OAUTH_HOST)"
    ],
    [
      "RFC 8707's invalid_target, with a resource in extra-params",
      400,
      { error: 'invalid_target', error_description: 'resource indicator is missing, or unknown' },
      { 'extra-params': 'resource=https://other.example', 'body-format': 'form' },
      'HTTP 400 invalid_target: resource indicator is missing, or unknown; check resource in extra-params'
    ],
    [
      'an invalid_scope with an audience and a resource: scope and audience',
      400,
      { error: 'invalid_scope' },
      { audience: 'https://api.example', 'extra-params': 'resource=https://r.example' },
      'HTTP 400 invalid_scope; check scope and audience'
    ],
    [
      "oidc-provider's invalid_request for a grant the client may not use",
      400,
      {
        error: 'invalid_request',
        error_description: 'requested grant type is not allowed for this client'
      },
      {},
      "HTTP 400 invalid_request: requested grant type is not allowed for this client; allow grant-type client_credentials in the client's settings on the server"
    ],
    [
      'the same refusal starting a sentence, in capitals',
      400,
      { error: 'invalid_request', error_description: 'Grant type is not allowed for this client' },
      {},
      "HTTP 400 invalid_request: Grant type is not allowed for this client; allow grant-type client_credentials in the client's settings on the server"
    ],
    [
      "a token exchange's refused subject token",
      400,
      { error: 'invalid_grant', error_description: 'subject_token is invalid' },
      {
        'grant-type': 'urn:ietf:params:oauth:grant-type:token-exchange',
        'subject-token': 'eyJhbGciOiJub25lIn0.e30.',
        'subject-token-type': 'urn:ietf:params:oauth:token-type:jwt',
        'client-secret': 's'
      },
      'HTTP 400 invalid_grant: subject_token is invalid; check subject-token and subject-token-type'
    ],
    [
      "a jwt-bearer grant's refused assertion",
      400,
      { error: 'invalid_grant', error_description: 'assertion is invalid' },
      {
        'grant-type': 'urn:ietf:params:oauth:grant-type:jwt-bearer',
        assertion: 'eyJhbGciOiJub25lIn0.e30.'
      },
      'HTTP 400 invalid_grant: assertion is invalid; check assertion'
    ],
    [
      "Google STS's refusal of the job's ID token, exchanged for an ID token of another audience",
      400,
      {
        error: 'invalid_grant',
        error_description:
          'The audience in ID Token [https://sts.googleapis.com] does not match the expected audience.'
      },
      {
        'grant-type': 'urn:ietf:params:oauth:grant-type:token-exchange',
        'subject-token': 'github-oidc',
        'client-secret': ''
      },
      "HTTP 400 invalid_grant: The audience in ID Token [https://sts.googleapis.com] does not match the expected audience. Check oidc-audience, and that the server trusts this job's ID token (its issuer, https://token.actions.githubusercontent.com on github.com; its subject and audience)"
    ],
    [
      "a jwt-bearer grant's refused ID token, with the client's own secret",
      400,
      { error: 'invalid_grant', error_description: 'assertion audience is invalid' },
      {
        'grant-type': 'urn:ietf:params:oauth:grant-type:jwt-bearer',
        assertion: 'GitHub-OIDC'
      },
      "HTTP 400 invalid_grant: assertion audience is invalid; check oidc-audience, and that the server trusts this job's ID token (its issuer, https://token.actions.githubusercontent.com on github.com; its subject and audience)"
    ],
    [
      'a 431: headers too large',
      431,
      {},
      {},
      "HTTP 431 (application/json): {}; the request's headers are too large for the server: check headers"
    ],
    [
      'a 431 to client-auth basic, whose header holds the credentials',
      431,
      {},
      { 'client-auth': 'basic' },
      "HTTP 431 (application/json): {}; the request's headers are too large for the server: check headers, and client-id and client-secret, which client-auth basic sends in one"
    ],
    [
      'a 413 to a token exchange: its subject token may be the large part',
      413,
      {},
      {
        'grant-type': 'urn:ietf:params:oauth:grant-type:token-exchange',
        'subject-token': 'eyJhbGciOiJub25lIn0.e30.',
        'client-secret': 's'
      },
      'HTTP 413 (application/json): {}; the request is too large for the server or a proxy in front of it: check extra-params, subject-token, or raise its limit'
    ],
    [
      'a 413 to a jwt-bearer grant: its assertion may be the large part',
      413,
      {},
      {
        'grant-type': 'urn:ietf:params:oauth:grant-type:jwt-bearer',
        assertion: 'eyJhbGciOiJub25lIn0.e30.'
      },
      'HTTP 413 (application/json): {}; the request is too large for the server or a proxy in front of it: check extra-params, assertion, or raise its limit'
    ],
    [
      'a 413 to a password grant: extra-params',
      413,
      {},
      {},
      'HTTP 413 (application/json): {}; the request is too large for the server or a proxy in front of it: check extra-params, or raise its limit'
    ],
    [
      'a 414: URL too long',
      414,
      {},
      {},
      'HTTP 414 (application/json): {}; the URL is too long for the server: check host and token-path'
    ],
    [
      "Entra ID's AADSTS700016: no such app in the tenant",
      400,
      {
        error: 'unauthorized_client',
        error_description:
          "AADSTS700016: Application with identifier '11111111-2222-3333-4444-555555555555' was not found in the directory 'Contoso'."
      },
      {},
      "HTTP 400 unauthorized_client: AADSTS700016: Application with identifier '11111111-2222-3333-4444-555555555555' was not found in the directory 'Contoso'. Check client-id, and the tenant in input 'host' (or OAUTH_HOST): the app must be registered there"
    ],
    [
      "Entra ID's AADSTS900144: no scope",
      400,
      {
        error: 'invalid_request',
        error_description:
          "AADSTS900144: The request body must contain the following parameter: 'scope'."
      },
      {},
      "HTTP 400 invalid_request: AADSTS900144: The request body must contain the following parameter: 'scope'. Set scope"
    ],
    [
      "Entra ID's v1 endpoint's AADSTS900144: no resource",
      400,
      {
        error: 'invalid_request',
        error_description:
          "AADSTS900144: The request body must contain the following parameter: 'resource'."
      },
      { 'token-path': '/oauth2/token', 'body-format': 'form' },
      "HTTP 400 invalid_request: AADSTS900144: The request body must contain the following parameter: 'resource'. Set resource in extra-params"
    ],
    [
      "Okta's org authorization server to a client secret",
      401,
      {
        error: 'invalid_client',
        error_description:
          'Client Credentials requests to the Org Authorization Server must use the private_key_jwt token_endpoint_auth_method'
      },
      { 'token-path': '/oauth2/v1/token', 'client-auth': 'basic' },
      'HTTP 401 invalid_client: Client Credentials requests to the Org Authorization Server must use the private_key_jwt token_endpoint_auth_method; use client-auth: private-key-jwt, or a custom authorization server: host https://<org>.okta.com/oauth2/default, token-path /v1/token'
    ],
    [
      "Entra ID's AADSTS70021 to github-oidc: the federated credential",
      400,
      {
        error: 'invalid_request',
        error_description:
          'AADSTS70021: No matching federated identity record found for presented assertion.'
      },
      { 'client-auth': 'github-oidc', 'client-secret': '' },
      "HTTP 400 invalid_request: AADSTS70021: No matching federated identity record found for presented assertion. Check client-id and oidc-audience, and that the server trusts this job's ID token (its issuer, https://token.actions.githubusercontent.com on github.com; its subject and audience)"
    ],
    [
      "an older Keycloak's 401 unauthorized_client to a wrong client secret",
      401,
      { error: 'unauthorized_client', error_description: 'Invalid client secret' },
      {},
      'HTTP 401 unauthorized_client: Invalid client secret; check client-id, client-secret and client-auth'
    ],
    [
      "RFC 6749's 400 unauthorized_client: a client not allowed this grant",
      400,
      {
        error: 'unauthorized_client',
        error_description: 'The client is not authorized to use this grant type'
      },
      {},
      'HTTP 400 unauthorized_client: The client is not authorized to use this grant type; check client-id, and that the client may use grant-type client_credentials'
    ],
    [
      "Keycloak's 400 to a JSON body: it misses the grant_type the body holds",
      400,
      { error: 'invalid_request', error_description: 'Missing form parameter: grant_type' },
      {},
      'HTTP 400 invalid_request: Missing form parameter: grant_type; try body-format: form'
    ],
    [
      "Mojolicious::Plugin::OAuth2::Server's 400 to a JSON body, which Mojolicious does not read",
      400,
      {
        error: 'invalid_request',
        error_description:
          'the request was missing one of: grant_type, client_id, client_secret, code, redirect_uri;or grant_type did not equal "authorization_code" or "refresh_token"'
      },
      {},
      'HTTP 400 invalid_request: the request was missing one of: grant_type, client_id, client_secret, code, redirect_uri;or grant_type did not equal "authorization_code" or "refresh_token"; try body-format: form'
    ],
    [
      "Mojolicious::Plugin::OAuth2::Server's 400 to a form body: a grant type it does not take",
      400,
      {
        error: 'invalid_request',
        error_description:
          'the request was missing one of: grant_type, client_id, client_secret, code, redirect_uri;or grant_type did not equal "authorization_code" or "refresh_token"'
      },
      { 'body-format': 'form', 'grant-type': 'client_credentials', username: '', password: '' },
      'HTTP 400 invalid_request: the request was missing one of: grant_type, client_id, client_secret, code, redirect_uri;or grant_type did not equal "authorization_code" or "refresh_token"; check grant-type client_credentials, which the server may not take; else check client-id, client-secret and client-auth'
    ],
    [
      "Mojolicious::Plugin::OAuth2::Server's same 400 to a form body of a grant type it quotes",
      400,
      {
        error: 'invalid_request',
        error_description:
          'the request was missing one of: grant_type, client_id, client_secret, code, redirect_uri;or grant_type did not equal "authorization_code" or "refresh_token"'
      },
      {
        'body-format': 'form',
        'grant-type': 'authorization_code',
        username: '',
        password: '',
        'extra-params': 'code=c-1'
      },
      'HTTP 400 invalid_request: the request was missing one of: grant_type, client_id, client_secret, code, redirect_uri;or grant_type did not equal "authorization_code" or "refresh_token"; set code and redirect_uri in extra-params'
    ],
    [
      // Only a grant type it quotes whole: "code" is in "authorization_code", but is not it.
      "Mojolicious::Plugin::OAuth2::Server's same 400 to a form body of a grant type inside one it quotes",
      400,
      {
        error: 'invalid_request',
        error_description:
          'the request was missing one of: grant_type, client_id, client_secret, code, redirect_uri;or grant_type did not equal "authorization_code" or "refresh_token"'
      },
      { 'body-format': 'form', 'grant-type': 'code', username: '', password: '' },
      'HTTP 400 invalid_request: the request was missing one of: grant_type, client_id, client_secret, code, redirect_uri;or grant_type did not equal "authorization_code" or "refresh_token"; check grant-type code, which the server may not take; else check client-id, client-secret and client-auth'
    ],
    [
      "Spring Authorization Server's 400 to a JSON body, which it does not read",
      400,
      {
        error: 'invalid_request',
        error_description: 'OAuth 2.0 Parameter: grant_type',
        error_uri: 'https://datatracker.ietf.org/doc/html/rfc6749#section-5.2'
      },
      {},
      'HTTP 400 invalid_request: OAuth 2.0 Parameter: grant_type; try body-format: form'
    ],
    [
      "Entra ID's 400 to a JSON body",
      400,
      {
        error: 'invalid_request',
        error_description:
          "AADSTS900144: The request body must contain the following parameter: 'grant_type'."
      },
      {},
      "HTTP 400 invalid_request: AADSTS900144: The request body must contain the following parameter: 'grant_type'. Try body-format: form"
    ],
    [
      "Okta's 400 to a JSON body, in Okta's own error fields",
      400,
      {
        errorCode: 'E0000021',
        errorSummary: 'Bad request. Accept and/or Content-Type headers likely do not match',
        errorLink: 'E0000021',
        errorId: 'oaeXyz',
        errorCauses: []
      },
      {},
      'HTTP 400 E0000021: Bad request. Accept and/or Content-Type headers likely do not match; try body-format: form'
    ],
    [
      'a missing grant_type in a form body: not the body format',
      400,
      { error: 'invalid_request', error_description: 'Missing form parameter: grant_type' },
      { 'body-format': 'form' },
      'HTTP 400 invalid_request: Missing form parameter: grant_type; check the request: body-format, client-auth and extra-params'
    ],
    [
      'an unsupported grant_type value in a JSON body the server read: the grant',
      400,
      {
        error: 'unsupported_grant_type',
        error_description: 'Invalid parameter value for grant_type: passwd'
      },
      {},
      'HTTP 400 unsupported_grant_type: Invalid parameter value for grant_type: passwd; the server does not support grant-type client_credentials: check grant-type'
    ],
    [
      'a grant_type the client may not use, in a JSON body the server read',
      400,
      {
        error: 'unauthorized_client',
        error_description: 'The parameter grant_type=password is not allowed for this client'
      },
      { username: 'u', password: 'p-secret-1' },
      "HTTP 400 unauthorized_client: The parameter grant_type=password is not allowed for this client; allow grant-type password in the client's settings on the server"
    ],
    [
      'something else missing for a grant_type, in a JSON body the server read',
      400,
      {
        error: 'invalid_grant',
        error_description: 'Code verifier missing for grant_type authorization_code'
      },
      { 'grant-type': 'authorization_code', 'extra-params': 'code=c0de' },
      'HTTP 400 invalid_grant: Code verifier missing for grant_type authorization_code; give a new code in extra-params: a code is used once and expires soon; else check redirect_uri and code_verifier'
    ],
    [
      "a device code refused: that grant's parameters, which extra-params carries",
      400,
      { error: 'invalid_grant', error_description: 'The device code is invalid' },
      {
        'grant-type': 'urn:ietf:params:oauth:grant-type:device_code',
        'extra-params': 'device_code=GmRhmhcxhw'
      },
      'HTTP 400 invalid_grant: The device code is invalid; check the parameters of grant-type urn:ietf:params:oauth:grant-type:device_code in extra-params'
    ],
    // An extension grant type is an absolute URI (RFC 6749 section 4.5), a URL as well as a URN.
    [
      'a bare invalid_grant to an extension grant named by a URL: its parameters, not its name',
      400,
      { error: 'invalid_grant' },
      { 'grant-type': 'https://auth.example.com/grant-type/sso' },
      'HTTP 400 invalid_grant; check the parameters of grant-type https://auth.example.com/grant-type/sso in extra-params'
    ],
    [
      'client_credentials refused as invalid_grant (Salesforce): the client',
      400,
      { error: 'invalid_grant', error_description: 'authentication failure' },
      {},
      'HTTP 400 invalid_grant: authentication failure; check client-id, client-secret and client-auth'
    ],
    [
      "Keycloak's 400 to an authorization code used already or expired: a new code",
      400,
      { error: 'invalid_grant', error_description: 'Code not valid' },
      { 'grant-type': 'authorization_code', 'extra-params': 'code=c0de' },
      'HTTP 400 invalid_grant: Code not valid; give a new code in extra-params: a code is used once and expires soon; else check redirect_uri and code_verifier'
    ],
    [
      "ejabberd's invalid_grant to a scope it does not know: the scope, not the password",
      400,
      { error: 'invalid_grant', error_description: 'Invalid scope' },
      { 'grant-type': 'password', username: 'u@localhost', password: 'p-secret-1', scope: 'x' },
      'HTTP 400 invalid_grant: Invalid scope; check scope'
    ],
    [
      "Passport's unsupported grant type to a JSON body: the grant, not the format",
      400,
      {
        error: 'unsupported_grant_type',
        error_description:
          'The authorization grant type is not supported by the authorization server.'
      },
      { 'grant-type': 'password', username: 'u', password: 'p-secret-1' },
      'HTTP 400 unsupported_grant_type: The authorization grant type is not supported by the authorization server. The server does not support grant-type password: check grant-type'
    ],
    [
      // oauthlib (Django OAuth Toolkit) reads form bodies only: in a JSON body it finds no
      // grant_type, and says only this, whatever the grant.
      "oauthlib's bare unsupported_grant_type to a JSON body: the grant, or the format",
      400,
      { error: 'unsupported_grant_type' },
      {},
      'HTTP 400 unsupported_grant_type; the server does not support grant-type client_credentials, or reads only form bodies: try body-format: form'
    ],
    [
      // ejabberd reads form bodies only, and says only what the error says.
      "ejabberd's unsupported_grant_type that restates itself to a JSON body: the grant, or the format",
      400,
      { error: 'unsupported_grant_type', error_description: 'Unsupported grant type' },
      {},
      'HTTP 400 unsupported_grant_type: Unsupported grant type; the server does not support grant-type client_credentials, or reads only form bodies: try body-format: form'
    ],
    [
      "oauthlib's bare unsupported_grant_type to a form body: the grant",
      400,
      { error: 'unsupported_grant_type' },
      { 'body-format': 'form' },
      'HTTP 400 unsupported_grant_type; the server does not support grant-type client_credentials: check grant-type'
    ],
    [
      // LemonLDAP::NG reads form bodies only: in a JSON body it finds no client_id, so no client
      // authentication, and says only this.
      "LemonLDAP::NG's bare invalid_client to a JSON body, client-auth body: the credentials, or the format",
      400,
      { error: 'invalid_client' },
      {},
      'HTTP 400 invalid_client; check client-id, client-secret and client-auth, or try body-format: form'
    ],
    [
      'a bare invalid_client to a form body: the credentials',
      400,
      { error: 'invalid_client' },
      { 'body-format': 'form' },
      'HTTP 400 invalid_client; check client-id, client-secret and client-auth'
    ],
    [
      'a described invalid_client to a JSON body: the credentials',
      401,
      { error: 'invalid_client', error_description: 'Client authentication failed' },
      {},
      'HTTP 401 invalid_client: Client authentication failed; check client-id, client-secret and client-auth'
    ],
    [
      "Authlib's invalid_request to a wrong password: the user's credentials, not the request's form",
      400,
      {
        error: 'invalid_request',
        error_description: 'Invalid "username" or "password" in request.'
      },
      { username: 'u', password: 'p-secret-1', 'body-format': 'form' },
      'HTTP 400 invalid_request: Invalid "username" or "password" in request. Check username and password, and the user\'s account on the server'
    ],
    [
      "a password grant's invalid_request that names no password: the request, not the user's credentials",
      400,
      { error: 'invalid_request', error_description: 'Missing parameter: audience' },
      { username: 'u', password: 'p-secret-1' },
      'HTTP 400 invalid_request: Missing parameter: audience; check the request: body-format, client-auth and extra-params'
    ],
    [
      // A server that read no grant_type (a JSON body it does not parse) may take any for password.
      "another grant's invalid_request that names a password: the request, not that grant's own credentials",
      400,
      {
        error: 'invalid_request',
        error_description: 'Invalid "username" or "password" in request.'
      },
      { 'grant-type': 'authorization_code', 'extra-params': 'code=3584d83530557fdd1f46' },
      'HTTP 400 invalid_request: Invalid "username" or "password" in request. Check the request: body-format, client-auth and extra-params'
    ],
    [
      "Authlib's bare invalid_client to a client assertion: the key, or an aud not exactly its token endpoint's URL",
      400,
      { error: 'invalid_client' },
      { 'client-auth': 'private-key-jwt', 'client-secret': '', 'private-key': EC_KEY },
      'HTTP 400 invalid_client; check client-id, private-key and key-id, and that the server has the public key and takes this URL as aud'
    ],
    [
      'invalid_client to a client_assertion passed in extra-params: the assertion, not a secret there is none of',
      401,
      { error: 'invalid_client', error_description: 'Client authentication failed' },
      {
        'client-secret': '',
        'extra-params':
          'client_assertion_type=urn:ietf:params:oauth:client-assertion-type:jwt-bearer\nclient_assertion=eyJhbGciOiJSUzI1NiJ9.e30.c2ln'
      },
      'HTTP 401 invalid_client: Client authentication failed; check client-id and the client_assertion in extra-params'
    ],
    [
      'client_assertion_type alone, beside a secret, is no client assertion: the secret',
      401,
      { error: 'invalid_client' },
      {
        'extra-params':
          'client_assertion_type=urn:ietf:params:oauth:client-assertion-type:jwt-bearer'
      },
      'HTTP 401 invalid_client; check client-id, client-secret and client-auth, or try body-format: form'
    ],
    [
      'client-auth basic with a client-id that form-encoding changes, and a plain secret',
      401,
      { error: 'invalid_client' },
      { 'client-auth': 'basic', 'client-id': 'ci:bot', 'client-secret': 'plainsecret' },
      'HTTP 401 invalid_client; check client-id and client-secret; client-auth basic form-encodes them (RFC 6749 section 2.3.1), which some servers do not decode: try client-auth: body'
    ],
    [
      "unauthorized_client that says Credentials in capitals: the client's",
      400,
      { error: 'unauthorized_client', error_description: 'Invalid Client Credentials' },
      {},
      'HTTP 400 unauthorized_client: Invalid Client Credentials; check client-id, client-secret and client-auth'
    ],
    [
      'a 401 unauthorized_client to a password grant names no refresh-token',
      401,
      { error: 'unauthorized_client' },
      { username: 'alice', password: 'pw-1234' },
      'HTTP 401 unauthorized_client; check client-id, client-secret and client-auth'
    ],
    [
      'a JSON 403 to a refresh grant: the client first, not the refresh token',
      403,
      {},
      { 'grant-type': 'refresh_token', 'refresh-token': 'rt-value-1234' },
      'HTTP 403 (application/json): {}; check that the client may use grant-type refresh_token, or set scope; else check client-id, client-secret and client-auth'
    ],
    [
      "Keycloak's unauthorized_client to a client_assertion in extra-params",
      401,
      {
        error: 'unauthorized_client',
        error_description: 'Invalid client or Invalid client credentials'
      },
      { 'client-secret': '', 'extra-params': 'client_assertion=eyJhbGciOiJSUzI1NiJ9.e30.c2ln' },
      'HTTP 401 unauthorized_client: Invalid client or Invalid client credentials; check client-id and the client_assertion in extra-params'
    ],
    [
      "Okta's 401 in its own error fields: the client's credentials",
      401,
      { errorCode: 'invalid_client', errorSummary: "Invalid value for 'client_id' parameter." },
      {},
      "HTTP 401 invalid_client: Invalid value for 'client_id' parameter. Check client-id, client-secret and client-auth"
    ],
    [
      "older Passport's 401 invalid_credentials to a wrong password: the user's, not the client's",
      401,
      { error: 'invalid_credentials', message: 'The user credentials were incorrect.' },
      { username: 'u', password: 'p-secret-1' },
      "HTTP 401 invalid_credentials: The user credentials were incorrect. Check username and password, and the user's account on the server"
    ],
    [
      "Keycloak's 400 invalid_grant to a disabled account: the account too",
      400,
      { error: 'invalid_grant', error_description: 'Account disabled' },
      { username: 'u', password: 'p-secret-1' },
      "HTTP 400 invalid_grant: Account disabled; check username and password, and the user's account on the server"
    ],
    [
      "Auth0's 403 access_denied to a refresh token it does not know",
      403,
      { error: 'access_denied', error_description: 'Unknown or invalid refresh token.' },
      { 'grant-type': 'refresh_token', 'refresh-token': 'rt-value-1234' },
      'HTTP 403 access_denied: Unknown or invalid refresh token. Check refresh-token: it may have expired or been revoked'
    ],
    [
      'a bare 400 invalid_grant to a refresh token (RFC 6749 section 5.2: also one issued to another client)',
      400,
      { error: 'invalid_grant' },
      { 'grant-type': 'refresh_token', 'refresh-token': 'rt-value-1234' },
      'HTTP 400 invalid_grant; check refresh-token: it may have expired, been used or revoked, or be for another client-id'
    ],
    [
      'a 415 with an OAuth error that asks for a form',
      415,
      {
        error: 'invalid_request',
        error_description: 'Content-Type must be application/x-www-form-urlencoded'
      },
      {},
      'HTTP 415 invalid_request: Content-Type must be application/x-www-form-urlencoded; try body-format: form'
    ],
    [
      'a 405 with an OAuth error code: the endpoint, not the request',
      405,
      { error: 'method_not_allowed' },
      {},
      'HTTP 405 method_not_allowed; check host and token-path'
    ],
    [
      'a description that ends in an exclamation mark, then the advice as a sentence',
      400,
      { error: 'invalid_grant', error_description: 'Wrong password!' },
      { username: 'u', password: 'p-secret-1' },
      "HTTP 400 invalid_grant: Wrong password! Check username and password, and the user's account on the server"
    ],
    [
      'an error code quoted in a snippet, which is not the answer’s',
      400,
      { note: 'upstream said HTTP 401 invalid_client' },
      {},
      'HTTP 400 (application/json): {"note":"upstream said HTTP 401 invalid_client"}; check the request: body-format, client-auth and extra-params'
    ],
    [
      'an error code quoted in an RFC 9457 detail, which is not the answer’s',
      400,
      { detail: 'upstream said HTTP 401 invalid_client' },
      {},
      'HTTP 400: upstream said HTTP 401 invalid_client; check the request: body-format, client-auth and extra-params'
    ],
    [
      "ts-oauth2-server's answer to a revoked refresh token, which does not say refresh",
      400,
      { error: 'invalid_request', error_description: 'Token has been revoked' },
      { 'grant-type': 'refresh_token', 'refresh-token': 'rt-value-1234' },
      'HTTP 400 invalid_request: Token has been revoked; check refresh-token: it may have expired or been revoked'
    ],
    [
      "ts-oauth2-server's 401 to a scope the client may not ask for: the scope, not the client",
      401,
      { error: 'unauthorized_scope', error_description: 'admin' },
      {},
      'HTTP 401 unauthorized_scope: admin; check scope'
    ],
    [
      'a JSON body refused in a 500 (oidc-mock-provider), after the retries',
      500,
      { error: 'Only accepting application/x-www-form-urlencoded POST bodies' },
      {},
      'HTTP 500 Only accepting application/x-www-form-urlencoded POST bodies; try body-format: form'
    ],
    [
      'a JSON body refused in any 5xx, a 503 too: the body it names, not the load',
      503,
      { error: 'Only accepting application/x-www-form-urlencoded POST bodies' },
      {},
      'HTTP 503 Only accepting application/x-www-form-urlencoded POST bodies; try body-format: form'
    ],
    [
      'a bare invalid_grant to a grant type that is no URI and none the action knows (oauth2-mock-server)',
      400,
      { error: 'invalid_grant' },
      { 'grant-type': 'Password' },
      'HTTP 400 invalid_grant; check grant-type Password, which the server may not take; else check the parameters of grant-type Password in extra-params'
    ],
    [
      'a 5xx that is not retried: not "later"',
      501,
      { error: 'not_implemented' },
      {},
      'HTTP 501 not_implemented; check the server, and host and token-path'
    ]
  ])('%s', (_name, status, body, more, expected) => {
    expect(describeHttpFailure(answer(status, body), configWith(more))).toBe(expected)
  })

  it('gives a 101 with no Upgrade header (not a switch, to Node) advice: no token endpoint', () => {
    const switched: HttpResponse = { status: 101, headers: {}, body: '' }
    expect(describeHttpFailure(switched, config)).toBe(
      'HTTP 101 (no content type) with an empty body; check host and token-path'
    )
  })

  // Only a secret sent in the Authorization header (client-auth basic) makes the login go in
  // headers with client-auth: body; a private-key-jwt client sends none there.
  it("gives an HTML 401 to a private-key-jwt client the proxy's login in headers, then the key", () => {
    const page: HttpResponse = {
      status: 401,
      headers: { 'content-type': 'text/html' },
      body: '<html><head><title>401 Authorization Required</title></head><body>nginx</body></html>'
    }
    expect(
      describeHttpFailure(
        page,
        configWith({ 'client-auth': 'private-key-jwt', 'client-secret': '', 'private-key': EC_KEY })
      )
    ).toBe(
      'HTTP 401 (text/html): 401 Authorization Required nginx; a proxy in front of the server may ask for its own login: give it in headers; else check client-id, private-key and key-id, and that the server has the public key and takes this URL as aud'
    )
  })

  it('blames something in front of the server for a 403 HTML page, not the grant', () => {
    const page: HttpResponse = {
      status: 403,
      headers: { 'content-type': 'text/html; charset=utf-8' },
      body: '<html><head><title>403 Forbidden</title></head><body>nginx</body></html>'
    }
    expect(describeHttpFailure(page, config)).toBe(
      'HTTP 403 (text/html; charset=utf-8): 403 Forbidden nginx; a firewall or proxy in front of the server may block the request; else check host and token-path'
    )
  })

  // nginx's own pages (__tests__/nginx-interop.test.ts meets them behind a real nginx).
  it.each<[string, number, string, string]>([
    [
      'a 401 HTML page (auth_basic): the proxy’s login first, then the client’s credentials',
      401,
      '401 Authorization Required',
      'a proxy in front of the server may ask for its own login: give it in headers; else check client-id, client-secret and client-auth'
    ],
    [
      'a 413 (client_max_body_size): the size, not the endpoint',
      413,
      '413 Request Entity Too Large',
      'the request is too large for the server or a proxy in front of it: check extra-params, or raise its limit'
    ]
  ])('%s', (_name, status, title, advice) => {
    const page: HttpResponse = {
      status,
      headers: { 'content-type': 'text/html' },
      body: `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n<hr><center>nginx/1.22.1</center>\r\n</body>\r\n</html>\r\n`
    }
    expect(describeHttpFailure(page, config)).toBe(
      `HTTP ${status} (text/html): ${title} nginx/1.22.1; ${advice}`
    )
  })

  it('with client-auth basic, a 401 HTML page says to give the proxy’s login with client-auth: body (both need Authorization)', () => {
    const page: HttpResponse = {
      status: 401,
      headers: { 'content-type': 'text/html' },
      body: '<html><head><title>401 Authorization Required</title></head><body>nginx</body></html>'
    }
    expect(describeHttpFailure(page, configWith({ 'client-auth': 'basic' }))).toBe(
      'HTTP 401 (text/html): 401 Authorization Required nginx; a proxy in front of the server may ask for its own login: give it in headers with client-auth: body; else check client-id, client-secret and client-auth'
    )
  })

  it('never tells a revocation, which sends a form body whatever body-format says, to try body-format: form', () => {
    const refused = answer(501, {
      error: 'Only accepting application/x-www-form-urlencoded POST bodies'
    })
    expect(describeHttpFailure(refused, config)).toMatch(/; try body-format: form$/)
    expect(describeHttpFailure(refused, config, [], 'revocation_endpoint')).not.toMatch(
      /body-format/
    )
  })

  // A body of white space alone (a template that rendered nothing) is as empty: no proxy's page.
  it.each([
    ['empty', ''],
    ['of white space alone', ' \t\r\n']
  ])(
    'takes a text/html 401 %s (Express labels res.send("") so) for no proxy’s login page',
    (_what, body) => {
      const empty: HttpResponse = {
        status: 401,
        headers: { 'content-type': 'text/html; charset=utf-8' },
        body
      }
      expect(describeHttpFailure(empty, config)).toBe(
        'HTTP 401 (text/html; charset=utf-8) with an empty body; check client-id, client-secret and client-auth'
      )
    }
  )

  // A page with markup and scripts but no text to show (a single-page app's shell) is not empty.
  it.each([
    ['a script alone', '<html><script>var t = 1</script></html>'],
    ['a style alone', '<html><head><style>body {}</style></head></html>']
  ])('says a text/html 200 of %s has no text to quote, not an empty body', (_what, body) => {
    const page: HttpResponse = { status: 200, headers: { 'content-type': 'text/html' }, body }
    expect(() => readToken(page, 0)).toThrow('HTTP 200 (text/html) with no text to quote')
  })

  it('keeps a JSON 401’s advice to the client’s credentials', () => {
    expect(describeHttpFailure(answer(401, { message: 'Unauthenticated.' }), config)).toBe(
      'HTTP 401: Unauthenticated. Check client-id, client-secret and client-auth'
    )
  })

  it.each<[string, boolean | undefined, Record<string, string>, string]>([
    [
      'sent to the proxy with its credentials',
      true,
      { host: 'http://auth.example.com', 'allow-insecure-http': 'true' },
      'the proxy rejected the credentials in HTTP_PROXY: check the user and password there'
    ],
    [
      'sent to the proxy without credentials',
      false,
      { host: 'http://auth.example.com', 'allow-insecure-http': 'true' },
      'the proxy asks for credentials: put them in HTTP_PROXY (http://<user>:<password>@host:port)'
    ],
    [
      'sent to no proxy, over https',
      undefined,
      {},
      'a proxy on the way to the server asks for credentials: set HTTPS_PROXY to http://<user>:<password>@host:port'
    ],
    [
      'sent to no proxy, over plain http',
      undefined,
      { host: 'http://auth.example.com', 'allow-insecure-http': 'true' },
      'a proxy on the way to the server asks for credentials: set HTTP_PROXY to http://<user>:<password>@host:port'
    ]
  ])('words a 407 by what the request carried: %s', (_name, proxyCredentials, more, advice) => {
    const refused: HttpResponse = {
      status: 407,
      headers: { 'content-type': 'text/plain' },
      body: 'Proxy Authentication Required',
      ...(proxyCredentials !== undefined && { proxyCredentials })
    }
    expect(describeHttpFailure(refused, configWith(more))).toBe(
      `HTTP 407 (text/plain): Proxy Authentication Required; ${advice}`
    )
  })

  // tinyproxy 1.11 answers wrong credentials in HTTP_PROXY with a 401 page of its own, not a 407
  // (tinyproxy-interop.test.ts), its Server its own; a page it relays carries its Via. Apache's
  // forward proxy adds no Via (ProxyVia Off by default) to the server's page it relays.
  const page = 'HTTP 401 (text/html): 401 Unauthorized; '
  const login = `${page}a proxy in front of the server may ask for its own login: give it in headers; else check client-id, client-secret and client-auth`
  it.each<[string, boolean | undefined, HttpResponse['headers'], string]>([
    [
      "the proxy's own HTML page, to its credentials",
      true,
      { 'content-type': 'text/html', server: 'tinyproxy/1.11.1' },
      `${page}the proxy rejected the credentials in HTTP_PROXY: check the user and password there`
    ],
    [
      'an HTML page a proxy that adds no Via relayed, to its credentials',
      true,
      { 'content-type': 'text/html', server: 'nginx/1.22.1' },
      login
    ],
    ['an HTML page the proxy relayed', true, { 'content-type': 'text/html', via: '1.1 vm' }, login],
    [
      'an HTML page, without the proxy’s credentials',
      false,
      { 'content-type': 'text/html' },
      login
    ],
    ['an HTML page sent to no proxy', undefined, { 'content-type': 'text/html' }, login],
    [
      'a JSON answer, to the proxy’s credentials',
      true,
      { 'content-type': 'application/json' },
      'HTTP 401: Unauthenticated. Check client-id, client-secret and client-auth'
    ]
  ])('words a 401 by whose it is: %s', (_name, proxyCredentials, headers, line) => {
    const html = /html/.test(`${headers['content-type']}`)
    const refused: HttpResponse = {
      status: 401,
      headers,
      body: html ? '<title>401 Unauthorized</title>' : '{"message":"Unauthenticated."}',
      ...(proxyCredentials !== undefined && { proxyCredentials })
    }
    const more = { host: 'http://auth.example.com', 'allow-insecure-http': 'true' }
    expect(describeHttpFailure(refused, configWith(more))).toBe(line)
  })

  // Its own page of another status (a 502 when it cannot reach the server) is no refusal of them.
  it("takes tinyproxy's own page of another status, to its credentials, for no refusal of them", () => {
    const unreachable: HttpResponse = {
      status: 502,
      headers: { 'content-type': 'text/html', server: 'tinyproxy/1.11.1' },
      body: '<title>502 Unable to connect</title>',
      proxyCredentials: true
    }
    const more = { host: 'http://auth.example.com', 'allow-insecure-http': 'true' }
    expect(describeHttpFailure(unreachable, configWith(more))).toBe(
      'HTTP 502 (text/html): 502 Unable to connect; try again later, or check the server'
    )
  })
})

describe("Glewlwyd's answers, which carry no error_description", () => {
  // Glewlwyd 2.7 answers most refusals with an empty 403 or 400, and two error codes of its own.
  const empty = (status: number): HttpResponse => ({ status, headers: {}, body: '' })
  const json = (status: number, error: string): HttpResponse => ({
    status,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ error })
  })
  const glewlwyd = (more: Record<string, string>) =>
    readConfig({
      getInput: name =>
        ({ ...inputs, 'body-format': 'form', scope: 'api-read', ...more })[name] ?? '',
      env: {}
    })

  it.each<[string, HttpResponse, Record<string, string>, string]>([
    [
      'a wrong client secret: the credentials, not only the grant',
      empty(403),
      {},
      'HTTP 403 (no content type) with an empty body; check that the client may use grant-type client_credentials and scope; else check client-id, client-secret and client-auth'
    ],
    [
      'Basic credentials it does not decode: client-auth body',
      empty(403),
      { 'client-auth': 'basic', 'client-secret': 'a+b/c=d%e:f g&h\u00e9' },
      'HTTP 403 (no content type) with an empty body; check that the client may use grant-type client_credentials and scope; else check client-id and client-secret; client-auth basic form-encodes them (RFC 6749 section 2.3.1), which some servers do not decode: try client-auth: body'
    ],
    [
      'client_credentials without a scope',
      empty(403),
      { scope: '' },
      'HTTP 403 (no content type) with an empty body; check that the client may use grant-type client_credentials, or set scope; else check client-id, client-secret and client-auth'
    ],
    [
      "a password grant's wrong user credentials",
      empty(403),
      { username: 'ci-user', password: 'wrong-password-1' },
      "HTTP 403 (no content type) with an empty body; check that the client may use grant-type password and scope; else check username and password, and the user's account on the server"
    ],
    [
      'an empty 400 to a refresh token it does not know: the refresh token first',
      empty(400),
      { 'grant-type': 'refresh_token', 'refresh-token': 'gw-revoked-refresh-token', scope: '' },
      'HTTP 400 (no content type) with an empty body; check refresh-token: it may have expired or been revoked; else check the request: body-format, client-auth and extra-params'
    ],
    [
      // Glewlwyd's answer to a password grant's client it does not know, or whose secret is wrong.
      'an empty 400 to another grant, in a form body: the client, then the request',
      empty(400),
      { username: 'ci-user', password: 'pw-1234' },
      'HTTP 400 (no content type) with an empty body; check client-id, client-secret and client-auth; else check the request: body-format, client-auth and extra-params'
    ],
    [
      // Glewlwyd's answer to a grant type it does not take: one the action does not know either.
      'an empty 400 to a grant type the action does not know: grant-type first',
      empty(400),
      { 'grant-type': 'client_credential' },
      'HTTP 400 (no content type) with an empty body; check grant-type client_credential, which the server may not take; else check client-id, client-secret and client-auth; else check the request: body-format, client-auth and extra-params'
    ],
    ...[
      { 'grant-type': 'authorization_code' } as Record<string, string>,
      {
        'grant-type': 'urn:ietf:params:oauth:grant-type:token-exchange',
        'subject-token': 'subject-jwt'
      },
      { 'grant-type': 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion: 'assertion-jwt' }
    ].map((grant): [string, HttpResponse, Record<string, string>, string] => [
      `an empty 400 to grant type ${grant['grant-type']}, which the action knows: not grant-type first`,
      empty(400),
      grant,
      // A keyless grant's body is a form whatever body-format says: the advice leaves it out.
      `HTTP 400 (no content type) with an empty body; check client-id, client-secret and client-auth; else check the request: ${grant['grant-type'] === 'authorization_code' ? 'body-format, ' : ''}client-auth and extra-params`
    ]),
    [
      'an empty 400 to a JSON body: the request',
      empty(400),
      { username: 'ci-user', password: 'pw-1234', 'body-format': 'json' },
      'HTTP 400 (no content type) with an empty body; check the request: body-format, client-auth and extra-params'
    ],
    [
      'scope_invalid, its invalid_scope',
      json(400, 'scope_invalid'),
      {},
      'HTTP 400 scope_invalid; check scope'
    ],
    [
      'authorization_type_invalid: a grant the client may not use',
      json(400, 'authorization_type_invalid'),
      {},
      "HTTP 400 authorization_type_invalid; allow grant-type client_credentials in the client's settings on the server"
    ]
  ])('%s', (_name, response, more, expected) => {
    expect(describeHttpFailure(response, glewlwyd(more))).toBe(expected)
  })
})

describe('the endpoint and the host a failure names', () => {
  const issuer = { ...config, issuer: 'https://auth.example.com' }
  const withPort = readConfig({
    getInput: name => ({ ...inputs, host: 'https://auth.example.com:8443' })[name] ?? '',
    env: {}
  })

  it("names the issuer's metadata, not host, for a 2xx that is not a token with issuer", () => {
    const error = new BadResponse('HTTP 200 (text/plain): OK', 'not-a-token')
    expect(describeBadResponse(error, 200, issuer)).toBe(
      "HTTP 200 (text/plain): OK; this is not a token endpoint's answer: check the token_endpoint in the metadata of input 'issuer'"
    )
  })

  it("names the issuer's metadata, not host, for a name that does not resolve with issuer", () => {
    const error = new TransportError('getaddrinfo ENOTFOUND auth.example.com', 'ENOTFOUND')
    expect(describeTransportError(error, issuer, [])).toBe(
      "ENOTFOUND: could not resolve auth.example.com; check the token_endpoint in the metadata of input 'issuer'"
    )
  })

  it('names the server by host and port when TLS fails for its version or it speaks none', () => {
    const old = new TransportError(
      'error:0A000102:SSL routines::unsupported protocol',
      'ERR_SSL_UNSUPPORTED_PROTOCOL'
    )
    expect(describeTransportError(old, withPort, [])).toContain(
      'the server at auth.example.com:8443 offers only a TLS version older than Node accepts'
    )
    const plain = new TransportError(
      'error:0A00010B:SSL routines::ssl3_get_record:wrong version number',
      'EPROTO'
    )
    expect(describeTransportError(plain, withPort, [])).toContain(
      'the server at auth.example.com:8443 does not speak TLS'
    )
  })
})

describe('a redirect, never followed', () => {
  const redirect = (status: number, location: string): HttpResponse => ({
    status,
    headers: { location },
    body: ''
  })

  it.each([300, 301, 308])('names where an HTTP %i leads', status => {
    expect(describeHttpFailure(redirect(status, 'https://login.example.com/'), config)).toBe(
      `HTTP ${status} redirect to https://login.example.com/; redirects are not followed because the body holds credentials: set host and token-path to the final URL`
    )
  })

  it('masks a secret its Location echoes, percent-encoded too, and clips it', () => {
    const secret = 'p@ss/w0rd-5e1c'
    const location = `https://login.example.com/?p=${encodeURIComponent(secret)}&${'x'.repeat(300)}`
    const line = describeHttpFailure(redirect(302, location), config, [secret])
    expect(line).toBe(
      'HTTP 302 redirect to https://login.example.com/?p=***&…; redirects are not followed because the body holds credentials: set host and token-path to the final URL'
    )
  })

  // With issuer, the endpoint's URL came from the metadata: no input holds it to set.
  it.each(['token_endpoint', 'revocation_endpoint'] as const)(
    'with issuer, says the metadata must list the final URL as its %s',
    field => {
      const issuer = { ...config, issuer: 'https://auth.example.com' }
      const location = 'https://auth.example.com/oauth2/v2/endpoint'
      expect(describeHttpFailure(redirect(307, location), issuer, [], field)).toBe(
        `HTTP 307 redirect to ${location}; redirects are not followed because the body holds credentials: the issuer's metadata must list the final URL as ${field}`
      )
    }
  )

  /* 304 Not Modified answers a conditional GET: it leads nowhere, and there is no final URL. */
  it('takes a 304 for no redirect', () => {
    expect(describeHttpFailure({ status: 304, headers: {}, body: '' }, config)).toBe(
      'HTTP 304 (no content type) with an empty body; check host and token-path'
    )
  })
})

describe('a 2xx that is not a token', () => {
  it.each(['temporarily_unavailable', 'server_error'])(
    'gives %s in a 2xx the advice to try again later, as in a 5xx',
    code => {
      const error = new BadResponse(`HTTP 200 ${code}`, 'error')
      expect(describeBadResponse(error, 200, config)).toBe(
        `HTTP 200 ${code}; try again later, or check the server`
      )
    }
  )

  it('gives an OAuth error in a 2xx the advice its code calls for', () => {
    const error = new BadResponse('HTTP 200 invalid_client: Unknown client', 'error')
    expect(describeBadResponse(error, 200, config)).toBe(
      'HTTP 200 invalid_client: Unknown client; check client-id, client-secret and client-auth'
    )
  })

  it.each([
    ['a word', 'HTTP 200 Unauthorized'],
    ["Okta's code", 'HTTP 200 E0000004: Authentication failed'],
    ['a masked value', 'HTTP 200 ***: ***']
  ])('gives an error field that is no OAuth code (%s) advice too', (_name, message) => {
    expect(describeBadResponse(new BadResponse(message, 'error'), 200, config)).toBe(
      `${message}; check the request: body-format, client-auth and extra-params`
    )
  })

  // With issuer the request is form whatever body-format says (config.ts): nothing to try there.
  it('leaves body-format out of the advice with issuer', () => {
    const issuer = { ...config, issuer: 'https://auth.example.com' }
    const error = new BadResponse('HTTP 200 Unauthorized', 'error')
    expect(describeBadResponse(error, 200, issuer)).toBe(
      'HTTP 200 Unauthorized; check the request: client-auth and extra-params'
    )
  })

  // Only a refresh token or a code may be spent by a 2xx cut off; another grant may try again.
  it.each([
    ['client_credentials', {}, "the server's answer is malformed: check the server"],
    [
      'refresh_token',
      { 'grant-type': 'refresh_token', 'refresh-token': 'rt-value-1234' },
      'not retried, since the server has likely used up the refresh token: check the server and any proxy on the way, and give a new refresh-token'
    ]
  ])(
    'says a cut-off 2xx to %s is malformed, or has spent what it presented',
    (_grant, more, advice) => {
      const given = readConfig({ getInput: name => ({ ...inputs, ...more })[name] ?? '', env: {} })
      const message =
        'HTTP 200 (application/json, 19 bytes); expected a JSON token response, got truncated or invalid JSON'
      expect(describeBadResponse(new BadResponse(message, 'truncated'), 200, given)).toBe(
        `${message}; ${advice}`
      )
    }
  )
})

describe('plain http sent to a port that speaks TLS', () => {
  const local = readConfig({
    getInput: name => ({ ...inputs, host: 'http://localhost:8443' })[name] ?? '',
    env: {}
  })
  it.each([
    [
      'nginx',
      'text/html',
      '<html><head><title>400 The plain HTTP request was sent to HTTPS port</title></head></html>'
    ],
    ['Go', 'text/plain', 'Client sent an HTTP request to an HTTPS server.\n'],
    [
      'Apache',
      'text/html',
      "<p>Reason: You're speaking plain HTTP to an SSL-enabled server port.<br /></p>"
    ]
  ])('gets https:// as the fix from %s’s 400', (_server, type, body) => {
    const answer: HttpResponse = { status: 400, headers: { 'content-type': type }, body }
    expect(describeHttpFailure(answer, local)).toMatch(
      /[;.] [Tt]he server's port expects TLS: use https:\/\/ in input 'host' \(or OAUTH_HOST\)$/
    )
  })

  it('gets the usual advice for any other 400', () => {
    const answer: HttpResponse = {
      status: 400,
      headers: { 'content-type': 'text/html' },
      body: '<title>400 Bad Request</title>'
    }
    expect(describeHttpFailure(answer, local)).toMatch(
      /check the request: body-format, client-auth and extra-params$/
    )
  })

  it('is a cause a cut connection may have, over http only', () => {
    const reset = new TransportError('socket hang up', 'ECONNRESET')
    expect(describeTransportError(reset, local, [])).toBe(
      'ECONNRESET: socket hang up; the connection was cut: check the server, that its port speaks http, not https, and any proxy or firewall on the way'
    )
    expect(describeTransportError(reset, config, [])).toBe(
      'ECONNRESET: socket hang up; the connection was cut: check the server, and any proxy or firewall on the way'
    )
  })

  it('is not the cause once the server has answered in http: a body cut short', () => {
    const cut = new TransportError(
      'connection closed before the response was complete',
      'ECONNRESET',
      undefined,
      200
    )
    expect(describeTransportError(cut, local, [])).toBe(
      'HTTP 200 answer cut off before its end: ECONNRESET: connection closed before the response was complete; the connection was cut: check the server, and any proxy or firewall on the way'
    )
  })
})

/*
 * Vendors' own error codes, as their token endpoints answer them: each gets the advice of the
 * RFC 6749 code it stands for. GitHub's answer in a 200 (docs.github.com, "Troubleshooting OAuth
 * app access token request errors"; bad_refresh_token when a GitHub App's user token is
 * refreshed); Salesforce's invalid_client_id; Entra ID's interaction_required and Auth0's
 * mfa_required to a password grant for a user who must pass multi-factor authentication.
 */
describe("vendors' own error codes", () => {
  const configWith = (more: Record<string, string>) =>
    readConfig({ getInput: name => ({ ...inputs, ...more })[name] ?? '', env: {} })
  const refresh = { 'grant-type': 'refresh_token', 'refresh-token': 'ghr_stored-1234' }
  const code = { 'grant-type': 'authorization_code', 'extra-params': 'code=3584d83530557fdd1f46' }
  const password = { username: 'ci@example.com', password: 'p-secret-1' }

  it.each<[string, Record<string, string>, Record<string, string>, string]>([
    [
      "GitHub's incorrect_client_credentials: the client's credentials",
      {},
      {
        error: 'incorrect_client_credentials',
        error_description: 'The client_id and/or client_secret passed are incorrect.'
      },
      'HTTP 200 incorrect_client_credentials: The client_id and/or client_secret passed are incorrect. Check client-id, client-secret and client-auth'
    ],
    [
      "GitHub's bad_refresh_token: the refresh token",
      refresh,
      {
        error: 'bad_refresh_token',
        error_description: 'The refresh token passed is incorrect or expired.'
      },
      'HTTP 200 bad_refresh_token: The refresh token passed is incorrect or expired. Check refresh-token: it may have expired, been used or revoked, or be for another client-id'
    ],
    [
      "GitHub's bad_verification_code: a new code",
      code,
      {
        error: 'bad_verification_code',
        error_description: 'The code passed is incorrect or expired.'
      },
      'HTTP 200 bad_verification_code: The code passed is incorrect or expired. Give a new code in extra-params: a code is used once and expires soon; else check redirect_uri and code_verifier'
    ],
    [
      // Slack's oauth.v2.access: a bad_* code of the client's is the client's, not the grant's.
      "Slack's bad_client_secret: the client's credentials",
      {},
      { ok: 'false', error: 'bad_client_secret' },
      'HTTP 200 bad_client_secret; check client-id, client-secret and client-auth, or try body-format: form'
    ]
  ])('%s, in a 200', (_name, more, body, line) => {
    const answer: HttpResponse = {
      status: 200,
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify(body)
    }
    let error: unknown
    try {
      readToken(answer, 0)
    } catch (caught) {
      error = caught
    }
    expect(error).toBeInstanceOf(BadResponse)
    expect(describeBadResponse(error as BadResponse, 200, configWith(more))).toBe(line)
  })

  it.each<[string, number, Record<string, string>, Record<string, string>, string]>([
    [
      "Salesforce's invalid_client_id: client-id",
      400,
      password,
      { error: 'invalid_client_id', error_description: 'client identifier invalid' },
      'HTTP 400 invalid_client_id: client identifier invalid; check client-id, client-secret and client-auth'
    ],
    [
      "Entra ID's interaction_required to a password grant: multi-factor authentication",
      400,
      password,
      {
        error: 'interaction_required',
        error_description:
          "AADSTS50079: Due to a configuration change made by your administrator, or because you moved to a new location, you must enroll in multi-factor authentication to access '00000003-0000-0000-c000-000000000000'."
      },
      "HTTP 400 interaction_required: AADSTS50079: Due to a configuration change made by your administrator, or because you moved to a new location, you must enroll in multi-factor authentication to access '00000003-0000-0000-c000-000000000000'. A password grant cannot pass multi-factor authentication: exempt the user, or use client_credentials"
    ],
    [
      // Entra ID's own code for a password grant that Conditional Access holds to a second factor.
      "Entra ID's invalid_grant AADSTS50076 to a password grant: multi-factor authentication",
      400,
      password,
      {
        error: 'invalid_grant',
        error_description:
          "AADSTS50076: Due to a configuration change made by your administrator, or because you moved to a new location, you must use multi-factor authentication to access '00000003-0000-0000-c000-000000000000'.",
        suberror: 'basic_action'
      },
      "HTTP 400 invalid_grant: AADSTS50076: Due to a configuration change made by your administrator, or because you moved to a new location, you must use multi-factor authentication to access '00000003-0000-0000-c000-000000000000'. A password grant cannot pass multi-factor authentication: exempt the user, or use client_credentials"
    ],
    [
      "Entra ID's invalid_grant AADSTS50079 to a password grant: enrol in multi-factor authentication",
      400,
      password,
      {
        error: 'invalid_grant',
        error_description:
          'AADSTS50079: Due to a configuration change made by your administrator, you must enroll in multi-factor authentication.'
      },
      'HTTP 400 invalid_grant: AADSTS50079: Due to a configuration change made by your administrator, you must enroll in multi-factor authentication. A password grant cannot pass multi-factor authentication: exempt the user, or use client_credentials'
    ],
    [
      // A refresh token that must be renewed by a sign-in that passes it: not the password grant's.
      "Entra ID's invalid_grant AADSTS50076 to a refresh grant: the refresh token",
      400,
      refresh,
      {
        error: 'invalid_grant',
        error_description:
          'AADSTS50076: Due to a configuration change made by your administrator, or because you moved to a new location, you must use multi-factor authentication.'
      },
      'HTTP 400 invalid_grant: AADSTS50076: Due to a configuration change made by your administrator, or because you moved to a new location, you must use multi-factor authentication. Check refresh-token: it may have expired, been used or revoked, or be for another client-id'
    ],
    [
      // The server's plain invalid_grant to a password grant is still the user's credentials.
      'invalid_grant to a password grant that names no second factor: username and password',
      400,
      password,
      { error: 'invalid_grant', error_description: 'AADSTS50126: Error validating credentials.' },
      "HTTP 400 invalid_grant: AADSTS50126: Error validating credentials. Check username and password, and the user's account on the server"
    ],
    [
      "Auth0's 403 mfa_required: multi-factor authentication, not the client's grant",
      403,
      password,
      {
        error: 'mfa_required',
        error_description: 'Multifactor authentication required',
        mfa_token: 'Fe26.2*mfa-token-value'
      },
      'HTTP 403 mfa_required: Multifactor authentication required; a password grant cannot pass multi-factor authentication: exempt the user, or use client_credentials'
    ],
    [
      // Auth0's brute-force protection (auth0/docs, errors/_oauth-ro.md: 429 too_many_attempts):
      // the user's account is blocked until unblocked, so waiting mends nothing.
      "Auth0's 429 too_many_attempts: the user's account, not the server",
      429,
      password,
      {
        error: 'too_many_attempts',
        error_description:
          "Your account has been blocked after multiple consecutive login attempts. We've sent you an email with instructions on how to unblock it."
      },
      "HTTP 429 too_many_attempts: Your account has been blocked after multiple consecutive login attempts. We've sent you an email with instructions on how to unblock it. Check username and password, and the user's account on the server"
    ],
    [
      // bitbucket.org/site/oauth2/access_token reads only form bodies: in a JSON one it finds no
      // grant_type, and says Python's None (buildbot/buildbot#2576, plentico/plenti#280).
      "Bitbucket's 400 to a JSON body: Unsupported grant type: None",
      400,
      {},
      { error_description: 'Unsupported grant type: None', error: 'invalid_grant' },
      'HTTP 400 invalid_grant: Unsupported grant type: None; try body-format: form'
    ],
    [
      // Azure AD B2C's resource owner password flow to a wrong password (MicrosoftDocs/azure-docs
      // #23780, #11469): access_denied, and the code that says which.
      "Azure AD B2C's 400 access_denied AADB2C90225: username and password",
      400,
      password,
      {
        error: 'access_denied',
        error_description:
          'AADB2C90225: The username or password provided in the request are invalid.\r\nCorrelation ID: 2b2e9a64-0d6f-4a33-9e4a-6f1f5f7a0c51\r\nTimestamp: 2026-12-01 07:00:00Z\r\n'
      },
      "HTTP 400 access_denied: AADB2C90225: The username or password provided in the request are invalid. Correlation ID: 2b2e9a64-0d6f-4a33-9e4a-6f1f5f7a0c51 Timestamp: 2026-12-01 07:00:00Z; check username and password, and the user's account on the server"
    ],
    [
      // Google's token endpoint to a refresh token another client was issued, e.g. one minted in
      // the OAuth 2.0 Playground with the Playground's own client (prasmussen/gdrive#375).
      "Google's 401 unauthorized_client to a refresh grant: the client, or the refresh token's client",
      401,
      { 'grant-type': 'refresh_token', 'refresh-token': '1//0g-refresh-token-value' },
      { error: 'unauthorized_client', error_description: 'Unauthorized' },
      'HTTP 401 unauthorized_client: Unauthorized; check client-id, client-secret and client-auth, and that refresh-token was issued to that client-id'
    ],
    [
      // bitbucket.org's token endpoint to a wrong key or secret (harness/harness#1650).
      "Bitbucket's 400 unauthorized_client 'Invalid OAuth client credentials': the client's credentials",
      400,
      { 'body-format': 'form', 'client-auth': 'basic' },
      { error_description: 'Invalid OAuth client credentials', error: 'unauthorized_client' },
      'HTTP 400 unauthorized_client: Invalid OAuth client credentials; check client-id, client-secret and client-auth'
    ],
    [
      // Keycloak's 401 to a wrong client secret, to a refresh grant: the client, not the token.
      "Keycloak's 401 unauthorized_client 'Invalid client credentials' to a refresh grant",
      401,
      { 'grant-type': 'refresh_token', 'refresh-token': 'eyJhbGciOiJIUzI1NiJ9.refresh' },
      {
        error: 'unauthorized_client',
        error_description: 'Invalid client or Invalid client credentials'
      },
      'HTTP 401 unauthorized_client: Invalid client or Invalid client credentials; check client-id, client-secret and client-auth'
    ],
    [
      'the same answer to a form body: not the body format',
      400,
      { 'body-format': 'form' },
      { error_description: 'Unsupported grant type: None', error: 'invalid_grant' },
      'HTTP 400 invalid_grant: Unsupported grant type: None; check client-id, client-secret and client-auth'
    ]
  ])('%s', (_name, status, more, body, line) => {
    const answer: HttpResponse = {
      status,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body)
    }
    expect(describeHttpFailure(answer, configWith(more))).toBe(line)
  })
})
