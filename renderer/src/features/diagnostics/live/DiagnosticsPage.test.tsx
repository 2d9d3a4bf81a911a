import '@testing-library/jest-dom/vitest'
import { act, cleanup, render, screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import type { ReactNode } from 'react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { DesktopApi } from '../../../../../electron/shared/contract'
import { SyncStatusProvider } from '../../../backend/live/SyncStatusContext'
import { fake, resetFakes } from '../../../backend/testing/fakes'
import { liveSession, NOW, offlineSession, userDoc } from '../../../backend/testing/fixtures'
import type { ClerkConvexSync } from '../../../backend/live/useClerkConvexSync'
import { DiagnosticsPage } from './DiagnosticsPage'
import { TOKEN_CHECK_TIMEOUT_MS } from '../useTokenInspection'

vi.mock('convex/react', async () => (await import('../../../backend/testing/fakes')).convexReactModule)
vi.mock(
  '@clerk/electron/react',
  async () => (await import('../../../backend/testing/fakes')).clerkReactModule,
)

function b64url(text: string): string {
  return btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}
function jwt(claims: Record<string, unknown>): string {
  return `${b64url(JSON.stringify({ alg: 'RS256' }))}.${b64url(JSON.stringify(claims))}.${b64url('signature-bytes-here')}`
}
const goodClaims = {
  iss: 'https://clerk.example.com',
  aud: 'convex',
  sub: 'user_2abc',
  exp: NOW / 1000 + 600,
  iat: NOW / 1000 - 60,
  email: 'ada@example.com',
  email_verified: true,
  name: 'Ada Lovelace',
}
const TOKEN = jwt(goodClaims)

const retry = vi.fn()
const syncValue: ClerkConvexSync = {
  status: 'synced',
  user: userDoc as never,
  error: null,
  retry,
  nextRetryAt: null,
}

function withSync(value: ClerkConvexSync | null) {
  return ({ children }: { children: ReactNode }) =>
    value ? <SyncStatusProvider value={value}>{children}</SyncStatusProvider> : <>{children}</>
}

function card(name: string): HTMLElement {
  return screen.getByRole('region', { name })
}

function field(region: HTMLElement, label: string): HTMLElement {
  return within(region).getByText(label, { selector: 'dt' }).nextElementSibling as HTMLElement
}

const settle = () => act(async () => {})

beforeEach(() => {
  resetFakes()
  retry.mockClear()
  vi.useFakeTimers({ now: NOW, toFake: ['Date'] })
  vi.stubEnv('VITE_CLERK_PUBLISHABLE_KEY', `pk_test_${btoa('clerk.example.com$')}`)
  window.desktop = {
    app: {
      getInfo: async () => ({
        productName: 'Harbor',
        version: '0.1.0',
        scheme: 'harbor',
        rendererOrigin: 'harbor://renderer',
        isPackaged: true,
        platform: 'linux',
      }),
    },
    storage: { getPersistence: async () => 'keychain', onPersistenceChanged: () => () => {} },
  } as unknown as DesktopApi
})
afterEach(() => {
  cleanup()
  vi.useRealTimers()
  vi.unstubAllEnvs()
  delete window.desktop
})

describe('DiagnosticsPage (live)', () => {
  it('shows Clerk, Convex, sync and app state', async () => {
    fake.getToken.mockResolvedValue(TOKEN)
    render(<DiagnosticsPage session={liveSession()} />, { wrapper: withSync(syncValue) })
    await settle()
    const clerk = card('Clerk (sign-in)')
    expect(field(clerk, 'Loaded')).toHaveTextContent('Yes')
    expect(field(clerk, 'Status')).toHaveTextContent('Ready')
    expect(screen.getByTestId('diagnostics-status')).toHaveTextContent('Up to date')
    expect(field(clerk, 'Signed in')).toHaveTextContent('Yes')
    expect(field(clerk, 'Session ID')).toHaveTextContent('sess_1')
    expect(field(card('Convex (server)'), 'Authentication')).toHaveTextContent('Accepted')
    expect(field(card('Convex (server)'), 'Connection')).toHaveTextContent('Connected')
    expect(field(card('Account sync'), 'Status')).toHaveTextContent('Synced')
    expect(field(card('Account sync'), 'Synced from')).toHaveTextContent('Sign-in token (JWT)')
    expect(field(card('This app'), 'Version')).toHaveTextContent('Harbor 0.1.0')
    expect(field(card('This app'), 'Sign-in kept in')).toHaveTextContent('System keychain')
    expect(field(card('This app'), 'Platform')).toHaveTextContent('Linux')
    expect(field(card('Network'), 'Browser reports')).toHaveTextContent('Online')
  })

  it('decodes the convex token claims and compares them with what Convex expects', async () => {
    fake.getToken.mockResolvedValue(TOKEN)
    render(<DiagnosticsPage session={liveSession()} />, { wrapper: withSync(syncValue) })
    await settle()
    expect(fake.getToken).toHaveBeenCalledWith({ template: 'convex' })
    const token = card('Convex token')
    expect(field(token, 'Issuer (iss)')).toHaveTextContent('https://clerk.example.com')
    expect(field(token, 'Issuer (iss)')).toHaveTextContent('Matches the Clerk instance of this app')
    expect(field(token, 'Audience (aud)')).toHaveTextContent('Accepted by Convex')
    expect(field(token, 'Expires (exp)')).toHaveTextContent('Expires in 600 s')
    const claims = within(token).getByRole('list', { name: 'Profile claims' })
    expect(claims).toHaveTextContent('email: present')
    expect(claims).toHaveTextContent('given_name: missing')
    expect(claims).toHaveTextContent('picture: missing')
    // Never the raw token on screen.
    expect(document.body.textContent).not.toContain(TOKEN)
  })

  it('flags a token from another Clerk instance or without the convex audience', async () => {
    fake.getToken.mockResolvedValue(jwt({ ...goodClaims, iss: 'https://clerk.other.dev', aud: 'something' }))
    render(<DiagnosticsPage session={liveSession()} />, { wrapper: withSync(syncValue) })
    await settle()
    const token = card('Convex token')
    expect(field(token, 'Issuer (iss)')).toHaveTextContent('Expected https://clerk.example.com')
    expect(field(token, 'Audience (aud)')).toHaveTextContent('Expected "convex"')
  })

  it('explains a malformed token', async () => {
    fake.getToken.mockResolvedValue('not-a-jwt')
    render(<DiagnosticsPage session={liveSession()} />, { wrapper: withSync(syncValue) })
    await settle()
    expect(within(card('Convex token')).getByRole('alert')).toHaveTextContent(
      'The token could not be decoded: A JWT has 3 parts separated by dots; this has 1.',
    )
  })

  it('gives up on a token request that hangs (Clerk offline) instead of waiting forever', async () => {
    vi.useFakeTimers({ now: NOW })
    fake.getToken.mockReturnValue(new Promise(() => {}))
    render(<DiagnosticsPage session={liveSession()} />, { wrapper: withSync(syncValue) })
    await settle()
    expect(within(card('Convex token')).getByRole('button', { name: 'Checking…' })).toBeDisabled()
    await act(async () => vi.advanceTimersByTimeAsync(TOKEN_CHECK_TIMEOUT_MS))
    expect(within(card('Convex token')).getByRole('alert')).toHaveTextContent(
      `Clerk could not provide a token: Clerk did not answer within ${TOKEN_CHECK_TIMEOUT_MS} ms`,
    )
    expect(within(card('Convex token')).getByRole('button', { name: 'Check the token again' })).toBeEnabled()
  })

  it('offers a sync retry when the sync failed', async () => {
    const user = userEvent.setup()
    const failed: ClerkConvexSync = {
      status: 'error',
      user: null,
      error: {
        code: 'NETWORK',
        title: 'Cannot reach the server',
        message: 'Check your connection.',
        retryable: true,
      },
      retry,
      nextRetryAt: NOW + 4_000,
    }
    render(<DiagnosticsPage session={liveSession()} />, { wrapper: withSync(failed) })
    await settle()
    expect(field(card('Account sync'), 'Error')).toHaveTextContent('Cannot reach the server (NETWORK)')
    expect(field(card('Account sync'), 'Next retry')).toHaveTextContent('in 4 s')
    await user.click(screen.getByRole('button', { name: 'Retry sync now' }))
    expect(retry).toHaveBeenCalledTimes(1)
  })

  it('shows and reports the session state that decides the window (phase, reason, verdict, Clerk reached, cache age)', async () => {
    const writeText = vi.fn(async (_text: string) => {})
    const user = userEvent.setup()
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true })
    const session = offlineSession({
      status: {
        phase: 'offline',
        offlineReason: 'server-unreachable',
        convexVerdict: 'no-token',
        clerkApiReached: true,
        cacheConfirmedAt: NOW - 3 * 3_600_000,
      },
    })
    render(<DiagnosticsPage session={session} />, { wrapper: withSync(syncValue) })
    await settle()
    const state = card('Session')
    expect(field(state, 'Window shows')).toHaveTextContent('Showing the cached data')
    expect(field(state, 'Offline because')).toHaveTextContent('The Harbor server (Convex) cannot be reached')
    expect(field(state, 'Server’s answer')).toHaveTextContent('Got no token')
    expect(field(state, 'Sign-in service reached')).toHaveTextContent('Yes, in this run')
    expect(field(state, 'Cached data from')).toHaveTextContent('3 hours ago')
    await user.click(screen.getByRole('button', { name: 'Copy report' }))
    const report = writeText.mock.calls[0]![0]
    expect(report).toContain('phase: offline')
    expect(report).toContain('offline reason code: server-unreachable')
    expect(report).toContain('convex verdict: no-token')
    expect(report).toContain('clerk api reached this run: yes')
    expect(report).toContain('cache age: 180 min')
  })

  it('copies a redacted report: no token, no full email address', async () => {
    const writeText = vi.fn(async (_text: string) => {})
    // After setup: user-event installs its own clipboard stub.
    const user = userEvent.setup()
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true })
    fake.getToken.mockResolvedValue(TOKEN)
    render(<DiagnosticsPage session={liveSession()} />, { wrapper: withSync(syncValue) })
    await settle()
    await user.click(screen.getByRole('button', { name: 'Copy report' }))
    expect(screen.getByText('Copied to the clipboard.')).toBeInTheDocument()
    const report = writeText.mock.calls[0]![0]
    expect(report).toContain('session id: sess_1')
    expect(report).toContain('iss matches expected: yes')
    expect(report).toContain('email: a***@example.com')
    expect(report).not.toContain('ada@example.com')
    expect(report).not.toContain(TOKEN)
    expect(report).not.toMatch(/eyJ|[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]+/)
  })

  it('falls back to a selectable text when the clipboard refuses', async () => {
    const writeText = vi.fn(async () => {
      throw new Error('Write permission denied.')
    })
    // After setup: user-event installs its own clipboard stub.
    const user = userEvent.setup()
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true })
    render(<DiagnosticsPage session={liveSession()} />, { wrapper: withSync(syncValue) })
    await settle()
    await user.click(screen.getByRole('button', { name: 'Copy report' }))
    expect(screen.getByRole('alert')).toHaveTextContent('Could not copy (Write permission denied.)')
    const fallback = screen.getByRole('textbox', { name: 'Support report' }) as HTMLTextAreaElement
    expect(fallback.value).toContain('# Harbor diagnostics')
    expect(fallback).toHaveAttribute('readonly')
  })
})

