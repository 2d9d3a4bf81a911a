// The last known signed-in user, kept so the app can open signed in without a network. The record holds
// personal data (name, email, device names), so it is encrypted at rest. OS keychains limit item size (Windows
// Credential Manager about 2.5 KB), so the keychain holds only a random 256-bit key and the AES-256-GCM
// ciphertext lives in a file in userData.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'
import * as nodeFs from 'node:fs/promises'
import type { TokenStorage } from '@clerk/electron'
import type { LastKnownUser, LastKnownUserRead } from '../shared/contract'
import { CACHE_REFRESH_MS, parseLastKnownUser } from '../shared/rules/cache-record'
import { MAX_OFFLINE_AGE_MS } from '../shared/rules/limits'
import { createSerialQueue } from '../shared/serial-queue'
import { withTimeout } from '../shared/with-timeout'
import { removeLeftoverTempFiles, writeFileAtomic, type AtomicFileSystem } from './atomic-file'
import type { ItemLookup } from './keychain-storage'

// The record's limits, strict parser and lenient repair are shared with the renderer (one definition).
export {
  CACHE_REFRESH_MS,
  CLOCK_SKEW_MS,
  parseLastKnownUser,
  type ParsedLastKnownUser,
} from '../shared/rules/cache-record'
export { MAX_OFFLINE_AGE_MS }

/** Name of the keychain item holding the encryption key; never shared with Clerk's own items. */
export const LAST_KNOWN_USER_KEY_NAME = 'harbor.last-known-user.key'

const MAX_FILE_BYTES = 256 * 1024

// --- Encrypted storage ------------------------------------------------------------------------------------

const FORMAT = 'harbor.last-known-user'
const FORMAT_VERSION = 1
// Binding the format and version as associated data means neither can be edited without failing decryption.
const ASSOCIATED_DATA = Buffer.from(`${FORMAT}/v${FORMAT_VERSION}`)
const KEY_BYTES = 32
const IV_BYTES = 12
const TAG_BYTES = 16

interface Envelope {
  format: typeof FORMAT
  version: typeof FORMAT_VERSION
  iv: string
  tag: string
  data: string
}

export type LastKnownUserFileSystem = AtomicFileSystem & Pick<typeof nodeFs, 'readFile'>

export interface LastKnownUserStoreOptions {
  /**
   * Keychain-backed storage (the same one Clerk's tokens use); holds only the encryption key. With
   * `lookupItem`, a key that is unreachable (keychain hung, failed, locked) is told apart from a key that is
   * gone; without it every `null` counts as gone.
   */
  storage: TokenStorage & { lookupItem?: (key: string) => Promise<ItemLookup> }
  /** Where the ciphertext lives, normally `<userData>/last-known-user.json`. */
  filePath: string
  now?: () => number
  maxAgeMs?: number
  /** A keychain can hang on an unlock prompt; the app must not wait on it forever at startup. */
  storageTimeoutMs?: number
  fs?: LastKnownUserFileSystem
}

/** What the store now holds, told to listeners (the first frame, electron/main/first-frame.ts). */
export type LastKnownUserChange = { kind: 'written'; user: LastKnownUser } | { kind: 'cleared' }

export interface LastKnownUserStore {
  read(): Promise<LastKnownUserRead>
  /** Throws (and changes nothing) when `user` is not a valid `LastKnownUser`. */
  write(user: unknown): Promise<void>
  forget(): Promise<void>
  /**
   * Called after every successful write (also one skipped as unchanged) and as soon as a removal is asked for
   * (sign-out, a discarded record), before it runs: nothing may go on showing a user being forgotten, even if
   * the removal then fails. Returns the unsubscribe.
   */
  onChange(listener: (change: LastKnownUserChange) => void): () => void
}

/** A keychain call bounded in time (`TokenStorage` may answer synchronously, hence `Promise.resolve`). */
function keychainCall<T>(work: T | Promise<T>, ms: number, what: string): Promise<T> {
  return withTimeout(
    Promise.resolve(work),
    ms,
    `${what[0]?.toUpperCase() ?? ''}${what.slice(1)}: the keychain`,
  )
}

function decodeKey(stored: string): Buffer | null {
  if (!/^[A-Za-z0-9+/]{43}=$/.test(stored)) return null
  const key = Buffer.from(stored, 'base64')
  return key.length === KEY_BYTES ? key : null
}

