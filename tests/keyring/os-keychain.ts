// The real OS keychain for tests on macOS (Keychain) and Windows (Credential Manager): keytar reaches it directly,
// no D-Bus. Unlike the private Linux keyring, this is the machine's own keychain and outlives the run, so every
// service name a test uses is written to a ledger first and everything under those names is deleted at the end.
import { appendFileSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import type { KeychainBackend } from '../../electron/main/keychain-storage'

const CALL_TIMEOUT_MS = 10_000

export function loadKeytar(): KeychainBackend {
  return createRequire(import.meta.url)('keytar') as KeychainBackend
}

/** Bounded: a keychain that wants a human (an unlock prompt) must fail the run, not hang it. */
function bounded<T>(what: string, work: () => Promise<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`keychain ${what} did not answer within ${CALL_TIMEOUT_MS} ms`)),
      CALL_TIMEOUT_MS,
    )
    work().then(
      (value) => {
        clearTimeout(timer)
        resolve(value)
      },
      (error: unknown) => {
        clearTimeout(timer)
        reject(error instanceof Error ? error : new Error(String(error)))
      },
    )
  })
}

/** Stores, reads back and deletes one item under `service`: proof that the keychain answers without a prompt. */
export async function probeKeychain(keytar: KeychainBackend, service: string): Promise<void> {
  const account = 'harbor-test-probe'
  await bounded('write', () => keytar.setPassword(service, account, 'ok'))
  try {
    const read = await bounded('read', () => keytar.getPassword(service, account))
    if (read !== 'ok')
      throw new Error(`the keychain returned ${JSON.stringify(read)} for the probe item it just stored`)
  } finally {
    await bounded('delete', () => keytar.deletePassword(service, account))
  }
}

/** Call before the first item is stored under `service`, so a crashed worker still leaves nothing behind. */
export function recordService(ledger: string, service: string): void {
  appendFileSync(ledger, `${service}\n`)
}

export function recordedServices(ledger: string): string[] {
  let text: string
  try {
    text = readFileSync(ledger, 'utf8')
  } catch {
    return []
  }
  return [...new Set(text.split('\n').filter((line) => line !== ''))]
}

/**
 * Deletes every item of each service. On Windows `findCredentials(s)` matches the target prefix `s*`, so it can
 * list accounts of a longer service name too; deleting `(s, account)` only ever touches `s`'s own item.
 */
export async function deleteServices(keytar: KeychainBackend, services: readonly string[]): Promise<void> {
  for (const service of services) {
    const items = await bounded('list', () => keytar.findCredentials(service))
    for (const { account } of items) await bounded('delete', () => keytar.deletePassword(service, account))
  }
}
