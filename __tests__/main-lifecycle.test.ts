// run() with the lifecycle inputs, through the typed fake core and a fake send: what is saved
// for the post step, the hand-off without a request, min-validity, diagnostics and the summary.
import { describe, expect, it, jest } from '@jest/globals'
import {
  appendFileSync,
  chmodSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync
} from 'node:fs'
import { tmpdir } from 'node:os'
import { fileURLToPath } from 'node:url'
import { join } from 'node:path'
import { parse } from 'yaml'
import { fakeCore, type FakeCore } from '../__fixtures__/core.js'
import { checkEnvironmentSize } from '../src/deliver.js'
import { fingerprint } from '../src/diagnostics.js'
import { handoffBinding, sealHandoff } from '../src/handoff.js'
import { run, type Runtime } from '../src/main.js'
import type { HttpRequest, HttpResponse } from '../src/transport.js'
import { actionDefaults } from '../scripts/runner.mjs'

const ACTION_YML = join(import.meta.dirname, '../action.yml')
const HOST = 'https://auth.example.com'
const NOW = Date.UTC(2026, 10, 28, 12, 0, 0)
const SECRET = 'client-secret-VALUE-1'
const ACCESS = 'opaque-access-token-VALUE'
const REFRESH = 'refresh-token-VALUE-2'
const KEY = 'W4vQ9sLx2Tb7Nc1Rm8Pz3Hk6Jd0Fy5Ga+EoUiYt/BwA='
const INPUTS = { host: HOST, 'client-id': 'c1', 'client-secret': SECRET }
const RUNNER = {
  GITHUB_OUTPUT: '/dev/null',
  GITHUB_ENV: '/dev/null',
  GITHUB_STATE: '/dev/null',
  GITHUB_STEP_SUMMARY: '/dev/null',
  GITHUB_REPOSITORY: 'octo/app',
  GITHUB_RUN_ID: '99'
}
const ANSWER = {
  access_token: ACCESS,
  token_type: 'Bearer',
  expires_in: 3600,
  refresh_token: REFRESH,
  scope: 'read'
}

/** A token as run() seals it in a hand-off, for the cases that seal one themselves. */
const HANDED = {
  accessToken: ACCESS,
  tokenType: 'Bearer',
  authorization: `Bearer ${ACCESS}`,
  expiresIn: '3600',
  expiresAt: '2026-11-28T13:00:00Z',
  refreshToken: '',
  idToken: '',
  scope: 'read',
  warnings: []
}
const ORIGIN = {
  endpoint: `${HOST}/oauth/token`,
  grantType: 'client_credentials',
  clientAuth: 'body'
}

async function runWith(
  inputs: Record<string, string>,
  env: Record<string, string> = RUNNER,
  answer: unknown = ANSWER,
  now: number = NOW,
  core: FakeCore = fakeCore(inputs)
): Promise<{ core: FakeCore; sent: HttpRequest[] }> {
  const sent: HttpRequest[] = []
  const runtime: Runtime = {
    core,
    env,
    send: async (request): Promise<HttpResponse> => {
      sent.push(request)
      return {
        status: 200,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(answer)
      }
    },
    clock: { now: () => now, sleep: async () => undefined, random: () => 0.5 }
  }
  await run(runtime)
  return { core, sent }
}

/** `record` without the entry `name`. */
function without(record: Record<string, string>, name: string): Record<string, string> {
  return Object.fromEntries(Object.entries(record).filter(([key]) => key !== name))
}

/** An unsigned JWT with `claims`, as the diagnostics decode it (never verified). */
function jwtOf(claims: object): string {
  const part = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url')
  return `${part({ alg: 'none' })}.${part(claims)}.sig`
}

function written(core: FakeCore): string {
  return [
    ...core.calls
      .filter(call => ['info', 'debug', 'warning', 'setFailed'].includes(call.fn))
      .map(call => call.args.join(' ')),
    ...core.summaryText
  ].join('\n')
}

