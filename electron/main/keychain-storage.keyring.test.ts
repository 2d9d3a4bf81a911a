// The keychain storage against a REAL keychain, provided by tests/keyring/global-setup.ts: on Linux a Secret
// Service (gnome-keyring on a private D-Bus), on macOS and Windows the OS keychain itself under a service name
// unique to this run. If the keychain is unusable, these tests fail with the reason: never skipped.
import { createRequire } from 'node:module'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { deleteServices, recordService, recordedServices } from '../../tests/keyring/os-keychain'
import { createKeychainStorage, type KeychainBackend } from './keychain-storage'

const keyringInfo = inject('keyring')
let keytar: KeychainBackend
let dir: string
// Unique per run (chosen by the harness) so a leftover from a crashed run can never make a test pass.
const service = keyringInfo.ok ? keyringInfo.service : 'Harbor test (no keychain)'
const usedServices = new Set<string>()

/** Every service name gets recorded before anything is stored under it: on macOS/Windows the keychain is real. */
function useService(name: string): string {
  if (keyringInfo.ok && !usedServices.has(name)) recordService(keyringInfo.ledger, name)
  usedServices.add(name)
  return name
}

beforeAll(async () => {
  if (!keyringInfo.ok) {
    throw new Error(`No usable keychain, so the keychain tests cannot run: ${keyringInfo.error}`)
  }
  // libsecret connects to the session bus named here on first use: set it before keytar is loaded.
  Object.assign(process.env, keyringInfo.env)
  keytar = createRequire(import.meta.url)('keytar') as KeychainBackend
  dir = await mkdtemp(join(tmpdir(), 'keychain-real-'))
})

afterAll(async () => {
  // Also after a failed test: leave nothing in the machine's keychain (the harness re-checks at the very end).
  if (keytar) await deleteServices(keytar, [...usedServices])
  if (dir) await rm(dir, { recursive: true, force: true })
})

function create(serviceName = service) {
  return createKeychainStorage({
    service: useService(serviceName),
    keychain: keytar,
    // No fallback here: if the real keychain failed, these tests must see it, not a silent file.
    fallbackCipher: async () => null,
    fallbackFilePath: join(dir, 'tokens.enc.json'),
    timeoutMs: 3000,
  })
}

describe(`keychain storage on a real keychain (${process.platform})`, () => {
  it('a real keychain is usable', () => {
    expect(keyringInfo).toMatchObject({ ok: true })
  })

  it('chooses the keychain and round-trips a token through it', async () => {
    const storage = create()
    expect(await storage.persistenceMode()).toBe('keychain')
    await storage.setItem('__clerk_client_jwt', 'eyJhbGciOi.real.token')
    // Read back through keytar directly: it is really in the Secret Service, in our envelope.
    expect(await keytar.getPassword(service, '__clerk_client_jwt')).toBe('v1:eyJhbGciOi.real.token')
    expect(await create().getItem('__clerk_client_jwt')).toBe('eyJhbGciOi.real.token')
    await storage.removeItem('__clerk_client_jwt')
    expect(await keytar.getPassword(service, '__clerk_client_jwt')).toBeNull()
  })

  it('replaceItem checks the keychain itself: a token another writer put there is not overwritten', async () => {
    const storage = create()
    await storage.setItem('__clerk_client_jwt', 'sent-token')
    expect(await storage.replaceItem('__clerk_client_jwt', 'sent-token', 'rotated-token')).toBe(true)
    expect(await keytar.getPassword(service, '__clerk_client_jwt')).toBe('v1:rotated-token')
    // Written behind this storage's back (the way a second process would): the keychain's value decides.
    await keytar.setPassword(service, '__clerk_client_jwt', 'v1:newer-token')
    expect(await storage.replaceItem('__clerk_client_jwt', 'rotated-token', 'stale-token')).toBe(false)
    expect(await keytar.getPassword(service, '__clerk_client_jwt')).toBe('v1:newer-token')
    await storage.removeItem('__clerk_client_jwt')
  })

  it('keeps development and packaged builds apart (different service names)', async () => {
    const prod = create(`${service}`)
    const dev = create(`${service} (development)`)
    await prod.setItem('__clerk_client_jwt', 'prod-token')
    expect(await dev.getItem('__clerk_client_jwt')).toBeNull()
    await dev.setItem('__clerk_client_jwt', 'dev-token')
    expect(await prod.getItem('__clerk_client_jwt')).toBe('prod-token')
    // Windows lists credentials by target prefix ("Harbor*" includes "Harbor (development)"): clearing one
    // build must still leave the other's items alone.
    await prod.clear()
    expect(await dev.getItem('__clerk_client_jwt')).toBe('dev-token')
    await dev.clear()
  })

  it('removes an item it did not write in its format and reads it as absent', async () => {
    await keytar.setPassword(useService(service), 'harbor.last-known-user.key', 'plain value from elsewhere')
    expect(await create().getItem('harbor.last-known-user.key')).toBeNull()
    expect(await keytar.getPassword(service, 'harbor.last-known-user.key')).toBeNull()
  })

  it('last write wins under concurrent writes', async () => {
    const storage = create()
    await Promise.all(
      Array.from({ length: 20 }, (_, i) => storage.setItem('__clerk_client_jwt', `token-${i}`)),
    )
    expect(await keytar.getPassword(service, '__clerk_client_jwt')).toBe('v1:token-19')
    await storage.clear()
  })

  it('clear() removes every item of the service and leaves other services alone', async () => {
    // Not a prefix extension of `service`: on Windows, findCredentials(service) matches `service*`.
    const other = useService(`Other ${service}`)
    await keytar.setPassword(other, 'k', 'keep')
    const storage = create()
    await storage.setItem('__clerk_client_jwt', 'a')
    await storage.setItem('harbor.last-known-user.key', 'b')
    await storage.clear()
    expect(await keytar.findCredentials(service)).toEqual([])
    expect(await keytar.getPassword(other, 'k')).toBe('keep')
    await keytar.deletePassword(other, 'k')
  })

  it('the harness records every service used and can delete all of their items (the OS keychain outlives the run)', async () => {
    if (!keyringInfo.ok) throw new Error(keyringInfo.error)
    const scratch = useService(`Cleanup ${service}`)
    expect(recordedServices(keyringInfo.ledger)).toContain(scratch)
    await keytar.setPassword(scratch, 'a', '1')
    await keytar.setPassword(scratch, 'b', '2')
    await deleteServices(keytar, [scratch])
    expect(await keytar.getPassword(scratch, 'a')).toBeNull()
    expect(await keytar.getPassword(scratch, 'b')).toBeNull()
  })
})
