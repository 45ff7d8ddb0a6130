/* The runner's proxy, loaded only by a run that may use one (see proxy-variable.ts): which proxy
 * serves a URL, what of it to mask, and the requests to it and their failures (transport.ts). */
import { checkBypass, getProxyUrl } from '@actions/http-client/lib/proxy'
import * as http from 'node:http'
import type * as https from 'node:https'
import { BlockList, isIP } from 'node:net'
import { type Env, proxyValue, proxyVariable } from './proxy-variable.js'
import { RETRYABLE_STATUSES } from './retry.js'
import {
  type HttpResponse,
  PROXY_REFUSED,
  PROXY_UPSTREAM,
  TransportError,
  asTransportError,
  httpsModule,
  isIpLiteral,
  socketHost
} from './transport.js'

/** A proxy variable that is set but cannot be used: failing beats a silent direct connection. */
class ProxyConfigError extends Error {
  override name = 'ProxyConfigError'
}

/**
 * The runner's proxy for `url`: HTTPS_PROXY or HTTP_PROXY (lower case first, as the toolkit
 * reads them), unless NO_PROXY or a loopback host bypasses it. `getProxyUrl` gives no proxy for
 * a value it cannot parse or decode (say a password with a bare '%'), or reads one not starting
 * http:// as http://<value> (HTTP://, socks5:// would name host 'http', path '//...'); refused.
 * So is anything after the host, which is a '/', '?' or '#' not percent-encoded in the user or
 * password (http://user:12/ab@proxy names host 'user', port 12): never sent to the wrong host.
 * `env` says whether a variable is set and holds NO_PROXY's entries that http-client does not
 * read; http-client's checkBypass and getProxyUrl read process.env, which `env` is on the runner,
 * so a test of either sets the variables in process.env as well.
 */
export function runnerProxy(url: URL, env: Env = process.env): URL | undefined {
  if (!proxyValue(url, env) || checkBypass(url) || bypassedAlso(url, env)) return
  let proxy: URL | undefined
  try {
    proxy = getProxyUrl(url)
  } catch {
    proxy = undefined
  }
  if (
    !proxy ||
    !/^https?:$/.test(proxy.protocol) ||
    !proxy.hostname ||
    !proxy.href.endsWith(`${proxy.host}/`)
  ) {
    /* Never echo the value: it may hold the proxy's password. */
    throw new ProxyConfigError(
      `${proxyVariable(url, env)} is not a usable proxy URL: give http://[user:password@]host:port, with special characters in the user and password percent-encoded (% as %25)`
    )
  }
  return proxy
}

/**
 * NO_PROXY entries that http-client's checkBypass does not read, but curl and Go do: an address
 * range in CIDR notation (10.0.0.0/8, fd00::/8) or an IPv6 address without brackets, for a host
 * given as an IP address (no name is looked up), and a leading "*." (*.corp.example) as ".".
 */
function bypassedAlso(url: URL, env: Env): boolean {
  const noProxy = env.no_proxy || env.NO_PROXY || ''
  const host = socketHost(url).toLowerCase()
  const family = isIP(host)
  const [type, maxBits] = family === 6 ? (['ipv6', 128] as const) : (['ipv4', 32] as const)
  for (const entry of noProxy.split(',')) {
    const item = entry.trim().toLowerCase()
    if (item.startsWith('*.') && host.endsWith(item.slice(1))) return true
    /* [v6]:port is checkBypass's own; only a bare address or a range, bracketed or not, is ours. */
    const range = /^(?:\[([^\]]+)\]|([^[\]/]+))(?:\/(\d{1,3}))?$/.exec(item)
    const address = range?.[1] ?? range?.[2] ?? ''
    if (!family || isIP(address) !== family) continue
    const bits = range?.[3] === undefined ? maxBits : Number(range[3])
    if (bits > maxBits) continue
    const list = new BlockList()
    list.addSubnet(address, bits, type)
    if (list.check(host, type)) return true
  }
  return false
}

