import { describe, expect, it, vi } from 'vitest'
import {
  clerkApiReachedSoFar,
  installClerkResponseHook,
  isClerkNetworkError,
  onClerkApiReached,
  onClerkOffline,
  probeClerkApi,
  reportClerkOffline,
} from './clerk-network'

describe('Clerk API reachability', () => {
  it('a Frontend API response marks the API reached and keeps an existing hook working', () => {
    const previous = vi.fn(() => undefined)
    const target = { __internal_onAfterResponse: previous } as unknown as Window
    installClerkResponseHook(target)
    const reached = vi.fn()
    const stop = onClerkApiReached(reached)
    const result = target.__internal_onAfterResponse?.({ url: 'x' }, { status: 200 })
    expect(result).toBeUndefined() // never `false`: that would stop Clerk's own token-cache callback
    expect(previous).toHaveBeenCalledWith({ url: 'x' }, { status: 200 })
    expect(reached).toHaveBeenCalledTimes(1)
    expect(clerkApiReachedSoFar()).toBe(true)
    stop()

    const offline = vi.fn()
    const stopOffline = onClerkOffline(offline)
    reportClerkOffline()
    expect(offline).toHaveBeenCalledTimes(1)
    expect(clerkApiReachedSoFar()).toBe(false)
    stopOffline()
  })

  it('recognises Clerk offline and network errors, and nothing else', () => {
    expect(isClerkNetworkError({ code: 'clerk_offline' })).toBe(true)
    expect(isClerkNetworkError({ name: 'TimeoutError' })).toBe(true)
    expect(isClerkNetworkError(new TypeError('Failed to fetch'))).toBe(true)
    expect(isClerkNetworkError({ code: 'form_password_incorrect' })).toBe(false)
    expect(isClerkNetworkError(new Error('Unauthorized'))).toBe(false)
    expect(isClerkNetworkError(null)).toBe(false)
  })

  it('probes the Frontend API without credentials and reports reachability', async () => {
    const ok = vi.fn(async () => new Response(null))
    await expect(probeClerkApi('clerk.example.com', ok as unknown as typeof fetch)).resolves.toBe(true)
    expect(ok).toHaveBeenCalledWith(
      'https://clerk.example.com/v1/environment?_is_native=1',
      expect.objectContaining({ mode: 'no-cors', credentials: 'omit' }),
    )
    const down = vi.fn(async () => {
      throw new TypeError('Failed to fetch')
    })
    await expect(probeClerkApi('clerk.example.com', down as unknown as typeof fetch)).resolves.toBe(false)
  })
})
