import {
  type Config,
  type InputSource,
  inputOrEnv,
  readConfig,
  readSecretInputs
} from './config.js'
import { errorMessage, isObject, quote } from './errors.js'
import { readLifecycleSecrets } from './lifecycle-config.js'
import { type SecretLog, checkNodeDebug, secretLog } from './log.js'
import type { Runtime } from './main.js'
import { REVOKE_STATE, type RevocationState, TOKEN_FILE_STATE } from './post-state.js'
import { proxySecretsFor } from './proxy-variable.js'
import { configuredSecrets } from './request.js'
import type { RevocableToken } from './revocation.js'
import type { HttpRequest } from './transport.js'

const NAMES: Readonly<Record<RevocableToken['hint'], string>> = {
  access_token: 'access token',
  refresh_token: 'refresh token'
}

/**
 * The post step: deletes the token file and revokes the tokens the main step saved. Every
 * secret it reads is masked before it writes anything; a failure is a warning, never a failed job.
 */
export async function post(runtime: Runtime): Promise<void> {
  const { core, env } = runtime
  const log = secretLog(core)
  const revocation = parseRevocation(core.getState(REVOKE_STATE))
  const tokenFile = core.getState(TOKEN_FILE_STATE)
  /* Most steps leave nothing to do: then the post step writes nothing at all. */
  if (!revocation && !tokenFile) return
  /* The grant type that got the tokens, whatever a later step set OAUTH_GRANT_TYPE to. */
  const grantType = revocation?.grantType
  const source: InputSource = {
    getInput: name => (name === 'grant-type' && grantType) || core.getInput(name),
    env
  }
  try {
    log.mask(revocation?.tokens.map(({ token }) => token) ?? [])
    log.mask(readSecretInputs(source))
    log.mask(readLifecycleSecrets(source))
    log.mask(await configuredSecretsOf(source, env))
  } catch (error) {
    log.say.warning(`Post step: ${errorMessage(error)}`)
    return
  }
  /* The tokens revoked so far: a failure part way says only the others stay valid. */
  const revoked = new Set<RevocableToken>()
  const valid = (): string =>
    stillValid(revocation?.tokens.filter(token => !revoked.has(token)) ?? [], runtime.clock.now())
  /* A cancelled step (the runner sends SIGINT, then SIGTERM) says what stays valid, and then ends
   * by the signal, as it would have without this. */
  const cancel = (signal: NodeJS.Signals): void => {
    log.say.warning(`Post step cancelled${valid()}`)
    process.stdout.write('', () => process.kill(process.pid, signal))
  }
  process.once('SIGINT', cancel).once('SIGTERM', cancel)
  try {
    if (tokenFile) await deleteTokenFile(tokenFile, log)
  } finally {
    try {
      if (revocation) await revokeAll(revocation, source, runtime, log, revoked)
    } catch (error) {
      log.say.warning(`Could not revoke the tokens: ${errorMessage(error)}${valid()}`)
    }
    process.off('SIGINT', cancel).off('SIGTERM', cancel)
  }
}

/**
 * The Basic authorization, credentials in headers and extra-params, and the proxy's, masked before
 * the first line as in the main step. Inputs that do not read as a configuration have none to
 * mask; revokeAll reports why, if it needs them.
 */
async function configuredSecretsOf(source: InputSource, env: Runtime['env']): Promise<string[]> {
  let config: Config
  try {
    config = readConfig(source)
  } catch {
    return []
  }
  return [...configuredSecrets(config), ...(await proxySecretsFor(config.tokenUrl, env))]
}

/**
 * The saved revocation state; undefined when there is none or it cannot be read. Here, in the
 * post step's chunk, not in post-state.ts: the main step never reads it.
 */
