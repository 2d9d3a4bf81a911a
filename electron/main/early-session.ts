// The early read of Clerk's client, in the main process: the signed-in user's Convex token before clerk-js has
// loaded (issue 16). Everything the request needs is here before the window exists: the client token in the
// keychain, the cached user's id in the encrypted cache. So the composition root starts this at launch, and the
// window's first document takes the answer over IPC (`session:early`) instead of making the request itself
// ~200 ms later, when its entry script finally runs.
//
// The request is the one clerk-js makes (`GET /v1/client` with `Authorization: Bearer <client token>`, native
// mode), sent only to the publishable key's Frontend API host. What it gives is judged by
// electron/shared/early-session.ts; every failure is "no early session" and a log line (never a token).
//
// Races, and why each is safe:
// - A rotated client token in the answer is saved only if the storage still holds the token that was sent
//   (`replaceItem`, in the storage's own queue): clerk-js may have saved a newer one, or a sign-out removed it.
// - A sign-out, or the cache being cleared or written for another user, before a document asks: the answer
//   is null. (The renderer makes `session:clear-local` clear the cache first, which announces it at once.)
// - One answer per launch, to the first document that asks. A later document (a reload, the page after a
//   renderer crash, a window reopened on macOS) gets null and waits for Clerk, as every start did before
//   issue 16: by then clerk-js has run in this app and may have rotated the client or signed out, so a token
//   read at launch is the one answer that is surely about the launch; and no second read is made on behalf of a
//   document, so a token leaves the main process at most once per launch.
import type { LastKnownUserRead } from '../shared/contract'
import {
  CLERK_API_VERSION,
  CLERK_CLIENT_TOKEN_KEY,
  EARLY_SESSION_TIMEOUT_MS,
  EARLY_TOKEN_MIN_LIFETIME_MS,
  earlySessionFromClient,
  type EarlySession,
} from '../shared/early-session'
import { withTimeout } from '../shared/with-timeout'
import type { LastKnownUserChange } from './last-known-user'

/** What of keychain-storage.ts this needs: Clerk's client token, read and (compare-and-)replaced. */
export interface EarlySessionStorage {
  getItem(key: string): Promise<string | null>
  replaceItem(key: string, expected: string, value: string): Promise<boolean>
}

/** The part of a fetch Response this reads (Electron's `net.fetch` gives a standard one). */
export interface EarlyResponse {
  ok: boolean
  status: number
  headers: { get(name: string): string | null }
  json(): Promise<unknown>
}

export interface EarlyRequestInit {
  method: 'GET'
  headers: Record<string, string>
  credentials: 'omit'
  cache: 'no-store'
  redirect: 'error'
  signal: AbortSignal
}

export interface EarlySessionOptions {
  /** The publishable key's Frontend API host; null when the key does not parse (then nothing is read). */
  frontendApiHost: string | null
  /** The encrypted cache's read (last-known-user.ts): only its valid user may have an early session. */
  readCache: () => Promise<LastKnownUserRead>
  /** A sign-out an earlier run could not finish (keychain-storage.ts): until it is done nobody is signed in. */
  hasPendingSignOut: () => Promise<boolean>
  storage: EarlySessionStorage
  /** Electron's `net.fetch` (once the app is ready). */
  fetch: (url: string, init: EarlyRequestInit) => Promise<EarlyResponse>
  now?: () => number
  /** From the read's start to its answer, keychain and cache included. */
  timeoutMs?: number
  log: { info(message: string): void; warn(message: string): void }
}

export interface EarlySessionReader {
  /** Starts the read (idempotent): call it at launch, before the window exists. */
  start(): void
  /** Feed of the cache's changes (`LastKnownUserStore.onChange`). */
  onCacheChange(change: LastKnownUserChange): void
  /** The launch's early session, to the first caller only (it waits for the read, which is bounded); else null. */
  take(): Promise<EarlySession | null>
}

