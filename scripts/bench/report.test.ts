import { describe, expect, it } from 'vitest'
import type { PageLoadResult, StartedRequest } from './measure-page.ts'
import { awaitVerdict, formatReport, targetRows, type BenchResults, type WarmResults } from './report.ts'
import type { WarmLoadResult } from './warm-launch.ts'

const request = (kind: StartedRequest['kind'], url: string, websocket = false): StartedRequest => ({
  kind,
  url,
  startedAt: 10,
  websocket,
})

function painted(
  visibleMs: number,
  beforePaint: StartedRequest[] = [],
  unansweredAtPaint = 0,
): PageLoadResult {
  return {
    ok: true,
    visibleMs,
    firstContentfulPaintMs: visibleMs + 5,
    beforePaint,
    unansweredAtPaint,
    desktopCalls: ['lastUser.read'],
    firstDesktopCallMs: visibleMs / 2,
    filesLoadedMs: visibleMs / 3,
  }
}

const neverPainted: PageLoadResult = {
  ok: false,
  reason: 'shell did not become visible within 20000 ms',
  seen: 'text: "Loading"',
}
const storeRead = {
  firstRead: { runs: 1, median: 0.3, min: 0.3, max: 0.3 },
  laterRead: { runs: 1, median: 0.1, min: 0.1, max: 0.1 },
}