export function parseRevocation(text: string): RevocationState | undefined {
  if (!text) return
  try {
    const value: unknown = JSON.parse(text)
    if (!isObject(value)) return
    const url: unknown = Reflect.get(value, 'url')
    const tokens: unknown = Reflect.get(value, 'tokens')
    if (typeof url !== 'string' || !Array.isArray(tokens)) return
    const valid = tokens.filter(
      (item): item is RevocableToken =>
        typeof item?.token === 'string' &&
        (item.hint === 'access_token' || item.hint === 'refresh_token') &&
        typeof item.expiresAt === 'string'
    )
    const field = (name: string): Record<string, string> => {
      const found: unknown = Reflect.get(value, name)
      return typeof found === 'string' ? { [name]: found } : {}
    }
    return {
      url,
      tokens: valid,
      ...field('tokenEndpoint'),
      ...field('clientId'),
      ...field('grantType')
    }
  } catch {
    /* Not JSON: no revocation, undefined. */
  }
}

async function deleteTokenFile(path: string, log: SecretLog): Promise<void> {
  /* Only a file the main step could have written (token-file.ts names it), whatever the state says. */
  if (!/^[^\r\n]*[\\/]oauth2-token-[0-9a-f]{24}$/.test(path)) {
    log.say.warning(`Not deleting ${quote(path, 200)}: not a token file this action writes`)
    return
  }
  try {
    const { removeTokenFile } = await import('./token-file.js')
    const removed = removeTokenFile(path)
    log.say.info(
      removed
        ? `Deleted the token file ${path}.`
        : `No token file to delete at ${path}: the main step did not write it (it failed first), or it was already deleted.`
    )
  } catch (error) {
    log.say.warning(`Could not delete the token file ${path}: ${errorMessage(error)}`)
  }
}

async function revokeAll(
  revocation: RevocationState,
  source: InputSource,
  runtime: Runtime,
  log: SecretLog,
  revoked: Set<RevocableToken>
): Promise<void> {
  /* Set by a later step (GITHUB_ENV), it would print the request or the answer: nothing is sent. */
  if (runtime.env.NODE_DEBUG) checkNodeDebug(runtime.env.NODE_DEBUG)
  /** Warns "Not revoking" and why, then names each token that stays valid. */
  const notRevoking = (why: string): void =>
    log.say.warning(`Not revoking${why}${stillValid(revocation.tokens, runtime.clock.now())}`)
  /* The client credentials are the inputs again, which the runner evaluates again for the post
   * step (so the client id is held to the one saved). So is the token endpoint, without issuer;
   * with it, the one discovery found, which the main step saved, held to the rules discovery
   * applies. */
  const issuedTo = revocation.clientId
  const clientId = inputOrEnv(source, 'client-id')
  if (issuedTo !== undefined && clientId !== issuedTo) {
    notRevoking(
      `: client-id is ${quote(clientId, 100)} now, not the ${quote(issuedTo, 100)} the tokens were issued to (did a later step set OAUTH_CLIENT_ID?)`
    )
    return
  }
  let config = readConfig(source)
  if (config.issuer) {
    const problem = await discoveredEndpointProblem(revocation, config, log.secrets)
    if (problem) {
      notRevoking(`: ${problem}`)
      return
    }
    config = Object.freeze({ ...config, tokenUrl: new URL(revocation.tokenEndpoint ?? '') })
  }
  const url = new URL(revocation.url)
  if (url.origin !== config.tokenUrl.origin) {
    notRevoking(
      ` at ${url.href}: client credentials go only to the token endpoint's origin, ${config.tokenUrl.origin}${config.issuer ? '' : ' (did a later step set OAUTH_HOST?)'}`
    )
    return
  }
  log.mask(await proxySecretsFor(url, runtime.env))
  const { buildRevocationRequest, revokeToken } = await import('./revocation.js')
  const live = revocation.tokens.filter(token => {
    if (isLive(token, runtime.clock.now())) return true
    log.say.info(`Not revoking the ${NAMES[token.hint]}: it expired at ${token.expiresAt}.`)
    return false
  })
  /* RFC 7523 section 3 lets the token endpoint's URL name the server as an assertion's aud, and
   * most servers take it at each endpoint; Okta and Glewlwyd take only the URL the request goes
   * to. Refused with a 401 or an invalid_client, an assertion addressed to the revocation endpoint
   * is tried, and kept for the next token once it revoked one. */
  let audience = config
  for (const [index, token] of live.entries()) {
    const name = NAMES[token.hint]
    /* A client assertion (its jti) may be used once: the retry gets a new one, as in the main step. */
    const build = async (): Promise<HttpRequest> =>
      buildRevocationRequest(config, url, token, await clientAssertion(audience, runtime, log))
    const renew = config.keyless?.clientAuth ? build : undefined
    const readdress =
      config.keyless?.clientAuth === 'private-key-jwt' && audience === config
        ? (): Promise<HttpRequest> => {
            audience = { ...config, tokenUrl: url }
            return build()
          }
        : undefined
    const result = await revokeToken(await build(), config, log.secrets, runtime, renew, readdress)
    if (result.revoked) {
      revoked.add(token)
      log.say.info(`Revoked the ${name} at ${url.href}.`)
      continue
    }
    audience = config
    /* An endpoint that could not be reached for one token (no answer, or a TLS failure) would make
     * the next wait as long for nothing. */
    const skipped = result.unreachable ? live.slice(index + 1) : []
    const untried = skipped
      .map(left => `; the ${NAMES[left.hint]} was not tried and stays valid ${until(left)}`)
      .join('')
    /* It stays valid, unless the server said it is already invalid (failures.ts says so last). */
    log.say.warning(
      `Could not revoke the ${name} at ${url.href}${result.after ?? ''}: ${result.reason}${/ already invalid$/.test(result.reason) ? '' : `; it stays valid ${until(token)}`}${untried}`
    )
    if (skipped.length) return
  }
}

