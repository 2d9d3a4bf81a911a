import { createHash } from 'node:crypto'
import { runInNewContext } from 'node:vm'
import { describe, expect, it } from 'vitest'
import {
  HELD_PRELOAD_REL,
  HELD_SCRIPT_TYPE,
  LOADED_ATTRIBUTE,
  NO_FRAME_FALLBACK_MS,
} from '../shared/after-first-frame'
import { afterFirstFrameLoader, holdModuleScripts } from './after-first-frame'

// As Vite writes the shipped index.html.
const BUILT_HEAD =
  '<script type="module" crossorigin src="/assets/index-AbC.js"></script>\n' +
  '    <link rel="modulepreload" crossorigin href="/assets/react-XyZ.js">'

interface FakeElement {
  tagName: string
  attributes: Record<string, string>
  type?: string
  rel?: string
  src?: string
  href?: string
  crossOrigin: string | null
  setAttribute(name: string, value: string): void
  parentNode: { replaceChild(next: FakeElement, previous: FakeElement): void }
}

/**
 * Runs the loader's script in a fresh context, as the document would: a document holding `held` elements (what
 * holdModuleScripts leaves), an animation frame and timers that only run when the test says so.
 */
function runLoader(held: Array<{ tagName: 'SCRIPT' | 'LINK'; url: string; crossOrigin: string | null }>) {
  const code = /^<script>([\s\S]*)<\/script>$/.exec(afterFirstFrameLoader().element)?.[1]
  if (code === undefined) throw new Error('the loader is not one script element')
  const head: FakeElement[] = []
  const make = (tagName: string): FakeElement => {
    const element: FakeElement = {
      tagName,
      attributes: {},
      crossOrigin: null,
      setAttribute: (name, value) => (element.attributes[name] = value),
      parentNode: {
        replaceChild(next, previous) {
          head[head.indexOf(previous)] = next
        },
      },
    }
    return element
  }
  for (const { tagName, url, crossOrigin } of held) {
    const element = make(tagName)
    if (tagName === 'SCRIPT') Object.assign(element, { type: HELD_SCRIPT_TYPE, src: url })
    else Object.assign(element, { rel: HELD_PRELOAD_REL, href: url })
    element.crossOrigin = crossOrigin
    head.push(element)
  }
  const selectors: string[] = []
  const frames: Array<() => void> = []
  const timers: Array<{ ms: number; run: () => void }> = []
  runInNewContext(code, {
    document: {
      createElement: (tag: string) => make(tag.toUpperCase()),
      querySelectorAll: (selector: string) => {
        selectors.push(selector)
        return head.filter((element) => element.type === HELD_SCRIPT_TYPE || element.rel === HELD_PRELOAD_REL)
      },
    },
    requestAnimationFrame: (run: () => void) => frames.push(run),
    setTimeout: (run: () => void, ms: number) => timers.push({ ms, run }),
  })
  const runTimers = (ms: number) => {
    for (const timer of timers.filter((t) => t.ms === ms)) timer.run()
  }
  return { head, frames, timers, runTimers, selectors, code }
}

describe('holdModuleScripts', () => {
  it('makes the built module script and module preload inert and changes nothing else', () => {
    const html = `<head><link rel="stylesheet" crossorigin href="/assets/index.css">${BUILT_HEAD}</head><body><script>early()</script></body>`
    const held = holdModuleScripts(html)
    expect(held).toBe(
      `<head><link rel="stylesheet" crossorigin href="/assets/index.css">` +
        `<script type="${HELD_SCRIPT_TYPE}" crossorigin src="/assets/index-AbC.js"></script>\n` +
        `    <link rel="${HELD_PRELOAD_REL}" crossorigin href="/assets/react-XyZ.js"></head><body><script>early()</script></body>`,
    )
    expect(held).not.toMatch(/type="module"|rel="modulepreload"/)
  })

  it('leaves lookalikes alone', () => {
    for (const html of [
      '<script type="modulex" src="/a.js"></script>',
      '<link rel="modulepreloads" href="/a.js">',
      '<p>script type="module"</p>',
    ]) {
      expect(holdModuleScripts(html)).toBe(html)
    }
  })
})

describe('afterFirstFrameLoader', () => {
  it('makes the held elements real after a frame and a task, in order, with their URLs and crossorigin', () => {
    const run = runLoader([
      { tagName: 'SCRIPT', url: 'harbor://renderer/assets/index-AbC.js', crossOrigin: 'anonymous' },
      { tagName: 'LINK', url: 'harbor://renderer/assets/react-XyZ.js', crossOrigin: 'anonymous' },
    ])
    // Nothing before the frame.
    expect(run.head.map((element) => element.type ?? element.rel)).toEqual([
      HELD_SCRIPT_TYPE,
      HELD_PRELOAD_REL,
    ])
    expect(run.frames).toHaveLength(1)
    run.frames[0]!()
    expect(run.head[0]!.type).toBe(HELD_SCRIPT_TYPE) // the frame's paint comes first: then a task
    run.runTimers(0)
    const [script, preload] = run.head
    expect(script).toMatchObject({
      tagName: 'SCRIPT',
      type: 'module',
      src: 'harbor://renderer/assets/index-AbC.js',
      crossOrigin: 'anonymous',
      attributes: { [LOADED_ATTRIBUTE]: 'frame' },
    })
    expect(preload).toMatchObject({
      tagName: 'LINK',
      rel: 'modulepreload',
      href: 'harbor://renderer/assets/react-XyZ.js',
      crossOrigin: 'anonymous',
    })
    expect(run.selectors).toEqual([`script[type="${HELD_SCRIPT_TYPE}"],link[rel="${HELD_PRELOAD_REL}"]`])
  })

  it('loads anyway when no frame comes in time, and only once whichever fires first', () => {
    const run = runLoader([
      { tagName: 'SCRIPT', url: 'harbor://renderer/assets/index.js', crossOrigin: null },
    ])
    expect(run.timers.map((timer) => timer.ms)).toEqual([NO_FRAME_FALLBACK_MS])
    run.runTimers(NO_FRAME_FALLBACK_MS)
    const loaded = run.head[0]!
    expect(loaded).toMatchObject({
      type: 'module',
      crossOrigin: null,
      attributes: { [LOADED_ATTRIBUTE]: 'timeout' },
    })
    // The frame comes later after all: nothing is loaded twice.
    run.frames[0]!()
    run.runTimers(0)
    expect(run.head).toEqual([loaded])
    expect(run.selectors).toHaveLength(1)
  })

  it('does nothing in a document with nothing held', () => {
    const run = runLoader([])
    run.frames[0]!()
    run.runTimers(0)
    run.runTimers(NO_FRAME_FALLBACK_MS)
    expect(run.head).toEqual([])
  })

  it('is allowed by exactly its own hash', () => {
    const loader = afterFirstFrameLoader()
    const { code } = runLoader([])
    expect(loader.cspSource).toBe(`'sha256-${createHash('sha256').update(code).digest('base64')}'`)
    expect(loader.element.match(/<\/script>/gi)).toHaveLength(1)
  })
})
