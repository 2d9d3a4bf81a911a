// User sync under hostile or odd input from both sources (JWT claims through users.store, signed webhook
// deliveries through /clerk-webhook): versions from the future, the same version from two sources, and
// profile text with control/bidi characters or of any length. Real convex-test backend, real svix signatures.
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest'
import { api } from './_generated/api'
import { MAX_VERSION_SKEW_MS } from './lib/userSync'
import {
  PROFILE_EMAIL_MAX,
  PROFILE_NAME_MAX,
  PROFILE_NAME_PART_MAX,
  PROFILE_NICKNAME_MAX,
  PROFILE_URL_MAX,
} from './lib/profileInput'
import {
  ALICE,
  clerkEvent,
  clerkUser,
  dumpTables,
  newBackend,
  newWebhookSecret,
  signedDelivery,
  type Backend,
} from './test.setup'

let t: Backend
beforeEach(() => {
  t = newBackend()
})
afterEach(() => {
  vi.unstubAllEnvs()
})

async function deliverWebhook(type: string, data: unknown) {
  const secret = newWebhookSecret()
  vi.stubEnv('CLERK_WEBHOOK_SECRET', secret)
  const response = await t.fetch('/clerk-webhook', signedDelivery(secret, clerkEvent(type, data)))
  expect(response.status).toBe(200)
  return ((await response.json()) as { outcome: string }).outcome
}

const storeWithClaims = (claims: Record<string, unknown>) =>
  t.withIdentity({ ...ALICE, ...claims }).mutation(api.users.store, {})

async function row() {
  const users = (await dumpTables(t)).users
  expect(users).toHaveLength(1)
  return users[0]!
}

const seconds = (ms: number) => String(Math.floor(ms / 1000))

describe('versions from the future are bounded (item 8)', () => {
  const futures = [
    ['just beyond the skew', () => Date.now() + MAX_VERSION_SKEW_MS + 60_000],
    ['a day ahead', () => Date.now() + 86_400_000],
    ['the year 2100', () => Date.UTC(2100, 0, 1)],
    ['the largest safe integer', () => Number.MAX_SAFE_INTEGER],
  ] as const

  for (const [label, future] of futures) {
    test(`a JWT version ${label} does not freeze the profile against the next real webhook update`, async () => {
      await storeWithClaims({ givenName: 'Frozen', updatedAt: seconds(Math.min(future(), 9e15)) })
      expect((await row()).clerkUpdatedAt).toBeLessThanOrEqual(Date.now() + MAX_VERSION_SKEW_MS)
      const outcome = await deliverWebhook(
        'user.updated',
        clerkUser({ first_name: 'Real', updated_at: Date.now() + 1 }),
      )
      expect(outcome).toBe('updated')
      expect(await row()).toMatchObject({ givenName: 'Real' })
    })

    test(`a webhook version ${label} does not freeze the profile against the next real JWT`, async () => {
      await deliverWebhook('user.updated', clerkUser({ first_name: 'Frozen', updated_at: future() }))
      expect((await row()).clerkUpdatedAt).toBeLessThanOrEqual(Date.now() + MAX_VERSION_SKEW_MS)
      await storeWithClaims({ givenName: 'Real', updatedAt: String(Date.now() + 1000) })
      expect(await row()).toMatchObject({ givenName: 'Real' })
    })
  }

  test('a row frozen by a future version stored before the bound heals on the next real update', async () => {
    await deliverWebhook('user.updated', clerkUser({ first_name: 'Old' }))
    const { _id } = await row()
    await t.run((ctx) => ctx.db.patch(_id, { clerkUpdatedAt: Date.UTC(2100, 0, 1) }))
    await deliverWebhook('user.updated', clerkUser({ first_name: 'Healed', updated_at: Date.now() - 1000 }))
    expect(await row()).toMatchObject({ givenName: 'Healed' })
    expect((await row()).clerkUpdatedAt).toBeLessThan(Date.now())
  })

  test('a version within the skew is kept as is (ordinary clock drift)', async () => {
    const ahead = Date.now() + 60_000
    await deliverWebhook('user.updated', clerkUser({ updated_at: ahead }))
    expect((await row()).clerkUpdatedAt).toBe(ahead)
  })
})

describe('the same version from the JWT and the webhook merges (item 9)', () => {
  const V = 1_700_000_100_000

  test('a JWT with fewer claims fills nothing in and erases nothing the webhook stored', async () => {
    await deliverWebhook('user.created', clerkUser({ updated_at: V }))
    const before = await row()
    // A template that maps only the name, at the very same Clerk version.
    const result = await storeWithClaims({ name: 'Ada Lovelace', updatedAt: seconds(V) })
    const after = await row()
    expect(after).toEqual({ ...before, tokenIdentifier: ALICE.tokenIdentifier })
    expect(result.changed).toBe(true) // the link only
    for (const field of [
      'email',
      'emailVerified',
      'nickname',
      'pictureUrl',
      'givenName',
      'familyName',
    ] as const)
      expect(after[field], field).toBe(before[field])
  })

  test('the webhook fills what a JWT stored first lacked, and keeps what the JWT stored', async () => {
    await storeWithClaims({ name: 'Ada (from JWT)', updatedAt: seconds(V) })
    await deliverWebhook('user.updated', clerkUser({ updated_at: V }))
    expect(await row()).toMatchObject({
      name: 'Ada (from JWT)',
      email: 'ada@example.com',
      emailVerified: true,
      nickname: 'ada',
      pictureUrl: 'https://img.clerk.com/ada.png',
      clerkUpdatedAt: V,
    })
  })

  test('two sources disagreeing at one version do not flip the row back and forth (no write storm)', async () => {
    await deliverWebhook('user.created', clerkUser({ updated_at: V }))
    await storeWithClaims({ name: 'Ada L.', updatedAt: seconds(V) })
    const settled = await dumpTables(t)
    for (let i = 0; i < 3; i++) {
      await storeWithClaims({ name: 'Ada L.', updatedAt: seconds(V) })
      expect(await deliverWebhook('user.updated', clerkUser({ updated_at: V }))).toBe('unchanged')
    }
    expect((await dumpTables(t)).users).toEqual(settled.users)
  })

  test('a newer version still replaces the profile and clears what disappeared', async () => {
    await deliverWebhook('user.created', clerkUser({ updated_at: V }))
    await storeWithClaims({ name: 'Ada', updatedAt: seconds(V + 1000) })
    const after = await row()
    expect(after.name).toBe('Ada')
    expect(after).not.toHaveProperty('email')
  })
})

