import { useEffect, useRef, useState } from 'react'
import { CenteredScreen, Notice } from '../ui/CenteredScreen'
import { useNow } from '../ui/useNow'

export interface UnreachableScreenProps {
  reason: 'browser-offline' | 'sign-in-unreachable'
  notice: string | null
  /** A check is under way (the background one, or the one "Retry now" started). */
  retrying: boolean
  /** When the next automatic attempt runs (ms since epoch), or null when none is scheduled. */
  nextRetryAt: number | null
  onRetry(): void
}

/** "Next try in 12 s", rounded up so it never says 0 s while the attempt is still ahead. */
export function nextTryText(nextRetryAt: number | null, nowMs: number): string | null {
  if (nextRetryAt === null) return null
  const seconds = Math.ceil((nextRetryAt - nowMs) / 1000)
  if (seconds <= 0) return null
  return seconds < 60 ? `Next try in ${seconds} s.` : `Next try in ${Math.ceil(seconds / 60)} min.`
}

/** No usable cached session and no way to reach Clerk: signing in needs a connection. Never a blank window.
 * The service's host name and the browser's error stay in Diagnostics and the log: they do not help here. */
export function UnreachableScreen({
  reason,
  notice,
  retrying,
  nextRetryAt,
  onRetry,
}: UnreachableScreenProps) {
  const heading = useRef<HTMLHeadingElement>(null)
  useEffect(() => heading.current?.focus(), [reason])
  // Pressed: "Retry now" reloads the window (the one retry that restarts Clerk), so the busy state is what the
  // user sees until the new page paints.
  const [pressed, setPressed] = useState(false)
  const nowMs = useNow(1_000)
  const offline = reason === 'browser-offline'
  const status = pressed
    ? '' // the button says it
    : retrying
      ? 'Checking the connection…'
      : (nextTryText(nextRetryAt, nowMs) ?? '')
  return (
    <CenteredScreen screen="unreachable">
      <h1 ref={heading} tabIndex={-1}>
        {offline ? 'You are offline' : 'Can’t reach the sign-in service'}
      </h1>
      <Notice text={notice} />
      <p>
        {offline
          ? 'Signing in needs an internet connection. Connect, and Harbor will continue by itself.'
          : 'Check your internet connection, proxy or firewall. Harbor keeps trying by itself.'}
      </p>
      <div className="actions">
        {/* Never disabled: a manual retry reloads, whatever the background check is doing. */}
        <button
          type="button"
          className="primary"
          aria-busy={pressed}
          onClick={() => {
            setPressed(true)
            onRetry()
          }}
        >
          {pressed ? 'Trying again…' : 'Retry now'}
        </button>
        <span role="status" className="muted" data-testid="next-try">
          {status}
        </span>
      </div>
    </CenteredScreen>
  )
}
