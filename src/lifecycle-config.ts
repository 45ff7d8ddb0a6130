import {
  DEFAULT_TOKEN_PATH,
  ENV_FALLBACK,
  type InputSource,
  fail,
  inputOrEnv,
  readBoolean,
  readCount
} from './config.js'
import { ActionError } from './errors.js'
import { JWT_TOKEN_TYPE, KEYLESS_INPUTS } from './keyless-inputs.js'

/** The token-lifecycle inputs: revocation, token file, hand-off, expiry checks and summary. */
export interface LifecycleOptions {
  /** Revoke the tokens in the post step (RFC 7009). */
  readonly revoke: boolean
  /** Checked where it is joined to `host` (resolveTokenUrl), and only when revoke is true. */
  readonly revokePath: string
  /** Write the access token to a 0600 file under RUNNER_TEMP (on Windows, its access list). */
  readonly tokenFile: boolean
  /** The hand-off key; empty when none. */
  readonly handoffKey: string
  /** A hand-off from another job: when set, no request is sent. */
  readonly handoff: string
  readonly minValiditySeconds: number
  readonly summary: boolean
}

export const DEFAULT_REVOKE_PATH = '/oauth/revoke'
export const MIN_HANDOFF_KEY_BYTES = 32
/** Longer than any token lives, so a value above it is a typo. */
const MAX_MIN_VALIDITY_SECONDS = 31_536_000

/**
 * Inputs of the token request that have a default, which the runner passes when they are not
 * set: a step with `handoff` refuses only another value, which it would otherwise ignore.
 */
const TOKEN_REQUEST_DEFAULTS: Readonly<Record<string, string>> = {
  'token-path': DEFAULT_TOKEN_PATH,
  'client-auth': 'body',
  'body-format': 'json',
  timeout: '30',
  retries: '3',
  'allow-insecure-http': 'false',
  'revoke-path': DEFAULT_REVOKE_PATH,
  'subject-token-type': JWT_TOKEN_TYPE
}

/** The other inputs that ask for a token request, which a step with `handoff` does not send. */
const TOKEN_REQUEST_INPUTS = [
  ...Object.keys(ENV_FALLBACK),
  'extra-params',
  'headers',
  'issuer',
  'ca-certificate',
  ...KEYLESS_INPUTS
].filter(name => !(name in TOKEN_REQUEST_DEFAULTS))

/** Whether the request would read `given` as the default: choices in any case, YAML's False. */
function readAsDefault(name: string, given: string, value: string): boolean {
  if (!given || given === value) return true
  if (name === 'allow-insecure-http') return given === 'False' || given === 'FALSE'
  return (name === 'body-format' || name === 'client-auth') && given.toLowerCase() === value
}

/** The lifecycle inputs that are secret, for masking before anything else. */
export function readLifecycleSecrets(source: InputSource): string[] {
  return [source.getInput('handoff-key')].filter(Boolean)
}

