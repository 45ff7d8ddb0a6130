import { readFileSync } from 'node:fs'

/** `tls.getCACertificates`, in Node 22.15+ and 23.10+; absent from Node 20. */
type GetCACertificates = (type?: 'default' | 'bundled' | 'system' | 'extra') => string[]

/** Where Node's default trust store comes from; replaceable in tests. */
export interface TrustSources {
  readonly getCACertificates?: GetCACertificates | undefined
  /** Node's bundled Mozilla roots. */
  readonly rootCertificates: readonly string[]
  readonly env: Readonly<Record<string, string | undefined>>
  readonly readFile: (path: string) => string
}

export function nodeTrustSources(): TrustSources {
  /* Loaded here, only when the user gives certificates: node:tls takes milliseconds to start. */
  const tls = process.getBuiltinModule('node:tls')
  const getCACertificates: unknown = Reflect.get(tls, 'getCACertificates')
  return {
    getCACertificates:
      typeof getCACertificates === 'function'
        ? (getCACertificates as GetCACertificates).bind(tls)
        : undefined,
    rootCertificates: tls.rootCertificates,
    env: process.env,
    readFile: path => readFileSync(path, 'utf8')
  }
}

const PEM_BLOCK = /-----BEGIN CERTIFICATE-----[^]+?-----END CERTIFICATE-----/g
const PEM_END = '-----END CERTIFICATE-----'

/**
 * The PEM certificate blocks in a text, in order. Read up to the last END line: a BEGIN that no END
 * follows was read to the text's end, each in turn (a 1 MiB file of BEGIN lines took 20 s).
 */
export function pemCertificates(text: string): string[] {
  const end = text.lastIndexOf(PEM_END)
  return end < 0 ? [] : (text.slice(0, end + PEM_END.length).match(PEM_BLOCK) ?? [])
}

/**
 * The certificates Node trusts when it is given no `ca`: on Node 22.15+ exactly its default
 * store (bundled roots, NODE_EXTRA_CA_CERTS, and the system store when --use-system-ca is on);
 * before that, the bundled roots and the PEM blocks of the NODE_EXTRA_CA_CERTS file.
 */
export function defaultCertificates(sources: TrustSources = nodeTrustSources()): string[] {
  if (sources.getCACertificates) return [...sources.getCACertificates('default')]
  return [...sources.rootCertificates, ...extraCertificates(sources)]
}

/** The NODE_EXTRA_CA_CERTS file's certificates; none when unset or unreadable, as Node does. */
function extraCertificates(sources: TrustSources): string[] {
  const path = sources.env.NODE_EXTRA_CA_CERTS
  if (!path) return []
  try {
    return pemCertificates(sources.readFile(path))
  } catch {
    /* Node has already warned about it at start-up, and ignores the file. */
    return []
  }
}

/**
 * The complete trust list for a request: undefined (Node's default store, untouched) when the
 * user gave no certificates; else the default store with the user's appended, since a `ca`
 * option replaces the default store instead of adding to it.
 */
export function trustedCertificates(
  userCertificates: readonly string[],
  sources?: TrustSources
): string[] | undefined {
  if (!userCertificates.length) return
  return [...defaultCertificates(sources), ...userCertificates]
}
