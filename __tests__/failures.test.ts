// describeTransportError reads the same on Node 20 and on Node 24, the runtime GitHub uses.
import { describe, expect, it } from '@jest/globals'
import { actionDefaults } from '../scripts/runner.mjs'
import { readConfig } from '../src/config.js'
import { describeTransportError } from '../src/failures.js'
import { TransportError } from '../src/transport.js'

const inputs: Record<string, string> = {
  ...actionDefaults(),
  host: 'https://auth.example.com',
  'client-id': 'failures-client',
  'client-secret': 'failures-secret'
}
const config = readConfig({ getInput: name => inputs[name] ?? '', env: {} })

const NODE20 = 'unable to verify the first certificate'
const NODE24 = `${NODE20}; if the root CA is installed locally, try running Node.js with --use-system-ca`

describe("Node 24's advice for its own command line", () => {
  it.each([
    [
      'the server',
      undefined,
      "UNABLE_TO_VERIFY_LEAF_SIGNATURE: unable to verify the first certificate; if the server uses a private certificate authority, pass its certificate in input 'ca-certificate' (or NODE_EXTRA_CA_CERTS)"
    ],
    [
      'the proxy',
      'proxy.example.com:3128',
      "unable to verify the first certificate; if the proxy uses a private certificate authority, pass its certificate in input 'ca-certificate' (or NODE_EXTRA_CA_CERTS)"
    ]
  ])('is replaced by the action’s advice for %s', (_, proxy, expected) => {
    const code = 'UNABLE_TO_VERIFY_LEAF_SIGNATURE'
    const on20 = describeTransportError(new TransportError(NODE20, code, proxy), config)
    const on24 = describeTransportError(new TransportError(NODE24, code, proxy), config)
    expect(on20).toBe(expected)
    expect(on24).toBe(expected)
  })
})

describe('the failure line', () => {
  it("cuts Node's text short, however long a host name it quotes", () => {
    const host = 'x'.repeat(5000)
    const line = describeTransportError(
      new TransportError(`getaddrinfo EINVAL ${host} ${host}`, 'EINVAL'),
      config
    )
    expect(line.length).toBeLessThanOrEqual(320)
    expect(line).toMatch(/^getaddrinfo EINVAL x+…$/)
  })
})
