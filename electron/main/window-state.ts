// The main window's size, place and maximised state, remembered across launches. The saved record is read
// back as untrusted input (a hand-edited or truncated file must never put the window off screen), and a saved
// place is honoured only on a display that still exists: a laptop undocked from its monitor opens centred on
// the primary display instead of somewhere nobody can see.
import type { BrowserWindow, Rectangle } from 'electron'

export const WINDOW_STATE_FILE = 'window-state.json'

export interface WindowState {
  /** The window's normal (not maximised, not full-screen) bounds, in the OS's logical pixels. */
  bounds: Rectangle
  isMaximized: boolean
  isFullScreen: boolean
}

export interface DisplayArea {
  id: number
  /** The display's usable area: without the taskbar, dock and menu bar. */
  workArea: Rectangle
}

export interface WindowSize {
  width: number
  height: number
  minWidth: number
  minHeight: number
}

/** Where the window opens: explicit bounds, or just a size the OS centres. */
export interface WindowPlacement {
  bounds: Rectangle | { width: number; height: number }
  isMaximized: boolean
  isFullScreen: boolean
}

// No real display is larger than this; anything beyond is a corrupted record, not a window.
const MAX_COORDINATE = 100_000
// At least this much of the window's top strip (where the title bar is) must lie on a display for the saved
// place to count as reachable: enough to grab it with the pointer and drag it back.
const MIN_VISIBLE_TITLE_BAR = { width: 120, height: 24 }

function isFiniteInteger(value: unknown, min: number, max: number): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max
}

function parseRectangle(value: unknown): Rectangle | null {
  if (typeof value !== 'object' || value === null) return null
  const { x, y, width, height } = value as Record<string, unknown>
  if (!isFiniteInteger(x, -MAX_COORDINATE, MAX_COORDINATE)) return null
  if (!isFiniteInteger(y, -MAX_COORDINATE, MAX_COORDINATE)) return null
  if (!isFiniteInteger(width, 1, MAX_COORDINATE)) return null
  if (!isFiniteInteger(height, 1, MAX_COORDINATE)) return null
  return { x, y, width, height }
}

/** Reads a saved record; anything that is not exactly a window state is `null` (the defaults apply). */
export function parseWindowState(text: string | null): WindowState | null {
  if (text === null) return null
  let data: unknown
  try {
    data = JSON.parse(text)
  } catch {
    return null
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return null
  const record = data as Record<string, unknown>
  const bounds = parseRectangle(record.bounds)
  if (!bounds) return null
  if (typeof record.isMaximized !== 'boolean' || typeof record.isFullScreen !== 'boolean') return null
  return { bounds, isMaximized: record.isMaximized, isFullScreen: record.isFullScreen }
}

export function serializeWindowState(state: WindowState): string {
  return `${JSON.stringify(state)}\n`
}

function intersection(a: Rectangle, b: Rectangle): { width: number; height: number } {
  const width = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x)
  const height = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y)
  return { width: Math.max(0, width), height: Math.max(0, height) }
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(Math.max(value, min), max)
}

/** The display a saved window can be reached on: the one holding most of its title bar, if enough of it. */
function displayHoldingTitleBar(bounds: Rectangle, displays: readonly DisplayArea[]): DisplayArea | null {
  const titleBar = { x: bounds.x, y: bounds.y, width: bounds.width, height: MIN_VISIBLE_TITLE_BAR.height }
  let best: { display: DisplayArea; width: number } | null = null
  for (const display of displays) {
    const overlap = intersection(titleBar, display.workArea)
    if (overlap.height < MIN_VISIBLE_TITLE_BAR.height) continue
    if (overlap.width < Math.min(MIN_VISIBLE_TITLE_BAR.width, bounds.width)) continue
    if (!best || overlap.width > best.width) best = { display, width: overlap.width }
  }
  return best?.display ?? null
}

