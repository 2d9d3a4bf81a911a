import { afterEach, describe, expect, it } from 'vitest'
import { cacheHeadersFor, startCachingServer, type CachingServer } from './caching-server.ts'

const files: Record<string, string> = {
  '/index.html': '<!doctype html><p>page</p>',
  '/assets/index-abc123.js': 'console.log(1)',
}

// Stands in for the protocol handler: answers `http://renderer/...` URLs, 404 for anything else.
async function serve(url: string): Promise<Response> {
  const { origin, pathname } = new URL(url)
  if (origin !== 'http://renderer') return new Response('wrong origin', { status: 500 })
  const body = files[pathname === '/' ? '/index.html' : pathname]
  if (body === undefined)
    return new Response('not found', { status: 404, headers: { 'Content-Type': 'text/plain' } })
  const type = pathname.endsWith('.js') ? 'text/javascript' : 'text/html'
  return new Response(body, { status: 200, headers: { 'Content-Type': type, 'Cache-Control': 'no-cache' } })
}

let server: CachingServer | undefined
afterEach(async () => {
  await server?.close()
  server = undefined
})

describe('caching server for warm launches', () => {
  it('caches hashed assets for good and revalidates everything else', () => {
    expect(cacheHeadersFor('/assets/index-abc123.js')).toEqual({
      cacheControl: 'public, max-age=31536000, immutable',
      revalidate: false,
    })
    expect(cacheHeadersFor('/')).toEqual({ cacheControl: 'no-cache', revalidate: true })
    expect(cacheHeadersFor('/index.html').revalidate).toBe(true)
  })

  it('serves the handler’s files on 127.0.0.1 with those headers, and 304 for an unchanged page', async () => {
    server = await startCachingServer(serve, 'http://renderer')
    expect(server.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)

    const asset = await fetch(`${server.origin}/assets/index-abc123.js`)
    expect(asset.status).toBe(200)
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable')
    expect(asset.headers.get('etag')).toBeNull()
    expect(await asset.text()).toBe('console.log(1)')

    const page = await fetch(`${server.origin}/`)
    expect(page.headers.get('cache-control')).toBe('no-cache')
    expect(page.headers.get('content-type')).toBe('text/html')
    const etag = page.headers.get('etag')
    expect(etag).toMatch(/^"[\w-]{22}"$/)
    expect(await page.text()).toBe(files['/index.html'])

    const unchanged = await fetch(`${server.origin}/`, { headers: { 'If-None-Match': etag! } })
    expect(unchanged.status).toBe(304)
    expect(await unchanged.text()).toBe('')
    const stale = await fetch(`${server.origin}/`, { headers: { 'If-None-Match': '"something-else"' } })
    expect(stale.status).toBe(200)
  })

  it('passes the handler’s refusals through without cache headers', async () => {
    server = await startCachingServer(serve, 'http://renderer')
    const missing = await fetch(`${server.origin}/assets/missing.js`)
    expect(missing.status).toBe(404)
    expect(missing.headers.get('cache-control')).toBeNull()
    expect(await missing.text()).toBe('not found')
  })
})
