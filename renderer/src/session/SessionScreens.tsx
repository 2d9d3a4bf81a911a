// One screen per session phase. Light on purpose (no Clerk): it renders the cached signed-in shell before
// Clerk has even been downloaded, and again, unchanged, once it has.
import { memo, type ReactNode } from 'react'
import type { DeviceInfo } from '../../../electron/shared/contract'
import { Shell } from '../shell/Shell'
import type { ShellProfile } from '../shell/UserMenu'
import { ConnectingScreen } from './ConnectingScreen'
import { SigningOutScreen } from './SigningOutScreen'
import { StartingScreen } from '../startup/StartingScreen'
import { UnreachableScreen } from './UnreachableScreen'
import type { SessionState } from './session-machine'
import { noticeText, signedOutText, toSessionView } from './session-view'
import { SignedOutScreen } from './SignedOutScreen'
import type { Dispatch } from './useSessionMachine'

/** What the session shows, the same before and after the connected chunk arrives. */
export interface SessionScreensBase {
  state: SessionState
  dispatch: Dispatch
  frontendApiHost: string
  device: DeviceInfo | null
  /** A connection problem has lasted long enough to tell the user (session/calm-status.ts). */
  offlineNoticeDue: boolean
  /** When the next automatic retry runs (ms since epoch), or null when none is scheduled. */
  nextRetryAt: number | null
}

export interface SessionScreensProps extends SessionScreensBase {
  /** Clerk and Convex providers are mounted. */
  connected: boolean
  /** Who is signed in according to the live services, once known. */
  liveProfile: ShellProfile | null
  /** Clerk's sign-in, available once Clerk is loaded. */
  signIn: ((notice: string | null) => ReactNode) | null
}

function SessionScreensUnmemoised({
  state,
  dispatch,
  device,
  offlineNoticeDue,
  nextRetryAt,
  connected,
  liveProfile,
  signIn,
}: SessionScreensProps) {
  const notice = noticeText(state.notice, undefined, state.remoteSignOut)
  const retry = () => dispatch({ type: 'retry-now', manual: true })
  const { phase } = state
  // A sign-out the user asked for lands here first, whatever comes next (sign-in, or can't-reach offline).
  const signedOutMessage = signedOutText(state.notice)
  if (
    signedOutMessage !== null &&
    (phase.name === 'sign-in' || phase.name === 'connecting' || phase.name === 'unreachable')
  ) {
    return (
      <SignedOutScreen message={signedOutMessage} onSignIn={() => dispatch({ type: 'notice-dismissed' })} />
    )
  }
  switch (phase.name) {
    case 'starting':
      return <StartingScreen />
    case 'connecting':
      return <ConnectingScreen notice={notice} />
    case 'unreachable':
      return (
        <UnreachableScreen
          reason={phase.reason}
          notice={notice}
          retrying={state.retry.inFlight}
          nextRetryAt={nextRetryAt}
          onRetry={retry}
        />
      )
    case 'sign-in':
      return signIn ? signIn(notice) : <ConnectingScreen notice={notice} />
    case 'signing-out':
      return <SigningOutScreen />
    case 'offline':
    case 'server-refused':
    case 'live': {
      const session = toSessionView(state, device)
      if (!session) return <StartingScreen />
      const cached = session.lastKnownUser?.profile
      // Refused: Clerk is signed in, so its profile is live even though Convex's data is not.
      const profile = phase.name === 'offline' ? (cached ?? {}) : (liveProfile ?? cached ?? {})
      return (
        <Shell
          session={session}
          connected={connected}
          profile={profile}
          retrying={state.retry.inFlight}
          offlineNoticeDue={offlineNoticeDue}
          onRetry={retry}
          onSignOut={() => dispatch({ type: 'sign-out-requested' })}
          refused={
            phase.name === 'server-refused' ? { retrying: phase.retrying, onTryAgain: retry } : undefined
          }
        />
      )
    }
  }
}

/**
 * Memoised: what sits above it re-renders on every Clerk and Convex event (a session token refreshed about once a
 * minute, the queries re-sent after it), and each of those rendered the whole window again (39 components given
 * new props per event in the live-data rig idling signed in, counted with React's commit hook; 18 to 21 with this
 * and the same-state transitions of session-machine.ts). Its props are values and stable callbacks, so it renders only when what it
 * shows changed.
 */
export const SessionScreens = memo(SessionScreensUnmemoised)
