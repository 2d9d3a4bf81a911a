import type { AppInfo, DesktopApi, PersistenceMode } from '../../../../electron/shared/contract'
import { useDesktopValue, type DesktopValue } from '../../lib/useDesktopValue'

const getInfo = (desktop: DesktopApi) => desktop.app.getInfo()
const getPersistence = (desktop: DesktopApi) => desktop.storage.getPersistence()
const onPersistence = (desktop: DesktopApi, listener: (mode: PersistenceMode) => void) =>
  desktop.storage.onPersistenceChanged(listener)

const ready = <T>(value: DesktopValue<T>): T | null => (value.status === 'ready' ? value.value : null)

/** App facts from the main process (version, platform, where the sign-in is kept); null until known. */
export function useAppInfo(): { app: AppInfo | null; persistence: PersistenceMode | null } {
  const app = useDesktopValue(getInfo).value
  const persistence = useDesktopValue(getPersistence, onPersistence).value
  return { app: ready(app), persistence: ready(persistence) }
}
