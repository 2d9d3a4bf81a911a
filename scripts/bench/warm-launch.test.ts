import { describe, expect, it } from 'vitest'
import { compiledScripts } from './warm-launch.ts'

const origin = 'http://127.0.0.1:4000'

describe('code cache evidence from a trace', () => {
  it('reads the page’s own compile events, consumed cache bytes and rejections', () => {
    const events = [
      {
        name: 'v8.compile',
        args: {
          data: { url: `${origin}/assets/classic.js`, consumedCacheSize: 183680, cacheRejected: false },
        },
      },
      { name: 'v8.compileModule', args: { data: { url: `${origin}/assets/index.js`, streamed: true } } },
      {
        name: 'v8.compile',
        args: { data: { url: `${origin}/assets/old.js`, consumedCacheSize: 100, cacheRejected: true } },
      },
    ]
    expect(compiledScripts(events, origin)).toEqual([
      { url: `${origin}/assets/classic.js`, consumedCacheSize: 183680, rejected: false },
      { url: `${origin}/assets/index.js`, consumedCacheSize: 0, rejected: false },
      { url: `${origin}/assets/old.js`, consumedCacheSize: 100, rejected: true },
    ])
  })

  it('ignores other events, other origins (also a longer port) and events without a URL', () => {
    const events = [
      {
        name: 'v8.produceModuleCache',
        args: { data: { url: `${origin}/assets/index.js`, producedCacheSize: 5 } },
      },
      { name: 'v8.compile', args: { data: { url: 'https://img.clerk.com/x.js', consumedCacheSize: 5 } } },
      { name: 'v8.compile', args: { data: { url: `${origin}0/assets/index.js`, consumedCacheSize: 5 } } },
      { name: 'v8.compile', args: {} },
      { name: 'v8.compile' },
      null,
    ]
    expect(compiledScripts(events.filter(Boolean), origin)).toEqual([])
  })
})
