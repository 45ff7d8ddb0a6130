import { describe, expect, it } from '@jest/globals'
import { runAction } from '../scripts/runner.mjs'
import { startSeedServer } from '../scripts/seed-server.mjs'

describe('smoke', () => {
  it('gets a token from the seed server', async () => {
    const server = await startSeedServer()
    try {
      const run = await runAction({
        host: server.url,
        'client-id': server.client.id,
        'client-secret': server.client.secret,
        username: server.user.username,
        password: server.user.password
      })
      expect(run.code).toBe(0)
      expect(run.outputs['token-type']).toBe('Bearer')
    } finally {
      await server.close()
    }
  })
})
