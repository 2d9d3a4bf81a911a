// The signed-in user's Convex token before Clerk has loaded. On a start with a cached user, clerk-js (1.5 MB)
// is parsed, run and mounted before it asks its Frontend API for the client; only then can Convex be handed a
// token. The main process makes that same request at launch, before this page exists, with the client token
// in the keychain (electron/main/early-session.ts); this page takes its answer (`desktop.session.early()`) as
// soon as its entry runs, so the Convex provider can send the token while clerk-js is still loading
// (backend/live/useConvexAuthFromClerk.ts). Measured by `npm run bench:live-data`.
//
// It is a shortcut, never a second source of truth (electron/shared/early-session.ts says what counts):
// - The answer is checked again here, as untrusted input: the cached user's session, a Convex integration
//   token for that user and session, still worth sending. Anything else is "no early session".
// - The server checks the token like any other; once Clerk has loaded its answer decides (signed out, another
//   session), and every refresh comes from Clerk.
import type { DesktopApi } from '../../../electron/shared/contract'
import {
  EARLY_SESSION_TIMEOUT_MS,
  parseEarlySession,
  type EarlySession,
} from '../../../electron/shared/early-session'
import { withTimeout } from '../../../electron/shared/with-timeout'

export type { EarlySession } from '../../../electron/shared/early-session'
export { EARLY_TOKEN_MIN_LIFETIME_MS } from '../../../electron/shared/early-session'

/** A little longer than the main process's own bound on its read, so its answer (or its null) arrives first. */
export const EARLY_SESSION_WAIT_MS = EARLY_SESSION_TIMEOUT_MS + 1_000

export interface EarlySessionRequest {
  /** `desktop.session.early`: the main process's early read, answered once per launch. */
  ask: DesktopApi['session']['early']
  /** The cached user's Clerk id, the only user an early session may be for (null: none, so no early session).
   *  A promise, so the question need not wait for the cache read: the answer is only judged once it is known. */
  expectedUserId: string | null | Promise<string | null>
  now?: () => number
  timeoutMs?: number
}

/** Asks the main process for the launch's early session. Never throws: every failure is null (and a log line). */
export async function requestEarlySession(request: EarlySessionRequest): Promise<EarlySession | null> {
  const now = request.now ?? Date.now
  try {
    performance.mark('harbor:early-session:request')
    const [answer, userId] = await Promise.all([
      withTimeout(
        () => request.ask(),
        request.timeoutMs ?? EARLY_SESSION_WAIT_MS,
        'The early session from the main process',
      ),
      request.expectedUserId,
    ])
    const session = userId === null ? null : parseEarlySession(answer, userId, now())
    performance.mark(session ? 'harbor:early-session:token' : 'harbor:early-session:none')
    return session
  } catch (error) {
    // Nothing is wrong for the user: Clerk answers (or not) as before.
    performance.mark('harbor:early-session:none')
    console.info('Early session: waiting for Clerk instead', error)
    return null
  }
}

// One early session per page, started by the entry (early.ts) and read by the Convex client and provider.
type Listener = () => void
let settled: EarlySession | null | undefined
let started = false
const listeners = new Set<Listener>()

/** Starts the question once per page; later calls do nothing. */
export function startEarlySession(request: EarlySessionRequest): void {
  if (started) return
  started = true
  void requestEarlySession(request).then((session) => {
    settled = session
    for (const listener of listeners) listener()
  })
}

/**
 * `undefined` while the question is under way, else its answer (null: none). Never started counts as none, so
 * a page without a cached user never waits for it.
 */
export function earlySession(): EarlySession | null | undefined {
  return started ? settled : null
}

export function onEarlySession(listener: Listener): () => void {
  listeners.add(listener)
  return () => listeners.delete(listener)
}
