// The top of the signed-in app. The session machine lives here, above Clerk and Convex, so it keeps its state
// when their providers arrive. Startup order, measured by `npm run bench:startup`:
//   1. the cached last known user is read (requested by main.tsx before anything else);
//   2. the screen for it is painted: the offline shell from the cache, or "connecting";
//   3. only then is the Clerk chunk (~1.5 MB: clerk-js, the providers, the pages' live views) loaded and
//      mounted, replacing the tree in one commit (no frame in between); Clerk starts talking to its Frontend API.
// Meanwhile main.tsx has read Clerk's client early and started the Convex client from its own small chunk, which
// connects and authenticates with the early token (backend/early-session.ts, docs/architecture.md).
// Nothing here imports Convex or Clerk: the first chunk is React, the session machine and the cached shell.
import { useCallback, useEffect, useMemo, useRef, useState, type ComponentType } from 'react'
import type { DeviceInfo, LastKnownUserRead } from '../../../electron/shared/contract'
import { withTimeout } from '../../../electron/shared/with-timeout'
import { getDesktop } from '../lib/desktop'
import { pathFor } from '../routing/routes'
import { navigate } from '../routing/router'
import { carryOver } from './carry'
import { probeClerkApi } from '../backend/clerk-network'
import { earlySession, onEarlySession } from '../backend/early-session'
import { SessionScreens, type SessionScreensBase } from './SessionScreens'
import { hasConnectionProblem, useGraceElapsed } from './calm-status'
import { useSessionMachine, type CarriedState, type SessionRuntime } from './useSessionMachine'

/** What only the connected chunk can do, handed to the session in one object once Clerk and Convex are mounted
 * (and withdrawn, `null`, when they unmount). The session runtime calls it. */
export interface ConnectedServices {
  /** Clerk's sign-out. */
  signOut(): Promise<void>
  /** Hand Convex the token again (after the server refused it); false when there is no client to ask. */
  retryConvexAuth(): boolean
}

export interface ConnectedAppProps {
  screens: SessionScreensBase
  publishableKey: string
  /** The connected app creates the Convex client, so its code stays out of the first chunk. */
  convexUrl: string
  onServices(services: ConnectedServices | null): void
}

export interface ConnectedModule {
  ConnectedApp: ComponentType<ConnectedAppProps>
}

export interface SessionRootProps {
  frontendApiHost: string
  publishableKey: string
  convexUrl: string
  /** Started before Clerk loads (main.tsx), so a cached user can be shown without waiting for it. */
  cacheRead: Promise<LastKnownUserRead>
  /** `cacheRead`'s answer if it already arrived (main.tsx waits a moment for it before the first render). */
  settledCacheRead?: LastKnownUserRead | null
  deviceInfo: Promise<DeviceInfo | null>
  carried: CarriedState
  loadConnected: () => Promise<ConnectedModule>
  /** Reloads the window (the only way to retry a failed Clerk instance); replaceable in tests. */
  reloadWindow?: () => void
}

const reloadPage = () => window.location.reload()
const SIGN_OUT_TIMEOUT_MS = 10_000

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

/** The early read of Clerk's client (backend/early-session.ts), told to the session machine once it has an
 * active session: live data can then be shown before clerk-js has loaded. */
function useEarlySessionSignal(
  dispatch: (event: { type: 'early-session'; clerkUserId: string }) => void,
): void {
  useEffect(() => {
    const report = () => {
      const session = earlySession()
      if (session) dispatch({ type: 'early-session', clerkUserId: session.userId })
    }
    report()
    return onEarlySession(report)
  }, [dispatch])
}

/** Loads the Clerk chunk once `ready`, after the current screen has been painted. A chunk that fails to load
 * (it is a local file; this means a broken install) goes to the error boundary. */
function useConnectedModule(load: () => Promise<ConnectedModule>, ready: boolean): ConnectedModule | null {
  const [module, setModule] = useState<ConnectedModule | null>(null)
  const [error, setError] = useState<Error | null>(null)
  const started = useRef(false)
  useEffect(() => {
    if (!ready || started.current) return
    started.current = true
    // Two frames: the first lets the browser paint what is on screen, the second starts the (heavy) parse.
    requestAnimationFrame(() =>
      setTimeout(() => {
        load().then(setModule, (reason: unknown) =>
          setError(reason instanceof Error ? reason : new Error(String(reason))),
        )
      }, 0),
    )
  }, [load, ready])
  if (error) throw error
  return module
}

export function SessionRoot(props: SessionRootProps) {
  const { frontendApiHost, publishableKey, convexUrl, cacheRead, deviceInfo, carried, loadConnected } = props
  const reloadWindow = props.reloadWindow ?? reloadPage
  // The runtime is created once; it reads the services the connected chunk handed over most recently.
  const services = useRef<ConnectedServices | null>(null)
  const onServices = useCallback((next: ConnectedServices | null) => {
    services.current = next
  }, [])
  const runtime = useMemo<SessionRuntime>(
    () => ({
      desktop: getDesktop(),
      probe: () => probeClerkApi(frontendApiHost),
      // Live sign-out only happens once Clerk is mounted; if it is not, or Clerk does not answer in time (its
      // calls can hang on a dead network), the machine falls back to the local sign-out.
      clerkSignOut: () => {
        const connected = services.current
        if (!connected) return Promise.reject(new Error('Clerk is not loaded'))
        return withTimeout(() => connected.signOut(), SIGN_OUT_TIMEOUT_MS, 'Clerk sign-out')
      },
      retryConvexAuth: () => services.current?.retryConvexAuth() ?? false,
      reload: (carry) => {
        carryOver(window.sessionStorage, carry)
        reloadWindow()
      },
    }),
    [frontendApiHost, reloadWindow],
  )
  const [state, dispatch, nextRetryAt] = useSessionMachine(
    cacheRead,
    carried,
    runtime,
    props.settledCacheRead ?? null,
  )
  const device = useDeviceInfo(deviceInfo)
  const offlineNoticeDue = useGraceElapsed(hasConnectionProblem(state))
  useAppLinks()
  useEarlySessionSignal(dispatch)
  const connected = useConnectedModule(loadConnected, state.phase.name !== 'starting')

  const screens: SessionScreensBase = {
    state,
    dispatch,
    frontendApiHost,
    device,
    offlineNoticeDue,
    nextRetryAt,
  }
  if (connected) {
    const { ConnectedApp } = connected
    return (
      <ConnectedApp
        screens={screens}
        publishableKey={publishableKey}
        convexUrl={convexUrl}
        onServices={onServices}
      />
    )
  }
  // Before Clerk is loaded: the same screens, without the live views (the session cannot be live yet).
  return <SessionScreens {...screens} connected={false} liveProfile={null} signIn={null} />
}
