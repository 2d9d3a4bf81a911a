// Every store that writes a file goes through writeFileAtomic: its data is flushed before the rename, the folder
// after it (not on Windows), under a temp name unique per write; a failing flush or rename leaves the previous
// file and no temp file. Checked per store with a recording file system over a real temporary folder.
import * as nodeFs from 'node:fs/promises'
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises'
import { readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { AtomicFileSystem } from './atomic-file'
import { loadDeviceInfo } from './device-identity'
import { createEncryptedFileStore, type Cipher } from './encrypted-file-store'
import { createLastKnownUserStore } from './last-known-user'
import { createUpdateSettingsStore, nodeUpdateSettingsFiles } from './update-settings'

const cipher: Cipher = { encrypt: async (t) => `e:${t}`, decrypt: async (t) => t.slice(2) }

function recordingFs(fault?: 'sync' | 'rename') {
  const events: string[] = []
  const fs = {
    ...nodeFs,
    open: (async (path: string, flags?: string, mode?: number) => {
      const handle = await nodeFs.open(path, flags, mode)
      const isFolder = (await handle.stat()).isDirectory()
      return Object.assign(Object.create(handle) as nodeFs.FileHandle, {
        writeFile: (data: string | Uint8Array) => handle.writeFile(data),
        sync: async () => {
          if (fault === 'sync' && !isFolder) throw new Error('EIO: flush failed')
          await handle.sync()
          events.push(isFolder ? 'sync folder' : `sync ${path}`)
        },
        close: () => handle.close(),
      })
    }) as AtomicFileSystem['open'],
    rename: (async (from, to) => {
      if (fault === 'rename') throw new Error('EIO: rename failed')
      events.push(`rename ${String(from)} -> ${String(to)}`)
      return nodeFs.rename(from, to)
    }) as typeof nodeFs.rename,
  }
  return { fs, events }
}

interface StoreCase {
  name: string
  file: string
  /** Writes content number `n` through the store under test. */
  write: (dir: string, fs: ReturnType<typeof recordingFs>['fs'], n: number) => Promise<unknown>
  /** The device id is written once and never replaced: there is no previous file to keep. */
  replaces: boolean
}

const stores: StoreCase[] = [
  {
    name: 'token fallback file (encrypted-file-store)',
    file: 'tokens.enc.json',
    replaces: true,
    write: (dir, fs, n) =>
      createEncryptedFileStore(join(dir, 'tokens.enc.json'), cipher, fs).set('k', `v${n}`),
  },
  {
    name: 'offline cache (last-known-user)',
    file: 'last-known-user.json',
    replaces: true,
    write: (dir, fs, n) => {
      const items = new Map<string, string>([
        ['harbor.last-known-user.key', Buffer.alloc(32, 7).toString('base64')],
      ])
      return createLastKnownUserStore({
        storage: {
          getItem: (key) => items.get(key) ?? null,
          setItem: (key, value) => void items.set(key, value),
          removeItem: (key) => void items.delete(key),
        },
        filePath: join(dir, 'last-known-user.json'),
        fs,
      }).write({
        version: 1,
        clerkUserId: 'user_abc',
        profile: { name: `Ada ${n}` },
        devices: [],
        confirmedOnlineAt: Date.now() - 1000,
      })
    },
  },
  {
    name: 'update settings',
    file: 'update-settings.json',
    replaces: true,
    write: (dir, fs, n) =>
      createUpdateSettingsStore(
        nodeUpdateSettingsFiles(join(dir, 'update-settings.json'), { readFileSync, promises: fs }),
        { warn: () => {} },
      ).save(n % 2 === 0 ? 'beta' : 'stable'),
  },
  {
    name: 'device identity',
    file: 'device.json',
    replaces: false,
    write: (dir, fs) =>
      loadDeviceInfo({ userDataDir: dir, hostname: 'h', platform: 'linux', appVersion: '1.0.0', fs }),
  },
]

describe.each(stores)('$name writes atomically', ({ file, write, replaces }) => {
  it('flushes the data before the rename and the folder after it, under a unique temp name', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'atomic-store-'))
    const { fs, events } = recordingFs()
    await write(dir, fs, 1)
    const target = join(dir, file)
    const sync = events.findIndex((event) => event.startsWith('sync ') && event.includes(`${file}.`))
    const rename = events.findIndex((event) => event.startsWith('rename ') && event.endsWith(`-> ${target}`))
    expect(sync, events.join('\n')).toBeGreaterThanOrEqual(0)
    expect(rename).toBeGreaterThan(sync)
    if (process.platform !== 'win32') expect(events.indexOf('sync folder')).toBeGreaterThan(rename)
    expect(events[rename]).toMatch(/\.[0-9a-f-]{36}\.tmp -> /)
    expect(await readdir(dir)).toEqual([file])
  })

  it.each(['sync', 'rename'] as const)(
    'leaves no temp file (and the previous file, if any) when %s fails',
    async (fault) => {
      const dir = await mkdtemp(join(tmpdir(), 'atomic-store-'))
      if (replaces) await write(dir, recordingFs().fs, 2)
      const before = replaces ? await readFile(join(dir, file)) : null
      await expect(write(dir, recordingFs(fault).fs, 3)).rejects.toThrow('EIO')
      expect(await readdir(dir)).toEqual(replaces ? [file] : [])
      if (before) expect(await readFile(join(dir, file))).toEqual(before)
    },
  )
})

it('device identity does not rewrite an existing id (nothing to fail)', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'atomic-store-'))
  await writeFile(join(dir, 'device.json'), JSON.stringify({ version: 1, deviceId: 'abcdefgh-1234' }))
  const { fs, events } = recordingFs('rename')
  await expect(
    loadDeviceInfo({ userDataDir: dir, hostname: 'h', platform: 'linux', appVersion: '1', fs }),
  ).resolves.toMatchObject({ deviceId: 'abcdefgh-1234' })
  expect(events).toEqual([])
})
