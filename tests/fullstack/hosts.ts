// The host names the full-stack build is compiled against. `.test` never resolves (RFC 6761) and Chromium maps
// each name to its stand-in's loopback port with --host-resolver-rules, so with a stand-in stopped the app meets
// exactly what a user meets offline: a name that does not answer.
export const CLERK_FRONTEND_API_HOST = 'clerk.harbor-fullstack.test'
/** Convex cloud deployments are `<name>.convex.cloud`; the app's config parser requires that shape. */
export const CONVEX_DEPLOYMENT_HOST = 'harbor-fullstack.convex.cloud'
export const CONVEX_URL = `https://${CONVEX_DEPLOYMENT_HOST}`
/** `pk_test_` + base64(`host$`): how Clerk publishable keys encode their Frontend API host. */
export const PUBLISHABLE_KEY = `pk_test_${Buffer.from(`${CLERK_FRONTEND_API_HOST}$`).toString('base64')}`
/** The issuer Clerk puts in `iss`: its Frontend API URL. Convex's CLERK_JWT_ISSUER_DOMAIN is this value. */
export const CLERK_ISSUER = `https://${CLERK_FRONTEND_API_HOST}`
