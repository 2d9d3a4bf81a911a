// The update snapshot from the main process, kept current by `updates:state` events. Subscribes before asking,
// so no change between the two is lost; an event always wins over an older `get()` answer.
import { useEffect, useState } from 'react'
import type { DesktopApi, UpdateSnapshot } from '../../../../electron/shared/contract'
import { getDesktop } from '../../lib/desktop'
import { describeIpcFailure } from '../../lib/ipc-failure'

export type UpdatesApi = DesktopApi['updates']

export type UpdatesView =
  | { kind: 'unavailable' }
  | { kind: 'loading'; api: UpdatesApi }
  | { kind: 'failed'; api: UpdatesApi; message: string }
  | { kind: 'ready'; api: UpdatesApi; snapshot: UpdateSnapshot }

export function useUpdates(): {
  view: UpdatesView
  /** For actions that answer with a fresh snapshot (set channel, check). */
  apply(snapshot: UpdateSnapshot): void
} {
  const api = getDesktop()?.updates ?? null
  const [state, setState] = useState<{ snapshot: UpdateSnapshot | null; failure: string | null }>({
    snapshot: null,
    failure: null,
  })

  useEffect(() => {
    if (!api) return
    let active = true
    let eventSeen = false
    const unsubscribe = api.onState((snapshot) => {
      eventSeen = true
      if (active) setState({ snapshot, failure: null })
    })
    api.get().then(
      (snapshot) => {
        if (active && !eventSeen) setState({ snapshot, failure: null })
      },
      (error: unknown) => {
        if (active && !eventSeen)
          setState({ snapshot: null, failure: describeIpcFailure('updates:get', error) })
      },
    )
    return () => {
      active = false
      unsubscribe()
    }
  }, [api])

  const apply = (snapshot: UpdateSnapshot) => setState({ snapshot, failure: null })
  if (!api) return { view: { kind: 'unavailable' }, apply }
  if (state.snapshot) return { view: { kind: 'ready', api, snapshot: state.snapshot }, apply }
  if (state.failure !== null) return { view: { kind: 'failed', api, message: state.failure }, apply }
  return { view: { kind: 'loading', api }, apply }
}

export function formatSpeed(bytesPerSecond: number): string {
  if (bytesPerSecond >= 1024 * 1024) return `${(bytesPerSecond / (1024 * 1024)).toFixed(1)} MB/s`
  if (bytesPerSecond >= 1024) return `${Math.round(bytesPerSecond / 1024)} KB/s`
  return `${Math.round(bytesPerSecond)} B/s`
}
