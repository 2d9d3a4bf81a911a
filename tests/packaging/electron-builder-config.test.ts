// electron-builder.yml checked against electron-builder's own JSON schema (the same validation a build runs
// first), plus the properties the app relies on: identity, scheme, targets, fuses, update feed.
import { resolve } from 'node:path'
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config'
import type { Configuration } from 'app-builder-lib'
import { FuseV1Options } from '@electron/fuses'
import { DebugLogger } from 'builder-util'
import { describe, expect, it } from 'vitest'
import { e2eBuildOverrides } from '../../e2e/build-config.mts'
import { E2E_OUTPUT_DIR } from '../../e2e/paths'
import { appIconPath, DEFAULT_IDENTITY } from '../../electron/main/app-identity'

const projectDir = resolve(import.meta.dirname, '../..')

type FuseKey = keyof NonNullable<Configuration['electronFuses']>

/**
 * Every fuse of @electron/fuses' FuseV1Options, the electron-builder key that sets it, and why it is set the way
 * it is. `widens`: on, the binary does more than an app needs (off for us). `hardens`: on, the binary refuses
 * something (on for us). A fuse neither widening nor hardening is reviewed as the side that is safe for us.
 *
 * Not in this list: WasmTrapHandlers (Electron 35+, wire index 8). Neither @electron/fuses 1.8 nor
 * electron-builder 26 can set it, so it keeps Electron's default (on): V8 then bounds-checks WebAssembly with guard
 * pages and a signal handler instead of inline checks; turning it off only helps apps that install their own
 * signal handlers, which we do not. When @electron/fuses learns it, this test fails until it is added here.
 */
const FUSE_REVIEW: Record<string, { key: FuseKey; kind: 'widens' | 'hardens'; reason: string }> = {
  RunAsNode: {
    key: 'runAsNode',
    kind: 'widens',
    reason: 'ELECTRON_RUN_AS_NODE would turn the signed binary into a plain Node that runs any script',
  },
  EnableCookieEncryption: {
    key: 'enableCookieEncryption',
    kind: 'hardens',
    reason: 'cookies on disk (Clerk sets some on its Frontend API) are encrypted with the OS key store',
  },
  EnableNodeOptionsEnvironmentVariable: {
    key: 'enableNodeOptionsEnvironmentVariable',
    kind: 'widens',
    reason: 'NODE_OPTIONS / NODE_EXTRA_CA_CERTS would let the environment preload code or trust a proxy CA',
  },
  EnableNodeCliInspectArguments: {
    key: 'enableNodeCliInspectArguments',
    kind: 'widens',
    reason: '--inspect and SIGUSR1 would open a debugger on the main process to any local process',
  },
  EnableEmbeddedAsarIntegrityValidation: {
    key: 'enableEmbeddedAsarIntegrityValidation',
    kind: 'hardens',
    reason: 'app.asar is checked against the hash embedded at build time (macOS, Windows) before it runs',
  },
  OnlyLoadAppFromAsar: {
    key: 'onlyLoadAppFromAsar',
    kind: 'hardens',
    reason: 'only app.asar is loaded, never an app/ folder dropped next to it, so the integrity check holds',
  },
  LoadBrowserProcessSpecificV8Snapshot: {
    key: 'loadBrowserProcessSpecificV8Snapshot',
    kind: 'widens',
    reason:
      'we ship no browser_v8_context_snapshot.bin; on, the browser process would load an extra snapshot file',
  },
  GrantFileProtocolExtraPrivileges: {
    key: 'grantFileProtocolExtraPrivileges',
    kind: 'widens',
    reason:
      'file:// pages would get fetch over file://, service workers and universal access; we serve our own scheme',
  },
}

async function loadConfig(): Promise<Configuration> {
  return getConfig(projectDir, resolve(projectDir, 'electron-builder.yml'), null)
}

function targetNames(targets: unknown): string[] {
  return (Array.isArray(targets) ? targets : [targets]).map((t) =>
    typeof t === 'string' ? t : (t as { target: string }).target,
  )
}

