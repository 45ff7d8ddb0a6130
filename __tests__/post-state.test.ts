import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { POST_STATES, serializeRevocation } from '../src/post-state.js'
import { parseRevocation } from '../src/post.js'

describe('POST_STATES', () => {
  it('names every state dist/post.js loads the action for', () => {
    const entry = readFileSync(join(import.meta.dirname, '..', 'src', 'post.cjs'), 'utf8')
    const read = [...entry.matchAll(/process\.env(?:\.STATE_([\w-]+)|\['STATE_([\w-]+)'\])/g)].map(
      ([, dotted, quoted]) => dotted ?? quoted
    )
    expect(read.sort()).toEqual([...POST_STATES].sort())
  })
})

describe('serializeRevocation and parseRevocation', () => {
  it('round-trips', () => {
    const state = {
      url: 'https://auth.example.com/oauth/revoke',
      tokens: [
        { token: 'a', hint: 'access_token' as const, expiresAt: '2026-11-28T13:00:00Z' },
        { token: 'r', hint: 'refresh_token' as const, expiresAt: '' }
      ]
    }
    expect(parseRevocation(serializeRevocation(state))).toEqual(state)
  })

  it.each(['', 'not json', '[]', 'null', '{"url":1,"tokens":[]}', '{"url":"u"}'])(
    'reads %p as no state',
    text => {
      expect(parseRevocation(text)).toBeUndefined()
    }
  )

  it('drops a token endpoint, client id or grant type that is not a string', () => {
    expect(
      parseRevocation(
        '{"url":"u","tokens":[],"tokenEndpoint":1,"clientId":null,"grantType":{"a":"b"}}'
      )
    ).toEqual({ url: 'u', tokens: [] })
  })

  it('drops tokens it cannot read', () => {
    expect(
      parseRevocation(
        '{"url":"u","tokens":[{"token":"a","hint":"id_token","expiresAt":""},{"token":1},null,{"token":"b","hint":"access_token","expiresAt":""},{"token":2,"hint":"access_token","expiresAt":""},{"token":"c","hint":"refresh_token","expiresAt":0},{"token":"d","hint":"refresh_token"}]}'
      )
    ).toEqual({ url: 'u', tokens: [{ token: 'b', hint: 'access_token', expiresAt: '' }] })
  })
})
