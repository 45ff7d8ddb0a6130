/* eslint-disable jest/no-conditional-expect -- a property checks each generated case on its own branch (a valid result, or an error); fast-check reports the failing case. */
// Property-based tests (fast-check) of every parser the action has: its inputs, and the token
// endpoint's answers. Each case ends in a valid result or in one clear error: an ActionError
// (BadResponse for readToken) whose message is one non-empty line that names what to fix, and
// never holds a secret. Run counts are kept so the whole file stays well under 20 s.
import * as http from 'node:http'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { types } from 'node:util'
import { afterAll, describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import {
  type Config,
  type InputSource,
  parseExtraParams,
  parseHeaders,
  readCaCertificates,
  readConfig,
  readSecretInputs,
  resolveTokenUrl
} from '../src/config.js'
import { wellKnownUrls } from '../src/discovery.js'
import { ActionError, oneLine } from '../src/errors.js'
import { jwtExpiry } from '../src/jwt.js'
import { readSigningKey } from '../src/keyless-inputs.js'
import { loggable } from '../src/log.js'
import { redact } from '../src/redact.js'
import { type TokenRequest, buildTokenRequest } from '../src/request.js'
import {
  type Token,
  BadResponse,
  bodySnippet,
  describeAnswer,
  parseFields,
  readToken
} from '../src/response.js'
import { parseRetryAfter } from '../src/retry.js'
import { requestToken } from '../src/token.js'
import { type HttpResponse, TransportError } from '../src/transport.js'
import { cpuMs, expectCpuUnder } from './support/cpu-time.js'

// ---------------------------------------------------------------------------------------------
// Harness
// ---------------------------------------------------------------------------------------------

const INPUT_NAMES = [
  'host',
  'token-path',
  'grant-type',
  'client-id',
  'client-secret',
  'username',
  'password',
  'refresh-token',
  'scope',
  'audience',
  'extra-params',
  'headers',
  'body-format',
  'client-auth',
  'export-env',
  'timeout',
  'retries',
  'allow-insecure-http',
  'ca-certificate'
] as const

/** Inputs as the runner gives them: `core.getInput` trims, and an unset input is empty. */
function source(
  values: Readonly<Record<string, string>>,
  env: Readonly<Record<string, string | undefined>> = {}
): InputSource {
  return { getInput: name => (values[name] ?? '').trim(), env }
}

const VALID_INPUTS: Readonly<Record<string, string>> = {
  host: 'https://api.example.com',
  'client-id': 'client-1',
  'client-secret': 'client-secret-value',
  username: 'user@example.com',
  password: 'password-value'
}

type Outcome<T> = { ok: true; value: T } | { ok: false; error: unknown }

function attempt<T>(fn: () => T): Outcome<T> {
  try {
    return { ok: true, value: fn() }
  } catch (error) {
    return { ok: false, error }
  }
}

async function attemptAsync<T>(fn: () => Promise<T>): Promise<Outcome<T>> {
  try {
    return { ok: true, value: await fn() }
  } catch (error) {
    return { ok: false, error }
  }
}

function describeThrown(error: unknown): string {
  // isNativeError also knows Node's own errors, made outside jest's realm.
  if (error instanceof Error || types.isNativeError(error))
    return `${error.name}: ${error.message.slice(0, 300)}`
  return `non-Error ${typeof error}: ${String(error).slice(0, 300)}`
}

/**
 * One clear error: of the documented class (never TypeError, RangeError, ...), a message that is
 * one non-empty line and contains one of `mentions` (the input to fix, or the endpoint).
 * `oneLine: false` leaves the one-line check to a dedicated property, so that a property about
 * something else (origin, ranges, secrets) is not stopped by that one failure.
 */
function assertClearError(
  error: unknown,
  kind: typeof ActionError | typeof BadResponse,
  mentions: readonly string[],
  options: { oneLine?: boolean } = {}
): string {
  if (!(error instanceof kind)) {
    throw new Error(`expected a ${kind.name}, got ${describeThrown(error)}`)
  }
  const { message } = error
  expect(message.trim()).not.toBe('')
  if (options.oneLine !== false && /[\r\n]/.test(message)) {
    throw new Error(`message is not one line: ${JSON.stringify(message.slice(0, 400))}`)
  }
  if (!mentions.some(m => message.includes(m))) {
    throw new Error(
      `message names none of ${JSON.stringify(mentions)}: ${JSON.stringify(message.slice(0, 400))}`
    )
  }
  return message
}

const inputMentions = (...names: readonly string[]): string[] => names.map(n => `input '${n}'`)

function assertNoSecret(text: string, secrets: readonly string[], where: string): void {
  for (const secret of secrets) {
    if (!secret) continue
    for (const form of new Set([secret, oneLine(secret)])) {
      if (form.length >= 4 && text.includes(form)) {
        throw new Error(
          `${where} holds a secret ${JSON.stringify(form)}: ${JSON.stringify(text.slice(0, 600))}`
        )
      }
    }
  }
}

/** fc.assert, with a counterexample cut to a readable size (some inputs are 1 MiB). */
async function assertProperty<Ts>(
  property: fc.IProperty<Ts> | fc.IAsyncProperty<Ts>,
  parameters: fc.Parameters<Ts>
): Promise<void> {
  try {
    await fc.assert(property as fc.IRawProperty<Ts>, parameters)
  } catch (error) {
    if (error instanceof Error && error.message.length > 12_000) {
      const cut = error.message.length - 12_000
      error.message = `${error.message.slice(0, 8000)}\n…[${cut} characters cut]…\n${error.message.slice(-4000)}`
    }
    throw error
  }
}

// ---------------------------------------------------------------------------------------------
// Arbitraries: hostile strings
// ---------------------------------------------------------------------------------------------

const CONTROLS = ['\r', '\n', '\r\n', '\t', '\0', '\x01', '\x1b', '\x7f', '\v', '\f', '\u0085']
const ODDITIES = [
  'é',
  'ß',
  '😀',
  '\u00a0',
  '\ufeff',
  '\u202e',
  '\u2028',
  '\u2029',
  '\u3000',
  'Ａ',
  '\ud800',
  '\udc00',
  '％',
  '／',
  '。',
  '\u0130'
]
const control = fc.constantFrom(...CONTROLS)
const oddity = fc.constantFrom(...ODDITIES)
const piece = fc.oneof(
  { weight: 4, arbitrary: fc.string({ unit: 'grapheme-ascii', maxLength: 10 }) },
  { weight: 2, arbitrary: control },
  { weight: 2, arbitrary: oddity },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 4 }) }
)
/** Printable text with control characters, CR/LF, unicode oddities and lone surrogates. */
const mixed = fc.array(piece, { maxLength: 10 }).map(parts => parts.join(''))

/** 1 KiB to 1 MiB: a pattern repeated, so generating it stays cheap. */
const huge = fc
  .tuple(
    fc.oneof(
      mixed.filter(s => s.length > 0),
      fc.constantFrom('a', '1', '9', '/', '%2F', '\n', '<', 'é', 'key=value\n', 'X-A: b\n')
    ),
    fc.integer({ min: 1024, max: 1 << 20 })
  )
  .map(([unit, size]) => unit.repeat(Math.ceil(size / unit.length)).slice(0, size))

/** Anything a user could type or an environment could hold. */
const nasty = fc.oneof(
  { weight: 3, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 3, arbitrary: fc.string({ unit: 'grapheme-ascii', maxLength: 40 }) },
  { weight: 4, arbitrary: mixed },
  { weight: 1, arbitrary: huge }
)

/** Secrets: distinctive characters (none of them in the fillers below), no edge whitespace. */
const SECRET_CHARS = 'ΩЖßñ§¤QZXW79&+%"\\/= '
const secretArb = fc
  .string({ unit: fc.constantFrom(...SECRET_CHARS), minLength: 6, maxLength: 38 })
  .map(s => `Ω${s}Ж`)
/** A token (refresh-token): the same characters but the space, which the input refuses. */
const tokenSecretArb = secretArb.map(s => s.replaceAll(' ', '%'))
/** For header values, which carry Latin-1 only. */
const latin1SecretArb = fc
  .string({ unit: fc.constantFrom(...'§¤ñßQZXW79&+%"\\/= '), minLength: 6, maxLength: 38 })
  .map(s => `§${s}¤`)
const FILLER_CHARS = 'abcdefghijklmnopqrstuvwxyz0123456 .,:-'
const filler = (maxLength: number): fc.Arbitrary<string> =>
  fc.string({ unit: fc.constantFrom(...FILLER_CHARS), maxLength })

/** A header value as HTTP can carry it: visible ASCII, space, tab and obs-text. */
const HEADER_VALUE_CHARS = [
  '\t',
  ...Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i))
]
const wireHeaderValue = fc.string({
  unit: fc.oneof(
    { weight: 9, arbitrary: fc.constantFrom(...HEADER_VALUE_CHARS) },
    { weight: 1, arbitrary: fc.integer({ min: 0x80, max: 0xff }).map(c => String.fromCharCode(c)) }
  ),
  maxLength: 80
})

// ---------------------------------------------------------------------------------------------
// Arbitraries: inputs
// ---------------------------------------------------------------------------------------------

const hostname = fc.oneof(
  fc.domain(),
  fc.constantFrom(
    'localhost',
    'LOCALHOST',
    'localhost.',
    '127.0.0.1',
    '127.1',
    '127.255.255.254',
    '2130706433',
    '0x7f.1',
    '0',
    '[::1]',
    '[0:0:0:0:0:0:0:1]',
    '[::ffff:127.0.0.1]',
    'api.example.com',
    'example.com.',
    'bücher.example',
    'xn--bcher-kva.example',
    'evil.com\\@api.example.com',
    'evil.com%2F@api.example.com',
    'a..b',
    ''
  ),
  fc.ipV4(),
  fc.ipV6().map(ip => `[${ip}]`)
)
const scheme = fc.constantFrom(
  'https://',
  'https://',
  'http://',
  'HTTPS://',
  'HtTp://',
  'ftp://',
  'file://',
  'javascript:',
  'https:',
  'https:/',
  'https:\\\\',
  '//',
  ''
)
const port = fc.oneof(
  fc.constant(''),
  fc.integer({ min: 0, max: 70000 }).map(p => `:${p}`),
  fc.constantFrom(':', ':abc', ':443', ':80')
)
const basePath = fc.oneof(
  fc.constant(''),
  fc
    .array(fc.constantFrom('api', 'v1', '..', '.', '%2e%2e', '', 'oauth', '@evil.com', 'x y'), {
      maxLength: 3
    })
    .map(parts => `/${parts.join('/')}`)
)
const userinfo = fc.oneof(
  { weight: 6, arbitrary: fc.constant('') },
  { weight: 1, arbitrary: fc.constantFrom('user:pass@', 'user@', ':pw@', 'a%40b:c@') }
)
const hostTail = fc.oneof(
  { weight: 6, arbitrary: fc.constant('') },
  { weight: 1, arbitrary: fc.constantFrom('/', '?', '?q=1', '#frag', '#', '//', '\\', ' ') }
)
const urlLikeHost = fc
  .tuple(scheme, userinfo, hostname, port, basePath, hostTail)
  .map(parts => parts.join(''))
