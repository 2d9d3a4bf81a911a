// A thin strip on top of every screen (shell/WindowFrame.tsx) while an update is on its way or waiting: never a
// dialog, never blocking.
// Nothing shows while idle, checking, up to date or disabled; details live in Settings.
import { useState } from 'react'
import { describeIpcFailure } from '../../lib/ipc-failure'
import { formatSpeed, useUpdates } from './useUpdates'
import './updates.css'

export function UpdateBanner() {
  const { view } = useUpdates()
  const [installing, setInstalling] = useState(false)
  const [installError, setInstallError] = useState<string | null>(null)
  const [dismissedError, setDismissedError] = useState<string | null>(null)

  if (view.kind !== 'ready') return null
  const { state } = view.snapshot

  switch (state.status) {
    case 'available':
      return (
        <div className="update-banner" role="status" aria-live="polite">
          <span className="update-banner-text">Harbor {state.version} is available. Downloading…</span>
        </div>
      )
    case 'downloading': {
      const percent = Math.round(state.percent)
      return (
        <div className="update-banner" role="status" aria-live="polite">
          <span className="update-banner-text">
            Downloading Harbor {state.version}: {percent}% ({formatSpeed(state.bytesPerSecond)})
          </span>
          <progress
            className="update-banner-progress"
            max={100}
            value={state.percent}
            aria-label={`Update download progress for ${state.version}`}
          />
        </div>
      )
    }
    case 'ready': {
      const install = () => {
        setInstalling(true)
        setInstallError(null)
        view.api.install().catch((error: unknown) => {
          setInstalling(false)
          console.warn('Update install failed', error)
          setInstallError(describeIpcFailure('updates:install', error))
        })
      }
      return (
        <div className="update-banner" role="status" aria-live="polite">
          <span className="update-banner-text">
            Harbor {state.version} is ready.{installError ? ` ${installError}` : ''}
          </span>
          <button type="button" className="primary" onClick={install} disabled={installing}>
            {installing ? 'Restarting…' : 'Restart to update'}
          </button>
        </div>
      )
    }
    case 'error':
      if (dismissedError === state.message) return null
      return (
        <div className="update-banner update-banner-error" role="status" aria-live="polite">
          <span className="update-banner-text">Update failed: {state.message}</span>
          <button type="button" onClick={() => setDismissedError(state.message)}>
            Dismiss
          </button>
        </div>
      )
    case 'disabled':
    case 'idle':
    case 'checking':
    case 'up-to-date':
      return null
  }
}