// eslint-disable-next-line no-control-regex -- looking for control characters is the point
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/

describe('profile text is cleaned and bounded (item 10)', () => {
  const hostileTexts = [
    'Ada\u202eecalevol', // right-to-left override
    '\u2066admin\u2069 Ada', // isolates
    'Ada\u0000\u0007\u001b[31mRed',
    'Ada\u200f\u061c\u200eMarks',
    'Line\u2028Break\u2029Para',
    'Tab\tand\nnewline\r',
    '\u0085Next line',
    'x'.repeat(100_000),
    '😀'.repeat(150), // surrogate pairs: cut on a code point
    `  ${'é'.repeat(300)}  `,
    '\u202a\u202b\u202c\u202d\u202e', // nothing but controls: becomes "not set"
  ]

  function expectClean(user: Record<string, unknown>) {
    for (const [field, max] of [
      ['name', PROFILE_NAME_MAX],
      ['givenName', PROFILE_NAME_PART_MAX],
      ['familyName', PROFILE_NAME_PART_MAX],
      ['nickname', PROFILE_NICKNAME_MAX],
      ['email', PROFILE_EMAIL_MAX],
      ['pictureUrl', PROFILE_URL_MAX],
    ] as const) {
      const value = user[field]
      if (value === undefined) continue
      expect(typeof value).toBe('string')
      expect(UNSAFE.test(value as string), `${field}: ${JSON.stringify(value)}`).toBe(false)
      // UTF-16 units, as the desktop cache counts them (string.length).
      expect((value as string).length, field).toBeLessThanOrEqual(max)
      expect((value as string).trim()).toBe(value)
      expect(value).not.toBe('')
      // No lone surrogate from a cut inside a pair.
      expect(
        /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(value as string),
        field,
      ).toBe(false)
    }
  }

  test(`${hostileTexts.length} hostile texts in every name field, through the JWT: none stored unclean`, async () => {
    let stored = 0
    for (const [index, text] of hostileTexts.entries()) {
      await storeWithClaims({
        name: text,
        givenName: text,
        familyName: text,
        nickname: text,
        updatedAt: String(1_700_000_000_000 + index * 1000),
      })
      const user = await row()
      expectClean(user)
      if (user.name !== undefined) stored++
    }
    expect(stored).toBe(hostileTexts.length - 1)
  })

  test(`${hostileTexts.length} hostile texts through the webhook: none stored unclean`, async () => {
    for (const [index, whole] of hostileTexts.entries()) {
      // Three 100 KB fields would pass the webhook's 256 KB body limit (refused with 413 before any write).
      const text = whole.slice(0, 80_000)
      await deliverWebhook(
        'user.updated',
        clerkUser({
          first_name: text,
          last_name: text,
          username: text,
          updated_at: 1_700_000_000_000 + index,
        }),
      )
      expectClean(await row())
    }
  })

  test('a bidi override is removed, the readable text kept', async () => {
    await storeWithClaims({ name: 'Ada\u202e Lovelace\u202c', updatedAt: '1700000000' })
    expect((await row()).name).toBe('Ada Lovelace')
  })

  test('emails are kept whole or dropped (with their verification), never shortened', async () => {
    const bad = [
      `${'a'.repeat(250)}@example.com`,
      'ada@exa\u202emple.com'.replace('\u202e', '\u0000\u0000'),
      'not an email',
      'ada@example',
    ]
    for (const [index, email] of bad.entries()) {
      await storeWithClaims({
        email,
        emailVerified: true,
        name: 'Ada',
        updatedAt: String(1_700_000_000 + index),
      })
      const user = await row()
      expectClean(user)
      if (user.email !== undefined) expect(user.email).toMatch(/^[^\s@]+@[^\s@]+\.[^\s@]+$/)
      if (user.email === undefined) expect(user).not.toHaveProperty('emailVerified')
    }
    await storeWithClaims({ email: ' ada@example.com\u200e ', emailVerified: true, updatedAt: '1800000000' })
    expect(await row()).toMatchObject({ email: 'ada@example.com', emailVerified: true })
  })

  test('picture URLs: only https without credentials and bounded', async () => {
    const refused = [
      'javascript:alert(1)',
      'http://img.clerk.com/a.png',
      'file:///etc/passwd',
      'https://user:pw@img.clerk.com/a.png',
      `https://img.clerk.com/${'a'.repeat(PROFILE_URL_MAX)}`,
      'https://img.clerk.com/\u202ea.png',
      'not a url',
    ]
    for (const [index, url] of refused.entries()) {
      await deliverWebhook(
        'user.updated',
        clerkUser({ image_url: url, updated_at: 1_700_000_000_000 + index }),
      )
      expect(await row(), url).not.toHaveProperty('pictureUrl')
    }
  })
})
