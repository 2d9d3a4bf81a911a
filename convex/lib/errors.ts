import { ConvexError } from 'convex/values'

/**
 * Every error a Convex function in this app throws on purpose. The renderer imports this union and
 * switches on `error.data.code`, so adding a code is a breaking change for its exhaustive switches.
 */
export type AppErrorCode =
  | 'UNAUTHENTICATED'
  | 'USER_NOT_SYNCED'
  | 'USER_DELETED'
  | 'INVALID_ARGUMENT'
  | 'NOT_FOUND'
  /** `devices.signOutDevice`: no device with that id exists for anyone. */
  | 'DEVICE_NOT_FOUND'
  /** `devices.signOutDevice`: the device exists but belongs to another account. */
  | 'DEVICE_NOT_YOURS'
  /** `devices.signOutDevice`: that is the calling device (signing it out is the app's own Sign out). */
  | 'DEVICE_IS_CURRENT'
  /** The device (or the caller) registered with a token that carries no Clerk session id (`sid`). */
  | 'DEVICE_SESSION_UNKNOWN'
  /** `devices.register`: this device's session was revoked from another device; only a new sign-in helps. */
  | 'DEVICE_SIGNED_OUT'
  /** Clerk refused the revocation or could not be reached in time: nothing was changed. */
  | 'SIGN_OUT_FAILED'
  /** The deployment has no CLERK_SECRET_KEY, so it cannot ask Clerk to end sessions. */
  | 'SIGN_OUT_UNAVAILABLE'

export type AppErrorData = { code: AppErrorCode; message: string }

export function appError(code: AppErrorCode, message: string): ConvexError<AppErrorData> {
  return new ConvexError({ code, message })
}

/** Narrows anything caught on the client or in tests to one of our errors. */
export function isAppError(error: unknown): error is ConvexError<AppErrorData> {
  if (!(error instanceof ConvexError)) return false
  const data: unknown = error.data
  return (
    typeof data === 'object' &&
    data !== null &&
    typeof (data as { code?: unknown }).code === 'string' &&
    typeof (data as { message?: unknown }).message === 'string'
  )
}
