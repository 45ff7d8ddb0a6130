import { isObject } from './errors.js'

/** The `exp` claim of a JWT access token, in ms since the epoch; undefined if it has none. */
export function jwtExpiry(token: string): number | undefined {
  const exp = jwtClaims(token)?.exp
  return typeof exp === 'number' && exp > 0 && isFinite(exp * 1000) ? exp * 1000 : undefined
}

/** The claims of a JWT, decoded and never verified; undefined when the token is not a JWT. */
export function jwtClaims(token: string): Readonly<Record<string, unknown>> | undefined {
  const parts = token.split('.')
  if (parts.length !== 3 || !parts[1]) return
  try {
    const claims: unknown = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'))
    if (!isObject(claims) || Array.isArray(claims)) return
    return claims as Record<string, unknown>
  } catch {
    /* Not base64url JSON: not a JWT, undefined. */
  }
}
