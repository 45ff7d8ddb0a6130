// `npm run local-action`: the action's src/ (ESM TypeScript) run by @github/local-action with a
// .env file like .env.example, against the loopback seed server, as the README tells people to.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { execFile, spawn } from 'node:child_process'
import { once } from 'node:events'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { type SeedServer, startSeedServer } from '../scripts/seed-server.mjs'

const ROOT = join(import.meta.dirname, '..')
const LOCAL_ACTION = join(ROOT, 'node_modules/@github/local-action/bin/local-action.js')
// The JWT header every seed token starts with ({"typ":"JWT",...}), and Passport's refresh prefix.
const TOKEN_SHAPES = ['eyJ0eXAiOiJKV1Qi', 'def50200']
const { scripts } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  scripts: Record<string, string>
}
// What `npm run local-action` runs once .env exists: `local-action <arguments> .env`.
const [COMMAND, ...ARGUMENTS] = scripts['local-action']?.split(/;\s*/).at(-1)?.split(' ') ?? []

let seed: SeedServer
let dir: string

beforeAll(async () => {
  seed = await startSeedServer()
  dir = mkdtempSync(join(tmpdir(), 'local-action-'))
})

afterAll(async () => {
  await seed.close()
  rmSync(dir, { recursive: true, force: true })
})

/** .env.example with its host pointed at this test's server and `changes` applied. */
function envFile(name: string, changes: Record<string, string> = {}): string {
  let text = readFileSync(join(ROOT, '.env.example'), 'utf8').replace(
    'INPUT_HOST=http://127.0.0.1:8400',
    `INPUT_HOST=${seed.url}`
  )
  for (const [key, value] of Object.entries(changes)) {
    text = text.replace(new RegExp(`^${key}=.*$`, 'm'), `${key}=${value}`)
  }
  const path = join(dir, name)
  writeFileSync(path, text)
  return path
}

// The files of the runner's step when these tests run in a GitHub Actions job (ci.yml): the
// action under local-action would write its job summary, outputs or env to that job's.
const RUNNER_FILES = ['GITHUB_OUTPUT', 'GITHUB_ENV', 'GITHUB_STATE', 'GITHUB_STEP_SUMMARY']

async function localAction(env: string): Promise<string> {
  expect([COMMAND, ARGUMENTS.at(-1)]).toEqual(['local-action', '.env'])
  const inherited = Object.entries(process.env).filter(([name]) => !RUNNER_FILES.includes(name))
  const { stdout, stderr } = await promisify(execFile)(
    process.execPath,
    [LOCAL_ACTION, ...ARGUMENTS.slice(0, -1), env],
    { cwd: ROOT, timeout: 60_000, env: { ...Object.fromEntries(inherited), NO_COLOR: '1' } }
  )
  return stdout + stderr
}

describe('npm run local-action', () => {
  it('.env.example points at the seed server with its credentials', () => {
    const example = readFileSync(join(ROOT, '.env.example'), 'utf8')
    expect(example).toContain('INPUT_HOST=http://127.0.0.1:8400')
    expect(example).toContain(`INPUT_CLIENT-ID=${seed.client.id}`)
    expect(example).toContain(`INPUT_CLIENT-SECRET=${seed.client.secret}`)
    expect(example).toContain(`INPUT_USERNAME=${seed.user.username}`)
    expect(example).toContain(`INPUT_PASSWORD=${seed.user.password}`)
  })

  it('.env.example points where `npm run seed-server` listens by default', async () => {
    const [node, ...args] = scripts['seed-server']?.split(' ') ?? []
    expect(node).toBe('node')
    const env = Object.fromEntries(
      Object.entries(process.env).filter(([name]) => name !== 'SEED_PORT')
    )
    const child = spawn(process.execPath, args, { cwd: ROOT, env })
    let output = ''
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk))
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk))
    let closed = false
    const close = once(child, 'close').then(() => (closed = true))
    // Listening, or refused because a server holds the port already: either names the address.
    while (!/127\.0\.0\.1:\d+/.test(output) && !closed) {
      await Promise.race([once(child.stdout, 'data'), close])
    }
    child.kill('SIGTERM')
    await close
    const port = /127\.0\.0\.1:(\d+)/.exec(output)?.[1]
    expect(readFileSync(join(ROOT, '.env.example'), 'utf8')).toContain(
      `INPUT_HOST=http://127.0.0.1:${port}`
    )
  })

  it("runs src/ and gets a token from the seed server, printing no secret, writing no CI job's files", async () => {
    const before = seed.requests.length
    // As in ci.yml's job: the runner's files of the step that runs the tests.
    const saved = { ...process.env }
    const jobFiles = RUNNER_FILES.map(name => [name, join(dir, `job-${name}`)] as const)
    for (const [name, path] of jobFiles) {
      writeFileSync(path, '')
      process.env[name] = path
    }
    const output = await localAction(envFile('good.env')).finally(() => {
      for (const [name] of jobFiles) {
        if (saved[name] === undefined) Reflect.deleteProperty(process.env, name)
        else process.env[name] = saved[name]
      }
    })
    for (const [, path] of jobFiles) expect(readFileSync(path, 'utf8')).toBe('')
    expect(output).toContain(
      `Requesting a token from ${seed.url}/oauth/token (grant_type password)`
    )
    expect(output).toContain('::set-output name=token-type::Bearer')
    expect(output).toContain('::info::Got a Bearer token, valid until 2')
    expect(seed.requests.slice(before).map(request => `${request.method} ${request.url}`)).toEqual([
      'POST /oauth/token'
    ])
    for (const secret of [seed.client.secret, seed.user.password, ...TOKEN_SHAPES]) {
      expect(output).not.toContain(secret)
    }
  }, 60_000)

  it('fails with the one-line message for a wrong secret', async () => {
    const output = await localAction(
      envFile('wrong.env', { 'INPUT_CLIENT-SECRET': 'not-the-secret' })
    )
    expect(output).toContain(
      `::error::Token request to ${seed.url}/oauth/token failed: HTTP 401 invalid_client: Client authentication failed; check client-id, client-secret and client-auth`
    )
    expect(output).not.toContain('not-the-secret')
  }, 60_000)
})
