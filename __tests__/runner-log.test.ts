// The built action's steps read as actions/runner reads them (support/runner-log.ts): its command
// parsing and decoding, its masker with the forms its encoders add, and with step debug the lines
// it writes itself (echoed commands, `Set output`, `Save intra-action state`, GITHUB_ENV values).
// No secret the action is given or gets may show in that log, in any step of a job.
import { afterEach, describe, expect, it } from '@jest/globals'
import { mkdtempSync, rmSync } from 'node:fs'
import { type ServerResponse, createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type ActionRun, actionDefaults, runAction, runPost } from '../scripts/runner.mjs'
import { passwordGrantInputs, startSeedServer } from '../scripts/seed-server.mjs'
import { privateKeyPem } from './support/keys.js'
import { startRevocationServer } from './support/revocation-server.js'
import {
  RunnerMasker,
  parseCommand,
  runnerLeaks,
  runnerStepLog,
  runnerSummary
} from './support/runner-log.js'

const cleanups: (() => unknown)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

/** A step's inputs as the runner passes them: action.yml's defaults, then `with:`. */
const step = (inputs: Record<string, string>): Record<string, string> => ({
  ...actionDefaults(),
  ...inputs
})

interface TokenServer {
  readonly url: string
  readonly bodies: string[]
}

/** A token endpoint that records each body and answers `answer` as JSON. */
async function tokenServer(answer: Record<string, unknown>): Promise<TokenServer> {
  const bodies: string[] = []
  const server = createServer((req, res: ServerResponse) => {
    let body = ''
    req.setEncoding('utf8')
    req.on('data', chunk => (body += chunk))
    req.on('end', () => {
      bodies.push(body)
      res.writeHead(200, { 'Content-Type': 'application/json' })
      res.end(JSON.stringify(answer))
    })
  })
  await new Promise<void>(done => server.listen(0, '127.0.0.1', done))
  cleanups.push(
    () =>
      new Promise<void>(done => {
        server.closeAllConnections()
        server.close(() => done())
      })
  )
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, bodies }
}

/** The secrets a run holds: the given ones, and each token it published. */
function issued(run: ActionRun): string[] {
  return ['access-token', 'authorization', 'refresh-token', 'id-token']
    .map(name => run.outputs[name] ?? '')
    .filter(Boolean)
}

const known = new Set(['add-mask', 'warning', 'debug', 'stop-commands'])

describe('the runner model reads commands as actions/runner does', () => {
  it('decodes data (%0D, %0A, %25) and properties (also %3A, %2C), in any case of name', () => {
    expect(parseCommand('::add-mask::a%250A%0Db%0Ac', known)).toEqual({
      name: 'add-mask',
      properties: {},
      data: 'a%0A\rb\nc'
    })
    expect(parseCommand('  ::WARNING file=a%3Ab%2Cc,line=1::x', known)).toEqual({
      name: 'warning',
      properties: { file: 'a:b,c', line: '1' },
      data: 'x'
    })
    // The older form, anywhere in a line, with its own escapes.
    expect(parseCommand('text ##[add-mask]s%3Bx%5D', known)?.data).toBe('s;x]')
    expect(parseCommand('text ::add-mask::x', known)).toBeUndefined()
  })

  it('masks with the forms the encoders add, overlaps as one, and stops at stop-commands', () => {
    const masker = new RunnerMasker()
    const log = runnerStepLog(
      {
        stdout: [
          '::add-mask::pa ss/wörd',
          '::add-mask::   ',
          'url pa%20ss%2Fw%C3%B6rd b64 cGEgc3Mvd8O2cmQ=',
          '::stop-commands::resume-1',
          '::add-mask::later-secret',
          'later-secret',
          '::resume-1::',
          '::add-mask::abcd1234',
          '::add-mask::1234wxyz',
          'abcd1234wxyz'
        ].join('\n'),
        stderr: '',
        outputFile: '',
        envFile: ''
      },
      masker
    )
    expect(log.masks).toEqual(['pa ss/wörd', 'abcd1234', '1234wxyz'])
    expect(log.issues).toEqual([
      "warning: Can't add secret mask for empty string in ##[add-mask] command."
    ])
    expect(log.lines).toContain('url *** b64 ***')
    expect(log.lines).toContain('::add-mask::later-secret')
    expect(log.lines).toContain('later-secret')
    expect(log.lines.at(-1)).toBe('***')
  })
  it('with step debug, echoes commands but those with OmitEcho, and splits a debug message before masking', () => {
    const masker = new RunnerMasker()
    const log = runnerStepLog(
      {
        stdout: [
          '::add-mask::aaaa-one%0Abbbb-two',
          '::add-mask::cccc-one',
          '::add-mask::dddd-two',
          '::warning::w',
          '::debug::d1%0Ad2',
          '::group::g',
          '::endgroup::',
          '::set-output name=a-b::v'
        ].join('\n'),
        stderr: '',
        outputFile: 'x<<EOF\naaaa-one\nbbbb-two\nEOF\ny<<EOF\ncccc-one\r\ndddd-two\nEOF\n',
        envFile: ''
      },
      masker,
      true
    )
    // ActionCommandManager: add-mask, debug, warning, error and notice have OmitEcho (add-mask is
    // shown as ***); ExecutionContextExtension.Debug splits at \n, then each line is masked alone,
    // so a mask that spans lines matches none of them (actions/runner's ExecutionContext.cs).
    // The job summary is masked line by line, a lone \r ending a line too (StreamReader.ReadLine).
    expect(runnerSummary('| `aaaa-one\rbbbb-two` |\r\n`cccc-one`\n', masker)).toEqual([
      '| `aaaa-one',
      'bbbb-two` |',
      '`***`'
    ])
    expect(log.lines).toEqual([
      '::add-mask::***',
      '::add-mask::***',
      '::add-mask::***',
      '##[warning]w',
      '##[debug]d1',
      '##[debug]d2',
      '::group::g',
      '##[group]g',
      '::endgroup::',
      '##[endgroup]',
      '::set-output name=a-b::v',
      "##[debug]steps['token']['outputs']['a-b']='v'",
      '##[debug]Set output x = aaaa-one',
      '##[debug]bbbb-two',
      '##[debug]Set output y = ***',
      '##[debug]***'
    ])
  })
})

