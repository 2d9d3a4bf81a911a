import { describe, expect, it, vi } from 'vitest'
import { createDesktopApi } from './desktop-api'

function fakeIpcRenderer() {
  const listeners = new Map<string, Set<(event: unknown, payload: unknown) => void>>()
  return {
    invoke: vi.fn(async (channel: string, ...args: unknown[]) => ({ channel, args })),
    on: vi.fn((channel: string, listener: (event: unknown, payload: unknown) => void) => {
      if (!listeners.has(channel)) listeners.set(channel, new Set())
      listeners.get(channel)!.add(listener)
    }),
    removeListener: vi.fn((channel: string, listener: (event: unknown, payload: unknown) => void) => {
      listeners.get(channel)?.delete(listener)
    }),
    emit(channel: string, payload: unknown) {
      const event = { sender: 'the ipcRenderer itself', ports: [] }
      for (const listener of listeners.get(channel) ?? []) listener(event, payload)
    },
    count: (channel: string) => listeners.get(channel)?.size ?? 0,
  }
}

describe('window.desktop', () => {
  it('maps every method to its contract channel with its arguments', async () => {
    const ipc = fakeIpcRenderer()
    const api = createDesktopApi(ipc as never)
    await api.app.getInfo()
    await api.device.getInfo()
    await api.storage.getPersistence()
    await api.links.ready()
    await api.shell.openExternal('https://clerk.com')
    await api.lastUser.read()
    await api.lastUser.forget()
    await api.session.clearLocal()
    await api.session.early()
    await api.updates.get()
    await api.updates.setChannel('beta')
    await api.updates.check()
    await api.updates.install()
    await api.updates.later('1.3.0')
    await api.log.write({ level: 'info', message: 'm' })
    await api.appearance.get()
    await api.appearance.set('dark')
    await api.sidebar.getCollapsed()
    await api.sidebar.setCollapsed(true)
    await api.recovery.takeNotice()
    expect(ipc.invoke.mock.calls).toEqual([
      ['app:get-info'],
      ['device:get-info'],
      ['storage:get-persistence'],
      ['links:renderer-ready'],
      ['shell:open-external', 'https://clerk.com'],
      ['last-user:read'],
      ['last-user:forget'],
      ['session:clear-local'],
      ['session:early'],
      ['updates:get'],
      ['updates:set-channel', 'beta'],
      ['updates:check'],
      ['updates:install'],
      ['updates:later', '1.3.0'],
      ['log:write', { level: 'info', message: 'm' }],
      ['appearance:get'],
      ['appearance:set', 'dark'],
      ['sidebar:get'],
      ['sidebar:set', true],
      ['recovery:take-notice'],
    ])
  })

  it('listeners get only the payload, never the Electron event, and can unsubscribe', () => {
    const ipc = fakeIpcRenderer()
    const api = createDesktopApi(ipc as never)
    const received: unknown[][] = []
    const unsubscribe = api.links.onOpen((...args: unknown[]) => received.push(args))
    ipc.emit('links:open', { name: 'profile' })
    expect(received).toEqual([[{ name: 'profile' }]])
    unsubscribe()
    expect(ipc.count('links:open')).toBe(0)
    ipc.emit('links:open', { name: 'settings' })
    expect(received).toHaveLength(1)
  })

  it('subscribes each event channel to its own name', () => {
    const ipc = fakeIpcRenderer()
    const api = createDesktopApi(ipc as never)
    api.storage.onPersistenceChanged(() => {})
    api.updates.onState(() => {})
    expect(ipc.on.mock.calls.map(([channel]) => channel)).toEqual([
      'storage:persistence-changed',
      'updates:state',
    ])
  })

  it('refuses a non-function listener', () => {
    const api = createDesktopApi(fakeIpcRenderer() as never)
    expect(() => api.links.onOpen('nope' as never)).toThrow(/listener must be a function/)
  })

  it('exposes nothing beyond the contract', () => {
    const api = createDesktopApi(fakeIpcRenderer() as never)
    expect(Object.keys(api).sort()).toEqual([
      'app',
      'appearance',
      'device',
      'lastUser',
      'links',
      'log',
      'recovery',
      'session',
      'shell',
      'sidebar',
      'storage',
      'updates',
    ])
  })
})
