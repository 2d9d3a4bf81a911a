// The auth hook against the REAL ConvexProviderWithAuth (the provider the app renders): what matters is when the
// provider calls setAuth/clearAuth, which follows the identity of the token function and the loading flag. The
// client records those calls; Clerk's `useAuth()` values and the early session are the inputs, changed between
// renders as Clerk loads.
import { act, cleanup, render, screen } from '@testing-library/react'
import { ConvexProviderWithAuth, useConvexAuth, type ConvexReactClient } from 'convex/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { onClerkOffline } from '../clerk-network'
import type { EarlySession } from '../early-session'
import { TOKEN_TIMEOUT_MS, useConvexAuthFrom } from './useConvexAuthFromClerk'

afterEach(cleanup)

type FetchToken = (args: { forceRefreshToken: boolean }) => Promise<string | null | undefined>
type OnChange = (isAuthenticated: boolean) => void

const EARLY: EarlySession = {
  sessionId: 'sess_1',
  userId: 'user_1',
  token: 'early.session.token',
  expiresAt: Date.now() + 60_000,
}

interface ClerkValues {
  isLoaded: boolean
  isSignedIn: boolean | undefined
  sessionId: string | null | undefined
  orgId?: string | null
  orgRole?: string | null
  sessionClaims: unknown
  getToken: (options?: unknown) => Promise<string | null>
}

const loading = (getToken: ClerkValues['getToken']): ClerkValues => ({
  isLoaded: false,
  isSignedIn: undefined,
  sessionId: undefined,
  sessionClaims: undefined,
  getToken,
})

const signedIn = (
  getToken: ClerkValues['getToken'],
  sessionId = 'sess_1',
  claims: unknown = { aud: 'convex', sub: 'user_1', sid: sessionId },
): ClerkValues => ({
  isLoaded: true,
  isSignedIn: true,
  sessionId,
  orgId: null,
  orgRole: null,
  sessionClaims: claims,
  getToken,
})

const signedOut = (getToken: ClerkValues['getToken']): ClerkValues => ({
  isLoaded: true,
  isSignedIn: false,
  sessionId: null,
  orgId: null,
  orgRole: null,
  sessionClaims: null,
  getToken,
})

function ConvexState() {
  const { isLoading, isAuthenticated } = useConvexAuth()
  return <output data-testid="convex-auth">{isLoading ? 'loading' : isAuthenticated ? 'in' : 'out'}</output>
}

/**
 * Renders the real provider with a client recording setAuth/clearAuth; `update` re-renders with new Clerk values
 * or a new early session, as Clerk's hook and the early-session store would.
 */
function renderProvider(clerk: ClerkValues, early: EarlySession | null | undefined) {
  const state = { clerk, early }
  const setAuths: Array<{ fetchToken: FetchToken; onChange: OnChange }> = []
  let clearAuths = 0
  const client = {
    setAuth: (fetchToken: FetchToken, onChange: OnChange) => void setAuths.push({ fetchToken, onChange }),
    clearAuth: () => void clearAuths++,
  } as unknown as ConvexReactClient
  const useAuth = () => useConvexAuthFrom(state.clerk as never, state.early)
  const tree = () => (
    <ConvexProviderWithAuth client={client} useAuth={useAuth}>
      <ConvexState />
    </ConvexProviderWithAuth>
  )
  const { rerender } = render(tree())
  return {
    setAuths,
    clearAuths: () => clearAuths,
    shown: () => screen.getByTestId('convex-auth').textContent,
    update(next: Partial<typeof state>) {
      Object.assign(state, next)
      rerender(tree())
    },
    /** The server's answer, as ConvexReactClient reports it to the latest setAuth. */
    answer: (isAuthenticated: boolean) => act(() => setAuths.at(-1)!.onChange(isAuthenticated)),
  }
}

const clerkToken = () => vi.fn(async (_options?: unknown) => 'clerk.session.token')

