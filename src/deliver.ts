import { statSync, truncateSync } from 'node:fs'
import { fail } from './config.js'
import { type Fact, checkValidity, claimFacts, describeFacts, tokenFacts } from './diagnostics.js'
import { ActionError, errorMessage } from './errors.js'
import type { HandoffBinding, ShownFacts, TokenOrigin } from './handoff.js'
import type { LifecycleOptions } from './lifecycle-config.js'
import type { SecretLog } from './log.js'
import type { Core, Runtime } from './main.js'
import { REVOKE_STATE, TOKEN_FILE_STATE, serializeRevocation } from './post-state.js'
import { publishToken } from './publish.js'
import { redact } from './redact.js'
import { type Token, isoSeconds } from './response.js'
import { jwtExpiry } from './jwt.js'
import type { RevocableToken } from './revocation.js'
/* Not a chunk: on GitHub every run writes the summary (input summary defaults to true). */
import { summaryMarkdown } from './summary.js'
import { DIRECTORY, checkRunnerFile, runnerFileProblem } from './runner-protocol.js'

export const TOKEN_FILE_ENV = 'ACCESS_TOKEN_FILE'

/** Everything delivering a token needs besides the token. */
export interface Delivery {
  readonly core: Core
  readonly log: SecretLog
  readonly env: Runtime['env']
  readonly now: number
  readonly lifecycle: LifecycleOptions
  readonly exportEnv: string
  /** Where the post step revokes the tokens; only for a token this step minted. */
  readonly revocationUrl?: URL | undefined
  /**
   * The token endpoint discovery found, for the post step. Without issuer it reads the inputs
   * again: a key in token-path's query, spelled there as no mask is, stays out of the state.
   */
  readonly tokenEndpoint?: string | undefined
  /** The client that got the token, for the post step to revoke with (post-state.ts). */
  readonly clientId?: string | undefined
  /** Input `username`, which a workflow may pass from secrets.*, masked by the runner. */
  readonly username?: string | undefined
  /** Input `refresh-token`: the user's stored secret, which later runs need, is never revoked. */
  readonly inputRefreshToken?: string | undefined
  /** The run a hand-off is made for or was received from; set when `handoff-key` is. */
  readonly binding?: HandoffBinding | undefined
  /** A received hand-off's diagnostics, as the minting job showed them. */
  readonly shown?: ShownFacts | undefined
}

/**
 * Refuses, before anything is sent, a lifecycle feature the environment cannot support: the post
 * step would never learn of the token, the token file would have no private directory, and
 * ACCESS_TOKEN_FILE would clash.
 */
export function checkLifecycleEnvironment(
  lifecycle: LifecycleOptions,
  exportEnv: string,
  env: Runtime['env']
): void {
  if (lifecycle.revoke || lifecycle.tokenFile) {
    if (!env.GITHUB_STATE)
      throw new ActionError(
        'GITHUB_STATE is not set: revoke and token-file need a current GitHub Actions runner to hand state to the post step; else set revoke: false and token-file: false'
      )
    checkRunnerFile(env, 'GITHUB_STATE', ', or set revoke: false and token-file: false')
  }
  if (!lifecycle.tokenFile) return
  const needsTemp =
    "token-file needs the runner's temporary directory; run on a GitHub Actions runner or set token-file: false"
  if (!env.RUNNER_TEMP) throw new ActionError(`RUNNER_TEMP is not set: ${needsTemp}`)
  /* Before the request, as the file is written only once the token is issued. */
  if (runnerFileProblem(env.RUNNER_TEMP) !== DIRECTORY)
    throw new ActionError(
      `RUNNER_TEMP names no directory this step may write in (${env.RUNNER_TEMP}): ${needsTemp}`
    )
  /* Upper-cased: on Windows the runner merges names that differ in case alone. */
  if (exportEnv.toUpperCase() === TOKEN_FILE_ENV)
    fail(
      'export-env',
      `must not be ${TOKEN_FILE_ENV} with token-file: true, which puts the file's path there`
    )
}

/**
 * After the token is masked: hand the post step what it needs, check the token lives long
 * enough, publish it (outputs, env, file, hand-off), and say what it is without saying it.
 */
