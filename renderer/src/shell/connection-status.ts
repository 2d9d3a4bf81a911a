// What the shell says about the connection, decided once from the session view: the header's indicator, the
// banner (only when the user needs to know) and the words the pages use for "when the server is back" all
// follow from this one value, so no state is said twice in different words.
import type { SessionView } from '../features/page-props'
import {
  CONNECTION_TEXT,
  CONNECTING_WORDS,
  OFFLINE_WORDS,
  SERVER_REFUSED_WORDS,
  UNREACHABLE_WORDS,
  type CachedDataWords,
} from '../ui/cached-data-words'

export type ConnectionStatus =
  'synced' | 'syncing' | 'offline' | 'sign-in-unreachable' | 'server-unreachable' | 'refused'

/** `problemDue`: a connection problem has lasted past the grace (session/calm-status.ts). Until then a
 * problem reads as still syncing: most of them are the normal start or a blip, and resolve by themselves. */
export function connectionStatus(
  session: SessionView,
  refused: boolean,
  problemDue: boolean,
): ConnectionStatus {
  if (refused) return 'refused'
  if (session.mode === 'live') return 'synced'
  const reason = session.status.offlineReason
  if (reason === null || reason === 'connecting' || !problemDue) return 'syncing'
  return reason === 'browser-offline' ? 'offline' : reason
}

/** The indicator's name (its tooltip and accessible name; it shows only an icon). */
export const STATUS_LABEL: Record<ConnectionStatus, string> = CONNECTION_TEXT

export function cachedDataWordsFor(status: ConnectionStatus): CachedDataWords {
  switch (status) {
    case 'refused':
      return SERVER_REFUSED_WORDS
    case 'offline':
      return OFFLINE_WORDS
    case 'sign-in-unreachable':
    case 'server-unreachable':
      return UNREACHABLE_WORDS
    case 'synced':
    case 'syncing':
      return CONNECTING_WORDS
  }
}

const LOCAL_SIGN_OUT_CAUSE: Record<NonNullable<SessionView['status']['offlineReason']>, string> = {
  'browser-offline': 'You are offline',
  'sign-in-unreachable': 'Can’t reach the sign-in service',
  'server-unreachable': 'Can’t reach Harbor’s server',
  connecting: 'Harbor is still connecting',
}

/** Why a sign-out right now only happens on this computer, or null when it goes through the sign-in service.
 * The real cause, from the session (not the calm status): "offline" only when the network is down. */
export function localSignOutCause(session: SessionView, refused: boolean): string | null {
  // Refused is not offline: the sign-out reaches Clerk.
  if (refused || session.mode === 'live') return null
  const reason = session.status.offlineReason ?? 'connecting'
  return `${LOCAL_SIGN_OUT_CAUSE[reason]}: this signs you out on this computer now.`
}
