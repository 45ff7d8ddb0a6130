import { misreadIn } from './charset.js'
import { SPACE_OR_CONTROL, clipWords, isObject, oneLine } from './errors.js'
import { jwtExpiry } from './jwt.js'
import {
  LAST_RUN,
  SERVER_WINDOW,
  redact,
  redactServer,
  serverText,
  serverWindow,
  tokenLike,
  trimCut
} from './redact.js'
import type { HttpResponse } from './transport.js'

/** A successful token response, as the outputs carry it. */
export interface Token {
  readonly accessToken: string
  readonly tokenType: string
  readonly authorization: string
  readonly expiresIn: string
  readonly expiresAt: string
  readonly refreshToken: string
  readonly idToken: string
  readonly scope: string
  /** RFC 8693 issued_token_type, from a token exchange; empty or absent otherwise. */
  readonly issuedTokenType?: string
  /** Said after masking: nothing here holds a secret. */
  readonly warnings: readonly string[]
}

/**
 * A 2xx answer that is not a token; the message is for the user and holds no secret we sent.
 * `kind` picks the advice (failures.ts): not a token endpoint's answer at all, an OAuth error in
 * a 2xx, or a token response with a malformed field.
 */
export class BadResponse extends Error {
  override name = 'BadResponse'
  constructor(
    message: string,
    /** `truncated`: JSON that stops short, most likely a connection cut at the answer's end. */
    readonly kind: 'not-a-token' | 'error' | 'malformed' | 'truncated' = 'malformed'
  ) {
    super(message)
  }
}

type Fields = Readonly<Record<string, unknown>>

const SNIPPET_LENGTH = 120
const SNIPPET_SOURCE_LENGTH = 8192
/** A 2xx's message is quoted only if no longer, and if its body holds no more other strings. */
const MAX_QUOTED_MESSAGE = 8192
const MAX_MASKED_STRINGS = 64

function contentType(response: HttpResponse): string {
  return (response.headers['content-type'] ?? '').replace(/;.*/s, '').trim().toLowerCase()
}

/** The body's fields: JSON, or form-urlencoded as some servers answer; undefined if neither. */
export function parseFields(response: HttpResponse): Fields | undefined {
  const type = contentType(response)
  let body = response.body.trim()
  const json = body.startsWith('{')
  /* A cut page (transport.ts): its last field is cut too, maybe inside a secret or an escape. */
  if (response.cut && !json) body = body.slice(0, body.lastIndexOf('&') + 1)
  const form = type === 'application/x-www-form-urlencoded'
  /* A form, labelled so or by its shape alone (one word of key=value pairs), under any label:
     text/plain, none, or JSON that a server put on its form body. Not one with no value but '='
     (a raw token with base64's padding, whose field would be named), but a cut page's empty one. */
  if (!json && (form || /^[\w.~%+-]+=\S*$/.test(body)) && /=[^=&]|^$/.test(body))
    return Object.fromEntries(new URLSearchParams(body))
  if (type.includes('json') || form || json) {
    try {
      const value: unknown = JSON.parse(body)
      if (isObject(value) && !Array.isArray(value)) return value as Fields
    } catch {
      /* Not JSON after all; described below. */
    }
  }
}

/** A 2xx whose JSON was cut short: likely a dropped connection, worth another attempt. */
export function isTruncatedJson(response: HttpResponse): boolean {
  if (response.status < 200 || response.status >= 300) return false
  const body = response.body.trim()
  return body.startsWith('{') && jsonFault(body) === CUT_JSON
}

const CUT_JSON = 'truncated or invalid JSON'

/**
 * How a failure line calls the way `body` fails to parse as JSON, by V8's message ('' when it
 * parses): CUT_JSON when the parse ran into the body's end (V8 names that position, or none),
 * which may be a dropped connection; else text after whole JSON (a PHP notice), or JSON broken
 * midway (`"token_type": Bearer`), which came as sent. Only what comes before a `"` is V8's own:
 * after it, V8 quotes the body.
 */
