// The preload runs sandboxed: Electron only lets it `require('electron')` (and a few polyfilled built-ins). This
// builds it with the project's real electron-vite preload settings and checks the output is one CommonJS file
// that requires nothing else; a dependency accidentally left external would otherwise only fail at runtime.
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { PreloadConfigFactory, type PreloadViteConfig, type UserConfig } from 'electron-vite'
import { build } from 'vite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import projectConfig from '../../electron.vite.config'

const root = resolve(import.meta.dirname, '../..')
let outDir: string
let source: string

beforeAll(async () => {
  outDir = await mkdtemp(join(tmpdir(), 'preload-bundle-'))
  // Only the preload section, through electron-vite's own preset (what `electron-vite build` does for it), so
  // the test neither builds nor depends on the main process or the renderer.
  const preload = (projectConfig as UserConfig).preload as PreloadViteConfig
  const inline = {
    configFile: false as const,
    logLevel: 'silent' as const,
    mode: 'production',
    build: { outDir },
  }
  const config = await new PreloadConfigFactory(structuredClone(preload), inline, { outDir, root }).build()
  await build(config)
  source = await readFile(join(outDir, 'preload', 'index.js'), 'utf8')
}, 60_000)

afterAll(async () => {
  await rm(outDir, { recursive: true, force: true })
})

describe('built preload', () => {
  it('is a single file', async () => {
    expect(await readdir(join(outDir, 'preload'))).toEqual(['index.js'])
  })

  it('is CommonJS that requires only electron', () => {
    const required = [...source.matchAll(/\brequire\(\s*["'`]([^"'`]+)["'`]\s*\)/g)].map((match) => match[1])
    expect(required.length).toBeGreaterThan(0)
    expect(new Set(required)).toEqual(new Set(['electron']))
    expect(source).not.toMatch(/^\s*import\s|^\s*export\s|\bimport\(/m)
  })

  it("bundles Clerk's bridge and exposes window.desktop", () => {
    expect(source).toContain('__clerk_internal_electron')
    expect(source).toMatch(/exposeInMainWorld\(\s*["']desktop["']/)
  })
})
