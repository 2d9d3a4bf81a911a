import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest'
import { api } from './_generated/api'
import { MAX_DEVICES_PER_USER } from './lib/deviceInput'
import {
  ALICE,
  BOB,
  clerkEvent,
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
  vi.useRealTimers()
  vi.unstubAllEnvs()
})

type Platform = 'macos' | 'windows' | 'linux'
const laptop = {
  deviceId: 'a1b2c3d4-0000-4000-8000-000000000001',
  name: 'Work laptop',
  platform: 'macos' as Platform,
  appVersion: '0.1.0',
}
const desktop = {
  deviceId: 'a1b2c3d4-0000-4000-8000-000000000002',
  name: 'Desktop',
  platform: 'linux' as Platform,
  appVersion: '0.1.0',
}

async function signedIn(identity: typeof ALICE | typeof BOB) {
  const as = t.withIdentity(identity)
  await as.mutation(api.users.store, {})
  return as
}

describe('without identity', () => {
  test('register, list and remove -> UNAUTHENTICATED, nothing written', async () => {
    await expectAppError(t.mutation(api.devices.register, laptop), 'UNAUTHENTICATED')
    await expectAppError(t.query(api.devices.list, {}), 'UNAUTHENTICATED')
    await expectAppError(t.mutation(api.devices.remove, { deviceId: laptop.deviceId }), 'UNAUTHENTICATED')
    expect(await dumpTables(t)).toEqual({ users: [], devices: [], webhookDeliveries: [] })
  })
})

describe('before users.store has run', () => {
  test('register syncs the user from the JWT claims in the same transaction', async () => {
    const asAlice = t.withIdentity({ ...ALICE, name: 'Ada', updatedAt: '1700000100' })
    const id = await asAlice.mutation(api.devices.register, laptop)
    expect(await asAlice.query(api.users.me, {})).toMatchObject({
      name: 'Ada',
      tokenIdentifier: ALICE.tokenIdentifier,
      lastSyncSource: 'jwt',
    })
    expect((await asAlice.query(api.devices.list, {})).map((d) => d._id)).toEqual([id])
    // The store that follows finds the row already in place.
    expect(await asAlice.mutation(api.users.store, {})).toMatchObject({ created: false, changed: false })
  })

  test('a register that fails validation leaves no user row behind either', async () => {
    await expectAppError(
      t.withIdentity(ALICE).mutation(api.devices.register, { ...laptop, name: ' ' }),
      'INVALID_ARGUMENT',
    )
    expect((await dumpTables(t)).users).toEqual([])
  })

  test('list and remove -> USER_NOT_SYNCED (queries do not create users)', async () => {
    await expectAppError(t.withIdentity(ALICE).query(api.devices.list, {}), 'USER_NOT_SYNCED')
    await expectAppError(
      t.withIdentity(ALICE).mutation(api.devices.remove, { deviceId: laptop.deviceId }),
      'USER_NOT_SYNCED',
    )
    expect((await dumpTables(t)).users).toEqual([])
  })
})

