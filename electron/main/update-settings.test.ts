import {
  mkdtempSync,
  readFileSync,
  readdirSync,
  writeFileSync,
  promises as fsPromises,
  mkdirSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import type { UpdateChannel } from '../shared/contract'
import { createUpdateSettingsStore, nodeUpdateSettingsFiles, parseUpdateSettings } from './update-settings'

describe('parseUpdateSettings', () => {
  it('accepts exactly the two channels', () => {
    expect(parseUpdateSettings(null)).toEqual({ status: 'missing' })
    expect(parseUpdateSettings('{"channel":"beta"}')).toEqual({ status: 'valid', channel: 'beta' })
    expect(parseUpdateSettings('{"channel":"stable"}')).toEqual({ status: 'valid', channel: 'stable' })
  })

  it('reports what is wrong with anything else', () => {
    expect(parseUpdateSettings('{chan')).toEqual({
      status: 'invalid',
      reason: 'update settings are not valid JSON',
    })
    expect(parseUpdateSettings('["beta"]')).toEqual({
      status: 'invalid',
      reason: 'update settings are not an object',
    })
    expect(parseUpdateSettings('null')).toEqual({
      status: 'invalid',
      reason: 'update settings are not an object',
    })
    expect(parseUpdateSettings('{"channel":"nightly"}')).toEqual({
      status: 'invalid',
      reason: 'unknown update channel "nightly"',
    })
    expect(parseUpdateSettings('{}')).toEqual({
      status: 'invalid',
      reason: 'unknown update channel undefined',
    })
  })
})

describe('createUpdateSettingsStore', () => {
  function memoryFiles(initial: string | null) {
    const files = {
      text: initial,
      read: () => files.text,
      write: vi.fn(async (t: string) => void (files.text = t)),
    }
    return files
  }

  it('loads the stored channel, or the fallback when nothing valid is stored (with a warning)', () => {
    const logger = { warn: vi.fn() }
    expect(createUpdateSettingsStore(memoryFiles('{"channel":"beta"}'), logger).load('stable')).toBe('beta')
    expect(createUpdateSettingsStore(memoryFiles(null), logger).load('stable')).toBe('stable')
    expect(logger.warn).not.toHaveBeenCalled()
    expect(createUpdateSettingsStore(memoryFiles('{"channel":1}'), logger).load('beta')).toBe('beta')
    expect(logger.warn).toHaveBeenCalledWith(
      'Ignoring update settings (unknown update channel 1); using beta',
    )
  })

  it('falls back when the file cannot be read', () => {
    const logger = { warn: vi.fn() }
    const files = {
      read: () => {
        throw new Error('EACCES')
      },
      write: vi.fn(),
    }
    expect(createUpdateSettingsStore(files, logger).load('stable')).toBe('stable')
    expect(logger.warn).toHaveBeenCalledWith(expect.stringContaining('EACCES'))
  })

  it('saves a channel as JSON that loads back, and refuses anything else without writing', async () => {
    const files = memoryFiles(null)
    const store = createUpdateSettingsStore(files, { warn: vi.fn() })
    await store.save('beta')
    expect(JSON.parse(files.text!)).toEqual({ channel: 'beta' })
    expect(store.load('stable')).toBe('beta')
    await expect(store.save('nightly' as UpdateChannel)).rejects.toThrow('Unknown update channel: "nightly"')
    expect(files.write).toHaveBeenCalledTimes(1)
  })
})

describe('nodeUpdateSettingsFiles', () => {
  it('reads null for a missing file, writes through a temporary file, and rethrows other errors', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'harbor-update-settings-'))
    const path = join(dir, 'update-settings.json')
    const fs = { readFileSync, promises: fsPromises }
    const files = nodeUpdateSettingsFiles(path, fs)
    expect(files.read()).toBeNull()
    await files.write('{"channel":"beta"}\n')
    expect(readFileSync(path, 'utf8')).toBe('{"channel":"beta"}\n')
    expect(readdirSync(dir)).toEqual(['update-settings.json'])
    writeFileSync(path, 'x')
    expect(files.read()).toBe('x')

    const asDirectory = join(dir, 'folder')
    mkdirSync(asDirectory)
    expect(() => nodeUpdateSettingsFiles(asDirectory, fs).read()).toThrow(/EISDIR/)
  })
})

describe('concurrent channel saves (atomic, serialised)', () => {
  it('50 saves at once on the real disk all succeed and the last one asked for is what stays', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'harbor-update-settings-'))
    const path = join(dir, 'update-settings.json')
    const store = createUpdateSettingsStore(
      nodeUpdateSettingsFiles(path, { readFileSync, promises: fsPromises }),
      {
        warn: vi.fn(),
      },
    )
    const channels: UpdateChannel[] = Array.from({ length: 50 }, (_, i) => (i % 2 === 0 ? 'beta' : 'stable'))
    channels.push('beta')
    const results = await Promise.allSettled(channels.map((channel) => store.save(channel)))
    expect(results.filter((result) => result.status === 'rejected')).toEqual([])
    expect(store.load('stable')).toBe('beta')
    expect(readdirSync(dir)).toEqual(['update-settings.json'])
  })

  it('writes in call order even when an earlier write is slower', async () => {
    const order: string[] = []
    let releaseFirst = () => {}
    const files = {
      text: null as string | null,
      read: () => files.text,
      write: vi.fn(async (text: string) => {
        if (order.length === 0) await new Promise<void>((resolve) => (releaseFirst = resolve))
        order.push(text)
        files.text = text
      }),
    }
    const store = createUpdateSettingsStore(files, { warn: vi.fn() })
    const first = store.save('beta')
    const second = store.save('stable')
    await new Promise((resolve) => setImmediate(resolve))
    releaseFirst()
    await Promise.all([first, second])
    expect(store.load('beta')).toBe('stable')
    expect(files.write).toHaveBeenCalledTimes(2)
  })

  it('a failed save does not block the next one', async () => {
    let fail = true
    const files = {
      text: null as string | null,
      read: () => files.text,
      write: async (text: string) => {
        if (fail) {
          fail = false
          throw new Error('ENOSPC')
        }
        files.text = text
      },
    }
    const store = createUpdateSettingsStore(files, { warn: vi.fn() })
    const results = await Promise.allSettled([store.save('beta'), store.save('stable')])
    expect(results.map((result) => result.status)).toEqual(['rejected', 'fulfilled'])
    expect(store.load('beta')).toBe('stable')
  })
})
