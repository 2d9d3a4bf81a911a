// The Clerk and Convex stand-ins of the live-data rig, run on a thread of their own (standins-thread.ts says
// why). Loaded through Vite inside that thread (the Convex stand-in imports our functions through
// `import.meta.glob`); what the rig may ask of them is the `StandInCalls` below, and nothing else crosses.
import { startClerkStandIn, type ClerkStandIn, type RequestLogEntry } from '../clerk'
import { startConvexStandIn, type FrameLogEntry } from '../convex'
import { CLERK_FRONTEND_API_HOST, CONVEX_DEPLOYMENT_HOST } from '../hosts'
import { testCertificate } from '../tls'

export interface HostedStandIns {
  clerk: { host: string; port: number; issuer: string }
  convex: { host: string; port: number }
  /** The certificate both serve (made in this thread): what the app's main process must trust to reach them. */
  ca: string
}

export interface StandInCalls {
  /** `userMs` each way between the window and either stand-in; `serverMs` between the Convex backend and
   *  Clerk's Frontend API (its discovery and JWKS fetches), the data centres' network. */
  setLatency(userMs: number, serverMs: number): void
  createUser(user: Parameters<ClerkStandIn['createUser']>[0]): { id: string }
  /** How many requests and frames each log holds, so a run can read only its own. */
  logLengths(): { clerk: number; convex: number }
  logsSince(from: { clerk: number; convex: number }): {
    clerkRequests: RequestLogEntry[]
    convexFrames: FrameLogEntry[]
  }
  /** The signed-in user's name in Convex (the rig's marker of a value only the server has). */
  setServerName(name: string): Promise<void>
  stop(): Promise<void>
}

export async function startHostedStandIns(): Promise<{ info: HostedStandIns; calls: StandInCalls }> {
  const clerk = await startClerkStandIn()
  try {
    // As Harbor's README sets Clerk up: the Convex integration with the profile claims mapped.
    clerk.setTokenMode('integration', { profileClaimsMapped: true })
    const convex = await startConvexStandIn({
      env: { CLERK_JWT_ISSUER_DOMAIN: clerk.issuer },
      // The backend reaches Clerk over the data centres' network: its own listener, its own latency.
      upstream: { [CLERK_FRONTEND_API_HOST]: clerk.serverPort },
    })
    return {
      info: {
        clerk: { host: clerk.host, port: clerk.port, issuer: clerk.issuer },
        convex: { host: convex.host, port: convex.port },
        // The stand-ins' own, from this thread's cache (tls.ts makes one per host list and process).
        ca: (await testCertificate([CLERK_FRONTEND_API_HOST, CONVEX_DEPLOYMENT_HOST])).cert,
      },
      calls: {
        setLatency(userMs, serverMs) {
          clerk.setLatency(userMs)
          clerk.setServerLatency(serverMs)
          convex.setLatency(userMs)
        },
        createUser: (user) => clerk.createUser(user),
        logLengths: () => ({ clerk: clerk.requests.length, convex: convex.frames.length }),
        logsSince: (from) => ({
          clerkRequests: clerk.requests.slice(from.clerk),
          convexFrames: convex.frames.slice(from.convex),
        }),
        async setServerName(name) {
          await convex.t.run(async (ctx) => {
            const row = await ctx.db.query('users').first()
            if (!row) throw new Error('the signed-in user has no Convex row')
            await ctx.db.patch(row._id, { name, clerkUpdatedAt: Date.now() })
          })
        },
        async stop() {
          await Promise.all([convex.stop(), clerk.stop()])
        },
      },
    }
  } catch (error) {
    await clerk.stop()
    throw error
  }
}
