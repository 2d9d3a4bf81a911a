import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, posix, win32 } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { HELD_PRELOAD_REL, HELD_SCRIPT_TYPE } from '../shared/after-first-frame'
import {
  mimeTypeFor,
  resolveRendererRequest,
  serveRendererRequest,
  withPreconnects,
  type ServeOptions,
} from './renderer-protocol'

let base: string
let root: string
const opts = () => ({ scheme: 'harbor', host: 'renderer', rootDir: root })

beforeAll(async () => {
  base = await mkdtemp(join(tmpdir(), 'renderer-protocol-'))
  root = join(base, 'renderer')
  await mkdir(join(root, 'assets'), { recursive: true })
  await writeFile(join(root, 'index.html'), '<!doctype html><title>app</title>')
  await writeFile(join(root, 'assets', 'index-abc123.js'), 'console.log(1)')
  await writeFile(join(root, 'assets', 'index-abc123.css'), 'body{}')
  await writeFile(join(root, 'assets', 'logo.svg'), '<svg/>')
  await writeFile(join(root, 'assets', 'font.woff2'), 'x')
  await writeFile(join(root, 'assets', 'data.bin'), 'x')
  await writeFile(join(root, '.env'), 'SECRET=1')
  // A sibling folder whose name starts with the root's name: a naive prefix check would let it through.
  await mkdir(join(base, 'renderer-secret'))
  await writeFile(join(base, 'renderer-secret', 'secret.txt'), 'top secret')
  await writeFile(join(base, 'outside.js'), 'stolen()')
  await symlink(join(base, 'outside.js'), join(root, 'assets', 'escape.js'))
  await symlink(join(base, 'renderer-secret'), join(root, 'linked'))
  await symlink(join(root, 'assets', 'index-abc123.js'), join(root, 'assets', 'alias.js'))
  await writeFile(join(root, '.hidden-config.json'), '{"secret":1}')
  await symlink(join(root, '.hidden-config.json'), join(root, 'assets', 'config.json'))
  await mkdir(join(root, 'folder.d'))
})

afterAll(async () => {
  await rm(base, { recursive: true, force: true })
})

describe('resolveRendererRequest: accepted', () => {
  it.each([
    ['harbor://renderer/', 'index.html', 'text/html; charset=utf-8'],
    ['harbor://renderer', 'index.html', 'text/html; charset=utf-8'],
    ['harbor://renderer/index.html', 'index.html', 'text/html; charset=utf-8'],
    ['harbor://renderer/assets/index-abc123.js', 'assets/index-abc123.js', 'text/javascript; charset=utf-8'],
    [
      'harbor://renderer/assets/index-abc123.js?v=3',
      'assets/index-abc123.js',
      'text/javascript; charset=utf-8',
    ],
    ['harbor://renderer/assets/index-abc123.css#x', 'assets/index-abc123.css', 'text/css; charset=utf-8'],
    ['harbor://renderer/assets/logo.svg', 'assets/logo.svg', 'image/svg+xml'],
    // extension-less paths are app routes: the shell answers them
    ['harbor://renderer/devices', 'index.html', 'text/html; charset=utf-8'],
    ['harbor://renderer/devices/', 'index.html', 'text/html; charset=utf-8'],
    ['harbor://renderer/devices/abc-123_XYZ', 'index.html', 'text/html; charset=utf-8'],
    ['HARBOR://RENDERER/profile', 'index.html', 'text/html; charset=utf-8'],
  ])('%s -> %s', (url, file, mime) => {
    const result = resolveRendererRequest(url, opts())
    expect(result).toEqual({ ok: true, filePath: join(root, file), mimeType: mime })
  })

  it('works with the http scheme the browser tests use', () => {
    const result = resolveRendererRequest('http://renderer/assets/index-abc123.js', {
      ...opts(),
      scheme: 'http',
    })
    expect(result).toMatchObject({ ok: true, filePath: join(root, 'assets', 'index-abc123.js') })
  })

  it('knows the MIME types Vite emits', () => {
    expect(mimeTypeFor('a.mjs')).toBe('text/javascript; charset=utf-8')
    expect(mimeTypeFor('a.woff2')).toBe('font/woff2')
    expect(mimeTypeFor('a.json')).toBe('application/json; charset=utf-8')
    expect(mimeTypeFor('a.PNG')).toBe('image/png')
    expect(mimeTypeFor('a.unknown')).toBe('application/octet-stream')
  })
})

