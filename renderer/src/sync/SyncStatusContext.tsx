import { createContext, useContext, type ReactNode } from 'react'
import { useClerkConvexSync, type ClerkConvexSync } from './useClerkConvexSync'

const SyncStatusContext = createContext<ClerkConvexSync | null>(null)

/** Shares one `useClerkConvexSync()` result with the pages (Diagnostics shows it). */
export function SyncStatusProvider({ value, children }: { value: ClerkConvexSync; children: ReactNode }) {
  return <SyncStatusContext.Provider value={value}>{children}</SyncStatusContext.Provider>
}

/** Runs the sync and provides it; use this or call the hook yourself and pass it to `SyncStatusProvider`. */
export function ClerkConvexSyncProvider({ children }: { children: ReactNode }) {
  const sync = useClerkConvexSync()
  return <SyncStatusProvider value={sync}>{children}</SyncStatusProvider>
}

/** The shared sync result, or null outside a provider (e.g. in the offline shell before Convex mounts). */
export function useSyncStatus(): ClerkConvexSync | null {
  return useContext(SyncStatusContext)
}
