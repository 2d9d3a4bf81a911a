// `npm run bench:startup`: how long an offline start takes to show the cached signed-in shell, compared with a
// bare React page built by the same toolchain. Prints numbers; asserts nothing.
//
//   node --experimental-strip-types scripts/bench/startup.ts [--runs N] [--timeout-ms N] [--keep]
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises'
import { cpus, loadavg, tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { chromium } from 'playwright-core'
import { runnerImport } from 'vite'
import type * as CspModule from '../../electron/main/csp.ts'
import { MAX_OFFLINE_AGE_MS } from '../../electron/main/last-known-user.ts'
import type * as RendererProtocolModule from '../../electron/main/renderer-protocol.ts'
import { parseConvexUrl, parsePublishableKey } from '../../electron/shared/config-values.ts'
import type { LastKnownUser } from '../../electron/shared/contract.ts'
import { BARE_PAGE_SELECTOR, buildBarePage, buildRenderer } from './build-pages.ts'
import { PAGE_ORIGIN, loadPage, type NetworkMode, type PageLoadResult, type RequestKind, type StartedRequest } from './measure-page.ts'
import { formatMs, formatSummary, median, summarize } from './stats.ts'
import { measureStoreRead } from './store-read.ts'

/** What C1's renderer renders for a signed-in user shown from the cache (issue 5). */
const OFFLINE_SHELL_SELECTOR = '[data-testid="app-shell"][data-mode="offline"]'
const TARGET_RATIO = 1.3
const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
// FIELD-NOTES flags, plus a host resolver that fails every lookup: offline on any machine, even one with a network.
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-blink-features=AutomationControlled',
  '--host-resolver-rules=MAP * ~NOTFOUND',
]

// Placeholder public configuration: valid for the parsers, unreachable by construction.
const PUBLISHABLE_KEY = `pk_test_${Buffer.from('harbor-bench.clerk.accounts.dev$').toString('base64')}`
const CONVEX_URL = 'https://harbor-bench-123.convex.cloud'

const repoRoot = resolve(import.meta.dirname, '../..')

