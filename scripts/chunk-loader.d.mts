/** `code` with each `await import()` as `__require.i(chunk, module)`, in index.js the loader that defines it, in a chunk no `exports.ids`. */
export function loadChunks(code: string, name: string): string