describe('useConvexAuthFrom under ConvexProviderWithAuth', () => {
  it('early session while Clerk loads: one setAuth, whose token is the early one (Clerk is not asked)', async () => {
    const getToken = clerkToken()
    const view = renderProvider(loading(getToken), EARLY)
    expect(view.setAuths).toHaveLength(1)
    await expect(view.setAuths[0]!.fetchToken({ forceRefreshToken: false })).resolves.toBe(EARLY.token)
    expect(getToken).not.toHaveBeenCalled()
    view.answer(true)
    expect(view.shown()).toBe('in')
  })

  it('Clerk then loads with the same session: no second setAuth, no clearAuth, and the token now comes from Clerk', async () => {
    const getToken = clerkToken()
    const view = renderProvider(loading(getToken), EARLY)
    view.answer(true)
    view.update({ clerk: signedIn(getToken, EARLY.sessionId) })
    expect(view.setAuths).toHaveLength(1)
    expect(view.clearAuths()).toBe(0)
    // useConvexAuth() does not go back to loading: live data stays on screen.
    expect(view.shown()).toBe('in')
    // The same function, reading Clerk's latest state: Clerk's integration token from now on.
    await expect(view.setAuths[0]!.fetchToken({ forceRefreshToken: false })).resolves.toBe(
      'clerk.session.token',
    )
    expect(getToken).toHaveBeenCalledWith({ skipCache: false })
  })

  it('Clerk loads with another session: a second setAuth with Clerk’s token', async () => {
    const getToken = clerkToken()
    const view = renderProvider(loading(getToken), EARLY)
    view.answer(true)
    view.update({ clerk: signedIn(getToken, 'sess_2') })
    expect(view.setAuths).toHaveLength(2)
    await expect(view.setAuths[1]!.fetchToken({ forceRefreshToken: false })).resolves.toBe(
      'clerk.session.token',
    )
    // Until the server answers for the new session, Convex is not taken as authenticated.
    expect(view.shown()).toBe('loading')
    view.answer(true)
    expect(view.shown()).toBe('in')
  })

  it('Clerk loads signed out: clearAuth, and Convex is signed out', () => {
    const getToken = clerkToken()
    const view = renderProvider(loading(getToken), EARLY)
    view.answer(true)
    view.update({ clerk: signedOut(getToken) })
    expect(view.clearAuths()).toBe(1)
    expect(view.setAuths).toHaveLength(1)
    expect(view.shown()).toBe('out')
  })

  it.each([
    ['none (no cached user, or refused)', null],
    ['still being asked for', undefined],
  ])('early session %s while Clerk loads: no setAuth, Convex loading', (_name, early) => {
    const view = renderProvider(loading(clerkToken()), early)
    expect(view.setAuths).toHaveLength(0)
    expect(view.clearAuths()).toBe(0)
    expect(view.shown()).toBe('loading')
  })

  it('the early session arriving while Clerk loads hands it over then, once', async () => {
    const getToken = clerkToken()
    const view = renderProvider(loading(getToken), undefined)
    view.update({ early: EARLY })
    expect(view.setAuths).toHaveLength(1)
    await expect(view.setAuths[0]!.fetchToken({ forceRefreshToken: false })).resolves.toBe(EARLY.token)
    view.update({ clerk: signedIn(getToken, EARLY.sessionId) })
    expect(view.setAuths).toHaveLength(1)
  })

  it('no early session: Clerk loading signed in is the first and only setAuth', async () => {
    const getToken = clerkToken()
    const view = renderProvider(loading(getToken), null)
    view.update({ clerk: signedIn(getToken) })
    expect(view.setAuths).toHaveLength(1)
    await expect(view.setAuths[0]!.fetchToken({ forceRefreshToken: false })).resolves.toBe(
      'clerk.session.token',
    )
  })

  it('an early token that has expired since is not sent: Clerk is asked instead', async () => {
    const getToken = clerkToken()
    const view = renderProvider(loading(getToken), { ...EARLY, expiresAt: Date.now() - 1 })
    await expect(view.setAuths[0]!.fetchToken({ forceRefreshToken: false })).resolves.toBe(
      'clerk.session.token',
    )
    expect(getToken).toHaveBeenCalledWith({ skipCache: false })
  })

  it('a forced refresh skips Clerk’s cache (and the early token), with the template when aud is not "convex"', async () => {
    const getToken = clerkToken()
    const view = renderProvider(loading(getToken), EARLY)
    // Before Clerk has loaded: the server refused the early token, so only Clerk can give a better one.
    await view.setAuths[0]!.fetchToken({ forceRefreshToken: true })
    expect(getToken).toHaveBeenLastCalledWith({ skipCache: true })

    view.update({ clerk: signedIn(getToken, EARLY.sessionId) })
    await view.setAuths[0]!.fetchToken({ forceRefreshToken: true })
    expect(getToken).toHaveBeenLastCalledWith({ skipCache: true })

    const templated = renderProvider(signedIn(getToken, 'sess_9', { aud: 'my-api', sub: 'user_1' }), null)
    await templated.setAuths[0]!.fetchToken({ forceRefreshToken: true })
    expect(getToken).toHaveBeenLastCalledWith({ template: 'convex', skipCache: true })
    await templated.setAuths[0]!.fetchToken({ forceRefreshToken: false })
    expect(getToken).toHaveBeenLastCalledWith({ template: 'convex', skipCache: false })
  })

  it('an organisation change hands Convex a new token function, as ConvexProviderWithClerk does', () => {
    const getToken = clerkToken()
    const view = renderProvider(signedIn(getToken), null)
    view.update({ clerk: { ...signedIn(getToken), orgId: 'org_1', orgRole: 'admin' } })
    expect(view.setAuths).toHaveLength(2)
    expect(view.setAuths[1]!.fetchToken).not.toBe(view.setAuths[0]!.fetchToken)
  })

  it('Clerk’s token failing on the network is no token, and Clerk is reported offline', async () => {
    const getToken = vi.fn(async () => {
      throw new TypeError('Failed to fetch')
    })
    const offline = vi.fn()
    const stop = onClerkOffline(offline)
    const view = renderProvider(signedIn(getToken), null)
    await expect(view.setAuths[0]!.fetchToken({ forceRefreshToken: false })).resolves.toBeNull()
    expect(offline).toHaveBeenCalled()
    stop()
  })

  it('Clerk’s token hanging (its API unreachable) is no token after TOKEN_TIMEOUT_MS, and Clerk is reported offline', async () => {
    const getToken = vi.fn(() => new Promise<string | null>(() => undefined))
    const offline = vi.fn()
    const stop = onClerkOffline(offline)
    const view = renderProvider(signedIn(getToken), null)
    vi.useFakeTimers()
    try {
      const token = view.setAuths[0]!.fetchToken({ forceRefreshToken: false })
      await vi.advanceTimersByTimeAsync(TOKEN_TIMEOUT_MS - 1)
      expect(offline).not.toHaveBeenCalled()
      await vi.advanceTimersByTimeAsync(1)
      await expect(token).resolves.toBeNull()
      expect(offline).toHaveBeenCalledTimes(1)
    } finally {
      vi.useRealTimers()
      stop()
    }
  })
})
