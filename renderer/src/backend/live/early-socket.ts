// The Convex client's WebSocket constructor: the first socket it asks for is the one the document's inline
// script already opened (why: electron/shared/early-socket.ts), when that socket is for the same URL and still
// connecting or open; any other (a reconnect, another URL, a socket that failed) is a new WebSocket, as without
// this. The client's WebSocketManager (convex/dist/esm/browser/sync/web_socket_manager.js) uses only the four
// handler properties, send() and close(), setting its handlers right after construction: so a socket that is
// already open when it is taken tells the new handler so, once it is set, as the browser would have.
import { EARLY_SOCKET_GLOBAL } from '../../../../electron/shared/early-socket'

type Handler<E extends Event> = ((event: E) => void) | null

// WebSocket's readyState values (the standard's; read as numbers so any WebSocket implementation compares).
const CONNECTING = 0
const OPEN = 1

/** The early socket as the Convex client sees it: a WebSocket whose `open` may already have happened. */
class TakenOverSocket {
  onmessage: Handler<MessageEvent> = null
  onclose: Handler<CloseEvent> = null
  onerror: Handler<Event> = null
  private openHandler: Handler<Event> = null
  private opened = false

  constructor(private readonly socket: WebSocket) {
    socket.onopen = (event) => this.open(event)
    socket.onmessage = (event) => this.onmessage?.(event)
    socket.onclose = (event) => this.onclose?.(event)
    socket.onerror = (event) => this.onerror?.(event)
    // A microtask, not a task: the client sets its handlers in the same synchronous step that constructs this,
    // and a task would queue the Connect message behind whatever chunk is being evaluated.
    if (socket.readyState === OPEN) queueMicrotask(() => this.open(new Event('open')))
  }

  get onopen(): Handler<Event> {
    return this.openHandler
  }

  set onopen(handler: Handler<Event>) {
    this.openHandler = handler
  }

  get readyState(): number {
    return this.socket.readyState
  }

  get url(): string {
    return this.socket.url
  }

  send(data: string): void {
    this.socket.send(data)
  }

  close(code?: number, reason?: string): void {
    this.socket.close(code, reason)
  }

  private open(event: Event): void {
    // Once, and only while open: a socket closed before its late `open` task ran reports only its close.
    if (this.opened || this.socket.readyState !== OPEN) return
    this.opened = true
    this.openHandler?.(event)
  }
}

const normalised = (url: string): string | null => {
  try {
    return new URL(url).href
  } catch {
    return null
  }
}

/**
 * Takes the document's early socket if it is for `url` and still usable; forgets it either way (one that is
 * not for this client is closed: nothing else will ever use it). Null: open a new one.
 */
export function takeEarlySocket(
  url: string,
  target: Record<string, unknown> = window as never,
): WebSocket | null {
  const socket = target[EARLY_SOCKET_GLOBAL]
  if (socket === undefined) return null
  target[EARLY_SOCKET_GLOBAL] = undefined
  if (!(socket instanceof WebSocket)) return null
  const usable = socket.readyState === CONNECTING || socket.readyState === OPEN
  if (usable && normalised(socket.url) === normalised(url)) {
    performance.mark('harbor:early-socket:taken')
    return new TakenOverSocket(socket) as unknown as WebSocket
  }
  if (usable) socket.close()
  return null
}

/** For ConvexReactClient's `webSocketConstructor`: the early socket first, then new ones. */
export const WebSocketTakingEarlySocket = function (url: string): WebSocket {
  return takeEarlySocket(url) ?? new WebSocket(url)
} as unknown as typeof WebSocket
