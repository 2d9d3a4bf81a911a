// Whether the sidebar shows labels or icons only. Two inputs: the user's choice, kept by the main process
// (electron/main/sidebar-setting.ts) so it survives a relaunch, and the window's width: below NARROW_QUERY the
// sidebar collapses by itself so it never takes a third of the window (an 1100 px window at 150% zoom is
// 733 CSS px). Expanding it while narrow lasts until the width changes and is not saved: the saved choice is
// about the normal window.
import { useCallback, useEffect, useSyncExternalStore } from 'react'
import type { DesktopApi } from '../../../electron/shared/contract'
import { getDesktop } from '../lib/desktop'

export const NARROW_QUERY = '(max-width: 719.98px)'

interface SidebarState {
  /** The user's choice as saved (or as just made in this run). */
  collapsed: boolean
  /** The user toggled in this run: a first read still in flight must not undo that. */
  chosen: boolean
  expandedWhileNarrow: boolean
}

// Outside React, like the account menu's open state (UserMenu.tsx): the shell mounts twice at start (from the
// cache, then with Clerk), and a choice made in between must survive the second mount without a re-read.
// It belongs to the `window.desktop` it was read from; a different one (only ever in tests) starts afresh.
const store = {
  desktop: undefined as DesktopApi | null | undefined,
  state: { collapsed: false, chosen: false, expandedWhileNarrow: false } as SidebarState,
  read: null as Promise<void> | null,
  listeners: new Set<() => void>(),
}

function update(change: Partial<SidebarState>): void {
  store.state = { ...store.state, ...change }
  for (const listener of store.listeners) listener()
}

/**
 * The sidebar the window's first frame was drawn with (electron/shared/first-frame.ts: the main process draws it
 * from the saved choice, or collapsed for a narrow window), or null when the document has no frame (no cache,
 * or React's first commit has already replaced it). Until the saved choice has been asked for, the shell follows
 * the frame, so React's take-over of it moves nothing; the read then confirms or corrects it.
 */
function collapsedInFirstFrame(): boolean | null {
  const value = document.querySelector('[data-first-frame] .shell')?.getAttribute('data-sidebar')
  return value === 'collapsed' ? true : value === 'expanded' ? false : null
}

/** Before the saved choice is asked for, the store takes the first frame's sidebar. Set quietly, during render:
 * no listener needs telling (nothing has rendered the store yet, or only with this same frame's value). */
function followFirstFrame(): void {
  if (store.read !== null || store.state.chosen) return
  const framed = collapsedInFirstFrame()
  if (framed !== null && framed !== store.state.collapsed) store.state = { ...store.state, collapsed: framed }
}

function currentDesktop(): DesktopApi | null {
  const desktop = getDesktop()
  if (store.desktop !== desktop) {
    store.desktop = desktop
    store.state = { collapsed: false, chosen: false, expandedWhileNarrow: false }
    store.read = null
  }
  return desktop
}

function readSaved(desktop: DesktopApi): void {
  if (store.read) return
  // A preload without this API (an older build in a test harness) just means "expanded, not remembered".
  store.read = Promise.resolve()
    .then(() => desktop.sidebar.getCollapsed())
    .then(
      (collapsed) => {
        if (store.desktop === desktop && !store.state.chosen) update({ collapsed: collapsed === true })
      },
      (error: unknown) => console.warn('Could not read the sidebar setting', error),
    )
}

const subscribe = (listener: () => void) => {
  store.listeners.add(listener)
  return () => void store.listeners.delete(listener)
}
const snapshot = () => store.state

function narrowQuery(): MediaQueryList | null {
  return typeof window.matchMedia === 'function' ? window.matchMedia(NARROW_QUERY) : null
}
const subscribeNarrow = (listener: () => void) => {
  const query = narrowQuery()
  if (!query) return () => undefined
  const onChange = () => {
    update({ expandedWhileNarrow: false })
    listener()
  }
  query.addEventListener('change', onChange)
  return () => query.removeEventListener('change', onChange)
}
const isNarrow = () => narrowQuery()?.matches ?? false

export interface Sidebar {
  collapsed: boolean
  /** Collapsed because the window is narrow, not by the user's choice. */
  narrow: boolean
  toggle(): void
}

export function useSidebar(): Sidebar {
  const desktop = currentDesktop()
  followFirstFrame()
  const state = useSyncExternalStore(subscribe, snapshot)
  const narrow = useSyncExternalStore(subscribeNarrow, isNarrow)

  useEffect(() => {
    if (desktop) readSaved(desktop)
  }, [desktop])

  const toggle = useCallback(() => {
    if (narrow) {
      update({ expandedWhileNarrow: !store.state.expandedWhileNarrow })
      return
    }
    const collapsed = !store.state.collapsed
    update({ collapsed, chosen: true })
    Promise.resolve()
      .then(() => desktop?.sidebar.setCollapsed(collapsed))
      // Not reverted: the sidebar stays as the user set it for this run; only the next launch forgets it.
      .catch((error: unknown) => console.warn('Could not remember the sidebar setting', error))
  }, [narrow, desktop])

  return { collapsed: narrow ? !state.expandedWhileNarrow : state.collapsed, narrow, toggle }
}
