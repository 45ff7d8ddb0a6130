import type { Config } from './config.js'
import { JWT_BEARER, TOKEN_EXCHANGE } from './keyless-inputs.js'
import { formEncode } from './form-encode.js'
import { tokenLike } from './redact.js'

export const USER_AGENT = 'oauth2-token-action'

/**
 * Names of `headers` that carry a credential, such as Authorization, X-Api-Key, X-Session-Id,
 * X-Hub-Sig, X-Sign, X-Hmac, X-Mfa, X-Access-Code, X-Api-Pass, X-Pw, X-Sid, X-Creds or DPoP
 * (RFC 9449's proof, a signed JWT).
 */
const CREDENTIAL_HEADER =
  /auth|key|token|secret|pass(w|phrase)|cookie|signature|credential|assertion|jwt|session|dpop|bearer|(^|-)(pwd?|pass|passcode|pin|t?otp|sig|sign|hmac|mfa|sid|creds?|access-code)(-|$)/i
/**
 * Names of `extra-params` that carry a credential: RFC 7523 assertions, RFC 8693 tokens, PKCE,
 * one-time codes, OpenID for Verifiable Credential Issuance's pre-authorized code and transaction
 * code, CIBA's auth_req_id, UMA's ticket and RPT, MFA's recovery codes, signatures (a presigned
 * URL's X-Amz-Signature, OAuth 1's oauth_signature), an authorization code, a SAML response or
 * assertion, a personal access token, a session id and the like. (A request object, RFC 9101's
 * `request`, is a JWT: masked wherever a server's text holds one, as every JWT is.)
 * The newer names are whole words, so that `session_state`, `locale_code` or `signature_method`
 * are not taken for one (a masked value is hidden in every later step's log).
 */
const CREDENTIAL_PARAM =
  /^(code_verifier|t?otp|pwd?|pin|pass(code)?|jwt|s(ession_?)?id|auth(orization|_req_id)?|saml(2|_?response)?|((device|t?otp|oob|user|mfa|auth(orization)?|binding|pre-authorized|tx|recovery|verification|backup|sms|email|access|pin|security|one_time|(two|2)fa)_)?code|ticket|rpt|pat|cred(s|entials?)?)$|(^|[_-])(sig(nature)?|hmac)$|secret|token|pass(w|phrase)|key|assertion/i

/**
 * A setting's word, not a credential (X-Pass-Through: true): masked, it would be hidden in every
 * later log line.
 */
const WORD = /^(true|false|yes|no|none|null|auto)$/i

/**
 * `Bearer abc` or `Basic abc`: the credential alone is masked as well as the whole value, and a
 * Basic credential decoded too (`user:password`, and the password, form-decoded too), as a server
 * may echo it.
 * In a value of parameters (`Token token="abc", user="bob"`, `key=abc;secret=def`), each value
 * of 16 characters or more, or of 8 with a digit, so that a word (`mode=automatic`) stays.
 */
function credentialParts(value: string): string[] {
  /* From a name's start only (the look-behind): each start inside a run of word characters would
     scan the run to its end for an `=`, quadratic in a header's 8,190 characters. */
  const parts = [...value.matchAll(/(?<![\w-])[\w-]+ *= *"?([^\s",;]{8,})/g)].flatMap(
    ([, part = '']) => (tokenLike(part) ? [part] : [])
  )
  const scheme = /^([\w-]+) +(\S{4,})$/.exec(value)
  const credential = scheme?.[2]
  if (!credential) return parts
  if (scheme[1]?.toLowerCase() !== 'basic') return [credential, ...parts]
  const decoded = Buffer.from(credential, 'base64').toString('utf8')
  const colon = decoded.indexOf(':')
  const password = decoded.slice(colon + 1)
  /* Form-encoded before base64, as RFC 6749 §2.3.1 says: the server echoes it decoded. */
  const plain = new URLSearchParams(`=${password.replaceAll('&', '%26')}`).get('') ?? ''
  /* An API key as the user, with no password or a stand-in (Stripe's `key:`, or `key:x`), is
     the credential: the user too, then, but for a lower-case word of up to 7 letters (admin,
     build), which every later line would lose. */
  const user = decoded.slice(0, colon)
  const key = password[3] || /^[a-z]{0,7}$/.test(user) ? '' : user
  return colon > -1 && !decoded.includes('\ufffd')
    ? [...new Set([credential, decoded, password, plain, key])].filter(part => part.length >= 4)
    : [credential]
}

