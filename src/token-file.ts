import { closeSync, fchmodSync, openSync, rmSync, writeFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { ActionError, isObject } from './errors.js'
import { nodeCrypto } from './node-crypto.js'

/**
 * A new, unguessable path for the token file in `dir`, the runner's temporary directory. Absolute
 * even when `dir` is not (a local run's RUNNER_TEMP=tmp): later steps and the post step may start
 * in another directory.
 */
export function tokenFilePath(
  dir: string,
  random: (size: number) => Buffer = size => nodeCrypto().randomBytes(size)
): string {
  return resolve(dir, `oauth2-token-${random(12).toString('hex')}`)
}

/**
 * Writes the token, and nothing else, to a file only its owner can read. `wx` refuses a path
 * that exists, so the file is ours from the start and never had wider permissions.
 */
export function writeTokenFile(path: string, accessToken: string): void {
  try {
    const fd = openSync(path, 'wx', 0o600)
    /* The umask may only take bits away; this makes the mode exact. On the descriptor, as the
       path may be a symlink by now. */
    try {
      fchmodSync(fd, 0o600)
      writeFileSync(fd, accessToken)
    } finally {
      closeSync(fd)
    }
  } catch (error) {
    const code = isObject(error) && 'code' in error ? String(error.code) : ''
    throw new ActionError(
      `Could not write the token file in RUNNER_TEMP${code ? ` (${code})` : ''}: check that the runner's temporary directory is writable`
    )
  }
}

/** Deletes the token file; true when it was there. */
export function removeTokenFile(path: string): boolean {
  try {
    rmSync(path)
    return true
  } catch (error) {
    if (isObject(error) && 'code' in error && error.code === 'ENOENT') return false
    throw error
  }
}
