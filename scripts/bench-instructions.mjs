// `npm run bench:instructions`: what `npm run bench` compares, counted in CPU instructions by
// valgrind's callgrind rather than timed. A count does not move with the machine's load, so it
// tells apart changes of a fraction of a millisecond that wall time on a shared machine cannot
// (the same script mostly gives the same count to about 0.2%; when V8 compiles a batch of hot
// functions to baseline code can move it by a few million). It is not wall time: it leaves out
// waiting (process start-up by the kernel, the loopback round trip, page faults), which both
// scripts pay alike, so its ratio runs a little above `npm run bench`'s.
//
// Counted out: V8's search for the random primes of its hash seed (HashSeed::InitializeRoots),
// which every process runs at start and which takes between 3 and 18 million instructions from
// one process to the next, whatever the script. Each script runs BENCH_RUNS times (3); the
// figures are medians. Under valgrind a run takes a few seconds. Informational: exits 0 unless a
// run fails or valgrind is missing.
import { execFileSync, spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ACTION, BASELINE, benchEnv, benchNodes, median, stepFiles } from './bench-common.mjs'
import { parseFileCommand } from './runner.mjs'
import { startSeedServer } from './seed-server.mjs'

const RUNS = Number(process.env.BENCH_RUNS ?? 3)

// valgrind drops environment variables whose names hold a hyphen, as INPUT_CLIENT-ID does; this
// first script sets them from a file, then runs the measured one as Node would have.
const LAUNCHER = `'use strict'
const { readFileSync } = require('node:fs')
Object.assign(process.env, JSON.parse(readFileSync(process.env.BENCH_ENV_FILE, 'utf8')))
delete process.env.BENCH_ENV_FILE
process.argv.splice(1, 1)
require(process.argv[1])
`

/** Instructions of one run of `script` on `node`, hash-seed primes left out. */
async function count(node, script, env) {
  const dir = mkdtempSync(join(tmpdir(), 'oauth-bench-instructions-'))
  try {
    const files = stepFiles(dir)
    writeFileSync(join(dir, 'launcher.cjs'), LAUNCHER)
    writeFileSync(join(dir, 'env.json'), JSON.stringify({ ...env, ...files }))
    const profile = join(dir, 'callgrind.out')
    const child = spawn(
      'valgrind',
      [
        '--tool=callgrind',
        `--callgrind-out-file=${profile}`,
        '--smc-check=all-non-file',
        node,
        join(dir, 'launcher.cjs'),
        script
      ],
      { env: { PATH: env.PATH, BENCH_ENV_FILE: join(dir, 'env.json') }, stdio: 'pipe' }
    )
    let output = ''
    child.stdout.on('data', chunk => (output += chunk))
    child.stderr.on('data', chunk => (output += chunk))
    const code = await new Promise(done => child.on('close', done))
    const outputs = parseFileCommand(readFileSync(files.GITHUB_OUTPUT, 'utf8'))
    if (code !== 0 || !outputs['access-token']) {
      throw new Error(`${script} on ${node} under valgrind failed (exit ${code}):\n${output}`)
    }
    const report = execFileSync('callgrind_annotate', ['--inclusive=yes', profile], {
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024
    })
    const total = figure(report, /^\s*([\d,]+) .*PROGRAM TOTALS/m)
    const hashSeed = figure(report, /^\s*([\d,]+) .*HashSeed::InitializeRoots/m)
    return total - hashSeed
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

function figure(report, pattern) {
  const match = pattern.exec(report)
  return match ? Number(match[1].replaceAll(',', '')) : 0
}

try {
  // callgrind_annotate, which reads the counts, comes with it.
  execFileSync('valgrind', ['--version'], { stdio: 'ignore' })
} catch {
  console.error(
    'valgrind is missing: it counts the instructions (Debian: apt-get install valgrind)'
  )
  process.exit(1)
}
const seed = await startSeedServer()
const env = benchEnv(seed)
const rows = []
try {
  for (const node of benchNodes()) {
    const version = execFileSync(node, ['--version'], { encoding: 'utf8' }).trim()
    const counts = { action: [], baseline: [] }
    for (let i = 0; i < RUNS; i++) {
      counts.baseline.push(await count(node, BASELINE, env))
      counts.action.push(await count(node, ACTION, env))
    }
    const action = median(counts.action)
    const baseline = median(counts.baseline)
    const millions = n => `${(n / 1e6).toFixed(1)} M`
    rows.push(
      `| Node ${version.slice(1)} | ${millions(action)} | ${millions(baseline)} | **${(action / baseline).toFixed(3)}x** |`
    )
  }
} finally {
  await seed.close()
}
console.log(
  [
    `Median of ${RUNS} runs each under callgrind; instructions, V8's hash-seed primes left out.`,
    '',
    '| runtime | action | bare Node | ratio |',
    '| --- | --- | --- | --- |',
    ...rows
  ].join('\n')
)
