// Fault injection for the token store and the offline cache that depends on it: a keychain that hangs, fails,
// or fails only deletes; a crash between write and rename; sign-out that must stick across launches; and write
// counts. Each "launch" is a fresh storage over the same keychain and folder, as after a restart.
//
// The keychain stand-in speaks keytar's four calls with per-operation faults. It does not reproduce a real
// keychain's prompts or its item size limits (keychain-storage.keyring.test.ts runs against a real one).
import * as nodeFs from 'node:fs/promises'
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { LastKnownUser } from '../shared/contract'
import type { Cipher } from './encrypted-file-store'
import { createKeychainStorage, PENDING_REMOVAL_FILE, type KeychainBackend } from './keychain-storage'
import { createLastKnownUserStore, LAST_KNOWN_USER_KEY_NAME } from './last-known-user'

type Fault = 'ok' | 'hang' | 'fail'
type Operation = 'get' | 'set' | 'delete' | 'find'

class FaultyKeychain implements KeychainBackend {
  items = new Map<string, string>()
  faults: Record<Operation, Fault> = { get: 'ok', set: 'ok', delete: 'ok', find: 'ok' }
  calls: Record<Operation, number> = { get: 0, set: 0, delete: 0, find: 0 }

  set all(fault: Fault) {
    this.faults = { get: fault, set: fault, delete: fault, find: fault }
  }

  private async run<T>(operation: Operation, work: () => T): Promise<T> {
    this.calls[operation]++
    const fault = this.faults[operation]
    if (fault === 'hang') return new Promise<T>(() => {})
    if (fault === 'fail') throw new Error(`Secret Service refused ${operation}`)
    return work()
  }
  getPassword = (service: string, account: string) =>
    this.run('get', () => this.items.get(`${service}/${account}`) ?? null)
  setPassword = (service: string, account: string, password: string) =>
    this.run('set', () => void this.items.set(`${service}/${account}`, password))
  deletePassword = (service: string, account: string) =>
    this.run('delete', () => this.items.delete(`${service}/${account}`))
  findCredentials = (service: string) =>
    this.run('find', () =>
      [...this.items]
        .filter(([id]) => id.startsWith(`${service}/`))
        .map(([id, password]) => ({ account: id.slice(service.length + 1), password })),
    )

  /** What a reader of the real keychain would get back as our token (our envelope only). */
  token(account = '__clerk_client_jwt'): string | null {
    const stored = this.items.get(`Harbor/${account}`)
    return stored?.startsWith('v1:') ? stored.slice(3) : null
  }
}

const fakeCipher: Cipher = {
  encrypt: async (text) => Buffer.from(`enc(${text})`).toString('base64'),
  decrypt: async (data) => {
    const match = /^enc\((.*)\)$/s.exec(Buffer.from(data, 'base64').toString())
    if (!match) throw new Error('undecryptable')
    return match[1] ?? ''
  },
}

const NOW = Date.UTC(2026, 10, 26, 12)
const user = (name = 'Ada Lovelace'): LastKnownUser => ({
  version: 1,
  clerkUserId: 'user_2NNEqL2nrIRdJ194ndJqAHwEfxC',
  profile: { name, email: 'ada@example.com' },
  devices: [],
  confirmedOnlineAt: NOW - 60_000,
})

let dir: string
let keychain: FaultyKeychain
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'keychain-faults-'))
  keychain = new FaultyKeychain()
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

const tokensFile = () => join(dir, 'tokens.enc.json')
const cacheFile = () => join(dir, 'last-known-user.json')
const exists = (path: string) =>
  stat(path).then(
    () => true,
    () => false,
  )

function launch(overrides: Partial<Parameters<typeof createKeychainStorage>[0]> = {}) {
  return createKeychainStorage({
    service: 'Harbor',
    keychain,
    fallbackCipher: async () => fakeCipher,
    fallbackFilePath: tokensFile(),
    timeoutMs: 30,
    ...overrides,
  })
}

