import { describe, expect, it } from 'vitest'
import { afterFirstFrameLoader } from './after-first-frame'
import { rendererDocument } from './renderer-document'

const KEY = `pk_test_${Buffer.from('clerk.example.com$').toString('base64')}`
const CONVEX = 'https://happy-animal-123.convex.cloud'

const scriptSources = (csp: string) =>
  csp
    .split(';')
    .find((directive) => directive.trim().startsWith('script-src'))!
    .trim()
    .split(/\s+/)
    .slice(1)

describe('rendererDocument', () => {
  it('opens the early socket to the Convex client’s URL, allowed by the CSP by that script’s hash', () => {
    const served = rendererDocument({
      publishableKey: KEY,
      convexUrl: CONVEX,
      mode: 'production',
      convexClientVersion: '1.49.0',
    })
    expect(served.signedInBodyEnd).toContain('"wss://happy-animal-123.convex.cloud/api/1.49.0/sync"')
    const hashes = scriptSources(served.contentSecurityPolicy).filter((source) =>
      source.startsWith("'sha256-"),
    )
    // The early socket's and the loader's (after-first-frame.ts), nothing else.
    expect(hashes).toEqual([expect.stringMatching(/^'sha256-/), afterFirstFrameLoader().cspSource])
    expect(served.afterFirstFrameLoader).toBe(afterFirstFrameLoader().element)
    const other = rendererDocument({
      publishableKey: KEY,
      convexUrl: CONVEX,
      mode: 'production',
      convexClientVersion: '1.50.0',
    })
    expect(scriptSources(other.contentSecurityPolicy)).not.toContain(hashes[0])
    expect(served.preconnect).toEqual(['https://clerk.example.com'])
  })

  it('adds no socket and no hash but the loader’s without a valid Convex URL, and no preconnect without a valid key', () => {
    const served = rendererDocument({
      publishableKey: 'nope',
      convexUrl: 'http://example.com',
      mode: 'production',
      convexClientVersion: '1.49.0',
    })
    expect(served.signedInBodyEnd).toBeUndefined()
    expect(scriptSources(served.contentSecurityPolicy).filter((s) => s.startsWith("'sha256-"))).toEqual([
      afterFirstFrameLoader().cspSource,
    ])
    expect(served.preconnect).toEqual([])
  })
})
