// The window's first script: the built index.html lists it before the entry (main.tsx), `async`, so it runs as
// soon as its few kilobytes have arrived, while the entry's ~300 kB are still being compiled
// (scripts/build/early-start.ts); main.tsx imports it first too, which runs it in development. It starts what live data waits
// on and nothing the first frame needs (that frame is HTML from the main process, painted without any script):
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

const config = readConfig(import.meta.env)
if (config.ok) {
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
  // After the first paint: the client's chunk (preloaded with the page) is compiled and run on the main thread,
  // which must not hold the frame back.
  let connecting = false
  const connect = () => {
    if (connecting) return
    connecting = true
    void import('./backend/live/convex-client')
      .then(({ connectEarly }) => connectEarly(config.convexUrl))
      .catch((error: unknown) => console.warn('Could not start the Convex client early', error))
  }
  requestAnimationFrame(() => setTimeout(connect, 0))
  setTimeout(connect, FRAME_WAIT_MS)
}
