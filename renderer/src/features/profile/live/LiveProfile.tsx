// The profile from the server (Convex `users.me`). Loaded with the connected app, never in the first chunk
// (see features/live-views.tsx).
import { api } from '../../../../../convex/_generated/api'
import type { Doc } from '../../../../../convex/_generated/dataModel'
import { describeConvexError } from '../../../backend/convex-errors'
import { Link } from '../../../routing/router'
import { useQueryState } from '../../../backend/live/useQueryState'
import { ErrorNotice, Skeleton } from '../../../ui/PageKit'
import { Avatar, Text, When } from '../ProfileParts'

// Plain words for where the data came from; the mechanism (sign-in token, webhook) is in Diagnostics.
const SYNC_SOURCE: Record<Doc<'users'>['lastSyncSource'], string> = {
  jwt: 'this app, when you signed in',
  webhook: 'the sign-in service, when your account changed',
}

/**
 * Synced from the sign-in token, yet nothing about the person came with it: the token carries no profile claims
 * (Clerk's Convex integration does not add them until they are mapped on Clerk's Sessions page). Said plainly
 * here; Diagnostics names the claims and where to add them.
 */
function isEmptyTokenProfile(user: Doc<'users'>): boolean {
  return (
    user.lastSyncSource === 'jwt' &&
    [user.name, user.givenName, user.familyName, user.nickname, user.email, user.pictureUrl].every(
      (value) => value === undefined || value === null || value === '',
    )
  )
}

function UserFields({ user }: { user: Doc<'users'> }) {
  return (
    <>
      {isEmptyTokenProfile(user) ? (
        <div className="hb-notice" role="status" data-testid="empty-profile-notice">
          <strong>Your name and email address did not come with your sign-in</strong>
          <p>
            So they are empty here. Whoever set up Harbor’s sign-in can add them.{' '}
            <Link to="/diagnostics">Open Diagnostics</Link> to see what is missing and where to add it.
          </p>
        </div>
      ) : null}
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
        </dl>
      </div>
      <div className="hb-card">
        <h2>Sync</h2>
        <dl className="hb-fields">
          <dt>Last synced</dt>
          <dd>
            <When ms={user.lastSyncedAt} />
          </dd>
          <dt>Synced from</dt>
          <dd>{SYNC_SOURCE[user.lastSyncSource]}</dd>
          <dt>Account changed</dt>
          <dd>
            <When ms={user.clerkUpdatedAt} />
          </dd>
        </dl>
      </div>
    </>
  )
}

export function LiveProfile() {
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
  return <UserFields user={me.data} />
}
