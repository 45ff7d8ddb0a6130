// `npm run seed-server`: the loopback token server as a program, as the self-test workflow and
// `npm run local-action` start it.
import { describe, expect, it } from '@jest/globals'
import { spawn, spawnSync } from 'node:child_process'
import { once } from 'node:events'
import { createServer } from 'node:net'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { startSeedServer } from '../scripts/seed-server.mjs'

const SERVER = join(import.meta.dirname, '..', 'scripts', 'seed-server.mjs')

/** Runs node with `args` and `env` added, without blocking this process (it holds the port). */
async function spawnAsync(args: string[], env: Record<string, string>) {
  const child = spawn(process.execPath, args, { env: { ...process.env, ...env } })
  let stdout = ''
  let stderr = ''
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk))
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
  const [code] = (await once(child, 'close')) as [number | null]
  return { code, stdout, stderr }
}

describe('scripts/seed-server.mjs as a program', () => {
  it('serves tokens and checks them on /api/me until SIGTERM, logging each answer', async () => {
    const child = spawn(process.execPath, [SERVER, '0'])
    let stdout = ''
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk))
    while (!/127\.0\.0\.1:\d+\n/.test(stdout)) await once(child.stdout, 'data')
    const url = /Seed-like token server on (http:\/\/127\.0\.0\.1:\d+)/.exec(stdout)?.[1]
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)

    const token = await fetch(`${url}/oauth/token`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        Authorization: `Basic ${Buffer.from('demo-client:demo-client-secret').toString('base64')}`
      },
      body: 'grant_type=client_credentials'
    })
    expect(token.status).toBe(200)
    const { access_token: accessToken } = (await token.json()) as { access_token: string }
    const me = await fetch(`${url}/api/me`, { headers: { Authorization: `Bearer ${accessToken}` } })
    expect([me.status, await me.json()]).toEqual([200, { id: 1, email: 'demo@example.com' }])
    const other = await fetch(`${url}/api/me`, { headers: { Authorization: 'Bearer nope' } })
    expect(other.status).toBe(401)

    child.kill('SIGTERM')
    const [code] = await once(child, 'exit')
    expect(code).toBe(0)
    expect(stdout).toMatch(
      /Z POST \/oauth\/token -> 200\n.*Z GET \/api\/me -> 200\n.*Z GET \/api\/me -> 401\n/
    )
    expect(stdout).not.toContain(accessToken)
  })

  it('says in one line that its port is taken, and how to pick another, and exits with 1', async () => {
    const taken = createServer()
    await new Promise<void>(resolve => taken.listen(0, '127.0.0.1', resolve))
    const { port } = taken.address() as AddressInfo
    try {
      const hint = `pick another: npm run seed-server -- ${port + 1} (or SEED_PORT=${port + 1})`
      const expected = `seed-server: port ${port} on 127.0.0.1 is taken (another seed-server?); ${hint}, and the same port in .env's INPUT_HOST\n`
      for (const run of [
        await spawnAsync([SERVER, String(port)], {}),
        await spawnAsync([SERVER], { SEED_PORT: String(port) })
      ]) {
        expect(run).toEqual({ code: 1, stdout: '', stderr: expected })
      }
    } finally {
      await new Promise(resolve => taken.close(resolve))
    }
  })

  it('refuses a port that is not a number', () => {
    const run = spawnSync(process.execPath, [SERVER, '80a'])
    expect(run.status).toBe(2)
    expect(run.stderr.toString()).toBe(
      'seed-server: port must be a number from 0 to 65535, got "80a"\n'
    )
  })
})

describe('startSeedServer: HTTP Basic client authentication', () => {
  // RFC 6749 section 2.3.1: id and secret are form-urlencoded before base64, so a space is '+'
  // and a '+' is %2B, as client-auth: basic sends them.
  it.each([
    ['a space', 'secret with space'],
    ['non-ASCII and a space', 'sëcret ☃']
  ])('takes a form-encoded secret with %s', async (_what, secret) => {
    const seed = await startSeedServer({ clientSecret: secret })
    try {
      const encode = (value: string): string =>
        new URLSearchParams([['', value]]).toString().slice(1)
      const credentials = `${encode(seed.client.id)}:${encode(secret)}`
      const answer = await fetch(`${seed.url}/oauth/token`, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/x-www-form-urlencoded',
          Authorization: `Basic ${Buffer.from(credentials, 'utf8').toString('base64')}`
        },
        body: 'grant_type=client_credentials'
      })
      expect(answer.status).toBe(200)
    } finally {
      await seed.close()
    }
  })

  it('answers 401 invalid_client to Basic credentials that are not form-encoded, and keeps serving', async () => {
    const seed = await startSeedServer({ clientSecret: '50%zz' })
    try {
      const post = (credentials: string): Promise<Response> =>
        fetch(`${seed.url}/oauth/token`, {
          method: 'POST',
          headers: {
            'Content-Type': 'application/x-www-form-urlencoded',
            Authorization: `Basic ${Buffer.from(credentials, 'utf8').toString('base64')}`
          },
          body: 'grant_type=client_credentials'
        })
      const raw = await post(`${seed.client.id}:50%zz`)
      expect([raw.status, ((await raw.json()) as { error: string }).error]).toEqual([
        401,
        'invalid_client'
      ])
      expect((await post(`${seed.client.id}:50%25zz`)).status).toBe(200)
    } finally {
      await seed.close()
    }
  })
})
