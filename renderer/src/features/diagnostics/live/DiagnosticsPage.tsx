import { useAuth, useClerk } from '@clerk/electron/react'
import { useConvexAuth, useConvexConnectionState } from 'convex/react'
import { useMemo, useState, type ReactNode } from 'react'
import { parsePublishableKey } from '../../../../../electron/shared/config-values'
import {
  CONVEX_TOKEN_SOURCE_TEXT,
  convexTokenSource,
  profileClaimsAdvice,
  type ConvexTokenSource,
} from '../../../backend/convex-token-source'
import { copyText } from '../../../lib/copy-text'
import { buildDiagnosticsReport, type DiagnosticsSnapshot, type TokenDiagnosis } from '../diagnostics-report'
import { formatAge, formatDateTime } from '../../../ui/format-time'
import { expectedClerkIssuer } from '../../../backend/jwt-claims'
import type { PageProps, SessionStatus } from '../../page-props'
import { useSyncStatus } from '../../../backend/live/SyncStatusContext'
import type { ClerkConvexSync, SyncStatus } from '../../../backend/live/useClerkConvexSync'
import { Page } from '../../../ui/PageKit'
import { CONNECTION_TEXT, type ConnectionState } from '../../../ui/cached-data-words'
import { PLATFORM_LABEL } from '../../devices/platform'
import { PERSISTENCE_TEXT } from '../../settings/persistence-text'
import { useNow } from '../../../ui/useNow'
import { useAppInfo } from '../useAppInfo'
import { useOnline } from '../useOnline'
import { useTokenInspection } from '../useTokenInspection'
import '../DiagnosticsPage.css'

const SYNC_LABEL: Record<SyncStatus, string> = {
  'signed-out': 'Signed out',
  authenticating: 'Waiting for the server to accept the sign-in',
  syncing: 'Syncing your account',
  synced: 'Synced',
  error: 'Sync failed',
}

/** The connection in the words the header's indicator uses, without its grace: here the truth at once. */
export function connectionStateOf(status: SessionStatus): ConnectionState {
  if (status.phase === 'live') return 'synced'
  if (status.phase === 'server-refused') return 'refused'
  switch (status.offlineReason) {
    case 'browser-offline':
      return 'offline'
    case 'sign-in-unreachable':
    case 'server-unreachable':
      return status.offlineReason
    case 'connecting':
    case null:
      return 'syncing'
  }
}

/** Why account sync is not running, when the session says so: "waiting for the server to accept the sign-in"
 * reads like a refusal when the computer is simply offline. */
const SYNC_PAUSED: Partial<Record<ConnectionState, string>> = {
  offline: 'Paused while offline',
  'sign-in-unreachable': 'Paused until the sign-in service can be reached',
  'server-unreachable': 'Paused until Harbor’s server can be reached',
  syncing: 'Waiting for Harbor to connect',
  refused: 'Stopped: the server refused the sign-in',
}

/** Clerk's own status names, said plainly; "loading" while offline is waiting on the network, not loading. */
function clerkStatusText(status: string | undefined, connection: ConnectionState): string {
  switch (status) {
    case 'ready':
      return 'Ready'
    case 'degraded':
      return 'Ready, with problems'
    case 'error':
      return 'Failed to load'
    case 'loading':
      return connection === 'offline' ? 'Waiting for the network' : 'Starting'
    default:
      return 'Unknown'
  }
}

function Badge({
  ok,
  children,
  neutralWhenBad = false,
}: {
  ok: boolean
  children: ReactNode
  neutralWhenBad?: boolean
}) {
  return (
    <span className="hb-badge" data-tone={ok ? 'ok' : neutralWhenBad ? undefined : 'bad'}>
      {children}
    </span>
  )
}

function yesNo(value: boolean | null | undefined): string {
  return value === null || value === undefined ? 'Unknown' : value ? 'Yes' : 'No'
}

function Fields({ rows }: { rows: Array<[string, ReactNode]> }) {
  return (
    <dl className="hb-fields">
      {rows.map(([label, value]) => (
        <div key={label}>
          <dt>{label}</dt>
          <dd>{value ?? <span className="hb-unset">None</span>}</dd>
        </div>
      ))}
    </dl>
  )
}

function Card({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section className="hb-card" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {children}
    </section>
  )
}

