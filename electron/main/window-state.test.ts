import { EventEmitter } from 'node:events'
import { describe, expect, it } from 'vitest'
import {
  parseWindowState,
  placeWindow,
  serializeWindowState,
  trackWindowState,
  type DisplayArea,
  type WindowState,
} from './window-state'

const SIZE = { width: 1100, height: 760, minWidth: 720, minHeight: 520 }
const laptop: DisplayArea = { id: 1, workArea: { x: 0, y: 25, width: 1440, height: 875 } }
// A monitor to the left of the laptop: negative x, as macOS and Windows report it.
const leftMonitor: DisplayArea = { id: 2, workArea: { x: -2560, y: 0, width: 2560, height: 1400 } }

const saved = (bounds: WindowState['bounds'], extra: Partial<WindowState> = {}): WindowState => ({
  bounds,
  isMaximized: false,
  isFullScreen: false,
  ...extra,
})

describe('parseWindowState', () => {
  it('reads back what was saved', () => {
    const state = saved({ x: -2000, y: 100, width: 1300, height: 900 }, { isMaximized: true })
    expect(parseWindowState(serializeWindowState(state))).toEqual(state)
  })

  it.each([
    ['missing file', null],
    ['empty', ''],
    ['truncated', '{"bounds":{"x":1,"y":2,"wid'],
    ['not an object', '[1,2,3]'],
    ['null', 'null'],
    ['no bounds', '{"isMaximized":false,"isFullScreen":false}'],
    [
      'string coordinates',
      '{"bounds":{"x":"1","y":2,"width":3,"height":4},"isMaximized":false,"isFullScreen":false}',
    ],
    [
      'fractional',
      '{"bounds":{"x":1.5,"y":2,"width":3,"height":4},"isMaximized":false,"isFullScreen":false}',
    ],
    ['zero width', '{"bounds":{"x":1,"y":2,"width":0,"height":4},"isMaximized":false,"isFullScreen":false}'],
    [
      'negative height',
      '{"bounds":{"x":1,"y":2,"width":3,"height":-4},"isMaximized":false,"isFullScreen":false}',
    ],
    ['huge', '{"bounds":{"x":1e12,"y":2,"width":3,"height":4},"isMaximized":false,"isFullScreen":false}'],
    [
      'infinite',
      '{"bounds":{"x":1e999,"y":2,"width":3,"height":4},"isMaximized":false,"isFullScreen":false}',
    ],
    [
      'flag not boolean',
      '{"bounds":{"x":1,"y":2,"width":3,"height":4},"isMaximized":"yes","isFullScreen":false}',
    ],
    ['flag missing', '{"bounds":{"x":1,"y":2,"width":3,"height":4},"isMaximized":false}'],
  ])('refuses %s', (_name, text) => {
    expect(parseWindowState(text)).toBeNull()
  })
})

