// What a Node test needs to point convex's real clients at the stand-in: a WebSocket constructor that trusts the
// run's test certificate and reaches the deployment host at the stand-in's loopback port (the Node counterpart
// of Chromium's --host-resolver-rules). Any other host is refused, so nothing leaves the machine.
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