describe('register and list', () => {
  test('list returns exactly the documented fields', async () => {
    const asAlice = await signedIn(ALICE)
    const id = await asAlice.mutation(api.devices.register, laptop)
    expect(await asAlice.query(api.devices.list, {})).toEqual([
      {
        _id: id,
        _creationTime: expect.any(Number),
        deviceId: laptop.deviceId,
        name: 'Work laptop',
        hostname: 'Work laptop',
        customName: null,
        platform: 'macos',
        appVersion: '0.1.0',
        lastSeenAt: expect.any(Number),
        sessionKnown: false,
        signedOut: null,
      },
    ])
  })

  test('registering the same device again updates it in place and refreshes lastSeenAt', async () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(new Date('2026-01-01T10:00:00Z'))
    const asAlice = await signedIn(ALICE)
    const first = await asAlice.mutation(api.devices.register, laptop)
    vi.setSystemTime(new Date('2026-01-02T10:00:00Z'))
    const second = await asAlice.mutation(api.devices.register, {
      ...laptop,
      name: '  Renamed  ',
      appVersion: '0.2.0',
    })
    expect(second).toBe(first)
    const [device, ...others] = await asAlice.query(api.devices.list, {})
    expect(others).toEqual([])
    expect(device).toMatchObject({
      name: 'Renamed',
      appVersion: '0.2.0',
      lastSeenAt: Date.parse('2026-01-02T10:00:00Z'),
    })
  })

  test('list is ordered by most recently seen first', async () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(new Date('2026-01-01T10:00:00Z'))
    const asAlice = await signedIn(ALICE)
    await asAlice.mutation(api.devices.register, laptop)
    vi.setSystemTime(new Date('2026-01-01T11:00:00Z'))
    await asAlice.mutation(api.devices.register, desktop)
    expect((await asAlice.query(api.devices.list, {})).map((d) => d.name)).toEqual(['Desktop', 'Work laptop'])
    vi.setSystemTime(new Date('2026-01-01T12:00:00Z'))
    await asAlice.mutation(api.devices.register, laptop)
    expect((await asAlice.query(api.devices.list, {})).map((d) => d.name)).toEqual(['Work laptop', 'Desktop'])
  })

  test(`a user can hold ${MAX_DEVICES_PER_USER} devices, not more; known devices still refresh at the limit`, async () => {
    const asAlice = await signedIn(ALICE)
    for (let i = 0; i < MAX_DEVICES_PER_USER; i++) {
      await asAlice.mutation(api.devices.register, {
        ...laptop,
        deviceId: `device-${String(i).padStart(4, '0')}`,
      })
    }
    const error = await expectAppError(
      asAlice.mutation(api.devices.register, { ...laptop, deviceId: 'device-overflow' }),
      'INVALID_ARGUMENT',
    )
    expect(error.message).toMatch(/Remove one/)
    await asAlice.mutation(api.devices.register, { ...laptop, deviceId: 'device-0000', name: 'Still fine' })
    const devices = await asAlice.query(api.devices.list, {})
    expect(devices).toHaveLength(MAX_DEVICES_PER_USER)
    expect(devices.find((d) => d.deviceId === 'device-0000')?.name).toBe('Still fine')
  })

  test('a deleted user cannot register devices', async () => {
    const asAlice = await signedIn(ALICE)
    const secret = newWebhookSecret()
    vi.stubEnv('CLERK_WEBHOOK_SECRET', secret)
    const response = await t.fetch(
      '/clerk-webhook',
      signedDelivery(secret, clerkEvent('user.deleted', { id: 'user_alice' })),
    )
    expect(response.status).toBe(200)
    await expectAppError(asAlice.mutation(api.devices.register, laptop), 'USER_DELETED')
    await expectAppError(asAlice.query(api.devices.list, {}), 'USER_DELETED')
    expect((await dumpTables(t)).devices).toEqual([])
  })
})

