// A small history router. The renderer is served from `<scheme>://renderer/`, a standard, secure privileged
// scheme, so the History API works there exactly as on https and the protocol handler falls back to
// index.html for unknown paths; a reload keeps the current page. Clerk navigates through `navigate` too
// (routerPush / routerReplace), so it never reloads the window.
import {
  createContext,
  useCallback,
  useContext,
  useMemo,
  useSyncExternalStore,
  type AnchorHTMLAttributes,
  type MouseEvent,
  type ReactNode,
} from 'react'
import { parsePath, type Route } from './routes'

type Listener = () => void
const listeners = new Set<Listener>()

function subscribe(listener: Listener): () => void {
  listeners.add(listener)
  window.addEventListener('popstate', listener)
  return () => {
    listeners.delete(listener)
    window.removeEventListener('popstate', listener)
  }
}

function currentLocation(): string {
  return window.location.pathname + window.location.search + window.location.hash
}

/** Navigates within the renderer origin; anything pointing elsewhere is refused (returns false). */
export function navigate(to: string, options: { replace?: boolean } = {}): boolean {
  let url: URL
  try {
    url = new URL(to, window.location.href)
  } catch {
    return false
  }
  if (url.origin !== window.location.origin) return false
  const target = url.pathname + url.search + url.hash
  if (target !== currentLocation()) {
    if (options.replace) window.history.replaceState(null, '', target)
    else window.history.pushState(null, '', target)
  }
  for (const listener of listeners) listener()
  return true
}

interface RouterValue {
  route: Route
  pathname: string
  navigate: typeof navigate
}

const RouterContext = createContext<RouterValue | null>(null)

export function RouterProvider({ children }: { children: ReactNode }) {
  const pathname = useSyncExternalStore(subscribe, () => window.location.pathname)
  const value = useMemo(() => ({ route: parsePath(pathname), pathname, navigate }), [pathname])
  return <RouterContext.Provider value={value}>{children}</RouterContext.Provider>
}

export function useRouter(): RouterValue {
  const value = useContext(RouterContext)
  if (!value) throw new Error('useRouter must be used inside <RouterProvider>')
  return value
}

type LinkProps = Omit<AnchorHTMLAttributes<HTMLAnchorElement>, 'href'> & { to: string }

/** A real link (keyboard, context menu, screen readers) that navigates without reloading. */
export function Link({ to, onClick, ...rest }: LinkProps) {
  const { navigate: go } = useRouter()
  const handleClick = useCallback(
    (event: MouseEvent<HTMLAnchorElement>) => {
      onClick?.(event)
      if (
        event.defaultPrevented ||
        event.button !== 0 ||
        event.metaKey ||
        event.ctrlKey ||
        event.shiftKey ||
        event.altKey
      )
        return
      event.preventDefault()
      go(to)
    },
    [go, onClick, to],
  )
  return <a href={to} onClick={handleClick} {...rest} />
}
