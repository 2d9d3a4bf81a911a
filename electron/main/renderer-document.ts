// What the main process adds to the renderer's documents, from the public configuration: the CSP, the
// preconnect to Clerk's Frontend API (the session machine's reachability probe and then clerk-js ask it first),
// and the signed-in document's early Convex socket (early-socket.ts), which the CSP allows by its hash. One
// function, so the composition root and the startup benchmark serve the same document.
import { buildContentSecurityPolicy } from './csp'
import { parseConvexUrl, parsePublishableKey } from '../shared/config-values'
import { convexSyncUrl } from '../shared/early-socket'
import { earlySocketScript } from './early-socket'

export interface RendererDocumentConfig {
  publishableKey: string | undefined
  convexUrl: string | undefined
  mode: 'development' | 'production'
  devServerUrl?: string
  /** The `convex` package's version: the renderer's client is the same package, so it asks for this URL. */
  convexClientVersion: string
}

export interface RendererDocument {
  contentSecurityPolicy: string
  preconnect: string[]
  /** For serveRendererRequest's `signedInBodyEnd`; undefined without a valid Convex URL. */
  signedInBodyEnd: string | undefined
}

export function rendererDocument(config: RendererDocumentConfig): RendererDocument {
  const clerk = parsePublishableKey(config.publishableKey)
  const convex = parseConvexUrl(config.convexUrl)
  const earlySocket = convex.ok
    ? earlySocketScript(convexSyncUrl(convex.wsOrigin, config.convexClientVersion))
    : null
  return {
    contentSecurityPolicy: buildContentSecurityPolicy({
      publishableKey: config.publishableKey,
      convexUrl: config.convexUrl,
      mode: config.mode,
      devServerUrl: config.devServerUrl,
      inlineScriptHashes: earlySocket ? [earlySocket.cspSource] : [],
    }),
    preconnect: clerk.ok ? [`https://${clerk.frontendApiHost}`] : [],
    signedInBodyEnd: earlySocket?.element,
  }
}
