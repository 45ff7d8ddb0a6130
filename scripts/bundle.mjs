// `npm run bundle`: dist/ from a clean slate, so no chunk of an earlier build lingers. ncc
// bundles src/index.cjs as CommonJS (see there why) into dist/index.cjs and chunks
// NNN.index.cjs.js; the entry becomes dist/index.js, as action.yml names it, and
// dist/package.json makes dist/ CommonJS, the root package.json's "type": "module"
// notwithstanding. Then dist/licenses.txt from the modules ncc reports (scripts/licenses.mjs
// says why not ncc's --license).
//
// Last, each script is re-printed by terser with nothing renamed, nothing compressed, and every
// `//` comment kept: only block comments go (JSDoc, webpack's `/* harmony */` annotations),
// license notices excepted, and any character outside ASCII is written as an escape (an ASCII
// script is read and parsed by Node as a one-byte string, at half the memory). Then module code
// is put in parentheses, V8's cue to compile it in one pass (compileModulesEagerly says why). What a reviewer reads stays the sources' code with the sources'
// names, the inline comments that say why, and ncc's `// CONCATENATED MODULE: <file>` markers,
// at about a quarter less to read; __tests__/bundle.test.ts holds dist/ to 200 KB.
import { execFileSync } from 'node:child_process'
import {
  copyFileSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  writeFileSync
} from 'node:fs'
import { join, resolve } from 'node:path'
import * as acorn from 'acorn'
import { minify } from 'terser'

const ROOT = resolve(import.meta.dirname, '..')
const STATS = join(ROOT, 'build/ncc-stats.json')

rmSync(join(ROOT, 'dist'), { recursive: true, force: true })
mkdirSync(join(ROOT, 'build'), { recursive: true })
execFileSync(
  process.execPath,
  [
    join(ROOT, 'node_modules/@vercel/ncc/dist/ncc/cli.js'),
    'build',
    'src/index.cjs',
    '-o',
    'dist',
    '--stats-out',
    STATS
  ],
  { cwd: ROOT, stdio: 'inherit' }
)
renameSync(join(ROOT, 'dist/index.cjs'), join(ROOT, 'dist/index.js'))
// The post step's entry needs no bundling: it only decides whether to load index.js.
copyFileSync(join(ROOT, 'src/post.cjs'), join(ROOT, 'dist/post.js'))
writeFileSync(join(ROOT, 'dist/package.json'), '{"type":"commonjs"}\n')
execFileSync(
  process.execPath,
  [join(ROOT, 'scripts/licenses.mjs'), STATS, join(ROOT, 'dist/licenses.txt')],
  {
    stdio: 'inherit'
  }
)

const LICENSE = /@license|@preserve|^!/
const printed = file => file.endsWith('.js') && file !== 'post.js'
for (const name of readdirSync(join(ROOT, 'dist')).filter(printed)) {
  const path = join(ROOT, 'dist', name)
  const { code } = await minify(readFileSync(path, 'utf8'), {
    compress: false,
    mangle: false,
    module: false,
    format: {
      beautify: true,
      indent_level: 2,
      ascii_only: true,
      comments: (_node, comment) => comment.type === 'comment1' || LICENSE.test(comment.value)
    }
  })
  if (!code) throw new Error(`terser printed nothing for ${name}`)
  writeFileSync(path, `${compileModulesEagerly(code, name)}\n`)
}

/**
 * V8 compiles a function lazily: it skims the body while compiling the code around it, then
 * parses it again in full on its first call, and on Node 24 each such second pass costs more than
 * the work it saves for code that runs anyway. A function literal in parentheses is V8's cue to
 * compile it in one pass. So:
 * - every module function (webpack's `NNN: (args) => {...}`, which runs as soon as its script
 *   loads) is wrapped in parentheses, `NNN: ((args) => {...})`;
 * - in dist/index.js, which every run loads, each function declared at a module's top level,
 *   `function f(...) {...}`, becomes `var f = (function f(...) {...});`. Such a function is
 *   then defined when its line runs rather than hoisted, so a function that module code names
 *   before its declaration (outside a function body) is left as it is.
 * On Node 24 these save about 4 ms a run together, on Node 20 0.5 to 1.5 ms (`npm run
 * bench`). The module table is found with acorn (`__webpack_modules__` in index.js,
 * `exports.modules` in a chunk); the build fails if a script has none, or if the result does
 * not parse.
 */
function compileModulesEagerly(code, name) {
  const parse = text => acorn.parse(text, { ecmaVersion: 'latest', sourceType: 'script' })
  const modules = []
  walk(parse(code), node => {
    const table =
      (node.type === 'VariableDeclarator' && node.id.name === '__webpack_modules__' && node.init) ||
      (node.type === 'AssignmentExpression' &&
        node.left.type === 'MemberExpression' &&
        node.left.object.name === 'exports' &&
        node.left.property.name === 'modules' &&
        node.right)
    if (table?.type === 'ObjectExpression') {
      for (const { value } of table.properties) {
        if (/^(Arrow)?FunctionExpression$/.test(value.type)) modules.push(value)
      }
    }
  })
  if (modules.length === 0) {
    throw new Error(
      `bundle: ${name}: no module functions found; update compileModulesEagerly in scripts/bundle.mjs`
    )
  }
  const edits = modules.map(({ start, end }) => ({ start, end, before: '(', after: ')' }))
  if (name === 'index.js') {
    for (const module of modules) {
      const statements = module.body.type === 'BlockStatement' ? module.body.body : []
      for (const statement of statements) {
        if (statement.type !== 'FunctionDeclaration') continue
        const { id, start, end } = statement
        if (namedBefore(id.name, statements, start)) continue
        edits.push({ start, end, before: `var ${id.name} = (`, after: ');' })
      }
    }
  }
  // Every edit inserts text at its start and end: insert from the last offset back, so the
  // offsets still to come hold (a declaration's edit sits inside its module's).
  const insertions = edits.flatMap(({ start, end, before, after }) => [
    { at: end, text: after },
    { at: start, text: before }
  ])
  insertions.sort((x, y) => y.at - x.at)
  let result = code
  for (const { at, text } of insertions) result = `${result.slice(0, at)}${text}${result.slice(at)}`
  parse(result) // throws on a syntax error
  return result
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
 * Calls `enter` on `node` and every node below it, depth first, but not on a property's name
 * (`{ f: 1 }`, `x.f`), which names no variable. `enter` returning false skips the node's children.
 */
function walk(node, enter) {
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
