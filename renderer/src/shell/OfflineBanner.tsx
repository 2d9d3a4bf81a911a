import { formatAge } from '../ui/format-time'

export interface OfflineBannerProps {
  reason: string
  lastSyncedAt: number | null
  now: number
  retrying: boolean
  onRetry(): void
}

/** The offline mark: what is shown is the last synced state, and server actions are off until it is live. */
export function OfflineBanner({ reason, lastSyncedAt, now, retrying, onRetry }: OfflineBannerProps) {
  return (
    <div className="offline-banner" role="status" data-testid="offline-banner">
      <span className="offline-dot" aria-hidden="true" />
      <span>
        {reason}
        {lastSyncedAt !== null && <> Last synced {formatAge(lastSyncedAt, now)}.</>}
      </span>
      <button type="button" onClick={onRetry} disabled={retrying}>
        {retrying ? 'Retrying…' : 'Retry now'}
      </button>
    </div>
  )
}
