// Deep links arrive from outside the app (a browser, another program, the OS) and are untrusted. The main process
// parses them here into a discriminated union (routes through the shared table, electron/shared/rules/routes.ts,
// which the renderer's router uses too); the rest of the main process only ever sees the parsed result.
import type { AppRoute } from '../shared/contract'
import { MAX_LINK_LENGTH } from '../shared/rules/limits'
import { parseRoutePath } from '../shared/rules/routes'
import { RENDERER_HOST } from './app-identity'

export type AppLink =
  | { kind: 'route'; route: AppRoute }
  /** Clerk's OAuth redirect (`<scheme>://renderer/?...`): the Clerk bridge consumes it, we never route it. */
  | { kind: 'oauth-callback'; url: string }
  | { kind: 'rejected'; reason: string }

export { MAX_LINK_LENGTH }

// C0/C1 controls, DEL, and every Unicode space or line/paragraph separator: none belongs in a link, and the URL
// parser would silently strip some of them, so a link could look different from what it does.
const CONTROL_OR_SPACE =
  // eslint-disable-next-line no-control-regex -- refusing control characters is the point
  /[\u0000-\u0020\u007f-\u00a0\u1680\u2000-\u200f\u2028-\u202f\u205f-\u2064\u3000\ufeff]/u

function reject(reason: string): AppLink {
  return { kind: 'rejected', reason }
}

/**
 * Parses `<scheme>://renderer/<route>`. Only the canonical spelling is accepted: the path must be exactly what
 * the URL parser would produce (no dot segments, no percent-encoding, no doubled slashes), so there is never
 * a second spelling of a link that a check could miss.
 */
export function parseAppLink(raw: string, scheme: string): AppLink {
  if (typeof raw !== 'string') return reject('link is not a string')
  if (raw.length === 0) return reject('link is empty')
  if (raw.length > MAX_LINK_LENGTH) return reject(`link is longer than ${MAX_LINK_LENGTH} characters`)
  if (CONTROL_OR_SPACE.test(raw)) return reject('link contains control characters or whitespace')
  if (raw.includes('\\')) return reject('link contains a backslash')

  const prefix = `${scheme}://`
  if (raw.slice(0, prefix.length).toLowerCase() !== prefix)
    return reject(`link does not start with ${prefix}`)

  let url: URL
  try {
    url = new URL(raw)
  } catch {
    return reject('link is not a valid URL')
  }
  if (url.protocol !== `${scheme}:`) return reject('link has the wrong scheme')
  const authority = raw.slice(prefix.length).split(/[/?#]/, 1)[0] ?? ''
  if (url.username !== '' || url.password !== '' || authority.includes('@')) {
    return reject('link must not contain credentials')
  }
  if (url.port !== '' || authority.includes(':')) return reject('link must not contain a port')
  if (url.host !== RENDERER_HOST) return reject('link has the wrong host')

  // Path as written, between the host and the query/fragment.
  const afterHost = raw.slice(prefix.length + RENDERER_HOST.length)
  const writtenPath = afterHost.split(/[?#]/, 1)[0] ?? ''
  if (writtenPath !== url.pathname) return reject('link path is not in canonical form')

  const isRoot = url.pathname === '' || url.pathname === '/'
  if (isRoot && (url.search !== '' || url.hash !== '' || /[?#]/.test(afterHost))) {
    // The bridge's redirect URL is `<scheme>://renderer/`; Clerk appends its result as a query.
    if (url.pathname !== '/') return reject('OAuth callback must use the path /')
    return { kind: 'oauth-callback', url: url.href }
  }
  if (/[?#]/.test(afterHost)) return reject('app links take no query or fragment')
  if (!/^(\/[A-Za-z0-9_-]+)*\/?$/.test(url.pathname)) return reject('link path has unexpected characters')

  // Canonical already (checked above), so the device id is taken as written, never decoded.
  const parsed = parseRoutePath(url.pathname)
  return parsed.ok ? { kind: 'route', route: parsed.route } : reject(parsed.reason)
}

/** `<scheme>://...` arguments in a process's argv (cold start on Windows/Linux, or `second-instance`). */
export function linksInArgv(argv: readonly string[], scheme: string): string[] {
  const prefix = `${scheme}:`
  return argv.filter((arg) => typeof arg === 'string' && arg.slice(0, prefix.length).toLowerCase() === prefix)
}

/** What may be logged about a link: never its query or fragment (OAuth codes, nonces), and never too much. */
export function describeLinkForLog(raw: string): string {
  if (typeof raw !== 'string') return '<not a string>'
  const cut = raw.search(/[?#]/)
  const withoutQuery = cut === -1 ? raw : `${raw.slice(0, cut)}?<redacted>`
  const printable = withoutQuery.replace(/[^\x21-\x7e]/g, '\uFFFD')
  return printable.length > 200 ? `${printable.slice(0, 200)}...` : printable
}
