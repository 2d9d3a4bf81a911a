// Settings > Appearance: system, light or dark. The main process applies it (electron/main/appearance.ts) and
// Chromium's prefers-color-scheme follows, so this page only asks and shows.
import { useEffect, useId, useState } from 'react'
import type { AppearanceMode } from '../../../../electron/shared/contract'
import { getDesktop } from '../../lib/desktop'

const MODES: Array<{ mode: AppearanceMode; label: string }> = [
  { mode: 'system', label: 'Match the system' },
  { mode: 'light', label: 'Light' },
  { mode: 'dark', label: 'Dark' },
]

type State =
  | { status: 'loading' }
  | { status: 'ready'; mode: AppearanceMode; saving: boolean; error: string | null }
  | { status: 'unavailable' }

export function AppearanceSetting() {
  const name = useId()
  const [state, setState] = useState<State>(() =>
    getDesktop() ? { status: 'loading' } : { status: 'unavailable' },
  )

  useEffect(() => {
    const desktop = getDesktop()
    if (!desktop) return
    let active = true
    // A preload without this API (an older build in a test harness) reads as "follows the system".
    Promise.resolve()
      .then(() => desktop.appearance.get())
      .then(
        (mode) => active && setState({ status: 'ready', mode, saving: false, error: null }),
        () => active && setState({ status: 'unavailable' }),
      )
    return () => {
      active = false
    }
  }, [])

  if (state.status === 'unavailable') {
    return <p className="settings-explanation">Appearance follows your system here.</p>
  }
  if (state.status === 'loading') return <p className="settings-explanation">Loading…</p>

  const choose = (mode: AppearanceMode) => {
    const desktop = getDesktop()
    if (!desktop || mode === state.mode) return
    const previous = state.mode
    setState({ status: 'ready', mode, saving: true, error: null })
    desktop.appearance.set(mode).then(
      (applied) => setState({ status: 'ready', mode: applied, saving: false, error: null }),
      () =>
        setState({
          status: 'ready',
          mode: previous,
          saving: false,
          error: 'Harbor could not save this choice. Check that your disk is not full, then try again.',
        }),
    )
  }

  return (
    <>
      <div role="radiogroup" aria-label="Appearance" className="settings-choices">
        {MODES.map(({ mode, label }) => (
          <label key={mode} className="settings-choice">
            <input
              type="radio"
              name={name}
              value={mode}
              checked={state.mode === mode}
              onChange={() => choose(mode)}
            />
            {label}
          </label>
        ))}
      </div>
      {state.error && (
        <p className="settings-error" role="alert">
          {state.error}
        </p>
      )}
    </>
  )
}
