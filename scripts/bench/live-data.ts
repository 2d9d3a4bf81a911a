// `npm run bench:live-data`: time to live data under latency, Harbor against a page wired the way Clerk's and
// Convex's templates wire it, in the full-stack harness (the real built main process under emulated Electron, a
// real Chromium window, the Clerk and Convex stand-ins delayed each way); and the renderer's JS heap after sign-in
// and after idling with live queries. Prints numbers; asserts nothing.
//
//   npm run bench:live-data -- [--runs N] [--latency-ms N] [--server-latency-ms N] [--only time|memory]
//                              [--idle-minutes N]
//                              [--heap-snapshots DIR]
//
// Time: from window creation to the profile showing a value only the server has (tests/fullstack/reference/
// live-data.ts says exactly what is measured), alternating reference and Harbor launches on one signed-in
// profile; the median of each, their ratio (target <= 0.5), and the sequential round trips of the median-nearest
// run of each (scripts/bench/round-trips.ts defines them; target for Harbor <= 3). A missed target prints by how
// much and that run's chain as a timeline. Memory: Harbor live, a forced GC, `Runtime.getHeapUsage`, then
// `--idle-minutes` (default 10) with the live queries subscribed, then the same again (target growth <= 5%);
// a heap snapshot at every minute splits the heap into compiled code and data (HeapParts in heap-snapshot.ts says
// which is which), so a miss says whether V8 compiled more or something keeps more, and whether it levels off
// (the growth in the first minute against the pace after it); the two end snapshots say which functions of which
// script V8 compiled further, and to which tier. `--heap-snapshots DIR` keeps the two end snapshots (open them
// in DevTools' Memory panel).
import { mkdir } from 'node:fs/promises'
import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { startModuleServer } from '../../tests/fullstack/reference/module-server.ts'
import type * as RigModule from '../../tests/fullstack/reference/live-data.ts'
import type { LiveDataSample } from '../../tests/fullstack/reference/live-data.ts'
import { runThenExit } from './end-run.ts'
import { clerkExchanges, convexExchanges, describeChain, longestChain, type Chain } from './round-trips.ts'
import { formatMs, median, tally } from './stats.ts'

const TARGET_RATIO = 0.5
const TARGET_ROUND_TRIPS = 3
const TARGET_HEAP_GROWTH = 0.05

const repoRoot = resolve(import.meta.dirname, '../..')

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '7' },
    'latency-ms': { type: 'string', default: '100' },
    // Between the Convex backend and Clerk (its discovery and JWKS fetches); default the rig's.
    'server-latency-ms': { type: 'string' },
    only: { type: 'string' },
    'idle-minutes': { type: 'string', default: '10' },
    // Every exchange of the runs nearest the median, not only their longest chain.
    'all-exchanges': { type: 'boolean', default: false },
    'heap-snapshots': { type: 'string' },
  },
})

function positive(name: string, text: string, { allowZero = false } = {}): number {
  const value = Number(text)
  if (!Number.isFinite(value) || value < 0 || (!allowZero && value === 0)) {
    console.error(
      `--${name} must be a ${allowZero ? 'non-negative' : 'positive'} number, not ${JSON.stringify(text)}`,
    )
    process.exit(2)
  }
  return value
}

const runs = Math.round(positive('runs', values.runs))
const latencyMs = positive('latency-ms', values['latency-ms'], { allowZero: true })
const serverLatencyMs =
  values['server-latency-ms'] === undefined
    ? undefined
    : positive('server-latency-ms', values['server-latency-ms'], { allowZero: true })
const idleMinutes = positive('idle-minutes', values['idle-minutes'])
if (values.only !== undefined && values.only !== 'time' && values.only !== 'memory') {
  console.error(`--only takes time or memory, not ${JSON.stringify(values.only)}`)
  process.exit(2)
}
const doTime = values.only !== 'memory'
const doMemory = values.only !== 'time'

function chainOf(sample: LiveDataSample): Chain {
  const exchanges = [...clerkExchanges(sample.clerkRequests), ...convexExchanges(sample.convexFrames)]
  // Round trips from window creation: one answered before the window existed (the main process's early read of
  // Clerk's client, made at launch for both pages) was waited for by nobody. It still shows in the full list.
  return longestChain(
    exchanges.filter((exchange) => exchange.answeredAt > sample.windowCreatedAt),
    sample.liveAt,
  )
}