function encrypt(key: Buffer, user: LastKnownUser): string {
  const iv = randomBytes(IV_BYTES)
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES })
  cipher.setAAD(ASSOCIATED_DATA)
  const data = Buffer.concat([cipher.update(JSON.stringify(user), 'utf8'), cipher.final()])
  const envelope: Envelope = {
    format: FORMAT,
    version: FORMAT_VERSION,
    iv: iv.toString('base64'),
    tag: cipher.getAuthTag().toString('base64'),
    data: data.toString('base64'),
  }
  return JSON.stringify(envelope)
}

type Decrypted = { ok: true; value: unknown } | { ok: false; reason: string }

function base64Field(record: Record<string, unknown>, name: string, bytes?: number): Buffer | null {
  const value = record[name]
  if (typeof value !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(value) || value.length % 4 !== 0)
    return null
  const decoded = Buffer.from(value, 'base64')
  return bytes === undefined || decoded.length === bytes ? decoded : null
}

function decrypt(key: Buffer, file: Buffer): Decrypted {
  if (file.length > MAX_FILE_BYTES)
    return { ok: false, reason: 'the stored file is larger than any valid record' }
  let envelope: unknown
  try {
    envelope = JSON.parse(file.toString('utf8'))
  } catch {
    return { ok: false, reason: 'the stored file is not JSON' }
  }
  if (typeof envelope !== 'object' || envelope === null || Array.isArray(envelope)) {
    return { ok: false, reason: 'the stored file is not an encrypted record' }
  }
  const record = envelope as Record<string, unknown>
  if (record.format !== FORMAT) return { ok: false, reason: 'the stored file is not an encrypted record' }
  if (record.version !== FORMAT_VERSION) {
    return { ok: false, reason: `the stored record has unsupported format version ${String(record.version)}` }
  }
  const iv = base64Field(record, 'iv', IV_BYTES)
  const tag = base64Field(record, 'tag', TAG_BYTES)
  const data = base64Field(record, 'data')
  if (!iv || !tag || !data) return { ok: false, reason: 'the stored record is malformed (iv, tag or data)' }
  let plaintext: string
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES })
    decipher.setAAD(ASSOCIATED_DATA)
    decipher.setAuthTag(tag)
    plaintext = Buffer.concat([decipher.update(data), decipher.final()]).toString('utf8')
  } catch {
    return { ok: false, reason: 'the stored record could not be decrypted (wrong key or tampered)' }
  }
  try {
    return { ok: true, value: JSON.parse(plaintext) }
  } catch {
    return { ok: false, reason: 'the decrypted record is not JSON' }
  }
}

function isMissingFile(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'ENOENT'
}

