// Component tests of a page's live half: the live views the connected app provides (App.tsx).
import type { ReactNode } from 'react'
import { LIVE_VIEWS } from '../../features/live-views'
import { LiveViewsProvider } from '../../shell/live-views'

export function WithLiveViews({ children }: { children: ReactNode }) {
  return <LiveViewsProvider value={LIVE_VIEWS}>{children}</LiveViewsProvider>
}