export async function deliverToken(
  token: Token,
  origin: TokenOrigin,
  delivery: Delivery
): Promise<void> {
  const { core, log, lifecycle, exportEnv } = delivery
  const { say, secrets } = log
  const revokeState =
    lifecycle.revoke && delivery.revocationUrl
      ? serializeRevocation({
          url: delivery.revocationUrl.href,
          tokens: revocableTokens(token, delivery.inputRefreshToken ?? ''),
          tokenEndpoint: delivery.tokenEndpoint,
          clientId: delivery.clientId,
          grantType: origin.grantType
        })
      : ''
  checkEnvironmentSize(
    `STATE_${REVOKE_STATE}`,
    revokeState,
    'The tokens are too long to hand to the post step',
    'the post step could not start; set revoke: false'
  )
  /* First, so the post step revokes and deletes even if a later check fails the step. */
  if (revokeState) core.saveState(REVOKE_STATE, revokeState)
  let tokenFile = ''
  if (lifecycle.tokenFile) {
    const { tokenFilePath } = await import('./token-file.js')
    tokenFile = tokenFilePath(delivery.env.RUNNER_TEMP ?? '')
    core.saveState(TOKEN_FILE_STATE, tokenFile)
  }

  const validity = checkValidity(
    token.expiresAt,
    delivery.now,
    lifecycle.minValiditySeconds,
    /* A received hand-off's (not all carry `shown`) has been running since it was minted. */
    lifecycle.handoff || !token.expiresIn ? undefined : Math.floor(Number(token.expiresIn))
  )
  if (validity.warning) say.warning(validity.warning)
  if (validity.failure) throw new ActionError(validity.failure)
  checkEnvironmentSize(
    exportEnv,
    exportEnv ? token.accessToken : '',
    'The access token is too long for an environment variable',
    "no later step could start; set export-env: '' and pass the token from output access-token or token-file"
  )
  /* The server's text in them is masked with this job's secrets: a received token's come sealed,
   * since the receiving job holds none of the secrets the minting job masked. */
  const shown = delivery.shown ?? {
    facts: tokenFacts(token, origin, secrets),
    claims: claimFacts(token.accessToken, secrets)
  }
  const { facts, claims } = shown
  /* The binding is there whenever handoff-key is; a received token is not sealed again. */
  const sealFor = lifecycle.handoff ? undefined : delivery.binding
  let handoff = ''
  if (sealFor) {
    const { sealHandoff } = await import('./handoff.js')
    /*
     * GitHub drops a job output that holds a masked value: one short enough to be in it by chance
     * (a client id or username from secrets.*, a short secret) is sealed around, if it can be.
     */
    const held = (value?: string): unknown => value && handoff.includes(value)
    /* The receiving job's runner masks none of this job's secrets.*: its log and summary show
       the facts with client-id and username masked too (an Auth0 sub is `<client-id>@clients`). */
    const masked = [...secrets, delivery.clientId ?? '', delivery.username ?? '']
    const sealed = {
      facts: tokenFacts(token, origin, masked),
      claims: claimFacts(token.accessToken, masked)
    }
    /* 32 tries for all of them, then 16 more for the secrets alone: a one-character client id
       or username is in nearly every seal, and may come from vars.*, unlike a value the action
       masked, which is surely a runner mask. */
    let tries = 48
    const contents = { token, origin, shown: sealed, exportEnv }
    do handoff = sealHandoff(contents, lifecycle.handoffKey, sealFor)
    while ((tries > 16 ? masked : secrets).some(held) && --tries)
    /* One still in it after 48 tries is, in practice, a one-character secret. */
    if (secrets.some(held))
      say.warning('GitHub drops output handoff: a short secret is in it; lengthen the secret')
    /* The receiving job may run elsewhere: held to Linux's limit, that of most runners. */
    checkEnvironmentSize(
      'INPUT_HANDOFF',
      handoff,
      'The token set is too long to hand off',
      'the receiving step could not start; request the token in that job instead',
      'linux'
    )
  }

  if (tokenFile) {
    /* Before any output, so a file that cannot be written fails the step with nothing set. */
    const { writeTokenFile } = await import('./token-file.js')
    writeTokenFile(tokenFile, token.accessToken)
  }
  /* All or none: when a write fails (a disk that filled up after the check before the request),
     GITHUB_OUTPUT and GITHUB_ENV are cut back to their sizes before, so that no later step reads
     part of a failed step's results, nor the runner a value cut off before its delimiter. */
  const sizes = [delivery.env.GITHUB_OUTPUT, exportEnv && delivery.env.GITHUB_ENV].flatMap(path =>
    path ? [[path, statSync(path).size] as const] : []
  )
  try {
    publishToken(token, exportEnv, core)
    if (tokenFile) {
      core.setOutput('token-file', tokenFile)
      if (exportEnv) core.exportVariable(TOKEN_FILE_ENV, tokenFile)
    }
    if (handoff) core.setOutput('handoff', handoff)
  } catch (error) {
    for (const [path, size] of sizes) {
      try {
        truncateSync(path, size)
      } catch {
        /* A device such as /dev/full has no size to go back to. */
      }
    }
    throw error
  }

  const expiry = token.expiresAt
    ? `, ${validity.expired ? 'already expired at' : 'valid until'} ${token.expiresAt}`
    : ''
  const exported = exportEnv ? ` and in $${exportEnv}` : ''
  const verb = lifecycle.handoff ? 'Received' : 'Got'
  const type = facts.find(([label]) => label === 'token type')?.[1] ?? ''
  say.info(`${verb} a ${type} token${expiry}: in the step's outputs${exported}.`)
  for (const line of describeFacts(facts, claims)) say.info(line)
  if (tokenFile) {
    /* Windows has no mode bits: the file inherits RUNNER_TEMP's access list (README). */
    const access = process.platform === 'win32' ? '' : ' (mode 0600)'
    say.info(`Token file: ${tokenFile}${access}, deleted when the job ends.`)
  }
  if (sealFor) say.info('Hand-off: sealed in output handoff for later jobs of this run.')
  if (lifecycle.revoke) {
    say.info(`Revocation: at the end of the job, at ${delivery.revocationUrl?.href ?? ''}.`)
    if (token.refreshToken && token.refreshToken === delivery.inputRefreshToken)
      say.info(
        "The refresh token is the one input 'refresh-token' gave, which later runs need: it is not revoked (though RFC 7009 section 2.1 lets a server end it with the access token)."
      )
  }

  if (lifecycle.summary && delivery.env.GITHUB_STEP_SUMMARY) {
    const rows: Fact[] = [
      ...facts,
      ...claims.map(([name, value]): Fact => [`JWT ${name}`, value]),
      ['token file', tokenFile ? 'yes, deleted when the job ends' : 'no'],
      [
        'hand-off',
        lifecycle.handoff
          ? `received (run ${delivery.binding?.runId ?? ''})`
          : sealFor
            ? 'sealed for later jobs'
            : 'no'
      ],
      ['revoked at job end', lifecycle.revoke ? 'yes' : 'no']
    ]
    await writeSummary(rows, delivery)
  }
}

