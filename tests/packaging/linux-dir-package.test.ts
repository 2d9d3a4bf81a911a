// Packaging smoke test: builds the app with electron-vite into a temporary project and packs it with
// `electron-builder --linux dir`. The real Electron zip cannot be downloaded here, so a stand-in `electron`
// executable is given as `electronDist`; everything electron-builder decides itself (file list, asar, unpacked
// native modules, app-update.yml, desktop entries) is real.
import { spawnSync } from 'node:child_process'
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { extractFile, listPackage } from '@electron/asar'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { appIconPath, DEFAULT_IDENTITY } from '../../electron/main/app-identity'
import { resolveFrom, runtimeClosure, type Manifest } from './runtime-closure'

const projectDir = resolve(import.meta.dirname, '../..')
const UPDATE_URL = 'https://updates.example.test/harbor/'
const MAX_ASAR_BYTES = 5 * 1024 * 1024
const RUNTIME_DEPENDENCIES = ['electron-log', 'electron-updater', 'keytar']
// Frontend and tooling packages: bundled by electron-vite, never shipped as node_modules.
const NEVER_SHIPPED = [
  'react',
  'react-dom',
  'convex',
  '@clerk/electron',
  '@clerk/clerk-js',
  'electron',
  'vite',
  'typescript',
]

let work: string
let closure: ReturnType<typeof runtimeClosure>

function run(command: string, args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv }) {
  const result = spawnSync(command, args, {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    encoding: 'utf8',
    timeout: 150_000,
  })
  if (result.status !== 0) {
    throw new Error(
      `${args.join(' ')} failed (${result.status ?? result.signal}):\n${result.stdout}\n${result.stderr}`,
    )
  }
  return result
}

/** Packs the temporary project; `extra` are electron-builder CLI overrides. Returns the output folder. */
function pack(version: string, extra: string[] = []): string {
  run(
    process.execPath,
    [
      join(projectDir, 'node_modules/electron-builder/cli.js'),
      '--linux',
      'dir',
      '--projectDir',
      work,
      '--config',
      'packaging-test.yml',
      '--publish',
      'never',
      ...extra,
    ],
    { cwd: work, env: { HARBOR_UPDATE_URL: UPDATE_URL } },
  )
  return join(work, 'release', version)
}

interface ShippedPackage {
  folder: string
  manifest: Manifest
}

/** Every package folder in the archive, with its package.json read from the archive (or its unpacked copy). */
function shippedPackages(asar: string, files: string[]): ShippedPackage[] {
  const folders = new Set<string>()
  for (const file of files) {
    const match = /^\/((?:node_modules\/(?:@[^/]+\/)?[^/]+\/)*node_modules\/(?:@[^/]+\/)?[^/]+)/.exec(file)
    if (match) folders.add(match[1]!)
  }
  return [...folders].sort().map((folder) => ({
    folder,
    manifest: JSON.parse(extractFile(asar, `${folder}/package.json`).toString('utf8')) as Manifest,
  }))
}

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'harbor-packaging-'))
  // Built output goes to the temporary project, never to the shared out/.
  run(
    process.execPath,
    [
      join(projectDir, 'node_modules/electron-vite/bin/electron-vite.js'),
      'build',
      '--outDir',
      join(work, 'out'),
    ],
    {
      cwd: projectDir,
    },
  )
  for (const file of ['package.json', 'electron-builder.yml'])
    cpSync(join(projectDir, file), join(work, file))
  cpSync(join(projectDir, 'resources'), join(work, 'resources'), { recursive: true })

  // electron-builder does not follow a symlinked node_modules: copy the runtime closure, and only it.
  closure = runtimeClosure(projectDir)
  for (const folder of closure.folders)
    cpSync(join(projectDir, folder), join(work, folder), { recursive: true })

  const electronVersion = (
    JSON.parse(readFileSync(join(projectDir, 'node_modules/electron/package.json'), 'utf8')) as {
      version: string
    }
  ).version
  const electronDist = join(work, 'electron-dist')
  mkdirSync(electronDist)
  writeFileSync(join(electronDist, 'electron'), '#!/bin/sh\necho "stand-in for the Electron binary"\n')
  chmodSync(join(electronDist, 'electron'), 0o755)

  writeFileSync(
    join(work, 'packaging-test.yml'),
    [
      'extends: electron-builder.yml',
      // electron is a devDependency, so it is not in the temporary project: name the version it would read.
      `electronVersion: ${JSON.stringify(electronVersion)}`,
      `electronDist: ${JSON.stringify(electronDist)}`,
      // Rebuilding keytar for Electron needs Electron's headers from the internet; CI release builds do it.
      'npmRebuild: false',
      // The stand-in binary has no fuse sentinel to flip; release builds flip the real one.
      'electronFuses: null',
      `afterPack: ${JSON.stringify(join(projectDir, 'tests/packaging/desktop-entry-hook.cjs'))}`,
      '',
    ].join('\n'),
  )
}, 240_000)

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true })
})

