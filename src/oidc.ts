/* runner-protocol.ts's getIDToken, in one chunk: core's, and its client (tsconfig.json "paths"). */
export { getIDToken } from '@actions/core'
export { oidcTransport } from '@actions/http-client'
