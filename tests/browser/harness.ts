// Real Chromium against the BUILT renderer, the way Electron runs it: files answered by the main process's own
// protocol resolver (`serveRendererRequest`), `window.desktop` backed by the real main-process modules (invoke
// handlers, keychain storage over an in-memory keytar, the encrypted last-known-user store), and Clerk's
// preload bridge backed by the same storage. Nothing here reimplements app logic.
import { existsSync, readFileSync } from 'node:fs'
import * as fs from 'node:fs/promises'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium, type BrowserContext, type Page } from 'playwright-core'
import type { DeviceInfo, EventChannels, InvokeChannel, LastKnownUser } from '../../electron/shared/contract'
import { buildContentSecurityPolicy } from '../../electron/main/csp'
import { createInvokeHandlers } from '../../electron/main/invoke-handlers'
import {
  createKeychainStorage,
  isClerkKey,
  limitToKeys,
  type KeychainBackend,
} from '../../electron/main/keychain-storage'
import { createLastKnownUserStore } from '../../electron/main/last-known-user'
import { serveRendererRequest } from '../../electron/main/renderer-protocol'
import { createSidebarSetting, SIDEBAR_FILE, type SidebarSetting } from '../../electron/main/sidebar-setting'
import { nodeUpdateSettingsFiles } from '../../electron/main/update-settings'
import type { FirstFrameInput } from '../../electron/shared/first-frame'
import { CLERK_FRONTEND_API_HOST, CONVEX_URL, PUBLISHABLE_KEY } from '../fullstack/hosts'

// HARBOR_CHROMIUM names the binary (missing = a launch error, not a silent fallback); else Debian's chromium
// (`apt-get install chromium`, as in CI); else, as on the macOS/Windows runners, the installed Google Chrome.
const DEBIAN_CHROMIUM = '/usr/bin/chromium'
const browserToLaunch = process.env.HARBOR_CHROMIUM
  ? { executablePath: process.env.HARBOR_CHROMIUM }
  : existsSync(DEBIAN_CHROMIUM)
    ? { executablePath: DEBIAN_CHROMIUM }
    : { channel: 'chrome' }
// A secure origin, as the app's scheme is (registered `secure: true` in electron/main/index.ts): Chromium lets only
// secure contexts reach loopback stand-ins, and secure-context APIs behave as in the app. Every request to it is
// answered by a route, so no certificate is involved.
export const RENDERER_ORIGIN = 'https://renderer'
/**
 * The public configuration the shipped build is compiled with (tests/fullstack/hosts.ts, shared with the
 * fullstack project so one build serves both). No stand-in runs here and Chromium resolves no name at all
 * (`MAP * ~NOTFOUND` below), so the Frontend API and Convex are unreachable on every machine, with or without
 * internet.
 */
export const UNREACHABLE_FAPI_HOST = CLERK_FRONTEND_API_HOST
export const TEST_PUBLISHABLE_KEY = PUBLISHABLE_KEY
export const TEST_CONVEX_URL = CONVEX_URL
export const KEYCHAIN_SERVICE = 'Harbor (browser test)'

export const THIS_DEVICE: DeviceInfo = {
  deviceId: 'device-this-one',
  name: 'test-laptop',
  platform: 'linux',
  appVersion: '0.1.0',
}

/** A cached last known user with this device and one other, last confirmed online at `confirmedOnlineAt`. */
export function cachedUser(clerkUserId: string, confirmedOnlineAt: number): LastKnownUser {
  return {
    version: 1,
    clerkUserId,
    profile: { name: 'Grace Hopper', email: 'grace@example.com' },
    devices: [
      { ...THIS_DEVICE, lastSeenAt: confirmedOnlineAt - 1_000 },
      {
        deviceId: 'device-office-desktop',
        name: 'office-desktop',
        platform: 'windows',
        appVersion: '0.1.0',
        lastSeenAt: confirmedOnlineAt - 86_400_000,
      },
    ],
    confirmedOnlineAt,
  }
}

