// The main window and its webPreferences: the one place the renderer's privileges are decided.
import type { BrowserWindow, BrowserWindowConstructorOptions, WebPreferences } from 'electron'
import type { WindowPlacement, WindowSize } from './window-state'

/** The first-launch size, and the smallest size at which every page still lays out. */
export const MAIN_WINDOW_SIZE: WindowSize = { width: 1100, height: 760, minWidth: 720, minHeight: 520 }

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
  /** Where the window opened last time (see window-state.ts); the OS centres the default size without it. */
  placement?: WindowPlacement
}): BrowserWindowConstructorOptions {
  return {
    title: options.title,
    width: MAIN_WINDOW_SIZE.width,
    height: MAIN_WINDOW_SIZE.height,
    ...options.placement?.bounds,
    minWidth: MAIN_WINDOW_SIZE.minWidth,
    minHeight: MAIN_WINDOW_SIZE.minHeight,
    // Shown on `ready-to-show` so the user never sees a blank frame.
    show: false,
    webPreferences: secureWebPreferences(options.preloadPath),
  }
}

/** Shows a new window in the state it was left in: maximised and full-screen states apply as it appears. */
export function showPlacedWindow(
  window: Pick<BrowserWindow, 'show' | 'maximize' | 'setFullScreen'>,
  placement: Pick<WindowPlacement, 'isMaximized' | 'isFullScreen'> | undefined,
): void {
  if (placement?.isFullScreen) window.setFullScreen(true)
  else if (placement?.isMaximized) window.maximize()
  window.show()
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
