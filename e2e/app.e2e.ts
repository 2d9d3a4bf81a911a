// The packaged app, driven by Playwright: what only a real Electron can show. Each test launches the
// unfused e2e build (e2e/build-app.mts) with a fresh profile.
import { randomUUID } from 'node:crypto'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect, test } from '@playwright/test'
import {
  createSandbox,
  launchApp,
  launchSecondInstance,
  RENDERER_ORIGIN,
  type Launched,
  type Sandbox,
} from './harness'
import { builtApp } from './paths'
import type { RendererGlobals } from './renderer-globals'
import { startUpdateServer } from './update-server'

let sandbox: Sandbox
let launched: Launched | null = null

test.beforeEach(() => {
  sandbox = createSandbox()
})

test.afterEach(async () => {
  await launched?.app.close()
  launched = null
  sandbox.dispose()
})

async function start(options: Parameters<typeof launchApp>[1] = {}): Promise<Launched> {
  launched = await launchApp(sandbox, options)
  return launched
}

function pathname(launchedApp: Launched): Promise<string> {
  return launchedApp.page.evaluate(() => (globalThis as unknown as RendererGlobals).location.pathname)
}

test('the window runs with locked-down webPreferences (read from the main process)', async () => {
  const { app, page } = await start()
  const preferences = await app.evaluate(({ BrowserWindow }) => {
    const [window] = BrowserWindow.getAllWindows()
    // Present at run time in every Electron since 12, but missing from electron.d.ts.
    const contents = window?.webContents as
      { getLastWebPreferences(): Electron.WebPreferences | null } | undefined
    const p = contents?.getLastWebPreferences()
    return p
      ? {
          contextIsolation: p.contextIsolation,
          sandbox: p.sandbox,
          nodeIntegration: p.nodeIntegration,
          nodeIntegrationInWorker: p.nodeIntegrationInWorker,
          nodeIntegrationInSubFrames: p.nodeIntegrationInSubFrames,
          webSecurity: p.webSecurity,
          allowRunningInsecureContent: p.allowRunningInsecureContent ?? false,
          webviewTag: p.webviewTag ?? false,
          preload: p.preload ?? '',
        }
      : null
  })
  expect(preferences).toMatchObject({
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
  })
  expect(preferences?.preload).toMatch(/app\.asar[/\\]out[/\\]preload[/\\]index\.js$/)

  // The page sees no Node, only the typed bridge.
  const surface = await page.evaluate(() => {
    const g = globalThis as unknown as RendererGlobals
    return {
      require: typeof g.require,
      process: typeof g.process,
      module: typeof g.module,
      desktop: Object.keys(g.desktop).sort(),
    }
  })
  expect(surface).toEqual({
    require: 'undefined',
    process: 'undefined',
    module: 'undefined',
    desktop: ['app', 'device', 'lastUser', 'links', 'session', 'shell', 'storage', 'updates'],
  })
})

test('the renderer is served from harbor://renderer with a strict CSP header', async () => {
  const { app, page } = await start()
  expect(page.url().startsWith(`${RENDERER_ORIGIN}/`)).toBe(true)
  const info = await page.evaluate(() => (globalThis as unknown as RendererGlobals).desktop.app.getInfo())
  expect(info).toMatchObject({
    productName: 'Harbor',
    scheme: 'harbor',
    rendererOrigin: RENDERER_ORIGIN,
    isPackaged: true,
  })

  // Fetched through the session from the main process: the header the protocol handler really sends.
  const response = await app.evaluate(async ({ session }, origin) => {
    const result = await session.defaultSession.fetch(`${origin}/`)
    return { status: result.status, csp: result.headers.get('content-security-policy') }
  }, RENDERER_ORIGIN)
  expect(response.status).toBe(200)
  const csp = response.csp ?? ''
  expect(csp).toContain("default-src 'self'")
  expect(csp).toContain("object-src 'none'")
  expect(csp).toContain("frame-ancestors 'none'")
  const scriptSrc = csp.split(';').find((directive) => directive.trim().startsWith('script-src')) ?? ''
  expect(scriptSrc).not.toContain("'unsafe-inline'")
  expect(scriptSrc).not.toContain("'unsafe-eval'")

  // Files outside the renderer folder are not reachable through the scheme.
  const escape = await app.evaluate(async ({ session }, origin) => {
    const result = await session.defaultSession.fetch(`${origin}/..%2F..%2Fpackage.json`)
    return { status: result.status, body: (await result.text()).slice(0, 200) }
  }, RENDERER_ORIGIN)
  expect(escape.body).not.toContain('"dependencies"')
})

