// What a run of the bundled action loads from Node itself: start-up cost is mostly module loading
// (see docs/performance.md), so the happy path must not pull in Node modules it does not need.
// Runs dist/index.js as the runner does (scripts/runner.mjs), with a preload that records
// process.moduleLoadList when the token request is made and when the process exits.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { actionDefaults, runAction } from '../scripts/runner.mjs'
import { type SeedServer, passwordGrantInputs, startSeedServer } from '../scripts/seed-server.mjs'

let seed: SeedServer
let dir: string

beforeAll(async () => {
  seed = await startSeedServer()
  dir = mkdtempSync(join(tmpdir(), 'startup-'))
})

afterAll(async () => {
  await seed.close()
  rmSync(dir, { recursive: true, force: true })
})

function inputs(): Record<string, string> {
  return { ...actionDefaults(), ...passwordGrantInputs(seed) }
}

/**
 * Runs the action with `env`, and returns the run, the Node modules it loaded, and those it had
 * loaded when it called http.request for the token.
 */
async function runRecorded(env: Record<string, string> = {}) {
  const preload = join(dir, 'preload.cjs')
  const record = join(dir, `loaded-${Math.random().toString(36).slice(2)}`)
  writeFileSync(
    preload,
    `const fs = require('node:fs'), http = require('node:http'), request = http.request
const save = file => fs.writeFileSync(file, process.moduleLoadList.join('\\n'))
http.request = function () {
  http.request = request
  save(process.env.LOADED_RECORD + '.request')
  return request.apply(this, arguments)
}
process.on('exit', () => {
  save(process.env.LOADED_RECORD)
  fs.writeFileSync(process.env.LOADED_RECORD + '.files', Object.keys(require.cache).join('\\n'))
})
`
  )
  const run = await runAction(inputs(), {
    NODE_OPTIONS: `--require ${preload}`,
    LOADED_RECORD: record,
    ...env
  })
  const lines = (file: string) => readFileSync(file, 'utf8').split('\n')
  return {
    run,
    loaded: lines(record),
    atRequest: lines(`${record}.request`),
    files: lines(`${record}.files`)
  }
}