/** Why the endpoints discovery found, as the main step saved them, must not be used, if so. */
async function discoveredEndpointProblem(
  revocation: RevocationState,
  config: Config,
  secrets: readonly string[]
): Promise<string | undefined> {
  if (!revocation.tokenEndpoint) return 'the saved state names no token endpoint'
  const { checkEndpoint } = await import('./discovery.js')
  for (const [name, text] of [
    ['revocation endpoint', revocation.url],
    ['token endpoint', revocation.tokenEndpoint]
  ]) {
    const checked = checkEndpoint(text ?? '', config, secrets)
    if (typeof checked === 'string') return `the saved ${name} ${checked}`
  }
}

/** When none was revoked: each token not yet expired, and until when it stays valid. */
function stillValid(tokens: readonly RevocableToken[], now: number): string {
  return tokens
    .filter(token => isLive(token, now))
    .map(token => `; the ${NAMES[token.hint]} stays valid ${until(token)}`)
    .join('')
}

/** Not expired at `now`: a token without a lifetime (a refresh token) always is. */
function isLive(token: RevocableToken, now: number): boolean {
  return !token.expiresAt || Date.parse(token.expiresAt) > now
}

function until(token: RevocableToken): string {
  return token.expiresAt ? `until ${token.expiresAt}` : 'until it expires'
}

/**
 * For client-auth github-oidc and private-key-jwt, a fresh client assertion for each revocation
 * request (a signed one carries its own jti), masked as it is made; none for the other methods.
 */
async function clientAssertion(
  config: Config,
  runtime: Runtime,
  log: SecretLog
): Promise<string | undefined> {
  if (!config.keyless?.clientAuth) return
  const { keylessCredentials, stepKeylessDeps } = await import('./keyless.js')
  const credentials = await keylessCredentials(
    { ...config.keyless, subjectToken: '', assertion: '' },
    config,
    stepKeylessDeps(config, runtime, log.mask, log.say.info)
  )
  return credentials.clientAssertion
}