describe('the built action under the runner model, with step debug', () => {
  it('password grant: every secret and token masked, the runner’s own debug lines included', async () => {
    const seed = await startSeedServer()
    cleanups.push(() => seed.close())
    const run = await runAction(step(passwordGrantInputs(seed)), {
      RUNNER_DEBUG: '1',
      ACTIONS_STEP_DEBUG: 'true'
    })
    expect(run.code).toBe(0)
    const log = runnerStepLog(run, new RunnerMasker(), true)
    expect(log.lines).toContain('##[debug]Set output access-token = ***')
    expect(log.lines).toContain('##[debug]Set output authorization = ***')
    expect(log.lines).toContain("##[debug]ACCESS_TOKEN='***'")
    expect(log.issues).toEqual([])
    expect(runnerLeaks(log, [seed.client.secret, seed.user.password, ...issued(run)])).toEqual([])
    // The job summary, as the runner uploads it: each line masked alone.
    const summary = runnerSummary(run.summary, new RunnerMasker())
    expect(summary[0]).toBe('### OAuth 2.0 token')
    expect(
      runnerLeaks({ lines: summary, masks: [], issues: [] }, [
        seed.client.secret,
        seed.user.password,
        ...issued(run)
      ])
    ).toEqual([])
    // Control: without its add-mask lines, the same run shows the token in the runner's own lines.
    const unmasked = runnerStepLog(
      { ...run, stdout: run.stdout.replace(/^::add-mask::.*\n/gm, '') },
      new RunnerMasker(),
      true
    )
    expect(runnerLeaks(unmasked, issued(run))).toEqual(
      expect.arrayContaining([`##[debug]Set output access-token = ${run.outputs['access-token']}`])
    )
  })

  it.each([
    ['OAUTH_HOST', 'host'],
    ['OAUTH_CLIENT_ID', 'client-id'],
    ['OAUTH_CLIENT_SECRET', 'client-secret'],
    ['OAUTH_USERNAME', 'username'],
    ['OAUTH_PASSWORD', 'password']
  ])('%s fills input %s, which the runner passes as its default, empty', async (variable, name) => {
    const seed = await startSeedServer()
    cleanups.push(() => seed.close())
    const inputs = passwordGrantInputs(seed)
    const value = inputs[name] ?? ''
    const run = await runAction(step({ ...inputs, [name]: '' }), { [variable]: value })
    expect(run.code).toBe(0)
    expect(seed.requests).toHaveLength(1)
    expect(JSON.parse(seed.requests[0]?.body ?? '{}')).toEqual({
      grant_type: 'password',
      client_id: seed.client.id,
      client_secret: seed.client.secret,
      username: seed.user.username,
      password: seed.user.password
    })
    const log = runnerStepLog(run, new RunnerMasker(), true)
    expect(runnerLeaks(log, [seed.client.secret, seed.user.password, ...issued(run)])).toEqual([])
  })

  it('OAUTH_GRANT_TYPE, OAUTH_SCOPE, OAUTH_AUDIENCE and OAUTH_REFRESH_TOKEN fill their empty inputs', async () => {
    const server = await tokenServer({ access_token: 'at-0123456789abcdef', token_type: 'Bearer' })
    const run = await runAction(step({ host: server.url, 'client-id': 'cid' }), {
      OAUTH_GRANT_TYPE: 'refresh_token',
      OAUTH_REFRESH_TOKEN: 'rt-%0A-stored-refresh-token',
      OAUTH_SCOPE: 'read write',
      OAUTH_AUDIENCE: 'https://api.example.test'
    })
    expect(run.code).toBe(0)
    expect(JSON.parse(server.bodies[0] ?? '{}')).toEqual({
      grant_type: 'refresh_token',
      client_id: 'cid',
      refresh_token: 'rt-%0A-stored-refresh-token',
      scope: 'read write',
      audience: 'https://api.example.test'
    })
    const log = runnerStepLog(run, new RunnerMasker(), true)
    expect(runnerLeaks(log, ['rt-%0A-stored-refresh-token', ...issued(run)])).toEqual([])
  })

  // A blank add-mask masks nothing, and the runner warns of it (AddMaskCommandExtension).
  it('a refresh_token or id_token of white space alone is no mask, so the runner warns of none', async () => {
    const server = await tokenServer({
      access_token: 'atk-2mz9xbt4vlp8sq7k',
      token_type: 'Bearer',
      expires_in: 3600,
      refresh_token: ' ',
      id_token: '\t\u00a0'
    })
    const run = await runAction(
      step({ host: server.url, 'client-id': 'cid', 'client-secret': 'cs-4vlp8sq7k2mz9xbt' })
    )
    expect(run.code).toBe(0)
    const log = runnerStepLog(run, new RunnerMasker())
    expect(log.issues).toEqual([])
    expect(log.masks).toEqual(
      expect.arrayContaining(['cs-4vlp8sq7k2mz9xbt', 'atk-2mz9xbt4vlp8sq7k'])
    )
    expect(log.masks.filter(mask => !mask.trim())).toEqual([])
  })

  it('secrets and tokens with %, escapes, quotes, & and line breaks stay masked, outputs read back whole', async () => {
    const access = `at%0A%25"x'y&+z<w>\\v-0123456789`
    const refresh = 'rt-line-one\nrt-line-two%0D'
    const server = await tokenServer({
      access_token: access,
      token_type: 'Bearer',
      refresh_token: refresh,
      expires_in: 3600
    })
    const key = privateKeyPem('ec', 'pkcs8')
    const secret = 'cs%25%0A"q\'&+amp-0123'
    const otp = 'otp-%0D%0A-98765'
    const run = await runAction(
      step({
        host: server.url,
        'client-id': 'cid',
        'client-secret': secret,
        'extra-params': `otp=${otp}\nfoo=bar`,
        headers: `X-Api-Key: key%25-with-%0A-escape-42`
      }),
      { RUNNER_DEBUG: '1', ACTIONS_STEP_DEBUG: 'true' }
    )
    expect(run.code).toBe(0)
    // GITHUB_OUTPUT and GITHUB_ENV read back as the runner reads them (Linux).
    expect(run.outputs['access-token']).toBe(access)
    expect(run.outputs['refresh-token']).toBe(refresh)
    expect(run.env.ACCESS_TOKEN).toBe(access)
    const log = runnerStepLog(run, new RunnerMasker(), true)
    expect(log.issues).toEqual([])
    expect(
      runnerLeaks(log, [access, refresh, secret, otp, 'key%25-with-%0A-escape-42', key])
    ).toEqual([])
  })

  it("revoke: a key in token-path's query, spelled there as no mask is, stays out of the saved state", async () => {
    const server = await tokenServer({ access_token: 'at-0123456789abcdef', token_type: 'Bearer' })
    // As the workflow spells it ('+' must be %2B); the runner masks only the decoded key's forms.
    const key = 'Zk9x%2BqW3/rT7vY1=='
    const run = await runAction(
      step({
        host: server.url,
        'client-id': 'cid',
        'client-secret': 'cs-0123456789',
        'token-path': `/api/token?code=${key}`,
        revoke: 'true',
        'revoke-path': '/api/revoke'
      }),
      { RUNNER_DEBUG: '1', ACTIONS_STEP_DEBUG: 'true' }
    )
    expect(run.code).toBe(0)
    const log = runnerStepLog(run, new RunnerMasker(), true)
    expect(
      log.lines.some(line => line.startsWith('##[debug]Save intra-action state revoke = {'))
    ).toBe(true)
    expect(runnerLeaks(log, [key, 'Zk9x+qW3/rT7vY1==', ...issued(run)])).toEqual([])
  })

  it('revoke: a multi-line refresh token stays masked in the saved state, whatever JSON escapes the runner knows', async () => {
    // JSON.stringify keeps U+2028, U+2029 and U+0085, which the runner's JSON form of a mask
    // escapes (Newtonsoft): a line with one of them and a backslash matches neither mask.
    const refresh = 'rt-line-one\nrt-line\\two\u2028\u0085\u2029'
    const server = await tokenServer({
      access_token: 'at-0123456789abcdef',
      token_type: 'Bearer',
      refresh_token: refresh
    })
    const run = await runAction(
      step({
        host: server.url,
        'client-id': 'cid',
        'client-secret': 'cs-0123456789',
        revoke: 'true'
      }),
      { RUNNER_DEBUG: '1', ACTIONS_STEP_DEBUG: 'true' }
    )
    expect(run.code).toBe(0)
    expect(JSON.parse(run.state?.revoke ?? '{}').tokens[1].token).toBe(refresh)
    const log = runnerStepLog(run, new RunnerMasker(), true)
    expect(log.lines).toContain('##[debug]Set output refresh-token = ***')
    expect(
      log.lines.some(line => line.startsWith('##[debug]Save intra-action state revoke = {'))
    ).toBe(true)
    expect(runnerLeaks(log, [refresh, 'rt-line\\\\two', ...issued(run)])).toEqual([])
  })

  it('two steps of one job and their post steps, newest first, leak nothing', async () => {
    const rs = await startRevocationServer({ refreshTokens: true })
    cleanups.push(() => rs.close())
    const temp = mkdtempSync(join(tmpdir(), 'runner-log-'))
    cleanups.push(() => rmSync(temp, { recursive: true, force: true }))
    const steps = [
      { id: 'first', env: { OAUTH_CLIENT_SECRET: rs.client.secret } },
      { id: 'second', env: { OAUTH_CLIENT_SECRET: rs.client.secret } }
    ]
    const inputs = step({
      host: rs.url,
      'client-id': rs.client.id,
      revoke: 'true',
      'token-file': 'true'
    })
    const masker = new RunnerMasker()
    const exported: Record<string, string> = {}
    const mains: ActionRun[] = []
    const logs = []
    for (const { env } of steps) {
      const main = await runAction(
        { ...inputs, 'export-env': `TOKEN_${mains.length}` },
        { ...exported, ...env, RUNNER_TEMP: temp, ACTIONS_STEP_DEBUG: 'true' }
      )
      expect(main.code).toBe(0)
      Object.assign(exported, main.env)
      mains.push(main)
      logs.push(runnerStepLog(main, masker, true))
    }
    for (let index = steps.length - 1; index >= 0; index--) {
      const main = mains[index] as ActionRun
      const post = await runPost({ ...inputs, 'export-env': `TOKEN_${index}` }, main.state, {
        ...exported,
        ...steps[index]?.env,
        RUNNER_TEMP: temp,
        ACTIONS_STEP_DEBUG: 'true'
      })
      expect(post.code).toBe(0)
      logs.push(runnerStepLog(post, masker, true))
    }
    const tokens = mains.flatMap(issued)
    expect(tokens.every(token => !rs.isLive(token) || token.startsWith('Bearer'))).toBe(true)
    expect(
      logs[0]?.lines.some(line => line.startsWith('##[debug]Save intra-action state revoke = {'))
    ).toBe(true)
    for (const log of logs) {
      expect(log.issues).toEqual([])
      expect(runnerLeaks(log, [rs.client.secret, ...tokens])).toEqual([])
    }
  })
})

