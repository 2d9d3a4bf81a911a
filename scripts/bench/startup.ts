// `npm run bench:startup`: how long an offline start takes to show the cached signed-in shell, compared with a
// bare React page built by the same toolchain. Prints numbers; asserts nothing.
//
//   node --experimental-strip-types scripts/bench/startup.ts [--runs N] [--timeout-ms N] [--keep] [--trace FILE]
//        [--no-warm]
//
// Two measurements, each alternating the bare page and the app so that drift of a shared machine hits both:
// COLD (a fresh browser context per load, as on a first launch) and WARM (the browser relaunched on one reused
// profile per page, served by a real 127.0.0.1 HTTP server, so the HTTP and V8 code caches work as on a
// second launch of the app, whose protocol is registered with `codeCache: true`). Both alternate with the
// static floor (the same frame with no script), so each kind of start has its own floor.
// --trace FILE records one more cached-shell load as a Chromium trace (for finding where the time goes).
import { mkdtemp, readFile, readdir, rm, stat } from 'node:fs/promises'
import { cpus, loadavg, tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { version as convexClientVersion } from 'convex'
import { chromium } from 'playwright-core'
import { runnerImport } from 'vite'
import type * as RendererDocumentModule from '../../electron/main/renderer-document.ts'
import type * as FirstFrameModule from '../../electron/shared/first-frame.ts'
import { MAX_OFFLINE_AGE_MS } from '../../electron/main/last-known-user.ts'
import type * as RendererProtocolModule from '../../electron/main/renderer-protocol.ts'
import { parseConvexUrl, parsePublishableKey } from '../../electron/shared/config-values.ts'
import type { LastKnownUser } from '../../electron/shared/contract.ts'
import { BARE_PAGE_SELECTOR, buildBarePage, buildRenderer, buildStaticFloor } from './build-pages.ts'
import {
  PAGE_ORIGIN,
  loadPage,
  type NetworkMode,
  type PageLoadResult,
  type RequestKind,
} from './measure-page.ts'
import { startCachingServer } from './caching-server.ts'
import { formatReport, type WarmResults } from './report.ts'
import { formatMs } from './stats.ts'
import { measureStoreRead } from './store-read.ts'
import { runThenExit } from './end-run.ts'
import { codeCacheBytes, loadWarm, type WarmLoad, type WarmLoadResult } from './warm-launch.ts'

/**
 * The signed-in frame shown from the cache, whoever painted it: the main process's snapshot in the document
 * (issue 16) or React's shell (issue 5). The user's name is what tells the user they are in.
 */
const SIGNED_IN_FRAME_SELECTOR = '.shell[data-mode="offline"] .user-name'
/** Interactive: React's shell (the snapshot has no test id) answers a click on the account button. */
const INTERACTIVE = {
  attached: '[data-testid="app-shell"]',
  button: '.user-menu-button',
  opened: '[role="menu"]',
}
const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
// Chromium quiet for measuring (no sandbox or GPU in CI, no QUIC, no first-run, background or sync traffic), plus a
// host resolver that fails every lookup: offline on any machine, even one with a network.
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-blink-features=AutomationControlled',
  // 127.0.0.1 stays reachable for the warm launches' local server; every name still fails to resolve.
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
]

// Placeholder public configuration: valid for the parsers, unreachable by construction.
const PUBLISHABLE_KEY = `pk_test_${Buffer.from('harbor-bench.clerk.accounts.dev$').toString('base64')}`
const CONVEX_URL = 'https://harbor-bench-123.convex.cloud'

const repoRoot = resolve(import.meta.dirname, '../..')

function cachedUser(now: number): LastKnownUser {
  return {
    version: 1,
    clerkUserId: 'user_2benchmarkUser000000000000',
    profile: {
      name: 'Ada Lovelace',
      email: 'ada@example.com',
      pictureUrl: 'https://img.clerk.com/bench.png',
    },
    devices: [
      {
        deviceId: 'bench-device-0001',
        name: 'Benchmark machine',
        platform: 'linux',
        appVersion: '0.1.0',
        lastSeenAt: now - 3_600_000,
      },
      {
        deviceId: 'bench-device-0002',
        name: 'Office desktop',
        platform: 'windows',
        appVersion: '0.1.0',
        lastSeenAt: now - 86_400_000,
      },
    ],
    confirmedOnlineAt: now - 2 * 3_600_000,
  }
}

