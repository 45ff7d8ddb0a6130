// The README's inputs and outputs tables, generated from action.yml so they cannot drift.
// `npm run docs` rewrites them between their markers; `node scripts/docs.mjs --check` (which
// writes nothing) and `__tests__/docs.test.ts` fail, row by row, when they differ. Markdown in
// table cells is escaped on the way in and unescaped on the way out, so a description compares as
// the exact text in action.yml. `npm run docs` also copies the workflows' pins of third-party
// actions into README.md and docs/ (scripts/pins.mjs), which Dependabot never updates there.
import { readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { parse } from 'yaml'
import { markdownFiles, repositoryPins, withWorkflowPins } from './pins.mjs'

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..')
export const README = join(ROOT, 'README.md')
export const ACTION_YML = join(ROOT, 'action.yml')
const FIX = 'run `npm run docs` to regenerate the tables from action.yml'

/** @typedef {{ name: string, required: string, default: string, description: string }} InputRow */
/** @typedef {{ name: string, description: string }} OutputRow */

export const TABLES = /** @type {const} */ ({
  inputs: { columns: ['input', 'required', 'default', 'description'], key: 'name' },
  outputs: { columns: ['output', 'description'], key: 'name' }
})

/** A description as a table cell holds it: a block scalar's line breaks and runs of spaces as one. */
const oneLine = text => text.trim().replace(/\s+/g, ' ')

/** The rows action.yml defines, in its order. */
export function actionRows(actionYml) {
  const action = parse(actionYml) ?? {}
  const text = value => (value === undefined || value === null ? '' : String(value))
  return {
    inputs: Object.entries(action.inputs ?? {}).map(([name, input]) => ({
      name,
      required: input?.required === true || input?.required === 'true' ? 'yes' : 'no',
      // A default of '' shows as `''`, so that it differs from none (a blank cell).
      default: input?.default === undefined ? '' : text(input.default) || "''",
      description: oneLine(text(input?.description))
    })),
    outputs: Object.entries(action.outputs ?? {}).map(([name, output]) => ({
      name,
      description: oneLine(text(output?.description))
    }))
  }
}

// Characters that would change a table cell's meaning in GitHub Markdown: the cell separator,
// HTML (`<token>` would vanish), emphasis, links and code spans.
const SPECIAL = /[\\|<>*[\]`]|(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])/g
const escape = text => text.replace(/\r?\n/g, ' ').replace(SPECIAL, char => `\\${char}`)
const unescape = text => text.replace(/\\([!-/:-@[-`{-~])/g, '$1')

const code = text => (text === '' ? '' : `\`${text.replace(/\|/g, '\\|')}\``)

function cells(kind, row) {
  if (kind === 'outputs') return [code(row.name), escape(row.description)]
  const defaultCell = row.default === '' ? '' : code(row.default)
  return [code(row.name), row.required, defaultCell, escape(row.description)]
}

/** A table as Markdown (Prettier aligns its columns afterwards). */
export function renderTable(kind, rows) {
  const line = values => `| ${values.join(' | ')} |`
  const { columns } = TABLES[kind]
  return [line(columns), line(columns.map(() => '---')), ...rows.map(row => line(cells(kind, row)))]
    .join('\n')
    .concat('\n')
}

const markers = kind => [`<!-- ${kind}:start -->`, `<!-- ${kind}:end -->`]

/** The text between a table's markers, or an explanation of why it cannot be found. */
function section(readme, kind) {
  const [start, end] = markers(kind)
  const from = readme.indexOf(start)
  const to = readme.indexOf(end)
  if (from < 0 || to < from) {
    return { error: `README.md has no ${start} ... ${end} block; add one where the table belongs` }
  }
  return { from: from + start.length, to }
}

const splitRow = line =>
  line
    .trim()
    .replace(/^\||\|$/g, '')
    .split(/(?<!\\)\|/)
    .map(cell => cell.trim())

const uncode = cell => {
  const inner = /^`(.*)`$/.exec(cell)?.[1]
  return inner === undefined ? unescape(cell) : inner.replace(/\\\|/g, '|')
}

/** The rows of a README table, parsed back to plain text. */
export function readmeRows(readme, kind) {
  const where = section(readme, kind)
  if (where.error) return { error: where.error }
  const lines = readme
    .slice(where.from, where.to)
    .split('\n')
    .filter(line => line.trim().startsWith('|'))
  const [header, , ...body] = lines.map(splitRow)
  const rows = body.map(values => {
    if (kind === 'outputs') {
      const [name = '', description = ''] = values
      return { name: uncode(name), description: unescape(description) }
    }
    const [name = '', required = '', defaultCell = '', description = ''] = values
    return {
      name: uncode(name),
      required,
      default: uncode(defaultCell),
      description: unescape(description)
    }
  })
  return { header: header ?? [], rows }
}

