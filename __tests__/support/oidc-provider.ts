// Starts oidc-provider-server.mjs: clients for client_credentials under client_secret_basic,
// client_secret_post and private_key_jwt (RS256 and ES256), and introspection to check a token.
import { type ChildProcess, fork } from 'node:child_process'
import { createPublicKey, randomBytes } from 'node:crypto'
import { resolve } from 'node:path'

export interface ProviderClient {
  readonly id: string
  readonly secret: string
}

export interface SeenRequest {
  readonly method: string
  readonly path: string
  readonly status: number
  /** The Authorization scheme (Basic, ...), or empty. */
  readonly authorization: string
}

export interface TestProvider {
  /** The issuer: http://127.0.0.1:PORT */
  readonly issuer: string
  readonly basic: ProviderClient
  readonly post: ProviderClient
  /** The private_key_jwt clients' ids, by algorithm. */
  readonly rs256: string
  readonly es256: string
  readonly requests: SeenRequest[]
  /** Resolves once every request answered so far is in `requests`. */
  settled(): Promise<void>
  /** Whether the provider says this access token is active (RFC 7662 introspection). */
  isActive(accessToken: string): Promise<boolean>
  close(): Promise<void>
}

export interface ProviderKeys {
  /** PEM private keys; their public halves are registered for the private_key_jwt clients. */
  readonly rsa: string
  readonly ec: string
}

const SERVER = resolve(import.meta.dirname, 'oidc-provider-server.mjs')

export async function startProvider(keys: ProviderKeys): Promise<TestProvider> {
  const secret = (): string => `op-${randomBytes(24).toString('base64url')}`
  const basic = { id: 'op-basic', secret: secret() }
  const post = { id: 'op-post', secret: secret() }
  const jwk = (pem: string): unknown => createPublicKey(pem).export({ format: 'jwk' })
  const options = {
    secretClients: [
      {
        client_id: basic.id,
        client_secret: basic.secret,
        token_endpoint_auth_method: 'client_secret_basic'
      },
      {
        client_id: post.id,
        client_secret: post.secret,
        token_endpoint_auth_method: 'client_secret_post'
      }
    ],
    keyClients: [
      { client_id: 'op-jwt-rs256', alg: 'RS256', jwk: jwk(keys.rsa) },
      { client_id: 'op-jwt-es256', alg: 'ES256', jwk: jwk(keys.ec) }
    ]
  }
  const requests: SeenRequest[] = []
  const pongs: (() => void)[] = []
  const child: ChildProcess = fork(SERVER, [JSON.stringify(options)], {
    stdio: ['ignore', 'ignore', 'ignore', 'ipc']
  })
  const issuer = await new Promise<string>((done, fail) => {
    child.on('error', fail)
    child.on('exit', code => fail(new Error(`oidc-provider exited with ${code}`)))
    child.on('message', (message: { kind: string } & Record<string, unknown>) => {
      if (message.kind === 'ready') done(String(message.issuer))
      else if (message.kind === 'request') requests.push(message as unknown as SeenRequest)
      else if (message.kind === 'pong') pongs.shift()?.()
    })
  })
  return {
    issuer,
    basic,
    post,
    rs256: 'op-jwt-rs256',
    es256: 'op-jwt-es256',
    requests,
    settled: () =>
      new Promise<void>(done => {
        pongs.push(done)
        child.send('ping')
      }),
    isActive: async accessToken => {
      const answer = await fetch(`${issuer}/token/introspection`, {
        method: 'POST',
        headers: {
          Authorization: `Basic ${Buffer.from(`${basic.id}:${basic.secret}`).toString('base64')}`,
          'Content-Type': 'application/x-www-form-urlencoded'
        },
        body: new URLSearchParams({ token: accessToken }).toString()
      })
      const body = (await answer.json()) as { active?: boolean }
      return body.active === true
    },
    close: () =>
      new Promise<void>(done => {
        child.removeAllListeners('exit')
        child.on('exit', () => done())
        child.kill()
      })
  }
}
