// vitest globalSetup for the `node` project: provides the real keychain the keychain tests run against, once
// per run. On Linux that is a private Secret Service (its own D-Bus + gnome-keyring, thrown away afterwards); on
// macOS and Windows keytar talks to the OS keychain directly, so the tests use the machine's Keychain / Credential
// Manager under a service name unique to this run and every item they created is deleted at the end.
// It never throws: if the keychain is unusable, the keychain tests FAIL with the reason
// (see keychain-storage.keyring.test.ts); they are never skipped.
import { randomUUID } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { TestProject } from 'vitest/node'
import { deleteServices, loadKeytar, probeKeychain, recordService, recordedServices } from './os-keychain'
import { startPrivateKeyring } from './private-keyring'

export type KeyringInfo =
  | {
      ok: true
      backend: 'private-secret-service' | 'os-keychain'
      /** Environment a process needs to reach the keychain (empty for the OS keychain). */
      env: Record<string, string>
      /** Unique to this run, so a leftover from a crashed run can never make a test pass. */
      service: string
      /** File listing every service name the tests store items under (see os-keychain.ts). */
      ledger: string
    }
  | { ok: false; error: string }

declare module 'vitest' {
  export interface ProvidedContext {
    keyring: KeyringInfo
  }
}

/** keytar uses the OS keychain itself on these; everywhere else it needs a Secret Service on D-Bus. */
export function usesOsKeychain(platform: NodeJS.Platform): boolean {
  return platform === 'darwin' || platform === 'win32'
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const dir = await mkdtemp(join(tmpdir(), 'harbor-keychain-run-'))
  const ledger = join(dir, 'services.txt')
  const service = `Harbor test ${randomUUID()}`
  const removeDir = () => rm(dir, { recursive: true, force: true })

  if (!usesOsKeychain(process.platform)) {
    try {
      const keyring = await startPrivateKeyring()
      project.provide('keyring', {
        ok: true,
        backend: 'private-secret-service',
        env: keyring.env,
        service,
        ledger,
      })
      // The whole keyring (its temporary home) goes away with it: nothing to delete item by item.
      return async () => {
        await keyring.stop()
        await removeDir()
      }
    } catch (error) {
      project.provide('keyring', { ok: false, error: describe(error) })
      return removeDir
    }
  }

  let keytar: ReturnType<typeof loadKeytar>
  try {
    keytar = loadKeytar()
    recordService(ledger, service)
    await probeKeychain(keytar, service)
  } catch (error) {
    project.provide('keyring', {
      ok: false,
      error: `the ${process.platform} keychain is not usable through keytar: ${describe(error)}`,
    })
    return removeDir
  }
  project.provide('keyring', { ok: true, backend: 'os-keychain', env: {}, service, ledger })
  return async () => {
    try {
      await deleteServices(keytar, recordedServices(ledger))
    } finally {
      await removeDir()
    }
  }
}
