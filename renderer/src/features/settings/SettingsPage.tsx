import { useEffect, useState } from 'react'
import type { PersistenceMode } from '../../../../electron/shared/contract'
import { getDesktop } from '../../lib/desktop'
import type { PageProps } from '../page-props'
import { Page, Skeleton } from '../../ui/PageKit'
import { UpdateChannelSetting } from '../updates/UpdateChannelSetting'
import { AppearanceSetting } from './AppearanceSetting'
import { PERSISTENCE_TEXT } from './persistence-text'
import './SettingsPage.css'

type PersistenceState =
  | { status: 'loading' }
  | { status: 'ready'; mode: PersistenceMode }
  | { status: 'unavailable'; reason: string }

/** The current persistence mode; it can change while the app runs (e.g. the keychain becomes locked). */
function usePersistence(): PersistenceState {
  const [state, setState] = useState<PersistenceState>(() =>
    getDesktop()
      ? { status: 'loading' }
      : { status: 'unavailable', reason: 'Only known inside the desktop app.' },
  )
  useEffect(() => {
    const desktop = getDesktop()
    if (!desktop) return
    let active = true
    // Subscribe first so a change that lands while the first read is in flight is not lost.
    const unsubscribe = desktop.storage.onPersistenceChanged((mode) => {
      if (active) setState({ status: 'ready', mode })
    })
    desktop.storage.getPersistence().then(
      (mode) => {
        if (active)
          setState((previous) => (previous.status === 'ready' ? previous : { status: 'ready', mode }))
      },
      () => {
        if (active)
          setState({ status: 'unavailable', reason: 'The app could not tell where your sign-in is kept.' })
      },
    )
    return () => {
      active = false
      unsubscribe()
    }
  }, [])
  return state
}

function PersistenceSetting() {
  const state = usePersistence()
  if (state.status === 'loading') return <Skeleton label="Checking where your sign-in is kept…" lines={2} />
  if (state.status === 'unavailable') {
    return <p className="settings-explanation">{state.reason}</p>
  }
  const text = PERSISTENCE_TEXT[state.mode]
  return (
    <>
      <p className="settings-persistence">
        <span className="settings-persistence-label">{text.label}</span>
        <span className="hb-badge" data-tone={text.tone}>
          {text.tone === 'ok' ? 'Saved' : 'Not saved'}
        </span>
      </p>
      <p className="settings-explanation">{text.explanation}</p>
    </>
  )
}

export function SettingsPage({ session }: PageProps) {
  return (
    <Page
      title="Settings"
      subtitle="How Harbor looks, updates itself and keeps you signed in on this computer."
    >
      <section className="hb-card" aria-labelledby="settings-appearance">
        <h2 id="settings-appearance">Appearance</h2>
        <AppearanceSetting />
      </section>
      <section className="hb-card" aria-labelledby="settings-updates">
        <h2 id="settings-updates">Updates</h2>
        <UpdateChannelSetting canUseServer={session.canUseServer} />
      </section>
      <section className="hb-card" aria-labelledby="settings-sign-in">
        <h2 id="settings-sign-in">Where your sign-in is kept</h2>
        <PersistenceSetting />
      </section>
    </Page>
  )
}