function cacheOver(storage: ReturnType<typeof launch>) {
  return createLastKnownUserStore({ storage, filePath: cacheFile(), now: () => NOW, storageTimeoutMs: 1000 })
}

async function signedIn(): Promise<void> {
  const storage = launch()
  await storage.setItem('__clerk_client_jwt', 'secret-token')
  await cacheOver(storage).write(user())
  expect(keychain.token()).toBe('secret-token')
}

// Item 1: sign-out that resolves must stay signed out at the next launch, whatever the keychain did.
describe('sign-out sticks when the keychain does not answer', () => {
  const faults: Array<[string, Partial<Record<Operation, Fault>>]> = [
    ['hangs', { get: 'hang', set: 'hang', delete: 'hang', find: 'hang' }],
    ['fails', { get: 'fail', set: 'fail', delete: 'fail', find: 'fail' }],
    ['fails only deletes', { delete: 'fail' }],
    ['hangs only on deletes', { delete: 'hang' }],
    ['fails deletes and writes', { delete: 'fail', set: 'fail' }],
    ['fails listing', { find: 'fail' }],
  ]
  const signOuts: Array<[string, (storage: ReturnType<typeof launch>) => Promise<void>]> = [
    ['clear() (local sign-out)', (storage) => storage.clear()],
    ["removeItem() (Clerk's sign-out)", (storage) => storage.removeItem('__clerk_client_jwt')],
  ]

  for (const [faultName, fault] of faults) {
    for (const [signOutName, signOut] of signOuts) {
      it(`${signOutName} when the keychain ${faultName}: the next launches never read the token`, async () => {
        await signedIn()
        const session = launch()
        await session.persistenceMode()
        keychain.faults = { ...keychain.faults, ...fault }
        await expect(signOut(session)).resolves.toBeUndefined()
        // Same session: the token is gone for every reader.
        expect(await session.getItem('__clerk_client_jwt')).toBeNull()

        // Next launch, keychain still faulty: never signed in again.
        expect(await launch().getItem('__clerk_client_jwt')).toBeNull()

        // A launch where the keychain answers again: the removal is finished before the first read.
        keychain.all = 'ok'
        const healed = launch()
        expect(await healed.getItem('__clerk_client_jwt')).toBeNull()
        expect(keychain.token()).toBeNull()
        expect(await healed.hasPendingRemoval()).toBe(false)
        expect(await exists(join(dir, PENDING_REMOVAL_FILE))).toBe(false)
      })
    }
  }

  it('a sign-out on a launch that started without the keychain still removes the keychain copy later', async () => {
    await signedIn()
    keychain.all = 'fail'
    const offline = launch()
    expect(await offline.getItem('__clerk_client_jwt')).toBeNull() // keychain unreachable: not readable
    await offline.clear()
    keychain.all = 'ok'
    expect(await launch().getItem('__clerk_client_jwt')).toBeNull()
    expect(keychain.token()).toBeNull()
  })

  it('a sign-in after a pending sign-out survives the next launch, and the old token does not come back', async () => {
    await signedIn()
    const session = launch()
    await session.persistenceMode()
    keychain.faults.delete = 'fail'
    keychain.faults.set = 'fail'
    await session.clear()
    await session.setItem('__clerk_client_jwt', 'new-token') // lands in the fallback file
    expect(await launch().getItem('__clerk_client_jwt')).toBe('new-token') // keychain still refusing
    keychain.all = 'ok'
    const healed = launch()
    expect(await healed.getItem('__clerk_client_jwt')).toBe('new-token')
    expect(keychain.token()).toBe('new-token')
    expect(await healed.persistenceMode()).toBe('keychain')
  })

  it('reads the keychain only once the recorded removal is done (a keychain that reads but never deletes)', async () => {
    await signedIn()
    const session = launch()
    await session.persistenceMode()
    keychain.faults.delete = 'fail'
    keychain.faults.set = 'fail'
    await session.removeItem('__clerk_client_jwt')
    // Launch after launch the keychain still holds it and still reads fine: it is never handed out.
    for (let i = 0; i < 3; i++) expect(await launch().getItem('__clerk_client_jwt')).toBeNull()
    expect(keychain.token()).toBe('secret-token')
  })

  it('rejects the sign-out (so the user is told) when neither the keychain nor the disk can record it', async () => {
    await signedIn()
    const brokenDisk = {
      ...nodeFs,
      open: (async (path: string, ...rest: unknown[]) => {
        if (String(path).includes(PENDING_REMOVAL_FILE)) throw new Error('ENOSPC: no space left on device')
        return (nodeFs.open as (...args: unknown[]) => Promise<nodeFs.FileHandle>)(path, ...rest)
      }) as typeof nodeFs.open,
    }
    const session = launch({ fs: brokenDisk })
    await session.persistenceMode()
    keychain.all = 'fail'
    await expect(session.clear()).rejects.toThrow(/ENOSPC/)
  })
})

