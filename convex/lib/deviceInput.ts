import { appError } from './errors'

export const DEVICE_ID_PATTERN = /^[A-Za-z0-9_-]{8,64}$/
export const DEVICE_NAME_MAX = 100
export const APP_VERSION_MAX = 32
/** Bounds the work of `devices.list` and of deleting a user's devices in one transaction. */
export const MAX_DEVICES_PER_USER = 50

// Control characters would render as garbage (or reorder text) in the device list of every signed-in app.
// eslint-disable-next-line no-control-regex
const CONTROL_CHARS = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/

export function checkDeviceId(deviceId: string): string {
  if (!DEVICE_ID_PATTERN.test(deviceId)) {
    throw appError('INVALID_ARGUMENT', 'deviceId must be 8 to 64 letters, digits, "-" or "_".')
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
