// Runs the bundled action the way the GitHub runner does: INPUT_* variables, GITHUB_OUTPUT and
// GITHUB_ENV files, and stdout read for workflow commands. Used by `npm run demo` and the tests.
import { spawn } from 'node:child_process'
import {
  chmodSync,
  copyFileSync,
  cpSync,
  linkSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
  rmSync,
  writeFileSync
} from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, dirname, join, resolve } from 'node:path'

export const ACTION = resolve(import.meta.dirname, '../dist/index.js')
/** The post step's entry, as action.yml's `runs.post` names it. */
export const POST = resolve(import.meta.dirname, '../dist/post.js')
/** The node that runs the action: $ACTION_NODE (.ci/run sets Node 24's), else this process's. */
export const ACTION_NODE = process.env.ACTION_NODE || process.execPath
const ACTION_YML = resolve(import.meta.dirname, '../action.yml')

/**
 * action.yml's inputs as the runner passes them when a step sets none: each input's default, or
 * '' for one without (actions/runner's ActionManifestManager.ConvertInputs), as an INPUT_*
 * variable on every run. So a run with `{ ...actionDefaults(), ...inputs }` sees exactly what it
 * would on GitHub, INPUT_HANDOFF='' included.
 */
export function actionDefaults() {
  declaredInputs ??= readActionDefaults()
  return { ...declaredInputs }
}

/** action.yml's inputs and defaults (actionDefaults), read once. */
let declaredInputs

function readActionDefaults() {
  const yaml = readFileSync(ACTION_YML, 'utf8')
  const inputs = /^inputs:\n([\s\S]*?)^\S/m.exec(yaml)?.[1] ?? ''
  const defaults = {}
  let current = ''
  for (const line of inputs.split('\n')) {
    const name = /^ {2}([\w-]+):\s*$/.exec(line)?.[1]
    if (name) defaults[(current = name)] = ''
    const value = /^ {4}default:\s*(?:'([^']*)'|"([^"]*)"|(\S.*?))\s*$/.exec(line)
    if (value && current) defaults[current] = value[1] ?? value[2] ?? value[3] ?? ''
  }
  return defaults
}

/** The runner's name for an input's variable: upper-cased, spaces to underscores, hyphens kept. */
export function inputVariable(name) {
  return `INPUT_${name.replace(/ /g, '_').toUpperCase()}`
}

/**
 * Runs dist/index.js with these inputs (and extra environment), and collects what it wrote:
 * outputs, env, saved state (GITHUB_STATE) and job summary (GITHUB_STEP_SUMMARY). As the runner
 * does, every input action.yml declares is passed, the given ones over actionDefaults().
 */
export async function runAction(inputs, env = {}, options = {}) {
  inputs = { ...actionDefaults(), ...inputs }
  const dir = mkdtempSync(join(tmpdir(), 'oauth-action-'))
  const outputFile = join(dir, 'output')
  const envFile = join(dir, 'env')
  const stateFile = join(dir, 'state')
  const summaryFile = join(dir, 'summary')
  for (const file of [outputFile, envFile, stateFile, summaryFile]) writeFileSync(file, '')
  const childEnv = {
    PATH: process.env.PATH ?? '',
    GITHUB_OUTPUT: outputFile,
    GITHUB_ENV: envFile,
    GITHUB_STATE: stateFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    RUNNER_TEMP: dir,
    ...env
  }
  for (const [name, value] of Object.entries(inputs)) childEnv[inputVariable(name)] = value

  const started = Date.now()
  const script = options.script ?? ACTION
  let staged
  try {
    if (options.uid !== undefined) staged = stageForAnyone(script)
    const child = spawn(staged?.node ?? ACTION_NODE, [staged?.script ?? script], {
      env: childEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
      // Another user's step, as on a runner where the step's user is not root.
      ...(staged ? { uid: options.uid, gid: options.uid, cwd: staged.dir } : {})
    })
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', chunk => (stdout += chunk))
    child.stderr.setEncoding('utf8').on('data', chunk => (stderr += chunk))
    const killer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000)
    // A cancellation, as the runner sends it: the signal once `when` resolves.
    // A `when` that rejects sends nothing, and is no unhandled rejection.
    options.cancel?.when.then(
      () => child.kill(options.cancel.signal),
      () => undefined
    )
    const [code, signal] = await new Promise(done => child.on('close', (...ended) => done(ended)))
    clearTimeout(killer)
    return {
      code,
      signal,
      stdout,
      stderr,
      outputFile: readFileSync(outputFile, 'utf8'),
      envFile: readFileSync(envFile, 'utf8'),
      outputs: parseFileCommand(readFileSync(outputFile, 'utf8')),
      env: parseFileCommand(readFileSync(envFile, 'utf8')),
      state: parseFileCommand(readFileSync(stateFile, 'utf8')),
      summary: readFileSync(summaryFile, 'utf8'),
      ms: Date.now() - started
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
    if (staged) rmSync(staged.dir, { recursive: true, force: true })
  }
}

/**
 * The action's node and bundle where any user may run them, for a run as another user: on a
 * runner the step's user can read the action's checkout, but a test's checkout may sit in a folder
 * only its owner may enter (a fresh clone under `mktemp -d`, mode 0700), where that user could not
 * even start the action. The node is hard-linked (copied across file systems), the bundle copied
 * whole.
 */
