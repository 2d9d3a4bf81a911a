import {
  APP_VERSION_MAX,
  CONTROL_CHARACTERS,
  DEVICE_ID_DESCRIPTION,
  DEVICE_ID_PATTERN,
  DEVICE_NAME_MAX,
  MAX_DEVICES_PER_USER,
  parseDeviceCustomName,
} from '../../electron/shared/rules/limits'
import { appError } from './errors'

// The limits every tier shares live in electron/shared/rules/limits.ts (relative import: Convex's esbuild
// bundling follows it, and convex/tsconfig.json type-checks it).
export { APP_VERSION_MAX, DEVICE_ID_PATTERN, DEVICE_NAME_MAX, MAX_DEVICES_PER_USER }

export function checkDeviceId(deviceId: string): string {
  if (!DEVICE_ID_PATTERN.test(deviceId)) {
    throw appError('INVALID_ARGUMENT', `deviceId must be ${DEVICE_ID_DESCRIPTION}.`)
  }
  return deviceId
}

function checkText(field: string, value: string, max: number): string {
  const trimmed = value.trim()
  if (trimmed.length === 0 || trimmed.length > max) {
    throw appError('INVALID_ARGUMENT', `${field} must be 1 to ${max} characters (after trimming spaces).`)
  }
  if (CONTROL_CHARACTERS.test(trimmed)) {
    throw appError('INVALID_ARGUMENT', `${field} must not contain control characters.`)
  }
  return trimmed
}

export const checkDeviceName = (name: string): string => checkText('name', name, DEVICE_NAME_MAX)
export const checkAppVersion = (appVersion: string): string =>
  checkText('appVersion', appVersion, APP_VERSION_MAX)

/** A name the user chose (`devices.rename`): the renderer checks the same rule before sending it. */
export function checkDeviceCustomName(name: string): string {
  const parsed = parseDeviceCustomName(name)
  if (!parsed.ok) throw appError('INVALID_ARGUMENT', parsed.message)
  return parsed.name
}
