// One small user choice remembered in its own `userData/<name>.json` (appearance, the sidebar): read once at start,
// saved before it counts. Shared so that every such setting has the same two guarantees: a missing or damaged
// file means the default (never a crash), and quick successive choices end on the newest one, on disk and in
// memory, however the saves interleave.
import { createSerialQueue } from '../shared/serial-queue'

export interface SettingFiles {
  read(): string | null
  write(text: string): Promise<void>
}

export interface RememberedSettingOptions<T> {
  files: SettingFiles
  log: { warn(message: string): void }
  /** The JSON field the value is kept in, e.g. `{ "mode": "dark" }`. */
  field: string
  isValid(value: unknown): value is T
  fallback: T
  /** For the log line when the file cannot be read, e.g. "Appearance setting unreadable, following the system". */
  unreadable: string
  /** The error for a value of the wrong kind (the IPC payload check refuses it first; this is the last line). */
  invalid(value: unknown): string
  /** Runs with the value at start and after each newest save lands (e.g. nativeTheme.themeSource). */
  apply?(value: T): void
}

export interface RememberedSetting<T> {
  get(): T
  /** Saves first, then applies: a choice that could not be saved is not reported as kept. Resolves with what is kept. */
  set(value: T): Promise<T>
}

/** The saved value, or null for a missing, unparsable or invalid file. */
export function parseRememberedValue<T>(
  text: string | null,
  field: string,
  isValid: (value: unknown) => value is T,
): T | null {
  if (text === null) return null
  try {
    const data = JSON.parse(text) as unknown
    const value =
      typeof data === 'object' && data !== null ? (data as Record<string, unknown>)[field] : undefined
    return isValid(value) ? value : null
  } catch {
    return null
  }
}

export function createRememberedSetting<T>(options: RememberedSettingOptions<T>): RememberedSetting<T> {
  let stored: string | null = null
  try {
    stored = options.files.read()
  } catch (error) {
    options.log.warn(`${options.unreadable}: ${String(error)}`)
  }
  let current = parseRememberedValue(stored, options.field, options.isValid) ?? options.fallback
  options.apply?.(current)
  // Only the newest choice is applied when its save lands: two quick clicks (dark, then light) always end on light.
  let latest = 0
  const serially = createSerialQueue()
  return {
    get: () => current,
    set(value) {
      if (!options.isValid(value)) return Promise.reject(new Error(options.invalid(value)))
      const ticket = ++latest
      return serially(async () => {
        await options.files.write(`${JSON.stringify({ [options.field]: value })}\n`)
        if (ticket === latest) {
          current = value
          options.apply?.(value)
        }
        return current
      })
    },
  }
}
