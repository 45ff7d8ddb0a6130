import { readFileSync, statSync } from 'node:fs'
import {
  ActionError,
  CONTROL_OTHER_THAN_TAB,
  INVISIBLE,
  SPACE_OR_CONTROL,
  isObject,
  quote
} from './errors.js'
import {
  type KeylessConfig,
  KEYLESS_SECRET_INPUTS,
  TOKEN_ALONE,
  isGithubOidc,
  plainPem,
  readIssuer,
  readKeylessConfig
} from './keyless-inputs.js'
import { nodeCrypto } from './node-crypto.js'
import { pemCertificates } from './trust.js'

export type BodyFormat = 'json' | 'form'
export type ClientAuth = 'body' | 'basic' | 'github-oidc' | 'private-key-jwt'

/** Everything the action needs, read and checked once, before anything is sent. */
export interface Config {
  readonly tokenUrl: URL
  readonly grantType: string
  readonly clientId: string
  readonly clientSecret: string
  readonly username: string
  readonly password: string
  readonly refreshToken: string
  readonly scope: string
  readonly audience: string
  readonly extraParams: readonly (readonly [string, string])[]
  readonly headers: readonly (readonly [string, string])[]
  readonly bodyFormat: BodyFormat
  readonly clientAuth: ClientAuth
  readonly exportEnv: string
  readonly timeoutMs: number
  readonly retries: number
  readonly allowInsecureHttp: boolean
  /** PEM certificates trusted in addition to the default store; empty for the default alone. */
  readonly caCertificates: readonly string[]
  /**
   * Input `issuer`, when set: discovery finds the token endpoint, and `tokenUrl` holds the issuer
   * until it has.
   */
  readonly issuer?: string | undefined
  /** Keyless client authentication, token exchange and jwt-bearer; undefined when unused. */
  readonly keyless?: KeylessConfig | undefined
}

/** Where inputs come from: the runner's `INPUT_*` variables and the step's environment. */
export interface InputSource {
  /** The input's value, trimmed; empty when unset (like `core.getInput`). */
  getInput(name: string): string
  readonly env: Readonly<Record<string, string | undefined>>
}

/**
 * Inputs that fall back to an environment variable when empty, each named in full so that a
 * search for the variable finds where it is read.
 */
export const ENV_FALLBACK: Readonly<Record<string, string>> = {
  host: 'OAUTH_HOST',
  'grant-type': 'OAUTH_GRANT_TYPE',
  'client-id': 'OAUTH_CLIENT_ID',
  'client-secret': 'OAUTH_CLIENT_SECRET',
  username: 'OAUTH_USERNAME',
  password: 'OAUTH_PASSWORD',
  'refresh-token': 'OAUTH_REFRESH_TOKEN',
  scope: 'OAUTH_SCOPE',
  audience: 'OAUTH_AUDIENCE'
}

export const SECRET_INPUTS = ['client-secret', 'password', 'refresh-token'] as const

/** Caps that catch a typo, not a choice: 100 retries already span half an hour. */
export const MAX_RETRIES = 100
const MAX_TIMEOUT_SECONDS = 3600
/** action.yml's default token-path, which the runner passes when the workflow sets none. */
export const DEFAULT_TOKEN_PATH = '/oauth/token'

/**
 * Body parameters the action sets itself, each from the input of its name with `_` for `-`
 * (grant_type from grant-type): ENV_FALLBACK's inputs after host. `extra-params` may not override
 * them.
 */
const RESERVED_PARAMS: ReadonlyMap<string, string> = new Map(
  Object.keys(ENV_FALLBACK)
    .slice(1)
    .map(input => [input.replace('-', '_'), input])
)

/**
 * Headers the action owns: the body and transport decide them (a Content-Encoding would label the
 * plain body it sends as compressed).
 */
const RESERVED_HEADERS = new Set([
  'host',
  'content-length',
  'content-type',
  'content-encoding',
  'transfer-encoding',
  'connection',
  'upgrade',
  'te',
  'trailer',
  'keep-alive',
  'proxy-authorization',
  'proxy-connection'
])

/** action.yml's default for export-env. */
const DEFAULT_EXPORT_ENV = 'ACCESS_TOKEN'
/**
 * Variables that exporting a token into would break the job or the runner: the runner's own (with
 * INPUT_* and STATE_*, in which it hands actions their inputs and state), and those the shell
 * (with `_`, which bash rewrites at each command), the C library (TZ), the dynamic loader, Node,
 * Java (CLASSPATH), Python or any proxy-aware tool reads at start (not
 * NODE_AUTH_TOKEN: Node does not read it, actions/setup-node's .npmrc does, for a registry's
 * token, which this action may well be minting); then git's and other tools'
 * (RESERVED_TOOL_ENV, RESERVED_SETTINGS_ENV), and Windows' own, with .NET's: pwsh, Windows'
 * default shell, is a .NET program, which a bad DOTNET_STARTUP_HOOKS stops. Tested against the
 * name upper-cased, once it is known to be ASCII (Windows' names are case-insensitive anyway): no
 * `i` flag, whose case tables V8 builds on first use.
 */
