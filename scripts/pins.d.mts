/** Each third-party action the workflows pin, and every `<sha> # vX` they give it. */
export type Pins = Map<string, Set<string>>

/** What the workflows (their texts) pin each action to. */
export function workflowPins(texts: readonly string[]): Pins
/** What the workflows of the repository at `root` pin each action to. */
export function repositoryPins(root: string): Pins
/** A doc's pinned `uses:` lines of an action the workflows pin otherwise, as `(Line: n)` errors. */
export function otherPins(markdown: string, pins: Pins): string[]
/** The doc with each pin of an action the workflows pin one way set to that pin. */
export function withWorkflowPins(markdown: string, pins: Pins): string
/** The Markdown files under `dir` of `root`, at any depth, as paths from `root`. */
export function markdownFiles(root: string, dir: string): string[]
