// The little state that must survive a renderer reload: the retry count (so a reload loop still backs off) and
// a notice to show after the reload (sign-out while offline). sessionStorage lives exactly as long as the window.
import type { RemoteSignOut, SessionNotice } from './session-machine'
import type { CarriedState } from './useSessionMachine'

const KEY = 'harbor.session.carry'
const NOTICES: readonly SessionNotice[] = [
  'cache-expired',
  'cache-discarded',
  'session-ended',
  'signed-out-offline',
  'signed-out',
  'sign-out-incomplete',
  'signed-out-remotely',
]

type Store = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>

function remoteSignOutOf(value: unknown): RemoteSignOut | null {
  if (typeof value !== 'object' || value === null) return null
  const { byDeviceName, at } = value as { byDeviceName?: unknown; at?: unknown }
  if (typeof byDeviceName !== 'string' || byDeviceName.length === 0 || byDeviceName.length > 100) return null
  if (typeof at !== 'number' || !Number.isFinite(at) || at <= 0) return null
  return { byDeviceName, at }
}

/** Reads and removes what the previous page left. Anything malformed is ignored. */
export function takeCarriedState(store: Store): CarriedState {
  const empty: CarriedState = { retryFailures: 0, notice: null }
  let raw: string | null
  try {
    raw = store.getItem(KEY)
    store.removeItem(KEY)
  } catch {
    return empty
  }
  if (raw === null) return empty
  try {
    const value = JSON.parse(raw) as { retryFailures?: unknown; notice?: unknown; remoteSignOut?: unknown }
    const retryFailures =
      typeof value.retryFailures === 'number' &&
      Number.isInteger(value.retryFailures) &&
      value.retryFailures >= 0
        ? Math.min(value.retryFailures, 100)
        : 0
    const notice = NOTICES.includes(value.notice as SessionNotice) ? (value.notice as SessionNotice) : null
    if (notice !== 'signed-out-remotely') return { retryFailures, notice }
    return { retryFailures, notice, remoteSignOut: remoteSignOutOf(value.remoteSignOut) }
  } catch {
    return empty
  }
}

/**
 * `takeCarriedState` for the document that is starting: only a reload can find something, since `carryOver` is
 * always followed by one. Any other load leaves sessionStorage untouched: the first access to it in a document
 * is a synchronous call to the browser process (1 to 8 ms of the renderer's main thread in a startup trace,
 * more while the main process is busy starting), on the way to the first frame.
 */
export function takeCarriedStateAfterReload(
  store: () => Store,
  navigationType: string | undefined = thisDocumentsNavigationType(),
): CarriedState {
  if (navigationType !== 'reload') return { retryFailures: 0, notice: null }
  let storage: Store
  try {
    storage = store()
  } catch {
    return { retryFailures: 0, notice: null }
  }
  return takeCarriedState(storage)
}

function thisDocumentsNavigationType(): string | undefined {
  const [entry] = performance.getEntriesByType('navigation') as PerformanceNavigationTiming[]
  return entry?.type
}

export function carryOver(store: Store, state: CarriedState): void {
  try {
    store.setItem(KEY, JSON.stringify(state))
  } catch {
    // Storage unavailable: the reload still happens, only without the carried notice.
  }
}
