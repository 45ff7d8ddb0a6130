import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import { execFileSync } from 'node:child_process'
import { X509Certificate } from 'node:crypto'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import {
  type Config,
  type InputSource,
  ENV_FALLBACK,
  configWarnings,
  describeInput,
  isLoopback,
  parseExtraParams,
  parseHeaders,
  readConfig,
  readSecretInputs,
  resolveTokenUrl
} from '../src/config.js'
import { ActionError } from '../src/errors.js'
import { type Certificate, TestPki } from './support/pki.js'

type Inputs = Record<string, string>
type Env = Record<string, string | undefined>

function source(inputs: Inputs, env: Env = {}): InputSource {
  return { getInput: name => inputs[name] ?? '', env }
}

/** The least a valid config needs: a client_credentials client. */
const BASE: Inputs = {
  host: 'https://api.example.com',
  'client-id': 'client-1',
  'client-secret': 'shh'
}

function read(inputs: Inputs, env: Env = {}): Config {
  return readConfig(source({ ...BASE, ...inputs }, env))
}

/** What readConfig throws, checked to be a one-line ActionError. */
function failure(inputs: Inputs, env: Env = {}, base: Inputs = BASE): string {
  try {
    readConfig(source({ ...base, ...inputs }, env))
  } catch (error) {
    expect(error).toBeInstanceOf(ActionError)
    const { message } = error as ActionError
    expect(message).not.toMatch(/[\r\n]/)
    return message
  }
  throw new Error('readConfig did not throw')
}

describe('readConfig defaults', () => {
  it('fills every default from the inputs table', () => {
    const config = read({})
    expect(config).toEqual({
      tokenUrl: new URL('https://api.example.com/oauth/token'),
      grantType: 'client_credentials',
      clientId: 'client-1',
      clientSecret: 'shh',
      username: '',
      password: '',
      refreshToken: '',
      scope: '',
      audience: '',
      extraParams: [],
      headers: [],
      bodyFormat: 'json',
      clientAuth: 'body',
      exportEnv: 'ACCESS_TOKEN',
      timeoutMs: 30_000,
      retries: 3,
      allowInsecureHttp: false,
      caCertificates: []
    })
    expect(config.tokenUrl.href).toBe('https://api.example.com/oauth/token')
  })

  it('returns a frozen config', () => {
    const config = read({})
    expect(Object.isFrozen(config)).toBe(true)
    expect(() => {
      ;(config as { grantType: string }).grantType = 'password'
    }).toThrow(TypeError)
  })

  it('reads every input of the table', () => {
    const config = read(
      {
        host: 'https://auth.example.com/api',
        'token-path': '/connect/token',
        'grant-type': 'password',
        'client-id': 'cid',
        'client-secret': 'csecret',
        username: 'alice',
        password: 'pw',
        'refresh-token': 'rt',
        scope: 'read write',
        audience: 'https://api.example.com',
        'extra-params': 'resource=https://r.example.com\ntenant=acme',
        headers: 'X-Tenant: acme',
        'body-format': 'form',
        'client-auth': 'basic',
        'export-env': 'MY_TOKEN',
        timeout: '12.5',
        retries: '5',
        'allow-insecure-http': 'true'
      },
      { 'INPUT_EXPORT-ENV': 'MY_TOKEN' }
    )
    expect(config).toEqual({
      tokenUrl: new URL('https://auth.example.com/api/connect/token'),
      grantType: 'password',
      clientId: 'cid',
      clientSecret: 'csecret',
      username: 'alice',
      password: 'pw',
      refreshToken: 'rt',
      scope: 'read write',
      audience: 'https://api.example.com',
      extraParams: [
        ['resource', 'https://r.example.com'],
        ['tenant', 'acme']
      ],
      headers: [['X-Tenant', 'acme']],
      bodyFormat: 'form',
      clientAuth: 'basic',
      exportEnv: 'MY_TOKEN',
      timeoutMs: 12_500,
      retries: 5,
      allowInsecureHttp: true,
      caCertificates: []
    })
  })
})

describe('environment fallbacks', () => {
  const full: Inputs = {
    host: 'https://in.example.com',
    'grant-type': 'custom_grant',
    'client-id': 'in-id',
    'client-secret': 'in-secret',
    username: 'in-user',
    password: 'in-pass',
    'refresh-token': 'in-refresh',
    scope: 'in-scope',
    audience: 'in-audience'
  }
  const field = (config: Config, input: string): string => {
    switch (input) {
      case 'host':
        return config.tokenUrl.href
      case 'grant-type':
        return config.grantType
      case 'client-id':
        return config.clientId
      case 'client-secret':
        return config.clientSecret
      case 'username':
        return config.username
      case 'password':
        return config.password
      case 'refresh-token':
        return config.refreshToken
      case 'scope':
        return config.scope
      case 'audience':
        return config.audience
    }
    throw new Error(`no field for ${input}`)
  }
  const cases: [string, string, string, string][] = [
    ['host', 'OAUTH_HOST', 'https://env.example.com', 'https://env.example.com/oauth/token'],
    ['grant-type', 'OAUTH_GRANT_TYPE', 'env_grant', 'env_grant'],
    ['client-id', 'OAUTH_CLIENT_ID', 'env-id', 'env-id'],
    ['client-secret', 'OAUTH_CLIENT_SECRET', 'env-secret', 'env-secret'],
    ['username', 'OAUTH_USERNAME', 'env-user', 'env-user'],
    ['password', 'OAUTH_PASSWORD', 'env-pass', 'env-pass'],
    ['refresh-token', 'OAUTH_REFRESH_TOKEN', 'env-refresh', 'env-refresh'],
    ['scope', 'OAUTH_SCOPE', 'env scope', 'env scope'],
    ['audience', 'OAUTH_AUDIENCE', 'env-audience', 'env-audience']
  ]

  it('lists exactly the inputs the issue marks with a variable', () => {
    expect(Object.entries(ENV_FALLBACK).sort()).toEqual(
      cases.map(([input, variable]) => [input, variable]).sort()
    )
  })

  it.each(cases)('%s falls back to %s when empty', (input, variable, value, expected) => {
    const inputs = { ...full, [input]: '' }
    const config = readConfig(source(inputs, { [variable]: value }))
    expect(field(config, input)).toBe(expected)
  })

  it.each(cases)('%s wins over %s', (input, variable) => {
    const config = readConfig(source(full, { [variable]: 'from-env' }))
    const expected = input === 'host' ? 'https://in.example.com/oauth/token' : full[input]
    expect(field(config, input)).toBe(expected)
  })

  it('trims environment values', () => {
    const config = readConfig(
      source(
        {},
        {
          OAUTH_HOST: '  https://env.example.com \n',
          OAUTH_CLIENT_ID: ' id ',
          OAUTH_CLIENT_SECRET: '\ts\t'
        }
      )
    )
    expect(config.tokenUrl.href).toBe('https://env.example.com/oauth/token')
    expect(config.clientId).toBe('id')
    expect(config.clientSecret).toBe('s')
  })

  it('runs from the environment alone', () => {
    const config = readConfig(
      source(
        {},
        {
          OAUTH_HOST: 'https://env.example.com',
          OAUTH_CLIENT_ID: 'id',
          OAUTH_USERNAME: 'bob',
          OAUTH_PASSWORD: 'pw'
        }
      )
    )
    expect(config.grantType).toBe('password')
    expect(config.username).toBe('bob')
    expect(config.password).toBe('pw')
  })

  it.each([
    ['token-path', 'OAUTH_TOKEN_PATH', '/env/token'],
    ['extra-params', 'OAUTH_EXTRA_PARAMS', 'a=1'],
    ['headers', 'OAUTH_HEADERS', 'X-A: 1'],
    ['body-format', 'OAUTH_BODY_FORMAT', 'form'],
    ['timeout', 'OAUTH_TIMEOUT', '5']
  ])('%s has no variable: %s is ignored', (_input, variable, value) => {
    expect(read({}, { [variable]: value })).toEqual(read({}))
  })

  it.each([
    ['host', "input 'host' (or OAUTH_HOST)"],
    ['client-secret', "input 'client-secret' (or OAUTH_CLIENT_SECRET)"],
    ['token-path', "input 'token-path'"],
    ['export-env', "input 'export-env'"]
  ])('describeInput(%s) names the input and its variable', (input, expected) => {
    expect(describeInput(input)).toBe(expected)
  })
})

describe('readSecretInputs', () => {
  it('returns client-secret, password and refresh-token, from inputs or env', () => {
    const secrets = readSecretInputs(
      source(
        { 'client-secret': 'cs', 'refresh-token': 'rt', username: 'not-secret' },
        { OAUTH_PASSWORD: 'pw', OAUTH_CLIENT_SECRET: 'env-cs' }
      )
    )
    expect(secrets).toEqual(['cs', 'pw', 'rt'])
  })

  it('returns nothing when none is set', () => {
    expect(readSecretInputs(source({ 'client-id': 'id' }))).toEqual([])
  })
})

describe('grant-type', () => {
  it.each<[string, Inputs, Env, string]>([
    ['password when a username is given', { username: 'u', password: 'p' }, {}, 'password'],
    ['password when OAUTH_USERNAME is set', { password: 'p' }, { OAUTH_USERNAME: 'u' }, 'password'],
    ['client_credentials without a username', {}, {}, 'client_credentials'],
    ['client_credentials with only a password', { password: 'p' }, {}, 'client_credentials'],
    [
      'the input when given',
      { 'grant-type': 'refresh_token', 'refresh-token': 'r' },
      {},
      'refresh_token'
    ],
    [
      'the input over the username default',
      { username: 'u', 'grant-type': 'client_credentials' },
      {},
      'client_credentials'
    ],
    [
      'OAUTH_GRANT_TYPE',
      { 'refresh-token': 'r' },
      { OAUTH_GRANT_TYPE: 'refresh_token' },
      'refresh_token'
    ],
    [
      'any other grant as given',
      { 'grant-type': 'urn:ietf:params:oauth:grant-type:device_code' },
      {},
      'urn:ietf:params:oauth:grant-type:device_code'
    ]
  ])('is %s', (_name, inputs, env, expected) => {
    expect(read(inputs, env).grantType).toBe(expected)
  })

  it.each([
    ['client credentials'],
    ['password\u0001'],
    ['password\u001b[31m'],
    ['password\u0085'],
    ['password\u00a0'],
    // Invisible characters a copy brings along.
    ['client_credentials\u200b'],
    ['pass\u00adword'],
    ['\u200fpassword']
  ])('must be one word: %j is refused', grantType => {
    expect(failure({ 'grant-type': grantType })).toBe(
      "input 'grant-type' (or OAUTH_GRANT_TYPE) must be one word, without spaces or control characters, e.g. password or client_credentials"
    )
  })
})

