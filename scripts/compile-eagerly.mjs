// The last step of `npm run bundle` (scripts/bundle.mjs), on each script terser has printed:
// module code is put in parentheses, V8's cue to compile it in one pass. In a module of its own
// so that __tests__/compile-eagerly.test.ts can hold it to small bundles of every shape.
import * as acorn from 'acorn'

/**
 * V8 compiles a function lazily: it skims the body while compiling the code around it, then
 * parses it again in full on its first call, and each such second pass costs more than the work
 * it saves for code that runs anyway. A function literal in parentheses is V8's cue to compile it
 * in one pass. So:
 * - every module function (webpack's `NNN: (args) => {...}`, which runs as soon as its script
 *   loads) becomes a parenthesized function expression, `NNN: (function (args) {...})`. Node 20's
 *   V8 takes the cue from `(function` only, not from a parenthesized arrow: there this saves
 *   about 1 ms a run. A module function that names `this` or `arguments` of its own stays an arrow
 *   (in parentheses), since a function expression would change what they mean;
 * - in dist/index.js, which every run loads, each function declared at a module's top level that
 *   a password grant calls, `function f(...) {...}`, becomes `var f = (function (...) {...});`
 *   (V8 names it f from the `var`, in stack traces too; the name is not repeated, 1.2 KB less)
 *   (`eagerFunctions` names them: scripts/eager-functions.json, which
 *   scripts/eager-functions.mjs writes from a run's coverage; without it, every such function).
 *   A converted function is defined when its line runs rather than hoisted, so a function that
 *   module code names before its declaration (outside a function body) is left as it is. The
 *   functions a password grant never calls stay lazy: skimming one costs about a sixth of
 *   compiling it (callgrind: 2.6 million instructions a run saved, of the 3.1 million that
 *   removing them would);
 * - in dist/index.js, each arrow function inside those modules that a password grant calls, and
 *   that `eagerFunctions` names by where it sits (see innerFunctions), becomes a parenthesized
 *   function expression: `x => f(x)` becomes `(function (x) { return f(x); })`. V8 skims a
 *   function nested in one it compiles, and compiles it again on its first call: callbacks such
 *   as transport's request handlers and the redaction helpers (webpack's export getters were
 *   among them until scripts/plain-exports.mjs made exports plain properties). About
 *   2 million instructions a run on Node 20 and on Node 24. An arrow that names `this`,
 *   `arguments`, `super` or `new.target` of its enclosing function stays an arrow;
 * Together these save about 5 ms a run on Node 24 and 2.5 ms on Node 20 (`npm run bench`). The
 * module table is found with acorn (`__modules` in index.js, `exports.modules` in a
 * chunk); the build fails if a script has none, or if the result does not parse.
 */
export function compileModulesEagerly(code, name, eagerFunctions) {
  const modules = moduleFunctions(code, name)
  // Each change replaces the text from `from` to `to`; an insertion has from === to.
  const changes = []
  // A function's parameter list as the source spells it.
  const params = fn => fn.params.map(({ start, end }) => code.slice(start, end)).join(', ')
  const wrap = ({ start, end }, before, after) =>
    changes.push({ from: start, to: start, text: before }, { from: end, to: end, text: after })
  for (const module of modules) {
    wrap(module, '(', ')')
    const arrow = module.type === 'ArrowFunctionExpression' && module.body.type === 'BlockStatement'
    if (!arrow || module.async || ownThisOrArguments(module.body)) continue
    // `(args) => {` becomes `function (args) {`: the header is replaced, the body kept.
    changes.push({
      from: module.start,
      to: module.body.start,
      text: `function (${params(module)}) `
    })
  }
  // In index.js only: the arrow functions the list names, then the module-level declarations.
  const arrows = name === 'index.js' && eagerFunctions ? innerFunctions(code, name, modules) : []
  for (const { key, node, arrow } of arrows) {
    if (!eagerFunctions.has(key) || !arrow || ownThisOrArguments(node.body)) continue
    const header = `(${node.async ? 'async ' : ''}function (${params(node)}) `
    if (node.body.type === 'BlockStatement') {
      changes.push({ from: node.start, to: node.body.start, text: header })
      changes.push({ from: node.end, to: node.end, text: ')' })
    } else {
      // `=> expression` becomes `{ return expression; }`, on the same line as the `return`. Any
      // expression may follow a `return` as it stands (`return { side: 3 }`, `return a, b`), so
      // the parentheses around an object literal go with the arrow and none are added.
      changes.push({ from: node.start, to: node.body.start, text: `${header}{ return ` })
      changes.push({ from: node.body.end, to: node.end, text: '; })' })
    }
  }
  if (name === 'index.js') {
    for (const module of modules) {
      const statements = module.body.type === 'BlockStatement' ? module.body.body : []
      for (const statement of statements) {
        if (statement.type !== 'FunctionDeclaration') continue
        if (eagerFunctions && !eagerFunctions.has(statement.id.name)) continue
        if (namedBefore(statement.id.name, statements, statement.start)) continue
        wrap(statement, `var ${statement.id.name} = (`, ');')
        // `function f(` becomes `function (`: the name comes from the var.
        changes.push({ from: statement.id.start, to: statement.id.end, text: '' })
      }
    }
  }
  // Applied from the last offset back, so the offsets still to come hold (a declaration's
  // change sits inside its module's). At a module's start, the header's replacement goes first,
  // then the opening parenthesis before it. Two insertions at one offset keep the order they were
  // made in (the sort is stable), outer function first, so an inner one's closing text comes
  // before its outer one's.
  changes.sort((x, y) => y.from - x.from || y.to - x.to)
  let result = code
  for (const { from, to, text } of changes) {
    result = `${result.slice(0, from)}${text}${result.slice(to)}`
  }
  parse(result) // throws on a syntax error
  return result
}

