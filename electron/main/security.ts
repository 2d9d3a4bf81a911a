// The Electron security checklist items that are event handlers: new windows, navigation, <webview>,
// permissions, and which URLs may leave the app for the system browser.
import type { Event, HandlerDetails, Session, WebContents, WindowOpenHandlerResponse } from 'electron'

export type ExternalUrl = { ok: true; url: string } | { ok: false; reason: string }

const MAX_EXTERNAL_URL_LENGTH = 2048
// eslint-disable-next-line no-control-regex -- refusing control characters is the point
const CONTROL_OR_SPACE = /[\u0000-\u0020\u007f-\u00a0\u2028\u2029]/
const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/
// One DNS label after WHATWG parsing (lower case, IDNA already applied: `xn--...`): letters, digits, inner hyphens.
const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/
/**
 * Names that lead into the user's machine or local network, never to the public web: `localhost` (RFC 6761),
 * mDNS `.local` (RFC 6762), `.home.arpa` and the rest of `.arpa`, ICANN's private-use `.internal`, and the names
 * intranets commonly use. A link to them from a web page is a way into services that trust the local network.
 * (Reserved names that simply never resolve, like `.test` or `.invalid`, open nothing and are not refused.)
 */
const LOCAL_SUFFIXES = [
  'localhost',
  'localdomain',
  'local',
  'internal',
  'intranet',
  'lan',
  'home',
  'corp',
  'arpa',
]

/**
 * The host as the browser will resolve it, or a reason to refuse it. `URL` has already lower-cased it, applied
 * IDNA (full-width letters, `。`), decoded percent escapes and rewritten IPv4 in any notation (`0x7f.1`,
 * `2130706433`, `0177.0.0.1`) as a dotted quad; what is left is the DNS root's trailing dot (`localhost.` is
 * `localhost`), empty labels, and names and addresses that are local whatever their spelling.
 */
function canonicalHost(hostname: string): { ok: true; host: string } | { ok: false; reason: string } {
  if (hostname.startsWith('[')) return { ok: false, reason: 'local and IP-address hosts are not opened' }
  const host = hostname.endsWith('.') ? hostname.slice(0, -1) : hostname
  if (IPV4.test(host)) return { ok: false, reason: 'local and IP-address hosts are not opened' }
  const labels = host.split('.')
  if (labels.some((label) => !LABEL.test(label)))
    return { ok: false, reason: 'host is not a well-formed domain name' }
  const last = labels[labels.length - 1] ?? ''
  // A numeric last label is an address in some notation, never a top-level domain.
  if (/^[0-9]+$/.test(last) || LOCAL_SUFFIXES.includes(last))
    return { ok: false, reason: 'local and IP-address hosts are not opened' }
  if (labels.length < 2) return { ok: false, reason: 'host is not a public domain name' }
  return { ok: true, host }
}

/**
 * Only plain `https:` web pages go to the system browser. Everything else (`file:`, `javascript:`, other apps'
 * schemes, credentials, local or IP hosts) could run code or reach local services with one click. The URL handed
 * on is the canonical one that was checked, never the raw text.
 */
export function vetExternalUrl(raw: unknown): ExternalUrl {
  if (typeof raw !== 'string') return { ok: false, reason: 'URL is not a string' }
  if (raw.length === 0 || raw.length > MAX_EXTERNAL_URL_LENGTH)
    return { ok: false, reason: 'URL is empty or too long' }
  if (CONTROL_OR_SPACE.test(raw) || raw.includes('\\'))
    return { ok: false, reason: 'URL contains control characters, spaces or backslashes' }
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    return { ok: false, reason: 'not a URL' }
  }
  if (url.protocol !== 'https:') return { ok: false, reason: 'only https: URLs are opened' }
  if (url.username !== '' || url.password !== '') return { ok: false, reason: 'URL contains credentials' }
  const host = canonicalHost(url.hostname)
  if (!host.ok) return host
  url.hostname = host.host
  return { ok: true, url: url.href }
}

export interface HardeningOptions {
  /** True for URLs of our own renderer (the custom scheme, or the dev server in development). */
  isAppUrl: (url: string) => boolean
  openExternal: (url: string) => Promise<void>
  log: { warn: (message: string) => void }
}

function originOf(url: string): string {
  try {
    const parsed = new URL(url)
    return `${parsed.protocol}//${parsed.host}`
  } catch {
    return '<invalid URL>'
  }
}

/** `window.open`, `target=_blank` and friends: never a new Electron window; vetted https goes to the browser. */
export function createWindowOpenHandler(
  options: HardeningOptions,
): (details: Pick<HandlerDetails, 'url'>) => WindowOpenHandlerResponse {
  return ({ url }) => {
    const vetted = vetExternalUrl(url)
    if (vetted.ok) {
      options.openExternal(vetted.url).catch((error: unknown) => {
        options.log.warn(`openExternal failed for ${originOf(url)}: ${String(error)}`)
      })
    } else {
      options.log.warn(`Blocked window.open to ${originOf(url)}: ${vetted.reason}`)
    }
    return { action: 'deny' }
  }
}

type HardenableContents = Pick<WebContents, 'on' | 'setWindowOpenHandler'>

/** Applied to every webContents the app creates (via `web-contents-created`), not just the main window. */
export function hardenWebContents(contents: HardenableContents, options: HardeningOptions): void {
  contents.setWindowOpenHandler(createWindowOpenHandler(options))
  const blockForeignNavigation = (event: Pick<Event, 'preventDefault'>, url: string): void => {
    if (options.isAppUrl(url)) return
    event.preventDefault()
    options.log.warn(`Blocked navigation to ${originOf(url)}`)
  }
  contents.on('will-navigate', (event, url) => blockForeignNavigation(event, url))
  contents.on('will-redirect', (event, url) => blockForeignNavigation(event, url))
  contents.on('will-attach-webview', (event) => {
    event.preventDefault()
    options.log.warn('Blocked <webview> attachment')
  })
}

/** The one permission the renderer may use: writing text to the clipboard ("Copy report" in Diagnostics). */
const ALLOWED_PERMISSIONS: ReadonlySet<string> = new Set(['clipboard-sanitized-write'])

/**
 * The app needs no camera, microphone, notifications, geolocation, HID, serial, USB...: refuse them all, except
 * clipboard writes asked for by our own renderer origin.
 */
export function restrictPermissions(
  session: Pick<
    Session,
    'setPermissionRequestHandler' | 'setPermissionCheckHandler' | 'setDevicePermissionHandler'
  >,
  options: { appOrigin: string; log: { warn: (message: string) => void } },
): void {
  const allowed = (permission: string, requestingUrl: string | undefined): boolean =>
    ALLOWED_PERMISSIONS.has(permission) &&
    requestingUrl !== undefined &&
    isSameAppOrigin(requestingUrl, options.appOrigin)
  session.setPermissionRequestHandler((contents, permission, callback, details) => {
    const granted = allowed(permission, details?.requestingUrl ?? contents?.getURL())
    if (!granted) options.log.warn(`Denied permission request: ${permission}`)
    callback(granted)
  })
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin) =>
    allowed(permission, requestingOrigin),
  )
  session.setDevicePermissionHandler(() => false)
}

/** Whether a URL belongs to our renderer: exact scheme + host (Node's URL gives custom schemes no origin). */
export function isSameAppOrigin(url: string, appOrigin: string): boolean {
  try {
    const candidate = new URL(url)
    const expected = new URL(appOrigin)
    return (
      candidate.protocol === expected.protocol &&
      candidate.host === expected.host &&
      candidate.username === '' &&
      candidate.password === ''
    )
  } catch {
    return false
  }
}
