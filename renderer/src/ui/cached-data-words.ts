// The words pages use about when server actions come back. "Once you are back online" is wrong while Harbor is
// merely still connecting, or when the connection works but the server refused the sign-in, so the shell says
// which it is (shell/connection-status.ts), and every page follows without knowing about sessions. The state
// itself ("Offline", "refused") is said once, by the shell; pages only say what they show and how old it is.
import { createContext, useContext } from 'react'

export interface CachedDataWords {
  /** Completes "… appears / is possible again ___": when the server can be used again. */
  whenServerBack: string
}

export const CONNECTING_WORDS: CachedDataWords = {
  whenServerBack: 'as soon as Harbor has connected',
}

export const OFFLINE_WORDS: CachedDataWords = {
  whenServerBack: 'once you are back online',
}

export const UNREACHABLE_WORDS: CachedDataWords = {
  whenServerBack: 'once Harbor can reach its servers again',
}

export const SERVER_REFUSED_WORDS: CachedDataWords = {
  whenServerBack: 'once Harbor’s server accepts your sign-in again',
}

/** The connection as the user is told it: the header's indicator and Diagnostics use the same words. */
export type ConnectionState =
  'synced' | 'syncing' | 'offline' | 'sign-in-unreachable' | 'server-unreachable' | 'refused'

export const CONNECTION_TEXT: Record<ConnectionState, string> = {
  synced: 'Up to date',
  syncing: 'Syncing…',
  offline: 'Offline',
  'sign-in-unreachable': 'Can’t reach the sign-in service',
  'server-unreachable': 'Can’t reach Harbor’s server',
  refused: 'Server refused the sign-in',
}

export const CachedDataWordsContext = createContext<CachedDataWords>(CONNECTING_WORDS)

export function useCachedDataWords(): CachedDataWords {
  return useContext(CachedDataWordsContext)
}
