// vitest globalSetup for the `node` project: starts a private Secret Service once per run and hands its
// address to the test workers. It never throws: if the keyring cannot start, the keychain tests FAIL with the
// reason (see keychain-storage.keyring.test.ts); they are never skipped.
import type { TestProject } from 'vitest/node'
import { startPrivateKeyring } from './private-keyring'

export type KeyringInfo = { ok: true; env: Record<string, string> } | { ok: false; error: string }

declare module 'vitest' {
  export interface ProvidedContext {
    keyring: KeyringInfo
  }
}

export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  try {
    const keyring = await startPrivateKeyring()
    project.provide('keyring', { ok: true, env: keyring.env })
    return keyring.stop
  } catch (error) {
    project.provide('keyring', { ok: false, error: error instanceof Error ? error.message : String(error) })
    return undefined
  }
}
