// Redaction for text that leaves the app (support reports). Applied to every value *and* once more to the
// whole report, so a token or address hiding inside an error message is caught too. The secret shapes the log
// redactor also removes come from electron/shared/secret-patterns.ts; this one adds any three-segment token,
// Convex deploy keys, bearer credentials and email addresses.
import { JWT_PATTERN, SECRET_KEY_PATTERN } from '../../../electron/shared/secret-patterns'

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g
// Three base64url segments, the first two at least 8 characters: a JWT (or JWS) not starting with `eyJ`, too.
const JWT = /\b[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/g
const BEARER = /\bBearer\s+\S+/gi
// Convex deploy keys (Clerk's secret keys and webhook secrets: the shared SECRET_KEY_PATTERN).
const CONVEX_DEPLOY_KEYS = /\b(?:prod:|dev:)[A-Za-z0-9|_+=/-]{8,}/g

/** `alice@example.com` -> `a***@example.com`: enough for support to match an account, not the address. */
export function redactEmail(email: string): string {
  const at = email.lastIndexOf('@')
  if (at <= 0) return '***'
  return `${email[0]}***@${email.slice(at + 1)}`
}

export function scrubSecrets(text: string): string {
  return text
    .replace(BEARER, 'Bearer [redacted]')
    .replace(JWT_PATTERN, '[redacted token]')
    .replace(JWT, '[redacted token]')
    .replace(SECRET_KEY_PATTERN, '[redacted key]')
    .replace(CONVEX_DEPLOY_KEYS, '[redacted key]')
    .replace(EMAIL, (match) => redactEmail(match))
}