function ProfileClaimsNote({
  source,
  missing,
}: {
  source: ConvexTokenSource
  missing: ReadonlyArray<string>
}) {
  const advice = profileClaimsAdvice(source, missing)
  if (!advice) return null
  return (
    <div className="diag-advice" data-testid="profile-claims-advice">
      <p>{advice.summary}</p>
      <p>{advice.where}</p>
      <pre className="hb-mono">{advice.mapping}</pre>
    </div>
  )
}

function TokenSection({
  source,
  diagnosis,
  checking,
  onCheck,
  canCheck,
}: {
  source: ConvexTokenSource
  diagnosis: TokenDiagnosis
  checking: boolean
  onCheck(): void
  canCheck: boolean
}) {
  let body: ReactNode
  switch (diagnosis.state) {
    case 'not-checked':
      body = <p>{canCheck ? 'Not checked yet.' : 'There is no Clerk session to get a token from.'}</p>
      break
    case 'none':
    case 'error':
      body = <p role={diagnosis.state === 'error' ? 'alert' : undefined}>{diagnosis.detail}</p>
      break
    case 'decoded': {
      const { issuer, audience, expiry, issuedAt, subject, profileClaims } = diagnosis.inspection
      body = (
        <>
          <Fields
            rows={[
              [
                'Issuer (iss)',
                <>
                  <span className="hb-mono">{issuer.value ?? 'missing'}</span>{' '}
                  <Badge ok={issuer.ok}>{issuer.detail}</Badge>
                </>,
              ],
              [
                'Audience (aud)',
                <>
                  <span className="hb-mono">{audience.value ?? 'missing'}</span>{' '}
                  <Badge ok={audience.ok}>{audience.detail}</Badge>
                </>,
              ],
              [
                'Expires (exp)',
                <>
                  {expiry.value !== null ? formatDateTime(expiry.value * 1000) : 'missing'}{' '}
                  <Badge ok={expiry.ok}>{expiry.detail}</Badge>
                </>,
              ],
              ['Issued (iat)', issuedAt !== null ? formatDateTime(issuedAt * 1000) : null],
              ['Subject (sub)', subject !== null ? <span className="hb-mono">{subject}</span> : null],
              [
                'Profile claims',
                <ul className="diag-claims" aria-label="Profile claims">
                  {profileClaims.map((claim) => (
                    <li key={claim.name}>
                      {/* Only `sub` is required; the profile claims are optional in the JWT template. */}
                      <Badge ok={claim.present} neutralWhenBad={claim.name !== 'sub'}>
                        {claim.name}: {claim.present ? 'present' : 'missing'}
                      </Badge>
                    </li>
                  ))}
                </ul>,
              ],
            ]}
          />
          <ProfileClaimsNote
            source={diagnosis.source}
            missing={profileClaims.filter((claim) => !claim.present).map((claim) => claim.name)}
          />
        </>
      )
      break
    }
  }
  return (
    <Card id="diag-token" title="Convex token">
      <Fields rows={[['Token source', CONVEX_TOKEN_SOURCE_TEXT[source]]]} />
      <div aria-live="polite" aria-busy={checking}>
        {body}
      </div>
      <p className="diag-note">
        Decoded here for display only: not verified (the Convex server verifies it) and never stored.
      </p>
      <div className="diag-actions">
        <button type="button" className="hb-button" onClick={onCheck} disabled={!canCheck || checking}>
          {checking ? 'Checking…' : 'Check the token again'}
        </button>
      </div>
    </Card>
  )
}

type CopyState = { status: 'idle' } | { status: 'copied' } | { status: 'failed'; reason: string }

function ReportSection({ report }: { report: string }) {
  const [copy, setCopy] = useState<CopyState>({ status: 'idle' })
  const copyReport = async () => {
    try {
      await copyText(report)
      setCopy({ status: 'copied' })
    } catch (error) {
      setCopy({ status: 'failed', reason: error instanceof Error ? error.message : String(error) })
    }
  }
  return (
    <Card id="diag-report" title="Support report">
      <p>
        A summary of this page for support. It contains no tokens, and email addresses are shortened
        (a***@example.com).
      </p>
      <div className="diag-actions">
        <button type="button" className="hb-button" data-variant="primary" onClick={copyReport}>
          Copy report
        </button>
        <span role="status">{copy.status === 'copied' ? 'Copied to the clipboard.' : ''}</span>
      </div>
      {copy.status === 'failed' ? (
        <>
          <p role="alert">Could not copy ({copy.reason}). Select the text below and copy it.</p>
          <textarea className="diag-report hb-mono" readOnly value={report} aria-label="Support report" />
        </>
      ) : (
        <details className="diag-preview">
          <summary>Show what the report contains</summary>
          <pre className="hb-mono">{report}</pre>
        </details>
      )}
    </Card>
  )
}

