// Writes dist/licenses.txt: the license of every package bundled into dist/, in any chunk.
// ncc's own --license option lists only the packages of one chunk once the bundle is split into
// chunks (features loaded with a dynamic import()), and so dropped @actions/core's notice.
// Usage: node scripts/licenses.mjs <ncc --stats-out file> <licenses file>
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'

const [statsFile, outFile] = process.argv.slice(2)
const ROOT = resolve(import.meta.dirname, '..')
const stats = JSON.parse(readFileSync(statsFile, 'utf8'))

const packages = new Set()
const visit = module => {
  const name = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(module.name ?? '')?.[1]
  if (name) packages.add(name)
  for (const inner of module.modules ?? []) visit(inner)
}
for (const module of stats.modules ?? []) visit(module)
if (packages.size === 0) throw new Error(`${statsFile} names no bundled package`)

const entries = [...packages].sort().map(name => {
  const dir = join(ROOT, 'node_modules', name)
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'))
  const licenseFile = readdirSync(dir).find(file => /^(licen[cs]e|copying)(\.|$)/i.test(file))
  const text = licenseFile ? readFileSync(join(dir, licenseFile), 'utf8').trim() : ''
  return `${name}\n${manifest.license ?? 'UNKNOWN'}\n${text}\n`
})
writeFileSync(outFile, entries.join('\n'))
if (!existsSync(outFile)) throw new Error(`could not write ${outFile}`)
