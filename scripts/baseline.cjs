// The physical limit for `npm run bench`: the action's happy path done by a bare Node script with
// node:http alone. It reads the same INPUT_* variables, masks the same secrets, POSTs the same
// JSON password grant, and writes the same outputs and environment file, with no checks and no
// dependencies. CommonJS with require(), the cheapest way Node loads built-ins. Its delimiters
// come from Math.random, as the action's do: node:crypto's randomUUID (@actions/core's) would load
// 16 more of Node's modules, work the action does not do (__tests__/bench.test.ts checks).
'use strict'
const http = require('node:http')
const { appendFileSync } = require('node:fs')

const input = name => (process.env[`INPUT_${name.toUpperCase()}`] || '').trim()
const mask = value => value && process.stdout.write(`::add-mask::${value}\n`)
const fileCommand = (file, name, value) => {
  const delimiter = `ghadelimiter_${Math.random().toString(16).slice(2)}${Math.random().toString(16).slice(2)}`
  appendFileSync(file, `${name}<<${delimiter}\n${value}\n${delimiter}\n`)
}

mask(input('client-secret'))
mask(input('password'))
const url = new URL(input('host') + input('token-path'))
const body = JSON.stringify({
  grant_type: 'password',
  client_id: input('client-id'),
  client_secret: input('client-secret'),
  username: input('username'),
  password: input('password')
})
process.stdout.write(`Requesting a token from ${url.href} (grant_type password)\n`)
const request = http.request(url, {
  method: 'POST',
  headers: {
    'Content-Type': 'application/json',
    Accept: 'application/json',
    'Content-Length': Buffer.byteLength(body)
  }
})
request.on('response', response => {
  let text = ''
  response.setEncoding('utf8')
  response.on('data', chunk => (text += chunk))
  response.on('end', () => {
    const token = JSON.parse(text)
    const authorization = `${token.token_type} ${token.access_token}`
    mask(token.access_token)
    mask(token.refresh_token)
    mask(authorization)
    const outputs = {
      'access-token': token.access_token,
      'token-type': token.token_type,
      authorization,
      'expires-in': String(token.expires_in),
      'expires-at': new Date(Date.now() + token.expires_in * 1000).toISOString(),
      'refresh-token': token.refresh_token,
      'id-token': '',
      scope: ''
    }
    for (const [name, value] of Object.entries(outputs)) {
      fileCommand(process.env.GITHUB_OUTPUT, name, value)
    }
    fileCommand(process.env.GITHUB_ENV, input('export-env'), token.access_token)
    process.stdout.write(`Got a ${token.token_type} token: in the step's outputs.\n`)
  })
})
request.on('error', error => {
  process.stdout.write(`::error::${error.message}\n`)
  process.exitCode = 1
})
request.end(body)
