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
export const APP_VERSION_MAX = 32
/** Bounds the work of `devices.list` and of deleting a user's devices in one transaction. */
export const MAX_DEVICES_PER_USER = 50

/** The longest `<scheme>://...` link the main process accepts from outside. */
export const MAX_LINK_LENGTH = 2048

/** How long a cached user is honoured without the servers confirming the session. The one place to change it. */
export const MAX_OFFLINE_AGE_MS = 30 * 24 * 60 * 60 * 1000
export const MAX_OFFLINE_AGE_DAYS = MAX_OFFLINE_AGE_MS / (24 * 60 * 60 * 1000)
