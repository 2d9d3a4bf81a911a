// Typed access to what the preload exposes. `window.desktop` is the ONLY privileged surface the renderer has;
// its shape is `DesktopApi` from the shared IPC contract, so a contract change is a type error here.
import type { DesktopApi } from '../../../electron/shared/contract'

declare global {
  interface Window {
    /** Absent only when the renderer is opened outside Electron (e.g. a plain browser during development). */
    desktop?: DesktopApi
  }
}

/** The preload API, or null outside Electron. Callers degrade (no cache, no device) instead of crashing. */
export function getDesktop(): DesktopApi | null {
  return typeof window !== 'undefined' && window.desktop ? window.desktop : null
}
