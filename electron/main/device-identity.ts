// This installation's identity for the devices feature: an id generated once and kept in userData (it must
// survive restarts and updates, and differ between two installs on one machine), plus a human name.
import { randomUUID as nodeRandomUUID } from 'node:crypto'
import * as nodeFs from 'node:fs/promises'
import { join } from 'node:path'
import type { DeviceInfo, DevicePlatform } from '../shared/contract'
import { removeLeftoverTempFiles, writeFileAtomic, type AtomicFileSystem } from './atomic-file'
import { DEVICE_ID_PATTERN as DEVICE_ID } from '../shared/rules/limits'

export interface DeviceIdentityOptions {
  userDataDir: string
  hostname: string
  platform: string
  appVersion: string
  randomUUID?: () => string
  /** File access (fault injection in tests); node's by default. */
  fs?: AtomicFileSystem & Pick<typeof nodeFs, 'readFile'>
}

export const DEVICE_FILE = 'device.json'

export function toDevicePlatform(platform: string): DevicePlatform {
  if (platform === 'darwin') return 'macos'
  if (platform === 'win32') return 'windows'
  return 'linux'
}

/** Host names can be empty, very long, or `something.local`; the devices list wants something short. */
export function deviceNameFrom(hostname: string): string {
  const cleaned = hostname
    // eslint-disable-next-line no-control-regex -- refusing control characters is the point
    .replace(/[\u0000-\u001f\u007f]/g, '')
    .trim()
    .replace(/\.local$/i, '')
  return cleaned === '' ? 'This computer' : cleaned.slice(0, 64)
}

async function readDeviceId(filePath: string, fs: Pick<typeof nodeFs, 'readFile'>): Promise<string | null> {
  try {
    const value: unknown = JSON.parse(await fs.readFile(filePath, 'utf8'))
    const id =
      typeof value === 'object' && value !== null ? (value as { deviceId?: unknown }).deviceId : undefined
    return typeof id === 'string' && DEVICE_ID.test(id) ? id : null
  } catch {
    return null
  }
}

export async function loadDeviceInfo(options: DeviceIdentityOptions): Promise<DeviceInfo> {
  const filePath = join(options.userDataDir, DEVICE_FILE)
  const fs = options.fs ?? nodeFs
  // What an interrupted first write left behind (this runs once per launch, before any write of ours).
  await removeLeftoverTempFiles([filePath], fs)
  let deviceId = await readDeviceId(filePath, fs)
  if (deviceId === null) {
    // Missing or corrupt: a new id. The old one (if any) is unrecoverable, so this shows up as a new device.
    deviceId = (options.randomUUID ?? nodeRandomUUID)()
    if (!DEVICE_ID.test(deviceId)) throw new Error('Generated device id has an unexpected format')
    await writeFileAtomic(filePath, JSON.stringify({ version: 1, deviceId }), { mode: 0o600, fs })
  }
  return {
    deviceId,
    name: deviceNameFrom(options.hostname),
    platform: toDevicePlatform(options.platform),
    appVersion: options.appVersion,
  }
}
