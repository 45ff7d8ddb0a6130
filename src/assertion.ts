import type { SigningKey } from './keyless-inputs.js'
import { nodeCrypto } from './node-crypto.js'

/** Each attempt signs its own: long enough for clocks that differ, worthless soon after. */
export const ASSERTION_LIFETIME_S = 300

export interface AssertionClaims {
  /** iss and sub: the client (RFC 7523 §3, OpenID Connect Core §9). */
  readonly clientId: string
  /** aud: the token endpoint's URL. */
  readonly audience: string
  /** iat, in ms since the epoch. */
  readonly now: number
  /** jti: unique per assertion, so the server can refuse a replay. */
  readonly jwtId: string
}

/**
 * A client assertion for private_key_jwt (RFC 7523 §2.2), signed with RS256 or ES256 by Node's
 * own crypto. ES256 signatures are JOSE's raw r||s (RFC 7518 §3.4), not DER.
 */
export function signClientAssertion(key: SigningKey, claims: AssertionClaims): string {
  const iat = Math.floor(claims.now / 1000)
  const header = {
    alg: key.algorithm,
    typ: 'JWT',
    ...(key.keyId ? { kid: key.keyId } : {})
  }
  const payload = {
    iss: claims.clientId,
    sub: claims.clientId,
    aud: claims.audience,
    jti: claims.jwtId,
    iat,
    exp: iat + ASSERTION_LIFETIME_S
  }
  const signingInput = `${base64url(header)}.${base64url(payload)}`
  const { createPrivateKey, sign } = nodeCrypto()
  const privateKey = createPrivateKey({ key: key.pem, format: 'pem' })
  const signature = sign('sha256', Buffer.from(signingInput), {
    key: privateKey,
    ...(key.algorithm === 'ES256' ? { dsaEncoding: 'ieee-p1363' as const } : {})
  })
  return `${signingInput}.${signature.toString('base64url')}`
}

function base64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url')
}
