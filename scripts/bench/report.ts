// Turns the measured page loads into the printed report. Pure: the verdicts (ratio, "was anything awaited")
// are computed here and unit-tested.
import type { PageLoadResult, StartedRequest } from './measure-page.ts'
import { formatSummary, median, summarize } from './stats.ts'
import type { StoreReadTimings } from './store-read.ts'

export const TARGET_RATIO = 1.3

export interface BenchResults {
  bare: PageLoadResult[]
  /** The app with a cached user; off-origin requests fail at once. */
  appFail: PageLoadResult[]
  /** The same, with off-origin requests left unanswered until the shell has painted. */
  appHold: PageLoadResult[]
  storeRead: StoreReadTimings
}

type Ok = Extract<PageLoadResult, { ok: true }>
type Failed = Extract<PageLoadResult, { ok: false }>

const succeeded = (list: PageLoadResult[]) => list.filter((r): r is Ok => r.ok)
const failed = (list: PageLoadResult[]) => list.filter((r): r is Failed => !r.ok)
const isNetwork = (request: StartedRequest) => request.kind !== 'app-file' && request.kind !== 'inline'

function row(label: string, values: number[]): string {
  return `  ${label.padEnd(46)}${formatSummary(summarize(values))}`
}

export type AwaitVerdict = 'none-awaited' | 'awaited' | 'unknown'

/** Painting while every network request is still unanswered proves the shell awaited none of them. */
export function awaitVerdict(results: Pick<BenchResults, 'appFail' | 'appHold'>): AwaitVerdict {
  const held = results.appHold
  if (held.length > 0 && held.every((r) => r.ok)) return 'none-awaited'
  return succeeded(results.appFail).length > 0 && held.length > 0 ? 'awaited' : 'unknown'
}

export function shellToBareRatio(results: Pick<BenchResults, 'bare' | 'appFail'>): number | null {
  const bare = succeeded(results.bare)
  const app = succeeded(results.appFail)
  if (bare.length === 0 || app.length === 0) return null
  return median(app.map((r) => r.visibleMs)) / median(bare.map((r) => r.visibleMs))
}

function requestLines(results: Ok[]): string[] {
  const network = (r: Ok) => r.beforePaint.filter(isNetwork)
  const lines = [
    `  app files (served by the protocol handler)  median ${median(results.map((r) => r.beforePaint.filter((q) => q.kind === 'app-file').length))}`,
    `  network requests                            median ${median(results.map((r) => network(r).length))}` +
      ` (per run: ${results.map((r) => network(r).length).join(', ')})`,
  ]
  const seen = new Map<string, string>()
  for (const result of results) {
    for (const request of network(result)) {
      const url = new URL(request.url)
      seen.set(`${request.websocket ? 'WebSocket ' : ''}${url.origin}${url.pathname}`, request.kind)
    }
  }
  for (const [url, kind] of seen) lines.push(`    ${kind.padEnd(7)} ${url}`)
  return lines
}

export function formatReport(results: BenchResults): string[] {
  const bare = succeeded(results.bare)
  const fail = succeeded(results.appFail)
  const hold = succeeded(results.appHold)
  const lines: string[] = ['Time from navigation start to the target painted (median):']
  if (bare.length) lines.push(row('bare React page, first content', bare.map((r) => r.visibleMs)))
  if (fail.length) lines.push(row('cached signed-in shell, network fails', fail.map((r) => r.visibleMs)))
  if (hold.length) lines.push(row('cached signed-in shell, network never answers', hold.map((r) => r.visibleMs)))
  const ratio = shellToBareRatio(results)
  if (ratio !== null) {
    const verdict = ratio <= TARGET_RATIO ? 'within' : 'ABOVE'
    lines.push(`  ${'ratio shell / bare page'.padEnd(46)}${ratio.toFixed(2).padStart(9)}  (${verdict} the target of <= ${TARGET_RATIO})`)
  }

  lines.push('', 'Where the time goes (median):')
  if (bare.length) lines.push(row('bare page: HTML and script arrived', bare.map((r) => r.filesLoadedMs)))
  if (fail.length) lines.push(row('app: files needed before paint arrived', fail.map((r) => r.filesLoadedMs)))
  const firstCalls = fail.map((r) => r.firstDesktopCallMs).filter((v): v is number => v !== null)
  if (firstCalls.length) lines.push(row('app: code running (first window.desktop call)', firstCalls))
  for (const [label, list] of [['bare page', bare], ['app', fail]] as const) {
    const fcp = list.map((r) => r.firstContentfulPaintMs).filter((v): v is number => v !== null)
    if (fcp.length) lines.push(row(`${label}: first contentful paint`, fcp))
  }

  if (fail.length) {
    lines.push('', 'Requests started before the cached shell painted (network fails):', ...requestLines(fail))
    lines.push(`  window.desktop calls before paint (last run): ${fail.at(-1)!.desktopCalls.join(', ') || 'none'}`)
  }

  lines.push('', 'Was any network request awaited? (requests left unanswered until the shell has painted)')
  const verdict = awaitVerdict(results)
  if (verdict === 'none-awaited') {
    lines.push(`  No: the shell painted in all ${hold.length} runs while every network request was still unanswered` +
      ` (unanswered at paint, per run: ${hold.map((r) => r.unansweredAtPaint).join(', ')}).`)
  } else if (verdict === 'awaited') {
    lines.push(`  Yes: the shell painted when the network fails at once, but not in ${results.appHold.length - hold.length}` +
      ` of ${results.appHold.length} runs while requests were left unanswered: something waits for an answer.`)
  } else {
    lines.push('  Unknown: the cached shell never painted, not even when the network fails at once (see below).')
  }

  lines.push('', 'Main process lastUser.read() on a real encrypted file (in-memory keychain stand-in):')
  lines.push(`  ${'first read in a process (key from keychain)'.padEnd(46)}${formatSummary(results.storeRead.firstRead)}`)
  lines.push(`  ${'later reads (key cached in memory)'.padEnd(46)}${formatSummary(results.storeRead.laterRead)}`)

  const failures = [
    ...failed(results.bare).map((f) => ({ page: 'bare page', ...f })),
    ...failed(results.appFail).map((f) => ({ page: 'cached shell, network fails', ...f })),
    ...failed(results.appHold).map((f) => ({ page: 'cached shell, network never answers', ...f })),
  ]
  if (failures.length) {
    const distinct = new Map<string, number>()
    for (const f of failures) {
      const key = `${f.page}: ${f.reason}; ${f.seen}`
      distinct.set(key, (distinct.get(key) ?? 0) + 1)
    }
    lines.push('', `${failures.length} run(s) did not reach their target:`)
    for (const [line, count] of distinct) lines.push(`  ${count}x ${line}`)
  }
  return lines
}
