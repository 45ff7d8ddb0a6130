import { describe, expect, it } from '@jest/globals'
import { legacyText, multiByteText } from '../src/charset.js'
import {
  BadResponse,
  bodySnippet,
  describeAnswer,
  isTruncatedJson,
  mediaType,
  parseFields,
  readToken
} from '../src/response.js'
import type { HttpResponse } from '../src/transport.js'

function answer(status: number, contentType: string | undefined, body: string): HttpResponse {
  return { status, headers: contentType ? { 'content-type': contentType } : {}, body }
}
const json = (value: unknown, status = 200): HttpResponse =>
  answer(status, 'application/json', JSON.stringify(value))

function jwt(claims: Record<string, unknown>): string {
  const part = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url')
  return `${part({ alg: 'RS256', typ: 'JWT' })}.${part(claims)}.c2lnbmF0dXJl`
}

/** 2026-01-01T00:00:00.750Z: the fraction shows that expires-at is cut to the second. */
const SENT_AT = Date.UTC(2026, 0, 1, 0, 0, 0, 750)

function badResponse(response: HttpResponse): string {
  try {
    readToken(response, SENT_AT)
  } catch (error) {
    expect(error).toBeInstanceOf(BadResponse)
    const { message } = error as BadResponse
    expect(message).not.toMatch(/[\r\n]/)
    return message
  }
  throw new Error('readToken did not throw')
}

describe('parseFields', () => {
  it.each<[string, HttpResponse, Record<string, unknown> | undefined]>([
    ['JSON', answer(200, 'application/json', '{"a":1,"b":"x"}'), { a: 1, b: 'x' }],
    [
      'JSON with a charset',
      answer(200, 'application/json; charset=utf-8', '{"a":"x"}'),
      { a: 'x' }
    ],
    ['a +json type', answer(200, 'application/problem+json', '{"a":"x"}'), { a: 'x' }],
    ['JSON under an upper-case type', answer(200, 'Application/JSON', '{"a":"x"}'), { a: 'x' }],
    ['JSON without a content type', answer(200, undefined, '{"a":"x"}'), { a: 'x' }],
    ['JSON sent as text/plain', answer(200, 'text/plain', '  {"a":"x"}\n'), { a: 'x' }],
    [
      'form-urlencoded',
      answer(
        200,
        'application/x-www-form-urlencoded',
        'access_token=abc&token_type=bearer&scope=a+b%20c'
      ),
      { access_token: 'abc', token_type: 'bearer', scope: 'a b c' }
    ],
    [
      'form-urlencoded with a charset',
      answer(200, 'application/x-www-form-urlencoded; charset=utf-8', 'a=%C3%B6'),
      { a: 'ö' }
    ],
    [
      'JSON labelled form-urlencoded',
      answer(200, 'application/x-www-form-urlencoded', '{"access_token":"abc"}'),
      { access_token: 'abc' }
    ],
    // A form body that a server labelled JSON is read by its shape, as under text/plain (audit
    // 87a, R4: it was told as "got no token").
    [
      'a form body labelled JSON',
      answer(200, 'application/json', 'access_token=abc&token_type=bearer'),
      { access_token: 'abc', token_type: 'bearer' }
    ],
    [
      'no form out of text labelled JSON',
      answer(200, 'application/problem+json', 'access_token=abc and more'),
      undefined
    ],
    [
      'text that ends in a key=value as text, not a form',
      answer(200, 'text/plain', 'Bad request: grant_type=password'),
      undefined
    ],
    [
      'form-urlencoded under an upper-case type, with a space left in it',
      answer(
        400,
        'Application/X-WWW-Form-URLEncoded',
        'error=invalid_grant&error_description=Bad credentials'
      ),
      { error: 'invalid_grant', error_description: 'Bad credentials' }
    ],
    [
      'text that starts as a key=value and goes on in words, not a form',
      answer(500, 'text/plain', 'status=failed, try again later'),
      undefined
    ],
    [
      'a form body sent as text/plain',
      answer(200, 'text/plain', 'access_token=abc&expires_in=3600'),
      { access_token: 'abc', expires_in: '3600' }
    ],
    ['a JSON array', answer(200, 'application/json', '[{"a":1}]'), undefined],
    ['JSON null', answer(200, 'application/json', 'null'), undefined],
    ['a JSON string', answer(200, 'application/json', '"abc"'), undefined],
    ['invalid JSON', answer(200, 'application/json', 'not json'), undefined],
    ['truncated JSON', answer(200, undefined, '{"access_token":"ab'), undefined],
    ['an HTML page', answer(200, 'text/html', '<html><body>hi</body></html>'), undefined],
    ['plain text', answer(500, 'text/plain', 'Internal Server Error'), undefined],
    ['an empty body', answer(204, undefined, ''), undefined],
    ['an empty JSON body', answer(200, 'application/json', ''), undefined]
  ])('reads %s', (_name, response, expected) => {
    expect(parseFields(response)).toEqual(expected)
  })

  it.each<[string, string, Record<string, unknown>]>([
    [
      'leaves out the last field of a form page cut on its way',
      'error=invalid_request&error_description=The client',
      { error: 'invalid_request' }
    ],
    ['leaves out the only field of a form page cut on its way', 'error=invalid_req', {}]
  ])('%s', (_name, body, expected) => {
    const cut = { ...answer(400, 'application/x-www-form-urlencoded', body), cut: true }
    expect(parseFields(cut)).toEqual(expected)
  })
})

describe('isTruncatedJson', () => {
  it.each<[string, HttpResponse, boolean]>([
    ['a 2xx cut mid-JSON', answer(200, 'application/json', '{"access_token":"ab'), true],
    ['a 2xx cut after a value', answer(201, 'text/plain', '{"expires_in":36'), true],
    ['a 2xx cut in a literal', answer(200, 'application/json', '{"a":tru'), true],
    ['a 2xx cut after an escape', answer(200, 'application/json', '{"a":"x\\u00'), true],
    ['a 2xx cut after a comma, and blanks', answer(200, 'application/json', '{"a":1,\n  '), true],
    ['a 2xx with broken JSON', answer(201, 'text/plain', '{nope}'), false],
    ['a 2xx with an unquoted value', answer(200, 'application/json', '{"t":Bearer}'), false],
    ['a 2xx with a trailing comma', answer(200, 'application/json', '{"a":1,}'), false],
    ['a 2xx in UTF-16LE', answer(200, 'application/json', '{\0"\0a\0"\0:\x001\0}\0'), false],
    /* V8 quotes a short body whole in its message (a longer one near the fault): words there are
     * not V8's. */
    [
      'a 2xx broken midway that says "end of JSON"',
      answer(200, 'application/json', '{"end of JSON":x}'),
      false
    ],
    [
      'a 2xx broken midway that names a position',
      answer(200, 'application/json', '{"at position 99":x}'),
      false
    ],
    ['a 2xx with whole JSON', answer(200, 'application/json', '{"a":1}'), false],
    [
      'a 2xx with text after whole JSON (a PHP notice)',
      answer(200, 'application/json', '{"a":1}\n<br />\n<b>Deprecated</b>: x'),
      false
    ],
    ['a 2xx with two JSON objects', answer(200, 'application/json', '{"a":1}{"b":2}'), false],
    ['a 2xx HTML page', answer(200, 'text/html', '<html></html>'), false],
    ['a 300 cut mid-JSON', answer(300, 'application/json', '{"error":'), false],
    ['a 500 cut mid-JSON', answer(500, 'application/json', '{"error":'), false]
  ])('%s is %s', (_name, response, expected) => {
    expect(isTruncatedJson(response)).toBe(expected)
  })
})

