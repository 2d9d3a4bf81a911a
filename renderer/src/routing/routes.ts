// The address bar's view of the shared route table (electron/shared/rules/routes.ts): anything the table does
// not know is a `not-found` page, never an error. Pure.
import { formatRoute, parseRoutePath, type AppRoute } from '../../../electron/shared/rules/routes'

export type Route = AppRoute | { name: 'not-found'; path: string }

export const pathFor: (route: AppRoute) => string = formatRoute

export function parsePath(pathname: string): Route {
  const path = pathname.length > 1 ? pathname.replace(/\/+$/, '') : pathname
  if (path === '/index.html') return { name: 'home' }
  const parsed = parseRoutePath(path, { decode: true })
  return parsed.ok ? parsed.route : { name: 'not-found', path }
}
