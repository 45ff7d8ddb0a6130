/*
 * @actions/core's functions of the same names, written out so that a run does not load core's
 * index; a test holds each to core's bytes and errors, for any value.
 */
import { accessSync, appendFileSync, constants, existsSync, statSync } from 'node:fs'
import { ActionError } from './errors.js'
import { ID_TOKEN_TIMEOUT_MS } from './keyless-inputs.js'

/** What the action needs from the runner; tests pass a fake (__fixtures__/core.ts). */
export interface Core {
  getInput(name: string): string
  setSecret(secret: string): void
  setOutput(name: string, value: string): void
  exportVariable(name: string, value: string): void
  info(message: string): void
  debug(message: string): void
  warning(message: string): void
  setFailed(message: string): void
  saveState(name: string, value: string): void
  getState(name: string): string
  /** Appends `markdown` and a line break to the job summary, as core.summary.addRaw(…, true).write(). */
  appendSummary(markdown: string): Promise<void>
  /**
   * core.getIDToken; each attempt of its request takes at most `timeoutMs` when given, and trusts
   * the certificates `ca` lists (trust.ts), else Node's default store.
   */
  getIDToken(audience?: string, timeoutMs?: number, ca?: readonly string[]): Promise<string>
}

/* os.EOL, without loading node:os for it. */
const EOL = process.platform === 'win32' ? '\r\n' : '\n'

/**
 * A workflow command on stdout, `::name::message`, escaped as core escapes it; this action's take
 * no properties (`key=value`).
 */
function issueCommand(name: string, message: string): void {
  const data = message.replaceAll('%', '%25').replaceAll('\r', '%0D').replaceAll('\n', '%0A')
  process.stdout.write(`::${name}::${data}${EOL}`)
}

/**
 * A version 4 UUID, as core's delimiter, from Math.random rather than node:crypto, which a password
 * grant over plain http would otherwise load for it alone (docs/performance.md). What keeps a value
 * from ending its own command is the check that it does not hold the delimiter, not the randomness.
 */
function randomUuid(): string {
  /* Up to 13 hex digits per call: Math.random gives 52 random bits. */
  const hex = (digits: number): string =>
    Math.floor(Math.random() * 16 ** digits)
      .toString(16)
      .padStart(digits, '0')
  const variant = (8 + Math.floor(Math.random() * 4)).toString(16)
  return `${hex(8)}-${hex(4)}-4${hex(3)}-${variant}${hex(3)}-${hex(12)}`
}

/** Appends `name<<delimiter … delimiter` to the file in GITHUB_<kind>, as core's file commands do. */
function issueFileCommand(kind: string, name: string, value: string): void {
  const path = process.env[`GITHUB_${kind}`]
  if (!path) throw new Error(`Unable to find environment variable for file command ${kind}`)
  if (!existsSync(path)) throw new Error(`Missing file at path: ${path}`)
  const delimiter = `ghadelimiter_${randomUuid()}`
  for (const [what, text] of [
    ['name', name],
    ['value', value]
  ]) {
    if (text.includes(delimiter))
      throw new Error(`Unexpected input: ${what} should not contain the delimiter "${delimiter}"`)
  }
  try {
    appendFileSync(path, `${name}<<${delimiter}${EOL}${value}${EOL}${delimiter}${EOL}`, 'utf8')
  } catch (error) {
    /* Checked before the request (runnerFileProblem): what is left is mostly a full disk. */
    const { code, message } = error as NodeJS.ErrnoException
    const advice = code === 'ENOSPC' ? "; free space on the runner's disk" : ''
    throw new Error(`Could not write GITHUB_${kind} (${path}): ${message}${advice}`, {
      cause: error
    })
  }
}

/**
 * What runnerFileProblem says of a directory, only when the step may write in it: so RUNNER_TEMP,
 * a directory, is checked with it too.
 */
export const DIRECTORY = 'a directory, not a file'

