// After a renderer crash (electron/main/renderer-recovery.ts) and after a render error: what the window shows.
import '@testing-library/jest-dom/vitest'
import { act, cleanup, render, screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { AppInfo, DesktopApi } from '../../../electron/shared/contract'
import { WindowRoot } from '../WindowRoot'

const APP: AppInfo = {
  productName: 'Harbor',
  version: '1.4.0',
  scheme: 'harbor',
  rendererOrigin: 'harbor://renderer',
  isPackaged: true,
  platform: 'linux',
}

function installDesktop() {
  const updates = {
    get: vi.fn(async () => ({ channel: 'stable', currentVersion: '1.4.0', state: { status: 'idle' } })),
    onState: () => () => undefined,
  }
  window.desktop = { app: { getInfo: async () => APP }, updates } as unknown as DesktopApi
}

function installClipboard() {
  const writeText = vi.fn(async (_text: string) => undefined)
  Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true })
  return writeText
}

afterEach(() => {
  cleanup()
  delete window.desktop
})

function Boom(): never {
  throw new Error('Cannot read properties of undefined (reading "name")')
}

describe('after a renderer crash', () => {
  it('a first crash shows the app with a quiet notice the user can dismiss', async () => {
    installDesktop()
    render(
      <WindowRoot recoveryNotice={{ kind: 'restarted', reason: 'crashed (exit code 11)', at: 1 }}>
        <p>the app</p>
      </WindowRoot>,
    )
    await act(async () => {})
    expect(screen.getByText('the app')).toBeInTheDocument()
    const notice = screen.getByText(/restarted this window after a problem/)
    expect(notice.closest('[role="status"]')).not.toBeNull()
    // Developer detail never reaches the window.
    expect(document.body).not.toHaveTextContent('exit code')
    await userEvent.click(screen.getByRole('button', { name: 'Dismiss' }))
    expect(screen.queryByText(/restarted this window/)).toBeNull()
  })

  it('a second crash soon after shows the crash screen instead of the app, with a report to copy', async () => {
    installDesktop()
    const writeText = installClipboard()
    render(
      <WindowRoot
        recoveryNotice={{ kind: 'crashed-again', reason: 'oom (exit code 0)', at: Date.UTC(2026, 0, 2) }}
      >
        <p>the app</p>
      </WindowRoot>,
    )
    await act(async () => {})
    expect(screen.queryByText('the app')).toBeNull()
    expect(screen.getByRole('heading', { name: 'Something went wrong' })).toBeInTheDocument()
    expect(document.body).not.toHaveTextContent('oom')
    await userEvent.click(screen.getByRole('button', { name: 'Copy report' }))
    expect(writeText).toHaveBeenCalledTimes(1)
    const report = writeText.mock.calls[0]![0]
    expect(report).toContain('reason: oom (exit code 0)')
    expect(report).toContain('app: Harbor 1.4.0 (linux, packaged)')
    expect(screen.getByRole('status')).toHaveTextContent('Report copied')
  })
})

describe('after a render error', () => {
  it('shows the crash screen with the error only in the copied report', async () => {
    installDesktop()
    const writeText = installClipboard()
    const consoleError = vi.spyOn(console, 'error').mockImplementation(() => undefined)
    render(
      <WindowRoot>
        <Boom />
      </WindowRoot>,
    )
    await act(async () => {})
    expect(screen.getByRole('heading', { name: 'Something went wrong' })).toBeInTheDocument()
    expect(document.body).not.toHaveTextContent('reading "name"')
    await userEvent.click(screen.getByRole('button', { name: 'Copy report' }))
    expect(writeText.mock.calls[0]![0]).toContain(
      'error: Cannot read properties of undefined (reading "name")',
    )
    consoleError.mockRestore()
  })

  it('tells the user what to do when the clipboard is not available', async () => {
    installDesktop()
    Object.defineProperty(navigator, 'clipboard', {
      value: { writeText: async () => Promise.reject(new Error('denied')) },
      configurable: true,
    })
    const execCommand = vi.fn(() => false)
    Object.defineProperty(document, 'execCommand', { value: execCommand, configurable: true })
    const consoleError = vi.spyOn(console, 'error').mockImplementation(() => undefined)
    render(
      <WindowRoot>
        <Boom />
      </WindowRoot>,
    )
    await userEvent.click(screen.getByRole('button', { name: 'Copy report' }))
    expect(screen.getByRole('status')).toHaveTextContent('Open Logs Folder')
    consoleError.mockRestore()
  })
})
