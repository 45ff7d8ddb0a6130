// `npm run lint` part two: action.yml, the workflows, dependabot.yml and the docs' examples
// (see scripts/workflow-checks.mjs). `node scripts/lint-workflows.mjs [DIR]` checks another tree.
import { register } from 'node:module'

// @actions/workflow-parser imports its JSON schemas without `with { type: 'json' }`, which
// bundlers accept and Node does not: add the attribute for it.
const JSON_HOOK = `export async function load(url, context, next) {
  if (url.endsWith('.json') && !context.importAttributes?.type) {
    return next(url, { ...context, importAttributes: { ...context.importAttributes, type: 'json' } })
  }
  return next(url, context)
}`
register(`data:text/javascript,${encodeURIComponent(JSON_HOOK)}`)
const { lintRepository } = await import('./workflow-checks.mjs')

const problems = await lintRepository(process.argv[2])
for (const problem of problems) console.error(problem)
if (problems.length) {
  console.error(`${problems.length} problem(s) in action.yml, workflows or examples.`)
  process.exit(1)
}
console.log('action.yml, workflows, dependabot.yml and the docs examples are valid.')
