// A real HTTP server on 127.0.0.1 for the warm-launch measurement. Playwright's request interception turns
// Chromium's HTTP cache off (and with it the V8 code cache, which hangs off cached responses), so a warm launch
// needs a server the browser talks to directly. Files come from the same protocol handler as the cold loads;
// only the caching headers differ, and they are the ones any production web server sends for a Vite build.
import { createHash } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface CachingServer {
  origin: string
  close(): Promise<void>
}

/**
 * Content-hashed files under /assets/ never change under one name: cache them for a year without asking again.
 * Everything else (index.html) is revalidated on every load and answered with 304 when unchanged.
 */
export function cacheHeadersFor(path: string): { cacheControl: string; revalidate: boolean } {
  return path.startsWith('/assets/')
    ? { cacheControl: 'public, max-age=31536000, immutable', revalidate: false }
    : { cacheControl: 'no-cache', revalidate: true }
}

export async function startCachingServer(
  serve: (url: string) => Promise<Response>,
  /** The origin `serve` expects in URLs (the cold loads' `http://renderer`). */
  servedOrigin: string,
): Promise<CachingServer> {
  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const path = new URL(request.url ?? '/', 'http://placeholder').pathname
    const answer = await serve(`${servedOrigin}${path}`)
    const body = Buffer.from(await answer.arrayBuffer())
    const headers = Object.fromEntries(answer.headers)
    if (answer.status !== 200) {
      response.writeHead(answer.status, headers).end(body)
      return
    }
    const { cacheControl, revalidate } = cacheHeadersFor(path)
    headers['cache-control'] = cacheControl
    if (revalidate) {
      const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`
      headers.etag = etag
      if (request.headers['if-none-match'] === etag) {
        response.writeHead(304, { etag, 'cache-control': cacheControl }).end()
        return
      }
    }
    response.writeHead(200, { ...headers, 'content-length': String(body.length) }).end(body)
  }
  const server = createServer((request, response) => {
    handle(request, response).catch(() => {
      if (!response.headersSent) response.writeHead(500)
      response.end()
    })
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', resolve)
  })
  const { port } = server.address() as AddressInfo
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  }
}
