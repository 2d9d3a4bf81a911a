// Signing devices out from another device: `devices.signOutDevice`, `devices.signOutOtherDevices`, the notice
// the signed-out device watches, re-registration after a revoke, pruning and the cap. Clerk's Backend API is a
// real HTTP server on 127.0.0.1 (clerkBackendApi.testing.ts): the actions' own `fetch` reaches it through a
// socket, so timeouts and dropped connections are real ones.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test, vi } from 'vitest'
import { api, internal } from './_generated/api'
import { startClerkBackendStandIn, type ClerkBackendStandIn } from './clerkBackendApi.testing'
import { SIGNED_OUT_RETENTION_MS } from './devices'
import { MAX_DEVICES_PER_USER } from './lib/deviceInput'
import type * as DeviceSessions from './lib/deviceSessions'
import { ALICE, BOB, dumpTables, expectAppError, newBackend, type Backend } from './test.setup'

// Fault injection, not a stub: the real write runs unless a test asks for it to fail first (a Convex mutation
// can fail after Clerk confirmed the revoke, and that revoke must not be lost).
const markFaults = vi.hoisted(() => ({ remaining: 0, calls: 0 }))
vi.mock('./lib/deviceSessions', async (importOriginal) => {
  const original = await importOriginal<typeof DeviceSessions>()
  return {
    ...original,
    applySignOutMark: async (...args: Parameters<typeof original.applySignOutMark>) => {
      markFaults.calls++
      if (markFaults.remaining > 0) {
        markFaults.remaining--
        throw new Error('injected fault: the mark could not be written')
      }
      return await original.applySignOutMark(...args)
    },
  }
})

let clerk: ClerkBackendStandIn
let t: Backend

beforeAll(async () => {
  clerk = await startClerkBackendStandIn()
})
afterAll(async () => {
  await clerk.stop()
})
beforeEach(() => {
  t = newBackend()
  clerk.heal()
  clerk.requests.length = 0
  markFaults.remaining = 0
  markFaults.calls = 0
  vi.stubEnv('CLERK_SECRET_KEY', clerk.secretKey)
  vi.stubEnv('CLERK_API_URL', clerk.url)
})
afterEach(() => {
  vi.useRealTimers()
  vi.unstubAllEnvs()
})

type Platform = 'macos' | 'windows' | 'linux'
const device = (n: number, name: string) => ({
  deviceId: `a1b2c3d4-0000-4000-8000-00000000000${n}`,
  name,
  platform: 'linux' as Platform,
  appVersion: '0.1.0',
})
const laptop = device(1, 'Work laptop')
const desktop = device(2, 'Desktop')
const tablet = device(3, 'Old laptop')

let sessionCounter = 0
/** One app instance: a device signed in as `who` with its own Clerk session, registered like the app does. */
async function signIn(who: typeof ALICE | typeof BOB, info: typeof laptop) {
  const sid = `sess_${who.subject}_${++sessionCounter}`
  clerk.addSession(sid, who.subject)
  const as = t.withIdentity({ ...who, sid })
  await as.mutation(api.users.store, {})
  await as.mutation(api.devices.register, info)
  return { as, sid, info }
}

async function deviceRow(deviceId: string, ownerSubject = ALICE.subject) {
  return await t.run(async (ctx) => {
    const owner = await ctx.db
      .query('users')
      .withIndex('by_clerk_id', (q) => q.eq('clerkUserId', ownerSubject))
      .unique()
    return (await ctx.db.query('devices').collect()).find(
      (d) => d.deviceId === deviceId && d.ownerId === owner?._id,
    )
  })
}

