// Times the main-process side of a cached start: `lastUser.read()` against a real encrypted file. The keychain
// is an in-memory stand-in here, so its latency (a few ms per call with a real Secret Service) is not included;
// the store asks it once per process and keeps the key in memory.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import type { TokenStorage } from '@clerk/electron'
import { createLastKnownUserStore } from '../../electron/main/last-known-user.ts'
import type { LastKnownUser } from '../../electron/shared/contract.ts'
import { summarize, type Summary } from './stats.ts'

export interface StoreReadTimings {
  /** A new store per read: keychain lookup, file read, decryption, validation. */
  firstRead: Summary
  /** The same store again: the key comes from memory. */
  laterRead: Summary
}

export async function measureStoreRead(user: LastKnownUser, runs: number): Promise<StoreReadTimings> {
  const dir = await mkdtemp(join(tmpdir(), 'harbor-bench-store-'))
  const items = new Map<string, string>()
  const storage: TokenStorage = {
    getItem: (key) => items.get(key) ?? null,
    setItem: (key, value) => void items.set(key, value),
    removeItem: (key) => void items.delete(key),
  }
  const filePath = join(dir, 'last-known-user.json')
  try {
    await createLastKnownUserStore({ storage, filePath }).write(user)
    const time = async (read: () => Promise<unknown>): Promise<number> => {
      const start = performance.now()
      const result = (await read()) as { status: string }
      if (result.status !== 'valid') throw new Error(`the benchmark record read back as ${result.status}`)
      return performance.now() - start
    }
    const first: number[] = []
    for (let i = 0; i < runs; i++)
      first.push(await time(() => createLastKnownUserStore({ storage, filePath }).read()))
    const store = createLastKnownUserStore({ storage, filePath })
    await store.read()
    const later: number[] = []
    for (let i = 0; i < runs; i++) later.push(await time(() => store.read()))
    return { firstRead: summarize(first), laterRead: summarize(later) }
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}