/** keytar's surface over a Map, so the test can look inside the "keychain". */
export function createMemoryKeychain(): KeychainBackend & { entries: Map<string, string> } {
  const entries = new Map<string, string>()
  const id = (service: string, account: string) => `${service}\u0000${account}`
  return {
    entries,
    getPassword: async (service, account) => entries.get(id(service, account)) ?? null,
    setPassword: async (service, account, password) => void entries.set(id(service, account), password),
    deletePassword: async (service, account) => entries.delete(id(service, account)),
    findCredentials: async (service) =>
      [...entries]
        .filter(([key]) => key.startsWith(`${service}\u0000`))
        .map(([key, password]) => ({ account: key.slice(service.length + 1), password })),
  }
}

export interface DesktopFixture {
  dir: string
  keychain: ReturnType<typeof createMemoryKeychain>
  storage: ReturnType<typeof createKeychainStorage>
  lastUser: ReturnType<typeof createLastKnownUserStore>
  lastUserFile: string
  /** The main process's sidebar setting over a real file in `dir` (electron/main/sidebar-setting.ts). */
  sidebar: SidebarSetting
  sidebarFile: string
  openedExternally: string[]
  cleanup(): Promise<void>
}

export async function createDesktopFixture(): Promise<DesktopFixture> {
  const dir = await mkdtemp(join(tmpdir(), 'harbor-desktop-'))
  const keychain = createMemoryKeychain()
  const storage = createKeychainStorage({
    service: KEYCHAIN_SERVICE,
    keychain,
    fallbackCipher: async () => null,
    fallbackFilePath: join(dir, 'fallback.bin'),
  })
  const lastUserFile = join(dir, 'last-known-user.json')
  const lastUser = createLastKnownUserStore({ storage, filePath: lastUserFile })
  const sidebarFile = join(dir, SIDEBAR_FILE)
  const sidebar = createSidebarSetting({
    files: nodeUpdateSettingsFiles(sidebarFile, { readFileSync, promises: fs }),
    log: { warn: () => undefined },
  })
  return {
    dir,
    keychain,
    storage,
    lastUser,
    lastUserFile,
    sidebar,
    sidebarFile,
    openedExternally: [],
    cleanup: () => rm(dir, { recursive: true, force: true }),
  }
}

// Runs in the page before any app script: the same `window.desktop` shape the preload builds
// (electron/preload/desktop-api.ts), over bindings instead of ipcRenderer, plus Clerk's bridge, plus a
// recorder of which screen was shown when (so "connecting appears at once" is checked, not assumed).
const INIT_SCRIPT = `(() => {
  const invoke = (channel) => (...args) => window.__harborInvoke(channel, ...args)
  const listeners = new Map()
  const subscribe = (channel) => (listener) => {
    if (!listeners.has(channel)) listeners.set(channel, new Set())
    listeners.get(channel).add(listener)
    return () => listeners.get(channel).delete(listener)
  }
  Object.defineProperty(window, '__harborEmit', {
    value: (channel, payload) => { for (const listener of listeners.get(channel) ?? []) listener(payload) },
  })
  window.desktop = Object.freeze({
    app: { getInfo: invoke('app:get-info') },
    device: { getInfo: invoke('device:get-info') },
    storage: { getPersistence: invoke('storage:get-persistence'), onPersistenceChanged: subscribe('storage:persistence-changed') },
    links: { onOpen: subscribe('links:open'), ready: invoke('links:renderer-ready') },
    shell: { openExternal: invoke('shell:open-external') },
    lastUser: { read: invoke('last-user:read'), write: invoke('last-user:write'), forget: invoke('last-user:forget') },
    session: { clearLocal: invoke('session:clear-local'), early: invoke('session:early') },
    updates: {
      get: invoke('updates:get'), setChannel: invoke('updates:set-channel'), check: invoke('updates:check'),
      install: invoke('updates:install'), onState: subscribe('updates:state'),
    },
    log: { write: invoke('log:write') },
    appearance: { get: invoke('appearance:get'), set: invoke('appearance:set') },
    sidebar: { getCollapsed: invoke('sidebar:get'), setCollapsed: invoke('sidebar:set') },
    recovery: { takeNotice: invoke('recovery:take-notice') },
  })
  window.__clerk_internal_electron = {
    tokenCache: {
      getToken: (key) => window.__harborClerkToken('get', key),
      saveToken: (key, value) => window.__harborClerkToken('save', key, value),
      clearToken: (key) => window.__harborClerkToken('clear', key),
    },
    oauthTransport: {
      getRedirectUrl: async () => 'harbor-test://renderer/oauth-callback',
      open: async () => { throw new Error('OAuth is not available in browser tests') },
    },
  }
  // What the page tried to reach and what its CSP refused, recorded before any app script runs.
  const fetches = []
  Object.defineProperty(window, '__harborFetches', { value: fetches })
  const realFetch = window.fetch
  window.fetch = function (input, init) {
    try { fetches.push(String(input instanceof Request ? input.url : input)) } catch {}
    return realFetch.call(this, input, init)
  }
  const cspViolations = []
  Object.defineProperty(window, '__harborCspViolations', { value: cspViolations })
  document.addEventListener('securitypolicyviolation', (event) => {
    cspViolations.push(event.violatedDirective + ' ' + event.blockedURI)
  })
  const screens = []
  Object.defineProperty(window, '__harborScreens', { value: screens })
  const record = () => {
    const shell = document.querySelector('[data-testid="app-shell"]')
    const screen = document.querySelector('[data-screen]')
    const name = shell ? 'shell:' + shell.getAttribute('data-mode') : screen ? screen.getAttribute('data-screen') : 'blank'
    if (screens[screens.length - 1] !== name) screens.push(name)
  }
  document.addEventListener('DOMContentLoaded', () => {
    record()
    new MutationObserver(record).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-screen', 'data-mode'] })
  })
})()`

