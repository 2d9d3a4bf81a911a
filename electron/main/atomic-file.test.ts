import * as nodeFs from 'node:fs/promises'
import { mkdtemp, readFile, readdir, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  isTemporaryFileOf,
  removeLeftoverTempFiles,
  writeFileAtomic,
  type AtomicFileSystem,
} from './atomic-file'

async function folder(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'harbor-atomic-'))
}

/** Real fs, with a record of what was flushed and optional faults at one step. */
function recordingFs(fault?: { at: 'write' | 'sync' | 'rename' | 'folder-sync'; error?: Error }) {
  const synced: string[] = []
  const error = fault?.error ?? new Error('EIO: injected fault')
  const fs: AtomicFileSystem = {
    ...nodeFs,
    open: (async (path: string, flags?: string, mode?: number) => {
      const handle = await nodeFs.open(path, flags, mode)
      const isFolder = (await handle.stat()).isDirectory()
      return Object.assign(Object.create(handle) as nodeFs.FileHandle, {
        writeFile: async (data: string | Uint8Array) => {
          if (fault?.at === 'write') {
            await handle.writeFile(typeof data === 'string' ? data.slice(0, 3) : data.subarray(0, 3))
            throw error
          }
          return handle.writeFile(data)
        },
        sync: async () => {
          if (fault?.at === (isFolder ? 'folder-sync' : 'sync')) throw error
          await handle.sync()
          synced.push(isFolder ? `folder:${path}` : `file:${path}`)
        },
        close: () => handle.close(),
      })
    }) as AtomicFileSystem['open'],
    rename: async (from, to) => {
      if (fault?.at === 'rename') throw error
      return nodeFs.rename(from, to)
    },
  }
  return { fs, synced }
}

describe('writeFileAtomic', () => {
  it('writes, flushes the file, renames, then flushes the folder (not on Windows)', async () => {
    const dir = await folder()
    const target = join(dir, 'nested', 'store.json')
    const { fs, synced } = recordingFs()
    await writeFileAtomic(target, '{"a":1}', { fs, platform: 'linux' })
    expect(await readFile(target, 'utf8')).toBe('{"a":1}')
    expect(synced).toHaveLength(2)
    expect(synced[0]).toMatch(/^file:.*store\.json\.[0-9a-f-]{36}\.tmp$/)
    expect(synced[1]).toBe(`folder:${join(dir, 'nested')}`)
    expect((await stat(target)).mode & 0o777).toBe(0o600)
    expect(await readdir(join(dir, 'nested'))).toEqual(['store.json'])

    const windows = recordingFs()
    await writeFileAtomic(target, 'b', { fs: windows.fs, platform: 'win32' })
    expect(windows.synced).toHaveLength(1)
  })

  // A crash between write and rename, simulated at each step: the old content stays, no temp file stays.
  it.each(['write', 'sync', 'rename'] as const)(
    'keeps the previous file and removes its temp file when %s fails',
    async (at) => {
      const dir = await folder()
      const target = join(dir, 'store.json')
      await writeFile(target, 'old')
      await expect(writeFileAtomic(target, 'new content', { fs: recordingFs({ at }).fs })).rejects.toThrow(
        'injected fault',
      )
      expect(await readFile(target, 'utf8')).toBe('old')
      expect(await readdir(dir)).toEqual(['store.json'])
    },
  )

  it('treats a folder that cannot be flushed as written (some file systems refuse it)', async () => {
    const dir = await folder()
    const target = join(dir, 'store.json')
    await writeFileAtomic(target, 'x', { fs: recordingFs({ at: 'folder-sync' }).fs, platform: 'linux' })
    expect(await readFile(target, 'utf8')).toBe('x')
  })

  it('never shares a temp file between concurrent writes: 50 at once all succeed, one of them wins whole', async () => {
    const dir = await folder()
    const target = join(dir, 'store.json')
    const bodies = Array.from({ length: 50 }, (_, i) => JSON.stringify({ i, pad: 'x'.repeat(i * 100) }))
    const results = await Promise.allSettled(bodies.map((body) => writeFileAtomic(target, body)))
    expect(results.filter((r) => r.status === 'rejected')).toEqual([])
    expect(bodies).toContain(await readFile(target, 'utf8'))
    expect(await readdir(dir)).toEqual(['store.json'])
  })
})

describe('removeLeftoverTempFiles', () => {
  it('removes what interrupted writes of the given stores left (old and new temp names), nothing else', async () => {
    const dir = await folder()
    const names = [
      'tokens.enc.json.4242.tmp', // older builds: process id
      'tokens.enc.json.0b1e3c0e-8d1c-4b5e-9a53-3c1f0f9f3c11.tmp',
      'last-known-user.json.1f2e.tmp',
      'harbor-url-handler.desktop.tmp', // older Linux URL handler: fixed name
      'tokens.enc.json', // the real files stay
      'last-known-user.json',
      'unrelated.json.1234.tmp', // not one of ours
      'tokens.enc.json.tmp.bak',
    ]
    for (const name of names) await writeFile(join(dir, name), 'secret')
    const removed = await removeLeftoverTempFiles([
      join(dir, 'tokens.enc.json'),
      join(dir, 'last-known-user.json'),
      join(dir, 'harbor-url-handler.desktop'),
    ])
    expect(removed.map((path) => path.slice(dir.length + 1)).sort()).toEqual(names.slice(0, 4).sort())
    expect((await readdir(dir)).sort()).toEqual(names.slice(4).sort())
  })

  it('ignores a folder that does not exist', async () => {
    expect(await removeLeftoverTempFiles([join(tmpdir(), 'harbor-no-such-folder', 'x.json')])).toEqual([])
  })

  it('recognises temp names exactly', () => {
    expect(isTemporaryFileOf('a.json.123.tmp', 'a.json')).toBe(true)
    expect(isTemporaryFileOf('a.json.tmp', 'a.json')).toBe(true)
    expect(isTemporaryFileOf('a.json', 'a.json')).toBe(false)
    expect(isTemporaryFileOf('a.json.1/2.tmp', 'a.json')).toBe(false)
    expect(isTemporaryFileOf('b.json.123.tmp', 'a.json')).toBe(false)
  })
})
