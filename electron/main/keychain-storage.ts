// Where the Clerk client token (and the offline cache's key) live: the OS keychain through keytar, with a
// safeStorage-encrypted file or process memory as fallbacks. Every keychain call is time-bounded: a locked Linux
// keyring with a display waits forever on an unlock prompt. All operations run one at a time, in call order,
// so an older write can never land after a newer one.
//
// Sign-out must stick even when the keychain does not answer. A removal the keychain did not confirm is written
// down first (a "pending removal" record next to the fallback file, flushed to disk) and the rest of the session
// runs on the fallback; every start honours that record before anything reads the keychain: it removes the
// recorded items, or, while it cannot, leaves the keychain alone (the old token is never read back).
import * as nodeFs from 'node:fs/promises'
import { dirname, join } from 'node:path'
import type { TokenStorage } from '@clerk/electron'
import type { PersistenceMode } from '../shared/contract'
import { removeLeftoverTempFiles, writeFileAtomic } from './atomic-file'
import { createEncryptedFileStore, type Cipher, type EncryptedFileSystem } from './encrypted-file-store'
import { createSerialQueue } from '../shared/serial-queue'
import { TimeoutError, withTimeout } from '../shared/with-timeout'

/** The part of keytar we use (same signatures, so `import * as keytar from 'keytar'` fits). */
export interface KeychainBackend {
  getPassword: (service: string, account: string) => Promise<string | null>
  setPassword: (service: string, account: string, password: string) => Promise<void>
  deletePassword: (service: string, account: string) => Promise<boolean>
  findCredentials: (service: string) => Promise<Array<{ account: string; password: string }>>
}

export interface KeychainStorageOptions {
  /** keytar service name (see app-identity: product name, with a suffix in development). */
  service: string
  /**
   * keytar; or a loader for it (the native module then loads on first use, off the startup path); or null.
   * A loader that resolves to null or rejects (e.g. missing libsecret) means "no keychain".
   */
  keychain: KeychainBackend | null | (() => Promise<KeychainBackend | null>)
  /** The fallback cipher, or null when safeStorage has no real backend. Asked lazily: safeStorage needs `ready`. */
  fallbackCipher: () => Promise<Cipher | null>
  fallbackFilePath: string
  /** The pending-removal record; default `pending-sign-out.json` next to the fallback file. */
  pendingRemovalPath?: string
  /** File access (fault injection in tests); node's by default. */
  fs?: EncryptedFileSystem
  /** Per keychain call; at most 3000 ms. */
  timeoutMs?: number
  log?: { info: (message: string) => void; warn: (message: string) => void }
}

/**
 * A read that says whether an absence is certain. `absent` means the storage of record answered "no such item"
 * (or a sign-out removed it); `unreachable` means the item may exist where it cannot be read right now (the
 * keychain hung or failed): nothing that depends on the item may be deleted on that answer.
 */
export type ItemLookup =
  { status: 'present'; value: string } | { status: 'absent' } | { status: 'unreachable'; reason: string }

export interface KeychainStorage extends TokenStorage {
  getItem: (key: string) => Promise<string | null>
  lookupItem: (key: string) => Promise<ItemLookup>
  setItem: (key: string, value: string) => Promise<void>
  /**
   * Writes `value` only if the item still holds `expected` (read in turn with every other call, so nothing
   * lands between the check and the write). For a writer whose value derives from an older one, e.g. a client
   * token rotated in answer to a request made with `expected`: a newer token saved meanwhile, or a sign-out's
   * removal, is never undone. Resolves whether it wrote.
   */
  replaceItem: (key: string, expected: string, value: string) => Promise<boolean>
  removeItem: (key: string) => Promise<void>
  /** Resolves once the backend is chosen (probing the keychain on first use). */
  persistenceMode: () => Promise<PersistenceMode>
  onPersistenceModeChange: (listener: (mode: PersistenceMode) => void) => () => void
  /**
   * Removes every entry this app stored (local sign-out). Resolves when the entries are gone or their removal is
   * durably recorded for the next start; rejects only when neither could be done.
   */
  clear: () => Promise<void>
  /** Whether a removal is recorded but not yet confirmed by the keychain. */
  hasPendingRemoval: () => Promise<boolean>
}

export const MAX_KEYCHAIN_TIMEOUT_MS = 3000
const KEY = /^[A-Za-z0-9_.:-]{1,128}$/
const MAX_VALUE_LENGTH = 64 * 1024
// Our own entries carry this prefix; anything else under our service name is not ours to interpret.
const ENVELOPE = 'v1:'
// Written over an item the keychain would not delete: not an envelope, so every reader takes it as absent.
const REMOVED_MARKER = 'removed'
const PROBE_ACCOUNT = '__harbor_probe__'
export const PENDING_REMOVAL_FILE = 'pending-sign-out.json'

