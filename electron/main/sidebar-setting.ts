// Whether the sidebar is collapsed to icons: the user's choice, remembered across launches in
// `userData/sidebar.json`. Kept in the main process (like appearance.ts) rather than in the page's storage so
// the main process can hand it to the window's first frame without asking the renderer.
import { createSerialQueue } from '../shared/serial-queue'

export const SIDEBAR_FILE = 'sidebar.json'

/** The saved choice, or null for a missing or unreadable file (then the sidebar is expanded). */
export function parseSidebarSetting(text: string | null): boolean | null {
  if (text === null) return null
  try {
    const data = JSON.parse(text) as unknown
    const collapsed =
      typeof data === 'object' && data !== null ? (data as { collapsed?: unknown }).collapsed : undefined
    return typeof collapsed === 'boolean' ? collapsed : null
  } catch {
    return null
  }
}

export interface SidebarSetting {
  /** True when the user collapsed the sidebar to icons. */
  get(): boolean
  /** Saves first: a choice that could not be saved is not reported as kept. Resolves with what is kept. */
  set(collapsed: boolean): Promise<boolean>
}

export function createSidebarSetting(options: {
  files: { read(): string | null; write(text: string): Promise<void> }
  log: { warn(message: string): void }
}): SidebarSetting {
  let stored: string | null = null
  try {
    stored = options.files.read()
  } catch (error) {
    options.log.warn(`Sidebar setting unreadable, showing it expanded: ${String(error)}`)
  }
  let current = parseSidebarSetting(stored) ?? false
  // Saves run one after another and the newest choice wins, on disk and in memory, however fast the clicks.
  let latest = 0
  const serially = createSerialQueue()
  return {
    get: () => current,
    set(collapsed) {
      if (typeof collapsed !== 'boolean')
        return Promise.reject(
          new Error(`Sidebar collapsed must be true or false, not ${JSON.stringify(collapsed)}`),
        )
      const ticket = ++latest
      return serially(async () => {
        await options.files.write(`${JSON.stringify({ collapsed })}\n`)
        if (ticket === latest) current = collapsed
        return current
      })
    },
  }
}
