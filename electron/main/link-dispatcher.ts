// Links can arrive before the window exists (cold start), while the renderer is still booting, or while it
// reloads. Routes are held until the renderer says it listens (`links:renderer-ready`), then delivered in order.
import type { AppRoute } from '../shared/contract'
import { describeLinkForLog, parseAppLink, type AppLink } from './deep-links'

export interface LinkDispatcherOptions {
  scheme: string
  /** Sends a route to the renderer; only called while the renderer is ready. */
  deliver: (route: AppRoute) => void
  /** Brings the window to the front (restoring it if minimized); called for every accepted link. */
  reveal: () => void
  log: { info: (message: string) => void; warn: (message: string) => void }
  /** Older links are dropped beyond this: a burst of links must not grow memory without bound. */
  maxQueued?: number
}

export interface LinkDispatcher {
  /** Parses and routes one raw link; returns what it was parsed as. */
  handle: (raw: string) => AppLink
  /** Opens a route chosen inside the app (a menu item), held like a link until the renderer listens. */
  open: (route: AppRoute) => void
  /** The renderer subscribed: flush queued routes. */
  rendererReady: () => void
  /** The renderer is (re)loading: hold routes again until it says it is ready. */
  rendererGone: () => void
  queued: () => readonly AppRoute[]
}

export function createLinkDispatcher(options: LinkDispatcherOptions): LinkDispatcher {
  const maxQueued = options.maxQueued ?? 10
  let ready = false
  let queue: AppRoute[] = []
  const route = (target: AppRoute): void => {
    if (ready) options.deliver(target)
    else queue = [...queue, target].slice(-maxQueued)
    options.reveal()
  }

  return {
    handle(raw) {
      const link = parseAppLink(raw, options.scheme)
      switch (link.kind) {
        case 'rejected':
          options.log.warn(`Rejected app link ${describeLinkForLog(raw)}: ${link.reason}`)
          break
        case 'oauth-callback':
          // The Clerk bridge resolves its pending OAuth flow from the same event; a callback without a
          // pending flow (e.g. one that cold-started the app) is stale and there is nothing to route.
          options.reveal()
          break
        case 'route':
          options.log.info(`App link ${describeLinkForLog(raw)}`)
          route(link.route)
          break
        default: {
          const exhaustive: never = link
          return exhaustive
        }
      }
      return link
    },
    open: route,
    rendererReady() {
      ready = true
      const pending = queue
      queue = []
      for (const route of pending) options.deliver(route)
    },
    rendererGone() {
      ready = false
    },
    queued: () => queue,
  }
}
