import { mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises'
import * as nodeFs from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { TokenStorage } from '@clerk/electron'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { LastKnownUser } from '../shared/contract'
import {
  CLOCK_SKEW_MS,
  LAST_KNOWN_USER_KEY_NAME,
  MAX_OFFLINE_AGE_MS,
  createLastKnownUserStore,
  parseLastKnownUser,
  type LastKnownUserStoreOptions,
} from './last-known-user'

const NOW = Date.UTC(2026, 10, 26, 12, 0, 0)
const HOUR = 60 * 60 * 1000

function sampleUser(overrides: Partial<LastKnownUser> = {}): LastKnownUser {
  return {
    version: 1,
    clerkUserId: 'user_2NNEqL2nrIRdJ194ndJqAHwEfxC',
    profile: { name: 'Ada Lovelace', email: 'ada@example.com', pictureUrl: 'https://img.clerk.com/ada.png' },
    devices: [
      {
        deviceId: '4f1c2a9e-5b7d-4c1e-9a3b-1d2e3f4a5b6c',
        name: 'Ada laptop',
        platform: 'linux',
        appVersion: '0.1.0',
        lastSeenAt: NOW - HOUR,
      },
      {
        deviceId: 'desk-0002',
        name: 'Office desktop',
        platform: 'windows',
        appVersion: '1.2.3-beta.1',
        lastSeenAt: NOW - 5 * HOUR,
      },
    ],
    confirmedOnlineAt: NOW - 2 * HOUR,
    ...overrides,
  }
}

/** Keychain stand-in that counts calls, so tests can check what touched the keychain. */
class MemoryStorage implements TokenStorage {
  readonly items = new Map<string, string>()
  calls = { getItem: 0, setItem: 0, removeItem: 0 }
  getItem(key: string): string | null {
    this.calls.getItem++
    return this.items.get(key) ?? null
  }
  setItem(key: string, value: string): void {
    this.calls.setItem++
    this.items.set(key, value)
  }
  removeItem(key: string): void {
    this.calls.removeItem++
    this.items.delete(key)
  }
}

describe('parseLastKnownUser', () => {
  it('accepts a complete user and returns an equal value', () => {
    expect(parseLastKnownUser(sampleUser(), NOW)).toEqual({ ok: true, user: sampleUser() })
  })

  it('accepts an empty profile and no devices', () => {
    const user = sampleUser({ profile: {}, devices: [] })
    expect(parseLastKnownUser(user, NOW)).toEqual({ ok: true, user })
  })

  it('drops unknown fields at every level', () => {
    const user = sampleUser()
    const polluted = {
      ...user,
      sessionToken: 'eyJhbGciOi...',
      profile: { ...user.profile, phone: '+441234' },
      devices: user.devices.map((device) => ({ ...device, ip: '10.0.0.1' })),
    }
    const parsed = parseLastKnownUser(polluted, NOW)
    expect(parsed).toEqual({ ok: true, user })
    expect(JSON.stringify(parsed)).not.toMatch(/sessionToken|phone|10\.0\.0\.1/)
  })

  const device = sampleUser().devices[0]!
  const withDevice = (changes: Record<string, unknown>) =>
    sampleUser({ devices: [{ ...device, ...changes } as never] })
  const cases: Array<[string, unknown, RegExp]> = [
    ['null', null, /must be an object/],
    ['an array', [sampleUser()], /must be an object/],
    ['a class instance', new Date(), /plain object/],
    ['another version', { ...sampleUser(), version: 2 }, /version must be 1/],
    [
      'a user id that is not Clerk-shaped',
      sampleUser({ clerkUserId: 'admin' }),
      /clerkUserId must be a Clerk user id/,
    ],
    ['a user id with a path', sampleUser({ clerkUserId: 'user_../x' }), /clerkUserId/],
    ['a missing profile', { ...sampleUser(), profile: undefined }, /profile must be an object/],
    [
      'a name that is not a string',
      sampleUser({ profile: { name: 42 as never } }),
      /profile\.name must be a string/,
    ],
    ['an empty name', sampleUser({ profile: { name: '   ' } }), /profile\.name must not be empty/],
    ['a 201-character name', sampleUser({ profile: { name: 'a'.repeat(201) } }), /at most 200/],
    ['a name with a control character', sampleUser({ profile: { name: 'Ada\u0000' } }), /control characters/],
    [
      'an email without @',
      sampleUser({ profile: { email: 'ada.example.com' } }),
      /profile\.email must be an email/,
    ],
    ['an overlong email', sampleUser({ profile: { email: `${'a'.repeat(250)}@x.io` } }), /at most 254/],
    [
      'an http picture',
      sampleUser({ profile: { pictureUrl: 'http://img.clerk.com/a.png' } }),
      /must use https/,
    ],
    ['a file picture', sampleUser({ profile: { pictureUrl: 'file:///etc/passwd' } }), /must use https/],
    [
      'a javascript picture',
      sampleUser({ profile: { pictureUrl: 'javascript:alert(1)' } }),
      /must use https/,
    ],
    [
      'a picture with credentials',
      sampleUser({ profile: { pictureUrl: 'https://u:p@img.clerk.com/a.png' } }),
      /credentials/,
    ],
    ['a picture that is not a URL', sampleUser({ profile: { pictureUrl: 'not a url' } }), /must be a URL/],
    ['devices that are not an array', { ...sampleUser(), devices: {} }, /devices must be an array/],
    [
      '101 devices',
      sampleUser({
        devices: Array.from({ length: 101 }, (_, i) => ({ ...device, deviceId: `device-${i}` })),
      }),
      /at most 100/,
    ],
    [
      'a repeated device id',
      sampleUser({ devices: [device, { ...device }] }),
      /devices\[1\]\.deviceId repeats/,
    ],
    [
      'a device id with a slash',
      withDevice({ deviceId: '../etc/passwd' }),
      /devices\[0\]\.deviceId must be a device id/,
    ],
    ['a 7-character device id', withDevice({ deviceId: 'abcdefg' }), /deviceId must be a device id \(8-64/],
    ['a 65-character device id', withDevice({ deviceId: 'a'.repeat(65) }), /deviceId must be a device id/],
    [
      'an unknown platform',
      withDevice({ platform: 'android' }),
      /devices\[0\]\.platform must be one of macos, windows, linux/,
    ],
    [
      'an app version longer than the server allows',
      withDevice({ appVersion: '1'.repeat(33) }),
      /appVersion must be at most 32/,
    ],
    [
      'a 101-character device name',
      withDevice({ name: 'n'.repeat(101) }),
      /devices\[0\]\.name must be at most 100/,
    ],
    [
      'a name with a bidirectional override',
      sampleUser({ profile: { name: 'Ada\u202eecila' } }),
      /control characters/,
    ],
    ['a device without a name', withDevice({ name: undefined }), /devices\[0\]\.name must be a string/],
    ['NaN as a timestamp', withDevice({ lastSeenAt: Number.NaN }), /lastSeenAt must be an integer/],
    [
      'Infinity as a timestamp',
      sampleUser({ confirmedOnlineAt: Infinity }),
      /confirmedOnlineAt must be an integer/,
    ],
    [
      'a fractional timestamp',
      sampleUser({ confirmedOnlineAt: NOW - 0.5 }),
      /confirmedOnlineAt must be an integer/,
    ],
    [
      'a timestamp as a string',
      sampleUser({ confirmedOnlineAt: String(NOW) as never }),
      /must be an integer/,
    ],
    ['a timestamp in seconds', sampleUser({ confirmedOnlineAt: Math.floor(NOW / 1000) }), /before 2020/],
    [
      'a confirmation beyond the clock skew',
      sampleUser({ confirmedOnlineAt: NOW + CLOCK_SKEW_MS + 1 }),
      /in the future/,
    ],
    [
      'a device seen two days ahead',
      withDevice({ lastSeenAt: NOW + 48 * HOUR }),
      /lastSeenAt is in the future/,
    ],
  ]
  it.each(cases)('rejects %s with a specific reason', (_name, value, reason) => {
    const parsed = parseLastKnownUser(value, NOW)
    expect(parsed.ok).toBe(false)
    if (!parsed.ok) expect(parsed.reason).toMatch(reason)
  })

  it('accepts what the server accepts: a leading dash in a device id, a non-semver version', () => {
    const user = sampleUser()
    user.devices[0] = { ...user.devices[0]!, deviceId: '-_abc123', appVersion: 'v2 nightly' }
    expect(parseLastKnownUser(user, NOW)).toEqual({ ok: true, user })
  })

  it('tolerates a confirmation within the clock skew and a server-clock device time a few hours ahead', () => {
    const user = sampleUser({ confirmedOnlineAt: NOW + CLOCK_SKEW_MS })
    user.devices[0]!.lastSeenAt = NOW + 3 * HOUR
    expect(parseLastKnownUser(user, NOW)).toEqual({ ok: true, user })
  })
})

describe('createLastKnownUserStore', () => {
  let dir: string
  let filePath: string
  let storage: MemoryStorage
  let clock: number

  const store = (options: Partial<LastKnownUserStoreOptions> = {}) =>
    createLastKnownUserStore({ storage, filePath, now: () => clock, ...options })

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'harbor-last-user-'))
    filePath = join(dir, 'userData', 'last-known-user.json')
    storage = new MemoryStorage()
    clock = NOW
  })
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true })
  })

  const fileExists = () =>
    stat(filePath).then(
      () => true,
      () => false,
    )

  it('reports none when nothing was stored, without touching the keychain', async () => {
    await expect(store().read()).resolves.toEqual({ status: 'none' })
    expect(storage.calls.getItem).toBe(0)
  })

  it('round-trips a user, also through a fresh store (as after a restart)', async () => {
    await store().write(sampleUser())
    const expected = { status: 'valid', user: sampleUser(), ageMs: 2 * HOUR, maxAgeMs: MAX_OFFLINE_AGE_MS }
    await expect(store().read()).resolves.toEqual(expected)
  })

  it('stores only the dropped-to-contract fields', async () => {
    await store().write({ ...sampleUser(), sessionToken: 'secret' })
    const read = await store().read()
    expect(read).toMatchObject({ status: 'valid', user: sampleUser() })
    expect(JSON.stringify(read)).not.toContain('secret')
  })

  it('keeps no personal data in plaintext on disk and only a 256-bit key in the keychain', async () => {
    await store().write(sampleUser())
    const onDisk = await readFile(filePath, 'utf8')
    for (const needle of [
      'ada@example.com',
      'Ada Lovelace',
      'Ada laptop',
      'Office desktop',
      'desk-0002',
      'user_2NNEqL',
      'img.clerk.com',
    ]) {
      expect(onDisk).not.toContain(needle)
    }
    expect(JSON.parse(onDisk)).toMatchObject({ format: 'harbor.last-known-user', version: 1 })
    expect([...storage.items.keys()]).toEqual([LAST_KNOWN_USER_KEY_NAME])
    expect(Buffer.from(storage.items.get(LAST_KNOWN_USER_KEY_NAME)!, 'base64')).toHaveLength(32)
    if (process.platform !== 'win32') expect((await stat(filePath)).mode & 0o777).toBe(0o600)
  })

  it('uses a fresh IV for every write', async () => {
    const s = store()
    await s.write(sampleUser())
    const first = JSON.parse(await readFile(filePath, 'utf8')) as { iv: string; data: string }
    await s.write(sampleUser({ profile: { name: 'Ada' } }))
    const second = JSON.parse(await readFile(filePath, 'utf8')) as { iv: string; data: string }
    expect(second.iv).not.toBe(first.iv)
    expect(second.data).not.toBe(first.data)
  })

  it('asks the keychain for the key once, then reads from memory', async () => {
    await store().write(sampleUser())
    const s = store()
    storage.calls.getItem = 0
    await s.read()
    await s.read()
    await s.read()
    expect(storage.calls.getItem).toBe(1)
  })

  describe('discards a record it cannot trust, removing file and key', () => {
    type Envelope = { format: string; version: number; iv: string; tag: string; data: string }
    const editEnvelope = async (edit: (envelope: Envelope) => void) => {
      const envelope = JSON.parse(await readFile(filePath, 'utf8')) as Envelope
      edit(envelope)
      await writeFile(filePath, JSON.stringify(envelope))
    }
    const flipByte = (base64: string, index: number) => {
      const bytes = Buffer.from(base64, 'base64')
      bytes[index] = bytes[index]! ^ 0x01
      return bytes.toString('base64')
    }
    const cases: Array<[string, () => Promise<void>, RegExp]> = [
      [
        'one ciphertext byte flipped',
        () => editEnvelope((e) => void (e.data = flipByte(e.data, 10))),
        /could not be decrypted/,
      ],
      [
        'one tag byte flipped',
        () => editEnvelope((e) => void (e.tag = flipByte(e.tag, 0))),
        /could not be decrypted/,
      ],
      [
        'one IV byte flipped',
        () => editEnvelope((e) => void (e.iv = flipByte(e.iv, 3))),
        /could not be decrypted/,
      ],
      [
        'the ciphertext truncated',
        () => editEnvelope((e) => void (e.data = e.data.slice(0, 16))),
        /could not be decrypted/,
      ],
      [
        'the file truncated',
        async () => writeFile(filePath, (await readFile(filePath)).subarray(0, 40)),
        /not JSON/,
      ],
      ['garbage instead of JSON', () => writeFile(filePath, '\u0000\u0001garbage{'), /not JSON/],
      [
        'JSON of another shape',
        () => writeFile(filePath, JSON.stringify({ hello: 'world' })),
        /not an encrypted record/,
      ],
      [
        'plaintext JSON of a user',
        () => writeFile(filePath, JSON.stringify(sampleUser())),
        /not an encrypted record/,
      ],
      ['an empty file', () => writeFile(filePath, ''), /not JSON/],
      [
        'a newer format version',
        () => editEnvelope((e) => void (e.version = 2)),
        /unsupported format version 2/,
      ],
      [
        'a 12-byte tag',
        () => editEnvelope((e) => void (e.tag = Buffer.alloc(12).toString('base64'))),
        /malformed/,
      ],
      [
        'an oversized file',
        () => writeFile(filePath, ' '.repeat(300 * 1024)),
        /larger than any valid record/,
      ],
      [
        'another key in the keychain',
        async () => void storage.items.set(LAST_KNOWN_USER_KEY_NAME, Buffer.alloc(32, 7).toString('base64')),
        /could not be decrypted/,
      ],
      [
        'a malformed key in the keychain',
        async () => void storage.items.set(LAST_KNOWN_USER_KEY_NAME, 'short'),
        /key .* malformed/,
      ],
    ]
    it.each(cases)('%s', async (_name, corrupt, reason) => {
      await store().write(sampleUser())
      await corrupt()
      const result = await store().read()
      expect(result.status).toBe('discarded')
      if (result.status === 'discarded') expect(result.reason).toMatch(reason)
      expect(await fileExists()).toBe(false)
      expect(storage.items.has(LAST_KNOWN_USER_KEY_NAME)).toBe(false)
      await expect(store().read()).resolves.toEqual({ status: 'none' })
    })

    it('a record that decrypts but breaks the contract', async () => {
      // Written by a hypothetical older build that did not validate: encrypt an invalid user with the real key.
      await store().write(sampleUser())
      const { createCipheriv, randomBytes } = await import('node:crypto')
      const key = Buffer.from(storage.items.get(LAST_KNOWN_USER_KEY_NAME)!, 'base64')
      const iv = randomBytes(12)
      const cipher = createCipheriv('aes-256-gcm', key, iv)
      cipher.setAAD(Buffer.from('harbor.last-known-user/v1'))
      const data = Buffer.concat([
        cipher.update(JSON.stringify({ ...sampleUser(), clerkUserId: 'x' })),
        cipher.final(),
      ])
      await editEnvelope((e) => {
        e.iv = iv.toString('base64')
        e.data = data.toString('base64')
        e.tag = cipher.getAuthTag().toString('base64')
      })
      const result = await store().read()
      expect(result).toEqual({
        status: 'discarded',
        reason: expect.stringMatching(/record is invalid: clerkUserId/),
      })
      expect(await fileExists()).toBe(false)
    })
  })

  it('treats a file whose key is gone as none and removes the orphaned file', async () => {
    await store().write(sampleUser())
    storage.items.clear()
    await expect(store().read()).resolves.toEqual({ status: 'none' })
    expect(await fileExists()).toBe(false)
  })

  it('honours a record of exactly the maximum age and not one millisecond older', async () => {
    await store().write(sampleUser({ confirmedOnlineAt: NOW }))
    clock = NOW + MAX_OFFLINE_AGE_MS
    await expect(store().read()).resolves.toMatchObject({ status: 'valid', ageMs: MAX_OFFLINE_AGE_MS })
    clock = NOW + MAX_OFFLINE_AGE_MS + 1
    const expired = await store().read()
    expect(expired).toEqual({
      status: 'expired',
      ageMs: MAX_OFFLINE_AGE_MS + 1,
      maxAgeMs: MAX_OFFLINE_AGE_MS,
    })
    expect(expired).not.toHaveProperty('user')
    // Kept (encrypted) so the message stays "expired" until the next online sign-in overwrites it.
    expect(await fileExists()).toBe(true)
  })

  it('applies a configured maximum age', async () => {
    await store().write(sampleUser({ confirmedOnlineAt: NOW }))
    clock = NOW + 2 * HOUR
    await expect(store({ maxAgeMs: HOUR }).read()).resolves.toEqual({
      status: 'expired',
      ageMs: 2 * HOUR,
      maxAgeMs: HOUR,
    })
    await expect(store({ maxAgeMs: 3 * HOUR }).read()).resolves.toMatchObject({
      status: 'valid',
      maxAgeMs: 3 * HOUR,
    })
    expect(() => store({ maxAgeMs: 0 })).toThrow(/maxAgeMs must be a positive number/)
    expect(() => store({ maxAgeMs: Number.NaN })).toThrow(/maxAgeMs/)
  })

  it('tolerates a clock set back within the skew (age 0) and discards beyond it', async () => {
    await store().write(sampleUser({ confirmedOnlineAt: NOW }))
    clock = NOW - CLOCK_SKEW_MS + 1000
    await expect(store().read()).resolves.toMatchObject({ status: 'valid', ageMs: 0 })
    clock = NOW - CLOCK_SKEW_MS - 1
    await expect(store().read()).resolves.toEqual({
      status: 'discarded',
      reason: expect.stringMatching(/confirmedOnlineAt is in the future/),
    })
  })

  it('rejects an invalid write with a clear error and leaves the stored record untouched', async () => {
    const s = store()
    await s.write(sampleUser())
    const before = await readFile(filePath)
    const keyBefore = storage.items.get(LAST_KNOWN_USER_KEY_NAME)
    const calls = { ...storage.calls }
    await expect(s.write({ ...sampleUser(), profile: { email: 'not-an-email' } })).rejects.toThrow(
      'Refusing to store the last known user: profile.email must be an email address',
    )
    await expect(s.write(null)).rejects.toThrow(
      /Refusing to store the last known user: last known user must be an object/,
    )
    expect(await readFile(filePath)).toEqual(before)
    expect(storage.items.get(LAST_KNOWN_USER_KEY_NAME)).toBe(keyBefore)
    expect(storage.calls).toEqual(calls)
    expect(await readdir(join(dir, 'userData'))).toEqual(['last-known-user.json'])
    await expect(s.read()).resolves.toMatchObject({ status: 'valid', user: sampleUser() })
  })

  it('creates neither key nor file for an invalid first write', async () => {
    await expect(store().write({ version: 1 })).rejects.toThrow(/clerkUserId/)
    expect(storage.items.size).toBe(0)
    expect(await fileExists()).toBe(false)
  })

  it('serialises concurrent writes: one key, the last write wins, no temp files left', async () => {
    const s = store()
    const names = Array.from({ length: 20 }, (_, i) => `User ${i}`)
    await Promise.all(names.map((name) => s.write(sampleUser({ profile: { name } }))))
    expect(storage.calls.setItem).toBe(1)
    await expect(store().read()).resolves.toMatchObject({
      status: 'valid',
      user: { profile: { name: 'User 19' } },
    })
    expect(await readdir(join(dir, 'userData'))).toEqual(['last-known-user.json'])
  })

  it('orders a read after a write issued before it', async () => {
    const s = store()
    const write = s.write(sampleUser())
    const read = s.read()
    await write
    await expect(read).resolves.toMatchObject({ status: 'valid' })
  })

  it('forget removes the file and the key; forgetting nothing is fine', async () => {
    const s = store()
    await s.write(sampleUser())
    await s.read()
    await s.forget()
    expect(await fileExists()).toBe(false)
    expect(storage.items.size).toBe(0)
    await expect(s.read()).resolves.toEqual({ status: 'none' })
    await expect(s.forget()).resolves.toBeUndefined()
  })

  it('tells listeners what it holds: each write (also an unchanged one), a sign-out at once and once done', async () => {
    const s = store()
    const changes: string[] = []
    const stop = s.onChange((change) =>
      changes.push(change.kind === 'written' ? `written ${change.user.profile.name}` : 'cleared'),
    )
    await s.write(sampleUser())
    await s.write(sampleUser())
    const forgetting = s.forget()
    expect(changes.at(-1)).toBe('cleared')
    await forgetting
    expect(changes).toEqual([
      `written ${sampleUser().profile.name}`,
      `written ${sampleUser().profile.name}`,
      'cleared',
      'cleared',
    ])
    // A refused write tells nobody anything; neither does anything after unsubscribing.
    await expect(s.write({ version: 2 })).rejects.toThrow(/Refusing/)
    stop()
    await s.write(sampleUser())
    expect(changes).toHaveLength(4)
  })

  it('a sign-out queued after a write has the last word for listeners', async () => {
    const s = store()
    const changes: string[] = []
    s.onChange((change) => changes.push(change.kind))
    await Promise.all([s.write(sampleUser()), s.forget()])
    expect(changes).toEqual(['cleared', 'written', 'cleared'])
  })

  it('a discarded record is announced as cleared', async () => {
    await store().write(sampleUser())
    await writeFile(filePath, 'not json')
    const s = store()
    const changes: string[] = []
    s.onChange((change) => changes.push(change.kind))
    await expect(s.read()).resolves.toMatchObject({ status: 'discarded' })
    expect(changes).toEqual(['cleared'])
  })

  it('after the key was removed behind its back, a write stores a new key instead of reusing the cached one', async () => {
    const s = store()
    await s.write(sampleUser())
    await s.read()
    storage.items.clear()
    await s.write(sampleUser({ profile: { name: 'Ada' } }))
    expect(storage.items.has(LAST_KNOWN_USER_KEY_NAME)).toBe(true)
    await expect(store().read()).resolves.toMatchObject({ status: 'valid' })
  })

  it('fails with a clear error instead of hanging when the keychain does not answer', async () => {
    await store().write(sampleUser())
    const hanging: TokenStorage = {
      getItem: () => new Promise(() => {}),
      setItem: () => {},
      removeItem: () => {},
    }
    const started = Date.now()
    await expect(store({ storage: hanging, storageTimeoutMs: 50 }).read()).rejects.toThrow(
      /keychain did not answer within 50 ms/,
    )
    expect(Date.now() - started).toBeLessThan(2000)
    expect(await fileExists()).toBe(true)
  })

  it('writes no file when the keychain refuses the new key', async () => {
    const refusing: TokenStorage = {
      getItem: () => null,
      setItem: () => Promise.reject(new Error('Secret Service is locked')),
      removeItem: () => {},
    }
    await expect(store({ storage: refusing }).write(sampleUser())).rejects.toThrow('Secret Service is locked')
    expect(await fileExists()).toBe(false)
  })

  it('removes its temp file and keeps the previous record when the rename fails', async () => {
    await store().write(sampleUser())
    const before = await readFile(filePath)
    const failingFs = { ...nodeFs, rename: () => Promise.reject(new Error('EPERM: disk says no')) }
    await expect(store({ fs: failingFs }).write(sampleUser({ profile: {} }))).rejects.toThrow(
      'EPERM: disk says no',
    )
    expect(await readdir(join(dir, 'userData'))).toEqual(['last-known-user.json'])
    expect(await readFile(filePath)).toEqual(before)
  })
})
