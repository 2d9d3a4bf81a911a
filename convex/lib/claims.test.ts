import type { UserIdentity } from 'convex/server'
import { describe, expect, test } from 'vitest'
import { parseUpdatedAt, profileFromIdentity, snapshotFromIdentity } from './claims'

describe('parseUpdatedAt', () => {
  test.each([
    ['seconds as a string (Convex types the claim as a string)', '1700000100', 1_700_000_100_000],
    ['seconds as a number (Clerk renders {{user.updated_at}} as a number)', 1_700_000_100, 1_700_000_100_000],
    ['milliseconds as a number', 1_700_000_100_123, 1_700_000_100_123],
    ['milliseconds as a string', '1700000100123', 1_700_000_100_123],
    ['an ISO date', '2023-11-14T22:15:00.000Z', Date.parse('2023-11-14T22:15:00.000Z')],
    ['fractional seconds', '1700000100.5', 1_700_000_100_500],
  ])('%s', (_label, value, expected) => {
    expect(parseUpdatedAt(value)).toBe(expected)
  })

  test.each([undefined, null, '', 'yesterday', -5, 0, Number.NaN, Number.POSITIVE_INFINITY, {}, true])(
    '%s -> 0 (unknown: never newer than a real version)',
    (value) => {
      expect(parseUpdatedAt(value)).toBe(0)
    },
  )
})

describe('profileFromIdentity', () => {
  const identity = (extra: Record<string, unknown>) =>
    ({
      subject: 'user_1',
      issuer: 'https://i',
      tokenIdentifier: 'https://i|user_1',
      ...extra,
    }) as UserIdentity

  test('trims text claims and drops blank ones', () => {
    expect(profileFromIdentity(identity({ name: '  Ada  ', nickname: ' ', email: '' }))).toEqual({
      name: 'Ada',
      nickname: undefined,
      email: undefined,
      emailVerified: undefined,
      givenName: undefined,
      familyName: undefined,
      pictureUrl: undefined,
    })
  })

  test.each([
    [true, true],
    [false, false],
    ['true', true],
    ['false', false],
    ['yes', undefined],
    [1, undefined],
  ])('email_verified %j -> %j', (value, expected) => {
    expect(profileFromIdentity(identity({ emailVerified: value })).emailVerified).toBe(expected)
  })

  test('non-string claims are ignored rather than stored', () => {
    expect(profileFromIdentity(identity({ name: 42, pictureUrl: ['x'] }))).toMatchObject({
      name: undefined,
      pictureUrl: undefined,
    })
  })

  test('the snapshot is keyed by the subject', () => {
    expect(snapshotFromIdentity(identity({ updatedAt: '1700000100' }))).toMatchObject({
      clerkUserId: 'user_1',
      clerkUpdatedAt: 1_700_000_100_000,
    })
  })
})
