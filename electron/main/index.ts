// Composition root: the only main-process module that imports runtime values from `electron`. Every concern
// lives in its own module and receives the Electron objects it needs from here.
import { execFile } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { mkdir, open, readdir, readFile, rename, rm } from 'node:fs/promises'
import { hostname } from 'node:os'
import { join } from 'node:path'
import { createClerkBridge } from '@clerk/electron'
import {
  app,
  BrowserWindow,
  ipcMain,
  Menu,
  nativeTheme,
  net,
  Notification,
  protocol,
  safeStorage,
  screen,
  session,
  shell,
} from 'electron'
import log from 'electron-log/main'
import { version as convexClientVersion } from 'convex'
import type { AppearanceMode, AppInfo, DeviceInfo } from '../shared/contract'
import { createSerialQueue } from '../shared/serial-queue'
import { aboutPanelOptions, appIconPath, resolveAppIdentity } from './app-identity'
import { buildAppMenuTemplate } from './app-menu'
import { APPEARANCE_FILE, createAppearanceController } from './appearance'
import { createSidebarSetting, SIDEBAR_FILE } from './sidebar-setting'
import { removeLeftoverTempFiles, writeFileAtomic } from './atomic-file'
import { withGuardedClerkIpc } from './clerk-bridge-ipc'
import { withContentSecurityPolicy } from './csp'
import { rendererDocument } from './renderer-document'
import { parsePublishableKey } from '../shared/config-values'
import { captureAppLinks, registerDevelopmentProtocolClient } from './deep-link-sources'
import { loadDeviceInfo, toDevicePlatform } from './device-identity'
import { createEarlySessionReader } from './early-session'
import { safeStorageCipher } from './encrypted-file-store'
import { createFirstFrame } from './first-frame'
import { createInvokeHandlers } from './invoke-handlers'
import { createEventSender, registerInvokeHandlers } from './ipc'
import { createPayloadParsers } from './ipc-payloads'
import { createKeychainStorage, isClerkKey, limitToKeys, type KeychainBackend } from './keychain-storage'
import { createLastKnownUserStore, parseLastKnownUser } from './last-known-user'
import { createLinkDispatcher } from './link-dispatcher'
import { registerLinuxUrlHandler, type ExecResult } from './linux-url-handler'
import { configureLogging } from './logging'
import { serveRendererRequest } from './renderer-protocol'
import { createRendererLog } from './renderer-log'
import { createRendererRecovery, RENDERER_GAVE_UP_PAGE } from './renderer-recovery'
import { hardenWebContents, isSameAppOrigin, restrictPermissions, vetExternalUrl } from './security'
import { createUpdateReadyNotifier } from './update-notification'
import { nodeUpdateSettingsFiles, UPDATE_SETTINGS_FILE } from './update-settings'
import { createAppUpdateController } from './updater'
import { isNarrowWindow, MAIN_WINDOW_SIZE, mainWindowOptions, revealWindow, showPlacedWindow } from './window'
import {
  parseWindowState,
  placeWindow,
  serializeWindowState,
  trackWindowState,
  WINDOW_STATE_FILE,
} from './window-state'

const identity = resolveAppIdentity({
  isPackaged: app.isPackaged,
  overrides: {
    productName: import.meta.env.MAIN_VITE_APP_PRODUCT_NAME,
    appId: import.meta.env.MAIN_VITE_APP_ID,
    scheme: import.meta.env.MAIN_VITE_APP_SCHEME,
  },
})
// userData follows the identity, so a development run (or a build with another product name) never shares
// the device id, token file or cache of an installed build. It must be set before the lock: Electron keys the
// single-instance lock on userData, and a shared lock would make a dev run hand its argv to Harbor and quit.
app.setPath(
  'userData',
  join(
    app.getPath('appData'),
    identity.isDevelopment ? `${identity.productName} (development)` : identity.productName,
  ),
)

// Single instance, before anything with side effects: a second launch (e.g. by a deep link) forwards its argv
// to the running instance through `second-instance` and quits without touching keychain, files or windows.
const isPrimaryInstance = app.requestSingleInstanceLock()
if (!isPrimaryInstance) app.quit()
else bootstrap()

