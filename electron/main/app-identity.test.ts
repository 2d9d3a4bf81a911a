import { describe, expect, it } from 'vitest'
import { existsSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { aboutPanelOptions, appIconPath, resolveAppIdentity } from './app-identity'

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

describe('the app icon and the About panel', () => {
  it('packaged builds read the icon beside app.asar, development runs from resources/', () => {
    expect(appIconPath({ isPackaged: true, resourcesPath: '/opt/Harbor/resources', appPath: '/x' })).toBe(
      join('/opt/Harbor/resources', 'icon.png'),
    )
    const dev = appIconPath({ isPackaged: false, resourcesPath: '/x', appPath: resolve('.') })
    expect(dev).toBe(join(resolve('.'), 'resources', 'icon.png'))
    // The development path names the real file, the one electron-builder.yml copies with extraResources.
    expect(existsSync(dev)).toBe(true)
  })

  it.each(['win32', 'linux'] as const)('%s: the About panel shows the app icon', (platform) => {
    expect(
      aboutPanelOptions({ productName: 'Harbor', version: '1.2.3', platform, iconPath: '/i.png' }),
    ).toEqual({
      applicationName: 'Harbor',
      applicationVersion: '1.2.3',
      copyright: 'Copyright © 2026 Harbor contributors',
      iconPath: '/i.png',
    })
  })

  it('macOS: the bundle icon, no iconPath (it is not supported there)', () => {
    const options = aboutPanelOptions({
      productName: 'Harbor',
      version: '1.2.3',
      platform: 'darwin',
      iconPath: '/i.png',
    })
    expect(options).not.toHaveProperty('iconPath')
    expect(options.applicationName).toBe('Harbor')
  })
})