/** The Proxy-Authorization header for a proxy URL whose credentials are decoded (getProxyUrl's). */
function proxyAuthorization(proxy: URL): Record<string, string> {
  if (!proxy.username && !proxy.password) return {}
  const credentials = Buffer.from(`${proxy.username}:${proxy.password}`).toString('base64')
  return { 'Proxy-Authorization': `Basic ${credentials}` }
}

/**
 * What to mask of the proxy used for `url`: its password, as given and decoded, and the header.
 * A long user name with no password is masked too: then it is the credential (a token).
 */
export function proxySecrets(url: URL, env: Env = process.env): string[] {
  let proxy: URL | undefined
  try {
    proxy = runnerProxy(url, env)
  } catch {
    /* Refused before anything is sent, without echoing the value. */
    return []
  }
  if (!proxy?.password && !proxy?.username) return []
  const header = proxyAuthorization(proxy)['Proxy-Authorization'] ?? ''
  const given = URL.canParse(proxyValue(url, env)) ? new URL(proxyValue(url, env)) : undefined
  /* A user name of 12 or more characters with no password is taken for a token; a short one is not
   * masked, or every 'user' in the log would read '***'. */
  const credentials = proxy.password
    ? [proxy.password, given?.password]
    : proxy.username.length >= 12
      ? [proxy.username, given?.username]
      : []
  return [...credentials, header, header.slice('Basic '.length)].filter(
    (secret): secret is string => Boolean(secret)
  )
}

/**
 * A request to the proxy itself, with its credentials. To an https:// proxy it goes over TLS,
 * verified against the proxy's own name: Node would otherwise take the name from the request's
 * Host header, which names the token endpoint. An IP address is checked as one, and sent without
 * SNI, which takes names only.
 */
export function requestProxy(
  proxy: URL,
  ca: string[] | undefined,
  options: { method: string; path: string; headers: Record<string, string> },
  onResponse?: (response: http.IncomingMessage) => void
): http.ClientRequest {
  const tls = proxy.protocol === 'https:'
  const to: https.RequestOptions = {
    ...options,
    host: socketHost(proxy),
    port: proxy.port || (tls ? 443 : 80),
    agent: false,
    headers: { ...options.headers, ...proxyAuthorization(proxy) }
  }
  if (!tls) return http.request(to, onResponse)
  const servername = isIpLiteral(proxy.hostname) ? '' : proxy.hostname
  return httpsModule().request({ ...to, ca, rejectUnauthorized: true, servername }, onResponse)
}

export function proxyError(proxy: URL, variable: string, error: unknown): TransportError {
  const cause = asTransportError(error)
  /* OpenSSL's own text is noise here: the usual cause is https:// for a plain-http proxy. */
  const notTls =
    proxy.protocol === 'https:' && /wrong version number|packet length too long/.test(cause.message)
  const said = notTls ? '' : `: ${cause.message}`
  const advice = notTls
    ? `: it does not speak TLS; give it as http:// in ${variable}`
    : `; check ${variable} and ${proxyVariable(proxy, undefined, 'NO_PROXY')}`
  return new TransportError(
    `could not use proxy ${proxy.host} (${cause.code}${said})${advice}`,
    cause.code,
    proxy.host
  )
}

/**
 * A CONNECT answered with anything but a 2xx, with what to change. A status worth another attempt
 * (408, 429 and the 5xx that retry.ts retries) is retried as a server's would be, its Retry-After
 * honoured (the answer rides on the error); any other is not. A 401 is about the proxy's
 * credentials too: tinyproxy answers wrong ones with it. Squid refuses CONNECT to any port but
 * 443 by default (its SSL_ports rule) with the 403 of an access rule, so the line names the port.
 */
