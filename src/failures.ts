import { existsSync } from 'node:fs'
import { CHECKED_GRANTS, type Config, isSingleUse } from './config.js'
import { NODE_CA_ADVICE, PRIVATE_CA_ADVICE } from './errors.js'
import { formEncode } from './form-encode.js'
import { JWT_BEARER, TOKEN_EXCHANGE } from './keyless-inputs.js'
import { proxyVariable } from './proxy-variable.js'
import { serverText } from './redact.js'
import { type BadResponse, describeAnswer } from './response.js'
import {
  MAX_RETRY_AFTER_MS,
  RETRYABLE_STATUSES,
  TRUST_CODES,
  isTlsCode,
  retryAfter
} from './retry.js'
import {
  type HttpResponse,
  BODY_TOO_LARGE,
  H2_ONLY,
  REFRESH_CUT,
  SWITCHED_PROTOCOLS,
  TIMEOUT,
  TRUNCATED,
  type TransportError,
  UNREADABLE_ENCODING
} from './transport.js'

/* Each failure in one line: what happened, then what to change. */

/** Appends advice to a description, punctuated whether or not the server's text ends a sentence. */
function advise(text: string, advice: string, config: Config): string {
  /* A keyless or issuer request is form whatever body-format says (config.ts): no fix there. */
  if (config.keyless || config.issuer) advice = advice.replace('body-format, ', '')
  if (/[.!?]$/.test(text)) return `${text} ${advice.charAt(0).toUpperCase()}${advice.slice(1)}`
  return `${text}; ${advice}`
}

type Endpoint = 'token_endpoint' | 'revocation_endpoint'

/** A non-2xx answer of the token endpoint, or of the revocation endpoint, with what to fix. */
export function describeHttpFailure(
  response: HttpResponse,
  config: Config,
  secrets: readonly string[] = [],
  field: Endpoint = 'token_endpoint'
): string {
  const { status } = response
  /* 304 Not Modified answers a conditional GET, and leads nowhere: an unexpected status. */
  if (status >= 300 && status < 400 && status !== 304)
    return describeRedirect(response, config, secrets, field)
  const answer = describeAnswer(response, secrets)
  const { proxyCredentials, proxySignIn, headers } = response
  /* An empty body is no page: Express labels res.send('') text/html. */
  const html = /html/i.test(headers['content-type'] ?? '') && /\S/.test(response.body)
  /* tinyproxy answers wrong credentials with a 401 page of its own; one it relays (or one a proxy
   * that adds no Via relays, Apache's) has the server's Server. */
  const own = status === 401 && proxyCredentials && /^tinyproxy\//i.test(`${headers.server}`)
  /* A proxy's 407 that no user and password can meet, as it takes no Basic sign-in. */
  let advice = proxySignIn
    ? `the proxy ${proxySignIn}`
    : adviceFor(own ? 407 : status, answer, config, html, proxyCredentials, field)
  /* A Retry-After no retry waited out is named, whatever else the answer says; not to a post
   * step, which waits no more. */
  const wait = field === 'revocation_endpoint' ? '' : waitAsked(response)
  if (wait) advice = advice ? `${wait}${/^try again/.test(advice) ? ':' : ';'} ${advice}` : wait
  return advice ? advise(answer, advice, config) : answer
}

/**
 * The Retry-After of the answer that ended the attempts, which no retry waited out: the last
 * attempt's, or one too long to wait (withRetries); '' without one, or for a status no retry
 * meets.
 */
export function waitAsked(answer: Pick<HttpResponse, 'status' | 'headers'>): string {
  const wait = RETRYABLE_STATUSES.has(answer.status) && retryAfter(answer, Date.now())
  if (!wait) return ''
  const long =
    wait > MAX_RETRY_AFTER_MS
      ? `, longer than the ${MAX_RETRY_AFTER_MS / 1000} s this action waits`
      : ''
  /* Past a day, the number says no more (and would be written 1e+23). */
  return `it asks to retry after ${wait > 864e5 ? 'more than a day' : `${Math.ceil(wait / 1000)} s`}${long}`
}

/**
 * A 3xx, which is never followed: where it leads, and where to point the action instead. The
 * revocation endpoint's address is `host` and `revoke-path`, or the issuer's metadata.
 */
