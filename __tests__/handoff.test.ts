import { describe, expect, it } from '@jest/globals'
import { createCipheriv, createDecipheriv, hkdfSync } from 'node:crypto'
import {
  HANDOFF_VERSION,
  type HandoffContents,
  handedExportEnv,
  handoffBinding,
  openHandoff,
  sealHandoff
} from '../src/handoff.js'
import { ActionError } from '../src/errors.js'
import { refusal } from './support/refusal.js'

const KEY = 'W4vQ9sLx2Tb7Nc1Rm8Pz3Hk6Jd0Fy5Ga+EoUiYt/BwA='
const BINDING = { repository: 'octo/app', runId: 7_777_001n }
const NOW = Date.UTC(2026, 10, 28, 12, 0, 0)
const CONTENTS: HandoffContents = {
  token: {
    accessToken: 'access-token-VALUE-1',
    tokenType: 'Bearer',
    authorization: 'Bearer access-token-VALUE-1',
    expiresIn: '3600',
    expiresAt: '2026-11-28T13:00:00Z',
    refreshToken: 'refresh-token-VALUE-2',
    idToken: '',
    scope: 'read',
    warnings: ['not sealed']
  },
  origin: {
    endpoint: 'https://auth.example.com/oauth/token',
    grantType: 'client_credentials',
    clientAuth: 'basic'
  }
}
/** Deterministic "random" bytes: 0x11 for the salt, 0x22 for the iv. */
const fixedRandom = (size: number): Buffer => Buffer.alloc(size, size === 16 ? 0x11 : 0x22)

const WRONG =
  "input 'handoff' could not be decrypted: either 'handoff-key' is not the key the minting job used, or the hand-off was made in another repository or altered on the way"
const NOT_A_HANDOFF =
  "input 'handoff' is not a hand-off made by this action: pass ${{ needs.<job>.outputs.handoff }} unchanged"

function seal(contents: HandoffContents = CONTENTS): string {
  return sealHandoff(contents, KEY, BINDING, fixedRandom)
}

/** A value of `length` bytes laid out as this run's hand-off (version 1), zeros after the run id. */
function handoffOfLength(length: number): string {
  const bytes = Buffer.alloc(length)
  bytes.writeUInt8(1, 0)
  bytes.writeBigUInt64BE(BINDING.runId, 1)
  return bytes.toString('base64url')
}

function flip(blob: string, offset: number): string {
  const bytes = Buffer.from(blob, 'base64url')
  const at = offset < 0 ? bytes.length + offset : offset
  bytes.writeUInt8(bytes.readUInt8(at) ^ 0x80, at)
  return bytes.toString('base64url')
}

