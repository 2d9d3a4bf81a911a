import { cleanup, render } from '@testing-library/react'
import type { ConvexReactClient } from 'convex/react'
import { ConvexProviderWithClerk } from 'convex/react-clerk'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { CONVEX_PROFILE_CLAIM_SHORTCODES, CONVEX_TOKEN_CLAIMS } from '../../../electron/shared/config-values'
import { convexTokenRequest, convexTokenSource, profileClaimsAdvice } from './convex-token-source'

afterEach(cleanup)

type FetchToken = (args: { forceRefreshToken: boolean }) => Promise<string | null | undefined>

/**
 * Asks the REAL ConvexProviderWithClerk (the one the app renders) which `getToken` options it uses for a session
 * with these claims: a client that only records `setAuth`, and a Clerk `useAuth` that records every call.
 */
async function optionsConvexUses(sessionClaims: unknown): Promise<unknown[]> {
  const calls: unknown[] = []
  let fetchToken: FetchToken | null = null
  const client = {
    setAuth: (fetch: FetchToken) => void (fetchToken = fetch),
    clearAuth: () => undefined,
  } as unknown as ConvexReactClient
  const useAuth = () => ({
    isLoaded: true,
    isSignedIn: true,
    sessionId: 'sess_1',
    orgId: undefined,
    orgRole: undefined,
    sessionClaims,
    getToken: vi.fn(async (options?: unknown) => {
      calls.push(options)
      return 'a.token.here'
    }),
  })
  render(
    <ConvexProviderWithClerk client={client} useAuth={useAuth as never}>
      <span />
    </ConvexProviderWithClerk>,
  )
  await vi.waitFor(() => expect(fetchToken).not.toBeNull())
  await fetchToken!({ forceRefreshToken: false })
  return calls
}

describe('the token Convex receives', () => {
  const cases: Array<[string, unknown]> = [
    ['aud "convex" (Clerk’s Convex integration)', { aud: 'convex', sub: 'user_1' }],
    ['no aud (a plain session token)', { sub: 'user_1' }],
    ['another audience', { aud: 'my-api', sub: 'user_1' }],
    ['an array audience, even ["convex"]', { aud: ['convex'], sub: 'user_1' }],
    ['no claims at all', null],
  ]
  it.each(cases)(
    '%s: Diagnostics asks Clerk exactly as ConvexProviderWithClerk does',
    async (_name, claims) => {
      const [convexAsked] = await optionsConvexUses(claims)
      // convex adds `skipCache` (its own refresh flag); which token it is, is the template or its absence.
      const { skipCache: _skip, ...which } = convexAsked as { skipCache?: boolean }
      expect(which).toEqual(convexTokenRequest(convexTokenSource(claims)))
    },
  )

  it('names the integration only for aud exactly "convex"', () => {
    expect(convexTokenSource({ aud: 'convex' })).toBe('integration')
    expect(convexTokenSource({ aud: ['convex'] })).toBe('template')
    expect(convexTokenSource(undefined)).toBe('template')
  })
})

describe('profile claims advice', () => {
  const profileClaims = CONVEX_TOKEN_CLAIMS.filter((claim) => claim !== 'sub')

  it('integration with nothing mapped: the profile syncs empty; map them on Clerk’s Sessions page', () => {
    const advice = profileClaimsAdvice('integration', ['sub', ...profileClaims].slice(1))!
    expect(advice.summary).toMatch(/^Your profile syncs empty/)
    expect(advice.where).toContain('open Sessions, choose Customize session token')
    expect(JSON.parse(advice.mapping)).toEqual(CONVEX_PROFILE_CLAIM_SHORTCODES)
  })

  it('template missing some: names them and points at the template', () => {
    const advice = profileClaimsAdvice('template', ['picture', 'nickname'])!
    expect(advice.summary).toBe(
      'Your profile syncs without picture, nickname: the “convex” JWT template does not include them.',
    )
    expect(advice.where).toContain('JWT templates')
    expect(JSON.parse(advice.mapping)).toEqual({
      picture: '{{user.image_url}}',
      nickname: '{{user.username}}',
    })
  })

  it('nothing to say when every profile claim is there (sub is never advice)', () => {
    expect(profileClaimsAdvice('integration', [])).toBeNull()
    expect(profileClaimsAdvice('template', ['sub'])).toBeNull()
  })
})
