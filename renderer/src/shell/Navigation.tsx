import { STATIC_ROUTE_PATHS } from '../../../electron/shared/rules/routes'
import type { Route } from '../routing/routes'
import { Link, useRouter } from '../routing/router'

const ITEMS: Array<{ to: string; label: string; matches: Array<Route['name']> }> = [
  { to: STATIC_ROUTE_PATHS.profile, label: 'Profile', matches: ['home', 'profile'] },
  { to: STATIC_ROUTE_PATHS.devices, label: 'Devices', matches: ['devices', 'device'] },
  { to: STATIC_ROUTE_PATHS.settings, label: 'Settings', matches: ['settings'] },
]

export function Navigation() {
  const { route } = useRouter()
  return (
    <nav className="sidebar" aria-label="Main">
      <ul>
        {ITEMS.map((item) => (
          <li key={item.to}>
            <Link to={item.to} aria-current={item.matches.includes(route.name) ? 'page' : undefined}>
              {item.label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  )
}
