import { describe, expect, it } from 'vitest'
import { earlyChunkFiles, withModulePreloads } from './preload-early-chunks'

const chunk = (fileName: string, moduleIds: string[], imports: string[] = [], isEntry = false) =>
  ({ type: 'chunk', fileName, moduleIds, imports, isEntry }) as const

// Shaped like the renderer's real bundle: the Convex client's module sits in a shared chunk (no facade).
const BUNDLE = {
  'assets/index.js': chunk('assets/index.js', ['/app/renderer/src/main.tsx'], ['assets/shared.js'], true),
  'assets/shared.js': chunk('assets/shared.js', ['/app/node_modules/react/index.js']),
  'assets/convex-client.js': chunk(
    'assets/convex-client.js',
    ['/app/renderer/src/backend/live/convex-client.ts', '/app/renderer/src/backend/early-session.ts'],
    ['assets/client.js', 'assets/shared.js'],
  ),
  'assets/client.js': chunk(
    'assets/client.js',
    ['/app/node_modules/convex/dist/esm/browser/index.js'],
    ['assets/shared.js'],
  ),
  'assets/ConnectedApp.js': chunk(
    'assets/ConnectedApp.js',
    ['/app/renderer/src/session/live/ConnectedApp.tsx'],
    ['assets/convex-client.js'],
  ),
  'assets/index.css': { type: 'asset', fileName: 'assets/index.css' },
} as const

describe('earlyChunkFiles', () => {
  it('is the chunk holding the module and what it imports, less what the entry already loads', () => {
    expect(earlyChunkFiles(BUNDLE, ['renderer/src/backend/live/convex-client.ts'])).toEqual([
      'assets/convex-client.js',
      'assets/client.js',
    ])
  })

  it('finds nothing for a module in no chunk, or one the entry holds', () => {
    expect(earlyChunkFiles(BUNDLE, ['renderer/src/nowhere.ts'])).toEqual([])
    expect(earlyChunkFiles(BUNDLE, ['renderer/src/main.tsx'])).toEqual([])
  })

  it('matches Windows paths too', () => {
    const windows = {
      ...BUNDLE,
      'assets/convex-client.js': chunk(
        'assets/convex-client.js',
        ['C:\\app\\renderer\\src\\backend\\live\\convex-client.ts'],
        [],
      ),
    }
    expect(earlyChunkFiles(windows, ['renderer/src/backend/live/convex-client.ts'])).toEqual([
      'assets/convex-client.js',
    ])
  })
})

describe('withModulePreloads', () => {
  const html = '<head>\n    <script type="module" crossorigin src="/assets/index.js"></script>\n  </head>'

  it('puts the links right after the entry script, in order, under the base', () => {
    expect(withModulePreloads(html, ['assets/a.js', 'assets/b.js'], '/')).toBe(
      '<head>\n    <script type="module" crossorigin src="/assets/index.js"></script>' +
        '\n    <link rel="modulepreload" crossorigin href="/assets/a.js">' +
        '\n    <link rel="modulepreload" crossorigin href="/assets/b.js">\n  </head>',
    )
  })

  it('changes nothing without files or without a module script', () => {
    expect(withModulePreloads(html, [], '/')).toBe(html)
    expect(withModulePreloads('<head></head>', ['assets/a.js'], '/')).toBe('<head></head>')
  })
})
