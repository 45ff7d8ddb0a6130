// A step of `npm run bundle` (scripts/bundle.mjs), on each script terser has printed: a statement
// that ends its line ends without a semicolon, as the sources are written (.prettierrc.json's
// `"semi": false`), where JavaScript puts the semicolon back itself: 2.5 KB of dist/. In a module
// of its own so that __tests__/semicolons.test.ts can hold it to scripts of every shape.
import { parse, walk } from './compile-eagerly.mjs'

// What ends in a semicolon of its own: a statement (an expression, a declaration, return, throw,
// break, continue, do-while, debugger) or a class field. Not an empty statement, which is nothing
// but its semicolon, nor a `for` head's declaration.
const TERMINATED = new Set([
  'ExpressionStatement',
  'VariableDeclaration',
  'ReturnStatement',
  'ThrowStatement',
  'BreakStatement',
  'ContinueStatement',
  'DoWhileStatement',
  'DebuggerStatement',
  'PropertyDefinition'
])

// A field named so, with no value, would be read with the next line as one member
// (`get\nfoo() {}` is a getter).
const MODIFIERS = new Set(['get', 'set', 'static', 'async', 'accessor'])

/**
 * Whether the statement ends where its line does if the next line starts with `token` (acorn's):
 * JavaScript inserts a semicolon before a token the statement cannot take, when a line break comes
 * before it (ECMA-262, "Automatic Semicolon Insertion"). No statement goes on with a name, a
 * keyword (but `in` and `instanceof`), a string, a number, `!` or `~`, or a closing brace, nor at
 * the script's end; it could with `(`, `[`, a template, `+`, `-`, `/`, `.`, `?.`, `++`, `--`, `{`
 * or an operator, and before those the semicolon stays, as it would where Prettier writes
 * `;[a, b] = c`.
 */
function endsStatement(token) {
  if (!token) return true
  const { label, keyword } = token.type
  if (keyword) return keyword !== 'in' && keyword !== 'instanceof'
  return ['name', 'string', 'num', '!/~', '}', 'eof'].includes(label)
}

/**
 * `code` without the semicolon that ends a statement or a class field at the end of a line, where
 * the next token ends the statement as well (endsStatement). A semicolon with more on its line
 * after it stays (`if (a) b(); else c();`), and so does every other: a `for` head's, an empty
 * statement. The result must parse; scripts/bundle.mjs checks that terser prints it as it
 * printed `code`.
 */
export function dropSemicolons(code) {
  const tokens = []
  const ast = parse(code, { onToken: tokens })
  const inHead = new Set()
  const ends = []
  walk(ast, node => {
    if (/^For(In|Of)?Statement$/.test(node.type)) inHead.add(node.init ?? node.left)
    if (!TERMINATED.has(node.type) || inHead.has(node) || code[node.end - 1] !== ';') return
    const modifier = node.type === 'PropertyDefinition' && !node.value && !node.computed
    if (modifier && MODIFIERS.has(node.key.name)) return
    ends.push(node.end - 1)
  })
  const next = new Map(tokens.map((token, index) => [token.start, tokens[index + 1]]))
  const cuts = ends.filter(
    at => (at + 1 === code.length || code[at + 1] === '\n') && endsStatement(next.get(at))
  )
  let result = code
  for (const at of cuts.sort((a, b) => b - a)) result = result.slice(0, at) + result.slice(at + 1)
  parse(result) // throws on a syntax error
  return result
}