/**
 * Why the file a runner variable names (GITHUB_OUTPUT, GITHUB_ENV, GITHUB_STATE) cannot take this
 * step's file commands, as "names …" words, or undefined when it can. Checked before anything is
 * sent, so that a step never gets a token it then cannot hand on. A pipe (FIFO) is refused: the
 * first write would block, and the step hang, until something read it.
 */
export function runnerFileProblem(path: string): string | undefined {
  try {
    accessSync(path, constants.W_OK)
    const file = statSync(path)
    return file.isDirectory() ? DIRECTORY : file.isFIFO() ? 'a pipe' : undefined
  } catch (error) {
    return /^ENO(?:ENT|TDIR)$/.test(`${(error as NodeJS.ErrnoException).code}`)
      ? 'a file that does not exist'
      : 'a file this step may not write'
  }
}

/** Refuses the file env[name] names when it cannot take a file command (runnerFileProblem). */
export function checkRunnerFile(
  env: Readonly<Record<string, string | undefined>>,
  name: string,
  orElse = ''
): void {
  const problem = runnerFileProblem(env[name] ?? '')
  if (problem)
    throw new ActionError(
      `${name} names ${problem} (${env[name]}): the runner makes it for each step, so run this action as a step of a workflow${orElse}`
    )
}

export function getInput(name: string): string {
  return (process.env[`INPUT_${name.replaceAll(' ', '_').toUpperCase()}`] || '').trim()
}

export function setSecret(secret: string): void {
  issueCommand('add-mask', secret)
}

/**
 * Unlike core's, setOutput, exportVariable and saveState never fall back to a workflow command,
 * which would print the value in the log: without the runner's file they throw (main.ts checks
 * for the files before anything is sent).
 */
export function setOutput(name: string, value: string): void {
  issueFileCommand('OUTPUT', name, value)
}

export function exportVariable(name: string, value: string): void {
  process.env[name] = value
  issueFileCommand('ENV', name, value)
}

export function info(message: string): void {
  process.stdout.write(message + EOL)
}

export function debug(message: string): void {
  issueCommand('debug', message)
}

export function warning(message: string): void {
  issueCommand('warning', message)
}

export function setFailed(message: string): void {
  process.exitCode = 1
  issueCommand('error', message)
}

export function saveState(name: string, value: string): void {
  issueFileCommand('STATE', name, value)
}

export function getState(name: string): string {
  return process.env[`STATE_${name}`] || ''
}

/**
 * core.summary's append; the file is checked as runner files are (runnerFileProblem), and its
 * problem named, so that a pipe fails the summary, with a warning, rather than blocking the step
 * for good.
 */
export async function appendSummary(markdown: string): Promise<void> {
  const path = process.env.GITHUB_STEP_SUMMARY
  if (!path)
    throw new Error(
      'Unable to find environment variable for $GITHUB_STEP_SUMMARY. Check if your runtime environment supports job summaries.'
    )
  const problem = runnerFileProblem(path)
  if (problem) throw new Error(`GITHUB_STEP_SUMMARY names ${problem} (${path}): set summary: false`)
  appendFileSync(path, markdown + EOL, 'utf8')
}

export async function getIDToken(
  audience?: string,
  timeoutMs?: number,
  ca?: readonly string[]
): Promise<string> {
  const oidc = await import('./oidc.js')
  oidc.oidcTransport.ca = ca
  oidc.oidcTransport.log = info
  /* GitHub answers in well under a second: a long timeout input is not waited three times over. */
  if (timeoutMs) oidc.oidcTransport.timeoutMs = Math.min(timeoutMs, ID_TOKEN_TIMEOUT_MS)
  return oidc.getIDToken(audience)
}

/** The protocol as one object, for run()'s Runtime. */
export const runnerProtocol: Core = {
  getInput,
  setSecret,
  setOutput,
  exportVariable,
  info,
  debug,
  warning,
  setFailed,
  saveState,
  getState,
  appendSummary,
  getIDToken
}
