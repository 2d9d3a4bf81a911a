import { describe, expect, it } from 'vitest'
import { parseConvexUrl, parsePublishableKey } from './config-values'

// Clerk publishable keys are `pk_<test|live>_` + base64("<frontend api host>$").
const encode = (text: string) => Buffer.from(text, 'latin1').toString('base64')
const key = (instance: 'test' | 'live', host: string) => `pk_${instance}_${encode(`${host}$`)}`

describe('parsePublishableKey', () => {
  it('decodes a development key to its Frontend API host', () => {
    expect(parsePublishableKey(key('test', 'happy-otter-12.clerk.accounts.dev'))).toEqual({
      ok: true,
      instance: 'test',
      frontendApiHost: 'happy-otter-12.clerk.accounts.dev',
    })
  })

  it('decodes a production key', () => {
    expect(parsePublishableKey(key('live', 'clerk.harbor.example.com'))).toEqual({
      ok: true,
      instance: 'live',
      frontendApiHost: 'clerk.harbor.example.com',
    })
  })

  it('accepts the key Clerk documents as an example', () => {
    // pk_test_Y2xlcmsuZXhhbXBsZS5jb20k is base64 of "clerk.example.com$"
    expect(parsePublishableKey('pk_test_Y2xlcmsuZXhhbXBsZS5jb20k')).toMatchObject({
      ok: true,
      frontendApiHost: 'clerk.example.com',
    })
  })

  it('trims surrounding whitespace and line breaks (copied from a dashboard)', () => {
    expect(parsePublishableKey(`  ${key('test', 'a-b.clerk.accounts.dev')}\n`)).toMatchObject({
      ok: true,
      frontendApiHost: 'a-b.clerk.accounts.dev',
    })
  })

  it('lower-cases the host', () => {
    expect(parsePublishableKey(key('live', 'Clerk.Example.COM'))).toMatchObject({
      frontendApiHost: 'clerk.example.com',
    })
  })

  it('accepts unpadded and URL-safe base64', () => {
    const unpadded = key('test', 'clerk.ab.dev').replace(/=+$/, '')
    expect(unpadded.endsWith('=')).toBe(false)
    expect(parsePublishableKey(unpadded)).toMatchObject({ ok: true, frontendApiHost: 'clerk.ab.dev' })
    // "??>" encodes to "Pz8+" (standard) / "Pz8-" (URL-safe): only the alphabet differs.
    expect(
      parsePublishableKey(`pk_test_${encode('clerk.ab.dev$').replace(/\+/g, '-').replace(/\//g, '_')}`),
    ).toMatchObject({
      ok: true,
    })
  })

  it.each([
    [undefined, 'VITE_CLERK_PUBLISHABLE_KEY is not set'],
    [null, 'VITE_CLERK_PUBLISHABLE_KEY is not set'],
    ['', 'VITE_CLERK_PUBLISHABLE_KEY is not set'],
    ['   \t\n', 'VITE_CLERK_PUBLISHABLE_KEY is not set'],
  ])('says the key is missing for %j', (raw, reason) => {
    expect(parsePublishableKey(raw)).toEqual({ ok: false, reason })
  })

  it('recognises a secret key pasted by mistake and says so', () => {
    const result = parsePublishableKey('sk_test_abcdefghijklmnopqrstuvwxyz0123456789')
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.reason).toMatch(/secret key \(sk_\.\.\.\)/)
    expect(parsePublishableKey('  sk_live_abc  ')).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/secret key/),
    })
  })

  it.each([
    'pk_prod_Y2xlcmsuZXhhbXBsZS5jb20k',
    'PK_TEST_Y2xlcmsuZXhhbXBsZS5jb20k',
    'pk_test_',
    'Y2xlcmsuZXhhbXBsZS5jb20k',
    'whsec_Y2xlcmsuZXhhbXBsZS5jb20k',
  ])('rejects %j for its prefix', (raw) => {
    expect(parsePublishableKey(raw)).toEqual({
      ok: false,
      reason: 'VITE_CLERK_PUBLISHABLE_KEY must start with pk_test_ or pk_live_',
    })
  })

  it.each([
    ['characters outside base64', 'pk_test_abc$def'],
    ['an impossible base64 length', 'pk_test_Y2xlc'],
    ['padding in the middle', 'pk_test_Y2==xlcmsu'],
    ['an inner space', `pk_test_Y2xlcmsu ZXhhbXBsZS5jb20k`],
    ['unicode', 'pk_test_Y2xlcmsuZXhhbXBsZS5jb20k\u00e9'],
    ['a host without the trailing $', `pk_test_${encode('clerk.example.com')}`],
  ])('rejects a key with %s as not decoding', (_label, raw) => {
    expect(parsePublishableKey(raw)).toEqual({
      ok: false,
      reason: 'VITE_CLERK_PUBLISHABLE_KEY is not a Clerk publishable key (its encoded part does not decode)',
    })
  })

  it.each([
    ['a host with a port', 'localhost:3000'],
    ['a host with a port and dots', 'clerk.example.com:443'],
    ['a host with a path', 'clerk.example.com/v1'],
    ['a URL instead of a host', 'https://clerk.example.com'],
    ['a single label', 'localhost'],
    ['an empty host', ''],
    ['a leading dot', '.clerk.example.com'],
    ['a label ending in a hyphen', 'clerk-.example.com'],
    ['a numeric top-level label', 'clerk.example.123'],
    ['non-ASCII letters', 'cl\u00e9rk.example.com'],
    ['a space', 'clerk example.com'],
    ['a label of 64 characters', `${'a'.repeat(64)}.example.com`],
  ])('rejects a key that encodes %s', (_label, host) => {
    expect(parsePublishableKey(key('test', host))).toEqual({
      ok: false,
      reason: 'VITE_CLERK_PUBLISHABLE_KEY does not encode a valid Frontend API host',
    })
  })

  it('accepts a label of exactly 63 characters', () => {
    expect(parsePublishableKey(key('test', `${'a'.repeat(63)}.example.com`)).ok).toBe(true)
  })
})

