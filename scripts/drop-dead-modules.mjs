// webpack (inside ncc) drops the exports nothing imports, but not their code: a package module
// whose every export goes unused is still concatenated into the bundle, dead, with the names of
// its own imports left unresolved once those imports are dropped. @actions/core's index, which
// src/oidc.ts imports for getIDToken alone, brings its job-summary class, its platform module and
// the rest of its API so: 9 KB of the OIDC chunk that nothing calls, where
// `exec.getExecOutput(...)` and `os.EOL` name variables the chunk does not have.
// dropDeadModules takes out of a script, within the `// CONCATENATED MODULE:` sections from
// node_modules:
// - a whole section that holds only declarations, when nothing outside it refers to any of them
//   and it is one of REVIEWED: it then runs nothing but its declarations' initializers, which may
//   still do something, so each module is read before it is listed;
// - in a section that stays, a function declaration (which runs nothing until called) that nothing
//   outside it refers to, and likewise a TypeScript enum (`var ExitCode;` and the function that
//   fills it, which sets properties of the object it makes and does nothing else);
// - then the built-in modules that only those used (`var external_fs_ = __require(896);`, as
//   webpack names an external), which nothing refers to any more.
// References are resolved by scope (eslint-scope, as ESLint does), so a parameter or a local of
// the same name is not taken for one; a script with `eval` or `with`, which no scope analysis can
// see through, is refused. __tests__/bundle.test.ts holds the list of the package modules that
// stay, and dist/ to refer to no variable it does not declare.
import { analyze } from 'eslint-scope'
import { parse, walk } from './compile-eagerly.mjs'

const MARKER = /^ (?:CONCATENATED MODULE|EXTERNAL MODULE|NAMESPACE OBJECT)\b/
const PACKAGE_SECTION = /^ CONCATENATED MODULE: (\.\/node_modules\/\S+)$/
// And the empty statement, `;`, that webpack writes before each marker.
const DECLARATIONS = new Set([
  'FunctionDeclaration',
  'ClassDeclaration',
  'VariableDeclaration',
  'EmptyStatement'
])

export const parseScript = (code, onComment) => parse(code, { ranges: true, onComment })

/** The scopes of a script parsed by parseScript, resolved as in a CommonJS module. */
export const scopesOf = ast => analyze(ast, { ecmaVersion: 2022, sourceType: 'script' })

/**
 * The package modules that may go whole, each read: their initializers act only inside the module
 * (core's summary makes a `Summary` and reads `fs.promises`; its platform module reads
 * `os.platform()` and `os.arch()`; the other two declare functions only).
 */
export const REVIEWED = new Set([
  './node_modules/@actions/core/lib/file-command.js',
  './node_modules/@actions/core/lib/path-utils.js',
  './node_modules/@actions/core/lib/platform.js',
  './node_modules/@actions/core/lib/summary.js'
])

// webpack's `var external_<name>_ = __require(<id>);` for a built-in module a package imports.
const EXTERNAL = /^external_\w+_$/

/** The package sections of `code`: each marker's file and the statements up to the next marker. */
function packageSections(code) {
  const markers = []
  const ast = parseScript(code, (block, value, start, end) => {
    if (!block && MARKER.test(value)) markers.push({ value, start, end })
  })
  // The innermost block around each marker: its statements are the module's.
  const blocks = new Map()
  walk(ast, node => {
    if (node.type !== 'BlockStatement' && node.type !== 'Program') return
    for (const marker of markers) {
      if (marker.start > node.start && marker.end < node.end) blocks.set(marker, node)
    }
  })
  const externals = []
  for (const block of new Set(blocks.values())) {
    for (const statement of block.body) {
      const [declarator, more] = statement.declarations ?? []
      const required = declarator?.init?.callee?.name === '__require'
      if (!more && required && EXTERNAL.test(declarator.id.name)) externals.push(statement)
    }
  }
  const sections = markers.flatMap((marker, index) => {
    const file = PACKAGE_SECTION.exec(marker.value)?.[1]
    const block = blocks.get(marker)
    if (!file || !block) return []
    const next = markers.slice(index + 1).find(other => blocks.get(other) === block)
    const end = next?.start ?? block.end
    const statements = block.body.filter(s => s.start > marker.end && s.start < end)
    const last = statements.at(-1)
    return last ? [{ file, start: marker.start, end: last.end, statements }] : []
  })
  return { ast, sections, externals }
}

/**
 * Whether `statement` is tsc's filling of enum `name`, `(function (X) { X[X["A"] = 0] = "A"; ...
 * })(X || (X = {}));`: it only sets properties, to literals, of the object it is given.
 */
