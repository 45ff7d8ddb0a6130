import { describe, expect, it } from '@jest/globals'
import { randomBytes } from 'node:crypto'
import { actionDefaults } from '../scripts/runner.mjs'
import type { InputSource } from '../src/config.js'
import {
  checkRevokeWithIssuer,
  readLifecycleOptions,
  readLifecycleSecrets
} from '../src/lifecycle-config.js'
import { refusal } from './support/refusal.js'
import { expectCpuUnder } from './support/cpu-time.js'

const KEY = 'W4vQ9sLx2Tb7Nc1Rm8Pz3Hk6Jd0Fy5Ga+EoUiYt/BwA='

function source(inputs: Record<string, string>, env: Record<string, string> = {}): InputSource {
  return { getInput: name => (inputs[name] ?? '').trim(), env }
}

/** 60 characters with no repetition of 8, before a repetition the check must still see. */
/** The refusal of a handoff-key that is not random. */
const NOT_RANDOM =
  "input 'handoff-key' repeats characters, so it is not random: make one with 'openssl rand -base64 32' and store it as a secret"
const LATE = 'c8yig75XznYtMpEItHVaSxfDxqeELPXH8S8cPePufIWUZHJE7n8FTRV71etE'

describe('readLifecycleOptions', () => {
  it('has the defaults of action.yml when no input is set', () => {
    expect(readLifecycleOptions(source({}))).toEqual({
      revoke: false,
      revokePath: '/oauth/revoke',
      tokenFile: false,
      handoffKey: '',
      handoff: '',
      minValiditySeconds: 0,
      summary: true
    })
  })

  it('reads every input', () => {
    expect(
      readLifecycleOptions(
        source({
          host: 'https://auth.example.com',
          revoke: 'true',
          'revoke-path': '/connect/revocation',
          'token-file': 'True',
          'min-validity': '900',
          summary: 'FALSE'
        })
      )
    ).toEqual({
      revoke: true,
      revokePath: '/connect/revocation',
      tokenFile: true,
      handoffKey: '',
      handoff: '',
      minValiditySeconds: 900,
      summary: false
    })
  })

  it('takes every random key as openssl rand -base64 32 or -hex 32 makes it', () => {
    for (let i = 0; i < 2000; i++) {
      const bytes = randomBytes(32)
      for (const key of [bytes.toString('base64'), bytes.toString('hex')]) {
        expect(readLifecycleOptions(source({ host: 'h', 'handoff-key': key })).handoffKey).toBe(key)
      }
    }
  })

  // Hex or base64 digits alone carry 4 or 6 bits each: issue 5 asks for 32 bytes of entropy.
  it.each([
    [
      'openssl rand -hex 16',
      randomBytes(16).toString('hex'),
      'has 32 hex digits, 4 bits each: 32 bytes of entropy take 64'
    ],
    [
      '63 hex digits',
      randomBytes(32).toString('hex').slice(1),
      'has 63 hex digits, 4 bits each: 32 bytes of entropy take 64'
    ],
    [
      'openssl rand -base64 31',
      randomBytes(31).toString('base64'),
      'has 42 base64 digits, 6 bits each: 32 bytes of entropy take 43'
    ],
    [
      'a 40-character alphanumeric password',
      'Xq7mB2vK9pL4sT8wR1nZ6cY3hJ5gF0dA2eU7iO4k',
      'has 40 base64 digits, 6 bits each: 32 bytes of entropy take 43'
    ],
    [
      '63 hex digits in capitals',
      randomBytes(32).toString('hex').slice(1).toUpperCase(),
      'has 63 hex digits, 4 bits each: 32 bytes of entropy take 64'
    ],
    [
      "40 digits of base64url, with its '-' and '_'",
      'Xq7mB2vK9-L4sT8wR1nZ_cY3hJ5gF0dA2eU7iO4k',
      'has 40 base64 digits, 6 bits each: 32 bytes of entropy take 43'
    ]
  ])('refuses a key of %s: too few digits for 32 bytes of entropy', (_name, key, problem) => {
    expect(refusal(() => readLifecycleOptions(source({ host: 'h', 'handoff-key': key })))).toBe(
      `input 'handoff-key' ${problem}; make one with 'openssl rand -base64 32' and store it as a secret`
    )
  })

  it('takes a key that repeats 7 characters, not 8', () => {
    const key = 'k3JqPa55w0rZx7Mv2NbPa55w0rTg4Hy8LsQe1Wu6Oi9Yd'
    expect(readLifecycleOptions(source({ host: 'h', 'handoff-key': key })).handoffKey).toBe(key)
  })

  // Neither hex nor base64 ('!' and '%'), so only the length holds it: 31 bytes is one too few.
  it('refuses a key of 31 bytes, and takes one of 32', () => {
    const key = 'k3J!qPa5%w0rZx7Mv2NbT!g4Hy8LsQe1Wu6'.slice(0, 32)
    expect(Buffer.byteLength(key)).toBe(32)
    expect(readLifecycleOptions(source({ host: 'h', 'handoff-key': key })).handoffKey).toBe(key)
    expect(
      refusal(() => readLifecycleOptions(source({ host: 'h', 'handoff-key': key.slice(0, 31) })))
    ).toBe(
      "input 'handoff-key' must be at least 32 bytes long (it has 31): make one with 'openssl rand -base64 32' and store it as a secret"
    )
  })

  it('checks a long key at once: the repetition check reads its first 99 characters', () => {
    const key = randomBytes(37_500).toString('base64')
    // The whole key would take seconds (the check's cost grows with the square of the length).
    expectCpuUnder(1000, () => {
      expect(readLifecycleOptions(source({ host: 'h', 'handoff-key': key })).handoffKey).toBe(key)
    })
  })

  it('takes a hand-off with its key and nothing that asks for a request', () => {
    const options = readLifecycleOptions(
      source({ handoff: 'AbC', 'handoff-key': KEY, 'token-file': 'true' }, { OAUTH_HOST: 'x' })
    )
    expect(options).toMatchObject({ handoff: 'AbC', handoffKey: KEY, tokenFile: true })
  })

  it.each<[string, Record<string, string>, string]>([
    ['a yes', { revoke: 'yes' }, "input 'revoke' must be true or false; got 'yes'"],
    ['a bad summary', { summary: '1' }, "input 'summary' must be true or false; got '1'"],
    [
      'a negative min-validity',
      { 'min-validity': '-5' },
      "input 'min-validity' must be a whole number of seconds, 0 to 31536000; got '-5'"
    ],
    [
      'a short key',
      { host: 'https://a.example', 'handoff-key': 'short' },
      "input 'handoff-key' must be at least 32 bytes long (it has 5): make one with 'openssl rand -base64 32' and store it as a secret"
    ],
    [
      'a key of repeated characters',
      { host: 'https://a.example', 'handoff-key': 'ab'.repeat(20) },
      NOT_RANDOM
    ],
    [
      // Found in a dictionary in milliseconds from the public output `handoff`: HKDF is no
      // password hash.
      'a short password repeated to reach 32 bytes',
      { host: 'https://a.example', 'handoff-key': 'Summer2026!'.repeat(3) },
      NOT_RANDOM
    ],
    [
      'a key of 7 characters that never repeats 8',
      { host: 'https://a.example', 'handoff-key': 'dafbbbabeaefddefdbgcfdfdcaaafcdb' },
      NOT_RANDOM
    ],
    [
      'a key that repeats 8 characters once, and no more',
      { host: 'https://a.example', 'handoff-key': 'k3JqPa55w0rdZx7Mv2NbPa55w0rdTg4Hy8Ls' },
      NOT_RANDOM
    ],
    [
      'an 8-character password said twice, then padded',
      { host: 'https://a.example', 'handoff-key': 'Pa55w0rdPa55w0rdZx7Mv2NbTg4Hy8Ls' },
      NOT_RANDOM
    ],
    [
      'a password repeated on separate lines',
      { host: 'https://a.example', 'handoff-key': 'Summer2026!\n'.repeat(3) },
      NOT_RANDOM
    ],
    [
      'a repetition late in the first 99 characters',
      { host: 'https://a.example', 'handoff-key': `${LATE}Pa55w0rdZx7MPa55w0rd` },
      NOT_RANDOM
    ],
    [
      'a hand-off without its key',
      { handoff: 'AbC' },
      "input 'handoff' needs input 'handoff-key': the same secret the minting job used"
    ],
    [
      'a hand-off with one request input',
      { handoff: 'AbC', 'handoff-key': KEY, 'client-secret': 's' },
      "input 'handoff' takes the token from another job and sends no request, so 'client-secret' must not be set: remove it from this step"
    ],
    [
      'a hand-off with several request inputs',
      { handoff: 'AbC', 'handoff-key': KEY, host: 'h', scope: 's', headers: 'A: b' },
      "input 'handoff' takes the token from another job and sends no request, so 'host', 'scope', and 'headers' must not be set: remove them from this step"
    ],
    [
      'a hand-off with keyless inputs',
      { handoff: 'AbC', 'handoff-key': KEY, issuer: 'https://idp.example', 'private-key': 'k' },
      "input 'handoff' takes the token from another job and sends no request, so 'issuer' and 'private-key' must not be set: remove them from this step"
    ],
    [
      'a hand-off with extra-params, and retries and body-format other than their defaults',
      {
        handoff: 'AbC',
        'handoff-key': KEY,
        'extra-params': 'resource=https://api.example',
        retries: '5',
        'body-format': 'form'
      },
      "input 'handoff' takes the token from another job and sends no request, so 'extra-params', 'body-format', and 'retries' must not be set: remove them from this step"
    ],
    [
      'a hand-off with request settings other than their defaults, which it would ignore',
      {
        handoff: 'AbC',
        'handoff-key': KEY,
        'ca-certificate': 'ca.pem',
        'token-path': '/oauth/token',
        timeout: '5',
        'client-auth': 'basic'
      },
      "input 'handoff' takes the token from another job and sends no request, so 'ca-certificate', 'client-auth', and 'timeout' must not be set: remove them from this step"
    ],
    [
      'a hand-off with revoke',
      { handoff: 'AbC', 'handoff-key': KEY, revoke: 'true' },
      "input 'revoke' must be false with 'handoff': no job revokes a handed-off token (the minting job refuses revoke with handoff-key): remove revoke"
    ],
    [
      'revoke with a hand-off key',
      { host: 'https://a.example', 'handoff-key': KEY, revoke: 'true' },
      "inputs 'revoke' and 'handoff-key' cannot both be set: revoking at the end of this job would cut off the job the token is handed to"
    ],
    [
      'a key with client credentials and no host, which mints: it lacks host',
      { 'client-id': 'ci', 'client-secret': 'shh', 'handoff-key': KEY },
      "input 'host' (or OAUTH_HOST) is required to mint a hand-off ('client-id' is set): the base URL of the API (or input 'issuer'); a step that receives one passes handoff instead"
    ],
    [
      'a key with one input of a token request and no host, which mints: it lacks host',
      { scope: 'read', 'handoff-key': KEY },
      "input 'host' (or OAUTH_HOST) is required to mint a hand-off ('scope' is set): the base URL of the API (or input 'issuer'); a step that receives one passes handoff instead"
    ],
    [
      'a key with an empty hand-off and no host',
      { handoff: '', 'handoff-key': KEY },
      "input 'handoff' is empty: pass handoff: ${{ needs.<job>.outputs.handoff }}, and check that the minting job declares that output and that its log has no \"Skip output 'handoff'\" warning (GitHub drops an output that holds a masked value)"
    ]
  ])('refuses %s', (_, inputs, message) => {
    expect(refusal(() => readLifecycleOptions(source(inputs)))).toBe(message)
  })

  it("reads an empty hand-off as none: the runner passes INPUT_HANDOFF='' to every step", () => {
    const env = { INPUT_HANDOFF: '' }
    // With something to mint from, host or OAUTH_HOST or issuer: a minting step.
    for (const [inputs, more] of [
      [{ host: 'https://a.example' }, {}],
      [{}, { OAUTH_HOST: 'https://a.example' }],
      [{ issuer: 'https://a.example' }, {}]
    ]) {
      const options = readLifecycleOptions(
        source({ 'handoff-key': KEY, ...inputs }, { ...env, ...more })
      )
      expect(options).toMatchObject({ handoffKey: KEY, handoff: '' })
    }
    // With nothing to mint from, it was meant to receive.
    expect(refusal(() => readLifecycleOptions(source({ 'handoff-key': KEY }, env)))).toBe(
      "input 'handoff' is empty: pass handoff: ${{ needs.<job>.outputs.handoff }}, and check that the minting job declares that output and that its log has no \"Skip output 'handoff'\" warning (GitHub drops an output that holds a masked value)"
    )
  })

  it('names the way to mint when a credential variable is set, which a job-level env gives every step', () => {
    const env = { INPUT_HANDOFF: '', OAUTH_CLIENT_ID: 'ci', OAUTH_CLIENT_SECRET: 'shh' }
    expect(refusal(() => readLifecycleOptions(source({ 'handoff-key': KEY }, env)))).toBe(
      "input 'handoff' is empty: pass handoff: ${{ needs.<job>.outputs.handoff }}, and check that the minting job declares that output and that its log has no \"Skip output 'handoff'\" warning (GitHub drops an output that holds a masked value); or, if this step mints one (OAUTH_CLIENT_ID is set), set input 'host' (or OAUTH_HOST)"
    )
    // A blank variable is none.
    expect(
      refusal(() =>
        readLifecycleOptions(
          source({ 'handoff-key': KEY }, { INPUT_HANDOFF: '', OAUTH_CLIENT_ID: ' ' })
        )
      )
    ).not.toContain('mints')
  })

  it('takes a request setting written as its default in another case, which it would ignore', () => {
    const inputs = {
      handoff: 'AbC',
      'handoff-key': KEY,
      'allow-insecure-http': 'False',
      'body-format': 'JSON',
      'client-auth': 'Body',
      // action.yml's default, which the runner passes
      'subject-token-type': 'urn:ietf:params:oauth:token-type:jwt'
    }
    expect(readLifecycleOptions(source(inputs)).handoff).toBe('AbC')
  })

  it('takes a hand-off step with every default of action.yml, as the runner passes them', () => {
    const inputs = { ...actionDefaults(), handoff: 'AbC', 'handoff-key': KEY }
    expect(readLifecycleOptions(source(inputs)).handoff).toBe('AbC')
  })

  it.each(['False', 'FALSE'])(
    'takes allow-insecure-http %s, which the request reads as false',
    value => {
      const inputs = { handoff: 'AbC', 'handoff-key': KEY, 'allow-insecure-http': value }
      expect(readLifecycleOptions(source(inputs)).handoff).toBe('AbC')
    }
  )

  it.each([
    ['token-path', '/OAUTH/TOKEN'],
    ['revoke-path', '/OAuth/Revoke'],
    ['allow-insecure-http', 'fAlSe'],
    ['subject-token-type', 'urn:ietf:params:oauth:token-type:id_token']
  ])('still refuses %s %s, which the request would not read as the default', (name, value) => {
    expect(
      refusal(() =>
        readLifecycleOptions(source({ handoff: 'AbC', 'handoff-key': KEY, [name]: value }))
      )
    ).toBe(
      `input 'handoff' takes the token from another job and sends no request, so '${name}' must not be set: remove it from this step`
    )
  })

  it('counts the key in UTF-8 bytes', () => {
    // 11 three-byte characters: 33 bytes, though 11 characters.
    const key = '一二三四五六七八九十百'
    expect(readLifecycleOptions(source({ host: 'h', 'handoff-key': key })).handoffKey).toBe(key)
  })

  it('takes the host from OAUTH_HOST when deciding a key is for minting', () => {
    const options = readLifecycleOptions(source({ 'handoff-key': KEY }, { OAUTH_HOST: 'h' }))
    expect(options.handoffKey).toBe(KEY)
  })
})

