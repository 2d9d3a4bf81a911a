// How a benchmark ends. Its figures are printed before its teardown (the rig's stand-ins, the browser, Vite) runs,
// and a teardown can wait on something that never comes: a server's close() waits for every open connection, a
// worker exits only when its event loop is empty. In CI that once kept a finished benchmark's process alive
// until the whole run hit its time limit. So a teardown gets a deadline, the process ends explicitly either way,
// and a teardown that missed its deadline is reported with what was still open, without failing figures that
// were already printed.
import { TimeoutError, withTimeout } from '../../electron/shared/with-timeout.ts'
import { tally } from './stats.ts'

/** How long a teardown may take before the process ends without it. */
export const TEARDOWN_DEADLINE_MS = 30_000

export type Teardown = () => Promise<unknown>

/**
 * Runs `measure`, then `teardown` (within `deadlineMs`), then exits: 0 when `measure` succeeded, 1 when it threw
 * (its error printed). A slow or failing teardown is printed as a warning; it does not change the exit code.
 */
export async function runThenExit(
  measure: () => Promise<void>,
  teardown: Teardown = async () => {},
  { deadlineMs = TEARDOWN_DEADLINE_MS, log = (line: string) => console.error(line) } = {},
): Promise<never> {
  let exitCode = 0
  try {
    await measure()
  } catch (error) {
    exitCode = 1
    log(error instanceof Error ? (error.stack ?? error.message) : String(error))
  }
  const outcome = await settleWithin(teardown, deadlineMs)
  if (outcome.kind === 'timeout') {
    log(
      `warning: the benchmark's teardown did not finish within ${deadlineMs / 1000} s; ending anyway. ` +
        `Still open: ${describeOpenResources()}`,
    )
  } else if (outcome.kind === 'failed') {
    log(`warning: the benchmark's teardown failed: ${String(outcome.error)}`)
  }
  process.exit(exitCode)
}

export type Settled = { kind: 'done' } | { kind: 'failed'; error: unknown } | { kind: 'timeout' }

/** Waits for `work` at most `deadlineMs` (the project's one timeout helper) and says how it ended. */
export async function settleWithin(work: Teardown, deadlineMs: number): Promise<Settled> {
  try {
    await withTimeout(work, deadlineMs, "The benchmark's teardown")
    return { kind: 'done' }
  } catch (error) {
    return error instanceof TimeoutError ? { kind: 'timeout' } : { kind: 'failed', error }
  }
}

/** "TCPSocketWrap ×3, Timeout ×1": the kinds of handle still keeping the event loop alive (Node's own list). */
export function describeOpenResources(): string {
  return (
    tally(process.getActiveResourcesInfo())
      .map(([kind, count]) => `${kind} ×${count}`)
      .join(', ') || 'nothing'
  )
}
