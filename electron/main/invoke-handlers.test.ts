import { describe, expect, it, vi } from 'vitest'
import type { UpdateSnapshot } from '../shared/contract'
import { createInvokeHandlers, type InvokeHandlerDeps } from './invoke-handlers'

const snapshot: UpdateSnapshot = { channel: 'stable', currentVersion: '1.0.0', state: { status: 'idle' } }

function deps(overrides: Partial<InvokeHandlerDeps> = {}) {
  const calls: string[] = []
  const base: InvokeHandlerDeps = {
    appInfo: () => ({
      productName: 'Harbor',
      version: '1.0.0',
      scheme: 'harbor',
      rendererOrigin: 'harbor://renderer',
      isPackaged: true,
      platform: 'linux',
    }),
    deviceInfo: async () => ({ deviceId: 'abcdefgh', name: 'box', platform: 'linux', appVersion: '1.0.0' }),
    storage: {
      persistenceMode: async () => 'keychain',
      clear: async () => void calls.push('storage.clear'),
    },
    rendererReady: () => void calls.push('ready'),
    earlySession: async () => null,
    openExternal: vi.fn(async () => {}),
    lastUser: {
      read: async () => ({ status: 'none' }),
      write: async () => void calls.push('write'),
      forget: async () => void calls.push('lastUser.forget'),
    },
    updates: {
      snapshot: () => snapshot,
      setChannel: async (channel) => ({ ...snapshot, channel }),
      check: async () => snapshot,
      install: () => void calls.push('install'),
      later: (version) => (calls.push(`later ${version}`), snapshot),
    },
    rendererLog: (entry) => void calls.push(`log ${entry.level} ${entry.message}`),
    appearance: { get: () => 'dark', set: async (mode) => mode },
    sidebar: { get: () => true, set: async (collapsed) => collapsed },
    recovery: { takeNotice: () => ({ kind: 'restarted', reason: 'crashed (exit code 11)', at: 1 }) },
    log: { warn: (m) => calls.push(`warn ${m}`) },
    ...overrides,
  }
  return { handlers: createInvokeHandlers(base), base, calls }
}

describe('invoke handlers', () => {
  it('shell:open-external opens only vetted URLs', async () => {
    const { handlers, base } = deps()
    expect(await handlers['shell:open-external']('https://clerk.com/docs')).toEqual({ ok: true })
    expect(base.openExternal).toHaveBeenCalledWith('https://clerk.com/docs')
    expect(await handlers['shell:open-external']('file:///etc/passwd')).toEqual({
      ok: false,
      reason: 'only https: URLs are opened',
    })
    expect(base.openExternal).toHaveBeenCalledTimes(1)
  })

  it('shell:open-external reports a failing system browser', async () => {
    const { handlers } = deps({ openExternal: async () => Promise.reject(new Error('xdg-open missing')) })
    expect(await handlers['shell:open-external']('https://clerk.com')).toEqual({
      ok: false,
      reason: 'the system could not open the link',
    })
  })

  it('session:early is the early session reader’s answer', async () => {
    const session = { sessionId: 'sess_1', userId: 'user_1', token: 'a.b.c', expiresAt: 1 }
    const { handlers } = deps({ earlySession: async () => session })
    await expect(handlers['session:early']()).resolves.toBe(session)
  })

  it('session:clear-local clears the keychain and the last known user', async () => {
    const { handlers, calls } = deps()
    await handlers['session:clear-local']()
    expect(calls.sort()).toEqual(['lastUser.forget', 'storage.clear'])
  })

  it('session:clear-local still clears storage when forgetting the user fails, then reports failure', async () => {
    const { handlers, calls } = deps({
      lastUser: {
        read: async () => ({ status: 'none' }),
        write: async () => {},
        forget: async () => Promise.reject(new Error('disk full')),
      },
    })
    await expect(handlers['session:clear-local']()).rejects.toThrow('local sign-out incomplete')
    expect(calls).toEqual(['storage.clear', 'warn Local sign-out incomplete: 1 step(s) failed'])
  })

  it('passes the rest through', async () => {
    const { handlers, calls } = deps()
    expect(await handlers['storage:get-persistence']()).toBe('keychain')
    expect(await handlers['updates:set-channel']('beta')).toEqual({ ...snapshot, channel: 'beta' })
    expect((await handlers['app:get-info']()).rendererOrigin).toBe('harbor://renderer')
    await handlers['links:renderer-ready']()
    await handlers['updates:install']()
    expect(await handlers['updates:later']('1.3.0')).toBe(snapshot)
    expect(calls).toEqual(['ready', 'install', 'later 1.3.0'])
    expect(await handlers['recovery:take-notice']()).toMatchObject({ kind: 'restarted' })
    expect(await handlers['appearance:get']()).toBe('dark')
    await handlers['log:write']({ level: 'warn', message: 'hi' })
    expect(calls.at(-1)).toBe('log warn hi')
    expect(await handlers['appearance:set']('light')).toBe('light')
    expect(await handlers['sidebar:get']()).toBe(true)
    expect(await handlers['sidebar:set'](false)).toBe(false)
  })
})