/**
 * Every difference between the README's tables and action.yml, one line each, saying which row
 * differs and how. Empty when they match.
 */
export function docsDrift(readme, actionYml) {
  const expected = actionRows(actionYml)
  const problems = []
  for (const kind of /** @type {const} */ (['inputs', 'outputs'])) {
    const before = problems.length
    const found = readmeRows(readme, kind)
    if (found.error) {
      problems.push(found.error)
      continue
    }
    const { columns } = TABLES[kind]
    if (found.header.join('|') !== columns.join('|')) {
      problems.push(
        `README ${kind} table: columns are ${found.header.join(', ')}; expected ${columns.join(', ')}; ${FIX}`
      )
      continue
    }
    const label = kind.slice(0, -1)
    const readmeNames = found.rows.map(row => row.name)
    const actionNames = expected[kind].map(row => row.name)
    for (const name of actionNames.filter(name => !readmeNames.includes(name))) {
      problems.push(`README ${kind} table: no row for ${label} '${name}' of action.yml; ${FIX}`)
    }
    for (const name of readmeNames.filter(name => !actionNames.includes(name))) {
      problems.push(
        `README ${kind} table: row '${name}' is not an ${label} in action.yml; remove it or add the ${label} to action.yml`
      )
    }
    for (const row of found.rows) {
      const want = expected[kind].find(candidate => candidate.name === row.name)
      if (!want) continue
      for (const field of Object.keys(want).filter(field => field !== 'name')) {
        const have = row[field]
        if (have === want[field]) continue
        problems.push(
          `README ${kind} table, row '${row.name}': ${field} is ${JSON.stringify(have)} but action.yml has ${JSON.stringify(want[field])}; ${FIX}`
        )
      }
    }
    const common = actionNames.filter(name => readmeNames.includes(name))
    const readmeOrder = readmeNames.filter(name => actionNames.includes(name))
    if (problems.length === before && common.join() !== readmeOrder.join()) {
      problems.push(
        `README ${kind} table: rows are in the order ${readmeOrder.join(', ')}; action.yml has ${common.join(', ')}; ${FIX}`
      )
    }
  }
  return problems
}

/** The README with both tables regenerated from action.yml (not yet formatted). */
export function regenerate(readme, actionYml) {
  const rows = actionRows(actionYml)
  let result = readme
  for (const kind of /** @type {const} */ (['inputs', 'outputs'])) {
    const where = section(result, kind)
    if (where.error) throw new Error(where.error)
    const table = renderTable(kind, rows[kind])
    result = `${result.slice(0, where.from)}\n\n${table}\n${result.slice(where.to)}`
  }
  return result
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  // `--check` writes nothing: it fails when the tables are not what `npm run docs` would write.
  const args = process.argv.slice(2)
  const unknown = args.find(arg => arg !== '--check')
  if (unknown !== undefined) {
    console.error(
      `unknown argument ${JSON.stringify(unknown)}: run \`npm run docs\` to regenerate the tables, or add --check to only check them`
    )
    process.exit(2)
  }
  const check = args.includes('--check')
  const { format, resolveConfig } = await import('prettier')
  const actionYml = readFileSync(ACTION_YML, 'utf8')
  const readme = readFileSync(README, 'utf8')
  const options = { ...(await resolveConfig(README)), filepath: README }
  const updated = await format(regenerate(readme, actionYml), options)
  const problems = docsDrift(check ? readme : updated, actionYml)
  if (check && !problems.length && updated !== readme) {
    problems.push(`README.md tables match action.yml but are not laid out as generated; ${FIX}`)
  }
  if (problems.length) {
    for (const problem of problems) console.error(problem)
    process.exit(1)
  }
  if (updated === readme) console.log('README.md tables already match action.yml.')
  else {
    writeFileSync(README, updated)
    console.log('README.md tables regenerated from action.yml.')
  }
  if (!check) {
    // Dependabot moves the workflows' pins of third-party actions, never the docs' copies of them.
    const pins = repositoryPins(ROOT)
    for (const path of ['README.md', ...markdownFiles(ROOT, 'docs')]) {
      const text = readFileSync(join(ROOT, path), 'utf8')
      const pinned = withWorkflowPins(text, pins)
      if (pinned === text) continue
      writeFileSync(join(ROOT, path), pinned)
      console.log(`${path}: third-party actions pinned as .github/workflows/ pin them.`)
    }
  }
}
