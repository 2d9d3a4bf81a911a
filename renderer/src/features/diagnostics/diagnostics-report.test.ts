import { describe, expect, it } from 'vitest'
import { buildDiagnosticsReport, type DiagnosticsSnapshot } from './diagnostics-report'
import { inspectConvexClaims } from '../../backend/jwt-claims'

const TOKEN =
  'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1c2VyXzEiLCJlbWFpbCI6ImFkYUBleGFtcGxlLmNvbSJ9.c2lnbmF0dXJlLWJ5dGVz'
const NOW = Date.UTC(2026, 10, 26, 12)

function snapshot(overrides: Partial<DiagnosticsSnapshot> = {}): DiagnosticsSnapshot {
  return {
    generatedAt: NOW,
    app: {
      productName: 'Harbor',
      version: '0.1.0',
      scheme: 'harbor',
      rendererOrigin: 'harbor://renderer',
      isPackaged: true,
      platform: 'linux',
    },
    device: { deviceId: 'dev_this_000001', name: 'ada-laptop', platform: 'linux', appVersion: '0.1.0' },
    session: { mode: 'live', canUseServer: true, offlineReason: null },
    clerk: { loaded: true, status: 'ready', signedIn: true, sessionId: 'sess_1', userId: 'user_1' },
    convex: {
      isLoading: false,
      isAuthenticated: true,
      websocketConnected: true,
      hasEverConnected: true,
      connectionRetries: 0,
    },
    sync: { status: 'synced', errorCode: null, errorMessage: null },
    user: {
      email: 'ada.lovelace@example.com',
      emailVerified: true,
      lastSyncedAt: NOW - 1000,
      lastSyncSource: 'jwt',
    },
    token: {
      state: 'decoded',
      source: 'template',
      inspection: inspectConvexClaims(
        {
          iss: 'https://clerk.example.com',
          aud: 'convex',
          exp: NOW / 1000 + 60,
          sub: 'user_1',
          email: 'x@y.co',
        },
        { expectedIssuer: 'https://clerk.example.com', nowMs: NOW },
      ),
    },
    network: { navigatorOnline: true },
    persistence: 'keychain',
    ...overrides,
  }
}

describe('buildDiagnosticsReport', () => {
  it('reports the state support needs, with the email shortened', () => {
    const report = buildDiagnosticsReport(snapshot())
    expect(report).toContain('# Harbor diagnostics, 2026-11-26T12:00:00.000Z')
    expect(report).toContain('version: 0.1.0')
    expect(report).toContain('session id: sess_1')
    expect(report).toContain('authenticated: yes')
    expect(report).toContain('email: a***@example.com')
    expect(report).toContain('iss matches expected: yes')
    expect(report).toContain('profile claims present: sub, email')
    expect(report).toContain('sign-in persistence: keychain')
    expect(report).not.toContain('ada.lovelace')
  })

  it('scrubs tokens and addresses that hide in free-text values (error messages, device names)', () => {
    const report = buildDiagnosticsReport(
      snapshot({
        device: {
          deviceId: 'dev_this_000001',
          name: 'grace@navy.mil laptop',
          platform: 'linux',
          appVersion: '0.1.0',
        },
        session: { mode: 'offline', canUseServer: false, offlineReason: `Authorization: Bearer ${TOKEN}` },
        sync: {
          status: 'error',
          errorCode: 'UNKNOWN',
          errorMessage: `token ${TOKEN} rejected for bob@corp.example`,
        },
        token: { state: 'error', source: 'integration', detail: `Clerk could not provide a token: ${TOKEN}` },
      }),
    )
    expect(report).not.toContain(TOKEN)
    expect(report).not.toContain('eyJ')
    expect(report).not.toContain('grace@')
    expect(report).not.toContain('bob@')
    expect(report).toContain('g***@navy.mil laptop')
    expect(report).toContain('[redacted token]')
  })

  it('writes a dash for what is unknown, and never "undefined"', () => {
    const report = buildDiagnosticsReport(
      snapshot({
        app: null,
        device: null,
        sync: null,
        user: null,
        persistence: null,
        token: { state: 'not-checked' },
      }),
    )
    expect(report).toContain('version: -')
    expect(report).toContain('status: unavailable')
    expect(report).toContain('state: not checked')
    expect(report).not.toContain('undefined')
  })
})
