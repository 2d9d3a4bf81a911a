// The provider tree: ClerkProvider (Electron flavour: token cache and OAuth through the preload bridge) ->
// ConvexProviderWithAuth with Clerk's token, chosen as ConvexProviderWithClerk chooses it, and the early session
// before Clerk has loaded (useConvexAuthFromClerk.ts); data is gated on useConvexAuth(). The error boundary sits
// outside (main.tsx) so even a provider failure shows a way out.
import { ClerkProvider } from '@clerk/electron/react'
import { ConvexProviderWithAuth, type ConvexReactClient } from 'convex/react'
import { loadClerkUIScript } from '@clerk/shared/loadClerkJsScript'
import { useSyncExternalStore, type ReactNode } from 'react'
import { navigate } from '../../routing/router'
import { installDeferredClerkUi, type ClerkUiSlot } from './deferred-clerk-ui'
import { useConvexAuthFromClerk } from './useConvexAuthFromClerk'

// Clerk hands full URLs or paths; anything outside the renderer origin is refused by `navigate`.
const routerPush = (to: string) => {
  navigate(to)
}
const routerReplace = (to: string) => {
  navigate(to, { replace: true })
}

// Clerk's prebuilt sign-in follows the OS colour scheme like the rest of the window (same palette as styles.css).
function clerkAppearance(variables: { colorForeground: string } & Record<string, string>) {
  return {
    variables,
    // Clerk greys the social buttons' small text (#797a7d on #fbfbfb, 4.1:1): below WCAG AA, found by axe.
    elements: { socialButtonsBlockButtonText: { color: variables.colorForeground } },
  }
}
const APPEARANCE_LIGHT = clerkAppearance({
  colorPrimary: '#2f5bd3',
  colorPrimaryForeground: '#ffffff',
  colorBackground: '#ffffff',
  colorForeground: '#1b1d21',
  colorMutedForeground: '#5d6470',
  colorInput: '#ffffff',
  colorInputForeground: '#1b1d21',
  colorNeutral: '#1b1d21',
})
const APPEARANCE_DARK = clerkAppearance({
  colorPrimary: '#7c9cff',
  colorPrimaryForeground: '#0d1020',
  colorBackground: '#212328',
  colorForeground: '#e8e9ec',
  colorMutedForeground: '#a0a6b1',
  colorInput: '#2a2d33',
  colorInputForeground: '#e8e9ec',
  colorNeutral: '#e8e9ec',
})

const DARK_QUERY = '(prefers-color-scheme: dark)'

function subscribeColorScheme(listener: () => void): () => void {
  const query = window.matchMedia(DARK_QUERY)
  query.addEventListener('change', listener)
  return () => query.removeEventListener('change', listener)
}

function usePrefersDark(): boolean {
  return useSyncExternalStore(subscribeColorScheme, () => window.matchMedia(DARK_QUERY).matches)
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
  const dark = usePrefersDark()
  // Before ClerkProvider renders (it reads the slot then): Clerk's UI script only once a component shows.
  installDeferredClerkUi(window as unknown as ClerkUiSlot, () => loadClerkUIScript({ publishableKey }))
  return (
    <ClerkProvider
      publishableKey={publishableKey}
      appearance={dark ? APPEARANCE_DARK : APPEARANCE_LIGHT}
      routerPush={routerPush}
      routerReplace={routerReplace}
      signInFallbackRedirectUrl="/"
      signUpFallbackRedirectUrl="/"
      afterSignOutUrl="/"
      // Off: a development instance would post usage events to clerk-telemetry.com, which our CSP blocks (console
      // errors), and a desktop app should not report its users' clicks to a third party by default. With
      // `false` clerk-js creates no telemetry collector at all (Clerk#load), so nothing is queued or sent.
      telemetry={false}
    >
      <ConvexProviderWithAuth client={convex} useAuth={useConvexAuthFromClerk}>
        {children}
      </ConvexProviderWithAuth>
    </ClerkProvider>
  )
}