function describeRedirect(
  response: HttpResponse,
  config: Config,
  secrets: readonly string[],
  field: Endpoint
): string {
  const location = response.headers.location
  const to = location ? ` to ${serverText(location, secrets, 200)}` : ''
  const fix = config.issuer
    ? `the issuer's metadata must list the final URL as ${field}`
    : `set ${pathInputs(field)} to the final URL`
  return `HTTP ${response.status} redirect${to}; redirects are not followed because the body holds credentials: ${fix}`
}

/** The inputs whose URL `field` is, without issuer. */
function pathInputs(field: string): string {
  return `host and ${field === 'token_endpoint' ? 'token' : 'revoke'}-path`
}

/**
 * What to change for an answer of `status`; `proxyCredentials`, for a plain-http request sent to
 * a proxy, whether it carried the proxy's credentials (undefined when it went to no proxy). Empty
 * for a revocation endpoint's answer that says nothing the user can change.
 */
function adviceFor(
  status: number,
  answer: string,
  config: Config,
  html = false,
  proxyCredentials?: boolean,
  field: Endpoint = 'token_endpoint'
): string {
  const error = /^HTTP \d+ ([a-z_]+)\b/.exec(answer)?.[1] ?? ''
  const revoking = field !== 'token_endpoint'
  const path = endpointSource(config, pathInputs(field), field)
  /* Whatever the body says, no endpoint answers there; nor where LemonLDAP::NG's portal asks for
   * its login, with an error that is a number (PE_FIRSTACCESS), no OAuth code; nor where a 2xx
   * is an HTML page, which revocation.ts refuses (an SSO gateway's sign-in, say). */
  if (
    (revoking && status < 300) ||
    status === 404 ||
    status === 405 ||
    /"error":9[,}]/.test(answer)
  )
    return `check ${path}`
  /* RFC 7009 section 2.2.1: the client authenticates as it does for the token, which may be of
   * a type the server cannot revoke (oidc-provider's JWT access tokens). Else the token
   * request's advice, less what a revocation does not send: a body of another format, a grant
   * (a 403: Doorkeeper's to a token of another client). */
  if (revoking) {
    if (error === 'unsupported_token_type')
      return 'the server cannot revoke this token type: set revoke: false if it revokes no other'
    if (error === 'invalid_client' || (status === 403 && !html)) return clientAdvice(config)
    /* A token endpoint's answer to a request without grant_type: revoke-path is token-path.
     * RFC 7009 section 2.2 answers 200 for a token the server no longer knows; older servers
     * answered 400 invalid_token or invalid_grant: post.ts, finding "already invalid" last, does
     * not say that it stays valid. */
    if ([400, 422].includes(status))
      return /grant_type/.test(answer)
        ? `this is a token endpoint's answer: check ${path}`
        : /^invalid_(token|grant)$/.test(error)
          ? 'the server says it is already invalid'
          : CHECK_REQUEST.replace('body-format, ', '')
    /* RFC 7009 takes the form body it sends: an endpoint that refuses it is not a revocation's. */
    if (status === 415) return `${FORM_REFUSED}${path}`
    /* A post step cannot try again later, the job being over: the server, or its rate limit. */
    if (RETRYABLE_STATUSES.has(status))
      return `check the server${status === 429 ? "'s rate limit" : ''}`
    /* 413, 414 and 431 as for the token, whose headers (and URL) revocation sends too. */
    if (status < 500 && ![401, 403, 407, 413, 414, 431].includes(status)) return ''
  }
  /* A JSON body refused, as node-oauth2-server, oidc-provider, Keycloak, Entra ID and Okta say it;
   * Bitbucket, finding no grant_type, says Python's None; MongoDB's oidc-mock-provider in a 500;
   * Mojolicious, which reads no JSON body: "missing one of: grant_type, …"; Spring Authorization
   * Server: "OAuth 2.0 Parameter: grant_type".
   * Not to a revocation, whose body is a form whatever body-format says. */
  if (
    !revoking &&
    config.bodyFormat === 'json' &&
    (status === 400 || status === 415 || status > 499) &&
    /x-www-form-urlencoded|(missing|contain)[^.]{0,30}(parameter\W+|: )grant_type|2\.0 parameter: grant_type|\bE0000021\b|grant type: None/i.test(
      answer
    )
  )
    return 'try body-format: form'
  /* An error alone to a JSON body, or with a description that only restates it (ejabberd's
   * "Unsupported grant type"): oauthlib (Django OAuth Toolkit), LemonLDAP::NG and ejabberd read
   * only form bodies, and find no grant_type (unsupported_grant_type) or no client_id
   * (invalid_client) in it. */
  const bare =
    config.bodyFormat === 'json' && answer.toLowerCase().replace(/ /g, '_').endsWith(error)
  /* Vendors' codes, as the RFC 6749 ones they stand for: GitHub's (in a 200) to a refresh token
   * or code it does not know, Entra ID's and Auth0's to a user who must pass multi-factor
   * authentication or another policy first: invalid_grant; Salesforce's invalid_client_id and
   * GitHub's incorrect_client_credentials (and Slack's bad_client_secret, before bad_*):
   * invalid_client. Auth0's 429 too_many_attempts is a user's account it blocked, not a rate
   * limit, and Keycloak's invalid_token a subject token it will not exchange: invalid_grant. */
  switch (
    revoking
      ? ''
      : error
          .replace(/^\w+_client_\w+$/, 'invalid_client')
          .replace(
            /^bad_\w+|^(mfa|interaction)_required$|^(too_many_attempts|invalid_token)$/,
            'invalid_grant'
          )
  ) {
    case 'invalid_client':
      /* Okta's org authorization server takes client credentials only with private_key_jwt. */
      if (/Org Authorization Server/.test(answer))
        return 'use client-auth: private-key-jwt, or a custom authorization server: host https://<org>.okta.com/oauth2/default, token-path /v1/token'
      return (
        clientAdvice(config) +
        (config.clientAuth === 'body' && bare ? ', or try body-format: form' : '')
      )
    /* Older Passport's answer to a wrong password; ejabberd's "Invalid scope". */
    case 'invalid_credentials':
    case 'invalid_grant':
      return /scope/i.test(answer) ? 'check scope' : grantAdvice(config, answer)
    case 'unauthorized_client':
      /* Entra ID: no app of that client-id in the tenant the URL names. */
      if (/AADSTS700016\b/.test(answer))
        return `check client-id, and the tenant in ${endpointSource(config, HOST)}: the app must be registered there`
      /* Keycloak's 401 for a client whose service account is off, or a public client: a setting. */
      if (/\bnot (enabled|allowed)\b/i.test(answer)) return allowGrant(config)
      /* Keycloak's "Invalid client credentials", Bitbucket's 400 "Invalid OAuth client credentials". */
      if (/credentials/i.test(answer)) return clientAdvice(config)
      /* RFC 6749's 401 is a client that failed to authenticate (Keycloak says unauthorized_client
       * there); Entra ID answers an unknown client-id with a 400 of it. */
      if (status === 401)
        /* Google's to a refresh token issued to another client (the OAuth Playground's). */
        return `${clientAdvice(config)}${config.grantType === 'refresh_token' ? ', and that refresh-token was issued to that client-id' : ''}`
      return `check client-id, and that the client may use grant-type ${config.grantType}`
    /* Glewlwyd's 400 for a grant type the client is not allowed. */
    case 'authorization_type_invalid':
      return allowGrant(config)
    /* RFC 7009's code, which some servers answer a token exchange with for a type they refuse. */
    case 'unsupported_token_type':
      return 'check subject-token-type and requested-token-type'
    case 'unsupported_grant_type':
      return `the server does not support grant-type ${config.grantType}${bare ? ', or reads only form bodies: try body-format: form' : ': check grant-type'}`
    /* Entra ID's invalid_resource (AADSTS500011: no such App ID URI in scope); Glewlwyd's
     * scope_invalid; ts-oauth2-server's 401 unauthorized_scope (not the client's). */
    case 'invalid_scope':
    case 'unauthorized_scope':
    case 'scope_invalid':
    case 'invalid_resource':
      return `check scope${config.audience ? ' and audience' : ''}`
    case 'invalid_target': {
      /* RFC 8707 and 8693: no token for the target that resource or audience names, not scope. */
      const targets = [
        config.audience && 'audience',
        config.extraParams.some(([key]) => key === 'resource') && 'resource in extra-params'
      ].filter(Boolean)
      return targets.length
        ? `check ${targets.join(', and ')}`
        : 'set audience, or resource in extra-params'
    }
    case 'invalid_request':
      /* Passport answers a revoked or expired refresh token with invalid_request, and says so,
       * as ts-oauth2-server does ("Token has expired"); LemonLDAP::NG says it bare, as Glewlwyd
       * says an empty 400 (below). */
      if (config.grantType === 'refresh_token') {
        if (/refresh|\btoken\b/i.test(answer)) return REVOKED_REFRESH
        if (answer.endsWith(error)) return REFRESH_THEN_REQUEST
      }
      /* Authlib: 'Invalid "username" or "password" in request.' */
      if (config.grantType === 'password' && /password/i.test(answer)) return grantAdvice(config)
      /* Entra ID: no such tenant; no federated credential matches (and node-oauth2-server: a
       * client_id or client_secret missing, or not printable ASCII); no scope. */
      if (/AADSTS90002\b/.test(answer)) return `check the tenant in ${endpointSource(config, HOST)}`
      /* Mojolicious::Plugin::OAuth2::Server's one answer to a parameter missing or a grant type it
       * does not take, which names client_id too: a form body has them all. To one it quotes
       * (authorization_code; refresh_token is told above), a code or redirect_uri missing. */
      if (/grant_type did not equal/.test(answer))
        return answer.includes(`"${config.grantType}"`)
          ? 'set code and redirect_uri in extra-params'
          : `${mayNotTake(config)}${clientAdvice(config)}`
      if (/AADSTS70021\b|client_(id|secret)/.test(answer)) return clientAdvice(config)
      /* Entra ID's v1 endpoint (/oauth2/token) wants resource where v2.0 wants scope. */
      if (/parameter: 'scope'/.test(answer)) return 'set scope'
      if (/parameter: 'resource'/.test(answer)) return 'set resource in extra-params'
      /* oidc-provider: "requested grant type is not allowed for this client". */
      if (/grant type is not allowed/i.test(answer)) return allowGrant(config)
      return exchangeAdvice(config, answer) ?? CHECK_REQUEST
    case 'access_denied':
      /* Auth0 answers a wrong client secret with a 401 access_denied, and an audience that
       * names no API of the tenant with a 403 one. */
      if (status === 401) return clientAdvice(config)
      /* Azure AD B2C's to a wrong username or password. */
      if (/AADB2C90225\b/.test(answer)) return grantAdvice(config)
      /* Auth0's 403 to a refresh token it does not know. */
      if (config.grantType === 'refresh_token' && /refresh token/i.test(answer))
        return REVOKED_REFRESH
      /* Auth0 asks for one when the tenant has no default audience. */
      if (!config.audience && /\bno (default )?audience\b|audience parameter/i.test(answer))
        return "set audience: the API's identifier"
      return `check ${config.audience ? 'audience, and ' : ''}the client's ${config.grantType === 'password' ? "and the user's " : ''}permissions on the server`
    case 'temporarily_unavailable':
    case 'server_error':
      return 'try again later, or check the server'
  }
  /* An error in a 2xx, or an OAuth error in a 4xx not placed below: the request, not the
   * endpoint. */
  const otherCode = error && status < 500
  if (status > 199 && status < 300) return CHECK_REQUEST
  /* An HTML 401 is more often a proxy's login (nginx's auth_basic) than the endpoint's answer.
   * With client-auth basic, the action refuses an Authorization header: both need it. */
  if (status === 401) {
    if (!html) return clientAdvice(config)
    const where = config.clientAuth === 'basic' ? 'headers with client-auth: body' : 'headers'
    return `a proxy in front of the server may ask for its own login: give it in ${where}; else ${clientAdvice(config)}`
  }
  if (status === 407) {
    /* Only plain http meets the proxy's own answer; https fails at CONNECT. */
    const variable = proxyVariable(config.tokenUrl)
    if (proxyCredentials === undefined)
      return `a proxy on the way to the server asks for credentials: set ${variable} to http://<user>:<password>@host:port`
    return proxyCredentials
      ? `the proxy rejected the credentials in ${variable}: check the user and password there`
      : `the proxy asks for credentials: put them in ${variable} (http://<user>:<password>@host:port)`
  }
  if (status === 415) {
    /* A keyless or issuer request is form whatever body-format says (config.ts). */
    if (config.keyless || config.issuer) return `${FORM_REFUSED}the server`
    return config.bodyFormat === 'json' ? 'try body-format: form' : 'try body-format: json'
  }
  /* nginx, Go and Apache answer plain http on a TLS port with a 400 that says so. */
  if (
    status === 400 &&
    /HTTP request (was sent )?to (an? )?HTTPS|plain HTTP to an SSL/i.test(answer)
  )
    return `the server's port expects TLS: use https:// in ${endpointSource(config, HOST)}`
  /* Headers, body or URL over a limit: what makes them long is the user's. */
  if (status === 431)
    return `the request's headers are too large for the server: check headers${config.clientAuth === 'basic' ? ', and client-id and client-secret, which client-auth basic sends in one' : ''}`
  /* nginx's client_max_body_size, say; a revocation's body is mostly the token. A token
   * request's large parts: extra-params, and a token or assertion it presents. */
  if (status === 413) {
    const { subjectToken, assertion } = config.keyless ?? {}
    const parts = `extra-params${subjectToken ? ', subject-token' : ''}${assertion ? ', assertion' : ''}`
    return `the request is too large for the server or a proxy in front of it: ${revoking ? 'raise its limit to fit the token' : `check ${parts}, or raise its limit`}`
  }
  if (status === 414) return `the URL is too long for the server: check ${path}`
  /* 422: Laravel's answer to a request that fails its validation. Glewlwyd answers a refresh
   * token it does not know, revoked or expired, with an empty 400; and a form body's client it
   * does not know or whose secret is wrong, to the password grant (a JSON body too). */
  if ([400, 422].includes(status)) {
    if (error) return CHECK_REQUEST
    if (config.grantType === 'refresh_token') return REFRESH_THEN_REQUEST
    const client = config.bodyFormat === 'form' ? `${clientAdvice(config)}; else ` : ''
    return `${unknownGrant(config)}${client}${CHECK_REQUEST}`
  }
  /* An HTML page is not the token endpoint's answer but that of something in front of it.
   * Glewlwyd answers a 403 without a body to a client that failed to authenticate (Basic
   * credentials it does not decode too), to a password grant's wrong user credentials, and to
   * client_credentials without a scope. */
  if (status === 403)
    return html
      ? `a firewall or proxy in front of the server may block the request; else check ${path}`
      : `check that the client may use grant-type ${config.grantType}${config.scope ? ' and scope' : ', or set scope'}; else ${config.grantType === 'password' ? grantAdvice(config) : clientAdvice(config)}`
  if (RETRYABLE_STATUSES.has(status)) return 'try again later, or check the server'
  if (status >= 500) return `check the server, and ${path}`
  if (otherCode) return CHECK_REQUEST
  /* The rest: most often the wrong endpoint. */
  return `check ${path}`
}

