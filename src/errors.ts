import { types } from 'node:util'

/** A failure the user fixes by changing an input or the server; its message is written for them. */
export class ActionError extends Error {
  override name = 'ActionError'
}

/** The message of anything thrown, on one line. */
export function errorMessage(error: unknown): string {
  let text: string
  // isNativeError also knows errors made in another realm (Node's own, seen from a jest vm).
  if (error instanceof Error || types.isNativeError(error)) text = error.message || error.name
  else if (typeof error === 'string') text = error
  else {
    try {
      text = JSON.stringify(error) ?? String(error)
    } catch {
      text = String(error)
    }
  }
  return oneLine(text)
}

/**
 * Collapses whitespace and control characters, so a message (with any server text in it) stays
 * one log line and one annotation, and cannot start a workflow command of its own.
 */
export function oneLine(text: string): string {
  return text.replace(/[\s\p{Cc}]+/gu, ' ').trim()
}

/** Cuts text to at most `max` characters, marking the cut. */
export function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`
}

/** A user's value in a message: on one line, cut short, in quotes. */
export function quote(value: string, max = 60): string {
  return `'${clip(oneLine(value), max)}'`
}
