// The app's routes as one typed table: the deep-link parser (electron/main/deep-links.ts), the renderer's
// router and its navigation all parse and format through it, so a link from outside, the address bar and the
// sidebar can never disagree. Pure.
import { DEVICE_ID_PATTERN } from './limits'

/** An in-app route, e.g. opened from outside through `<scheme>://renderer/<route>`. */
export type AppRoute =
  | { name: 'home' }
  | { name: 'profile' }
  | { name: 'devices' }
  | { name: 'device'; deviceId: string }
  | { name: 'settings' }
  | { name: 'diagnostics' }

export type RouteName = AppRoute['name']
type StaticRouteName = Exclude<RouteName, 'device'>

/** The path of every route without a parameter; `device` is `/devices/<deviceId>`. */
export const STATIC_ROUTE_PATHS: Readonly<Record<StaticRouteName, string>> = {
  home: '/',
  profile: '/profile',
  devices: '/devices',
  settings: '/settings',
  diagnostics: '/diagnostics',
}

const BY_PATH = new Map<string, StaticRouteName>(
  Object.entries(STATIC_ROUTE_PATHS).map(([name, path]) => [path, name as StaticRouteName]),
)

export type RouteParse =
  { ok: true; route: AppRoute } | { ok: false; reason: 'unknown route' | 'device id is malformed' }

/** The canonical path of a route (the device id percent-encoded, although a valid one never needs it). */
export function formatRoute(route: AppRoute): string {
  return route.name === 'device'
    ? `/devices/${encodeURIComponent(route.deviceId)}`
    : STATIC_ROUTE_PATHS[route.name]
}

/**
 * Parses a path such as `/`, `/profile/` or `/devices/<id>` (one trailing slash allowed). With `decode`, the
 * device id is percent-decoded first (the address bar); without it (deep links, which accept only the
 * canonical spelling) it is taken as written.
 */
export function parseRoutePath(path: string, options: { decode?: boolean } = {}): RouteParse {
  const trimmed = path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path
  const name = BY_PATH.get(trimmed === '' ? '/' : trimmed)
  if (name) return { ok: true, route: { name } }
  const device = /^\/devices\/([^/]+)$/.exec(trimmed)
  if (!device) return { ok: false, reason: 'unknown route' }
  let deviceId = device[1] ?? ''
  if (options.decode) {
    try {
      deviceId = decodeURIComponent(deviceId)
    } catch {
      return { ok: false, reason: 'device id is malformed' }
    }
  }
  if (!DEVICE_ID_PATTERN.test(deviceId)) return { ok: false, reason: 'device id is malformed' }
  return { ok: true, route: { name: 'device', deviceId } }
}
