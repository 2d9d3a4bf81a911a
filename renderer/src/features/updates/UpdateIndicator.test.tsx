import '@testing-library/jest-dom/vitest'
import { act, cleanup, render, screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { ReleaseInfo } from '../../../../electron/shared/contract'
import { NOTES_PREVIEW_CHARS } from './ReleaseNotes'
import { installFakeUpdates, snapshot } from './testing'
import { UpdateIndicator } from './UpdateIndicator'
import { LATER_NOTE_MS } from './UpdateReadyCard'

afterEach(() => {
  cleanup()
  vi.useRealTimers()
  delete window.desktop
})

const RELEASE: ReleaseInfo = {
  name: 'Lighthouse',
  date: '2026-11-30T09:00:00.000Z',
  notes: "What's new\n\n• Rename devices\n• Faster start",
  notesTruncated: false,
}

async function settled() {
  await act(async () => {})
}

describe('UpdateIndicator: while an update downloads', () => {
  it('stays out of the way while idle, checking, up to date or disabled, and outside Electron', async () => {
    const fake = installFakeUpdates(snapshot({ status: 'idle' }))
    const { container } = render(<UpdateIndicator />)
    await settled()
    expect(container).toBeEmptyDOMElement()
    for (const state of [
      { status: 'checking' },
      { status: 'up-to-date', checkedAt: 0 },
      { status: 'disabled', reason: 'development' },
    ] as const) {
      act(() => fake.emit(snapshot(state)))
      expect(container).toBeEmptyDOMElement()
    }
    cleanup()
    delete window.desktop
    expect(render(<UpdateIndicator />).container).toBeEmptyDOMElement()
  })

  it('is a small button with percent and a bar, opening a panel with a full progress bar, speed and notes', async () => {
    const fake = installFakeUpdates(snapshot({ status: 'available', version: '1.3.0', release: RELEASE }))
    render(<UpdateIndicator />)
    const pill = await screen.findByRole('button', { name: 'Downloading update' })
    expect(pill).toHaveAttribute('aria-expanded', 'false')
    expect(screen.getByRole('status')).toHaveTextContent('Downloading Harbor 1.3.0.')
    expect(screen.queryByRole('progressbar')).not.toBeInTheDocument()

    act(() =>
      fake.emit(
        snapshot({
          status: 'downloading',
          version: '1.3.0',
          percent: 42.4,
          bytesPerSecond: 2_621_440,
          release: RELEASE,
        }),
      ),
    )
    const downloading = screen.getByRole('button', { name: 'Downloading update · 42%' })
    expect(downloading.querySelector('.update-pill-bar-fill')).toHaveStyle({ width: '42%' })
    await userEvent.click(downloading)
    expect(downloading).toHaveAttribute('aria-expanded', 'true')
    const panel = screen.getByRole('region', { name: 'Downloading update · 42%' })
    expect(downloading).toHaveAttribute('aria-controls', panel.id)
    const bar = within(panel).getByRole('progressbar', { name: 'Update download progress for 1.3.0' })
    expect(bar).toHaveAttribute('value', '42.4')
    expect(bar).toHaveAttribute('max', '100')
    expect(bar).toHaveClass('update-progress')
    expect(panel).toHaveTextContent('Downloading Harbor 1.3.0')
    expect(panel).toHaveTextContent('42% · 2.5 MB/s')
    expect(panel).toHaveTextContent('Lighthouse · Released')
    expect(within(panel).getByTestId('update-release-notes')).toHaveTextContent('• Rename devices')

    // The announcement is not repeated on every progress event.
    act(() =>
      fake.emit(snapshot({ status: 'downloading', version: '1.3.0', percent: 80, bytesPerSecond: 900 })),
    )
    expect(screen.getByRole('status')).toHaveTextContent(/^Downloading Harbor 1\.3\.0\.$/)
    expect(within(panel).getByRole('progressbar')).toHaveAttribute('value', '80')

    // The panel comes after the button in the tab order (it is shown above it by the CSS).
    expect(downloading.compareDocumentPosition(panel) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy()
    await userEvent.keyboard('{Escape}')
    expect(screen.queryByRole('region')).not.toBeInTheDocument()
    expect(screen.getByRole('button', { name: 'Downloading update · 80%' })).toHaveFocus()
  })

  it('shows an indeterminate bar before the first progress event, never a made-up 0%', async () => {
    installFakeUpdates(snapshot({ status: 'available', version: '1.3.0' }))
    render(<UpdateIndicator />)
    await userEvent.click(await screen.findByRole('button', { name: 'Downloading update' }))
    const bar = screen.getByRole('progressbar', { name: 'Update download progress for 1.3.0' })
    expect(bar).not.toHaveAttribute('value')
    expect(screen.getByRole('region')).toHaveTextContent('Starting the download…')
  })
})

describe('UpdateIndicator: ready to install', () => {
  it('asks with the version and the release notes; "Restart now" installs', async () => {
    const fake = installFakeUpdates(
      snapshot({ status: 'downloading', version: '1.3.0', percent: 99, bytesPerSecond: 1 }),
    )
    render(<UpdateIndicator />)
    await screen.findByRole('button', { name: 'Downloading update · 99%' })
    act(() => fake.emit(snapshot({ status: 'ready', version: '1.3.0', release: RELEASE })))
    expect(screen.queryByRole('progressbar')).not.toBeInTheDocument()
    const card = screen.getByRole('region', { name: 'Harbor 1.3.0 is ready to install' })
    expect(within(card).getByRole('status')).toHaveTextContent('Harbor 1.3.0 is ready to install')
    const paragraphs = within(card).getByTestId('update-release-notes').querySelectorAll('p')
    expect([...paragraphs].map((p) => p.textContent)).toEqual([
      "What's new",
      '• Rename devices\n• Faster start',
    ])
    await userEvent.click(within(card).getByRole('button', { name: 'Restart now' }))
    expect(fake.updates.install).toHaveBeenCalledTimes(1)
    expect(within(card).getByRole('button', { name: 'Restarting…' })).toBeDisabled()
    expect(within(card).getByRole('button', { name: 'Later' })).toBeDisabled()
  })

  it('renders notes as text, never as markup', async () => {
    installFakeUpdates(
      snapshot({
        status: 'ready',
        version: '1.3.0',
        release: { ...RELEASE, notes: '<img src=x onerror="alert(1)"><b>bold</b>' },
      }),
    )
    render(<UpdateIndicator />)
    const notes = await screen.findByTestId('update-release-notes')
    expect(notes).toHaveTextContent('<img src=x onerror="alert(1)"><b>bold</b>')
    expect(notes.querySelector('img, b')).toBeNull()
  })

  it('shows long notes shortened with "Show more", and all of them (scrollable, focusable) after it', async () => {
    const long = Array.from({ length: 60 }, (_, i) => `• Change number ${i}`).join('\n')
    installFakeUpdates(snapshot({ status: 'ready', version: '1.3.0', release: { ...RELEASE, notes: long } }))
    render(<UpdateIndicator />)
    const notes = await screen.findByTestId('update-release-notes')
    expect(notes.textContent!.length).toBeLessThanOrEqual(NOTES_PREVIEW_CHARS + 1)
    expect(notes.textContent).toMatch(/…$/)
    expect(notes).not.toHaveTextContent('Change number 59')
    const more = screen.getByRole('button', { name: 'Show more' })
    expect(more).toHaveAttribute('aria-expanded', 'false')
    await userEvent.click(more)
    expect(notes).toHaveTextContent('Change number 59')
    expect(notes).toHaveAttribute('tabindex', '0')
    expect(screen.getByRole('region', { name: 'Release notes' })).toBe(notes)
    await userEvent.click(screen.getByRole('button', { name: 'Show less' }))
    expect(notes).not.toHaveTextContent('Change number 59')
  })

  it('shows a ready update without notes, and no "Show more" for short notes', async () => {
    installFakeUpdates(snapshot({ status: 'ready', version: '1.3.0' }))
    render(<UpdateIndicator />)
    expect(
      await screen.findByRole('heading', { name: 'Harbor 1.3.0 is ready to install' }),
    ).toBeInTheDocument()
    expect(screen.queryByTestId('update-release-notes')).not.toBeInTheDocument()
    expect(screen.queryByRole('button', { name: 'Show more' })).not.toBeInTheDocument()
  })

  it('"Later" hides the card for this version, says where to find the restart, and the note goes away', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true })
    const fake = installFakeUpdates(snapshot({ status: 'ready', version: '1.3.0', release: RELEASE }))
    render(<UpdateIndicator />)
    await userEvent.click(await screen.findByRole('button', { name: 'Later' }))
    expect(fake.updates.later).toHaveBeenCalledWith('1.3.0')
    expect(screen.queryByRole('region', { name: /is ready to install/ })).not.toBeInTheDocument()
    expect(screen.getByTestId('update-later-note')).toHaveTextContent(
      'Harbor 1.3.0 installs the next time you quit Harbor. To restart sooner, open Settings → Updates.',
    )
    act(() => vi.advanceTimersByTime(LATER_NOTE_MS))
    expect(screen.queryByTestId('update-later-note')).not.toBeInTheDocument()
    expect(screen.queryByTestId('update-corner')).toBeNull()

    // A newer version is asked about again.
    act(() => fake.emit(snapshot({ status: 'ready', version: '1.4.0' })))
    expect(screen.getByRole('heading', { name: 'Harbor 1.4.0 is ready to install' })).toBeInTheDocument()
  })

  it('stays hidden when it loads already deferred (a reload after "Later"), and comes back when asked again', async () => {
    const fake = installFakeUpdates(snapshot({ status: 'ready', version: '1.3.0', deferred: true }))
    const { container } = render(<UpdateIndicator />)
    await settled()
    expect(container).toBeEmptyDOMElement()
    // The OS notification was clicked: the main process clears the deferral.
    act(() => fake.emit(snapshot({ status: 'ready', version: '1.3.0' })))
    expect(screen.getByRole('button', { name: 'Restart now' })).toBeInTheDocument()
  })

  it('keeps the card and says so in plain words when "Later" or "Restart now" fails', async () => {
    const fake = installFakeUpdates(snapshot({ status: 'ready', version: '1.3.0' }))
    fake.updates.later.mockRejectedValueOnce(
      new Error("Error invoking remote method 'updates:later': Error: updates:later failed"),
    )
    fake.updates.install.mockRejectedValueOnce(
      new Error(
        "Error invoking remote method 'updates:install': Error: IPC updates:install rejected: untrusted sender",
      ),
    )
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined)
    render(<UpdateIndicator />)
    await userEvent.click(await screen.findByRole('button', { name: 'Later' }))
    expect(screen.getByRole('alert')).toHaveTextContent(
      'Harbor could not put the update off. Try again; if it keeps failing, Help → Open Logs Folder has the details.',
    )
    expect(screen.getByRole('heading', { name: 'Harbor 1.3.0 is ready to install' })).toBeInTheDocument()
    await userEvent.click(screen.getByRole('button', { name: 'Restart now' }))
    expect(screen.getByRole('alert')).toHaveTextContent(
      'Harbor could not restart to install the update. The app refused the request; restart Harbor and try again.',
    )
    expect(screen.getByRole('alert')).not.toHaveTextContent(/updates:|invoking/)
    expect(screen.getByRole('button', { name: 'Restart now' })).toBeEnabled()
    expect(warn).toHaveBeenCalledTimes(2)
    warn.mockRestore()
  })
})

