import { describe, expect, it, vi } from 'vitest'
import {
  createWindowOpenHandler,
  hardenWebContents,
  isSameAppOrigin,
  restrictPermissions,
  vetExternalUrl,
} from './security'

describe('vetExternalUrl', () => {
  it.each([
    'https://clerk.com/docs',
    'https://accounts.google.com/o/oauth2/auth?x=1',
    'https://example.co.uk/',
  ])('accepts %s', (url) => {
    expect(vetExternalUrl(url)).toEqual({ ok: true, url: new URL(url).href })
  })

  it.each([
    ['http://example.com', /only https/],
    ['file:///etc/passwd', /only https/],
    ['javascript:alert(1)', /only https/],
    ['harbor://renderer/', /only https/],
    ['smb://server/share', /only https/],
    ['ms-msdt:/id PCWDiagnostic', /control characters/],
    ['https://user:pw@example.com', /credentials/],
    ['https://localhost/', /local/],
    ['https://127.0.0.1/', /local/],
    ['https://[::1]/', /local/],
    ['https://intranet/', /local/],
    ['https://router/', /public domain/],
    ['https://exa mple.com', /control characters/],
    ['https://example.com/\n', /control characters/],
    ['https:\\\\example.com', /backslashes/],
    ['', /empty/],
    [`https://example.com/${'a'.repeat(2100)}`, /too long/],
    ['not a url', /control characters|not a URL/],
  ])('refuses %j', (url, reason) => {
    const result = vetExternalUrl(url)
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.reason).toMatch(reason)
  })

  it('refuses non-strings', () => {
    expect(vetExternalUrl({ href: 'https://x.com' })).toEqual({ ok: false, reason: 'URL is not a string' })
  })
})

function fakeContents() {
  const listeners = new Map<string, (...args: unknown[]) => void>()
  let openHandler: ((details: { url: string }) => unknown) | null = null
  return {
    on: vi.fn((name: string, listener: (...args: unknown[]) => void) => {
      listeners.set(name, listener)
    }),
    setWindowOpenHandler: vi.fn((handler: (details: { url: string }) => unknown) => {
      openHandler = handler
    }),
    emit(name: string, ...args: unknown[]) {
      listeners.get(name)?.(...args)
    },
    open: (url: string) => openHandler?.({ url }),
  }
}

function harden() {
  const contents = fakeContents()
  const openExternal = vi.fn(async (_url: string) => {})
  const warnings: string[] = []
  hardenWebContents(contents as never, {
    isAppUrl: (url) => isSameAppOrigin(url, 'harbor://renderer'),
    openExternal,
    log: { warn: (m) => warnings.push(m) },
  })
  return { contents, openExternal, warnings }
}

const event = () => ({ preventDefault: vi.fn() })

