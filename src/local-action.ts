// The entry point for `npm run local-action`: the action with @actions/core as its runner protocol.
// @github/local-action stands in for @actions/core (it prints outputs and keeps state in memory),
// so this entry hands run() core's functions in place of src/runner-protocol.ts, which writes the
// same commands itself. Not part of dist/: src/index.cjs is the action's entry point.
import * as core from '@actions/core'
import { type Core, defaultRuntime, run as runAction } from './main.js'

// Core's own functions, and the summary as core.summary writes it.
const coreProtocol: Core = {
  ...core,
  appendSummary: async markdown => {
    await core.summary.addRaw(markdown, true).write()
  }
}

export async function run(): Promise<void> {
  await runAction({ ...defaultRuntime(), core: coreProtocol })
}
