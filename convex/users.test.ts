import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest'
import { api } from './_generated/api'
import {
  ALICE,
  clerkEvent,
  clerkUser,
  dumpTables,
  expectAppError,
  newBackend,
  newWebhookSecret,
  signedDelivery,
  type Backend,
} from './test.setup'

let t: Backend
beforeEach(() => {
  t = newBackend()
})
afterEach(() => {
  vi.unstubAllEnvs()
  vi.useRealTimers()
})

/** Claims as Convex exposes them from Clerk's "convex" JWT template. */
const aliceClaims = {
  ...ALICE,
  email: 'ada@example.com',
  emailVerified: true,
  name: 'Ada Lovelace',
  givenName: 'Ada',
  familyName: 'Lovelace',
  nickname: 'ada',
  pictureUrl: 'https://img.clerk.com/ada.png',
  updatedAt: '1700000100', // Clerk's {{user.updated_at}}, in seconds
}

async function deliverWebhook(type: string, data: unknown) {
  const secret = newWebhookSecret()
  vi.stubEnv('CLERK_WEBHOOK_SECRET', secret)
  const response = await t.fetch('/clerk-webhook', signedDelivery(secret, clerkEvent(type, data)))
  expect(response.status).toBe(200)
}

describe('without identity', () => {
  test('store -> UNAUTHENTICATED, nothing written', async () => {
    await expectAppError(t.mutation(api.users.store, {}), 'UNAUTHENTICATED')
    expect((await dumpTables(t)).users).toEqual([])
  })

  test('me -> UNAUTHENTICATED', async () => {
    await expectAppError(t.query(api.users.me, {}), 'UNAUTHENTICATED')
  })
})

describe('users.me', () => {
  test('is null while the user is not synced yet (first-login race), then the document', async () => {
    const asAlice = t.withIdentity(aliceClaims)
    expect(await asAlice.query(api.users.me, {})).toBeNull()
    const { userId } = await asAlice.mutation(api.users.store, {})
    expect(await asAlice.query(api.users.me, {})).toMatchObject({ _id: userId, clerkUserId: 'user_alice' })
  })

  test('a tombstoned user -> USER_DELETED', async () => {
    await t.withIdentity(aliceClaims).mutation(api.users.store, {})
    await deliverWebhook('user.deleted', { id: 'user_alice', deleted: true })
    await expectAppError(t.withIdentity(aliceClaims).query(api.users.me, {}), 'USER_DELETED')
  })
})

