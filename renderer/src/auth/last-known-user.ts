// Builds the cache record from live server data. Only what the offline shell shows is kept, and only in the
// shapes the main process accepts (it re-validates strictly): a field that would not pass is dropped here
// rather than making the whole write fail.
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

function httpsUrl(value: string | undefined): string | undefined {
  if (!value) return undefined
  try {
    return new URL(value).protocol === 'https:' ? value : undefined
  } catch {
    return undefined
  }
}

function nonEmpty(value: string | undefined, max: number): string | undefined {
  return value && value.trim() !== '' && value.length <= max ? value : undefined
}

export function buildLastKnownUser(profile: LiveProfile, devices: LiveDevice[], now: number): LastKnownUser {
  const cachedProfile: LastKnownUser['profile'] = {}
  const name = nonEmpty(profile.name, 200)
  const email = nonEmpty(profile.email, 254)
  const pictureUrl = httpsUrl(profile.pictureUrl)
  if (name !== undefined) cachedProfile.name = name
  if (email !== undefined) cachedProfile.email = email
  if (pictureUrl !== undefined) cachedProfile.pictureUrl = pictureUrl
  return {
    version: 1,
    clerkUserId: profile.clerkUserId,
    profile: cachedProfile,
    devices: devices
      .slice(0, 100)
      .map(({ deviceId, name: deviceName, platform, appVersion, lastSeenAt }) => ({
        deviceId,
        name: deviceName,
        platform,
        appVersion,
        lastSeenAt,
      })),
    confirmedOnlineAt: now,
  }
}
