import type { Fact } from './diagnostics.js'
import { SPACES_OR_CONTROLS } from './errors.js'

/**
 * The job summary: one short table of facts about the token, none of them secret. Cells are
 * escaped, so a claim cannot add rows, links (bare URLs included), formatting, math or HTML.
 */
export function summaryMarkdown(facts: readonly Fact[]): string {
  const rows = facts.map(([label, value]) => `| ${cell(label)} | ${cell(value)} |`)
  return ['### OAuth 2.0 token', '', '| | |', '| --- | --- |', ...rows, ''].join('\n')
}

function cell(text: string): string {
  return text
    .replace(SPACES_OR_CONTROLS, ' ')
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replace(/[\\`*_[\]|!~$:.]/g, match => `\\${match}`)
    .trim()
}
