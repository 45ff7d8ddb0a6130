/** The ids of index.js's module table entries that only export a Node built-in module, with its name. */
export function builtinModules(code: string): Map<string, string>
/** `code` with each `__require(<id>)` of a built-in module as `require("<name>")`, and in index.js their entries gone. */
export function requireBuiltinsDirectly(
  code: string,
  name: string,
  builtins: Map<string, string>
): string
