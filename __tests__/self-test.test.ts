// .github/workflows/self-test.yml, run here job by job (scripts/run-workflow.mjs) as GitHub would
// run it: the loopback server, the bundled action with `uses: ./`, the curl checks and the
// negative job's assertions. Also the emulator's own semantics, so a pass means something.
import { afterEach, describe, expect, it } from '@jest/globals'
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'

import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parse } from 'yaml'
import { maskedValues } from '../scripts/runner.mjs'
import { type StepResult, runJob } from '../scripts/run-workflow.mjs'
import { startSeedServer } from '../scripts/seed-server.mjs'
import { freePort } from './support/daemon.js'

const SELF_TEST = '.github/workflows/self-test.yml'
const DEMO_CREDENTIALS = ['demo-client-secret', 'demo-password']
const dirs: string[] = []

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

function scratch(): string {
  const dir = mkdtempSync(join(tmpdir(), 'self-test-'))
  dirs.push(dir)
  return dir
}

async function selfTestEnv() {
  return {
    SEED_URL: `http://127.0.0.1:${await freePort()}`,
    SEED_LOG: join(scratch(), 'seed-server.log')
  }
}

async function runSelfTestJob(job: string) {
  return runJob(SELF_TEST, job, { env: await selfTestEnv() })
}

interface WorkflowStep {
  name?: string
  run?: string
  env?: Record<string, string>
}

/** The steps of a job of self-test.yml, as written. */
function selfTestSteps(job: string): WorkflowStep[] {
  const text = readFileSync(join(import.meta.dirname, '..', SELF_TEST), 'utf8')
  return (parse(text) as { jobs: Record<string, { steps: WorkflowStep[] }> }).jobs[job]?.steps ?? []
}

/** The exit code of a step's `run:` script in bash, as GitHub's default shell runs it. */
async function bashStatus(script: string | undefined, env: Record<string, string>) {
  const child = spawn(
    'bash',
    ['--noprofile', '--norc', '-eo', 'pipefail', '-c', script ?? 'false'],
    {
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: 'ignore'
    }
  )
  const [code] = (await once(child, 'exit')) as [number | null]
  return code
}

const outcomes = (steps: StepResult[]) => steps.map(step => [step.name, step.outcome])

/** Tokens the action masked, found printed anywhere else: on GitHub they would show as ***. */
function printedTokens(steps: StepResult[]): string[] {
  const tokens = steps
    .flatMap(step => maskedValues(step.stdout))
    .filter(value => !DEMO_CREDENTIALS.includes(value))
  expect(tokens.length).toBeGreaterThan(0)
  return steps.flatMap(step =>
    tokens
      .filter(token =>
        `${step.stdout}\n${step.stderr}`
          .split('\n')
          .some(line => line.includes(token) && !line.startsWith('::add-mask::'))
      )
      .map(() => step.name)
  )
}

describe('self-test.yml, run here', () => {
  it('password-json: gets a token, calls /api/me with the output and $ACCESS_TOKEN, refreshes', async () => {
    const run = await runSelfTestJob('password-json')
    expect(outcomes(run.steps)).toEqual([
      ['Check out the repository', 'success'],
      ['Start the loopback token server', 'success'],
      ['Get a token', 'success'],
      ['Check the outputs', 'success'],
      ['Call the API with the authorization output', 'success'],
      ['Call the API with $ACCESS_TOKEN', 'success'],
      ['The server refuses any other token', 'success'],
      ['Refresh the token', 'success'],
      ['Call the API with the refreshed token', 'success'],
      ["Show the server's log", 'success']
    ])
    expect(run.conclusion).toBe('success')
    expect(run.steps[4]?.stdout).toBe('GET /api/me: {"id":1,"email":"demo@example.com"}\n')
    expect(printedTokens(run.steps)).toEqual([])
  })

  it('form-basic: client credentials with a form body and HTTP Basic, into $SEED_TOKEN', async () => {
    const run = await runSelfTestJob('form-basic')
    expect(run.conclusion).toBe('success')
    expect(run.steps.every(step => step.outcome === 'success')).toBe(true)
    expect(run.steps.at(-1)?.stdout).toMatch(/POST \/oauth\/token -> 200\n/)
    expect(printedTokens(run.steps)).toEqual([])
  })

  it('wrong-credentials: three failing steps, each asserted as a failure', async () => {
    const run = await runSelfTestJob('wrong-credentials')
    expect(run.steps.map(step => [step.id ?? step.name, step.outcome, step.conclusion])).toEqual([
      ['Check out the repository', 'success', 'success'],
      ['Start the loopback token server', 'success', 'success'],
      ['wrong-secret', 'failure', 'success'],
      ['wrong-password', 'failure', 'success'],
      ['insecure', 'failure', 'success'],
      ['Each step failed, set no token, and sent at most one request', 'success', 'success'],
      ["Show the server's log", 'success', 'success']
    ])
    expect(run.conclusion).toBe('success')
    expect(run.steps[2]?.stdout).toContain('::error::Token request to ')
    expect(run.steps[2]?.stdout).toContain('failed: HTTP 401 invalid_client')
  })
})