describe('configWarnings', () => {
  const warnings = (inputs: Inputs, env: Env = {}): string[] =>
    configWarnings(source({ ...BASE, ...inputs }, env), read(inputs, env))
  const PASSWORD_WITHOUT_USERNAME =
    "input 'password' (or OAUTH_PASSWORD) is set but input 'username' (or OAUTH_USERNAME) is empty, so grant-type is client_credentials, which does not send the password: set username for a password grant, or grant-type: client_credentials if that is meant"

  it.each<[string, Inputs, Env]>([
    ['input password', { password: 'p' }, {}],
    ['OAUTH_PASSWORD', {}, { OAUTH_PASSWORD: 'p' }],
    ['input password, OAUTH_USERNAME empty', { password: 'p' }, { OAUTH_USERNAME: '  ' }]
  ])('warns when a password comes without a username: %s', (_name, inputs, env) => {
    expect(warnings(inputs, env)).toEqual([PASSWORD_WITHOUT_USERNAME])
  })

  it.each<[string, Inputs, Env, string]>([
    ['input refresh-token', { 'refresh-token': 'r' }, {}, 'client_credentials'],
    ['OAUTH_REFRESH_TOKEN', {}, { OAUTH_REFRESH_TOKEN: 'r' }, 'client_credentials'],
    ['a password grant', { username: 'u', password: 'p', 'refresh-token': 'r' }, {}, 'password']
  ])('warns when a refresh token comes without grant-type: %s', (_name, inputs, env, grant) => {
    expect(warnings(inputs, env)).toEqual([
      `input 'refresh-token' (or OAUTH_REFRESH_TOKEN) is set but grant-type is ${grant} (the default), which does not send it: set grant-type: refresh_token to use it, or grant-type: ${grant} if that is meant`
    ])
  })

  it.each<[string, Inputs, Env]>([
    ['client_credentials', { username: 'u', password: 'p' }, {}],
    ['refresh_token', { username: 'u', password: 'p' }, { OAUTH_REFRESH_TOKEN: 'r' }],
    ['client_credentials', { username: 'u' }, { OAUTH_PASSWORD: 'p' }]
  ])("warns when OAUTH_GRANT_TYPE=%s drops the step's username: %j %j", (grant, inputs, env) => {
    expect(warnings(inputs, { ...env, OAUTH_GRANT_TYPE: grant })).toEqual([
      `input 'username' is set but grant-type is ${grant}, which does not send it (OAUTH_GRANT_TYPE is set in the environment: set OAUTH_GRANT_TYPE: '' in this step's env)`
    ])
  })

  // A step for another API inherits the job's secrets for the first: said before they are sent.
  const OTHER_HOST = (variables: string) =>
    `input 'host' is https://api.example.com, not the job's OAUTH_HOST https://sso.other.example, yet this step's empty inputs are filled from ${variables}, which will go to it: if not meant for it, clear each in the step's env (${variables.split(' ')[0]}: '')`
  it.each<[string, Inputs, Env, string[]]>([
    [
      "OAUTH_CLIENT_SECRET, with the step's host",
      { 'client-secret': '' },
      { OAUTH_HOST: 'https://sso.other.example/base', OAUTH_CLIENT_SECRET: 's' },
      [OTHER_HOST('OAUTH_CLIENT_SECRET')]
    ],
    [
      'OAUTH_CLIENT_SECRET and OAUTH_PASSWORD',
      { 'client-secret': '', username: 'u' },
      {
        OAUTH_HOST: 'https://sso.other.example',
        OAUTH_CLIENT_SECRET: 's',
        OAUTH_PASSWORD: 'p'
      },
      [OTHER_HOST('OAUTH_CLIENT_SECRET and OAUTH_PASSWORD')]
    ],
    [
      'no secret from the job: the step gives its own',
      {},
      { OAUTH_HOST: 'https://sso.other.example', OAUTH_CLIENT_SECRET: 's' },
      []
    ],
    [
      "the job's OAUTH_HOST on the step's origin",
      { 'client-secret': '' },
      { OAUTH_HOST: 'https://API.example.com/v2', OAUTH_CLIENT_SECRET: 's' },
      []
    ],
    [
      'an OAUTH_HOST between no-break spaces, as pasted from a page, read as trimmed',
      { 'client-secret': '' },
      { OAUTH_HOST: '\u00a0https://sso.other.example\u00a0', OAUTH_CLIENT_SECRET: 's' },
      [OTHER_HOST('OAUTH_CLIENT_SECRET')]
    ],
    ['no OAUTH_HOST', { 'client-secret': '' }, { OAUTH_CLIENT_SECRET: 's' }, []],
    [
      'an OAUTH_HOST that is no URL',
      { 'client-secret': '' },
      { OAUTH_HOST: 'sso.other.example', OAUTH_CLIENT_SECRET: 's' },
      []
    ]
  ])('warns of secrets for another host: %s', (_name, inputs, env, expected) => {
    expect(warnings(inputs, env)).toEqual(expected)
  })

  it('gives both warnings, password first', () => {
    expect(warnings({ password: 'p', 'refresh-token': 'r' })).toEqual([
      PASSWORD_WITHOUT_USERNAME,
      expect.stringMatching(/^input 'refresh-token' /)
    ])
  })

  it('names no value, so no warning shows any part of a secret', () => {
    const text = warnings({ password: 'hunter2-secret', 'refresh-token': 'rt-secret-9' }).join('')
    expect(text).not.toContain('hunter2')
    expect(text).not.toContain('rt-secret')
  })

  it.each<[string, Inputs, Env]>([
    ['a plain client_credentials client', {}, {}],
    ['a password grant', { username: 'u', password: 'p' }, {}],
    ['a password grant from OAUTH_USERNAME', { password: 'p' }, { OAUTH_USERNAME: 'u' }],
    ['an explicit client_credentials', { password: 'p', 'grant-type': 'client_credentials' }, {}],
    [
      'OAUTH_GRANT_TYPE',
      { password: 'p', 'refresh-token': 'r' },
      { OAUTH_GRANT_TYPE: 'refresh_token' }
    ],
    ['a refresh_token grant', { 'grant-type': 'refresh_token', 'refresh-token': 'r' }, {}],
    [
      'an explicit password grant',
      { 'grant-type': 'password', username: 'u', password: 'p', 'refresh-token': 'r' },
      {}
    ],
    ['another grant type, sent as given', { 'grant-type': 'urn:example:custom' }, {}],
    [
      "a job's OAUTH_GRANT_TYPE and OAUTH_USERNAME",
      {},
      { OAUTH_GRANT_TYPE: 'client_credentials', OAUTH_USERNAME: 'u', OAUTH_PASSWORD: 'p' }
    ],
    [
      "a job's OAUTH_GRANT_TYPE: password with the step's username",
      { username: 'u', password: 'p' },
      { OAUTH_GRANT_TYPE: 'password' }
    ],
    [
      "OAUTH_GRANT_TYPE under the step's grant-type",
      { 'grant-type': 'client_credentials', username: 'u', password: 'p' },
      { OAUTH_GRANT_TYPE: 'password' }
    ],
    [
      "a job's OAUTH_USERNAME with the step's grant-type: client_credentials",
      { 'grant-type': 'client_credentials' },
      { OAUTH_USERNAME: 'u', OAUTH_PASSWORD: 'p' }
    ]
  ])('says nothing for %s', (_name, inputs, env) => {
    expect(warnings(inputs, env)).toEqual([])
  })

  const CASE = 'case-sensitive'
  const UNDERSCORES = 'spelt with underscores'
  it.each<[Inputs, Env, string, string, string]>([
    [{ 'grant-type': 'Password' }, {}, 'Password', 'password', CASE],
    [
      {},
      { OAUTH_GRANT_TYPE: 'CLIENT_CREDENTIALS' },
      'CLIENT_CREDENTIALS',
      'client_credentials',
      CASE
    ],
    [{ 'grant-type': 'Refresh_Token' }, {}, 'Refresh_Token', 'refresh_token', CASE],
    [
      { 'grant-type': 'refresh-token', 'refresh-token': 'rt' },
      {},
      'refresh-token',
      'refresh_token',
      UNDERSCORES
    ],
    [
      {},
      { OAUTH_GRANT_TYPE: 'client-credentials' },
      'client-credentials',
      'client_credentials',
      UNDERSCORES
    ],
    [
      { 'grant-type': 'Client-Credentials' },
      {},
      'Client-Credentials',
      'client_credentials',
      UNDERSCORES
    ]
  ])(
    'warns that a checked grant spelt otherwise is sent as given: %j %j',
    (inputs, env, given, meant, rule) => {
      expect(read(inputs, env).grantType).toBe(given)
      expect(warnings(inputs, env)).toEqual([
        `input 'grant-type' (or OAUTH_GRANT_TYPE) is ${given}, sent as given: grant types are ${rule}, so write ${meant} if that is meant`
      ])
    }
  )

  it.each(['urn:example:params:grant-type:device-code', 'pass-word', 'client_credentials-'])(
    'says nothing of grant-type %s, which is no checked grant spelt otherwise',
    grantType => {
      expect(warnings({ 'grant-type': grantType, 'client-secret': 's' }, {})).toEqual([])
    }
  )
})

describe('names with control or invisible characters', () => {
  it.each<[string, string, string]>([
    ['client-id', 'OAUTH_CLIENT_ID', 'app\nother'],
    ['username', 'OAUTH_USERNAME', 'user\tname'],
    ['audience', 'OAUTH_AUDIENCE', 'https://api\r.example.com'],
    ['client-id', 'OAUTH_CLIENT_ID', 'app\u0000'],
    // Invisible characters a copy from a web page or a chat brings along.
    ['client-id', 'OAUTH_CLIENT_ID', 'app-client\u200b'],
    ['client-id', 'OAUTH_CLIENT_ID', 'app-\ufeffclient'],
    ['username', 'OAUTH_USERNAME', 'ci\u00adbot@example.com'],
    ['audience', 'OAUTH_AUDIENCE', '\u202ahttps://api.example.com\u202c'],
    // The line and paragraph separators: line breaks to YAML and JavaScript.
    ['client-id', 'OAUTH_CLIENT_ID', 'c\u2028i'],
    ['username', 'OAUTH_USERNAME', 'u\u2029v'],
    ['audience', 'OAUTH_AUDIENCE', 'a\u2028b']
  ])('refuses %s (or %s) holding one', (name, variable, value) => {
    const message = `input '${name}' (or ${variable}) must not contain line breaks, tabs or other control or invisible characters`
    expect(failure({ [name]: value, password: 'p' })).toBe(message)
    expect(failure({ [name]: '' }, { [variable]: value, OAUTH_PASSWORD: 'p' })).toBe(message)
  })

  it.each(['read\nwrite', 'read\u2060 write', 'read\u2029write'])(
    'refuses a scope %j, saying to separate scopes with spaces',
    scope => {
      expect(failure({ scope })).toBe(
        "input 'scope' (or OAUTH_SCOPE) must not contain line breaks, tabs or other control or invisible characters: separate scopes with spaces"
      )
      expect(read({ scope: 'read write' }).scope).toBe('read write')
    }
  )

  it('takes names with a zero-width (non-)joiner, which some scripts and emoji need', () => {
    const username = 'می\u200cخواهم@example.com'
    expect(read({ username, password: 'p', 'client-id': 'app\u200dclient' })).toMatchObject({
      username,
      clientId: 'app\u200dclient'
    })
  })
})

