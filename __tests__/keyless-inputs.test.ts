import { describe, expect, it } from '@jest/globals'
import { generateKeyPairSync, randomBytes } from 'node:crypto'
import { type Config, type InputSource, readConfig, readSecretInputs } from '../src/config.js'
import { ActionError } from '../src/errors.js'
import { checkGithubOidcAvailable, plainPem } from '../src/keyless-inputs.js'

type Inputs = Record<string, string>

function source(inputs: Inputs, env: Record<string, string> = {}): InputSource {
  return { getInput: name => inputs[name] ?? '', env }
}

const HOST = { host: 'https://sso.example.com', 'client-id': 'ci' }
const EXCHANGE = 'urn:ietf:params:oauth:grant-type:token-exchange'
const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer'

const pem = (type: 'rsa' | 'ec' | 'ed25519', option: Record<string, unknown> = {}): string =>
  (
    generateKeyPairSync as (t: string, o: object) => { privateKey: import('node:crypto').KeyObject }
  )(type, option)
    .privateKey.export({ format: 'pem', type: 'pkcs8' })
    .toString()
/**
 * A key in OpenSSH's own format as ssh-keygen writes it unencrypted, of the given type: the magic,
 * cipher and KDF none, one key, whose public key names the type; random bytes stand for the rest.
 */
function openssh(type: string): string {
  const string = (bytes: Buffer | string): Buffer => {
    const length = Buffer.alloc(4)
    length.writeUInt32BE(Buffer.byteLength(bytes))
    return Buffer.concat([length, Buffer.from(bytes)])
  }
  const count = Buffer.from([0, 0, 0, 1])
  const publicKey = string(Buffer.concat([string(type), string(randomBytes(32))]))
  const body = [Buffer.from('openssh-key-v1\0'), string('none'), string('none'), string('')]
  const text = Buffer.concat([...body, count, publicKey, string(randomBytes(120))]).toString(
    'base64'
  )
  return `-----BEGIN OPENSSH PRIVATE KEY-----\n${text.match(/.{1,70}/g)?.join('\n')}\n-----END OPENSSH PRIVATE KEY-----\n`
}
const RSA = pem('rsa', { modulusLength: 2048 })
const EC = pem('ec', { namedCurve: 'P-256' })

function read(inputs: Inputs, env: Record<string, string> = {}): Config {
  return readConfig(source({ ...HOST, ...inputs }, env))
}

function failure(inputs: Inputs, base: Inputs = HOST): string {
  try {
    readConfig(source({ ...base, ...inputs }))
  } catch (error) {
    expect(error).toBeInstanceOf(ActionError)
    const { message } = error as ActionError
    expect(message).not.toMatch(/[\r\n]/)
    return message
  }
  throw new Error('readConfig did not throw')
}

