import type { Token } from './response.js'

/** The parts of `@actions/core` that publish a token. */
export interface Publisher {
  setSecret(value: string): void
  setOutput(name: string, value: string): void
  exportVariable(name: string, value: string): void
}

/** Every value of the response that grants access; masked before anything else is written. */
export function tokenSecrets(token: Token): string[] {
  return [token.accessToken, token.authorization, token.refreshToken, token.idToken].filter(Boolean)
}

/** Sets every output (empty when the server sent no value) and exports the token if asked. */
export function publishToken(token: Token, exportEnv: string, core: Publisher): void {
  const outputs: Record<string, string> = {
    'access-token': token.accessToken,
    'token-type': token.tokenType,
    authorization: token.authorization,
    'expires-in': token.expiresIn,
    'expires-at': token.expiresAt,
    'refresh-token': token.refreshToken,
    'id-token': token.idToken,
    scope: token.scope
  }
  for (const [name, value] of Object.entries(outputs)) core.setOutput(name, value)
  /* Only a token exchange (RFC 8693) returns it. */
  if (token.issuedTokenType) core.setOutput('issued-token-type', token.issuedTokenType)
  if (exportEnv) core.exportVariable(exportEnv, token.accessToken)
}