describe('refresh-token', () => {
  // A token is one word: a line break in one, or a "Bearer " copied with it, is a slip.
  it.each([
    'Bearer def50200a1b2c3',
    'def50200 a1b2c3',
    'def50200\na1b2c3',
    'def50200a1b2c3\u200b',
    'def50200\u2028a1b2c3'
  ])('refuses %j, from the input or OAUTH_REFRESH_TOKEN', refreshToken => {
    const message =
      'input \'refresh-token\' (or OAUTH_REFRESH_TOKEN) must be the token alone, without spaces, line breaks or "Bearer " in front'
    const grant = { 'grant-type': 'refresh_token' }
    expect(failure({ ...grant, 'refresh-token': refreshToken })).toBe(message)
    expect(failure(grant, { OAUTH_REFRESH_TOKEN: refreshToken })).toBe(message)
  })

  it('takes a token of visible characters', () => {
    const refreshToken = 'def50200a1b2c3-_.~+/=%'
    expect(
      read({ 'grant-type': 'refresh_token', 'refresh-token': refreshToken }).refreshToken
    ).toBe(refreshToken)
  })
})

describe('required inputs', () => {
  it.each<[string, Inputs, Env, string]>([
    [
      'host',
      { host: '' },
      {},
      "input 'host' (or OAUTH_HOST) is required: the base URL of the API, e.g. https://api.example.com (or input 'issuer', to discover the token endpoint)"
    ],
    ['client-id', { 'client-id': '' }, {}, "input 'client-id' (or OAUTH_CLIENT_ID) is required"],
    [
      'username for password',
      { 'grant-type': 'password', password: 'p' },
      {},
      "input 'username' (or OAUTH_USERNAME) is required by grant-type password"
    ],
    [
      'password for password',
      { username: 'u' },
      {},
      "input 'password' (or OAUTH_PASSWORD) is required by grant-type password"
    ],
    [
      'password for password given by OAUTH_GRANT_TYPE',
      { username: 'u' },
      { OAUTH_GRANT_TYPE: 'password' },
      "input 'password' (or OAUTH_PASSWORD) is required by grant-type password (OAUTH_GRANT_TYPE is set in the environment: set OAUTH_GRANT_TYPE: '' in this step's env)"
    ],
    [
      "password for the password grant a job's OAUTH_USERNAME chose",
      { 'client-secret': 's' },
      { OAUTH_USERNAME: 'svc-user' },
      "input 'password' (or OAUTH_PASSWORD) is required by grant-type password (OAUTH_USERNAME is set in the environment: set OAUTH_USERNAME: '' in this step's env)"
    ],
    [
      'password for grant-type password, with a username from OAUTH_USERNAME',
      { 'grant-type': 'password' },
      { OAUTH_USERNAME: 'svc-user' },
      "input 'password' (or OAUTH_PASSWORD) is required by grant-type password"
    ],
    [
      'client-secret for client_credentials',
      { 'client-secret': '' },
      {},
      "input 'client-secret' (or OAUTH_CLIENT_SECRET) is required by grant-type client_credentials, unless client-auth is github-oidc or private-key-jwt (keyless) or extra-params passes client_assertion"
    ],
    ...['CLIENT_ASSERTION', 'client_assertion[]'].map((key): [string, Inputs, Env, string] => [
      `client-secret for client_credentials with ${key}=... in extra-params, not client_assertion`,
      { 'client-secret': '', 'extra-params': `${key}=abc` },
      {},
      "input 'client-secret' (or OAUTH_CLIENT_SECRET) is required by grant-type client_credentials, unless client-auth is github-oidc or private-key-jwt (keyless) or extra-params passes client_assertion"
    ]),
    [
      'client-secret for client_credentials given by OAUTH_GRANT_TYPE',
      { 'client-secret': '', username: 'u', password: 'p' },
      { OAUTH_GRANT_TYPE: 'client_credentials' },
      "input 'client-secret' (or OAUTH_CLIENT_SECRET) is required by grant-type client_credentials, unless client-auth is github-oidc or private-key-jwt (keyless) or extra-params passes client_assertion (OAUTH_GRANT_TYPE is set in the environment: set OAUTH_GRANT_TYPE: '' in this step's env)"
    ],
    [
      'refresh-token for refresh_token',
      { 'grant-type': 'refresh_token' },
      {},
      "input 'refresh-token' (or OAUTH_REFRESH_TOKEN) is required by grant-type refresh_token"
    ],
    [
      'subject-token for a token exchange a job-level OAUTH_GRANT_TYPE chose',
      {},
      { OAUTH_GRANT_TYPE: 'urn:ietf:params:oauth:grant-type:token-exchange' },
      "input 'subject-token' is required by grant-type urn:ietf:params:oauth:grant-type:token-exchange: github-oidc or a token (OAUTH_GRANT_TYPE is set in the environment: set OAUTH_GRANT_TYPE: '' in this step's env)"
    ],
    [
      'assertion for a JWT bearer grant a job-level OAUTH_GRANT_TYPE chose',
      {},
      { OAUTH_GRANT_TYPE: 'urn:ietf:params:oauth:grant-type:jwt-bearer' },
      "input 'assertion' is required by grant-type urn:ietf:params:oauth:grant-type:jwt-bearer: github-oidc or a JWT (OAUTH_GRANT_TYPE is set in the environment: set OAUTH_GRANT_TYPE: '' in this step's env)"
    ],
    // The default grant, which the workflow did not choose: the line says why it is this one.
    [
      'a username, for the password a public client gives without one',
      { 'client-secret': '', password: 'p' },
      {},
      "input 'username' (or OAUTH_USERNAME) is empty, so grant-type is client_credentials, which needs client-secret: set username for a password grant, or set client-secret"
    ],
    [
      'grant-type refresh_token, for the refresh-token a public client gives without it',
      { 'client-secret': '' },
      { OAUTH_REFRESH_TOKEN: 'r' },
      'grant-type is client_credentials without username, which needs client-secret and does not send refresh-token: set grant-type: refresh_token, or set client-secret'
    ]
  ])('%s', (_name, inputs, env, expected) => {
    expect(failure(inputs, env)).toBe(expected)
  })

  it.each<[string, Inputs, Partial<Config>]>([
    [
      'password grant for a public client',
      { 'client-secret': '', username: 'u', password: 'p' },
      { grantType: 'password', clientSecret: '', username: 'u', password: 'p' }
    ],
    [
      'client_credentials with a client assertion',
      {
        'client-secret': '',
        'extra-params':
          'client_assertion_type=urn:ietf:params:oauth:client-assertion-type:jwt-bearer\nclient_assertion=eyJ.x.y'
      },
      {
        grantType: 'client_credentials',
        clientSecret: '',
        extraParams: [
          ['client_assertion_type', 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer'],
          ['client_assertion', 'eyJ.x.y']
        ]
      }
    ],
    [
      'refresh_token for a public client',
      { 'client-secret': '', 'grant-type': 'refresh_token', 'refresh-token': 'r' },
      { grantType: 'refresh_token', clientSecret: '', refreshToken: 'r' }
    ],
    [
      'other grants, with nothing checked',
      { 'client-secret': '', 'grant-type': 'authorization_code' },
      { grantType: 'authorization_code', clientSecret: '', username: '', password: '' }
    ],
    [
      'grant types compared exactly',
      { 'client-secret': '', 'grant-type': 'Password' },
      { grantType: 'Password', username: '', password: '' }
    ]
  ])('accepts %s', (_name, inputs, expected) => {
    expect(read(inputs)).toMatchObject(expected)
  })

  it('refuses a URL longer than servers take, before any request, naming host and the path input', () => {
    // Node's own server answers 431, which would blame input 'headers'.
    expect(failure({ 'token-path': `/${'t'.repeat(8200)}` })).toBe(
      "input 'host' and input 'token-path' make a URL over 8,190 characters: shorten them"
    )
    expect(failure({ host: `https://api.example.com/${'h'.repeat(8200)}` })).toContain(
      "input 'host' and input 'token-path' make a URL over 8,190"
    )
    expect(read({ 'token-path': `/${'t'.repeat(8000)}` }).tokenUrl.href).toHaveLength(8024)
  })

  it('takes a URL of 8,190 characters, not one of 8,191, and names revoke-path for its URL', () => {
    // https://api.example.com/ is 24 characters.
    expect(read({ 'token-path': `/${'t'.repeat(8166)}` }).tokenUrl.href).toHaveLength(8190)
    expect(failure({ 'token-path': `/${'t'.repeat(8167)}` })).toMatch(/ over 8,190 characters/)
    const revokePath = `/${'r'.repeat(8167)}`
    const options = { allowInsecureHttp: false }
    expect(() =>
      resolveTokenUrl('https://api.example.com', revokePath, options, 'revoke-path')
    ).toThrow("input 'host' and input 'revoke-path' make a URL over 8,190 characters: shorten them")
  })

  it('form-encodes a request to an issuer whatever body-format says: an RFC 6749 server', () => {
    const withIssuer = { host: '', issuer: 'https://login.example.com' }
    expect(read({ ...withIssuer, 'body-format': 'json' }).bodyFormat).toBe('form')
    expect(read({ 'body-format': 'json' }).bodyFormat).toBe('json')
    // So resource may repeat, which a JSON body could not.
    const resources = 'resource=https://a.example.com\nresource=https://b.example.com'
    expect(read({ ...withIssuer, 'extra-params': resources }).extraParams).toHaveLength(2)
  })

  it('checks host before client-id', () => {
    expect(failure({ host: '', 'client-id': '' })).toMatch(/^input 'host' /)
  })
})

describe('host', () => {
  const noScheme =
    "input 'host' (or OAUTH_HOST) must start with https:// (or http:// for a server on this machine), e.g. https://api.example.com"
  const spaces = "input 'host' (or OAUTH_HOST) must be one URL, without spaces, tabs or line breaks"
  const emptyPart = (scheme: string): string =>
    `input 'host' (or OAUTH_HOST) has an empty host name, label or port after ${scheme}: fill it in, e.g. https://api.example.com (is a variable in it empty?)`
  it.each([
    ['https://api.example.com', 'https://api.example.com/oauth/token'],
    ['https://api.example.com/', 'https://api.example.com/oauth/token'],
    ['https://example.com/api', 'https://example.com/api/oauth/token'],
    ['https://example.com/api/', 'https://example.com/api/oauth/token'],
    ['https://example.com/api///', 'https://example.com/api/oauth/token'],
    ['https://example.com/a/b/c', 'https://example.com/a/b/c/oauth/token'],
    ['https://api.example.com:8443', 'https://api.example.com:8443/oauth/token'],
    ['https://api.example.com:443', 'https://api.example.com/oauth/token'],
    ['http://127.0.0.1:80/', 'http://127.0.0.1/oauth/token'],
    ['HTTPS://API.Example.COM', 'https://api.example.com/oauth/token'],
    ['https://api.example.com/?', 'https://api.example.com/oauth/token'],
    ['https://[2001:db8::1]', 'https://[2001:db8::1]/oauth/token'],
    ['http://localhost', 'http://localhost/oauth/token'],
    ['http://LOCALHOST:8080/api', 'http://localhost:8080/api/oauth/token'],
    ['http://127.0.0.1:3000', 'http://127.0.0.1:3000/oauth/token'],
    ['http://127.255.255.254', 'http://127.255.255.254/oauth/token'],
    ['http://127.1', 'http://127.0.0.1/oauth/token'],
    ['http://[::1]:8080', 'http://[::1]:8080/oauth/token'],
    ['http://[0:0:0:0:0:0:0:1]', 'http://[::1]/oauth/token'],
    ['https://api.example.com./api', 'https://api.example.com./api/oauth/token'],
    ['https://[2001:db8::]:8443/a:/b', 'https://[2001:db8::]:8443/a:/b/oauth/token'],
    ['https://api.example.com/a..b/', 'https://api.example.com/a..b/oauth/token']
  ])('accepts %s', (host, expected) => {
    expect(read({ host }).tokenUrl.href).toBe(expected)
  })

  const insecure =
    "input 'host' (or OAUTH_HOST) uses plain http://, which would send credentials unencrypted; use https://, or set allow-insecure-http: true"
  it.each([
    'http://api.example.com',
    'http://10.0.0.1',
    'http://128.0.0.1',
    'http://126.255.255.255',
    'http://[::2]',
    'http://[::ffff:127.0.0.1]',
    'http://localhost.example.com',
    'http://127.0.0.1.example.com'
  ])('refuses %s over plain http', host => {
    expect(failure({ host })).toBe(insecure)
    expect(failure({ host, 'allow-insecure-http': 'false' })).toBe(insecure)
  })

  it.each(['true', 'True', 'TRUE'])('allows plain http with allow-insecure-http %s', flag => {
    const config = read({ host: 'http://api.example.com/base/', 'allow-insecure-http': flag })
    expect(config.tokenUrl.href).toBe('http://api.example.com/base/oauth/token')
    expect(config.allowInsecureHttp).toBe(true)
  })

  it.each(['false', 'False', 'FALSE'])('reads allow-insecure-http %s', flag => {
    expect(read({ 'allow-insecure-http': flag }).allowInsecureHttp).toBe(false)
  })

  it.each(['yes', '1', 'on', 'tRUE'])('refuses allow-insecure-http %s', flag => {
    expect(failure({ 'allow-insecure-http': flag })).toBe(
      `input 'allow-insecure-http' must be true or false; got '${flag}'`
    )
  })

  it.each([
    ['api.example.com', noScheme],
    ['/oauth', noScheme],
    ['https:/api.example.com', noScheme],
    ['https:api.example.com', noScheme],
    ['http://127.0.0.1:8080\n/api', spaces],
    ['http://127.0.\n0.1', spaces],
    ['http://127.0.0.1:8080\t/x', spaces],
    ['https://api.example.com/a b', spaces],
    ['https://api.example.com/\u0000', spaces],
    // The URL parser drops these from a host name, and percent-encodes them in a path.
    ['http://127.0.0.1\u200b:8080', spaces],
    ['http://local\u00adhost:8080', spaces],
    ['https://api.example.com/api\u200f', spaces],
    ['ftp://example.com', "input 'host' (or OAUTH_HOST) must start with https:// (got ftp://...)"],
    ['localhost:8080', noScheme],
    ['https:///api', emptyPart('https://')],
    ['http:////tenant/', emptyPart('http://')],
    ['https://?x', emptyPart('https://')],
    ['https://#x', emptyPart('https://')],
    /* What a variable left empty leaves: the URL parser would send the name to DNS as it is, or
     * connect to the scheme's default port. */
    ['https://', emptyPart('https://')],
    ['https://.auth0.com', emptyPart('https://')],
    ['https://tenant..auth0.com/api', emptyPart('https://')],
    ['http://localhost:', emptyPart('http://')],
    ['http://127.0.0.1:/api', emptyPart('http://')],
    ['https://api.example.com:?x', emptyPart('https://')],
    ['http://[::1]:', emptyPart('http://')],
    [
      `https://${'a'.repeat(60)}.${'b'.repeat(60)}.${'c'.repeat(60)}.${'d'.repeat(60)}.example.com`,
      "input 'host' (or OAUTH_HOST) has a host name over 253 characters, which DNS does not allow"
    ],
    [
      'http://127.0.0.1:0',
      "input 'host' (or OAUTH_HOST) has port 0, where no server listens: give the server's port, or none for the scheme's default"
    ],
    [
      'https://api.example.com:0/api',
      "input 'host' (or OAUTH_HOST) has port 0, where no server listens: give the server's port, or none for the scheme's default"
    ],
    [
      'https://api.example.com:70000/api',
      "input 'host' (or OAUTH_HOST) has a port over 65535: give the server's port, or none for the scheme's default"
    ],
    [
      'http://127.0.0.1:65536',
      "input 'host' (or OAUTH_HOST) has a port over 65535: give the server's port, or none for the scheme's default"
    ],
    [
      'http://[::1]:99999?x',
      "input 'host' (or OAUTH_HOST) has a port over 65535: give the server's port, or none for the scheme's default"
    ],
    [
      `https://api.example.com:${'9'.repeat(40)}#x`,
      "input 'host' (or OAUTH_HOST) has a port over 65535: give the server's port, or none for the scheme's default"
    ],
    // Not a port: the parser's own refusal, quoted (or not, with '@').
    [
      'https://api.example.com:8o80',
      "input 'host' (or OAUTH_HOST) must be a URL such as https://api.example.com; got 'https://api.example.com:8o80'"
    ],
    [
      'https://user:99999@[::1/x',
      "input 'host' (or OAUTH_HOST) must be a URL such as https://api.example.com; it could not be parsed"
    ],
    [
      'https://user:pw@api.example.com:123456',
      "input 'host' (or OAUTH_HOST) must be a URL such as https://api.example.com; it could not be parsed"
    ],
    [
      'https://ci:84739201/x@api.example.com',
      "input 'host' (or OAUTH_HOST) must be a URL such as https://api.example.com; it could not be parsed"
    ],
    ['user:pw@api.example.com', noScheme],
    [
      'https://user:pass@api.example.com',
      "input 'host' (or OAUTH_HOST) must not contain credentials (user:password@); pass them as client-id and client-secret"
    ],
    [
      'https://user@api.example.com',
      "input 'host' (or OAUTH_HOST) must not contain credentials (user:password@); pass them as client-id and client-secret"
    ],
    [
      'https://:pass@api.example.com',
      "input 'host' (or OAUTH_HOST) must not contain credentials (user:password@); pass them as client-id and client-secret"
    ],
    [
      'https://api.example.com?tenant=a',
      "input 'host' (or OAUTH_HOST) must not have a query or fragment; put the endpoint's path in token-path"
    ],
    [
      'https://api.example.com/api#x',
      "input 'host' (or OAUTH_HOST) must not have a query or fragment; put the endpoint's path in token-path"
    ]
  ])('refuses %s', (host, expected) => {
    expect(failure({ host })).toBe(expected)
  })

  it('takes a host name of 253 characters and a final dot, which DNS does not count', () => {
    const name = `${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(61)}`
    expect(name).toHaveLength(253)
    expect(read({ host: `https://${name}.` }).tokenUrl.href).toBe(`https://${name}./oauth/token`)
  })

  it('refuses a host name of 254 characters, one over what DNS allows', () => {
    const name = `${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(62)}`
    expect(name).toHaveLength(254)
    expect(failure({ host: `https://${name}` })).toBe(
      "input 'host' (or OAUTH_HOST) has a host name over 253 characters, which DNS does not allow"
    )
  })

  // The URL parser reads a backslash as '/': this host is evil.example, not api.example.com.
  it.each(['https://evil.example\\@api.example.com', 'https://api.example.com\\tenant'])(
    'refuses host %s, which holds a backslash',
    host => {
      expect(failure({ host })).toBe("input 'host' (or OAUTH_HOST) must not contain a backslash")
    }
  )

  it('refuses credentials in OAUTH_HOST too, naming the variable', () => {
    expect(failure({ host: '' }, { OAUTH_HOST: 'https://u:p@api.example.com' })).toBe(
      "input 'host' (or OAUTH_HOST) must not contain credentials (user:password@); pass them as client-id and client-secret"
    )
  })

  it('does not echo credentials of a host it cannot parse', () => {
    const message = failure({ host: 'https://user:hunter2@exa%mple.com' })
    expect(message).toBe(
      "input 'host' (or OAUTH_HOST) must be a URL such as https://api.example.com; it could not be parsed"
    )
    expect(message).not.toContain('hunter2')
    expect(failure({ host: 'https://user:hunter2@exa mple.com' })).toBe(spaces)
    expect(failure({ host: 'user:hunter2@api.example.com' })).toBe(noScheme)
  })

  it('refuses plain http before anything else is checked after the host', () => {
    expect(failure({ host: 'http://api.example.com', 'client-id': '' })).toBe(insecure)
  })
})

describe('isLoopback', () => {
  it.each([
    ['localhost', true],
    ['LocalHost', true],
    ['127.0.0.1', true],
    ['127.9.8.7', true],
    ['::1', true],
    ['[::1]', true],
    ['0:0:0:0:0:0:0:1', true],
    ['128.0.0.1', false],
    ['10.0.0.1', false],
    ['::', false],
    ['::2', false],
    ['localhost.localdomain', false],
    ['127.example.com', false],
    ['example.com', false],
    ['127.255.255.255', true],
    ['127.0.0.256', false],
    ['127.0.0.01', false],
    ['127.0.0', false],
    ['127.0.0.1.2', false],
    ['127..0.1', false],
    ['127.0.0.-1', false],
    ['127.0.0.1e2', false],
    ['127.0.0.0x1', false],
    ['127.0.0. 1', false],
    ['127.0.0.', false],
    ['0127.0.0.1', false]
  ])('%s is %s', (hostname, expected) => {
    expect(isLoopback(hostname)).toBe(expected)
  })

  it('reads dotted decimal exactly as the RFC 3986 dec-octet grammar does', () => {
    const octet = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)'
    const reference = new RegExp(`^127\\.${octet}\\.${octet}\\.${octet}$`)
    const part = fc.oneof(
      fc.integer({ min: 0, max: 300 }).map(String),
      fc.stringMatching(/^[0-9 x.e+-]{0,4}$/)
    )
    fc.assert(
      fc.property(fc.array(part, { minLength: 1, maxLength: 5 }), parts => {
        const name = ['127', ...parts].join('.')
        expect(isLoopback(name)).toBe(reference.test(name))
      }),
      { numRuns: 2000 }
    )
  })
})

