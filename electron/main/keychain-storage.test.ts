// Keychain storage behaviour with controllable fakes: timeouts, fallbacks, ordering. The same storage against a
// real Secret Service is in keychain-storage.keyring.test.ts.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { PersistenceMode } from '../shared/contract'
import type { Cipher } from './encrypted-file-store'
import {
  createKeychainStorage,
  isClerkKey,
  limitToKeys,
  MAX_KEYCHAIN_TIMEOUT_MS,
  type KeychainBackend,
} from './keychain-storage'

type Behaviour = 'ok' | 'hang' | 'fail'

class FakeKeychain implements KeychainBackend {
  items = new Map<string, string>()
  behaviour: Behaviour = 'ok'
  calls: string[] = []
  /** Per-call delay so tests can make an older write slower than a newer one. */
  delays: number[] = []

  private async run<T>(name: string, work: () => T): Promise<T> {
    this.calls.push(name)
    if (this.behaviour === 'hang') return new Promise<T>(() => {})
    if (this.behaviour === 'fail')
      throw new Error('The name org.freedesktop.secrets was not provided by any .service files')
    const delay = this.delays.shift() ?? 0
    if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay))
    return work()
  }
  getPassword = (service: string, account: string) =>
    this.run(`get ${account}`, () => this.items.get(`${service}/${account}`) ?? null)
  setPassword = (service: string, account: string, password: string) =>
    this.run(`set ${account}`, () => void this.items.set(`${service}/${account}`, password))
  deletePassword = (service: string, account: string) =>
    this.run(`delete ${account}`, () => this.items.delete(`${service}/${account}`))
  findCredentials = (service: string) =>
    this.run('find', () =>
      [...this.items]
        .filter(([id]) => id.startsWith(`${service}/`))
        .map(([id, password]) => ({ account: id.slice(service.length + 1), password })),
    )
}

// A reversible stand-in for safeStorage: enough to prove nothing is written in plaintext and to simulate
// undecryptable data.
const fakeCipher: Cipher = {
  encrypt: async (text) => Buffer.from(`enc(${text})`).toString('base64'),
  decrypt: async (data) => {
    const text = Buffer.from(data, 'base64').toString()
    const match = /^enc\((.*)\)$/s.exec(text)
    if (!match)
      throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.')
    return match[1] ?? ''
  },
}

let dir: string
let keychain: FakeKeychain
let warnings: string[]
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'keychain-storage-'))
  keychain = new FakeKeychain()
  warnings = []
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

function create(overrides: Partial<Parameters<typeof createKeychainStorage>[0]> = {}) {
  return createKeychainStorage({
    service: 'Harbor',
    keychain,
    fallbackCipher: async () => fakeCipher,
    fallbackFilePath: join(dir, 'tokens.enc.json'),
    timeoutMs: 50,
    log: { info: () => {}, warn: (message) => warnings.push(message) },
    ...overrides,
  })
}

describe('on a working keychain', () => {
  it('round-trips values under service = product name, account = key', async () => {
    const storage = create()
    await storage.setItem('__clerk_client_jwt', 'token-1')
    expect(await storage.getItem('__clerk_client_jwt')).toBe('token-1')
    expect(keychain.items.get('Harbor/__clerk_client_jwt')).toBe('v1:token-1')
    await storage.removeItem('__clerk_client_jwt')
    expect(await storage.getItem('__clerk_client_jwt')).toBeNull()
    expect(await storage.persistenceMode()).toBe('keychain')
  })

  it('removes an entry it cannot interpret and reads it as absent', async () => {
    keychain.items.set('Harbor/__clerk_client_jwt', 'written by something else')
    const storage = create()
    expect(await storage.getItem('__clerk_client_jwt')).toBeNull()
    expect(keychain.items.has('Harbor/__clerk_client_jwt')).toBe(false)
  })

  it('serializes writes: a slow older write never lands after a newer one', async () => {
    const storage = create({ timeoutMs: 1000 })
    await storage.persistenceMode()
    keychain.delays = [200, 0] // the first write is slow, the second fast
    const first = storage.setItem('__clerk_client_jwt', 'old')
    const second = storage.setItem('__clerk_client_jwt', 'new')
    await Promise.all([first, second])
    expect(keychain.items.get('Harbor/__clerk_client_jwt')).toBe('v1:new')
    expect(keychain.calls.filter((call) => call.startsWith('set'))).toEqual([
      'set __clerk_client_jwt',
      'set __clerk_client_jwt',
    ])
  })

  it('a read issued after a write sees the write', async () => {
    const storage = create({ timeoutMs: 1000 })
    keychain.delays = [0, 100]
    void storage.setItem('k', 'v')
    expect(await storage.getItem('k')).toBe('v')
  })

  it('clear() removes every key of this service and the fallback file, and nothing else', async () => {
    keychain.items.set('Other App/k', 'v1:keep')
    await writeFile(join(dir, 'tokens.enc.json'), '{"version":1,"entries":{}}')
    const storage = create()
    await storage.setItem('__clerk_client_jwt', 'a')
    await storage.setItem('harbor.last-known-user.key', 'b')
    await storage.clear()
    expect([...keychain.items.keys()]).toEqual(['Other App/k'])
    await expect(readFile(join(dir, 'tokens.enc.json'))).rejects.toThrow(/ENOENT/)
  })
})

