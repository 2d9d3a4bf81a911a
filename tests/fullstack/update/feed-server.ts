// A local release server for electron-updater's generic provider, grown from the e2e suite's
// e2e/update-server.ts (same file names and feed shape) into something a test can publish to and break: a
// release per channel (`latest*.yml` is stable, `beta*.yml` beta, as electron-builder writes them), the update
// file trickled so the download is seen in progress, and faults: a feed that answers 500 or is not YAML, an
// update file cut short of its Content-Length, a feed whose sha512 does not match the file.
//
// The feed is the shape electron-builder publishes (version, files[{url, sha512, size}], path, sha512,
// releaseDate, and releaseName/releaseNotes when the release has them); blockmaps are absent, so electron-updater's differential download fails and it falls back to a
// full download, as in the e2e suite.
import { createHash } from 'node:crypto'
import { createServer, type ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'

export type FeedChannel = 'latest' | 'beta'

export interface Release {
  version: string
  /** The update file; 1 MiB of a byte derived from the version when not given. */
  payload?: Buffer
  /** Announce this sha512 (base64) instead of the payload's: a feed that does not match its file. */
  announcedSha512?: string
  /** `releaseName` of the feed, as electron-builder writes it from the GitHub release title. */
  releaseName?: string
  /**
   * `releaseNotes` of the feed: HTML as GitHub gives it, plain text, or the `{ version, note }` list of a full
   * changelog. electron-updater's generic provider hands it to the app as it stands in the file.
   */
  releaseNotes?: string | Array<{ version: string; note: string | null }>
}

export type FeedFault =
  | { kind: 'none' }
  /** The feed files answer with this status (e.g. 500, 404). */
  | { kind: 'feed-status'; status: number }
  /** The feed files answer 200 with this body (e.g. not YAML, or YAML without a version). */
  | { kind: 'feed-body'; body: string }
  /** The update file announces its full Content-Length but the connection closes after this many bytes. */
  | { kind: 'truncate-download'; afterBytes: number }

export interface FeedServer {
  /** `http://127.0.0.1:<port>/`: the `url` of app-update.yml. */
  url: string
  /** `METHOD path` of every request, in order. */
  requests: string[]
  publish(channel: FeedChannel, release: Release | null): void
  setFault(fault: FeedFault): void
  /** Download pacing: bytes per chunk and the pause between chunks. */
  setTrickle(options: { chunkBytes: number; intervalMs: number }): void
  /** The exact bytes of the update file of a published release, and its sha512 (base64). */
  fileOf(channel: FeedChannel): { name: string; bytes: Buffer; sha512: string } | null
  close(): Promise<void>
}

function updateFileName(version: string): string {
  if (process.platform === 'win32') return `Harbor-Setup-${version}-x64.exe`
  if (process.platform === 'darwin') return `Harbor-${version}-mac.zip`
  return `Harbor-${version}-x86_64.AppImage`
}

function defaultPayload(version: string): Buffer {
  const seed = createHash('sha256').update(version).digest()
  const payload = Buffer.alloc(1024 * 1024)
  for (let i = 0; i < payload.length; i += seed.length) seed.copy(payload, i)
  return payload
}

interface Published {
  version: string
  releaseName?: string
  releaseNotes?: Release['releaseNotes']
  name: string
  bytes: Buffer
  sha512: string
  announcedSha512: string
}

const FEED_SUFFIXES = ['', '-mac', '-linux', '-linux-arm64']

export async function startFeedServer(): Promise<FeedServer> {
  const releases = new Map<FeedChannel, Published>()
  let fault: FeedFault = { kind: 'none' }
  let trickle = { chunkBytes: 256 * 1024, intervalMs: 20 }
  const requests: string[] = []
  const sockets = new Set<Socket>()
  const timers = new Set<NodeJS.Timeout>()

  const feedFor = (path: string): Published | 'unknown' | null => {
    for (const channel of ['latest', 'beta'] as const) {
      if (FEED_SUFFIXES.some((suffix) => path === `/${channel}${suffix}.yml`))
        return releases.get(channel) ?? null
    }
    return 'unknown'
  }

  const feedYaml = (release: Published) =>
    [
      `version: ${release.version}`,
      'files:',
      `  - url: ${release.name}`,
      `    sha512: ${release.announcedSha512}`,
      `    size: ${release.bytes.length}`,
      `path: ${release.name}`,
      `sha512: ${release.announcedSha512}`,
      `releaseDate: '2026-01-01T00:00:00.000Z'`,
      // JSON is YAML: any text (quotes, newlines, markup) survives the round trip exactly.
      ...(release.releaseName === undefined ? [] : [`releaseName: ${JSON.stringify(release.releaseName)}`]),
      ...(release.releaseNotes === undefined
        ? []
        : [`releaseNotes: ${JSON.stringify(release.releaseNotes)}`]),
      '',
    ].join('\n')

  const sendFile = (response: ServerResponse, bytes: Buffer) => {
    response.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': bytes.length })
    const limit = fault.kind === 'truncate-download' ? Math.min(fault.afterBytes, bytes.length) : bytes.length
    const { chunkBytes, intervalMs } = trickle
    let offset = 0
    const timer = setInterval(() => {
      if (response.destroyed) {
        clearInterval(timer)
        timers.delete(timer)
        return
      }
      if (offset >= limit) {
        clearInterval(timer)
        timers.delete(timer)
        // Cut short: the socket closes with bytes still owed, as when a connection drops mid-download.
        if (limit < bytes.length) response.socket?.destroy()
        else response.end()
        return
      }
      const end = Math.min(offset + chunkBytes, limit)
      response.write(bytes.subarray(offset, end))
      offset = end
    }, intervalMs)
    timers.add(timer)
  }

  const server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname
    requests.push(`${request.method} ${path}`)
    const feed = feedFor(path)
    if (feed !== 'unknown') {
      if (fault.kind === 'feed-status') {
        response.writeHead(fault.status, { 'Content-Type': 'text/plain' })
        response.end(`Feed unavailable (${fault.status})`)
      } else if (fault.kind === 'feed-body') {
        response.writeHead(200, { 'Content-Type': 'text/yaml' })
        response.end(fault.body)
      } else if (feed === null) {
        response.writeHead(404)
        response.end()
      } else {
        response.writeHead(200, { 'Content-Type': 'text/yaml' })
        response.end(feedYaml(feed))
      }
      return
    }
    const release = [...releases.values()].find((candidate) => path === `/${candidate.name}`)
    if (release && request.method === 'GET' && !request.headers.range) {
      sendFile(response, release.bytes)
    } else {
      // Blockmaps and ranged requests: electron-updater falls back to a full download.
      response.writeHead(404)
      response.end()
    }
  })
  server.on('connection', (socket) => {
    sockets.add(socket)
    socket.once('close', () => sockets.delete(socket))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo

  return {
    url: `http://127.0.0.1:${port}/`,
    requests,
    publish(channel, release) {
      if (release === null) {
        releases.delete(channel)
        return
      }
      const bytes = release.payload ?? defaultPayload(release.version)
      const sha512 = createHash('sha512').update(bytes).digest('base64')
      releases.set(channel, {
        version: release.version,
        releaseName: release.releaseName,
        releaseNotes: release.releaseNotes,
        name: updateFileName(release.version),
        bytes,
        sha512,
        announcedSha512: release.announcedSha512 ?? sha512,
      })
    },
    setFault(next) {
      fault = next
    },
    setTrickle(next) {
      trickle = next
    },
    fileOf(channel) {
      const release = releases.get(channel)
      return release ? { name: release.name, bytes: release.bytes, sha512: release.sha512 } : null
    },
    close: () =>
      new Promise((resolve) => {
        for (const timer of timers) clearInterval(timer)
        for (const socket of sockets) socket.destroy()
        server.close(() => resolve())
      }),
  }
}
