import '@testing-library/jest-dom/vitest'
import { act, cleanup, render, screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { AppearanceMode, DesktopApi } from '../../../../electron/shared/contract'
import { AppearanceSetting } from './AppearanceSetting'

function installDesktop(initial: AppearanceMode, set: (mode: AppearanceMode) => Promise<AppearanceMode>) {
  const api = { get: vi.fn(async () => initial), set: vi.fn(set) }
  window.desktop = { appearance: api } as unknown as DesktopApi
  return api
}

afterEach(() => {
  cleanup()
  delete window.desktop
})

describe('AppearanceSetting', () => {
  it('shows the saved choice and applies a new one by keyboard or pointer', async () => {
    const api = installDesktop('dark', async (mode) => mode)
    render(<AppearanceSetting />)
    await act(async () => {})
    expect(screen.getByRole('radio', { name: 'Dark' })).toBeChecked()
    await userEvent.click(screen.getByRole('radio', { name: 'Light' }))
    expect(api.set).toHaveBeenCalledWith('light')
    expect(screen.getByRole('radio', { name: 'Light' })).toBeChecked()
    screen.getByRole('radio', { name: 'Light' }).focus()
    await userEvent.keyboard('{ArrowRight}')
    expect(api.set).toHaveBeenLastCalledWith('dark')
  })

  it('goes back to the previous choice and says why when it could not be saved', async () => {
    installDesktop('system', async () => Promise.reject(new Error('ENOSPC')))
    render(<AppearanceSetting />)
    await act(async () => {})
    await userEvent.click(screen.getByRole('radio', { name: 'Dark' }))
    expect(screen.getByRole('alert')).toHaveTextContent('could not save')
    expect(screen.getByRole('radio', { name: 'Match the system' })).toBeChecked()
    expect(document.body).not.toHaveTextContent('ENOSPC')
  })

  it('outside the desktop app, says appearance follows the system', () => {
    render(<AppearanceSetting />)
    expect(screen.getByText(/follows your system/)).toBeInTheDocument()
  })
})
