// The stand-in's state (users, clients, sessions, sign-in attempts) and its JSON in Clerk's Frontend API shapes.
// Field names and types follow @clerk/shared/types (json.d.ts: ClientJSON, SessionJSON, UserJSON, EmailAddressJSON,
// VerificationJSON, TokenJSON; signIn.d.ts: SignInJSON). Timestamps are Unix milliseconds, as the Frontend API
// sends them and clerk-js parses them (`new Date(ms)`).
import { randomBytes } from 'node:crypto'
import type {
  ClientJSON,
  EmailAddressJSON,
  PublicUserDataJSON,
  SessionJSON,
  SignInJSON,
  TokenJSON,
  UserJSON,
  VerificationJSON,
} from '@clerk/shared/types'

/** Clerk-like ids: a prefix and 27 random base62-ish characters. */
export function clerkId(prefix: string): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'
  const bytes = randomBytes(27)
  let id = ''
  for (const byte of bytes) id += alphabet[byte % alphabet.length]
  return `${prefix}_${id}`
}

export interface User {
  id: string
  emailAddressId: string
  email: string
  emailVerified: boolean
  password: string
  firstName: string | null
  lastName: string | null
  username: string | null
  createdAt: number
  updatedAt: number
  lastSignInAt: number | null
}

export type SessionStatus = 'active' | 'revoked' | 'ended'

export interface Session {
  id: string
  userId: string
  clientId: string
  status: SessionStatus
  createdAt: number
  updatedAt: number
  lastActiveAt: number
  expireAt: number
  abandonAt: number
}

export interface Verification {
  status: 'unverified' | 'verified' | 'failed' | 'expired'
  strategy: string
  attempts: number
  expireAt: number
  externalVerificationRedirectUrl?: string
}

export interface SignIn {
  id: string
  clientId: string
  status: 'needs_identifier' | 'needs_first_factor' | 'complete'
  identifier: string | null
  userId: string | null
  firstFactorVerification: Verification | null
  createdSessionId: string | null
  createdAt: number
  /** email_code: the code sent (only `lastEmailCode()` reads it: no email is delivered). */
  emailCode?: { code: string; expireAt: number }
  /** OAuth: the state the provider round-trips, where to send the browser back, and the nonce it carries. */
  oauth?: { state: string; redirectUrl: string; nonce?: string; nonceUsed?: boolean }
}

export interface Client {
  id: string
  rotatingToken: string
  sessionIds: string[]
  signInId: string | null
  lastActiveSessionId: string | null
  lastAuthenticationStrategy: string | null
  createdAt: number
  updatedAt: number
}

/** Clerk's session lifetime defaults: expires after 7 days, abandoned after 30 days of inactivity. */
const SESSION_EXPIRE_MS = 7 * 86_400_000
const SESSION_ABANDON_MS = 30 * 86_400_000
const CLIENT_COOKIE_MS = 365 * 86_400_000

export class Model {
  readonly users = new Map<string, User>()
  readonly clients = new Map<string, Client>()
  readonly sessions = new Map<string, Session>()
  readonly signIns = new Map<string, SignIn>()
  /** Last email code sent per (lower-cased) address. */
  readonly emailCodes = new Map<string, string>()

  constructor(private readonly issuer: string) {}

  createUser(input: {
    email: string
    password: string
    firstName?: string
    lastName?: string
    username?: string
    emailVerified?: boolean
  }): User {
    const email = input.email.trim()
    if (!/^[^@\s]+@[^@\s]+$/.test(email)) throw new Error(`createUser: not an email address: ${input.email}`)
    if (this.findUserByEmail(email)) throw new Error(`createUser: a user with ${email} exists already`)
    if (!input.password) throw new Error('createUser: a password is required')
    const now = Date.now()
    const user: User = {
      id: clerkId('user'),
      emailAddressId: clerkId('idn'),
      email,
      emailVerified: input.emailVerified ?? true,
      password: input.password,
      firstName: input.firstName ?? null,
      lastName: input.lastName ?? null,
      username: input.username ?? null,
      createdAt: now,
      updatedAt: now,
      lastSignInAt: null,
    }
    this.users.set(user.id, user)
    return user
  }

