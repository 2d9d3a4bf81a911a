// The cache record (`LastKnownUser`): what the offline shell shows, kept encrypted by the main process. One set
// of limits, one strict parser and one lenient repair, so the two can never drift apart:
// - `parseLastKnownUser` (main process, on every write from the renderer and every read from disk) checks every
//   field and refuses the whole record for one bad field: what is on disk is exactly what was validated.
// - `buildLastKnownUser` (renderer, from live server data) repairs or drops each odd field so that the record
//   it builds always passes the parser: one odd name from Clerk or one odd device must never stop the account
//   from starting offline.
// Pure: no Node, no DOM; both processes compile it.
import type { DevicePlatform, LastKnownUser } from '../contract'
import { APP_VERSION_MAX, CLERK_USER_ID_PATTERN, DEVICE_ID_PATTERN, DEVICE_NAME_MAX } from './limits'

/**
 * A record whose content did not change is rewritten at most this often, only to move `confirmedOnlineAt`
 * (each write costs a keychain read, an encryption, an fsync and a rename; on macOS a keychain read can
 * prompt). The renderer's session machine asks at the same pace; an hour is nothing against the 30-day
 * offline limit.
 */
export const CACHE_REFRESH_MS = 60 * 60 * 1000

/** `confirmedOnlineAt` comes from this machine's clock: only NTP-sized corrections are tolerated. */
export const CLOCK_SKEW_MS = 5 * 60 * 1000
// A device's `lastSeenAt` comes from the server's clock, and a local clock can be hours off (dual boot, wrong
// time zone): refusing the whole cache for that would break offline start, and the value is only displayed.
const SERVER_CLOCK_SKEW_MS = 24 * 60 * 60 * 1000

// Bounds at least as wide as the server's (convex/lib/deviceInput.ts takes the same constants): the cache must
// never refuse what the server accepted.
export const MAX_CACHED_DEVICES = 100
const MAX_DEVICES = MAX_CACHED_DEVICES
const MAX_NAME_LENGTH = 200
const MAX_DEVICE_NAME_LENGTH = DEVICE_NAME_MAX
const MAX_APP_VERSION_LENGTH = APP_VERSION_MAX
const MAX_EMAIL_LENGTH = 254
const MAX_URL_LENGTH = 2048
// Anything earlier is not a real confirmation time; it catches seconds passed where milliseconds are expected.
const EARLIEST_TIMESTAMP_MS = Date.UTC(2020, 0, 1)
const PLATFORMS: readonly DevicePlatform[] = ['macos', 'windows', 'linux']
const CLERK_USER_ID = CLERK_USER_ID_PATTERN
const DEVICE_ID = DEVICE_ID_PATTERN
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/
// Control characters render as garbage; bidirectional overrides can make one name read as another.
// eslint-disable-next-line no-control-regex -- rejecting control characters is the point
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/
const ALL_CONTROL_CHARACTERS = new RegExp(CONTROL_CHARACTERS.source, 'g')

// --- Strict parse (main process) ----------------------------------------------------------------------------

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

// --- Lenient repair (renderer) ------------------------------------------------------------------------------

export interface LiveProfile {
  clerkUserId: string
  name?: string | undefined
  email?: string | undefined
  pictureUrl?: string | undefined
}

export interface LiveDevice {
  deviceId: string
  name: string
  platform: DevicePlatform
  appVersion: string
  lastSeenAt: number
}

/** Shown offline for a device whose name has nothing displayable left. */
export const UNNAMED_DEVICE = 'Unnamed device'
const UNKNOWN_VERSION = 'unknown'

/** At most `max` UTF-16 units, never cutting a character (surrogate pair) in half. */
function clamp(value: string, max: number): string {
  if (value.length <= max) return value
  let end = max
  const last = value.charCodeAt(end - 1)
  if (last >= 0xd800 && last <= 0xdbff) end -= 1
  return value.slice(0, end).trimEnd()
}

