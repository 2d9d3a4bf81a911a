// Light, dark, or whatever the OS uses: the user's choice, remembered. Applied through `nativeTheme.themeSource`,
// which is what Chromium's `prefers-color-scheme` follows, so the renderer's CSS and the first frame painted by
// index.html switch with it and no page code has to know. Applied before the window is created, so a dark
// choice never flashes light.
import type { NativeTheme } from 'electron'
import type { AppearanceMode } from '../shared/contract'
import { createRememberedSetting, parseRememberedValue, type SettingFiles } from './remembered-setting'

export const APPEARANCE_FILE = 'appearance.json'

export function isAppearanceMode(value: unknown): value is AppearanceMode {
  return value === 'system' || value === 'light' || value === 'dark'
}

/** The saved choice, or null for a missing or unreadable file (then the OS decides). */
export function parseAppearance(text: string | null): AppearanceMode | null {
  return parseRememberedValue(text, 'mode', isAppearanceMode)
}

export interface AppearanceController {
  get(): AppearanceMode
  /** Saves first, then applies: a choice that could not be saved is not shown as if it were. */
  set(mode: AppearanceMode): Promise<AppearanceMode>
}

export function createAppearanceController(options: {
  files: SettingFiles
  nativeTheme: Pick<NativeTheme, 'themeSource'>
  log: { warn(message: string): void }
}): AppearanceController {
  return createRememberedSetting({
    files: options.files,
    log: options.log,
    field: 'mode',
    isValid: isAppearanceMode,
    fallback: 'system',
    unreadable: 'Appearance setting unreadable, following the system',
    invalid: (value) => `Unknown appearance: ${JSON.stringify(value)}`,
    // Applied at once (before the window exists) and whenever the newest choice is saved.
    apply: (mode) => {
      options.nativeTheme.themeSource = mode
    },
  })
}
