// node:crypto, loaded where it is first used instead of when the action starts. Loading it starts
// OpenSSL and 15 of Node's modules: about 2 ms of a run on Node 20, 5 ms on Node 24. A password
// grant to a plain-http endpoint (a token server the job starts itself, or npm run bench's) needs
// it only once the token is back, for the file commands' delimiters and the token's fingerprint;
// deferred, it also keeps Node 20 from collecting garbage once in every such run (README,
// Performance). An https request loads it with TLS before it is sent, so there it changes nothing.
// No module in src/ imports node:crypto (eslint.config.js refuses it); they call nodeCrypto() where
// they need it, and __tests__/startup.test.ts fails if dist/index.js loads it before the request.

/** node:crypto, loaded on the first call (Node caches it). */
export function nodeCrypto(): typeof import('node:crypto') {
  return process.getBuiltinModule('node:crypto')
}
