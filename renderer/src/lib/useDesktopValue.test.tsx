import { act, renderHook } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import type { DesktopApi, PersistenceMode } from '../../../electron/shared/contract'
import { useDesktopValue } from './useDesktopValue'

type Listener = (mode: PersistenceMode) => void

function fakeDesktop() {
  const listeners = new Set<Listener>()
  let answer!: { resolve(mode: PersistenceMode): void; reject(error: Error): void }
  const order: string[] = []
  window.desktop = {
    storage: {
      getPersistence: () => {
        order.push('get')
        return new Promise<PersistenceMode>((resolve, reject) => (answer = { resolve, reject }))
      },
      onPersistenceChanged: (listener: Listener) => {
        order.push('subscribe')
        listeners.add(listener)
        return () => listeners.delete(listener)
      },
    },
  } as unknown as DesktopApi
  return {
    listeners,
    order,
    answer: () => answer,
    emit: (mode: PersistenceMode) => listeners.forEach((l) => l(mode)),
  }
}

const get = (desktop: DesktopApi) => desktop.storage.getPersistence()
const subscribe = (desktop: DesktopApi, listener: Listener) => desktop.storage.onPersistenceChanged(listener)

afterEach(() => {
  delete window.desktop
})

describe('useDesktopValue', () => {
  it('subscribes before it asks, and a late answer never overwrites a newer event', async () => {
    const fake = fakeDesktop()
    const { result } = renderHook(() => useDesktopValue(get, subscribe))
    expect(fake.order).toEqual(['subscribe', 'get'])
    expect(result.current.value).toEqual({ status: 'loading' })
    act(() => fake.emit('memory'))
    await act(async () => fake.answer().resolve('keychain'))
    expect(result.current.value).toEqual({ status: 'ready', value: 'memory' })
  })

  it('takes the answer when no event came first, then follows events; unsubscribes on unmount', async () => {
    const fake = fakeDesktop()
    const { result, unmount } = renderHook(() => useDesktopValue(get, subscribe))
    await act(async () => fake.answer().resolve('keychain'))
    expect(result.current.value).toEqual({ status: 'ready', value: 'keychain' })
    act(() => fake.emit('encrypted-file'))
    expect(result.current.value).toEqual({ status: 'ready', value: 'encrypted-file' })
    unmount()
    expect(fake.listeners.size).toBe(0)
  })

  it('reports a failed first answer, and is unavailable outside the desktop app', async () => {
    const fake = fakeDesktop()
    const { result } = renderHook(() => useDesktopValue(get, subscribe))
    const error = new Error('no')
    await act(async () => fake.answer().reject(error))
    expect(result.current.value).toEqual({ status: 'failed', error })
    delete window.desktop
    const outside = renderHook(() => useDesktopValue(get, subscribe))
    expect(outside.result.current.value).toEqual({ status: 'unavailable' })
  })
})