describe('electron-builder --linux dir', () => {
  let output: string
  let resources: string
  let files: string[]

  beforeAll(() => {
    output = pack('0.1.0')
    resources = join(output, 'linux-unpacked', 'resources')
    files = listPackage(join(resources, 'app.asar'), { isPack: false })
  }, 180_000)

  it('declares only the runtime dependencies, and they all resolve', () => {
    const manifest = JSON.parse(readFileSync(join(projectDir, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>
    }
    expect(Object.keys(manifest.dependencies).sort()).toEqual(RUNTIME_DEPENDENCIES)
    expect(closure.missing).toEqual([])
  })

  it('packs the built output and package.json, and nothing else of the project', () => {
    const own = files.filter((file) => !file.startsWith('/node_modules'))
    expect(
      own.filter((file) => file !== '/package.json' && file !== '/out' && !file.startsWith('/out/')),
    ).toEqual([])
    expect(own).toEqual(
      expect.arrayContaining([
        '/package.json',
        '/out/main/index.js',
        '/out/preload/index.js',
        '/out/renderer/index.html',
      ]),
    )
    expect(files.filter((file) => file.endsWith('.map') || file.endsWith('.d.ts'))).toEqual([])
  })

  it('packs exactly the runtime dependency closure: keytar, electron-log, electron-updater and theirs', () => {
    const shipped = shippedPackages(join(resources, 'app.asar'), files)
    // electron-builder lays node_modules out again (it may hoist a nested version), so compare name@version.
    const versions = new Set(shipped.map(({ manifest }) => `${manifest.name}@${manifest.version}`))
    expect([...versions].sort()).toEqual([...closure.packages].sort())
    const topLevel = new Set(shipped.map(({ folder }) => folder))
    for (const name of RUNTIME_DEPENDENCIES) expect(topLevel.has(`node_modules/${name}`), name).toBe(true)
    for (const name of NEVER_SHIPPED) expect(topLevel.has(`node_modules/${name}`), name).toBe(false)
    // And inside the archive every dependency resolves the way Node will resolve it at run time.
    const unresolved: string[] = []
    for (const { folder, manifest } of shipped) {
      for (const dep of Object.keys(manifest.dependencies ?? {})) {
        const found = resolveFrom(dep, `/${folder}`, '/', (dir) => topLevel.has(dir.slice(1)))
        if (found === null) unresolved.push(`${manifest.name} -> ${dep}`)
      }
    }
    expect(unresolved).toEqual([])
  })

  it('keeps app.asar within 5 MB', () => {
    const size = statSync(join(resources, 'app.asar')).size
    expect(size).toBeGreaterThan(100_000)
    expect(size).toBeLessThanOrEqual(MAX_ASAR_BYTES)
  })

  it("unpacks keytar's native module so it can be loaded", () => {
    expect(
      existsSync(join(resources, 'app.asar.unpacked/node_modules/keytar/build/Release/keytar.node')),
    ).toBe(true)
    expect(files).toContain('/node_modules/keytar/build/Release/keytar.node')
  })

  it('puts the app icon beside app.asar, where appIconPath looks for it, byte for byte the source icon', () => {
    const shipped = join(resources, 'icon.png')
    expect(shipped).toBe(appIconPath({ isPackaged: true, resourcesPath: resources, appPath: '/unused' }))
    expect(readFileSync(shipped).equals(readFileSync(join(projectDir, 'resources/icon.png')))).toBe(true)
  })

  it('writes app-update.yml for the generic provider on the stable feed', () => {
    const text = readFileSync(join(resources, 'app-update.yml'), 'utf8')
    expect(text).toMatch(/^provider: generic$/m)
    expect(text).toContain(`url: ${UPDATE_URL}`)
    // No channel key: electron-updater then reads latest*.yml, the stable feed (the controller sets it anyway).
    expect(text).not.toMatch(/^channel:/m)
  })

  it('gives the deb and AppImage desktop entries the URL scheme handler and %U', () => {
    for (const target of ['deb', 'appImage']) {
      const entry = readFileSync(join(output, `${target}.desktop`), 'utf8')
      expect(entry, target).toMatch(
        new RegExp(`^MimeType=x-scheme-handler/${DEFAULT_IDENTITY.scheme};$`, 'm'),
      )
      expect(entry, target).toMatch(/^Exec=.* %U$/m)
      expect(entry, target).toMatch(new RegExp(`^Name=${DEFAULT_IDENTITY.productName}$`, 'm'))
    }
    expect(readFileSync(join(output, 'deb.desktop'), 'utf8')).toMatch(/^Exec=\/opt\/Harbor\/harbor %U$/m)
    // desktop-file-utils (installed by .ci/run) checks the entries against the freedesktop specification.
    for (const target of ['deb', 'appImage']) {
      const validator = spawnSync('desktop-file-validate', [join(output, `${target}.desktop`)], {
        encoding: 'utf8',
      })
      expect(validator.error).toBeUndefined()
      expect(validator.stdout + validator.stderr, target).not.toMatch(/error:/)
      expect(validator.status, target).toBe(0)
    }
  })
})

describe('electron-builder --linux dir, prerelease version', () => {
  it('bakes the beta channel into app-update.yml', () => {
    const output = pack('0.2.0-beta.1', ['-c.extraMetadata.version=0.2.0-beta.1'])
    const text = readFileSync(join(output, 'linux-unpacked/resources/app-update.yml'), 'utf8')
    expect(text).toMatch(/^channel: beta$/m)
    expect(text).toMatch(/^provider: generic$/m)
  }, 180_000)
})