describe('each device knows its Clerk session', () => {
  test('register records the sid of the token; a new sign-in on the same device replaces it', async () => {
    const first = await signIn(ALICE, laptop)
    expect((await deviceRow(laptop.deviceId))?.sessionId).toBe(first.sid)
    const again = await signIn(ALICE, laptop)
    expect((await deviceRow(laptop.deviceId))?.sessionId).toBe(again.sid)
    const [row] = await again.as.query(api.devices.list, {})
    expect(row).toMatchObject({ sessionKnown: true, signedOut: null })
  })

  test('a token without sid (a JWT template) registers the device without a session', async () => {
    const as = t.withIdentity(ALICE)
    await as.mutation(api.devices.register, laptop)
    expect((await deviceRow(laptop.deviceId))?.sessionId).toBeUndefined()
    expect((await as.query(api.devices.list, {}))[0]?.sessionKnown).toBe(false)
  })

  test('a session seen on a new device id (reinstall, keychain kept) leaves the old row', async () => {
    const { as, sid } = await signIn(ALICE, laptop)
    await as.mutation(api.devices.register, desktop)
    expect((await deviceRow(desktop.deviceId))?.sessionId).toBe(sid)
    expect((await deviceRow(laptop.deviceId))?.sessionId).toBeUndefined()
  })
})

