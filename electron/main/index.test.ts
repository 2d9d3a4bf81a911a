// The composition root, wired against a fake `electron` (there is no Electron binary here). Checks the order
// of start-up (userData, then the single-instance lock, before anything else), what is registered before and
// after `ready`, and that the pieces talk to each other: cold-start links reach the renderer only after it is
// ready, IPC refuses strangers, the Clerk bridge is limited to Clerk's keys.
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

const fake = vi.hoisted(() => {
  type Listener = (...args: never[]) => unknown
  class Emitter {
    private readonly listeners = new Map<string, Listener[]>()
    on(name: string, listener: Listener): this {
      this.listeners.set(name, [...(this.listeners.get(name) ?? []), listener])
      return this
    }
    once(name: string, listener: Listener): this {
      return this.on(name, listener)
    }
    removeListener(name: string, listener: Listener): this {
      this.listeners.set(
        name,
        (this.listeners.get(name) ?? []).filter((l) => l !== listener),
      )
      return this
    }
    emit(name: string, ...args: unknown[]): void {
      for (const listener of this.listeners.get(name) ?? [])
        (listener as (...a: unknown[]) => unknown)(...args)
    }
    listenerCount(name: string): number {
      return this.listeners.get(name)?.length ?? 0
    }
    reset(): void {
      this.listeners.clear()
    }
  }

  const calls: string[] = []
  const paths = new Map<string, string>()
  const ipcHandlers = new Map<string, (event: unknown, ...args: unknown[]) => unknown>()
  const protocolHandlers = new Map<
    string,
    (request: { url: string; headers: Headers }) => Promise<Response>
  >()
  const state = {
    lockGranted: true,
    isPackaged: true,
    tmp: '',
    resolveReady: () => {},
    ready: Promise.resolve(),
  }

  const app = Object.assign(new Emitter(), {
    requestSingleInstanceLock: vi.fn(() => {
      calls.push('requestSingleInstanceLock')
      return state.lockGranted
    }),
    hasSingleInstanceLock: () => state.lockGranted,
    releaseSingleInstanceLock: vi.fn(),
    quit: vi.fn(() => void calls.push('quit')),
    getPath: (name: string) => paths.get(name) ?? join(state.tmp, name),
    setPath: vi.fn((name: string, value: string) => {
      calls.push(`setPath ${name}`)
      paths.set(name, value)
    }),
    getVersion: () => '1.2.3',
    getAppPath: () => state.tmp,
    setAppUserModelId: vi.fn(),
    setAsDefaultProtocolClient: vi.fn(() => true),
    showAboutPanel: vi.fn(),
    setAboutPanelOptions: vi.fn(),
    whenReady: () => state.ready,
    userAgentFallback: 'Mozilla/5.0 (X11; Linux x86_64) Electron/45.5.0',
  })
  // A live getter (Object.assign would have copied its value once).
  Object.defineProperty(app, 'isPackaged', { get: () => state.isPackaged })

  let nextId = 1
  class FakeWebContents extends Emitter {
    readonly id = nextId++
    readonly mainFrame = { url: '' }
    send = vi.fn()
    setWindowOpenHandler = vi.fn()
    isDestroyed = () => false
    getType = () => 'window'
  }
  class FakeBrowserWindow extends Emitter {
    static instances: FakeBrowserWindow[] = []
    static fromWebContents = (contents: unknown) =>
      FakeBrowserWindow.instances.find((w) => w.webContents === contents) ?? null
    readonly webContents = new FakeWebContents()
    constructor(
      readonly options: {
        webPreferences?: Record<string, unknown>
        x?: number
        y?: number
        width?: number
        height?: number
      },
    ) {
      super()
      FakeBrowserWindow.instances.push(this)
      app.emit('web-contents-created', {}, this.webContents)
    }
    loadURL = vi.fn(async (url: string) => {
      this.webContents.mainFrame.url = url
    })
    show = vi.fn()
    focus = vi.fn()
    restore = vi.fn()
    setProgressBar = vi.fn()
    maximize = vi.fn()
    setFullScreen = vi.fn()
    getNormalBounds = () => ({
      x: this.options.x ?? 0,
      y: this.options.y ?? 0,
      width: this.options.width ?? 0,
      height: this.options.height ?? 0,
    })
    isMaximized = () => false
    isFullScreen = () => false
    isMinimized = () => false
    isVisible = () => true
    isDestroyed = () => false
  }

  const menus: { template: unknown[] | null } = { template: null }
  const primaryDisplay = { id: 1, workArea: { x: 0, y: 0, width: 1920, height: 1040 } }
  const electron = {
    app,
    BrowserWindow: FakeBrowserWindow,
    Menu: {
      buildFromTemplate: vi.fn((template: unknown[]) => ({ template })),
      setApplicationMenu: vi.fn((menu: { template: unknown[] } | null) => {
        menus.template = menu?.template ?? null
      }),
    },
    Notification: Object.assign(
      class {
        on = vi.fn()
        show = vi.fn()
      },
      { isSupported: () => true },
    ),
    nativeTheme: { themeSource: 'system' },
    screen: { getAllDisplays: () => [primaryDisplay], getPrimaryDisplay: () => primaryDisplay },
    ipcMain: {
      handle: (channel: string, handler: (event: unknown, ...args: unknown[]) => unknown) =>
        void ipcHandlers.set(channel, handler),
      removeHandler: (channel: string) => void ipcHandlers.delete(channel),
      on: vi.fn(),
    },
    protocol: {
      registerSchemesAsPrivileged: vi.fn(() => void calls.push('registerSchemesAsPrivileged')),
      handle: vi.fn(
        (scheme: string, handler: (request: { url: string }) => Promise<Response>) =>
          void protocolHandlers.set(scheme, handler),
      ),
    },
    session: {
      defaultSession: {
        setPermissionRequestHandler: vi.fn(),
        setPermissionCheckHandler: vi.fn(),
        setDevicePermissionHandler: vi.fn(),
        webRequest: { onHeadersReceived: vi.fn() },
      },
    },
    shell: { openExternal: vi.fn(async () => {}) },
    // Linux without a keyring: safeStorage would only obfuscate, so tokens must stay in memory.
    safeStorage: {
      isEncryptionAvailable: () => true,
      getSelectedStorageBackend: () => 'basic_text',
      encryptString: (text: string) => Buffer.from(text),
      decryptString: (data: Buffer) => data.toString(),
    },
  }

  const log = {
    hooks: [],
    transports: { file: {}, console: {} },
    info: vi.fn(),
    warn: vi.fn(),
    error: vi.fn(),
  }
  const snapshot = { channel: 'stable', currentVersion: '1.2.3', state: { status: 'idle' } }
  const updates = {
    snapshot: () => snapshot,
    onChange: vi.fn(() => () => {}),
    setChannel: vi.fn(async () => snapshot),
    check: vi.fn(async () => snapshot),
    install: vi.fn(),
    start: vi.fn(() => () => {}),
  }

  function reset(): void {
    calls.length = 0
    paths.clear()
    ipcHandlers.clear()
    protocolHandlers.clear()
    app.reset()
    FakeBrowserWindow.instances = []
    menus.template = null
    vi.clearAllMocks()
    state.ready = new Promise<void>((resolve) => {
      state.resolveReady = resolve
    })
  }

  return {
    state,
    calls,
    ipcHandlers,
    protocolHandlers,
    electron,
    log,
    updates,
    reset,
    FakeBrowserWindow,
    menus,
  }
})

