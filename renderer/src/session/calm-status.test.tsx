// The calm-status rules, through the real session root, machine and shell with the real pages (the first chunk:
// the connected chunk never arrives here, as on a slow start): a cached launch opens quietly, a banner speaks only
// once a problem has lasted the grace, and each state is said once.
import '@testing-library/jest-dom/vitest'
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { DesktopApi, LastKnownUserRead } from '../../../electron/shared/contract'
import { lastKnownUser } from '../backend/testing/fixtures'
import { RouterProvider } from '../routing/router'
import { OFFLINE_NOTICE_GRACE_MS } from './calm-status'
import { SessionRoot, type ConnectedModule } from './SessionRoot'

const START = Date.UTC(2026, 11, 1, 10)
const CACHED = { ...lastKnownUser, confirmedOnlineAt: START - 3 * 3_600_000 }
const VALID: LastKnownUserRead = { status: 'valid', user: CACHED, ageMs: 1, maxAgeMs: 30 * 86_400_000 }
// Clerk's chunk is still on its way: everything on screen is the first chunk's.
const neverLoads = () => new Promise<ConnectedModule>(() => undefined)

function renderLaunch() {
  window.desktop = {
    lastUser: { read: async () => VALID, write: vi.fn(), forget: vi.fn() },
    session: { clearLocal: vi.fn(async () => undefined) },
    links: { onOpen: () => () => undefined, ready: async () => undefined },
    device: { getInfo: async () => null },
  } as unknown as DesktopApi
  render(
    <RouterProvider>
      <SessionRoot
        frontendApiHost="clerk.example.com"
        publishableKey="pk_test_unused"
        convexUrl="https://harbor-test-123.convex.cloud"
        cacheRead={Promise.resolve(VALID)}
        settledCacheRead={VALID}
        deviceInfo={Promise.resolve(null)}
        carried={{ retryFailures: 0, notice: null }}
        loadConnected={neverLoads}
      />
    </RouterProvider>,
  )
}

const timePasses = (ms: number) => act(async () => void (await vi.advanceTimersByTimeAsync(ms)))
const goOffline = () => act(() => void window.dispatchEvent(new Event('offline')))
const goOnline = () => act(() => void window.dispatchEvent(new Event('online')))
/** What a sighted user reads (the indicator is an icon: its name is for assistive technology and hover). */
const visibleText = () => document.body.textContent ?? ''
const count = (pattern: RegExp) => visibleText().match(new RegExp(pattern, 'gi'))?.length ?? 0

beforeEach(() => {
  vi.useFakeTimers({ now: START })
  // The reachability probe of the sign-in service: answered, as online.
  vi.stubGlobal(
    'fetch',
    vi.fn(async () => new Response(null)),
  )
})
afterEach(() => {
  cleanup()
  vi.useRealTimers()
  vi.unstubAllGlobals()
  delete window.desktop
  window.history.replaceState(null, '', '/')
})

describe('calm status', () => {
  it('a cached launch opens quietly: a syncing indicator, no banner, no warning, however long it takes', async () => {
    renderLaunch()
    expect(screen.getByTestId('app-shell')).toHaveAttribute('data-mode', 'offline')
    const indicator = screen.getByRole('button', { name: 'Syncing… – open Diagnostics' })
    expect(indicator).toHaveAttribute('data-status', 'syncing')
    await timePasses(30_000)
    expect(screen.queryByTestId('offline-banner')).toBeNull()
    expect(document.querySelector('.notice, [data-tone="warn"]')).toBeNull()
    expect(visibleText()).not.toMatch(/offline|Connecting…|Retrying|can’t reach/i)
    // The page says what it shows and how old it is, once.
    expect(count(/last synced/)).toBe(1)
    expect(screen.getByText(/Showing what was last synced/)).toHaveTextContent(
      'Showing what was last synced 3 hours ago.',
    )
  })

  it(`offline: nothing before ${OFFLINE_NOTICE_GRACE_MS} ms, then one banner; "offline" is said once`, async () => {
    renderLaunch()
    goOffline()
    await timePasses(OFFLINE_NOTICE_GRACE_MS - 1)
    expect(screen.queryByTestId('offline-banner')).toBeNull()
    expect(screen.getByTestId('status-indicator')).toHaveAttribute('data-status', 'syncing')
    expect(count(/offline/)).toBe(0)

    await timePasses(1)
    const banner = screen.getByTestId('offline-banner')
    expect(banner).toHaveTextContent('You are offline. Harbor reconnects by itself when the network is back.')
    expect(screen.getByTestId('status-indicator')).toHaveAttribute('data-status', 'offline')
    expect(count(/offline/)).toBe(1)
    expect(count(/last synced/)).toBe(1)
  })

  it('a blip shorter than the grace never shows the banner, and the next problem waits the whole grace again', async () => {
    renderLaunch()
    goOffline()
    await timePasses(OFFLINE_NOTICE_GRACE_MS / 2)
    goOnline()
    await timePasses(OFFLINE_NOTICE_GRACE_MS * 2)
    expect(screen.queryByTestId('offline-banner')).toBeNull()

    goOffline()
    await timePasses(OFFLINE_NOTICE_GRACE_MS - 1)
    expect(screen.queryByTestId('offline-banner')).toBeNull()
    await timePasses(1)
    expect(screen.getByTestId('offline-banner')).toBeInTheDocument()
    // Back online: the banner goes at once (no grace for good news).
    goOnline()
    expect(screen.queryByTestId('offline-banner')).toBeNull()
  })

  it('the banner offers a retry that shows it is trying', async () => {
    renderLaunch()
    goOffline()
    await timePasses(OFFLINE_NOTICE_GRACE_MS)
    const fetch = vi.mocked(globalThis.fetch)
    fetch.mockImplementation(() => new Promise<Response>(() => undefined)) // the probe hangs
    const probesBefore = fetch.mock.calls.length
    act(() => void fireEvent.click(screen.getByRole('button', { name: 'Retry now' })))
    expect(screen.getByRole('button', { name: 'Trying again…' })).toBeDisabled()
    expect(fetch.mock.calls.length).toBe(probesBefore + 1)
  })

  it('the indicator is a button that opens Diagnostics', () => {
    renderLaunch()
    fireEvent.click(screen.getByTestId('status-indicator'))
    expect(window.location.pathname).toBe('/diagnostics')
    expect(document.title).toBe('Diagnostics – Harbor')
  })
})