/**
 * First for an answer that names nothing (Glewlwyd's empty 400 to a grant type it does not take):
 * a grant type the action does not know either, which may be a typo.
 */
function unknownGrant(config: Config): string {
  const known: readonly string[] = [
    ...CHECKED_GRANTS,
    'authorization_code',
    TOKEN_EXCHANGE,
    JWT_BEARER
  ]
  return known.includes(config.grantType) ? '' : mayNotTake(config)
}

const mayNotTake = ({ grantType }: Config): string =>
  `check grant-type ${grantType}, which the server may not take; else `

/** As config.ts names it: the value may have come from the variable. */
const HOST = "input 'host' (or OAUTH_HOST)"
const CHECK_REQUEST = 'check the request: body-format, client-auth and extra-params'
const FORM_REFUSED = 'the server refuses the form body OAuth defines: check '
const REVOKED_REFRESH = 'check refresh-token: it may have expired or been revoked'
/** A refresh grant's 400 that names nothing: the refresh token first, then the request. */
const REFRESH_THEN_REQUEST = `${REVOKED_REFRESH}; else ${CHECK_REQUEST}`

/**
 * What to check when the server refuses what the grant presents (invalid_grant), by the server's
 * `answer` when it has one.
 */
function grantAdvice(config: Config, answer = ''): string {
  const { grantType, keyless } = config
  if (grantType === 'refresh_token')
    return 'check refresh-token: it may have expired, been used or revoked, or be for another client-id'
  /* Entra ID's AADSTS50076 (50079: enrol in it), as invalid_grant or interaction_required, and
   * Auth0's mfa_required: the password may be right, but the user must pass multi-factor
   * authentication, which a password grant cannot. */
  if (grantType === 'password')
    return /AADSTS5007[69]\b|^HTTP \d+ \w+_required/.test(answer)
      ? 'a password grant cannot pass multi-factor authentication: exempt the user, or use client_credentials'
      : "check username and password, and the user's account on the server"
  /* The job's ID token as the grant's subject token or assertion (a grant has one at most):
   * Google's STS says "The audience in ID Token [...] does not match the expected audience",
   * which oidc-audience sets. */
  if ((keyless?.subjectToken || keyless?.assertion) === 'github-oidc')
    return `check ${ID_TOKEN_TRUST}`
  if (grantType.endsWith(':token-exchange')) return 'check subject-token and subject-token-type'
  if (grantType.endsWith(':jwt-bearer')) return 'check assertion'
  /* RFC 6749 section 4.1.2 and RFC 7636 section 4.6. */
  if (grantType === 'authorization_code')
    return 'give a new code in extra-params: a code is used once and expires soon; else check redirect_uri and code_verifier'
  /* Another grant's credentials are in extra-params (a device_code, a SAML assertion); or the
   * server does not know a grant type that is no URI, as extensions are (RFC 6749 section 4.5),
   * and says invalid_grant (oauth2-mock-server). */
  return grantType === 'client_credentials'
    ? clientAdvice(config)
    : `${grantType.includes(':') ? '' : unknownGrant(config)}check the parameters of grant-type ${grantType} in extra-params`
}

