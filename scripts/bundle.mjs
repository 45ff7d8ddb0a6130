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
// is put in parentheses, V8's cue to compile it in one pass, and so are the functions of
// index.js that scripts/eager-functions.json lists (scripts/compile-eagerly.mjs says why).
// What a reviewer reads stays the sources' code with the sources' names, the inline comments
// that say why, and ncc's `// CONCATENATED MODULE: <file>` markers, at about a quarter less to
// read; __tests__/bundle.test.ts holds dist/ to 200 KB.
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
import { compileModulesEagerly } from './compile-eagerly.mjs'
import { readEagerFunctions } from './eager-functions.mjs'

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
// The packages' `//# sourceMappingURL=` lines name maps that dist/ does not ship, and Node acts on
// the last one V8 finds in a script at every start.
const SOURCE_MAP = /^[#@] sourceMappingURL=/
const eagerFunctions = readEagerFunctions()
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
      comments: (_node, comment) =>
        (comment.type === 'comment1' && !SOURCE_MAP.test(comment.value)) ||
        LICENSE.test(comment.value)
    }
  })
  if (!code) throw new Error(`terser printed nothing for ${name}`)
  writeFileSync(path, `${compileModulesEagerly(code, name, eagerFunctions)}\n`)
}