describe('dist/index.js start-up', () => {
  it('writes the job summary without loading @actions/core, node:os or the fs.promises API', async () => {
    const { run, loaded } = await runRecorded()
    expect(run.code).toBe(0)
    expect(run.outputs['access-token']).toBeTruthy()
    expect(run.summary).toContain('### OAuth 2.0 token')
    // src/runner-protocol.ts writes the summary with fs's sync API; core's modules load node:os,
    // and its summary.js fs.promises, which would load Node's promises API (about 1 MiB).
    expect(loaded).toContain('NativeModule fs')
    expect(loaded).not.toContain('NativeModule os')
    expect(loaded).not.toContain('NativeModule internal/fs/promises')
  })

  it('loads neither node:https nor node:tls for a plain-http token endpoint', async () => {
    const { run, loaded } = await runRecorded()
    expect(run.code).toBe(0)
    expect(loaded).toContain('NativeModule http')
    expect(loaded).not.toContain('NativeModule https')
    expect(loaded).not.toContain('NativeModule tls')
  })

  // Issue 6: global fetch compiles llhttp's WebAssembly (70 ms and 38 MiB more on Node 20), and on
  // Node 24 an ES module import of node:http costs about 16 ms: both load Node's own undici, which
  // the action's require() of node:http and its transport never do (on Node 24 too: .ci/run).
  it("never loads Node's own undici: no global fetch, no ES module import of node:http", async () => {
    const { run, loaded, atRequest } = await runRecorded()
    expect(run.code).toBe(0)
    expect(atRequest).toContain('NativeModule http')
    expect(loaded.filter(name => /undici|llhttp/i.test(name))).toEqual([])
  })

  // Loading node:crypto is 7% of a run on Node 20 (docs/performance.md): the file commands'
  // delimiters come from Math.random and the token's fingerprint from src/sha256.ts instead.
  it('never loads node:crypto for a password grant over plain http (src/node-crypto.ts)', async () => {
    const { run, loaded, atRequest } = await runRecorded()
    expect(run.code).toBe(0)
    expect(run.stdout).toMatch(/; fingerprint sha256:[0-9a-f]{12}$/m)
    expect(atRequest).toContain('NativeModule http')
    expect(loaded).not.toContain('NativeModule crypto')
    expect(loaded).not.toContain('Internal Binding crypto')
    expect(run.state).toEqual({ revoke: '', 'token-file': '' })
  })

  // Issue 6's peak memory: V8 posts a young-generation GC once 80% of the young generation's
  // 1 MiB is taken, and on Node 24 the scavenge then ran in the wait for the token server,
  // committing the second semi-space: 0.5 MiB more, 1.052x the bare script's peak (docs/
  // performance.md, "The young generation"). dist/index.js's text is kept out of the young
  // generation (scripts/bundle.mjs, INDEX_TRAILER); what the action allocates before its request
  // must leave room for the rest.
  it('runs a password grant with no garbage collection, on Node 24 too', async () => {
    const preload = join(dir, 'trace-gc.cjs')
    writeFileSync(preload, "require('node:v8').setFlagsFromString('--trace-gc')\n")
    const run = await runAction(inputs(), { NODE_OPTIONS: `--require ${preload}` })
    expect(run.code).toBe(0)
    expect(run.outputs['access-token']).toBeTruthy()
    // V8's --trace-gc writes a line on stdout for each collection: `… ms: Scavenge 5.4 (6.6) -> …`.
    expect(run.stdout).toMatch(/^Got a Bearer token/m)
    expect(run.stdout.split('\n').filter(line => /\d ms: [A-Z][\w-]+ /.test(line))).toEqual([])
  })

  // Code that only some runs need is not paid for by the others: proxies (src/proxy-variable.ts).
  it("reads the proxy code, a chunk of its own, only when the proxy variable for the endpoint's scheme is set", async () => {
    const proxyCode = (files: string[]): string[] =>
      files.filter(
        file => file.includes('dist') && /function runnerProxy\(/.test(readFileSync(file, 'utf8'))
      )
    const direct = await runRecorded()
    expect(direct.run.code).toBe(0)
    expect(direct.files.filter(file => file.endsWith('index.js')).length).toBe(1)
    expect(proxyCode(direct.files)).toEqual([])
    // The seed server is plain http: HTTPS_PROXY is not its variable.
    const otherScheme = await runRecorded({ HTTPS_PROXY: 'http://127.0.0.1:9' })
    expect(otherScheme.run.code).toBe(0)
    expect(proxyCode(otherScheme.files)).toEqual([])
    // http-client never proxies a loopback host: the request still goes straight to the server.
    const proxied = await runRecorded({ HTTP_PROXY: 'http://127.0.0.1:9' })
    expect(proxied.run.code).toBe(0)
    expect(proxyCode(proxied.files)).toHaveLength(1)
  })

  // Issue 6: code that only some runs need is not paid for by the others. Each of these features
  // is defined in one file of dist/, and a password grant reads none of them.
  it('reads none of the code for revocation, discovery, keyless signing, the hand-off or the token file', async () => {
    const features = [
      'function revocationEndpoint(',
      'function discoverEndpoints(',
      'function keylessCredentials(',
      'function signClientAssertion(',
      'function sealHandoff(',
      'function writeTokenFile('
    ]
    const dist = join(import.meta.dirname, '../dist')
    const scripts = readdirSync(dist)
      .filter(name => name.endsWith('.js'))
      .map(name => readFileSync(join(dist, name), 'utf8'))
    for (const feature of features) {
      expect([feature, scripts.filter(code => code.includes(feature)).length]).toEqual([feature, 1])
    }
    const { run, files } = await runRecorded()
    expect(run.code).toBe(0)
    const read = files
      .filter(file => file.startsWith(`${dist}/`))
      .map(file => readFileSync(file, 'utf8'))
      .join('\n')
    expect(read).toContain('var run = (async function (')
    expect(features.filter(feature => read.includes(feature))).toEqual([])
  })

  // src/index.cjs exits once stdout has drained: a handle left open cannot keep the step alive,
  // and nothing written before the exit is lost. The preload keeps a timer running forever.
  it.each([
    ['succeeds', {}, 0, true, /^JWT claims \(decoded, not verified\)/],
    ['fails', { 'client-secret': 'not-the-secret' }, 1, false, /^::error::Token request to /]
  ])(
    'exits when the step %s, with a handle left open, every line and file intact',
    async (_name, change, code, hasToken, lastLine) => {
      const preload = join(dir, 'open-handle.cjs')
      writeFileSync(preload, 'setInterval(() => {}, 60_000)\n')
      const run = await runAction(
        { ...inputs(), retries: '0', ...change },
        { NODE_OPTIONS: `--require ${preload}` },
        { timeoutMs: 20_000 }
      )
      expect(run.code).toBe(code)
      expect(Boolean(run.outputs['access-token'])).toBe(hasToken)
      expect(run.stdout.trimEnd().split('\n').pop()).toMatch(lastLine)
    }
  )

  it('still warns, and keeps the token, when the summary file cannot be written', async () => {
    const missing = join(dir, 'no-such-dir', 'summary')
    const { run } = await runRecorded({ GITHUB_STEP_SUMMARY: missing })
    expect(run.code).toBe(0)
    expect(run.outputs['access-token']).toBeTruthy()
    expect(run.stdout).toContain(
      `::warning::Could not write the job summary: GITHUB_STEP_SUMMARY names a file that does not exist (${missing}): set summary: false`
    )
  })
})
