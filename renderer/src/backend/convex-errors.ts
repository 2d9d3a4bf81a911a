// Turns anything a Convex call can throw into words a person can act on. The server throws
// `ConvexError({ code, message })` (see convex/lib); the client can also fail for network reasons or with
// an opaque "Server Error" when a function crashed. Pure: no React, no Convex client.

import { TimeoutError } from '../../../electron/shared/with-timeout'
import type { AppErrorCode } from '../../../electron/shared/rules/app-errors'

/** The server's codes (electron/shared/rules/app-errors.ts) and the client's own. */
export type KnownErrorCode = AppErrorCode | 'NETWORK' | 'TIMEOUT' | 'SERVER_ERROR' | 'UNKNOWN'

export interface DescribedError {
  /** A known code, or the server's own code when it sent one we do not know. */
  code: KnownErrorCode | (string & {})
  title: string
  message: string
  /** Whether trying the same call again later can succeed without the user changing anything. */
  retryable: boolean
}

/** Thrown by our own timeouts (electron/shared/with-timeout.ts); recognised here as a network problem. */
export { TimeoutError }

interface Template {
  title: string
  message: string
  retryable: boolean
}

const TEMPLATES: Record<KnownErrorCode, Template> = {
  UNAUTHENTICATED: {
    title: 'Not signed in to the server',
    message:
      'The server did not accept your sign-in. It usually recovers by itself; if not, sign out and in again.',
    retryable: true,
  },
  USER_NOT_SYNCED: {
    title: 'Your account is still being set up',
    message: 'Your account has not reached the server yet. This takes a moment after the first sign-in.',
    retryable: true,
  },
  USER_DELETED: {
    title: 'This account was deleted',
    message:
      'The account you are signed in with no longer exists. Sign out and sign in with another account.',
    retryable: false,
  },
  INVALID_ARGUMENT: {
    title: 'The request was not valid',
    message: 'The server rejected what the app sent.',
    retryable: false,
  },
  NOT_FOUND: {
    title: 'Not found',
    message: 'It no longer exists; it may have been removed from another device.',
    retryable: false,
  },
  DEVICE_NOT_FOUND: {
    title: 'That device is gone',
    message: 'It is no longer in your list; it may have been removed from another device.',
    retryable: false,
  },
  DEVICE_NOT_YOURS: {
    title: 'Not your device',
    message: 'That device belongs to another account, so it cannot be signed out from here.',
    retryable: false,
  },
  DEVICE_IS_CURRENT: {
    title: 'That is this device',
    message: 'To sign this device out, use Sign out in the account menu.',
    retryable: false,
  },
  DEVICE_SESSION_UNKNOWN: {
    title: 'Cannot sign that device out from here',
    message:
      'The server does not know which sign-in that device uses. Sign it out on the device itself, or remove it.',
    retryable: false,
  },
  DEVICE_SIGNED_OUT: {
    title: 'This device was signed out',
    message: 'This device was signed out from another device. Sign in again to use it.',
    retryable: false,
  },
  SIGN_OUT_FAILED: {
    title: 'The device could not be signed out',
    message: 'The sign-in service did not confirm it, so nothing was changed. Try again in a moment.',
    retryable: true,
  },
  SIGN_OUT_UNAVAILABLE: {
    title: 'Signing other devices out is not set up',
    message:
      'This Harbor server cannot end sessions yet (its administrator has to add the Clerk secret key).',
    retryable: false,
  },
  NETWORK: {
    title: 'Cannot reach the server',
    message: 'Check your internet connection. The app keeps trying by itself.',
    retryable: true,
  },
  TIMEOUT: {
    title: 'The server is taking too long',
    message: 'No answer arrived in time. Check your connection and try again.',
    retryable: true,
  },
  SERVER_ERROR: {
    title: 'Something went wrong on the server',
    message: 'The server could not complete the request. Try again in a moment.',
    retryable: true,
  },
  UNKNOWN: {
    title: 'Something went wrong',
    message:
      'An unexpected error occurred. Try again; if it keeps happening, copy a report from Diagnostics.',
    retryable: true,
  },
}

// Server messages are written for people (see convex/lib) but are still untrusted text: cap their length.
const MAX_DETAIL_LENGTH = 300

function isConvexError(error: unknown): error is Error & { data: unknown } {
  // `instanceof` fails across bundled copies of `convex/values`; Convex itself tags errors with this symbol.
  return (
    error instanceof Error &&
    'data' in error &&
    ((error as unknown as Record<symbol, unknown>)[Symbol.for('ConvexError')] === true ||
      error.name === 'ConvexError')
  )
}

function serverDetail(data: unknown): { code: string | null; message: string | null } {
  if (typeof data === 'string') return { code: null, message: data }
  if (data !== null && typeof data === 'object') {
    const record = data as Record<string, unknown>
    return {
      code: typeof record.code === 'string' && record.code !== '' ? record.code : null,
      message: typeof record.message === 'string' && record.message.trim() !== '' ? record.message : null,
    }
  }
  return { code: null, message: null }
}

function clip(text: string): string {
  const trimmed = text.trim()
  return trimmed.length > MAX_DETAIL_LENGTH ? `${trimmed.slice(0, MAX_DETAIL_LENGTH - 1)}…` : trimmed
}

function isNetworkFailure(error: Error): boolean {
  // fetch() rejects with a TypeError whose message differs per engine; Convex's HTTP client surfaces those.
  if (error.name === 'TypeError' && /fetch|network|load failed/i.test(error.message)) return true
  return /\b(ERR_INTERNET_DISCONNECTED|ERR_NAME_NOT_RESOLVED|ERR_NETWORK_CHANGED|ECONNREFUSED|ENOTFOUND)\b/.test(
    error.message,
  )
}

export function describeConvexError(error: unknown): DescribedError {
  if (isConvexError(error)) {
    const { code, message } = serverDetail(error.data)
    const template =
      code !== null && Object.hasOwn(TEMPLATES, code) ? TEMPLATES[code as KnownErrorCode] : null
    if (template) {
      // For validation and not-found errors the server's message says *what* was wrong; keep it.
      const specific = code === 'INVALID_ARGUMENT' || code === 'NOT_FOUND'
      // A failed sign-out's message says why (no answer in time, refused) and that nothing changed: it replaces.
      const own = code === 'SIGN_OUT_FAILED' && message
      return {
        code: code as KnownErrorCode,
        title: template.title,
        message: own
          ? clip(message)
          : specific && message
            ? `${template.message} ${clip(message)}`
            : template.message,
        retryable: template.retryable,
      }
    }
    return {
      code: code ?? 'UNKNOWN',
      title: TEMPLATES.UNKNOWN.title,
      message: message ? clip(message) : TEMPLATES.UNKNOWN.message,
      retryable: true,
    }
  }
  if (error instanceof TimeoutError || (error instanceof Error && error.name === 'TimeoutError')) {
    return { code: 'TIMEOUT', ...TEMPLATES.TIMEOUT }
  }
  if (error instanceof Error && isNetworkFailure(error)) return { code: 'NETWORK', ...TEMPLATES.NETWORK }
  // A function that threw a plain Error reaches the client as "[CONVEX M(x)] ... Server Error" with no detail.
  if (error instanceof Error && /\[CONVEX [QMA]\(|Server Error/.test(error.message)) {
    return { code: 'SERVER_ERROR', ...TEMPLATES.SERVER_ERROR }
  }
  return { code: 'UNKNOWN', ...TEMPLATES.UNKNOWN }
}
