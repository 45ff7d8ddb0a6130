// A step of `npm run bundle` (scripts/bundle.mjs), on each script as ncc wrote it, once
// scripts/drop-dead-modules.mjs has run: TypeScript's helpers, which each compiled file of a
// package declares for itself, once per script. webpack concatenates @actions/core's files into
// one module function, so the OIDC chunk declared the same __awaiter twice (oidc-utils.js's
// `__awaiter`, core.js's `core_awaiter`), 0.6 KB each. In a module of its own so that
// __tests__/shared-helpers.test.ts can hold it to scripts of every shape.
import { parseScript, scopesOf } from './drop-dead-modules.mjs'
import { walk } from './compile-eagerly.mjs'

/**
 * A helper as tsc writes it, where webpack has put `undefined` for a module's `this`:
 * `var __awaiter = (undefined && undefined.__awaiter) || function (...) {...};`. Its value is the
 * function expression, made anew by each declaration, with nothing evaluated around it.
 */
function isHelper(declarator) {
  const { id, init } = declarator
  if (id.type !== 'Identifier' || init?.type !== 'LogicalExpression') return false
  const { left, right, operator } = init
  return (
    operator === '||' &&
    right.type === 'FunctionExpression' &&
    left.type === 'LogicalExpression' &&
    left.operator === '&&' &&
    left.left.type === 'Identifier' &&
    left.left.name === 'undefined' &&
    left.right.type === 'MemberExpression' &&
    left.right.object.type === 'Identifier' &&
    left.right.object.name === 'undefined'
  )
}

/**
 * `code` with each helper that a statement before it in the same block declares to the letter
 * (same text, so the same names, resolved in the same scope) declared as that one:
 * `var core_awaiter = __awaiter;`. That holds where neither variable is written but by its
 * declaration and each is only called (never compared, nor given a property): then each call runs
 * the same code with the same variables in scope, and the earlier declaration has run by then.
 * `undefined` must be the global one (the build stops if a scope declares it). What was shared: `core_awaiter = __awaiter`.
 */
export function shareHelpers(code) {
  const ast = parseScript(code)
  const scopes = scopesOf(ast)
  const callees = new Set()
  const blocks = []
  walk(ast, node => {
    if (node.type === 'CallExpression') callees.add(node.callee)
    if (node.type === 'Program' || node.type === 'BlockStatement') blocks.push(node)
  })
  /** The statement's one variable, if only its declaration writes it and everything else calls it. */
  const onlyCalled = statement => {
    const [variable, more] = scopes.getDeclaredVariables(statement)
    if (!variable || more || variable.defs.length !== 1) return undefined
    const calledOnly = variable.references.every(ref =>
      ref.init ? ref.isWrite() && !ref.isRead() : ref.isReadOnly() && callees.has(ref.identifier)
    )
    return calledOnly ? variable : undefined
  }
  const changes = []
  for (const block of blocks) {
    const first = new Map()
    for (const statement of block.body) {
      if (statement.type !== 'VariableDeclaration' || statement.kind !== 'var') continue
      const [declarator, more] = statement.declarations
      if (more || !declarator || !isHelper(declarator) || !onlyCalled(statement)) continue
      const text = code.slice(declarator.init.start, declarator.init.end)
      const earlier = first.get(text)
      if (!earlier) first.set(text, declarator.id.name)
      else changes.push({ declarator, earlier })
    }
  }
  const undefinedDeclared = scopes.scopes.some(scope =>
    scope.variables.some(variable => variable.name === 'undefined')
  )
  if (changes.length && undefinedDeclared) {
    throw new Error('shared-helpers: `undefined` is declared in the script; helpers stay apart')
  }
  let shared = code
  for (const { declarator, earlier } of changes.sort(
    (a, b) => b.declarator.start - a.declarator.start
  )) {
    const { start, end } = declarator.init
    shared = `${shared.slice(0, start)}${earlier}${shared.slice(end)}`
  }
  return {
    code: shared,
    shared: changes.map(({ declarator, earlier }) => `${declarator.id.name} = ${earlier}`)
  }
}