const hostArb = fc.oneof(
  { weight: 6, arbitrary: urlLikeHost },
  { weight: 2, arbitrary: nasty },
  {
    weight: 2,
    arbitrary: fc
      .tuple(urlLikeHost, fc.oneof(control, oddity), fc.nat())
      .map(
        ([url, bad, at]) =>
          url.slice(0, at % (url.length + 1)) + bad + url.slice(at % (url.length + 1))
      )
  }
)

const PATH_PIECES = [
  '/',
  '//',
  '\\',
  '..',
  '.',
  '%2e',
  '%2E%2E',
  '%2f',
  '%5c',
  '@',
  ':',
  ':443',
  'evil.com',
  'evil.com:80',
  'http:',
  'https:',
  'HTTPS://evil.com',
  'javascript:alert(1)',
  '?',
  '?x=1',
  '#',
  ' ',
  '\t',
  '\n',
  '\r',
  'oauth',
  'token',
  '%00',
  '\u3002',
  'ｅｖｉｌ．ｃｏｍ',
  '／',
  '＼',
  '\u2215',
  'x',
  '~',
  'user:pass@evil.com',
  '%40',
  '\0',
  '\ufeff'
]
const tokenPathArb = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.array(fc.constantFrom(...PATH_PIECES), { maxLength: 6 }).map(p => p.join(''))
  },
  { weight: 2, arbitrary: nasty },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '',
      '/oauth/token',
      'oauth/token',
      '/realms/x/protocol/openid-connect/token'
    )
  }
)

const TOKEN_CHARS = "!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
const headerName = fc.string({ unit: fc.constantFrom(...TOKEN_CHARS), minLength: 1, maxLength: 20 })
/** A header name the action does not set itself, so only the line after it can be at fault. */
const freeHeaderName = headerName.filter(
  name => !RESERVED_HEADERS.some(header => header.toLowerCase() === name.toLowerCase())
)
const headerValue = fc.string({
  unit: fc.constantFrom(...HEADER_VALUE_CHARS.filter(c => c !== '\t')),
  maxLength: 40
})
/** Visible ASCII without ':' (so it cannot look like a header of its own). */
const word = fc.string({
  unit: fc.constantFrom(...HEADER_VALUE_CHARS.filter(c => c > ' ' && c !== ':')),
  minLength: 1,
  maxLength: 12
})
const BAD_NAME_CHARS = [
  ' ',
  '(',
  ')',
  ',',
  '/',
  ';',
  '<',
  '=',
  '>',
  '?',
  '@',
  '[',
  '\\',
  ']',
  '{',
  '}',
  '"',
  'é',
  '\0',
  '\x7f',
  '\r',
  '\t',
  '😀',
  '\u00a0',
  '\u0130'
]
const RESERVED_HEADERS = [
  'Host',
  'Content-Length',
  'Content-Type',
  'Transfer-Encoding',
  'Connection',
  'Upgrade',
  'TE',
  'Trailer',
  'Keep-Alive',
  'Proxy-Authorization',
  'Proxy-Connection'
]
const headerLine = fc.oneof(
  { weight: 6, arbitrary: fc.tuple(headerName, headerValue).map(([n, v]) => `${n}: ${v}`) },
  { weight: 1, arbitrary: fc.tuple(headerName, word, word).map(([n, a, b]) => `${n}: ${a}\r${b}`) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(headerName, fc.constantFrom(...BAD_NAME_CHARS), headerName, headerValue)
      .map(([a, bad, b, v]) => `${a}${bad}${b}: ${v}`)
  },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.mixedCase(fc.constantFrom(...RESERVED_HEADERS)), headerValue)
      .map(([n, v]) => `${n}: ${v}`)
  },
  { weight: 1, arbitrary: fc.tuple(headerName, mixed).map(([n, v]) => `${n}: ${v}`) },
  { weight: 2, arbitrary: mixed },
  { weight: 1, arbitrary: fc.constantFrom('', '   ', ':', ': v', 'X-A:', 'X-A', ' X-A : v ') }
)
const headersText = fc.oneof(
  {
    weight: 8,
    arbitrary: fc
      .tuple(fc.array(headerLine, { maxLength: 5 }), fc.constantFrom('\n', '\r\n'))
      .map(([lines, eol]) => lines.join(eol))
  },
  { weight: 1, arbitrary: nasty }
)

const RESERVED_PARAMS: Readonly<Record<string, string>> = {
  grant_type: 'grant-type',
  client_id: 'client-id',
  client_secret: 'client-secret',
  username: 'username',
  password: 'password',
  refresh_token: 'refresh-token',
  scope: 'scope',
  audience: 'audience'
}
const paramKey = fc
  .string({
    unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz_.-[]~'),
    minLength: 1,
    maxLength: 15
  })
  .filter(key => !(key in RESERVED_PARAMS))
const paramValue = fc.string({ unit: fc.constantFrom(...HEADER_VALUE_CHARS), maxLength: 40 })
const blank = fc.constantFrom('', ' ', '\t', '  ')
const paramLine = fc.oneof(
  { weight: 6, arbitrary: fc.tuple(paramKey, paramValue).map(([k, v]) => `${k}=${v}`) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(blank, fc.constantFrom(...Object.keys(RESERVED_PARAMS)), blank, paramValue)
      .map(([a, k, b, v]) => `${a}${k}${b}=${v}`)
  },
  {
    weight: 1,
    arbitrary: fc.tuple(paramKey, word, control, word).map(([k, a, c, b]) => `${k}=${a}${c}${b}`)
  },
  {
    weight: 1,
    arbitrary: fc
      .tuple(paramKey, oddity, paramKey, paramValue)
      .map(([a, o, b, v]) => `${a}${o}${b}=${v}`)
  },
  { weight: 2, arbitrary: mixed },
  { weight: 1, arbitrary: fc.constantFrom('', ' ', '=', '=v', 'k=', 'k==', 'a b=c') }
)
const extraParamsText = fc.oneof(
  {
    weight: 8,
    arbitrary: fc
      .tuple(fc.array(paramLine, { maxLength: 5 }), fc.constantFrom('\n', '\r\n'))
      .map(([lines, eol]) => lines.join(eol))
  },
  { weight: 1, arbitrary: nasty }
)

const numberish = fc.oneof(
  fc.integer({ min: -10, max: 1000 }).map(String),
  fc.double().map(String),
  fc.constantFrom(
    '0',
    '00',
    '0.0',
    '0.001',
    '0.0001',
    '1',
    '3',
    '10',
    '11',
    '600',
    '600.0',
    '600.0000000000001',
    '601',
    '1e3',
    '1E1',
    '0x10',
    '0b1',
    '0o7',
    '+5',
    '-0',
    '.5',
    '5.',
    '1_0',
    '١٢',
    '１２',
    '5s',
    '5 s',
    '3\n',
    '3\r\n4',
    'Infinity',
    'NaN',
    'true',
    '9'.repeat(400),
    `0.${'0'.repeat(400)}1`,
    '1'.padEnd(309, '0')
  ),
  nasty
)
const booleanish = fc.oneof(
  fc.mixedCase(fc.constantFrom('true', 'false', 'yes', 'no', 'on', 'off', '1', '0', 'y', 'n')),
  nasty
)

/** Any subset of the inputs, each valid-looking or hostile. */
const anyInputs = fc.record(
  {
    host: fc.oneof(fc.constant('https://api.example.com'), hostArb),
    'token-path': tokenPathArb,
    'grant-type': fc.oneof(
      fc.constantFrom(
        'password',
        'client_credentials',
        'refresh_token',
        'urn:ietf:params:oauth:grant-type:jwt-bearer'
      ),
      nasty
    ),
    'client-id': fc.oneof(fc.constant('client-1'), nasty),
    username: fc.oneof(fc.constant('user'), nasty),
    scope: fc.oneof(fc.constant('read write'), nasty),
    audience: nasty,
    'extra-params': extraParamsText,
    headers: headersText,
    'body-format': fc.oneof(fc.mixedCase(fc.constantFrom('json', 'form')), nasty),
    'client-auth': fc.oneof(fc.mixedCase(fc.constantFrom('body', 'basic')), nasty),
    'export-env': fc.oneof(fc.constantFrom('ACCESS_TOKEN', 'TOKEN_2', '2BAD', 'A-B'), nasty),
    timeout: numberish,
    retries: numberish,
    'allow-insecure-http': booleanish,
    'ca-certificate': fc.oneof(
      nasty,
      fc
        .tuple(mixed, mixed)
        .map(([a, b]) => `${a}-----BEGIN CERTIFICATE-----${b}-----END CERTIFICATE-----`)
    )
  },
  { requiredKeys: [] }
)

const ENV_ARB = fc.record(
  {
    OAUTH_HOST: hostArb,
    OAUTH_CLIENT_ID: nasty,
    OAUTH_GRANT_TYPE: nasty,
    OAUTH_USERNAME: nasty,
    OAUTH_SCOPE: nasty,
    'INPUT_EXPORT-ENV': fc.constant('')
  },
  { requiredKeys: [] }
)

// ---------------------------------------------------------------------------------------------
// Inputs
// ---------------------------------------------------------------------------------------------