/** The token exchange's input a refusal names: Keycloak's "requested_token_type unsupported". */
function exchangeAdvice(config: Config, answer: string): string | undefined {
  const named =
    config.grantType.endsWith(':token-exchange') &&
    /\b(requested_token_type|subject_token(_type)?|audience)\b/.exec(answer)
  return named ? `check ${named[0].replaceAll('_', '-')}` : undefined
}

const allowGrant = (config: Config): string =>
  `allow grant-type ${config.grantType} in the client's settings on the server`

/** A 2xx (`status`) that is not a token, with what to check. */
export function describeBadResponse(error: BadResponse, status: number, config: Config): string {
  if (error.kind === 'not-a-token')
    return `${error.message}; this is not a token endpoint's answer: check ${endpointSource(config, 'host and token-path')}`
  if (error.kind === 'error')
    return advise(error.message, adviceFor(status, error.message, config), config)
  /* A refresh token's 2xx cut off is not retried (token.ts): the token is likely spent. */
  return error.kind === 'truncated' && isSingleUse(config.grantType)
    ? `${error.message}; ${spentAdvice(config)}`
    : `${error.message}; the server's answer is malformed: check the server`
}

/** Why a refresh token's or code's 2xx that could not be read is not retried, and what to do. */
function spentAdvice(config: Config): string {
  const [used, input] =
    config.grantType === 'refresh_token'
      ? ['refresh token', 'refresh-token']
      : ['authorization code', 'code in extra-params']
  return `not retried, since the server has likely used up the ${used}: check the server and any proxy on the way, and give a new ${input}`
}

