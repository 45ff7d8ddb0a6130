/*
 * Inputs for keyless authentication (github-oidc, private-key-jwt, token exchange, jwt-bearer)
 * and `issuer`, read with the others (config.ts): bad ones are refused before anything is sent.
 */
import { ActionError, SPACE_OR_CONTROL, quote } from './errors.js'
import { fail as failNamingVariable, readBaseUrl } from './config.js'
import { nodeCrypto } from './node-crypto.js'

/** The value of `subject-token` or `assertion` that stands for the job's GitHub OIDC ID token. */
export const GITHUB_OIDC = 'github-oidc'

export const TOKEN_EXCHANGE = 'urn:ietf:params:oauth:grant-type:token-exchange'
export const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer'
export const JWT_TOKEN_TYPE = 'urn:ietf:params:oauth:token-type:jwt'

const GITHUB_OIDC_USES = 'used with github-oidc (client-auth, subject-token or assertion)'
const NO_SPACES = 'must not contain spaces or control characters'

/**
 * The spaces and tabs that indent a PEM line, and the spaces, tabs and CRs that end one (a key or
 * certificate pasted indented into YAML, or from Windows). A run at a line's end is matched only
 * from its first character, so a long run costs its length, not its square.
 */
const PEM_LINE_PADDING = /^[ \t]+|(?<![ \t\r])[ \t\r]+$/gm

/**
 * PEM text as pasted, for readSigningKey and config.ts's ca-certificate: lines indented or ending
 * in CR, with a JSON string's \n (or \r\n) escapes for line breaks (no backslash is base64), with
 * no line breaks at all (each armour line gets its own again), or folded onto one line (YAML's >,
 * an unquoted shell echo), whose armour lines the spaces beside each `-----` become line breaks
 * again; the base64 between keeps its spaces, which Node reads.
 */
export function plainPem(text: string): string {
  return text
    .replace(/(\\r)?\\n/g, '\n')
    .replace(
      /(?<=-----(?:BEGIN|END) [A-Z0-9 ]+-----)(?=\S)|(?<=[^\s-])(?=-----(?:BEGIN|END) )/g,
      '\n'
    )
    .replace(PEM_LINE_PADDING, '')
    .replace(/(?<! ) +(?=-)|(?<=-) +/g, '\n')
}

/** Inputs that hold a credential (unless they name github-oidc): masked before anything else. */
export const KEYLESS_SECRET_INPUTS = ['subject-token', 'assertion', 'private-key'] as const
/** A token input's refusal (refresh-token's too): one with a space or line break in it is a slip. */
export const TOKEN_ALONE =
  'must be the token alone, without spaces, line breaks or "Bearer " in front'

/** A private key for private-key-jwt, checked to be one we can sign with. */
export interface SigningKey {
  readonly pem: string
  readonly algorithm: 'RS256' | 'ES256'
  /** The `kid` header; empty for none. */
  readonly keyId: string
}

/**
 * The inputs of keyless client authentication and of the token-exchange and jwt-bearer grants,
 * read and checked. Absent from the config when none of them is used.
 */
export interface KeylessConfig {
  readonly clientAuth: 'github-oidc' | 'private-key-jwt' | undefined
  /** The audience of GitHub's ID token; empty for the token endpoint's origin. */
  readonly oidcAudience: string
  /** RFC 8693 subject_token: github-oidc or a literal token; empty unless token-exchange. */
  readonly subjectToken: string
  readonly subjectTokenType: string
  readonly requestedTokenType: string
  /** RFC 7523 §2.1 assertion: github-oidc or a literal JWT; empty unless jwt-bearer. */
  readonly assertion: string
  readonly signingKey: SigningKey | undefined
}

/**
 * Refuses, before anything is sent, a run that needs the job's GitHub ID token where the runner
 * offers none: the same line keyless.ts gives when GitHub refuses it.
 */
export function checkGithubOidcAvailable(
  keyless: KeylessConfig,
  env: Readonly<Record<string, string | undefined>>
): void {
  if (!usesGithubOidc(keyless)) return
  const unset = ['ACTIONS_ID_TOKEN_REQUEST_URL', 'ACTIONS_ID_TOKEN_REQUEST_TOKEN'].find(
    name => !env[name]
  )
  if (unset) throw noIdToken(`${unset} is not set`)
  /* Set by hand, as for a run off GitHub: the runner's is an https:// URL. */
  const url = env.ACTIONS_ID_TOKEN_REQUEST_URL ?? ''
  if (!URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol))
    throw noIdToken(
      'ACTIONS_ID_TOKEN_REQUEST_URL is not an http(s) URL',
      "unset it, or set the ID token endpoint's URL there"
    )
}

