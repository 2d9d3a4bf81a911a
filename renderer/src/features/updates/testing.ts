// A stand-in for `window.desktop.updates` that tests drive: resolve `get()`, push `updates:state` events,
// and control what each action answers. `later` behaves as the main process does (UpdateController.later):
// the ready version it names becomes deferred, announced as an event and answered.
import { vi } from 'vitest'
import type { DesktopApi, UpdateSnapshot, UpdateState } from '../../../../electron/shared/contract'

export function snapshot(state: UpdateState, overrides: Partial<UpdateSnapshot> = {}): UpdateSnapshot {
  return { channel: 'stable', currentVersion: '1.2.0', state, ...overrides }
}

export function installFakeUpdates(initial: UpdateSnapshot | Error) {
  const listeners = new Set<(s: UpdateSnapshot) => void>()
  let current = initial instanceof Error ? snapshot({ status: 'idle' }) : initial
  const emit = (next: UpdateSnapshot) => {
    current = next
    for (const listener of listeners) listener(next)
  }
  const updates = {
    get: vi.fn(() => (initial instanceof Error ? Promise.reject(initial) : Promise.resolve(initial))),
    setChannel: vi.fn<DesktopApi['updates']['setChannel']>(),
    check: vi.fn<DesktopApi['updates']['check']>(),
    install: vi.fn<DesktopApi['updates']['install']>(() => Promise.resolve()),
    later: vi.fn<DesktopApi['updates']['later']>(async (version) => {
      const { state } = current
      if (state.status === 'ready' && state.version === version && !state.deferred)
        emit({ ...current, state: { ...state, deferred: true } })
      return current
    }),
    onState: vi.fn((listener: (s: UpdateSnapshot) => void) => {
      listeners.add(listener)
      return () => listeners.delete(listener)
    }),
  }
  window.desktop = { updates } as unknown as DesktopApi
  return {
    updates,
    emit,
    get listenerCount() {
      return listeners.size
    },
  }
}
