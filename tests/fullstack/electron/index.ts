// The emulated Electron runtime, test-process side. `createProfile()` is a user on a desktop machine: a home
// folder, a Secret Service (a private gnome-keyring) or none, a desktop session, a network whose stand-in hosts
// can go offline, URL-scheme registrations and a default web browser. `launchApp()` starts one app instance
// in its own Node process running the real built main bundle (child/main.ts); each of its windows is a page of a
// real Chromium (playwright-core) that this process drives: requests to the app's custom scheme are answered by
// the app's own protocol handler, IPC crosses a Playwright binding, navigation/permission/window-open decisions
// are asked of the app. See README.md for what is and is not reproduced.
import { fork, spawnSync, type ChildProcess } from 'node:child_process'
import { closeSync, existsSync, openSync, readFileSync, rmSync } from 'node:fs'
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  chromium,
  type Browser,
  type BrowserContext,
  type CDPSession,
  type Page,
  type Route,
} from 'playwright-core'
import { PROJECT_ROOT } from '../build'
import { CLERK_FRONTEND_API_HOST, CONVEX_DEPLOYMENT_HOST } from '../hosts'
import { startPrivateKeyring, type PrivateKeyring } from '../../keyring/private-keyring'
import { testCertificate } from '../tls'
import type { EmulatedDisplay, EmulationInit, Rect } from './child/electron.ts'
import type { StorageBackend } from './child/safe-storage.ts'
import { createNetwork, type Network } from './network'
import { emulatedScheme, toAppUrl, toPageUrl } from './origins'
import { BINDING, DELIVER, pageScript } from './page-script'
import { RpcChannel } from './rpc'

export type { Network } from './network'
export type { EmulatedDisplay, Rect } from './child/electron.ts'

const CLERK_IMAGES_HOST = 'img.clerk.com'
const CHILD_ENTRY = join(import.meta.dirname, 'child/main.ts')
const DEBIAN_CHROMIUM = '/usr/bin/chromium'
/** What `process.versions` says inside the emulated app (Electron 45's); the page's real Chromium is newer. */
const ELECTRON_VERSION = '45.5.0'
const ELECTRON_CHROME_VERSION = '140.0.7339.133'
const LAUNCH_TIMEOUT_MS = 15_000
const QUIT_TIMEOUT_MS = 5_000

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  // Without this clerk-js takes the browser for a bot and reports "signed out" at once.
  '--disable-blink-features=AutomationControlled',
  '--ignore-certificate-errors',
  // Chromium's own cookie encryption must not write into the test keyring the app's keychain items live in.
  '--password-store=basic',
]

function chromiumLaunch(): { executablePath?: string; channel?: string } {
  if (process.env.HARBOR_CHROMIUM) return { executablePath: process.env.HARBOR_CHROMIUM }
  if (existsSync(DEBIAN_CHROMIUM)) return { executablePath: DEBIAN_CHROMIUM }
  return { channel: 'chrome' }
}

/** Chromium's environment: no D-Bus session (nothing of the test keyring), no display. */
function chromiumEnv(): Record<string, string> {
  const env: Record<string, string> = {}
  for (const [name, value] of Object.entries(process.env)) {
    if (value === undefined || name.startsWith('DBUS_') || name === 'DISPLAY' || name === 'WAYLAND_DISPLAY')
      continue
    env[name] = value
  }
  return env
}

export interface StandIn {
  host: string
  port: number
}

// ==================================================================== profile (a user on a machine)

export interface ProfileOptions {
  /** A Secret Service on the session bus (a private gnome-keyring). Default true; false = no keyring at all. */
  secretService?: boolean
  /** The desktop session: decides Electron's safeStorage backend on Linux. Default 'gnome'. */
  desktop?: 'gnome' | 'kde' | 'none'
}

export interface KeychainItem {
  service: string
  account: string
  secret: string
}

export interface SchemeRegistration {
  scheme: string
  launch: LaunchOptions
}

export interface AppProfile {
  root: string
  home: string
  /** `app.getPath('appData')` (XDG_CONFIG_HOME). */
  appData: string
  /** `process.resourcesPath` of packaged launches (app-update.yml goes here). */
  resourcesDir: string
  network: Network
  secretService: boolean
  safeStorageBackend: Exclude<StorageBackend, 'unknown'>
  /** Environment every app process of this user gets (bus address, desktop session). */
  env: Record<string, string>
  /** Every instance launched for this user, running or not. */
  instances: AppInstance[]
  /** URLs handed to the default browser by shell.openExternal, in order. */
  openedExternally: string[]
  /** Links the "OS" handed to a registered scheme handler (a new app process), in order. */
  handedOff: string[]
  schemeHandlers: Map<string, SchemeRegistration>
  /** The default browser's pages (opened by shell.openExternal). */
  browserPages(): Page[]
  /** Items in the Secret Service, read with `secret-tool` (not through the app), sorted by account. */
  keychainItems(service?: string): KeychainItem[]
  /** The OS opens a link (xdg-open): a registered scheme starts its handler with the link as argument. */
  openLink(url: string): Promise<AppInstance | null>
  stop(): Promise<void>
}