vi.mock('electron', () => fake.electron)
vi.mock('electron-log/main', () => ({ default: fake.log }))
vi.mock('./updater', () => ({ createAppUpdateController: () => fake.updates }))
// No Secret Service answers: every keytar call fails, as on a Linux box without a keyring.
vi.mock('keytar', () => {
  const fail = async () => {
    throw new Error('Cannot autolaunch D-Bus without X11 $DISPLAY')
  }
  return { default: { getPassword: fail, setPassword: fail, deletePassword: fail, findCredentials: fail } }
})

const originalArgv = process.argv
// Electron sets it for every run; plain Node has none.
const RESOURCES_PATH = '/opt/Harbor/resources'
Object.defineProperty(process, 'resourcesPath', { value: RESOURCES_PATH, configurable: true })
const originalDefaultApp = process.defaultApp
const originalRendererUrl = process.env.ELECTRON_RENDERER_URL

/** `process.defaultApp` is read-only in Electron's types; Electron sets it for unpackaged runs. */
function setDefaultApp(value: boolean | undefined): void {
  ;(process as { defaultApp?: boolean }).defaultApp = value
}

async function flush(): Promise<void> {
  for (let i = 0; i < 10; i += 1) await new Promise((resolve) => setImmediate(resolve))
}

async function start(options: { lock?: boolean; packaged?: boolean; argv?: string[] } = {}) {
  fake.state.lockGranted = options.lock ?? true
  fake.state.isPackaged = options.packaged ?? true
  process.argv = options.argv ?? ['/opt/Harbor/harbor']
  vi.resetModules()
  await import('./index')
}

