// Live data without waiting for clerk-js (issue 16): a signed-in relaunch asks Clerk's Frontend API for the
// client itself, with the keychain's client token, and authenticates Convex with the cached user's session token
// while clerk-js is still loading; the React provider then takes that authentication over, so the server checks
// one token, not two. Both stand-ins are delayed 100 ms each way (as in `npm run bench:live-data`), which keeps
// the order of events well apart: clerk-js's own client request cannot be answered before ~2 round trips.
import { afterEach, expect, test } from 'vitest'
import { signInAndQuit, startStack, stopStack, waitForLiveShell } from './stack'

afterEach(stopStack)

const LATENCY_MS = 100

test('a signed-in relaunch authenticates Convex before Clerk has loaded, with one Authenticate', async () => {
  const stack = await startStack()
  await signInAndQuit(stack)

  stack.clerk.setLatency(LATENCY_MS)
  stack.convex.setLatency(LATENCY_MS)
  const clerkFrom = stack.clerk.requests.length
  const framesFrom = stack.convex.frames.length
  const app = await stack.launch()
  const { page } = await app.firstWindow()
  await waitForLiveShell(page, 30_000)
  expect(await page.getByTestId('user-name').innerText()).toBe('Grace Hopper')

  const clerkRequests = stack.clerk.requests.slice(clerkFrom)
  const clientReads = clerkRequests.filter((r) => r.method === 'GET' && r.path === '/v1/client')
  // The early read, then clerk-js's own once its chunk has loaded and run.
  expect(clientReads.map((r) => r.status)).toEqual([200, 200])
  const [early, clerkJs] = clientReads as [(typeof clientReads)[0], (typeof clientReads)[0]]
  expect(clerkJs.sentAt - early.sentAt).toBeGreaterThan(0)

  const authenticates = stack.convex.frames
    .slice(framesFrom)
    .filter((frame) => frame.direction === 'client' && frame.type === 'Authenticate')
  // One token checked by the server: the provider took the early authentication over.
  expect(authenticates).toHaveLength(1)
  // Sent with the early token, before clerk-js had its client (so before Clerk could have handed one over).
  expect(authenticates[0]!.sentAt).toBeGreaterThanOrEqual(early.at)
  expect(authenticates[0]!.sentAt).toBeLessThan(clerkJs.at)
})
