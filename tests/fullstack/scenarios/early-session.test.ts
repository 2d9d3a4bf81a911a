// Live data without waiting for clerk-js (issue 16): on a signed-in relaunch the main process asks Clerk's
// Frontend API for the client itself at launch, with the keychain's client token (electron/main/early-session.ts),
// the window's document takes that answer over IPC and authenticates Convex with the cached user's session token
// while clerk-js is still loading; the React provider then takes that authentication over instead of sending the
// token again. Both stand-ins are delayed 100 ms each way (as in `npm run bench:live-data`), which keeps
// the order of events well apart: clerk-js's own client request cannot be answered before ~2 round trips.
// The Convex socket it all goes over is opened by the document's own inline script, before the entry runs.
import type { Page } from 'playwright-core'
import { afterEach, expect, test } from 'vitest'
import {
  authenticatesSince,
  signInAndQuit,
  startStack,
  stopStack,
  waitForLiveShell,
  type Stack,
} from './stack'

afterEach(stopStack)

const LATENCY_MS = 100

test('a signed-in relaunch authenticates Convex before Clerk has loaded; the provider does not authenticate again', async () => {
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

  // The early read, then clerk-js's own once its chunk has loaded and run. The live shell can come first (the
  // early token stands in for Clerk) and a request is logged when its answer leaves, so clerk-js's may still be
  // on its way.
  await expect
    .poll(() => clientReadsSince(stack, clerkFrom).length, { timeout: 10_000 })
    .toBeGreaterThanOrEqual(2)
  const clientReads = clientReadsSince(stack, clerkFrom)
  expect(clientReads.map((r) => r.status)).toEqual([200, 200])
  const [early, clerkJs] = clientReads as [(typeof clientReads)[0], (typeof clientReads)[0]]
  expect(clerkJs.sentAt - early.sentAt).toBeGreaterThan(0)
  // Made by the main process, already on its way when the page asked for it, and handed to the page.
  const marks = await pageMarks(page)
  expect(early.sentAt).toBeLessThan(marks['harbor:early-session:request']!)
  expect(marks['harbor:early-session:token']).toBeGreaterThanOrEqual(early.at)
  expect(marks['harbor:early-session:none']).toBeUndefined()
  expect(await app.log()).toContain('Early session: ready')

  // One socket, the one the document opened as it was parsed (electron/main/early-socket.ts): the Convex
  // client took it over (backend/live/early-socket.ts marks that) and opened no other.
  const handshakes = stack.convex.frames.slice(framesFrom).filter((frame) => frame.direction === 'handshake')
  expect(handshakes).toHaveLength(1)
  expect(marks['harbor:early-socket:taken']).toBeDefined()
  expect(handshakes[0]!.sentAt).toBeLessThan(marks['harbor:early-socket:taken']!)
  // Taken from the page, where the document's script left it.
  expect(
    await page.evaluate(() => (globalThis as unknown as Record<string, unknown>).__harborConvexSocket),
  ).toBeUndefined()

  const authenticates = authenticatesSince(stack, framesFrom)
  // The first one carries the early token, sent before clerk-js had its client (so before Clerk could have
  // handed one over).
  expect(authenticates[0]!.sentAt).toBeGreaterThanOrEqual(early.at)
  expect(authenticates[0]!.sentAt).toBeLessThan(clerkJs.at)
  // Not sent again when the provider mounted (before clerk-js had its client): the provider took that
  // authentication over, or, mounted first, sent the early token itself (convex-client.test.ts pins the take-over). What may follow is Convex's own refresh once the server confirmed the first token (convex
  // 1.49 AuthenticationManager: a fresh token from Clerk, through the provider), so after clerk-js had its client.
  expect(authenticates.length).toBeLessThanOrEqual(2)
  for (const later of authenticates.slice(1)) expect(later.sentAt).toBeGreaterThanOrEqual(clerkJs.at)
})

test('a reload gets no early session (the launch’s went to the first document) and still goes live through Clerk', async () => {
  const stack = await startStack()
  await signInAndQuit(stack)
  const launchedFrom = stack.clerk.requests.length
  const app = await stack.launch()
  const { page } = await app.firstWindow()
  await waitForLiveShell(page, 30_000)
  expect(await pageMarks(page)).toHaveProperty(['harbor:early-session:token'])
  // The first document's clerk-js may still be reading its client (the live shell does not wait for it): counted
  // here once answered (with the early read), it cannot land among the reloaded document's requests.
  await expect.poll(() => clientReadsSince(stack, launchedFrom).length, { timeout: 10_000 }).toBe(2)

  const clerkFrom = stack.clerk.requests.length
  await page.reload()
  await waitForLiveShell(page, 30_000)
  const marks = await pageMarks(page)
  expect(marks).toHaveProperty(['harbor:early-session:none'])
  expect(marks).not.toHaveProperty(['harbor:early-session:token'])
  // Only clerk-js's own client read: the main process made no second early read for the reloaded document.
  await expect
    .poll(() => clientReadsSince(stack, clerkFrom).length, { timeout: 10_000 })
    .toBeGreaterThanOrEqual(1)
  expect(clientReadsSince(stack, clerkFrom)).toHaveLength(1)
  expect(await app.log()).toContain('Early session: already handed to an earlier document')
})

/** Clerk's client reads (`GET /v1/client`) the Frontend API stand-in answered since its `from`th request. */
function clientReadsSince(stack: Stack, from: number) {
  return stack.clerk.requests.slice(from).filter((r) => r.method === 'GET' && r.path === '/v1/client')
}

/** The page's performance marks, as ms since epoch (the stand-ins' clock). */
function pageMarks(page: Page): Promise<Record<string, number>> {
  return page.evaluate(() =>
    Object.fromEntries(
      performance
        .getEntriesByType('mark')
        .map((mark) => [mark.name, performance.timeOrigin + mark.startTime] as const),
    ),
  )
}
