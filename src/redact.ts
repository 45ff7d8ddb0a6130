import { SPACES_OR_CONTROLS, clipWords, oneLine } from './errors.js'
import { formEncode } from './form-encode.js'
import { legacyText } from './charset.js'

export const MASK = '***'

/**
 * Replaces every known secret in `text`, also in the encodings a secret takes in a request
 * body, a URL or an HTML error page, so a server that echoes one back cannot put it in our log or
 * error message. Redact server text before clipping it, or a cut secret slips through.
 *
 * Every form is looked for in the text as given, and what any of them covers is masked, so a
 * secret inside another (or two that overlap) cannot leave part of the longer one showing.
 */
export function redact(text: string, secrets: readonly string[], fromServer = false): string {
  const known = knownForms(secrets)
  const forms = fromServer ? serverForms(known) : known.forms
  const spans = findAll(text, known, forms)
  if (fromServer) spans.push(...base64Spans(text, forms))
  /* A secret across a line break (a body echoed wrapped at 64 or 76 columns, maybe indented), <wbr>
   * or a gap in hex (73:65:6b), or recased: the search again with those taken out (of forms too),
   * and in lower case. If a secret holds a space, or the text a percent-encoded break with a +
   * after it, once more with every space (a form's +, a URL's %20) taken out too: a passphrase
   * wrapped at one (`correct horse\n battery`, `correct horse\\nbattery`,
   * `correct+horse%0Abattery`), a form's indentation (`%0A++`), or a secret's own + right after a
   * break (`Kq7%0A+Zt` for `Kq7+Zt`): with every + out, either reading matches. Not for the space
   * of the action's own authorization value (`Bearer <token>`, its token a secret of its own),
   * which would bring that pass to a token response's strings, and the compiling of its pattern
   * (about half a millisecond), on every run. */
  /* \\n is a break escaped twice, or a backslash (the secret's) and then an escaped break: a
     text that holds one is searched both ways. */
  const ways = fromServer
    ? [
        BREAKS,
        ...(/\s/.test(secrets.join('').replaceAll('Bearer ', '')) ||
        (/%/.test(text) && /%(25)?0[ad]\+/i.test(text))
          ? [RegExp(`${BREAKS.source}|[\\s+]+|%20`, 'gi')]
          : [])
      ]
    : []
  if (fromServer && /\\\\[rn]/i.test(text))
    ways.push((once ??= RegExp(BREAKS.source.replace('\\\\?[rn]', '[rn]'), 'gi')))
  /* A tag that spans lines is a break (a pretty-printer's), but a line break inside one may be
     inside a secret in a quoted value (title='…\n…', raw, a NEL, or escaped as HTML in JSON
     writes it): a text that holds one is searched once more, a tag that holds a line break or a
     backslash left in. The one-character test before it (a pattern V8 runs as a string search,
     compiling nothing), like the one before the test of %0A+, compiles no pattern for a token
     response's strings, on every run. */
  if (fromServer && /</.test(text) && /<[!/a-z][^<>]*[\n\r\x85\\]/i.test(text))
    ways.push((spanning ??= RegExp(BREAKS.source.replace('&%]', '&%\\n\\r\\x85\\\\]'), 'gi')))
  const texts = ways.length ? [text, fold(text)] : []
  for (const breaks of ways) {
    let unbroken: readonly string[] | undefined
    for (const each of texts) {
      const whole = withoutBreaks(each, breaks)
      if (whole.decoded === text) continue
      unbroken ??= unbrokenForms(forms, breaks)
      mapBack(spans, whole, findAll(whole.decoded, known, unbroken))
    }
  }
  /* Escaped two or three times (JSON in a JSON string, &amp;lt;, %5Cu00e9): the search again
   * with one and with two layers undone, of JSON's \\ and \" or of every numbered escape. */
  for (const json of [true, false]) {
    for (let layer = peel(text, json), depth = 1; layer; depth++) {
      const found = findAll(layer.decoded, known, forms)
      /* Base64 in a URL's query is percent-encoded (+ / = as %2B %2F %3D): read once undone. */
      if (fromServer && !json) found.push(...base64Spans(layer.decoded, forms))
      mapBack(spans, layer, found)
      layer = depth < 2 ? peel(layer.decoded, json, layer) : undefined
    }
  }
  return spans.length ? mask(text, spans) : text
}

/**
 * Line breaks (a raw one, a lone CR or a NEL, U+0085, too; escaped too: \n, \\n, %0A, %250A, \x0a,
 * \u000a, &#10;), what only marks where a line may break (a soft hyphen, a zero-width space, <wbr>)
 * and any other HTML tag or comment (<br>, <b>, a span's end: a page's text shows each as a space,
 * which would split a secret past every mask), but for one that holds &# or %0, which a quoted
 * value may hold inside a secret as a break (an XML attribute's line feed is &#10;); each with
 * the white space after it (a text wrapped and indented, maybe then escaped: JSON's \n\t, XML's
 * &#10;&#9; or &#xA;&#x9;, <br>&nbsp;, a URL's %0A%20 or %250A%2520); and a space,
 * colon or dash between hex bytes (a dump's 73 65 6b, .NET's 73-65-6B, xxd's 7365 6b72;
 * hexdump -C's two spaces after the eighth byte). The lookbehind comes after the separator, so it
 * is tried only there: tried at every character of a long hex run, it took time that grew with the
 * run's square (13 s on 160 KB).
 */