describe('inputs: readConfig and its parsers', () => {
  it('any combination of inputs gives a Config or one clear ActionError naming an input, with no secret in it', async () => {
    await assertProperty(
      fc.property(
        anyInputs,
        ENV_ARB,
        secretArb,
        secretArb,
        secretArb,
        (values, env, s1, s2, s3) => {
          const all = {
            ...values,
            'client-secret': s1,
            password: s2,
            'refresh-token': s3
          }
          const result = attempt(() => readConfig(source(all, env)))
          if (result.ok) {
            expect(result.value.tokenUrl).toBeInstanceOf(URL)
            return
          }
          // grant-type jwt-bearer asks for input 'assertion', which names what to fix too.
          const message = assertClearError(
            result.error,
            ActionError,
            inputMentions(...INPUT_NAMES, 'assertion'),
            { oneLine: false }
          )
          assertNoSecret(message, [s1, s2, s3], 'readConfig error')
        }
      ),
      { numRuns: 400 }
    )
  })

  it('input error messages are one line, whatever CR, LF or control character the input holds', async () => {
    const names = INPUT_NAMES.filter(
      n => !['client-secret', 'password', 'refresh-token'].includes(n)
    )
    await assertProperty(
      fc.property(fc.constantFrom(...names), word, control, word, (name, a, c, b) => {
        const result = attempt(() =>
          readConfig(source({ ...VALID_INPUTS, [name]: `${a}${c}${b}` }))
        )
        if (result.ok) return
        assertClearError(result.error, ActionError, inputMentions(...INPUT_NAMES))
      }),
      { numRuns: 300 }
    )
  })

  it('error messages stay short, however long the input', async () => {
    const echoing = [
      'host',
      'body-format',
      'client-auth',
      'timeout',
      'retries',
      'allow-insecure-http',
      'grant-type',
      'export-env'
    ] as const
    await assertProperty(
      fc.property(fc.constantFrom(...echoing), huge, (name, value) => {
        const result = attempt(() => readConfig(source({ ...VALID_INPUTS, [name]: value })))
        if (result.ok) return
        const message = assertClearError(result.error, ActionError, inputMentions(...INPUT_NAMES), {
          oneLine: false
        })
        if (message.length > 1000) {
          throw new Error(
            `a ${value.length}-character input ${name} gives a ${message.length}-character message: ${message.slice(0, 200)}…`
          )
        }
      }),
      { numRuns: 40 }
    )
  })

  it('origin: whatever host and token-path readConfig accepts, the token URL stays on the host origin', async () => {
    await assertProperty(
      fc.property(
        hostArb,
        tokenPathArb,
        fc.constantFrom('', 'true', 'false'),
        (host, tokenPath, insecure) => {
          const values = {
            ...VALID_INPUTS,
            host,
            'token-path': tokenPath,
            'allow-insecure-http': insecure
          }
          const result = attempt(() => readConfig(source(values)))
          if (!result.ok) {
            assertClearError(result.error, ActionError, inputMentions('host', 'token-path'), {
              oneLine: false
            })
            return
          }
          const config: Config = result.value
          const expected = new URL(host.trim()).origin
          expect(config.tokenUrl.origin).toBe(expected)
          expect(buildTokenRequest(config).url.origin).toBe(expected)
          expect(['https:', 'http:']).toContain(config.tokenUrl.protocol)
          expect(config.tokenUrl.username + config.tokenUrl.password).toBe('')
          if (config.tokenUrl.protocol === 'http:' && insecure !== 'true') {
            // Plain http only to loopback, unless allowed.
            const name = config.tokenUrl.hostname.replace(/^\[|\]$/g, '')
            expect(name === 'localhost' || name.startsWith('127.') || name === '::1').toBe(true)
          }
        }
      ),
      { numRuns: 500 }
    )
  })

  it('origin: resolveTokenUrl never leaves the host origin, and refuses with an ActionError', async () => {
    await assertProperty(
      fc.property(hostArb, tokenPathArb, fc.boolean(), (host, tokenPath, allowInsecureHttp) => {
        const result = attempt(() => resolveTokenUrl(host, tokenPath, { allowInsecureHttp }))
        if (!result.ok) {
          assertClearError(result.error, ActionError, inputMentions('host', 'token-path'), {
            oneLine: false
          })
          return
        }
        expect(result.value.origin).toBe(new URL(host).origin)
      }),
      { numRuns: 500 }
    )
  })

  it('host: credentials in the URL are refused, and never echoed', async () => {
    await assertProperty(
      fc.property(
        fc.constantFrom('https://', 'http://', 'HTTPS://'),
        fc.constantFrom('user', 'u', ''),
        secretArb,
        fc.constantFrom(
          'api.example.com',
          'exa mple.com',
          'api.example.com:99999',
          'ex<ample.com',
          '[::1',
          'api.example.com/x?y'
        ),
        (prefix, user, secret, rest) => {
          const host = `${prefix}${user}:${secret}@${rest}`
          const result = attempt(() => readConfig(source({ ...VALID_INPUTS, host })))
          // Whatever part of a secret becomes user, password or host, the host is refused.
          expect(result.ok).toBe(false)
          if (result.ok) return
          const message = assertClearError(result.error, ActionError, inputMentions('host'))
          assertNoSecret(message, [secret, encodeURIComponent(secret)], 'host error')
        }
      ),
      { numRuns: 200 }
    )
  })

  it('allow-insecure-http: YAML booleans or one clear error naming the input', async () => {
    await assertProperty(
      fc.property(booleanish, value => {
        const values = {
          ...VALID_INPUTS,
          host: 'http://api.example.com',
          'allow-insecure-http': value
        }
        const result = attempt(() => readConfig(source(values)))
        const trimmed = value.trim()
        if (['true', 'True', 'TRUE'].includes(trimmed)) {
          expect(result.ok).toBe(true)
          if (result.ok) expect(result.value.allowInsecureHttp).toBe(true)
          return
        }
        expect(result.ok).toBe(false)
        if (result.ok) return
        const isFalse = ['', 'false', 'False', 'FALSE'].includes(trimmed)
        assertClearError(
          result.error,
          ActionError,
          isFalse ? inputMentions('host') : inputMentions('allow-insecure-http'),
          { oneLine: false }
        )
        if (isFalse) expect((result.error as Error).message).toContain('allow-insecure-http')
      }),
      { numRuns: 300 }
    )
  })

  it('timeout: a number of seconds, more than 0 and up to 3600, or one clear error naming the input', async () => {
    await assertProperty(
      fc.property(numberish, text => {
        const result = attempt(() => readConfig(source({ ...VALID_INPUTS, timeout: text })))
        if (!result.ok) {
          assertClearError(result.error, ActionError, inputMentions('timeout'), { oneLine: false })
          return
        }
        const { timeoutMs } = result.value
        expect(Number.isFinite(timeoutMs)).toBe(true)
        expect(timeoutMs).toBeGreaterThan(0)
        expect(timeoutMs).toBeLessThanOrEqual(3_600_000)
        const trimmed = text.trim()
        // Node's timers count whole milliseconds: a timeout under one is one.
        expect(timeoutMs).toBe(trimmed ? Math.max(1, Number(trimmed) * 1000) : 30_000)
      }),
      { numRuns: 400 }
    )
  })

  it('retries: a whole number 0 to 100, or one clear error naming the input', async () => {
    await assertProperty(
      fc.property(numberish, text => {
        const result = attempt(() => readConfig(source({ ...VALID_INPUTS, retries: text })))
        if (!result.ok) {
          assertClearError(result.error, ActionError, inputMentions('retries'), { oneLine: false })
          return
        }
        const { retries } = result.value
        expect(Number.isInteger(retries)).toBe(true)
        expect(retries).toBeGreaterThanOrEqual(0)
        expect(retries).toBeLessThanOrEqual(100)
        const trimmed = text.trim()
        expect(retries).toBe(trimmed ? Number(trimmed) : 3)
      }),
      { numRuns: 400 }
    )
  })

  it('timeout and retries: every in-range value is taken exactly', async () => {
    await assertProperty(
      fc.property(
        fc.integer({ min: 1, max: 3600 }),
        fc.integer({ min: 0, max: 100 }),
        (seconds, retries) => {
          const config = readConfig(
            source({ ...VALID_INPUTS, timeout: ` ${seconds} `, retries: String(retries) })
          )
          expect(config.timeoutMs).toBe(seconds * 1000)
          expect(config.retries).toBe(retries)
        }
      ),
      { numRuns: 200 }
    )
  })

  it('ca-certificate: PEM certificates, nothing, or one clear error naming the input', async () => {
    const pemish = fc.oneof(
      nasty,
      fc
        .tuple(mixed, mixed, mixed)
        .map(([a, b, c]) => `${a}-----BEGIN CERTIFICATE-----${b}-----END CERTIFICATE-----${c}`),
      fc
        .tuple(fc.base64String({ maxLength: 200 }))
        .map(([b]) => `-----BEGIN CERTIFICATE-----\n${b}\n-----END CERTIFICATE-----\n`),
      fc.constantFrom(
        '/nonexistent/ca.pem',
        '.',
        '/',
        '-----BEGIN',
        '-----BEGIN CERTIFICATE-----',
        '\0'
      )
    )
    await assertProperty(
      fc.property(pemish, value => {
        const result = attempt(() => readCaCertificates(value))
        if (result.ok) {
          for (const block of result.value)
            expect(block).toMatch(/^-----BEGIN CERTIFICATE-----[\s\S]+-----END CERTIFICATE-----$/)
          return
        }
        assertClearError(result.error, ActionError, inputMentions('ca-certificate'))
      }),
      { numRuns: 300 }
    )
  })
})

describe('inputs: long runs of one character', () => {
  // An input may be as long as an environment variable (128 KiB on Linux). A pattern such as
  // /[ \t]+$/m tries each start in a run of spaces and scans the run to its end: 100,000 spaces
  // took 4.5 s, 100,000 slashes 8 s. Best of three, as a busy machine only ever adds time; each
  // takes under 100 ms on a quiet machine, and a try took 200 ms beside other test workers.
  const run = 100_000
  const dir = mkdtempSync(join(tmpdir(), 'pem-'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))
  const beginLines = join(dir, 'ca.pem')
  writeFileSync(beginLines, '-----BEGIN CERTIFICATE-----\n'.repeat(600_000 / 28))
  const cases: [string, () => unknown][] = [
    ['ca-certificate', () => readCaCertificates(`-----BEGIN a${' '.repeat(run)}b`)],
    ['ca-certificate, folded', () => readCaCertificates(`-----BEGIN${' '.repeat(run)}b`)],
    ['private-key', () => readSigningKey(`-----BEGIN PRIVATE KEY-----${' '.repeat(run)}b`, '')],
    [
      'host',
      () =>
        resolveTokenUrl(`https://a.test/${'/'.repeat(run)}b`, '/t', { allowInsecureHttp: false })
    ],
    ['issuer', () => wellKnownUrls(`https://a.test/${'/'.repeat(run)}b`)],
    // Each '[' looked to the key's end for a ']': 100,000 took 8 s.
    ['extra-params', () => parseExtraParams(`${'['.repeat(run)}=v`)],
    // Each ellipsis looked to the run's end for more dots: 130,000 dots took 1 s a line.
    [
      'grant-type, in a log line',
      () => loggable(`grant_type ${'.'.repeat(130_000)}`, ['a-secret'])
    ],
    // A file may be 1 MiB: each BEGIN that no END follows was read to the end (1 MiB took 20 s).
    ['ca-certificate, a file of BEGIN lines', () => readCaCertificates(beginLines)],
    // A credential header's parameters (key=…;secret=…): each start in a run of word characters
    // looked to the run's end for an '=' (100,000 took 6 s). Over parseHeaders' 8,190 a line, as
    // a Config may be built by a caller.
    [
      'headers, their parameters masked',
      () =>
        buildTokenRequest({
          ...readConfig(source(VALID_INPUTS)),
          headers: [['Authorization', `${'a'.repeat(run)} ${'a'.repeat(run)}`]]
        })
    ]
  ]
  it.each(cases)('%s is read in linear time', (_name, read) => {
    expectCpuUnder(500, () => attempt(read))
  })
})

