/** `code` (a script as ncc wrote it) with webpack's import names as their files' (_errors). */
export function shortenImportNames(code: string, name: string): string
