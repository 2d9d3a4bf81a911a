// The window remembers itself: the shipped main process saves the size, place and maximised state the user left
// (electron/main/window-state.ts) and a relaunch opens the window there; when that display is gone (a laptop
// undocked from its monitor) the window opens fully on a display that is still there; a damaged
// window-state.json means the default window, not a crash or an invisible one. The displays are the emulated
// `electron.screen`'s, set per launch.
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, expect, test } from 'vitest'
import type { AppInstance, AppWindow, EmulatedDisplay, Rect } from '../electron'
import { startStack, stopStack } from './stack'

afterEach(stopStack)

// A 1080p laptop panel with a 40 px taskbar at the bottom, and a 1440p monitor to its right.
const LAPTOP: EmulatedDisplay = {
  id: 1,
  bounds: { x: 0, y: 0, width: 1920, height: 1080 },
  workArea: { x: 0, y: 0, width: 1920, height: 1040 },
}
const MONITOR: EmulatedDisplay = {
  id: 2,
  bounds: { x: 1920, y: 0, width: 2560, height: 1440 },
  workArea: { x: 1920, y: 0, width: 2560, height: 1400 },
}
// Another machine's small screen (a different id and size): the place saved on MONITOR does not exist here.
const SMALL_SCREEN: EmulatedDisplay = {
  id: 7,
  bounds: { x: 0, y: 0, width: 1366, height: 768 },
  workArea: { x: 0, y: 32, width: 1366, height: 736 },
}
/** electron/main/window.ts MAIN_WINDOW_SIZE: the first-launch size and the smallest that lays out. */
const DEFAULT_SIZE = { width: 1100, height: 760 }
const MIN_SIZE = { width: 720, height: 520 }

async function openWindow(app: AppInstance): Promise<AppWindow> {
  const window = await app.firstWindow()
  // The app shows its window on ready-to-show, after placing it.
  await expect.poll(async () => (await app.windowPlace(window)).isVisible, { timeout: 20_000 }).toBe(true)
  return window
}

async function savedState(app: AppInstance): Promise<unknown> {
  const text = await readFile(join(app.userDataDir(), 'window-state.json'), 'utf8').catch(() => null)
  return text === null ? null : (JSON.parse(text) as unknown)
}

function centredIn(area: Rect, size: { width: number; height: number }): Rect {
  return {
    x: area.x + Math.round((area.width - size.width) / 2),
    y: area.y + Math.round((area.height - size.height) / 2),
    ...size,
  }
}

function expectFullyOn(bounds: Rect, area: Rect): void {
  expect(bounds.x).toBeGreaterThanOrEqual(area.x)
  expect(bounds.y).toBeGreaterThanOrEqual(area.y)
  expect(bounds.x + bounds.width).toBeLessThanOrEqual(area.x + area.width)
  expect(bounds.y + bounds.height).toBeLessThanOrEqual(area.y + area.height)
}

test('size, place and maximised state survive a relaunch; with that display gone the window opens fully on the one left', async () => {
  const stack = await startStack()
  const displays = [LAPTOP, MONITOR]

  // First launch: the default size, centred on the primary display's work area.
  const first = await stack.launch({ displays })
  const firstWindow = await openWindow(first)
  expect((await first.windowPlace(firstWindow)).bounds).toEqual(centredIn(LAPTOP.workArea, DEFAULT_SIZE))

  // The user drags the window onto the monitor, makes it bigger, then maximises it there.
  const onMonitor = { x: 2100, y: 180, width: 1300, height: 900 }
  await first.windowManager(firstWindow, { setBounds: onMonitor })
  await expect
    .poll(() => savedState(first), { timeout: 5_000 })
    .toEqual({ bounds: onMonitor, isMaximized: false, isFullScreen: false })
  await first.windowManager(firstWindow, 'maximize')
  // Saved: maximised, with the bounds it returns to (not the maximised size).
  await expect
    .poll(() => savedState(first), { timeout: 5_000 })
    .toEqual({ bounds: onMonitor, isMaximized: true, isFullScreen: false })
  await first.quit()

  // Relaunch on the same desk: maximised again, on the monitor, and un-maximising returns to the dragged place.
  const second = await stack.launch({ displays })
  const secondWindow = await openWindow(second)
  const restored = await second.windowPlace(secondWindow)
  expect(restored.isMaximized).toBe(true)
  expect(restored.bounds).toEqual(MONITOR.workArea)
  expect(restored.normalBounds).toEqual(onMonitor)
  await second.windowManager(secondWindow, 'unmaximize')
  expect((await second.windowPlace(secondWindow)).bounds).toEqual(onMonitor)
  await expect
    .poll(() => savedState(second), { timeout: 5_000 })
    .toEqual({ bounds: onMonitor, isMaximized: false, isFullScreen: false })
  await second.quit()

  // Undocked: only a smaller, different display is left. The window keeps as much of its size as fits and
  // opens centred, wholly on it (not at x = 2100, where nobody could reach it).
  const third = await stack.launch({ displays: [SMALL_SCREEN] })
  const thirdWindow = await openWindow(third)
  const undocked = await third.windowPlace(thirdWindow)
  expect(undocked.isMaximized).toBe(false)
  expectFullyOn(undocked.bounds, SMALL_SCREEN.workArea)
  expect(undocked.bounds.width).toBeGreaterThanOrEqual(MIN_SIZE.width)
  expect(undocked.bounds.height).toBeGreaterThanOrEqual(MIN_SIZE.height)
  expect(undocked.bounds).toEqual(centredIn(SMALL_SCREEN.workArea, { width: 1300, height: 736 }))
  // The app still works there: the window shows a screen, not a blank page.
  await thirdWindow.page
    .locator('[data-screen], [data-testid="app-shell"]')
    .first()
    .waitFor({ timeout: 20_000 })
})

test('a damaged window-state.json opens the default window, and the next move is saved over it', async () => {
  const stack = await startStack()
  const displays = [LAPTOP]
  const first = await stack.launch({ displays })
  await openWindow(first)
  const stateFile = join(first.userDataDir(), 'window-state.json')
  await first.quit()

  for (const damaged of [
    '{"bounds":{"x":120,"y":80,"width":1200,', // cut off mid-write
    '{"bounds":{"x":1e308,"y":0,"width":-5,"height":"tall"},"isMaximized":"yes","isFullScreen":false}\n',
    '\u0000\u0000\u0000\u0000',
  ]) {
    await writeFile(stateFile, damaged)
    const app = await stack.launch({ displays })
    const window = await openWindow(app)
    const place = await app.windowPlace(window)
    expect(place.bounds, `window-state.json ${JSON.stringify(damaged)}`).toEqual(
      centredIn(LAPTOP.workArea, DEFAULT_SIZE),
    )
    expect(place.isMaximized).toBe(false)
    expect(place.isFullScreen).toBe(false)
    await window.page.locator('[data-screen], [data-testid="app-shell"]').first().waitFor({ timeout: 20_000 })
    expect(app.records.filter((record) => record.kind === 'uncaught-exception')).toEqual([])

    // The user moves the window: the damaged file is replaced by a good record.
    const moved = { x: 300, y: 100, width: 900, height: 700 }
    await app.windowManager(window, { setBounds: moved })
    await expect
      .poll(() => savedState(app).catch(() => 'unreadable'), { timeout: 5_000 })
      .toEqual({ bounds: moved, isMaximized: false, isFullScreen: false })
    await app.quit()
  }
})
