// `npm run bundle`: dist/ from a clean slate, so no chunk of an earlier build lingers. ncc
// bundles src/index.cjs as CommonJS (see there why) into dist/index.cjs and chunks
// NNN.index.cjs.js; the entry becomes dist/index.js, as action.yml names it, and
// dist/package.json makes dist/ CommonJS, the root package.json's "type": "module"
// notwithstanding. In dist/index.js, core's summary.js gets fs's callback API in place of
// fs.promises (replaceFsPromises, below, says why). Then dist/licenses.txt from the modules ncc
// reports (scripts/licenses.mjs says why not ncc's --license).
//
// Last, each script is re-printed by terser with nothing renamed, nothing compressed, and every
// `//` comment kept: only block comments go (JSDoc, webpack's `/* harmony */` annotations),
// license notices excepted. What a reviewer reads stays the sources' code with the sources'
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
replaceFsPromises(join(ROOT, 'dist/index.js'))
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
      comments: (_node, comment) => comment.type === 'comment1' || LICENSE.test(comment.value)
    }
  })
  if (!code) throw new Error(`terser printed nothing for ${name}`)
  writeFileSync(path, `${code}\n`)
}

/**
 * `@actions/core`'s summary.js takes `access`, `appendFile` and `writeFile` from `fs.promises` as
 * it is imported. Reading `fs.promises` makes Node load its promises API (internal/fs/promises,
 * and with it readline, fs watchers and the REPL history): on Node 24 about 3.5 ms and 1 MiB of
 * every run, summary or not. The bundle takes the same three functions from fs's callback API
 * through util.promisify instead: the same calls, arguments, results and errors, without that
 * module. __tests__/startup.test.ts checks a run of dist/ never loads it; should core stop
 * reading `fs.promises` this way, the build fails here so this step can go.
 */
function replaceFsPromises(path) {
  const code = readFileSync(path, 'utf8')
  const taken = /^( *)const \{ ?([\w, ]+?) ?\} = (external_fs_\w*)\.promises;$/gm
  const matches = [...code.matchAll(taken)]
  if (matches.length !== 1) {
    throw new Error(
      `bundle: expected one \`const { ... } = fs.promises\` (core's summary.js), found ${matches.length}; update replaceFsPromises in scripts/bundle.mjs`
    )
  }
  const [statement, indent, names, fs] = matches[0]
  const replacement = [
    `${indent}// scripts/bundle.mjs: fs's callback API, promisified, in place of fs.promises (see there why).`,
    ...names
      .split(',')
      .map(name => name.trim())
      .map(name => `${indent}const ${name} = require("node:util").promisify(${fs}.${name});`)
  ].join('\n')
  writeFileSync(path, code.replace(statement, replacement))
}