describe('describeAnswer', () => {
  const gateway =
    '<!DOCTYPE html>\n<html>\n<head><title>502 Bad Gateway</title>\n<style>body { color: red }</style></head>\n' +
    '<body>\n<center><h1>Bad Gateway</h1></center>\n<hr><center>nginx</center>\n</body>\n</html>\n'

  it.each<[string, HttpResponse, string]>([
    [
      'an RFC 6749 §5.2 error',
      json({ error: 'invalid_grant', error_description: 'The credentials are wrong' }, 400),
      'HTTP 400 invalid_grant: The credentials are wrong'
    ],
    ['an error alone', json({ error: 'invalid_client' }, 401), 'HTTP 401 invalid_client'],
    [
      'an error with an error_uri',
      json({ error: 'invalid_scope', error_uri: 'https://docs.example.com/e' }, 400),
      'HTTP 400 invalid_scope'
    ],
    [
      "Passport's invalid_client",
      json(
        {
          error: 'invalid_client',
          error_description: 'Client authentication failed',
          message: 'Client authentication failed'
        },
        401
      ),
      'HTTP 401 invalid_client: Client authentication failed'
    ],
    [
      "Passport's invalid_grant with an empty hint",
      json(
        {
          error: 'invalid_grant',
          error_description:
            'The provided authorization grant (e.g., authorization code, resource owner credentials) or refresh token is invalid, expired, revoked, does not match the redirection URI used in the authorization request, or was issued to another client.',
          hint: '',
          message:
            'The provided authorization grant (e.g., authorization code, resource owner credentials) or refresh token is invalid, expired, revoked, does not match the redirection URI used in the authorization request, or was issued to another client.'
        },
        400
      ),
      'HTTP 400 invalid_grant: The provided authorization grant (e.g., authorization code, resource owner credentials) or refresh token is invalid, expired, revoked, does not match the redirection URI used in the authorization request, or was issued to another client.'
    ],
    [
      "Passport's hint",
      json(
        {
          error: 'invalid_request',
          error_description: 'The request is missing a required parameter.',
          hint: 'Check the `username` parameter',
          message: 'The request is missing a required parameter.'
        },
        400
      ),
      'HTTP 400 invalid_request: The request is missing a required parameter. (hint: Check the `username` parameter)'
    ],
    [
      'a hint equal to the description, once',
      json({ error: 'x', error_description: 'same', hint: 'same' }, 400),
      'HTTP 400 x: same'
    ],
    [
      'a hint without a description',
      json({ error: 'invalid_request', hint: 'Check the `password` parameter' }, 400),
      'HTTP 400 invalid_request (hint: Check the `password` parameter)'
    ],
    [
      "Passport's message without an error",
      json({ message: 'Unauthenticated.' }, 401),
      'HTTP 401: Unauthenticated.'
    ],
    [
      'error_description over message',
      json({ error_description: 'described', message: 'messaged' }, 400),
      'HTTP 400: described'
    ],
    [
      'a form-urlencoded error',
      answer(
        400,
        'application/x-www-form-urlencoded',
        'error=invalid_grant&error_description=bad+code'
      ),
      'HTTP 400 invalid_grant: bad code'
    ],
    [
      'a multi-line description, on one line',
      json(
        { error: 'invalid_grant', error_description: 'line one\r\nline two\n::warning::x' },
        400
      ),
      'HTTP 400 invalid_grant: line one line two ::warning::x'
    ],
    [
      'a description clipped to 300 characters, between words',
      json({ error: 'e', error_description: 'word '.repeat(80) }, 400),
      `HTTP 400 e: ${'word '.repeat(60).trimEnd()}…`
    ],
    [
      'none of a first word that a cut would leave part of',
      json({ error: 'e', error_description: 'd'.repeat(400) }, 400),
      'HTTP 400 e: …'
    ],
    [
      'an error that is not a string, as a snippet',
      json({ error: 42 }, 400),
      'HTTP 400 (application/json): {"error":42}'
    ],
    [
      'an HTML page, by its title and text',
      answer(502, 'text/html', gateway),
      'HTTP 502 (text/html): 502 Bad Gateway Bad Gateway nginx'
    ],
    [
      'plain text',
      answer(500, 'text/plain; charset=utf-8', 'Internal\n  Server Error\n'),
      'HTTP 500 (text/plain; charset=utf-8): Internal Server Error'
    ],
    [
      'invalid JSON',
      answer(500, 'application/json', 'not json'),
      'HTTP 500 (application/json): not json'
    ],
    [
      'the tokens of an answer without error text, masked in its snippet',
      json({ access_token: 'leaky-token-4d1f', status: 'denied' }, 403),
      'HTTP 403 (application/json): {"access_token":"***","status":"denied"}'
    ],
    [
      'a token of 4 characters, masked',
      json(
        { error: 'invalid_grant', error_description: 'abcd is spent', refresh_token: 'abcd' },
        400
      ),
      'HTTP 400 invalid_grant: *** is spent'
    ],
    [
      'the tokens an error wraps or names otherwise, masked where it quotes them',
      json({
        error: 'temporarily_unavailable',
        error_description: 'Already issued: atk-5Yq2, rtk-8Wm4 and itk-3Lp7 for st-1a2b',
        data: { access_token: 'atk-5Yq2', session: { refreshToken: 'rtk-8Wm4' } },
        tokens: { id: ['x', 'itk-3Lp7'] },
        state: 'st-1a2b'
      }),
      'HTTP 200 temporarily_unavailable: Already issued: ***, *** and *** for st-1a2b'
    ],
    [
      'a token under the key token, masked',
      json({ error: 'x', error_description: 'here: atk-5Yq2', token: 'atk-5Yq2' }, 400),
      'HTTP 400 x: here: ***'
    ],
    [
      "a gateway's page that quotes the token answer it could not pass on, masked",
      answer(
        502,
        'text/html',
        '<html><body>upstream {"access_token":"AT-html-502-1","token_type":"Bearer"}</body></html>'
      ),
      'HTTP 502 (text/html): upstream {"access_token":"***","token_type":"Bearer"}'
    ],
    [
      'tokens named within a text page, masked there and where it repeats them',
      answer(
        500,
        'text/plain',
        'upstream said access_token=AT-500-1&refresh_token=RT-500-1; AT-500-1'
      ),
      'HTTP 500 (text/plain): upstream said access_token=***&refresh_token=***; ***'
    ],
    [
      'a token named within an error_description, masked',
      json(
        { error: 'server_error', error_description: 'upstream sent access_token=AT-desc-1' },
        500
      ),
      'HTTP 500 server_error: upstream sent access_token=***'
    ],
    ['an empty body', answer(503, undefined, ''), 'HTTP 503 (no content type) with an empty body'],
    [
      'RFC 9457 problem details (ASP.NET Core, Spring Boot 3)',
      answer(
        400,
        'application/problem+json',
        JSON.stringify({
          type: 'about:blank',
          title: 'Bad Request',
          status: 400,
          detail: 'client_id is required'
        })
      ),
      'HTTP 400 Bad Request: client_id is required'
    ],
    [
      'a body cut off before a word of it came (a stall, a reset)',
      { ...answer(503, 'application/json', '{"er'), cut: true },
      'HTTP 503 (application/json) with its body cut off'
    ],
    [
      'a body cut off after some words',
      { ...answer(502, 'text/plain', 'upstream went away mid-sentence'), cut: true },
      'HTTP 502 (text/plain): upstream went away …'
    ],
    [
      'a body cut off after some words in another script',
      { ...answer(502, 'text/plain', 'Ошибка сервера при'), cut: true },
      'HTTP 502 (text/plain): Ошибка сервера …'
    ],
    [
      'a body that is an ellipsis, whole',
      answer(500, 'text/plain', '…'),
      'HTTP 500 (text/plain): …'
    ],
    [
      'a blank body with a type',
      answer(404, 'text/html', '  \n'),
      'HTTP 404 (text/html) with an empty body'
    ],
    [
      'a form page of 8192 characters, read whole',
      answer(
        400,
        'application/x-www-form-urlencoded',
        `error=invalid_request&error_description=${'word+'.repeat(1630)}ok`
      ),
      `HTTP 400 invalid_request: ${'word '.repeat(60).trimEnd()}…`
    ],
    [
      'a 300 as an error, its type as sent and its words unmasked',
      answer(300, 'text/plain; charset=utf-8', 'Choose: /v1/oauth/token-endpoint or /v2'),
      'HTTP 300 (text/plain; charset=utf-8): Choose: /v1/oauth/token-endpoint or /v2'
    ]
  ])('describes %s', (_name, response, expected) => {
    expect(describeAnswer(response)).toBe(expected)
  })

  // Decoded first, its + would be a space, which no form of the secret holds.
  it('masks a secret a form page echoes as it is, before decoding changes it', () => {
    const secret = 'pass+word-12345'
    const page = answer(
      400,
      'application/x-www-form-urlencoded',
      `error=invalid_client&error_description=wrong+secret+${secret}`
    )
    expect(describeAnswer(page, [secret])).toBe('HTTP 400 invalid_client: wrong secret ***')
  })

  // The page's text puts a space where each tag stood: a secret a tag splits, whole in the raw
  // page to no mask, would be quoted in two halves that neither the runner's mask nor ours finds.
  it.each([
    ['<b>', (a: string, b: string) => `${a}<b>${b}</b>`],
    ['<span>s side by side', (a: string, b: string) => `<span>${a}</span><span>${b}</span>`],
    ['<mark>', (a: string, b: string) => `${a}<mark>${b}</mark>`],
    ['<br>', (a: string, b: string) => `${a}<br>${b}`],
    ['a comment', (a: string, b: string) => `${a}<!-- -->${b}`]
  ])('masks a secret an HTML page splits with %s', (_name, split) => {
    const secret = 'Kq7Zt2Wm9Xr4Vb8Np3Hs6Jd5'
    const page = `<html><body><p>Unknown client secret: ${split(secret.slice(0, 12), secret.slice(12))}</p></body></html>`
    const line = describeAnswer(answer(401, 'text/html', page), [secret])
    expect(line).not.toMatch(/Kq7Zt2|Hs6Jd5/)
    expect(line).toMatch(/^HTTP 401 \(text\/html\): Unknown client secret: \*\*\*/)
  })

  // One line shows a line break and the spaces around it as one space: a passphrase wrapped at
  // one of its spaces would be quoted whole, and a secret wrapped with indentation in two halves.
  it.each([
    [
      'a passphrase wrapped at its space',
      'correct horse battery staple',
      'correct horse\nbattery staple'
    ],
    [
      'a passphrase wrapped, indented',
      'correct horse battery staple',
      'correct horse\n    battery staple'
    ],
    ['a secret wrapped, indented', 'Kq7Zt2Wm9Xr4Vb8Np3Hs6Jd5', 'Kq7Zt2Wm9Xr4\r\n\tVb8Np3Hs6Jd5']
  ])('masks %s in a plain-text page', (_name, secret, wrapped) => {
    const line = describeAnswer(answer(401, 'text/plain', `Bad credentials:\n  ${wrapped}\n`), [
      secret
    ])
    expect(line).toBe('HTTP 401 (text/plain): Bad credentials: ***')
  })

  it('does not quote a UTF-16 page, whose NULs would space a secret out past any mask', () => {
    const body = Buffer.from('<html><body>secret Xk9LmQ2wZp7RtY4v</body></html>', 'utf16le')
    const line = describeAnswer(answer(401, 'text/html; charset=utf-16le', body.toString('utf8')))
    expect(line).toBe('HTTP 401 (text/html; charset=utf-16le) with a body that is not UTF-8 text')
  })

  it("masks the run's secrets in a content type, and clips it", () => {
    const type = `text/plain; boundary=ci-secret-71f3 ${'x'.repeat(100)}`
    expect(describeAnswer(answer(400, type, 'denied'), ['ci-secret-71f3'])).toBe(
      'HTTP 400 (text/plain; boundary=***…): denied'
    )
  })

  it('clips a long body to a short snippet', () => {
    const line = describeAnswer(answer(500, 'text/plain', 'word '.repeat(1000)))
    expect(line).toBe(`HTTP 500 (text/plain): ${'word '.repeat(24).trimEnd()}…`)
  })
})

