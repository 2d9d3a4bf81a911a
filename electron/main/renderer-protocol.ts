// Serves the built renderer from `<scheme>://renderer/...` so it has a stable, non-file origin. The URL -> file
// decision is a pure function; the file system checks (symlinks, existence) happen in `serveRendererRequest`.
import { readFile, realpath, stat } from 'node:fs/promises'
import * as nodePath from 'node:path'
import type { PlatformPath } from 'node:path'
import { escapeHtml, FIRST_FRAME_SLOT, fillFirstFrame, type FirstFrameInput } from '../shared/first-frame'
import { holdModuleScripts } from './after-first-frame'

export interface RendererProtocolOptions {
  /** `harbor` in the app; `http` when tests serve the same files through Playwright's `page.route`. */
  scheme: string
  host: string
  /** Absolute path of the renderer build output (e.g. `out/renderer`). */
  rootDir: string
  /**
   * Path rules of the OS the files live on; `node:path` (this OS) unless given. Lets tests check Windows path
   * handling (drive letters, `\`, case-insensitive containment) with `path.win32` on any machine.
   */
  pathRules?: PathRules
}

type PathRules = Pick<PlatformPath, 'isAbsolute' | 'resolve' | 'relative' | 'sep'>

export type RendererResolution =
  { ok: true; filePath: string; mimeType: string } | { ok: false; status: 404; reason: string }

const MIME_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.wasm': 'application/wasm',
  '.webmanifest': 'application/manifest+json',
}

const MAX_URL_LENGTH = 4096
// One path segment of a file we would ever ship: letters, digits and `._-~@+` (Vite's hashed names fit).
const SAFE_SEGMENT = /^[A-Za-z0-9._~@+-]+$/

function notFound(reason: string): RendererResolution {
  return { ok: false, status: 404, reason }
}

export function mimeTypeFor(filePath: string): string {
  return MIME_TYPES[nodePath.extname(filePath).toLowerCase()] ?? 'application/octet-stream'
}

/**
 * Whether `filePath` is strictly inside `root`. Asked through `relative` rather than a string prefix: that
 * holds for a root at `/` or `C:\`, and on Windows it ignores letter case and sees another drive as outside.
 */
function isInside(rules: PathRules, root: string, filePath: string): boolean {
  const relative = rules.relative(root, filePath)
  return (
    relative !== '' &&
    relative !== '..' &&
    !relative.startsWith(`..${rules.sep}`) &&
    !rules.isAbsolute(relative)
  )
}

