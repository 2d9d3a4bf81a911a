import { createContext, useContext, type ReactNode } from 'react'
import type { ClerkConvexSync } from './useClerkConvexSync'

const SyncStatusContext = createContext<ClerkConvexSync | null>(null)

/** Shares the one `useClerkConvexSync()` result (session/live/ConnectedApp.tsx calls it) with the pages; Diagnostics shows it. */
export function SyncStatusProvider({ value, children }: { value: ClerkConvexSync; children: ReactNode }) {
  return <SyncStatusContext.Provider value={value}>{children}</SyncStatusContext.Provider>
}

/** The shared sync result, or null outside a provider (e.g. in the offline shell before Convex mounts). */
export function useSyncStatus(): ClerkConvexSync | null {
  return useContext(SyncStatusContext)
}