describe('signOutDevice', () => {
  test('revokes the other device at Clerk, then marks it: when, and by which device', async () => {
    const a = await signIn(ALICE, laptop)
    const b = await signIn(ALICE, desktop)
    const before = Date.now()
    const result = await a.as.action(api.devices.signOutDevice, { deviceId: desktop.deviceId })
    expect(result.outcome).toBe('signed-out')
    expect(result.signedOutAt).toBeGreaterThanOrEqual(before)
    expect(clerk.status(b.sid)).toBe('revoked')
    expect(clerk.status(a.sid)).toBe('active')
    expect(clerk.requests).toEqual([{ method: 'POST', path: `/v1/sessions/${b.sid}/revoke` }])
    expect(await deviceRow(desktop.deviceId)).toMatchObject({
      signedOutAt: result.signedOutAt,
      signedOutBy: { deviceId: laptop.deviceId, name: 'Work laptop' },
    })
    const listed = await a.as.query(api.devices.list, {})
    expect(listed.find((d) => d.deviceId === desktop.deviceId)?.signedOut).toEqual({
      at: result.signedOutAt,
      byDeviceName: 'Work laptop',
    })
    expect(listed.find((d) => d.deviceId === laptop.deviceId)?.signedOut).toBeNull()
  })

  test('the signed-out device learns it from its notice query, even without a valid token', async () => {
    const a = await signIn(ALICE, laptop)
    const b = await signIn(ALICE, desktop)
    const args = { clerkUserId: ALICE.subject, deviceId: desktop.deviceId }
    expect(await b.as.query(api.devices.signOutNotice, args)).toBeNull()
    const { signedOutAt } = await a.as.action(api.devices.signOutDevice, { deviceId: desktop.deviceId })
    const notice = { sessionId: b.sid, signedOutAt, byDeviceName: 'Work laptop' }
    expect(await b.as.query(api.devices.signOutNotice, args)).toEqual(notice)
    // Offline during the revoke, back with an expired token: no identity at all.
    expect(await t.query(api.devices.signOutNotice, args)).toEqual(notice)
    // Nobody else's pair matches.
    expect(await t.query(api.devices.signOutNotice, { ...args, clerkUserId: BOB.subject })).toBeNull()
    expect(await t.query(api.devices.signOutNotice, { ...args, deviceId: laptop.deviceId })).toBeNull()
  })

  test('a revoked device cannot register again with its old session; a real new sign-in brings it back', async () => {
    const a = await signIn(ALICE, laptop)
    const b = await signIn(ALICE, desktop)
    await a.as.action(api.devices.signOutDevice, { deviceId: desktop.deviceId })
    const before = await dumpTables(t)
    // A token minted before the revoke is still valid for up to a minute.
    await expectAppError(b.as.mutation(api.devices.register, desktop), 'DEVICE_SIGNED_OUT')
    // Nor under another device id (a reinstall keeping the keychain), nor without a sid to prove anything.
    await expectAppError(b.as.mutation(api.devices.register, tablet), 'DEVICE_SIGNED_OUT')
    await expectAppError(t.withIdentity(ALICE).mutation(api.devices.register, desktop), 'DEVICE_SIGNED_OUT')
    expect(await dumpTables(t)).toEqual(before)

    const fresh = await signIn(ALICE, desktop)
    expect(await deviceRow(desktop.deviceId)).toMatchObject({ sessionId: fresh.sid })
    expect((await deviceRow(desktop.deviceId))?.signedOutAt).toBeUndefined()
    expect(
      await t.query(api.devices.signOutNotice, { clerkUserId: ALICE.subject, deviceId: desktop.deviceId }),
    ).toBeNull()
  })

  describe('authorization: nothing is revoked and nothing is written', () => {
    test.each([
      ['the calling device', 'DEVICE_IS_CURRENT', laptop.deviceId],
      ['an unknown device id', 'DEVICE_NOT_FOUND', 'never-registered-0001'],
      ["another user's device", 'DEVICE_NOT_YOURS', tablet.deviceId],
      ['a malformed device id', 'INVALID_ARGUMENT', 'no/such id'],
    ] as const)('%s -> %s', async (_label, code, deviceId) => {
      const a = await signIn(ALICE, laptop)
      await signIn(ALICE, desktop)
      await signIn(BOB, tablet)
      const before = await dumpTables(t)
      await expectAppError(a.as.action(api.devices.signOutDevice, { deviceId }), code)
      expect(clerk.requests).toEqual([])
      expect(await dumpTables(t)).toEqual(before)
    })

    test('the three refusals are told apart', async () => {
      const a = await signIn(ALICE, laptop)
      await signIn(BOB, tablet)
      const codes = await Promise.all(
        [laptop.deviceId, 'never-registered-0001', tablet.deviceId].map(
          async (deviceId) =>
            await a.as.action(api.devices.signOutDevice, { deviceId }).then(
              () => 'resolved',
              (error: { data?: { code?: string } }) => error.data?.code,
            ),
        ),
      )
      expect(new Set(codes).size).toBe(3)
    })

    test('without a sign-in -> UNAUTHENTICATED; a caller token without sid -> DEVICE_SESSION_UNKNOWN', async () => {
      await signIn(ALICE, laptop)
      await signIn(ALICE, desktop)
      await expectAppError(
        t.action(api.devices.signOutDevice, { deviceId: desktop.deviceId }),
        'UNAUTHENTICATED',
      )
      await expectAppError(
        t.withIdentity(ALICE).action(api.devices.signOutDevice, { deviceId: desktop.deviceId }),
        'DEVICE_SESSION_UNKNOWN',
      )
      await expectAppError(t.action(api.devices.signOutOtherDevices, {}), 'UNAUTHENTICATED')
      expect(clerk.requests).toEqual([])
    })

    test('a device registered without a session cannot be signed out from here', async () => {
      const a = await signIn(ALICE, laptop)
      await t.withIdentity(ALICE).mutation(api.devices.register, desktop)
      await expectAppError(
        a.as.action(api.devices.signOutDevice, { deviceId: desktop.deviceId }),
        'DEVICE_SESSION_UNKNOWN',
      )
      expect(clerk.requests).toEqual([])
    })
  })

  describe('Clerk refusing or unreachable: nothing marked, the user told', () => {
    test.each([
      ['HTTP 500', { kind: 'status', status: 500 }],
      ['HTTP 503', { kind: 'status', status: 503 }],
      ['HTTP 429', { kind: 'status', status: 429 }],
      ['HTTP 403', { kind: 'status', status: 403 }],
      ['a dropped connection', { kind: 'drop' }],
    ] as const)('%s -> SIGN_OUT_FAILED', async (_label, fault) => {
      const a = await signIn(ALICE, laptop)
      const b = await signIn(ALICE, desktop)
      clerk.fail(fault)
      const before = await dumpTables(t)
      const error = await expectAppError(
        a.as.action(api.devices.signOutDevice, { deviceId: desktop.deviceId }),
        'SIGN_OUT_FAILED',
      )
      expect(error.message).toMatch(/Nothing was changed/)
      expect(await dumpTables(t)).toEqual(before)
      expect(clerk.status(b.sid)).toBe('active')
    })

    test('a wrong secret key (401 from Clerk) -> SIGN_OUT_FAILED', async () => {
      const a = await signIn(ALICE, laptop)
      const b = await signIn(ALICE, desktop)
      vi.stubEnv('CLERK_SECRET_KEY', 'sk_test_wrong')
      const before = await dumpTables(t)
      await expectAppError(
        a.as.action(api.devices.signOutDevice, { deviceId: desktop.deviceId }),
        'SIGN_OUT_FAILED',
      )
      expect(await dumpTables(t)).toEqual(before)
      expect(clerk.status(b.sid)).toBe('active')
    })

    test('a session Clerk does not know (404, e.g. a key of another instance) is not taken as signed out', async () => {
      const a = await signIn(ALICE, laptop)
      await t.withIdentity({ ...ALICE, sid: 'sess_unknown_to_clerk' }).mutation(api.devices.register, desktop)
      const before = await dumpTables(t)
      await expectAppError(
        a.as.action(api.devices.signOutDevice, { deviceId: desktop.deviceId }),
        'SIGN_OUT_FAILED',
      )
      expect(await dumpTables(t)).toEqual(before)
    })

    test('Clerk unreachable (nothing listening) -> SIGN_OUT_FAILED', async () => {
      const a = await signIn(ALICE, laptop)
      await signIn(ALICE, desktop)
      const dead = await startClerkBackendStandIn()
      await dead.stop()
      vi.stubEnv('CLERK_API_URL', dead.url)
      const before = await dumpTables(t)
      await expectAppError(
        a.as.action(api.devices.signOutDevice, { deviceId: desktop.deviceId }),
        'SIGN_OUT_FAILED',
      )
      expect(await dumpTables(t)).toEqual(before)
    })

    test('no answer within the timeout -> SIGN_OUT_FAILED after the timeout, not later', async () => {
      const a = await signIn(ALICE, laptop)
      const b = await signIn(ALICE, desktop)
      vi.stubEnv('CLERK_API_TIMEOUT_MS', '400')
      clerk.fail({ kind: 'hang' })
      const before = await dumpTables(t)
      const started = Date.now()
      const error = await expectAppError(
        a.as.action(api.devices.signOutDevice, { deviceId: desktop.deviceId }),
        'SIGN_OUT_FAILED',
      )
      const elapsed = Date.now() - started
      expect(elapsed).toBeGreaterThanOrEqual(380)
      expect(elapsed).toBeLessThan(3000)
      expect(error.message).toMatch(/did not answer in time/)
      expect(await dumpTables(t)).toEqual(before)
      expect(clerk.status(b.sid)).toBe('active')
    })

    test('without CLERK_SECRET_KEY -> SIGN_OUT_UNAVAILABLE, Clerk never called', async () => {
      const a = await signIn(ALICE, laptop)
      await signIn(ALICE, desktop)
      vi.stubEnv('CLERK_SECRET_KEY', '')
      await expectAppError(
        a.as.action(api.devices.signOutDevice, { deviceId: desktop.deviceId }),
        'SIGN_OUT_UNAVAILABLE',
      )
      await expectAppError(a.as.action(api.devices.signOutOtherDevices, {}), 'SIGN_OUT_UNAVAILABLE')
      expect(clerk.requests).toEqual([])
    })
  })

  describe('idempotence', () => {
    test('signing the same device out twice: the second call changes nothing and does not call Clerk', async () => {
      const a = await signIn(ALICE, laptop)
      await signIn(ALICE, desktop)
      const first = await a.as.action(api.devices.signOutDevice, { deviceId: desktop.deviceId })
      const after = await dumpTables(t)
      clerk.requests.length = 0
      const second = await a.as.action(api.devices.signOutDevice, { deviceId: desktop.deviceId })
      expect(second).toEqual({ outcome: 'already-signed-out', signedOutAt: first.signedOutAt })
      expect(clerk.requests).toEqual([])
      expect(await dumpTables(t)).toEqual(after)
    })

    test('a session Clerk already ended (revoked elsewhere, a lost answer) counts as done and is marked', async () => {
      const a = await signIn(ALICE, laptop)
      const b = await signIn(ALICE, desktop)
      await a.as.action(api.devices.signOutDevice, { deviceId: desktop.deviceId }).catch(() => undefined)
      // As if the first answer was lost: Clerk revoked it, our row was never marked.
      await t.run(async (ctx) => {
        const row = (await ctx.db.query('devices').collect()).find((d) => d.sessionId === b.sid)!
        await ctx.db.patch(row._id, { signedOutAt: undefined, signedOutBy: undefined })
      })
      expect(clerk.status(b.sid)).toBe('revoked')
      clerk.requests.length = 0
      const again = await a.as.action(api.devices.signOutDevice, { deviceId: desktop.deviceId })
      expect(again.outcome).toBe('signed-out')
      expect(clerk.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
        `POST /v1/sessions/${b.sid}/revoke`,
        `GET /v1/sessions/${b.sid}`,
      ])
      expect((await deviceRow(desktop.deviceId))?.signedOutAt).toBe(again.signedOutAt)
    })
  })

  test('a revoke Clerk confirmed is never lost: a failed mark is retried through the scheduler', async () => {
    const a = await signIn(ALICE, laptop)
    const b = await signIn(ALICE, desktop)
    // The mark in the action fails, and so does the first scheduled retry (1 s); the second (2 s later) sticks.
    markFaults.remaining = 2
    const result = await a.as.action(api.devices.signOutDevice, { deviceId: desktop.deviceId })
    expect(result.outcome).toBe('signed-out')
    expect(clerk.status(b.sid)).toBe('revoked')
    expect((await deviceRow(desktop.deviceId))?.signedOutAt).toBeUndefined()
    await vi.waitFor(
      async () => {
        expect((await deviceRow(desktop.deviceId))?.signedOutAt).toBe(result.signedOutAt)
      },
      { timeout: 8000, interval: 100 },
    )
    expect(markFaults.calls).toBe(3)
    expect(await deviceRow(desktop.deviceId)).toMatchObject({ signedOutBy: { name: 'Work laptop' } })
  })
})

