/** `code` with each TypeScript helper declared again in its block as the first (`var core_awaiter = __awaiter;`), and what was shared. */
export function shareHelpers(code: string): { code: string; shared: string[] }
