// The `useAuth` handed to ConvexProviderWithClerk: Clerk's own hook, with `getToken` bounded in time and its
// network failures reported. Clerk's `useAuth().getToken()` can hang while the Frontend API is unreachable, and
// ConvexProviderWithClerk turns any failure into "no token" (which must never be read as signed out), so the
// session machine learns about the failure here instead.
import { useAuth } from '@clerk/electron/react'
import { isClerkNetworkError, reportClerkOffline } from './clerk-network'

export const TOKEN_TIMEOUT_MS = 15_000

class TokenTimeoutError extends Error {
  override name = 'TimeoutError'
}

type GetToken = ReturnType<typeof useAuth>['getToken']

function bounded(getToken: GetToken): GetToken {
  return ((options?: Parameters<GetToken>[0]) =>
    new Promise<string | null>((resolve, reject) => {
      const timer = setTimeout(() => {
        reportClerkOffline()
        reject(new TokenTimeoutError(`Clerk did not return a token within ${TOKEN_TIMEOUT_MS} ms`))
      }, TOKEN_TIMEOUT_MS)
      getToken(options).then(
        (token) => {
          clearTimeout(timer)
          resolve(token)
        },
        (error: unknown) => {
          clearTimeout(timer)
          if (isClerkNetworkError(error)) reportClerkOffline()
          reject(error)
        },
      )
    })) as GetToken
}

/** Module-level and stable: ConvexProviderWithClerk memoises on the identity of the hook it is given. */
export function useAuthForConvex(): ReturnType<typeof useAuth> {
  const auth = useAuth()
  return { ...auth, getToken: bounded(auth.getToken) }
}
