// The real @clerk/electron bridge (0.0.45), created through our guard, against a fake `electron` that stands in
// for ipcMain / app / protocol / shell at their API (no Electron binary here). The stand-in does not reproduce
// Electron's own sender bookkeeping (frames navigating mid-call): `senderFrame` is given per call.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { isSameAppOrigin, vetExternalUrl } from './security'

const fake = vi.hoisted(() => {
  const handlers = new Map<string, (event: unknown, ...args: unknown[]) => unknown>()
  const listeners = new Map<string, Array<(...args: unknown[]) => void>>()
  const ipcMain = {
    handle: (channel: string, handler: (event: unknown, ...args: unknown[]) => unknown) => {
      if (handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`)
      handlers.set(channel, handler)
    },
    removeHandler: (channel: string) => void handlers.delete(channel),
  }
  const app = {
    hasSingleInstanceLock: () => true,
    requestSingleInstanceLock: () => true,
    releaseSingleInstanceLock: () => {},
    quit: () => {},
    setAsDefaultProtocolClient: () => true,
    on: (name: string, listener: (...args: unknown[]) => void) =>
      void listeners.set(name, [...(listeners.get(name) ?? []), listener]),
    removeListener: () => {},
    userAgentFallback: 'Mozilla/5.0 (X11; Linux x86_64) Electron/45.5.0',
  }
  const shell = { openExternal: vi.fn(async (_url: string) => {}) }
  const electron = {
    ipcMain,
    app,
    shell,
    protocol: { registerSchemesAsPrivileged: () => {} },
    BrowserWindow: { fromWebContents: () => null },
  }
  return { handlers, electron, shell }
})

vi.mock('electron', () => fake.electron)

const { createClerkBridge } = await import('@clerk/electron')
const { withGuardedClerkIpc } = await import('./clerk-bridge-ipc')

const ORIGIN = 'harbor://renderer'

function webContents(id: number, url: string) {
  const mainFrame = { url }
  return { id, mainFrame, getType: () => 'window' }
}

let mainWindow: ReturnType<typeof webContents> | null
let storage: Map<string, string>
let warnings: string[]
let bridge: { cleanup: () => void }
let channels: string[]

beforeEach(() => {
  fake.handlers.clear()
  fake.shell.openExternal.mockClear()
  mainWindow = webContents(1, `${ORIGIN}/`)
  storage = new Map([['__clerk_client_jwt', 'secret-client-token']])
  warnings = []
  const guarded = withGuardedClerkIpc(
    {
      ipcMain: fake.electron.ipcMain as never,
      trusted: { webContents: () => mainWindow as never, isAppUrl: (url) => isSameAppOrigin(url, ORIGIN) },
      vetExternalUrl,
      log: { warn: (message) => warnings.push(message) },
    },
    () =>
      createClerkBridge({
        storage: {
          getItem: async (key) => storage.get(key) ?? null,
          setItem: async (key, value) => void storage.set(key, value),
          removeItem: async (key) => void storage.delete(key),
        },
        renderer: { scheme: 'harbor', host: 'renderer' },
        manageSingleInstanceLock: false,
      }),
  )
  bridge = guarded.result
  channels = guarded.channels
})

afterEach(() => {
  bridge.cleanup()
})

function call(channel: string, event: unknown, ...args: unknown[]): Promise<unknown> {
  const handler = fake.handlers.get(channel)
  if (!handler) throw new Error(`no handler for ${channel}`)
  return new Promise((resolve) => resolve(handler(event, ...args)))
}

const fromMainFrame = () => ({ sender: mainWindow, senderFrame: mainWindow!.mainFrame })

describe("withGuardedClerkIpc on an ipcMain whose handle is a class method (as Electron's is)", () => {
  it('shadows the method while registering and leaves the instance as it was', () => {
    const registered = new Map<string, (event: unknown, ...args: unknown[]) => unknown>()
    class IpcMainLike {
      handle(channel: string, handler: (event: unknown, ...args: unknown[]) => unknown) {
        registered.set(channel, handler)
      }
    }
    const ipc = new IpcMainLike()
    withGuardedClerkIpc(
      {
        ipcMain: ipc as never,
        trusted: { webContents: () => null, isAppUrl: () => true },
        vetExternalUrl,
        log: { warn: () => {} },
      },
      () => ipc.handle('clerk:token-cache:get', () => 'secret'),
    )
    expect(Object.hasOwn(ipc, 'handle')).toBe(false)
    expect(() => registered.get('clerk:token-cache:get')?.({ sender: { id: 1 }, senderFrame: null })).toThrow(
      /untrusted sender/,
    )
  })
})

describe('Clerk bridge IPC behind our sender rules', () => {
  it('guards every channel the bridge registers, and restores ipcMain.handle afterwards', () => {
    expect([...channels].sort()).toEqual([...fake.handlers.keys()].sort())
    expect(channels).toEqual(
      expect.arrayContaining([
        'clerk:token-cache:get',
        'clerk:token-cache:save',
        'clerk:token-cache:clear',
        'clerk:oauth-transport:get-redirect-url',
        'clerk:oauth-transport:open',
      ]),
    )
    // Registered after the guard: not wrapped (ipc.ts guards our own channels itself).
    fake.electron.ipcMain.handle('later', () => 'plain')
    expect(fake.handlers.get('later')?.({})).toBe('plain')
  })

  it('answers our main frame on our origin', async () => {
    await expect(call('clerk:token-cache:get', fromMainFrame(), '__clerk_client_jwt')).resolves.toBe(
      'secret-client-token',
    )
    await call('clerk:token-cache:save', fromMainFrame(), '__clerk_client_jwt', 'rotated')
    expect(storage.get('__clerk_client_jwt')).toBe('rotated')
    await expect(call('clerk:oauth-transport:get-redirect-url', fromMainFrame())).resolves.toBe(
      'harbor://renderer/',
    )
  })

  const otherOrigins = [
    'https://evil.example/',
    'http://localhost:5173/',
    'file:///tmp/x.html',
    'harbor://evil/',
    'harbor://renderer.evil/',
    'harbor://user@renderer/',
    'harbor-dev://renderer/',
    'about:blank',
    'data:text/html,<script>1</script>',
    'devtools://devtools/bundled/inspector.html',
    'chrome-error://chromewebdata/',
    '',
  ]
  /** The stranger number `index`: our main frame showing another origin, or another frame or window. */
  function stranger(index: number): unknown {
    mainWindow = webContents(1, `${ORIGIN}/`)
    const url = otherOrigins[index]
    if (url !== undefined) {
      // Our own window whose main frame shows another origin (a navigation the rules missed, an error page).
      mainWindow.mainFrame.url = url
      return fromMainFrame()
    }
    switch (index - otherOrigins.length) {
      case 0: // a subframe of our window, on our origin
        return { sender: mainWindow, senderFrame: { url: `${ORIGIN}/` } }
      case 1: // a frame that navigated away or was destroyed since sending
        return { sender: mainWindow, senderFrame: null }
      default: {
        // the main frame of another window, on our origin
        const other = webContents(2, `${ORIGIN}/`)
        return { sender: other, senderFrame: other.mainFrame }
      }
    }
  }

  it('refuses every other sender on every token-cache and OAuth channel, touching nothing', async () => {
    let tried = 0
    let accepted = 0
    for (const channel of [
      'clerk:token-cache:get',
      'clerk:token-cache:save',
      'clerk:token-cache:clear',
      'clerk:oauth-transport:get-redirect-url',
      'clerk:oauth-transport:open',
    ]) {
      for (let index = 0; index < otherOrigins.length + 3; index++) {
        const event = stranger(index)
        tried++
        const outcome = await call(channel, event, '__clerk_client_jwt', 'attacker').then(
          () => 'answered',
          (error: Error) => error.message,
        )
        if (outcome === 'answered') accepted++
        else expect(outcome).toMatch(/rejected: untrusted sender/)
      }
    }
    expect(tried).toBe(75)
    expect(accepted).toBe(0)
    expect(storage.get('__clerk_client_jwt')).toBe('secret-client-token')
    expect(fake.shell.openExternal).not.toHaveBeenCalled()
  })

  it('refuses before the window exists and after it closed', async () => {
    const event = fromMainFrame()
    mainWindow = null
    await expect(call('clerk:token-cache:get', event, '__clerk_client_jwt')).rejects.toThrow(/untrusted/)
  })

  const hostileOAuthUrls = [
    'http://accounts.google.com/o/oauth2/auth',
    'https://localhost/',
    'https://localhost./',
    'https://localhost%2e/',
    'https://127.0.0.1:8080/',
    'https://2130706433/',
    'https://0x7f.1/',
    'https://[::1]/',
    'https://[::ffff:127.0.0.1]/',
    'https://user:pass@accounts.google.com/',
    'https://accounts.google.com@evil.example/',
    'https://intranet/',
    'https://intranet./',
    'https://router.lan/',
    'https://169.254.169.254/latest/meta-data/',
    'file:///etc/passwd',
    'javascript:alert(1)',
    'harbor://renderer/',
    'ms-settings:',
    'smb://server/share',
    'https://exa mple.com/',
    'https:\\\\evil.example',
    '',
    'not a url',
    `https://example.com/${'a'.repeat(3000)}`,
  ]

  it(`opens none of ${hostileOAuthUrls.length} hostile OAuth URLs, and non-strings neither`, async () => {
    let accepted = 0
    for (const url of [...hostileOAuthUrls, 42, null, { href: 'https://x.com' }]) {
      const outcome = await call('clerk:oauth-transport:open', fromMainFrame(), url).then(
        () => 'opened',
        () => 'refused',
      )
      if (outcome === 'opened') accepted++
    }
    expect(accepted).toBe(0)
    expect(fake.shell.openExternal).not.toHaveBeenCalled()
  })

  it('opens a public https OAuth URL, in its canonical form', async () => {
    const pending = call(
      'clerk:oauth-transport:open',
      fromMainFrame(),
      'https://Accounts.Google.com./o/oauth2/auth?x=1',
    )
    await vi.waitFor(() => expect(fake.shell.openExternal).toHaveBeenCalledTimes(1))
    expect(fake.shell.openExternal).toHaveBeenCalledWith('https://accounts.google.com/o/oauth2/auth?x=1')
    bridge.cleanup() // rejects the pending flow ("cancelled"), as at quit
    await expect(pending).rejects.toThrow(/cancelled/)
    bridge = { cleanup: () => {} }
  })
})