describe('run: state for the post step', () => {
  it("never revokes the refresh token input 'refresh-token' gave, when the server hands it back", async () => {
    const inputs = {
      ...INPUTS,
      'grant-type': 'refresh_token',
      'refresh-token': REFRESH,
      revoke: 'true'
    }
    const { core } = await runWith(inputs)
    expect(core.failed()).toBeUndefined()
    expect(JSON.parse(core.saved.revoke ?? '').tokens).toEqual([
      { token: ACCESS, hint: 'access_token', expiresAt: '2026-11-28T13:00:00Z' }
    ])
    expect(written(core)).toContain(
      "The refresh token is the one input 'refresh-token' gave, which later runs need: it is not revoked (though RFC 7009 section 2.1 lets a server end it with the access token)."
    )

    // A rotated refresh token is this step's own, and is revoked.
    const rotated = await runWith({ ...inputs, 'refresh-token': 'the-old-refresh-token' })
    expect(JSON.parse(rotated.core.saved.revoke ?? '').tokens).toEqual([
      { token: ACCESS, hint: 'access_token', expiresAt: '2026-11-28T13:00:00Z' },
      { token: REFRESH, hint: 'refresh_token', expiresAt: '' }
    ])
    expect(written(rotated.core)).not.toContain('The refresh token is the one')
    // Nor is one said to be kept when the server issued none.
    const none = await runWith({ ...INPUTS, revoke: 'true' }, RUNNER, {
      ...ANSWER,
      refresh_token: undefined
    })
    expect(JSON.parse(none.core.saved.revoke ?? '').tokens).toHaveLength(1)
    expect(written(none.core)).not.toContain('The refresh token is the one')
  })

  it.each([
    [0, ''],
    ['0', ''],
    ['0.0', ''],
    [1, '2026-11-28T12:00:01Z'],
    ['0.5', '2026-11-28T12:00:00Z']
  ])(
    'saves no expiry with expires_in %p, which to a few servers means never, so the post step revokes it',
    async (expiresIn, expiresAt) => {
      const { core } = await runWith({ ...INPUTS, revoke: 'true' }, RUNNER, {
        ...ANSWER,
        expires_in: expiresIn,
        refresh_token: undefined
      })
      expect(core.failed()).toBeUndefined()
      expect(JSON.parse(core.saved.revoke ?? '').tokens).toEqual([
        { token: ACCESS, hint: 'access_token', expiresAt }
      ])
    }
  )

  it('fails, saving nothing, when the tokens are too long for the post step to start with', async () => {
    const long = 'a'.repeat(140_000)
    const { core } = await runWith({ ...INPUTS, revoke: 'true', 'export-env': '' }, RUNNER, {
      ...ANSWER,
      access_token: long,
      refresh_token: undefined
    })
    expect(core.failed()).toMatch(
      /^The tokens are too long to hand to the post step: STATE_revoke would be \d+ bytes; Linux holds under 128 KiB in one variable, so the post step could not start; set revoke: false$/
    )
    // The state run() clears at its start, and no more.
    expect(core.saved.revoke).toBe('')
  })

  it("saves the expiry a JWT's exp gives when the answer has no expires_in at all", async () => {
    const access = jwtOf({ exp: NOW / 1000 + 7200 })
    const { core } = await runWith({ ...INPUTS, revoke: 'true' }, RUNNER, {
      ...ANSWER,
      access_token: access,
      expires_in: undefined,
      refresh_token: undefined
    })
    expect(core.failed()).toBeUndefined()
    expect(JSON.parse(core.saved.revoke ?? '').tokens).toEqual([
      { token: access, hint: 'access_token', expiresAt: '2026-11-28T14:00:00Z' }
    ])
  })

  it('masks each token as the saved state shows it JSON-escaped, which the runner logs with step debug', async () => {
    // actions/runner logs `Save intra-action state revoke = <value>` as written: \\ and \".
    const access = 'opaque\\access"token-VALUE'
    const refresh = 'refresh"token\\VALUE-2'
    const { core } = await runWith({ ...INPUTS, revoke: 'true' }, RUNNER, {
      ...ANSWER,
      access_token: access,
      refresh_token: refresh
    })
    expect(core.failed()).toBeUndefined()
    const masks = core.calls.filter(call => call.fn === 'setSecret').map(call => call.args[0])
    let shown = `Save intra-action state revoke = ${core.saved.revoke ?? ''}`
    for (const mask of masks.sort((a, b) => `${b}`.length - `${a}`.length)) {
      shown = shown.split(`${mask}`).join('***')
    }
    expect(shown).toContain('"token":"***"')
    expect(shown).not.toMatch(/opaque|VALUE/)
  })

  it("keeps a key in token-path's query out of the saved state, where it is spelled as no mask is", async () => {
    // An Azure Functions key with '+' must be written %2B; '/' and '=' may stay. The runner logs the
    // state with step debug, masked only of the decoded key (the action's) and its encodings (its own).
    const tokenPath = '/api/token?code=Zk9x%2BqW3/rT7vY1=='
    const { core, sent } = await runWith({
      ...INPUTS,
      'token-path': tokenPath,
      revoke: 'true',
      'revoke-path': '/api/revoke'
    })
    expect(core.failed()).toBeUndefined()
    expect(sent[0]?.url.href).toBe(`${HOST}${tokenPath}`)
    const state = JSON.parse(core.saved.revoke ?? '')
    expect(state.url).toBe(`${HOST}/api/revoke`)
    expect(core.saved.revoke).not.toContain('qW3')
  })

  // Without it, the post step with issuer sends nothing ("the saved state names no token endpoint").
  it('saves the token endpoint discovery found, with issuer, for the post step', async () => {
    const metadata = {
      issuer: HOST,
      token_endpoint: `${HOST}/oauth2/token`,
      revocation_endpoint: `${HOST}/oauth2/revoke`
    }
    const core = fakeCore({
      'client-id': 'c1',
      'client-secret': SECRET,
      issuer: HOST,
      revoke: 'true'
    })
    const sent: HttpRequest[] = []
    await run({
      core,
      env: RUNNER,
      send: async (request): Promise<HttpResponse> => {
        sent.push(request)
        const body = request.url.pathname.startsWith('/.well-known/') ? metadata : ANSWER
        return {
          status: 200,
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body)
        }
      },
      clock: { now: () => NOW, sleep: async () => undefined, random: () => 0.5 }
    })
    expect(core.failed()).toBeUndefined()
    expect(sent.map(request => request.url.href)).toEqual([
      `${HOST}/.well-known/oauth-authorization-server`,
      `${HOST}/oauth2/token`
    ])
    const state = JSON.parse(core.saved.revoke ?? '')
    expect(state.url).toBe(`${HOST}/oauth2/revoke`)
    expect(state.tokenEndpoint).toBe(`${HOST}/oauth2/token`)
  })

  // Keycloak's refresh token is a JWT: its exp tells the post step when revoking it is no use.
  it("saves a JWT refresh token's exp as its expiry, and none for an opaque one", async () => {
    const refresh = jwtOf({ exp: NOW / 1000 + 86_400, typ: 'Refresh' })
    const { core } = await runWith({ ...INPUTS, revoke: 'true' }, RUNNER, {
      ...ANSWER,
      refresh_token: refresh
    })
    expect(core.failed()).toBeUndefined()
    expect(JSON.parse(core.saved.revoke ?? '').tokens).toEqual([
      { token: ACCESS, hint: 'access_token', expiresAt: '2026-11-28T13:00:00Z' },
      { token: refresh, hint: 'refresh_token', expiresAt: '2026-11-29T12:00:00Z' }
    ])
  })

  it('saves empty state first, then the tokens to revoke before publishing', async () => {
    const { core } = await runWith({ ...INPUTS, revoke: 'true' })
    expect(core.failed()).toBeUndefined()
    const states = core.calls.filter(call => call.fn === 'saveState').map(call => call.args)
    expect(states.slice(0, 2)).toEqual([
      ['revoke', ''],
      ['token-file', '']
    ])
    expect(states.slice(2).map(([name]) => name)).toEqual(['revoke'])
    expect(core.saved).toEqual({
      'token-file': '',
      revoke: JSON.stringify({
        url: `${HOST}/oauth/revoke`,
        tokens: [
          { token: ACCESS, hint: 'access_token', expiresAt: '2026-11-28T13:00:00Z' },
          { token: REFRESH, hint: 'refresh_token', expiresAt: '' }
        ],
        clientId: 'c1',
        grantType: 'client_credentials'
      })
    })
    const saved = core.calls.findIndex(
      call => call.fn === 'saveState' && call.args[0] === 'revoke' && call.args[1] !== ''
    )
    const lastMask = core.calls.map(call => call.fn).lastIndexOf('setSecret')
    const firstOutput = core.calls.findIndex(call => call.fn === 'setOutput')
    expect(lastMask).toBeLessThan(saved)
    expect(saved).toBeLessThan(firstOutput)
    expect(written(core)).toContain(`Revocation: at the end of the job, at ${HOST}/oauth/revoke.`)
  })

  // Issue 5: the main step hands the post step what it needs "through core.saveState, never
  // through the log": at no log level, not even with its tokens masked.
  it('writes none of the saved state to the log, debug included', async () => {
    const { core } = await runWith({ ...INPUTS, revoke: 'true' })
    expect(core.failed()).toBeUndefined()
    expect(core.saved.revoke).toBeTruthy()
    expect(written(core)).not.toContain(core.saved.revoke)
    expect(written(core)).not.toMatch(/"(url|tokens|token|hint|expiresAt|clientId|grantType)":/)
  })

  // A later step can add STATE_* variables to the job's environment; the runner overrides only
  // the keys this step saved, so each key the post step acts on is saved, empty, before anything.
  it('saves revoke and token-file empty, first, without revoke or token-file', async () => {
    const { core } = await runWith(INPUTS)
    expect(core.saved).toEqual({ revoke: '', 'token-file': '' })
    // After the secret inputs are masked, before anything else.
    const first = core.calls.findIndex(call => call.fn !== 'setSecret' && call.fn !== 'getInput')
    expect(core.calls[first]).toMatchObject({ fn: 'saveState', args: ['revoke', ''] })
  })

  it('saves them before checking the inputs, so a step that fails early saves them too', async () => {
    const { core, sent } = await runWith({ ...INPUTS, host: 'not a url' })
    expect(core.failed()).toBe(
      "input 'host' (or OAUTH_HOST) must be one URL, without spaces, tabs or line breaks"
    )
    expect(sent).toEqual([])
    expect(core.saved).toEqual({ revoke: '', 'token-file': '' })
  })

  it.each(['revoke', 'token-file'])(
    'refuses %s without GITHUB_STATE, before any request',
    async input => {
      const env = without(RUNNER, 'GITHUB_STATE')
      const { core, sent } = await runWith({ ...INPUTS, [input]: 'true' }, env)
      expect(core.failed()).toBe(
        'GITHUB_STATE is not set: revoke and token-file need a current GitHub Actions runner to hand state to the post step; else set revoke: false and token-file: false'
      )
      expect(sent).toEqual([])
      expect(core.saveState).not.toHaveBeenCalled()
    }
  )

  it('refuses a revoke-path that is a URL, before any request', async () => {
    const { core, sent } = await runWith({
      ...INPUTS,
      revoke: 'true',
      'revoke-path': 'https://evil.example/revoke'
    })
    expect(core.failed()).toBe(
      "input 'revoke-path' must be a path such as /oauth/revoke, not a URL: the host comes from input 'host' alone"
    )
    expect(sent).toEqual([])
  })

  it("refuses a revoke-path with issuer, before the issuer's metadata is read", async () => {
    const { core, sent } = await runWith({
      'client-id': 'c1',
      'client-secret': SECRET,
      issuer: HOST,
      revoke: 'true',
      'revoke-path': '/revoke'
    })
    expect(core.failed()).toBe(
      "input 'revoke-path' cannot be used with 'issuer': the revocation endpoint comes from the issuer's metadata; remove revoke-path"
    )
    expect(sent).toEqual([])
  })

  it('refuses token-file alone when GITHUB_STATE names a directory, before any request', async () => {
    const { core, sent } = await runWith(
      { ...INPUTS, 'token-file': 'true' },
      { ...RUNNER, GITHUB_STATE: tmpdir() }
    )
    expect(core.failed()).toBe(
      `GITHUB_STATE names a directory, not a file (${tmpdir()}): the runner makes it for each step, so run this action as a step of a workflow, or set revoke: false and token-file: false`
    )
    expect(sent).toEqual([])
  })

  it('refuses revoke when GITHUB_STATE names no file, before any request', async () => {
    const missing = join(tmpdir(), 'main-lifecycle-no-such-state-file')
    const { core, sent } = await runWith(
      { ...INPUTS, revoke: 'true' },
      { ...RUNNER, GITHUB_STATE: missing }
    )
    expect(core.failed()).toBe(
      `GITHUB_STATE names a file that does not exist (${missing}): the runner makes it for each step, so run this action as a step of a workflow, or set revoke: false and token-file: false`
    )
    expect(sent).toEqual([])
    expect(core.saveState).not.toHaveBeenCalled()
  })
})