describe('readLifecycleSecrets', () => {
  it('returns the hand-off key to mask, and nothing when unset', () => {
    expect(readLifecycleSecrets(source({ 'handoff-key': KEY }))).toEqual([KEY])
    expect(readLifecycleSecrets(source({}))).toEqual([])
  })
})

describe('checkRevokeWithIssuer', () => {
  const options = (inputs: Record<string, string>) =>
    readLifecycleOptions({ getInput: name => inputs[name] ?? '', env: {} })

  it('refuses a revoke-path of its own with issuer, whose metadata names the endpoint', () => {
    expect(() =>
      checkRevokeWithIssuer(
        options({ revoke: 'true', 'revoke-path': '/revoke' }),
        'https://idp.example.com'
      )
    ).toThrow(
      "input 'revoke-path' cannot be used with 'issuer': the revocation endpoint comes from the issuer's metadata; remove revoke-path"
    )
  })

  it('takes the default revoke-path (the runner passes it when unset), and any path without issuer', () => {
    expect(() =>
      checkRevokeWithIssuer(
        options({ revoke: 'true', 'revoke-path': '/oauth/revoke' }),
        'https://idp.example.com'
      )
    ).not.toThrow()
    expect(() =>
      checkRevokeWithIssuer(options({ revoke: 'true', 'revoke-path': '/revoke' }), undefined)
    ).not.toThrow()
  })
})

describe('a minting step with issuer instead of host', () => {
  it('takes a hand-off key: the issuer names the token endpoint', () => {
    const options = readLifecycleOptions({
      getInput: name =>
        (({ issuer: 'https://idp.example.com', 'handoff-key': KEY }) as Record<string, string>)[
          name
        ] ?? '',
      env: {}
    })
    expect(options.handoffKey).toBe(KEY)
    expect(options.handoff).toBe('')
  })
})