interface Backend {
  mode: PersistenceMode
  get: (key: string) => Promise<string | null>
  set: (key: string, value: string) => Promise<void>
  remove: (key: string) => Promise<void>
  clear: () => Promise<void>
}

/** What a sign-out asked to remove from the keychain and the keychain has not yet confirmed. */
interface PendingRemoval {
  all: boolean
  keys: string[]
}

function assertKey(key: unknown): asserts key is string {
  if (typeof key !== 'string' || !KEY.test(key))
    throw new TypeError('Storage key must be 1-128 characters of [A-Za-z0-9_.:-]')
}

function assertValue(value: unknown): asserts value is string {
  if (typeof value !== 'string') throw new TypeError('Storage value must be a string')
  if (value.length > MAX_VALUE_LENGTH)
    throw new TypeError(`Storage value is longer than ${MAX_VALUE_LENGTH} characters`)
}

function describeError(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : 'unknown error'
}

function parsePendingRemoval(text: string): PendingRemoval {
  try {
    const value = JSON.parse(text) as { version?: unknown; all?: unknown; keys?: unknown }
    if (value.version === 1 && typeof value.all === 'boolean' && Array.isArray(value.keys)) {
      const keys = value.keys.filter((key): key is string => typeof key === 'string' && KEY.test(key))
      return { all: value.all, keys }
    }
  } catch {
    // fall through
  }
  // A record we cannot read still means "a sign-out did not finish": the safe reading is "remove everything".
  return { all: true, keys: [] }
}

function keychainBackend(keychain: KeychainBackend, service: string, timeoutMs: number): Backend {
  const call = <T>(label: string, work: () => Promise<T>): Promise<T> =>
    withTimeout(work, timeoutMs, `keychain ${label}`)
  /** Deletes an item; a keychain that answers but refuses to delete gets the item overwritten instead. */
  const erase = async (account: string): Promise<void> => {
    try {
      await call('delete', () => keychain.deletePassword(service, account))
    } catch (deleteError) {
      // A keychain that does not answer at all will not answer an overwrite either.
      if (deleteError instanceof TimeoutError) throw deleteError
      try {
        await call('overwrite', () => keychain.setPassword(service, account, REMOVED_MARKER))
      } catch {
        throw deleteError
      }
    }
  }
  return {
    mode: 'keychain',
    async get(key) {
      const stored = await call('read', () => keychain.getPassword(service, key))
      if (stored === null) return null
      if (!stored.startsWith(ENVELOPE)) {
        // Not ours (or our removal marker): absent either way, and tidied up when the keychain lets us.
        await call('delete', () => keychain.deletePassword(service, key)).catch(() => undefined)
        return null
      }
      return stored.slice(ENVELOPE.length)
    },
    async set(key, value) {
      await call('write', () => keychain.setPassword(service, key, ENVELOPE + value))
    },
    remove: erase,
    async clear() {
      const entries = await call('list', () => keychain.findCredentials(service))
      for (const { account } of entries) await erase(account)
    },
  }
}

function memoryBackend(): Backend {
  const values = new Map<string, string>()
  return {
    mode: 'memory',
    get: async (key) => values.get(key) ?? null,
    set: async (key, value) => void values.set(key, value),
    remove: async (key) => void values.delete(key),
    clear: async () => values.clear(),
  }
}