async function ready() {
  fake.state.resolveReady()
  await flush()
  const window = fake.FakeBrowserWindow.instances[0]
  if (!window) throw new Error('no window was created')
  return window
}

function invoke(channel: string, event: unknown, ...args: unknown[]): Promise<unknown> {
  const handler = fake.ipcHandlers.get(channel)
  if (!handler) throw new Error(`no handler for ${channel}`)
  // Like ipcMain.handle: a synchronous throw becomes a rejection.
  return new Promise((resolve) => resolve(handler(event, ...args)))
}

function trusted(window: InstanceType<typeof fake.FakeBrowserWindow>) {
  return { sender: window.webContents, senderFrame: window.webContents.mainFrame }
}

beforeEach(async () => {
  fake.reset()
  fake.state.tmp = await mkdtemp(join(tmpdir(), 'main-index-'))
  delete process.env.ELECTRON_RENDERER_URL
})

afterEach(async () => {
  process.argv = originalArgv
  setDefaultApp(originalDefaultApp)
  if (originalRendererUrl === undefined) delete process.env.ELECTRON_RENDERER_URL
  else process.env.ELECTRON_RENDERER_URL = originalRendererUrl
  await rm(fake.state.tmp, { recursive: true, force: true })
})

describe('composition root: second instance', () => {
  it('quits right after the lock is refused, touching nothing else', async () => {
    await start({ lock: false, argv: ['/opt/Harbor/harbor', 'harbor://renderer/profile'] })
    await flush()
    expect(fake.calls).toEqual(['setPath userData', 'requestSingleInstanceLock', 'quit'])
    expect(fake.electron.protocol.registerSchemesAsPrivileged).not.toHaveBeenCalled()
    expect(fake.electron.app.listenerCount('open-url')).toBe(0)
    expect(fake.ipcHandlers.size).toBe(0)
  })
})

