// The account menu: its accessible name, the sign-out confirmation (keyboard, Escape, focus return) and the
// caption's cause.
import '@testing-library/jest-dom/vitest'
import { cleanup, render, screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { SessionView } from '../features/page-props'
import { liveSession, offlineSession } from '../backend/testing/fixtures'
import { RouterProvider } from '../routing/router'
import { localSignOutCause } from './connection-status'
import { UserMenu } from './UserMenu'

afterEach(async () => {
  cleanup()
  // An unmounted menu closes one turn later (it survives the shell's remount at startup): let that turn pass,
  // so the next test starts closed.
  await new Promise((resolve) => setTimeout(resolve, 0))
})

function renderMenu(cause: string | null = null, onSignOut = vi.fn()) {
  render(
    <RouterProvider>
      <p>
        <button type="button">Elsewhere</button>
      </p>
      <UserMenu
        profile={{ name: 'Grace Hopper', email: 'grace@example.com' }}
        localSignOutCause={cause}
        onSignOut={onSignOut}
      />
    </RouterProvider>,
  )
  return { onSignOut, button: screen.getByRole('button', { name: /Account menu/ }) }
}

async function openConfirmation(user: ReturnType<typeof userEvent.setup>, button: HTMLElement) {
  await user.click(button)
  await user.click(screen.getByRole('menuitem', { name: 'Sign out…' }))
  return screen.getByRole('alertdialog', { name: 'Sign out of Harbor on this device?' })
}

describe('account button', () => {
  // WCAG 2.5.3 (axe label-content-name-mismatch): the name must contain the visible words, in order. axe
  // itself cannot judge visibility in jsdom (no layout), so this checks the rule's condition directly; the
  // Chromium axe runs check it for real.
  it('its accessible name contains its visible initials and name, in order', () => {
    const { button } = renderMenu()
    const visibleWords = Array.from(button.querySelectorAll('.avatar, .user-name'), (node) =>
      (node.textContent ?? '').trim(),
    )
    expect(visibleWords).toEqual(['GH', 'Grace Hopper'])
    expect(button).toHaveAccessibleName('GH Grace Hopper – Account menu')
    expect(button.getAttribute('aria-label')?.toLowerCase()).toContain(visibleWords.join(' ').toLowerCase())
  })
})

describe('sign-out confirmation', () => {
  it('asks first; Sign out signs out, once', async () => {
    const user = userEvent.setup()
    const { onSignOut, button } = renderMenu()
    const dialog = await openConfirmation(user, button)
    expect(onSignOut).not.toHaveBeenCalled()
    await user.click(within(dialog).getByRole('button', { name: 'Sign out' }))
    expect(onSignOut).toHaveBeenCalledTimes(1)
    expect(screen.queryByRole('alertdialog')).toBeNull()
  })

  it('by keyboard: focus starts on Cancel, Tab stays inside, Escape cancels and focus returns to the account button', async () => {
    const user = userEvent.setup()
    const { onSignOut, button } = renderMenu()
    button.focus()
    await user.keyboard('{ArrowDown}{End}{Enter}')
    const dialog = screen.getByRole('alertdialog')
    const cancel = within(dialog).getByRole('button', { name: 'Cancel' })
    const signOut = within(dialog).getByRole('button', { name: 'Sign out' })
    expect(cancel).toHaveFocus()
    await user.tab()
    expect(signOut).toHaveFocus()
    await user.tab()
    expect(cancel).toHaveFocus()
    await user.tab({ shift: true })
    expect(signOut).toHaveFocus()
    await user.keyboard('{Escape}')
    expect(screen.queryByRole('alertdialog')).toBeNull()
    expect(button).toHaveFocus()
    expect(onSignOut).not.toHaveBeenCalled()
  })

  it('Cancel keeps you signed in and gives the focus back; so does a click elsewhere', async () => {
    const user = userEvent.setup()
    const { onSignOut, button } = renderMenu()
    const dialog = await openConfirmation(user, button)
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }))
    expect(screen.queryByRole('alertdialog')).toBeNull()
    expect(button).toHaveFocus()
    await openConfirmation(user, button)
    await user.click(screen.getByRole('button', { name: 'Elsewhere' }))
    expect(screen.queryByRole('alertdialog')).toBeNull()
    expect(onSignOut).not.toHaveBeenCalled()
  })

  it('when the sign-out can only be local, the question says why', async () => {
    const user = userEvent.setup()
    const { button } = renderMenu('You are offline: this signs you out on this computer now.')
    const dialog = await openConfirmation(user, button)
    expect(dialog).toHaveAccessibleDescription('You are offline: this signs you out on this computer now.')
  })
})

describe('the caption names the real cause', () => {
  const offlineBecause = (offlineReason: SessionView['status']['offlineReason']) =>
    offlineSession({ status: { ...offlineSession().status, offlineReason } })

  it.each([
    ['browser-offline', 'You are offline: this signs you out on this computer now.'],
    ['sign-in-unreachable', 'Can’t reach the sign-in service: this signs you out on this computer now.'],
    ['server-unreachable', 'Can’t reach Harbor’s server: this signs you out on this computer now.'],
    ['connecting', 'Harbor is still connecting: this signs you out on this computer now.'],
  ] as const)('%s: “%s”', async (reason, caption) => {
    const cause = localSignOutCause(offlineBecause(reason), false)
    expect(cause).toBe(caption)
    const user = userEvent.setup()
    const { button } = renderMenu(cause)
    await user.click(button)
    expect(screen.getByTestId('sign-out-caption')).toHaveTextContent(caption)
    if (reason !== 'browser-offline') expect(screen.getByRole('menu')).not.toHaveTextContent(/offline/i)
  })

  it('live, or refused (the sign-out reaches the sign-in service): no caption', async () => {
    expect(localSignOutCause(liveSession(), false)).toBeNull()
    expect(localSignOutCause(offlineBecause('browser-offline'), true)).toBeNull()
    const user = userEvent.setup()
    const { button } = renderMenu(null)
    await user.click(button)
    expect(screen.queryByTestId('sign-out-caption')).toBeNull()
  })
})