const RESERVED_ENV =
  /^(?!NODE_AUTH_TOKEN$)(_|TZ|CLASSPATH|PATH|HOME|SHELL|IFS|ENV|BASH_ENV|(SHELL|BASH)OPTS|CDPATH|PS[0-4]|PROMPT_COMMAND|TMPDIR|GLIBC_TUNABLES|GCONV_PATH|LOCPATH|(NODE|LD|DYLD|GITHUB|RUNNER|ACTIONS|INPUT|STATE|LC)_\w*|(HTTPS?|ALL|NO|FTP|SOCKS5?)_PROXY|SSLKEYLOGFILE|HOSTALIASES|LOCALDOMAIN|RES_OPTIONS|(_|JDK_)?JAVA(_TOOL)?_OPTIONS|PYTHON[A-Z]+|PERL5(OPT|LIB)|RUBY(OPT|LIB))$/
/**
 * git's own variables, and those that name a command to run (a compiler, a wrapper) or a build
 * tool's options or flags (MAVEN_OPTS, GOFLAGS, MAKEFLAGS).
 */
const RESERVED_TOOL_ENV =
  /^(GIT_(SSH\w*|ASKPASS|ALLOW_PROTOCOL|PROTOCOL_FROM_USER|EXEC_PATH|DIR|WORK_TREE|CONFIG\w*|SSL_\w*|HTTP_\w*|PROXY_COMMAND|EXTERNAL_DIFF|TRACE\w*|INDEX_FILE|\w*DIRECTOR(Y|IES)|TERMINAL_PROMPT)|\w*ASKPASS|\w*PAGER|\w*EDITOR|VISUAL|BROWSER|LESS(OPEN|CLOSE)|CC|CXX|CPP|\w*_WRAPPER|\w*_OPTS|\w*FLAGS)$/
/**
 * Those that tell tools where their files, settings and peers are: a CA bundle, a locale, a
 * tool's home, search path, configuration or file (JAVA_HOME, PKG_CONFIG_PATH, DOCKER_CONFIG,
 * AWS_CONFIG_FILE, XDG_*, GOPATH, GNUPGHOME, wget's and zsh's), npm's and pip's settings, a Docker
 * daemon or SSH agent; and bash's GLOBIGNORE. Not ACCESS_TOKEN_FILE, this action's own, which
 * deliver.ts refuses only beside token-file, with its own line.
 */
const RESERVED_SETTINGS_ENV =
  /^(?!ACCESS_TOKEN_FILE$)(GLOBIGNORE|ZDOTDIR|WGETRC|GNUPGHOME|GO(PATH|ROOT|PROXY)|\w*_(HOME|PATH|CONFIG|FILE)|(XDG|NPM_CONFIG|PIP)_\w*|LANG(UAGE)?|KUBECONFIG|SSL_CERT_(FILE|DIR)|(CURL|REQUESTS|AWS)_CA_BUNDLE|DOCKER_HOST|SSH_AUTH_SOCK)$/
const RESERVED_WINDOWS_ENV =
  /^(TEMP|TMP|SYSTEMROOT|SYSTEMDRIVE|WINDIR|COMSPEC|PATHEXT|PSMODULEPATH|USERPROFILE|HOMEDRIVE|HOMEPATH|(LOCAL)?APPDATA|PROGRAMDATA|(COMMON)?PROGRAMFILES|PROGRAMW6432|PROCESSOR_ARCHITECTURE|(DOTNET|COMPLUS|CORECLR)_\w*)$/
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/
const PARAM_NAME = /^[\x21-\x7e]+$/
/* RFC 6749 section 2.3: a client must not use more than one authentication method per request. */
const ONE_CLIENT_AUTH =
  'when extra-params passes client_assertion: a client authenticates one way per request (RFC 6749 section 2.3)'
/** The grants whose inputs are checked; any other grant type is sent as given. */
export const CHECKED_GRANTS = ['password', 'client_credentials', 'refresh_token'] as const

/**
 * A refresh token or an authorization code may be used once: once the server answered 2xx, it
 * has likely used it up, and would refuse it again.
 */
export const isSingleUse = (grantType: string): boolean =>
  grantType === 'refresh_token' || grantType === 'authorization_code'

/** Names an input and, where it has one, its environment variable, as messages show them. */
export function describeInput(name: string): string {
  const variable = ENV_FALLBACK[name]
  return variable ? `input '${name}' (or ${variable})` : `input '${name}'`
}

/**
 * For a refusal of a value that came from the input's environment variable, which a job-level
 * `env:` sets for every step: how to clear it for this one. Empty when the input gave it.
 */
