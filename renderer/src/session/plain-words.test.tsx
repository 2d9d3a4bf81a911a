// Users see plain words: every user-facing screen and state, rendered for real, and none of the developer terms
// below appear (they belong to Diagnostics and the logs). Diagnostics itself is the one page allowed them.
import '@testing-library/jest-dom/vitest'
import { cleanup, render } from '@testing-library/react'
import { act } from 'react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { LastKnownUserRead } from '../../../electron/shared/contract'
import { fake, resetFakes } from '../backend/testing/fakes'
import { lastKnownUser, NOW, thisDevice, userDoc } from '../backend/testing/fixtures'
import { WithLiveViews } from '../backend/testing/live-views'
import { navigate, RouterProvider } from '../routing/router'
import { readConfig } from '../startup/config'
import { SetupScreen } from '../startup/SetupScreen'
import { SessionScreens } from './SessionScreens'
import {
  initialSessionState,
  transition,
  type SessionEvent,
  type SessionNotice,
  type SessionState,
} from './session-machine'
import { noticeText } from './session-view'

vi.mock('convex/react', async () => (await import('../backend/testing/fakes')).convexReactModule)
vi.mock('@clerk/electron/react', async () => (await import('../backend/testing/fakes')).clerkReactModule)

/** What must never reach a user's eyes outside Diagnostics. */
const DEVELOPER_TERMS: RegExp[] = [
  /Clerk/,
  /Convex/,
  /\bJWT\b/,
  /token/i,
  /issuer/i,
  /audience/i,
  /Frontend API/i,
  /clerk\.example\.com/,
  /\.env\.local/,
  /net::ERR_/,
  /dynamically imported module/i,
  /webhook/i,
  /user_2abc/,
  /\bsub\b|\biss\b|\baud\b/,
  /browser-offline|sign-in-unreachable|server-unreachable|server-refused/,
]

function expectPlainWords(where: string) {
  const text = document.body.textContent ?? ''
  expect(text.length, where).toBeGreaterThan(0)
  for (const term of DEVELOPER_TERMS) expect(text, `${where}: ${term}`).not.toMatch(term)
}

const VALID: LastKnownUserRead = { status: 'valid', user: lastKnownUser, ageMs: 1, maxAgeMs: 30 * 86_400_000 }
function run(events: SessionEvent[], notice: SessionNotice = null): SessionState {
  return events.reduce(
    (state, event) => transition(state, event).state,
    initialSessionState({ browserOnline: true, notice }),
  )
}
const cached: SessionEvent = { type: 'cache-read', result: VALID }
const none: SessionEvent = { type: 'cache-read', result: { status: 'none' } }
const clerkSignedIn: SessionEvent[] = [
  { type: 'probe-result', reachable: true },
  { type: 'clerk-api-reached' },
  { type: 'clerk-changed', clerk: { status: 'ready', isSignedIn: true, userId: lastKnownUser.clerkUserId } },
]

/** Every full-window screen and shell state the session machine can put up, reached through its events. */
const STATES: Array<[string, SessionState]> = [
  ['connecting', run([none])],
  ['can’t reach the sign-in service', run([none, { type: 'probe-result', reachable: false }])],
  ['offline, nothing cached', run([none, { type: 'browser-offline' }])],
  [
    'sign-in, after the session ended',
    run(
      [
        none,
        { type: 'probe-result', reachable: true },
        { type: 'clerk-api-reached' },
        { type: 'clerk-changed', clerk: { status: 'ready', isSignedIn: false, userId: null } },
      ],
      'session-ended',
    ),
  ],
  ['signed out', { ...run([none]), phase: { name: 'sign-in' }, notice: 'signed-out' }],
  ['signed out offline', run([none, { type: 'browser-offline' }], 'signed-out-offline')],
  ['signing out', { ...run([cached]), phase: { name: 'signing-out', local: true } }],
  ['cached shell, connecting', run([cached])],
  ['cached shell, offline', run([cached, { type: 'browser-offline' }])],
  ['cached shell, sign-in service unreachable', run([cached, { type: 'probe-result', reachable: false }])],
  [
    'cached shell, server unreachable',
    run([
      cached,
      ...clerkSignedIn,
      { type: 'convex-changed', convex: { isAuthenticated: false, connected: false } },
    ]),
  ],
  [
    'cached shell, server refused',
    run([
      cached,
      ...clerkSignedIn,
      { type: 'convex-changed', convex: { isAuthenticated: false, connected: true } },
      { type: 'convex-auth-verdict', verdict: 'rejected' },
    ]),
  ],
  [
    'live',
    run([
      cached,
      ...clerkSignedIn,
      { type: 'convex-changed', convex: { isAuthenticated: true, connected: true } },
    ]),
  ],
]

