// One Clerk token request per token refresh. clerk-js's token cache renews the session token 17 s before it
// expires; Convex forces its own refresh a set time before expiry and skips that cache. Harbor's client refreshes
// 20 s before (backend/live/convex-client.ts), so Convex's request comes first and the token it fetches replaces
// Clerk's cache entry, cancelling Clerk's renewal. With Convex's default of 10 s, each refresh cost two token
// requests: Clerk's renewal at 43 s into a 60 s token, then Convex's own at 50 s.
import { afterEach, expect, test } from 'vitest'
import { authenticatesSince, signInAndQuit, startStack, stopStack, waitForLiveShell } from './stack'

afterEach(stopStack)

const TOKEN_REQUEST = /^\/v1\/client\/sessions\/[^/]+\/tokens$/

test('idle and live for a token lifetime: one Clerk token request for each Convex refresh', async () => {
  const stack = await startStack()
  await signInAndQuit(stack)
  const framesAtLaunch = stack.convex.frames.length
  const app = await stack.launch()
  const { page } = await app.firstWindow()
  await waitForLiveShell(page, 30_000)
  // The start's own authentications: the early token, then the fresh one Convex asks for as soon as the server
  // accepted it (once the provider has taken over).
  await expect.poll(() => authenticatesSince(stack, framesAtLaunch).length, { timeout: 20_000 }).toBe(2)
  // Their answers are in: from the last one, the next refresh is due 60 - 20 = 40 s on.
  await page.waitForTimeout(1_000)
  const clerkFrom = stack.clerk.requests.length
  const framesFrom = stack.convex.frames.length

  // Past that refresh and past Clerk's own renewal (43 s), before the refresh after it (80 s).
  await page.waitForTimeout(50_000)
  const tokenRequests = stack.clerk.requests
    .slice(clerkFrom)
    .filter((request) => request.method === 'POST' && TOKEN_REQUEST.test(request.path))
  const refreshes = authenticatesSince(stack, framesFrom)
  expect(refreshes).toHaveLength(1)
  expect(tokenRequests).toHaveLength(1)
  await waitForLiveShell(page, 1_000)
})