describe('token-path', () => {
  it.each([
    ['https://api.example.com', '/oauth/token', 'https://api.example.com/oauth/token'],
    ['https://api.example.com', 'oauth/token', 'https://api.example.com/oauth/token'],
    ['https://example.com/api/', 'token', 'https://example.com/api/token'],
    ['https://example.com/api', '/v2/token', 'https://example.com/api/v2/token'],
    [
      'https://kc.example.com/realms/demo',
      '/protocol/openid-connect/token',
      'https://kc.example.com/realms/demo/protocol/openid-connect/token'
    ],
    [
      'https://login.example.com/tenant-id',
      'oauth2/v2.0/token',
      'https://login.example.com/tenant-id/oauth2/v2.0/token'
    ],
    [
      'https://api.example.com',
      '/token?api-version=2',
      'https://api.example.com/token?api-version=2'
    ],
    ['https://api.example.com/api', '/../token', 'https://api.example.com/token']
  ])('%s + %s is %s', (host, tokenPath, expected) => {
    expect(read({ host, 'token-path': tokenPath }).tokenUrl.href).toBe(expected)
  })

  // The token endpoint's whole URL pasted as host would be sent its path twice: refused, with
  // the default token-path as with one the step gives, from the input or from OAUTH_HOST.
  const endsIn = (path: string): string =>
    `input 'host' (or OAUTH_HOST) ends in token-path ${path}: remove it from host`
  it.each([
    ['https://auth.example.com/oauth/token', '', endsIn('/oauth/token')],
    ['https://auth.example.com/oauth/token/', '', endsIn('/oauth/token')],
    ['https://auth.example.com/oauth/token', '/oauth/token', endsIn('/oauth/token')],
    ['https://example.com/tenant/oauth/token', '', endsIn('/oauth/token')],
    [
      'https://kc.example.com/realms/demo/protocol/openid-connect/token',
      '/protocol/openid-connect/token',
      endsIn('/protocol/openid-connect/token')
    ],
    ['https://example.com/oauth2/token', 'token', endsIn('/token')]
  ])('refuses host %s with token-path %j', (host, tokenPath, expected) => {
    expect(failure({ host, 'token-path': tokenPath })).toBe(expected)
    expect(failure({ host: '', 'token-path': tokenPath }, { OAUTH_HOST: host })).toBe(expected)
  })

  // The body carries the grant and the credentials: in the query they would go in the URL
  // beside the body's own, and a server that reads the query first would take them.
  it.each([
    ['/oauth/token?grant_type=client_credentials', 'grant_type', 'grant-type'],
    ['/oauth/token?api-version=2&client_secret=s3cr3t-value', 'client_secret', 'client-secret'],
    ['/oauth/token?Client_Id=other', 'Client_Id', 'client-id'],
    ['/oauth/token?username=mallory', 'username', 'username'],
    ['/oauth/token?password=x', 'password', 'password'],
    ['/oauth/token?refresh.token=x', 'refresh.token', 'refresh-token'],
    ['/oauth/token?client_assertion=eyJ.x.y', 'client_assertion', 'extra-params'],
    ['/oauth/token?Client.Assertion=eyJ.x.y', 'Client.Assertion', 'extra-params'],
    // The keyless inputs' own parameters, credentials too.
    ['/oauth/token?subject_token=eyJ.x.y', 'subject_token', 'subject-token'],
    ['/oauth/token?subject.token=eyJ.x.y', 'subject.token', 'subject-token'],
    ['/oauth/token?assertion=eyJ.x.y', 'assertion', 'assertion'],
    // As PHP reads a name: leading spaces skipped, a NUL ends it.
    ['/oauth/token?+client_secret=x', ' client_secret', 'client-secret'],
    ['/oauth/token?client_secret%00x=x', 'client_secret\\u0000x', 'client-secret'],
    // A space inside the name, '+' or %20 in the query, reads as '_' there too.
    ['/oauth/token?client+secret=x', 'client secret', 'client-secret'],
    ['/oauth/token?refresh%20token=x', 'refresh token', 'refresh-token']
  ])('refuses token-path %s', (tokenPath, key, owner) => {
    expect(failure({ 'token-path': tokenPath })).toBe(
      `input 'token-path' has "${key}" in its query, which the action sends in the body: use input '${owner}'`
    )
  })

  it.each([
    '/token?scope=x',
    '/token?audience=x',
    '/token?p=b2c_1_policy',
    '/token?subject_token_type=urn:x',
    '/token?assertion_type=x'
  ])('takes token-path %s, whose query names no grant or credential', tokenPath => {
    expect(read({ 'token-path': tokenPath }).tokenUrl.pathname).toBe('/token')
  })

  it('names revoke-path when host ends in it', () => {
    const options = { allowInsecureHttp: false }
    expect(() =>
      resolveTokenUrl(
        'https://api.example.com/oauth/revoke',
        '/oauth/revoke',
        options,
        'revoke-path'
      )
    ).toThrow("input 'host' (or OAUTH_HOST) ends in revoke-path /oauth/revoke: remove it from host")
  })

  // Revocation takes no query, so a '?' in revoke-path is refused; token-path may carry one.
  it('refuses a query in revoke-path, where token-path takes one', () => {
    const options = { allowInsecureHttp: false }
    expect(() =>
      resolveTokenUrl('https://api.example.com', '/oauth/revoke?tenant=1', options, 'revoke-path')
    ).toThrow(
      "input 'revoke-path' must be a plain path such as /oauth/revoke, without spaces, control characters, backslashes, '?' or '#'"
    )
    expect(resolveTokenUrl('https://api.example.com', '/oauth/token?tenant=1', options).href).toBe(
      'https://api.example.com/oauth/token?tenant=1'
    )
  })

  // Only the whole path that would be appended, and only at the end of host's path.
  it.each([
    ['https://token', '/token', 'https://token/token'],
    ['https://example.com/my-api', '/api', 'https://example.com/my-api/api'],
    [
      'https://kc.example.com/realms/token',
      '/protocol/openid-connect/token',
      'https://kc.example.com/realms/token/protocol/openid-connect/token'
    ],
    ['https://example.com/api', '/', 'https://example.com/api/'],
    ['https://example.com', '/', 'https://example.com/']
  ])('takes host %s with token-path %s', (host, tokenPath, expected) => {
    expect(read({ host, 'token-path': tokenPath }).tokenUrl.href).toBe(expected)
  })

  // A vendor's token URL as host, with the default token-path, would be sent the credentials at
  // …/token/oauth/token: refused, naming the path to move, split as the recipes split it.
  const moveTail = (path: string): string =>
    `input 'host' (or OAUTH_HOST) ends in ${path}: move it to token-path`
  it.each([
    [
      'https://kc.example.com/realms/ci/protocol/openid-connect/token',
      '/protocol/openid-connect/token'
    ],
    ['https://login.microsoftonline.com/tenant-id/oauth2/v2.0/token', '/oauth2/v2.0/token'],
    ['https://login.microsoftonline.com/tenant-id/oauth2/token', '/oauth2/token'],
    ['https://t.b2clogin.com/t.onmicrosoft.com/B2C_1_ci/oauth2/v2.0/token', '/oauth2/v2.0/token'],
    ['https://your-org.okta.com/oauth2/default/v1/token', '/v1/token'],
    ['https://your-org.okta.com/oauth2/v1/token', '/oauth2/v1/token'],
    ['https://ci.auth.eu-west-1.amazoncognito.com/oauth2/token', '/oauth2/token'],
    ['https://identity.example.com/connect/token', '/connect/token'],
    ['https://zitadel.example.com/oauth/v2/token', '/oauth/v2/token'],
    ['https://auth.internal.example.com/token', '/token'],
    ['https://dot.example.com/o/token/', '/token/']
  ])('refuses the token URL %s as host with the default token-path', (host, path) => {
    expect(failure({ host, 'token-path': '' })).toBe(moveTail(path))
    expect(failure({ host: '', 'token-path': '/oauth/token' }, { OAUTH_HOST: host })).toBe(
      moveTail(path)
    )
    // The split the line names reaches the same endpoint.
    const base = host.slice(0, host.lastIndexOf(path))
    expect(read({ host: base, 'token-path': path }).tokenUrl.href).toBe(host)
  })

  // Base paths stay: a tenant, a realm, an API's mount, and a token path the step gives.
  it.each([
    ['https://login.example.com/tenant-id', '', 'https://login.example.com/tenant-id/oauth/token'],
    ['https://kc.example.com/realms/ci', '', 'https://kc.example.com/realms/ci/oauth/token'],
    ['https://api.example.com/tokens', '', 'https://api.example.com/tokens/oauth/token'],
    ['https://api.example.com/v1', '', 'https://api.example.com/v1/oauth/token'],
    ['https://token.example.com', '', 'https://token.example.com/oauth/token'],
    ['https://example.com/oauth2/token', '/v2', 'https://example.com/oauth2/token/v2']
  ])('takes host %s with token-path %j', (host, tokenPath, expected) => {
    expect(read({ host, 'token-path': tokenPath }).tokenUrl.href).toBe(expected)
  })

  const notUrl =
    "input 'token-path' must be a path such as /oauth/token, not a URL: the host comes from input 'host' alone"
  const notPlain =
    "input 'token-path' must be a plain path such as /oauth/token, without spaces, control characters, backslashes or '#'"
  it.each([
    ['https://evil.example.com/token', notUrl],
    ['HTTP://evil.example.com/token', notUrl],
    ['//evil.example.com/token', notUrl],
    ['javascript:alert(1)', notUrl],
    ['/oauth token', notPlain],
    ['/oauth\\token', notPlain],
    ['\\\\evil.example.com/token', notPlain],
    ['/oauth#token', notPlain],
    ['/oauth\ttoken', notPlain],
    ['/oauth\ntoken', notPlain],
    ['/oauth\u0001token', notPlain],
    ['/oauth/token\u200b', notPlain],
    ['/oauth/\u2060token', notPlain]
  ])('refuses %s', (tokenPath, expected) => {
    expect(failure({ 'token-path': tokenPath })).toBe(expected)
  })
})

