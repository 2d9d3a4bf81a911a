import { describe, expect, it } from 'vitest'
import { buildLastKnownUser } from './last-known-user'

describe('buildLastKnownUser', () => {
  it('keeps what the offline shell shows, stamped with the confirmation time', () => {
    const user = buildLastKnownUser(
      {
        clerkUserId: 'user_1',
        name: 'Ada',
        email: 'ada@example.com',
        pictureUrl: 'https://img.clerk.com/a.png',
      },
      [
        {
          deviceId: 'd1',
          name: 'laptop',
          platform: 'linux',
          appVersion: '1.0.0',
          lastSeenAt: 5,
          _id: 'x',
        } as never,
      ],
      1_000,
    )
    expect(user).toEqual({
      version: 1,
      clerkUserId: 'user_1',
      profile: { name: 'Ada', email: 'ada@example.com', pictureUrl: 'https://img.clerk.com/a.png' },
      devices: [{ deviceId: 'd1', name: 'laptop', platform: 'linux', appVersion: '1.0.0', lastSeenAt: 5 }],
      confirmedOnlineAt: 1_000,
    })
  })

  it('drops fields the main process would refuse instead of failing the whole write', () => {
    const user = buildLastKnownUser(
      { clerkUserId: 'user_1', name: '  ', email: undefined, pictureUrl: 'http://insecure.example/a.png' },
      [],
      1,
    )
    expect(user.profile).toEqual({})
  })
})
