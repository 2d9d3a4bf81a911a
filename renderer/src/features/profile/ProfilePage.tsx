// The profile page. This module is in the first chunk (the cached shell paints it before Clerk and Convex
// load), so it imports nothing from Convex: the live half is `LiveProfile`, reached through live-views.
import type { PageProps } from '../page-props'
import { useLiveViews } from '../live-views'
import { OfflineMark, Page, Skeleton } from '../../ui/PageKit'
import { useCachedDataWords } from '../../ui/cached-data-words'
import { Avatar, Text } from './ProfileParts'
import './ProfilePage.css'

function OfflineProfile({ session }: PageProps) {
  const cached = session.lastKnownUser
  const { whenServerBack } = useCachedDataWords()
  return (
    <>
      <OfflineMark syncedAt={cached?.confirmedOnlineAt ?? null} />
      {cached === null ? (
        <p>Nothing about your account is saved on this computer yet. It appears {whenServerBack}.</p>
      ) : (
        <>
          <div className="hb-card profile-header">
            <Avatar name={cached.profile.name} pictureUrl={cached.profile.pictureUrl} />
            <div>
              <p className="profile-name">{cached.profile.name || 'No name'}</p>
              <p className="profile-email">{cached.profile.email ?? 'No email address'}</p>
            </div>
          </div>
          <div className="hb-card">
            <h2>Saved on this computer</h2>
            <dl className="hb-fields">
              <dt>Name</dt>
              <dd>
                <Text value={cached.profile.name} />
              </dd>
              <dt>Email</dt>
              <dd>
                <Text value={cached.profile.email} />
              </dd>
            </dl>
            <p className="hb-subtitle profile-footnote">
              The other fields of your profile are shown when the server can be reached.
            </p>
          </div>
        </>
      )}
    </>
  )
}

/** The live profile comes with the connected app; until it has loaded there is nothing live to show. */
function Live(props: PageProps) {
  const views = useLiveViews()
  if (!views) return <Skeleton label="Connecting to the server…" lines={6} />
  return <views.profile {...props} />
}

export function ProfilePage(props: PageProps) {
  return (
    <Page title="Profile" subtitle="Your account as Harbor knows it.">
      {props.session.mode === 'live' ? <Live {...props} /> : <OfflineProfile {...props} />}
    </Page>
  )
}
