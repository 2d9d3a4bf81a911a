import {
  APP_VERSION_MAX,
  DEVICE_ID_DESCRIPTION,
  DEVICE_ID_PATTERN,
  DEVICE_NAME_MAX,
  MAX_DEVICES_PER_USER,
} from '../../electron/shared/rules/limits'
import { appError } from './errors'

// The limits every tier shares live in electron/shared/rules/limits.ts (relative import: Convex's esbuild
// bundling follows it, and convex/tsconfig.json type-checks it).
export { APP_VERSION_MAX, DEVICE_ID_PATTERN, DEVICE_NAME_MAX, MAX_DEVICES_PER_USER }

// Control characters would render as garbage (or reorder text) in the device list of every signed-in app.
// eslint-disable-next-line no-control-regex
const CONTROL_CHARS = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/

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
  if (CONTROL_CHARS.test(trimmed)) {
    throw appError('INVALID_ARGUMENT', `${field} must not contain control characters.`)
  }
  return trimmed
}

export const checkDeviceName = (name: string): string => checkText('name', name, DEVICE_NAME_MAX)
export const checkAppVersion = (appVersion: string): string =>
  checkText('appVersion', appVersion, APP_VERSION_MAX)
