import type { ExpressionData } from '@actions/expressions/data/index'

export interface StepResult {
  name: string
  id?: string
  outcome: 'success' | 'failure' | 'skipped'
  conclusion: 'success' | 'failure' | 'skipped'
  stdout: string
  stderr: string
}

/** Evaluates one expression (without `${{ }}`) against the contexts and the job's status. */
export function evaluate(
  expression: string,
  contexts: Record<string, unknown>,
  status?: { failed: boolean }
): ExpressionData
/** A string with every `${{ expression }}` replaced by its value. */
export function interpolate(text: string, contexts: Record<string, unknown>): string
/** Runs one job of a workflow file here, as GitHub would, for the syntax this project uses. */
export function runJob(
  path: string,
  jobId: string,
  options?: {
    env?: Record<string, string>
    stepTimeoutMs?: number
    matrix?: Record<string, unknown>
  }
): Promise<{ conclusion: 'success' | 'failure'; steps: StepResult[] }>