describe('composition root: packaged app', () => {
  it('sets userData and takes the lock first, registers the privileged scheme and link listeners before ready', async () => {
    await start()
    expect(fake.calls.slice(0, 3)).toEqual([
      'setPath userData',
      'requestSingleInstanceLock',
      'registerSchemesAsPrivileged',
    ])
    expect(fake.electron.app.setPath).toHaveBeenCalledWith(
      'userData',
      join(fake.state.tmp, 'appData', 'Harbor'),
    )
    expect(fake.electron.protocol.registerSchemesAsPrivileged).toHaveBeenCalledWith([
      expect.objectContaining({
        scheme: 'harbor',
        // codeCache: V8 keeps the compiled renderer bundle between launches (Electron uses it only together
        // with standard).
        privileges: expect.objectContaining({
          standard: true,
          secure: true,
          supportFetchAPI: true,
          codeCache: true,
        }),
      }),
    ])
    expect(fake.electron.app.listenerCount('open-url')).toBeGreaterThanOrEqual(1)
    expect(fake.electron.app.listenerCount('second-instance')).toBeGreaterThanOrEqual(1)
    expect(fake.FakeBrowserWindow.instances).toHaveLength(0)
    expect(fake.electron.protocol.handle).not.toHaveBeenCalled()
  })

  it('after ready: secure window on the renderer origin, protocol for our scheme, permissions denied', async () => {
    await start()
    const window = await ready()
    expect(window.options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
    })
    expect(String(window.options.webPreferences?.preload)).toMatch(/preload[/\\]index\.js$/)
    expect(window.loadURL).toHaveBeenCalledWith('harbor://renderer/')
    expect([...fake.protocolHandlers.keys()]).toEqual(['harbor'])
    expect(fake.electron.session.defaultSession.setPermissionRequestHandler).toHaveBeenCalled()
    expect(fake.electron.session.defaultSession.setPermissionCheckHandler).toHaveBeenCalled()
    expect(fake.electron.session.defaultSession.webRequest.onHeadersReceived).not.toHaveBeenCalled()
    const response = await fake.protocolHandlers.get('harbor')!({
      url: 'harbor://evil/index.html',
      headers: new Headers(),
    })
    expect(response.status).toBe(404)
  })

  it('the About panel shows the icon shipped beside app.asar (Windows and Linux; macOS uses the bundle icon)', async () => {
    await start()
    await ready()
    const options = fake.electron.app.setAboutPanelOptions.mock.calls.at(-1)?.[0] as { iconPath?: string }
    if (process.platform === 'darwin') expect(options).not.toHaveProperty('iconPath')
    else expect(options.iconPath).toBe(join(RESOURCES_PATH, 'icon.png'))
  })

  it('hardens the window webContents (window.open, navigation)', async () => {
    await start()
    const window = await ready()
    expect(window.webContents.setWindowOpenHandler).toHaveBeenCalled()
    const event = { preventDefault: vi.fn() }
    window.webContents.emit('will-navigate', event, 'https://evil.com/')
    expect(event.preventDefault).toHaveBeenCalled()
  })

  it('registers every contract channel and the Clerk bridge channels', async () => {
    await start()
    await ready()
    const channels = [...fake.ipcHandlers.keys()]
    expect(channels).toEqual(
      expect.arrayContaining([
        'app:get-info',
        'device:get-info',
        'storage:get-persistence',
        'links:renderer-ready',
        'shell:open-external',
        'last-user:read',
        'last-user:write',
        'last-user:forget',
        'session:clear-local',
        'updates:get',
        'updates:set-channel',
        'updates:check',
        'updates:install',
        'clerk:token-cache:get',
        'clerk:token-cache:save',
        'clerk:token-cache:clear',
        'clerk:oauth-transport:open',
      ]),
    )
  })

  it('delivers the cold-start link only once the renderer is ready, then later links at once', async () => {
    await start({ argv: ['/opt/Harbor/harbor', 'harbor://renderer/devices/abcdefgh'] })
    const window = await ready()
    expect(window.webContents.send).not.toHaveBeenCalledWith('links:open', expect.anything())

    await invoke('links:renderer-ready', trusted(window))
    expect(window.webContents.send).toHaveBeenCalledWith('links:open', {
      name: 'device',
      deviceId: 'abcdefgh',
    })

    fake.electron.app.emit('second-instance', {}, ['/opt/Harbor/harbor', 'harbor://renderer/settings'], '/')
    expect(window.webContents.send).toHaveBeenLastCalledWith('links:open', { name: 'settings' })
    expect(window.focus).toHaveBeenCalled()

    const openUrl = { preventDefault: vi.fn() }
    fake.electron.app.emit('open-url', openUrl, 'harbor://renderer/profile')
    expect(openUrl.preventDefault).toHaveBeenCalled()
    expect(window.webContents.send).toHaveBeenLastCalledWith('links:open', { name: 'profile' })

    fake.electron.app.emit('second-instance', {}, ['/opt/Harbor/harbor', 'harbor://evil/x'], '/')
    expect(window.webContents.send).toHaveBeenLastCalledWith('links:open', { name: 'profile' })
  })

  it('answers our window and refuses any other sender', async () => {
    await start()
    const window = await ready()
    await expect(invoke('app:get-info', trusted(window))).resolves.toEqual({
      productName: 'Harbor',
      version: '1.2.3',
      scheme: 'harbor',
      rendererOrigin: 'harbor://renderer',
      isPackaged: true,
      platform: expect.stringMatching(/^(linux|macos|windows)$/),
    })
    const stranger = { sender: { id: 999 }, senderFrame: { url: 'harbor://renderer/' } }
    await expect(invoke('app:get-info', stranger)).rejects.toThrow(/untrusted sender/)
  })

  it('without a keychain, falls back to memory on Linux with basic_text safeStorage, else to the encrypted file', async () => {
    await start()
    const window = await ready()
    // The fake safeStorage reports Linux's `basic_text` (obfuscation only); the backend name means nothing on
    // macOS/Windows, where safeStorage is real OS encryption: the composition root passes the real platform.
    const expected = process.platform === 'linux' ? 'memory' : 'encrypted-file'
    await expect(invoke('storage:get-persistence', trusted(window))).resolves.toBe(expected)
  })

  it('gives the Clerk bridge its own keys and nothing else', async () => {
    await start()
    const window = await ready()
    await invoke('clerk:token-cache:save', trusted(window), '__clerk_client_jwt', 'token')
    await expect(invoke('clerk:token-cache:get', trusted(window), '__clerk_client_jwt')).resolves.toBe(
      'token',
    )
    await expect(
      invoke('clerk:token-cache:get', trusted(window), 'harbor.last-known-user.key'),
    ).rejects.toThrow(/not allowed/)
  })

  it("holds the Clerk bridge's IPC to our origin and its OAuth transport to our external-URL rules", async () => {
    await start()
    const window = await ready()
    await invoke('clerk:token-cache:save', trusted(window), '__clerk_client_jwt', 'token')
    // Our own window's main frame, showing another origin: the SDK's own check (main frame) would let it in.
    window.webContents.mainFrame.url = 'https://evil.example/'
    await expect(invoke('clerk:token-cache:get', trusted(window), '__clerk_client_jwt')).rejects.toThrow(
      /untrusted sender/,
    )
    window.webContents.mainFrame.url = 'harbor://renderer/'
    for (const url of [
      'http://localhost:8080/',
      'https://user:pw@accounts.example.com/',
      'https://localhost./',
    ]) {
      await expect(invoke('clerk:oauth-transport:open', trusted(window), url)).rejects.toThrow(/rejected/)
    }
    expect(fake.electron.shell.openExternal).not.toHaveBeenCalled()
  })

  it('creates the device id once in userData', async () => {
    await start()
    const window = await ready()
    const first = (await invoke('device:get-info', trusted(window))) as { deviceId: string }
    const second = (await invoke('device:get-info', trusted(window))) as { deviceId: string }
    expect(first.deviceId).toMatch(/^[0-9a-f-]{36}$/)
    expect(second.deviceId).toBe(first.deviceId)
  })

  it('session:clear-local removes the Clerk token', async () => {
    await start()
    const window = await ready()
    await invoke('clerk:token-cache:save', trusted(window), '__clerk_client_jwt', 'token')
    await invoke('session:clear-local', trusted(window))
    await expect(invoke('clerk:token-cache:get', trusted(window), '__clerk_client_jwt')).resolves.toBeNull()
  })
})

