export function requiredMajor(engines: string | undefined): number | null
export function nodeVersionProblem(version: string, engines: string | undefined): string | null
