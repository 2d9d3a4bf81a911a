import { describe, expect, it, vi } from 'vitest'
import { createRendererRecovery, HEALTHY_AFTER_MS, MAX_CRASHES_IN_A_ROW } from './renderer-recovery'

function setup() {
  let clock = 1_000_000
  const reload = vi.fn()
  const giveUp = vi.fn()
  const errors: string[] = []
  const recovery = createRendererRecovery({
    reload,
    giveUp,
    log: { error: (message) => errors.push(message) },
    now: () => clock,
  })
  return { recovery, reload, giveUp, errors, advance: (ms: number) => (clock += ms), now: () => clock }
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
    // A third crash in a row (the user pressed Reload and it died again) is still the crash screen.
    advance(1_000)
    recovery.onGone({ reason: 'crashed', exitCode: 5 })
    expect(recovery.takeNotice()).toMatchObject({ kind: 'crashed-again' })
  })

  it('stops reloading a renderer that keeps dying and shows the static page', () => {
    const { recovery, reload, giveUp, errors, advance } = setup()
    for (let crash = 1; crash <= MAX_CRASHES_IN_A_ROW; crash++) {
      recovery.onGone({ reason: 'crashed', exitCode: 11 })
      advance(5_000)
    }
    expect(reload).toHaveBeenCalledTimes(MAX_CRASHES_IN_A_ROW)
    expect(giveUp).not.toHaveBeenCalled()
    recovery.onGone({ reason: 'crashed', exitCode: 11 })
    expect(reload).toHaveBeenCalledTimes(MAX_CRASHES_IN_A_ROW)
    expect(giveUp).toHaveBeenCalledTimes(1)
    expect(recovery.takeNotice()).toBeNull()
    expect(errors.at(-1)).toMatch(/crash 4 in a row, not reloading/)
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