describe('inputs: headers', () => {
  it('every header accepted is a token name and a value without CR, LF or NUL; anything else is one clear error naming the line, without the secret', async () => {
    await assertProperty(
      fc.property(headersText, latin1SecretArb, fc.boolean(), (text, secret, first) => {
        // A secret in a value (an API key header) must not reach any message.
        const keyLine = `X-Api-Key: ${secret}`
        const withSecret = first ? `${keyLine}\n${text}` : `${text}\n${keyLine}`
        const result = attempt(() => parseHeaders(withSecret))
        if (!result.ok) {
          const message = assertClearError(result.error, ActionError, ["input 'headers' line "])
          assertNoSecret(message, [secret], 'headers error')
          return
        }
        for (const [name, value] of result.value) {
          expect(name).toMatch(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/)
          expect(value).not.toMatch(/[\r\n\0]/)
          expect(RESERVED_HEADERS.map(h => h.toLowerCase())).not.toContain(name.toLowerCase())
        }
      }),
      { numRuns: 500 }
    )
  })

  it('every header accepted is one Node can send (else it fails later, retried, as a bare ERROR)', async () => {
    await assertProperty(
      fc.property(headersText, text => {
        const result = attempt(() => parseHeaders(text))
        if (!result.ok) return
        for (const [name, value] of result.value) {
          // What Node's http client refuses at send time (ERR_INVALID_CHAR, ...).
          const check = attempt(() => {
            http.validateHeaderName(name)
            http.validateHeaderValue(name, value)
          })
          if (!check.ok) {
            throw new Error(
              `parseHeaders accepted ${JSON.stringify([name, value])}, which Node refuses: ${describeThrown(check.error)}`
            )
          }
        }
      }),
      { numRuns: 500 }
    )
  })

  it('a CR inside a header value is refused', async () => {
    await assertProperty(
      fc.property(
        // Valid lines before it: names the action does not own, each once.
        fc.uniqueArray(fc.tuple(freeHeaderName, headerValue), {
          maxLength: 3,
          selector: ([name]) => name.toLowerCase()
        }),
        headerName,
        word,
        word,
        (before, name, a, b) => {
          const lines = [...before.map(([n, v]) => `${n}: ${v}`), `${name}: ${a}\r${b}`]
          const result = attempt(() => parseHeaders(lines.join('\n')))
          expect(result.ok).toBe(false)
          if (result.ok) return
          const message = assertClearError(result.error, ActionError, [
            `input 'headers' line ${lines.length}`
          ])
          expect(message).toMatch(/control character/)
        }
      ),
      { numRuns: 300 }
    )
  })

  it('an LF can only start a new header line, which is checked like any other', async () => {
    await assertProperty(
      fc.property(freeHeaderName, word, word, (name, a, b) => {
        // b has no colon: it cannot be a header line of its own.
        const result = attempt(() => parseHeaders(`${name}: ${a}\n${b}`))
        expect(result.ok).toBe(false)
        if (result.ok) return
        assertClearError(result.error, ActionError, ["input 'headers' line 2"])
      }),
      { numRuns: 300 }
    )
  })

  it('a header name that is not an RFC 7230 token is refused', async () => {
    await assertProperty(
      fc.property(
        headerName,
        fc.constantFrom(...BAD_NAME_CHARS),
        headerName,
        headerValue,
        (a, bad, b, value) => {
          const result = attempt(() => parseHeaders(`${a}${bad}${b}: ${value}`))
          expect(result.ok).toBe(false)
          if (result.ok) return
          assertClearError(result.error, ActionError, ["input 'headers' line 1"])
        }
      ),
      { numRuns: 300 }
    )
  })

  it('headers the transport owns are refused in any casing, and so is Authorization with client-auth basic', async () => {
    await assertProperty(
      fc.property(
        fc.mixedCase(fc.constantFrom(...RESERVED_HEADERS)),
        fc.mixedCase(fc.constant('authorization')),
        headerValue,
        (name, auth, value) => {
          const reserved = attempt(() => parseHeaders(`${name}: ${value}`))
          expect(reserved.ok).toBe(false)
          if (!reserved.ok)
            assertClearError(reserved.error, ActionError, ["input 'headers' line 1"])
          const basic = attempt(() =>
            readConfig(
              source({
                ...VALID_INPUTS,
                'client-auth': 'basic',
                headers: `${auth}: Bearer x${value}`
              })
            )
          )
          expect(basic.ok).toBe(false)
          if (!basic.ok) assertClearError(basic.error, ActionError, inputMentions('headers'))
        }
      ),
      { numRuns: 200 }
    )
  })
})

describe('inputs: extra-params', () => {
  it('every parameter accepted is a clean key=value; anything else is one clear error naming the line', async () => {
    await assertProperty(
      fc.property(extraParamsText, secretArb, fc.boolean(), (text, secret, first) => {
        // A secret in a value (a client_assertion) must not reach any message.
        const keyLine = `client_assertion=${secret}`
        const withSecret = first ? `${keyLine}\n${text}` : `${text}\n${keyLine}`
        const result = attempt(() => parseExtraParams(withSecret))
        if (!result.ok) {
          const message = assertClearError(result.error, ActionError, [
            "input 'extra-params' line "
          ])
          assertNoSecret(message, [secret], 'extra-params error')
          return
        }
        const keys = result.value.map(([key]) => key)
        expect(new Set(keys).size).toBe(keys.length)
        for (const [key, value] of result.value) {
          expect(key).toMatch(/^[\x21-\x7e]+$/)
          expect(Object.keys(RESERVED_PARAMS)).not.toContain(key)
          expect(value).not.toMatch(/[\r\n\0]/)
          expect(value).toBe(value.trim())
        }
      }),
      { numRuns: 500 }
    )
  })

  it('a parameter the action sends itself (grant_type, client_id, client_secret, ...) is refused', async () => {
    await assertProperty(
      fc.property(
        fc.array(fc.tuple(paramKey, paramValue), { maxLength: 3 }),
        fc.constantFrom(...Object.keys(RESERVED_PARAMS)),
        blank,
        blank,
        paramValue,
        fc.array(fc.tuple(paramKey, paramValue), { maxLength: 3 }),
        (before, key, pre, post, value, after) => {
          const unique = (list: [string, string][]): string[] =>
            [...new Map(list).entries()].map(([k, v]) => `${k}=${v}`)
          const head = unique(before)
          const lines = [
            ...head,
            `${pre}${key}${post}=${value}`,
            ...unique(after.filter(([k]) => !before.some(([b]) => b === k)))
          ]
          const result = attempt(() => parseExtraParams(lines.join('\n')))
          expect(result.ok).toBe(false)
          if (result.ok) return
          const message = assertClearError(result.error, ActionError, [
            `input 'extra-params' line ${head.length + 1}`
          ])
          expect(message).toContain(key)
          expect(message).toContain(`input '${RESERVED_PARAMS[key]}'`)
        }
      ),
      { numRuns: 300 }
    )
  })

  it('a key that PHP form parsing (Laravel Passport) turns into grant_type, client_id, client_secret or refresh_token is refused', async () => {
    // PHP's $_POST maps '.' and ' ' in a name, and an unmatched '[', to '_': client.secret=x
    // overrides client_secret on a Passport server with body-format form.
    await assertProperty(
      fc.property(
        fc.constantFrom('grant_type', 'client_id', 'client_secret', 'refresh_token'),
        fc.constantFrom('.', '['),
        paramValue,
        (key, replacement, value) => {
          const mangled = key.replace('_', replacement)
          const result = attempt(() => parseExtraParams(`${mangled}=${value}`))
          if (result.ok) {
            throw new Error(`extra-params '${mangled}=…' accepted: PHP reads it as ${key}`)
          }
          assertClearError(result.error, ActionError, ["input 'extra-params' line 1"])
        }
      ),
      { numRuns: 50 }
    )
  })

  it("reads brackets in a key as PHP does: an unclosed '[' is '_', name[...] is name", async () => {
    // The lookahead the action used to read them with, as the reference.
    const reserved = ['grant_type', 'client_id', 'client_secret', 'username', 'password']
    const refused = (key: string): boolean => {
      const php = key.toLowerCase().replace(/[. ]|\[(?!.*\])/g, '_')
      return reserved.includes(php) || reserved.includes(php.split('[')[0] ?? php)
    }
    const part = fc.constantFrom(
      'grant',
      'client',
      '_',
      'type',
      'id',
      'secret',
      'user',
      '[',
      ']',
      '.',
      'x'
    )
    const accepted = (key: string): boolean => attempt(() => parseExtraParams(`${key}=v`)).ok
    for (const key of [
      'grant[type[x]',
      'grant]type[',
      'grant[type',
      'grant_type[x]',
      '[grant_type'
    ]) {
      expect([key, accepted(key)]).toEqual([key, !refused(key)])
    }
    await assertProperty(
      fc.property(fc.array(part, { minLength: 1, maxLength: 8 }), parts => {
        const key = parts.join('')
        expect([key, accepted(key)]).toEqual([key, !refused(key)])
      }),
      { numRuns: 300 }
    )
  })
})

// ---------------------------------------------------------------------------------------------
// Arbitraries: responses
// ---------------------------------------------------------------------------------------------

const accessTokenArb = fc.string({
  unit: fc.oneof(
    {
      weight: 20,
      arbitrary: fc.constantFrom(
        ...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~+/='
      )
    },
    { weight: 1, arbitrary: fc.constantFrom('%', '&', '"', '\\', '<', 'é', '😀', '*', '!', '#') }
  ),
  minLength: 1,
  maxLength: 120
})
const bearerArb = fc.mixedCase(fc.constant('bearer'))
const tokenTypeArb = fc.oneof(
  { weight: 4, arbitrary: bearerArb },
  { weight: 1, arbitrary: fc.constantFrom('DPoP', 'mac', 'N_A') }
)

interface ValidToken {
  access_token: string
  token_type?: string
  expires_in?: number | string
  refresh_token?: string
  id_token?: string
  scope?: string
}
const validTokenArb: fc.Arbitrary<ValidToken> = fc.record(
  {
    access_token: accessTokenArb,
    token_type: tokenTypeArb,
    expires_in: fc.oneof(
      fc.integer({ min: 0, max: 10 * 365 * 24 * 3600 }),
      fc.integer({ min: 0, max: 100_000 }).map(n => String(n)),
      // Seconds with a fraction, as some servers send them (no exponent: a form value has none).
      fc.integer({ min: 0, max: 100_000_000 }).map(n => n / 100)
    ),
    refresh_token: accessTokenArb,
    id_token: accessTokenArb,
    scope: fc.constantFrom('read', 'read write', 'openid profile email')
  },
  { requiredKeys: ['access_token'] }
)

function formBody(fields: Record<string, unknown>): string {
  const form = new URLSearchParams()
  for (const [key, value] of Object.entries(fields)) form.append(key, String(value))
  return form.toString()
}

