// A step of `npm run bundle` (scripts/bundle.mjs), on each script as ncc wrote it: webpack's long
// import names, _errors_js__WEBPACK_IMPORTED_MODULE_1__, become the file's name, _errors. In a
// module of its own so that __tests__/import-names.test.ts can hold it to scripts of every shape.
import { walk } from './compile-eagerly.mjs'
import { parseScript, scopesOf } from './drop-dead-modules.mjs'

// webpack names each import after its file and its number among the module's imports, as
// _errors_js__WEBPACK_IMPORTED_MODULE_1__ (and a default import's wrapper ..._1___default):
// those names were a twentieth of dist/.
const WEBPACK_IMPORT = /\b(\w*?)(?:_js)?__WEBPACK_IMPORTED_MODULE_(\d+)__(\w*)/g
// Where ncc starts a module in a script it writes: `/***/ 674:`.
const MODULE_START = /^(?=\/\*{3}\/ \d+:)/m
/**
 * Each webpack import name shortened to its file, without the `_js` every source import's name
 * ends in and the number webpack gives it: _errors (a source file's keeps its leading `_`, for
 * `./`, beside a built-in's node_fs). An import's name is declared in its module's function, so
 * modules apart, a short name stands for one import only if it is a word nowhere in the script
 * (no source name, runtime name or global is captured or shadowed) and no other import of its
 * module gets it; else it keeps the number, _errors$1, which no name here has (no `$`; checked).
 * Only names webpack made are changed, each to one of its own.
 */
export function shortenImportNames(code, name) {
  const word = text => new RegExp(`(?<![\\w$])${text.replaceAll('$', '\\$')}(?![\\w$])`)
  return code
    .split(MODULE_START)
    .map(module => {
      const shortFor = new Map()
      for (const [long, file, id, suffix] of module.matchAll(WEBPACK_IMPORT)) {
        if (shortFor.has(long)) continue
        const plain = `${file}${suffix}`
        const taken = [...shortFor.values()].includes(plain)
        const short = file && !taken && !word(plain).test(code) ? plain : `${file}$${id}${suffix}`
        if (short !== plain && word(short).test(code)) {
          throw new Error(
            `${name}: ${short} is already a name there; it cannot stand for an import`
          )
        }
        if ([...shortFor.values()].includes(short)) {
          throw new Error(
            `${name}: two imports would get one short name; keep more of webpack's names`
          )
        }
        shortFor.set(long, short)
      }
      return module.replace(WEBPACK_IMPORT, long => shortFor.get(long) ?? long)
    })
    .join('')
}

// webpack's name for a built-in module that a concatenated module imports: `external_node_fs_`
// (`external_node_util_namespaceObject` for a namespace import), where a module of its own has
// `node_fs`.
const BUILTIN_IMPORT = /^external_(\w+?)_(?:namespaceObject)?$/
/**
 * Each such import named as the other modules name it, `node_fs` (`os` for core's `external_os_`),
 * where the scope that declares it has no such name: no scope in it declares or refers to the short
 * name, nor does another import there or in a scope around it take it. Not in the global scope
 * (its var is a property of globalThis), nor in a script with a direct eval, which could read the
 * old name, nor for an import written as a shorthand property (`{ external_os_ }`, whose key would
 * change). Run after scripts/drop-dead-modules.mjs, which knows a package's built-in imports by
 * webpack's names. References are found by scope (eslint-scope), each renamed where it stands; an
 * import whose short name is taken keeps webpack's. Then every reference is checked to name, in
 * order, the declaration it named before, or the build fails.
 */
export function shortenBuiltinNames(code) {
  // Every name a scope or one within it declares or refers to, its globals' among them.
  const namesIn = scope => {
    const names = new Set(
      [...scope.variables, ...scope.references].map(each => each.name ?? each.identifier.name)
    )
    for (const child of scope.childScopes) for (const name of namesIn(child)) names.add(name)
    return names
  }
  const ast = parseScript(code)
  const shorthand = new Set()
  walk(ast, node => {
    if (node.type === 'Property' && node.shorthand) shorthand.add(node.value.start)
  })
  const { scopes } = scopesOf(ast)
  if (scopes.some(scope => scope.directCallToEvalScope)) return code
  const renames = []
  /** Short names given in each scope, for the scopes inside it too. */
  const given = new Map()
  for (const scope of scopes) {
    const taken = new Set(scope.upper ? given.get(scope.upper) : [])
    given.set(scope, taken)
    if (scope.type === 'global' || scope.dynamic) continue
    for (const variable of scope.variables) {
      const short = BUILTIN_IMPORT.exec(variable.name)?.[1]
      const [def, ...more] = variable.defs
      const init = def?.node.init
      const imports =
        !more.length &&
        def?.type === 'Variable' &&
        init?.type === 'CallExpression' &&
        ['require', '__require'].includes(init.callee.name)
      if (!short || !imports || taken.has(short)) continue
      if (namesIn(scope).has(short)) continue
      if (variable.references.some(ref => shorthand.has(ref.identifier.start))) continue
      taken.add(short)
      // The declaration's own name is also the reference its initializer writes.
      for (const { range } of new Set([
        def.name,
        ...variable.references.map(ref => ref.identifier)
      ])) {
        renames.push({ range, short })
      }
    }
  }
  let result = code
  for (const { range, short } of renames.sort((a, b) => b.range[0] - a.range[0])) {
    result = result.slice(0, range[0]) + short + result.slice(range[1])
  }
  if (bindings(result) !== bindings(code)) {
    throw new Error('shortening built-in import names would change what a name refers to')
  }
  return result
}

/** What each reference in `code` refers to, in order: its declaration's rank, or a global's name. */
function bindings(code) {
  const { scopes } = scopesOf(parseScript(code))
  const variables = scopes.flatMap(scope => scope.variables)
  const start = variable => variable.identifiers[0]?.range[0] ?? -1
  const rank = new Map(variables.sort((a, b) => start(a) - start(b)).map((each, at) => [each, at]))
  return scopes
    .flatMap(scope => scope.references)
    .sort((a, b) => a.identifier.range[0] - b.identifier.range[0])
    .map(ref => (ref.resolved ? rank.get(ref.resolved) : `global ${ref.identifier.name}`))
    .join()
}