function classifier(clerkHost: string, convexHosts: string[]): (url: string) => RequestKind {
  return (raw) => {
    if (raw.startsWith(`${PAGE_ORIGIN}/`)) return 'app-file'
    if (raw.startsWith('data:') || raw.startsWith('blob:')) return 'inline'
    let host: string
    try {
      host = new URL(raw).hostname
    } catch {
      return 'other'
    }
    if (host === clerkHost || host.endsWith('.clerk.com') || host === 'clerk.com') return 'clerk'
    if (convexHosts.includes(host)) return 'convex'
    return 'other'
  }
}

/**
 * What the browser must fetch, parse and run before anything renders (the scripts and styles index.html
 * references, including module preloads) and what the app loads later on demand.
 */
async function describeBuild(dir: string): Promise<string> {
  const html = await readFile(join(dir, 'index.html'), 'utf8')
  const upFront = new Set([...html.matchAll(/(?:src|href)="\.?\/?([^"]+\.(?:js|css))"/g)].map((m) => m[1]!))
  const files = (await readdir(dir, { recursive: true })).filter((name) => /\.(js|css)$/.test(name))
  const sizes = await Promise.all(
    files.map(async (name) => ({ name, bytes: (await stat(join(dir, name))).size })),
  )
  const kB = (list: typeof sizes) => `${(list.reduce((sum, f) => sum + f.bytes, 0) / 1024).toFixed(0)} kB`
  const first = sizes.filter((f) => upFront.has(f.name.split('\\').join('/')))
  const later = sizes.filter((f) => !first.includes(f))
  return `up front ${kB(first)} in ${first.length} file(s); on demand ${kB(later)} in ${later.length} file(s)`
}

const WARM_PRIMING_LOADS = 3

interface WarmSetup {
  runs: number
  workDir: string
  rendererDir: string
  bareDir: string
  /** The static floor (buildStaticFloor): the same frame with no script, relaunched like the others. */
  floorDir: string
  serveFrom: (rootDir: string) => (url: string) => Promise<Response>
  /** The app as the main process serves it: the document carries the first frame. */
  serveApp: (url: string) => Promise<Response>
  desktop: WarmLoad['desktop']
  timeoutMs: number
  log: (line?: string) => void
}

async function measureWarm(setup: WarmSetup): Promise<WarmResults> {
  const { runs, workDir, timeoutMs, log } = setup
  const appServer = await startCachingServer(setup.serveApp, PAGE_ORIGIN)
  const bareServer = await startCachingServer(setup.serveFrom(setup.bareDir), PAGE_ORIGIN)
  const floorServer = await startCachingServer(setup.serveFrom(setup.floorDir), PAGE_ORIGIN)
  try {
    const common = { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, timeoutMs }
    const bare = (traceCodeCache = false) =>
      loadWarm({
        ...common,
        profileDir: join(workDir, 'profile-bare'),
        url: `${bareServer.origin}/`,
        selector: BARE_PAGE_SELECTOR,
        desktop: null,
        traceCodeCache,
      })
    const app = (traceCodeCache = false) =>
      loadWarm({
        ...common,
        profileDir: join(workDir, 'profile-app'),
        url: `${appServer.origin}/`,
        selector: SIGNED_IN_FRAME_SELECTOR,
        desktop: setup.desktop,
        traceCodeCache,
      })

    // The same frame with no script, relaunched the same way: what the warm first paint is held to.
    const floor = () =>
      loadWarm({
        ...common,
        profileDir: join(workDir, 'profile-floor'),
        url: `${floorServer.origin}/`,
        selector: SIGNED_IN_FRAME_SELECTOR,
        desktop: null,
      })

    // Chromium keeps compiled code only for scripts it has seen run before: the first launches fill the caches.
    let started = performance.now()
    for (let i = 0; i < WARM_PRIMING_LOADS; i++) {
      await bare()
      await app()
      await floor()
    }
    log(
      `warm: ${WARM_PRIMING_LOADS} priming launches per page done in ${formatMs(performance.now() - started)}`,
    )
    const results = {
      bare: [] as WarmLoadResult[],
      app: [] as WarmLoadResult[],
      floor: [] as WarmLoadResult[],
    }
    started = performance.now()
    for (let run = 0; run < runs; run++) {
      if (run % 2 === 0) {
        results.bare.push(await bare())
        results.app.push(await app())
        results.floor.push(await floor())
      } else {
        results.floor.push(await floor())
        results.app.push(await app())
        results.bare.push(await bare())
      }
      process.stdout.write('.')
    }
    log()
    log(`warm: ${runs} launches per page in ${formatMs(performance.now() - started)}`)
    const [tracedBare, tracedApp] = [await bare(true), await app(true)]
    return {
      ...results,
      primingLoads: WARM_PRIMING_LOADS,
      codeCacheBytes: {
        bare: await codeCacheBytes(join(workDir, 'profile-bare')),
        app: await codeCacheBytes(join(workDir, 'profile-app')),
      },
      traced: {
        bare: tracedBare.ok ? tracedBare.compiled : null,
        app: tracedApp.ok ? tracedApp.compiled : null,
      },
    }
  } finally {
    await Promise.all([appServer.close(), bareServer.close(), floorServer.close()])
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      runs: { type: 'string', default: '7' },
      'timeout-ms': { type: 'string', default: '20000' },
      keep: { type: 'boolean', default: false },
      trace: { type: 'string' },
      'no-warm': { type: 'boolean', default: false },
    },
  })
  const runs = Number(values.runs)
  const timeoutMs = Number(values['timeout-ms'])
  if (!Number.isInteger(runs) || runs < 1) throw new Error('--runs must be a positive integer')
  if (!Number.isInteger(timeoutMs) || timeoutMs < 1000) throw new Error('--timeout-ms must be at least 1000')

  const clerk = parsePublishableKey(PUBLISHABLE_KEY)
  const convex = parseConvexUrl(CONVEX_URL)
  if (!clerk.ok || !convex.ok) throw new Error('the placeholder configuration no longer parses')
  const convexHosts = [
    new URL(convex.httpOrigin).hostname,
    ...(convex.siteUrl ? [new URL(convex.siteUrl).hostname] : []),
  ]

  const workDir = await mkdtemp(join(tmpdir(), 'harbor-bench-'))
  const bareDir = join(workDir, 'bare')
  const floorDir = join(workDir, 'static-floor')
  const log = (line = '') => console.log(line)
  try {
    log(
      `Startup benchmark: ${runs} runs per page, Node ${process.version}, ${cpus().length} CPUs, ` +
        `load average ${loadavg()
          .map((n) => n.toFixed(2))
          .join(' ')}`,
    )
    let started = performance.now()
    const rendererDir = await buildRenderer({
      VITE_CLERK_PUBLISHABLE_KEY: PUBLISHABLE_KEY,
      VITE_CONVEX_URL: CONVEX_URL,
    })
    await buildBarePage(bareDir)
    log(
      `built the shipped renderer (${rendererDir}) and the bare page (${bareDir}) in ${formatMs(performance.now() - started)}`,
    )
    log(`  renderer:  ${await describeBuild(rendererDir)}`)
    log(`  bare page: ${await describeBuild(bareDir)}`)

    // The app's own modules, loaded through Vite so their import style does not matter to Node.
    const importOptions = { configFile: false as const, logLevel: 'error' as const, root: repoRoot }
    const { module: protocol } = await runnerImport<typeof RendererProtocolModule>(
      join(repoRoot, 'electron/main/renderer-protocol.ts'),
      importOptions,
    )
    const { module: documents } = await runnerImport<typeof RendererDocumentModule>(
      join(repoRoot, 'electron/main/renderer-document.ts'),
      importOptions,
    )
    // The document as the main process serves it: its CSP, the preconnect, the early Convex socket's script.
    const appDocument = documents.rendererDocument({
      publishableKey: PUBLISHABLE_KEY,
      convexUrl: CONVEX_URL,
      mode: 'production',
      convexClientVersion,
    })
    const { contentSecurityPolicy } = appDocument
    const serveFrom = (rootDir: string) => (url: string) =>
      protocol.serveRendererRequest(url, { scheme: 'http', host: 'renderer', rootDir, contentSecurityPolicy })

    const user = cachedUser(Date.now())
    const { module: firstFrame } = await runnerImport<typeof FirstFrameModule>(
      join(repoRoot, 'electron/shared/first-frame.ts'),
      importOptions,
    )
    // What electron/main/first-frame.ts hands the document for this cached user.
    const frameInput = (pathname: string): FirstFrameModule.FirstFrameInput => ({
      kind: 'signed-in',
      user: { name: user.profile.name, email: user.profile.email, confirmedOnlineAt: user.confirmedOnlineAt },
      appearance: 'system',
      platform: 'linux',
      layout: firstFrame.DEFAULT_FIRST_FRAME_LAYOUT,
      pathname,
      now: Date.now(),
    })
    const serveApp = (url: string) =>
      protocol.serveRendererRequest(url, {
        scheme: 'http',
        host: 'renderer',
        rootDir: rendererDir,
        contentSecurityPolicy,
        preconnect: appDocument.preconnect,
        signedInBodyEnd: appDocument.signedInBodyEnd,
        afterFirstFrameLoader: appDocument.afterFirstFrameLoader,
        firstFrame: async (pathname) => frameInput(pathname),
      })
    await buildStaticFloor(rendererDir, floorDir, (html) => firstFrame.fillFirstFrame(html, frameInput('/')))
    const desktop = {
      appVersion: '0.1.0',
      lastUserRead: {
        status: 'valid' as const,
        user,
        ageMs: Date.now() - user.confirmedOnlineAt,
        maxAgeMs: MAX_OFFLINE_AGE_MS,
      },
    }
    const storeRead = await measureStoreRead(user, 200)

    const browser = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: CHROMIUM_ARGS,
    })
    const classify = classifier(clerk.frontendApiHost, convexHosts)
    const app = (network: NetworkMode) => () =>
      loadPage({
        browser,
        path: '/',
        selector: SIGNED_IN_FRAME_SELECTOR,
        serve: serveApp,
        desktop,
        network,
        classify,
        timeoutMs,
        ...(network === 'fail' ? { interactive: INTERACTIVE } : {}),
      })
    const floor = () =>
      loadPage({
        browser,
        path: '/',
        selector: SIGNED_IN_FRAME_SELECTOR,
        serve: serveFrom(floorDir),
        desktop: null,
        network: 'fail',
        classify,
        timeoutMs,
      })
    const bare = () =>
      loadPage({
        browser,
        path: '/',
        selector: BARE_PAGE_SELECTOR,
        serve: serveFrom(bareDir),
        desktop: null,
        network: 'fail',
        classify,
        timeoutMs,
      })

    const results = {
      appFail: [] as PageLoadResult[],
      appHold: [] as PageLoadResult[],
      bare: [] as PageLoadResult[],
      staticFloor: [] as PageLoadResult[],
    }
    try {
      log(`Chromium ${browser.version()}`)
      // One discarded round: the first context pays for disk caches and process start-up.
      started = performance.now()
      await bare()
      await app('fail')()
      await floor()
      log(`warm-up round done in ${formatMs(performance.now() - started)}`)
      for (let run = 0; run < runs; run++) {
        // Alternate which page goes first, so neither always follows the other (bare, app, app, bare, ...).
        if (run % 2 === 0) {
          results.bare.push(await bare())
          results.appFail.push(await app('fail')())
          results.staticFloor.push(await floor())
          results.appHold.push(await app('hold')())
        } else {
          results.appHold.push(await app('hold')())
          results.staticFloor.push(await floor())
          results.appFail.push(await app('fail')())
          results.bare.push(await bare())
        }
        process.stdout.write('.')
      }
      log()
      if (values.trace) {
        const tracePath = resolve(values.trace)
        await loadPage({
          browser,
          path: '/',
          selector: SIGNED_IN_FRAME_SELECTOR,
          serve: serveApp,
          desktop,
          network: 'fail',
          classify,
          timeoutMs,
          tracePath,
          interactive: INTERACTIVE,
        })
        log(`trace of one cached-shell load: ${tracePath}`)
      }
    } finally {
      await browser.close()
    }

    const warm = values['no-warm']
      ? undefined
      : await measureWarm({
          runs,
          workDir,
          rendererDir,
          bareDir,
          floorDir,
          serveFrom,
          serveApp,
          desktop,
          timeoutMs,
          log,
        })

    log()
    for (const line of formatReport({ ...results, storeRead, warm })) log(line)
  } finally {
    if (values.keep) log(`kept ${workDir}`)
    else await rm(workDir, { recursive: true, force: true })
  }
}

// Its own finally blocks tear down; runThenExit ends the process even if a closed browser left a handle open.
await runThenExit(main)