const JSON_TYPES = [
  'application/json',
  'application/json; charset=utf-8',
  'APPLICATION/JSON',
  'application/problem+json',
  'text/plain',
  undefined
]
const FORM_TYPES = [
  'application/x-www-form-urlencoded',
  'application/x-www-form-urlencoded; charset=UTF-8',
  'text/plain',
  undefined
]

function response(
  status: number,
  body: string,
  contentType?: string,
  more: Record<string, string> = {}
): HttpResponse {
  const headers: http.IncomingHttpHeaders = { ...more }
  if (contentType !== undefined) headers['content-type'] = contentType
  return { status, headers, body }
}

/** A valid token response, as JSON or form-urlencoded. */
const validResponseArb = fc
  .tuple(
    validTokenArb,
    fc.boolean(),
    fc.constantFrom(...JSON_TYPES),
    fc.constantFrom(...FORM_TYPES),
    fc.constantFrom(200, 201)
  )
  .map(([token, asForm, jsonType, formType, status]) => ({
    token,
    response: asForm
      ? response(status, formBody({ ...token }), formType)
      : response(status, JSON.stringify(token), jsonType)
  }))

const wrongTypeValue = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 2 }),
  fc.constantFrom(
    '',
    ' ',
    'a b',
    'tab\there',
    'nl\nhere',
    '-1',
    'NaN',
    'Infinity',
    '1e3',
    '3600s',
    '0x10',
    '  ',
    '\u00a0'
  )
)
const wrongTypesBody = fc
  .record(
    {
      access_token: fc.oneof(accessTokenArb, wrongTypeValue),
      token_type: fc.oneof(tokenTypeArb, wrongTypeValue),
      expires_in: fc.oneof(fc.integer({ min: -1e9, max: 1e9 }), fc.double(), wrongTypeValue),
      refresh_token: fc.oneof(accessTokenArb, wrongTypeValue),
      id_token: wrongTypeValue,
      scope: fc.oneof(fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 }), wrongTypeValue),
      error: fc.oneof(
        fc.constantFrom('invalid_grant', 'invalid_client', 'server_error'),
        wrongTypeValue
      )
    },
    { requiredKeys: [] }
  )
  .map(fields => JSON.stringify(fields))
/** JSON literals JSON.stringify cannot make: NaN, -Infinity, 1e999, duplicates. */
const rawJsonOddities = fc.constantFrom(
  '{"access_token": NaN}',
  '{"access_token": "t", "expires_in": NaN}',
  '{"access_token": "t", "expires_in": 1e999}',
  '{"access_token": "t", "expires_in": -1e999}',
  '{"access_token": "t", "expires_in": -0}',
  '{"access_token": "t", "expires_in": 1e300}',
  '{"access_token": "t", "expires_in": "1e300"}',
  `{"access_token": "t", "expires_in": "${'9'.repeat(400)}"}`,
  '{"access_token": "t", "access_token": 5}',
  '{"access_token": "\\ud800"}',
  '{"access_token": "a\\u0000b"}',
  '{"__proto__": {"access_token": "t"}}',
  '{"constructor": 1, "toString": 2}',
  '{"access_token": {"toString": "x"}}',
  '[]',
  '[{"access_token": "t"}]',
  'null',
  'true',
  '0',
  '"access_token"',
  '{}',
  '{ }',
  '\ufeff{"access_token": "t"}',
  '{"access_token": "t"} trailing',
  '{"access_token": "t"',
  '{"access_token": "t",',
  '{'
)
const errorJsonBody = fc
  .record(
    {
      error: fc.oneof(
        fc.constantFrom(
          'invalid_grant',
          'invalid_client',
          'unauthorized_client',
          'invalid_scope',
          'invalid_request',
          'unsupported_grant_type'
        ),
        nasty
      ),
      error_description: nasty,
      message: nasty,
      hint: nasty
    },
    { requiredKeys: [] }
  )
  .map(fields => JSON.stringify(fields))
const htmlBody = fc
  .tuple(mixed, mixed, fc.constantFrom('<!DOCTYPE html>', '<html>', '<HTML>', '<body>', ''))
  .map(
    ([title, text, start]) =>
      `${start}<head><title>${title}</title><style>p{}</style><script>x()</script></head><body><h1>${text}</h1></body></html>`
  )
const truncatedJson = fc.tuple(validTokenArb, fc.nat()).map(([token, at]) => {
  const json = JSON.stringify(token)
  return json.slice(0, 1 + (at % (json.length - 1)))
})
const garbageBytes = fc
  .uint8Array({ maxLength: 300 })
  .map(bytes => Buffer.from(bytes).toString('utf8'))
const bodyArb = fc.oneof(
  { weight: 2, arbitrary: validTokenArb.map(t => JSON.stringify(t)) },
  { weight: 1, arbitrary: validTokenArb.map(t => formBody({ ...t })) },
  { weight: 3, arbitrary: wrongTypesBody },
  { weight: 2, arbitrary: rawJsonOddities },
  { weight: 2, arbitrary: errorJsonBody },
  {
    weight: 1,
    arbitrary: errorJsonBody.map(b => formBody(JSON.parse(b) as Record<string, unknown>))
  },
  { weight: 2, arbitrary: htmlBody },
  { weight: 2, arbitrary: truncatedJson },
  { weight: 2, arbitrary: garbageBytes },
  { weight: 2, arbitrary: fc.json() },
  { weight: 2, arbitrary: nasty }
)
const statusArb = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.constantFrom(
      200,
      201,
      204,
      301,
      302,
      307,
      308,
      400,
      401,
      403,
      404,
      405,
      408,
      415,
      429,
      500,
      502,
      503,
      504
    )
  },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 999 }) }
)
const contentTypeArb = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.constantFrom(
      ...JSON_TYPES,
      ...FORM_TYPES,
      'text/html; charset=utf-8',
      'application/octet-stream',
      '',
      ';',
      'json'
    )
  },
  { weight: 1, arbitrary: wireHeaderValue }
)
const retryAfterArb = fc.oneof(
  fc.constant(undefined),
  fc.integer({ min: 0, max: 120 }).map(String),
  fc.date({ noInvalidDate: true }).map(d => d.toUTCString()),
  fc.constantFrom('1'.padEnd(400, '0'), '-1', '1.5', 'soon', ''),
  wireHeaderValue
)
const anyResponseArb: fc.Arbitrary<HttpResponse> = fc
  .record({
    status: statusArb,
    body: bodyArb,
    contentType: contentTypeArb,
    retryAfter: retryAfterArb,
    location: fc.option(wireHeaderValue, { nil: undefined })
  })
  .map(({ status, body, contentType, retryAfter, location }) => {
    const more: Record<string, string> = {}
    if (retryAfter !== undefined) more['retry-after'] = retryAfter
    if (location !== undefined) more.location = location
    return response(status, body, contentType, more)
  })

/** Fast pseudo-random text, for bodies near the 1 MiB limit. */
function pseudoRandom(seed: number, size: number, alphabet: string): string {
  let x = seed | 0 || 1
  const out: string[] = new Array<string>(size)
  for (let i = 0; i < size; i++) {
    x ^= x << 13
    x ^= x >>> 17
    x ^= x << 5
    out[i] = alphabet[(x >>> 0) % alphabet.length] ?? 'a'
  }
  return out.join('')
}
function pseudoRandomBytes(seed: number, size: number): string {
  const bytes = Buffer.alloc(size)
  let x = seed | 0 || 1
  for (let i = 0; i < size; i++) {
    x ^= x << 13
    x ^= x >>> 17
    x ^= x << 5
    bytes[i] = x & 0xff
  }
  return bytes.toString('utf8')
}
const hugeBodyArb = fc
  .tuple(
    fc.integer({ min: 0, max: 7 }),
    fc.integer({ min: 256 * 1024, max: 1024 * 1024 - 1024 }),
    fc.integer(),
    accessTokenArb
  )
  .map(([kind, size, seed, token]): string => {
    const text = (n: number): string => pseudoRandom(seed, n, 'abcdefghij klmnop\n\t"\\<>&é😀')
    switch (kind) {
      case 0:
        return JSON.stringify({
          access_token: token,
          token_type: 'Bearer',
          expires_in: 3600,
          padding: 'x'.repeat(size)
        })
      case 1:
        return JSON.stringify({
          error: 'server_error',
          error_description: text(size),
          hint: text(Math.floor(size / 4))
        })
      case 2:
        return `<!doctype html><html><head><title>502 Bad Gateway</title><style>${'p{}'.repeat(1000)}</style></head><body>${'<p>line of text</p>\n'.repeat(Math.floor(size / 20))}</body></html>`
      case 3:
        return pseudoRandomBytes(seed, size)
      case 4:
        return JSON.stringify({ access_token: token, padding: text(size) }).slice(0, size)
      case 5:
        return `access_token=${encodeURIComponent(token)}&pad=${'x'.repeat(size)}`
      case 6:
        return `[${'1,'.repeat(Math.floor(size / 2))}1]`
      default:
        return `${'['.repeat(Math.floor(size / 2))}${']'.repeat(Math.floor(size / 2))}`
    }
  })

// ---------------------------------------------------------------------------------------------
// Responses: the parsers
// ---------------------------------------------------------------------------------------------

