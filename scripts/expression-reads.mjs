// What a workflow's expressions read of its own steps and jobs: every `steps.<id>` must name a step
// with that id earlier in the same job (a job's `outputs:` may name any of its steps), and every
// `needs.<job>` a job the reading job lists in its `needs:`. GitHub finds neither when it loads
// the workflow: a misspelt id reads as '' when the step runs, and a condition on it is false.
// Only YAML here (no workflow parser), so the docs' tests can import it; run by `npm run lint`
// through scripts/workflow-checks.mjs.
import { isMap, isScalar, isSeq, parseDocument, visit } from 'yaml'

/** The line of `text` that `offset` is on, 1 for the first. */
export const lineAt = (text, offset) => text.slice(0, offset).split('\n').length

const keyOf = pair => String(isScalar(pair.key) ? pair.key.value : pair.key)

/** Each `${{ }}` in raw text, as its offset and the expression inside. */
function expressions(raw) {
  return [...raw.matchAll(/\$\{\{([\s\S]*?)\}\}/g)].map(match => ({
    offset: (match.index ?? 0) + 3,
    expression: match[1] ?? ''
  }))
}

/**
 * `<context>.<name>` (or `<context>['<name>']`) read in expressions of a node's raw text: in
 * `${{ }}`, or in all of it for an `if:` (a condition is an expression without the marks), each
 * with its offset in `text`.
 */
function reads(context, node, text, { bare = false } = {}) {
  if (!node?.range) return []
  const [start, end] = node.range
  const raw = text.slice(start, end)
  // A quoted if: is read inside its quotes.
  const quote = /^['"]/.test(raw) ? 1 : 0
  const parts =
    bare && !raw.includes('${{')
      ? [{ offset: quote, expression: raw.slice(quote) }]
      : expressions(raw)
  // Not a name's tail (`x.steps`, `my-steps`), nor in an expression's string ('steps.x'); as
  // `steps.<id>` or as `steps['<id>']` (a string in an expression is in single quotes).
  const pattern = new RegExp(
    `(?<![\\w.'-])${context}(?:\\.([A-Za-z_][\\w-]*)|\\[\\s*'([^']*)'\\s*\\])`,
    'g'
  )
  return parts.flatMap(({ offset, expression }) =>
    [...expression.matchAll(pattern)].map(match => ({
      name: match[1] ?? match[2] ?? '',
      offset: start + offset + (match.index ?? 0)
    }))
  )
}

/** Every scalar under a node, so every value a step or job gives (keys hold no `${{ }}`). */
function scalarsOf(node) {
  if (!node) return []
  if (isScalar(node)) return [node]
  const found = []
  visit(node, { Scalar: (_, scalar) => void found.push(scalar) })
  return found
}

/**
 * The jobs of a parsed block: each job of `jobs:`, or the block itself as one job when it is a
 * list of steps or a job's keys (`steps:`), named by `name` then.
 */
function jobsOf(document) {
  const contents = document.contents
  if (isMap(contents) && isMap(contents.get('jobs', true))) {
    return contents.get('jobs', true).items.map(pair => ({ name: keyOf(pair), job: pair.value }))
  }
  if (isSeq(contents)) return [{ name: undefined, steps: contents }]
  if (isMap(contents) && isSeq(contents.get('steps', true))) {
    return [{ name: undefined, job: contents }]
  }
  return []
}

/**
 * `steps.<id>` that no earlier step of the same job has as its `id:` (any step of the job, for its
 * `outputs:`), in a workflow or a fragment of one, as `(Line: n)` errors; `firstLine` is the line
 * `text` starts on. Names compare as expressions compare them, in any case.
 */
export function unknownStepReads(text, firstLine = 1) {
  const document = parseDocument(text)
  if (document.errors.length) return []
  const errors = []
  const at = (offset, name, id, where) =>
    errors.push(
      `(Line: ${firstLine + lineAt(text, offset) - 1}) ${name === undefined ? 'the steps read' : `job '${name}' reads`} steps.${id}, but no step ${where} has id: ${id}`
    )
  for (const { name, job, steps = isMap(job) ? job.get('steps', true) : undefined } of jobsOf(
    document
  )) {
    if (!isSeq(steps)) continue
    const ids = steps.items.map(step =>
      isMap(step) && step.get('id') != null ? String(step.get('id')).toLowerCase() : undefined
    )
    steps.items.forEach((step, index) => {
      if (!isMap(step)) return
      const before = new Set(ids.slice(0, index))
      const found = step.items.flatMap(pair =>
        keyOf(pair) === 'if'
          ? reads('steps', pair.value, text, { bare: true })
          : scalarsOf(pair.value).flatMap(scalar => reads('steps', scalar, text))
      )
      for (const read of found) {
        if (!before.has(read.name.toLowerCase())) at(read.offset, name, read.name, 'before it')
      }
    })
    const outputs = isMap(job) ? job.get('outputs', true) : undefined
    const all = new Set(ids)
    for (const read of scalarsOf(outputs).flatMap(scalar => reads('steps', scalar, text))) {
      if (!all.has(read.name.toLowerCase())) at(read.offset, name, read.name, 'of the job')
    }
  }
  return errors
}

/**
 * `needs.<job>` read in a job that does not list `<job>` in its `needs:`, as `(Line: n)` errors;
 * only in a block with `jobs:`, where each job's `needs:` is there to see.
 */
export function unknownNeedsReads(text, firstLine = 1) {
  const document = parseDocument(text)
  if (document.errors.length) return []
  const contents = document.contents
  const jobs = isMap(contents) ? contents.get('jobs', true) : undefined
  if (!isMap(jobs)) return []
  const errors = []
  for (const pair of jobs.items) {
    const job = pair.value
    if (!isMap(job)) continue
    const needs = job.get('needs', true)
    const listed = new Set(
      (isSeq(needs) ? needs.items : needs ? [needs] : [])
        .filter(isScalar)
        .map(item => String(item.value).toLowerCase())
    )
    const found = job.items
      .filter(item => keyOf(item) !== 'needs')
      .flatMap(item =>
        keyOf(item) === 'if'
          ? reads('needs', item.value, text, { bare: true })
          : scalarsOf(item.value).flatMap(scalar => reads('needs', scalar, text))
      )
    for (const read of found) {
      if (listed.has(read.name.toLowerCase())) continue
      errors.push(
        `(Line: ${firstLine + lineAt(text, read.offset) - 1}) job '${keyOf(pair)}' reads needs.${read.name}, but its needs: does not list ${read.name}`
      )
    }
  }
  return errors
}