export function readLifecycleOptions(source: InputSource): LifecycleOptions {
  const handoffKey = source.getInput('handoff-key')
  if (handoffKey) checkHandoffKey(handoffKey)
  const handoff = source.getInput('handoff')
  const revoke = readBoolean(source, 'revoke', false)

  if (handoff) {
    if (!handoffKey)
      fail('handoff', "needs input 'handoff-key': the same secret the minting job used")
    const requestInputs = [
      ...TOKEN_REQUEST_INPUTS.filter(name => source.getInput(name)),
      ...Object.entries(TOKEN_REQUEST_DEFAULTS)
        .filter(([name, value]) => !readAsDefault(name, source.getInput(name), value))
        .map(([name]) => name)
    ]
    if (requestInputs.length) {
      const names = new Intl.ListFormat('en').format(requestInputs.map(name => `'${name}'`))
      fail(
        'handoff',
        `takes the token from another job and sends no request, so ${names} must not be set: remove ${requestInputs.length > 1 ? 'them' : 'it'} from this step`
      )
    }
    if (revoke)
      fail(
        'revoke',
        "must be false with 'handoff': no job revokes a handed-off token (the minting job refuses revoke with handoff-key): remove revoke"
      )
  } else {
    /* The runner sets INPUT_HANDOFF ('' when not given) for every step, so an empty hand-off
     * reads as none: a step with the key and nothing to mint from was meant to receive one. */
    if (handoffKey && !inputOrEnv(source, 'host') && !source.getInput('issuer')) {
      /* Given what a token request needs, the step mints one: it lacks host, not a hand-off. */
      const minting = TOKEN_REQUEST_INPUTS.filter(name => source.getInput(name))
      if (minting.length)
        fail(
          'host',
          `is required to mint a hand-off ('${minting[0]}' is set): the base URL of the API (or input 'issuer'); a step that receives one passes handoff instead`
        )
      /* A job-level OAUTH_CLIENT_ID is seen by a receiving step too: it only adds the other way. */
      const variable = Object.values(ENV_FALLBACK).find(name => source.env[name]?.trim())
      fail(
        'handoff',
        'is empty: pass handoff: ${{ needs.<job>.outputs.handoff }}, and check that the minting job declares that output and that its log has no "Skip output \'handoff\'" warning (GitHub drops an output that holds a masked value)' +
          (variable
            ? `; or, if this step mints one (${variable} is set), set input 'host' (or OAUTH_HOST)`
            : '')
      )
    }
    if (revoke && handoffKey)
      throw new ActionError(
        "inputs 'revoke' and 'handoff-key' cannot both be set: revoking at the end of this job would cut off the job the token is handed to"
      )
  }

  return Object.freeze({
    revoke,
    revokePath: source.getInput('revoke-path') || DEFAULT_REVOKE_PATH,
    tokenFile: readBoolean(source, 'token-file', false),
    handoffKey,
    handoff,
    minValiditySeconds: readCount(
      source,
      'min-validity',
      0,
      MAX_MIN_VALIDITY_SECONDS,
      ' of seconds'
    ),
    summary: readBoolean(source, 'summary', true)
  })
}

/**
 * The key is fed to HKDF as it is (its UTF-8 bytes), so its entropy is the key's, and HKDF is
 * no password hash: a guessable key falls to a dictionary run against the public output. The
 * checks measure length and repetition, and the entropy only of a key of hex or base64 digits
 * alone: the README asks for a random key.
 */
function checkHandoffKey(key: string): void {
  const advice = "make one with 'openssl rand -base64 32' and store it as a secret"
  const bytes = Buffer.byteLength(key, 'utf8')
  if (bytes < MIN_HANDOFF_KEY_BYTES)
    fail(
      'handoff-key',
      `must be at least ${MIN_HANDOFF_KEY_BYTES} bytes long (it has ${bytes}): ${advice}`
    )
  /* Also a short password said again to reach 32 bytes: 8 characters twice. */
  if (new Set(key).size < 8 || /(.{8}).*\1/s.test(key.slice(0, 99)))
    fail('handoff-key', `repeats characters, so it is not random: ${advice}`)
  /* Hex or base64 digits alone carry 4 or 6 bits each: 32 bytes of entropy take 64 or 43 of
     them (`openssl rand -hex 16` makes 32). Of other text the entropy cannot be told. */
  const bits = /^[\da-f]+$/i.test(key) ? 4 : /^[\w+/-]+=*$/.test(key) ? 6 : 0
  const digits = key.replace(/=+$/, '').length
  if (bits && digits * bits < 256)
    fail(
      'handoff-key',
      `has ${digits} ${bits === 4 ? 'hex' : 'base64'} digits, ${bits} bits each: 32 bytes of entropy take ${bits === 4 ? 64 : 43}; ${advice}`
    )
}

/**
 * With `issuer` the revocation endpoint comes from the metadata, so a `revoke-path` of one's own
 * would be ignored: refuse it before discovery sends anything. (The runner passes the default
 * when the input is not set, so only another value counts as set.)
 */
export function checkRevokeWithIssuer(
  lifecycle: LifecycleOptions,
  issuer: string | undefined
): void {
  if (issuer && lifecycle.revokePath !== DEFAULT_REVOKE_PATH)
    fail(
      'revoke-path',
      "cannot be used with 'issuer': the revocation endpoint comes from the issuer's metadata; remove revoke-path"
    )
}
