// The backend's outgoing HTTP client for OIDC discovery and JWKS, pointed at loopback stand-ins: a host is
// reachable only if the test maps it to a port (the way Chromium's --host-resolver-rules map names), over TLS
// with the run's test certificate as the only CA and the real host name as SNI. Anything else fails the way an
// unresolvable name does, so nothing leaves the machine.
//
// Caching follows the real client (crates/http_client: reqwest + an HTTP cache honouring Cache-Control): a
// response is reused while its `max-age` lasts, unless it says no-store / no-cache / private. Redirects are not
// followed (a guess: the redirect policy is chosen by the backend's caller and not visible here).
import { request } from 'node:https'

export interface UpstreamResponse {
  status: number
  contentType: string | undefined
  cacheControl: string | undefined
  body: Buffer
}

export interface UpstreamClient {
  get(url: string, accept: string): Promise<UpstreamResponse>
}

export class UpstreamUnreachable extends Error {}

export function upstreamClient(options: {
  upstream: Record<string, number>
  ca: string
  onRequest?: (url: string, outcome: string) => void
  timeoutMs?: number
}): UpstreamClient {
  const cache = new Map<string, { expiresAt: number; response: UpstreamResponse }>()
  return {
    async get(url, accept) {
      const cached = cache.get(url)
      if (cached && cached.expiresAt > Date.now()) {
        options.onRequest?.(url, `cached ${cached.response.status}`)
        return cached.response
      }
      cache.delete(url)
      let response: UpstreamResponse
      try {
        response = await fetchOverTls(url, accept, options.upstream, options.ca, options.timeoutMs ?? 10_000)
      } catch (error) {
        options.onRequest?.(url, `failed: ${(error as Error).message}`)
        throw error
      }
      options.onRequest?.(url, String(response.status))
      const maxAgeMs = cacheLifetimeMs(response)
      if (maxAgeMs > 0) cache.set(url, { expiresAt: Date.now() + maxAgeMs, response })
      return response
    },
  }
}

function cacheLifetimeMs(response: UpstreamResponse): number {
  if (response.status !== 200) return 0
  const header = response.cacheControl?.toLowerCase()
  if (!header) return 0
  const directives = header.split(',').map((part) => part.trim())
  if (directives.some((d) => d === 'no-store' || d === 'no-cache' || d === 'private')) return 0
  const maxAge = directives.find((d) => d.startsWith('max-age='))
  const seconds = maxAge ? Number(maxAge.slice('max-age='.length)) : 0
  return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 0
}

function fetchOverTls(
  url: string,
  accept: string,
  upstream: Record<string, number>,
  ca: string,
  timeoutMs: number,
): Promise<UpstreamResponse> {
  return new Promise((resolve, reject) => {
    let parsed: URL
    try {
      parsed = new URL(url)
    } catch {
      reject(new UpstreamUnreachable(`invalid URL ${url}`))
      return
    }
    if (parsed.protocol !== 'https:') {
      reject(new UpstreamUnreachable(`only https is reachable from the stand-in, not ${parsed.protocol}`))
      return
    }
    const port = upstream[parsed.hostname]
    if (port === undefined) {
      reject(new UpstreamUnreachable(`dns error: ${parsed.hostname} is not mapped to a loopback stand-in`))
      return
    }
    const req = request(
      {
        host: '127.0.0.1',
        port,
        servername: parsed.hostname,
        ca,
        method: 'GET',
        path: parsed.pathname + parsed.search,
        headers: { host: parsed.host, accept },
        timeout: timeoutMs,
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (chunk: Buffer) => chunks.push(chunk))
        res.on('error', reject)
        res.on('end', () => {
          resolve({
            status: res.statusCode ?? 0,
            contentType: res.headers['content-type'],
            cacheControl: res.headers['cache-control'],
            body: Buffer.concat(chunks),
          })
        })
      },
    )
    req.on('timeout', () => req.destroy(new UpstreamUnreachable(`timed out after ${timeoutMs} ms`)))
    req.on('error', (error) =>
      reject(error instanceof UpstreamUnreachable ? error : new UpstreamUnreachable(error.message)),
    )
    req.end()
  })
}