export interface LaunchedApp {
  context: BrowserContext
  page: Page
  pageErrors: Error[]
  /** Console messages of type error, in order. */
  consoleErrors: string[]
  /** Requests the page made to hosts other than the renderer, in order. */
  externalRequests: string[]
  screens(): Promise<string[]>
  /** URLs the page passed to `fetch`, in order (attempted, whether or not the CSP let them out). */
  fetches(): Promise<string[]>
  /** CSP violations the page reported (`<directive> <blocked URI>`). */
  cspViolations(): Promise<string[]>
  emit<C extends keyof EventChannels>(channel: C, payload: EventChannels[C]): Promise<void>
  close(): Promise<void>
}

export interface LaunchOptions {
  rendererDir: string
  desktop: DesktopFixture
  publishableKey?: string
  convexUrl?: string
  offline?: boolean
  /** Delay before failing requests to the (unreachable) Frontend API, like a slow DNS timeout. */
  fapiDelayMs?: number
  /**
   * A Clerk Frontend API stand-in (tests/fullstack/clerk) to answer for the Frontend API host: Chromium maps the
   * host to its loopback port and accepts its self-signed certificate. Every other name still fails.
   */
  clerk?: { host: string; port: number }
  /** A Convex stand-in (tests/fullstack/convex) for the deployment host, mapped the same way. */
  convex?: { host: string; port: number }
  /** The main process's startup snapshot (electron/main/first-frame.ts), served in the document as the app does. */
  firstFrame?: (pathname: string) => Promise<FirstFrameInput>
}

