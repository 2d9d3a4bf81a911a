// The provider tree: ClerkProvider (Electron flavour: token cache and OAuth through the preload bridge) ->
// ConvexProviderWithClerk (Convex gets Clerk's `convex` token; data is gated on useConvexAuth()). The error
// boundary sits outside (main.tsx) so even a provider failure shows a way out.
import { ClerkProvider } from '@clerk/electron/react'
import type { ConvexReactClient } from 'convex/react'
import { ConvexProviderWithClerk } from 'convex/react-clerk'
import type { ReactNode } from 'react'
import { navigate } from '../shell/router'
import { useAuthForConvex } from './use-auth-for-convex'

// Clerk hands full URLs or paths; anything outside the renderer origin is refused by `navigate`.
const routerPush = (to: string) => {
  navigate(to)
}
const routerReplace = (to: string) => {
  navigate(to, { replace: true })
}

export function AppProviders({
  publishableKey,
  convex,
  children,
}: {
  publishableKey: string
  convex: ConvexReactClient
  children: ReactNode
}) {
  return (
    <ClerkProvider
      publishableKey={publishableKey}
      routerPush={routerPush}
      routerReplace={routerReplace}
      signInFallbackRedirectUrl="/"
      signUpFallbackRedirectUrl="/"
      afterSignOutUrl="/"
    >
      <ConvexProviderWithClerk client={convex} useAuth={useAuthForConvex}>
        {children}
      </ConvexProviderWithClerk>
    </ClerkProvider>
  )
}
