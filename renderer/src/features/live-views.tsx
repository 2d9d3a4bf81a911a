// The live (server-backed) half of each page, handed down by the connected app. Pages render their cached,
// offline half from the first chunk; their live half uses Convex, which is only loaded with Clerk just after
// the first paint (session/SessionRoot.tsx). Keeping it behind this context is what keeps `convex` out of the
// first chunk: a page module never imports its live view.
import { createContext, useContext, type ComponentType } from 'react'
import type { PageProps } from './page-props'

export interface LiveDevicesProps extends PageProps {
  deviceId: string | undefined
}

export interface LiveViews {
  profile: ComponentType<PageProps>
  devices: ComponentType<LiveDevicesProps>
}

const LiveViewsContext = createContext<LiveViews | null>(null)

export const LiveViewsProvider = LiveViewsContext.Provider

/** The live views, or null before the connected app has loaded (the session cannot be live then). */
export function useLiveViews(): LiveViews | null {
  return useContext(LiveViewsContext)
}
