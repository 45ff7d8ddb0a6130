// A step of `npm run bundle` (scripts/bundle.mjs), on each script terser has printed: webpack
// calls an imported function as `(0, _errors.quote)(value)`, so that the function runs with
// `this` undefined, as an ES module's own call `quote(value)` would. Here it becomes
// `_errors.quote(value)`, which is how CommonJS code calls a module's function: 5 bytes less
// a call (0.7 KB of dist/), and easier to read. In a module of its own so that
// __tests__/plain-calls.test.ts can hold it to scripts of every shape.
import { parse, walk } from './compile-eagerly.mjs'

/**
 * Only a call whose callee is `(0, name.property)`, where `name` is an import of the module
 * (`var name = __require(id)`, webpack's only way to import), changes. What it calls then sees
 * `this` as the imported module's exports instead of undefined, which changes nothing for a
 * function that does not read `this`:
 * - the sources' functions: TypeScript's `noImplicitThis` (tsconfig.json's `strict`) refuses a
 *   function outside a class that reads `this` without declaring its type, and none declares it;
 * - Node's built-in modules' functions (`fs.writeFileSync`), which are called this way in
 *   CommonJS code everywhere;
 * - the packages' functions that webpack bundles, which are CommonJS or TypeScript's output.
 * The result must parse, and hold no call of an import as webpack wrote it: a `new` of one, which
 * webpack does not print, fails the build rather than be left or changed.
 */
export function plainImportCalls(code) {
  const ast = parse(code)
  const imports = importNames(ast)
  const changes = []
  for (const { node, callee, member } of importCalls(ast, imports)) {
    if (node.type === 'NewExpression') continue // left as it is, and refused below
    // The callee's parentheses, which acorn's range leaves out, go too: terser prints them
    // right around it.
    if (code[callee.start - 1] !== '(' || code[callee.end] !== ')') {
      throw new Error(
        `unexpected layout of an import call: ${code.slice(callee.start - 1, callee.end + 1)}`
      )
    }
    const text = code.slice(member.start, member.end)
    changes.push({ from: callee.start - 1, to: callee.end + 1, text })
  }
  let result = code
  for (const { from, to, text } of changes.sort((a, b) => b.from - a.from)) {
    result = result.slice(0, from) + text + result.slice(to)
  }
  // Throws on a syntax error; and on a call of an import left as webpack wrote it (`new` of one).
  const [left] = importCalls(parse(result), imports)
  if (left) {
    throw new Error(
      `an import call is left as webpack wrote it: ${result.slice(left.node.start, left.node.end)}`
    )
  }
  return result
}

/**
 * The names a script gives its imports, `var name = __require(id)`: webpack's own, which no
 * source name equals (scripts/import-names.mjs checks its shortened ones), so no local shadows
 * one.
 */
function importNames(ast) {
  const imports = new Set()
  walk(ast, node => {
    const init = node.type === 'VariableDeclarator' ? node.init : undefined
    if (
      node.id?.type === 'Identifier' &&
      init?.type === 'CallExpression' &&
      init.callee.type === 'Identifier' &&
      init.callee.name === '__require'
    ) {
      imports.add(node.id.name)
    }
  })
  return imports
}

/** Each call, tagged template or `new` whose callee is `(0, name.property)`, name an import. */
function importCalls(ast, imports) {
  const found = []
  walk(ast, node => {
    const callee =
      node.type === 'CallExpression' || node.type === 'NewExpression'
        ? node.callee
        : node.type === 'TaggedTemplateExpression'
          ? node.tag
          : undefined
    if (callee?.type !== 'SequenceExpression' || callee.expressions.length !== 2) return
    const [zero, member] = callee.expressions
    if (
      zero.type === 'Literal' &&
      zero.value === 0 &&
      member.type === 'MemberExpression' &&
      !member.computed &&
      !member.optional &&
      member.object.type === 'Identifier' &&
      imports.has(member.object.name)
    ) {
      found.push({ node, callee, member })
    }
  })
  return found
}
