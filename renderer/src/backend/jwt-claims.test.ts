import { describe, expect, it } from 'vitest'
import { decodeJwtClaims, expectedClerkIssuer, inspectConvexClaims } from './jwt-claims'

function b64url(text: string): string {
  return btoa(String.fromCharCode(...new TextEncoder().encode(text)))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '')
}

function jwt(payload: unknown, header: unknown = { alg: 'RS256', typ: 'JWT' }): string {
  return `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(payload))}.c2lnbmF0dXJl`
}

describe('decodeJwtClaims', () => {
  it('decodes the payload, including non-ASCII text', () => {
    const decoded = decodeJwtClaims(jwt({ sub: 'user_1', name: 'Zoë Ångström' }))
    expect(decoded).toEqual({ ok: true, claims: { sub: 'user_1', name: 'Zoë Ångström' } })
  })

  it.each([
    [null, 'No token'],
    ['', 'No token'],
    ['abc', 'A JWT has 3 parts separated by dots; this has 1'],
    ['a.b.c.d', 'A JWT has 3 parts separated by dots; this has 4'],
    ['!!!.e30.sig', 'The header is not base64url-encoded text'],
    [`${b64url('{}')}..sig`, 'The payload is not base64url-encoded text'],
    [`${b64url('{}')}.${b64url('not json')}.sig`, 'The payload is not JSON'],
    [`${b64url('{}')}.${b64url('[1,2]')}.sig`, 'The payload is not a JSON object'],
    [`${b64url('{}')}.${b64url('null')}.sig`, 'The payload is not a JSON object'],
    // Invalid UTF-8 (a lone continuation byte) must not decode to replacement characters silently.
    [`${b64url('{}')}.${btoa('\x80').replace(/=+$/, '')}.sig`, 'The payload is not base64url-encoded text'],
  ])('rejects the malformed token %j with a specific reason', (token, reason) => {
    expect(decodeJwtClaims(token)).toEqual({ ok: false, reason })
  })
})

describe('inspectConvexClaims', () => {
  const now = 1_800_000_000_000
  const expectedIssuer = 'https://clerk.example.com'

  it('accepts a token Convex would accept and lists present and missing profile claims', () => {
    const inspection = inspectConvexClaims(
      {
        iss: 'https://clerk.example.com',
        aud: 'convex',
        exp: now / 1000 + 60,
        sub: 'user_1',
        email: 'a@b.co',
        name: '',
      },
      { expectedIssuer, nowMs: now },
    )
    expect(inspection.issuer.ok).toBe(true)
    expect(inspection.audience.ok).toBe(true)
    expect(inspection.expiry).toMatchObject({ ok: true, secondsLeft: 60 })
    const present = inspection.profileClaims.filter((c) => c.present).map((c) => c.name)
    expect(present).toEqual(['sub', 'email'])
  })

  it('flags a wrong issuer, a wrong audience and an expired token', () => {
    const inspection = inspectConvexClaims(
      { iss: 'https://evil.example.com', aud: ['other'], exp: now / 1000 - 5 },
      { expectedIssuer, nowMs: now },
    )
    expect(inspection.issuer).toMatchObject({ ok: false, detail: 'Expected https://clerk.example.com' })
    expect(inspection.audience).toMatchObject({ ok: false, detail: 'Expected "convex"' })
    expect(inspection.expiry).toMatchObject({ ok: false, detail: 'Expired 5 s ago' })
  })

  it('reports missing claims and non-numeric exp as missing, not as valid', () => {
    const inspection = inspectConvexClaims({ exp: 'tomorrow' }, { expectedIssuer, nowMs: now })
    expect(inspection.issuer).toMatchObject({ ok: false, detail: 'Missing' })
    expect(inspection.audience.ok).toBe(false)
    expect(inspection.expiry).toMatchObject({ ok: false, detail: 'Missing', value: null })
  })

  it('cannot confirm the issuer when the app has no expected issuer', () => {
    const inspection = inspectConvexClaims(
      { iss: 'https://clerk.example.com' },
      { expectedIssuer: null, nowMs: now },
    )
    expect(inspection.issuer.ok).toBe(false)
  })

  it('derives the expected issuer from the Frontend API host', () => {
    expect(expectedClerkIssuer('clerk.example.com')).toBe('https://clerk.example.com')
    expect(expectedClerkIssuer(null)).toBeNull()
  })
})
