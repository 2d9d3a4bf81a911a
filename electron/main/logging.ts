// electron-log set up for the main process: a size-capped file that rotates (one `.old.log` kept), and a hook
// that scrubs every message before any transport sees it, so tokens and query strings never reach the disk.
import type { LogMessage, NodeLogger } from 'electron-log'

export const LOG_MAX_BYTES = 1024 * 1024

const URL_WITH_QUERY = /\b([a-z][a-z0-9+.-]*:\/\/[^\s?#"'<>]*)[?#][^\s"'<>]*/gi
const JWT = /\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g
const BEARER = /\b(Bearer)\s+[A-Za-z0-9._~+/=-]+/gi
// `token=...`, `"client_jwt": "..."`, `password: ...` in any casing, as key/value text or JSON.
const SECRET_FIELD =
  /(["']?\b[\w-]*(?:token|jwt|secret|password|authorization|nonce|code)["']?\s*[:=]\s*["']?)[^\s"',}&]+/gi
const CLERK_KEYS = /\b(sk_(?:live|test)_)[A-Za-z0-9]+/g

/** Removes what must never be logged: URL queries/fragments, JWTs, bearer tokens, secret-looking fields. */
export function redactLogText(text: string): string {
  return text
    .replace(URL_WITH_QUERY, '$1?<redacted>')
    .replace(JWT, '<jwt redacted>')
    .replace(BEARER, '$1 <redacted>')
    .replace(CLERK_KEYS, '$1<redacted>')
    .replace(SECRET_FIELD, '$1<redacted>')
}

function redactValue(value: unknown): unknown {
  if (typeof value === 'string') return redactLogText(value)
  if (value instanceof Error) return redactLogText(`${value.name}: ${value.message}`)
  if (value === null || typeof value !== 'object') return value
  try {
    return redactLogText(JSON.stringify(value))
  } catch {
    return '<unserializable>'
  }
}

export function redactLogMessage(message: LogMessage): LogMessage {
  return { ...message, data: message.data.map(redactValue) }
}

export interface LoggingOptions {
  /** Absolute path of the log file, e.g. `<logs>/main.log`. */
  filePath: string
  isDevelopment: boolean
  maxBytes?: number
}

export function configureLogging(
  log: Pick<NodeLogger, 'hooks' | 'transports'>,
  options: LoggingOptions,
): void {
  log.hooks.push((message) => redactLogMessage(message))
  log.transports.file.resolvePathFn = () => options.filePath
  // electron-log renames the full file to `main.old.log` (replacing the previous one): at most 2x maxSize.
  log.transports.file.maxSize = options.maxBytes ?? LOG_MAX_BYTES
  log.transports.file.level = 'info'
  log.transports.console.level = options.isDevelopment ? 'debug' : 'warn'
}
