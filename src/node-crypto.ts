// node:crypto, loaded where it is first used instead of when the action starts. Loading it starts
// OpenSSL: about 2 ms of a 55 ms run on Node 20, 5 ms on Node 24 (README, Performance). A password
// grant to a plain-http endpoint (a service on the runner itself, say) needs it only once the token
// is back, for the file commands' delimiters and the token's fingerprint; an https request starts
// OpenSSL for TLS anyway, but still not the rest of node:crypto's modules. So no module in src/
// imports node:crypto (eslint.config.js refuses it); they call nodeCrypto() where they need it, and
// __tests__/startup.test.ts fails if dist/index.js loads node:crypto before the request is sent.

/** node:crypto, loaded on the first call (Node caches it). */
export function nodeCrypto(): typeof import('node:crypto') {
  return process.getBuiltinModule('node:crypto')
}