describe('signOutOtherDevices', () => {
  test('signs out every device but the caller, and reports each one, failures included', async () => {
    const a = await signIn(ALICE, laptop)
    const b = await signIn(ALICE, desktop)
    const c = await signIn(ALICE, tablet)
    const bob = await signIn(BOB, device(4, 'Bob laptop'))
    clerk.fail({ kind: 'status', status: 502 }, c.sid)
    const { results } = await a.as.action(api.devices.signOutOtherDevices, {})
    expect(results).toEqual(
      expect.arrayContaining([
        { deviceId: desktop.deviceId, name: 'Desktop', outcome: 'signed-out' },
        {
          deviceId: tablet.deviceId,
          name: 'Old laptop',
          outcome: 'failed',
          error: { code: 'SIGN_OUT_FAILED', message: expect.stringMatching(/Nothing was changed/) },
        },
      ]),
    )
    expect(results).toHaveLength(2)
    expect(clerk.status(a.sid)).toBe('active')
    expect(clerk.status(b.sid)).toBe('revoked')
    expect(clerk.status(c.sid)).toBe('active')
    expect(clerk.status(bob.sid)).toBe('active')
    expect((await deviceRow(desktop.deviceId))?.signedOutAt).toEqual(expect.any(Number))
    expect((await deviceRow(tablet.deviceId))?.signedOutAt).toBeUndefined()
    expect((await deviceRow(laptop.deviceId))?.signedOutAt).toBeUndefined()

    // Again, once Clerk is back: the one left is signed out, the one done is reported as done.
    clerk.heal()
    const retry = await a.as.action(api.devices.signOutOtherDevices, {})
    expect(retry.results.map((r) => [r.name, r.outcome])).toEqual(
      expect.arrayContaining([
        ['Desktop', 'already-signed-out'],
        ['Old laptop', 'signed-out'],
      ]),
    )
  })

  test(`works across the whole cap of ${MAX_DEVICES_PER_USER} devices`, async () => {
    const a = await signIn(ALICE, laptop)
    for (let i = 1; i < MAX_DEVICES_PER_USER; i++) {
      await signIn(ALICE, { ...laptop, deviceId: `device-${String(i).padStart(4, '0')}`, name: `D${i}` })
    }
    const { results } = await a.as.action(api.devices.signOutOtherDevices, {})
    expect(results).toHaveLength(MAX_DEVICES_PER_USER - 1)
    expect(results.every((r) => r.outcome === 'signed-out')).toBe(true)
    expect(clerk.status(a.sid)).toBe('active')
  })
})

