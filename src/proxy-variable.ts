/*
 * What a run with no proxy needs of proxies: which variable would name one. The rest, proxy.ts,
 * loads only when that variable is set (or a test injects a proxy).
 */

export type Env = Readonly<Record<string, string | undefined>>

/**
 * The variable that names the proxy for `url`'s scheme, or `variable` (NO_PROXY), as messages
 * name it: the lower-case one when it is set, since the toolkit reads it first (and a fix made in
 * the other would change nothing).
 */
export function proxyVariable(
  url: URL,
  env: Env = process.env,
  variable = schemeVariable(url)
): string {
  const lower = variable.toLowerCase()
  /* Windows reads the environment in any case: there the name is as it was set. */
  return env[lower] && Object.keys(env).includes(lower) ? lower : variable
}

/** That variable's value, lower case first, as the toolkit reads them; '' when unset. */
export function proxyValue(url: URL, env: Env): string {
  const variable = schemeVariable(url)
  return env[variable.toLowerCase()] || env[variable] || ''
}

/** The upper-case name of the proxy variable for `url`'s scheme. */
function schemeVariable(url: URL): string {
  return url.protocol === 'https:' ? 'HTTPS_PROXY' : 'HTTP_PROXY'
}

/** What to mask of the proxy used for `url` (proxy.ts, proxySecrets); none when none is set. */
export async function proxySecretsFor(url: URL, env: Env): Promise<string[]> {
  if (!proxyValue(url, env)) return []
  const { proxySecrets } = await import('./proxy.js')
  return proxySecrets(url, env)
}
