import { ConvexError } from 'convex/values'

/**
 * Every error a Convex function in this app throws on purpose. The renderer imports this union and
 * switches on `error.data.code`, so adding a code is a breaking change for its exhaustive switches.
 */
export type AppErrorCode =
  'UNAUTHENTICATED' | 'USER_NOT_SYNCED' | 'USER_DELETED' | 'INVALID_ARGUMENT' | 'NOT_FOUND'

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
