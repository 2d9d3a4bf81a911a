import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  clerkErrorMessage,
  createClerkBackend,
  parseDomains,
  parseInstance,
  parseJwtTemplates,
  parseRedirectUrls,
} from './clerk-api.ts'
import { createHttpClient, describeNetworkError } from './http.ts'
import { closedPortUrl, sendJson, startServer, type FakeServer } from './testing/fixtures.ts'

let server: FakeServer
beforeAll(async () => {
  server = await startServer((request, res) => {
    if (request.url === '/slow') return // never answers
    if (request.url === '/text') {
      res.writeHead(502, { 'Content-Type': 'text/html' })
      return res.end('<html>Bad gateway</html>')
    }
    if (request.url === '/v1/instance')
      return sendJson(res, 200, {
        object: 'instance',
        id: 'ins_1',
        environment_type: 'production',
        allowed_origins: null,
      })
    sendJson(res, 200, { method: request.method, body: request.body })
  })
})
afterAll(() => server.close())

describe('createHttpClient', () => {
  it('returns status, parsed JSON and text', async () => {
    const outcome = await createHttpClient()(`${server.url}/echo`, { method: 'POST', body: '{"a":1}' })
    expect(outcome).toMatchObject({
      kind: 'response',
      status: 200,
      json: { method: 'POST', body: '{"a":1}' },
    })
  })

  it('keeps a non-JSON body as text', async () => {
    expect(await createHttpClient()(`${server.url}/text`)).toEqual({
      kind: 'response',
      status: 502,
      json: null,
      text: '<html>Bad gateway</html>',
    })
  })

  it('reports a refused connection as unreachable', async () => {
    expect(await createHttpClient()(`${await closedPortUrl()}/x`)).toEqual({
      kind: 'unreachable',
      reason: 'connection refused',
    })
  })

  it('gives up after the timeout', async () => {
    const started = Date.now()
    expect(await createHttpClient(fetch, 300)(`${server.url}/slow`)).toEqual({
      kind: 'unreachable',
      reason: 'no answer within 300 ms',
    })
    expect(Date.now() - started).toBeLessThan(5_000)
  })

  it('reports DNS failures by name', async () => {
    const dnsFailure = Object.assign(new TypeError('fetch failed'), {
      cause: Object.assign(new Error('getaddrinfo ENOTFOUND clerk.example.invalid'), { code: 'ENOTFOUND' }),
    })
    const failingFetch = (async () => {
      throw dnsFailure
    }) as typeof fetch
    expect(await createHttpClient(failingFetch)('https://clerk.example.invalid')).toEqual({
      kind: 'unreachable',
      reason: 'host name did not resolve',
    })
    expect(
      describeNetworkError(Object.assign(new TypeError('x'), { cause: { code: 'CERT_HAS_EXPIRED' } }), 1000),
    ).toBe('CERT_HAS_EXPIRED')
  })
})

describe('Clerk Backend API client', () => {
  it('reads one path once per run however many checks ask', async () => {
    const backend = createClerkBackend(createHttpClient(), 'sk_test_x', `${server.url}/v1/`)
    const before = server.requests.length
    const [a, b] = await Promise.all([backend.get('/instance'), backend.get('/instance')])
    expect(a).toBe(b)
    expect(server.requests.length - before).toBe(1)
    expect(server.requests.at(-1)).toMatchObject({ url: '/v1/instance', authorization: 'Bearer sk_test_x' })
  })

  it("extracts Clerk's error message", () => {
    expect(
      clerkErrorMessage(
        {
          errors: [{ message: 'Not found', long_message: 'Resource not found', code: 'resource_not_found' }],
        },
        404,
      ),
    ).toBe('Resource not found (resource_not_found)')
    expect(clerkErrorMessage({ errors: [{ code: 'only_code' }] }, 400)).toBe('only_code')
    expect(clerkErrorMessage('<html>', 500)).toBe('HTTP 500')
  })
})

describe('response parsers', () => {
  it('parse the documented shapes', () => {
    expect(
      parseInstance({
        object: 'instance',
        id: 'ins_1',
        environment_type: 'development',
        allowed_origins: ['a', 3],
      }),
    ).toEqual({
      id: 'ins_1',
      environmentType: 'development',
      allowedOrigins: ['a'],
    })
    expect(
      parseJwtTemplates([
        { id: 'jtmp_1', name: 'convex', claims: { aud: 'convex' }, lifetime: 60, allowed_clock_skew: 5 },
        { name: 'broken' },
      ]),
    ).toEqual([
      { id: 'jtmp_1', name: 'convex', claims: { aud: 'convex' }, lifetime: 60, allowedClockSkew: 5 },
    ])
    expect(parseJwtTemplates({ data: [{ name: 'x', claims: {} }], total_count: 1 })).toEqual([
      { id: '', name: 'x', claims: {}, lifetime: null, allowedClockSkew: null },
    ])
    expect(
      parseDomains({
        data: [{ name: 'a.dev', is_satellite: false, frontend_api_url: 'https://clerk.a.dev' }],
      }),
    ).toEqual([{ name: 'a.dev', isSatellite: false, frontendApiUrl: 'https://clerk.a.dev' }])
    expect(parseRedirectUrls([{ object: 'redirect_url', url: 'harbor://renderer/' }])).toEqual([
      'harbor://renderer/',
    ])
  })

  it('refuse unknown shapes', () => {
    expect(parseInstance({ id: 1 })).toBeNull()
    expect(parseInstance({ id: 'i', environment_type: 'd', allowed_origins: 'x' })).toBeNull()
    expect(parseJwtTemplates({ templates: [] })).toBeNull()
    expect(parseDomains(null)).toBeNull()
    expect(parseRedirectUrls('nope')).toBeNull()
  })
})