export function createLastKnownUserStore(options: LastKnownUserStoreOptions): LastKnownUserStore {
  const {
    storage,
    filePath,
    now = Date.now,
    maxAgeMs = MAX_OFFLINE_AGE_MS,
    storageTimeoutMs = 5000,
  } = options
  const fs = options.fs ?? nodeFs
  if (!Number.isFinite(maxAgeMs) || maxAgeMs <= 0) throw new Error('maxAgeMs must be a positive number')

  // Reads happen on every launch before anything is shown; the key is fetched from the keychain once.
  let cachedKey: Buffer | null = null
  // One operation at a time: two writes racing to create the key would leave a file nobody can decrypt.
  const exclusive = createSerialQueue()

  // What the file holds now, as far as this store knows: lets an unchanged record skip its write.
  let stored: { content: string; confirmedOnlineAt: number } | null = null
  const contentOf = (user: LastKnownUser): string => JSON.stringify({ ...user, confirmedOnlineAt: 0 })
  let leftoversRemoved = false
  async function removeLeftovers(): Promise<void> {
    leftoversRemoved = true
    await removeLeftoverTempFiles([filePath], fs)
  }

  const listeners = new Set<(change: LastKnownUserChange) => void>()
  const announce = (change: LastKnownUserChange): void => {
    for (const listener of listeners) {
      try {
        listener(change)
      } catch {
        // A listener's failure is its own; the store's operation stands.
      }
    }
  }

  const lookupStoredKey = (): Promise<ItemLookup> =>
    keychainCall(
      storage.lookupItem
        ? storage.lookupItem(LAST_KNOWN_USER_KEY_NAME)
        : Promise.resolve(storage.getItem(LAST_KNOWN_USER_KEY_NAME)).then((value): ItemLookup =>
            value === null ? { status: 'absent' } : { status: 'present', value },
          ),
      storageTimeoutMs,
      'reading the last known user key',
    )

  async function removeEverything(): Promise<void> {
    cachedKey = null
    stored = null
    // The file goes first: without it the key protects nothing, and it is the part holding personal data.
    await fs.rm(filePath, { force: true })
    await removeLeftovers()
    await keychainCall(storage.removeItem(LAST_KNOWN_USER_KEY_NAME), storageTimeoutMs, 'removing the key')
  }

  async function discard(reason: string): Promise<LastKnownUserRead> {
    announce({ kind: 'cleared' })
    try {
      await removeEverything()
    } catch {
      // The record is unusable either way; a keychain that fails to delete must not turn into a crash at startup.
    }
    return { status: 'discarded', reason }
  }

  async function read(): Promise<LastKnownUserRead> {
    if (!leftoversRemoved) await removeLeftovers()
    let file: Buffer
    try {
      file = await fs.readFile(filePath)
    } catch (error) {
      if (isMissingFile(error)) return { status: 'none' }
      throw error
    }
    if (!cachedKey) {
      const lookup = await lookupStoredKey()
      if (lookup.status === 'unreachable') {
        // The key may well exist: the file is kept for a launch where the keychain answers.
        throw new Error(`The cached user is kept but cannot be read now: ${lookup.reason}`)
      }
      if (lookup.status === 'absent') {
        // The keychain answered "no such item": nobody can ever decrypt this file again; drop it rather than
        // keep personal data around (best effort: the answer is `none` either way).
        await fs.rm(filePath, { force: true }).catch(() => undefined)
        return { status: 'none' }
      }
      const key = decodeKey(lookup.value)
      if (!key) return discard('the encryption key in the keychain is malformed')
      cachedKey = key
    }
    const decrypted = decrypt(cachedKey, file)
    if (!decrypted.ok) return discard(decrypted.reason)
    const at = now()
    const parsed = parseLastKnownUser(decrypted.value, at)
    if (!parsed.ok) return discard(`the stored record is invalid: ${parsed.reason}`)
    stored = { content: contentOf(parsed.user), confirmedOnlineAt: parsed.user.confirmedOnlineAt }
    const ageMs = Math.max(0, at - parsed.user.confirmedOnlineAt)
    // Kept on disk when expired: the next online sign-in overwrites it and sign-out removes it.
    if (ageMs > maxAgeMs) return { status: 'expired', ageMs, maxAgeMs }
    return { status: 'valid', user: parsed.user, ageMs, maxAgeMs }
  }

  async function keyForWriting(): Promise<Buffer> {
    // Not the cached key: the keychain item may have been removed since, and a file written with a key that
    // is no longer stored would be unreadable after a restart.
    const lookup = await lookupStoredKey()
    if (lookup.status === 'present') {
      const existing = decodeKey(lookup.value)
      if (existing) return (cachedKey = existing)
    }
    if (lookup.status === 'unreachable' && (await fileExists())) {
      // A new key now would make the stored record unreadable once the keychain answers again.
      throw new Error(`Not updating the cached user: ${lookup.reason}`)
    }
    const key = randomBytes(KEY_BYTES)
    await keychainCall(
      storage.setItem(LAST_KNOWN_USER_KEY_NAME, key.toString('base64')),
      storageTimeoutMs,
      'storing the key',
    )
    return (cachedKey = key)
  }

  async function write(value: unknown): Promise<void> {
    const parsed = parseLastKnownUser(value, now())
    if (!parsed.ok) throw new Error(`Refusing to store the last known user: ${parsed.reason}`)
    const content = contentOf(parsed.user)
    const sinceStored = parsed.user.confirmedOnlineAt - (stored?.confirmedOnlineAt ?? 0)
    if (stored?.content === content && sinceStored >= 0 && sinceStored < CACHE_REFRESH_MS) {
      announce({ kind: 'written', user: parsed.user })
      return
    }
    const key = await keyForWriting()
    // A crash mid-write leaves the old record or the new one, never half of each (see atomic-file.ts).
    await writeFileAtomic(filePath, encrypt(key, parsed.user), { mode: 0o600, fs })
    stored = { content, confirmedOnlineAt: parsed.user.confirmedOnlineAt }
    announce({ kind: 'written', user: parsed.user })
  }

  async function fileExists(): Promise<boolean> {
    try {
      await fs.readFile(filePath)
      return true
    } catch (error) {
      if (isMissingFile(error)) return false
      throw error
    }
  }

  return {
    read: () => exclusive(read),
    write: (user: unknown) => exclusive(() => write(user)),
    forget: () => {
      announce({ kind: 'cleared' })
      // Again once it ran: a write queued before the sign-out announces its user when it lands, and the
      // removal that follows it in the queue must have the last word.
      return exclusive(() => removeEverything().finally(() => announce({ kind: 'cleared' })))
    },
    onChange: (listener) => {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
  }
}
