import { describe, expect, it, vi } from 'vitest'
import type { InvokeChannel } from '../shared/contract'
import {
  checkSender,
  createEventSender,
  IpcRejectedError,
  registerInvokeHandlers,
  type InvokeHandlers,
} from './ipc'
import { createPayloadParsers } from './ipc-payloads'
import { isSameAppOrigin } from './security'

const mainFrame = { url: 'harbor://renderer/devices' }
const contents = { id: 7, mainFrame }
const trusted = {
  webContents: () => contents as never,
  isAppUrl: (url: string) => isSameAppOrigin(url, 'harbor://renderer'),
}

function fakeIpcMain() {
  const handlers = new Map<string, (event: unknown, ...args: unknown[]) => Promise<unknown>>()
  return {
    handlers,
    handle: vi.fn((channel: string, handler: (event: unknown, ...args: unknown[]) => Promise<unknown>) => {
      handlers.set(channel, handler)
    }),
    removeHandler: vi.fn((channel: string) => {
      handlers.delete(channel)
    }),
    invoke(channel: string, event: unknown, ...args: unknown[]) {
      const handler = handlers.get(channel)
      if (!handler) throw new Error(`no handler for ${channel}`)
      return handler(event, ...args)
    },
  }
}

const trustedEvent = () => ({ sender: { id: 7 }, senderFrame: mainFrame })

function allHandlers(spy: (channel: string, args: unknown[]) => unknown): InvokeHandlers {
  const channels: InvokeChannel[] = [
    'app:get-info',
    'device:get-info',
    'storage:get-persistence',
    'links:renderer-ready',
    'shell:open-external',
    'last-user:read',
    'last-user:write',
    'last-user:forget',
    'session:clear-local',
    'session:early',
    'updates:get',
    'updates:set-channel',
    'updates:check',
    'updates:install',
    'updates:later',
    'log:write',
    'appearance:get',
    'appearance:set',
    'sidebar:get',
    'sidebar:set',
    'recovery:take-notice',
  ]
  return Object.fromEntries(
    channels.map((channel) => [channel, (...args: unknown[]) => spy(channel, args)]),
  ) as unknown as InvokeHandlers
}

function setup() {
  const ipcMain = fakeIpcMain()
  const spy = vi.fn((channel: string, _args: unknown[]) => `result of ${channel}`)
  const logs: string[] = []
  const parseLastKnownUser = (value: unknown) =>
    typeof value === 'object' && value !== null && (value as { version?: unknown }).version === 1
      ? { ok: true as const, user: value as never }
      : { ok: false as const, reason: 'version must be 1' }
  const dispose = registerInvokeHandlers(
    {
      ipcMain,
      trusted,
      parsers: createPayloadParsers({ parseLastKnownUser }),
      log: { warn: (m) => logs.push(m), error: (m) => logs.push(m) },
    },
    allHandlers(spy),
  )
  return { ipcMain, spy, logs, dispose }
}

describe('checkSender', () => {
  it('accepts our window main frame on our origin', () => {
    expect(checkSender(trustedEvent(), trusted)).toEqual({ ok: true })
  })

  it.each([
    ['another webContents', { sender: { id: 8 }, senderFrame: mainFrame }, 'not the app window'],
    ['a subframe', { sender: { id: 7 }, senderFrame: { url: 'harbor://renderer/' } }, 'not the main frame'],
    ['a destroyed frame', { sender: { id: 7 }, senderFrame: null }, 'frame is gone'],
  ])('refuses %s', (_name, event, reason) => {
    expect(checkSender(event as never, trusted)).toEqual({
      ok: false,
      reason: expect.stringContaining(reason),
    })
  })

  it('refuses the main frame once it shows another origin', () => {
    const foreign = { url: 'https://evil.com/' }
    const evilTrusted = { ...trusted, webContents: () => ({ id: 7, mainFrame: foreign }) as never }
    expect(checkSender({ sender: { id: 7 }, senderFrame: foreign }, evilTrusted)).toEqual({
      ok: false,
      reason: 'sender frame is not on the app origin',
    })
  })

  it('refuses everything when there is no window', () => {
    expect(checkSender(trustedEvent(), { ...trusted, webContents: () => null })).toEqual({
      ok: false,
      reason: 'no app window',
    })
  })
})