describe('UpdateIndicator: errors', () => {
  it('is a quiet "Update failed" button in plain words until dismissed; a new error shows again', async () => {
    const fake = installFakeUpdates(snapshot({ status: 'error', message: 'net::ERR_INTERNET_DISCONNECTED' }))
    render(<UpdateIndicator />)
    await userEvent.click(await screen.findByRole('button', { name: 'Update failed' }))
    const panel = screen.getByRole('region', { name: 'Update failed' })
    expect(panel).toHaveTextContent('Harbor could not get the update')
    // Tab from the button goes into its panel.
    await userEvent.tab()
    expect(within(panel).getByRole('button', { name: 'Dismiss' })).toHaveFocus()
    expect(panel).toHaveTextContent('Harbor tries again in a few hours')
    expect(panel).not.toHaveTextContent('net::')
    await userEvent.click(within(panel).getByRole('button', { name: 'Dismiss' }))
    expect(screen.queryByRole('button', { name: 'Update failed' })).not.toBeInTheDocument()
    act(() => fake.emit(snapshot({ status: 'error', message: 'sha512 checksum mismatch' })))
    expect(screen.getByRole('button', { name: 'Update failed' })).toBeInTheDocument()
  })

  it('lets an event that arrives before get() answers win, and unsubscribes on unmount', async () => {
    const fake = installFakeUpdates(snapshot({ status: 'idle' }))
    let answer!: (s: ReturnType<typeof snapshot>) => void
    fake.updates.get.mockImplementationOnce(() => new Promise((resolve) => (answer = resolve)))
    const { unmount } = render(<UpdateIndicator />)
    act(() => fake.emit(snapshot({ status: 'ready', version: '2.0.0' })))
    await act(async () => answer(snapshot({ status: 'idle' })))
    expect(screen.getByRole('button', { name: 'Restart now' })).toBeInTheDocument()
    expect(fake.listenerCount).toBe(1)
    unmount()
    expect(fake.listenerCount).toBe(0)
  })
})
