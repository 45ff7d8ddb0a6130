// `npm run bench` (scripts/bench.mjs) is not run here: its timings are noisy on a shared machine.
// What decides its exit code, what its runs are given, and what its baseline does are checked
// instead, deterministically.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  BASELINE,
  benchEnv,
  benchNodes,
  missedTargets,
  stepFiles
} from '../scripts/bench-common.mjs'
import { ACTION_NODE, maskedValues, parseFileCommand, runAction } from '../scripts/runner.mjs'
import { type SeedServer, passwordGrantInputs, startSeedServer } from '../scripts/seed-server.mjs'

const MET = [
  { major: 20, wallRatio: 1.05, memoryRatio: 1.01 },
  { major: 24, wallRatio: 1.1, memoryRatio: 0.99 }
]

describe('what npm run bench exits 1 for (missedTargets)', () => {
  it('nothing when every target is met, a figure at its target included', () => {
    expect(missedTargets('dist/', 199_000, MET)).toEqual([])
    expect(
      missedTargets('dist/', 200_000, [
        { major: 20, wallRatio: 1.12, memoryRatio: 1.05 },
        { major: 24, wallRatio: 1.2, memoryRatio: 1.05 }
      ])
    ).toEqual([])
  })

  it('a bundle over 200 KB', () => {
    expect(missedTargets('dist/', 200_001, MET)).toEqual([
      'dist/ is 200001 bytes (target ≤ 200000)'
    ])
  })

  it("a wall ratio over its runtime's target: 1.12x on Node 20, 1.20x on Node 24", () => {
    const at = (major: number, wallRatio: number): string[] =>
      missedTargets('dist/', 199_000, [{ major, wallRatio, memoryRatio: 1 }])
    expect(at(20, 1.121)).toEqual(['Node 20 wall ratio 1.121x (target ≤ 1.12x)'])
    expect(at(24, 1.121)).toEqual([])
    expect(at(24, 1.201)).toEqual(['Node 24 wall ratio 1.201x (target ≤ 1.2x)'])
  })

  it('a peak-memory ratio over 1.05x, on either runtime', () => {
    expect(
      missedTargets('dist/', 199_000, [MET[0], { major: 24, wallRatio: 1, memoryRatio: 1.051 }])
    ).toEqual(['Node 24 memory ratio 1.051x (target ≤ 1.05x)'])
  })

  // /usr/bin/time's figure unread, say: a comparison with NaN is false, so `ratio > target` passed.
  it('a figure that is not a number, which meets no target', () => {
    expect(missedTargets('dist/', Number.NaN, MET)).toEqual([
      'dist/ is NaN bytes (target ≤ 200000)'
    ])
    expect(
      missedTargets('dist/', 199_000, [{ major: 20, wallRatio: Number.NaN, memoryRatio: 1 }])
    ).toEqual(['Node 20 wall ratio NaNx (target ≤ 1.12x)'])
    expect(
      missedTargets('dist/', 199_000, [{ major: 20, wallRatio: 1, memoryRatio: Number.NaN }])
    ).toEqual(['Node 20 memory ratio NaNx (target ≤ 1.05x)'])
  })
})

