// The last known signed-in user, kept so the app can open signed in without a network. The record holds
// personal data (name, email, device names), so it is encrypted at rest. OS keychains limit item size (Windows
// Credential Manager about 2.5 KB), so the keychain holds only a random 256-bit key and the AES-256-GCM
// ciphertext lives in a file in userData.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'
import * as nodeFs from 'node:fs/promises'
import type { TokenStorage } from '@clerk/electron'
import type { DevicePlatform, LastKnownUser, LastKnownUserRead } from '../shared/contract'
import { removeLeftoverTempFiles, writeFileAtomic, type AtomicFileSystem } from './atomic-file'
import type { ItemLookup } from './keychain-storage'

/** How long a cached user is honoured without the servers confirming the session. The one place to change it. */
export const MAX_OFFLINE_AGE_MS = 30 * 24 * 60 * 60 * 1000

/** `confirmedOnlineAt` comes from this machine's clock: only NTP-sized corrections are tolerated. */
export const CLOCK_SKEW_MS = 5 * 60 * 1000
// A device's `lastSeenAt` comes from the server's clock, and a local clock can be hours off (dual boot, wrong
// time zone): refusing the whole cache for that would break offline start, and the value is only displayed.
const SERVER_CLOCK_SKEW_MS = 24 * 60 * 60 * 1000

/**
 * A record whose content did not change is rewritten at most this often, only to move `confirmedOnlineAt`
 * (each write costs a keychain read, an encryption, an fsync and a rename; on macOS a keychain read can
 * prompt). The renderer asks at the same pace (CACHE_REFRESH_MS in renderer/src/auth/session-machine.ts);
 * an hour is nothing against the 30-day offline limit.
 */
export const CACHE_REFRESH_MS = 60 * 60 * 1000

/** Name of the keychain item holding the encryption key; never shared with Clerk's own items. */
export const LAST_KNOWN_USER_KEY_NAME = 'harbor.last-known-user.key'

// Bounds at least as wide as the server's (convex/lib/deviceInput.ts): the cache must never refuse what the
// server accepted, or one odd device would stop the whole account from starting offline.
const MAX_DEVICES = 100
const MAX_NAME_LENGTH = 200
const MAX_DEVICE_NAME_LENGTH = 100
const MAX_APP_VERSION_LENGTH = 32
const MAX_EMAIL_LENGTH = 254
const MAX_URL_LENGTH = 2048
const MAX_FILE_BYTES = 256 * 1024
// Anything earlier is not a real confirmation time; it catches seconds passed where milliseconds are expected.
const EARLIEST_TIMESTAMP_MS = Date.UTC(2020, 0, 1)
const PLATFORMS: readonly DevicePlatform[] = ['macos', 'windows', 'linux']

const CLERK_USER_ID = /^user_[A-Za-z0-9]{1,64}$/
// The format device-identity generates and the server enforces.
const DEVICE_ID = /^[A-Za-z0-9_-]{8,64}$/
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/
// Control characters render as garbage; bidirectional overrides can make one name read as another.
// eslint-disable-next-line no-control-regex -- rejecting control characters is the point
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/

export type ParsedLastKnownUser = { ok: true; user: LastKnownUser } | { ok: false; reason: string }

class Invalid extends Error {}

function fail(reason: string): never {
  throw new Invalid(reason)
}

function asRecord(value: unknown, path: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(`${path} must be an object`)
  const prototype: unknown = Object.getPrototypeOf(value)
  if (prototype !== Object.prototype && prototype !== null) fail(`${path} must be a plain object`)
  return value as Record<string, unknown>
}

function text(value: unknown, path: string, maxLength: number): string {
  if (typeof value !== 'string') fail(`${path} must be a string`)
  if (value.trim() === '') fail(`${path} must not be empty`)
  if (value.length > maxLength) fail(`${path} must be at most ${maxLength} characters`)
  if (CONTROL_CHARACTERS.test(value)) fail(`${path} must not contain control characters`)
  return value
}

function matching(value: unknown, path: string, pattern: RegExp, description: string): string {
  if (typeof value !== 'string' || !pattern.test(value)) fail(`${path} must be ${description}`)
  return value
}

function timestamp(value: unknown, path: string, latest: number): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value))
    fail(`${path} must be an integer (ms since epoch)`)
  if (value < EARLIEST_TIMESTAMP_MS) fail(`${path} is before 2020 (seconds instead of milliseconds?)`)
  if (value > latest) fail(`${path} is in the future (has the clock changed?)`)
  return value
}

function optional<T>(value: unknown, parse: (value: unknown) => T): T | undefined {
  return value === undefined ? undefined : parse(value)
}

function pictureUrl(value: unknown, path: string): string {
  const raw = text(value, path, MAX_URL_LENGTH)
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    fail(`${path} must be a URL`)
  }
  // The shell loads this picture; anything but https could be a local file or a tracking downgrade.
  if (url.protocol !== 'https:') fail(`${path} must use https`)
  if (url.username || url.password) fail(`${path} must not contain credentials`)
  return raw
}