const hostile = [
  // other schemes and hosts
  'https://renderer/index.html',
  'file:///etc/passwd',
  'harbor-dev://renderer/',
  'harbor://evil/index.html',
  'harbor://renderer.evil.com/',
  'harbor://renderer:80/',
  'harbor://user@renderer/',
  'harbor://renderer@evil/',
  'harbor://Renderer./',
  'harbor:renderer/index.html',
  'harbor:/renderer/index.html',
  'harbor:///index.html',
  'harbor:///etc/passwd',
  'harbor://localhost/',
  'harbor://127.0.0.1/',
  'not a url',
  '',
  // dot segments, plain and encoded
  'harbor://renderer/../outside.js',
  'harbor://renderer/assets/../../outside.js',
  'harbor://renderer/assets/../index.html',
  'harbor://renderer/./index.html',
  'harbor://renderer/%2e%2e/outside.js',
  'harbor://renderer/%2E%2E/outside.js',
  'harbor://renderer/.%2e/outside.js',
  'harbor://renderer/%2e./outside.js',
  'harbor://renderer/assets/%2e%2e/%2e%2e/outside.js',
  'harbor://renderer/..%2foutside.js',
  'harbor://renderer/..%2Foutside.js',
  'harbor://renderer/assets%2f..%2f..%2foutside.js',
  'harbor://renderer/%2e%2e%2foutside.js',
  // double encoding
  'harbor://renderer/%252e%252e/outside.js',
  'harbor://renderer/%252e%252e%252foutside.js',
  'harbor://renderer/assets%252findex-abc123.js',
  'harbor://renderer/%25',
  'harbor://renderer/%zz',
  'harbor://renderer/%',
  'harbor://renderer/%c0%ae%c0%ae/outside.js',
  // backslashes
  'harbor://renderer/..\\outside.js',
  'harbor://renderer\\..\\outside.js',
  'harbor://renderer/assets\\..\\..\\outside.js',
  'harbor://renderer/..%5coutside.js',
  'harbor://renderer/..%5Coutside.js',
  'harbor://renderer/%5c%5cserver%5cshare',
  // absolute paths
  'harbor://renderer//etc/passwd',
  'harbor://renderer/%2fetc%2fpasswd',
  'harbor://renderer/%2Fetc/passwd',
  'harbor://renderer/C:/Windows/win.ini',
  'harbor://renderer/C%3a%5cWindows%5cwin.ini',
  'harbor://renderer/file:///etc/passwd',
  // NUL and control characters
  'harbor://renderer/index.html%00.js',
  'harbor://renderer/index.html\u0000',
  'harbor://renderer/%00',
  'harbor://renderer/assets/index-abc123.js%0a',
  'harbor://renderer/index\n.html',
  'harbor://renderer/index\t.html',
  'harbor://renderer/%7f',
  // hidden files and odd characters
  'harbor://renderer/.env',
  'harbor://renderer/assets/.hidden.js',
  'harbor://renderer/index.html;.js',
  'harbor://renderer/index%20.html',
  // trailing dots, which Windows drops when it opens the file
  'harbor://renderer/index.html.',
  'harbor://renderer/assets./index-abc123.js',
  'harbor://renderer/in%22dex.html',
  `harbor://renderer/${'a'.repeat(5000)}.js`,
]

