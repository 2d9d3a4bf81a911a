// The emulated `electron` module the app's real main bundle gets from `require('electron')` in this process.
// Main-process state (app lifecycle, paths, single-instance lock, IPC handlers, protocol handlers, permission
// handlers, safeStorage) lives here; everything a renderer does happens in a real Chromium page driven by the
// test process, which this module talks to over the RPC channel. See ../README.md for what is not reproduced.
import { EventEmitter } from 'node:events'
import { mkdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { RpcChannel } from '../rpc.ts'
import { createSafeStorage, type SafeStorageConfig } from './safe-storage.ts'
import { createSingleInstanceLock, type SecondInstanceMessage } from './single-instance.ts'

export interface EmulationInit {
  mainPath: string
  /** Arguments after the executable (and, unpackaged, after the app folder): links, switches. */
  args: string[]
  packaged: boolean
  execPath: string
  appPath: string
  resourcesPath: string
  name: string
  version: string
  electronVersion: string
  chromeVersion: string
  paths: { home: string; appData: string; temp?: string }
  safeStorage: SafeStorageConfig
  locale: string
  /** For ../net.ts: host -> loopback port (as Chromium's host-resolver-rules) and the CA HTTPS trusts. */
  net?: { hosts?: Record<string, number>; ca?: string }
  /** The machine's displays, the primary first (default: one 1920×1080 display with no taskbar). */
  displays?: EmulatedDisplay[]
}

export interface Rect {
  x: number
  y: number
  width: number
  height: number
}

/** One monitor as `electron.screen` describes it; `workArea` is what the taskbar/dock/menu bar leave. */
export interface EmulatedDisplay {
  id: number
  bounds: Rect
  workArea: Rect
  scaleFactor?: number
}

export const DEFAULT_DISPLAYS: EmulatedDisplay[] = [
  {
    id: 1,
    bounds: { x: 0, y: 0, width: 1920, height: 1080 },
    workArea: { x: 0, y: 0, width: 1920, height: 1080 },
  },
]

/** Electron's event objects: preventDefault() is what handlers use to veto. */
function makeEvent<T extends object>(extra?: T): { defaultPrevented: boolean; preventDefault(): void } & T {
  const event = {
    defaultPrevented: false,
    preventDefault() {
      event.defaultPrevented = true
    },
    ...(extra ?? ({} as T)),
  }
  return event
}

type PermissionRequestHandler = (
  contents: unknown,
  permission: string,
  callback: (granted: boolean) => void,
  details: Record<string, unknown>,
) => void
type PermissionCheckHandler = (
  contents: unknown,
  permission: string,
  requestingOrigin: string,
  details: Record<string, unknown>,
) => boolean
type HeadersListener = (
  details: Record<string, unknown>,
  callback: (response: { cancel?: boolean; responseHeaders?: Record<string, string | string[]> }) => void,
) => void

export interface EmulatedElectron {
  /** What `require('electron')` returns in the app process. */
  electron: Record<string, unknown>
  /** Requests from the test process (see ../index.ts). */
  handlers: Record<string, (params: never) => unknown>
  setNet(value: unknown): void
  scheduleReady(): void
}

export function createElectron(init: EmulationInit, host: RpcChannel): EmulatedElectron {
  let ready = false
  let quitting = false
  let exiting = false
  const readyWaiters: Array<() => void> = []
  const queuedSecondInstances: SecondInstanceMessage[] = []
  const privilegedSchemes = new Map<string, Record<string, boolean>>()
  const protocolHandlers = new Map<string, (request: Request) => Response | Promise<Response>>()
  const invokeHandlers = new Map<string, (event: unknown, ...args: unknown[]) => unknown>()
  const windows = new Map<number, BrowserWindow>()
  const allContents = new Map<number, WebContents>()
  let nextWindowId = 1
  let nextContentsId = 1
  const paths = new Map<string, string>()
  const record = (kind: string, detail?: unknown): void => host.note('record', { kind, detail })

  const singleInstance = createSingleInstanceLock({
    deliver: (message) => {
      if (ready) emitSecondInstance(message)
      else queuedSecondInstances.push(message)
    },
  })
  function emitSecondInstance(message: SecondInstanceMessage): void {
    app.emit('second-instance', makeEvent(), message.argv, message.workingDirectory, message.additionalData)
  }

  const standardSchemes = (): string[] =>
    [...privilegedSchemes].filter(([, privileges]) => privileges.standard === true).map(([scheme]) => scheme)

  // ---------------------------------------------------------------- app
  class App extends EventEmitter {
    isPackaged = init.packaged
    name = init.name
    userAgentFallback = `Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) ${init.name}/${init.version} Chrome/${init.chromeVersion} Electron/${init.electronVersion} Safari/537.36`
    commandLine = {
      switches: new Map<string, string>(),
      appendSwitch(name: string, value = '') {
        this.switches.set(name, value)
      },
      appendArgument() {},
      hasSwitch(name: string) {
        return this.switches.has(name)
      },
      getSwitchValue(name: string) {
        return this.switches.get(name) ?? ''
      },
      removeSwitch(name: string) {
        this.switches.delete(name)
      },
    }
    applicationMenu: unknown = null
    getName(): string {
      return this.name
    }
    setName(name: string): void {
      this.name = name
    }
    getVersion(): string {
      return init.version
    }
    getAppPath(): string {
      return init.appPath
    }
    getLocale(): string {
      return init.locale
    }
    getSystemLocale(): string {
      return init.locale
    }
    getPreferredSystemLanguages(): string[] {
      return [init.locale]
    }
    getPath(name: string): string {
      const set = paths.get(name)
      if (set) return set
      const userData = (): string => paths.get('userData') ?? join(init.paths.appData, this.name)
      switch (name) {
        case 'home':
          return init.paths.home
        case 'appData':
          return init.paths.appData
        case 'userData':
        case 'sessionData':
          return userData()
        // Linux (and Windows): logs under userData, following a userData set by the app.
        case 'logs':
          return join(userData(), 'logs')
        case 'crashDumps':
          return join(userData(), 'Crashpad')
        case 'temp':
          return init.paths.temp ?? tmpdir()
        case 'exe':
          return init.execPath
        case 'module':
          return init.execPath
        case 'desktop':
        case 'documents':
        case 'downloads':
        case 'music':
        case 'pictures':
        case 'videos':
          return join(init.paths.home, name[0]!.toUpperCase() + name.slice(1))
        case 'recent':
          return join(init.paths.home, '.local/share/recently-used.xbel')
        default:
          throw new Error(`Failed to get '${name}' path`)
      }
    }
    setPath(name: string, path: string): void {
      if (typeof path !== 'string' || !path.startsWith('/')) throw new Error(`Path must be absolute: ${path}`)
      paths.set(name, path)
    }
    setAppLogsPath(path?: string): void {
      paths.set('logs', path ?? join(this.getPath('userData'), 'logs'))
    }
    isReady(): boolean {
      return ready
    }
    whenReady(): Promise<void> {
      if (ready) return Promise.resolve()
      return new Promise((resolve) => readyWaiters.push(resolve))
    }
    requestSingleInstanceLock(additionalData?: unknown): boolean {
      return singleInstance.request(this.getPath('userData'), process.argv, additionalData ?? null)
    }
    hasSingleInstanceLock(): boolean {
      return singleInstance.has()
    }
    releaseSingleInstanceLock(): void {
      singleInstance.release()
    }
    setAppUserModelId(id: string): void {
      record('app-user-model-id', id)
    }
    setAboutPanelOptions(options: unknown): void {
      record('about-panel-options', options)
    }
    showAboutPanel(): void {
      record('about-panel', null)
    }
    setAsDefaultProtocolClient(scheme: string, path?: string, args?: string[]): boolean {
      // Linux: Electron runs `xdg-settings set default-url-scheme-handler`; here the test's "OS" records it.
      host.note('os.registerProtocol', { scheme, path: path ?? null, args: args ?? null })
      return true
    }
    removeAsDefaultProtocolClient(scheme: string): boolean {
      host.note('os.unregisterProtocol', { scheme })
      return true
    }
    isDefaultProtocolClient(): boolean {
      return false
    }
    focus(): void {}
    hide(): void {}
    show(): void {}
    setBadgeCount(): boolean {
      return false
    }
    getBadgeCount(): number {
      return 0
    }
    relaunch(options?: unknown): void {
      record('relaunch', options ?? null)
    }
    getAppMetrics(): unknown[] {
      return []
    }
    getGPUFeatureStatus(): Record<string, string> {
      return {}
    }
    setLoginItemSettings(): void {}
    getLoginItemSettings(): Record<string, unknown> {
      return { openAtLogin: false }
    }
    /** Electron's quit: before-quit, every window closed (each may veto), will-quit, quit, exit. */
    quit(): void {
      if (quitting || exiting) return
      quitting = true
      const beforeQuit = makeEvent()
      this.emit('before-quit', beforeQuit)
      if (beforeQuit.defaultPrevented) {
        quitting = false
        return
      }
      for (const window of [...windows.values()]) window.close()
      if (windows.size > 0) {
        quitting = false
        return
      }
      const willQuit = makeEvent()
      this.emit('will-quit', willQuit)
      if (willQuit.defaultPrevented) {
        quitting = false
        return
      }
      this.emit('quit', makeEvent(), 0)
      void exitProcess(0)
    }
    exit(code = 0): void {
      void exitProcess(code)
    }
  }
  const app = new App()

  async function exitProcess(code: number): Promise<void> {
    if (exiting) return
    exiting = true
    // A refused instance quits only after its argv reached the first one.
    await singleInstance.forwarded()
    singleInstance.release()
    await Promise.race([host.call('app.exiting', { code }), new Promise((r) => setTimeout(r, 1000))])
    process.exit(code)
  }

  function becomeReady(): void {
    if (exiting || quitting) return
    // Chromium creates the profile folder at start-up; app code may rely on userData existing.
    mkdirSync(app.getPath('userData'), { recursive: true })
    app.emit('will-finish-launching')
    ready = true
    app.emit('ready', makeEvent(), {})
    for (const resolve of readyWaiters.splice(0)) resolve()
    for (const message of queuedSecondInstances.splice(0)) emitSecondInstance(message)
  }

  // ---------------------------------------------------------------- session
  class WebRequest {
    headersReceived: { filter: { urls: string[] }; listener: HeadersListener } | null = null
    onHeadersReceived(filterOrListener: unknown, maybeListener?: unknown): void {
      const listener = (maybeListener ?? filterOrListener) as HeadersListener | null
      const filter = (maybeListener ? filterOrListener : { urls: ['<all_urls>'] }) as { urls: string[] }
      this.headersReceived = listener ? { filter, listener } : null
      host.note('session.webRequest', { headersReceived: this.headersReceived?.filter.urls ?? null })
    }
    onBeforeRequest(): void {}
    onBeforeSendHeaders(): void {}
    onSendHeaders(): void {}
    onResponseStarted(): void {}
    onBeforeRedirect(): void {}
    onCompleted(): void {}
    onErrorOccurred(): void {}
  }

  class Session extends EventEmitter {
    partition: string
    permissionRequestHandler: PermissionRequestHandler | null = null
    permissionCheckHandler: PermissionCheckHandler | null = null
    devicePermissionHandler: ((details: unknown) => boolean) | null = null
    webRequest = new WebRequest()
    protocol = protocol
    cookies = { get: async () => [], set: async () => {}, remove: async () => {}, flushStore: async () => {} }
    constructor(partition: string) {
      super()
      this.partition = partition
    }
    setPermissionRequestHandler(handler: PermissionRequestHandler | null): void {
      this.permissionRequestHandler = handler
    }
    setPermissionCheckHandler(handler: PermissionCheckHandler | null): void {
      this.permissionCheckHandler = handler
    }
    setDevicePermissionHandler(handler: ((details: unknown) => boolean) | null): void {
      this.devicePermissionHandler = handler
    }
    setDisplayMediaRequestHandler(): void {}
    getUserAgent(): string {
      return app.userAgentFallback
    }
    setUserAgent(): void {}
    async clearStorageData(options?: unknown): Promise<void> {
      await host.call('session.clearStorageData', { options: options ?? null })
    }
    async clearCache(): Promise<void> {
      await host.call('session.clearStorageData', { options: { storages: ['cache'] } })
    }
    async clearAuthCache(): Promise<void> {}
    async setProxy(): Promise<void> {}
    async resolveProxy(): Promise<string> {
      return 'DIRECT'
    }
    setPreloads(): void {}
    getPreloads(): string[] {
      return []
    }
    registerPreloadScript(): string {
      return 'preload'
    }
    setSpellCheckerEnabled(): void {}
    isPersistent(): boolean {
      return !this.partition.startsWith('in-memory') && this.partition !== ''
    }
  }

  // ---------------------------------------------------------------- protocol
  const protocol = {
    registerSchemesAsPrivileged(
      schemes: Array<{ scheme: string; privileges?: Record<string, boolean> }>,
    ): void {
      if (ready) throw new Error('protocol.registerSchemesAsPrivileged should be called before app is ready')
      for (const { scheme, privileges } of schemes) privilegedSchemes.set(scheme, privileges ?? {})
      // What Electron would be told: plain Chromium cannot apply most privileges (origins.ts), so tests read them.
      record('privileged-schemes', schemes)
    },
    handle(scheme: string, handler: (request: Request) => Response | Promise<Response>): void {
      if (protocolHandlers.has(scheme)) throw new Error(`Failed to register protocol: ${scheme}`)
      protocolHandlers.set(scheme, handler)
    },
    unhandle(scheme: string): void {
      protocolHandlers.delete(scheme)
    },
    isProtocolHandled(scheme: string): boolean {
      return protocolHandlers.has(scheme)
    },
  }

  const sessions = new Map<string, Session>()
  const session = {
    get defaultSession(): Session {
      return session.fromPartition('')
    },
    fromPartition(partition: string): Session {
      let found = sessions.get(partition)
      if (!found) {
        found = new Session(partition)
        sessions.set(partition, found)
      }
      return found
    },
  }

  // ---------------------------------------------------------------- webContents / frames
  function makeFrame(contents: WebContents, isMain: boolean, initialUrl: string) {
    let frameUrl = initialUrl
    return {
      get url(): string {
        return isMain ? contents.currentUrl : frameUrl
      },
      set url(value: string) {
        frameUrl = value
      },
      get origin(): string {
        try {
          const parsed = new URL(this.url)
          return `${parsed.protocol}//${parsed.host}`
        } catch {
          return 'null'
        }
      },
      name: '',
      processId: 1,
      routingId: isMain ? 1 : 2,
      frameTreeNodeId: isMain ? 1 : 2,
      get top(): unknown {
        return contents.mainFrame
      },
      get parent(): unknown {
        return isMain ? null : contents.mainFrame
      },
      frames: [] as unknown[],
      framesInSubtree: [] as unknown[],
      isDestroyed: () => contents.isDestroyed(),
      detached: false,
      visibilityState: 'visible',
      send: (channel: string, ...args: unknown[]) => contents.send(channel, ...args),
      executeJavaScript: (code: string) => contents.executeJavaScript(code),
    }
  }

  class WebContents extends EventEmitter {
    id = nextContentsId++
    window: BrowserWindow
    currentUrl = ''
    title = ''
    destroyed = false
    crashed = false
    loading = false
    windowOpenHandler: ((details: Record<string, unknown>) => { action: 'allow' | 'deny' }) | null = null
    session = session.defaultSession
    mainFrame: ReturnType<typeof makeFrame>
    ipc = new EventEmitter()
    navigationHistory = {
      canGoBack: () => false,
      canGoForward: () => false,
      goBack: () => {},
      goForward: () => {},
      clear: () => {},
    }
    constructor(window: BrowserWindow) {
      super()
      this.window = window
      this.mainFrame = makeFrame(this, true, '')
      allContents.set(this.id, this)
    }
    getType(): string {
      return 'window'
    }
    // The page is never zoomed here (Playwright's page has no zoom): Electron's default factor.
    getZoomFactor(): number {
      return 1
    }
    getURL(): string {
      return this.currentUrl
    }
    getTitle(): string {
      return this.title
    }
    isDestroyed(): boolean {
      return this.destroyed
    }
    isCrashed(): boolean {
      return this.crashed
    }
    isLoading(): boolean {
      return this.loading
    }
    isFocused(): boolean {
      return this.window.focused
    }
    focus(): void {
      this.window.focus()
    }
    getOSProcessId(): number {
      return 0
    }
    getProcessId(): number {
      return 1
    }
    getUserAgent(): string {
      return app.userAgentFallback
    }
    setUserAgent(): void {}
    openDevTools(): void {}
    closeDevTools(): void {}
    isDevToolsOpened(): boolean {
      return false
    }
    setWindowOpenHandler(handler: WebContents['windowOpenHandler']): void {
      this.windowOpenHandler = handler
    }
    loadURL(url: string): Promise<void> {
      return this.window.loadURL(url)
    }
    reload(): void {
      void this.window.op('window.reload', {})
    }
    reloadIgnoringCache(): void {
      this.reload()
    }
    stop(): void {}
    send(channel: string, ...args: unknown[]): void {
      if (this.destroyed) throw new Error('Object has been destroyed')
      void this.window.op('window.send', { channel, args: structuredClone(args) })
    }
    async executeJavaScript(code: string): Promise<unknown> {
      return this.window.op('window.executeJavaScript', { code })
    }
    forcefullyCrashRenderer(): void {
      void this.window.op('window.crash', {})
    }
  }

  // ---------------------------------------------------------------- BrowserWindow
  class BrowserWindow extends EventEmitter {
    static getAllWindows(): BrowserWindow[] {
      return [...windows.values()]
    }
    static fromWebContents(contents: WebContents): BrowserWindow | null {
      return contents?.window && !contents.window.destroyed ? contents.window : null
    }
    static fromId(id: number): BrowserWindow | null {
      return windows.get(id) ?? null
    }
    static getFocusedWindow(): BrowserWindow | null {
      return [...windows.values()].find((window) => window.focused) ?? null
    }

    id = nextWindowId++
    webContents: WebContents
    destroyed = false
    visible = false
    focused = false
    minimized = false
    title: string
    progress = -1
    bounds: { x: number; y: number; width: number; height: number }
    readonly created: Promise<unknown>
    private shownOnce = false

    constructor(options: Record<string, unknown> = {}) {
      super()
      if (!ready) throw new Error('Cannot create BrowserWindow before app is ready')
      this.title = typeof options.title === 'string' ? options.title : app.name
      this.bounds = {
        x: typeof options.x === 'number' ? options.x : 0,
        y: typeof options.y === 'number' ? options.y : 0,
        width: typeof options.width === 'number' ? options.width : 800,
        height: typeof options.height === 'number' ? options.height : 600,
      }
      const webPreferences = (options.webPreferences ?? {}) as Record<string, unknown>
      windows.set(this.id, this)
      this.webContents = new WebContents(this)
      this.created = host.call('window.create', {
        windowId: this.id,
        webContentsId: this.webContents.id,
        width: this.bounds.width,
        height: this.bounds.height,
        preload: typeof webPreferences.preload === 'string' ? webPreferences.preload : null,
        webPreferences: JSON.parse(JSON.stringify(webPreferences)) as unknown,
        userAgent: app.userAgentFallback,
        userData: app.getPath('userData'),
        standardSchemes: standardSchemes(),
      })
      this.created.catch((error: unknown) => record('window-create-failed', String(error)))
      app.emit('web-contents-created', makeEvent(), this.webContents)
      app.emit('browser-window-created', makeEvent(), this)
      if (options.show !== false) this.show()
    }

    /** A host operation on this window, after the page exists. */
    op(method: string, params: Record<string, unknown>): Promise<unknown> {
      return this.created.then(() => host.call(method, { windowId: this.id, ...params }))
    }

    loadURL(url: string): Promise<void> {
      this.webContents.loading = true
      return this.op('window.load', { url }).then((result) => {
        this.webContents.loading = false
        const outcome = result as { ok: boolean; code?: number; description?: string }
        if (!outcome.ok) {
          const error = new Error(
            `${outcome.description ?? 'ERR_FAILED'} (${outcome.code ?? -2}) loading '${url}'`,
          )
          throw Object.assign(error, { code: outcome.description, errno: outcome.code, url })
        }
      })
    }
    loadFile(filePath: string): Promise<void> {
      return this.loadURL(`file://${filePath}`)
    }
    show(): void {
      if (this.destroyed) return
      this.visible = true
      this.focused = true
      void this.op('window.show', {})
      if (!this.shownOnce) {
        this.shownOnce = true
        this.emit('show')
      }
    }
    showInactive(): void {
      this.show()
    }
    hide(): void {
      this.visible = false
      this.emit('hide')
    }
    focus(): void {
      this.focused = true
      void this.op('window.focus', {})
      this.emit('focus')
    }
    blur(): void {
      this.focused = false
    }
    isVisible(): boolean {
      return this.visible
    }
    isFocused(): boolean {
      return this.focused
    }
    isMinimized(): boolean {
      return this.minimized
    }
    minimize(): void {
      this.minimized = true
      this.emit('minimize')
    }
    restore(): void {
      this.minimized = false
      this.emit('restore')
    }
    // Window-manager state: a maximised window fills its display's work area and remembers its normal bounds
    // (what getNormalBounds() returns and unmaximize() restores); the page keeps its size (the OS would resize it).
    maximized = false
    fullScreen = false
    private normalBounds: { x: number; y: number; width: number; height: number } | null = null
    maximize(): void {
      if (this.maximized) return
      this.maximized = true
      this.normalBounds = { ...this.bounds }
      this.bounds = { ...displayMatching(this.bounds).workArea }
      this.emit('maximize')
    }
    unmaximize(): void {
      if (!this.maximized) return
      this.maximized = false
      if (this.normalBounds) this.bounds = this.normalBounds
      this.normalBounds = null
      this.emit('unmaximize')
    }
    isMaximized(): boolean {
      return this.maximized
    }
    isFullScreen(): boolean {
      return this.fullScreen
    }
    setFullScreen(flag: boolean): void {
      if (this.fullScreen === flag) return
      this.fullScreen = flag
      this.emit(flag ? 'enter-full-screen' : 'leave-full-screen')
    }
    getNormalBounds() {
      return { ...(this.normalBounds ?? this.bounds) }
    }
    isDestroyed(): boolean {
      return this.destroyed
    }
    getTitle(): string {
      return this.title
    }
    setTitle(title: string): void {
      this.title = title
    }
    getBounds() {
      return { ...this.bounds }
    }
    setBounds(bounds: Partial<BrowserWindow['bounds']>): void {
      Object.assign(this.bounds, bounds)
    }
    getContentBounds() {
      return this.getBounds()
    }
    getSize(): [number, number] {
      return [this.bounds.width, this.bounds.height]
    }
    setSize(width: number, height: number): void {
      this.bounds.width = width
      this.bounds.height = height
    }
    setMinimumSize(): void {}
    setMenu(): void {}
    setMenuBarVisibility(): void {}
    setAutoHideMenuBar(): void {}
    removeMenu(): void {}
    flashFrame(): void {}
    getNativeWindowHandle(): Buffer {
      return Buffer.alloc(8)
    }
    setProgressBar(value: number): void {
      this.progress = value
      record('progress-bar', { windowId: this.id, value })
    }
    close(): void {
      if (this.destroyed) return
      const event = makeEvent()
      this.emit('close', event)
      if (event.defaultPrevented) return
      this.destroy()
    }
    destroy(): void {
      if (this.destroyed) return
      this.destroyed = true
      this.visible = false
      void this.op('window.close', {}).catch(() => {})
      windows.delete(this.id)
      this.webContents.destroyed = true
      allContents.delete(this.webContents.id)
      this.webContents.emit('destroyed')
      this.emit('closed')
      if (windows.size === 0 && !quitting) {
        if (app.listenerCount('window-all-closed') > 0) app.emit('window-all-closed')
        else app.quit()
      }
    }
  }

  // ---------------------------------------------------------------- ipcMain
  class IpcMain extends EventEmitter {
    handle(channel: string, handler: (event: unknown, ...args: unknown[]) => unknown): void {
      if (invokeHandlers.has(channel))
        throw new Error(`Attempted to register a second handler for '${channel}'`)
      invokeHandlers.set(channel, handler)
    }
    handleOnce(channel: string, handler: (event: unknown, ...args: unknown[]) => unknown): void {
      this.handle(channel, (event, ...args) => {
        invokeHandlers.delete(channel)
        return handler(event, ...args)
      })
    }
    removeHandler(channel: string): void {
      invokeHandlers.delete(channel)
    }
  }
  const ipcMain = new IpcMain()

  interface FrameParams {
    webContentsId: number
    frame: { isMain: boolean; url: string }
  }
  function senderOf(params: FrameParams) {
    const contents = allContents.get(params.webContentsId)
    if (!contents) return null
    const senderFrame = params.frame.isMain
      ? contents.mainFrame
      : makeFrame(contents, false, params.frame.url)
    return { contents, senderFrame }
  }

  // ---------------------------------------------------------------- small modules
  const nativeTheme = Object.assign(new EventEmitter(), {
    shouldUseDarkColors: false,
    shouldUseHighContrastColors: false,
    shouldUseInvertedColorScheme: false,
    prefersReducedTransparency: false,
    inForcedColorsMode: false,
    themeSource: 'system' as 'system' | 'light' | 'dark',
  })

  class Menu {
    static applicationMenu: Menu | null = null
    items: unknown[]
    constructor(items: unknown[] = []) {
      this.items = items
    }
    static buildFromTemplate(template: unknown[]): Menu {
      return new Menu(template)
    }
    static setApplicationMenu(menu: Menu | null): void {
      Menu.applicationMenu = menu
      app.applicationMenu = menu
      // What the user would see in the menu bar: labels, roles and shortcuts (click handlers stay here).
      record('application-menu', menu ? describeMenu(menu.items) : null)
    }
    static getApplicationMenu(): Menu | null {
      return Menu.applicationMenu
    }
    append(item: unknown): void {
      this.items.push(item)
    }
    popup(): void {}
    closePopup(): void {}
  }
  interface MenuTemplateItem {
    label?: string
    role?: string
    accelerator?: string
    type?: string
    click?: (...args: unknown[]) => void
    submenu?: MenuTemplateItem[]
  }
  function describeMenu(items: unknown[]): unknown[] {
    return (items as MenuTemplateItem[]).map((item) => ({
      label: item.label ?? null,
      role: item.role ?? null,
      accelerator: item.accelerator ?? null,
      type: item.type ?? null,
      submenu: Array.isArray(item.submenu) ? describeMenu(item.submenu) : null,
    }))
  }
  /** The menu item at `path` (labels, or roles for items without one), as the user picks it. */
  function findMenuItem(path: string[]): MenuTemplateItem | null {
    let items = (Menu.applicationMenu?.items ?? []) as MenuTemplateItem[]
    let found: MenuTemplateItem | null = null
    for (const name of path) {
      found = items.find((item) => (item.label ?? item.role) === name) ?? null
      if (!found) return null
      items = found.submenu ?? []
    }
    return found
  }

  class MenuItem {
    constructor(options: Record<string, unknown>) {
      Object.assign(this, options)
    }
  }

  const dialog = {
    showErrorBox(title: string, content: string): void {
      record('dialog-error', { title, content })
    },
    async showMessageBox(...args: unknown[]) {
      record('dialog-message', args.length > 1 ? args[1] : args[0])
      return { response: 0, checkboxChecked: false }
    },
    showMessageBoxSync(...args: unknown[]): number {
      record('dialog-message', args.length > 1 ? args[1] : args[0])
      return 0
    },
    async showOpenDialog() {
      return { canceled: true, filePaths: [] }
    },
    async showSaveDialog() {
      return { canceled: true, filePath: '' }
    },
  }

  class Notification extends EventEmitter {
    static isSupported(): boolean {
      return true
    }
    options: unknown
    constructor(options: unknown) {
      super()
      this.options = options
    }
    show(): void {
      record('notification', this.options)
      this.emit('show')
    }
    close(): void {
      this.emit('close')
    }
  }

  const shell = {
    async openExternal(url: string, options?: unknown): Promise<void> {
      await host.call('shell.openExternal', { url, options: options ?? null })
    },
    async openPath(path: string): Promise<string> {
      record('open-path', path)
      return ''
    },
    showItemInFolder(path: string): void {
      record('show-item-in-folder', path)
    },
    async trashItem(path: string): Promise<void> {
      record('trash-item', path)
    },
    beep(): void {},
  }

  let clipboardText = ''
  const clipboard = {
    readText: () => clipboardText,
    writeText: (text: string) => {
      clipboardText = text
    },
    clear: () => {
      clipboardText = ''
    },
  }

  // The displays of this machine (EmulationInit.displays), the primary first; each as Electron describes it.
  const displays = (init.displays ?? DEFAULT_DISPLAYS).map((display) => ({
    id: display.id,
    bounds: { ...display.bounds },
    workArea: { ...display.workArea },
    workAreaSize: { width: display.workArea.width, height: display.workArea.height },
    size: { width: display.bounds.width, height: display.bounds.height },
    scaleFactor: display.scaleFactor ?? 1,
    rotation: 0,
    internal: false,
  }))
  if (displays.length === 0) throw new Error('EmulationInit.displays: a machine has at least one display')
  const overlapArea = (a: Rect, b: Rect): number =>
    Math.max(0, Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x)) *
    Math.max(0, Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y))
  const distanceTo = (point: { x: number; y: number }, area: Rect): number => {
    const dx = Math.max(area.x - point.x, 0, point.x - (area.x + area.width - 1))
    const dy = Math.max(area.y - point.y, 0, point.y - (area.y + area.height - 1))
    return dx * dx + dy * dy
  }
  const displayNearestPoint = (point: { x: number; y: number }) =>
    displays.reduce((best, display) =>
      distanceTo(point, display.bounds) < distanceTo(point, best.bounds) ? display : best,
    )
  // Electron: the display the rectangle overlaps most, else the one nearest its centre.
  function displayMatching(rect: Rect) {
    const best = displays.reduce((a, b) =>
      overlapArea(rect, b.bounds) > overlapArea(rect, a.bounds) ? b : a,
    )
    if (overlapArea(rect, best.bounds) > 0) return best
    return displayNearestPoint({ x: rect.x + rect.width / 2, y: rect.y + rect.height / 2 })
  }
  const screen = Object.assign(new EventEmitter(), {
    getPrimaryDisplay: () => structuredClone(displays[0]!),
    getAllDisplays: () => displays.map((display) => structuredClone(display)),
    getCursorScreenPoint: () => ({ x: 0, y: 0 }),
    getDisplayNearestPoint: (point: { x: number; y: number }) => structuredClone(displayNearestPoint(point)),
    getDisplayMatching: (rect: Rect) => structuredClone(displayMatching(rect)),
  })

  // `net` is emulated by ../net.ts when present (auto-update over Node's HTTP); otherwise it says so.
  let net: unknown = {
    request(): never {
      throw new Error('electron.net.request is not emulated (tests/fullstack/electron/net.ts is not present)')
    },
    fetch(): Promise<never> {
      return Promise.reject(new Error('electron.net.fetch is not emulated'))
    },
    isOnline: () => true,
    online: true,
  }

  const safeStorage = createSafeStorage(init.safeStorage, () => ready)

  const electron = {
    app,
    autoUpdater: Object.assign(new EventEmitter(), {
      setFeedURL() {},
      getFeedURL: () => '',
      checkForUpdates() {},
      quitAndInstall() {},
    }),
    BrowserWindow,
    clipboard,
    contentTracing: { startRecording: async () => {}, stopRecording: async () => '' },
    crashReporter: { start() {}, getLastCrashReport: () => null, getUploadedReports: () => [] },
    dialog,
    globalShortcut: { register: () => true, unregister() {}, unregisterAll() {}, isRegistered: () => false },
    ipcMain,
    Menu,
    MenuItem,
    nativeImage: {
      createEmpty: () => ({ isEmpty: () => true }),
      createFromPath: () => ({ isEmpty: () => true }),
    },
    nativeTheme,
    get net() {
      return net
    },
    Notification,
    powerMonitor: Object.assign(new EventEmitter(), {
      getSystemIdleTime: () => 0,
      getSystemIdleState: () => 'active',
      isOnBatteryPower: () => false,
    }),
    powerSaveBlocker: { start: () => 1, stop() {}, isStarted: () => false },
    protocol,
    safeStorage,
    screen,
    session,
    shell,
    systemPreferences: Object.assign(new EventEmitter(), {
      getAnimationSettings: () => ({
        shouldRenderRichAnimation: true,
        scrollAnimationsEnabledBySystem: true,
      }),
    }),
    Tray: class Tray extends EventEmitter {},
    webContents: {
      getAllWebContents: () => [...allContents.values()],
      fromId: (id: number) => allContents.get(id),
      getFocusedWebContents: () => BrowserWindow.getFocusedWindow()?.webContents ?? null,
    },
  }

  // ---------------------------------------------------------------- requests from the test process
  const handlers: Record<string, (params: never) => unknown> = {
    /** Answers one request of a page to an emulated custom-scheme origin through the app's protocol.handle. */
    async 'protocol.request'(params: {
      url: string
      method: string
      headers: Record<string, string>
      body: Buffer | null
    }) {
      const scheme = params.url.slice(0, params.url.indexOf(':'))
      const handler = protocolHandlers.get(scheme)
      if (!handler) return { error: 'ERR_UNKNOWN_URL_SCHEME' }
      const hasBody = params.body !== null && params.method !== 'GET' && params.method !== 'HEAD'
      const request = new Request(params.url, {
        method: params.method,
        headers: params.headers,
        ...(hasBody ? { body: params.body, duplex: 'half' } : {}),
      } as RequestInit)
      let response: Response
      try {
        response = await handler(request)
      } catch (error) {
        record('protocol-handler-error', String(error))
        return { error: 'ERR_FAILED' }
      }
      if (!(response instanceof Response)) return { error: 'ERR_FAILED' }
      return {
        status: response.status,
        headers: [...response.headers.entries()],
        body: Buffer.from(await response.arrayBuffer()),
      }
    },

    async 'ipc.invoke'(params: FrameParams & { channel: string; args: unknown[] }) {
      const sender = senderOf(params)
      if (!sender) return { ok: false, message: `Error invoking remote method '${params.channel}': gone` }
      const handler = invokeHandlers.get(params.channel)
      if (!handler) {
        return {
          ok: false,
          message: `Error invoking remote method '${params.channel}': Error: No handler registered for '${params.channel}'`,
        }
      }
      const event = {
        type: 'frame',
        sender: sender.contents,
        senderFrame: sender.senderFrame,
        frameId: sender.senderFrame.routingId,
        processId: sender.senderFrame.processId,
      }
      try {
        // Electron structured-clones the result; a value that cannot be cloned fails the call.
        return { ok: true, value: structuredClone(await handler(event, ...params.args)) }
      } catch (error) {
        return { ok: false, message: `Error invoking remote method '${params.channel}': ${String(error)}` }
      }
    },

    'ipc.send'(params: FrameParams & { channel: string; args: unknown[] }) {
      const sender = senderOf(params)
      if (!sender) return
      const event = {
        type: 'frame',
        sender: sender.contents,
        senderFrame: sender.senderFrame,
        frameId: sender.senderFrame.routingId,
        processId: sender.senderFrame.processId,
        returnValue: undefined,
        reply: (channel: string, ...args: unknown[]) => sender.contents.send(channel, ...args),
      }
      ipcMain.emit(params.channel, event, ...params.args)
      sender.contents.ipc.emit(params.channel, event, ...params.args)
    },

    /** Renderer-initiated main-frame navigation: will-navigate / will-frame-navigate may veto it. */
    'navigation.will'(params: {
      webContentsId: number
      url: string
      isMainFrame: boolean
      redirect: boolean
    }) {
      const contents = allContents.get(params.webContentsId)
      if (!contents) return { prevented: false }
      const event = makeEvent({ url: params.url, isMainFrame: params.isMainFrame, isSameDocument: false })
      if (params.redirect) contents.emit('will-redirect', event, params.url, false, params.isMainFrame, 1, 1)
      else {
        contents.emit('will-frame-navigate', event)
        if (params.isMainFrame) contents.emit('will-navigate', event, params.url, false, true, 1, 1)
      }
      return { prevented: event.defaultPrevented }
    },

    'window.open'(params: {
      webContentsId: number
      url: string
      frameName: string
      features: string
      disposition: string
    }) {
      const contents = allContents.get(params.webContentsId)
      const handler = contents?.windowOpenHandler
      if (!handler) return { action: 'allow' }
      const response = handler({
        url: params.url,
        frameName: params.frameName,
        features: params.features,
        disposition: params.disposition,
        referrer: { url: contents?.getURL() ?? '', policy: 'strict-origin-when-cross-origin' },
      })
      return { action: response?.action === 'allow' ? 'allow' : 'deny' }
    },

    async 'permission.request'(params: {
      webContentsId: number
      permission: string
      requestingUrl: string
      details: Record<string, unknown>
    }) {
      const handler = session.defaultSession.permissionRequestHandler
      // Electron grants every permission when the app sets no handler.
      if (!handler) return true
      const contents = allContents.get(params.webContentsId) ?? null
      return new Promise<boolean>((resolve) => {
        handler(contents, params.permission, (granted) => resolve(granted === true), {
          ...params.details,
          requestingUrl: params.requestingUrl,
          isMainFrame: true,
        })
      })
    },

    'permission.check'(params: {
      webContentsId: number
      permission: string
      requestingOrigin: string
      details: Record<string, unknown>
    }) {
      const handler = session.defaultSession.permissionCheckHandler
      if (!handler) return true
      const contents = allContents.get(params.webContentsId) ?? null
      return (
        handler(contents, params.permission, params.requestingOrigin, {
          ...params.details,
          requestingUrl: `${params.requestingOrigin}/`,
          isMainFrame: true,
        }) === true
      )
    },

    async 'headers.received'(params: {
      url: string
      method: string
      resourceType: string
      statusCode: number
      responseHeaders: Record<string, string[]>
      webContentsId: number
    }) {
      const entry = session.defaultSession.webRequest.headersReceived
      if (!entry) return {}
      return new Promise((resolve) => {
        entry.listener(
          {
            id: 1,
            url: params.url,
            method: params.method,
            resourceType: params.resourceType,
            statusCode: params.statusCode,
            responseHeaders: params.responseHeaders,
            webContentsId: params.webContentsId,
            webContents: allContents.get(params.webContentsId),
            timestamp: Date.now(),
          },
          (response) => resolve(response ?? {}),
        )
      })
    },

    /** Page events, in the order Chromium reported them. */
    'window.event'(params: { windowId: number; name: string; details: Record<string, unknown> }) {
      const window = windows.get(params.windowId)
      if (!window) return
      const contents = window.webContents
      const d = params.details
      switch (params.name) {
        case 'did-start-navigation': {
          const event = makeEvent({
            url: d.url as string,
            isSameDocument: d.isSameDocument === true,
            isMainFrame: d.isMainFrame === true,
            frame: d.isMainFrame ? contents.mainFrame : null,
            initiator: null,
          })
          contents.emit('did-start-navigation', event, d.url, d.isSameDocument, d.isMainFrame, 1, 1)
          if (d.isMainFrame && !d.isSameDocument) contents.loading = true
          break
        }
        case 'did-navigate':
          contents.currentUrl = d.url as string
          contents.emit(
            'did-navigate',
            makeEvent(),
            d.url,
            d.httpResponseCode ?? 200,
            d.httpStatusText ?? 'OK',
          )
          break
        case 'did-navigate-in-page':
          if (d.isMainFrame) contents.currentUrl = d.url as string
          contents.emit('did-navigate-in-page', makeEvent(), d.url, d.isMainFrame, 1, 1)
          break
        case 'dom-ready':
          contents.emit('dom-ready', makeEvent())
          break
        case 'did-finish-load':
          contents.loading = false
          contents.emit('did-finish-load', makeEvent())
          break
        case 'did-fail-load':
          contents.loading = false
          contents.emit('did-fail-load', makeEvent(), d.errorCode, d.errorDescription, d.url, true, 1, 1)
          break
        case 'ready-to-show':
          window.emit('ready-to-show', makeEvent())
          break
        case 'page-title-updated':
          contents.title = d.title as string
          window.emit('page-title-updated', makeEvent(), d.title, true)
          contents.emit('page-title-updated', makeEvent(), d.title, true)
          break
        case 'render-process-gone':
          contents.crashed = true
          contents.emit('render-process-gone', makeEvent(), { reason: d.reason ?? 'crashed', exitCode: 139 })
          break
        case 'console-message':
          contents.emit(
            'console-message',
            makeEvent({ level: d.level, message: d.message }),
            d.level,
            d.message,
          )
          break
      }
    },

    /** The user closes the window with the window manager. */
    'user.closeWindow'(params: { windowId: number }) {
      windows.get(params.windowId)?.close()
    },
    /** The user moves, resizes or maximises the window with the window manager: the events the OS sends. */
    'user.windowManager'(params: {
      windowId: number
      action: 'setBounds' | 'maximize' | 'unmaximize'
      bounds?: Partial<Rect>
    }) {
      const window = windows.get(params.windowId)
      if (!window) throw new Error(`no window ${params.windowId}`)
      if (params.action === 'maximize') return window.maximize()
      if (params.action === 'unmaximize') return window.unmaximize()
      if (window.isMaximized())
        throw new Error('a maximised window is not moved or resized: unmaximize it first')
      const before = window.getBounds()
      window.setBounds(params.bounds ?? {})
      const after = window.getBounds()
      if (after.x !== before.x || after.y !== before.y) window.emit('move')
      if (after.width !== before.width || after.height !== before.height) window.emit('resize')
    },
    /** Where the window is, as the app would read it. */
    'window.state'(params: { windowId: number }) {
      const window = windows.get(params.windowId)
      if (!window) throw new Error(`no window ${params.windowId}`)
      return {
        bounds: window.getBounds(),
        normalBounds: window.getNormalBounds(),
        isMaximized: window.isMaximized(),
        isFullScreen: window.isFullScreen(),
        isVisible: window.isVisible(),
      }
    },
    /** The user quits (Ctrl+Q / the menu). */
    'user.quit'() {
      app.quit()
    },
    /** The user picks an item of the application menu (or presses its shortcut). */
    'user.menu'(params: { path: string[] }) {
      const item = findMenuItem(params.path)
      if (!item || typeof item.click !== 'function')
        throw new Error(`no clickable menu item ${params.path.join(' > ')}`)
      item.click(item, BrowserWindow.getFocusedWindow() ?? undefined, {})
    },
  }

  return {
    electron,
    handlers,
    setNet(value: unknown) {
      net = value
    },
    /** Electron emits `ready` once the main script's synchronous part has run and Chromium is up. */
    scheduleReady() {
      setImmediate(becomeReady)
    },
  }
}
