// Private keys for private-key-jwt, made fresh for each test file, in the PEM type a test names.
import { generateKeyPairSync } from 'node:crypto'

/** A new RSA 2048-bit or EC P-256 private key, as PEM of the given type. */
export function privateKeyPem(kind: 'rsa' | 'ec', type: 'pkcs1' | 'pkcs8' | 'sec1'): string {
  const { privateKey } =
    kind === 'rsa'
      ? generateKeyPairSync('rsa', { modulusLength: 2048 })
      : generateKeyPairSync('ec', { namedCurve: 'P-256' })
  return privateKey.export({ format: 'pem', type }).toString()
}
