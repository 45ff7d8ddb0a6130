import { runInNewContext } from 'node:vm'
import { describe, expect, it } from '@jest/globals'
import {
  CONTROL_OTHER_THAN_TAB,
  INVISIBLE,
  SPACES_OR_CONTROLS,
  SPACE_OR_CONTROL,
  clipWords,
  errorMessage,
  oneLine,
  quote
} from '../src/errors.js'
import { redact } from '../src/redact.js'

/** Every code point, lone surrogates included, as a one-character (or surrogate-pair) string. */
const everyCodePoint = function* (): Generator<string> {
  for (let code = 0; code <= 0x10ffff; code++) yield String.fromCodePoint(code)
}

/** The code points, in hex, on which the two patterns disagree. */
const disagreements = (pattern: RegExp, reference: RegExp): string[] => {
  const differ: string[] = []
  for (const char of everyCodePoint()) {
    if (pattern.test(char) !== reference.test(char)) {
      differ.push((char.codePointAt(0) ?? 0).toString(16))
    }
  }
  return differ
}

describe('SPACE_OR_CONTROL', () => {
  it("matches exactly what [\\s\\p{Cc}] matches and INVISIBLE's format characters, for every code point", () => {
    const reference = new RegExp(`[\\s\\p{Cc}]|${INVISIBLE.source}`, 'u')
    expect(disagreements(SPACE_OR_CONTROL, reference)).toEqual([])
    // Beyond [\s\p{Cc}]: what INVISIBLE adds to \p{Cc}, less the separators and the byte-order
    // mark, which \s has.
    const invisible = ['ad', '200b', '200e', '200f', '202a', '202b', '202c', '202d', '202e']
    for (let code = 0x2060; code <= 0x206f; code++) invisible.push(code.toString(16))
    expect(disagreements(SPACE_OR_CONTROL, /[\s\p{Cc}]/u)).toEqual(invisible)
  })

  it('collapses runs like [\\s\\p{Cc}]+ does, whatever was matched before', () => {
    const text =
      'a \t\r\n\u0000\u001f\u007f\u0085\u009f\u00a0\u2028 b\u0080c\u00a1d\u{1f600}e\ud800'
    const expected = text.replace(/[\s\p{Cc}]+/gu, ' ')
    expect(text.replace(SPACES_OR_CONTROLS, ' ')).toBe(expected)
    expect(text.replace(SPACES_OR_CONTROLS, ' ')).toBe(expected)
    expect(oneLine(text)).toBe(expected.trim())
  })
})

describe('INVISIBLE', () => {
  it('matches \\p{Cc} and the invisible format characters a copy brings along, for every code point', () => {
    // Beyond \p{Cc}: the soft hyphen, the zero-width space, the bidirectional marks, embeddings
    // and isolates, the word joiner and its kin, and the byte-order mark.
    const invisible = ['ad', '200b', '200e', '200f', '2028', '2029']
    invisible.push('202a', '202b', '202c', '202d', '202e')
    for (let code = 0x2060; code <= 0x206f; code++) invisible.push(code.toString(16))
    invisible.push('feff')
    expect(disagreements(INVISIBLE, /\p{Cc}/u)).toEqual(invisible)
    // Each is a format character (or unassigned, 2065) that shows nothing, or a line or paragraph
    // separator (a line break to YAML and JavaScript); the zero-width (non-)joiner, which Persian,
    // Indic scripts and emoji sequences need, is not among them.
    for (const hex of invisible) {
      expect(String.fromCodePoint(parseInt(hex, 16))).toMatch(/^[\p{Cf}\p{Cn}\p{Zl}\p{Zp}]$/u)
    }
    expect(INVISIBLE.test('\u200c\u200d')).toBe(false)
  })
})

describe('CONTROL_OTHER_THAN_TAB', () => {
  it('matches exactly what (?!\\t)\\p{Cc} matches, for every code point', () => {
    expect(disagreements(CONTROL_OTHER_THAN_TAB, /(?!\t)\p{Cc}/u)).toEqual([])
  })

  it('finds a control character anywhere in a value, surrogate pairs around it or not', () => {
    for (const value of ['a\tb', 'x\u{1f600}y', 'pa\ud800ss', 'a\u00a0b']) {
      expect(CONTROL_OTHER_THAN_TAB.test(value)).toBe(false)
    }
    for (const value of ['a\rb', '\u{1f600}\n', 'x\u0085', '\u007f\ud800', 'tab\t\u0000']) {
      expect(CONTROL_OTHER_THAN_TAB.test(value)).toBe(true)
    }
  })
})

describe('errorMessage', () => {
  it('names an error that has no message by its name', () => {
    expect(errorMessage(new TypeError())).toBe('TypeError')
  })

  it("reads an error made in another realm (Node's own, seen from a jest vm) as an error", () => {
    expect(errorMessage(runInNewContext("new RangeError('out of\\nrange')"))).toBe('out of range')
  })

  it('writes anything else thrown on one line, even what JSON cannot write', () => {
    const cyclic: { self?: unknown } = {}
    cyclic.self = cyclic
    expect(errorMessage('bad\r\nthing')).toBe('bad thing')
    expect(errorMessage({ code: 'E1' })).toBe('{"code":"E1"}')
    expect(errorMessage(undefined)).toBe('undefined')
    expect(errorMessage(Symbol('s'))).toBe('Symbol(s)')
    expect(errorMessage(cyclic)).toBe('[object Object]')
  })
})

describe('clipWords and quote', () => {
  it('ends a cut between words without the space before it', () => {
    expect(clipWords('abc def ghij', 10)).toBe('abc def…')
  })

  it.each([...`"'&=,;:()[]{}<>|`])(
    'ends a word at %s, so a cut leaves out only the value after it, not the key before it',
    separator => {
      expect(clipWords(`key${separator}abcdefghij more`, 10)).toBe(`key${separator}…`)
    }
  )

  it('takes an ellipsis in the text for no part of a word', () => {
    expect(clipWords('Down…for maintenance', 8)).toBe('Down……')
  })

  it("quotes a value cut between words at spaces only, not inside a secret's = or :", () => {
    // A secret only the runner knows, with '=' in it: shown whole (masked) or not at all.
    expect(quote(`${'x'.repeat(50)} Sg7Zt=2Wm9Xr4VbN8p3Hs`)).toBe(`'${'x'.repeat(50)}…'`)
  })

  it('quotes a value cut at 60 characters unless told otherwise', () => {
    const value = `${'word '.repeat(13)}end`
    expect(quote(value)).toBe(`'${'word '.repeat(11)}word…'`)
    expect(quote(value, 80)).toBe(`'${value}'`)
  })
})

describe('redact: the lone-surrogate guard', () => {
  it.each([
    ['a lone high surrogate', 'pa\ud800ss'],
    ['a lone low surrogate', 'pa\udc00ss'],
    ['a reversed pair', 'pa\udc00\ud800ss'],
    ['a valid pair next to a lone one', 'p\u{1f600}\ud83dss']
  ])('masks the URL-encoded form of a secret with %s, and keeps valid pairs', (_name, secret) => {
    const wellFormed = secret.replace(/\p{Surrogate}/gu, '\ufffd')
    expect(redact(`x=${encodeURIComponent(wellFormed)}&y`, [secret])).toBe('x=***&y')
  })
})
