/** `code` (a script as ncc wrote it) with webpack's import names as their files' (_errors). */
export function shortenImportNames(code: string, name: string): string
/** `code` with a concatenated module's built-in imports named as other modules name them (node_fs). */
export function shortenBuiltinNames(code: string): string
