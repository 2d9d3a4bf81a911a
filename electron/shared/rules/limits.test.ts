import { describe, expect, it } from 'vitest'
import { CONTROL_CHARACTERS, DEVICE_CUSTOM_NAME_MAX, parseDeviceCustomName } from './limits'

// The one name rule: Convex's devices.rename throws its message, the renderer shows it beside the field.
describe('parseDeviceCustomName', () => {
  it('trims and composes, and keeps what people type', () => {
    expect(parseDeviceCustomName('  Work laptop \n')).toEqual({ ok: true, name: 'Work laptop' })
    expect(parseDeviceCustomName('Cafe\u0301')).toEqual({ ok: true, name: 'Café' })
    expect(parseDeviceCustomName('Ноутбук 💻')).toEqual({ ok: true, name: 'Ноутбук 💻' })
    // The zero-width joiner holds emoji sequences together; it is not refused.
    expect(parseDeviceCustomName('👩‍💻 desk')).toEqual({ ok: true, name: '👩‍💻 desk' })
  })

  it('counts characters (code points), not UTF-16 units, against the limit', () => {
    expect(DEVICE_CUSTOM_NAME_MAX).toBe(64)
    expect(parseDeviceCustomName('💻'.repeat(64)).ok).toBe(true)
    expect(parseDeviceCustomName('n'.repeat(64)).ok).toBe(true)
    expect(parseDeviceCustomName('n'.repeat(65))).toEqual({
      ok: false,
      problem: 'too-long',
      message: 'Use at most 64 characters (this name has 65).',
    })
    expect(parseDeviceCustomName('💻'.repeat(65))).toMatchObject({ ok: false, problem: 'too-long' })
  })

  it('refuses an empty name, or one of spaces only', () => {
    for (const input of ['', ' ', '\t\n', '\u00a0\u3000']) {
      expect(parseDeviceCustomName(input)).toEqual({
        ok: false,
        problem: 'empty',
        message: 'Enter a name for the device.',
      })
    }
  })

  it.each([
    ['NUL', '\u0000'],
    ['a newline inside', '\n'],
    ['DEL', '\u007f'],
    ['a C1 control', '\u0085'],
    ['a right-to-left mark', '\u200f'],
    ['a right-to-left override', '\u202e'],
    ['a first-strong isolate', '\u2068'],
    ['a paragraph separator', '\u2029'],
  ])('refuses %s inside the name', (_label, character) => {
    expect(parseDeviceCustomName(`Work${character}laptop`)).toMatchObject({
      ok: false,
      problem: 'control-characters',
    })
    expect(CONTROL_CHARACTERS.test(character)).toBe(true)
  })
})
