// The little state that must survive a renderer reload: the retry count (so a reload loop still backs off) and
// a notice to show after the reload (sign-out while offline). sessionStorage lives exactly as long as the window.
import type { SessionNotice } from './session-machine'
import type { CarriedState } from './useSessionMachine'

const KEY = 'harbor.session.carry'
const NOTICES: readonly SessionNotice[] = [
  'cache-expired',
  'cache-discarded',
  'session-ended',
  'signed-out-offline',
  'signed-out',
  'sign-out-incomplete',
]

type Store = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>

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
    const value = JSON.parse(raw) as { retryFailures?: unknown; notice?: unknown }
    const retryFailures =
      typeof value.retryFailures === 'number' &&
      Number.isInteger(value.retryFailures) &&
      value.retryFailures >= 0
        ? Math.min(value.retryFailures, 100)
        : 0
    const notice = NOTICES.includes(value.notice as SessionNotice) ? (value.notice as SessionNotice) : null
    return { retryFailures, notice }
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
