// Scripts the benchmark injects into the page before any of its own code runs. Playwright serialises each
// function with `toString()`, so they must be self-contained (no imports, no outer variables) and the file
// must stay erasable TypeScript (Node runs it with type stripping).
import type { DesktopApi, LastKnownUserRead, UpdateSnapshot } from '../../electron/shared/contract.ts'

export interface FakeDesktopInput {
  lastUserRead: LastKnownUserRead
  appVersion: string
}

/**
 * Stands in for the preload: `window.desktop` answering as the main process would for a user who signed in
 * before, plus Clerk's preload bridge holding a cached client token (as after a real sign-in).
 */
export function installFakeDesktop(input: FakeDesktopInput): void {
  const calls: Array<{ name: string; at: number }> = []
  const answer =
    <T>(name: string, value: T) =>
    (): Promise<T> => {
      calls.push({ name, at: performance.now() })
      return Promise.resolve(value)
    }
  const noSubscription = () => () => undefined
  const updates: UpdateSnapshot = {
    channel: 'stable',
    currentVersion: input.appVersion,
    state: { status: 'idle' },
  }
  const desktop: DesktopApi = {
    app: {
      getInfo: answer('app.getInfo', {
        productName: 'Harbor',
        version: input.appVersion,
        scheme: 'harbor',
        rendererOrigin: 'harbor://renderer',
        isPackaged: true,
        platform: 'linux',
      }),
    },
    device: {
      getInfo: answer('device.getInfo', {
        deviceId: 'bench-device-0001',
        name: 'Benchmark machine',
        platform: 'linux',
        appVersion: input.appVersion,
      }),
    },
    storage: {
      getPersistence: answer('storage.getPersistence', 'keychain'),
      onPersistenceChanged: noSubscription,
    },
    links: { onOpen: noSubscription, ready: answer('links.ready', undefined) },
    shell: { openExternal: answer('shell.openExternal', { ok: false, reason: 'not in the benchmark' }) },
    lastUser: {
      read: answer('lastUser.read', input.lastUserRead),
      write: answer('lastUser.write', undefined),
      forget: answer('lastUser.forget', undefined),
    },
    session: {
      clearLocal: answer('session.clearLocal', undefined),
      early: answer('session.early', null),
    },
    updates: {
      get: answer('updates.get', updates),
      setChannel: answer('updates.setChannel', updates),
      check: answer('updates.check', updates),
      install: answer('updates.install', undefined),
      later: answer('updates.later', updates),
      onState: noSubscription,
    },
    log: { write: answer('log.write', undefined) },
    appearance: { get: answer('appearance.get', 'system'), set: answer('appearance.set', 'system') },
    sidebar: {
      getCollapsed: answer('sidebar.getCollapsed', false),
      setCollapsed: answer('sidebar.setCollapsed', false),
    },
    recovery: { takeNotice: answer('recovery.takeNotice', null) },
  }
  const clerkBridge = {
    tokenCache: {
      // A syntactically valid JWT: Clerk only sends it to its (unreachable) Frontend API.
      getToken: () => Promise.resolve('eyJhbGciOiJIUzI1NiJ9.eyJpZCI6ImNsaWVudF9iZW5jaCJ9.c2lnbmF0dXJl'),
      saveToken: () => Promise.resolve(),
      clearToken: () => Promise.resolve(),
    },
    oauthTransport: {
      getRedirectUrl: () => Promise.resolve('harbor://oauth-callback'),
      open: () => new Promise<never>(() => undefined),
    },
  }
  const page = globalThis as unknown as Record<string, unknown>
  page.desktop = Object.freeze(desktop)
  page.__clerk_internal_electron = Object.freeze(clerkBridge)
  page.__benchDesktopCalls = calls
}

export interface PageObservations {
  /** `performance.now()` in the frame where the target first rendered visible; null if it never did. */
  visibleAt: number | null
  firstContentfulPaint: number | null
  /** `performance.timeOrigin`: navigation start as ms since the epoch, to place network events. */
  timeOrigin: number
  webSockets: Array<{ url: string; startedAt: number }>
}

// The browser globals `observePage` uses, declared here because this file is compiled with Node's types only.
interface BrowserGlobals {
  performance: { now(): number; timeOrigin: number }
  document: {
    querySelector(selector: string): {
      getBoundingClientRect(): { width: number; height: number }
      checkVisibility(options: { opacityProperty: boolean; visibilityProperty: boolean }): boolean
    } | null
  }
  MutationObserver: new (callback: () => void) => {
    observe(target: unknown, options: { childList: boolean; subtree: boolean; attributes: boolean }): void
    disconnect(): void
  }
  PerformanceObserver: new (
    callback: (list: { getEntries(): Array<{ name: string; startTime: number }> }) => void,
  ) => {
    observe(options: { type: string; buffered: boolean }): void
  }
  requestAnimationFrame(callback: () => void): number
  WebSocket: new (url: string | URL, protocols?: string | string[]) => object
  __benchObservations?: PageObservations
  __benchVisible?: Promise<number>
}