describe('parseConvexUrl', () => {
  it('accepts a cloud deployment and derives its other origins', () => {
    expect(parseConvexUrl('https://happy-animal-123.convex.cloud')).toEqual({
      ok: true,
      url: 'https://happy-animal-123.convex.cloud',
      kind: 'cloud',
      httpOrigin: 'https://happy-animal-123.convex.cloud',
      wsOrigin: 'wss://happy-animal-123.convex.cloud',
      siteUrl: 'https://happy-animal-123.convex.site',
    })
  })

  it('accepts a deployment in another region and keeps the region in the site URL', () => {
    expect(parseConvexUrl('https://basic-whale-224.eu-west-1.convex.cloud')).toMatchObject({
      ok: true,
      url: 'https://basic-whale-224.eu-west-1.convex.cloud',
      siteUrl: 'https://basic-whale-224.eu-west-1.convex.site',
    })
  })

  it('normalises a trailing slash, surrounding whitespace, upper case and the default port', () => {
    for (const raw of [
      'https://happy-animal-123.convex.cloud/',
      '  https://happy-animal-123.convex.cloud\n',
      'HTTPS://Happy-Animal-123.Convex.Cloud',
      'https://happy-animal-123.convex.cloud:443',
    ]) {
      expect(parseConvexUrl(raw)).toMatchObject({ ok: true, url: 'https://happy-animal-123.convex.cloud' })
    }
  })

  it.each(['http://127.0.0.1:3210', 'http://localhost:3210', 'http://127.0.0.1:3210/'])(
    'accepts the local backend %s without a site URL',
    (raw) => {
      const result = parseConvexUrl(raw)
      expect(result).toMatchObject({ ok: true, kind: 'local', siteUrl: null })
      if (result.ok) {
        expect(result.wsOrigin).toBe(result.url.replace('http://', 'ws://'))
        expect(result.httpOrigin).toBe(result.url)
      }
    },
  )

  it.each([undefined, null, '', '  \n'])('says the URL is missing for %j', (raw) => {
    expect(parseConvexUrl(raw)).toEqual({ ok: false, reason: 'VITE_CONVEX_URL is not set' })
  })

  it.each([
    ['not a URL', 'happy-animal-123.convex.cloud', 'VITE_CONVEX_URL is not a URL'],
    ['not a URL either', 'https://', 'VITE_CONVEX_URL is not a URL'],
    ['an inner space', 'https://happy-animal-123 .convex.cloud', 'must not contain spaces'],
    ['an inner line break', 'https://happy-\nanimal-123.convex.cloud', 'must not contain spaces'],
    ['an inner tab', 'https://happy-animal-123.con\tvex.cloud', 'must not contain spaces'],
    ['credentials', 'https://user:pw@happy-animal-123.convex.cloud', 'must not contain credentials'],
    ['a user name only', 'https://user@happy-animal-123.convex.cloud', 'must not contain credentials'],
    ['local credentials', 'http://admin:x@127.0.0.1:3210', 'must not contain credentials'],
    ['a path', 'https://happy-animal-123.convex.cloud/api', 'without a path or query'],
    ['a query', 'https://happy-animal-123.convex.cloud/?x=1', 'without a path or query'],
    ['a fragment', 'https://happy-animal-123.convex.cloud/#x', 'without a path or query'],
    ['a local path', 'http://127.0.0.1:3210/api', 'without a path or query'],
    ['plain http to the cloud', 'http://happy-animal-123.convex.cloud', 'must use https'],
    ['a websocket URL', 'wss://happy-animal-123.convex.cloud', 'must use https'],
    ['https to the local backend', 'https://127.0.0.1:3210', 'must be a Convex deployment URL'],
    ['the HTTP actions host', 'https://happy-animal-123.convex.site', 'HTTP actions host (.convex.site)'],
    ['a regional HTTP actions host', 'https://basic-whale-224.eu-west-1.convex.site', 'HTTP actions host'],
    [
      'a look-alike host',
      'https://happy-animal-123.convex.cloud.evil.example',
      'must be a Convex deployment URL',
    ],
    ['a host that only ends like Convex', 'https://evilconvex.cloud', 'must be a Convex deployment URL'],
    ['the bare Convex domain', 'https://convex.cloud', 'must be a Convex deployment URL'],
    ['a custom port', 'https://happy-animal-123.convex.cloud:8443', 'must be a Convex deployment URL'],
    ['too many labels', 'https://a.b.c.convex.cloud', 'must be a Convex deployment URL'],
    ['unicode in the name', 'https://h\u00e4ppy-animal-123.convex.cloud', 'must be a Convex deployment URL'],
    ['another local address', 'http://192.168.1.5:3210', 'must use https'],
  ])('rejects %s', (_label, raw, reason) => {
    const result = parseConvexUrl(raw)
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.reason).toContain(reason)
  })
})
