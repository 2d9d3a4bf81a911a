// The shapes every doctor check shares. A check never throws for a configuration problem: it returns a result
// whose status says whether the setup is wrong (`fail`), could not be verified (`could-not-check`, e.g. offline)
// or was not attempted because something it needs is missing (`skipped`).

export type CheckStatus = 'pass' | 'fail' | 'could-not-check' | 'skipped'

export type CheckGroup = 'machine' | 'local' | 'convex' | 'clerk'

export interface CheckResult {
  id: string
  group: CheckGroup
  title: string
  status: CheckStatus
  /** What was found, in one or two sentences. */
  detail: string
  /** The exact next step when the status is not `pass`; null when there is nothing to do. */
  fix: string | null
}

/** A check's verdict before the runner stamps it with the check's id, group and title. */
export type Verdict = Pick<CheckResult, 'status' | 'detail' | 'fix'>

export const pass = (detail: string): Verdict => ({ status: 'pass', detail, fix: null })
export const fail = (detail: string, fix: string): Verdict => ({ status: 'fail', detail, fix })
export const skipped = (detail: string, fix: string | null = null): Verdict => ({
  status: 'skipped',
  detail,
  fix,
})
export const couldNotCheck = (detail: string, fix: string | null = null): Verdict => ({
  status: 'could-not-check',
  detail,
  fix,
})