describe('server text the action passes on, under the runner model with step debug', () => {
  // The runner echoes each output (`Set output scope = …`) masking only the exact secrets and its
  // own encodings of them: a secret a server echoes recased or in hex with gaps, which the action's
  // lines mask (redact.ts), must not reach an output, in this job's log or, through a hand-off,
  // another job's, whose runner knows none of this job's secrets.
  const secret = 'cs-k7qw2mzr9xbt'
  const forms = [
    secret,
    secret.toUpperCase(),
    'Cs-K7Qw2mZr9xBt',
    Buffer.from(secret)
      .toString('hex')
      .replace(/..(?!$)/g, '$&:')
  ]
  const echoed = {
    access_token: 'at-0123456789abcdef',
    token_type: forms[3],
    scope: `read ${forms[1]} write`,
    issued_token_type: `urn:x:${forms[2]}`,
    expires_in: 3600
  }
  const debug = { RUNNER_DEBUG: '1', ACTIONS_STEP_DEBUG: 'true' }
  /** The action run with step debug against a token endpoint that answers `answer`. */
  const runAgainst = async (answer: Record<string, unknown>): Promise<ActionRun> => {
    const server = await tokenServer(answer)
    return runAction(step({ host: server.url, 'client-id': 'cid', 'client-secret': secret }), debug)
  }
  /**
   * A run against an answer that echoes a secret in each of its texts: none of `echoes` in its log
   * or its summary, and the outputs keep the rest of each text.
   */
  const expectEchoesMasked = (run: ActionRun, echoes: readonly string[]): void => {
    expect(run.code).toBe(0)
    const log = runnerStepLog(run, new RunnerMasker(), true)
    expect(runnerLeaks(log, [...echoes, ...issued(run)])).toEqual([])
    expect(
      runnerLeaks({ ...log, lines: runnerSummary(run.summary, new RunnerMasker()) }, echoes)
    ).toEqual([])
    expect(run.outputs).toMatchObject({
      scope: 'read *** write',
      'token-type': '***',
      'issued-token-type': 'urn:x:***'
    })
  }

  it('a secret echoed in scope, token_type or issued_token_type is masked in the outputs', async () => {
    expectEchoesMasked(await runAgainst(echoed), forms)
  })

  it('nor does a hand-off carry it to another job', async () => {
    const server = await tokenServer(echoed)
    const key = 'k7Qw2mZr9XbT4vLp8sNc1HdY6fJg3RaE5uKo0WiV+QA='
    const job = { GITHUB_REPOSITORY: 'octo/app', GITHUB_RUN_ID: '7777001', ...debug }
    const first = await runAction(
      step({ host: server.url, 'client-id': 'cid', 'client-secret': secret, 'handoff-key': key }),
      job
    )
    expect(first.code).toBe(0)
    const second = await runAction(
      step({ handoff: first.outputs.handoff ?? '', 'handoff-key': key }),
      job
    )
    expect(second.code).toBe(0)
    const log = runnerStepLog(second, new RunnerMasker(), true)
    expect(runnerLeaks(log, [...forms, ...issued(second)])).toEqual([])
  })

  it("the answer's own tokens echoed recased in scope, token_type or issued_token_type are masked in the outputs", async () => {
    const refresh = 'rtk-7kq2mz9xbt4v'
    const id = 'itk-4lp8wn3vqs6d'
    const run = await runAgainst({
      access_token: 'atk-0123456789abcdef',
      refresh_token: refresh,
      id_token: id,
      token_type: 'ATK-0123456789ABCDEF',
      scope: `read ${refresh.toUpperCase()} write`,
      issued_token_type: `urn:x:${id.toUpperCase()}`,
      expires_in: 3600
    })
    expectEchoesMasked(run, ['ATK-0123456789ABCDEF', refresh.toUpperCase(), id.toUpperCase()])
  })

  it('a token a 2xx error wraps and quotes is not in its error line', async () => {
    const nested = 'atk-5yq2mz9xbt4vlp8s'
    const run = await runAgainst({
      error: 'temporarily_unavailable',
      error_description: `Already issued: ${nested}`,
      data: { access_token: nested }
    })
    expect(run.code).toBe(1)
    const log = runnerStepLog(run, new RunnerMasker(), true)
    expect(log.lines.some(line => line.includes('Already issued: ***'))).toBe(true)
    expect(runnerLeaks(log, [nested, secret])).toEqual([])
  })
})
