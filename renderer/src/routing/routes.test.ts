import { describe, expect, it } from 'vitest'
import type { AppRoute } from '../../../electron/shared/contract'
import { parsePath, pathFor } from './routes'

describe('routes', () => {
  it('round-trips every app route', () => {
    const routes: AppRoute[] = [
      { name: 'home' },
      { name: 'profile' },
      { name: 'devices' },
      { name: 'device', deviceId: 'abc_123-x' },
      { name: 'settings' },
      { name: 'diagnostics' },
    ]
    for (const route of routes) expect(parsePath(pathFor(route))).toEqual(route)
  })

  it('tolerates a trailing slash and the index file', () => {
    expect(parsePath('/devices/')).toEqual({ name: 'devices' })
    expect(parsePath('/index.html')).toEqual({ name: 'home' })
  })

  it('refuses device ids that are not ids, and unknown paths', () => {
    expect(parsePath('/devices/..%2Fsecrets')).toEqual({ name: 'not-found', path: '/devices/..%2Fsecrets' })
    expect(parsePath('/devices/%E0%A4%A')).toMatchObject({ name: 'not-found' })
    expect(parsePath('/devices/a/b')).toMatchObject({ name: 'not-found' })
    expect(parsePath('/admin')).toEqual({ name: 'not-found', path: '/admin' })
  })
})
