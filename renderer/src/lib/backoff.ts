// The one retry timing: the sync hook and device registration (which give up after a few attempts) and the
// session's reconnects (which never do: `maxAttempts: Infinity`).

export interface BackoffPolicy {
  /** Delay before the first retry. */
  baseMs: number
  /** No delay grows beyond this. */
  maxMs: number
  /** Automatic retries stop after this many failed attempts; the user can still retry by hand. */
  maxAttempts: number
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 1_000, maxMs: 30_000, maxAttempts: 6 }

/**
 * Delay before retrying after `failedAttempts` consecutive failures (1 = the first failure), or `null` when
 * automatic retries are exhausted. Exponential and deterministic: one user's one desktop app does not need
 * jitter to avoid a thundering herd, and deterministic delays keep the UI's "retrying in" honest.
 */
export function backoffDelay(failedAttempts: number, policy: BackoffPolicy = DEFAULT_BACKOFF): number | null {
  if (!Number.isInteger(failedAttempts) || failedAttempts < 1) return 0
  if (failedAttempts >= policy.maxAttempts) return null
  return Math.min(policy.maxMs, policy.baseMs * 2 ** (failedAttempts - 1))
}