describe('when the keychain never answers', () => {
  it('gives up after the timeout and falls back to the encrypted file', async () => {
    keychain.behaviour = 'hang'
    const storage = create({ timeoutMs: 50 })
    const started = Date.now()
    expect(await storage.persistenceMode()).toBe('encrypted-file')
    expect(Date.now() - started).toBeLessThan(1000)
    expect(warnings.join('\n')).toMatch(/did not answer within 50 ms/)

    await storage.setItem('__clerk_client_jwt', 'secret-token')
    const file = await readFile(join(dir, 'tokens.enc.json'), 'utf8')
    expect(file).not.toContain('secret-token')
    expect(await storage.getItem('__clerk_client_jwt')).toBe('secret-token')
  })

  it('caps the timeout at 3 s whatever it is configured to', async () => {
    expect(MAX_KEYCHAIN_TIMEOUT_MS).toBe(3000)
    keychain.behaviour = 'hang'
    const storage = create({ timeoutMs: 60_000 })
    const started = Date.now()
    expect(await storage.persistenceMode()).toBe('encrypted-file')
    const elapsed = Date.now() - started
    expect(elapsed).toBeGreaterThanOrEqual(2900)
    expect(elapsed).toBeLessThan(4000)
  }, 10_000)

  it('keeps tokens in memory when safeStorage has no real backend, and never writes a file', async () => {
    keychain.behaviour = 'hang'
    const storage = create({ fallbackCipher: async () => null })
    expect(await storage.persistenceMode()).toBe('memory')
    await storage.setItem('__clerk_client_jwt', 'secret-token')
    expect(await storage.getItem('__clerk_client_jwt')).toBe('secret-token')
    await expect(readFile(join(dir, 'tokens.enc.json'))).rejects.toThrow(/ENOENT/)
  })

  it('treats a throwing safeStorage like a missing one', async () => {
    keychain.behaviour = 'fail'
    const storage = create({
      fallbackCipher: async () => {
        throw new Error('safeStorage not ready')
      },
    })
    expect(await storage.persistenceMode()).toBe('memory')
  })

  it('uses the fallback when keytar could not load at all', async () => {
    const storage = create({ keychain: null })
    expect(await storage.persistenceMode()).toBe('encrypted-file')
    expect(keychain.calls).toEqual([])
  })
})

describe('when the keychain stops answering mid-session', () => {
  it('switches to the fallback, keeps the values it knew, and reports the new mode', async () => {
    const storage = create()
    const modes: PersistenceMode[] = []
    storage.onPersistenceModeChange((mode) => modes.push(mode))
    await storage.setItem('__clerk_client_jwt', 'token-1')
    expect(await storage.persistenceMode()).toBe('keychain')

    keychain.behaviour = 'hang'
    expect(await storage.getItem('__clerk_client_jwt')).toBe('token-1')
    expect(await storage.persistenceMode()).toBe('encrypted-file')
    expect(modes).toEqual(['keychain', 'encrypted-file'])
    await storage.setItem('__clerk_client_jwt', 'token-2')
    expect(await storage.getItem('__clerk_client_jwt')).toBe('token-2')
  })

  it('unsubscribes listeners', async () => {
    keychain.behaviour = 'fail'
    const storage = create()
    const modes: PersistenceMode[] = []
    const unsubscribe = storage.onPersistenceModeChange((mode) => modes.push(mode))
    unsubscribe()
    await storage.persistenceMode()
    expect(modes).toEqual([])
  })
})

