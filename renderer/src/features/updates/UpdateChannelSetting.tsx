// Settings > Updates: the channel (stable or beta), what the updater is doing, and a manual check.
import { useId, useState, type ChangeEvent } from 'react'
import type { UpdateChannel, UpdateState } from '../../../../electron/shared/contract'
import { describeIpcFailure } from '../../lib/ipc-failure'
import { formatSpeed, useUpdates } from './useUpdates'
import './updates.css'

const CHANNEL_LABELS: Record<UpdateChannel, string> = {
  stable: 'Stable',
  beta: 'Beta (prereleases)',
}

function isChannel(value: string): value is UpdateChannel {
  return value === 'stable' || value === 'beta'
}

export function describeState(state: UpdateState, currentVersion: string): string {
  switch (state.status) {
    case 'disabled':
      return state.reason
    case 'idle':
      return 'Harbor checks for updates a little after it starts, then every few hours.'
    case 'checking':
      return 'Checking for updates…'
    case 'up-to-date': {
      const at = new Date(state.checkedAt).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })
      if (state.aheadOfChannel) {
        return (
          `This version (${currentVersion}) is newer than the latest release on this channel ` +
          `(${state.aheadOfChannel.latestVersion}). Nothing is downgraded: you will get the next release ` +
          `that is newer than ${currentVersion}. Checked at ${at}.`
        )
      }
      return `Harbor is up to date. Checked at ${at}.`
    }
    case 'available':
      return `Harbor ${state.version} is available and downloading.`
    case 'downloading':
      return `Downloading Harbor ${state.version}: ${Math.round(state.percent)}% (${formatSpeed(state.bytesPerSecond)}).`
    case 'ready':
      return `Ready to install: Harbor ${state.version}. It installs when you restart or quit Harbor.`
    case 'error':
      return `The last update check failed: ${state.message}`
  }
}

export function UpdateChannelSetting({ canUseServer }: { canUseServer: boolean }) {
  const { view, apply } = useUpdates()
  const selectId = useId()
  const [pending, setPending] = useState<'channel' | 'check' | 'restart' | null>(null)
  const [actionError, setActionError] = useState<string | null>(null)

  if (view.kind === 'unavailable') {
    return <p className="update-setting-note">Updates are managed by the Harbor desktop app.</p>
  }
  if (view.kind === 'loading') return <p className="update-setting-note">Loading update settings…</p>
  if (view.kind === 'failed') {
    return (
      <p className="update-setting-error" role="alert">
        {view.message}
      </p>
    )
  }

  const { api, snapshot } = view
  const busy =
    pending !== null || snapshot.state.status === 'checking' || snapshot.state.status === 'downloading'

  const run = (kind: 'channel' | 'check', action: () => Promise<typeof snapshot>) => {
    setPending(kind)
    setActionError(null)
    action().then(
      (next) => {
        apply(next)
        setPending(null)
      },
      (error: unknown) => {
        console.warn(`Update ${kind} failed`, error)
        setActionError(
          describeIpcFailure(kind === 'channel' ? 'updates:set-channel' : 'updates:check', error),
        )
        setPending(null)
      },
    )
  }

  // Settings is where "Later" on the ready card points: the restart stays one click away here.
  const restart = () => {
    setPending('restart')
    setActionError(null)
    api.install().catch((error: unknown) => {
      console.warn('Update install failed', error)
      setActionError(describeIpcFailure('updates:install', error))
      setPending(null)
    })
  }

  const onChannel = (event: ChangeEvent<HTMLSelectElement>) => {
    const value = event.target.value
    if (!isChannel(value) || value === snapshot.channel) return
    run('channel', () => api.setChannel(value))
  }

  return (
    <div className="update-setting">
      <div className="update-setting-row">
        <label htmlFor={selectId}>Update channel</label>
        <select id={selectId} value={snapshot.channel} onChange={onChannel} disabled={pending === 'channel'}>
          {(Object.keys(CHANNEL_LABELS) as UpdateChannel[]).map((channel) => (
            <option key={channel} value={channel}>
              {CHANNEL_LABELS[channel]}
            </option>
          ))}
        </select>
        <button
          type="button"
          onClick={() => run('check', () => api.check())}
          disabled={
            !canUseServer || busy || snapshot.state.status === 'disabled' || snapshot.state.status === 'ready'
          }
        >
          {pending === 'check' ? 'Checking…' : 'Check for updates'}
        </button>
      </div>
      <p className="update-setting-note">
        Beta gets prereleases first. Going back to Stable never downgrades: you keep this version until a
        newer stable release arrives.
      </p>
      <p className="update-setting-status" role="status" aria-live="polite">
        Version {snapshot.currentVersion}. {describeState(snapshot.state, snapshot.currentVersion)}
      </p>
      {snapshot.state.status === 'ready' && (
        <div className="update-setting-row update-setting-ready">
          <button type="button" className="primary" onClick={restart} disabled={pending === 'restart'}>
            {pending === 'restart' ? 'Restarting…' : 'Restart now'}
          </button>
        </div>
      )}
      {!canUseServer && <p className="update-setting-note">Checking for updates needs a connection.</p>}
      {actionError && (
        <p className="update-setting-error" role="alert">
          {actionError}
        </p>
      )}
    </div>
  )
}