describe('hardenWebContents', () => {
  it('denies every window.open; hands only vetted https URLs to the browser', () => {
    const { contents, openExternal, warnings } = harden()
    expect(contents.open('https://clerk.com/legal')).toEqual({ action: 'deny' })
    expect(openExternal).toHaveBeenCalledWith('https://clerk.com/legal')
    expect(contents.open('file:///etc/passwd')).toEqual({ action: 'deny' })
    expect(contents.open('harbor://renderer/settings')).toEqual({ action: 'deny' })
    expect(openExternal).toHaveBeenCalledTimes(1)
    expect(warnings.some((w) => w.includes('Blocked window.open to file://'))).toBe(true)
  })

  it('blocks navigation and redirects away from the app origin', () => {
    const { contents, warnings } = harden()
    for (const name of ['will-navigate', 'will-redirect']) {
      const away = event()
      contents.emit(name, away, 'https://evil.com/phish?token=x')
      expect(away.preventDefault).toHaveBeenCalled()
      const inside = event()
      contents.emit(name, inside, 'harbor://renderer/devices')
      expect(inside.preventDefault).not.toHaveBeenCalled()
    }
    expect(warnings.join('\n')).not.toContain('token=x')
  })

  it.each(['harbor://evil/', 'harbor-dev://renderer/', 'harbor://user@renderer/', 'not a url'])(
    'treats %j as foreign',
    (url) => {
      const { contents } = harden()
      const e = event()
      contents.emit('will-navigate', e, url)
      expect(e.preventDefault).toHaveBeenCalled()
    },
  )

  it('refuses <webview> attachment', () => {
    const { contents } = harden()
    const e = event()
    contents.emit('will-attach-webview', e, {}, {})
    expect(e.preventDefault).toHaveBeenCalled()
  })

  it('logs a failing openExternal instead of throwing', async () => {
    const contents = fakeContents()
    const warnings: string[] = []
    hardenWebContents(contents as never, {
      isAppUrl: () => false,
      openExternal: async () => {
        throw new Error('no browser')
      },
      log: { warn: (m) => warnings.push(m) },
    })
    contents.open('https://clerk.com/')
    await new Promise((resolve) => setTimeout(resolve, 0))
    expect(warnings.join('\n')).toMatch(/openExternal failed/)
  })

  it('createWindowOpenHandler never allows a new window', () => {
    const handler = createWindowOpenHandler({
      isAppUrl: () => true,
      openExternal: async () => {},
      log: { warn: () => {} },
    })
    expect(handler({ url: 'harbor://renderer/' })).toEqual({ action: 'deny' })
  })
})

describe('restrictPermissions', () => {
  type RequestHandler = (
    contents: { getURL(): string } | null,
    permission: string,
    callback: (granted: boolean) => void,
    details?: { requestingUrl?: string },
  ) => void
  function install() {
    let request: RequestHandler | undefined
    let check: ((contents: unknown, permission: string, origin: string) => boolean) | undefined
    let device: (() => boolean) | undefined
    const session = {
      setPermissionRequestHandler: vi.fn((handler) => (request = handler)),
      setPermissionCheckHandler: vi.fn((handler) => (check = handler)),
      setDevicePermissionHandler: vi.fn((handler) => (device = handler)),
    }
    const warnings: string[] = []
    restrictPermissions(session as never, {
      appOrigin: 'harbor://renderer',
      log: { warn: (m) => warnings.push(m) },
    })
    return { request: request!, check: check!, device: device!, warnings }
  }
  const ours = { getURL: () => 'harbor://renderer/diagnostics' }

  it('denies every permission request, check and device request from our own renderer', () => {
    const { request, check, device, warnings } = install()
    for (const permission of [
      'media',
      'geolocation',
      'notifications',
      'clipboard-read',
      'openExternal',
      'fullscreen',
    ]) {
      const callback = vi.fn()
      request(ours, permission, callback, { requestingUrl: 'harbor://renderer/diagnostics' })
      expect(callback).toHaveBeenCalledWith(false)
      expect(check({}, permission, 'harbor://renderer')).toBe(false)
    }
    expect(device()).toBe(false)
    expect(warnings).toContain('Denied permission request: media')
  })

  it('allows clipboard writes from our renderer origin only', () => {
    const { request, check } = install()
    const granted = vi.fn()
    request(ours, 'clipboard-sanitized-write', granted, { requestingUrl: 'harbor://renderer/diagnostics' })
    expect(granted).toHaveBeenCalledWith(true)
    expect(check({}, 'clipboard-sanitized-write', 'harbor://renderer')).toBe(true)

    for (const foreign of [
      'https://evil.example/',
      'harbor://other/',
      'harbor-dev://renderer/',
      'file:///etc/passwd',
      '',
    ]) {
      const callback = vi.fn()
      request({ getURL: () => foreign }, 'clipboard-sanitized-write', callback, { requestingUrl: foreign })
      expect(callback).toHaveBeenCalledWith(false)
      expect(check({}, 'clipboard-sanitized-write', foreign)).toBe(false)
    }
  })
})
