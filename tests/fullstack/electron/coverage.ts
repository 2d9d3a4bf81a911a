// Which lines of a main-process source file the full-stack scenarios never execute, measured on the shipped
// bundle itself: V8 block coverage of every app process (NODE_V8_COVERAGE, written when a process exits
// normally) over `<outDir>/main/index.js`, mapped back through the bundle's source map.
//
//   HARBOR_FULLSTACK_COVERAGE=/tmp/harbor-cov npx vitest run --project fullstack   # scenarios, coverage on
//   node tests/fullstack/electron/coverage.ts /tmp/harbor-cov [electron/main/index.ts]
//
// With HARBOR_FULLSTACK_COVERAGE set the scenarios use `shippedBuild({ sourcemap: true })`: the same code plus
// `.map` files. A line counts as executed when any bundle code mapped to it ran in any process; lines with no
// code (comments, types, blank) are not listed.
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

interface V8Range {
  startOffset: number
  endOffset: number
  count: number
}
interface V8Script {
  url: string
  functions: Array<{ ranges: V8Range[] }>
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'

/** Source-map v3 `mappings` -> per generated line, segments [column, sourceIndex, sourceLine]. */
function decodeMappings(mappings: string): Array<Array<[number, number, number]>> {
  const lines: Array<Array<[number, number, number]>> = []
  let source = 0
  let sourceLine = 0
  let sourceColumn = 0
  for (const line of mappings.split(';')) {
    const segments: Array<[number, number, number]> = []
    let column = 0
    for (const segment of line.split(',')) {
      if (segment === '') continue
      const values: number[] = []
      let value = 0
      let shift = 0
      for (const char of segment) {
        const digit = BASE64.indexOf(char)
        value += (digit & 31) << shift
        if (digit & 32) shift += 5
        else {
          values.push(value & 1 ? -(value >>> 1) : value >>> 1)
          value = 0
          shift = 0
        }
      }
      column += values[0] ?? 0
      if (values.length >= 4) {
        source += values[1]!
        sourceLine += values[2]!
        sourceColumn += values[3]!
        segments.push([column, source, sourceLine])
      }
    }
    lines.push(segments)
  }
  void sourceColumn
  return lines
}

const withoutMapComment = (code: string): string =>
  code.replace(/\s*\/\/# sourceMappingURL=\S+\s*$/, '').trimEnd()

/**
 * `bundlePath` has a source map; coverage of any other bundle with the same code (the same build without
 * `--sourcemap`, used by scenarios that build for themselves) is merged in, offsets being identical.
 */
export interface LineCoverage {
  line: number
  text: string
  /** Some code of the line ran. */
  ran: boolean
  /** Some code of the line never ran (a branch, a ternary arm, a callback). */
  missed: boolean
}

/** Every line of `sourceFile` that has code in the bundle, with whether its code ran. */
export function lineCoverage(
  coverageDir: string,
  bundlePath: string,
  sourceFile: string,
  sameCode: readonly string[] = [],
): LineCoverage[] {
  const code = readFileSync(bundlePath, 'utf8')
  const map = JSON.parse(readFileSync(`${bundlePath}.map`, 'utf8')) as { sources: string[]; mappings: string }
  const bundleUrls = new Set([bundlePath, ...sameCode].map((path) => `file://${path}`))
  // Per character of the bundle: executed in at least one process.
  const executed = new Uint8Array(code.length)
  let processes = 0
  for (const file of readdirSync(coverageDir).filter((name) => name.endsWith('.json'))) {
    const { result } = JSON.parse(readFileSync(join(coverageDir, file), 'utf8')) as { result: V8Script[] }
    const script = result.find((entry) => bundleUrls.has(entry.url))
    if (!script) continue
    processes++
    const counts = new Int32Array(code.length).fill(-1)
    // Outer ranges first, inner ones override them (V8 reports nested block ranges inside each function).
    const ranges = script.functions
      .flatMap((fn) => fn.ranges)
      .sort((a, b) => a.startOffset - b.startOffset || b.endOffset - a.endOffset)
    for (const range of ranges)
      counts.fill(range.count, range.startOffset, Math.min(range.endOffset, code.length))
    for (let i = 0; i < code.length; i++) if ((counts[i] ?? 0) > 0) executed[i] = 1
  }
  if (processes === 0) throw new Error(`no coverage for ${bundlePath} in ${coverageDir}`)

  const sourceIndex = map.sources.findIndex((source) =>
    resolve(dirname(bundlePath), source).endsWith(sourceFile),
  )
  if (sourceIndex === -1) throw new Error(`${sourceFile} is not in the source map of ${bundlePath}`)
  const lineStarts = [0]
  for (let i = 0; i < code.length; i++) if (code[i] === '\n') lineStarts.push(i + 1)
  const sourceLines = new Map<number, { ran: boolean; missed: boolean }>()
  const decoded = decodeMappings(map.mappings)
  decoded.forEach((segments, generatedLine) => {
    const lineStart = lineStarts[generatedLine] ?? code.length
    const lineEnd = (lineStarts[generatedLine + 1] ?? code.length + 1) - 1
    segments.forEach(([column, source, line], index) => {
      if (source !== sourceIndex) return
      const start = lineStart + column
      const end = index + 1 < segments.length ? lineStart + segments[index + 1]![0] : lineEnd
      let ran = false
      for (let i = start; i < Math.max(end, start + 1) && i < code.length; i++) if (executed[i]) ran = true
      const seen = sourceLines.get(line) ?? { ran: false, missed: false }
      sourceLines.set(line, { ran: seen.ran || ran, missed: seen.missed || !ran })
    })
  })
  const text = readFileSync(resolve(sourceFile), 'utf8').split('\n')
  return [...sourceLines]
    .map(([line, seen]) => ({ line: line + 1, text: text[line] ?? '', ...seen }))
    .sort((a, b) => a.line - b.line)
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [coverageDir, sourceFile = 'electron/main/index.ts'] = process.argv.slice(2)
  if (!coverageDir) {
    console.error('usage: node tests/fullstack/electron/coverage.ts <NODE_V8_COVERAGE dir> [source file]')
    process.exit(2)
  }
  // Every shipped main bundle an app process ran (normally one: this checkout's build with source maps).
  const bundles = new Set<string>()
  for (const file of readdirSync(coverageDir).filter((name) => name.endsWith('.json'))) {
    const { result } = JSON.parse(readFileSync(join(coverageDir, file), 'utf8')) as { result: V8Script[] }
    for (const { url } of result)
      if (/\/harbor-shipped-build\/[0-9a-f]{16}\/main\/index\.js$/.test(url)) bundles.add(fileURLToPath(url))
  }
  // Each bundle with a source map, plus the identical bundles built without one; the lines' results united
  // over all of them (e.g. the configured build and the unconfigured one of the setup-screen scenario).
  const merged = new Map<number, LineCoverage>()
  const mapped = [...bundles].filter((bundle) => existsSync(`${bundle}.map`))
  for (const bundle of mapped) {
    const code = withoutMapComment(readFileSync(bundle, 'utf8'))
    const same = [...bundles].filter(
      (other) => other !== bundle && withoutMapComment(readFileSync(other, 'utf8')) === code,
    )
    console.log(`${bundle} (+ ${same.length} identical bundle(s) without a source map)`)
    for (const entry of lineCoverage(coverageDir, bundle, sourceFile, same)) {
      const seen = merged.get(entry.line)
      merged.set(
        entry.line,
        seen ? { ...entry, ran: seen.ran || entry.ran, missed: seen.missed && entry.missed } : entry,
      )
    }
  }
  if (mapped.length === 0) {
    console.error('no bundle with a source map ran: set HARBOR_FULLSTACK_COVERAGE for the run')
    process.exit(1)
  }
  const lines = [...merged.values()].sort((a, b) => a.line - b.line)
  const never = lines.filter((line) => !line.ran)
  const partly = lines.filter((line) => line.ran && line.missed)
  console.log(`${sourceFile}: ${lines.length} lines with code; ${never.length} never ran:`)
  for (const { line, text } of never) console.log(`${String(line).padStart(4)}  ${text}`)
  console.log(`${sourceFile}: ${partly.length} partly ran (a branch or callback never taken):`)
  for (const { line, text } of partly) console.log(`${String(line).padStart(4)}  ${text}`)
}