describe('run: the names action.yml declares', () => {
  it('reads exactly its inputs and sets exactly its outputs, so neither can rename one alone', async () => {
    // An input or output renamed in action.yml (and the README, by npm run docs) but not in src/
    // would be ignored, or never set, on GitHub. This run asks for every input (the keyless ones
    // to refuse strays) and, with token-file, a hand-off and a token exchange's answer, sets
    // every output.
    const temp = mkdtempSync(join(tmpdir(), 'main-lifecycle-'))
    try {
      const { core } = await runWith(
        { ...actionDefaults(), ...INPUTS, 'token-file': 'true', 'handoff-key': KEY },
        { ...RUNNER, RUNNER_TEMP: temp },
        { ...ANSWER, id_token: 'id-token-VALUE-3', issued_token_type: 'urn:x:access_token' }
      )
      expect(core.failed()).toBeUndefined()
      const read = new Set(jest.mocked(core.getInput).mock.calls.map(([name]) => name))
      expect([...read].sort()).toEqual(Object.keys(actionDefaults()).sort())
      const { outputs } = parse(readFileSync(ACTION_YML, 'utf8')) as { outputs: object }
      expect(Object.keys(core.outputs).sort()).toEqual(Object.keys(outputs).sort())
    } finally {
      rmSync(temp, { recursive: true, force: true })
    }
  })
})