/**
 * Records when `selector` first matches a rendered, visible element, the first contentful paint, and every
 * WebSocket the page opens (CDP reports those late, so they are timed from inside the page). `__benchVisible`
 * resolves in that frame: the benchmark awaits it over CDP instead of polling with Playwright's
 * `waitForFunction`, whose injected script (~20 ms of the page's main thread, measured in a trace) would
 * otherwise run in the middle of the load it measures.
 */
export function observePage(selector: string): void {
  const page = globalThis as unknown as BrowserGlobals
  const observations: PageObservations = {
    visibleAt: null,
    firstContentfulPaint: null,
    timeOrigin: page.performance.timeOrigin,
    webSockets: [],
  }
  page.__benchObservations = observations
  let markVisible: (at: number) => void = () => undefined
  page.__benchVisible = new Promise<number>((resolve) => (markVisible = resolve))

  const NativeWebSocket = page.WebSocket
  page.WebSocket = class extends NativeWebSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      observations.webSockets.push({ url: String(url), startedAt: page.performance.now() })
      super(url, protocols)
    }
  }

  new page.PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      if (entry.name === 'first-contentful-paint') observations.firstContentfulPaint = entry.startTime
    }
  }).observe({ type: 'paint', buffered: true })

  const isVisible = (): boolean => {
    const element = page.document.querySelector(selector)
    if (!element) return false
    const box = element.getBoundingClientRect()
    return (
      box.width > 0 &&
      box.height > 0 &&
      element.checkVisibility({ opacityProperty: true, visibilityProperty: true })
    )
  }
  // Checked on every DOM change, timed in the next animation frame: that frame is the one that paints it.
  const mutations = new page.MutationObserver(() => {
    if (observations.visibleAt !== null || !isVisible()) return
    mutations.disconnect()
    page.requestAnimationFrame(() => {
      observations.visibleAt = page.performance.now()
      markVisible(observations.visibleAt)
    })
  })
  mutations.observe(page.document, { childList: true, subtree: true, attributes: true })
}

export interface InteractiveTargets {
  /** React's own element: present once React has committed (the snapshot does not carry it). */
  attached: string
  /** What a user clicks (inside `attached`). */
  button: string
  /** What the click opens. */
  opened: string
}

export interface InteractiveObservations {
  /** `performance.now()` in the frame React's `attached` element first rendered; null until then. */
  attachedAt: number | null
  /** The frame in which the click's result first rendered: the page answered a user. */
  openedAt: number | null
}

interface InteractiveGlobals {
  performance: { now(): number }
  document: {
    querySelector(selector: string): { click(): void } | null
    documentElement: unknown
  }
  MutationObserver: BrowserGlobals['MutationObserver']
  requestAnimationFrame(callback: () => void): number
  __benchInteractive?: InteractiveObservations
  /** Resolves in the frame the menu showed in (awaited over CDP, as `__benchVisible`). */
  __benchOpened?: Promise<number>
}

/**
 * Time to interactive as a user meets it: as soon as React's shell is on screen, click the account button
 * (as a user who clicked the painted frame would, again, once it answers), and record the frame in which the
 * menu shows. A click that lands before React attached does nothing, so it is not attempted.
 */
export function observeInteractive(targets: InteractiveTargets): void {
  const page = globalThis as unknown as InteractiveGlobals
  const observations: InteractiveObservations = { attachedAt: null, openedAt: null }
  page.__benchInteractive = observations
  let markOpened: (at: number) => void = () => undefined
  page.__benchOpened = new Promise<number>((resolve) => (markOpened = resolve))
  let clicked = false
  const mutations = new page.MutationObserver(() => {
    if (!clicked) {
      const button = page.document.querySelector(`${targets.attached} ${targets.button}`)
      if (!button) return
      clicked = true
      page.requestAnimationFrame(() => {
        observations.attachedAt = page.performance.now()
      })
      button.click()
      return
    }
    if (observations.openedAt !== null || !page.document.querySelector(targets.opened)) return
    mutations.disconnect()
    page.requestAnimationFrame(() => {
      observations.openedAt = page.performance.now()
      markOpened(observations.openedAt)
    })
  })
  mutations.observe(page.document, { childList: true, subtree: true, attributes: true })
}
