// A JWT's payload, decoded without any check of its signature: for *reading* claims (Diagnostics, the early
// session's choice of a token worth sending). Nothing may treat the result as trustworthy: Convex verifies
// tokens server-side. Pure (atob and TextDecoder exist in every process): main and renderer both use it.

export type Claims = Record<string, unknown>

export type DecodedToken = { ok: true; claims: Claims } | { ok: false; reason: string }

function decodeBase64Url(segment: string): string | null {
  if (segment === '' || !/^[A-Za-z0-9_-]+$/.test(segment)) return null
  const base64 = segment.replace(/-/g, '+').replace(/_/g, '/')
  try {
    const binary = atob(base64.padEnd(Math.ceil(base64.length / 4) * 4, '='))
    const bytes = Uint8Array.from(binary, (char) => char.charCodeAt(0))
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    return null
  }
}

export function decodeJwtClaims(token: unknown): DecodedToken {
  if (typeof token !== 'string' || token.trim() === '') return { ok: false, reason: 'No token' }
  const parts = token.trim().split('.')
  if (parts.length !== 3)
    return { ok: false, reason: `A JWT has 3 parts separated by dots; this has ${parts.length}` }
  const header = decodeBase64Url(parts[0] ?? '')
  if (header === null) return { ok: false, reason: 'The header is not base64url-encoded text' }
  const payload = decodeBase64Url(parts[1] ?? '')
  if (payload === null) return { ok: false, reason: 'The payload is not base64url-encoded text' }
  let claims: unknown
  try {
    claims = JSON.parse(payload)
  } catch {
    return { ok: false, reason: 'The payload is not JSON' }
  }
  if (claims === null || typeof claims !== 'object' || Array.isArray(claims)) {
    return { ok: false, reason: 'The payload is not a JSON object' }
  }
  return { ok: true, claims: claims as Claims }
}
