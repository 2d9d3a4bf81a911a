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

/**
 * Where macOS draws the traffic lights over the inset title bar: vertically centred in the renderer's 44 px
 * header (`--header-height` in renderer/src/styles.css), which keeps 80 px free on the left for them.
 */
export const MAC_TRAFFIC_LIGHTS = { x: 16, y: 15 } as const

/**
 * The title bar per OS. macOS: the content runs under an inset title bar, so the app header is the title bar
 * (as in Finder or Xcode) and the OS title is not drawn twice. Windows and Linux keep the native frame: its
 * caption buttons, snap layouts and window-manager decorations are what users there expect. Linux gets the
 * icon for its window list (Windows takes it from the executable, macOS from the bundle).
 */
export function titleBarOptions(
  platform: NodeJS.Platform,
  iconPath: string,
): Pick<BrowserWindowConstructorOptions, 'titleBarStyle' | 'trafficLightPosition' | 'icon'> {
  if (platform === 'darwin') return { titleBarStyle: 'hiddenInset', trafficLightPosition: MAC_TRAFFIC_LIGHTS }
  if (platform === 'linux') return { icon: iconPath }
  return {}
}

export function mainWindowOptions(options: {
  title: string
  preloadPath: string
  platform: NodeJS.Platform
  /** The app icon file (app-identity.ts `appIconPath`). */
  iconPath: string
  /** Where the window opened last time (see window-state.ts); the OS centres the default size without it. */
  placement?: WindowPlacement
}): BrowserWindowConstructorOptions {
  return {
    title: options.title,
    ...titleBarOptions(options.platform, options.iconPath),
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

/** The page width (CSS px) below which the renderer collapses the sidebar by itself
 * (renderer/src/shell/useSidebar.ts, NARROW_QUERY `max-width: 719.98px`). */
export const NARROW_PAGE_WIDTH = 720

type SizedWindow = Pick<BrowserWindow, 'isDestroyed' | 'getContentBounds'> & {
  webContents: Pick<BrowserWindow['webContents'], 'getZoomFactor'>
}

/**
 * Whether the window's page is narrower than NARROW_PAGE_WIDTH: its content width in DIPs over the page zoom is
 * the page's CSS width, what the renderer's media query sees. The first frame uses it so a zoomed-in window's
 * frame is collapsed like the shell that takes it over. No window (yet) is not narrow.
 */
export function isNarrowWindow(window: SizedWindow | null): boolean {
  if (!window || window.isDestroyed()) return false
  const zoom = window.webContents.getZoomFactor()
  const width = window.getContentBounds().width / (zoom > 0 ? zoom : 1)
  return width < NARROW_PAGE_WIDTH
}
