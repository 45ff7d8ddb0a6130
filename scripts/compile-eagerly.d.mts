/**
 * `code` (a script as terser printed it) with its module functions and, in `index.js`, its
 * module-level function declarations turned into parenthesized function expressions.
 */
export function compileModulesEagerly(code: string, name: string): string