function isEnumFill(statement, name) {
  const call = statement?.type === 'ExpressionStatement' ? statement.expression : undefined
  const fn = call?.type === 'CallExpression' ? call.callee : undefined
  const [param, more] = fn?.type === 'FunctionExpression' ? fn.params : []
  const [arg, extra] = call?.arguments ?? []
  if (!fn || fn.id || fn.async || fn.generator || more || extra || param?.type !== 'Identifier') {
    return false
  }
  const isName = (node, id) => node?.type === 'Identifier' && node.name === id
  const isKey = node => node.type === 'Literal' && typeof node.value === 'string'
  const setsLiteral = (node, id) =>
    node?.type === 'AssignmentExpression' &&
    node.operator === '=' &&
    node.left.type === 'MemberExpression' &&
    node.left.computed &&
    isName(node.left.object, id) &&
    node.right.type === 'Literal'
  // X[X["A"] = 0] = "A" (a number's member, named back from its value) or X["A"] = "a".
  const isMember = ({ type, expression }) =>
    type === 'ExpressionStatement' &&
    setsLiteral(expression, param.name) &&
    (isKey(expression.left.property) || setsLiteral(expression.left.property, param.name)) &&
    (isKey(expression.left.property) || isKey(expression.left.property.left.property))
  const made = arg?.right
  return (
    arg?.type === 'LogicalExpression' &&
    arg.operator === '||' &&
    isName(arg.left, name) &&
    made?.type === 'AssignmentExpression' &&
    made.operator === '=' &&
    isName(made.left, name) &&
    made.right.type === 'ObjectExpression' &&
    made.right.properties.length === 0 &&
    fn.body.body.every(isMember)
  )
}

/** The enums of `statements`: `var X;` and the statement after it that fills it (isEnumFill). */
function enums(statements) {
  return statements.flatMap((statement, index) => {
    const [declarator, more] =
      statement.type === 'VariableDeclaration' ? statement.declarations : []
    const name = !more && !declarator?.init ? declarator?.id.name : undefined
    const fill = statements[index + 1]
    return name && isEnumFill(fill, name)
      ? [{ start: statement.start, end: fill.end, statement }]
      : []
  })
}

/** Whether code outside [start, end) refers to a variable that `statements` declare. */
function isReferred(scopes, statements, start, end) {
  return statements
    .flatMap(statement => scopes.getDeclaredVariables(statement))
    .some(variable =>
      variable.references.some(({ identifier }) => identifier.start < start || identifier.end > end)
    )
}

/**
 * `code` without its dead package modules and functions (see above), and what went: a module's
 * file, or `file: function`. One at a time, until nothing is left to drop.
 */
export function dropDeadModules(code, reviewed = REVIEWED) {
  const dropped = []
  for (;;) {
    const { ast, sections, externals } = packageSections(code)
    const scopes = scopesOf(ast)
    if (scopes.scopes.some(scope => scope.type !== 'global' && scope.dynamic)) {
      throw new Error('drop-dead-modules: a script with eval or with cannot be read by scope')
    }
    const unused = ({ statements, start, end }) => !isReferred(scopes, statements, start, end)
    const dead = sections.find(
      section =>
        reviewed.has(section.file) &&
        section.statements.every(s => DECLARATIONS.has(s.type)) &&
        unused(section)
    )
    const deadFunction = dead
      ? undefined
      : sections
          .flatMap(({ file, statements }) =>
            statements
              .filter(s => s.type === 'FunctionDeclaration')
              .map(s => ({ file, start: s.start, end: s.end, statements: [s] }))
          )
          .find(unused)
    const deadEnum =
      dead || deadFunction
        ? undefined
        : sections
            .flatMap(({ file, statements }) =>
              enums(statements).map(({ start, end, statement }) => ({
                file,
                start,
                end,
                statements: [statement]
              }))
            )
            .find(unused)
    const external = externals
      .map(s => ({ file: 'external', start: s.start, end: s.end, statements: [s] }))
      .find(unused)
    const gone = dead ?? deadFunction ?? deadEnum ?? external
    if (!gone) return { code, dropped }
    code = `${code.slice(0, gone.start)}${code.slice(gone.end).replace(/^[ \t]*\n/, '')}`
    const [statement] = gone.statements
    const name = statement.id?.name ?? statement.declarations?.[0].id.name
    dropped.push(dead ? dead.file : `${gone.file}: ${name}`)
  }
}
