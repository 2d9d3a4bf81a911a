// The idle-heap figure of `npm run bench:live-data` measures the app, not the measuring: with no idle time
// between them, the two figures agree. Until issue 16 the "still live" check at the end used a Playwright
// locator, which injected Playwright's selector engine (a 330 KB script) into the page between the figures and
// read as ~20% of growth that no idle app had.
import { afterAll, beforeAll, expect, test } from 'vitest'
import { startLiveDataRig, type LiveDataRig } from './live-data'

let rig: LiveDataRig

beforeAll(async () => {
  rig = await startLiveDataRig({ latencyMs: 0 })
})

afterAll(async () => {
  await rig?.stop()
})

test('the idle heap measurement adds nothing to the heap it measures', { timeout: 120_000 }, async () => {
  const heap = await rig.idleHeap(1_000)
  const growth = (heap.afterIdle - heap.afterSignIn) / heap.afterSignIn
  expect(growth, `${heap.afterSignIn} → ${heap.afterIdle} bytes`).toBeLessThan(0.02)
  // The snapshot split covers the same heap: code and data together are most of what V8 reports in use.
  const { code, data } = heap.parts.afterIdle
  expect(code).toBeGreaterThan(0)
  expect(code + data).toBeGreaterThan(heap.afterIdle * 0.5)
  expect(code + data).toBeLessThan(heap.afterIdle * 1.5)
  // The code is put down to functions of the app's own scripts (heap-snapshot.ts), so a miss can say whose it is.
  expect(heap.compiled.attributedShare).toBeGreaterThan(0.9)
  const scripts = heap.compiled.scripts.map((growth) => growth.script)
  expect(
    scripts.some((script) => /\/assets\/ConnectedApp-[\w-]+\.js$/.test(script)),
    scripts.join('\n'),
  ).toBe(true)
})