describe('sealHandoff and openHandoff', () => {
  it('round-trips the token set and its origin, without the parser warnings', () => {
    expect(openHandoff(seal(), KEY, BINDING, NOW)).toEqual({
      token: { ...CONTENTS.token, warnings: [] },
      origin: CONTENTS.origin
    })
  })

  it('carries issued-token-type, which a token exchange may return, when there is one', () => {
    const exchanged: HandoffContents = {
      ...CONTENTS,
      token: { ...CONTENTS.token, issuedTokenType: 'urn:ietf:params:oauth:token-type:access_token' }
    }
    const blob = sealHandoff(exchanged, KEY, BINDING, fixedRandom)
    expect(openHandoff(blob, KEY, BINDING, NOW).token.issuedTokenType).toBe(
      'urn:ietf:params:oauth:token-type:access_token'
    )
    expect(openHandoff(seal(), KEY, BINDING, NOW).token).not.toHaveProperty('issuedTokenType')
  })

  it('lays out version, run id, salt, iv, ciphertext and tag, as base64url', () => {
    const blob = seal()
    expect(blob).toMatch(/^[\w-]+$/)
    const bytes = Buffer.from(blob, 'base64url')
    expect(bytes.readUInt8(0)).toBe(HANDOFF_VERSION)
    expect(bytes.readBigUInt64BE(1)).toBe(7_777_001n)
    expect(bytes.subarray(9, 25)).toEqual(Buffer.alloc(16, 0x11))
    expect(bytes.subarray(25, 37)).toEqual(Buffer.alloc(12, 0x22))
    const sealed = Object.fromEntries(
      Object.entries(CONTENTS.token).filter(([name]) => name !== 'warnings')
    )
    const plaintext = JSON.stringify({ token: sealed, origin: CONTENTS.origin })
    expect(bytes.length).toBe(37 + Buffer.byteLength(plaintext) + 16)
    // No token in the clear.
    expect(bytes.toString('latin1')).not.toContain('VALUE')
  })

  it('uses a fresh salt and iv each time by default', () => {
    const a = sealHandoff(CONTENTS, KEY, BINDING)
    const b = sealHandoff(CONTENTS, KEY, BINDING)
    expect(a).not.toBe(b)
    const [bytesA, bytesB] = [a, b].map(blob => Buffer.from(blob, 'base64url'))
    // Each on its own: a fixed salt would hide behind a fresh iv.
    expect(bytesA.subarray(9, 25)).not.toEqual(bytesB.subarray(9, 25))
    expect(bytesA.subarray(25, 37)).not.toEqual(bytesB.subarray(25, 37))
    expect(openHandoff(a, KEY, BINDING, NOW).token.accessToken).toBe('access-token-VALUE-1')
    expect(openHandoff(b, KEY, BINDING, NOW).token.accessToken).toBe('access-token-VALUE-1')
  })

  it('refuses a wrong key, saying both possible causes in one line', () => {
    expect(refusal(() => openHandoff(seal(), `${KEY}x`, BINDING, NOW))).toBe(WRONG)
  })

  it.each([
    ['the salt', 12],
    ['the iv', 30],
    ['the ciphertext', 40],
    ['the tag', -1]
  ])('refuses a flipped bit in %s', (_, offset) => {
    expect(refusal(() => openHandoff(flip(seal(), offset), KEY, BINDING, NOW))).toBe(WRONG)
  })

  it('refuses a changed last character that decodes to the same bytes (unused low bits)', () => {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'
    // A token whose sealed length leaves unused bits in the last base64url character.
    const contents = (n: number): HandoffContents => ({
      ...CONTENTS,
      token: { ...CONTENTS.token, accessToken: `access-token-VALUE-${'x'.repeat(n)}` }
    })
    const blob = [0, 1, 2].map(n => seal(contents(n))).find(sealed => sealed.length % 4 !== 0)
    if (!blob) throw new Error('no sealed length leaves unused bits: change the padding lengths')
    const last = alphabet.indexOf(blob.at(-1) ?? '')
    const changed = `${blob.slice(0, -1)}${alphabet[last ^ 1]}`
    expect(changed).not.toBe(blob)
    expect(refusal(() => openHandoff(changed, KEY, BINDING, NOW))).toBe(NOT_A_HANDOFF)
  })

  it('refuses another repository (bound as associated data)', () => {
    const other = { ...BINDING, repository: 'octo/fork' }
    expect(refusal(() => openHandoff(seal(), KEY, other, NOW))).toBe(WRONG)
  })

  it('refuses another run, naming both runs', () => {
    const other = { ...BINDING, runId: 42n }
    expect(refusal(() => openHandoff(seal(), KEY, other, NOW))).toBe(
      "input 'handoff' was made in workflow run 7777001, not in this run (42): a hand-off works only within the run that made it: pass the handoff output of a job in this run"
    )
  })

  it('refuses a changed run id even when the receiving run claims it (the header is authenticated)', () => {
    const bytes = Buffer.from(seal(), 'base64url')
    bytes.writeBigUInt64BE(42n, 1)
    const other = { ...BINDING, runId: 42n }
    expect(refusal(() => openHandoff(bytes.toString('base64url'), KEY, other, NOW))).toBe(WRONG)
  })

  it('reads an altered run id as an altered hand-off, not as one from another run', () => {
    const bytes = Buffer.from(seal(), 'base64url')
    bytes[8] ^= 1
    expect(refusal(() => openHandoff(bytes.toString('base64url'), KEY, BINDING, NOW))).toBe(WRONG)
  })

  it('refuses another format version', () => {
    const bytes = Buffer.from(seal(), 'base64url')
    bytes.writeUInt8(2, 0)
    expect(refusal(() => openHandoff(bytes.toString('base64url'), KEY, BINDING, NOW))).toBe(
      "input 'handoff' is format version 2, and this version of the action reads version 1: use the same version of the action in both jobs (if both do, the hand-off was altered on the way)"
    )
  })

  // A first byte up to 15 may be another release's version; one past that is no hand-off at all.
  it('reads a first byte of 15 as another format version, and one of 16 as not a hand-off', () => {
    const withVersion = (version: number): string => {
      const bytes = Buffer.from(seal(), 'base64url')
      bytes.writeUInt8(version, 0)
      return bytes.toString('base64url')
    }
    expect(refusal(() => openHandoff(withVersion(15), KEY, BINDING, NOW))).toBe(
      "input 'handoff' is format version 15, and this version of the action reads version 1: use the same version of the action in both jobs (if both do, the hand-off was altered on the way)"
    )
    expect(refusal(() => openHandoff(withVersion(16), KEY, BINDING, NOW))).toBe(NOT_A_HANDOFF)
  })

  it.each([
    ['text with other characters', 'not a hand-off!'],
    ['padding', `${seal()}=`],
    ['a short value', 'AQAAAAAAdrHp'],
    ['a long value of another kind', 'x'.repeat(1000)],
    // Canonical base64url (a multiple of 4 characters), so the first byte is what is refused.
    ['a value whose first byte is 0', `AA${'x'.repeat(98)}`],
    // Version 1, run id, salt, iv and tag, and one byte: too short for any contents.
    ['a value too short to hold contents', handoffOfLength(37 + 16 + 1)]
  ])('refuses %s as not a hand-off', (_, value) => {
    expect(refusal(() => openHandoff(value, KEY, BINDING, NOW))).toBe(NOT_A_HANDOFF)
  })

  it('reads a value just long enough to hold contents as altered, not as another kind', () => {
    expect(refusal(() => openHandoff(handoffOfLength(37 + 16 + 2), KEY, BINDING, NOW))).toBe(WRONG)
  })

  it('refuses an expired token, with its expiry', () => {
    const later = Date.parse('2026-11-28T13:00:00Z')
    expect(refusal(() => openHandoff(seal(), KEY, BINDING, later))).toBe(
      "input 'handoff' holds a token that expired at 2026-11-28T13:00:00Z: re-run the job that mints it, or ask for a longer-lived token"
    )
    expect(openHandoff(seal(), KEY, BINDING, later - 1000).token.scope).toBe('read')
  })

  it('accepts a token without a known expiry', () => {
    const contents = { ...CONTENTS, token: { ...CONTENTS.token, expiresAt: '', expiresIn: '' } }
    const blob = sealHandoff(contents, KEY, BINDING)
    expect(openHandoff(blob, KEY, BINDING, NOW).token.expiresAt).toBe('')
  })

  it("never seals the token endpoint's query, where a key the runner masks may be", () => {
    const origin = {
      ...CONTENTS.origin,
      endpoint: 'https://fn.example.com/api/token?code=FN-KEY-9'
    }
    const blob = Buffer.from(sealHandoff({ ...CONTENTS, origin }, KEY, BINDING), 'base64url')
    const salt = blob.subarray(9, 25)
    const key = hkdfSync('sha256', KEY, salt, 'oauth2-token-action/handoff/v1', 32)
    const decipher = createDecipheriv('aes-256-gcm', Buffer.from(key), blob.subarray(25, 37))
    decipher.setAAD(
      Buffer.concat([
        blob.subarray(0, 37),
        Buffer.from('\noauth2-token-action/handoff/v1\nocto/app')
      ])
    )
    decipher.setAuthTag(blob.subarray(-16))
    const plaintext = Buffer.concat([decipher.update(blob.subarray(37, -16)), decipher.final()])
    expect(plaintext.toString()).not.toContain('FN-KEY-9')
    expect(openHandoff(blob.toString('base64url'), KEY, BINDING, NOW).origin.endpoint).toBe(
      'https://fn.example.com/api/token'
    )
  })

  it("carries the minting job's diagnostics as it showed them, when given", () => {
    const shown = {
      facts: [['scope', 'read ***']] as [string, string][],
      claims: [['aud', '***']] as [string, string][]
    }
    const blob = sealHandoff({ ...CONTENTS, shown }, KEY, BINDING, fixedRandom)
    expect(openHandoff(blob, KEY, BINDING, NOW).shown).toEqual(shown)
    expect(openHandoff(seal(), KEY, BINDING, NOW).shown).toBeUndefined()
  })

  it('opens as many as 20 diagnostics of each kind, one fewer than it refuses', () => {
    const shown = {
      facts: Array<[string, string]>(20).fill(['scope', 'read']),
      claims: Array<[string, string]>(20).fill(['aud', 'api'])
    }
    const blob = sealHandoff({ ...CONTENTS, shown }, KEY, BINDING, fixedRandom)
    expect(openHandoff(blob, KEY, BINDING, NOW).shown).toEqual(shown)
  })

  it.each(['API_TOKEN', ''])("carries the minting step's export-env %j ('' for none)", name => {
    const blob = sealHandoff({ ...CONTENTS, exportEnv: name }, KEY, BINDING, fixedRandom)
    expect(openHandoff(blob, KEY, BINDING, NOW).exportEnv).toBe(name)
    expect(openHandoff(seal(), KEY, BINDING, NOW).exportEnv).toBeUndefined()
  })

  it.each([
    ['not JSON', 'token=abc'],
    ['JSON cut short', JSON.stringify(CONTENTS).slice(0, -1)],
    ['another shape', '{"token":{"accessToken":1}}'],
    [
      'diagnostics of another shape',
      JSON.stringify({ ...CONTENTS, shown: { facts: [['scope', 1]], claims: [] } })
    ],
    ['diagnostics without claims', JSON.stringify({ ...CONTENTS, shown: { facts: [] } })],
    [
      'an empty access token',
      JSON.stringify({ ...CONTENTS, token: { ...CONTENTS.token, accessToken: '' } })
    ],
    [
      'an origin without its client auth',
      JSON.stringify({ ...CONTENTS, origin: { ...CONTENTS.origin, clientAuth: undefined } })
    ],
    [
      'more diagnostics than a minting job shows',
      JSON.stringify({
        ...CONTENTS,
        shown: { facts: Array(21).fill(['scope', 'read']), claims: [] }
      })
    ],
    [
      'a diagnostic that is not a label and a value',
      JSON.stringify({ ...CONTENTS, shown: { facts: [['scope', 'read', 'x']], claims: [] } })
    ]
  ])('refuses contents it cannot read, even when they decrypt: %s', (_what, json) => {
    // A hand-off sealed the same way, around JSON of another shape.
    const header = Buffer.alloc(37)
    header.writeUInt8(1, 0)
    header.writeBigUInt64BE(BINDING.runId, 1)
    const salt = Buffer.alloc(16, 3)
    const iv = Buffer.alloc(12, 4)
    salt.copy(header, 9)
    iv.copy(header, 25)
    const key = Buffer.from(
      hkdfSync('sha256', Buffer.from(KEY), salt, 'oauth2-token-action/handoff/v1', 32)
    )
    const cipher = createCipheriv('aes-256-gcm', key, iv)
    cipher.setAAD(
      Buffer.concat([header, Buffer.from('\noauth2-token-action/handoff/v1\nocto/app')])
    )
    const body = Buffer.concat([cipher.update(json), cipher.final()])
    const blob = Buffer.concat([header, body, cipher.getAuthTag()]).toString('base64url')
    expect(refusal(() => openHandoff(blob, KEY, BINDING, NOW))).toBe(
      "input 'handoff' decrypted to contents this version of the action cannot read: use the same version of the action in both jobs"
    )
  })
})

