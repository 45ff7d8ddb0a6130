import * as core from '@actions/core'
import { randomUUID } from 'node:crypto'
import { type Config, type InputSource, readConfig, readSecretInputs } from './config.js'
import { ActionError, errorMessage } from './errors.js'
import { proxySecrets } from './proxy.js'
import { publishToken, tokenSecrets } from './publish.js'
import { redact } from './redact.js'
import { type KeylessCredentials, type TokenRequest, buildTokenRequest } from './request.js'
import type { Clock } from './retry.js'
import { requestToken } from './token.js'
import { type HttpRequest, type HttpResponse, type SendOptions, send } from './transport.js'

/** The `@actions/core` functions the action uses. */
export type Core = Pick<
  typeof core,
  | 'getInput'
  | 'setSecret'
  | 'setOutput'
  | 'exportVariable'
  | 'info'
  | 'debug'
  | 'warning'
  | 'setFailed'
  | 'getIDToken'
>

/** Everything `run` touches outside itself, so tests can replace any of it. */
export interface Runtime {
  readonly core: Core
  readonly env: Readonly<Record<string, string | undefined>>
  readonly send: (request: HttpRequest, options: SendOptions) => Promise<HttpResponse>
  readonly clock: Clock
}

export function defaultRuntime(): Runtime {
  return {
    core,
    env: process.env,
    send,
    clock: {
      now: () => Date.now(),
      sleep: ms => new Promise(resolve => setTimeout(resolve, ms)),
      random: () => Math.random()
    }
  }
}

/** The action: mask, read inputs, request the token, mask it, publish it. Never throws. */
export async function run(runtime: Runtime = defaultRuntime()): Promise<void> {
  const { core, env } = runtime
  const secrets: string[] = []
  const mask = (values: readonly string[]): void => {
    for (const value of values) {
      // The runner masks a log line by line: each line of a multi-line secret is masked too.
      const lines = value.split(/\r?\n/).filter(line => line.trim().length >= 4)
      for (const part of lines.length > 1 ? [value, ...lines] : [value]) {
        if (!part || secrets.includes(part)) continue
        secrets.push(part)
        core.setSecret(part)
      }
    }
  }
  // Everything written goes through here, so a secret we know of never reaches the log.
  const say = {
    info: (line: string) => core.info(redact(line, secrets)),
    debug: (line: string) => core.debug(redact(line, secrets)),
    warning: (line: string) => core.warning(redact(line, secrets))
  }
  try {
    const source: InputSource = { getInput: name => core.getInput(name), env }
    mask(readSecretInputs(source))
    let config = readConfig(source)
    checkRunnerFiles(config, env)

    if (config.issuer) config = await withDiscoveredEndpoint(config, runtime, say, mask)
    const keyless = await runTimeCredentials(config, runtime, say, mask)

    const request = buildTokenRequest(config, keyless)
    mask(request.secrets)
    mask(proxySecrets(request.url, env))
    if (/\b(https?|net|tls|http2)\b/i.test(env.NODE_DEBUG ?? '')) {
      say.warning('NODE_DEBUG makes Node print request headers, credentials among them; unset it')
    }
    say.info(`Requesting a token from ${request.url.href} (grant_type ${config.grantType})`)
    say.debug(describeSettings(config, request))
    const token = await requestToken(request, config, {
      send: runtime.send,
      clock: runtime.clock,
      log: say.info,
      debug: say.debug
    })
    mask(tokenSecrets(token))

    for (const warning of token.warnings) say.warning(warning)
    publishToken(token, config.exportEnv, core)
    const expiry = token.expiresAt ? `, valid until ${token.expiresAt}` : ''
    const exported = config.exportEnv ? ` and in $${config.exportEnv}` : ''
    say.info(`Got a ${token.tokenType} token${expiry}: in the step's outputs${exported}.`)
  } catch (error) {
    core.setFailed(redact(errorMessage(error), secrets))
  }
}

type Say = Record<'info' | 'debug' | 'warning', (line: string) => void>
type Mask = (values: readonly string[]) => void

/** The config with the token endpoint read from the issuer's metadata (discovery.ts). */
async function withDiscoveredEndpoint(
  config: Config,
  runtime: Runtime,
  say: Say,
  mask: Mask
): Promise<Config> {
  mask(proxySecrets(config.tokenUrl, runtime.env))
  const { discoverEndpoints } = await import('./discovery.js')
  const endpoints = await discoverEndpoints(config, {
    send: runtime.send,
    clock: runtime.clock,
    log: say.info,
    debug: say.debug
  })
  return Object.freeze({ ...config, tokenUrl: endpoints.tokenEndpoint })
}

/** GitHub's ID token and signed assertions (keyless.ts), each masked as made; none unless used. */
async function runTimeCredentials(
  config: Config,
  runtime: Runtime,
  say: Say,
  mask: Mask
): Promise<KeylessCredentials> {
  if (!config.keyless) return {}
  const { keylessCredentials } = await import('./keyless.js')
  return keylessCredentials(config.keyless, config, {
    getIDToken: audience => runtime.core.getIDToken(audience),
    env: runtime.env,
    mask,
    log: say.info,
    now: () => runtime.clock.now(),
    jwtId: () => randomUUID()
  })
}

/**
 * Without these files, `@actions/core` would fall back to workflow commands on stdout, which
 * print the token into the log; refuse instead.
 */
function checkRunnerFiles(config: Config, env: Runtime['env']): void {
  if (!env.GITHUB_OUTPUT) {
    throw new ActionError(
      'GITHUB_OUTPUT is not set: run this action on GitHub Actions runner 2.297 or later'
    )
  }
  if (config.exportEnv && !env.GITHUB_ENV) {
    throw new ActionError(
      "GITHUB_ENV is not set: run this action on a current GitHub Actions runner, or set export-env: ''"
    )
  }
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
