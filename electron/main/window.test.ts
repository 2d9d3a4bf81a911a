import { describe, expect, it, vi } from 'vitest'
import {
  isNarrowWindow,
  MAC_TRAFFIC_LIGHTS,
  mainWindowOptions,
  revealWindow,
  secureWebPreferences,
} from './window'

const base = { title: 'Harbor', preloadPath: '/p', iconPath: '/res/icon.png' }

describe('secureWebPreferences', () => {
  it('applies the Electron security checklist', () => {
    expect(secureWebPreferences('/app/out/preload/index.js')).toMatchObject({
      preload: '/app/out/preload/index.js',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
    })
  })

  it('enables no Blink features', () => {
    expect(secureWebPreferences('/p')).not.toHaveProperty('enableBlinkFeatures')
  })

  it('the window starts hidden with secure preferences', () => {
    const options = mainWindowOptions({ ...base, platform: 'linux' })
    expect(options.show).toBe(false)
    expect(options.webPreferences).toEqual(secureWebPreferences('/p'))
  })
})

describe('title bar per platform', () => {
  it('macOS: an inset title bar with the traffic lights placed in the header, no second title', () => {
    const options = mainWindowOptions({ ...base, platform: 'darwin' })
    expect(options.titleBarStyle).toBe('hiddenInset')
    expect(options.trafficLightPosition).toEqual(MAC_TRAFFIC_LIGHTS)
    // The bundle's icon is used on macOS; a window icon there would be ignored.
    expect(options).not.toHaveProperty('icon')
    // The title still names the window for the Window menu, Mission Control and screen readers.
    expect(options.title).toBe('Harbor')
  })

  it.each(['win32', 'linux'] as const)('%s: the native frame, no hidden title bar', (platform) => {
    const options = mainWindowOptions({ ...base, platform })
    expect(options).not.toHaveProperty('titleBarStyle')
    expect(options).not.toHaveProperty('trafficLightPosition')
    expect(options).not.toHaveProperty('titleBarOverlay')
    expect(options.frame).toBeUndefined()
  })

  it('Linux gets the app icon for its window list; Windows takes it from the executable', () => {
    expect(mainWindowOptions({ ...base, platform: 'linux' }).icon).toBe('/res/icon.png')
    expect(mainWindowOptions({ ...base, platform: 'win32' })).not.toHaveProperty('icon')
  })

  it('a remembered place does not drop the title bar options', () => {
    const options = mainWindowOptions({
      ...base,
      platform: 'darwin',
      placement: {
        bounds: { x: 10, y: 20, width: 900, height: 700 },
        isMaximized: false,
        isFullScreen: false,
      },
    })
    expect(options).toMatchObject({ x: 10, y: 20, width: 900, titleBarStyle: 'hiddenInset' })
  })
})

function fakeWindow(state: { destroyed?: boolean; minimized?: boolean; visible?: boolean }) {
  return {
    isDestroyed: () => state.destroyed ?? false,
    isMinimized: () => state.minimized ?? false,
    isVisible: () => state.visible ?? true,
    restore: vi.fn(),
    show: vi.fn(),
    focus: vi.fn(),
  }
}

describe('revealWindow', () => {
  it('restores a minimized window and focuses it', () => {
    const window = fakeWindow({ minimized: true })
    revealWindow(window)
    expect(window.restore).toHaveBeenCalled()
    expect(window.focus).toHaveBeenCalled()
  })

  it('shows a hidden window', () => {
    const window = fakeWindow({ visible: false })
    revealWindow(window)
    expect(window.show).toHaveBeenCalled()
  })

  it('does nothing without a window or with a destroyed one', () => {
    expect(() => revealWindow(null)).not.toThrow()
    const window = fakeWindow({ destroyed: true })
    revealWindow(window)
    expect(window.focus).not.toHaveBeenCalled()
  })
})

describe('isNarrowWindow', () => {
  const sized = (width: number, zoom: number, destroyed = false) => ({
    isDestroyed: () => destroyed,
    getContentBounds: () => ({ x: 0, y: 0, width, height: 600 }),
    webContents: { getZoomFactor: () => zoom },
  })

  it('is the page width in CSS px against the renderer’s 720 px rule, zoom included', () => {
    expect(isNarrowWindow(sized(1100, 1))).toBe(false)
    expect(isNarrowWindow(sized(720, 1))).toBe(false)
    expect(isNarrowWindow(sized(719, 1))).toBe(true)
    // 1100 DIPs at 150% zoom is 733 CSS px: still wide; at 175% it is 628: narrow.
    expect(isNarrowWindow(sized(1100, 1.5))).toBe(false)
    expect(isNarrowWindow(sized(1100, 1.75))).toBe(true)
  })

  it('is not narrow without a live window', () => {
    expect(isNarrowWindow(null)).toBe(false)
    expect(isNarrowWindow(sized(500, 1, true))).toBe(false)
  })
})
