// What each invoke channel does, given the services the composition root built. Kept apart from index.ts so
// the behaviour is testable with fakes; the router (ipc.ts) has already checked sender and payload.
import type {
  AppearanceMode,
  AppInfo,
  DeviceInfo,
  EarlySession,
  LastKnownUser,
  LastKnownUserRead,
  RecoveryNotice,
  RendererLogEntry,
  UpdateChannel,
  UpdateSnapshot,
} from '../shared/contract'
import type { InvokeHandlers } from './ipc'
import type { KeychainStorage } from './keychain-storage'
import { vetExternalUrl } from './security'

export interface InvokeHandlerDeps {
  appInfo: () => AppInfo
  deviceInfo: () => Promise<DeviceInfo>
  storage: Pick<KeychainStorage, 'persistenceMode' | 'clear'>
  rendererReady: () => void
  /** The launch's early session (early-session.ts `take`): the first document gets it, later ones null. */
  earlySession: () => Promise<EarlySession | null>
  openExternal: (url: string) => Promise<void>
  lastUser: {
    read: () => Promise<LastKnownUserRead>
    write: (user: LastKnownUser) => Promise<void>
    forget: () => Promise<void>
  }
  updates: {
    snapshot: () => UpdateSnapshot
    setChannel: (channel: UpdateChannel) => Promise<UpdateSnapshot>
    check: () => Promise<UpdateSnapshot>
    install: () => void
    later: (version: string) => UpdateSnapshot
  }
  rendererLog: (entry: RendererLogEntry) => void
  appearance: { get: () => AppearanceMode; set: (mode: AppearanceMode) => Promise<AppearanceMode> }
  sidebar: { get: () => boolean; set: (collapsed: boolean) => Promise<boolean> }
  recovery: { takeNotice: () => RecoveryNotice | null }
  log: { warn: (message: string) => void }
}

export function createInvokeHandlers(deps: InvokeHandlerDeps): InvokeHandlers {
  return {
    'app:get-info': () => deps.appInfo(),
    'device:get-info': () => deps.deviceInfo(),
    'storage:get-persistence': () => deps.storage.persistenceMode(),
    'links:renderer-ready': () => deps.rendererReady(),
    'shell:open-external': async (url) => {
      const vetted = vetExternalUrl(url)
      if (!vetted.ok) return vetted
      try {
        await deps.openExternal(vetted.url)
        return { ok: true }
      } catch {
        return { ok: false, reason: 'the system could not open the link' }
      }
    },
    'last-user:read': () => deps.lastUser.read(),
    'last-user:write': (user) => deps.lastUser.write(user),
    'last-user:forget': () => deps.lastUser.forget(),
    'session:clear-local': async () => {
      // Both are attempted even if one fails: a half-done local sign-out must not stop at the first error.
      const results = await Promise.allSettled([deps.lastUser.forget(), deps.storage.clear()])
      const failed = results.filter((result) => result.status === 'rejected')
      if (failed.length > 0) {
        deps.log.warn(`Local sign-out incomplete: ${failed.length} step(s) failed`)
        throw new Error('local sign-out incomplete')
      }
    },
    'session:early': () => deps.earlySession(),
    'updates:get': () => deps.updates.snapshot(),
    'updates:set-channel': (channel) => deps.updates.setChannel(channel),
    'updates:check': () => deps.updates.check(),
    'updates:install': () => deps.updates.install(),
    'updates:later': (version) => deps.updates.later(version),
    'log:write': (entry) => deps.rendererLog(entry),
    'appearance:get': () => deps.appearance.get(),
    'appearance:set': (mode) => deps.appearance.set(mode),
    'sidebar:get': () => deps.sidebar.get(),
    'sidebar:set': (collapsed) => deps.sidebar.set(collapsed),
    'recovery:take-notice': () => deps.recovery.takeNotice(),
  }
}
