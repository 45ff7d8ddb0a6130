// Runner-level tests of a job that uses the action in more than one step: the bundled dist/ run as
// the GitHub runner runs a job. Each step gets its own GITHUB_OUTPUT, GITHUB_STATE and job summary
// file; what a step writes to GITHUB_ENV joins the environment of every later step and of every
// post step; RUNNER_TEMP is the job's; the post steps run after the last step, in reverse order,
// each with the STATE_* variables of its own main step and its step's inputs again.
import { afterEach, describe, expect, it } from '@jest/globals'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  type ActionRun,
  actionDefaults,
  findLeaks,
  maskedLog,
  runAction,
  runPost
} from '../scripts/runner.mjs'
import {
  type RevocationServer,
  type RevocationServerOptions,
  startRevocationServer
} from './support/revocation-server.js'

const cleanups: (() => unknown)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

async function server(options?: RevocationServerOptions): Promise<RevocationServer> {
  const started = await startRevocationServer(options)
  cleanups.push(() => started.close())
  return started
}

/** A step of the job: the action with its `with:` inputs, and its `id:` if it has one. */
interface Step {
  readonly with: Record<string, string>
  readonly id?: string
}

/**
 * GITHUB_ACTION as the runner sets it for each step (actions/runner's StepsRunner, the step's
 * name): its id, else the name GitHub makes up, `__` and the action's owner and repository, with
 * `_2`, `_3` for its later uses in the job.
 */
function githubAction(steps: readonly Step[], index: number): string {
  const step = steps[index]
  if (step?.id) return step.id
  const earlier = steps.slice(0, index).filter(other => !other.id).length
  return `__your-org_oauth2-token-action${earlier ? `_${earlier + 1}` : ''}`
}

interface Job {
  /** Each step's main run, in order. */
  readonly mains: ActionRun[]
  /** Each step's post run, at the step's index; they ran from the last to the first. */
  readonly posts: (ActionRun | undefined)[]
  /** The job's environment from GITHUB_ENV after the last step. */
  readonly exported: Record<string, string>
  readonly temp: string
}

/** Runs `steps` as one job. Every step runs, as with `if: always()`. */
async function runJob(steps: readonly Step[]): Promise<Job> {
  const temp = mkdtempSync(join(tmpdir(), 'runner-temp-'))
  cleanups.push(() => rmSync(temp, { recursive: true, force: true }))
  const exported: Record<string, string> = {}
  const mains: ActionRun[] = []
  for (const [index, step] of steps.entries()) {
    const env = { ...exported, RUNNER_TEMP: temp, GITHUB_ACTION: githubAction(steps, index) }
    const main = await runAction({ ...actionDefaults(), ...step.with }, env)
    Object.assign(exported, main.env)
    mains.push(main)
  }
  const posts: (ActionRun | undefined)[] = steps.map(() => undefined)
  for (let index = steps.length - 1; index >= 0; index--) {
    const step = steps[index]
    const main = mains[index]
    if (!step || !main) continue
    const env = { ...exported, RUNNER_TEMP: temp, GITHUB_ACTION: githubAction(steps, index) }
    posts[index] = await runPost({ ...actionDefaults(), ...step.with }, main.state, env)
  }
  return { mains, posts, exported, temp }
}

function shown(run: ActionRun | undefined): string[] {
  return maskedLog(run?.stdout ?? '')
    .split('\n')
    .filter(Boolean)
}

function output(run: ActionRun | undefined, name: string): string {
  return run?.outputs[name] ?? ''
}

/** Which of `tokens` each revocation request of `rs` named, in order. */
function revoked(rs: RevocationServer, tokens: Record<string, string>): string[] {
  return rs.requests
    .filter(request => request.url === '/oauth/revoke')
    .map(request => new URLSearchParams(request.body).get('token') ?? '')
    .map(token => Object.keys(tokens).find(name => tokens[name] === token) ?? 'another token')
}

function clientInputs(rs: RevocationServer): Record<string, string> {
  return { host: rs.url, 'client-id': rs.client.id, 'client-secret': rs.client.secret }
}

