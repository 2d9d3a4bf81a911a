// The error classes of the real backend's `ErrorMetadata` (crates/errors/src/lib.rs) that the sync socket
// distinguishes, and what each one does to the WebSocket (crates/local_backend/src/subs/mod.rs):
// - an Authenticate that fails with Unauthenticated / Forbidden / BadRequest becomes AuthUpdateFailed: an
//   `AuthError` message with `authUpdateAttempted: true`, then a close frame WITHOUT a status code (the client
//   sees 1005);
// - Unauthenticated outside Authenticate (a session token that expired): `AuthError` with
//   `authUpdateAttempted: false`, then the same bare close;
// - BadRequest outside Authenticate (a protocol violation): `FatalError`, then a bare close;
// - NotFound / Forbidden: close 1000; RateLimited / Overloaded: close 1013 ("try again"); both with the short
//   message as the reason and no application message;
// - anything else (an internal error): close 1011 with reason "InternalServerError".
export type BackendErrorCode =
  'Unauthenticated' | 'Forbidden' | 'BadRequest' | 'NotFound' | 'RateLimited' | 'Overloaded' | 'Internal'

export class BackendError extends Error {
  constructor(
    readonly code: BackendErrorCode,
    /** CapitalCamelCase tag (`short_msg`), used as the close reason. */
    readonly shortMsg: string,
    /** The developer-facing message (`msg`): what `AuthError.error` and `FatalError.error` carry. */
    message: string,
  ) {
    super(message)
    this.name = 'BackendError'
  }
}

/** `ErrorCode::from_http_status_code`, with the backend's fallback to BadRequest for anything unmapped. */
export function errorCodeForHttpStatus(status: number): BackendErrorCode {
  if (status === 401) return 'Unauthenticated'
  if (status === 403) return 'Forbidden'
  if (status === 404) return 'NotFound'
  if (status === 429) return 'RateLimited'
  if (status >= 400 && status < 500) return 'BadRequest'
  if (status >= 500 && status < 600) return 'Overloaded'
  return 'BadRequest'
}

/** How the socket ends for an error that is not turned into an AuthError/FatalError message. */
export function closeFrameFor(error: unknown): { code: number; reason: string } | null {
  if (!(error instanceof BackendError)) return { code: 1011, reason: 'InternalServerError' }
  switch (error.code) {
    case 'NotFound':
    case 'Forbidden':
      return { code: 1000, reason: truncateReason(error.shortMsg) }
    case 'RateLimited':
    case 'Overloaded':
      return { code: 1013, reason: truncateReason(error.shortMsg) }
    case 'Internal':
      return { code: 1011, reason: 'InternalServerError' }
    // Client errors: no close code, the client handles the message and closes.
    case 'Unauthenticated':
    case 'BadRequest':
      return null
  }
}

/** RFC 6455 limits a close reason to 123 bytes. */
function truncateReason(reason: string): string {
  const bytes = Buffer.from(reason)
  return bytes.length <= 123 ? reason : bytes.subarray(0, 123).toString()
}