const liveProfiles = new Set<AppProfile>()

/** Stops every profile (and so every app, browser, relay and keyring) still running: a safety net for afterEach. */
export async function stopAllProfiles(): Promise<void> {
  await Promise.all([...liveProfiles].map((profile) => profile.stop()))
}

export async function createProfile(options: ProfileOptions = {}): Promise<AppProfile> {
  const root = await mkdtemp(join(tmpdir(), 'harbor-fullstack-'))
  const home = join(root, 'home')
  const appData = join(home, '.config')
  const resourcesDir = join(root, 'resources')
  await mkdir(appData, { recursive: true })
  await mkdir(join(resourcesDir, 'app'), { recursive: true })
  const secretService = options.secretService ?? true
  const desktop = options.desktop ?? 'gnome'

  let keyring: PrivateKeyring | null = null
  let network: Network | null = null
  let browser: Browser | null = null
  let browserContext: Promise<BrowserContext> | null = null
  let stopped = false
  try {
    if (secretService) keyring = await startPrivateKeyring()
    network = await createNetwork([CLERK_FRONTEND_API_HOST, CLERK_IMAGES_HOST, CONVEX_DEPLOYMENT_HOST])
  } catch (error) {
    await keyring?.stop()
    await rm(root, { recursive: true, force: true })
    throw error
  }

  const env: Record<string, string> = {
    // No Secret Service: a bus address nobody listens on. (A real bus without the service could D-Bus-activate
    // a gnome-keyring that then waits for an unlock prompt.)
    DBUS_SESSION_BUS_ADDRESS:
      keyring?.env.DBUS_SESSION_BUS_ADDRESS ?? `unix:path=${join(root, 'no-session-bus')}`,
  }
  if (desktop === 'gnome') Object.assign(env, { XDG_CURRENT_DESKTOP: 'GNOME', DESKTOP_SESSION: 'gnome' })
  if (desktop === 'kde') Object.assign(env, { XDG_CURRENT_DESKTOP: 'KDE', KDE_SESSION_VERSION: '5' })
  // os_crypt: GNOME uses libsecret (basic_text when the Secret Service is unreachable), KDE uses KWallet (which
  // this emulation always provides), anything else basic_text.
  const safeStorageBackend: AppProfile['safeStorageBackend'] =
    desktop === 'kde' ? 'kwallet5' : desktop === 'gnome' && secretService ? 'gnome_libsecret' : 'basic_text'

  const keyringEnv = { ...process.env, ...(keyring?.env ?? {}) }
  delete keyringEnv.DISPLAY

  const profile: AppProfile = {
    root,
    home,
    appData,
    resourcesDir,
    network,
    secretService,
    safeStorageBackend,
    env,
    instances: [],
    openedExternally: [],
    handedOff: [],
    schemeHandlers: new Map(),
    browserPages: () => (browser ? browser.contexts().flatMap((context) => context.pages()) : []),
    keychainItems(service) {
      if (!keyring) return []
      const args = [
        'search',
        '--all',
        '--unlock',
        ...(service ? ['service', service] : ['xdg:schema', 'org.freedesktop.Secret.Generic']),
      ]
      // secret-tool prints each item's label and secret on stdout but its attributes on stderr: both go to one
      // file, unbuffered, so every attribute follows the item it belongs to.
      const outputFile = join(root, `secret-tool-${Date.now()}.txt`)
      const fd = openSync(outputFile, 'w')
      try {
        spawnSync('stdbuf', ['-o0', '-e0', 'secret-tool', ...args], {
          env: keyringEnv,
          timeout: 5000,
          stdio: ['ignore', fd, fd],
        })
      } finally {
        closeSync(fd)
      }
      const output = readFileSync(outputFile, 'utf8')
      rmSync(outputFile, { force: true })
      return parseSecretToolSearch(output).sort((a, b) => a.account.localeCompare(b.account))
    },
    async openLink(url) {
      const scheme = url.slice(0, url.indexOf(':')).toLowerCase()
      const registration = profile.schemeHandlers.get(scheme)
      if (!registration) return null
      profile.handedOff.push(url)
      return launchApp({ ...registration.launch, argv: [url] })
    },
    async stop() {
      if (stopped) return
      stopped = true
      liveProfiles.delete(profile)
      await Promise.all(profile.instances.map((instance) => instance.kill()))
      await browser?.close().catch(() => {})
      await network?.stop()
      await keyring?.stop()
      await rm(root, { recursive: true, force: true })
    },
  }
  liveProfiles.add(profile)

  // The default browser: one Chromium for this user, started on the first shell.openExternal.
  const browserPage = async (): Promise<Page> => {
    browserContext ??= (async () => {
      browser = await chromium.launch({
        ...chromiumLaunch(),
        headless: true,
        env: chromiumEnv(),
        args: [...CHROMIUM_ARGS, `--host-resolver-rules=${profile.network.hostResolverRules()}`],
      })
      return browser.newContext({ permissions: ['local-network-access'] })
    })()
    const context = await browserContext
    const page = await context.newPage()
    // A browser hands a URL of a registered scheme to the OS, which starts that scheme's handler (on Linux
    // and Windows: a new process of the app, with the link as its argument).
    const handOff = (url: string): void => {
      const scheme = url.slice(0, url.indexOf(':')).toLowerCase()
      if (!profile.schemeHandlers.has(scheme)) return
      void profile.openLink(url).catch(() => {})
    }
    page.on('response', (response) => {
      const location = response.headers().location
      if (response.status() >= 300 && response.status() < 400 && location) {
        const target = new URL(location, response.url()).href
        if (!/^https?:/i.test(target)) handOff(target)
      }
    })
    const cdp = await context.newCDPSession(page)
    await cdp.send('Page.enable')
    cdp.on('Page.frameRequestedNavigation', (event) => {
      if (!/^(https?|about|data|blob):/i.test(event.url)) handOff(event.url)
    })
    return page
  }
  browserOpeners.set(profile, async (url) => {
    profile.openedExternally.push(url)
    const scheme = url.slice(0, url.indexOf(':')).toLowerCase()
    if (profile.schemeHandlers.has(scheme)) {
      await profile.openLink(url)
      return
    }
    if (scheme !== 'http' && scheme !== 'https') return
    const page = await browserPage()
    void page.goto(url).catch(() => {})
  })
  return profile
}

