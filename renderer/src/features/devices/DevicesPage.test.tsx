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
import { CachedDataWordsContext, OFFLINE_WORDS, SERVER_REFUSED_WORDS } from '../../ui/cached-data-words'
import { formatFriendlyTimeInSentence } from '../../ui/format-time'
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

  it('lists this device first as active now, not revocable from here; the others by last seen, each with Sign out', () => {
    fake.queries.set('devices:list', serverDevices)
    render(<DevicesPage session={liveSession()} />, inRouter)
    const [first, second, third] = rows()
    expect(first).toHaveAccessibleName('ada-laptop')
    // Its row was refreshed when it registered, perhaps hours ago; it is in use right now.
    expect(first).toHaveTextContent('This device · active now')
    expect(first).not.toHaveTextContent(/last seen/i)
    expect(within(first!).queryByRole('button', { name: /Sign out/ })).toBeNull()
    expect(within(first!).getByRole('button', { name: 'Rename…' })).toBeEnabled()
    expect(first).toHaveTextContent('To sign out on this computer, use Sign out in the account menu.')
    expect(second).toHaveAccessibleName('Work PC')
    expect(second).toHaveTextContent('Active now')
    expect(second).toHaveTextContent('Windows · Harbor 0.1.0')
    expect(third).toHaveAccessibleName('Ada’s Mac')
    expect(third).toHaveTextContent(`Last seen ${formatFriendlyTimeInSentence(NOW - 7_200_000, NOW)}`)
    expect(third).toHaveTextContent('macOS · Harbor 0.0.9')
    expect(within(third!).getByRole('button', { name: 'Sign out…' })).toBeEnabled()
    expect(screen.getByRole('button', { name: 'Sign out of all other devices…' })).toBeEnabled()
  })

  it('shows each platform’s icon as decoration beside its name in words', () => {
    fake.queries.set('devices:list', serverDevices)
    render(<DevicesPage session={liveSession()} />, inRouter)
    const icons = rows().map((row) => row.querySelector('.devices-icon'))
    for (const icon of icons) {
      expect(icon).toHaveAttribute('aria-hidden', 'true')
      expect(icon!.querySelector('svg')).not.toBeNull()
    }
    // A different symbol per platform: Linux, Windows, macOS in display order.
    const classes = icons.map((icon) => icon!.querySelector('svg')!.getAttribute('class'))
    expect(new Set(classes).size).toBe(3)
    expect(rows().map((row) => row.querySelector('.devices-meta')!.textContent)).toEqual([
      'Linux · Harbor 0.1.0',
      'Windows · Harbor 0.1.0',
      'macOS · Harbor 0.0.9',
    ])
  })

  it('says minutes, not "active now", once a device has been quiet for two minutes', () => {
    fake.queries.set('devices:list', [
      { ...serverDevices[1]!, lastSeenAt: NOW - 5 * 60_000 - 1_000 },
      serverDevices[2]!,
    ])
    render(<DevicesPage session={liveSession()} />, inRouter)
    expect(rows()[1]).toHaveTextContent('Last seen 5 minutes ago')
  })

  it('shows a renamed device by its name, with the computer’s own name beside the platform', () => {
    fake.queries.set('devices:list', [
      { ...serverDevices[1]!, name: 'Study PC', hostname: 'DESKTOP-4F2K', customName: 'Study PC' },
      serverDevices[2]!,
    ])
    render(<DevicesPage session={liveSession()} />, inRouter)
    expect(rows()[1]).toHaveAccessibleName('Study PC')
    expect(rows()[1]).toHaveTextContent('Windows · Harbor 0.1.0 · DESKTOP-4F2K')
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
    expect(lost).toHaveTextContent(
      `Signed out from ada-laptop ${formatFriendlyTimeInSentence(NOW - 7_200_000, NOW)}`,
    )
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

  it('disables signing out and renaming with an explanation when the server cannot be used', () => {
    fake.queries.set('devices:list', serverDevices)
    render(
      <DevicesPage
        session={liveSession({ canUseServer: false, offlineReason: 'Reconnecting to the server.' })}
      />,
      inRouter,
    )
    // Not connected now, so not "active now".
    expect(rows()[0]).toHaveTextContent('This device')
    expect(rows()[0]).not.toHaveTextContent('active now')
    const buttons = [
      within(rows()[0]!).getByRole('button', { name: 'Rename…' }),
      within(rows()[1]!).getByRole('button', { name: 'Rename…' }),
      within(rows()[1]!).getByRole('button', { name: 'Sign out…' }),
      screen.getByRole('button', { name: 'Sign out of all other devices…' }),
    ]
    for (const button of buttons) {
      expect(button).toBeDisabled()
      expect(button).toHaveAccessibleDescription('Reconnecting to the server.')
      expect(button).toHaveAttribute('title', 'Reconnecting to the server.')
    }
    // Said once, visibly, for all of them.
    expect(screen.getAllByText('Reconnecting to the server.')).toHaveLength(1)
  })

  it('says honestly that this computer appears once registered (true while live)', () => {
    fake.queries.set('devices:list', [])
    render(<DevicesPage session={liveSession()} />, inRouter)
    expect(
      screen.getByText('No devices yet. This computer appears here as soon as it has registered.'),
    ).toBeInTheDocument()
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
  it('shows the cached devices with one note saying why nothing can be changed', () => {
    render(
      <CachedDataWordsContext.Provider value={OFFLINE_WORDS}>
        <DevicesPage session={offlineSession()} />
      </CachedDataWordsContext.Provider>,
      inRouter,
    )
    expect(
      screen.getByText(
        'Renaming and signing out devices need the server; they work again once you are back online.',
      ),
    ).toBeInTheDocument()
    // The age once, as on every page, and no badge: the shell says "offline" once for the whole app.
    expect(screen.queryByText('Offline')).toBeNull()
    expect(screen.getAllByText(/last synced/i)).toHaveLength(1)
    expect(screen.getByText(/Showing what was last synced/)).toHaveTextContent(
      /^Showing what was last synced 3 hours ago\.$/,
    )
    expect(screen.getAllByText(/need the server/)).toHaveLength(1)
    const [first, second] = rows()
    expect(first).toHaveAccessibleName('ada-laptop')
    // Cached data cannot show that this device is active; it does not pretend to.
    expect(first).toHaveTextContent('This device')
    expect(first).not.toHaveTextContent('active now')
    for (const button of [
      within(first!).getByRole('button', { name: 'Rename…' }),
      within(second!).getByRole('button', { name: 'Rename…' }),
      within(second!).getByRole('button', { name: 'Sign out…' }),
      screen.getByRole('button', { name: 'Sign out of all other devices…' }),
    ]) {
      expect(button).toBeDisabled()
      expect(button).toHaveAccessibleDescription(/Renaming and signing out devices need the server/)
    }
    expect(fake.subscribed).toEqual([])
  })

  it('says "sign-in refused" words, not "online", when the server refused the sign-in', () => {
    render(
      <CachedDataWordsContext.Provider value={SERVER_REFUSED_WORDS}>
        <DevicesPage session={offlineSession()} />
      </CachedDataWordsContext.Provider>,
      inRouter,
    )
    expect(
      screen.getByText(
        'Renaming and signing out devices need the server; they work again once Harbor’s server accepts your sign-in again.',
      ),
    ).toBeInTheDocument()
  })

  it('does not promise that this device appears while it cannot register', () => {
    render(
      <CachedDataWordsContext.Provider value={OFFLINE_WORDS}>
        <DevicesPage session={offlineSession({ lastKnownUser: null })} />
      </CachedDataWordsContext.Provider>,
      inRouter,
    )
    expect(
      screen.getByText(
        'No devices were saved on this computer. Your devices appear here once you are back online.',
      ),
    ).toBeInTheDocument()
    expect(screen.queryByText(/registered/)).toBeNull()
  })
})

describe('DevicesPage before the connected app has loaded (first chunk)', () => {
  it('shows the cached devices offline without the live views', () => {
    render(<DevicesPage session={offlineSession()} />, { wrapper: RouterProvider })
    expect(rows().map((row) => row.querySelector('.devices-name')?.textContent)).toEqual([
      'ada-laptop',
      'Ada’s Mac',
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

describe('DevicesPage rename', () => {
  const renameMutation = () => mutation('devices:rename')
  const setup = () => {
    fake.queries.set('devices:list', serverDevices)
    const user = userEvent.setup({ advanceTimers: vi.advanceTimersByTime })
    const view = render(<DevicesPage session={liveSession()} />, inRouter)
    return { user, view }
  }
  const field = () => screen.getByRole('textbox', { name: 'Device name' })

  it('Rename… turns the name into a field; Enter saves the trimmed name and gives the focus back', async () => {
    renameMutation().mockResolvedValue({ name: 'Study PC' })
    const { user } = setup()
    const pc = rows()[1]!
    await user.click(within(pc).getByRole('button', { name: 'Rename…' }))
    expect(field()).toHaveValue('Work PC')
    expect(field()).toHaveFocus()
    // The whole name is selected, so typing replaces it.
    expect([
      (field() as HTMLInputElement).selectionStart,
      (field() as HTMLInputElement).selectionEnd,
    ]).toEqual([0, 7])
    await user.keyboard('  Study PC  {Enter}')
    expect(renameMutation()).toHaveBeenCalledWith({ deviceId: 'dev_other_00003', name: 'Study PC' })
    expect(screen.queryByRole('textbox')).toBeNull()
    expect(screen.getByText('Renamed to Study PC.')).toBeInTheDocument()
    expect(within(rows()[1]!).getByRole('button', { name: 'Rename…' })).toHaveFocus()
  })

  it('renames this device too', async () => {
    renameMutation().mockResolvedValue({ name: 'Ada’s laptop' })
    const { user } = setup()
    await user.click(within(rows()[0]!).getByRole('button', { name: 'Rename…' }))
    await user.clear(field())
    await user.type(field(), 'Ada’s laptop{Enter}')
    expect(renameMutation()).toHaveBeenCalledWith({ deviceId: 'dev_this_000001', name: 'Ada’s laptop' })
  })

  it('Escape cancels without saving', async () => {
    const { user } = setup()
    const pc = rows()[1]!
    await user.click(within(pc).getByRole('button', { name: 'Rename…' }))
    await user.keyboard('Something else{Escape}')
    expect(screen.queryByRole('textbox')).toBeNull()
    expect(renameMutation()).not.toHaveBeenCalled()
    expect(rows()[1]).toHaveAccessibleName('Work PC')
    expect(within(rows()[1]!).getByRole('button', { name: 'Rename…' })).toHaveFocus()
  })

  it('an unchanged name closes the field without a server call', async () => {
    const { user } = setup()
    await user.click(within(rows()[1]!).getByRole('button', { name: 'Rename…' }))
    await user.click(screen.getByRole('button', { name: 'Save' }))
    expect(screen.queryByRole('textbox')).toBeNull()
    expect(renameMutation()).not.toHaveBeenCalled()
  })

  it.each([
    ['empty', '', 'Enter a name for the device.'],
    ['only spaces', '    ', 'Enter a name for the device.'],
    ['65 characters', 'n'.repeat(65), 'Use at most 64 characters (this name has 65).'],
    [
      'a control character',
      'Work\u0007PC',
      'Remove the line breaks and invisible control characters from the name.',
    ],
  ])('explains an invalid name (%s) beside the field and sends nothing', async (_label, typed, message) => {
    const { user } = setup()
    await user.click(within(rows()[1]!).getByRole('button', { name: 'Rename…' }))
    await user.clear(field())
    if (typed) await user.paste(typed)
    await user.keyboard('{Enter}')
    expect(renameMutation()).not.toHaveBeenCalled()
    expect(screen.getByRole('alert')).toHaveTextContent(message)
    expect(field()).toHaveAttribute('aria-invalid', 'true')
    expect(field()).toHaveAccessibleDescription(message)
    expect(field()).toHaveFocus()
    // Typing again clears the complaint.
    await user.type(field(), 'x')
    expect(screen.queryByRole('alert')).toBeNull()
    expect(field()).toHaveAttribute('aria-invalid', 'false')
  })

  it('counts characters as people do: 64 emoji are a valid name', async () => {
    renameMutation().mockResolvedValue({ name: '💻'.repeat(64) })
    const { user } = setup()
    await user.click(within(rows()[1]!).getByRole('button', { name: 'Rename…' }))
    await user.clear(field())
    await user.paste('💻'.repeat(64))
    await user.keyboard('{Enter}')
    expect(renameMutation()).toHaveBeenCalledWith({ deviceId: 'dev_other_00003', name: '💻'.repeat(64) })
  })

  it('shows a refusal from the server beside the field and keeps what was typed', async () => {
    renameMutation().mockRejectedValue(
      new ConvexError({
        code: 'DEVICE_NOT_FOUND',
        message: 'There is no such device. It may have been removed.',
      }),
    )
    const { user } = setup()
    await user.click(within(rows()[1]!).getByRole('button', { name: 'Rename…' }))
    await user.keyboard('Study PC{Enter}')
    expect(screen.getByRole('alert')).toHaveTextContent(
      'This device is no longer in your list, so it cannot be renamed.',
    )
    expect(field()).toHaveValue('Study PC')
    expect(field()).toHaveFocus()
    expect(screen.getByRole('button', { name: 'Save' })).toBeEnabled()
  })

  it.each([
    [
      new ConvexError({ code: 'DEVICE_NOT_YOURS', message: 'That device belongs to another account.' }),
      'That device belongs to another account, so it cannot be renamed from here.',
    ],
    [
      new TypeError('Failed to fetch'),
      'Cannot reach the server. Check your internet connection. The app keeps trying by itself.',
    ],
  ])('words other refusals for renaming, not for signing out (%s)', async (error, words) => {
    renameMutation().mockRejectedValue(error)
    const { user } = setup()
    await user.click(within(rows()[1]!).getByRole('button', { name: 'Rename…' }))
    await user.keyboard('Study PC{Enter}')
    expect(screen.getByRole('alert')).toHaveTextContent(words)
    expect(screen.getByRole('alert')).not.toHaveTextContent(/signed out/)
  })

  it('shows "Saving…" while the server answers, and no second save', async () => {
    let finish: (value: unknown) => void = () => {}
    renameMutation().mockImplementation(() => new Promise((resolve) => (finish = resolve)))
    const { user } = setup()
    await user.click(within(rows()[1]!).getByRole('button', { name: 'Rename…' }))
    await user.keyboard('Study PC{Enter}')
    expect(screen.getByRole('button', { name: 'Saving…' })).toBeDisabled()
    expect(field()).toHaveAttribute('readonly')
    await user.keyboard('{Enter}{Escape}')
    expect(renameMutation()).toHaveBeenCalledTimes(1)
    expect(field()).toBeInTheDocument()
    await act(async () => finish({ name: 'Study PC' }))
    expect(screen.queryByRole('textbox')).toBeNull()
  })

  it('going offline while the field is open disables Save with the reason and keeps the text', async () => {
    const { user, view } = setup()
    await user.click(within(rows()[1]!).getByRole('button', { name: 'Rename…' }))
    await user.keyboard('Study PC')
    view.rerender(
      <DevicesPage
        session={liveSession({ canUseServer: false, offlineReason: 'Reconnecting to the server.' })}
      />,
    )
    const save = screen.getByRole('button', { name: 'Save' })
    expect(save).toBeDisabled()
    expect(save).toHaveAccessibleDescription('Reconnecting to the server.')
    expect(field()).toHaveAccessibleDescription('Reconnecting to the server.')
    await user.type(field(), '{Enter}')
    expect(renameMutation()).not.toHaveBeenCalled()
    expect(field()).toHaveValue('Study PC')
  })
})