describe('registerInvokeHandlers', () => {
  it('registers every contract channel and removes them on dispose', () => {
    const { ipcMain, dispose } = setup()
    expect(ipcMain.handlers.size).toBe(21)
    dispose()
    expect(ipcMain.handlers.size).toBe(0)
  })

  it('runs the handler for a trusted sender with valid arguments', async () => {
    const { ipcMain, spy } = setup()
    await expect(ipcMain.invoke('shell:open-external', trustedEvent(), 'https://clerk.com')).resolves.toBe(
      'result of shell:open-external',
    )
    expect(spy).toHaveBeenCalledWith('shell:open-external', ['https://clerk.com'])
  })

  it('rejects an untrusted sender before the handler runs', async () => {
    const { ipcMain, spy, logs } = setup()
    const event = { sender: { id: 99 }, senderFrame: { url: 'harbor://renderer/' } }
    await expect(ipcMain.invoke('session:clear-local', event)).rejects.toThrow(IpcRejectedError)
    await expect(ipcMain.invoke('session:clear-local', event)).rejects.toThrow(
      'IPC session:clear-local rejected: untrusted sender',
    )
    expect(spy).not.toHaveBeenCalled()
    expect(logs[0]).toMatch(/sender is not the app window/)
  })

  it.each([
    ['app:get-info', ['extra']],
    ['links:renderer-ready', [1, 2]],
    ['shell:open-external', []],
    ['shell:open-external', [42]],
    ['shell:open-external', [{ toString: () => 'https://x.com' }]],
    ['shell:open-external', ['https://x.com', 'more']],
    ['shell:open-external', [`https://x.com/${'a'.repeat(3000)}`]],
    ['updates:set-channel', ['nightly']],
    ['updates:set-channel', []],
    ['updates:set-channel', [['beta']]],
    ['updates:later', []],
    ['updates:later', [130]],
    ['updates:later', ['1.3.0', '1.4.0']],
    ['updates:later', ['']],
    ['updates:later', ['1.3.0<script>']],
    ['updates:later', ['1'.repeat(65)]],
    ['last-user:write', [{ version: 2 }]],
    ['last-user:write', [null]],
    ['last-user:write', []],
    ['session:clear-local', [true]],
    // The early session is the launch's, not one the renderer can name or steer.
    ['session:early', ['user_2other']],
    ['session:early', [{ sessionId: 'sess_1' }]],
    ['appearance:set', ['purple']],
    ['appearance:set', ['Dark']],
    ['appearance:set', []],
    ['appearance:set', ['dark', 'light']],
    ['appearance:set', [{ mode: 'dark' }]],
    ['appearance:get', ['x']],
    ['sidebar:set', []],
    ['sidebar:set', ['true']],
    ['sidebar:set', [1]],
    ['sidebar:set', [null]],
    ['sidebar:set', [true, false]],
    ['sidebar:get', [true]],
    ['recovery:take-notice', [1]],
  ])('rejects %s with payload %j before the handler runs', async (channel, args) => {
    const { ipcMain, spy } = setup()
    await expect(ipcMain.invoke(channel, trustedEvent(), ...args)).rejects.toThrow(
      new RegExp(`IPC ${channel} rejected: `),
    )
    expect(spy).not.toHaveBeenCalled()
  })

  it('session:early answers our window’s main frame only, never a subframe', async () => {
    const { ipcMain, spy } = setup()
    await expect(ipcMain.invoke('session:early', trustedEvent())).resolves.toBe('result of session:early')
    const subframe = { sender: { id: 7 }, senderFrame: { url: 'harbor://renderer/' } }
    await expect(ipcMain.invoke('session:early', subframe)).rejects.toThrow(
      'IPC session:early rejected: untrusted sender',
    )
    expect(spy).toHaveBeenCalledTimes(1)
  })

  it('accepts a valid update channel, user and deferred version', async () => {
    const { ipcMain, spy } = setup()
    await ipcMain.invoke('updates:set-channel', trustedEvent(), 'beta')
    await ipcMain.invoke('last-user:write', trustedEvent(), { version: 1 })
    await ipcMain.invoke('updates:later', trustedEvent(), '1.3.0-beta.1+build.5')
    expect(spy.mock.calls.map(([channel]) => channel)).toEqual([
      'updates:set-channel',
      'last-user:write',
      'updates:later',
    ])
  })

  it('hides handler error details from the renderer but logs them', async () => {
    const ipcMain = fakeIpcMain()
    const logs: string[] = []
    registerInvokeHandlers(
      {
        ipcMain,
        trusted,
        parsers: createPayloadParsers({ parseLastKnownUser: () => ({ ok: false, reason: 'x' }) }),
        log: { warn: () => {}, error: (m) => logs.push(m) },
      },
      allHandlers(() => {
        throw new Error('ENOENT /home/alice/.config/Harbor/secret')
      }),
    )
    const failure = ipcMain.invoke('device:get-info', trustedEvent())
    await expect(failure).rejects.toThrow(/^device:get-info failed$/)
    expect(logs[0]).toContain('ENOENT')
  })
})

describe('createEventSender', () => {
  it('sends to a live window and drops when there is none', () => {
    const send = vi.fn()
    let window: { send: typeof send; isDestroyed: () => boolean } | null = { send, isDestroyed: () => false }
    const emit = createEventSender(() => window as never)
    emit('links:open', { name: 'profile' })
    expect(send).toHaveBeenCalledWith('links:open', { name: 'profile' })
    window = { send, isDestroyed: () => true }
    emit('storage:persistence-changed', 'memory')
    window = null
    emit('storage:persistence-changed', 'memory')
    expect(send).toHaveBeenCalledTimes(1)
  })
})
