/**
 * application/x-www-form-urlencoded encoding of one value (the WHATWG URL standard's serializer,
 * which RFC 6749 section 2.3.1 points to): what `URLSearchParams` writes, lone surrogates as
 * U+FFFD included. Written out because every run redacts with it, and `URLSearchParams` would
 * load Node's query-string code for one string per secret.
 */
export function formEncode(value: string): string {
  /* encodeURIComponent leaves A-Z a-z 0-9 - _ . ! ~ * ' ( ) as they are; the form serializer
   * leaves only the first of those and *, and writes a space as +. */
  return encodeURIComponent(value.toWellFormed())
    .replaceAll('%20', '+')
    .replaceAll('!', '%21')
    .replaceAll("'", '%27')
    .replaceAll('(', '%28')
    .replaceAll(')', '%29')
    .replaceAll('~', '%7E')
}
