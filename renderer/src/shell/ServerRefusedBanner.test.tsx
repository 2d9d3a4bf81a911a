import '@testing-library/jest-dom/vitest'
import { cleanup, render, screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { LastKnownUser } from '../../../electron/shared/contract'
import { SessionScreens } from '../session/SessionScreens'
import {
  initialSessionState,
  transition,
  type SessionEvent,
  type SessionState,
} from '../session/session-machine'
import { RouterProvider } from '../routing/router'

// Diagnostics reads Clerk; here it only has to be reached through the banner's link.
vi.mock('../features/diagnostics/live/DiagnosticsPage', () => ({
  DiagnosticsPage: () => <h1>Diagnostics page</h1>,
}))

const NOW = Date.UTC(2026, 10, 26, 12)
const CACHED: LastKnownUser = {
  version: 1,
  clerkUserId: 'user_abc',
  profile: { name: 'Ada Lovelace', email: 'ada@example.com' },
  devices: [],
  confirmedOnlineAt: NOW - 5 * 60_000,
}

/** The real machine, driven to the refused state: the screens render what it decides, not a hand-made phase. */
function refusedState(cache: LastKnownUser | null): SessionState {
  const events: SessionEvent[] = [
    {
      type: 'cache-read',
      result: cache
        ? { status: 'valid', user: cache, ageMs: 60_000, maxAgeMs: 30 * 86_400_000 }
        : { status: 'none' },
    },
    { type: 'probe-result', reachable: true },
    { type: 'clerk-api-reached' },
    { type: 'clerk-changed', clerk: { status: 'ready', isSignedIn: true, userId: 'user_abc' } },
    { type: 'convex-changed', convex: { isAuthenticated: false, connected: true } },
    { type: 'convex-auth-verdict', verdict: 'rejected' },
  ]
  const state = events.reduce((s, e) => transition(s, e).state, initialSessionState({ browserOnline: true }))
  expect(state.phase.name).toBe('server-refused')
  return state
}

function renderScreens(state: SessionState) {
  const dispatch = vi.fn()
  render(
    <RouterProvider>
      <SessionScreens
        state={state}
        dispatch={dispatch}
        frontendApiHost="clerk.example.com"
        device={null}
        offlineNoticeDue={false}
        nextRetryAt={null}
        connected
        liveProfile={{ name: 'Ada (Clerk)', email: 'ada@example.com' }}
        signIn={null}
      />
    </RouterProvider>,
  )
  return dispatch
}

afterEach(async () => {
  cleanup()
  window.history.replaceState(null, '', '/')
  // An unmounted account menu closes one turn later (shell/UserMenu.tsx): start the next test closed.
  await new Promise((resolve) => setTimeout(resolve, 0))
})

describe('server refused the sign-in', () => {
  it('replaces the offline wording with the refusal, keeps the cached data, links to Diagnostics', async () => {
    renderScreens(refusedState(CACHED))
    const banner = screen.getByTestId('server-refused-banner')
    expect(banner).toHaveTextContent('Harbor’s server did not accept your sign-in.')
    expect(banner).toHaveTextContent('Your connection works; this is a problem on Harbor’s side.')
    // The technical cause is Diagnostics' to show; the data's age is the page mark's to say (once).
    expect(banner).not.toHaveTextContent(/issuer|audience|token|last synced/i)
    expect(screen.getAllByText(/last synced/)).toHaveLength(1)
    // No "you are offline / cannot be reached" anywhere: the connection works.
    expect(screen.queryByTestId('offline-banner')).toBeNull()
    expect(screen.queryByText(/offline|cannot be reached|can’t reach/i)).toBeNull()
    // The refusal is said once (the banner); the header's indicator names it only for assistive technology.
    expect(screen.getAllByText(/did not accept your sign-in/)).toHaveLength(1)
    expect(screen.getByTestId('status-indicator')).toHaveAttribute('data-status', 'refused')
    // The cached profile stays on screen.
    expect(screen.getAllByText('Ada Lovelace').length).toBeGreaterThan(0)

    const link = within(banner).getByRole('link', { name: 'Details in Diagnostics' })
    expect(link).toHaveAttribute('href', '/diagnostics')
    await userEvent.click(link)
    expect(await screen.findByRole('heading', { name: 'Diagnostics page' })).toBeInTheDocument()
    expect(window.location.pathname).toBe('/diagnostics')
  })

  it('"Try again" asks the machine for a manual retry and "Sign out" for a sign-out; neither is automatic', async () => {
    const dispatch = renderScreens(refusedState(CACHED))
    expect(dispatch).not.toHaveBeenCalled()
    const banner = screen.getByTestId('server-refused-banner')
    await userEvent.click(within(banner).getByRole('button', { name: 'Try again' }))
    expect(dispatch).toHaveBeenLastCalledWith({ type: 'retry-now', manual: true })
    // Sign out asks first, with the same question as the account menu's.
    await userEvent.click(within(banner).getByRole('button', { name: 'Sign out' }))
    expect(dispatch).toHaveBeenCalledTimes(1)
    const confirm = screen.getByRole('alertdialog', { name: 'Sign out of Harbor on this device?' })
    expect(within(confirm).getByRole('button', { name: 'Cancel' })).toHaveFocus()
    await userEvent.click(within(confirm).getByRole('button', { name: 'Sign out' }))
    expect(dispatch).toHaveBeenLastCalledWith({ type: 'sign-out-requested' })
    expect(dispatch).toHaveBeenCalledTimes(2)
  })

  it('while a retry awaits Convex the button says so and cannot be pressed again', () => {
    const retrying = transition(refusedState(CACHED), { type: 'retry-now', manual: true }).state
    renderScreens(retrying)
    expect(screen.getByRole('button', { name: 'Trying again…' })).toBeDisabled()
  })

  it('without a cache: the same banner, with Clerk’s profile in the header and no sync age', () => {
    renderScreens(refusedState(null))
    const banner = screen.getByTestId('server-refused-banner')
    expect(banner).toHaveTextContent('Harbor’s server did not accept your sign-in.')
    expect(banner).not.toHaveTextContent('last synced')
    expect(screen.getAllByText(/Ada \(Clerk\)/).length).toBeGreaterThan(0)
  })
})