function jsonFault(body: string): string {
  try {
    JSON.parse(body)
    return ''
  } catch (error) {
    const [said = ''] = String(error).split('"', 1)
    if (said.includes('after JSON')) return 'JSON with text after it'
    const at = Number(/position (\d+)/.exec(said)?.[1])
    return said.includes('end of JSON') || at >= body.length ? CUT_JSON : 'invalid JSON'
  }
}

/**
 * What the server said, in one line: RFC 6749 §5.2 error, Passport's message and hint, RFC 9457's
 * title and detail, or a snippet.
 */
export function describeAnswer(response: HttpResponse, secrets: readonly string[] = []): string {
  const status = `HTTP ${response.status}`
  const parsed = parseFields(response)
  /* An answer refused for its error (even a 2xx) may still carry tokens: its text may not quote them. */
  const hidden = [...secrets, ...answerTokens(parsed), ...misreadIn(secrets, response.charset)]
  /* Cut on the way (transport.ts): its last run goes (up to a space, quote, bracket, & or =), and
   * then a secret's start at the cut, however short. */
  if (response.cut) {
    const body = response.body.slice(0, -1).replace(LAST_RUN, '')
    response = { ...response, body: `${trimCut(body, hidden)}…` }
  }
  const fields =
    parsed && !response.body.trimStart().startsWith('{')
      ? maskedFormFields(response, hidden, secrets)
      : parsed
  /* A page in a multi-byte charset that echoes a secret in it: read as UTF-8, the secret's
   * characters past ASCII are U+FFFD and ASCII in no set number, which no form of it predicts. */
  if (response.searched && echoesInCharset(response.searched, hidden)) {
    const type = serverText(response.headers['content-type'] ?? '', hidden, 60)
    return `${status} (${type}) with a body that echoes a secret in its charset, not quoted`
  }
  const text = (key: string): string => {
    const value = fields?.[key]
    return typeof value === 'string' ? serverText(value, hidden, 300) : ''
  }
  /* Okta's own errors: errorCode, errorSummary; RFC 9457 problem details: title, detail. */
  const error = text('error') || text('errorCode') || text('title')
  const description =
    text('error_description') || text('message') || text('errorSummary') || text('detail')
  const hint = text('hint')
  if (error || description) {
    let line = error ? `${status} ${error}` : status
    if (description) line += `: ${description}`
    if (hint && hint !== description) line += ` (hint: ${hint})`
    return line
  }
  /* A 2xx (unparsedAnswer) may be a token we could not parse: its type is named only if common,
   * and each run of characters that could be one goes, 16 or more, or 8 with a digit (in base64,
   * with entities such as &#43; for + and the invisible characters that let a page break it). */
  const ok = response.status < 300
  const type = ok
    ? mediaType(response)
    : serverText(response.headers['content-type'] ?? 'no content type', hidden, 60)
  /* UTF-16 or binary, read as UTF-8: NULs between the characters would space a secret out past
   * any mask. Not quoted. */
  if (response.body.includes('\0')) return `${status} (${type}) with a body that is not UTF-8 text`
  let snippet = bodySnippet(
    redactServer(serverWindow(response.body, SNIPPET_SOURCE_LENGTH, hidden), hidden)
  )
  if (ok)
    snippet = snippet.replace(/(?:[\w.~+%/=\xad\u200b-\u200d\u2060-]|&#?\w+;)+/g, run =>
      tokenLike(run) ? '***' : run
    )
  /* Cut before a word of it came (a stall, a reset): say so rather than quote `{"…`. */
  const cutOff = response.cut && !/\w|[^\s!-~…]/.test(snippet)
  return snippet && !cutOff
    ? `${status} (${type}): ${snippet}`
    : `${status} (${type}) with ${cutOff ? 'its body cut off' : response.body.trim() ? 'no text to quote' : 'an empty body'}`
}

/** The fields describeAnswer shows: RFC 6749's, Passport's message and hint, Okta's. */
const SHOWN_FIELDS = ['error', 'errorCode', 'error_description', 'message', 'errorSummary', 'hint']

/**
 * The fields of a form page that a line shows, read from its text masked first: a form's decoding
 * ('+' to a space, %41 to A, a split at &) would change a secret it echoes as it is, past every
 * mask. A long page is masked only around each field (masking a megabyte takes seconds), as far
 * either side as holds a secret of the step's with & in it whole (the answer's own tokens, parsed
 * from this form, hold none); a start or end of one at the cuts goes, and so does the field cut
 * at the window's end (parseFields).
 */
function maskedFormFields(
  response: HttpResponse,
  hidden: readonly string[],
  secrets: readonly string[]
): Fields | undefined {
  const body = response.body.trim()
  const reach = Math.max(SERVER_WINDOW, ...secrets.map(secret => 2 * secret.length))
  const masked = (from: number, to: number): Fields | undefined => {
    let text = body.slice(from, to)
    if (to < body.length) text = `${trimCut(text, hidden)}…`
    if (from) text = `…${trimCut(text, hidden, true)}`
    return parseFields({
      ...response,
      body: redact(text, hidden, true),
      cut: response.cut || to < body.length
    })
  }
  if (body.length <= SNIPPET_SOURCE_LENGTH) return masked(0, body.length)
  const fields: Record<string, unknown> = {}
  for (const key of SHOWN_FIELDS) {
    const at = body.search(`(^\\??|&)${key}=`)
    if (at >= 0) fields[key] = masked(Math.max(0, at - reach), at + reach)?.[key]
  }
  return fields
}

/** A body's size as a line says it: 1 byte, 20 bytes. */
export function byteCount(body: string): string {
  const bytes = Buffer.byteLength(body)
  return `${bytes} byte${bytes === 1 ? '' : 's'}`
}

/** The media types token endpoints answer with, which these lines name. */
const COMMON_MEDIA_TYPES = new Set([
  'application/json',
  'application/x-www-form-urlencoded',
  'application/problem+json',
  'application/jwt',
  'application/xml',
  'application/octet-stream',
  'text/html',
  'text/plain',
  'text/json',
  'text/xml'
])

/**
 * An answer's media type if it is a common one. These lines are written before the tokens the
 * answer brings are masked, and a server may put anything in Content-Type, a token too.
 */
export function mediaType(response: HttpResponse): string {
  const type = contentType(response)
  if (!type) return 'no content type'
  return COMMON_MEDIA_TYPES.has(type) ? type : 'another media type'
}

/**
 * The tokens of an answer, if any, whatever else it says: every string under a key that ends in
 * "token" or "tokens" (access_token, refresh_token, id_token, token, accessToken), nested ones
 * too, for a server may wrap them (`{"data": {"access_token": …}}`) and quote one in its error.
 */
function answerTokens(fields: Fields | undefined): string[] {
  return bodyStrings(fields, /tokens?$/i)
}

/** Markup of an HTML page: something answered that speaks no OAuth (a proxy's, a sign-in). */
export function isHtml(body: string): boolean {
  return /<(html|body|head|title|!doctype)/i.test(body)
}

/** A short, readable start of a body: an HTML page's title and text, not its markup. */
export function bodySnippet(body: string): string {
  /* Only the start matters, and it keeps the regular expressions below cheap on a hostile body. */
  let text = body.slice(0, SNIPPET_SOURCE_LENGTH)
  if (isHtml(text)) {
    const title = oneLine(/<title[^<>]*>([^<]*)<\/title>/i.exec(text)?.[1] ?? '')
    /* Comments too (`<!--[if IE]><!-->`, markup commented out), to their end or the text's. */
    text = text
      .replace(/<!--[^]*?(-->|$)|<(script|style|head)\b[^]*?<\/\2>/gi, ' ')
      .replace(/<[^<>]*>/g, ' ')
    if (title && !text.includes(title)) text = `${title} ${text}`
  }
  return clipWords(oneLine(text), SNIPPET_LENGTH)
}

/**
 * The token in a 2xx answer. `sentAt` is when the request went out, so `expires-at` errs
 * early rather than late.
 */
export function readToken(
  response: HttpResponse,
  sentAt: number,
  given: readonly string[] = []
): Token {
  const fields = parseFields(response)
  if (!fields) throw unparsedAnswer(response, given)
  /* The step's secrets and the answer's own tokens: what it says of itself is masked with both. */
  const secrets = [...given, ...answerTokens(fields)]
  const warnings: string[] = []

  const accessToken = fields.access_token
  if (accessToken == null || accessToken === '') throw noAccessToken(response, fields, secrets)
  if (typeof accessToken !== 'string')
    throw new BadResponse(`access_token in the response is ${typeOf(accessToken)}, not a string`)
  if (SPACE_OR_CONTROL.test(accessToken))
    throw new BadResponse('access_token in the response contains spaces or control characters')

  /*
   * The server's text goes to outputs as sent, and the runner's step debug echoes each output
   * (`Set output scope = …`) masked with the exact secrets alone: a secret in it they miss
   * (recased, hex with gaps), the step's or one of this answer's own tokens, is masked here, as in
   * a log line, before the outputs and a hand-off take it, for another job's runner knows none of
   * this job's masks. Masking the whole value instead would leave the secret in it for later
   * steps. Of the step's secrets, only one of 8 characters or more: a test user's password `user`
   * in the scope `read:user` is a word there, and masking it would change the scope later steps
   * read. The answer's own tokens, whatever their length.
   */
  const long = secrets.filter((secret, at) => secret[7] || at >= given.length)
  const text = (value: string): string => redact(value, long, true)
  const tokenType = readTokenType(fields.token_type, warnings)
  /* RFC 8693 section 2.2.1: N_A, for a token exchange's token that is not an access token. */
  const notAccess = tokenType.toUpperCase() === 'N_A'
  if (notAccess)
    warnings.push(
      'token_type N_A: not an access token (RFC 8693), so output authorization is empty.'
    )
  /* Token types are case-insensitive (RFC 6749 section 5.1); "bearer" is spelled the usual way. */
  const normalizedType = tokenType.toLowerCase() === 'bearer' ? 'Bearer' : tokenType

  let expiresIn = readExpiresIn(fields.expires_in, warnings)
  /* Without expires_in (or a JWT exp), the time is NaN, which isoSeconds gives as ''. */
  let expiresAt = isoSeconds(sentAt + Number(expiresIn) * 1000)
  if (expiresIn !== undefined && !expiresAt) {
    warnings.push('Ignoring expires_in: it is too large (the expiry would be past the year 9999).')
    expiresIn = undefined
  }
  if (expiresIn === undefined) expiresAt = isoSeconds(jwtExpiry(accessToken) ?? NaN)

  return {
    accessToken,
    tokenType: text(tokenType),
    authorization: notAccess ? '' : `${normalizedType} ${accessToken}`,
    expiresIn: expiresIn ?? '',
    expiresAt,
    refreshToken: optionalString(fields, 'refresh_token', warnings),
    idToken: optionalString(fields, 'id_token', warnings),
    scope: text(readScope(fields, warnings)),
    ...issuedTokenType(text(optionalString(fields, 'issued_token_type', warnings)), warnings),
    warnings
  }
}

/**
 * A 2xx body that is no token response may be a token we could not parse, so not mask. A page,
 * text of more than one word, or a word too short to be masked (`OK`), is quoted as an error's
 * body is, with each run of characters that could be a token masked (describeAnswer). JSON (or
 * what starts as JSON) that does not parse, and a body of one longer word, are described only.
 */
function unparsedAnswer(response: HttpResponse, secrets: readonly string[]): BadResponse {
  const body = response.body.trim()
  const html = isHtml(body)
  /* JSON that does not parse: cut off, broken midway, or whole with text after it; or in UTF-16,
     read as UTF-8: its byte-order mark as two U+FFFD, a NUL before or after each ASCII byte. */
  const json = !html && /^(\uFFFD\uFFFD)?\0?\{/.test(body)
  /* Not JSON's start, and then a word of under 8 characters, or more than one word. */
  if (html || (!json && /^[^[{"](\S{0,6}$|[^]*\s)/.test(body)))
    return new BadResponse(describeAnswer(response, secrets), 'not-a-token')
  /* readToken reads only a 2xx, whose fields did not parse: JSON here does not parse either. */
  const fault = json ? jsonFault(body) : ''
  return new BadResponse(
    `HTTP ${response.status} (${mediaType(response)}, ${byteCount(response.body)}); expected a JSON token response, got ${fault || 'no token'}`,
    json ? (fault === CUT_JSON ? 'truncated' : 'malformed') : 'not-a-token'
  )
}

/**
 * A parsed answer whose access_token is missing, null or empty. `secrets` holds its own tokens
 * (readToken): a field's name, too, may be one.
 */
function noAccessToken(
  response: HttpResponse,
  fields: Fields,
  secrets: readonly string[]
): BadResponse {
  /* A blank field is not quoted: describeAnswer would fall back on the body, tokens and all. */
  const said = (key: string): string => {
    const value = fields[key]
    return typeof value === 'string' && value.trim() ? value : ''
  }
  if (said('error')) return new BadResponse(describeAnswer(response, secrets), 'error')
  if (fields.access_token !== undefined)
    return new BadResponse(
      `access_token in the response is ${fields.access_token === null ? 'null' : 'empty'}`
    )
  /* Laravel's `message` tells more than names; the rest of a 2xx may hold a token: masked. A
   * message that could be a token (no spaces) and is (part of) another field is not quoted. */
  const key = said('message') ? 'message' : 'error_description'
  const message = said(key)
  const others = bodyStrings({ ...fields, [key]: '' })
  /* Each of the others is masked in the message as a secret: a body of many (a 1 MiB body holds
     tens of thousands) would take time that grows with their number times the message's length. */
  const quotable = others.length <= MAX_MASKED_STRINGS && message.length <= MAX_QUOTED_MESSAGE
  if (
    message &&
    quotable &&
    !(/^\S+$/.test(message) && others.some(other => other.includes(message)))
  ) {
    const hidden = [...secrets, ...others.filter(other => other !== message)]
    return new BadResponse(
      `HTTP ${response.status}: ${serverText(message, hidden, 300)} (no access_token)`,
      'not-a-token'
    )
  }
  const names =
    Object.keys(fields)
      .slice(0, 10)
      .map(name => serverText(name, secrets, 40))
      .join(', ') || 'none'
  /* A token_type or expires_in says a token endpoint answered, without the token: malformed. */
  return new BadResponse(
    `HTTP ${response.status} has no access_token (fields: ${names})`,
    'token_type' in fields || 'expires_in' in fields ? 'malformed' : 'not-a-token'
  )
}

function readTokenType(value: unknown, warnings: string[]): string {
  if (value == null || value === '') {
    warnings.push('The response has no token_type; assuming Bearer.')
    return 'Bearer'
  }
  if (typeof value !== 'string')
    throw new BadResponse(`token_type in the response is ${typeOf(value)}, not a token type`)
  /* Spaces around it are a server's slip; inside it, or a type too long to be one, they are not. */
  const type = value.trim()
  if (!type) return readTokenType(undefined, warnings)
  if (!/^[\x21-\x7e]{1,100}$/.test(type))
    throw new BadResponse(
      'token_type in the response is not a token type: it holds spaces or control characters, or is over 100 characters'
    )
  return type
}

/** expires_in as given, if it is a number of seconds; readToken checks it makes a date. */
function readExpiresIn(value: unknown, warnings: string[]): string | undefined {
  if (value == null || value === '') return
  /* Some servers (Entra ID v1 among them) send the number as a string. */
  const seconds =
    typeof value === 'number'
      ? value
      : typeof value === 'string' && /^\d+(\.\d+)?$/.test(value.trim())
        ? Number(value.trim())
        : undefined
  if (seconds === undefined) {
    /* A string is taken when it holds a number: "1h" is not refused for being a string. */
    const what = typeof value === 'string' ? 'a string that' : `${typeOf(value)}, which`
    warnings.push(`Ignoring expires_in: it is ${what} is not a number of seconds.`)
  } else if (seconds < 0) {
    warnings.push('Ignoring expires_in: it is negative, not a number of seconds.')
  } else {
    return String(value).trim()
  }
}

/**
 * A string, as optionalString reads one, or a list of strings, which is joined with spaces. Scope
 * tokens are delimited by spaces alone (RFC 6749 section 3.3): a line break in the output would
 * carry the server's text into a later step's script, so a scope with one is left out.
 */
function readScope(fields: Fields, warnings: string[]): string {
  const value = fields.scope
  const scope =
    Array.isArray(value) && value.every(v => typeof v === 'string')
      ? value.join(' ')
      : optionalString(fields, 'scope', warnings)
  if (!SPACE_OR_CONTROL.test(scope.replaceAll(' ', ''))) return scope
  warnings.push('Ignoring scope: it holds line breaks, tabs or control characters.')
  return ''
}

/**
 * Only set when present, so other grants' tokens look as they always did. A URI (RFC 8693
 * section 3) has no space or line break: one in it would reach later steps through the output.
 */
function issuedTokenType(value: string, warnings: string[]): { issuedTokenType?: string } {
  if (!SPACE_OR_CONTROL.test(value)) return value ? { issuedTokenType: value } : {}
  warnings.push('Ignoring issued_token_type: it holds spaces or control characters, not a URI.')
  return {}
}

function optionalString(fields: Fields, key: string, warnings: string[]): string {
  const value = fields[key]
  if (value == null) return ''
  if (typeof value === 'string') return value
  warnings.push(`Ignoring ${key}: it is ${typeOf(value)}, not a string.`)
  return ''
}

/**
 * Every string of 4 characters or more in a parsed body, nested ones too; with `under`, only those
 * under a key it matches, at any depth below it. Walked with a stack of its own, not by recursion:
 * a 1 MiB body can nest half a million levels deep, which would overflow the call stack ("Maximum
 * call stack size exceeded" as the step's only message).
 */
function bodyStrings(value: unknown, under?: RegExp): string[] {
  const strings: string[] = []
  const pending: [unknown, boolean | undefined][] = [[value, !under]]
  let next
  while ((next = pending.pop())) {
    const [item, taken] = next
    if (typeof item === 'string') {
      if (taken && item.length >= 4) strings.push(item)
    } else if (isObject(item)) {
      /* One push at a time: spreading a huge array into push() overflows the stack too. */
      for (const [key, child] of Object.entries(item)) {
        pending.push([child, taken || under?.test(key)])
      }
    }
  }
  return strings
}

/** A value's kind, as a message names it: null, an array, an object, a number, ... */
export function typeOf(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'an array'
  const type = typeof value
  return type === 'object' ? 'an object' : `a ${type}`
}

/** ISO 8601 UTC to the second, e.g. 2027-01-01T00:00:00Z. */
export function isoSeconds(ms: number): string {
  const date = new Date(ms)
  /* Past year 9999 ISO 8601 needs an expanded year that few parsers read: no answer is better. */
  if (isNaN(date.getTime()) || date.getUTCFullYear() > 9999) return ''
  /* toISOString always ends in .sssZ: cut the milliseconds. */
  return `${date.toISOString().slice(0, -5)}Z`
}

/**
 * Whether a page read in its multi-byte charset holds a secret past ASCII (an ASCII one the UTF-8
 * reading shows as it is, masked): in the part a message reads, or in a field it shows; also
 * with ? for each character past ASCII, as an encoder writes one its charset lacks.
 */
function echoesInCharset(searched: string, hidden: readonly string[]): boolean {
  const past = hidden.filter(secret => /[^\0-\x7f]/.test(secret))
  if (!past.length) return false
  const fields = parseFields({ status: 0, headers: {}, body: searched })
  const texts = [
    /* As far as the UTF-8 reading's window can reach: up to 4 bytes a character there, as few as
     * 1 here. */
    serverWindow(searched, 4 * SNIPPET_SOURCE_LENGTH),
    ...SHOWN_FIELDS.map(key => fields?.[key])
      .filter((v): v is string => typeof v === 'string')
      .map(v => serverWindow(v))
  ]
  return texts.some(text =>
    [text, text.replace(/[^\0-\x7f]/gu, '?')].some(each => redact(each, past, true) !== each)
  )
}
