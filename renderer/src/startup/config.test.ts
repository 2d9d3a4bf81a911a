import { describe, expect, it } from 'vitest'
import { readConfig } from './config'

const KEY = `pk_test_${btoa('clerk.example.com$')}`

describe('readConfig', () => {
  it('accepts a valid key and URL', () => {
    expect(
      readConfig({
        VITE_CLERK_PUBLISHABLE_KEY: ` ${KEY} `,
        VITE_CONVEX_URL: 'https://happy-animal-123.convex.cloud',
      }),
    ).toEqual({
      ok: true,
      publishableKey: KEY,
      frontendApiHost: 'clerk.example.com',
      convexUrl: 'https://happy-animal-123.convex.cloud',
    })
  })

  it('names every problem, each with a fix', () => {
    const config = readConfig({ VITE_CLERK_PUBLISHABLE_KEY: 'sk_test_abc', VITE_CONVEX_URL: 42 })
    expect(config.ok).toBe(false)
    if (config.ok) return
    expect(config.problems.map((p) => p.variable)).toEqual(['VITE_CLERK_PUBLISHABLE_KEY', 'VITE_CONVEX_URL'])
    expect(config.problems[0]?.reason).toMatch(/secret key/)
    expect(config.problems[1]?.reason).toBe('VITE_CONVEX_URL is not set')
    for (const problem of config.problems) expect(problem.fix.length).toBeGreaterThan(20)
  })
})
