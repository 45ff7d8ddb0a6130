// `npm run bundle`: dist/ from a clean slate, so no chunk of an earlier build lingers. ncc
// bundles src/index.cjs as CommonJS (see there why) into dist/index.cjs and chunks
// NNN.index.cjs.js; the entry becomes dist/index.js, as action.yml names it, and
// dist/package.json makes dist/ CommonJS, the root package.json's "type": "module"
// notwithstanding. Then dist/licenses.txt from the modules ncc reports (scripts/licenses.mjs
// says why not ncc's --license).
import { execFileSync } from 'node:child_process'
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'

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
writeFileSync(join(ROOT, 'dist/package.json'), '{"type":"commonjs"}\n')
execFileSync(
  process.execPath,
  [join(ROOT, 'scripts/licenses.mjs'), STATS, join(ROOT, 'dist/licenses.txt')],
  {
    stdio: 'inherit'
  }
)
