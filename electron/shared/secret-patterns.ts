// The secret shapes both redactors remove: the main process's log redactor (electron/main/logging.ts, which
// also scrubs the renderer's forwarded console) and the renderer's support-report scrubber
// (renderer/src/lib/redact.ts, which also masks email addresses for text leaving through the clipboard).
// Global regexes: use them only with `String.prototype.replace`, never `.test` (that keeps state). Pure.

/** A JWT anywhere: no word boundary, it can follow any character (`token:eyJ...`, `_eyJ...`). */
export const JWT_PATTERN = /eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g

/** Clerk secret keys and svix webhook secrets, wherever they appear; group 1 is the prefix. */
export const SECRET_KEY_PATTERN = /(sk_(?:live|test)_|whsec_)[A-Za-z0-9+/=_-]+/g
