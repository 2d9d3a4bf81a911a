// Input limits and identifier formats every tier agrees on: the main process (deep links, device identity, the
// cache), the renderer (routes, the cache record it builds) and Convex (argument checks). Pure: no Node, no DOM,
// no Convex; each tier imports it by relative path (Convex's esbuild bundling follows relative imports).

/**
 * A device id: what electron/main/device-identity.ts generates (a UUID, 36 characters) and what
 * convex/lib/deviceInput.ts accepts. The one definition; routes, deep links and the cache use it too.
 */
export const DEVICE_ID_PATTERN = /^[A-Za-z0-9_-]{8,64}$/
export const DEVICE_ID_DESCRIPTION = '8 to 64 letters, digits, "-" or "_"'

/** Clerk's user ids (`user_` + base62). */
export const CLERK_USER_ID_PATTERN = /^user_[A-Za-z0-9]{1,64}$/

export const DEVICE_NAME_MAX = 100
/** The longest name a person may give a device (`devices.rename`), in characters after trimming. */
export const DEVICE_CUSTOM_NAME_MAX = 64

/**
 * Characters that would render as garbage, break a line or reorder the text around them in every signed-in
 * app's device list: C0 and C1 controls, DEL, bidi marks, embeddings, overrides and isolates, and the line and
 * paragraph separators. (The zero-width joiner stays: emoji sequences need it.)
 */
export const CONTROL_CHARACTERS =
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/

export type DeviceNameCheck =
  | { ok: true; name: string }
  | { ok: false; problem: 'empty' | 'too-long' | 'control-characters'; message: string }

/**
 * A name someone typed for a device: trimmed and NFC-normalised, then 1 to DEVICE_CUSTOM_NAME_MAX characters
 * (code points, so an emoji counts once) without control characters. The renderer shows `message` next to
 * the field; Convex's `devices.rename` throws it, so both say the same thing.
 */
export function parseDeviceCustomName(input: string): DeviceNameCheck {
  const name = input.normalize('NFC').trim()
  if (name.length === 0) return { ok: false, problem: 'empty', message: 'Enter a name for the device.' }
  const length = [...name].length
  if (length > DEVICE_CUSTOM_NAME_MAX) {
    return {
      ok: false,
      problem: 'too-long',
      message: `Use at most ${DEVICE_CUSTOM_NAME_MAX} characters (this name has ${length}).`,
    }
  }
  if (CONTROL_CHARACTERS.test(name)) {
    return {
      ok: false,
      problem: 'control-characters',
      message: 'Remove the line breaks and invisible control characters from the name.',
    }
  }
  return { ok: true, name }
}
export const APP_VERSION_MAX = 32
/** Bounds the work of `devices.list` and of deleting a user's devices in one transaction. */
export const MAX_DEVICES_PER_USER = 50

/** The longest `<scheme>://...` link the main process accepts from outside. */
export const MAX_LINK_LENGTH = 2048

/** How long a cached user is honoured without the servers confirming the session. The one place to change it. */
export const MAX_OFFLINE_AGE_MS = 30 * 24 * 60 * 60 * 1000
export const MAX_OFFLINE_AGE_DAYS = MAX_OFFLINE_AGE_MS / (24 * 60 * 60 * 1000)
