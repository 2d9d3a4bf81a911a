import { describe, expect, it } from 'vitest'
import { buildLastKnownUser, UNNAMED_DEVICE, type LiveDevice } from './cache-record'

const NOW = Date.UTC(2026, 5, 1, 12)
const device = (overrides: Partial<LiveDevice> = {}): LiveDevice => ({
  deviceId: 'dev_00000001',
  name: 'laptop',
  platform: 'linux',
  appVersion: '1.0.0',
  lastSeenAt: NOW - 60_000,
  ...overrides,
})

describe('buildLastKnownUser', () => {
  it('keeps what the offline shell shows, stamped with the confirmation time', () => {
    const user = buildLastKnownUser(
      {
        clerkUserId: 'user_1',
        name: 'Ada',
        email: 'ada@example.com',
        pictureUrl: 'https://img.clerk.com/a.png',
      },
      [{ ...device(), _id: 'x' } as never],
      NOW,
    )
    expect(user).toEqual({
      version: 1,
      clerkUserId: 'user_1',
      profile: { name: 'Ada', email: 'ada@example.com', pictureUrl: 'https://img.clerk.com/a.png' },
      devices: [
        {
          deviceId: 'dev_00000001',
          name: 'laptop',
          platform: 'linux',
          appVersion: '1.0.0',
          lastSeenAt: NOW - 60_000,
        },
      ],
      confirmedOnlineAt: NOW,
    })
  })

  it('drops fields the main process would refuse instead of failing the whole write', () => {
    const user = buildLastKnownUser(
      { clerkUserId: 'user_1', name: '  ', email: undefined, pictureUrl: 'http://insecure.example/a.png' },
      [],
      NOW,
    )
    expect(user?.profile).toEqual({})
  })

  it('removes control characters and bidirectional overrides from names, keeping the readable rest', () => {
    const user = buildLastKnownUser(
      { clerkUserId: 'user_1', name: 'Ada\u202e ecalevoL\u0007\nKing' },
      [device({ name: 'work\u2066 pc\u0000' })],
      NOW,
    )
    expect(user?.profile.name).toBe('Ada ecalevoL King')
    expect(user?.devices[0]?.name).toBe('work pc')
  })

  it('clamps over-long names without cutting a character in half', () => {
    const user = buildLastKnownUser(
      { clerkUserId: 'user_1', name: `${'a'.repeat(199)}😀tail` },
      [device({ name: 'n'.repeat(150), appVersion: `1.0.0-${'x'.repeat(40)}` })],
      NOW,
    )
    expect(user?.profile.name).toBe('a'.repeat(199))
    expect(user?.devices[0]?.name).toBe('n'.repeat(100))
    expect(user?.devices[0]?.appVersion).toHaveLength(32)
  })

  it('drops an email or picture that is not exactly valid (an address is never rewritten)', () => {
    const user = buildLastKnownUser(
      {
        clerkUserId: 'user_1',
        email: 'ada@example.com\u202e',
        pictureUrl: `https://img.clerk.com/${'p'.repeat(2048)}`,
      },
      [],
      NOW,
    )
    expect(user?.profile).toEqual({})
    const withCredentials = buildLastKnownUser(
      { clerkUserId: 'user_1', pictureUrl: 'https://u:p@img.clerk.com/a.png' },
      [],
      NOW,
    )
    expect(withCredentials?.profile).toEqual({})
  })

  it('names a device with nothing displayable left, and leaves out devices whose identity is unusable', () => {
    const user = buildLastKnownUser(
      { clerkUserId: 'user_1' },
      [
        device({ deviceId: 'dev_00000001', name: '\u0000\u202e' }),
        device({ deviceId: 'short' }),
        device({ deviceId: 'dev_00000001', name: 'duplicate' }),
        device({ deviceId: 'dev_00000002', platform: 'beos' as never }),
        device({ deviceId: 'dev_00000003', lastSeenAt: 1_600_000 }),
        device({ deviceId: 'dev_00000004', lastSeenAt: NOW + 3 * 86_400_000 }),
      ],
      NOW,
    )
    expect(user?.devices).toEqual([
      {
        deviceId: 'dev_00000001',
        name: UNNAMED_DEVICE,
        platform: 'linux',
        appVersion: '1.0.0',
        lastSeenAt: NOW - 60_000,
      },
      // A server clock ahead of ours: seen "now", not in the future.
      { deviceId: 'dev_00000004', name: 'laptop', platform: 'linux', appVersion: '1.0.0', lastSeenAt: NOW },
    ])
  })

  it('keeps at most 100 devices', () => {
    const many = Array.from({ length: 120 }, (_, i) =>
      device({ deviceId: `dev_${String(i).padStart(8, '0')}` }),
    )
    expect(buildLastKnownUser({ clerkUserId: 'user_1' }, many, NOW)?.devices).toHaveLength(100)
  })

  it('writes nothing for a Clerk user id the cache cannot hold', () => {
    expect(buildLastKnownUser({ clerkUserId: 'not-a-clerk-id' }, [device()], NOW)).toBeNull()
  })
})
