import '@testing-library/jest-dom/vitest'
import { act, cleanup, render, screen } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { toSessionView } from '../session/session-view'
import type { SessionState } from '../session/session-machine'
import { lastKnownUser, thisDevice } from '../backend/testing/fixtures'
import { navigate, RouterProvider } from '../routing/router'
import { Shell } from './Shell'

// The real shell with the real Profile and Devices pages, in the two states that show cached data: the words
// about when the server comes back must match why it is not there (issue 10: "once you are back online" while
// the server refused a sign-in on a working connection).
vi.mock('convex/react', async () => (await import('../backend/testing/fakes')).convexReactModule)
vi.mock('@clerk/electron/react', async () => (await import('../backend/testing/fakes')).clerkReactModule)

// (Offline always has a cached user; only a refused first sign-in has none.)
function sessionIn(phase: 'offline' | 'server-refused', cached: boolean) {
  const user = cached ? lastKnownUser : null
  const state = {
    phase:
      phase === 'offline'
        ? { name: 'offline', user: lastKnownUser, reason: 'browser-offline' }
        : { name: 'server-refused', clerkUserId: lastKnownUser.clerkUserId, user, retrying: false },
    retry: { inFlight: false },
    cache: user,
    convexAuth: null,
    network: { clerkApiReached: phase === 'server-refused' },
  } as unknown as SessionState
  const view = toSessionView(state, thisDevice)
  if (!view) throw new Error('expected a signed-in view')
  return view
}

function renderShell(phase: 'offline' | 'server-refused', cached: boolean, offlineNoticeDue = true) {
  render(
    <RouterProvider>
      <Shell
        session={sessionIn(phase, cached)}
        connected
        profile={{ name: 'Ada Lovelace' }}
        retrying={false}
        offlineNoticeDue={offlineNoticeDue}
        onRetry={vi.fn()}
        onSignOut={vi.fn()}
        refused={phase === 'server-refused' ? { retrying: false, onTryAgain: vi.fn() } : undefined}
      />
    </RouterProvider>,
  )
}

afterEach(() => {
  cleanup()
  window.history.replaceState(null, '', '/')
})

describe('pages showing cached data say when the server comes back, per state', () => {
  it('server refused, nothing cached (a first sign-in): Profile does not speak of being back online', () => {
    renderShell('server-refused', false)
    const content = document.getElementById('content')!
    expect(content).toHaveTextContent(
      'Nothing about your account is saved on this computer yet. It appears once Harbor’s server accepts your sign-in again.',
    )
    expect(content).not.toHaveTextContent(/online/i)
  })

  it('server refused: the Devices page names the refusal, not the connection, as what disables Sign out', () => {
    renderShell('server-refused', true)
    act(() => navigate('/devices'))
    expect(screen.getAllByText(/Renaming and signing out devices need the server/)[0]).toHaveTextContent(
      'Renaming and signing out devices need the server; they work again once Harbor’s server accepts your sign-in again.',
    )
    expect(document.getElementById('content')).not.toHaveTextContent(/back online/)
  })

  it('offline: the Devices page says Sign out comes back once online', () => {
    renderShell('offline', true)
    act(() => navigate('/devices'))
    expect(screen.getAllByText(/Renaming and signing out devices need the server/)[0]).toHaveTextContent(
      'they work again once you are back online.',
    )
  })

  it('offline but still within the grace: nothing says offline yet, Sign out comes back once connected', () => {
    renderShell('offline', true, false)
    act(() => navigate('/devices'))
    expect(screen.getAllByText(/Renaming and signing out devices need the server/)[0]).toHaveTextContent(
      'they work again as soon as Harbor has connected.',
    )
    expect(screen.queryByTestId('offline-banner')).toBeNull()
    // (The Devices page may describe what happens to an offline computer: that is not a state.)
    expect(document.body).not.toHaveTextContent(/You are offline|\bOffline\b/)
  })
})
