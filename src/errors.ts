import { types } from 'node:util'

/** A failure the user fixes by changing an input or the server; its message is written for them. */
export class ActionError extends Error {
  override name = 'ActionError'
}

/** The message of anything thrown, on one line. */
export function errorMessage(error: unknown): string {
  let text: string
  /* isNativeError also knows errors made in another realm (Node's own, seen from a jest vm). */
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

/** Whether `value` is an object (an array too) whose properties can be read: not null. */
export function isObject(value: unknown): value is object {
  return typeof value === 'object' && value !== null
}

/**
 * Whitespace and control characters: `[\s\p{Cc}]` spelled out (Cc is exactly the C0 and C1
 * controls), for the modules every run loads. V8 builds a Unicode property class the first time a
 * regex naming one runs, about 0.1 ms each on Node 24. __tests__/errors.test.ts compares the two
 * over every code point. With them, the invisible format characters of INVISIBLE: in a URL, a
 * path, a grant type or a token, as in a name, a zero-width space is a pasting mistake (the URL
 * parser would drop one from a host name, and percent-encode one in a path).
 */
export const SPACE_OR_CONTROL =
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  /[\s\x00-\x1f\x7f-\x9f\xad\u200b\u200e\u200f\u202a-\u202e\u2060-\u206f]/u
/**
 * Runs of whitespace and control characters, `[\s\p{Cc}]+` (not the invisible ones), for `replace`
 * (which starts from the beginning whatever `lastIndex` says).
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
export const SPACES_OR_CONTROLS = /[\s\x00-\x1f\x7f-\x9f]+/gu
/** Control characters other than tab, `(?!\t)\p{Cc}` spelled out: CR and LF above all. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
export const CONTROL_OTHER_THAN_TAB = /[\x00-\x08\x0a-\x1f\x7f-\x9f]/
/**
 * What a name must not hold and a reader cannot see: any control character, `\p{Cc}` spelled out
 * (tab, CR and LF among them), and the invisible format characters a copy from a web page or a
 * chat brings along: the soft hyphen, the zero-width space, the word joiner and the byte-order
 * mark, the marks and isolates of bidirectional text, and the line and paragraph separators. Not
 * the zero-width (non-)joiner, which some scripts and emoji need.
 */
export const INVISIBLE =
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  /[\x00-\x1f\x7f-\x9f\xad\u200b\u200e\u200f\u2028-\u202e\u2060-\u206f\ufeff]/

/**
 * Node 24 ends a certificate error with advice for its own command line, which an action's user
 * gives as NODE_USE_SYSTEM_CA=1 in the job's env (Node 24.6+) instead; the action's own advice,
 * which names that, replaces it, so the line reads the same on every Node.
 */
export const NODE_CA_ADVICE =
  /; if the root CA is installed locally, try running Node\.js with --use-system-ca/

/** What to do when a server or proxy "uses a private certificate authority" (failures.ts, keyless.ts). */
export const PRIVATE_CA_ADVICE =
  "uses a private certificate authority, pass its certificate in input 'ca-certificate' (or NODE_EXTRA_CA_CERTS, or NODE_USE_SYSTEM_CA=1)"

/**
 * Collapses whitespace and control characters, so a message (with any server text in it) stays
 * one log line and one annotation, and cannot start a workflow command of its own.
 */
export function oneLine(text: string): string {
  return text.replace(SPACES_OR_CONTROLS, ' ').trim()
}

/**
 * A user's value in a message: on one line, cut short between words (clipWords), in quotes. A
 * secret from `secrets.*` given to the wrong input is masked by the runner only whole: cut inside,
 * its start would show. Words end at spaces only: a generated secret has ':', '=' or '&' in it.
 */
export function quote(value: string, max = 60): string {
  return `'${clipWords(oneLine(value), max, /\S+$/)}'`
}

/**
 * Cuts server text to at most `max` characters, the cut marked with an ellipsis, but never inside
 * a word, which is left out (all of it, if it is the first): a secret the action does not know
 * (one the runner masks, from `secrets.*` under a name that says nothing) would lose the runner's
 * mask, which matches it whole, and show its start.
 */
export function clipWords(
  text: string,
  max: number,
  /* The word the cut ends in, if the text goes on with it. */
  word = /[^\s"'&=,;:()[\]{}<>|…]+$/
): string {
  if (text.length <= max) return text
  const cut = text.slice(0, max - 1)
  const split = word.exec(cut)
  if (!split || !word.test(text.charAt(max - 1))) return `${cut}…`
  return `${cut.slice(0, split.index).trimEnd()}…`
}
