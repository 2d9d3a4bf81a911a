// The app under the providers: runs the session machine and renders exactly one screen for its phase.
import { useClerk, useUser } from '@clerk/electron/react'
import { useEffect, useMemo, useState } from 'react'
import { api } from '../../convex/_generated/api'
import type { DeviceInfo, LastKnownUserRead } from '../../electron/shared/contract'
import { carryOver } from './auth/carry'
import { probeClerkApi } from './auth/clerk-network'
import { buildLastKnownUser } from './auth/last-known-user'
import { ConnectingScreen } from './auth/screens/ConnectingScreen'
import { SignInScreen } from './auth/screens/SignInScreen'
import { SigningOutScreen } from './auth/screens/SigningOutScreen'
import { StartingScreen } from './auth/screens/StartingScreen'
import { UnreachableScreen } from './auth/screens/UnreachableScreen'
import { noticeText, toSessionView } from './auth/session-view'
import { useNow } from './auth/useNow'
import { useSessionMachine, type CarriedState, type SessionRuntime } from './auth/useSessionMachine'
import { useSessionSignals } from './auth/useSessionSignals'
import { useRegisterThisDevice } from './features/devices/useRegisterThisDevice'
import { getDesktop } from './lib/desktop'
import { Shell } from './shell/Shell'
import type { ShellProfile } from './shell/UserMenu'
import { pathFor } from './shell/routes'
import { navigate } from './shell/router'
import { SyncStatusProvider } from './sync/SyncStatusContext'
import { useClerkConvexSync } from './sync/useClerkConvexSync'
import { useQueryState } from './sync/useQueryState'

export interface AppProps {
  frontendApiHost: string
  /** Started before Clerk loads (main.tsx), so a cached user can be shown without waiting for it. */
  cacheRead: Promise<LastKnownUserRead>
  deviceInfo: Promise<DeviceInfo | null>
  carried: CarriedState
  /** Reloads the window (the only way to retry a failed Clerk instance); replaceable in tests. */
  reloadWindow?: () => void
}

const reloadPage = () => window.location.reload()

function useDeviceInfo(deviceInfo: Promise<DeviceInfo | null>): DeviceInfo | null {
  const [device, setDevice] = useState<DeviceInfo | null>(null)
  useEffect(() => {
    let cancelled = false
    deviceInfo.then((info) => !cancelled && setDevice(info)).catch(() => undefined)
    return () => {
      cancelled = true
    }
  }, [deviceInfo])
  return device
}

/** App links from the main process: subscribe first, then tell it we are ready (queued links follow). */
function useAppLinks(): void {
  useEffect(() => {
    const desktop = getDesktop()
    if (!desktop) return
    const unsubscribe = desktop.links.onOpen((route) => navigate(pathFor(route)))
    void desktop.links.ready().catch((error: unknown) => console.error('Could not receive app links', error))
    return unsubscribe
  }, [])
}

export function App({
  frontendApiHost,
  cacheRead,
  deviceInfo,
  carried,
  reloadWindow = reloadPage,
}: AppProps) {
  const clerk = useClerk()
  const runtime = useMemo<SessionRuntime>(
    () => ({
      desktop: getDesktop(),
      probe: () => probeClerkApi(frontendApiHost),
      clerkSignOut: () => clerk.signOut(),
      reload: (carry) => {
        carryOver(window.sessionStorage, carry)
        reloadWindow()
      },
    }),
    [clerk, frontendApiHost, reloadWindow],
  )
  const [state, dispatch] = useSessionMachine(cacheRead, carried, runtime)
  useSessionSignals(dispatch)
  useAppLinks()
  const device = useDeviceInfo(deviceInfo)
  const now = useNow(60_000)

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
      devices.status === 'ok' ? devices.data : [],
      now,
    )
    dispatch({ type: 'live-data', user })
  }, [live, syncedUser, devices, now, dispatch])

  const session = toSessionView(state, device)
  const notice = noticeText(state.notice)
  const { phase } = state
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
          frontendApiHost={frontendApiHost}
          retrying={state.retry.inFlight}
          onRetry={() => dispatch({ type: 'retry-now', manual: true })}
        />
      )
    case 'sign-in':
      return <SignInScreen notice={notice} />
    case 'signing-out':
      return <SigningOutScreen />
    case 'offline':
    case 'live': {
      if (!session) return <StartingScreen />
      const cached = session.lastKnownUser?.profile
      const profile: ShellProfile =
        phase.name === 'live' && syncedUser
          ? { name: syncedUser.name, email: syncedUser.email, pictureUrl: syncedUser.pictureUrl }
          : phase.name === 'live' && !cached && clerkUser
            ? {
                name: clerkUser.fullName ?? undefined,
                email: clerkUser.primaryEmailAddress?.emailAddress,
                pictureUrl: clerkUser.imageUrl,
              }
            : (cached ?? {})
      return (
        <SyncStatusProvider value={sync}>
          <Shell
            session={session}
            profile={profile}
            retrying={state.retry.inFlight}
            now={now}
            onRetry={() => dispatch({ type: 'retry-now', manual: true })}
            onSignOut={() => dispatch({ type: 'sign-out-requested' })}
          />
        </SyncStatusProvider>
      )
    }
  }
}
