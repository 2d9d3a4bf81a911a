import { describe, expect, it } from 'vitest'
import { earlyChunkFiles, entryChunkFile, withEarlyStart } from './early-start'

const chunk = (fileName: string, moduleIds: string[], imports: string[] = [], isEntry = false) =>
  ({
    type: 'chunk',
    fileName,
    moduleIds,
    imports,
    isEntry,
    facadeModuleId: isEntry ? (moduleIds[0] ?? null) : null,
  }) as const

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

describe('entryChunkFile', () => {
  it('is the entry built from that input, never a shared chunk that merely holds the module', () => {
    const bundle = {
      ...BUNDLE,
      'assets/early.js': chunk('assets/early.js', ['/app/renderer/src/early.ts'], ['assets/shared.js'], true),
    }
    expect(entryChunkFile(bundle, 'renderer/src/early.ts')).toBe('assets/early.js')
    expect(entryChunkFile(bundle, 'renderer/src/backend/live/convex-client.ts')).toBeNull()
  })
})

describe('withEarlyStart', () => {
  const html = '<head>\n    <script type="module" crossorigin src="/assets/index.js"></script>\n  </head>'

  it('puts the early script (async) before the entry and the preloads after it, in order, under the base', () => {
    expect(
      withEarlyStart(html, { script: 'assets/early.js', preload: ['assets/a.js', 'assets/b.js'] }, '/'),
    ).toBe(
      '<head>\n    <script type="module" async crossorigin src="/assets/early.js"></script>\n    ' +
        '<script type="module" crossorigin src="/assets/index.js"></script>' +
        '\n    <link rel="modulepreload" crossorigin href="/assets/a.js">' +
        '\n    <link rel="modulepreload" crossorigin href="/assets/b.js">\n  </head>',
    )
  })

  it('changes nothing with nothing to add, or without a module script', () => {
    expect(withEarlyStart(html, { script: null, preload: [] }, '/')).toBe(html)
    expect(
      withEarlyStart('<head></head>', { script: 'assets/early.js', preload: ['assets/a.js'] }, '/'),
    ).toBe('<head></head>')
  })
})
