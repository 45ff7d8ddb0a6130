import type { Program } from 'acorn'
import type { ScopeManager } from 'eslint-scope'

/** A script (not a module), with offsets and `range`s, and each comment to `onComment`. */
export function parseScript(
  code: string,
  onComment?: (block: boolean, value: string, start: number, end: number) => void
): Program
/** Its scopes and references, resolved as ESLint resolves them. */
export function scopesOf(ast: Program): ScopeManager
/** `code` without the package modules and functions nothing calls, and what went. */
export function dropDeadModules(
  code: string,
  reviewed?: ReadonlySet<string>
): { code: string; dropped: string[] }
/** The package modules that may go whole: each read, its initializers acting only inside it. */
export const REVIEWED: ReadonlySet<string>
