import { SPACES_OR_CONTROLS, clip, oneLine } from './errors.js'
import { formEncode } from './form-encode.js'

export const MASK = '***'

/**
 * Replaces every known secret in `text`, also in the encodings a secret takes in a request
 * body, a URL or an HTML error page, so a server that echoes one back cannot put it in our log or
 * error message. Redact server text before clipping it, or a cut secret slips through.
 *
 * Every form is looked for in the text as given, and what any of them covers is masked, so a
 * secret inside another (or two that overlap) cannot leave part of the longer one showing.
 */
export function redact(text: string, secrets: readonly string[]): string {
  const known = knownForms(secrets)
  const { forms } = known
  const spans: Span[] = []
  for (const form of forms) {
    for (let at = text.indexOf(form); at >= 0; at = text.indexOf(form, at + form.length)) {
      spans.push([at, at + form.length])
    }
  }
  // A server's own escaping, whatever its encoder: each character as itself or escaped ("+" is a
  // space in form encoding).
  if (/[%&\\]/.test(text) || (text.includes('+') && secrets.some(secret => secret.includes(' ')))) {
    for (const spelled of spellingsOf(known, escapesLetters(text))) {
      spelled.lastIndex = 0
      for (let found = spelled.exec(text); found; found = spelled.exec(text)) {
        // An empty match would find itself again at the same place, forever: none is a secret.
        if (!found[0]) break
        spans.push([found.index, spelled.lastIndex])
      }
    }
  }
  // A value cut short in a message (quote, clip, or a server's own "...") ends in an ellipsis:
  // a secret's start, if it is one.
  if (text.includes('…') || text.includes('...')) spans.push(...cutSecrets(text, forms))
  return spans.length ? mask(text, spans) : text
}

/** Where a secret (or the start of one) sits in a text: from, to (exclusive). */
type Span = [number, number]

/** `text` with each run of overlapping spans replaced by one MASK. */
function mask(text: string, spans: Span[]): string {
  spans.sort((a, b) => a[0] - b[0])
  let result = ''
  let shown = 0
  for (const [from, to] of spans) {
    if (to <= shown) continue
    result += from >= shown ? `${text.slice(shown, from)}${MASK}` : ''
    shown = to
  }
  return `${result}${text.slice(shown)}`
}

/**
 * Before each ellipsis, the longest start of a secret (8 characters or more) that ends there. A
 * start is looked for only since the ellipsis before, so the work grows with the text, not with
 * the text times the secrets' length.
 */
function cutSecrets(text: string, forms: readonly string[]): Span[] {
  const spans: Span[] = []
  const ellipsis = /…|\.\.\./g
  let after = 0
  for (let found = ellipsis.exec(text); found; found = ellipsis.exec(text)) {
    const end = found.index
    let start = end
    for (const form of forms) {
      const from = Math.max(after, end - form.length + 1)
      for (let at = from; at <= end - 8 && at < start; at++) {
        if (text[at] === form[0] && form.startsWith(text.slice(at, end))) start = at
      }
    }
    if (start < end) spans.push([start, end])
    after = ellipsis.lastIndex
  }
  return spans
}

/**
 * Every line the action writes is redacted with the same few secrets: their forms, longest
 * first, are worked out once per list and kept with a copy of the list they came from, so a
 * secret added to the list later (the token, after the request) is never missed.
 */
interface KnownForms {
  /** A copy of the list the forms came from. */
  readonly secrets: readonly string[]
  /** Longest first. */
  readonly forms: readonly string[]
  /** Built on first need: spellingsOf. */
  spellings?: readonly RegExp[]
  /** The same, spelling letters and digits too: spellingsOf. */
  everyCharSpellings?: readonly RegExp[]
}

const formsCache = new WeakMap<readonly string[], KnownForms>()

function knownForms(secrets: readonly string[]): KnownForms {
  const cached = formsCache.get(secrets)
  if (cached && sameItems(cached.secrets, secrets)) return cached
  const forms = new Set<string>()
  const add = (secret: string): void => {
    forms.add(secret)
    // encodeURIComponent throws on a lone surrogate; toWellFormed makes it U+FFFD, as
    // URLSearchParams and Buffer do.
    forms.add(encodeURIComponent(secret.toWellFormed()))
    forms.add(encodeURI(secret.toWellFormed()))
    forms.add(formEncode(secret))
    forms.add(JSON.stringify(secret).slice(1, -1))
    forms.add(escapeHtml(secret))
    // As oneLine() would show it, should the text be collapsed before it gets here.
    forms.add(secret.replace(SPACES_OR_CONTROLS, ' ').trim())
  }
  for (const secret of secrets) {
    if (!secret) continue
    add(secret)
    // Called for each line written: no array is made for a secret normalization leaves as it is.
    if (normalizes(secret)) {
      add(secret.normalize('NFC'))
      add(secret.normalize('NFD'))
    }
  }
  const sorted = [...forms].filter(Boolean).sort((a, b) => b.length - a.length)
  const known: KnownForms = { secrets: [...secrets], forms: sorted }
  formsCache.set(secrets, known)
  return known
}

