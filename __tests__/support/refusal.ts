import { expect } from '@jest/globals'
import { ActionError } from '../../src/errors.js'

/** The message of the ActionError that `action` throws; fails the test if it throws anything else. */
export function refusal(action: () => unknown): string {
  let thrown: unknown
  try {
    action()
  } catch (error) {
    thrown = error
  }
  expect(thrown).toBeInstanceOf(ActionError)
  return thrown instanceof Error ? thrown.message : ''
}
