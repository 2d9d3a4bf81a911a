// The app's routes as data: path <-> route, both ways, so app links from the main process (`AppRoute`) and
// URLs in the address bar agree. Pure.
import type { AppRoute } from '../../../electron/shared/contract'

export type Route = AppRoute | { name: 'not-found'; path: string }

const DEVICE_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/

export function pathFor(route: AppRoute): string {
  switch (route.name) {
    case 'home':
      return '/'
    case 'profile':
      return '/profile'
    case 'devices':
      return '/devices'
    case 'device':
      return `/devices/${encodeURIComponent(route.deviceId)}`
    case 'settings':
      return '/settings'
    case 'diagnostics':
      return '/diagnostics'
  }
}

export function parsePath(pathname: string): Route {
  const path = pathname.length > 1 ? pathname.replace(/\/+$/, '') : pathname
  switch (path) {
    case '':
    case '/':
    case '/index.html':
      return { name: 'home' }
    case '/profile':
      return { name: 'profile' }
    case '/devices':
      return { name: 'devices' }
    case '/settings':
      return { name: 'settings' }
    case '/diagnostics':
      return { name: 'diagnostics' }
  }
  const device = /^\/devices\/([^/]+)$/.exec(path)
  if (device) {
    let deviceId: string
    try {
      deviceId = decodeURIComponent(device[1] ?? '')
    } catch {
      return { name: 'not-found', path }
    }
    if (DEVICE_ID.test(deviceId)) return { name: 'device', deviceId }
  }
  return { name: 'not-found', path }
}