  findUserByEmail(email: string): User | undefined {
    const wanted = email.trim().toLowerCase()
    return [...this.users.values()].find((user) => user.email.toLowerCase() === wanted)
  }

  createClient(): Client {
    const now = Date.now()
    const client: Client = {
      id: clerkId('client'),
      rotatingToken: randomBytes(20).toString('base64url'),
      sessionIds: [],
      signInId: null,
      lastActiveSessionId: null,
      lastAuthenticationStrategy: null,
      createdAt: now,
      updatedAt: now,
    }
    this.clients.set(client.id, client)
    return client
  }

  createSession(client: Client, user: User): Session {
    const now = Date.now()
    const session: Session = {
      id: clerkId('sess'),
      userId: user.id,
      clientId: client.id,
      status: 'active',
      createdAt: now,
      updatedAt: now,
      lastActiveAt: now,
      expireAt: now + SESSION_EXPIRE_MS,
      abandonAt: now + SESSION_ABANDON_MS,
    }
    this.sessions.set(session.id, session)
    client.sessionIds.push(session.id)
    client.lastActiveSessionId = session.id
    client.signInId = null
    client.updatedAt = now
    user.lastSignInAt = now
    return session
  }

  /** Active sessions of a client (Clerk's Frontend API lists only those; ended and revoked ones drop out). */
  activeSessions(client: Client): Session[] {
    return client.sessionIds
      .map((id) => this.sessions.get(id))
      .filter((session): session is Session => session?.status === 'active')
  }

  endSession(session: Session, status: Exclude<SessionStatus, 'active'>): void {
    if (session.status !== 'active') return
    session.status = status
    session.updatedAt = Date.now()
    const client = this.clients.get(session.clientId)
    if (client && client.lastActiveSessionId === session.id) {
      client.lastActiveSessionId = this.activeSessions(client)[0]?.id ?? null
      client.updatedAt = session.updatedAt
    }
  }

  // --- JSON ---------------------------------------------------------------------------------------------------

  imageUrl(user: User): string {
    // Clerk serves avatars from img.clerk.com (the app's CSP allows that host); the stand-in answers there too
    // when a test maps img.clerk.com to it, else the image simply fails to load, as offline.
    return `https://img.clerk.com/standin/${user.id}`
  }

  emailAddressJson(user: User): EmailAddressJSON {
    return {
      object: 'email_address',
      id: user.emailAddressId,
      email_address: user.email,
      verification: user.emailVerified
        ? ({
            status: 'verified',
            strategy: 'email_code',
            attempts: 1,
            expire_at: user.createdAt,
          } as VerificationJSON)
        : null,
      linked_to: [],
      matches_sso_connection: false,
    }
  }

  userJson(user: User): UserJSON {
    return {
      object: 'user',
      id: user.id,
      external_id: null,
      primary_email_address_id: user.emailAddressId,
      primary_phone_number_id: null,
      primary_web3_wallet_id: null,
      image_url: this.imageUrl(user),
      has_image: false,
      username: user.username,
      email_addresses: [this.emailAddressJson(user)],
      phone_numbers: [],
      web3_wallets: [],
      external_accounts: [],
      enterprise_accounts: [],
      passkeys: [],
      organization_memberships: [],
      password_enabled: true,
      profile_image_id: '',
      first_name: user.firstName,
      last_name: user.lastName,
      totp_enabled: false,
      backup_code_enabled: false,
      two_factor_enabled: false,
      public_metadata: {},
      unsafe_metadata: {},
      last_sign_in_at: user.lastSignInAt,
      create_organization_enabled: false,
      create_organizations_limit: null,
      delete_self_enabled: false,
      legal_accepted_at: null,
      timezone: null,
      updated_at: user.updatedAt,
      created_at: user.createdAt,
    }
  }