/** Fits `bounds` inside `area`: no larger than the area (nor smaller than the minimum), then fully on it. */
function fitInside(bounds: Rectangle, area: Rectangle, size: WindowSize): Rectangle {
  const width = clamp(bounds.width, Math.min(size.minWidth, area.width), area.width)
  const height = clamp(bounds.height, Math.min(size.minHeight, area.height), area.height)
  return {
    width,
    height,
    x: clamp(bounds.x, area.x, area.x + area.width - width),
    y: clamp(bounds.y, area.y, area.y + area.height - height),
  }
}

/**
 * Where to open the window. A saved place on a display that still exists is kept (resized to fit if the
 * display shrank); a place on a display that is gone, or no saved place, means the default size centred by the
 * OS on the primary display (shrunk to fit a small screen). Maximised and full-screen states are restored in
 * either case: they follow the display the window opens on.
 */
export function placeWindow(
  saved: WindowState | null,
  displays: readonly DisplayArea[],
  primary: DisplayArea,
  size: WindowSize,
): WindowPlacement {
  const reachable = saved ? displayHoldingTitleBar(saved.bounds, displays) : null
  if (saved && reachable) {
    return {
      bounds: fitInside(saved.bounds, reachable.workArea, size),
      isMaximized: saved.isMaximized,
      isFullScreen: saved.isFullScreen,
    }
  }
  const area = primary.workArea
  const width = clamp(saved?.bounds.width ?? size.width, Math.min(size.minWidth, area.width), area.width)
  const height = clamp(
    saved?.bounds.height ?? size.height,
    Math.min(size.minHeight, area.height),
    area.height,
  )
  return {
    bounds: {
      width,
      height,
      x: area.x + Math.round((area.width - width) / 2),
      y: area.y + Math.round((area.height - height) / 2),
    },
    isMaximized: saved?.isMaximized ?? false,
    isFullScreen: saved?.isFullScreen ?? false,
  }
}

type TrackedWindow = Pick<
  BrowserWindow,
  'on' | 'removeListener' | 'getNormalBounds' | 'isMaximized' | 'isFullScreen' | 'isDestroyed' | 'isMinimized'
>

/**
 * Saves the window's state after it stops moving or resizing (`debounceMs`), and at once when it closes.
 * A minimised window keeps the state it had before. Returns a teardown that removes the listeners.
 */
export function trackWindowState(
  window: TrackedWindow,
  save: (state: WindowState) => void,
  options: { debounceMs?: number; setTimer?: typeof setTimeout; clearTimer?: typeof clearTimeout } = {},
): () => void {
  const debounceMs = options.debounceMs ?? 500
  const setTimer = options.setTimer ?? setTimeout
  const clearTimer = options.clearTimer ?? clearTimeout
  let timer: ReturnType<typeof setTimeout> | null = null
  let lastSaved: string | null = null

  const capture = (): void => {
    if (window.isDestroyed() || window.isMinimized()) return
    const state: WindowState = {
      bounds: window.getNormalBounds(),
      isMaximized: window.isMaximized(),
      isFullScreen: window.isFullScreen(),
    }
    const text = serializeWindowState(state)
    // Moving a window emits dozens of events; the file is written only when the outcome differs.
    if (text === lastSaved) return
    lastSaved = text
    save(state)
  }
  const scheduleCapture = (): void => {
    if (timer) clearTimer(timer)
    timer = setTimer(() => {
      timer = null
      capture()
    }, debounceMs)
  }
  const captureNow = (): void => {
    if (timer) clearTimer(timer)
    timer = null
    capture()
  }

  const scheduled = [
    'resize',
    'move',
    'maximize',
    'unmaximize',
    'enter-full-screen',
    'leave-full-screen',
  ] as const
  for (const event of scheduled) window.on(event as 'resize', scheduleCapture)
  window.on('close', captureNow)
  return () => {
    if (timer) clearTimer(timer)
    for (const event of scheduled) window.removeListener(event as 'resize', scheduleCapture)
    window.removeListener('close', captureNow)
  }
}
