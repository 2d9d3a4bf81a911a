import { afterEach, describe, expect, it, vi } from 'vitest'
import type { DesktopApi, LastKnownUserRead } from '../../../electron/shared/contract'
import { readLastKnownUser } from './read-cache'

const valid: LastKnownUserRead = {
  status: 'valid',
  user: {
    version: 1,
    clerkUserId: 'user_abc',
    profile: { name: 'Ada' },
    devices: [],
    confirmedOnlineAt: 1_700_000_000_000,
  },
  ageMs: 1000,
  maxAgeMs: 30 * 86_400_000,
}

function desktopWith(read: () => Promise<LastKnownUserRead>): Pick<DesktopApi, 'lastUser'> {
  return { lastUser: { read, write: async () => undefined, forget: async () => undefined } }
}

afterEach(() => vi.restoreAllMocks())

describe('readLastKnownUser', () => {
  it('passes the main process answer through', async () => {
    await expect(readLastKnownUser(desktopWith(async () => valid))).resolves.toEqual(valid)
  })

  it('is none without the desktop bridge', async () => {
    await expect(readLastKnownUser(null)).resolves.toEqual({ status: 'none' })
  })

  it('treats a rejected read as none, and logs why', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined)
    const read = readLastKnownUser(desktopWith(() => Promise.reject(new Error('keychain locked'))))
    await expect(read).resolves.toEqual({ status: 'none' })
    expect(warn).toHaveBeenCalledWith(
      expect.stringContaining('cached user'),
      expect.objectContaining({ message: 'keychain locked' }),
    )
  })

  it('treats a read that throws before returning a promise as none', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => undefined)
    const read = readLastKnownUser(
      desktopWith(() => {
        throw new TypeError('lastUser.read is not a function')
      }),
    )
    await expect(read).resolves.toEqual({ status: 'none' })
  })
})
