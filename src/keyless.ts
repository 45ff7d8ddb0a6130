import { signClientAssertion } from './assertion.js'
import type { Config } from './config.js'
import {
  ActionError,
  NODE_CA_ADVICE,
  PRIVATE_CA_ADVICE,
  clipWords,
  errorMessage
} from './errors.js'
import {
  GITHUB_OIDC,
  ID_TOKEN_TIMEOUT_MS,
  type KeylessConfig,
  noIdToken,
  usesGithubOidc
} from './keyless-inputs.js'
import { proxySecretsFor, proxyValue, proxyVariable } from './proxy-variable.js'
import { redact, serverWindow } from './redact.js'
import type { KeylessCredentials } from './request.js'
import { typeOf } from './response.js'
import { TRUST_CODES } from './retry.js'
import type { Runtime } from './main.js'
import { nodeCrypto } from './node-crypto.js'
import { trustedCertificates } from './trust.js'

export interface KeylessDeps {
  /** `core.getIDToken`: the job's OIDC ID token from GitHub, for this audience. */
  readonly getIDToken: (audience?: string) => Promise<string>
  readonly env: Readonly<Record<string, string | undefined>>
  /** Masks values before anything else is written; called before each is used. */
  readonly mask: (values: readonly string[]) => void
  readonly log: (line: string) => void
  /** ms since the epoch, for iat. */
  readonly now: () => number
  /** A fresh unique value, for jti. */
  readonly jwtId: () => string
}

/** A step's KeylessDeps (main.ts, post.ts): the runner's, a token's trust, a fresh jti each. */
export function stepKeylessDeps(
  config: Pick<Config, 'timeoutMs' | 'caCertificates'>,
  runtime: Pick<Runtime, 'core' | 'env' | 'clock'>,
  mask: KeylessDeps['mask'],
  log: KeylessDeps['log']
): KeylessDeps {
  return {
    /* An https:// proxy on the way to GitHub may be of the authority ca-certificate gives. */
    getIDToken: audience =>
      runtime.core.getIDToken(
        audience,
        config.timeoutMs,
        trustedCertificates(config.caCertificates)
      ),
    env: runtime.env,
    mask,
    log,
    now: () => runtime.clock.now(),
    jwtId: () => nodeCrypto().randomUUID()
  }
}

/**
 * The credentials that are made at run time: GitHub's ID token (fetched once, whatever uses it)
 * and the signed client assertion. Each is masked as soon as it exists.
 */
export async function keylessCredentials(
  keyless: KeylessConfig,
  config: Pick<Config, 'clientId' | 'tokenUrl'>,
  deps: KeylessDeps
): Promise<KeylessCredentials> {
  const idToken = usesGithubOidc(keyless)
    ? await githubIdToken(keyless.oidcAudience || config.tokenUrl.origin, deps)
    : ''
  let clientAssertion: string | undefined
  if (keyless.clientAuth === 'github-oidc') clientAssertion = idToken
  if (keyless.clientAuth === 'private-key-jwt' && keyless.signingKey) {
    clientAssertion = signClientAssertion(keyless.signingKey, {
      clientId: config.clientId,
      audience: config.tokenUrl.href,
      now: deps.now(),
      jwtId: deps.jwtId()
    })
    deps.mask([clientAssertion])
  }
  const literalOr = (value: string): string | undefined =>
    value === GITHUB_OIDC ? idToken : value || undefined
  return {
    clientAssertion,
    subjectToken: literalOr(keyless.subjectToken),
    assertion: literalOr(keyless.assertion)
  }
}

/**
 * What core.getIDToken's error comes to, with the fix that fits: permissions when GitHub refused
 * (or the runner gave no request token), else the network or GitHub's service. Core spreads its
 * message over lines: "Failed to get ID Token. Error Code : <status> Error Message: <why>".
 */
