import '@testing-library/jest-dom/vitest'
import { act, cleanup, render, screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, describe, expect, it } from 'vitest'
import { UpdateBanner } from './UpdateBanner'
import { installFakeUpdates, snapshot } from './testing'

afterEach(() => {
  cleanup()
  delete window.desktop
})

describe('UpdateBanner', () => {
  it('stays out of the way while idle, checking, up to date or disabled', async () => {
    const fake = installFakeUpdates(snapshot({ status: 'idle' }))
    const { container } = render(<UpdateBanner />)
    await act(async () => {})
    expect(container).toBeEmptyDOMElement()
    for (const state of [
      { status: 'checking' },
      { status: 'up-to-date', checkedAt: 0 },
      { status: 'disabled', reason: 'development' },
    ] as const) {
      act(() => fake.emit(snapshot(state)))
      expect(container).toBeEmptyDOMElement()
    }
  })

  it('renders nothing outside Electron', () => {
    const { container } = render(<UpdateBanner />)
    expect(container).toBeEmptyDOMElement()
  })

  it('follows an update from available through the download (progress bar) to "Restart to update"', async () => {
    const fake = installFakeUpdates(snapshot({ status: 'available', version: '1.3.0' }))
    render(<UpdateBanner />)
    expect(await screen.findByRole('status')).toHaveTextContent('Harbor 1.3.0 is available. Downloading…')

    act(() =>
      fake.emit(
        snapshot({ status: 'downloading', version: '1.3.0', percent: 42.4, bytesPerSecond: 2_621_440 }),
      ),
    )
    expect(screen.getByRole('status')).toHaveTextContent('Downloading Harbor 1.3.0: 42% (2.5 MB/s)')
    const bar = screen.getByRole('progressbar', { name: 'Update download progress for 1.3.0' })
    expect(bar).toHaveAttribute('value', '42.4')
    expect(bar).toHaveAttribute('max', '100')

    act(() => fake.emit(snapshot({ status: 'ready', version: '1.3.0' })))
    expect(screen.queryByRole('progressbar')).not.toBeInTheDocument()
    const restart = screen.getByRole('button', { name: 'Restart to update' })
    await userEvent.click(restart)
    expect(fake.updates.install).toHaveBeenCalledTimes(1)
    expect(screen.getByRole('button', { name: 'Restarting…' })).toBeDisabled()
  })

  it('shows an install failure and lets the user try again', async () => {
    const fake = installFakeUpdates(snapshot({ status: 'ready', version: '1.3.0' }))
    fake.updates.install.mockRejectedValueOnce(
      new Error("Error invoking remote method 'updates:install': Error: updates:install failed"),
    )
    render(<UpdateBanner />)
    await userEvent.click(await screen.findByRole('button', { name: 'Restart to update' }))
    expect(screen.getByRole('status')).toHaveTextContent('Harbor could not restart to install the update.')
    expect(screen.getByRole('status')).not.toHaveTextContent('updates:install')
    expect(screen.getByRole('button', { name: 'Restart to update' })).toBeEnabled()
  })

  it('shows an update error until dismissed, and a new error again', async () => {
    const fake = installFakeUpdates(snapshot({ status: 'error', message: 'net::ERR_INTERNET_DISCONNECTED' }))
    render(<UpdateBanner />)
    expect(await screen.findByRole('status')).toHaveTextContent(
      'Update failed: net::ERR_INTERNET_DISCONNECTED',
    )
    await userEvent.click(screen.getByRole('button', { name: 'Dismiss' }))
    expect(screen.queryByRole('status')).not.toBeInTheDocument()
    act(() => fake.emit(snapshot({ status: 'error', message: 'sha512 checksum mismatch' })))
    expect(screen.getByRole('status')).toHaveTextContent('Update failed: sha512 checksum mismatch')
  })

  it('lets an event that arrives before get() answers win, and unsubscribes on unmount', async () => {
    const fake = installFakeUpdates(snapshot({ status: 'idle' }))
    let answer!: (s: ReturnType<typeof snapshot>) => void
    fake.updates.get.mockImplementationOnce(() => new Promise((resolve) => (answer = resolve)))
    const { unmount } = render(<UpdateBanner />)
    act(() => fake.emit(snapshot({ status: 'ready', version: '2.0.0' })))
    await act(async () => answer(snapshot({ status: 'idle' })))
    expect(screen.getByRole('button', { name: 'Restart to update' })).toBeInTheDocument()
    expect(fake.listenerCount).toBe(1)
    unmount()
    expect(fake.listenerCount).toBe(0)
  })
})