/**
 * The functions declared at a module's top level in a script, in either form: `function f`, or
 * `var f = (function` as compileModulesEagerly leaves it; `start` is where V8's coverage puts
 * the function (its `function` or `async` keyword).
 */
export function moduleLevelFunctions(code, name) {
  const found = []
  for (const module of moduleFunctions(code, name)) {
    for (const statement of module.body.type === 'BlockStatement' ? module.body.body : []) {
      const fn = moduleLevelFunction(statement)
      if (fn) found.push({ name: fn.name, start: fn.node.start })
    }
  }
  return found
}

/**
 * The functions without a name of their own inside the modules of index.js (arrow functions and
 * anonymous function expressions), each with the key eager-functions.json names it by:
 * `owner > n`, the n-th such function (from 0, in source order, an outer one before those inside
 * it) within `owner`. The owner is the module-level function that holds it, or `module ID` for
 * one in the module's own code (webpack's module id). Converting an arrow to a function
 * expression changes no key, so the keys from a run of dist/ name the arrows of a fresh build.
 */
export function innerFunctions(code, name, modules = moduleFunctions(code, name)) {
  const found = []
  const counts = new Map()
  const methods = new Set()
  const collect = (owner, node) =>
    walk(node, inner => {
      // A method's function has no name of its own either, but is no arrow or converted one.
      const method =
        inner.type === 'MethodDefinition' ||
        (inner.type === 'Property' && (inner.method || inner.kind !== 'init'))
      if (method) methods.add(inner.value)
      const anonymous =
        inner.type === 'ArrowFunctionExpression' ||
        (inner.type === 'FunctionExpression' && !inner.id && !methods.has(inner))
      if (!anonymous) return
      const n = counts.get(owner) ?? 0
      counts.set(owner, n + 1)
      found.push({
        key: `${owner} > ${n}`,
        node: inner,
        start: inner.start,
        arrow: inner.type === 'ArrowFunctionExpression'
      })
    })
  for (const module of modules) {
    for (const statement of module.body.type === 'BlockStatement' ? module.body.body : []) {
      const declared = moduleLevelFunction(statement)
      if (declared) collect(declared.name, declared.node.body)
      else collect(`module ${module.moduleId}`, statement)
    }
  }
  return found
}

/** A module-level function, `function f` or `var f = (function`: its function node and name. */
function moduleLevelFunction(statement) {
  if (statement.type === 'FunctionDeclaration') return { node: statement, name: statement.id.name }
  const [declarator] = statement.type === 'VariableDeclaration' ? statement.declarations : []
  const fn = declarator?.init
  // Anonymous, only as this script writes a declaration: with `var`, which the sources never
  // use (an arrow it converts keeps its `const`).
  const named = fn?.id ? fn.id.name === declarator.id.name : statement.kind === 'var'
  return fn?.type === 'FunctionExpression' && named
    ? { node: fn, name: declarator.id.name }
    : undefined
}

/** A script (not a module); `options` are acorn's (ranges, onComment). */
export const parse = (text, options = {}) =>
  acorn.parse(text, { ecmaVersion: 'latest', sourceType: 'script', ...options })

/** The module functions of webpack's module table in a script; throws if there is none. */
export function moduleFunctions(code, name) {
  const modules = []
  walk(parse(code), node => {
    const table =
      (node.type === 'VariableDeclarator' && node.id.name === '__modules' && node.init) ||
      (node.type === 'AssignmentExpression' &&
        node.left.type === 'MemberExpression' &&
        node.left.object.name === 'exports' &&
        node.left.property.name === 'modules' &&
        node.right)
    if (table?.type === 'ObjectExpression') {
      for (const { key, value } of table.properties) {
        if (/^(Arrow)?FunctionExpression$/.test(value.type)) {
          modules.push(Object.assign(value, { moduleId: key.name ?? key.value }))
        }
      }
    }
  })
  if (modules.length === 0) {
    throw new Error(
      `bundle: ${name}: no module functions found; update scripts/compile-eagerly.mjs`
    )
  }
  return modules
}

/** Whether module code before `position` names `identifier` outside any function body. */
function namedBefore(identifier, statements, position) {
  let named = false
  for (const statement of statements.filter(statement => statement.end <= position)) {
    walk(statement, node => {
      if (/Function/.test(node.type)) return false // runs later, if at all
      if (node.type === 'Identifier' && node.name === identifier) named = true
    })
  }
  return named
}

/**
 * Whether a function body names `this`, `arguments`, `super` or `new.target` of its own function
 * (or, for an arrow's body, of the function around it).
 */
function ownThisOrArguments(body) {
  let found = false
  walk(body, node => {
    // A function expression or declaration has its own; an arrow shares its parent's.
    if (node.type === 'FunctionExpression' || node.type === 'FunctionDeclaration') return false
    if (/^(ThisExpression|MetaProperty|Super)$/.test(node.type)) found = true
    if (node.type === 'Identifier' && node.name === 'arguments') found = true
  })
  return found
}

/**
 * Calls `enter` on `node` and every node below it, depth first, but not on a property's name
 * (`{ f: 1 }`, `x.f`), which names no variable. `enter` returning false skips the node's children.
 */
export function walk(node, enter) {
  if (!node || typeof node.type !== 'string' || enter(node) === false) return
  for (const [key, child] of Object.entries(node)) {
    const propertyName =
      (node.type === 'Property' && key === 'key' && !node.computed) ||
      (node.type === 'MemberExpression' && key === 'property' && !node.computed)
    if (propertyName) continue
    if (Array.isArray(child)) child.forEach(item => walk(item, enter))
    else if (child && typeof child === 'object') walk(child, enter)
  }
}
