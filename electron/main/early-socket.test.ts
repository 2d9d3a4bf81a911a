import { createHash } from 'node:crypto'
import { runInNewContext } from 'node:vm'
import { ConvexReactClient } from 'convex/react'
import { version } from 'convex'
import { describe, expect, it } from 'vitest'
import { parseConvexUrl } from '../shared/config-values'
import { convexSyncUrl, EARLY_SOCKET_GLOBAL, EARLY_SOCKET_UNCLAIMED_MS } from '../shared/early-socket'
import { earlySocketScript } from './early-socket'

const DEPLOYMENT = 'https://happy-animal-123.convex.cloud'
const SYNC = 'wss://happy-animal-123.convex.cloud/api/1.49.0/sync'

/** Runs the element's script in a fresh context, as the document would, with a WebSocket and timers it records. */
function runScript(element: string, { webSocketThrows = false } = {}) {
  const code = /^<script>([\s\S]*)<\/script>$/.exec(element)?.[1]
  if (code === undefined) throw new Error(`not one script element: ${element}`)
  const sockets: Array<{ url: string; closed: boolean }> = []
  const timers: Array<{ ms: number; run: () => void }> = []
  const window: Record<string, unknown> = {}
  runInNewContext(code, {
    window,
    WebSocket: function (this: { url: string; closed: boolean; close(): void }, url: string) {
      if (webSocketThrows) throw new Error('Refused by the Content Security Policy')
      this.url = url
      this.closed = false
      this.close = () => (this.closed = true)
      sockets.push(this)
    },
    setTimeout: (run: () => void, ms: number) => timers.push({ ms, run }),
  })
  return { code, sockets, timers, window }
}

describe('earlySocketScript', () => {
  it('opens one socket to the sync URL and leaves it where the Convex client looks', () => {
    const { sockets, window } = runScript(earlySocketScript(SYNC)!.element)
    expect(sockets.map((socket) => socket.url)).toEqual([SYNC])
    expect(window[EARLY_SOCKET_GLOBAL]).toBe(sockets[0])
  })

  it('closes and forgets a socket nobody took in time, and leaves a taken one alone', () => {
    const untaken = runScript(earlySocketScript(SYNC)!.element)
    expect(untaken.timers.map((timer) => timer.ms)).toEqual([EARLY_SOCKET_UNCLAIMED_MS])
    untaken.timers[0]!.run()
    expect(untaken.sockets[0]!.closed).toBe(true)
    expect(untaken.window[EARLY_SOCKET_GLOBAL]).toBeUndefined()

    const taken = runScript(earlySocketScript(SYNC)!.element)
    taken.window[EARLY_SOCKET_GLOBAL] = undefined // what takeEarlySocket does
    taken.timers[0]!.run()
    expect(taken.sockets[0]!.closed).toBe(false)
  })

  it('leaves nothing behind when the socket cannot be made', () => {
    const { window, timers } = runScript(earlySocketScript(SYNC)!.element, { webSocketThrows: true })
    expect(window).toEqual({})
    expect(timers).toEqual([])
  })

  it('is allowed by exactly its own hash', () => {
    const script = earlySocketScript(SYNC)!
    const { code } = runScript(script.element)
    const hash = createHash('sha256').update(code).digest('base64')
    expect(script.cspSource).toBe(`'sha256-${hash}'`)
    expect(earlySocketScript('wss://other-deployment-1.convex.cloud/api/1.49.0/sync')!.cspSource).not.toBe(
      script.cspSource,
    )
  })

  it('cannot be broken out of, whatever the URL holds', () => {
    const element = earlySocketScript('wss://h.convex.cloud/</script><script>alert(1)</script>')!.element
    expect(element.match(/<\/script>/gi)).toHaveLength(1)
    expect(element.endsWith('</script>')).toBe(true)
    expect(runScript(element).sockets).toHaveLength(1)
  })

  it('refuses anything but a WebSocket URL', () => {
    for (const url of ['https://h.convex.cloud/api/1/sync', 'javascript:alert(1)', 'not a url', '']) {
      expect(earlySocketScript(url)).toBeNull()
    }
  })
})

describe('convexSyncUrl', () => {
  it('is the URL the real Convex client connects to', () => {
    const asked: string[] = []
    const client = new ConvexReactClient(DEPLOYMENT, {
      webSocketConstructor: function (url: string) {
        asked.push(url)
        return { close() {}, send() {} }
      } as never,
    })
    client.connectionState()
    void client.close()
    const parsed = parseConvexUrl(DEPLOYMENT)
    if (!parsed.ok) throw new Error(parsed.reason)
    expect(asked).toEqual([convexSyncUrl(parsed.wsOrigin, version)])
  })
})
