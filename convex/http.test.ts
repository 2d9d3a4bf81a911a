import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest'
import { api } from './_generated/api'
import { MAX_WEBHOOK_BODY_BYTES } from './lib/clerkWebhookHandler'
import {
  ALICE,
  clerkEvent,
  clerkUser,
  dumpTables,
  newBackend,
  newWebhookSecret,
  signedDelivery,
  type Backend,
} from './test.setup'

let t: Backend
let secret: string

beforeEach(() => {
  t = newBackend()
  secret = newWebhookSecret()
  vi.stubEnv('CLERK_WEBHOOK_SECRET', secret)
})
afterEach(() => {
  vi.unstubAllEnvs()
})

const post = (init: RequestInit) => t.fetch('/clerk-webhook', init)

async function deliver(type: string, data: unknown, options: { id?: string; at?: Date } = {}) {
  const response = await post(signedDelivery(secret, clerkEvent(type, data), options))
  return { status: response.status, body: (await response.json()) as Record<string, unknown> }
}

const aliceRow = (t: Backend) =>
  t.run((ctx) =>
    ctx.db
      .query('users')
      .withIndex('by_clerk_id', (q) => q.eq('clerkUserId', 'user_alice'))
      .unique(),
  )

/** Asserts that a request was rejected with `status` and that no table changed. */
async function expectRejectedWithoutWrites(init: RequestInit, status: number, error: RegExp) {
  const before = await dumpTables(t)
  const response = await post(init)
  expect(response.status).toBe(status)
  const body = (await response.json()) as { error?: string }
  expect(body.error).toMatch(error)
  expect(await dumpTables(t)).toEqual(before)
}

