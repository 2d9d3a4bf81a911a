// The test side of clerk-standin.test.ts: a loopback HTTPS origin (`https://app.harbor-fullstack.test`, mapped by
// --host-resolver-rules) serving a minimal page that imports the real clerk-js ESM bundle from node_modules, and a
// Chromium launched the way the contract says. The page sets clerk-js up exactly as @clerk/electron 0.0.45's React
// provider does (dist/esm/react/index.js: `_is_native=1`, credentials omitted, the client token in `Authorization`
// both ways, standardBrowser: false, Clerk's UI loaded from the Frontend API host), with the token kept in a
// page-global instead of the keychain, so every page is one "app instance" with its own Clerk client.
import { readFile, mkdtemp, rm } from 'node:fs/promises'
import { createServer, type Server } from 'node:https'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { chromium, type BrowserContext } from 'playwright-core'
import { CLERK_FRONTEND_API_HOST, CONVEX_DEPLOYMENT_HOST } from '../hosts'
import { testCertificate } from '../tls'

export const APP_HOST = 'app.harbor-fullstack.test'
export const APP_ORIGIN = `https://${APP_HOST}`
export const OAUTH_REDIRECT_URL = 'harbor://renderer/oauth-callback'
const CLERK_JS = resolve(import.meta.dirname, '../../../node_modules/@clerk/clerk-js/dist/clerk.mjs')

function pageHtml(publishableKey: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>clerk stand-in test</title></head>
<body><div id="sign-in"></div>
<script type="module">
import { Clerk } from '/clerk-js/clerk.mjs'
let clientToken = null
window.__clientTokenWrites = 0
const clerk = new Clerk(${JSON.stringify(publishableKey)})
clerk.__internal_onBeforeRequest(async (request) => {
  request.credentials = 'omit'
  request.url?.searchParams.append('_is_native', '1')
  if (clientToken) {
    const headers = new Headers(request.headers)
    headers.set('Authorization', 'Bearer ' + clientToken)
    request.headers = headers
  }
})
clerk.__internal_onAfterResponse(async (_request, response) => {
  const authorization = response.headers.get('Authorization')
  if (!authorization) return
  clientToken = authorization.startsWith('Bearer ') ? authorization.slice(7) : authorization
  window.__clientTokenWrites++
})
const ui = new Promise((resolve, reject) => {
  const script = document.createElement('script')
  script.src = 'https://${CLERK_FRONTEND_API_HOST}/npm/@clerk/ui@1/dist/ui.browser.js'
  script.async = true
  script.crossOrigin = 'anonymous'
  script.onload = () => window.__internal_ClerkUICtor ? resolve(window.__internal_ClerkUICtor) : reject(new Error('no ClerkUI'))
  script.onerror = () => reject(new Error('Clerk UI script failed to load'))
  document.head.append(script)
})
window.clerk = clerk
// The app's router refuses to leave the renderer (renderer/src/backend/live/AppProviders.tsx); here navigations are only
// recorded, so clerk-js never reloads the page.
window.__navigations = []
window.clerkReady = ui.then((ClerkUI) => clerk.load({
  standardBrowser: false,
  telemetry: false,
  ui: { ClerkUI },
  routerPush: (to) => { window.__navigations.push(to) },
  routerReplace: (to) => { window.__navigations.push(to) },
  __internal_oauthTransport: {
    getRedirectUrl: async () => ${JSON.stringify(OAUTH_REDIRECT_URL)},
    open: async (url) => ({ callbackUrl: await window.__openSystemBrowser(url.href) }),
  },
})).then(() => 'loaded', (error) => 'failed: ' + String(error))
</script></body></html>`
}

export interface TestBrowser {
  context: BrowserContext
  stop(): Promise<void>
}

/** The page's origin server (HTTPS on loopback with the run's certificate). */
export async function startAppOrigin(
  publishableKey: string,
): Promise<{ port: number; stop(): Promise<void> }> {
  const certificate = await testCertificate([CLERK_FRONTEND_API_HOST, CONVEX_DEPLOYMENT_HOST])
  const clerkJs = await readFile(CLERK_JS)
  const html = pageHtml(publishableKey)
  const server: Server = createServer(
    { key: certificate.key, cert: certificate.cert },
    (request, response) => {
      const path = new URL(request.url ?? '/', APP_ORIGIN).pathname
      if (path === '/') {
        response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' })
        response.end(html)
      } else if (path === '/clerk-js/clerk.mjs') {
        response.writeHead(200, { 'Content-Type': 'text/javascript; charset=utf-8' })
        response.end(clerkJs)
      } else {
        response.writeHead(404)
        response.end()
      }
    },
  )
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
  return {
    port: (server.address() as AddressInfo).port,
    stop: () =>
      new Promise((done) => {
        server.close(() => done())
        server.closeAllConnections()
      }),
  }
}

export async function launchTestBrowser(ports: { clerk: number; app: number }): Promise<TestBrowser> {
  const profile = await mkdtemp(join(tmpdir(), 'harbor-clerk-standin-'))
  let context: BrowserContext
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: process.env.HARBOR_CHROMIUM ?? '/usr/bin/chromium',
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--disable-blink-features=AutomationControlled',
        '--ignore-certificate-errors',
        `--host-resolver-rules=MAP ${CLERK_FRONTEND_API_HOST} 127.0.0.1:${ports.clerk}, MAP ${APP_HOST} 127.0.0.1:${ports.app}, MAP * ~NOTFOUND`,
      ],
    })
  } catch (error) {
    await rm(profile, { recursive: true, force: true })
    throw error
  }
  // Chromium blocks a public origin's requests to loopback (Local Network Access) unless this is granted: an
  // artefact of standing in on 127.0.0.1, not something the app meets.
  const stop = async () => {
    await context.close()
    await rm(profile, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 })
  }
  try {
    await context.grantPermissions(['local-network-access'], { origin: APP_ORIGIN })
  } catch (error) {
    await stop()
    throw error
  }
  return { context, stop }
}