export function envHint(source: InputSource, name: string): string {
  const variable = ENV_FALLBACK[name]
  return variable && !source.getInput(name) && inputOrEnv(source, name)
    ? ` (${variable} is set in the environment: set ${variable}: '' in this step's env)`
    : ''
}

/** The input's value, or its environment variable's when the input is empty. */
export function inputOrEnv(source: InputSource, name: string): string {
  const value = source.getInput(name)
  if (value) return value
  const variable = ENV_FALLBACK[name]
  return variable ? (source.env[variable] ?? '').trim() : ''
}

/** The secret inputs' values, wherever they came from, for masking before anything else. */
export function readSecretInputs(source: InputSource): string[] {
  const keyless = KEYLESS_SECRET_INPUTS.map(name => source.getInput(name)).filter(
    value => !isGithubOidc(value)
  )
  return [...SECRET_INPUTS.map(name => inputOrEnv(source, name)), ...keyless].filter(Boolean)
}

/**
 * Refuses input `name`, as describeInput names it, for `problem`; lifecycle-config.ts and
 * handoff.ts refuse their inputs with it too.
 */
export function fail(name: string, problem: string): never {
  refuse(describeInput(name), problem)
}

/** Refuses what `where` names (an input, or a line of one) for `problem`. */
function refuse(where: string, problem: string): never {
  throw new ActionError(`${where} ${problem}`)
}

export function readConfig(source: InputSource): Config {
  const get = (name: string): string => inputOrEnv(source, name)

  const host = get('host')
  const issuerInput = source.getInput('issuer')
  if (!host && !issuerInput)
    fail(
      'host',
      "is required: the base URL of the API, e.g. https://api.example.com (or input 'issuer', to discover the token endpoint)"
    )
  const allowInsecureHttp = readBoolean(source, 'allow-insecure-http', false)
  const issuer = issuerInput
    ? readIssuer(
        issuerInput,
        host,
        source.getInput('token-path'),
        DEFAULT_TOKEN_PATH,
        allowInsecureHttp,
        envHint(source, 'host')
      )
    : undefined
  /* With issuer, a stand-in until discovery replaces it; nothing is sent to it. */
  const tokenUrl = issuer
    ? new URL(issuer)
    : resolveTokenUrl(host, source.getInput('token-path') || DEFAULT_TOKEN_PATH, {
        allowInsecureHttp
      })

  const clientId = get('client-id')
  if (!clientId) fail('client-id', 'is required')
  const clientSecret = get('client-secret')
  const username = get('username')
  const password = get('password')
  const refreshToken = get('refresh-token')
  const scope = get('scope')
  const audience = get('audience')
  /* Names, not secrets: a line break, tab or zero-width space in one is a pasting mistake. */
  for (const [name, value] of Object.entries({
    'client-id': clientId,
    username,
    scope,
    audience
  })) {
    if (INVISIBLE.test(value))
      fail(
        name,
        `must not contain line breaks, tabs or other control or invisible characters${name === 'scope' ? ': separate scopes with spaces' : ''}`
      )
  }
  if (SPACE_OR_CONTROL.test(refreshToken)) fail('refresh-token', TOKEN_ALONE)
  const grantType = get('grant-type') || (username ? 'password' : 'client_credentials')
  if (SPACE_OR_CONTROL.test(grantType))
    fail(
      'grant-type',
      'must be one word, without spaces or control characters, e.g. password or client_credentials'
    )

  const extraParams = ifSet(source.getInput('extra-params'), parseExtraParams)
  const hasParam = (name: string): boolean => extraParams.some(([key]) => key === name)
  /* As a server may read a name (paramName): a clash with what the action sends is refused. */
  const clashes = (name: string): boolean => extraParams.some(([key]) => paramName(key) === name)
  if (clientSecret && clashes('client_assertion'))
    fail('client-secret', `must be empty ${ONE_CLIENT_AUTH}${envHint(source, 'client-secret')}`)

  /* Read before the grant's checks, so a misspelt choice is named rather than the input it implies. */
  const format = readChoice(source, 'body-format', ['json', 'form'] as const, 'json')
  const clientAuth = readChoice(
    source,
    'client-auth',
    ['body', 'basic', 'github-oidc', 'private-key-jwt'] as const,
    'body'
  )
  /* What chose the grant, if a job's variable did: OAUTH_GRANT_TYPE, or OAUTH_USERNAME (password). */
  const hint = envHint(source, get('grant-type') ? 'grant-type' : 'username')
  const required = (name: string): never =>
    fail(name, `is required by grant-type ${grantType}${hint}`)
  if (grantType === 'password') {
    if (!username) required('username')
    if (!password) required('password')
  } else if (grantType === 'client_credentials') {
    const keylessAuth = clientAuth === 'github-oidc' || clientAuth === 'private-key-jwt'
    if (!clientSecret && !hasParam('client_assertion') && !keylessAuth) {
      /* The default grant, not one the workflow chose: say why it is this one (configWarnings
         would, but only once the inputs pass). */
      if (!get('grant-type') && (password || refreshToken)) {
        throw new ActionError(
          password
            ? `${describeInput('username')} is empty, so grant-type is client_credentials, which needs client-secret: set username for a password grant, or set client-secret`
            : 'grant-type is client_credentials without username, which needs client-secret and does not send refresh-token: set grant-type: refresh_token, or set client-secret'
        )
      }
      fail(
        'client-secret',
        `is required by grant-type client_credentials, unless client-auth is github-oidc or private-key-jwt (keyless) or extra-params passes client_assertion${hint}`
      )
    }
  } else if (grantType === 'refresh_token') {
    if (!refreshToken) required('refresh-token')
  }

  const keyless = readKeylessConfig({
    getInput: name => source.getInput(name),
    grantType,
    clientAuth,
    clientSecret,
    clientSecretHint: () => envHint(source, 'client-secret'),
    grantTypeHint: () => envHint(source, 'grant-type'),
    hasParam,
    clashes
  })
  /* RFC 6749, 7523 and 8693 define form bodies only (issuer: an RFC 6749 server). */
  const bodyFormat = keyless || issuer ? 'form' : format
  if (bodyFormat === 'json' && extraParams.filter(([key]) => key === 'resource').length > 1)
    fail('extra-params', 'repeats resource, which a JSON body cannot: set body-format: form')
  const headers = ifSet(source.getInput('headers'), parseHeaders)
  if (clientAuth === 'basic' && headers.some(([name]) => name.toLowerCase() === 'authorization'))
    fail('headers', "must not set Authorization when client-auth is 'basic'")
  if (clientAuth === 'basic' && clashes('client_assertion'))
    fail(
      'client-auth',
      `must not be basic ${ONE_CLIENT_AUTH}; use client-auth: body, or remove client_assertion`
    )

  const exportEnv = readExportEnv(source)

  return Object.freeze({
    tokenUrl,
    grantType,
    clientId,
    clientSecret,
    username,
    password,
    refreshToken,
    scope,
    audience,
    extraParams,
    headers,
    bodyFormat,
    clientAuth,
    exportEnv,
    /* Node's timers count whole milliseconds; so does the line that tells a timeout. */
    timeoutMs: Math.max(1, readSeconds(source, 'timeout', 30, MAX_TIMEOUT_SECONDS) * 1000),
    retries: readCount(source, 'retries', 3, MAX_RETRIES),
    allowInsecureHttp,
    caCertificates: ifSet(source.getInput('ca-certificate'), readCaCertificates),
    issuer,
    keyless
  })
}

