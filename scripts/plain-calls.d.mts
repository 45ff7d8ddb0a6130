/** `code` (a script as terser printed it) with each `(0, name.property)(` of an import as `name.property(`. */
export function plainImportCalls(code: string): string
