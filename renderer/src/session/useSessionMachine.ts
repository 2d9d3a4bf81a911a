// Runs the session state machine: feeds it the cache read, the network and Clerk's API signals, and executes
// the effects each transition returns. Clerk and Convex snapshots come in through `dispatch` from
// `useSessionSignals`, which lives under their providers.
import { useCallback, useEffect, useRef, useState } from 'react'
import type { DesktopApi, LastKnownUserRead } from '../../../electron/shared/contract'
import { clerkApiReachedSoFar, onClerkApiReached, onClerkOffline } from '../backend/clerk-network'
import {
  initialSessionState,
  transition,
  type SessionEffect,
  type SessionEvent,
  type RemoteSignOut,
  type SessionNotice,
  type SessionState,
} from './session-machine'

export interface SessionRuntime {
  desktop: DesktopApi | null
  /** Is Clerk's Frontend API reachable? Never rejects. */
  probe(): Promise<boolean>
  /** Clerk's own sign-out (online). */
  clerkSignOut(): Promise<void>
  /** Hand Convex a token again after it refused one; false when Convex is not mounted to do it. */
  retryConvexAuth(): boolean
  /** Reload the renderer, carrying `carry` over to the next start. */
  reload(carry: CarriedState): void
}

/** What survives a reload (kept in sessionStorage by `carry.ts`). */
export interface CarriedState {
  retryFailures: number
  notice: SessionNotice
  /** With the `signed-out-remotely` notice: who signed this device out, and when. */
  remoteSignOut?: RemoteSignOut | null
}

export type Dispatch = (event: SessionEvent) => void

export function useSessionMachine(
  cacheRead: Promise<LastKnownUserRead>,
  carried: CarriedState,
  runtime: SessionRuntime,
  /** The cache read's answer when it arrived before the first render: the first frame is then already the
   * right screen (no "starting" frame in between). */
  settledCacheRead: LastKnownUserRead | null = null,
): [SessionState, Dispatch, number | null] {
  const [initial] = useState(() => {
    const start = initialSessionState({
      browserOnline: typeof navigator === 'undefined' ? true : navigator.onLine,
      retryFailures: carried.retryFailures,
      notice: carried.notice,
      remoteSignOut: carried.remoteSignOut ?? null,
    })
    return settledCacheRead
      ? transition(start, { type: 'cache-read', result: settledCacheRead })
      : { state: start, effects: [] }
  })
  const [state, setState] = useState(initial.state)
  // When the scheduled automatic retry runs (ms since epoch), so the can't-reach screen can say "Next try in".
  const [nextRetryAt, setNextRetryAt] = useState<number | null>(null)
  // The initial transition's effects run once, after mount (never during render).
  const pendingEffects = useRef(initial.effects)
  const stateRef = useRef(state)
  const runtimeRef = useRef(runtime)
  const timerRef = useRef<ReturnType<typeof setTimeout> | null>(null)
  useEffect(() => {
    runtimeRef.current = runtime
  })

  const dispatch = useCallback<Dispatch>(function dispatch(event) {
    const { state: next, effects } = transition(stateRef.current, event)
    stateRef.current = next
    setState(next)
    for (const effect of effects)
      runEffect(effect, {
        runtime: runtimeRef.current,
        timer: timerRef,
        dispatch,
        onRetryScheduled: setNextRetryAt,
      })
  }, [])

  useEffect(() => {
    const effects = pendingEffects.current
    pendingEffects.current = []
    for (const effect of effects)
      runEffect(effect, {
        runtime: runtimeRef.current,
        timer: timerRef,
        dispatch,
        onRetryScheduled: setNextRetryAt,
      })
  }, [dispatch])

  useEffect(() => {
    let cancelled = false
    cacheRead.then(
      (result) => !cancelled && dispatch({ type: 'cache-read', result }),
      (error: unknown) =>
        !cancelled &&
        dispatch({
          type: 'cache-read-failed',
          message: error instanceof Error ? error.message : String(error),
        }),
    )
    return () => {
      cancelled = true
    }
  }, [cacheRead, dispatch])

  useEffect(() => {
    const online = () => dispatch({ type: 'browser-online' })
    const offline = () => dispatch({ type: 'browser-offline' })
    window.addEventListener('online', online)
    window.addEventListener('offline', offline)
    const stopReached = onClerkApiReached(() => dispatch({ type: 'clerk-api-reached' }))
    const stopOffline = onClerkOffline(() => dispatch({ type: 'clerk-offline-error' }))
    if (clerkApiReachedSoFar()) dispatch({ type: 'clerk-api-reached' })
    return () => {
      window.removeEventListener('online', online)
      window.removeEventListener('offline', offline)
      stopReached()
      stopOffline()
      // The retry timer lives in a ref on purpose: it must be the latest one scheduled.
      // eslint-disable-next-line react-hooks/exhaustive-deps
      if (timerRef.current !== null) clearTimeout(timerRef.current)
    }
  }, [dispatch])

  return [state, dispatch, nextRetryAt]
}

interface EffectContext {
  runtime: SessionRuntime
  timer: { current: ReturnType<typeof setTimeout> | null }
  dispatch: Dispatch
  onRetryScheduled(at: number | null): void
}

/** Executes one effect the machine asked for; results come back as events. */
function runEffect(
  effect: SessionEffect,
  { runtime: current, timer: timerRef, dispatch, onRetryScheduled }: EffectContext,
): void {
  const desktop = current.desktop
  switch (effect.type) {
    case 'forget-cache':
      void desktop?.lastUser
        .forget()
        .catch((error: unknown) => console.error('Could not forget the cached user', error))
      return
    case 'write-cache':
      void desktop?.lastUser
        .write(effect.user)
        .catch((error: unknown) => console.error('Could not update the cached user', error))
      return
    case 'probe':
      void current.probe().then((reachable) => dispatch({ type: 'probe-result', reachable }))
      return
    case 'schedule-retry':
      if (timerRef.current !== null) clearTimeout(timerRef.current)
      timerRef.current = setTimeout(() => {
        timerRef.current = null
        onRetryScheduled(null)
        dispatch({ type: 'retry-due' })
      }, effect.delayMs)
      onRetryScheduled(Date.now() + effect.delayMs)
      return
    case 'cancel-retry':
      if (timerRef.current !== null) clearTimeout(timerRef.current)
      timerRef.current = null
      onRetryScheduled(null)
      return
    case 'reload':
      current.reload({
        retryFailures: effect.retryFailures,
        notice: effect.notice,
        ...(effect.remoteSignOut ? { remoteSignOut: effect.remoteSignOut } : {}),
      })
      return
    case 'clerk-sign-out':
      current.clerkSignOut().then(
        () => dispatch({ type: 'sign-out-finished', ok: true }),
        (error: unknown) => {
          console.warn('Clerk sign-out failed; clearing the local session instead', error)
          dispatch({ type: 'sign-out-finished', ok: false })
        },
      )
      return
    case 'retry-convex-auth':
      // Without a mounted Convex client there is nothing to hand the token to: a reload starts it afresh.
      if (!current.retryConvexAuth()) current.reload({ retryFailures: 0, notice: null })
      return
    case 'clear-local-session': {
      const clear = desktop ? desktop.session.clearLocal() : Promise.resolve()
      clear.then(
        () => dispatch({ type: 'local-session-cleared', ok: true }),
        (error: unknown) => {
          console.error('Could not clear the local session', error)
          dispatch({ type: 'local-session-cleared', ok: false })
        },
      )
      return
    }
  }
}
