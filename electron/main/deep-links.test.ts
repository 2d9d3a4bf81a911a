import { describe, expect, it } from 'vitest'
import { describeLinkForLog, linksInArgv, MAX_LINK_LENGTH, parseAppLink } from './deep-links'

const S = 'harbor'
const ID = 'device_ABC-123'

describe('parseAppLink: accepted routes', () => {
  it.each([
    ['harbor://renderer', { name: 'home' }],
    ['harbor://renderer/', { name: 'home' }],
    ['harbor://renderer/profile', { name: 'profile' }],
    ['harbor://renderer/devices', { name: 'devices' }],
    ['harbor://renderer/devices/', { name: 'devices' }],
    [`harbor://renderer/devices/${ID}`, { name: 'device', deviceId: ID }],
    [
      'harbor://renderer/devices/0f8fad5b-d9cb-469f-a165-70867728950e',
      { name: 'device', deviceId: '0f8fad5b-d9cb-469f-a165-70867728950e' },
    ],
    ['harbor://renderer/settings', { name: 'settings' }],
    ['harbor://renderer/diagnostics', { name: 'diagnostics' }],
    ['HARBOR://renderer/settings', { name: 'settings' }],
  ])('%s', (raw, route) => {
    expect(parseAppLink(raw, S)).toEqual({ kind: 'route', route })
  })

  it('uses the scheme it is given (dev builds have their own)', () => {
    expect(parseAppLink('harbor-dev://renderer/profile', 'harbor-dev')).toEqual({
      kind: 'route',
      route: { name: 'profile' },
    })
    expect(parseAppLink('harbor://renderer/profile', 'harbor-dev').kind).toBe('rejected')
  })
})

describe('parseAppLink: Clerk OAuth callback', () => {
  // The bridge's redirect URL is `${scheme}://${host}/` (node_modules/@clerk/electron/dist: buildRedirectUrl);
  // Clerk appends its result as a query string.
  it.each([
    'harbor://renderer/?rotating_token_nonce=abc',
    'harbor://renderer/?__clerk_status=verified&__clerk_created_session=sess_1',
    'harbor://renderer/?',
    'harbor://renderer/#frag',
  ])('%s is a callback, not a route', (raw) => {
    expect(parseAppLink(raw, S)).toEqual({ kind: 'oauth-callback', url: new URL(raw).href })
  })

  it('a query without the root path is not a callback', () => {
    expect(parseAppLink('harbor://renderer?code=1', S)).toEqual({
      kind: 'rejected',
      reason: 'OAuth callback must use the path /',
    })
  })
})

