import type { RevocableToken } from './revocation.js'

/*
 * What the main step hands the post step through `core.saveState`; the runner passes each value
 * back as STATE_<name>. Only what the post step cannot read again from the inputs.
 */

export const TOKEN_FILE_STATE = 'token-file'
export const REVOKE_STATE = 'revoke'
/** The state dist/post.js acts on. */
export const POST_STATES = [REVOKE_STATE, TOKEN_FILE_STATE] as const

export interface RevocationState {
  readonly url: string
  readonly tokens: readonly RevocableToken[]
  /**
   * The token endpoint the tokens came from: the audience of a private-key-jwt assertion, and
   * the origin `headers` may go to. Discovery may have found it, so the inputs alone cannot tell;
   * without `issuer` the post step takes the inputs' own instead.
   */
  readonly tokenEndpoint?: string | undefined
  /**
   * The client and grant type that got the tokens. The post step reads the inputs again, and a
   * later step may have changed their OAUTH_* variables (GITHUB_ENV): it revokes with these.
   */
  readonly clientId?: string | undefined
  readonly grantType?: string | undefined
}

export function serializeRevocation(state: RevocationState): string {
  return JSON.stringify(state)
}
