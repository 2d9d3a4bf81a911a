// The main window and its webPreferences: the one place the renderer's privileges are decided.
import type { BrowserWindow, BrowserWindowConstructorOptions, WebPreferences } from 'electron'

export function secureWebPreferences(preloadPath: string): WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    spellcheck: false,
    safeDialogs: true,
  }
}

export function mainWindowOptions(options: {
  title: string
  preloadPath: string
}): BrowserWindowConstructorOptions {
  return {
    title: options.title,
    width: 1100,
    height: 760,
    minWidth: 720,
    minHeight: 520,
    // Shown on `ready-to-show` so the user never sees a blank frame.
    show: false,
    webPreferences: secureWebPreferences(options.preloadPath),
  }
}

type RevealableWindow = Pick<
  BrowserWindow,
  'isDestroyed' | 'isMinimized' | 'restore' | 'isVisible' | 'show' | 'focus'
>

/** A link or a second launch brings the existing window forward instead of opening another one. */
export function revealWindow(window: RevealableWindow | null): void {
  if (!window || window.isDestroyed()) return
  if (window.isMinimized()) window.restore()
  if (!window.isVisible()) window.show()
  window.focus()
}
