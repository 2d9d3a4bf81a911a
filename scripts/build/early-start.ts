// What live data waits on starts before the entry has run (renderer/src/early.ts), measured by
// `npm run bench:live-data`. In the built index.html this plugin
// 1. adds the early script, built as its own rollup input, as `<script type="module" async>` before the entry's
//    script: an async module runs as soon as it and its imports have arrived, not after the ~300 kB entry has
//    been compiled (the entry imports it as well and then finds it already run);
// 2. adds `<link rel="modulepreload">` after the entry's script for the chunks the early script imports with
//    `import()` (the Convex client), so they arrive with the page instead of one fetch after another later.
// The first frame is HTML and CSS from the main process, so neither holds its paint back.
import type { Plugin } from 'vite'

interface ChunkLike {
  type: 'chunk'
  fileName: string
  facadeModuleId: string | null
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

/** The entry chunk built from the rollup input whose path ends with `module`, if any. */
export function entryChunkFile(bundle: Bundle, module: string): string | null {
  for (const output of Object.values(bundle)) {
    if (output.type !== 'chunk' || !output.isEntry) continue
    const id = output.facadeModuleId?.replace(/\\/g, '/')
    if (id?.endsWith(module)) return output.fileName
  }
  return null
}

/**
 * The document with `script` (an async module script) before its first module script and one modulepreload
 * link per file after it. Unchanged without a module script.
 */
export function withEarlyStart(
  html: string,
  { script: early, preload }: { script: string | null; preload: readonly string[] },
  base: string,
): string {
  const script = MODULE_SCRIPT.exec(html)
  if (!script) return html
  const at = script.index + script[0].length
  const before = early ? `<script type="module" async crossorigin src="${base}${early}"></script>\n    ` : ''
  const links = preload.map((file) => `\n    <link rel="modulepreload" crossorigin href="${base}${file}">`)
  return html.slice(0, script.index) + before + html.slice(script.index, at) + links.join('') + html.slice(at)
}

/** `script`: the early script's source (a rollup input of the renderer); `preload`: modules it imports later. */
export function earlyStart(options: { script: string; preload: readonly string[] }): Plugin {
  let base = '/'
  return {
    name: 'harbor:early-start',
    apply: 'build',
    configResolved(config) {
      base = config.base
    },
    transformIndexHtml: {
      order: 'post',
      handler(html, context) {
        if (!context.bundle) return html
        const bundle = context.bundle as unknown as Bundle
        const script = entryChunkFile(bundle, options.script)
        return withEarlyStart(html, { script, preload: earlyChunkFiles(bundle, options.preload) }, base)
      },
    },
  }
}