describe('resolveRendererRequest: hostile', () => {
  it('has at least 50 hostile paths', () => {
    expect(hostile.length).toBeGreaterThanOrEqual(50)
  })

  it.each(hostile)('%j -> 404', (url) => {
    const result = resolveRendererRequest(url, opts())
    expect(result.ok).toBe(false)
    if (!result.ok) {
      expect(result.status).toBe(404)
      expect(result.reason.length).toBeGreaterThan(0)
    }
  })

  it.each(hostile)('%j is not served', async (url) => {
    const response = await serveRendererRequest(url, opts())
    expect(response.status).toBe(404)
    expect(await response.text()).toBe('Not found')
  })

  it.each([
    ['harbor://renderer/%252e%252e/outside.js', 'double-encoded path'],
    ['harbor://renderer/..%2foutside.js', 'empty or dot segment in path'],
    ['harbor://renderer/%2fetc%2fpasswd', 'path is not relative to the root'],
    ['harbor://renderer/index.html%00.js', 'forbidden character in path'],
    ['harbor://renderer/C%3a%5cWindows%5cwin.ini', 'forbidden character in path'],
    ['harbor://renderer/..\\outside.js', 'control character or backslash in URL'],
    ['harbor://renderer/%zz', 'malformed percent-encoding'],
    ['harbor://evil/index.html', 'wrong host'],
    ['harbor://renderer/.env', 'hidden file'],
    ['harbor://renderer/index.html.', 'trailing dot in path'],
  ])('%j is refused because: %s', (url, reason) => {
    expect(resolveRendererRequest(url, opts())).toEqual({ ok: false, status: 404, reason })
  })

  it('refuses a relative root folder', () => {
    expect(resolveRendererRequest('harbor://renderer/', { ...opts(), rootDir: 'out/renderer' }).ok).toBe(
      false,
    )
  })
})

describe('serveRendererRequest on real files', () => {
  it('serves a file with its MIME type and no CSP on non-HTML', async () => {
    const response = await serveRendererRequest('harbor://renderer/assets/index-abc123.js', {
      ...opts(),
      contentSecurityPolicy: "default-src 'self'",
    })
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('text/javascript; charset=utf-8')
    expect(response.headers.get('x-content-type-options')).toBe('nosniff')
    expect(response.headers.get('content-security-policy')).toBeNull()
    expect(await response.text()).toBe('console.log(1)')
  })

  it('adds the CSP header to HTML, including route fallbacks', async () => {
    for (const url of ['harbor://renderer/', 'harbor://renderer/devices/abcdefgh']) {
      const response = await serveRendererRequest(url, {
        ...opts(),
        contentSecurityPolicy: "default-src 'self'",
      })
      expect(response.status).toBe(200)
      expect(response.headers.get('content-security-policy')).toBe("default-src 'self'")
      expect(await response.text()).toContain('<title>app</title>')
    }
  })

  it('serves unknown extensions as octet-stream', async () => {
    const response = await serveRendererRequest('harbor://renderer/assets/data.bin', opts())
    expect(response.headers.get('content-type')).toBe('application/octet-stream')
  })

  it('404s a missing file with an extension (no index.html fallback)', async () => {
    expect((await serveRendererRequest('harbor://renderer/assets/missing.js', opts())).status).toBe(404)
  })

  it('404s a directory', async () => {
    expect((await serveRendererRequest('harbor://renderer/folder.d', opts())).status).toBe(404)
  })

  it('refuses a symlink to a file outside the folder', async () => {
    expect(resolveRendererRequest('harbor://renderer/assets/escape.js', opts()).ok).toBe(true)
    const response = await serveRendererRequest('harbor://renderer/assets/escape.js', opts())
    expect(response.status).toBe(404)
    expect(await response.text()).not.toContain('stolen')
  })

  it('refuses a symlinked folder that leads to a sibling with the same name prefix', async () => {
    const response = await serveRendererRequest('harbor://renderer/linked/secret.txt', opts())
    expect(response.status).toBe(404)
  })

  it('refuses a hidden file reached through another name (a symlink here, an 8.3 short name on Windows)', async () => {
    expect(resolveRendererRequest('harbor://renderer/assets/config.json', opts()).ok).toBe(true)
    const response = await serveRendererRequest('harbor://renderer/assets/config.json', opts())
    expect(response.status).toBe(404)
    expect(await response.text()).not.toContain('secret')
  })

  it('follows a symlink that stays inside the folder', async () => {
    const response = await serveRendererRequest('harbor://renderer/assets/alias.js', opts())
    expect(response.status).toBe(200)
    expect(await response.text()).toBe('console.log(1)')
  })

  it('404s when the root folder itself does not exist', async () => {
    const response = await serveRendererRequest('harbor://renderer/', {
      ...opts(),
      rootDir: join(base, 'nope'),
    })
    expect(response.status).toBe(404)
  })
})