/**
 * Why the job's ID token cannot be had, and what to fix (by default, the permission): the one line
 * for every such case.
 */
export function noIdToken(
  reason: string,
  advice = "add 'permissions: id-token: write' to the workflow or job; the token exists only in GitHub Actions runs, and not for a pull request from a fork"
): ActionError {
  return new ActionError(`Could not get the job's OIDC ID token from GitHub (${reason}): ${advice}`)
}

/** True when the job's GitHub ID token is needed. */
export function usesGithubOidc(keyless: KeylessConfig): boolean {
  return (
    keyless.clientAuth === 'github-oidc' ||
    keyless.subjectToken === GITHUB_OIDC ||
    keyless.assertion === GITHUB_OIDC
  )
}

/** The body parameters the keyless features in use send, so `extra-params` cannot send them twice. */
function keylessParams(keyless: KeylessConfig): string[] {
  const params: string[] = []
  if (keyless.clientAuth) params.push('client_assertion', 'client_assertion_type')
  if (keyless.subjectToken) params.push('subject_token', 'subject_token_type')
  if (keyless.requestedTokenType) params.push('requested_token_type')
  if (keyless.assertion) params.push('assertion')
  return params
}

interface Context {
  readonly getInput: (name: string) => string
  readonly grantType: string
  readonly clientAuth: string
  readonly clientSecret: string
  /** How to clear a client-secret that came from OAUTH_CLIENT_SECRET (config.ts envHint). */
  readonly clientSecretHint?: () => string
  /** How to clear a grant-type that came from OAUTH_GRANT_TYPE. */
  readonly grantTypeHint?: () => string
  /** Whether extra-params sets a parameter, by its exact name: what a server surely reads. */
  readonly hasParam: (name: string) => boolean
  /** Whether extra-params sets a parameter however a server may read its name (config.ts). */
  readonly clashes: (name: string) => boolean
}

/** The longest wait for one ID token attempt, whatever `timeout` says (runner-protocol.ts). */
export const ID_TOKEN_TIMEOUT_MS = 60_000

/** The inputs of keyless authentication and token exchange, besides `client-auth`. */
export const KEYLESS_INPUTS = [
  'oidc-audience',
  'subject-token',
  'subject-token-type',
  'requested-token-type',
  'assertion',
  'private-key',
  'key-id'
] as const

/**
 * Reads and checks the keyless inputs; undefined when no keyless feature is used. A token
 * exchange or jwt-bearer grant whose token comes in `extra-params` is sent as given, as before.
 */
export function readKeylessConfig(context: Context): KeylessConfig | undefined {
  const clientAuth =
    context.clientAuth === 'github-oidc' || context.clientAuth === 'private-key-jwt'
      ? context.clientAuth
      : undefined
  if (!clientAuth && context.grantType !== TOKEN_EXCHANGE && context.grantType !== JWT_BEARER) {
    const stray = KEYLESS_INPUTS.find(name => given(context, name))
    if (stray) fail(stray, `is not used here: ${usedBy(stray)}`)
    return
  }
  return readKeylessInputs({ ...context, getInput: name => given(context, name) }, clientAuth)
}

/** An input as set: the runner passes subject-token-type's default when it is not, read as unset. */
function given(context: Context, name: string): string {
  const value = context.getInput(name)
  return name === 'subject-token-type' && value === JWT_TOKEN_TYPE ? '' : value
}

/** Refuses input `name` for `problem`. */
function fail(name: string, problem: string): never {
  throw new ActionError(`input '${name}' ${problem}`)
}

