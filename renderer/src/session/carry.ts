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

export function carryOver(store: Store, state: CarriedState): void {
  try {
    store.setItem(KEY, JSON.stringify(state))
  } catch {
    // Storage unavailable: the reload still happens, only without the carried notice.
  }
}
