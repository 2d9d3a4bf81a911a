// Fakes for `convex/react` and `@clerk/electron/react` at the module boundary, for component tests only.
// Usage in a test file:
//   vi.mock('convex/react', async () => (await import('./fakes')).convexReactModule)
//   vi.mock('@clerk/electron/react', async () => (await import('./fakes')).clerkReactModule)
// then set `fake.*` and `rerender()` to simulate changes. Call `resetFakes()` in `beforeEach`.

import type { FunctionReference } from 'convex/server'
import { getFunctionName } from 'convex/server'
import { vi, type Mock } from 'vitest'

export interface FakeClerkUser {
  id: string
  updatedAt: Date | null
  fullName?: string | null
}

interface FakeState {
  clerk: { loaded: boolean; status: 'loading' | 'ready' | 'error' | 'degraded' }
  auth: {
    isLoaded: boolean
    isSignedIn: boolean | undefined
    sessionId: string | null
    userId: string | null
    /** The session token's claims, as Clerk's `useAuth()` reports them (`aud: "convex"` = Convex integration). */
    sessionClaims?: Record<string, unknown> | null
  }
  user: FakeClerkUser | null
  getToken: Mock<(options?: { template?: string }) => Promise<string | null>>
  convexAuth: { isLoading: boolean; isAuthenticated: boolean }
  connection: { isWebSocketConnected: boolean; hasEverConnected: boolean; connectionRetries: number }
  /** Query results by function name ("users:me"); an Error is what `useQueries` reports for a failed query. */
  queries: Map<string, unknown>
  /** Every `useQueries` subscription seen, by function name, with its args. */
  subscribed: Array<{ name: string; args: unknown }>
}

export const fake: FakeState = freshState()
const mutations = new Map<string, Mock<(args: unknown) => Promise<unknown>>>()

function freshState(): FakeState {
  return {
    clerk: { loaded: true, status: 'ready' },
    auth: { isLoaded: true, isSignedIn: true, sessionId: 'sess_1', userId: 'user_1' },
    user: { id: 'user_1', updatedAt: new Date(1_700_000_000_000), fullName: 'Ada Lovelace' },
    getToken: vi.fn(async () => null),
    convexAuth: { isLoading: false, isAuthenticated: true },
    connection: { isWebSocketConnected: true, hasEverConnected: true, connectionRetries: 0 },
    queries: new Map(),
    subscribed: [],
  }
}

export function resetFakes(): void {
  Object.assign(fake, freshState())
  mutations.clear()
}

/** The stable mock behind `useMutation(api.<name>)`; program it with `mockResolvedValue` etc. */
export function mutation(name: string): Mock<(args: unknown) => Promise<unknown>> {
  let fn = mutations.get(name)
  if (!fn) {
    fn = vi.fn(async () => null)
    mutations.set(name, fn)
  }
  return fn
}

export const convexReactModule = {
  useConvexAuth: () => fake.convexAuth,
  useConvexConnectionState: () => ({
    ...fake.connection,
    hasInflightRequests: false,
    timeOfOldestInflightRequest: null,
    inflightMutations: 0,
    inflightActions: 0,
  }),
  useMutation: (ref: FunctionReference<'mutation'>) => mutation(getFunctionName(ref)),
  // Actions share the mocks with mutations, by function name ("devices:signOutDevice").
  useAction: (ref: FunctionReference<'action'>) => mutation(getFunctionName(ref)),
  useQueries: (queries: Record<string, { query: FunctionReference<'query'>; args: unknown }>) =>
    Object.fromEntries(
      Object.entries(queries).map(([key, { query, args }]) => {
        const name = getFunctionName(query)
        fake.subscribed.push({ name, args })
        return [key, fake.queries.get(name)]
      }),
    ),
  useQuery: () => {
    throw new Error('Use useQueryState (useQueries) so server errors do not throw into the shell')
  },
}

export const clerkReactModule = {
  useClerk: () => fake.clerk,
  useAuth: () => ({ ...fake.auth, getToken: fake.getToken }),
  useUser: () =>
    fake.auth.isLoaded
      ? {
          isLoaded: true,
          isSignedIn: Boolean(fake.auth.isSignedIn),
          user: fake.auth.isSignedIn ? fake.user : null,
        }
      : { isLoaded: false, isSignedIn: undefined, user: undefined },
}