describe('keyless inputs', () => {
  it('are absent from the config when unused', () => {
    const config = read({ 'client-secret': 'shh' })
    expect(config.keyless).toBeUndefined()
    expect(config.issuer).toBeUndefined()
  })

  it('read client-auth github-oidc without a secret', () => {
    const config = read({
      'client-auth': 'github-oidc',
      'oidc-audience': 'api://AzureADTokenExchange'
    })
    expect(config.clientAuth).toBe('github-oidc')
    expect(config.keyless).toEqual({
      clientAuth: 'github-oidc',
      oidcAudience: 'api://AzureADTokenExchange',
      subjectToken: '',
      subjectTokenType: '',
      requestedTokenType: '',
      assertion: '',
      signingKey: undefined
    })
  })

  it.each([
    ['client-auth github-oidc', { 'client-auth': 'github-oidc' }],
    ['client-auth private-key-jwt', { 'client-auth': 'private-key-jwt', 'private-key': RSA }],
    ['a token exchange', { 'grant-type': EXCHANGE, 'subject-token': 'github-oidc' }],
    ['a jwt-bearer grant', { 'grant-type': JWT_BEARER, assertion: 'github-oidc' }]
  ])('send %s form-encoded, the only body RFC 7523 and RFC 8693 define', (_name, inputs) => {
    expect(read({ 'body-format': 'json', ...inputs }).bodyFormat).toBe('form')
    expect(read({ 'body-format': 'form', ...inputs }).bodyFormat).toBe('form')
  })

  it('leave body-format as given otherwise', () => {
    expect(read({ 'client-secret': 'shh', 'body-format': 'json' }).bodyFormat).toBe('json')
  })

  it('read a token exchange with the default subject-token-type', () => {
    const config = read({ 'grant-type': EXCHANGE, 'subject-token': 'github-oidc' })
    expect(config.keyless?.subjectToken).toBe('github-oidc')
    expect(config.keyless?.subjectTokenType).toBe('urn:ietf:params:oauth:token-type:jwt')
  })

  it.each([
    ['RSA', RSA, 'RS256'],
    ['EC P-256', EC, 'ES256']
  ])('read a %s private key for private-key-jwt', (_name, key, algorithm) => {
    const config = read({ 'client-auth': 'private-key-jwt', 'private-key': key, 'key-id': 'k1' })
    expect(config.keyless?.signingKey).toEqual({ pem: key, algorithm, keyId: 'k1' })
  })

  it.each([
    ['client_credentials', { 'client-secret': 'shh' }],
    ['github-oidc', { 'client-auth': 'github-oidc' }],
    ['jwt-bearer', { 'grant-type': JWT_BEARER, assertion: 'eyJ.a.b' }],
    ['an exchange of extra-params', { 'grant-type': EXCHANGE, 'extra-params': 'subject_token=a' }],
    ['an exchange', { 'grant-type': EXCHANGE, 'subject-token': 'github-oidc' }]
  ])(
    "take subject-token-type at action.yml's default, which the runner passes, as unset: %s",
    (_, inputs) => {
      const jwt = { 'subject-token-type': 'urn:ietf:params:oauth:token-type:jwt' }
      expect(read({ ...inputs, ...jwt })).toEqual(read(inputs))
    }
  )

  it('refuse another subject-token-type where it is not used', () => {
    const idToken = 'urn:ietf:params:oauth:token-type:id_token'
    expect(failure({ 'client-secret': 'shh', 'subject-token-type': idToken })).toBe(
      "input 'subject-token-type' is not used here: it belongs to grant-type urn:ietf:params:oauth:grant-type:token-exchange"
    )
  })

  it('read issuer instead of host; token-path at its default counts as unset', () => {
    const config = readConfig(
      source({
        issuer: 'https://login.example.com/tenant/v2.0',
        'token-path': '/oauth/token',
        'client-id': 'ci',
        'client-secret': 'shh'
      })
    )
    expect(config.issuer).toBe('https://login.example.com/tenant/v2.0')
  })

  it.each(['GitHub-OIDC', 'GITHUB-OIDC'])(
    'read %s in subject-token and assertion as the keyword, as client-auth does',
    word => {
      expect(read({ 'grant-type': EXCHANGE, 'subject-token': word }).keyless?.subjectToken).toBe(
        'github-oidc'
      )
      expect(read({ 'grant-type': JWT_BEARER, assertion: word }).keyless?.assertion).toBe(
        'github-oidc'
      )
    }
  )

  // OAuth spells its names with underscores (private_key_jwt): sent as a literal token, github_oidc
  // only drew the server's refusal.
  it.each(['github_oidc', 'GitHub_OIDC'])(
    'read %s in subject-token and assertion as the keyword, and do not mask it',
    word => {
      expect(read({ 'grant-type': EXCHANGE, 'subject-token': word }).keyless?.subjectToken).toBe(
        'github-oidc'
      )
      expect(read({ 'grant-type': JWT_BEARER, assertion: word }).keyless?.assertion).toBe(
        'github-oidc'
      )
      expect(readSecretInputs(source({ 'subject-token': word, assertion: word }))).toEqual([])
    }
  )

  it('do not mask the word github-oidc in any case', () => {
    expect(
      readSecretInputs(source({ 'subject-token': 'GitHub-OIDC', assertion: 'GITHUB-OIDC' }))
    ).toEqual([])
  })

  it('mask subject-token, assertion and private-key, but not the word github-oidc', () => {
    expect(
      readSecretInputs(
        source({ 'subject-token': 'literal-subject', assertion: 'github-oidc', 'private-key': RSA })
      )
    ).toEqual(['literal-subject', RSA])
  })
})

const ISSUER = { issuer: 'https://login.example.com', 'client-id': 'ci', 'client-secret': 'shh' }

