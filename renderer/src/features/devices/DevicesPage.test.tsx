import '@testing-library/jest-dom/vitest'
import { act, cleanup, render, screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import type { ReactNode } from 'react'
import { ConvexError } from 'convex/values'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { fake, mutation, resetFakes } from '../../backend/testing/fakes'
import { liveSession, NOW, offlineSession } from '../../backend/testing/fixtures'
import { RouterProvider } from '../../routing/router'
import { WithLiveViews } from '../../backend/testing/live-views'
import { DevicesPage } from './DevicesPage'

vi.mock('convex/react', async () => (await import('../../backend/testing/fakes')).convexReactModule)
vi.mock('@clerk/electron/react', async () => (await import('../../backend/testing/fakes')).clerkReactModule)

const serverDevices = [
  {
    _id: 'd2',
    _creationTime: 1,
    deviceId: 'dev_other_00002',
    name: 'Ada’s Mac',
    platform: 'macos',
    appVersion: '0.0.9',
    lastSeenAt: NOW - 7_200_000,
    sessionKnown: true,
    signedOut: null,
  },
  {
    _id: 'd3',
    _creationTime: 1,
    deviceId: 'dev_other_00003',
    name: 'Work PC',
    platform: 'windows',
    appVersion: '0.1.0',
    lastSeenAt: NOW - 60_000,
    sessionKnown: true,
    signedOut: null,
  },
  {
    _id: 'd1',
    _creationTime: 1,
    deviceId: 'dev_this_000001',
    name: 'ada-laptop',
    platform: 'linux',
    appVersion: '0.1.0',
    lastSeenAt: NOW - 1_000,
    sessionKnown: true,
    signedOut: null,
  },
]
const signedOutDevice = {
  _id: 'd4',
  _creationTime: 1,
  deviceId: 'dev_gone_000004',
  name: 'Lost laptop',
  platform: 'macos',
  appVersion: '0.1.0',
  lastSeenAt: NOW - 10_800_000,
  sessionKnown: true,
  signedOut: { at: NOW - 7_200_000, byDeviceName: 'ada-laptop' },
}
const remove = () => mutation('devices:remove')
const signOutDevice = () => mutation('devices:signOutDevice')
const signOutOthers = () => mutation('devices:signOutOtherDevices')

beforeEach(() => {
  resetFakes()
  window.history.replaceState(null, '', '/devices')
  vi.useFakeTimers({ now: NOW, toFake: ['Date'] })
})
afterEach(() => {
  cleanup()
  vi.useRealTimers()
})

// The live views come with the connected app (session/live/ConnectedApp.tsx); the page finds them through context, as in the app.
const inRouter = {
  wrapper: ({ children }: { children: ReactNode }) => (
    <RouterProvider>
      <WithLiveViews>{children}</WithLiveViews>
    </RouterProvider>
  ),
}

function rows(): HTMLElement[] {
  return within(screen.getByRole('list', { name: 'Devices' })).getAllByRole('listitem')
}

describe('DevicesPage (live)', () => {
  it('shows a skeleton while the list loads', () => {
    render(<DevicesPage session={liveSession()} />, inRouter)
    expect(screen.getByText('Loading your devices…')).toBeInTheDocument()
  })

  it('says what Sign out does', () => {
    fake.queries.set('devices:list', serverDevices)
    render(<DevicesPage session={liveSession()} />, inRouter)
    expect(
      screen.getByText(
        /Sign out ends another computer’s sign-in from here: within seconds it forgets your account/,
      ),
    ).toBeInTheDocument()
  })

  it('lists this device first, marked and not revocable from here; the others by last seen, each with Sign out', () => {
    fake.queries.set('devices:list', serverDevices)
    render(<DevicesPage session={liveSession()} />, inRouter)
    const [first, second, third] = rows()
    expect(first).toHaveAccessibleName('ada-laptop This device')
    expect(within(first!).getByText('This device')).toBeInTheDocument()
    expect(within(first!).queryByRole('button')).toBeNull()
    expect(first).toHaveTextContent('To sign out on this computer, use Sign out in the account menu.')
    expect(second).toHaveAccessibleName('Work PC')
    expect(second).toHaveTextContent('Windows · Harbor 0.1.0 · last seen 1 minute ago')
    expect(third).toHaveAccessibleName('Ada’s Mac')
    expect(within(third!).getByRole('button', { name: 'Sign out…' })).toBeEnabled()
    expect(screen.getByRole('button', { name: 'Sign out of all other devices…' })).toBeEnabled()
  })

  it('signs another device out only after confirmation, by keyboard', async () => {
    const user = userEvent.setup({ advanceTimers: vi.advanceTimersByTime })
    signOutDevice().mockResolvedValue({ outcome: 'signed-out', signedOutAt: NOW })
    fake.queries.set('devices:list', serverDevices)
    render(<DevicesPage session={liveSession()} />, inRouter)
    const mac = rows()[2]!
    await user.click(within(mac).getByRole('button', { name: 'Sign out…' }))
    const dialog = within(mac).getByRole('alertdialog')
    expect(dialog).toHaveTextContent('Sign out Ada’s Mac? Within seconds it forgets your account')
    // Focus starts on Cancel: Enter right away must not sign anything out.
    expect(within(dialog).getByRole('button', { name: 'Cancel' })).toHaveFocus()
    await user.keyboard('{Escape}')
    expect(within(mac).queryByRole('alertdialog')).toBeNull()
    expect(signOutDevice()).not.toHaveBeenCalled()

    await user.click(within(mac).getByRole('button', { name: 'Sign out…' }))
    await user.click(within(mac).getByRole('button', { name: 'Sign out' }))
    expect(signOutDevice()).toHaveBeenCalledWith({ deviceId: 'dev_other_00002' })
    expect(screen.getByText('Ada’s Mac was signed out.')).toBeInTheDocument()
    expect(within(mac).queryByRole('alertdialog')).toBeNull()
  })

  it('explains a failed sign-out with the server’s reason and leaves the row as it was', async () => {
    const user = userEvent.setup({ advanceTimers: vi.advanceTimersByTime })
    signOutDevice().mockRejectedValue(
      new ConvexError({
        code: 'SIGN_OUT_FAILED',
        message: 'The sign-in service could not be reached. Nothing was changed; try again.',
      }),
    )
    fake.queries.set('devices:list', serverDevices)
    render(<DevicesPage session={liveSession()} />, inRouter)
    const pc = rows()[1]!
    await user.click(within(pc).getByRole('button', { name: 'Sign out…' }))
    await user.click(within(pc).getByRole('button', { name: 'Sign out' }))
    expect(within(pc).getByRole('alert')).toHaveTextContent('The device could not be signed out')
    expect(within(pc).getByRole('alert')).toHaveTextContent('could not be reached. Nothing was changed')
    expect(within(pc).getByRole('button', { name: 'Sign out…' })).toBeEnabled()
    expect(within(pc).queryByText('Signed out')).toBeNull()
  })

  it('shows a signed-out device as such (by which device, when), with Remove instead of Sign out', async () => {
    const user = userEvent.setup({ advanceTimers: vi.advanceTimersByTime })
    remove().mockResolvedValue(null)
    fake.queries.set('devices:list', [...serverDevices, signedOutDevice])
    render(<DevicesPage session={liveSession()} />, inRouter)
    const lost = rows()[3]!
    expect(lost).toHaveAccessibleName('Lost laptop Signed out')
    expect(lost).toHaveTextContent('Signed out from ada-laptop 2 hours ago')
    expect(within(lost).queryByRole('button', { name: 'Sign out…' })).toBeNull()
    await user.click(within(lost).getByRole('button', { name: 'Remove…' }))
    expect(within(lost).getByRole('alertdialog')).toHaveTextContent(
      'Remove Lost laptop from your list? It is already signed out',
    )
    await user.click(within(lost).getByRole('button', { name: 'Remove' }))
    expect(remove()).toHaveBeenCalledWith({ deviceId: 'dev_gone_000004' })
    expect(screen.getByText('Lost laptop was removed.')).toBeInTheDocument()
  })

  it('signs out all other devices after one confirmation and reports the ones that failed', async () => {
    const user = userEvent.setup({ advanceTimers: vi.advanceTimersByTime })
    signOutOthers().mockResolvedValue({
      results: [
        { deviceId: 'dev_other_00003', name: 'Work PC', outcome: 'signed-out' },
        {
          deviceId: 'dev_other_00002',
          name: 'Ada’s Mac',
          outcome: 'failed',
          error: {
            code: 'SIGN_OUT_FAILED',
            message: 'The sign-in service did not answer in time. Nothing was changed; try again.',
          },
        },
        { deviceId: 'dev_gone_000004', name: 'Lost laptop', outcome: 'already-signed-out' },
      ],
    })
    fake.queries.set('devices:list', [...serverDevices, signedOutDevice])
    render(<DevicesPage session={liveSession()} />, inRouter)
    await user.click(screen.getByRole('button', { name: 'Sign out of all other devices…' }))
    const dialog = screen.getByRole('alertdialog')
    expect(dialog).toHaveTextContent('Sign out all 2 other devices? This device stays signed in.')
    expect(within(dialog).getByRole('button', { name: 'Cancel' })).toHaveFocus()
    await user.click(within(dialog).getByRole('button', { name: 'Sign out all' }))
    expect(signOutOthers()).toHaveBeenCalledWith({})
    expect(screen.getAllByText('Signed out 1 other device.').length).toBeGreaterThan(0)
    const alert = screen.getByRole('alert')
    expect(alert).toHaveTextContent('Ada’s Mac could not be signed out')
    expect(alert).toHaveTextContent('Ada’s Mac: The sign-in service did not answer in time.')
  })

  it('disables signing out with an explanation when the server cannot be used', () => {
    fake.queries.set('devices:list', serverDevices)
    render(
      <DevicesPage
        session={liveSession({ canUseServer: false, offlineReason: 'Reconnecting to the server.' })}
      />,
      inRouter,
    )
    const button = within(rows()[1]!).getByRole('button', { name: 'Sign out…' })
    expect(button).toBeDisabled()
    expect(button).toHaveAccessibleDescription('Reconnecting to the server.')
    const all = screen.getByRole('button', { name: 'Sign out of all other devices…' })
    expect(all).toBeDisabled()
    expect(all).toHaveAccessibleDescription('Reconnecting to the server.')
  })

  it('highlights and focuses the device named by the route', async () => {
    fake.queries.set('devices:list', serverDevices)
    render(<DevicesPage session={liveSession()} deviceId="dev_other_00003" />, inRouter)
    await act(async () => {})
    const pc = rows()[1]!
    expect(pc).toHaveAttribute('aria-current', 'true')
    expect(pc).toHaveFocus()
  })

  it('takes the device from the router for /devices/:deviceId', async () => {
    window.history.pushState(null, '', '/devices/dev_other_00002')
    fake.queries.set('devices:list', serverDevices)
    render(<DevicesPage session={liveSession()} />, inRouter)
    await act(async () => {})
    expect(rows()[2]).toHaveAttribute('aria-current', 'true')
    expect(rows()[1]).not.toHaveAttribute('aria-current')
  })

  it('says so when the routed device is not in the list', () => {
    fake.queries.set('devices:list', serverDevices)
    render(<DevicesPage session={liveSession()} deviceId="dev_unknown_999" />, inRouter)
    expect(screen.getByText('That device is not in your list')).toBeInTheDocument()
  })

  it('explains a failure to load the list', () => {
    fake.queries.set('devices:list', new ConvexError({ code: 'USER_NOT_SYNCED', message: 'x' }))
    render(<DevicesPage session={liveSession()} />, inRouter)
    expect(screen.getByRole('alert')).toHaveTextContent('Your account is still being set up')
  })
})

describe('DevicesPage (offline)', () => {
  it('shows the devices as last seen, marked offline, with signing out disabled and explained', () => {
    render(<DevicesPage session={offlineSession()} />, inRouter)
    // The page says what it shows and how old it is; "Offline" is the shell's to say, once (issue 14).
    expect(screen.getByText(/Showing what was last synced/)).toHaveTextContent(
      /^Showing what was last synced 3 hours ago\.$/,
    )
    const [first, second] = rows()
    expect(first).toHaveAccessibleName('ada-laptop This device')
    const button = within(second!).getByRole('button', { name: 'Sign out…' })
    expect(button).toBeDisabled()
    expect(button).toHaveAccessibleDescription(/needs the server/)
    expect(screen.getByRole('button', { name: 'Sign out of all other devices…' })).toBeDisabled()
    expect(fake.subscribed).toEqual([])
  })

  it('shows an empty state without a cache', () => {
    render(<DevicesPage session={offlineSession({ lastKnownUser: null })} />, inRouter)
    expect(screen.getByText(/No devices yet/)).toBeInTheDocument()
  })
})

describe('DevicesPage before the connected app has loaded (first chunk)', () => {
  it('shows the cached devices offline without the live views', () => {
    render(<DevicesPage session={offlineSession()} />, { wrapper: RouterProvider })
    expect(rows().map((row) => row.querySelector('.devices-name')?.textContent)).toEqual([
      'ada-laptop This device',
      'Ada’s Mac ',
    ])
    expect(fake.subscribed).toEqual([])
  })

  it('shows a placeholder, not a server list, if the session is live before the live views arrive', () => {
    fake.queries.set('devices:list', serverDevices)
    render(<DevicesPage session={liveSession()} />, { wrapper: RouterProvider })
    expect(screen.getByText('Connecting to the server…')).toBeInTheDocument()
    expect(screen.queryByRole('list', { name: 'Devices' })).toBeNull()
    expect(fake.subscribed).toEqual([])
  })
})
