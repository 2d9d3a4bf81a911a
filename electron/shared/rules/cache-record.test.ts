// The renderer builds the cache record (buildLastKnownUser) and the main process re-validates it
// (parseLastKnownUser). Whatever odd data the servers send, the record built must pass the strict parser: one
// bad field must never make the whole write fail.
import { describe, expect, it } from 'vitest'
import {
  buildLastKnownUser,
  parseLastKnownUser,
  UNNAMED_DEVICE,
  type LiveDevice,
  type LiveProfile,
} from './cache-record'

const NOW = Date.UTC(2026, 5, 1, 12)
const device = (overrides: Partial<LiveDevice> = {}): LiveDevice => ({
  deviceId: 'dev_00000001',
  name: 'laptop',
  platform: 'linux',
  appVersion: '1.0.0',
  lastSeenAt: NOW - 60_000,
  ...overrides,
})

const HOSTILE_TEXT = [
  'Ada\u202eecalevoL', // right-to-left override
  'Ada\u2066Lovelace\u2069', // isolates
  'Ada\u0000\u0007\u001b[31mred', // C0 controls, an ANSI escape
  'Ada\u0085\u009bKing', // C1 controls
  'line\u2028break\u2029para',
  '\n\t\r',
  '   ',
  'x'.repeat(5000),
  `${'y'.repeat(99)}😀`,
  `${'z'.repeat(199)}😀`,
  '\ud800 lone surrogate',
  '',
]

function written(profile: LiveProfile, devices: LiveDevice[]) {
  const user = buildLastKnownUser(profile, devices, NOW)
  if (!user) throw new Error('expected a record')
  return { user, parsed: parseLastKnownUser(structuredClone(user), NOW) }
}

describe('buildLastKnownUser against the main-process parser', () => {
  it('an ordinary record passes unchanged', () => {
    const { user, parsed } = written(
      {
        clerkUserId: 'user_2abc',
        name: 'Ada Lovelace',
        email: 'ada@example.com',
        pictureUrl: 'https://img.clerk.com/a.png',
      },
      [device(), device({ deviceId: 'dev_00000002', platform: 'macos', name: 'Ada’s Mac' })],
    )
    expect(parsed).toEqual({ ok: true, user })
  })

  for (const text of HOSTILE_TEXT) {
    it(`hostile text ${JSON.stringify(text.slice(0, 24))} in every text field still gives an accepted record`, () => {
      const { user, parsed } = written(
        {
          clerkUserId: 'user_2abc',
          name: text,
          email: `${text}@example.com`,
          pictureUrl: `https://img.clerk.com/${text}`,
        },
        [device({ name: text, appVersion: text })],
      )
      expect(parsed).toEqual({ ok: true, user })
      // The device itself is kept: only its display fields were repaired.
      expect(user.devices).toHaveLength(1)
    })
  }

  it('pictures the parser refuses are dropped, the rest of the profile is kept', () => {
    for (const pictureUrl of [
      `https://img.clerk.com/${'p'.repeat(2100)}`,
      'http://img.clerk.com/a.png',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'https://user:secret@img.clerk.com/a.png',
      'not a url',
    ]) {
      const { user, parsed } = written({ clerkUserId: 'user_2abc', name: 'Ada', pictureUrl }, [])
      expect(parsed).toEqual({ ok: true, user })
      expect(user.profile).toEqual({ name: 'Ada' })
    }
  })

  it('devices the parser would refuse are left out, the others kept', () => {
    const { user, parsed } = written({ clerkUserId: 'user_2abc' }, [
      device({ deviceId: 'bad id!' }),
      device({ deviceId: 'dev_00000001' }),
      device({ deviceId: 'dev_00000001', name: 'again' }),
      device({ deviceId: 'dev_00000002', platform: 'android' as never }),
      device({ deviceId: 'dev_00000003', lastSeenAt: 1_700_000 }),
      device({ deviceId: 'dev_00000004', lastSeenAt: NOW + 10 * 86_400_000 }),
      device({ deviceId: 'dev_00000005', lastSeenAt: NOW - 1.5 }),
      device({ deviceId: 'dev_00000006', lastSeenAt: Number.NaN }),
      ...Array.from({ length: 150 }, (_, i) =>
        device({ deviceId: `dev_more_${String(i).padStart(4, '0')}` }),
      ),
    ])
    expect(parsed).toEqual({ ok: true, user })
    expect(user.devices.slice(0, 3).map((d) => d.deviceId)).toEqual([
      'dev_00000001',
      'dev_00000004',
      'dev_00000005',
    ])
    expect(user.devices).toHaveLength(100)
  })

  it('without the repairs the parser refuses the same input (the test data is really hostile)', () => {
    const raw = {
      version: 1,
      clerkUserId: 'user_2abc',
      profile: { name: 'Ada\u202eecalevoL' },
      devices: [{ ...device(), name: 'n'.repeat(150) }],
      confirmedOnlineAt: NOW,
    }
    expect(parseLastKnownUser(raw, NOW)).toMatchObject({ ok: false })
  })
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
