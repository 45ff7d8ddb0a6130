// LemonLDAP::NG 2.16 (Debian's liblemonldap-ng-portal-perl), the web SSO whose portal is an
// OpenID Connect provider, for interop tests: the portal's PSGI app run by Debian's plackup on
// 127.0.0.1 on a free port, with its own ini file (LLNG_DEFAULTCONFFILE) and File configuration
// backend in a temp dir, sessions there too (nothing under /etc or /var/lib/lemonldap-ng is read
// or written). The Demo authentication backend and its built-in users (whose password is their
// name), the OpenID Connect issuer with an RSA signing key made by openssl, and relying parties
// (LLNG's clients) with the options that allow the password, client_credentials and
// refresh_token grants.
import { spawnSync } from 'node:child_process'
import { type JsonWebKey, randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { freePort, startDaemon } from './daemon.js'
import { type Introspection, introspect } from './introspection.js'

const PLACKUP = '/usr/bin/plackup'
const PERL = '/usr/bin/perl'
const PSGI = '/usr/share/lemonldap-ng/portal/htdocs/index.psgi'
/** The OpenID Connect issuer's module, with what it needs beyond the package's Depends. */
const ISSUER_MODULE = 'Lemonldap::NG::Portal::Issuer::OpenIDConnect'

/** The issuer's routes under issuerDBOpenIDConnectPath (^/oauth2/). */
export const TOKEN_PATH = '/oauth2/token'
export const INTROSPECT_PATH = '/oauth2/introspect'
/** oidcServiceAccessTokenExpiration: LLNG's default, 3600 s. */
export const ACCESS_TOKEN_LIFETIME = 3600

/** An access log line of the action's (Plack's combined format, the action's User-Agent). */
const ACCESS_LINE = /"(\w+) (\S+) HTTP\/[\d.]+" (\d{3}) \S+ "[^"]*" "oauth2-token-action"/g

/** Why the portal cannot run here, or undefined when it can. */
export function lemonldapMissing(): string | undefined {
  const install = 'apt-get install --no-install-recommends liblemonldap-ng-portal-perl'
  if (!existsSync(PSGI)) return `${PSGI} is missing: ${install}`
  if (!existsSync(PLACKUP)) return `${PLACKUP} is missing (libplack-perl): ${install}`
  // The issuer needs String::Random and IO::String, which the packages only recommend.
  const probe = spawnSync(PERL, [`-M${ISSUER_MODULE}`, '-e', '1'], {
    encoding: 'utf8',
    timeout: 20_000
  })
  if (probe.error) return `${PERL} cannot run (${probe.error.message})`
  if (probe.status !== 0) {
    const missing = /Can't locate (\S+)\.pm/.exec(probe.stderr)?.[1]?.replaceAll('/', '::')
    return `${ISSUER_MODULE} does not load${missing ? ` (no ${missing})` : ''}: ${install} libstring-random-perl libio-string-perl`
  }
  return undefined
}

export interface LlngClient {
  readonly id: string
  readonly secret: string
}

export interface Lemonldap {
  /** http://127.0.0.1:PORT: the portal, the issuer, and the base of its endpoints. */
  readonly url: string
  /** A Demo user: dwho, whose password is dwho. */
  readonly user: { readonly username: string; readonly password: string }
  /** Password, client_credentials and refresh tokens allowed; scopes read and write declared. */
  readonly app: LlngClient
  /**
   * client_credentials allowed, with a secret that form-encoding changes (+ / = % : space & é #
   * \ " 中 😀).
   */
  readonly special: LlngClient
  /** No grant but authorization_code allowed. */
  readonly codeOnly: LlngClient
  /** The portal's log (LLNG's logger and plackup's access log) so far. */
  log(): string
  /** The action's requests (by its User-Agent) in the access log: "METHOD path status". */
  requests(): string[]
  /** Resolves once every request answered so far is in the log. */
  settled(): Promise<void>
  /** The issuer's signing keys (/oauth2/jwks). */
  jwks(): Promise<{ keys: JsonWebKey[] }>
  /** RFC 7662 introspection at /oauth2/introspect, by a client of its own (Basic). */
  introspect(token: string): Promise<Introspection & { readonly sub?: string }>
  close(): Promise<void>
}

const secret = (prefix: string): string => `${prefix}-${randomBytes(24).toString('base64url')}`

/** A relying party's options, with what every one here shares. */
function relyingParty(client: LlngClient, options: Record<string, unknown> = {}) {
  return {
    oidcRPMetaDataOptionsClientID: client.id,
    oidcRPMetaDataOptionsClientSecret: client.secret,
    oidcRPMetaDataOptionsIDTokenSignAlg: 'RS256',
    oidcRPMetaDataOptionsRedirectUris: 'http://127.0.0.1/callback',
    ...options
  }
}

function openssl(args: readonly string[]): void {
  const result = spawnSync('openssl', args, { encoding: 'utf8' })
  if (result.status !== 0) throw new Error(`openssl ${args[0]}: ${result.stderr}`)
}

