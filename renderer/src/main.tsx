// Renderer entry. Order matters: the cached last known user is requested BEFORE Clerk loads, and Clerk's
// chunk is only loaded once the screen for that answer is painted (session/SessionRoot.tsx), so a signed-in
// shell appears from the cache while Clerk and Convex are still connecting (or cannot connect at all). Neither
// Clerk nor Convex is imported from here: Clerk comes with that chunk, the Convex client with its own (early.ts).
// First, so it runs before the rest of the entry: it starts what live data waits on (early.ts).
import './early'
import { StrictMode, type ReactNode } from 'react'
import { flushSync } from 'react-dom'
import { createRoot } from 'react-dom/client'
import type { LastKnownUserRead, RecoveryNotice } from '../../electron/shared/contract'
import { takeCarriedStateAfterReload } from './session/carry'
import { installClerkResponseHook } from './backend/clerk-network'
import { withTimeout } from '../../electron/shared/with-timeout'
import { LOADED_ATTRIBUTE } from '../../electron/shared/after-first-frame'
import { readConfig } from './startup/config'
import { firstCacheRead } from './startup/read-cache'
import { SetupScreen } from './startup/SetupScreen'
import { SessionRoot } from './session/SessionRoot'
import { getDesktop } from './lib/desktop'
import { forwardConsole } from './lib/forward-console'
import { holdExactTimes } from './ui/format-time'
import { ExactTimesAfterPaint } from './ui/useExactTimes'
import { WindowRoot } from './WindowRoot'
import './styles.css'

performance.mark('harbor:entry')
const root = document.getElementById('root')
if (!root) throw new Error('index.html has no #root element')
// #root may already hold the first frame the main process put into the document (electron/main/first-frame.ts,
// electron/shared/first-frame.ts): the cached signed-in shell, painted from HTML and CSS. `createRoot(...).render`
// replaces #root's children in its first commit, in the same frame as the real shell appears, and that shell
// lays out exactly like the snapshot, so the take-over neither flickers nor shifts (tests/browser/first-frame.test.ts).
const hasFirstFrame = root.firstElementChild !== null
// When this script is already fetched by the end of parsing, Chromium runs it, and React's first render with it,
// before it paints anything: the snapshot would show no sooner than React (`npm run bench:startup` showed the
// desktop calls before the frame's paint). With a snapshot, React's render waits for one painted frame instead.
// Bounded: a window that never produces frames (hidden) must not keep React waiting. When this script runs
// after the snapshot has already painted (Paint Timing has its first contentful paint: the snapshot's text, or
// the document held this script until its first frame, electron/shared/after-first-frame.ts), there is nothing to
// wait for: the wait would only add up to a frame and a task to the time to interactive.
const FRAME_WAIT_MS = 50
const snapshotPainted =
  performance.getEntriesByName('first-contentful-paint', 'paint').length > 0 ||
  document.querySelector(`script[${LOADED_ATTRIBUTE}="frame"]`) !== null
const firstFramePainted: Promise<void> =
  hasFirstFrame && !snapshotPainted
    ? new Promise((resolve) => {
        requestAnimationFrame(() => setTimeout(resolve, 0))
        setTimeout(resolve, FRAME_WAIT_MS)
      })
    : Promise.resolve()

const CACHE_WAIT_MS = 150

/** The promise's value if it resolves within `ms`, else null (a rejection also gives null). */
function settleWithin<T>(promise: Promise<T>, ms: number): Promise<T | null> {
  return withTimeout(promise, ms, 'The first answer').catch(() => null)
}

const config = readConfig(import.meta.env)
const desktop = getDesktop()
// First, so that whatever goes wrong from here on is in main.log too.
if (desktop) forwardConsole(console, (entry) => desktop.log.write(entry), window)
// Asked at once, answered from main-process memory: whether this page loads after a renderer crash.
const recoveryNotice: Promise<RecoveryNotice | null> = Promise.resolve()
  .then(() => desktop?.recovery.takeNotice() ?? null)
  .catch(() => null)

function render(content: ReactNode): void {
  void Promise.all([settleWithin(recoveryNotice, CACHE_WAIT_MS), firstFramePainted]).then(([notice]) => {
    // With harbor:entry, where the time to an interactive shell goes (`npm run bench:startup`).
    performance.mark('harbor:render')
    const reactRoot = createRoot(root as HTMLElement)
    const app = (
      <StrictMode>
        <WindowRoot recoveryNotice={notice}>{content}</WindowRoot>
      </StrictMode>
    )
    // Over a painted snapshot, React renders synchronously, and with it the first render's effects (React
    // flushes a sync render's passive effects at the end of its commit): the shell answers a click from its first
    // frame on, where otherwise the click waits for a scheduler task, a painted frame and the effects' task
    // (`npm run bench:startup`, interactive). The snapshot, which looks the same, stays on screen meanwhile.
    // Without a snapshot React's first commit is the first paint, so its effects wait until after it.
    if (hasFirstFrame) {
      flushSync(() => reactRoot.render(app))
    } else reactRoot.render(app)
  })
}

if (!config.ok) {
  render(
    <SetupScreen
      problems={config.problems}
      openExternal={(url) => void desktop?.shell.openExternal(url)}
      copyText={(text) => navigator.clipboard.writeText(text)}
    />,
  )
} else {
  // A failed read is "no cache" (startup/read-cache.ts): the first frame is then already the sign-in path.
  const cacheRead: Promise<LastKnownUserRead> = firstCacheRead(desktop)
  const deviceInfo = desktop ? desktop.device.getInfo().catch(() => null) : Promise.resolve(null)
  const carried = takeCarriedStateAfterReload(() => sessionStorage)
  // Before Clerk exists: its Frontend API responses are how we know the API was actually reached.
  installClerkResponseHook()
  // What live data waits on (the early read of Clerk's client, the Convex client) was started by early.ts.
  // Exact localised times wait until the first screen has painted (ui/format-time.ts: ICU's first load).
  const releaseExactTimes = holdExactTimes()
  // The read is local (IPC + keychain, a few ms): wait for it briefly so the first frame is already the right
  // screen. A keychain stuck on an unlock prompt only delays this by CACHE_WAIT_MS; the read then finishes
  // in the background.
  void settleWithin(cacheRead, CACHE_WAIT_MS).then((settledCacheRead) =>
    render(
      <>
        <ExactTimesAfterPaint release={releaseExactTimes} />
        <SessionRoot
          frontendApiHost={config.frontendApiHost}
          publishableKey={config.publishableKey}
          convexUrl={config.convexUrl}
          cacheRead={cacheRead}
          settledCacheRead={settledCacheRead}
          deviceInfo={deviceInfo}
          carried={carried}
          // Once the first screen is up (SessionRoot). The Convex client's chunk is already on its way (early.ts),
          // but the Clerk chunk does not wait for it: mounting that chunk remounts the screens (SessionRoot), and
          // the later it comes, the likelier it closes a menu the user has just opened.
          loadConnected={() => import('./session/live/ConnectedApp')}
        />
      </>,
    ),
  )
}