describe('POST /clerk-webhook: accepted events', () => {
  test('user.created maps the Clerk user object (primary email by id, names, username, image)', async () => {
    const result = await deliver('user.created', clerkUser())
    expect(result).toEqual({ status: 200, body: { outcome: 'created' } })
    const row = await aliceRow(t)
    expect(row).toMatchObject({
      clerkUserId: 'user_alice',
      email: 'ada@example.com',
      emailVerified: true,
      name: 'Ada Lovelace',
      givenName: 'Ada',
      familyName: 'Lovelace',
      nickname: 'ada',
      pictureUrl: 'https://img.clerk.com/ada.png',
      clerkUpdatedAt: 1_700_000_100_000,
      lastSyncSource: 'webhook',
    })
    // The webhook cannot know the JWT issuer: users.store fills tokenIdentifier on sign-in.
    expect(row?.tokenIdentifier).toBeUndefined()
    expect(row?.deletedAt).toBeUndefined()
  })

  test('null and missing Clerk fields leave the profile fields unset', async () => {
    await deliver(
      'user.created',
      clerkUser({ first_name: null, last_name: 'Lovelace', username: null, primary_email_address_id: null }),
    )
    const row = await aliceRow(t)
    expect(row).toMatchObject({ name: 'Lovelace', familyName: 'Lovelace' })
    for (const key of ['email', 'emailVerified', 'givenName', 'nickname'] as const) {
      expect(row?.[key]).toBeUndefined()
    }
  })

  test('user.updated applies a newer version and clears fields removed in Clerk', async () => {
    await deliver('user.created', clerkUser())
    const result = await deliver(
      'user.updated',
      clerkUser({ username: null, first_name: 'Augusta', updated_at: 1_700_000_200_000 }),
    )
    expect(result.body).toEqual({ outcome: 'updated' })
    const row = await aliceRow(t)
    expect(row).toMatchObject({
      givenName: 'Augusta',
      name: 'Augusta Lovelace',
      clerkUpdatedAt: 1_700_000_200_000,
    })
    expect(row?.nickname).toBeUndefined()
  })

  test('a redelivered svix message id writes nothing, even when its content would', async () => {
    await deliver('user.created', clerkUser(), { id: 'msg_1' })
    const before = await dumpTables(t)
    // Same id, newer content: svix ids identify deliveries, so this is a replay and must be dropped.
    const replay = await deliver(
      'user.updated',
      clerkUser({ first_name: 'Eve', updated_at: 1_800_000_000_000 }),
      {
        id: 'msg_1',
      },
    )
    expect(replay).toEqual({ status: 200, body: { outcome: 'duplicate' } })
    expect(await dumpTables(t)).toEqual(before)
  })

  test('each processed message id is recorded once', async () => {
    await deliver('user.created', clerkUser(), { id: 'msg_a' })
    await deliver('user.updated', clerkUser({ updated_at: 1_700_000_300_000 }), { id: 'msg_b' })
    await deliver('user.updated', clerkUser({ updated_at: 1_700_000_300_000 }), { id: 'msg_b' })
    const { webhookDeliveries } = await dumpTables(t)
    expect(webhookDeliveries.map((d) => [d.svixId, d.eventType])).toEqual([
      ['msg_a', 'user.created'],
      ['msg_b', 'user.updated'],
    ])
  })

  test('an event older than the stored version does not overwrite newer data', async () => {
    await deliver('user.updated', clerkUser({ first_name: 'Newer', updated_at: 1_700_000_500_000 }))
    const stale = await deliver(
      'user.updated',
      clerkUser({ first_name: 'Older', updated_at: 1_700_000_400_000 }),
    )
    expect(stale.body).toEqual({ outcome: 'stale' })
    expect((await aliceRow(t))?.givenName).toBe('Newer')
    // user.created delivered after an update (svix does not guarantee order) is just an older version.
    const lateCreate = await deliver(
      'user.created',
      clerkUser({ first_name: 'First', updated_at: 1_700_000_000_000 }),
    )
    expect(lateCreate.body).toEqual({ outcome: 'stale' })
    expect((await aliceRow(t))?.givenName).toBe('Newer')
  })

  test('a newer version with identical fields still advances the stored version', async () => {
    await deliver('user.updated', clerkUser({ updated_at: 1_700_000_100_000 }))
    await deliver('user.updated', clerkUser({ updated_at: 1_700_000_900_000 }))
    expect((await aliceRow(t))?.clerkUpdatedAt).toBe(1_700_000_900_000)
    // A delayed event from in between is now recognised as stale.
    const between = await deliver(
      'user.updated',
      clerkUser({ first_name: 'Between', updated_at: 1_700_000_500_000 }),
    )
    expect(between.body).toEqual({ outcome: 'stale' })
    expect((await aliceRow(t))?.givenName).toBe('Ada')
  })

  test('user.deleted tombstones the user, removes the profile and deletes only their devices', async () => {
    await deliver('user.created', clerkUser())
    const asAlice = t.withIdentity(ALICE)
    const asBob = t.withIdentity({ subject: 'user_bob', issuer: ALICE.issuer })
    await asAlice.mutation(api.devices.register, device('laptop-0001'))
    await asAlice.mutation(api.devices.register, device('desktop-0002'))
    await asBob.mutation(api.devices.register, device('bob-laptop-1'))

    const result = await deliver('user.deleted', { id: 'user_alice', object: 'user', deleted: true })
    expect(result.body).toEqual({ outcome: 'deleted' })

    const row = await aliceRow(t)
    expect(row?.deletedAt).toEqual(expect.any(Number))
    for (const key of [
      'email',
      'emailVerified',
      'name',
      'givenName',
      'familyName',
      'nickname',
      'pictureUrl',
    ] as const) {
      expect(row?.[key]).toBeUndefined()
    }
    const { devices } = await dumpTables(t)
    expect(devices.map((d) => d.deviceId)).toEqual(['bob-laptop-1'])
    await expect(asAlice.query(api.users.me, {})).rejects.toThrow(/deleted/)
  })

  test('an update arriving after user.deleted does not resurrect the user', async () => {
    await deliver('user.created', clerkUser())
    await deliver('user.deleted', { id: 'user_alice', object: 'user', deleted: true })
    const before = await dumpTables(t)
    const late = await deliver(
      'user.updated',
      clerkUser({ first_name: 'Zombie', updated_at: 9_999_999_999_999 }),
    )
    expect(late.body).toEqual({ outcome: 'already-deleted' })
    const after = await dumpTables(t)
    expect(after.users).toEqual(before.users)
    expect((await aliceRow(t))?.givenName).toBeUndefined()
  })

  test('user.deleted before user.created (out of order) leaves a tombstone the create cannot undo', async () => {
    const deleted = await deliver('user.deleted', { id: 'user_alice', object: 'user', deleted: true })
    expect(deleted.body).toEqual({ outcome: 'deleted' })
    const created = await deliver('user.created', clerkUser())
    expect(created.body).toEqual({ outcome: 'already-deleted' })
    expect(await aliceRow(t)).toMatchObject({ deletedAt: expect.any(Number) })
    expect((await aliceRow(t))?.email).toBeUndefined()
    // Nor can the user's own sign-in with a still-valid token.
    await expect(t.withIdentity(ALICE).mutation(api.users.store, {})).rejects.toThrow(/deleted/)
  })

  test('a second user.deleted changes nothing', async () => {
    await deliver('user.deleted', { id: 'user_alice', object: 'user', deleted: true })
    const before = await dumpTables(t)
    const again = await deliver('user.deleted', { id: 'user_alice', object: 'user', deleted: true })
    expect(again.body).toEqual({ outcome: 'already-deleted' })
    expect((await dumpTables(t)).users).toEqual(before.users)
  })

  test('an unknown event type is acknowledged with 200 and ignored', async () => {
    const before = await dumpTables(t)
    const result = await deliver('session.created', { id: 'sess_1', user_id: 'user_alice' })
    expect(result).toEqual({ status: 200, body: { outcome: 'ignored', eventType: 'session.created' } })
    expect(await dumpTables(t)).toEqual(before)
  })
})