const NOT_ASCII_KEY =
  'has a key with spaces, control characters or non-ASCII characters: use a plain ASCII name'

describe('extra-params', () => {
  it.each<[string, string, [string, string][]]>([
    ['empty', '', []],
    ['one', 'resource=https://api.example.com', [['resource', 'https://api.example.com']]],
    [
      'several, in order',
      'b=2\na=1\nc=3',
      [
        ['b', '2'],
        ['a', '1'],
        ['c', '3']
      ]
    ],
    [
      'blank lines and spaces',
      '\n  tenant = acme  \n\n\t\nprompt=none\n',
      [
        ['tenant', 'acme'],
        ['prompt', 'none']
      ]
    ],
    [
      'CRLF line ends',
      'a=1\r\nb=2\r\n',
      [
        ['a', '1'],
        ['b', '2']
      ]
    ],
    ['an = in the value', 'filter=a=b', [['filter', 'a=b']]],
    ['an empty value', 'empty=', [['empty', '']]],
    ['a tab inside the value', 'a=x\ty', [['a', 'x\ty']]],
    ['a look-alike of a reserved name', 'grant_types=x', [['grant_types', 'x']]],
    // host has an OAUTH_* variable but is no body parameter: the URL carries it.
    ['host, which the body does not carry', 'host=tenant-1', [['host', 'tenant-1']]],
    [
      "names every object inherits, which are nobody's input",
      'constructor=a\ntoString=b\n__proto__=c\nhasOwnProperty=d',
      [
        ['constructor', 'a'],
        ['toString', 'b'],
        ['__proto__', 'c'],
        ['hasOwnProperty', 'd']
      ]
    ]
  ])('parses %s', (_name, text, expected) => {
    expect(parseExtraParams(text)).toEqual(expected)
    expect(read({ 'extra-params': text }).extraParams).toEqual(expected)
  })

  it.each([
    ['novalue', "input 'extra-params' line 1 must be key=value"],
    ['=value', "input 'extra-params' line 1 must be key=value"],
    ['a=1\n\n  =2', "input 'extra-params' line 3 must be key=value"],
    ['a b=1', `input 'extra-params' line 1 ${NOT_ASCII_KEY}`],
    ['a\u0000b=1', `input 'extra-params' line 1 ${NOT_ASCII_KEY}`],
    ['ключ=1', `input 'extra-params' line 1 ${NOT_ASCII_KEY}`],
    ['a=1\rb=2', "input 'extra-params' line 1 has a control character in its value: remove it"],
    [
      'x=1\ny=a\u0000b',
      "input 'extra-params' line 2 has a control character in its value: remove it"
    ],
    [
      'a=\u001b[31mred',
      "input 'extra-params' line 1 has a control character in its value: remove it"
    ],
    ['a=del\u007f', "input 'extra-params' line 1 has a control character in its value: remove it"],
    [
      'a=1\nb=2\na=3',
      "input 'extra-params' line 3 repeats a; each parameter may appear once (RFC 6749 §3.1)"
    ]
  ])('refuses %j', (text, expected) => {
    expect(failure({ 'extra-params': text })).toBe(expected)
  })

  it('takes resource more than once (RFC 8707 section 2), in a form body only', () => {
    const text = 'resource=https://api.example.com\nresource=https://api2.example.com'
    expect(read({ 'extra-params': text, 'body-format': 'form' }).extraParams).toEqual([
      ['resource', 'https://api.example.com'],
      ['resource', 'https://api2.example.com']
    ])
    expect(failure({ 'extra-params': text })).toBe(
      "input 'extra-params' repeats resource, which a JSON body cannot: set body-format: form"
    )
  })

  it.each([
    ['grant_type', 'grant-type'],
    ['client_id', 'client-id'],
    ['client_secret', 'client-secret'],
    ['username', 'username'],
    ['password', 'password'],
    ['refresh_token', 'refresh-token'],
    ['scope', 'scope'],
    ['audience', 'audience'],
    ['Grant_Type', 'grant-type'],
    ['CLIENT_SECRET', 'client-secret'],
    ['Client.Id', 'client-id'],
    ['Client_Secret[]', 'client-secret'],
    ['Grant.Type[x]', 'grant-type'],
    /* An unclosed '[' is read as '_' (PHP). */
    ['client[secret', 'client-secret'],
    ['grant[type', 'grant-type']
  ])('refuses the reserved %s, pointing to input %s', (key, input) => {
    expect(failure({ 'extra-params': `tenant=a\n${key}=x` })).toBe(
      `input 'extra-params' line 2 sets ${key}, which the action sends itself: use input '${input}'`
    )
  })

  it('never echoes a value in its messages', () => {
    const message = failure({ 'extra-params': 'assertion=sekrit\u0000value' })
    expect(message).not.toContain('sekrit')
  })
})

