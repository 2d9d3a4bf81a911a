// Where the Clerk client token (and the offline cache's key) live: the OS keychain through keytar, with a
// safeStorage-encrypted file or process memory as fallbacks. Every keychain call is time-bounded: a locked Linux
// keyring with a display waits forever on an unlock prompt. All operations run one at a time, in call order,
// so an older write can never land after a newer one.
import { access, rm } from 'node:fs/promises'
import type { TokenStorage } from '@clerk/electron'
import type { PersistenceMode } from '../shared/contract'
import { createEncryptedFileStore, type Cipher } from './encrypted-file-store'
import { withTimeout } from './with-timeout'

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
  /** Per keychain call; at most 3000 ms. */
  timeoutMs?: number
  log?: { info: (message: string) => void; warn: (message: string) => void }
}

export interface KeychainStorage extends TokenStorage {
  getItem: (key: string) => Promise<string | null>
  setItem: (key: string, value: string) => Promise<void>
  removeItem: (key: string) => Promise<void>
  /** Resolves once the backend is chosen (probing the keychain on first use). */
  persistenceMode: () => Promise<PersistenceMode>
  onPersistenceModeChange: (listener: (mode: PersistenceMode) => void) => () => void
  /** Removes every entry this app stored, in every backend it can reach (local sign-out). */
  clear: () => Promise<void>
}

export const MAX_KEYCHAIN_TIMEOUT_MS = 3000
const KEY = /^[A-Za-z0-9_.:-]{1,128}$/
const MAX_VALUE_LENGTH = 64 * 1024
// Our own entries carry this prefix; anything else under our service name is not ours to interpret.
const ENVELOPE = 'v1:'
const PROBE_ACCOUNT = '__harbor_probe__'

interface Backend {
  mode: PersistenceMode
  get: (key: string) => Promise<string | null>
  set: (key: string, value: string) => Promise<void>
  remove: (key: string) => Promise<void>
  clear: () => Promise<void>
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

function keychainBackend(keychain: KeychainBackend, service: string, timeoutMs: number): Backend {
  const call = <T>(label: string, work: () => Promise<T>): Promise<T> =>
    withTimeout(work, timeoutMs, `keychain ${label}`)
  return {
    mode: 'keychain',
    async get(key) {
      const stored = await call('read', () => keychain.getPassword(service, key))
      if (stored === null) return null
      if (!stored.startsWith(ENVELOPE)) {
        await call('delete', () => keychain.deletePassword(service, key))
        return null
      }
      return stored.slice(ENVELOPE.length)
    },
    async set(key, value) {
      await call('write', () => keychain.setPassword(service, key, ENVELOPE + value))
    },
    async remove(key) {
      await call('delete', () => keychain.deletePassword(service, key))
    },
    async clear() {
      const entries = await call('list', () => keychain.findCredentials(service))
      for (const { account } of entries) await call('delete', () => keychain.deletePassword(service, account))
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
  const listeners = new Set<(mode: PersistenceMode) => void>()
  // What this session has read or written while on the keychain: if the keychain stops answering mid-session,
  // the fallback starts from these values so the user is not signed out on the spot.
  const seen = new Map<string, string>()
  let active: Backend | null = null
  let tail: Promise<unknown> = Promise.resolve()

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
      ? { mode: 'encrypted-file', ...createEncryptedFileStore(options.fallbackFilePath, cipher) }
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

  /**
   * A launch without a keychain may have left tokens in the fallback file. Every launch that has the keychain
   * empties the file, so whatever is still in it was written later than the keychain's copy: it wins. The file
   * is then deleted so no stale secret stays on disk; if it cannot be decrypted any more it is deleted as well.
   */
  async function migrateFallbackFile(keychain: Backend): Promise<void> {
    try {
      await access(options.fallbackFilePath)
    } catch {
      return
    }
    const cipher = await options.fallbackCipher().catch(() => null)
    if (cipher) {
      const file = createEncryptedFileStore(options.fallbackFilePath, cipher)
      for (const key of await file.keys()) {
        const value = await file.get(key)
        if (value !== null) await keychain.set(key, value)
      }
    }
    await rm(options.fallbackFilePath, { force: true })
    options.log?.info('Moved tokens from the fallback file into the OS keychain')
  }

  async function chooseBackend(): Promise<Backend> {
    if (active) return active
    const backend = await loadKeychain()
    if (backend) {
      const keychain = keychainBackend(backend, options.service, timeoutMs)
      try {
        await keychain.get(PROBE_ACCOUNT)
        options.log?.info('Tokens are kept in the OS keychain')
        await migrateFallbackFile(keychain)
        return setActive(keychain)
      } catch (error) {
        options.log?.warn(`Keychain probe failed: ${describeError(error)}`)
      }
    }
    return setActive(await fallbackBackend())
  }

  function serialized<T>(operation: (backend: Backend) => Promise<T>): Promise<T> {
    const result = tail.then(async () => {
      const backend = await chooseBackend()
      try {
        return await operation(backend)
      } catch (error) {
        // Only keychain failures degrade; a failing fallback (e.g. a full disk) is reported as is.
        if (backend.mode !== 'keychain') throw error
        options.log?.warn(`Keychain call failed: ${describeError(error)}`)
        return operation(setActive(await fallbackBackend()))
      }
    })
    tail = result.catch(() => undefined)
    return result
  }

  return {
    async getItem(key) {
      assertKey(key)
      return serialized(async (backend) => {
        const value = await backend.get(key)
        if (backend.mode === 'keychain') {
          if (value === null) seen.delete(key)
          else seen.set(key, value)
        }
        return value
      })
    },
    async setItem(key, value) {
      assertKey(key)
      assertValue(value)
      return serialized(async (backend) => {
        await backend.set(key, value)
        if (backend.mode === 'keychain') seen.set(key, value)
      })
    },
    async removeItem(key) {
      assertKey(key)
      return serialized(async (backend) => {
        seen.delete(key)
        await backend.remove(key)
      })
    },
    persistenceMode: () => serialized(async (backend) => backend.mode),
    onPersistenceModeChange(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    clear() {
      return serialized(async (backend) => {
        seen.clear()
        // The file may be left from an earlier launch that had no keychain, whatever the backend is now.
        await rm(options.fallbackFilePath, { force: true })
        await backend.clear()
      })
    },
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