// The app ships on Windows: the same URL rules with Windows path semantics (drive letters, `\`, any case).
describe('resolveRendererRequest with Windows path rules', () => {
  const windowsRoot = 'C:\\Program Files\\Harbor\\resources\\app.asar\\renderer'
  const windows = { scheme: 'harbor', host: 'renderer', rootDir: windowsRoot, pathRules: win32 }

  it.each([
    ['harbor://renderer/assets/index-abc123.js', `${windowsRoot}\\assets\\index-abc123.js`],
    ['harbor://renderer/', `${windowsRoot}\\index.html`],
    ['harbor://renderer/devices/abc', `${windowsRoot}\\index.html`],
  ])('%s -> %s', (url, filePath) => {
    expect(resolveRendererRequest(url, windows)).toMatchObject({ ok: true, filePath })
  })

  it('accepts a root folder written with forward slashes or another letter case', () => {
    const result = resolveRendererRequest('harbor://renderer/assets/logo.svg', {
      ...windows,
      rootDir: 'c:/program files/harbor/renderer',
    })
    expect(result).toMatchObject({
      ok: true,
      filePath: 'c:\\program files\\harbor\\renderer\\assets\\logo.svg',
    })
  })

  it('serves from a root at the top of a drive (or of a POSIX file system)', () => {
    expect(
      resolveRendererRequest('harbor://renderer/index.html', { ...windows, rootDir: 'D:\\' }),
    ).toMatchObject({ ok: true, filePath: 'D:\\index.html' })
    expect(
      resolveRendererRequest('harbor://renderer/index.html', { ...opts(), rootDir: '/', pathRules: posix }),
    ).toMatchObject({ ok: true, filePath: '/index.html' })
  })

  it.each(['renderer', 'C:renderer', 'out\\renderer'])('refuses the relative root folder %j', (rootDir) => {
    expect(resolveRendererRequest('harbor://renderer/', { ...windows, rootDir })).toEqual({
      ok: false,
      status: 404,
      reason: 'renderer root is not an absolute path',
    })
  })

  it.each(hostile)('%j -> 404', (url) => {
    expect(resolveRendererRequest(url, windows).ok).toBe(false)
  })
})