function describeError(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : 'unknown error'
}

export function createEarlySessionReader(options: EarlySessionOptions): EarlySessionReader {
  const now = options.now ?? Date.now
  const timeoutMs = options.timeoutMs ?? EARLY_SESSION_TIMEOUT_MS
  const { log } = options
  let read: Promise<EarlySession | null> | null = null
  let taken = false
  // Set by a sign-out or a cleared cache: nothing read before it may be handed out or saved after it.
  let withdrawn = false
  // The user the cache was last written for in this run, if any: an answer for someone else is not handed out.
  let writtenUserId: string | null = null
  const abort = new AbortController()

  async function readOnce(): Promise<EarlySession | null> {
    const host = options.frontendApiHost
    if (host === null) return null
    // All three at once (the storage runs them in turn anyway): the token is only used if the other two allow,
    // and while a sign-out is pending the storage does not read the keychain at all (keychain-storage.ts).
    const [pending, cache, clientToken] = await Promise.all([
      options.hasPendingSignOut(),
      options.readCache(),
      options.storage.getItem(CLERK_CLIENT_TOKEN_KEY),
    ])
    if (pending) {
      log.info('Early session: none (a sign-out is still pending)')
      return null
    }
    if (cache.status !== 'valid') return null
    const userId = cache.user.clerkUserId
    if (!clientToken) {
      log.info('Early session: none (no Clerk client token stored)')
      return null
    }
    if (withdrawn) return null
    const url = new URL(`https://${host}/v1/client`)
    url.searchParams.set('__clerk_api_version', CLERK_API_VERSION)
    url.searchParams.set('_is_native', '1')
    const response = await options.fetch(url.href, {
      method: 'GET',
      headers: { Authorization: `Bearer ${clientToken}` },
      credentials: 'omit',
      cache: 'no-store',
      // A redirect would carry the client token to wherever it points; clerk-js never meets one here.
      redirect: 'error',
      signal: abort.signal,
    })
    if (!response.ok) {
      log.info(`Early session: none (Clerk answered ${response.status})`)
      return null
    }
    // As @clerk/electron's provider does after every Frontend API answer: a changed client token is kept,
    // unless the stored one changed since it was sent (see the module comment).
    const returned = response.headers.get('Authorization')
    const rotated = returned?.startsWith('Bearer ') ? returned.slice(7) : returned
    if (rotated && rotated !== clientToken && !withdrawn) {
      const replaced = await options.storage.replaceItem(CLERK_CLIENT_TOKEN_KEY, clientToken, rotated)
      if (!replaced) log.info('Early session: the client token changed meanwhile; the newer one is kept')
    }
    const session = earlySessionFromClient(await response.json(), userId, now())
    if (!session) log.info('Early session: none (no active Convex session of the cached user)')
    return session
  }

  function start(): void {
    read ??= withTimeout(readOnce, timeoutMs, 'The early read of Clerk’s client', () => abort.abort())
      .then((session) => {
        if (session) log.info('Early session: ready')
        return session
      })
      .catch((error: unknown) => {
        // Offline starts land here too: nothing is wrong, Clerk answers (or not) as before.
        log.info(`Early session: none (${describeError(error)})`)
        return null
      })
  }

  return {
    start,
    onCacheChange(change) {
      if (change.kind === 'cleared') withdrawn = true
      else writtenUserId = change.user.clerkUserId
    },
    async take() {
      if (taken) {
        log.info('Early session: already handed to an earlier document; this one waits for Clerk')
        return null
      }
      taken = true
      start()
      const session = await read!
      if (!session || withdrawn) return null
      if (writtenUserId !== null && writtenUserId !== session.userId) return null
      // Read at launch; the document may ask later than that (a slow first load).
      if (session.expiresAt - now() < EARLY_TOKEN_MIN_LIFETIME_MS) return null
      return session
    },
  }
}
