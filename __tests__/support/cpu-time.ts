import { expect } from '@jest/globals'

/**
 * This process's CPU time in milliseconds, for the timed tests: other work on a busy machine (CI,
 * the bench, other test workers) stretches the wall clock but not this.
 */
export function cpuMs(): number {
  const { user, system } = process.cpuUsage()
  return (user + system) / 1000
}

/**
 * Expects `run` to take less than `budgetMs` of CPU time in the best of up to `tries` tries. A
 * busy machine still adds CPU time (a GC pause, caches and a core shared with other work: one CI
 * run took 1.17 s where a quiet one takes 0.1 to 0.5 s), but seldom to every try, while work that
 * grows with the square of its input is slow every time. The first try under the budget ends it,
 * so a quiet machine runs `run` once.
 */
export function expectCpuUnder(budgetMs: number, run: () => unknown, tries = 3): void {
  let best = Infinity
  for (let i = 0; i < tries && best >= budgetMs; i++) {
    const started = cpuMs()
    run()
    best = Math.min(best, cpuMs() - started)
  }
  expect(best).toBeLessThan(budgetMs)
}
