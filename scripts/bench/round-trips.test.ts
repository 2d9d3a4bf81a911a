import { describe, expect, it } from 'vitest'
import { clerkExchanges, convexExchanges, longestChain, type ConvexFrame } from './round-trips.ts'

const request = (method: string, path: string, sentAt: number, at: number, api = 'frontend' as const) => ({
  method,
  path,
  sentAt,
  at,
  status: 200,
  api,
})

describe('sequential round trips', () => {
  it('counts a chain of requests each sent after the previous answer, not requests that overlap', () => {
    const exchanges = clerkExchanges([
      request('OPTIONS', '/v1/client', 0, 200),
      request('OPTIONS', '/v1/environment', 1, 201),
      request('GET', '/v1/client', 205, 405),
      request('GET', '/v1/environment', 206, 406),
      request('POST', '/v1/client/sessions/s/tokens', 410, 610),
    ])
    const chain = longestChain(exchanges, 1000)
    expect(chain.count).toBe(3)
    expect(chain.exchanges.map((exchange) => exchange.label)).toEqual([
      'Clerk OPTIONS /v1/client 200',
      'Clerk GET /v1/client 200',
      'Clerk POST /v1/client/sessions/s/tokens 200',
    ])
  })

  it('stops at the given instant: what was answered later is not on the way to it', () => {
    const exchanges = clerkExchanges([request('GET', '/a', 0, 200), request('GET', '/b', 200, 400)])
    expect(longestChain(exchanges, 399).count).toBe(1)
    expect(longestChain(exchanges, 400).count).toBe(2)
    expect(longestChain(exchanges, -1)).toEqual({ count: 0, exchanges: [] })
  })

  it('leaves out the Convex server’s own fetches from Clerk and the Backend API', () => {
    const exchanges = clerkExchanges([
      request('GET', '/.well-known/openid-configuration', 0, 200),
      request('GET', '/v1/sessions', 0, 200, 'backend' as never),
      request('GET', '/v1/client', 0, 200),
    ])
    expect(exchanges.map((exchange) => exchange.label)).toEqual(['Clerk GET /v1/client 200'])
  })

  it('pairs a WebSocket frame with the first server frame sent after the server had it, on that socket', () => {
    const frames: ConvexFrame[] = [
      { connection: 1, direction: 'handshake', type: 'upgrade', sentAt: 0, arrivedAt: 200 },
      { connection: 1, direction: 'client', type: 'Connect', sentAt: 200, arrivedAt: 300 },
      { connection: 1, direction: 'client', type: 'Authenticate', sentAt: 400, arrivedAt: 500 },
      // Sent before the server had Authenticate: not its answer.
      { connection: 1, direction: 'server', type: 'Ping', sentAt: 450, arrivedAt: 550 },
      { connection: 2, direction: 'server', type: 'Transition', sentAt: 505, arrivedAt: 605 },
      { connection: 1, direction: 'server', type: 'Transition', sentAt: 510, arrivedAt: 610 },
      // Never answered: no exchange.
      { connection: 1, direction: 'client', type: 'Event', sentAt: 700, arrivedAt: 800 },
    ]
    const exchanges = convexExchanges(frames)
    expect(exchanges).toEqual([
      { label: 'Convex WebSocket connect #1', sentAt: 0, answeredAt: 200 },
      { label: 'Convex Connect -> Ping #1', sentAt: 200, answeredAt: 550 },
      { label: 'Convex Authenticate -> Transition #1', sentAt: 400, answeredAt: 610 },
    ])
    expect(longestChain(exchanges, 1000).count).toBe(2)
  })

  it('chains across the two services: a Clerk answer, then the Convex frame it made possible', () => {
    const exchanges = [
      ...clerkExchanges([request('GET', '/v1/client', 0, 200)]),
      ...convexExchanges([
        { connection: 1, direction: 'handshake', type: 'upgrade', sentAt: 0, arrivedAt: 200 },
        { connection: 1, direction: 'client', type: 'Authenticate', sentAt: 210, arrivedAt: 310 },
        { connection: 1, direction: 'server', type: 'Transition', sentAt: 310, arrivedAt: 410 },
      ]),
    ]
    const chain = longestChain(exchanges, 410)
    expect(chain.count).toBe(2)
    expect(chain.exchanges.at(-1)?.label).toBe('Convex Authenticate -> Transition #1')
  })
})