function profile(value: unknown, path: string): LastKnownUser['profile'] {
  const record = asRecord(value, path)
  const result: LastKnownUser['profile'] = {}
  const name = optional(record.name, (v) => text(v, `${path}.name`, MAX_NAME_LENGTH))
  const email = optional(record.email, (v) => {
    const address = text(v, `${path}.email`, MAX_EMAIL_LENGTH)
    return EMAIL.test(address) ? address : fail(`${path}.email must be an email address`)
  })
  const picture = optional(record.pictureUrl, (v) => pictureUrl(v, `${path}.pictureUrl`))
  // Absent fields stay absent (not `undefined`) so a stored record round-trips exactly.
  if (name !== undefined) result.name = name
  if (email !== undefined) result.email = email
  if (picture !== undefined) result.pictureUrl = picture
  return result
}

function devices(value: unknown, path: string, now: number): LastKnownUser['devices'] {
  if (!Array.isArray(value)) fail(`${path} must be an array`)
  if (value.length > MAX_DEVICES) fail(`${path} must hold at most ${MAX_DEVICES} devices`)
  const seen = new Set<string>()
  return value.map((item: unknown, index) => {
    const at = `${path}[${index}]`
    const record = asRecord(item, at)
    const deviceId = matching(
      record.deviceId,
      `${at}.deviceId`,
      DEVICE_ID,
      'a device id (8-64 letters, digits, - or _)',
    )
    if (seen.has(deviceId)) fail(`${at}.deviceId repeats an earlier device`)
    seen.add(deviceId)
    const platform = record.platform
    if (typeof platform !== 'string' || !PLATFORMS.includes(platform as DevicePlatform)) {
      fail(`${at}.platform must be one of ${PLATFORMS.join(', ')}`)
    }
    return {
      deviceId,
      name: text(record.name, `${at}.name`, MAX_DEVICE_NAME_LENGTH),
      platform: platform as DevicePlatform,
      appVersion: text(record.appVersion, `${at}.appVersion`, MAX_APP_VERSION_LENGTH),
      lastSeenAt: timestamp(record.lastSeenAt, `${at}.lastSeenAt`, now + SERVER_CLOCK_SKEW_MS),
    }
  })
}

/**
 * Parses an untrusted value (from the renderer or from disk) into a `LastKnownUser`. Every field is checked;
 * unknown fields are dropped. `now` only bounds timestamps from the future.
 */
export function parseLastKnownUser(value: unknown, now: number = Date.now()): ParsedLastKnownUser {
  try {
    const record = asRecord(value, 'last known user')
    if (record.version !== 1) fail('version must be 1')
    const user: LastKnownUser = {
      version: 1,
      clerkUserId: matching(record.clerkUserId, 'clerkUserId', CLERK_USER_ID, 'a Clerk user id (user_...)'),
      profile: profile(record.profile, 'profile'),
      devices: devices(record.devices, 'devices', now),
      confirmedOnlineAt: timestamp(record.confirmedOnlineAt, 'confirmedOnlineAt', now + CLOCK_SKEW_MS),
    }
    return { ok: true, user }
  } catch (error) {
    if (error instanceof Invalid) return { ok: false, reason: error.message }
    throw error
  }
}

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

export interface LastKnownUserStore {
  read(): Promise<LastKnownUserRead>
  /** Throws (and changes nothing) when `user` is not a valid `LastKnownUser`. */
  write(user: unknown): Promise<void>
  forget(): Promise<void>
}

function withTimeout<T>(work: T | Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`The keychain did not answer within ${ms} ms (${what})`)), ms)
  })
  return Promise.race([Promise.resolve(work), timeout]).finally(() => clearTimeout(timer))
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
  let queue: Promise<unknown> = Promise.resolve()
  function exclusive<T>(operation: () => Promise<T>): Promise<T> {
    const result = queue.then(operation, operation)
    queue = result.catch(() => undefined)
    return result
  }

  // What the file holds now, as far as this store knows: lets an unchanged record skip its write.
  let stored: { content: string; confirmedOnlineAt: number } | null = null
  const contentOf = (user: LastKnownUser): string => JSON.stringify({ ...user, confirmedOnlineAt: 0 })
  let leftoversRemoved = false
  async function removeLeftovers(): Promise<void> {
    leftoversRemoved = true
    await removeLeftoverTempFiles([filePath], fs)
  }

  const lookupStoredKey = (): Promise<ItemLookup> =>
    withTimeout(
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
    await withTimeout(storage.removeItem(LAST_KNOWN_USER_KEY_NAME), storageTimeoutMs, 'removing the key')
  }

  async function discard(reason: string): Promise<LastKnownUserRead> {
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
    await withTimeout(
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
    if (stored?.content === content && sinceStored >= 0 && sinceStored < CACHE_REFRESH_MS) return
    const key = await keyForWriting()
    // A crash mid-write leaves the old record or the new one, never half of each (see atomic-file.ts).
    await writeFileAtomic(filePath, encrypt(key, parsed.user), { mode: 0o600, fs })
    stored = { content, confirmedOnlineAt: parsed.user.confirmedOnlineAt }
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
    forget: () => exclusive(removeEverything),
  }
}
