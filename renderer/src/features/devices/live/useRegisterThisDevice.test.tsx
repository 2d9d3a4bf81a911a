import { act, cleanup, renderHook } from '@testing-library/react'
import { ConvexError } from 'convex/values'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { DeviceInfo } from '../../../../../electron/shared/contract'
import { fake, mutation, resetFakes } from '../../../backend/testing/fakes'
import { useRegisterThisDevice } from './useRegisterThisDevice'

vi.mock('convex/react', async () => (await import('../../../backend/testing/fakes')).convexReactModule)
vi.mock(
  '@clerk/electron/react',
  async () => (await import('../../../backend/testing/fakes')).clerkReactModule,
)

const device: DeviceInfo = {
  deviceId: 'dev_0123456789',
  name: 'ada-laptop',
  platform: 'linux',
  appVersion: '0.1.0',
}
const policy = { baseMs: 1_000, maxMs: 4_000, maxAttempts: 3 }
const register = () => mutation('devices:register')
const flush = () => act(async () => {})

beforeEach(() => {
  resetFakes()
  vi.useFakeTimers()
})
afterEach(() => {
  cleanup()
  vi.useRealTimers()
})

describe('useRegisterThisDevice', () => {
  it('does nothing until enabled, then registers exactly the device fields once', async () => {
    register().mockResolvedValue('devices_id')
    const extended = { ...device, extra: 'not for the server' } as DeviceInfo
    const { result, rerender } = renderHook(
      ({ enabled }) => useRegisterThisDevice(extended, enabled, policy),
      {
        initialProps: { enabled: false },
      },
    )
    await flush()
    expect(register()).not.toHaveBeenCalled()
    expect(result.current.status).toBe('idle')

    rerender({ enabled: true })
    await flush()
    rerender({ enabled: true })
    await flush()
    expect(register()).toHaveBeenCalledTimes(1)
    expect(register()).toHaveBeenCalledWith({
      deviceId: 'dev_0123456789',
      name: 'ada-laptop',
      platform: 'linux',
      appVersion: '0.1.0',
    })
    expect(result.current.status).toBe('registered')
  })

  it('does nothing without device info', async () => {
    renderHook(() => useRegisterThisDevice(null, true, policy))
    await flush()
    expect(register()).not.toHaveBeenCalled()
  })

  it('does not register again when it is disabled and re-enabled within the same session', async () => {
    register().mockResolvedValue('devices_id')
    const { rerender } = renderHook(({ enabled }) => useRegisterThisDevice(device, enabled, policy), {
      initialProps: { enabled: true },
    })
    await flush()
    rerender({ enabled: false })
    await flush()
    rerender({ enabled: true })
    await flush()
    expect(register()).toHaveBeenCalledTimes(1)
  })

  it('registers again in a new session', async () => {
    register().mockResolvedValue('devices_id')
    const { rerender } = renderHook(() => useRegisterThisDevice(device, true, policy))
    await flush()
    fake.auth = { ...fake.auth, sessionId: 'sess_2' }
    rerender()
    await flush()
    expect(register()).toHaveBeenCalledTimes(2)
  })

  it('retries a transient failure with backoff and reports the error meanwhile', async () => {
    register().mockRejectedValueOnce(new TypeError('Failed to fetch')).mockResolvedValue('devices_id')
    const { result } = renderHook(() => useRegisterThisDevice(device, true, policy))
    await flush()
    expect(result.current).toMatchObject({ status: 'error', error: { code: 'NETWORK' } })
    await act(async () => vi.advanceTimersByTimeAsync(1_000))
    await flush()
    expect(register()).toHaveBeenCalledTimes(2)
    expect(result.current.status).toBe('registered')
  })

  it('does not retry a rejected registration (too many devices) by itself', async () => {
    register().mockRejectedValue(
      new ConvexError({ code: 'INVALID_ARGUMENT', message: 'You already have 50 devices.' }),
    )
    const { result } = renderHook(() => useRegisterThisDevice(device, true, policy))
    await flush()
    await act(async () => vi.advanceTimersByTimeAsync(60_000))
    expect(register()).toHaveBeenCalledTimes(1)
    expect(result.current.error?.message).toContain('You already have 50 devices.')
  })
})
