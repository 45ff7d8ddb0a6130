// A step of `npm run bundle` (scripts/bundle.mjs), on each script terser has printed: webpack
// calls an imported function as `(0, _errors_js$1.quote)(value)`, so that the function runs with
// `this` undefined, as an ES module's own call `quote(value)` would. Here it becomes
// `_errors_js$1.quote(value)`, which is how CommonJS code calls a module's function: 5 bytes less
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
 * The result must parse, and holds no `(0, name.property)(` left (the build fails otherwise).
 */
export function plainImportCalls(code) {
  const ast = parse(code)
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
  const changes = []
  walk(ast, node => {
    if (node.type !== 'CallExpression' && node.type !== 'TaggedTemplateExpression') return
    const callee = node.type === 'CallExpression' ? node.callee : node.tag
    if (callee.type !== 'SequenceExpression' || callee.expressions.length !== 2) return
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
  })
  let result = code
  for (const { from, to, text } of changes.sort((a, b) => b.from - a.from)) {
    result = result.slice(0, from) + text + result.slice(to)
  }
  parse(result) // throws on a syntax error
  const left = /\(0, ([\w$]+)\.[\w$]+\)\(/.exec(result)
  if (left && imports.has(left[1])) {
    throw new Error(`an import call is left as webpack wrote it: ${left[0]}`)
  }
  return result
}