export function tunnelRefused(
  proxy: URL,
  authority: string,
  variable: string,
  answer: Pick<HttpResponse, 'status' | 'headers'>
): TransportError {
  const { status } = answer
  const refused = `proxy ${proxy.host} refused the tunnel to ${authority} with HTTP ${status}`
  const noProxy = proxyVariable(proxy, undefined, 'NO_PROXY')
  const hasCredentials = Boolean(proxy.username || proxy.password)
  /* Past the proxy, the answer goes with the error: its Retry-After says how long to wait. */
  const refusal = (why: string, upstream = false): TransportError =>
    new TransportError(
      `${refused}${why}`,
      upstream ? PROXY_UPSTREAM : PROXY_REFUSED,
      proxy.host,
      undefined,
      upstream ? answer : undefined
    )
  if (status === 407 || status === 401) {
    const header = answer.headers['proxy-authenticate']
    const signIn = signInAdvice(header, variable, noProxy)
    const advice = signIn
      ? `it ${signIn}`
      : hasCredentials
        ? `it rejected the credentials in ${variable}: check the user and password there`
        : `it wants credentials: set ${variable} to http://<user>:<password>@host:port`
    return refusal(`; ${advice}`)
  }
  if (status === 408 || status === 429)
    return refusal(
      `: it is busy or limits requests; try again later, or check ${variable} and ${noProxy}`,
      true
    )
  if (RETRYABLE_STATUSES.has(status))
    return refusal(
      `: it could not reach ${authority}; check input 'host' (or OAUTH_HOST), or ${noProxy} if the server is only reachable directly`,
      true
    )
  if (status === 511)
    return refusal(
      ` (Network Authentication Required): the network wants a sign-in first; use a proxy that needs none in ${variable}, or ${noProxy} if the server is reachable directly`
    )
  return refusal(`; the proxy forbids that host or port: check ${variable} and ${noProxy}`)
}

/** What a plain-http request's answer tells of the proxy it was sent to (HttpResponse). */
export function forwarded(
  proxy: URL,
  url: URL,
  { statusCode, headers }: http.IncomingMessage
): Pick<HttpResponse, 'proxyCredentials' | 'proxySignIn'> {
  const header = statusCode === 407 ? headers['proxy-authenticate'] : undefined
  return {
    proxyCredentials: Boolean(proxy.username || proxy.password),
    proxySignIn: signInAdvice(header, proxyVariable(url), proxyVariable(url, undefined, 'NO_PROXY'))
  }
}

/**
 * What to do about a proxy's 407 whose Proxy-Authenticate header offers sign-in schemes, none of
 * them Basic, said of the proxy ('takes only NTLM sign-in…'); '' for one that offers Basic, or
 * none. The action sends the proxy variable's user and password as Basic (proxyAuthorization),
 * as @actions/http-client does: a proxy that asks only for NTLM, Negotiate (Kerberos) or Digest
 * can never take them, and "check the user and password" would send the user to the wrong fix.
 */
export function signInAdvice(
  header: string | undefined,
  variable: string,
  noProxy: string
): string {
  /* Challenges are separated by commas, as their parameters are (RFC 9110 section 11.6.1): a
   * scheme is a token not followed by '='. Quoted strings go first, as a realm may hold a comma.
   * Node joins the header's repeats with ', '. A real one is short: no more is read. */
  const challenges = (header ?? '').slice(0, 1000).replace(/"(?:[^"\\]|\\.)*"/g, '""')
  const schemes = new Map<string, string>()
  for (const part of challenges.split(',')) {
    const scheme = /^\s*([\w!#$%&'*+.^`|~-]+)(?!\S)/.exec(part)?.[1]
    if (scheme) schemes.set(scheme.toLowerCase(), scheme)
  }
  if (!schemes.size || schemes.has('basic')) return ''
  /* Only the schemes a proxy is known to ask for, and a local proxy can sign in with, are named,
   * as it spells them: a hostile one could send any word, even one that echoes its credentials. */
  const named = [...schemes.values()].filter(scheme =>
    /^(negotiate|ntlm|digest|kerberos)$/i.test(scheme)
  )
  const list = named.join(', ').replace(/, (?!.*, )/, ' or ')
  return `takes ${list ? `only ${list} sign-in, not Basic` : 'no Basic sign-in'}: use a local proxy that signs in for you (such as cntlm or px) in ${variable}, or ${noProxy} if the server is reachable directly`
}
