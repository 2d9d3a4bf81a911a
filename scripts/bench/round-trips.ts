// Sequential round trips, from the stand-ins' logs (tests/fullstack/clerk and tests/fullstack/convex).
//
// An exchange is one round trip as the app's window saw it: it starts when the window sends something and ends
// when the answer reaches it.
// - a Clerk Frontend API request (CORS preflights included: the browser waits for them too): from the request
//   reaching the stand-in (`sentAt`: loopback, so that is when the window sent it) to its response leaving the
//   stand-in after the latency (`at`: it has arrived). The Convex stand-in's own OIDC discovery and JWKS fetches
//   (`/.well-known/...`) and the Backend API are the server's, not the window's: left out.
// - a WebSocket handshake: from the upgrade request to the 101 reaching the client (the connect counts).
// - a client frame: from its sending to the arrival of the first server frame on that socket that the server
//   sent after it had the client frame (the answer can only come after the question). A frame no server frame
//   followed is not an exchange.
// The sequential round trips to an instant are the longest chain of exchanges, all answered by then, in which
// each one starts no earlier than the previous one's answer arrived: the least number of waits for the network
// that nothing could have overlapped, as far as the timestamps can tell.
import type { RequestLogEntry } from '../../tests/fullstack/clerk/http.ts'
import type { FrameLogEntry } from '../../tests/fullstack/convex/index.ts'

export interface Exchange {
  label: string
  /** ms since epoch */
  sentAt: number
  /** ms since epoch */
  answeredAt: number
}

/** What an exchange needs of the Clerk stand-in's request log and the Convex stand-in's frame log. */
export type ClerkLogEntry = Pick<RequestLogEntry, 'at' | 'sentAt' | 'method' | 'path' | 'status' | 'api'>
export type ConvexFrame = FrameLogEntry

export function clerkExchanges(requests: ReadonlyArray<ClerkLogEntry>): Exchange[] {
  return requests
    .filter((entry) => entry.api === 'frontend' && !entry.path.startsWith('/.well-known/'))
    .map((entry) => ({
      label: `Clerk ${entry.method} ${entry.path} ${entry.status}`,
      sentAt: entry.sentAt,
      answeredAt: entry.at,
    }))
}

export function convexExchanges(frames: ReadonlyArray<ConvexFrame>): Exchange[] {
  const exchanges: Exchange[] = []
  for (const frame of frames) {
    if (frame.direction === 'handshake') {
      exchanges.push({
        label: `Convex WebSocket connect #${frame.connection}`,
        sentAt: frame.sentAt,
        answeredAt: frame.arrivedAt,
      })
    } else if (frame.direction === 'client') {
      const answer = frames
        .filter(
          (other) =>
            other.direction === 'server' &&
            other.connection === frame.connection &&
            other.sentAt >= frame.arrivedAt,
        )
        .sort((a, b) => a.arrivedAt - b.arrivedAt)[0]
      if (answer) {
        exchanges.push({
          label: `Convex ${frame.type} -> ${answer.type} #${frame.connection}`,
          sentAt: frame.sentAt,
          answeredAt: answer.arrivedAt,
        })
      }
    }
  }
  return exchanges
}

export interface Chain {
  /** How many sequential round trips. */
  count: number
  /** The exchanges of one longest chain, in order. */
  exchanges: Exchange[]
}

/** The longest chain of exchanges answered by `until` (ms since epoch), each starting after the previous one's
 *  answer arrived. Ties go to the chain that ends first. */
export function longestChain(all: ReadonlyArray<Exchange>, until: number): Chain {
  const exchanges = all
    .filter((exchange) => exchange.answeredAt <= until)
    .sort((a, b) => a.answeredAt - b.answeredAt || a.sentAt - b.sentAt)
  const length: number[] = []
  const previous: Array<number | null> = []
  let best = -1
  exchanges.forEach((exchange, index) => {
    length[index] = 1
    previous[index] = null
    for (let before = 0; before < index; before++) {
      if (exchanges[before]!.answeredAt <= exchange.sentAt && length[before]! + 1 > length[index]!) {
        length[index] = length[before]! + 1
        previous[index] = before
      }
    }
    if (best < 0 || length[index]! > length[best]!) best = index
  })
  const chain: Exchange[] = []
  for (let at: number | null = best < 0 ? null : best; at !== null; at = previous[at]!) {
    chain.unshift(exchanges[at]!)
  }
  return { count: chain.length, exchanges: chain }
}

/** The chain as a timeline from `origin` (ms since epoch): each wait for the network and each gap between an
 *  answer and the next request of the chain. A gap is the window's own work (loading, parsing, running
 *  JavaScript) or an exchange off the chain that overlapped it (e.g. a server-side token check): the full list of
 *  exchanges (`--all-exchanges`) tells which. */
export function describeChain(chain: Chain, origin: number, end: number): string[] {
  const lines: string[] = []
  let cursor = origin
  let network = 0
  let local = 0
  for (const exchange of chain.exchanges) {
    const gap = exchange.sentAt - cursor
    local += gap
    network += exchange.answeredAt - exchange.sentAt
    lines.push(
      `  +${Math.round(exchange.sentAt - origin)} ms  ${exchange.label}: ${Math.round(exchange.answeredAt - exchange.sentAt)} ms on the network (${Math.round(gap)} ms off the network before it)`,
    )
    cursor = exchange.answeredAt
  }
  local += end - cursor
  lines.push(
    `  +${Math.round(end - origin)} ms  live data on screen (${Math.round(end - cursor)} ms after the chain's last answer)`,
  )
  lines.push(
    `  total: ${Math.round(network)} ms on the chain's network waits, ${Math.round(local)} ms between them`,
  )
  return lines
}
