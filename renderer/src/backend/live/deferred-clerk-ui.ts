// Clerk's prebuilt UI, fetched only when a Clerk component is about to show. `@clerk/electron`'s provider has
// clerk-js wait for the UI constructor before it loads the session (@clerk/react's getEntryChunks awaits it), and
// that constructor comes in a script from the Frontend API host whose own start-up chunks load after it: two or
// three round trips in front of every start, a signed-in one included, where no Clerk component shows. (Bundling
// `@clerk/ui` instead removes them too, but grows app.asar past its 5 MB budget.) So the provider gets this
// constructor at once; it keeps what clerk-js hands it, collects `updateProps` (the appearance, sent at every
// start), and fetches the real UI the first time a component is mounted or opened, then replays them in order.
//
// Shape of the contract (clerk-js 6.40 and @clerk/ui 1.x): `new ClerkUI(getClerk, getEnvironment, options,
// moduleManager)`; `ensureMounted({ preloadHint? })` resolves to the component controls (`mountComponent`,
// `updateProps`, `openModal`, ...); clerk-js passes a `preloadHint` when a component is about to render and none
// for `updateProps`, closing and unmounting.

type Controls = Record<string, (...args: unknown[]) => unknown>
export interface ClerkUiInstance {
  ensureMounted(options?: { preloadHint?: string }): Promise<Controls>
}
export type ClerkUiConstructor = new (...args: unknown[]) => ClerkUiInstance

/** Only the controls that need nothing on screen are kept for later; the rest load the real UI first. */
const REPLAYED = new Set(['updateProps'])

export function deferredClerkUi(loadReal: () => Promise<ClerkUiConstructor>): ClerkUiConstructor {
  return class DeferredClerkUi implements ClerkUiInstance {
    private readonly args: unknown[]
    private ui: Promise<ClerkUiInstance> | null = null
    private readonly pending: Array<{ name: string; args: unknown[] }> = []
    private readonly controls: Controls

    constructor(...args: unknown[]) {
      this.args = args
      this.controls = new Proxy({} as Controls, {
        get: (_target, name) => {
          // Not a thenable: the controls are what a promise resolves to.
          if (typeof name !== 'string' || name === 'then') return undefined
          return (...callArgs: unknown[]) => {
            if (this.ui === null && REPLAYED.has(name)) {
              this.pending.push({ name, args: callArgs })
              return undefined
            }
            return this.realControls().then((real) => real[name]?.(...callArgs))
          }
        },
      })
    }

    private loadUi(): Promise<ClerkUiInstance> {
      this.ui ??= loadReal()
        .then((Real) => new Real(...this.args))
        .catch((error: unknown) => {
          // The next component may try again (the Frontend API may be reachable by then).
          this.ui = null
          throw error
        })
      return this.ui
    }

    private async realControls(options?: { preloadHint?: string }): Promise<Controls> {
      const real = await (await this.loadUi()).ensureMounted(options)
      for (const call of this.pending.splice(0)) real[call.name]?.(...call.args)
      return real
    }

    ensureMounted(options?: { preloadHint?: string }): Promise<Controls> {
      if (options?.preloadHint || this.ui !== null) return this.realControls(options)
      return Promise.resolve(this.controls)
    }
  }
}

/** The window's Clerk UI constructor slot, which @clerk/shared's loadClerkUIScript and the CDN bundle use. */
export type ClerkUiSlot = { __internal_ClerkUICtor?: ClerkUiConstructor }

/**
 * Puts the deferred constructor in the slot, once. `loadScript` loads the real UI script; the CDN bundle only
 * installs itself into an empty slot (`window.__internal_ClerkUICtor ||= ...`), so the slot is emptied while it
 * loads and the deferred constructor put back after (the provider holds its constructor by then).
 */
export function installDeferredClerkUi(slot: ClerkUiSlot, loadScript: () => Promise<unknown>): void {
  if (slot.__internal_ClerkUICtor) return
  const deferred = deferredClerkUi(async () => {
    delete slot.__internal_ClerkUICtor
    try {
      await loadScript()
      const Real = slot.__internal_ClerkUICtor
      if (!Real) throw new Error('Clerk’s UI script loaded without installing its UI')
      return Real
    } finally {
      slot.__internal_ClerkUICtor = deferred
    }
  })
  slot.__internal_ClerkUICtor = deferred
}