describe('composition root: menu and window place', () => {
  function menuRoles(items: unknown[]): string[] {
    return items.flatMap((item) => {
      const { role, label, submenu } = item as { role?: string; label?: string; submenu?: unknown[] }
      return [role ?? label ?? '', ...(Array.isArray(submenu) ? menuRoles(submenu) : [])]
    })
  }

  it('a packaged app sets its own menu without developer tools; its items open pages through the link queue', async () => {
    await start()
    const window = await ready()
    const template = fake.menus.template
    expect(template).not.toBeNull()
    expect(menuRoles(template!)).not.toContain('toggleDevTools')
    expect(menuRoles(template!)).not.toContain('reload')
    const go = (
      template as Array<{ label?: string; submenu?: Array<{ label: string; click(): void }> }>
    ).find((item) => item.label === 'Go')
    go!.submenu!.find((item) => item.label === 'Devices')!.click()
    // Not delivered before the renderer listens; delivered once it does.
    expect(window.webContents.send).not.toHaveBeenCalledWith('links:open', { name: 'devices' })
    await invoke('links:renderer-ready', trusted(window))
    expect(window.webContents.send).toHaveBeenCalledWith('links:open', { name: 'devices' })
  })

  it('a development build keeps reload and developer tools in its menu', async () => {
    setDefaultApp(true)
    await start({ packaged: false, argv: ['/usr/lib/electron/electron', '.'] })
    await ready()
    expect(menuRoles(fake.menus.template!)).toContain('toggleDevTools')
  })

  it('opens where the window was left, maximised, and saves where it is moved to', async () => {
    const userData = join(fake.state.tmp, 'appData', 'Harbor')
    await mkdir(userData, { recursive: true })
    await writeFile(
      join(userData, 'window-state.json'),
      JSON.stringify({
        bounds: { x: 300, y: 200, width: 1280, height: 800 },
        isMaximized: true,
        isFullScreen: false,
      }),
    )
    await start()
    const window = await ready()
    expect(window.options).toMatchObject({ x: 300, y: 200, width: 1280, height: 800 })
    window.emit('ready-to-show')
    expect(window.maximize).toHaveBeenCalled()
    expect(window.show).toHaveBeenCalled()
    window.emit('close')
    await vi.waitFor(async () => {
      const saved = JSON.parse(await readFile(join(userData, 'window-state.json'), 'utf8')) as unknown
      expect(saved).toEqual({
        bounds: { x: 300, y: 200, width: 1280, height: 800 },
        isMaximized: false,
        isFullScreen: false,
      })
    })
  })

  it('opens centred on the primary display when the saved place is on a display that is gone', async () => {
    const userData = join(fake.state.tmp, 'appData', 'Harbor')
    await mkdir(userData, { recursive: true })
    await writeFile(
      join(userData, 'window-state.json'),
      JSON.stringify({
        bounds: { x: -3000, y: 100, width: 1100, height: 760 },
        isMaximized: false,
        isFullScreen: false,
      }),
    )
    await start()
    const window = await ready()
    expect(window.options).toMatchObject({ x: 410, y: 140, width: 1100, height: 760 })
  })
})

