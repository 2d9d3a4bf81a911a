// The `useAuth` handed to ConvexProviderWithClerk: Clerk's own hook, with `getToken` bounded in time and its
// network failures reported. Clerk's `useAuth().getToken()` can hang while the Frontend API is unreachable, and
// ConvexProviderWithClerk turns any failure into "no token" (which must never be read as signed out), so the
// session machine learns about the failure here instead.
import { useAuth } from '@clerk/electron/react'
import { TimeoutError, withTimeout } from '../../../../electron/shared/with-timeout'
import { isClerkNetworkError, reportClerkOffline } from '../clerk-network'

export const TOKEN_TIMEOUT_MS = 15_000

type GetToken = ReturnType<typeof useAuth>['getToken']

function bounded(getToken: GetToken): GetToken {
  return ((options?: Parameters<GetToken>[0]) =>
    withTimeout(() => getToken(options), TOKEN_TIMEOUT_MS, 'Clerk (a token)', reportClerkOffline).catch(
      (error: unknown) => {
        if (isClerkNetworkError(error) && !(error instanceof TimeoutError)) reportClerkOffline()
        throw error
      },
    )) as GetToken
}

/** Module-level and stable: ConvexProviderWithClerk memoises on the identity of the hook it is given. */
export function useAuthForConvex(): ReturnType<typeof useAuth> {
  const auth = useAuth()
  return { ...auth, getToken: bounded(auth.getToken) }
}
