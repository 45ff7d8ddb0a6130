// Real forward proxies from Debian's packages for interop tests: Squid 5 and tinyproxy 1.11,
// each started in the foreground on 127.0.0.1 with its own config file in a temp dir (its ports,
// log, pid and helper files there; no system file is read for the config or written), and
// stopped by its process id. Squid resolves the test's names from its own hosts file and asks no
// DNS server but 127.0.0.1; tinyproxy resolves with the system's resolver, so its tests use a
// name that /etc/hosts already maps to 127.0.0.1 (see loopbackName).
import { execFileSync } from 'node:child_process'
import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect } from '@jest/globals'
import { type ActionRun, findLeaks } from '../../scripts/runner.mjs'
import { freePort, startDaemon } from './daemon.js'
import type { TokenEndpoint } from './token-endpoint.js'

export const SQUID = '/usr/sbin/squid'
export const NCSA_AUTH = '/usr/lib/squid/basic_ncsa_auth'
export const NTLM_AUTH = '/usr/lib/squid/ntlm_fake_auth'
export const TINYPROXY = '/usr/bin/tinyproxy'

/** A proxy the test started, and what it logged. */
export interface ForwardProxy {
  /** http://[userinfo@]127.0.0.1:port of the listener `name` (squid: 'open' or 'auth'). */
  url(userinfo?: string, name?: string): string
  /** The access log's lines so far, as each start* function words them. */
  log(): string[]
  close(): Promise<void>
}

/** Why Squid cannot run here, or undefined when it can. */
export function squidMissing(): string | undefined {
  if (!existsSync(SQUID)) return `${SQUID} is not installed (Debian package squid)`
  for (const helper of [NCSA_AUTH, NTLM_AUTH])
    if (!existsSync(helper)) return `${helper} is missing (Debian package squid)`
  try {
    execFileSync(SQUID, ['-v'], { stdio: 'ignore', timeout: 10_000 })
    execFileSync('openssl', ['version'], { stdio: 'ignore', timeout: 10_000 })
  } catch (error) {
    return `${SQUID} -v or openssl version failed: ${String(error)}`
  }
  return undefined
}

export interface SquidOptions {
  /** Names that resolve to 127.0.0.1, in Squid's own hosts file. */
  readonly names: readonly string[]
  /** Ports CONNECT may reach besides 443: Debian's default SSL_ports ACL, widened. */
  readonly sslPorts: readonly number[]
  /** Names whose every request Squid denies (a dstdomain ACL: 403 and its HTML page). */
  readonly deniedNames: readonly string[]
  /** The user of the 'auth' listener, checked by basic_ncsa_auth against an htpasswd file. */
  readonly user: string
  readonly password: string
  /**
   * 'ntlm': the 'auth' listener asks for NTLM sign-in alone (ntlm_fake_auth, which takes any
   * user), as a corporate proxy may; Squid's 407 then offers no Basic. Default 'basic'.
   */
  readonly scheme?: 'basic' | 'ntlm'
}

/**
 * Squid with Debian's default access rules (Safe_ports, CONNECT only to SSL_ports, localhost
 * allowed), and two listeners: 'open', and 'auth', where Basic proxy credentials are required.
 * Its access log lines are `METHOD URL user status squid-code`.
 */
export async function startSquid(options: SquidOptions): Promise<ForwardProxy> {
  const dir = mkdtempSync(join(tmpdir(), 'squid-'))
  // Run by root, Squid drops to its own user ('proxy'), which writes the logs here.
  chmodSync(dir, 0o777)
  const [open, auth] = [await freePort(), await freePort()]
  const hash = execFileSync('openssl', ['passwd', '-apr1', '-stdin'], {
    input: options.password,
    encoding: 'utf8'
  }).trim()
  writeFileSync(join(dir, 'htpasswd'), `${options.user}:${hash}\n`, { mode: 0o644 })
  writeFileSync(join(dir, 'hosts'), `127.0.0.1 ${options.names.join(' ')}\n`, { mode: 0o644 })
  const denied = options.deniedNames.length
    ? `acl denied dstdomain ${options.deniedNames.join(' ')}\nhttp_access deny denied\n`
    : ''
  const authParam =
    options.scheme === 'ntlm'
      ? `auth_param ntlm program ${NTLM_AUTH}\nauth_param ntlm children 2 startup=1\n`
      : `auth_param basic program ${NCSA_AUTH} ${join(dir, 'htpasswd')}\nauth_param basic children 2 startup=1\n`
  const config = `http_port 127.0.0.1:${open} name=open
http_port 127.0.0.1:${auth} name=auth
visible_hostname squid-test
pid_filename ${join(dir, 'squid.pid')}
cache_log ${join(dir, 'cache.log')}
logformat test %rm %ru %un %>Hs %Ss
access_log stdio:${join(dir, 'access.log')} logformat=test
cache_store_log none
netdb_filename none
coredump_dir ${dir}
hosts_file ${join(dir, 'hosts')}
dns_nameservers 127.0.0.1
pinger_enable off
icp_port 0
htcp_port 0
cache deny all
shutdown_lifetime 0 seconds
${authParam}acl authed proxy_auth REQUIRED
acl auth_port myportname auth
acl SSL_ports port 443 ${options.sslPorts.join(' ')}
acl Safe_ports port 80 21 443 70 210 1025-65535 280 488 591 777
acl CONNECT method CONNECT
http_access deny !Safe_ports
http_access deny CONNECT !SSL_ports
${denied}http_access deny auth_port !authed
http_access allow localhost
http_access deny all
`
  writeFileSync(join(dir, 'squid.conf'), config, { mode: 0o644 })
  const { close } = await startDaemon(
    SQUID,
    ['-N', '-f', join(dir, 'squid.conf')],
    dir,
    [open, auth],
    ['cache.log']
  )
  const accessLog = join(dir, 'access.log')
  return {
    url: (userinfo, name = 'open') =>
      `http://${userinfo ? `${userinfo}@` : ''}127.0.0.1:${name === 'auth' ? auth : open}`,
    // Without the lines of startDaemon's probes, connections that sent nothing.
    log: () =>
      existsSync(accessLog)
        ? readFileSync(accessLog, 'utf8')
            .split('\n')
            .filter(line => line && !line.startsWith('- error:transaction-end-before-headers'))
        : [],
    close
  }
}