test('an app link given at cold start opens its page', async () => {
  const launchedApp = await start({ args: ['harbor://renderer/settings'] })
  await expect.poll(() => pathname(launchedApp)).toBe('/settings')
})

test('app links reach the running app through second-instance and open-url', async () => {
  const launchedApp = await start()
  await expect.poll(() => pathname(launchedApp)).not.toBe('/devices')

  // Windows and Linux: the OS starts a second process with the link; it hands over and quits.
  const exitCode = await launchSecondInstance(sandbox, ['harbor://renderer/devices'])
  expect(exitCode).toBe(0)
  await expect.poll(() => pathname(launchedApp)).toBe('/devices')

  // macOS delivers links to the running app as `open-url`; emitted here the way the OS would.
  await launchedApp.app.evaluate(({ app }, url) => {
    app.emit('open-url', { preventDefault: () => undefined }, url)
  }, 'harbor://renderer/profile')
  await expect.poll(() => pathname(launchedApp)).toBe('/profile')

  // A link to somewhere else is refused: the page stays.
  await launchedApp.app.evaluate(({ app }, url) => {
    app.emit('open-url', { preventDefault: () => undefined }, url)
  }, 'harbor://evil.example/settings')
  await launchedApp.page.waitForTimeout(1000)
  expect(await pathname(launchedApp)).toBe('/profile')
})

test('a keychain entry written through the Clerk token cache survives a relaunch', async () => {
  const key = `__clerk_e2e_${randomUUID().replaceAll('-', '')}`.slice(0, 40)
  const value = `token-${randomUUID()}`

  const first = await start()
  await expect
    .poll(() =>
      first.page.evaluate(() => (globalThis as unknown as RendererGlobals).desktop.storage.getPersistence()),
    )
    .toBe('keychain')
  await first.page.evaluate(
    ([k, v]) =>
      (globalThis as unknown as RendererGlobals).__clerk_internal_electron.tokenCache.saveToken(k, v),
    [key, value] as const,
  )
  await first.app.close()
  launched = null

  const second = await start()
  const read = (k: string) =>
    second.page.evaluate(
      (keyName) =>
        (globalThis as unknown as RendererGlobals).__clerk_internal_electron.tokenCache.getToken(keyName),
      k,
    )
  expect(await read(key)).toBe(value)
  await second.page.evaluate(
    (k) => (globalThis as unknown as RendererGlobals).__clerk_internal_electron.tokenCache.clearToken(k),
    key,
  )
  expect(await read(key)).toBeFalsy()
})

test('the update indicator shows a download from a local update server', async () => {
  const server = await startUpdateServer({ version: '99.0.0' })
  const appUpdateYml = join(builtApp().resourcesDir, 'app-update.yml')
  const original = readFileSync(appUpdateYml, 'utf8')
  writeFileSync(
    appUpdateYml,
    `provider: generic\nurl: ${server.url}\nupdaterCacheDirName: harbor-e2e-updater\n`,
  )
  try {
    // electron-updater only updates a Linux build that runs as an AppImage; say this one does.
    const appImage = join(sandbox.dir, 'Harbor-e2e.AppImage')
    writeFileSync(appImage, '')
    const { page } = await start({ env: process.platform === 'linux' ? { APPIMAGE: appImage } : {} })

    await page.evaluate(async () => {
      const g = globalThis as unknown as RendererGlobals
      g.__updateStates = []
      g.desktop.updates.onState((snapshot) => g.__updateStates?.push(snapshot.state.status))
      await g.desktop.updates.check()
    })

    // The indicator floats in a corner; its panel holds the full-width bar.
    const indicator = page.getByRole('button', { name: /^Downloading update/ })
    await expect(indicator).toBeVisible()
    await indicator.click()
    await expect(page.getByRole('progressbar', { name: 'Update download progress for 99.0.0' })).toBeVisible()
    const snapshot = await page.evaluate(() =>
      (globalThis as unknown as RendererGlobals).desktop.updates.get(),
    )
    expect(snapshot).toMatchObject({ channel: 'stable', state: { status: 'downloading', version: '99.0.0' } })
    const states = await page.evaluate(() => (globalThis as unknown as RendererGlobals).__updateStates ?? [])
    expect(states).toEqual(expect.arrayContaining(['available', 'downloading']))
    expect(server.requests.some((request) => /^GET \/latest(-mac|-linux)?\.yml$/.test(request))).toBe(true)
  } finally {
    writeFileSync(appUpdateYml, original)
    await launched?.app.close()
    launched = null
    await server.close()
  }
})