export async function launchApp(options: LaunchOptions): Promise<LaunchedApp> {
  const profile = await mkdtemp(join(tmpdir(), 'harbor-chromium-'))
  const resolverRules = [
    ...[options.clerk, options.convex].flatMap((standIn) =>
      standIn ? [`MAP ${standIn.host} 127.0.0.1:${standIn.port}`] : [],
    ),
    'MAP * ~NOTFOUND',
  ].join(', ')
  const context = await chromium.launchPersistentContext(profile, {
    ...browserToLaunch,
    headless: true,
    viewport: { width: 1000, height: 680 },
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      // Without this clerk-js sees a bot and reports "signed out" at once, hiding what users really get.
      '--disable-blink-features=AutomationControlled',
      // Nothing reaches the network: the renderer origin is answered by page routes before any lookup, a
      // stand-in's host goes to its loopback port, and every other name fails to resolve, as with no connection.
      `--host-resolver-rules=${resolverRules}`,
      ...(options.clerk || options.convex ? ['--ignore-certificate-errors'] : []),
    ],
  })
  // Chromium blocks a public origin's requests to loopback (Local Network Access) unless granted: a test-setup
  // artefact of mapping a public name to 127.0.0.1.
  if (options.clerk || options.convex) await context.grantPermissions(['local-network-access'])
  const { desktop } = options
  const handlers = createInvokeHandlers({
    appInfo: () => ({
      productName: 'Harbor',
      version: '0.1.0',
      scheme: 'harbor-test',
      rendererOrigin: RENDERER_ORIGIN,
      isPackaged: false,
      platform: 'linux',
    }),
    deviceInfo: async () => THIS_DEVICE,
    storage: desktop.storage,
    rendererReady: () => undefined,
    // No main process reads Clerk's client here: the page waits for clerk-js, as after a reload.
    earlySession: async () => null,
    openExternal: async (url) => void desktop.openedExternally.push(url),
    lastUser: desktop.lastUser,
    updates: {
      snapshot: () => ({
        channel: 'stable',
        currentVersion: '0.1.0',
        state: { status: 'disabled', reason: 'browser test' },
      }),
      setChannel: async () => {
        throw new Error('not in browser tests')
      },
      check: async () => ({
        channel: 'stable',
        currentVersion: '0.1.0',
        state: { status: 'disabled', reason: 'browser test' },
      }),
      install: () => undefined,
      later: () => ({
        channel: 'stable',
        currentVersion: '0.1.0',
        state: { status: 'disabled', reason: 'browser test' },
      }),
    },
    rendererLog: () => undefined,
    appearance: { get: () => 'system', set: async (mode) => mode },
    sidebar: desktop.sidebar,
    recovery: { takeNotice: () => null },
    log: { warn: () => undefined },
  })
  const clerkStorage = limitToKeys(desktop.storage, isClerkKey, 'Clerk bridge')
  await context.exposeBinding('__harborInvoke', (_source, channel: InvokeChannel, ...args: unknown[]) => {
    const handler = handlers[channel] as ((...a: unknown[]) => unknown) | undefined
    if (!handler) throw new Error(`unknown channel ${String(channel)}`)
    return handler(...args)
  })
  await context.exposeBinding(
    '__harborClerkToken',
    async (_source, op: 'get' | 'save' | 'clear', key: string, value?: string) => {
      if (op === 'get') return clerkStorage.getItem(key)
      if (op === 'save') return clerkStorage.setItem(key, value ?? '')
      return clerkStorage.removeItem(key)
    },
  )
  await context.addInitScript(INIT_SCRIPT)

  const publishableKey = options.publishableKey ?? ''
  const contentSecurityPolicy = buildContentSecurityPolicy({
    publishableKey,
    convexUrl: options.convexUrl ?? '',
    mode: 'production',
  })
  const externalRequests: string[] = []
  await context.route('**/*', async (route) => {
    const url = route.request().url()
    if (url.startsWith(`${RENDERER_ORIGIN}/`)) {
      const response = await serveRendererRequest(
        url,
        {
          scheme: 'https',
          host: 'renderer',
          rootDir: options.rendererDir,
          contentSecurityPolicy,
          ...(options.firstFrame ? { firstFrame: options.firstFrame } : {}),
        },
        { fetchDest: route.request().headers()['sec-fetch-dest'] ?? null },
      )
      await route.fulfill({
        status: response.status,
        headers: Object.fromEntries(response.headers),
        body: Buffer.from(await response.arrayBuffer()),
      })
      return
    }
    externalRequests.push(url)
    if (options.fapiDelayMs && new URL(url).hostname === UNREACHABLE_FAPI_HOST) {
      await new Promise((resolve) => setTimeout(resolve, options.fapiDelayMs))
    }
    // Everything else is really attempted, and fails to resolve (the host resolver rule above).
    await route.fallback()
  })
  if (options.offline) await context.setOffline(true)

  const page = context.pages()[0] ?? (await context.newPage())
  const pageErrors: Error[] = []
  page.on('pageerror', (error) => pageErrors.push(error))
  const consoleErrors: string[] = []
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text())
  })
  return {
    context,
    page,
    pageErrors,
    consoleErrors,
    externalRequests,
    screens: () => page.evaluate('[...window.__harborScreens]') as Promise<string[]>,
    fetches: () => page.evaluate('[...window.__harborFetches]') as Promise<string[]>,
    cspViolations: () => page.evaluate('[...window.__harborCspViolations]') as Promise<string[]>,
    emit: async (channel, payload) => {
      await page.evaluate(`window.__harborEmit(${JSON.stringify(channel)}, ${JSON.stringify(payload)})`)
    },
    close: async () => {
      await context.close()
      // Retries: on Windows, Chrome's helper processes can hold profile files for a moment after close().
      await rm(profile, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 })
    },
  }
}