/** Names of cookies that hold a session or a token: PHPSESSID, laravel_session, XSRF-TOKEN... */
const CREDENTIAL_COOKIE = /sess|sid|token|jwt|auth|secret|[xc]srf|remember/i

/**
 * A Cookie header's values that look like credentials: named like one and 8 characters or more,
 * or of 16 or more with a digit whatever the name (.AspNetCore.Cookies, KEYCLOAK_IDENTITY); not a
 * number, a word such as true (session_timeout=1800 stays) or a setting's words
 * (theme=dark-high-contrast), or every later log line would lose those words.
 */
function cookieValues(value: string): string[] {
  const values: string[] = []
  for (const pair of value.split(';')) {
    const equals = pair.indexOf('=')
    const cookie = pair.slice(equals + 1).trim()
    if (
      equals > 0 &&
      cookie.length >= 8 &&
      (CREDENTIAL_COOKIE.test(pair.slice(0, equals)) || (cookie[15] && /\d/.test(cookie))) &&
      !/^\d+$/.test(cookie) &&
      !WORD.test(cookie)
    )
      values.push(cookie)
  }
  return values
}

/**
 * What to mask of `config` before anything is written: the Basic authorization, and the `headers`
 * and `extra-params` values whose names say they carry a credential. Guessed from names, so short
 * values (which would mask ordinary words) are left alone.
 */
export function configuredSecrets(config: Config): string[] {
  return [...clientAuthentication(config).secrets, ...inputCredentials(config)]
}

/** The `headers`, `extra-params` and `token-path` query values of configuredSecrets. */
function inputCredentials(config: Config): string[] {
  const secrets: string[] = []
  /* A key in token-path's query (Azure Functions' ?code=, a SAS's ?sig=) is in every line that
   * names the endpoint: masked as a param of the same name would be. */
  const query = config.tokenUrl.search ? [...config.tokenUrl.searchParams] : []
  /* And as written: an escape that is no UTF-8 (%Dc) decodes to U+FFFD, which the URL does not
     hold, so the decoded value's mask would not hide it in the line that names the endpoint. */
  for (const [, name = '', value = ''] of config.tokenUrl.search.matchAll(/[?&]([^=&]*)=([^&]*)/g))
    query.push([name, value])
  for (const [name, value] of [...config.extraParams, ...query]) {
    if (
      CREDENTIAL_PARAM.test(name) &&
      !/_type$/i.test(name) &&
      value.length >= 4 &&
      !WORD.test(value) &&
      !secrets.includes(value)
    )
      secrets.push(value)
  }
  for (const [name, value] of config.headers) {
    if (CREDENTIAL_HEADER.test(name) && value.length >= 4 && !WORD.test(value))
      secrets.push(
        value,
        ...(name.toLowerCase() === 'cookie' ? cookieValues(value) : credentialParts(value))
      )
  }
  return secrets
}

/** One token request, ready to send: the same on every attempt. */
export interface TokenRequest {
  readonly url: URL
  readonly headers: Readonly<Record<string, string>>
  readonly body: string
  /**
   * Values that carry a credential besides the secret inputs: configuredSecrets, and what
   * keyless.ts made (client assertion, subject token, assertion). Masked before sending.
   */
  readonly secrets: readonly string[]
}

/** Credentials made at run time (keyless.ts): GitHub's ID token, or a signed assertion. */
export interface KeylessCredentials {
  /** RFC 7523 §2.2 client_assertion, for client-auth github-oidc or private-key-jwt. */
  readonly clientAssertion?: string | undefined
  /** RFC 8693 subject_token. */
  readonly subjectToken?: string | undefined
  /** RFC 7523 §2.1 assertion. */
  readonly assertion?: string | undefined
}

const CLIENT_ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer'

/** How the client proves who it is: the same for the token request and the revocation request. */
export interface ClientAuthentication {
  readonly headers: Readonly<Record<string, string>>
  readonly params: readonly (readonly [string, string])[]
  /** Values to mask: the Basic authorization, the client assertion. */
  readonly secrets: readonly string[]
}

/**
 * Client authentication as `client-auth` says: HTTP Basic or the body (RFC 6749 §2.3.1), plus a
 * client assertion (RFC 7523 §2.2) made at run time for github-oidc and private-key-jwt.
 */
