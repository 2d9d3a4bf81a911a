// Device rows and the Clerk sessions behind them: which session a token belongs to, and the write that records
// "signed out from another device".
import type { UserIdentity } from 'convex/server'
import type { Id } from '../_generated/dataModel'
import type { MutationCtx } from '../_generated/server'
import { MAX_DEVICES_PER_USER } from './deviceInput'

/**
 * The Clerk session id of the caller's token: Clerk's session token always carries it as `sid`; a JWT template
 * cannot (Clerk's "JWT templates" guide: session-bound claims such as `sid` are not available to custom JWTs).
 * Convex hands unknown claims to functions as extra `UserIdentity` fields.
 */
export function sessionIdOf(identity: UserIdentity): string | undefined {
  const sid = identity.sid
  return typeof sid === 'string' && sid.length > 0 && sid.length <= 128 ? sid : undefined
}

export interface SignOutMark {
  ownerId: Id<'users'>
  /** The session that Clerk confirmed revoked. */
  sessionId: string
  signedOutAt: number
  by: { deviceId?: string; name: string }
}

/**
 * Marks every row of `ownerId` still holding `sessionId` as signed out. Idempotent (a row already marked keeps
 * its first time), and a row that has meanwhile signed in with another session is left alone. Returns how many
 * rows it marked now.
 */
export async function applySignOutMark(ctx: MutationCtx, mark: SignOutMark): Promise<number> {
  const rows = await ctx.db
    .query('devices')
    .withIndex('by_owner_and_session', (q) => q.eq('ownerId', mark.ownerId).eq('sessionId', mark.sessionId))
    .take(MAX_DEVICES_PER_USER)
  let marked = 0
  for (const row of rows) {
    if (row.signedOutAt !== undefined) continue
    await ctx.db.patch(row._id, { signedOutAt: mark.signedOutAt, signedOutBy: mark.by })
    marked++
  }
  return marked
}
