import { useCallback, useEffect, useRef, useState } from 'react'
import { convexTokenRequest, type ConvexTokenSource } from '../../backend/convex-token-source'
import type { TokenDiagnosis } from './diagnostics-report'
import { decodeJwtClaims, inspectConvexClaims } from '../../backend/jwt-claims'
import { withTimeout } from '../../../../electron/shared/with-timeout'

/** Clerk's `getToken` can hang while its API is unreachable: never wait longer than this. */
export const TOKEN_CHECK_TIMEOUT_MS = 8_000

type GetToken = (options?: { template?: string }) => Promise<string | null>

export interface TokenInspection {
  diagnosis: TokenDiagnosis
  checking: boolean
  check(): void
}

/**
 * Fetches the token Convex receives (`source`: the session token with Clerk's Convex integration, else the
 * `convex` template token) and keeps only what its claims say. The raw token lives in one local variable for the
 * duration of the decode: it is never put in state, logged, or stored.
 */
export function useTokenInspection(
  getToken: GetToken,
  enabled: boolean,
  expectedIssuer: string | null,
  source: ConvexTokenSource,
): TokenInspection {
  const [request, setRequest] = useState(0)
  const [result, setResult] = useState<{ request: number; diagnosis: TokenDiagnosis } | null>(null)
  const latestGetToken = useRef(getToken)
  useEffect(() => {
    latestGetToken.current = getToken
  }, [getToken])

  useEffect(() => {
    if (!enabled) return
    // A check started later wins: the cleanup silences an earlier, slower one.
    let active = true
    withTimeout(latestGetToken.current(convexTokenRequest(source)), TOKEN_CHECK_TIMEOUT_MS, 'Clerk')
      .then((token): TokenDiagnosis => {
        if (token === null)
          return { state: 'none', source, detail: 'Clerk returned no token: there is no active session.' }
        const decoded = decodeJwtClaims(token)
        if (!decoded.ok)
          return { state: 'error', source, detail: `The token could not be decoded: ${decoded.reason}.` }
        return {
          state: 'decoded',
          source,
          inspection: inspectConvexClaims(decoded.claims, { expectedIssuer, nowMs: Date.now() }),
        }
      })
      .catch((error: unknown): TokenDiagnosis => {
        const message = error instanceof Error ? error.message : String(error)
        return { state: 'error', source, detail: `Clerk could not provide a token: ${message}` }
      })
      .then((diagnosis) => {
        if (active) setResult({ request, diagnosis })
      })
    return () => {
      active = false
    }
  }, [enabled, request, expectedIssuer, source])

  const check = useCallback(() => setRequest((previous) => previous + 1), [])
  if (!enabled) return { diagnosis: { state: 'not-checked' }, checking: false, check }
  return {
    diagnosis: result?.diagnosis ?? { state: 'not-checked' },
    checking: result?.request !== request,
    check,
  }
}
