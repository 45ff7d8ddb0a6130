import { describe, expect, it } from '@jest/globals'
import { createPublicKey, verify } from 'node:crypto'
import { ASSERTION_LIFETIME_S, signClientAssertion } from '../src/assertion.js'
import { readSigningKey } from '../src/keyless-inputs.js'
import { privateKeyPem } from './support/keys.js'

const NOW = Date.UTC(2026, 10, 28, 12, 0, 0, 789)
const AUD = 'https://sso.example.com/realms/ci/protocol/openid-connect/token'

const RSA = privateKeyPem('rsa', 'pkcs1')
const EC = privateKeyPem('ec', 'sec1')

function decode(part: string | undefined): Record<string, unknown> {
  return JSON.parse(Buffer.from(part ?? '', 'base64url').toString('utf8')) as Record<
    string,
    unknown
  >
}

describe('signClientAssertion', () => {
  // The runner trims an input, so only the first line loses the indentation a paste gave it.
  it('reads a key whose lines are indented, or end in CR, as ca-certificate does', () => {
    const indented = RSA.trim()
      .split('\n')
      .map(line => `    ${line}\r`)
      .join('\n')
      .trim()
    const jwt = signClientAssertion(readSigningKey(indented, ''), {
      clientId: 'ci-pipeline',
      audience: AUD,
      now: NOW,
      jwtId: 'jti-0002'
    })
    const [header, payload, signature] = jwt.split('.')
    expect(
      verify(
        'sha256',
        Buffer.from(`${header}.${payload}`),
        createPublicKey(RSA),
        Buffer.from(signature ?? '', 'base64url')
      )
    ).toBe(true)
  })

  // A key file with its certificate after it, as some tools write one: one key, taken.
  it('reads a key followed by its certificate', () => {
    const certificate =
      '-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIU\n-----END CERTIFICATE-----'
    const key = readSigningKey(`${EC.trim()}\n${certificate}`, '')
    expect(key.algorithm).toBe('ES256')
    const jwt = signClientAssertion(key, { clientId: 'ci', audience: AUD, now: NOW, jwtId: 'j' })
    const [header, payload, signature] = jwt.split('.')
    expect(
      verify(
        'sha256',
        Buffer.from(`${header}.${payload}`),
        { key: createPublicKey(EC), dsaEncoding: 'ieee-p1363' },
        Buffer.from(signature ?? '', 'base64url')
      )
    ).toBe(true)
  })

  // An unquoted shell echo or YAML's > folds the key onto one line; it was refused as unreadable,
  // with advice to rewrite it with ssh-keygen.
  it.each([
    ['RSA PKCS#1', RSA],
    ['EC SEC 1', EC],
    ['EC PKCS#8', privateKeyPem('ec', 'pkcs8')]
  ])('reads a %s key folded onto one line, as ca-certificate does', (_name, pem) => {
    const key = readSigningKey(pem.trim().replace(/\n/g, ' '), '')
    const jwt = signClientAssertion(key, {
      clientId: 'ci-pipeline',
      audience: AUD,
      now: NOW,
      jwtId: 'jti-0003'
    })
    const [header, payload, signature] = jwt.split('.')
    expect(
      verify(
        'sha256',
        Buffer.from(`${header}.${payload}`),
        { key: createPublicKey(pem), dsaEncoding: 'ieee-p1363' as const },
        Buffer.from(signature ?? '', 'base64url')
      )
    ).toBe(true)
  })

  it.each([
    ['RS256', RSA, 256],
    ['ES256', EC, 64]
  ])('signs %s that node:crypto verifies with the public key', (alg, pem, signatureBytes) => {
    const key = readSigningKey(pem, 'key-7')
    const jwt = signClientAssertion(key, {
      clientId: 'ci-pipeline',
      audience: AUD,
      now: NOW,
      jwtId: 'jti-0001'
    })
    const [header, payload, signature] = jwt.split('.')
    expect(decode(header)).toEqual({ alg, typ: 'JWT', kid: 'key-7' })
    const iat = Math.floor(NOW / 1000)
    expect(decode(payload)).toEqual({
      iss: 'ci-pipeline',
      sub: 'ci-pipeline',
      aud: AUD,
      jti: 'jti-0001',
      iat,
      exp: iat + ASSERTION_LIFETIME_S
    })
    const bytes = Buffer.from(signature ?? '', 'base64url')
    // ES256 is JOSE's raw r||s (64 bytes), not DER; RS256 is as long as the modulus.
    expect(bytes).toHaveLength(signatureBytes)
    const data = Buffer.from(`${header}.${payload}`)
    const publicKey = createPublicKey(pem)
    const options =
      alg === 'ES256' ? { key: publicKey, dsaEncoding: 'ieee-p1363' as const } : publicKey
    expect(verify('sha256', data, options, bytes)).toBe(true)
    // A changed payload does not verify.
    const forged = Buffer.from(`${header}.${payload}x`)
    expect(verify('sha256', forged, options, bytes)).toBe(false)
  })

  it('leaves kid out when key-id is empty, and lives 60 to 300 seconds', () => {
    const jwt = signClientAssertion(readSigningKey(EC, ''), {
      clientId: 'c',
      audience: AUD,
      now: NOW,
      jwtId: 'j'
    })
    const [header, payload] = jwt.split('.')
    expect(decode(header)).toEqual({ alg: 'ES256', typ: 'JWT' })
    const { iat, exp } = decode(payload) as { iat: number; exp: number }
    expect(exp - iat).toBeGreaterThanOrEqual(60)
    expect(exp - iat).toBeLessThanOrEqual(300)
  })

  it('differs with each jti, and is unpadded base64url', () => {
    const key = readSigningKey(RSA, '')
    const claims = { clientId: 'c', audience: AUD, now: NOW }
    const a = signClientAssertion(key, { ...claims, jwtId: 'a' })
    const b = signClientAssertion(key, { ...claims, jwtId: 'b' })
    expect(a).not.toBe(b)
    expect(a).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/)
  })
})
