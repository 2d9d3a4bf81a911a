// The entry's first import (main.tsx), so it runs before the rest of the entry: it starts what live data waits
// on and nothing the first frame needs (that frame is HTML from the main process, painted without any script).
// Measured by `npm run bench:live-data`. (As a separate async script before the entry, with the Convex chunk
// modulepreloaded, it ran sooner but pushed the first paint back from ~140 to ~270 ms: its imports and the
// preloads were compiled before the frame could paint. The first frame comes first.)
// 1. the cached user's read (startup/read-cache.ts: one read per page, the entry takes the same answer);
// 2. the early read of Clerk's client, with the client token in the keychain (backend/early-session.ts);
// 3. once the first frame has painted, the Convex client, which connects and authenticates with that token
//    (backend/live/convex-client.ts connectEarly).
// Every step is a shortcut: when one finds nothing or fails (no token, offline, another user), the entry and
// Clerk do it all, later.
import { clerkBridgeTokenStore, startEarlySession } from './backend/early-session'
import { getDesktop } from './lib/desktop'
import { readConfig } from './startup/config'
import { firstCacheRead } from './startup/read-cache'

/** A window that never produces frames (hidden) must not keep the Convex client waiting. */
const FRAME_WAIT_MS = 50

let convexStarted: () => void = () => undefined
/**
 * Settles once the Convex client is connecting (or could not be started). The entry loads the Clerk chunk after
 * it: that chunk's 1.5 MB compile holds the main thread for a while, and the socket would open only after it.
 */
export const earlyConvexStarted = new Promise<void>((resolve) => (convexStarted = resolve))

const config = readConfig(import.meta.env)
if (!config.ok) convexStarted()
else {
  const desktop = getDesktop()
  const cacheRead = firstCacheRead(desktop)
  const clientTokens = clerkBridgeTokenStore()
  if (clientTokens) {
    startEarlySession({
      frontendApiHost: config.frontendApiHost,
      expectedUserId: cacheRead.then((read) => (read.status === 'valid' ? read.user.clerkUserId : null)),
      store: clientTokens,
    })
  }
  // After the first paint: the client's chunk is compiled and run on the main thread, which must not hold the
  // frame back.
  let connecting = false
  const connect = () => {
    if (connecting) return
    connecting = true
    void import('./backend/live/convex-client')
      .then(({ connectEarly }) => connectEarly(config.convexUrl))
      .catch((error: unknown) => console.warn('Could not start the Convex client early', error))
      .finally(convexStarted)
  }
  // Usually the frame has painted by the time the entry runs (module scripts wait for the parser).
  if (performance.getEntriesByType('paint').length > 0) connect()
  else {
    requestAnimationFrame(() => setTimeout(connect, 0))
    setTimeout(connect, FRAME_WAIT_MS)
  }
}