/** The run whose time is nearest the median: its chain stands for the series. */
function typical(samples: LiveDataSample[]): LiveDataSample {
  const middle = median(samples.map((sample) => sample.liveMs))
  return [...samples].sort((a, b) => Math.abs(a.liveMs - middle) - Math.abs(b.liveMs - middle))[0]!
}

function printSeries(name: string, samples: LiveDataSample[]): { median: number; roundTrips: number } {
  const times = samples.map((sample) => sample.liveMs)
  const chains = samples.map(chainOf)
  const sample = typical(samples)
  const chain = chainOf(sample)
  console.log(
    `${name.padEnd(10)} ${formatMs(median(times)).padStart(9)}  (min ${formatMs(Math.min(...times))}, max ${formatMs(Math.max(...times))}, ${samples.length} runs); ` +
      `sequential round trips ${chain.count} (all runs: ${chains.map((c) => c.count).join(', ')})`,
  )
  return { median: median(times), roundTrips: chain.count }
}

function printTimeline(name: string, sample: LiveDataSample): void {
  console.log(
    `${name}, run nearest the median (${formatMs(sample.liveMs)}), its longest chain from window creation:`,
  )
  for (const line of describeChain(chainOf(sample), sample.windowCreatedAt, sample.liveAt)) console.log(line)
  if (!values['all-exchanges']) return
  const all = [
    ...[...clerkExchanges(sample.clerkRequests), ...convexExchanges(sample.convexFrames)].map((exchange) => ({
      at: exchange.sentAt,
      text: `..+${Math.round(exchange.answeredAt - sample.windowCreatedAt)} ms  ${exchange.label}`,
    })),
    ...sample.milestones.map((milestone) => ({ at: milestone.at, text: ` ms  ${milestone.label}` })),
  ].sort((a, b) => a.at - b.at)
  console.log(`${name}, every exchange and the window's milestones:`)
  for (const entry of all) console.log(`  +${Math.round(entry.at - sample.windowCreatedAt)}${entry.text}`)
}

// Loaded through a Vite server kept open for the whole run (module-server.ts says why).
const vite = await startModuleServer()
let stopRig: (() => Promise<void>) | undefined
await runThenExit(measure, async () => {
  await stopRig?.()
  await vite.close()
})

