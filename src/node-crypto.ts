/* node:crypto, loaded where first used (docs/performance.md, eslint.config.js). */

/** node:crypto, loaded on the first call (Node caches it). */
export function nodeCrypto(): typeof import('node:crypto') {
  return process.getBuiltinModule('node:crypto')
}

/**
 * Whether node:crypto is loaded already, as TLS loads it: then using it costs nothing more.
 * process.moduleLoadList is Node's own list of what it has loaded (long-standing, though not
 * documented); were it gone, the answer is no, which is slower but still right.
 */
export function isNodeCryptoLoaded(): boolean {
  const loaded = (process as { moduleLoadList?: readonly string[] }).moduleLoadList
  return loaded?.includes('NativeModule crypto') ?? false
}