function stageForAnyone(script) {
  const dir = mkdtempSync(join(tmpdir(), 'oauth-action-as-user-'))
  chmodSync(dir, 0o755)
  try {
    const node = join(dir, 'node')
    const binary = realpathSync(ACTION_NODE)
    try {
      linkSync(binary, node)
    } catch {
      copyFileSync(binary, node)
      chmodSync(node, 0o755)
    }
    const bundle = join(dir, 'action')
    cpSync(dirname(script), bundle, { recursive: true })
    return { dir, node, script: join(bundle, basename(script)) }
  } catch (error) {
    rmSync(dir, { recursive: true, force: true })
    throw error
  }
}

/**
 * Runs the post step as the runner does after the job: the same inputs, and each value the main
 * step saved (its run's `state`) as STATE_<name>.
 */
export function runPost(inputs, state, env = {}, options = {}) {
  const stateEnv = Object.fromEntries(
    Object.entries(state).map(([name, value]) => [`STATE_${name}`, value])
  )
  return runAction(inputs, { ...env, ...stateEnv }, { ...options, script: POST })
}

/**
 * Parses a GITHUB_OUTPUT or GITHUB_ENV file: `name<<delimiter`, value lines, `delimiter`; or
 * `name=value`. Lines end at \n, as the runner reads them on Linux (actions/runner's
 * EnvFileKeyValuePairs ends a line at \r\n only on Windows): a \r stays in the value.
 */
export function parseFileCommand(text) {
  const result = {}
  const lines = text.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]
    if (!line) continue
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line)
    if (heredoc) {
      const [, name, delimiter] = heredoc
      const value = []
      for (i++; i < lines.length && lines[i] !== delimiter; i++) value.push(lines[i])
      if (i >= lines.length) throw new Error(`unterminated value for ${name}`)
      result[name] = value.join('\n')
    } else {
      const equals = line.indexOf('=')
      if (equals < 0) throw new Error(`malformed file command line: ${line}`)
      result[line.slice(0, equals)] = line.slice(equals + 1)
    }
  }
  return result
}

const MASK_COMMAND = '::add-mask::'

/**
 * The lines of a multi-line secret that the action masks on their own, as src/log.ts does: split
 * where the runner's log reader splits, without short lines or a PEM key's armour.
 */
export function secretLines(secret) {
  return secret
    .split(/\r\n|\r|\n/)
    .filter(
      line => line.trim().length >= 4 && !/^\s*-----(BEGIN|END) [A-Z0-9 ]+-----\s*$/.test(line)
    )
}

/** A workflow command's data as the runner decodes it: %0D, %0A and %25. */
const unescapeData = data => data.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%')

/** The values registered with `::add-mask::`, as the runner decodes them. */
export function maskedValues(stdout) {
  return stdout
    .split(/\r?\n/)
    .filter(line => line.startsWith(MASK_COMMAND))
    .map(line => unescapeData(line.slice(MASK_COMMAND.length)))
}

/**
 * A log line as the runner shows it: a workflow command's message (`::error::`, `::warning::`,
 * `::notice::`, `::debug::`, with or without properties) with its %25, %0D and %0A decoded.
 */
export function shownLine(line) {
  const command = /^::(error|warning|notice|debug)( [^:]*)?::/.exec(line)
  if (!command) return line
  return `${command[0]}${unescapeData(line.slice(command[0].length))}`
}

/** Where a secret shows up outside an `::add-mask::` command; empty when nothing leaked. */
export function findLeaks(run, secrets) {
  const leaks = []
  for (const secret of secrets.filter(Boolean)) {
    // Split as the runner's log reader splits: a lone CR ends a line too.
    run.stdout.split(/\r\n|\r|\n/).forEach((raw, index) => {
      const line = shownLine(raw)
      if (line.includes(secret) && !line.startsWith(MASK_COMMAND)) {
        leaks.push(
          `stdout line ${index + 1} holds a secret: ${line.split(secret).join('<SECRET>')}`
        )
      }
    })
    if (run.stderr.includes(secret)) leaks.push('stderr holds a secret')
  }
  return leaks
}

/**
 * The log as the runner shows it without step debug: masked values replaced with ***, mask and
 * debug commands hidden, warnings and errors shown as annotations.
 */
export function maskedLog(stdout) {
  const masks = maskedValues(stdout).sort((a, b) => b.length - a.length)
  return stdout
    .split(/\r\n|\r|\n/)
    .filter(line => !line.startsWith(MASK_COMMAND) && !line.startsWith('::debug::'))
    .map(shownLine)
    .map(line => line.replace(/^::warning::/, 'Warning: ').replace(/^::error::/, 'Error: '))
    .map(line => masks.reduce((text, mask) => (mask ? text.split(mask).join('***') : text), line))
    .join('\n')
}

/** The step's error annotations as the runner shows them (maskedLog), a line each. */
export function errorLines(stdout) {
  return maskedLog(stdout)
    .split('\n')
    .filter(line => line.startsWith('Error: '))
    .join('\n')
}
