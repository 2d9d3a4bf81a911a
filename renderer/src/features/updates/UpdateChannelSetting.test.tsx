import '@testing-library/jest-dom/vitest'
import { act, cleanup, render, screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { UpdateChannelSetting } from './UpdateChannelSetting'
import { installFakeUpdates, snapshot } from './testing'

afterEach(() => {
  cleanup()
  delete window.desktop
})

describe('UpdateChannelSetting', () => {
  it('shows the persisted channel and the version', async () => {
    installFakeUpdates(snapshot({ status: 'idle' }, { channel: 'beta', currentVersion: '1.3.0-beta.1' }))
    render(<UpdateChannelSetting canUseServer />)
    expect(await screen.findByLabelText('Update channel')).toHaveValue('beta')
    expect(screen.getByRole('status')).toHaveTextContent('Version 1.3.0-beta.1.')
  })

  it('switches the channel through window.desktop.updates.setChannel and shows the answer', async () => {
    const fake = installFakeUpdates(snapshot({ status: 'idle' }))
    fake.updates.setChannel.mockResolvedValueOnce(
      snapshot({ status: 'available', version: '1.3.0-beta.1' }, { channel: 'beta' }),
    )
    render(<UpdateChannelSetting canUseServer />)
    await userEvent.selectOptions(await screen.findByLabelText('Update channel'), 'beta')
    expect(fake.updates.setChannel).toHaveBeenCalledWith('beta')
    expect(screen.getByLabelText('Update channel')).toHaveValue('beta')
    expect(screen.getByRole('status')).toHaveTextContent('Harbor 1.3.0-beta.1 is available and downloading.')
  })

  it('keeps the old channel and says why when saving fails', async () => {
    const fake = installFakeUpdates(snapshot({ status: 'idle' }))
    fake.updates.setChannel.mockRejectedValueOnce(
      // What the main process really answers (electron/main/ipc.ts): the detail stays in its log.
      new Error("Error invoking remote method 'updates:set-channel': Error: updates:set-channel failed"),
    )
    render(<UpdateChannelSetting canUseServer />)
    await userEvent.selectOptions(await screen.findByLabelText('Update channel'), 'beta')
    expect(screen.getByRole('alert')).toHaveTextContent(
      'Harbor could not switch the update channel. Try again; if it keeps failing, Help → Open Logs Folder has the details.',
    )
    expect(screen.getByRole('alert')).not.toHaveTextContent(/updates:|invoking/)
    expect(screen.getByLabelText('Update channel')).toHaveValue('stable')
  })

  it('explains that leaving beta does not downgrade', async () => {
    installFakeUpdates(
      snapshot(
        {
          status: 'up-to-date',
          checkedAt: Date.UTC(2026, 0, 1, 9, 30),
          aheadOfChannel: { latestVersion: '1.2.0' },
        },
        { currentVersion: '1.3.0-beta.2' },
      ),
    )
    render(<UpdateChannelSetting canUseServer />)
    expect(await screen.findByRole('status')).toHaveTextContent(
      'This version (1.3.0-beta.2) is newer than the latest release on this channel (1.2.0). Nothing is downgraded',
    )
  })

  it('checks on demand, and not while offline, disabled or busy', async () => {
    const fake = installFakeUpdates(snapshot({ status: 'idle' }))
    fake.updates.check.mockResolvedValueOnce(snapshot({ status: 'up-to-date', checkedAt: 0 }))
    const { rerender } = render(<UpdateChannelSetting canUseServer />)
    await userEvent.click(await screen.findByRole('button', { name: 'Check for updates' }))
    expect(fake.updates.check).toHaveBeenCalledTimes(1)
    expect(screen.getByRole('status')).toHaveTextContent('Harbor is up to date.')

    rerender(<UpdateChannelSetting canUseServer={false} />)
    expect(screen.getByRole('button', { name: 'Check for updates' })).toBeDisabled()
    expect(screen.getByText('Checking for updates needs a connection.')).toBeInTheDocument()

    rerender(<UpdateChannelSetting canUseServer />)
    act(() =>
      fake.emit(snapshot({ status: 'downloading', version: '1.3.0', percent: 5, bytesPerSecond: 900 })),
    )
    expect(screen.getByRole('button', { name: 'Check for updates' })).toBeDisabled()
    expect(screen.getByRole('status')).toHaveTextContent('Downloading Harbor 1.3.0: 5% (900 B/s).')
    act(() => fake.emit(snapshot({ status: 'disabled', reason: 'Updates are off in development.' })))
    expect(screen.getByRole('button', { name: 'Check for updates' })).toBeDisabled()
    expect(screen.getByRole('status')).toHaveTextContent('Updates are off in development.')
  })

  it('shows a failed check and a failed load', async () => {
    installFakeUpdates(snapshot({ status: 'error', message: 'Cannot find channel "latest.yml" update info' }))
    render(<UpdateChannelSetting canUseServer />)
    expect(await screen.findByRole('status')).toHaveTextContent(
      'The last update check failed: Cannot find channel "latest.yml" update info',
    )
    cleanup()
    installFakeUpdates(
      new Error(
        "Error invoking remote method 'updates:get': Error: IPC updates:get rejected: untrusted sender",
      ),
    )
    render(<UpdateChannelSetting canUseServer />)
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Harbor could not read its update settings. The app refused the request; restart Harbor and try again.',
    )
  })

  it('offers "Restart now" while an update is ready, also after "Later" (where the card points)', async () => {
    const fake = installFakeUpdates(snapshot({ status: 'ready', version: '1.3.0', deferred: true }))
    fake.updates.install.mockRejectedValueOnce(
      new Error("Error invoking remote method 'updates:install': Error: updates:install failed"),
    )
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined)
    render(<UpdateChannelSetting canUseServer />)
    expect(await screen.findByRole('status')).toHaveTextContent(
      'Ready to install: Harbor 1.3.0. It installs when you restart or quit Harbor.',
    )
    expect(screen.getByRole('button', { name: 'Check for updates' })).toBeDisabled()
    await userEvent.click(screen.getByRole('button', { name: 'Restart now' }))
    expect(screen.getByRole('alert')).toHaveTextContent('Harbor could not restart to install the update.')
    await userEvent.click(screen.getByRole('button', { name: 'Restart now' }))
    expect(fake.updates.install).toHaveBeenCalledTimes(2)
    expect(screen.getByRole('button', { name: 'Restarting…' })).toBeDisabled()
    act(() => fake.emit(snapshot({ status: 'idle' })))
    expect(screen.queryByRole('button', { name: /Restart/ })).not.toBeInTheDocument()
    warn.mockRestore()
  })

  it('says updates belong to the desktop app outside Electron', () => {
    render(<UpdateChannelSetting canUseServer />)
    expect(screen.getByText('Updates are managed by the Harbor desktop app.')).toBeInTheDocument()
  })
})
