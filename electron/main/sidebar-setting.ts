// Whether the sidebar is collapsed to icons: the user's choice, remembered across launches in
// `userData/sidebar.json`. Kept in the main process (like appearance.ts) rather than in the page's storage so
// the main process can hand it to the window's first frame without asking the renderer.
import { createRememberedSetting, parseRememberedValue, type SettingFiles } from './remembered-setting'

export const SIDEBAR_FILE = 'sidebar.json'

const isCollapsed = (value: unknown): value is boolean => typeof value === 'boolean'

/** The saved choice, or null for a missing or unreadable file (then the sidebar is expanded). */
export function parseSidebarSetting(text: string | null): boolean | null {
  return parseRememberedValue(text, 'collapsed', isCollapsed)
}

export interface SidebarSetting {
  /** True when the user collapsed the sidebar to icons. */
  get(): boolean
  /** Saves first: a choice that could not be saved is not reported as kept. Resolves with what is kept. */
  set(collapsed: boolean): Promise<boolean>
}

export function createSidebarSetting(options: {
  files: SettingFiles
  log: { warn(message: string): void }
}): SidebarSetting {
  return createRememberedSetting({
    ...options,
    field: 'collapsed',
    isValid: isCollapsed,
    fallback: false,
    unreadable: 'Sidebar setting unreadable, showing it expanded',
    invalid: (value) => `Sidebar collapsed must be true or false, not ${JSON.stringify(value)}`,
  })
}
