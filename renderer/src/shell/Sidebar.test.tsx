// The collapsible sidebar in the real shell: the toggle's name and state, labels kept for assistive technology
// when only icons show, the choice remembered by the main process across launches, and the narrow-window rule.
import '@testing-library/jest-dom/vitest'
import { act, cleanup, render, screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { DesktopApi } from '../../../electron/shared/contract'
import type { SessionView } from '../features/page-props'
import { RouterProvider } from '../routing/router'
import { Shell } from './Shell'
import { NARROW_QUERY } from './useSidebar'

vi.mock('../features/profile/ProfilePage', () => ({ ProfilePage: () => <h1>Profile page</h1> }))
vi.mock('../features/devices/DevicesPage', () => ({ DevicesPage: () => <h1>Devices page</h1> }))
vi.mock('../features/settings/SettingsPage', () => ({ SettingsPage: () => <h1>Settings page</h1> }))

const live: SessionView = {
  mode: 'live',
  canUseServer: true,
  offlineReason: null,
  lastKnownUser: null,
  device: null,
  status: {
    phase: 'live',
    offlineReason: null,
    convexVerdict: null,
    clerkApiReached: true,
    cacheConfirmedAt: null,
  },
} as unknown as SessionView

/** What the main process keeps (electron/main/sidebar-setting.ts) as seen through `window.desktop`: a file
 * that outlives the window, read at each launch. */
function savedSidebar(initial: string | null = null) {
  const disk = { text: initial, failWrites: false }
  const launch = () => {
    let current = disk.text ? (JSON.parse(disk.text) as { collapsed: boolean }).collapsed : false
    const sidebar = {
      getCollapsed: vi.fn(async () => current),
      setCollapsed: vi.fn(async (collapsed: boolean) => {
        if (disk.failWrites) throw new Error('ENOSPC')
        disk.text = JSON.stringify({ collapsed })
        current = collapsed
        return current
      }),
    }
    window.desktop = { sidebar } as unknown as DesktopApi
    return sidebar
  }
  return { disk, launch }
}

/** A window whose width can change: what `matchMedia(NARROW_QUERY)` reports. */
function windowWidth(initialNarrow: boolean) {
  const listeners = new Set<() => void>()
  const query = {
    matches: initialNarrow,
    media: NARROW_QUERY,
    addEventListener: (_: 'change', listener: () => void) => listeners.add(listener),
    removeEventListener: (_: 'change', listener: () => void) => listeners.delete(listener),
  }
  window.matchMedia = vi.fn((media: string) => {
    expect(media).toBe(NARROW_QUERY)
    return query as unknown as MediaQueryList
  })
  return {
    set(narrow: boolean) {
      query.matches = narrow
      act(() => listeners.forEach((listener) => listener()))
    },
  }
}

function renderShell() {
  return render(
    <RouterProvider>
      <Shell
        session={live}
        connected
        profile={{ name: 'Ada Lovelace' }}
        retrying={false}
        onRetry={vi.fn()}
        onSignOut={vi.fn()}
      />
    </RouterProvider>,
  )
}

const shell = () => screen.getByTestId('app-shell')
const nav = () => screen.getByRole('navigation', { name: 'Main' })

afterEach(() => {
  cleanup()
  delete window.desktop
  // jsdom has no matchMedia of its own.
  delete (window as { matchMedia?: unknown }).matchMedia
  window.history.replaceState(null, '', '/')
})

describe('collapsible sidebar', () => {
  it('the toggle says what it will do and whether the sidebar is open; collapsed keeps every label as a name', async () => {
    const { launch } = savedSidebar()
    const sidebar = launch()
    renderShell()
    const toggle = screen.getByRole('button', { name: 'Collapse sidebar' })
    expect(toggle).toHaveAttribute('aria-expanded', 'true')
    expect(toggle).toHaveAttribute('aria-controls', nav().id)
    expect(shell()).toHaveAttribute('data-sidebar', 'expanded')

    await userEvent.click(toggle)
    expect(toggle).toHaveAccessibleName('Expand sidebar')
    expect(toggle).toHaveAttribute('aria-expanded', 'false')
    expect(shell()).toHaveAttribute('data-sidebar', 'collapsed')
    expect(nav()).toHaveAttribute('data-collapsed', 'true')
    expect(sidebar.setCollapsed).toHaveBeenLastCalledWith(true)
    // Icons only on screen, but each link is still named by its page, and the current one is still marked.
    const links = within(nav()).getAllByRole('link')
    expect(links.map((link) => link.textContent)).toEqual(['Profile', 'Devices', 'Settings'])
    expect(within(nav()).getByRole('link', { name: 'Profile' })).toHaveAttribute('aria-current', 'page')

    await userEvent.click(toggle)
    expect(toggle).toHaveAccessibleName('Collapse sidebar')
    expect(sidebar.setCollapsed).toHaveBeenLastCalledWith(false)
  })

  it('works from the keyboard', async () => {
    savedSidebar().launch()
    renderShell()
    const toggle = screen.getByRole('button', { name: 'Collapse sidebar' })
    toggle.focus()
    await userEvent.keyboard('{Enter}')
    expect(shell()).toHaveAttribute('data-sidebar', 'collapsed')
    await userEvent.keyboard(' ')
    expect(shell()).toHaveAttribute('data-sidebar', 'expanded')
  })

  it('is remembered across launches through the main process', async () => {
    const saved = savedSidebar()
    saved.launch()
    const first = renderShell()
    await userEvent.click(screen.getByRole('button', { name: 'Collapse sidebar' }))
    expect(saved.disk.text).toBe('{"collapsed":true}')
    first.unmount()

    // A relaunch: a new window.desktop over the same saved file.
    const sidebar = saved.launch()
    renderShell()
    expect(await screen.findByRole('button', { name: 'Expand sidebar' })).toHaveAttribute(
      'aria-expanded',
      'false',
    )
    expect(shell()).toHaveAttribute('data-sidebar', 'collapsed')
    expect(sidebar.getCollapsed).toHaveBeenCalledTimes(1)
    expect(sidebar.setCollapsed).not.toHaveBeenCalled()
  })

  it('survives the second mount at start (cached shell, then the shell with Clerk) without a re-read', async () => {
    const sidebar = savedSidebar().launch()
    const cached = renderShell()
    await userEvent.click(screen.getByRole('button', { name: 'Collapse sidebar' }))
    cached.unmount()
    renderShell()
    expect(shell()).toHaveAttribute('data-sidebar', 'collapsed')
    expect(sidebar.getCollapsed).toHaveBeenCalledTimes(1)
  })

  it('a click before the saved choice has been read wins over it', async () => {
    const saved = savedSidebar('{"collapsed":true}')
    const sidebar = saved.launch()
    let answer: (collapsed: boolean) => void = () => undefined
    sidebar.getCollapsed.mockImplementation(() => new Promise((resolve) => (answer = resolve)))
    renderShell()
    await userEvent.click(screen.getByRole('button', { name: 'Collapse sidebar' }))
    await act(async () => answer(false))
    expect(shell()).toHaveAttribute('data-sidebar', 'collapsed')
  })

  it('a choice the main process could not save stays for this run and is logged', async () => {
    const saved = savedSidebar()
    saved.launch()
    saved.disk.failWrites = true
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined)
    renderShell()
    await userEvent.click(screen.getByRole('button', { name: 'Collapse sidebar' }))
    await vi.waitFor(() =>
      expect(warn).toHaveBeenCalledWith('Could not remember the sidebar setting', expect.any(Error)),
    )
    expect(shell()).toHaveAttribute('data-sidebar', 'collapsed')
    warn.mockRestore()
  })

  it('collapses by itself in a narrow window, expands there without saving, and returns to the choice when wide', async () => {
    const sidebar = savedSidebar().launch()
    const width = windowWidth(true)
    renderShell()
    expect(shell()).toHaveAttribute('data-sidebar', 'collapsed')
    const toggle = screen.getByRole('button', { name: 'Expand sidebar' })
    await userEvent.click(toggle)
    expect(shell()).toHaveAttribute('data-sidebar', 'expanded')
    expect(sidebar.setCollapsed).not.toHaveBeenCalled()

    width.set(false)
    expect(shell()).toHaveAttribute('data-sidebar', 'expanded')
    width.set(true)
    // Narrow again: collapsed again, the temporary expansion is over.
    expect(shell()).toHaveAttribute('data-sidebar', 'collapsed')
    width.set(false)
    await userEvent.click(screen.getByRole('button', { name: 'Collapse sidebar' }))
    expect(sidebar.setCollapsed).toHaveBeenCalledWith(true)
  })

  it('without the desktop API the sidebar still toggles (nothing to remember it with)', async () => {
    renderShell()
    await userEvent.click(screen.getByRole('button', { name: 'Collapse sidebar' }))
    expect(shell()).toHaveAttribute('data-sidebar', 'collapsed')
  })
})

