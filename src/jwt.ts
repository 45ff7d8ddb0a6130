/** The `exp` claim of a JWT access token, in ms since the epoch; undefined if it has none. */
export function jwtExpiry(token: string): number | undefined {
  const parts = token.split('.')
  if (parts.length !== 3 || !parts[1]) return undefined
  try {
    const claims: unknown = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'))
    if (typeof claims !== 'object' || claims === null || !('exp' in claims)) return undefined
    const { exp } = claims
    return typeof exp === 'number' && exp > 0 && Number.isFinite(exp * 1000)
      ? exp * 1000
      : undefined
  } catch {
    return undefined
  }
}