  publicUserDataJson(user: User): PublicUserDataJSON {
    return {
      first_name: user.firstName,
      last_name: user.lastName,
      image_url: this.imageUrl(user),
      has_image: false,
      identifier: user.email,
      user_id: user.id,
      ...(user.username ? { username: user.username } : {}),
    }
  }

  sessionJson(session: Session, lastActiveToken: string | null): SessionJSON {
    const user = this.users.get(session.userId)
    if (!user) throw new Error(`session ${session.id} has no user`)
    const token: TokenJSON | null = lastActiveToken
      ? { object: 'token', id: clerkId('jwt'), jwt: lastActiveToken }
      : null
    return {
      object: 'session',
      id: session.id,
      status: session.status,
      // Minutes since the first and second factor were verified; -1: no second factor.
      factor_verification_age: [Math.floor((Date.now() - session.createdAt) / 60_000), -1],
      expire_at: session.expireAt,
      abandon_at: session.abandonAt,
      last_active_at: session.lastActiveAt,
      last_active_token: token as TokenJSON,
      last_active_organization_id: null,
      actor: null,
      tasks: null,
      user: this.userJson(user),
      public_user_data: this.publicUserDataJson(user),
      created_at: session.createdAt,
      updated_at: session.updatedAt,
    }
  }

  verificationJson(verification: Verification | null): VerificationJSON | null {
    if (!verification) return null
    return {
      status: verification.status,
      strategy: verification.strategy,
      attempts: verification.attempts,
      expire_at: verification.expireAt,
      error: null,
      ...(verification.externalVerificationRedirectUrl
        ? { external_verification_redirect_url: verification.externalVerificationRedirectUrl }
        : {}),
    } as unknown as VerificationJSON
  }

  signInJson(signIn: SignIn): SignInJSON {
    const user = signIn.userId ? this.users.get(signIn.userId) : undefined
    const factors: SignInJSON['supported_first_factors'] = user
      ? [
          { strategy: 'password' },
          {
            strategy: 'email_code',
            safe_identifier: user.email,
            email_address_id: user.emailAddressId,
            primary: true,
          },
        ]
      : []
    return {
      object: 'sign_in',
      id: signIn.id,
      status: signIn.status,
      supported_identifiers: ['email_address'],
      identifier: signIn.identifier ?? '',
      user_data: user
        ? {
            first_name: user.firstName ?? undefined,
            last_name: user.lastName ?? undefined,
            image_url: this.imageUrl(user),
            has_image: false,
          }
        : (null as unknown as SignInJSON['user_data']),
      supported_first_factors: factors,
      supported_second_factors: [],
      first_factor_verification: this.verificationJson(signIn.firstFactorVerification),
      second_factor_verification: null,
      created_session_id: signIn.createdSessionId,
      timezone: null,
    }
  }

  clientJson(client: Client, tokenFor: (session: Session) => string | null): ClientJSON {
    const signIn = client.signInId ? this.signIns.get(client.signInId) : undefined
    return {
      object: 'client',
      id: client.id,
      sessions: this.activeSessions(client).map((session) => this.sessionJson(session, tokenFor(session))),
      sign_up: null,
      sign_in: signIn && signIn.status !== 'complete' ? this.signInJson(signIn) : null,
      captcha_bypass: false,
      last_active_session_id: client.lastActiveSessionId,
      last_authentication_strategy:
        client.lastAuthenticationStrategy as ClientJSON['last_authentication_strategy'],
      cookie_expires_at: client.createdAt + CLIENT_COOKIE_MS,
      created_at: client.createdAt,
      updated_at: client.updatedAt,
    }
  }

  get issuerUrl(): string {
    return this.issuer
  }
}
