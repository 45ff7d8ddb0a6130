/**
 * `code` (a script as terser printed it) with its module functions and, in `index.js`, its
 * module-level function declarations named in `eagerFunctions` (all of them without it) and the
 * arrow functions inside its modules that `eagerFunctions` names (none without it) turned into
 * parenthesized function expressions.
 */
export function compileModulesEagerly(
  code: string,
  name: string,
  eagerFunctions?: ReadonlySet<string>
): string

/** The functions declared at a module's top level, in either form, and where each starts. */
export function moduleLevelFunctions(
  code: string,
  name: string
): { readonly name: string; readonly start: number }[]

/**
 * The functions without a name of their own inside the modules of a script, each with its key:
 * `owner > n`, the n-th (from 0, in source order) within the module-level function `owner`, or
 * within `module ID` for the module's own code; `arrow` is false once one is a function expression.
 */
export function innerFunctions(
  code: string,
  name: string
): { readonly key: string; readonly start: number; readonly arrow: boolean }[]