function bootstrap(): void {
  app.setAppUserModelId(identity.appId)
  const userData = app.getPath('userData')

  configureLogging(log, {
    filePath: join(app.getPath('logs'), 'main.log'),
    isDevelopment: identity.isDevelopment,
  })
  log.info(
    `Starting ${identity.productName} ${app.getVersion()} (${identity.isDevelopment ? 'development' : 'packaged'})`,
  )

  const devServerUrl = identity.isDevelopment ? process.env.ELECTRON_RENDERER_URL : undefined
  const rendererEntry = devServerUrl ?? `${identity.rendererOrigin}/`
  const isAppUrl = (url: string): boolean =>
    isSameAppOrigin(url, identity.rendererOrigin) ||
    (devServerUrl !== undefined && isSameAppOrigin(url, devServerUrl))
  const clerkConfig = parsePublishableKey(import.meta.env.VITE_CLERK_PUBLISHABLE_KEY)
  const appDocument = rendererDocument({
    publishableKey: import.meta.env.VITE_CLERK_PUBLISHABLE_KEY,
    convexUrl: import.meta.env.VITE_CONVEX_URL,
    mode: identity.isDevelopment ? 'development' : 'production',
    devServerUrl,
    convexClientVersion,
  })
  const { contentSecurityPolicy } = appDocument

  // Token storage: keytar when it loads (it needs libsecret on Linux), safeStorage file or memory otherwise.
  const storage = createKeychainStorage({
    service: identity.keychainService,
    // keytar is native: loaded on first use, and a load failure (no libsecret) falls back instead of crashing.
    keychain: async () => {
      const keytar = await import('keytar')
      return (keytar.default ?? keytar) as KeychainBackend
    },
    fallbackCipher: async () => {
      await app.whenReady()
      return safeStorageCipher(safeStorage, process.platform)
    },
    fallbackFilePath: join(userData, 'tokens.enc.json'),
    log,
  })

  // Clerk bridge: privileged renderer scheme, token-cache and OAuth IPC, `open-url`/`second-instance`
  // listeners for the OAuth callback. We hold the single-instance lock ourselves.
  // Its IPC is held to our rules (clerk-bridge-ipc.ts): only our main frame on our origin, and the OAuth
  // transport opens only what `shell:open-external` would.
  const trustedRenderer = { webContents: () => mainWindow?.webContents ?? null, isAppUrl }
  const clerkBridgeOptions: Parameters<typeof createClerkBridge>[0] = {
    storage: limitToKeys(storage, isClerkKey, 'Clerk bridge'),
    renderer: {
      scheme: identity.scheme,
      host: identity.rendererHost,
      privileges: {
        standard: true,
        secure: true,
        supportFetchAPI: true,
        corsEnabled: true,
        stream: true,
        codeCache: true,
      },
    },
    manageSingleInstanceLock: false,
    // A user-agent product token has no spaces (`Harbor-Staging/1.2.0`).
    userAgent: `${identity.productName.replace(/\s+/g, '-')}/${app.getVersion()}`,
  }
  const { result: bridge } = withGuardedClerkIpc(
    { ipcMain, trusted: trustedRenderer, vetExternalUrl, log },
    () => createClerkBridge(clerkBridgeOptions),
  )
  registerDevelopmentProtocolClient(app, {
    scheme: identity.scheme,
    defaultApp: process.defaultApp,
    execPath: process.execPath,
    argv: process.argv,
  })

  let mainWindow: BrowserWindow | null = null
  // A dead renderer leaves the window blank: reload it, then the crash screen, then a static page (see module).
  const recovery = createRendererRecovery({
    reload: () => mainWindow?.webContents.reload(),
    giveUp: () =>
      void mainWindow
        ?.loadURL(`data:text/html;charset=utf-8,${encodeURIComponent(RENDERER_GAVE_UP_PAGE)}`)
        .catch(() => {}),
    log,
  })
  const sendEvent = createEventSender(() => mainWindow?.webContents ?? null)

  // App links: captured from the very start, queued until the renderer says it listens.
  const links = createLinkDispatcher({
    scheme: identity.scheme,
    deliver: (route) => sendEvent('links:open', route),
    reveal: () => revealWindow(mainWindow),
    log,
  })
  captureAppLinks(app, {
    scheme: identity.scheme,
    argv: process.argv,
    handle: (raw) => links.handle(raw),
    reveal: () => revealWindow(mainWindow),
  })

  // Every webContents, including any we did not expect, gets the navigation / window-open / webview rules.
  app.on('web-contents-created', (_event, contents) => {
    hardenWebContents(contents, { isAppUrl, openExternal: (url) => shell.openExternal(url), log })
  })

  const lastUser = createLastKnownUserStore({ storage, filePath: join(userData, 'last-known-user.json') })
  // The window's startup snapshot, read from the cache now so the first document request finds it in memory and
  // kept current by every write and sign-out. Appearance is read when a document is served (the controller
  // exists once the app is ready).
  let appearanceMode: () => AppearanceMode = () => 'system'
  let sidebarCollapsed: () => boolean = () => false
  const firstFrame = createFirstFrame({
    readCache: () => lastUser.read(),
    hasPendingSignOut: () => storage.hasPendingRemoval(),
    appearance: () => appearanceMode(),
    platform: toDevicePlatform(process.platform),
    // The saved choice, or collapsed in a window too narrow for labels, as the renderer decides
    // (renderer/src/shell/useSidebar.ts): the frame and React's first render must agree.
    layout: () => ({ sidebarCollapsed: sidebarCollapsed() || isNarrowWindow(mainWindow) }),
    log,
  })
  lastUser.onChange((change) => firstFrame.onCacheChange(change))
  firstFrame.load()
  // The early read of Clerk's client (early-session.ts), started now: the window's first document takes its
  // answer (`session:early`) instead of making the request itself once its script runs.
  const earlySession = createEarlySessionReader({
    frontendApiHost: clerkConfig.ok ? clerkConfig.frontendApiHost : null,
    readCache: () => lastUser.read(),
    hasPendingSignOut: () => storage.hasPendingRemoval(),
    storage,
    // Electron's `net` works once the app is ready; the keychain and the cache are read before that.
    fetch: async (url, init) => {
      await app.whenReady()
      return net.fetch(url, init)
    },
    log,
  })
  lastUser.onChange((change) => earlySession.onCacheChange(change))
  earlySession.start()
  const windowStateFile = join(userData, WINDOW_STATE_FILE)
  const appearanceFile = join(userData, APPEARANCE_FILE)
  const sidebarFile = join(userData, SIDEBAR_FILE)
  const iconPath = appIconPath({
    isPackaged: app.isPackaged,
    resourcesPath: process.resourcesPath,
    appPath: app.getAppPath(),
  })
  // Crash leftovers of the small settings files (nothing writes them before the window exists, so nothing is
  // mid-write now). The token, cache and device stores clean their own before their first read, and the first
  // two at sign-out too.
  void removeLeftoverTempFiles([
    join(userData, UPDATE_SETTINGS_FILE),
    windowStateFile,
    appearanceFile,
    sidebarFile,
  ])
  let deviceInfo: Promise<DeviceInfo> | null = null
  const appInfo = (): AppInfo => ({
    productName: identity.productName,
    version: app.getVersion(),
    scheme: identity.scheme,
    rendererOrigin: identity.rendererOrigin,
    isPackaged: app.isPackaged,
    platform: toDevicePlatform(process.platform),
  })

  // One save at a time, in order: a slow disk must not let an older place land after a newer one.
  const saveWindowStateInOrder = createSerialQueue()
  function createWindow(): BrowserWindow {
    const placement = placeWindow(
      parseWindowState(readTextOrNull(windowStateFile)),
      screen.getAllDisplays(),
      screen.getPrimaryDisplay(),
      MAIN_WINDOW_SIZE,
    )
    const window = new BrowserWindow(
      mainWindowOptions({
        title: identity.productName,
        preloadPath: join(__dirname, '../preload/index.js'),
        platform: process.platform,
        iconPath,
        placement,
      }),
    )
    window.once('ready-to-show', () => showPlacedWindow(window, placement))
    trackWindowState(window, (state) => {
      saveWindowStateInOrder(() =>
        writeFileAtomic(windowStateFile, serializeWindowState(state), { mode: 0o644 }),
      ).catch((error: unknown) => log.warn(`Could not save the window's place: ${String(error)}`))
    })
    window.webContents.on('did-start-navigation', (details) => {
      if (details.isMainFrame && !details.isSameDocument) links.rendererGone()
    })
    window.webContents.on('render-process-gone', (_event, details) => {
      links.rendererGone()
      recovery.onGone(details)
    })
    window.on('closed', () => {
      if (mainWindow === window) mainWindow = null
      links.rendererGone()
    })
    void window.loadURL(rendererEntry)
    return window
  }

  void app.whenReady().then(() => {
    // Before the window exists, so a dark choice never paints a light first frame.
    const appearance = createAppearanceController({
      files: nodeUpdateSettingsFiles(appearanceFile, {
        readFileSync,
        promises: { open, rename, rm, mkdir, readdir },
      }),
      nativeTheme,
      log,
    })
    const sidebar = createSidebarSetting({
      files: nodeUpdateSettingsFiles(sidebarFile, {
        readFileSync,
        promises: { open, rename, rm, mkdir, readdir },
      }),
      log,
    })
    appearanceMode = () => appearance.get()
    sidebarCollapsed = () => sidebar.get()
    restrictPermissions(session.defaultSession, { appOrigin: devServerUrl ?? identity.rendererOrigin, log })
    protocol.handle(identity.scheme, (request) =>
      serveRendererRequest(
        request.url,
        {
          scheme: identity.scheme,
          host: identity.rendererHost,
          rootDir: join(__dirname, '../renderer'),
          contentSecurityPolicy,
          firstFrame: (pathname) => firstFrame.inputFor(pathname),
          preconnect: appDocument.preconnect,
          signedInBodyEnd: appDocument.signedInBodyEnd,
          afterFirstFrameLoader: appDocument.afterFirstFrameLoader,
        },
        { fetchDest: request.headers.get('sec-fetch-dest') },
      ),
    )
    if (devServerUrl) {
      // The dev server sends no CSP; add ours so development runs under the same rules as production.
      session.defaultSession.webRequest.onHeadersReceived(
        { urls: [`${new URL(devServerUrl).origin}/*`] },
        (details, callback) => {
          if (details.resourceType !== 'mainFrame') return callback({})
          callback({
            responseHeaders: withContentSecurityPolicy(details.responseHeaders, contentSecurityPolicy),
          })
        },
      )
    }

    const updates = createAppUpdateController({
      isPackaged: app.isPackaged,
      appPath: app.getAppPath(),
      userDataPath: userData,
      logger: log,
      setProgress: (value) => mainWindow?.setProgressBar(value),
    })
    updates.onChange((snapshot) => sendEvent('updates:state', snapshot))
    // Held until the next one: a Notification nobody references can be collected, and its click is lost.
    let updateNotification: InstanceType<typeof Notification> | null = null
    updates.onChange(
      createUpdateReadyNotifier({
        productName: identity.productName,
        isWindowFocused: () => mainWindow?.isFocused() ?? false,
        reveal: () => revealWindow(mainWindow),
        showReady: () => updates.showReady(),
        notify: ({ title, body, onClick }) => {
          if (!Notification.isSupported()) return
          updateNotification = new Notification({ title, body })
          updateNotification.on('click', onClick)
          updateNotification.show()
        },
      }),
    )
    storage.onPersistenceModeChange((mode) => sendEvent('storage:persistence-changed', mode))

    registerInvokeHandlers(
      {
        ipcMain,
        trusted: trustedRenderer,
        parsers: createPayloadParsers({ parseLastKnownUser: (value) => parseLastKnownUser(value) }),
        log,
      },
      createInvokeHandlers({
        appInfo,
        deviceInfo: () =>
          (deviceInfo ??= loadDeviceInfo({
            userDataDir: userData,
            hostname: hostname(),
            platform: process.platform,
            appVersion: app.getVersion(),
          })),
        storage,
        rendererReady: () => links.rendererReady(),
        earlySession: () => earlySession.take(),
        openExternal: (url) => shell.openExternal(url),
        lastUser,
        updates,
        rendererLog: createRendererLog({ log }),
        appearance,
        sidebar,
        recovery,
        log,
      }),
    )

    Menu.setApplicationMenu(
      Menu.buildFromTemplate(
        buildAppMenuTemplate({
          platform: toDevicePlatform(process.platform),
          productName: identity.productName,
          isDevelopment: identity.isDevelopment,
          actions: {
            navigate: (route) => links.open(route),
            showAbout: () => app.showAboutPanel(),
            openLogsFolder: () => {
              void shell.openPath(app.getPath('logs'))
            },
            reportProblem: () => links.open({ name: 'diagnostics' }),
          },
        }),
      ),
    )
    app.setAboutPanelOptions(
      aboutPanelOptions({
        productName: identity.productName,
        version: app.getVersion(),
        platform: process.platform,
        iconPath,
      }),
    )

    // Probe the keychain now, while the window loads, rather than on the renderer's first token read.
    void storage.persistenceMode()
    mainWindow = createWindow()
    const stopUpdates = updates.start()
    app.on('will-quit', stopUpdates)
    // AppImage builds have no installed desktop entry: write one so `xdg-open <scheme>://...` finds us.
    void registerLinuxUrlHandler(
      {
        platform: process.platform,
        env: process.env,
        homeDir: app.getPath('home'),
        fs: {
          readFile,
          writeFileAtomic: (path, data) => writeFileAtomic(path, data, { mode: 0o644 }),
          removeLeftoverTempFiles: (targets) => removeLeftoverTempFiles(targets),
        },
        exec: runProgram,
        logger: log,
      },
      { scheme: identity.scheme, productName: identity.productName },
    )
    app.on('activate', () => {
      if (!mainWindow) mainWindow = createWindow()
    })
  })

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit()
  })
  app.on('will-quit', () => bridge.cleanup())
}

/** A small settings file's text, or null when it is missing or unreadable (the caller's defaults apply). */
function readTextOrNull(filePath: string): string | null {
  try {
    return readFileSync(filePath, 'utf8')
  } catch {
    return null
  }
}

/** Runs a program without a shell, bounded in time; never rejects. */
function runProgram(file: string, args: string[]): Promise<ExecResult> {
  return new Promise((resolve) => {
    execFile(file, args, { timeout: 5000 }, (error) =>
      resolve(error ? { ok: false, reason: error.message } : { ok: true }),
    )
  })
}
