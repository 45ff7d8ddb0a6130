/** `code` with each module function's unused first parameter gone, and index.js's require without the module object. */
export function dropModuleParameter(code: string, name: string): string