describe('handoffBinding', () => {
  it('reads the repository and run id', () => {
    expect(handoffBinding({ GITHUB_REPOSITORY: 'octo/app', GITHUB_RUN_ID: '123' })).toEqual({
      repository: 'octo/app',
      runId: 123n
    })
  })

  it('reads a run id of 19 digits, which the header holds, and seals and opens with it', () => {
    const binding = handoffBinding({
      GITHUB_REPOSITORY: 'octo/app',
      GITHUB_RUN_ID: '9999999999999999999'
    })
    expect(binding).toEqual({ repository: 'octo/app', runId: 9_999_999_999_999_999_999n })
    const blob = sealHandoff(CONTENTS, KEY, binding, fixedRandom)
    expect(openHandoff(blob, KEY, binding, NOW).token.accessToken).toBe('access-token-VALUE-1')
  })

  it.each([
    [{ GITHUB_RUN_ID: '123' }],
    [{ GITHUB_REPOSITORY: 'octo/app' }],
    [{ GITHUB_REPOSITORY: 'octo/app', GITHUB_RUN_ID: 'local' }],
    [{ GITHUB_REPOSITORY: 'octo/app', GITHUB_RUN_ID: '18446744073709551616' }],
    // 20 digits, though under 2^64: at most 19 are read, so a run id always fits in 8 bytes.
    [{ GITHUB_REPOSITORY: 'octo/app', GITHUB_RUN_ID: '10000000000000000000' }]
  ])('refuses %p', env => {
    expect(refusal(() => handoffBinding(env))).toBe(
      'GITHUB_REPOSITORY and GITHUB_RUN_ID must be set (as the runner sets them): a hand-off is bound to its repository and workflow run'
    )
  })
})