/** readKeylessConfig once a keyless feature is in use: a function of its own, compiled only then. */
function readKeylessInputs(
  context: Context,
  clientAuth: KeylessConfig['clientAuth']
): KeylessConfig | undefined {
  const { getInput, grantType, hasParam, clashes } = context
  const oidcAudience = getInput('oidc-audience')
  const subjectToken = keyword(getInput('subject-token'))
  const subjectTokenType = getInput('subject-token-type')
  const requestedTokenType = getInput('requested-token-type')
  const assertion = keyword(getInput('assertion'))
  const privateKey = getInput('private-key')
  const keyId = getInput('key-id')

  const exchange = grantType === TOKEN_EXCHANGE
  const jwtBearer = grantType === JWT_BEARER
  /* config.ts's fail, which names the input's variable: input 'client-secret' (or OAUTH_CLIENT_SECRET). */
  if (clientAuth && context.clientSecret)
    failNamingVariable(
      'client-secret',
      `must be empty with client-auth ${clientAuth}, which authenticates the client without it${context.clientSecretHint?.() ?? ''}`
    )
  if (exchange) {
    if (!subjectToken && !hasParam('subject_token'))
      fail(
        'subject-token',
        `is required by grant-type ${TOKEN_EXCHANGE}: github-oidc or a token${context.grantTypeHint?.() ?? ''}`
      )
    if (!subjectToken && subjectTokenType)
      fail('subject-token-type', `is only used with input 'subject-token'`)
  } else {
    for (const name of ['subject-token', 'subject-token-type', 'requested-token-type']) {
      if (getInput(name)) fail(name, `is only used with grant-type ${TOKEN_EXCHANGE}`)
    }
  }
  if (jwtBearer) {
    if (!assertion && !hasParam('assertion'))
      fail(
        'assertion',
        `is required by grant-type ${JWT_BEARER}: github-oidc or a JWT${context.grantTypeHint?.() ?? ''}`
      )
  } else if (assertion) {
    fail('assertion', `is only used with grant-type ${JWT_BEARER}`)
  }
  for (const [name, value] of [
    ['subject-token-type', subjectTokenType],
    ['requested-token-type', requestedTokenType]
  ] as const) {
    /* An absolute URI (RFC 8693 section 3): a scheme, a colon, and no space or control character. */
    if (value && !/^[A-Za-z][A-Za-z0-9+.-]*:[\x21-\x7e]+$/.test(value))
      fail(name, `must be a token type URI such as ${JWT_TOKEN_TYPE}; got ${quote(value)}`)
  }

  /* A token or a JWT is one word: a line break in one, or a "Bearer " copied with it, is a slip. */
  for (const [name, value] of [
    ['subject-token', subjectToken],
    ['assertion', assertion]
  ] as const) {
    if (SPACE_OR_CONTROL.test(value)) fail(name, TOKEN_ALONE)
  }

  let signingKey: SigningKey | undefined
  if (clientAuth === 'private-key-jwt') {
    if (!privateKey)
      fail('private-key', 'is required by client-auth private-key-jwt: a PEM RSA or EC P-256 key')
    signingKey = readSigningKey(privateKey, keyId)
  } else if (privateKey || keyId) {
    fail(privateKey ? 'private-key' : 'key-id', 'is only used with client-auth private-key-jwt')
  }

  const keyless: KeylessConfig = {
    clientAuth,
    oidcAudience,
    subjectToken,
    subjectTokenType: subjectToken ? subjectTokenType || JWT_TOKEN_TYPE : '',
    requestedTokenType,
    assertion,
    signingKey
  }
  if (oidcAudience && !usesGithubOidc(keyless)) fail('oidc-audience', `is only ${GITHUB_OIDC_USES}`)
  if (SPACE_OR_CONTROL.test(oidcAudience)) fail('oidc-audience', NO_SPACES)
  for (const param of keylessParams(keyless)) {
    /* The others come from the inputs set; subject_token_type, from its default when unset. */
    if (clashes(param))
      fail(
        'extra-params',
        `sets ${param}, which the action sends itself here: ${param === 'subject_token_type' && !subjectTokenType ? "use input 'subject-token-type'" : 'remove it'}`
      )
  }
  if (!clientAuth && !subjectToken && !requestedTokenType && !assertion) return
  return keyless
}

/**
 * `github-oidc` in any case, as client-auth takes it, or spelt `github_oidc` as OAuth spells its
 * names (sent as a token, it only drew the server's refusal); any other value is a literal token.
 */
export function isGithubOidc(value: string): boolean {
  return value.toLowerCase().replace('_', '-') === GITHUB_OIDC
}

function keyword(value: string): string {
  return isGithubOidc(value) ? GITHUB_OIDC : value
}

function usedBy(name: string): string {
  if (name === 'private-key' || name === 'key-id') return 'set client-auth: private-key-jwt'
  if (name === 'assertion') return `it belongs to grant-type ${JWT_BEARER}`
  if (name === 'oidc-audience')
    return `it is the audience of the GitHub ID token, ${GITHUB_OIDC_USES}`
  return `it belongs to grant-type ${TOKEN_EXCHANGE}`
}

/**
 * The PEM key, which must be an unencrypted RSA (2048 bits or more) or EC P-256 private key; its
 * lines may be indented, as ca-certificate's may.
 */
