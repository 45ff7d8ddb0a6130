// nginx 1.22 (Debian's nginx-light) as a reverse proxy in front of loopback token servers, for
// interop tests: run from a temp dir as its prefix (`-p`), with its own config, error log, pid
// file and temp paths there, in the foreground (`daemon off`), listening on 127.0.0.1 only.
// /etc/nginx is never read.
import { spawnSync } from 'node:child_process'
import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startDaemon } from './daemon.js'

const NGINX = '/usr/sbin/nginx'

/** Why nginx cannot run here, or undefined when it can. */
export function nginxMissing(): string | undefined {
  if (!existsSync(NGINX)) return `${NGINX} is not installed (Debian package nginx-light)`
  const version = spawnSync(NGINX, ['-V'], { encoding: 'utf8', timeout: 10_000 })
  if (version.status !== 0) return `${NGINX} -V failed: ${version.error ?? version.stderr}`
  if (!/--with-http_ssl_module/.test(version.stderr)) return `${NGINX} has no TLS module`
  if (!/--with-http_v2_module/.test(version.stderr)) return `${NGINX} has no HTTP/2 module`
  return undefined
}

/** nginx -v's version, e.g. 1.22.1. */
export function nginxVersion(): string {
  const version = spawnSync(NGINX, ['-v'], { encoding: 'utf8', timeout: 10_000 })
  return /nginx\/(\S+)/.exec(version.stderr)?.[1] ?? 'unknown'
}

export interface Nginx {
  /** The prefix directory: the config, logs and any file the config names live here. */
  readonly dir: string
  /** A log file's text, '' when nginx has not written it. */
  log(name: string): string
  close(): Promise<void>
}

/**
 * Starts nginx with the `http { }` block's inside (`http`), listening on `ports`; `files` are
 * written into the prefix directory first (certificates, password files), and `{dir}` in the
 * config stands for that directory. Ready when every port accepts a connection.
 */
export async function startNginx(
  http: string,
  ports: readonly number[],
  files: Readonly<Record<string, string>> = {}
): Promise<Nginx> {
  const dir = mkdtempSync(join(tmpdir(), 'nginx-'))
  // Run as root, nginx's workers run as www-data: they read the password file per request.
  chmodSync(dir, 0o755)
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text)
  const config = `daemon off;
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log info;
events { worker_connections 64; }
http {
  client_body_temp_path ${dir}/client_body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  default_type application/octet-stream;
  access_log ${dir}/access.log;
${http.replaceAll('{dir}', dir)}
}
`
  writeFileSync(join(dir, 'nginx.conf'), config)
  const { close } = await startDaemon(
    NGINX,
    ['-c', join(dir, 'nginx.conf'), '-p', `${dir}/`, '-e', join(dir, 'error.log')],
    dir,
    ports,
    ['error.log']
  )
  const log = (name: string): string => {
    try {
      return readFileSync(join(dir, name), 'utf8')
    } catch {
      return ''
    }
  }
  return { dir, log, close }
}