async function measure(): Promise<void> {
  const module = (await vite.ssrLoadModule(
    resolve(repoRoot, 'tests/fullstack/reference/live-data.ts'),
  )) as typeof RigModule
  const rig = await module.startLiveDataRig({ latencyMs, serverLatencyMs })
  stopRig = () => rig.stop()
  if (doTime) {
    console.log(
      `\nTime to live data, ${latencyMs} ms latency each way on every Clerk request and Convex frame of the window` +
        ` (${serverLatencyMs ?? module.DEFAULT_SERVER_LATENCY_MS} ms between the Convex backend and Clerk)`,
    )
    const samples: Record<'harbor' | 'reference', LiveDataSample[]> = { harbor: [], reference: [] }
    for (let run = 1; run <= runs; run++) {
      // Alternating, reference first in each pair: drift of a shared machine hits both.
      samples.reference.push(await rig.measure('reference', run * 2 - 1))
      samples.harbor.push(await rig.measure('harbor', run * 2))
    }
    const reference = printSeries('reference', samples.reference)
    const harbor = printSeries('Harbor', samples.harbor)
    const ratio = harbor.median / reference.median
    console.log(`ratio Harbor / reference: ${ratio.toFixed(2)}× (target ≤ ${TARGET_RATIO}×)`)
    const missed: string[] = []
    if (ratio > TARGET_RATIO) {
      missed.push(
        `ratio missed by ${(ratio - TARGET_RATIO).toFixed(2)}× (${formatMs(harbor.median - TARGET_RATIO * reference.median)} too slow)`,
      )
    }
    if (harbor.roundTrips > TARGET_ROUND_TRIPS) {
      missed.push(`round trips missed by ${harbor.roundTrips - TARGET_ROUND_TRIPS}`)
    }
    console.log(missed.length > 0 ? `TARGET MISSED: ${missed.join('; ')}` : 'targets met')
    printTimeline('reference', typical(samples.reference))
    printTimeline('Harbor', typical(samples.harbor))
  }
  if (doMemory) {
    console.log(`\nRenderer JS heap, Harbor live then ${idleMinutes} idle minutes with live queries`)
    const snapshotDir = values['heap-snapshots'] && resolve(values['heap-snapshots'])
    if (snapshotDir) await mkdir(snapshotDir, { recursive: true })
    const heap = await rig.idleHeap(idleMinutes * 60_000, {
      onProgress: (message) => console.log(`  … ${message}`),
      snapshotDir,
    })
    const growth = (heap.afterIdle - heap.afterSignIn) / heap.afterSignIn
    const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(2)} MB`
    const signedMb = (bytes: number) => `${bytes >= 0 ? '+' : '−'}${mb(Math.abs(bytes))}`
    const kb = (bytes: number) => `${bytes >= 0 ? '+' : '−'}${(Math.abs(bytes) / 1024).toFixed(1)} KB`
    const change = (from: number, to: number) =>
      `${mb(from)} → ${mb(to)} (${to >= from ? '+' : ''}${(((to - from) / from) * 100).toFixed(1)}%)`
    console.log(`after sign-in: ${mb(heap.afterSignIn)}`)
    console.log(`after ${(heap.idleMs / 60_000).toFixed(1)} idle minutes: ${mb(heap.afterIdle)}`)
    console.log('after a GC each minute (compiled code + data from a heap snapshot):')
    for (const point of heap.series) {
      console.log(
        `  ${(point.atMs / 60_000).toFixed(1).padStart(5)} min  ${mb(point.bytes)}  (code ${mb(point.parts.code)}, data ${mb(point.parts.data)})`,
      )
    }
    const { afterSignIn: before, afterIdle: after } = heap.parts
    console.log(
      `heap snapshots, same moments: compiled code ${change(before.code, after.code)}, data ${change(before.data, after.data)}`,
    )
    const first = heap.series.find((point) => point.atMs >= 60_000)
    if (first && first !== heap.series.at(-1)) {
      // A warm-up grows fast and then levels off; a leak keeps its pace.
      const perMinute = (from: (typeof heap.series)[number], to: (typeof heap.series)[number]) =>
        (to.bytes - from.bytes) / ((to.atMs - from.atMs) / 60_000)
      const last = heap.series.at(-1)!
      console.log(
        `growth per minute: ${signedMb(perMinute(heap.series[0]!, first))} in the first minute, ` +
          `${signedMb(perMinute(first, last))} from then to the end`,
      )
    }
    console.log(
      `compiled code by script (${(heap.compiled.attributedShare * 100).toFixed(0)}% of it is some function's; ` +
        'the functions V8 compiled further while idle, the largest first):',
    )
    for (const script of heap.compiled.scripts.filter((growth) => Math.abs(growth.bytes) >= 1024)) {
      const tiers = Object.entries(script.tieredUp)
        .map(([tier, count]) => `${count} to ${tier}`)
        .join(', ')
      console.log(
        `  ${kb(script.bytes).padStart(9)}  ${script.script.startsWith('(') ? script.script : script.script.replace(/^.*\//, '')}: ${tiers || 'none tiered up'}`,
      )
      console.log(
        `      ${script.top.map((fn) => `${fn.name}${fn.position && ` @${fn.position}`} ${fn.from}→${fn.to} ${kb(fn.bytes)}`).join('; ')}`,
      )
    }
    const minutes = heap.idleMs / 60_000
    // The commonest first.
    const traffic = (labels: string[]) =>
      tally(labels)
        .sort((a, b) => b[1] - a[1])
        .map(([what, count]) => `${what} ×${count} (${(count / minutes).toFixed(1)}/min)`)
        .join(', ') || 'none'
    console.log('traffic while idle:')
    console.log(`  the window to Clerk: ${traffic(heap.idleTraffic.clerk)}`)
    console.log(`  the window and Convex: ${traffic(heap.idleTraffic.convex)}`)
    console.log(`  the Convex backend to Clerk (token checks): ${traffic(heap.idleTraffic.backendToClerk)}`)
    console.log(
      `growth: ${(growth * 100).toFixed(1)}% (target ≤ ${TARGET_HEAP_GROWTH * 100}%)${growth > TARGET_HEAP_GROWTH ? ` TARGET MISSED by ${((growth - TARGET_HEAP_GROWTH) * 100).toFixed(1)} points (compiled code ${signedMb(after.code - before.code)}, data ${signedMb(after.data - before.data)})` : ''}`,
    )
    if (snapshotDir) console.log(`heap snapshots in ${snapshotDir}`)
  }
}
