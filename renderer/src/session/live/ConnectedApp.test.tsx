// The session runtime end to end inside React, with Clerk, Convex and the pages faked at their module
// boundaries and `window.desktop` as spies: what is shown, and what is written/forgotten, for each signal.
import '@testing-library/jest-dom/vitest'
import { act, cleanup, render, screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import type { ReactNode } from 'react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { DesktopApi, LastKnownUser, LastKnownUserRead } from '../../../../electron/shared/contract'
import * as connectedModule from './ConnectedApp'
import { installClerkResponseHook, reportClerkOffline } from '../../backend/clerk-network'
import { OFFLINE_NOTICE_GRACE_MS } from '../calm-status'
import { CACHE_REFRESH_MS } from '../../../../electron/shared/rules/cache-record'
import { SessionRoot } from '../SessionRoot'
import type { CarriedState } from '../useSessionMachine'
import { RouterProvider } from '../../routing/router'

type Status = 'loading' | 'ready' | 'degraded' | 'error'

const fake = vi.hoisted(() => ({
  clerk: {
    status: 'loading' as Status,
    listeners: new Set<(status: Status) => void>(),
    signOut: vi.fn(async () => undefined),
  },
  auth: { isLoaded: false, isSignedIn: undefined as boolean | undefined, userId: null as string | null },
  convex: {
    isAuthenticated: false,
    connected: false,
    connectionListeners: new Set<(s: { isWebSocketConnected: boolean }) => void>(),
  },
  sync: {
    status: 'authenticating',
    user: null as null | Record<string, unknown>,
    error: null,
    retry: () => undefined,
    nextRetryAt: null,
  },
  devices: { status: 'loading' } as { status: 'loading' } | { status: 'ok'; data: unknown[] },
  /** `devices.signOutNotice`, and the args it was last watched with. */
  notice: { status: 'ok', data: null } as { status: 'ok'; data: unknown },
  noticeArgs: [] as unknown[],
  registerThisDevice: vi.fn(),
}))

vi.mock('@clerk/electron/react', () => ({
  useClerk: () => ({
    get status() {
      return fake.clerk.status
    },
    on: (_event: string, listener: (status: Status) => void) => fake.clerk.listeners.add(listener),
    off: (_event: string, listener: (status: Status) => void) => fake.clerk.listeners.delete(listener),
    signOut: fake.clerk.signOut,
  }),
  useAuth: () => fake.auth,
  useUser: () => ({ user: null }),
  SignIn: () => <div>Clerk sign-in form</div>,
}))
vi.mock('convex/react', () => ({
  // The connected app creates the client (backend/live/convex-client.ts); the providers using it are faked.
  ConvexReactClient: class {
    connectionState() {
      return { isWebSocketConnected: false }
    }
    close() {
      return Promise.resolve()
    }
  },
  useConvexAuth: () => ({ isLoading: false, isAuthenticated: fake.convex.isAuthenticated }),
  useConvex: () => ({
    connectionState: () => ({ isWebSocketConnected: fake.convex.connected }),
    subscribeToConnectionState: (listener: (s: { isWebSocketConnected: boolean }) => void) => {
      fake.convex.connectionListeners.add(listener)
      return () => fake.convex.connectionListeners.delete(listener)
    },
  }),
}))
// The providers themselves are Clerk's and Convex's; their hooks are faked above.
vi.mock('../../backend/live/AppProviders', () => ({
  AppProviders: ({ children }: { children: ReactNode }) => children,
}))
vi.mock('../../backend/live/useClerkConvexSync', () => ({ useClerkConvexSync: () => fake.sync }))
vi.mock('../../backend/live/useQueryState', async () => {
  const { getFunctionName } = await import('convex/server')
  return {
    useQueryState: (query: Parameters<typeof getFunctionName>[0], args: unknown) => {
      if (getFunctionName(query) === 'devices:signOutNotice') {
        fake.noticeArgs.push(args)
        return args === 'skip' ? { status: 'loading' } : fake.notice
      }
      return args === 'skip' ? { status: 'loading' } : fake.devices
    },
  }
})
vi.mock('../../features/devices/live/useRegisterThisDevice', () => ({
  useRegisterThisDevice: fake.registerThisDevice,
}))
vi.mock('../../features/profile/ProfilePage', () => ({
  ProfilePage: ({ session }: { session: { mode: string; canUseServer: boolean } }) => (
    <p>
      Profile page ({session.mode}, server {session.canUseServer ? 'usable' : 'off'})
    </p>
  ),
}))
vi.mock('../../features/devices/DevicesPage', () => ({ DevicesPage: () => <p>Devices page</p> }))
vi.mock('../../features/settings/SettingsPage', () => ({ SettingsPage: () => <p>Settings page</p> }))
vi.mock('../../features/diagnostics/live/DiagnosticsPage', () => ({
  DiagnosticsPage: () => <p>Diagnostics page</p>,
}))
vi.mock('../../features/updates/UpdateIndicator', () => ({ UpdateIndicator: () => null }))

const NOW = Date.now()
const CACHED: LastKnownUser = {
  version: 1,
  clerkUserId: 'user_abc',
  profile: { name: 'Ada Lovelace', email: 'ada@example.com' },
  devices: [],
  confirmedOnlineAt: NOW - 3_600_000,
}
const CONVEX_URL = 'https://harbor-test-123.convex.cloud'
// The Clerk chunk "loads" at once; SessionRoot still waits for the first screen to be painted.
const loadConnected = () => Promise.resolve(connectedModule)
// A device id in the format the main process accepts (8-64 characters): the cache record must pass its parser.
const DEVICE = { deviceId: 'dev-00000001', name: 'laptop', platform: 'linux' as const, appVersion: '0.1.0' }

function desktopSpy(read: LastKnownUserRead) {
  const api = {
    lastUser: {
      read: vi.fn(async () => read),
      write: vi.fn(async (_user: LastKnownUser) => undefined),
      forget: vi.fn(async () => undefined),
    },
    session: { clearLocal: vi.fn(async () => undefined) },
    links: { onOpen: vi.fn(() => () => undefined), ready: vi.fn(async () => undefined) },
    device: { getInfo: vi.fn(async () => DEVICE) },
  }
  window.desktop = api as unknown as DesktopApi
  return api
}

function renderApp(
  read: LastKnownUserRead,
  reloadWindow = vi.fn(),
  carried: CarriedState = { retryFailures: 0, notice: null },
) {
  const desktop = desktopSpy(read)
  const cacheRead = desktop.lastUser.read()
  const deviceInfo = desktop.device.getInfo()
  // A new element each time: React skips re-rendering an identical element.
  const element = () => (
    <RouterProvider>
      <SessionRoot
        frontendApiHost="clerk.example.com"
        publishableKey="pk_test_unused"
        convexUrl={CONVEX_URL}
        cacheRead={cacheRead}
        deviceInfo={deviceInfo}
        carried={carried}
        loadConnected={loadConnected}
        reloadWindow={reloadWindow}
      />
    </RouterProvider>
  )
  const { rerender } = render(element())
  return { desktop, reloadWindow, rerender: () => rerender(element()) }
}

/** The Clerk chunk is mounted once the first screen has been painted; Clerk's signals flow from then on. */
const connectedMounted = () => vi.waitFor(() => expect(fake.clerk.listeners.size).toBeGreaterThan(0))

/** Clerk's Frontend API answered (what clerk-js reports through its response hook). */
const apiAnswers = () => act(() => void window.__internal_onAfterResponse?.({}, {}))

async function clerkBecomes(status: Status, signedIn: boolean | undefined, userId: string | null) {
  await act(async () => {
    fake.clerk.status = status
    fake.auth = { isLoaded: status === 'ready' || status === 'degraded', isSignedIn: signedIn, userId }
    for (const listener of fake.clerk.listeners) listener(status)
  })
}

async function convexBecomes(isAuthenticated: boolean, connected: boolean) {
  await act(async () => {
    fake.convex.isAuthenticated = isAuthenticated
    fake.convex.connected = connected
    for (const listener of fake.convex.connectionListeners) listener({ isWebSocketConnected: connected })
  })
}

/** The account menu's Sign out…, then the confirmation's Sign out. */
async function signOutFromMenu() {
  await userEvent.click(screen.getByRole('button', { name: /Account menu/ }))
  await userEvent.click(screen.getByRole('menuitem', { name: 'Sign out…' }))
  const dialog = screen.getByRole('alertdialog', { name: 'Sign out of Harbor on this device?' })
  await userEvent.click(within(dialog).getByRole('button', { name: 'Sign out' }))
}

/** From the cached shell to live: Clerk's chunk mounted, its API answered, Clerk and Convex signed in. */
async function goesLive() {
  await screen.findByTestId('app-shell')
  await connectedMounted()
  apiAnswers()
  await clerkBecomes('ready', true, 'user_abc')
  await convexBecomes(true, true)
  expect(screen.getByTestId('app-shell')).toHaveAttribute('data-mode', 'live')
}

/** The user row synced and the devices list arrived (new hook values, picked up by a re-render). */
function serverDataArrives(name: string, lastSeenAt: number, rerender: () => void) {
  fake.sync = {
    ...fake.sync,
    status: 'synced',
    user: { clerkUserId: 'user_abc', name, email: 'ada@example.com' },
  }
  fake.devices = { status: 'ok', data: [{ ...DEVICE, lastSeenAt, _id: 'x', _creationTime: 1 }] }
  rerender()
}

/** Fake clocks that still run on their own (so React, promises and waitFor work), moved on by hand too. */
function fakeClock() {
  vi.useFakeTimers({ shouldAdvanceTime: true })
}
const timePasses = (ms: number) => act(async () => void (await vi.advanceTimersByTimeAsync(ms)))

beforeEach(() => {
  installClerkResponseHook()
  vi.stubGlobal(
    'fetch',
    vi.fn(async () => new Response(null)),
  )
  fake.clerk.status = 'loading'
  fake.clerk.listeners.clear()
  fake.clerk.signOut.mockClear()
  fake.auth = { isLoaded: false, isSignedIn: undefined, userId: null }
  fake.convex.isAuthenticated = false
  fake.convex.connected = false
  fake.convex.connectionListeners.clear()
  fake.sync = { status: 'authenticating', user: null, error: null, retry: () => undefined, nextRetryAt: null }
  fake.devices = { status: 'loading' }
  fake.notice = { status: 'ok', data: null }
  fake.noticeArgs = []
  fake.registerThisDevice.mockClear()
})

afterEach(() => {
  cleanup()
  vi.useRealTimers()
  vi.unstubAllGlobals()
  reportClerkOffline() // resets the module-level "API reached" flag between tests
  delete window.desktop
  window.history.replaceState(null, '', '/')
})

describe('App session flow', () => {
  it('cached user: offline shell at once; confirmed online: live, device registered, cache refreshed', async () => {
    const { desktop, rerender } = renderApp({
      status: 'valid',
      user: CACHED,
      ageMs: 3_600_000,
      maxAgeMs: 30 * 86_400_000,
    })
    const shell = await screen.findByTestId('app-shell')
    expect(shell).toHaveAttribute('data-mode', 'offline')
    expect(screen.getByText('Profile page (offline, server off)')).toBeInTheDocument()
    expect(screen.getByTestId('user-name')).toHaveTextContent('Ada Lovelace')

    await connectedMounted()
    apiAnswers()
    await clerkBecomes('ready', true, 'user_abc')
    expect(screen.getByTestId('app-shell')).toHaveAttribute('data-mode', 'offline') // Convex not yet
    await convexBecomes(true, true)
    expect(screen.getByTestId('app-shell')).toHaveAttribute('data-mode', 'live')
    expect(screen.getByText('Profile page (live, server usable)')).toBeInTheDocument()

    serverDataArrives('Ada King', NOW, rerender)
    await vi.waitFor(() => expect(desktop.lastUser.write).toHaveBeenCalled())
    const written = desktop.lastUser.write.mock.calls.at(-1)?.[0] as LastKnownUser
    expect(written).toMatchObject({
      clerkUserId: 'user_abc',
      profile: { name: 'Ada King', email: 'ada@example.com' },
      devices: [
        { deviceId: 'dev-00000001', name: 'laptop', platform: 'linux', appVersion: '0.1.0', lastSeenAt: NOW },
      ],
    })
    expect(written.confirmedOnlineAt).toBeGreaterThanOrEqual(NOW)
    expect(fake.registerThisDevice).toHaveBeenLastCalledWith(DEVICE, true)
    expect(screen.getByTestId('user-name')).toHaveTextContent('Ada King')
    expect(desktop.lastUser.forget).not.toHaveBeenCalled()
  })

  it('a device seen after the window opened is cached as seen then; idle minutes write nothing until an hour is up', async () => {
    fakeClock()
    const { desktop, rerender } = renderApp({
      status: 'valid',
      user: CACHED,
      ageMs: 3_600_000,
      maxAgeMs: 30 * 86_400_000,
    })
    await goesLive()

    // The device registration lands a few seconds in: the server's lastSeenAt is later than the window's start.
    await timePasses(5_000)
    const seenAt = Date.now()
    serverDataArrives('Ada Lovelace', seenAt, rerender)
    await vi.waitFor(() => expect(desktop.lastUser.write).toHaveBeenCalledTimes(1))
    const written = desktop.lastUser.write.mock.calls[0]?.[0] as LastKnownUser
    expect(written.devices[0]?.lastSeenAt).toBe(seenAt)

    // Nothing changed on the server: the cache is not written again until it is an hour old, then it is.
    await timePasses(10 * 60_000)
    expect(desktop.lastUser.write).toHaveBeenCalledTimes(1)
    await timePasses(CACHE_REFRESH_MS)
    expect(desktop.lastUser.write).toHaveBeenCalledTimes(2)
    const refreshed = desktop.lastUser.write.mock.calls[1]?.[0] as LastKnownUser
    expect(refreshed.confirmedOnlineAt - written.confirmedOnlineAt).toBeGreaterThanOrEqual(CACHE_REFRESH_MS)
    expect(refreshed.devices).toEqual(written.devices)
  })

  it('Clerk reporting signed out without reaching its API keeps the offline shell and the cache', async () => {
    fakeClock()
    const { desktop } = renderApp({ status: 'valid', user: CACHED, ageMs: 1, maxAgeMs: 2 })
    await screen.findByTestId('app-shell')
    await connectedMounted()
    await clerkBecomes('ready', false, null)
    expect(screen.getByTestId('app-shell')).toHaveAttribute('data-mode', 'offline')
    await timePasses(OFFLINE_NOTICE_GRACE_MS)
    expect(screen.getByTestId('offline-banner')).toHaveTextContent('Can’t reach the sign-in service.')
    expect(desktop.lastUser.forget).not.toHaveBeenCalled()
  })

  it('a definitive sign-out (API reached, ready, no session) forgets the cache and shows sign-in', async () => {
    const { desktop } = renderApp({ status: 'valid', user: CACHED, ageMs: 1, maxAgeMs: 2 })
    await screen.findByTestId('app-shell')
    await connectedMounted()
    apiAnswers()
    await clerkBecomes('ready', false, null)
    expect(await screen.findByText('Clerk sign-in form')).toBeInTheDocument()
    expect(screen.getByRole('status')).toHaveTextContent('Your session has ended')
    expect(desktop.lastUser.forget).toHaveBeenCalledTimes(1)
  })

  it('no cache and the browser goes offline: the offline sign-in message', async () => {
    renderApp({ status: 'none' })
    await screen.findByText('Connecting to the sign-in service…')
    act(() => void window.dispatchEvent(new Event('offline')))
    expect(screen.getByRole('heading', { name: 'You are offline' })).toBeInTheDocument()
  })

  it('sign-out while offline clears local secrets at once, then reloads with the explanation carried over', async () => {
    const reloadWindow = vi.fn()
    const { desktop } = renderApp({ status: 'valid', user: CACHED, ageMs: 1, maxAgeMs: 2 }, reloadWindow)
    await screen.findByTestId('app-shell')
    await connectedMounted()
    await signOutFromMenu()
    await vi.waitFor(() => expect(reloadWindow).toHaveBeenCalledTimes(1))
    expect(desktop.session.clearLocal).toHaveBeenCalledTimes(1)
    expect(fake.clerk.signOut).not.toHaveBeenCalled()
    expect(JSON.parse(window.sessionStorage.getItem('harbor.session.carry') ?? '{}')).toEqual({
      retryFailures: 0,
      notice: 'signed-out-offline',
    })
  })

  describe('signed out from another device', () => {
    const REVOKED = { sessionId: 'sess_revoked', signedOutAt: NOW - 5_000, byDeviceName: 'Work laptop' }

    it('while live: forgets the keychain items and the cache, then reloads carrying who and when', async () => {
      const reloadWindow = vi.fn()
      const { desktop, rerender } = renderApp(
        { status: 'valid', user: CACHED, ageMs: 1, maxAgeMs: 2 },
        reloadWindow,
      )
      await goesLive()
      expect(fake.noticeArgs.at(-1)).toEqual({ clerkUserId: 'user_abc', deviceId: DEVICE.deviceId })
      expect(desktop.session.clearLocal).not.toHaveBeenCalled()

      fake.notice = { status: 'ok', data: REVOKED }
      rerender()
      await vi.waitFor(() => expect(reloadWindow).toHaveBeenCalledTimes(1))
      expect(desktop.session.clearLocal).toHaveBeenCalledTimes(1)
      // The session is already over at Clerk: nothing to ask it.
      expect(fake.clerk.signOut).not.toHaveBeenCalled()
      expect(JSON.parse(window.sessionStorage.getItem('harbor.session.carry') ?? '{}')).toEqual({
        retryFailures: 0,
        notice: 'signed-out-remotely',
        remoteSignOut: { byDeviceName: 'Work laptop', at: REVOKED.signedOutAt },
      })
      expect(screen.queryByTestId('app-shell')).toBeNull()
    })

    it('offline on the cached shell: the notice arriving at the next connection does the same', async () => {
      const reloadWindow = vi.fn()
      const { desktop, rerender } = renderApp(
        { status: 'valid', user: CACHED, ageMs: 1, maxAgeMs: 2 },
        reloadWindow,
      )
      await screen.findByTestId('app-shell')
      await connectedMounted()
      // Clerk has not answered (its token is revoked, nothing is live); the watch uses the cached account.
      expect(fake.noticeArgs.at(-1)).toEqual({ clerkUserId: 'user_abc', deviceId: DEVICE.deviceId })
      fake.notice = { status: 'ok', data: REVOKED }
      rerender()
      await vi.waitFor(() => expect(reloadWindow).toHaveBeenCalledTimes(1))
      expect(desktop.session.clearLocal).toHaveBeenCalledTimes(1)
    })

    it('after Clerk noticed first (sign-in screen, cache forgotten) the keychain is still cleared', async () => {
      const reloadWindow = vi.fn()
      const { desktop, rerender } = renderApp(
        { status: 'valid', user: CACHED, ageMs: 1, maxAgeMs: 2 },
        reloadWindow,
      )
      await screen.findByTestId('app-shell')
      await connectedMounted()
      apiAnswers()
      await clerkBecomes('ready', false, null)
      expect(await screen.findByText('Clerk sign-in form')).toBeInTheDocument()
      expect(fake.noticeArgs.at(-1)).toEqual({ clerkUserId: 'user_abc', deviceId: DEVICE.deviceId })
      fake.notice = { status: 'ok', data: REVOKED }
      rerender()
      await vi.waitFor(() => expect(reloadWindow).toHaveBeenCalledTimes(1))
      expect(desktop.session.clearLocal).toHaveBeenCalledTimes(1)
    })

    it('a notice about an older session is ignored once this device signed in anew', async () => {
      const { desktop, rerender } = renderApp({ status: 'valid', user: CACHED, ageMs: 1, maxAgeMs: 2 })
      await screen.findByTestId('app-shell')
      await connectedMounted()
      apiAnswers()
      await clerkBecomes('ready', true, 'user_abc')
      fake.auth = { ...fake.auth, sessionId: 'sess_new' } as typeof fake.auth
      await convexBecomes(true, true)
      fake.notice = { status: 'ok', data: REVOKED }
      rerender()
      await act(async () => {})
      expect(screen.getByTestId('app-shell')).toHaveAttribute('data-mode', 'live')
      expect(desktop.session.clearLocal).not.toHaveBeenCalled()
    })

    it('after the reload: the sign-in screen says who signed this computer out and when', async () => {
      const carried: CarriedState = {
        retryFailures: 0,
        notice: 'signed-out-remotely',
        remoteSignOut: { byDeviceName: 'Work laptop', at: REVOKED.signedOutAt },
      }
      renderApp({ status: 'none' }, vi.fn(), carried)
      await connectedMounted()
      apiAnswers()
      await clerkBecomes('ready', false, null)
      expect(await screen.findByText('Clerk sign-in form')).toBeInTheDocument()
      expect(screen.getByRole('status')).toHaveTextContent(
        /This computer was signed out from Work laptop on .+\. Its saved sign-in and offline data were removed/,
      )
      // Nothing is known to watch any more: no cache, nobody signed in.
      expect(fake.noticeArgs.every((args) => args === 'skip')).toBe(true)
    })
  })

  it('sign-out while live goes through Clerk, then clears everything local (cache and keychain)', async () => {
    const { desktop } = renderApp({ status: 'valid', user: CACHED, ageMs: 1, maxAgeMs: 2 })
    await screen.findByTestId('app-shell')
    await connectedMounted()
    apiAnswers()
    await clerkBecomes('ready', true, 'user_abc')
    await convexBecomes(true, true)
    await signOutFromMenu()
    // The signed-out screen first: a success, not a warning, and the way back in.
    expect(await screen.findByRole('heading', { name: 'You are signed out' })).toBeInTheDocument()
    const message = screen.getByTestId('signed-out-message')
    expect(message).toHaveTextContent('Your sign-in was removed from this computer.')
    expect(message).not.toHaveClass('notice')
    expect(screen.queryByText('Clerk sign-in form')).toBeNull()
    expect(fake.clerk.signOut).toHaveBeenCalledTimes(1)
    await userEvent.click(screen.getByRole('button', { name: 'Sign in' }))
    expect(await screen.findByText('Clerk sign-in form')).toBeInTheDocument()
    // The success was said; the sign-in screen does not repeat it.
    expect(screen.queryByText(/signed out|sign-in was removed/i)).toBeNull()
    // The main process forgets the cache and empties the keychain (Clerk's client token included) in one call.
    await vi.waitFor(() => expect(desktop.session.clearLocal).toHaveBeenCalledTimes(1))
    expect(fake.clerk.signOut.mock.invocationCallOrder[0]!).toBeLessThan(
      desktop.session.clearLocal.mock.invocationCallOrder[0]!,
    )
  })

  it('a Convex WebSocket drop is a blip at first, offline mode (never sign-out) when it lasts', async () => {
    fakeClock()
    const { desktop } = renderApp({ status: 'valid', user: CACHED, ageMs: 1, maxAgeMs: 2 })
    await goesLive()
    await convexBecomes(true, false)
    expect(screen.getByTestId('app-shell')).toHaveAttribute('data-mode', 'live')
    await timePasses(4_000)
    expect(screen.getByTestId('app-shell')).toHaveAttribute('data-mode', 'offline')
    // Offline mode is quiet until the problem has lasted the grace, then the banner says it.
    expect(screen.queryByTestId('offline-banner')).toBeNull()
    await timePasses(OFFLINE_NOTICE_GRACE_MS)
    expect(screen.getByTestId('offline-banner')).toHaveTextContent('Can’t reach Harbor’s server.')
    expect(desktop.lastUser.forget).not.toHaveBeenCalled()
    await convexBecomes(true, true)
    expect(screen.getByTestId('app-shell')).toHaveAttribute('data-mode', 'live')
  })

  it('a live sign-out that fails on the network falls back to clearing everything locally', async () => {
    const reloadWindow = vi.fn()
    const { desktop } = renderApp({ status: 'valid', user: CACHED, ageMs: 1, maxAgeMs: 2 }, reloadWindow)
    await screen.findByTestId('app-shell')
    await connectedMounted()
    apiAnswers()
    await clerkBecomes('ready', true, 'user_abc')
    await convexBecomes(true, true)
    fake.clerk.signOut.mockRejectedValueOnce(new Error('Network error'))
    await signOutFromMenu()
    await vi.waitFor(() => expect(reloadWindow).toHaveBeenCalledTimes(1))
    expect(desktop.session.clearLocal).toHaveBeenCalledTimes(1)
  })

  it('a cache read that settled before the first render gives the shell in the very first frame', async () => {
    const read: LastKnownUserRead = { status: 'valid', user: CACHED, ageMs: 1, maxAgeMs: 2 }
    const desktop = desktopSpy(read)
    render(
      <RouterProvider>
        <SessionRoot
          frontendApiHost="clerk.example.com"
          publishableKey="pk_test_unused"
          convexUrl={CONVEX_URL}
          cacheRead={desktop.lastUser.read()}
          settledCacheRead={read}
          deviceInfo={Promise.resolve(null)}
          carried={{ retryFailures: 0, notice: null }}
          loadConnected={loadConnected}
        />
      </RouterProvider>,
    )
    // Synchronously, without waiting for any promise: no "starting" frame.
    expect(screen.getByTestId('app-shell')).toHaveAttribute('data-mode', 'offline')
    // The initial transition's effect (the reachability probe) still runs, once.
    await vi.waitFor(() => expect(fetch).toHaveBeenCalledTimes(1))
    expect(vi.mocked(fetch).mock.calls[0]?.[0]).toBe('https://clerk.example.com/v1/environment?_is_native=1')
  })

  it('an unreadable cache (IPC failure) falls back to connecting, never a blank window', async () => {
    const desktop = desktopSpy({ status: 'none' })
    desktop.lastUser.read.mockRejectedValueOnce(new Error('keychain locked'))
    render(
      <RouterProvider>
        <SessionRoot
          frontendApiHost="clerk.example.com"
          publishableKey="pk_test_unused"
          convexUrl={CONVEX_URL}
          cacheRead={desktop.lastUser.read()}
          deviceInfo={Promise.resolve(null)}
          carried={{ retryFailures: 0, notice: null }}
          loadConnected={loadConnected}
        />
      </RouterProvider>,
    )
    expect(await screen.findByText('Connecting to the sign-in service…')).toBeInTheDocument()
  })
})
