import { describe, expect, it } from 'vitest'
import { DelayLine } from './latency'

describe('DelayLine (the stand-ins’ latency)', () => {
  it('delivers each frame at least the latency after it was put in, in the order put in', async () => {
    const latency = 60
    const line = new DelayLine(() => latency)
    const arrivals: Array<{ frame: number; sentAt: number; arrivedAt: number }> = []
    const deliveries: Array<Promise<void>> = []
    for (let frame = 0; frame < 5; frame++) {
      const sentAt = Date.now()
      deliveries.push(line.put(() => void arrivals.push({ frame, sentAt, arrivedAt: Date.now() })))
      await new Promise((resolve) => setTimeout(resolve, 7))
    }
    await Promise.all(deliveries)
    expect(arrivals.map((arrival) => arrival.frame)).toEqual([0, 1, 2, 3, 4])
    for (const arrival of arrivals) expect(arrival.arrivedAt - arrival.sentAt).toBeGreaterThanOrEqual(latency)
  })

  it('keeps order when the latency drops: a later frame never overtakes an earlier one', async () => {
    let latency = 80
    const line = new DelayLine(() => latency)
    const order: string[] = []
    const slow = line.put(() => void order.push('slow'))
    latency = 0
    const fast = line.put(() => void order.push('fast'))
    await Promise.all([slow, fast])
    expect(order).toEqual(['slow', 'fast'])
  })

  it('goes on after a delivery that throws, and reports that one', async () => {
    const line = new DelayLine(() => 0)
    const failing = line.put(() => {
      throw new Error('boom')
    })
    const delivered: string[] = []
    const next = line.put(() => void delivered.push('next'))
    await expect(failing).rejects.toThrow('boom')
    await next
    expect(delivered).toEqual(['next'])
  })
})
