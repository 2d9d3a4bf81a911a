import { useEffect, useRef } from 'react'
import { CenteredScreen, Notice } from '../ui/CenteredScreen'

export interface UnreachableScreenProps {
  reason: 'browser-offline' | 'sign-in-unreachable'
  notice: string | null
  frontendApiHost: string
  retrying: boolean
  onRetry(): void
}

/** No usable cached session and no way to reach Clerk: signing in needs a connection. Never a blank window. */
export function UnreachableScreen({
  reason,
  notice,
  frontendApiHost,
  retrying,
  onRetry,
}: UnreachableScreenProps) {
  const heading = useRef<HTMLHeadingElement>(null)
  useEffect(() => heading.current?.focus(), [reason])
  const offline = reason === 'browser-offline'
  return (
    <CenteredScreen screen="unreachable">
      <h1 ref={heading} tabIndex={-1}>
        {offline ? 'You are offline' : 'Can’t reach the sign-in service'}
      </h1>
      <Notice text={notice} />
      <p>
        {offline
          ? 'Signing in needs an internet connection. Connect, and Harbor will continue by itself.'
          : `Harbor cannot reach the sign-in service (${frontendApiHost}). Check your connection, proxy or firewall. Harbor keeps trying in the background.`}
      </p>
      <div className="actions">
        {/* Never disabled: a manual retry reloads, whatever the background check is doing. */}
        <button type="button" className="primary" onClick={onRetry}>
          Retry now
        </button>
        <span role="status" className="muted">
          {retrying ? 'Checking the connection…' : ''}
        </span>
      </div>
    </CenteredScreen>
  )
}
