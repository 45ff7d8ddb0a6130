/** `code` (a script as terser printed it) without the semicolon that ends a statement at a line's end, where JavaScript puts it back. */
export function dropSemicolons(code: string): string
