// The update channel the user picked in Settings, kept in a small JSON file in userData. File access is
// injected so the store can be tested without a disk and without Electron.
import type { UpdateChannel } from '../shared/contract'
import { createSerialQueue } from '../shared/serial-queue'
import { writeFileAtomic, type AtomicFileSystem } from './atomic-file'

export const UPDATE_SETTINGS_FILE = 'update-settings.json'

export function isUpdateChannel(value: unknown): value is UpdateChannel {
  return value === 'stable' || value === 'beta'
}

export type StoredChannel =
  { status: 'missing' } | { status: 'valid'; channel: UpdateChannel } | { status: 'invalid'; reason: string }

/** Parses the settings file's text. Anything unexpected is reported, never trusted. */
export function parseUpdateSettings(text: string | null): StoredChannel {
  if (text === null) return { status: 'missing' }
  let data: unknown
  try {
    data = JSON.parse(text)
  } catch {
    return { status: 'invalid', reason: 'update settings are not valid JSON' }
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    return { status: 'invalid', reason: 'update settings are not an object' }
  }
  const channel = (data as { channel?: unknown }).channel
  if (!isUpdateChannel(channel)) {
    return { status: 'invalid', reason: `unknown update channel ${JSON.stringify(channel) ?? 'undefined'}` }
  }
  return { status: 'valid', channel }
}

export interface UpdateSettingsFiles {
  /** Returns the file's text, or null when it does not exist. Other failures throw. */
  read(): string | null
  /** Replaces the file (atomically, if the implementation can). */
  write(text: string): Promise<void>
}

export interface UpdateSettingsStore {
  /** The persisted channel, or `fallback` when nothing valid is stored. Never throws. */
  load(fallback: UpdateChannel): UpdateChannel
  /** Saves run one at a time in call order, so the file always ends with the last channel asked for. */
  save(channel: UpdateChannel): Promise<void>
}

export function createUpdateSettingsStore(
  files: UpdateSettingsFiles,
  logger: { warn(message: string): void },
): UpdateSettingsStore {
  const serially = createSerialQueue()
  return {
    load(fallback) {
      let text: string | null
      try {
        text = files.read()
      } catch (error) {
        logger.warn(`Update settings unreadable, using ${fallback}: ${String(error)}`)
        return fallback
      }
      const stored = parseUpdateSettings(text)
      switch (stored.status) {
        case 'missing':
          return fallback
        case 'invalid':
          logger.warn(`Ignoring update settings (${stored.reason}); using ${fallback}`)
          return fallback
        case 'valid':
          return stored.channel
      }
    },
    save(channel) {
      if (!isUpdateChannel(channel))
        return Promise.reject(new Error(`Unknown update channel: ${JSON.stringify(channel)}`))
      const text = `${JSON.stringify({ channel }, null, 2)}\n`
      // Two renames in flight could land in either order; queued, the last save is also the last rename.
      return serially(() => files.write(text))
    },
  }
}

/** Node `fs` implementation: atomic replacement (see atomic-file.ts), so a crash never leaves half a file. */
export function nodeUpdateSettingsFiles(
  filePath: string,
  fs: {
    readFileSync(path: string, encoding: 'utf8'): string
    promises: AtomicFileSystem
  },
): UpdateSettingsFiles {
  return {
    read() {
      try {
        return fs.readFileSync(filePath, 'utf8')
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null
        throw error
      }
    },
    async write(text) {
      await writeFileAtomic(filePath, text, { mode: 0o644, fs: fs.promises })
    },
  }
}