describe('serveRendererRequest with a first frame', () => {
  const SLOT = '<!--harbor:first-frame-->'
  let frameRoot: string
  beforeAll(async () => {
    frameRoot = join(base, 'with-slot')
    await mkdir(join(frameRoot, 'assets'), { recursive: true })
    await writeFile(join(frameRoot, 'index.html'), `<!doctype html><html><div id="root">${SLOT}</div></html>`)
    await writeFile(join(frameRoot, 'assets', 'page.html'), `<p>${SLOT}</p>`)
    await writeFile(join(frameRoot, 'assets', 'index-abc123.js'), `// ${SLOT}`)
  })
  const asked: string[] = []
  const frameOpts = (firstFrame?: ServeOptions['firstFrame']) => ({
    scheme: 'harbor',
    host: 'renderer',
    rootDir: frameRoot,
    contentSecurityPolicy: "default-src 'self'",
    firstFrame:
      firstFrame ??
      (async (pathname: string) => {
        asked.push(pathname)
        return {
          kind: 'signed-in' as const,
          user: { name: '<b>Grace</b>', confirmedOnlineAt: Date.now() },
          appearance: 'system' as const,
          platform: 'macos' as const,
          layout: { sidebarCollapsed: false },
          pathname,
          now: Date.now(),
        }
      }),
  })

  it('fills the document of every route, escaped, never stored in a cache, CSP unchanged', async () => {
    asked.length = 0
    for (const [url, dest] of [
      ['harbor://renderer/', null],
      ['harbor://renderer/devices/abcdefgh', 'document'],
    ] as const) {
      const response = await serveRendererRequest(url, frameOpts(), { fetchDest: dest })
      const body = await response.text()
      expect(body).toContain('<span class="user-name">&lt;b&gt;Grace&lt;/b&gt;</span>')
      expect(body).toContain('<html data-platform="macos">')
      expect(body).not.toContain(SLOT)
      expect(response.headers.get('cache-control')).toBe('no-store')
      expect(response.headers.get('content-security-policy')).toBe("default-src 'self'")
    }
    expect(asked).toEqual(['/', '/devices/abcdefgh'])
  })

  it('gives nothing to a frame, a script’s fetch, or any other file', async () => {
    asked.length = 0
    for (const dest of ['iframe', 'empty', 'script']) {
      const body = await (
        await serveRendererRequest('harbor://renderer/', frameOpts(), { fetchDest: dest })
      ).text()
      expect(body).toBe(`<!doctype html><html><div id="root">${SLOT}</div></html>`)
    }
    for (const url of ['harbor://renderer/assets/page.html', 'harbor://renderer/assets/index-abc123.js']) {
      const response = await serveRendererRequest(url, frameOpts())
      expect(await response.text()).toContain(SLOT)
      expect(response.headers.get('cache-control')).toBe('no-cache')
    }
    expect(asked).toEqual([])
  })

  it('a snapshot that fails is the neutral frame, still a 200', async () => {
    const response = await serveRendererRequest(
      'harbor://renderer/',
      frameOpts(() => Promise.reject(new Error('boom'))),
    )
    expect(response.status).toBe(200)
    expect(await response.text()).toBe('<!doctype html><html><div id="root"></div></html>')
  })

  it('puts the signed-in markup at the end of the body of a signed-in document only', async () => {
    const bodyRoot = join(base, 'with-body')
    await mkdir(bodyRoot, { recursive: true })
    await writeFile(
      join(bodyRoot, 'index.html'),
      `<html><head><title>app</title></head><body><div id="root">${SLOT}</div><script type="module" src="/assets/index.js"></script></body></html>`,
    )
    const script = '<script>early()</script>'
    const serve = async (firstFrame: ServeOptions['firstFrame'], fetchDest = 'document') =>
      (
        await serveRendererRequest(
          'harbor://renderer/',
          { ...frameOpts(firstFrame), rootDir: bodyRoot, signedInBodyEnd: script },
          { fetchDest },
        )
      ).text()
    const signedIn = await serve(undefined)
    expect(signedIn).toMatch(
      /<script type="module" src="\/assets\/index.js"><\/script><script>early\(\)<\/script><\/body><\/html>$/,
    )
    expect(signedIn.match(/early\(\)/g)).toHaveLength(1)
    expect(signedIn).toContain('<span class="user-name">')
    const neutral = await serve(async () => ({ kind: 'neutral', appearance: 'system', platform: 'linux' }))
    expect(neutral).not.toContain('early()')
    expect(await serve(() => Promise.reject(new Error('boom')))).not.toContain('early()')
    expect(await serve(undefined, 'iframe')).not.toContain('early()')
    asked.length = 0
  })

  it('holds a signed-in document’s module scripts for the loader, which goes last; other documents load at once', async () => {
    const heldRoot = join(base, 'held-scripts')
    await mkdir(heldRoot, { recursive: true })
    await writeFile(
      join(heldRoot, 'index.html'),
      `<html><head><script type="module" crossorigin src="/assets/index.js"></script>` +
        `<link rel="modulepreload" crossorigin href="/assets/react.js"></head><body><div id="root">${SLOT}</div></body></html>`,
    )
    const loader = '<script>loadAfterFrame()</script>'
    const serve = async (firstFrame: ServeOptions['firstFrame'], options: Partial<ServeOptions> = {}) =>
      (
        await serveRendererRequest(
          'harbor://renderer/',
          { ...frameOpts(firstFrame), rootDir: heldRoot, afterFirstFrameLoader: loader, ...options },
          { fetchDest: 'document' },
        )
      ).text()
    const signedIn = await serve(undefined, { signedInBodyEnd: '<script>early()</script>' })
    expect(signedIn).toContain(
      `<script type="${HELD_SCRIPT_TYPE}" crossorigin src="/assets/index.js"></script>` +
        `<link rel="${HELD_PRELOAD_REL}" crossorigin href="/assets/react.js">`,
    )
    expect(signedIn).not.toMatch(/type="module"|rel="modulepreload"/)
    // The early socket opens first; the loader comes last.
    expect(signedIn).toMatch(
      /<script>early\(\)<\/script><script>loadAfterFrame\(\)<\/script><\/body><\/html>$/,
    )
    expect(await serve(undefined, { signedInBodyEnd: undefined })).toMatch(
      /<\/div><script>loadAfterFrame\(\)<\/script><\/body><\/html>$/,
    )
    // No frame to paint first: the scripts load at once, and there is no loader.
    for (const document of [
      await serve(async () => ({ kind: 'neutral', appearance: 'system', platform: 'linux' })),
      await serve(() => Promise.reject(new Error('boom'))),
    ]) {
      expect(document).toContain('<script type="module" crossorigin src="/assets/index.js">')
      expect(document).toContain('<link rel="modulepreload" crossorigin href="/assets/react.js">')
      expect(document).not.toContain('loadAfterFrame')
    }
    // Without a loader nothing is held.
    expect(await serve(undefined, { afterFirstFrameLoader: undefined })).toContain('<script type="module"')
    asked.length = 0
  })

  it('serves a page without the slot unchanged', async () => {
    const response = await serveRendererRequest('harbor://renderer/', { ...frameOpts(), rootDir: root })
    expect(await response.text()).toBe('<!doctype html><title>app</title>')
    expect(asked).toEqual([])
  })
})

