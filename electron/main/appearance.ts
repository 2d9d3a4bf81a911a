// Light, dark, or whatever the OS uses: the user's choice, remembered. Applied through `nativeTheme.themeSource`,
// which is what Chromium's `prefers-color-scheme` follows, so the renderer's CSS and the first frame painted by
// index.html switch with it and no page code has to know. Applied before the window is created, so a dark
// choice never flashes light.
import type { NativeTheme } from 'electron'
import { createSerialQueue } from '../shared/serial-queue'
import type { AppearanceMode } from '../shared/contract'

export const APPEARANCE_FILE = 'appearance.json'

export function isAppearanceMode(value: unknown): value is AppearanceMode {
  return value === 'system' || value === 'light' || value === 'dark'
}

/** The saved choice, or null for a missing or unreadable file (then the OS decides). */
export function parseAppearance(text: string | null): AppearanceMode | null {
  if (text === null) return null
  try {
    const data = JSON.parse(text) as unknown
    const mode = typeof data === 'object' && data !== null ? (data as { mode?: unknown }).mode : undefined
    return isAppearanceMode(mode) ? mode : null
  } catch {
    return null
  }
}

export interface AppearanceController {
  get(): AppearanceMode
  /** Saves first, then applies: a choice that could not be saved is not shown as if it were. */
  set(mode: AppearanceMode): Promise<AppearanceMode>
}

export function createAppearanceController(options: {
  files: { read(): string | null; write(text: string): Promise<void> }
  nativeTheme: Pick<NativeTheme, 'themeSource'>
  log: { warn(message: string): void }
}): AppearanceController {
  let stored: string | null = null
  try {
    stored = options.files.read()
  } catch (error) {
    options.log.warn(`Appearance setting unreadable, following the system: ${String(error)}`)
  }
  let current: AppearanceMode = parseAppearance(stored) ?? 'system'
  options.nativeTheme.themeSource = current
  // Saves run one after another, and only the newest choice is applied when its save lands: two quick clicks
  // (dark, then light) always end on light, on screen and on disk.
  let latest = 0
  const serially = createSerialQueue()

  return {
    get: () => current,
    set(mode) {
      if (!isAppearanceMode(mode))
        return Promise.reject(new Error(`Unknown appearance: ${JSON.stringify(mode)}`))
      const ticket = ++latest
      return serially(async () => {
        await options.files.write(`${JSON.stringify({ mode })}\n`)
        if (ticket === latest) {
          current = mode
          options.nativeTheme.themeSource = mode
        }
        return current
      })
    },
  }
}
