import '@testing-library/jest-dom/vitest'
import { act, cleanup, render, screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { SessionView } from '../features/page-props'
import { navigate, RouterProvider } from '../routing/router'
import { Shell } from './Shell'

// The pages are C2's and talk to Convex; the shell only decides which one to show and what it gets.
const pageProps = vi.hoisted(() => ({ last: null as unknown }))
vi.mock('../features/profile/ProfilePage', () => ({
  ProfilePage: (props: unknown) => ((pageProps.last = props), (<h1>Profile page</h1>)),
}))
vi.mock('../features/devices/DevicesPage', () => ({ DevicesPage: () => <h1>Devices page</h1> }))
vi.mock('../features/settings/SettingsPage', () => ({ SettingsPage: () => <h1>Settings page</h1> }))
vi.mock('../features/diagnostics/live/DiagnosticsPage', () => ({
  DiagnosticsPage: () => <h1>Diagnostics page</h1>,
}))
vi.mock('../features/updates/UpdateIndicator', () => ({
  UpdateIndicator: () => <div>update indicator</div>,
}))

const NOW = Date.UTC(2026, 10, 26, 12)
const offline: SessionView = {
  mode: 'offline',
  canUseServer: false,
  offlineReason: 'You are offline. Showing what was last synced.',
  lastKnownUser: {
    version: 1,
    clerkUserId: 'user_1',
    profile: { name: 'Ada Lovelace', email: 'ada@example.com' },
    devices: [],
    confirmedOnlineAt: NOW - 5 * 60_000,
  },
  device: null,
  status: {
    phase: 'offline',
    offlineReason: 'browser-offline',
    convexVerdict: null,
    clerkApiReached: false,
    cacheConfirmedAt: NOW - 5 * 60_000,
  },
}
const live: SessionView = { ...offline, mode: 'live', canUseServer: true, offlineReason: null }

function renderShell(
  session: SessionView,
  handlers = { onRetry: vi.fn(), onSignOut: vi.fn() },
  offlineNoticeDue = false,
) {
  render(
    <RouterProvider>
      <Shell
        session={session}
        connected
        profile={{ name: 'Ada Lovelace', email: 'ada@example.com' }}
        retrying={false}
        offlineNoticeDue={offlineNoticeDue}
        {...handlers}
      />
    </RouterProvider>,
  )
  return handlers
}

afterEach(() => {
  cleanup()
  window.history.replaceState(null, '', '/')
})

describe('Shell', () => {
  it('offline: carries the mode for tests and the benchmark, says offline once the grace is over, retries', async () => {
    const { onRetry } = renderShell(offline, undefined, true)
    expect(screen.getByTestId('app-shell')).toHaveAttribute('data-mode', 'offline')
    const banner = screen.getByTestId('offline-banner')
    expect(banner).toHaveTextContent('You are offline. Harbor reconnects by itself when the network is back.')
    await userEvent.click(within(banner).getByRole('button', { name: 'Retry now' }))
    expect(onRetry).toHaveBeenCalled()
    expect(pageProps.last).toEqual({ session: offline })
    // The update indicator is the window frame's (shell/WindowFrame.tsx), shown once on every screen: not the shell's.
    expect(screen.queryByText('update indicator')).toBeNull()
  })

  it('before Clerk is mounted, Diagnostics (which reads Clerk) waits instead of crashing', () => {
    window.history.replaceState(null, '', '/diagnostics')
    render(
      <RouterProvider>
        <Shell
          session={live}
          connected={false}
          profile={{}}
          retrying={false}
          onRetry={vi.fn()}
          onSignOut={vi.fn()}
        />
      </RouterProvider>,
    )
    expect(screen.getByText('Loading…')).toBeInTheDocument()
    expect(screen.queryByRole('heading', { name: 'Diagnostics page' })).not.toBeInTheDocument()
  })

  it('live: no offline mark', () => {
    renderShell(live)
    expect(screen.getByTestId('app-shell')).toHaveAttribute('data-mode', 'live')
    expect(screen.queryByTestId('offline-banner')).not.toBeInTheDocument()
  })

  it('routes to the page for the URL and marks the current navigation item', async () => {
    renderShell(live)
    expect(screen.getByRole('heading', { name: 'Profile page' })).toBeInTheDocument()
    expect(document.title).toBe('Profile – Harbor')
    await userEvent.click(screen.getByRole('link', { name: 'Devices' }))
    expect(screen.getByRole('heading', { name: 'Devices page' })).toBeInTheDocument()
    expect(document.title).toBe('Devices – Harbor')
    expect(screen.getByRole('main')).toHaveFocus()
    expect(screen.getByRole('link', { name: 'Devices' })).toHaveAttribute('aria-current', 'page')
    act(() => void navigate('/devices/dev-0001'))
    expect(screen.getByRole('heading', { name: 'Devices page' })).toBeInTheDocument()
    act(() => void navigate('/diagnostics'))
    expect(await screen.findByRole('heading', { name: 'Diagnostics page' })).toBeInTheDocument()
    act(() => void navigate('/nowhere'))
    expect(screen.getByRole('heading', { name: 'Page not found' })).toBeInTheDocument()
  })

  it('the user menu works from the keyboard and asks before signing out', async () => {
    const { onSignOut } = renderShell(offline)
    const user = userEvent.setup()
    const button = screen.getByRole('button', { name: 'AL Ada Lovelace – Account menu' })
    expect(button).toHaveAttribute('aria-expanded', 'false')
    button.focus()
    await user.keyboard('{ArrowDown}')
    const menu = screen.getByRole('menu', { name: 'Account' })
    expect(within(menu).getByRole('menuitem', { name: 'Profile' })).toHaveFocus()
    expect(menu).toHaveTextContent('You are offline: this signs you out on this computer now.')
    await user.keyboard('{End}')
    expect(within(menu).getByRole('menuitem', { name: 'Sign out…' })).toHaveFocus()
    await user.keyboard('{ArrowDown}')
    expect(within(menu).getByRole('menuitem', { name: 'Profile' })).toHaveFocus()
    await user.keyboard('{Escape}')
    expect(screen.queryByRole('menu')).not.toBeInTheDocument()
    expect(button).toHaveFocus()

    await user.click(button)
    await user.click(screen.getByRole('menuitem', { name: 'Sign out…' }))
    expect(onSignOut).not.toHaveBeenCalled()
    await user.click(screen.getByRole('button', { name: 'Sign out' }))
    expect(onSignOut).toHaveBeenCalledTimes(1)
    expect(screen.queryByRole('menu')).not.toBeInTheDocument()
    expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument()
  })

  it('shows initials when there is no picture', () => {
    renderShell(live)
    expect(screen.getByText('AL')).toBeInTheDocument()
  })
})