describe('describeAnswer, a page in a charset of its own', () => {
  // As transport.ts reads a page that names a charset: a single-byte one in it (charset), a
  // multi-byte one as UTF-8, and in its charset only to be searched (searched).
  function page(charset: string, bytes: Buffer): HttpResponse {
    const contentType = `text/plain; charset=${charset}`
    const searched = multiByteText(bytes, charset)
    return searched === undefined
      ? { ...answer(401, contentType, legacyText(bytes, charset) ?? ''), charset }
      : { ...answer(401, contentType, bytes.toString('utf8')), charset, searched }
  }
  const said = (...parts: (string | number[] | Buffer)[]): Buffer =>
    Buffer.concat(parts.map(part => Buffer.from(part)))

  it.each<[string, string, Buffer]>([
    // Tomcat's way: the UTF-8 bytes it got, shown as its own charset's characters.
    ['KOI8-R', 'Пароль-2024-x', said('Wrong password: ', Buffer.from('Пароль-2024-x'), ' here')],
    // ? for each character its charset lacks (ñ), the others (ż) as they are.
    ['ISO-8859-2', 'żñ-Secret-2024', said('Wrong password: ', [0xbf, 0x3f], '-Secret-2024 here')]
  ])('masks a secret a %s page echoes', (charset, secret, bytes) => {
    expect(describeAnswer(page(charset, bytes), [secret])).toBe(
      `HTTP 401 (text/plain; charset=${charset}): Wrong password: *** here`
    )
  })

  it.each<[string, string, string, Buffer]>([
    // 码 is not in Shift_JIS: ? there.
    [
      'with ? for a character the charset lacks',
      'Shift_JIS',
      '密码Secret2024',
      said('Wrong password: ', [0x96, 0xa7, 0x3f], 'Secret2024')
    ],
    // GB18030 writes ß in 4 bytes, 2 of them ASCII digits.
    [
      'that holds no character past Latin-1',
      'GB18030',
      'Straße-Secret2024',
      said('Wrong password: Stra', [0x81, 0x30, 0x89, 0x38], 'e-Secret2024')
    ],
    // The UTF-8 reading's window holds the page's comment of 6000 characters of UTF-8, which
    // read as GBK are 9000.
    [
      'far into the page, read in its charset',
      'GBK',
      '密码Secret2024',
      said(
        '<html><!--',
        '日'.repeat(6000),
        '--><p>Wrong password: ',
        [0xc3, 0xdc, 0xc2, 0xeb],
        'Secret2024</p></html>'
      )
    ]
  ])('does not quote a multi-byte page that echoes a secret %s', (_how, charset, secret, bytes) => {
    expect(describeAnswer(page(charset, bytes), [secret])).toBe(
      `HTTP 401 (text/plain; charset=${charset}) with a body that echoes a secret in its charset, not quoted`
    )
  })

  it("masks the run's secrets in the content type it names when it does not quote such a page", () => {
    const bytes = said('Wrong password: ', [0x96, 0xa7, 0x3f], 'Secret2024')
    const echoing = page('Shift_JIS', bytes)
    const type = 'text/plain; charset=Shift_JIS; boundary=ci-secret-71f3'
    const response = { ...echoing, headers: { 'content-type': type } }
    expect(describeAnswer(response, ['密码Secret2024', 'ci-secret-71f3'])).toBe(
      'HTTP 401 (text/plain; charset=Shift_JIS; boundary=***) with a body that echoes a secret in its charset, not quoted'
    )
  })

  it('quotes a multi-byte page that echoes no secret', () => {
    const bytes = said('Wrong password for ', [0x93, 0xfa, 0x96, 0x7b], ': try again')
    expect(describeAnswer(page('Shift_JIS', bytes), ['密码Secret2024'])).toBe(
      'HTTP 401 (text/plain; charset=Shift_JIS): Wrong password for \ufffd\ufffd\ufffd{: try again'
    )
  })
})

