// The renderer builds the cache record (buildLastKnownUser) and the main process re-validates it
// (parseLastKnownUser). Whatever odd data the servers send, the record built must pass the strict parser: one
// bad field must never make the whole write fail.
import { describe, expect, it } from 'vitest'
import { buildLastKnownUser, parseLastKnownUser, type LiveDevice, type LiveProfile } from './cache-record'

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
