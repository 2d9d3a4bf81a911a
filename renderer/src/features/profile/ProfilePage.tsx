import { useState } from 'react'
import { api } from '../../../../convex/_generated/api'
import type { Doc } from '../../../../convex/_generated/dataModel'
import { describeConvexError } from '../../lib/convex-errors'
import { formatAge, formatDateTime } from '../../lib/format-time'
import type { PageProps } from '../../shell/page-props'
import { useQueryState } from '../../sync/useQueryState'
import { ErrorNotice, OfflineMark, Page, Skeleton, Unset } from '../../sync/ui/PageKit'
import { useNow } from '../../sync/ui/useNow'
import './ProfilePage.css'

const SYNC_SOURCE: Record<Doc<'users'>['lastSyncSource'], string> = {
  jwt: 'your sign-in token (JWT), when this app synced',
  webhook: 'a Clerk webhook, when your account changed in Clerk',
}

function Avatar({ name, pictureUrl }: { name: string | undefined; pictureUrl: string | undefined }) {
  const [failed, setFailed] = useState(false)
  const words = (name ?? '').trim().split(/\s+/).filter(Boolean)
  const initials = words.length === 0 ? '?' : `${words[0]![0]}${words.length > 1 ? words[words.length - 1]![0] : ''}`
  if (pictureUrl && !failed) {
    return <img className="profile-avatar" src={pictureUrl} alt="" onError={() => setFailed(true)} />
  }
  return (
    <span className="profile-avatar" aria-hidden="true">
      {initials.toUpperCase()}
    </span>
  )
}

function Text({ value }: { value: string | undefined }) {
  return value && value.trim() !== '' ? <>{value}</> : <Unset />
}

function When({ ms, nowMs }: { ms: number; nowMs: number }) {
  if (!Number.isFinite(ms) || ms <= 0) return <Unset>Unknown</Unset>
  return (
    <time dateTime={new Date(ms).toISOString()}>
      {formatDateTime(ms)} ({formatAge(ms, nowMs)})
    </time>
  )
}

function UserFields({ user, nowMs }: { user: Doc<'users'>; nowMs: number }) {
  return (
    <>
      <div className="hb-card profile-header">
        <Avatar name={user.name ?? user.givenName} pictureUrl={user.pictureUrl} />
        <div>
          <p className="profile-name">{user.name || user.nickname || 'No name'}</p>
          <p className="profile-email">{user.email ?? 'No email address'}</p>
        </div>
      </div>
      <div className="hb-card">
        <h2>Account</h2>
        <dl className="hb-fields">
          <dt>Name</dt>
          <dd>
            <Text value={user.name} />
          </dd>
          <dt>Given name</dt>
          <dd>
            <Text value={user.givenName} />
          </dd>
          <dt>Family name</dt>
          <dd>
            <Text value={user.familyName} />
          </dd>
          <dt>Nickname</dt>
          <dd>
            <Text value={user.nickname} />
          </dd>
          <dt>Email</dt>
          <dd>
            <Text value={user.email} />{' '}
            {user.email ? (
              user.emailVerified ? (
                <span className="hb-badge" data-tone="ok">
                  Verified
                </span>
              ) : (
                <span className="hb-badge" data-tone="bad">
                  Not verified
                </span>
              )
            ) : null}
          </dd>
          <dt>Picture</dt>
          <dd className="hb-mono">
            <Text value={user.pictureUrl} />
          </dd>
        </dl>
      </div>
      <div className="hb-card">
        <h2>Sync</h2>
        <dl className="hb-fields">
          <dt>Last synced</dt>
          <dd>
            <When ms={user.lastSyncedAt} nowMs={nowMs} />
          </dd>
          <dt>Synced from</dt>
          <dd>{SYNC_SOURCE[user.lastSyncSource]}</dd>
          <dt>Changed in Clerk</dt>
          <dd>
            <When ms={user.clerkUpdatedAt} nowMs={nowMs} />
          </dd>
          <dt>Clerk user ID</dt>
          <dd className="hb-mono">{user.clerkUserId}</dd>
          <dt>Token identifier</dt>
          <dd className="hb-mono">
            <Text value={user.tokenIdentifier} />
          </dd>
        </dl>
      </div>
    </>
  )
}

function LiveProfile() {
  const nowMs = useNow()
  const me = useQueryState(api.users.me, {})
  if (me.status === 'loading') return <Skeleton label="Loading your profile…" lines={6} />
  if (me.status === 'error') return <ErrorNotice error={describeConvexError(me.error)} />
  if (me.data === null) {
    return (
      <>
        <div className="hb-notice" role="status">
          <strong>Setting up your account</strong>
          <p>Your profile is being synced to the server for the first time. It appears here in a moment.</p>
        </div>
        <Skeleton label="Waiting for your profile…" lines={6} />
      </>
    )
  }
  return <UserFields user={me.data} nowMs={nowMs} />
}

function OfflineProfile({ session }: PageProps) {
  const nowMs = useNow()
  const cached = session.lastKnownUser
  return (
    <>
      <OfflineMark syncedAt={cached?.confirmedOnlineAt ?? null} nowMs={nowMs} />
      {cached === null ? (
        <p>Nothing about your account is saved on this computer yet. It appears once you are back online.</p>
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
              <dt>Clerk user ID</dt>
              <dd className="hb-mono">{cached.clerkUserId}</dd>
              <dt>Last confirmed online</dt>
              <dd>
                <When ms={cached.confirmedOnlineAt} nowMs={nowMs} />
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

export function ProfilePage(props: PageProps) {
  return (
    <Page title="Profile" subtitle="Your account as the Harbor server knows it, synced from Clerk.">
      {props.session.mode === 'live' ? <LiveProfile /> : <OfflineProfile {...props} />}
    </Page>
  )
}
