// The reference the live-data benchmark measures Harbor against: a page wired the way Clerk's and Convex's
// templates wire it, nothing tuned. Convex's "React + Clerk" quickstart (docs.convex.dev/auth/clerk) creates the
// client at module level, wraps the app in `ClerkProvider` then `ConvexProviderWithClerk client={convex}
// useAuth={useAuth}`, and reads data inside `<Authenticated>` with `useQuery`; the Electron flavour of
// ClerkProvider is `@clerk/electron/react` (token cache and OAuth through the preload bridge, as in Clerk's
// Electron quickstart). The page shows `users.me` the moment it arrives, under the same markers the benchmark
// waits for in Harbor (`[data-mode="live"] .profile-name`).
//
// The sources are written out and built at benchmark time (build.ts), like the bench's bare React page, so they
// are not part of any type-checked project; Vite's build fails on any error in them.
export const REFERENCE_HTML = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="UTF-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1.0" />
    <title>Template-wired reference</title>
  </head>
  <body>
    <div id="root"></div>
    <script type="module" src="./main.tsx"></script>
  </body>
</html>
`

/** `apiModule`: absolute path of convex/_generated/api (the sources are built outside the repository tree). */
export function referenceMain(apiModule: string): string {
  return `import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { ClerkProvider, useAuth } from '@clerk/electron/react'
import { Authenticated, ConvexReactClient, Unauthenticated, useQuery } from 'convex/react'
import { ConvexProviderWithClerk } from 'convex/react-clerk'
import { api } from ${JSON.stringify(apiModule)}

const convex = new ConvexReactClient(import.meta.env.VITE_CONVEX_URL as string)

function Profile() {
  const me = useQuery(api.users.me)
  if (me === undefined) return <p>Loading…</p>
  return (
    <div data-testid="app-shell" data-mode="live">
      <p className="profile-name">{me?.name}</p>
      <p className="profile-email">{me?.email}</p>
    </div>
  )
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ClerkProvider publishableKey={import.meta.env.VITE_CLERK_PUBLISHABLE_KEY as string} afterSignOutUrl="/">
      <ConvexProviderWithClerk client={convex} useAuth={useAuth}>
        <Authenticated>
          <Profile />
        </Authenticated>
        <Unauthenticated>
          <p data-screen="signed-out">Signed out</p>
        </Unauthenticated>
      </ConvexProviderWithClerk>
    </ClerkProvider>
  </StrictMode>,
)
`
}
