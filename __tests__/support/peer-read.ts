// For a server in a test that resets its connection after an answer with no length (tinyproxy's
// pages): the reset must come after the action has read the answer. Linux hands a peer that reads
// only after the reset has come the answer and then an end of stream, with no error, so the
// action would see a whole answer: beside CPU hogs, a reset 20 ms after the write did so once in
// three full runs (a process that blocked for 300 ms after its request saw the same every time).
import { existsSync, readFileSync } from 'node:fs'
import type { Socket } from 'node:net'
import { waitUntil } from './wait.js'

/** An IPv4 address and port as /proc/net/tcp gives them: 127.0.0.1:80 is 0100007F:0050. */
function procAddress(address: string, port: number): string {
  const bytes = address.split('.').map(Number).reverse()
  const hex = (n: number, width: number): string =>
    n.toString(16).toUpperCase().padStart(width, '0')
  return `${bytes.map(byte => hex(byte, 2)).join('')}:${hex(port, 4)}`
}

/** The queues (bytes not yet acknowledged, bytes not yet read) of the socket from `local` to `remote`. */
function queues(local: string, remote: string): [number, number] | undefined {
  for (const line of readFileSync('/proc/net/tcp', 'utf8').split('\n')) {
    const fields = line.trim().split(/\s+/)
    if (fields[1] !== local || fields[2] !== remote) continue
    const [tx = '', rx = ''] = (fields[4] ?? '').split(':')
    return [parseInt(tx, 16), parseInt(rx, 16)]
  }
  return undefined
}

/**
 * Resolves once the peer of `socket` (on loopback) has read everything written to it: this side's
 * bytes all acknowledged, and none left unread in the peer's queue (or the peer's socket gone).
 * Where there is no /proc/net/tcp (not Linux), after 200 ms; after 10 s in any case.
 */
export async function readByPeer(socket: Socket): Promise<void> {
  const { localAddress = '', localPort = 0, remoteAddress = '', remotePort = 0 } = socket
  if (!existsSync('/proc/net/tcp') || !/^\d+\.\d+\.\d+\.\d+$/.test(localAddress)) {
    await new Promise(done => setTimeout(done, 200))
    return
  }
  const here = procAddress(localAddress, localPort)
  const there = procAddress(remoteAddress, remotePort)
  const read = (): boolean => {
    const [unacknowledged = 0] = queues(here, there) ?? []
    const [, unread = 0] = queues(there, here) ?? []
    return unacknowledged === 0 && unread === 0
  }
  await waitUntil(read, 10_000, 5)
}
