import { describe, expect, it } from 'vitest'
import { createSerialQueue, SequencerByKey } from './serial-queue'

const tick = () => new Promise((resolve) => setTimeout(resolve, 1))

describe('createSerialQueue', () => {
  it('runs jobs one after another, in order, and a failure does not block the next', async () => {
    const run = createSerialQueue()
    const log: string[] = []
    const slow = run(async () => {
      log.push('a start')
      await tick()
      log.push('a end')
      throw new Error('a failed')
    })
    const fast = run(() => {
      log.push('b')
      return 'b'
    })
    await expect(slow).rejects.toThrow('a failed')
    await expect(fast).resolves.toBe('b')
    expect(log).toEqual(['a start', 'a end', 'b'])
  })
})

describe('SequencerByKey', () => {
  it('orders jobs per key; other keys do not wait; settled keys are forgotten', async () => {
    const sequencer = new SequencerByKey<string>()
    const log: string[] = []
    let release!: () => void
    const blocked = sequencer.queue('a', () => new Promise<void>((resolve) => (release = resolve)))
    const second = sequencer.queue('a', () => log.push('a2'))
    await sequencer.queue('b', () => log.push('b1'))
    expect(log).toEqual(['b1'])
    release()
    await blocked
    await second
    expect(log).toEqual(['b1', 'a2'])
    await tick()
    expect(sequencer.size).toBe(0)
  })
})