/**
 * Each secret as a pattern that finds it in any escaping a server may echo it in, one character
 * at a time: as itself; percent-encoded in either case, or encoded twice, or a space as "+"; as
 * an HTML character reference, numbered or named; as a JSON, JavaScript, Rust or Python escape.
 * No list of encoders is complete (PHP's rawurlencode and htmlentities, Python's quote and repr,
 * .NET's lower-case hex and Go's JSON each escape other characters); this is. Letters and digits,
 * which encoders leave alone, stand for themselves unless `everyChar` (the text escapes one: see
 * escapesLetters), so a pattern is small, and a secret made of them alone needs none; patterns
 * that spell them too take V8 about 20 ms each to build. Built the first time a text holds an
 * escape, which a password grant's own lines do not.
 */
function spellingsOf(known: KnownForms, everyChar: boolean): readonly RegExp[] {
  const build = (): RegExp[] =>
    known.secrets
      // A multi-line secret is matched line by line: each line is a secret of its own (log.ts).
      .filter(
        secret =>
          secret &&
          (everyChar || /[^A-Za-z0-9]/.test(secret)) &&
          !secret.includes('\n') &&
          secret.length <= 16384
      )
      .flatMap(normalForms)
      .map(secret => {
        const chars = [...secret.toWellFormed()]
        const spelled = chars.map(char =>
          !everyChar && /^[A-Za-z0-9]$/.test(char) ? char : spellingsOfChar(char)
        )
        return new RegExp(spelled.join(''), 'g')
      })
  if (everyChar) known.everyCharSpellings ??= build()
  else known.spellings ??= build()
  return (everyChar ? known.everyCharSpellings : known.spellings) ?? []
}

/** Whether `text` escapes a letter or digit (%41, &#65;, &#x41;, \u0041, \x41, \u{41}). */
function escapesLetters(text: string): boolean {
  const hex = '(?:3[0-9]|4[1-9A-Fa-f]|5[0-9Aa]|6[1-9A-Fa-f]|7[0-9Aa])'
  const decimal = '(?:4[89]|5[0-7]|6[5-9]|[78][0-9]|90|9[7-9]|1[01][0-9]|12[0-2])'
  return new RegExp(
    `%(?:25)?${hex}|&#(?:[xX]0*${hex}|0*${decimal});|\\\\(?:[uU]00${hex}|x${hex}|u\\{0*${hex}\\})`
  ).test(text)
}

/**
 * A secret and, when Unicode normalization changes it, its composed and decomposed forms, which
 * a server that normalizes what it echoes (NFC, or macOS's NFD) would show.
 */
function normalForms(secret: string): string[] {
  if (!normalizes(secret)) return [secret]
  return [...new Set([secret, secret.normalize('NFC'), secret.normalize('NFD')])]
}

/** Whether `secret` may change under normalization: only a character encodeURI escapes can. */
function normalizes(secret: string): boolean {
  return encodeURI(secret.toWellFormed()) !== secret
}

/** Character references and escapes that name a character rather than give its number. */
const NAMED_SPELLINGS: Readonly<Record<string, string>> = {
  ' ': '\\+',
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;|\\\\"',
  "'": "&apos;|\\\\'",
  '/': '\\\\/',
  '\\': '\\\\\\\\',
  '\n': '\\\\n',
  '\r': '\\\\r',
  '\t': '\\\\t'
}

function spellingsOfChar(char: string): string {
  const code = char.codePointAt(0) ?? 0
  const bytes = [...Buffer.from(char)]
  const percent = bytes.map(byte => `%(?:25)?${anyCaseHex(byte, 2)}`).join('')
  const json = char
    .split('')
    .map(unit => `\\\\[uU]${anyCaseHex(unit.charCodeAt(0), 4)}`)
    .join('')
  const spellings = [
    char.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&'),
    percent,
    `&#0{0,6}${code};`,
    `&#[xX]0{0,6}${anyCaseHex(code, 1)};`,
    json,
    // JavaScript's and Rust's \u{e9}; Python's \xe9 or \U0001f600, and its bytes' \xc3\xa9.
    `\\\\u\\{0{0,6}${anyCaseHex(code, 1)}\\}`,
    code <= 0xff ? `\\\\x${anyCaseHex(code, 2)}` : `\\\\U${anyCaseHex(code, 8)}`
  ]
  if (bytes.length > 1) spellings.push(bytes.map(byte => `\\\\x${anyCaseHex(byte, 2)}`).join(''))
  const named = NAMED_SPELLINGS[char]
  if (named) spellings.push(named)
  // HTML's named references (PHP's htmlentities: &egrave;), one for each character but a letter
  // or digit: any name stands for it, as there are more than two thousand.
  if (!/^[A-Za-z0-9]$/.test(char)) spellings.push('&[A-Za-z][A-Za-z0-9]{1,31};')
  return `(?:${spellings.join('|')})`
}

/** `value` in hexadecimal, `width` digits at least, as a pattern that takes either case. */
function anyCaseHex(value: number, width: number): string {
  return value
    .toString(16)
    .padStart(width, '0')
    .replace(/[a-f]/g, digit => `[${digit}${digit.toUpperCase()}]`)
}

function sameItems(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((item, index) => item === b[index])
}

/**
 * Text from the server, fit for a message: our secrets masked first, then one line, then cut to
 * `max` characters — in that order, so no cut can leave part of a secret unmatched.
 */
export function serverText(text: string, secrets: readonly string[], max: number): string {
  return clip(oneLine(redact(text, secrets)), max)
}

function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;')
}
