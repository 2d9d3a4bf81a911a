// A privileged, standard custom scheme (`harbor://renderer/...`) cannot be made standard in plain Chromium: an
// unknown scheme gets no origin, no CORS, no cookies. The emulation gives each such origin an https origin of
// its own, `https://<host>--<scheme>.localhost`, routes every request to it to the app's `protocol.handle`
// handler, and translates URLs back whenever the app sees one (senderFrame.url, getURL, navigation events), so
// the main process only ever sees `harbor://renderer/...`.
const SUFFIX = '.localhost'
const SEPARATOR = '--'

/** `harbor://renderer/a?b` -> `https://renderer--harbor.localhost/a?b`; other URLs unchanged. */
export function toPageUrl(appUrl: string, standardSchemes: ReadonlySet<string>): string {
  const match = /^([a-z][a-z0-9+.-]*):\/\/([^/?#]*)(.*)$/i.exec(appUrl)
  if (!match) return appUrl
  const [, scheme = '', host = '', rest = ''] = match
  if (!standardSchemes.has(scheme.toLowerCase())) return appUrl
  return `https://${host.toLowerCase()}${SEPARATOR}${scheme.toLowerCase()}${SUFFIX}${rest === '' ? '/' : rest}`
}

/** The inverse of toPageUrl: what the app's main process would see for a URL of the page. */
export function toAppUrl(pageUrl: string): string {
  const scheme = emulatedScheme(pageUrl)
  if (!scheme) return pageUrl
  const url = new URL(pageUrl)
  const host = url.hostname.slice(0, url.hostname.indexOf(SEPARATOR))
  return `${scheme.scheme}://${host}${url.pathname}${url.search}${url.hash}`
}

/** The custom scheme an emulated origin stands for, or null for an ordinary web URL. */
export function emulatedScheme(pageUrl: string): { scheme: string; host: string } | null {
  let url: URL
  try {
    url = new URL(pageUrl)
  } catch {
    return null
  }
  if (url.protocol !== 'https:' || !url.hostname.endsWith(SUFFIX) || url.port !== '') return null
  const label = url.hostname.slice(0, -SUFFIX.length)
  const at = label.indexOf(SEPARATOR)
  if (at <= 0) return null
  return { host: label.slice(0, at), scheme: label.slice(at + SEPARATOR.length) }
}
