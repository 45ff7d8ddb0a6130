// What @actions/core gets when it imports '@actions/http-client': tsconfig.json's "paths" send
// that one specifier here, for ncc and tsc alike (jest.config.js maps it the same way). Core
// imports the client at its top level but uses it only in getIDToken (OIDC), and the real
// module pulls in node:https, node:tls and `tunnel` on import: on Node 24, about 10 ms and 5 MiB
// of every run. This stand-in loads the real client, a chunk of its own in dist/, on the first
// request. See stubs/README.md; __tests__/stubs.test.ts runs getIDToken through it.
import type * as Real from '../node_modules/@actions/http-client/lib/index.js'
import type { TypedResponse } from '../node_modules/@actions/http-client/lib/interfaces.js'

type Options = ConstructorParameters<typeof Real.HttpClient>
type GetJson = Parameters<Real.HttpClient['getJson']>

/** The part of http-client's HttpClient that @actions/core 3 uses. */
export class HttpClient {
  private readonly options: Options

  constructor(...options: Options) {
    this.options = options
  }

  async getJson<T>(...request: GetJson): Promise<TypedResponse<T>> {
    // By path: the package's name leads back here.
    const real = await import('../node_modules/@actions/http-client/lib/index.js')
    return new real.HttpClient(...this.options).getJson<T>(...request)
  }
}