/**
 * Valid input that is almost surely not what the workflow meant, as one-line warnings. Without
 * grant-type, the default rule picks password or client_credentials, and neither sends a
 * refresh-token; client_credentials sends no password either. A password with no username (a
 * secret this repository does not define reads as empty) would get the client's token instead of
 * the user's without a word. An explicit grant-type says the choice is meant; a job's
 * OAUTH_GRANT_TYPE does not, for a step that sets username, which that grant does not send.
 */
export function configWarnings(source: InputSource, config: Config): string[] {
  return [...grantWarnings(source, config), ...otherHostSecrets(source, config)]
}

function grantWarnings(source: InputSource, config: Config): string[] {
  if (inputOrEnv(source, 'grant-type')) {
    /* Sent as given, as any other grant type is; but the server compares it exactly. */
    const given = config.grantType.toLowerCase()
    const meant = CHECKED_GRANTS.find(grant => grant === given.replaceAll('-', '_'))
    const hint = envHint(source, 'grant-type')
    const rule = meant === given ? 'case-sensitive' : 'spelt with underscores'
    return meant && meant !== config.grantType
      ? [
          `${describeInput('grant-type')} is ${config.grantType}, sent as given: grant types are ${rule}, so write ${meant} if that is meant`
        ]
      : meant && meant !== 'password' && hint && source.getInput('username')
        ? [`input 'username' is set but grant-type is ${meant}, which does not send it${hint}`]
        : []
  }
  const warnings: string[] = []
  if (config.password && !config.username)
    warnings.push(
      `${describeInput('password')} is set but ${describeInput('username')} is empty, so grant-type is client_credentials, which does not send the password: set username for a password grant, or grant-type: client_credentials if that is meant`
    )
  if (config.refreshToken)
    warnings.push(
      `${describeInput('refresh-token')} is set but grant-type is ${config.grantType} (the default), which does not send it: set grant-type: refresh_token to use it, or grant-type: ${config.grantType} if that is meant`
    )
  return warnings
}

/**
 * The job's OAUTH_* secrets that fill a step's empty inputs when the step's `host` is not the
 * job's OAUTH_HOST: most likely another API's, on their way to this one.
 */