describe('navigation icons', () => {
  beforeEach(() => void savedSidebar().launch())

  it('are decoration: hidden from assistive technology, never part of a name', () => {
    renderShell()
    const icons = nav().querySelectorAll('svg')
    expect(icons).toHaveLength(3)
    for (const icon of icons) {
      expect(icon).toHaveAttribute('aria-hidden', 'true')
      expect(icon).toHaveAttribute('focusable', 'false')
    }
    for (const name of ['Profile', 'Devices', 'Settings'])
      expect(within(nav()).getByRole('link', { name })).toHaveAccessibleName(name)
    expect(screen.getByRole('button', { name: 'Collapse sidebar' }).querySelector('svg')).toHaveAttribute(
      'aria-hidden',
      'true',
    )
  })

  it('the header does not repeat the app name the title bar already shows', () => {
    renderShell()
    expect(within(screen.getByRole('banner')).queryByText('Harbor')).toBeNull()
    expect(document.title).toBe('Profile – Harbor')
  })

  it('a skip link moves focus to the page', async () => {
    renderShell()
    const skip = screen.getByRole('link', { name: 'Skip to content' })
    await userEvent.click(skip)
    expect(screen.getByRole('main')).toHaveFocus()
    expect(window.location.hash).toBe('')
  })
})
