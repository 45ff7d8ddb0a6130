// The token file's mode is set on the descriptor the exclusive create returned, never again by
// path: a path swapped for a symlink right after the create (by anyone who can rename entries
// in RUNNER_TEMP) must not lead the action to change the mode of the link's target.
import { afterEach, beforeEach, expect, it, jest } from '@jest/globals'
import * as realFs from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

let dir = ''
let swapAt = ''
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
    swap(args[0])
    return fd
  },
  writeFileSync: (...args: Parameters<typeof realFs.writeFileSync>) => {
    realFs.writeFileSync(...args)
    swap(args[0])
  }
}))
const { writeTokenFile } = await import('../src/token-file.js')

beforeEach(() => {
  dir = realFs.mkdtempSync(join(tmpdir(), 'token-file-race-'))
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
