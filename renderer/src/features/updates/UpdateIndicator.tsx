// Updates on every screen of the window (mounted once by shell/WindowFrame.tsx), in the bottom-right corner,
// floating: they take no row from the layout, so the offline banner and the page keep their height.
// - While an update downloads: a small button ("Downloading update · 42%", with a bar) that opens a panel with a
//   full-width progress bar, the percent and speed, and the release notes. Never a dialog; work goes on.
// - When it is ready: a card that asks ("Restart now" / "Later"), with the release notes (UpdateReadyCard).
// - When a check or download failed: a quiet "Update failed" button whose panel says so in plain words; the
//   updater tries again on its own, and Settings → Updates has the details and "Check for updates".
// The corner rather than the header or sidebar: the same place works on the setup, sign-in and crash screens,
// which have neither.
import { CircleAlert, Download } from 'lucide-react'
import { useCallback, useId, useRef, useState, type ReactNode } from 'react'
import type { UpdateState } from '../../../../electron/shared/contract'
import { ReleaseNotes } from './ReleaseNotes'
import { LaterNote, UpdateReadyCard } from './UpdateReadyCard'
import { formatSpeed, useUpdates } from './useUpdates'
import './updates.css'

type Downloading = Extract<UpdateState, { status: 'available' | 'downloading' }>

export function UpdateIndicator() {
  const { view, apply } = useUpdates()
  const [dismissedError, setDismissedError] = useState<string | null>(null)
  const [laterNote, setLaterNote] = useState<string | null>(null)
  const endLaterNote = useCallback(() => setLaterNote(null), [])
  if (view.kind !== 'ready') return null
  const { state } = view.snapshot

  let content: ReactNode
  switch (state.status) {
    case 'available':
    case 'downloading':
      content = <DownloadIndicator key={state.version} state={state} />
      break
    case 'ready':
      if (!state.deferred) {
        content = (
          <UpdateReadyCard
            key={state.version}
            api={view.api}
            state={state}
            apply={apply}
            onLater={setLaterNote}
          />
        )
      } else {
        content =
          laterNote === state.version ? <LaterNote version={state.version} onDone={endLaterNote} /> : null
      }
      break
    case 'error':
      content =
        dismissedError === state.message ? null : (
          <ErrorIndicator key={state.message} onDismiss={() => setDismissedError(state.message)} />
        )
      break
    case 'disabled':
    case 'idle':
    case 'checking':
    case 'up-to-date':
      content = null
  }
  if (content === null) return null
  return (
    <div className="update-corner" data-testid="update-corner">
      {content}
    </div>
  )
}

/** A button that opens a panel above it; Escape closes the panel and puts the focus back on the button. */
function Disclosure({
  label,
  icon,
  tone,
  bar,
  children,
}: {
  label: string
  icon: ReactNode
  tone: 'normal' | 'error'
  bar?: ReactNode
  children: ReactNode
}) {
  const [open, setOpen] = useState(false)
  const panelId = useId()
  const button = useRef<HTMLButtonElement>(null)
  return (
    <div
      className="update-disclosure"
      onKeyDown={(event) => {
        if (event.key === 'Escape' && open) {
          setOpen(false)
          button.current?.focus()
        }
      }}
    >
      <button
        ref={button}
        type="button"
        className={`update-pill update-pill-${tone}`}
        aria-expanded={open}
        aria-controls={open ? panelId : undefined}
        onClick={() => setOpen((value) => !value)}
      >
        <span className="update-pill-row">
          {icon}
          <span>{label}</span>
        </span>
        {bar}
      </button>
      {/* After the button in the tab order (Tab from it goes into the panel); shown above it by the CSS. */}
      {open && (
        <div id={panelId} className="update-panel" role="region" aria-label={label}>
          {children}
        </div>
      )}
    </div>
  )
}

function DownloadIndicator({ state }: { state: Downloading }) {
  const percent = state.status === 'downloading' ? Math.round(state.percent) : null
  const label = percent === null ? 'Downloading update' : `Downloading update · ${percent}%`
  return (
    <>
      {/* Said once per update, not on every progress event (a screen reader would read every percent). */}
      <span className="update-visually-hidden" role="status">
        Downloading Harbor {state.version}.
      </span>
      <Disclosure
        label={label}
        tone="normal"
        icon={<Download aria-hidden="true" size={14} strokeWidth={2.25} />}
        bar={
          <span className="update-pill-bar" aria-hidden="true">
            <span
              className="update-pill-bar-fill"
              style={{ width: `${percent ?? 0}%` }}
              data-indeterminate={percent === null ? '' : undefined}
            />
          </span>
        }
      >
        <p className="update-panel-title">Downloading Harbor {state.version}</p>
        {/* No value while the download has not reported yet: an indeterminate bar, not a false 0%. */}
        <progress
          className="update-progress"
          max={100}
          value={state.status === 'downloading' ? state.percent : undefined}
          aria-label={`Update download progress for ${state.version}`}
        />
        <p className="update-panel-meta">
          {state.status === 'downloading'
            ? `${percent}% · ${formatSpeed(state.bytesPerSecond)}`
            : 'Starting the download…'}
        </p>
        <p className="update-panel-note">
          Keep working: Harbor asks you to restart once the update is ready.
        </p>
        <ReleaseNotes release={state.release} version={state.version} />
      </Disclosure>
    </>
  )
}

function ErrorIndicator({ onDismiss }: { onDismiss(): void }) {
  return (
    <Disclosure
      label="Update failed"
      tone="error"
      icon={<CircleAlert aria-hidden="true" size={14} strokeWidth={2.25} />}
    >
      <p className="update-panel-title">Harbor could not get the update</p>
      <p className="update-panel-note">
        Nothing changed on this computer. Harbor tries again in a few hours; Settings → Updates can check now
        and shows what went wrong.
      </p>
      <div className="update-card-actions">
        <button type="button" onClick={onDismiss}>
          Dismiss
        </button>
      </div>
    </Disclosure>
  )
}
