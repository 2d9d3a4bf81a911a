import '@testing-library/jest-dom/vitest'
import { act, cleanup, render, screen } from '@testing-library/react'
import { Profiler, type ProfilerOnRenderCallback } from 'react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { formatAge } from './format-time'
import { TIME_WORDS_TICK_MS, useTimeWords } from './useTimeWords'

const NOW = Date.UTC(2026, 0, 15, 12)

/** Each commit of a profiled part, by its id: "page" when the page rendered again, "age" for one text. */
let commits: string[] = []
const onRender: ProfilerOnRenderCallback = (id) => commits.push(id)
const renders = () => ({
  page: commits.filter((id) => id === 'page').length,
  age: commits.filter((id) => id === 'age').length,
})

function Age({ at }: { at: number }) {
  return <span data-testid={`age-${at}`}>{useTimeWords((nowMs) => formatAge(at, nowMs))}</span>
}

/** Renders whenever the page does (no memo): its commits count the page's. */
function PageBody() {
  return <h1>Profile</h1>
}

/** A page holding ages and nothing else that changes: it should never render again by itself. */
function Page({ at }: { at: number[] }) {
  return (
    <>
      <Profiler id="page" onRender={onRender}>
        <PageBody />
      </Profiler>
      {at.map((moment) => (
        <Profiler key={moment} id="age" onRender={onRender}>
          <Age at={moment} />
        </Profiler>
      ))}
    </>
  )
}

beforeEach(() => {
  vi.useFakeTimers({ now: NOW })
  commits = []
})
afterEach(() => {
  cleanup()
  vi.useRealTimers()
})

describe('useTimeWords', () => {
  it('keeps the words true as time passes, re-rendering a text only when its own words change', () => {
    const anHourAgo = NOW - 3_600_000
    render(<Page at={[NOW, anHourAgo]} />)
    expect(screen.getByTestId(`age-${NOW}`)).toHaveTextContent('just now')
    expect(screen.getByTestId(`age-${anHourAgo}`)).toHaveTextContent('1 hour ago')
    expect(renders()).toEqual({ page: 1, age: 2 })

    // Two ticks: "just now" becomes "1 minute ago"; the hour-old text still reads the same and stays as it was.
    act(() => vi.advanceTimersByTime(2 * TIME_WORDS_TICK_MS))
    expect(screen.getByTestId(`age-${NOW}`)).toHaveTextContent('1 minute ago')
    expect(screen.getByTestId(`age-${anHourAgo}`)).toHaveTextContent('1 hour ago')
    expect(renders()).toEqual({ page: 1, age: 3 })

    // Ten quiet minutes later the page has still not rendered again; only the changing text did, once a minute.
    for (let tick = 0; tick < 20; tick++) act(() => vi.advanceTimersByTime(TIME_WORDS_TICK_MS))
    expect(screen.getByTestId(`age-${NOW}`)).toHaveTextContent('11 minutes ago')
    expect(renders().page).toBe(1)
    expect(renders().age).toBe(3 + 10)
  })

  it('runs one timer for every text on screen, and none once they are gone', () => {
    const { unmount } = render(<Page at={[NOW, NOW - 1, NOW - 2]} />)
    expect(vi.getTimerCount()).toBe(1)
    unmount()
    expect(vi.getTimerCount()).toBe(0)
  })

  it('a text shown after the clock stood still starts from the real time, not from when it stopped', () => {
    const { unmount } = render(<Page at={[NOW]} />)
    unmount()
    // An hour on other pages: nothing on screen, so nothing ticked.
    vi.setSystemTime(NOW + 3_600_000)
    render(<Page at={[NOW]} />)
    expect(screen.getByTestId(`age-${NOW}`)).toHaveTextContent('1 hour ago')
    expect(renders().age).toBe(2)
  })
})
