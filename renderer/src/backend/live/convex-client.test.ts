// The window's Convex client opens its socket when it is created, not at the provider's first setAuth (which
// waits for Clerk): measured by the real ConvexReactClient against a WebSocket that records what it was asked.
import { afterEach, describe, expect, it, vi } from 'vitest'
import { convexClientFor } from './convex-client'

class RecordingWebSocket {
  static opened: string[] = []
  readyState = 0
  onopen: (() => void) | null = null
  onmessage: ((event: unknown) => void) | null = null
  onclose: ((event: unknown) => void) | null = null
  onerror: ((event: unknown) => void) | null = null
  constructor(url: string) {
    RecordingWebSocket.opened.push(url)
  }
  send() {}
  close() {}
}

afterEach(() => {
  RecordingWebSocket.opened = []
  vi.unstubAllGlobals()
})

describe('convexClientFor', () => {
  it('opens the sync socket at once, before any query or token, and only once per URL', () => {
    vi.stubGlobal('WebSocket', RecordingWebSocket)
    const client = convexClientFor('https://happy-otter-123.convex.cloud')
    expect(RecordingWebSocket.opened).toHaveLength(1)
    expect(RecordingWebSocket.opened[0]).toMatch(/^wss:\/\/happy-otter-123\.convex\.cloud\/api\/.+\/sync$/)
    expect(convexClientFor('https://happy-otter-123.convex.cloud')).toBe(client)
    expect(RecordingWebSocket.opened).toHaveLength(1)
    // Not awaited: closing waits for a close event this recording socket never sends.
    void client.close()
  })
})
