/** `steps.<id>` read where no earlier step of the job has that id, as `(Line: n)` errors. */
export function unknownStepReads(text: string, firstLine?: number): string[]
/** `needs.<job>` read in a job whose `needs:` does not list that job, as `(Line: n)` errors. */
export function unknownNeedsReads(text: string, firstLine?: number): string[]
/** The line of `text` that `offset` is on, 1 for the first. */
export function lineAt(text: string, offset: number): number
