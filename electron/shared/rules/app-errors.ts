// The error codes Convex functions throw on purpose (`ConvexError({ code, message })`, convex/lib/errors.ts)
// and the renderer switches on (renderer/src/backend/convex-errors.ts describes each in words). Pure; both
// sides import this file.

export const APP_ERROR_CODES = [
  'UNAUTHENTICATED',
  'USER_NOT_SYNCED',
  'USER_DELETED',
  'INVALID_ARGUMENT',
  'NOT_FOUND',
  /** `devices.signOutDevice`: no device with that id exists for anyone. */
  'DEVICE_NOT_FOUND',
  /** `devices.signOutDevice`: the device exists but belongs to another account. */
  'DEVICE_NOT_YOURS',
  /** `devices.signOutDevice`: that is the calling device (signing it out is the app's own Sign out). */
  'DEVICE_IS_CURRENT',
  /** The device (or the caller) registered with a token that carries no Clerk session id (`sid`). */
  'DEVICE_SESSION_UNKNOWN',
  /** `devices.register`: this device's session was revoked from another device; only a new sign-in helps. */
  'DEVICE_SIGNED_OUT',
  /** Clerk refused the revocation or could not be reached in time: nothing was changed. */
  'SIGN_OUT_FAILED',
  /** The deployment has no CLERK_SECRET_KEY, so it cannot ask Clerk to end sessions. */
  'SIGN_OUT_UNAVAILABLE',
] as const

/** Adding a code is a type error in every exhaustive switch over it (the renderer's error words). */
export type AppErrorCode = (typeof APP_ERROR_CODES)[number]

export type AppErrorData = { code: AppErrorCode; message: string }
