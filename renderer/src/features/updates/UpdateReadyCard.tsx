// The one update surface that asks for the user: the download is done, a restart installs it. "Restart now"
// quits and installs; "Later" tells the main process (updates:later), which stops asking about this version for
// this run, and the card says where the restart is offered from then on.
import { useEffect, useId, useState } from 'react'
import type { UpdateSnapshot, UpdateState } from '../../../../electron/shared/contract'
import { describeIpcFailure } from '../../lib/ipc-failure'
import { ReleaseNotes } from './ReleaseNotes'
import type { UpdatesApi } from './useUpdates'

type Ready = Extract<UpdateState, { status: 'ready' }>

/** How long the "installs when you quit" note stays after "Later". */
export const LATER_NOTE_MS = 12_000

/** Shown for a while after "Later": where the restart is from now on. */
export function LaterNote({ version, onDone }: { version: string; onDone(): void }) {
  useEffect(() => {
    const timer = setTimeout(onDone, LATER_NOTE_MS)
    return () => clearTimeout(timer)
  }, [onDone])
  return (
    <div className="update-card update-card-note" role="status" data-testid="update-later-note">
      <p>
        Harbor {version} installs the next time you quit Harbor. To restart sooner, open Settings → Updates.
      </p>
      <button type="button" onClick={onDone}>
        OK
      </button>
    </div>
  )
}

export function UpdateReadyCard({
  api,
  state,
  apply,
  onLater,
}: {
  api: UpdatesApi
  state: Ready
  apply(snapshot: UpdateSnapshot): void
  /** The main process took "Later" for this version. */
  onLater(version: string): void
}) {
  const titleId = useId()
  const [pending, setPending] = useState<'restart' | 'later' | null>(null)
  const [error, setError] = useState<string | null>(null)

  const restart = () => {
    setPending('restart')
    setError(null)
    api.install().catch((failure: unknown) => {
      console.warn('Update install failed', failure)
      setPending(null)
      setError(describeIpcFailure('updates:install', failure))
    })
  }
  const later = () => {
    setPending('later')
    setError(null)
    api.later(state.version).then(
      (snapshot) => {
        setPending(null)
        onLater(state.version)
        apply(snapshot)
      },
      (failure: unknown) => {
        console.warn('Update "Later" failed', failure)
        setPending(null)
        setError(describeIpcFailure('updates:later', failure))
      },
    )
  }

  return (
    <section className="update-card" aria-labelledby={titleId} data-testid="update-ready">
      {/* The heading is the announcement: said once when the card appears, not on every re-render. */}
      <div role="status" aria-live="polite">
        <h2 id={titleId} className="update-card-title">
          Harbor {state.version} is ready to install
        </h2>
      </div>
      <ReleaseNotes release={state.release} version={state.version} />
      <p className="update-card-note-text">Harbor closes and opens again by itself, on the new version.</p>
      {error && (
        <p className="update-error-text" role="alert">
          {error}
        </p>
      )}
      <div className="update-card-actions">
        <button type="button" onClick={later} disabled={pending !== null}>
          Later
        </button>
        <button type="button" className="primary" onClick={restart} disabled={pending !== null}>
          {pending === 'restart' ? 'Restarting…' : 'Restart now'}
        </button>
      </div>
    </section>
  )
}
