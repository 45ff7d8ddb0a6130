// The job log as actions/runner writes it for a node action's steps, modelled on its source
// (scripts/runner.mjs runs the steps; this reads what they wrote as the runner reads it):
// - each line of stdout and stderr (split at \r\n, \r or \n, as .NET's ReadLine splits; a batch's
//   stderr lines go first: src/Runner.Sdk/ProcessInvoker.cs) that holds `::` or `##[` is tried as
//   a command (src/Runner.Worker/Handlers/OutputManager.cs), in the `::name k=v,k=v::data` form
//   after leading white space, then in the older `##[name k=v;k=v]data` form anywhere in the line
//   (src/Runner.Common/ActionCommand.cs, TryParseV2 and TryParse), with their decodings; command
//   names in any case; `stop-commands` (src/Runner.Worker/ActionCommandManager.cs);
// - `add-mask` of an empty or white-space value is a warning, not a mask; any other value is
//   masked with the forms the runner's encoders derive (src/Runner.Common/HostContext.cs,
//   src/Sdk/DTLogging/Logging/ValueEncoders.cs), in every later line of the job;
// - a line is masked by replacing the union of every mask's occurrences with *** (SecretMasker.cs);
// - with step debug (ACTIONS_STEP_DEBUG), each command is echoed as written but those whose
//   extension has OmitEcho (add-mask, debug, warning, error, notice), add-mask as
//   `::add-mask::***` (EchoOnActionCommand), and after the step the runner logs each file
//   command's value: `NAME='value'` (GITHUB_ENV), `Save intra-action state name = value`,
//   `Set output name = value` (src/Runner.Worker/FileCommandManager.cs); a line it writes is
//   masked whole (ExecutionContext.Write), but a debug message is first split at each \n
//   (ExecutionContextExtension.Debug), and each of its lines masked alone.
import { parseFileCommand } from '../../scripts/runner.mjs'

/** The masks of one job: the runner keeps one SecretMasker for all of a job's steps. */
export class RunnerMasker {
  readonly values = new Set<string>()
  private readonly originals = new Set<string>()

  /** SecretMasker.AddValue: the value, and each non-empty form an encoder derives from it. */
  add(value: string): void {
    if (!value || this.originals.has(value)) return
    this.originals.add(value)
    for (const form of [value, ...ENCODERS.map(encode => encode(value))]) {
      if (form) this.values.add(form)
    }
  }

  /** SecretMasker.MaskSecrets: every occurrence of every mask, overlaps merged, as ***. */
  mask(input: string): string {
    const spans: [number, number][] = []
    for (const value of this.values) {
      for (let at = input.indexOf(value); at >= 0; at = input.indexOf(value, at + 1)) {
        spans.push([at, at + value.length])
      }
    }
    if (!spans.length) return input
    spans.sort((a, b) => a[0] - b[0])
    let text = ''
    let done = 0
    let current: [number, number] | undefined
    for (const span of [...spans, undefined]) {
      if (current && span && span[0] <= current[1]) {
        current[1] = Math.max(current[1], span[1])
        continue
      }
      if (current) {
        text += `${input.slice(done, current[0])}***`
        done = current[1]
      }
      current = span && [span[0], span[1]]
    }
    return text + input.slice(done)
  }
}