const hostile: Array<[string, string]> = [
  // wrong scheme
  ['https://renderer/profile', 'does not start with'],
  ['http://renderer/', 'does not start with'],
  ['file:///etc/passwd', 'does not start with'],
  ['javascript:alert(1)', 'does not start with'],
  ['data:text/html,<script>alert(1)</script>', 'does not start with'],
  ['harbo://renderer/', 'does not start with'],
  ['harborx://renderer/', 'does not start with'],
  ['harbor-dev://renderer/', 'does not start with'],
  ['xharbor://renderer/', 'does not start with'],
  ['harbor:renderer/profile', 'does not start with'],
  ['harbor:/renderer/profile', 'does not start with'],
  ['harbor:\\\\renderer\\profile', 'backslash'],
  ['//renderer/profile', 'does not start with'],
  ['renderer/profile', 'does not start with'],
  ['/profile', 'does not start with'],
  // wrong host
  ['harbor:///profile', 'wrong host'],
  ['harbor:///renderer/profile', 'wrong host'],
  ['harbor://evil/profile', 'wrong host'],
  ['harbor://evil.com/profile', 'wrong host'],
  ['harbor://RENDERER/profile', 'wrong host'],
  ['harbor://Renderer/', 'wrong host'],
  ['harbor://renderer./profile', 'wrong host'],
  ['harbor://renderer.evil.com/profile', 'wrong host'],
  ['harbor://rend%65rer/profile', 'wrong host'],
  ['harbor://%72enderer/', 'wrong host'],
  ['harbor://127.0.0.1/profile', 'wrong host'],
  ['harbor://[::1]/profile', 'port|wrong host'],
  ['harbor://localhost/profile', 'wrong host'],
  ['harbor://xn--rnderer-9za/', 'wrong host'],
  ['harbor://rendererx/', 'wrong host'],
  // credentials and ports
  ['harbor://user@renderer/profile', 'credentials'],
  ['harbor://user:pass@renderer/profile', 'credentials'],
  ['harbor://:pass@renderer/', 'credentials'],
  ['harbor://@renderer/', 'credentials'],
  ['harbor://renderer@evil/', 'credentials'],
  ['harbor://evil@renderer/', 'credentials'],
  ['harbor://renderer:80/profile', 'port'],
  ['harbor://renderer:443/', 'port'],
  ['harbor://renderer:0/', 'port'],
  ['harbor://renderer:/', 'port'],
  ['harbor://renderer:99999/', 'not a valid URL'],
  // unknown routes
  ['harbor://renderer/admin', 'unknown route'],
  ['harbor://renderer/Profile', 'unknown route'],
  ['harbor://renderer/PROFILE', 'unknown route'],
  ['harbor://renderer/profile/edit', 'unknown route'],
  ['harbor://renderer/settings/advanced', 'unknown route'],
  ['harbor://renderer/devices/abcdefgh/extra', 'unknown route'],
  ['harbor://renderer/device/abcdefgh', 'unknown route'],
  ['harbor://renderer/constructor', 'unknown route'],
  ['harbor://renderer/__proto__', 'unknown route'],
  ['harbor://renderer/toString', 'unknown route'],
  ['harbor://renderer/hasOwnProperty', 'unknown route'],
  ['harbor://renderer/home', 'unknown route'],
  ['harbor://renderer/index.html', 'unexpected characters'],
  // malformed device ids
  ['harbor://renderer/devices/short', 'device id'],
  ['harbor://renderer/devices/1234567', 'device id'],
  [`harbor://renderer/devices/${'a'.repeat(65)}`, 'device id'],
  ['harbor://renderer/devices/abc.defgh', 'unexpected characters'],
  ['harbor://renderer/devices/abc%20defgh', 'unexpected characters'],
  ['harbor://renderer/devices/abcdefgh%00', 'unexpected characters'],
  ['harbor://renderer/devices/<script>x', 'not a valid URL|unexpected characters|canonical'],
  ['harbor://renderer/devices/abc"defgh', 'canonical|unexpected characters'],
  ["harbor://renderer/devices/abc'defgh", 'unexpected characters'],
  ['harbor://renderer/devices/abc;defgh', 'unexpected characters'],
  ['harbor://renderer/devices/abc$defgh', 'unexpected characters'],
  ['harbor://renderer/devices/ab+cdefgh', 'unexpected characters'],
  ['harbor://renderer/devices/ab~cdefgh', 'unexpected characters'],
  ['harbor://renderer/devices/ab@cdefgh', 'unexpected characters'],
  ['harbor://renderer/devices/ab:cdefgh', 'unexpected characters'],
  ['harbor://renderer/devices/%61bcdefgh', 'unexpected characters'],
  ['harbor://renderer/devices/abcdéfgh', 'canonical|unexpected characters'],
  // path tricks: dot segments, encodings, doubled slashes
  ['harbor://renderer/devices/../settings', 'canonical'],
  ['harbor://renderer/./profile', 'canonical'],
  ['harbor://renderer/profile/.', 'canonical'],
  ['harbor://renderer/profile/..', 'canonical'],
  ['harbor://renderer/%2e%2e/profile', 'canonical'],
  ['harbor://renderer/%2E%2E/profile', 'canonical'],
  ['harbor://renderer/.%2e/profile', 'canonical'],
  ['harbor://renderer/%2e/profile', 'canonical'],
  ['harbor://renderer/%252e%252e/profile', 'unexpected characters'],
  ['harbor://renderer/devices%2fabcdefgh', 'unexpected characters'],
  ['harbor://renderer/devices%2Fabcdefgh', 'unexpected characters'],
  ['harbor://renderer/%70rofile', 'unexpected characters'],
  ['harbor://renderer//profile', 'unexpected characters'],
  ['harbor://renderer///', 'unexpected characters'],
  ['harbor://renderer/profile//', 'unexpected characters'],
  ['harbor://renderer/devices//abcdefgh', 'unexpected characters'],
  ['harbor://renderer/profile\\..\\settings', 'backslash'],
  ['harbor://renderer\\profile', 'backslash'],
  ['harbor://renderer/%5c..%5csettings', 'unexpected characters'],
  ['harbor://renderer/profile;jsessionid=1', 'unexpected characters'],
  ['harbor://renderer/C:/Windows', 'unexpected characters'],
  // queries and fragments on routes
  ['harbor://renderer/profile?x=1', 'no query'],
  ['harbor://renderer/profile#top', 'no query'],
  ['harbor://renderer/profile?', 'no query'],
  ['harbor://renderer/devices/abcdefgh?redirect=https://evil.com', 'no query'],
  // control characters and whitespace
  ['harbor://renderer/profile\u0000', 'control characters'],
  ['harbor://renderer/pro\u0000file', 'control characters'],
  ['harbor://renderer/profile\n', 'control characters'],
  ['harbor://renderer/pro\nfile', 'control characters'],
  ['harbor://renderer/pro\rfile', 'control characters'],
  ['harbor://renderer/pro\tfile', 'control characters'],
  ['harbor://ren\tderer/profile', 'control characters'],
  [' harbor://renderer/profile', 'control characters'],
  ['harbor://renderer/profile ', 'control characters'],
  ['harbor://renderer/pro file', 'control characters'],
  ['harbor://renderer/profile\u007f', 'control characters'],
  ['harbor://renderer/profile\u0085', 'control characters'],
  ['harbor://renderer/profile\u00a0', 'control characters'],
  ['harbor://renderer/profile\u200b', 'control characters'],
  ['harbor://renderer/profile\u202e', 'control characters'],
  ['harbor://renderer/profile\u2028', 'control characters'],
  ['harbor://renderer/profile\ufeff', 'control characters'],
  ['\ufeffharbor://renderer/profile', 'control characters'],
  ['harbor://renderer/profile\u001b[31m', 'control characters'],
  // empty and oversized
  ['', 'empty'],
  [`harbor://renderer/devices/${'a'.repeat(MAX_LINK_LENGTH)}`, 'longer than'],
  [`harbor://renderer/?x=${'a'.repeat(MAX_LINK_LENGTH)}`, 'longer than'],
  // look-alikes
  ['harbor://renderer/pr%C3%B6file', 'unexpected characters'],
  ['harbor://rеnderer/profile', 'wrong host'], // Cyrillic е
  ['harbor://renderer／profile', 'wrong host'], // full-width slash
]