export function createKeychainStorage(options: KeychainStorageOptions): KeychainStorage {
  const timeoutMs = Math.min(options.timeoutMs ?? MAX_KEYCHAIN_TIMEOUT_MS, MAX_KEYCHAIN_TIMEOUT_MS)
  const fs = options.fs ?? nodeFs
  const pendingRemovalPath =
    options.pendingRemovalPath ?? join(dirname(options.fallbackFilePath), PENDING_REMOVAL_FILE)
  const listeners = new Set<(mode: PersistenceMode) => void>()
  // What the active backend holds, as far as this session has read or written it. If the keychain stops
  // answering mid-session, the fallback starts from these values so the user is not signed out on the spot;
  // and a write of the value already held is skipped (Clerk saves the same header after every response).
  const seen = new Map<string, string>()
  let active: Backend | null = null
  // Whether the active backend's "no such item" is certain: true on the keychain, and on a fallback only when
  // this machine has no keychain library at all (then the fallback is the storage of record).
  let authoritative = false
  // The keychain backend when the library loaded; kept to retry a pending removal.
  let keychainHandle: Backend | null = null
  let pending: PendingRemoval | null = null
  const serially = createSerialQueue()

  function setActive(backend: Backend): Backend {
    const changed = active?.mode !== backend.mode
    active = backend
    if (!changed) return backend
    for (const listener of listeners) {
      // A listener's failure (e.g. the window closing mid-send) must not fail the storage call that switched.
      try {
        listener(backend.mode)
      } catch (error) {
        options.log?.warn(`Persistence listener failed: ${describeError(error)}`)
      }
    }
    return backend
  }

  async function fallbackBackend(): Promise<Backend> {
    let cipher: Cipher | null = null
    try {
      cipher = await options.fallbackCipher()
    } catch (error) {
      options.log?.warn(`safeStorage unusable: ${describeError(error)}`)
    }
    const backend: Backend = cipher
      ? { mode: 'encrypted-file', ...createEncryptedFileStore(options.fallbackFilePath, cipher, fs) }
      : memoryBackend()
    for (const [key, value] of seen) await backend.set(key, value)
    options.log?.warn(
      `Keychain unavailable; tokens are kept in ${backend.mode === 'memory' ? 'memory only' : 'an encrypted file'}`,
    )
    return backend
  }

  async function loadKeychain(): Promise<KeychainBackend | null> {
    if (typeof options.keychain !== 'function') return options.keychain
    try {
      return await options.keychain()
    } catch (error) {
      options.log?.warn(`Keychain library unavailable: ${describeError(error)}`)
      return null
    }
  }

  async function fileExists(path: string): Promise<boolean> {
    try {
      await fs.readFile(path)
      return true
    } catch {
      return false
    }
  }

  /** A crash between write and rename leaves `tokens.enc.json.<id>.tmp`: a decryptable token nobody tracks. */
  async function removeLeftovers(): Promise<void> {
    const removed = await removeLeftoverTempFiles([options.fallbackFilePath, pendingRemovalPath], fs)
    if (removed.length > 0) options.log?.info(`Removed ${removed.length} leftover temporary token file(s)`)
  }

  async function readPendingRemoval(): Promise<PendingRemoval | null> {
    let text: string
    try {
      text = await fs.readFile(pendingRemovalPath, 'utf8')
    } catch {
      return null
    }
    return parsePendingRemoval(text)
  }

  /** Records (merging with what is already recorded) that the keychain still holds items to remove. */
  async function recordPendingRemoval(addition: PendingRemoval): Promise<void> {
    const merged: PendingRemoval = {
      all: (pending?.all ?? false) || addition.all,
      keys: [...new Set([...(pending?.keys ?? []), ...addition.keys])],
    }
    await writeFileAtomic(pendingRemovalPath, JSON.stringify({ version: 1, ...merged }), { mode: 0o600, fs })
    pending = merged
  }

  /** Tries the recorded removal on the keychain; on success the record is deleted. */
  async function settlePendingRemoval(keychain: Backend): Promise<boolean> {
    if (!pending) return true
    try {
      if (pending.all) await keychain.clear()
      else for (const key of pending.keys) await keychain.remove(key)
    } catch (error) {
      options.log?.warn(`Keychain removal still pending: ${describeError(error)}`)
      return false
    }
    await fs.rm(pendingRemovalPath, { force: true })
    pending = null
    options.log?.info('Finished a sign-out the keychain had not confirmed')
    return true
  }

  /**
   * A launch without a keychain may have left tokens in the fallback file. Every launch that has the keychain
   * empties the file, so whatever is still in it was written later than the keychain's copy: it wins. The file
   * is then deleted so no stale secret stays on disk; if it cannot be decrypted any more it is deleted as well.
   */
  async function migrateFallbackFile(keychain: Backend): Promise<void> {
    if (!(await fileExists(options.fallbackFilePath))) return
    const cipher = await options.fallbackCipher().catch(() => null)
    if (cipher) {
      const file = createEncryptedFileStore(options.fallbackFilePath, cipher, fs)
      for (const key of await file.keys()) {
        const value = await file.get(key)
        if (value !== null) await keychain.set(key, value)
      }
    }
    await fs.rm(options.fallbackFilePath, { force: true })
    options.log?.info('Moved tokens from the fallback file into the OS keychain')
  }

  async function chooseBackend(): Promise<Backend> {
    if (active) return active
    // Before anything reads a token: crash leftovers go, and an unfinished sign-out is honoured.
    await removeLeftovers()
    pending = await readPendingRemoval()
    const backend = await loadKeychain()
    if (backend) {
      const keychain = keychainBackend(backend, options.service, timeoutMs)
      keychainHandle = keychain
      try {
        await keychain.get(PROBE_ACCOUNT)
        if (await settlePendingRemoval(keychain)) {
          options.log?.info('Tokens are kept in the OS keychain')
          await migrateFallbackFile(keychain)
          authoritative = true
          return setActive(keychain)
        }
      } catch (error) {
        options.log?.warn(`Keychain probe failed: ${describeError(error)}`)
      }
      authoritative = false
    } else {
      authoritative = true
    }
    return setActive(await fallbackBackend())
  }

  function serialized<T>(operation: (backend: Backend) => Promise<T>): Promise<T> {
    return serially(async () => {
      const backend = await chooseBackend()
      try {
        return await operation(backend)
      } catch (error) {
        // Only keychain failures degrade; a failing fallback (e.g. a full disk) is reported as is.
        if (backend.mode !== 'keychain') throw error
        options.log?.warn(`Keychain call failed: ${describeError(error)}`)
        authoritative = false
        return operation(setActive(await fallbackBackend()))
      }
    })
  }

  const isPendingRemoval = (key: string): boolean =>
    pending !== null && (pending.all || pending.keys.includes(key))

  async function read(backend: Backend, key: string): Promise<string | null> {
    const value = await backend.get(key)
    if (value === null) seen.delete(key)
    else seen.set(key, value)
    return value
  }

  /**
   * Removes `keys` (or everything) where they may live. On the keychain a failure is recorded before it is
   * reported, then the session moves to the fallback. On a fallback the keychain may still hold them (it was
   * unreachable at start), so the removal is recorded for the next start unless there is no keychain at all.
   */
  async function removeEverywhere(backend: Backend, removal: PendingRemoval): Promise<void> {
    for (const key of removal.all ? [...seen.keys()] : removal.keys) seen.delete(key)
    if (backend.mode === 'keychain') {
      try {
        if (removal.all) await backend.clear()
        else for (const key of removal.keys) await backend.remove(key)
        return
      } catch (error) {
        options.log?.warn(`Keychain removal failed, recording it for the next start: ${describeError(error)}`)
        authoritative = false
        await recordPendingRemoval(removal)
        const fallback = setActive(await fallbackBackend())
        if (removal.all) await fallback.clear()
        else for (const key of removal.keys) await fallback.remove(key)
        return
      }
    }
    if (removal.all) await backend.clear()
    else for (const key of removal.keys) await backend.remove(key)
    if (keychainHandle) await recordPendingRemoval(removal)
  }

  return {
    async getItem(key) {
      assertKey(key)
      return serialized((backend) => read(backend, key))
    },
    async lookupItem(key) {
      assertKey(key)
      return serialized(async (backend): Promise<ItemLookup> => {
        const value = await read(backend, key)
        if (value !== null) return { status: 'present', value }
        // While a removal is pending the keychain is not read; a removed key is absent because a sign-out said so.
        if (isPendingRemoval(key)) return { status: 'absent' }
        // A keychain failure inside `read` has already moved us to the fallback and cleared `authoritative`.
        if (authoritative) return { status: 'absent' }
        return { status: 'unreachable', reason: 'the OS keychain is not answering' }
      })
    },
    async setItem(key, value) {
      assertKey(key)
      assertValue(value)
      return serialized(async (backend) => {
        if (seen.get(key) === value) return
        await backend.set(key, value)
        seen.set(key, value)
      })
    },
    async replaceItem(key, expected, value) {
      assertKey(key)
      assertValue(value)
      return serialized(async (backend) => {
        if ((await read(backend, key)) !== expected) return false
        if (value !== expected) {
          await backend.set(key, value)
          seen.set(key, value)
        }
        return true
      })
    },
    async removeItem(key) {
      assertKey(key)
      return serialized(async (backend) => {
        await removeLeftovers()
        await removeEverywhere(backend, { all: false, keys: [key] })
      })
    },
    persistenceMode: () => serialized(async (backend) => backend.mode),
    onPersistenceModeChange(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    clear() {
      return serialized(async (backend) => {
        // The file may be left from an earlier launch that had no keychain, whatever the backend is now.
        await fs.rm(options.fallbackFilePath, { force: true })
        await removeLeftovers()
        await removeEverywhere(backend, { all: true, keys: [] })
      })
    },
    hasPendingRemoval: () => serialized(async () => pending !== null),
  }
}

/**
 * A view of the storage limited to some keys. The Clerk bridge passes key names from the renderer straight to
 * its storage; this keeps it to Clerk's own keys so the renderer cannot read other secrets (the offline cache
 * key) through it.
 */
export function limitToKeys(
  storage: TokenStorage,
  isAllowed: (key: string) => boolean,
  label: string,
): TokenStorage {
  const check = (key: unknown): string => {
    if (typeof key !== 'string' || !isAllowed(key)) throw new Error(`${label}: storage key not allowed`)
    return key
  }
  return {
    getItem: async (key) => storage.getItem(check(key)),
    setItem: async (key, value) => storage.setItem(check(key), value),
    removeItem: async (key) => storage.removeItem(check(key)),
  }
}

export const isClerkKey = (key: string): boolean => /^__clerk_[A-Za-z0-9_]{1,64}$/.test(key)
