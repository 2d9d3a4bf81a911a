// What the main process adds to the renderer's documents, from the public configuration: the CSP, the
// preconnect to Clerk's Frontend API (the session machine's reachability probe and then clerk-js ask it first),
// and the signed-in document's two inline scripts, which the CSP allows by their hashes: the early Convex socket
// (early-socket.ts) and the loader of the module scripts held until the first frame (after-first-frame.ts). One
// function, so the composition root and the startup benchmark serve the same document.
import { buildContentSecurityPolicy } from './csp'
import { parseConvexUrl, parsePublishableKey } from '../shared/config-values'
import { convexSyncUrl } from '../shared/early-socket'
import { earlySocketScript } from './early-socket'
import { afterFirstFrameLoader } from './after-first-frame'

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
  /** For serveRendererRequest's `afterFirstFrameLoader`. */
  afterFirstFrameLoader: string
}

export function rendererDocument(config: RendererDocumentConfig): RendererDocument {
  const clerk = parsePublishableKey(config.publishableKey)
  const convex = parseConvexUrl(config.convexUrl)
  const earlySocket = convex.ok
    ? earlySocketScript(convexSyncUrl(convex.wsOrigin, config.convexClientVersion))
    : null
  const loader = afterFirstFrameLoader()
  return {
    contentSecurityPolicy: buildContentSecurityPolicy({
      publishableKey: config.publishableKey,
      convexUrl: config.convexUrl,
      mode: config.mode,
      devServerUrl: config.devServerUrl,
      inlineScriptHashes: [...(earlySocket ? [earlySocket.cspSource] : []), loader.cspSource],
    }),
    preconnect: clerk.ok ? [`https://${clerk.frontendApiHost}`] : [],
    signedInBodyEnd: earlySocket?.element,
    afterFirstFrameLoader: loader.element,
  }
}