describe('encrypted-file fallback', () => {
  beforeEach(() => {
    keychain.behaviour = 'fail'
  })

  it('removes an entry that does not decrypt and reads it as absent', async () => {
    const path = join(dir, 'tokens.enc.json')
    await writeFile(
      path,
      JSON.stringify({
        version: 1,
        entries: { bad: Buffer.from('garbage').toString('base64'), good: await fakeCipher.encrypt('ok') },
      }),
    )
    const storage = create()
    expect(await storage.getItem('bad')).toBeNull()
    expect(await storage.getItem('good')).toBe('ok')
    expect(Object.keys(JSON.parse(await readFile(path, 'utf8')).entries)).toEqual(['good'])
  })

  it.each(['not json', '[]', '{"version":2,"entries":{}}', '{"version":1,"entries":[]}', 'null'])(
    'deletes an unreadable file (%s) and starts empty',
    async (content) => {
      const path = join(dir, 'tokens.enc.json')
      await writeFile(path, content)
      const storage = create()
      expect(await storage.getItem('__clerk_client_jwt')).toBeNull()
      await expect(readFile(path)).rejects.toThrow(/ENOENT/)
    },
  )

  it('keeps a key named __proto__ as a plain entry', async () => {
    const storage = create()
    await storage.setItem('__proto__', 'x')
    expect(await storage.getItem('__proto__')).toBe('x')
    expect(await storage.getItem('constructor')).toBeNull()
  })

  it('clear() deletes the file', async () => {
    const storage = create()
    await storage.setItem('k', 'v')
    await storage.clear()
    await expect(readFile(join(dir, 'tokens.enc.json'))).rejects.toThrow(/ENOENT/)
    expect(await storage.getItem('k')).toBeNull()
  })
})

describe('replaceItem (compare and set)', () => {
  it('writes only over the expected value, and says whether it wrote', async () => {
    const storage = create()
    await storage.setItem('__clerk_client_jwt', 'sent')
    expect(await storage.replaceItem('__clerk_client_jwt', 'sent', 'rotated')).toBe(true)
    expect(keychain.items.get('Harbor/__clerk_client_jwt')).toBe('v1:rotated')
    expect(await storage.replaceItem('__clerk_client_jwt', 'sent', 'rotated again')).toBe(false)
    expect(keychain.items.get('Harbor/__clerk_client_jwt')).toBe('v1:rotated')
  })

  it('reads the keychain, not only what this session saw: an item gone since is not written back', async () => {
    const storage = create()
    await storage.setItem('__clerk_client_jwt', 'sent')
    keychain.items.delete('Harbor/__clerk_client_jwt')
    expect(await storage.replaceItem('__clerk_client_jwt', 'sent', 'rotated')).toBe(false)
    expect(keychain.items.has('Harbor/__clerk_client_jwt')).toBe(false)
  })

  it('runs in turn with the other calls: a newer write or a clear queued before it wins', async () => {
    const storage = create({ timeoutMs: 1000 })
    await storage.setItem('__clerk_client_jwt', 'sent')
    keychain.delays = [100] // the newer write is slow; the replacement still waits for it
    const newer = storage.setItem('__clerk_client_jwt', 'newer')
    const replaced = storage.replaceItem('__clerk_client_jwt', 'sent', 'rotated')
    await newer
    expect(await replaced).toBe(false)
    expect(keychain.items.get('Harbor/__clerk_client_jwt')).toBe('v1:newer')

    const cleared = storage.clear()
    expect(await storage.replaceItem('__clerk_client_jwt', 'newer', 'rotated')).toBe(false)
    await cleared
    expect(keychain.items.has('Harbor/__clerk_client_jwt')).toBe(false)
  })

  it('never writes where nothing was stored', async () => {
    const storage = create()
    expect(await storage.replaceItem('__clerk_client_jwt', '', 'rotated')).toBe(false)
    expect(keychain.calls.filter((call) => call.startsWith('set'))).toEqual([])
  })

  it('validates the key and the new value like setItem', async () => {
    const storage = create()
    await expect(storage.replaceItem('has space', 'a', 'b')).rejects.toThrow(/Storage key/)
    await expect(storage.replaceItem('k', 'a', 42 as unknown as string)).rejects.toThrow(/Storage value/)
    expect(keychain.calls).toEqual([])
  })
})

