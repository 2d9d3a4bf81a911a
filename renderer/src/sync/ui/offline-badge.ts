// The word on the pages' cached-data mark. "Offline" is wrong when the connection works but the server refused
// the sign-in, so the shell says which it is, and every page's mark follows without knowing about sessions.
import { createContext } from 'react'

export const OfflineBadgeContext = createContext('Offline')
export const SERVER_REFUSED_BADGE = 'Sign-in refused'
