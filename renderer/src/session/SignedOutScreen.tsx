import { useEffect, useRef } from 'react'
import { CenteredScreen } from '../ui/CenteredScreen'
import './session-screens.css'

/** Where a sign-out lands: it worked, said as a success (not a warning), and the way back in. Shown before
 * anything else (the can't-reach or sign-in screen), so the first thing after signing out is not a problem. */
export function SignedOutScreen({ message, onSignIn }: { message: string; onSignIn(): void }) {
  const heading = useRef<HTMLHeadingElement>(null)
  useEffect(() => heading.current?.focus(), [])
  return (
    <CenteredScreen screen="signed-out">
      <h1 ref={heading} tabIndex={-1}>
        You are signed out
      </h1>
      <p className="success-message" role="status" data-testid="signed-out-message">
        {message}
      </p>
      <div className="actions">
        <button type="button" className="primary" onClick={onSignIn}>
          Sign in
        </button>
      </div>
    </CenteredScreen>
  )
}