describe('bench report', () => {
  it('says nothing was awaited only when the shell painted in every run with requests held', () => {
    expect(awaitVerdict({ appFail: [painted(100)], appHold: [painted(110), painted(120)] })).toBe(
      'none-awaited',
    )
    expect(awaitVerdict({ appFail: [painted(100)], appHold: [painted(110), neverPainted] })).toBe('awaited')
    expect(awaitVerdict({ appFail: [neverPainted], appHold: [neverPainted] })).toBe('unknown')
    expect(awaitVerdict({ appFail: [painted(100)], appHold: [] })).toBe('unknown')
  })

  it('prints the ratio against the target, the network requests (not app files) and failures', () => {
    const beforePaint = [
      request('app-file', 'http://renderer/assets/index.js'),
      request('inline', 'data:image/png;base64,AAAA'),
      request('clerk', 'https://x.clerk.accounts.dev/v1/environment?_is_native=1'),
      request('convex', 'wss://x.convex.cloud/api/sync', true),
    ]
    const results: BenchResults = {
      bare: [painted(100), painted(100)],
      appFail: [painted(150, beforePaint), painted(150, beforePaint)],
      appHold: [painted(160, beforePaint, 1), neverPainted],
      storeRead,
    }
    const text = formatReport(results).join('\n')
    expect(text).toMatch(
      /ratio shell \/ bare page, cold \(of medians\)\s+1\.50 {2}\(ABOVE the target of <= 0\.7, cold start\)/,
    )
    expect(text).toMatch(/per pair of neighbouring loads\s+1\.50 {2}\(min 1\.50, max 1\.50, 2 pairs\)/)
    expect(text).not.toContain('WARM')
    expect(text).toMatch(/network requests\s+median 2 \(per run: 2, 2\)/)
    expect(text).toMatch(/app files \(served by the protocol handler\)\s+median 1/)
    expect(text).toContain('clerk   https://x.clerk.accounts.dev/v1/environment\n')
    expect(text).toContain('convex  WebSocket wss://x.convex.cloud/api/sync')
    expect(text).not.toContain('data:image')
    expect(text).toContain('Yes: the shell painted when the network fails at once, but not in 1 of 2 runs')
    expect(text).toContain(
      '1 run(s) did not reach their target:\n  1x cached shell, network never answers: shell did not',
    )
  })

  it('reports a ratio within the target as within', () => {
    const results: BenchResults = {
      bare: [painted(100)],
      appFail: [painted(70)],
      appHold: [painted(70)],
      storeRead,
    }
    const text = formatReport(results).join('\n')
    expect(text).toMatch(/0\.70 {2}\(within the target of <= 0\.7, cold start\)/)
    expect(text).toContain(
      'No: the shell painted in all 1 runs while every network request was still unanswered',
    )
  })
  it('prints the warm launches apart from the cold loads, with their own ratio and the cache evidence', () => {
    const warmLoad = (visibleMs: number, filesFromHttpCache = 2): WarmLoadResult => ({
      ok: true,
      visibleMs,
      firstContentfulPaintMs: visibleMs,
      files: 2,
      filesFromHttpCache,
      compiled: null,
    })
    const warm: WarmResults = {
      bare: [warmLoad(100), warmLoad(200), { ok: false, reason: 'never painted' }],
      app: [warmLoad(120), warmLoad(300), warmLoad(500)],
      floor: [warmLoad(100), warmLoad(200), warmLoad(400)],
      primingLoads: 3,
      codeCacheBytes: { bare: 2048, app: 10240 },
      traced: {
        bare: [{ url: 'http://127.0.0.1:1/assets/a.js', consumedCacheSize: 4096, rejected: false }],
        app: [{ url: 'http://127.0.0.1:2/assets/b.js', consumedCacheSize: 0, rejected: false }],
      },
    }
    const results: BenchResults = {
      bare: [painted(100)],
      appFail: [painted(200)],
      appHold: [painted(200)],
      storeRead,
      warm,
    }
    const text = formatReport(results).join('\n')
    expect(text).toMatch(
      /ratio shell \/ bare page, cold \(of medians\)\s+2\.00 {2}\(ABOVE the target of <= 0\.7, cold start\)/,
    )
    // Medians 150 (bare) and 300 (app); the pairs 1.2 and 1.5; the third pair has no bare time and is left out.
    expect(text).toMatch(
      /ratio shell \/ bare page, warm \(of medians\)\s+2\.00 {2}\(ABOVE the target of <= 0\.7, warm start\)/,
    )
    expect(text).toMatch(/per pair of neighbouring loads\s+1\.35 {2}\(min 1\.20, max 1\.50, 2 pairs\)/)
    expect(text).toMatch(/WARM launch[\s\S]*static floor: the same frame, no script\s+200\.0 ms/)
    // Medians 200 (floor) and 300 (app): a relaunched browser's first frame is the warm paint's own floor.
    expect(text).toMatch(
      /signed-in first paint \/ static floor, warm\s+1\.50\s+target <= 1\.15\s+MISS by 0\.35/,
    )
    expect(text).toContain('after 3 priming launches')
    expect(text).toContain('code cache in the profile: bare page 2 kB, app 10 kB')
    expect(text).toContain('traced launch, bare page: 1 of 1 script compiles took code from the cache (4 kB)')
    expect(text).toContain('traced launch, app: 0 of 1 script compiles took code from the cache (0 kB)')
    expect(text).toContain('1 warm load(s) did not reach their target')
    expect(text).not.toContain('compiled every script from source')
    expect(text.indexOf('COLD start')).toBeLessThan(text.indexOf('WARM launch'))

    const noCodeCache = {
      ...warm,
      traced: {
        bare: [{ url: 'http://127.0.0.1:1/a.js', consumedCacheSize: 0, rejected: false }],
        app: null,
      },
    }
    const without = formatReport({ ...results, warm: noCodeCache }).join('\n')
    expect(without).toContain('traced launch, app: not traced')
    expect(without).toContain(
      '=> V8 compiled every script from source: only the HTTP cache helped these warm launches.',
    )
  })

  describe('issue 16 targets', () => {
    const withTimes = (visibleMs: number, interactiveMs: number): PageLoadResult => ({
      ...(painted(visibleMs) as Extract<PageLoadResult, { ok: true }>),
      documentLoadedMs: 20,
      scriptsRequestedMs: visibleMs + 40,
      scriptsArrivedMs: visibleMs + 60,
      entryBodyMs: interactiveMs - 70,
      renderStartMs: interactiveMs - 60,
      attachedMs: interactiveMs - 30,
      interactiveMs,
    })
    const results = (floorMs: number, appMs: number, interactiveMs: number): BenchResults => ({
      bare: [painted(200), painted(220), painted(210)],
      appFail: [
        withTimes(appMs, interactiveMs),
        withTimes(appMs, interactiveMs),
        withTimes(appMs, interactiveMs),
      ],
      appHold: [painted(appMs)],
      staticFloor: [painted(floorMs), painted(floorMs), painted(floorMs)],
      storeRead,
    })

    it('computes each ratio of medians against its target', () => {
      expect(targetRows(results(100, 105, 220))).toEqual([
        { label: 'signed-in first paint / bare React, cold', ratio: 0.5, target: 0.7 },
        { label: 'signed-in first paint / static floor, cold', ratio: 1.05, target: 1.15 },
        { label: 'interactive (menu opens) / bare React, cold', ratio: 220 / 210, target: 1.1 },
      ])
    })

    it('prints pass rows without the breakdown, and a miss with by how much and where the time goes', () => {
      const passing = formatReport(results(100, 105, 220)).join('\n')
      expect(passing).toMatch(/static floor, cold\s+1\.05 {2}target <= 1\.15 {2}pass/)
      expect(passing).not.toContain('Where the time goes (median ms')

      const missing = formatReport(results(100, 160, 300)).join('\n')
      expect(missing).toMatch(/first paint \/ bare React, cold\s+0\.76 {2}target <= 0\.70 {2}MISS by 0\.06/)
      expect(missing).toMatch(/static floor, cold\s+1\.60 {2}target <= 1\.15 {2}MISS by 0\.45/)
      expect(missing).toMatch(/menu opens\) \/ bare React, cold\s+1\.43 {2}target <= 1\.10 {2}MISS by 0\.33/)
      expect(missing).toContain('Where the time goes (median ms')
      expect(missing).toMatch(/app: scripts requested \(after the frame\)\s+200\.0 ms/)
      expect(missing).toMatch(/app: scripts arrived\s+220\.0 ms/)
      expect(missing).toMatch(/app: entry body \(its imports have run\)\s+230\.0 ms/)
      expect(missing).toMatch(/app: React render began\s+240\.0 ms/)
      expect(missing).toMatch(/app: React attached \(shell rendered\)\s+270\.0 ms/)
      expect(missing).toMatch(/app: account menu open after a click\s+300\.0 ms/)
    })

    it('a row without measurements says so instead of passing', () => {
      const none = { ...results(100, 105, 220), appFail: [neverPainted, neverPainted, neverPainted] }
      expect(formatReport(none).join('\n')).toMatch(
        /first paint \/ bare React, cold\s+n\/a {2}target <= 0\.70 {2}not measured/,
      )
    })
  })
})