describe('DiagnosticsPage (offline)', () => {
  it('shows what is known while Clerk has not loaded and Convex is not connected', async () => {
    fake.clerk = { loaded: false, status: 'loading' }
    fake.auth = { isLoaded: false, isSignedIn: undefined, sessionId: null, userId: null }
    fake.convexAuth = { isLoading: true, isAuthenticated: false }
    fake.connection = { isWebSocketConnected: false, hasEverConnected: false, connectionRetries: 3 }
    render(<DiagnosticsPage session={offlineSession()} />, { wrapper: withSync(null) })
    await settle()
    expect(field(card('Clerk (sign-in)'), 'Loaded')).toHaveTextContent('No')
    expect(field(card('Clerk (sign-in)'), 'Signed in')).toHaveTextContent('Not known yet')
    expect(field(card('Convex (server)'), 'Connection')).toHaveTextContent('Not connected')
    expect(field(card('Convex (server)'), 'Reconnect attempts')).toHaveTextContent('3')
    expect(field(card('Account sync'), 'Status')).toHaveTextContent('Paused while offline')
    expect(field(card('Network'), 'Harbor')).toHaveTextContent('Offline')
    expect(card('Convex token')).toHaveTextContent('There is no Clerk session to get a token from.')
    expect(fake.getToken).not.toHaveBeenCalled()
  })
})

