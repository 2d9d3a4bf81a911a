// The entry's first import (main.tsx), so it runs before the rest of the entry: it starts what live data waits
// on and nothing the first frame needs (that frame is HTML from the main process, painted without any script).
// Measured by `npm run bench:live-data`. (As a separate async script before the entry, with the Convex chunk
// modulepreloaded, it ran sooner but pushed the first paint back from ~140 to ~270 ms: its imports and the
// preloads were compiled before the frame could paint. The first frame comes first.)
// 1. the Convex client, from its own chunk, asked for now: it takes over the socket the document opened
//    (backend/live/early-socket.ts) and authenticates with the early token (connectEarly). Asked for only once
//    React had taken over the snapshot, it connected ~30-60 ms later in the live-data benchmark (its chunk then
//    waited for that render), and asking for it now cost React's takeover ~10 ms in the startup benchmark;
// 2. the cached user's read (startup/read-cache.ts: one read per page, the entry takes the same answer);
// 3. the early session: the main process's read of Clerk's client, made at launch (backend/early-session.ts).
// Every step is a shortcut: when one finds nothing or fails (no token, offline, another user), the entry and
// Clerk do it all, later.
import { startEarlySession } from './backend/early-session'
import { getDesktop } from './lib/desktop'
import { readConfig } from './startup/config'
import { firstCacheRead } from './startup/read-cache'

/** Starts the window's Convex client (backend/live/convex-client.ts connectEarly). Never throws. */
function startConvexClient(convexUrl: string): void {
  import('./backend/live/convex-client')
    .then(({ connectEarly }) => void connectEarly(convexUrl))
    .catch((error: unknown) => console.warn('Could not start the Convex client early', error))
}

const config = readConfig(import.meta.env)
if (config.ok) {
  startConvexClient(config.convexUrl)
  const desktop = getDesktop()
  const cacheRead = firstCacheRead(desktop)
  if (desktop) {
    startEarlySession({
      ask: () => desktop.session.early(),
      expectedUserId: cacheRead.then((read) => (read.status === 'valid' ? read.user.clerkUserId : null)),
    })
  }
}
