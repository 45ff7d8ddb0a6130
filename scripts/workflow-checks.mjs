// Checks of action.yml and the workflows against GitHub's own schemas (@actions/workflow-parser,
// the parser behind GitHub's Actions editor support), so a broken workflow fails in `npm run lint`
// and not on GitHub. Also: third-party actions pinned to a full commit SHA with the version in a
// comment; dependabot.yml's shape; and the workflows in docs/ and the README, which must parse and
// give this action only inputs that action.yml defines and read only its outputs. Every workflow
// is also converted as GitHub loads it (unknown needs:, duplicate step ids), must give this action
// (uses: ./) only the inputs action.yml defines, read only the job outputs it declares, and grant
// id-token: write where it gives this action github-oidc. Every workflow and example may read only
// steps.<id> of an earlier step of its job and needs.<job> of a job in its needs:
// (scripts/expression-reads.mjs). A third-party action in README.md or docs/**/*.md has the pin
// (SHA and # vX) the workflows give it. Run by scripts/lint-workflows.mjs.
import { Lexer, Parser } from '@actions/expressions'
import { NoOperationTraceWriter, parseWorkflow } from '@actions/workflow-parser'
import { parseAction } from '@actions/workflow-parser/actions/index'
import { ErrorPolicy, convertWorkflowTemplate } from '@actions/workflow-parser/model/convert'
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { isMap, isScalar, parse, parseAllDocuments, parseDocument, visit } from 'yaml'
import { lineAt, unknownNeedsReads, unknownStepReads } from './expression-reads.mjs'
import { markdownFiles, otherPins, workflowPins } from './pins.mjs'

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..')

/**
 * How this action is named in the docs' examples, and in its own workflows: under any owner, so
 * the examples are still checked once `your-org` is replaced by the real one.
 */
const THIS_ACTION = /^(?:\.\/?|[\w.-]+\/oauth2-token-action@(?:v\d+|[0-9a-f]{40}))$/
/** This action under any ref: the examples name its major version tag, or a release's SHA. */
const THIS_ACTION_ANY_REF = /^[\w.-]+\/oauth2-token-action@/
const PINNED = /^[\w.-]+\/[\w./-]+@[0-9a-f]{40}$/

