// The update indicator is the window's, not the signed-in shell's: it shows on every screen, once, and takes
// no row from the layout (it floats in a corner).
import '@testing-library/jest-dom/vitest'
import { act, cleanup, render, screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { DeviceInfo, LastKnownUser } from '../../electron/shared/contract'
import { readConfig } from './startup/config'
import { ConnectingScreen } from './session/ConnectingScreen'
import { SetupScreen } from './startup/SetupScreen'
import { installFakeUpdates, snapshot } from './features/updates/testing'
import type { SessionView } from './features/page-props'
import { Shell } from './shell/Shell'
import { WindowRoot } from './WindowRoot'

afterEach(() => {
  cleanup()
  delete window.desktop
})

function setupProblems() {
  const config = readConfig({ VITE_CLERK_PUBLISHABLE_KEY: '', VITE_CONVEX_URL: '' })
  if (config.ok) throw new Error('expected setup problems')
  return config.problems
}

const AVAILABLE = snapshot({ status: 'available', version: '2.0.0' })

async function settled() {
  // useUpdates asks `updates.get()` after mount.
  await act(async () => {})
}

describe('WindowRoot: the update indicator on every screen', () => {
  it('shows an available update on the setup screen (no configuration, no Clerk)', async () => {
    installFakeUpdates(AVAILABLE)
    const { container } = render(
      <WindowRoot>
        <SetupScreen problems={setupProblems()} openExternal={vi.fn()} copyText={vi.fn()} />
      </WindowRoot>,
    )
    await settled()
    const corner = screen.getByTestId('update-corner')
    expect(corner).toContainElement(screen.getByRole('button', { name: 'Downloading update' }))
    expect(corner).toHaveClass('update-corner') // position: fixed (updates.css): no row of its own
    // The screen keeps the whole frame: the indicator sits beside it, not above it.
    const frame = container.querySelector('.window-frame')!
    expect(frame.firstElementChild).toBe(corner)
    expect(frame.lastElementChild).toHaveClass('window-frame-content')
    expect(frame.lastElementChild).toContainElement(
      screen.getByRole('heading', { name: 'VITE_CLERK_PUBLISHABLE_KEY' }),
    )
  })

  it('shows the download progress on the connecting screen (signed out, Clerk unreachable)', async () => {
    const fake = installFakeUpdates(AVAILABLE)
    render(
      <WindowRoot>
        <ConnectingScreen notice={null} />
      </WindowRoot>,
    )
    await settled()
    act(() =>
      fake.emit(snapshot({ status: 'downloading', version: '2.0.0', percent: 40, bytesPerSecond: 2048 })),
    )
    await userEvent.click(screen.getByRole('button', { name: 'Downloading update · 40%' }))
    expect(screen.getByRole('progressbar', { name: 'Update download progress for 2.0.0' })).toHaveAttribute(
      'value',
      '40',
    )
  })

  it('shows nothing extra while there is nothing to say', async () => {
    installFakeUpdates(snapshot({ status: 'idle' }))
    const { container } = render(
      <WindowRoot>
        <ConnectingScreen notice={null} />
      </WindowRoot>,
    )
    await settled()
    expect(container.querySelector('.update-corner')).toBeNull()
    expect(container.querySelector('.window-frame')!.children).toHaveLength(1)
  })

  it('shows the ready card once over the signed-in shell, not a second time inside it', async () => {
    installFakeUpdates(snapshot({ status: 'ready', version: '2.0.0' }))
    const user: LastKnownUser = {
      version: 1,
      clerkUserId: 'user_abc',
      profile: { name: 'Ada Lovelace' },
      devices: [],
      confirmedOnlineAt: Date.now() - 60_000,
    }
    const device: DeviceInfo = { deviceId: 'dev-1', name: 'laptop', platform: 'linux', appVersion: '1.2.0' }
    const session: SessionView = {
      mode: 'offline',
      canUseServer: false,
      offlineReason: 'You are offline.',
      lastKnownUser: user,
      device,
      status: {
        phase: 'offline',
        offlineReason: 'browser-offline',
        convexVerdict: null,
        clerkApiReached: false,
        cacheConfirmedAt: user.confirmedOnlineAt,
      },
    }
    render(
      <WindowRoot>
        <Shell
          session={session}
          connected={false}
          profile={user.profile}
          retrying={false}
          onRetry={vi.fn()}
          onSignOut={vi.fn()}
        />
      </WindowRoot>,
    )
    await settled()
    expect(screen.getAllByRole('button', { name: 'Restart now' })).toHaveLength(1)
    expect(screen.getByTestId('app-shell')).not.toContainElement(
      screen.getByRole('button', { name: 'Restart now' }),
    )
  })

  it('keeps the ready card when the screen beside it crashes: a broken window can still be updated', async () => {
    installFakeUpdates(snapshot({ status: 'ready', version: '2.0.0' }))
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined)
    function Broken(): never {
      throw new Error('render failed')
    }
    render(
      <WindowRoot>
        <Broken />
      </WindowRoot>,
    )
    await settled()
    expect(screen.getByRole('heading', { name: 'Something went wrong' })).toBeInTheDocument()
    expect(screen.getByRole('button', { name: 'Restart now' })).toBeInTheDocument()
    error.mockRestore()
  })
})