describe('responses: parseFields, describeAnswer, bodySnippet, readToken', () => {
  it('parseFields gives an object or undefined, never throws', async () => {
    await assertProperty(
      fc.property(anyResponseArb, res => {
        const result = attempt(() => parseFields(res))
        if (!result.ok) throw new Error(`parseFields threw ${describeThrown(result.error)}`)
        const fields = result.value
        if (fields !== undefined) {
          expect(typeof fields).toBe('object')
          expect(fields).not.toBeNull()
          expect(Array.isArray(fields)).toBe(false)
        }
      }),
      { numRuns: 500 }
    )
  })

  it('describeAnswer and bodySnippet give one short line, never throw', async () => {
    await assertProperty(
      fc.property(anyResponseArb, res => {
        const snippet = bodySnippet(res.body)
        expect(snippet).not.toMatch(/[\r\n]/)
        expect(snippet.length).toBeLessThanOrEqual(120)
        const answer = describeAnswer(res)
        expect(answer.startsWith(`HTTP ${res.status}`)).toBe(true)
        expect(answer).not.toMatch(/[\r\n]/)
        const typeLength = String(res.headers['content-type'] ?? '').length
        expect(answer.length).toBeLessThanOrEqual(1000 + typeLength)
      }),
      { numRuns: 500 }
    )
  })

  it('bodySnippet stays fast on hostile HTML (no regex backtracking blow-up)', async () => {
    // A proxy's HTML error page is quoted in the error; the transport admits up to 1 MiB, and
    // the quoting happens after the timeout no longer applies.
    const fragment = fc.constantFrom(
      '<',
      '<<',
      '<script',
      '<style',
      '<head',
      '<title>',
      '<title',
      '<html',
      'a',
      ' ',
      '>'
    )
    await assertProperty(
      fc.property(
        fc.array(fragment, { minLength: 1, maxLength: 3 }),
        fc.integer({ min: 16 * 1024, max: 64 * 1024 }),
        (unit, size) => {
          const pattern = unit.join('')
          const body = `<html>${pattern.repeat(Math.ceil(size / pattern.length)).slice(0, size)}`
          // The best of three: a loaded machine (a GC pause, a busy core) only ever adds time,
          // while a backtracking blow-up is slow every time. A run takes a few ms.
          const times = [0, 1, 2].map(() => {
            const started = cpuMs()
            describeAnswer(response(502, body, 'text/html'))
            return cpuMs() - started
          })
          const elapsed = Math.min(...times)
          if (elapsed > 250) {
            throw new Error(
              `describeAnswer took ${Math.round(elapsed)} ms on ${body.length} bytes of ${JSON.stringify(pattern)}`
            )
          }
        }
      ),
      { numRuns: 30, endOnFailure: true }
    )
  })

  it('readToken: any answer gives a well-formed Token or one clear BadResponse', async () => {
    await assertProperty(
      fc.property(anyResponseArb, fc.integer({ min: 0, max: 4_102_444_800_000 }), (res, sentAt) => {
        const result = attempt(() => readToken(res, sentAt))
        if (!result.ok) {
          assertClearError(result.error, BadResponse, ['HTTP ', 'access_token', 'token_type'], {
            oneLine: false
          })
          return
        }
        assertWellFormedToken(result.value)
      }),
      { numRuns: 500 }
    )
  })

  it('readToken: a BadResponse message is one line, whatever the body holds', async () => {
    const lines = fc.tuple(word, control, word).map(([a, c, b]) => `${a}${c}${b}`)
    const body = fc.oneof(
      fc.tuple(lines, lines).map(([k, v]) => formBody({ [k]: v })),
      fc.tuple(lines, lines).map(([k, v]) => JSON.stringify({ [k]: v })),
      fc.tuple(lines, lines).map(([k, v]) => JSON.stringify({ error: k, error_description: v })),
      fc.tuple(lines, lines).map(([k, v]) => `<html><title>${k}</title>${v}</html>`),
      lines
    )
    const type = fc.constantFrom(...JSON_TYPES, ...FORM_TYPES, 'text/html')
    await assertProperty(
      fc.property(body, type, fc.constantFrom(200, 201), (text, contentType, status) => {
        const result = attempt(() => readToken(response(status, text, contentType), 0))
        if (result.ok) return
        assertClearError(result.error, BadResponse, ['HTTP ', 'access_token', 'token_type'])
      }),
      { numRuns: 300 }
    )
  })

  it('readToken: a BadResponse message stays short, however big the body', async () => {
    const big = fc
      .tuple(word, fc.integer({ min: 2000, max: 64 * 1024 }))
      .map(([unit, size]) => unit.repeat(Math.ceil(size / unit.length)).slice(0, size))
    const body = fc.oneof(
      fc.tuple(big, big).map(([k, v]) => formBody({ [k]: v })),
      fc.tuple(big, big).map(([k, v]) => JSON.stringify({ [k]: v })),
      fc.tuple(big, big).map(([k, v]) => JSON.stringify({ error: k, error_description: v })),
      big.map(v => JSON.stringify({ access_token: 'token', padding: v }).slice(0, -2)),
      big
    )
    const type = fc.constantFrom(...JSON_TYPES, ...FORM_TYPES, 'text/html')
    await assertProperty(
      fc.property(body, type, fc.constantFrom(200, 201), (text, contentType, status) => {
        const result = attempt(() => readToken(response(status, text, contentType), 0))
        if (result.ok) return
        const message = assertClearError(
          result.error,
          BadResponse,
          ['HTTP ', 'access_token', 'token_type'],
          {
            oneLine: false
          }
        )
        if (message.length > 1000) {
          throw new Error(
            `a ${text.length}-character body gives a ${message.length}-character message: ${message.slice(0, 150)}…`
          )
        }
      }),
      { numRuns: 100 }
    )
  })

  it('readToken: wrong types are refused (access_token, token_type) or ignored with a warning (expires_in, scope, ...)', async () => {
    await assertProperty(
      fc.property(wrongTypeValue, wrongTypeValue, accessTokenArb, (bad, badExpiry, token) => {
        const numeric = attempt(() =>
          readToken(response(200, JSON.stringify({ access_token: bad }), 'application/json'), 0)
        )
        if (numeric.ok) {
          // Only a string without whitespace may pass.
          expect(typeof bad).toBe('string')
          expect(numeric.value.accessToken).toBe(bad)
        } else {
          const message = assertClearError(numeric.error, BadResponse, ['access_token'])
          if (typeof bad === 'string' && bad.length >= 4)
            assertNoSecret(message, [bad], 'readToken error')
        }
        const body = JSON.stringify({
          access_token: token,
          token_type: 'Bearer',
          expires_in: badExpiry
        })
        // As the server sends it: JSON has no NaN or Infinity, they arrive as null.
        const arrived: unknown = (JSON.parse(body) as { expires_in?: unknown }).expires_in
        const expiry = readToken(response(200, body, 'application/json'), 0)
        expect(expiry.accessToken).toBe(token)
        const asNumber = typeof arrived === 'number' && Number.isFinite(arrived) && arrived >= 0
        const asString = typeof arrived === 'string' && /^\d+(\.\d+)?$/.test(arrived.trim())
        // Sent at 0 (1970): an expiry past the year 9999 is ignored as too large.
        const inRange = Number(arrived) * 1000 < Date.UTC(10000, 0, 1)
        if ((asNumber || asString) && inRange) expect(expiry.expiresIn).toBe(String(arrived).trim())
        else {
          expect(expiry.expiresIn).toBe('')
          if (arrived !== null && arrived !== '' && arrived !== undefined) {
            expect(expiry.warnings.join(' ')).toContain('expires_in')
          }
        }
      }),
      { numRuns: 400 }
    )
  })

  it('readToken round-trips a valid token response, JSON or form, with Bearer in any casing', async () => {
    await assertProperty(
      fc.property(
        validResponseArb,
        fc.integer({ min: 0, max: 4_102_444_800_000 }),
        ({ token, response: res }, sentAt) => {
          const result = readToken(res, sentAt)
          expect(result.accessToken).toBe(token.access_token)
          const type = token.token_type ?? 'Bearer'
          expect(result.tokenType).toBe(type)
          const expected = type.toLowerCase() === 'bearer' ? 'Bearer' : type
          // N_A (RFC 8693): the token is not an access token, so no Authorization header.
          expect(result.authorization).toBe(
            type.toUpperCase() === 'N_A' ? '' : `${expected} ${token.access_token}`
          )
          expect(result.refreshToken).toBe(token.refresh_token ?? '')
          expect(result.idToken).toBe(token.id_token ?? '')
          expect(result.scope).toBe(token.scope ?? '')
          if (token.expires_in !== undefined) {
            expect(result.expiresIn).toBe(String(token.expires_in))
            const at = new Date(sentAt + Number(token.expires_in) * 1000)
            expect(result.expiresAt).toBe(at.toISOString().replace(/\.\d{3}Z$/, 'Z'))
          }
          assertWellFormedToken(result)
        }
      ),
      { numRuns: 500 }
    )
  })

  it('readToken takes expires-at from a JWT exp claim when expires_in is absent', async () => {
    await assertProperty(
      fc.property(
        fc.integer({ min: 1, max: 253_402_300_799 }),
        fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 3 }),
        (exp, extra) => {
          const part = (value: object): string =>
            Buffer.from(JSON.stringify(value)).toString('base64url')
          const jwt = `${part({ alg: 'none' })}.${part({ ...extra, exp })}.sig`
          const token = readToken(
            response(
              200,
              JSON.stringify({ access_token: jwt, token_type: 'bearer' }),
              'application/json'
            ),
            0
          )
          expect(token.expiresIn).toBe('')
          expect(token.expiresAt).toBe(new Date(exp * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z'))
          expect(token.authorization).toBe(`Bearer ${jwt}`)
        }
      ),
      { numRuns: 300 }
    )
  })
})

function assertWellFormedToken(token: Token): void {
  expect(typeof token.accessToken).toBe('string')
  expect(token.accessToken).not.toBe('')
  expect(token.accessToken).not.toMatch(/[\s\p{Cc}]/u)
  expect(token.tokenType).toMatch(/^[\x21-\x7e]+$/)
  if (token.tokenType.toUpperCase() === 'N_A') expect(token.authorization).toBe('')
  else expect(token.authorization.endsWith(` ${token.accessToken}`)).toBe(true)
  if (token.tokenType.toLowerCase() === 'bearer')
    expect(token.authorization).toBe(`Bearer ${token.accessToken}`)
  expect(token.expiresAt).toMatch(/^$|^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/)
  if (token.expiresIn) expect(token.expiresIn).toMatch(/^\d+(\.\d+)?(e[+-]\d+)?$/)
  for (const warning of token.warnings) {
    expect(warning).not.toMatch(/[\r\n]/)
    assertNoSecret(
      warning,
      [token.accessToken, token.refreshToken, token.idToken].filter(s => s.length >= 4),
      'warning'
    )
  }
}

describe('responses: jwtExpiry and parseRetryAfter', () => {
  it('jwtExpiry gives undefined or a finite positive number of ms, never throws', async () => {
    const segment = fc.oneof(
      fc.string({ maxLength: 20 }),
      fc.jsonValue().map(v => Buffer.from(JSON.stringify(v) ?? 'null').toString('base64url')),
      fc
        .oneof(fc.double(), fc.integer(), fc.constantFrom(1e306, 1.7e308, -1, 0, 1e13, '1'))
        .map(exp => Buffer.from(JSON.stringify({ exp })).toString('base64url'))
    )
    await assertProperty(
      fc.property(
        fc.oneof(
          nasty,
          fc.tuple(segment, segment, segment).map(p => p.join('.'))
        ),
        token => {
          const result = attempt(() => jwtExpiry(token))
          if (!result.ok) throw new Error(`jwtExpiry threw ${describeThrown(result.error)}`)
          if (result.value !== undefined) {
            expect(Number.isFinite(result.value)).toBe(true)
            expect(result.value).toBeGreaterThan(0)
          }
        }
      ),
      { numRuns: 400 }
    )
  })

  it('parseRetryAfter gives undefined or a finite wait >= 0, seconds and HTTP dates alike', async () => {
    const value = fc.oneof(
      fc.constant(undefined),
      retryAfterArb,
      fc.array(fc.oneof(fc.integer({ min: 0, max: 100 }).map(String), nasty), { maxLength: 3 }),
      nasty,
      fc.bigInt({ min: 0n, max: 10n ** 400n }).map(String)
    )
    await assertProperty(
      fc.property(value, fc.integer({ min: 0, max: 4_102_444_800_000 }), (header, now) => {
        const result = attempt(() => parseRetryAfter(header, now))
        if (!result.ok) throw new Error(`parseRetryAfter threw ${describeThrown(result.error)}`)
        if (result.value !== undefined) {
          expect(Number.isFinite(result.value)).toBe(true)
          expect(result.value).toBeGreaterThanOrEqual(0)
        }
      }),
      { numRuns: 500 }
    )
  })

  it('parseRetryAfter reads delta-seconds exactly and HTTP dates to the second', async () => {
    await assertProperty(
      fc.property(
        fc.integer({ min: 0, max: 1_000_000 }),
        fc.integer({ min: 0, max: 100_000 }),
        fc.integer({ min: 946_684_800_000, max: 4_102_444_800_000 }),
        (seconds, ahead, now) => {
          expect(parseRetryAfter(` ${seconds} `, now)).toBe(seconds * 1000)
          const date = new Date(now + ahead * 1000).toUTCString()
          const wait = parseRetryAfter(date, now)
          expect(wait).toBeDefined()
          expect(Math.abs((wait ?? 0) - ahead * 1000)).toBeLessThan(1000)
        }
      ),
      { numRuns: 300 }
    )
  })
})

