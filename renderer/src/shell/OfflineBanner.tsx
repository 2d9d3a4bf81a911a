import type { ConnectionStatus } from './connection-status'
import './status.css'

export type ProblemStatus = Extract<
  ConnectionStatus,
  'offline' | 'sign-in-unreachable' | 'server-unreachable'
>

// One sentence per state. The age of the data is not repeated here: the page's own mark says it once.
const BANNER_TEXT: Record<ProblemStatus, string> = {
  offline: 'You are offline. Harbor reconnects by itself when the network is back.',
  'sign-in-unreachable': 'Can’t reach the sign-in service. Harbor keeps trying by itself.',
  'server-unreachable': 'Can’t reach Harbor’s server. Harbor keeps trying by itself.',
}

export interface OfflineBannerProps {
  status: ProblemStatus
  retrying: boolean
  onRetry(): void
}

/** Shown only once a connection problem has lasted past the grace (session/calm-status.ts): server actions are
 * off until it is live, and the user may want to retry. */
export function OfflineBanner({ status, retrying, onRetry }: OfflineBannerProps) {
  return (
    <div className="offline-banner" role="status" data-testid="offline-banner" data-status={status}>
      <span className="offline-dot" aria-hidden="true" />
      <span>{BANNER_TEXT[status]}</span>
      <button type="button" onClick={onRetry} disabled={retrying} aria-busy={retrying}>
        {retrying ? 'Trying again…' : 'Retry now'}
      </button>
    </div>
  )
}