/** The inputs that make the endpoint's address, or with issuer, the metadata field that does. */
function endpointSource(config: Config, inputs: string, field = 'token_endpoint'): string {
  return config.issuer ? `the ${field} in the metadata of input 'issuer'` : inputs
}

/** What to check when the server refuses the job's GitHub ID token. */
const ID_TOKEN_TRUST =
  "oidc-audience, and that the server trusts this job's ID token (its issuer, https://token.actions.githubusercontent.com on github.com; its subject and audience)"

/** What to check when the server did not accept the client, by how it authenticated. */
function clientAdvice(config: Config): string {
  if (config.clientAuth === 'github-oidc') return `check client-id and ${ID_TOKEN_TRUST}`
  /* The client authenticated with the assertion it was given (RFC 7523 section 2.2), no secret. */
  if (config.extraParams.some(([key]) => key === 'client_assertion'))
    return 'check client-id and the client_assertion in extra-params'
  /* Authlib takes an assertion only if its aud is exactly the token endpoint's URL it knows. */
  if (config.clientAuth === 'private-key-jwt')
    return 'check client-id, private-key and key-id, and that the server has the public key and takes this URL as aud'
  /* RFC 6749 section 2.3.1 form-encodes Basic credentials; some servers do not decode them. */
  const encoded =
    formEncode(config.clientId + config.clientSecret) !== config.clientId + config.clientSecret
  return config.clientAuth === 'basic' && encoded
    ? 'check client-id and client-secret; client-auth basic form-encodes them (RFC 6749 section 2.3.1), which some servers do not decode: try client-auth: body'
    : 'check client-id, client-secret and client-auth'
}

