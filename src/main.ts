import {
  type Config,
  type InputSource,
  configWarnings,
  inputOrEnv,
  readConfig,
  readSecretInputs
} from './config.js'
import { checkLifecycleEnvironment, deliverToken } from './deliver.js'
import type { AuthorizationServerEndpoints } from './discovery.js'
import { ActionError, errorMessage } from './errors.js'
import {
  type LifecycleOptions,
  checkRevokeWithIssuer,
  readLifecycleOptions,
  readLifecycleSecrets
} from './lifecycle-config.js'
import { checkGithubOidcAvailable } from './keyless-inputs.js'
import { type SecretLog, checkNodeDebug, loggable, secretLog } from './log.js'
import { POST_STATES } from './post-state.js'
import { proxySecretsFor } from './proxy-variable.js'
import { tokenSecrets } from './publish.js'
import {
  type KeylessCredentials,
  type TokenRequest,
  buildTokenRequest,
  configuredSecrets
} from './request.js'
import type { Clock } from './retry.js'
import { type Core, checkRunnerFile, runnerFileProblem, runnerProtocol } from './runner-protocol.js'
import { requestToken } from './token.js'
import { type HttpRequest, type HttpResponse, type SendOptions, send } from './transport.js'

export type { Core }

/** Everything `run` touches outside itself, so tests can replace any of it. */
export interface Runtime {
  readonly core: Core
  readonly env: Readonly<Record<string, string | undefined>>
  readonly send: (request: HttpRequest, options: SendOptions) => Promise<HttpResponse>
  readonly clock: Clock
}

export function defaultRuntime(): Runtime {
  return {
    core: runnerProtocol,
    env: process.env,
    send,
    clock: {
      now: () => Date.now(),
      sleep: ms => new Promise(resolve => setTimeout(resolve, ms)),
      random: () => Math.random()
    }
  }
}

/**
 * The action: mask, read inputs, request the token (or open a hand-off), mask it, deliver it.
 * Never throws.
 */
export async function run(runtime: Runtime = defaultRuntime()): Promise<void> {
  const { core, env } = runtime
  const log = secretLog(core)
  const { secrets, mask, say } = log
  try {
    const source: InputSource = { getInput: name => core.getInput(name), env }
    mask(readSecretInputs(source))
    mask(readLifecycleSecrets(source))
    /* GITHUB_ENV can set STATE_* too; the runner overrides only the keys this step saves. */
    const state = env.GITHUB_STATE
    if (state && !runnerFileProblem(state)) for (const name of POST_STATES) core.saveState(name, '')
    const lifecycle = readLifecycleOptions(source)
    if (lifecycle.handoff) {
      await receiveHandoff(lifecycle, source, runtime, log)
      return
    }
    let config = readConfig(source)
    mask(configuredSecrets(config))
    mask(await proxySecretsFor(config.tokenUrl, env))
    checkRunnerFiles(config.exportEnv, env)
    if (env.NODE_DEBUG) checkNodeDebug(env.NODE_DEBUG)
    checkLifecycleEnvironment(lifecycle, config.exportEnv, env)
    checkRevokeWithIssuer(lifecycle, config.issuer)
    if (config.keyless) checkGithubOidcAvailable(config.keyless, env)
    for (const warning of configWarnings(source, config)) say.warning(warning)
    const binding = lifecycle.handoffKey
      ? (await import('./handoff.js')).handoffBinding(env)
      : undefined

    /* How discovery's requests and the token request are sent, and told in the log. */
    const sending = {
      send: runtime.send,
      clock: runtime.clock,
      log: say.info,
      debug: say.debug,
      secrets
    }
    let endpoints: AuthorizationServerEndpoints | undefined
    if (config.issuer) {
      const { discoverEndpoints } = await import('./discovery.js')
      endpoints = await discoverEndpoints(config, sending)
      config = Object.freeze({ ...config, tokenUrl: endpoints.tokenEndpoint })
    }
    const revocationUrl = lifecycle.revoke
      ? (await import('./revocation.js')).revocationEndpoint(
          inputOrEnv(source, 'host'),
          lifecycle.revokePath,
          config,
          endpoints
        )
      : undefined
    const tokenRequest = async (): Promise<TokenRequest> => {
      const next = buildTokenRequest(config, await runTimeCredentials(config, runtime, say, mask))
      mask(next.secrets)
      return next
    }
    const request = await tokenRequest()
    /* The proxy of the endpoint discovery found: the issuer's was masked with the inputs. */
    if (endpoints) mask(await proxySecretsFor(request.url, env))
    say.info(`Requesting a token from ${request.url.href} (grant_type ${config.grantType})`)
    say.debug(describeSettings(config, request))
    const token = await requestToken(request, config, {
      ...sending,
      // The token's secrets, masked as soon as the answer is read, before anything else.
      mask,
      /* A client assertion may be used once (its jti): each retry gets new ones. */
      renew: config.keyless ? tokenRequest : undefined
    })

    for (const warning of token.warnings) say.warning(warning)
    const origin = {
      endpoint: request.url.href,
      grantType: config.grantType,
      clientAuth: config.clientAuth
    }
    await deliverToken(token, origin, {
      core,
      log,
      env,
      now: runtime.clock.now(),
      lifecycle,
      exportEnv: config.exportEnv,
      revocationUrl,
      tokenEndpoint: endpoints?.tokenEndpoint.href,
      clientId: config.clientId,
      username: config.username,
      inputRefreshToken: config.refreshToken,
      binding
    })
  } catch (error) {
    core.setFailed(loggable(errorMessage(error), secrets))
  }
}

