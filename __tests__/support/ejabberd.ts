// ejabberd 23.01 (Debian's ejabberd, with erlang-p1-oauth2, which it only suggests), the XMPP
// server whose ejabberd_oauth serves POST /oauth/token, for interop tests: its own ejabberd.yml,
// ejabberdctl.cfg, Mnesia spool and logs in a temp dir (nothing under /etc or /var/lib/ejabberd
// is read or written), one HTTP listener on 127.0.0.1 at a free port (/oauth and /api, nothing
// else listens), and Erlang distribution on loopback at a port of its own with no epmd
// (ERL_DIST_PORT). ejabberdctl runs ejabberd as the ejabberd user (through su): root only.
import { spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import {
  chownSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { freePort, startDaemon } from './daemon.js'

const EJABBERDCTL = '/usr/sbin/ejabberdctl'
const ERLANG_LIB = '/usr/lib/erlang/lib'

export const TOKEN_PATH = '/oauth/token'
/** oauth_expire below. */
export const ACCESS_TOKEN_LIFETIME = 3600
/** The scope of mod_http_api's commands for a user (api_permissions below). */
export const USER_SCOPE = 'ejabberd:user'

/** Why ejabberd cannot run here, or undefined when it can. */
export function ejabberdMissing(): string | undefined {
  const install = 'apt-get install --no-install-recommends ejabberd erlang-p1-oauth2'
  if (!existsSync(EJABBERDCTL)) return `${EJABBERDCTL} is missing: ${install}`
  // Without it, ejabberd_oauth crashes on every password grant (no oauth2 module).
  const lib = existsSync(ERLANG_LIB) ? readdirSync(ERLANG_LIB) : []
  if (!lib.some(name => name.startsWith('p1_oauth2-'))) return `no p1_oauth2: ${install}`
  if (process.getuid?.() !== 0) return `${EJABBERDCTL} runs ejabberd as its user only from root`
  return undefined
}

export interface Ejabberd {
  /** http://127.0.0.1:PORT: the listener of /oauth and /api. */
  readonly url: string
  /** A registered user: username is the bare JID, user@localhost. */
  readonly user: { readonly username: string; readonly password: string }
  /** ejabberdctl against this node: its stdout (throws on a non-zero exit). */
  ctl(...args: string[]): string
  /** ejabberd's own logs (ejabberd.log, error.log) and its stdout so far. */
  log(): string
  close(): Promise<void>
}

export async function startEjabberd(): Promise<Ejabberd> {
  const dir = mkdtempSync(join(tmpdir(), 'ejabberd-'))
  try {
    const [port, distPort] = [await freePort(), await freePort()]
    const url = `http://127.0.0.1:${port}`
    const user = {
      username: 'alice@localhost',
      password: `pw +/=%:&#\\"~é-${randomBytes(18).toString('base64url')}`
    }
    const config = `hosts: [localhost]
loglevel: warning
auth_method: [internal]
default_db: mnesia
listen:
  - port: ${port}
    ip: "127.0.0.1"
    module: ejabberd_http
    request_handlers:
      /oauth: ejabberd_oauth
      /api: mod_http_api
oauth_expire: ${ACCESS_TOKEN_LIFETIME}
oauth_access: all
oauth_client_id_check: allow
api_permissions:
  "oauth users":
    from: [mod_http_api]
    who:
      oauth:
        scope: "${USER_SCOPE}"
        access: all
    what: ["registered_users"]
modules:
  mod_http_api: {}
`
    const pidFile = join(dir, 'ejabberd.pid')
    const ctlConfig = `ERLANG_NODE=ejabberd-${port}@localhost
INET_DIST_INTERFACE=127.0.0.1
ERL_EPMD_ADDRESS=127.0.0.1
ERL_DIST_PORT=${distPort}
EJABBERD_PID_PATH=${pidFile}
`
    writeFileSync(join(dir, 'ejabberd.yml'), config)
    writeFileSync(join(dir, 'ejabberdctl.cfg'), ctlConfig)
    for (const sub of ['spool', 'logs']) mkdirSync(join(dir, sub))
    const owner = spawnSync('id', ['-u', 'ejabberd'], { encoding: 'utf8' }).stdout.trim()
    const group = spawnSync('id', ['-g', 'ejabberd'], { encoding: 'utf8' }).stdout.trim()
    for (const path of [dir, join(dir, 'spool'), join(dir, 'logs')]) {
      chownSync(path, Number(owner), Number(group))
    }
    const options = [
      '--config',
      join(dir, 'ejabberd.yml'),
      '--ctl-config',
      join(dir, 'ejabberdctl.cfg'),
      '--spool',
      join(dir, 'spool'),
      '--logs',
      join(dir, 'logs')
    ]
    const ctl = (...args: string[]): string => {
      const result = spawnSync(EJABBERDCTL, [...options, ...args], {
        encoding: 'utf8',
        timeout: 20_000
      })
      if (result.status !== 0) {
        throw new Error(`ejabberdctl ${args[0]}: ${result.status} ${result.stdout}${result.stderr}`)
      }
      return result.stdout
    }
    // In the foreground, ejabberd (beam.smp) is su's child, ejabberdctl's grandchild: signals to
    // ejabberdctl do not reach it, so close() kills it by the pid it writes.
    const daemon = await startDaemon(
      EJABBERDCTL,
      [...options, 'foreground'],
      dir,
      [port, distPort],
      ['logs/ejabberd.log', 'logs/error.log']
    )
    const close = async (): Promise<void> => {
      if (existsSync(pidFile)) {
        try {
          process.kill(Number(readFileSync(pidFile, 'utf8')), 'SIGKILL')
        } catch {
          // gone already
        }
      }
      await daemon.close()
    }
    try {
      const [name, host] = user.username.split('@') as [string, string]
      ctl('register', name, host, user.password)
    } catch (error) {
      await close()
      throw error
    }
    return { url, user, ctl, log: () => daemon.logs(), close }
  } catch (error) {
    rmSync(dir, { recursive: true, force: true })
    throw error
  }
}