// Item 2: the offline cache survives any launch whose keychain is unreachable; only "no such item" or a
// sign-out removes it.
describe('the offline cache survives an unreachable keychain', () => {
  const unreachable: Array<[string, Partial<Record<Operation, Fault>>]> = [
    ['hangs', { get: 'hang', set: 'hang', delete: 'hang', find: 'hang' }],
    ['fails', { get: 'fail', set: 'fail', delete: 'fail', find: 'fail' }],
    ['is locked (reads fail)', { get: 'fail' }],
    ['hangs on reads only', { get: 'hang' }],
  ]
  for (const [name, fault] of unreachable) {
    it(`keeps the cache file for a launch where the keychain ${name}, and reads it once it answers`, async () => {
      await signedIn()
      const before = await readFile(cacheFile())
      keychain.faults = { ...keychain.faults, ...fault }
      const cache = cacheOver(launch())
      await expect(cache.read()).rejects.toThrow(/kept/)
      // A write while the key is unreachable must not replace the record with one under a new key.
      await expect(cache.write(user('Ada King'))).rejects.toThrow(/Not updating/)
      expect(await readFile(cacheFile())).toEqual(before)

      keychain.all = 'ok'
      await expect(cacheOver(launch()).read()).resolves.toMatchObject({ status: 'valid' })
    })
  }

  it('a keychain that answered "no such item" does remove the orphaned file', async () => {
    await signedIn()
    keychain.items.delete(`Harbor/${LAST_KNOWN_USER_KEY_NAME}`)
    await expect(cacheOver(launch()).read()).resolves.toEqual({ status: 'none' })
    expect(await exists(cacheFile())).toBe(false)
  })

  it('a sign-out removes it even while the keychain is unreachable', async () => {
    await signedIn()
    keychain.all = 'fail'
    const storage = launch()
    await cacheOver(storage).forget()
    expect(await exists(cacheFile())).toBe(false)
    keychain.all = 'ok'
    expect(keychain.token(LAST_KNOWN_USER_KEY_NAME)).not.toBeNull() // still there until the next start...
    expect(await launch().getItem(LAST_KNOWN_USER_KEY_NAME)).toBeNull() // ...which removes it first
    expect(keychain.token(LAST_KNOWN_USER_KEY_NAME)).toBeNull()
  })

  it('lookupItem tells absent from unreachable', async () => {
    expect(await launch().lookupItem('k')).toEqual({ status: 'absent' })
    keychain.all = 'hang'
    expect(await launch().lookupItem('k')).toMatchObject({ status: 'unreachable' })
    // Mid-session failure: the read that failed is unreachable too.
    keychain.all = 'ok'
    const session = launch()
    await session.persistenceMode()
    keychain.all = 'fail'
    expect(await session.lookupItem('k')).toMatchObject({ status: 'unreachable' })
    // No keychain library at all: the fallback is the storage of record.
    expect(await launch({ keychain: null }).lookupItem('k')).toEqual({ status: 'absent' })
  })
})

