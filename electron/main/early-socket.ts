// The signed-in document's inline script that opens the window's Convex WebSocket before any other script has
// loaded (why: electron/shared/early-socket.ts). The CSP allows exactly this script by its hash: no
// 'unsafe-inline', and a changed script (another deployment, another client version) gets its own hash.
import { EARLY_SOCKET_GLOBAL, EARLY_SOCKET_UNCLAIMED_MS } from '../shared/early-socket'
import { hashedInlineScript, type HashedInlineScript } from './csp'

/**
 * The script for `syncUrl` (convexSyncUrl), for the end of the document's body (renderer-protocol.ts says why
 * there), or null for anything but a ws(s) URL. The URL goes in as a JSON
 * string with `<` escaped, so no value can end the script element early.
 */
export function earlySocketScript(syncUrl: string): HashedInlineScript | null {
  let url: URL
  try {
    url = new URL(syncUrl)
  } catch {
    return null
  }
  if (url.protocol !== 'wss:' && url.protocol !== 'ws:') return null
  const literal = JSON.stringify(url.href).replace(/</g, '\\u003c')
  const global = JSON.stringify(EARLY_SOCKET_GLOBAL)
  // ES5 and self-contained: it runs before anything else on the page. A socket nobody took in time is closed
  // and forgotten; one that fails to construct (a CSP refusal) leaves nothing behind, and the client opens its own.
  const code =
    `(function(){try{var s=new WebSocket(${literal});window[${global}]=s;` +
    `setTimeout(function(){if(window[${global}]===s){window[${global}]=undefined;s.close()}},${EARLY_SOCKET_UNCLAIMED_MS})` +
    `}catch(e){}})()`
  return hashedInlineScript(code)
}