const schemaErrors = result =>
  result.context.errors.getErrors().map(error => error.message.replace(/^.*?\(Line/, '(Line'))

/** Errors of an action.yml, as `(Line: n, Col: m): message`. */
export function lintAction(text, name = 'action.yml') {
  return schemaErrors(parseAction({ name, content: text }, new NoOperationTraceWriter()))
}

// What a `pre-if` or `post-if` may name: GitHub's status functions and hashFiles, and any of its
// contexts (which of them a condition may read is GitHub's to say; this checks the syntax).
const RUNS_IF_FUNCTIONS = [
  ...['success', 'failure', 'always', 'cancelled'].map(name => ({ name, minArgs: 0, maxArgs: 0 })),
  { name: 'hashFiles', minArgs: 1, maxArgs: 255 }
]
const RUNS_IF_CONTEXTS = [
  'github',
  'env',
  'vars',
  'job',
  'jobs',
  'steps',
  'runner',
  'secrets',
  'strategy',
  'matrix',
  'needs',
  'inputs'
]

/**
 * What the schema does not check in action.yml's `runs`: that `main`, `pre` and `post` name files
 * of the repository (`root`), and that `pre-if` and `post-if` are expressions that parse.
 */
export function actionRunsErrors(text, root) {
  const runs = parse(text)?.runs ?? {}
  const errors = []
  for (const key of ['main', 'pre', 'post']) {
    const file = runs[key]
    if (
      typeof file === 'string' &&
      !statSync(join(root, file), { throwIfNoEntry: false })?.isFile()
    ) {
      errors.push(`runs.${key}: ${file} is not a file (build it with npm run bundle?)`)
    }
  }
  for (const key of ['pre-if', 'post-if']) {
    const condition = runs[key]
    if (typeof condition !== 'string') continue
    const expression = condition.replace(/^\s*\$\{\{([\s\S]*)\}\}\s*$/, '$1')
    try {
      const lexed = new Lexer(expression).lex()
      new Parser(lexed.tokens, RUNS_IF_CONTEXTS, RUNS_IF_FUNCTIONS).parse()
    } catch (error) {
      errors.push(`runs.${key}: '${condition}' is not a valid expression: ${error.message}`)
    }
  }
  return errors
}

/**
 * Errors of a workflow file: the schema, expressions, what GitHub checks when it converts the
 * workflow to run it (needs: naming unknown jobs, step ids used twice in a job, ...), and
 * pinning of third-party actions.
 */
export async function lintWorkflow(text, name = 'workflow.yml', { requirePins = true } = {}) {
  const result = parseWorkflow({ name, content: text }, new NoOperationTraceWriter())
  // The conversion adds its errors to the parse's; TryConversion converts in spite of schema
  // errors, as GitHub's editor support does, so both kinds are reported in one run. Reusable
  // workflows are not fetched (no file provider).
  if (result.value) {
    await convertWorkflowTemplate(result.context, result.value, undefined, {
      errorPolicy: ErrorPolicy.TryConversion
    })
  }
  const errors = [...new Set(schemaErrors(result))]
  if (requirePins) errors.push(...unpinned(text))
  return errors
}

/** `uses:` lines of third-party actions without a full commit SHA and a `# vX` comment. */
export function unpinned(text) {
  const errors = []
  text.split('\n').forEach((line, index) => {
    const match = /^\s*(?:-\s+)?uses:\s*['"]?([^'"\s#]+)['"]?\s*(?:#\s*(.*))?$/.exec(line)
    if (!match) return
    const [, uses = '', comment = ''] = match
    if (uses.startsWith('./') || uses === '.' || uses.startsWith('docker://')) return
    if (!PINNED.test(uses)) {
      errors.push(`(Line: ${index + 1}): ${uses} is not pinned to a full commit SHA`)
    } else if (!/^v\d+(\.\d+){0,2}\b/.test(comment)) {
      errors.push(`(Line: ${index + 1}): ${uses} needs its version in a comment, e.g. # v1.2.3`)
    }
  })
  return errors
}

/** Errors of .github/dependabot.yml: the shape GitHub requires, which no schema here covers. */
export function lintDependabot(text) {
  const config = parse(text) ?? {}
  const errors = []
  if (config.version !== 2) errors.push('version must be 2')
  if (!Array.isArray(config.updates) || config.updates.length === 0) {
    return [...errors, 'updates must list at least one ecosystem']
  }
  config.updates.forEach((update, index) => {
    const where = `updates[${index}]`
    for (const key of ['package-ecosystem', 'directory']) {
      if (typeof update?.[key] !== 'string') errors.push(`${where}: ${key} is required`)
    }
    const interval = update?.schedule?.interval
    if (
      !['daily', 'weekly', 'monthly', 'quarterly', 'semiannually', 'yearly', 'cron'].includes(
        interval
      )
    ) {
      errors.push(
        `${where}: schedule.interval must be daily, weekly, monthly, ...; got ${interval}`
      )
    }
  })
  return errors
}

/** The fenced ```yaml blocks of a Markdown file, with the line each starts on. */
export function yamlBlocks(markdown) {
  const blocks = []
  const pattern = /^```ya?ml\n([\s\S]*?)^```$/gm
  for (const match of markdown.matchAll(pattern)) {
    const line = markdown.slice(0, match.index).split('\n').length + 1
    blocks.push({ line, text: match[1] ?? '' })
  }
  return blocks
}

/** The `with:` blocks given to this action anywhere in a parsed YAML value. */
function actionSteps(value, found = []) {
  if (Array.isArray(value)) value.forEach(item => actionSteps(item, found))
  else if (value && typeof value === 'object') {
    if (typeof value.uses === 'string' && THIS_ACTION.test(value.uses)) found.push(value)
    Object.values(value).forEach(item => actionSteps(item, found))
  }
  return found
}

/**
 * Inputs given to this action (`with:` of a step using it) in a parsed YAML document that are not
 * in `inputs`, each with its message and the offset of its key in the document's text.
 */
export function unknownInputs(document, inputs) {
  const found = []
  visit(document, {
    Map(_, map) {
      const uses = map.get('uses')
      const given = map.get('with', true)
      if (typeof uses !== 'string' || !THIS_ACTION.test(uses) || !isMap(given)) return
      for (const { key } of given.items) {
        const name = String(isScalar(key) ? key.value : key)
        if (inputs.includes(name)) continue
        const message = `'${name}' is not an input of this action (see action.yml)`
        found.push({ message, offset: key?.range?.[0] ?? 0 })
      }
    }
  })
  return found
}

/**
 * `steps.<id>.outputs.<name>` in `text` that name an output this action does not have, where
 * `<id>` is the id of a step of the same job using this action (a fragment, a list of steps, is
 * one job), as `(Line: n)` errors; `firstLine` is the line `text` starts on.
 */
export function unknownOutputs(text, outputs, firstLine = 1) {
  const document = parseDocument(text)
  const jobs = document.get('jobs', true)
  // Each job's value and where it stands in `text`.
  const scopes = isMap(jobs)
    ? jobs.items.map(pair => ({
        value: pair.value?.toJS(document),
        range: pair.value?.range ?? [0, 0]
      }))
    : [{ value: document.toJS(), range: [0, text.length] }]
  const errors = []
  for (const { value, range } of scopes) {
    const ids = new Set(
      actionSteps(value)
        .map(step => step.id)
        .filter(Boolean)
    )
    const [start, end] = range
    for (const match of text.slice(start, end).matchAll(/\bsteps\.([\w-]+)\.outputs\.([\w-]+)/g)) {
      const [, id, name] = match
      if (ids.has(id) && !outputs.includes(name)) {
        const line = firstLine + text.slice(0, start + match.index).split('\n').length - 1
        errors.push(`(Line: ${line}) '${name}' is not an output of this action (see action.yml)`)
      }
    }
  }
  return errors
}

/**
 * `needs.<job>.outputs.<name>` in `text` where `<job>` is a job of the same workflow that has no
 * such output, as `(Line: n)` errors; a job the text does not define (a fragment) is not checked.
 */
export function unknownJobOutputs(text, firstLine = 1) {
  const jobs = parse(text)?.jobs
  if (!jobs || typeof jobs !== 'object') return []
  // Names in expressions are case-insensitive; a job calling a reusable workflow (uses:) has the
  // outputs of that workflow, which are not here.
  const declared = new Map(
    Object.entries(jobs)
      .filter(([, job]) => !job?.uses)
      .map(([id, job]) => [
        id.toLowerCase(),
        Object.keys(job?.outputs ?? {}).map(name => name.toLowerCase())
      ])
  )
  const errors = []
  for (const match of text.matchAll(/\bneeds\.([\w-]+)\.outputs\.([\w-]+)/g)) {
    const [, job = '', name = ''] = match
    const outputs = declared.get(job.toLowerCase())
    if (!outputs || outputs.includes(name.toLowerCase())) continue
    const line = firstLine + text.slice(0, match.index).split('\n').length - 1
    errors.push(`(Line: ${line}) job '${job}' has no output '${name}' (see its outputs:)`)
  }
  return errors
}

/**
 * An event filtered by both `branches` and `branches-ignore` (or tags, or paths), which GitHub
 * refuses when the workflow runs and the workflow parser accepts.
 */
export function conflictingFilters(text) {
  const on = parseDocument(text).get('on', true)
  if (!isMap(on)) return []
  const errors = []
  for (const { key, value } of on.items) {
    if (!isMap(value)) continue
    const names = value.items.map(item => String(item.key?.value ?? item.key))
    for (const filter of ['branches', 'tags', 'paths']) {
      if (!names.includes(filter) || !names.includes(`${filter}-ignore`)) continue
      const second = value.items.find(item => String(item.key?.value) === `${filter}-ignore`)
      errors.push(
        `(Line: ${lineAt(text, second.key.range[0])}) on.${key}: ${filter} and ${filter}-ignore cannot filter the same event; keep one (a ! pattern in ${filter} excludes)`
      )
    }
  }
  return errors
}

/**
 * Jobs of a workflow value whose steps give this action github-oidc without the job (or the
 * workflow) granting `id-token: write`, which GitHub needs to issue the job's ID token.
 */
export function missingIdTokenPermission(value) {
  const jobs = value?.jobs
  if (!jobs || typeof jobs !== 'object') return []
  // A reusable workflow gets its permissions from the caller.
  const on = value.on
  const triggers = typeof on === 'string' ? [on] : Array.isArray(on) ? on : Object.keys(on ?? {})
  if (triggers.includes('workflow_call')) return []
  const grants = permissions => permissions === 'write-all' || permissions?.['id-token'] === 'write'
  const errors = []
  for (const [id, job] of Object.entries(jobs)) {
    const oidc = actionSteps(job).some(step =>
      ['client-auth', 'subject-token', 'assertion'].some(
        name => String(step.with?.[name] ?? '').toLowerCase() === 'github-oidc'
      )
    )
    const granted =
      job?.permissions === undefined ? grants(value.permissions) : grants(job.permissions)
    if (oidc && !granted) {
      errors.push(`job '${id}' gives this action github-oidc without permissions: id-token: write`)
    }
  }
  return errors
}

/** Steps naming this action by a ref other than its major version tag (@v1), which users pin. */
function otherRefs(value) {
  const found = []
  const visit = item => {
    if (Array.isArray(item)) item.forEach(visit)
    else if (item && typeof item === 'object') {
      if (typeof item.uses === 'string' && THIS_ACTION_ANY_REF.test(item.uses)) {
        if (!THIS_ACTION.test(item.uses))
          found.push(`uses ${item.uses}: name the major version tag, e.g. @v1`)
      }
      Object.values(item).forEach(visit)
    }
  }
  visit(value)
  return found
}

/**
 * Whether a block is the `with:` of a step using this action: a mapping that names one of its
 * inputs and no key of a step or job, so that a misspelt or renamed input in it is still named.
 */
function withBlock(value, inputs) {
  const keys = Object.keys(value)
  return keys.some(key => inputs.includes(key)) && !keys.some(key => STEP_OR_JOB_KEYS.has(key))
}
const STEP_OR_JOB_KEYS = new Set(['uses', 'run', 'with', 'env', 'steps', 'jobs', 'runs-on', 'on'])

/**
 * A smaller fragment as the workflow GitHub would load around it, so that its expressions and keys
 * are checked too: a list of steps, a job's keys (`steps:` with `permissions:` or `env:`), or the
 * `with:` of a step using this action. `lines` and `columns` are what the wrapping adds before
 * each of the fragment's lines; undefined for any other shape.
 */
function fragmentWorkflow(value, text, inputs) {
  const wrap = (head, columns) => ({
    text: `on: workflow_dispatch\njobs:\n  example:\n${head}${text.replace(/^(?=.)/gm, ' '.repeat(columns))}`,
    lines: head.split('\n').length + 2,
    columns
  })
  const runsOn = '    runs-on: ubuntu-latest\n'
  if (Array.isArray(value)) return wrap(`${runsOn}    steps:\n`, 6)
  if (!value || typeof value !== 'object') return undefined
  if ('steps' in value) return wrap('runs-on' in value ? '' : runsOn, 4)
  if (withBlock(value, inputs)) {
    const step = '      - uses: your-org/oauth2-token-action@v1\n        with:\n'
    return wrap(`${runsOn}    steps:\n${step}`, 10)
  }
  return undefined
}

/**
 * Errors of the YAML examples in a Markdown file: each block must be valid YAML; a block with
 * `jobs:` must be a valid workflow (a fragment, where allowed, gets a trigger if it has none),
 * read only outputs its jobs declare, and grant `id-token: write` where it uses github-oidc; a
 * smaller fragment (steps, a job's keys, a step's `with:`) must be valid where it would stand;
 * every step using this action must name it @v<major>, may only give inputs that action.yml
 * defines, and later steps may only read outputs it defines (when `outputs` is given); its
 * expressions may read only steps.<id> of an earlier step of their job and needs.<job> of a job
 * in its needs:.
 */
export async function lintMarkdownExamples(markdown, inputs, { fragments = false, outputs } = {}) {
  const errors = []
  for (const block of yamlBlocks(markdown)) {
    const at = message => `(Line: ${block.line}) ${message}`
    // The Markdown line of what stands at `offset` in the block.
    const atOffset = (offset, message) =>
      `(Line: ${block.line + lineAt(block.text, offset) - 1}) ${message}`
    const documents = parseAllDocuments(block.text)
    const broken = documents.flatMap(document => document.errors)
    if (broken.length) {
      errors.push(at(`the YAML block does not parse: ${broken[0]?.message.split('\n')[0]}`))
      continue
    }
    const value = documents[0]?.toJS()
    const workflow = value && typeof value === 'object' && 'jobs' in value
    if (workflow) {
      // A README fragment may leave out the trigger: it is checked with one of its own, after
      // any document marker.
      const trigger = fragments && !('on' in value) ? 'on: workflow_dispatch\n' : ''
      const marker = /^---[^\n]*\n/.exec(block.text)?.[0] ?? ''
      const text = `${marker}${trigger}${block.text.slice(marker.length)}`
      const problems = await lintWorkflow(text, 'example', { requirePins: false })
      const shifted = problems.map(problem =>
        trigger
          ? problem.replace(/^\(Line: (\d+)/, (_, line) => `(Line: ${Number(line) - 1}`)
          : problem
      )
      errors.push(...shifted.map(problem => at(`workflow: ${problem}`)))
      errors.push(...unknownJobOutputs(block.text, block.line))
      errors.push(...missingIdTokenPermission(value).map(at))
    } else {
      const wrapped = fragmentWorkflow(value, block.text, inputs)
      if (wrapped) {
        const problems = await lintWorkflow(wrapped.text, 'example', { requirePins: false })
        const shifted = problems.map(problem =>
          problem.replace(
            /^\(Line: (\d+), Col: (\d+)\)/,
            (_, line, column) =>
              `(Line: ${Number(line) - wrapped.lines}, Col: ${Number(column) - wrapped.columns})`
          )
        )
        errors.push(...shifted.map(problem => at(`workflow: ${problem}`)))
      }
    }
    errors.push(...otherRefs(value).map(at))
    if (documents[0]) {
      errors.push(
        ...unknownInputs(documents[0], inputs).map(({ message, offset }) =>
          atOffset(offset, message)
        )
      )
    }
    const contents = documents[0]?.contents
    if (isMap(contents) && withBlock(value, inputs)) {
      for (const { key } of contents.items) {
        const name = String(isScalar(key) ? key.value : key)
        if (inputs.includes(name)) continue
        const message = `'${name}' is not an input of this action (see action.yml)`
        errors.push(atOffset(key?.range?.[0] ?? 0, message))
      }
    }
    if (outputs) errors.push(...unknownOutputs(block.text, outputs, block.line))
    errors.push(...unknownStepReads(block.text, block.line))
    errors.push(...unknownNeedsReads(block.text, block.line))
  }
  return errors
}

/** The first reason YAML text does not parse, as one line; none when it parses. */
export function yamlSyntaxErrors(text) {
  const [error] = parseAllDocuments(text).flatMap(document =>
    'errors' in document ? document.errors : [document]
  )
  if (!error) return []
  const line = error.linePos?.[0]?.line
  return [
    `${line ? `(Line: ${line}) ` : ''}the YAML does not parse: ${error.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '')}`
  ]
}

/** Every problem in the repository, as `file: message` lines. */
export async function lintRepository(root = ROOT) {
  const problems = []
  const read = file => readFileSync(join(root, file), 'utf8')
  const report = (file, errors) => problems.push(...errors.map(error => `${file}: ${error}`))

  const actionYml = read('action.yml')
  /* A file that is not YAML is one problem, said once: the checks below would throw on it. */
  const broken = yamlSyntaxErrors(actionYml)
  if (broken.length) return (report('action.yml', broken), problems)
  report('action.yml', [...lintAction(actionYml), ...actionRunsErrors(actionYml, root)])
  const inputs = Object.keys(parse(actionYml)?.inputs ?? {})
  const outputs = Object.keys(parse(actionYml)?.outputs ?? {})

  const workflows = '.github/workflows'
  const workflowFiles = readdirSync(join(root, workflows)).filter(name => /\.ya?ml$/.test(name))
  const texts = workflowFiles.map(file => read(`${workflows}/${file}`))
  const pins = workflowPins(texts)
  for (const [index, file] of workflowFiles.entries()) {
    const text = texts[index]
    const syntax = yamlSyntaxErrors(text)
    if (syntax.length) {
      report(`${workflows}/${file}`, syntax)
      continue
    }
    const inputErrors = unknownInputs(parseDocument(text), inputs).map(
      ({ message, offset }) => `(Line: ${lineAt(text, offset)}) ${message}`
    )
    report(`${workflows}/${file}`, [
      ...(await lintWorkflow(text, file)),
      ...inputErrors,
      ...unknownOutputs(text, outputs),
      ...unknownJobOutputs(text),
      ...unknownStepReads(text),
      ...unknownNeedsReads(text),
      ...conflictingFilters(text),
      ...missingIdTokenPermission(parse(text))
    ])
  }
  if (existsSync(join(root, '.github/dependabot.yml'))) {
    const text = read('.github/dependabot.yml')
    const syntax = yamlSyntaxErrors(text)
    report('.github/dependabot.yml', syntax.length ? syntax : lintDependabot(text))
  }
  // The README and the pages beside it in docs/ show fragments of workflows; the recipes are
  // complete ones.
  const pages = existsSync(join(root, 'docs'))
    ? readdirSync(join(root, 'docs'))
        .filter(name => name.endsWith('.md'))
        .map(name => `docs/${name}`)
    : []
  for (const path of ['README.md', ...pages]) {
    report(path, await lintMarkdownExamples(read(path), inputs, { fragments: true, outputs }))
  }
  const recipes = join(root, 'docs/recipes')
  if (existsSync(recipes)) {
    for (const file of readdirSync(recipes).filter(name => name.endsWith('.md'))) {
      const path = relative(root, join(recipes, file))
      report(path, await lintMarkdownExamples(read(path), inputs, { outputs }))
    }
  }
  // Every doc names a third-party action by the pin the workflows use for it.
  for (const path of ['README.md', ...markdownFiles(root, 'docs')]) {
    report(path, otherPins(read(path), pins))
  }
  return problems
}
