// Stands in for undici, which @actions/http-client 4 imports at its top level for
// getAgentDispatcher() alone (fetch-based callers). Its own requests, and so @actions/core's
// getIDToken, go through node:http and `tunnel`; the real undici would be ~1 MB of the bundle
// and most of the action's start-up. See ../README.md. Anything that really uses it fails loudly.
// A class, because http-client calls `new ProxyAgent(...)`.
// eslint-disable-next-line @typescript-eslint/no-extraneous-class
export class ProxyAgent {
  constructor() {
    throw new Error(
      'undici is left out of this action (stubs/undici, see stubs/README.md): @actions/http-client used ProxyAgent, which only fetch-based callers need'
    )
  }
}
