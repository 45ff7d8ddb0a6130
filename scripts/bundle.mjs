// `npm run bundle`: dist/ from a clean slate, so no chunk of an earlier build lingers. ncc
// bundles src/index.cjs as CommonJS (see there why) into dist/index.cjs and chunks
// NNN.index.cjs.js; the entry becomes dist/index.js, as action.yml names it, and
// dist/package.json makes dist/ CommonJS, the root package.json's "type": "module"
// notwithstanding. Then dist/licenses.txt from the modules ncc reports (scripts/licenses.mjs
// says why not ncc's --license).
//
// Each module's exports become plain properties where no importer could tell them from webpack's
// getters (scripts/plain-exports.mjs says when): 1.7 million instructions a run on Node 20. The
// default-export wrappers nothing reads go, and so do the runtime that nothing here needs
// (dropUnreadDefaults, dropUnneededRuntime) and the package modules nothing calls
// (scripts/drop-dead-modules.mjs), and a TypeScript helper that a package module declares again,
// `var core_awaiter = __awaiter;`, is declared as the first (scripts/shared-helpers.mjs).
// Last, each script is re-printed by terser with nothing compressed, nothing of the sources
// renamed (webpack's long import names are shortened, and a concatenated module's built-in imports
// named as other modules name them, node_fs for external_node_fs_: scripts/import-names.mjs),
// properties named as their variables in short as the sources write them ({ tokenUrl }), a short
// object on one line as the sources write it ({ kind: "error", error }: joinShortObjects), and
// the sources' `//` comments kept. Block comments go (JSDoc, webpack's `/* harmony */`
// annotations), license notices excepted, and so do lint directives, the `//` comments of the
// packages from node_modules (their markers stay) and webpack's notes on its own runtime. Any
// character outside ASCII is written as an escape, so a reviewer sees each invisible one (a
// zero-width space, a soft hyphen), and a chunk is read by Node as a one-byte string, at half the
// memory; index.js alone ends with a line that holds one on purpose (INDEX_TRAILER says why). Each
// call of an imported function, which webpack writes `(0, _errors.quote)(value)`, is written
// `_errors.quote(value)` (scripts/plain-calls.mjs says why that changes nothing), and each import
// of a Node built-in module, `__require(24)`, is written `require("node:fs")`, its entry of the
// module table gone (scripts/builtin-requires.mjs); no module function takes the module object
// it never reads (scripts/module-parameters.mjs); each `await import()` calls __require.i, which
// requires the chunk's file in place of webpack's chunk loading, and each chunk's `exports.ids`
// goes (scripts/chunk-loader.mjs).
// Then module code is put in parentheses, V8's cue to compile it in one
// pass, and so are the functions of index.js that scripts/eager-functions.json lists
// (scripts/compile-eagerly.mjs says why). Last, each module is moved flush left
// (dedentModules), its code and ncc's markers with it, and the line after a comment at the
// comment's indentation (alignAfterComments), and a statement that ends its line ends without a
// semicolon, as the sources do (scripts/semicolons.mjs), each checked to change no code.
// What a reviewer reads stays the sources' code with the sources' local names, their `//`
// comments (block comments are left in src/: CONTRIBUTING.md says which modules keep theirs as //),
// and ncc's markers of each module's file (`// ./src/errors.ts`), at about a quarter less to
// read. A module's exports keep webpack's short names, which ncc gives them (`_errors.TN(...)`),
// each defined at the module's end (`exports.TN = oneLine`). __tests__/bundle.test.ts holds
// dist/ to 200 KB.
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
import { minify } from 'terser'
import { compileModulesEagerly, parse, walk } from './compile-eagerly.mjs'
import { builtinModules, requireBuiltinsDirectly } from './builtin-requires.mjs'
import { loadChunks } from './chunk-loader.mjs'
import { dropModuleParameter } from './module-parameters.mjs'
import { dropDeadModules } from './drop-dead-modules.mjs'
import { readEagerFunctions } from './eager-functions.mjs'
import { shortenBuiltinNames, shortenImportNames } from './import-names.mjs'
import { shareHelpers } from './shared-helpers.mjs'
import { plainImportCalls } from './plain-calls.mjs'
import { plainExports } from './plain-exports.mjs'
import { dropSemicolons } from './semicolons.mjs'