function syncRows(
  sync: ClerkConvexSync | null,
  connection: ConnectionState,
  nowMs: number,
): Array<[string, ReactNode]> {
  const paused = connection === 'synced' ? undefined : SYNC_PAUSED[connection]
  if (!sync) return [['Status', paused ?? 'Not started']]
  const waiting = sync.status === 'authenticating' || sync.status === 'signed-out'
  const rows: Array<[string, ReactNode]> = [['Status', waiting && paused ? paused : SYNC_LABEL[sync.status]]]
  if (sync.error) rows.push(['Error', `${sync.error.title} (${sync.error.code}): ${sync.error.message}`])
  if (sync.nextRetryAt !== null)
    rows.push(['Next retry', `in ${Math.max(0, Math.round((sync.nextRetryAt - nowMs) / 1000))} s`])
  if (sync.user) {
    rows.push([
      'Last synced',
      `${formatDateTime(sync.user.lastSyncedAt)} (${formatAge(sync.user.lastSyncedAt, nowMs)})`,
    ])
    rows.push(['Synced from', sync.user.lastSyncSource === 'jwt' ? 'Sign-in token (JWT)' : 'Clerk webhook'])
  }
  return rows
}

const PHASE_TEXT: Record<SessionStatus['phase'], string> = {
  live: 'Live: Clerk and Convex confirmed the session',
  offline: 'Showing the cached data',
  'server-refused': 'The server refused the sign-in',
}

const OFFLINE_REASON_TEXT: Record<NonNullable<SessionStatus['offlineReason']>, string> = {
  connecting: 'Still connecting',
  'browser-offline': 'The computer is offline',
  'sign-in-unreachable': 'The sign-in service (Clerk) cannot be reached',
  'server-unreachable': 'The Harbor server (Convex) cannot be reached',
}

const VERDICT_TEXT: Record<NonNullable<SessionStatus['convexVerdict']>, string> = {
  accepted: 'Accepted the sign-in',
  rejected: 'Refused the sign-in it was given',
  'no-token': 'Got no token (Clerk did not provide one)',
}

/** The session state that decided what the window shows (session/session-machine.ts). */
function sessionRows(status: SessionStatus, nowMs: number): Array<[string, ReactNode]> {
  return [
    ['Window shows', PHASE_TEXT[status.phase]],
    ['Offline because', status.offlineReason ? OFFLINE_REASON_TEXT[status.offlineReason] : null],
    ['Server’s answer', status.convexVerdict ? VERDICT_TEXT[status.convexVerdict] : 'Not answered yet'],
    ['Sign-in service reached', status.clerkApiReached ? 'Yes, in this run' : 'Not in this run'],
    [
      'Cached data from',
      status.cacheConfirmedAt === null ? 'No cache' : formatAge(status.cacheConfirmedAt, nowMs),
    ],
  ]
}

