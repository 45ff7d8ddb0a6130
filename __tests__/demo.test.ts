// `npm run demo`, the README's first command, as a newcomer runs it: it must work, and show what
// it says it shows — the log as the runner masks it, what was masked, the outputs and env file.
import { describe, expect, it } from '@jest/globals'
import { execFile } from 'node:child_process'
import { join } from 'node:path'
import { promisify } from 'node:util'

const DEMO = join(import.meta.dirname, '..', 'scripts', 'demo.mjs')

describe('npm run demo', () => {
  it('gets a token from the loopback server, and shows the masked log and what was masked', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, [DEMO], { timeout: 30_000 })
    const section = (title: string): string =>
      stdout.split(`--- ${title}`)[1]?.split('\n--- ')[0] ?? ''

    const log = section('The step log, as the runner masks it')
    expect(log).toMatch(/^Requesting a token from http:\/\/127\.0\.0\.1:\d+\/oauth\/token/m)
    expect(log).toMatch(/^Got a Bearer token/m)
    for (const secret of ['demo-client-secret', 'demo-password']) expect(log).not.toContain(secret)

    const masked = section('Values the action had the runner mask')
    expect(masked).toMatch(/client-secret, password, access-token, authorization, refresh-token/)
    expect(masked).toContain('A later step that runs echo "$ACCESS_TOKEN" shows: ***\n')

    expect(section('Outputs')).toMatch(/^ {2}access-token = eyJ.{13}… \(\d+ characters\)$/m)
    expect(section('Env file')).toMatch(/^ {2}ACCESS_TOKEN = eyJ/m)
    expect(stdout).toMatch(/calling GET \/api\/me with \$ACCESS_TOKEN: HTTP 200 /)
    expect(stdout).toMatch(/The action exited with code 0 in \d+ ms\.\n$/)
  })
})
