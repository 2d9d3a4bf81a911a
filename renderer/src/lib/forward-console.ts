// The window's console, also in main.log: console.error/warn/info still print to DevTools as before, and a
// copy of each line goes to the main process (desktop.log.write), as do uncaught errors and unhandled
// rejections. The main process budgets and redacts (electron/main/renderer-log.ts); this side only formats,
// shortens and never lets a failed forward turn into another console line (which would forward again).
import { RENDERER_LOG_MAX_CHARS, type RendererLogEntry } from '../../../electron/shared/contract'

type Level = RendererLogEntry['level']
type ConsoleLike = Pick<Console, Level>

function describeValue(value: unknown): string {
  if (typeof value === 'string') return value
  if (value instanceof Error) {
    const stack = value.stack?.split('\n').slice(1, 6).join('\n')
    return stack ? `${value.name}: ${value.message}\n${stack}` : `${value.name}: ${value.message}`
  }
  if (value === undefined) return 'undefined'
  try {
    return JSON.stringify(value) ?? String(value)
  } catch {
    return Object.prototype.toString.call(value)
  }
}

export function formatLogLine(args: readonly unknown[]): string {
  const text = args.map(describeValue).join(' ')
  return text.length > RENDERER_LOG_MAX_CHARS ? `${text.slice(0, RENDERER_LOG_MAX_CHARS - 1)}…` : text
}

/** Wraps the console's error, warn and info; returns a teardown that puts the originals back. */
export function forwardConsole(
  target: ConsoleLike,
  write: (entry: RendererLogEntry) => Promise<void>,
  events?: Pick<Window, 'addEventListener' | 'removeEventListener'>,
): () => void {
  const originals = { error: target.error, warn: target.warn, info: target.info }
  const send = (level: Level, args: readonly unknown[]): void => {
    try {
      void write({ level, message: formatLogLine(args) }).catch(() => undefined)
    } catch {
      // No preload (a plain browser) or a closing window: the console line above is all there is.
    }
  }
  for (const level of ['error', 'warn', 'info'] as const) {
    target[level] = (...args: unknown[]) => {
      originals[level].apply(target, args)
      send(level, args)
    }
  }
  const onError = (event: Event): void => {
    const { message, error } = event as ErrorEvent
    send('error', ['Uncaught', error ?? message])
  }
  const onRejection = (event: Event): void => {
    send('error', ['Unhandled rejection', (event as PromiseRejectionEvent).reason])
  }
  events?.addEventListener('error', onError)
  events?.addEventListener('unhandledrejection', onRejection)
  return () => {
    Object.assign(target, originals)
    events?.removeEventListener('error', onError)
    events?.removeEventListener('unhandledrejection', onRejection)
  }
}