describe('validation', () => {
  test.each([
    ['too short', 'abc1234'],
    ['too long', 'a'.repeat(65)],
    ['a space', 'abcd efgh'],
    ['a slash', 'abcd/efgh'],
    ['a dot', 'abcd.efgh'],
    ['non-ASCII', 'abcdéfghij'],
    ['a trailing newline', 'abcdefgh\n'],
  ])('deviceId with %s -> INVALID_ARGUMENT, nothing written', async (_label, deviceId) => {
    const asAlice = await signedIn(ALICE)
    const error = await expectAppError(
      asAlice.mutation(api.devices.register, { ...laptop, deviceId }),
      'INVALID_ARGUMENT',
    )
    expect(error.message).toMatch(/deviceId/)
    await expectAppError(asAlice.mutation(api.devices.remove, { deviceId }), 'INVALID_ARGUMENT')
    expect((await dumpTables(t)).devices).toEqual([])
  })

  test('deviceId at both length bounds is accepted', async () => {
    const asAlice = await signedIn(ALICE)
    await asAlice.mutation(api.devices.register, { ...laptop, deviceId: 'a_b-C9x0' })
    await asAlice.mutation(api.devices.register, { ...laptop, deviceId: 'Z'.repeat(64) })
    expect(await asAlice.query(api.devices.list, {})).toHaveLength(2)
  })

  test.each([
    ['name', 'empty', ''],
    ['name', 'only spaces', '   \t '],
    ['name', '101 characters', 'n'.repeat(101)],
    ['name', 'a control character', 'Work\u0007laptop'],
    ['name', 'a bidi override', 'evil\u202Egnp.exe'],
    ['appVersion', 'empty', ''],
    ['appVersion', '33 characters', '1'.repeat(33)],
  ] as const)('%s %s -> INVALID_ARGUMENT, nothing written', async (field, _label, value) => {
    const asAlice = await signedIn(ALICE)
    const error = await expectAppError(
      asAlice.mutation(api.devices.register, { ...laptop, [field]: value }),
      'INVALID_ARGUMENT',
    )
    expect(error.message).toContain(field)
    expect((await dumpTables(t)).devices).toEqual([])
  })

  test('name and appVersion are trimmed and accepted at their maximum length', async () => {
    const asAlice = await signedIn(ALICE)
    await asAlice.mutation(api.devices.register, {
      ...laptop,
      name: ` ${'n'.repeat(100)} `,
      appVersion: '1'.repeat(32),
    })
    const [device] = await asAlice.query(api.devices.list, {})
    expect(device?.name).toBe('n'.repeat(100))
    expect(device?.appVersion).toBe('1'.repeat(32))
  })

  // The platform union is part of the argument type (callers get it checked at compile time), so Convex's own
  // argument validation rejects it: a plain validator error, not a ConvexError.
  test('an unknown platform is rejected by the argument validator before any code runs', async () => {
    const asAlice = await signedIn(ALICE)
    const bad = { ...laptop, platform: 'android' as Platform }
    await expect(asAlice.mutation(api.devices.register, bad)).rejects.toThrow(/android/)
    expect((await dumpTables(t)).devices).toEqual([])
  })
})

describe('isolation between users', () => {
  test('each user lists only their own devices', async () => {
    const asAlice = await signedIn(ALICE)
    const asBob = await signedIn(BOB)
    await asAlice.mutation(api.devices.register, laptop)
    await asBob.mutation(api.devices.register, desktop)
    expect((await asAlice.query(api.devices.list, {})).map((d) => d.deviceId)).toEqual([laptop.deviceId])
    expect((await asBob.query(api.devices.list, {})).map((d) => d.deviceId)).toEqual([desktop.deviceId])
  })

  test("removing someone else's device is reported exactly like a missing one and changes nothing", async () => {
    const asAlice = await signedIn(ALICE)
    const asBob = await signedIn(BOB)
    await asAlice.mutation(api.devices.register, laptop)
    const before = await dumpTables(t)
    const foreign = await expectAppError(
      asBob.mutation(api.devices.remove, { deviceId: laptop.deviceId }),
      'NOT_FOUND',
    )
    const missing = await expectAppError(
      asBob.mutation(api.devices.remove, { deviceId: 'never-registered' }),
      'NOT_FOUND',
    )
    expect(foreign).toEqual(missing)
    expect(await dumpTables(t)).toEqual(before)
  })

  test("the same device id under another user is that user's own device, not a takeover", async () => {
    const asAlice = await signedIn(ALICE)
    const asBob = await signedIn(BOB)
    const alices = await asAlice.mutation(api.devices.register, laptop)
    const bobs = await asBob.mutation(api.devices.register, { ...laptop, name: 'Bob machine' })
    expect(bobs).not.toBe(alices)
    expect((await asAlice.query(api.devices.list, {}))[0]?.name).toBe('Work laptop')
    await asBob.mutation(api.devices.remove, { deviceId: laptop.deviceId })
    expect(await asBob.query(api.devices.list, {})).toEqual([])
    expect(await asAlice.query(api.devices.list, {})).toHaveLength(1)
  })

  test("remove deletes the caller's device; a second remove -> NOT_FOUND", async () => {
    const asAlice = await signedIn(ALICE)
    await asAlice.mutation(api.devices.register, laptop)
    await asAlice.mutation(api.devices.register, desktop)
    expect(await asAlice.mutation(api.devices.remove, { deviceId: laptop.deviceId })).toBeNull()
    expect((await asAlice.query(api.devices.list, {})).map((d) => d.deviceId)).toEqual([desktop.deviceId])
    await expectAppError(asAlice.mutation(api.devices.remove, { deviceId: laptop.deviceId }), 'NOT_FOUND')
  })
})
