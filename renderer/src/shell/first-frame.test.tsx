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

// Attributes that carry layout or meaning; test hooks and the snapshot's own markers are not layout.
const KEPT = [
  'class',
  'role',
  'aria-label',
  'aria-current',
  'aria-haspopup',
  'aria-hidden',
  'href',
  'id',
  'type',
  'disabled',
]

interface Skeleton {
  tag: string
  attributes: Record<string, string>
  text: string
  children: Skeleton[]
}

function skeleton(element: Element): Skeleton {
  const attributes: Record<string, string> = {}
  for (const name of KEPT) {
    const value = element.getAttribute(name)
    if (value !== null) attributes[name] = value
  }
  const isPage = element.id === 'content'
  return {
    tag: element.tagName.toLowerCase(),
    attributes,
    // The page's own content is React's alone: the snapshot leaves the page box empty.
    text: isPage ? '' : element.children.length === 0 ? (element.textContent ?? '') : '',
    children: isPage ? [] : [...element.children].map(skeleton),
  }
}

for (const path of ['/', '/devices', '/settings']) {
  it(`the first frame at ${path} is the shell React renders first from the cache`, async () => {
    window.history.replaceState(null, '', path)
    // Clerk's API is never reached here: the session stays "connecting", as in the window's first frame.
    vi.stubGlobal('fetch', () => new Promise(() => undefined))
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
    )
    await act(async () => undefined)
    const reactFrame = container.querySelector('.window-frame')
    expect(reactFrame?.querySelector('[data-testid="app-shell"][data-mode="offline"]')).not.toBeNull()

    const snapshot = document.createElement('div')
    snapshot.innerHTML = renderFirstFrame({
      kind: 'signed-in',
      user: { name: user.profile.name, email: user.profile.email, confirmedOnlineAt: user.confirmedOnlineAt },
      appearance: 'system',
      layout: { sidebarCollapsed: false },
      pathname: path,
      now: NOW,
    })
    expect(skeleton(snapshot.firstElementChild!)).toEqual(skeleton(reactFrame!))
  })
}
