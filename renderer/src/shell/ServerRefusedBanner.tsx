import { STATIC_ROUTE_PATHS } from '../../../electron/shared/rules/routes'
import { Link } from '../routing/router'
import './status.css'

export interface ServerRefusedBannerProps {
  retrying: boolean
  onTryAgain(): void
  onSignOut(): void
}

/** Also the reason pages give for server actions being off (session/session-view.ts): one state, one wording. */
export const SERVER_REFUSED_HEADLINE = 'Harbor’s server did not accept your sign-in.'

/** Shown instead of the offline banner when the server refused the sign-in token: the connection works, so
 * saying "offline" would send the user to check their network. Nothing is cleared: the server may be fixed.
 * The technical cause (issuer, audience, JWT template) is for Diagnostics, not for this banner. */
export function ServerRefusedBanner({ retrying, onTryAgain, onSignOut }: ServerRefusedBannerProps) {
  return (
    <div className="offline-banner refused-banner" role="alert" data-testid="server-refused-banner">
      <span className="offline-dot refused-dot" aria-hidden="true" />
      <span>
        <strong>{SERVER_REFUSED_HEADLINE}</strong> Your connection works; this is a problem on Harbor’s side.{' '}
        <Link to={STATIC_ROUTE_PATHS.diagnostics}>Details in Diagnostics</Link>
      </span>
      <button type="button" onClick={onTryAgain} disabled={retrying} aria-busy={retrying}>
        {retrying ? 'Trying again…' : 'Try again'}
      </button>
      <button type="button" onClick={onSignOut}>
        Sign out
      </button>
    </div>
  )
}
