// The signed-in window: header (sidebar toggle, user menu), navigation, the offline mark when not live, and the
// page for the current route. Renders from a SessionView only, so it looks the same whether the data came
// from the cache or from the server.
//
// Outer structure and class names (stable: the first-frame snapshot of issue 16 is built from them, and
// styles.css lays them out):
//
//   div.shell[data-testid=app-shell][data-mode=live|offline][data-sidebar=expanded|collapsed]
//                                      data-sidebar: the saved choice (main process, userData/sidebar.json, see
//                                      electron/main/sidebar-setting.ts), or collapsed below 720 CSS px
//     a.skip-link                      "Skip to content", visible only on keyboard focus
//     header.header                    44 px; on macOS the title bar (drag region, room for the traffic lights)
//       button.sidebar-toggle          icon button, aria-expanded, aria-controls=sidebar
//       div.header-end                 status and the account menu (div.user-menu), right-aligned
//     (banners: .refused-banner / .offline-banner, full width, between header and body)
//     div.body                         grid: sidebar column (--sidebar-width) + content
//       nav.sidebar#sidebar[data-collapsed=true|false]   ul.sidebar-list > li > a.nav-item > svg.nav-icon + span.nav-label
//       main.content#content           the page, left-aligned, --content-max-width
import { PanelLeftClose, PanelLeftOpen } from 'lucide-react'
import { lazy, Suspense, useEffect, useRef, type MouseEvent } from 'react'
import { DevicesPage } from '../features/devices/DevicesPage'
import { ProfilePage } from '../features/profile/ProfilePage'
import { SettingsPage } from '../features/settings/SettingsPage'
import { CachedDataWordsContext } from '../ui/cached-data-words'
import { cachedDataWordsFor, connectionStatus, localSignOutCause } from './connection-status'
import { Navigation, SIDEBAR_ID } from './Navigation'
import { OfflineBanner } from './OfflineBanner'
import { StatusIndicator } from './StatusIndicator'
import type { SessionView } from '../features/page-props'
import { ServerRefusedBanner } from './ServerRefusedBanner'
import type { Route } from '../routing/routes'
import { Link, useRouter } from '../routing/router'
import { askToSignOut, UserMenu, type ShellProfile } from './UserMenu'
import { useSidebar } from './useSidebar'

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
  const sidebar = useSidebar()
  const skipToContent = (event: MouseEvent<HTMLAnchorElement>) => {
    // Focus, not a #content navigation: the router owns the URL, and a fragment would end up in it.
    event.preventDefault()
    content.current?.focus()
  }
  return (
    <div
      className="shell"
      data-testid="app-shell"
      data-mode={session.mode}
      data-sidebar={sidebar.collapsed ? 'collapsed' : 'expanded'}
    >
      <a className="skip-link" href="#content" onClick={skipToContent}>
        Skip to content
      </a>
      <header className="header">
        <button
          type="button"
          className="icon-button sidebar-toggle"
          aria-label={sidebar.collapsed ? 'Expand sidebar' : 'Collapse sidebar'}
          aria-expanded={!sidebar.collapsed}
          aria-controls={SIDEBAR_ID}
          onClick={sidebar.toggle}
        >
          {sidebar.collapsed ? (
            <PanelLeftOpen size={18} strokeWidth={1.75} aria-hidden="true" focusable="false" />
          ) : (
            <PanelLeftClose size={18} strokeWidth={1.75} aria-hidden="true" focusable="false" />
          )}
        </button>
        <div className="header-end">
          <StatusIndicator status={status} />
          <UserMenu
            profile={profile}
            localSignOutCause={localSignOutCause(session, refused !== undefined)}
            onSignOut={onSignOut}
          />
        </div>
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
        <Navigation collapsed={sidebar.collapsed} />
        {/* A tab stop, not just a focus target: the page scrolls, and a scrolling region must be reachable by
            keyboard to be scrolled (axe scrollable-region-focusable), even on a page with nothing else to focus. */}
        <main className="content" id="content" ref={content} tabIndex={0}>
          <CachedDataWordsContext.Provider value={cachedDataWordsFor(status)}>
            <Page session={session} connected={connected} />
          </CachedDataWordsContext.Provider>
        </main>
      </div>
    </div>
  )
}
