// The certified OpenID provider from npm, oidc-provider, on 127.0.0.1 (port 0), in a process of
// its own (a jest VM would hand it objects from another realm, which it rejects). Started with
// fork() by oidc-provider.ts: it gets the clients' public keys and secrets in argv, reports its
// issuer with process.send, then each request it answered (method, path, status, auth scheme).
import { createServer } from 'node:http'
import Provider from 'oidc-provider'

const options = JSON.parse(process.argv[2] ?? '{}')
const clientCredentials = {
  grant_types: ['client_credentials'],
  redirect_uris: [],
  response_types: []
}

let callback
const server = createServer((req, res) => {
  // The tests' own introspection calls are not the action's requests: not reported.
  if (req.url === '/token/introspection') return callback(req, res)
  res.on('finish', () =>
    process.send?.({
      kind: 'request',
      method: req.method,
      path: req.url,
      status: res.statusCode,
      authorization: (req.headers.authorization ?? '').split(' ')[0]
    })
  )
  callback(req, res)
})
server.listen(0, '127.0.0.1', () => {
  const issuer = `http://127.0.0.1:${server.address().port}`
  const provider = new Provider(issuer, {
    clients: [
      ...options.secretClients.map(client => ({ ...client, ...clientCredentials })),
      ...options.keyClients.map(({ client_id, alg, jwk }) => ({
        client_id,
        token_endpoint_auth_method: 'private_key_jwt',
        token_endpoint_auth_signing_alg: alg,
        jwks: { keys: [jwk] },
        ...clientCredentials
      }))
    ],
    features: {
      clientCredentials: { enabled: true },
      introspection: { enabled: true },
      revocation: { enabled: true },
      devInteractions: { enabled: false }
    },
    ttl: { ClientCredentials: 600 }
  })
  callback = provider.callback()
  process.send?.({ kind: 'ready', issuer })
})
// IPC keeps order: the answer to a ping comes after every request reported before it.
process.on('message', message => {
  if (message === 'ping') process.send?.({ kind: 'pong' })
})
process.on('disconnect', () => process.exit(0))