describe('keyless input errors, in one line each', () => {
  // Every row gets its base inputs: a fourth parameter the row lacks would be jest's `done`.
  const rows: [string, Inputs, string, Inputs?][] = [
    [
      'a secret with github-oidc',
      { 'client-auth': 'github-oidc', 'client-secret': 'shh' },
      "input 'client-secret' (or OAUTH_CLIENT_SECRET) must be empty with client-auth github-oidc, which authenticates the client without it"
    ],
    [
      'token exchange without subject-token',
      { 'grant-type': EXCHANGE },
      `input 'subject-token' is required by grant-type ${EXCHANGE}: github-oidc or a token`
    ],
    [
      'jwt-bearer without assertion',
      { 'grant-type': JWT_BEARER },
      `input 'assertion' is required by grant-type ${JWT_BEARER}: github-oidc or a JWT`
    ],
    // A name only some servers read as the parameter does not stand in for the input.
    ...['SUBJECT_TOKEN', 'subject.token', 'subject_token[x]'].map(
      (key): [string, Inputs, string] => [
        `token exchange with ${key}=... in extra-params, not subject_token`,
        { 'grant-type': EXCHANGE, 'extra-params': `${key}=abc` },
        `input 'subject-token' is required by grant-type ${EXCHANGE}: github-oidc or a token`
      ]
    ),
    [
      'jwt-bearer with Assertion=... in extra-params, not assertion',
      { 'grant-type': JWT_BEARER, 'extra-params': 'Assertion=abc' },
      `input 'assertion' is required by grant-type ${JWT_BEARER}: github-oidc or a JWT`
    ],
    [
      'subject-token with another grant',
      { 'client-secret': 'shh', 'subject-token': 'github-oidc' },
      `input 'subject-token' is not used here: it belongs to grant-type ${EXCHANGE}`
    ],
    [
      'subject-token with jwt-bearer',
      { 'grant-type': JWT_BEARER, assertion: 'github-oidc', 'subject-token': 'x' },
      `input 'subject-token' is only used with grant-type ${EXCHANGE}`
    ],
    [
      'a subject-token-type that is not a URI',
      { 'grant-type': EXCHANGE, 'subject-token': 'github-oidc', 'subject-token-type': 'jwt' },
      "input 'subject-token-type' must be a token type URI such as urn:ietf:params:oauth:token-type:jwt; got 'jwt'"
    ],
    [
      'a requested-token-type that is not a URI',
      {
        'grant-type': EXCHANGE,
        'subject-token': 'github-oidc',
        'requested-token-type': 'access_token'
      },
      "input 'requested-token-type' must be a token type URI such as urn:ietf:params:oauth:token-type:jwt; got 'access_token'"
    ],
    [
      'the path of a key file in private-key',
      { 'client-auth': 'private-key-jwt', 'private-key': '/home/runner/work/keys/client.pem' },
      "input 'private-key' takes the key's PEM text (e.g. ${{ secrets.CLIENT_PRIVATE_KEY }}), not the path of a file"
    ],
    [
      'a Windows path with no extension in private-key',
      { 'client-auth': 'private-key-jwt', 'private-key': '.\\keys\\client' },
      "input 'private-key' takes the key's PEM text (e.g. ${{ secrets.CLIENT_PRIVATE_KEY }}), not the path of a file"
    ],
    [
      'a drive path with forward slashes in private-key',
      { 'client-auth': 'private-key-jwt', 'private-key': 'C:/keys/client' },
      "input 'private-key' takes the key's PEM text (e.g. ${{ secrets.CLIENT_PRIVATE_KEY }}), not the path of a file"
    ],
    [
      'a relative key file name in private-key',
      { 'client-auth': 'private-key-jwt', 'private-key': 'client-key.pem' },
      "input 'private-key' takes the key's PEM text (e.g. ${{ secrets.CLIENT_PRIVATE_KEY }}), not the path of a file"
    ],
    [
      'assertion with token exchange',
      { 'grant-type': EXCHANGE, 'subject-token': 'github-oidc', assertion: 'x' },
      `input 'assertion' is only used with grant-type ${JWT_BEARER}`
    ],
    [
      'private-key without private-key-jwt',
      { 'client-secret': 'shh', 'private-key': 'x' },
      "input 'private-key' is not used here: set client-auth: private-key-jwt"
    ],
    [
      'key-id without private-key-jwt',
      { 'client-secret': 'shh', 'key-id': 'k1' },
      "input 'key-id' is not used here: set client-auth: private-key-jwt"
    ],
    [
      'assertion without its grant',
      { 'client-secret': 'shh', assertion: 'eyJ.a.b' },
      `input 'assertion' is not used here: it belongs to grant-type ${JWT_BEARER}`
    ],
    [
      'oidc-audience without github-oidc or its grant',
      { 'client-secret': 'shh', 'oidc-audience': 'api://ci' },
      "input 'oidc-audience' is not used here: it is the audience of the GitHub ID token, used with github-oidc (client-auth, subject-token or assertion)"
    ],
    [
      'key-id with github-oidc',
      { 'client-auth': 'github-oidc', 'key-id': 'k1' },
      "input 'key-id' is only used with client-auth private-key-jwt"
    ],
    [
      'oidc-audience without github-oidc',
      { 'client-auth': 'private-key-jwt', 'private-key': EC, 'oidc-audience': 'x' },
      "input 'oidc-audience' is only used with github-oidc (client-auth, subject-token or assertion)"
    ],
    [
      'private-key-jwt without a key',
      { 'client-auth': 'private-key-jwt' },
      "input 'private-key' is required by client-auth private-key-jwt: a PEM RSA or EC P-256 key"
    ],
    [
      'a key that is not PEM',
      { 'client-auth': 'private-key-jwt', 'private-key': 'not-a-key-at-all' },
      "input 'private-key' must be an unencrypted PEM private key, RSA (2048 bits or more) or EC P-256: it has no '-----BEGIN PRIVATE KEY-----' block (or RSA or EC PRIVATE KEY)"
    ],
    [
      'a public key in place of the private key',
      {
        'client-auth': 'private-key-jwt',
        'private-key': '-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEA\n-----END PUBLIC KEY-----'
      },
      "input 'private-key' must be an unencrypted PEM private key, RSA (2048 bits or more) or EC P-256: it holds a public key or certificate; give the private key"
    ],
    [
      'a certificate in place of the private key',
      {
        'client-auth': 'private-key-jwt',
        'private-key':
          '-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIU\n-----END CERTIFICATE-----\n'
      },
      "input 'private-key' must be an unencrypted PEM private key, RSA (2048 bits or more) or EC P-256: it holds a public key or certificate; give the private key"
    ],
    [
      'two keys, of which Node would sign with the first',
      { 'client-auth': 'private-key-jwt', 'private-key': `${RSA}\n${EC}` },
      "input 'private-key' must be an unencrypted PEM private key, RSA (2048 bits or more) or EC P-256: it holds more than one key; give one"
    ],
    [
      'a key and the start of a second, cut short',
      {
        'client-auth': 'private-key-jwt',
        'private-key': `${EC}-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49AgEGCCqGSM49\n`
      },
      "input 'private-key' must be an unencrypted PEM private key, RSA (2048 bits or more) or EC P-256: it holds more than one key; give one"
    ],
    [
      'two keys of one type, folded onto one line',
      { 'client-auth': 'private-key-jwt', 'private-key': `${EC} ${EC}`.replace(/\n/g, ' ') },
      "input 'private-key' must be an unencrypted PEM private key, RSA (2048 bits or more) or EC P-256: it holds more than one key; give one"
    ],
    [
      'a key cut short',
      {
        'client-auth': 'private-key-jwt',
        'private-key': RSA.slice(0, 200) + '\n-----END PRIVATE KEY-----'
      },
      "input 'private-key' must be an unencrypted PEM private key, RSA (2048 bits or more) or EC P-256: it could not be read: give it whole and unencrypted, as ssh-keygen -p -N '' -m PKCS8 -f copy-of-key rewrites it"
    ],
    [
      'a 1024-bit RSA key',
      { 'client-auth': 'private-key-jwt', 'private-key': pem('rsa', { modulusLength: 1024 }) },
      "input 'private-key' must be an unencrypted PEM private key, RSA (2048 bits or more) or EC P-256: this RSA key has 1024 bits"
    ],
    [
      'a P-384 key',
      { 'client-auth': 'private-key-jwt', 'private-key': pem('ec', { namedCurve: 'P-384' }) },
      "input 'private-key' must be an unencrypted PEM private key, RSA (2048 bits or more) or EC P-256: this EC key is on curve secp384r1"
    ],
    [
      'an Ed25519 key',
      { 'client-auth': 'private-key-jwt', 'private-key': pem('ed25519') },
      "input 'private-key' must be an unencrypted PEM private key, RSA (2048 bits or more) or EC P-256, not ed25519: ssh-keygen -t ecdsa -m PKCS8 -N '' -f key makes one"
    ],
    [
      "an Ed25519 key in OpenSSH's own format",
      { 'client-auth': 'private-key-jwt', 'private-key': openssh('ssh-ed25519') },
      "input 'private-key' must be an unencrypted PEM private key, RSA (2048 bits or more) or EC P-256, not ssh-ed25519: ssh-keygen -t ecdsa -m PKCS8 -N '' -f key makes one"
    ],
    [
      "a security key's ECDSA key in OpenSSH's own format",
      {
        'client-auth': 'private-key-jwt',
        'private-key': openssh('sk-ecdsa-sha2-nistp256@openssh.com')
      },
      "input 'private-key' must be an unencrypted PEM private key, RSA (2048 bits or more) or EC P-256, not sk-ecdsa-sha2-nistp256@openssh.com: ssh-keygen -t ecdsa -m PKCS8 -N '' -f key makes one"
    ],
    [
      "an ssh-rsa key in OpenSSH's own format, which ssh-keygen rewrites as one it signs with",
      { 'client-auth': 'private-key-jwt', 'private-key': openssh('ssh-rsa') },
      "input 'private-key' must be an unencrypted PEM private key, RSA (2048 bits or more) or EC P-256: it could not be read: give it whole and unencrypted, as ssh-keygen -p -N '' -m PKCS8 -f copy-of-key rewrites it"
    ],
    [
      "an ecdsa-sha2-nistp256 key in OpenSSH's own format, which ssh-keygen rewrites as one it signs with",
      { 'client-auth': 'private-key-jwt', 'private-key': openssh('ecdsa-sha2-nistp256') },
      "input 'private-key' must be an unencrypted PEM private key, RSA (2048 bits or more) or EC P-256: it could not be read: give it whole and unencrypted, as ssh-keygen -p -N '' -m PKCS8 -f copy-of-key rewrites it"
    ],
    [
      "an Ed25519 key in OpenSSH's own format without its magic: no type is read from it",
      {
        'client-auth': 'private-key-jwt',
        'private-key': openssh('ssh-ed25519').replace(
          'b3BlbnNzaC1rZXktdjEA',
          'AAAAAAAAAAAAAAAAAAAA'
        )
      },
      "input 'private-key' must be an unencrypted PEM private key, RSA (2048 bits or more) or EC P-256: it could not be read: give it whole and unencrypted, as ssh-keygen -p -N '' -m PKCS8 -f copy-of-key rewrites it"
    ],
    [
      'extra-params sending client_assertion with github-oidc',
      { 'client-auth': 'github-oidc', 'extra-params': 'client_assertion=abc' },
      "input 'extra-params' sets client_assertion, which the action sends itself here: remove it"
    ],
    // As the server reads the name: in any case (ASP.NET Core), '.' and '[]' as PHP reads them.
    ...['CLIENT_ASSERTION', 'client.assertion', 'client_assertion[]'].map(
      (key): [string, Inputs, string] => [
        `extra-params sending ${key} beside private-key-jwt's client_assertion`,
        { 'client-auth': 'private-key-jwt', 'private-key': RSA, 'extra-params': `${key}=x` },
        "input 'extra-params' sets client_assertion, which the action sends itself here: remove it"
      ]
    ),
    [
      'extra-params sending Client_Assertion_Type with private-key-jwt',
      {
        'client-auth': 'private-key-jwt',
        'private-key': RSA,
        'extra-params': 'Client_Assertion_Type=urn:x'
      },
      "input 'extra-params' sets client_assertion_type, which the action sends itself here: remove it"
    ],
    [
      'extra-params sending SUBJECT_TOKEN in a token exchange',
      { 'grant-type': EXCHANGE, 'subject-token': 'github-oidc', 'extra-params': 'SUBJECT_TOKEN=x' },
      "input 'extra-params' sets subject_token, which the action sends itself here: remove it"
    ],
    [
      'client-secret with extra-params passing Client_Assertion',
      { 'client-secret': 's3cret', 'extra-params': 'Client_Assertion=x' },
      "input 'client-secret' (or OAUTH_CLIENT_SECRET) must be empty when extra-params passes client_assertion: a client authenticates one way per request (RFC 6749 section 2.3)"
    ],
    [
      'extra-params sending subject_token in a token exchange',
      { 'grant-type': EXCHANGE, 'subject-token': 'github-oidc', 'extra-params': 'subject_token=x' },
      "input 'extra-params' sets subject_token, which the action sends itself here: remove it"
    ],
    [
      'extra-params sending client_assertion_type with github-oidc',
      { 'client-auth': 'github-oidc', 'extra-params': 'client_assertion_type=urn:x' },
      "input 'extra-params' sets client_assertion_type, which the action sends itself here: remove it"
    ],
    [
      'extra-params sending subject_token_type in a token exchange',
      {
        'grant-type': EXCHANGE,
        'subject-token': 'github-oidc',
        'extra-params': 'subject_token_type=urn:x'
      },
      "input 'extra-params' sets subject_token_type, which the action sends itself here: use input 'subject-token-type'"
    ],
    [
      'extra-params sending subject_token_type beside subject-token-type',
      {
        'grant-type': EXCHANGE,
        'subject-token': 'github-oidc',
        'subject-token-type': 'urn:x:y',
        'extra-params': 'subject_token_type=urn:x:z'
      },
      "input 'extra-params' sets subject_token_type, which the action sends itself here: remove it"
    ],
    [
      'extra-params sending requested_token_type beside requested-token-type',
      {
        'grant-type': EXCHANGE,
        'subject-token': 'github-oidc',
        'requested-token-type': 'urn:x:y',
        'extra-params': 'requested_token_type=urn:x:z'
      },
      "input 'extra-params' sets requested_token_type, which the action sends itself here: remove it"
    ],
    [
      'extra-params sending assertion beside input assertion',
      { 'grant-type': JWT_BEARER, assertion: 'github-oidc', 'extra-params': 'assertion=x' },
      "input 'extra-params' sets assertion, which the action sends itself here: remove it"
    ],
    [
      'requested-token-type with jwt-bearer',
      { 'grant-type': JWT_BEARER, assertion: 'github-oidc', 'requested-token-type': 'urn:x:y' },
      `input 'requested-token-type' is only used with grant-type ${EXCHANGE}`
    ],
    [
      'private-key with github-oidc',
      { 'client-auth': 'github-oidc', 'private-key': EC },
      "input 'private-key' is only used with client-auth private-key-jwt"
    ],
    [
      'an oidc-audience with a space',
      { 'client-auth': 'github-oidc', 'oidc-audience': 'api://my app' },
      "input 'oidc-audience' must not contain spaces or control characters"
    ],
    [
      'a key-id with a space',
      { 'client-auth': 'private-key-jwt', 'private-key': EC, 'key-id': 'key 1' },
      "input 'key-id' must not contain spaces or control characters"
    ],
    [
      'an oidc-audience with a zero-width space',
      { 'client-auth': 'github-oidc', 'oidc-audience': 'api://my-app\u200b' },
      "input 'oidc-audience' must not contain spaces or control characters"
    ],
    [
      'a key-id with a soft hyphen',
      { 'client-auth': 'private-key-jwt', 'private-key': EC, 'key-id': 'key\u00ad1' },
      "input 'key-id' must not contain spaces or control characters"
    ],
    [
      'a 2047-bit RSA key, a bit short of 2048',
      { 'client-auth': 'private-key-jwt', 'private-key': pem('rsa', { modulusLength: 2047 }) },
      "input 'private-key' must be an unencrypted PEM private key, RSA (2048 bits or more) or EC P-256: this RSA key has 2047 bits"
    ],
    [
      'a PKCS#1 RSA public key in place of the private key',
      {
        'client-auth': 'private-key-jwt',
        'private-key': '-----BEGIN RSA PUBLIC KEY-----\nMIIBCgKCAQEA\n-----END RSA PUBLIC KEY-----'
      },
      "input 'private-key' must be an unencrypted PEM private key, RSA (2048 bits or more) or EC P-256: it holds a public key or certificate; give the private key"
    ],
    [
      'a misspelt keyless client-auth, without the client secret it would not need',
      { 'client-auth': 'private_key_jwt' },
      "input 'client-auth' must be body, basic, github-oidc or private-key-jwt; got 'private_key_jwt'"
    ],
    [
      'an unknown client-auth',
      { 'client-auth': 'oidc', 'client-secret': 'shh' },
      "input 'client-auth' must be body, basic, github-oidc or private-key-jwt; got 'oidc'"
    ],
    [
      'issuer with host',
      { host: 'https://api.example.com' },
      "input 'issuer' and input 'host' (or OAUTH_HOST) are both set: give one; with issuer, the token endpoint comes from discovery",
      ISSUER
    ],
    [
      'issuer with a token-path of its own',
      { 'token-path': '/connect/token' },
      "input 'issuer' and input 'token-path' are both set: remove token-path; with issuer, the token endpoint comes from discovery",
      ISSUER
    ],
    [
      'an http issuer off loopback',
      { issuer: 'http://login.example.com' },
      "input 'issuer' uses plain http://, which would send credentials unencrypted; use https://, or set allow-insecure-http: true",
      ISSUER
    ],
    [
      'an issuer with a query',
      { issuer: 'https://login.example.com/?tenant=1' },
      "input 'issuer' must not have a query or fragment (RFC 8414 §2)",
      ISSUER
    ],
    [
      'an issuer without a host name, which the parser would take from the path',
      { issuer: 'https:///tenant' },
      "input 'issuer' has an empty host name, label or port after https://: fill it in, e.g. https://login.example.com/tenant (is a variable in it empty?)",
      ISSUER
    ],
    [
      'an issuer without slashes, which the parser would mend',
      { issuer: 'https:login.example.com' },
      "input 'issuer' must start with https:// (or http:// for a server on this machine), e.g. https://login.example.com/tenant",
      ISSUER
    ],
    [
      'an issuer with credentials',
      { issuer: 'https://user:pw@login.example.com' },
      "input 'issuer' must not contain credentials (user:password@); pass them as client-id and client-secret",
      ISSUER
    ],
    [
      'an issuer on port 0',
      { issuer: 'https://login.example.com:0' },
      "input 'issuer' has port 0, where no server listens: give the server's port, or none for the scheme's default",
      ISSUER
    ],
    [
      'an issuer whose host name is over 253 characters',
      { issuer: `https://${'x'.repeat(250)}.com/tenant` },
      "input 'issuer' has a host name over 253 characters, which DNS does not allow",
      ISSUER
    ],
    [
      'an issuer on a port over 65535',
      { issuer: 'https://login.example.com:65536/tenant' },
      "input 'issuer' has a port over 65535: give the server's port, or none for the scheme's default",
      ISSUER
    ],
    [
      'an issuer over 8,150 characters, which discovery would make a URL servers refuse',
      { issuer: `https://login.example.com/${'t'.repeat(8125)}` },
      "input 'issuer' is over 8,150 characters: shorten it",
      ISSUER
    ],
    [
      'an issuer the URL parser refuses',
      { issuer: 'https://[::1/tenant' },
      "input 'issuer' must be a URL such as https://login.example.com/tenant; got 'https://[::1/tenant'",
      ISSUER
    ],
    [
      'an issuer with an empty query, which RFC 8414 section 2 refuses too',
      { issuer: 'https://login.example.com/tenant?' },
      "input 'issuer' must not have a query or fragment (RFC 8414 §2)",
      ISSUER
    ],
    [
      'an issuer with an empty fragment',
      { issuer: 'https://login.example.com/tenant#' },
      "input 'issuer' must not have a query or fragment (RFC 8414 §2)",
      ISSUER
    ],
    [
      'an issuer with a space',
      { issuer: 'https://login.example.com/my tenant' },
      "input 'issuer' must be one URL, without spaces, tabs or line breaks",
      ISSUER
    ],
    [
      'an issuer that is not a URL',
      { issuer: 'login.example.com' },
      "input 'issuer' must start with https:// (or http:// for a server on this machine), e.g. https://login.example.com/tenant",
      ISSUER
    ]
  ]
  it.each(
    rows.map(([name, inputs, message, base]) => [name, inputs, message, base ?? HOST] as const)
  )('%s', (_name, inputs, message, base) => {
    expect(failure(inputs, base)).toBe(message)
  })

  it.each(['urn:', ':jwt', '1urn:x', 'urn:ietf:params:oauth:token-type:access token'])(
    'refuses the token type %j, which is no absolute URI (RFC 8693 section 3)',
    value => {
      const inputs = { 'grant-type': EXCHANGE, 'subject-token': 'github-oidc' }
      for (const name of ['subject-token-type', 'requested-token-type']) {
        expect(failure({ ...inputs, [name]: value })).toMatch(
          new RegExp(
            `^input '${name}' must be a token type URI such as urn:ietf:params:oauth:token-type:jwt; got `
          )
        )
      }
    }
  )

  // Each value is a secret: the refusal names the input, never the value.
  it.each([
    ['a line break', 'eyJhbGciOiJSUzI1NiJ9.\neyJzdWIiOiJ4In0.c2ln'],
    ['"Bearer " in front', 'Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln'],
    ['a tab', 'opaque-subject\ttoken'],
    ['a no-break space', 'opaque-subject\u00a0token'],
    ['a zero-width space', 'opaque-subject\u200btoken'],
    ['a line separator', 'opaque-subject\u2028token']
  ])('refuses a subject-token or assertion with %s, before anything is sent', (_what, value) => {
    const problem = 'must be the token alone, without spaces, line breaks or "Bearer " in front'
    expect(failure({ 'grant-type': EXCHANGE, 'subject-token': value })).toBe(
      `input 'subject-token' ${problem}`
    )
    expect(failure({ 'grant-type': JWT_BEARER, assertion: value })).toBe(
      `input 'assertion' ${problem}`
    )
  })

  it('never quotes the private key', () => {
    const cut = RSA.slice(0, 300)
    const message = failure({ 'client-auth': 'private-key-jwt', 'private-key': cut })
    const lines = cut.split('\n').filter(line => line.length >= 4 && !line.startsWith('-----'))
    expect(lines.length).toBeGreaterThan(2)
    expect(lines.filter(line => message.includes(line))).toEqual([])
  })

  it('takes an http issuer on loopback', () => {
    expect(
      readConfig(source({ ...ISSUER, issuer: 'http://127.0.0.1:8080/realms/ci' })).issuer
    ).toBe('http://127.0.0.1:8080/realms/ci')
  })

  // A token endpoint's or the metadata's URL as issuer would be asked for metadata under it, then
  // fail on "check input 'issuer'": refused before anything is sent, with what to give instead.
  // As host, a token endpoint's URL has its own line, which names the split.
  const TOKEN_URL = "input 'issuer' is a token endpoint's URL: give the issuer, or this URL as host"
  const METADATA_URL =
    "input 'issuer' must be the issuer, not its metadata's URL: remove /.well-known/ and what follows"
  it.each([
    ['https://sso.example.com/realms/ci/protocol/openid-connect/token', TOKEN_URL],
    ['https://login.microsoftonline.com/tenant-id/oauth2/v2.0/token', TOKEN_URL],
    ['https://your-org.okta.com/oauth2/default/v1/token', TOKEN_URL],
    ['https://auth.example.com/oauth/token', TOKEN_URL],
    ['https://dot.example.com/o/token/', TOKEN_URL],
    ['https://sso.example.com/realms/ci/.well-known/openid-configuration', METADATA_URL],
    ['https://auth.example.com/.well-known/oauth-authorization-server', METADATA_URL],
    ['https://login.example.com/.well-known/oauth-authorization-server/tenant-1', METADATA_URL]
  ])('refuses %s as issuer', (issuer, refused) => {
    expect(failure({ issuer }, ISSUER)).toBe(refused)
  })

  it.each([
    'https://token.actions.githubusercontent.com',
    // 8,150 characters: with discovery's longest suffix, 8,189.
    `https://login.example.com/${'t'.repeat(8124)}`,
    'https://token.example.com/',
    'https://sso.example.com/realms/token-service',
    'https://login.example.com/tenant/v2.0'
  ])('takes the issuer %s', issuer => {
    expect(readConfig(source({ ...ISSUER, issuer })).issuer).toBe(issuer)
  })
})

