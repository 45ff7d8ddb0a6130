// A step of `npm run bundle` (scripts/bundle.mjs), on each script as ncc wrote it: a module's
// exports become plain properties. In a module of its own so that __tests__/plain-exports.test.ts
// can hold it to small bundles of every shape.
import { moduleFunctions, parse, walk } from './compile-eagerly.mjs'

/**
 * webpack gives each module's exports object a getter per export, so that an importer reads a
 * live binding: `__require.d(__exports, { Xg: () => readConfig, ... })` at the module's start.
 * Every getter is a function V8 compiles, and every use of an import (`_config.Xg`) calls
 * one: about 1.7 million instructions of a password grant on Node 20 and 3.9 million on Node 24
 * (callgrind, 2026-11-29): on Node 20 about a thirteenth of what the action costs beyond the
 * bare-Node baseline, on Node 24 about a third.
 *
 * Where nothing can tell the two apart, the getters become assignments at the module's end,
 * `__exports.Xg = readConfig;`. A getter differs from a copy only while its binding can still
 * change, so a module keeps its getters unless:
 * - each export is a name the module declares at its top level (`function`, `class`, `const`,
 *   `let` or `var`) and that nothing in the module assigns, so its value is settled once the
 *   module's code has run;
 * - no other module can read the exports before that: the module is in no cycle of `__require`
 *   calls (webpack's static imports), or in one whose modules read nothing of each other while
 *   loading (unsettledModules). A chunk's module loaded with `import()` runs when the module
 *   that loads it has long finished.
 * The build fails if a script has no module table (as compileModulesEagerly does);
 * __tests__/bundle.test.ts holds dist/ to no getters left.
 */
