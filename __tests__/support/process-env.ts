/**
 * Runs `body` with `vars` in process.env too, where http-client's proxy functions (getProxyUrl,
 * checkBypass) read them, whatever env the action is given; each value is put back after.
 */
export async function withProcessEnv<T>(
  vars: Record<string, string>,
  body: () => Promise<T>
): Promise<T> {
  const saved = Object.fromEntries(Object.keys(vars).map(name => [name, process.env[name]]))
  Object.assign(process.env, vars)
  try {
    return await body()
  } finally {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) Reflect.deleteProperty(process.env, name)
      else process.env[name] = value
    }
  }
}
