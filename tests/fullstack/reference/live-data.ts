// The live-data rig (scripts/bench/live-data.ts drives it; loaded through Vite, since the Convex stand-in needs
// `import.meta.glob`). One signed-in user on one profile: the first launch signs in through Clerk's own form
// with no latency, so the keychain holds the client token and the encrypted cache holds the last known user, as
// on any later start. Every measured launch then starts that app (Harbor's renderer, or the template-wired
// reference page on the same main process and preload) with both stand-ins delayed, and records:
// - from: when the emulation created the window (AppInstance.firstWindow resolving, before the main process
//   loads the page into it), in the test process's clock;
// - live: when the window first showed the profile with a name only the server has. Before each launch the
//   server's users row gets a fresh name (`Grace Hopper <run>`, with a newer Clerk `updated_at`, so the sign-in
//   token's older claims do not overwrite it); the cache and Clerk hold other names, so the marker on screen
//   (`[data-mode="live"] .profile-name`) can only have come from Convex. A MutationObserver in the page takes
//   the time (performance.timeOrigin + now: the same wall clock as the stand-ins' logs);
// - the stand-ins' log entries made during the launch, for the round-trip chain (scripts/bench/round-trips.ts).
// The stand-ins run on a thread of their own (standins-thread.ts): the emulation's work in this process must not
// hold up their answers.
import { randomBytes } from 'node:crypto'
import { rm, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import type { Page } from 'playwright-core'
import { shippedBuild } from '../build'
import type { RequestLogEntry } from '../clerk'
import type { FrameLogEntry } from '../convex'
import { createProfile, launchApp, type AppInstance, type AppProfile } from '../electron'
import { CONVEX_URL, PUBLISHABLE_KEY } from '../hosts'
import { GRACE, signInWithPassword, waitForLiveShell } from '../scenarios/stack'
import { buildReferenceApp } from './build'
import { startStandInsThread, type StandInsThread } from './standins-thread'
import {
  compiledCode,
  compiledGrowth,
  heapParts,
  parseHeapSnapshot,
  type CompiledCode,
  type HeapParts,
  type ScriptGrowth,
} from './heap-snapshot'

export type { HeapParts, ScriptGrowth } from './heap-snapshot'

export type PageKind = 'harbor' | 'reference'

export interface LiveDataSample {
  kind: PageKind
  /** ms from window creation to the server's value on screen. */
  liveMs: number
  /** ms since epoch. */
  windowCreatedAt: number
  liveAt: number
  clerkRequests: RequestLogEntry[]
  convexFrames: FrameLogEntry[]
  /** The window's own milestones (ms since epoch): navigation start, first contentful paint, and each script
   *  it loaded (start and end), for the timeline of where the time went. */
  milestones: Array<{ label: string; at: number }>
}

export interface HeapSample {
  /** Renderer JS heap in use after a forced GC, bytes. */
  afterSignIn: number
  afterIdle: number
  idleMs: number
  /** The heap after a GC at each minute of the idle time, with a heap snapshot's split of it: a plateau
   *  (warm-up) and a steady climb (a leak) look alike in the two end figures. */
  series: Array<{ atMs: number; bytes: number; parts: HeapParts }>
  /** A heap snapshot's split of the same two moments (see HeapParts). */
  parts: { afterSignIn: HeapParts; afterIdle: HeapParts }
  /** Where compiled code grew between the two moments, by script (heap-snapshot.ts), and the share of the last
   *  snapshot's code bytes that it could put down to a function (the rest: builtins, V8's shared tables). */
  compiled: { scripts: ScriptGrowth[]; attributedShare: number }
  /** The stand-ins' traffic while idle (what made the code run that V8 compiled further), one label per request
   *  or message: the window's Clerk requests by method and path, its Convex messages by direction and type, and
   *  the Convex backend's own requests to Clerk (OIDC discovery and JWKS, for checking tokens). */
  idleTraffic: {
    clerk: string[]
    convex: string[]
    backendToClerk: string[]
  }
}

export interface LiveDataRig {
  measure(kind: PageKind, run: number): Promise<LiveDataSample>
  /** Harbor live, then `idleMs` with its live queries subscribed; the heap after a GC at both ends. */
  idleHeap(
    idleMs: number,
    options?: { onProgress?: (message: string) => void; snapshotDir?: string },
  ): Promise<HeapSample>
  stop(): Promise<void>
}

const LIVE_SELECTOR = '[data-mode="live"] .profile-name'

function liveProbe(marker: string): string {
  return `(() => {
  if (window.top !== window) return
  const marker = ${JSON.stringify(marker)}
  const check = () => {
    if (window.__harborLiveAt) return
    const element = document.querySelector(${JSON.stringify(LIVE_SELECTOR)})
    if (element && element.textContent.trim() === marker) {
      window.__harborLiveAt = performance.timeOrigin + performance.now()
      observer.disconnect()
    }
  }
  const observer = new MutationObserver(check)
  document.addEventListener('DOMContentLoaded', () => {
    observer.observe(document.documentElement, { subtree: true, childList: true, characterData: true, attributes: true })
    check()
  })
})()`
}

/** The page's clock and performance timeline, typed here without the DOM library (this is a Node module). */
interface PagePerformance {
  timeOrigin: number
  getEntriesByType(type: string): Array<{
    name: string
    startTime: number
    responseEnd?: number
    initiatorType?: string
    // The navigation entry's
    responseStart?: number
    domInteractive?: number
    domContentLoadedEventEnd?: number
  }>
}

/**
 * Between the Convex backend and Clerk's Frontend API each way, by default. The user's latency is the rig's
 * subject; a deployment's servers reach Clerk over the data centres' network (a Convex deployment in AWS and
 * Clerk's Frontend API on Cloudflare's edge are a few ms apart), so their discovery and JWKS fetches do not travel
 * at the user's latency. 10 ms is on the slow side of that.
 */
export const DEFAULT_SERVER_LATENCY_MS = 10

/** The Convex backend's discovery and JWKS requests (token checks): the window never asks for those. */
const isTokenCheck = (entry: RequestLogEntry) => entry.path.startsWith('/.well-known/')

/** `POST /v1/client/sessions/{session}/tokens`: one line per kind of request, whatever the session's id. */
const describeRequest = (entry: RequestLogEntry) =>
  `${entry.intendedMethod ?? entry.method} ${entry.path.replace(/\/sess_[A-Za-z0-9]+/g, '/{session}')}`

async function pollLiveAt(page: Page, timeoutMs: number): Promise<number> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const liveAt = await page
      .evaluate(() => (globalThis as { __harborLiveAt?: number }).__harborLiveAt)
      .catch(() => undefined)
    if (typeof liveAt === 'number') return liveAt
    if (Date.now() > deadline) throw new Error(`no live data within ${timeoutMs} ms`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

/** In the page: the shell shows live data. */
function isLive(): boolean {
  const { document } = globalThis as unknown as { document: { querySelector(selector: string): unknown } }
  return document.querySelector('[data-testid="app-shell"][data-mode="live"]') !== null
}

async function quit(app: AppInstance): Promise<void> {
  const exited = app.exited.then(() => true)
  await app.quit().catch(() => undefined)
  const gone = await Promise.race([
    exited,
    new Promise<false>((resolve) => setTimeout(() => resolve(false), 10_000)),
  ])
  if (!gone) await app.kill()
}

/** What a launch needs to reach the stand-ins' thread: their hosts and ports, and the certificate they serve. */
function reaching(standIns: StandInsThread) {
  return { clerk: standIns.clerk, convex: standIns.convex, net: { ca: standIns.ca } }
}

export async function startLiveDataRig(options: {
  /** Each way, between the window and Clerk or Convex. */
  latencyMs: number
  /** Each way, between the Convex backend and Clerk's Frontend API (default: DEFAULT_SERVER_LATENCY_MS). */
  serverLatencyMs?: number
}): Promise<LiveDataRig> {
  const shipped = await shippedBuild()
  const reference = await buildReferenceApp({
    shippedOutDir: shipped.outDir,
    publicEnv: { VITE_CLERK_PUBLISHABLE_KEY: PUBLISHABLE_KEY, VITE_CONVEX_URL: CONVEX_URL },
  })
  const parts: Array<{ stop(): Promise<void> }> = []
  let standIns: StandInsThread
  let profile: AppProfile
  try {
    standIns = await startStandInsThread()
    parts.push(standIns)
    profile = await createProfile()
    parts.push(profile)
    await standIns.call.createUser(GRACE)

    // Signed in once, without latency: the keychain token and the cache every later start finds.
    const first = await launchApp({ build: shipped, profile, ...reaching(standIns) })
    const { page } = await first.firstWindow()
    await page.locator('[data-screen="sign-in"]').waitFor({ timeout: 30_000 })
    await signInWithPassword(page, GRACE)
    await waitForLiveShell(page, 30_000)
    // The cache is written once the devices list arrived too (session/live/ConnectedApp.tsx).
    await page.waitForTimeout(2_000)
    await quit(first)
  } catch (error) {
    await Promise.all(parts.map((part) => part.stop().catch(() => undefined)))
    throw error
  }
  await standIns.call.setLatency(options.latencyMs, options.serverLatencyMs ?? DEFAULT_SERVER_LATENCY_MS)

  const launchUntilLive = async (kind: PageKind, run: number) => {
    const marker = `Grace Hopper ${run}-${randomBytes(3).toString('hex')}`
    await standIns.call.setServerName(marker)
    const logsFrom = await standIns.call.logLengths()
    const app = await launchApp({
      build: kind === 'harbor' ? shipped : reference,
      profile,
      ...reaching(standIns),
      pageInitScripts: [liveProbe(marker)],
    })
    try {
      const window = await app.firstWindow(30_000)
      const windowCreatedAt = Date.now()
      // Polled from here (a string predicate would need eval, which the CSP refuses); the page took the time.
      const liveAt = await pollLiveAt(window.page, 60_000)
      const milestones = await window.page.evaluate(() => {
        const timeline = performance as unknown as PagePerformance
        const origin = timeline.timeOrigin
        const entries: Array<{ label: string; at: number }> = [{ label: 'navigation start', at: origin }]
        // The document's own milestones: when its response began and ended, and when its parse was done.
        const [navigation] = timeline.getEntriesByType('navigation')
        if (navigation) {
          for (const [name, label] of [
            ['responseStart', 'document response started'],
            ['responseEnd', 'document arrived'],
            ['domInteractive', 'document parsed'],
            ['domContentLoadedEventEnd', 'DOMContentLoaded done'],
          ] as const) {
            const at = navigation[name]
            if (at) entries.push({ label, at: origin + at })
          }
        }
        for (const paint of timeline.getEntriesByType('paint'))
          entries.push({ label: paint.name, at: origin + paint.startTime })
        for (const mark of timeline.getEntriesByType('mark'))
          entries.push({ label: `mark ${mark.name}`, at: origin + mark.startTime })
        for (const resource of timeline.getEntriesByType('resource')) {
          const kind =
            resource.initiatorType === 'script' || resource.name.endsWith('.js')
              ? 'script'
              : resource.initiatorType === 'fetch'
                ? 'fetch'
                : null
          if (kind === null) continue
          const name = resource.name.replace(/^.*\//, '')
          entries.push({ label: `${kind} ${name} requested`, at: origin + resource.startTime })
          entries.push({
            label: `${kind} ${name} loaded`,
            at: origin + (resource.responseEnd ?? resource.startTime),
          })
        }
        return entries
      })
      const logs = await standIns.call.logsSince(logsFrom)
      return {
        app,
        page: window.page,
        sample: {
          kind,
          liveMs: liveAt - windowCreatedAt,
          windowCreatedAt,
          liveAt,
          ...logs,
          milestones,
        } satisfies LiveDataSample,
      }
    } catch (error) {
      const text = await app.windows[0]?.page
        .locator('body')
        .innerText({ timeout: 1000 })
        .catch(() => '(no page)')
      await app.kill()
      throw new Error(
        `${kind} run ${run} never showed live data: ${String(error)}\nscreen: ${text}\n${app.consoleLines.slice(-20).join('\n')}`,
        { cause: error },
      )
    }
  }

  const heapUsed = async (page: Page): Promise<number> => {
    const cdp = await page.context().newCDPSession(page)
    try {
      await cdp.send('HeapProfiler.collectGarbage')
      const usage = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number }
      return usage.usedSize
    } finally {
      await cdp.detach().catch(() => undefined)
    }
  }

  /** A heap snapshot (it collects garbage first), split into HeapParts and read for its compiled code (whose
   *  function, which tier: heap-snapshot.ts); the raw file kept when asked. */
  const snapshot = async (page: Page, file?: string): Promise<{ parts: HeapParts; code: CompiledCode }> => {
    const cdp = await page.context().newCDPSession(page)
    try {
      const chunks: string[] = []
      cdp.on('HeapProfiler.addHeapSnapshotChunk', (event) => chunks.push(event.chunk))
      await cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false })
      const text = chunks.join('')
      if (file) await writeFile(file, text)
      const graph = parseHeapSnapshot(text)
      return { parts: heapParts(graph), code: compiledCode(graph) }
    } finally {
      await cdp.detach().catch(() => undefined)
    }
  }

  return {
    async measure(kind, run) {
      const { app, sample } = await launchUntilLive(kind, run)
      // Quit only after the app settled (device registration, cache write), as a user's session would.
      await new Promise((resolve) => setTimeout(resolve, 1_000))
      await quit(app)
      return sample
    },
    async idleHeap(idleMs, { onProgress, snapshotDir } = {}) {
      const { app, page } = await launchUntilLive('harbor', 0)
      try {
        // What sign-in starts (users.store, the device registration, the cache write) is over by then.
        await page.waitForTimeout(5_000)
        const afterSignIn = await heapUsed(page)
        const atSignIn = await snapshot(page, snapshotDir && join(snapshotDir, 'after-sign-in.heapsnapshot'))
        const idleLogsFrom = await standIns.call.logLengths()
        const started = Date.now()
        const series: HeapSample['series'] = [{ atMs: 0, bytes: afterSignIn, parts: atSignIn.parts }]
        for (let left = idleMs; left > 0; left = idleMs - (Date.now() - started)) {
          await page.waitForTimeout(Math.min(left, 60_000))
          if (idleMs - (Date.now() - started) > 0) {
            const atMs = Date.now() - started
            const bytes = await heapUsed(page)
            series.push({ atMs, bytes, parts: (await snapshot(page)).parts })
          }
          onProgress?.(
            `idle ${Math.round((Date.now() - started) / 60_000)} of ${Math.round(idleMs / 60_000)} min`,
          )
        }
        const idled = Date.now() - started
        const afterIdle = await heapUsed(page)
        const atEnd = await snapshot(page, snapshotDir && join(snapshotDir, 'after-idle.heapsnapshot'))
        series.push({ atMs: idled, bytes: afterIdle, parts: atEnd.parts })
        const idleLogs = await standIns.call.logsSince(idleLogsFrom)
        // Still live at the end: the queries were subscribed the whole time. Asked after the last figure, and with
        // `evaluate`, whose helper the launch already put in the page: a locator would inject Playwright's selector
        // engine (a 330 KB script, ~0.75 MB of heap with its compiled code) between the two figures, as it did
        // until issue 16, and even `evaluate` compiles the function it is given.
        if (!(await page.evaluate(isLive))) throw new Error('Harbor was no longer live after the idle time')
        return {
          afterSignIn,
          afterIdle,
          idleMs: idled,
          series,
          parts: { afterSignIn: atSignIn.parts, afterIdle: atEnd.parts },
          compiled: {
            scripts: compiledGrowth(atSignIn.code, atEnd.code),
            attributedShare: 1 - atEnd.code.unattributed / atEnd.parts.code,
          },
          idleTraffic: {
            clerk: idleLogs.clerkRequests.filter((entry) => !isTokenCheck(entry)).map(describeRequest),
            backendToClerk: idleLogs.clerkRequests.filter(isTokenCheck).map(describeRequest),
            convex: idleLogs.convexFrames
              .filter((frame) => frame.direction !== 'handshake')
              .map((frame) => `${frame.direction === 'client' ? 'sent' : 'received'} ${frame.type}`),
          },
        }
      } finally {
        await quit(app)
      }
    },
    async stop() {
      await Promise.all(parts.reverse().map((part) => part.stop().catch(() => undefined)))
      // The reference build is per process (build.ts): nothing to keep.
      await rm(dirname(reference.outDir), { recursive: true, force: true })
    },
  }
}
