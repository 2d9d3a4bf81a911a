// A tiny update server for the update test: serves the channel files electron-updater asks for
// (latest.yml, latest-mac.yml, latest-linux.yml, and their beta twins) announcing one version, and the update
// file itself, slowly, so the download stays in progress long enough to be seen.
import { createHash } from 'node:crypto'
import { createServer, type ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'

export interface UpdateServer {
  url: string
  requests: string[]
  close(): Promise<void>
}

function updateFileName(version: string): string {
  if (process.platform === 'win32') return `Harbor-Setup-${version}-x64.exe`
  if (process.platform === 'darwin') return `Harbor-${version}-mac.zip`
  return `Harbor-${version}-x86_64.AppImage`
}

export async function startUpdateServer(options: {
  version: string
  payloadBytes?: number
  chunkBytes?: number
  intervalMs?: number
}): Promise<UpdateServer> {
  const payload = Buffer.alloc(options.payloadBytes ?? 4 * 1024 * 1024, 0x2a)
  const chunk = options.chunkBytes ?? 32 * 1024
  const interval = options.intervalMs ?? 150
  const sha512 = createHash('sha512').update(payload).digest('base64')
  const file = updateFileName(options.version)
  const feed = [
    `version: ${options.version}`,
    'files:',
    `  - url: ${file}`,
    `    sha512: ${sha512}`,
    `    size: ${payload.length}`,
    `path: ${file}`,
    `sha512: ${sha512}`,
    `releaseDate: '2026-01-01T00:00:00.000Z'`,
    '',
  ].join('\n')
  const feedFiles = new Set(
    ['latest', 'beta'].flatMap((channel) =>
      ['', '-mac', '-linux', '-linux-arm64'].map((suffix) => `/${channel}${suffix}.yml`),
    ),
  )
  const requests: string[] = []
  const sockets = new Set<Socket>()
  const timers = new Set<NodeJS.Timeout>()

  const trickle = (response: ServerResponse) => {
    response.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': payload.length })
    let offset = 0
    const timer = setInterval(() => {
      if (offset >= payload.length || response.destroyed) {
        clearInterval(timer)
        timers.delete(timer)
        response.end()
        return
      }
      response.write(payload.subarray(offset, offset + chunk))
      offset += chunk
    }, interval)
    timers.add(timer)
  }

  const server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname
    requests.push(`${request.method} ${path}`)
    if (feedFiles.has(path)) {
      response.writeHead(200, { 'Content-Type': 'text/yaml' })
      response.end(feed)
    } else if (path === `/${file}` && request.method === 'GET' && !request.headers.range) {
      trickle(response)
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
    close: () =>
      new Promise((resolve) => {
        for (const timer of timers) clearInterval(timer)
        for (const socket of sockets) socket.destroy()
        server.close(() => resolve())
      }),
  }
}
