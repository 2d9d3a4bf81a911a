import '@testing-library/jest-dom/vitest'
import { act, cleanup, render, screen, within } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { DesktopApi, PersistenceMode } from '../../../../electron/shared/contract'
import { liveSession, offlineSession } from '../../backend/testing/fixtures'
import { SettingsPage } from './SettingsPage'

const updateSetting = vi.fn()
vi.mock('../updates/UpdateChannelSetting', () => ({
  UpdateChannelSetting: (props: { canUseServer: boolean }) => {
    updateSetting(props)
    return <p>update channel setting</p>
  },
}))

let emitPersistence: ((mode: PersistenceMode) => void) | null = null
const unsubscribe = vi.fn()

function installDesktop(getPersistence: () => Promise<PersistenceMode>) {
  window.desktop = {
    storage: {
      getPersistence,
      onPersistenceChanged: (listener: (mode: PersistenceMode) => void) => {
        emitPersistence = listener
        return unsubscribe
      },
    },
  } as unknown as DesktopApi
}

beforeEach(() => {
  updateSetting.mockClear()
  unsubscribe.mockClear()
  emitPersistence = null
})
afterEach(() => {
  cleanup()
  delete window.desktop
})

function signInSection(): HTMLElement {
  return screen.getByRole('region', { name: 'Where your sign-in is kept' })
}

describe('SettingsPage', () => {
  it('renders the update channel setting with the server availability (live and offline)', () => {
    installDesktop(() => new Promise(() => {}))
    const { unmount } = render(<SettingsPage session={liveSession()} />)
    expect(screen.getByRole('region', { name: 'Updates' })).toHaveTextContent('update channel setting')
    expect(updateSetting).toHaveBeenLastCalledWith({ canUseServer: true })
    unmount()
    render(<SettingsPage session={offlineSession()} />)
    expect(updateSetting).toHaveBeenLastCalledWith({ canUseServer: false })
  })

  it('shows a skeleton, then the keychain mode', async () => {
    let resolve!: (mode: PersistenceMode) => void
    installDesktop(() => new Promise((r) => (resolve = r)))
    render(<SettingsPage session={liveSession()} />)
    expect(within(signInSection()).getByText('Checking where your sign-in is kept…')).toBeInTheDocument()
    await act(async () => resolve('keychain'))
    expect(signInSection()).toHaveTextContent('System keychain')
    expect(signInSection()).toHaveTextContent('You stay signed in after quitting Harbor.')
  })

  it('explains that memory-only means signing in again after quitting, and follows changes', async () => {
    installDesktop(async () => 'encrypted-file')
    render(<SettingsPage session={offlineSession()} />)
    expect(await within(signInSection()).findByText('Encrypted file')).toBeInTheDocument()
    await act(async () => emitPersistence?.('memory'))
    expect(signInSection()).toHaveTextContent('Memory only')
    expect(signInSection()).toHaveTextContent('Not saved')
    expect(signInSection()).toHaveTextContent('you will have to sign in again after quitting Harbor')
  })

  it('does not let a slow first read overwrite a newer change', async () => {
    let resolve!: (mode: PersistenceMode) => void
    installDesktop(() => new Promise((r) => (resolve = r)))
    render(<SettingsPage session={liveSession()} />)
    await act(async () => emitPersistence?.('memory'))
    await act(async () => resolve('keychain'))
    expect(signInSection()).toHaveTextContent('Memory only')
  })

  it('says so when the mode cannot be read, and unsubscribes on unmount', async () => {
    installDesktop(async () => {
      throw new Error('ipc failed')
    })
    const { unmount } = render(<SettingsPage session={liveSession()} />)
    expect(
      await within(signInSection()).findByText('The app could not tell where your sign-in is kept.'),
    ).toBeInTheDocument()
    unmount()
    expect(unsubscribe).toHaveBeenCalledTimes(1)
  })

  it('works outside the desktop app', () => {
    render(<SettingsPage session={liveSession()} />)
    expect(signInSection()).toHaveTextContent('Only known inside the desktop app.')
  })
})
