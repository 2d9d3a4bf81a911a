// The connected app, loaded just after the first paint (see session/SessionRoot.tsx): Clerk and Convex providers,
// their signals fed to the session machine, the user sync, this device's registration, and the live data that
// refreshes the cached last known user.
import { useAuth, useClerk, useUser } from '@clerk/electron/react'
import { useConvex } from 'convex/react'
import { useEffect, useMemo } from 'react'
import { api } from '../../../../convex/_generated/api'
import { AppProviders } from '../../backend/live/AppProviders'
import { buildLastKnownUser, CACHE_REFRESH_MS } from '../../../../electron/shared/rules/cache-record'
import { SignInScreen } from './SignInScreen'
import { SessionScreens } from '../SessionScreens'
import type { ConnectedAppProps } from '../SessionRoot'
import { useRemoteSignOut } from './useRemoteSignOut'
import { useSessionSignals } from './useSessionSignals'
import { useRegisterThisDevice } from '../../features/devices/live/useRegisterThisDevice'
import type { ShellProfile } from '../../shell/UserMenu'
import { LIVE_VIEWS } from './live-views-list'
import { LiveViewsProvider } from '../../features/live-views'
import { isConvexAuthObserver } from '../../backend/convex-auth-verdict'
import { convexClientFor, ObservedConvexClient } from '../../backend/live/convex-client'
import { SyncStatusProvider } from '../../backend/live/SyncStatusContext'
import { useClerkConvexSync } from '../../backend/live/useClerkConvexSync'
import { useQueryState } from '../../backend/live/useQueryState'
import { useNow } from '../../ui/useNow'

const signIn = (notice: string | null) => <SignInScreen notice={notice} />

function Connected({ screens, onServices }: Pick<ConnectedAppProps, 'screens' | 'onServices'>) {
  const { state, dispatch, device } = screens
  // The cached user's "confirmed online" time is refreshed from here: the session machine writes it when an hour
  // (CACHE_REFRESH_MS) has passed, so a clock of a twelfth of that re-runs the effect below often enough (at most
  // 5 minutes late) while re-rendering only this component, and an idle window 12 times an hour, not 60.
  const refreshTick = useNow(CACHE_REFRESH_MS / 12)
  useSessionSignals(dispatch)
  useRemoteSignOut(state, dispatch, device)
  const clerk = useClerk()
  const convex = useConvex()
  const { isLoaded: clerkLoaded, isSignedIn } = useAuth()
  // Clerk's answer decides: an early authentication (backend/early-session.ts) for a session Clerk does not have.
  useEffect(() => {
    if (clerkLoaded && !isSignedIn && convex instanceof ObservedConvexClient) convex.withdrawEarlyAuth()
  }, [clerkLoaded, isSignedIn, convex])
  // What only this chunk can do, handed to the session in one object (session/SessionRoot.tsx).
  useEffect(() => {
    onServices({
      signOut: () => clerk.signOut(),
      retryConvexAuth: () => isConvexAuthObserver(convex) && convex.retryAuth(),
    })
    return () => onServices(null)
  }, [clerk, convex, onServices])

  const live = state.phase.name === 'live'
  const sync = useClerkConvexSync()
  const devices = useQueryState(api.devices.list, live ? {} : 'skip')
  useRegisterThisDevice(device, live && sync.status === 'synced')
  const { user: clerkUser } = useUser()

  const syncedUser = sync.user
  useEffect(() => {
    if (!live || !syncedUser || devices.status !== 'ok') return
    const user = buildLastKnownUser(
      {
        clerkUserId: syncedUser.clerkUserId,
        name: syncedUser.name,
        email: syncedUser.email,
        pictureUrl: syncedUser.pictureUrl,
      },
      devices.data,
      // The time of this write, not of the last tick: a device's lastSeenAt is capped at the record's time, and the
      // tick's (up to 5 minutes old) capped a device registered since, which changed the record at the next tick.
      Date.now(),
    )
    // Null only for a Clerk user id the cache cannot hold; the live session goes on without caching it.
    if (user) dispatch({ type: 'live-data', user })
  }, [live, syncedUser, devices, refreshTick, dispatch])

  // By value: a new object on every render would re-render the memoised screens on every Clerk event.
  const name = syncedUser ? syncedUser.name : clerkUser ? (clerkUser.fullName ?? undefined) : undefined
  const email = syncedUser ? syncedUser.email : clerkUser?.primaryEmailAddress?.emailAddress
  const pictureUrl = syncedUser ? syncedUser.pictureUrl : clerkUser?.imageUrl
  const hasProfile = syncedUser !== null || Boolean(clerkUser)
  const liveProfile = useMemo<ShellProfile | null>(
    () => (hasProfile ? { name, email, pictureUrl } : null),
    [hasProfile, name, email, pictureUrl],
  )

  return (
    <SyncStatusProvider value={sync}>
      <LiveViewsProvider value={LIVE_VIEWS}>
        <SessionScreens {...screens} connected liveProfile={liveProfile} signIn={signIn} />
      </LiveViewsProvider>
    </SyncStatusProvider>
  )
}

export function ConnectedApp(props: ConnectedAppProps) {
  return (
    <AppProviders publishableKey={props.publishableKey} convex={convexClientFor(props.convexUrl)}>
      <Connected screens={props.screens} onServices={props.onServices} />
    </AppProviders>
  )
}