function otherHostSecrets(source: InputSource, config: Config): string[] {
  const jobHost = source.env.OAUTH_HOST?.trim() ?? ''
  if (!source.getInput('host') || !URL.canParse(jobHost)) return []
  const { origin } = new URL(jobHost)
  const filled = SECRET_INPUTS.filter(
    name => !source.getInput(name) && inputOrEnv(source, name)
  ).map(name => ENV_FALLBACK[name])
  return origin === config.tokenUrl.origin || !filled.length
    ? []
    : [
        `input 'host' is ${config.tokenUrl.origin}, not the job's OAUTH_HOST ${origin}, yet this step's empty inputs are filled from ${filled.join(' and ')}, which will go to it: if not meant for it, clear each in the step's env (${filled[0]}: '')`
      ]
}

/**
 * `export-env` defaults to ACCESS_TOKEN, and an empty value turns the export off. The runner
 * always passes the input (with action.yml's default), so an empty one is the user's choice;
 * a caller that sets no INPUT_EXPORT-ENV at all gets the default.
 */
export function readExportEnv(source: InputSource): string {
  const value = source.getInput('export-env')
  if (!value) return 'INPUT_EXPORT-ENV' in source.env ? '' : DEFAULT_EXPORT_ENV
  /* The default passes these checks: most runs compile none of their regexps. */
  if (value === DEFAULT_EXPORT_ENV) return value
  const upper = value.toUpperCase()
  /* false: meant as none */
  if (!ENV_NAME.test(value) || /^(TRUE|FALSE|YES|NO(NE)?|O(N|FF)|NULL)$/.test(upper))
    fail('export-env', 'must be an environment variable name such as ACCESS_TOKEN, or empty')
  /* This action's own fallbacks too: a later step of it would send the token as that input. */
  const fallback = Object.values(ENV_FALLBACK).includes(upper)
  const reserved = [RESERVED_ENV, RESERVED_TOOL_ENV, RESERVED_SETTINGS_ENV, RESERVED_WINDOWS_ENV]
  if (fallback || reserved.some(names => names.test(upper))) {
    const why = fallback
      ? 'a later step of this action would read'
      : 'the runner or later steps rely on'
    fail('export-env', `must not be ${value}, which ${why}`)
  }
  return value
}

/**
 * `host` joined with `token-path`, or with `revoke-path` when `pathInput` names it, checked to be
 * an http(s) URL the token may be sent to.
 */
