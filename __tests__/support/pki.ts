// A throw-away public key infrastructure for TLS tests: certificate authorities and server
// certificates made with the openssl command line (EC P-256 keys, so it takes milliseconds) in a
// temporary directory.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export interface Certificate {
  readonly name: string
  /** PEM of the certificate alone. */
  readonly cert: string
  /** PEM of the private key. */
  readonly key: string
  readonly certPath: string
  readonly keyPath: string
  /** The certificate followed by its issuer's, as a server sends its chain; just `cert` when self-signed. */
  readonly chain: string
}

export interface LeafOptions {
  /** subjectAltName entries, e.g. ['DNS:localhost', 'IP:127.0.0.1']; none: named by its CN alone. */
  readonly altNames: readonly string[]
  /** In place of a server certificate's basicConstraints, keyUsage and extendedKeyUsage. */
  readonly extensions?: readonly string[]
  /** The issuing authority; a self-signed certificate when absent. */
  readonly issuer?: Certificate
  /** Validity in days from now; negative for a certificate that has already expired. */
  readonly days?: number
  /** The digest its issuer signs it with, as openssl names it ('sha1'); openssl's default when absent. */
  readonly digest?: string
}

export class TestPki {
  readonly dir = mkdtempSync(join(tmpdir(), 'oauth-action-pki-'))
  private serial = 1
  private readonly config = this.write(
    'openssl.cnf',
    '[req]\ndistinguished_name = dn\nprompt = no\n[dn]\nCN = unused\n'
  )

  /** A root certificate authority. */
  authority(name: string): Certificate {
    const keyPath = join(this.dir, `${name}.key`)
    const certPath = join(this.dir, `${name}.pem`)
    this.openssl([
      'req',
      '-x509',
      '-new',
      ...this.newKey(keyPath),
      '-subj',
      `/CN=${name}`,
      '-days',
      '2',
      '-set_serial',
      String(this.serial++),
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign',
      '-out',
      certPath
    ])
    return this.read(name, certPath, keyPath)
  }

  /** A server certificate for these names, issued by `issuer` or self-signed. */
  leaf(name: string, options: LeafOptions): Certificate {
    const keyPath = join(this.dir, `${name}.key`)
    const certPath = join(this.dir, `${name}.pem`)
    const days = String(options.days ?? 2)
    const extensions = [
      ...(options.altNames.length ? [`subjectAltName=${options.altNames.join(',')}`] : []),
      ...(options.extensions ?? [
        'basicConstraints=CA:FALSE',
        'keyUsage=critical,digitalSignature',
        'extendedKeyUsage=serverAuth'
      ])
    ]
    if (!options.issuer) {
      this.openssl([
        'req',
        '-x509',
        '-new',
        ...this.newKey(keyPath),
        '-subj',
        `/CN=${name}`,
        '-days',
        days,
        '-set_serial',
        String(this.serial++),
        ...extensions.flatMap(extension => ['-addext', extension]),
        '-out',
        certPath
      ])
      return this.read(name, certPath, keyPath)
    }
    const csrPath = join(this.dir, `${name}.csr`)
    const extPath = this.write(`${name}.ext`, `${extensions.join('\n')}\n`)
    this.openssl(['req', '-new', ...this.newKey(keyPath), '-subj', `/CN=${name}`, '-out', csrPath])
    this.openssl([
      'x509',
      '-req',
      '-in',
      csrPath,
      '-CA',
      options.issuer.certPath,
      '-CAkey',
      options.issuer.keyPath,
      '-set_serial',
      String(this.serial++),
      '-days',
      days,
      '-extfile',
      extPath,
      ...(options.digest ? [`-${options.digest}`] : []),
      '-out',
      certPath
    ])
    return this.read(name, certPath, keyPath, options.issuer)
  }

  /** Writes a file in the PKI's directory and returns its path. */
  write(name: string, text: string): string {
    const path = join(this.dir, name)
    writeFileSync(path, text)
    return path
  }

  cleanup(): void {
    rmSync(this.dir, { recursive: true, force: true })
  }

  private newKey(keyPath: string): string[] {
    return [
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-nodes',
      '-keyout',
      keyPath,
      '-config',
      this.config
    ]
  }

  private openssl(args: string[]): void {
    execFileSync('openssl', args, { stdio: ['ignore', 'ignore', 'pipe'] })
  }

  private read(name: string, certPath: string, keyPath: string, issuer?: Certificate): Certificate {
    const cert = readFileSync(certPath, 'utf8')
    return {
      name,
      cert,
      key: readFileSync(keyPath, 'utf8'),
      certPath,
      keyPath,
      chain: issuer ? `${cert}${issuer.cert}` : cert
    }
  }
}
