import { v } from 'convex/values'
import { internal } from './_generated/api'
import { internalMutation } from './_generated/server'

/** svix stops retrying after about a day; a month leaves room for manual replays from the Clerk dashboard. */
export const DELIVERY_RETENTION_MS = 30 * 24 * 60 * 60 * 1000
const PRUNE_BATCH = 500

/**
 * Forgets processed svix ids older than the retention window, in bounded batches. Safe because replay
 * protection does not rest on this table alone: a replayed user event carries its original `updated_at`, so it
 * is stale or identical by then, and a replayed user.deleted finds the tombstone.
 */
export const prune = internalMutation({
  args: {},
  returns: v.object({ deleted: v.number(), more: v.boolean() }),
  handler: async (ctx) => {
    const cutoff = Date.now() - DELIVERY_RETENTION_MS
    const expired = await ctx.db
      .query('webhookDeliveries')
      .withIndex('by_processed_at', (q) => q.lt('processedAt', cutoff))
      .take(PRUNE_BATCH)
    for (const delivery of expired) await ctx.db.delete(delivery._id)
    const more = expired.length === PRUNE_BATCH
    if (more) await ctx.scheduler.runAfter(0, internal.webhookDeliveries.prune, {})
    return { deleted: expired.length, more }
  },
})