const ROOT = resolve(import.meta.dirname, '..')
const STATS = join(ROOT, 'build/ncc-stats.json')

/**
 * index.js's last lines. Their em dash, outside Latin-1, is there on purpose: V8 then holds the
 * script's text as UTF-16, two bytes a character (259 KB), which is over the 128 KiB of its
 * largest young object, so the text goes to the large-object space instead. As ASCII, a one-byte
 * string of 130 KB in the young generation, it was the largest part of what a password grant
 * allocates there before its wait on the token server, and on Node 24 that crossed 80% of the
 * 1 MiB young generation, where V8 posts a minor GC task, which then ran in the wait: a scavenge
 * that commits the second semi-space, 0.5 MiB more peak memory (1.052x the bare script, over
 * issue 6's 1.05x, against 1.04x) and 2.1 million instructions (docs/performance.md, "The young
 * generation"). The dash comes last because V8 copies a UTF-8 text's ASCII start as it is and
 * decodes the rest a character at a time: as the first line, it cost 2.8 million instructions.
 * __tests__/startup.test.ts checks that a password grant runs with no GC at all.
 */
const INDEX_TRAILER = `// Built from src/ by \`npm run bundle\` \u2014 edit src/, not this file.
`

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
// The packages' `//# sourceMappingURL=` lines name maps that dist/ does not ship, and Node acts on
// the last one V8 finds in a script at every start.
const SOURCE_MAP = /^[#@] sourceMappingURL=/
// Directives to the sources' linter tell a reader of dist/ nothing.
const LINT_DIRECTIVE = /^\s*eslint-disable/
// ncc's notes on what each module is and where it comes from.
const WEBPACK_MARKER = /^ (?:CONCATENATED MODULE|EXTERNAL MODULE|NAMESPACE OBJECT)\b/
// ...and those that say what the next line plainly does: `var external_node_fs_ = require(24)`
// after `EXTERNAL MODULE: external "node:fs"`.
const WEBPACK_NOISE = /^ (?:EXPORTS|ESM COMPAT FLAG|EXTERNAL MODULE: external "[\w:]+")$/
/**
 * The lines of `source` (1-based, as terser counts them) inside a module ncc concatenated from
 * node_modules: the pinned packages' own comments (TODOs, notes to their maintainers) go, and
 * the marker that names each package stays.
 */
function packageLines(source) {
  const lines = new Set()
  let inPackage = false
  source.split('\n').forEach((line, index) => {
    const marker = /\/\/ CONCATENATED MODULE: (.*)$/.exec(line)
    if (marker) inPackage = (marker[1] ?? '').startsWith('./node_modules/')
    else if (/^\/\*\*\*\/ \d+:/.test(line)) inPackage = false
    else if (inPackage) lines.add(index + 1)
  })
  return lines
}

/**
 * The lines of `source` that are webpack's own runtime, which ncc starts with a slash, six
 * asterisks and a slash: its notes on itself ("The module cache", "no HMR") go.
 */
function runtimeLines(source) {
  const lines = new Set()
  source.split('\n').forEach((line, index) => {
    if (line.startsWith('/******/')) lines.add(index + 1)
  })
  return lines
}

/**
 * Each module flush left, its wrapper and its code alike, as in its own file: ncc nests the modules
 * in the bundle's function, its module table and the module's own function, and those three
 * levels of spaces were a tenth of dist/. `depth` is the module lines' indentation (4 in index.js,
 * 2 in a chunk); the wrapper's `NNN: (function (...) {` and `}),` lines mark where a module starts
 * and ends.
 */
function dedentModules(code, depth) {
  const pad = ' '.repeat(depth)
  const header = new RegExp(`^${pad}\\d+: \\(function \\(`)
  const footer = new RegExp(`^${pad}\\}\\),?$`)
  let inModule = false
  return code
    .split('\n')
    .map(line => {
      if (header.test(line)) inModule = true
      // The wrapper's lines are `depth` in, its code two more.
      let out = line
      if (inModule && line.startsWith(`${pad}  `)) out = line.slice(depth + 2)
      else if (inModule && line.startsWith(pad)) out = line.slice(depth)
      if (footer.test(line)) inModule = false
      return out
    })
    .join('\n')
}

// ncc's markers of where a module's code comes from, which terser prints indented.
const MARKER = /^\s+(\/\/ (?:CONCATENATED|EXTERNAL) MODULE: .*)$/

/**
 * ncc's module markers flush left, and the line of code after a `//` comment at the comment's
 * own indentation: terser prints that one line further in than the code around it (six to twelve
 * spaces more), as if it were nested.
 */
function alignAfterComments(code) {
  const out = []
  for (const line of code.split('\n')) {
    const marker = MARKER.exec(line)
    const comment = /^( *)\/\//.exec(out.at(-1) ?? '')
    const indent = /^ */.exec(line)?.[0].length ?? 0
    if (marker) out.push(marker[1])
    else if (comment && indent > comment[1].length && !/^\s*(\/\/|$)/.test(line)) {
      out.push(comment[1] + line.trimStart())
    } else out.push(line)
  }
  return out.join('\n')
}

/** canonical's answers, by the code they were for: each step's result is printed once. */
const printedCode = new Map()

/** The code with whitespace and comments left out: equal for two scripts that differ only there. */
async function canonical(code) {
  if (!printedCode.has(code)) {
    const { code: printed } = await minify(code, {
      compress: false,
      mangle: false,
      module: false,
      format: { comments: false }
    })
    printedCode.set(code, printed)
  }
  return printedCode.get(code)
}

/** canonical, the "use strict" directives aside. */
async function undirected(code) {
  return (await canonical(code)).replaceAll('"use strict";', '')
}

/** How far ncc indents a module's lines: 4 in index.js, 2 in a chunk. */
const depth = name => (name === 'index.js' ? 4 : 2)

/**
 * webpack's long names in its runtime and module functions, shortened where no name here is the
 * short one (checked): a module's unused first parameter `__unused_webpack_module` as `_unused`,
 * its exports `__webpack_exports__` as `__exports`, and the require function (`__nccwpck_require__`
 * in dist/index.js, `__webpack_require__` in a chunk) as `__require`, and its module cache
 * `__webpack_module_cache__` (and `cachedModule`, one module of it) as `__cache` (and `inCache`),
 * and its table of modules `__webpack_modules__` as `__modules`. About 3 KB of dist/.
 */
const SHORT_NAMES = [
  ['__unused_webpack_module', '_unused'],
  ['__webpack_exports__', '__exports'],
  ['__nccwpck_require__', '__require'],
  ['__webpack_require__', '__require'],
  ['__webpack_modules__', '__modules'],
  ['__webpack_module_cache__', '__cache'],
  ['cachedModule', 'inCache']
]

function shortenRuntimeNames(code, name) {
  const word = text => new RegExp(`(?<![\\w$])${text.replaceAll('$', '\\$')}(?![\\w$])`, 'g')
  for (const short of new Set(SHORT_NAMES.map(([, to]) => to))) {
    if (word(short).test(code)) {
      throw new Error(`${name}: ${short} is already a name there; it cannot stand for webpack's`)
    }
  }
  return SHORT_NAMES.reduce((text, [long, short]) => text.replace(word(long), short), code)
}

/**
 * Each two spaces of a line's indentation as a tab: the same code, its levels as readable
 * (.editorconfig shows a tab in dist/ as two columns), and a sixteenth of dist/ less to store.
 */
function indentWithTabs(code) {
  return code.replace(/^((?: {2})+)/gm, spaces => '\t'.repeat(spaces.length / 2))
}

/**
 * ncc's `// CONCATENATED MODULE: ./src/errors.ts` as `// ./src/errors.ts`: the file says where the
 * code comes from, for 21 bytes less a module (about 400 in all).
 */
function shortenMarkers(code) {
  return code.replace(/^(\s*\/\/ )(?:CONCATENATED|EXTERNAL) MODULE: /gm, '$1')
}

/**
 * Each array literal's brackets without terser's spaces inside them, `[a, b]` as the sources
 * (and Prettier) write it, not `[ a, b ]`: a fiftieth of dist/ less to read. Found by acorn, so
 * a `[ ` in a string or a regular expression (`/^[ \t]/`) stays as it is.
 */
function closeUpBrackets(code) {
  const cuts = []
  walk(parse(code), node => {
    if (node.type !== 'ArrayExpression' || !node.elements.length) return
    if (code[node.start + 1] === ' ') cuts.push(node.start + 1)
    if (code[node.end - 2] === ' ') cuts.push(node.end - 2)
  })
  let closed = code
  for (const at of cuts.sort((a, b) => b - a)) closed = closed.slice(0, at) + closed.slice(at + 1)
  return closed
}

/**
 * Each object literal that fits on its line within 100 columns, as Prettier writes the sources,
 * written on that line, `{ kind: "error", error }`, where terser prints every object a property a
 * line: 0.69 KB less to read. Only the whitespace between its tokens (found by acorn) changes, each
 * line break and its indentation to one space; an object that holds a comment or a block (a
 * function's body) keeps its lines, and so does one whose line would grow too long.
 */
function joinShortObjects(code, width = 100) {
  const tokens = []
  const ast = parse(code, { onToken: tokens })
  const objects = []
  const blocks = []
  walk(ast, node => {
    if (node.type === 'ObjectExpression' && code.slice(node.start, node.end).includes('\n')) {
      objects.push(node)
    }
    if (node.type === 'BlockStatement' || node.type === 'ClassBody') blocks.push(node)
  })
  const joins = []
  let joined = { start: 0, end: 0 }
  for (const object of objects.sort((a, b) => a.start - b.start)) {
    if (object.start < joined.end) continue
    if (blocks.some(block => block.start > object.start && block.end < object.end)) continue
    const inside = tokens.filter(token => token.start >= object.start && token.end <= object.end)
    const gaps = inside.slice(1).map((token, index) => code.slice(inside[index].end, token.start))
    if (gaps.some(gap => /\S/.test(gap))) continue
    const text = inside
      .map(
        (token, index) =>
          (index ? gaps[index - 1].replace(/^\s*\n\s*$/, ' ') : '') +
          code.slice(token.start, token.end)
      )
      .join('')
    // The line as it will read: from the start of the first line of any object joined on it.
    let lineStart = code.lastIndexOf('\n', object.start) + 1
    for (const join of [...joins].reverse()) {
      if (join.start < lineStart && lineStart <= join.end) {
        lineStart = code.lastIndexOf('\n', join.start) + 1
      }
    }
    const lineEnd = code.indexOf('\n', object.end)
    const grown = joins
      .filter(join => join.start >= lineStart)
      .reduce((length, join) => length + join.text.length - (join.end - join.start), 0)
    const rest = (lineEnd < 0 ? code.length : lineEnd) - object.end
    const length = object.start - lineStart + grown + text.length + rest
    if (text.includes('\n') || length > width) continue
    joins.push({ start: object.start, end: object.end, text })
    joined = object
  }
  let result = code
  for (const { start, end, text } of joins.reverse()) {
    result = result.slice(0, start) + text + result.slice(end)
  }
  return result
}

/**
 * ncc's marker before an import of another module, when the import's name already says which
 * module it is: `// EXTERNAL MODULE: ./src/transport.ts` above `var transport = require(646)`,
 * `// CONCATENATED MODULE: external "node:util"` above `... = require("node:util")`.
 */
function dropEvidentMarkers(code) {
  const lines = code.split('\n')
  const evident = (marker, next) => {
    const file = /^\s*\/\/ EXTERNAL MODULE: \.\/(?:[\w.-]+\/)*([\w-]+)\.[cm]?[jt]s\b/.exec(
      marker
    )?.[1]
    if (file) {
      const name = /^\s*var (\w+) = __require\(\d+\);$/.exec(next)?.[1]
      const id = file.replaceAll('-', '_')
      return name === id || name === `src_${id}`
    }
    const builtin = /^\s*\/\/ CONCATENATED MODULE: external "([\w:]+)"$/.exec(marker)?.[1]
    return Boolean(builtin && next.endsWith(` = require("${builtin}");`))
  }
  return lines.filter((line, index) => !evident(line, lines[index + 1] ?? '')).join('\n')
}

/**
 * index.js's modules each open with "use strict": one directive for the whole bundle says the
 * same, for every module and for webpack's runtime (as each chunk file already has it once).
 * Only when every module has it, and so does the entry (src/index.cjs, whose code webpack puts
 * after its runtime without the directive), so that no code changes mode.
 */
function hoistStrict(code) {
  const entry = readFileSync(join(ROOT, 'src/index.cjs'), 'utf8')
  if (!/^(?:\/\/.*\n|\s)*'use strict'\n/.test(entry)) return code
  const opening = '(() => {\n'
  const modules = code.match(/^\d+: \(function \([^)]*\) \{\n/gm) ?? []
  const strict = code.match(/^\d+: \(function \([^)]*\) \{\n"use strict";\n/gm) ?? []
  if (!code.startsWith(opening) || !modules.length || strict.length !== modules.length) return code
  const hoisted = code.replace(/^(\d+: \(function \([^)]*\) \{\n)"use strict";\n/gm, '$1')
  return `${opening}  "use strict";\n${hoisted.slice(opening.length)}`
}

/**
 * webpack declares a wrapper for the default export of each CommonJS module a source imports,
 * `var node_fs_default = __require.n(node_fs)`, whether or not anything reads it: each one that
 * nothing reads goes (a name that occurs once in its file is only declared).
 */
const DEFAULT_WRAPPER =
  /^\/\* harmony import \*\/ var ([\w$]+_default) = \/\*#__PURE__\*\/__require\.n\([\w$]+\);\n/gm

function dropUnreadDefaults(code) {
  // Module by module (ncc starts each with `/***/ NNN:`): two modules may declare the same name.
  return code
    .split(/^(?=\/\*{3}\/ \d+:)/m)
    .map(module => {
      const occurrences = name =>
        module.match(new RegExp(`(?<![\\w$])${name.replaceAll('$', '\\$')}(?![\\w$])`, 'g'))?.length
      return module.replace(DEFAULT_WRAPPER, (line, name) => (occurrences(name) === 1 ? '' : line))
    })
    .join('')
}

/**
 * webpack's runtime function `__require.<fn>`, in index.js, as ncc prints it: from its
 * `/* webpack/runtime/... *\/` title to the blank runtime line after it.
 */
const runtimeFunction = (fn, title) =>
  new RegExp(
    `^/\\*{6}/ \\t/\\* webpack/runtime/${title} \\*/\\n(?:/\\*{6}/ \\t.*\\n)*?` +
      `/\\*{6}/ \\t\\t__require\\.${fn} = .*\\n(?:/\\*{6}/ \\t\\t.*\\n)*/\\*{6}/ \\t\\}\\)\\(\\);\\n/\\*{6}/ \\t\\n`,
    'm'
  )

/**
 * webpack's runtime functions once nothing needs them, and each chunk's `exports.id`, which its
 * loader does not read. Chunks share index.js's runtime, so every script counts.
 * - `__require.n`, which makes the wrappers above, and `__require.d`, which defines export getters
 *   (plainExports leaves none), once nothing calls them.
 * - `__require.r`, which marks an ES module's exports with `__esModule` and Symbol.toStringTag for
 *   the interop helpers of CommonJS code that imports it, with its calls, when no script reads
 *   either mark (none bundled here does).
 * - `__require.ab`, where ncc's asset relocator finds files shipped beside the bundle, unread.
 * - the chunk loader's branch for chunks without JS, behind an `if(true)`.
 */
function dropUnneededRuntime(sources) {
  const scripts = () => [...sources.values()]
  /** index.js without `definition`, if nothing else in any script matches `use`. */
  const without = (definition, use) => {
    const index = sources.get('index.js') ?? ''
    if (!definition.test(index)) throw new Error(`index.js: no ${definition} where expected`)
    const dropped = index.replace(definition, '')
    const others = scripts().filter(code => code !== index)
    return [dropped, ...others].some(code => use.test(code)) ? index : dropped
  }
  sources.set(
    'index.js',
    without(runtimeFunction('n', 'compat get default export'), /__require\.n\b/)
  )
  sources.set(
    'index.js',
    without(runtimeFunction('d', 'define property getters'), /__require\.d\b/)
  )
  sources.set('index.js', without(ASSET_BASE, /__require\.ab\b/))
  // Each chunk says its id twice, `exports.id = 361` and `exports.ids = [361]`: the loader reads
  // only `ids`.
  const loader = sources.get('index.js') ?? ''
  if (!/\bchunk\.id\b/.test(loader) && /\bchunkIds = chunk\.ids\b/.test(loader)) {
    for (const [name, code] of sources) sources.set(name, code.replace(CHUNK_ID, ''))
  }
  // The chunk loader's `if(true) { installChunk(...) } else ...`: webpack's test whether chunks
  // hold JS, settled (true) when it wrote it. Only its branch that runs is kept.
  sources.set('index.js', (sources.get('index.js') ?? '').replace(ALL_CHUNKS_HAVE_JS, '$1$2\n'))
  // The chunk loader's call of a chunk's own runtime, `if (runtime) runtime(__require)`, when no
  // chunk exports one (webpack gives a chunk one only for runtime modules of its own).
  const chunks = [...sources].filter(([name]) => name !== 'index.js').map(([, code]) => code)
  if (!chunks.some(code => /\bexports\.runtime\b/.test(code))) {
    sources.set('index.js', (sources.get('index.js') ?? '').replace(CHUNK_RUNTIME, ';\n$1'))
  }
  // The entry's exports object, `var __exports = {}` that becomes module.exports at the end: the
  // entry (src/index.cjs) writes nothing to it, so module.exports stays the empty object Node
  // made, and dist/post.js reads nothing of what it requires.
  sources.set('index.js', (sources.get('index.js') ?? '').replace(ENTRY_EXPORTS, '$1'))
  // webpack's require runs a module in a try whose finally takes it out of the module cache if it
  // throws as it loads, so that the next require runs it again (for hot reloading). A module here
  // only declares its functions and constants as it loads, and a run that fails there has failed:
  // the plain call.
  const retried = sources.get('index.js') ?? ''
  if (!RETRY_AFTER_THROW.test(retried)) throw new Error('index.js: no webpack try around a module')
  sources.set('index.js', retried.replace(RETRY_AFTER_THROW, '$1$2\n'))
  const marked = sources.get('index.js') ?? ''
  const unmarked = without(runtimeFunction('r', 'make namespace object'), /__esModule|toStringTag/)
  if (unmarked !== marked) {
    sources.set('index.js', unmarked)
    for (const [name, code] of sources) sources.set(name, code.replace(NAMESPACE_MARK, ''))
    if (scripts().some(code => /__require\.r\b/.test(code))) {
      throw new Error('__require.r is called in a way the build does not drop')
    }
  }
  return sources
}

// ncc's runtime line for its asset relocator, and each module's call that marks its exports.
const ASSET_BASE =
  /^\/\*{6}\/ \t\/\* webpack\/runtime\/asset-relocator-loader \*\/\n\/\*{6}\/ \tif \(typeof __require !== 'undefined'\) __require\.ab = __dirname \+ "\/";\n\/\*{6}\/ \t\n/m
const NAMESPACE_MARK = /^__require\.r\(__exports\);\n/gm
const CHUNK_ID = /^exports\.id = \d+;\n/m
// From the loader's `runtime = chunk.runtime` to its `if(runtime) runtime(__require)`.
const CHUNK_RUNTIME =
  /, runtime = chunk\.runtime;\n((?:.*\n)*?)\/\*{6}\/ \t+if\(runtime\) runtime\(__require\);\n/m
// The entry's code, after the runtime, between the two lines of its exports; not if it names them.
const ENTRY_EXPORTS =
  /^var __exports = \{\};\n((?:(?!.*\bexports\b).*\n)*)module\.exports = __exports;\n(?=\/\*{6}\/ \}\)\(\)\n;\n?$)/m
const RETRY_AFTER_THROW =
  /^(\/\*{6}\/ \t+)var threw = true;\n\/\*{6}\/ \t+try \{\n\/\*{6}\/ \t+(__modules\[moduleId\]\(module, module\.exports, __require\);)\n\/\*{6}\/ \t+threw = false;\n\/\*{6}\/ \t+\} finally \{\n\/\*{6}\/ \t+if\(threw\) delete __cache\[moduleId\];\n\/\*{6}\/ \t+\}\n/m
const ALL_CHUNKS_HAVE_JS =
  /^(\/\*{6}\/ \t+)if\(true\) \{ \/\/ all chunks have JS\n\/\*{6}\/ \t+(installChunk\(.*\);)\n\/\*{6}\/ \t+\} else installedChunks\[chunkId\] = 1;\n/m

const eagerFunctions = readEagerFunctions()
const printed = file => file.endsWith('.js') && file !== 'post.js'
const sources = new Map()
for (const name of readdirSync(join(ROOT, 'dist')).filter(printed)) {
  const path = join(ROOT, 'dist', name)
  const shortened = shortenRuntimeNames(shortenImportNames(readFileSync(path, 'utf8'), name), name)
  const live = dropDeadModules(dropUnreadDefaults(plainExports(shortened, name))).code
  sources.set(name, shortenBuiltinNames(shareHelpers(live).code))
}
dropUnneededRuntime(sources)
const builtins = builtinModules(sources.get('index.js') ?? '')
for (const [name, source] of sources) {
  const path = join(ROOT, 'dist', name)
  const inPackage = packageLines(source)
  const inRuntime = runtimeLines(source)
  const { code } = await minify(source, {
    compress: false,
    mangle: false,
    module: false,
    format: {
      beautify: true,
      indent_level: 2,
      ascii_only: true,
      shorthand: true,
      comments: (_node, comment) =>
        (comment.type === 'comment1' &&
          !SOURCE_MAP.test(comment.value) &&
          !LINT_DIRECTIVE.test(comment.value) &&
          !inRuntime.has(comment.line) &&
          !WEBPACK_NOISE.test(comment.value) &&
          (!inPackage.has(comment.line) || WEBPACK_MARKER.test(comment.value))) ||
        LICENSE.test(comment.value)
    }
  })
  if (!code) throw new Error(`terser printed nothing for ${name}`)
  let layout = compileModulesEagerly(
    loadChunks(
      dropModuleParameter(requireBuiltinsDirectly(plainImportCalls(code), name, builtins), name),
      name
    ),
    name,
    eagerFunctions
  )
  // Each step moves layout only, and is checked to leave the code as it was: spaces inside a
  // template literal that spans lines are part of a string, and then dedenting or tabs fail.
  for (const [what, step, compare = canonical] of [
    ['dedenting its modules', code => alignAfterComments(dedentModules(code, depth(name)))],
    ["leaving ncc's markers out", dropEvidentMarkers],
    [
      'saying "use strict" once',
      code => (name === 'index.js' ? hoistStrict(code) : code),
      undirected
    ],
    ['closing up array brackets', closeUpBrackets],
    ['writing short objects on one line', joinShortObjects],
    ["ending statements at their lines' ends without semicolons", dropSemicolons],
    ['indenting with tabs', indentWithTabs],
    ["naming each module by its file alone in ncc's markers", shortenMarkers]
  ]) {
    const next = step(layout)
    if ((await compare(next)) !== (await compare(layout))) {
      throw new Error(`${what} would change the code of ${name}`)
    }
    layout = next
  }
  // One line break at the end: a chunk's last module ended in blank lines.
  writeFileSync(path, `${layout.trimEnd()}\n${name === 'index.js' ? INDEX_TRAILER : ''}`)
}
