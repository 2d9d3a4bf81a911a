// The update channel the user picked in Settings, kept in a small JSON file in userData. File access is
// injected so the store can be tested without a disk and without Electron.
import type { UpdateChannel } from '../shared/contract'

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
  save(channel: UpdateChannel): Promise<void>
}

export function createUpdateSettingsStore(
  files: UpdateSettingsFiles,
  logger: { warn(message: string): void },
): UpdateSettingsStore {
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
    async save(channel) {
      if (!isUpdateChannel(channel)) throw new Error(`Unknown update channel: ${JSON.stringify(channel)}`)
      await files.write(`${JSON.stringify({ channel }, null, 2)}\n`)
    },
  }
}

/** Node `fs` implementation: the write goes to a temporary file first so a crash never leaves half a file. */
export function nodeUpdateSettingsFiles(
  filePath: string,
  fs: {
    readFileSync(path: string, encoding: 'utf8'): string
    promises: {
      writeFile(path: string, data: string, encoding: 'utf8'): Promise<void>
      rename(from: string, to: string): Promise<void>
    }
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
      const temporary = `${filePath}.${process.pid}.tmp`
      await fs.promises.writeFile(temporary, text, 'utf8')
      await fs.promises.rename(temporary, filePath)
    },
  }
}
