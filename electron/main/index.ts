// Composition root: the only main-process module that imports runtime values from `electron`. Every concern
// lives in its own module and receives the Electron objects it needs from here.
import { execFile } from 'node:child_process'
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises'
import { hostname } from 'node:os'
import { join } from 'node:path'
import { createClerkBridge } from '@clerk/electron'
import { app, BrowserWindow, ipcMain, protocol, safeStorage, session, shell } from 'electron'
import log from 'electron-log/main'
import type { AppInfo, DeviceInfo } from '../shared/contract'
import { resolveAppIdentity } from './app-identity'
import { buildContentSecurityPolicy, withContentSecurityPolicy } from './csp'
import { captureAppLinks, registerDevelopmentProtocolClient } from './deep-link-sources'
import { loadDeviceInfo, toDevicePlatform } from './device-identity'
import { safeStorageCipher } from './encrypted-file-store'
import { createInvokeHandlers } from './invoke-handlers'
import { createEventSender, registerInvokeHandlers } from './ipc'
import { createPayloadParsers } from './ipc-payloads'
import { createKeychainStorage, isClerkKey, limitToKeys, type KeychainBackend } from './keychain-storage'
import { createLastKnownUserStore, parseLastKnownUser } from './last-known-user'
import { createLinkDispatcher } from './link-dispatcher'
import { registerLinuxUrlHandler, type ExecResult } from './linux-url-handler'
import { configureLogging } from './logging'
import { serveRendererRequest } from './renderer-protocol'
import { createRendererRecovery, RENDERER_GAVE_UP_PAGE } from './renderer-recovery'
import { hardenWebContents, isSameAppOrigin, restrictPermissions } from './security'
import { createAppUpdateController } from './updater'
import { mainWindowOptions, revealWindow } from './window'

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
  const contentSecurityPolicy = buildContentSecurityPolicy({
    publishableKey: import.meta.env.VITE_CLERK_PUBLISHABLE_KEY,
    convexUrl: import.meta.env.VITE_CONVEX_URL,
    mode: identity.isDevelopment ? 'development' : 'production',
    devServerUrl,
  })

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
  const bridge = createClerkBridge({
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
  })
  registerDevelopmentProtocolClient(app, {
    scheme: identity.scheme,
    defaultApp: process.defaultApp,
    execPath: process.execPath,
    argv: process.argv,
  })

  let mainWindow: BrowserWindow | null = null
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
  let deviceInfo: Promise<DeviceInfo> | null = null
  const appInfo = (): AppInfo => ({
    productName: identity.productName,
    version: app.getVersion(),
    scheme: identity.scheme,
    rendererOrigin: identity.rendererOrigin,
    isPackaged: app.isPackaged,
    platform: toDevicePlatform(process.platform),
  })

  function createWindow(): BrowserWindow {
    const window = new BrowserWindow(
      mainWindowOptions({ title: identity.productName, preloadPath: join(__dirname, '../preload/index.js') }),
    )
    window.once('ready-to-show', () => window.show())
    window.webContents.on('did-start-navigation', (details) => {
      if (details.isMainFrame && !details.isSameDocument) links.rendererGone()
    })
    // A dead renderer leaves the window blank: reload it (a few times at most, then a static explanation).
    const recoverRenderer = createRendererRecovery({
      reload: () => window.webContents.reload(),
      giveUp: () =>
        void window
          .loadURL(`data:text/html;charset=utf-8,${encodeURIComponent(RENDERER_GAVE_UP_PAGE)}`)
          .catch(() => {}),
      log,
    })
    window.webContents.on('render-process-gone', (_event, details) => {
      links.rendererGone()
      recoverRenderer(details)
    })
    window.on('closed', () => {
      if (mainWindow === window) mainWindow = null
      links.rendererGone()
    })
    void window.loadURL(rendererEntry)
    return window
  }

  void app.whenReady().then(() => {
    restrictPermissions(session.defaultSession, { appOrigin: devServerUrl ?? identity.rendererOrigin, log })
    protocol.handle(identity.scheme, (request) =>
      serveRendererRequest(request.url, {
        scheme: identity.scheme,
        host: identity.rendererHost,
        rootDir: join(__dirname, '../renderer'),
        contentSecurityPolicy,
      }),
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
    storage.onPersistenceModeChange((mode) => sendEvent('storage:persistence-changed', mode))

    registerInvokeHandlers(
      {
        ipcMain,
        trusted: { webContents: () => mainWindow?.webContents ?? null, isAppUrl },
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
        openExternal: (url) => shell.openExternal(url),
        lastUser,
        updates,
        log,
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
        fs: { mkdir, readFile, writeFile, rename },
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

/** Runs a program without a shell, bounded in time; never rejects. */
function runProgram(file: string, args: string[]): Promise<ExecResult> {
  return new Promise((resolve) => {
    execFile(file, args, { timeout: 5000 }, (error) =>
      resolve(error ? { ok: false, reason: error.message } : { ok: true }),
    )
  })
}