describe('grants whose token comes in extra-params, as before', () => {
  it.each([
    [JWT_BEARER, 'assertion=eyJ.a.b'],
    [EXCHANGE, 'subject_token=abc\nsubject_token_type=urn:ietf:params:oauth:token-type:jwt']
  ])('%s with its token in extra-params needs no new input', (grantType, extra) => {
    const config = read({ 'grant-type': grantType, 'extra-params': extra })
    expect(config.keyless).toBeUndefined()
    expect(config.extraParams.length).toBeGreaterThan(0)
  })

  it('sends requested-token-type with a subject token from extra-params', () => {
    const config = read({
      'grant-type': EXCHANGE,
      'extra-params': 'subject_token=abc',
      'requested-token-type': 'urn:ietf:params:oauth:token-type:access_token'
    })
    expect(config.keyless?.requestedTokenType).toBe('urn:ietf:params:oauth:token-type:access_token')
    expect(config.keyless?.subjectToken).toBe('')
  })

  it('refuses subject-token-type without subject-token', () => {
    expect(
      failure({
        'grant-type': EXCHANGE,
        'extra-params': 'subject_token=abc',
        'subject-token-type': 'urn:x'
      })
    ).toBe("input 'subject-token-type' is only used with input 'subject-token'")
  })
})

