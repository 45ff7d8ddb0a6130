// node:crypto, loaded where it is first used, not at start-up (about 2 ms on Node 20, 5 ms on
// Node 24; docs/performance.md). eslint.config.js refuses other imports of it, and
// __tests__/startup.test.ts fails if dist/index.js loads it before the request.

/** node:crypto, loaded on the first call (Node caches it). */
export function nodeCrypto(): typeof import('node:crypto') {
  return process.getBuiltinModule('node:crypto')
}

/**
 * Whether node:crypto is loaded already, as TLS loads it: then using it costs nothing more.
 * process.moduleLoadList is Node's own list of what it has loaded; were it gone, the answer is no.
 */
export function isNodeCryptoLoaded(): boolean {
  const loaded = (process as { moduleLoadList?: readonly string[] }).moduleLoadList
  return loaded?.includes('NativeModule crypto') ?? false
}
