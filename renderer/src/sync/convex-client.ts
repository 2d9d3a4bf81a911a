// The one Convex client of this window, created by the connected app (not by main.tsx: the client is most of
// `convex`'s weight, and the cached shell's first paint does not need it). One per URL for the page's life,
// so a remount of the connected app (or React's StrictMode double mount) never opens a second WebSocket.
import { ConvexReactClient } from 'convex/react'

let current: { url: string; client: ConvexReactClient } | null = null

export function convexClientFor(url: string): ConvexReactClient {
  if (current?.url !== url) {
    void current?.client.close()
    current = { url, client: new ConvexReactClient(url) }
  }
  return current.client
}
