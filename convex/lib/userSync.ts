import type { Doc, Id } from '../_generated/dataModel'
import type { MutationCtx, QueryCtx } from '../_generated/server'

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

/**
 * Applies a snapshot to the user's row, writing only what differs, so an unchanged snapshot costs no write.
 * Rules: a tombstone is final; a snapshot older than the stored `clerkUpdatedAt` does not touch the profile
 * (equal is the same Clerk version, so it may fill what the other source lacked); a newer timestamp is stored
 * even when the fields are equal, otherwise a delayed event from in between could still overwrite them.
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
  if (existing === null) {
    const userId = await ctx.db.insert('users', {
      clerkUserId: snapshot.clerkUserId,
      ...(tokenIdentifier === undefined ? {} : { tokenIdentifier }),
      ...definedOnly(snapshot.profile),
      clerkUpdatedAt: snapshot.clerkUpdatedAt,
      lastSyncedAt: now,
      lastSyncSource: source,
    })
    return { kind: 'created', userId }
  }
  if (existing.deletedAt !== undefined) return { kind: 'deleted', userId: existing._id }

  const patch: Partial<Doc<'users'>> = {}
  const stale = snapshot.clerkUpdatedAt < existing.clerkUpdatedAt
  if (!stale) {
    for (const key of PROFILE_KEYS) {
      // `undefined` in a patch removes the field: a claim that disappeared clears the stored value.
      if (existing[key] !== snapshot.profile[key]) Object.assign(patch, { [key]: snapshot.profile[key] })
    }
    if (snapshot.clerkUpdatedAt !== existing.clerkUpdatedAt) patch.clerkUpdatedAt = snapshot.clerkUpdatedAt
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
