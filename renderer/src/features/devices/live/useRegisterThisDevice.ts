import { useAuth } from '@clerk/electron/react'
import { useMutation } from 'convex/react'
import { useCallback } from 'react'
import { api } from '../../../../../convex/_generated/api'
import type { DeviceInfo } from '../../../../../electron/shared/contract'
import { DEFAULT_BACKOFF, type BackoffPolicy } from '../../../lib/backoff'
import type { DescribedError } from '../../../backend/convex-errors'
import { useKeyedCall } from '../../../backend/useKeyedCall'

export interface DeviceRegistration {
  status: 'idle' | 'registering' | 'registered' | 'error'
  error: DescribedError | null
  retry(): void
}

/**
 * Registers this installation with `devices.register` once per session (which also refreshes `lastSeenAt`).
 * Pass `enabled` only once the user row exists (sync status `synced`): before that the server answers
 * USER_NOT_SYNCED. Failures are retried with capped backoff.
 */
export function useRegisterThisDevice(
  device: DeviceInfo | null,
  enabled: boolean,
  policy: BackoffPolicy = DEFAULT_BACKOFF,
): DeviceRegistration {
  const { sessionId } = useAuth()
  const register = useMutation(api.devices.register)
  const key =
    sessionId && device ? `${sessionId}|${device.deviceId}|${device.name}|${device.appVersion}` : null
  const run = useCallback(async () => {
    if (!device) return
    const { deviceId, name, platform, appVersion } = device
    // Only the four fields the server accepts: DeviceInfo may grow, and Convex rejects unknown arguments.
    await register({ deviceId, name, platform, appVersion })
  }, [device, register])
  const { state, retry } = useKeyedCall(key, run, { paused: !enabled, policy })

  if (state === null || state.phase === 'idle') return { status: 'idle', error: null, retry }
  switch (state.phase) {
    case 'done':
      return { status: 'registered', error: null, retry }
    case 'failed':
      return { status: 'error', error: state.error, retry }
    default:
      return { status: 'registering', error: null, retry }
  }
}
