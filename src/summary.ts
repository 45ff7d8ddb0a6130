import type { Fact } from './diagnostics.js'
import { SPACES_OR_CONTROLS } from './errors.js'

/**
 * The job summary: one short table of facts about the token, none of them secret. Each value is a
 * code span, so a claim cannot add rows, links (bare URLs included), formatting, math or HTML.
 */
export function summaryMarkdown(facts: readonly Fact[], step = ''): string {
  const rows = facts.map(([label, value]) => `| ${label} | ${cell(value)} |`)
  /* The step's id (GITHUB_ACTION) tells two uses in one job apart; the names GitHub makes up for
     a step without one (__run, __owner_repo, __owner_repo_2) are left out. */
  const heading = /^(?!__)./.test(step) ? ` (step ${cell(step)})` : ''
  return [`### OAuth 2.0 token${heading}`, '', '| | |', '| --- | --- |', ...rows, ''].join('\n')
}

/**
 * A value as written, in a code span whose fence no run of backticks in it matches. Nothing in it
 * is escaped but `|` (which a table reads before the span): the runner masks the summary with
 * secrets only it knows, exact strings, which a backslash inside a value would hide from it.
 */
function cell(text: string): string {
  const value = text.replace(SPACES_OR_CONTROLS, ' ').trim().replaceAll('|', '\\|')
  if (!value) return ''
  let fence = '`'
  while (value.includes(fence)) fence += '`'
  return `${fence} ${value} ${fence}`
}
