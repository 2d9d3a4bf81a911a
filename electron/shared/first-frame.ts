// The first frame's markup: what the window paints from HTML and CSS before any script runs (VS Code's
// `partsSplash`). The main process fills it from the encrypted last-known-user cache and serves it inside
// index.html's #root (electron/main/first-frame.ts); React's first commit replaces #root's children with the
// real shell, so this markup must lay out exactly like the shell's first render from the cache
// (renderer/src/shell/Shell.tsx in offline mode while connecting, inside WindowFrame; the structure is listed at
// the top of Shell.tsx). It uses the shell's own class names and structure; `renderer/src/shell/first-frame.test.tsx`
// compares it with the real Shell's render and `tests/browser/first-frame.test.ts` measures that taking it over
// moves nothing.
// Pure: no Node, no DOM. Every value is HTML-escaped here, so a cached name can only ever be text.
import type { AppearanceMode, DevicePlatform } from './contract'
import { FIRST_FRAME_ICONS, iconMarkup } from './first-frame-icons'
import { parseRoutePath, STATIC_ROUTE_PATHS, type RouteName } from './rules/routes'

/** The display fields a first frame may carry: nothing else of the cache ever reaches the document. */
export interface FirstFrameUser {
  name?: string | undefined
  email?: string | undefined
  /** Not shown (the calm shell has no banner at start): the main process checks the cache's age with it. */
  confirmedOnlineAt: number
}

export interface FirstFrameLayout {
  /** The remembered choice (electron/main/sidebar-setting.ts), or a window too narrow for labels. */
  sidebarCollapsed: boolean
}

export type FirstFrameInput =
  | { kind: 'neutral'; appearance: AppearanceMode; platform: DevicePlatform }
  | {
      kind: 'signed-in'
      user: FirstFrameUser
      appearance: AppearanceMode
      platform: DevicePlatform
      layout: FirstFrameLayout
      /** The document's path (`/devices`), so the sidebar marks the same page the router will. */
      pathname: string
      now: number
    }

/** Where index.html wants the frame: inside #root, which React empties at its first commit. */
export const FIRST_FRAME_SLOT = '<!--harbor:first-frame-->'

/**
 * The header's status indicator before the session machine knows more: the session is `connecting`, which the
 * calm shell shows as syncing with no banner (renderer/src/shell/connection-status.ts, STATUS_LABEL).
 */
export const FIRST_FRAME_STATUS_LABEL = 'Syncing… – open Diagnostics'

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

/** The account button's accessible name: the same words as renderer/src/shell/UserMenu.tsx (visible text first). */
export function accountButtonLabel(user: Pick<FirstFrameUser, 'name' | 'email'>): string {
  return `${initialsOf(user)} ${displayNameOf(user)} – Account menu`
}

// The sidebar's pages, as renderer/src/shell/Navigation.tsx lists them (Diagnostics is not in the nav).
const NAVIGATION: Array<{
  to: string
  label: string
  icon: keyof typeof FIRST_FRAME_ICONS
  matches: RouteName[]
}> = [
  { to: STATIC_ROUTE_PATHS.profile, label: 'Profile', icon: 'UserRound', matches: ['home', 'profile'] },
  {
    to: STATIC_ROUTE_PATHS.devices,
    label: 'Devices',
    icon: 'MonitorSmartphone',
    matches: ['devices', 'device'],
  },
  { to: STATIC_ROUTE_PATHS.settings, label: 'Settings', icon: 'Settings', matches: ['settings'] },
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
  const collapsed = layout.sidebarCollapsed
  const name = escapeHtml(displayNameOf(user))
  const route = currentRoute(input.pathname)
  const links = NAVIGATION.map((item) => {
    const current = route !== null && item.matches.includes(route) ? ' aria-current="page"' : ''
    return (
      `<li><a href="${item.to}" class="nav-item"${current}>` +
      iconMarkup(FIRST_FRAME_ICONS[item.icon], { size: 18, strokeWidth: 1.75, className: 'nav-icon' }) +
      `<span class="nav-label">${item.label}</span></a></li>`
    )
  }).join('')
  const toggleIcon = collapsed ? FIRST_FRAME_ICONS.PanelLeftOpen : FIRST_FRAME_ICONS.PanelLeftClose
  // Attributes the shell does not carry (data-first-frame, data-appearance) sit on the outer frame only, and the
  // `data-testid` hooks tests wait on are left to React: they mean "React is attached". No offline banner: the
  // calm shell shows none while connecting (renderer/src/session/calm-status.ts).
  return (
    `<div class="window-frame" data-first-frame="signed-in" data-appearance="${escapeHtml(input.appearance)}">` +
    `<div class="window-frame-content">` +
    `<div class="shell" data-mode="offline" data-sidebar="${collapsed ? 'collapsed' : 'expanded'}">` +
    `<a class="skip-link" href="#content">Skip to content</a>` +
    `<header class="header">` +
    `<button type="button" class="icon-button sidebar-toggle" aria-label="${collapsed ? 'Expand sidebar' : 'Collapse sidebar'}" aria-expanded="${collapsed ? 'false' : 'true'}" aria-controls="sidebar">` +
    iconMarkup(toggleIcon, { size: 18, strokeWidth: 1.75 }) +
    `</button>` +
    `<div class="header-end">` +
    `<button type="button" class="status-indicator" data-status="syncing" aria-label="${FIRST_FRAME_STATUS_LABEL}" title="${FIRST_FRAME_STATUS_LABEL}">` +
    iconMarkup(FIRST_FRAME_ICONS.RefreshCw, { size: 16, strokeWidth: 2 }) +
    `</button>` +
    `<div class="user-menu"><button type="button" class="user-menu-button" aria-haspopup="menu" aria-expanded="false" aria-label="${escapeHtml(accountButtonLabel(user))}">` +
    // The space between initials and name is the UserMenu's too: the button's text reads "GH Grace Hopper".
    `<span class="avatar avatar-initials" aria-hidden="true">${escapeHtml(initialsOf(user))}</span> ` +
    `<span class="user-name">${name}</span></button></div>` +
    `</div></header>` +
    `<div class="body"><nav class="sidebar" id="sidebar" aria-label="Main" data-collapsed="${collapsed ? 'true' : 'false'}"><ul class="sidebar-list">${links}</ul></nav>` +
    `<main class="content" id="content" tabindex="0"></main></div>` +
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
  const filled = html.slice(0, at) + renderFirstFrame(input) + html.slice(at + FIRST_FRAME_SLOT.length)
  return withPlatform(filled, input.platform)
}

const HTML_TAG = /<html(?=[\s>])/i

/**
 * `<html data-platform>` in the document itself, so the first paint already has the OS's fonts and title-bar
 * room (styles.css keys them on it); renderer/src/shell/WindowFrame.tsx sets the same value again from the
 * browser, which then changes nothing. A page without an `<html>` tag (valid HTML, not our build's) is left as
 * it is: WindowFrame marks it before React's first paint.
 */
export function withPlatform(html: string, platform: DevicePlatform): string {
  return html.replace(HTML_TAG, `<html data-platform="${escapeHtml(platform)}"`)
}
