// src/runner-protocol.ts against @actions/core itself: for the same call, in the same environment,
// both must write the same bytes to stdout and to the runner's files, and throw the same errors.
// Values come from fast-check, with the characters the protocol escapes (%, CR, LF, ':' and ',')
// made likely. Delimiters are random in both; they are compared by position, not by value.
import {
  afterAll,
  afterEach,
  beforeAll,
  beforeEach,
  describe,
  expect,
  it,
  jest
} from '@jest/globals'
import * as core from '@actions/core'
import fc from 'fast-check'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as protocol from '../src/runner-protocol.js'

const FILE_VARIABLES = ['GITHUB_OUTPUT', 'GITHUB_ENV', 'GITHUB_STATE', 'GITHUB_STEP_SUMMARY']
const saved = Object.fromEntries(FILE_VARIABLES.map(name => [name, process.env[name]]))
let dir: string
let files: Record<string, string>
/** A named pipe that nothing reads. */
let fifo: string

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'runner-protocol-'))
  fifo = join(dir, 'fifo')
  execFileSync('mkfifo', [fifo])
})

afterAll(() => {
  rmSync(dir, { recursive: true, force: true })
})

beforeEach(() => {
  files = {}
  for (const name of FILE_VARIABLES) {
    files[name] = join(dir, `${name}-${Math.random().toString(36).slice(2)}`)
    writeFileSync(files[name], '')
    process.env[name] = files[name]
  }
})

afterEach(() => {
  for (const [name, value] of Object.entries(saved)) {
    if (value === undefined) Reflect.deleteProperty(process.env, name)
    else process.env[name] = value
  }
  process.exitCode = undefined
})

/** What `action` writes to stdout and to each runner file, and what it throws. */
function observe(action: () => unknown): {
  stdout: string
  files: Record<string, string>
  error?: string
} {
  for (const path of Object.values(files)) writeFileSync(path, '')
  let stdout = ''
  const write = jest.spyOn(process.stdout, 'write').mockImplementation(chunk => {
    stdout += String(chunk)
    return true
  })
  let error: string | undefined
  try {
    action()
  } catch (thrown) {
    error = String(thrown)
  } finally {
    write.mockRestore()
  }
  const written = Object.fromEntries(
    Object.entries(files).map(([name, path]) => [name, sameDelimiters(readFileSync(path, 'utf8'))])
  )
  return { stdout, files: written, ...(error === undefined ? {} : { error }) }
}

/** Each file command's random delimiter, numbered in order of appearance. */
function sameDelimiters(text: string): string {
  const seen: string[] = []
  return text.replace(/ghadelimiter_[0-9a-f-]{36}/g, delimiter => {
    if (!seen.includes(delimiter)) seen.push(delimiter)
    return `ghadelimiter_#${seen.indexOf(delimiter)}`
  })
}

// Strings full of what the protocol escapes, and any other character.
const text = fc.string({
  unit: fc.oneof(
    fc.constantFrom('%', '\r', '\n', ':', ',', '::', '%0A', ' ', 'a'),
    fc.string({ unit: 'grapheme', maxLength: 1 })
  ),
  maxLength: 30
})
const name = fc.string({
  unit: fc.constantFrom('a', 'B', '_', '-', '1', ' '),
  maxLength: 12
})

describe('runnerFileProblem: whether a runner file can take file commands', () => {
  it.each([
    ['a writable file', () => files.GITHUB_OUTPUT ?? '', undefined],
    ['a directory', () => dir, 'a directory, not a file'],
    ['a missing file', () => join(dir, 'missing'), 'a file that does not exist'],
    [
      'a path below a file',
      () => join(files.GITHUB_OUTPUT ?? '', 'x'),
      'a file that does not exist'
    ],
    ['nothing', () => '', 'a file that does not exist'],
    ['a FIFO, whose first write would block until something read it', () => fifo, 'a pipe']
  ])('%s', (_what, path, problem) => {
    expect(protocol.runnerFileProblem(path())).toBe(problem)
  })

  it('checkRunnerFile refuses in one line, with what to do', () => {
    expect(() =>
      protocol.checkRunnerFile({ GITHUB_STATE: dir }, 'GITHUB_STATE', ', or else')
    ).toThrow(
      `GITHUB_STATE names a directory, not a file (${dir}): the runner makes it for each step, so run this action as a step of a workflow, or else`
    )
    expect(() =>
      protocol.checkRunnerFile({ GITHUB_OUTPUT: files.GITHUB_OUTPUT }, 'GITHUB_OUTPUT')
    ).not.toThrow()
  })
})