describe("self-test.yml's checks fail when what they check is wrong", () => {
  it.each([
    ['Call the API with the authorization output', 'AUTHORIZATION', 'Bearer '],
    ['Call the API with $ACCESS_TOKEN', 'ACCESS_TOKEN', '']
  ])('password-json: %s, given a token the server refuses', async (name, variable, prefix) => {
    const seed = await startSeedServer()
    try {
      const answer = await fetch(`${seed.url}/oauth/token`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({
          grant_type: 'password',
          client_id: seed.client.id,
          client_secret: seed.client.secret,
          username: seed.user.username,
          password: seed.user.password
        })
      })
      const { access_token: token } = (await answer.json()) as { access_token: string }
      const step = selfTestSteps('password-json').find(candidate => candidate.name === name)
      const withToken = (value: string) => ({ SEED_URL: seed.url, [variable]: `${prefix}${value}` })
      expect(await bashStatus(step?.run, withToken(token))).toBe(0)
      expect(await bashStatus(step?.run, withToken(`x${token}`))).not.toBe(0)
    } finally {
      await seed.close()
    }
  })

  it('wrong-credentials: the last check fails when any one of the steps did not fail', async () => {
    const env = await selfTestEnv()
    expect((await runJob(SELF_TEST, 'wrong-credentials', { env })).conclusion).toBe('success')
    // That check again, on the server's log of that run, with one step's outcome turned to success.
    const check = selfTestSteps('wrong-credentials').find(step =>
      Object.values(step.env ?? {}).some(value => value.includes('.outcome =='))
    )
    const flags = Object.entries(check?.env ?? {})
      .filter(([, value]) => /^\$\{\{ steps\.[\w-]+\.outcome == 'failure' \}\}$/.test(value))
      .map(([flag]) => flag)
    expect(flags).toHaveLength(3)
    const succeeded = (step: string) => ({
      SEED_LOG: env.SEED_LOG,
      TOKENS: '',
      ...Object.fromEntries(flags.map(flag => [flag, String(flag !== step)]))
    })
    expect(await bashStatus(check?.run, succeeded('none'))).toBe(0)
    for (const flag of flags) expect(await bashStatus(check?.run, succeeded(flag))).not.toBe(0)
  })
})

