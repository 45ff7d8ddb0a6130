// The pins of third-party actions (`uses: owner/repo@<sha> # vX`): what the workflows pin each to,
// the docs' lines that pin one otherwise (scripts/workflow-checks.mjs reports them), and the docs
// with the workflows' pins copied in (`npm run docs` writes them). No import of the workflow
// parser, so scripts/docs.mjs loads this without the JSON hook scripts/lint-workflows.mjs needs.
import { existsSync, readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'

/** The `uses: owner/repo@<sha> # vX` lines of a text: each action, its pin and its line. */
function pinnedUses(text) {
  const found = []
  text.split('\n').forEach((line, index) => {
    const match =
      /^\s*(?:-\s+)?uses:\s*['"]?([\w.-]+\/[\w./-]+)@([0-9a-f]{40})['"]?\s*(?:#\s*(v\d+(?:\.\d+){0,2})\b)?/.exec(
        line
      )
    if (!match) return
    const [, action = '', sha = '', version = ''] = match
    found.push({ action, pin: version ? `${sha} # ${version}` : sha, line: index + 1 })
  })
  return found
}

/** What the workflows pin each action to: the action, and every `<sha> # vX` they give it. */
export function workflowPins(texts) {
  const pins = new Map()
  for (const text of texts) {
    for (const { action, pin } of pinnedUses(text)) {
      pins.set(action, new Set([...(pins.get(action) ?? []), pin]))
    }
  }
  return pins
}

/** What the workflows of the repository at `root` (.github/workflows/*.yml) pin each action to. */
export function repositoryPins(root) {
  const dir = join(root, '.github', 'workflows')
  const names = existsSync(dir) ? readdirSync(dir).filter(name => /\.ya?ml$/.test(name)) : []
  return workflowPins(names.map(name => readFileSync(join(dir, name), 'utf8')))
}

/**
 * `uses: owner/repo@<sha> # vX` lines of a doc whose action the workflows pin otherwise (another
 * SHA or version), as `(Line: n)` errors: the recipes promise the workflows' own pins.
 */
export function otherPins(markdown, pins) {
  return pinnedUses(markdown).flatMap(({ action, pin, line }) => {
    const used = pins.get(action)
    if (!used || used.has(pin)) return []
    return [
      `(Line: ${line}) ${action}@${pin} is not the pin .github/workflows/ use: ${[...used].map(other => `${action}@${other}`).join(' or ')}${used.size === 1 ? ' (npm run docs copies it)' : ''}`
    ]
  })
}

/**
 * `markdown` with each pinned `uses:` of an action the workflows pin one way (SHA and # vX) set to
 * that pin: what `npm run docs` writes once Dependabot has moved the workflows' pins, which it
 * never moves in docs/.
 */
export function withWorkflowPins(markdown, pins) {
  const lines = markdown.split('\n')
  for (const { action, line } of pinnedUses(markdown)) {
    const used = pins.get(action)
    if (used?.size !== 1) continue
    const [sha, version] = [...used][0].split(' # ')
    lines[line - 1] = lines[line - 1].replace(
      /@[0-9a-f]{40}(['"]?)(?:\s*#\s*v\d+(?:\.\d+){0,2}\b)?/,
      `@${sha}$1${version ? ` # ${version}` : ''}`
    )
  }
  return lines.join('\n')
}

/** The Markdown files under `dir` of `root`, at any depth, as paths from `root`. */
export function markdownFiles(root, dir) {
  if (!existsSync(join(root, dir))) return []
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap(entry => {
    const path = `${dir}/${entry.name}`
    if (entry.isDirectory()) return markdownFiles(root, path)
    return entry.name.endsWith('.md') ? [path] : []
  })
}