function renderScreens(state: SessionState) {
  render(
    <RouterProvider>
      <WithLiveViews>
        <SessionScreens
          state={state}
          dispatch={vi.fn()}
          frontendApiHost="clerk.example.com"
          device={thisDevice}
          offlineNoticeDue
          nextRetryAt={NOW + 12_000}
          connected
          liveProfile={{ name: 'Ada Lovelace', email: 'ada@example.com' }}
          signIn={(notice) => <main data-screen="sign-in">{notice}</main>}
        />
      </WithLiveViews>
    </RouterProvider>,
  )
}

beforeEach(() => {
  resetFakes()
  fake.queries.set('users:me', userDoc)
  fake.queries.set('devices:list', [])
  vi.useFakeTimers({ now: NOW, toFake: ['Date'] })
})
afterEach(() => {
  cleanup()
  vi.useRealTimers()
  window.history.replaceState(null, '', '/')
})

describe('plain words on every user-facing screen', () => {
  it.each(STATES)('%s', (name, state) => {
    renderScreens(state)
    expectPlainWords(name)
    if (
      state.phase.name === 'offline' ||
      state.phase.name === 'server-refused' ||
      state.phase.name === 'live'
    ) {
      for (const path of ['/devices', '/settings', '/profile']) {
        act(() => navigate(path))
        expectPlainWords(`${name} ${path}`)
      }
      // The pages really rendered (the live profile from the server, the cached one otherwise).
      expect(document.body).toHaveTextContent(
        state.phase.name === 'live' ? 'Given name' : 'Saved on this computer',
      )
    }
  })

  it('every notice the sign-in and can’t-reach screens can show', () => {
    const notices: SessionNotice[] = [
      'cache-expired',
      'cache-discarded',
      'session-ended',
      'signed-out-offline',
      'signed-out',
      'sign-out-incomplete',
      'signed-out-remotely',
    ]
    for (const notice of notices) {
      const text = noticeText(notice, 30, { byDeviceName: 'Work laptop', at: NOW }) ?? ''
      expect(text, String(notice)).not.toBe('')
      for (const term of DEVELOPER_TERMS) expect(text, `${notice}: ${term}`).not.toMatch(term)
    }
  })

  it('the setup screen of a release build', () => {
    const config = readConfig({ VITE_CLERK_PUBLISHABLE_KEY: '', VITE_CONVEX_URL: '' })
    if (config.ok) throw new Error('expected problems')
    render(
      <SetupScreen
        problems={config.problems}
        openExternal={vi.fn()}
        copyText={vi.fn()}
        development={false}
      />,
    )
    const text = document.body.textContent ?? ''
    expect(text).not.toMatch(/\.env\.local|npm run dev/)
    expect(text).toContain('Whoever built this copy of Harbor needs to set these values')
  })

  it('the setup screen of a development build names the file to edit', () => {
    const config = readConfig({ VITE_CLERK_PUBLISHABLE_KEY: '', VITE_CONVEX_URL: '' })
    if (config.ok) throw new Error('expected problems')
    render(<SetupScreen problems={config.problems} openExternal={vi.fn()} copyText={vi.fn()} development />)
    expect(document.body.textContent).toContain('.env.local')
  })
})
