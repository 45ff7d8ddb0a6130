import type { SeedServer } from './seed-server.mjs'

export const ROOT: string
/** dist/index.js, or $BENCH_ACTION. */
export const ACTION: string
export const BASELINE: string

/** This Node, and Node 24 when found. */
export function benchNodes(): string[]

/** The step's runner files in `dir`, empty, as the variables that name them, RUNNER_TEMP too. */
export function stepFiles(dir: string): Record<string, string>

export const TARGETS: {
  readonly wall: Readonly<Record<number, number>>
  readonly memory: number
  readonly distBytes: number
}

export function wallTarget(major: number): number

export function missedTargets(
  bundle: string,
  bytes: number,
  results: readonly { major: number; wallRatio: number; memoryRatio: number }[]
): string[]

export function median(values: readonly number[]): number

/** What the runner gives the step: PATH and the INPUT_* variables of a password grant. */
export function benchEnv(seed: SeedServer): Record<string, string>