// Item 3: a crash between write and rename leaves `tokens.enc.json.<pid>.tmp` with a decryptable token.
describe('leftover temp files from a crash between write and rename', () => {
  const leftover = () =>
    JSON.stringify({
      version: 1,
      entries: { __clerk_client_jwt: Buffer.from('enc(crash-token)').toString('base64') },
    })

  it('are removed at start, before anything reads a token', async () => {
    const names = ['tokens.enc.json.4242.tmp', 'tokens.enc.json.6f1d7e1c-0000-4000-8000-000000000000.tmp']
    for (const name of names) await writeFile(join(dir, name), leftover())
    const storage = launch()
    expect(await storage.getItem('__clerk_client_jwt')).toBeNull()
    expect(await readdir(dir)).toEqual([])
  })

  it('are removed at sign-out (a crash earlier in the same session)', async () => {
    const storage = launch({ keychain: null })
    await storage.setItem('__clerk_client_jwt', 'token')
    await writeFile(join(dir, 'tokens.enc.json.777.tmp'), leftover())
    await writeFile(join(dir, 'last-known-user.json.0a0b.tmp'), 'ciphertext')
    await storage.clear()
    await cacheOver(storage).forget()
    expect(await readdir(dir)).toEqual([])
  })

  it('an interrupted fallback write (rename fails) leaves no temp file and the old tokens', async () => {
    const storage = launch({ keychain: null })
    await storage.setItem('a', 'old')
    const failingRename = { ...nodeFs, rename: () => Promise.reject(new Error('EIO: power cut')) }
    const broken = launch({ keychain: null, fs: failingRename })
    await expect(broken.setItem('a', 'new')).rejects.toThrow('EIO')
    expect(await readdir(dir)).toEqual(['tokens.enc.json'])
    expect(await launch({ keychain: null }).getItem('a')).toBe('old')
  })
})

// Item 12: Clerk saves the Authorization header after every Frontend API response; the renderer refreshes the
// cache every minute. Neither may turn into a write storm.
describe('write counts', () => {
  it('13 Clerk requests with one token rotation write the keychain twice', async () => {
    const storage = launch()
    for (let request = 0; request < 13; request++) {
      await storage.setItem('__clerk_client_jwt', request < 7 ? 'token-a' : 'token-b')
    }
    expect(keychain.calls.set).toBe(2)
    expect(keychain.token()).toBe('token-b')
  })

  it('writes again after a read showed another value, and after removal', async () => {
    keychain.items.set('Harbor/k', 'v1:x')
    const storage = launch()
    expect(await storage.getItem('k')).toBe('x')
    await storage.setItem('k', 'x')
    expect(keychain.calls.set).toBe(0)
    await storage.removeItem('k')
    await storage.setItem('k', 'x')
    expect(keychain.calls.set).toBe(1)
  })

  it('10 minutes of unchanged live data write the cache once, a change or an hour writes again', async () => {
    const storage = launch()
    await storage.persistenceMode() // the keychain probe is not a cache cost
    let clock = NOW
    const writes: string[] = []
    const counting = {
      ...nodeFs,
      rename: (async (from, to) => {
        writes.push(String(to))
        return nodeFs.rename(from, to)
      }) as typeof nodeFs.rename,
    }
    const counted = createLastKnownUserStore({
      storage,
      filePath: cacheFile(),
      now: () => clock,
      fs: counting,
    })
    const getsBefore = keychain.calls.get
    for (let minute = 0; minute <= 10; minute++) {
      clock = NOW + minute * 60_000
      await counted.write({ ...user(), confirmedOnlineAt: clock })
    }
    expect(writes).toHaveLength(1)
    // One keychain read (for the key), one keychain write (the new key): not one per minute.
    expect(keychain.calls.get - getsBefore).toBe(1)
    expect(keychain.calls.set).toBe(1)
    await counted.write({ ...user('Ada King'), confirmedOnlineAt: clock })
    expect(writes).toHaveLength(2)
    clock += 60 * 60_000
    await counted.write({ ...user('Ada King'), confirmedOnlineAt: clock })
    expect(writes).toHaveLength(3)
  })
})
