import { describe, expect, it } from 'vitest'
import type { PageLoadResult, StartedRequest } from './measure-page.ts'
import { awaitVerdict, formatReport, shellToBareRatio, type BenchResults } from './report.ts'

const request = (kind: StartedRequest['kind'], url: string, websocket = false): StartedRequest => ({
  kind,
  url,
  startedAt: 10,
  websocket,
})

function painted(visibleMs: number, beforePaint: StartedRequest[] = [], unansweredAtPaint = 0): PageLoadResult {
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

const neverPainted: PageLoadResult = { ok: false, reason: 'shell did not become visible within 20000 ms', seen: 'text: "Loading"' }
const storeRead = {
  firstRead: { runs: 1, median: 0.3, min: 0.3, max: 0.3 },
  laterRead: { runs: 1, median: 0.1, min: 0.1, max: 0.1 },
}

describe('bench report', () => {
  it('divides the median shell time by the median bare-page time', () => {
    expect(shellToBareRatio({ bare: [painted(100), painted(300), painted(200)], appFail: [painted(260), painted(240)] })).toBe(1.25)
  })

  it('has no ratio when either page never painted', () => {
    expect(shellToBareRatio({ bare: [painted(100)], appFail: [neverPainted] })).toBeNull()
    expect(shellToBareRatio({ bare: [neverPainted], appFail: [painted(100)] })).toBeNull()
  })

  it('says nothing was awaited only when the shell painted in every run with requests held', () => {
    expect(awaitVerdict({ appFail: [painted(100)], appHold: [painted(110), painted(120)] })).toBe('none-awaited')
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
    expect(text).toMatch(/ratio shell \/ bare page\s+1\.50 {2}\(ABOVE the target of <= 1\.3\)/)
    expect(text).toMatch(/network requests\s+median 2 \(per run: 2, 2\)/)
    expect(text).toMatch(/app files \(served by the protocol handler\)\s+median 1/)
    expect(text).toContain('clerk   https://x.clerk.accounts.dev/v1/environment\n')
    expect(text).toContain('convex  WebSocket wss://x.convex.cloud/api/sync')
    expect(text).not.toContain('data:image')
    expect(text).toContain('Yes: the shell painted when the network fails at once, but not in 1 of 2 runs')
    expect(text).toContain('1 run(s) did not reach their target:\n  1x cached shell, network never answers: shell did not')
  })

  it('reports a ratio within the target as within', () => {
    const results: BenchResults = { bare: [painted(100)], appFail: [painted(130)], appHold: [painted(130)], storeRead }
    const text = formatReport(results).join('\n')
    expect(text).toMatch(/1\.30 {2}\(within the target/)
    expect(text).toContain('No: the shell painted in all 1 runs while every network request was still unanswered')
  })
})
