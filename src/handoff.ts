import type { Fact } from './diagnostics.js'
import { type InputSource, fail, readExportEnv } from './config.js'
import { ActionError, errorMessage, isObject } from './errors.js'
import { nodeCrypto } from './node-crypto.js'
import type { Token } from './response.js'

/*
 * A hand-off: the token set, sealed with AES-256-GCM under a key that HKDF-SHA256 derives from
 * `handoff-key` and a random salt. Bytes (then base64url):
 *   version (1) | run id (8, big-endian) | salt (16) | iv (12) | ciphertext | tag (16)
 * The header and the repository are the associated data, so a hand-off opens only in its run.
 */

export const HANDOFF_VERSION = 1
/** Names what the key is for, in HKDF and in the associated data. */
const CONTEXT = 'oauth2-token-action/handoff/v1'
const SALT_BYTES = 16
const IV_BYTES = 12
const TAG_BYTES = 16
const HEADER_BYTES = 1 + 8 + SALT_BYTES + IV_BYTES

/** The token as outputs carry it, without the parser's warnings. */
export type HandedToken = Omit<Token, 'warnings'>

/** How the token was obtained, for the receiving job's diagnostics. */
export interface TokenOrigin {
  readonly endpoint: string
  readonly grantType: string
  readonly clientAuth: string
}

/**
 * The diagnostics as the minting job showed them, its secrets masked in the server's text (scope,
 * token type, claims): the receiving job, which holds none of those secrets, shows these.
 */
export interface ShownFacts {
  readonly facts: readonly Fact[]
  readonly claims: readonly Fact[]
}

export interface HandoffContents {
  readonly token: Token
  readonly origin: TokenOrigin
  readonly shown?: ShownFacts | undefined
  /** The minting step's export-env ('' for none); a hand-off made before it was carried has none. */
  readonly exportEnv?: string | undefined
}

/** The run a hand-off belongs to. */
export interface HandoffBinding {
  readonly repository: string
  readonly runId: bigint
}

const NOT_A_HANDOFF =
  'is not a hand-off made by this action: pass ${{ needs.<job>.outputs.handoff }} unchanged'

export function handoffBinding(env: Readonly<Record<string, string | undefined>>): HandoffBinding {
  const repository = env.GITHUB_REPOSITORY ?? ''
  const runId = env.GITHUB_RUN_ID ?? ''
  /* 19 digits at most, so the run id always fits the header's 8 bytes. */
  if (!repository || !/^\d{1,19}$/.test(runId))
    throw new ActionError(
      'GITHUB_REPOSITORY and GITHUB_RUN_ID must be set (as the runner sets them): a hand-off is bound to its repository and workflow run'
    )
  return { repository, runId: BigInt(runId) }
}

function deriveKey(handoffKey: string, salt: Buffer): Buffer {
  return Buffer.from(
    nodeCrypto().hkdfSync('sha256', Buffer.from(handoffKey, 'utf8'), salt, CONTEXT, 32)
  )
}

function associatedData(header: Buffer, binding: HandoffBinding): Buffer {
  return Buffer.concat([header, Buffer.from(`\n${CONTEXT}\n${binding.repository}`, 'utf8')])
}

/** Seals the token set for another job of this run; the result is base64url. */
export function sealHandoff(
  contents: HandoffContents,
  handoffKey: string,
  binding: HandoffBinding,
  random: (size: number) => Buffer = size => nodeCrypto().randomBytes(size)
): string {
  const header = Buffer.alloc(HEADER_BYTES)
  header.writeUInt8(HANDOFF_VERSION, 0)
  header.writeBigUInt64BE(binding.runId, 1)
  const salt = random(SALT_BYTES)
  const iv = random(IV_BYTES)
  salt.copy(header, 9)
  iv.copy(header, 9 + SALT_BYTES)
  const cipher = nodeCrypto().createCipheriv('aes-256-gcm', deriveKey(handoffKey, salt), iv)
  cipher.setAAD(associatedData(header, binding))
  const sealed = {
    token: handedToken(contents.token),
    /* Without its query, where a key only the minting job's runner masks may be. */
    origin: { ...contents.origin, endpoint: contents.origin.endpoint.split('?')[0] },
    shown: contents.shown,
    exportEnv: contents.exportEnv
  }
  const plaintext = Buffer.from(JSON.stringify(sealed), 'utf8')
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()])
  return Buffer.concat([header, ciphertext, cipher.getAuthTag()]).toString('base64url')
}

/**
 * Opens a hand-off made in this run with this key, and checks that its token has not expired.
 * Every refusal is one line that says which of the possible causes it is.
 */