// ---------------------------------------------------------------------------------------------
// requestToken end to end, with a fake transport and clock
// ---------------------------------------------------------------------------------------------

type Step = { kind: 'response'; response: HttpResponse } | { kind: 'throw'; error: unknown }

const TRANSPORT_CODES = [
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EBODYTOOLARGE',
  'EPROXYREFUSED',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'CERT_HAS_EXPIRED',
  'EPIPE',
  'ERROR'
]
const singleLine = fc.string({
  unit: fc.constantFrom(...HEADER_VALUE_CHARS.filter(c => c !== '\t'), 'é', '😀'),
  maxLength: 60
})
const circular: Record<string, unknown> = { a: 1 }
circular.self = circular
const thrownArb: fc.Arbitrary<unknown> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc
      .tuple(singleLine, fc.constantFrom(...TRANSPORT_CODES))
      .map(([m, c]) => new TransportError(m, c))
  },
  {
    weight: 1,
    arbitrary: fc
      .integer({ min: 1, max: 600 })
      .map(s => new TransportError(`timed out after ${s} s`, 'ETIMEDOUT'))
  },
  { weight: 1, arbitrary: mixed.map(m => new TypeError(m)) },
  { weight: 1, arbitrary: mixed.map(m => new RangeError(m)) },
  { weight: 1, arbitrary: mixed },
  {
    weight: 1,
    arbitrary: fc.constantFrom<unknown>(
      null,
      undefined,
      42,
      10n,
      Symbol('x'),
      circular,
      { code: 'ECONNRESET' },
      new Error('')
    )
  }
)
const stepArb: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 6,
    arbitrary: anyResponseArb.map((response): Step => ({ kind: 'response', response }))
  },
  { weight: 1, arbitrary: thrownArb.map((error): Step => ({ kind: 'throw', error })) }
)

const settingsArb = fc.record({
  grantType: fc.constantFrom('password', 'client_credentials', 'refresh_token', 'urn:custom'),
  clientAuth: fc.constantFrom('body', 'basic'),
  bodyFormat: fc.constantFrom('json', 'form'),
  retries: fc.constantFrom('0', '1', '3'),
  clientSecret: secretArb,
  password: secretArb,
  refreshToken: tokenSecretArb
})
type Settings = typeof settingsArb extends fc.Arbitrary<infer T> ? T : never

interface Drive {
  request: TokenRequest
  config: Config
  /** What main.ts masks before the request: the secret inputs and the Basic header. */
  secrets: string[]
  outcome: Outcome<Token>
  log: string[]
  calls: number
}

/** Runs the action's path from inputs to token as main.ts does, with `steps` as the server. */
async function drive(settings: Settings, steps: readonly Step[]): Promise<Drive> {
  const inputs = source({
    host: 'https://auth.example.com',
    'token-path': '/oauth/token',
    'grant-type': settings.grantType,
    'client-id': 'client-1',
    'client-secret': settings.clientSecret,
    username: 'user@example.com',
    password: settings.password,
    'refresh-token': settings.refreshToken,
    'client-auth': settings.clientAuth,
    'body-format': settings.bodyFormat,
    retries: settings.retries,
    headers: 'X-Request-Id: abc'
  })
  const secrets: string[] = []
  const mask = (values: readonly string[]): void => {
    for (const value of values) if (value && !secrets.includes(value)) secrets.push(value)
  }
  mask(readSecretInputs(inputs))
  const config = readConfig(inputs)
  const request = buildTokenRequest(config)
  mask(request.secrets)
  const log: string[] = []
  let calls = 0
  const send = async (): Promise<HttpResponse> => {
    const step = steps[Math.min(calls, steps.length - 1)]
    calls++
    if (!step) throw new TransportError('no step', 'ERROR')
    if (step.kind === 'throw') throw step.error
    return step.response
  }
  const clock = { now: () => 1_700_000_000_000, sleep: async () => {}, random: () => 0.5 }
  const outcome = await attemptAsync(() =>
    requestToken(request, config, {
      send,
      clock,
      log: line => log.push(line),
      debug: line => log.push(line)
    })
  )
  return { request, config, secrets, outcome, log, calls }
}

/** The failure names the endpoint, then says what went wrong: `Token request to URL failed...: detail`. */
function assertRequestError(run: Drive): string {
  if (run.outcome.ok) throw new Error('expected a failure')
  const prefix = `Token request to ${run.request.url.href} failed`
  const message = assertClearError(run.outcome.error, ActionError, [prefix])
  expect(message.startsWith(prefix)).toBe(true)
  // "failed: HTTP 401 ...", "failed after 4 attempts: ETIMEDOUT ...": a detail follows.
  expect(message.slice(prefix.length)).toMatch(/^[^:]*: \S/)
  return message
}