const browserOpeners = new WeakMap<AppProfile, (url: string) => Promise<void>>()

function parseSecretToolSearch(output: string): KeychainItem[] {
  const items: KeychainItem[] = []
  let current: Partial<KeychainItem> | null = null
  for (const line of output.split('\n')) {
    if (line.startsWith('[')) {
      if (current?.service !== undefined) items.push(current as KeychainItem)
      current = { secret: '' }
      continue
    }
    const match = /^(\S+) = (.*)$/.exec(line)
    if (!match || !current) continue
    const [, key, value = ''] = match
    if (key === 'secret') current.secret = value
    if (key === 'attribute.service') current.service = value
    if (key === 'attribute.account') current.account = value
  }
  if (current?.service !== undefined) items.push(current as KeychainItem)
  return items
}

// ==================================================================== app instances

export interface LaunchOptions {
  build: { outDir: string }
  profile: AppProfile
  clerk?: StandIn
  convex?: StandIn
  /** Arguments after the executable: app links, as the OS passes them. */
  argv?: string[]
  /** app.isPackaged (default true: the identity, scheme and keychain service users get). */
  packaged?: boolean
  /** Extra environment for the app process. */
  env?: Record<string, string>
  /** app.getVersion() (default: package.json's version). */
  version?: string
  /** Test-only scripts every window document runs first (after the preload), e.g. a recorder of screens. */
  pageInitScripts?: string[]
  /** `electron.net` (../net.ts): more host -> loopback port mappings, and the CA it trusts instead of the
   *  stand-ins' test certificate. By default it reaches the stand-in hosts through the profile's network (so
   *  going offline cuts it off too, as it cuts off Chromium) and trusts exactly that certificate. */
  net?: { hosts?: Record<string, number>; ca?: string }
  /** The machine's displays for this launch, the primary first (default: one 1920×1080 display). */
  displays?: EmulatedDisplay[]
}

/** Where a window is, as the app's main process reads it (`getBounds()`, `getNormalBounds()`...). */
export interface WindowPlace {
  bounds: Rect
  normalBounds: Rect
  isMaximized: boolean
  isFullScreen: boolean
  isVisible: boolean
}

export interface AppWindow {
  id: number
  /** The window's page; a new one after a renderer crash (Playwright closes a crashed page). */
  page: Page
  /** Values given to setProgressBar, in order. */
  progress: number[]
}