describe('scripts/run-workflow.mjs', () => {
  function workflow(steps: string): string {
    const path = join(scratch(), 'flow.yml')
    writeFileSync(
      path,
      `name: t\non: push\nenv:\n  GREETING: hello\njobs:\n  j:\n    runs-on: ubuntu-latest\n    steps:\n${steps}`
    )
    return path
  }

  it('skips steps after a failure unless always() or failure() asks for them', async () => {
    const path = workflow(`      - name: fails
        run: exit 3
      - name: skipped
        run: echo no
      - name: on failure
        if: failure()
        run: echo yes
      - name: always
        if: \${{ always() }}
        run: echo always
`)
    const run = await runJob(path, 'j')
    expect(outcomes(run.steps)).toEqual([
      ['fails', 'failure'],
      ['skipped', 'skipped'],
      ['on failure', 'success'],
      ['always', 'success']
    ])
    expect(run.conclusion).toBe('failure')
  })

  it('continue-on-error: outcome failure, conclusion success, and the job goes on', async () => {
    const path = workflow(`      - id: bad
        name: bad
        continue-on-error: true
        run: exit 1
      - name: sees it
        env:
          FAILED: \${{ steps.bad.outcome == 'failure' }}
        run: test "$FAILED" = true
`)
    const run = await runJob(path, 'j')
    expect(run.steps.map(step => [step.outcome, step.conclusion])).toEqual([
      ['failure', 'success'],
      ['success', 'success']
    ])
    expect(run.conclusion).toBe('success')
  })

  it('passes GITHUB_OUTPUT to expressions and GITHUB_ENV to later steps', async () => {
    const path = workflow(`      - id: one
        name: one
        run: |
          echo "word=$GREETING-world" >> "$GITHUB_OUTPUT"
          echo "LATER=set" >> "$GITHUB_ENV"
      - name: two
        env:
          WORD: \${{ steps.one.outputs.word }}
        run: echo "$WORD $LATER \${{ env.LATER }}"
`)
    const run = await runJob(path, 'j')
    expect(run.steps[1]?.stdout).toBe('hello-world set set\n')
  })

  it('runs a matrix job as its first combination, or the one asked for, with the matrix context', async () => {
    const path = join(scratch(), 'matrix.yml')
    writeFileSync(
      path,
      `name: t\non: push\njobs:\n  j:\n    strategy:\n      fail-fast: false\n      matrix:\n        os: [ubuntu-latest, macos-latest]\n        node: [20, 24]\n    runs-on: \${{ matrix.os }}\n    steps:\n      - name: says\n        env:\n          OS: \${{ matrix.os }}\n        run: echo "$OS \${{ matrix.node }}"\n`
    )
    expect((await runJob(path, 'j')).steps[0]?.stdout).toBe('ubuntu-latest 20\n')
    const chosen = await runJob(path, 'j', { matrix: { os: 'macos-latest', node: 24 } })
    expect(chosen.steps[0]?.stdout).toBe('macos-latest 24\n')
    await expect(runJob(path, 'j', { matrix: { os: 'windows-latest' } })).rejects.toThrow(
      /job j: matrix\.os has no value windows-latest$/
    )
  })

  it('refuses a matrix it would not run as written: include, exclude, an expression', async () => {
    const flow = (matrix: string) => {
      const path = join(scratch(), 'matrix.yml')
      writeFileSync(
        path,
        `name: t\non: push\njobs:\n  j:\n    strategy:\n      matrix: ${matrix}\n    runs-on: ubuntu-latest\n    steps:\n      - name: x\n        run: echo\n`
      )
      return path
    }
    await expect(runJob(flow('{ os: [a], include: [{ os: b }] }'), 'j')).rejects.toThrow(
      /job j: run-workflow supports a strategy\.matrix of lists only \(not include\)$/
    )
    await expect(runJob(flow('{ os: [a], exclude: [{ os: a }] }'), 'j')).rejects.toThrow(
      /\(not exclude\)$/
    )
    await expect(runJob(flow("'${{ fromJSON(vars.M) }}'"), 'j')).rejects.toThrow(
      /job j: run-workflow supports a strategy\.matrix of lists only$/
    )
    await expect(runJob(flow('{ os: [] }'), 'j')).rejects.toThrow(/\(not os\)$/)
  })

  it('refuses syntax it does not know, rather than ignore it', async () => {
    await expect(
      runJob(workflow('      - name: x\n        shell: sh\n        run: echo\n'), 'j')
    ).rejects.toThrow(/step x: run-workflow does not support shell$/)
    await expect(
      runJob(workflow('      - name: y\n        uses: actions/setup-node@v5\n'), 'j')
    ).rejects.toThrow(/step y: run-workflow supports run, uses: .\/ and actions\/checkout only$/)
  })
})
