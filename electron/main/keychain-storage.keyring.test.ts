// The keychain storage against a REAL Secret Service (gnome-keyring on a private D-Bus, started by
// tests/keyring/global-setup.ts). If the keyring cannot start, these tests fail with the reason: never skipped.
import { createRequire } from 'node:module'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { createKeychainStorage, type KeychainBackend } from './keychain-storage'

const keyringInfo = inject('keyring')
let keytar: KeychainBackend
let dir: string
// Unique per run so a leftover from a crashed run can never make a test pass.
const service = `Harbor test ${process.pid}-${Date.now()}`

beforeAll(async () => {
  if (!keyringInfo.ok) {
    throw new Error(`The private Secret Service could not start, so the keychain tests cannot run: ${keyringInfo.error}`)
  }
  // libsecret connects to the session bus named here on first use: set it before keytar is loaded.
  Object.assign(process.env, keyringInfo.env)
  keytar = createRequire(import.meta.url)('keytar') as KeychainBackend
  dir = await mkdtemp(join(tmpdir(), 'keychain-real-'))
})

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true })
})

function create(serviceName = service) {
  return createKeychainStorage({
    service: serviceName,
    keychain: keytar,
    // No fallback here: if the real keychain failed, these tests must see it, not a silent file.
    fallbackCipher: async () => null,
    fallbackFilePath: join(dir, 'tokens.enc.json'),
    timeoutMs: 3000,
  })
}

describe('keychain storage on a real Secret Service', () => {
  it('a real Secret Service is running', () => {
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

  it('keeps development and packaged builds apart (different service names)', async () => {
    const prod = create(`${service}`)
    const dev = create(`${service} (development)`)
    await prod.setItem('__clerk_client_jwt', 'prod-token')
    expect(await dev.getItem('__clerk_client_jwt')).toBeNull()
    await dev.setItem('__clerk_client_jwt', 'dev-token')
    expect(await prod.getItem('__clerk_client_jwt')).toBe('prod-token')
    await prod.clear()
    await dev.clear()
  })

  it('removes an item it did not write in its format and reads it as absent', async () => {
    await keytar.setPassword(service, 'harbor.last-known-user.key', 'plain value from elsewhere')
    expect(await create().getItem('harbor.last-known-user.key')).toBeNull()
    expect(await keytar.getPassword(service, 'harbor.last-known-user.key')).toBeNull()
  })

  it('last write wins under concurrent writes', async () => {
    const storage = create()
    await Promise.all(Array.from({ length: 20 }, (_, i) => storage.setItem('__clerk_client_jwt', `token-${i}`)))
    expect(await keytar.getPassword(service, '__clerk_client_jwt')).toBe('v1:token-19')
    await storage.clear()
  })

  it('clear() removes every item of the service and leaves other services alone', async () => {
    const other = `${service} other`
    await keytar.setPassword(other, 'k', 'keep')
    const storage = create()
    await storage.setItem('__clerk_client_jwt', 'a')
    await storage.setItem('harbor.last-known-user.key', 'b')
    await storage.clear()
    expect(await keytar.findCredentials(service)).toEqual([])
    expect(await keytar.getPassword(other, 'k')).toBe('keep')
    await keytar.deletePassword(other, 'k')
  })
})
