// The signed-in window: header (app name, user menu), navigation, the offline mark when not live, and the
// page for the current route. Renders from a SessionView only, so it looks the same whether the data came
// from the cache or from the server.
import { lazy, Suspense, useEffect, useRef } from 'react'
import { DevicesPage } from '../features/devices/DevicesPage'
import { ProfilePage } from '../features/profile/ProfilePage'
import { SettingsPage } from '../features/settings/SettingsPage'
import { CachedDataWordsContext } from '../ui/cached-data-words'
import { cachedDataWordsFor, connectionStatus, localSignOutCause } from './connection-status'
import { Navigation } from './Navigation'
import { OfflineBanner } from './OfflineBanner'
import { StatusIndicator } from './StatusIndicator'
import type { SessionView } from '../features/page-props'
import { ServerRefusedBanner } from './ServerRefusedBanner'
import type { Route } from '../routing/routes'
import { Link, useRouter } from '../routing/router'
import { askToSignOut, UserMenu, type ShellProfile } from './UserMenu'

// Diagnostics reads Clerk's state, so it (and Clerk) stay out of the first chunk the cached shell needs.
const DiagnosticsPage = lazy(() =>
  import('../features/diagnostics/live/DiagnosticsPage').then((module) => ({
    default: module.DiagnosticsPage,
  })),
)

export interface ShellProps {
  session: SessionView
  /** Clerk and Convex providers are mounted (they load just after the first paint). */
  connected: boolean
  profile: ShellProfile
  retrying: boolean
  now: number
  /** A connection problem has lasted past the grace, so the offline banner may speak (session/calm-status.ts).
   * Absent means not yet: calm by default. */
  offlineNoticeDue?: boolean
  onRetry(): void
  onSignOut(): void
  /** Set when the server refused the sign-in: its banner replaces the offline mark. */
  refused?: { retrying: boolean; onTryAgain(): void }
}

function PagePlaceholder() {
  return (
    <section aria-busy="true">
      <p className="muted">Loading…</p>
    </section>
  )
}

function Page({ session, connected }: { session: SessionView; connected: boolean }) {
  const { route } = useRouter()
  switch (route.name) {
    case 'home':
    case 'profile':
      return <ProfilePage session={session} />
    case 'devices':
    case 'device':
      return <DevicesPage session={session} />
    case 'settings':
      return <SettingsPage session={session} />
    case 'diagnostics':
      if (!connected) return <PagePlaceholder />
      return (
        <Suspense fallback={<PagePlaceholder />}>
          <DiagnosticsPage session={session} />
        </Suspense>
      )
    case 'not-found':
      return (
        <section>
          <h1>Page not found</h1>
          <p>
            Nothing lives at <code>{route.path}</code>. <Link to="/">Go to your profile</Link>.
          </p>
        </section>
      )
  }
}

const TITLES: Record<Route['name'], string> = {
  home: 'Profile',
  profile: 'Profile',
  devices: 'Devices',
  device: 'Devices',
  settings: 'Settings',
  diagnostics: 'Diagnostics',
  'not-found': 'Page not found',
}

/** The window title names the page, and after an in-app navigation focus moves to the new page (as a page
 * load would), so keyboard and screen-reader users land on the content. */
function usePageFocusAndTitle(route: Route, pathname: string) {
  const content = useRef<HTMLElement>(null)
  const first = useRef(true)
  useEffect(() => {
    document.title = `${TITLES[route.name]} – Harbor`
  }, [route.name])
  useEffect(() => {
    if (first.current) {
      first.current = false
      return
    }
    content.current?.focus()
  }, [pathname])
  return content
}

export function Shell({
  session,
  connected,
  profile,
  retrying,
  offlineNoticeDue = false,
  onRetry,
  onSignOut,
  refused,
}: ShellProps) {
  const status = connectionStatus(session, refused !== undefined, offlineNoticeDue)
  const { route, pathname } = useRouter()
  const content = usePageFocusAndTitle(route, pathname)
  return (
    <div className="shell" data-testid="app-shell" data-mode={session.mode}>
      <header className="header">
        <span className="app-name">Harbor</span>
        <StatusIndicator status={status} />
        <UserMenu
          profile={profile}
          localSignOutCause={localSignOutCause(session, refused !== undefined)}
          onSignOut={onSignOut}
        />
      </header>
      {refused && (
        <ServerRefusedBanner
          retrying={refused.retrying}
          onTryAgain={refused.onTryAgain}
          onSignOut={askToSignOut}
        />
      )}
      {(status === 'offline' || status === 'sign-in-unreachable' || status === 'server-unreachable') && (
        <OfflineBanner status={status} retrying={retrying} onRetry={onRetry} />
      )}
      <div className="body">
        <Navigation />
        <main className="content" id="content" ref={content} tabIndex={-1}>
          <CachedDataWordsContext.Provider value={cachedDataWordsFor(status)}>
            <Page session={session} connected={connected} />
          </CachedDataWordsContext.Provider>
        </main>
      </div>
    </div>
  )
}