export interface AppInstance {
  pid: number
  argv: string[]
  profile: AppProfile
  /** Resolves once the process is gone. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>
  /** The process is still running. */
  running(): boolean
  /** The first window, once the app has created it (rejects after `timeoutMs`, default 20 s). */
  firstWindow(timeoutMs?: number): Promise<AppWindow>
  windows: AppWindow[]
  /** What the emulation recorded: protocol registrations, dialogs, uncaught exceptions... */
  records: Array<{ kind: string; detail: unknown }>
  /** Console messages and page errors of every window, for failure messages. */
  consoleLines: string[]
  /** stdout + stderr of the main process. */
  output(): string
  userDataDir(): string
  /** The main-process log electron-log wrote (`<logs>/main.log`). */
  log(): Promise<string>
  /** The user quits (Ctrl+Q): app.quit() in the app. */
  quit(): Promise<void>
  /** The user picks an application-menu item by its labels (e.g. ['Go', 'Devices']). */
  clickMenu(path: string[]): Promise<void>
  /** The user closes a window with the window manager. */
  closeWindow(window: AppWindow): Promise<void>
  /** The user moves/resizes (`setBounds`) or maximises a window with the window manager. */
  windowManager(
    window: AppWindow,
    action: { setBounds: Partial<Rect> } | 'maximize' | 'unmaximize',
  ): Promise<void>
  /** The window's place as the app sees it. */
  windowPlace(window: AppWindow): Promise<WindowPlace>
  /** Ends the process at once without any app event (a test's teardown); SIGKILL if it does not go. */
  kill(): Promise<void>
  /** The process dies (SIGKILL): a crash or a power cut, nothing flushed. */
  crash(): Promise<void>
  /** The window's renderer process crashes (Chromium's Page.crash); `window.page` is then a new page. */
  crashRenderer(window: AppWindow): Promise<void>
}

interface PageRecord {
  window: AppWindow
  webContentsId: number
  /** Navigations the main process started (loadURL, reload): no will-navigate for those. */
  expected: Set<string>
  sendQueue: Promise<unknown>
  cdp: CDPSession | null
  standardSchemes: Set<string>
  /** ready-to-show was emitted (once per window). */
  shown: boolean
  /** The main frame's URL, same-document navigations included (the page's own, not translated). */
  lastPageUrl: string | null
}

