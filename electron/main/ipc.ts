// The one way main-process IPC handlers are registered. Before any handler runs, the wrapper checks that the
// call comes from our window's main frame showing our renderer origin, then parses the arguments; a rejected
// call throws a short error to the renderer and never reaches the handler.
import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron'
import type { EventChannel, EventChannels, InvokeChannel, InvokeChannels } from '../shared/contract'
import type { PayloadParsers } from './ipc-payloads'

export type SenderCheck = { ok: true } | { ok: false; reason: string }

export interface TrustedRenderer {
  /** The main window's webContents, or null before it exists / after it closed. */
  webContents: () => Pick<WebContents, 'id' | 'mainFrame'> | null
  isAppUrl: (url: string) => boolean
}

type SenderEvent = {
  sender: Pick<WebContents, 'id'>
  senderFrame: Pick<IpcMainInvokeEvent['senderFrame'] & object, 'url'> | null
}

export function checkSender(event: SenderEvent, trusted: TrustedRenderer): SenderCheck {
  const contents = trusted.webContents()
  if (!contents) return { ok: false, reason: 'no app window' }
  if (event.sender.id !== contents.id) return { ok: false, reason: 'sender is not the app window' }
  // senderFrame is null when the frame navigated or was destroyed since sending.
  const frame = event.senderFrame
  if (!frame) return { ok: false, reason: 'sender frame is gone' }
  if (frame !== (contents.mainFrame as unknown)) return { ok: false, reason: 'sender is not the main frame' }
  if (!trusted.isAppUrl(frame.url)) return { ok: false, reason: 'sender frame is not on the app origin' }
  return { ok: true }
}

export type InvokeHandler<C extends InvokeChannel> = (
  ...args: InvokeChannels[C]['args']
) => InvokeChannels[C]['result'] | Promise<InvokeChannels[C]['result']>

export type InvokeHandlers = { [C in InvokeChannel]: InvokeHandler<C> }

export interface IpcRouterOptions {
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>
  trusted: TrustedRenderer
  parsers: PayloadParsers
  log: { warn: (message: string) => void; error: (message: string) => void }
}

export class IpcRejectedError extends Error {
  constructor(channel: string, reason: string) {
    super(`IPC ${channel} rejected: ${reason}`)
    this.name = 'IpcRejectedError'
  }
}

/** Registers every contract channel at once (a missing handler is a type error); returns the teardown. */
export function registerInvokeHandlers(options: IpcRouterOptions, handlers: InvokeHandlers): () => void {
  const channels = Object.keys(handlers) as InvokeChannel[]
  for (const channel of channels) {
    const parse = options.parsers[channel] as (
      args: readonly unknown[],
    ) => { ok: true; args: unknown[] } | { ok: false; reason: string }
    const handler = handlers[channel] as (...args: unknown[]) => unknown
    options.ipcMain.handle(channel, async (event, ...args: unknown[]) => {
      const sender = checkSender(event, options.trusted)
      if (!sender.ok) {
        options.log.warn(`IPC ${channel} refused: ${sender.reason}`)
        throw new IpcRejectedError(channel, 'untrusted sender')
      }
      const parsed = parse(args)
      if (!parsed.ok) {
        options.log.warn(`IPC ${channel} refused: ${parsed.reason}`)
        throw new IpcRejectedError(channel, parsed.reason)
      }
      try {
        return await handler(...parsed.args)
      } catch (error) {
        // The renderer gets a generic message; details (paths, keychain errors) stay in the log.
        options.log.error(`IPC ${channel} failed: ${error instanceof Error ? error.message : String(error)}`)
        throw new Error(`${channel} failed`, { cause: error })
      }
    })
  }
  return () => {
    for (const channel of channels) options.ipcMain.removeHandler(channel)
  }
}

/** Main -> renderer events, typed from the contract; dropped when the window is gone. */
export function createEventSender(
  webContents: () => Pick<WebContents, 'send' | 'isDestroyed'> | null,
): <C extends EventChannel>(channel: C, payload: EventChannels[C]) => void {
  return (channel, payload) => {
    const contents = webContents()
    if (contents && !contents.isDestroyed()) contents.send(channel, payload)
  }
}
