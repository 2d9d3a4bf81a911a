import '@testing-library/jest-dom/vitest'
import { act, cleanup, render, screen } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { When } from '../features/profile/ProfileParts'
import { exactTimesReady, formatDateTime, holdExactTimes } from './format-time'
import { OfflineMark } from './PageKit'
import { ExactTimesAfterPaint } from './useExactTimes'

const NOW = Date.UTC(2026, 0, 15, 12)
const SYNCED = NOW - 3 * 3_600_000
let release: (() => void) | null = null

beforeEach(() => {
  vi.useFakeTimers({ now: NOW, toFake: ['Date'] })
})

afterEach(() => {
  vi.useRealTimers()
  cleanup()
  release?.()
  release = null
})

describe('exact times held until the first paint', () => {
  it('formats at once when nothing holds them (pages outside the app start, tests)', () => {
    render(<OfflineMark syncedAt={SYNCED} />)
    expect(screen.getByText('3 hours ago')).toHaveAttribute('title', formatDateTime(SYNCED))
  })

  it('shows the relative age first and adds the exact time when released', () => {
    release = holdExactTimes()
    render(
      <>
        <OfflineMark syncedAt={SYNCED} />
        <dl>
          <dd data-testid="when">
            <When ms={SYNCED} />
          </dd>
        </dl>
      </>,
    )
    expect(screen.getByText('3 hours ago', { selector: '.hb-offline-mark time' })).not.toHaveAttribute(
      'title',
    )
    expect(screen.getByTestId('when')).toHaveTextContent(/^3 hours ago$/)
    expect(screen.getByTestId('when').querySelector('time')).toHaveAttribute(
      'datetime',
      new Date(SYNCED).toISOString(),
    )

    act(() => release?.())
    expect(screen.getByText('3 hours ago', { selector: '.hb-offline-mark time' })).toHaveAttribute(
      'title',
      formatDateTime(SYNCED),
    )
    expect(screen.getByTestId('when')).toHaveTextContent(`${formatDateTime(SYNCED)} (3 hours ago)`)
  })

  it('ExactTimesAfterPaint releases them after the next frame, not during the render', async () => {
    release = holdExactTimes()
    render(<ExactTimesAfterPaint release={release} />)
    expect(exactTimesReady()).toBe(false)
    await act(() => new Promise<void>((resolve) => requestAnimationFrame(() => setTimeout(resolve, 5))))
    expect(exactTimesReady()).toBe(true)
  })

  it('a second release does nothing', () => {
    const releaseOnce = holdExactTimes()
    releaseOnce()
    const again = holdExactTimes()
    releaseOnce()
    expect(exactTimesReady()).toBe(false)
    again()
    expect(exactTimesReady()).toBe(true)
  })
})
