export const README: string
export const ACTION_YML: string

export interface InputRow {
  name: string
  required: 'yes' | 'no'
  default: string
  description: string
}
export interface OutputRow {
  name: string
  description: string
}

export function actionRows(actionYml: string): { inputs: InputRow[]; outputs: OutputRow[] }
export function renderTable(kind: 'inputs' | 'outputs', rows: InputRow[] | OutputRow[]): string
export function readmeRows(
  readme: string,
  kind: 'inputs' | 'outputs'
): { error: string } | { header: string[]; rows: (InputRow | OutputRow)[] }
/** Every difference between the README's tables and action.yml, one line each; empty when none. */
export function docsDrift(readme: string, actionYml: string): string[]
/** The README with both tables regenerated from action.yml (not yet formatted). */
export function regenerate(readme: string, actionYml: string): string
