import { describe, expect, it, vi } from 'vitest'
import { createRendererRecovery, RENDERER_GAVE_UP_PAGE } from './renderer-recovery'

function setup() {
  let time = 0
  const reload = vi.fn()
  const giveUp = vi.fn()
  const log = { warn: vi.fn(), error: vi.fn() }
  const onGone = createRendererRecovery({ reload, giveUp, log, now: () => time })
  return { onGone, reload, giveUp, log, advance: (ms: number) => (time += ms) }
}

describe('renderer recovery', () => {
  it('reloads the window after a crash and says so in the log', () => {
    const { onGone, reload, giveUp, log } = setup()
    onGone({ reason: 'crashed' })
    expect(reload).toHaveBeenCalledTimes(1)
    expect(giveUp).not.toHaveBeenCalled()
    expect(log.warn).toHaveBeenCalledWith('Window renderer process gone (crashed); reloading')
  })

  it('a clean exit (the window closing) is not a failure', () => {
    const { onGone, reload, giveUp } = setup()
    onGone({ reason: 'clean-exit' })
    expect(reload).not.toHaveBeenCalled()
    expect(giveUp).not.toHaveBeenCalled()
  })

  it('gives up on the fourth crash within a minute, once, and then does nothing more', () => {
    const { onGone, reload, giveUp, log, advance } = setup()
    for (const reason of ['crashed', 'oom', 'killed']) {
      onGone({ reason })
      advance(10_000)
    }
    expect(reload).toHaveBeenCalledTimes(3)
    onGone({ reason: 'crashed' })
    expect(reload).toHaveBeenCalledTimes(3)
    expect(giveUp).toHaveBeenCalledTimes(1)
    expect(log.error.mock.calls[0]?.[0]).toMatch(/4 times within 60 s; not reloading/)
    onGone({ reason: 'crashed' })
    expect(giveUp).toHaveBeenCalledTimes(1)
    expect(reload).toHaveBeenCalledTimes(3)
  })

  it('crashes far apart are each reloaded', () => {
    const { onGone, reload, giveUp, advance } = setup()
    for (let crash = 0; crash < 10; crash++) {
      onGone({ reason: 'crashed' })
      advance(30_001)
    }
    expect(reload).toHaveBeenCalledTimes(10)
    expect(giveUp).not.toHaveBeenCalled()
  })

  it('the give-up page is static: no script, no remote resource', () => {
    expect(RENDERER_GAVE_UP_PAGE).not.toMatch(/<script|src=|href=|https?:/i)
  })
})
