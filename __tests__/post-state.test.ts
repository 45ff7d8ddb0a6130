import { describe, expect, it } from '@jest/globals'
import { isPostStep, serializeRevocation } from '../src/post-state.js'
import { parseRevocation } from '../src/post.js'

describe('isPostStep', () => {
  it('is true only with STATE_isPost=true, as the runner passes saved state', () => {
    expect(isPostStep({ STATE_isPost: 'true' })).toBe(true)
    expect(isPostStep({})).toBe(false)
    expect(isPostStep({ STATE_isPost: '' })).toBe(false)
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

  it('drops tokens it cannot read', () => {
    expect(
      parseRevocation(
        '{"url":"u","tokens":[{"token":"a","hint":"id_token","expiresAt":""},{"token":1},null,{"token":"b","hint":"access_token","expiresAt":""}]}'
      )
    ).toEqual({ url: 'u', tokens: [{ token: 'b', hint: 'access_token', expiresAt: '' }] })
  })
})