describe('headers', () => {
  it.each<[string, string, [string, string][]]>([
    ['empty', '', []],
    ['one', 'X-Tenant: acme', [['X-Tenant', 'acme']]],
    [
      'several, with blank lines and spaces',
      '\n  X-A:   1  \n\nX-B:2\n   \n',
      [
        ['X-A', '1'],
        ['X-B', '2']
      ]
    ],
    [
      'CRLF line ends',
      'X-A: 1\r\nX-B: 2\r\n',
      [
        ['X-A', '1'],
        ['X-B', '2']
      ]
    ],
    ['a colon in the value', 'X-Time: 12:00:01', [['X-Time', '12:00:01']]],
    ['a name of one character', 'X: 1', [['X', '1']]],
    ['a line of 8,190 characters', `X-Trace: ${'a'.repeat(8181)}`, [['X-Trace', 'a'.repeat(8181)]]],
    ['an empty value', 'X-Empty:', [['X-Empty', '']]],
    [
      'Latin-1 up to U+00FF in the value',
      'X-Name: Jos\u00e9 \u00ff',
      [['X-Name', 'Jos\u00e9 \u00ff']]
    ],
    ['token characters in the name', "X!#$%&'*+.^_`|~9: v", [["X!#$%&'*+.^_`|~9", 'v']]],
    ['Accept, replacing the default', 'Accept: application/jwt', [['Accept', 'application/jwt']]],
    ['User-Agent', 'User-Agent: mine/1.0', [['User-Agent', 'mine/1.0']]],
    // A gateway's login in front of the token endpoint (nginx auth_basic): the body authenticates
    // the client to the server behind it.
    [
      'Authorization with client-auth body',
      'Authorization: Bearer abc',
      [['Authorization', 'Bearer abc']]
    ]
  ])('parses %s', (_name, text, expected) => {
    expect(parseHeaders(text)).toEqual(expected)
    expect(read({ headers: text }).headers).toEqual(expected)
  })

  const invalidName =
    "input 'headers' line 1 has an invalid header name (letters, digits and !#$%&'*+-.^_`|~ only); one 'Name: value' per line"
  it.each([
    ['X-Tenant', "input 'headers' line 1 must be 'Name: value'"],
    [`X-Trace: ${'a'.repeat(8182)}`, "input 'headers' line 1 is over 8,190 characters: shorten it"],
    [
      Array.from({ length: 3000 }, (_, i) => `X-H${i}: v`).join('\n'),
      "input 'headers' holds over 16,000 characters in all: send fewer"
    ],
    [': value', "input 'headers' line 1 must be 'Name: value'"],
    ['X-A: 1\n\nbad', "input 'headers' line 3 must be 'Name: value'"],
    ['X Tenant: acme', invalidName],
    ['X(Tenant): acme', invalidName],
    ['Tenant\u00e9: acme', invalidName],
    ['X-A: 1\rX-B: 2', "input 'headers' line 1 has a control character in its value: remove it"],
    ['X-A: a\u0000b', "input 'headers' line 1 has a control character in its value: remove it"],
    [
      'X-A: \u0100',
      "input 'headers' line 1 has a character HTTP headers cannot carry (only Latin-1)"
    ],
    [
      'X-A: \u{1f600}',
      "input 'headers' line 1 has a character HTTP headers cannot carry (only Latin-1)"
    ],
    [
      'X-A: 1\nX-B: a\u0007',
      "input 'headers' line 2 has a control character in its value: remove it"
    ],
    [
      'Content-Type: text/plain',
      "input 'headers' line 1 sets Content-Type, which the action sets itself: remove that line"
    ],
    [
      'content-length: 5',
      "input 'headers' line 1 sets content-length, which the action sets itself: remove that line"
    ],
    [
      'Host: evil.example.com',
      "input 'headers' line 1 sets Host, which the action sets itself: remove that line"
    ],
    [
      'Content-Encoding: gzip',
      "input 'headers' line 1 sets Content-Encoding, which the action sets itself: remove that line"
    ],
    [
      'Transfer-Encoding: chunked',
      "input 'headers' line 1 sets Transfer-Encoding, which the action sets itself: remove that line"
    ],
    [
      'Connection: close',
      "input 'headers' line 1 sets Connection, which the action sets itself: remove that line"
    ],
    [
      'Proxy-Authorization: Basic x',
      "input 'headers' line 1 sets Proxy-Authorization, which the action sets itself: remove that line"
    ],
    [
      'TE: trailers',
      "input 'headers' line 1 sets TE, which the action sets itself: remove that line"
    ],
    [
      'Upgrade: h2c',
      "input 'headers' line 1 sets Upgrade, which the action sets itself: remove that line"
    ],
    [
      'Trailer: X-Checksum',
      "input 'headers' line 1 sets Trailer, which the action sets itself: remove that line"
    ],
    [
      'Keep-Alive: timeout=5',
      "input 'headers' line 1 sets Keep-Alive, which the action sets itself: remove that line"
    ],
    [
      'Proxy-Connection: keep-alive',
      "input 'headers' line 1 sets Proxy-Connection, which the action sets itself: remove that line"
    ],
    ['X-A: 1\nX-B: 2\nx-a: 3', "input 'headers' line 3 repeats x-a; give each header once"]
  ])('refuses %j', (text, expected) => {
    expect(failure({ headers: text })).toBe(expected)
  })

  it('takes 16,000 characters of names and values in all, not 16,001', () => {
    // Counted as the parsed pairs joined: X-A,<value>,X-B,<value>.
    const text = (length: number): string => `X-A: ${'a'.repeat(8000)}\nX-B: ${'b'.repeat(length)}`
    expect(read({ headers: text(7991) }).headers.join()).toHaveLength(16_000)
    expect(failure({ headers: text(7992) })).toBe(
      "input 'headers' holds over 16,000 characters in all: send fewer"
    )
  })

  it.each(['Authorization: Bearer x', 'authorization: Bearer x'])(
    'refuses %s with client-auth basic',
    text => {
      expect(failure({ headers: text, 'client-auth': 'basic' })).toBe(
        "input 'headers' must not set Authorization when client-auth is 'basic'"
      )
    }
  )
})

