import type { UserProfile } from './userSync'

/** A verified Clerk webhook body, parsed: the rest of the code switches on `kind`. */
export type ClerkEvent =
  | {
      kind: 'upsert'
      eventType: 'user.created' | 'user.updated'
      clerkUserId: string
      profile: UserProfile
      clerkUpdatedAt: number
    }
  | { kind: 'delete'; eventType: 'user.deleted'; clerkUserId: string }
  | { kind: 'ignored'; eventType: string }
  | { kind: 'malformed'; reason: string }

type Json = Record<string, unknown>

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

class Malformed extends Error {}

/** Optional string fields: Clerk sends null for "not set"; "" is treated the same. */
function optionalText(data: Json, key: string): string | undefined {
  const value = data[key]
  if (value === null || value === undefined) return undefined
  if (typeof value !== 'string') throw new Malformed(`data.${key} must be a string or null`)
  const trimmed = value.trim()
  return trimmed === '' ? undefined : trimmed
}

function requiredId(data: Json): string {
  const id = data.id
  if (typeof id !== 'string' || id.trim() === '') throw new Malformed('data.id must be a non-empty string')
  return id
}

/** The primary address is the one `primary_email_address_id` names, not the first in the list. */
function primaryEmail(data: Json): Pick<UserProfile, 'email' | 'emailVerified'> {
  const addresses = data.email_addresses ?? []
  if (!Array.isArray(addresses)) throw new Malformed('data.email_addresses must be an array')
  const primaryId = optionalText(data, 'primary_email_address_id')
  if (primaryId === undefined) return {}
  const primary: unknown = addresses.find((entry: unknown) => isObject(entry) && entry.id === primaryId)
  if (!isObject(primary)) return {}
  const email = optionalText(primary, 'email_address')
  if (email === undefined) return {}
  const verification = primary.verification
  const emailVerified = isObject(verification) ? verification.status === 'verified' : false
  return { email, emailVerified }
}

function userProfile(data: Json): UserProfile {
  const givenName = optionalText(data, 'first_name')
  const familyName = optionalText(data, 'last_name')
  // Same as Clerk's `{{user.full_name}}` in the JWT, so both sources agree and `store` writes nothing.
  const fullName = [givenName, familyName].filter((part) => part !== undefined).join(' ')
  return {
    ...primaryEmail(data),
    name: fullName === '' ? undefined : fullName,
    givenName,
    familyName,
    nickname: optionalText(data, 'username'),
    pictureUrl: optionalText(data, 'image_url'),
  }
}

function parseEvent(body: unknown): ClerkEvent {
  if (!isObject(body)) throw new Malformed('body must be a JSON object')
  const type = body.type
  if (typeof type !== 'string') throw new Malformed('type must be a string')
  if (type !== 'user.created' && type !== 'user.updated' && type !== 'user.deleted') {
    return { kind: 'ignored', eventType: type }
  }
  const data = body.data
  if (!isObject(data)) throw new Malformed('data must be an object')
  if (type === 'user.deleted') return { kind: 'delete', eventType: type, clerkUserId: requiredId(data) }

  const updatedAt = data.updated_at
  if (typeof updatedAt !== 'number' || !Number.isFinite(updatedAt) || updatedAt < 0) {
    throw new Malformed('data.updated_at must be a timestamp in ms')
  }
  return {
    kind: 'upsert',
    eventType: type,
    clerkUserId: requiredId(data),
    profile: userProfile(data),
    clerkUpdatedAt: Math.floor(updatedAt),
  }
}

/** Parses the raw (already verified) body. Never throws. */
export function parseClerkEvent(rawBody: string): ClerkEvent {
  let body: unknown
  try {
    body = JSON.parse(rawBody)
  } catch {
    return { kind: 'malformed', reason: 'body is not JSON' }
  }
  try {
    return parseEvent(body)
  } catch (error) {
    if (error instanceof Malformed) return { kind: 'malformed', reason: error.message }
    throw error
  }
}
