import { describe, expect, it } from 'vitest'
import { createAppearanceController, parseAppearance } from './appearance'

function memoryFiles(initial: string | null) {
  const state = { text: initial, writes: [] as string[], failNext: false, gates: [] as Array<() => void> }
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

const log = { warn: () => undefined }

describe('appearance', () => {
  it('follows the system until the user chooses, and applies the saved choice at start', () => {
    const theme = { themeSource: 'light' as 'system' | 'light' | 'dark' }
    expect(
      createAppearanceController({ files: memoryFiles(null).files, nativeTheme: theme, log }).get(),
    ).toBe('system')
    expect(theme.themeSource).toBe('system')
    createAppearanceController({ files: memoryFiles('{"mode":"dark"}\n').files, nativeTheme: theme, log })
    expect(theme.themeSource).toBe('dark')
  })

  it.each(['', 'null', '[]', '{"mode":"purple"}', '{"mode":1}', '{"mode":"dark"', '"dark"'])(
    'ignores a saved value it does not understand: %s',
    (text) => {
      expect(parseAppearance(text)).toBeNull()
    },
  )

  it('saves, then applies', async () => {
    const { files, state } = memoryFiles(null)
    const theme = { themeSource: 'system' as 'system' | 'light' | 'dark' }
    const appearance = createAppearanceController({ files, nativeTheme: theme, log })
    await expect(appearance.set('dark')).resolves.toBe('dark')
    expect(theme.themeSource).toBe('dark')
    expect(parseAppearance(state.text)).toBe('dark')
  })

  it('a choice that cannot be saved changes nothing and says so', async () => {
    const { files, state } = memoryFiles('{"mode":"light"}\n')
    const theme = { themeSource: 'system' as 'system' | 'light' | 'dark' }
    const appearance = createAppearanceController({ files, nativeTheme: theme, log })
    state.failNext = true
    await expect(appearance.set('dark')).rejects.toThrow(/no space/)
    expect(theme.themeSource).toBe('light')
    expect(appearance.get()).toBe('light')
  })

  it('quick successive choices end on the last one, on screen and on disk', async () => {
    const { files, state } = memoryFiles(null)
    const theme = { themeSource: 'system' as 'system' | 'light' | 'dark' }
    const appearance = createAppearanceController({ files, nativeTheme: theme, log })
    const results = await Promise.all([
      appearance.set('dark'),
      appearance.set('light'),
      appearance.set('system'),
    ])
    expect(results.at(-1)).toBe('system')
    expect(theme.themeSource).toBe('system')
    expect(parseAppearance(state.text)).toBe('system')
    expect(state.writes).toHaveLength(3)
  })

  it('refuses a value that is not a mode, changing nothing', async () => {
    const { files, state } = memoryFiles(null)
    const theme = { themeSource: 'system' as 'system' | 'light' | 'dark' }
    const appearance = createAppearanceController({ files, nativeTheme: theme, log })
    await expect(appearance.set('neon' as never)).rejects.toThrow(/Unknown appearance/)
    expect(state.writes).toEqual([])
  })
})
