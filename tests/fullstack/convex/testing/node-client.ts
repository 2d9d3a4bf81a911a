// What a Node test needs to point convex's real clients at the stand-in: a WebSocket constructor that trusts the
// run's test certificate and reaches the deployment host at the stand-in's loopback port (the Node counterpart
// of Chromium's --host-resolver-rules). Any other host is refused, so nothing leaves the machine.
// Built on `ws`, the WebSocket convex's own Node entry point bundles as its default (simple_client-node.js):
// Node's global WebSocket cannot be given a CA or an address without an undici dispatcher.
import { request as httpsRequest } from 'node:https'
import { connect } from 'node:tls'
import { WebSocket } from 'ws'

/** Typed as the DOM constructor convex's `webSocketConstructor` option takes (ws implements that interface). */
export function standInWebSocket(
  target: { host: string; port: number },
  ca: string,
): typeof globalThis.WebSocket {
  class StandInWebSocket extends WebSocket {
    constructor(address: string | URL, protocols?: string | string[]) {
      const url = new URL(address)
      if (url.hostname !== target.host)
        throw new Error(`${url.hostname} is not the stand-in's host ${target.host}`)
      super(url, protocols ?? [], {
        createConnection: () =>
          connect({ host: '127.0.0.1', port: target.port, servername: target.host, ca }),
      })
    }
  }
  return StandInWebSocket as unknown as typeof globalThis.WebSocket
}

/**
 * A `fetch` for ConvexHttpClient (its `fetch` option) and HTTP actions: requests for the deployment host, or for
 * `<name>.convex.site`, go to the stand-in's port over TLS with the test CA (SNI the deployment host, which the
 * certificate names; the Host header keeps the requested name). Any other host is refused.
 */
export function standInFetch(target: { host: string; port: number }, ca: string): typeof fetch {
  const siteHost = target.host.replace(/\.convex\.cloud$/, '.convex.site')
  return async (input, init) => {
    const request = new Request(input, init)
    const url = new URL(request.url)
    if (url.hostname !== target.host && url.hostname !== siteHost) {
      throw new TypeError(`fetch failed: ${url.hostname} is not the stand-in's host`)
    }
    const body = request.body ? Buffer.from(await request.arrayBuffer()) : undefined
    const headers = Object.fromEntries(request.headers)
    return await new Promise<Response>((resolve, reject) => {
      const outgoing = httpsRequest(
        {
          host: '127.0.0.1',
          port: target.port,
          servername: target.host,
          ca,
          method: request.method,
          path: url.pathname + url.search,
          headers: { ...headers, host: url.host },
          agent: false,
        },
        (response) => {
          const chunks: Buffer[] = []
          response.on('data', (chunk: Buffer) => chunks.push(chunk))
          response.on('error', reject)
          response.on('end', () => {
            const responseHeaders = new Headers()
            for (const [name, value] of Object.entries(response.headers)) {
              if (value !== undefined)
                responseHeaders.set(name, Array.isArray(value) ? value.join(', ') : value)
            }
            const status = response.statusCode ?? 0
            const payload = status === 204 || status === 304 ? null : Buffer.concat(chunks)
            resolve(new Response(payload, { status, headers: responseHeaders }))
          })
        },
      )
      outgoing.on('error', (error) => reject(new TypeError(`fetch failed: ${error.message}`)))
      outgoing.end(body)
    })
  }
}