describe('mediaType', () => {
  it.each<[string | undefined, string]>([
    ['application/json; charset=utf-8', 'application/json'],
    ['Text/HTML; Charset=UTF-8', 'text/html'],
    ['text/html ; charset=utf-8', 'text/html'],
    ['application/problem+json', 'application/problem+json'],
    ['application/x-tok-abcdef-123456', 'another media type'],
    [undefined, 'no content type']
  ])('names %s as %s', (contentType, expected) => {
    expect(mediaType(answer(200, contentType, ''))).toBe(expected)
  })
})

describe('bodySnippet', () => {
  it.each([
    ['plain text', 'Service  Unavailable', 'Service Unavailable'],
    ['text over lines', 'a\r\nb\n\tc', 'a b c'],
    [
      'an HTML page, without head, script and style',
      '<html><head><title>Login</title><script>var secret = 1</script></head><body><script>track()</script><style>p{}</style><p>Please sign in</p></body></html>',
      'Login Please sign in'
    ],
    [
      'a title outside head, once',
      '<!doctype html><title>Oops</title><body><p>Try later</p></body>',
      'Oops Try later'
    ],
    ['a bare title, as HTML', '<title>Sign in</title>', 'Sign in'],
    [
      'an HTML5 page of a doctype and no html, head or body tag',
      '<!DOCTYPE html><meta charset="utf-8"><p>Service <b>unavailable</b></p>',
      'Service unavailable'
    ],
    [
      'a title with attributes, in a head that goes',
      '<html><head><title data-i18n="t">Sign in</title></head><body><p>Welcome</p></body></html>',
      'Sign in Welcome'
    ],
    ['a page without a title', '<body><p>Not <b>found</b></p></body>', 'Not found'],
    [
      "a page's comments: conditional, of markup, and one never closed",
      '<!--[if gt IE 8]><!--><html><!--<![endif]--><body><h1>Bad Gateway</h1><!-- <p>old notice</p> --><p>Error 502</p><!-- <b>cut',
      'Bad Gateway Error 502'
    ],
    ['XML-like text that is not HTML, as it is', '<error>bad</error>', '<error>bad</error>'],
    ['an empty body', '', '']
  ])('shows %s', (_name, body, expected) => {
    expect(bodySnippet(body)).toBe(expected)
  })

  it('keeps a snippet to 120 characters, marking the cut', () => {
    const page = `<html><head><title>Error</title></head><body>${'word '.repeat(100)}</body></html>`
    const snippet = bodySnippet(page)
    // Cut between words, never inside one (clipWords).
    expect(snippet).toBe(`Error ${'word '.repeat(22).trimEnd()}…`)
    expect(bodySnippet('y'.repeat(120))).toBe('y'.repeat(120))
    expect(bodySnippet('y'.repeat(121))).toBe('…')
  })
})

