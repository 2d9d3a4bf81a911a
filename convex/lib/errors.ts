import { ConvexError } from 'convex/values'

import type { AppErrorCode, AppErrorData } from '../../electron/shared/rules/app-errors'

/**
 * Every error a Convex function in this app throws on purpose carries one of the codes in
 * electron/shared/rules/app-errors.ts; the renderer imports the same list and describes each code in words.
 */
export type { AppErrorCode, AppErrorData }

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
