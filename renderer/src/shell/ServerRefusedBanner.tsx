import { formatAge } from '../ui/format-time'
import { Link } from '../routing/router'

export interface ServerRefusedBannerProps {
  /** When the cached data on screen was last confirmed online; null when nothing is cached. */
  lastSyncedAt: number | null
  now: number
  retrying: boolean
  onTryAgain(): void
  onSignOut(): void
}

export const SERVER_REFUSED_HEADLINE = 'Harbor’s server did not accept your sign-in.'

/** Shown instead of the offline mark when the server refused the sign-in token: the connection works, so
 * saying "offline" would send the user to check their network. Nothing is cleared: the server may be fixed. */
export function ServerRefusedBanner({
  lastSyncedAt,
  now,
  retrying,
  onTryAgain,
  onSignOut,
}: ServerRefusedBannerProps) {
  return (
    <div className="offline-banner refused-banner" role="alert" data-testid="server-refused-banner">
      <span className="offline-dot refused-dot" aria-hidden="true" />
      <span>
        <strong>{SERVER_REFUSED_HEADLINE}</strong> You are signed in and your connection works, but the server
        refused the sign-in. This is a configuration problem on the server side, not your connection.{' '}
        {lastSyncedAt !== null && <>Showing what was last synced {formatAge(lastSyncedAt, now)}. </>}
        <Link to="/diagnostics">Open Diagnostics</Link> to compare the token’s issuer and audience with what
        Harbor expects.
      </span>
      <button type="button" onClick={onTryAgain} disabled={retrying}>
        {retrying ? 'Trying again…' : 'Try again'}
      </button>
      <button type="button" onClick={onSignOut}>
        Sign out
      </button>
    </div>
  )
}
