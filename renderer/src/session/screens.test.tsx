import '@testing-library/jest-dom/vitest'
import { act, cleanup, render, screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { readConfig } from '../startup/config'
import { ErrorBoundary } from '../startup/ErrorBoundary'
import { ConnectingScreen } from './ConnectingScreen'
import { SetupScreen } from '../startup/SetupScreen'
import { StartingScreen } from '../startup/StartingScreen'
import { nextTryText, UnreachableScreen } from './UnreachableScreen'

afterEach(cleanup)

describe('SetupScreen', () => {
  const problems = () => {
    const config = readConfig({
      VITE_CLERK_PUBLISHABLE_KEY: 'pk_live_%%%',
      VITE_CONVEX_URL: 'https://x.convex.site',
    })
    if (config.ok) throw new Error('expected problems')
    return config.problems
  }

  it('names each problem and its fix', () => {
    render(<SetupScreen problems={problems()} openExternal={vi.fn()} copyText={vi.fn()} />)
    expect(screen.getByRole('heading', { name: 'VITE_CLERK_PUBLISHABLE_KEY' })).toBeInTheDocument()
    expect(screen.getByText(/encoded part does not decode/)).toBeInTheDocument()
    expect(screen.getByText(/HTTP actions host/)).toBeInTheDocument()
  })

  it('opens the right dashboard and copies the template, by keyboard', async () => {
    const openExternal = vi.fn()
    const copyText = vi.fn(async () => undefined)
    render(<SetupScreen problems={problems()} openExternal={openExternal} copyText={copyText} />)
    const user = userEvent.setup()
    await user.tab()
    expect(screen.getByRole('button', { name: 'Open the Clerk Dashboard' })).toHaveFocus()
    await user.keyboard('{Enter}')
    expect(openExternal).toHaveBeenCalledWith('https://dashboard.clerk.com/last-active?path=api-keys')
    await user.tab()
    await user.tab()
    await user.keyboard(' ')
    expect(copyText).toHaveBeenCalledWith(expect.stringContaining('VITE_CLERK_PUBLISHABLE_KEY='))
    expect(await screen.findByText('Copied.')).toBeInTheDocument()
  })

  it('says so when copying fails', async () => {
    render(
      <SetupScreen
        problems={problems()}
        openExternal={vi.fn()}
        copyText={() => Promise.reject(new Error('denied'))}
      />,
    )
    await userEvent.click(screen.getByRole('button', { name: 'Copy template' }))
    expect(await screen.findByText(/Could not copy/)).toBeInTheDocument()
  })
})

describe('waiting screens', () => {
  it('starting is busy and shows text only after a delay (CSS), so fast starts do not flash', () => {
    render(<StartingScreen />)
    expect(screen.getByRole('main')).toHaveAttribute('aria-busy', 'true')
    expect(screen.getByText('Starting Harbor…')).toHaveClass('delayed-fade-in')
  })

  it('connecting shows progress and the notice', () => {
    render(<ConnectingScreen notice="Your session has ended." />)
    expect(screen.getByRole('progressbar', { name: 'Connecting' })).toBeInTheDocument()
    expect(screen.getByRole('status')).toHaveTextContent('Your session has ended.')
  })
})

describe('UnreachableScreen', () => {
  it('says the sign-in service is unreachable in plain words (no host name) and retries', async () => {
    const onRetry = vi.fn()
    render(
      <UnreachableScreen
        reason="sign-in-unreachable"
        notice={null}
        retrying={false}
        nextRetryAt={null}
        onRetry={onRetry}
      />,
    )
    expect(screen.getByRole('heading')).toHaveTextContent('Can’t reach the sign-in service')
    expect(screen.getByRole('heading')).toHaveFocus()
    expect(document.body.textContent).not.toMatch(/clerk|\.com|accounts\./i)
    await userEvent.click(screen.getByRole('button', { name: 'Retry now' }))
    expect(onRetry).toHaveBeenCalledTimes(1)
  })

  it('"Retry now" shows it is trying again, and is never disabled (a second press reloads too)', async () => {
    const onRetry = vi.fn()
    render(
      <UnreachableScreen
        reason="sign-in-unreachable"
        notice={null}
        retrying={false}
        nextRetryAt={Date.now() + 30_000}
        onRetry={onRetry}
      />,
    )
    await userEvent.click(screen.getByRole('button', { name: 'Retry now' }))
    const busy = screen.getByRole('button', { name: 'Trying again…' })
    expect(busy).toHaveAttribute('aria-busy', 'true')
    expect(busy).toBeEnabled()
    // Said once: the button says it, the status line does not repeat it, nor the next-try time.
    expect(screen.getAllByText('Trying again…')).toHaveLength(1)
    expect(screen.queryByText(/Next try in/)).toBeNull()
    await userEvent.click(busy)
    expect(onRetry).toHaveBeenCalledTimes(2)
  })

  it('says when the next automatic attempt is, counting down', () => {
    vi.useFakeTimers({ now: Date.UTC(2026, 11, 1, 10) })
    try {
      render(
        <UnreachableScreen
          reason="browser-offline"
          notice={null}
          retrying={false}
          nextRetryAt={Date.now() + 12_000}
          onRetry={vi.fn()}
        />,
      )
      expect(screen.getByTestId('next-try')).toHaveTextContent('Next try in 12 s.')
      act(() => vi.advanceTimersByTime(5_000))
      expect(screen.getByTestId('next-try')).toHaveTextContent('Next try in 7 s.')
      act(() => vi.advanceTimersByTime(7_000))
      expect(screen.getByTestId('next-try')).toHaveTextContent('')
    } finally {
      vi.useRealTimers()
    }
  })

  it('offline: says signing in needs a connection; a background check is shown, the button stays enabled', () => {
    render(
      <UnreachableScreen
        reason="browser-offline"
        notice="Your session has ended. Sign in again to continue."
        retrying
        nextRetryAt={null}
        onRetry={vi.fn()}
      />,
    )
    expect(screen.getByRole('heading')).toHaveTextContent('You are offline')
    expect(screen.getByText('Your session has ended. Sign in again to continue.')).toHaveAttribute(
      'role',
      'status',
    )
    expect(screen.getByText('Checking the connection…')).toBeInTheDocument()
    expect(screen.getByRole('button', { name: 'Retry now' })).toBeEnabled()
  })
})

describe('nextTryText', () => {
  it('rounds up, switches to minutes past a minute, and says nothing once due', () => {
    expect(nextTryText(null, 0)).toBeNull()
    expect(nextTryText(1_200, 0)).toBe('Next try in 2 s.')
    expect(nextTryText(59_000, 0)).toBe('Next try in 59 s.')
    expect(nextTryText(61_000, 0)).toBe('Next try in 2 min.')
    expect(nextTryText(0, 0)).toBeNull()
    expect(nextTryText(-5, 0)).toBeNull()
  })
})

describe('ErrorBoundary', () => {
  it('replaces a crashed tree with a way out; the message stays out of the window (it goes into the report)', () => {
    const Boom = () => {
      throw new Error('kaboom')
    }
    vi.spyOn(console, 'error').mockImplementation(() => undefined)
    render(
      <ErrorBoundary>
        <Boom />
      </ErrorBoundary>,
    )
    expect(screen.getByRole('alert')).toHaveTextContent('Something went wrong')
    expect(screen.queryByText('kaboom')).toBeNull()
    expect(screen.getByRole('button', { name: 'Copy report' })).toBeInTheDocument()
    expect(screen.getByRole('alert').textContent).not.toMatch(/at Boom|\.tsx:/)
    expect(screen.getByRole('button', { name: 'Reload Harbor' })).toBeInTheDocument()
    vi.mocked(console.error).mockRestore()
  })
})
