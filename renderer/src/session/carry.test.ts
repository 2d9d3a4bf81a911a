import { describe, expect, it } from 'vitest'
import { carryOver, takeCarriedState } from './carry'

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

  it('ignores anything malformed', () => {
    const store = memoryStorage()
    for (const raw of ['{', '{"retryFailures":-1,"notice":"<script>"}', '{"retryFailures":1.5}', 'null']) {
      store.values.set('harbor.session.carry', raw)
      expect(takeCarriedState(store)).toEqual({ retryFailures: 0, notice: null })
    }
    store.values.set('harbor.session.carry', '{"retryFailures":1e9}')
    expect(takeCarriedState(store).retryFailures).toBe(100)
  })
})
