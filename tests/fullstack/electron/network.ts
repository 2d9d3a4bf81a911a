// The machine's network as the app's Chromium sees it. Chromium's --host-resolver-rules are fixed when it starts,
// so each stand-in host is mapped to a relay on a loopback port chosen up front; the relay passes TCP through
// (TLS stays end to end with the stand-in) to whichever stand-in is attached. Going offline resets every open
// connection (the Convex WebSocket included) and every new one, and coming back online needs no restart of
// anything: what a laptop whose Wi-Fi drops and returns does to the app. Hosts without a relay do not resolve.
import { createConnection, createServer, type Server, type Socket } from 'node:net'

interface Relay {
  host: string
  port: number
  server: Server
  target: number | null
  sockets: Set<Socket>
}

export interface Network {
  /** `MAP <host> 127.0.0.1:<relay>, ..., MAP * ~NOTFOUND` for Chromium. */
  hostResolverRules(): string
  /** The same map as host -> relay port, for the main process's emulated `net` (../net.ts `hosts`). */
  relayPorts(): Record<string, number>
  /** Sends connections for `host` to the stand-in listening on 127.0.0.1:`port`. */
  attach(host: string, port: number): void
  detach(host: string): void
  setOnline(online: boolean): void
  readonly online: boolean
  /** Connections accepted per host (whether or not they reached a stand-in). */
  connections(host: string): number
  stop(): Promise<void>
}

export async function createNetwork(hosts: readonly string[]): Promise<Network> {
  const relays = new Map<string, Relay>()
  const accepted = new Map<string, number>()
  let online = true

  for (const host of hosts) {
    const relay: Relay = { host, port: 0, server: createServer(), target: null, sockets: new Set() }
    relay.server.on('connection', (client) => {
      accepted.set(host, (accepted.get(host) ?? 0) + 1)
      if (!online || relay.target === null) {
        client.resetAndDestroy()
        return
      }
      const upstream = createConnection({ host: '127.0.0.1', port: relay.target })
      relay.sockets.add(client)
      relay.sockets.add(upstream)
      const drop = (): void => {
        relay.sockets.delete(client)
        relay.sockets.delete(upstream)
        if (!client.destroyed) client.resetAndDestroy()
        if (!upstream.destroyed) upstream.destroy()
      }
      client.on('error', drop)
      upstream.on('error', drop)
      client.on('close', drop)
      upstream.on('close', drop)
      client.pipe(upstream)
      upstream.pipe(client)
    })
    await new Promise<void>((resolve, reject) => {
      relay.server.once('error', reject)
      relay.server.listen(0, '127.0.0.1', () => resolve())
    })
    const address = relay.server.address()
    relay.port = typeof address === 'object' && address ? address.port : 0
    relays.set(host, relay)
  }

  const resetAll = (): void => {
    for (const relay of relays.values()) {
      for (const socket of relay.sockets) socket.resetAndDestroy()
      relay.sockets.clear()
    }
  }

  return {
    hostResolverRules: () =>
      [
        ...[...relays.values()].map((relay) => `MAP ${relay.host} 127.0.0.1:${relay.port}`),
        'MAP * ~NOTFOUND',
      ].join(', '),
    relayPorts: () => Object.fromEntries([...relays.values()].map((relay) => [relay.host, relay.port])),
    attach(host, port) {
      const relay = relays.get(host)
      if (!relay) throw new Error(`network: no relay for ${host}`)
      relay.target = port
    },
    detach(host) {
      const relay = relays.get(host)
      if (relay) relay.target = null
    },
    setOnline(value) {
      online = value
      if (!value) resetAll()
    },
    get online() {
      return online
    },
    connections: (host) => accepted.get(host) ?? 0,
    async stop() {
      resetAll()
      await Promise.all(
        [...relays.values()].map(
          (relay) => new Promise<void>((resolve) => relay.server.close(() => resolve())),
        ),
      )
    },
  }
}