describe('preconnect links in the app document', () => {
  const CLERK = 'https://clerk.example.test'
  let docRoot: string
  beforeAll(async () => {
    docRoot = join(base, 'with-head')
    await mkdir(join(docRoot, 'assets'), { recursive: true })
    await writeFile(
      join(docRoot, 'index.html'),
      '<!doctype html><html><head><title>app</title></head></html>',
    )
    await writeFile(join(docRoot, 'assets', 'page.html'), '<html><head></head></html>')
  })
  const serve = (url: string, preconnect: string[], fetchDest: string | null = 'document') =>
    serveRendererRequest(
      url,
      { scheme: 'harbor', host: 'renderer', rootDir: docRoot, preconnect },
      { fetchDest },
    )

  it('puts one anonymous preconnect per origin first in the head of every route’s document', async () => {
    for (const url of ['harbor://renderer/', 'harbor://renderer/devices']) {
      expect(await (await serve(url, [CLERK])).text()).toBe(
        `<!doctype html><html><head><link rel="preconnect" href="${CLERK}" crossorigin><title>app</title></head></html>`,
      )
    }
  })

  it('leaves out anything that is not an https origin, and changes nothing when none is left', async () => {
    const hostile = [
      'http://clerk.example.test',
      'https://clerk.example.test/path',
      'https://clerk.example.test"><script>alert(1)</script>',
      'javascript:alert(1)',
      '',
      'not a url',
    ]
    const body = await (await serve('harbor://renderer/', hostile)).text()
    expect(body).toBe('<!doctype html><html><head><title>app</title></head></html>')
    const mixed = await (await serve('harbor://renderer/', [...hostile, CLERK])).text()
    expect(mixed.match(/rel="preconnect"/g)).toHaveLength(1)
    expect(mixed).not.toContain('<script>')
  })

  it('gives nothing to other files, frames or script fetches', async () => {
    expect(await (await serve('harbor://renderer/assets/page.html', [CLERK])).text()).toBe(
      '<html><head></head></html>',
    )
    for (const dest of ['iframe', 'empty']) {
      expect(await (await serve('harbor://renderer/', [CLERK], dest)).text()).not.toContain('preconnect')
    }
  })

  it('withPreconnects leaves a document without a head alone', () => {
    expect(withPreconnects('<p>no head</p>', [CLERK])).toBe('<p>no head</p>')
    expect(withPreconnects('<HEAD lang="en"></HEAD>', [CLERK])).toBe(
      `<HEAD lang="en"><link rel="preconnect" href="${CLERK}" crossorigin></HEAD>`,
    )
  })
})
