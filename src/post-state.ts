import type { RevocableToken } from './revocation.js'

// What the main step hands the post step through `core.saveState`; the runner passes each value
// back as STATE_<name>. Only what the post step cannot read again from the inputs.

/** Saved by every main step, so the post step knows it is one. */
export const POST_MARK = 'isPost'
export const TOKEN_FILE_STATE = 'token-file'
export const REVOKE_STATE = 'revoke'

export interface RevocationState {
  readonly url: string
  readonly tokens: readonly RevocableToken[]
  /**
   * The token endpoint the tokens came from: the audience of a private-key-jwt assertion, and
   * the origin `headers` may go to. Discovery may have found it, so the inputs alone cannot tell;
   * without `issuer` the post step takes the inputs' own instead.
   */
  readonly tokenEndpoint?: string | undefined
}

export function isPostStep(env: Readonly<Record<string, string | undefined>>): boolean {
  return env[`STATE_${POST_MARK}`] === 'true'
}

export function serializeRevocation(state: RevocationState): string {
  return JSON.stringify(state)
}

/** The saved revocation state; undefined when there is none or it cannot be read. */
export function parseRevocation(text: string): RevocationState | undefined {
  if (!text) return undefined
  try {
    const value: unknown = JSON.parse(text)
    if (typeof value !== 'object' || value === null) return undefined
    const url: unknown = Reflect.get(value, 'url')
    const tokens: unknown = Reflect.get(value, 'tokens')
    if (typeof url !== 'string' || !Array.isArray(tokens)) return undefined
    const valid = tokens.filter(
      (item): item is RevocableToken =>
        typeof item === 'object' &&
        item !== null &&
        typeof item.token === 'string' &&
        (item.hint === 'access_token' || item.hint === 'refresh_token') &&
        typeof item.expiresAt === 'string'
    )
    const tokenEndpoint: unknown = Reflect.get(value, 'tokenEndpoint')
    return {
      url,
      tokens: valid,
      ...(typeof tokenEndpoint === 'string' ? { tokenEndpoint } : {})
    }
  } catch {
    return undefined
  }
}