describe('body-format and client-auth', () => {
  it.each([
    ['json', 'json'],
    ['form', 'form'],
    ['FORM', 'form'],
    ['Json', 'json']
  ])('body-format %s is %s', (value, expected) => {
    expect(read({ 'body-format': value }).bodyFormat).toBe(expected)
  })

  it.each([
    ['body', 'body'],
    ['basic', 'basic'],
    ['Basic', 'basic']
  ])('client-auth %s is %s', (value, expected) => {
    expect(read({ 'client-auth': value }).clientAuth).toBe(expected)
  })

  it.each([
    ['body-format', 'xml', "input 'body-format' must be json or form; got 'xml'"],
    [
      'body-format',
      'application/json',
      "input 'body-format' must be json or form; got 'application/json'"
    ],
    [
      'client-auth',
      'post',
      "input 'client-auth' must be body, basic, github-oidc or private-key-jwt; got 'post'"
    ],
    [
      'client-auth',
      'client_secret_basic',
      "input 'client-auth' must be body, basic, github-oidc or private-key-jwt; got 'client_secret_basic'"
    ]
  ])('refuses %s %s', (input, value, expected) => {
    expect(failure({ [input]: value })).toBe(expected)
  })
})

describe('export-env', () => {
  it.each<[string, Inputs, Env, string]>([
    ['ACCESS_TOKEN when INPUT_EXPORT-ENV is absent', {}, {}, 'ACCESS_TOKEN'],
    ['empty when INPUT_EXPORT-ENV is present and empty', {}, { 'INPUT_EXPORT-ENV': '' }, ''],
    [
      'the input when given',
      { 'export-env': 'API_TOKEN' },
      { 'INPUT_EXPORT-ENV': 'API_TOKEN' },
      'API_TOKEN'
    ],
    [
      'the input even when the environment lacks it',
      { 'export-env': 'API_TOKEN' },
      {},
      'API_TOKEN'
    ],
    ['a name with an underscore first', { 'export-env': '_tok9' }, {}, '_tok9']
  ])('is %s', (_name, inputs, env, expected) => {
    expect(read(inputs, env).exportEnv).toBe(expected)
  })

  it.each(['1TOKEN', 'MY-TOKEN', 'MY TOKEN', 'TOKEN=x', 'TÖKEN', '$TOKEN'])('refuses %s', name => {
    expect(failure({ 'export-env': name }, { 'INPUT_EXPORT-ENV': name })).toBe(
      "input 'export-env' must be an environment variable name such as ACCESS_TOKEN, or empty"
    )
  })

  // `export-env: false` (YAML's boolean, as the runner passes it) means no export, as '' does:
  // taken as a name, the token went to every later step in a variable called false.
  it.each([
    'false',
    'False',
    'FALSE',
    'no',
    'none',
    'None',
    'off',
    'null',
    'true',
    'yes',
    'on',
    'On'
  ])('refuses %s, a word for off or on rather than a name', name => {
    expect(failure({ 'export-env': name }, { 'INPUT_EXPORT-ENV': name })).toBe(
      "input 'export-env' must be an environment variable name such as ACCESS_TOKEN, or empty"
    )
  })

  it.each([
    'PATH',
    'NODE_OPTIONS',
    'GITHUB_TOKEN',
    'github_env',
    'RUNNER_TEMP',
    'ACTIONS_RUNTIME_TOKEN',
    'LD_PRELOAD',
    'BASH_ENV',
    'NODE_EXTRA_CA_CERTS',
    'https_proxy',
    'SOCKS_PROXY',
    'ftp_proxy',
    // Where TLS clients write their session keys, and the resolver's host aliases and options.
    'SSLKEYLOGFILE',
    'HOSTALIASES',
    'LOCALDOMAIN',
    'RES_OPTIONS',
    'JAVA_TOOL_OPTIONS',
    'JDK_JAVA_OPTIONS',
    '_JAVA_OPTIONS',
    'PYTHONPATH',
    'PYTHONWARNINGS',
    'PERL5OPT',
    'PERL5LIB',
    'RUBYOPT',
    'GLIBC_TUNABLES',
    'TEMP',
    'Tmp',
    'SystemRoot',
    'SYSTEMDRIVE',
    'windir',
    'ComSpec',
    'PATHEXT',
    'PSModulePath',
    'USERPROFILE',
    'APPDATA',
    'LocalAppData',
    'ProgramData',
    'ProgramFiles',
    'CommonProgramFiles',
    'HOMEDRIVE',
    'HomePath',
    'PROCESSOR_ARCHITECTURE',
    'ProgramW6432',
    // .NET's: pwsh, Windows' default shell, is a .NET program, which a bad startup hook stops.
    'DOTNET_STARTUP_HOOKS',
    'dotnet_root',
    'COMPlus_EnableDiagnostics',
    'CORECLR_PROFILER_PATH',
    'CORECLR_ENABLE_PROFILING',
    'INPUT_TOKEN',
    'input_token',
    'STATE_revoke',
    'GIT_SSH_COMMAND',
    'GIT_ASKPASS',
    'SSH_ASKPASS',
    'PAGER',
    'EDITOR',
    'PS4',
    'PROMPT_COMMAND',
    'CDPATH',
    'SSL_CERT_FILE',
    'SSL_CERT_DIR',
    'CURL_CA_BUNDLE',
    'REQUESTS_CA_BUNDLE',
    'KUBECONFIG',
    'LANG',
    'LC_ALL',
    'GIT_EDITOR',
    'GIT_CONFIG_GLOBAL',
    'MANPAGER',
    'SUDO_EDITOR',
    'LESSOPEN',
    'BROWSER',
    'GCONV_PATH',
    'AWS_CA_BUNDLE',
    'SHELLOPTS',
    // A compiler or wrapper to run, a build tool's options or flags, a socket to talk to.
    'CC',
    'CXX',
    'RUSTC_WRAPPER',
    'MAVEN_OPTS',
    'GRADLE_OPTS',
    'GOFLAGS',
    'MAKEFLAGS',
    'CGO_LDFLAGS',
    'RUSTFLAGS',
    'DOCKER_HOST',
    'SSH_AUTH_SOCK',
    // Where tools find their files and settings, npm's and pip's settings, and bash's globbing.
    'GLOBIGNORE',
    'ZDOTDIR',
    'WGETRC',
    'GNUPGHOME',
    'GOPATH',
    'GOROOT',
    'GOPROXY',
    'JAVA_HOME',
    'CARGO_HOME',
    'CURL_HOME',
    'XDG_CONFIG_HOME',
    'XDG_RUNTIME_DIR',
    'PKG_CONFIG_PATH',
    'npm_config_registry',
    'NPM_CONFIG_USERCONFIG',
    'PIP_INDEX_URL',
    // bash rewrites _ at each command; the C library reads TZ, Java CLASSPATH, git which
    // protocols it may use, and tools their configuration's file.
    '_',
    'TZ',
    'CLASSPATH',
    'GIT_ALLOW_PROTOCOL',
    'GIT_PROTOCOL_FROM_USER',
    'DOCKER_CONFIG',
    'AWS_CONFIG_FILE',
    'AWS_SHARED_CREDENTIALS_FILE'
  ])('refuses %s, which the runner or later steps rely on', name => {
    expect(failure({ 'export-env': name }, { 'INPUT_EXPORT-ENV': name })).toBe(
      `input 'export-env' must not be ${name}, which the runner or later steps rely on`
    )
  })

  it.each(['OAUTH_CLIENT_SECRET', 'oauth_host'])(
    'refuses %s, which a later step of this action would read',
    name => {
      expect(failure({ 'export-env': name }, { 'INPUT_EXPORT-ENV': name })).toBe(
        `input 'export-env' must not be ${name}, which a later step of this action would read`
      )
    }
  )
})

it.each([
  'API_TOKEN',
  'NODE',
  'LDAP_TOKEN',
  'PROXY_TOKEN',
  'ENV_TOKEN',
  'PYTHON_TOKEN',
  'TEMP_TOKEN',
  'APPDATA_TOKEN',
  'OAUTH_TOKEN',
  'INPUTS_TOKEN',
  'GITLAB_TOKEN',
  'GIT_TOKEN',
  'GIT_PASSWORD',
  'GIT_CREDENTIALS',
  // actions/setup-node's .npmrc reads it for a registry's token; Node itself does not.
  'NODE_AUTH_TOKEN',
  'node_auth_token',
  'PS5_TOKEN',
  'LANG_TOKEN',
  'DOTNETTOKEN',
  'CC_TOKEN',
  'OPTS_TOKEN',
  'FLAGS_TOKEN',
  'DOCKER_TOKEN',
  'NPM_TOKEN',
  'PIPELINE_TOKEN',
  'HOMEPAGE_TOKEN',
  'PATHFINDER_TOKEN',
  'GO_TOKEN',
  'XDGTOKEN',
  'TZ_TOKEN',
  '__TOKEN',
  'CONFIG_TOKEN',
  'FILE_TOKEN',
  // This action's own: refused beside token-file only (deliver.ts), with a line of its own.
  'ACCESS_TOKEN_FILE'
])('takes export-env %s, which no tool reads at start', name => {
  expect(read({ 'export-env': name }, { 'INPUT_EXPORT-ENV': name }).exportEnv).toBe(name)
})

