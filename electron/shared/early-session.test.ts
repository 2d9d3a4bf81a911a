// What counts as an early session, judged once in the main process (Clerk's `GET /v1/client` answer) and again
// in the renderer (the answer received over IPC): every answer that is not the cached user's active session with
// a Convex integration token worth sending is "none".
import { describe, expect, it } from 'vitest'
import {
  EARLY_TOKEN_MIN_LIFETIME_MS,
  earlySessionFromClient,
  parseEarlySession,
  type EarlySession,
} from './early-session'

const NOW = 1_800_000_000_000
const USER = 'user_cached'
const SESSION = 'sess_active'
const HOST = 'clerk.harbor.example'

function b64url(text: string): string {
  return btoa(String.fromCharCode(...new TextEncoder().encode(text)))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '')
}

/** A JWT with this payload text (text, so a payload JSON.stringify cannot write, like `1e400`, can be made). */
function jwtOfText(payload: string): string {
  return `${b64url(JSON.stringify({ alg: 'RS256', typ: 'JWT' }))}.${b64url(payload)}.c2lnbmF0dXJl`
}

const claims = (overrides: Record<string, unknown> = {}) => ({
  iss: `https://${HOST}`,
  sub: USER,
  aud: 'convex',
  sid: SESSION,
  iat: NOW / 1000 - 5,
  exp: NOW / 1000 + 60,
  ...overrides,
})

const jwt = (overrides: Record<string, unknown> = {}) => jwtOfText(JSON.stringify(claims(overrides)))

interface SessionShape {
  id?: unknown
  status?: unknown
  user?: unknown
  last_active_token?: unknown
}

const session = (overrides: SessionShape = {}): SessionShape => ({
  id: SESSION,
  status: 'active',
  user: { id: USER },
  last_active_token: { object: 'token', jwt: jwt() },
  ...overrides,
})

/** The body of `GET /v1/client` as Clerk's Frontend API answers it: `{ response: client, client: null }`. */
function clientBody(overrides: Record<string, unknown> = {}): unknown {
  return {
    response: {
      object: 'client',
      id: 'client_1',
      sessions: [session()],
      last_active_session_id: SESSION,
      ...overrides,
    },
    client: null,
  }
}

describe('earlySessionFromClient', () => {
  it('takes the last active session’s Convex integration token for the cached user', () => {
    expect(earlySessionFromClient(clientBody(), USER, NOW)).toEqual<EarlySession>({
      sessionId: SESSION,
      userId: USER,
      token: jwt(),
      expiresAt: (NOW / 1000 + 60) * 1000,
    })
  })

  it('picks the session last_active_session_id names among several', () => {
    const other = session({
      id: 'sess_other',
      user: { id: 'user_other' },
      last_active_token: { jwt: jwt({ sub: 'user_other', sid: 'sess_other' }) },
    })
    const body = clientBody({ sessions: [other, session()] })
    expect(earlySessionFromClient(body, USER, NOW)?.sessionId).toBe(SESSION)
    // The same client with the other session active is not the cached user's.
    expect(
      earlySessionFromClient(
        clientBody({ sessions: [other, session()], last_active_session_id: 'sess_other' }),
        USER,
        NOW,
      ),
    ).toBeNull()
  })

  it('a token without sid is still taken (the session is already matched by id and user)', () => {
    const body = clientBody({ sessions: [session({ last_active_token: { jwt: jwt({ sid: undefined }) } })] })
    expect(earlySessionFromClient(body, USER, NOW)?.sessionId).toBe(SESSION)
  })

  const refused: Array<[string, unknown]> = [
    ['another user’s session', clientBody({ sessions: [session({ user: { id: 'user_other' } })] })],
    [
      'a token for another user (sub)',
      clientBody({ sessions: [session({ last_active_token: { jwt: jwt({ sub: 'user_other' }) } })] }),
    ],
    [
      'a token without sub',
      clientBody({ sessions: [session({ last_active_token: { jwt: jwt({ sub: undefined }) } })] }),
    ],
    ['a session without user', clientBody({ sessions: [session({ user: undefined })] })],
    ['a session whose user is not an object', clientBody({ sessions: [session({ user: USER })] })],
    ['a session that ended', clientBody({ sessions: [session({ status: 'ended' })] })],
    ['a session that expired', clientBody({ sessions: [session({ status: 'expired' })] })],
    ['a pending session', clientBody({ sessions: [session({ status: 'pending' })] })],
    ['a session without status', clientBody({ sessions: [session({ status: undefined })] })],
    ['no last_active_session_id', clientBody({ last_active_session_id: undefined })],
    ['last_active_session_id null (signed out)', clientBody({ last_active_session_id: null, sessions: [] })],
    ['an empty last_active_session_id', clientBody({ last_active_session_id: '' })],
    ['last_active_session_id naming no session', clientBody({ last_active_session_id: 'sess_gone' })],
    ['sessions not an array', clientBody({ sessions: { [SESSION]: session() } })],
    ['sessions missing', clientBody({ sessions: undefined })],
    ['a session entry that is not an object', clientBody({ sessions: [SESSION] })],
    [
      'aud an array, even ["convex"] (a template token)',
      clientBody({ sessions: [session({ last_active_token: { jwt: jwt({ aud: ['convex'] }) } })] }),
    ],
    [
      'another aud',
      clientBody({ sessions: [session({ last_active_token: { jwt: jwt({ aud: 'my-api' }) } })] }),
    ],
    [
      'no aud (a plain session token)',
      clientBody({ sessions: [session({ last_active_token: { jwt: jwt({ aud: undefined }) } })] }),
    ],
    [
      'a token whose sid names another session',
      clientBody({ sessions: [session({ last_active_token: { jwt: jwt({ sid: 'sess_other' }) } })] }),
    ],
    ['no exp', clientBody({ sessions: [session({ last_active_token: { jwt: jwt({ exp: undefined }) } })] })],
    ['exp null', clientBody({ sessions: [session({ last_active_token: { jwt: jwt({ exp: null }) } })] })],
    [
      'exp a string',
      clientBody({
        sessions: [session({ last_active_token: { jwt: jwt({ exp: String(NOW / 1000 + 60) }) } })],
      }),
    ],
    [
      'exp not finite (1e400 parses to Infinity)',
      clientBody({
        sessions: [
          session({
            last_active_token: {
              jwt: jwtOfText(JSON.stringify(claims()).replace(/"exp":\d+/, '"exp":1e400')),
            },
          }),
        ],
      }),
    ],
    [
      'exp already past',
      clientBody({ sessions: [session({ last_active_token: { jwt: jwt({ exp: NOW / 1000 - 1 }) } })] }),
    ],
    [
      'exp too close to be worth sending',
      clientBody({ sessions: [session({ last_active_token: { jwt: jwt({ exp: NOW / 1000 + 5 }) } })] }),
    ],
    ['a malformed JWT', clientBody({ sessions: [session({ last_active_token: { jwt: 'not.a-jwt' } })] })],
    [
      'a JWT whose payload is not JSON',
      clientBody({ sessions: [session({ last_active_token: { jwt: jwtOfText('not json') } })] }),
    ],
    ['a JWT that is not a string', clientBody({ sessions: [session({ last_active_token: { jwt: 42 } })] })],
    ['no last_active_token', clientBody({ sessions: [session({ last_active_token: null })] })],
    ['the body null', null],
    ['the body a string', 'client'],
    ['the body an array', [clientBody()]],
    ['response null (no client)', { response: null, client: null }],
    ['response missing', { client: (clientBody() as { response: unknown }).response }],
    ['response an array', { response: [(clientBody() as { response: unknown }).response] }],
  ]
  it.each(refused)('%s: no early session', (_name, body) => {
    expect(earlySessionFromClient(body, USER, NOW)).toBeNull()
  })

  it('a token must live at least EARLY_TOKEN_MIN_LIFETIME_MS past now, to the millisecond', () => {
    const exp = NOW / 1000 + 60
    const body = clientBody({ sessions: [session({ last_active_token: { jwt: jwt({ exp }) } })] })
    expect(earlySessionFromClient(body, USER, exp * 1000 - EARLY_TOKEN_MIN_LIFETIME_MS)).not.toBeNull()
    expect(earlySessionFromClient(body, USER, exp * 1000 - EARLY_TOKEN_MIN_LIFETIME_MS + 1)).toBeNull()
  })
})