describe('run: token file', () => {
  it('writes the file, then sets its output and ACCESS_TOKEN_FILE', async () => {
    const temp = mkdtempSync(join(tmpdir(), 'main-lifecycle-'))
    try {
      const { core } = await runWith(
        { ...INPUTS, 'token-file': 'true' },
        { ...RUNNER, RUNNER_TEMP: temp }
      )
      expect(core.failed()).toBeUndefined()
      const path = core.outputs['token-file'] ?? ''
      expect(path.startsWith(join(temp, 'oauth2-token-'))).toBe(true)
      expect(readFileSync(path, 'utf8')).toBe(ACCESS)
      expect(statSync(path).mode & 0o777).toBe(0o600)
      expect(core.exported).toEqual({ ACCESS_TOKEN: ACCESS, ACCESS_TOKEN_FILE: path })
      expect(core.saved['token-file']).toBe(path)
    } finally {
      rmSync(temp, { recursive: true, force: true })
    }
  })

  it("puts the file's path in no variable with export-env '', as it puts the token in none", async () => {
    const temp = mkdtempSync(join(tmpdir(), 'main-lifecycle-'))
    try {
      const { core } = await runWith(
        { ...INPUTS, 'token-file': 'true', 'export-env': '' },
        // As the runner passes an input set to '' (action.yml's default is ACCESS_TOKEN).
        { ...RUNNER, RUNNER_TEMP: temp, 'INPUT_EXPORT-ENV': '' }
      )
      expect(core.failed()).toBeUndefined()
      expect(core.outputs['token-file']).toMatch(/oauth2-token-[0-9a-f]{24}$/)
      expect(core.exported).toEqual({})
    } finally {
      rmSync(temp, { recursive: true, force: true })
    }
  })

  it.each([
    ['linux', ' (mode 0600)'],
    ['win32', '']
  ])('on %s, says the file is mode 0600 only where modes exist', async (platform, access) => {
    const temp = mkdtempSync(join(tmpdir(), 'main-lifecycle-'))
    const real = Object.getOwnPropertyDescriptor(process, 'platform')
    Object.defineProperty(process, 'platform', { value: platform })
    try {
      const { core } = await runWith(
        { ...INPUTS, 'token-file': 'true' },
        { ...RUNNER, RUNNER_TEMP: temp }
      )
      const path = core.outputs['token-file'] ?? ''
      const infos = core.calls.filter(call => call.fn === 'info').map(call => call.args[0])
      expect(infos).toContain(`Token file: ${path}${access}, deleted when the job ends.`)
    } finally {
      if (real) Object.defineProperty(process, 'platform', real)
      rmSync(temp, { recursive: true, force: true })
    }
  })

  it('refuses export-env access_token_file in any case, before any request', async () => {
    const temp = mkdtempSync(join(tmpdir(), 'main-lifecycle-'))
    try {
      const { core, sent } = await runWith(
        { ...INPUTS, 'token-file': 'true', 'export-env': 'access_token_file' },
        { ...RUNNER, RUNNER_TEMP: temp }
      )
      expect(core.failed()).toBe(
        "input 'export-env' must not be ACCESS_TOKEN_FILE with token-file: true, which puts the file's path there"
      )
      expect(sent).toEqual([])
    } finally {
      rmSync(temp, { recursive: true, force: true })
    }
  })

  it('fails with nothing published when the file cannot be written', async () => {
    // A directory the step may write in when it is checked, before the request, but in which
    // nothing can be made once the token is issued: one made read-only during the request, or, as
    // root, which may write any file, Linux's /sys. (A read-only one is refused before the
    // request: lifecycle-runner.test.ts.) Not root on GitHub's runners, where CI runs the tests.
    const parent = mkdtempSync(join(tmpdir(), 'runner-temp-'))
    const asRoot = process.getuid?.() === 0
    const core = fakeCore({ ...INPUTS, 'token-file': 'true' })
    const sent: HttpRequest[] = []
    await run({
      core,
      env: { ...RUNNER, RUNNER_TEMP: asRoot ? '/sys' : parent },
      send: async (request): Promise<HttpResponse> => {
        sent.push(request)
        chmodSync(parent, 0o555)
        const headers = { 'content-type': 'application/json' }
        return { status: 200, headers, body: JSON.stringify(ANSWER) }
      },
      clock: { now: () => NOW, sleep: async () => undefined, random: () => 0.5 }
    }).finally(() => rmSync(parent, { recursive: true, force: true }))
    expect(sent).toHaveLength(1)
    // /sys is EACCES, or EROFS where it is mounted read-only (a container).
    expect(core.failed()).toMatch(
      /^Could not write the token file in RUNNER_TEMP \((?:EACCES|EROFS)\): check that the runner's temporary directory is writable$/
    )
    expect(core.setOutput).not.toHaveBeenCalled()
    expect(core.exportVariable).not.toHaveBeenCalled()
  })

  it.each([
    ['that does not exist', () => join(tmpdir(), 'no-such-runner-temp', 'deeper')],
    ['that is a file', () => fileURLToPath(import.meta.url)],
    ['below a file', () => join(fileURLToPath(import.meta.url), 'deeper')]
  ])('refuses token-file with a RUNNER_TEMP %s, before any request', async (_what, path) => {
    const missing = path()
    const { core, sent } = await runWith(
      { ...INPUTS, 'token-file': 'true' },
      { ...RUNNER, RUNNER_TEMP: missing }
    )
    expect(core.failed()).toBe(
      `RUNNER_TEMP names no directory this step may write in (${missing}): token-file needs the runner's temporary directory; run on a GitHub Actions runner or set token-file: false`
    )
    expect(sent).toEqual([])
  })

  it('refuses token-file without RUNNER_TEMP, before any request', async () => {
    const { core, sent } = await runWith({ ...INPUTS, 'token-file': 'true' })
    expect(core.failed()).toBe(
      "RUNNER_TEMP is not set: token-file needs the runner's temporary directory; run on a GitHub Actions runner or set token-file: false"
    )
    expect(sent).toEqual([])
  })
})

