// Builds the cache record from live server data. Only what the offline shell shows is kept, and only in the
// shapes the main process accepts (`parseLastKnownUser` in electron/main/last-known-user.ts re-validates
// strictly and refuses the whole record for one bad field). So every field is repaired or dropped here: one
// odd name from Clerk or one odd device must never stop the account from starting offline.
// The rules mirror that parser; tests/node/last-known-user-record.test.ts checks them against the real one.
import type { DevicePlatform, LastKnownUser } from '../../../electron/shared/contract'

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

// The main process's limits (electron/main/last-known-user.ts).
const MAX_DEVICES = 100
const MAX_NAME_LENGTH = 200
const MAX_DEVICE_NAME_LENGTH = 100
const MAX_APP_VERSION_LENGTH = 32
const MAX_EMAIL_LENGTH = 254
const MAX_URL_LENGTH = 2048
const EARLIEST_TIMESTAMP_MS = Date.UTC(2020, 0, 1)
const PLATFORMS: readonly string[] = ['macos', 'windows', 'linux'] satisfies DevicePlatform[]
const CLERK_USER_ID = /^user_[A-Za-z0-9]{1,64}$/
const DEVICE_ID = /^[A-Za-z0-9_-]{8,64}$/
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/
// eslint-disable-next-line no-control-regex -- removing control characters is the point
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g

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
  const cleaned = clamp(value.replace(CONTROL_CHARACTERS, ' ').replace(/\s+/g, ' ').trim(), max)
  return cleaned === '' ? undefined : cleaned
}

/** An email is not display text: a changed address is a wrong address, so it is kept exactly or dropped. */
function email(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length > MAX_EMAIL_LENGTH || !EMAIL.test(value)) return undefined
  CONTROL_CHARACTERS.lastIndex = 0
  return CONTROL_CHARACTERS.test(value) ? undefined : value
}

/** The shell loads this picture: https only, no credentials, within the length limit; otherwise dropped. */
function pictureUrl(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length > MAX_URL_LENGTH || value.trim() === '') return undefined
  CONTROL_CHARACTERS.lastIndex = 0
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
    if (!PLATFORMS.includes(device.platform)) continue
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
  const address = email(profile.email)
  const picture = pictureUrl(profile.pictureUrl)
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
