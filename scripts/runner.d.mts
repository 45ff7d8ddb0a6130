export const ACTION: string
export const POST: string
/** The node that runs the action: $ACTION_NODE, else this process's. */
export const ACTION_NODE: string

export interface ActionRun {
  readonly code: number | null
  /** The signal that ended the step, if one did. */
  readonly signal: NodeJS.Signals | null
  readonly stdout: string
  readonly stderr: string
  /** The raw GITHUB_OUTPUT and GITHUB_ENV files. */
  readonly outputFile: string
  readonly envFile: string
  readonly outputs: Record<string, string>
  readonly env: Record<string, string>
  /** What the step saved for its post step (GITHUB_STATE), by name. */
  readonly state: Record<string, string>
  /** What the step wrote to the job summary (GITHUB_STEP_SUMMARY). */
  readonly summary: string
  readonly ms: number
}

export function actionDefaults(): Record<string, string>
export function inputVariable(name: string): string
export function runAction(
  inputs: Record<string, string>,
  env?: Record<string, string>,
  /**
   * `script`: what to run instead of dist/index.js, e.g. POST. `uid`: the user (and group) to run
   * it as, for a test that needs a step that is not root (only root may set it). `cancel`: as
   * runPost's.
   */
  options?: {
    timeoutMs?: number
    script?: string
    uid?: number
    cancel?: { signal: NodeJS.Signals; when: Promise<unknown> }
  }
): Promise<ActionRun>
export function runPost(
  inputs: Record<string, string>,
  state: Record<string, string>,
  env?: Record<string, string>,
  /** `cancel`: sends `signal` to the step once `when` resolves, as the runner cancels a step. */
  options?: {
    timeoutMs?: number
    cancel?: { signal: NodeJS.Signals; when: Promise<unknown> }
  }
): Promise<ActionRun>
export function parseFileCommand(text: string): Record<string, string>
export function secretLines(secret: string): string[]
export function maskedValues(stdout: string): string[]
export function findLeaks(
  run: Pick<ActionRun, 'stdout' | 'stderr'>,
  secrets: readonly string[]
): string[]
export function shownLine(line: string): string
export function maskedLog(stdout: string): string
export function errorLines(stdout: string): string
