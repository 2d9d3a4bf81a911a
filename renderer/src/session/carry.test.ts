import { describe, expect, it } from 'vitest'
import { carryOver, takeCarriedState, takeCarriedStateAfterReload } from './carry'

function memoryStorage() {
  const values = new Map<string, string>()
  return {
    getItem: (key: string) => values.get(key) ?? null,
    setItem: (key: string, value: string) => void values.set(key, value),
    removeItem: (key: string) => void values.delete(key),
    values,
  }
}

describe('state carried over a reload', () => {
  it('round-trips once, then is gone', () => {
    const store = memoryStorage()
    carryOver(store, { retryFailures: 3, notice: 'signed-out-offline' })
    expect(takeCarriedState(store)).toEqual({ retryFailures: 3, notice: 'signed-out-offline' })
    expect(takeCarriedState(store)).toEqual({ retryFailures: 0, notice: null })
  })

  it('carries who signed this device out and when, with that notice only', () => {
    const store = memoryStorage()
    const remoteSignOut = { byDeviceName: 'Work laptop', at: 1_764_000_000_000 }
    carryOver(store, { retryFailures: 0, notice: 'signed-out-remotely', remoteSignOut })
    expect(takeCarriedState(store)).toEqual({
      retryFailures: 0,
      notice: 'signed-out-remotely',
      remoteSignOut,
    })
    carryOver(store, { retryFailures: 0, notice: 'signed-out', remoteSignOut })
    expect(takeCarriedState(store)).toEqual({ retryFailures: 0, notice: 'signed-out' })
    for (const bad of [
      null,
      'x',
      { byDeviceName: '', at: 1 },
      { byDeviceName: 'a'.repeat(101), at: 1 },
      { byDeviceName: 'A', at: -1 },
    ]) {
      store.values.set(
        'harbor.session.carry',
        JSON.stringify({ notice: 'signed-out-remotely', remoteSignOut: bad }),
      )
      expect(takeCarriedState(store)).toEqual({
        retryFailures: 0,
        notice: 'signed-out-remotely',
        remoteSignOut: null,
      })
    }
  })

  it('ignores anything malformed', () => {
    const store = memoryStorage()
    for (const raw of ['{', '{"retryFailures":-1,"notice":"<script>"}', '{"retryFailures":1.5}', 'null']) {
      store.values.set('harbor.session.carry', raw)
      expect(takeCarriedState(store)).toEqual({ retryFailures: 0, notice: null })
    }
    store.values.set('harbor.session.carry', '{"retryFailures":1e9}')
    expect(takeCarriedState(store).retryFailures).toBe(100)
  })

  it('is looked for after a reload only: any other load never opens the storage', () => {
    const store = memoryStorage()
    carryOver(store, { retryFailures: 2, notice: 'signed-out' })
    let opened = 0
    const open = () => {
      opened++
      return store
    }
    for (const type of ['navigate', 'back_forward', 'prerender']) {
      expect(takeCarriedStateAfterReload(open, type)).toEqual({ retryFailures: 0, notice: null })
    }
    expect(takeCarriedStateAfterReload(open, undefined)).toEqual({ retryFailures: 0, notice: null })
    expect(opened).toBe(0)
    expect(takeCarriedStateAfterReload(open, 'reload')).toEqual({
      retryFailures: 2,
      notice: 'signed-out',
    })
    expect(opened).toBe(1)
    expect(store.values.size).toBe(0)
    // Storage that refuses to open (a sandboxed document) is nothing carried, not a crash.
    expect(
      takeCarriedStateAfterReload(() => {
        throw new DOMException('denied', 'SecurityError')
      }, 'reload'),
    ).toEqual({ retryFailures: 0, notice: null })
  })
})
