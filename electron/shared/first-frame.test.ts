import { describe, expect, it } from 'vitest'
import { FIRST_FRAME_ICONS } from './first-frame-icons'
import {
  escapeHtml,
  FIRST_FRAME_SLOT,
  fillFirstFrame,
  initialsOf,
  renderFirstFrame,
  type FirstFrameInput,
  withPlatform,
} from './first-frame'

const NOW = Date.UTC(2026, 11, 1, 12)
const signedIn = (
  overrides: Partial<Extract<FirstFrameInput, { kind: 'signed-in' }>> = {},
): FirstFrameInput => ({
  kind: 'signed-in',
  user: { name: 'Grace Hopper', email: 'grace@example.com', confirmedOnlineAt: NOW - 3 * 3_600_000 },
  appearance: 'system',
  platform: 'linux',
  layout: { sidebarCollapsed: false },
  pathname: '/',
  now: NOW,
  ...overrides,
})

/** Every element's opening tag, in document order: what markup the frame really contains. */
const tags = (html: string) => [...html.matchAll(/<([a-z]+)[\s>]/g)].map((match) => match[1])

describe('renderFirstFrame', () => {
  it('paints the calm shell: name, initials, the account button’s name, syncing status, no banner, the current page', () => {
    const html = renderFirstFrame(signedIn({ pathname: '/devices/abcdefgh' }))
    expect(html).toContain('<span class="user-name">Grace Hopper</span>')
    expect(html).toContain('aria-label="GH Grace Hopper – Account menu"')
    expect(html).toContain('>GH</span>')
    expect(html).toContain('class="status-indicator" data-status="syncing"')
    expect(html).not.toContain('offline-banner')
    expect(html).not.toContain('Last synced')
    expect(html).toMatch(
      /<a href="\/devices" class="nav-item" aria-current="page"><svg [^>]*lucide-monitor-smartphone/,
    )
    expect(html).toContain('<span class="nav-label">Devices</span>')
    expect(html.match(/aria-current/g)).toHaveLength(1)
    // Diagnostics is reached from the status indicator, not the sidebar.
    expect(html).not.toContain('href="/diagnostics"')
    expect(html).toContain('data-first-frame="signed-in"')
    // The hooks tests use to know React is attached stay React's.
    expect(html).not.toContain('data-testid')
  })

  it('marks no page for an unknown path and Profile for the home path', () => {
    expect(renderFirstFrame(signedIn({ pathname: '/nowhere' }))).not.toContain('aria-current')
    expect(renderFirstFrame(signedIn({ pathname: '/' }))).toContain(
      '<a href="/profile" class="nav-item" aria-current="page">',
    )
  })

  it('turns a hostile name into text: no element, no attribute break-out', () => {
    const hostile = '</span></div><script>alert(1)</script><img src=x onerror=alert(2)>" onclick="x\' &amp;'
    const html = renderFirstFrame(signedIn({ user: { name: hostile, confirmedOnlineAt: NOW } }))
    expect(html).not.toContain('<script')
    expect(html).not.toContain('<img')
    expect(html).not.toContain('" onclick')
    expect(tags(html)).toEqual(tags(renderFirstFrame(signedIn())))
    expect(html).toContain(
      '&lt;/span&gt;&lt;/div&gt;&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;&quot; onclick=&quot;x&#39; &amp;amp;',
    )
  })

  it('falls back like the user menu: email, then "Account"; initials from the email', () => {
    const emailOnly = renderFirstFrame(
      signedIn({ user: { email: 'ada@example.com', confirmedOnlineAt: NOW } }),
    )
    expect(emailOnly).toContain('<span class="user-name">ada@example.com</span>')
    expect(emailOnly).toContain('>AD</span>')
    const nothing = renderFirstFrame(signedIn({ user: { confirmedOnlineAt: NOW } }))
    expect(nothing).toContain('<span class="user-name">Account</span>')
    expect(initialsOf({})).toBe('?')
  })

  it('carries the remembered layout: the shell, the sidebar and the toggle agree', () => {
    const expanded = renderFirstFrame(signedIn())
    expect(expanded).toContain('data-sidebar="expanded"')
    expect(expanded).toContain('data-collapsed="false"')
    expect(expanded).toContain('aria-label="Collapse sidebar" aria-expanded="true" aria-controls="sidebar"')
    expect(expanded).toContain('lucide-panel-left-close')
    const collapsed = renderFirstFrame(signedIn({ layout: { sidebarCollapsed: true } }))
    expect(collapsed).toContain('data-sidebar="collapsed"')
    expect(collapsed).toContain('data-collapsed="true"')
    expect(collapsed).toContain('aria-label="Expand sidebar" aria-expanded="false"')
    expect(collapsed).toContain('lucide-panel-left-open')
  })

  it('is empty when neutral: no user data, no shell', () => {
    expect(renderFirstFrame({ kind: 'neutral', appearance: 'dark', platform: 'macos' })).toBe('')
  })
})

describe('fillFirstFrame', () => {
  const page = (root: string) =>
    `<html lang="en"><body><div id="root">${root}</div><script type="module" src="./a.js"></script></body></html>`

  it('puts the frame into the slot and nowhere else, and the platform on <html>', () => {
    const filled = fillFirstFrame(page(FIRST_FRAME_SLOT), signedIn())
    expect(filled).not.toContain(FIRST_FRAME_SLOT)
    expect(
      filled.startsWith(
        '<html data-platform="linux" lang="en"><body><div id="root"><div class="window-frame"',
      ),
    ).toBe(true)
    expect(filled.endsWith('</div><script type="module" src="./a.js"></script></body></html>')).toBe(true)
    expect(
      fillFirstFrame(page(FIRST_FRAME_SLOT), { kind: 'neutral', appearance: 'system', platform: 'windows' }),
    ).toBe(page('').replace('<html', '<html data-platform="windows"'))
  })

  it('refuses a page without the slot, with the reason', () => {
    expect(() => fillFirstFrame('<html><div id="root"></div></html>', signedIn())).toThrow(
      /no <!--harbor:first-frame--> slot/,
    )
  })

  it('withPlatform marks only the html element, not a look-alike tag; no <html> tag, no change', () => {
    expect(withPlatform('<htmlx></htmlx><html>', 'macos')).toBe('<htmlx></htmlx><html data-platform="macos">')
    expect(withPlatform('<HTML lang="en">', 'windows')).toBe('<html data-platform="windows" lang="en">')
    expect(withPlatform('<div id="root"></div>', 'linux')).toBe('<div id="root"></div>')
  })
})

it('escapeHtml escapes the five characters that matter and nothing else', () => {
  expect(escapeHtml(`<a href="x">'&'</a> é…`)).toBe(
    '&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt; é…',
  )
})

describe('the icons', () => {
  // lucide-react's per-icon modules carry their data as `__iconData` (not in its types).
  const lucide = async (name: string) =>
    (
      (await import(`lucide-react/icons/${name}`)) as {
        __iconData: { node: Array<[string, Record<string, string>]> }
      }
    ).__iconData.node.map(([tag, { key: _key, ...attributes }]) => [tag, attributes])

  for (const [exported, icon] of Object.entries(FIRST_FRAME_ICONS)) {
    it(`${exported} is lucide's ${icon.names[0]}`, async () => {
      expect(icon.node).toEqual(await lucide(icon.names[0]!))
    })
  }
})