export async function startLemonldap(): Promise<Lemonldap> {
  const dir = mkdtempSync(join(tmpdir(), 'lemonldap-ng-'))
  try {
    const port = await freePort()
    const url = `http://127.0.0.1:${port}`
    const app = { id: 'llng-app', secret: secret('llng-app') }
    const special = { id: 'llng-special', secret: `a+b/c=d%e:f g&hé-#\\"中😀${secret('sp')}` }
    const codeOnly = { id: 'llng-code-only', secret: secret('llng-code') }
    const introspector = { id: 'llng-introspector', secret: secret('llng-in') }
    const user = { username: 'dwho', password: 'dwho' }

    openssl(['genrsa', '-out', join(dir, 'key.pem'), '2048'])
    openssl(['rsa', '-in', join(dir, 'key.pem'), '-pubout', '-out', join(dir, 'pub.pem')])
    const storage = (name: string) => {
      mkdirSync(join(dir, name, 'lock'), { recursive: true })
      return {
        Directory: join(dir, name),
        LockDirectory: join(dir, name, 'lock'),
        generateModule: 'Lemonldap::NG::Common::Apache::Session::Generate::SHA256'
      }
    }
    const config = {
      cfgNum: 1,
      // The handler takes no configuration without a date.
      cfgDate: Math.floor(Date.now() / 1000),
      cfgAuthor: 'lemonldap-ng-interop.test.ts',
      authentication: 'Demo',
      userDB: 'Same',
      passwordDB: 'Demo',
      registerDB: 'Null',
      portal: `${url}/`,
      domain: '127.0.0.1',
      securedCookie: 0,
      // The defaults deny every URL of the portal's own vhost.
      locationRules: { '127.0.0.1': { default: 'accept' } },
      exportedHeaders: {},
      exportedVars: {},
      demoExportedVars: { cn: 'cn', mail: 'mail', uid: 'uid' },
      // The portal always loads a captcha module, by default one that needs GD::SecurityImage
      // (only recommended): a plain plugin instead, since no form here asks for a captcha.
      captcha: 'Lemonldap::NG::Portal::Main::Plugin',
      globalStorage: 'Apache::Session::File',
      globalStorageOptions: storage('sessions'),
      persistentStorage: 'Apache::Session::File',
      persistentStorageOptions: storage('psessions'),
      localSessionStorage: 'Cache::FileCache',
      localSessionStorageOptions: {
        namespace: 'lemonldap-ng-sessions',
        default_expires_in: 600,
        directory_umask: '007',
        cache_root: join(dir, 'cache'),
        cache_depth: 3
      },
      issuerDBOpenIDConnectActivation: 1,
      oidcServiceMetaDataIssuer: url,
      oidcServicePrivateKeySig: readFileSync(join(dir, 'key.pem'), 'utf8'),
      oidcServicePublicKeySig: readFileSync(join(dir, 'pub.pem'), 'utf8'),
      oidcServiceKeyIdSig: 'llng-test-key',
      // A scope neither standard nor declared for the relying party is dropped, and a request
      // left with none refused (invalid_scope).
      oidcServiceAllowOnlyDeclaredScopes: 1,
      oidcRPMetaDataOptions: {
        app: relyingParty(app, {
          oidcRPMetaDataOptionsAllowPasswordGrant: 1,
          oidcRPMetaDataOptionsAllowClientCredentialsGrant: 1,
          oidcRPMetaDataOptionsRefreshToken: 1
        }),
        special: relyingParty(special, { oidcRPMetaDataOptionsAllowClientCredentialsGrant: 1 }),
        codeOnly: relyingParty(codeOnly),
        introspector: relyingParty(introspector)
      },
      // Granted when requested.
      oidcRPMetaDataScopeRules: {
        app: { read: '$requested', write: '$requested' },
        special: { read: '$requested' }
      },
      oidcRPMetaDataExportedVars: { app: { email: 'mail', name: 'cn' } }
    }
    mkdirSync(join(dir, 'conf'))
    writeFileSync(join(dir, 'conf', 'lmConf-1.json'), JSON.stringify(config), { mode: 0o600 })
    // notice: each login and refusal logged; at debug LLNG logs the tokens it issues.
    const ini = `[all]
logLevel = notice
checkTime = 600
[configuration]
type = File
dirName = ${join(dir, 'conf')}
[portal]
staticPrefix = /static
templateDir = /usr/share/lemonldap-ng/portal/templates
languages = en
`
    writeFileSync(join(dir, 'lemonldap-ng.ini'), ini)

    // env sets the ini's path and execs plackup: the daemon's process is plackup's.
    const daemon = await startDaemon(
      '/usr/bin/env',
      [
        `LLNG_DEFAULTCONFFILE=${join(dir, 'lemonldap-ng.ini')}`,
        PLACKUP,
        '--host',
        '127.0.0.1',
        '--port',
        String(port),
        PSGI
      ],
      dir,
      [port]
    )
    // A portal whose initialisation failed still listens, and answers every URL with a 500. Any
    // failure here (no answer, not JSON) stops plackup too.
    try {
      const metadata = await fetch(`${url}/.well-known/openid-configuration`)
      const text = await metadata.text()
      if (metadata.status !== 200) {
        throw new Error(`LemonLDAP::NG did not start: HTTP ${metadata.status}\n${daemon.logs()}`)
      }
      if (JSON.parse(text).token_endpoint !== `${url}${TOKEN_PATH}`) {
        throw new Error(`unexpected metadata: ${text}`)
      }
    } catch (error) {
      await daemon.close()
      throw error
    }
    return {
      url,
      user,
      app,
      special,
      codeOnly,
      log: () => daemon.logs(),
      requests: () =>
        [...daemon.logs().matchAll(ACCESS_LINE)].map(([, method, path, status]) =>
          [method, path, status].join(' ')
        ),
      // plackup's server answers one request at a time, and logs each before the next.
      settled: async () => {
        await (await fetch(`${url}/oauth2/jwks`)).arrayBuffer()
      },
      jwks: async () =>
        (await (await fetch(`${url}/oauth2/jwks`)).json()) as { keys: JsonWebKey[] },
      introspect: token => introspect(`${url}${INTROSPECT_PATH}`, introspector, token),
      close: () => daemon.close()
    }
  } catch (error) {
    rmSync(dir, { recursive: true, force: true })
    throw error
  }
}
