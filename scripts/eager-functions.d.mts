/** scripts/eager-functions.json */
export const EAGER_FUNCTIONS: string

/** The committed list of functions `npm run bundle` compiles eagerly. */
export function readEagerFunctions(): Set<string>

/** The module-level functions of dist/index.js that one password grant calls, sorted. */
export function calledFunctions(): Promise<string[]>
