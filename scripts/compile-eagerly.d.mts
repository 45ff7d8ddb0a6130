/**
 * `code` (a script as terser printed it) with its module functions and, in `index.js`, its
 * module-level function declarations named in `eagerFunctions` (all of them without it) turned
 * into parenthesized function expressions.
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