describe('composition root: development', () => {
  it('uses the dev scheme and userData, registers the app path, loads the dev server under our CSP', async () => {
    setDefaultApp(true)
    process.env.ELECTRON_RENDERER_URL = 'http://localhost:5173'
    await start({ packaged: false, argv: ['/usr/lib/electron/electron', '.'] })
    expect(fake.electron.app.setPath).toHaveBeenCalledWith(
      'userData',
      join(fake.state.tmp, 'appData', 'Harbor (development)'),
    )
    expect(fake.electron.protocol.registerSchemesAsPrivileged).toHaveBeenCalledWith([
      expect.objectContaining({ scheme: 'harbor-dev' }),
    ])
    expect(fake.electron.app.setAsDefaultProtocolClient).toHaveBeenLastCalledWith(
      'harbor-dev',
      process.execPath,
      [resolve('.')],
    )
    const window = await ready()
    expect(window.loadURL).toHaveBeenCalledWith('http://localhost:5173')
    expect(fake.electron.session.defaultSession.webRequest.onHeadersReceived).toHaveBeenCalledWith(
      { urls: ['http://localhost:5173/*'] },
      expect.any(Function),
    )
    // The dev server's page is our origin for IPC.
    await expect(invoke('app:get-info', trusted(window))).resolves.toMatchObject({
      scheme: 'harbor-dev',
      isPackaged: false,
    })
  })
})
