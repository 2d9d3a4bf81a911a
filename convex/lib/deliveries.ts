import type { MutationCtx } from '../_generated/server'

/**
 * Records a svix message id in the same transaction as its effect, so a redelivery (svix retries, a manual
 * replay) is recognised and writes nothing. Returns false when the id was already processed.
 */
export async function claimDelivery(ctx: MutationCtx, svixId: string, eventType: string): Promise<boolean> {
  const seen = await ctx.db
    .query('webhookDeliveries')
    .withIndex('by_svix_id', (q) => q.eq('svixId', svixId))
    .unique()
  if (seen !== null) return false
  await ctx.db.insert('webhookDeliveries', { svixId, eventType, processedAt: Date.now() })
  return true
}
