// Stands in for undici, which @actions/http-client 4 imports at its top level for
// getAgentDispatcher() alone (fetch-based callers); its own requests go through node:http and
// `tunnel`. The action bundles none of http-client's client (core's getIDToken goes through
// src/oidc-http-client.ts), but the real undici would be ~1 MB of any bundle that did, and most
// of its start-up. See ../README.md. Anything that really uses it fails loudly.
// A class, because http-client calls `new ProxyAgent(...)`.
// eslint-disable-next-line @typescript-eslint/no-extraneous-class
export class ProxyAgent {
  constructor() {
    throw new Error(
      'undici is left out of this action (stubs/undici, see stubs/README.md): @actions/http-client used ProxyAgent, which only fetch-based callers need'
    )
  }
}