describe('a value from a job-level OAUTH_* variable that this step cannot use', () => {
  const refusal = (inputs: Inputs, env: Record<string, string>): string => {
    try {
      readConfig(source(inputs, env))
    } catch (error) {
      return (error as ActionError).message
    }
    throw new Error('readConfig did not throw')
  }

  it.each<[string, Inputs, Record<string, string>, string]>([
    [
      'OAUTH_HOST beside issuer',
      { issuer: 'https://login.example.com', 'client-id': 'ci', 'client-secret': 'shh' },
      { OAUTH_HOST: 'https://api.example.com' },
      "input 'issuer' and input 'host' (or OAUTH_HOST) are both set: give one (OAUTH_HOST is set in the environment: set OAUTH_HOST: '' in this step's env); with issuer, the token endpoint comes from discovery"
    ],
    [
      'OAUTH_CLIENT_SECRET beside a keyless client-auth',
      { ...HOST, 'client-auth': 'private-key-jwt', 'private-key': RSA },
      { OAUTH_CLIENT_SECRET: 'shh' },
      "input 'client-secret' (or OAUTH_CLIENT_SECRET) must be empty with client-auth private-key-jwt, which authenticates the client without it (OAUTH_CLIENT_SECRET is set in the environment: set OAUTH_CLIENT_SECRET: '' in this step's env)"
    ],
    [
      'OAUTH_CLIENT_SECRET beside a client_assertion',
      { ...HOST, 'extra-params': 'client_assertion=eyJhbGciOiJSUzI1NiJ9.e30.c2ln' },
      { OAUTH_CLIENT_SECRET: 'shh' },
      "input 'client-secret' (or OAUTH_CLIENT_SECRET) must be empty when extra-params passes client_assertion: a client authenticates one way per request (RFC 6749 section 2.3) (OAUTH_CLIENT_SECRET is set in the environment: set OAUTH_CLIENT_SECRET: '' in this step's env)"
    ]
  ])('says how to clear %s for this step', (_what, inputs, env, message) => {
    expect(refusal(inputs, env)).toBe(message)
  })

  it('says nothing of the environment when the input gave the value', () => {
    const inputs = {
      ...HOST,
      'client-auth': 'private-key-jwt',
      'private-key': RSA,
      'client-secret': 'shh'
    }
    expect(refusal(inputs, { OAUTH_CLIENT_SECRET: 'other' })).not.toContain('environment')
  })
})

