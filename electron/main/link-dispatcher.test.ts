import { describe, expect, it } from 'vitest'
import type { AppRoute } from '../shared/contract'
import { createLinkDispatcher } from './link-dispatcher'

function setup(maxQueued?: number) {
  const delivered: AppRoute[] = []
  const logs: string[] = []
  let reveals = 0
  const dispatcher = createLinkDispatcher({
    scheme: 'harbor',
    deliver: (route) => delivered.push(route),
    reveal: () => {
      reveals += 1
    },
    log: { info: (m) => logs.push(`info ${m}`), warn: (m) => logs.push(`warn ${m}`) },
    maxQueued,
  })
  return { dispatcher, delivered, logs, reveals: () => reveals }
}

describe('link dispatcher', () => {
  it('queues routes until the renderer is ready, then delivers them in order', () => {
    const { dispatcher, delivered } = setup()
    dispatcher.handle('harbor://renderer/devices/abcdefgh')
    dispatcher.handle('harbor://renderer/settings')
    expect(delivered).toEqual([])
    expect(dispatcher.queued()).toHaveLength(2)
    dispatcher.rendererReady()
    expect(delivered).toEqual([{ name: 'device', deviceId: 'abcdefgh' }, { name: 'settings' }])
    expect(dispatcher.queued()).toEqual([])
  })

  it('delivers at once while ready, and queues again after the renderer goes away', () => {
    const { dispatcher, delivered } = setup()
    dispatcher.rendererReady()
    dispatcher.handle('harbor://renderer/profile')
    expect(delivered).toEqual([{ name: 'profile' }])
    dispatcher.rendererGone()
    dispatcher.handle('harbor://renderer/devices')
    expect(delivered).toHaveLength(1)
    dispatcher.rendererReady()
    expect(delivered).toEqual([{ name: 'profile' }, { name: 'devices' }])
  })

  it('does not deliver a queued link twice when ready is signalled twice', () => {
    const { dispatcher, delivered } = setup()
    dispatcher.handle('harbor://renderer/profile')
    dispatcher.rendererReady()
    dispatcher.rendererReady()
    expect(delivered).toEqual([{ name: 'profile' }])
  })

  it('bounds the queue, keeping the newest links', () => {
    const { dispatcher, delivered } = setup(2)
    dispatcher.handle('harbor://renderer/profile')
    dispatcher.handle('harbor://renderer/devices')
    dispatcher.handle('harbor://renderer/settings')
    dispatcher.rendererReady()
    expect(delivered).toEqual([{ name: 'devices' }, { name: 'settings' }])
  })

  it('drops and logs rejected links without the query, and does not reveal the window', () => {
    const { dispatcher, delivered, logs, reveals } = setup()
    const link = dispatcher.handle('harbor://evil/steal?token=SECRET')
    expect(link.kind).toBe('rejected')
    dispatcher.rendererReady()
    expect(delivered).toEqual([])
    expect(reveals()).toBe(0)
    expect(logs).toEqual(['warn Rejected app link harbor://evil/steal?<redacted>: link has the wrong host'])
  })

  it('leaves OAuth callbacks to the Clerk bridge: nothing routed, query never logged', () => {
    const { dispatcher, delivered, logs, reveals } = setup()
    expect(dispatcher.handle('harbor://renderer/?rotating_token_nonce=SECRET').kind).toBe('oauth-callback')
    dispatcher.rendererReady()
    expect(delivered).toEqual([])
    expect(reveals()).toBe(1)
    expect(logs.join('\n')).not.toContain('SECRET')
  })

  it('reveals the window for every accepted route', () => {
    const { dispatcher, reveals } = setup()
    dispatcher.handle('harbor://renderer/profile')
    dispatcher.rendererReady()
    dispatcher.handle('harbor://renderer/settings')
    expect(reveals()).toBe(2)
  })

  it('holds a route opened from the menu like a link, in order with links, and reveals the window', () => {
    const { dispatcher, delivered, reveals } = setup()
    dispatcher.handle('harbor://renderer/devices')
    dispatcher.open({ name: 'settings' })
    expect(delivered).toEqual([])
    expect(reveals()).toBe(2)
    dispatcher.rendererReady()
    expect(delivered).toEqual([{ name: 'devices' }, { name: 'settings' }])
    dispatcher.open({ name: 'profile' })
    expect(delivered.at(-1)).toEqual({ name: 'profile' })
  })
})
