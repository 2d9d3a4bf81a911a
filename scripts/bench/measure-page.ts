// One measured page load in a fresh browser context: the page's files come from `serve` (the app's own
// protocol handler), every other request fails as it does without a network (or is held unanswered), and the
// page reports when the target element first painted.
import type { Browser, CDPSession, Route } from 'playwright-core'
import {
  installFakeDesktop,
  observeInteractive,
  observePage,
  type FakeDesktopInput,
  type InteractiveObservations,
  type InteractiveTargets,
  type PageObservations,
} from './page-scripts.ts'

export const PAGE_ORIGIN = 'http://renderer'

/**
 * `fail`: every request off the page's origin fails at once, like DNS without a network (the usual offline case).
 * `hold`: those requests are never answered until the target has painted, like a black-holed network. If the
 * target paints anyway, nothing it needed was awaited.
 */
export type NetworkMode = 'fail' | 'hold'

export type RequestKind = 'app-file' | 'clerk' | 'convex' | 'other' | 'inline'

export interface PageLoad {
  browser: Browser
  path: string
  selector: string
  serve: (url: string) => Promise<Response>
  desktop: FakeDesktopInput | null
  network: NetworkMode
  classify: (url: string) => RequestKind
  timeoutMs: number
  /** Write a Chromium performance trace of this load to this file (open it in chrome://tracing or Perfetto). */
  tracePath?: string
  /** Also measure when React attached and the page answered a click (observeInteractive). */
  interactive?: InteractiveTargets
}

export interface StartedRequest {
  kind: RequestKind
  url: string
  /** ms after navigation start. */
  startedAt: number
  websocket: boolean
}

export type PageLoadResult =
  | {
      ok: true
      visibleMs: number
      firstContentfulPaintMs: number | null
      /** Requests (and WebSockets) started before the target painted. */
      beforePaint: StartedRequest[]
      /** Off-origin requests that were still unanswered when the target painted (hold mode). */
      unansweredAtPaint: number
      /** `window.desktop` methods the page called before the target painted, in order. */
      desktopCalls: string[]
      /** When the page's own code first called `window.desktop`: its bundle has been fetched, parsed and run. */
      firstDesktopCallMs: number | null
      /** When the last of the page's own HTML, scripts and stylesheets that arrived before the paint did. */
      filesLoadedMs: number
      /** When the document's response had fully arrived. */
      documentLoadedMs?: number
      /** The document's module script and its module preloads: when the first was requested and the last arrived
       * (the app's are held until its frame has painted, electron/shared/after-first-frame.ts). */
      scriptsRequestedMs?: number | null
      scriptsArrivedMs?: number | null
      /** The app's own performance marks (renderer/src/main.tsx): its entry module's body began (everything it
       * imports has run), and React's first render began. */
      entryBodyMs?: number | null
      renderStartMs?: number | null
      /** With `interactive`: the frame React's shell first rendered, and the one the clicked menu showed in. */
      attachedMs?: number | null
      interactiveMs?: number | null
    }
  | { ok: false; reason: string; seen: string }

interface PageState {
  __benchInteractive?: InteractiveObservations
  __benchObservations?: PageObservations
  __benchDesktopCalls?: Array<{ name: string; at: number }>
}

function describePage(html: string, text: string): string {
  const testIds = [...html.matchAll(/<[^>]*data-testid="([^"]*)"[^>]*>/g)].map((match) => {
    const mode = /data-mode="([^"]*)"/.exec(match[0])
    return mode ? `${match[1]}[mode=${mode[1]}]` : match[1]
  })
  const visibleText = text.replace(/\s+/g, ' ').trim().slice(0, 160)
  return `test ids: ${testIds.join(', ') || 'none'}; text: "${visibleText}"`
}

/**
 * Waits for a promise the page's observer scripts publish (`globalThis[name]`, see page-scripts.ts) through CDP's
 * `Runtime.evaluate`, which runs nothing in the page but that one expression. Playwright's `waitForFunction`
 * would inject its selector engine and poll in the page's main thread while the load is being measured (a
 * trace showed ~28 ms of it just when the app's entry script was due to run). True if it resolved in time.
 */