/** A token from another job of the run: no request, no credentials; delivered the same way. */
async function receiveHandoff(
  lifecycle: LifecycleOptions,
  source: InputSource,
  runtime: Runtime,
  log: SecretLog
): Promise<void> {
  const { core, env } = runtime
  const { handedExportEnv, handoffBinding, openHandoff } = await import('./handoff.js')
  const binding = handoffBinding(env)
  const now = runtime.clock.now()
  const {
    token,
    origin,
    shown,
    exportEnv: minted
  } = openHandoff(lifecycle.handoff, lifecycle.handoffKey, binding, now)
  log.mask(tokenSecrets(token))
  const exportEnv = handedExportEnv(source, minted, name =>
    checkLifecycleEnvironment(lifecycle, name, env)
  )
  checkRunnerFiles(exportEnv, env)
  await deliverToken(token, origin, { core, log, env, now, lifecycle, exportEnv, binding, shown })
}

/** The post step (`runs.post`): revokes and deletes what the main step left. Never fails. */
export async function runPost(runtime: Runtime = defaultRuntime()): Promise<void> {
  const { post } = await import('./post.js')
  await post(runtime)
}

type Say = Record<'info' | 'debug' | 'warning', (line: string) => void>
type Mask = (values: readonly string[]) => void

/** GitHub's ID token and signed assertions (keyless.ts), each masked as made; none unless used. */
async function runTimeCredentials(
  config: Config,
  runtime: Runtime,
  say: Say,
  mask: Mask
): Promise<KeylessCredentials> {
  if (!config.keyless) return {}
  const { keylessCredentials, stepKeylessDeps } = await import('./keyless.js')
  return keylessCredentials(
    config.keyless,
    config,
    stepKeylessDeps(config, runtime, mask, say.info)
  )
}

/**
 * Without these files, `@actions/core` would fall back to workflow commands on stdout, which
 * print the token into the log; refuse instead. The runner makes both files before the step
 * starts, so they are checked here, not after the request.
 */
function checkRunnerFiles(exportEnv: string, env: Runtime['env']): void {
  if (!env.GITHUB_OUTPUT)
    throw new ActionError(
      'GITHUB_OUTPUT is not set: run this action on GitHub Actions runner 2.297 or later'
    )
  if (exportEnv && !env.GITHUB_ENV)
    throw new ActionError(
      "GITHUB_ENV is not set: run this action on a current GitHub Actions runner, or set export-env: ''"
    )
  checkRunnerFile(env, 'GITHUB_OUTPUT')
  if (exportEnv) checkRunnerFile(env, 'GITHUB_ENV')
}

/** The request's shape for the debug log: names and settings, never a value that may be secret. */
function describeSettings(config: Config, request: TokenRequest): string {
  const names = (pairs: readonly (readonly [string, string])[]): string =>
    pairs.map(([name]) => name).join(', ') || 'none'
  return [
    `body-format ${config.bodyFormat}`,
    `client-auth ${config.clientAuth}`,
    `timeout ${config.timeoutMs / 1000} s`,
    `retries ${config.retries}`,
    `extra params: ${names(config.extraParams)}`,
    `headers: ${Object.keys(request.headers).join(', ')}`,
    `ca-certificate: ${config.caCertificates.length} certificate(s)`
  ].join('; ')
}
