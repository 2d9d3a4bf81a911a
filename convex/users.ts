import { v } from 'convex/values'
import { internalMutation, mutation, query } from './_generated/server'
import { snapshotFromIdentity } from './lib/claims'
import { claimDelivery } from './lib/deliveries'
import { appError } from './lib/errors'
import { getCurrentUser } from './lib/auth'
import { applySnapshot, findUserByClerkId, tombstoneUser } from './lib/userSync'
import { userFields, userProfileFields } from './schema'

const userDocValidator = v.object({ _id: v.id('users'), _creationTime: v.number(), ...userFields })

/**
 * Creates or updates the caller's row from their JWT claims. Called by the renderer after every sign-in.
 * Idempotent: unchanged claims write nothing. A tombstoned user is never brought back (USER_DELETED).
 */
export const store = mutation({
  args: {},
  returns: v.object({ userId: v.id('users'), created: v.boolean(), changed: v.boolean() }),
  handler: async (ctx) => {
    const identity = await ctx.auth.getUserIdentity()
    if (identity === null) throw appError('UNAUTHENTICATED', 'Sign in to continue.')
    const existing = await findUserByClerkId(ctx, identity.subject)
    const outcome = await applySnapshot(
      ctx,
      existing,
      snapshotFromIdentity(identity),
      'jwt',
      identity.tokenIdentifier,
    )
    if (outcome.kind === 'deleted') throw appError('USER_DELETED', 'This account has been deleted.')
    return {
      userId: outcome.userId,
      created: outcome.kind === 'created',
      changed: outcome.kind === 'created' || outcome.kind === 'updated',
    }
  },
})

/** The caller's user, or `null` while the first sign-in is still syncing (a loading state, not an error). */
export const me = query({
  args: {},
  returns: v.union(v.null(), userDocValidator),
  handler: async (ctx) => {
    const current = await getCurrentUser(ctx)
    switch (current.status) {
      case 'unauthenticated':
        throw appError('UNAUTHENTICATED', 'Sign in to continue.')
      case 'deleted':
        throw appError('USER_DELETED', 'This account has been deleted.')
      case 'not-synced':
        return null
      case 'active':
        return current.user
    }
  },
})

const webhookOutcomeValidator = v.union(
  v.literal('duplicate'),
  v.literal('created'),
  v.literal('updated'),
  v.literal('unchanged'),
  v.literal('stale'),
  v.literal('deleted'),
  v.literal('already-deleted'),
)

/** user.created / user.updated from the Clerk webhook (after svix verification in http.ts). */
export const upsertFromClerk = internalMutation({
  args: {
    svixId: v.string(),
    eventType: v.string(),
    clerkUserId: v.string(),
    profile: v.object(userProfileFields),
    clerkUpdatedAt: v.number(),
  },
  returns: webhookOutcomeValidator,
  handler: async (ctx, args) => {
    if (!(await claimDelivery(ctx, args.svixId, args.eventType))) return 'duplicate' as const
    const existing = await findUserByClerkId(ctx, args.clerkUserId)
    const outcome = await applySnapshot(
      ctx,
      existing,
      { clerkUserId: args.clerkUserId, profile: args.profile, clerkUpdatedAt: args.clerkUpdatedAt },
      'webhook',
    )
    // An update arriving after user.deleted is dropped: the tombstone is final.
    return outcome.kind === 'deleted' ? ('already-deleted' as const) : outcome.kind
  },
})

/** user.deleted from the Clerk webhook: tombstone the user and delete their devices. */
export const deleteFromClerk = internalMutation({
  args: { svixId: v.string(), eventType: v.string(), clerkUserId: v.string() },
  returns: webhookOutcomeValidator,
  handler: async (ctx, args) => {
    if (!(await claimDelivery(ctx, args.svixId, args.eventType))) return 'duplicate' as const
    const existing = await findUserByClerkId(ctx, args.clerkUserId)
    return await tombstoneUser(ctx, existing, args.clerkUserId)
  },
})