// Issue 14: Diagnostics says the state plainly; simply offline, nothing reads like a refusal or a stuck load.
describe('DiagnosticsPage: the connection in plain words', () => {
  const offlineClerk = () => {
    fake.clerk = { loaded: false, status: 'loading' }
    fake.auth = { isLoaded: false, isSignedIn: undefined, sessionId: null, userId: null }
    fake.convexAuth = { isLoading: true, isAuthenticated: false }
    fake.connection = { isWebSocketConnected: false, hasEverConnected: false, connectionRetries: 0 }
  }
  const waiting: ClerkConvexSync = { ...syncValue, status: 'authenticating', user: null }

  it.each([
    ['browser-offline', 'Offline'],
    ['sign-in-unreachable', 'Can’t reach the sign-in service'],
    ['server-unreachable', 'Can’t reach Harbor’s server'],
    ['connecting', 'Syncing…'],
  ] as const)('cached shell, %s: says “%s”, never a raw status name', async (reason, text) => {
    offlineClerk()
    const session = offlineSession({ status: { ...offlineSession().status, offlineReason: reason } })
    render(<DiagnosticsPage session={session} />, { wrapper: withSync(waiting) })
    await settle()
    expect(screen.getByTestId('diagnostics-status')).toHaveTextContent(new RegExp(`^${text}$`))
    // The copied report keeps the machine's codes for support; the page itself does not show them.
    const shown = document.body.cloneNode(true) as HTMLElement
    shown.querySelector('.diag-preview')?.remove()
    const page = shown.textContent ?? ''
    expect(page).not.toMatch(/Status\s*loading|Waiting for the server to accept the sign-in/)
    expect(page).not.toMatch(/browser-offline|sign-in-unreachable|server-unreachable|\bconnecting\b/)
  })

  it('simply offline: Clerk is waiting for the network and sync is paused, not "loading" or "waiting for the server"', async () => {
    offlineClerk()
    render(<DiagnosticsPage session={offlineSession()} />, { wrapper: withSync(waiting) })
    await settle()
    expect(field(card('Clerk (sign-in)'), 'Status')).toHaveTextContent('Waiting for the network')
    expect(field(card('Account sync'), 'Status')).toHaveTextContent('Paused while offline')
  })

  it('refused: says the server refused the sign-in', async () => {
    const session = liveSession({
      mode: 'offline',
      canUseServer: false,
      status: { ...liveSession().status, phase: 'server-refused', convexVerdict: 'rejected' },
    })
    render(<DiagnosticsPage session={session} />, { wrapper: withSync(waiting) })
    await settle()
    expect(screen.getByTestId('diagnostics-status')).toHaveTextContent('Server refused the sign-in')
    expect(field(card('Account sync'), 'Status')).toHaveTextContent('Stopped: the server refused the sign-in')
  })

  it('live and still authenticating: the real wait is named', async () => {
    render(<DiagnosticsPage session={liveSession()} />, { wrapper: withSync(waiting) })
    await settle()
    expect(field(card('Account sync'), 'Status')).toHaveTextContent(
      'Waiting for the server to accept the sign-in',
    )
  })
})

