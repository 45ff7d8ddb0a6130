export const MASK = '***'

/**
 * Replaces every known secret in `text`, also in the encodings a secret takes in a request
 * body or URL, so a server that echoes one back cannot put it in our log or error message.
 */
export function redact(text: string, secrets: readonly string[]): string {
  const forms = new Set<string>()
  for (const secret of secrets) {
    if (!secret) continue
    forms.add(secret)
    forms.add(encodeURIComponent(secret))
    forms.add(new URLSearchParams({ s: secret }).toString().slice(2))
    forms.add(JSON.stringify(secret).slice(1, -1))
  }
  let result = text
  for (const form of [...forms].sort((a, b) => b.length - a.length)) {
    if (form) result = result.split(form).join(MASK)
  }
  return result
}
