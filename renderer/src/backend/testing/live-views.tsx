// Component tests of a page's live half: the live views the connected app provides (session/live/ConnectedApp.tsx).
import type { ReactNode } from 'react'
import { LIVE_VIEWS } from '../../session/live/live-views-list'
import { LiveViewsProvider } from '../../features/live-views'

export function WithLiveViews({ children }: { children: ReactNode }) {
  return <LiveViewsProvider value={LIVE_VIEWS}>{children}</LiveViewsProvider>
}
