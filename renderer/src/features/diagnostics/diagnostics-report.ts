// The support report that Diagnostics copies to the clipboard: plain text, no tokens, no raw JWT, no full
// email address. Built from a snapshot of what the page shows; pure so the redaction can be tested.

import type { AppInfo, DeviceInfo, PersistenceMode } from '../../../../electron/shared/contract'
import { CONVEX_TOKEN_SOURCE_TEXT, type ConvexTokenSource } from '../../backend/convex-token-source'
import type { ClaimsInspection } from '../../backend/jwt-claims'
import type { SessionStatus } from '../page-props'
import { redactEmail, scrubSecrets } from '../../lib/redact'

export type TokenDiagnosis =
  | { state: 'not-checked' }
  | { state: 'none'; source: ConvexTokenSource; detail: string }
  | { state: 'error'; source: ConvexTokenSource; detail: string }
  | { state: 'decoded'; source: ConvexTokenSource; inspection: ClaimsInspection }

export interface DiagnosticsSnapshot {
  generatedAt: number
  app: AppInfo | null
  device: DeviceInfo | null
  session: {
    mode: 'live' | 'offline'
    canUseServer: boolean
    offlineReason: string | null
    /** The state that decided what the window shows (absent in reports built before the session was known). */
    status?: SessionStatus
  }
  clerk: {
    loaded: boolean
    status: string
    signedIn: boolean | null
    sessionId: string | null
    userId: string | null
  }
  convex: {
    isLoading: boolean
    isAuthenticated: boolean
    websocketConnected: boolean | null
    hasEverConnected: boolean | null
    connectionRetries: number | null
  }
  sync: { status: string; errorCode: string | null; errorMessage: string | null } | null
  user: {
    email: string | null
    emailVerified: boolean | null
    lastSyncedAt: number | null
    lastSyncSource: string | null
  } | null
  token: TokenDiagnosis
  network: { navigatorOnline: boolean }
  persistence: PersistenceMode | null
}

type Value = string | number | boolean | null | undefined

function show(value: Value): string {
  if (value === null || value === undefined) return '-'
  if (typeof value === 'boolean') return value ? 'yes' : 'no'
  return String(value)
}

function time(ms: number | null | undefined): string {
  return typeof ms === 'number' && Number.isFinite(ms) ? new Date(ms).toISOString() : '-'
}

function section(title: string, rows: Array<[string, Value]>): string {
  return [`## ${title}`, ...rows.map(([key, value]) => `${key}: ${scrubSecrets(show(value))}`)].join('\n')
}

function tokenRows(token: TokenDiagnosis): Array<[string, Value]> {
  switch (token.state) {
    case 'not-checked':
      return [['state', 'not checked']]
    case 'none':
    case 'error':
      return [
        ['state', token.state],
        ['source', CONVEX_TOKEN_SOURCE_TEXT[token.source]],
        ['detail', token.detail],
      ]
    case 'decoded': {
      const { inspection } = token
      return [
        ['state', 'decoded (not verified)'],
        ['source', CONVEX_TOKEN_SOURCE_TEXT[token.source]],
        ['iss', inspection.issuer.value],
        ['iss matches expected', inspection.issuer.ok],
        ['expected iss', inspection.issuer.expected],
        ['aud', inspection.audience.value],
        ['aud ok', inspection.audience.ok],
        ['exp', inspection.expiry.value === null ? null : time(inspection.expiry.value * 1000)],
        ['expiry', inspection.expiry.detail],
        ['iat', inspection.issuedAt === null ? null : time(inspection.issuedAt * 1000)],
        ['sub', inspection.subject],
        [
          'profile claims present',
          inspection.profileClaims
            .filter((c) => c.present)
            .map((c) => c.name)
            .join(', ') || 'none',
        ],
        [
          'profile claims missing',
          inspection.profileClaims
            .filter((c) => !c.present)
            .map((c) => c.name)
            .join(', ') || 'none',
        ],
      ]
    }
  }
}

export function buildDiagnosticsReport(snapshot: DiagnosticsSnapshot): string {
  const { app, device, session, clerk, convex, sync, user, network } = snapshot
  const report = [
    `# Harbor diagnostics, ${time(snapshot.generatedAt)}`,
    section('App', [
      ['product', app?.productName],
      ['version', app?.version],
      ['platform', app?.platform],
      ['packaged', app?.isPackaged],
      ['scheme', app?.scheme],
    ]),
    section('Device', [
      ['device id', device?.deviceId],
      ['name', device?.name],
      ['platform', device?.platform],
      ['app version', device?.appVersion],
      ['sign-in persistence', snapshot.persistence],
    ]),
    section('Session', [
      ['mode', session.mode],
      ['can use server', session.canUseServer],
      ['offline reason', session.offlineReason],
      ['phase', session.status?.phase],
      ['offline reason code', session.status?.offlineReason],
      ['convex verdict', session.status?.convexVerdict ?? (session.status ? 'not answered yet' : null)],
      ['clerk api reached this run', session.status?.clerkApiReached],
      ['cache confirmed online at', session.status ? time(session.status.cacheConfirmedAt) : null],
      [
        'cache age',
        typeof session.status?.cacheConfirmedAt === 'number'
          ? `${Math.max(0, Math.round((snapshot.generatedAt - session.status.cacheConfirmedAt) / 60_000))} min`
          : null,
      ],
    ]),
    section('Clerk', [
      ['loaded', clerk.loaded],
      ['status', clerk.status],
      ['signed in', clerk.signedIn],
      ['session id', clerk.sessionId],
      ['user id', clerk.userId],
    ]),
    section('Convex', [
      ['auth loading', convex.isLoading],
      ['authenticated', convex.isAuthenticated],
      ['websocket connected', convex.websocketConnected],
      ['ever connected', convex.hasEverConnected],
      ['connection retries', convex.connectionRetries],
    ]),
    section('Sync', [
      ['status', sync?.status ?? 'unavailable'],
      ['error code', sync?.errorCode],
      ['error', sync?.errorMessage],
      ['email', user?.email ? redactEmail(user.email) : null],
      ['email verified', user?.emailVerified],
      ['last synced', time(user?.lastSyncedAt)],
      ['last sync source', user?.lastSyncSource],
    ]),
    section('Convex token', tokenRows(snapshot.token)),
    section('Network', [['navigator.onLine', network.navigatorOnline]]),
  ].join('\n\n')
  // Second pass over the whole text: defence in depth against a secret inside any free-text value.
  return `${scrubSecrets(report)}\n`
}
