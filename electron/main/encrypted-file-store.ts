// Fallback token store for machines without a reachable keychain: a JSON file in userData whose values are
// encrypted with Electron's safeStorage. Only used when safeStorage has a real OS backend; never plaintext.
import * as nodeFs from 'node:fs/promises'
import type { SafeStorage } from 'electron'
import { writeFileAtomic, type AtomicFileSystem } from './atomic-file'

export interface Cipher {
  encrypt: (plainText: string) => Promise<string>
  decrypt: (cipherText: string) => Promise<string>
}

export type SafeStorageLike = Pick<
  SafeStorage,
  'isEncryptionAvailable' | 'encryptString' | 'decryptString' | 'getSelectedStorageBackend'
> &
  Partial<Pick<SafeStorage, 'isAsyncEncryptionAvailable' | 'encryptStringAsync' | 'decryptStringAsync'>>

/**
 * safeStorage as a cipher, or null when it would not really protect anything: on Linux without a keyring it
 * "encrypts" with a hard-coded key (`basic_text`), which is plaintext in all but name.
 */
export async function safeStorageCipher(
  safeStorage: SafeStorageLike,
  platform: string,
): Promise<Cipher | null> {
  if (platform === 'linux') {
    const backend = safeStorage.getSelectedStorageBackend()
    if (backend === 'basic_text' || backend === 'unknown') return null
  }
  // Electron's async API is preferred when it reports itself usable; otherwise the synchronous one (the async
  // encryptor can be unavailable in unsigned builds where the synchronous one works).
  const { isAsyncEncryptionAvailable, encryptStringAsync, decryptStringAsync } = safeStorage
  if (isAsyncEncryptionAvailable && encryptStringAsync && decryptStringAsync) {
    try {
      if (await isAsyncEncryptionAvailable.call(safeStorage)) {
        return {
          encrypt: async (text) => (await encryptStringAsync.call(safeStorage, text)).toString('base64'),
          decrypt: async (data) =>
            (await decryptStringAsync.call(safeStorage, Buffer.from(data, 'base64'))).result,
        }
      }
    } catch {
      // fall through to the synchronous API
    }
  }
  if (!safeStorage.isEncryptionAvailable()) return null
  return {
    encrypt: async (text) => safeStorage.encryptString(text).toString('base64'),
    decrypt: async (data) => safeStorage.decryptString(Buffer.from(data, 'base64')),
  }
}

interface FileShape {
  version: 1
  entries: Record<string, string>
}

export interface EncryptedFileStore {
  get: (key: string) => Promise<string | null>
  set: (key: string, value: string) => Promise<void>
  remove: (key: string) => Promise<void>
  keys: () => Promise<string[]>
  /** Deletes the file. */
  clear: () => Promise<void>
}

function parseFile(text: string): FileShape | null {
  try {
    const value: unknown = JSON.parse(text)
    if (typeof value !== 'object' || value === null) return null
    const { version, entries } = value as { version?: unknown; entries?: unknown }
    if (version !== 1 || typeof entries !== 'object' || entries === null || Array.isArray(entries))
      return null
    // No prototype: a key named `__proto__` in the file must stay a plain entry.
    const clean = Object.create(null) as Record<string, string>
    for (const [key, entry] of Object.entries(entries)) if (typeof entry === 'string') clean[key] = entry
    return { version: 1, entries: clean }
  } catch {
    return null
  }
}

export type EncryptedFileSystem = AtomicFileSystem & Pick<typeof nodeFs, 'readFile'>

export function createEncryptedFileStore(
  filePath: string,
  cipher: Cipher,
  fs: EncryptedFileSystem = nodeFs,
): EncryptedFileStore {
  async function load(): Promise<Record<string, string>> {
    let text: string
    try {
      text = await fs.readFile(filePath, 'utf8')
    } catch {
      return Object.create(null) as Record<string, string>
    }
    const parsed = parseFile(text)
    if (parsed === null) {
      // Unreadable as a whole: remove it rather than fail on every launch.
      await fs.rm(filePath, { force: true })
      return Object.create(null) as Record<string, string>
    }
    return parsed.entries
  }

  async function save(entries: Record<string, string>): Promise<void> {
    if (Object.keys(entries).length === 0) {
      await fs.rm(filePath, { force: true })
      return
    }
    const body: FileShape = { version: 1, entries }
    await writeFileAtomic(filePath, JSON.stringify(body), { mode: 0o600, fs })
  }

  return {
    async get(key) {
      const entries = await load()
      const stored = Object.hasOwn(entries, key) ? entries[key] : undefined
      if (stored === undefined) return null
      try {
        return await cipher.decrypt(stored)
      } catch {
        // Undecryptable (another OS user, a rotated key, corruption): drop it and report absent.
        delete entries[key]
        await save(entries)
        return null
      }
    },
    async set(key, value) {
      const entries = await load()
      entries[key] = await cipher.encrypt(value)
      await save(entries)
    },
    async remove(key) {
      const entries = await load()
      if (!Object.hasOwn(entries, key)) return
      delete entries[key]
      await save(entries)
    },
    keys: async () => Object.keys(await load()),
    async clear() {
      await fs.rm(filePath, { force: true })
    },
  }
}
