/**
 * This process's CPU time in milliseconds, for the timed tests: other work on a busy machine (CI,
 * the bench, other test workers) stretches the wall clock but not this.
 */
export function cpuMs(): number {
  const { user, system } = process.cpuUsage()
  return (user + system) / 1000
}