export function openHandoff(
  handoff: string,
  handoffKey: string,
  binding: HandoffBinding,
  now: number
): HandoffContents {
  const bytes = Buffer.from(handoff, 'base64url')
  /* Only the canonical spelling of the bytes is a hand-off: the decoder skips or stops at other
   * characters and ignores the last one's unused low bits, so no changed one opens as the original. */
  if (bytes.toString('base64url') !== handoff || bytes.length < HEADER_BYTES + TAG_BYTES + 2)
    fail('handoff', NOT_A_HANDOFF)

  const version = bytes.readUInt8(0)
  /* A version of another release of the action, or one altered on the way (a release that
   * reads this one cannot check that); a first byte far from any is not a hand-off. */
  if (version < 1 || version > 15) fail('handoff', NOT_A_HANDOFF)
  if (version !== HANDOFF_VERSION)
    fail(
      'handoff',
      `is format version ${version}, and this version of the action reads version ${HANDOFF_VERSION}: use the same version of the action in both jobs (if both do, the hand-off was altered on the way)`
    )
  const header = bytes.subarray(0, HEADER_BYTES)
  const salt = bytes.subarray(9, 9 + SALT_BYTES)
  const iv = bytes.subarray(9 + SALT_BYTES, HEADER_BYTES)
  const ciphertext = bytes.subarray(HEADER_BYTES, bytes.length - TAG_BYTES)
  const tag = bytes.subarray(bytes.length - TAG_BYTES)

  let plaintext: Buffer
  try {
    const decipher = nodeCrypto().createDecipheriv('aes-256-gcm', deriveKey(handoffKey, salt), iv)
    decipher.setAAD(associatedData(header, binding))
    decipher.setAuthTag(tag)
    plaintext = Buffer.concat([decipher.update(ciphertext), decipher.final()])
  } catch {
    /* GCM cannot tell a wrong key from altered bytes (or another repository's associated data). */
    fail(
      'handoff',
      "could not be decrypted: either 'handoff-key' is not the key the minting job used, or the hand-off was made in another repository or altered on the way"
    )
  }

  /* After decryption, so an altered run id (authenticated) fails above as altered. */
  const runId = bytes.readBigUInt64BE(1)
  if (runId !== binding.runId)
    fail(
      'handoff',
      `was made in workflow run ${runId}, not in this run (${binding.runId}): a hand-off works only within the run that made it: pass the handoff output of a job in this run`
    )
  const contents = parseContents(plaintext)
  const expiresAt = contents.token.expiresAt ? Date.parse(contents.token.expiresAt) : NaN
  if (expiresAt <= now)
    fail(
      'handoff',
      `holds a token that expired at ${contents.token.expiresAt}: re-run the job that mints it, or ask for a longer-lived token`
    )
  return contents
}

const TOKEN_FIELDS = [
  'accessToken',
  'tokenType',
  'authorization',
  'expiresIn',
  'expiresAt',
  'refreshToken',
  'idToken',
  'scope'
] as const
/** Fields a token has only sometimes; a hand-off made before one existed has none. */
const OPTIONAL_TOKEN_FIELDS = ['issuedTokenType'] as const
const ORIGIN_FIELDS = ['endpoint', 'grantType', 'clientAuth'] as const

function parseContents(plaintext: Buffer): HandoffContents {
  const unreadable = new ActionError(
    "input 'handoff' decrypted to contents this version of the action cannot read: use the same version of the action in both jobs"
  )
  let value: unknown
  try {
    value = JSON.parse(plaintext.toString('utf8'))
  } catch {
    throw unreadable
  }
  const token = pick(field(value, 'token'), TOKEN_FIELDS)
  const origin = pick(field(value, 'origin'), ORIGIN_FIELDS)
  if (!token || !origin || !token.accessToken) throw unreadable
  const optional: Partial<Record<(typeof OPTIONAL_TOKEN_FIELDS)[number], string>> = {}
  for (const name of OPTIONAL_TOKEN_FIELDS) {
    const item = field(field(value, 'token'), name)
    if (typeof item === 'string' && item) optional[name] = item
  }
  const shown = field(value, 'shown')
  const facts = shownFacts(field(shown, 'facts'))
  const claims = shownFacts(field(shown, 'claims'))
  if (shown !== undefined && (!facts || !claims)) throw unreadable
  const exportEnv = field(value, 'exportEnv')
  return {
    token: { ...token, ...optional, warnings: [] },
    origin,
    shown: facts && claims ? { facts, claims } : undefined,
    exportEnv: typeof exportEnv === 'string' ? exportEnv : undefined
  }
}

/**
 * The variable a received token goes in: the minting step's, as the hand-off carries it, unless
 * this step names its own (its default, which the runner passes unasked, is no choice). Checked
 * as this step's input is: a hand-off of another release may name one this release refuses.
 */
export function handedExportEnv(
  source: InputSource,
  minted: string | undefined,
  /** This step's checks of the name (with token-file). */
  check: (name: string) => void
): string {
  const own = readExportEnv(source)
  if (minted === undefined || own !== 'ACCESS_TOKEN') return (check(own), own)
  try {
    const name = readExportEnv({ getInput: () => minted, env: { 'INPUT_EXPORT-ENV': minted } })
    return (check(name), name)
  } catch (error) {
    /* A refusal of the name is of the minting step's choice, not this step's input. */
    const message = errorMessage(error)
    if (!message.startsWith("input 'export-env'")) throw error
    throw new ActionError(
      `${message} (the minting step's, which the hand-off carries): set export-env in this step, to another name than ACCESS_TOKEN or to '' for none`
    )
  }
}

/** A list of [label, value] string pairs; undefined when it is anything else. */
function shownFacts(value: unknown): Fact[] | undefined {
  const pair = (item: unknown): item is Fact =>
    Array.isArray(item) && item.length === 2 && item.every(part => typeof part === 'string')
  return Array.isArray(value) && value.length <= 20 && value.every(pair) ? value : undefined
}

function field(value: unknown, name: string): unknown {
  return isObject(value) ? Reflect.get(value, name) : undefined
}

/** The named string fields of an object; undefined when one is missing or not a string. */
function pick<K extends string>(
  value: unknown,
  names: readonly K[]
): Record<K, string> | undefined {
  const result: Partial<Record<K, string>> = {}
  for (const name of names) {
    const item = field(value, name)
    if (typeof item !== 'string') return
    result[name] = item
  }
  return result as Record<K, string>
}

/** The token's fields that outputs carry, and nothing else. */
function handedToken(token: Token): HandedToken {
  const result: Partial<
    Record<(typeof TOKEN_FIELDS)[number] | (typeof OPTIONAL_TOKEN_FIELDS)[number], string>
  > = {}
  for (const name of TOKEN_FIELDS) result[name] = token[name]
  for (const name of OPTIONAL_TOKEN_FIELDS) if (token[name]) result[name] = token[name]
  return result as HandedToken
}