async function awaitInPage(cdp: CDPSession, name: string, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs
  let timer: ReturnType<typeof setTimeout> | undefined
  const timedOut = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)))
  try {
    while (Date.now() < deadline) {
      // Right after the navigation commits the document's context may still be the old one (its promise is
      // missing, or the context goes away under the call): ask again shortly.
      const answer = cdp
        .send('Runtime.evaluate', {
          expression: `globalThis.${name} ?? null`,
          awaitPromise: true,
          returnByValue: true,
        })
        .then((reply) => reply.result.value !== null && reply.result.value !== undefined)
        .catch(() => null)
      const resolved = await Promise.race([answer, timedOut])
      if (resolved === true) return true
      if (resolved === false && Date.now() >= deadline) return false
      await new Promise((resolve) => setTimeout(resolve, 10))
    }
    return false
  } finally {
    clearTimeout(timer)
  }
}

export async function loadPage(load: PageLoad): Promise<PageLoadResult> {
  const context = await load.browser.newContext({ serviceWorkers: 'block' })
  const held: Route[] = []
  try {
    const page = await context.newPage()
    // CDP timestamps requests when Chromium creates them; Playwright's own events arrive later.
    const cdp = await context.newCDPSession(page)
    const started = new Map<string, { url: string; wallTimeMs: number }>()
    cdp.on('Network.requestWillBeSent', (event) => {
      if (!started.has(event.requestId)) {
        started.set(event.requestId, { url: event.request.url, wallTimeMs: event.wallTime * 1000 })
      }
    })
    await cdp.send('Network.enable')

    await context.route('**/*', async (route) => {
      const url = route.request().url()
      if (url.startsWith(`${PAGE_ORIGIN}/`)) {
        const response = await load.serve(url)
        await route.fulfill({
          status: response.status,
          headers: Object.fromEntries(response.headers),
          body: Buffer.from(await response.arrayBuffer()),
        })
      } else if (load.network === 'hold') {
        held.push(route)
      } else {
        await route.abort('namenotresolved')
      }
    })
    if (load.desktop) await page.addInitScript(installFakeDesktop, load.desktop)
    await page.addInitScript(observePage, load.selector)
    if (load.interactive) await page.addInitScript(observeInteractive, load.interactive)

    if (load.tracePath) await load.browser.startTracing(page, { path: load.tracePath, screenshots: true })
    await page.goto(`${PAGE_ORIGIN}${load.path}`, { waitUntil: 'commit' })
    if (!(await awaitInPage(cdp, '__benchVisible', load.timeoutMs))) {
      const [html, text] = await Promise.all([
        page.content(),
        page
          .locator('body')
          .innerText()
          .catch(() => ''),
      ])
      return {
        ok: false,
        reason: `${load.selector} did not become visible within ${load.timeoutMs} ms`,
        seen: describePage(html, text),
      }
    }
    let interactive: InteractiveObservations | null = null
    if (load.interactive && (await awaitInPage(cdp, '__benchOpened', load.timeoutMs))) {
      interactive = await page.evaluate(() => (globalThis as unknown as PageState).__benchInteractive!)
    }
    if (load.tracePath) await load.browser.stopTracing()
    const visibleMs = await page.evaluate(
      () => (globalThis as unknown as PageState).__benchObservations!.visibleAt!,
    )
    // The paint entry is delivered a little after the frame it describes.
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
    const state = await page.evaluate(
      ({ origin, paintedAt }) => {
        const page = globalThis as unknown as PageState & {
          document: {
            querySelectorAll(selector: string): Iterable<{ src?: string; href?: string }>
            querySelector(selector: string): { src: string } | null
          }
          performance: {
            getEntriesByType(type: string): unknown[]
            getEntriesByName(name: string): Array<{ startTime: number }>
            getEntries(): Array<{
              name: string
              entryType: string
              initiatorType?: string
              responseEnd?: number
            }>
          }
        }
        const ownFiles = page.performance
          .getEntries()
          // The document, its scripts and stylesheets; not the favicon or anything fetched later by the app.
          .filter(
            (e) =>
              e.entryType === 'navigation' ||
              (e.entryType === 'resource' && ['script', 'link'].includes(e.initiatorType ?? '')),
          )
          .filter((e) => e.name.startsWith(origin) && (e.responseEnd ?? 0) <= paintedAt)
        const navigation = page.performance.getEntries().find((e) => e.entryType === 'navigation')
        // By now the held scripts are real again: a module script and its module preloads.
        const scriptUrls = new Set(
          [
            ...page.document.querySelectorAll('script[type="module"][src], link[rel="modulepreload"][href]'),
          ].map((element) => element.src || element.href || ''),
        )
        const scripts = (
          page.performance.getEntriesByType('resource') as Array<{
            name: string
            fetchStart: number
            responseEnd: number
          }>
        ).filter((e) => scriptUrls.has(e.name))
        // The document's own: requested with its module script, not the preloads the app's code adds for a
        // chunk it imports later (those start once the entry runs, after it has arrived).
        const entry = scripts.find(
          (e) => e.name === page.document.querySelector('script[type="module"][src]')?.src,
        )
        const documentScripts = entry ? scripts.filter((e) => e.fetchStart <= entry.responseEnd) : []
        const mark = (name: string) => page.performance.getEntriesByName(name)[0]?.startTime ?? null
        return {
          scriptsRequestedMs: entry ? Math.min(...documentScripts.map((e) => e.fetchStart)) : null,
          scriptsArrivedMs: entry ? Math.max(...documentScripts.map((e) => e.responseEnd)) : null,
          entryBodyMs: mark('harbor:entry'),
          renderStartMs: mark('harbor:render'),
          observations: page.__benchObservations!,
          desktopCalls: page.__benchDesktopCalls ?? [],
          filesLoadedMs: Math.max(0, ...ownFiles.map((e) => e.responseEnd ?? 0)),
          documentLoadedMs: navigation?.responseEnd ?? 0,
        }
      },
      { origin: PAGE_ORIGIN, paintedAt: visibleMs },
    )
    const { observations } = state
    const http: StartedRequest[] = [...started.values()].map(({ url, wallTimeMs }) => ({
      kind: load.classify(url),
      url,
      startedAt: wallTimeMs - observations.timeOrigin,
      websocket: false,
    }))
    const sockets: StartedRequest[] = observations.webSockets.map(({ url, startedAt }) => ({
      kind: load.classify(url),
      url,
      startedAt,
      websocket: true,
    }))
    const beforePaint = [...http, ...sockets].filter((request) => request.startedAt <= visibleMs)
    // In hold mode no off-origin HTTP request is answered before the target paints (WebSockets are not held:
    // they fail as without a network).
    const offOrigin = beforePaint.filter((r) => !r.websocket && r.kind !== 'app-file' && r.kind !== 'inline')
    return {
      ok: true,
      visibleMs,
      firstContentfulPaintMs: observations.firstContentfulPaint,
      beforePaint,
      unansweredAtPaint: load.network === 'hold' ? offOrigin.length : 0,
      desktopCalls: state.desktopCalls.filter((call) => call.at <= visibleMs).map((call) => call.name),
      firstDesktopCallMs: state.desktopCalls[0]?.at ?? null,
      filesLoadedMs: state.filesLoadedMs,
      documentLoadedMs: state.documentLoadedMs,
      scriptsRequestedMs: state.scriptsRequestedMs,
      scriptsArrivedMs: state.scriptsArrivedMs,
      entryBodyMs: state.entryBodyMs,
      renderStartMs: state.renderStartMs,
      ...(load.interactive
        ? { attachedMs: interactive?.attachedAt ?? null, interactiveMs: interactive?.openedAt ?? null }
        : {}),
    }
  } finally {
    await Promise.all(held.map((route) => route.abort('namenotresolved').catch(() => undefined)))
    await context.close()
  }
}
