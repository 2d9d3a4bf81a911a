// electron-log set up for the main process: a size-capped file that rotates (one `.old.log` kept), and a hook
// that scrubs every message before any transport sees it, so tokens and query strings never reach the disk.
import type { LogMessage, NodeLogger } from 'electron-log'
import { JWT_PATTERN, SECRET_KEY_PATTERN } from '../shared/secret-patterns'

export const LOG_MAX_BYTES = 1024 * 1024

const R = '<redacted>'
// Header-style lines whose whole value is a credential, whatever its scheme or spacing (`Authorization: Digest
// username="a", response="..."`, `Cookie: a=1; b=2`): everything to the end of the line (or of a JSON string).
const CREDENTIAL_HEADER =
  /\b((?:proxy-)?authorization|cookie|set-cookie|x-api-key|x-clerk-[\w-]*token|x-auth-token)(\s*[:=]\s*)(?!")[^\r\n]*/gi
// `scheme://user:password@host`, `scheme://token@host`: the userinfo part, whatever it holds (up to the last
// `@` before the path, as URL parsers read it).
const URL_USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/?#"<>]*@/gi
// `'` is a legal URL character (encodeURIComponent keeps it): it does not end a URL here.
const URL_WITH_QUERY = /\b([a-z][a-z0-9+.-]*:\/\/[^\s?#"<>]*)[?#][^\s"<>]*/gi
// Query or fragment parameters without a URL around them (`?token=...`, `#access_token=...`, `&code=...`).
const BARE_PARAMETER = /([?#&;][\w.-]+=)[^\s&#"<>]*/g
// Any authentication scheme word followed by a credential (outside a header line, e.g. inside an error).
const AUTH_SCHEME =
  /\b(Bearer|Basic|Digest|Token|Negotiate|NTLM|HOBA|Mutual|AWS4-HMAC-SHA256|SCRAM-SHA-256|DPoP|MAC)\s+(?!<)[^\s"',;]+/gi
// Words that make a field secret, in any casing, as part of a longer name (`client_secret`, `X-Auth-Token`).
const SECRET_WORDS =
  'token|jwt|secret|password|passwd|pwd|passphrase|authorization|auth|cookie|nonce|code|credential|signature|api[-_]?key|private[-_]?key|access[-_]?key'
// A JSON string value under a secret-looking key: the whole string, escaped quotes and spaces included.
const SECRET_JSON_STRING = new RegExp(`("[^"]*(?:${SECRET_WORDS})[^"]*"\\s*:\\s*)"(?:[^"\\\\]|\\\\.)*"`, 'gi')
// `key: "a b c"`, `key='x y'` in text: the whole quoted value.
const SECRET_QUOTED = new RegExp(
  `(\\b[\\w-]*(?:${SECRET_WORDS})[\\w-]*\\s*[:=]\\s*)(["'])(?:(?!\\2)[^\\\\]|\\\\.)*\\2`,
  'gi',
)
// `key=value`, `key: value`: the value up to a separator.
const SECRET_FIELD = new RegExp(
  `(\\b[\\w-]*(?:${SECRET_WORDS})[\\w-]*["']?\\s*[:=]\\s*)(?!["'\\s])[^\\s"',;&}\\]]+`,
  'gi',
)

/**
 * Removes what must never be logged: credentials in URLs (userinfo, query, fragment), authorization and
 * cookie headers of any scheme, JWTs anywhere, Clerk and webhook secret keys, and the values of secret-looking
 * fields in text and JSON. Order matters: whole headers and JSON strings first, so a later, narrower rule
 * never stops a value at its first space.
 */
export function redactLogText(text: string): string {
  return text
    .replace(JWT_PATTERN, '<jwt redacted>')
    .replace(SECRET_KEY_PATTERN, `$1${R}`)
    .replace(SECRET_JSON_STRING, `$1"${R}"`)
    .replace(CREDENTIAL_HEADER, `$1$2${R}`)
    .replace(URL_USERINFO, `$1${R}@`)
    .replace(URL_WITH_QUERY, `$1?${R}`)
    .replace(BARE_PARAMETER, `$1${R}`)
    .replace(AUTH_SCHEME, `$1 ${R}`)
    .replace(SECRET_QUOTED, `$1$2${R}$2`)
    .replace(SECRET_FIELD, `$1${R}`)
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
