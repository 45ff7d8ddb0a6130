/**
 * `code` (a script as ncc wrote it) with each module's export getters turned into assignments at
 * the module's end, wherever no importer can read an export before it is settled.
 */
export function plainExports(code: string, name: string): string