describe('checkGithubOidcAvailable', () => {
  const keyless = (): NonNullable<Config['keyless']> => {
    const config = read({ 'client-auth': 'github-oidc' })
    if (!config.keyless) throw new Error('no keyless config')
    return config.keyless
  }
  const runner = (url: string): Record<string, string> => ({
    ACTIONS_ID_TOKEN_REQUEST_URL: url,
    ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'runner-bearer-token'
  })

  // A URL, but not one the ID token can be asked at: refused before anything is sent.
  it.each(['file:///tmp/id-token', 'ftp://token.actions.example/', 'no url at all'])(
    'refuses ACTIONS_ID_TOKEN_REQUEST_URL %s, naming the fix',
    url => {
      expect(() => checkGithubOidcAvailable(keyless(), runner(url))).toThrow(
        new ActionError(
          "Could not get the job's OIDC ID token from GitHub (ACTIONS_ID_TOKEN_REQUEST_URL is not an http(s) URL): unset it, or set the ID token endpoint's URL there"
        )
      )
    }
  )

  it.each(['https://token.actions.example/id', 'http://127.0.0.1:8080/id'])(
    'takes ACTIONS_ID_TOKEN_REQUEST_URL %s',
    url => {
      expect(() => checkGithubOidcAvailable(keyless(), runner(url))).not.toThrow()
    }
  )
})

describe('plainPem', () => {
  it('gives each armour line of PEM text without line breaks its own line, and no other', () => {
    /* Base64 may end in capitals just before -----END, and hold BEGIN or END itself. */
    const flat =
      '-----BEGIN CERTIFICATE-----MIIBENDXYZ-----END CERTIFICATE----------BEGIN EC PRIVATE KEY-----BEGINAB+/=-----END EC PRIVATE KEY-----'
    expect(plainPem(flat).split('\n')).toEqual([
      '-----BEGIN CERTIFICATE-----',
      'MIIBENDXYZ',
      '-----END CERTIFICATE-----',
      '-----BEGIN EC PRIVATE KEY-----',
      'BEGINAB+/=',
      '-----END EC PRIVATE KEY-----'
    ])
  })

  it("reads a JSON string's \\n and \\r\\n escapes as line breaks", () => {
    expect(plainPem('-----BEGIN X-----\\nAB\\r\\nCD\\n-----END X-----\\n')).toBe(
      '-----BEGIN X-----\nAB\nCD\n-----END X-----\n'
    )
  })
})