export function DiagnosticsPage({ session }: PageProps) {
  const nowMs = useNow(5_000)
  const clerk = useClerk()
  const auth = useAuth()
  const convexAuth = useConvexAuth()
  const connection = useConvexConnectionState()
  const sync = useSyncStatus()
  const online = useOnline()
  const { app, persistence } = useAppInfo()
  const expectedIssuer = useMemo(() => {
    const key = parsePublishableKey(import.meta.env.VITE_CLERK_PUBLISHABLE_KEY as string | undefined)
    return expectedClerkIssuer(key.ok ? key.frontendApiHost : null)
  }, [])
  const signedIn = auth.isSignedIn === true
  // The token Convex receives, asked for the way ConvexProviderWithClerk asks (backend/convex-token-source.ts).
  const tokenSource = convexTokenSource(auth.sessionClaims)
  const token = useTokenInspection(auth.getToken, signedIn, expectedIssuer, tokenSource)

  const snapshot: DiagnosticsSnapshot = {
    generatedAt: nowMs,
    app,
    device: session.device,
    session: {
      mode: session.mode,
      canUseServer: session.canUseServer,
      offlineReason: session.offlineReason,
      status: session.status,
    },
    clerk: {
      loaded: clerk.loaded,
      status: clerk.status ?? 'unknown',
      signedIn: auth.isLoaded ? signedIn : null,
      sessionId: auth.sessionId ?? null,
      userId: auth.userId ?? null,
    },
    convex: {
      isLoading: convexAuth.isLoading,
      isAuthenticated: convexAuth.isAuthenticated,
      websocketConnected: connection.isWebSocketConnected,
      hasEverConnected: connection.hasEverConnected,
      connectionRetries: connection.connectionRetries,
    },
    sync: sync
      ? {
          status: sync.status,
          errorCode: sync.error?.code ?? null,
          errorMessage: sync.error?.message ?? null,
        }
      : null,
    user: sync?.user
      ? {
          email: sync.user.email ?? null,
          emailVerified: sync.user.emailVerified ?? null,
          lastSyncedAt: sync.user.lastSyncedAt,
          lastSyncSource: sync.user.lastSyncSource,
        }
      : null,
    token: token.diagnosis,
    network: { navigatorOnline: online },
    persistence,
  }
  const report = buildDiagnosticsReport(snapshot)
  const connectionState = connectionStateOf(session.status)
  const platform = app?.platform ?? session.device?.platform ?? null

  return (
    <Page
      title="Diagnostics"
      subtitle="What the app knows about your sign-in and its connection to the server."
    >
      <p className="diag-summary" data-testid="diagnostics-status" data-state={connectionState}>
        {CONNECTION_TEXT[connectionState]}
      </p>
      <div className="diag-grid">
        <Card id="diag-clerk" title="Clerk (sign-in)">
          <Fields
            rows={[
              ['Loaded', yesNo(clerk.loaded)],
              ['Status', clerkStatusText(clerk.status, connectionState)],
              ['Signed in', auth.isLoaded ? yesNo(signedIn) : 'Not known yet'],
              ['Session ID', auth.sessionId ? <span className="hb-mono">{auth.sessionId}</span> : null],
              ['User ID', auth.userId ? <span className="hb-mono">{auth.userId}</span> : null],
            ]}
          />
        </Card>
        <Card id="diag-convex" title="Convex (server)">
          <Fields
            rows={[
              [
                'Authentication',
                convexAuth.isLoading
                  ? 'Checking…'
                  : convexAuth.isAuthenticated
                    ? 'Accepted'
                    : 'Not authenticated',
              ],
              ['Connection', connection.isWebSocketConnected ? 'Connected' : 'Not connected'],
              ['Ever connected', yesNo(connection.hasEverConnected)],
              ['Reconnect attempts', String(connection.connectionRetries)],
            ]}
          />
        </Card>
        <Card id="diag-sync" title="Account sync">
          <Fields rows={syncRows(sync, connectionState, nowMs)} />
          {sync?.status === 'error' ? (
            <div className="diag-actions">
              <button type="button" className="hb-button" onClick={sync.retry}>
                Retry sync now
              </button>
            </div>
          ) : null}
        </Card>
        <Card id="diag-session" title="Session">
          <Fields rows={sessionRows(session.status, nowMs)} />
        </Card>
        <Card id="diag-network" title="Network">
          <Fields
            rows={[
              ['Browser reports', online ? 'Online' : 'Offline'],
              ['Harbor', CONNECTION_TEXT[connectionState]],
            ]}
          />
          <p className="diag-note">
            “Online” only means a network is connected: it stays so when DNS or the servers are unreachable.
            The Convex connection above is the better signal.
          </p>
        </Card>
      </div>
      <TokenSection
        source={tokenSource}
        diagnosis={token.diagnosis}
        checking={token.checking}
        onCheck={token.check}
        canCheck={signedIn}
      />
      <Card id="diag-app" title="This app">
        <Fields
          rows={[
            [
              'Version',
              app ? `${app.productName} ${app.version}${app.isPackaged ? '' : ' (development)'}` : null,
            ],
            ['Platform', platform ? PLATFORM_LABEL[platform] : null],
            ['URL scheme', app ? <span className="hb-mono">{app.scheme}</span> : null],
            ['Device name', session.device?.name ?? null],
            ['Device ID', session.device ? <span className="hb-mono">{session.device.deviceId}</span> : null],
            ['Sign-in kept in', persistence ? PERSISTENCE_TEXT[persistence].label : null],
          ]}
        />
      </Card>
      <ReportSection report={report} />
    </Page>
  )
}
