import { describe, expect, it } from 'vitest'
import { redactEmail, scrubSecrets } from './redact'

describe('redaction', () => {
  it('keeps the first letter and the domain of an email address', () => {
    expect(redactEmail('alice@example.com')).toBe('a***@example.com')
    expect(redactEmail('not-an-email')).toBe('***')
  })

  it('scrubs JWTs, bearer tokens, secret keys and email addresses from free text, idempotently', () => {
    const token = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1c2VyXzEifQ.c2lnbmF0dXJlLXNpZ25hdHVyZQ'
    const text = `failed for bob.smith@corp.example with ${token}; header Bearer abc123; key sk_test_abcdefghijkl`
    const once = scrubSecrets(text)
    expect(once).not.toContain(token)
    expect(once).not.toContain('bob.smith@')
    expect(once).not.toContain('abc123')
    expect(once).not.toContain('sk_test_abcdefghijkl')
    expect(once).toContain('b***@corp.example')
    expect(scrubSecrets(once)).toBe(once)
  })

  it('leaves ordinary diagnostics text alone', () => {
    const text = 'version: 0.1.0 host: verified-mallard-42.clerk.accounts.dev at 2026-11-26T14:00:00.000Z'
    expect(scrubSecrets(text)).toBe(text)
  })
})
