import type { DesktopApi, PersistenceMode } from '../../../../electron/shared/contract'
import { useDesktopValue } from '../../lib/useDesktopValue'
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

const getPersistence = (desktop: DesktopApi) => desktop.storage.getPersistence()
const onPersistence = (desktop: DesktopApi, listener: (mode: PersistenceMode) => void) =>
  desktop.storage.onPersistenceChanged(listener)

/** The current persistence mode; it can change while the app runs (e.g. the keychain becomes locked). */
function usePersistence(): PersistenceState {
  const { value } = useDesktopValue(getPersistence, onPersistence)
  switch (value.status) {
    case 'unavailable':
      return { status: 'unavailable', reason: 'Only known inside the desktop app.' }
    case 'loading':
      return { status: 'loading' }
    case 'failed':
      return { status: 'unavailable', reason: 'The app could not tell where your sign-in is kept.' }
    case 'ready':
      return { status: 'ready', mode: value.value }
  }
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
