import { describe, expect, it } from 'vitest'
import { buildContentSecurityPolicy, withContentSecurityPolicy } from './csp'

// pk_test_ + base64("clerk.example.com$")
const KEY = `pk_test_${Buffer.from('clerk.example.com$').toString('base64')}`
const CONVEX = 'https://happy-animal-123.convex.cloud'

function directives(csp: string): Map<string, string[]> {
  return new Map(
    csp.split(';').map((part) => {
      const [name = '', ...values] = part.trim().split(/\s+/)
      return [name, values] as [string, string[]]
    }),
  )
}

describe('buildContentSecurityPolicy: production', () => {
  const csp = buildContentSecurityPolicy({ publishableKey: KEY, convexUrl: CONVEX, mode: 'production' })
  const d = directives(csp)

  it('allows Clerk where its docs require it', () => {
    expect(d.get('script-src')).toEqual([
      "'self'",
      'https://clerk.example.com',
      'https://challenges.cloudflare.com',
    ])
    expect(d.get('connect-src')).toContain('https://clerk.example.com')
    expect(d.get('frame-src')).toEqual(['https://clerk.example.com', 'https://challenges.cloudflare.com'])
    expect(d.get('img-src')).toContain('https://img.clerk.com')
    expect(d.get('worker-src')).toEqual(["'self'", 'blob:'])
    expect(d.get('style-src')).toEqual(["'self'", "'unsafe-inline'"])
  })

  it('allows the Convex deployment over https and wss', () => {
    expect(d.get('connect-src')).toEqual([
      "'self'",
      'https://clerk.example.com',
      CONVEX,
      'wss://happy-animal-123.convex.cloud',
    ])
  })

  it('has no inline or eval scripts, no dev server, and locks the rest down', () => {
    expect(csp).not.toContain("'unsafe-eval'")
    expect(d.get('script-src')).not.toContain("'unsafe-inline'")
    expect(csp).not.toMatch(/localhost|127\.0\.0\.1|ws:\/\//)
    expect(d.get('default-src')).toEqual(["'self'"])
    expect(d.get('object-src')).toEqual(["'none'"])
    expect(d.get('base-uri')).toEqual(["'self'"])
    expect(d.get('frame-ancestors')).toEqual(["'none'"])
  })

  it('allows an inline script by its hash only, and drops anything that is not a sha256 source', () => {
    const hash = "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='"
    const withHash = directives(
      buildContentSecurityPolicy({
        publishableKey: KEY,
        convexUrl: CONVEX,
        mode: 'production',
        inlineScriptHashes: [hash, "'unsafe-inline'", "'sha256-x' https://evil.example", '*'],
      }),
    )
    expect(withHash.get('script-src')).toEqual([
      "'self'",
      hash,
      'https://clerk.example.com',
      'https://challenges.cloudflare.com',
    ])
  })

  it('ignores a dev server URL in production', () => {
    const withDev = buildContentSecurityPolicy({
      publishableKey: KEY,
      convexUrl: CONVEX,
      mode: 'production',
      devServerUrl: 'http://localhost:5173',
    })
    expect(withDev).toBe(csp)
  })
})

describe('buildContentSecurityPolicy: development', () => {
  const d = directives(
    buildContentSecurityPolicy({
      publishableKey: KEY,
      convexUrl: CONVEX,
      mode: 'development',
      devServerUrl: 'http://localhost:5173/',
    }),
  )

  it('allows the dev server and its HMR socket', () => {
    expect(d.get('script-src')).toEqual(expect.arrayContaining(['http://localhost:5173', "'unsafe-inline'"]))
    expect(d.get('connect-src')).toEqual(
      expect.arrayContaining(['http://localhost:5173', 'ws://localhost:5173']),
    )
    expect(d.get('style-src')).toContain('http://localhost:5173')
  })

  it('still never allows eval', () => {
    expect([...d.values()].flat()).not.toContain("'unsafe-eval'")
  })

  it('refuses a non-local dev server origin', () => {
    const csp = buildContentSecurityPolicy({
      publishableKey: KEY,
      convexUrl: CONVEX,
      mode: 'development',
      devServerUrl: 'http://evil.com:5173',
    })
    expect(csp).not.toContain('evil.com')
    expect(directives(csp).get('script-src')).not.toContain("'unsafe-inline'")
  })

  it('allows a local Convex backend', () => {
    const csp = buildContentSecurityPolicy({
      publishableKey: KEY,
      convexUrl: 'http://127.0.0.1:3210',
      mode: 'development',
    })
    expect(directives(csp).get('connect-src')).toEqual(
      expect.arrayContaining(['http://127.0.0.1:3210', 'ws://127.0.0.1:3210']),
    )
  })
})

describe('buildContentSecurityPolicy: missing or invalid configuration', () => {
  it.each([
    [undefined, undefined],
    ['', ''],
    ['sk_test_abc', 'https://evil.com'],
    ['pk_test_not-base64!', 'ftp://x.convex.cloud'],
    [`pk_test_${Buffer.from('evil.com/path$').toString('base64')}`, 'https://x.convex.site'],
  ])('key %j / url %j adds no remote host', (publishableKey, convexUrl) => {
    const csp = buildContentSecurityPolicy({ publishableKey, convexUrl, mode: 'production' })
    expect(csp).not.toMatch(/https:\/\/(?!img\.clerk\.com|challenges\.cloudflare\.com)/)
    expect(directives(csp).get('frame-src')).toEqual(['https://challenges.cloudflare.com'])
    expect(directives(csp).get('connect-src')).toEqual(["'self'"])
  })
})

describe('withContentSecurityPolicy', () => {
  it('replaces any CSP the dev server sent and keeps the other headers', () => {
    const headers = withContentSecurityPolicy(
      { 'content-security-policy': ['default-src *'], 'Content-Type': 'text/html', Vary: ['Origin'] },
      "default-src 'self'",
    )
    expect(headers).toEqual({
      'Content-Type': ['text/html'],
      Vary: ['Origin'],
      'Content-Security-Policy': ["default-src 'self'"],
    })
  })

  it('works without headers', () => {
    expect(withContentSecurityPolicy(undefined, 'x')).toEqual({ 'Content-Security-Policy': ['x'] })
  })
})
