import { describe, expect, it } from 'vitest'
import { safeStorageCipher, type SafeStorageLike } from './encrypted-file-store'

function fakeSafeStorage(overrides: Partial<SafeStorageLike> = {}): SafeStorageLike {
  return {
    isEncryptionAvailable: () => true,
    encryptString: (text: string) => Buffer.from(`sync:${text}`),
    decryptString: (data: Buffer) => data.toString().replace(/^sync:/, ''),
    getSelectedStorageBackend: () => 'gnome_libsecret',
    ...overrides,
  }
}

describe('safeStorageCipher', () => {
  it.each(['basic_text', 'unknown'] as const)(
    'refuses the %s backend on Linux (it is not real encryption)',
    async (backend) => {
      expect(
        await safeStorageCipher(fakeSafeStorage({ getSelectedStorageBackend: () => backend }), 'linux'),
      ).toBeNull()
    },
  )

  it('ignores the Linux backend name on other platforms', async () => {
    expect(
      await safeStorageCipher(fakeSafeStorage({ getSelectedStorageBackend: () => 'basic_text' }), 'darwin'),
    ).not.toBeNull()
  })

  it('returns null when encryption is unavailable', async () => {
    expect(
      await safeStorageCipher(fakeSafeStorage({ isEncryptionAvailable: () => false }), 'win32'),
    ).toBeNull()
  })

  it('prefers the async API when it is available', async () => {
    const cipher = await safeStorageCipher(
      fakeSafeStorage({
        isAsyncEncryptionAvailable: async () => true,
        encryptStringAsync: async (text: string) => Buffer.from(`async:${text}`),
        decryptStringAsync: async (data: Buffer) => ({
          result: data.toString().replace(/^async:/, ''),
          shouldReEncrypt: false,
        }),
      }),
      'linux',
    )
    const encrypted = await cipher!.encrypt('token')
    expect(Buffer.from(encrypted, 'base64').toString()).toBe('async:token')
    expect(await cipher!.decrypt(encrypted)).toBe('token')
  })

  it('falls back to the sync API when the async one reports unavailable', async () => {
    const cipher = await safeStorageCipher(
      fakeSafeStorage({
        isAsyncEncryptionAvailable: async () => false,
        encryptStringAsync: async () => Buffer.from('never'),
      }),
      'linux',
    )
    expect(Buffer.from(await cipher!.encrypt('token'), 'base64').toString()).toBe('sync:token')
  })
})
