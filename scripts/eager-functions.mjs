// `npm run eager-functions`: writes scripts/eager-functions.json, the functions of dist/index.js
// that a password grant calls (module-level ones by name, those inside them as `owner > n`: see
// innerFunctions in scripts/compile-eagerly.mjs), which `npm run bundle` then compiles eagerly (see
// scripts/compile-eagerly.mjs); the others are left for V8 to compile on first call, if ever.
// The list comes from V8's coverage of one run of dist/index.js against the seed server, as the
// runner starts it and as `npm run bench` measures it. __tests__/eager-functions.test.ts fails
// when the list no longer matches such a run: then run this, which bundles before and after.
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { innerFunctions, moduleLevelFunctions } from './compile-eagerly.mjs'
import { ACTION, actionDefaults, runAction } from './runner.mjs'
import { passwordGrantInputs, startSeedServer } from './seed-server.mjs'

export const EAGER_FUNCTIONS = resolve(import.meta.dirname, 'eager-functions.json')

/** The committed list, as a set. */
export function readEagerFunctions() {
  return new Set(JSON.parse(readFileSync(EAGER_FUNCTIONS, 'utf8')))
}

/** The functions of dist/index.js that one password grant calls, as the list names them, sorted. */
export async function calledFunctions() {
  const coverage = mkdtempSync(join(tmpdir(), 'eager-functions-'))
  const seed = await startSeedServer()
  try {
    const inputs = { ...actionDefaults(), ...passwordGrantInputs(seed) }
    const run = await runAction(inputs, { NODE_V8_COVERAGE: coverage })
    if (run.code !== 0 || !run.outputs['access-token']) {
      throw new Error(`eager-functions: the password grant failed:\n${run.stdout}${run.stderr}`)
    }
    const url = pathToFileURL(ACTION).href
    const script = readdirSync(coverage)
      .flatMap(file => JSON.parse(readFileSync(join(coverage, file), 'utf8')).result)
      .find(entry => entry.url === url)
    if (!script) throw new Error(`eager-functions: no coverage of ${url}`)
    const called = new Set(
      script.functions.filter(fn => fn.ranges[0].count > 0).map(fn => fn.ranges[0].startOffset)
    )
    const code = readFileSync(ACTION, 'utf8')
    const declared = moduleLevelFunctions(code, 'index.js')
    const names = declared.filter(fn => called.has(fn.start)).map(fn => fn.name)
    const inner = innerFunctions(code, 'index.js').filter(fn => called.has(fn.start))
    return [...new Set([...names, ...inner.map(fn => fn.key)])].sort()
  } finally {
    await seed.close()
    rmSync(coverage, { recursive: true, force: true })
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const names = await calledFunctions()
  writeFileSync(EAGER_FUNCTIONS, `${JSON.stringify(names, null, 2)}\n`)
  console.log(`${EAGER_FUNCTIONS}: ${names.length} functions`)
}