export function readSigningKey(pem: string, keyId: string): SigningKey {
  /* The key is never quoted: not even a part of it belongs in a message. */
  const refused = (why: string): ActionError =>
    new ActionError(
      `input 'private-key' must be an unencrypted PEM private key, RSA (2048 bits or more) or EC P-256${why}`
    )
  /* A key of a type we cannot sign with (Ed25519, say), and how to make one we can. */
  const otherType = (type?: string): ActionError =>
    refused(`, not ${type}: ssh-keygen -t ecdsa -m PKCS8 -N '' -f key makes one`)
  if (SPACE_OR_CONTROL.test(keyId)) fail('key-id', NO_SPACES)
  if (!pem.includes('-----BEGIN') || !/PRIVATE KEY-----/.test(pem)) {
    /* ca-certificate takes a path too, so a path here is an easy mistake. */
    if (/^(?:~?\.{0,2}[/\\]|[A-Za-z]:[/\\])\S*$|^\S+\.(?:pem|key)$/i.test(pem))
      fail(
        'private-key',
        `takes the key's PEM text (e.g. \${{ secrets.CLIENT_PRIVATE_KEY }}), not the path of a file`
      )
    /* A public key or certificate pasted in its place: the armour says which, and is no secret. */
    if (/-----BEGIN (RSA |EC )?(PUBLIC KEY|CERTIFICATE)-----/.test(pem))
      throw refused(`: it holds a public key or certificate; give the private key`)
    throw refused(`: it has no '-----BEGIN PRIVATE KEY-----' block (or RSA or EC PRIVATE KEY)`)
  }
  /* Node would sign with the first, and the server's key may be the second's. */
  if (pem.split('PRIVATE KEY-----').length > 3)
    throw refused(': it holds more than one key; give one')
  pem = plainPem(pem)
  let key
  try {
    key = nodeCrypto().createPrivateKey({ key: pem, format: 'pem' })
  } catch {
    /* OpenSSH's own format names the key's type (the public key's: no secret) near its start;
       of other types than these two, ssh-keygen's rewrite below cannot sign either. */
    const type = /^openssh-key-v1.*?\b((?:ssh|ecdsa|sk)-[\w@.-]+)/s.exec(
      `${Buffer.from(pem.split('KEY-----')[1], 'base64')}`
    )?.[1]
    if (type && !/^(ssh-rsa|ecdsa-sha2-nistp256)$/.test(type)) throw otherType(type)
    /* Cut short, encrypted, or OpenSSH's own format: ssh-keygen (on every runner OS) rewrites the
       last two as unencrypted PKCS#8. */
    throw refused(
      `: it could not be read: give it whole and unencrypted, as ssh-keygen -p -N '' -m PKCS8 -f copy-of-key rewrites it`
    )
  }
  const details = key.asymmetricKeyDetails ?? {}
  const rsa = key.asymmetricKeyType === 'rsa'
  if (rsa && (details.modulusLength ?? 0) < 2048)
    throw refused(`: this RSA key has ${details.modulusLength} bits`)
  if (!rsa && key.asymmetricKeyType !== 'ec') throw otherType(key.asymmetricKeyType)
  if (!rsa && details.namedCurve !== 'prime256v1')
    throw refused(`: this EC key is on curve ${details.namedCurve}`)
  return { pem, algorithm: rsa ? 'RS256' : 'ES256', keyId }
}

/**
 * `issuer`, checked like `host`: an https URL (http only on loopback or when allowed), without
 * credentials, query or fragment (RFC 8414 §2). The token endpoint then comes from discovery, so
 * `host` and a `token-path` of its own are refused. The runner passes action.yml's default
 * token-path on every run, so only a value other than that default counts as set.
 */
export function readIssuer(
  issuer: string,
  host: string,
  tokenPath: string,
  defaultTokenPath: string,
  allowInsecureHttp: boolean,
  hostHint = ''
): string {
  const both = (input: string, fix: string): never =>
    fail(
      'issuer',
      `and input ${input} are both set: ${fix}; with issuer, the token endpoint comes from discovery`
    )
  if (host) both("'host' (or OAUTH_HOST)", `give one${hostHint}`)
  if (tokenPath && tokenPath !== defaultTokenPath) both("'token-path'", 'remove token-path')
  readBaseUrl('issuer', issuer, allowInsecureHttp)
  /* Discovery appends up to 39 characters; servers refuse a request line over 8,190. */
  if (issuer.length > 8150) fail('issuer', 'is over 8,150 characters: shorten it')
  /* The metadata's URL pasted for the issuer: discovery appends the well-known path itself. */
  if (issuer.includes('/.well-known/'))
    fail(
      'issuer',
      `must be the issuer, not its metadata's URL: remove /.well-known/ and what follows`
    )
  /* A token endpoint's URL would be asked for metadata; as host, its line names the split. */
  if (/[^/]\/token\/?$/.test(issuer))
    fail('issuer', `is a token endpoint's URL: give the issuer, or this URL as host`)
  return issuer
}