export function plainExports(code, name) {
  const modules = moduleFunctions(code, name)
  const unsettled = unsettledModules(modules)
  const changes = []
  for (const module of modules) {
    if (unsettled.has(String(module.moduleId)) || module.body.type !== 'BlockStatement') continue
    const [, exportsParam, requireParam] = module.params.map(param => param.name)
    if (!exportsParam || !requireParam) continue
    const statements = module.body.body
    const definition = statements.find(statement =>
      isGetterDefinition(statement, exportsParam, requireParam)
    )
    if (!definition) continue
    const declared = topLevelNames(statements)
    const assigned = assignedNames(module.body)
    const exported = definition.expression.arguments[1].properties.map(property => ({
      key: String(property.key.name ?? property.key.value),
      binding: getterBinding(property)
    }))
    const settled = exported.every(
      ({ binding }) => binding && declared.has(binding) && !assigned.has(binding)
    )
    if (!settled) continue
    const assignments = exported.map(
      ({ key, binding }) =>
        `${exportsParam}${/^[A-Za-z_$][\w$]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`} = ${binding};`
    )
    changes.push({ from: definition.start, to: definition.end, text: '' })
    // Before the module function's closing brace.
    const end = module.body.end - 1
    changes.push({ from: end, to: end, text: `\n${assignments.join('\n')}\n` })
  }
  changes.sort((x, y) => y.from - x.from)
  let result = code
  for (const { from, to, text } of changes) {
    result = `${result.slice(0, from)}${text}${result.slice(to)}`
  }
  parse(result) // throws on a syntax error
  return result
}

/** `__require.d(__exports, { ... })` as a statement, with an object literal of getters. */
function isGetterDefinition(statement, exportsParam, requireParam) {
  const expression = statement.type === 'ExpressionStatement' ? statement.expression : undefined
  const call = expression?.type === 'CallExpression' ? expression : undefined
  const [target, getters] = call?.arguments ?? []
  return (
    call?.callee.type === 'MemberExpression' &&
    call.callee.object.name === requireParam &&
    call.callee.property.name === 'd' &&
    target?.type === 'Identifier' &&
    target.name === exportsParam &&
    getters?.type === 'ObjectExpression' &&
    getters.properties.every(property => property.type === 'Property' && !property.computed)
  )
}

/** The name a getter returns, `() => name` or `function () { return name; }`; else undefined. */
function getterBinding(property) {
  const fn = property.value
  if (!/^(Arrow)?FunctionExpression$/.test(fn.type) || fn.params.length) return undefined
  const body =
    fn.body.type === 'BlockStatement'
      ? fn.body.body.length === 1 && fn.body.body[0].type === 'ReturnStatement'
        ? fn.body.body[0].argument
        : undefined
      : fn.body
  return body?.type === 'Identifier' ? body.name : undefined
}

/** The names a module declares at its top level. */
function topLevelNames(statements) {
  const names = new Set()
  for (const statement of statements) {
    if (/^(Function|Class)Declaration$/.test(statement.type)) names.add(statement.id.name)
    if (statement.type === 'VariableDeclaration') {
      for (const { id } of statement.declarations) {
        if (id.type === 'Identifier') names.add(id.name)
      }
    }
  }
  return names
}

/**
 * Every name assigned anywhere in `node` (`x = `, `x += `, `x++`, `[x] = `, `for (x of ...)`),
 * whatever scope it is in: a local that shadows an export counts too, which only keeps getters.
 */
function assignedNames(node) {
  const names = new Set()
  const targets = pattern =>
    walk(pattern, inner => {
      if (inner.type === 'Identifier') names.add(inner.name)
      // `[a[x]] = ...` assigns a property of a, not x or a.
      if (inner.type === 'MemberExpression') return false
    })
  walk(node, inner => {
    if (inner.type === 'AssignmentExpression') targets(inner.left)
    if (inner.type === 'UpdateExpression') targets(inner.argument)
    if (/^For(In|Of)Statement$/.test(inner.type) && inner.left.type !== 'VariableDeclaration') {
      targets(inner.left)
    }
  })
  return names
}

/**
 * The modules whose exports another module could read before they are settled. That needs a cycle
 * of `__require(id)` calls (anywhere in a module's function, in case one runs while it loads):
 * webpack runs a module's imports before its own code, so in a cycle one module runs while
 * another is still loading. A module of a cycle is still safe when no module of its cycle can run
 * anything, while loading, that reads another's imports (readsNothingWhileLoading). Each script
 * is checked on its own: a chunk's modules may require index.js's, never the other way round
 * (webpack loads a chunk only through `import()`), so no cycle spans two scripts.
 */
function unsettledModules(modules) {
  const requires = new Map()
  for (const module of modules) {
    const ids = new Set()
    walk(module.body, node => {
      const id = requiredId(node, module.params[2]?.name)
      if (id !== undefined) ids.add(id)
    })
    requires.set(String(module.moduleId), ids)
  }
  const reach = new Map()
  for (const start of requires.keys()) {
    const seen = new Set()
    const stack = [...(requires.get(start) ?? [])]
    while (stack.length) {
      const id = stack.pop()
      if (seen.has(id)) continue
      seen.add(id)
      stack.push(...(requires.get(id) ?? []))
    }
    reach.set(start, seen)
  }
  const unsettled = new Set()
  for (const module of modules) {
    const id = String(module.moduleId)
    if (!reach.get(id)?.has(id)) continue
    const cycle = new Set([...reach.get(id)].filter(other => reach.get(other)?.has(id)))
    const loadsSafely = other => {
      const partner = modules.find(candidate => String(candidate.moduleId) === other)
      return partner ? readsNothingWhileLoading(partner, cycle) : false
    }
    if (![...cycle].every(loadsSafely)) unsettled.add(id)
  }
  return unsettled
}

/**
 * Whether a module's own code, outside the functions it declares, can run nothing that reads an
 * import of `cycle` while the cycle loads. A module can reach another's exports only by a name:
 * its import (`var one = __require(1)`), `__require` itself, or a function of its own that
 * names one (a function it declares runs only when something calls it, by its name). So the
 * module's code, nested functions, classes and callbacks included, but not the bodies of the
 * functions it declares at its top level, must name
 * - no import of the cycle, and require no module of the cycle;
 * - none of the functions it declares;
 * - `__require` only to call it, or a function of it (`__require.r(...)`), not to reach its
 *   module cache;
 * - not `eval`, whose code could name anything.
 * A call into a module outside the cycle is safe: that module has finished loading, and it cannot
 * reach the cycle's exports but through what it is handed, which the rules above keep out.
 */
function readsNothingWhileLoading(module, cycle) {
  if (module.body.type !== 'BlockStatement') return false
  const statements = module.body.body
  const requireParam = module.params[2]?.name
  const imports = new Set()
  const declarators = new Set()
  for (const statement of statements) {
    for (const declarator of statement.type === 'VariableDeclaration'
      ? statement.declarations
      : []) {
      const id = requiredId(declarator.init, requireParam)
      if (id !== undefined && declarator.id.type === 'Identifier') {
        declarators.add(declarator)
        if (cycle.has(id)) imports.add(declarator.id.name)
      }
    }
  }
  const functions = new Set(
    statements
      .filter(statement => statement.type === 'FunctionDeclaration')
      .map(statement => statement.id.name)
  )
  // Where `__require` may appear: called, or as the object of a call's callee.
  const allowedRequires = new Set()
  let safe = true
  walk(module.body, node => {
    // One the module declares runs when called, by its name. One declared inside code that may
    // run while loading is that code's, and is read with it.
    if (node.type === 'FunctionDeclaration' && statements.includes(node)) return false
    if (declarators.has(node)) return false
    // webpack's getters, which this step replaces: they run only when an export is read.
    if (isGetterDefinition(node, module.params[1]?.name, requireParam)) return false
    // A module of the cycle required anywhere but in an import's declaration.
    if (cycle.has(requiredId(node, requireParam) ?? '')) safe = false
    if (node.type === 'CallExpression') {
      const callee = node.callee
      if (callee.type === 'Identifier') allowedRequires.add(callee)
      if (callee.type === 'MemberExpression' && !callee.computed) allowedRequires.add(callee.object)
    }
    if (node.type !== 'Identifier') return
    if (imports.has(node.name) || functions.has(node.name) || node.name === 'eval') safe = false
    if (node.name === requireParam && !allowedRequires.has(node)) safe = false
  })
  return safe
}

/** The module id of a `__require(id)` call (`requireParam` is the module's name for it). */
function requiredId(node, requireParam) {
  return node?.type === 'CallExpression' &&
    node.callee.type === 'Identifier' &&
    node.callee.name === requireParam &&
    node.arguments[0]
    ? String(node.arguments[0].value)
    : undefined
}