export function clientAuthentication(
  config: Config,
  clientAssertion?: string
): ClientAuthentication {
  if (config.clientAuth === 'basic') {
    const credentials = `${formEncode(config.clientId)}:${formEncode(config.clientSecret)}`
    const authorization = `Basic ${Buffer.from(credentials, 'utf8').toString('base64')}`
    return {
      headers: { Authorization: authorization },
      params: [],
      secrets: [authorization, authorization.slice('Basic '.length)]
    }
  }
  const params: [string, string][] = [['client_id', config.clientId]]
  if (config.clientSecret) params.push(['client_secret', config.clientSecret])
  if (clientAssertion)
    params.push(
      ['client_assertion_type', CLIENT_ASSERTION_TYPE],
      ['client_assertion', clientAssertion]
    )
  return { headers: {}, params, secrets: clientAssertion ? [clientAssertion] : [] }
}

/** Input `headers` over ours: each replaces one of ours of the same name, whatever its case. */
export function setUserHeaders(
  headers: Record<string, string>,
  userHeaders: Config['headers']
): void {
  for (const [name, value] of userHeaders) {
    const same = Object.keys(headers).find(key => key.toLowerCase() === name.toLowerCase())
    if (same) Reflect.deleteProperty(headers, same)
    /* Defined, not assigned: assigning '__proto__' would set the prototype and drop the header. */
    Object.defineProperty(headers, name, {
      value,
      enumerable: true,
      writable: true,
      configurable: true
    })
  }
}

/**
 * Grants that never carry username, password or refresh_token, even when a job-level OAUTH_*
 * variable sets them: RFC 6749 §4.4, RFC 8693 and RFC 7523 define these grants' fields. Other
 * grant types carry whichever are set: Auth0's password-realm grant takes username and password.
 */
const OWN_FIELDS_ONLY = new Set(['client_credentials', TOKEN_EXCHANGE, JWT_BEARER])

/** Builds the POST to the token endpoint (RFC 6749 §4, or the seed API's JSON body). */
export function buildTokenRequest(config: Config, keyless: KeylessCredentials = {}): TokenRequest {
  const client = clientAuthentication(config, keyless.clientAssertion)
  const params: (readonly [string, string])[] = [['grant_type', config.grantType], ...client.params]
  const secrets = [...client.secrets]
  const headers: Record<string, string> = {
    Accept: 'application/json',
    'User-Agent': USER_AGENT,
    ...client.headers
  }

  if (config.grantType === 'password') {
    params.push(['username', config.username], ['password', config.password])
  } else if (config.grantType === 'refresh_token') {
    params.push(['refresh_token', config.refreshToken])
  } else if (!OWN_FIELDS_ONLY.has(config.grantType)) {
    /* Other grants are sent as given, with whichever of these fields are set. */
    if (config.username) params.push(['username', config.username])
    if (config.password) params.push(['password', config.password])
    if (config.refreshToken) params.push(['refresh_token', config.refreshToken])
  }
  if (config.grantType === TOKEN_EXCHANGE) {
    if (keyless.subjectToken) {
      params.push(
        ['subject_token', keyless.subjectToken],
        ['subject_token_type', config.keyless?.subjectTokenType ?? '']
      )
      secrets.push(keyless.subjectToken)
    }
    if (config.keyless?.requestedTokenType)
      params.push(['requested_token_type', config.keyless.requestedTokenType])
  }
  if (config.grantType === JWT_BEARER && keyless.assertion) {
    params.push(['assertion', keyless.assertion])
    secrets.push(keyless.assertion)
  }
  if (config.scope) params.push(['scope', config.scope])
  if (config.audience) params.push(['audience', config.audience])
  params.push(...config.extraParams)

  secrets.push(...inputCredentials(config))
  setUserHeaders(headers, config.headers)

  let body: string
  if (config.bodyFormat === 'json') {
    headers['Content-Type'] = 'application/json'
    body = JSON.stringify(Object.fromEntries(params))
  } else {
    headers['Content-Type'] = 'application/x-www-form-urlencoded'
    const form = new URLSearchParams()
    for (const [key, value] of params) form.append(key, value)
    body = form.toString()
  }
  return { url: config.tokenUrl, headers, body, secrets }
}
