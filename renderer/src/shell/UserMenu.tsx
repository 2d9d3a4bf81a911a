import { useEffect, useId, useRef, useSyncExternalStore, type KeyboardEvent } from 'react'
import { STATIC_ROUTE_PATHS } from '../../../electron/shared/rules/routes'
import { Avatar } from '../ui/Avatar'
import { useRouter } from '../routing/router'

export interface ShellProfile {
  name?: string | undefined
  email?: string | undefined
  pictureUrl?: string | undefined
}

export interface UserMenuProps {
  profile: ShellProfile
  offline: boolean
  onSignOut(): void
}

// At startup the shell is mounted twice: from the cache, then again once Clerk's chunk has arrived (see
// session/SessionRoot.tsx). The open state lives outside React so a menu opened in between stays open; it is
// closed for real only when no menu mounts again in the same turn.
const menuState = {
  open: false,
  listeners: new Set<() => void>(),
  pendingClose: null as ReturnType<typeof setTimeout> | null,
}

function setMenuOpen(open: boolean): void {
  if (menuState.open === open) return
  menuState.open = open
  for (const listener of menuState.listeners) listener()
}

function subscribeMenu(listener: () => void): () => void {
  menuState.listeners.add(listener)
  return () => menuState.listeners.delete(listener)
}

function useMenuOpen(): [boolean, (open: boolean) => void] {
  const open = useSyncExternalStore(subscribeMenu, () => menuState.open)
  useEffect(() => {
    if (menuState.pendingClose !== null) clearTimeout(menuState.pendingClose)
    menuState.pendingClose = null
    return () => {
      menuState.pendingClose = setTimeout(() => setMenuOpen(false), 0)
    }
  }, [])
  return [open, setMenuOpen]
}

/** Avatar + name opening a menu (WAI-ARIA menu button pattern: arrows, Home/End, Escape, focus return). */
export function UserMenu({ profile, offline, onSignOut }: UserMenuProps) {
  const [open, setOpen] = useMenuOpen()
  const button = useRef<HTMLButtonElement>(null)
  const menu = useRef<HTMLDivElement>(null)
  const menuId = useId()
  const { navigate } = useRouter()
  const displayName = profile.name ?? profile.email ?? 'Account'

  useEffect(() => {
    if (!open) return
    menu.current?.querySelector<HTMLElement>('[role="menuitem"]')?.focus()
    const close = (event: PointerEvent) => {
      const target = event.target as Node
      if (!menu.current?.contains(target) && !button.current?.contains(target)) setOpen(false)
    }
    document.addEventListener('pointerdown', close)
    return () => document.removeEventListener('pointerdown', close)
  }, [open, setOpen])

  const closeAndFocus = () => {
    setOpen(false)
    button.current?.focus()
  }

  const onMenuKey = (event: KeyboardEvent<HTMLDivElement>) => {
    const items = Array.from(menu.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? [])
    const index = items.indexOf(document.activeElement as HTMLElement)
    const focusAt = (i: number) => items[(i + items.length) % items.length]?.focus()
    switch (event.key) {
      case 'ArrowDown':
        event.preventDefault()
        focusAt(index + 1)
        break
      case 'ArrowUp':
        event.preventDefault()
        focusAt(index - 1)
        break
      case 'Home':
        event.preventDefault()
        focusAt(0)
        break
      case 'End':
        event.preventDefault()
        focusAt(items.length - 1)
        break
      case 'Escape':
        event.preventDefault()
        closeAndFocus()
        break
      case 'Tab':
        setOpen(false)
        break
    }
  }

  const go = (path: string) => {
    closeAndFocus()
    navigate(path)
  }

  return (
    <div className="user-menu">
      <button
        ref={button}
        type="button"
        className="user-menu-button"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        aria-label={`Account menu for ${displayName}`}
        onClick={() => setOpen(!open)}
        onKeyDown={(event) => {
          if (event.key === 'ArrowDown') {
            event.preventDefault()
            setOpen(true)
          }
        }}
      >
        <Avatar name={profile.name} email={profile.email} pictureUrl={profile.pictureUrl} />
        <span className="user-name" data-testid="user-name">
          {displayName}
        </span>
      </button>
      {open && (
        <div ref={menu} id={menuId} role="menu" aria-label="Account" className="menu" onKeyDown={onMenuKey}>
          {profile.email && (
            <p className="menu-caption" aria-hidden="true">
              {profile.email}
            </p>
          )}
          <button type="button" role="menuitem" tabIndex={-1} onClick={() => go(STATIC_ROUTE_PATHS.profile)}>
            Profile
          </button>
          <button type="button" role="menuitem" tabIndex={-1} onClick={() => go(STATIC_ROUTE_PATHS.settings)}>
            Settings
          </button>
          <button
            type="button"
            role="menuitem"
            tabIndex={-1}
            aria-describedby={offline ? `${menuId}-offline` : undefined}
            onClick={() => {
              setOpen(false)
              onSignOut()
            }}
          >
            Sign out
          </button>
          {offline && (
            <p id={`${menuId}-offline`} className="menu-caption">
              You are offline: this signs you out on this computer now.
            </p>
          )}
        </div>
      )}
    </div>
  )
}
