import { describe, expect, test } from 'vitest'
import { clerkEvent, clerkUser } from '../test.setup'
import { parseClerkEvent } from './clerkWebhook'

const upsertProfile = (data: unknown) => {
  const event = parseClerkEvent(clerkEvent('user.updated', data))
  if (event.kind !== 'upsert') throw new Error(`expected an upsert, got ${event.kind}`)
  return event.profile
}

describe('parseClerkEvent', () => {
  test('the primary email is chosen by primary_email_address_id, not by position', () => {
    expect(upsertProfile(clerkUser())).toMatchObject({ email: 'ada@example.com', emailVerified: true })
  })

  test('a primary id that matches no address leaves the email unset', () => {
    const profile = upsertProfile(clerkUser({ primary_email_address_id: 'idn_gone' }))
    expect(profile.email).toBeUndefined()
    expect(profile.emailVerified).toBeUndefined()
  })

  test('an address without a verified status is unverified', () => {
    const profile = upsertProfile(
      clerkUser({
        email_addresses: [{ id: 'idn_primary', email_address: 'ada@example.com', verification: null }],
      }),
    )
    expect(profile).toMatchObject({ email: 'ada@example.com', emailVerified: false })
  })

  test('the full name joins first and last name like Clerk does', () => {
    expect(upsertProfile(clerkUser({ first_name: ' Ada ', last_name: null })).name).toBe('Ada')
    expect(upsertProfile(clerkUser({ first_name: '', last_name: '' })).name).toBeUndefined()
  })

  test('user.deleted needs only the id', () => {
    expect(parseClerkEvent(clerkEvent('user.deleted', { id: 'user_1', deleted: true }))).toEqual({
      kind: 'delete',
      eventType: 'user.deleted',
      clerkUserId: 'user_1',
    })
  })

  test('unknown types are ignored whatever their data', () => {
    expect(parseClerkEvent(clerkEvent('organization.created', 'anything'))).toEqual({
      kind: 'ignored',
      eventType: 'organization.created',
    })
  })

  test('fractional updated_at is floored to whole ms', () => {
    const event = parseClerkEvent(clerkEvent('user.created', clerkUser({ updated_at: 1_700_000_000_000.7 })))
    expect(event).toMatchObject({ kind: 'upsert', clerkUpdatedAt: 1_700_000_000_000 })
  })

  test.each([
    ['not JSON', '{"type":', /not JSON/],
    ['null', 'null', /JSON object/],
    ['a negative updated_at', clerkEvent('user.updated', clerkUser({ updated_at: -1 })), /updated_at/],
    ['an empty id', clerkEvent('user.updated', clerkUser({ id: '  ' })), /data.id/],
    ['a numeric username', clerkEvent('user.updated', clerkUser({ username: 7 })), /username/],
  ])('%s is malformed with a reason', (_label, body, reason) => {
    const event = parseClerkEvent(body)
    expect(event.kind).toBe('malformed')
    expect(event.kind === 'malformed' && event.reason).toMatch(reason)
  })
})
