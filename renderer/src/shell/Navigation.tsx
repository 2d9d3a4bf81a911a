// The sidebar: the pages, each with its icon. Collapsed, it shows icons only; the label stays in the link (its
// accessible name) and appears beside the icon as a tooltip on hover and keyboard focus. Diagnostics is not
// here: it is a support page, reached from Help → Diagnostics and from the header's status indicator.
import { MonitorSmartphone, Settings, UserRound, type LucideIcon } from 'lucide-react'
import { STATIC_ROUTE_PATHS } from '../../../electron/shared/rules/routes'
import type { Route } from '../routing/routes'
import { Link, useRouter } from '../routing/router'

interface Item {
  to: string
  label: string
  icon: LucideIcon
  matches: Array<Route['name']>
}

const PAGES: Item[] = [
  { to: STATIC_ROUTE_PATHS.profile, label: 'Profile', icon: UserRound, matches: ['home', 'profile'] },
  {
    to: STATIC_ROUTE_PATHS.devices,
    label: 'Devices',
    icon: MonitorSmartphone,
    matches: ['devices', 'device'],
  },
  { to: STATIC_ROUTE_PATHS.settings, label: 'Settings', icon: Settings, matches: ['settings'] },
]

export const SIDEBAR_ID = 'sidebar'

function Items({ items, route }: { items: Item[]; route: Route['name'] }) {
  return (
    <ul className="sidebar-list">
      {items.map(({ to, label, icon: Icon, matches }) => (
        <li key={to}>
          <Link to={to} className="nav-item" aria-current={matches.includes(route) ? 'page' : undefined}>
            <Icon className="nav-icon" size={18} strokeWidth={1.75} aria-hidden="true" focusable="false" />
            <span className="nav-label">{label}</span>
          </Link>
        </li>
      ))}
    </ul>
  )
}

export function Navigation({ collapsed }: { collapsed: boolean }) {
  const { route } = useRouter()
  return (
    <nav className="sidebar" id={SIDEBAR_ID} aria-label="Main" data-collapsed={collapsed ? 'true' : 'false'}>
      <Items items={PAGES} route={route.name} />
    </nav>
  )
}
