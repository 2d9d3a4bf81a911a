import { useEffect, useId, useRef, useSyncExternalStore, type KeyboardEvent } from 'react'
import { STATIC_ROUTE_PATHS } from '../../../electron/shared/rules/routes'
import { Avatar, initials } from '../ui/Avatar'
import { useRouter } from '../routing/router'
import './status.css'

export interface ShellProfile {
  name?: string | undefined
  email?: string | undefined
  pictureUrl?: string | undefined
}

export interface UserMenuProps {
  profile: ShellProfile
  /** Set when signing out can only happen on this computer right now: why, in plain words. */
  localSignOutCause: string | null
  onSignOut(): void
}

type MenuView = 'closed' | 'menu' | 'confirm'

// At startup the shell is mounted twice: from the cache, then again once Clerk's chunk has arrived (see
// session/SessionRoot.tsx). What is open lives outside React so a menu or confirmation opened in between stays
// open; it is closed for real only when no menu mounts again in the same turn.
const menuState = {
  view: 'closed' as MenuView,
  listeners: new Set<() => void>(),
  pendingClose: null as ReturnType<typeof setTimeout> | null,
}

function setMenuView(view: MenuView): void {
  if (menuState.view === view) return
  menuState.view = view
  for (const listener of menuState.listeners) listener()
}

/** Opens the sign-out question under the account button, for a Sign out offered elsewhere (the refused banner):
 * one confirmation, wherever the sign-out starts. */
export function askToSignOut(): void {
  setMenuView('confirm')
}

function subscribeMenu(listener: () => void): () => void {
  menuState.listeners.add(listener)
  return () => menuState.listeners.delete(listener)
}

function useMenuView(): [MenuView, (view: MenuView) => void] {
  const view = useSyncExternalStore(subscribeMenu, () => menuState.view)
  useEffect(() => {
    if (menuState.pendingClose !== null) clearTimeout(menuState.pendingClose)
    menuState.pendingClose = null
    return () => {
      menuState.pendingClose = setTimeout(() => setMenuView('closed'), 0)
    }
  }, [])
  return [view, setMenuView]
}

/** Closes whatever is open when a pointer goes down outside it and the account button. */
function useCloseOnOutsidePointer(
  active: boolean,
  inside: Array<{ current: HTMLElement | null }>,
  close: () => void,
): void {
  useEffect(() => {
    if (!active) return
    const onPointerDown = (event: PointerEvent) => {
      const target = event.target as Node
      if (!inside.some((ref) => ref.current?.contains(target))) close()
    }
    document.addEventListener('pointerdown', onPointerDown)
    return () => document.removeEventListener('pointerdown', onPointerDown)
    // The refs are stable; `close` only changes with `view`.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [active])
}

/** Avatar + name opening a menu (WAI-ARIA menu button pattern: arrows, Home/End, Escape, focus return). "Sign
 * out" asks first, in a small dialog under the button (Escape or Cancel keeps you signed in). */
export function UserMenu({ profile, localSignOutCause, onSignOut }: UserMenuProps) {
  const [view, setView] = useMenuView()
  const button = useRef<HTMLButtonElement>(null)
  const menu = useRef<HTMLDivElement>(null)
  const dialog = useRef<HTMLDivElement>(null)
  const menuId = useId()
  const { navigate } = useRouter()
  const displayName = profile.name ?? profile.email ?? 'Account'
  const open = view === 'menu'
  const confirming = view === 'confirm'

  useEffect(() => {
    if (open) menu.current?.querySelector<HTMLElement>('[role="menuitem"]')?.focus()
    // The safe choice has the focus: Enter on a confirmation should never be the irreversible one by accident.
    if (confirming) dialog.current?.querySelector<HTMLElement>('[data-action="cancel"]')?.focus()
  }, [open, confirming])
  useCloseOnOutsidePointer(view !== 'closed', [menu, dialog, button], () => setView('closed'))

  const closeAndFocus = () => {
    setView('closed')
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
        setView('closed')
        break
    }
  }

  const onDialogKey = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key === 'Escape') {
      event.preventDefault()
      closeAndFocus()
      return
    }
    if (event.key !== 'Tab') return
    // Keep Tab inside the two buttons while the question is open.
    const buttons = Array.from(dialog.current?.querySelectorAll<HTMLElement>('button') ?? [])
    const index = buttons.indexOf(document.activeElement as HTMLElement)
    event.preventDefault()
    const next = (index + (event.shiftKey ? -1 : 1) + buttons.length) % buttons.length
    buttons[next]?.focus()
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
        // The visible initials and name come first, in order, so the name contains what is seen (WCAG 2.5.3).
        aria-label={`${initials(profile.name, profile.email)} ${displayName} – Account menu`}
        onClick={() => setView(open ? 'closed' : 'menu')}
        onKeyDown={(event) => {
          if (event.key === 'ArrowDown') {
            event.preventDefault()
            setView('menu')
          }
        }}
      >
        <Avatar name={profile.name} email={profile.email} pictureUrl={profile.pictureUrl} />
        {/* A space between the initials and the name, so the button's text reads "GH Grace Hopper" (not
            "GHGrace Hopper") and is part of its accessible name (axe label-content-name-mismatch). */}{' '}
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
            aria-describedby={localSignOutCause ? `${menuId}-local` : undefined}
            onClick={() => setView('confirm')}
          >
            Sign out…
          </button>
          {localSignOutCause && (
            <p id={`${menuId}-local`} className="menu-caption" data-testid="sign-out-caption">
              {localSignOutCause}
            </p>
          )}
        </div>
      )}
      {confirming && (
        <div
          ref={dialog}
          role="alertdialog"
          aria-modal="false"
          aria-labelledby={`${menuId}-confirm-title`}
          aria-describedby={localSignOutCause ? `${menuId}-confirm-cause` : undefined}
          className="sign-out-confirm"
          data-testid="sign-out-confirm"
          onKeyDown={onDialogKey}
        >
          <h2 id={`${menuId}-confirm-title`}>Sign out of Harbor on this device?</h2>
          {localSignOutCause && <p id={`${menuId}-confirm-cause`}>{localSignOutCause}</p>}
          <div className="actions">
            <button type="button" data-action="cancel" onClick={closeAndFocus}>
              Cancel
            </button>
            <button
              type="button"
              className="primary"
              onClick={() => {
                setView('closed')
                onSignOut()
              }}
            >
              Sign out
            </button>
          </div>
        </div>
      )}
    </div>
  )
}
