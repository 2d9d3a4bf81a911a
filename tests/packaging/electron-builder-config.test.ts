// electron-builder.yml checked against electron-builder's own JSON schema (the same validation a build runs
// first), plus the properties the app relies on: identity, scheme, targets, fuses, update feed.
import { resolve } from 'node:path'
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config'
import type { Configuration } from 'app-builder-lib'
import { DebugLogger } from 'builder-util'
import { describe, expect, it } from 'vitest'
import { e2eBuildOverrides } from '../../e2e/build-config.mts'
import { E2E_OUTPUT_DIR } from '../../e2e/paths'
import { DEFAULT_IDENTITY } from '../../electron/main/app-identity'

const projectDir = resolve(import.meta.dirname, '../..')

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

  it('publishes to a generic feed whose URL comes from the environment, one feed file per channel', async () => {
    const config = await loadConfig()
    expect(config.publish).toEqual([{ provider: 'generic', url: '${env.HARBOR_UPDATE_URL}' }])
    expect(config.generateUpdatesFilesForAllChannels).toBe(true)
    expect(config.detectUpdateChannel).toBe(true)
  })

  it('flips the release fuses, CLI inspect included', async () => {
    const config = await loadConfig()
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      enableCookieEncryption: true,
    })
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