/** A certificate Node could not trust: the authority to give, or that the one given is not it. */
function trustAdvice(config: Config, who: string, code: string): string {
  /* OpenSSL trusts a chain only up to a root: an intermediate given alone leaves its issuer
   * unknown. */
  if (config.caCertificates.length && code === 'UNABLE_TO_GET_ISSUER_CERT')
    return `input 'ca-certificate' holds a certificate authority of the ${who}'s chain, but not the root it chains up to: add the root's certificate`
  /* Node warned at start-up that it ignored the file, in the same log; say it again here. */
  const extra = process.env.NODE_EXTRA_CA_CERTS
  const advice = config.caCertificates.length
    ? `input 'ca-certificate' does not hold the certificate authority that issued the ${who}'s certificate: give that one`
    : extra && !existsSync(extra)
      ? `NODE_EXTRA_CA_CERTS names no file (${extra}): check its path, or give the certificate in input 'ca-certificate'`
      : `if the ${who} ${PRIVATE_CA_ADVICE}`
  /* "unable to verify the first certificate" may also mean no intermediate was sent. */
  return code === 'UNABLE_TO_VERIFY_LEAF_SIGNATURE'
    ? `${advice}; or the ${who} sends no intermediate certificate: add it to input 'ca-certificate'`
    : advice
}

