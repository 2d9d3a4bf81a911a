import { describe, expect, it } from 'vitest'
import { resolveAppIdentity } from './app-identity'

describe('resolveAppIdentity', () => {
  it('packaged builds use the product identity', () => {
    expect(resolveAppIdentity({ isPackaged: true })).toEqual({
      productName: 'Harbor',
      appId: 'dev.harbor.desktop',
      scheme: 'harbor',
      rendererHost: 'renderer',
      rendererOrigin: 'harbor://renderer',
      keychainService: 'Harbor',
      isDevelopment: false,
    })
  })

  it('development gets its own scheme, app id and keychain service', () => {
    const dev = resolveAppIdentity({ isPackaged: false })
    const prod = resolveAppIdentity({ isPackaged: true })
    expect(dev.scheme).toBe('harbor-dev')
    expect(dev.rendererOrigin).toBe('harbor-dev://renderer')
    expect(dev.keychainService).toBe('Harbor (development)')
    expect(dev.appId).not.toBe(prod.appId)
    expect(dev.isDevelopment).toBe(true)
  })

  it('applies build-time overrides and ignores empty ones', () => {
    const identity = resolveAppIdentity({
      isPackaged: true,
      overrides: { productName: 'Harbor Staging', appId: 'dev.harbor.staging', scheme: ' ' },
    })
    expect(identity).toMatchObject({
      productName: 'Harbor Staging',
      appId: 'dev.harbor.staging',
      scheme: 'harbor',
      keychainService: 'Harbor Staging',
    })
  })

  it.each([
    [{ scheme: 'http' }, /URL scheme/],
    [{ scheme: 'https' }, /URL scheme/],
    [{ scheme: 'file' }, /URL scheme/],
    [{ scheme: 'Harbor' }, /URL scheme/],
    [{ scheme: 'har bor' }, /URL scheme/],
    [{ scheme: 'harbor://' }, /URL scheme/],
    [{ scheme: '1harbor' }, /URL scheme/],
    [{ appId: 'harbor' }, /app id/],
    [{ appId: 'dev.harbor/../x' }, /app id/],
    [{ productName: '../etc' }, /product name/],
    [{ productName: 'a\u0000b' }, /product name/],
  ])('refuses the invalid override %j', (overrides, message) => {
    expect(() => resolveAppIdentity({ isPackaged: true, overrides })).toThrow(message)
  })
})
