import { describe, expect, it, vi } from 'vitest'
import { createRendererRecovery, HEALTHY_AFTER_MS } from './renderer-recovery'

function setup() {
  let clock = 1_000_000
  const reload = vi.fn()
  const errors: string[] = []
  const recovery = createRendererRecovery({
    reload,
    log: { error: (message) => errors.push(message) },
    now: () => clock,
  })
  return { recovery, reload, errors, advance: (ms: number) => (clock += ms), now: () => clock }
}

describe('renderer recovery', () => {
  it('reloads after a first crash and tells the reloaded page once that it was restarted', () => {
    const { recovery, reload, errors, now } = setup()
    expect(recovery.takeNotice()).toBeNull()
    recovery.onGone({ reason: 'crashed', exitCode: 11 })
    expect(reload).toHaveBeenCalledTimes(1)
    expect(recovery.takeNotice()).toEqual({ kind: 'restarted', reason: 'crashed (exit code 11)', at: now() })
    expect(recovery.takeNotice()).toBeNull()
    expect(errors).toEqual([expect.stringContaining('crashed (exit code 11)')])
  })

  it('a second crash soon after shows the crash screen instead of the app', () => {
    const { recovery, reload, advance } = setup()
    recovery.onGone({ reason: 'oom', exitCode: 0 })
    recovery.takeNotice()
    advance(30_000)
    recovery.onGone({ reason: 'crashed', exitCode: 5 })
    expect(reload).toHaveBeenCalledTimes(2)
    expect(recovery.takeNotice()).toMatchObject({ kind: 'crashed-again', reason: 'crashed (exit code 5)' })
    // A third crash in a row is still the crash screen, never a silent loop.
    advance(1_000)
    recovery.onGone({ reason: 'crashed', exitCode: 5 })
    expect(recovery.takeNotice()).toMatchObject({ kind: 'crashed-again' })
  })

  it('a crash long after the last one is a first crash again', () => {
    const { recovery, advance } = setup()
    recovery.onGone({ reason: 'crashed', exitCode: 1 })
    advance(HEALTHY_AFTER_MS + 1)
    recovery.onGone({ reason: 'killed', exitCode: 9 })
    expect(recovery.takeNotice()).toMatchObject({ kind: 'restarted', reason: 'killed (exit code 9)' })
  })

  it('ignores a renderer that exited on purpose', () => {
    const { recovery, reload } = setup()
    recovery.onGone({ reason: 'clean-exit', exitCode: 0 })
    expect(reload).not.toHaveBeenCalled()
    expect(recovery.takeNotice()).toBeNull()
  })
})