describe('run: publishing, all or none', () => {
  // A disk that fills up once the files were checked: the write of refresh-token stops midway,
  // as a write of a heredoc does on ENOSPC or EFBIG, leaving its value without its delimiter.
  it.each([
    ['an output', 'refresh-token', 'GITHUB_OUTPUT'],
    ['$export-env', 'ACCESS_TOKEN', 'GITHUB_ENV']
  ])(
    'cuts GITHUB_OUTPUT and GITHUB_ENV back to their sizes when the write of %s fails',
    async (_what, failing, kind) => {
      const dir = mkdtempSync(join(tmpdir(), 'main-lifecycle-'))
      const files = { GITHUB_OUTPUT: join(dir, 'output'), GITHUB_ENV: join(dir, 'env') }
      // What the files held before this step wrote to them.
      const before = 'earlier<<ghadelimiter_1\nkept\nghadelimiter_1\n'
      for (const path of Object.values(files)) writeFileSync(path, before)
      const inputs = { ...INPUTS, 'token-file': 'true' }
      const core = fakeCore(inputs)
      const write = (path: string) => (name: string, value: string) => {
        const heredoc = `${name}<<ghadelimiter_2\n${value}\nghadelimiter_2\n`
        if (name !== failing) return appendFileSync(path, heredoc)
        appendFileSync(path, heredoc.slice(0, 30))
        throw new Error(`Could not write ${kind} (${path}): ENOSPC: no space left on device, write`)
      }
      core.setOutput = write(files.GITHUB_OUTPUT)
      core.exportVariable = write(files.GITHUB_ENV)
      try {
        await runWith(inputs, { ...RUNNER, ...files, RUNNER_TEMP: dir }, ANSWER, NOW, core)
        expect(core.failed()).toMatch(new RegExp(`^Could not write ${kind} .*ENOSPC`))
        expect(readFileSync(files.GITHUB_OUTPUT, 'utf8')).toBe(before)
        expect(readFileSync(files.GITHUB_ENV, 'utf8')).toBe(before)
        // The post step still deletes the token file and revokes: its state was saved first.
        expect(core.saved['token-file']).toMatch(/oauth2-token-/)
      } finally {
        rmSync(dir, { recursive: true, force: true })
      }
    }
  )

  it('publishes all of it when the writes succeed, after what the files held', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'main-lifecycle-'))
    const files = { GITHUB_OUTPUT: join(dir, 'output'), GITHUB_ENV: join(dir, 'env') }
    for (const path of Object.values(files)) writeFileSync(path, 'earlier\n')
    const core = fakeCore(INPUTS)
    const append = (path: string) => (name: string, value: string) =>
      appendFileSync(path, `${name}=${value}\n`)
    core.setOutput = append(files.GITHUB_OUTPUT)
    core.exportVariable = append(files.GITHUB_ENV)
    try {
      await runWith(INPUTS, { ...RUNNER, ...files }, ANSWER, NOW, core)
      expect(core.failed()).toBeUndefined()
      expect(readFileSync(files.GITHUB_OUTPUT, 'utf8')).toMatch(
        new RegExp(`^earlier\\naccess-token=${ACCESS}\\n(?:.*\\n){7}$`)
      )
      expect(readFileSync(files.GITHUB_ENV, 'utf8')).toBe(`earlier\nACCESS_TOKEN=${ACCESS}\n`)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  // A step with export-env '' writes nothing to GITHUB_ENV, and so measures nothing of it to cut
  // back: main.ts checks GITHUB_ENV only for export-env, and a runner without one runs it so.
  it("with export-env '', reads nothing of GITHUB_ENV, even one that names no file", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'main-lifecycle-'))
    try {
      const { core } = await runWith(
        { ...INPUTS, 'export-env': '' },
        { ...RUNNER, GITHUB_ENV: join(dir, 'missing'), 'INPUT_EXPORT-ENV': '' }
      )
      expect(core.failed()).toBeUndefined()
      expect(core.outputs['access-token']).toBe(ACCESS)
      expect(core.exported).toEqual({})
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

describe('run: hand-off', () => {
  it('seals the token set, and a later run opens it without a request', async () => {
    const first = await runWith({ ...INPUTS, 'handoff-key': KEY })
    expect(first.core.failed()).toBeUndefined()
    // The key is masked right after the secret inputs, before anything else.
    expect(first.core.calls.slice(0, 2)).toEqual([
      { fn: 'setSecret', args: [SECRET] },
      { fn: 'setSecret', args: [KEY] }
    ])
    const handoff = first.core.outputs.handoff ?? ''
    expect(handoff).toMatch(/^[\w-]+$/)

    const second = await runWith({ handoff, 'handoff-key': KEY })
    expect(second.core.failed()).toBeUndefined()
    expect(second.sent).toEqual([])
    expect(second.core.outputs).toEqual(without(first.core.outputs, 'handoff'))
    expect(second.core.exported).toEqual({ ACCESS_TOKEN: ACCESS })
    const masks = second.core.calls
      .filter(call => call.fn === 'setSecret')
      .map(call => call.args[0])
    expect(masks).toEqual([KEY, ACCESS, `Bearer ${ACCESS}`, REFRESH])
    expect(second.core.calls.filter(call => call.fn === 'info').map(call => call.args[0])).toEqual([
      "Received a Bearer token, valid until 2026-11-28T13:00:00Z: in the step's outputs and in $ACCESS_TOKEN.",
      `Token: endpoint ${HOST}/oauth/token; grant type client_credentials; client auth body; token type Bearer; scope read; expires at 2026-11-28T13:00:00Z; fingerprint sha256:${fingerprint(ACCESS)}`
    ])
    expect(second.core.summaryText.join('')).toContain('| hand-off | ` received (run 99) ` |')
  })

  // GitHub drops a job output that holds any masked value ("Skip output 'handoff' since it may
  // contain secret"). A value of two characters is in a random base64url text of this length
  // (about 1,000 characters) about one time in four: a Passport client id such as 42, or a
  // username, passed from secrets.* as the README's examples pass them, or a short secret the
  // step masks itself. Without sealing again, 40 runs all miss it about once in 30,000; with
  // 32 seals at most, one of them keeps it about once in 10^18.
  it.each([
    ['client-id', { 'client-id': '42' }],
    ['username', { username: 'ci', password: 'a-password-VALUE' }],
    ['password', { username: 'ci-bot', password: 'pw' }]
  ])(
    'seals again until output handoff holds no short %s GitHub may mask, so the output is not dropped',
    async (name, inputs) => {
      const value = Object.entries(inputs).find(([input]) => input === name)?.[1] ?? ''
      for (let i = 0; i < 40; i++) {
        const { core } = await runWith({ ...INPUTS, ...inputs, 'handoff-key': KEY })
        expect(core.failed()).toBeUndefined()
        const handoff = core.outputs.handoff ?? ''
        expect(handoff.length).toBeGreaterThan(100)
        expect(handoff).not.toContain(value)
      }
    }
  )

  // A one-character client id is in nearly every seal, and may come from vars.*: the action still
  // seals around a short secret it masked itself, which is surely a runner mask.
  it('seals around a short secret when a one-character client-id is in every seal', async () => {
    for (let i = 0; i < 40; i++) {
      const { core } = await runWith({
        ...INPUTS,
        'client-id': '7',
        'client-secret': 'ab',
        'handoff-key': KEY
      })
      expect(core.failed()).toBeUndefined()
      expect(core.outputs.handoff).not.toContain('ab')
      expect(core.calls.filter(call => call.fn === 'warning')).toEqual([])
    }
  })

  // A one-character secret is in nearly every seal: after 48, the action says why GitHub will drop
  // the output rather than leave the receiving job to find it empty. (7 is in no word of the line.)
  it('warns that GitHub drops output handoff when a one-character secret is still in it', async () => {
    const { core } = await runWith({
      ...INPUTS,
      username: 'ci-bot',
      password: '7',
      'handoff-key': KEY
    })
    expect(core.failed()).toBeUndefined()
    expect(core.outputs.handoff).toContain('7')
    expect(core.calls.filter(call => call.fn === 'warning')).toEqual([
      {
        fn: 'warning',
        args: ['GitHub drops output handoff: a short secret is in it; lengthen the secret']
      }
    ])
  })

  // A client id or username may come from secrets.*, which only the minting job's runner masks:
  // an Auth0 client's sub is `<client-id>@clients`.
  it('seals the diagnostics with client-id and username masked too, for a receiving job that knows neither', async () => {
    const clientId = 'client-id-VALUE-7f3a'
    const username = 'deploy-user-VALUE'
    const answer = {
      ...ANSWER,
      access_token: jwtOf({ sub: `${clientId}@clients`, exp: NOW / 1000 + 3600 }),
      scope: `read user:${username}`
    }
    const first = await runWith(
      {
        ...INPUTS,
        'client-id': clientId,
        username,
        password: 'a-password-VALUE',
        'handoff-key': KEY
      },
      RUNNER,
      answer
    )
    expect(first.core.failed()).toBeUndefined()
    expect(written(first.core)).toContain(
      'Hand-off: sealed in output handoff for later jobs of this run.'
    )

    const second = await runWith({ handoff: first.core.outputs.handoff ?? '', 'handoff-key': KEY })
    expect(second.core.failed()).toBeUndefined()
    const shown = written(second.core)
    expect(shown).toContain('scope read user:***;')
    expect(shown).toContain('JWT claims (decoded, not verified): sub ***@clients;')
    expect(shown).not.toContain(clientId)
    expect(shown).not.toContain(username)
  })

  it('judges a received hand-off by the time left, not by the expires_in it was minted with', async () => {
    // docs/diagnostics.md: a token just minted by its lifetime (expires_in); one from a hand-off
    // by the time left.
    const first = await runWith({ ...INPUTS, 'handoff-key': KEY, 'min-validity': '3600' })
    expect(first.core.failed()).toBeUndefined()
    const handoff = first.core.outputs.handoff ?? ''
    const later = NOW + 600_000
    const open = (minValidity: string): Promise<{ core: FakeCore; sent: HttpRequest[] }> =>
      runWith({ handoff, 'handoff-key': KEY, 'min-validity': minValidity }, RUNNER, ANSWER, later)
    expect((await open('3600')).core.failed()).toBe(
      'The token expires at 2026-11-28T13:00:00Z, in 3000 s, sooner than min-validity (3600 s): ask the server for a longer lifetime, or lower min-validity'
    )
    expect((await open('3000')).core.failed()).toBeUndefined()
  })

  it('judges a hand-off without diagnostics (an earlier release made it) by the time left too', async () => {
    // openHandoff takes a hand-off without `shown`; it is still no token just minted.
    const handoff = sealHandoff({ token: HANDED, origin: ORIGIN }, KEY, handoffBinding(RUNNER))
    const { core } = await runWith(
      { handoff, 'handoff-key': KEY, 'min-validity': '3600' },
      RUNNER,
      ANSWER,
      NOW + 600_000
    )
    expect(core.failed()).toBe(
      'The token expires at 2026-11-28T13:00:00Z, in 3000 s, sooner than min-validity (3600 s): ask the server for a longer lifetime, or lower min-validity'
    )
  })

  it("shows the minting job's diagnostics, masked with its secrets, which the receiving job lacks", async () => {
    const jwt = jwtOf({ aud: SECRET, sub: `user:${SECRET}`, exp: NOW / 1000 + 3600 })
    const answer = {
      ...ANSWER,
      access_token: jwt,
      token_type: SECRET.toUpperCase(),
      scope: `read ${SECRET}`
    }
    const first = await runWith({ ...INPUTS, 'handoff-key': KEY }, RUNNER, answer)
    expect(first.core.failed()).toBeUndefined()
    expect(written(first.core).toLowerCase()).not.toContain(SECRET.toLowerCase())

    const second = await runWith({ handoff: first.core.outputs.handoff ?? '', 'handoff-key': KEY })
    expect(second.core.failed()).toBeUndefined()
    // Masked before it was sealed: the receiving job's runner, which echoes outputs with step
    // debug, knows none of the minting job's secrets.
    expect(second.core.outputs.scope).toBe('read ***')
    expect(second.core.outputs['token-type']).toBe('***')
    const shown = written(second.core)
    expect(shown.toLowerCase()).not.toContain(SECRET.toLowerCase())
    expect(shown).toContain('Received a *** token')
    expect(shown).toContain('scope read ***;')
    expect(shown).toContain('JWT claims (decoded, not verified): sub user:***; aud ***;')
    expect(shown).toContain('| JWT aud | ` *** ` |')
  })

  // A second layer: shown comes sealed and already masked, but a hand-off is input the receiving
  // job did not make, so its summary and log mask the tokens this job holds as well.
  it('masks the received tokens in diagnostics a hand-off carries unmasked, in log and summary', async () => {
    const token = { ...HANDED, refreshToken: REFRESH }
    const shown = {
      facts: [
        ['token type', 'Bearer'],
        ['scope', `read ${ACCESS}`]
      ] as const,
      claims: [['sub', `user:${REFRESH}`]] as const
    }
    const handoff = sealHandoff({ token, origin: ORIGIN, shown }, KEY, handoffBinding(RUNNER))
    const { core } = await runWith({ handoff, 'handoff-key': KEY })
    expect(core.failed()).toBeUndefined()
    const summary = core.summaryText.join('\n')
    expect(summary).toContain('| scope | ` read *** ` |')
    expect(summary).toContain('| JWT sub | ` user:*** ` |')
    // written() holds the summary as well as every log line.
    expect(written(core)).not.toContain(ACCESS)
    expect(written(core)).not.toContain(REFRESH)
  })

  // The runner's files are checked before a handed token is published, as before a request.
  it('refuses to receive a hand-off, publishing nothing, when the runner gives no GITHUB_OUTPUT', async () => {
    const handoff = sealHandoff({ token: HANDED, origin: ORIGIN }, KEY, handoffBinding(RUNNER))
    const { core } = await runWith(
      { handoff, 'handoff-key': KEY },
      without(RUNNER, 'GITHUB_OUTPUT')
    )
    expect(core.failed()).toBe(
      'GITHUB_OUTPUT is not set: run this action on GitHub Actions runner 2.297 or later'
    )
    expect(core.outputs).toEqual({})
    expect(core.exported).toEqual({})
  })

  // Held to Linux's limit on any runner: the receiving job may run on Linux.
  it('fails, with nothing published, when the sealed token set is too long for INPUT_HANDOFF', async () => {
    const long = `at-${'a'.repeat(100 * 1024)}`
    // export-env '' as the runner gives it (readExportEnv reads the variable), so no
    // ACCESS_TOKEN is exported either and only the hand-off's limit can fail the step.
    const { core } = await runWith(
      { ...INPUTS, 'handoff-key': KEY, 'export-env': '' },
      { ...RUNNER, 'INPUT_EXPORT-ENV': '' },
      { ...ANSWER, access_token: long }
    )
    expect(core.failed()).toMatch(
      /^The token set is too long to hand off: INPUT_HANDOFF would be \d+ bytes; Linux holds under 128 KiB in one variable, so the receiving step could not start; request the token in that job instead$/
    )
    expect(core.outputs).toEqual({})
  })

  it("holds the hand-off to Linux's limit on a runner of another platform too", async () => {
    const long = `at-${'a'.repeat(100 * 1024)}`
    const real = Object.getOwnPropertyDescriptor(process, 'platform')
    Object.defineProperty(process, 'platform', { value: 'darwin' })
    try {
      const { core } = await runWith(
        { ...INPUTS, 'handoff-key': KEY, 'export-env': '' },
        { ...RUNNER, 'INPUT_EXPORT-ENV': '' },
        { ...ANSWER, access_token: long }
      )
      expect(core.failed()).toMatch(
        /^The token set is too long to hand off: INPUT_HANDOFF would be \d+ bytes; Linux holds under 128 KiB/
      )
      expect(core.outputs).toEqual({})
    } finally {
      if (real) Object.defineProperty(process, 'platform', real)
    }
  })

  it('needs GITHUB_REPOSITORY and GITHUB_RUN_ID to seal, and refuses before any request', async () => {
    const env = without(RUNNER, 'GITHUB_RUN_ID')
    const { core, sent } = await runWith({ ...INPUTS, 'handoff-key': KEY }, env)
    expect(core.failed()).toBe(
      'GITHUB_REPOSITORY and GITHUB_RUN_ID must be set (as the runner sets them): a hand-off is bound to its repository and workflow run'
    )
    expect(sent).toEqual([])
  })

  // Without the file, core would export the token with a workflow command on stdout: refused, as
  // a minting step refuses it.
  it('refuses to open a hand-off into export-env without GITHUB_ENV, publishing nothing', async () => {
    const first = await runWith({ ...INPUTS, 'handoff-key': KEY })
    const handoff = first.core.outputs.handoff ?? ''
    const { core } = await runWith({ handoff, 'handoff-key': KEY }, without(RUNNER, 'GITHUB_ENV'))
    expect(core.failed()).toBe(
      "GITHUB_ENV is not set: run this action on a current GitHub Actions runner, or set export-env: ''"
    )
    expect(core.exported).toEqual({})
    expect(core.outputs).toEqual({})
  })

  it("checks the receiving step's export-env against its token-file, as a minting step's", async () => {
    const first = await runWith({ ...INPUTS, 'handoff-key': KEY })
    const handoff = first.core.outputs.handoff ?? ''
    const temp = mkdtempSync(join(tmpdir(), 'main-lifecycle-'))
    try {
      const { core } = await runWith(
        { handoff, 'handoff-key': KEY, 'token-file': 'true', 'export-env': 'access_token_file' },
        { ...RUNNER, RUNNER_TEMP: temp }
      )
      expect(core.failed()).toBe(
        "input 'export-env' must not be ACCESS_TOKEN_FILE with token-file: true, which puts the file's path there"
      )
      expect(core.exported).toEqual({})
      expect(core.outputs).toEqual({})
    } finally {
      rmSync(temp, { recursive: true, force: true })
    }
  })
})

describe('run: diagnostics, min-validity and summary', () => {
  it('fails a token shorter-lived than min-validity, publishing nothing', async () => {
    const { core } = await runWith({ ...INPUTS, 'min-validity': '7200', revoke: 'true' })
    expect(core.failed()).toBe(
      'The token expires at 2026-11-28T13:00:00Z, in 3600 s, sooner than min-validity (7200 s): ask the server for a longer lifetime, or lower min-validity'
    )
    expect(core.setOutput).not.toHaveBeenCalled()
    expect(core.exportVariable).not.toHaveBeenCalled()
    // The post step still revokes the token nobody got.
    expect(JSON.parse(core.saved.revoke ?? '').tokens).toHaveLength(2)
  })

  it('warns about a token that expires within 10 minutes, after masking it', async () => {
    const { core } = await runWith(INPUTS, RUNNER, { ...ANSWER, expires_in: 300 })
    expect(core.failed()).toBeUndefined()
    const warnings = core.calls.filter(call => call.fn === 'warning')
    expect(warnings).toEqual([
      {
        fn: 'warning',
        args: [
          'The token expires at 2026-11-28T12:05:00Z, in 300 s: steps that run longer will be refused; set min-validity to fail early instead'
        ]
      }
    ])
    const lastMask = core.calls.map(call => call.fn).lastIndexOf('setSecret')
    expect(core.calls.findIndex(call => call.fn === 'warning')).toBeGreaterThan(lastMask)
  })

  it('still warns about a short-lived token that meets the min-validity the job set (issue 5: always)', async () => {
    const { core } = await runWith({ ...INPUTS, 'min-validity': '120' }, RUNNER, {
      ...ANSWER,
      expires_in: 300
    })
    expect(core.failed()).toBeUndefined()
    expect(core.calls.filter(call => call.fn === 'warning')).toEqual([
      {
        fn: 'warning',
        args: [
          'The token expires at 2026-11-28T12:05:00Z, in 300 s: steps that run longer will be refused'
        ]
      }
    ])
  })

  it('judges a token just minted by its whole seconds of expires_in, given as a fraction in a string', async () => {
    const answer = { ...ANSWER, expires_in: '3600.9' }
    const met = await runWith({ ...INPUTS, 'min-validity': '3600' }, RUNNER, answer)
    expect(met.core.failed()).toBeUndefined()
    const { core } = await runWith({ ...INPUTS, 'min-validity': '3601' }, RUNNER, answer)
    expect(core.failed()).toBe(
      'The token expires at 2026-11-28T13:00:00Z, in 3600 s, sooner than min-validity (3601 s): ask the server for a longer lifetime, or lower min-validity'
    )
  })

  it('judges a token with no expires_in by the time left to the exp of its JWT', async () => {
    const jwt = jwtOf({ exp: NOW / 1000 + 3600 })
    const answer = { access_token: jwt, token_type: 'Bearer' }
    const later = NOW + 600_000
    const met = await runWith({ ...INPUTS, 'min-validity': '3000' }, RUNNER, answer, later)
    expect(met.core.failed()).toBeUndefined()
    expect(met.core.calls.filter(call => call.fn === 'warning')).toEqual([])
    const { core } = await runWith({ ...INPUTS, 'min-validity': '3001' }, RUNNER, answer, later)
    expect(core.failed()).toBe(
      'The token expires at 2026-11-28T13:00:00Z, in 3000 s, sooner than min-validity (3001 s): ask the server for a longer lifetime, or lower min-validity'
    )
  })

  it('fails, with nothing published, when the access token is too long for $export-env', async () => {
    const long = 'a'.repeat(128 * 1024)
    const { core } = await runWith(INPUTS, RUNNER, { ...ANSWER, access_token: long })
    expect(core.failed()).toBe(
      `The access token is too long for an environment variable: ACCESS_TOKEN would be ${'ACCESS_TOKEN='.length + long.length} bytes; Linux holds under 128 KiB in one variable, so no later step could start; set export-env: '' and pass the token from output access-token or token-file`
    )
    expect(core.setOutput).not.toHaveBeenCalled()
    // Without export-env, the same token is published.
    const none = await runWith(
      { ...INPUTS, 'export-env': '' },
      { ...RUNNER, 'INPUT_EXPORT-ENV': '' },
      { ...ANSWER, access_token: long }
    )
    expect(none.core.failed()).toBeUndefined()
    expect(none.core.outputs['access-token']).toBe(long)
  })

  // Masked, then cut short: cut first, the claim would end in the start of the secret, which only
  // the log's second layer (redact's cut secrets) would still hide.
  it('masks a secret in a JWT claim before cutting the claim short', async () => {
    const secret = 'secret-VALUE-part-one:second-part-of-it'
    const sub = `${'u'.repeat(90)} ${secret}`
    const answer = { ...ANSWER, access_token: jwtOf({ sub, exp: NOW / 1000 + 3600 }) }
    const { core } = await runWith({ ...INPUTS, 'client-secret': secret }, RUNNER, answer)
    expect(core.failed()).toBeUndefined()
    expect(written(core)).toContain(`sub ${'u'.repeat(90)} ***;`)
    expect(core.summaryText.join('')).toContain(`| JWT sub | \` ${'u'.repeat(90)} *** \` |`)
    expect(written(core)).not.toContain('secret-VALUE')
  })

  it('says a token that already expired is so, when min-validity lets it through', async () => {
    const answer = { access_token: jwtOf({ exp: NOW / 1000 - 60 }), token_type: 'Bearer' }
    const { core } = await runWith(INPUTS, RUNNER, answer)
    expect(core.failed()).toBeUndefined()
    expect(core.calls.filter(call => call.fn === 'info').map(call => call.args[0])).toContain(
      "Got a Bearer token, already expired at 2026-11-28T11:59:00Z: in the step's outputs and in $ACCESS_TOKEN."
    )
  })

  it('says in the summary which step it is, and whether there is a token file and revocation', async () => {
    const temp = mkdtempSync(join(tmpdir(), 'main-lifecycle-'))
    try {
      const env = { ...RUNNER, RUNNER_TEMP: temp, GITHUB_ACTION: 'get-token' }
      const { core } = await runWith({ ...INPUTS, 'token-file': 'true', revoke: 'true' }, env)
      expect(core.failed()).toBeUndefined()
      const summary = core.summaryText.join('')
      expect(summary).toContain('### OAuth 2.0 token (step ` get-token `)\n')
      expect(summary).toContain('| token file | ` yes, deleted when the job ends ` |')
      expect(summary).toContain('| hand-off | ` no ` |')
      expect(summary).toContain('| revoked at job end | ` yes ` |')
    } finally {
      rmSync(temp, { recursive: true, force: true })
    }
    const { core } = await runWith(INPUTS)
    const summary = core.summaryText.join('')
    expect(summary).toContain('| token file | ` no ` |')
    expect(summary).toContain('| revoked at job end | ` no ` |')
  })

  it('writes the summary table, with no secret in it or in the log', async () => {
    const { core } = await runWith({ ...INPUTS, 'handoff-key': KEY, revoke: 'false' })
    expect(core.summaryText).toHaveLength(1)
    expect(core.summaryText[0]).toContain(`| fingerprint | \` sha256:${fingerprint(ACCESS)} \` |`)
    expect(core.summaryText[0]).toContain('| hand-off | ` sealed for later jobs ` |')
    for (const secret of [SECRET, ACCESS, REFRESH, KEY]) {
      expect(written(core)).not.toContain(secret)
    }
  })

  it('writes no summary with summary: false, or without GITHUB_STEP_SUMMARY', async () => {
    expect((await runWith({ ...INPUTS, summary: 'false' })).core.summaryText).toEqual([])
    const env = without(RUNNER, 'GITHUB_STEP_SUMMARY')
    expect((await runWith(INPUTS, env)).core.summaryText).toEqual([])
  })

  it('warns, and keeps the token, when the summary cannot be written', async () => {
    const core = fakeCore(INPUTS)
    const runtime: Runtime = {
      core: {
        ...core,
        appendSummary: async () => {
          throw new Error('EACCES: permission denied')
        }
      },
      env: RUNNER,
      send: async () => ({
        status: 200,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(ANSWER)
      }),
      clock: { now: () => NOW, sleep: async () => undefined, random: () => 0.5 }
    }
    await run(runtime)
    expect(core.failed()).toBeUndefined()
    expect(core.outputs['access-token']).toBe(ACCESS)
    expect(core.calls.filter(call => call.fn === 'warning')).toEqual([
      { fn: 'warning', args: ['Could not write the job summary: EACCES: permission denied'] }
    ])
  })
})

describe('checkEnvironmentSize', () => {
  const check = (name: string, value: string, platform: string): void =>
    checkEnvironmentSize(name, value, 'Too long', 'nothing could start', platform)

  it('takes NAME=value up to 128 KiB with its NUL on Linux, and refuses one byte more', () => {
    const fits = 'x'.repeat(131_072 - 'A=\0'.length)
    expect(() => check('A', fits, 'linux')).not.toThrow()
    expect(() => check('A', `${fits}x`, 'linux')).toThrow(
      'Too long: A would be 131072 bytes; Linux holds under 128 KiB in one variable, so nothing could start'
    )
  })

  it('counts UTF-8 bytes on Linux', () => {
    expect(() => check('A', '\u00e9'.repeat(65_535), 'linux')).toThrow('A would be 131072 bytes')
  })

  it('takes 32,766 characters on Windows, and refuses one more', () => {
    expect(() => check('A', 'x'.repeat(32_766), 'win32')).not.toThrow()
    expect(() => check('A', 'x'.repeat(32_767), 'win32')).toThrow(
      'Too long: A would be 32767 characters; Node on Windows reads 32,766 in one variable, so nothing could start'
    )
  })

  it('sets no limit of one variable on macOS, and none for an empty value', () => {
    expect(() => check('A', 'x'.repeat(200_000), 'darwin')).not.toThrow()
    expect(() => check('', '', 'linux')).not.toThrow()
  })
})