describe('requestToken: any server, any failure', () => {
  it('ends in a Token or one clear ActionError; the action itself never puts a secret in a message or log line', async () => {
    await assertProperty(
      fc.asyncProperty(
        settingsArb,
        fc.array(stepArb, { minLength: 1, maxLength: 4 }),
        async (settings, steps) => {
          const run = await drive(settings, steps)
          expect(run.calls).toBeLessThanOrEqual(run.config.retries + 1)
          for (const line of run.log) {
            expect(line).not.toMatch(/[\r\n]/)
            // Nothing the server said is in these steps, so any form of a secret came from us.
            expect(redact(line, run.secrets)).toBe(line)
          }
          if (run.outcome.ok) {
            assertWellFormedToken(run.outcome.value)
            return
          }
          const message = assertRequestError(run)
          if (redact(message, run.secrets) !== message) {
            throw new Error(
              `the raw message holds a form of a secret the action sent: ${message.slice(0, 400)}`
            )
          }
          expect(message.length).toBeLessThanOrEqual(run.request.url.href.length + 1300)
        }
      ),
      { numRuns: 400 }
    )
  })

  it('a valid token response round-trips through requestToken, after any number of retryable failures', async () => {
    const retryable = fc.oneof(
      fc.constantFrom(408, 429, 500, 502, 503, 504).map((status): Step => ({
        kind: 'response',
        response: response(status, '', undefined, { 'retry-after': '1' })
      })),
      fc.constantFrom('ECONNRESET', 'ETIMEDOUT', 'ECONNREFUSED').map((code): Step => ({
        kind: 'throw',
        error: new TransportError(`${code} happened`, code)
      })),
      truncatedJson.map((body): Step => ({
        kind: 'response',
        response: response(200, body, 'application/json')
      }))
    )
    await assertProperty(
      fc.asyncProperty(
        settingsArb,
        fc.array(retryable, { maxLength: 3 }),
        validResponseArb,
        async (settings, failures, valid) => {
          // A refresh token may be spent by a 2xx that was cut off, so that one is not retried.
          fc.pre(
            settings.grantType !== 'refresh_token' ||
              !failures.some(step => step.kind === 'response' && step.response.status === 200)
          )
          const run = await drive({ ...settings, retries: '3' }, [
            ...failures,
            { kind: 'response', response: valid.response }
          ])
          if (!run.outcome.ok) throw new Error(`failed: ${describeThrown(run.outcome.error)}`)
          const token = run.outcome.value
          expect(token.accessToken).toBe(valid.token.access_token)
          const type = valid.token.token_type ?? 'Bearer'
          expect(token.authorization).toBe(
            type.toUpperCase() === 'N_A'
              ? ''
              : `${type.toLowerCase() === 'bearer' ? 'Bearer' : type} ${valid.token.access_token}`
          )
          expect(run.calls).toBe(failures.length + 1)
        }
      ),
      { numRuns: 300 }
    )
  })

  it('secrets a server echoes back (error_description, message, hint, HTML, Location, errors) are gone after redact, as main.ts does it', async () => {
    const echo = (settings: Settings, request: TokenRequest): fc.Arbitrary<Step[]> => {
      const secretsSent = [
        settings.clientSecret,
        settings.password,
        settings.refreshToken,
        ...request.secrets
      ]
      const text = fc
        .tuple(
          filler(50),
          fc.constantFrom(...secretsSent),
          fc.constantFrom('raw', 'uri', 'form'),
          filler(20)
        )
        .map(([before, secret, form, after]) => {
          const shown =
            form === 'raw'
              ? secret
              : form === 'uri'
                ? encodeURIComponent(secret)
                : new URLSearchParams({ s: secret }).toString().slice(2)
          return `${before}${shown}${after}`
        })
      const status = fc.constantFrom(200, 301, 400, 401, 403, 404, 415, 429, 500, 502, 503)
      const step = fc.oneof(
        fc
          .tuple(status, text, text, text, fc.constantFrom(...JSON_TYPES))
          .map(([s, a, b, c, type]): Step => ({
            kind: 'response',
            response: response(
              s,
              JSON.stringify({ error: 'invalid_grant', error_description: a, message: b, hint: c }),
              type
            )
          })),
        fc.tuple(status, text, text).map(([s, a, b]): Step => ({
          kind: 'response',
          response: response(s, JSON.stringify({ message: a, hint: b }), 'application/json')
        })),
        fc.tuple(status, text).map(([s, a]): Step => ({
          kind: 'response',
          response: response(
            s,
            formBody({ error: 'invalid_client', error_description: a }),
            'application/x-www-form-urlencoded'
          )
        })),
        fc.tuple(status, text, text).map(([s, a, b]): Step => ({
          kind: 'response',
          response: response(
            s,
            `<!DOCTYPE html><html><head><title>${a}</title></head><body><p>${b}</p></body></html>`,
            'text/html'
          )
        })),
        fc
          .tuple(status, text)
          .map(([s, a]): Step => ({ kind: 'response', response: response(s, a, 'text/plain') })),
        fc.tuple(fc.constantFrom(301, 302, 307, 308), text).map(([s, a]): Step => ({
          kind: 'response',
          response: response(s, '', undefined, { location: `https://login.example.com/?${a}` })
        })),
        text.map((a): Step => ({ kind: 'throw', error: new TypeError(a) })),
        text.map((a): Step => ({ kind: 'throw', error: a }))
      )
      return fc.array(step, { minLength: 1, maxLength: 4 })
    }
    await assertProperty(
      fc.asyncProperty(
        settingsArb.chain(settings => {
          const request = buildTokenRequest(
            readConfig(
              source({
                host: 'https://auth.example.com',
                'grant-type': settings.grantType,
                'client-id': 'client-1',
                'client-secret': settings.clientSecret,
                username: 'user@example.com',
                password: settings.password,
                'refresh-token': settings.refreshToken,
                'client-auth': settings.clientAuth
              })
            )
          )
          return fc.tuple(fc.constant(settings), echo(settings, request))
        }),
        async ([settings, steps]) => {
          const run = await drive(settings, steps)
          if (run.outcome.ok) return
          const message = assertRequestError(run)
          const shown = redact(message, run.secrets)
          assertNoSecret(shown, run.secrets, 'redacted message')
          for (const line of run.log)
            assertNoSecret(redact(line, run.secrets), run.secrets, 'log line')
        }
      ),
      { numRuns: 400 }
    )
  })

  it('no 8-character piece of an echoed secret survives (clipping happens before redaction)', async () => {
    await assertProperty(
      fc.asyncProperty(
        settingsArb,
        fc.integer({ min: 0, max: 320 }),
        fc.constantFrom('error_description', 'message', 'html'),
        async (settings, length, where) => {
          const secret = settings.password
          // The answer is clipped to 300 (a field) or 120 (a snippet) characters.
          const before = 'lorem ipsum '
            .repeat(30)
            .slice(0, where === 'html' ? length % 130 : length)
          const text = `${before}${secret} and more text`
          const body =
            where === 'html'
              ? `<html><body><p>${text}</p></body></html>`
              : JSON.stringify({ error: 'invalid_grant', [where]: text })
          const run = await drive({ ...settings, grantType: 'password' }, [
            {
              kind: 'response',
              response: response(400, body, where === 'html' ? 'text/html' : 'application/json')
            }
          ])
          const message = assertRequestError(run)
          const shown = redact(message, run.secrets)
          for (let i = 0; i + 8 <= secret.length; i++) {
            const piece = secret.slice(i, i + 8)
            if (shown.includes(piece)) {
              throw new Error(
                `${JSON.stringify(piece)} of the password ${JSON.stringify(secret)} is in: …${shown.slice(-80)}`
              )
            }
          }
        }
      ),
      { numRuns: 300 }
    )
  })

  it('a 2xx body that holds a token the action could not parse never shows it (the token is not masked yet)', async () => {
    const tokenArb = fc
      .string({
        unit: fc.constantFrom(...'ABCDEFGHJKLMNPQRSTUVWXYZ/+='),
        minLength: 24,
        maxLength: 40
      })
      .map(t => `tokΩ${t}`)
    const wrap = fc.constantFrom(
      (t: string) => `)]}',\n{"access_token":"${t}","token_type":"Bearer"}`,
      (t: string) => `[{"access_token":"${t}","token_type":"Bearer"}]`,
      (t: string) => `access_token=${t}&token_type=Bearer&scope=read write`,
      (t: string) => `<html><body>access_token: ${t}</body></html>`,
      (t: string) => `access_token: ${t}`,
      (t: string) => `Your token is ${t}, valid for an hour`,
      (t: string) => `<r> <token>${t}</token> </r>`,
      (t: string) => `{"data":{"access_token":"${t}"}}`,
      (t: string) => `{"access_token":"${t}","token_type":"Bearer"}\n{"extra":1}`
    )
    await assertProperty(
      fc.asyncProperty(
        settingsArb,
        tokenArb,
        wrap,
        fc.constantFrom(
          'application/json',
          'text/plain',
          'text/html',
          'application/x-www-form-urlencoded',
          undefined
        ),
        async (settings, token, wrapIn, type) => {
          const body = wrapIn(token)
          const run = await drive({ ...settings, retries: '0' }, [
            { kind: 'response', response: response(200, body, type) }
          ])
          if (run.outcome.ok) return
          const message = assertRequestError(run)
          assertNoSecret(redact(message, run.secrets), [token], 'message about a 2xx body')
        }
      ),
      { numRuns: 200 }
    )
  })

  it('huge answers (up to 1 MiB) end in a Token or one clear, short ActionError', async () => {
    await assertProperty(
      fc.asyncProperty(
        settingsArb,
        hugeBodyArb,
        fc.constantFrom(200, 200, 201, 400, 500, 502),
        fc.constantFrom(...JSON_TYPES, ...FORM_TYPES, 'text/html'),
        async (settings, body, status, type) => {
          const run = await drive({ ...settings, retries: '1' }, [
            { kind: 'response', response: response(status, body, type) }
          ])
          if (run.outcome.ok) {
            assertWellFormedToken(run.outcome.value)
            return
          }
          const message = assertRequestError(run)
          expect(message.length).toBeLessThanOrEqual(run.request.url.href.length + 1300)
          expect(redact(message, run.secrets)).toBe(message)
        }
      ),
      { numRuns: 40 }
    )
  })
})

// Examples beside the properties: main.ts hands requestToken every masked value (deps.secrets),
// but requestToken masks what it sends itself, before a message clips or quotes the server.
describe('requestToken, by example', () => {
  const basic = `Basic ${Buffer.from('client-1:s3cret-basic-2024').toString('base64')}`
  it.each<[string, Record<string, string>, string]>([
    [
      'client-secret',
      { 'grant-type': 'client_credentials', 'client-secret': 'correct horse battery 2024' },
      'correct horse battery 2024'
    ],
    [
      'password',
      { 'grant-type': 'password', username: 'user', password: 'staple horse correct 2024' },
      'staple horse correct 2024'
    ],
    [
      'refresh-token',
      { 'grant-type': 'refresh_token', 'refresh-token': 'rt-0a1b2c3d-4e5f6a7b-8c9d' },
      'rt-0a1b2c3d-4e5f6a7b-8c9d'
    ],
    [
      'the Basic header it sends',
      {
        'grant-type': 'client_credentials',
        'client-secret': 's3cret-basic-2024',
        'client-auth': 'basic'
      },
      basic
    ]
  ])('masks %s, echoed in an error, in its message', async (_name, inputs, secret) => {
    const config = readConfig(
      source({ host: 'https://auth.example.com', 'client-id': 'client-1', retries: '0', ...inputs })
    )
    const body = JSON.stringify({
      error: 'invalid_client',
      error_description: `got ${secret} here`
    })
    const outcome = await attemptAsync(() =>
      requestToken(buildTokenRequest(config), config, {
        send: async () => response(401, body, 'application/json'),
        clock: { now: () => 0, sleep: async () => {}, random: () => 0.5 },
        log: () => undefined,
        debug: () => undefined
      })
    )
    if (outcome.ok) throw new Error('expected a failure')
    const message = assertClearError(outcome.error, ActionError, ['Token request to'])
    expect(message).toContain('HTTP 401 invalid_client: got *** here')
    expect(message).not.toContain(secret)
  })

  it("masks client-secret in a failure below HTTP, as a certificate's names may echo it", async () => {
    const secret = 'correct horse battery 2024'
    const config = readConfig(
      source({
        host: 'https://auth.example.com',
        'client-id': 'client-1',
        'client-secret': secret,
        retries: '0'
      })
    )
    const outcome = await attemptAsync(() =>
      requestToken(buildTokenRequest(config), config, {
        send: async () => {
          throw new TransportError(
            `Hostname/IP does not match certificate's altnames: Host: auth.example.com. is not in the cert's altnames: DNS:${secret}`,
            'ERR_TLS_CERT_ALTNAME_INVALID'
          )
        },
        clock: { now: () => 0, sleep: async () => {}, random: () => 0.5 },
        log: () => undefined,
        debug: () => undefined
      })
    )
    if (outcome.ok) throw new Error('expected a failure')
    const message = assertClearError(outcome.error, ActionError, ['Token request to'])
    expect(message).toContain("is not in the cert's altnames: DNS:***")
    expect(message).not.toContain(secret)
  })

  it('says in its debug line how long the answer took', async () => {
    const config = readConfig(
      source({ host: 'https://auth.example.com', 'client-id': 'c', 'client-secret': 's' })
    )
    const times = [1000, 1250]
    const debug: string[] = []
    await requestToken(buildTokenRequest(config), config, {
      send: async () => response(200, '{"access_token":"at"}', 'application/json'),
      clock: { now: () => times.shift() ?? 0, sleep: async () => {}, random: () => 0.5 },
      log: () => undefined,
      debug: line => debug.push(line)
    })
    expect(debug).toEqual(['Answer: HTTP 200 (application/json, 21 bytes) in 250 ms'])
  })
})

describe('redact', () => {
  it('never throws, and leaves no secret (nor its URL, form or JSON encoding) in the text', async () => {
    const secret = fc.oneof(
      secretArb,
      fc.string({ unit: 'binary', minLength: 8, maxLength: 30 }).filter(s => !s.includes('*')),
      // A token from a JSON answer can hold a lone surrogate ("\ud800"); main.ts masks it, and
      // redacts with it should a later step fail.
      fc
        .tuple(secretArb, fc.constantFrom('\ud800', '\udbff', '\udc00', '\udfff'), fc.nat())
        .map(([s, lone, at]) => s.slice(0, at % s.length) + lone + s.slice(at % s.length))
    )
    await assertProperty(
      fc.property(
        fc.array(secret, { minLength: 1, maxLength: 3 }),
        filler(30),
        filler(30),
        fc.constantFrom('raw', 'uri', 'form', 'json'),
        (secrets, before, after, form) => {
          const first = secrets[0] ?? ''
          const encoded = attempt(() =>
            form === 'raw'
              ? first
              : form === 'uri'
                ? encodeURIComponent(first)
                : form === 'form'
                  ? new URLSearchParams({ s: first }).toString().slice(2)
                  : JSON.stringify(first).slice(1, -1)
          )
          // As the text holds it: encoded, or raw when the encoding itself throws.
          const shown = encoded.ok ? encoded.value : first
          const text = `${before}${shown}${after}`
          const result = attempt(() => redact(text, secrets))
          if (!result.ok)
            throw new Error(
              `redact threw ${describeThrown(result.error)} for secrets ${JSON.stringify(secrets)}`
            )
          expect(result.value.includes(shown)).toBe(false)
          for (const s of secrets) expect(result.value.includes(s)).toBe(false)
        }
      ),
      { numRuns: 400 }
    )
  })
})
