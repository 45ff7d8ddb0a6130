/**
 * A script to preload (`NODE_OPTIONS=--require`) into the action's process so that `host`
 * resolves to 127.0.0.1 as /etc/hosts would make it: for a test that has the action reach a
 * made-up name directly, without a proxy that resolves it.
 */
export function hostsShimScript(host: string): string {
  return `
const dns = require('node:dns')
const lookup = dns.lookup
dns.lookup = function (hostname, options, callback) {
  if (hostname !== '${host}') return lookup.apply(dns, arguments)
  const done = typeof options === 'function' ? options : callback
  const all = typeof options === 'object' && options !== null && options.all
  process.nextTick(() => (all ? done(null, [{ address: '127.0.0.1', family: 4 }]) : done(null, '127.0.0.1', 4)))
}
`
}
