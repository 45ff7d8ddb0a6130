// What the interop tests' servers from Debian's packages (Glewlwyd, Squid, tinyproxy, nginx) share:
// a free loopback port, and a process started in the foreground in its own temp dir, ready when
// each of its ports accepts a connection, stopped by its process id with the dir removed.
import { type ChildProcess, spawn } from 'node:child_process'
import { closeSync, existsSync, openSync, readFileSync, rmSync } from 'node:fs'
import { connect, createServer } from 'node:net'
import { join } from 'node:path'

const handedOut = new Set<number>()

/**
 * A port on 127.0.0.1 that was free a moment ago (and where nothing listens now), for a daemon to
 * bind later. Drawn below the kernel's ephemeral range (32768 and up on Linux, 49152 on macOS),
 * where every test's own listen(0) and outgoing connection take theirs: a port the kernel handed
 * out could go to another test file's server (jest runs two at once) before the daemon binds it,
 * and the test would then talk to that server.
 */
export async function freePort(): Promise<number> {
  for (let attempt = 0; ; attempt++) {
    const port = 20_000 + Math.floor(Math.random() * 12_000)
    /* Not one handed out before in this process, which may not be bound yet. */
    if (handedOut.has(port)) continue
    const server = createServer()
    const bound = await new Promise<boolean>(done => {
      server.once('error', () => done(false))
      server.listen(port, '127.0.0.1', () => done(true))
    })
    if (bound) {
      await new Promise(done => server.close(done))
      handedOut.add(port)
      return port
    }
    if (attempt > 50) throw new Error('no free port on 127.0.0.1 between 20000 and 32000')
  }
}

/** Whether something accepts TCP connections on 127.0.0.1:port. */
function accepts(port: number): Promise<boolean> {
  return new Promise(done => {
    const socket = connect(port, '127.0.0.1')
    socket.once('connect', () => {
      socket.destroy()
      done(true)
    })
    socket.once('error', () => done(false))
  })
}

export interface Daemon {
  readonly child: ChildProcess
  /** Whether the process has exited. */
  exited(): boolean
  /** The process's stdout and stderr (stdout.log in `dir`) and `logFiles`, as written so far. */
  logs(): string
  /** Stops the process (SIGTERM), waits for it to exit, and removes `dir`. */
  close(): Promise<void>
}

/**
 * Spawns `command` in `dir`, its stdout and stderr to `dir`/stdout.log, and waits (up to about
 * 20 s) for every one of `ports` to accept a connection. If it exits first, or never gets there,
 * it is stopped, `dir` removed, and the error carries its logs (`logFiles`, in `dir`, too).
 */
export async function startDaemon(
  command: string,
  args: readonly string[],
  dir: string,
  ports: readonly number[],
  logFiles: readonly string[] = []
): Promise<Daemon> {
  const out = openSync(join(dir, 'stdout.log'), 'a')
  const child = spawn(command, args, { stdio: ['ignore', out, out], cwd: dir })
  closeSync(out)
  let exited = false
  child.on('exit', () => (exited = true))
  const daemon: Daemon = {
    child,
    exited: () => exited,
    logs: () =>
      ['stdout.log', ...logFiles]
        .map(file => join(dir, file))
        .filter(file => existsSync(file))
        .map(file => readFileSync(file, 'utf8'))
        .join('\n'),
    close: async () => {
      if (!exited) {
        const gone = new Promise(done => child.once('exit', done))
        child.kill('SIGTERM')
        await gone
      }
      rmSync(dir, { recursive: true, force: true })
    }
  }
  for (let attempt = 0; ; attempt++) {
    if ((await Promise.all(ports.map(accepts))).every(Boolean)) return daemon
    if (exited || attempt > 400) {
      const logs = daemon.logs().trim()
      await daemon.close()
      throw new Error(`${command} did not start: ${logs || 'no port accepted a connection'}`)
    }
    await new Promise(done => setTimeout(done, 50))
  }
}