describe('input validation', () => {
  it.each(['', 'a'.repeat(129), 'has space', 'slash/key', '../x', 'nul\u0000', 42, null])(
    'refuses the key %j',
    async (key) => {
      const storage = create()
      await expect(storage.getItem(key as string)).rejects.toThrow(/Storage key/)
      await expect(storage.setItem(key as string, 'v')).rejects.toThrow(/Storage key/)
      await expect(storage.removeItem(key as string)).rejects.toThrow(/Storage key/)
      expect(keychain.calls).toEqual([])
    },
  )

  it.each([42, null, {}, 'x'.repeat(64 * 1024 + 1)])('refuses the value %#', async (value) => {
    const storage = create()
    await expect(storage.setItem('k', value as string)).rejects.toThrow(/Storage value/)
    expect(keychain.calls.filter((call) => call.startsWith('set'))).toEqual([])
  })
})

describe('limitToKeys (the Clerk bridge view)', () => {
  it("passes Clerk's keys and refuses others before touching storage", async () => {
    const storage = create()
    await storage.setItem('harbor.last-known-user.key', 'offline-key')
    const clerkView = limitToKeys(storage, isClerkKey, 'Clerk bridge')
    await clerkView.setItem('__clerk_client_jwt', 't')
    expect(await clerkView.getItem('__clerk_client_jwt')).toBe('t')
    await expect(clerkView.getItem('harbor.last-known-user.key')).rejects.toThrow(
      /Clerk bridge: storage key not allowed/,
    )
    await expect(clerkView.removeItem('harbor.last-known-user.key')).rejects.toThrow(/not allowed/)
    await expect(clerkView.setItem('harbor.last-known-user.key', 'x')).rejects.toThrow(/not allowed/)
    expect(await storage.getItem('harbor.last-known-user.key')).toBe('offline-key')
  })

  it.each([
    ['__clerk_client_jwt', true],
    ['__clerk_db_jwt', true],
    ['__clerk', false],
    ['clerk_client_jwt', false],
    ['__clerk_x/y', false],
  ])('isClerkKey(%j) = %s', (key, expected) => {
    expect(isClerkKey(key)).toBe(expected)
  })
})

describe('lazy keychain loading', () => {
  it('loads the keychain library on first use', async () => {
    let loads = 0
    const storage = create({
      keychain: async () => {
        loads += 1
        return keychain
      },
    })
    expect(loads).toBe(0)
    await storage.setItem('k', 'v')
    await storage.getItem('k')
    expect(loads).toBe(1)
    expect(await storage.persistenceMode()).toBe('keychain')
  })

  it('falls back when the library fails to load', async () => {
    const storage = create({
      keychain: async () => {
        throw new Error('libsecret-1.so.0: cannot open shared object file')
      },
    })
    expect(await storage.persistenceMode()).toBe('encrypted-file')
    expect(warnings.join('\n')).toMatch(/Keychain library unavailable: .*libsecret/)
  })
})

describe('moving back to the keychain', () => {
  it('takes tokens a keychain-less launch left in the file, then deletes the file', async () => {
    // Launch 1: no keychain, the user signs in; the token lands in the encrypted file.
    keychain.behaviour = 'fail'
    const first = create()
    await first.setItem('__clerk_client_jwt', 'newer-token')
    keychain.items.set('Harbor/__clerk_client_jwt', 'v1:older-token')

    // Launch 2: the keychain answers again.
    keychain.behaviour = 'ok'
    const second = create()
    expect(await second.getItem('__clerk_client_jwt')).toBe('newer-token')
    expect(keychain.items.get('Harbor/__clerk_client_jwt')).toBe('v1:newer-token')
    await expect(readFile(join(dir, 'tokens.enc.json'))).rejects.toThrow(/ENOENT/)
    expect(await second.persistenceMode()).toBe('keychain')
  })

  it('deletes a file it can no longer decrypt and keeps the keychain value', async () => {
    await writeFile(
      join(dir, 'tokens.enc.json'),
      JSON.stringify({ version: 1, entries: { __clerk_client_jwt: await fakeCipher.encrypt('x') } }),
    )
    keychain.items.set('Harbor/__clerk_client_jwt', 'v1:keychain-token')
    const storage = create({ fallbackCipher: async () => null })
    expect(await storage.getItem('__clerk_client_jwt')).toBe('keychain-token')
    await expect(readFile(join(dir, 'tokens.enc.json'))).rejects.toThrow(/ENOENT/)
  })

  it('does not ask safeStorage anything when there is no file', async () => {
    let asked = 0
    const storage = create({
      fallbackCipher: async () => {
        asked += 1
        return fakeCipher
      },
    })
    await storage.getItem('k')
    expect(asked).toBe(0)
  })
})
