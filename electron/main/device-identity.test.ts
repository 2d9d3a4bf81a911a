import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { DEVICE_FILE, deviceNameFrom, loadDeviceInfo, toDevicePlatform } from './device-identity'

let dir: string
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'device-identity-'))
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

const base = () => ({
  userDataDir: join(dir, 'userData'),
  hostname: 'workstation',
  platform: 'linux',
  appVersion: '1.2.3',
})

describe('loadDeviceInfo', () => {
  it('generates an id once and keeps it across launches', async () => {
    let calls = 0
    const randomUUID = () => {
      calls += 1
      return `0f8fad5b-d9cb-469f-a165-7086772895${String(calls).padStart(2, '0')}`
    }
    const first = await loadDeviceInfo({ ...base(), randomUUID })
    const second = await loadDeviceInfo({ ...base(), randomUUID })
    expect(first).toEqual({
      deviceId: '0f8fad5b-d9cb-469f-a165-708677289501',
      name: 'workstation',
      platform: 'linux',
      appVersion: '1.2.3',
    })
    expect(second.deviceId).toBe(first.deviceId)
    expect(calls).toBe(1)
    const stored = JSON.parse(await readFile(join(dir, 'userData', DEVICE_FILE), 'utf8'))
    expect(stored).toEqual({ version: 1, deviceId: first.deviceId })
    // POSIX only: Windows has no permission bits (files report 0o666) and user profiles are per-user already.
    if (process.platform !== 'win32')
      expect((await stat(join(dir, 'userData', DEVICE_FILE))).mode & 0o077).toBe(0)
  })

  it('removes what a write interrupted by a crash left behind (old and new temp names)', async () => {
    await loadDeviceInfo(base())
    const leftovers = [`${DEVICE_FILE}.4242.tmp`, `${DEVICE_FILE}.6f1d7e1c-0000-4000-8000-000000000000.tmp`]
    for (const name of leftovers) await writeFile(join(dir, 'userData', name), '{"version":1,"deviceId":"x')
    await loadDeviceInfo(base())
    expect(await readdir(join(dir, 'userData'))).toEqual([DEVICE_FILE])
  })

  it('uses crypto.randomUUID by default', async () => {
    const info = await loadDeviceInfo(base())
    expect(info.deviceId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
  })

  it.each(['not json', '{"deviceId":"../../etc"}', '{"deviceId":"short"}', '{"deviceId":42}', 'null'])(
    'replaces a corrupt file (%s) with a new id',
    async (content) => {
      await loadDeviceInfo(base())
      await writeFile(join(dir, 'userData', DEVICE_FILE), content)
      const info = await loadDeviceInfo({
        ...base(),
        randomUUID: () => 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee',
      })
      expect(info.deviceId).toBe('aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee')
    },
  )

  it('refuses to store a malformed generated id', async () => {
    await expect(loadDeviceInfo({ ...base(), randomUUID: () => 'bad id' })).rejects.toThrow(
      /unexpected format/,
    )
  })
})

describe('device name and platform', () => {
  it.each([
    ['MacBook-Pro.local', 'MacBook-Pro'],
    ['  host  ', 'host'],
    ['', 'This computer'],
    ['\u0000\u001b', 'This computer'],
    ['x'.repeat(100), 'x'.repeat(64)],
  ])('%j -> %j', (hostname, name) => {
    expect(deviceNameFrom(hostname)).toBe(name)
  })

  it.each([
    ['darwin', 'macos'],
    ['win32', 'windows'],
    ['linux', 'linux'],
    ['freebsd', 'linux'],
  ])('%s -> %s', (platform, expected) => {
    expect(toDevicePlatform(platform)).toBe(expected)
  })
})