describe('readToken', () => {
  it("reads the seed API's answer", () => {
    const token = readToken(
      json({
        token_type: 'Bearer',
        expires_in: 31536000,
        access_token: 'eyJ0eXAiO.abc',
        refresh_token: 'def50200f'
      }),
      SENT_AT
    )
    expect(token).toEqual({
      accessToken: 'eyJ0eXAiO.abc',
      tokenType: 'Bearer',
      authorization: 'Bearer eyJ0eXAiO.abc',
      expiresIn: '31536000',
      expiresAt: '2027-01-01T00:00:00Z',
      refreshToken: 'def50200f',
      idToken: '',
      scope: '',
      warnings: []
    })
  })

  it('reads every field', () => {
    const token = readToken(
      json({
        access_token: 'at',
        token_type: 'Bearer',
        expires_in: 3600,
        refresh_token: 'rt',
        id_token: 'idt',
        scope: 'openid profile'
      }),
      SENT_AT
    )
    expect(token).toEqual({
      accessToken: 'at',
      tokenType: 'Bearer',
      authorization: 'Bearer at',
      expiresIn: '3600',
      expiresAt: '2026-01-01T01:00:00Z',
      refreshToken: 'rt',
      idToken: 'idt',
      scope: 'openid profile',
      warnings: []
    })
  })

  it('masks a secret a server echoes in scope, token_type or issued_token_type, in any form it is found in', () => {
    // The runner echoes outputs masked with exact secrets only (runner-log.test.ts).
    const secret = 'cs-k7qw2mzr9xbt'
    const token = readToken(
      json({
        access_token: 'at-0123456789',
        token_type: '63:73:2d:6b:37:71:77:32:6d:7a:72:39:78:62:74',
        scope: ['read', 'CS-K7QW2MZR9XBT', 'write'],
        issued_token_type: 'urn:x:Cs-K7Qw2mZr9xBt'
      }),
      SENT_AT,
      [secret]
    )
    expect(token).toMatchObject({
      tokenType: '***',
      // The authorization is a secret itself, masked whole.
      authorization: '63:73:2d:6b:37:71:77:32:6d:7a:72:39:78:62:74 at-0123456789',
      scope: 'read *** write',
      issuedTokenType: 'urn:x:***'
    })
  })

  // A test user's password (user, test) is often a word of the scope too: the outputs are as
  // returned, and the runner masks the word in the log (audit 87a, D2).
  it('leaves a secret under 8 characters in scope, token_type or issued_token_type, a word there', () => {
    const fields = {
      access_token: 'at-0123456789',
      token_type: 'Bearer',
      scope: 'read:user api:test:read tests',
      issued_token_type: 'urn:x:user'
    }
    expect(readToken(json(fields), SENT_AT, ['user', 'TEST', 'Bearer', 'api:tes'])).toMatchObject({
      tokenType: 'Bearer',
      scope: 'read:user api:test:read tests',
      issuedTokenType: 'urn:x:user'
    })
    expect(readToken(json(fields), SENT_AT, ['api:test'])).toMatchObject({
      scope: 'read:user ***:read tests'
    })
  })

  it("masks the answer's own tokens in scope and token_type, under 8 characters too", () => {
    const token = readToken(
      json({ access_token: 'at-0123', token_type: 'AT-0123', scope: 'read at-0123' }),
      SENT_AT,
      ['user']
    )
    expect(token).toMatchObject({ tokenType: '***', scope: 'read ***' })
  })

  it("masks the answer's own tokens, in any form, in scope, token_type or issued_token_type", () => {
    // The runner masks the exact tokens once the action registers them, a recased form never:
    // the outputs must not carry one (runner-log.test.ts runs it under the runner's masker).
    const token = readToken(
      json({
        access_token: 'at-0123456789',
        refresh_token: 'rtk-7Kq2mZ9x',
        id_token: 'itk-4Lp8wN3v',
        token_type: 'AT-0123456789',
        scope: 'read RTK-7KQ2MZ9X write',
        issued_token_type: 'urn:x:itk-4lp8wn3v'
      }),
      SENT_AT
    )
    expect(token).toMatchObject({
      tokenType: '***',
      scope: 'read *** write',
      issuedTokenType: 'urn:x:***',
      refreshToken: 'rtk-7Kq2mZ9x'
    })
  })

  it('reads a form-urlencoded answer', () => {
    const token = readToken(
      answer(
        200,
        'application/x-www-form-urlencoded',
        'access_token=at%2Fx&token_type=bearer&expires_in=60&scope=a+b&refresh_token=rt'
      ),
      SENT_AT
    )
    expect(token).toEqual({
      accessToken: 'at/x',
      tokenType: 'bearer',
      authorization: 'Bearer at/x',
      expiresIn: '60',
      expiresAt: '2026-01-01T00:01:00Z',
      refreshToken: 'rt',
      idToken: '',
      scope: 'a b',
      warnings: []
    })
  })

  it.each<[string, unknown, string, string, string[]]>([
    ['Bearer', 'Bearer', 'Bearer', 'Bearer at', []],
    ['lower-case bearer', 'bearer', 'bearer', 'Bearer at', []],
    ['upper-case BEARER', 'BEARER', 'BEARER', 'Bearer at', []],
    ['another type, as given', 'DPoP', 'DPoP', 'DPoP at', []],
    [
      'N_A (RFC 8693: not an access token), with no authorization',
      'N_A',
      'N_A',
      '',
      ['token_type N_A: not an access token (RFC 8693), so output authorization is empty.']
    ],
    [
      'a missing type, as Bearer with a warning',
      undefined,
      'Bearer',
      'Bearer at',
      ['The response has no token_type; assuming Bearer.']
    ],
    [
      'a null type',
      null,
      'Bearer',
      'Bearer at',
      ['The response has no token_type; assuming Bearer.']
    ],
    [
      'an empty type',
      '',
      'Bearer',
      'Bearer at',
      ['The response has no token_type; assuming Bearer.']
    ]
  ])('token_type: %s', (_name, tokenType, expectedType, authorization, warnings) => {
    const token = readToken(json({ access_token: 'at', token_type: tokenType }), SENT_AT)
    expect(token.tokenType).toBe(expectedType)
    expect(token.authorization).toBe(authorization)
    expect(token.warnings).toEqual(warnings)
  })

  it.each<[string, unknown, string]>([
    ['a number', 42, 'token_type in the response is a number, not a token type'],
    ['an object', { a: 1 }, 'token_type in the response is an object, not a token type'],
    [
      'a string with a space',
      'Bearer x',
      'token_type in the response is not a token type: it holds spaces or control characters, or is over 100 characters'
    ],
    [
      'a string with a newline inside',
      'Bear\ner',
      'token_type in the response is not a token type: it holds spaces or control characters, or is over 100 characters'
    ],
    [
      'a string of 101 characters',
      'B'.repeat(101),
      'token_type in the response is not a token type: it holds spaces or control characters, or is over 100 characters'
    ]
  ])('refuses a token_type that is %s', (_name, tokenType, expected) => {
    expect(badResponse(json({ access_token: 'at', token_type: tokenType }))).toBe(expected)
  })

  it('takes a token_type with spaces around it as the type inside, and blank as none', () => {
    const spaced = readToken(json({ access_token: 'at', token_type: ' Bearer\n' }), SENT_AT)
    expect(spaced.tokenType).toBe('Bearer')
    expect(spaced.authorization).toBe('Bearer at')
    const blank = readToken(json({ access_token: 'at', token_type: '  ' }), SENT_AT)
    expect(blank.tokenType).toBe('Bearer')
    expect(blank.warnings).toEqual(['The response has no token_type; assuming Bearer.'])
  })

  it.each([
    ['a line break', 'urn:x:a\n::error::injected'],
    ['a space', 'urn:ietf:params:oauth:token-type:access_token extra'],
    ['a carriage return', 'urn:x:a\rb'],
    ['a tab', 'urn:x:a\tb'],
    ['a line separator', 'urn:x:a\u2028b'],
    ['a NUL', 'urn:x:a\0b']
  ])('ignores an issued_token_type with %s, which no URI holds, and says so', (_what, type) => {
    const token = readToken(
      json({ access_token: 'at-issued-1', token_type: 'Bearer', issued_token_type: type }),
      SENT_AT
    )
    expect(token).not.toHaveProperty('issuedTokenType')
    expect(token.warnings).toEqual([
      'Ignoring issued_token_type: it holds spaces or control characters, not a URI.'
    ])
  })

  it('keeps an issued_token_type that is a URI', () => {
    const type = 'urn:ietf:params:oauth:token-type:access_token'
    const token = readToken(
      json({ access_token: 'at-issued-2', token_type: 'Bearer', issued_token_type: type }),
      SENT_AT
    )
    expect(token.issuedTokenType).toBe(type)
    expect(token.warnings).toEqual([])
  })

  it.each(['N_A', 'n_a'])(
    'leaves authorization empty for token_type %s: RFC 8693 issued a token that is not an access token',
    type => {
      const token = readToken(
        json({
          access_token: 'eyJ.id.token',
          token_type: type,
          issued_token_type: 'urn:ietf:params:oauth:token-type:id_token'
        }),
        SENT_AT
      )
      expect(token.tokenType).toBe(type)
      expect(token.authorization).toBe('')
      expect(token.accessToken).toBe('eyJ.id.token')
      expect(token.warnings).toEqual([
        'token_type N_A: not an access token (RFC 8693), so output authorization is empty.'
      ])
    }
  )

  it.each<[string, unknown, string, string]>([
    ['a number', 3600, '3600', '2026-01-01T01:00:00Z'],
    ['a numeric string', '3600', '3600', '2026-01-01T01:00:00Z'],
    ['a numeric string with spaces', ' 7200 ', '7200', '2026-01-01T02:00:00Z'],
    ['zero', 0, '0', '2026-01-01T00:00:00Z'],
    ['a fraction', 1.5, '1.5', '2026-01-01T00:00:02Z'],
    ['a year', 31536000, '31536000', '2027-01-01T00:00:00Z']
  ])('expires_in as %s', (_name, expiresIn, expected, expiresAt) => {
    const token = readToken(
      json({ access_token: 'at', token_type: 'Bearer', expires_in: expiresIn }),
      SENT_AT
    )
    expect(token.expiresIn).toBe(expected)
    expect(token.expiresAt).toBe(expiresAt)
    expect(token.warnings).toEqual([])
  })

  it('counts expires-at from when the request was sent, to the second, in UTC', () => {
    const sentAt = Date.parse('2025-06-30T23:59:59.999+02:00')
    const token = readToken(
      json({ access_token: 'at', token_type: 'Bearer', expires_in: 1 }),
      sentAt
    )
    expect(token.expiresAt).toBe('2025-06-30T22:00:00Z')
    expect(token.expiresAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/)
  })

  it.each<[string, unknown, string]>([
    ['negative', -1, 'Ignoring expires_in: it is negative, not a number of seconds.'],
    [
      'too large',
      1e12,
      'Ignoring expires_in: it is too large (the expiry would be past the year 9999).'
    ],
    [
      'too large, as a string',
      '100000000000000',
      'Ignoring expires_in: it is too large (the expiry would be past the year 9999).'
    ],
    ['a word', 'soon', 'Ignoring expires_in: it is a string that is not a number of seconds.'],
    [
      'a negative string',
      '-5',
      'Ignoring expires_in: it is a string that is not a number of seconds.'
    ],
    ['a boolean', true, 'Ignoring expires_in: it is a boolean, which is not a number of seconds.'],
    [
      'an object',
      { s: 1 },
      'Ignoring expires_in: it is an object, which is not a number of seconds.'
    ]
  ])('ignores an expires_in that is %s, with a warning', (_name, expiresIn, warning) => {
    const token = readToken(
      json({ access_token: 'at', token_type: 'Bearer', expires_in: expiresIn }),
      SENT_AT
    )
    expect(token.expiresIn).toBe('')
    expect(token.expiresAt).toBe('')
    expect(token.warnings).toEqual([warning])
  })

  it.each([undefined, null, ''])('leaves expires-in and expires-at empty for %j', expiresIn => {
    const token = readToken(
      json({ access_token: 'at', token_type: 'Bearer', expires_in: expiresIn }),
      SENT_AT
    )
    expect(token.expiresIn).toBe('')
    expect(token.expiresAt).toBe('')
    expect(token.warnings).toEqual([])
  })

  it('takes expires-at from the JWT exp claim when expires_in is absent', () => {
    const exp = Date.UTC(2026, 5, 1, 12, 30, 15) / 1000
    const token = readToken(
      json({ access_token: jwt({ sub: 'x', exp }), token_type: 'Bearer' }),
      SENT_AT
    )
    expect(token.expiresIn).toBe('')
    expect(token.expiresAt).toBe('2026-06-01T12:30:15Z')
  })

  it('takes the JWT exp claim when expires_in is unusable', () => {
    const exp = Date.UTC(2026, 5, 1) / 1000
    const token = readToken(
      json({ access_token: jwt({ exp }), token_type: 'Bearer', expires_in: 'never' }),
      SENT_AT
    )
    expect(token.expiresAt).toBe('2026-06-01T00:00:00Z')
    expect(token.warnings).toEqual([
      'Ignoring expires_in: it is a string that is not a number of seconds.'
    ])
  })

  it('takes the JWT exp claim when expires_in would put the expiry past the year 9999', () => {
    const exp = Date.UTC(2026, 5, 1) / 1000
    const token = readToken(
      json({ access_token: jwt({ exp }), token_type: 'Bearer', expires_in: 1e12 }),
      SENT_AT
    )
    expect(token.expiresIn).toBe('')
    expect(token.expiresAt).toBe('2026-06-01T00:00:00Z')
  })

  it('prefers expires_in over the JWT exp claim', () => {
    const exp = Date.UTC(2030, 0, 1) / 1000
    const token = readToken(
      json({ access_token: jwt({ exp }), token_type: 'Bearer', expires_in: 60 }),
      SENT_AT
    )
    expect(token.expiresAt).toBe('2026-01-01T00:01:00Z')
  })

  it('leaves expires-at empty for a JWT without exp', () => {
    const token = readToken(
      json({ access_token: jwt({ sub: 'x' }), token_type: 'Bearer' }),
      SENT_AT
    )
    expect(token.expiresAt).toBe('')
  })

  it('takes an expiry in the year 9999, and ignores one in the year 10000', () => {
    const lastSecond = (Date.UTC(9999, 11, 31, 23, 59, 59) - Date.UTC(2026, 0, 1)) / 1000
    const read = (expiresIn: number) =>
      readToken(json({ access_token: 'at', token_type: 'Bearer', expires_in: expiresIn }), SENT_AT)
    expect(read(lastSecond).expiresAt).toBe('9999-12-31T23:59:59Z')
    const past = read(lastSecond + 1)
    expect([past.expiresIn, past.expiresAt]).toEqual(['', ''])
    expect(past.warnings).toEqual([
      'Ignoring expires_in: it is too large (the expiry would be past the year 9999).'
    ])
  })

  it('leaves expires-at empty, a string, for a JWT exp claim past the year 9999', () => {
    const token = readToken(
      json({ access_token: jwt({ exp: 1e12 }), token_type: 'Bearer' }),
      SENT_AT
    )
    expect(token.expiresAt).toBe('')
  })

  it('ignores an expires_in beyond any date, so neither output claims a lifetime', () => {
    const token = readToken(
      json({ access_token: 'at', token_type: 'Bearer', expires_in: 1e20 }),
      SENT_AT
    )
    expect(token.expiresIn).toBe('')
    expect(token.expiresAt).toBe('')
    expect(token.warnings).toEqual([
      'Ignoring expires_in: it is too large (the expiry would be past the year 9999).'
    ])
  })

  it.each<[string, unknown, string, string[]]>([
    ['a string', 'read write', 'read write', []],
    ['an array of strings', ['read', 'write'], 'read write', []],
    ['an empty array', [], '', []],
    ['an array of numbers', [1, 2], '', ['Ignoring scope: it is an array, not a string.']],
    ['a number', 5, '', ['Ignoring scope: it is a number, not a string.']],
    ['null', null, '', []],
    // Scope tokens are delimited by spaces alone (RFC 6749 section 3.3).
    [
      'a string with a line break',
      'read\n::error::x',
      '',
      ['Ignoring scope: it holds line breaks, tabs or control characters.']
    ],
    [
      'a string with a carriage return',
      'read\rwrite',
      '',
      ['Ignoring scope: it holds line breaks, tabs or control characters.']
    ],
    [
      'a string with a tab',
      'read\twrite',
      '',
      ['Ignoring scope: it holds line breaks, tabs or control characters.']
    ],
    [
      'a string with a line separator',
      'read\u2028write',
      '',
      ['Ignoring scope: it holds line breaks, tabs or control characters.']
    ],
    [
      'a string with an escape character',
      'read\u001b[31m',
      '',
      ['Ignoring scope: it holds line breaks, tabs or control characters.']
    ],
    [
      'a string with a C1 control',
      'read\u0085write',
      '',
      ['Ignoring scope: it holds line breaks, tabs or control characters.']
    ],
    [
      'an array with a line break in a string',
      ['read', 'write\nx'],
      '',
      ['Ignoring scope: it holds line breaks, tabs or control characters.']
    ],
    ['a string with runs of spaces', ' read  write ', ' read  write ', []],
    ['a string with non-ASCII letters', 'lecture écriture', 'lecture écriture', []]
  ])('scope as %s', (_name, scope, expected, warnings) => {
    const token = readToken(json({ access_token: 'at', token_type: 'Bearer', scope }), SENT_AT)
    expect(token.scope).toBe(expected)
    expect(token.warnings).toEqual(warnings)
  })

  it('ignores refresh_token and id_token that are not strings, with warnings', () => {
    const token = readToken(
      json({ access_token: 'at', token_type: 'Bearer', refresh_token: 5, id_token: { a: 1 } }),
      SENT_AT
    )
    expect(token.refreshToken).toBe('')
    expect(token.idToken).toBe('')
    expect(token.warnings).toEqual([
      'Ignoring refresh_token: it is a number, not a string.',
      'Ignoring id_token: it is an object, not a string.'
    ])
  })

  it('warns in order: token_type, expires_in, then the rest', () => {
    const token = readToken(
      json({ access_token: 'at', expires_in: 'x', scope: 1, refresh_token: false }),
      SENT_AT
    )
    expect(token.warnings).toEqual([
      'The response has no token_type; assuming Bearer.',
      'Ignoring expires_in: it is a string that is not a number of seconds.',
      'Ignoring refresh_token: it is a boolean, not a string.',
      'Ignoring scope: it is a number, not a string.'
    ])
  })

  it.each<[string, HttpResponse, string]>([
    [
      'a missing access_token',
      json({ token_type: 'Bearer', expires_in: 3600 }),
      'HTTP 200 has no access_token (fields: token_type, expires_in)'
    ],
    ['an empty object', json({}), 'HTTP 200 has no access_token (fields: none)'],
    [
      'an empty access_token',
      json({ access_token: '', token_type: 'Bearer' }),
      'access_token in the response is empty'
    ],
    ['a null access_token', json({ access_token: null }), 'access_token in the response is null'],
    [
      "Laravel's message in a 200, without an error code",
      json({ message: 'Unauthenticated.' }),
      'HTTP 200: Unauthenticated. (no access_token)'
    ],
    [
      'a message beside a null field',
      json({ message: 'Unauthenticated.', data: null }),
      'HTTP 200: Unauthenticated. (no access_token)'
    ],
    [
      'a 200 message, with a token of another name masked in it',
      json({ message: 'Issued tok-SECRET-1234567890', data: { token: 'tok-SECRET-1234567890' } }),
      'HTTP 200: Issued *** (no access_token)'
    ],
    [
      'a 200 message that quotes a JWT: masked',
      json({ message: 'Use token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl instead' }),
      'HTTP 200: Use token *** instead (no access_token)'
    ],
    [
      'a message that is a token field too: field names only',
      json({ message: 'rt-SECRET-1234567890', refresh_token: 'rt-SECRET-1234567890' }),
      'HTTP 200 has no access_token (fields: message, refresh_token)'
    ],
    [
      'an error_description that is the start of a nested token: field names only',
      json({ error_description: 'tok-SECRET-12345', data: { id_token: 'tok-SECRET-1234567890' } }),
      'HTTP 200 has no access_token (fields: error_description, data)'
    ],
    [
      'a message with spaces that another field repeats: quoted',
      json({ message: 'Invalid credentials', data: { message: 'Invalid credentials' } }),
      'HTTP 200: Invalid credentials (no access_token)'
    ],
    [
      'one word that starts another field, as a token could: field names only',
      json({ message: 'Unauthenticated', detail: 'Unauthenticated. Log in again' }),
      'HTTP 200 has no access_token (fields: message, detail)'
    ],
    [
      'a message with spaces that is a refresh_token too: masked',
      json({ message: 'rt with spaces 1234', refresh_token: 'rt with spaces 1234' }),
      'HTTP 200: *** (no access_token)'
    ],
    [
      'one word that a field of 4 characters holds too: field names only',
      json({ message: 'wxyz', code: 'wxyz' }),
      'HTTP 200 has no access_token (fields: message, code)'
    ],
    [
      'an empty message beside a token of another name: field names only',
      json({ message: '', token: 'tok-SECRET-1234567890' }),
      'HTTP 200 has no access_token (fields: message, token)'
    ],
    [
      'a blank error_description beside a nested token: field names only',
      json({ error_description: ' ', data: { jwt: 'tok-SECRET-1234567890' } }),
      'HTTP 200 has no access_token (fields: error_description, data)'
    ],
    [
      'an empty error beside a token of another name: field names only',
      json({ error: '', jwt: 'tok-SECRET-1234567890' }),
      'HTTP 200 has no access_token (fields: error, jwt)'
    ],
    [
      'many fields, listing ten',
      json(Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`f${i}`, i]))),
      'HTTP 200 has no access_token (fields: f0, f1, f2, f3, f4, f5, f6, f7, f8, f9)'
    ],
    [
      'an error inside a 200',
      json({ error: 'invalid_grant', error_description: 'Wrong password' }),
      'HTTP 200 invalid_grant: Wrong password'
    ],
    [
      'a numeric access_token',
      json({ access_token: 12345, token_type: 'Bearer' }),
      'access_token in the response is a number, not a string'
    ],
    [
      'an object access_token',
      json({ access_token: { value: 'x' } }),
      'access_token in the response is an object, not a string'
    ],
    [
      'an array access_token',
      json({ access_token: ['x'] }),
      'access_token in the response is an array, not a string'
    ],
    [
      'a boolean access_token',
      json({ access_token: true }),
      'access_token in the response is a boolean, not a string'
    ],
    [
      'an access_token with a space',
      json({ access_token: 'ab cd' }),
      'access_token in the response contains spaces or control characters'
    ],
    [
      'an access_token with a newline',
      json({ access_token: 'ab\ncd' }),
      'access_token in the response contains spaces or control characters'
    ],
    [
      'an access_token with a zero-width space, which no HTTP header can carry',
      json({ access_token: 'abcd\u200b' }),
      'access_token in the response contains spaces or control characters'
    ],
    [
      'an HTML page',
      answer(
        200,
        'text/html',
        '<html><head><title>Sign in</title></head><body>Portal</body></html>'
      ),
      'HTTP 200 (text/html): Sign in Portal'
    ],
    [
      'an HTML page that starts as JSON would',
      answer(200, 'text/html', '{<html><title>Sign in</title>'),
      'HTTP 200 (text/html): { Sign in'
    ],
    [
      'an HTML page that is its title alone',
      answer(200, 'text/html', '<title>Sign in</title>'),
      'HTTP 200 (text/html): Sign in'
    ],
    [
      'a word of under 8 characters without a content type, too short to be masked: quoted',
      answer(200, undefined, 'hello'),
      'HTTP 200 (no content type): hello'
    ],
    [
      'a word of 8 characters, which could be a token: not quoted',
      answer(200, 'text/plain', 'abcdefgh'),
      'HTTP 200 (text/plain, 8 bytes); expected a JSON token response, got no token'
    ],
    [
      'an HTML page without a title',
      answer(200, 'text/html', '<html><body>Portal</body></html>'),
      'HTTP 200 (text/html): Portal'
    ],
    [
      'truncated JSON',
      answer(200, 'application/json', '{"token_type":"Bearer","expi'),
      'HTTP 200 (application/json, 28 bytes); expected a JSON token response, got truncated or invalid JSON'
    ],
    [
      'JSON broken midway',
      answer(200, 'application/json', '{"token_type":Bearer}'),
      'HTTP 200 (application/json, 21 bytes); expected a JSON token response, got invalid JSON'
    ],
    [
      'JSON broken midway whose text says "after JSON"',
      answer(200, 'application/json', '{"after JSON":x}'),
      'HTTP 200 (application/json, 16 bytes); expected a JSON token response, got invalid JSON'
    ],
    // UTF-16 read as UTF-8: a byte-order mark reads as two U+FFFD, each 3 bytes in the count.
    [
      'JSON in UTF-16LE with a byte-order mark, described, not quoted',
      answer(200, 'application/json', '\ufffd\ufffd{\0"\0a\0"\0 \0:\0 \x001\0}\0'),
      'HTTP 200 (application/json, 24 bytes); expected a JSON token response, got invalid JSON'
    ],
    [
      'JSON in UTF-16BE, described, not quoted',
      answer(200, 'application/json', '\0{\0"\0a\0"\0 \0:\0 \x001\0}'),
      'HTTP 200 (application/json, 18 bytes); expected a JSON token response, got invalid JSON'
    ],
    [
      'a bare token as text, which is never quoted',
      answer(200, 'text/plain', 'tok-abcdef-123456'),
      'HTTP 200 (text/plain, 17 bytes); expected a JSON token response, got no token'
    ],
    [
      'a bare token under a media type named after it, neither quoted',
      answer(200, 'application/x-tok-abcdef-123456', 'tok-abcdef-123456'),
      'HTTP 200 (another media type, 17 bytes); expected a JSON token response, got no token'
    ],
    [
      'text of more than one word, quoted',
      answer(200, 'text/plain', 'Service down for maintenance, back at 10:00'),
      'HTTP 200 (text/plain): Service down for maintenance, back at 10:00'
    ],
    [
      'text with runs that could be tokens: 16 characters or more, or 8 with a digit, masked',
      answer(
        200,
        'text/plain; charset=utf-8',
        'Your key: tok-abcdef-123456 (session ab12cd34, id abc1234) Troubleshooting characterization'
      ),
      'HTTP 200 (text/plain): Your key: *** (session ***, id abc1234) Troubleshooting ***'
    ],
    [
      'an HTML page whose text holds a token',
      answer(
        200,
        'text/html',
        '<html><title>Signed in</title><body>Your token is tok-in-body-9d2c, copy it</body></html>'
      ),
      'HTTP 200 (text/html): Signed in Your token is ***, copy it'
    ],
    [
      'a base64 key with / and = in it, and an AWS secret key in pieces of fewer than 16',
      answer(
        200,
        'text/plain',
        'Key: kxYPdNkGXZlWKY/k8i+Drf0OtXimVNTMeDiO/eHidyM=\nsecret = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'
      ),
      'HTTP 200 (text/plain): Key: *** secret = ***'
    ],
    [
      'a key whose / and + a page escapes (&#x2f;, &#43;), or breaks with invisible characters',
      answer(
        200,
        'text/html',
        '<html><p>Key: NylqqVCeKKwCPqb&#x2f;S63N&#x2f;Xk&#43;Xgw&#x3d; or abcDEF_\u200b-ghiJKL\u00admnoPQRs\u200dtuVWXyz</p>'
      ),
      'HTTP 200 (text/html): Key: *** or ***'
    ],
    [
      'XML that names a short token, masked',
      answer(200, 'application/xml', '<r> <access_token>abcd</access_token> </r>'),
      'HTTP 200 (application/xml): <r> <access_token>***</access_token> </r>'
    ],
    [
      'text under a media type named after a token, which is not named',
      answer(200, 'application/x-tok-abcdef-123456', 'not a token'),
      'HTTP 200 (another media type): not a token'
    ],
    [
      'a JSON array of more than one word, not quoted',
      answer(200, 'application/json', '[{"access_token": "abc"}]'),
      'HTTP 200 (application/json, 25 bytes); expected a JSON token response, got no token'
    ],
    [
      'a JSON string of more than one word, not quoted',
      answer(200, 'application/json', '"tok abc"'),
      'HTTP 200 (application/json, 9 bytes); expected a JSON token response, got no token'
    ],
    [
      'whole JSON with text after it (a PHP notice)',
      answer(200, 'application/json', '{"a":1}\n<b>Notice</b>: x'),
      'HTTP 200 (application/json, 24 bytes); expected a JSON token response, got JSON with text after it'
    ],
    [
      'a JSON array',
      answer(200, 'application/json', '[]'),
      'HTTP 200 (application/json, 2 bytes); expected a JSON token response, got no token'
    ],
    [
      'an empty body',
      answer(200, 'application/json', ''),
      'HTTP 200 (application/json, 0 bytes); expected a JSON token response, got no token'
    ]
  ])('refuses %s', (_name, response, expected) => {
    expect(badResponse(response)).toBe(expected)
  })

  it.each<[string, HttpResponse, BadResponse['kind']]>([
    ['JSON cut short', answer(200, 'application/json', '{"access_token":"ab'), 'truncated'],
    ['JSON broken midway', answer(200, 'application/json', '{"token_type":Bearer}'), 'malformed'],
    ['a word that could be a token', answer(200, 'text/plain', 'abcdefgh'), 'not-a-token'],
    ['an OAuth error in a 2xx', json({ error: 'invalid_grant' }), 'error'],
    ['a token_type without the token', json({ token_type: 'Bearer' }), 'malformed'],
    ['an expires_in without the token', json({ expires_in: 3600 }), 'malformed'],
    ['fields of no token response', json({ status: 'ok' }), 'not-a-token']
  ])('calls %s a BadResponse of kind %s', (_name, response, kind) => {
    expect(() => readToken(response, SENT_AT)).toThrow(expect.objectContaining({ kind }))
  })

  it('takes a token_type of 100 characters', () => {
    const tokenType = 'B'.repeat(100)
    expect(readToken(json({ access_token: 'at', token_type: tokenType }), SENT_AT).tokenType).toBe(
      tokenType
    )
  })

  it('quotes a message beside up to 64 other strings, of up to 8192 characters', () => {
    const others = (count: number) =>
      Object.fromEntries(Array.from({ length: count }, (_, i) => [`f${i}`, `value ${i}`]))
    const names = 'fields: message, f0, f1, f2, f3, f4, f5, f6, f7, f8'
    expect(badResponse(json({ message: 'Not here', ...others(64) }))).toBe(
      'HTTP 200: Not here (no access_token)'
    )
    expect(badResponse(json({ message: 'Not here', ...others(65) }))).toBe(
      `HTTP 200 has no access_token (${names})`
    )
    const long = (length: number) => `Not here ${'x'.repeat(length - 9)}`
    expect(badResponse(json({ message: long(8192) }))).toBe(
      'HTTP 200: Not here … (no access_token)'
    )
    expect(badResponse(json({ message: long(8193) }))).toBe(
      'HTTP 200 has no access_token (fields: message)'
    )
  })

  it('names no field after a token the answer holds elsewhere', () => {
    expect(
      badResponse(json({ 'atk-5Yq2mZ9x': true, data: { access_token: 'atk-5Yq2mZ9x' } }))
    ).toBe('HTTP 200 has no access_token (fields: ***, data)')
  })

  it('never names a 2xx body of one word, such as a raw token with its base64 padding, as a field', () => {
    const raw = 'b3BhcXVlLXRva2VuLWJ5dGVzLTAxMjM0NTY3ODk'
    for (const [type, body] of [
      ['text/plain', `${raw}=`],
      [undefined, `${raw}==`],
      ['application/octet-stream', `${raw}=\n`],
      ['application/x-www-form-urlencoded', raw],
      ['application/x-www-form-urlencoded', `${raw}=`]
    ] as const) {
      const message = badResponse(answer(200, type, body))
      expect(message).not.toContain(raw.slice(0, 8))
      expect(message).toMatch(
        /^HTTP 200 \([^,]+, \d+ bytes\); expected a JSON token response, got no token$/
      )
    }
  })

  it('never puts a numeric or malformed access_token in its message', () => {
    expect(badResponse(json({ access_token: 987654321 }))).not.toContain('987654321')
    expect(badResponse(json({ access_token: 'sekrit value' }))).not.toContain('sekrit')
  })

  it("quotes an HTML page on one line, short, with the run's secrets and runs like tokens masked", () => {
    const page = `<html><title>Sign in as\nci-secret-71f3 ${'x'.repeat(200)}</title><body>token-in-body-9d2c</body></html>`
    let message = ''
    try {
      readToken(answer(200, 'text/html', page), SENT_AT, ['ci-secret-71f3'])
    } catch (error) {
      message = (error as BadResponse).message
    }
    expect(message).toBe('HTTP 200 (text/html): Sign in as ***\u2026')
    expect(message).not.toContain('ci-secret-71f3')
    expect(message).not.toContain('token-in-body')
  })
})

describe('readToken, deeply nested answers', () => {
  const nested = `${'['.repeat(10_000)}${']'.repeat(10_000)}`
  it('a 2xx without access_token nested 10 000 levels deep is a BadResponse, not a stack overflow', () => {
    const response: HttpResponse = {
      status: 200,
      headers: { 'content-type': 'application/json' },
      body: `{"message":"Unauthenticated","data":${nested}}`
    }
    expect(() => readToken(response, 0)).toThrow(BadResponse)
  })
})
