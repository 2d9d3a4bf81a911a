import type { UserIdentity } from 'convex/server'
import type { UserProfile, UserSnapshot } from './userSync'

/** Empty or whitespace-only claims mean "not set": Clerk renders missing shortcodes as "" in some templates. */
function text(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined
  const trimmed = value.trim()
  return trimmed === '' ? undefined : trimmed
}

function flag(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value
  // A JWT template can render booleans as strings ("{{user.email_verified}}" inside quotes).
  if (value === 'true') return true
  if (value === 'false') return false
  return undefined
}

/**
 * Clerk's `updated_at` claim in ms. Convex types it as a string, Clerk emits a number: accept both, in seconds
 * (OIDC) or ms (Clerk's own unit), or an ISO date. Anything else is 0 = "unknown", which never beats a real
 * timestamp, so a template without the claim can create a row but not overwrite webhook data.
 */
export function parseUpdatedAt(value: unknown): number {
  let ms: number
  if (typeof value === 'number') ms = value
  else if (typeof value === 'string' && /^\d+(\.\d+)?$/.test(value.trim())) ms = Number(value)
  else if (typeof value === 'string') ms = Date.parse(value)
  else return 0
  if (!Number.isFinite(ms) || ms <= 0) return 0
  // Below 1e12 it can only be seconds: 1e12 ms is September 2001, 1e12 s is the year 33658.
  if (ms < 1e12) ms *= 1000
  return Math.floor(ms)
}

export function profileFromIdentity(identity: UserIdentity): UserProfile {
  return {
    email: text(identity.email),
    emailVerified: flag(identity.emailVerified),
    name: text(identity.name),
    givenName: text(identity.givenName),
    familyName: text(identity.familyName),
    nickname: text(identity.nickname),
    pictureUrl: text(identity.pictureUrl),
  }
}

export function snapshotFromIdentity(identity: UserIdentity): UserSnapshot {
  return {
    clerkUserId: identity.subject,
    profile: profileFromIdentity(identity),
    clerkUpdatedAt: parseUpdatedAt(identity.updatedAt),
  }
}
