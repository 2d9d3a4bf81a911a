// The update snapshot from the main process, kept current by `updates:state` events (lib/useDesktopValue.ts:
// subscribed before asking; an event always wins over an older `get()` answer).
import type { DesktopApi, UpdateSnapshot } from '../../../../electron/shared/contract'
import { getDesktop } from '../../lib/desktop'
import { describeIpcFailure } from '../../lib/ipc-failure'
import { useDesktopValue } from '../../lib/useDesktopValue'

export type UpdatesApi = DesktopApi['updates']

export type UpdatesView =
  | { kind: 'unavailable' }
  | { kind: 'loading'; api: UpdatesApi }
  | { kind: 'failed'; api: UpdatesApi; message: string }
  | { kind: 'ready'; api: UpdatesApi; snapshot: UpdateSnapshot }

const getUpdates = (desktop: DesktopApi) => desktop.updates.get()
const onUpdates = (desktop: DesktopApi, listener: (snapshot: UpdateSnapshot) => void) =>
  desktop.updates.onState(listener)

export function useUpdates(): {
  view: UpdatesView
  /** For actions that answer with a fresh snapshot (set channel, check). */
  apply(snapshot: UpdateSnapshot): void
} {
  const api = getDesktop()?.updates ?? null
  const { value, set } = useDesktopValue(getUpdates, onUpdates)
  if (!api || value.status === 'unavailable') return { view: { kind: 'unavailable' }, apply: set }
  switch (value.status) {
    case 'ready':
      return { view: { kind: 'ready', api, snapshot: value.value }, apply: set }
    case 'failed':
      return {
        view: { kind: 'failed', api, message: describeIpcFailure('updates:get', value.error) },
        apply: set,
      }
    case 'loading':
      return { view: { kind: 'loading', api }, apply: set }
  }
}

export function formatSpeed(bytesPerSecond: number): string {
  if (bytesPerSecond >= 1024 * 1024) return `${(bytesPerSecond / (1024 * 1024)).toFixed(1)} MB/s`
  if (bytesPerSecond >= 1024) return `${Math.round(bytesPerSecond / 1024)} KB/s`
  return `${Math.round(bytesPerSecond)} B/s`
}