describe('electron-builder.yml', () => {
  it('passes electron-builder schema validation', async () => {
    await expect(validateConfiguration(await loadConfig(), new DebugLogger(false))).resolves.toBeUndefined()
  })

  it('is rejected by the same validation when an option is misplaced (the check can fail)', async () => {
    const config = await loadConfig()
    const broken = { ...config, nsis: { ...config.nsis, perUser: true } } as Configuration
    await expect(validateConfiguration(broken, new DebugLogger(false))).rejects.toThrow(/configuration\.nsis/)
  })

  it('matches the identity the main process uses (app id, product name, URL scheme)', async () => {
    const config = await loadConfig()
    expect(config.appId).toBe(DEFAULT_IDENTITY.appId)
    expect(config.productName).toBe(DEFAULT_IDENTITY.productName)
    const protocols = Array.isArray(config.protocols) ? config.protocols : [config.protocols]
    expect(protocols.flatMap((p) => p?.schemes ?? [])).toEqual([DEFAULT_IDENTITY.scheme])
  })

  it('ships only the built output and package.json, in an asar, with native modules unpacked', async () => {
    const config = await loadConfig()
    // getConfig normalises `files` into file sets ({ filter: [...] }).
    const files = (config.files as Array<string | { filter?: string[] }>).flatMap((entry) =>
      typeof entry === 'string' ? [entry] : (entry.filter ?? []),
    )
    expect(files.filter((pattern) => !pattern.startsWith('!'))).toEqual(['out/**', 'package.json'])
    expect(config.asar).toBe(true)
    expect(config.asarUnpack).toEqual(['**/*.node'])
    expect(config.npmRebuild).toBe(true)
  })

  it('builds the installers the issue asks for', async () => {
    const config = await loadConfig()
    expect(targetNames(config.mac?.target).sort()).toEqual(['dmg', 'zip'])
    expect(config.mac?.hardenedRuntime).toBe(true)
    expect(config.mac?.entitlements).toBe('resources/entitlements.mac.plist')
    expect(config.mac?.notarize).toBe(true)
    expect(targetNames(config.win?.target)).toEqual(['nsis'])
    expect(config.nsis).toMatchObject({ oneClick: true, perMachine: false, allowElevation: false })
    expect(targetNames(config.linux?.target).sort()).toEqual(['AppImage', 'deb'])
  })

  it('ships the app icon beside app.asar, where the About panel and the Linux window icon read it', async () => {
    const config = await loadConfig()
    expect(config.extraResources).toEqual([{ from: 'resources/icon.png', to: 'icon.png' }])
    const packaged = appIconPath({
      isPackaged: true,
      resourcesPath: resolve('/opt/Harbor/resources'),
      appPath: '/x',
    })
    expect(packaged).toBe(resolve('/opt/Harbor/resources', 'icon.png'))
  })

  it('publishes to a generic feed whose URL comes from the environment, one feed file per channel', async () => {
    const config = await loadConfig()
    expect(config.publish).toEqual([{ provider: 'generic', url: '${env.HARBOR_UPDATE_URL}' }])
    expect(config.generateUpdatesFilesForAllChannels).toBe(true)
    expect(config.detectUpdateChannel).toBe(true)
  })

  it("sets every fuse in Electron's list on purpose: widening ones off, hardening ones on", async () => {
    const config = await loadConfig()
    // The list comes from the installed @electron/fuses: a fuse added by an upgrade fails here until reviewed.
    const known = Object.keys(FuseV1Options).filter((name) => Number.isNaN(Number(name)))
    expect(known.sort()).toEqual(Object.keys(FUSE_REVIEW).sort())
    const expected = Object.fromEntries(
      Object.values(FUSE_REVIEW).map(({ key, kind }) => [key, kind === 'hardens']),
    )
    expect(config.electronFuses).toEqual(expected)
    for (const [name, { key, kind, reason }] of Object.entries(FUSE_REVIEW)) {
      expect(reason.length, name).toBeGreaterThan(20)
      expect(config.electronFuses?.[key], `${name}: ${reason}`).toBe(kind === 'hardens')
    }
  })

  it('builds the end-to-end app exactly like a release except for the CLI inspect fuse', async () => {
    const release = await loadConfig()
    const e2e = await getConfig(projectDir, null, structuredClone(e2eBuildOverrides))
    await expect(validateConfiguration(e2e, new DebugLogger(false))).resolves.toBeUndefined()
    expect(e2e.electronFuses).toEqual({ ...release.electronFuses, enableNodeCliInspectArguments: true })
    expect(e2e.directories?.output).toBe(E2E_OUTPUT_DIR)
    const { electronFuses: _a, directories: _b, ...e2eRest } = e2e
    const { electronFuses: _c, directories: _d, ...releaseRest } = release
    expect(e2eRest).toEqual(releaseRest)
  })
})
