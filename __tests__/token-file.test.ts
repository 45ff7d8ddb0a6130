import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ActionError } from '../src/errors.js'
import { removeTokenFile, tokenFilePath, writeTokenFile } from '../src/token-file.js'

let dir = ''
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'token-file-test-'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

describe('tokenFilePath', () => {
  it('is an unguessable name in the directory', () => {
    expect(tokenFilePath(dir, size => Buffer.alloc(size, 0xab))).toBe(
      join(dir, `oauth2-token-${'ab'.repeat(12)}`)
    )
    expect(tokenFilePath(dir)).not.toBe(tokenFilePath(dir))
  })

  it('is absolute when the directory is given relative to the working directory', () => {
    expect(tokenFilePath('tmp', size => Buffer.alloc(size, 0xab))).toBe(
      join(process.cwd(), 'tmp', `oauth2-token-${'ab'.repeat(12)}`)
    )
  })
})

describe('writeTokenFile and removeTokenFile', () => {
  it.each([
    ['readable by its owner only, whatever the umask', 0],
    ['its owner gets read and write even when the umask takes them away', 0o277]
  ])('writes the token alone, %s', (_name, mask) => {
    const path = join(dir, 'token')
    const umask = process.umask(mask)
    try {
      writeTokenFile(path, 'the-token')
    } finally {
      process.umask(umask)
    }
    expect(statSync(path).mode & 0o777).toBe(0o600)
    expect(readFileSync(path, 'utf8')).toBe('the-token')
  })

  it('refuses a path that exists, without touching it', () => {
    const path = join(dir, 'taken')
    writeFileSync(path, 'someone else', { mode: 0o644 })
    expect(() => writeTokenFile(path, 'the-token')).toThrow(
      new ActionError(
        "Could not write the token file in RUNNER_TEMP (EEXIST): check that the runner's temporary directory is writable"
      )
    )
    expect(readFileSync(path, 'utf8')).toBe('someone else')
  })

  it('removes the file, and says whether it was there', () => {
    const path = join(dir, 'token')
    writeTokenFile(path, 'the-token')
    expect(removeTokenFile(path)).toBe(true)
    expect(existsSync(path)).toBe(false)
    expect(removeTokenFile(path)).toBe(false)
  })
})
