/** scripts/eager-functions.json */
export const EAGER_FUNCTIONS: string

/** The committed list of functions `npm run bundle` compiles eagerly. */
export function readEagerFunctions(): Set<string>

/**
 * The functions of dist/index.js that one password grant calls, sorted: module-level ones by name,
 * those inside them as `owner > n` (see innerFunctions).
 */
export function calledFunctions(): Promise<string[]>
