import { ConvexReactClient } from 'convex/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { ConvexAuthVerdict } from './convex-auth-verdict'
import { isConvexAuthObserver, observeAuthConfig } from './convex-auth-verdict'
import { ObservedConvexClient } from './live/convex-client'

function observe(fetchToken: () => Promise<string | null | undefined>, current = () => true) {
  const verdicts: ConvexAuthVerdict[] = []
  const onChange = vi.fn()
  const observed = observeAuthConfig(fetchToken, onChange, (v) => verdicts.push(v), current)
  return { observed, verdicts, onChange }
}

describe('observeAuthConfig', () => {
  it('onChange(false) after a token was fetched is a refusal by the server', async () => {
    const { observed, verdicts, onChange } = observe(() => Promise.resolve('header.payload.sig'))
    expect(await observed.fetchToken({ forceRefreshToken: true })).toBe('header.payload.sig')
    observed.onChange(false)
    expect(onChange).toHaveBeenCalledWith(false)
    expect(verdicts).toEqual(['rejected'])
  })

  it('onChange(false) after a fetch that gave no token (null, empty) or failed is "no-token", not a refusal', async () => {
    for (const fetch of [
      () => Promise.resolve(null),
      () => Promise.resolve(undefined),
      () => Promise.resolve(''),
    ]) {
      const { observed, verdicts } = observe(fetch)
      await observed.fetchToken({ forceRefreshToken: false })
      observed.onChange(false)
      expect(verdicts).toEqual(['no-token'])
    }
    const failing = observe(() => Promise.reject(new Error('Clerk did not return a token within 15000 ms')))
    await expect(failing.observed.fetchToken({ forceRefreshToken: true })).rejects.toThrow('15000 ms')
    failing.observed.onChange(false)
    expect(failing.verdicts).toEqual(['no-token'])
  })

  it('judges by the latest fetch: a token, then a failed re-fetch, is "no-token"', async () => {
    const tokens = ['tok', null]
    const { observed, verdicts } = observe(() => Promise.resolve(tokens.shift() ?? null))
    await observed.fetchToken({ forceRefreshToken: false })
    observed.onChange(true)
    await observed.fetchToken({ forceRefreshToken: true })
    observed.onChange(false)
    expect(verdicts).toEqual(['accepted', 'no-token'])
  })

  it('answers for a replaced configuration still reach the provider but are not reported', async () => {
    const { observed, verdicts, onChange } = observe(
      () => Promise.resolve('tok'),
      () => false,
    )
    await observed.fetchToken({ forceRefreshToken: false })
    observed.onChange(false)
    expect(onChange).toHaveBeenCalledWith(false)
    expect(verdicts).toEqual([])
  })
})

describe('ObservedConvexClient', () => {
  afterEach(() => vi.restoreAllMocks())

  it('reports verdicts of the latest setAuth only, and "Try again" re-runs it with the same callbacks', async () => {
    // Convex's own setAuth would open a WebSocket; here it records what it was handed.
    const handed: Parameters<ConvexReactClient['setAuth']>[] = []
    vi.spyOn(ConvexReactClient.prototype, 'setAuth').mockImplementation(function (...args) {
      handed.push(args)
    })
    vi.spyOn(ConvexReactClient.prototype, 'clearAuth').mockImplementation(() => undefined)
    const config = (index: number) => {
      const args = handed[index]
      if (!args) throw new Error(`setAuth was not called ${index + 1} times`)
      return { fetchToken: args[0], onChange: args[1] ?? (() => undefined) }
    }
    const client = new ObservedConvexClient('https://happy-animal-123.convex.cloud')
    expect(isConvexAuthObserver(client)).toBe(true)
    expect(client.retryAuth()).toBe(false)

    const verdicts: ConvexAuthVerdict[] = []
    const stop = client.onAuthVerdict((v) => verdicts.push(v))
    const providerOnChange = vi.fn()
    client.setAuth(() => Promise.resolve('tok'), providerOnChange)
    await config(0).fetchToken({ forceRefreshToken: false })
    config(0).onChange(false)
    expect(verdicts).toEqual(['rejected'])
    expect(providerOnChange).toHaveBeenLastCalledWith(false)

    expect(client.retryAuth()).toBe(true)
    expect(handed).toHaveLength(2)
    // The first configuration is stale now: its late answers are not reported.
    config(0).onChange(true)
    expect(verdicts).toEqual(['rejected'])
    await config(1).fetchToken({ forceRefreshToken: false })
    config(1).onChange(true)
    expect(verdicts).toEqual(['rejected', 'accepted'])
    expect(providerOnChange).toHaveBeenLastCalledWith(true)

    client.clearAuth()
    expect(client.retryAuth()).toBe(false)
    stop()
    config(1).onChange(false)
    expect(verdicts).toEqual(['rejected', 'accepted'])
  })

  it('a plain object is not an observer', () => {
    expect(isConvexAuthObserver({})).toBe(false)
    expect(isConvexAuthObserver(null)).toBe(false)
  })
})
