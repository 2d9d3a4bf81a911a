// The window's Convex WebSocket, opened by the document itself. The WebSocket upgrade is a full round trip, and
// the Convex client only exists once the entry has run and its chunk has loaded (hundreds of ms into a start).
// So the signed-in document ends with a one-line inline script (electron/main/early-socket.ts) that opens
// the socket to the exact URL the Convex client will ask for, while the rest of the page loads; the client then
// takes that socket over instead of opening its own (renderer/src/backend/live/early-socket.ts). Nothing is sent
// on it before the client has it: the client speaks first in Convex's protocol.

/** The page global the document's script leaves the socket in, and the client takes it from. */
export const EARLY_SOCKET_GLOBAL = '__harborConvexSocket'

/**
 * A socket nobody has taken by then is closed by the script itself: a page whose entry never ran (a failed
 * load, the setup screen) must not keep a connection open.
 */
export const EARLY_SOCKET_UNCLAIMED_MS = 15_000

/**
 * The URL ConvexReactClient connects to for a deployment (convex/dist/esm/browser/sync/client.js: the address
 * with http(s) turned into ws(s), then `/api/<client version>/sync`). `wsOrigin` is parseConvexUrl's.
 */
export function convexSyncUrl(wsOrigin: string, clientVersion: string): string {
  return `${wsOrigin}/api/${clientVersion}/sync`
}
