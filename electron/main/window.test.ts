import { describe, expect, it, vi } from 'vitest'
import { mainWindowOptions, revealWindow, secureWebPreferences } from './window'

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
    const options = mainWindowOptions({ title: 'Harbor', preloadPath: '/p' })
    expect(options.show).toBe(false)
    expect(options.webPreferences).toEqual(secureWebPreferences('/p'))
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