describe('parseAppLink: hostile inputs', () => {
  it('has at least 100 hostile cases', () => {
    expect(hostile.length).toBeGreaterThanOrEqual(100)
  })

  it.each(hostile)('%j is rejected (%s)', (raw, reason) => {
    const link = parseAppLink(raw, S)
    expect(link.kind).toBe('rejected')
    if (link.kind === 'rejected') expect(link.reason).toMatch(new RegExp(reason))
  })

  it.each([null, undefined, 42, {}, ['harbor://renderer/'], { toString: () => 'harbor://renderer/' }])(
    'non-string %j is rejected',
    (value) => {
      expect(parseAppLink(value as unknown as string, S)).toEqual({
        kind: 'rejected',
        reason: 'link is not a string',
      })
    },
  )
})

describe('linksInArgv', () => {
  it('keeps only arguments in our scheme, in order', () => {
    const argv = [
      '/opt/Harbor/harbor',
      '--no-sandbox',
      'harbor://renderer/profile',
      '.',
      'https://x.com',
      'HARBOR://renderer/',
    ]
    expect(linksInArgv(argv, 'harbor')).toEqual(['harbor://renderer/profile', 'HARBOR://renderer/'])
  })

  it('does not confuse a longer scheme with ours', () => {
    expect(linksInArgv(['harbor-dev://renderer/'], 'harbor')).toEqual([])
  })
})

describe('describeLinkForLog', () => {
  it('never includes the query or fragment', () => {
    const text = describeLinkForLog('harbor://renderer/?rotating_token_nonce=SECRET#also')
    expect(text).toBe('harbor://renderer/?<redacted>')
    expect(text).not.toContain('SECRET')
  })

  it('neutralises control characters and truncates', () => {
    // eslint-disable-next-line no-control-regex -- asserting their absence
    expect(describeLinkForLog('harbor://x/\u001b[31m\nline')).not.toMatch(/[\u0000-\u001f]/)
    expect(describeLinkForLog(`harbor://${'a'.repeat(500)}`).length).toBeLessThanOrEqual(203)
  })
})
