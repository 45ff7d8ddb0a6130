import { describe } from '@jest/globals'

/**
 * `describe` for a file whose server is there, else `describe.skip`, saying why on stderr: jest
 * names no test of a file it skips whole, and --silent hides console output, not stderr.
 */
export function describeUnless(missing: string | undefined, file: string): typeof describe.skip {
  if (!missing) return describe
  process.stderr.write(`${file} skipped: ${missing}\n`)
  return describe.skip
}
