import { describe, expect, it, vi } from 'vitest'
import {
  deferredClerkUi,
  installDeferredClerkUi,
  type ClerkUiConstructor,
  type ClerkUiSlot,
} from './deferred-clerk-ui'

/** A stand-in for @clerk/ui's ClerkUI (a third-party class): records what reaches it, in order. */
function fakeRealUi() {
  const calls: string[] = []
  const constructed: unknown[][] = []
  class RealUi {
    constructor(...args: unknown[]) {
      constructed.push(args)
    }
    ensureMounted(options?: { preloadHint?: string }) {
      calls.push(`ensureMounted ${options?.preloadHint ?? '-'}`)
      return Promise.resolve({
        updateProps: (props: unknown) => void calls.push(`updateProps ${JSON.stringify(props)}`),
        mountComponent: (props: { name: string }) => void calls.push(`mountComponent ${props.name}`),
        closeModal: (name: unknown) => void calls.push(`closeModal ${String(name)}`),
      })
    }
  }
  return { Real: RealUi as unknown as ClerkUiConstructor, calls, constructed }
}

describe('the deferred Clerk UI', () => {
  it('loads nothing for what a signed-in start sends (appearance updates), and replays them before the first component', async () => {
    const { Real, calls, constructed } = fakeRealUi()
    const loadReal = vi.fn(() => Promise.resolve(Real))
    const Deferred = deferredClerkUi(loadReal)
    const ui = new Deferred('getClerk', 'getEnvironment', { appearance: 1 })

    const controls = await ui.ensureMounted()
    controls.updateProps!({ appearance: 'dark' })
    ;(await ui.ensureMounted()).updateProps!({ appearance: 'light' })
    expect(loadReal).not.toHaveBeenCalled()

    const real = await ui.ensureMounted({ preloadHint: 'SignIn' })
    real.mountComponent!({ name: 'SignIn' })
    expect(loadReal).toHaveBeenCalledTimes(1)
    expect(constructed).toEqual([['getClerk', 'getEnvironment', { appearance: 1 }]])
    expect(calls).toEqual([
      'ensureMounted SignIn',
      'updateProps {"appearance":"dark"}',
      'updateProps {"appearance":"light"}',
      'mountComponent SignIn',
    ])
  })

  it('loads the real UI for any other control and forwards the call', async () => {
    const { Real, calls } = fakeRealUi()
    const ui = new (deferredClerkUi(() => Promise.resolve(Real)))()
    await (
      await ui.ensureMounted()
    ).closeModal!('signIn')
    expect(calls).toEqual(['ensureMounted -', 'closeModal signIn'])
    // Loaded now: later calls get the real controls directly.
    ;(await ui.ensureMounted()).updateProps!({ x: 1 })
    expect(calls.at(-1)).toBe('updateProps {"x":1}')
  })

  it('passes a failed load to the caller and tries again for the next component', async () => {
    const { Real } = fakeRealUi()
    const loadReal = vi
      .fn<() => Promise<ClerkUiConstructor>>()
      .mockRejectedValueOnce(new Error('Failed to load Clerk UI'))
      .mockResolvedValueOnce(Real)
    const ui = new (deferredClerkUi(loadReal))()
    await expect(ui.ensureMounted({ preloadHint: 'SignIn' })).rejects.toThrow('Failed to load Clerk UI')
    await expect(ui.ensureMounted({ preloadHint: 'SignIn' })).resolves.toHaveProperty('mountComponent')
    expect(loadReal).toHaveBeenCalledTimes(2)
  })

  it('is not a thenable, so a promise resolves to the controls themselves', async () => {
    const ui = new (deferredClerkUi(() => Promise.reject(new Error('unused'))))()
    const controls = await ui.ensureMounted()
    expect((controls as { then?: unknown }).then).toBeUndefined()
  })
})

describe('installDeferredClerkUi', () => {
  it('fills an empty slot once, empties it while the script loads (the CDN bundle fills only an empty one) and puts itself back', async () => {
    const slot: ClerkUiSlot = {}
    const { Real } = fakeRealUi()
    const seen: unknown[] = []
    const loadScript = vi.fn(async () => {
      seen.push(slot.__internal_ClerkUICtor)
      slot.__internal_ClerkUICtor ||= Real
    })
    installDeferredClerkUi(slot, loadScript)
    const Deferred = slot.__internal_ClerkUICtor!
    installDeferredClerkUi(slot, loadScript)
    expect(slot.__internal_ClerkUICtor).toBe(Deferred)

    await new Deferred().ensureMounted({ preloadHint: 'SignIn' })
    expect(seen).toEqual([undefined])
    expect(slot.__internal_ClerkUICtor).toBe(Deferred)
  })

  it('leaves a slot that already holds a UI alone', () => {
    const { Real } = fakeRealUi()
    const slot: ClerkUiSlot = { __internal_ClerkUICtor: Real }
    installDeferredClerkUi(slot, () => Promise.resolve())
    expect(slot.__internal_ClerkUICtor).toBe(Real)
  })

  it('says so when the script loaded but installed no UI', async () => {
    const slot: ClerkUiSlot = {}
    installDeferredClerkUi(slot, () => Promise.resolve())
    const ui = new slot.__internal_ClerkUICtor!()
    await expect(ui.ensureMounted({ preloadHint: 'SignIn' })).rejects.toThrow(/without installing its UI/)
  })
})
