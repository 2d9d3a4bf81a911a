// The entry's first import (main.tsx), so it runs before the rest of the entry: it starts what live data waits
// on and nothing the first frame needs (that frame is HTML from the main process, painted without any script).
// Measured by `npm run bench:live-data`. (As a separate async script before the entry, with the Convex chunk
// modulepreloaded, it ran sooner but pushed the first paint back from ~140 to ~270 ms: its imports and the
// preloads were compiled before the frame could paint. The first frame comes first.)
// 1. the cached user's read (startup/read-cache.ts: one read per page, the entry takes the same answer);
// 2. the early session: the main process's read of Clerk's client, made at launch (backend/early-session.ts);
// and, for the entry to call once React's first frame is up, the Convex client that connects and authenticates
// with that token (startConvexEarly).
// Every step is a shortcut: when one finds nothing or fails (no token, offline, another user), the entry and
// Clerk do it all, later.
import { startEarlySession } from './backend/early-session'
import { getDesktop } from './lib/desktop'
import { readConfig } from './startup/config'
import { firstCacheRead } from './startup/read-cache'

let convexUrl: string | null = null
let convexStart: Promise<void> | null = null

/**
 * Starts the window's Convex client (its own chunk), which connects and authenticates with the early token
 * (backend/live/convex-client.ts connectEarly); settles once it is connecting, or could not be started. Called
 * by the entry once React has taken over the snapshot (evaluating the chunk on the main thread must not delay
 * that), else just before the Clerk chunk's load (that chunk's 1.5 MB compile holds the main thread, and a
 * socket started after it would open only then).
 */
export function startConvexEarly(): Promise<void> {
  convexStart ??= convexUrl
    ? import('./backend/live/convex-client')
        .then(({ connectEarly }) => void connectEarly(convexUrl as string))
        .catch((error: unknown) => console.warn('Could not start the Convex client early', error))
    : Promise.resolve()
  return convexStart
}

const config = readConfig(import.meta.env)
if (config.ok) {
  convexUrl = config.convexUrl
  const desktop = getDesktop()
  const cacheRead = firstCacheRead(desktop)
  if (desktop) {
    startEarlySession({
      ask: () => desktop.session.early(),
      expectedUserId: cacheRead.then((read) => (read.status === 'valid' ? read.user.clerkUserId : null)),
    })
  }
}
