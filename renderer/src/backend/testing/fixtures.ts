// Shared test data for the page tests.
import type { DeviceInfo, LastKnownUser } from '../../../../electron/shared/contract'
import type { SessionView } from '../../features/page-props'

export const NOW = Date.UTC(2026, 10, 26, 12, 0, 0)

export const thisDevice: DeviceInfo = {
  deviceId: 'dev_this_000001',
  name: 'ada-laptop',
  platform: 'linux',
  appVersion: '0.1.0',
}

export const userDoc = {
  _id: 'users_1',
  _creationTime: NOW - 86_400_000,
  clerkUserId: 'user_2abc',
  tokenIdentifier: 'https://clerk.example.com|user_2abc',
  email: 'ada@example.com',
  emailVerified: true,
  name: 'Ada Lovelace',
  givenName: 'Ada',
  familyName: 'Lovelace',
  nickname: undefined as string | undefined,
  pictureUrl: 'https://img.clerk.com/ada.png',
  clerkUpdatedAt: NOW - 3_600_000,
  lastSyncedAt: NOW - 120_000,
  lastSyncSource: 'jwt' as 'jwt' | 'webhook',
}

export const lastKnownUser: LastKnownUser = {
  version: 1,
  clerkUserId: 'user_2abc',
  profile: { name: 'Ada Lovelace', email: 'ada@example.com' },
  devices: [
    {
      deviceId: 'dev_this_000001',
      name: 'ada-laptop',
      platform: 'linux',
      appVersion: '0.1.0',
      lastSeenAt: NOW - 60_000,
    },
    {
      deviceId: 'dev_other_00002',
      name: 'Ada’s Mac',
      platform: 'macos',
      appVersion: '0.0.9',
      lastSeenAt: NOW - 7_200_000,
    },
  ],
  confirmedOnlineAt: NOW - 3 * 3_600_000,
}

export function liveSession(overrides: Partial<SessionView> = {}): SessionView {
  return {
    mode: 'live',
    canUseServer: true,
    offlineReason: null,
    lastKnownUser,
    device: thisDevice,
    status: {
      phase: 'live',
      offlineReason: null,
      convexVerdict: 'accepted',
      clerkApiReached: true,
      cacheConfirmedAt: lastKnownUser.confirmedOnlineAt,
    },
    ...overrides,
  }
}

export function offlineSession(overrides: Partial<SessionView> = {}): SessionView {
  return {
    mode: 'offline',
    canUseServer: false,
    offlineReason: 'You are offline. Showing what was last synced.',
    lastKnownUser,
    device: thisDevice,
    status: {
      phase: 'offline',
      offlineReason: 'browser-offline',
      convexVerdict: null,
      clerkApiReached: false,
      cacheConfirmedAt: lastKnownUser.confirmedOnlineAt,
    },
    ...overrides,
  }
}
