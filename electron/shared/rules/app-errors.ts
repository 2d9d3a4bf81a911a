// The error codes Convex functions throw on purpose (`ConvexError({ code, message })`, convex/lib/errors.ts)
// and the renderer switches on (renderer describes each in words). Pure; both sides import this file.

export const APP_ERROR_CODES = [
  'UNAUTHENTICATED',
  'USER_NOT_SYNCED',
  'USER_DELETED',
  'INVALID_ARGUMENT',
  'NOT_FOUND',
] as const

/** Adding a code is a type error in every exhaustive switch over it (the renderer's error words). */
export type AppErrorCode = (typeof APP_ERROR_CODES)[number]

export type AppErrorData = { code: AppErrorCode; message: string }
