// The startup snapshot against the real encrypted last-known-user store (a file in a temp folder, an in-memory
// keychain): what the next document paints after a write, a sign-out, an expiry or a pending sign-out.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { LastKnownUser, LastKnownUserRead } from '../shared/contract'
import { createFirstFrame, type FirstFrameOptions } from './first-frame'
import { createLastKnownUserStore, MAX_OFFLINE_AGE_MS, type LastKnownUserStore } from './last-known-user'

const NOW = Date.UTC(2026, 11, 1, 12)
const HOUR = 3_600_000

function memoryStorage() {
  const items = new Map<string, string>()
  return {
    getItem: async (key: string) => items.get(key) ?? null,
    setItem: async (key: string, value: string) => void items.set(key, value),
    removeItem: async (key: string) => void items.delete(key),
  }
}

const user = (name: string, confirmedOnlineAt = NOW - 2 * HOUR): LastKnownUser => ({
  version: 1,
  clerkUserId: 'user_2firstFrame0000000000000',
  profile: { name, email: 'grace@example.com', pictureUrl: 'https://img.clerk.com/x.png' },
  devices: [],
  confirmedOnlineAt,
})

let dir: string
let store: LastKnownUserStore
let clock: number

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'harbor-first-frame-'))
  clock = NOW
  store = createLastKnownUserStore({
    storage: memoryStorage(),
    filePath: join(dir, 'last-known-user.json'),
    now: () => clock,
  })
})
afterEach(() => rm(dir, { recursive: true, force: true }))

function frame(options: Partial<FirstFrameOptions> = {}) {
  const firstFrame = createFirstFrame({
    readCache: () => store.read(),
    hasPendingSignOut: async () => false,
    appearance: () => 'dark',
    platform: 'windows',
    now: () => clock,
    ...options,
  })
  store.onChange((change) => firstFrame.onCacheChange(change))
  return firstFrame
}

describe('createFirstFrame', () => {
  it('serves the cached user’s display fields, and only those', async () => {
    await store.write(user('Grace Hopper'))
    const input = await frame().inputFor('/devices')
    expect(input).toEqual({
      kind: 'signed-in',
      user: { name: 'Grace Hopper', email: 'grace@example.com', confirmedOnlineAt: NOW - 2 * HOUR },
      appearance: 'dark',
      platform: 'windows',
      layout: { sidebarCollapsed: false },
      pathname: '/devices',
      now: NOW,
    })
  })

  it('is neutral with no cache', async () => {
    await expect(frame().inputFor('/')).resolves.toEqual({
      kind: 'neutral',
      appearance: 'dark',
      platform: 'windows',
    })
  })

  it('is neutral with an expired cache, and turns neutral when a running app crosses the limit', async () => {
    await store.write(user('Grace Hopper', NOW - MAX_OFFLINE_AGE_MS + HOUR))
    clock += 2 * HOUR
    await expect(frame().inputFor('/')).resolves.toMatchObject({ kind: 'neutral' })

    clock = NOW
    const running = frame()
    await expect(running.inputFor('/')).resolves.toMatchObject({ kind: 'signed-in' })
    clock += 2 * HOUR
    await expect(running.inputFor('/')).resolves.toMatchObject({ kind: 'neutral' })
  })

  it('is neutral while a sign-out from an earlier run is pending', async () => {
    await store.write(user('Grace Hopper'))
    const input = await frame({ hasPendingSignOut: async () => true }).inputFor('/')
    expect(input).toEqual({ kind: 'neutral', appearance: 'dark', platform: 'windows' })
  })

  it('follows writes: a new sign-in’s name is in the next document', async () => {
    const firstFrame = frame()
    await expect(firstFrame.inputFor('/')).resolves.toMatchObject({ kind: 'neutral' })
    await store.write(user('Ada Lovelace'))
    await expect(firstFrame.inputFor('/')).resolves.toMatchObject({ user: { name: 'Ada Lovelace' } })
  })

  it('forgets the user the moment a sign-out starts, even if the removal then fails', async () => {
    await store.write(user('Grace Hopper'))
    const firstFrame = frame()
    await expect(firstFrame.inputFor('/')).resolves.toMatchObject({ kind: 'signed-in' })
    const signOut = store.forget()
    await expect(firstFrame.inputFor('/')).resolves.toMatchObject({ kind: 'neutral' })
    await signOut
    await expect(firstFrame.inputFor('/')).resolves.toMatchObject({ kind: 'neutral' })
  })

  it('a write queued before the sign-out does not bring the name back', async () => {
    const firstFrame = frame()
    const write = store.write(user('Grace Hopper'))
    const signOut = store.forget()
    await Promise.all([write, signOut])
    await expect(firstFrame.inputFor('/')).resolves.toMatchObject({ kind: 'neutral' })
  })

  it('a first read still running when a sign-out happens does not restore the user', async () => {
    await store.write(user('Grace Hopper'))
    let answer: (read: LastKnownUserRead) => void = () => undefined
    const slowRead = new Promise<LastKnownUserRead>((resolve) => (answer = resolve))
    const firstFrame = frame({ readCache: () => slowRead, waitMs: 5_000 })
    firstFrame.load()
    await store.forget()
    // The read that started before the sign-out answers with the old user only now.
    answer({ status: 'valid', user: user('Grace Hopper'), ageMs: 2 * HOUR, maxAgeMs: MAX_OFFLINE_AGE_MS })
    await expect(firstFrame.inputFor('/')).resolves.toMatchObject({ kind: 'neutral' })
  })

  it('does not hold the window on a keychain that never answers: neutral after waitMs', async () => {
    const started = performance.now()
    const input = await frame({ readCache: () => new Promise(() => undefined), waitMs: 50 }).inputFor('/')
    expect(input).toMatchObject({ kind: 'neutral' })
    expect(performance.now() - started).toBeLessThan(1_000)
  })

  it('a failing read is neutral and logged', async () => {
    const warnings: string[] = []
    const input = await frame({
      readCache: () => Promise.reject(new Error('keychain locked')),
      log: { warn: (message) => warnings.push(message) },
    }).inputFor('/')
    expect(input).toMatchObject({ kind: 'neutral' })
    expect(warnings).toEqual(['First frame without the cached user: Error: keychain locked'])
  })

  it('reads the appearance and the layout when the document is served', async () => {
    await store.write(user('Grace Hopper'))
    let mode: 'light' | 'dark' = 'light'
    const firstFrame = frame({ appearance: () => mode, layout: () => ({ sidebarCollapsed: true }) })
    await expect(firstFrame.inputFor('/')).resolves.toMatchObject({
      appearance: 'light',
      layout: { sidebarCollapsed: true },
    })
    mode = 'dark'
    await expect(firstFrame.inputFor('/')).resolves.toMatchObject({ appearance: 'dark' })
  })

  it('a layout that throws gives the default layout with a warning, still the signed-in frame', async () => {
    await store.write(user('Grace Hopper'))
    const warnings: string[] = []
    const input = await frame({
      layout: () => {
        throw new Error('Object has been destroyed')
      },
      log: { warn: (message) => warnings.push(message) },
    }).inputFor('/')
    expect(input).toMatchObject({ kind: 'signed-in', layout: { sidebarCollapsed: false } })
    expect(warnings).toEqual(['First frame with the default layout: Error: Object has been destroyed'])
  })
})
