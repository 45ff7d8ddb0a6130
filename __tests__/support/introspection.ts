// RFC 7662 token introspection, as the interop tests ask a real server whether a token the action
// got (or revoked) is active.

/** RFC 7662's answer, with the fields the tests read (issue and expiry as the server keeps them). */
export interface Introspection {
  readonly active: boolean
  readonly client_id?: string
  readonly username?: string | null
  readonly scope?: string
  readonly iat?: number
  readonly exp?: number
}

/** POSTs `token` to the introspection endpoint `url`, the client authenticating with Basic. */
export async function introspect(
  url: string,
  client: { readonly id: string; readonly secret: string },
  token: string
): Promise<Introspection> {
  const answer = await fetch(url, {
    method: 'POST',
    headers: {
      Authorization: `Basic ${Buffer.from(`${client.id}:${client.secret}`).toString('base64')}`,
      'Content-Type': 'application/x-www-form-urlencoded'
    },
    body: new URLSearchParams({ token }).toString()
  })
  return (await answer.json()) as Introspection
}
