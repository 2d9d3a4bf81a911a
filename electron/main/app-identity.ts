// Who this build is: product name, app id, URL scheme, renderer origin and keychain service. Development builds
// get their own scheme and keychain service so a dev run never steals the packaged app's deep links or reads
// its signed-in token. Values can be overridden at build time (`MAIN_VITE_APP_*`), e.g. for a white-label
// or a staging build installed next to the production one.

import { join } from 'node:path'

export const RENDERER_HOST = 'renderer'

export interface AppIdentity {
  productName: string
  appId: string
  /** The URL scheme this build registers and serves the renderer from. */
  scheme: string
  rendererHost: typeof RENDERER_HOST
  /** `<scheme>://renderer` */
  rendererOrigin: string
  /** keytar service name: one per build flavour, never shared with another library. */
  keychainService: string
  isDevelopment: boolean
}

/** Build-time overrides, read from `import.meta.env` by the composition root. Empty strings count as unset. */
export interface AppIdentityOverrides {
  productName?: string
  appId?: string
  scheme?: string
}

export const DEFAULT_IDENTITY = {
  productName: 'Harbor',
  appId: 'dev.harbor.desktop',
  scheme: 'harbor',
} as const

// RFC 3986 scheme syntax, lower case only (Chromium lower-cases schemes; a mixed-case registration would
// never match). Schemes with meaning elsewhere are refused so a typo cannot hijack web or file URLs.
const SCHEME = /^[a-z][a-z0-9+.-]{1,31}$/
const RESERVED_SCHEMES = new Set([
  'http',
  'https',
  'file',
  'ftp',
  'ws',
  'wss',
  'data',
  'blob',
  'javascript',
  'about',
  'chrome',
  'devtools',
  'mailto',
  'electron',
])
// Reverse-DNS app id as electron-builder and macOS bundle ids expect.
const APP_ID = /^[a-zA-Z][a-zA-Z0-9-]*(\.[a-zA-Z0-9-]+)+$/
const PRODUCT_NAME = /^[\p{L}\p{N}][\p{L}\p{N} ._-]{0,63}$/u

function pick(value: string | undefined, fallback: string): string {
  const trimmed = value?.trim()
  return trimmed ? trimmed : fallback
}

export function resolveAppIdentity(options: {
  isPackaged: boolean
  overrides?: AppIdentityOverrides
}): AppIdentity {
  const overrides = options.overrides ?? {}
  const isDevelopment = !options.isPackaged
  const productName = pick(overrides.productName, DEFAULT_IDENTITY.productName)
  const appId = pick(overrides.appId, DEFAULT_IDENTITY.appId)
  const baseScheme = pick(overrides.scheme, DEFAULT_IDENTITY.scheme)

  if (!PRODUCT_NAME.test(productName))
    throw new Error(`App identity: invalid product name ${JSON.stringify(productName)}`)
  if (!APP_ID.test(appId))
    throw new Error(`App identity: invalid app id ${JSON.stringify(appId)} (expected reverse DNS)`)
  if (!SCHEME.test(baseScheme) || RESERVED_SCHEMES.has(baseScheme)) {
    throw new Error(
      `App identity: invalid URL scheme ${JSON.stringify(baseScheme)} (lower-case letters, digits, + . -)`,
    )
  }

  const scheme = isDevelopment ? `${baseScheme}-dev` : baseScheme
  return {
    productName,
    appId: isDevelopment ? `${appId}.dev` : appId,
    scheme,
    rendererHost: RENDERER_HOST,
    rendererOrigin: `${scheme}://${RENDERER_HOST}`,
    keychainService: isDevelopment ? `${productName} (development)` : productName,
    isDevelopment,
  }
}

/**
 * The app icon as a file the OS can read: packaged builds carry it beside app.asar (electron-builder's
 * `extraResources`, because a path inside the archive means nothing to the About panel or the window manager);
 * development runs read it from the project's `resources/`.
 */
export function appIconPath(options: {
  isPackaged: boolean
  resourcesPath: string
  appPath: string
}): string {
  return options.isPackaged
    ? join(options.resourcesPath, 'icon.png')
    : join(options.appPath, 'resources', 'icon.png')
}

export interface AboutPanelOptions {
  applicationName: string
  applicationVersion: string
  copyright: string
  iconPath?: string
}

/**
 * What Help → About (Windows, Linux) and the app menu's About (macOS) show. macOS takes the bundle's icon by
 * itself and ignores `iconPath`; Windows and Linux show no icon without it.
 */
export function aboutPanelOptions(options: {
  productName: string
  version: string
  platform: NodeJS.Platform
  iconPath: string
}): AboutPanelOptions {
  return {
    applicationName: options.productName,
    applicationVersion: options.version,
    copyright: `Copyright © 2026 ${options.productName} contributors`,
    ...(options.platform === 'darwin' ? {} : { iconPath: options.iconPath }),
  }
}