export function resolveRendererRequest(
  requestUrl: string,
  options: RendererProtocolOptions,
): RendererResolution {
  if (typeof requestUrl !== 'string' || requestUrl.length > MAX_URL_LENGTH)
    return notFound('URL missing or too long')
  // Checked on the raw string because URL parsing rewrites them (`\` becomes `/` for http, NUL is dropped).
  // eslint-disable-next-line no-control-regex -- refusing control characters is the point
  if (/[\u0000-\u001f\u007f\\]/.test(requestUrl)) return notFound('control character or backslash in URL')
  const rules = options.pathRules ?? nodePath
  if (!rules.isAbsolute(options.rootDir)) return notFound('renderer root is not an absolute path')

  let url: URL
  try {
    url = new URL(requestUrl)
  } catch {
    return notFound('not a URL')
  }
  if (url.protocol !== `${options.scheme}:`) return notFound('wrong scheme')
  if (url.host.toLowerCase() !== options.host.toLowerCase() || url.username !== '' || url.password !== '') {
    return notFound('wrong host')
  }

  // Work on the URL as written, before the parser normalised it: `/a/../../x` must not silently become `/x`,
  // and `http:renderer` or `renderer:80` are other spellings we refuse rather than reason about.
  const prefix = `${options.scheme}://`
  if (requestUrl.slice(0, prefix.length).toLowerCase() !== prefix) return notFound('wrong scheme')
  const rest = requestUrl.slice(prefix.length)
  const authorityEnd = rest.search(/[/?#]/)
  const authority = authorityEnd === -1 ? rest : rest.slice(0, authorityEnd)
  if (authority.toLowerCase() !== options.host.toLowerCase()) return notFound('wrong host')
  const afterAuthority = authorityEnd === -1 ? '' : rest.slice(authorityEnd)
  const writtenPath = afterAuthority.startsWith('/') ? (afterAuthority.split(/[?#]/, 1)[0] ?? '/') : '/'

  let decoded: string
  try {
    decoded = decodeURIComponent(writtenPath)
  } catch {
    return notFound('malformed percent-encoding')
  }
  // Anything still encoded after one decode was encoded twice: no file we ship has such a name.
  if (decoded.includes('%')) return notFound('double-encoded path')
  // eslint-disable-next-line no-control-regex -- refusing control characters is the point
  if (/[\u0000-\u001f\u007f\\:]/.test(decoded)) return notFound('forbidden character in path')
  if (!decoded.startsWith('/') || decoded.startsWith('//'))
    return notFound('path is not relative to the root')

  const segments = decoded.slice(1).split('/')
  // A trailing slash (`/devices/`) is an app route like any other.
  if (segments.length > 1 && segments[segments.length - 1] === '') segments.pop()
  const isRoot = segments.length === 1 && segments[0] === ''
  if (!isRoot) {
    for (const segment of segments) {
      if (segment === '' || segment === '.' || segment === '..')
        return notFound('empty or dot segment in path')
      if (!SAFE_SEGMENT.test(segment)) return notFound('unexpected character in path')
      if (segment.startsWith('.')) return notFound('hidden file')
      // Windows drops trailing dots (`index.html.` opens `index.html`): another spelling we refuse outright.
      if (segment.endsWith('.')) return notFound('trailing dot in path')
    }
  }

  const last = segments[segments.length - 1] ?? ''
  // Extension-less paths are client-side routes (`/devices/abc`): the app shell answers them.
  const relative = isRoot || !last.includes('.') ? ['index.html'] : segments
  const root = rules.resolve(options.rootDir)
  const filePath = rules.resolve(root, ...relative)
  if (!isInside(rules, root, filePath)) return notFound('path leaves the renderer folder')
  return { ok: true, filePath, mimeType: mimeTypeFor(filePath) }
}

function notFoundResponse(): Response {
  return new Response('Not found', {
    status: 404,
    headers: { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' },
  })
}

/** A dot-file reached through another name: a symlink inside the folder, or a Windows 8.3 short name. */
function realPathIsHidden(realRoot: string, realFile: string): boolean {
  return nodePath
    .relative(realRoot, realFile)
    .split(nodePath.sep)
    .some((segment) => segment.startsWith('.'))
}

export interface ServeOptions extends RendererProtocolOptions {
  contentSecurityPolicy?: string
  /**
   * The window's startup snapshot (first-frame.ts): put into index.html's slot when the request is the
   * window's document, so the frame paints before any script runs.
   */
  firstFrame?: (pathname: string) => Promise<FirstFrameInput>
  /**
   * Origins the window talks to first (Clerk's Frontend API): one `<link rel="preconnect" crossorigin>` each at
   * the top of the app document's head, so the connection and its TLS handshake are made while the page loads,
   * not when the first request goes out. Only https origins; anything else is left out.
   */
  preconnect?: readonly string[]
  /**
   * Markup for the end of the body of a document whose snapshot is signed in (the early Convex socket's script,
   * early-socket.ts): what only a start with a cached user needs. The CSP must allow it.
   */
  signedInBodyEnd?: string
  /**
   * The loader of a signed-in document's module scripts (after-first-frame.ts `afterFirstFrameLoader().element`):
   * given, those scripts are held until the document's first frame, and this goes at the body's end, after
   * `signedInBodyEnd`. The CSP must allow it.
   */
  afterFirstFrameLoader?: string
}

/** The document with `markup` right after `<head>` (unchanged without a head). */
function atHeadStart(html: string, markup: string): string {
  const head = /<head(\s[^>]*)?>/i.exec(html)
  if (!head) return html
  const at = head.index + head[0].length
  return `${html.slice(0, at)}${markup}${html.slice(at)}`
}

/** The document with `markup` right before `</body>` (unchanged without one). */
function atBodyEnd(html: string, markup: string): string {
  const end = html.toLowerCase().lastIndexOf('</body>')
  if (end === -1) return html
  return `${html.slice(0, end)}${markup}${html.slice(end)}`
}

/** The document with a preconnect link per valid origin right after `<head>` (unchanged without a head). */
export function withPreconnects(html: string, origins: readonly string[]): string {
  const valid = origins.filter((origin) => {
    try {
      const url = new URL(origin)
      return url.protocol === 'https:' && url.origin === origin
    } catch {
      return false
    }
  })
  if (valid.length === 0) return html
  // `crossorigin` (anonymous): the requests that follow are made without credentials, as clerk-js makes them,
  // and only a connection of that kind is reused for them.
  const links = valid.map((origin) => `<link rel="preconnect" href="${escapeHtml(origin)}" crossorigin>`)
  return atHeadStart(html, links.join(''))
}

export interface RequestFacts {
  /** The request's `Sec-Fetch-Dest` header, when the browser sent one. */
  fetchDest?: string | null
}

/**
 * Whether a request gets the snapshot: only the app document (index.html, which every route path serves) and
 * only as a top-level document. Chromium marks a frame's or a script's `fetch()` with another `Sec-Fetch-Dest`
 * (`iframe`, `empty`); without the header (Electron does not always send it) the CSP's `frame-ancestors 'none'`
 * is what keeps our document out of frames.
 */
function getsFirstFrame(filePath: string, root: string, request: RequestFacts): boolean {
  if (request.fetchDest != null && request.fetchDest !== 'document') return false
  return filePath === nodePath.resolve(root, 'index.html')
}

/**
 * Answers one renderer request: resolves it, refuses files whose real path (after symlinks) is outside the
 * real renderer folder or is a hidden file, and adds the CSP header to HTML. Always the real file system of
 * this OS: `pathRules` only applies to the pure resolution.
 */
export async function serveRendererRequest(
  requestUrl: string,
  options: ServeOptions,
  request: RequestFacts = {},
): Promise<Response> {
  const resolution = resolveRendererRequest(requestUrl, { ...options, pathRules: nodePath })
  if (!resolution.ok) return notFoundResponse()
  try {
    const [realRoot, realFile] = await Promise.all([realpath(options.rootDir), realpath(resolution.filePath)])
    if (!isInside(nodePath, realRoot, realFile) || realPathIsHidden(realRoot, realFile))
      return notFoundResponse()
    if (!(await stat(realFile)).isFile()) return notFoundResponse()
    let body: Buffer | string = await readFile(realFile)
    const headers = new Headers({
      'Content-Type': resolution.mimeType,
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'no-cache',
    })
    if (resolution.mimeType.startsWith('text/html') && options.contentSecurityPolicy) {
      headers.set('Content-Security-Policy', options.contentSecurityPolicy)
    }
    const appDocument = getsFirstFrame(resolution.filePath, options.rootDir, request)
    if (appDocument && options.preconnect?.length) {
      body = withPreconnects(body.toString('utf8'), options.preconnect)
    }
    if (options.firstFrame && appDocument) {
      const html = body.toString('utf8')
      // A build without the slot still serves its page; it only paints later.
      if (html.includes(FIRST_FRAME_SLOT)) {
        // A snapshot that cannot be made is the neutral frame, never a failed window.
        const input = await options.firstFrame(new URL(requestUrl).pathname).catch(() => null)
        body = input ? fillFirstFrame(html, input) : html.replace(FIRST_FRAME_SLOT, '')
        // Last: the page's first script makes Blink set up its JavaScript context, which at the top of the head
        // held up the parser, so the stylesheet was asked for ~20 ms later and the frame painted that much later
        // (startup benchmark). At the end, the stylesheet is on its way first. The module scripts wait for the
        // first frame (after-first-frame.ts); their loader comes after the early socket, which opens at once.
        if (input?.kind === 'signed-in') {
          if (options.afterFirstFrameLoader) body = holdModuleScripts(body)
          const end = (options.signedInBodyEnd ?? '') + (options.afterFirstFrameLoader ?? '')
          if (end) body = atBodyEnd(body, end)
        }
        // It may carry the user's name now: never into a disk cache.
        headers.set('Cache-Control', 'no-store')
      }
    }
    return new Response(body, { status: 200, headers })
  } catch {
    return notFoundResponse()
  }
}