describe('client authentication', () => {
  it.each([
    ['body', 'client_assertion=eyJhbGciOiJSUzI1NiJ9.e30.c2ln'],
    ['basic', 'client_assertion_type=urn:x\nclient_assertion=eyJhbGciOiJSUzI1NiJ9.e30.c2ln']
  ])(
    'refuses a client-secret beside a client_assertion in extra-params (client-auth %s)',
    (clientAuth, params) => {
      expect(failure({ 'client-auth': clientAuth, 'extra-params': params })).toBe(
        "input 'client-secret' (or OAUTH_CLIENT_SECRET) must be empty when extra-params passes client_assertion: a client authenticates one way per request (RFC 6749 section 2.3)"
      )
      expect(
        failure({ 'client-secret': '', 'extra-params': params }, { OAUTH_CLIENT_SECRET: 'shh' })
      ).toMatch(/^input 'client-secret' \(or OAUTH_CLIENT_SECRET\) must be empty/)
    }
  )

  it('refuses client-auth basic beside a client_assertion in extra-params, with no secret', () => {
    const params = 'client_assertion_type=urn:x\nclient_assertion=eyJhbGciOiJSUzI1NiJ9.e30.c2ln'
    expect(failure({ 'client-secret': '', 'client-auth': 'basic', 'extra-params': params })).toBe(
      "input 'client-auth' must not be basic when extra-params passes client_assertion: a client authenticates one way per request (RFC 6749 section 2.3); use client-auth: body, or remove client_assertion"
    )
  })

  // Another spelling a server may read as client_assertion (ASP.NET's case, PHP's . and [ ]).
  const secretBeside =
    "input 'client-secret' (or OAUTH_CLIENT_SECRET) must be empty when extra-params passes client_assertion: a client authenticates one way per request (RFC 6749 section 2.3)"
  const basicBeside =
    "input 'client-auth' must not be basic when extra-params passes client_assertion: a client authenticates one way per request (RFC 6749 section 2.3); use client-auth: body, or remove client_assertion"
  it.each(
    ['CLIENT_ASSERTION', 'client.assertion', 'client_assertion[0]'].flatMap(
      (name): [string, string, Record<string, string>, string][] => [
        ['a client-secret', name, {}, secretBeside],
        ['client-auth basic', name, { 'client-secret': '', 'client-auth': 'basic' }, basicBeside]
      ]
    )
  )('refuses %s beside %s in extra-params', (_what, name, auth, refusal) => {
    const inputs = {
      ...auth,
      'grant-type': 'password',
      username: 'user-1',
      password: 'pw',
      'extra-params': `${name}=eyJhbGciOiJSUzI1NiJ9.e30.c2ln`
    }
    expect(failure(inputs)).toBe(refusal)
  })

  it('takes a client_assertion in extra-params alone', () => {
    const params = 'client_assertion=eyJhbGciOiJSUzI1NiJ9.e30.c2ln'
    expect(read({ 'client-secret': '', 'extra-params': params }).extraParams).toEqual([
      ['client_assertion', 'eyJhbGciOiJSUzI1NiJ9.e30.c2ln']
    ])
  })
})

describe('timeout and retries', () => {
  it.each([
    ['1', 1000],
    ['30', 30_000],
    ['0.5', 500],
    ['0.001', 1],
    // Node's timers count whole milliseconds, and the timeout's line says what was waited.
    ['0.0005', 1],
    ['0.0000001', 1],
    ['0.0015', 1.5],
    ['600', 600_000],
    ['3600', 3_600_000]
  ])('timeout %s is %d ms', (value, expected) => {
    expect(read({ timeout: value }).timeoutMs).toBe(expected)
  })

  it.each(['0', '0.000', '3601', '-1', 'abc', '1e3', '10s', '.5', '5.', '0x10', 'Infinity'])(
    'refuses timeout %s',
    value => {
      expect(failure({ timeout: value })).toBe(
        `input 'timeout' must be a number of seconds in digits, like 0.5, more than 0 and up to 3600; got '${value}'`
      )
    }
  )

  it.each([
    ['0', 0],
    ['1', 1],
    ['10', 10],
    ['100', 100],
    ['007', 7]
  ])('retries %s is %d', (value, expected) => {
    expect(read({ retries: value }).retries).toBe(expected)
  })

  it.each(['101', '1.5', '1.0', '-1', 'three', '1e1', '2x'])('refuses retries %s', value => {
    expect(failure({ retries: value })).toBe(
      `input 'retries' must be a whole number, 0 to 100; got '${value}'`
    )
  })
})

describe('ca-certificate', () => {
  let pki: TestPki
  let dir: string
  let first: Certificate
  let pem: string
  let pem2: string

  beforeAll(() => {
    pki = new TestPki()
    dir = pki.dir
    first = pki.authority('test')
    pem = first.cert
    pem2 = pki.authority('second').cert
  })

  afterAll(() => {
    pki.cleanup()
  })

  it('takes PEM text', () => {
    expect(read({ 'ca-certificate': pem }).caCertificates).toEqual([pem.trim()])
  })

  it('takes PEM text whose lines are indented, or end in CRLF', () => {
    const indented = pem.replace(/^/gm, '    ')
    expect(read({ 'ca-certificate': indented }).caCertificates).toEqual([pem.trim()])
    expect(read({ 'ca-certificate': pem.replace(/\n/g, '\r\n') }).caCertificates).toEqual([
      pem.trim()
    ])
  })

  it("takes PEM text folded into one line (YAML's `>`, or an unquoted shell echo)", () => {
    const folded = `${pem}${pem2}`.replace(/\s*\n/g, ' ')
    const blocks = read({ 'ca-certificate': folded }).caCertificates
    expect(blocks).toHaveLength(2)
    expect(blocks.map(block => new X509Certificate(block).raw)).toEqual(
      [pem, pem2].map(text => new X509Certificate(text).raw)
    )
  })

  it("takes PEM text with a JSON string's \\n escapes for its line breaks", () => {
    const escaped = `${pem}${pem2}`.replace(/\n/g, '\\n')
    expect(read({ 'ca-certificate': escaped }).caCertificates).toEqual([pem.trim(), pem2.trim()])
  })

  it('takes PEM text with no line breaks, its certificates run together', () => {
    const blocks = read({ 'ca-certificate': `${pem}${pem2}`.replace(/\n/g, '') }).caCertificates
    expect(blocks.map(block => new X509Certificate(block).raw)).toEqual(
      [pem, pem2].map(text => new X509Certificate(text).raw)
    )
  })

  it('takes several certificates, with text around them', () => {
    const text = `first\n${pem}\nsecond\n${pem2}`
    expect(read({ 'ca-certificate': text }).caCertificates).toEqual([pem.trim(), pem2.trim()])
  })

  it('takes the path of a PEM file', () => {
    const file = join(dir, 'bundle.pem')
    writeFileSync(file, `${pem}${pem2}`)
    expect(read({ 'ca-certificate': file }).caCertificates).toEqual([pem.trim(), pem2.trim()])
  })

  it("takes a PEM file in UTF-16, as Windows PowerShell's > and Out-File write it", () => {
    const text = `${pem}${pem2}`.replace(/\n/g, '\r\n')
    const le = join(dir, 'utf16le.pem')
    const be = join(dir, 'utf16be.pem')
    writeFileSync(le, Buffer.from(`\ufeff${text}`, 'utf16le'))
    writeFileSync(be, Buffer.from(`\ufeff${text}`, 'utf16le').swap16())
    for (const file of [le, be]) {
      expect(read({ 'ca-certificate': file }).caCertificates).toEqual([pem.trim(), pem2.trim()])
    }
  })

  it('refuses a path that cannot be read', () => {
    const missing = join(dir, 'missing.pem')
    expect(failure({ 'ca-certificate': missing })).toBe(
      `input 'ca-certificate' is neither PEM text nor a readable file '${missing}' (ENOENT): give the PEM text, or the path of a PEM file`
    )
  })

  it.each(['C:\\certs\\ca.pem', 'D:\\a\\_temp\\my certs\\ca.pem', 'C:\\certs\\ca', './certs/ca'])(
    'names a path that cannot be read, Windows ones too: %s',
    path => {
      expect(failure({ 'ca-certificate': path })).toBe(
        `input 'ca-certificate' is neither PEM text nor a readable file '${path}' (ENOENT): give the PEM text, or the path of a PEM file`
      )
    }
  )

  it.each([
    ['a key pasted with spaces for line breaks', 'MHcCAQEEIO5x MAoGCCqGSM49 AwEHoUQDQgAE'],
    ['a key line with slashes in it', 'MHcCAQEEIO5x/MAoGCCqGSM49/AwEHoUQDQgAE'],
    ['a key line that starts with a slash, over 200 characters', `/${'MHcCAQEEIO5x'.repeat(17)}`],
    ['a key line with .cer inside, not at its end', 'MHcCAQEEIO5x.cerAwEHoUQDQgAE'],
    ['a bare word', 'not-a-certificate']
  ])('does not echo %s', (_name, value) => {
    expect(failure({ 'ca-certificate': value })).toBe(
      "input 'ca-certificate' is neither PEM text nor a readable file (ENOENT): give the PEM text, or the path of a PEM file"
    )
  })

  it('refuses a directory, a device and a FIFO before reading them, which could fill memory or never end', () => {
    const fifo = join(dir, 'ca.fifo')
    execFileSync('mkfifo', [fifo])
    for (const path of [dir, '/dev/zero', fifo]) {
      expect(failure({ 'ca-certificate': path })).toBe(
        `input 'ca-certificate' is neither PEM text nor a readable file '${path}' (not a regular file): give the PEM text, or the path of a PEM file`
      )
    }
  })

  it('takes a file of 1 MiB exactly', () => {
    const full = join(dir, 'full.pem')
    writeFileSync(full, `${first.cert}\n`.padEnd(1024 * 1024, '#'))
    expect(read({ 'ca-certificate': full }).caCertificates).toEqual([pem.trim()])
  })

  it('refuses a file over 1 MiB, more than any trust list', () => {
    const big = join(dir, 'big.pem')
    writeFileSync(big, `${first.cert}\n`.padEnd(1024 * 1024 + 1, '#'))
    expect(failure({ 'ca-certificate': big })).toBe(
      `input 'ca-certificate' is neither PEM text nor a readable file '${big}' (over 1 MiB): give the PEM text, or the path of a PEM file`
    )
  })

  it.each([
    [
      'a file without a certificate (a key, or a DER certificate)',
      () => first.keyPath,
      "input 'ca-certificate' names a file with no '-----BEGIN CERTIFICATE-----' block; give a PEM file (openssl x509 -inform der converts a DER one)"
    ],
    [
      'PEM text of a key',
      () => first.key,
      "input 'ca-certificate' holds no '-----BEGIN CERTIFICATE-----' block; give PEM text or a PEM file's path"
    ],
    [
      'PEM text cut before its END line',
      () => first.cert.trim().split('\n').slice(0, -1).join('\n'),
      "input 'ca-certificate' has a '-----BEGIN CERTIFICATE-----' line without its END line: give the whole certificate"
    ],
    [
      'a file cut before its END line',
      () => {
        const cut = join(dir, 'cut.pem')
        writeFileSync(cut, first.cert.trim().split('\n').slice(0, -1).join('\n'))
        return cut
      },
      "input 'ca-certificate' has a '-----BEGIN CERTIFICATE-----' line without its END line: give the whole certificate"
    ]
  ])('refuses %s', (_name, value, message) => {
    expect(failure({ 'ca-certificate': value() })).toBe(message)
  })

  it('refuses a certificate that does not parse, by its number', () => {
    const broken = '-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydA==\n-----END CERTIFICATE-----'
    expect(failure({ 'ca-certificate': `${pem}\n${broken}` })).toBe(
      "input 'ca-certificate' certificate 2 is not a valid PEM certificate: give it whole and unchanged"
    )
    expect(failure({ 'ca-certificate': broken })).toBe(
      "input 'ca-certificate' certificate 1 is not a valid PEM certificate: give it whole and unchanged"
    )
  })
})
