import type { AuthConfig } from 'convex/server'

// Clerk issues the JWT (Convex integration or a JWT template named "convex", hence the audience).
// CLERK_JWT_ISSUER_DOMAIN lives in the Convex deployment's environment, e.g. https://verb-noun-00.clerk.accounts.dev
export default {
  providers: [
    {
      domain: process.env.CLERK_JWT_ISSUER_DOMAIN!,
      applicationID: 'convex',
    },
  ],
} satisfies AuthConfig