describe('handedExportEnv', () => {
  /** A receiving step's export-env as the runner passes it: action.yml's default when unset. */
  const step = (exportEnv = 'ACCESS_TOKEN') => ({
    getInput: (name: string) => (name === 'export-env' ? exportEnv : ''),
    env: { 'INPUT_EXPORT-ENV': exportEnv }
  })
  /** A check that passes every name, and the list of names it was given. */
  const recorder = () => {
    const checked: string[] = []
    return { checked, check: (name: string): void => void checked.push(name) }
  }

  it.each<[string, string | undefined, string | undefined, string]>([
    ["the minting step's name, this step's being its default", undefined, 'API_TOKEN', 'API_TOKEN'],
    ["this step's own name over the minting step's", 'DEPLOY_TOKEN', 'API_TOKEN', 'DEPLOY_TOKEN'],
    ["this step's none over the minting step's", '', 'API_TOKEN', ''],
    ['the default, from a hand-off that names none', undefined, undefined, 'ACCESS_TOKEN']
  ])('takes %s, and checks it', (_what, own, minted, name) => {
    const { checked, check } = recorder()
    expect(handedExportEnv(step(own), minted, check)).toBe(name)
    expect(checked).toEqual([name])
  })

  it("says whose a refused name is: the minting step's, which this step can override", () => {
    const { checked, check } = recorder()
    expect(refusal(() => handedExportEnv(step(), 'GITHUB_ENV', check))).toBe(
      "input 'export-env' must not be GITHUB_ENV, which the runner or later steps rely on (the minting step's, which the hand-off carries): set export-env in this step, to another name than ACCESS_TOKEN or to '' for none"
    )
    // Refused as the hand-off is read, before this step's own checks.
    expect(checked).toEqual([])
  })

  // A refusal of the step's setup, not of the name, is not blamed on the minting step.
  it('passes on a refusal that is not about the name as it is', () => {
    const setup =
      'GITHUB_STATE is not set: revoke and token-file need a current GitHub Actions runner to hand state to the post step; else set revoke: false and token-file: false'
    const refuse = (): void => {
      throw new ActionError(setup)
    }
    expect(refusal(() => handedExportEnv(step(), 'API_TOKEN', refuse))).toBe(setup)
  })
})
