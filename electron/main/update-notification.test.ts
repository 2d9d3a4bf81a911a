import { describe, expect, it, vi } from 'vitest'
import type { UpdateSnapshot, UpdateState } from '../shared/contract'
import { createUpdateReadyNotifier } from './update-notification'

const at = (state: UpdateState): UpdateSnapshot => ({ channel: 'stable', currentVersion: '1.0.0', state })

function setup(focused: boolean) {
  const notify = vi.fn()
  const order: string[] = []
  const reveal = vi.fn(() => void order.push('reveal'))
  const showReady = vi.fn(() => void order.push('showReady'))
  const onSnapshot = createUpdateReadyNotifier({
    productName: 'Harbor',
    notify,
    isWindowFocused: () => focused,
    reveal,
    showReady,
  })
  return { notify, reveal, showReady, order, onSnapshot }
}

describe('update-ready notification', () => {
  it('notifies once when a download finishes while Harbor is in the background; a click brings it forward', () => {
    const { notify, reveal, showReady, order, onSnapshot } = setup(false)
    onSnapshot(at({ status: 'available', version: '1.1.0' }))
    onSnapshot(at({ status: 'downloading', version: '1.1.0', percent: 50, bytesPerSecond: 1000 }))
    expect(notify).not.toHaveBeenCalled()
    onSnapshot(at({ status: 'ready', version: '1.1.0' }))
    onSnapshot(at({ status: 'ready', version: '1.1.0' }))
    expect(notify).toHaveBeenCalledTimes(1)
    expect(notify.mock.calls[0]![0]).toMatchObject({ title: 'Harbor 1.1.0 is ready' })
    expect(notify.mock.calls[0]![0].body).toBe(
      'Restart Harbor to finish updating. Nothing you are doing is lost.',
    )
    expect(showReady).not.toHaveBeenCalled()
    notify.mock.calls[0]![0].onClick()
    // The ready card is shown again (even after "Later") before the window comes forward with it.
    expect(order).toEqual(['showReady', 'reveal'])
    expect(reveal).toHaveBeenCalledTimes(1)
    onSnapshot(at({ status: 'ready', version: '1.2.0' }))
    expect(notify).toHaveBeenCalledTimes(2)
  })

  it('stays quiet while the window has the focus: the window says it', () => {
    const { notify, onSnapshot } = setup(true)
    onSnapshot(at({ status: 'ready', version: '1.1.0' }))
    expect(notify).not.toHaveBeenCalled()
  })

  it('does not notify again for a version the window already showed while focused, nor after "Later"', () => {
    let focused = true
    const notify = vi.fn()
    const onSnapshot = createUpdateReadyNotifier({
      productName: 'Harbor',
      notify,
      isWindowFocused: () => focused,
      reveal: vi.fn(),
      showReady: vi.fn(),
    })
    onSnapshot(at({ status: 'ready', version: '1.1.0' }))
    focused = false
    onSnapshot(at({ status: 'ready', version: '1.1.0', deferred: true }))
    expect(notify).not.toHaveBeenCalled()
  })

  it('says nothing for errors or other states', () => {
    const { notify, onSnapshot } = setup(false)
    for (const state of [
      { status: 'idle' },
      { status: 'checking' },
      { status: 'error', message: 'feed unreachable' },
      { status: 'up-to-date', checkedAt: 1 },
    ] as UpdateState[])
      onSnapshot(at(state))
    expect(notify).not.toHaveBeenCalled()
  })
})
