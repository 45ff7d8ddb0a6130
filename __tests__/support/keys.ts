// Private keys for private-key-jwt, made fresh for each test file, in the PEM type a test names.
import { execFileSync, spawnSync } from 'node:child_process'
import { generateKeyPairSync } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** A new RSA 2048-bit or EC P-256 private key, as PEM of the given type. */
export function privateKeyPem(kind: 'rsa' | 'ec', type: 'pkcs1' | 'pkcs8' | 'sec1'): string {
  const { privateKey } =
    kind === 'rsa'
      ? generateKeyPairSync('rsa', { modulusLength: 2048 })
      : generateKeyPairSync('ec', { namedCurve: 'P-256' })
  return privateKey.export({ format: 'pem', type }).toString()
}

/** Why ssh-keygen cannot run here (every GitHub-hosted runner has it), or undefined. */
export function sshKeygenMissing(): string | undefined {
  // It exits 1 after printing its usage; only a spawn error (ENOENT) says it is not there.
  return spawnSync('ssh-keygen', ['-?']).error ? 'ssh-keygen is not installed' : undefined
}

/**
 * A key as `ssh-keygen ...args -f key` writes it (OpenSSH's own format unless -m says otherwise),
 * or as a `-p` rewrite of such a key writes it when `rewrite` gives that command's arguments.
 */
export function sshKeygen(args: readonly string[], rewrite?: readonly string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'oauth-action-ssh-'))
  try {
    const file = join(dir, 'key')
    execFileSync('ssh-keygen', ['-q', ...args, '-f', file], { stdio: 'ignore' })
    if (rewrite) execFileSync('ssh-keygen', [...rewrite, '-f', file], { stdio: 'ignore' })
    return readFileSync(file, 'utf8')
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