describe('rows do not pile up', () => {
  test('a device signed out and unseen for 30 days is pruned; others stay', async () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    const now = Date.parse('2026-06-01T00:00:00Z')
    vi.setSystemTime(now)
    const a = await signIn(ALICE, laptop)
    await t.run(async (ctx) => {
      const owner = (await ctx.db.query('users').first())!._id
      const rows: Array<[string, number | undefined, number]> = [
        ['old-signed-out', SIGNED_OUT_RETENTION_MS + 1, SIGNED_OUT_RETENTION_MS + 5],
        ['recent-signed-out', SIGNED_OUT_RETENTION_MS - 1000, SIGNED_OUT_RETENTION_MS - 500],
        ['old-but-active', undefined, SIGNED_OUT_RETENTION_MS * 3],
      ]
      for (const [deviceId, signedOutAge, seenAge] of rows) {
        await ctx.db.insert('devices', {
          ownerId: owner,
          deviceId,
          name: deviceId,
          platform: 'linux',
          appVersion: '0.1.0',
          lastSeenAt: now - seenAge,
          sessionId: `sess_${deviceId}`,
          ...(signedOutAge === undefined
            ? {}
            : { signedOutAt: now - signedOutAge, signedOutBy: { name: 'Work laptop' } }),
        })
      }
    })
    expect(await t.mutation(internal.devices.prune, {})).toEqual({ deleted: 1, more: false })
    expect((await a.as.query(api.devices.list, {})).map((d) => d.deviceId).sort()).toEqual(
      [laptop.deviceId, 'old-but-active', 'recent-signed-out'].sort(),
    )
  })

  test('a large backlog is pruned in bounded batches that reschedule themselves', async () => {
    vi.useFakeTimers()
    const old = Date.now() - SIGNED_OUT_RETENTION_MS - 1
    await t.run(async (ctx) => {
      const owner = await ctx.db.insert('users', {
        clerkUserId: 'user_many',
        clerkUpdatedAt: 0,
        lastSyncedAt: 0,
        lastSyncSource: 'jwt',
      })
      for (let i = 0; i < 1100; i++) {
        await ctx.db.insert('devices', {
          ownerId: owner,
          deviceId: `device-${i}`,
          name: 'x',
          platform: 'linux',
          appVersion: '0.1.0',
          lastSeenAt: old - 1,
          signedOutAt: old,
          signedOutBy: { name: 'y' },
        })
      }
    })
    expect(await t.mutation(internal.devices.prune, {})).toEqual({ deleted: 500, more: true })
    await t.finishAllScheduledFunctions(vi.runAllTimers)
    expect((await dumpTables(t)).devices).toEqual([])
  })

  test(`the cap of ${MAX_DEVICES_PER_USER} holds; a signed-out device gives its place to a new one`, async () => {
    const a = await signIn(ALICE, laptop)
    for (let i = 1; i < MAX_DEVICES_PER_USER; i++) {
      await signIn(ALICE, { ...laptop, deviceId: `device-${String(i).padStart(4, '0')}`, name: `D${i}` })
    }
    const extra = { ...laptop, deviceId: 'device-overflow', name: 'New one' }
    await expectAppError(signIn(ALICE, extra), 'INVALID_ARGUMENT')
    expect(await a.as.query(api.devices.list, {})).toHaveLength(MAX_DEVICES_PER_USER)

    await a.as.action(api.devices.signOutDevice, { deviceId: 'device-0007' })
    await signIn(ALICE, extra)
    const ids = (await a.as.query(api.devices.list, {})).map((d) => d.deviceId)
    expect(ids).toHaveLength(MAX_DEVICES_PER_USER)
    expect(ids).toContain('device-overflow')
    expect(ids).not.toContain('device-0007')
  })
})