// Issue 10: with Clerk's Convex integration, Convex gets the session token (aud "convex") and no `convex` JWT
// template exists; Diagnostics inspected the template token and reported an error on a healthy setup.
describe('DiagnosticsPage: the token Convex receives, in both Clerk–Convex modes', () => {
  const NO_TEMPLATE = new Error('No JWT template exists with name: convex')
  const profile = {
    email: 'ada@example.com',
    email_verified: true,
    name: 'Ada Lovelace',
    given_name: 'Ada',
    family_name: 'Lovelace',
    nickname: 'ada',
    picture: 'https://img.example.com/ada.png',
    updated_at: NOW / 1000 - 3600,
  }
  const base = { iss: 'https://clerk.example.com', sub: 'user_2abc', exp: NOW / 1000 + 600, iat: NOW / 1000 }
  /** Clerk with the integration on: the session token has aud "convex"; asking for the template fails. */
  function integration(sessionClaims: Record<string, unknown>) {
    fake.auth = { ...fake.auth, sessionClaims }
    fake.getToken.mockImplementation(async (options) => {
      if (options?.template) throw NO_TEMPLATE
      return jwt(sessionClaims)
    })
  }

  it('integration, claims mapped: inspects the session token, says so, and shows no error', async () => {
    integration({ ...base, aud: 'convex', ...profile })
    render(<DiagnosticsPage session={liveSession()} />, { wrapper: withSync(syncValue) })
    await settle()
    expect(fake.getToken).toHaveBeenCalledTimes(1)
    expect(fake.getToken.mock.calls[0]![0]?.template).toBeUndefined()
    const token = card('Convex token')
    expect(field(token, 'Token source')).toHaveTextContent('Clerk’s Convex integration (the session token)')
    expect(field(token, 'Audience (aud)')).toHaveTextContent('Accepted by Convex')
    expect(field(token, 'Issuer (iss)')).toHaveTextContent('Matches the Clerk instance of this app')
    expect(within(token).queryByRole('alert')).toBeNull()
    expect(within(token).queryByTestId('profile-claims-advice')).toBeNull()
    expect(token).not.toHaveTextContent(/could not provide a token/)
  })

  it('integration, profile claims not mapped: names what is missing and what to map on Clerk’s Sessions page', async () => {
    integration({ ...base, aud: 'convex' })
    render(<DiagnosticsPage session={liveSession()} />, { wrapper: withSync(syncValue) })
    await settle()
    const token = card('Convex token')
    expect(within(token).queryByRole('alert')).toBeNull()
    const advice = within(token).getByTestId('profile-claims-advice')
    expect(advice).toHaveTextContent('Your profile syncs empty')
    expect(advice).toHaveTextContent('open Sessions, choose Customize session token, and add:')
    expect(advice).toHaveTextContent('"email": "{{user.primary_email_address}}"')
    expect(advice).toHaveTextContent('"updated_at": "{{user.updated_at}}"')
  })

  it('template mode: asks for the convex template, says so, and points missing claims at the template', async () => {
    fake.auth = { ...fake.auth, sessionClaims: { ...base } }
    fake.getToken.mockResolvedValue(jwt({ ...base, aud: 'convex', email: 'ada@example.com' }))
    render(<DiagnosticsPage session={liveSession()} />, { wrapper: withSync(syncValue) })
    await settle()
    expect(fake.getToken).toHaveBeenCalledWith({ template: 'convex' })
    const token = card('Convex token')
    expect(field(token, 'Token source')).toHaveTextContent('The “convex” JWT template')
    const advice = within(token).getByTestId('profile-claims-advice')
    expect(advice).toHaveTextContent('Your profile syncs without email_verified, name,')
    expect(advice).toHaveTextContent('open JWT templates, choose “convex”')
    expect(advice).not.toHaveTextContent('primary_email_address') // email is there
  })

  it('the support report names the token source', async () => {
    integration({ ...base, aud: 'convex', ...profile })
    const writeText = vi.fn(async (_text: string) => undefined)
    // After setup: user-event installs its own clipboard stub.
    const user = userEvent.setup()
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true })
    render(<DiagnosticsPage session={liveSession()} />, { wrapper: withSync(syncValue) })
    await settle()
    await user.click(screen.getByRole('button', { name: 'Copy report' }))
    expect(writeText).toHaveBeenCalledWith(
      expect.stringContaining('source: Clerk’s Convex integration (the session token)'),
    )
  })
})
