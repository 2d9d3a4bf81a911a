// The signed-in document's module scripts held until its first frame (why: electron/shared/after-first-frame.ts):
// the rewrite that makes them inert, and the inline script that makes them real again. The CSP allows that script
// by its hash; the scripts it makes real are the document's own files, which `script-src 'self'` already allows.
import {
  HELD_PRELOAD_REL,
  HELD_SCRIPT_TYPE,
  LOADED_ATTRIBUTE,
  NO_FRAME_FALLBACK_MS,
} from '../shared/after-first-frame'
import { hashedInlineScript, type HashedInlineScript } from './csp'

/**
 * The document with its module scripts and module preloads inert: `<script type="module"` and
 * `<link rel="modulepreload"` as Vite writes them into index.html (double quotes, the attribute first). Anything
 * written otherwise is left as it is and simply loads at once, as without this.
 */
export function holdModuleScripts(html: string): string {
  return html
    .replace(/<script type="module"(?=[\s>])/g, `<script type="${HELD_SCRIPT_TYPE}"`)
    .replace(/<link rel="modulepreload"(?=[\s>])/g, `<link rel="${HELD_PRELOAD_REL}"`)
}

/**
 * The loader: once the page has produced a frame (an animation frame, then a task, so the frame's paint is
 * done), or after NO_FRAME_FALLBACK_MS without one, every held element is replaced by a real one with the same
 * URL and `crossorigin`, in document order. Once only, whichever comes first; ES5 and self-contained. For the end
 * of the body, after anything that must run first (the early socket).
 */
export function afterFirstFrameLoader(): HashedInlineScript {
  const selector = JSON.stringify(`script[type="${HELD_SCRIPT_TYPE}"],link[rel="${HELD_PRELOAD_REL}"]`)
  const attribute = JSON.stringify(LOADED_ATTRIBUTE)
  const code =
    `(function(){var done=false;function load(why){if(done)return;done=true;` +
    `var held=document.querySelectorAll(${selector});` +
    `for(var i=0;i<held.length;i++){var h=held[i],n;` +
    `if(h.tagName==='SCRIPT'){n=document.createElement('script');n.type='module';n.src=h.src;n.setAttribute(${attribute},why)}` +
    `else{n=document.createElement('link');n.rel='modulepreload';n.href=h.href}` +
    `if(h.crossOrigin!==null)n.crossOrigin=h.crossOrigin;h.parentNode.replaceChild(n,h)}}` +
    `requestAnimationFrame(function(){setTimeout(function(){load('frame')},0)});` +
    `setTimeout(function(){load('timeout')},${NO_FRAME_FALLBACK_MS})})()`
  return hashedInlineScript(code)
}