describe('users.store', () => {
  test('maps every JWT claim onto the user document', async () => {
    const result = await t.withIdentity(aliceClaims).mutation(api.users.store, {})
    expect(result).toEqual({ userId: expect.any(String), created: true, changed: true })
    const me = await t.withIdentity(aliceClaims).query(api.users.me, {})
    expect(me).toEqual({
      _id: result.userId,
      _creationTime: expect.any(Number),
      clerkUserId: 'user_alice',
      tokenIdentifier: 'https://clerk.harbor.test|user_alice',
      email: 'ada@example.com',
      emailVerified: true,
      name: 'Ada Lovelace',
      givenName: 'Ada',
      familyName: 'Lovelace',
      nickname: 'ada',
      pictureUrl: 'https://img.clerk.com/ada.png',
      clerkUpdatedAt: 1_700_000_100_000,
      lastSyncedAt: expect.any(Number),
      lastSyncSource: 'jwt',
    })
  })

  test('missing and blank claims are stored as absent fields', async () => {
    await t.withIdentity({ ...ALICE, name: '   ', email: 'ada@example.com' }).mutation(api.users.store, {})
    const me = await t.withIdentity(ALICE).query(api.users.me, {})
    expect(me).not.toHaveProperty('name')
    expect(me).not.toHaveProperty('nickname')
    expect(me).toMatchObject({ email: 'ada@example.com', clerkUpdatedAt: 0 })
  })

  test('is idempotent: unchanged claims write nothing', async () => {
    const asAlice = t.withIdentity(aliceClaims)
    const first = await asAlice.mutation(api.users.store, {})
    const before = await dumpTables(t)
    // A later clock, so any write (even of lastSyncedAt alone) would show in the dump.
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(Date.now() + 60_000)
    const second = await asAlice.mutation(api.users.store, {})
    expect(second).toEqual({ userId: first.userId, created: false, changed: false })
    // lastSyncedAt included: not even the bookkeeping fields move.
    expect(await dumpTables(t)).toEqual(before)
  })

  test('newer claims update changed fields and clear claims that disappeared', async () => {
    await t.withIdentity(aliceClaims).mutation(api.users.store, {})
    const { nickname: _dropped, ...withoutNickname } = aliceClaims
    const renamed = { ...withoutNickname, givenName: 'Augusta', updatedAt: '1700000200' }
    const result = await t.withIdentity(renamed).mutation(api.users.store, {})
    expect(result).toMatchObject({ created: false, changed: true })
    const me = await t.withIdentity(renamed).query(api.users.me, {})
    expect(me).toMatchObject({
      givenName: 'Augusta',
      clerkUpdatedAt: 1_700_000_200_000,
      lastSyncSource: 'jwt',
    })
    expect(me).not.toHaveProperty('nickname')
  })

  test('claims older than the webhook data do not overwrite it', async () => {
    await deliverWebhook('user.updated', clerkUser({ first_name: 'Newer', updated_at: 1_700_000_500_000 }))
    const result = await t
      .withIdentity({ ...aliceClaims, updatedAt: '1700000100' })
      .mutation(api.users.store, {})
    // The only change is linking the token identifier, which the webhook cannot know.
    expect(result).toMatchObject({ created: false, changed: true })
    const me = await t.withIdentity(aliceClaims).query(api.users.me, {})
    expect(me).toMatchObject({
      givenName: 'Newer',
      lastSyncSource: 'webhook',
      tokenIdentifier: 'https://clerk.harbor.test|user_alice',
    })
    const again = await t.withIdentity(aliceClaims).mutation(api.users.store, {})
    expect(again).toMatchObject({ changed: false })
  })

  test('after the webhook created the row, the same Clerk version through the JWT changes only the link', async () => {
    await deliverWebhook('user.created', clerkUser())
    const before = (await dumpTables(t)).users[0]
    const result = await t.withIdentity(aliceClaims).mutation(api.users.store, {})
    expect(result).toMatchObject({ userId: before?._id, created: false, changed: true })
    const after = (await dumpTables(t)).users[0]
    expect(after).toEqual({ ...before, tokenIdentifier: ALICE.tokenIdentifier })
  })

  test('a JWT without updated_at can create the row but never overwrites versioned data', async () => {
    const { updatedAt: _none, ...unversioned } = aliceClaims
    await t.withIdentity(unversioned).mutation(api.users.store, {})
    await deliverWebhook('user.updated', clerkUser({ first_name: 'Webhook', updated_at: 1_700_000_100_000 }))
    const result = await t.withIdentity({ ...unversioned, givenName: 'Jwt' }).mutation(api.users.store, {})
    expect(result.changed).toBe(false)
    expect(await t.withIdentity(ALICE).query(api.users.me, {})).toMatchObject({ givenName: 'Webhook' })
  })

  test('never resurrects a tombstoned user and writes nothing', async () => {
    await t.withIdentity(aliceClaims).mutation(api.users.store, {})
    await deliverWebhook('user.deleted', { id: 'user_alice', deleted: true })
    const before = await dumpTables(t)
    await expectAppError(
      t.withIdentity({ ...aliceClaims, updatedAt: '1900000000' }).mutation(api.users.store, {}),
      'USER_DELETED',
    )
    expect(await dumpTables(t)).toEqual(before)
  })

  test('two users get two rows, each keyed by their own subject', async () => {
    const a = await t.withIdentity(aliceClaims).mutation(api.users.store, {})
    const b = await t
      .withIdentity({ subject: 'user_bob', issuer: ALICE.issuer, name: 'Bob' })
      .mutation(api.users.store, {})
    expect(a.userId).not.toBe(b.userId)
    expect(
      await t.withIdentity({ subject: 'user_bob', issuer: ALICE.issuer }).query(api.users.me, {}),
    ).toMatchObject({ name: 'Bob', clerkUserId: 'user_bob' })
  })
})
