// A typed stand-in for the runner protocol (src/runner-protocol.ts) that run() uses, recording every call in order.
import { jest } from '@jest/globals'
import type { Core } from '../src/main.js'

export type CoreCall = { readonly fn: keyof Core; readonly args: readonly string[] }

export interface FakeCore extends Core {
  /** Every call, in order, across all functions. */
  readonly calls: CoreCall[]
  readonly outputs: Record<string, string>
  readonly exported: Record<string, string>
  /** What saveState saved, by name. */
  readonly saved: Record<string, string>
  /** Everything written to the job summary. */
  readonly summaryText: string[]
  failed(): string | undefined
}

/**
 * `inputs` as getInput reads them; `state` as getState reads it (the post step's STATE_*);
 * `idToken` is what getIDToken answers: by default it fails as on a runner without id-token: write.
 */
export function fakeCore(
  inputs: Record<string, string> = {},
  state: Record<string, string> = {},
  idToken: (audience?: string) => Promise<string> = async () => {
    throw new Error('Error message: Unable to get ACTIONS_ID_TOKEN_REQUEST_URL env variable')
  }
): FakeCore {
  const calls: CoreCall[] = []
  const outputs: Record<string, string> = {}
  const exported: Record<string, string> = {}
  const saved: Record<string, string> = {}
  const summaryText: string[] = []
  const record =
    (fn: keyof Core) =>
    (...args: string[]): void => {
      calls.push({ fn, args })
    }
  return {
    calls,
    outputs,
    exported,
    saved,
    summaryText,
    failed: () => calls.find(call => call.fn === 'setFailed')?.args[0],
    getInput: jest.fn<Core['getInput']>((name: string) => (inputs[name] ?? '').trim()),
    setSecret: jest.fn<Core['setSecret']>(record('setSecret')),
    setOutput: jest.fn<Core['setOutput']>((name: string, value: unknown) => {
      calls.push({ fn: 'setOutput', args: [name, String(value)] })
      outputs[name] = String(value)
    }),
    exportVariable: jest.fn<Core['exportVariable']>((name: string, value: unknown) => {
      calls.push({ fn: 'exportVariable', args: [name, String(value)] })
      exported[name] = String(value)
    }),
    info: jest.fn<Core['info']>(record('info')),
    debug: jest.fn<Core['debug']>(record('debug')),
    warning: jest.fn<Core['warning']>((message: string | Error) => {
      calls.push({ fn: 'warning', args: [String(message)] })
    }),
    setFailed: jest.fn<Core['setFailed']>((message: string | Error) => {
      calls.push({ fn: 'setFailed', args: [String(message)] })
    }),
    saveState: jest.fn<Core['saveState']>((name: string, value: unknown) => {
      calls.push({ fn: 'saveState', args: [name, String(value)] })
      saved[name] = String(value)
    }),
    getState: jest.fn<Core['getState']>((name: string) => state[name] ?? ''),
    appendSummary: jest.fn<Core['appendSummary']>(async (markdown: string) => {
      summaryText.push(`${markdown}\n`)
    }),
    getIDToken: jest.fn<Core['getIDToken']>(async (audience?: string) => {
      calls.push({ fn: 'getIDToken', args: audience === undefined ? [] : [audience] })
      return idToken(audience)
    })
  }
}
