// Convex functions get `process.env` at runtime, but the renderer type-checks these files too (through
// `convex/_generated/api`) without Node types. A module-local declaration keeps both programs compiling.
declare const process: { env: Record<string, string | undefined> }

/** A Convex deployment environment variable, or undefined when it is unset or blank. */
export function readEnv(
  name:
    | 'CLERK_WEBHOOK_SECRET'
    | 'CLERK_JWT_ISSUER_DOMAIN'
    | 'CLERK_SECRET_KEY'
    | 'CLERK_API_URL'
    | 'CLERK_API_TIMEOUT_MS',
): string | undefined {
  const value = process.env[name]?.trim()
  return value ? value : undefined
}
