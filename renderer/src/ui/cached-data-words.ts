// The words pages use about their cached data and about when server actions come back. "Offline" and "once you
// are back online" are wrong when the connection works but the server refused the sign-in, so the shell says
// which it is, and every page follows without knowing about sessions.
import { createContext, useContext } from 'react'

export interface CachedDataWords {
  /** The badge on the pages' "Showing what was last synced" mark. */
  badge: string
  /** Completes "… appears / is possible again ___": when the server can be used again. */
  whenServerBack: string
}

export const OFFLINE_WORDS: CachedDataWords = {
  badge: 'Offline',
  whenServerBack: 'once you are back online',
}

export const SERVER_REFUSED_WORDS: CachedDataWords = {
  badge: 'Sign-in refused',
  whenServerBack: 'once Harbor’s server accepts your sign-in again',
}

export const CachedDataWordsContext = createContext<CachedDataWords>(OFFLINE_WORDS)

export function useCachedDataWords(): CachedDataWords {
  return useContext(CachedDataWordsContext)
}
