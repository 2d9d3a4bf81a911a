import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest'
import { DEVICE_CUSTOM_NAME_MAX } from '../electron/shared/rules/limits'
import { api, internal } from './_generated/api'
import { ALICE, BOB, dumpTables, expectAppError, newBackend, type Backend } from './test.setup'

let t: Backend
beforeEach(() => {
  t = newBackend()
})
afterEach(() => {
  vi.useRealTimers()
})

const laptop = {
  deviceId: 'a1b2c3d4-0000-4000-8000-000000000001',
  name: 'ada-mbp.local',
  platform: 'macos' as const,
  appVersion: '0.1.0',
}
const desktop = {
  deviceId: 'a1b2c3d4-0000-4000-8000-000000000002',
  name: 'ada-desktop',
  platform: 'linux' as const,
  appVersion: '0.1.0',
}

async function signedIn(identity: typeof ALICE | typeof BOB) {
  const as = t.withIdentity(identity)
  await as.mutation(api.users.store, {})
  return as
}

async function listed(as: Awaited<ReturnType<typeof signedIn>>, deviceId: string) {
  return (await as.query(api.devices.list, {})).find((d) => d.deviceId === deviceId)
}

describe('devices.rename', () => {
  test('without identity -> UNAUTHENTICATED, nothing written', async () => {
    const asAlice = await signedIn(ALICE)
    await asAlice.mutation(api.devices.register, laptop)
    const before = await dumpTables(t)
    await expectAppError(
      t.mutation(api.devices.rename, { deviceId: laptop.deviceId, name: 'Mine now' }),
      'UNAUTHENTICATED',
    )
    expect(await dumpTables(t)).toEqual(before)
  })

  test('before the user row exists -> USER_NOT_SYNCED (rename does not create users)', async () => {
    await expectAppError(
      t.withIdentity(ALICE).mutation(api.devices.rename, { deviceId: laptop.deviceId, name: 'Laptop' }),
      'USER_NOT_SYNCED',
    )
    expect((await dumpTables(t)).users).toEqual([])
  })

  test('renames the caller’s device: the list shows the new name and still knows the hostname', async () => {
    const asAlice = await signedIn(ALICE)
    await asAlice.mutation(api.devices.register, laptop)
    expect(
      await asAlice.mutation(api.devices.rename, { deviceId: laptop.deviceId, name: '  Work laptop  ' }),
    ).toEqual({ name: 'Work laptop' })
    expect(await listed(asAlice, laptop.deviceId)).toMatchObject({
      name: 'Work laptop',
      hostname: 'ada-mbp.local',
      customName: 'Work laptop',
    })
  })

  test('register (which sends the hostname on every start) keeps the custom name', async () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(new Date('2026-01-01T10:00:00Z'))
    const asAlice = await signedIn(ALICE)
    await asAlice.mutation(api.devices.register, laptop)
    await asAlice.mutation(api.devices.rename, { deviceId: laptop.deviceId, name: 'Work laptop' })
    vi.setSystemTime(new Date('2026-01-02T10:00:00Z'))
    await asAlice.mutation(api.devices.register, { ...laptop, name: 'ada-mbp-2.local', appVersion: '0.2.0' })
    expect(await listed(asAlice, laptop.deviceId)).toMatchObject({
      name: 'Work laptop',
      hostname: 'ada-mbp-2.local',
      customName: 'Work laptop',
      appVersion: '0.2.0',
      lastSeenAt: Date.parse('2026-01-02T10:00:00Z'),
    })
  })

  test('renaming again replaces the name; the same name again writes nothing', async () => {
    const asAlice = await signedIn(ALICE)
    await asAlice.mutation(api.devices.register, laptop)
    await asAlice.mutation(api.devices.rename, { deviceId: laptop.deviceId, name: 'First' })
    await asAlice.mutation(api.devices.rename, { deviceId: laptop.deviceId, name: 'Second' })
    expect((await listed(asAlice, laptop.deviceId))?.name).toBe('Second')
    const before = await dumpTables(t)
    await asAlice.mutation(api.devices.rename, { deviceId: laptop.deviceId, name: ' Second ' })
    expect(await dumpTables(t)).toEqual(before)
  })

  test('only the named device changes', async () => {
    const asAlice = await signedIn(ALICE)
    await asAlice.mutation(api.devices.register, laptop)
    await asAlice.mutation(api.devices.register, desktop)
    await asAlice.mutation(api.devices.rename, { deviceId: desktop.deviceId, name: 'Study PC' })
    expect((await listed(asAlice, laptop.deviceId))?.customName).toBeNull()
    expect((await listed(asAlice, desktop.deviceId))?.name).toBe('Study PC')
  })

  test.each([
    ['Unicode letters', 'Ноутбук Ады', 'Ноутбук Ады'],
    ['an emoji with a zero-width joiner', 'Family 👨‍👩‍👧 PC', 'Family 👨‍👩‍👧 PC'],
    // Decomposed "é" (e + combining accent) is stored composed, so the same visible name is the same name.
    ['a decomposed accent', 'Cafe\u0301', 'Café'],
    [`${DEVICE_CUSTOM_NAME_MAX} characters`, 'n'.repeat(DEVICE_CUSTOM_NAME_MAX), 'n'.repeat(64)],
    // 64 emoji are 128 UTF-16 units: the limit counts characters, not units.
    [`${DEVICE_CUSTOM_NAME_MAX} emoji`, '💻'.repeat(DEVICE_CUSTOM_NAME_MAX), '💻'.repeat(64)],
    ['one character', 'x', 'x'],
  ])('accepts %s', async (_label, input, stored) => {
    const asAlice = await signedIn(ALICE)
    await asAlice.mutation(api.devices.register, laptop)
    await asAlice.mutation(api.devices.rename, { deviceId: laptop.deviceId, name: input })
    expect((await listed(asAlice, laptop.deviceId))?.name).toBe(stored)
  })

  test.each([
    ['empty', '', /Enter a name/],
    ['only whitespace', ' \t\u00a0 ', /Enter a name/],
    [
      `${DEVICE_CUSTOM_NAME_MAX + 1} characters`,
      'n'.repeat(DEVICE_CUSTOM_NAME_MAX + 1),
      /at most 64.*has 65/,
    ],
    [`${DEVICE_CUSTOM_NAME_MAX + 1} emoji`, '💻'.repeat(DEVICE_CUSTOM_NAME_MAX + 1), /at most 64/],
    ['a newline inside', 'Work\nlaptop', /control characters/],
    ['a bell character', 'Work\u0007laptop', /control characters/],
    ['DEL', 'Work\u007flaptop', /control characters/],
    ['a C1 control', 'Work\u0085laptop', /control characters/],
    ['a right-to-left override', 'evil\u202Egnp.exe', /control characters/],
    ['a bidi isolate', 'a\u2066b', /control characters/],
    ['a line separator', 'a\u2028b', /control characters/],
  ])('refuses %s -> INVALID_ARGUMENT, nothing written', async (_label, name, message) => {
    const asAlice = await signedIn(ALICE)
    await asAlice.mutation(api.devices.register, laptop)
    const before = await dumpTables(t)
    const error = await expectAppError(
      asAlice.mutation(api.devices.rename, { deviceId: laptop.deviceId, name }),
      'INVALID_ARGUMENT',
    )
    expect(error.message).toMatch(message)
    expect(await dumpTables(t)).toEqual(before)
  })

  test('a malformed device id -> INVALID_ARGUMENT', async () => {
    const asAlice = await signedIn(ALICE)
    const error = await expectAppError(
      asAlice.mutation(api.devices.rename, { deviceId: 'bad id', name: 'Laptop' }),
      'INVALID_ARGUMENT',
    )
    expect(error.message).toMatch(/deviceId/)
  })

  test('a device nobody has -> DEVICE_NOT_FOUND', async () => {
    const asAlice = await signedIn(ALICE)
    await expectAppError(
      asAlice.mutation(api.devices.rename, { deviceId: 'never-registered', name: 'Laptop' }),
      'DEVICE_NOT_FOUND',
    )
    expect((await dumpTables(t)).devices).toEqual([])
  })

  test('a device removed meanwhile -> DEVICE_NOT_FOUND', async () => {
    const asAlice = await signedIn(ALICE)
    await asAlice.mutation(api.devices.register, laptop)
    await asAlice.mutation(api.devices.remove, { deviceId: laptop.deviceId })
    await expectAppError(
      asAlice.mutation(api.devices.rename, { deviceId: laptop.deviceId, name: 'Laptop' }),
      'DEVICE_NOT_FOUND',
    )
  })

  test("another user's device -> DEVICE_NOT_YOURS, and their name is untouched", async () => {
    const asAlice = await signedIn(ALICE)
    const asBob = await signedIn(BOB)
    await asAlice.mutation(api.devices.register, laptop)
    const before = await dumpTables(t)
    await expectAppError(
      asBob.mutation(api.devices.rename, { deviceId: laptop.deviceId, name: 'Bob’s now' }),
      'DEVICE_NOT_YOURS',
    )
    expect(await dumpTables(t)).toEqual(before)
    expect((await listed(asAlice, laptop.deviceId))?.name).toBe('ada-mbp.local')
  })

  test('the same device id under two users: each renames only their own row', async () => {
    const asAlice = await signedIn(ALICE)
    const asBob = await signedIn(BOB)
    await asAlice.mutation(api.devices.register, laptop)
    await asBob.mutation(api.devices.register, laptop)
    await asBob.mutation(api.devices.rename, { deviceId: laptop.deviceId, name: 'Shared iMac (Bob)' })
    expect((await listed(asAlice, laptop.deviceId))?.name).toBe('ada-mbp.local')
    expect((await listed(asBob, laptop.deviceId))?.name).toBe('Shared iMac (Bob)')
  })

  test('signing devices out names them by their custom names (the plan, the results, the mark)', async () => {
    const asLaptop = t.withIdentity({ ...ALICE, sid: 'sess_laptop' })
    const asDesktop = t.withIdentity({ ...ALICE, sid: 'sess_desktop' })
    await asLaptop.mutation(api.users.store, {})
    await asLaptop.mutation(api.devices.register, laptop)
    await asDesktop.mutation(api.devices.register, desktop)
    await asLaptop.mutation(api.devices.rename, { deviceId: laptop.deviceId, name: 'Work laptop' })
    await asLaptop.mutation(api.devices.rename, { deviceId: desktop.deviceId, name: 'Study PC' })
    const plan = await asLaptop.query(internal.devices.signOutPlan, { deviceId: desktop.deviceId })
    expect(plan).toMatchObject({
      kind: 'ok',
      caller: { deviceId: laptop.deviceId, name: 'Work laptop' },
      targets: [{ deviceId: desktop.deviceId, name: 'Study PC' }],
    })
  })
})