/**
 * A name other than localhost that /etc/hosts maps to 127.0.0.1 (the machine's own name, say):
 * tinyproxy resolves through the system, and http-client never proxies localhost or 127.*.
 */
export function loopbackName(): string | undefined {
  const hosts = existsSync('/etc/hosts') ? readFileSync('/etc/hosts', 'utf8') : ''
  for (const line of hosts.split('\n')) {
    const [address, ...names] = line.replace(/#.*/, '').trim().split(/\s+/)
    if (address !== '127.0.0.1') continue
    const name = names.find(n => n && !/^localhost(\.|$)/i.test(n) && /^[a-z0-9.-]+$/i.test(n))
    if (name) return name.toLowerCase()
  }
  return undefined
}

/** Why tinyproxy cannot run here, or undefined when it can. */
export function tinyproxyMissing(): string | undefined {
  if (!existsSync(TINYPROXY)) return `${TINYPROXY} is not installed (Debian package tinyproxy)`
  try {
    execFileSync(TINYPROXY, ['-v'], { stdio: 'ignore', timeout: 10_000 })
  } catch (error) {
    return `${TINYPROXY} -v failed: ${String(error)}`
  }
  if (!loopbackName()) {
    return 'no name but localhost maps to 127.0.0.1 in /etc/hosts, and tinyproxy resolves through the system'
  }
  return undefined
}

/**
 * tinyproxy with `BasicAuth user password` (its config takes only [-a-z0-9._] there). Its log
 * is its own text; `log()` gives its `Request (file descriptor N): METHOD target` lines as
 * `METHOD target`.
 */
export async function startTinyproxy(options: {
  readonly user: string
  readonly password: string
}): Promise<ForwardProxy> {
  const dir = mkdtempSync(join(tmpdir(), 'tinyproxy-'))
  // Run by root, it drops to nobody, which writes its log here.
  chmodSync(dir, 0o777)
  const port = await freePort()
  const logFile = join(dir, 'tinyproxy.log')
  const user = process.getuid?.() === 0 ? 'User nobody\nGroup nogroup\n' : ''
  const config = `${user}Port ${port}
Listen 127.0.0.1
Timeout 30
LogFile "${logFile}"
LogLevel Info
PidFile "${join(dir, 'tinyproxy.pid')}"
MaxClients 20
Allow 127.0.0.1
BasicAuth ${options.user} ${options.password}
`
  writeFileSync(join(dir, 'tinyproxy.conf'), config, { mode: 0o644 })
  const { close } = await startDaemon(
    TINYPROXY,
    ['-d', '-c', join(dir, 'tinyproxy.conf')],
    dir,
    [port],
    ['tinyproxy.log']
  )
  return {
    url: userinfo => `http://${userinfo ? `${userinfo}@` : ''}127.0.0.1:${port}`,
    log: () =>
      existsSync(logFile)
        ? readFileSync(logFile, 'utf8')
            .split('\n')
            .map(line => /Request \(file descriptor \d+\): (\S+ \S+)/.exec(line)?.[1])
            .filter((line): line is string => Boolean(line))
        : [],
    close
  }
}

/**
 * A password grant's run through a proxy that ended with the token `endpoint` issued last, for
 * `user`: nothing on stderr, no error, the proxy's credentials kept by the proxy (never sent on to
 * the endpoint), and none of `secrets` nor the endpoint's tokens outside `::add-mask::`.
 */
export function expectProxiedToken(
  step: ActionRun,
  endpoint: TokenEndpoint,
  user: { readonly username: string; readonly password: string },
  secrets: readonly string[]
): void {
  expect(step.stderr).toBe('')
  expect(step.stdout).not.toContain('::error::')
  expect(step.code).toBe(0)
  expect(step.outputs['access-token']).toBe(endpoint.tokens.at(-1))
  const request = endpoint.requests.at(-1)
  expect(Object.fromEntries(new URLSearchParams(request?.body))).toMatchObject({
    grant_type: 'password',
    ...user
  })
  expect(request?.headers['proxy-authorization']).toBeUndefined()
  expect(findLeaks(step, [...secrets, ...endpoint.tokens])).toEqual([])
}
