// A step of `npm run bundle` (scripts/bundle.mjs), on each script terser has printed: webpack
// gives each of Node's built-in modules that the code imports an entry of index.js's module table,
// `24: module => { module.exports = require("node:fs"); }`, and imports it by number,
// `var node_fs = __require(24)`. Here that import is written `var node_fs = require("node:fs")`,
// and the entries go: the same module object (Node caches a built-in module, and resolves its name
// the same from every file), got at the same moment, and the module named where it is used.
// ncc also leaves entries that nothing requires any more once scripts/drop-dead-modules.mjs has
// taken out the package code that used them ("crypto", "fs", "path"). 0.48 KB of dist/. In a
// module of its own so that __tests__/builtin-requires.test.ts can hold it to scripts of every
// shape.
import { isBuiltin } from 'node:module'
import { moduleFunctions, parse, walk } from './compile-eagerly.mjs'
import { parseScript, scopesOf } from './drop-dead-modules.mjs'

/**
 * The built-in modules of index.js's module table, by their ids: each entry whose function does
 * nothing but `module.exports = require("<built-in>")`.
 */
export function builtinModules(code) {
  const builtins = new Map()
  for (const fn of moduleFunctions(code, 'index.js')) {
    const [param, ...more] = fn.params
    const [statement, ...rest] =
      fn.body.type === 'BlockStatement' ? fn.body.body : [{ expression: fn.body }]
    const assigned = statement?.expression
    const required = assigned?.right
    const exported =
      param?.type === 'Identifier' &&
      !more.length &&
      !rest.length &&
      assigned?.type === 'AssignmentExpression' &&
      assigned.operator === '=' &&
      code.slice(assigned.left.start, assigned.left.end) === `${param.name}.exports` &&
      required?.type === 'CallExpression' &&
      required.callee.type === 'Identifier' &&
      required.callee.name === 'require' &&
      required.arguments.length === 1 &&
      typeof required.arguments[0].value === 'string' &&
      isBuiltin(required.arguments[0].value)
    if (exported) builtins.set(String(fn.moduleId), required.arguments[0].value)
  }
  return builtins
}

/**
 * `code` with each `__require(<id>)` of a built-in module in `builtins` as `require("<name>")`,
 * and, in index.js, those modules' entries taken out of the module table. Fails the build if
 * anything could still ask for one by number: a chunk loaded for one (`__require.bind(__require,
 * <id>)`), or a call of `__require` with an id that is not a number written out.
 */
export function requireBuiltinsDirectly(code, name, builtins) {
  const changes = []
  const ast = parse(code)
  // A name `require` of the script's own (an ES module's `const require = createRequire(...)`, a
  // parameter, a destructured name) would be what a rewritten import calls: not Node's, or not
  // yet set (a ReferenceError). Any such variable in any scope (eslint-scope) stops the rewrite.
  const shadowed = scopesOf(parseScript(code)).scopes.some(scope =>
    scope.variables.some(variable => variable.name === 'require')
  )
  walk(ast, node => {
    if (node.type !== 'CallExpression') return
    const { callee, arguments: args } = node
    const requires = callee.type === 'Identifier' && callee.name === '__require'
    const binds =
      callee.type === 'MemberExpression' &&
      callee.object.name === '__require' &&
      callee.property.name === 'bind'
    if (!requires && !binds) return
    const id = requires ? args[0] : args[1]
    if (
      id?.type !== 'Literal' ||
      typeof id.value !== 'number' ||
      args.length !== (requires ? 1 : 2)
    ) {
      throw new Error(
        `${name}: ${code.slice(node.start, node.end)} requires a module it does not name`
      )
    }
    const builtin = builtins.get(String(id.value))
    if (builtin === undefined) return
    if (binds)
      throw new Error(`${name}: ${code.slice(node.start, node.end)} loads a built-in module`)
    changes.push({ from: node.start, to: node.end, text: `require(${JSON.stringify(builtin)})` })
  })
  if (shadowed && changes.length) {
    throw new Error(
      `${name}: a name 'require' of its own would stand for Node's: keep __require(<id>) there`
    )
  }
  if (name === 'index.js') {
    const [first] = moduleFunctions(code, name)
    let table
    walk(ast, node => {
      if (
        node.type === 'ObjectExpression' &&
        node.properties.some(({ value }) => value?.start === first.start)
      ) {
        table = node
      }
    })
    const entries = table?.properties ?? []
    entries.forEach((entry, index) => {
      if (!builtins.has(String(entry.key.value ?? entry.key.name))) return
      // With the comma before it: the table opens with the entry's own modules.
      if (!index) throw new Error(`${name}: the module table opens with a built-in module`)
      changes.push({ from: entries[index - 1].end, to: entry.end, text: '' })
    })
  }
  let result = code
  for (const { from, to, text } of changes.sort((a, b) => b.from - a.from)) {
    result = result.slice(0, from) + text + result.slice(to)
  }
  parse(result) // throws on a syntax error
  return result
}
