import type { IncomingHttpHeaders } from 'node:http'

export interface SeedServer {
  /** http://127.0.0.1:PORT */
  readonly url: string
  readonly client: { readonly id: string; readonly secret: string }
  readonly user: { readonly username: string; readonly password: string }
  /** Every request received, in order. */
  readonly requests: { method: string; url: string; headers: IncomingHttpHeaders; body: string }[]
  close(): Promise<void>
}

/** The inputs of a password grant against `seed`, as a workflow's `with:` block gives them. */
export function passwordGrantInputs(seed: SeedServer): Record<string, string>

export function startSeedServer(options?: {
  clientId?: string
  clientSecret?: string
  username?: string
  password?: string
  /** 0 (the default) picks a free port. */
  port?: number
  /** Called with `METHOD /path -> status` for every answer. */
  log?: (line: string) => void
}): Promise<SeedServer>