describe('the runner protocol, byte for byte as @actions/core writes it', () => {
  it.each([
    [
      'setSecret',
      (value: string) => core.setSecret(value),
      (value: string) => protocol.setSecret(value)
    ],
    ['info', (value: string) => core.info(value), (value: string) => protocol.info(value)],
    ['debug', (value: string) => core.debug(value), (value: string) => protocol.debug(value)],
    ['warning', (value: string) => core.warning(value), (value: string) => protocol.warning(value)],
    [
      'setFailed',
      (value: string) => core.setFailed(value),
      (value: string) => protocol.setFailed(value)
    ]
  ])('%s', (_name, theirs, ours) => {
    fc.assert(
      fc.property(text, value => {
        const expected = observe(() => theirs(value))
        const exitCode = process.exitCode
        process.exitCode = undefined
        expect(observe(() => ours(value))).toEqual(expected)
        expect(process.exitCode).toBe(exitCode)
      })
    )
  })

  it.each([
    ['setOutput', core.setOutput, protocol.setOutput, 'GITHUB_OUTPUT'],
    ['exportVariable', core.exportVariable, protocol.exportVariable, 'GITHUB_ENV'],
    ['saveState', core.saveState, protocol.saveState, 'GITHUB_STATE']
  ])('%s, to its file; without one, never as a workflow command', (_fn, theirs, ours, variable) => {
    fc.assert(
      fc.property(name, text, fc.boolean(), (key, value, withFile) => {
        // exportVariable also sets the variable in this process; the others leave it alone.
        const before = process.env[key]
        const reset = (): void => {
          if (before === undefined) Reflect.deleteProperty(process.env, key)
          else process.env[key] = before
        }
        if (!withFile) Reflect.deleteProperty(process.env, variable)
        try {
          const expected = observe(() => theirs(key, value))
          const theirEnv = process.env[key]
          reset()
          const observed = observe(() => ours(key, value))
          expect(process.env[key]).toBe(theirEnv)
          // Without the file, core prints the value in the log (::set-output:: and the like);
          // ours throws core's error for a missing variable, and writes nothing.
          const kind = variable.slice('GITHUB_'.length)
          expect(withFile || /^\n?::(?:set-output|set-env|save-state) /.test(expected.stdout)).toBe(
            true
          )
          expect(observed).toEqual(
            withFile
              ? expected
              : {
                  stdout: '',
                  files: expected.files,
                  error: `Error: Unable to find environment variable for file command ${kind}`
                }
          )
        } finally {
          reset()
          process.env[variable] = files[variable]
        }
      })
    )
  })

  // Core draws its delimiter from node:crypto's randomUUID; ours comes from Math.random, so that a
  // run need not load node:crypto. Both are version 4 UUIDs, new for each command.
  it('delimits each file command with a new version 4 UUID', () => {
    for (let i = 0; i < 200; i++) protocol.setOutput(`name${i}`, `value${i}`)
    const lines = readFileSync(files.GITHUB_OUTPUT, 'utf8').trimEnd().split('\n')
    expect(lines).toHaveLength(600)
    const delimiters = Array.from({ length: 200 }, (_value, i) => {
      const delimiter = lines[3 * i + 2]
      expect(lines.slice(3 * i, 3 * i + 2)).toEqual([`name${i}<<${delimiter}`, `value${i}`])
      return delimiter
    })
    const uuid =
      /^ghadelimiter_[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/
    for (const delimiter of delimiters) expect(delimiter).toMatch(uuid)
    expect(new Set(delimiters).size).toBe(200)
    // Every random digit varies: each of the 31 positions takes several values over 200 UUIDs.
    const uuids = delimiters.map(delimiter => delimiter.slice('ghadelimiter_'.length))
    const positions = [...uuids[0]].flatMap((char, index) =>
      char === '-' || index === 14 ? [] : [index]
    )
    expect(positions).toHaveLength(31)
    for (const index of positions) {
      const values = new Set(uuids.map(uuid => uuid[index]))
      expect([index, values.size > (index === 19 ? 2 : 8)]).toEqual([index, true])
    }
  })

  // What keeps a value from ending its own command is this check, not the delimiter's randomness.
  it.each([
    ['value', 'name', (delimiter: string) => `before\n${delimiter}\nname2<<x`],
    ['name', (delimiter: string) => `a${delimiter}`, 'value']
  ])(
    'refuses a %s that holds its delimiter, with core’s error, and writes nothing',
    (what, key, value) => {
      // With Math.random() always 0, each random digit of the UUID is 0.
      const delimiter = 'ghadelimiter_00000000-0000-4000-8000-000000000000'
      const random = jest.spyOn(Math, 'random').mockReturnValue(0)
      try {
        const call = () =>
          protocol.setOutput(
            typeof key === 'string' ? key : key(delimiter),
            typeof value === 'string' ? value : value(delimiter)
          )
        expect(call).toThrow(
          `Unexpected input: ${what} should not contain the delimiter "${delimiter}"`
        )
      } finally {
        random.mockRestore()
      }
      expect(readFileSync(files.GITHUB_OUTPUT, 'utf8')).toBe('')
    }
  )

  it('refuses a file command whose file is missing, with core’s error', () => {
    process.env.GITHUB_OUTPUT = join(dir, 'no-such-file')
    const expected = observe(() => core.setOutput('name', 'value'))
    expect(expected.error).toContain('Missing file at path')
    expect(observe(() => protocol.setOutput('name', 'value'))).toEqual(expected)
  })

  it('says to free disk space when a file command cannot be written for want of it', () => {
    // /dev/full refuses every write with ENOSPC, as a full disk does.
    process.env.GITHUB_OUTPUT = '/dev/full'
    expect(observe(() => protocol.setOutput('name', 'value')).error).toBe(
      "Error: Could not write GITHUB_OUTPUT (/dev/full): ENOSPC: no space left on device, write; free space on the runner's disk"
    )
  })

  it('reads inputs as core does: spaces to underscores, upper case, trimmed', () => {
    fc.assert(
      fc.property(name, text, (input, value) => {
        const variable = `INPUT_${input.replace(/ /g, '_').toUpperCase()}`
        process.env[variable] = value
        try {
          expect(protocol.getInput(input)).toBe(core.getInput(input))
        } finally {
          Reflect.deleteProperty(process.env, variable)
        }
      })
    )
    expect(protocol.getInput('not set anywhere')).toBe('')
  })

  it('reads state as core does', () => {
    process.env.STATE_revoke = '{"a":1}'
    try {
      expect(protocol.getState('revoke')).toBe(core.getState('revoke'))
      expect(protocol.getState('absent')).toBe(core.getState('absent'))
    } finally {
      Reflect.deleteProperty(process.env, 'STATE_revoke')
    }
  })

  // core.summary remembers the first file it wrote to, so the failures come first, then one write.
  it('appends to the job summary as core.summary.addRaw(markdown, true).write() does', async () => {
    const refusal = async (write: () => Promise<unknown>): Promise<string> =>
      write().then(
        () => 'written',
        (error: unknown) => String(error)
      )
    Reflect.deleteProperty(process.env, 'GITHUB_STEP_SUMMARY')
    const noVariable = await refusal(() => core.summary.addRaw('x', true).write())
    core.summary.emptyBuffer()
    expect(noVariable).toContain('Unable to find environment variable for $GITHUB_STEP_SUMMARY')
    expect(await refusal(() => protocol.appendSummary('x'))).toBe(noVariable)

    process.env.GITHUB_STEP_SUMMARY = join(dir, 'no-such-dir', 'summary')
    const missing = await refusal(() => core.summary.addRaw('x', true).write())
    core.summary.emptyBuffer()
    expect(missing).toContain('Unable to access summary file')
    // Core says to check permissions whatever the file is; the action names what is wrong.
    expect(await refusal(() => protocol.appendSummary('x'))).toBe(
      `Error: GITHUB_STEP_SUMMARY names a file that does not exist (${process.env.GITHUB_STEP_SUMMARY}): set summary: false`
    )

    const theirs = join(dir, 'their-summary')
    const ours = join(dir, 'our-summary')
    for (const path of [theirs, ours]) writeFileSync(path, '# before\n')
    const markdown = '### OAuth 2.0 token\n\n| fact | value |\n| --- | --- |\n| a | 1 |'
    process.env.GITHUB_STEP_SUMMARY = theirs
    await core.summary.addRaw(markdown, true).write()
    await core.summary.addRaw('second', true).write()
    process.env.GITHUB_STEP_SUMMARY = ours
    await protocol.appendSummary(markdown)
    await protocol.appendSummary('second')
    expect(readFileSync(ours, 'utf8')).toBe(readFileSync(theirs, 'utf8'))
  })
})
