// A loopback token server that answers like the seed API (Laravel Passport): POST /oauth/token
// with a JSON or form body; GET /api/me checks the Bearer token. Used by `npm run demo` and tests.
// Run as a program (`npm run seed-server`), it serves until stopped: for `npm run local-action`
// and the self-test workflow.
import { randomBytes } from 'node:crypto'
import { createServer } from 'node:http'
import { pathToFileURL } from 'node:url'

const PASSPORT_INVALID_CLIENT = {
  error: 'invalid_client',
  error_description: 'Client authentication failed',
  message: 'Client authentication failed'
}
const PASSPORT_INVALID_GRANT = {
  error: 'invalid_grant',
  error_description: 'The user credentials were incorrect.',
  hint: '',
  message: 'The user credentials were incorrect.'
}

/**
 * The inputs of a password grant against `seed`: its URL and its client's and user's credentials,
 * as a workflow's `with:` block gives them (action.yml's defaults not included).
 * @param {{ url: string, client: { id: string, secret: string }, user: { username: string, password: string } }} seed
 */
export function passwordGrantInputs(seed) {
  return {
    host: seed.url,
    'client-id': seed.client.id,
    'client-secret': seed.client.secret,
    username: seed.user.username,
    password: seed.user.password
  }
}

/**
 * @param {{ clientId?: string, clientSecret?: string, username?: string, password?: string, port?: number, log?: (line: string) => void }} [options]
 */
export async function startSeedServer(options = {}) {
  const client = {
    id: options.clientId ?? 'demo-client',
    secret: options.clientSecret ?? 'demo-client-secret'
  }
  const user = {
    username: options.username ?? 'demo@example.com',
    password: options.password ?? 'demo-password'
  }
  const issued = new Set()
  const refreshTokens = new Set()
  /** @type {{ method: string, url: string, headers: import('node:http').IncomingHttpHeaders, body: string }[]} */
  const requests = []

  const newToken = () => {
    // A JWT-shaped token, as Passport issues.
    const header = Buffer.from(JSON.stringify({ typ: 'JWT', alg: 'RS256' })).toString('base64url')
    const claims = {
      aud: client.id,
      jti: randomBytes(8).toString('hex'),
      exp: Math.floor(Date.now() / 1000) + 31536000
    }
    const payload = Buffer.from(JSON.stringify(claims)).toString('base64url')
    const token = `${header}.${payload}.${randomBytes(32).toString('base64url')}`
    const refresh = `def50200${randomBytes(48).toString('hex')}`
    issued.add(token)
    refreshTokens.add(refresh)
    return {
      token_type: 'Bearer',
      expires_in: 31536000,
      access_token: token,
      refresh_token: refresh
    }
  }

  const server = createServer((req, res) => {
    let body = ''
    req.setEncoding('utf8')
    req.on('data', chunk => (body += chunk))
    req.on('end', () => {
      requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body })
      const send = (status, value) => {
        options.log?.(`${req.method} ${req.url} -> ${status}`)
        res.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' })
        res.end(JSON.stringify(value))
      }
      const url = new URL(req.url ?? '/', 'http://localhost')
      if (url.pathname === '/api/me' && req.method === 'GET') {
        const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1]
        if (token && issued.has(token)) send(200, { id: 1, email: user.username })
        else send(401, { message: 'Unauthenticated.' })
        return
      }
      if (url.pathname !== '/oauth/token' || req.method !== 'POST') {
        send(404, { message: 'Not Found' })
        return
      }
      let fields
      try {
        fields = (req.headers['content-type'] ?? '').includes('json')
          ? JSON.parse(body)
          : Object.fromEntries(new URLSearchParams(body))
      } catch {
        send(400, {
          error: 'invalid_request',
          error_description: 'The request body is not valid JSON.'
        })
        return
      }
      const basic = /^Basic (.+)$/.exec(req.headers.authorization ?? '')?.[1]
      if (basic) {
        // Form-urlencoded before base64 (RFC 6749 section 2.3.1): '+' is a space. A stray '%'
        // (a client that did not encode) is a wrong credential, not a crash.
        const [id, secret] = Buffer.from(basic, 'base64')
          .toString('utf8')
          .split(':')
          .map(part => {
            try {
              return decodeURIComponent(part.replaceAll('+', ' '))
            } catch {
              return undefined
            }
          })
        fields.client_id ??= id
        fields.client_secret ??= secret
      }
      if (fields.client_id !== client.id || fields.client_secret !== client.secret) {
        send(401, PASSPORT_INVALID_CLIENT)
        return
      }
      if (fields.grant_type === 'password') {
        if (fields.username === user.username && fields.password === user.password)
          send(200, newToken())
        else send(400, PASSPORT_INVALID_GRANT)
      } else if (fields.grant_type === 'client_credentials') {
        const token = newToken()
        delete token.refresh_token
        send(200, token)
      } else if (fields.grant_type === 'refresh_token') {
        if (refreshTokens.delete(fields.refresh_token)) send(200, newToken())
        else
          send(400, {
            error: 'invalid_request',
            error_description: 'The refresh token is invalid.',
            hint: 'Token has been revoked',
            message: 'The refresh token is invalid.'
          })
      } else {
        send(400, {
          error: 'unsupported_grant_type',
          error_description:
            'The authorization grant type is not supported by the authorization server.',
          message: 'The authorization grant type is not supported by the authorization server.'
        })
      }
    })
  })

  // A port that is taken (EADDRINUSE) rejects, for the caller to say so, not to crash on.
  await new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject)
      resolve(undefined)
    })
  })
  const { port } = /** @type {import('node:net').AddressInfo} */ (server.address())
  return {
    url: `http://127.0.0.1:${port}`,
    client,
    user,
    requests,
    close: () => new Promise(resolve => server.close(() => resolve(undefined)))
  }
}

const DEFAULT_PORT = 8400

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const arg = process.argv[2] ?? process.env.SEED_PORT ?? String(DEFAULT_PORT)
  if (!/^\d{1,5}$/.test(arg) || Number(arg) > 65535) {
    console.error(`seed-server: port must be a number from 0 to 65535, got ${JSON.stringify(arg)}`)
    process.exit(2)
  }
  const port = Number(arg)
  const server = await startSeedServer({
    port,
    log: line => console.log(`${new Date().toISOString()} ${line}`)
  }).catch(error => {
    if (error?.code !== 'EADDRINUSE') throw error
    // One line, as docs/development.md's "Running it locally, in detail" says it: another port, and
    // .env to match.
    const other = port < 65535 ? port + 1 : DEFAULT_PORT + 1
    console.error(
      `seed-server: port ${port} on 127.0.0.1 is taken (another seed-server?); pick another: npm run seed-server -- ${other} (or SEED_PORT=${other}), and the same port in .env's INPUT_HOST`
    )
    process.exit(1)
  })
  console.log(`Seed-like token server on ${server.url}`)
  console.log(`  client ${server.client.id} / ${server.client.secret}`)
  console.log(`  user   ${server.user.username} / ${server.user.password}`)
  console.log('  POST /oauth/token (JSON or form; client in the body or HTTP Basic)')
  console.log('  GET  /api/me with Authorization: Bearer <token>; Ctrl-C stops it')
  const stop = () => server.close().then(() => process.exit(0))
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
}
