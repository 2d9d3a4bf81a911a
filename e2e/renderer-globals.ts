// What the suite reads inside the renderer. The e2e code is compiled without DOM types (tsconfig.node.json),
// so `page.evaluate` callbacks reach the page as `globalThis as unknown as RendererGlobals`.
import type { DesktopApi } from '../electron/shared/contract'

export interface RendererGlobals {
  desktop: DesktopApi
  location: { href: string; origin: string; pathname: string }
  /** Clerk's preload bridge (`@clerk/electron`): its token cache is the main process keychain store. */
  __clerk_internal_electron: {
    tokenCache: {
      getToken(key: string): Promise<string | null | undefined>
      saveToken(key: string, value: string): Promise<void>
      clearToken(key: string): Promise<void>
    }
  }
  require?: unknown
  process?: unknown
  module?: unknown
  /** Filled by the update test's listener. */
  __updateStates?: string[]
}
