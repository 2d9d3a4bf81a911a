// `window.desktop`: the typed, narrow API the renderer gets. Built from an ipcRenderer-shaped object so it can be
// tested without Electron. Listeners receive only the payload, never the Electron event (which would hand the
// renderer `event.sender`, i.e. ipcRenderer itself).
import type { IpcRenderer } from 'electron'
import type {
  DesktopApi,
  EventChannel,
  EventChannels,
  InvokeChannel,
  InvokeChannels,
} from '../shared/contract'

type IpcLike = Pick<IpcRenderer, 'invoke' | 'on' | 'removeListener'>

export function createDesktopApi(ipc: IpcLike): DesktopApi {
  const invoke =
    <C extends InvokeChannel>(channel: C) =>
    (...args: InvokeChannels[C]['args']): Promise<InvokeChannels[C]['result']> =>
      ipc.invoke(channel, ...args) as Promise<InvokeChannels[C]['result']>

  const subscribe =
    <C extends EventChannel>(channel: C) =>
    (listener: (payload: EventChannels[C]) => void): (() => void) => {
      if (typeof listener !== 'function') throw new TypeError(`${channel}: listener must be a function`)
      const forward = (_event: unknown, payload: EventChannels[C]): void => listener(payload)
      ipc.on(channel, forward)
      return () => {
        ipc.removeListener(channel, forward)
      }
    }

  return {
    app: { getInfo: invoke('app:get-info') },
    device: { getInfo: invoke('device:get-info') },
    storage: {
      getPersistence: invoke('storage:get-persistence'),
      onPersistenceChanged: subscribe('storage:persistence-changed'),
    },
    links: { onOpen: subscribe('links:open'), ready: invoke('links:renderer-ready') },
    shell: { openExternal: invoke('shell:open-external') },
    lastUser: {
      read: invoke('last-user:read'),
      write: invoke('last-user:write'),
      forget: invoke('last-user:forget'),
    },
    session: { clearLocal: invoke('session:clear-local'), early: invoke('session:early') },
    updates: {
      get: invoke('updates:get'),
      setChannel: invoke('updates:set-channel'),
      check: invoke('updates:check'),
      install: invoke('updates:install'),
      later: invoke('updates:later'),
      onState: subscribe('updates:state'),
    },
    log: { write: invoke('log:write') },
    appearance: { get: invoke('appearance:get'), set: invoke('appearance:set') },
    sidebar: { getCollapsed: invoke('sidebar:get'), setCollapsed: invoke('sidebar:set') },
    recovery: { takeNotice: invoke('recovery:take-notice') },
  }
}
