// The packages a packaged app needs at run time: package.json `dependencies` and everything they depend on,
// resolved the way Node resolves them (nearest node_modules first). The smoke test copies exactly these into
// its temporary project, because electron-builder cannot follow a symlinked node_modules.

/** Node's lookup of `name` from `fromDir`, staying inside `rootDir`; `exists` says whether a folder is a package. */
export function resolveFrom(
  name: string,
  fromDir: string,
  rootDir: string,
  exists: (dir: string) => boolean,
): string | null {
  for (let dir = fromDir; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name)
    if (exists(candidate)) return candidate
    if (dir === rootDir || relative(rootDir, dir).startsWith('..')) return null
  }
}
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'

export interface Manifest {
  name: string
  version: string
  dependencies?: Record<string, string>
  optionalDependencies?: Record<string, string>
}

function readManifest(dir: string): Manifest {
  return JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Manifest
}

export interface RuntimeClosure {
  /** Package folders relative to the project, e.g. `node_modules/keytar`. */
  folders: string[]
  /** `name@version` of every package in the closure. */
  packages: Set<string>
  /** Required dependencies that are not installed. */
  missing: string[]
}

export function runtimeClosure(projectDir: string): RuntimeClosure {
  const root = readManifest(projectDir)
  const seen = new Set<string>()
  const packages = new Set<string>()
  const missing: string[] = []
  const queue: Array<{ name: string; from: string; optional: boolean }> = Object.keys(
    root.dependencies ?? {},
  ).map((name) => ({ name, from: projectDir, optional: false }))
  while (queue.length > 0) {
    const { name, from, optional } = queue.shift()!
    const dir = resolveFrom(name, from, projectDir, (d) => existsSync(join(d, 'package.json')))
    if (dir === null) {
      if (!optional) missing.push(name)
      continue
    }
    const rel = relative(projectDir, dir)
    if (seen.has(rel)) continue
    seen.add(rel)
    const manifest = readManifest(dir)
    packages.add(`${manifest.name}@${manifest.version}`)
    for (const dep of Object.keys(manifest.dependencies ?? {}))
      queue.push({ name: dep, from: dir, optional: false })
    for (const dep of Object.keys(manifest.optionalDependencies ?? {}))
      queue.push({ name: dep, from: dir, optional: true })
  }
  return { folders: [...seen].sort(), packages, missing }
}