describe("the bench's runs", () => {
  let seed: SeedServer
  let dir: string
  const saved: Record<string, string | undefined> = {}
  // Set in this process, so npm run bench's own environment: none may reach a run.
  const OUTSIDE = {
    HTTPS_PROXY: 'http://127.0.0.1:9',
    https_proxy: 'http://127.0.0.1:9',
    HTTP_PROXY: 'http://127.0.0.1:9',
    http_proxy: 'http://127.0.0.1:9',
    NO_PROXY: '*',
    no_proxy: '*',
    ALL_PROXY: 'http://127.0.0.1:9',
    NODE_OPTIONS: '--max-old-space-size=64',
    NODE_EXTRA_CA_CERTS: '/etc/ssl/certs/ca-certificates.crt'
  }

  beforeAll(async () => {
    seed = await startSeedServer()
    dir = mkdtempSync(join(tmpdir(), 'bench-test-'))
    for (const [name, value] of Object.entries(OUTSIDE)) {
      saved[name] = process.env[name]
      process.env[name] = value
    }
  })

  afterAll(async () => {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) Reflect.deleteProperty(process.env, name)
      else process.env[name] = value
    }
    await seed?.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('get PATH, the INPUT_* variables and the step files, and no proxy, NODE_OPTIONS or NODE_EXTRA_CA_CERTS', () => {
    const env = { ...benchEnv(seed), ...stepFiles(dir) }
    const names = Object.keys(env)
    expect(names.filter(name => !/^INPUT_[A-Z0-9_-]+$/.test(name)).sort()).toEqual([
      'GITHUB_ENV',
      'GITHUB_OUTPUT',
      'GITHUB_STATE',
      'GITHUB_STEP_SUMMARY',
      'PATH',
      'RUNNER_TEMP'
    ])
    expect(env).toMatchObject({ INPUT_HOST: seed.url, INPUT_USERNAME: seed.user.username })
  })

  it('compare the action with a baseline that sends the same request and writes the same outputs', async () => {
    const env = { ...benchEnv(seed), ...stepFiles(dir) }
    const child = spawn(process.execPath, [BASELINE], { env, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    child.stdout.setEncoding('utf8').on('data', chunk => (stdout += chunk))
    expect(await new Promise(done => child.on('close', done))).toBe(0)
    const baselineRequest = seed.requests.at(-1)
    const outputs = parseFileCommand(readFileSync(env.GITHUB_OUTPUT ?? '', 'utf8'))
    const exported = parseFileCommand(readFileSync(env.GITHUB_ENV ?? '', 'utf8'))

    const action = await runAction(passwordGrantInputs(seed))
    expect(action.code).toBe(0)
    const actionRequest = seed.requests.at(-1)

    const sent = (request: typeof actionRequest) => ({
      method: request?.method,
      url: request?.url,
      type: request?.headers['content-type'],
      accept: request?.headers.accept,
      body: JSON.parse(request?.body ?? '')
    })
    expect(sent(baselineRequest)).toEqual(sent(actionRequest))
    expect(Object.keys(outputs).sort()).toEqual(Object.keys(action.outputs).sort())
    expect(Object.keys(exported)).toEqual(Object.keys(action.env))
    // The same secrets, each named by the input or output it is (each run has its own token).
    const named = (masked: string[], outputs: Record<string, string>): string[] => {
      const values = Object.entries({ ...passwordGrantInputs(seed), ...outputs })
      return masked.map(value => values.find(([, v]) => v === value)?.[0] ?? value).sort()
    }
    expect(named(maskedValues(stdout), outputs)).toEqual(
      named(maskedValues(action.stdout), action.outputs)
    )
  })

  // The physical limit does no work the action does without: a built-in module that the
  // baseline loads and the action's run does not (node:crypto for randomUUID, say, which the
  // action's delimiters do not use) is time the baseline spends and the ratio is divided by.
  it('compare it with a baseline that loads no built-in module the action does not load', async () => {
    const preload = join(dir, 'modules.cjs')
    writeFileSync(
      preload,
      "process.on('exit', () => require('node:fs').writeFileSync(process.env.MODULES_FILE, process.moduleLoadList.join('\\n')))"
    )
    const loaded = (file: string): string[] => readFileSync(file, 'utf8').split('\n')
    const withModules = (file: string) => ({
      NODE_OPTIONS: `--require ${preload}`,
      MODULES_FILE: file
    })
    const baselineModules = join(dir, 'baseline-modules')
    const env = { ...benchEnv(seed), ...stepFiles(dir), ...withModules(baselineModules) }
    // stdout a pipe, as the runner's and the action's: a file or /dev/null loads another module.
    const child = spawn(ACTION_NODE, [BASELINE], { env, stdio: ['ignore', 'pipe', 'pipe'] })
    child.stdout.resume()
    child.stderr.resume()
    expect(await new Promise(done => child.on('close', done))).toBe(0)
    const actionModules = join(dir, 'action-modules')
    const action = await runAction(passwordGrantInputs(seed), withModules(actionModules))
    expect(action.code).toBe(0)

    const actions = new Set(loaded(actionModules))
    expect(loaded(baselineModules).filter(name => !actions.has(name))).toEqual([])
  })
})

describe('the runtimes npm run bench measures (benchNodes)', () => {
  const saved = process.env.NODE24
  afterAll(() => {
    if (saved === undefined) Reflect.deleteProperty(process.env, 'NODE24')
    else process.env.NODE24 = saved
  })

  it('this Node once, when $NODE24 is this Node (the bench run on Node 24 itself)', () => {
    process.env.NODE24 = process.execPath
    expect(benchNodes()).toEqual([process.execPath])
  })
})