describe('parseEarlySession (an answer received over IPC)', () => {
  const valid = (): EarlySession => ({
    sessionId: SESSION,
    userId: USER,
    token: jwt(),
    expiresAt: (NOW / 1000 + 60) * 1000,
  })

  it('takes an early session of the cached user whose token says the same', () => {
    expect(parseEarlySession(valid(), USER, NOW)).toEqual(valid())
  })

  const refused: Array<[string, unknown, string?]> = [
    ['null (main found none)', null],
    ['undefined', undefined],
    ['a string', 'session'],
    ['an array', [valid()]],
    ['an unknown extra field', { ...valid(), clientToken: 'client.token' }],
    ['another user', { ...valid(), userId: 'user_other' }],
    ['the cached user is someone else', valid(), 'user_other'],
    ['no sessionId', { ...valid(), sessionId: undefined }],
    ['an empty sessionId', { ...valid(), sessionId: '' }],
    ['a sessionId the token does not name (sid)', { ...valid(), sessionId: 'sess_other' }],
    ['expiresAt other than the token’s exp', { ...valid(), expiresAt: valid().expiresAt + 60_000 }],
    ['expiresAt a string', { ...valid(), expiresAt: String(valid().expiresAt) }],
    ['a token that is not a JWT', { ...valid(), token: 'not-a-jwt' }],
    ['a token that is not a string', { ...valid(), token: 42 }],
    ['a token for another user (sub)', { ...valid(), token: jwt({ sub: 'user_other' }) }],
    ['a template token (aud an array)', { ...valid(), token: jwt({ aud: ['convex'] }) }],
    [
      'a token too close to its expiry',
      { ...valid(), token: jwt({ exp: NOW / 1000 + 5 }), expiresAt: (NOW / 1000 + 5) * 1000 },
    ],
  ]
  it.each(refused)('%s: no early session', (_name, value, expectedUser = USER) => {
    expect(parseEarlySession(value, expectedUser, NOW)).toBeNull()
  })

  it('is judged at the time it is received: a token read at launch may have aged since', () => {
    const session = valid()
    expect(parseEarlySession(session, USER, session.expiresAt - EARLY_TOKEN_MIN_LIFETIME_MS)).not.toBeNull()
    expect(parseEarlySession(session, USER, session.expiresAt - EARLY_TOKEN_MIN_LIFETIME_MS + 1)).toBeNull()
  })
})
