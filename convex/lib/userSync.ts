import type { Doc, Id } from '../_generated/dataModel'
import type { MutationCtx, QueryCtx } from '../_generated/server'
import { cleanProfile } from './profileInput'

/**
 * How far ahead of the server's clock a Clerk `updated_at` may be. Clerk stamps it with its own clock, which is
 * NTP-close to ours; a version further ahead would make every real update after it look stale (the profile
 * freezes), so it is clamped to the server's time.
 */
export const MAX_VERSION_SKEW_MS = 5 * 60 * 1000

export type UserProfile = {
  email?: string | undefined
  emailVerified?: boolean | undefined
  name?: string | undefined
  givenName?: string | undefined
  familyName?: string | undefined
  nickname?: string | undefined
  pictureUrl?: string | undefined
}

/** What one source (a JWT or a webhook event) says about a user at Clerk's `updated_at`. */
export type UserSnapshot = { clerkUserId: string; profile: UserProfile; clerkUpdatedAt: number }

export type SyncSource = Doc<'users'>['lastSyncSource']

export type SyncOutcome =
  | { kind: 'created'; userId: Id<'users'> }
  | { kind: 'updated'; userId: Id<'users'> }
  | { kind: 'unchanged'; userId: Id<'users'> }
  /** Older than what is stored: nothing from the profile was applied. */
  | { kind: 'stale'; userId: Id<'users'> }
  /** Tombstoned: nothing was applied, ever. */
  | { kind: 'deleted'; userId: Id<'users'> }

const PROFILE_KEYS = [
  'email',
  'emailVerified',
  'name',
  'givenName',
  'familyName',
  'nickname',
  'pictureUrl',
] as const satisfies readonly (keyof UserProfile)[]

/** The only lookup of a user: one read on `by_clerk_id` (Clerk's id is the JWT subject). */
export function findUserByClerkId(ctx: QueryCtx, clerkUserId: string): Promise<Doc<'users'> | null> {
  return ctx.db
    .query('users')
    .withIndex('by_clerk_id', (q) => q.eq('clerkUserId', clerkUserId))
    .unique()
}

/** A version beyond the allowed skew is taken as "now": it still orders after everything stored so far. */
export function boundedVersion(clerkUpdatedAt: number, now: number): number {
  return clerkUpdatedAt > now + MAX_VERSION_SKEW_MS ? now : clerkUpdatedAt
}

/**
 * Applies a snapshot to the user's row, writing only what differs, so an unchanged snapshot costs no write.
 * Rules: a tombstone is final; every profile is cleaned first (profileInput.ts); versions from the future are
 * clamped to the server's time, and a stored one from the future counts as unknown (a frozen row heals); a
 * snapshot older than the stored version does not touch the profile; the same version is the same Clerk state
 * seen by another source, so it only fills fields the row lacks and never erases or replaces what the other
 * stored (a JWT template maps fewer claims than the webhook sends); a newer version replaces the profile and is
 * stored even when the fields are equal, otherwise a delayed event from in between could still overwrite them.
 * `tokenIdentifier` is identity, not profile: it is filled in whatever the snapshot's age.
 */
export async function applySnapshot(
  ctx: MutationCtx,
  existing: Doc<'users'> | null,
  snapshot: UserSnapshot,
  source: SyncSource,
  tokenIdentifier?: string,
): Promise<SyncOutcome> {
  const now = Date.now()
  const profile = cleanProfile(snapshot.profile)
  const version = boundedVersion(snapshot.clerkUpdatedAt, now)
  if (existing === null) {
    const userId = await ctx.db.insert('users', {
      clerkUserId: snapshot.clerkUserId,
      ...(tokenIdentifier === undefined ? {} : { tokenIdentifier }),
      ...definedOnly(profile),
      clerkUpdatedAt: version,
      lastSyncedAt: now,
      lastSyncSource: source,
    })
    return { kind: 'created', userId }
  }
  if (existing.deletedAt !== undefined) return { kind: 'deleted', userId: existing._id }

  const patch: Partial<Doc<'users'>> = {}
  // A stored version from the future (written before versions were bounded) is not trusted at all: any real
  // snapshot replaces it, so a profile it froze heals on the next update.
  const storedVersion = existing.clerkUpdatedAt > now + MAX_VERSION_SKEW_MS ? 0 : existing.clerkUpdatedAt
  const stale = version < storedVersion
  if (!stale) {
    const sameVersion = version === storedVersion
    for (const key of PROFILE_KEYS) {
      if (existing[key] === profile[key]) continue
      // Same version: fill only. Newer: `undefined` in a patch removes the field (a claim that disappeared).
      if (sameVersion && (existing[key] !== undefined || profile[key] === undefined)) continue
      Object.assign(patch, { [key]: profile[key] })
    }
    if (version !== existing.clerkUpdatedAt) patch.clerkUpdatedAt = version
    if (Object.keys(patch).length > 0) {
      patch.lastSyncedAt = now
      patch.lastSyncSource = source
    }
  }
  if (tokenIdentifier !== undefined && existing.tokenIdentifier !== tokenIdentifier) {
    patch.tokenIdentifier = tokenIdentifier
  }
  if (Object.keys(patch).length === 0) return { kind: stale ? 'stale' : 'unchanged', userId: existing._id }
  await ctx.db.patch(existing._id, patch)
  return { kind: 'updated', userId: existing._id }
}

/**
 * user.deleted: keeps only the id and the tombstone (profile removed), deletes the user's devices. A delete
 * for a user never seen still leaves a tombstone, so a user.created delivered late cannot bring them back.
 */
export async function tombstoneUser(
  ctx: MutationCtx,
  existing: Doc<'users'> | null,
  clerkUserId: string,
): Promise<'deleted' | 'already-deleted'> {
  const now = Date.now()
  if (existing === null) {
    await ctx.db.insert('users', {
      clerkUserId,
      clerkUpdatedAt: 0,
      lastSyncedAt: now,
      lastSyncSource: 'webhook',
      deletedAt: now,
    })
    return 'deleted'
  }
  if (existing.deletedAt !== undefined) return 'already-deleted'
  await ctx.db.replace(existing._id, {
    clerkUserId: existing.clerkUserId,
    ...(existing.tokenIdentifier === undefined ? {} : { tokenIdentifier: existing.tokenIdentifier }),
    clerkUpdatedAt: existing.clerkUpdatedAt,
    lastSyncedAt: now,
    lastSyncSource: 'webhook',
    deletedAt: now,
  })
  // An index range bounded by MAX_DEVICES_PER_USER (devices.register enforces it), so one transaction suffices.
  const devices = await ctx.db
    .query('devices')
    .withIndex('by_owner_and_device_id', (q) => q.eq('ownerId', existing._id))
    .collect()
  for (const device of devices) await ctx.db.delete(device._id)
  return 'deleted'
}

function definedOnly(profile: UserProfile): UserProfile {
  return Object.fromEntries(Object.entries(profile).filter(([, value]) => value !== undefined))
}
