// The first frame (electron/shared/first-frame.ts) is hand-written markup of the shell's first render from the
// cache. This compares the two element by element (tags, classes, roles, labels, links, text) above the page
// content, so a change to the shell's layout that the snapshot does not follow fails here, before a browser
// test measures the shift (tests/browser/first-frame.test.ts).
import { act, cleanup, render } from '@testing-library/react'
import { afterEach, expect, it, vi } from 'vitest'
import type { LastKnownUser, LastKnownUserRead } from '../../../electron/shared/contract'
import { renderFirstFrame } from '../../../electron/shared/first-frame'
import { MAX_OFFLINE_AGE_MS } from '../../../electron/shared/rules/limits'
import { SessionRoot } from '../session/SessionRoot'
import { WindowRoot } from '../WindowRoot'

const NOW = Date.now()
const user: LastKnownUser = {
  version: 1,
  clerkUserId: 'user_2firstFrameDrift000000000',
  profile: { name: 'Grace Brewster Hopper', email: 'grace@example.com' },
  devices: [],
  confirmedOnlineAt: NOW - 3 * 3_600_000,
}
const read: LastKnownUserRead = { status: 'valid', user, ageMs: 3 * 3_600_000, maxAgeMs: MAX_OFFLINE_AGE_MS }

afterEach(() => {
  cleanup()
  vi.unstubAllGlobals()
})

// Attributes that carry layout or meaning (the icons' geometry too); test hooks and the snapshot's own markers
// are not layout.
const KEPT = [
  'class',
  'role',
  'aria-label',
  'aria-current',
  'aria-haspopup',
  'aria-expanded',
  'aria-controls',
  'aria-hidden',
  'title',
  'href',
  'id',
  'type',
  'disabled',
  'tabindex',
  'focusable',
  'data-mode',
  'data-sidebar',
  'data-collapsed',
  'data-status',
  // svg and its shapes
  'xmlns',
  'width',
  'height',
  'viewBox',
  'fill',
  'stroke',
  'stroke-width',
  'stroke-linecap',
  'stroke-linejoin',
  'd',
  'cx',
  'cy',
  'r',
  'x',
  'y',
  'rx',
]

interface Skeleton {
  tag: string
  attributes: Record<string, string>
  /** Elements and text in order: text between elements (a space between the initials and the name) counts too,
   * as it does for inline layout and for the accessible name. */
  children: Array<Skeleton | string>
}

function skeleton(element: Element): Skeleton {
  const attributes: Record<string, string> = {}
  for (const name of KEPT) {
    const value = element.getAttribute(name)
    if (value !== null) attributes[name] = value
  }
  // The page's own content is React's alone: the snapshot leaves the page box empty.
  const isPage = element.id === 'content'
  const children: Array<Skeleton | string> = []
  for (const node of isPage ? [] : element.childNodes) {
    if (node.nodeType === Node.ELEMENT_NODE) children.push(skeleton(node as Element))
    else if (node.nodeType === Node.TEXT_NODE) {
      // React may split one text into several nodes; the document has it as one.
      const text = node.textContent ?? ''
      if (typeof children.at(-1) === 'string') children[children.length - 1] += text
      else if (text !== '') children.push(text)
    }
  }
  return { tag: element.tagName.toLowerCase(), attributes, children }
}

const CASES = [
  { path: '/', collapsed: false },
  { path: '/devices', collapsed: false },
  { path: '/settings', collapsed: false },
  { path: '/devices/abcdefgh', collapsed: true },
  { path: '/profile', collapsed: true },
]

for (const { path, collapsed } of CASES) {
  it(`the first frame at ${path} (sidebar ${collapsed ? 'collapsed' : 'expanded'}) is the shell React renders first from the cache`, async () => {
    window.history.replaceState(null, '', path)
    // Clerk's API is never reached here: the session stays "connecting", as in the window's first frame.
    vi.stubGlobal('fetch', () => new Promise(() => undefined))
    // As in the window: #root holds the frame main served, and React's first render replaces it.
    const root = document.body.appendChild(document.createElement('div'))
    root.innerHTML = renderFirstFrame({
      kind: 'signed-in',
      user: { name: user.profile.name, email: user.profile.email, confirmedOnlineAt: user.confirmedOnlineAt },
      appearance: 'system',
      platform: 'linux',
      layout: { sidebarCollapsed: collapsed },
      pathname: path,
      now: NOW,
    })
    const snapshot = skeleton(root.firstElementChild!)
    const { container } = render(
      <WindowRoot>
        <SessionRoot
          frontendApiHost="clerk.example.test"
          publishableKey="pk_test_Y2xlcmsuZXhhbXBsZS50ZXN0JA"
          convexUrl="https://example-123.convex.cloud"
          cacheRead={Promise.resolve(read)}
          settledCacheRead={read}
          deviceInfo={Promise.resolve(null)}
          carried={{ retryFailures: 0, notice: null }}
          loadConnected={() => new Promise(() => undefined)}
        />
      </WindowRoot>,
      { container: root },
    )
    await act(async () => undefined)
    expect(container.querySelector('[data-first-frame]')).toBeNull()
    const reactFrame = container.querySelector('.window-frame')
    const shell = reactFrame?.querySelector('[data-testid="app-shell"][data-mode="offline"]')
    expect(shell?.getAttribute('data-sidebar')).toBe(collapsed ? 'collapsed' : 'expanded')
    // Calm status: connecting shows no banner, in React as in the frame.
    expect(reactFrame?.querySelector('.offline-banner')).toBeNull()
    expect(snapshot).toEqual(skeleton(reactFrame!))
  })
}
