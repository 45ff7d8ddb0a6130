// The entry point for `npm run local-action`: the action with @actions/core as its runner protocol.
// @github/local-action stands in for @actions/core (it prints outputs and keeps state in memory),
// so this entry hands run() core's functions in place of src/runner-protocol.ts, which writes the
// same commands itself. Not part of dist/: src/index.cjs is the action's entry point.
import * as core from '@actions/core'
import { type Core, defaultRuntime, run as runAction } from './main.js'

const coreProtocol: Core = {
  getInput: name => core.getInput(name),
  setSecret: secret => core.setSecret(secret),
  setOutput: (name, value) => core.setOutput(name, value),
  exportVariable: (name, value) => core.exportVariable(name, value),
  info: message => core.info(message),
  debug: message => core.debug(message),
  warning: message => core.warning(message),
  setFailed: message => core.setFailed(message),
  saveState: (name, value) => core.saveState(name, value),
  getState: name => core.getState(name),
  appendSummary: async markdown => {
    await core.summary.addRaw(markdown, true).write()
  },
  getIDToken: audience => core.getIDToken(audience)
}

export async function run(): Promise<void> {
  await runAction({ ...defaultRuntime(), core: coreProtocol })
}
