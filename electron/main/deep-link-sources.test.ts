import { EventEmitter } from 'node:events'
import { resolve } from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import { captureAppLinks, registerDevelopmentProtocolClient } from './deep-link-sources'
import { createLinkDispatcher } from './link-dispatcher'

function setup(argv: string[] = ['/opt/Harbor/harbor']) {
  const app = new EventEmitter()
  const handled: string[] = []
  const reveal = vi.fn()
  const dispose = captureAppLinks(app as never, {
    scheme: 'harbor',
    argv,
    handle: (raw) => handled.push(raw),
    reveal,
  })
  return { app, handled, reveal, dispose }
}

describe('captureAppLinks', () => {
  it('takes links from the cold-start argv (Windows/Linux)', () => {
    const { handled } = setup(['/opt/Harbor/harbor', '--no-sandbox', 'harbor://renderer/devices/abcdefgh'])
    expect(handled).toEqual(['harbor://renderer/devices/abcdefgh'])
  })

  it('ignores the executable and the dev app folder', () => {
    const { handled } = setup(['harbor://renderer/not-really-argv0', '.'])
    expect(handled).toEqual([])
  })

  it('handles open-url (macOS) and marks it handled', () => {
    const { app, handled } = setup()
    const event = { preventDefault: vi.fn() }
    app.emit('open-url', event, 'harbor://renderer/settings')
    expect(event.preventDefault).toHaveBeenCalled()
    expect(handled).toEqual(['harbor://renderer/settings'])
  })

  it("handles a second instance's argv and brings the window forward even without a link", () => {
    const { app, handled, reveal } = setup()
    app.emit('second-instance', {}, ['/opt/Harbor/harbor', 'harbor://renderer/profile'], '/home/me')
    app.emit('second-instance', {}, ['/opt/Harbor/harbor'], '/home/me')
    expect(handled).toEqual(['harbor://renderer/profile'])
    expect(reveal).toHaveBeenCalledTimes(2)
  })

  it('removes its listeners', () => {
    const { app, dispose } = setup()
    dispose()
    expect(app.listenerCount('open-url')).toBe(0)
    expect(app.listenerCount('second-instance')).toBe(0)
  })

  it('end to end with the dispatcher: links before the renderer is ready are queued, then delivered', () => {
    const app = new EventEmitter()
    const delivered: unknown[] = []
    const dispatcher = createLinkDispatcher({
      scheme: 'harbor',
      deliver: (route) => delivered.push(route),
      reveal: () => {},
      log: { info: () => {}, warn: () => {} },
    })
    captureAppLinks(app as never, {
      scheme: 'harbor',
      argv: ['exe', 'harbor://renderer/devices/abcdefgh'],
      handle: (raw) => dispatcher.handle(raw),
      reveal: () => {},
    })
    app.emit('open-url', { preventDefault: () => {} }, 'harbor://renderer/settings')
    app.emit('second-instance', {}, ['exe', 'harbor://evil/x', 'harbor://renderer/profile'], '/')
    expect(delivered).toEqual([])
    dispatcher.rendererReady()
    expect(delivered).toEqual([
      { name: 'device', deviceId: 'abcdefgh' },
      { name: 'settings' },
      { name: 'profile' },
    ])
  })
})

describe('registerDevelopmentProtocolClient', () => {
  it('registers the executable plus the resolved app folder when unpackaged', () => {
    const app = { setAsDefaultProtocolClient: vi.fn(() => true) }
    expect(
      registerDevelopmentProtocolClient(app, {
        scheme: 'harbor-dev',
        defaultApp: true,
        execPath: '/usr/bin/electron',
        argv: ['/usr/bin/electron', '.'],
      }),
    ).toBe(true)
    expect(app.setAsDefaultProtocolClient).toHaveBeenCalledWith('harbor-dev', '/usr/bin/electron', [
      resolve('.'),
    ])
  })

  it('does nothing for a packaged app', () => {
    const app = { setAsDefaultProtocolClient: vi.fn(() => true) }
    expect(
      registerDevelopmentProtocolClient(app, {
        scheme: 'harbor',
        defaultApp: undefined,
        execPath: '/opt/Harbor/harbor',
        argv: ['/opt/Harbor/harbor'],
      }),
    ).toBe(false)
    expect(app.setAsDefaultProtocolClient).not.toHaveBeenCalled()
  })
})