describe('POST /clerk-webhook: rejected requests write nothing', () => {
  beforeEach(async () => {
    // Existing state, so "nothing changed" is checked against real rows.
    await deliver('user.created', clerkUser())
  })

  test('missing CLERK_WEBHOOK_SECRET -> 500 with a clear message', async () => {
    const init = signedDelivery(
      secret,
      clerkEvent('user.updated', clerkUser({ updated_at: 1_800_000_000_000 })),
    )
    vi.stubEnv('CLERK_WEBHOOK_SECRET', '')
    await expectRejectedWithoutWrites(init, 500, /CLERK_WEBHOOK_SECRET is not set/)
  })

  test('a secret that is not a svix secret -> 500', async () => {
    const init = signedDelivery(
      secret,
      clerkEvent('user.updated', clerkUser({ updated_at: 1_800_000_000_000 })),
    )
    vi.stubEnv('CLERK_WEBHOOK_SECRET', 'whsec_***not base64***')
    await expectRejectedWithoutWrites(init, 500, /not a valid signing secret/)
  })

  test('missing svix headers -> 400', async () => {
    const body = clerkEvent('user.updated', clerkUser({ updated_at: 1_800_000_000_000 }))
    const signed = signedDelivery(secret, body)
    for (const header of ['svix-id', 'svix-timestamp', 'svix-signature']) {
      const headers = new Headers(signed.headers)
      headers.delete(header)
      await expectRejectedWithoutWrites({ ...signed, headers }, 400, /Missing svix-id/)
    }
  })

  test('signature made with another secret -> 401', async () => {
    const body = clerkEvent('user.updated', clerkUser({ updated_at: 1_800_000_000_000 }))
    await expectRejectedWithoutWrites(
      signedDelivery(newWebhookSecret(), body),
      401,
      /Signature verification failed/,
    )
  })

  test('body changed after signing -> 401', async () => {
    const signed = signedDelivery(
      secret,
      clerkEvent('user.updated', clerkUser({ updated_at: 1_800_000_000_000 })),
    )
    const tampered = clerkEvent(
      'user.updated',
      clerkUser({ first_name: 'Mallory', updated_at: 1_800_000_000_000 }),
    )
    await expectRejectedWithoutWrites({ ...signed, body: tampered }, 401, /Signature verification failed/)
  })

  test('svix-id swapped after signing -> 401 (the id is part of the signed content)', async () => {
    const signed = signedDelivery(
      secret,
      clerkEvent('user.updated', clerkUser({ updated_at: 1_800_000_000_000 })),
    )
    const headers = new Headers(signed.headers)
    headers.set('svix-id', 'msg_other')
    await expectRejectedWithoutWrites({ ...signed, headers }, 401, /Signature verification failed/)
  })

  test('a correctly signed but stale capture (timestamp 10 minutes old) -> 401', async () => {
    const body = clerkEvent('user.updated', clerkUser({ updated_at: 1_800_000_000_000 }))
    const tenMinutesAgo = new Date(Date.now() - 10 * 60 * 1000)
    await expectRejectedWithoutWrites(signedDelivery(secret, body, { at: tenMinutesAgo }), 401, /too old/i)
  })

  test('a timestamp from the future (beyond tolerance) -> 401', async () => {
    const body = clerkEvent('user.updated', clerkUser({ updated_at: 1_800_000_000_000 }))
    const inTenMinutes = new Date(Date.now() + 10 * 60 * 1000)
    await expectRejectedWithoutWrites(signedDelivery(secret, body, { at: inTenMinutes }), 401, /too new/i)
  })

  test('a validly signed body over 256 KB -> 413', async () => {
    const padding = 'x'.repeat(MAX_WEBHOOK_BODY_BYTES)
    const body = clerkEvent(
      'user.updated',
      clerkUser({ updated_at: 1_800_000_000_000, public_metadata: { padding } }),
    )
    await expectRejectedWithoutWrites(signedDelivery(secret, body), 413, /larger than 262144 bytes/)
  })

  test('a declared Content-Length over 256 KB -> 413 before the body is read', async () => {
    const signed = signedDelivery(
      secret,
      clerkEvent('user.updated', clerkUser({ updated_at: 1_800_000_000_000 })),
    )
    const headers = new Headers(signed.headers)
    headers.set('content-length', String(MAX_WEBHOOK_BODY_BYTES + 1))
    await expectRejectedWithoutWrites({ ...signed, headers }, 413, /larger than/)
  })

  test('a body of exactly 256 KB is accepted (the limit is inclusive)', async () => {
    const base = clerkEvent(
      'user.updated',
      clerkUser({ updated_at: 1_800_000_000_000, public_metadata: { p: '' } }),
    )
    const padding = 'x'.repeat(MAX_WEBHOOK_BODY_BYTES - new TextEncoder().encode(base).byteLength)
    const body = clerkEvent(
      'user.updated',
      clerkUser({ updated_at: 1_800_000_000_000, public_metadata: { p: padding } }),
    )
    expect(new TextEncoder().encode(body).byteLength).toBe(MAX_WEBHOOK_BODY_BYTES)
    const response = await post(signedDelivery(secret, body))
    expect(response.status).toBe(200)
  })

  test('the size is measured in bytes of the raw body, not characters', async () => {
    // 100k three-byte characters: 300 KB on the wire but only 100k characters long.
    const body = clerkEvent(
      'user.updated',
      clerkUser({ updated_at: 1_800_000_000_000, public_metadata: { p: '€'.repeat(100_000) } }),
    )
    expect(body.length).toBeLessThan(MAX_WEBHOOK_BODY_BYTES)
    await expectRejectedWithoutWrites(signedDelivery(secret, body), 413, /larger than/)
  })

  test('a signed body that is not JSON -> 400', async () => {
    await expectRejectedWithoutWrites(signedDelivery(secret, 'not json {'), 400, /not JSON/)
  })

  test.each([
    ['a JSON array', '[1,2]', /body must be a JSON object/],
    ['no type', JSON.stringify({ data: clerkUser() }), /type must be a string/],
    ['no data', JSON.stringify({ type: 'user.updated' }), /data must be an object/],
    ['no user id', clerkEvent('user.updated', clerkUser({ id: undefined })), /data.id/],
    ['no updated_at', clerkEvent('user.updated', clerkUser({ updated_at: 'yesterday' })), /updated_at/],
    ['a non-string name', clerkEvent('user.updated', clerkUser({ first_name: 42 })), /first_name/],
    [
      'email_addresses not a list',
      clerkEvent('user.created', clerkUser({ email_addresses: 'a@b.c' })),
      /email_addresses/,
    ],
    ['user.deleted without id', clerkEvent('user.deleted', { deleted: true }), /data.id/],
  ])('a signed but malformed payload (%s) -> 400', async (_label, body, reason) => {
    await expectRejectedWithoutWrites(signedDelivery(secret, body), 400, reason)
  })

  test('a malformed delivery does not burn its message id: a corrected redelivery is processed', async () => {
    await post(signedDelivery(secret, '{', { id: 'msg_fix' }))
    const fixed = await deliver(
      'user.updated',
      clerkUser({ first_name: 'Fixed', updated_at: 1_800_000_000_000 }),
      {
        id: 'msg_fix',
      },
    )
    expect(fixed.body).toEqual({ outcome: 'updated' })
  })

  test('GET is not routed', async () => {
    const response = await t.fetch('/clerk-webhook', { method: 'GET' })
    expect(response.status).toBe(404)
  })
})

function device(deviceId: string) {
  return { deviceId, name: `Device ${deviceId}`, platform: 'linux' as const, appVersion: '0.1.0' }
}
