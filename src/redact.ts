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
  const forms = formsOf(secrets)
  const spans: Span[] = []
  for (const form of forms) {
    for (let at = text.indexOf(form); at >= 0; at = text.indexOf(form, at + form.length)) {
      spans.push([at, at + form.length])
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
const formsCache = new WeakMap<readonly string[], { secrets: string[]; forms: string[] }>()

function formsOf(secrets: readonly string[]): readonly string[] {
  const cached = formsCache.get(secrets)
  if (cached && sameItems(cached.secrets, secrets)) return cached.forms
  const forms = new Set<string>()
  for (const secret of secrets) {
    if (!secret) continue
    forms.add(secret)
    // encodeURIComponent throws on a lone surrogate; toWellFormed makes it U+FFFD, as
    // URLSearchParams and Buffer do.
    forms.add(encodeURIComponent(secret.toWellFormed()))
    forms.add(encodeURI(secret.toWellFormed()))
    forms.add(formEncode(secret))
    // JSON as JSON.stringify writes it, and as PHP's json_encode (Laravel) and Python's json.dumps
    // write it by default: non-ASCII as \u00e9, and "/" as "\/" (PHP).
    const json = JSON.stringify(secret).slice(1, -1)
    const asciiJson = json.replace(/[\u0080-\uffff]/g, unicodeEscape)
    forms.add(json)
    forms.add(asciiJson)
    forms.add(asciiJson.replaceAll('/', '\\/'))
    forms.add(json.replaceAll('/', '\\/'))
    // HTML as Node's escape-html writes it, as Python's html.escape and Django do ('), and Go (").
    const html = escapeHtml(secret)
    forms.add(html)
    forms.add(html.replaceAll('&#39;', '&#x27;'))
    forms.add(html.replaceAll('&quot;', '&#34;'))
    // As oneLine() would show it, should the text be collapsed before it gets here.
    forms.add(secret.replace(SPACES_OR_CONTROLS, ' ').trim())
  }
  const sorted = [...forms].filter(Boolean).sort((a, b) => b.length - a.length)
  formsCache.set(secrets, { secrets: [...secrets], forms: sorted })
  return sorted
}

function unicodeEscape(char: string): string {
  return `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`
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