describe('placeWindow', () => {
  it('opens at the default size, centred on the primary display, the first time', () => {
    expect(placeWindow(null, [laptop], laptop, SIZE)).toEqual({
      bounds: { x: 170, y: 83, width: 1100, height: 760 },
      isMaximized: false,
      isFullScreen: false,
    })
  })

  it('keeps a saved place on a display that still exists, including one at negative coordinates', () => {
    const bounds = { x: -2400, y: 200, width: 1500, height: 1000 }
    expect(placeWindow(saved(bounds), [laptop, leftMonitor], laptop, SIZE).bounds).toEqual(bounds)
  })

  it('reopens centred on the primary display, keeping its size, when its display is gone', () => {
    const placement = placeWindow(
      saved({ x: -2400, y: 200, width: 1200, height: 800 }, { isMaximized: true }),
      [laptop],
      laptop,
      SIZE,
    )
    expect(placement).toEqual({
      bounds: { x: 120, y: 63, width: 1200, height: 800 },
      isMaximized: true,
      isFullScreen: false,
    })
  })

  it('shrinks a window saved on a large monitor to fit the small display it now opens on', () => {
    const placement = placeWindow(
      saved({ x: -2500, y: 0, width: 2500, height: 1400 }),
      [laptop],
      laptop,
      SIZE,
    )
    expect(placement.bounds).toEqual({ x: 0, y: 25, width: 1440, height: 875 })
  })

  it('pulls a window hanging off the edge of its display back onto it', () => {
    const placement = placeWindow(
      saved({ x: 1000, y: 600, width: 1100, height: 760 }),
      [laptop],
      laptop,
      SIZE,
    )
    expect(placement.bounds).toEqual({ x: 340, y: 140, width: 1100, height: 760 })
  })

  it('does not count a window whose title bar is above every display as reachable', () => {
    // Only the bottom of the window would be visible: nothing to grab to move it.
    const placement = placeWindow(
      saved({ x: 100, y: -700, width: 1100, height: 760 }),
      [laptop],
      laptop,
      SIZE,
    )
    expect(placement.bounds).toEqual({ x: 170, y: 83, width: 1100, height: 760 })
  })

  it('does not count a sliver of title bar in a corner as reachable', () => {
    const placement = placeWindow(
      saved({ x: 1400, y: 500, width: 1100, height: 760 }),
      [laptop],
      laptop,
      SIZE,
    )
    expect(placement.bounds).toEqual({ x: 170, y: 83, width: 1100, height: 760 })
  })

  it('never makes the window smaller than its minimum unless the screen itself is smaller', () => {
    const tiny: DisplayArea = { id: 3, workArea: { x: 0, y: 0, width: 640, height: 480 } }
    expect(
      placeWindow(saved({ x: 0, y: 0, width: 300, height: 200 }), [laptop], laptop, SIZE).bounds,
    ).toMatchObject({ width: 720, height: 520 })
    expect(placeWindow(null, [tiny], tiny, SIZE).bounds).toEqual({ x: 0, y: 0, width: 640, height: 480 })
  })

  it('places every saved window somewhere it can be grabbed, whatever the saved numbers', () => {
    const displays = [laptop, leftMonitor]
    let seed = 7
    const next = (span: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31
      return (seed % (2 * span)) - span
    }
    for (let i = 0; i < 500; i++) {
      const bounds = {
        x: next(5000),
        y: next(3000),
        width: 1 + Math.abs(next(4000)),
        height: 1 + Math.abs(next(3000)),
      }
      const placed = placeWindow(saved(bounds), displays, laptop, SIZE).bounds as WindowState['bounds']
      const onSome = displays.some(
        (d) =>
          placed.x >= d.workArea.x &&
          placed.y >= d.workArea.y &&
          placed.x + placed.width <= d.workArea.x + d.workArea.width &&
          placed.y + placed.height <= d.workArea.y + d.workArea.height,
      )
      expect(onSome, JSON.stringify({ bounds, placed })).toBe(true)
    }
  })
})

class FakeWindow extends EventEmitter {
  bounds = { x: 10, y: 20, width: 1100, height: 760 }
  maximized = false
  minimized = false
  destroyed = false
  getNormalBounds = () => ({ ...this.bounds })
  isMaximized = () => this.maximized
  isFullScreen = () => false
  isMinimized = () => this.minimized
  isDestroyed = () => this.destroyed
}

function manualTimers() {
  let pending: (() => void) | null = null
  return {
    setTimer: ((fn: () => void) => {
      pending = fn
      return 1 as unknown as ReturnType<typeof setTimeout>
    }) as unknown as typeof setTimeout,
    clearTimer: (() => {
      pending = null
    }) as unknown as typeof clearTimeout,
    fire: () => {
      const fn = pending
      pending = null
      fn?.()
    },
    get pending() {
      return pending !== null
    },
  }
}

describe('trackWindowState', () => {
  it('saves once after a burst of moves, and not again when nothing changed', () => {
    const window = new FakeWindow()
    const timers = manualTimers()
    const saves: WindowState[] = []
    trackWindowState(window as never, (state) => saves.push(state), timers)
    for (let x = 0; x < 50; x++) {
      window.bounds.x = x
      window.emit('move')
    }
    expect(saves).toHaveLength(0)
    timers.fire()
    expect(saves).toEqual([
      { bounds: { x: 49, y: 20, width: 1100, height: 760 }, isMaximized: false, isFullScreen: false },
    ])
    window.emit('resize')
    timers.fire()
    expect(saves).toHaveLength(1)
  })

  it('saves at once on close, with the normal bounds of a maximised window', () => {
    const window = new FakeWindow()
    const timers = manualTimers()
    const saves: WindowState[] = []
    trackWindowState(window as never, (state) => saves.push(state), timers)
    window.maximized = true
    window.emit('maximize')
    window.emit('close')
    expect(timers.pending).toBe(false)
    expect(saves).toEqual([{ bounds: window.bounds, isMaximized: true, isFullScreen: false }])
  })

  it('keeps the state from before a minimise', () => {
    const window = new FakeWindow()
    const timers = manualTimers()
    const saves: WindowState[] = []
    trackWindowState(window as never, (state) => saves.push(state), timers)
    window.minimized = true
    window.emit('resize')
    timers.fire()
    window.emit('close')
    expect(saves).toEqual([])
  })

  it('stops listening after teardown', () => {
    const window = new FakeWindow()
    const timers = manualTimers()
    const saves: WindowState[] = []
    const stop = trackWindowState(window as never, (state) => saves.push(state), timers)
    stop()
    window.emit('close')
    expect(saves).toEqual([])
    expect(window.listenerCount('move')).toBe(0)
  })
})
