import type { UserIdentity } from 'convex/server'
import type { Doc } from '../_generated/dataModel'
import type { MutationCtx, QueryCtx } from '../_generated/server'
import { snapshotFromIdentity } from './claims'
import { appError } from './errors'
import { applySnapshot, findUserByClerkId } from './userSync'

export type CurrentUser =
  | { status: 'unauthenticated' }
  /** Signed in, but neither `users.store` nor the webhook has created the row yet (first-login race). */
  | { status: 'not-synced'; identity: UserIdentity }
  | { status: 'deleted'; identity: UserIdentity; user: Doc<'users'> }
  | { status: 'active'; identity: UserIdentity; user: Doc<'users'> }

/** Never throws: for callers that render every state (e.g. `users.me`). One indexed read. */
export async function getCurrentUser(ctx: QueryCtx): Promise<CurrentUser> {
  const identity = await ctx.auth.getUserIdentity()
  if (identity === null) return { status: 'unauthenticated' }
  const user = await findUserByClerkId(ctx, identity.subject)
  if (user === null) return { status: 'not-synced', identity }
  if (user.deletedAt !== undefined) return { status: 'deleted', identity, user }
  return { status: 'active', identity, user }
}

/**
 * The caller's live user row, or a ConvexError: UNAUTHENTICATED, USER_NOT_SYNCED, USER_DELETED.
 * Costs exactly one indexed read (`by_clerk_id`). First line of every public query, and of mutations that
 * have nothing to do for a user without a row (`devices.remove`).
 */
export async function requireAuth(ctx: QueryCtx): Promise<Doc<'users'>> {
  const current = await getCurrentUser(ctx)
  switch (current.status) {
    case 'unauthenticated':
      throw appError('UNAUTHENTICATED', 'Sign in to continue.')
    case 'not-synced':
      throw appError('USER_NOT_SYNCED', 'Your account is still being set up. Try again in a moment.')
    case 'deleted':
      throw appError('USER_DELETED', 'This account has been deleted.')
    case 'active':
      return current.user
  }
}

/**
 * `requireAuth` for public mutations. A mutation may run before `users.store` (the renderer registers the
 * device while the first sign-in is still syncing), and unlike a query it can fix that itself: the row is
 * created from the JWT claims exactly as `users.store` would, in the same transaction. If the mutation then
 * fails, the insert is rolled back with it. Tombstoned users stay USER_DELETED.
 */
export async function requireAuthForMutation(ctx: MutationCtx): Promise<Doc<'users'>> {
  const current = await getCurrentUser(ctx)
  switch (current.status) {
    case 'unauthenticated':
      throw appError('UNAUTHENTICATED', 'Sign in to continue.')
    case 'deleted':
      throw appError('USER_DELETED', 'This account has been deleted.')
    case 'active':
      return current.user
    case 'not-synced': {
      const { identity } = current
      const outcome = await applySnapshot(
        ctx,
        null,
        snapshotFromIdentity(identity),
        'jwt',
        identity.tokenIdentifier,
      )
      const user = await ctx.db.get(outcome.userId)
      if (user === null) throw new Error('A user row inserted in this transaction is missing.')
      return user
    }
  }
}