describe('runner: the action in two steps of one job', () => {
  it('gives each post step its own token file and tokens, whatever the job environment holds', async () => {
    const rs = await server({ refreshTokens: true })
    const inputs = { ...clientInputs(rs), revoke: 'true', 'token-file': 'true' }
    const job = await runJob([{ with: inputs }, { with: inputs }])
    const [first, second] = job.mains
    expect(first?.code).toBe(0)
    expect(second?.code).toBe(0)
    const tokens = {
      'first access': output(first, 'access-token'),
      'first refresh': output(first, 'refresh-token'),
      'second access': output(second, 'access-token'),
      'second refresh': output(second, 'refresh-token')
    }
    const files = [output(first, 'token-file'), output(second, 'token-file')]
    expect(new Set(files).size).toBe(2)
    for (const file of files) expect(file.startsWith(`${job.temp}/oauth2-token-`)).toBe(true)
    // Both steps export the default names: the later step's values are the ones left
    // (docs/inputs-and-outputs.md).
    expect(job.exported).toEqual({
      ACCESS_TOKEN: tokens['second access'],
      ACCESS_TOKEN_FILE: files[1]
    })
    // The second step's post step runs first, and each touches only what its own step left.
    expect(revoked(rs, tokens)).toEqual([
      'second access',
      'second refresh',
      'first access',
      'first refresh'
    ])
    expect(shown(job.posts[1])[0]).toBe(`Deleted the token file ${files[1]}.`)
    expect(shown(job.posts[0])[0]).toBe(`Deleted the token file ${files[0]}.`)
    for (const file of files) expect(existsSync(file)).toBe(false)
    for (const token of Object.values(tokens)) expect(rs.isLive(token)).toBe(false)
    const secrets = [rs.client.secret, ...Object.values(tokens)]
    for (const run of [...job.mains, ...job.posts]) {
      expect(findLeaks(run ?? { stdout: '', stderr: '' }, secrets)).toEqual([])
      for (const secret of secrets) expect(run?.summary).not.toContain(secret)
    }
    // One table in each step's summary file, which the runner shows one after the other.
    for (const run of job.mains)
      expect(run?.summary.match(/^### OAuth 2\.0 token$/gm)).toHaveLength(1)
  })

  // GitHub shows each step's summary one after the other, under no name of the step's: two
  // sections under one heading could not be told apart.
  it('names each step by its id in its summary heading', async () => {
    const rs = await server()
    const job = await runJob([
      { id: 'staging-token', with: clientInputs(rs) },
      { id: 'prod-token', with: clientInputs(rs) }
    ])
    expect(job.mains.map(run => run.code)).toEqual([0, 0])
    expect(job.mains.map(run => run.summary.split('\n')[0])).toEqual([
      '### OAuth 2.0 token (step ` staging-token `)',
      '### OAuth 2.0 token (step ` prod-token `)'
    ])
    const secrets = [rs.client.secret, ...job.mains.map(run => output(run, 'access-token'))]
    for (const run of job.mains)
      for (const secret of secrets) expect(run.summary).not.toContain(secret)
  })

  it('keeps the plain heading for steps without an id, not the names GitHub makes up', async () => {
    const rs = await server()
    const job = await runJob([{ with: clientInputs(rs) }, { with: clientInputs(rs) }])
    expect(job.mains.map(run => run.summary.split('\n')[0])).toEqual([
      '### OAuth 2.0 token',
      '### OAuth 2.0 token'
    ])
  })

  it("still revokes the first step's token and keeps its ACCESS_TOKEN when a later step fails", async () => {
    const rs = await server()
    const inputs = { ...clientInputs(rs), revoke: 'true', 'token-file': 'true' }
    const job = await runJob([
      { with: inputs },
      { with: { ...inputs, 'client-secret': 'not-the-secret' } }
    ])
    const [first, second] = job.mains
    expect(second?.code).toBe(1)
    const access = output(first, 'access-token')
    expect(job.exported).toEqual({
      ACCESS_TOKEN: access,
      ACCESS_TOKEN_FILE: output(first, 'token-file')
    })
    expect(shown(job.posts[1])).toEqual([])
    expect(revoked(rs, { first: access })).toEqual(['first'])
    expect(rs.isLive(access)).toBe(false)
    expect(existsSync(output(first, 'token-file'))).toBe(false)
  })
})