/**
 * Display text the parser accepts: control characters and bidirectional overrides removed (they render as
 * garbage or make one name read as another), runs of whitespace left by them collapsed, then clamped.
 * `undefined` when nothing is left.
 */
function displayText(value: unknown, max: number): string | undefined {
  if (typeof value !== 'string') return undefined
  const cleaned = clamp(value.replace(ALL_CONTROL_CHARACTERS, ' ').replace(/\s+/g, ' ').trim(), max)
  return cleaned === '' ? undefined : cleaned
}

/** An email is not display text: a changed address is a wrong address, so it is kept exactly or dropped. */
function repairedEmail(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length > MAX_EMAIL_LENGTH || !EMAIL.test(value)) return undefined
  return CONTROL_CHARACTERS.test(value) ? undefined : value
}

/** The shell loads this picture: https only, no credentials, within the length limit; otherwise dropped. */
function repairedPictureUrl(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length > MAX_URL_LENGTH || value.trim() === '') return undefined
  if (CONTROL_CHARACTERS.test(value)) return undefined
  try {
    const url = new URL(value)
    return url.protocol === 'https:' && !url.username && !url.password ? value : undefined
  } catch {
    return undefined
  }
}

/** A server time the parser accepts: whole ms, not before 2020 (else the device is left out), and not after
 * `now` (a server clock ahead of ours would otherwise make the record "from the future"). */
function lastSeen(value: unknown, now: number): number | undefined {
  if (typeof value !== 'number' || !Number.isFinite(value)) return undefined
  const ms = Math.min(Math.round(value), now)
  return ms >= EARLIEST_TIMESTAMP_MS ? ms : undefined
}

function cachedDevices(devices: LiveDevice[], now: number): LastKnownUser['devices'] {
  const seen = new Set<string>()
  const kept: LastKnownUser['devices'] = []
  for (const device of devices) {
    if (kept.length === MAX_DEVICES) break
    // Identity fields cannot be repaired: such a device is left out, the others are kept.
    if (typeof device.deviceId !== 'string' || !DEVICE_ID.test(device.deviceId) || seen.has(device.deviceId))
      continue
    if (!PLATFORMS.includes(device.platform as DevicePlatform)) continue
    const lastSeenAt = lastSeen(device.lastSeenAt, now)
    if (lastSeenAt === undefined) continue
    seen.add(device.deviceId)
    kept.push({
      deviceId: device.deviceId,
      name: displayText(device.name, MAX_DEVICE_NAME_LENGTH) ?? UNNAMED_DEVICE,
      platform: device.platform,
      appVersion: displayText(device.appVersion, MAX_APP_VERSION_LENGTH) ?? UNKNOWN_VERSION,
      lastSeenAt,
    })
  }
  return kept
}

/**
 * The record to cache, or null when there is none to write: the Clerk user id is the record's identity and
 * cannot be repaired (Clerk's ids always match; anything else is not a user we can cache).
 */
export function buildLastKnownUser(
  profile: LiveProfile,
  devices: LiveDevice[],
  now: number,
): LastKnownUser | null {
  if (!CLERK_USER_ID.test(profile.clerkUserId)) return null
  const confirmedOnlineAt = Math.floor(now)
  const cachedProfile: LastKnownUser['profile'] = {}
  const name = displayText(profile.name, MAX_NAME_LENGTH)
  const address = repairedEmail(profile.email)
  const picture = repairedPictureUrl(profile.pictureUrl)
  // Absent fields stay absent (not `undefined`), as the parser returns them.
  if (name !== undefined) cachedProfile.name = name
  if (address !== undefined) cachedProfile.email = address
  if (picture !== undefined) cachedProfile.pictureUrl = picture
  return {
    version: 1,
    clerkUserId: profile.clerkUserId,
    profile: cachedProfile,
    devices: cachedDevices(devices, confirmedOnlineAt),
    confirmedOnlineAt,
  }
}