export async function launchApp(options: LaunchOptions): Promise<AppInstance> {
  const { profile, build } = options
  if (options.clerk) {
    profile.network.attach(options.clerk.host, options.clerk.port)
    // The Clerk stand-in also answers for Clerk's image CDN (avatars), by Host header.
    profile.network.attach(CLERK_IMAGES_HOST, options.clerk.port)
  }
  if (options.convex) profile.network.attach(options.convex.host, options.convex.port)
  const packaged = options.packaged ?? true
  const packageJson = JSON.parse(await readFile(join(PROJECT_ROOT, 'package.json'), 'utf8')) as {
    name: string
    productName?: string
    version: string
  }
  const version = options.version ?? packageJson.version
  const name = packageJson.productName ?? packageJson.name
  // The app folder Electron would load: package.json (name, version, main) next to the built files.
  const appPath = packaged ? join(profile.resourcesDir, 'app') : join(profile.root, 'app-dev')
  await mkdir(appPath, { recursive: true })
  await writeFile(
    join(appPath, 'package.json'),
    JSON.stringify({
      name: packageJson.name,
      productName: name,
      version,
      main: join(build.outDir, 'main/index.js'),
    }),
  )
  const argv = options.argv ?? []
  const execPath = packaged ? '/opt/Harbor/harbor' : join(PROJECT_ROOT, 'node_modules/electron/dist/electron')
  const init: EmulationInit = {
    mainPath: join(build.outDir, 'main/index.js'),
    args: argv,
    packaged,
    execPath,
    appPath,
    resourcesPath: profile.resourcesDir,
    name,
    version,
    electronVersion: ELECTRON_VERSION,
    chromeVersion: ELECTRON_CHROME_VERSION,
    paths: { home: profile.home, appData: profile.appData },
    safeStorage: {
      backend: profile.safeStorageBackend,
      passwordFile: join(profile.root, 'os/safe-storage-password'),
    },
    locale: 'en-US',
    net: {
      hosts: { ...profile.network.relayPorts(), ...options.net?.hosts },
      ca: options.net?.ca ?? (await testCertificate([CLERK_FRONTEND_API_HOST, CONVEX_DEPLOYMENT_HOST])).cert,
    },
    ...(options.displays ? { displays: options.displays } : {}),
  }
  const childEnv: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: profile.home,
    XDG_CONFIG_HOME: profile.appData,
    XDG_DATA_HOME: join(profile.home, '.local/share'),
    XDG_CACHE_HOME: join(profile.home, '.cache'),
    LANG: 'en_US.UTF-8',
    TMPDIR: tmpdir(),
    ...profile.env,
    ...(process.env.HARBOR_FULLSTACK_COVERAGE
      ? { NODE_V8_COVERAGE: process.env.HARBOR_FULLSTACK_COVERAGE }
      : {}),
    ...options.env,
    HARBOR_EMULATED_ELECTRON: JSON.stringify(init),
  }

  const child: ChildProcess = fork(CHILD_ENTRY, [], {
    cwd: appPath,
    env: childEnv,
    execArgv: [
      '--disable-warning=ExperimentalWarning',
      '--disable-warning=MODULE_TYPELESS_PACKAGE_JSON',
      '--enable-source-maps',
    ],
    serialization: 'advanced',
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  })
  const output: string[] = []
  child.stdout?.on('data', (chunk: Buffer) => output.push(chunk.toString()))
  child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()))

  let context: BrowserContext | null = null
  let contextStarting: Promise<BrowserContext> | null = null
  const pages = new Map<number, PageRecord>()
  const windowWaiters: Array<(window: AppWindow) => void> = []
  let userData = join(profile.appData, name)
  let exitInfo: { code: number | null; signal: NodeJS.Signals | null } | null = null

  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => {
      exitInfo = { code, signal }
      rpc.close(new Error('the app process exited'))
      // Chromium goes away with the app.
      const closing = contextStarting?.then((started) => started.close()).catch(() => {})
      void Promise.resolve(closing).then(() => resolve({ code, signal }))
    })
  })

  const recordOf = (windowId: number): PageRecord => {
    const record = pages.get(windowId)
    if (!record) throw new Error(`no window ${windowId}`)
    return record
  }

  const startContext = (params: { userData: string; userAgent: string; width: number; height: number }) => {
    contextStarting ??= (async () => {
      // Electron keeps Chromium's profile (storage, cache, cookies) in userData; here in a sub-folder of it.
      const started = await chromium.launchPersistentContext(join(params.userData, 'Emulated Chromium'), {
        ...chromiumLaunch(),
        headless: true,
        env: chromiumEnv(),
        args: [...CHROMIUM_ARGS, `--host-resolver-rules=${profile.network.hostResolverRules()}`],
        viewport: { width: params.width, height: params.height },
        userAgent: params.userAgent,
        // A test-setup artefact: Chromium 156 blocks a public origin's requests to loopback without it.
        // Clipboard: Chromium's own prompt is granted; the app's permission handler decides (page-script.ts).
        permissions: ['local-network-access', 'clipboard-read', 'clipboard-write'],
      })
      await started.route(
        () => true,
        (route) => routeRequest(route),
      )
      context = started
      return started
    })()
    return contextStarting
  }

  const recordForPage = (page: Page | null): PageRecord | null => {
    for (const record of pages.values()) if (record.window.page === page) return record
    return null
  }

  async function routeRequest(route: Route): Promise<void> {
    const request = route.request()
    const url = request.url()
    let frame: ReturnType<typeof request.frame> | null
    try {
      frame = request.frame()
    } catch {
      frame = null // service worker requests have no frame
    }
    const record = frame ? recordForPage(frame.page()) : null
    try {
      if (record && request.isNavigationRequest() && frame === record.window.page.mainFrame()) {
        const redirected = request.redirectedFrom() !== null
        if (record.expected.has(url)) record.expected.delete(url)
        else {
          const answer = await rpc.call<{ prevented: boolean }>('navigation.will', {
            webContentsId: record.webContentsId,
            url: toAppUrl(url),
            isMainFrame: true,
            redirect: redirected,
          })
          if (answer.prevented) return await route.abort('aborted')
        }
      }
      if (emulatedScheme(url)) {
        const body = request.postDataBuffer()
        const answer = await rpc.call<
          { error: string } | { status: number; headers: Array<[string, string]>; body: Buffer }
        >('protocol.request', {
          url: toAppUrl(url),
          method: request.method(),
          headers: await request.allHeaders(),
          body: body ?? null,
        })
        if ('error' in answer) return await route.abort('failed')
        return await route.fulfill({
          status: answer.status,
          headers: Object.fromEntries(answer.headers),
          body: Buffer.from(answer.body),
        })
      }
      if (record && webRequestFilters !== null && matchesFilter(url, webRequestFilters)) {
        const response = await route.fetch()
        const headers: Record<string, string[]> = {}
        for (const { name: header, value } of await response.headersArray())
          (headers[header] ??= []).push(value)
        const answer = await rpc.call<{
          cancel?: boolean
          responseHeaders?: Record<string, string | string[]>
        }>('headers.received', {
          url,
          method: request.method(),
          resourceType:
            request.isNavigationRequest() && frame === record.window.page.mainFrame()
              ? 'mainFrame'
              : request.resourceType(),
          statusCode: response.status(),
          responseHeaders: headers,
          webContentsId: record.webContentsId,
        })
        if (answer.cancel) return await route.abort('blockedbyclient')
        const replaced = answer.responseHeaders
        return await route.fulfill({
          response,
          headers: replaced
            ? Object.fromEntries(
                Object.entries(replaced).map(([header, value]) => [
                  header,
                  Array.isArray(value) ? value.join(', ') : value,
                ]),
              )
            : undefined,
        })
      }
      await route.fallback()
    } catch (error) {
      // The page or the app went away mid-request.
      await route.abort('failed').catch(() => {})
      if (!exitInfo) output.push(`[emulation] request ${url} failed: ${String(error)}\n`)
    }
  }
  let webRequestFilters: string[] | null = null

  /** Sets a page up as the window's renderer: bridge, preload, navigation events, console. */
  async function attachPage(
    record: PageRecord,
    page: Page,
    params: {
      windowId: number
      webContentsId: number
      width: number
      height: number
      preloadSource: string | null
    },
  ): Promise<void> {
    const started = page.context()
    await page.setViewportSize({ width: params.width, height: params.height })

    const frameInfo = (frame: ReturnType<Page['mainFrame']>) => ({
      isMain: frame === page.mainFrame(),
      url: toAppUrl(frame.url()),
    })
    await page.exposeBinding(BINDING, async (source, kind: string, payload: Record<string, unknown>) => {
      const frame = frameInfo(source.frame)
      const base = { webContentsId: params.webContentsId, frame }
      switch (kind) {
        case 'invoke':
          return rpc.call('ipc.invoke', { ...base, channel: payload.channel, args: payload.args })
        case 'send':
          rpc.note('ipc.send', { ...base, channel: payload.channel, args: payload.args })
          return null
        case 'window-open':
          return rpc.call('window.open', { webContentsId: params.webContentsId, ...payload })
        case 'permission-request':
          return rpc.call('permission.request', {
            webContentsId: params.webContentsId,
            permission: payload.permission,
            requestingUrl: frame.url,
            details: payload.details ?? {},
          })
        case 'permission-check': {
          const origin = toAppUrl(new URL(source.frame.url()).origin + '/').replace(/\/$/, '')
          return rpc.call('permission.check', {
            webContentsId: params.webContentsId,
            permission: payload.permission,
            requestingOrigin: origin,
            details: {},
          })
        }
        default:
          throw new Error(`unknown bridge call ${kind}`)
      }
    })
    await page.addInitScript({
      content: pageScript({
        preloadSource: params.preloadSource,
        platform: process.platform,
        versions: {
          electron: ELECTRON_VERSION,
          chrome: ELECTRON_CHROME_VERSION,
          node: process.versions.node,
        },
      }),
    })

    for (const content of options.pageInitScripts ?? []) await page.addInitScript({ content })

    // Navigation events as Electron names them, from Chromium's own (CDP) notifications.
    const event = (name: string, details: Record<string, unknown> = {}): void =>
      rpc.note('window.event', { windowId: params.windowId, name, details })
    const cdp = await started.newCDPSession(page)
    record.cdp = cdp
    await cdp.send('Page.enable')
    const { frameTree } = await cdp.send('Page.getFrameTree')
    const mainFrameId = frameTree.frame.id
    cdp.on('Page.frameStartedNavigating', (e) => {
      const sameDocument = e.navigationType === 'sameDocument' || e.navigationType === 'historySameDocument'
      event('did-start-navigation', {
        url: toAppUrl(e.url),
        isSameDocument: sameDocument,
        isMainFrame: e.frameId === mainFrameId,
      })
    })
    cdp.on('Page.frameNavigated', (e) => {
      if (e.frame.parentId !== undefined) return
      record.lastPageUrl = e.frame.url + (e.frame.urlFragment ?? '')
      event('did-navigate', { url: toAppUrl(record.lastPageUrl) })
    })
    cdp.on('Page.navigatedWithinDocument', (e) => {
      if (e.frameId === mainFrameId) record.lastPageUrl = e.url
      event('did-navigate-in-page', { url: toAppUrl(e.url), isMainFrame: e.frameId === mainFrameId })
    })
    page.on('domcontentloaded', () => event('dom-ready'))
    page.on('load', () => {
      event('did-finish-load')
      if (!record.shown) {
        record.shown = true
        event('ready-to-show')
      }
    })
    page.on('crash', () => {
      // Electron keeps the webContents (and its URL) and gives it a new renderer on the next load; Playwright
      // closes a crashed page, so the window gets a fresh one, set up the same way, before the app hears of it.
      void (async () => {
        const fresh = await started.newPage()
        record.window.page = fresh
        await attachPage(record, fresh, params)
        event('render-process-gone', { reason: 'crashed' })
      })().catch((error: unknown) => output.push(`[emulation] no page after a crash: ${String(error)}\n`))
    })
    page.on('console', (message) => {
      instance.consoleLines.push(`[${message.type()}] ${message.text()}`)
    })
    page.on('pageerror', (error) => instance.consoleLines.push(`[pageerror] ${error.message}`))
    page.on('popup', (popup) => {
      // Only an open the app's window-open handler allowed gets here (page-script.ts asks first).
      instance.records.push({ kind: 'popup', detail: popup.url() })
    })
  }

  const instance: AppInstance = {
    pid: child.pid ?? -1,
    argv,
    profile,
    exited,
    running: () => exitInfo === null,
    windows: [],
    records: [],
    consoleLines: [],
    output: () => output.join(''),
    userDataDir: () => userData,
    log: () => readFile(join(userData, 'logs/main.log'), 'utf8').catch(() => ''),
    firstWindow(timeoutMs = 20_000) {
      const first = instance.windows[0]
      if (first) return Promise.resolve(first)
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          const uncaught = instance.records.filter((record) => record.kind === 'uncaught-exception')
          reject(
            new Error(`no window within ${timeoutMs} ms ${JSON.stringify(uncaught)}\n${instance.output()}`),
          )
        }, timeoutMs)
        windowWaiters.push((window) => {
          clearTimeout(timer)
          resolve(window)
        })
        void exited.then(() => {
          clearTimeout(timer)
          reject(new Error(`the app exited before opening a window\n${instance.output()}`))
        })
      })
    },
    async quit() {
      if (exitInfo) return
      rpc.note('user.quit')
      const timeout = new Promise<'timeout'>((resolve) =>
        setTimeout(() => resolve('timeout'), QUIT_TIMEOUT_MS),
      )
      if ((await Promise.race([exited, timeout])) === 'timeout') {
        await instance.kill()
        throw new Error(`the app did not quit within ${QUIT_TIMEOUT_MS} ms`)
      }
    },
    async clickMenu(path) {
      await rpc.call('user.menu', { path })
    },
    async closeWindow(window) {
      rpc.note('user.closeWindow', { windowId: window.id })
    },
    async windowManager(window, action) {
      await rpc.call(
        'user.windowManager',
        typeof action === 'string'
          ? { windowId: window.id, action }
          : { windowId: window.id, action: 'setBounds', bounds: action.setBounds },
      )
    },
    windowPlace(window) {
      return rpc.call<WindowPlace>('window.state', { windowId: window.id })
    },
    async kill() {
      if (exitInfo) return
      rpc.note('app.exitNow')
      const timeout = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), 1500))
      if ((await Promise.race([exited, timeout])) === 'timeout') child.kill('SIGKILL')
      await exited
    },
    async crash() {
      if (!exitInfo) child.kill('SIGKILL')
      await exited
    },
    async crashRenderer(window) {
      const record = pages.get(window.id)
      if (!record) throw new Error(`no window ${window.id}`)
      const crashed = record.window.page
      // Not awaited: the renderer dies before it could answer.
      void record.cdp?.send('Page.crash').catch(() => {})
      // Resolves once the window has its new page (set up before the app is told).
      await waitUntil(() => record.window.page !== crashed, 5_000)
    },
  }
  profile.instances.push(instance)

  // A message to a process that is exiting (or was killed) fails with EPIPE: with a callback that is reported
  // there instead of as an uncaught exception; the exit itself closes the channel and fails pending calls.
  const sendToChild = (message: Parameters<typeof child.send>[0]): void => {
    if (!child.connected) return
    child.send(message, (error) => {
      if (error && child.connected)
        instance.consoleLines.push(`[harness] could not reach the app: ${error.message}`)
    })
  }
  const rpc: RpcChannel = new RpcChannel(sendToChild, {
    async 'window.create'(params: {
      windowId: number
      webContentsId: number
      width: number
      height: number
      preload: string | null
      userAgent: string
      userData: string
      standardSchemes: string[]
    }) {
      userData = params.userData
      const started = await startContext(params)
      const blank = started
        .pages()
        .find((page) => recordForPage(page) === null && page.url() === 'about:blank')
      const page = blank ?? (await started.newPage())
      const window: AppWindow = { id: params.windowId, page, progress: [] }
      const record: PageRecord = {
        window,
        webContentsId: params.webContentsId,
        expected: new Set(),
        sendQueue: Promise.resolve(),
        cdp: null,
        standardSchemes: new Set(params.standardSchemes),
        shown: false,
        lastPageUrl: null,
      }
      pages.set(params.windowId, record)
      const preloadSource = params.preload ? await readFile(params.preload, 'utf8') : null
      await attachPage(record, page, { ...params, preloadSource })
      instance.windows.push(window)
      for (const resolve of windowWaiters.splice(0)) resolve(window)
      return null
    },

    async 'window.load'(params: { windowId: number; url: string }) {
      const record = recordOf(params.windowId)
      const pageUrl = toPageUrl(params.url, record.standardSchemes)
      record.expected.add(pageUrl)
      try {
        const response = await record.window.page.goto(pageUrl, { waitUntil: 'load', timeout: 20_000 })
        return { ok: true, status: response?.status() ?? 0 }
      } catch (error) {
        const message = error instanceof Error ? error.message.split('\n', 1)[0] : String(error)
        const code = /net::(ERR_[A-Z_]+)/.exec(message ?? '')?.[1] ?? 'ERR_FAILED'
        rpc.note('window.event', {
          windowId: params.windowId,
          name: 'did-fail-load',
          details: { errorCode: -2, errorDescription: code, url: params.url },
        })
        return { ok: false, code: -2, description: code }
      }
    },

    async 'window.reload'(params: { windowId: number }) {
      const record = recordOf(params.windowId)
      const { page } = record.window
      // After a renderer crash the window's new page is blank: reloading means loading the last URL again.
      if (page.url() === 'about:blank' && record.lastPageUrl) {
        record.expected.add(record.lastPageUrl)
        await page.goto(record.lastPageUrl, { waitUntil: 'commit' }).catch(() => {})
        return null
      }
      record.expected.add(page.url())
      await page.reload({ waitUntil: 'commit' }).catch(() => {})
      return null
    },

    'window.send'(params: { windowId: number; channel: string; args: unknown[] }) {
      const record = recordOf(params.windowId)
      // In order, one after the other; a message for a document being replaced is lost, as in Electron.
      record.sendQueue = record.sendQueue.then(() =>
        record.window.page
          .evaluate(
            ({ deliver, channel, args }) => {
              const target = (globalThis as unknown as Record<string, unknown>)[deliver]
              if (typeof target === 'function') target(channel, args)
            },
            { deliver: DELIVER, channel: params.channel, args: params.args },
          )
          .catch(() => {}),
      )
      return null
    },

    async 'window.executeJavaScript'(params: { windowId: number; code: string }) {
      return recordOf(params.windowId).window.page.evaluate(params.code)
    },
    async 'window.show'(params: { windowId: number }) {
      await recordOf(params.windowId)
        .window.page.bringToFront()
        .catch(() => {})
      return null
    },
    async 'window.focus'(params: { windowId: number }) {
      await recordOf(params.windowId)
        .window.page.bringToFront()
        .catch(() => {})
      return null
    },
    async 'window.crash'(params: { windowId: number }) {
      await recordOf(params.windowId)
        .cdp?.send('Page.crash')
        .catch(() => {})
      return null
    },
    async 'window.close'(params: { windowId: number }) {
      const record = pages.get(params.windowId)
      if (!record) return null
      pages.delete(params.windowId)
      await record.window.page.close().catch(() => {})
      return null
    },
    async 'session.clearStorageData'() {
      const started = context
      if (started) {
        await started.clearCookies()
        for (const page of started.pages()) {
          await page
            .evaluate(() => {
              localStorage.clear()
              sessionStorage.clear()
            })
            .catch(() => {})
        }
      }
      return null
    },
    'session.webRequest'(params: { headersReceived: string[] | null }) {
      webRequestFilters = params.headersReceived
      return null
    },
    async 'shell.openExternal'(params: { url: string }) {
      const open = browserOpeners.get(profile)
      if (!open) throw new Error('no default browser')
      await open(params.url)
      return null
    },
    'os.registerProtocol'(params: { scheme: string }) {
      profile.schemeHandlers.set(params.scheme.toLowerCase(), {
        scheme: params.scheme,
        launch: { ...options, argv: [] },
      })
      return null
    },
    'os.unregisterProtocol'(params: { scheme: string }) {
      profile.schemeHandlers.delete(params.scheme.toLowerCase())
      return null
    },
    record(params: { kind: string; detail: unknown }) {
      instance.records.push(params)
      if (params.kind === 'progress-bar') {
        const detail = params.detail as { windowId: number; value: number }
        pages.get(detail.windowId)?.window.progress.push(detail.value)
      }
      return null
    },
    'app.exiting'() {
      return null
    },
  })
  child.on('message', (message) => rpc.receive(message))

  // Started: the process is running our code (or already gone, e.g. a second instance that handed over).
  await Promise.race([
    new Promise<void>((resolve) => child.once('spawn', () => resolve())),
    exited,
    new Promise((_, reject) =>
      setTimeout(() => reject(new Error('the app process did not start')), LAUNCH_TIMEOUT_MS),
    ),
  ])
  return instance
}

async function waitUntil(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out')
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

function matchesFilter(url: string, patterns: string[]): boolean {
  return patterns.some((pattern) => {
    if (pattern === '<all_urls>') return true
    const expression = new RegExp(
      `^${pattern
        .split('*')
        .map((part) => part.replace(/[.+?^${}()|[\]\\/]/g, '\\$&'))
        .join('.*')}$`,
    )
    return expression.test(url)
  })
}
