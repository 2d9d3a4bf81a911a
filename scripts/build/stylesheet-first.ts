// Puts the renderer's stylesheet links before its module script in the built index.html. Vite writes the entry
// `<script type="module">` first and the CSS `<link>` after it; the window's first frame (electron/shared/
// first-frame.ts) is HTML that waits only for that stylesheet, and with the link second Chromium asked for the
// ~300 kB entry script first, so the frame's paint waited behind it (`npm run bench:startup`, first paint /
// static floor). A module script never blocks parsing or paint, so asking for the stylesheet first costs the
// script nothing it waits on.
import type { Plugin } from 'vite'

const MODULE_SCRIPT = /<script\b[^>]*\btype=["']?module["']?[^>]*>\s*<\/script>/i
const STYLESHEET_LINK = /[ \t]*<link\b[^>]*\brel=["']?stylesheet["']?[^>]*>\n?/gi

/** The same document with every stylesheet `<link>` that followed the first module script moved before it. */
export function stylesheetsBeforeModuleScript(html: string): string {
  const script = MODULE_SCRIPT.exec(html)
  if (!script) return html
  const head = html.slice(0, script.index)
  const rest = html.slice(script.index)
  const links: string[] = []
  const remaining = rest.replace(STYLESHEET_LINK, (link) => {
    links.push(link.trim())
    return ''
  })
  if (links.length === 0) return html
  const indent = /[ \t]*$/.exec(head)?.[0] ?? ''
  return head + links.map((link) => `${link}\n${indent}`).join('') + remaining
}

export function stylesheetFirst(): Plugin {
  return {
    name: 'harbor:stylesheet-first',
    apply: 'build',
    // After Vite has injected the built entry's tags.
    transformIndexHtml: { order: 'post', handler: stylesheetsBeforeModuleScript },
  }
}
