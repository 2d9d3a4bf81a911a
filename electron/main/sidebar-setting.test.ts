import { describe, expect, it, vi } from 'vitest'
import { createSidebarSetting, parseSidebarSetting } from './sidebar-setting'

function memoryFiles(initial: string | null) {
  const state = { text: initial, writes: [] as string[], failNext: false }
  return {
    state,
    files: {
      read: () => state.text,
      write: async (text: string) => {
        if (state.failNext) {
          state.failNext = false
          throw new Error('ENOSPC: no space left on device')
        }
        state.writes.push(text)
        state.text = text
      },
    },
  }
}

const log = { warn: vi.fn() }

describe('sidebar setting', () => {
  it('is expanded until the user collapses it, and a saved choice is read at start', () => {
    expect(createSidebarSetting({ files: memoryFiles(null).files, log }).get()).toBe(false)
    expect(createSidebarSetting({ files: memoryFiles('{"collapsed":true}\n').files, log }).get()).toBe(true)
    expect(createSidebarSetting({ files: memoryFiles('{"collapsed":false}\n').files, log }).get()).toBe(false)
  })

  it.each(['', 'null', '[]', '{"collapsed":"yes"}', '{"collapsed":1}', '{"collapsed":true', 'true'])(
    'ignores a saved value it does not understand: %s',
    (text) => {
      expect(parseSidebarSetting(text)).toBeNull()
      expect(createSidebarSetting({ files: memoryFiles(text).files, log }).get()).toBe(false)
    },
  )

  it('an unreadable file means expanded, and says why in the log', () => {
    const warn = vi.fn()
    const files = {
      read: () => {
        throw new Error('EACCES: permission denied')
      },
      write: async () => undefined,
    }
    expect(createSidebarSetting({ files, log: { warn } }).get()).toBe(false)
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('EACCES'))
  })

  it('saves the choice, and the next launch reads it', async () => {
    const { files, state } = memoryFiles(null)
    const setting = createSidebarSetting({ files, log })
    await expect(setting.set(true)).resolves.toBe(true)
    expect(state.writes).toEqual(['{"collapsed":true}\n'])
    expect(setting.get()).toBe(true)
    expect(createSidebarSetting({ files, log }).get()).toBe(true)
  })

  it('a choice that could not be saved is not kept', async () => {
    const { files, state } = memoryFiles('{"collapsed":false}\n')
    const setting = createSidebarSetting({ files, log })
    state.failNext = true
    await expect(setting.set(true)).rejects.toThrow(/no space/)
    expect(setting.get()).toBe(false)
    expect(state.text).toBe('{"collapsed":false}\n')
  })

  it('quick toggles end on the last choice, on disk and in memory', async () => {
    const { files, state } = memoryFiles(null)
    const setting = createSidebarSetting({ files, log })
    const results = await Promise.all([setting.set(true), setting.set(false), setting.set(true)])
    expect(state.writes).toEqual(['{"collapsed":true}\n', '{"collapsed":false}\n', '{"collapsed":true}\n'])
    expect(results.at(-1)).toBe(true)
    expect(setting.get()).toBe(true)
  })

  it('refuses anything but true or false and writes nothing', async () => {
    const { files, state } = memoryFiles(null)
    const setting = createSidebarSetting({ files, log })
    await expect(setting.set('true' as never)).rejects.toThrow(/true or false/)
    expect(state.writes).toEqual([])
  })
})
