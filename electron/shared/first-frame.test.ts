import { describe, expect, it } from 'vitest'
import {
  escapeHtml,
  FIRST_FRAME_SLOT,
  fillFirstFrame,
  initialsOf,
  renderFirstFrame,
  type FirstFrameInput,
} from './first-frame'

const NOW = Date.UTC(2026, 11, 1, 12)
const signedIn = (
  overrides: Partial<Extract<FirstFrameInput, { kind: 'signed-in' }>> = {},
): FirstFrameInput => ({
  kind: 'signed-in',
  user: { name: 'Grace Hopper', email: 'grace@example.com', confirmedOnlineAt: NOW - 3 * 3_600_000 },
  appearance: 'system',
  layout: { sidebarCollapsed: false },
  pathname: '/',
  now: NOW,
  ...overrides,
})

/** Every element's opening tag, in document order: what markup the frame really contains. */
const tags = (html: string) => [...html.matchAll(/<([a-z]+)[\s>]/g)].map((match) => match[1])

describe('renderFirstFrame', () => {
  it('paints the offline shell with the name, initials, the last-synced age and the current page', () => {
    const html = renderFirstFrame(signedIn({ pathname: '/devices/abcdefgh' }))
    expect(html).toContain('<span class="user-name">Grace Hopper</span>')
    expect(html).toContain('aria-label="Account menu for Grace Hopper"')
    expect(html).toContain('>GH</span>')
    expect(html).toContain('Last synced 3 hours ago.')
    expect(html).toContain('<a href="/devices" aria-current="page">Devices</a>')
    expect(html.match(/aria-current/g)).toHaveLength(1)
    expect(html).toContain('data-first-frame="signed-in"')
    // The hooks tests use to know React is attached stay React's.
    expect(html).not.toContain('data-testid')
  })

  it('marks no page for an unknown path and Profile for the home path', () => {
    expect(renderFirstFrame(signedIn({ pathname: '/nowhere' }))).not.toContain('aria-current')
    expect(renderFirstFrame(signedIn({ pathname: '/' }))).toContain(
      '<a href="/profile" aria-current="page">Profile</a>',
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

  it('carries the remembered layout', () => {
    expect(renderFirstFrame(signedIn())).not.toContain('data-sidebar')
    expect(renderFirstFrame(signedIn({ layout: { sidebarCollapsed: true } }))).toContain(
      'data-sidebar="collapsed"',
    )
  })

  it('is empty when neutral: no user data, no shell', () => {
    expect(renderFirstFrame({ kind: 'neutral', appearance: 'dark' })).toBe('')
  })
})

describe('fillFirstFrame', () => {
  it('puts the frame into the slot and nowhere else', () => {
    const html = `<body><div id="root">${FIRST_FRAME_SLOT}</div><script type="module" src="./a.js"></script></body>`
    const filled = fillFirstFrame(html, signedIn())
    expect(filled).not.toContain(FIRST_FRAME_SLOT)
    expect(filled.startsWith('<body><div id="root"><div class="window-frame"')).toBe(true)
    expect(filled.endsWith('</div><script type="module" src="./a.js"></script></body>')).toBe(true)
    expect(fillFirstFrame(html, { kind: 'neutral', appearance: 'system' })).toBe(
      '<body><div id="root"></div><script type="module" src="./a.js"></script></body>',
    )
  })

  it('refuses a page without the slot, with the reason', () => {
    expect(() => fillFirstFrame('<div id="root"></div>', signedIn())).toThrow(
      /no <!--harbor:first-frame--> slot/,
    )
  })
})

it('escapeHtml escapes the five characters that matter and nothing else', () => {
  expect(escapeHtml(`<a href="x">'&'</a> é…`)).toBe(
    '&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt; é…',
  )
})