const BREAKS =
  /(?:[\r\n\x85\u00ad\u200b-\u200d\u2060\ufeff]|\\\\?[rn]|\\x0[ad]|%(?:25)?0[ad]|\\u(?:000[ad]|00ad|200[b-d]|2060|feff)|&(?:shy|zerowidthspace|#0*(?:1[03]|173|8203)|#x0*(?:ad|[ad]|200b));|<[!/a-z](?:[^<>&%]|&(?!#)|%(?!0))*>)(?:\s|\\t|&#x?0*9;|&nbsp;|%(?:25)?(?:09|20))*|[ :-] ?(?<=\b(?:[\da-f]{2})+. ?)(?=(?:[\da-f]{2})+\b)/gi

/** BREAKS with \\n read as a backslash and then \n: built for the first text that holds one. */
let once: RegExp | undefined

/** BREAKS with a tag that holds a line break, a NEL or a backslash left in: built when first needed. */
let spanning: RegExp | undefined

/** `text` with BREAKS (or `breaks`) taken out, mapped back. */
function withoutBreaks(text: string, breaks = BREAKS): Layer {
  const layer: Layer = { decoded: '', from: [], to: [] }
  const keep = (from: number, to: number): void => {
    layer.decoded += text.slice(from, to)
    for (let at = from; at < to; at++) {
      layer.from.push(at)
      layer.to.push(at + 1)
    }
  }
  let at = 0
  for (const found of text.matchAll(breaks)) {
    keep(at, found.index)
    at = found.index + found[0].length
  }
  keep(at, text.length)
  return layer
}

/** Each form, and each with its BREAKS (or `breaks`) taken out: what a text without them may hold. */
function unbrokenForms(forms: readonly string[], breaks = BREAKS): string[] {
  return [...new Set(forms.flatMap(form => [form, form.replace(breaks, '')]).filter(Boolean))]
}

/** `text` in lower case, unit for unit (İ, whose lower case is two, as i), so each maps back. */
function fold(text: string): string {
  return text.replaceAll('\u0130', 'i').toLowerCase()
}

/** A body echoed in base64 by a gateway ({"body": "...", "isBase64Encoded": true}). */
function base64Spans(text: string, forms: readonly string[]): Span[] {
  const spans: Span[] = []
  if (text.length < 16) return spans
  for (const run of text.matchAll(/(?:[\w+-]|\\?\/){16,}={0,2}/g)) {
    /* Right after a backslash, a run may start with an escape's letters (\nQUJD, \u00a0QUJD). */
    const starts = text[run.index - 1] === '\\' ? [0, 1, 2, 3] : [0]
    if (holdsSecret(run[0], starts, forms)) spans.push(runSpan(text, run.index, run[0]))
  }
  if (text.includes('\n') || text.includes('\\n')) spans.push(...wrappedBase64(text, forms))
  return spans
}

/**
 * Base64 wrapped at 64 or 76 columns (MIME, PEM, `openssl base64`, Python's encodebytes), maybe
 * indented (a YAML block): a secret across a line break is in no one line, so the lines are read
 * as one run. Each line after the first is whole groups of four; the first may start with a word
 * or an escape's letters, so one of four starting points puts the rest in step.
 */
function wrappedBase64(text: string, forms: readonly string[]): Span[] {
  const spans: Span[] = []
  /* Lines of base64 (JSON's \/ among them), the breaks as sent or JSON-escaped. The run starts
     only where base64 starts, never inside a run, the / of its \/ included: tried inside a long
     run that no second line follows, the pattern would take time that grows with the run's
     square. */
  const runs =
    /(?<![\w+/-]|\\(?=\/))(?:[\w+-]|\\?\/){4,}(?:(?:\r?\n|\\r\\n|\\n)[\t ]*(?:[\w+-]|\\?\/){4,}={0,2})+/g
  for (const run of text.matchAll(runs)) {
    const joined = run[0].replace(/\s|\\[rn]/g, '')
    if (holdsSecret(joined, [0, 1, 2, 3], forms)) spans.push(runSpan(text, run.index, run[0]))
  }
  return spans
}

/** Where a run of base64 is, with the backslash of an escape it starts with (\nQUJD) masked too. */
function runSpan(text: string, index: number, run: string): Span {
  return [text[index - 1] === '\\' ? index - 1 : index, index + run.length]
}

/** Whether base64 `run`, decoded from any of these starting points, holds one of the forms. */
function holdsSecret(run: string, starts: readonly number[], forms: readonly string[]): boolean {
  const base64 = run.replaceAll('\\', '')
  return starts.some(
    start => findForms(Buffer.from(base64.slice(start), 'base64').toString(), forms).length
  )
}

/** Where the forms are in `text`, and, if it holds escapes, where they are once undone. */
function findAll(text: string, known: KnownForms, forms: readonly string[]): Span[] {
  const spans = findForms(text, forms)
  /* A value cut short in a message (quote, clipWords, or a server's own "...") ends in an ellipsis:
     a secret's start, if it is one. */
  if (text.includes('…') || text.includes('...')) spans.push(...cutSecrets(text, forms))
  /* A server's own escaping (&#67;, %C3%A9, \u00e9, &eacute;, \", "+"): the search again with the
     text's numbered escapes undone and the others spelled out, mapped back to the text. The
     forms given, so a pass without breaks or spaces (redact) finds `pa\n ss&#233;` as `passé`. */
  const plusForSpace = text.includes('+') && known.secrets.some(secret => secret.includes(' '))
  if (escapes(text) || plusForSpace) {
    /* JSON's \\x41 and Python's \xd8\xa0 (two characters in a str, one in bytes) read two ways. */
    const passes: [boolean, boolean][] = [[false, false]]
    if (/\\\\[xuU]/.test(text)) passes.push([true, false])
    if (/\\x[c-fC-F][0-9a-fA-F]\\x[89abAB]/.test(text)) passes.push([false, true])
    const escapedForms = [...forms, ...decodedOf(known).forms]
    for (const [pairs, latin1] of passes) {
      const layer = undoEscapes(text, pairs, latin1)
      const { decoded } = layer
      const found = findForms(decoded, escapedForms)
      if (decoded.includes('…') || decoded.includes('...'))
        found.push(...cutSecrets(decoded, escapedForms))
      try {
        found.push(...findSpelled(decoded, known))
      } catch {
        /* A pattern V8 cannot build (a secret of thousands of escapable characters): show nothing. */
        spans.push([0, text.length])
      }
      mapBack(spans, layer, found, text.length)
    }
  }
  return spans
}

/** Whether `text` may hold an escape; no regular expression, which V8 would build for each line. */
function escapes(text: string): boolean {
  return text.includes('%') || text.includes('&') || text.includes('\\')
}

/** A text and, for each of its characters, where in the text redact was given it came from. */
interface Layer {
  decoded: string
  readonly from: number[]
  readonly to: number[]
}

/** Adds to `spans` each span `found` in `layer`'s text, where it is in the text; to `end` past it. */
function mapBack(spans: Span[], layer: Layer, found: readonly Span[], end = Infinity): void {
  for (const [start, stop] of found) spans.push([layer.from[start] ?? 0, layer.to[stop - 1] ?? end])
}

/**
 * `text` with one layer of escapes undone, JSON's \\, \", \' and \/ (`json`) or every numbered
 * one (undoEscapes), mapped back through `outer`; undefined when it has none.
 */
function peel(text: string, json: boolean, outer?: Layer): Layer | undefined {
  if (!(json ? text.includes('\\') : escapes(text))) return
  const layer = json ? unquoted(text) : undoEscapes(text)
  if (layer.decoded === text) return
  if (!outer) return layer
  return {
    decoded: layer.decoded,
    from: layer.from.map(at => outer.from[at] ?? 0),
    to: layer.to.map(end => outer.to[end - 1] ?? Infinity)
  }
}

/** `text` with JSON's \\, \", \' and \/ undone. */
function unquoted(text: string): Layer {
  const layer: Layer = { decoded: '', from: [], to: [] }
  for (let at = 0; at < text.length;) {
    const pair = text[at] === '\\' && at + 1 < text.length && '\\"\'/'.includes(text.charAt(at + 1))
    const end = at + (pair ? 2 : 1)
    layer.decoded += text.charAt(end - 1)
    layer.from.push(at)
    layer.to.push(end)
    at = end
  }
  return layer
}

function findForms(text: string, forms: readonly string[]): Span[] {
  const spans: Span[] = []
  for (const form of forms) {
    for (let at = text.indexOf(form); at >= 0; at = text.indexOf(form, at + form.length)) {
      spans.push([at, at + form.length])
    }
  }
  return spans
}

function findSpelled(text: string, known: KnownForms): Span[] {
  const spans: Span[] = []
  for (const [spelled, length] of spellingsOf(known)) {
    /* A character takes one or more: V8 would compile a pattern too long to match, for nothing. */
    if (length > text.length) continue
    spelled.lastIndex = 0
    for (let found = spelled.exec(text); found; found = spelled.exec(text)) {
      /* An empty match would find itself again at the same place, forever: none is a secret. */
      if (!found[0]) break
      spans.push([found.index, spelled.lastIndex])
    }
  }
  return spans
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
 * Before each ellipsis, the longest start of a secret that ends there, and after it, the longest
 * end of one: 8 characters or more, or half a shorter secret (4 at least). A start is looked for
 * only since the ellipsis before, and an end only up to the ellipsis after, each with one pass of
 * Knuth-Morris-Pratt over those characters, so the work grows with the text times the number of
 * forms, never with a form's length: a server's own token (masked in its answer) can be a long run
 * of one character, against which comparing each start in turn took time that grew with the
 * square of the text. The lookahead takes up to two dots after an ellipsis: three more are the
 * next cut, which ends this one's search; read to the run's end from every third dot, a run of
 * dots took time that grew with its square (130,000 in a grant type, 1 s a log line).
 */
function cutSecrets(text: string, forms: readonly string[]): Span[] {
  const spans: Span[] = []
  const ellipsis =
    /([\xc2-\xf4][\x80-\xbf]{0,2}|\ufffd)?([%&\\]#?\w*)?(?:…|\.\.\.)(?=(\.{1,2}|#?[ux]?[\dA-Fa-f]{0,7};?[\x80-\xbf]*))/g
  const cuts: [end: number, after: number, escape: number, bytes: number, rest: number][] = []
  for (let found = ellipsis.exec(text); found; found = ellipsis.exec(text)) {
    const escape = found.index + (found[1]?.length ?? 0)
    cuts.push([
      escape + (found[2]?.length ?? 0),
      ellipsis.lastIndex,
      escape,
      found.index,
      ellipsis.lastIndex + (found[3]?.length ?? 0)
    ])
  }
  const least = forms.map(form => Math.min(8, Math.max(4, Math.ceil(form.length / 2))))
  const heads: (Int32Array | undefined)[] = []
  const tails: (Int32Array | undefined)[] = []
  for (const [index, [end, after, escape, bytes, rest]] of cuts.entries()) {
    const since = cuts[index - 1]?.[1] ?? 0
    const until = cuts[index + 1]?.[0] ?? text.length
    let start = end
    let stop = after
    for (const [at, form] of forms.entries()) {
      const min = least[at] ?? 8
      /* A start of the form, at most all but its last character, that ends at the ellipsis, at an
       * escape it cuts (&#6, \u00, %252) or at a character's bytes it cuts (%C3%A undone: \xc3%A). */
      for (const last of new Set([end, escape, bytes])) {
        const from = Math.max(since, last - form.length + 1)
        if (last - from >= min) {
          const table = (heads[at] ??= borders(form, false))
          const head = matchedPrefix(text, from, last, 1, form, false, table)
          if (head >= min) start = Math.min(start, last - head)
        }
      }
      /* And the longest end of a secret that starts right after it, or after the rest of an escape,
       * bytes or dots it cuts (...3%25A9 undone: ...3\xa9): a value cut in its middle, as Pydantic
       * shows one ('cs_9fK2mQx7...Uq4Wk9Mn') and logs show a token. */
      for (const first of new Set([after, rest])) {
        const to = Math.min(until, first + form.length - 1)
        if (to - first >= min) {
          const table = (tails[at] ??= borders(form, true))
          const tail = matchedPrefix(text, to - 1, first - 1, -1, form, true, table)
          if (tail >= min) stop = Math.max(stop, first + tail)
        }
      }
    }
    if (start < end) spans.push([start, end])
    if (stop > after) spans.push([after, stop])
  }
  return spans
}

/** The character of `form` at `index`, counted from its end when `reversed`. */
function charOf(form: string, index: number, reversed: boolean): string {
  return form.charAt(reversed ? form.length - 1 - index : index)
}

/**
 * Knuth-Morris-Pratt's failure table of `form` (read backwards when `reversed`): for each length
 * of its start, the length of the longest proper start of that which also ends it.
 */
function borders(form: string, reversed: boolean): Int32Array {
  const table = new Int32Array(form.length + 1)
  for (let length = 2, border = 0; length <= form.length; length++) {
    const char = charOf(form, length - 1, reversed)
    while (border > 0 && charOf(form, border, reversed) !== char) border = table[border] ?? 0
    if (charOf(form, border, reversed) === char) border++
    table[length] = border
  }
  return table
}

/**
 * How long a start of `form` (read backwards when `reversed`) the characters of `text` from
 * `first` to before `last`, taken `step` at a time, end with: the longest, in time that grows
 * with the characters read. Fewer of them than the form holds, so never the whole form.
 */
function matchedPrefix(
  text: string,
  first: number,
  last: number,
  step: 1 | -1,
  form: string,
  reversed: boolean,
  table: Int32Array
): number {
  let length = 0
  for (let at = first; at !== last; at += step) {
    const char = text.charAt(at)
    while (length > 0 && charOf(form, length, reversed) !== char) length = table[length] ?? 0
    if (charOf(form, length, reversed) === char) length++
  }
  return length
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
  /** Built on first need: decodedOf. */
  decoded?: Decoded
  /** Built on first need: spellingsOf. */
  spellings?: readonly (readonly [RegExp, number])[]
  /** Built on first need: serverForms. */
  server?: readonly string[]
  /** Built on first need: the server forms and each without its breaks, for trimCut. */
  unbroken?: readonly string[]
}

/**
 * The forms, and those a server's text may show a secret in (`fromServer`): in Latin-1 read as
 * UTF-8, which shows each character from U+0080 to U+00FF as U+FFFD, and in hex; and each of
 * them in lower case (fold, which changes no lower-case form again, so the loop that adds them
 * ends), for redact's search of the text in lower case, which finds one in any case. Never for
 * the action's own lines: a secret such as "Password" would hide the word in its advice.
 */
function serverForms(known: KnownForms): readonly string[] {
  if (!known.server) {
    const forms = new Set(known.forms)
    for (const secret of known.secrets) {
      /* A JWT's signature alone: with its header and payload, which a server may echo decoded
         (as a verifier shows what it refused), it is the JWT. */
      const signature = secret.split('.')[2] ?? ''
      if (signature.length >= 32) forms.add(signature)
    }
    for (const secret of known.secrets.filter(secret => secret.length <= 1024)) {
      const latin1 = Buffer.from(secret, 'latin1')
      if (latin1.toString('latin1') === secret) forms.add(latin1.toString('utf8'))
      /* And UTF-8 read as Latin-1 (Tomcat's default), or as Windows-1252, echoed back in UTF-8:
         U+00E4 as U+00C3 U+00A4. */
      const utf8 = Buffer.from(secret, 'utf8')
      if (utf8.length !== secret.length) {
        forms.add(utf8.toString('latin1')).add(legacyText(utf8, 'windows-1252') ?? '')
        /* And as a server in another charset writes each such character: ? where it has none,
           U+FFFD where UTF-8 reads its byte (Latin-1's, or Windows-1252's 0x80 for the euro),
           both (Java's ISO-8859-1 encoder), or U+FFFD or ? for each of its bytes (UTF-8 read as
           ASCII, by Node or by .NET). Only with 6 ASCII characters to know it by: else runs of ?
           would be masked. */
        if (secret.replace(/[^\0-\x7f]/gu, '').length > 5)
          for (const mark of [
            () => '?',
            () => '\ufffd',
            (char: string) => (char > '\xff' ? '?' : '\ufffd'),
            /* A Latin-1 page read as Latin-1: ? for the characters it lacks alone. */
            (char: string) => (char > '\xff' ? '?' : char),
            (char: string) => '\ufffd'.repeat(Buffer.byteLength(char)),
            (char: string) => '?'.repeat(Buffer.byteLength(char)),
            /* ? for each UTF-16 unit (Windows' WideCharToMultiByte): an emoji as ??. */
            (char: string) => '?'.repeat(char.length)
          ])
            forms.add(secret.replace(/[^\0-\x7f]/gu, mark))
      }
      /* And in upper case where folding that back does not give the secret's own fold: ß is SS
         upper-cased, and ss in lower case again; ﬁ is FI. */
      const upper = secret.toUpperCase()
      if (fold(upper) !== fold(secret)) forms.add(upper)
      /* And its bytes in hex, as a server may dump a body it could not read; and its UTF-16LE
         bytes, as .NET dumps a string (BitConverter.ToString(Encoding.Unicode.GetBytes(…))). */
      forms.add(utf8.toString('hex')).add(Buffer.from(formEncode(secret)).toString('hex'))
      forms.add(Buffer.from(secret, 'utf16le').toString('hex'))
      /* And unpadded base64 and base64url, too short for base64Spans (under 16 characters). */
      if (utf8.length < 12)
        forms.add(utf8.toString('base64').replace(/=+$/, '')).add(utf8.toString('base64url'))
    }
    for (const form of forms) forms.add(fold(form))
    known.server = longestFirst(forms)
  }
  return known.server
}

/** The forms that are not empty, longest first. */
function longestFirst(forms: Iterable<string>): string[] {
  return [...forms].filter(Boolean).sort((a, b) => b.length - a.length)
}

const formsCache = new WeakMap<readonly string[], KnownForms>()

function knownForms(secrets: readonly string[]): KnownForms {
  const cached = formsCache.get(secrets)
  if (cached && sameItems(cached.secrets, secrets)) return cached
  const forms = new Set<string>()
  const add = (secret: string): void => {
    forms.add(secret)
    /* encodeURIComponent throws on a lone surrogate; toWellFormed makes it U+FFFD, as
     * URLSearchParams and Buffer do. */
    forms.add(encodeURIComponent(secret.toWellFormed()))
    forms.add(encodeURI(secret.toWellFormed()))
    forms.add(formEncode(secret))
    forms.add(JSON.stringify(secret).slice(1, -1))
    forms.add(escapeHtml(secret))
    /* As oneLine() would show it, should the text be collapsed before it gets here. */
    forms.add(secret.replace(SPACES_OR_CONTROLS, ' ').trim())
    /* Quoted as SQL and CSV quote. */
    forms.add(secret.replaceAll("'", "''").replaceAll('"', '""'))
  }
  for (const secret of secrets) {
    if (secret) normalForms(secret).forEach(add)
  }
  const known: KnownForms = { secrets: [...secrets], forms: longestFirst(forms) }
  formsCache.set(secrets, known)
  return known
}

/**
 * A secret that holds what looks like an escape (%41, \x41, &#65;) reads differently once the
 * text's escapes are undone: its forms, so decoded, are searched for (and spelled) too. Worked
 * out the first time a text holds an escape.
 */
function decodedOf(known: KnownForms): Decoded {
  if (!known.decoded) {
    const escaping = (form: string): boolean => /[%&\\]/.test(form)
    const secrets = known.secrets.filter(secret => secret && escaping(secret))
    const decodedSecrets = secrets.map(secret => undoEscapes(secret).decoded)
    const decoded = known.forms.filter(escaping).map(form => undoEscapes(form).decoded)
    known.decoded = {
      forms: [...new Set([...decoded, ...decodedSecrets])].filter(
        form => form && !known.forms.includes(form)
      ),
      secrets: decodedSecrets.filter(secret => !known.secrets.includes(secret))
    }
  }
  return known.decoded
}

/** What decodedOf finds: forms to search for, and secrets to spell, beyond the known ones. */
interface Decoded {
  readonly forms: readonly string[]
  readonly secrets: readonly string[]
}

/**
 * Each secret as a pattern that finds it in a text whose numbered escapes are undone
 * (undoEscapes), one character at a time: as itself, or in an escape that names it (&eacute;, \",
 * "+" for a space in form encoding). HTML has more than two thousand named references (PHP's
 * htmlentities writes &egrave;), so any name stands for a character other than a letter or digit.
 * Letters and digits stand for themselves, so a secret made of them alone needs no pattern. Built
 * the first time a text holds an escape, which a password grant's own lines do not. Each comes
 * with the secret's length in characters, which its shortest match has at least (findSpelled).
 */
function spellingsOf(known: KnownForms): readonly (readonly [RegExp, number])[] {
  known.spellings ??= [...known.secrets, ...decodedOf(known).secrets]
    /* A multi-line secret is matched line by line: each line is a secret of its own (log.ts).
     * Each "\\" or "&" may start an escape or be one: search time can double with each, so a
     * secret with more than 16 is found in its exact forms only. */
    .filter(
      secret =>
        /[^A-Za-z0-9]/.test(secret) &&
        !secret.includes('\n') &&
        /* A pattern is tried at each character of the text and can run the secret's length
           there: a server's own token (masked in its answer) of 16,000 characters, "a-a-a-...",
           against a body of "a-a-a-..." took 20 s. Longer secrets are found in their exact forms. */
        secret.length <= 1024 &&
        (secret.match(/[\\&]/g)?.length ?? 0) <= 16
    )
    .flatMap(normalForms)
    .map(secret => {
      const chars = [...secret.toWellFormed()].map((char, i, all) => {
        if (/^[A-Za-z0-9]$/.test(char)) return char
        const named = NAMED_SPELLINGS[char]
        /* A backslash may escape it (a shell, re.escape, Ruby's Shellwords), unless after its own. */
        const escapable = char !== '\\' && all[i - 1] !== '\\'
        const itself = `${escapable ? '\\\\?' : ''}${char.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&')}`
        /* Escapes first, so a match that ends in "&eacute;" takes all of it. */
        return `(?:${named ? `${named}|` : ''}&[A-Za-z][A-Za-z0-9]{1,31};|${itself}${misread(char)})`
      })
      return [RegExp(chars.join(''), 'g'), chars.length] as const
    })
  return known.spellings
}

/**
 * A character past ASCII as a server that gets the charset wrong shows it: Latin-1 read as
 * UTF-8 (U+FFFD), or UTF-8 read as Latin-1 (é as Ã©); as alternatives in a pattern.
 */
function misread(char: string): string {
  const code = char.codePointAt(0) ?? 0
  if (code < 0x80) return ''
  return `${code <= 0xff ? '|\ufffd' : ''}|${Buffer.from(char, 'utf8').toString('latin1')}`
}

/**
 * `text` with its numbered escapes undone: percent-encoded bytes (once or twice), Python's \xe9
 * and C's (Perl's, PostgreSQL's) octal \351, as UTF-8 where they make it and as Latin-1 where
 * not; HTML's &#233; and &#xe9; (and its own five named references, &amp; &lt; &gt; &quot;
 * &apos;, and &hellip;); and \u00e9, \u{e9}, \U000000e9, Perl's \x{e9} and JavaScript
 * escape()'s %u00e9. Decoded code unit i came from text[from[i]] to text[to[i] - 1]. Linear in
 * the text, whatever the secrets.
 */
function undoEscapes(
  text: string,
  pairs = false,
  latin1 = false
): { decoded: string; from: number[]; to: number[] } {
  const byteEscape = /%(?:25)?([0-9A-Fa-f]{2})|\\x([0-9A-Fa-f]{2})|\\([0-3][0-7]{2})/y
  const numbered =
    /&#(?:[xX]([0-9A-Fa-f]{1,6})|([0-9]{1,7}));|[\\%](?:U([0-9A-Fa-f]{8})|[uU]([0-9A-Fa-f]{4})|[ux]\{([0-9A-Fa-f]{1,6})\})|&(quot|amp|lt|gt|apos|hellip);/y
  let decoded = ''
  const from: number[] = []
  const to: number[] = []
  const emit = (chars: string, start: number, end: number): void => {
    decoded += chars
    for (let unit = 0; unit < chars.length; unit++) {
      from.push(start)
      to.push(end)
    }
  }
  for (let at = 0; at < text.length;) {
    const run: [start: number, end: number, byte: number][] = []
    byteEscape.lastIndex = at
    for (let found; (found = byteEscape.exec(text)); byteEscape.lastIndex = at) {
      const end = byteEscape.lastIndex
      const octal = found[3]
      run.push([at, end, parseInt(octal ?? text.slice(end - 2, end), octal ? 8 : 16)])
      at = end
    }
    for (let next = 0; next < run.length;) {
      const [start, end, lead] = run[next] ?? [0, 0, 0]
      const size = latin1 && text[start] === '\\' ? 0 : utf8Length(lead)
      const bytes = run.slice(next, next + size)
      const raw = Buffer.from(bytes.map(([, , byte]) => byte))
      const char = raw.toString('utf8')
      const utf8 = size > 0 && bytes.length === size && Buffer.from(char, 'utf8').equals(raw)
      emit(utf8 ? char : String.fromCharCode(lead), start, utf8 ? (bytes.at(-1)?.[1] ?? end) : end)
      next += utf8 ? size : 1
    }
    if (run.length) continue
    if (pairs && text.startsWith('\\\\', at)) {
      /* An escaped backslash (JSON, Python): what follows it is text, not the start of an escape. */
      emit('\\', at, at + 1)
      emit('\\', at + 1, at + 2)
      at += 2
      continue
    }
    numbered.lastIndex = at
    const found = numbered.exec(text)
    const named = found?.[6]
    const digits = found?.slice(1, 6).find(group => group !== undefined) ?? ''
    const code = parseInt(digits, found?.[2] ? 10 : 16)
    if (named) {
      emit(HTML_NAMED[named] ?? '', at, numbered.lastIndex)
      at = numbered.lastIndex
    } else if (found && code <= 0x10ffff) {
      /* \uXXXX is one UTF-16 unit (a surrogate pair is two escapes); the others are code points. */
      emit(
        found[4] ? String.fromCharCode(code) : String.fromCodePoint(code),
        at,
        numbered.lastIndex
      )
      at = numbered.lastIndex
    } else {
      emit(text.charAt(at), at, at + 1)
      at += 1
    }
  }
  return { decoded, from, to }
}

/** How many bytes a UTF-8 character that starts with `lead` takes; 0 if none starts so. */
function utf8Length(lead: number): number {
  if (lead < 0x80) return 1
  if (lead < 0xc0) return 0
  return lead < 0xe0 ? 2 : lead < 0xf0 ? 3 : 4
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

/** HTML's own five named references and &hellip;, which undoEscapes reads as numbered ones. */
const HTML_NAMED: Readonly<Record<string, string>> = {
  quot: '"',
  amp: '&',
  lt: '<',
  gt: '>',
  apos: "'",
  /* A cut's ellipsis, as Rails and WordPress write it. */
  hellip: '…'
}

/**
 * Escapes that name a character rather than give its number (HTML's own five are read), beyond a
 * backslash before punctuation (\" \' \/ \&), which any punctuation may have (spellingsOf).
 */
const NAMED_SPELLINGS: Readonly<Record<string, string>> = {
  ' ': '\\+',
  '\\': '\\\\\\\\',
  '\n': '\\\\n',
  '\r': '\\\\r',
  '\t': '\\\\t'
}

function sameItems(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((item, index) => item === b[index])
}

/**
 * Whether a run of characters could be a token rather than a word: 16 characters or more, or 8 or
 * more with a digit (`automatic` is a word; `k3yVal-12` is not). An unparsed 2xx's runs
 * (response.ts) and a credential header's parameters (request.ts) are judged so.
 */
export function tokenLike(run: string): boolean {
  return Boolean(run[15] || (run[7] && /\d/.test(run)))
}

/**
 * Text from the server, fit for a message: our secrets masked first, then one line, then cut to
 * `max` characters — in that order, so no cut can leave part of a secret unmatched. Only its
 * start is read (serverWindow).
 */
export function serverText(text: string, secrets: readonly string[], max: number): string {
  return clipWords(oneLine(redactServer(serverWindow(text, SERVER_WINDOW, secrets), secrets)), max)
}

/**
 * A server's text masked with our secrets, and with what it names a credential though it is none
 * of ours: a URL's user and password (a redirect to `https://user:pass@…`), and the value of a key
 * that ends in token, in a query, a form, XML or JSON (a redirect to `…#access_token=…`, a gateway's
 * page that quotes the answer it could not pass on), as an answer's own tokens are.
 */
export function redactServer(text: string, secrets: readonly string[]): string {
  /* `//user:pass@` (a URL's userinfo holds no [ or <, so the action's own advice is none:
     http://[user:password@]host:port, http://<user>:<password>@host:port); `token=value`,
     `<token>value` (XML), `token": "value"`, `token\":\"value` (JSON in a string); and a JWT
     (`eyJ` is `{"` in base64url) wherever it stands, in prose (`Use token eyJ…`), after an escape
     (`%3DeyJ…`) or in a word, with up to five parts (a JWE's). Without the i flag, under which
     this pattern cost a million instructions a run more (docs/performance.md). */
  const named = [
    ...text.matchAll(
      /\/\/([^\s/?#@[<]{4,})@|[Tt][Oo][Kk][Ee][Nn][Ss]?(?:=|>|\\?"\s*:\s*)\\?"?([^\s"',;<>&#\\]{4,})|(eyJ[\w-]{13,}(?:\.[\w-]+){0,4})/g
    )
  ].map(match => match[1] ?? match[2] ?? match[3])
  /* The same list when none is named (each named value has 4 characters or more): redact keeps
     the forms it made of each list it got. */
  return redact(text, named[0] ? [...secrets, ...named] : secrets, true)
}

/** How much of a server's text a message reads: far more than any message quotes. */
export const SERVER_WINDOW = 4096

/**
 * The start of a long text from a server, cut with an ellipsis, which redact reads as a cut: a
 * secret's start before it is masked. Redaction takes time that grows with the text times the
 * secrets' length, and a server can send a megabyte to redact against its own long tokens (in a
 * refused answer, masked too): minutes, for a line that shows a few hundred characters. Spaces
 * collapse and masks shorten, so a message may still show the window's end: a cut inside a run
 * of characters drops the run (half an escape, part of a base64 run, which no mask would know),
 * and so does a start of a secret before the cut (trimCut), which may hold a separator.
 */
export function serverWindow(
  text: string,
  length = SERVER_WINDOW,
  secrets: readonly string[] = []
): string {
  if (text.length <= length) return text
  let end = length
  if (!isSeparator(text.charAt(end))) while (end > 0 && !isSeparator(text.charAt(end - 1))) end--
  return `${trimCut(text.slice(0, end), secrets)}…`
}

/**
 * `text`, which the action cuts at its end (or its start), without the part there that is a
 * start (or an end) of a form of a secret, however short. At a server's own ellipsis redact masks
 * such a part of 8 characters or more, since fewer may be the server's own words; at the action's
 * own cut, they are only lost. Read as it is, and as redact reads it: in lower case, through a
 * dump's gaps and line breaks (withoutBreaks, of the forms too), with one layer of escapes undone;
 * and past the spaces at the cut.
 */
export function trimCut(text: string, secrets: readonly string[], atStart = false): string {
  const known = knownForms(secrets)
  const forms = serverForms(known)
  known.unbroken ??= unbrokenForms(forms)
  /* Only the edge can hold a part: four times a form's length leaves room for a dump's gaps. */
  const reach = 4 * (forms[0]?.length ?? 0)
  const edge = atStart ? text.slice(0, reach) : text.slice(-reach || text.length)
  let kept = text
  for (const layer of [
    withoutBreaks(edge, /(?!)/g),
    withoutBreaks(fold(edge)),
    unquoted(edge),
    undoEscapes(edge)
  ]) {
    const read = layer.decoded
    const trimmed = atStart ? read.trimStart() : read.trimEnd()
    let cut = 0
    for (const whole of known.unbroken) {
      const to = Math.min(trimmed.length, whole.length - 1)
      /* Only its first (or last) `to` characters can match: no longer a table than that. */
      const form = atStart ? whole.slice(whole.length - to) : whole.slice(0, to)
      const table = borders(form, atStart)
      const part = atStart
        ? matchedPrefix(trimmed, to - 1, -1, -1, form, true, table)
        : matchedPrefix(trimmed, trimmed.length - to, trimmed.length, 1, form, false, table)
      if (part) cut = Math.max(cut, read.length - trimmed.length + part)
    }
    const rest = atStart
      ? text.slice(layer.from[cut] ?? edge.length)
      : text.slice(0, text.length - edge.length + (layer.to[read.length - cut - 1] ?? 0))
    if (cut && rest.length < kept.length) kept = rest
  }
  /* And the rest of the run the part is in: a start of a secret that only redact reads there (an
     escape: q7\/Xm2L) would be too short for its mask. */
  if (kept === text) return text
  return atStart ? kept.replace(/^[^\s"',{}[\]<>&=]*/, '') : kept.replace(LAST_RUN, '')
}

/** A text's last run of characters: up to a space, quote, comma, bracket, tag, & or =. */
export const LAST_RUN = /(?<![^\s"',{}[\]<>&=])[^\s"',{}[\]<>&=]*$/

/**
 * Where a run of characters ends, for serverWindow: space, quotes, commas, brackets, tags. Not a
 * line break: base64 wrapped at 76 columns is one run.
 */
function isSeparator(char: string): boolean {
  return ' \t"\',{}[]<>'.includes(char)
}

function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;')
}
