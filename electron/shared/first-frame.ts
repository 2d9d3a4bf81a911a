// The first frame's markup: what the window paints from HTML and CSS before any script runs (VS Code's
// `partsSplash`). The main process fills it from the encrypted last-known-user cache and serves it inside
// index.html's #root (electron/main/first-frame.ts); React's first commit replaces #root's children with the
// real shell, so this markup must lay out exactly like the shell's first render from the cache
// (renderer/src/shell/Shell.tsx in offline mode, inside WindowFrame). It uses the shell's own class names and
// structure; `renderer/src/shell/first-frame.test.tsx` compares it with the real Shell's render and
// `tests/browser/first-frame.test.ts` measures that taking it over moves nothing.
// Pure: no Node, no DOM. Every value is HTML-escaped here, so a cached name can only ever be text.
import type { AppearanceMode } from './contract'
import { formatAge } from './format-age'
import { parseRoutePath, STATIC_ROUTE_PATHS, type RouteName } from './rules/routes'

/** The display fields a first frame may carry: nothing else of the cache ever reaches the document. */
export interface FirstFrameUser {
  name?: string | undefined
  email?: string | undefined
  confirmedOnlineAt: number
}

export interface FirstFrameLayout {
  sidebarCollapsed: boolean
}

export type FirstFrameInput =
  | { kind: 'neutral'; appearance: AppearanceMode }
  | {
      kind: 'signed-in'
      user: FirstFrameUser
      appearance: AppearanceMode
      layout: FirstFrameLayout
      /** The document's path (`/devices`), so the sidebar marks the same page the router will. */
      pathname: string
      now: number
    }

/** Where index.html wants the frame: inside #root, which React empties at its first commit. */
export const FIRST_FRAME_SLOT = '<!--harbor:first-frame-->'

/**
 * The offline shell's reason before the session machine knows more (session-view.ts, `connecting`); its first
 * state also has the reachability probe in flight, hence the banner's disabled "Retrying…".
 */
export const FIRST_FRAME_REASON = 'Connecting… Showing what was last synced.'

export const DEFAULT_FIRST_FRAME_LAYOUT: FirstFrameLayout = { sidebarCollapsed: false }

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
}

/** Text or attribute value made inert: no markup, no attribute break-out, whatever the cache holds. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (character) => ESCAPES[character] ?? character)
}

/** The name the account button shows: the same fallback chain as the shell's user menu. */
export function displayNameOf(user: Pick<FirstFrameUser, 'name' | 'email'>): string {
  return user.name ?? user.email ?? 'Account'
}

/** The avatar's letters when there is no picture (the same rule as renderer/src/ui/Avatar.tsx). */
export function initialsOf(user: Pick<FirstFrameUser, 'name' | 'email'>): string {
  const source = user.name?.trim() || user.email?.split('@')[0] || '?'
  const parts = source.split(/\s+/).filter(Boolean)
  const letters = parts.length > 1 ? (parts[0]?.[0] ?? '') + (parts.at(-1)?.[0] ?? '') : source.slice(0, 2)
  return letters.toUpperCase()
}

const NAVIGATION: Array<{ to: string; label: string; matches: RouteName[] }> = [
  { to: STATIC_ROUTE_PATHS.profile, label: 'Profile', matches: ['home', 'profile'] },
  { to: STATIC_ROUTE_PATHS.devices, label: 'Devices', matches: ['devices', 'device'] },
  { to: STATIC_ROUTE_PATHS.settings, label: 'Settings', matches: ['settings'] },
  { to: STATIC_ROUTE_PATHS.diagnostics, label: 'Diagnostics', matches: ['diagnostics'] },
]

function currentRoute(pathname: string): RouteName | null {
  const parsed = parseRoutePath(pathname, { decode: true })
  return parsed.ok ? parsed.route.name : null
}

/**
 * The frame's markup for #root. `neutral` is empty: with no usable cache the first screen is not the shell
 * (connecting or sign-in), so painting one would be a flash of the wrong screen; the window background
 * (index.html's own style) is all that shows.
 */
export function renderFirstFrame(input: FirstFrameInput): string {
  if (input.kind === 'neutral') return ''
  const { user, layout } = input
  const name = escapeHtml(displayNameOf(user))
  const route = currentRoute(input.pathname)
  const links = NAVIGATION.map((item) => {
    const current = route !== null && item.matches.includes(route) ? ' aria-current="page"' : ''
    return `<li><a href="${item.to}"${current}>${item.label}</a></li>`
  }).join('')
  const age = escapeHtml(formatAge(user.confirmedOnlineAt, input.now))
  const sidebar = layout.sidebarCollapsed ? ' data-sidebar="collapsed"' : ''
  // Attributes the shell does not carry (data-first-frame, data-appearance) sit on the outer frame only, and the
  // `data-testid` hooks tests wait on are left to React: they mean "React is attached".
  return (
    `<div class="window-frame" data-first-frame="signed-in" data-appearance="${escapeHtml(input.appearance)}">` +
    `<div class="window-frame-content">` +
    `<div class="shell" data-mode="offline"${sidebar}>` +
    `<header class="header"><span class="app-name">Harbor</span>` +
    `<div class="user-menu"><button type="button" class="user-menu-button" aria-haspopup="menu" aria-expanded="false" aria-label="Account menu for ${name}">` +
    `<span class="avatar avatar-initials" aria-hidden="true">${escapeHtml(initialsOf(user))}</span>` +
    `<span class="user-name">${name}</span></button></div></header>` +
    `<div class="offline-banner" role="status"><span class="offline-dot" aria-hidden="true"></span>` +
    `<span>${FIRST_FRAME_REASON} Last synced ${age}.</span><button type="button" disabled>Retrying…</button></div>` +
    `<div class="body"><nav class="sidebar" aria-label="Main"><ul>${links}</ul></nav>` +
    `<main class="content" id="content" tabindex="-1"></main></div>` +
    `</div></div></div>`
  )
}

/**
 * index.html with the frame in its slot. Throws when the slot is missing: a build that lost it would otherwise
 * quietly paint nothing early, and the benchmark and tests must hear about that.
 */
export function fillFirstFrame(html: string, input: FirstFrameInput): string {
  const at = html.indexOf(FIRST_FRAME_SLOT)
  if (at === -1) throw new Error(`index.html has no ${FIRST_FRAME_SLOT} slot for the first frame`)
  return html.slice(0, at) + renderFirstFrame(input) + html.slice(at + FIRST_FRAME_SLOT.length)
}
