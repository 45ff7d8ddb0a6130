import { expect } from '@jest/globals'
import { type ActionRun, findLeaks, maskedValues } from '../../scripts/runner.mjs'

/**
 * For the interop tests' runs of the built action: no secret outside `::add-mask::` in stdout
 * (debug lines included) or stderr, none in the job summary; each of `masked` registered as a
 * mask; and each of `inputs` masked before any other line, and in no file command but the
 * outputs (the env file, the post step's state).
 */
export function expectSecretsSafe(
  action: ActionRun,
  secrets: readonly string[],
  masked: readonly string[] = secrets,
  inputs: readonly string[] = []
): void {
  expect(findLeaks(action, secrets)).toEqual([])
  for (const value of secrets) expect(action.summary.includes(value)).toBe(false)
  const masks = maskedValues(action.stdout)
  for (const value of masked) expect(masks.includes(value)).toBe(true)
  const lines = action.stdout.split(/\r?\n/)
  const firstOther = lines.findIndex(line => !line.startsWith('::add-mask::'))
  const leading = maskedValues(lines.slice(0, firstOther).join('\n'))
  for (const value of inputs) expect(leading.includes(value)).toBe(true)
  const files = [action.envFile, JSON.stringify(action.state)].join('\n')
  for (const value of inputs) expect(files.includes(value)).toBe(false)
}
