/** `code` with each module function's unused first parameter gone, and index.js's runtime call without it. */
export function dropModuleParameter(code: string, name: string): string
