// scripts/eager-functions.json lists the functions of dist/index.js that `npm run bundle`
// compiles eagerly: those a password grant calls, module-level ones by name and those inside
// them as `owner > n`. A stale list costs start-up time, never correctness, and this test is
// what notices it. When it fails, run `npm run eager-functions`.
import { describe, expect, it } from '@jest/globals'
import { calledFunctions, readEagerFunctions } from '../scripts/eager-functions.mjs'

describe('scripts/eager-functions.json', () => {
  it('lists exactly the functions of dist/index.js that a password grant calls', async () => {
    const called = await calledFunctions()
    expect(called.length).toBeGreaterThan(100)
    expect(called).toContain('readConfig')
    expect(called).not.toContain('readSigningKey')
    // Inside a module-level function: the transport's request and its answer's handler.
    expect(called).toEqual(expect.arrayContaining(['attempt > 0', 'attempt > 1']))
    expect([...readEagerFunctions()]).toEqual(called)
  })
})
