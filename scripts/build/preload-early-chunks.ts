// Adds `<link rel="modulepreload">` to the built index.html for chunks the entry imports with `import()` at
// once: the Convex client's chunk (main.tsx connects it at start, backend/live/convex-client.ts). Without the
// links that chunk and its imports are only asked for when the entry has run, one fetch after another; with
// them they arrive while the entry is still being compiled, and the socket opens that much sooner
// (`npm run bench:live-data`). The links go after the entry's own script tag, so the entry is asked for first.
import type { Plugin } from 'vite'

interface ChunkLike {
  type: 'chunk'
  fileName: string
  /** Every module in the chunk: a module imported from several places often lands in a shared chunk, which
   *  has no facade module. */
  moduleIds: string[]
  isEntry: boolean
  imports: string[]
}
type Bundle = Record<string, ChunkLike | { type: 'asset'; fileName: string }>

const MODULE_SCRIPT = /<script\b[^>]*\btype=["']?module["']?[^>]*>\s*<\/script>/i

/**
 * The files to preload for the chunks holding a module whose source path ends with one of `modules`: each such
 * chunk and what it imports statically, minus the page's entry chunks and what they import (already fetched).
 */
export function earlyChunkFiles(bundle: Bundle, modules: readonly string[]): string[] {
  const chunks = new Map<string, ChunkLike>()
  for (const output of Object.values(bundle)) if (output.type === 'chunk') chunks.set(output.fileName, output)
  const loaded = new Set<string>()
  const walk = (fileName: string, into: Set<string>) => {
    if (into.has(fileName)) return
    into.add(fileName)
    for (const imported of chunks.get(fileName)?.imports ?? []) walk(imported, into)
  }
  for (const chunk of chunks.values()) if (chunk.isEntry) walk(chunk.fileName, loaded)
  const wanted = new Set<string>()
  for (const chunk of chunks.values()) {
    const ids = chunk.moduleIds.map((id) => id.replace(/\\/g, '/'))
    if (ids.some((id) => modules.some((module) => id.endsWith(module)))) walk(chunk.fileName, wanted)
  }
  return [...wanted].filter((fileName) => !loaded.has(fileName))
}

/** The document with one modulepreload link per file after its first module script (unchanged without one). */
export function withModulePreloads(html: string, files: readonly string[], base: string): string {
  const script = MODULE_SCRIPT.exec(html)
  if (!script || files.length === 0) return html
  const at = script.index + script[0].length
  const links = files.map((file) => `\n    <link rel="modulepreload" crossorigin href="${base}${file}">`)
  return html.slice(0, at) + links.join('') + html.slice(at)
}

export function preloadEarlyChunks(modules: readonly string[]): Plugin {
  let base = '/'
  return {
    name: 'harbor:preload-early-chunks',
    apply: 'build',
    configResolved(config) {
      base = config.base
    },
    transformIndexHtml: {
      order: 'post',
      handler(html, context) {
        if (!context.bundle) return html
        return withModulePreloads(html, earlyChunkFiles(context.bundle as unknown as Bundle, modules), base)
      },
    },
  }
}