function idTokenFailure(
  message: string,
  secrets: readonly string[],
  /** The proxy variable for the ID token endpoint's scheme, as set; and NO_PROXY, as set. */
  variable: string,
  noProxy = 'NO_PROXY',
  /** Whether that variable is set, so a certificate not trusted may be the proxy's. */
  proxied = false
): ActionError {
  /* Masked before it is cut, lest a cut credential slip past the runner's masking. */
  const text = redact(serverWindow(message, undefined, secrets), secrets, true)
    .replace(/^Error message: /, '')
    .replace(NODE_CA_ADVICE, '')
    /* The transport's advice on input 'host' or 'headers' is the token request's alone. */
    .replace(/(remove Accept-Encoding from )?input 'h\w+'( \(or OAUTH_HOST\))?, or /, '')
    /* An answer with no message of its own: its status, said below, is all there is to tell. */
    .replace(/Failed request: \(\d+\)/, '')
  const status = /Error Code : (\d+)/.exec(text)?.[1]
  /* An error that says its status itself (an HTTP 101) does not say it twice. A proxy that
   * refused the tunnel (proxy.ts) with other than a 407 about its credentials (below; one whose
   * proxy takes no Basic sign-in is such another), or a proxy variable that is no URL, says what
   * to change after it: that advice, uncut, is the one to give (not the endpoint's, nor a
   * timeout's, nor a re-run), and the attempts go with what happened. No two open-ended parts
   * side by side: no backtracking that a hostile answer makes long. */
  const [, refused, fix, tries = '', said = text] =
    /Error Message: (?:HTTP \d+: )?(?:(proxy \S+ refused the tunnel to \S+ with HTTP (?!407; it [wr])\d+[^:;]*|\w+ is not a usable proxy URL)[:;] (.*?)(; \d+ attempts)?$|(.*))/.exec(
      text
    ) ?? []
  /* A plain-http request's 407 from a proxy that takes no Basic sign-in (oidc-http-client.ts). */
  const signIn = status === '407' && /^the proxy takes /.test(said) ? said : ''
  const detail = clipWords(refused ? refused + tries : signIn ? '' : said, 200)
  const why = status ? `HTTP ${status}${detail && `: ${detail}`}` : detail
  /* Core's "Unable to get ACTIONS_ID_TOKEN_REQUEST_TOKEN": the runner gave no request token. */
  if (/^Unable to get /.test(text) || status === '401' || status === '403') return noIdToken(why)
  /* Core keeps only the message of the error, which names Node's code. What is on the way, a
   * proxy or its certificate, is told first: a proxy's 407 (to CONNECT, or to the request itself)
   * as the token request's is, with no timeout to raise. A 2xx too large or not decodable ("the
   * answer's gzip body…") came from the endpoint, which was reached. */
  const credentialsAsked = !refused && /(Code :|HTTP) 407\b/.test(text)
  const onTheWay = [...TRUST_CODES].some(code => text.includes(code))
    ? proxied
      ? `a certificate on the way was not trusted: if the proxy in ${variable}${/could not use proxy /.test(text) ? '' : ' (or the endpoint)'} ${PRIVATE_CA_ADVICE}`
      : `the endpoint's certificate was not trusted: if it ${PRIVATE_CA_ADVICE}`
    : signIn || (credentialsAsked && `the proxy wants a valid user and password in ${variable}`)
  /* Each attempt waits at most a minute, however long `timeout` is: past that, no raise helps. */
  const timedOut = /timed out after ([\d.]+) s/.exec(text)
  /* A certificate GitHub's endpoint would not send (another name's, an expired one), or a client
   * certificate asked for: something on the way answered. HttpClient (oidc-http-client.ts) puts
   * the code of any TLS failure in front of Node's message, and only of one. */
  const unreached = /Message: [A-Z_\d]+: /.test(text)
    ? `TLS to the runner's ID token endpoint failed: check ${variable}, ${noProxy} and TLS inspection on the runner's network`
    : `the runner's ID token endpoint could not be reached: check ${variable} and ${noProxy}, ${timedOut && Number(timedOut[1]) * 1000 < ID_TOKEN_TIMEOUT_MS ? "raise input 'timeout', " : ''}or re-run the job`
  const advice =
    onTheWay ||
    (status || !/Error Code : /.test(text) || / larger than | the answer/.test(text)
      ? "GitHub's ID token service failed: re-run the job"
      : fix || unreached)
  return noIdToken(why, advice)
}

/** Whether a request to `url` goes through the proxy its variable names: not when NO_PROXY
 * bypasses it. A proxy variable it cannot use is taken for one. */
async function usesProxy(url: URL, env: KeylessDeps['env']): Promise<boolean> {
  const { runnerProxy } = await import('./proxy.js')
  try {
    return runnerProxy(url, env) !== undefined
  } catch {
    return true
  }
}

/** The job's ID token, masked; a failure says what to fix (idTokenFailure). */
async function githubIdToken(audience: string, deps: KeylessDeps): Promise<string> {
  /* The runner's bearer token for the ID token endpoint is a credential of its own. */
  const secrets = [deps.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN ?? ''].filter(Boolean)
  deps.mask(secrets)
  const endpoint = deps.env.ACTIONS_ID_TOKEN_REQUEST_URL
  if (!endpoint) throw noIdToken('ACTIONS_ID_TOKEN_REQUEST_URL is not set')
  /* Through the runner's proxy for that URL (HTTP_PROXY for an http:// one), whose credentials
   * the token endpoint's (masked with the inputs) need not share. */
  const url = URL.canParse(endpoint) ? new URL(endpoint) : undefined
  if (url) secrets.push(...(await proxySecretsFor(url, deps.env)))
  deps.mask(secrets)
  deps.log(`Requesting the job's OIDC ID token from GitHub (audience ${audience})`)
  let idToken: string
  try {
    idToken = await deps.getIDToken(audience)
  } catch (error) {
    const variable = url ? proxyVariable(url, deps.env) : 'HTTPS_PROXY'
    const noProxy = url ? proxyVariable(url, deps.env, 'NO_PROXY') : 'NO_PROXY'
    const proxied = !!url && !!proxyValue(url, deps.env) && (await usesProxy(url, deps.env))
    throw idTokenFailure(errorMessage(error), secrets, variable, noProxy, proxied)
  }
  if (!idToken) throw noIdToken('GitHub answered with no token')
  /* Core takes the answer's `value` as it comes: anything but a JWT is no token. */
  if (!/^[\w-]+\.[\w-]+\.[\w-]+$/.test(idToken))
    throw idTokenFailure(`its answer's value is ${typeOf(idToken)}, not a JWT`, [], '')
  deps.mask([idToken])
  return idToken
}
