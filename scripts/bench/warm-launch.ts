// One "warm launch": Chromium started on a profile folder that earlier launches already used, the page loaded
// from a real HTTP server (see caching-server.ts), the browser closed again. From the second launch on, the
// HTTP cache holds the page's files and V8's code cache holds their compiled code, as in a desktop app started
// again from the same profile. Nothing is intercepted: interception would turn those caches off. Requests off
// the page's origin fail at once through the host resolver (the cold loads' `fail` mode).
import { readdir, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { chromium, type CDPSession } from 'playwright-core'
import {
  installFakeDesktop,
  observePage,
  type FakeDesktopInput,
  type PageObservations,
} from './page-scripts.ts'

export interface WarmLoad {
  profileDir: string
  url: string
  selector: string
  desktop: FakeDesktopInput | null
  executablePath: string
  args: string[]
  timeoutMs: number
  /** Record which scripts V8 compiled from its code cache (a Chromium trace; adds overhead, so not timed). */
  traceCodeCache?: boolean
}

export interface CompiledScript {
  url: string
  /** Bytes of compiled code V8 took from its cache instead of compiling; 0 when it compiled from source. */
  consumedCacheSize: number
  rejected: boolean
}

export type WarmLoadResult =
  | {
      ok: true
      visibleMs: number
      firstContentfulPaintMs: number | null
      /** The page's own scripts and stylesheets fetched before the paint, and how many came from the HTTP cache. */
      files: number
      filesFromHttpCache: number
      compiled: CompiledScript[] | null
    }
  | { ok: false; reason: string }

interface PageState {
  __benchObservations?: PageObservations
}

/**
 * The trace's compile events for the page's own scripts (`v8.compile` for classic scripts, `v8.compileModule`
 * for modules): Blink records there how many bytes of compiled code it took from the code cache.
 */
export function compiledScripts(events: unknown[], origin: string): CompiledScript[] {
  const found: CompiledScript[] = []
  for (const event of events) {
    const { name, args } = event as { name?: string; args?: { data?: Record<string, unknown> } }
    const data = args?.data
    if (name !== 'v8.compile' && name !== 'v8.compileModule') continue
    if (!data || typeof data.url !== 'string' || !data.url.startsWith(`${origin}/`)) continue
    found.push({
      url: data.url,
      consumedCacheSize: typeof data.consumedCacheSize === 'number' ? data.consumedCacheSize : 0,
      rejected: data.cacheRejected === true,
    })
  }
  return found
}

async function startTrace(cdp: CDPSession): Promise<() => Promise<unknown[]>> {
  const events: unknown[] = []
  cdp.on('Tracing.dataCollected', (message) => events.push(...message.value))
  await cdp.send('Tracing.start', {
    transferMode: 'ReportEvents',
    traceConfig: { includedCategories: ['v8', 'devtools.timeline', 'disabled-by-default-devtools.timeline'] },
  })
  return async () => {
    const complete = new Promise<void>((resolve) => cdp.once('Tracing.tracingComplete', () => resolve()))
    await cdp.send('Tracing.end')
    await complete
    return events
  }
}

export async function loadWarm(load: WarmLoad): Promise<WarmLoadResult> {
  const context = await chromium.launchPersistentContext(load.profileDir, {
    executablePath: load.executablePath,
    headless: true,
    args: load.args,
    serviceWorkers: 'block',
  })
  try {
    if (load.desktop) await context.addInitScript(installFakeDesktop, load.desktop)
    await context.addInitScript(observePage, load.selector)
    const page = context.pages()[0] ?? (await context.newPage())
    const stopTrace = load.traceCodeCache ? await startTrace(await context.newCDPSession(page)) : null
    await page.goto(load.url, { waitUntil: 'commit' })
    try {
      await page.waitForFunction(
        () => (globalThis as unknown as PageState).__benchObservations?.visibleAt != null,
        undefined,
        {
          timeout: load.timeoutMs,
          polling: 20,
        },
      )
    } catch {
      return { ok: false, reason: `${load.selector} did not become visible within ${load.timeoutMs} ms` }
    }
    await page
      .waitForFunction(
        () => (globalThis as unknown as PageState).__benchObservations?.firstContentfulPaint != null,
        undefined,
        {
          timeout: 2000,
          polling: 20,
        },
      )
      .catch(() => undefined)
    const origin = new URL(load.url).origin
    const state = await page.evaluate((origin) => {
      const page = globalThis as unknown as PageState & {
        performance: {
          getEntriesByType(type: string): Array<{
            name: string
            initiatorType: string
            responseEnd: number
            transferSize: number
            decodedBodySize: number
          }>
        }
      }
      const observations = page.__benchObservations!
      const files = page.performance
        .getEntriesByType('resource')
        .filter((e) => e.name.startsWith(origin) && ['script', 'link'].includes(e.initiatorType))
        .filter((e) => e.responseEnd <= observations.visibleAt!)
      return {
        visibleMs: observations.visibleAt!,
        firstContentfulPaintMs: observations.firstContentfulPaint,
        files: files.length,
        // A response from the HTTP cache transfers nothing over the network.
        filesFromHttpCache: files.filter((e) => e.transferSize === 0 && e.decodedBodySize > 0).length,
      }
    }, origin)
    const compiled = stopTrace ? compiledScripts(await stopTrace(), origin) : null
    return { ok: true, ...state, compiled }
  } finally {
    await context.close()
  }
}

/** Bytes Chromium holds in the profile's JavaScript code cache (`Default/Code Cache/js`). */
export async function codeCacheBytes(profileDir: string): Promise<number> {
  const dir = join(profileDir, 'Default', 'Code Cache', 'js')
  const names = await readdir(dir, { recursive: true }).catch(() => [] as string[])
  const sizes = await Promise.all(
    names.map(async (name) => {
      const info = await stat(join(dir, name)).catch(() => null)
      return info?.isFile() ? info.size : 0
    }),
  )
  return sizes.reduce((sum, size) => sum + size, 0)
}
