import { afterEach, expect, test, vi } from 'vitest'
import { internal } from './_generated/api'
import { DELIVERY_RETENTION_MS } from './webhookDeliveries'
import { dumpTables, newBackend } from './test.setup'

afterEach(() => {
  vi.useRealTimers()
})

test('prune forgets deliveries older than the retention window and keeps recent ones', async () => {
  vi.useFakeTimers({ toFake: ['Date'] })
  const now = Date.parse('2026-06-01T00:00:00Z')
  vi.setSystemTime(now)
  const t = newBackend()
  await t.run(async (ctx) => {
    for (const [svixId, age] of [
      ['msg_old', DELIVERY_RETENTION_MS + 1],
      ['msg_edge', DELIVERY_RETENTION_MS - 1],
      ['msg_new', 1000],
    ] as const) {
      await ctx.db.insert('webhookDeliveries', { svixId, eventType: 'user.updated', processedAt: now - age })
    }
  })
  expect(await t.mutation(internal.webhookDeliveries.prune, {})).toEqual({ deleted: 1, more: false })
  const { webhookDeliveries } = await dumpTables(t)
  expect(webhookDeliveries.map((d) => d.svixId)).toEqual(['msg_edge', 'msg_new'])
})

test('a large backlog is pruned in bounded batches that reschedule themselves', async () => {
  vi.useFakeTimers()
  const t = newBackend()
  const old = Date.now() - DELIVERY_RETENTION_MS - 1
  await t.run(async (ctx) => {
    for (let i = 0; i < 1100; i++) {
      await ctx.db.insert('webhookDeliveries', {
        svixId: `msg_${i}`,
        eventType: 'user.updated',
        processedAt: old,
      })
    }
  })
  expect(await t.mutation(internal.webhookDeliveries.prune, {})).toEqual({ deleted: 500, more: true })
  await t.finishAllScheduledFunctions(vi.runAllTimers)
  expect((await dumpTables(t)).webhookDeliveries).toEqual([])
})