function cachedUser(now: number): LastKnownUser {
  return {
    version: 1,
    clerkUserId: 'user_2benchmarkUser000000000000',
    profile: { name: 'Ada Lovelace', email: 'ada@example.com', pictureUrl: 'https://img.clerk.com/bench.png' },
    devices: [
      { deviceId: 'bench-device-0001', name: 'Benchmark machine', platform: 'linux', appVersion: '0.1.0', lastSeenAt: now - 3_600_000 },
      { deviceId: 'bench-device-0002', name: 'Office desktop', platform: 'windows', appVersion: '0.1.0', lastSeenAt: now - 86_400_000 },
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

type Ok = Extract<PageLoadResult, { ok: true }>

/** What the browser has to fetch, parse and run before anything can render: the build's JS and CSS. */
async function describeBuild(dir: string): Promise<string> {
  const files = (await readdir(dir, { recursive: true })).filter((name) => /\.(js|css)$/.test(name))
  const sizes = await Promise.all(files.map(async (name) => ({ name, bytes: (await stat(join(dir, name))).size })))
  const kB = (bytes: number) => `${(bytes / 1024).toFixed(0)} kB`
  const js = sizes.filter((f) => f.name.endsWith('.js'))
  const largest = [...js].sort((a, b) => b.bytes - a.bytes)[0]
  const total = (list: typeof sizes) => kB(list.reduce((sum, f) => sum + f.bytes, 0))
  return `${js.length} JS file(s), ${total(js)} (largest ${largest ? kB(largest.bytes) : '-'}), CSS ${total(sizes.filter((f) => f.name.endsWith('.css')))}`
}

function countBy(requests: StartedRequest[]): Record<string, number> {
  const counts: Record<string, number> = {}
  for (const request of requests) {
    const key = request.websocket ? `${request.kind} (WebSocket)` : request.kind
    counts[key] = (counts[key] ?? 0) + 1
  }
  return counts
}

function describeRequests(results: Ok[]): string[] {
  const lines: string[] = []
  const network = (r: Ok) => r.beforePaint.filter((q) => q.kind !== 'app-file' && q.kind !== 'inline')
  const appFiles = (r: Ok) => r.beforePaint.filter((q) => q.kind === 'app-file')
  lines.push(`app files (served locally):       median ${median(results.map((r) => appFiles(r).length))}`)
  lines.push(`network requests:                 median ${median(results.map((r) => network(r).length))}` +
    ` (per run: ${results.map((r) => network(r).length).join(', ')})`)
  const seen = new Map<string, string>()
  for (const result of results) {
    for (const request of network(result)) {
      const url = new URL(request.url)
      seen.set(`${request.websocket ? 'ws ' : ''}${url.origin}${url.pathname}`, request.kind)
    }
  }
  for (const [url, kind] of seen) lines.push(`  ${kind.padEnd(7)} ${url}`)
  const last = results.at(-1)
  if (last) lines.push(`by kind (last run): ${JSON.stringify(countBy(network(last)))}`)
  return lines
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      runs: { type: 'string', default: '7' },
      'timeout-ms': { type: 'string', default: '20000' },
      keep: { type: 'boolean', default: false },
    },
  })
  const runs = Number(values.runs)
  const timeoutMs = Number(values['timeout-ms'])
  if (!Number.isInteger(runs) || runs < 1) throw new Error('--runs must be a positive integer')
  if (!Number.isInteger(timeoutMs) || timeoutMs < 1000) throw new Error('--timeout-ms must be at least 1000')

  const clerk = parsePublishableKey(PUBLISHABLE_KEY)
  const convex = parseConvexUrl(CONVEX_URL)
  if (!clerk.ok || !convex.ok) throw new Error('the placeholder configuration no longer parses')
  const convexHosts = [new URL(convex.httpOrigin).hostname, ...(convex.siteUrl ? [new URL(convex.siteUrl).hostname] : [])]

  const workDir = await mkdtemp(join(tmpdir(), 'harbor-bench-'))
  const rendererDir = join(workDir, 'renderer')
  const bareDir = join(workDir, 'bare')
  const log = (line = '') => console.log(line)
  try {
    log(`Startup benchmark: ${runs} runs per page, Node ${process.version}, ${cpus().length} CPUs, ` +
      `load average ${loadavg().map((n) => n.toFixed(2)).join(' ')}`)
    let started = performance.now()
    await buildRenderer(rendererDir, { VITE_CLERK_PUBLISHABLE_KEY: PUBLISHABLE_KEY, VITE_CONVEX_URL: CONVEX_URL })
    await buildBarePage(bareDir)
    log(`built the renderer and the bare page in ${formatMs(performance.now() - started)} (into ${workDir})`)
    log(`  renderer:  ${await describeBuild(rendererDir)}`)
    log(`  bare page: ${await describeBuild(bareDir)}`)

    // The app's own modules, loaded through Vite so their import style does not matter to Node.
    const importOptions = { configFile: false as const, logLevel: 'error' as const, root: repoRoot }
    const { module: protocol } = await runnerImport<typeof RendererProtocolModule>(
      join(repoRoot, 'electron/main/renderer-protocol.ts'),
      importOptions,
    )
    const { module: csp } = await runnerImport<typeof CspModule>(join(repoRoot, 'electron/main/csp.ts'), importOptions)
    const contentSecurityPolicy = csp.buildContentSecurityPolicy({
      publishableKey: PUBLISHABLE_KEY,
      convexUrl: CONVEX_URL,
      mode: 'production',
    })
    const serveFrom = (rootDir: string) => (url: string) =>
      protocol.serveRendererRequest(url, { scheme: 'http', host: 'renderer', rootDir, contentSecurityPolicy })

    const user = cachedUser(Date.now())
    const desktop = {
      appVersion: '0.1.0',
      lastUserRead: { status: 'valid' as const, user, ageMs: Date.now() - user.confirmedOnlineAt, maxAgeMs: MAX_OFFLINE_AGE_MS },
    }
    const storeRead = await measureStoreRead(user, 200)

    const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS })
    const classify = classifier(clerk.frontendApiHost, convexHosts)
    const app = (network: NetworkMode) => () =>
      loadPage({ browser, path: '/', selector: OFFLINE_SHELL_SELECTOR, serve: serveFrom(rendererDir), desktop, network, classify, timeoutMs })
    const bare = () =>
      loadPage({ browser, path: '/', selector: BARE_PAGE_SELECTOR, serve: serveFrom(bareDir), desktop: null, network: 'fail', classify, timeoutMs })

    const results = { appFail: [] as PageLoadResult[], appHold: [] as PageLoadResult[], bare: [] as PageLoadResult[] }
    try {
      log(`Chromium ${browser.version()}`)
      // One discarded round: the first context pays for disk caches and process start-up.
      started = performance.now()
      await bare()
      await app('fail')()
      log(`warm-up round done in ${formatMs(performance.now() - started)}`)
      for (let run = 0; run < runs; run++) {
        results.bare.push(await bare())
        results.appFail.push(await app('fail')())
        results.appHold.push(await app('hold')())
        process.stdout.write('.')
      }
      log()
    } finally {
      await browser.close()
    }

    const ok = (list: PageLoadResult[]) => list.filter((r): r is Ok => r.ok)
    const failures = (list: PageLoadResult[]) => list.filter((r): r is Extract<PageLoadResult, { ok: false }> => !r.ok)
    const bareOk = ok(results.bare)
    const failOk = ok(results.appFail)
    const holdOk = ok(results.appHold)

    log()
    log('Time from navigation start to the target painted (median):')
    if (bareOk.length) log(`  bare React page, first content            ${formatSummary(summarize(bareOk.map((r) => r.visibleMs)))}`)
    if (failOk.length) log(`  cached shell, network fails (offline)     ${formatSummary(summarize(failOk.map((r) => r.visibleMs)))}`)
    if (holdOk.length) log(`  cached shell, network never answers       ${formatSummary(summarize(holdOk.map((r) => r.visibleMs)))}`)
    if (bareOk.length && failOk.length) {
      const ratio = median(failOk.map((r) => r.visibleMs)) / median(bareOk.map((r) => r.visibleMs))
      const verdict = ratio <= TARGET_RATIO ? 'within' : 'ABOVE'
      log(`  ratio cached shell / bare page            ${ratio.toFixed(2).padStart(9)}  (${verdict} the target of <= ${TARGET_RATIO})`)
    }
    log('Where the time goes (median):')
    if (bareOk.length) log(`  bare page files loaded                    ${formatSummary(summarize(bareOk.map((r) => r.filesLoadedMs)))}`)
    if (failOk.length) log(`  app files loaded                          ${formatSummary(summarize(failOk.map((r) => r.filesLoadedMs)))}`)
    const firstCalls = failOk.map((r) => r.firstDesktopCallMs).filter((v): v is number => v !== null)
    if (firstCalls.length) log(`  app code running (first window.desktop call) ${formatSummary(summarize(firstCalls))}`)
    for (const [label, list] of [['bare page', bareOk], ['app, network fails', failOk]] as const) {
      const fcp = list.map((r) => r.firstContentfulPaintMs).filter((v): v is number => v !== null)
      if (fcp.length) log(`  first-contentful-paint, ${label.padEnd(18)} ${formatSummary(summarize(fcp))}`)
    }
    if (failOk.length) {
      log()
      log('Requests started before the cached shell painted (network fails):')
      for (const line of describeRequests(failOk)) log(`  ${line}`)
      log(`  window.desktop calls before paint (last run): ${failOk.at(-1)!.desktopCalls.join(', ') || 'none'}`)
    }
    if (holdOk.length || results.appHold.length) {
      log()
      log('Was any network request awaited? (network never answers until the shell has painted)')
      if (holdOk.length === results.appHold.length) {
        const pending = holdOk.map((r) => r.unansweredAtPaint)
        log(`  No: the shell painted in all ${holdOk.length} runs while every network request was still unanswered` +
          ` (unanswered at paint per run: ${pending.join(', ')}).`)
      } else if (failOk.length === 0) {
        log('  Unknown: the cached shell never painted, not even when the network fails at once (see below).')
      } else {
        log(`  Yes: the shell painted when the network fails at once, but not in ${results.appHold.length - holdOk.length}` +
          ` of ${results.appHold.length} runs while the network was held: something waits for an answer.`)
      }
    }
    log()
    log('Main process lastUser.read() on a real encrypted file (in-memory keychain stand-in):')
    log(`  first read in a process (key from keychain) ${formatSummary(storeRead.firstRead)}`)
    log(`  later reads (key cached in memory)          ${formatSummary(storeRead.laterRead)}`)

    const allFailures = [
      ...failures(results.bare).map((f) => ({ page: 'bare page', ...f })),
      ...failures(results.appFail).map((f) => ({ page: 'cached shell (fail)', ...f })),
      ...failures(results.appHold).map((f) => ({ page: 'cached shell (hold)', ...f })),
    ]
    if (allFailures.length) {
      log()
      log(`${allFailures.length} run(s) did not reach their target:`)
      const distinct = new Map<string, number>()
      for (const f of allFailures) {
        const key = `${f.page}: ${f.reason}; ${f.seen}`
        distinct.set(key, (distinct.get(key) ?? 0) + 1)
      }
      for (const [line, count] of distinct) log(`  ${count}x ${line}`)
    }
  } finally {
    if (values.keep) log(`kept ${workDir}`)
    else await rm(workDir, { recursive: true, force: true })
  }
}

await main()