/** A failure below HTTP, by its code, with the input that fixes it. */
export function describeTransportError(
  error: TransportError,
  config: Config,
  secrets: readonly string[],
  /** With issuer, the metadata field the failed URL came from. */
  field: Endpoint = 'token_endpoint'
): string {
  const source = (inputs: string): string => endpointSource(config, inputs, field)
  const { code } = error
  /* Clipped: Node's text may name a long host twice, and end a certificate's empty name list
   * ": ". A certificate's names are the server's text, as a body is: a secret it echoes there is
   * masked in any case and in hex too. */
  const message = serverText(
    error.message.replace(NODE_CA_ADVICE, '').replace(/:\s*$/, ''),
    secrets,
    300
  )
  /* An answer that began: its status says more than how it ended (a 401: the credentials). Not
   * one whose headers Node could not read. */
  const cut =
    error.status && code !== 'HPE_HEADER_OVERFLOW'
      ? `HTTP ${error.status} answer cut off before its end: `
      : ''
  /* Node's code, which a search finds; not the action's own, whose text says what happened. */
  const detail =
    cut +
    ([TRUNCATED, BODY_TOO_LARGE, UNREADABLE_ENCODING].includes(code) || message.includes(code)
      ? message
      : `${code}: ${message}`)
  const host = config.tokenUrl.hostname
  if (code === TIMEOUT && error.message.startsWith('timed out')) {
    const who = error.proxy ? `proxy ${error.proxy} and the server answer` : 'the server answers'
    return `${cut}${error.message}; raise input 'timeout' or check that ${who}`
  }
  if (code === BODY_TOO_LARGE || code === SWITCHED_PROTOCOLS)
    return `${code === BODY_TOO_LARGE ? detail : message}; this is not a ${field.replace('_', ' ')}'s answer: check ${source(pathInputs(field))}`
  if (code === REFRESH_CUT) return `${message}; ${spentAdvice(config)}`
  if (error.proxy !== undefined) {
    /* The proxy failed, not the server: the message names it, the cause and what to check (with
       issuer, the metadata's endpoint in place of host, which proxy.ts names). */
    const told = message.replace(HOST, source(HOST))
    if (TRUST_CODES.has(code)) return `${told}; ${trustAdvice(config, 'proxy', code)}`
    /* Its answer to CONNECT may ask for a wait, as a server's may; a post step waits no more. */
    const wait = error.answer && field !== 'revocation_endpoint' ? waitAsked(error.answer) : ''
    if (!wait) return told
    return told.includes('; try again later')
      ? told.replace('; try again later', `; ${wait}: try again later`)
      : `${told}; ${wait}`
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN')
    return `${code}: could not resolve ${host}; check ${source(HOST)}`
  if (code === 'ECONNREFUSED') return `${detail}; check ${source(HOST)} and that the server is up`
  if (code === 'ECONNRESET' || code === 'EPIPE') {
    /* A TLS server may cut a plain-http request short (nginx answers it: adviceFor). */
    const scheme =
      config.tokenUrl.protocol === 'http:' && !error.status
        ? ', that its port speaks http, not https'
        : ''
    return `${detail}; the connection was cut: check the server${scheme}, and any proxy or firewall on the way`
  }
  const connecting = code === TIMEOUT && error.message.startsWith('connect ')
  /* The kernel's: no route, or no answer to connect (our own timeout is above). */
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH' || connecting)
    return `${detail}; the runner has no way to ${host}: check ${source(HOST)} and any firewall (GitHub-hosted runners cannot reach a private network)`
  if (code === TIMEOUT)
    return `${detail}; the connection timed out: check the server, and any proxy or firewall on the way`
  const front = 'check the server, or a proxy or load balancer in front of it'
  if (code === 'HPE_HEADER_OVERFLOW')
    return `${detail}; the answer's headers are larger than Node accepts (16 KiB): ${front}`
  /* Only an answer that does not start as HTTP says the wrong port or scheme. */
  if (code === 'HPE_INVALID_CONSTANT')
    return `${detail}; ${message === H2_ONLY ? 'the port speaks only HTTP/2: use https://, or a port that speaks HTTP/1.1,' : 'the answer is not valid HTTP: check the scheme and port'} in ${source(HOST)}`
  if (code.startsWith('HPE_')) return `${detail}; the answer breaks HTTP's framing: ${front}`
  if (TRUST_CODES.has(code)) return `${detail}; ${trustAdvice(config, 'server', code)}`
  /* An address matches only an IP subjectAltName, not a CN or DNS name that spells it. */
  const address = host.replace(/^\[|\]$/g, '')
  if (
    code === 'ERR_TLS_CERT_ALTNAME_INVALID' &&
    /^\[|^[\d.]+$/.test(host) &&
    [`DNS:${address}`, `CN=${address}`].some(name =>
      error.message.split('altnames: ')[1]?.split(', ').includes(name)
    )
  )
    return `${detail}; the certificate holds no IP subjectAltName ${host}, which an address in ${source(HOST)} needs: use a name it was issued for there, or reissue it with IP:${address}`
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID')
    return `${detail}; the certificate is not for ${host}: use the name it was issued for in ${source(HOST)}`
  if (code === 'CERT_HAS_EXPIRED' || code === 'CERT_NOT_YET_VALID')
    return `${detail}; the server's certificate is outside its validity period: renew it on the server`
  if (/unsupported protocol|protocol version|no protocols available/i.test(error.message))
    return `${code}: the server at ${config.tokenUrl.host} offers only a TLS version older than Node accepts (TLS 1.2 or later); the server must enable TLS 1.2 or 1.3`
  /* Below TLS 1.3, a server refuses a client without a certificate with alert 40 (OpenSSL's) or
   * 42 (Go's). */
  const refused = /alert (handshake failure|bad certificate)/.test(error.message)
  if (refused || code.endsWith('_CERTIFICATE_REQUIRED'))
    return `${code}: the server ${refused ? 'may want' : 'asks for'} a client certificate (mutual TLS), which this action cannot send`
  /* Any other alert is a TLS server's (isTlsCode, below). */
  /* OpenSSL's text is noise here: the usual cause is https:// to a plain-http port. */
  if (/wrong version number|packet length too long/i.test(error.message))
    return `${code}: the server at ${config.tokenUrl.host} does not speak TLS; check the scheme (https:// or http://) and port in ${source(HOST)}${error.via ? `, or the proxy ${proxyVariable(config.tokenUrl)}` : ''}`
  if (isTlsCode(code))
    return `${detail}; TLS failed: check the server's certificate, or input 'ca-certificate'`
  return detail
}
