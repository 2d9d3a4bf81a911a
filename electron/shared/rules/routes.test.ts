import { describe, expect, it } from 'vitest'
import { DEVICE_ID_PATTERN } from './limits'
import { formatRoute, parseRoutePath, type AppRoute } from './routes'

describe('the route table', () => {
  it('formats and parses every route both ways', () => {
    const routes: AppRoute[] = [
      { name: 'home' },
      { name: 'profile' },
      { name: 'devices' },
      { name: 'device', deviceId: '3f2a9c1e-0b7d-4e55-9a61-2c8f0d4b7e10' },
      { name: 'settings' },
      { name: 'diagnostics' },
    ]
    for (const route of routes) expect(parseRoutePath(formatRoute(route))).toEqual({ ok: true, route })
  })

  it('accepts exactly the device ids the server accepts (8 to 64 of [A-Za-z0-9_-])', () => {
    for (const id of ['abcdefgh', 'a'.repeat(64), 'A_b-0123']) {
      expect(DEVICE_ID_PATTERN.test(id)).toBe(true)
      expect(parseRoutePath(`/devices/${id}`)).toMatchObject({ ok: true })
    }
    for (const id of ['abcdefg', 'a'.repeat(65), 'abcdefg.', 'abc%20defg']) {
      expect(parseRoutePath(`/devices/${id}`)).toEqual({ ok: false, reason: 'device id is malformed' })
    }
  })

  it('decodes a device id only when asked (the address bar), never for deep links', () => {
    expect(parseRoutePath('/devices/abc%2Ddefgh', { decode: true })).toMatchObject({ ok: true })
    expect(parseRoutePath('/devices/abc%2Ddefgh')).toMatchObject({ ok: false })
    expect(parseRoutePath('/devices/%E0%A4%A', { decode: true })).toMatchObject({ ok: false })
  })

  it('knows nothing else, including prototype names', () => {
    for (const path of ['/admin', '/constructor', '/__proto__', '/devices/abcdefgh/x', '/Profile']) {
      expect(parseRoutePath(path)).toEqual({ ok: false, reason: 'unknown route' })
    }
    expect(parseRoutePath('/profile/')).toEqual({ ok: true, route: { name: 'profile' } })
  })
})
