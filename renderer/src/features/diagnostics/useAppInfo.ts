import { useEffect, useState } from 'react'
import type { AppInfo, PersistenceMode } from '../../../../electron/shared/contract'
import { getDesktop } from '../../lib/desktop'

/** App facts from the main process (version, platform, where the sign-in is kept); null until known. */
export function useAppInfo(): { app: AppInfo | null; persistence: PersistenceMode | null } {
  const [app, setApp] = useState<AppInfo | null>(null)
  const [persistence, setPersistence] = useState<PersistenceMode | null>(null)
  useEffect(() => {
    const desktop = getDesktop()
    if (!desktop) return
    let active = true
    desktop.app.getInfo().then(
      (info) => active && setApp(info),
      () => undefined,
    )
    desktop.storage.getPersistence().then(
      (mode) => active && setPersistence(mode),
      () => undefined,
    )
    const unsubscribe = desktop.storage.onPersistenceChanged((mode) => active && setPersistence(mode))
    return () => {
      active = false
      unsubscribe()
    }
  }, [])
  return { app, persistence }
}
