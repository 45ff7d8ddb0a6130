// Starts perl-oauth2-server.pl: a Mojolicious::Lite app whose token endpoint is made of
// Net::OAuth2::AuthorizationServer 0.28's password and client_credentials grants (Debian's
// libnet-oauth2-authorizationserver-perl, with libmojolicious-perl), run by Debian's perl as
// Mojolicious's own daemon on 127.0.0.1 at a free port, in development mode (its request log on
// stderr, and its 404 page, which shows the request's parameters and headers), from a temp dir
// that holds its server.json: one client with the scopes read, write and admin (declared off),
// and one user.
import { spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { freePort, startDaemon } from './daemon.js'

const PERL = '/usr/bin/perl'
const SERVER = resolve(import.meta.dirname, 'perl-oauth2-server.pl')
const MODULES = ['Net::OAuth2::AuthorizationServer', 'Mojolicious::Lite']

/** Mojolicious's default path of the plugin's token endpoint, which the app keeps. */
export const TOKEN_PATH = '/oauth/access_token'
/** The access tokens' lifetime (the module's access_token_ttl, 3600 s by default). */
export const ACCESS_TOKEN_LIFETIME = 3600

/** Why the server cannot run here, or undefined when Debian's perl loads both modules. */
export function perlOauth2ServerMissing(): string | undefined {
  const install =
    'apt-get install --no-install-recommends libnet-oauth2-authorizationserver-perl libmojolicious-perl'
  const probe = spawnSync(PERL, [...MODULES.map(name => `-M${name}`), '-e', '1'], {
    encoding: 'utf8',
    timeout: 20_000
  })
  if (probe.error) return `${PERL} cannot run (${probe.error.message})`
  if (probe.status !== 0) {
    const missing = /Can't locate (\S+)\.pm/.exec(probe.stderr)?.[1]?.replaceAll('/', '::')
    return `${missing ?? MODULES.join(' or ')} does not load: ${install}`
  }
  return undefined
}

export interface PerlOauth2Server {
  /** http://127.0.0.1:PORT */
  readonly url: string
  /** The client, whose secret form-encoding changes (+ / = % : & space é). */
  readonly client: { readonly id: string; readonly secret: string }
  /** The password grant's user, whose password form-encoding changes too. */
  readonly user: { readonly username: string; readonly password: string }
  /** GET /api/me with `token` as Bearer: its status and JSON. */
  me(token: string): Promise<[number, Record<string, unknown>]>
  /** The daemon's log (Mojolicious's trace lines, on stderr) so far. */
  log(): string
  close(): Promise<void>
}

const random = (): string => randomBytes(18).toString('base64url')

export async function startPerlOauth2Server(): Promise<PerlOauth2Server> {
  const dir = mkdtempSync(join(tmpdir(), 'perl-oauth2-server-'))
  try {
    const port = await freePort()
    const url = `http://127.0.0.1:${port}`
    const client = { id: 'perl-ci', secret: `cs +/=%:&é-${random()}` }
    const user = { username: 'alice', password: `pw +/=%:&é-${random()}` }
    writeFileSync(
      join(dir, 'server.json'),
      JSON.stringify({
        client_id: client.id,
        client_secret: client.secret,
        ...user,
        ttl: ACCESS_TOKEN_LIFETIME
      })
    )
    const daemon = await startDaemon(
      PERL,
      [SERVER, 'daemon', '-m', 'development', '-l', url],
      dir,
      [port]
    )
    const me = async (token: string): Promise<[number, Record<string, unknown>]> => {
      const answer = await fetch(`${url}/api/me`, { headers: { Authorization: `Bearer ${token}` } })
      return [answer.status, (await answer.json()) as Record<string, unknown>]
    }
    return { url, client, user, me, log: () => daemon.logs(), close: () => daemon.close() }
  } catch (error) {
    rmSync(dir, { recursive: true, force: true })
    throw error
  }
}