const utf8 = (value: string): Buffer => Buffer.from(value, 'utf8')
const shifted = (value: string, shift: number): string => {
  const bytes = utf8(value)
  return (bytes.length > shift ? bytes.subarray(shift) : bytes).toString('base64')
}
/** Newtonsoft's JsonConvert.ToString, quotes removed: JSON's escapes, and U+0085, U+2028, U+2029. */
const jsonEscape = (value: string): string =>
  JSON.stringify(value)
    .slice(1, -1)
    .replace(/[\u0085\u2028\u2029]/g, c => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
/** Uri.EscapeDataString: all but RFC 3986's unreserved characters, as UTF-8 in upper-case hex. */
const uriEscape = (value: string): string =>
  encodeURIComponent(value.toWellFormed()).replace(
    /[!'()*]/g,
    c => `%${c.charCodeAt(0).toString(16).toUpperCase()}`
  )
const XML: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;'
}
/** The part before (`pre`) or after an `&` that PowerShell's error colouring splits a secret at. */
const ampersand = (value: string, pre: boolean): string => {
  if (!value.includes('&')) return ''
  const plus = value.indexOf('&+')
  const section =
    plus >= 0
      ? pre
        ? value.slice(0, plus + 2)
        : value.slice(plus + 3)
      : pre
        ? value.slice(0, value.lastIndexOf('&') + 1)
        : value.slice(value.lastIndexOf('&') + 1)
  return section.length >= 6 ? section : ''
}

/** HostContext's encoders, in the order it adds them. */
const ENCODERS: readonly ((value: string) => string)[] = [
  value => utf8(value).toString('base64'),
  value => shifted(value, 1),
  value => shifted(value, 2),
  value => value.replaceAll('"', '\\"'),
  value => value.replaceAll("'", "''"),
  jsonEscape,
  uriEscape,
  value => value.replace(/[&<>"']/g, c => XML[c] ?? c),
  value =>
    value.length > 8 && value.startsWith('"') && value.endsWith('"') ? value.slice(1, -1) : '',
  value => ampersand(value, true),
  value => ampersand(value, false)
]

/** The commands the runner registers (ActionCommandManager.Initialize), compared in any case. */
const COMMANDS = [
  'add-mask',
  'add-matcher',
  'add-path',
  'debug',
  'echo',
  'endgroup',
  'error',
  'group',
  'notice',
  'remove-matcher',
  'save-state',
  'set-env',
  'set-output',
  'stop-commands',
  'warning'
]

/** The commands whose extension has OmitEcho: step debug does not echo them as written. */
const OMIT_ECHO = new Set(['add-mask', 'debug', 'error', 'notice', 'warning'])

interface Command {
  readonly name: string
  readonly properties: Record<string, string>
  readonly data: string
}

/** Replaces each escape in turn, as the runner's EscapeMapping lists do. */
const unescape = (text: string, mappings: readonly [string, string][]): string =>
  mappings.reduce((value, [escape, token]) => value.split(escape).join(token), text)
const DATA: [string, string][] = [
  ['%0D', '\r'],
  ['%0A', '\n'],
  ['%25', '%']
]
const PROPERTY: [string, string][] = [
  ['%0D', '\r'],
  ['%0A', '\n'],
  ['%3A', ':'],
  ['%2C', ','],
  ['%25', '%']
]
const LEGACY: [string, string][] = [
  ['%3B', ';'],
  ['%0D', '\r'],
  ['%0A', '\n'],
  ['%5D', ']'],
  ['%25', '%']
]

function properties(
  text: string,
  separator: string,
  mappings: [string, string][]
): Record<string, string> {
  const result: Record<string, string> = {}
  for (const property of text.split(separator).filter(Boolean)) {
    const equals = property.indexOf('=')
    const pair =
      equals < 0
        ? [property]
        : [property.slice(0, equals), property.slice(equals + 1)].filter(Boolean)
    if (pair.length === 2) result[pair[0] ?? ''] = unescape(pair[1] ?? '', mappings)
  }
  return result
}

/** ActionCommand.TryParseV2, then TryParse; `known` are the names it accepts, lower-cased. */
export function parseCommand(line: string, known: ReadonlySet<string>): Command | undefined {
  const message = line.trimStart()
  if (message.startsWith('::')) {
    const end = message.indexOf('::', 2)
    if (end >= 0) {
      const info = message.slice(2, end)
      const space = info.indexOf(' ')
      const name = space < 0 ? info : info.slice(0, space)
      if (known.has(name.toLowerCase())) {
        return {
          name: name.toLowerCase(),
          properties: space > 0 ? properties(info.slice(space + 1).trim(), ',', PROPERTY) : {},
          data: unescape(message.slice(end + 2), DATA)
        }
      }
    }
  }
  const prefix = line.indexOf('##[')
  if (prefix < 0) return undefined
  const bracket = line.indexOf(']', prefix)
  if (bracket < 0) return undefined
  const info = line.slice(prefix + 3, bracket)
  const space = info.indexOf(' ')
  const name = space < 0 ? info : info.slice(0, space)
  if (!known.has(name.toLowerCase())) return undefined
  return {
    name: name.toLowerCase(),
    properties: space > 0 ? properties(info.slice(space + 1), ';', LEGACY) : {},
    data: unescape(line.slice(bracket + 1), LEGACY)
  }
}

export interface StepOutput {
  readonly stdout: string
  readonly stderr: string
  readonly outputFile: string
  readonly envFile: string
  /** What the step saved (GITHUB_STATE), by name; a post step's is not read. */
  readonly state?: Readonly<Record<string, string>>
}

export interface RunnerStepLog {
  /** The step's log lines as the job log shows them, masked. */
  readonly lines: string[]
  /** The masks the step's `add-mask` commands registered (decoded), in order. */
  readonly masks: string[]
  /** Issues (annotations) raised, masked: `warning: …`, `error: …`, `notice: …`. */
  readonly issues: string[]
}

/**
 * The job log of one step, as the runner makes it from what the step wrote. `masker` is the job's,
 * shared by its steps; `stepDebug` is ACTIONS_STEP_DEBUG.
 */
export function runnerStepLog(
  run: StepOutput,
  masker: RunnerMasker,
  stepDebug = false
): RunnerStepLog {
  const lines: string[] = []
  const masks: string[] = []
  const issues: string[] = []
  const known = new Set(COMMANDS)
  let echo = stepDebug
  let stopToken: string | undefined
  const show = (text: string): void => {
    lines.push(...masker.mask(text).split(/\r\n|\r|\n/))
  }
  // ExecutionContextExtension.Debug: split at \n (\r\n first made \n), each line masked alone.
  const debug = (text: string): void => {
    if (stepDebug)
      for (const line of text.replaceAll('\r\n', '\n').split('\n')) show(`##[debug]${line}`)
  }
  const issue = (type: string, text: string): void => {
    issues.push(`${type}: ${masker.mask(text)}`)
    show(`##[${type}]${text}`)
  }
  const commandLine = (line: string): boolean => {
    if (!line.includes('::') && !line.includes('##[')) return false
    const command = parseCommand(line, known)
    if (!command) return false
    if (stopToken !== undefined) {
      if (command.name !== stopToken) return false
      show(line)
      known.delete(stopToken)
      stopToken = undefined
      return true
    }
    if (command.name === 'stop-commands') {
      show(line)
      stopToken = command.data.toLowerCase()
      known.add(stopToken)
      return true
    }
    if (echo && !OMIT_ECHO.has(command.name)) show(line)
    switch (command.name) {
      case 'add-mask':
        if (!command.data.trim()) {
          issue('warning', "Can't add secret mask for empty string in ##[add-mask] command.")
        } else {
          if (echo) show('::add-mask::***')
          masks.push(command.data)
          masker.add(command.data)
        }
        break
      case 'debug':
        debug(command.data)
        break
      case 'warning':
      case 'error':
      case 'notice':
        issue(command.name, command.data)
        break
      case 'echo':
        echo = command.data.trim().toLowerCase() === 'on'
        break
      case 'group':
        show(`##[group]${command.data}`)
        break
      case 'endgroup':
        show('##[endgroup]')
        break
      case 'set-output': {
        // StepsContext.SetOutput's reference, for a step of id `token`.
        const name = command.properties.name ?? ''
        const reference = /^[a-zA-Z_][a-zA-Z0-9_]*$/.test(name)
          ? `steps.token.outputs.${name}`
          : `steps['token']['outputs']['${name}']`
        debug(`${reference}='${command.data}'`)
        break
      }
      case 'save-state':
        debug(`Save intra-action state ${command.properties.name ?? ''} = ${command.data}`)
        break
      case 'set-env':
      case 'add-path':
        issue('error', `Unable to process command '${line}' successfully.`)
        break
      default:
        break
    }
    return true
  }
  const split = (text: string): string[] => {
    const all = text.split(/\r\n|\r|\n/)
    if (all.at(-1) === '') all.pop()
    return all
  }
  for (const line of [...split(run.stderr), ...split(run.stdout)]) {
    if (!commandLine(line)) show(line)
  }
  // After the process: the file commands, as SetEnvFileCommand, SaveStateFileCommand and
  // SetOutputFileCommand log them (debug lines).
  for (const [name, value] of Object.entries(parseFileCommand(run.envFile))) {
    debug(`${name}='${value}'`)
  }
  for (const [name, value] of Object.entries(run.state ?? {})) {
    debug(`Save intra-action state ${name} = ${value}`)
  }
  for (const [name, value] of Object.entries(parseFileCommand(run.outputFile))) {
    debug(`Set output ${name} = ${value}`)
  }
  return { lines, masks, issues }
}

/**
 * Where a secret shows in the runner's log: each line that holds it, or one of its lines of 4
 * characters or more; empty when none does.
 */
export function runnerLeaks(log: RunnerStepLog, secrets: readonly string[]): string[] {
  const parts = secrets
    .filter(Boolean)
    .flatMap(secret => [
      secret,
      ...secret.split(/\r\n|\r|\n/).filter(line => line.trim().length >= 4)
    ])
  return log.lines.filter(line => parts.some(part => line.includes(part)))
}

/**
 * The job summary as the runner uploads it (CreateStepSummaryCommand in FileCommandManager.cs):
 * read line by line as .NET's StreamReader.ReadLine splits (\r\n, \r or \n), each line masked alone.
 */
export function runnerSummary(summary: string, masker: RunnerMasker): string[] {
  const lines = summary.split(/\r\n|\r|\n/)
  if (lines.at(-1) === '') lines.pop()
  return lines.map(line => masker.mask(line))
}
