/// <reference types="vite/client" />
// Test-only helpers. The two dots in the file name make `convex deploy` skip it (like *.test.ts).
import { convexTest } from 'convex-test'
import { Webhook } from 'svix'
import { expect } from 'vitest'
import { isAppError, type AppErrorCode, type AppErrorData } from './lib/errors'
import schema from './schema'

export const modules = import.meta.glob('./**/*.*s')

export function newBackend() {
  return convexTest(schema, modules)
}

export type Backend = ReturnType<typeof newBackend>

export const ALICE = {
  subject: 'user_alice',
  issuer: 'https://clerk.harbor.test',
  tokenIdentifier: 'https://clerk.harbor.test|user_alice',
} as const
export const BOB = {
  subject: 'user_bob',
  issuer: 'https://clerk.harbor.test',
  tokenIdentifier: 'https://clerk.harbor.test|user_bob',
} as const

/** Every row of every table: proves "nothing was written" by comparing before and after. Test-only. */
export async function dumpTables(t: Backend) {
  return await t.run(async (ctx) => ({
    users: await ctx.db.query('users').collect(),
    devices: await ctx.db.query('devices').collect(),
    webhookDeliveries: await ctx.db.query('webhookDeliveries').collect(),
  }))
}

export function newWebhookSecret(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32))
  return `whsec_${btoa(String.fromCharCode(...bytes))}`
}

/** A delivery exactly as svix sends it, signed with the real svix library. */
export function signedDelivery(
  secret: string,
  body: string,
  options: { id?: string; at?: Date } = {},
): RequestInit {
  const id = options.id ?? `msg_${crypto.randomUUID()}`
  const at = options.at ?? new Date()
  return {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'svix-id': id,
      'svix-timestamp': String(Math.floor(at.getTime() / 1000)),
      'svix-signature': new Webhook(secret).sign(id, at, body),
    },
    body,
  }
}

type ClerkUserJson = Record<string, unknown>

/** A Clerk Backend API user object as webhooks carry it (trimmed to what matters plus some noise). */
export function clerkUser(overrides: ClerkUserJson = {}): ClerkUserJson {
  return {
    id: 'user_alice',
    object: 'user',
    first_name: 'Ada',
    last_name: 'Lovelace',
    username: 'ada',
    image_url: 'https://img.clerk.com/ada.png',
    has_image: true,
    primary_email_address_id: 'idn_primary',
    email_addresses: [
      { id: 'idn_old', email_address: 'old@example.com', verification: { status: 'unverified' } },
      { id: 'idn_primary', email_address: 'ada@example.com', verification: { status: 'verified' } },
    ],
    public_metadata: {},
    created_at: 1_700_000_000_000,
    updated_at: 1_700_000_100_000,
    ...overrides,
  }
}

export function clerkEvent(type: string, data: unknown): string {
  return JSON.stringify({ type, object: 'event', data, timestamp: Date.now(), instance_id: 'ins_test' })
}

/** Asserts that a call fails with one of our ConvexErrors and returns its data for further checks. */
export async function expectAppError(call: Promise<unknown>, code: AppErrorCode): Promise<AppErrorData> {
  const error: unknown = await call.then(
    () => {
      throw new Error(`expected a ConvexError with code ${code}, but the call succeeded`)
    },
    (rejection: unknown) => rejection,
  )
  if (!isAppError(error)) throw new Error(`expected a ConvexError with code ${code}, got: ${String(error)}`)
  expect(error.data.code).toBe(code)
  expect(error.data.message.length).toBeGreaterThan(0)
  return error.data
}