export function resolveTokenUrl(
  host: string,
  tokenPath: string,
  options: { allowInsecureHttp: boolean },
  pathInput = 'token-path'
): URL {
  const base = readBaseUrl('host', host, options.allowInsecureHttp)
  const revoke = pathInput === 'revoke-path'
  const example = revoke ? '/oauth/revoke' : '/oauth/token'
  if (isUrlNotPath(tokenPath))
    fail(
      pathInput,
      `must be a path such as ${example}, not a URL: the host comes from input 'host' alone`
    )
  /* A query is the token endpoint's own (api-version=2); revocation takes none. */
  if (SPACE_OR_CONTROL.test(tokenPath) || (revoke ? /[\\#?]/ : /[\\#]/).test(tokenPath))
    fail(
      pathInput,
      `must be a plain path such as ${example}, without spaces, control characters, backslashes${revoke ? ", '?'" : ''} or '#'`
    )
  const basePath = base.pathname.replace(/(?<!\/)\/+$/, '')
  const path = tokenPath.startsWith('/') ? tokenPath : `/${tokenPath}`
  /* The token endpoint's whole URL pasted as host, which would send its path twice. */
  if (basePath.endsWith(path)) fail('host', `ends in ${pathInput} ${path}: remove it from host`)
  /* A token URL as host (Keycloak's, Entra ID's, Okta's, Cognito's, Duende's, any …/token) with
     the default token-path: its endpoint's path belongs in token-path, split as the recipes do. */
  const tail =
    path === DEFAULT_TOKEN_PATH &&
    /(\/protocol\/openid-connect|\/oauth2?|\/connect)?(\/v[\d.]+)?\/token\/?$/.exec(base.pathname)
  if (tail) fail('host', `ends in ${tail[0]}: move it to token-path`)
  const url = new URL(`${base.origin}${basePath}${path}`)
  if (url.origin !== base.origin) fail(pathInput, `must stay on ${base.origin}`)
  /* The body carries the grant and the credentials; in the URL they would be logged on the way
     (RFC 6749 section 2.3.1), and a server that reads the query first would take them. */
  for (const key of url.search ? url.searchParams.keys() : []) {
    const name = paramName(key)
    const owner =
      name === 'client_assertion'
        ? 'extra-params'
        : /^(subject_token|assertion)$/.test(name)
          ? name.replace('_', '-')
          : reservedOwner(key)
    if (owner && !['scope', 'audience'].includes(owner))
      fail(
        pathInput,
        `has ${JSON.stringify(key)} in its query, which the action sends in the body: use input '${owner}'`
      )
  }
  /* Apache refuses a request line over 8,190 bytes, nginx over 8 KiB, Node over 16 KiB (a 431). */
  if (url.href.length > 8190)
    throw new ActionError(
      `input 'host' and input '${pathInput}' make a URL over 8,190 characters: shorten them`
    )
  return url
}

/**
 * A base URL input, `host` or `issuer`, checked to be one credentials may be sent to: http(s)
 * with a host name, without credentials, query or fragment (RFC 8414 section 2 for issuer), and
 * plain http only on loopback or when allowed.
 */
export function readBaseUrl(
  name: 'host' | 'issuer',
  text: string,
  allowInsecureHttp: boolean
): URL {
  const example = name === 'host' ? 'https://api.example.com' : 'https://login.example.com/tenant'
  /* The URL parser would drop tabs and line breaks and mend https:api.example.com. Not quoted. */
  if (SPACE_OR_CONTROL.test(text))
    fail(name, 'must be one URL, without spaces, tabs or line breaks')
  if (!/^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(text))
    fail(
      name,
      `must start with https:// (or http:// for a server on this machine), e.g. ${example}`
    )
  if (emptyHostPart(text))
    fail(
      name,
      `has an empty host name, label or port after ${text.slice(0, text.indexOf('//') + 2)}: fill it in, e.g. ${example} (is a variable in it empty?)`
    )
  let url: URL
  try {
    url = new URL(text)
  } catch {
    /* The parser's refusal does not say which part is wrong; a port is the usual slip. */
    if (!text.includes('@') && Number(/^[^/]*\/\/[^/?#]*:(\d+)(?:[/?#]|$)/.exec(text)?.[1]) > 65535)
      fail(name, `has a port over 65535: ${PORT_FIX}`)
    return fail(
      name,
      /* A value with '@' may hold credentials that the parser could not separate: not shown. */
      `must be a URL such as ${example}; ${text.includes('@') ? 'it could not be parsed' : `got ${quote(text)}`}`
    )
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    fail(name, `must start with https:// (got ${url.protocol}//...)`)
  if (url.username || url.password)
    fail(
      name,
      'must not contain credentials (user:password@); pass them as client-id and client-secret'
    )
  if (hostNameTooLong(url))
    fail(name, 'has a host name over 253 characters, which DNS does not allow')
  /* Node would connect to the scheme's default port. */
  if (url.port === '0') fail(name, `has port 0, where no server listens: ${PORT_FIX}`)
  if (text.includes('\\')) fail(name, 'must not contain a backslash')
  /* RFC 8414 section 2 holds issuer to no query or fragment, even an empty one. */
  if (url.search || url.hash || (name === 'issuer' && /[?#]/.test(text)))
    fail(
      name,
      name === 'host'
        ? "must not have a query or fragment; put the endpoint's path in token-path"
        : 'must not have a query or fragment (RFC 8414 §2)'
    )
  if (url.protocol === 'http:' && !allowInsecureHttp && !isLoopback(url.hostname))
    fail(
      name,
      'uses plain http://, which would send credentials unencrypted; use https://, or set allow-insecure-http: true'
    )
  return url
}

const PORT_FIX = "give the server's port, or none for the scheme's default"

/** DNS allows a host name 253 characters, not counting a final dot (RFC 1035 section 2.3.4). */
export function hostNameTooLong(url: URL): boolean {
  return url.hostname.replace(/\.$/, '').length > 253
}

/** localhost, 127.0.0.0/8 and ::1: plain http never leaves the machine there. */
export function isLoopback(hostname: string): boolean {
  const lower = hostname.toLowerCase()
  const name = lower.startsWith('[') && lower.endsWith(']') ? lower.slice(1, -1) : lower
  /* The WHATWG parser gave IPv4 dotted and IPv6 compressed. No isIP nor regexp: slow at first. */
  return name === 'localhost' || isIpv4Loopback(name) || LOOPBACK_6.has(name)
}

/** 127.0.0.0/8 in dotted decimal: four decimal octets, no leading zeros, the first 127. */
function isIpv4Loopback(name: string): boolean {
  const octets = name.split('.')
  return octets.length === 4 && octets[0] === '127' && octets.every(isDecimalOctet)
}

function isDecimalOctet(text: string): boolean {
  const value = Number(text)
  /* String(Number(text)) gives text back only for a plain decimal without leading zeros or sign. */
  return text.length <= 3 && String(value) === text && value >= 0 && value <= 255
}

const LOOPBACK_6 = new Set(['::1', '0:0:0:0:0:0:0:1'])

/**
 * Whether a URL (one that starts scheme://) names no host, or leaves a label of its host name or
 * its port empty, as a variable left empty does: https://${{ vars.TENANT }}.auth0.com,
 * http://localhost:${{ env.PORT }}. The parser would take the path's first segment for a missing
 * host name (https:///api is host api), send a name with an empty label to DNS, and connect to the
 * scheme's default port.
 */
export function emptyHostPart(url: string): boolean {
  return /^[^/]*\/\/([/?#.]|$|[^/?#]*(\.\.|:([/?#]|$)))/.test(url)
}

/** A path that starts with a scheme (RFC 3986 section 3.1) or `//` is a URL, not a path. */
export function isUrlNotPath(path: string): boolean {
  return /^([A-Za-z][A-Za-z0-9+.-]*:|\/\/)/.test(path)
}

/** `extra-params`: one `key=value` per line; blank lines are skipped. */
export function parseExtraParams(text: string): [string, string][] {
  const params: [string, string][] = []
  for (const [index, raw] of lines(text)) {
    const line = raw.trim()
    if (!line) continue
    const equals = line.indexOf('=')
    const where = `input 'extra-params' line ${index}`
    if (equals <= 0) refuse(where, 'must be key=value')
    const key = line.slice(0, equals).trim()
    const value = line.slice(equals + 1).trim()
    if (!PARAM_NAME.test(key))
      refuse(
        where,
        `has a key with spaces, control characters or non-ASCII characters: use a plain ASCII name`
      )
    refuseControls(where, value)
    const owner = reservedOwner(key)
    if (owner) refuse(where, `sets ${key}, which the action sends itself: use input '${owner}'`)
    /* RFC 8707 section 2 lets resource repeat: one line per protected resource. */
    if (key !== 'resource' && params.some(([k]) => k === key))
      refuse(where, `repeats ${key}; each parameter may appear once (RFC 6749 §3.1)`)
    params.push([key, value])
  }
  return params
}

/** The input a parameter name belongs to, however spelt for the server (paramName). */
function reservedOwner(key: string): string | undefined {
  /* A Map: an object would find 'constructor' or '__proto__' in Object.prototype. */
  return RESERVED_PARAMS.get(paramName(key))
}

/**
 * A parameter's name as PHP (Laravel Passport) would read it: '.' and ' ' become '_', an
 * unclosed '[' too, and `name[...]` makes an array that replaces `name`; in any case, as ASP.NET
 * Core reads a form or JSON body (GRANT_TYPE replaces grant_type there). If the first '[' has a
 * ']' after it, the name ends there; if not, no '[' has one, and each is '_'. Not a lookahead for
 * a ']' from each '[', which read to the key's end each time: 100,000 took 8 s.
 */
function paramName(key: string): string {
  /* PHP skips leading spaces, and a NUL ends the name (php_register_variable_ex). */
  const php = key
    .replace(/^ +|\0.*/gs, '')
    .toLowerCase()
    .replace(/[. ]/g, '_')
  return php.replace(/^([^[]*)\[.*\].*|\[/g, (_, name?: string) => name ?? '_')
}

/** A value of `extra-params` or `headers` may hold a tab, but no other control character. */
function refuseControls(where: string, value: string): void {
  if (CONTROL_OTHER_THAN_TAB.test(value))
    refuse(where, 'has a control character in its value: remove it')
}

/** `headers`: one `Name: value` per line; blank lines are skipped. */
export function parseHeaders(text: string): [string, string][] {
  const headers: [string, string][] = []
  for (const [index, raw] of lines(text)) {
    if (!raw.trim()) continue
    const where = `input 'headers' line ${index}`
    const colon = raw.indexOf(':')
    if (colon <= 0) refuse(where, `must be 'Name: value'`)
    const name = raw.slice(0, colon).trim()
    const value = raw.slice(colon + 1).trim()
    if (!HEADER_NAME.test(name))
      refuse(
        where,
        `has an invalid header name (letters, digits and !#$%&'*+-.^_\`|~ only); one 'Name: value' per line`
      )
    refuseControls(where, value)
    if (/[\u0100-\u{10ffff}]/u.test(value))
      refuse(where, 'has a character HTTP headers cannot carry (only Latin-1)')
    if (RESERVED_HEADERS.has(name.toLowerCase()))
      refuse(where, `sets ${name}, which the action sets itself: remove that line`)
    /* A repeat would silently replace the earlier line when the request is built. */
    if (headers.some(([n]) => n.toLowerCase() === name.toLowerCase()))
      refuse(where, `repeats ${name}; give each header once`)
    /* Over Apache's 8,190 bytes a line, or Node's 16 KB in all, servers cut the connection. */
    if (raw.length > 8190) refuse(where, 'is over 8,190 characters: shorten it')
    headers.push([name, value])
  }
  if (headers.join().length > 16000)
    fail('headers', 'holds over 16,000 characters in all: send fewer')
  return headers
}

/**
 * `read(value)`, or nothing for an empty input. Most runs set none of the multi-line inputs, and
 * a function never called is one V8 never compiles in full.
 */
function ifSet<T>(value: string, read: (value: string) => T[]): T[] {
  return value ? read(value) : []
}

/** Lines with their 1-based numbers; a lone CR is no line break, so a value holding one is refused. */
function lines(text: string): [number, string][] {
  return text.split(/\r\n|\n/).map((line, i) => [i + 1, line.replace(/\r$/, '')])
}

function readChoice<T extends string>(
  source: InputSource,
  name: string,
  choices: readonly T[],
  fallback: T
): T {
  const value = source.getInput(name)
  if (!value) return fallback
  const choice = choices.find(c => c === value.toLowerCase())
  if (!choice) {
    const list = `${choices.slice(0, -1).join(', ')} or ${choices.at(-1)}`
    fail(name, `must be ${list}; got ${quote(value)}`)
  }
  return choice
}

/** Seconds in digits, more than 0 (decimals allowed, not .5 or 1e3) and at most `max`. */
function readSeconds(source: InputSource, name: string, fallback: number, max: number): number {
  const text = source.getInput(name)
  if (!text) return fallback
  const value = /^\d+(\.\d+)?$/.test(text) ? Number(text) : NaN
  if (!(value > 0 && value <= max))
    fail(
      name,
      `must be a number of seconds in digits, like 0.5, more than 0 and up to ${max}; got ${quote(text)}`
    )
  return value
}

/** A whole number from 0 to `max`; `unit`, if any, as the message says it (' of seconds'). */
export function readCount(
  source: InputSource,
  name: string,
  fallback: number,
  max: number,
  unit = ''
): number {
  const text = source.getInput(name)
  if (!text) return fallback
  const value = /^\d+$/.test(text) ? Number(text) : NaN
  if (!(value >= 0 && value <= max))
    fail(name, `must be a whole number${unit}, 0 to ${max}; got ${quote(text)}`)
  return value
}

/** YAML 1.2 core booleans, as `core.getBooleanInput` takes them, with a one-line error. */
export function readBoolean(source: InputSource, name: string, fallback: boolean): boolean {
  const value = source.getInput(name)
  if (!value) return fallback
  if (['true', 'True', 'TRUE'].includes(value)) return true
  if (['false', 'False', 'FALSE'].includes(value)) return false
  fail(name, `must be true or false; got ${quote(value)}`)
}

/**
 * `ca-certificate`: PEM text, or the path of a PEM file; each certificate is checked. The file may
 * be UTF-16, as Windows PowerShell's `>` and `Out-File` write it: PEM is ASCII, so the NULs are
 * all that UTF-16 adds (and its byte-order mark, which reads as text before the first block).
 */
export function readCaCertificates(value: string): string[] {
  let pem = value
  if (!value.includes('-----BEGIN')) {
    let code: string
    try {
      const file = statSync(value)
      /* A regular file that a trust list fits in: /dev/zero would fill memory, a FIFO never end. */
      code = !file.isFile() ? 'not a regular file' : file.size > 1024 * 1024 ? 'over 1 MiB' : ''
      if (!code) pem = readFileSync(value, 'utf8').replaceAll('\0', '')
    } catch (error) {
      code = isObject(error) && 'code' in error ? String(error.code) : 'unreadable'
    }
    if (code) {
      /* The value may be a key or a certificate pasted without its BEGIN line: show a path only.
         Only what looks like a path: a certificate file's extension, or a start no base64 has. */
      const pathLike =
        /^[\w./\\~: -]{1,200}$/.test(value) &&
        (/\.(pem|crt|cer)$/i.test(value) || /^(\/|\.\.?[/\\]|~\/|[A-Za-z]:[/\\])/.test(value))
      const path = pathLike ? ` ${quote(value)}` : ''
      fail(
        'ca-certificate',
        `is neither PEM text nor a readable file${path} (${code}): give the PEM text, or the path of a PEM file`
      )
    }
  }
  const blocks = pemCertificates(plainPem(pem))
  if (!blocks.length) {
    if (pem.includes('-----BEGIN CERTIFICATE-----'))
      fail(
        'ca-certificate',
        `has a '-----BEGIN CERTIFICATE-----' line without its END line: give the whole certificate`
      )
    fail(
      'ca-certificate',
      pem === value
        ? `holds no '-----BEGIN CERTIFICATE-----' block; give PEM text or a PEM file's path`
        : `names a file with no '-----BEGIN CERTIFICATE-----' block; give a PEM file (openssl x509 -inform der converts a DER one)`
    )
  }
  const { X509Certificate } = nodeCrypto()
  for (const [index, block] of blocks.entries()) {
    try {
      new X509Certificate(block)
    } catch {
      fail(
        'ca-certificate',
        `certificate ${index + 1} is not a valid PEM certificate: give it whole and unchanged`
      )
    }
  }
  return blocks
}
