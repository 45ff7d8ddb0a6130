// The token file's mode is set on the descriptor the exclusive create returned, never again by
// path: a path swapped for a symlink right after the create (by anyone who can rename entries
// in RUNNER_TEMP) must not lead the action to change the mode of the link's target.
import { afterEach, beforeEach, expect, it, jest } from '@jest/globals'
import * as realFs from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

let dir = ''
let swapAt = ''
/** Each descriptor opened, with the mode the file had at once; each closed. */
let opened: { fd: number; mode: number }[] = []
let closed: number[] = []
/** The error writeFileSync throws next, once. */
let writeError: (Error & { code?: string }) | undefined
/** Moves the new file away and puts a symlink to `victim` at its path, once. */
function swap(path: unknown): void {
  if (path !== swapAt) return
  swapAt = ''
  realFs.renameSync(path, `${path}.moved`)
  realFs.symlinkSync(join(dir, 'victim'), path)
}
jest.unstable_mockModule('node:fs', () => ({
  ...realFs,
  default: realFs,
  openSync: (...args: Parameters<typeof realFs.openSync>) => {
    const fd = realFs.openSync(...args)
    opened.push({ fd, mode: realFs.fstatSync(fd).mode & 0o777 })
    swap(args[0])
    return fd
  },
  closeSync: (fd: number) => {
    closed.push(fd)
    realFs.closeSync(fd)
  },
  writeFileSync: (...args: Parameters<typeof realFs.writeFileSync>) => {
    const error = writeError
    writeError = undefined
    if (error) throw error
    realFs.writeFileSync(...args)
    swap(args[0])
  }
}))
const { writeTokenFile } = await import('../src/token-file.js')

beforeEach(() => {
  dir = realFs.mkdtempSync(join(tmpdir(), 'token-file-race-'))
  opened = []
  closed = []
})
afterEach(() => realFs.rmSync(dir, { recursive: true, force: true }))

it("sets the mode on the file it created, not on a symlink's target swapped in by path", () => {
  const victim = join(dir, 'victim')
  realFs.writeFileSync(victim, 'not the token', { mode: 0o644 })
  realFs.chmodSync(victim, 0o644)
  const path = join(dir, 'oauth2-token-file')
  swapAt = path
  writeTokenFile(path, 'the-token')
  expect(realFs.statSync(victim).mode & 0o777).toBe(0o644)
  expect(realFs.readFileSync(victim, 'utf8')).toBe('not the token')
  expect(realFs.statSync(`${path}.moved`).mode & 0o777).toBe(0o600)
  expect(realFs.readFileSync(`${path}.moved`, 'utf8')).toBe('the-token')
})

it('creates the file with mode 0600 already, whatever the umask: no moment of wider access', () => {
  const umask = process.umask(0)
  try {
    writeTokenFile(join(dir, 'token'), 'the-token')
  } finally {
    process.umask(umask)
  }
  expect(opened.map(open => open.mode)).toEqual([0o600])
  expect(closed).toEqual(opened.map(open => open.fd))
})

it('closes the file, and names the error, when the write fails', () => {
  writeError = Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' })
  expect(() => writeTokenFile(join(dir, 'token'), 'the-token')).toThrow(
    "Could not write the token file in RUNNER_TEMP (ENOSPC): check that the runner's temporary directory is writable"
  )
  expect(opened).toHaveLength(1)
  expect(closed).toEqual(opened.map(open => open.fd))
})