async function writeSummary(rows: readonly Fact[], { core, log, env }: Delivery): Promise<void> {
  try {
    /* Redacted like any log line, before escaping can change how a secret is spelled. */
    const markdown = summaryMarkdown(
      rows.map(([label, value]): Fact => [label, redact(value, log.secrets)]),
      env.GITHUB_ACTION
    )
    await core.appendSummary(markdown)
  } catch (error) {
    log.say.warning(`Could not write the job summary: ${errorMessage(error)}`)
  }
}

/**
 * Refuses a value that no process could be started with as `name` in its environment: the runner
 * starts later steps with $export-env, the post step with STATE_revoke, a receiving job's step
 * with INPUT_HANDOFF. Linux refuses a NAME=value string whose length with its NUL is over
 * 128 KiB (MAX_ARG_STRLEN); on Windows node.exe cannot read one of over 32,766 characters (the
 * runner warns above that, actions/runner's Handler.cs); macOS limits only the
 * whole environment.
 */
export function checkEnvironmentSize(
  name: string,
  value: string,
  what: string,
  consequence: string,
  platform: string = process.platform
): void {
  if (!value) return
  /* Linux counts NAME=value and its NUL; Windows the value's characters. */
  const bytes = Buffer.byteLength(`${name}=${value}`) + 1
  const over =
    platform === 'linux' && bytes > 131_072
      ? `${bytes - 1} bytes; Linux holds under 128 KiB`
      : platform === 'win32' && value.length > 32_766
        ? `${value.length} characters; Node on Windows reads 32,766`
        : ''
  if (over)
    throw new ActionError(`${what}: ${name} would be ${over} in one variable, so ${consequence}`)
}

function revocableTokens(token: Token, inputRefreshToken: string): RevocableToken[] {
  /* expires_in 0 says "expires now", or to a few servers "never": revoked either way. */
  const noLifetime = token.expiresIn !== '' && !Number(token.expiresIn)
  const tokens: RevocableToken[] = [
    { token: token.accessToken, hint: 'access_token', expiresAt: noLifetime ? '' : token.expiresAt }
  ]
  /* The refresh token's lifetime is not in the answer, but a JWT's exp (Keycloak's) tells it: it
     is revoked until then, unless the server gave back the one the workflow sent (no rotation),
     which is the user's stored secret. */
  if (token.refreshToken && token.refreshToken !== inputRefreshToken) {
    const expiresAt = isoSeconds(jwtExpiry(token.refreshToken) ?? NaN)
    tokens.push({ token: token.refreshToken, hint: 'refresh_token', expiresAt })
  }
  return tokens
}
